//! The fund positions: per source (amount, allocated, consumed, unallocated), per allocation
//! (allocated, consumed, remaining), the consumption trace, and a wage account's position
//! against the wages due.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::ledger::{Consumption, FundLedger, WageAccount};
use super::zero;
use super::FundKind;
use crate::ids::CostCode;
use crate::labour::WageLedgerRow;
use crate::{Currency, Money, ProjectId, Result};

/// A source's position. (Exhaustive: the mobile bindings mirror it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourcePosition {
    /// The source.
    pub source_id: String,
    /// The project holding it.
    pub holder: ProjectId,
    /// Its name.
    pub name: String,
    /// Where the money comes from.
    pub kind: FundKind,
    /// Its amount after top-ups and reductions.
    pub amount: Money,
    /// Allocated to projects and codes.
    pub allocated: Money,
    /// Consumed by payments.
    pub consumed: Money,
    /// `amount − allocated`: free to allocate.
    pub unallocated: Money,
    /// The first day it may pay.
    #[serde(serialize_with = "crate::wire::date")]
    pub available_from: NaiveDate,
    /// The last day it may pay.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub expires_on: Option<NaiveDate>,
}

/// An allocation's position: a source's money for a project, or a code of it. (Exhaustive:
/// the mobile bindings mirror it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllocationPosition {
    /// The source.
    pub source_id: String,
    /// The receiving project.
    pub project_id: ProjectId,
    /// The code, or `None` for the whole project.
    pub code: Option<CostCode>,
    /// Allocated.
    pub allocated: Money,
    /// Consumed by payments.
    pub consumed: Money,
    /// `allocated − consumed`.
    pub remaining: Money,
}

/// A contract's position (a commitment's, or the prime contract's): what its certified
/// applications reached, the retention held and advance recovered, and what is paid (for the
/// prime contract: received). (Exhaustive: the mobile bindings mirror it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractPosition {
    /// The project.
    pub project_id: ProjectId,
    /// The commitment, or `None` for the prime contract.
    pub contract_id: Option<crate::ids::DocumentId>,
    /// The contract price of its terms.
    pub contract_price: Money,
    /// The completed value of its last certified (or paid) application.
    pub certified_to_date: Money,
    /// Retention held to date (released after the defects-liability period).
    pub retention_held: Money,
    /// The advance recovered to date.
    pub advance_recovered: Money,
    /// Paid to date: its advance, its applications' payments, and payments of invoices against it.
    pub paid_to_date: Money,
    /// The application in draft or submitted, if any.
    pub open_application: Option<String>,
}

/// A wage account against the wages due of a month. (Exhaustive: the mobile bindings mirror
/// it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WageAccountPosition {
    /// The project.
    pub project_id: ProjectId,
    /// The month (`2025-06`).
    pub month: String,
    /// The labour-cost share paid into it.
    #[serde(with = "crate::wire::exact")]
    pub labour_share: Decimal,
    /// Paid into it, through `as_of`.
    pub deposited: Money,
    /// Drawn by wages paid, through `as_of`.
    pub drawn: Money,
    /// `deposited − drawn`.
    pub balance: Money,
    /// The month's wages still due: the wage ledger's net less what is paid, over its workers.
    pub wages_due: Money,
    /// `wages_due − balance` when the account holds less than is due, else zero.
    pub shortfall: Money,
    /// The account holds less than the month's wages due: warn before pay day.
    pub short: bool,
}

impl FundLedger {
    /// Every source's position, by id.
    pub fn source_positions(&self) -> Result<Vec<SourcePosition>> {
        self.sources
            .values()
            .map(|source| {
                let currency = source.amount.currency();
                let (mut allocated, mut consumed) = (zero(currency), zero(currency));
                for ((id, _), allocation) in &self.allocations {
                    if id == &source.source_id {
                        allocated = allocated.checked_add(&allocation.allocated)?;
                        consumed = consumed.checked_add(&allocation.consumed)?;
                    }
                }
                Ok(SourcePosition {
                    source_id: source.source_id.clone(),
                    holder: source.holder.clone(),
                    name: source.name.clone(),
                    kind: source.kind,
                    amount: source.amount,
                    unallocated: source.amount.checked_sub(&allocated)?,
                    allocated,
                    consumed,
                    available_from: source.available_from,
                    expires_on: source.expires_on,
                })
            })
            .collect()
    }

    /// The allocations' positions — to one project, or all — by source, project and code.
    pub fn allocation_positions(&self, project_id: Option<&ProjectId>) -> Result<Vec<AllocationPosition>> {
        self.allocations
            .iter()
            .filter(|((_, target), _)| project_id.is_none_or(|p| &target.project_id == p))
            .map(|((source_id, target), allocation)| {
                Ok(AllocationPosition {
                    source_id: source_id.clone(),
                    project_id: target.project_id.clone(),
                    code: target.code.clone(),
                    allocated: allocation.allocated,
                    consumed: allocation.consumed,
                    remaining: allocation.remaining()?,
                })
            })
            .collect()
    }

    /// The funds allocated to a project, each source's total dated the day the source opens:
    /// the funding a project's cash flow sets its need against.
    pub fn available_to(&self, project_id: &ProjectId) -> Result<Vec<(NaiveDate, Money)>> {
        let mut by_source: Vec<(NaiveDate, Money)> = Vec::new();
        let mut last: Option<&str> = None;
        for ((source_id, target), allocation) in &self.allocations {
            if &target.project_id != project_id {
                continue;
            }
            match by_source.last_mut() {
                Some((_, sum)) if last == Some(source_id.as_str()) => *sum = sum.checked_add(&allocation.allocated)?,
                _ => by_source.push((self.source(source_id)?.available_from, allocation.allocated)),
            }
            last = Some(source_id);
        }
        Ok(by_source)
    }

    /// A project's contracts with payment terms — the prime contract first, then commitments
    /// by id — each with what is certified, held, recovered and paid. `commitment_of` names the
    /// commitment a recorded cost (an invoice) is against.
    pub(crate) fn contract_positions(&self, project_id: &ProjectId, commitment_of: impl Fn(&str) -> Option<crate::ids::DocumentId>) -> Result<Vec<ContractPosition>> {
        use super::events::{ApplicationState, PaymentOf};
        let mut positions = Vec::new();
        for ((project, contract_id), contract) in self.terms.iter().filter(|((p, _), _)| p == project_id) {
            let currency = contract.terms.contract_price.currency();
            let applications = self.applications_of(project).filter(|a| &a.contract_id == contract_id);
            let last = applications.clone().filter(|a| matches!(a.state, ApplicationState::Certified | ApplicationState::Paid)).max_by_key(|a| a.period_end);
            let open = applications.clone().find(|a| matches!(a.state, ApplicationState::Draft | ApplicationState::Submitted));
            let mut paid = zero(currency);
            for payment in self.payments_of(project) {
                let on_contract = match &payment.pays {
                    PaymentOf::Application { application_id } => self.applications.get(&(project.clone(), application_id.clone())).is_some_and(|a| &a.contract_id == contract_id),
                    PaymentOf::Cost { cost_id } => contract_id.is_some() && commitment_of(cost_id) == *contract_id,
                    PaymentOf::Advance { contract_id: advanced } => contract_id.as_ref() == Some(advanced),
                };
                if on_contract {
                    paid = paid.checked_add(&payment.amount)?;
                }
            }
            let figure = |f: fn(&super::ApplicationFigures) -> Money| last.map_or_else(|| zero(currency), |a| f(&a.figures));
            positions.push(ContractPosition {
                project_id: project.clone(),
                contract_id: contract_id.clone(),
                contract_price: contract.terms.contract_price,
                certified_to_date: figure(|f| f.completed_to_date),
                retention_held: figure(|f| f.retention_to_date),
                advance_recovered: figure(|f| f.advance_recovered_to_date),
                paid_to_date: paid,
                open_application: open.map(|a| a.application_id.clone()),
            });
        }
        Ok(positions)
    }

    /// What payments consumed — of one project, or all — payment by payment, line by line:
    /// every payment traced to the sources that funded it.
    pub fn consumptions(&self, project_id: Option<&ProjectId>) -> impl Iterator<Item = &Consumption> {
        self.payments.values().filter(move |p| project_id.is_none_or(|id| &p.project_id == id)).flat_map(|p| p.consumptions.iter())
    }
}

impl WageAccountPosition {
    /// The account as of a day against the month's wages still due in the wage ledger rows.
    pub(crate) fn of(account: &WageAccount, project_id: &ProjectId, currency: Currency, month: NaiveDate, as_of: NaiveDate, ledger: &[WageLedgerRow]) -> Result<WageAccountPosition> {
        let (mut deposited, mut drawn) = (zero(currency), zero(currency));
        for movement in account.movements.iter().filter(|m| m.on <= as_of) {
            if movement.amount.amount().is_sign_negative() {
                drawn = drawn.checked_sub(&movement.amount)?;
            } else {
                deposited = deposited.checked_add(&movement.amount)?;
            }
        }
        let balance = deposited.checked_sub(&drawn)?;
        let mut wages_due = zero(currency);
        for row in ledger {
            let unpaid = row.net.checked_sub(&row.paid)?;
            if unpaid.amount().is_sign_positive() && !unpaid.amount().is_zero() {
                wages_due = wages_due.checked_add(&unpaid)?;
            }
        }
        let gap = wages_due.checked_sub(&balance)?;
        let short = gap.amount() > Decimal::ZERO;
        Ok(WageAccountPosition {
            project_id: project_id.clone(),
            month: month.format("%Y-%m").to_string(),
            labour_share: account.labour_share,
            deposited,
            drawn,
            balance,
            wages_due,
            shortfall: if short { gap } else { zero(currency) },
            short,
        })
    }
}
