//! The register's index of entries by worker and day: one list a worker of (day, position)
//! pairs in (day, fold) order — not a list a day — so a worker's month is one range, and
//! building or copying the index allocates once a worker, not once an entry.

use chrono::NaiveDate;

use crate::collections::LookupMap;
use crate::ids::WorkerId;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(super) struct WorkerDays(LookupMap<WorkerId, Vec<(NaiveDate, usize)>>);
crate::persist::persist_struct!(WorkerDays(0));

impl WorkerDays {
    /// The index of `(worker, day)` of every entry, positions in order.
    pub(super) fn of<'a>(entries: impl Iterator<Item = (&'a WorkerId, NaiveDate)>) -> WorkerDays {
        let mut index = WorkerDays::default();
        for (position, (worker, date)) in entries.enumerate() {
            index.push(worker, date, position);
        }
        for list in index.0.values_mut() {
            list.sort_unstable();
        }
        index
    }

    /// Adds a pair at the end of a worker's list (the id cloned only for a new worker).
    fn push(&mut self, worker: &WorkerId, date: NaiveDate, position: usize) {
        match self.0.get_mut(worker) {
            Some(list) => list.push((date, position)),
            None => {
                self.0.insert(worker.clone(), vec![(date, position)]);
            }
        }
    }

    /// Indexes an entry at `position`, after every position indexed.
    pub(super) fn insert(&mut self, worker: &WorkerId, date: NaiveDate, position: usize) {
        match self.0.get_mut(worker) {
            // The end of its day, which for the newest day is the end of the list.
            Some(list) => list.insert(list.partition_point(|&(day, _)| day <= date), (date, position)),
            None => self.push(worker, date, position),
        }
    }

    /// Forgets a worker's positions from `len` on (entries taken back).
    pub(super) fn keep_below(&mut self, worker: &WorkerId, len: usize) {
        if let Some(list) = self.0.get_mut(worker) {
            list.retain(|&(_, position)| position < len);
        }
    }

    /// The positions of a worker's entries from `first` to `last` (inclusive), by day, each
    /// day's in fold order.
    pub(super) fn between(&self, worker: &WorkerId, first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = usize> + '_ {
        let list = self.0.get(worker).map_or(&[][..], Vec::as_slice);
        let (from, to) = (list.partition_point(|&(day, _)| day < first), list.partition_point(|&(day, _)| day <= last));
        list.get(from..to).unwrap_or_default().iter().map(|&(_, position)| position)
    }

    /// Every worker's list, for the register's invariants.
    pub(super) fn lists(&self) -> impl Iterator<Item = (&WorkerId, &[(NaiveDate, usize)])> {
        self.0.iter().map(|(worker, list)| (worker, list.as_slice()))
    }
}
