//! The fund side's events: sources, their allocation, payment terms and applications, payments
//! and the wage account. Every event names the project whose roles govern it: for a source,
//! the project that holds it (its `manage_funds` members register, change and allocate it);
//! for a payment or an application, the project paying or applying.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{ApplicationDeduction, ConsumptionRule, Eligibility, FundKind, PayableRange, PaymentTerms, ScheduleLine};
use crate::ids::{CostCode, DocumentId};
use crate::{Currency, ProjectId};

/// Where allocated money goes: a project, or one code of it (with the codes below).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationTarget {
    /// The receiving project (in the source's currency).
    pub project_id: ProjectId,
    /// The code, or `None` for the whole project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<CostCode>,
}
crate::persist::persist_struct!(AllocationTarget { project_id, code });


/// Where a payment application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    /// Being prepared (it may be redrafted).
    Draft,
    /// Sent for certification.
    Submitted,
    /// Certified by someone other than the submitter: due for payment.
    Certified,
    /// Paid (a payment recorded against it).
    Paid,
    /// Refused; a new application takes its place.
    Rejected,
}
crate::persist::persist_enum!(ApplicationState { 0 => Draft, 1 => Submitted, 2 => Certified, 3 => Paid, 4 => Rejected });


impl ApplicationState {
    /// The snake_case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ApplicationState::Draft => "draft",
            ApplicationState::Submitted => "submitted",
            ApplicationState::Certified => "certified",
            ApplicationState::Paid => "paid",
            ApplicationState::Rejected => "rejected",
        }
    }
}

/// What a payment pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentOf {
    /// A recorded cost (an invoice or a direct cost), whole.
    Cost {
        /// The cost's id.
        cost_id: String,
    },
    /// A certified payment application: its net due.
    Application {
        /// The application's id.
        application_id: String,
    },
    /// The advance (预付款) of a commitment's terms, paid once; its applications recover it.
    Advance {
        /// The commitment.
        contract_id: DocumentId,
    },
}
crate::persist::persist_enum!(PaymentOf { 0 => Cost { cost_id }, 1 => Application { application_id }, 2 => Advance { contract_id } });


/// What happens on the fund side (the payloads of the journal's fund events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum FundEvent {
    /// A fund source is registered, held by `project_id` (whose roles govern it).
    FundSourceRegistered {
        /// The project holding the source.
        project_id: ProjectId,
        /// The source's id, unique in the portfolio.
        source_id: String,
        /// A name (`2025 municipal appropriation`).
        name: String,
        /// Where the money comes from.
        kind: FundKind,
        /// The source's currency: it funds projects in this currency only.
        currency: Currency,
        /// The amount.
        #[serde(with = "crate::wire::exact")]
        amount: Decimal,
        /// The first day it may pay.
        #[serde(serialize_with = "crate::wire::date")]
        available_from: NaiveDate,
        /// The last day it may pay, if it expires.
        #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::wire::date_opt")]
        expires_on: Option<NaiveDate>,
        /// What it may pay.
        #[serde(default)]
        eligibility: Eligibility,
    },
    /// A top-up (above zero) or a reduction (below zero) of a source; a reduction below what
    /// is allocated is refused.
    FundSourceChanged {
        /// The project holding the source.
        project_id: ProjectId,
        /// The source.
        source_id: String,
        /// The change, in the source's currency.
        #[serde(with = "crate::wire::exact")]
        change: Decimal,
        /// Why.
        reason: String,
    },
    /// An amount of a source is allocated to projects or codes: `manual` (amounts), `order`
    /// (each target filled up to its unfunded revised budget, in turn) or `ratio` (weights,
    /// exact largest remainder).
    FundsAllocated {
        /// The project holding the source.
        project_id: ProjectId,
        /// The source.
        source_id: String,
        /// How much, in the source's currency.
        #[serde(with = "crate::wire::exact")]
        amount: Decimal,
        /// Where it goes.
        targets: Vec<AllocationTarget>,
        /// How it is split.
        rule: ConsumptionRule,
    },
    /// Part of an allocation moves to another target, or back to the source (`to` absent);
    /// never more than the allocation has left unconsumed.
    FundsTransferred {
        /// The project holding the source.
        project_id: ProjectId,
        /// The source.
        source_id: String,
        /// The allocation it leaves.
        from: AllocationTarget,
        /// The allocation it joins; `None` returns it to the source.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<AllocationTarget>,
        /// How much.
        #[serde(with = "crate::wire::exact")]
        amount: Decimal,
    },
    /// A contract's payment terms: a commitment's, or the prime contract's (`contract_id`
    /// absent), checked within the payable range (GB 50500's 60–90 % unless given).
    PaymentTermsSet {
        /// The project.
        project_id: ProjectId,
        /// The commitment, or `None` for the prime contract.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contract_id: Option<DocumentId>,
        /// The terms.
        terms: PaymentTerms,
        /// The range the payable share must lie in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payable_range: Option<PayableRange>,
    },
    /// A payment application (进度款) is drafted or redrafted: the schedule of values to the
    /// period's end, and other deductions. Its figures are worked out against the contract's
    /// last certified application.
    PaymentApplicationDrafted {
        /// The project.
        project_id: ProjectId,
        /// The application's id, unique in the project.
        application_id: String,
        /// The commitment, or `None` for the prime contract.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contract_id: Option<DocumentId>,
        /// The last day of the period it covers.
        #[serde(serialize_with = "crate::wire::date")]
        period_end: NaiveDate,
        /// The lines measured to date (day work as `Amount` lines).
        lines: Vec<ScheduleLine>,
        /// Other deductions.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        deductions: Vec<ApplicationDeduction>,
    },
    /// An application is submitted, withdrawn to draft, certified or rejected (certified or
    /// rejected by someone other than its submitter).
    PaymentApplicationMoved {
        /// The project.
        project_id: ProjectId,
        /// The application.
        application_id: String,
        /// The state to take.
        to: ApplicationState,
        /// Why.
        note: String,
    },
    /// A payment: a recorded cost or a certified application, paid from the project's
    /// allocations by a rule over the sources named (all of them, by id, when none are) —
    /// traceable to every source and code it used. An application on the prime contract is
    /// money received: it consumes nothing and feeds the wage account.
    PaymentRecorded {
        /// The paying project.
        project_id: ProjectId,
        /// The payment's id, unique in the project.
        payment_id: String,
        /// The day it is paid.
        #[serde(serialize_with = "crate::wire::date")]
        paid_on: NaiveDate,
        /// What it pays.
        pays: PaymentOf,
        /// How it is spread over the sources.
        rule: ConsumptionRule,
        /// The sources it may use, in the rule's order (empty: every source allocated to the project).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sources: Vec<String>,
    },
    /// The project's dedicated wage account (农民工工资专用账户): the labour-cost share of each
    /// payment on the general contract (a commitment, or the prime contract when `contract_id`
    /// is absent) is paid into it; paid day work draws on it.
    WageAccountSet {
        /// The project.
        project_id: ProjectId,
        /// The labour-cost share of each payment (0–1).
        #[serde(with = "crate::wire::exact")]
        labour_share: Decimal,
        /// The general contract.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contract_id: Option<DocumentId>,
    },
}
crate::persist::persist_enum!(FundEvent { 0 => FundSourceRegistered { project_id, source_id, name, kind, currency, amount, available_from, expires_on, eligibility }, 1 => FundSourceChanged { project_id, source_id, change, reason }, 2 => FundsAllocated { project_id, source_id, amount, targets, rule }, 3 => FundsTransferred { project_id, source_id, from, to, amount }, 4 => PaymentTermsSet { project_id, contract_id, terms, payable_range }, 5 => PaymentApplicationDrafted { project_id, application_id, contract_id, period_end, lines, deductions }, 6 => PaymentApplicationMoved { project_id, application_id, to, note }, 7 => PaymentRecorded { project_id, payment_id, paid_on, pays, rule, sources }, 8 => WageAccountSet { project_id, labour_share, contract_id } });


impl FundEvent {
    /// Every event's `type` tag, as the journal writes it.
    pub const TAGS: &'static [&'static str] = &[
        "fund_source_registered",
        "fund_source_changed",
        "funds_allocated",
        "funds_transferred",
        "payment_terms_set",
        "payment_application_drafted",
        "payment_application_moved",
        "payment_recorded",
        "wage_account_set",
    ];

    /// The project the event is about (for a source: the project holding it).
    #[must_use]
    pub fn project_id(&self) -> &ProjectId {
        match self {
            FundEvent::FundSourceRegistered { project_id, .. }
            | FundEvent::FundSourceChanged { project_id, .. }
            | FundEvent::FundsAllocated { project_id, .. }
            | FundEvent::FundsTransferred { project_id, .. }
            | FundEvent::PaymentTermsSet { project_id, .. }
            | FundEvent::PaymentApplicationDrafted { project_id, .. }
            | FundEvent::PaymentApplicationMoved { project_id, .. }
            | FundEvent::PaymentRecorded { project_id, .. }
            | FundEvent::WageAccountSet { project_id, .. } => project_id,
        }
    }

    /// A payment of a recorded cost, by priority order over the sources allocated to the project.
    #[must_use]
    pub fn cost_paid(project_id: &ProjectId, payment_id: &str, paid_on: NaiveDate, cost_id: &str) -> FundEvent {
        FundEvent::PaymentRecorded {
            project_id: project_id.clone(),
            payment_id: payment_id.to_owned(),
            paid_on,
            pays: PaymentOf::Cost { cost_id: cost_id.to_owned() },
            rule: ConsumptionRule::Order,
            sources: Vec::new(),
        }
    }

    /// A payment of a certified application, by priority order over the project's sources.
    #[must_use]
    pub fn application_paid(project_id: &ProjectId, payment_id: &str, paid_on: NaiveDate, application_id: &str) -> FundEvent {
        FundEvent::PaymentRecorded {
            project_id: project_id.clone(),
            payment_id: payment_id.to_owned(),
            paid_on,
            pays: PaymentOf::Application { application_id: application_id.to_owned() },
            rule: ConsumptionRule::Order,
            sources: Vec::new(),
        }
    }
}
