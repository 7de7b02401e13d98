//! Retention (质量保证金): a share of the completed value withheld from progress payments, its
//! total capped at a share of the settlement total (at most 3 % under the 2017 rules on
//! quality retention), released after the defects-liability period (1 year by default, at
//! most 2). Worked out cumulatively, like the advance, so the periods sum exactly.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Error, Money, Result, RoundingStrategy};

/// The most the rules let a contract retain: 3 % of the settlement total.
pub const RETENTION_CAP_LIMIT: Decimal = Decimal::from_parts(3, 0, 0, false, 2);
/// The longest defects-liability period the rules allow, in months.
pub const MAX_LIABILITY_MONTHS: u32 = 24;

/// A contract's retention terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// The share of each period's completed value withheld (5 % → `0.05`).
    #[serde(with = "crate::wire::exact")]
    pub rate: Decimal,
    /// The cap on the total withheld, as a share of the settlement total (at most `0.03`).
    #[serde(with = "crate::wire::exact")]
    pub cap: Decimal,
    /// The defects-liability period, in months (12 by default, at most 24).
    pub liability_months: u32,
}
crate::persist::persist_struct!(Retention { rate, cap, liability_months });


impl Default for Retention {
    /// 3 % withheld up to the 3 % cap, released after a year.
    fn default() -> Retention {
        Retention { rate: RETENTION_CAP_LIMIT, cap: RETENTION_CAP_LIMIT, liability_months: 12 }
    }
}

impl Retention {
    /// Checks the terms: a rate between 0 and 1, a cap within the rules' 3 %, a period of 0 to
    /// 24 months.
    pub fn check(&self) -> Result<()> {
        let mut problems = Vec::new();
        if self.rate.is_sign_negative() && !self.rate.is_zero() || self.rate > Decimal::ONE {
            problems.push(format!("rate {} is not a share between 0 and 1 (5 % is 0.05)", self.rate));
        }
        if self.cap.is_sign_negative() && !self.cap.is_zero() || self.cap > RETENTION_CAP_LIMIT {
            problems.push(format!("cap {} is not between 0 and {RETENTION_CAP_LIMIT} of the settlement total", self.cap));
        }
        if self.liability_months > MAX_LIABILITY_MONTHS {
            problems.push(format!("a defects-liability period of {} months is longer than {MAX_LIABILITY_MONTHS}", self.liability_months));
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::invalid_field("retention", problems.join("; "))) }
    }

    /// The most that may be withheld: the cap's share of the settlement total, rounded down
    /// (the cap is a ceiling, so it never rounds up past it).
    pub fn limit(&self, settlement_total: &Money) -> Result<Money> {
        let raw = settlement_total.amount().checked_mul(self.cap).ok_or_else(|| Error::overflow("retention cap"))?;
        Ok(Money::new(raw, settlement_total.currency()).round(RoundingStrategy::Down))
    }

    /// What is withheld in total once the completed value reaches `completed_to_date`: the
    /// rate of it, rounded half away from zero, never above [`Retention::limit`].
    pub fn withheld_to_date(&self, settlement_total: &Money, completed_to_date: &Money) -> Result<Money> {
        self.check()?;
        let raw = completed_to_date.amount().max(Decimal::ZERO).checked_mul(self.rate).ok_or_else(|| Error::overflow("retention"))?;
        let withheld = Money::new(raw, completed_to_date.currency()).round(RoundingStrategy::HalfAwayFromZero);
        let limit = self.limit(settlement_total)?;
        Ok(if withheld.checked_cmp(&limit)?.is_gt() { limit } else { withheld })
    }

    /// The day the retention is due back: the defects-liability period after acceptance.
    pub fn release_date(&self, accepted_on: NaiveDate) -> Result<NaiveDate> {
        accepted_on
            .checked_add_months(Months::new(self.liability_months))
            .ok_or_else(|| Error::DateOutOfRange { reason: format!("{accepted_on} plus {} months", self.liability_months) })
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::Currency;

    fn cny(amount: i64) -> Money {
        Money::new(amount.into(), Currency::CNY)
    }

    /// 5 % withheld on a 1,000,000 contract is capped at 30,000: reached once 600,000 is done.
    #[test]
    fn the_cap_is_reached_mid_project() {
        let terms = Retention { rate: "0.05".parse().unwrap(), cap: "0.03".parse().unwrap(), liability_months: 12 };
        let price = cny(1_000_000);
        let at = |done: i64| terms.withheld_to_date(&price, &cny(done)).unwrap();
        assert_eq!(at(400_000), cny(20_000));
        assert_eq!(at(600_000), cny(30_000));
        assert_eq!(at(1_000_000), cny(30_000));
        assert_eq!(terms.release_date(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()).unwrap(), NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    }

    #[test]
    fn terms_outside_the_rules_are_refused_with_every_problem() {
        let terms = Retention { rate: "1.5".parse().unwrap(), cap: "0.05".parse().unwrap(), liability_months: 36 };
        let message = terms.check().unwrap_err().to_string();
        assert!(message.contains("rate 1.5") && message.contains("cap 0.05") && message.contains("36 months"), "{message}");
    }
}
