//! Fund sources and their allocation: registering a source, topping it up or reducing it,
//! allocating it to projects and codes (manual, by priority order, by ratio) and moving
//! allocations. Nothing is ever allocated beyond what a source holds, and nothing taken back
//! that payments have consumed.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::events::AllocationTarget;
use super::ledger::{Allocation, FundContext, FundLedger, FundSource};
use super::{zero, ConsumptionRule};
use crate::text::{check_id, check_text};
use crate::{allocate, Currency, Error, Money, ProjectId, Result, RoundingStrategy};

/// An amount above zero in whole minor units of `currency`.
pub(crate) fn positive(amount: Decimal, currency: Currency, what: &str) -> Result<Money> {
    let money = Money::new(amount, currency);
    if amount <= Decimal::ZERO || !money.is_in_minor_units() {
        return Err(Error::InvalidAmount { input: money.to_string(), reason: format!("{what} is above zero, in whole minor units") });
    }
    Ok(money.round(RoundingStrategy::HalfAwayFromZero))
}

/// The refusal of `needed` when only `covered` is there.
pub(crate) fn insufficient(needed: &Money, covered: &Money) -> Result<Error> {
    Ok(Error::InsufficientFunds {
        currency: needed.currency().to_string(),
        needed: needed.amount(),
        covered: covered.amount(),
        shortfall: needed.checked_sub(covered)?.amount(),
    })
}

/// Splits an allocation of `amount` over `targets` targets by `rule`: `Manual` as given
/// (summing to the amount), `Ratio` by weights (exact largest remainder), `Order` filling
/// each target up to its `unfunded` need in turn (refused when the needs take less than the
/// amount). Every share is in whole minor units and the shares sum exactly to the amount.
///
/// ```
/// use projectledger::funds::{split_allocation, ConsumptionRule};
/// use projectledger::Money;
/// # fn main() -> Result<(), projectledger::Error> {
/// let amount = Money::parse("CNY 100.00")?;
/// let thirds = split_allocation(&amount, &ConsumptionRule::Ratio { weights: vec![1.into(); 3] }, 3, &[])?;
/// assert_eq!(thirds.iter().map(ToString::to_string).collect::<Vec<_>>(), ["CNY 33.34", "CNY 33.33", "CNY 33.33"]);
/// let needs = [Money::parse("CNY 60")?, Money::parse("CNY 70")?];
/// let by_order = split_allocation(&amount, &ConsumptionRule::Order, 2, &needs)?;
/// assert_eq!((by_order[0].to_string(), by_order[1].to_string()), ("CNY 60.00".into(), "CNY 40.00".into()));
/// # Ok(()) }
/// ```
pub fn split_allocation(amount: &Money, rule: &ConsumptionRule, targets: usize, unfunded: &[Money]) -> Result<Vec<Money>> {
    let currency = amount.currency();
    let count_matches = |given: usize, what: &str| {
        if given == targets { Ok(()) } else { Err(Error::invalid_field("allocation rule", format!("{given} {what} for {targets} targets"))) }
    };
    let shares = match rule {
        ConsumptionRule::Manual { amounts } => {
            count_matches(amounts.len(), "amounts")?;
            let mut total = zero(currency);
            let mut shares = Vec::with_capacity(amounts.len());
            for given in amounts {
                let share = Money::new(*given, currency);
                if given.is_sign_negative() || !share.is_in_minor_units() {
                    return Err(Error::InvalidAmount { input: share.to_string(), reason: "an allocation share is at least zero, in whole minor units".into() });
                }
                total = total.checked_add(&share)?;
                shares.push(share.round(RoundingStrategy::HalfAwayFromZero));
            }
            if total != *amount {
                return Err(Error::invalid_field("allocation rule", format!("the amounts sum to {total}, the allocation is {amount}")));
            }
            shares
        }
        ConsumptionRule::Ratio { weights } => {
            count_matches(weights.len(), "weights")?;
            allocate(amount, weights)?
        }
        ConsumptionRule::Order => {
            count_matches(unfunded.len(), "unfunded needs")?;
            let mut left = *amount;
            let mut shares = Vec::with_capacity(unfunded.len());
            for need in unfunded {
                let need = if need.amount().is_sign_positive() { *need } else { zero(currency) };
                let take = if need.checked_cmp(&left)?.is_lt() { need } else { left };
                left = left.checked_sub(&take)?;
                shares.push(take.round(RoundingStrategy::HalfAwayFromZero));
            }
            if left.amount() > Decimal::ZERO {
                let taken = amount.checked_sub(&left)?;
                return Err(Error::invalid_field("allocation rule", format!("the targets' unfunded budgets take {taken} of {amount}; {left} would be left over")));
            }
            shares
        }
    };
    Ok(shares)
}

impl FundLedger {
    /// The source, checked to be held by `holder` (whose roles govern it).
    fn held_source(&self, holder: &ProjectId, source_id: &str) -> Result<&FundSource> {
        let source = self.source(source_id)?;
        if &source.holder != holder {
            return Err(Error::invalid_field("source_id", format!("source {source_id} is held by project {}, not {holder}", source.holder)));
        }
        Ok(source)
    }

    /// What a source has allocated, over all targets.
    pub(crate) fn allocated(&self, source: &FundSource) -> Result<Money> {
        let mut sum = zero(source.amount.currency());
        for ((id, _), allocation) in &self.allocations {
            if id == &source.source_id {
                sum = sum.checked_add(&allocation.allocated)?;
            }
        }
        Ok(sum)
    }

    /// A target checked: its project exists in the source's currency, its code in its breakdown.
    fn check_target(target: &AllocationTarget, currency: Currency, context: FundContext<'_>) -> Result<()> {
        let project = context.projects.get(&target.project_id)?;
        if project.currency != currency {
            return Err(Error::CurrencyMismatch { left: currency.to_string(), right: project.currency.to_string() });
        }
        if let Some(code) = &target.code {
            context.centre(&target.project_id)?.breakdown().name(code)?;
        }
        Ok(())
    }

    pub(super) fn register(&mut self, source: FundSource, context: FundContext<'_>) -> Result<()> {
        check_id("source_id", &source.source_id)?;
        check_text("name", &source.name)?;
        context.projects.get(&source.holder)?;
        if self.sources.contains_key(&source.source_id) {
            return Err(Error::invalid_field("source_id", format!("source {} is already registered", source.source_id)));
        }
        let amount = positive(source.amount.amount(), source.amount.currency(), "a fund source's amount")?;
        if source.expires_on.is_some_and(|last| last < source.available_from) {
            return Err(Error::invalid_field("expires_on", format!("source {} expires before it is available", source.source_id)));
        }
        for code in &source.eligibility.codes {
            check_id("eligibility.codes", code)?;
        }
        self.sources.insert(source.source_id.clone(), FundSource { amount, ..source });
        Ok(())
    }

    pub(super) fn change_source(&mut self, holder: &ProjectId, source_id: &str, change: Decimal) -> Result<()> {
        let source = self.held_source(holder, source_id)?;
        let currency = source.amount.currency();
        let by = positive(change.abs(), currency, "a source's change")?;
        let amount = if change.is_sign_negative() {
            let unallocated = source.amount.checked_sub(&self.allocated(source)?)?;
            if unallocated.checked_cmp(&by)?.is_lt() {
                return Err(insufficient(&by, &unallocated)?);
            }
            source.amount.checked_sub(&by)?
        } else {
            source.amount.checked_add(&by)?
        };
        if let Some(source) = self.sources.get_mut(source_id) {
            source.amount = amount;
        }
        Ok(())
    }

    pub(super) fn allocate(&mut self, holder: &ProjectId, source_id: &str, amount: Decimal, targets: &[AllocationTarget], rule: &ConsumptionRule, context: FundContext<'_>) -> Result<()> {
        let source = self.held_source(holder, source_id)?;
        let currency = source.amount.currency();
        let amount = positive(amount, currency, "an allocation")?;
        if targets.is_empty() {
            return Err(Error::invalid_field("targets", "an allocation names at least one target"));
        }
        let mut seen = std::collections::BTreeSet::new();
        for target in targets {
            if !seen.insert(target) {
                return Err(Error::invalid_field("targets", format!("{} is named twice", describe(target))));
            }
            FundLedger::check_target(target, currency, context)?;
        }
        let unallocated = source.amount.checked_sub(&self.allocated(source)?)?;
        if unallocated.checked_cmp(&amount)?.is_lt() {
            return Err(insufficient(&amount, &unallocated)?);
        }
        let unfunded = match rule {
            ConsumptionRule::Order => self.unfunded(targets, currency, context)?,
            _ => Vec::new(),
        };
        let shares = split_allocation(&amount, rule, targets.len(), &unfunded)?;
        for (target, share) in targets.iter().zip(shares) {
            self.add_to(source_id, target, &share)?;
        }
        Ok(())
    }

    /// Each target's revised budget less what every source has allocated to it.
    fn unfunded(&self, targets: &[AllocationTarget], currency: Currency, context: FundContext<'_>) -> Result<Vec<Money>> {
        let mut funded: BTreeMap<&AllocationTarget, Money> = BTreeMap::new();
        for ((_, target), allocation) in &self.allocations {
            let sum = funded.entry(target).or_insert_with(|| zero(currency));
            *sum = sum.checked_add(&allocation.allocated)?;
        }
        targets
            .iter()
            .map(|target| {
                let budget = context.centre(&target.project_id)?.row(target.code.as_deref(), None)?.revised_budget;
                budget.checked_sub(funded.get(target).unwrap_or(&zero(currency)))
            })
            .collect()
    }

    fn add_to(&mut self, source_id: &str, target: &AllocationTarget, amount: &Money) -> Result<()> {
        let currency = amount.currency();
        let allocation = self.allocations.entry((source_id.to_owned(), target.clone())).or_insert_with(|| Allocation { allocated: zero(currency), consumed: zero(currency) });
        allocation.allocated = allocation.allocated.checked_add(amount)?;
        Ok(())
    }

    pub(super) fn transfer(&mut self, holder: &ProjectId, source_id: &str, from: &AllocationTarget, to: Option<&AllocationTarget>, amount: Decimal, context: FundContext<'_>) -> Result<()> {
        let currency = self.held_source(holder, source_id)?.amount.currency();
        let amount = positive(amount, currency, "a transfer")?;
        let key = (source_id.to_owned(), from.clone());
        let allocation = self.allocations.get(&key).ok_or_else(|| Error::not_found("allocation", &format!("{source_id} to {}", describe(from)), None))?;
        let remaining = allocation.remaining()?;
        if remaining.checked_cmp(&amount)?.is_lt() {
            return Err(insufficient(&amount, &remaining)?);
        }
        if let Some(to) = to {
            if to == from {
                return Err(Error::invalid_field("to", "a transfer goes to another target"));
            }
            FundLedger::check_target(to, currency, context)?;
        }
        let left = allocation.allocated.checked_sub(&amount)?;
        if let Some(allocation) = self.allocations.get_mut(&key) {
            allocation.allocated = left;
        }
        if let Some(to) = to {
            self.add_to(source_id, to, &amount)?;
        }
        Ok(())
    }
}

/// `project P1` or `project P1, code 01.02`.
pub(crate) fn describe(target: &AllocationTarget) -> String {
    match &target.code {
        Some(code) => format!("project {}, code {code}", target.project_id),
        None => format!("project {}", target.project_id),
    }
}
