//! A project's cost centre as the journal builds it: the breakdown and its ledger, the
//! original budget and its baseline, budget changes, commitments and their change orders,
//! invoices, direct and labour costs, forecasts, budget control, and the revenue side.
//!
//! Every document (budget change or transfer, commitment, commitment change order, prime
//! contract change order) follows one state machine — Draft → Pending → Approved / Rejected,
//! Pending → Draft to withdraw — and each state posts to one column: pending to the pending
//! column of its kind, approved to the approved one. Every change is checked in full first
//! and then applied, so a refused event leaves the centre as it was.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::lifecycle::Action;
use crate::project::check_text;
use crate::cost::{BudgetRow, CellRef, Column, CostBreakdown, CostLedger, ForecastMethod};
use crate::evm::{EarnedSchedule, EarnedValue};
use crate::period::{Period, PeriodKind};
use crate::progress::{EvTechnique, Progress, WorkPackage};
use crate::{ActorId, Currency, Error, EventId, Money, Result, RoundingStrategy, WorkCalendar};

/// An amount on a (leaf code, cost type) cell, in the project's currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostLine {
    pub code: String,
    pub cost_type: String,
    pub amount: Decimal,
}

/// What a cost document is; it decides the columns its states post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Changes the budget (lines may be negative).
    BudgetChange,
    /// Moves budget between lines: the lines sum to zero.
    BudgetTransfer,
    /// A commitment to a subcontractor (a schedule of values on cost codes).
    Subcontract,
    /// A commitment to a supplier.
    PurchaseOrder,
    /// Changes an approved subcontract or purchase order (lines add to it or take from it).
    CommitmentChangeOrder,
    /// Changes the prime contract (the revenue side).
    PrimeChangeOrder,
}

impl DocumentKind {
    /// Subcontracts, purchase orders and their change orders: the cost side.
    #[must_use]
    pub fn is_commitment(self) -> bool {
        matches!(self, DocumentKind::Subcontract | DocumentKind::PurchaseOrder | DocumentKind::CommitmentChangeOrder)
    }
}

/// Where a document is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Draft,
    Pending,
    Approved,
    Rejected,
}

/// What an actual cost is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// Against the lines of an approved commitment.
    Invoice,
    /// Outside commitments (expenses, small purchases).
    Direct,
    /// Approved day-work, costed (posted by the labour centre).
    Labour,
}

/// What a budget control does when a figure would exceed the revised budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlAction {
    /// Refuse the posting, naming the figures.
    Stop,
    /// Accept it and report the figures.
    Warn,
    #[default]
    Ignore,
}

/// The figure a budget control watches (ERPNext's anchor). Cumulative is committed plus
/// costs outside commitments: an invoice is already inside its commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlMeasure {
    Committed,
    Actual,
    Cumulative,
}

impl ControlMeasure {
    const ALL: [ControlMeasure; 3] = [ControlMeasure::Committed, ControlMeasure::Actual, ControlMeasure::Cumulative];

    fn columns(self) -> &'static [Column] {
        match self {
            ControlMeasure::Committed => &[Column::Committed],
            ControlMeasure::Actual => &[Column::Invoiced, Column::DirectCosts],
            ControlMeasure::Cumulative => &[Column::Committed, Column::DirectCosts],
        }
    }

    fn name(self) -> &'static str {
        match self {
            ControlMeasure::Committed => "committed",
            ControlMeasure::Actual => "actual",
            ControlMeasure::Cumulative => "cumulative",
        }
    }
}

/// The control of one scope (the project, or a code and its subtree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetControl {
    #[serde(default)]
    pub committed: ControlAction,
    #[serde(default)]
    pub actual: ControlAction,
    #[serde(default)]
    pub cumulative: ControlAction,
}

impl BudgetControl {
    fn action(&self, measure: ControlMeasure) -> ControlAction {
        match measure {
            ControlMeasure::Committed => self.committed,
            ControlMeasure::Actual => self.actual,
            ControlMeasure::Cumulative => self.cumulative,
        }
    }
}

/// Billed to the client, or received from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevenueKind {
    Billed,
    Received,
}

/// A document and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostDocument {
    pub document_id: String,
    pub kind: DocumentKind,
    pub title: String,
    pub lines: Vec<CostLine>,
    /// The commitment a change order changes.
    pub commitment_id: Option<String>,
    /// The subcontractor or supplier of a commitment.
    pub vendor: Option<String>,
    pub status: DocumentStatus,
    pub drafted_by: ActorId,
    pub drafted_at: DateTime<Utc>,
    pub submitted_by: Option<ActorId>,
    pub decided_by: Option<ActorId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: String,
}

/// An invoice, direct cost or labour cost as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostRecord {
    pub cost_id: String,
    pub kind: CostKind,
    pub commitment_id: Option<String>,
    pub lines: Vec<CostLine>,
    pub description: String,
    pub recorded_by: ActorId,
    pub recorded_at: DateTime<Utc>,
}

/// A figure over its budget that a Warn control let through (or that Stop refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetWarning {
    pub event_id: EventId,
    /// `None` for the whole project, else the code whose subtree is controlled.
    pub code: Option<String>,
    pub measure: ControlMeasure,
    /// The figure with the posting.
    pub amount: Money,
    /// The revised budget of the scope.
    pub budget: Money,
    pub over_by: Money,
}

impl BudgetWarning {
    fn describe(&self) -> String {
        let scope = self.code.as_ref().map_or_else(|| "the project".to_owned(), |c| format!("code {c}"));
        format!(
            "{} on {scope} would be {} against a revised budget of {} (over by {})",
            self.measure.name(),
            self.amount,
            self.budget,
            self.over_by
        )
    }
}

/// The revenue side and the margin it leaves over the estimated cost at completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Margin {
    pub contract_value: Money,
    pub approved_change_orders: Money,
    pub pending_change_orders: Money,
    /// Contract value + approved change orders.
    pub revised_contract_value: Money,
    pub billed: Money,
    pub received: Money,
    /// Billed − received.
    pub receivable: Money,
    pub estimated_cost_at_completion: Money,
    /// Revised contract value − estimated cost at completion.
    pub gross_margin: Money,
    /// Gross margin ÷ revised contract value × 100, to 2 places (四舍五入); `None` without a
    /// contract value.
    pub margin_percent: Option<Decimal>,
}

/// One line of a budget view: the code (`None` for the project total), where it sits, and
/// every column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetViewRow {
    pub code: Option<String>,
    pub name: String,
    pub parent: Option<String>,
    pub depth: usize,
    pub leaf: bool,
    #[serde(flatten)]
    pub row: BudgetRow,
}

/// The figures of one line of a commitment: committed (approved) and invoiced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct CommitmentLine {
    committed: i64,
    invoiced: i64,
}

/// The cost side of one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostCentre {
    ledger: CostLedger,
    baseline_locked: bool,
    documents: BTreeMap<String, CostDocument>,
    records: BTreeMap<String, CostRecord>,
    /// Approved commitment lines by commitment id, then (code, cost type).
    commitments: BTreeMap<String, BTreeMap<(String, String), CommitmentLine>>,
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

/// One change to a centre, as the journal's cost payloads carry it.
#[derive(Debug, Clone, Copy)]
pub enum CostChange<'a> {
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
    Schedule { code: &'a str, start: NaiveDate, finish: NaiveDate, profile: &'a str, weights: Option<&'a [Decimal]>, technique: &'a EvTechnique },
    Progress { code: &'a str, progress: &'a Progress },
}

/// Who records a change, and when (from the event), on which project's calendar.
pub struct Recording<'a> {
    pub event_id: &'a EventId,
    pub actor: &'a ActorId,
    pub at: DateTime<Utc>,
    pub project_id: &'a str,
    pub calendar: &'a WorkCalendar,
}

type Posting = (CellRef, Column, i64);

impl crate::Payload {
    /// The cost change a cost payload carries (`None` for other payloads).
    #[must_use]
    pub fn cost_change(&self) -> Option<CostChange<'_>> {
        use crate::Payload as P;
        Some(match self {
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
            },
            P::ProgressRecorded { code, progress, .. } => CostChange::Progress { code, progress },
            _ => return None,
        })
    }
}

impl CostChange<'_> {
    /// The action an actor needs for this change (a document's kind decides who drafts and
    /// who approves it).
    #[must_use]
    pub fn required_action(&self, centre: Option<&CostCentre>) -> Action {
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

    /// Earned value of a code's subtree (or the project with `None`) at the end of
    /// `status_date`: BAC and AC from the ledger, PV and EV from the work packages.
    pub fn earned_value(&self, code: Option<&str>, status_date: NaiveDate, calendar: &WorkCalendar) -> Result<EarnedValue> {
        let [bac, pv, ev, ac] = self.value_units(code, status_date, calendar)?;
        let m = |units: i128| Money::from_minor_units(units, self.ledger.currency());
        EarnedValue::compute(&m(bac)?, &m(pv)?, &m(ev)?, &m(ac)?, None)
    }

    /// A leaf's budget at completion: its revised budget, all cost types, in minor units.
    fn leaf_budget(&self, leaf: &str) -> Result<i64> {
        let budget = self.ledger.total_units(Some(leaf), Column::OriginalBudget)? + self.ledger.total_units(Some(leaf), Column::ApprovedChanges)?;
        i64::try_from(budget).map_err(|_| Error::overflow("budget at completion"))
    }

    /// BAC, PV, EV and AC of a subtree at the end of a date, in minor units.
    fn value_units(&self, code: Option<&str>, status_date: NaiveDate, calendar: &WorkCalendar) -> Result<[i128; 4]> {
        let currency = self.ledger.currency();
        let (mut bac, mut pv, mut ev, mut ac) = (0i128, 0i128, 0i128, 0i128);
        for leaf in self.breakdown().leaves_under(code)? {
            let budget = self.leaf_budget(leaf)?;
            bac += i128::from(budget);
            ac += self.ledger.total_units(Some(leaf), Column::Invoiced)? + self.ledger.total_units(Some(leaf), Column::DirectCosts)?;
            if let Some(package) = self.packages.get(leaf) {
                let planned = package.planned_units(budget, status_date, calendar, currency)?;
                pv += i128::from(planned);
                ev += i128::from(package.earned_units(budget, planned, currency)?);
            }
        }
        Ok([bac, pv, ev, ac])
    }

    /// Earned schedule (Lipke) of a subtree in periods of `kind`: cumulative PV at the end of
    /// each period from the first work package's start to the last one's finish; AT is the
    /// number of those periods ended by `status_date` (status dates are period ends in EVM
    /// reporting), PD the number of periods.
    pub fn earned_schedule(&self, code: Option<&str>, status_date: NaiveDate, kind: PeriodKind, calendar: &WorkCalendar) -> Result<EarnedSchedule> {
        let leaves = self.breakdown().leaves_under(code)?;
        let packages: Vec<&WorkPackage> = leaves.iter().filter_map(|leaf| self.packages.get(*leaf)).collect();
        let (Some(first), Some(last)) = (packages.iter().map(|p| p.start).min(), packages.iter().map(|p| p.finish).max()) else {
            return Err(Error::invalid_field("work packages", format!("no work package under {}", code.unwrap_or("the project"))));
        };
        let mut ends = Vec::new();
        let mut period = Period::of(kind, first);
        loop {
            let end = period.end()?;
            ends.push(end);
            if end >= last {
                break;
            }
            period = Period::of(kind, end.succ_opt().ok_or_else(|| Error::DateOutOfRange { reason: format!("the day after {end}") })?);
        }
        // Every package spread once; cumulative PV at each period end from the sorted parts.
        let mut parts = Vec::new();
        for leaf in &leaves {
            if let Some(package) = self.packages.get(*leaf) {
                parts.extend(package.planned_parts(self.leaf_budget(leaf)?, calendar, self.ledger.currency())?);
            }
        }
        parts.sort_unstable();
        let m = |units: i128| Money::from_minor_units(units, self.ledger.currency());
        let mut cumulative = vec![m(0)?];
        let (mut planned, mut next) = (0i128, 0);
        for end in &ends {
            while let Some((_, units)) = parts.get(next).filter(|(day, _)| day <= end) {
                planned += i128::from(*units);
                next += 1;
            }
            cumulative.push(m(planned)?);
        }
        let ev = m(self.value_units(code, status_date, calendar)?[2])?;
        let elapsed = ends.iter().filter(|end| **end <= status_date).count();
        EarnedSchedule::compute(&cumulative, &ev, elapsed.into(), ends.len().into())
    }

    #[must_use]
    pub fn ledger(&self) -> &CostLedger {
        &self.ledger
    }

    #[must_use]
    pub fn breakdown(&self) -> &CostBreakdown {
        self.ledger.breakdown()
    }

    #[must_use]
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

    /// Every warning a Warn control reported, in the order of the events.
    #[must_use]
    pub fn warnings(&self) -> &[BudgetWarning] {
        &self.warnings
    }

    /// The warnings one event left.
    #[must_use]
    pub fn warnings_for(&self, event_id: &EventId) -> Vec<&BudgetWarning> {
        self.warnings.iter().filter(|w| &w.event_id == event_id).collect()
    }

    /// Every code's budget view in tree order (parents before children), with the project
    /// total last, for one cost type or all.
    pub fn view(&self, cost_type: Option<&str>) -> Result<Vec<BudgetViewRow>> {
        let tree = self.breakdown();
        let mut rows = Vec::with_capacity(tree.len() + 1);
        for (code, depth) in tree.tree_order() {
            rows.push(BudgetViewRow {
                code: Some(code.to_owned()),
                name: tree.name(code)?.to_owned(),
                parent: tree.parent(code)?.map(str::to_owned),
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

    /// Contract, change orders, billing and the margin over the estimated cost at completion.
    pub fn margin(&self) -> Result<Margin> {
        let currency = self.ledger.currency();
        let m = |units: i128| Money::from_minor_units(units, currency);
        let eac = self.ledger.row(None, None)?.estimated_cost_at_completion;
        let eac_units = eac.to_minor_units()?;
        let [pending, approved] = self.prime_changes.map(i128::from);
        let revised = i128::from(self.contract_value) + approved;
        let margin = revised - eac_units;
        let margin_percent = (revised != 0).then(|| {
            let ratio = Decimal::from_i128_with_scale(margin, 0) * Decimal::ONE_HUNDRED / Decimal::from_i128_with_scale(revised, 0);
            RoundingStrategy::HalfAwayFromZero.round(ratio, 2).normalize()
        });
        Ok(Margin {
            contract_value: m(self.contract_value.into())?,
            approved_change_orders: m(approved)?,
            pending_change_orders: m(pending)?,
            revised_contract_value: m(revised)?,
            billed: m(self.billed.into())?,
            received: m(self.received.into())?,
            receivable: m(i128::from(self.billed) - i128::from(self.received))?,
            estimated_cost_at_completion: eac,
            gross_margin: m(margin)?,
            margin_percent,
        })
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
                Err(error) => problems.push(format!("line {} ({} / {}): {error}", i + 1, line.code, line.cost_type)),
            }
        }
        match problems.len() {
            0 => Ok(out),
            _ => Err(Error::invalid_field("cost lines", problems.join("; "))),
        }
    }

    /// Applies one change: checks all of it, then changes the centre. Returns the warnings
    /// of Warn controls (also kept in [`CostCentre::warnings`]).
    pub fn apply(&mut self, change: CostChange<'_>, rec: &Recording<'_>) -> Result<Vec<BudgetWarning>> {
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
                    .map(|(cell, units)| (*cell, Column::OriginalBudget, units - self.ledger.cell_units(*cell, Column::OriginalBudget)))
                    .collect();
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
            CostChange::Schedule { code, start, finish, profile, weights, technique } => {
                self.breakdown().name(code)?;
                if !self.breakdown().is_leaf(code) {
                    return Err(Error::invalid_field("cost code", format!("{code:?} has sub-codes; work packages are leaf codes")));
                }
                let mut package = WorkPackage::new(start, finish, profile, weights.map(<[Decimal]>::to_vec), technique.clone(), rec.calendar)?;
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
                    return Err(Error::invalid_field("progress", format!("{code} has no schedule; schedule it as a work package first")));
                };
                let mut updated = package.clone();
                updated.record(progress)?;
                self.packages.insert(code.to_owned(), updated);
                Ok(vec![])
            }
            CostChange::Revenue { entry_id, kind, amount } => {
                check_text("revenue entry id", entry_id)?;
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

    #[allow(clippy::too_many_arguments)]
    fn draft(
        &mut self,
        rec: &Recording<'_>,
        document_id: &str,
        kind: DocumentKind,
        title: &str,
        lines: &[CostLine],
        commitment_id: Option<&str>,
        vendor: Option<&str>,
    ) -> Result<()> {
        check_text("document id", document_id)?;
        if let Some(existing) = self.documents.get(document_id)
            && (existing.status != DocumentStatus::Draft || existing.kind != kind)
        {
            return Err(Error::invalid_field("document id", format!("{document_id:?} is already used (only a draft of the same kind can be redrafted)")));
        }
        if lines.is_empty() {
            return Err(Error::invalid_field("cost lines", "a document needs at least one line"));
        }
        let resolved = self.resolve(lines)?;
        if kind == DocumentKind::BudgetTransfer && resolved.iter().map(|(_, u)| i128::from(*u)).sum::<i128>() != 0 {
            return Err(Error::invalid_field("cost lines", "the lines of a budget transfer sum to zero"));
        }
        match (kind, commitment_id) {
            (DocumentKind::CommitmentChangeOrder, Some(id)) => {
                if !self.commitments.contains_key(id) {
                    return Err(Error::invalid_field("commitment id", format!("{id:?} is not an approved commitment of this project")));
                }
            }
            (DocumentKind::CommitmentChangeOrder, None) => {
                return Err(Error::invalid_field("commitment id", "a commitment change order names its commitment"));
            }
            (_, Some(_)) => return Err(Error::invalid_field("commitment id", "only a commitment change order names a commitment")),
            (_, None) => {}
        }
        self.documents.insert(
            document_id.to_owned(),
            CostDocument {
                document_id: document_id.to_owned(),
                kind,
                title: title.to_owned(),
                lines: lines.to_vec(),
                commitment_id: commitment_id.map(str::to_owned),
                vendor: vendor.map(str::to_owned),
                status: DocumentStatus::Draft,
                drafted_by: rec.actor.clone(),
                drafted_at: rec.at,
                submitted_by: None,
                decided_by: None,
                decided_at: None,
                note: String::new(),
            },
        );
        Ok(())
    }

    /// The columns a kind posts to while pending and once approved (prime change orders post
    /// to the revenue side instead).
    fn columns(kind: DocumentKind) -> Option<(Column, Column)> {
        match kind {
            DocumentKind::BudgetChange | DocumentKind::BudgetTransfer => Some((Column::PendingChanges, Column::ApprovedChanges)),
            DocumentKind::Subcontract | DocumentKind::PurchaseOrder | DocumentKind::CommitmentChangeOrder => {
                Some((Column::PendingCostChanges, Column::Committed))
            }
            DocumentKind::PrimeChangeOrder => None,
        }
    }

    fn move_document(&mut self, rec: &Recording<'_>, document_id: &str, to: DocumentStatus, note: &str) -> Result<Vec<BudgetWarning>> {
        let Some(document) = self.documents.get(document_id) else {
            return Err(Error::invalid_field("document id", format!("no document {document_id:?} on this project")));
        };
        use DocumentStatus::{Approved, Draft, Pending, Rejected};
        let allowed = matches!((document.status, to), (Draft, Pending) | (Pending, Draft | Approved | Rejected));
        if !allowed {
            return Err(Error::TransitionNotAllowed {
                project_id: rec.project_id.to_owned(),
                from: format!("{document_id} {}", status_name(document.status)),
                to: status_name(to).to_owned(),
                reason: "documents go draft → pending → approved or rejected, and back to draft to withdraw".to_owned(),
            });
        }
        if matches!(to, Approved | Rejected) && document.submitted_by.as_ref() == Some(rec.actor) {
            return Err(Error::SegregationOfDuties { actor: rec.actor.to_string(), item: format!("document {document_id}") });
        }
        let resolved = self.resolve(&document.lines)?;
        let sign = match to {
            Pending => 1,
            _ => -1,
        };
        let mut postings = Vec::new();
        let mut prime = self.prime_changes;
        let total: i64 = resolved.iter().try_fold(0i64, |sum, (_, u)| checked(sum, *u))?;
        match Self::columns(document.kind) {
            Some((pending, approved)) => {
                postings.extend(resolved.iter().map(|(cell, units)| (*cell, pending, sign * units)));
                if to == Approved {
                    postings.extend(resolved.iter().map(|(cell, units)| (*cell, approved, *units)));
                }
            }
            None => {
                prime[0] = checked(prime[0], sign * total)?;
                if to == Approved {
                    prime[1] = checked(prime[1], total)?;
                }
            }
        }
        // Approving a commitment or a change order changes its commitment's lines.
        let mut lines_after = None;
        if to == Approved && document.kind.is_commitment() {
            let commitment = document.commitment_id.clone().unwrap_or_else(|| document_id.to_owned());
            let mut lines = self.commitments.get(&commitment).cloned().unwrap_or_default();
            for (line, (_, units)) in document.lines.iter().zip(&resolved) {
                let entry = lines.entry((line.code.clone(), line.cost_type.clone())).or_default();
                entry.committed = checked(entry.committed, *units)?;
                if entry.committed < entry.invoiced {
                    return Err(Error::invalid_field(
                        "cost lines",
                        format!("{} / {} of commitment {commitment} would fall below what is already invoiced", line.code, line.cost_type),
                    ));
                }
            }
            lines_after = Some((commitment, lines));
        }
        let warnings = self.control(rec, &postings)?;
        self.post_all(&postings)?;
        self.prime_changes = prime;
        if let Some((commitment, lines)) = lines_after {
            self.commitments.insert(commitment, lines);
        }
        if let Some(document) = self.documents.get_mut(document_id) {
            document.status = to;
            match to {
                Pending => document.submitted_by = Some(rec.actor.clone()),
                Draft => document.submitted_by = None,
                Approved | Rejected => {
                    document.decided_by = Some(rec.actor.clone());
                    document.decided_at = Some(rec.at);
                }
            }
            note.clone_into(&mut document.note);
        }
        self.warnings.extend(warnings.iter().cloned());
        Ok(warnings)
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        rec: &Recording<'_>,
        cost_id: &str,
        kind: CostKind,
        commitment_id: Option<&str>,
        lines: &[CostLine],
        description: &str,
        allow_over_commitment: bool,
    ) -> Result<Vec<BudgetWarning>> {
        check_text("cost id", cost_id)?;
        if self.records.contains_key(cost_id) {
            return Err(Error::invalid_field("cost id", format!("{cost_id:?} is already used on this project")));
        }
        if lines.is_empty() {
            return Err(Error::invalid_field("cost lines", "a cost needs at least one line"));
        }
        let resolved = self.resolve(lines)?;
        let mut lines_after = None;
        let column = match (kind, commitment_id) {
            (CostKind::Invoice, Some(id)) => {
                let Some(committed) = self.commitments.get(id) else {
                    return Err(Error::invalid_field("commitment id", format!("{id:?} is not an approved commitment of this project")));
                };
                let mut after = committed.clone();
                let mut problems = Vec::new();
                for (line, (_, units)) in lines.iter().zip(&resolved) {
                    let Some(entry) = after.get_mut(&(line.code.clone(), line.cost_type.clone())) else {
                        problems.push(format!("{} / {} is not a line of commitment {id}", line.code, line.cost_type));
                        continue;
                    };
                    entry.invoiced = checked(entry.invoiced, *units)?;
                    let m = |u: i64| Money::from_minor_units(u.into(), self.ledger.currency()).map_or_else(|_| u.to_string(), |m| m.to_string());
                    if entry.invoiced < 0 {
                        problems.push(format!("{} / {} would be invoiced below zero", line.code, line.cost_type));
                    } else if entry.invoiced > entry.committed && !allow_over_commitment {
                        problems.push(format!(
                            "{} / {} would be invoiced {} against {} committed (over by {}); record it with allow_over_commitment to accept",
                            line.code,
                            line.cost_type,
                            m(entry.invoiced),
                            m(entry.committed),
                            m(entry.invoiced - entry.committed)
                        ));
                    }
                }
                if !problems.is_empty() {
                    return Err(Error::invalid_field("invoice", problems.join("; ")));
                }
                lines_after = Some((id.to_owned(), after));
                Column::Invoiced
            }
            (CostKind::Invoice, None) => return Err(Error::invalid_field("commitment id", "an invoice names its commitment")),
            (_, Some(_)) => return Err(Error::invalid_field("commitment id", "only an invoice names a commitment")),
            (CostKind::Direct | CostKind::Labour, None) => Column::DirectCosts,
        };
        let postings: Vec<Posting> = resolved.iter().map(|(cell, units)| (*cell, column, *units)).collect();
        let warnings = self.control(rec, &postings)?;
        self.post_all(&postings)?;
        if let Some((id, lines)) = lines_after {
            self.commitments.insert(id, lines);
        }
        self.records.insert(
            cost_id.to_owned(),
            CostRecord {
                cost_id: cost_id.to_owned(),
                kind,
                commitment_id: commitment_id.map(str::to_owned),
                lines: lines.to_vec(),
                description: description.to_owned(),
                recorded_by: rec.actor.clone(),
                recorded_at: rec.at,
            },
        );
        self.warnings.extend(warnings.iter().cloned());
        Ok(warnings)
    }

    /// Evaluates the controls the postings touch: Stop breaches refuse the whole change with
    /// their figures; Warn breaches come back as warnings. A figure that does not grow is
    /// never refused.
    fn control(&self, rec: &Recording<'_>, postings: &[Posting]) -> Result<Vec<BudgetWarning>> {
        if self.controls.is_empty() || postings.is_empty() {
            return Ok(vec![]);
        }
        let currency = self.ledger.currency();
        let mut breaches: Vec<(ControlAction, BudgetWarning)> = Vec::new();
        for (scope, control) in &self.controls {
            let code = scope.as_deref();
            let inside: Vec<&Posting> = postings
                .iter()
                .filter(|(cell, _, _)| code.is_none_or(|c| self.breakdown().path(self.ledger.cell_names(*cell).0).is_ok_and(|p| p.contains(&c))))
                .collect();
            if inside.is_empty() {
                continue;
            }
            let budget = self.ledger.total_units(code, Column::OriginalBudget)? + self.ledger.total_units(code, Column::ApprovedChanges)?;
            for measure in ControlMeasure::ALL {
                let action = control.action(measure);
                if action == ControlAction::Ignore {
                    continue;
                }
                let columns = measure.columns();
                let before: i128 = columns.iter().map(|c| self.ledger.total_units(code, *c)).sum::<Result<i128>>()?;
                let change: i128 = inside.iter().filter(|(_, c, _)| columns.contains(c)).map(|(_, _, u)| i128::from(*u)).sum();
                let after = before + change;
                if change > 0 && after > budget {
                    let m = |u: i128| Money::from_minor_units(u, currency);
                    breaches.push((
                        action,
                        BudgetWarning {
                            event_id: rec.event_id.clone(),
                            code: code.map(str::to_owned),
                            measure,
                            amount: m(after)?,
                            budget: m(budget)?,
                            over_by: m(after - budget)?,
                        },
                    ));
                }
            }
        }
        let stops: Vec<String> = breaches.iter().filter(|(a, _)| *a == ControlAction::Stop).map(|(_, w)| w.describe()).collect();
        if !stops.is_empty() {
            return Err(Error::BudgetExceeded { project_id: rec.project_id.to_owned(), breaches: stops });
        }
        Ok(breaches.into_iter().map(|(_, w)| w).collect())
    }

    /// Posts every posting or none (an overflow undoes the ones already made).
    fn post_all(&mut self, postings: &[Posting]) -> Result<()> {
        for (done, (cell, column, units)) in postings.iter().enumerate() {
            if let Err(error) = self.ledger.post_units(*cell, *column, *units) {
                for (cell, column, units) in postings[..done].iter().rev() {
                    self.ledger.post_units(*cell, *column, -units)?;
                }
                return Err(error);
            }
        }
        Ok(())
    }
}

fn checked(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b).ok_or_else(|| Error::overflow("cost figures"))
}

/// The snake_case name of a document status.
#[must_use]
pub fn status_name(status: DocumentStatus) -> &'static str {
    match status {
        DocumentStatus::Draft => "draft",
        DocumentStatus::Pending => "pending",
        DocumentStatus::Approved => "approved",
        DocumentStatus::Rejected => "rejected",
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::{Event, Journal, Payload, ProjectId};

    struct Site {
        journal: Journal,
        n: i64,
    }

    impl Site {
        fn new() -> Site {
            let mut site = Site { journal: Journal::new(), n: 0 };
            let calendar = Box::new(WorkCalendar::china_2025().unwrap());
            site.add("pm", Payload::ProjectCreated { project_id: pid(), name: "P".into(), code: "P".into(), currency: Currency::CNY, calendar }).unwrap();
            site.add("pm", Payload::RoleGranted { project_id: pid(), member: ActorId::try_new("dir").unwrap(), role: "approver".into() }).unwrap();
            let tree = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"}]}"#).unwrap();
            site.add("pm", Payload::CostBreakdownDefined { project_id: pid(), breakdown: Box::new(tree) }).unwrap();
            site
        }

        fn add(&mut self, actor: &str, payload: Payload) -> Result<bool> {
            self.n += 1;
            let at = Utc.with_ymd_and_hms(2025, 3, 3, 0, 0, 0).unwrap() + chrono::Duration::minutes(self.n);
            self.journal.append(Event::new(EventId::try_new(format!("e{}", self.n)).unwrap(), at, ActorId::try_new(actor).unwrap(), payload))
        }

        fn document(&mut self, id: &str, kind: DocumentKind, amount: &str, commitment_id: Option<&str>) -> Result<bool> {
            let lines = vec![line(amount)];
            self.add("pm", Payload::CostDocumentDrafted {
                project_id: pid(),
                document_id: id.into(),
                kind,
                title: id.into(),
                lines,
                commitment_id: commitment_id.map(str::to_owned),
                vendor: None,
            })
        }

        fn moved(&mut self, actor: &str, id: &str, to: DocumentStatus) -> Result<bool> {
            self.add(actor, Payload::CostDocumentMoved { project_id: pid(), document_id: id.into(), to, note: String::new() })
        }

        fn invoice(&mut self, id: &str, amount: &str, allow_over_commitment: bool) -> Result<bool> {
            self.add("pm", Payload::CostRecorded {
                project_id: pid(),
                cost_id: id.into(),
                kind: CostKind::Invoice,
                commitment_id: Some("PO1".into()),
                lines: vec![line(amount)],
                description: String::new(),
                allow_over_commitment,
            })
        }

        fn centre(&self) -> &CostCentre {
            self.journal.state().project(&pid()).unwrap().cost.as_ref().unwrap()
        }
    }

    fn pid() -> ProjectId {
        ProjectId::try_new("P").unwrap()
    }

    fn line(amount: &str) -> CostLine {
        CostLine { code: "01".into(), cost_type: "material".into(), amount: amount.parse().unwrap() }
    }

    #[test]
    fn commitments_invoices_and_their_limits() {
        let mut site = Site::new();
        site.document("PO1", DocumentKind::PurchaseOrder, "100.00", None).unwrap();
        // A draft can be redrafted; once submitted it cannot.
        site.document("PO1", DocumentKind::PurchaseOrder, "120.00", None).unwrap();
        site.moved("pm", "PO1", DocumentStatus::Pending).unwrap();
        assert_eq!(site.document("PO1", DocumentKind::PurchaseOrder, "1.00", None).unwrap_err().kind(), "InvalidField");
        assert_eq!(site.moved("pm", "PO1", DocumentStatus::Approved).unwrap_err().kind(), "SegregationOfDuties");
        site.moved("dir", "PO1", DocumentStatus::Approved).unwrap();
        assert_eq!(site.moved("dir", "PO1", DocumentStatus::Rejected).unwrap_err().kind(), "TransitionNotAllowed");
        // Invoiced beyond the line only when explicitly allowed.
        assert_eq!(site.invoice("I1", "130.00", false).unwrap_err().kind(), "InvalidField");
        site.invoice("I1", "130.00", true).unwrap();
        assert_eq!(site.centre().row(None, None).unwrap().actual.to_string(), "CNY 130.00");
        // A deductive change order may not take the line below what is invoiced.
        site.document("CO1", DocumentKind::CommitmentChangeOrder, "-20.00", Some("PO1")).unwrap();
        site.moved("pm", "CO1", DocumentStatus::Pending).unwrap();
        assert_eq!(site.moved("dir", "CO1", DocumentStatus::Approved).unwrap_err().kind(), "InvalidField");
        site.moved("pm", "CO1", DocumentStatus::Draft).unwrap(); // withdrawn: its pending figure leaves
        let row = site.centre().row(None, None).unwrap();
        assert_eq!((row.committed.to_string(), row.pending_cost_changes.to_string()), ("CNY 120.00".into(), "CNY 0.00".into()));
        // A change order names an approved commitment; other documents name none.
        assert_eq!(site.document("CO2", DocumentKind::CommitmentChangeOrder, "1.00", Some("PO9")).unwrap_err().kind(), "InvalidField");
        assert_eq!(site.document("BC1", DocumentKind::BudgetChange, "1.00", Some("PO1")).unwrap_err().kind(), "InvalidField");
        // Received never exceeds billed.
        site.add("pm", Payload::RevenueRecorded { project_id: pid(), entry_id: "B1".into(), kind: RevenueKind::Billed, amount: "50.00".parse().unwrap() })
            .unwrap();
        let received = Payload::RevenueRecorded { project_id: pid(), entry_id: "R1".into(), kind: RevenueKind::Received, amount: "50.01".parse().unwrap() };
        assert_eq!(site.add("pm", received).unwrap_err().kind(), "InvalidField");
        assert_eq!(site.centre().margin().unwrap().margin_percent, None); // no contract value
    }

    #[test]
    fn a_breakdown_can_grow_but_not_drop_a_cell_with_figures() {
        let mut site = Site::new();
        site.add("pm", Payload::BudgetLinesSet { project_id: pid(), lines: vec![line("10.00")] }).unwrap();
        let grown = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"},{"code":"02","name":"MEP"}]}"#).unwrap();
        site.add("pm", Payload::CostBreakdownDefined { project_id: pid(), breakdown: Box::new(grown) }).unwrap();
        assert_eq!(site.centre().row(None, None).unwrap().original_budget.to_string(), "CNY 10.00");
        let split = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"},{"code":"01.01","name":"Piles"}]}"#).unwrap();
        let refused = site.add("pm", Payload::CostBreakdownDefined { project_id: pid(), breakdown: Box::new(split) }).unwrap_err();
        assert_eq!(refused.kind(), "InvalidCostBreakdown", "{refused}");
    }
}
