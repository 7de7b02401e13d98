//! A hash map kept for lookups inside a state, hashed (for the state's digest) as its entries
//! in key order, so two equal states hash alike whatever order their maps were filled in.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

/// A `HashMap` that hashes as its sorted entries.
#[derive(Debug, Clone)]
pub(crate) struct LookupMap<K, V>(pub(crate) HashMap<K, V>);

impl<K: Eq + Hash, V: PartialEq> PartialEq for LookupMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<K: Eq + Hash, V: Eq> Eq for LookupMap<K, V> {}

impl<K, V> Default for LookupMap<K, V> {
    fn default() -> Self {
        LookupMap(HashMap::new())
    }
}

impl<K, V> Deref for LookupMap<K, V> {
    type Target = HashMap<K, V>;
    fn deref(&self) -> &HashMap<K, V> {
        &self.0
    }
}

impl<K, V> DerefMut for LookupMap<K, V> {
    fn deref_mut(&mut self) -> &mut HashMap<K, V> {
        &mut self.0
    }
}

impl<K: Hash + Ord, V: Hash> Hash for LookupMap<K, V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut entries: Vec<(&K, &V)> = self.0.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries.hash(state);
    }
}
