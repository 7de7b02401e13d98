//! The cost side's events: the payloads of the journal's cost events, and the change each
//! makes to a centre.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{BudgetControl, CostBreakdown, CostChange, CostKind, CostLine, DocumentKind, DocumentStatus, EvTechnique, ForecastMethod, Progress, RevenueKind};
use crate::{CostCode, DocumentId, ProjectId};

/// What happens on a project's cost side (the payloads of the journal's cost events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum CostEvent {
    /// The cost breakdown is defined, or redefined (cells holding figures must stay leaves).
    CostBreakdownDefined {
        /// The project.
        project_id: ProjectId,
        /// The breakdown.
        breakdown: Box<CostBreakdown>,
    },
    /// Original budget amounts of cells (replacing theirs); refused once the baseline is locked.
    BudgetLinesSet {
        /// The project.
        project_id: ProjectId,
        /// The cells and their amounts.
        lines: Vec<CostLine>,
    },
    /// The original budget is locked: from now on it changes through budget changes.
    BaselineLocked {
        /// The project.
        project_id: ProjectId,
    },
    /// A cost document is drafted (or a draft redrafted).
    CostDocumentDrafted {
        /// The project.
        project_id: ProjectId,
        /// The document's id, unique in the project.
        document_id: DocumentId,
        /// Budget change, commitment or change order.
        kind: DocumentKind,
        /// A short title.
        title: String,
        /// The amounts per cell.
        lines: Vec<CostLine>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The commitment a change order changes.
        commitment_id: Option<DocumentId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The vendor of a commitment.
        vendor: Option<String>,
    },
    /// A document is submitted (pending), withdrawn (draft), approved or rejected.
    CostDocumentMoved {
        /// The project.
        project_id: ProjectId,
        /// The document.
        document_id: DocumentId,
        /// The status to take.
        to: DocumentStatus,
        /// Why.
        note: String,
    },
    /// An invoice against a commitment, a direct cost or a labour cost.
    CostRecorded {
        /// The project.
        project_id: ProjectId,
        /// The cost's id, unique in the project.
        cost_id: String,
        /// Invoice, direct cost or labour cost.
        kind: CostKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The commitment an invoice is against.
        commitment_id: Option<DocumentId>,
        /// The amounts per cell.
        lines: Vec<CostLine>,
        /// Free text.
        description: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        /// Let an invoice exceed what its commitment has left on a cell.
        allow_over_commitment: bool,
    },
    /// Budget control of the project (`code` absent) or of a code's subtree.
    BudgetControlSet {
        /// The project.
        project_id: ProjectId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The code whose subtree is controlled; `None` for the project.
        code: Option<CostCode>,
        /// What to do when each measure goes over.
        control: BudgetControl,
    },
    /// The forecast-to-complete method of a leaf cell.
    ForecastSet {
        /// The project.
        project_id: ProjectId,
        /// The leaf code.
        code: CostCode,
        /// The cost type.
        cost_type: String,
        /// How the forecast to complete is found.
        method: ForecastMethod,
    },
    /// The prime contract's original value.
    ContractValueSet {
        /// The project.
        project_id: ProjectId,
        #[serde(with = "crate::wire::exact")]
        /// The value, in the project's currency.
        amount: Decimal,
    },
    /// An amount billed to the client, or received from them.
    RevenueRecorded {
        /// The project.
        project_id: ProjectId,
        /// The entry's id, unique in the project.
        entry_id: String,
        /// Billed or received.
        kind: RevenueKind,
        #[serde(with = "crate::wire::exact")]
        /// The amount.
        amount: Decimal,
    },
    /// A leaf code becomes (or is rescheduled as) a work package: dates, how its budget is
    /// spread over the working days (profile, with weights for "manual") and its EV technique.
    WorkPackageScheduled {
        /// The project.
        project_id: ProjectId,
        /// The leaf code.
        code: CostCode,
        #[serde(serialize_with = "crate::wire::date")]
        /// The first working day.
        start: NaiveDate,
        #[serde(serialize_with = "crate::wire::date")]
        /// The last working day.
        finish: NaiveDate,
        /// How the budget is spread: `linear`, `front`, `back` or `manual`.
        profile: String,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::wire::exact_list_opt")]
        /// The weights of a `manual` profile, one per working day.
        weights: Option<Vec<Decimal>>,
        /// How earned value is measured.
        technique: EvTechnique,
    },
    /// Progress of a work package (started, finished, a milestone done, a percent complete).
    ProgressRecorded {
        /// The project.
        project_id: ProjectId,
        /// The leaf code.
        code: CostCode,
        /// What happened.
        progress: Progress,
    },
}
crate::persist::persist_enum!(CostEvent { 0 => CostBreakdownDefined { project_id, breakdown }, 1 => BudgetLinesSet { project_id, lines }, 2 => BaselineLocked { project_id }, 3 => CostDocumentDrafted { project_id, document_id, kind, title, lines, commitment_id, vendor }, 4 => CostDocumentMoved { project_id, document_id, to, note }, 5 => CostRecorded { project_id, cost_id, kind, commitment_id, lines, description, allow_over_commitment }, 6 => BudgetControlSet { project_id, code, control }, 7 => ForecastSet { project_id, code, cost_type, method }, 8 => ContractValueSet { project_id, amount }, 9 => RevenueRecorded { project_id, entry_id, kind, amount }, 10 => WorkPackageScheduled { project_id, code, start, finish, profile, weights, technique }, 11 => ProgressRecorded { project_id, code, progress } });


impl CostEvent {
    /// The project's cost breakdown is defined (or redefined).
    #[must_use]
    pub fn breakdown_defined(project_id: &ProjectId, breakdown: CostBreakdown) -> CostEvent {
        CostEvent::CostBreakdownDefined { project_id: project_id.clone(), breakdown: Box::new(breakdown) }
    }

    /// A cost outside commitments (an expense, a small purchase).
    #[must_use]
    pub fn direct_cost(project_id: &ProjectId, cost_id: &str, lines: Vec<CostLine>, description: &str) -> CostEvent {
        CostEvent::CostRecorded {
            project_id: project_id.clone(),
            cost_id: cost_id.to_owned(),
            kind: CostKind::Direct,
            commitment_id: None,
            lines,
            description: description.to_owned(),
            allow_over_commitment: false,
        }
    }

    /// An invoice against the lines of an approved commitment (refused beyond what it has left).
    #[must_use]
    pub fn invoice(project_id: &ProjectId, cost_id: &str, commitment_id: impl Into<DocumentId>, lines: Vec<CostLine>, description: &str) -> CostEvent {
        CostEvent::CostRecorded {
            project_id: project_id.clone(),
            cost_id: cost_id.to_owned(),
            kind: CostKind::Invoice,
            commitment_id: Some(commitment_id.into()),
            lines,
            description: description.to_owned(),
            allow_over_commitment: false,
        }
    }
}

impl CostEvent {
    /// Every event's `type` tag, as the journal writes it.
    pub const TAGS: &'static [&'static str] = &[
        "cost_breakdown_defined",
        "budget_lines_set",
        "baseline_locked",
        "cost_document_drafted",
        "cost_document_moved",
        "cost_recorded",
        "budget_control_set",
        "forecast_set",
        "contract_value_set",
        "revenue_recorded",
        "work_package_scheduled",
        "progress_recorded",
    ];

    /// The project the event is about.
    #[must_use]
    pub fn project_id(&self) -> &ProjectId {
        match self {
            CostEvent::CostBreakdownDefined { project_id, .. }
            | CostEvent::BudgetLinesSet { project_id, .. }
            | CostEvent::BaselineLocked { project_id }
            | CostEvent::CostDocumentDrafted { project_id, .. }
            | CostEvent::CostDocumentMoved { project_id, .. }
            | CostEvent::CostRecorded { project_id, .. }
            | CostEvent::BudgetControlSet { project_id, .. }
            | CostEvent::ForecastSet { project_id, .. }
            | CostEvent::ContractValueSet { project_id, .. }
            | CostEvent::RevenueRecorded { project_id, .. }
            | CostEvent::WorkPackageScheduled { project_id, .. }
            | CostEvent::ProgressRecorded { project_id, .. } => project_id,
        }
    }
}

impl CostEvent {
    /// The change the event makes to a centre.
    #[must_use]
    pub(crate) fn change(&self) -> CostChange<'_> {
        use CostEvent as P;
        match self {
            P::CostBreakdownDefined { breakdown, .. } => CostChange::Breakdown(breakdown),
            P::BudgetLinesSet { lines, .. } => CostChange::BudgetLines(lines),
            P::BaselineLocked { .. } => CostChange::LockBaseline,
            P::CostDocumentDrafted { document_id, kind, title, lines, commitment_id, vendor, .. } => CostChange::Draft {
                document_id,
                kind: *kind,
                title,
                lines,
                commitment_id: commitment_id.as_deref(),
                vendor: vendor.as_deref(),
            },
            P::CostDocumentMoved { document_id, to, note, .. } => CostChange::Move { document_id, to: *to, note },
            P::CostRecorded { cost_id, kind, commitment_id, lines, description, allow_over_commitment, .. } => CostChange::Record {
                cost_id,
                kind: *kind,
                commitment_id: commitment_id.as_deref(),
                lines,
                description,
                allow_over_commitment: *allow_over_commitment,
            },
            P::BudgetControlSet { code, control, .. } => CostChange::Control { code: code.as_deref(), control: *control },
            P::ForecastSet { code, cost_type, method, .. } => CostChange::Forecast { code, cost_type, method },
            P::ContractValueSet { amount, .. } => CostChange::ContractValue(*amount),
            P::RevenueRecorded { entry_id, kind, amount, .. } => CostChange::Revenue { entry_id, kind: *kind, amount: *amount },
            P::WorkPackageScheduled { code, start, finish, profile, weights, technique, .. } => CostChange::Schedule {
                code,
                start: *start,
                finish: *finish,
                profile,
                weights: weights.as_deref(),
                technique,
                calendar: None,
            },
            P::ProgressRecorded { code, progress, .. } => CostChange::Progress { code, progress },
        }
    }
}
