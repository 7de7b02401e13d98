//! The fund ledger: the state the fund events fold into — sources, allocations, payments and
//! what they consumed, payment terms and applications, wage accounts — and its queries.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::events::{AllocationTarget, ApplicationState, FundEvent, PaymentOf};
use super::{ApplicationDeduction, ApplicationFigures, Eligibility, FundKind, PayableRange, PaymentTerms, ScheduleLine};
use crate::cost::CostCentre;
use crate::ids::{CostCode, DocumentId};
use crate::lifecycle::{Action, ProjectRegister};
use crate::scope::Origin;
use crate::{ActorId, Error, Money, ProjectId, Result};

/// A fund source as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct FundSource {
    /// The source's id.
    pub source_id: String,
    /// The project holding it (whose roles govern it).
    pub holder: ProjectId,
    /// Its name.
    pub name: String,
    /// Where the money comes from.
    pub kind: FundKind,
    /// The amount, after top-ups and reductions.
    pub amount: Money,
    /// The first day it may pay.
    #[serde(serialize_with = "crate::wire::date")]
    pub available_from: NaiveDate,
    /// The last day it may pay, if it expires.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub expires_on: Option<NaiveDate>,
    /// What it may pay.
    pub eligibility: Eligibility,
}
crate::persist::persist_struct!(FundSource { source_id, holder, name, kind, amount, available_from, expires_on, eligibility });


/// One allocation of a source to a target: what was allocated and what payments consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Allocation {
    pub(crate) allocated: Money,
    pub(crate) consumed: Money,
}
crate::persist::persist_struct!(Allocation { allocated, consumed });


impl Allocation {
    pub(crate) fn remaining(&self) -> Result<Money> {
        self.allocated.checked_sub(&self.consumed)
    }
}

/// What one payment took from one allocation, for one cost line: the trace from a payment
/// back to the source that funded it. (Exhaustive: the mobile bindings mirror it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct Consumption {
    /// The payment.
    pub payment_id: String,
    /// The paying project.
    pub project_id: ProjectId,
    /// The day it was paid.
    #[serde(serialize_with = "crate::wire::date")]
    pub paid_on: NaiveDate,
    /// The source that funded it.
    pub source_id: String,
    /// The allocation it drew on (the project, or the code it was allocated to).
    pub allocated_to: Option<CostCode>,
    /// The cost line's code.
    pub code: CostCode,
    /// The cost line's type.
    pub cost_type: String,
    /// How much.
    pub amount: Money,
}
crate::persist::persist_struct!(Consumption { payment_id, project_id, paid_on, source_id, allocated_to, code, cost_type, amount });


/// A recorded payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct Payment {
    /// The payment's id.
    pub payment_id: String,
    /// The paying project.
    pub project_id: ProjectId,
    /// The day it was paid.
    #[serde(serialize_with = "crate::wire::date")]
    pub paid_on: NaiveDate,
    /// What it paid.
    pub pays: PaymentOf,
    /// How much.
    pub amount: Money,
    /// Who recorded it.
    pub paid_by: ActorId,
    /// What it consumed, line by line (nothing for money received on the prime contract).
    pub consumptions: Vec<Consumption>,
}
crate::persist::persist_struct!(Payment { payment_id, project_id, paid_on, pays, amount, paid_by, consumptions });


/// A payment application with its figures and its history. (Exhaustive: the mobile bindings
/// mirror it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct PaymentApplication {
    /// The project.
    pub project_id: ProjectId,
    /// The application's id.
    pub application_id: String,
    /// The commitment, or `None` for the prime contract.
    pub contract_id: Option<DocumentId>,
    /// The last day of its period.
    #[serde(serialize_with = "crate::wire::date")]
    pub period_end: NaiveDate,
    /// Where it stands.
    pub state: ApplicationState,
    /// The lines measured to date.
    pub lines: Vec<ScheduleLine>,
    /// Other deductions.
    pub deductions: Vec<ApplicationDeduction>,
    /// Its figures, against the contract's last certified application.
    pub figures: ApplicationFigures,
    /// Who drafted it.
    pub drafted_by: ActorId,
    /// Who submitted it, once submitted.
    pub submitted_by: Option<ActorId>,
    /// Who certified or rejected it.
    pub decided_by: Option<ActorId>,
    /// The payment that paid it.
    pub payment_id: Option<String>,
}
crate::persist::persist_struct!(PaymentApplication { project_id, application_id, contract_id, period_end, state, lines, deductions, figures, drafted_by, submitted_by, decided_by, payment_id });


/// A contract's payment terms and the range its payable share was checked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ContractTerms {
    pub(crate) terms: PaymentTerms,
    pub(crate) range: PayableRange,
}
crate::persist::persist_struct!(ContractTerms { terms, range });


/// A movement of a wage account: a deposit (above zero) or a draw (below zero).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct WageMovement {
    /// The day (the payment's, or the day wages were paid).
    #[serde(serialize_with = "crate::wire::date")]
    pub on: NaiveDate,
    /// The amount: deposits above zero, draws below.
    pub amount: Money,
    /// What it was (`payment PAY-3`, `day work paid: 12 entries`).
    pub reference: String,
}
crate::persist::persist_struct!(WageMovement { on, amount, reference });


/// A project's dedicated wage account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct WageAccount {
    /// The labour-cost share of each payment on the general contract.
    #[serde(with = "crate::wire::exact")]
    pub labour_share: Decimal,
    /// The general contract (`None`: the prime contract).
    pub contract_id: Option<DocumentId>,
    /// Every deposit and draw, in order.
    pub movements: Vec<WageMovement>,
}
crate::persist::persist_struct!(WageAccount { labour_share, contract_id, movements });


/// The fund side of a portfolio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FundLedger {
    pub(crate) sources: BTreeMap<String, FundSource>,
    pub(crate) allocations: BTreeMap<(String, AllocationTarget), Allocation>,
    pub(crate) payments: BTreeMap<(ProjectId, String), Payment>,
    /// Which payment paid a cost.
    pub(crate) paid_costs: BTreeMap<(ProjectId, String), String>,
    pub(crate) terms: BTreeMap<(ProjectId, Option<DocumentId>), ContractTerms>,
    pub(crate) applications: BTreeMap<(ProjectId, String), PaymentApplication>,
    pub(crate) wage_accounts: BTreeMap<ProjectId, WageAccount>,
}
crate::persist::persist_struct!(FundLedger { sources, allocations, payments, paid_costs, terms, applications, wage_accounts });


/// What the fund side reads of the rest of the portfolio.
#[derive(Clone, Copy)]
pub(crate) struct FundContext<'a> {
    pub(crate) projects: &'a ProjectRegister,
    pub(crate) costs: &'a crate::collections::LookupMap<ProjectId, CostCentre>,
}

impl FundContext<'_> {
    pub(crate) fn centre(&self, project_id: &ProjectId) -> Result<&CostCentre> {
        self.projects.get(project_id)?;
        self.costs.get(project_id).ok_or_else(|| Error::not_found("cost breakdown", project_id.as_str(), None))
    }
}

impl FundEvent {
    /// The action the actor needs on the event's project.
    pub(crate) fn required_action(&self) -> Action {
        match self {
            FundEvent::FundSourceRegistered { .. } | FundEvent::FundSourceChanged { .. } | FundEvent::FundsAllocated { .. } | FundEvent::FundsTransferred { .. } | FundEvent::WageAccountSet { .. } => {
                Action::ManageFunds
            }
            FundEvent::PaymentTermsSet { .. } => Action::EditBudget,
            FundEvent::PaymentApplicationDrafted { .. } => Action::RecordCost,
            FundEvent::PaymentApplicationMoved { to, .. } => match to {
                ApplicationState::Certified | ApplicationState::Rejected | ApplicationState::Paid => Action::ApprovePayment,
                ApplicationState::Draft | ApplicationState::Submitted => Action::RecordCost,
            },
            FundEvent::PaymentRecorded { .. } => Action::ApprovePayment,
        }
    }
}

impl FundLedger {
    /// Applies one fund event (the actor's permission is checked by the portfolio): every
    /// rule is checked before anything changes.
    pub(crate) fn apply(&mut self, event: &FundEvent, origin: &Origin<'_>, context: FundContext<'_>) -> Result<()> {
        match event {
            FundEvent::FundSourceRegistered { project_id, source_id, name, kind, currency, amount, available_from, expires_on, eligibility } => {
                let source = FundSource {
                    source_id: source_id.clone(),
                    holder: project_id.clone(),
                    name: name.clone(),
                    kind: *kind,
                    amount: Money::new(*amount, *currency),
                    available_from: *available_from,
                    expires_on: *expires_on,
                    eligibility: eligibility.clone(),
                };
                self.register(source, context)
            }
            FundEvent::FundSourceChanged { project_id, source_id, change, .. } => self.change_source(project_id, source_id, *change),
            FundEvent::FundsAllocated { project_id, source_id, amount, targets, rule } => self.allocate(project_id, source_id, *amount, targets, rule, context),
            FundEvent::FundsTransferred { project_id, source_id, from, to, amount } => self.transfer(project_id, source_id, from, to.as_ref(), *amount, context),
            FundEvent::PaymentTermsSet { project_id, contract_id, terms, payable_range } => self.set_terms(project_id, contract_id.as_ref(), terms, payable_range.unwrap_or_default(), context),
            FundEvent::PaymentApplicationDrafted { project_id, application_id, contract_id, period_end, lines, deductions } => {
                self.draft_application(origin, project_id, application_id, contract_id.as_ref(), *period_end, lines, deductions, context)
            }
            FundEvent::PaymentApplicationMoved { project_id, application_id, to, .. } => self.move_application(origin, project_id, application_id, *to),
            FundEvent::PaymentRecorded { project_id, payment_id, paid_on, pays, rule, sources } => self.pay(origin, project_id, payment_id, *paid_on, pays, rule, sources, context),
            FundEvent::WageAccountSet { project_id, labour_share, contract_id } => self.set_wage_account(project_id, *labour_share, contract_id.as_ref(), context),
        }
    }

    /// Every source, by id.
    pub fn sources(&self) -> impl Iterator<Item = &FundSource> {
        self.sources.values()
    }

    /// Every payment, by project and id.
    pub fn payments(&self) -> impl Iterator<Item = &Payment> {
        self.payments.values()
    }

    /// Every payment application, by project and id.
    pub fn applications(&self) -> impl Iterator<Item = &PaymentApplication> {
        self.applications.values()
    }

    /// One project's payments: a range of the map, so an event of one project never reads
    /// the whole portfolio's.
    pub(crate) fn payments_of<'a, 'p>(&'a self, project_id: &'p ProjectId) -> impl Iterator<Item = &'a Payment> + Clone + use<'a, 'p> {
        self.payments.range((project_id.clone(), String::new())..).take_while(move |((p, _), _)| p == project_id).map(|(_, payment)| payment)
    }

    /// One project's payment applications (a range of the map, as [`FundLedger::payments_of`]).
    pub(crate) fn applications_of<'a, 'p>(&'a self, project_id: &'p ProjectId) -> impl Iterator<Item = &'a PaymentApplication> + Clone + use<'a, 'p> {
        self.applications.range((project_id.clone(), String::new())..).take_while(move |((p, _), _)| p == project_id).map(|(_, application)| application)
    }

    /// A project's wage account, if it has one.
    #[must_use]
    pub fn wage_account(&self, project_id: &ProjectId) -> Option<&WageAccount> {
        self.wage_accounts.get(project_id)
    }

    /// A source by id, or a not-found error.
    pub(crate) fn source(&self, source_id: &str) -> Result<&FundSource> {
        self.sources.get(source_id).ok_or_else(|| Error::not_found("fund source", source_id, None))
    }

    /// Checks the ledger's own invariants: per source, allocations never exceed its amount and
    /// consumption never exceeds an allocation; per payment, consumptions sum to its amount.
    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        let mut allocated: BTreeMap<&str, Money> = BTreeMap::new();
        for ((id, _), allocation) in &self.allocations {
            if allocation.consumed.checked_cmp(&allocation.allocated).map_err(|e| e.to_string())?.is_gt() {
                return Err(format!("an allocation of source {id} consumed {} of {}", allocation.consumed, allocation.allocated));
            }
            let sum = allocated.entry(id).or_insert_with(|| Money::zero(allocation.allocated.currency()));
            *sum = sum.checked_add(&allocation.allocated).map_err(|e| e.to_string())?;
        }
        for (id, sum) in allocated {
            let source = self.sources.get(id).ok_or_else(|| format!("an allocation of unknown source {id}"))?;
            if sum.checked_cmp(&source.amount).map_err(|e| e.to_string())?.is_gt() {
                return Err(format!("source {id} allocates {sum} of {}", source.amount));
            }
        }
        for payment in self.payments.values() {
            if payment.consumptions.is_empty() {
                continue;
            }
            let consumed = payment.consumptions.iter().try_fold(Money::zero(payment.amount.currency()), |sum, c| sum.checked_add(&c.amount)).map_err(|e| e.to_string())?;
            if consumed != payment.amount {
                return Err(format!("payment {} of {} consumed {consumed}", payment.payment_id, payment.amount));
            }
        }
        Ok(())
    }
}
