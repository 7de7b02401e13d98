//! The register's index of entries by worker and day: one list a worker of (day, position)
//! pairs in (day, fold) order — not a list a day — so a worker's month is one range, and
//! building or copying the index allocates once a worker, not once an entry. Beside it, each
//! worker's overtime counted a month (art. 41's monthly limit), kept as entries change so a
//! batch's month check reads one figure, not every entry of the month.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::wages::first_of_month;
use crate::collections::LookupMap;
use crate::ids::WorkerId;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(super) struct WorkerDays(LookupMap<WorkerId, WorkerEntries>);
crate::persist::persist_struct!(WorkerDays(0));

/// One worker's entries by day, and overtime counted by month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(super) struct WorkerEntries {
    /// (day, position): a position in 32 bits, as a register holds fewer than 2³² entries.
    days: Vec<(NaiveDate, u32)>,
    /// (first of the month, overtime hours counted), by month.
    month_overtime: Vec<(NaiveDate, Decimal)>,
    /// The last of `days`' days, held beside the list: an entry, usually after it, is then
    /// placed without reading the list (a cache miss a worker, most of a batch's fold).
    last_day: Option<NaiveDate>,
}

impl crate::persist::Persist for WorkerEntries {
    fn write(&self, out: &mut crate::persist::Writer) {
        self.days.write(out);
        self.month_overtime.write(out);
    }

    fn read(input: &mut crate::persist::Reader<'_>) -> crate::persist::Read<Self> {
        let mut entries = WorkerEntries { days: Vec::read(input)?, month_overtime: Vec::read(input)?, last_day: None };
        entries.last_day = entries.last_of_days();
        Ok(entries)
    }
}

impl WorkerEntries {
    /// (day, position) pairs in (day, fold) order.
    pub(super) fn days(&self) -> &[(NaiveDate, u32)] {
        &self.days
    }

    /// (first of the month, overtime hours counted), by month.
    pub(super) fn month_overtime(&self) -> &[(NaiveDate, Decimal)] {
        &self.month_overtime
    }

    fn last_of_days(&self) -> Option<NaiveDate> {
        self.days.last().map(|&(day, _)| day)
    }

    /// Whether the last day held beside the list is the list's (the register's invariants).
    pub(super) fn last_day_is_the_lists(&self) -> bool {
        self.last_day == self.last_of_days()
    }

    /// Where `month` (a first of the month) is in the monthly totals, or would go.
    fn month_at(&self, month: NaiveDate) -> Result<usize, usize> {
        self.month_overtime.binary_search_by_key(&month, |(m, _)| *m)
    }

    fn add_overtime(&mut self, date: NaiveDate, hours: Decimal) {
        if hours.is_zero() {
            return;
        }
        let month = first_of_month(date);
        match self.month_at(month) {
            // A month holds at most 24 h × 31 days of a worker: the sum cannot reach a bound.
            Ok(at) => {
                if let Some((_, total)) = self.month_overtime.get_mut(at) {
                    *total = total.saturating_add(hours);
                }
            }
            Err(at) => self.month_overtime.insert(at, (month, hours)),
        }
    }
}

impl WorkerDays {
    /// The index of `(position, worker, day, overtime counted)` of every entry.
    pub(super) fn of<'a>(entries: impl Iterator<Item = (usize, &'a WorkerId, NaiveDate, Decimal)>) -> WorkerDays {
        let mut index = WorkerDays::default();
        for (position, worker, date, overtime) in entries {
            index.with_list(worker, |list| {
                list.days.push((date, position32(position)));
                list.add_overtime(date, overtime);
            });
        }
        for list in index.0.values_mut() {
            list.days.sort_unstable();
            list.last_day = list.last_of_days();
        }
        index
    }

    /// Changes a worker's lists (the id cloned only for a new worker).
    fn with_list(&mut self, worker: &WorkerId, change: impl FnOnce(&mut WorkerEntries)) {
        match self.0.get_mut(worker) {
            Some(list) => change(list),
            None => {
                let mut list = WorkerEntries::default();
                change(&mut list);
                self.0.insert(worker.clone(), list);
            }
        }
    }

    /// Indexes an entry at `position` (after every position indexed), counting its overtime.
    pub(super) fn insert(&mut self, worker: &WorkerId, date: NaiveDate, position: usize, overtime: Decimal) {
        self.with_list(worker, |list| {
            // The end of its day, which for the newest day is the end of the list.
            let position = position32(position);
            if list.last_day.is_none_or(|last| last <= date) {
                list.days.push((date, position));
                list.last_day = Some(date);
            } else {
                list.days.insert(list.days.partition_point(|&(day, _)| day <= date), (date, position));
            }
            list.add_overtime(date, overtime);
        });
    }

    /// Counts a change of an indexed entry's overtime (re-costed, rejected, taken back).
    pub(super) fn add_overtime(&mut self, worker: &WorkerId, date: NaiveDate, hours: Decimal) {
        if let Some(list) = self.0.get_mut(worker) {
            list.add_overtime(date, hours);
        }
    }

    /// Forgets a worker's positions from `len` on (entries taken back; their overtime is
    /// taken back by the caller).
    pub(super) fn keep_below(&mut self, worker: &WorkerId, len: usize) {
        if let Some(list) = self.0.get_mut(worker) {
            list.days.retain(|&(_, position)| usize::try_from(position).is_ok_and(|p| p < len));
            list.last_day = list.last_of_days();
        }
    }

    /// The positions of a worker's entries from `first` to `last` (inclusive), by day, each
    /// day's in fold order.
    pub(super) fn between(&self, worker: &WorkerId, first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = usize> + '_ {
        // Entries usually come in day order: a day after the worker's last has none.
        let list = self.0.get(worker).filter(|l| l.last_day.is_some_and(|last| last >= first)).map_or(&[][..], |l| l.days.as_slice());
        let (from, to) = (list.partition_point(|&(day, _)| day < first), list.partition_point(|&(day, _)| day <= last));
        list.get(from..to).unwrap_or_default().iter().map(|&(_, position)| usize::try_from(position).unwrap_or(usize::MAX))
    }

    /// Gives back the room the lists' growth left (after an import: they grow no more).
    pub(super) fn shrink_to_fit(&mut self) {
        for list in self.0.values_mut() {
            list.days.shrink_to_fit();
            list.month_overtime.shrink_to_fit();
        }
    }

    /// The overtime counted in the worker's month of `date`.
    pub(super) fn month_overtime(&self, worker: &WorkerId, date: NaiveDate) -> Decimal {
        self.0
            .get(worker)
            .and_then(|list| list.month_at(first_of_month(date)).ok().and_then(|at| list.month_overtime.get(at)))
            .map_or(Decimal::ZERO, |(_, hours)| *hours)
    }

    /// Every worker's lists, for the register's invariants.
    pub(super) fn lists(&self) -> impl Iterator<Item = (&WorkerId, &WorkerEntries)> {
        self.0.iter()
    }
}

/// A position as the index keeps it (a register holds fewer than 2³² entries).
fn position32(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(u32::MAX)
}
