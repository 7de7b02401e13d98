//! A project's cost centre as the journal builds it: the breakdown and its ledger, the
//! original budget and its baseline, budget changes, commitments and their change orders,
//! invoices, direct and labour costs, forecasts, budget control, and the revenue side.
//!
//! Every document (budget change or transfer, commitment, commitment change order, prime
//! contract change order) follows one state machine — Draft → Pending → Approved / Rejected,
//! Pending → Draft to withdraw — and each state posts to one column: pending to the pending
//! column of its kind, approved to the approved one. Every change is checked in full first
//! and then applied, so a refused event leaves the centre as it was.

mod breakdown;
mod commitments;
mod control;
mod documents;
mod events;
mod earned;
mod ledger;
mod revenue;
pub mod work_package;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use breakdown::{CostBreakdown, CostCodeDef, StandardCostType, STANDARD_COST_TYPES};
pub use commitments::{CostKind, CostRecord};
use commitments::CommitmentLine;
use control::{checked, Posting};
pub use control::{BudgetControl, BudgetWarning, ControlAction, ControlMeasure};
pub use documents::{status_name, CostDocument, DocumentKind, DocumentStatus};
pub use events::CostEvent;
pub use ledger::{BudgetRow, CellRef, Column, CostLedger, ForecastItem, ForecastMethod};
pub(crate) use ledger::RowSums;
pub use revenue::{Margin, RevenueKind};
pub use work_package::{EvTechnique, Milestone, Progress, WorkPackage};

use crate::ids::{CostCode, DocumentId};
use crate::lifecycle::Action;
use crate::scope::{Origin, ProjectScope};
use crate::text::check_id;
use crate::{ActorId, Currency, Error, EventId, Money, Result, WorkCalendar};

/// An amount on a (leaf code, cost type) cell, in the project's currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostLine {
    /// The leaf cost code.
    pub code: CostCode,
    /// The cost type (`labour`, `material`, …).
    pub cost_type: String,
    #[serde(with = "crate::wire::exact")]
    /// The amount.
    pub amount: Decimal,
}
crate::persist::persist_struct!(CostLine { code, cost_type, amount });


impl CostLine {
    /// An amount on the cell (`code`, `cost_type`).
    #[must_use]
    pub fn new(code: impl Into<CostCode>, cost_type: &str, amount: Decimal) -> CostLine {
        CostLine { code: code.into(), cost_type: cost_type.to_owned(), amount }
    }
}

/// One line of a budget view: the code (`None` for the project total), where it sits, and
/// every column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BudgetViewRow {
    /// The code; `None` for the project total.
    pub code: Option<CostCode>,
    /// The code's name.
    pub name: String,
    /// The parent code.
    pub parent: Option<CostCode>,
    /// How deep it sits (0 for a top-level code).
    pub depth: usize,
    /// Whether it is a leaf (only leaves hold figures).
    pub leaf: bool,
    #[serde(flatten)]
    /// Every column of the code (its subtree summed).
    pub row: BudgetRow,
}

/// The cost side of one project: its breakdown, the ledger of every figure per cell,
/// documents, costs, controls, forecasts, revenue and work packages. Changed only through
/// the journal's cost events; read through the portfolio.
///
/// ```
/// # use projectledger::{Currency, Journal, Payload, ProjectId, WorkCalendar};
/// # use projectledger::lifecycle::LifecycleEvent;
/// # fn main() -> Result<(), projectledger::Error> {
/// # let p1 = ProjectId::try_new("P1")?;
/// # let mut journal = Journal::new();
/// # let mut events = journal.event_source("office")?;
/// # journal.record(events.event("pm-li", LifecycleEvent::ProjectCreated { project_id: p1.clone(), name: "Depot".into(),
/// #     code: "D-1".into(), currency: Currency::CNY, calendar: Box::new(WorkCalendar::china(2025, 2026)?) })?)?;
/// use projectledger::cost::{BudgetControl, ControlAction, CostBreakdown, CostEvent, CostLine};
/// let subcontract = |amount: i64| vec![CostLine::new("01.01", "subcontract", amount.into())];
/// let tree = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"土建"},{"code":"01.01","name":"基础"}]}"#)?;
/// let stop = BudgetControl { actual: ControlAction::Stop, ..BudgetControl::default() };
/// for payload in [
///     Payload::from(CostEvent::breakdown_defined(&p1, tree)),
///     CostEvent::BudgetLinesSet { project_id: p1.clone(), lines: subcontract(100_000) }.into(),
///     CostEvent::BudgetControlSet { project_id: p1.clone(), code: None, control: stop }.into(),
/// ] {
///     journal.record(events.event("pm-li", payload)?)?;
/// }
/// let too_much = CostEvent::direct_cost(&p1, "C1", subcontract(120_000), "piling");
/// let projectledger::Error::BudgetExceeded { breaches, .. } = journal.record(events.event("pm-li", too_much)?).unwrap_err() else { panic!() };
/// assert_eq!(breaches[0].over_by, 20_000.into());
///
/// let centre = journal.state().cost_centre(&p1)?;
/// assert!(centre.records().is_empty());                       // refused whole
/// assert_eq!(centre.row(Some("01"), None)?.revised_budget.to_string(), "CNY 100000.00");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CostCentre {
    ledger: CostLedger,
    baseline_locked: bool,
    documents: BTreeMap<String, CostDocument>,
    records: BTreeMap<String, CostRecord>,
    /// Approved commitment lines by commitment id, then (code, cost type).
    commitments: BTreeMap<DocumentId, BTreeMap<(CostCode, String), CommitmentLine>>,
    /// Controls by scope: `None` is the project.
    controls: BTreeMap<Option<String>, BudgetControl>,
    forecasts: BTreeMap<(String, String), ForecastMethod>,
    contract_value: i64,
    revenue_entries: BTreeSet<String>,
    prime_changes: [i64; 2],
    billed: i64,
    received: i64,
    warnings: Vec<BudgetWarning>,
    /// Work packages (schedule, technique, progress) by leaf code.
    packages: BTreeMap<String, WorkPackage>,
}
crate::persist::persist_struct!(CostCentre { ledger, baseline_locked, documents, records, commitments, controls, forecasts, contract_value, revenue_entries, prime_changes, billed, received, warnings, packages });


/// One change to a centre, borrowed from a cost event (or made by a reaction, such as day
/// work's approval posting its labour cost).
#[derive(Debug, Clone, Copy)]
pub(crate) enum CostChange<'a> {
    Breakdown(&'a CostBreakdown),
    BudgetLines(&'a [CostLine]),
    LockBaseline,
    Draft { document_id: &'a str, kind: DocumentKind, title: &'a str, lines: &'a [CostLine], commitment_id: Option<&'a str>, vendor: Option<&'a str> },
    Move { document_id: &'a str, to: DocumentStatus, note: &'a str },
    Record { cost_id: &'a str, kind: CostKind, commitment_id: Option<&'a str>, lines: &'a [CostLine], description: &'a str, allow_over_commitment: bool },
    Control { code: Option<&'a str>, control: BudgetControl },
    Forecast { code: &'a str, cost_type: &'a str, method: &'a ForecastMethod },
    ContractValue(Decimal),
    Revenue { entry_id: &'a str, kind: RevenueKind, amount: Decimal },
    Schedule { code: &'a str, start: NaiveDate, finish: NaiveDate, profile: &'a str, weights: Option<&'a [Decimal]>, technique: &'a EvTechnique, calendar: Option<&'a WorkCalendar> },
    Progress { code: &'a str, progress: &'a Progress },
}

/// Who records a change, and when, on which project: what the centre's rules read of an
/// event and its project.
pub(crate) struct Recording<'a> {
    pub event_id: &'a EventId,
    pub actor: &'a ActorId,
    pub at: DateTime<Utc>,
    pub project_id: &'a str,
    pub calendar: &'a WorkCalendar,
}

impl<'a> Recording<'a> {
    pub(crate) fn new(origin: &Origin<'a>, scope: &ProjectScope<'a>) -> Recording<'a> {
        Recording { event_id: origin.event_id, actor: origin.actor, at: origin.at, project_id: scope.id.as_str(), calendar: scope.calendar }
    }
}

impl CostChange<'_> {
    /// The action an actor needs for this change (a document's kind decides who drafts and
    /// who approves it).
    #[must_use]
    pub(crate) fn required_action(&self, centre: Option<&CostCentre>) -> Action {
        let kind = match self {
            CostChange::Draft { kind, .. } => Some(*kind),
            CostChange::Move { document_id, .. } => centre.and_then(|c| c.documents.get(*document_id)).map(|d| d.kind),
            CostChange::Record { .. } | CostChange::Revenue { .. } | CostChange::Progress { .. } => return Action::RecordCost,
            _ => return Action::EditBudget,
        };
        let deciding = matches!(self, CostChange::Move { to: DocumentStatus::Approved | DocumentStatus::Rejected, .. });
        let commitment = kind.is_some_and(DocumentKind::is_commitment);
        match (deciding, commitment) {
            (true, true) => Action::ApproveCommitment,
            (true, false) => Action::ApproveBudgetChange,
            (false, true) => Action::RecordCost,
            (false, false) => Action::EditBudget,
        }
    }
}

impl CostCentre {
    /// An empty centre over a breakdown.
    #[must_use]
    pub fn new(breakdown: CostBreakdown, currency: Currency) -> CostCentre {
        CostCentre {
            ledger: CostLedger::new(breakdown, currency),
            baseline_locked: false,
            documents: BTreeMap::new(),
            records: BTreeMap::new(),
            commitments: BTreeMap::new(),
            controls: BTreeMap::new(),
            forecasts: BTreeMap::new(),
            contract_value: 0,
            revenue_entries: BTreeSet::new(),
            prime_changes: [0, 0],
            billed: 0,
            received: 0,
            warnings: Vec::new(),
            packages: BTreeMap::new(),
        }
    }

    /// Work packages by leaf code.
    #[must_use]
    pub fn work_packages(&self) -> &BTreeMap<String, WorkPackage> {
        &self.packages
    }

    #[must_use]
    /// The cost ledger: every figure per cell.
    pub fn ledger(&self) -> &CostLedger {
        &self.ledger
    }

    #[must_use]
    /// The cost breakdown.
    pub fn breakdown(&self) -> &CostBreakdown {
        self.ledger.breakdown()
    }

    #[must_use]
    /// Whether the original budget is locked.
    pub fn baseline_locked(&self) -> bool {
        self.baseline_locked
    }

    /// Documents by id.
    #[must_use]
    pub fn documents(&self) -> &BTreeMap<String, CostDocument> {
        &self.documents
    }

    /// Invoices, direct and labour costs by id.
    #[must_use]
    pub fn records(&self) -> &BTreeMap<String, CostRecord> {
        &self.records
    }

    /// Drops the cost records (and nothing else): only for tests of the invariants.
    #[cfg(test)]
    pub(crate) fn forget_records(&mut self) {
        self.records.clear();
    }

    /// Every warning a Warn control reported, in the order of the events.
    #[must_use]
    pub fn warnings(&self) -> &[BudgetWarning] {
        &self.warnings
    }

    /// The warnings one event left (every warning with `None`).
    #[must_use]
    pub fn warnings_for(&self, event_id: Option<&str>) -> Vec<&BudgetWarning> {
        self.warnings.iter().filter(|w| event_id.is_none_or(|id| w.event_id.as_str() == id)).collect()
    }

    /// Every code's budget view in tree order (parents before children), with the project
    /// total last, for one cost type or all.
    pub fn view(&self, cost_type: Option<&str>) -> Result<Vec<BudgetViewRow>> {
        let tree = self.breakdown();
        let mut rows = Vec::with_capacity(tree.len().saturating_add(1));
        for (code, depth) in tree.tree_order() {
            rows.push(BudgetViewRow {
                code: Some(code.into()),
                name: tree.name(code)?.to_owned(),
                parent: tree.parent(code)?.map(Into::into),
                depth,
                leaf: tree.is_leaf(code),
                row: self.ledger.row(Some(code), cost_type)?,
            });
        }
        rows.push(BudgetViewRow { code: None, name: "project total".to_owned(), parent: None, depth: 0, leaf: false, row: self.ledger.row(None, cost_type)? });
        Ok(rows)
    }

    /// The budget view of a code (or the project with `None`), for one cost type or all.
    pub fn row(&self, code: Option<&str>, cost_type: Option<&str>) -> Result<BudgetRow> {
        self.ledger.row(code, cost_type)
    }

    /// The forecast method of a leaf cell (automatic unless set).
    #[must_use]
    pub fn forecast(&self, code: &str, cost_type: &str) -> ForecastMethod {
        self.forecasts.get(&(code.to_owned(), cost_type.to_owned())).cloned().unwrap_or(ForecastMethod::Automatic)
    }


    fn units(&self, field: &str, amount: Decimal) -> Result<i64> {
        let money = Money::new(amount, self.ledger.currency());
        if !money.is_in_minor_units() {
            return Err(Error::PrecisionLoss {
                value: money.to_string(),
                reason: format!("{field} has more decimal places than {} allows", self.ledger.currency()),
            });
        }
        self.ledger.units(&money)
    }

    /// Resolves lines to cells, listing every bad line.
    fn resolve(&self, lines: &[CostLine]) -> Result<Vec<(CellRef, i64)>> {
        let mut problems = Vec::new();
        let mut out = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            match self.ledger.cell(&line.code, &line.cost_type).and_then(|cell| Ok((cell, self.units("amount", line.amount)?))) {
                Ok(resolved) => out.push(resolved),
                Err(error) => problems.push(format!("line {} ({} / {}): {error}", i.saturating_add(1), line.code, line.cost_type)),
            }
        }
        match problems.len() {
            0 => Ok(out),
            _ => Err(Error::invalid_field("cost lines", problems.join("; "))),
        }
    }

    /// Applies one change: checks all of it, then changes the centre. Returns the warnings
    /// of Warn controls (also kept in [`CostCentre::warnings`]).
    pub(crate) fn apply(&mut self, change: CostChange<'_>, rec: &Recording<'_>) -> Result<Vec<BudgetWarning>> {
        match change {
            CostChange::Breakdown(breakdown) => {
                self.ledger = self.ledger.rebuilt(breakdown.clone(), &self.forecasts)?;
                Ok(vec![])
            }
            CostChange::BudgetLines(lines) => {
                if self.baseline_locked {
                    return Err(Error::invalid_field("original budget", "the baseline is locked; change the budget with budget changes"));
                }
                let resolved = self.resolve(lines)?;
                let postings: Vec<Posting> = resolved
                    .iter()
                    .map(|(cell, units)| Ok((*cell, Column::OriginalBudget, units.checked_sub(self.ledger.cell_units(*cell, Column::OriginalBudget)).ok_or_else(|| Error::overflow("original budget"))?)))
                    .collect::<Result<_>>()?;
                let distinct: BTreeSet<CellRef> = resolved.iter().map(|(cell, _)| *cell).collect();
                if distinct.len() != resolved.len() {
                    return Err(Error::invalid_field("original budget", "a cell is listed twice"));
                }
                self.post_all(&postings)?;
                Ok(vec![])
            }
            CostChange::LockBaseline => {
                if self.baseline_locked {
                    return Err(Error::invalid_field("baseline", "the baseline is already locked"));
                }
                self.baseline_locked = true;
                Ok(vec![])
            }
            CostChange::Draft { document_id, kind, title, lines, commitment_id, vendor } => {
                self.draft(rec, document_id, kind, title, lines, commitment_id, vendor)?;
                Ok(vec![])
            }
            CostChange::Move { document_id, to, note } => self.move_document(rec, document_id, to, note),
            CostChange::Record { cost_id, kind, commitment_id, lines, description, allow_over_commitment } => {
                self.record(rec, cost_id, kind, commitment_id, lines, description, allow_over_commitment)
            }
            CostChange::Control { code, control } => {
                if let Some(code) = code {
                    self.breakdown().name(code)?;
                }
                self.controls.insert(code.map(str::to_owned), control);
                Ok(vec![])
            }
            CostChange::Forecast { code, cost_type, method } => {
                let cell = self.ledger.cell(code, cost_type)?;
                self.ledger.set_forecast(cell, method)?;
                let key = (code.to_owned(), cost_type.to_owned());
                match method {
                    ForecastMethod::Automatic => self.forecasts.remove(&key),
                    _ => self.forecasts.insert(key, method.clone()),
                };
                Ok(vec![])
            }
            CostChange::ContractValue(amount) => {
                let units = self.units("contract value", amount)?;
                if units < 0 {
                    return Err(Error::invalid_field("contract value", "a contract value is not negative"));
                }
                self.contract_value = units;
                Ok(vec![])
            }
            CostChange::Schedule { code, start, finish, profile, weights, technique, calendar } => {
                self.breakdown().name(code)?;
                if !self.breakdown().is_leaf(code) {
                    return Err(Error::invalid_field("cost code", format!("{code:?} has sub-codes; work packages are leaf codes")));
                }
                let mut package = WorkPackage::on_calendar(start, finish, profile, weights.map(<[Decimal]>::to_vec), technique.clone(), rec.calendar, calendar.cloned())?;
                // Rescheduling keeps the progress made, as long as it still means the same.
                if let Some(existing) = self.packages.get(code) {
                    let has_progress = existing.started || !existing.milestones_done.is_empty() || !existing.percent_complete.is_zero();
                    if has_progress && existing.technique != package.technique {
                        return Err(Error::invalid_field("schedule", format!("{code} has progress; its technique cannot change")));
                    }
                    package.started = existing.started;
                    package.finished = existing.finished;
                    package.milestones_done.clone_from(&existing.milestones_done);
                    package.percent_complete = existing.percent_complete;
                }
                self.packages.insert(code.to_owned(), package);
                Ok(vec![])
            }
            CostChange::Progress { code, progress } => {
                let Some(package) = self.packages.get(code) else {
                    return Err(Error::not_found("work package", code, Some(rec.project_id)));
                };
                let mut updated = package.clone();
                updated.record(progress)?;
                self.packages.insert(code.to_owned(), updated);
                Ok(vec![])
            }
            CostChange::Revenue { entry_id, kind, amount } => {
                check_id("revenue entry id", entry_id)?;
                if self.revenue_entries.contains(entry_id) {
                    return Err(Error::invalid_field("revenue entry id", format!("{entry_id:?} is already used on this project")));
                }
                let units = self.units("revenue amount", amount)?;
                let (billed, received) = match kind {
                    RevenueKind::Billed => (checked(self.billed, units)?, self.received),
                    RevenueKind::Received => (self.billed, checked(self.received, units)?),
                };
                if billed < 0 || received < 0 || received > billed {
                    let m = |u: i64| Money::from_minor_units(u.into(), self.ledger.currency()).map_or_else(|_| u.to_string(), |m| m.to_string());
                    return Err(Error::invalid_field(
                        "revenue",
                        format!("received {} would not lie between zero and billed {}", m(received), m(billed)),
                    ));
                }
                self.billed = billed;
                self.received = received;
                self.revenue_entries.insert(entry_id.to_owned());
                Ok(vec![])
            }
        }
    }

}
