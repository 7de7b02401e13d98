//! Cash flow (资金计划): planned outflow against actual outflow and the funds available, period
//! by period and cumulative, and the funding gap — the first period in which the cumulative
//! planned need passes the cumulative funds available, and by how much.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::{Currency, Error, Money, Period, PeriodKind, Result};

/// One period of a cash flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CashFlowRow {
    /// The period (`2025-03`, `2025-Q1`, …).
    #[serde(serialize_with = "period_key")]
    pub period: Period,
    /// Outflow planned in the period.
    pub planned: Money,
    /// Outflow that happened in the period.
    pub actual: Money,
    /// Funds that became available in the period.
    pub available: Money,
    /// Planned outflow to the period's end.
    pub cumulative_planned: Money,
    /// Actual outflow to the period's end.
    pub cumulative_actual: Money,
    /// Funds available to the period's end.
    pub cumulative_available: Money,
    /// Cumulative planned less cumulative available, when above zero.
    pub shortfall: Money,
}

/// The first period whose cumulative planned need passes the cumulative funds available.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FundingGap {
    /// The period.
    #[serde(serialize_with = "period_key")]
    pub period: Period,
    /// By how much the need passes the funds then.
    pub shortfall: Money,
}

/// A cash flow: every period from the first flow to the last, and the funding gap if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CashFlow {
    /// Every period in order, none skipped.
    pub rows: Vec<CashFlowRow>,
    /// The first period short of funds, if any.
    pub funding_gap: Option<FundingGap>,
}

fn period_key<S: Serializer>(period: &Period, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_str(period)
}

/// The three flows, dated, in one currency and whole minor units.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flows<'a> {
    /// Planned outflow (a budget spread, a payment schedule).
    pub planned: &'a [(NaiveDate, Money)],
    /// Actual outflow (payments made).
    pub actual: &'a [(NaiveDate, Money)],
    /// Funds becoming available (a source's amount on its date, a top-up).
    pub available: &'a [(NaiveDate, Money)],
}

/// The most periods one cash flow spans: 200 years of months (a day-by-day flow over
/// centuries is refused rather than allocated).
pub const MAX_PERIODS: i64 = 2_400;

impl CashFlow {
    /// The cash flow of `flows` by periods of `kind`: every amount in `currency` and whole
    /// minor units (a flow that is not is refused, named), over at most [`MAX_PERIODS`].
    pub fn of(flows: Flows<'_>, kind: PeriodKind, currency: Currency) -> Result<CashFlow> {
        let lists = [flows.planned, flows.actual, flows.available];
        let ordinals = lists.iter().flat_map(|list| list.iter().map(|(date, _)| kind.ordinal(*date)));
        let Some((first, last)) = ordinals.fold(None, |span: Option<(i64, i64)>, o| Some(span.map_or((o, o), |(lo, hi)| (lo.min(o), hi.max(o))))) else {
            return Ok(CashFlow { rows: Vec::new(), funding_gap: None });
        };
        let span = last.saturating_sub(first);
        if span >= MAX_PERIODS {
            return Err(Error::invalid_field("cash flow", format!("the flows span {} periods of kind {}; at most {MAX_PERIODS}", span.saturating_add(1), kind.name())));
        }
        // One slot per period from the first to the last (a bounded span), indexed directly.
        let mut sums = vec![[0i128; 3]; usize::try_from(span).unwrap_or(0).saturating_add(1)];
        for (column, list) in lists.into_iter().enumerate() {
            for (date, amount) in list {
                if amount.currency() != currency {
                    return Err(Error::CurrencyMismatch { left: amount.currency().to_string(), right: currency.to_string() });
                }
                let units = amount.to_minor_units()?;
                let slot = usize::try_from(kind.ordinal(*date).saturating_sub(first)).ok().and_then(|at| sums.get_mut(at)).and_then(|s| s.get_mut(column));
                if let Some(sum) = slot {
                    *sum = sum.checked_add(units).ok_or_else(|| Error::overflow("cash flow"))?;
                }
            }
        }
        let money = |units: i128| Money::from_minor_units(units, currency);
        let mut cumulative = [0i128; 3];
        let (mut rows, mut funding_gap) = (Vec::with_capacity(sums.len()), None);
        for (ordinal, period_sums) in (first..).zip(sums) {
            let period = Period::at(kind, ordinal)?;
            for (total, add) in cumulative.iter_mut().zip(period_sums) {
                *total = total.checked_add(add).ok_or_else(|| Error::overflow("cash flow"))?;
            }
            let [planned_to_date, actual_to_date, available_to_date] = cumulative;
            let short = planned_to_date.checked_sub(available_to_date).ok_or_else(|| Error::overflow("cash flow"))?.max(0);
            if short > 0 && funding_gap.is_none() {
                funding_gap = Some(FundingGap { period, shortfall: money(short)? });
            }
            let [planned, actual, available] = period_sums;
            rows.push(CashFlowRow {
                period,
                planned: money(planned)?,
                actual: money(actual)?,
                available: money(available)?,
                cumulative_planned: money(planned_to_date)?,
                cumulative_actual: money(actual_to_date)?,
                cumulative_available: money(available_to_date)?,
                shortfall: money(short)?,
            });
        }
        Ok(CashFlow { rows, funding_gap })
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn on(month: u32, day: u32, amount: &str) -> (NaiveDate, Money) {
        (NaiveDate::from_ymd_opt(2025, month, day).unwrap(), Money::parse(&format!("CNY {amount}")).unwrap())
    }

    #[test]
    fn the_gap_is_the_first_period_short_of_funds() {
        let planned = [on(1, 10, "100"), on(2, 5, "300"), on(4, 1, "200")];
        let actual = [on(1, 31, "90")];
        let available = [on(1, 1, "250"), on(3, 15, "300")];
        let flow = CashFlow::of(Flows { planned: &planned, actual: &actual, available: &available }, PeriodKind::Month, Currency::CNY).unwrap();
        let keys: Vec<String> = flow.rows.iter().map(|r| r.period.to_string()).collect();
        assert_eq!(keys, ["2025-01", "2025-02", "2025-03", "2025-04"]);
        let shortfalls: Vec<String> = flow.rows.iter().map(|r| r.shortfall.to_string()).collect();
        assert_eq!(shortfalls, ["CNY 0.00", "CNY 150.00", "CNY 0.00", "CNY 50.00"]);
        let gap = flow.funding_gap.unwrap();
        assert_eq!((gap.period.to_string(), gap.shortfall.to_string()), ("2025-02".to_owned(), "CNY 150.00".to_owned()));
        let quarters = CashFlow::of(Flows { planned: &planned, actual: &actual, available: &available }, PeriodKind::Quarter, Currency::CNY).unwrap();
        assert_eq!(quarters.rows.len(), 2);
        assert!(quarters.funding_gap.is_some_and(|g| g.period.to_string() == "2025-Q2"));
    }

    #[test]
    fn flows_in_another_currency_or_finer_than_its_unit_are_refused() {
        let usd = [(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), Money::parse("USD 1").unwrap())];
        assert_eq!(CashFlow::of(Flows { planned: &usd, ..Flows::default() }, PeriodKind::Month, Currency::CNY).unwrap_err().kind(), "CurrencyMismatch");
        let fine = [on(1, 1, "0.001")];
        assert!(CashFlow::of(Flows { actual: &fine, ..Flows::default() }, PeriodKind::Month, Currency::CNY).is_err());
        assert!(CashFlow::of(Flows::default(), PeriodKind::Month, Currency::CNY).unwrap().rows.is_empty());
        let centuries = [on(1, 1, "1"), (NaiveDate::from_ymd_opt(2400, 1, 1).unwrap(), Money::parse("CNY 1").unwrap())];
        assert!(CashFlow::of(Flows { planned: &centuries, ..Flows::default() }, PeriodKind::Day, Currency::CNY).unwrap_err().to_string().contains("at most 2400"));
    }
}
