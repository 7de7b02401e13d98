//! The figures of a payment application (进度款申请): the completed value of the schedule of
//! values to date, what of it is payable (GB 50500: 60–90 %), the retention withheld, the
//! advance recovered and other deductions, and the net due this period.
//!
//! Every figure of the period is the difference of two cumulative figures — each a function of
//! the completed value to date, rounded once — so a contract's applications sum exactly to
//! its cumulative position, whatever the periods.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{AdvancePayment, Retention};
use crate::{Currency, Error, Money, Result, RoundingStrategy};

/// The range the payable share must lie in: GB 50500's 60–90 % unless configured otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct PayableRange {
    /// The lowest share allowed.
    #[serde(with = "crate::wire::exact")]
    pub min: Decimal,
    /// The highest share allowed.
    #[serde(with = "crate::wire::exact")]
    pub max: Decimal,
}
crate::persist::persist_struct!(PayableRange { min, max });


impl Default for PayableRange {
    /// GB 50500-2013, 10.3.9: no less than 60 % and no more than 90 %.
    fn default() -> PayableRange {
        PayableRange { min: Decimal::new(6, 1), max: Decimal::new(9, 1) }
    }
}

/// A contract's payment terms: its price, the payable share of completed value, retention
/// and an advance (if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct PaymentTerms {
    /// The contract price P (the settlement total the retention cap is a share of).
    pub contract_price: Money,
    /// The share of completed value paid in progress payments (80 % → `0.8`).
    #[serde(with = "crate::wire::exact")]
    pub payable_share: Decimal,
    /// Retention withheld.
    pub retention: Retention,
    /// An advance paid and recovered, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance: Option<AdvancePayment>,
}
crate::persist::persist_struct!(PaymentTerms { contract_price, payable_share, retention, advance });


impl PaymentTerms {
    /// Checks the terms, every problem at once: the payable share within `range`, the
    /// retention within the rules, the advance within the price and in its currency.
    pub fn check(&self, range: &PayableRange) -> Result<()> {
        let mut problems = Vec::new();
        if range.min > range.max || range.min.is_sign_negative() || range.max > Decimal::ONE {
            problems.push(format!("payable range {}–{} is not a range of shares within 0–1", range.min, range.max));
        } else if self.payable_share < range.min || self.payable_share > range.max {
            problems.push(format!("payable share {} is outside {}–{}", self.payable_share, range.min, range.max));
        }
        if self.contract_price.amount().is_sign_negative() {
            problems.push(format!("contract price {} is negative", self.contract_price));
        }
        for check in [self.retention.check(), self.advance.map_or(Ok(()), |a| a.check(&self.contract_price))] {
            if let Err(error) = check {
                problems.push(error.to_string());
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::invalid_field("payment terms", problems.join("; "))) }
    }

    /// The cumulative position once the completed value reaches `completed`.
    fn position(&self, completed: &Money) -> Result<Position> {
        let payable = completed.amount().checked_mul(self.payable_share).ok_or_else(|| Error::overflow("payable value"))?;
        Ok(Position {
            payable: Money::new(payable, completed.currency()).round(RoundingStrategy::HalfAwayFromZero),
            withheld: self.retention.withheld_to_date(&self.contract_price, completed)?,
            recovered: match &self.advance {
                Some(advance) => advance.recovered_to_date(&self.contract_price, completed)?,
                None => super::zero(completed.currency()),
            },
        })
    }
}

/// What is payable, withheld and recovered once the completed value reaches a figure.
struct Position {
    payable: Money,
    withheld: Money,
    recovered: Money,
}

/// How a line of the schedule of values measures its completed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(tag = "measure", rename_all = "snake_case", deny_unknown_fields)]
pub enum Measure {
    /// Measured quantities × the unit rate (工程量清单计价).
    Quantity {
        /// The quantity done to date.
        #[serde(with = "crate::wire::exact")]
        quantity_to_date: Decimal,
        /// The rate per unit, in the contract's currency.
        #[serde(with = "crate::wire::exact")]
        unit_rate: Decimal,
    },
    /// A share complete of the line's scheduled value.
    PercentComplete {
        /// The line's value in the schedule.
        #[serde(with = "crate::wire::exact")]
        scheduled_value: Decimal,
        /// The share complete to date, 0 to 1.
        #[serde(with = "crate::wire::exact")]
        complete_to_date: Decimal,
    },
    /// A value to date as it stands (approved day work, 计日工, from the labour register).
    Amount {
        /// The value to date, in the contract's currency.
        #[serde(with = "crate::wire::exact")]
        value_to_date: Decimal,
    },
}
crate::persist::persist_enum!(Measure { 0 => Quantity { quantity_to_date, unit_rate }, 1 => PercentComplete { scheduled_value, complete_to_date }, 2 => Amount { value_to_date } });


/// A line of the schedule of values. (Unknown fields are refused by its measure: serde cannot
/// deny them on a struct that flattens another.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub struct ScheduleLine {
    /// The line's item (its 清单 code).
    pub item: String,
    /// How it is measured.
    #[serde(flatten)]
    pub measure: Measure,
}
crate::persist::persist_struct!(ScheduleLine { item, measure });


/// A deduction from the application other than retention and the advance (a back-charge, a
/// penalty, materials supplied by the owner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct ApplicationDeduction {
    /// Why.
    pub reason: String,
    /// How much, in the contract's currency.
    #[serde(with = "crate::wire::exact")]
    pub amount: Decimal,
}
crate::persist::persist_struct!(ApplicationDeduction { reason, amount });


/// A line's completed value to date, rounded to the minor unit. (Exhaustive: the mobile
/// bindings mirror it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct LineValue {
    /// The line's item.
    pub item: String,
    /// Its completed value to date.
    pub completed_to_date: Money,
}
crate::persist::persist_struct!(LineValue { item, completed_to_date });


/// A payment application's figures: to date, before, this period, and the net due.
/// (Exhaustive: the mobile bindings mirror it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct ApplicationFigures {
    /// Every line's completed value to date.
    pub lines: Vec<LineValue>,
    /// The completed value to date (the lines' sum).
    pub completed_to_date: Money,
    /// The completed value to date of the previous application.
    pub completed_previous: Money,
    /// Completed this period.
    pub completed_this_period: Money,
    /// The payable share of it.
    pub payable_this_period: Money,
    /// Retention withheld this period.
    pub retention_this_period: Money,
    /// Retention withheld to date (never above the cap).
    pub retention_to_date: Money,
    /// Advance recovered this period.
    pub advance_recovered_this_period: Money,
    /// Advance recovered to date (never above the advance).
    pub advance_recovered_to_date: Money,
    /// Other deductions this period.
    pub deductions: Money,
    /// Payable − retention − advance recovered − deductions: what the application certifies
    /// (below zero when the deductions exceed what is payable this period).
    pub net_due: Money,
}
crate::persist::persist_struct!(ApplicationFigures { lines, completed_to_date, completed_previous, completed_this_period, payable_this_period, retention_this_period, retention_to_date, advance_recovered_this_period, advance_recovered_to_date, deductions, net_due });


impl ApplicationFigures {
    /// Works out an application: the lines measured to date, against the previous
    /// application's completed value to date. Every problem of the lines is named at once.
    pub fn compute(terms: &PaymentTerms, range: &PayableRange, lines: &[ScheduleLine], completed_previous: &Money, deductions: &[ApplicationDeduction]) -> Result<ApplicationFigures> {
        terms.check(range)?;
        let currency = terms.contract_price.currency();
        if completed_previous.currency() != currency {
            return Err(Error::CurrencyMismatch { left: completed_previous.currency().to_string(), right: currency.to_string() });
        }
        if completed_previous.amount().is_sign_negative() && !completed_previous.amount().is_zero() {
            return Err(Error::invalid_field("completed previous", format!("{completed_previous} is below zero")));
        }
        let (values, completed_to_date) = measure(lines, currency)?;
        let deductions = sum_deductions(deductions, currency)?;
        let (now, before) = (terms.position(&completed_to_date)?, terms.position(completed_previous)?);
        let payable_this_period = now.payable.checked_sub(&before.payable)?;
        let retention_this_period = now.withheld.checked_sub(&before.withheld)?;
        let advance_recovered_this_period = now.recovered.checked_sub(&before.recovered)?;
        let net_due = payable_this_period.checked_sub(&retention_this_period)?.checked_sub(&advance_recovered_this_period)?.checked_sub(&deductions)?;
        Ok(ApplicationFigures {
            lines: values,
            completed_this_period: completed_to_date.checked_sub(completed_previous)?,
            completed_to_date,
            completed_previous: *completed_previous,
            payable_this_period,
            retention_this_period,
            retention_to_date: now.withheld,
            advance_recovered_this_period,
            advance_recovered_to_date: now.recovered,
            deductions,
            net_due,
        })
    }
}

/// Each line's value to date (rounded half away from zero: the lines' rounding point) and
/// their sum; every bad line is named.
fn measure(lines: &[ScheduleLine], currency: Currency) -> Result<(Vec<LineValue>, Money)> {
    let mut problems = Vec::new();
    let mut values = Vec::with_capacity(lines.len());
    let mut total = super::zero(currency);
    for line in lines {
        let (raw, problem) = match line.measure {
            Measure::Quantity { quantity_to_date, unit_rate } => (
                quantity_to_date.checked_mul(unit_rate),
                (quantity_to_date.is_sign_negative() || unit_rate.is_sign_negative()).then(|| format!("{quantity_to_date} at {unit_rate} is negative")),
            ),
            Measure::PercentComplete { scheduled_value, complete_to_date } => (
                scheduled_value.checked_mul(complete_to_date),
                (scheduled_value.is_sign_negative() || complete_to_date.is_sign_negative() || complete_to_date > Decimal::ONE)
                    .then(|| format!("{complete_to_date} of {scheduled_value} is not a share 0–1 of a value of at least zero")),
            ),
            Measure::Amount { value_to_date } => (Some(value_to_date), value_to_date.is_sign_negative().then(|| format!("a value of {value_to_date} is negative"))),
        };
        let Some(raw) = raw else {
            problems.push(format!("line {}: its value overflows", crate::text::quoted(&line.item)));
            continue;
        };
        if let Some(problem) = problem {
            problems.push(format!("line {}: {problem}", crate::text::quoted(&line.item)));
            continue;
        }
        let value = Money::new(raw, currency).round(RoundingStrategy::HalfAwayFromZero);
        total = total.checked_add(&value)?;
        values.push(LineValue { item: line.item.clone(), completed_to_date: value });
    }
    if problems.is_empty() { Ok((values, total)) } else { Err(Error::invalid_field("schedule of values", problems.join("; "))) }
}

fn sum_deductions(deductions: &[ApplicationDeduction], currency: Currency) -> Result<Money> {
    deductions.iter().try_fold(super::zero(currency), |sum, d| {
        let amount = Money::new(d.amount, currency);
        if d.amount.is_sign_negative() || !amount.is_in_minor_units() {
            return Err(Error::invalid_field("deduction", format!("{amount} for {} is not an amount of at least zero in whole minor units", crate::text::quoted(&d.reason))));
        }
        sum.checked_add(&amount)
    })
}
