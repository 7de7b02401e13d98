//! Advance payment (预付款) and its recovery from progress payments: the threshold method
//! (起扣点 T = P − M/N, then N × the completed value beyond T) or linear recovery between two
//! completion percentages. Recovery is worked out cumulatively — what is recovered once the
//! completed value reaches a figure, rounded once — so the periods' recoveries are the
//! differences of the cumulative figures and sum to exactly the advance at completion.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Error, Money, Result, RoundingStrategy};

/// How an advance is recovered from progress payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum AdvanceRecovery {
    /// From the threshold T = P − M/N on, N × each period's completed value (P the contract
    /// price, M the advance, N the main-materials share of the price).
    Threshold {
        /// The main-materials share N, above 0 and at most 1.
        #[serde(with = "crate::wire::exact")]
        main_materials_share: Decimal,
    },
    /// In equal measure while the completed share of the price goes from `from` to `to`.
    Linear {
        /// The completed share at which recovery starts (0 ≤ from < to ≤ 1).
        #[serde(with = "crate::wire::exact")]
        from: Decimal,
        /// The completed share by which the whole advance is recovered.
        #[serde(with = "crate::wire::exact")]
        to: Decimal,
    },
}
crate::persist::persist_enum!(AdvanceRecovery { 0 => Threshold { main_materials_share }, 1 => Linear { from, to } });


/// An advance paid to the contractor and how it comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct AdvancePayment {
    /// The advance M.
    pub amount: Money,
    /// How it is recovered.
    pub recovery: AdvanceRecovery,
}
crate::persist::persist_struct!(AdvancePayment { amount, recovery });


impl AdvancePayment {
    /// An advance of `share` of the contract price (12 % → `0.12`), rounded to the minor unit.
    pub fn share_of(contract_price: &Money, share: Decimal, recovery: AdvanceRecovery) -> Result<AdvancePayment> {
        check_share("advance share", share, false)?;
        Ok(AdvancePayment { amount: contract_price.checked_mul(share)?.round(RoundingStrategy::HalfAwayFromZero), recovery })
    }

    /// Checks the terms against the contract price: the advance within it, shares in range.
    pub fn check(&self, contract_price: &Money) -> Result<()> {
        if self.amount.currency() != contract_price.currency() {
            return Err(Error::CurrencyMismatch { left: self.amount.currency().to_string(), right: contract_price.currency().to_string() });
        }
        if self.amount.amount().is_sign_negative() || self.amount.amount() > contract_price.amount() {
            return Err(Error::invalid_field("advance payment", format!("{} is not between zero and the contract price {contract_price}", self.amount)));
        }
        match self.recovery {
            AdvanceRecovery::Threshold { main_materials_share } => {
                check_share("main-materials share", main_materials_share, true)?;
                match self.exact_threshold(contract_price)? {
                    Some(threshold) if threshold.amount().is_sign_negative() => Err(Error::invalid_field(
                        "advance recovery",
                        format!("the threshold P − M/N = {contract_price} − {} / {main_materials_share} is below zero: the advance is more than the main materials", self.amount),
                    )),
                    _ => Ok(()),
                }
            }
            AdvanceRecovery::Linear { from, to } => {
                check_share("recovery start", from, false)?;
                check_share("recovery end", to, true)?;
                if from >= to {
                    return Err(Error::invalid_field("advance recovery", format!("starts at {from} and ends at {to}: the start comes first")));
                }
                Ok(())
            }
        }
    }

    /// The threshold T = P − M/N of the threshold method (`None` for linear recovery), shown
    /// to the minor unit (recovery works with the exact figure).
    pub fn threshold(&self, contract_price: &Money) -> Result<Option<Money>> {
        Ok(self.exact_threshold(contract_price)?.map(|t| t.round(RoundingStrategy::HalfAwayFromZero)))
    }

    fn exact_threshold(&self, contract_price: &Money) -> Result<Option<Money>> {
        let AdvanceRecovery::Threshold { main_materials_share } = self.recovery else {
            return Ok(None);
        };
        let per_share = self.amount.amount().checked_div(main_materials_share).ok_or_else(|| Error::overflow("advance threshold"))?;
        Ok(Some(contract_price.checked_sub(&Money::new(per_share, contract_price.currency()))?))
    }

    /// What is recovered in total once the completed value reaches `completed_to_date`: never
    /// more than the advance, all of it once the contract price is reached.
    pub fn recovered_to_date(&self, contract_price: &Money, completed_to_date: &Money) -> Result<Money> {
        self.check(contract_price)?;
        let price = contract_price.amount();
        let done = completed_to_date.amount().max(Decimal::ZERO).min(price);
        let advance = self.amount.amount();
        if done >= price {
            return Ok(self.amount.round(RoundingStrategy::HalfAwayFromZero));
        }
        let raw = match self.recovery {
            AdvanceRecovery::Threshold { main_materials_share } => {
                let threshold = self.exact_threshold(contract_price)?.map_or(price, |t| t.amount());
                let beyond = done.checked_sub(threshold).ok_or_else(|| Error::overflow("advance recovery"))?.max(Decimal::ZERO);
                main_materials_share.checked_mul(beyond).ok_or_else(|| Error::overflow("advance recovery"))?
            }
            AdvanceRecovery::Linear { from, to } => {
                let share = if price.is_zero() { Decimal::ONE } else { done.checked_div(price).ok_or_else(|| Error::overflow("advance recovery"))? };
                let progress = share.checked_sub(from).and_then(|s| s.checked_div(to.checked_sub(from)?)).ok_or_else(|| Error::overflow("advance recovery"))?;
                advance.checked_mul(progress.clamp(Decimal::ZERO, Decimal::ONE)).ok_or_else(|| Error::overflow("advance recovery"))?
            }
        };
        // The one rounding point: the cumulative figure, half away from zero.
        Ok(Money::new(raw.min(advance), self.amount.currency()).round(RoundingStrategy::HalfAwayFromZero))
    }
}

/// A share as a fraction: `0 ≤ share ≤ 1`, or `0 < share ≤ 1` when it divides.
fn check_share(field: &str, share: Decimal, positive: bool) -> Result<()> {
    let low_ok = if positive { share > Decimal::ZERO } else { !share.is_sign_negative() || share.is_zero() };
    if low_ok && share <= Decimal::ONE {
        Ok(())
    } else {
        let low = if positive { "above 0" } else { "at least 0" };
        Err(Error::invalid_field(field, format!("{share} is not a share {low} and at most 1 (12 % is 0.12)")))
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

    /// DESIGN.md's worked vector: P = 2,650,000, advance 12 %, N = 60 %.
    #[test]
    fn the_threshold_method_recovers_the_advance_beyond_t() {
        let price = cny(2_650_000);
        let advance = AdvancePayment::share_of(&price, "0.12".parse().unwrap(), AdvanceRecovery::Threshold { main_materials_share: "0.6".parse().unwrap() }).unwrap();
        assert_eq!(advance.amount, cny(318_000));
        assert_eq!(advance.threshold(&price).unwrap(), Some(cny(2_120_000)));
        let mut to_date = cny(0);
        let mut before = cny(0);
        let mut recoveries = Vec::new();
        for completed in [400_000, 600_000, 700_000, 500_000, 300_000, 150_000] {
            to_date = to_date.checked_add(&cny(completed)).unwrap();
            let recovered = advance.recovered_to_date(&price, &to_date).unwrap();
            recoveries.push(recovered.checked_sub(&before).unwrap());
            before = recovered;
        }
        assert_eq!(recoveries, [0, 0, 0, 48_000, 180_000, 90_000].map(cny));
        assert_eq!(before, cny(318_000));
    }

    #[test]
    fn linear_recovery_runs_between_its_two_shares() {
        let price = cny(1_000_000);
        let advance = AdvancePayment { amount: cny(100_000), recovery: AdvanceRecovery::Linear { from: "0.2".parse().unwrap(), to: "0.8".parse().unwrap() } };
        let at = |done: i64| advance.recovered_to_date(&price, &cny(done)).unwrap();
        assert_eq!(at(200_000), cny(0));
        assert_eq!(at(500_000), cny(50_000));
        assert_eq!(at(800_000), cny(100_000));
        assert_eq!(at(900_000), cny(100_000));
    }

    #[test]
    fn bad_terms_are_refused_with_their_figures() {
        let price = cny(1_000);
        let over = AdvancePayment { amount: cny(2_000), recovery: AdvanceRecovery::Threshold { main_materials_share: Decimal::ONE } };
        assert!(over.check(&price).unwrap_err().to_string().contains("CNY 2000"));
        let backwards = AdvancePayment { amount: cny(100), recovery: AdvanceRecovery::Linear { from: "0.8".parse().unwrap(), to: "0.2".parse().unwrap() } };
        assert_eq!(backwards.check(&price).unwrap_err().kind(), "InvalidField");
        let no_share = AdvancePayment { amount: cny(100), recovery: AdvanceRecovery::Threshold { main_materials_share: Decimal::ZERO } };
        assert!(no_share.recovered_to_date(&price, &cny(500)).is_err());
        let below_zero = AdvancePayment { amount: cny(500), recovery: AdvanceRecovery::Threshold { main_materials_share: "0.4".parse().unwrap() } };
        assert!(below_zero.check(&price).unwrap_err().to_string().contains("below zero"));
    }
}
