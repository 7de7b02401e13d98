//! Merging another device's journal: its missing events are appended in canonical order
//! after the local head (local history is never rewritten), and the union is folded again.

use std::collections::HashMap;

use super::{Journal, MergeReport};
use crate::event::Event;
use crate::{Error, EventId, ReplicaId, Result};

impl Journal {
    /// Takes every event of `other` this journal lacks, appended in canonical order and
    /// chained after this journal's head. Both sides reach the same state whichever merges
    /// which. Refused whole if the two hold different events under one id.
    pub fn merge(&mut self, other: &Journal) -> Result<MergeReport> {
        self.merge_events(other.entries.iter().map(|e| &e.event), None)
    }

    /// Merges `events` (noted as `origin`'s, when they came from a peer): all or nothing.
    pub(super) fn merge_events<'a>(&mut self, events: impl Iterator<Item = &'a Event>, origin: Option<&ReplicaId>) -> Result<MergeReport> {
        // Missing events by id: the same event twice in one batch is one event.
        let mut missing: HashMap<&EventId, &Event> = HashMap::new();
        let mut offered = 0usize;
        for event in events {
            offered = offered.saturating_add(1);
            let held = self.position_of(&event.id, self.positions.hash(&event.id)).and_then(|at| self.entries.get(at)).map(|e| &e.event);
            match held.or_else(|| missing.get(&event.id).copied()) {
                Some(held) if held != event => return Err(Error::ConflictingEvent { event_id: event.id.to_string() }),
                Some(_) => {}
                None => {
                    missing.insert(&event.id, event);
                }
            }
        }
        let mut missing: Vec<&Event> = missing.into_values().collect();
        let newest = self.newest_time();
        for event in &missing {
            self.clock.check(event, newest)?;
        }
        missing.sort_by(|a, b| a.fold_key().cmp(&b.fold_key()));
        let added = missing.len();
        let before = self.state.conflict_ids();
        let from = self.entries.len();
        // Events all newer than the newest held (the usual sync) fold on; older ones fold all.
        let all_newer = missing.first().is_none_or(|first| self.folds_last(first));
        let earliest = missing.first().map(|first| (first.recorded_at, first.id.clone()));
        for event in missing {
            let id_hash = self.positions.hash(&event.id);
            self.push_chained(event.clone(), id_hash);
        }
        if let Some(peer) = origin {
            self.origins.note(from..self.entries.len(), peer);
        }
        if all_newer && added > 0 {
            for (at, entry) in self.entries.iter().enumerate().skip(from) {
                self.state.fold_one(&entry.event);
                self.checkpoints.folded(&self.state, &entry.event, at.saturating_add(1));
            }
            self.latest = Some(self.entries.len().saturating_sub(1));
        } else {
            // Older events: fold again from the checkpoint before the oldest of them.
            let refold = self.refold_from(earliest.as_ref().map(|(at, id)| (*at, id)), None);
            self.keep_refold(refold);
            self.find_latest();
        }
        // One write for the whole batch; if it fails, the merge is taken back.
        self.persist_from(from, origin)?;
        let new_conflicts = self.state.conflicts().iter().filter(|c| !before.contains(&c.event_id)).cloned().collect();
        Ok(MergeReport { added, already_present: offered.saturating_sub(added), new_conflicts })
    }
}
