//! Value realisation: a project's planned benefits (amounts by date, in a unit — money in the
//! project's currency, or hours saved, tickets avoided…) against what is measured after
//! go-live; return on investment and payback, exactly, against the project's actual cost.
//!
//! ROI = (monetary benefits measured to date − investment) ÷ investment, to 4 places (half
//! away from zero); payback is the first day the cumulative monetary benefits reach the
//! investment — measured, and as planned.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::text::{check_id, check_text};
use crate::{Error, Money, Result, RoundingStrategy};

/// An amount of a benefit on a day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitAmount {
    /// The day.
    #[serde(serialize_with = "crate::wire::date")]
    pub on: NaiveDate,
    /// How much, in the benefit's unit.
    #[serde(with = "crate::wire::exact")]
    pub amount: Decimal,
}
crate::persist::persist_struct!(BenefitAmount { on, amount });

/// A planned benefit and its measurements.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Benefit {
    /// The benefit's id, unique in the project.
    pub benefit_id: String,
    /// What it is.
    pub name: String,
    /// Its unit: the project's currency code for money (it then counts in the ROI), or any
    /// other (`hours`, `tickets`).
    pub unit: String,
    /// What is planned, by day.
    pub planned: Vec<BenefitAmount>,
    /// What was measured, by day.
    pub measured: Vec<BenefitAmount>,
}
crate::persist::persist_struct!(Benefit { benefit_id, name, unit, planned, measured });

impl Benefit {
    /// A new benefit's checks: an id, a name, a unit, planned amounts not below zero.
    pub fn check(&self) -> Result<()> {
        check_id("benefit id", &self.benefit_id)?;
        check_text("benefit name", &self.name)?;
        check_text("unit", &self.unit)?;
        if let Some(a) = self.planned.iter().find(|a| a.amount.is_sign_negative() && !a.amount.is_zero()) {
            return Err(Error::invalid_field("planned", format!("{} on {} is below zero", a.amount, a.on)));
        }
        Ok(())
    }

    fn to_date(amounts: &[BenefitAmount], as_of: NaiveDate) -> Decimal {
        amounts.iter().filter(|a| a.on <= as_of).fold(Decimal::ZERO, |sum, a| sum.saturating_add(a.amount))
    }
}

/// One benefit as of a day: planned and measured to date, and the share realised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenefitRow {
    /// The benefit.
    pub benefit_id: String,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// Planned to date.
    #[serde(with = "crate::wire::exact")]
    pub planned_to_date: Decimal,
    /// Measured to date.
    #[serde(with = "crate::wire::exact")]
    pub measured_to_date: Decimal,
    /// Measured ÷ planned to date, per cent to 0.01; none before anything is planned.
    #[serde(with = "crate::wire::exact_opt")]
    pub realised_percent: Option<Decimal>,
}

/// A project's value as of a day: its benefits, the investment (actual cost), ROI and payback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueRealisation {
    /// The day.
    #[serde(serialize_with = "crate::wire::date")]
    pub as_of: NaiveDate,
    /// Each benefit.
    pub benefits: Vec<BenefitRow>,
    /// The investment: the project's actual cost to date.
    pub investment: Money,
    /// Monetary benefits planned to date.
    pub planned_return: Money,
    /// Monetary benefits measured to date.
    pub measured_return: Money,
    /// (measured return − investment) ÷ investment, to 4 places; none without an investment.
    #[serde(with = "crate::wire::exact_opt")]
    pub roi: Option<Decimal>,
    /// The first day the measured monetary benefits reach the investment.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub payback_on: Option<NaiveDate>,
    /// The first day the planned monetary benefits reach it.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub planned_payback_on: Option<NaiveDate>,
}

/// The value a project's benefits realise against `investment` (its actual cost) as of a day.
pub fn realisation<'a>(benefits: impl Iterator<Item = &'a Benefit>, investment: Money, as_of: NaiveDate) -> Result<ValueRealisation> {
    let currency = investment.currency();
    let mut rows = Vec::new();
    let (mut planned_days, mut measured_days) = (Vec::new(), Vec::new());
    for b in benefits {
        let (planned, measured) = (Benefit::to_date(&b.planned, as_of), Benefit::to_date(&b.measured, as_of));
        let realised = (!planned.is_zero()).then(|| measured.checked_mul(Decimal::ONE_HUNDRED).and_then(|m| m.checked_div(planned))).flatten();
        rows.push(BenefitRow {
            benefit_id: b.benefit_id.clone(),
            name: b.name.clone(),
            unit: b.unit.clone(),
            planned_to_date: planned,
            measured_to_date: measured,
            realised_percent: realised.map(|r| crate::decimal::at_places(RoundingStrategy::HalfAwayFromZero.round(r, 2), 2)),
        });
        if b.unit == currency.code() {
            planned_days.extend(b.planned.iter().cloned());
            measured_days.extend(b.measured.iter().filter(|a| a.on <= as_of).cloned());
        }
    }
    let sum = |days: &[BenefitAmount]| days.iter().filter(|a| a.on <= as_of).try_fold(Decimal::ZERO, |s, a| s.checked_add(a.amount)).ok_or_else(|| Error::overflow("benefits"));
    let (planned_return, measured_return) = (Money::new(sum(&planned_days)?, currency), Money::new(sum(&measured_days)?, currency));
    let cost = investment.amount();
    let roi = (cost > Decimal::ZERO)
        .then(|| measured_return.amount().checked_sub(cost).and_then(|gain| gain.checked_div(cost)))
        .flatten()
        .map(|r| crate::decimal::at_places(RoundingStrategy::HalfAwayFromZero.round(r, 4), 4));
    let payback = |days: &mut Vec<BenefitAmount>| {
        days.sort_by_key(|a| a.on);
        let mut cumulative = Decimal::ZERO;
        days.iter().find_map(|a| {
            cumulative = cumulative.saturating_add(a.amount);
            (cost > Decimal::ZERO && cumulative >= cost).then_some(a.on)
        })
    };
    Ok(ValueRealisation {
        as_of,
        benefits: rows,
        investment,
        planned_return,
        measured_return,
        roi,
        payback_on: payback(&mut measured_days),
        planned_payback_on: payback(&mut planned_days),
    })
}
