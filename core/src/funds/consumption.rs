//! Which funds pay a payment, and how much each (Unifier's consumption rules): by priority
//! order, by ratio (exact largest remainder) or as given — only funds available on the day,
//! not expired and eligible for the cost, each within what it holds. A payment they cannot
//! cover is refused whole with the shortfall named.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::CostBreakdown;
use crate::ids::CostCode;
use crate::{allocate, Error, Money, Result, RoundingStrategy};

/// Where a fund's money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundKind {
    /// A budget appropriation (财政拨款).
    Appropriation,
    /// A loan.
    Loan,
    /// Payments by the owner.
    OwnerPayment,
    /// The organisation's own funds (自筹).
    OwnFunds,
    /// Anything else.
    Other,
}
crate::persist::persist_enum!(FundKind { 0 => Appropriation, 1 => Loan, 2 => OwnerPayment, 3 => OwnFunds, 4 => Other });


/// Which costs a fund may pay: cost types, and codes with their subtrees. Empty lists allow
/// any.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// The cost types it may pay (`material`, `labour`, …); empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost_types: Vec<String>,
    /// The codes it may pay, each with every code below it; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<CostCode>,
}
crate::persist::persist_struct!(Eligibility { cost_types, codes });


impl Eligibility {
    /// Whether a cost of `cost_type` on `code` may be paid (the breakdown says which codes lie
    /// under which).
    pub fn allows(&self, cost_type: &str, code: &str, breakdown: &CostBreakdown) -> Result<bool> {
        if !self.cost_types.is_empty() && !self.cost_types.iter().any(|t| t == cost_type) {
            return Ok(false);
        }
        if self.codes.is_empty() {
            return Ok(true);
        }
        let mut at = Some(code);
        while let Some(current) = at {
            if self.codes.iter().any(|c| c == current) {
                return Ok(true);
            }
            at = breakdown.parent(current)?;
        }
        Ok(false)
    }
}

/// A fund as a payment sees it: what it still holds, when it may be used, what it may pay.
#[derive(Debug, Clone, Copy)]
pub struct FundBalance<'a> {
    /// The fund's source (for the caller's records).
    pub source_id: &'a str,
    /// What it still holds for this project and code.
    pub remaining: Money,
    /// The first day it may be used.
    pub available_from: NaiveDate,
    /// The last day it may be used, if it expires.
    pub expires_on: Option<NaiveDate>,
    /// What it may pay.
    pub eligibility: &'a Eligibility,
}

/// How a payment is spread over the funds that may pay it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum ConsumptionRule {
    /// The funds in the order given, each emptied before the next.
    Order,
    /// In proportion to weights, one per fund (in the funds' order), exactly.
    Ratio {
        /// The weights.
        #[serde(with = "crate::wire::exact_list")]
        weights: Vec<Decimal>,
    },
    /// The amounts given, one per fund.
    Manual {
        /// The amounts, in the payment's currency.
        #[serde(with = "crate::wire::exact_list")]
        amounts: Vec<Decimal>,
    },
}
crate::persist::persist_enum!(ConsumptionRule { 0 => Order, 1 => Ratio { weights }, 2 => Manual { amounts } });


/// A cost being paid: its day, cost type, code and amount.
#[derive(Debug, Clone, Copy)]
pub struct Charge<'a> {
    /// The day it is paid.
    pub date: NaiveDate,
    /// Its cost type.
    pub cost_type: &'a str,
    /// Its cost code.
    pub code: &'a str,
    /// How much.
    pub amount: Money,
}

impl FundBalance<'_> {
    /// Whether the fund may pay the charge at all: open on the day, not expired, eligible.
    fn may_pay(&self, charge: &Charge<'_>, breakdown: &CostBreakdown) -> Result<bool> {
        let open = self.available_from <= charge.date && self.expires_on.is_none_or(|last| charge.date <= last);
        Ok(open && self.remaining.currency() == charge.amount.currency() && self.eligibility.allows(charge.cost_type, charge.code, breakdown)?)
    }
}

/// What each fund pays of `charge` under `rule`, in the funds' order (zero for a fund that
/// may not pay it). Refused whole — [`Error::InsufficientFunds`] — when the funds that may pay
/// hold too little, and [`Error::InvalidField`] when a ratio or manual split names the wrong
/// number of funds, sends money to a fund that may not pay, or passes what a fund holds.
pub fn consume(charge: &Charge<'_>, funds: &[FundBalance<'_>], rule: &ConsumptionRule, breakdown: &CostBreakdown) -> Result<Vec<Money>> {
    let currency = charge.amount.currency();
    // Whole minor units in, so every share comes out in them (at the currency's scale).
    if charge.amount.to_minor_units()? < 0 {
        return Err(Error::InvalidAmount { input: charge.amount.to_string(), reason: "a payment is not below zero (a refund restores a fund, it does not consume it)".into() });
    }
    for fund in funds {
        if fund.remaining.to_minor_units()? < 0 {
            return Err(Error::invalid_field("fund balance", format!("fund {} holds {}, below zero", fund.source_id, fund.remaining)));
        }
    }
    let zero = super::zero(currency);
    let usable = funds.iter().map(|f| f.may_pay(charge, breakdown)).collect::<Result<Vec<bool>>>()?;
    let covered = funds.iter().zip(&usable).filter(|(_, ok)| **ok).try_fold(zero, |sum, (f, _)| sum.checked_add(&f.remaining))?;
    if covered.checked_cmp(&charge.amount)?.is_lt() {
        return Err(Error::InsufficientFunds {
            currency: currency.to_string(),
            needed: charge.amount.amount(),
            covered: covered.amount(),
            shortfall: charge.amount.checked_sub(&covered)?.amount(),
        });
    }
    let count_matches = |given: usize| {
        if given == funds.len() { Ok(()) } else { Err(Error::invalid_field("consumption rule", format!("{given} figures for {} funds", funds.len()))) }
    };
    let shares = match rule {
        ConsumptionRule::Order => {
            let mut left = charge.amount;
            let mut shares = Vec::with_capacity(funds.len());
            for (fund, ok) in funds.iter().zip(&usable) {
                let take = if !*ok || left.amount() <= Decimal::ZERO {
                    zero
                } else if fund.remaining.checked_cmp(&left)?.is_lt() {
                    fund.remaining
                } else {
                    left
                };
                left = left.checked_sub(&take)?;
                shares.push(take);
            }
            shares
        }
        ConsumptionRule::Ratio { weights } => {
            count_matches(weights.len())?;
            // Only funds that may pay take part; the others' weights count as zero.
            let effective: Vec<Decimal> = weights.iter().zip(&usable).map(|(w, ok)| if *ok { *w } else { Decimal::ZERO }).collect();
            allocate(&charge.amount, &effective)?
        }
        ConsumptionRule::Manual { amounts } => {
            count_matches(amounts.len())?;
            let shares: Vec<Money> = amounts.iter().map(|a| Money::new(*a, currency)).collect();
            let total = shares.iter().try_fold(zero, |sum, s| sum.checked_add(s))?;
            if total != charge.amount {
                return Err(Error::invalid_field("consumption rule", format!("the amounts sum to {total}, the payment is {}", charge.amount)));
            }
            shares
        }
    };
    let mut problems = Vec::new();
    for ((fund, share), ok) in funds.iter().zip(&shares).zip(&usable) {
        if share.amount().is_zero() {
            continue;
        }
        if !*ok {
            problems.push(format!("fund {} may not pay this cost on {} ({share} sent to it)", fund.source_id, charge.date));
        } else if share.amount().is_sign_negative() || share.checked_cmp(&fund.remaining)?.is_gt() {
            problems.push(format!("fund {} holds {}, not {share}", fund.source_id, fund.remaining));
        }
    }
    if problems.is_empty() {
        // Amounts in whole minor units: this only writes them at the currency's scale.
        Ok(shares.iter().map(|s| s.round(RoundingStrategy::HalfAwayFromZero)).collect())
    } else {
        Err(Error::invalid_field("consumption rule", problems.join("; ")))
    }
}
