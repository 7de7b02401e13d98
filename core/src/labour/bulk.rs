//! Bulk costing: raw day work as columns (worker, day, hours, in the order recorded) costed
//! by the journal's own rules — the calendar's day kinds, effective-dated rates per worker or
//! trade, the day's regular hours shared by a worker's entries in order, one rounding point
//! ([`cost_entry`]) — for "what if" re-costing of a year of time sheets under a new rate card
//! or overtime policy, with no journal.
//!
//! Each row costs a few integer steps: day kinds are classified once per day, a worker's rate
//! timeline once per worker, a worker-day's hours sit in a dense table, and amounts come from
//! [`cost_entry`] itself through a small cache keyed by what they depend on (rate, day kind,
//! regular and overtime hours). One pass, in row order, as the journal folds.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::aggregate::{date_of_day_number, day_number};
use super::rates::{cost_entry, OvertimePolicy, Rate, RateTable};
use super::MAX_HOURS_A_DAY;
use crate::error::{Problem, ProblemCode};
use crate::{Currency, DayKind, Error, Result, WorkCalendar};

/// Raw day work as columns borrowed from the caller, one row an entry, in the order recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RawDayWork<'a> {
    /// The worker's index into [`CostingRules::worker_ids`], per row.
    pub worker: &'a [u32],
    /// The day, in days from 1970-01-01 (see [`day_number`]).
    pub day: &'a [i32],
    /// Hours, in 0.01 h.
    pub centihours: &'a [i64],
}

/// What raw day work is costed by: the workers (id and trade by worker index), the rates,
/// the calendar, the overtime policy and the currency — what a project of the journal holds.
#[derive(Debug, Clone, Copy)]
pub struct CostingRules<'a> {
    /// The workers' ids, by worker index.
    pub worker_ids: &'a [&'a str],
    /// The workers' trades, by worker index.
    pub trades: &'a [&'a str],
    /// The rates, per worker or trade, effective-dated.
    pub rates: &'a RateTable,
    /// The calendar that tells working days, rest days and statutory holidays.
    pub calendar: &'a WorkCalendar,
    /// Overtime multipliers and the length of a 工日.
    pub policy: &'a OvertimePolicy,
    /// The currency of the rates and amounts.
    pub currency: Currency,
}

/// Costed columns, one row an entry of the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CostedDayWork {
    /// Regular hours, in 0.01 h.
    pub regular_centihours: Vec<i64>,
    /// Overtime hours, in 0.01 h.
    pub overtime_centihours: Vec<i64>,
    /// The kind of the day.
    pub day_kind: Vec<DayKind>,
    /// The rate in force, as an index into `rates`.
    pub rate: Vec<u32>,
    /// The rates applied.
    pub rates: Vec<Rate>,
    /// The amount, in minor units of the currency.
    pub amount_minor: Vec<i64>,
}

/// Problems listed in an error at most.
const PROBLEMS_SHOWN: usize = 100;
/// Worker-days kept in a dense table up to this many (8 bytes each); a map beyond.
const DENSE_WORKER_DAYS: usize = 1 << 23;
/// Days from the year 1 to 9999: the span a costing may cover.
const MAX_SPAN: i64 = 3_652_059;

/// Costs raw day work by the rules, exactly as recording the rows in that order on one
/// project of a journal would (see the module). Every problem — a row with no rate in force,
/// a day outside the calendar, hours not above zero, a worker over 24 h a day — is
/// collected and the whole call refused ([`Error::InvalidDayWork`], rows numbered from 0).
///
/// ```
/// use projectledger::labour::{cost_day_work, day_number, CostingRules, OvertimePolicy, Rate, RateTable, RateUnit, RawDayWork};
/// use projectledger::{Currency, DayKind, Decimal, WorkCalendar};
/// let day = |m, d| chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap();
/// let mut rates = RateTable::default();
/// rates.set(Rate::for_trade("钢筋工", day(1, 1), RateUnit::Workday, Decimal::from(400)))?;
/// let (calendar, policy) = (WorkCalendar::china_2025()?, OvertimePolicy::default());
/// let rules = CostingRules { worker_ids: &["W1"], trades: &["钢筋工"], rates: &rates, calendar: &calendar, policy: &policy, currency: Currency::CNY };
/// // W1: 6 h then 4 h on a working day, 8 h on 1 May (a statutory holiday).
/// let days = [day(4, 30), day(4, 30), day(5, 1)].map(day_number);
/// let costed = cost_day_work(&RawDayWork { worker: &[0, 0, 0], day: &days, centihours: &[600, 400, 800] }, &rules)?;
/// assert_eq!(costed.regular_centihours, [600, 200, 0]);
/// assert_eq!(costed.day_kind[2], DayKind::StatutoryHoliday);
/// assert_eq!(costed.amount_minor, [30_000, 25_000, 120_000]); // 300.00; 2 h 100.00 + 2 h ×1.5 150.00; 8 h ×3 at 50.00
/// # Ok::<(), projectledger::Error>(())
/// ```
pub fn cost_day_work(rows: &RawDayWork<'_>, rules: &CostingRules<'_>) -> Result<CostedDayWork> {
    cost_with(rows, rules, DENSE_WORKER_DAYS)
}

/// The costing, with worker-days in a dense table when there are at most `dense` of them.
fn cost_with(rows: &RawDayWork<'_>, rules: &CostingRules<'_>, dense: usize) -> Result<CostedDayWork> {
    let n = rows.worker.len();
    if rows.day.len() != n || rows.centihours.len() != n {
        return Err(Error::invalid_field("day work columns", format!("worker has {n} rows, day {}, hours {}", rows.day.len(), rows.centihours.len())));
    }
    if rules.trades.len() != rules.worker_ids.len() {
        return Err(Error::invalid_field("workers", format!("{} worker ids but {} trades", rules.worker_ids.len(), rules.trades.len())));
    }
    if let Some(bad) = rows.worker.iter().find(|w| **w as usize >= rules.worker_ids.len()) {
        return Err(Error::invalid_field("worker", format!("worker index {bad} is not in the workers")));
    }
    rules.policy.check()?;
    let day_centihours = centihours(rules.calendar.hours_per_day()).ok_or_else(|| Error::invalid_field("calendar", "hours per day are not in 0.01 h"))?;
    let first = rows.day.iter().min().copied().unwrap_or(0);
    let last = rows.day.iter().max().copied().unwrap_or(0);
    let span = i64::from(last).saturating_sub(i64::from(first)).saturating_add(1);
    if span > MAX_SPAN {
        let shown = |day: i32| date_of_day_number(day).map_or_else(|| format!("day {day}"), |d| d.to_string());
        return Err(Error::DateOutOfRange { reason: format!("day work from {} to {} spans more than the years 1 to 9999", shown(first), shown(last)) });
    }
    let span = usize::try_from(span).unwrap_or(0);
    let mut costing = Costing {
        rules,
        day_centihours,
        first,
        timelines: vec![None; rules.worker_ids.len()],
        rates: Vec::new(),
        kinds: vec![None; span],
        days: WorkerDays::new(rules.worker_ids.len(), span, dense),
        amounts: AmountCache::new(),
    };
    let mut out = CostedDayWork {
        regular_centihours: Vec::with_capacity(n),
        overtime_centihours: Vec::with_capacity(n),
        day_kind: Vec::with_capacity(n),
        rate: Vec::with_capacity(n),
        rates: Vec::new(),
        amount_minor: Vec::with_capacity(n),
    };
    let mut problems = Vec::new();
    for (row, ((worker, day), hours)) in rows.worker.iter().zip(rows.day).zip(rows.centihours).enumerate() {
        match costing.cost(*worker, *day, *hours) {
            Ok(costed) => {
                out.regular_centihours.push(costed.regular);
                out.overtime_centihours.push(costed.overtime);
                out.day_kind.push(costed.kind);
                out.rate.push(costed.rate);
                out.amount_minor.push(costed.amount);
            }
            Err(Refused::Problem(field, code, message)) => {
                problems.push(Problem::new(&format!("at row {row}"), field, code, message));
                if problems.len() > PROBLEMS_SHOWN {
                    break;
                }
            }
            Err(Refused::Error(error)) => return Err(error),
        }
    }
    if !problems.is_empty() {
        if problems.len() > PROBLEMS_SHOWN {
            problems.truncate(PROBLEMS_SHOWN);
            problems.push(Problem::new("", "entries", ProblemCode::InvalidQuantity, format!("and more (the first {PROBLEMS_SHOWN} problems are listed)")));
        }
        return Err(Error::InvalidDayWork { project_id: String::new(), problems });
    }
    out.rates = costing.rates;
    Ok(out)
}

/// Why a row was not costed: a problem of the row (the field, its code, the words), or an
/// error that ends the costing.
enum Refused {
    Problem(&'static str, ProblemCode, String),
    Error(Error),
}

impl From<Error> for Refused {
    fn from(error: Error) -> Self {
        Refused::Error(error)
    }
}

struct Costed {
    regular: i64,
    overtime: i64,
    kind: DayKind,
    rate: u32,
    amount: i64,
}

/// The index of `rate` in `rates`, added when new (rates are few: a list beats a map).
fn index_of(rates: &mut Vec<Rate>, rate: &Rate) -> u32 {
    let at = rates.iter().position(|r| r == rate).unwrap_or_else(|| {
        rates.push(rate.clone());
        rates.len().saturating_sub(1)
    });
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// Hours as 0.01 h, when they are whole hundredths within i64 (the unit of [`RawDayWork`]).
#[must_use]
pub fn centihours(hours: Decimal) -> Option<i64> {
    let scaled = hours.checked_mul(Decimal::ONE_HUNDRED)?;
    (scaled.fract().is_zero()).then(|| i64::try_from(scaled).ok()).flatten()
}

/// Per worker-day: regular hours taken and hours counted, in 0.01 h — a dense table by
/// (worker, day offset) when small enough, a map otherwise.
enum WorkerDays {
    Dense { span: usize, taken: Vec<(i64, i64)> },
    Sparse(HashMap<(u32, usize), (i64, i64)>),
}

impl WorkerDays {
    fn new(workers: usize, span: usize, dense: usize) -> WorkerDays {
        match workers.checked_mul(span) {
            Some(cells) if cells <= dense => WorkerDays::Dense { span, taken: vec![(0, 0); cells] },
            _ => WorkerDays::Sparse(HashMap::new()),
        }
    }

    fn get(&mut self, worker: u32, offset: usize) -> Option<&mut (i64, i64)> {
        match self {
            WorkerDays::Dense { span, taken } => (worker as usize).checked_mul(*span).and_then(|at| at.checked_add(offset)).and_then(|at| taken.get_mut(at)),
            WorkerDays::Sparse(map) => Some(map.entry((worker, offset)).or_insert((0, 0))),
        }
    }
}

/// The costing's state: what it has resolved once and the worker-days taken so far.
struct Costing<'r> {
    rules: &'r CostingRules<'r>,
    day_centihours: i64,
    /// The first day of the rows: day offsets count from it.
    first: i32,
    /// Per worker index, resolved on first use: the days a new rate comes into force, each
    /// with its index into `rates`.
    timelines: Vec<Option<Vec<(i32, u32)>>>,
    rates: Vec<Rate>,
    /// Day kinds by day offset, classified on first use (the error's words for days outside
    /// the calendar).
    kinds: Vec<Option<std::result::Result<DayKind, String>>>,
    days: WorkerDays,
    amounts: AmountCache,
}

impl Costing<'_> {
    /// One row, as the journal records it: a problem leaves it uncosted.
    fn cost(&mut self, worker: u32, day: i32, hours: i64) -> std::result::Result<Costed, Refused> {
        let offset = usize::try_from(i64::from(day).saturating_sub(i64::from(self.first))).unwrap_or(0);
        let date = date_of_day_number(day).unwrap_or_default();
        let kind = self.kind(day, offset);
        if hours <= 0 {
            return Err(Refused::Problem("hours", ProblemCode::InvalidQuantity, format!("{} h is not above zero", Decimal::new(hours, 2))));
        }
        let Some(rate) = self.rate_in_force(worker, day) else {
            let w = worker as usize;
            return Err(Refused::Problem("date", ProblemCode::NoRate, format!("no rate in force for {} ({}) on {date}", at(self.rules.worker_ids, w), at(self.rules.trades, w))));
        };
        let limit = i64::from(MAX_HOURS_A_DAY).saturating_mul(100);
        let taken = self.days.get(worker, offset).ok_or_else(|| Error::invalid_field("day", "a day outside the rows' span"))?;
        taken.1 = taken.1.saturating_add(hours);
        if taken.1 > limit {
            let counted = Decimal::new(taken.1, 2).normalize();
            return Err(Refused::Problem("hours", ProblemCode::OverDailyLimit, format!("{} would have {counted} h on {date} (at most {MAX_HOURS_A_DAY})", at(self.rules.worker_ids, worker as usize))));
        }
        let kind = kind.map_err(|message| Refused::Problem("date", ProblemCode::OutsideCalendar, message))?;
        let regular = if kind == DayKind::Working { hours.min(self.day_centihours.saturating_sub(taken.0).max(0)) } else { 0 };
        taken.0 = taken.0.saturating_add(regular);
        let overtime = hours.saturating_sub(regular);
        let amount = match self.amounts.get(rate, kind, regular, overtime) {
            Some(amount) => amount,
            None => {
                let rule = self.rates.get(rate as usize).ok_or_else(|| Error::invalid_field("rate", "a rate index out of range"))?;
                let costed = cost_entry(Decimal::new(hours, 2), Decimal::new(regular, 2), kind, rule, self.rules.policy, self.rules.currency)?;
                debug_assert_eq!((centihours(costed.regular_hours), centihours(costed.overtime_hours)), (Some(regular), Some(overtime)));
                let amount = i64::try_from(costed.amount.to_minor_units()?).map_err(|_| Error::overflow("day-work amount"))?;
                self.amounts.put(rate, kind, regular, overtime, amount);
                amount
            }
        };
        Ok(Costed { regular, overtime, kind, rate, amount })
    }

    fn kind(&mut self, day: i32, offset: usize) -> std::result::Result<DayKind, String> {
        let calendar = self.rules.calendar;
        let classify = || match date_of_day_number(day) {
            Some(date) => calendar.classify(date).map_err(|e| e.to_string()),
            None => Err(format!("day {day} is not a date")),
        };
        match self.kinds.get_mut(offset) {
            Some(slot) => slot.get_or_insert_with(classify).clone(),
            None => classify(),
        }
    }

    /// The rate in force for a worker on a day, as an index into `rates`.
    fn rate_in_force(&mut self, worker: u32, day: i32) -> Option<u32> {
        let (rules, rates) = (self.rules, &mut self.rates);
        let w = worker as usize;
        let timeline = self.timelines.get_mut(w)?.get_or_insert_with(|| {
            rules.rates.changes(at(rules.worker_ids, w), at(rules.trades, w)).into_iter().map(|(from, rate)| (day_number(from), index_of(rates, rate))).collect()
        });
        let after = timeline.partition_point(|(from, _)| *from <= day);
        after.checked_sub(1).and_then(|i| timeline.get(i)).map(|(_, rate)| *rate)
    }
}

fn at<'a>(names: &[&'a str], index: usize) -> &'a str {
    names.get(index).copied().unwrap_or_default()
}

/// A direct-mapped cache of amounts by (rate, day kind, regular, overtime): a slot a key
/// hashes to, overwritten on a collision (then the amount is computed again).
struct AmountCache {
    slots: Vec<Option<(AmountKey, i64)>>,
}

/// Rate index, day kind, regular and overtime hours.
type AmountKey = (u32, u8, i64, i64);

const CACHE_SLOTS: usize = 1 << 16;

impl AmountCache {
    fn new() -> AmountCache {
        AmountCache { slots: vec![None; CACHE_SLOTS] }
    }

    fn slot(rate: u32, kind: u8, regular: i64, overtime: i64) -> usize {
        let mixed = u64::from(rate).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(kind).wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ (regular as u64).wrapping_mul(0x1656_67B1_9E37_79F9) ^ (overtime as u64).wrapping_mul(0x27D4_EB2F_1656_67C5);
        usize::try_from(mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48).unwrap_or(0) % CACHE_SLOTS
    }

    fn get(&self, rate: u32, kind: DayKind, regular: i64, overtime: i64) -> Option<i64> {
        let key = (rate, kind as u8, regular, overtime);
        match self.slots.get(Self::slot(key.0, key.1, regular, overtime)) {
            Some(Some((k, amount))) if *k == key => Some(*amount),
            _ => None,
        }
    }

    fn put(&mut self, rate: u32, kind: DayKind, regular: i64, overtime: i64, amount: i64) {
        let key = (rate, kind as u8, regular, overtime);
        if let Some(slot) = self.slots.get_mut(Self::slot(key.0, key.1, regular, overtime)) {
            *slot = Some((key, amount));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::labour::RateUnit;

    #[test]
    fn the_worker_day_map_costs_as_the_dense_table_does() {
        let mut rates = RateTable::default();
        let from = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        rates.set(Rate::for_trade("钢筋工", from, RateUnit::Workday, Decimal::new(35_050, 2))).unwrap();
        rates.set(Rate::for_worker("W7", from, RateUnit::Hour, Decimal::new(4_575, 2))).unwrap();
        let calendar = WorkCalendar::china_2025().unwrap();
        let policy = OvertimePolicy::default();
        let ids: Vec<String> = (0..50).map(|w| format!("W{w}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let trades = vec!["钢筋工"; 50];
        let rules = CostingRules { worker_ids: &ids, trades: &trades, rates: &rates, calendar: &calendar, policy: &policy, currency: Currency::CNY };
        let first = day_number(chrono::NaiveDate::from_ymd_opt(2025, 4, 25).unwrap());
        let worker: Vec<u32> = (0..5000u32).map(|i| i * 31 % 50).collect();
        let day: Vec<i32> = (0..5000).map(|i| first + i % 17).collect();
        let centihours: Vec<i64> = (0..5000).map(|i| 25 * (1 + i64::from(i % 11))).collect();
        let rows = RawDayWork { worker: &worker, day: &day, centihours: &centihours };
        let dense = cost_with(&rows, &rules, DENSE_WORKER_DAYS).unwrap();
        assert_eq!(cost_with(&rows, &rules, 0).unwrap(), dense);
        assert!(dense.overtime_centihours.iter().any(|o| *o > 0) && dense.rates.len() == 2);
    }
}
