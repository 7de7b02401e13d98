//! The fund ledger for the mobile surface: the payloads' own types (sources' kinds, targets,
//! application states, what a payment pays) and the positions a site app shows — balances, a
//! project's applications, the consumption trace, the wage account.

use chrono::NaiveDate;
use projectledger::funds::{AllocationPosition, AllocationTarget, ContractPosition, ApplicationFigures, ApplicationState, ApplicationDeduction, Consumption, FundKind, PaymentApplication, PaymentOf, ScheduleLine, SourcePosition, WageAccountPosition};
use projectledger::{ActorId, CostCode, DocumentId, Money, ProjectId};
use rust_decimal::Decimal;

use crate::{Journal, Result, Instant};

/// Where a fund's money comes from.
#[uniffi::remote(Enum)]
pub enum FundKind {
    Appropriation,
    Loan,
    OwnerPayment,
    OwnFunds,
    Other,
}

/// Where allocated money goes: a project, or one code of it (null: the whole project).
#[uniffi::remote(Record)]
pub struct AllocationTarget {
    pub project_id: ProjectId,
    #[uniffi(default = None)]
    pub code: Option<CostCode>,
}

/// Where a payment application stands.
#[uniffi::remote(Enum)]
pub enum ApplicationState {
    Draft,
    Submitted,
    Certified,
    Paid,
    Rejected,
}

/// What a payment pays: a recorded cost, or a certified application.
#[uniffi::remote(Enum)]
pub enum PaymentOf {
    Cost { cost_id: String },
    Application { application_id: String },
    Advance { contract_id: DocumentId },
}

/// A source's position: its amount, what is allocated and consumed, what is left to allocate.
#[uniffi::remote(Record)]
pub struct SourcePosition {
    pub source_id: String,
    pub holder: ProjectId,
    pub name: String,
    pub kind: FundKind,
    pub amount: Money,
    pub allocated: Money,
    pub consumed: Money,
    pub unallocated: Money,
    pub available_from: NaiveDate,
    pub expires_on: Option<NaiveDate>,
}

/// An allocation's position: a source's money for a project or a code, consumed and remaining.
#[uniffi::remote(Record)]
pub struct AllocationPosition {
    pub source_id: String,
    pub project_id: ProjectId,
    pub code: Option<CostCode>,
    pub allocated: Money,
    pub consumed: Money,
    pub remaining: Money,
}

/// What one payment took from one allocation for one cost line.
#[uniffi::remote(Record)]
pub struct Consumption {
    pub payment_id: String,
    pub project_id: ProjectId,
    pub paid_on: NaiveDate,
    pub source_id: String,
    pub allocated_to: Option<CostCode>,
    pub code: CostCode,
    pub cost_type: String,
    pub amount: Money,
}

/// A payment application with its figures and who moved it.
#[uniffi::remote(Record)]
pub struct PaymentApplication {
    pub project_id: ProjectId,
    pub application_id: String,
    pub contract_id: Option<DocumentId>,
    pub period_end: NaiveDate,
    pub state: ApplicationState,
    pub lines: Vec<ScheduleLine>,
    pub deductions: Vec<ApplicationDeduction>,
    pub figures: ApplicationFigures,
    pub drafted_by: ActorId,
    pub submitted_by: Option<ActorId>,
    pub decided_by: Option<ActorId>,
    pub payment_id: Option<String>,
}

/// A contract's position: certified to date, retention held, advance recovered, paid to date.
#[uniffi::remote(Record)]
pub struct ContractPosition {
    pub project_id: ProjectId,
    pub contract_id: Option<DocumentId>,
    pub contract_price: Money,
    pub certified_to_date: Money,
    pub retention_held: Money,
    pub advance_recovered: Money,
    pub paid_to_date: Money,
    pub open_application: Option<String>,
}

/// A wage account against a month's wages due: balance, wages due, shortfall, `short`.
#[uniffi::remote(Record)]
pub struct WageAccountPosition {
    pub project_id: ProjectId,
    pub month: String,
    pub labour_share: Decimal,
    pub deposited: Money,
    pub drawn: Money,
    pub balance: Money,
    pub wages_due: Money,
    pub shortfall: Money,
    pub short: bool,
}

#[uniffi::export]
impl Journal {
    /// Every fund source's position, by id.
    #[uniffi::method(default(as_of = None))]
    pub fn fund_sources(&self, as_of: Option<Instant>) -> Result<Vec<SourcePosition>> {
        Ok(self.lock().state_at(as_of).funds().source_positions()?)
    }

    /// The allocations' positions — to one project (or all, null) — by source, project, code.
    #[uniffi::method(default(as_of = None))]
    pub fn fund_allocations(&self, project_id: Option<ProjectId>, as_of: Option<Instant>) -> Result<Vec<AllocationPosition>> {
        Ok(self.lock().state_at(as_of).funds().allocation_positions(project_id.as_ref())?)
    }

    /// What payments consumed — of one project (or all, null) — line by line, with the source
    /// and allocation that funded each.
    #[uniffi::method(default(as_of = None))]
    pub fn fund_consumptions(&self, project_id: Option<ProjectId>, as_of: Option<Instant>) -> Vec<Consumption> {
        self.lock().state_at(as_of).funds().consumptions(project_id.as_ref()).cloned().collect()
    }

    /// A project's payment applications, by id.
    #[uniffi::method(default(as_of = None))]
    pub fn payment_applications(&self, project_id: ProjectId, as_of: Option<Instant>) -> Result<Vec<PaymentApplication>> {
        let guard = self.lock();
        let state = guard.state_at(as_of);
        state.project_or_err(&project_id)?;
        Ok(state.funds().applications().filter(|a| a.project_id == project_id).cloned().collect())
    }

    /// A project's contracts with payment terms (the prime contract first, a null contract id).
    #[uniffi::method(default(as_of = None))]
    pub fn contract_positions(&self, project_id: ProjectId, as_of: Option<Instant>) -> Result<Vec<ContractPosition>> {
        Ok(self.lock().state_at(as_of).contract_positions(&project_id)?)
    }

    /// The funds allocated to a project, each source's total dated the day the source opens:
    /// what `cashFlow` takes as `available`.
    #[uniffi::method(default(as_of = None))]
    pub fn funds_available(&self, project_id: ProjectId, as_of: Option<Instant>) -> Result<Vec<crate::funds::DatedMoney>> {
        let guard = self.lock();
        let state = guard.state_at(as_of);
        state.project_or_err(&project_id)?;
        Ok(state.funds().available_to(&project_id)?.into_iter().map(|(date, amount)| crate::funds::DatedMoney { date, amount }).collect())
    }

    /// A project's wage account against the wages due of `month` (any day of it), as of `on`.
    #[uniffi::method(default(as_of = None))]
    pub fn wage_account(&self, project_id: ProjectId, month: NaiveDate, on: NaiveDate, as_of: Option<Instant>) -> Result<WageAccountPosition> {
        Ok(self.lock().state_at(as_of).wage_account(&project_id, month, on)?)
    }
}
