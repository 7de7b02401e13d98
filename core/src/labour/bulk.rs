//! Bulk costing: raw day work as columns (worker, day, hours, in the order recorded) costed
//! by the journal's own rules — the calendar's day kinds, effective-dated rates per worker or
//! trade, the day's regular hours shared by a worker's entries in order, one rounding point
//! ([`cost_entry`]) — for "what if" re-costing of a year of time sheets under a new rate card
//! or overtime policy, with no journal.
//!
//! Each row costs a few integer steps: day kinds are classified once per day, a worker's rate
//! timeline once per worker, and amounts come from [`cost_entry`] itself through a small cache
//! keyed by what they depend on (rate, day kind, regular and overtime hours). Rows are split
//! among threads by worker, so a worker's day is still taken in row order and the result does
//! not depend on the number of threads.

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

/// Problems listed in an error at most; the count of the rest follows.
const PROBLEMS_SHOWN: usize = 100;

/// Costs raw day work by the rules, exactly as recording the rows in that order on one
/// project of a journal would (see the module). Every problem — a row with no rate in force,
/// a day outside the calendar, hours not above zero, a worker over 24 h a day — is
/// collected and the whole call refused ([`Error::InvalidDayWork`], rows numbered from 0).
pub fn cost_day_work(rows: &RawDayWork<'_>, rules: &CostingRules<'_>) -> Result<CostedDayWork> {
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
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(n / MIN_ROWS_A_THREAD).max(1);
    cost_on(rows, rules, day_centihours, threads)
}

/// The costing on `threads` threads (each takes the workers whose index leaves its number
/// modulo `threads`).
fn cost_on(rows: &RawDayWork<'_>, rules: &CostingRules<'_>, day_centihours: i64, threads: usize) -> Result<CostedDayWork> {
    let n = rows.worker.len();
    let mut parts = Vec::with_capacity(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|part| scope.spawn(move || Costing::new(rules, day_centihours).run(rows, part, threads))).collect();
        for handle in handles {
            parts.push(handle.join().unwrap_or_else(|_| Err(Error::invalid_field("day work", "a costing thread failed"))));
        }
    });
    merge(parts, n)
}

/// Below this many rows a thread costs too little to be worth starting.
const MIN_ROWS_A_THREAD: usize = 1 << 16;

/// A thread's share: the rows it costed (by row number), its rates, its problems.
struct Share {
    rows: Vec<(u32, Costed)>,
    rates: Vec<Rate>,
    problems: Vec<(usize, Problem)>,
}

#[derive(Clone, Copy)]
struct Costed {
    regular: i64,
    overtime: i64,
    kind: DayKind,
    rate: u32,
    amount: i64,
}

/// Joins the threads' shares into row order, renumbering their rates into one list.
fn merge(parts: Vec<Result<Share>>, n: usize) -> Result<CostedDayWork> {
    let mut shares = Vec::with_capacity(parts.len());
    for part in parts {
        shares.push(part?);
    }
    let mut problems: Vec<(usize, Problem)> = shares.iter_mut().flat_map(|s| std::mem::take(&mut s.problems)).collect();
    if !problems.is_empty() {
        problems.sort_by_key(|(row, _)| *row);
        let more = problems.len() > PROBLEMS_SHOWN;
        let mut shown: Vec<Problem> = problems.into_iter().take(PROBLEMS_SHOWN).map(|(_, p)| p).collect();
        if more {
            shown.push(Problem::new("", "entries", ProblemCode::InvalidQuantity, format!("and more (the first {PROBLEMS_SHOWN} problems are listed)")));
        }
        return Err(Error::InvalidDayWork { project_id: String::new(), problems: shown });
    }
    let mut out = CostedDayWork {
        regular_centihours: vec![0; n],
        overtime_centihours: vec![0; n],
        day_kind: vec![DayKind::Working; n],
        rate: vec![0; n],
        rates: Vec::new(),
        amount_minor: vec![0; n],
    };
    for share in shares {
        let renumbered: Vec<u32> = share.rates.into_iter().map(|rate| index_of(&mut out.rates, rate)).collect();
        for (row, costed) in share.rows {
            let row = row as usize;
            if let (Some(r), Some(o), Some(k), Some(i), Some(a)) = (
                out.regular_centihours.get_mut(row),
                out.overtime_centihours.get_mut(row),
                out.day_kind.get_mut(row),
                out.rate.get_mut(row),
                out.amount_minor.get_mut(row),
            ) {
                (*r, *o, *k, *a) = (costed.regular, costed.overtime, costed.kind, costed.amount);
                *i = renumbered.get(costed.rate as usize).copied().unwrap_or_default();
            }
        }
    }
    Ok(out)
}

/// The index of `rate` in `rates`, added when new (rates are few: a list beats a map).
fn index_of(rates: &mut Vec<Rate>, rate: Rate) -> u32 {
    let at = rates.iter().position(|r| *r == rate).unwrap_or_else(|| {
        rates.push(rate);
        rates.len().saturating_sub(1)
    });
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// Hours as 0.01 h, when they are whole hundredths within i64.
fn centihours(hours: Decimal) -> Option<i64> {
    let scaled = hours.checked_mul(Decimal::ONE_HUNDRED)?;
    (scaled.fract().is_zero()).then(|| i64::try_from(scaled).ok()).flatten()
}

/// One thread's costing state.
struct Costing<'r> {
    rules: &'r CostingRules<'r>,
    day_centihours: i64,
    /// Per worker index, resolved on first use: the days a new rate comes into force, each
    /// with its index into `rates`.
    timelines: HashMap<u32, Vec<(i32, u32)>>,
    rates: Vec<Rate>,
    /// Day kinds by day number, classified on first use (an error for days outside the calendar).
    kinds: HashMap<i32, std::result::Result<DayKind, String>>,
    /// Per (worker, day): regular hours taken and hours counted, in 0.01 h.
    days: HashMap<(u32, i32), (i64, i64)>,
    amounts: AmountCache,
}

impl<'r> Costing<'r> {
    fn new(rules: &'r CostingRules<'r>, day_centihours: i64) -> Costing<'r> {
        Costing { rules, day_centihours, timelines: HashMap::new(), rates: Vec::new(), kinds: HashMap::new(), days: HashMap::new(), amounts: AmountCache::new() }
    }

    /// Costs the rows of the workers in this thread's part (worker index mod `parts`), in
    /// row order.
    fn run(mut self, rows: &RawDayWork<'_>, part: usize, parts: usize) -> Result<Share> {
        let mut costed = Vec::new();
        let mut problems = Vec::new();
        let mine = rows.worker.iter().zip(rows.day).zip(rows.centihours).enumerate().filter(|(_, ((w, _), _))| (**w as usize).checked_rem(parts) == Some(part));
        for (row, ((worker, day), hours)) in mine {
            match self.cost(*worker, *day, *hours, row, &mut problems) {
                Ok(Some(c)) => costed.push((u32::try_from(row).unwrap_or(u32::MAX), c)),
                Ok(None) => {}
                Err(error) => return Err(error),
            }
            if problems.len() > PROBLEMS_SHOWN {
                // The whole call is refused: counting further problems costs without use.
                break;
            }
        }
        Ok(Share { rows: costed, rates: self.rates, problems })
    }

    /// One row, as the journal records it: problems are noted and the row left uncosted.
    fn cost(&mut self, worker: u32, day: i32, hours: i64, row: usize, problems: &mut Vec<(usize, Problem)>) -> Result<Option<Costed>> {
        let item = format!("at row {row}");
        let mut problem = |field: &str, code: ProblemCode, message: String| problems.push((row, Problem::new(&item, field, code, message)));
        let date = date_of_day_number(day).unwrap_or_default();
        let kind = match self.kind(day) {
            Ok(kind) => Some(kind),
            Err(message) => {
                problem("date", ProblemCode::OutsideCalendar, message);
                None
            }
        };
        if hours <= 0 {
            problem("hours", ProblemCode::InvalidQuantity, format!("{} h is not above zero", Decimal::new(hours, 2)));
            return Ok(None);
        }
        let Some(rate) = self.rate_in_force(worker, day) else {
            let w = worker as usize;
            problem("date", ProblemCode::NoRate, format!("no rate in force for {} ({}) on {date}", at(self.rules.worker_ids, w), at(self.rules.trades, w)));
            return Ok(None);
        };
        let taken = self.days.entry((worker, day)).or_insert((0, 0));
        taken.1 = taken.1.saturating_add(hours);
        if taken.1 > i64::from(MAX_HOURS_A_DAY).saturating_mul(100) {
            let counted = Decimal::new(taken.1, 2);
            problem("hours", ProblemCode::OverDailyLimit, format!("{} would have {counted} h on {date} (at most {MAX_HOURS_A_DAY})", at(self.rules.worker_ids, worker as usize)));
            return Ok(None);
        }
        let Some(kind) = kind else { return Ok(None) };
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
        Ok(Some(Costed { regular, overtime, kind, rate, amount }))
    }

    fn kind(&mut self, day: i32) -> std::result::Result<DayKind, String> {
        let calendar = self.rules.calendar;
        self.kinds
            .entry(day)
            .or_insert_with(|| match date_of_day_number(day) {
                Some(date) => calendar.classify(date).map_err(|e| e.to_string()),
                None => Err(format!("day {day} is not a date")),
            })
            .clone()
    }

    /// The rate in force for a worker on a day, as an index into this thread's rates.
    fn rate_in_force(&mut self, worker: u32, day: i32) -> Option<u32> {
        let (rules, rates) = (self.rules, &mut self.rates);
        let timeline = self.timelines.entry(worker).or_insert_with(|| {
            let w = worker as usize;
            rules
                .rates
                .changes(at(rules.worker_ids, w), at(rules.trades, w))
                .into_iter()
                .map(|(from, rate)| (day_number(from), index_of(rates, rate.clone())))
                .collect()
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

const CACHE_SLOTS: usize = 1 << 12;

impl AmountCache {
    fn new() -> AmountCache {
        AmountCache { slots: vec![None; CACHE_SLOTS] }
    }

    fn slot(rate: u32, kind: u8, regular: i64, overtime: i64) -> usize {
        let mixed = u64::from(rate).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(kind).wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ (regular as u64).wrapping_mul(0x1656_67B1_9E37_79F9) ^ (overtime as u64).wrapping_mul(0x27D4_EB2F_1656_67C5);
        usize::try_from(mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52).unwrap_or(0) % CACHE_SLOTS
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
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::labour::RateUnit;

    #[test]
    fn the_result_does_not_depend_on_the_number_of_threads() {
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
        let one = cost_on(&rows, &rules, 800, 1).unwrap();
        for threads in 2..=5 {
            let many = cost_on(&rows, &rules, 800, threads).unwrap();
            assert_eq!((&many.regular_centihours, &many.amount_minor, &many.day_kind), (&one.regular_centihours, &one.amount_minor, &one.day_kind), "{threads} threads");
            let rate = |c: &CostedDayWork, i: usize| c.rates[c.rate[i] as usize].clone();
            assert!((0..5000).all(|i| rate(&many, i) == rate(&one, i)));
        }
    }
}
