//! Merging another device's journal: its missing events are appended in canonical order
//! after the local head (local history is never rewritten), and the union is folded again.

use super::{Journal, MergeReport};
use crate::{Error, Result};

impl Journal {

    /// Takes every event of `other` this journal lacks, appended in canonical order and
    /// chained after this journal's head. Both sides reach the same state whichever merges
    /// which. Refused whole if the two hold different events under one id.
    pub fn merge(&mut self, other: &Journal) -> Result<MergeReport> {
        let mut missing = Vec::new();
        for entry in &other.entries {
            match self.positions.find(&self.entries, &entry.event.id, self.positions.hash(&entry.event.id)).and_then(|at| self.entries.get(at)) {
                Some(held) if held.event != entry.event => {
                    return Err(Error::ConflictingEvent { event_id: entry.event.id.to_string() });
                }
                Some(_) => {}
                None => missing.push(&entry.event),
            }
        }
        missing.sort_by(|a, b| a.fold_key().cmp(&b.fold_key()));
        let added = missing.len();
        let before = self.state.conflicts().to_vec();
        let from = self.entries.len();
        for event in missing {
            let id_hash = self.positions.hash(&event.id);
            self.push_chained(event.clone(), id_hash);
        }
        self.refold();
        // One write for the whole batch; if it fails, the merge is taken back.
        self.persist_from(from)?;
        let new_conflicts = self.state.conflicts().iter().filter(|c| !before.contains(c)).cloned().collect();
        Ok(MergeReport { added, already_present: other.entries.len().saturating_sub(added), new_conflicts })
    }
}
