//! The cost centre on the mobile surface: cost lines, kinds, states and forecasts in
//! payloads, and the budget view, margin, documents and warnings read from a journal. The
//! core's plain enums cross as they are (uniffi remote enums), so Kotlin and Swift get
//! exhaustive types, not strings.

use std::sync::Arc;

use projectledger::{self as core, ActorId, CostCode, DocumentId, EventId, Money, ProjectId};
use rust_decimal::Decimal;
pub use projectledger::cost::{BudgetRow, BudgetWarning, ControlAction, ControlMeasure, CostDocument, CostKind, CostLine, DocumentKind, DocumentStatus, Margin, RevenueKind};
pub use projectledger::cost::{ForecastItem, ForecastMethod};
pub use projectledger::cost::work_package::{EvTechnique, Milestone, Progress};

use chrono::NaiveDate;

use crate::{Journal, Result, Instant};

/// What a cost document is (the core's `DocumentKind`).
#[uniffi::remote(Enum)]
pub enum DocumentKind {
    BudgetChange,
    BudgetTransfer,
    Subcontract,
    PurchaseOrder,
    CommitmentChangeOrder,
    PrimeChangeOrder,
}

/// Where a document is: submit to pending, withdraw to draft, decide to approved or rejected.
#[uniffi::remote(Enum)]
pub enum DocumentStatus {
    Draft,
    Pending,
    Approved,
    Rejected,
}

/// An invoice (against a commitment), a direct cost or a labour cost.
#[uniffi::remote(Enum)]
pub enum CostKind {
    Invoice,
    Direct,
    Labour,
}

/// What a budget control does with a figure over the revised budget.
#[uniffi::remote(Enum)]
pub enum ControlAction {
    Stop,
    Warn,
    Ignore,
}

/// The figure a budget control watches.
#[uniffi::remote(Enum)]
pub enum ControlMeasure {
    Committed,
    Actual,
    Cumulative,
}

/// Billed to the client or received from them.
#[uniffi::remote(Enum)]
pub enum RevenueKind {
    Billed,
    Received,
}

/// An amount on a (leaf code, cost type) cell, in the project's currency.
#[uniffi::remote(Record)]
pub struct CostLine {
    pub code: CostCode,
    pub cost_type: String,
    pub amount: Decimal,
}

/// One line of a manual forecast.
#[uniffi::remote(Record)]
pub struct ForecastItem {
    pub description: String,
    pub quantity: Decimal,
    pub unit_cost: Decimal,
}

/// How a leaf cell's forecast to complete is found.
#[uniffi::remote(Enum)]
pub enum ForecastMethod {
    /// Projected budget − projected cost, never below zero.
    Automatic,
    /// Σ quantity × unit cost, each item rounded to minor units (四舍五入).
    Manual { items: Vec<ForecastItem> },
    LumpSum { amount: Decimal },
}

/// One weighted milestone of a work package.
#[uniffi::remote(Record)]
pub struct Milestone {
    pub name: String,
    pub weight: Decimal,
}

/// How a work package earns value.
#[uniffi::remote(Enum)]
pub enum EvTechnique {
    ZeroHundred,
    FiftyFifty,
    WeightedMilestones { milestones: Vec<Milestone> },
    PhysicalPercent,
    LevelOfEffort,
}

/// What a progress report says.
#[uniffi::remote(Enum)]
pub enum Progress {
    Started,
    Finished,
    MilestoneDone { milestone: String },
    PercentComplete { percent: Decimal },
}

/// Earned value of a code's subtree (or the project): the four inputs and every figure.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NodeEarnedValue {
    pub bac: Money,
    pub pv: Money,
    pub ev: Money,
    pub ac: Money,
    pub figures: crate::EarnedValueFigures,
}

/// Every column of the budget view (Procore's standard view), in the project's currency.
#[uniffi::remote(Record)]
pub struct BudgetRow {
    pub original_budget: Money,
    pub approved_changes: Money,
    pub revised_budget: Money,
    pub pending_changes: Money,
    pub projected_budget: Money,
    pub committed: Money,
    pub pending_cost_changes: Money,
    pub actual: Money,
    pub projected_cost: Money,
    pub forecast_to_complete: Money,
    pub estimated_cost_at_completion: Money,
    pub projected_over_under: Money,
}

/// One line of the budget view: a code (null for the project total) and its subtree's figures.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BudgetViewRow {
    pub code: Option<CostCode>,
    pub name: String,
    pub parent: Option<CostCode>,
    pub depth: i32,
    pub leaf: bool,
    pub row: BudgetRow,
}

/// One cost code's line of a budget: the code, its name and place in the tree, and its
/// subtree's figures.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BudgetCodeRow {
    pub code: CostCode,
    pub name: String,
    pub parent: Option<CostCode>,
    pub depth: i32,
    pub leaf: bool,
    pub row: BudgetRow,
}

/// A project's budget: every code in tree order (parents first), and the project total apart.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BudgetView {
    pub codes: Vec<BudgetCodeRow>,
    pub total: BudgetRow,
}

/// Contract, change orders, billing, and the gross margin over the estimated cost at completion.
#[uniffi::remote(Record)]
pub struct Margin {
    pub contract_value: Money,
    pub approved_change_orders: Money,
    pub pending_change_orders: Money,
    pub revised_contract_value: Money,
    pub billed: Money,
    pub received: Money,
    pub receivable: Money,
    pub estimated_cost_at_completion: Money,
    pub gross_margin: Money,
    /// Gross margin ÷ revised contract value × 100, 2 places; null without a contract value.
    pub margin_percent: Option<Decimal>,
}

/// A budget change, transfer, commitment or change order, where it stands and who moved it.
#[uniffi::remote(Record)]
pub struct CostDocument {
    pub document_id: DocumentId,
    pub kind: DocumentKind,
    pub title: String,
    pub lines: Vec<CostLine>,
    pub commitment_id: Option<DocumentId>,
    pub vendor: Option<String>,
    pub status: DocumentStatus,
    pub drafted_by: ActorId,
    pub drafted_at: Instant,
    pub submitted_by: Option<ActorId>,
    pub decided_by: Option<ActorId>,
    pub decided_at: Option<Instant>,
    pub note: String,
}

/// A figure over budget that a Warn control let through, with the figures.
#[uniffi::remote(Record)]
pub struct BudgetWarning {
    pub event_id: EventId,
    /// Null for the whole project.
    pub code: Option<CostCode>,
    pub measure: ControlMeasure,
    pub amount: Money,
    pub budget: Money,
    pub over_by: Money,
}

/// Reads one project of the journal's state, or of its state as of a time.
pub(crate) fn with_state<T>(journal: &Journal, project_id: String, as_of: Option<Instant>, read: impl FnOnce(&core::Portfolio, &ProjectId) -> Result<T>) -> Result<T> {
    let id = ProjectId::try_new(project_id)?;
    let guard = journal.lock();
    let state = guard.state_at(as_of);
    state.project_or_err(&id)?;
    read(&state, &id)
}

fn with_centre<T>(
    journal: &Journal,
    project_id: String,
    as_of: Option<Instant>,
    read: impl FnOnce(&core::cost::CostCentre) -> Result<T>,
) -> Result<T> {
    with_state(journal, project_id, as_of, |state, id| read(state.cost_centre(id)?))
}

#[uniffi::export]
impl Journal {
    /// Every code in tree order (parents first), then the project total; `cost_type` narrows
    /// to one type; `as_of` folds only the events recorded up to it.
    pub fn budget_view(&self, project_id: String, cost_type: Option<String>, as_of: Option<Instant>) -> Result<Vec<BudgetViewRow>> {
        with_centre(self, project_id, as_of, |centre| {
            Ok(centre
                .view(cost_type.as_deref())?
                .into_iter()
                .map(|r| BudgetViewRow {
                    code: r.code,
                    name: r.name,
                    parent: r.parent,
                    depth: i32::try_from(r.depth).unwrap_or(i32::MAX),
                    leaf: r.leaf,
                    row: r.row,
                })
                .collect())
        })
    }

    /// The project's budget: each code's line in tree order, and the total apart; `cost_type`
    /// narrows to one type; `as_of` folds only the events recorded up to it.
    #[uniffi::method(default(cost_type = None, as_of = None))]
    pub fn budget(&self, project_id: String, cost_type: Option<String>, as_of: Option<Instant>) -> Result<BudgetView> {
        with_centre(self, project_id, as_of, |centre| {
            let codes = centre
                .view(cost_type.as_deref())?
                .into_iter()
                .filter_map(|r| Some(BudgetCodeRow { code: r.code?, name: r.name, parent: r.parent, depth: i32::try_from(r.depth).unwrap_or(i32::MAX), leaf: r.leaf, row: r.row }))
                .collect();
            Ok(BudgetView { codes, total: centre.row(None, cost_type.as_deref())? })
        })
    }

    /// One code's subtree (or the project with a null code).
    pub fn budget_row(&self, project_id: String, code: Option<String>, cost_type: Option<String>, as_of: Option<Instant>) -> Result<BudgetRow> {
        with_centre(self, project_id, as_of, |centre| Ok(centre.row(code.as_deref(), cost_type.as_deref())?))
    }

    /// Contract value, change orders, billed, received and the gross margin.
    pub fn margin(&self, project_id: String, as_of: Option<Instant>) -> Result<Margin> {
        with_centre(self, project_id, as_of, |centre| Ok(centre.margin()?))
    }

    /// Earned value of a code's subtree (or the project with a null code) at the end of
    /// `status_date`: BAC and AC from the budget view, PV and EV from the work packages.
    pub fn earned_value(&self, project_id: String, status_date: NaiveDate, code: Option<String>, as_of: Option<Instant>) -> Result<NodeEarnedValue> {
        with_state(self, project_id, as_of, |state, id| {
            let f = state.earned_value(id, code.as_deref(), status_date)?;
            Ok(NodeEarnedValue { bac: f.bac, pv: f.pv, ev: f.ev, ac: f.ac, figures: f.into() })
        })
    }

    /// Earned schedule of a code's subtree (or the project) in periods of `period`: AT is
    /// the number of periods ended by `status_date`, PD the number from the first work
    /// package's start to the last one's finish.
    pub fn earned_schedule(
        &self,
        project_id: String,
        status_date: NaiveDate,
        period: crate::PeriodKind,
        code: Option<String>,
        as_of: Option<Instant>,
    ) -> Result<crate::EarnedScheduleFigures> {
        with_state(self, project_id, as_of, |state, id| {
            let es = state.earned_schedule(id, code.as_deref(), status_date, period)?;
            Ok(crate::EarnedScheduleFigures { es: es.es, spi_t: es.spi_t, ieac_t: es.ieac_t })
        })
    }

    /// The cost documents of a project, by id.
    pub fn cost_documents(&self, project_id: String) -> Result<Vec<CostDocument>> {
        with_centre(self, project_id, None, |centre| Ok(centre.documents().values().cloned().collect()))
    }

    /// One cost document of a project by id; null when the project has none with it.
    pub fn cost_document(&self, project_id: String, document_id: String) -> Result<Option<CostDocument>> {
        with_centre(self, project_id, None, |centre| Ok(centre.documents().get(&document_id).cloned()))
    }

    /// What Warn budget controls reported; `event_id` narrows to one event.
    pub fn budget_warnings(&self, project_id: String, event_id: Option<String>) -> Result<Vec<BudgetWarning>> {
        with_centre(self, project_id, None, |centre| Ok(centre.warnings_for(event_id.as_deref()).into_iter().cloned().collect()))
    }
}

/// Keeps the breakdown type in one place for the payloads.
pub(crate) fn breakdown(b: &Arc<crate::CostBreakdown>) -> Box<core::cost::CostBreakdown> {
    Box::new(b.inner.clone())
}
