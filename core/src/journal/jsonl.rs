//! The JSON Lines export: a header `{"format":"projectledger-journal","schema_version":2}`,
//! one canonical line per entry, and a trailer `{"events":N,"head":"…"}` naming the number of
//! events and the head, so an export cut at a line boundary is refused instead of read as a
//! shorter journal. Version 1 (no trailer) still loads. Import is strict and all-or-nothing:
//! each line must be the canonical encoding byte for byte, and the chain must hold.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::chain::{chain_hash, check_link, write_event_fields, write_hashed_json, write_line, Entry, Hash};
use super::checkpoint::FoldAsRead;
use super::Journal;
use crate::event::{Event, Payload};
use crate::{ActorId, Error, EventId, Result};

/// The version of the JSON Lines format written by [`Journal::to_jsonl`] (2: with a trailer);
/// version 1 exports are read too.
pub const SCHEMA_VERSION: u32 = 2;
/// The version the redacted analytics export keeps (it never had a trailer).
const REDACTED_VERSION: u32 = 1;
/// How a version-2 trailer line starts (an entry line starts with `{"id":`).
const TRAILER_START: &str = "{\"events\":";
const FORMAT_NAME: &str = "projectledger-journal";
const REDACTED_FORMAT_NAME: &str = "projectledger-redacted-events";
/// No canonical entry line is shorter (its two hashes alone are 128 characters).
const MIN_LINE_BYTES: usize = 160;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineIn {
    id: EventId,
    #[serde(deserialize_with = "crate::timestamp::deserialize")]
    recorded_at: DateTime<Utc>,
    actor: ActorId,
    payload: Payload,
    prev_hash: Hash,
    hash: Hash,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    schema_version: u32,
}

/// The last line of a version-2 export.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Trailer {
    events: u64,
    head: Hash,
}

/// Whether an export must end with its trailer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    Trailer,
    PrefixAllowed,
}

impl Entry {
    /// The entry's canonical export line (no newline): what [`Journal::to_jsonl`] writes for
    /// it, and what a store keeps.
    #[must_use]
    pub fn to_line(&self) -> String {
        // The entry's hash is known: the line is written, not hashed again.
        let mut scratch = Vec::new();
        let mut out = Vec::with_capacity(512);
        write_hashed_json(&self.event, &self.prev_hash, &mut scratch);
        write_line(&scratch, &self.hash, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Journal {
    /// The JSON Lines export: a header line, one canonical line per entry, then the trailer
    /// naming the number of events and the head; each line ends in a newline.
    #[must_use]
    pub fn to_jsonl(&self) -> String {
        let mut out = Vec::with_capacity(self.entries.len().saturating_mul(400).saturating_add(64));
        let header = Header { format: FORMAT_NAME.to_owned(), schema_version: SCHEMA_VERSION };
        let _ = serde_json::to_writer(&mut out, &header);
        out.push(b'\n');
        let mut scratch = Vec::new();
        for entry in &self.entries {
            write_hashed_json(&entry.event, &entry.prev_hash, &mut scratch);
            write_line(&scratch, &entry.hash, &mut out);
            out.push(b'\n');
        }
        let trailer = Trailer { events: u64::try_from(self.entries.len()).unwrap_or(u64::MAX), head: self.head() };
        let _ = serde_json::to_writer(&mut out, &trailer);
        out.push(b'\n');
        String::from_utf8(out).unwrap_or_default()
    }

    /// An analytics export with personal data redacted — clearly no journal: a header
    /// `{"format":"projectledger-redacted-events","schema_version":1}` (which
    /// [`Journal::from_jsonl`] refuses), then one line per event, `{"id","recorded_at",
    /// "actor","payload"}` with id-document numbers masked and no hashes. (The journal's own
    /// export holds them in clear: its hashes cover them.)
    #[must_use]
    pub fn to_redacted_jsonl(&self) -> String {
        let mut out = Vec::with_capacity(self.entries.len().saturating_mul(300).saturating_add(64));
        let header = Header { format: REDACTED_FORMAT_NAME.to_owned(), schema_version: REDACTED_VERSION };
        let _ = serde_json::to_writer(&mut out, &header);
        out.push(b'\n');
        for entry in &self.entries {
            write_event_fields(&entry.event, &entry.event.payload.to_redacted_json(), &mut out);
            out.extend_from_slice(b"}\n");
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// Reads a JSON Lines export, all or nothing: a malformed or non-canonical line is an
    /// error naming the line (1-based, the header is line 1) and field; a hash that does not
    /// match its content, or its predecessor's, breaks the chain at that event; an export
    /// without its trailer (cut short), or whose trailer names another count or head, is
    /// refused. Version-1 exports (no trailer) load as they always did.
    pub fn from_jsonl(data: &[u8]) -> Result<Journal> {
        Journal::read_and_fold(data, Ending::Trailer)
    }

    /// Reads what there is of an export that may have lost its end (a transfer cut short):
    /// as [`Journal::from_jsonl`], but a missing trailer is allowed — the events up to the
    /// cut, each checked. A trailer that is there is still checked.
    pub fn from_jsonl_prefix(data: &[u8]) -> Result<Journal> {
        Journal::read_and_fold(data, Ending::PrefixAllowed)
    }

    /// The entries of an export, checked and chained, and their fold: made as they are read
    /// when they come in fold order, else by a refold after.
    fn read_and_fold(data: &[u8], ending: Ending) -> Result<Journal> {
        let (mut journal, folding) = Journal::new().read_jsonl_into(data, ending, true)?;
        journal.checkpoints.clear();
        match folding.and_then(FoldAsRead::finish) {
            Some(refold) => journal.keep_refold(refold),
            None => journal.keep_refold(journal.refold_from(None, None)),
        }
        journal.state.shrink_to_fit();
        journal.entries.shrink_to_fit();
        journal.find_latest();
        Ok(journal)
    }

    /// The entries of an export chained on after this journal's (numbered after them).
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(super) fn read_jsonl_after(self, data: &[u8], ending: Ending) -> Result<Journal> {
        self.read_jsonl_into(data, ending, false).map(|(journal, _)| journal)
    }

    /// As [`Journal::read_jsonl_after`], and with `fold` (into an empty journal) the fold of
    /// the events as they are read — on a machine of more than one core, while another
    /// thread parses the blocks ahead.
    fn read_jsonl_into(self, data: &[u8], ending: Ending, fold: bool) -> Result<(Journal, Option<FoldAsRead>)> {
        let body = lines_text(data)?;
        let (header, body) = body.split_once('\n').unwrap_or((body, ""));
        let version = read_header(header.as_bytes())?;
        // A version-2 export ends with its trailer (unless the caller takes a prefix).
        let (body, trailer) = match body.rsplit_once('\n').map_or(("", body), |(rest, last)| (rest, last)) {
            (rest, last) if version >= 2 && last.starts_with(TRAILER_START) => (rest, Some(last)),
            (_, last) if last.starts_with(TRAILER_START) => {
                // The header says version 1, yet a version-2 trailer ends the export.
                return Err(malformed(1, "schema_version", &format!("a version-{version} export has no trailer line, but this one ends with one")));
            }
            _ => (body, None),
        };
        // Counted and split with SIMD: a year's export is hundreds of megabytes.
        let newlines = memchr::memchr_iter(b'\n', body.as_bytes()).count();
        let body_lines = if body.is_empty() { 0 } else { newlines.saturating_add(1) };
        let lines = split_lines(body).filter(|_| !body.is_empty());
        let mut journal = self;
        let before = journal.entries.len();
        // Room for every line, but never more than the bytes can hold: a canonical line is
        // longer than its two hashes, so blank lines cannot make it reserve more than that.
        let count = newlines.min(body.len() / MIN_LINE_BYTES);
        journal.entries.reserve_exact(count);
        journal.positions.reserve(count);
        let mut prev = journal.head();
        let mut lines = lines.enumerate().map(|(i, raw)| (i.saturating_add(before), raw)).peekable();
        let mut next_block = move || {
            let (mut block, mut bytes) = (Vec::new(), 0usize);
            while let Some((index, raw)) = lines.next_if(|_| block.len() < BLOCK_LINES && bytes < BLOCK_BYTES) {
                bytes = bytes.saturating_add(raw.len());
                block.push((index, raw));
            }
            (!block.is_empty()).then_some((block, bytes))
        };
        let mut folding = (fold && journal.entries.is_empty()).then(|| FoldAsRead::new(body_lines));
        let pipelined = folding.is_some() && cores() > 1;
        let mut add = |block: &[(usize, &str)], parsed: Vec<Result<(Entry, Hash)>>| -> Result<()> {
            // Parsed in parallel, chained in order: the first error by line is the one named.
            for (&(index, _), parsed) in block.iter().zip(parsed) {
                let line_number = index.saturating_add(2);
                let (entry, computed) = parsed?;
                check_link(index, &entry, &prev, &computed)?;
                prev = entry.hash;
                let id_hash = journal.positions.hash(&entry.event.id);
                if journal.position_of(&entry.event.id, id_hash).is_some() {
                    return Err(malformed(line_number, "id", &format!("event id {} appears twice", entry.event.id)));
                }
                journal.entries.push(entry);
                journal.positions.insert(id_hash, index);
                if let (Some(fold), Some(added)) = (folding.as_mut(), journal.entries.last()) {
                    fold.fold(&added.event);
                }
            }
            Ok(())
        };
        if pipelined {
            // One thread parses the blocks ahead while this one chains and folds them.
            std::thread::scope(|scope| {
                let (sender, parsed_blocks) = std::sync::mpsc::sync_channel(1);
                scope.spawn(move || {
                    while let Some((block, bytes)) = next_block() {
                        let parsed = parse_block(&block, bytes, cores().saturating_sub(1));
                        if sender.send((block, parsed)).is_err() {
                            break;
                        }
                    }
                });
                parsed_blocks.into_iter().try_for_each(|(block, parsed)| add(&block, parsed?))
            })?;
        } else {
            while let Some((block, bytes)) = next_block() {
                add(&block, parse_block(&block, bytes, cores())?)?;
            }
        }
        // Checked after the lines, so a damaged last line is named as itself.
        match trailer {
            Some(raw) => check_trailer(raw, body_lines.saturating_add(2), &journal)?,
            None if version >= 2 && ending == Ending::Trailer => {
                return Err(malformed(
                    body_lines.saturating_add(2),
                    "(trailer)",
                    &format!("the export ends without its trailer line: it was cut after {body_lines} events (read it with from_jsonl_prefix to take the events there are)"),
                ));
            }
            None => {}
        }
        Ok((journal, folding))
    }
}

/// The trailer must be canonical and name the events read and their head.
fn check_trailer(raw: &str, line: usize, journal: &Journal) -> Result<()> {
    let trailer: Trailer = serde_json::from_str(raw).map_err(|e| malformed(line, "(trailer)", &e.to_string()))?;
    if serde_json::to_string(&trailer).unwrap_or_default() != raw {
        return Err(malformed(line, "(encoding)", "the trailer is not in canonical form"));
    }
    let held = u64::try_from(journal.entries.len()).unwrap_or(u64::MAX);
    if trailer.events != held {
        return Err(malformed(line, "events", &format!("the trailer counts {} events but {held} were read: lines are missing or were added", trailer.events)));
    }
    if trailer.head != journal.head() {
        return Err(malformed(line, "head", &format!("the trailer names head {} but the events end at {}", trailer.head, journal.head())));
    }
    Ok(())
}

/// The text of JSON Lines without its final newline, refused (naming the line) when the last
/// line does not end with one or a byte is not UTF-8. UTF-8 is checked once for the whole
/// input, then each line parses as text.
pub(super) fn lines_text(data: &[u8]) -> Result<&str> {
    let Some(body) = data.strip_suffix(b"\n") else {
        let line = data.split(|b| *b == b'\n').count();
        return Err(malformed(line, "(line end)", "the last line must end with a newline"));
    };
    std::str::from_utf8(body).map_err(|e| {
        let line = body.get(..e.valid_up_to()).unwrap_or_default().iter().filter(|b| **b == b'\n').count().saturating_add(1);
        malformed(line, "(encoding)", "not valid UTF-8")
    })
}

pub(super) fn malformed(line: usize, field: &str, reason: &str) -> Error {
    Error::MalformedJournal { line, field: field.to_owned(), reason: reason.to_owned() }
}

/// Checks the header and returns its schema version (1 or 2).
fn read_header(raw: &[u8]) -> Result<u32> {
    let header: Header = serde_json::from_slice(raw).map_err(|e| malformed(1, "(header)", &e.to_string()))?;
    if header.format != FORMAT_NAME {
        return Err(malformed(1, "format", &format!("{:?} is not a projectledger journal", header.format)));
    }
    if !(1..=SCHEMA_VERSION).contains(&header.schema_version) {
        return Err(malformed(
            1,
            "schema_version",
            &format!("schema version {} is not supported; this library reads 1 to {SCHEMA_VERSION}", header.schema_version),
        ));
    }
    let canonical = serde_json::to_vec(&header).unwrap_or_default();
    if canonical != raw {
        return Err(malformed(1, "(encoding)", "the header is not in canonical form"));
    }
    Ok(header.schema_version)
}

/// Lines read a block at a time (bounding what is held beside the journal), at most this many…
const BLOCK_LINES: usize = 4096;
/// …or this many bytes.
const BLOCK_BYTES: usize = 8 << 20;
/// Bytes of lines that make a parser thread worth starting.
const BYTES_A_PARSER: usize = 256 << 10;

/// The cores this process may use.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
}

/// A block of `(index, line)` pairs (`bytes` long) parsed and hashed, each line on its own, on
/// up to `threads` threads (at most 8, one for a small block): what comes out, in line order,
/// does not depend on how many.
fn parse_block(block: &[(usize, &str)], bytes: usize, threads: usize) -> Result<Vec<Result<(Entry, Hash)>>> {
    let threads = threads.min(8).min(bytes / BYTES_A_PARSER).clamp(1, block.len().max(1));
    let parse = |lines: &[(usize, &str)]| -> Vec<Result<(Entry, Hash)>> {
        let (mut scratch, mut canonical) = (Vec::new(), Vec::new());
        lines.iter().map(|&(index, raw)| parse_line(raw, index.saturating_add(2), &mut scratch, &mut canonical)).collect()
    };
    if threads == 1 {
        return Ok(parse(block));
    }
    std::thread::scope(|scope| {
        let parsers: Vec<_> = block.chunks(block.len().div_ceil(threads)).map(|lines| scope.spawn(move || parse(lines))).collect();
        let mut parsed = Vec::with_capacity(block.len());
        for parser in parsers {
            parsed.extend(parser.join().map_err(|_| malformed(block.first().map_or(0, |(index, _)| index.saturating_add(2)), "(line)", "a parser thread stopped"))?);
        }
        Ok(parsed)
    })
}

/// The lines of `text` split at each `\n`, as `str::split('\n')` splits them.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let mut start = 0;
    ends.map(move |end| {
        // Both ends are at ASCII newlines or the text's end: char boundaries.
        let line = text.get(start..end).unwrap_or_default();
        start = end.saturating_add(1);
        line
    })
}

/// Parses one entry line strictly: valid JSON of the right shape, and byte for byte the
/// canonical encoding, so no byte of an export can change unnoticed and what is read
/// re-exports to the very same bytes (and hashes). Returns the entry and the hash its
/// content computes to. A day-work batch, most of an export, is read directly.
fn parse_line(raw: &str, line: usize, scratch: &mut Vec<u8>, canonical: &mut Vec<u8>) -> Result<(Entry, Hash)> {
    match super::direct::read_day_work_line(raw) {
        Some(read) => Ok(read),
        None => read_line_by_serde(raw, line, scratch, canonical),
    }
}

/// [`parse_line`] for any line: serde reads it, and it is written back to compare.
pub(super) fn read_line_by_serde(raw: &str, line: usize, scratch: &mut Vec<u8>, canonical: &mut Vec<u8>) -> Result<(Entry, Hash)> {
    let parsed: LineIn = match serde_json::from_str(raw) {
        Ok(parsed) => parsed,
        Err(_) => {
            // Parse again, slowly, only to say which field is wrong.
            let mut deserializer = serde_json::Deserializer::from_str(raw);
            let error = match serde_path_to_error::deserialize::<_, LineIn>(&mut deserializer) {
                Err(error) => error,
                Ok(_) => return Err(malformed(line, "(line)", "trailing characters after the entry")),
            };
            let path = error.path().to_string();
            let reason = error.into_inner().to_string();
            return Err(malformed(line, &field_of(&path, &reason), &reason));
        }
    };
    if let Err(error) = crate::timestamp::check(&parsed.recorded_at) {
        return Err(malformed(line, "recorded_at", &error.to_string()));
    }
    let entry = Entry {
        event: Event { id: parsed.id, recorded_at: parsed.recorded_at, actor: parsed.actor, payload: parsed.payload },
        prev_hash: parsed.prev_hash,
        hash: parsed.hash,
    };
    let computed = chain_hash(&entry.event, &entry.prev_hash, scratch);
    canonical.clear();
    write_line(scratch, &entry.hash, canonical);
    if canonical.as_slice() != raw.as_bytes() {
        let raw = raw.as_bytes();
        let column = canonical.iter().zip(raw).position(|(a, b)| a != b).unwrap_or(canonical.len().min(raw.len())).saturating_add(1);
        return Err(malformed(line, "(encoding)", &format!("not in canonical form from column {column}")));
    }
    Ok((entry, computed))
}

/// The field an error is about: its path, and for a missing or unknown field that field's
/// name (serde reports those at the enclosing object).
fn field_of(path: &str, reason: &str) -> String {
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|prefix| reason.strip_prefix(prefix).and_then(|rest| rest.split('`').next()));
    match (path, named) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => "(line)".to_owned(),
        (_, Some(name)) => format!("{path}.{name}"),
        (_, None) => path.to_owned(),
    }
}


#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    use super::*;
    use crate::lifecycle::LifecycleEvent;
    use crate::{Currency, ProjectId, WorkCalendar};

    proptest::proptest! {
        #[test]
        fn lines_split_as_str_splits_them(text in "[a\n中]{0,12}") {
            proptest::prop_assert_eq!(split_lines(&text).collect::<Vec<_>>(), text.split('\n').collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_block_parses_alike_on_any_number_of_threads() {
        // About 1.4 MB of lines, enough for four parsers; one changed, one malformed.
        let mut journal = Journal::new();
        let mut events = journal.event_source("office").unwrap();
        let project = ProjectId::try_new("P1").unwrap();
        journal.append(events.event("pm", LifecycleEvent::project_created(&project, "Depot", "D-1", Currency::CNY, WorkCalendar::standard("Mon-Fri").unwrap())).unwrap()).unwrap();
        for i in 0..4_000 {
            let renamed = LifecycleEvent::ProjectSettingsChanged { project_id: project.clone(), name: Some(format!("Depot, phase {i}")), code: None, calendar: None };
            journal.append(events.event("pm", renamed).unwrap()).unwrap();
        }
        let text = journal.to_jsonl();
        let mut lines: Vec<String> = text.lines().skip(1).take(4_001).map(str::to_owned).collect();
        lines[2_500] = lines[2_500].replacen("phase", "Phase", 1);
        let malformed_line = lines[3_000].replacen("\"actor\"", "\"actors\"", 1);
        let block: Vec<(usize, &str)> = lines.iter().enumerate().map(|(i, line)| (i, line.as_str())).collect();
        let bytes = lines.iter().map(String::len).sum();
        assert!(bytes >= 4 * BYTES_A_PARSER, "{bytes} bytes");
        let mut block = block;
        block[3_000].1 = &malformed_line;
        let one = parse_block(&block, bytes, 1).unwrap();
        let errors = |parsed: &[Result<(Entry, Hash)>]| parsed.iter().enumerate().filter_map(|(i, p)| p.as_ref().err().map(|e| (i, e.to_string()))).collect::<Vec<_>>();
        // The changed name still parses (its hash is what breaks); the malformed line does not.
        assert!(errors(&one).len() == 1 && errors(&one)[0].0 == 3_000, "{:?}", errors(&one));
        for threads in [2, 3, 4] {
            let many = parse_block(&block, bytes, threads).unwrap();
            assert_eq!(many.len(), one.len());
            assert_eq!(errors(&many), errors(&one));
            for (a, b) in one.iter().zip(&many) {
                assert_eq!(a.as_ref().ok(), b.as_ref().ok());
            }
        }
        // Read whole, the damaged event is named, whatever the threads.
        let damaged = [text.lines().next().unwrap().to_owned()].into_iter().chain(lines).chain(text.lines().skip(4_002).map(str::to_owned)).collect::<Vec<_>>().join("\n") + "\n";
        let error = Journal::from_jsonl(damaged.as_bytes()).unwrap_err().to_string();
        assert!(error.contains("event 2500"), "{error}");
    }
}
