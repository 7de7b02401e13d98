//! Labour Law art. 41's overtime warnings (at most 3 h a day and 36 h a month): raised by an
//! accepted batch, never refusing it. The register keeps each as the entry it names (whose
//! worker, day and event are the warning's), the limit passed and the overtime counted, and
//! writes its message when asked: a warning costs a few bytes, not a sentence.

use chrono::NaiveDate;
use hashbrown::HashMap;
use rust_decimal::Decimal;
use serde::Serialize;

use super::entries::EntryRecord;
use super::record::{DayInBatch, DayKey};
use super::wages::{first_of_month, last_of_month};
use super::{DayWork, OVERTIME_A_DAY, OVERTIME_A_MONTH};
use crate::ids::{EntryId, WorkerId};
use crate::EventId;

/// A warning an accepted batch raised (Labour Law art. 41's overtime limits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct DayWorkWarning {
    /// The event that raised it.
    pub event_id: EventId,
    /// The entry it is about.
    pub entry_id: EntryId,
    /// The worker.
    pub worker_id: WorkerId,
    #[serde(serialize_with = "crate::wire::date")]
    /// The day.
    pub date: NaiveDate,
    /// What looks wrong.
    pub message: String,
}

/// The limit a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Limit {
    /// Overtime of the entry's day.
    Day,
    /// Overtime of the entry's month.
    Month,
}

/// The bit of [`Warned::entry`] that says the limit is the month's (a register holds fewer
/// than 2³¹ entries): a warning is 20 bytes, not 24.
const MONTH: u32 = 1 << 31;

/// A warning as the register keeps it: the position of the batch's entry it names (its last
/// entry on that day, or its last overtime entry of that month) with the limit, the overtime.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Warned {
    entry: u32,
    overtime: Decimal,
}
crate::persist::persist_struct!(Warned { entry, overtime });

impl Warned {
    fn new(at: usize, limit: Limit, overtime: Decimal) -> Warned {
        let position = u32::try_from(at).unwrap_or(u32::MAX) & !MONTH;
        Warned { entry: if limit == Limit::Month { position | MONTH } else { position }, overtime }
    }

    fn limit(&self) -> Limit {
        if self.entry & MONTH == 0 { Limit::Day } else { Limit::Month }
    }

    /// The warning in full, of its entry.
    fn read(&self, entry: &EntryRecord<'_>) -> DayWorkWarning {
        let message = match self.limit() {
            // A sentence reads `8 h`, not the held `8.00`.
            Limit::Day => format!("{} h overtime on {} (art. 41: at most {OVERTIME_A_DAY} h a day)", self.overtime.normalize(), entry.date),
            Limit::Month => format!("{} h overtime in {} (art. 41: at most {OVERTIME_A_MONTH} h a month)", self.overtime.normalize(), entry.date.format("%Y-%m")),
        };
        DayWorkWarning { event_id: entry.event_id.clone(), entry_id: entry.entry_id.clone(), worker_id: entry.worker_id.clone(), date: entry.date, message }
    }

    /// The position of the entry it names.
    pub(super) fn entry(&self) -> usize {
        usize::try_from(self.entry & !MONTH).unwrap_or(usize::MAX)
    }
}

impl DayWork {
    /// The warnings one event's batch raised (every warning with `None`), in fold order.
    #[must_use]
    pub fn warnings_for(&self, event_id: Option<&str>) -> Vec<DayWorkWarning> {
        // Sentences are written only for the warnings kept.
        self.warnings.iter().filter_map(|warned| self.with_entry(warned)).filter(|(_, entry)| event_id.is_none_or(|id| entry.event_id.as_str() == id)).map(|(warned, entry)| warned.read(&entry)).collect()
    }

    /// The warnings of accepted batches, in fold order.
    pub fn warnings(&self) -> impl DoubleEndedIterator<Item = DayWorkWarning> + Clone + '_ {
        self.warnings.iter().filter_map(|warned| self.with_entry(warned)).map(|(warned, entry)| warned.read(&entry))
    }

    /// A kept warning with the entry it names (always held: the invariants check it).
    fn with_entry<'a>(&'a self, warned: &'a Warned) -> Option<(&'a Warned, EntryRecord<'a>)> {
        self.register.view(warned.entry()).map(|entry| (warned, entry))
    }

    /// The warnings raised by event `event_id`'s batch, whose first entry is `first_entry_id`
    /// (none when the register holds no such entry of that event: the batch was refused):
    /// a batch's entries are consecutive, and so are its warnings (found by halving, not by a
    /// scan).
    pub(crate) fn warnings_of_batch(&self, event_id: &str, first_entry_id: &str) -> Vec<DayWorkWarning> {
        let Some(first) = self.position_of(first_entry_id) else { return Vec::new() };
        let Some(event_id) = self.register.get(first).and_then(|held| self.register.batch(held)).map(|b| &b.event_id).filter(|id| id.as_str() == event_id) else { return Vec::new() };
        let (mut low, mut high) = (0, self.warnings.len());
        while low < high {
            let middle = usize::midpoint(low, high);
            if self.warnings.get(middle).is_some_and(|w| w.entry() < first) {
                low = middle.saturating_add(1);
            } else {
                high = middle;
            }
        }
        (low..self.warnings.len())
            .filter_map(|at| self.warnings.get(at).and_then(|warned| self.with_entry(warned)))
            .take_while(|(_, entry)| entry.event_id == event_id)
            .map(|(warned, entry)| warned.read(&entry))
            .collect()
    }

    /// Art. 41 warnings for the days (and their months) a batch touched: one per day over the
    /// limit, and one per month over the limit where the batch added overtime, on the batch's
    /// last entry there. (`days`: each worker-day of the batch, its totals after the batch and
    /// the position of its last entry; `overtime_days`: the worker-day of each entry with overtime.)
    pub(super) fn warn_overtime(&mut self, days: &HashMap<DayKey<'_>, DayInBatch>, overtime_days: &[DayKey<'_>]) {
        // A month is summed only where the batch added overtime, named on its last such day.
        let mut months: HashMap<DayKey<'_>, NaiveDate> = HashMap::with_capacity(overtime_days.len());
        for &(worker, date) in overtime_days {
            let latest = months.entry((worker, first_of_month(date))).or_insert(date);
            *latest = date.max(*latest);
        }
        // Day warnings by worker and day, then month warnings by worker and month.
        let mut by_day = Vec::new();
        for (&(worker, date), &(totals, at)) in days {
            let overtime = totals.2;
            debug_assert_eq!(overtime, self.day_totals(worker, date).2, "the batch's count of {worker} on {date}");
            if overtime > Decimal::from(OVERTIME_A_DAY) {
                by_day.push(((worker, date), Warned::new(at, Limit::Day, overtime)));
            }
        }
        let mut by_month = Vec::new();
        for ((worker, month), date) in months {
            let overtime = self.by_worker_day.month_overtime(worker, month);
            debug_assert_eq!(overtime, self.overtime_between(worker, month, last_of_month(month)), "the running count of {worker}'s {month}");
            if let Some(&(_, at)) = days.get(&(worker, date)).filter(|_| overtime > Decimal::from(OVERTIME_A_MONTH)) {
                by_month.push(((worker, month), Warned::new(at, Limit::Month, overtime)));
            }
        }
        by_day.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        by_month.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, warned) in by_day.into_iter().chain(by_month) {
            self.warnings.push(warned);
        }
    }
}
