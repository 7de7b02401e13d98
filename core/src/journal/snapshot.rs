//! What a store keeps so that it opens without folding ([`crate::persist`]): the state, the
//! entries it is the fold of, and the journal's checkpoints (written against the state, whose
//! day-work chunks they share), so that an older event after an open still folds from the
//! nearest checkpoint. It names the library version: one written by another version, whose
//! rules may fold differently, is not read.

use std::sync::Arc;

use super::checkpoint::Checkpoints;
use super::jsonl::Ending;
use super::{Entry, Event, Journal};
use crate::event::Payload;
use crate::labour::{DayWorkEntry, LabourEvent};
use crate::persist::{write_items, Persist, Reader, Writer};
use crate::portfolio::Portfolio;
use crate::{EventId, Result};

/// A snapshot read back, not yet checked against the store it came from.
pub(crate) struct Snapshot {
    state: Portfolio,
    entries: Vec<Entry>,
    checkpoints: Checkpoints,
}

impl Snapshot {
    /// The entries it holds (the store's first), in append order.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

impl Journal {
    /// This journal as a store's snapshot keeps it.
    pub(crate) fn snapshot(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.str(env!("CARGO_PKG_VERSION"));
        self.state.write(&mut out);
        write_items(self.entries.iter(), &mut out);
        self.checkpoints.write(&self.state, &mut out);
        out.bytes
    }

    /// What [`Journal::snapshot`] wrote, if this library version wrote it and it reads whole.
    pub(crate) fn read_snapshot(bytes: &[u8]) -> Option<Snapshot> {
        let mut input = Reader::new(bytes);
        if input.str().ok()? != env!("CARGO_PKG_VERSION") {
            return None;
        }
        let state = Portfolio::read(&mut input).ok()?;
        let entries = Vec::<Entry>::read(&mut input).ok()?;
        let checkpoints = Checkpoints::read(&state, &mut input).ok()?;
        (input.remaining() == 0 && !entries.is_empty()).then_some(Snapshot { state, entries, checkpoints })
    }

    /// A journal restored from a snapshot (its entries were checked when it was kept) and the
    /// export of the entries after it, each checked and chained on. Those fold on top of the
    /// snapshot's state — unless one folds before an entry the snapshot holds (an older event
    /// merged since), when every entry folds again.
    pub(crate) fn restore(snapshot: Snapshot, later: &[u8]) -> Result<Journal> {
        let Snapshot { mut state, entries, mut checkpoints } = snapshot;
        let held = entries.len();
        let mut journal = Journal::new();
        journal.positions.reserve(held);
        for (position, entry) in entries.iter().enumerate() {
            let id_hash = journal.positions.hash(&entry.event.id);
            journal.positions.insert(id_hash, position);
        }
        journal.entries = entries;
        let mut journal = journal.read_jsonl_after(later, Ending::PrefixAllowed)?;
        let (covered, after) = journal.entries.split_at(held.min(journal.entries.len()));
        let newest = covered.iter().map(|e| e.event.fold_key()).max();
        let mut after: Vec<&Event> = after.iter().map(|e| &e.event).collect();
        after.sort_by(|a, b| a.fold_key().cmp(&b.fold_key()));
        if after.first().is_none_or(|first| Some(first.fold_key()) > newest) && checkpoints.all_before(newest) {
            for (folded, event) in after.into_iter().enumerate() {
                state.fold_one(event);
                checkpoints.folded(&state, event, held.saturating_add(folded).saturating_add(1));
            }
            journal.state = state;
            journal.checkpoints = checkpoints;
            journal.share_batches();
            journal.find_latest();
        } else {
            journal.refold();
        }
        debug_assert!(journal.state == journal.replay(), "a journal restored from a snapshot is not the fold of its events");
        Ok(journal)
    }

    /// Makes each day-work batch's entries one list again, which a fold shares between the
    /// event, the state and the checkpoints and a snapshot reads apart: the events take the
    /// state's lists (equal, so the hashes stand), then the checkpoints take the events'
    /// where they hold a copy (a chunk they share with the state already holds them).
    fn share_batches(&mut self) {
        let held: Vec<(usize, Arc<[DayWorkEntry]>)> =
            self.state.day_work().recorded_batches().filter_map(|(event_id, list)| Some((self.position_of(event_id, self.positions.hash(event_id))?, Arc::clone(list)))).collect();
        for (at, list) in held {
            if let Some(Payload::Labour(LabourEvent::DayWorkRecorded { entries, .. })) = self.entries.get_mut(at).map(|e| &mut e.event.payload)
                && **entries == *list
            {
                *entries = list;
            }
        }
        let mut checkpoints = std::mem::take(&mut self.checkpoints.list);
        for checkpoint in &mut checkpoints {
            checkpoint.state.share_day_work_batches(&|event_id| self.recorded_entries(event_id));
        }
        self.checkpoints.list = checkpoints;
    }

    /// The entries a `day_work_recorded` event held here records.
    fn recorded_entries(&self, event_id: &EventId) -> Option<Arc<[DayWorkEntry]>> {
        match self.position_of(event_id, self.positions.hash(event_id)).and_then(|at| self.entries.get(at)).map(|e| &e.event.payload) {
            Some(Payload::Labour(LabourEvent::DayWorkRecorded { entries, .. })) => Some(Arc::clone(entries)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::event::Payload;
    use crate::{ActorId, EventId};

    /// A project with a worker and a rate, then batches of 20 one-hour entries (4,000 entries
    /// in all: full chunks, which checkpoints share with the state); with `joining`, another
    /// worker joins every 70 batches.
    fn events(joining: bool) -> Vec<Event> {
        let setup = [
            r#"{"type":"cost_breakdown_defined","data":{"project_id":"P1","breakdown":{"codes":[{"code":"01","name":"Civil"}]}}}"#.to_owned(),
            r#"{"type":"worker_registered","data":{"project_id":"P1","worker":{"worker_id":"W1","name":"Li","id_number":"110105199001010011","trade":"rebar","team":"T1","employer":"E"}}}"#.to_owned(),
            r#"{"type":"labour_rate_set","data":{"project_id":"P1","rate":{"scope":{"kind":"trade","name":"rebar"},"valid_from":"2025-01-01","unit":"hour","amount":"40"}}}"#.to_owned(),
        ];
        let batches = (0..200).flat_map(|b| {
            let entries: Vec<String> = (0..20)
                .map(|i| format!(r#"{{"entry_id":"E{b}-{i}","worker_id":"W1","cost_code":"01","date":"2025-03-0{}","quantity":{{"unit":"hours","value":"0.01"}}}}"#, 3 + b % 5))
                .collect();
            let batch = format!(r#"{{"type":"day_work_recorded","data":{{"project_id":"P1","entries":[{}]}}}}"#, entries.join(","));
            let joins = format!(r#"{{"type":"worker_registered","data":{{"project_id":"P1","worker":{{"worker_id":"J{b}","name":"J{b}","id_number":"1101051990010{b:05}","trade":"rebar","team":"T1","employer":"E"}}}}}}"#);
            std::iter::once(batch).chain((joining && b % 70 == 69).then_some(joins))
        });
        let project_id = crate::ProjectId::try_new("P1").unwrap();
        let created = crate::lifecycle::LifecycleEvent::project_created(&project_id, "P", "P", crate::Currency::CNY, crate::WorkCalendar::standard("Mon-Fri").unwrap());
        let payloads = std::iter::once(Payload::Lifecycle(created)).chain(setup.into_iter().chain(batches).map(|json| Payload::from_json(&json).unwrap()));
        payloads
            .enumerate()
            .map(|(n, payload)| {
                let at = DateTime::<Utc>::from_timestamp(1_735_689_600 + i64::try_from(n).unwrap() * 60, 0).unwrap();
                Event::new(EventId::try_new(format!("e{n:05}")).unwrap(), at, ActorId::try_new("pm").unwrap(), payload)
            })
            .collect()
    }

    #[test]
    fn a_restored_journal_keeps_its_checkpoints_and_a_late_event_folds_from_one() {
        let mut journal = Journal::new();
        let mut all = events(false);
        let late = all.remove(150);
        for event in all {
            journal.append(event).unwrap();
        }
        assert!(journal.checkpoints.list.len() > 2);
        let header = b"{\"format\":\"projectledger-journal\",\"schema_version\":2}\n";
        let mut restored = Journal::restore(Journal::read_snapshot(&journal.snapshot()).unwrap(), header).unwrap();
        assert!(restored == journal && restored.state == journal.state);
        // Each batch's entries held once, by the event and the register alike.
        let mut shared = 0;
        for (event_id, held) in restored.state.day_work().recorded_batches() {
            let event = restored.entries.iter().find(|e| e.event.id == *event_id).unwrap();
            let Payload::Labour(LabourEvent::DayWorkRecorded { entries, .. }) = &event.event.payload else { panic!("{event_id} is not a batch") };
            assert!(Arc::ptr_eq(entries, held), "{event_id}'s entries are held twice");
            shared += 1;
        }
        assert_eq!(shared, 199);
        // The same checkpoints, each the fold of the events up to it, sharing the state's chunks.
        assert_eq!(restored.checkpoints.list.len(), journal.checkpoints.list.len());
        for (kept, original) in restored.checkpoints.list.iter().zip(&journal.checkpoints.list) {
            assert_eq!((kept.after.clone(), kept.held), (original.after.clone(), original.held));
            assert_eq!(Portfolio::restored(&kept.state), Portfolio::restored(&original.state));
        }
        // An event older than most: there is a checkpoint before it, and the fold is right.
        assert!(restored.checkpoints.last_where(|key| key < late.fold_key()).is_some());
        assert!(restored.record(late.clone()).unwrap().refolded);
        journal.append(late).unwrap();
        assert_eq!(restored.state, journal.state);
        assert_eq!(restored.state, restored.replay());
    }

    #[test]
    fn a_restored_checkpoint_holds_the_workers_as_one_with_the_state_or_the_checkpoint_before() {
        // Workers join between checkpoints: a checkpoint's map of workers is the one before it
        // until the next joins, and the state's after the last joined.
        let mut journal = Journal::new();
        for event in events(true) {
            journal.append(event).unwrap();
        }
        let header = b"{\"format\":\"projectledger-journal\",\"schema_version\":2}\n";
        let restored = Journal::restore(Journal::read_snapshot(&journal.snapshot()).unwrap(), header).unwrap();
        let states = |j: &Journal| j.checkpoints.list.iter().map(|c| c.state.day_work().clone()).collect::<Vec<_>>();
        let (original, kept) = (states(&journal), states(&restored));
        assert_eq!(original.len(), kept.len());
        let (mut with_state, mut with_previous) = (0, 0);
        for at in 0..kept.len() {
            // Shared in the journal that wrote them, shared as read back.
            let shares = |list: &[crate::labour::DayWork], state: &crate::labour::DayWork| (list[at].workers_shared_with(state), at > 0 && list[at].workers_shared_with(&list[at - 1]));
            let (was, is) = (shares(&original, journal.state.day_work()), shares(&kept, restored.state.day_work()));
            assert!((!was.0 || is.0) && (!was.1 || is.1), "checkpoint {at}: {was:?} in the journal, {is:?} restored");
            with_state += usize::from(is.0);
            with_previous += usize::from(is.1);
        }
        assert!(with_state > 0 && with_previous > 0, "{with_state} with the state, {with_previous} with the one before");
    }
}
