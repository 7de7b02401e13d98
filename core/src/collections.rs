//! The collections a state is built of, beyond std's:
//! - [`LookupMap`]: a hash map hashed (for the state's digest) as its entries in key order, so
//!   two equal states hash alike whatever order their maps were filled in;
//! - [`SharedVec`]: a list whose copies share storage, so a journal can keep checkpoints of
//!   its state (a copy costs a pointer per chunk; a change copies the chunk it touches);
//! - [`PositionIndex`]: positions in a list by the hash of a key the list already holds, so the
//!   keys are not held twice and copying the index copies no key.

use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashMap, HashTable};

/// A `HashMap` that hashes as its sorted entries. (foldhash, seeded per process: the ids it
/// is keyed by come from outside, and a fixed seed would let them be chosen to collide.)
#[derive(Debug, Clone)]
pub(crate) struct LookupMap<K, V>(pub(crate) HashMap<K, V, DefaultHashBuilder>);

impl<K: Eq + Hash, V: PartialEq> PartialEq for LookupMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<K: Eq + Hash, V: Eq> Eq for LookupMap<K, V> {}

impl<K, V> Default for LookupMap<K, V> {
    fn default() -> Self {
        LookupMap(HashMap::default())
    }
}

impl<K, V> Deref for LookupMap<K, V> {
    type Target = HashMap<K, V, DefaultHashBuilder>;
    fn deref(&self) -> &HashMap<K, V, DefaultHashBuilder> {
        &self.0
    }
}

impl<K, V> DerefMut for LookupMap<K, V> {
    fn deref_mut(&mut self) -> &mut HashMap<K, V, DefaultHashBuilder> {
        &mut self.0
    }
}

impl<K: Ord, V> LookupMap<K, V> {
    /// The entries in key order.
    pub(crate) fn sorted(&self) -> Vec<(&K, &V)> {
        let mut entries: Vec<(&K, &V)> = self.0.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries
    }

    /// The keys in order.
    pub(crate) fn sorted_keys(&self) -> impl Iterator<Item = &K> {
        self.sorted().into_iter().map(|(key, _)| key)
    }

    /// The values in key order.
    pub(crate) fn sorted_values(&self) -> impl Iterator<Item = &V> {
        self.sorted().into_iter().map(|(_, value)| value)
    }
}

impl<K: Hash + Ord, V: Hash> Hash for LookupMap<K, V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.sorted().hash(state);
    }
}

/// Items per chunk of a [`SharedVec`]: a copy costs one pointer per chunk, and the first change
/// to a shared chunk copies this many items.
const CHUNK: usize = 1024;

/// A growable list whose copies share their items in chunks (copy on write): cloning it is a
/// pointer per chunk, and a change to an item copies only that item's chunk if it is shared.
/// Compares and hashes as the list of its items (as a `Vec` does).
#[derive(Clone)]
pub(crate) struct SharedVec<T> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
}

impl<T> Default for SharedVec<T> {
    fn default() -> Self {
        SharedVec { chunks: Vec::new(), len: 0 }
    }
}

impl<T: Clone> SharedVec<T> {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn get(&self, index: usize) -> Option<&T> {
        self.chunks.get(index / CHUNK)?.get(index % CHUNK)
    }

    /// The item at `index` to change (its chunk copied first if another copy shares it).
    pub(crate) fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        Arc::make_mut(self.chunks.get_mut(index / CHUNK)?).get_mut(index % CHUNK)
    }

    pub(crate) fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => Arc::make_mut(chunk).push(item),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(item);
                self.chunks.push(Arc::new(chunk));
            }
        }
        self.len = self.len.saturating_add(1);
    }

    /// Adds the items in order, copying a shared last chunk once rather than once an item.
    pub(crate) fn extend(&mut self, items: impl IntoIterator<Item = T>) {
        let mut items = items.into_iter().peekable();
        while items.peek().is_some() {
            match self.chunks.last_mut() {
                Some(chunk) if chunk.len() < CHUNK => {
                    let chunk = Arc::make_mut(chunk);
                    let before = chunk.len();
                    chunk.extend(items.by_ref().take(CHUNK.saturating_sub(before)));
                    self.len = self.len.saturating_add(chunk.len().saturating_sub(before));
                }
                _ => self.chunks.push(Arc::new(Vec::with_capacity(CHUNK))),
            }
        }
    }

    /// Takes the items from `at` on out of the list, in order.
    pub(crate) fn split_off(&mut self, at: usize) -> Vec<T> {
        let mut taken = Vec::new();
        while self.len > at {
            let Some(chunk) = self.chunks.last_mut() else { break };
            let keep = at.saturating_sub(self.len.saturating_sub(chunk.len()));
            let tail = Arc::make_mut(chunk).split_off(keep);
            self.len = self.len.saturating_sub(tail.len());
            taken.splice(0..0, tail);
            if chunk.is_empty() {
                self.chunks.pop();
            }
        }
        taken
    }

    pub(crate) fn iter(&self) -> Iter<'_, T> {
        Iter { items: self.chunks.iter().flat_map(|chunk| chunk.iter()), left: self.len }
    }
}

/// Each chunk's items in turn.
type ChunkItems<'a, T> = std::iter::FlatMap<std::slice::Iter<'a, Arc<Vec<T>>>, std::slice::Iter<'a, T>, fn(&'a Arc<Vec<T>>) -> std::slice::Iter<'a, T>>;

/// The items of a [`SharedVec`], in order.
pub struct Iter<'a, T> {
    items: ChunkItems<'a, T>,
    left: usize,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter { items: self.items.clone(), left: self.left }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;
    fn next(&mut self) -> Option<&'a T> {
        let item = self.items.next()?;
        self.left = self.left.saturating_sub(1);
        Some(item)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let item = self.items.next_back()?;
        self.left = self.left.saturating_sub(1);
        Some(item)
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<T: Clone + PartialEq> PartialEq for SharedVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Clone + Eq> Eq for SharedVec<T> {}

impl<T: Clone + Hash> Hash for SharedVec<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As a `Vec` hashes: its length, then each item.
        state.write_usize(self.len);
        for item in self.iter() {
            item.hash(state);
        }
    }
}

impl<T: Clone + std::fmt::Debug> std::fmt::Debug for SharedVec<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Positions in a list by the hash of a key each item holds: (32 bits of hash, position) in 8
/// bytes, so no second copy of the keys, and growing or copying the index never hashes or
/// copies a key. The list is asked whether the item at a position has the key. (A list cannot
/// reach 2³² items in memory: each holds far more than one byte.)
#[derive(Debug, Clone, Default)]
pub(crate) struct PositionIndex {
    table: HashTable<(u32, u32)>,
    hasher: DefaultHashBuilder,
}

impl PositionIndex {
    /// The key's hash, as the index keeps it.
    pub(crate) fn hash<K: Hash + ?Sized>(&self, key: &K) -> u32 {
        // The high half: hashbrown takes its 7-bit tag from the top of the hash.
        u32::try_from(self.hasher.hash_one(key) >> 32).unwrap_or_default()
    }

    /// The position whose item has the key hashing to `hash` (`has_key` says whether it has).
    pub(crate) fn find(&self, hash: u32, has_key: impl Fn(usize) -> bool) -> Option<usize> {
        self.table.find(spread(hash), |(h, at)| *h == hash && has_key(widen(*at))).map(|(_, at)| widen(*at))
    }

    /// The position whose item has the key hashing to `hash`, or else (a key not indexed yet)
    /// `None`, `position` then indexed under it.
    pub(crate) fn find_or_insert(&mut self, hash: u32, position: usize, has_key: impl Fn(usize) -> bool) -> Option<usize> {
        match self.table.entry(spread(hash), |(h, at)| *h == hash && has_key(widen(*at)), |(h, _)| spread(*h)) {
            hashbrown::hash_table::Entry::Occupied(found) => Some(widen(found.get().1)),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert((hash, u32::try_from(position).unwrap_or(u32::MAX)));
                None
            }
        }
    }

    /// Forgets `position`, indexed under `hash`.
    pub(crate) fn remove(&mut self, hash: u32, position: usize) {
        if let Ok(found) = self.table.find_entry(spread(hash), |(h, at)| *h == hash && widen(*at) == position) {
            found.remove();
        }
    }

    /// Indexes a position whose key (hashing to `hash`) is not indexed yet.
    pub(crate) fn insert(&mut self, hash: u32, position: usize) {
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        self.table.insert_unique(spread(hash), (hash, position), |(h, _)| spread(*h));
    }

    /// Makes room for `more` positions.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.table.reserve(more, |(h, _)| spread(*h));
    }

    /// Forgets the positions from `len` on (items taken back).
    pub(crate) fn keep_below(&mut self, len: usize) {
        self.table.retain(|(_, at)| widen(*at) < len);
    }

    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    #[cfg(test)]
    pub(crate) fn clear(&mut self) {
        self.table.clear();
    }
}

/// A kept 32-bit hash as the 64 bits the table asks for: its bits at the top (the tag) and at
/// the bottom (the bucket).
fn spread(hash: u32) -> u64 {
    u64::from(hash) << 32 | u64::from(hash)
}

fn widen(position: u32) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

/// An index is derived from the list it indexes: two are alike when their lists are (the
/// state's invariants check that it indexes its list), so it adds nothing to equality or the
/// digest.
impl PartialEq for PositionIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for PositionIndex {}

impl Hash for PositionIndex {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

// The snapshot's encoding of these collections.
use crate::persist::{write_items, Persist, Read, Reader, Writer};

impl<T: Persist + Clone> SharedVec<T> {
    /// This list written against `base`: a chunk it shares with `base` at the same place as a
    /// mark, any other in full — a checkpoint shares all but the chunks changed since.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn write_against(&self, base: &SharedVec<T>, out: &mut Writer) {
        out.varint(self.chunks.len() as u128);
        for (at, chunk) in self.chunks.iter().enumerate() {
            if base.chunks.get(at).is_some_and(|shared| Arc::ptr_eq(shared, chunk)) {
                out.byte(1);
            } else {
                out.byte(0);
                write_items(chunk.iter(), out);
            }
        }
    }

    /// Reads what [`SharedVec::write_against`] wrote, sharing `base`'s chunks again.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn read_against(base: &SharedVec<T>, input: &mut Reader<'_>) -> Read<SharedVec<T>> {
        let count = input.length()?;
        let mut list = SharedVec::default();
        for at in 0..count {
            let chunk = match input.byte()? {
                1 => match base.chunks.get(at) {
                    Some(shared) => Arc::clone(shared),
                    None => return input.fail("a chunk shared with one that is not there"),
                },
                0 => Arc::new(Vec::read(input)?),
                _ => return input.fail("a chunk neither shared nor written"),
            };
            // Every chunk but the last is full, and none is empty: positions depend on it.
            if list.chunks.last().is_some_and(|last| last.len() != CHUNK) || chunk.is_empty() || chunk.len() > CHUNK {
                return input.fail("chunks of the wrong size");
            }
            list.len = list.len.saturating_add(chunk.len());
            list.chunks.push(chunk);
        }
        Ok(list)
    }
}

/// Nothing: the value of a map that is a set (a `LookupMap<K, ()>` writes as a `BTreeSet<K>`).
impl Persist for () {
    fn write(&self, _: &mut Writer) {}
    fn read(_: &mut Reader<'_>) -> Read<()> {
        Ok(())
    }
}

impl<K: Persist + Ord + std::hash::Hash, V: Persist> Persist for LookupMap<K, V> {
    /// In key order, so equal maps write the same bytes.
    fn write(&self, out: &mut Writer) {
        let entries = self.sorted();
        out.varint(entries.len() as u128);
        for (key, value) in entries {
            key.write(out);
            value.write(out);
        }
    }
    fn read(input: &mut Reader<'_>) -> Read<Self> {
        Vec::<(K, V)>::read(input).map(|entries| LookupMap(entries.into_iter().collect()))
    }
}

impl<T: Persist + Clone> Persist for SharedVec<T> {
    fn write(&self, out: &mut Writer) {
        write_items(self.iter(), out);
    }
    fn read(input: &mut Reader<'_>) -> Read<Self> {
        let mut list = SharedVec::default();
        let length = input.length()?;
        T::read_list(input, length, &mut |item| list.push(item))?;
        Ok(list)
    }
}

/// A list an event shares with the state (a day-work batch).
impl<T: Persist> Persist for Arc<[T]> {
    fn write(&self, out: &mut Writer) {
        write_items(self.iter(), out);
    }
    fn read(input: &mut Reader<'_>) -> Read<Self> {
        Vec::<T>::read(input).map(Arc::from)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    use super::*;

    #[test]
    fn a_shared_vec_is_a_vec_whose_copies_do_not_see_each_others_changes() {
        let mut list = SharedVec::default();
        let mut plain = Vec::new();
        for i in 0..(3 * CHUNK + 5) {
            list.push(i);
            plain.push(i);
        }
        let copy = list.clone();
        *list.get_mut(7).unwrap() = 70;
        plain[7] = 70;
        assert_eq!(list.iter().copied().collect::<Vec<_>>(), plain);
        assert_eq!(copy.get(7), Some(&7));
        assert_eq!(list.split_off(CHUNK - 3), plain.split_off(CHUNK - 3));
        assert_eq!((list.len(), list.iter().len()), (plain.len(), plain.len()));
        assert_eq!(list.iter().next_back(), plain.last());
        assert_eq!(copy.len(), 3 * CHUNK + 5);
        list.push(1);
        plain.push(1);
        assert_eq!(list.iter().copied().collect::<Vec<_>>(), plain);
        assert_eq!(list.split_off(0), plain);
        assert_eq!((list.len(), list.get(0)), (0, None));
    }

    #[test]
    fn a_shared_vec_hashes_as_a_vec() {
        let digest = |value: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            value(&mut hasher);
            hasher.finish()
        };
        let mut list = SharedVec::default();
        for i in 0..(CHUNK + 1) {
            list.push(i);
        }
        let plain: Vec<usize> = (0..=CHUNK).collect();
        assert_eq!(digest(&|h| list.hash(h)), digest(&|h| plain.hash(h)));
    }
}
