//! The hash chain: each entry carries the SHA-256 of its predecessor, and its own hash is that
//! of its export line without the final `"hash"` member.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::event::Event;
use crate::{Error, Result};

/// A SHA-256 digest, written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hash([u8; 32]);
crate::persist::persist_struct!(Hash(0));


impl Hash {
    /// The predecessor hash of the first entry.
    pub const GENESIS: Hash = Hash([0; 32]);

    /// The digest bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64 lowercase hex digits.
    pub(super) fn to_hex(self) -> [u8; 64] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let digit = |nibble: u8| HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
        let mut text = [0u8; 64];
        for (pair, b) in text.chunks_exact_mut(2).zip(self.0) {
            if let [high, low] = pair {
                (*high, *low) = (digit(b >> 4), digit(b & 0xf));
            }
        }
        text
    }

    pub(super) fn from_hex(text: &str) -> Option<Hash> {
        /// Value of each lowercase hex digit; 0xff for every other byte.
        // Evaluated at compile time, over 16 fixed indexes.
        #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
        const NIBBLE: [u8; 256] = {
            let mut table = [0xff; 256];
            let mut i = 0;
            while i < 16 {
                table[b"0123456789abcdef"[i] as usize] = i as u8;
                i += 1;
            }
            table
        };
        let bytes: &[u8; 64] = text.as_bytes().try_into().ok()?;
        let mut out = [0u8; 32];
        let mut invalid = 0u8;
        let nibble = |byte: u8| NIBBLE.get(usize::from(byte)).copied().unwrap_or(0xff);
        for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            let [high, low] = [pair.first(), pair.get(1)].map(|b| b.map_or(0xff, |b| nibble(*b)));
            invalid |= (high | low) & 0xf0;
            *slot = high << 4 | (low & 0x0f);
        }
        (invalid == 0).then_some(Hash(out))
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.to_hex()).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({self})")
    }
}

impl Serialize for Hash {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(std::str::from_utf8(&self.to_hex()).map_err(serde::ser::Error::custom)?)
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_str(crate::timestamp::StrVisitor("a hash of 64 lowercase hex digits", Hash::from_hex))
    }
}

/// An event in its place in the chain (serialised with the event's fields flattened, as
/// its export line reads).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Entry {
    #[serde(flatten)]
    /// The event.
    pub event: Event,
    /// The hash of the entry before (zero for the first).
    pub prev_hash: Hash,
    /// The entry's hash: SHA-256 of the event with `prev_hash`, in canonical form.
    pub hash: Hash,
}
crate::persist::persist_struct!(Entry { event, prev_hash, hash });


/// Hashes an event in its place in the chain. What is hashed is the compact JSON object
/// `{"id","recorded_at","actor","payload","prev_hash"}`, in that order: the export line without
/// its final `"hash"` member. `scratch` is left holding it, so [`write_line`] makes the line
/// without serialising again. Keys, timestamp and hex need no escaping and are written directly.
pub(super) fn chain_hash(event: &Event, prev_hash: &Hash, scratch: &mut Vec<u8>) -> Hash {
    write_hashed_json(event, prev_hash, scratch);
    Hash(Sha256::digest(scratch.as_slice()).into())
}

/// The hash of an entry whose export line, up to its `"hash"` member, is `line_start` (see
/// [`write_line`]): what [`chain_hash`] hashes is that, closed.
pub(super) fn hash_of_line_start(line_start: &[u8]) -> Hash {
    Hash(Sha256::new().chain_update(line_start).chain_update(b"}").finalize().into())
}

/// Writes into `scratch` (cleared) what [`chain_hash`] hashes, without hashing it.
pub(super) fn write_hashed_json(event: &Event, prev_hash: &Hash, scratch: &mut Vec<u8>) {
    scratch.clear();
    write_event_fields(event, &event.payload, scratch);
    scratch.extend_from_slice(b",\"prev_hash\":\"");
    scratch.extend_from_slice(&prev_hash.to_hex());
    scratch.extend_from_slice(b"\"}");
}

/// The digest of a set of events, whatever order and chain they are held in: SHA-256 over the
/// sorted SHA-256s of each event's canonical fields (id, time, actor, payload). Two journals
/// have the same digest exactly when they hold the same events.
pub(super) fn set_digest<'a>(events: impl Iterator<Item = &'a Event>) -> Hash {
    let mut scratch = Vec::new();
    let mut each: Vec<[u8; 32]> = events
        .map(|event| {
            scratch.clear();
            write_event_fields(event, &event.payload, &mut scratch);
            Sha256::digest(scratch.as_slice()).into()
        })
        .collect();
    each.sort_unstable();
    let mut all = Sha256::new();
    for digest in &each {
        all.update(digest);
    }
    Hash(all.finalize().into())
}

/// SHA-256 of a value's [`std::hash::Hash`], the same on every platform (integers written
/// little-endian, sizes and enum discriminants as 64 bits): the digest of a folded state.
pub(super) fn value_digest(value: &impl std::hash::Hash) -> Hash {
    let mut hasher = DigestHasher(Sha256::new());
    value.hash(&mut hasher);
    Hash(hasher.0.finalize().into())
}

struct DigestHasher(Sha256);

impl std::hash::Hasher for DigestHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn write_u16(&mut self, i: u16) {
        self.write(&i.to_le_bytes());
    }
    fn write_u32(&mut self, i: u32) {
        self.write(&i.to_le_bytes());
    }
    fn write_u64(&mut self, i: u64) {
        self.write(&i.to_le_bytes());
    }
    fn write_u128(&mut self, i: u128) {
        self.write(&i.to_le_bytes());
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(u64::try_from(i).unwrap_or(u64::MAX));
    }
    fn write_i16(&mut self, i: i16) {
        self.write(&i.to_le_bytes());
    }
    fn write_i32(&mut self, i: i32) {
        self.write(&i.to_le_bytes());
    }
    fn write_i64(&mut self, i: i64) {
        self.write(&i.to_le_bytes());
    }
    fn write_i128(&mut self, i: i128) {
        self.write(&i.to_le_bytes());
    }
    fn write_isize(&mut self, i: isize) {
        self.write_i64(i64::try_from(i).unwrap_or(i64::MAX));
    }
    fn finish(&self) -> u64 {
        let digest: [u8; 32] = self.0.clone().finalize().into();
        u64::from_le_bytes(digest.first_chunk::<8>().copied().unwrap_or_default())
    }
}

/// Appends `{"id":…,"recorded_at":…,"actor":…,"payload":…` (the object left open): the start
/// of an export line, with the payload as given (the event's own, or a redacted form).
pub(super) fn write_event_fields(event: &Event, payload: &impl Serialize, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    // Serialising strings and our own payload into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, event.id.as_str());
    out.extend_from_slice(b",\"recorded_at\":\"");
    crate::timestamp::write(&event.recorded_at, out);
    out.extend_from_slice(b"\",\"actor\":");
    let _ = serde_json::to_writer(&mut *out, event.actor.as_str());
    out.extend_from_slice(b",\"payload\":");
    // The journal holds id-document numbers in full (a redacted payload has masked them).
    let _ = crate::labour::with_id_numbers_revealed(|| serde_json::to_writer(&mut *out, payload));
}

/// Appends the export line: the hashed JSON with `"hash"` as its last member.
pub(super) fn write_line(hashed_json: &[u8], hash: &Hash, out: &mut Vec<u8>) {
    out.extend_from_slice(hashed_json.strip_suffix(b"}").unwrap_or(hashed_json));
    out.extend_from_slice(b",\"hash\":\"");
    out.extend_from_slice(&hash.to_hex());
    out.extend_from_slice(b"\"}");
}

pub(super) fn check_link(index: usize, entry: &Entry, prev: &Hash, computed: &Hash) -> Result<()> {
    let broken = |reason: String| Error::BrokenChain { event_index: index, event_id: entry.event.id.to_string(), reason };
    if entry.prev_hash != *prev {
        return Err(broken(format!("prev_hash {} does not match the preceding entry's hash {prev}", entry.prev_hash)));
    }
    if entry.hash != *computed {
        return Err(broken(format!("hash {} does not match its content (computed {computed})", entry.hash)));
    }
    Ok(())
}
