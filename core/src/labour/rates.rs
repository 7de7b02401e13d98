//! Effective-dated day-work rates (per worker or per trade), the overtime policy, and the
//! costing of a worker's day by the calendar (Labour Law art. 44).
//!
//! Costing rule: a worker's hours on one day are taken in entry order; on a working day the
//! first `hours per day` of the calendar are regular and the rest overtime (×1.5 by
//! default), on a rest day all hours are overtime (×2), on a statutory holiday all are
//! overtime (×3). An entry's amount = rate × (regular + overtime × multiplier), per hour or
//! per 工日 (hours ÷ hours per 工日), rounded once to minor units, half away from zero.


use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ids::WorkerId;
use crate::{Currency, DayKind, Error, Money, Result, RoundingStrategy, WorkCalendar};

/// What a rate is paid per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateUnit {
    /// Per hour.
    Hour,
    /// 工日: a day of `hours per 工日` hours.
    Workday,
}
crate::persist::persist_enum!(RateUnit { 0 => Hour, 1 => Workday });


/// Whom a rate applies to: one worker, or everyone of a trade (a worker's own rate wins).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum RateScope {
    /// One worker's own rate; the worker's id.
    Worker(WorkerId),
    /// Everyone of a trade; the trade's name.
    Trade(String),
}
crate::persist::persist_enum!(RateScope { 0 => Worker(v0), 1 => Trade(v0) });


impl RateScope {
    /// The scope of a trade or of one worker: exactly one of them.
    pub fn of(trade: Option<String>, worker_id: Option<String>) -> Result<RateScope> {
        match (trade, worker_id) {
            (Some(trade), None) => Ok(RateScope::Trade(trade)),
            (None, Some(worker)) => Ok(RateScope::Worker(worker.into())),
            _ => Err(Error::invalid_field("rate", "a rate is for a trade or for one worker (give one of them)")),
        }
    }
}

/// A rate in force from a date until the next rate of the same scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Whom it applies to.
    pub scope: RateScope,
    #[serde(serialize_with = "crate::wire::date")]
    /// The first day it is in force.
    pub valid_from: NaiveDate,
    /// Per hour or per 工日.
    pub unit: RateUnit,
    #[serde(with = "crate::wire::exact")]
    /// The amount per unit, in the project's currency.
    pub amount: Decimal,
}
crate::persist::persist_struct!(Rate { scope, valid_from, unit, amount });


impl Rate {
    /// A trade's rate in force from `valid_from`, per hour or per 工日.
    #[must_use]
    pub fn for_trade(trade: &str, valid_from: NaiveDate, unit: RateUnit, amount: Decimal) -> Rate {
        Rate { scope: RateScope::Trade(trade.to_owned()), valid_from, unit, amount }
    }

    /// One worker's own rate (it wins over the trade's) in force from `valid_from`.
    #[must_use]
    pub fn for_worker(worker_id: &str, valid_from: NaiveDate, unit: RateUnit, amount: Decimal) -> Rate {
        Rate { scope: RateScope::Worker(worker_id.into()), valid_from, unit, amount }
    }
}

/// Rates by scope, each list ordered by `valid_from`: workers' and trades' apart, so costing
/// an entry looks its worker and trade up as they are held, making no key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RateTable {
    by_worker: crate::collections::LookupMap<WorkerId, Vec<Rate>>,
    by_trade: crate::collections::LookupMap<String, Vec<Rate>>,
}
crate::persist::persist_struct!(RateTable { by_worker, by_trade });


impl RateTable {
    /// Adds or replaces (same scope and date) a rate; a rate is positive.
    pub fn set(&mut self, rate: Rate) -> Result<()> {
        if rate.amount <= Decimal::ZERO {
            return Err(Error::invalid_field("rate", format!("{} is not above zero", rate.amount)));
        }
        let list = match &rate.scope {
            RateScope::Worker(worker) => self.by_worker.entry(worker.clone()).or_default(),
            RateScope::Trade(trade) => self.by_trade.entry(trade.clone()).or_default(),
        };
        match list.binary_search_by_key(&rate.valid_from, |r| r.valid_from) {
            Ok(i) => {
                if let Some(slot) = list.get_mut(i) {
                    *slot = rate;
                }
            }
            Err(i) => list.insert(i, rate),
        }
        Ok(())
    }

    /// The days the rate in force for a worker of a trade changes, each with the rate from
    /// then on ([`RateTable::in_force`] between one and the next), in date order.
    #[must_use]
    pub fn changes<'a>(&'a self, worker_id: &str, trade: &str) -> Vec<(NaiveDate, &'a Rate)> {
        let own = self.by_worker.get(worker_id).into_iter().flatten();
        let of_trade = self.by_trade.get(trade).into_iter().flatten();
        let mut days: Vec<NaiveDate> = own.chain(of_trade).map(|r| r.valid_from).collect();
        days.sort_unstable();
        days.dedup();
        days.into_iter().filter_map(|day| self.in_force(worker_id, trade, day).map(|rate| (day, rate))).collect()
    }

    /// The rate in force on `date` for a worker of a trade: the worker's own, else the trade's.
    #[must_use]
    pub fn in_force<'a>(&'a self, worker_id: &str, trade: &str, date: NaiveDate) -> Option<&'a Rate> {
        let latest = |list: &'a Vec<Rate>| list.iter().take_while(|r| r.valid_from <= date).last();
        self.by_worker.get(worker_id).and_then(latest).or_else(|| self.by_trade.get(trade).and_then(latest))
    }
}

/// Overtime multipliers (Labour Law art. 44) and the length of a 工日.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct OvertimePolicy {
    #[serde(with = "crate::wire::exact")]
    /// Multiplier of overtime on a working day (1.5 by default).
    pub working_day: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// Multiplier of work on a rest day (2 by default).
    pub rest_day: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// Multiplier of work on a statutory holiday (3 by default).
    pub statutory_holiday: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// Hours in a 工日, and the regular hours of a working day (8 by default).
    pub hours_per_workday: Decimal,
}
crate::persist::persist_struct!(OvertimePolicy { working_day, rest_day, statutory_holiday, hours_per_workday });


impl Default for OvertimePolicy {
    fn default() -> Self {
        OvertimePolicy {
            working_day: Decimal::new(15, 1),
            rest_day: Decimal::from(2),
            statutory_holiday: Decimal::from(3),
            hours_per_workday: Decimal::from(8),
        }
    }
}

impl OvertimePolicy {
    /// The policy's own checks: multipliers at least 1, a 工日 of more than 0 and at most 24 h.
    pub fn check(&self) -> Result<()> {
        for (name, m) in [("working-day overtime", self.working_day), ("rest-day overtime", self.rest_day), ("statutory-holiday overtime", self.statutory_holiday)] {
            if m < Decimal::ONE {
                return Err(Error::invalid_field("overtime policy", format!("the {name} multiplier {m} is below 1")));
            }
        }
        if self.hours_per_workday <= Decimal::ZERO || self.hours_per_workday > Decimal::from(24) {
            return Err(Error::invalid_field("overtime policy", format!("a 工日 of {} h is not in (0, 24]", self.hours_per_workday)));
        }
        Ok(())
    }

    /// The multiplier of overtime on a day of `kind`.
    #[must_use]
    pub fn multiplier(&self, kind: DayKind) -> Decimal {
        match kind {
            DayKind::Working => self.working_day,
            DayKind::RestDay => self.rest_day,
            DayKind::StatutoryHoliday => self.statutory_holiday,
        }
    }
}

/// How much was worked: hours, or 工日.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Quantity {
    /// Hours.
    Hours(#[serde(with = "crate::wire::exact")] Decimal),
    /// 工日 (workdays).
    Workdays(#[serde(with = "crate::wire::exact")] Decimal),
}
crate::persist::persist_enum!(Quantity { 0 => Hours(v0), 1 => Workdays(v0) });


impl Quantity {
    /// Hours or 工日: exactly one of them.
    pub fn of(hours: Option<Decimal>, workdays: Option<Decimal>) -> Result<Quantity> {
        match (hours, workdays) {
            (Some(h), None) => Ok(Quantity::Hours(h)),
            (None, Some(d)) => Ok(Quantity::Workdays(d)),
            _ => Err(Error::invalid_field("quantity", "give hours or workdays (工日), one of them")),
        }
    }

    /// The hours, to 0.01 h (finer is refused rather than rounded).
    pub fn hours(&self, policy: &OvertimePolicy) -> Result<Decimal> {
        let hours = match self {
            Quantity::Hours(h) => *h,
            Quantity::Workdays(d) => d.checked_mul(policy.hours_per_workday).ok_or_else(|| Error::overflow("工日 to hours"))?,
        };
        if hours <= Decimal::ZERO {
            return Err(Error::invalid_field("hours", format!("{hours} h is not above zero")));
        }
        // Normalised only when written finer (`8.000`): a million entries are checked on import.
        if hours.scale() > 2 && hours.normalize().scale() > 2 {
            return Err(Error::invalid_field("hours", format!("{hours} h: hours are recorded to 0.01 h")));
        }
        Ok(in_hours(hours))
    }
}

/// Hours in their one form, at two places (`8` and `8.0` both read `8.00`), so equal hours
/// print and compare alike on every surface.
#[must_use]
pub fn in_hours(hours: Decimal) -> Decimal {
    crate::decimal::at_places(hours, 2)
}

/// One entry's share of a worker's day, costed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct CostedHours {
    /// The kind of day worked.
    pub day_kind: DayKind,
    #[serde(with = "crate::wire::exact")]
    /// Hours paid at the plain rate.
    pub regular_hours: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// Hours paid at the multiplier.
    pub overtime_hours: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// The multiplier of the overtime hours.
    pub multiplier: Decimal,
    /// The cost, rounded to the currency's minor unit.
    pub amount: Money,
    /// The regular hours' pay, rounded on its own; the overtime pay is `amount` less this, so
    /// the two items always sum to the amount.
    pub regular_pay: Money,
}
crate::persist::persist_struct!(CostedHours { day_kind, regular_hours, overtime_hours, multiplier, amount, regular_pay });


/// Costs `hours` of one entry on a day of `kind`, when `regular_left` regular hours of the
/// worker's day remain (see the module rule). One rounding point: the amount, half away
/// from zero.
pub fn cost_entry(hours: Decimal, regular_left: Decimal, kind: DayKind, rate: &Rate, policy: &OvertimePolicy, currency: Currency) -> Result<CostedHours> {
    let multiplier = policy.multiplier(kind);
    let regular = if kind == DayKind::Working { hours.min(regular_left.max(Decimal::ZERO)) } else { Decimal::ZERO };
    // regular ≤ hours, so nothing saturates.
    let overtime = hours.saturating_sub(regular);
    let per_hour = |amount: Decimal| match rate.unit {
        RateUnit::Hour => Some(divided_by_one(amount)),
        RateUnit::Workday => amount.checked_div(policy.hours_per_workday),
    };
    let weighted = overtime.checked_mul(multiplier).and_then(|o| o.checked_add(regular)).ok_or_else(|| Error::overflow("labour hours"))?;
    let pay = |hours: Decimal| -> Result<Money> {
        let amount = rate.amount.checked_mul(hours).and_then(per_hour).ok_or_else(|| Error::overflow("labour amount"))?;
        Ok(Money::new(amount, currency).round(RoundingStrategy::HalfAwayFromZero))
    };
    Ok(CostedHours { day_kind: kind, regular_hours: in_hours(regular), overtime_hours: in_hours(overtime), multiplier, amount: pay(weighted)?, regular_pay: pay(regular)? })
}

/// `amount / 1` as `Decimal` division gives it — the amount itself, zero as a plain `0` — without
/// dividing (every hourly entry costed would).
fn divided_by_one(amount: Decimal) -> Decimal {
    if amount.is_zero() { Decimal::ZERO } else { amount }
}

/// Costs one worker's entries of one day, in entry order (see the module rule). `hours`
/// are the entries' hours; the rate is the one in force that day.
pub fn cost_day(hours: &[Decimal], date: NaiveDate, rate: &Rate, calendar: &WorkCalendar, policy: &OvertimePolicy, currency: Currency) -> Result<Vec<CostedHours>> {
    let kind = calendar.classify(date)?;
    let mut regular_left = calendar.hours_per_day();
    hours
        .iter()
        .map(|h| {
            let costed = cost_entry(*h, regular_left, kind, rate, policy, currency)?;
            regular_left = regular_left.saturating_sub(costed.regular_hours);
            Ok(costed)
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn dividing_by_one_is_skipped_exactly(mantissa in proptest::prelude::any::<i64>(), scale in 0_u32..=28) {
            let amount = Decimal::new(mantissa, scale);
            let divided = amount.checked_div(Decimal::ONE).unwrap();
            proptest::prop_assert_eq!(divided_by_one(amount).serialize(), divided.serialize());
        }
    }

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    fn per_workday(amount: &str) -> Rate {
        Rate { scope: RateScope::Trade("钢筋工".into()), valid_from: date(1, 1), unit: RateUnit::Workday, amount: amount.parse().unwrap() }
    }

    fn cost(hours: &[&str], day: NaiveDate, rate: &Rate) -> Vec<(String, String, String)> {
        let calendar = WorkCalendar::china_2025().unwrap();
        let hours: Vec<Decimal> = hours.iter().map(|h| h.parse().unwrap()).collect();
        cost_day(&hours, day, rate, &calendar, &OvertimePolicy::default(), Currency::CNY)
            .unwrap()
            .into_iter()
            .map(|c| (c.regular_hours.to_string(), c.overtime_hours.to_string(), c.amount.to_string()))
            .collect()
    }

    #[test]
    fn the_calendar_decides_the_overtime() {
        let rate = per_workday("300"); // 37.50 an hour
        // Sunday 26 January is a make-up working day (调休): 8 h regular, 2 h at ×1.5.
        assert_eq!(cost(&["10"], date(1, 26), &rate), [("8.00".into(), "2.00".into(), "CNY 412.50".into())]);
        // Sunday 2 February is inside the Spring Festival break but not statutory: ×2.
        assert_eq!(cost(&["8"], date(2, 2), &rate), [("0.00".into(), "8.00".into(), "CNY 600.00".into())]);
        // 29 January, the first day of the year, is a statutory holiday: ×3.
        assert_eq!(cost(&["8"], date(1, 29), &rate), [("0.00".into(), "8.00".into(), "CNY 900.00".into())]);
        // Two entries of one working day: the later one carries the overtime.
        assert_eq!(
            cost(&["6", "4"], date(3, 3), &rate),
            [("6.00".into(), "0.00".into(), "CNY 225.00".into()), ("2.00".into(), "2.00".into(), "CNY 187.50".into())]
        );
        // One rounding point: 41.67 × (8 + 0.5 × 1.5) = 364.6125 → 364.61.
        let hourly = Rate { unit: RateUnit::Hour, amount: "41.67".parse().unwrap(), ..per_workday("1") };
        assert_eq!(cost(&["8.5"], date(3, 3), &hourly), [("8.00".into(), "0.50".into(), "CNY 364.61".into())]);
    }

    #[test]
    fn a_worker_rate_wins_over_the_trade_and_dates_decide() {
        let mut rates = RateTable::default();
        rates.set(per_workday("300")).unwrap();
        rates.set(Rate { valid_from: date(3, 16), ..per_workday("320") }).unwrap();
        rates.set(Rate { scope: RateScope::Worker("W1".into()), valid_from: date(4, 1), unit: RateUnit::Hour, amount: "45".parse().unwrap() }).unwrap();
        let amount = |worker: &str, day| rates.in_force(worker, "钢筋工", day).map(|r| r.amount.to_string());
        assert_eq!(amount("W2", date(3, 15)).as_deref(), Some("300"));
        assert_eq!(amount("W2", date(3, 16)).as_deref(), Some("320"));
        assert_eq!(amount("W1", date(3, 31)).as_deref(), Some("320"));
        assert_eq!(amount("W1", date(4, 1)).as_deref(), Some("45"));
        assert_eq!(rates.in_force("W2", "木工", date(4, 1)), None);
        assert_eq!(rates.set(per_workday("0")).unwrap_err().kind(), "InvalidField");
    }

    #[test]
    fn hours_are_exact_to_a_hundredth() {
        let policy = OvertimePolicy::default();
        assert_eq!(Quantity::Workdays("0.5".parse().unwrap()).hours(&policy).unwrap().to_string(), "4.00");
        assert_eq!(Quantity::Hours("0.125".parse().unwrap()).hours(&policy).unwrap_err().kind(), "InvalidField");
        assert_eq!(Quantity::Hours(Decimal::ZERO).hours(&policy).unwrap_err().kind(), "InvalidField");
    }
}
