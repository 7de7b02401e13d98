//! The day-work register (点工汇总中心) as the journal's fold keeps it: workers on each
//! project's roster, rates and overtime policy per project, entries and their states, locked
//! periods, wage deductions, and the warnings accepted batches raised.
//!
//! - Workers span projects: a worker's id is portfolio-wide (one person, one id number), so
//!   the 24 h a day limit and the regular hours of a day count across every project.
//! - Rates are per project (GB 50500 计日工 rates are contract rates). A worker's day is
//!   costed in fold order across projects; an entry's cost is fixed once it is approved,
//!   paid, a reversal, or dated in a locked period. Any other entry is re-costed whenever
//!   its day changes (a rate, the policy, the calendar, or a rejection or reversal freeing
//!   regular hours).
//! - Every change is checked in full before anything changes; a batch with any problem is
//!   refused whole, naming every problem with its entry id.
//! - Corrections of approved or paid entries are reversals: new entries with the original's
//!   hours and amount negated, dated like it — the one kind of entry a locked period takes,
//!   since it re-costs nothing. A rate, policy or calendar change re-costs only what is not
//!   fixed; the difference on fixed entries is corrected by reversal and re-entry.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::budget::CostLine;
use crate::labour::{self, cost_entry, CostedHours, Dimension, GroupTotals, LabourTable, OvertimePolicy, Quantity, Rate, RateTable, Worker, WorkerAttributes};
use crate::project::{check_text, Project};
use crate::{Action, ActorId, Currency, DayKind, Error, EventId, Money, ProjectId, Result, RoundingStrategy};

/// The cost type approved day-work posts to.
pub const LABOUR_COST_TYPE: &str = "labour";
const MAX_HOURS_A_DAY: u32 = 24;
/// Labour Law art. 41: overtime at most 3 h a day and 36 h a month.
const OVERTIME_A_DAY: u32 = 3;
const OVERTIME_A_MONTH: u32 = 36;

/// Where an entry is: Recorded → Submitted → Approved / Rejected, Approved → Paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    Recorded,
    Submitted,
    Approved,
    Rejected,
    Paid,
}

impl EntryState {
    pub const ALL: [EntryState; 5] = [EntryState::Recorded, EntryState::Submitted, EntryState::Approved, EntryState::Rejected, EntryState::Paid];

    /// The snake_case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            EntryState::Recorded => "recorded",
            EntryState::Submitted => "submitted",
            EntryState::Approved => "approved",
            EntryState::Rejected => "rejected",
            EntryState::Paid => "paid",
        }
    }

    /// The state of a name, or an error listing the names.
    pub fn from_name(name: &str) -> Result<EntryState> {
        EntryState::ALL.into_iter().find(|s| s.name() == name).ok_or_else(|| {
            Error::invalid_field("entry state", format!("{name:?} is not one of {}", EntryState::ALL.map(EntryState::name).join(", ")))
        })
    }

    /// The state an entry must be in to move to `self`.
    fn moves_from(self) -> Option<EntryState> {
        match self {
            EntryState::Recorded => None,
            EntryState::Submitted => Some(EntryState::Recorded),
            EntryState::Approved | EntryState::Rejected => Some(EntryState::Submitted),
            EntryState::Paid => Some(EntryState::Approved),
        }
    }

    /// The action an actor needs to move entries here.
    #[must_use]
    pub fn required_action(self) -> Action {
        match self {
            EntryState::Recorded | EntryState::Submitted => Action::RecordDayWork,
            EntryState::Approved | EntryState::Rejected => Action::ApproveDayWork,
            EntryState::Paid => Action::ApprovePayment,
        }
    }
}

/// A day-work entry as a foreman records it (the id may be generated on the device).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayWorkEntry {
    pub entry_id: String,
    pub worker_id: String,
    pub cost_code: String,
    pub date: NaiveDate,
    pub quantity: Quantity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A correction of an approved or paid entry: a new entry with its hours and amount negated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reversal {
    pub entry_id: String,
    pub reverses: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// An entry as the register holds it: what was recorded, by whom, its state and its cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRecord {
    pub entry_id: String,
    pub project_id: ProjectId,
    pub worker_id: String,
    pub cost_code: String,
    pub date: NaiveDate,
    pub hours: Decimal,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub description: String,
    pub recorded_by: ActorId,
    pub recorded_at: DateTime<Utc>,
    pub event_id: EventId,
    /// The entry this one reverses.
    pub reverses: Option<String>,
    /// The entry that reverses this one.
    pub reversed_by: Option<String>,
    pub state: EntryState,
    /// Who approved or rejected it.
    pub decided_by: Option<ActorId>,
    /// The day (UTC) it was paid.
    pub paid_on: Option<NaiveDate>,
    #[serde(flatten)]
    pub cost: CostedHours,
}

impl EntryRecord {
    /// Counts towards the worker's day (a rejected entry does not).
    fn counts(&self) -> bool {
        self.state != EntryState::Rejected
    }
}

/// A deduction from a worker's wages of a month (advances, insurance), art. 15's 代扣.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deduction {
    pub deduction_id: String,
    pub worker_id: String,
    /// The first day of the month.
    pub month: NaiveDate,
    pub amount: Money,
    pub reason: String,
}

/// A project's labour settings and roster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectLabour {
    pub rates: RateTable,
    pub policy: OvertimePolicy,
    /// Days up to and including this one take no new entries and no re-costing.
    pub locked_through: Option<NaiveDate>,
    /// Worker ids registered on the project.
    pub roster: BTreeSet<String>,
    pub deductions: BTreeMap<String, Deduction>,
}

impl ProjectLabour {
    fn locked(&self, date: NaiveDate) -> bool {
        self.locked_through.is_some_and(|through| date <= through)
    }
}

/// A warning an accepted batch raised (Labour Law art. 41's overtime limits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayWorkWarning {
    pub event_id: EventId,
    pub entry_id: String,
    pub worker_id: String,
    pub date: NaiveDate,
    pub message: String,
}

/// A day-work change, as a payload carries it.
pub enum DayWorkChange<'a> {
    Register(&'a Worker),
    Rate(&'a Rate),
    Policy(&'a OvertimePolicy),
    Record(&'a [DayWorkEntry]),
    Reverse(&'a [Reversal]),
    Move { entry_ids: &'a [String], to: EntryState },
    Lock(NaiveDate),
    Deduct { deduction_id: &'a str, worker_id: &'a str, month: NaiveDate, amount: Decimal, reason: &'a str },
}

impl DayWorkChange<'_> {
    /// The action an actor needs for the change.
    #[must_use]
    pub fn required_action(&self) -> Action {
        match self {
            DayWorkChange::Register(_) | DayWorkChange::Record(_) | DayWorkChange::Reverse(_) => Action::RecordDayWork,
            DayWorkChange::Rate(_) | DayWorkChange::Policy(_) => Action::EditBudget,
            DayWorkChange::Move { to, .. } => to.required_action(),
            DayWorkChange::Lock(_) | DayWorkChange::Deduct { .. } => Action::ApprovePayment,
        }
    }
}

impl crate::Payload {
    /// The day-work change a labour payload carries (`None` for other payloads).
    #[must_use]
    pub fn day_work_change(&self) -> Option<DayWorkChange<'_>> {
        use crate::Payload as P;
        Some(match self {
            P::WorkerRegistered { worker, .. } => DayWorkChange::Register(worker),
            P::LabourRateSet { rate, .. } => DayWorkChange::Rate(rate),
            P::OvertimePolicySet { policy, .. } => DayWorkChange::Policy(policy),
            P::DayWorkRecorded { entries, .. } => DayWorkChange::Record(entries),
            P::DayWorkReversed { reversals, .. } => DayWorkChange::Reverse(reversals),
            P::DayWorkMoved { entry_ids, to, .. } => DayWorkChange::Move { entry_ids, to: *to },
            P::DayWorkPeriodLocked { through, .. } => DayWorkChange::Lock(*through),
            P::WageDeductionRecorded { deduction_id, worker_id, month, amount, reason, .. } => {
                DayWorkChange::Deduct { deduction_id, worker_id, month: *month, amount: *amount, reason }
            }
            _ => return None,
        })
    }
}

/// The event a change comes from.
pub struct Origin<'a> {
    pub event_id: &'a EventId,
    pub actor: &'a ActorId,
    pub at: DateTime<Utc>,
}

type WorkerDay = (String, NaiveDate);

/// The portfolio's day-work: workers, per-project settings, entries in fold order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayWork {
    workers: BTreeMap<String, Worker>,
    projects: BTreeMap<ProjectId, ProjectLabour>,
    entries: Vec<EntryRecord>,
    by_id: HashMap<String, usize>,
    /// Each worker's entries of a day, in fold order (every project).
    by_worker_day: HashMap<WorkerDay, Vec<usize>>,
    warnings: Vec<DayWorkWarning>,
}

/// Entries to select: every filter left empty or `None` selects all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntryFilter {
    pub projects: Vec<ProjectId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Empty: every state but rejected.
    pub states: Vec<EntryState>,
    pub teams: Vec<String>,
    pub workers: Vec<String>,
}

impl EntryFilter {
    fn keeps(&self, entry: &EntryRecord, worker: Option<&Worker>) -> bool {
        (self.projects.is_empty() || self.projects.contains(&entry.project_id))
            && self.from.is_none_or(|from| entry.date >= from)
            && self.to.is_none_or(|to| entry.date <= to)
            && (if self.states.is_empty() { entry.state != EntryState::Rejected } else { self.states.contains(&entry.state) })
            && (self.teams.is_empty() || worker.is_some_and(|w| self.teams.contains(&w.team)))
            && (self.workers.is_empty() || self.workers.contains(&entry.worker_id))
    }
}

/// One group of a day-work summary: its key (names; days as dates, ISO weeks as
/// `2025-W05`, months as `2025-01`) and exact sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayWorkRow {
    pub key: Vec<String>,
    pub entries: u64,
    /// Distinct workers.
    pub headcount: u64,
    pub regular_hours: Decimal,
    pub overtime_hours: Decimal,
    pub hours: Decimal,
    /// Hours ÷ hours per 工日, to 4 places (half away from zero).
    pub workdays: Decimal,
    pub amount: Money,
}

/// Whether a worker's wages of a month are paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Unpaid,
    PartlyPaid,
    Paid,
    /// More was paid than is due (a paid entry was reversed): to be recovered.
    Overpaid,
}

/// One line of the wage ledger (工资支付台账, 保障农民工工资支付条例 art. 15): a worker's
/// approved and paid day-work of one month on one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WageLedgerRow {
    pub project_id: ProjectId,
    pub employer: String,
    /// `2025-01`.
    pub month: String,
    pub worker_id: String,
    pub worker_name: String,
    /// Masked unless revealed on request.
    pub id_number: String,
    pub entries: u64,
    pub regular_hours: Decimal,
    pub overtime_hours: Decimal,
    pub workdays: Decimal,
    pub regular_pay: Money,
    /// Working-day overtime (×1.5 by default).
    pub overtime_pay: Money,
    pub rest_day_pay: Money,
    pub holiday_pay: Money,
    pub gross: Money,
    pub deductions: Money,
    pub net: Money,
    /// Gross of the entries paid.
    pub paid: Money,
    /// Paid when gross − paid is zero, overpaid below zero, unpaid when nothing is paid, else
    /// partly paid.
    pub payment_status: PaymentStatus,
    /// The last payment's day.
    pub paid_on: Option<NaiveDate>,
    /// Art. 24: wages are paid at least monthly; a month's are due by the end of the next.
    pub due_by: NaiveDate,
    /// Unpaid after `due_by` (as of the ledger's date), or paid after it.
    pub overdue: bool,
}

fn problem(problems: &mut Vec<(String, String)>, entry_id: &str, text: impl Into<String>) {
    problems.push((entry_id.to_owned(), text.into()));
}

fn refused(project_id: &ProjectId, problems: Vec<(String, String)>) -> Error {
    let (entry_ids, problems) = problems.into_iter().unzip();
    Error::InvalidDayWork { project_id: project_id.to_string(), entry_ids, problems }
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

fn last_of_month(date: NaiveDate) -> NaiveDate {
    first_of_month(date).checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(date)
}

impl DayWork {
    /// Registered workers by id.
    #[must_use]
    pub fn workers(&self) -> &BTreeMap<String, Worker> {
        &self.workers
    }

    /// A project's labour settings and roster.
    #[must_use]
    pub fn project(&self, project_id: &ProjectId) -> Option<&ProjectLabour> {
        self.projects.get(project_id)
    }

    /// Every entry, in fold order.
    #[must_use]
    pub fn entries(&self) -> &[EntryRecord] {
        &self.entries
    }

    /// One entry by id.
    #[must_use]
    pub fn entry(&self, entry_id: &str) -> Option<&EntryRecord> {
        self.by_id.get(entry_id).map(|i| &self.entries[*i])
    }

    /// The warnings of accepted batches, in fold order.
    #[must_use]
    pub fn warnings(&self) -> &[DayWorkWarning] {
        &self.warnings
    }

    /// The entries a filter selects, in fold order: what a batch approval by team and period
    /// names (the ids go into the event, so entries merged in later are never swept in).
    #[must_use]
    pub fn select(&self, filter: &EntryFilter) -> Vec<&EntryRecord> {
        self.entries.iter().filter(|e| filter.keeps(e, self.workers.get(&e.worker_id))).collect()
    }

    /// Checks a change in full, then applies it; a refused change leaves the register as it
    /// was. (Moves go through [`DayWork::check_move`] and [`DayWork::commit_move`], so the
    /// caller can post an approval's labour cost in between.)
    pub(crate) fn apply(&mut self, change: &DayWorkChange<'_>, origin: &Origin<'_>, project_id: &ProjectId, projects: &BTreeMap<ProjectId, Project>) -> Result<()> {
        let project = projects.get(project_id).ok_or_else(|| Error::UnknownProject { project_id: project_id.to_string() })?;
        match change {
            DayWorkChange::Register(worker) => self.register(project_id, worker),
            DayWorkChange::Rate(rate) => {
                let mut rates = self.projects.get(project_id).map(|s| s.rates.clone()).unwrap_or_default();
                rates.set((*rate).clone())?;
                let before = std::mem::replace(&mut self.settings(project_id).rates, rates);
                let days = self.days_of(project_id, |e| e.date >= rate.valid_from);
                self.recost_or(days, projects, |work| work.settings(project_id).rates = before)
            }
            DayWorkChange::Policy(policy) => {
                policy.check()?;
                let before = std::mem::replace(&mut self.settings(project_id).policy, **policy);
                let days = self.days_of(project_id, |_| true);
                self.recost_or(days, projects, |work| work.settings(project_id).policy = before)
            }
            DayWorkChange::Record(entries) => self.record(entries, origin, project, projects),
            DayWorkChange::Reverse(reversals) => self.reverse(reversals, origin, project_id, projects),
            DayWorkChange::Move { .. } => Err(Error::invalid_field("day work", "moves go through check_move and commit_move")),
            DayWorkChange::Lock(through) => {
                if let Some(locked) = self.projects.get(project_id).and_then(|s| s.locked_through).filter(|t| t >= through) {
                    return Err(Error::invalid_field("locked period", format!("day work is already locked through {locked}")));
                }
                self.settings(project_id).locked_through = Some(*through);
                Ok(())
            }
            DayWorkChange::Deduct { deduction_id, worker_id, month, amount, reason } => {
                check_text("deduction id", deduction_id)?;
                let settings = self.projects.get(project_id);
                if settings.is_some_and(|s| s.deductions.contains_key(*deduction_id)) {
                    return Err(Error::invalid_field("deduction id", format!("{deduction_id:?} is already used on this project")));
                }
                if !settings.is_some_and(|s| s.roster.contains(*worker_id)) {
                    return Err(Error::invalid_field("worker", format!("{worker_id} is not registered on project {project_id}")));
                }
                let money = Money::new(*amount, project.currency);
                if *amount <= Decimal::ZERO || !money.is_in_minor_units() {
                    return Err(Error::invalid_field("deduction", format!("{amount} is not a positive amount in minor units of {}", project.currency.code())));
                }
                let deduction = Deduction { deduction_id: (*deduction_id).to_owned(), worker_id: (*worker_id).to_owned(), month: first_of_month(*month), amount: money, reason: (*reason).to_owned() };
                self.settings(project_id).deductions.insert(deduction.deduction_id.clone(), deduction);
                Ok(())
            }
        }
    }

    /// Re-costs every day holding an entry of the project (after its calendar changed): the
    /// new costs are worked out first, so on an error nothing has changed.
    pub(crate) fn recost_project(&mut self, project_id: &ProjectId, projects: &BTreeMap<ProjectId, Project>) -> Result<()> {
        let days = self.days_of(project_id, |_| true);
        self.recost_or(days, projects, |_| {})
    }

    fn settings(&mut self, project_id: &ProjectId) -> &mut ProjectLabour {
        self.projects.entry(project_id.clone()).or_default()
    }

    fn register(&mut self, project_id: &ProjectId, worker: &Worker) -> Result<()> {
        for (field, value) in [("worker id", &worker.worker_id), ("worker name", &worker.name), ("trade", &worker.trade), ("team", &worker.team), ("employer", &worker.employer)] {
            check_text(field, value)?;
        }
        if let Some(known) = self.workers.get(&worker.worker_id)
            && (known.name != worker.name || known.id_number != worker.id_number)
        {
            return Err(Error::invalid_field(
                "worker",
                format!("{} is registered as {} ({}); one id is one person", worker.worker_id, known.name, known.id_number),
            ));
        }
        self.workers.insert(worker.worker_id.clone(), worker.clone());
        self.settings(project_id).roster.insert(worker.worker_id.clone());
        Ok(())
    }

    /// The worker-days holding an entry of the project that passes `keep`.
    fn days_of(&self, project_id: &ProjectId, keep: impl Fn(&EntryRecord) -> bool) -> BTreeSet<WorkerDay> {
        self.entries.iter().filter(|e| &e.project_id == project_id && keep(e)).map(|e| (e.worker_id.clone(), e.date)).collect()
    }

    /// Re-costs the days; on failure, `undo` puts back what the caller changed.
    fn recost_or(&mut self, days: BTreeSet<WorkerDay>, projects: &BTreeMap<ProjectId, Project>, undo: impl FnOnce(&mut DayWork)) -> Result<()> {
        match self.recost_plan(&days, projects) {
            Ok(plan) => {
                for (index, cost) in plan {
                    self.entries[index].cost = cost;
                }
                Ok(())
            }
            Err(error) => {
                undo(self);
                Err(error)
            }
        }
    }

    /// Is an entry's cost fixed: approved, paid, a reversal, or in a locked period.
    fn fixed(&self, entry: &EntryRecord) -> bool {
        matches!(entry.state, EntryState::Approved | EntryState::Paid)
            || entry.reverses.is_some()
            || self.projects.get(&entry.project_id).is_some_and(|s| s.locked(entry.date))
    }

    /// The new cost of every entry of the days whose cost is not fixed, in fold order: the
    /// regular hours of a day go to its earliest entries that count.
    fn recost_plan(&self, days: &BTreeSet<WorkerDay>, projects: &BTreeMap<ProjectId, Project>) -> Result<Vec<(usize, CostedHours)>> {
        let mut plan = Vec::new();
        for day in days {
            let mut regular_used = Decimal::ZERO;
            for &index in self.by_worker_day.get(day).map_or(&[][..], Vec::as_slice) {
                let entry = &self.entries[index];
                if !entry.counts() || entry.reverses.is_some() || entry.reversed_by.is_some() {
                    continue;
                }
                if self.fixed(entry) {
                    regular_used += entry.cost.regular_hours;
                    continue;
                }
                let cost = self.cost_of(&entry.project_id, &entry.worker_id, entry.date, entry.hours, regular_used, projects)?;
                regular_used += cost.regular_hours;
                plan.push((index, cost));
            }
        }
        Ok(plan)
    }

    /// Costs hours of a worker on a project's day, `regular_used` regular hours of the day
    /// already taken.
    fn cost_of(&self, project_id: &ProjectId, worker_id: &str, date: NaiveDate, hours: Decimal, regular_used: Decimal, projects: &BTreeMap<ProjectId, Project>) -> Result<CostedHours> {
        let project = projects.get(project_id).ok_or_else(|| Error::UnknownProject { project_id: project_id.to_string() })?;
        let settings = self.projects.get(project_id).ok_or_else(|| Error::invalid_field("rate", format!("project {project_id} has no labour rates")))?;
        let trade = self.workers.get(worker_id).map_or("", |w| w.trade.as_str());
        let rate = settings.rates.in_force(worker_id, trade, date).ok_or_else(|| Error::invalid_field("rate", format!("no rate in force for {worker_id} ({trade}) on {date}")))?;
        let kind = project.calendar.classify(date);
        cost_entry(hours, project.calendar.hours_per_day() - regular_used, kind, rate, &settings.policy, project.currency)
    }

    /// Regular hours already taken, hours and overtime hours counted on a worker's day.
    fn day_totals(&self, day: &WorkerDay) -> (Decimal, Decimal, Decimal) {
        let mut totals = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for &index in self.by_worker_day.get(day).map_or(&[][..], Vec::as_slice) {
            let entry = &self.entries[index];
            if entry.counts() {
                if entry.reverses.is_none() && entry.reversed_by.is_none() {
                    totals.0 += entry.cost.regular_hours;
                }
                totals.1 += entry.hours;
                totals.2 += entry.cost.overtime_hours;
            }
        }
        totals
    }

    fn record(&mut self, entries: &[DayWorkEntry], origin: &Origin<'_>, project: &Project, projects: &BTreeMap<ProjectId, Project>) -> Result<()> {
        let project_id = &project.id;
        let mut problems = Vec::new();
        if entries.is_empty() {
            return Err(refused(project_id, vec![(String::new(), "the batch holds no entries".to_owned())]));
        }
        let settings = self.projects.get(project_id);
        let policy = settings.map(|s| s.policy).unwrap_or_default();
        let labour_cells = project.cost.as_ref().map(|c| c.ledger().breakdown());
        let mut batch_ids = BTreeSet::new();
        // Per worker-day: regular hours taken, hours and overtime counted so far (register + batch).
        let mut days: BTreeMap<WorkerDay, (Decimal, Decimal, Decimal)> = BTreeMap::new();
        let mut staged = Vec::with_capacity(entries.len());
        for entry in entries {
            let id = entry.entry_id.as_str();
            let before = problems.len();
            if check_text("entry id", id).is_err() {
                problem(&mut problems, id, "an entry id is non-empty text without control characters");
            } else if self.by_id.contains_key(id) || !batch_ids.insert(id) {
                problem(&mut problems, id, format!("entry id {id:?} is already used"));
            }
            let worker = self.workers.get(&entry.worker_id).filter(|_| settings.is_some_and(|s| s.roster.contains(&entry.worker_id)));
            if worker.is_none() {
                problem(&mut problems, id, format!("worker {:?} is not registered on project {project_id}", entry.worker_id));
            }
            match labour_cells {
                None => problem(&mut problems, id, format!("project {project_id} has no cost breakdown to post day work to")),
                Some(breakdown) if !breakdown.is_leaf(&entry.cost_code) => {
                    problem(&mut problems, id, format!("cost code {:?} is not a leaf code of project {project_id}", entry.cost_code));
                }
                Some(breakdown) if breakdown.cost_type_position(LABOUR_COST_TYPE).is_err() => {
                    problem(&mut problems, id, format!("project {project_id}'s cost types have no {LABOUR_COST_TYPE:?}"));
                }
                Some(_) => {}
            }
            let hours = match entry.quantity.hours(&policy) {
                Ok(hours) => Some(hours),
                Err(error) => {
                    problem(&mut problems, id, error.to_string());
                    None
                }
            };
            if settings.is_some_and(|s| s.locked(entry.date)) {
                problem(&mut problems, id, format!("{} is in a locked period (through {})", entry.date, settings.and_then(|s| s.locked_through).map_or_else(String::new, |d| d.to_string())));
            }
            if let (Some(start), Some(end)) = (entry.start, entry.end) {
                let span = Decimal::from((end - start).num_minutes()) / Decimal::from(60);
                if end <= start {
                    problem(&mut problems, id, format!("ends at {end}, not after its start {start}"));
                } else if hours.is_some_and(|h| h > span) {
                    problem(&mut problems, id, format!("{} h do not fit between {start} and {end}", hours.unwrap_or_default()));
                }
            }
            let (Some(worker), Some(hours)) = (worker, hours) else { continue };
            if settings.and_then(|s| s.rates.in_force(&worker.worker_id, &worker.trade, entry.date)).is_none() {
                problem(&mut problems, id, format!("no rate in force for {} ({}) on {}", worker.worker_id, worker.trade, entry.date));
                continue;
            }
            let key = (entry.worker_id.clone(), entry.date);
            let totals = days.entry(key.clone()).or_insert_with(|| self.day_totals(&key));
            totals.1 += hours;
            if totals.1 > Decimal::from(MAX_HOURS_A_DAY) {
                problem(&mut problems, id, format!("{} would have {} h on {} across all projects (at most {MAX_HOURS_A_DAY})", entry.worker_id, totals.1, entry.date));
            }
            if problems.len() > before {
                continue;
            }
            let cost = self.cost_of(project_id, &entry.worker_id, entry.date, hours, totals.0, projects)?;
            totals.0 += cost.regular_hours;
            totals.2 += cost.overtime_hours;
            staged.push((entry, hours, cost));
        }
        if !problems.is_empty() {
            return Err(refused(project_id, problems));
        }
        let mut warned_days = Vec::new();
        for (entry, hours, cost) in staged {
            let key = (entry.worker_id.clone(), entry.date);
            warned_days.push((key.clone(), entry.entry_id.clone()));
            self.push(EntryRecord {
                entry_id: entry.entry_id.clone(),
                project_id: project_id.clone(),
                worker_id: entry.worker_id.clone(),
                cost_code: entry.cost_code.clone(),
                date: entry.date,
                hours,
                start: entry.start,
                end: entry.end,
                description: entry.description.clone(),
                recorded_by: origin.actor.clone(),
                recorded_at: origin.at,
                event_id: origin.event_id.clone(),
                reverses: None,
                reversed_by: None,
                state: EntryState::Recorded,
                decided_by: None,
                paid_on: None,
                cost,
            });
        }
        self.warn_overtime(&warned_days, origin.event_id);
        Ok(())
    }

    fn push(&mut self, record: EntryRecord) {
        let index = self.entries.len();
        self.by_id.insert(record.entry_id.clone(), index);
        self.by_worker_day.entry((record.worker_id.clone(), record.date)).or_default().push(index);
        self.entries.push(record);
    }

    /// Art. 41 warnings for the days (and their months) a batch touched: one per day and
    /// month over the limit, on the batch's last entry there.
    fn warn_overtime(&mut self, days: &[(WorkerDay, String)], event_id: &EventId) {
        let last_entry: BTreeMap<&WorkerDay, &String> = days.iter().map(|(day, id)| (day, id)).collect();
        let mut months: BTreeMap<(String, NaiveDate), (&String, NaiveDate)> = BTreeMap::new();
        let mut found = Vec::new();
        for (day, entry_id) in &last_entry {
            let overtime = self.day_totals(day).2;
            if overtime > Decimal::from(OVERTIME_A_DAY) {
                found.push((entry_id.to_string(), (*day).clone(), format!("{} h overtime on {} (art. 41: at most {OVERTIME_A_DAY} h a day)", overtime, day.1)));
            }
            months.insert((day.0.clone(), first_of_month(day.1)), (entry_id, day.1));
        }
        for ((worker, month), (entry_id, date)) in months {
            let mut overtime = Decimal::ZERO;
            let mut day = month;
            while day <= last_of_month(month) {
                overtime += self.day_totals(&(worker.clone(), day)).2;
                day = day.succ_opt().unwrap_or(NaiveDate::MAX);
            }
            if overtime > Decimal::from(OVERTIME_A_MONTH) {
                found.push((entry_id.clone(), (worker, date), format!("{overtime} h overtime in {} (art. 41: at most {OVERTIME_A_MONTH} h a month)", month.format("%Y-%m"))));
            }
        }
        for (entry_id, (worker_id, date), message) in found {
            self.warnings.push(DayWorkWarning { event_id: event_id.clone(), entry_id, worker_id, date, message });
        }
    }

    fn reverse(&mut self, reversals: &[Reversal], origin: &Origin<'_>, project_id: &ProjectId, projects: &BTreeMap<ProjectId, Project>) -> Result<()> {
        let mut problems = Vec::new();
        if reversals.is_empty() {
            return Err(refused(project_id, vec![(String::new(), "the batch holds no reversals".to_owned())]));
        }
        let mut ids = BTreeSet::new();
        let mut originals = BTreeSet::new();
        for reversal in reversals {
            let id = reversal.entry_id.as_str();
            if check_text("entry id", id).is_err() || self.by_id.contains_key(id) || !ids.insert(id) {
                problem(&mut problems, id, format!("entry id {id:?} is empty or already used"));
            }
            match self.entry(&reversal.reverses) {
                None => problem(&mut problems, id, format!("no entry {:?} to reverse", reversal.reverses)),
                Some(original) if &original.project_id != project_id => problem(&mut problems, id, format!("entry {} is on project {}", original.entry_id, original.project_id)),
                Some(original) if original.reverses.is_some() => problem(&mut problems, id, format!("entry {} is itself a reversal", original.entry_id)),
                Some(original) if original.reversed_by.is_some() || !originals.insert(original.entry_id.as_str()) => {
                    problem(&mut problems, id, format!("entry {} is already reversed", original.entry_id));
                }
                Some(original) if !matches!(original.state, EntryState::Approved | EntryState::Paid) => problem(
                    &mut problems,
                    id,
                    format!("entry {} is {}: only approved or paid entries are corrected by reversal (reject it instead)", original.entry_id, original.state.name()),
                ),
                Some(_) => {}
            }
        }
        if !problems.is_empty() {
            return Err(refused(project_id, problems));
        }
        for reversal in reversals {
            let original_index = self.by_id[&reversal.reverses];
            let original = &self.entries[original_index];
            let negated = CostedHours {
                regular_hours: -original.cost.regular_hours,
                overtime_hours: -original.cost.overtime_hours,
                amount: original.cost.amount.neg(),
                regular_pay: original.cost.regular_pay.neg(),
                ..original.cost.clone()
            };
            let record = EntryRecord {
                entry_id: reversal.entry_id.clone(),
                hours: -original.hours,
                description: reversal.reason.clone(),
                recorded_by: origin.actor.clone(),
                recorded_at: origin.at,
                event_id: origin.event_id.clone(),
                reverses: Some(original.entry_id.clone()),
                reversed_by: None,
                state: EntryState::Recorded,
                decided_by: None,
                paid_on: None,
                cost: negated,
                ..original.clone()
            };
            self.entries[original_index].reversed_by = Some(reversal.entry_id.clone());
            self.push(record);
        }
        // The reversed hours no longer take the day's regular hours from later entries.
        let first = self.entries.len() - reversals.len();
        let days = self.entries[first..].iter().map(|e| (e.worker_id.clone(), e.date)).collect();
        self.recost_or(days, projects, |work| work.drop_from(first))
    }

    /// Takes back the entries from `first` on (reversals just pushed), undoing what they did.
    fn drop_from(&mut self, first: usize) {
        for entry in self.entries.split_off(first) {
            self.by_id.remove(&entry.entry_id);
            if let Some(day) = self.by_worker_day.get_mut(&(entry.worker_id.clone(), entry.date)) {
                day.retain(|i| *i < first);
            }
            if let Some(original) = entry.reverses.and_then(|id| self.by_id.get(&id).copied()) {
                self.entries[original].reversed_by = None;
            }
        }
    }

    /// Checks a move of entries in full; for an approval, returns the labour cost lines to
    /// post (amounts summed by cost code, zero sums left out).
    pub(crate) fn check_move(&self, entry_ids: &[String], to: EntryState, actor: &ActorId, project_id: &ProjectId) -> Result<Vec<CostLine>> {
        let mut problems = Vec::new();
        let Some(from) = to.moves_from() else {
            return Err(refused(project_id, vec![(String::new(), "entries cannot be moved back to recorded".to_owned())]));
        };
        if entry_ids.is_empty() {
            problem(&mut problems, "", "the move names no entries");
        }
        let mut seen = BTreeSet::new();
        let mut by_code: BTreeMap<&str, Decimal> = BTreeMap::new();
        for id in entry_ids {
            if !seen.insert(id) {
                problem(&mut problems, id, "named twice");
                continue;
            }
            let Some(entry) = self.entry(id).filter(|e| &e.project_id == project_id) else {
                problem(&mut problems, id, format!("no entry {id:?} on project {project_id}"));
                continue;
            };
            if entry.state != from {
                problem(&mut problems, id, format!("is {}; only {} entries can become {}", entry.state.name(), from.name(), to.name()));
            }
            if matches!(to, EntryState::Approved | EntryState::Rejected) && &entry.recorded_by == actor {
                return Err(Error::SegregationOfDuties { actor: actor.to_string(), item: format!("day-work entry {id}") });
            }
            *by_code.entry(&entry.cost_code).or_default() += entry.cost.amount.amount();
        }
        if !problems.is_empty() {
            return Err(refused(project_id, problems));
        }
        if to != EntryState::Approved {
            return Ok(vec![]);
        }
        Ok(by_code
            .into_iter()
            .filter(|(_, amount)| !amount.is_zero())
            .map(|(code, amount)| CostLine { code: code.to_owned(), cost_type: LABOUR_COST_TYPE.to_owned(), amount })
            .collect())
    }

    /// Applies a move [`DayWork::check_move`] accepted; a rejection frees its hours, so the
    /// entries after it on those days are re-costed.
    pub(crate) fn commit_move(&mut self, entry_ids: &[String], to: EntryState, origin: &Origin<'_>, projects: &BTreeMap<ProjectId, Project>) -> Result<()> {
        let indices: Vec<usize> = entry_ids.iter().filter_map(|id| self.by_id.get(id).copied()).collect();
        let before: Vec<EntryRecord> = indices.iter().map(|i| self.entries[*i].clone()).collect();
        for &index in &indices {
            let entry = &mut self.entries[index];
            entry.state = to;
            match to {
                EntryState::Approved | EntryState::Rejected => entry.decided_by = Some(origin.actor.clone()),
                EntryState::Paid => entry.paid_on = Some(origin.at.date_naive()),
                _ => {}
            }
        }
        if to != EntryState::Rejected {
            return Ok(());
        }
        let days = indices.iter().map(|i| (self.entries[*i].worker_id.clone(), self.entries[*i].date)).collect();
        self.recost_or(days, projects, |work| {
            for (index, entry) in indices.iter().zip(before) {
                work.entries[*index] = entry;
            }
        })
    }

    /// Groups the entries a filter selects by the dimensions, with exact sums: one pass of
    /// [`labour::aggregate`] over the entries as columns. The selected projects must share a
    /// currency and a 工日 length.
    pub fn summary(&self, by: &[Dimension], filter: &EntryFilter, projects: &BTreeMap<ProjectId, Project>) -> Result<Vec<DayWorkRow>> {
        let selected = self.select(filter);
        let (currency, hours_per_workday) = self.common_units(selected.iter().map(|e| &e.project_id), filter, projects)?;
        let names = |values: Vec<&str>| -> Vec<String> { values.into_iter().collect::<BTreeSet<_>>().into_iter().map(str::to_owned).collect() };
        let workers: Vec<&Worker> = self.workers.values().collect();
        let teams = names(workers.iter().map(|w| w.team.as_str()).collect());
        let trades = names(workers.iter().map(|w| w.trade.as_str()).collect());
        let employers = names(workers.iter().map(|w| w.employer.as_str()).collect());
        let project_names = names(selected.iter().map(|e| e.project_id.as_str()).collect());
        let codes = names(selected.iter().map(|e| e.cost_code.as_str()).collect());
        let index_in = |list: &[String], name: &str| list.binary_search_by(|n| n.as_str().cmp(name)).map_or(0, |i| i as u32);
        let team: Vec<u32> = workers.iter().map(|w| index_in(&teams, &w.team)).collect();
        let trade: Vec<u32> = workers.iter().map(|w| index_in(&trades, &w.trade)).collect();
        let employer: Vec<u32> = workers.iter().map(|w| index_in(&employers, &w.employer)).collect();
        let attributes = WorkerAttributes { team: &team, trade: &trade, employer: &employer };
        let worker_ids: Vec<String> = self.workers.keys().cloned().collect();
        let mut columns = LabourTable::default();
        for entry in &selected {
            columns.worker.push(index_in(&worker_ids, &entry.worker_id));
            columns.project.push(index_in(&project_names, entry.project_id.as_str()));
            columns.cost_code.push(index_in(&codes, &entry.cost_code));
            columns.day.push(labour::day_number(entry.date));
            columns.regular_centihours.push(centi(entry.cost.regular_hours)?);
            columns.overtime_centihours.push(centi(entry.cost.overtime_hours)?);
            columns.amount_minor.push(i64::try_from(entry.cost.amount.to_minor_units()?).map_err(|_| Error::overflow("day-work amount"))?);
        }
        let days = (columns.day.iter().min().copied().unwrap_or(0), columns.day.iter().max().copied().unwrap_or(0));
        let groups = labour::aggregate(&columns.columns(), &attributes, by, days)?;
        groups
            .into_iter()
            .map(|group| {
                let key = by
                    .iter()
                    .zip(&group.key)
                    .map(|(dimension, value)| {
                        let name = |list: &[String]| list.get(*value as usize).cloned().unwrap_or_default();
                        match dimension {
                            Dimension::Project => name(&project_names),
                            Dimension::Team => name(&teams),
                            Dimension::Trade => name(&trades),
                            Dimension::Employer => name(&employers),
                            Dimension::Worker => name(&worker_ids),
                            Dimension::CostCode => name(&codes),
                            Dimension::Day | Dimension::IsoWeek | Dimension::Month => period_name(*dimension, *value),
                        }
                    })
                    .collect();
                row(key, &group, currency, hours_per_workday)
            })
            .collect()
    }

    /// The currency and 工日 length the selected entries' projects share.
    fn common_units<'a>(&self, project_ids: impl Iterator<Item = &'a ProjectId>, filter: &'a EntryFilter, projects: &BTreeMap<ProjectId, Project>) -> Result<(Currency, Decimal)> {
        let ids: BTreeSet<&ProjectId> = project_ids.chain(filter.projects.iter()).collect();
        let mut units: BTreeSet<(&str, Decimal)> = BTreeSet::new();
        let mut currency = None;
        for id in &ids {
            let project = projects.get(*id).ok_or_else(|| Error::UnknownProject { project_id: id.to_string() })?;
            let hours = self.projects.get(*id).map(|s| s.policy).unwrap_or_default().hours_per_workday;
            units.insert((project.currency.code(), hours));
            currency = Some(project.currency);
        }
        if units.len() > 1 {
            let shown: Vec<String> = units.iter().map(|(c, h)| format!("{c} with {h} h a 工日")).collect();
            return Err(Error::invalid_field("day-work summary", format!("the selected projects differ ({}); summarise them separately", shown.join(", "))));
        }
        Ok((currency.unwrap_or(Currency::CNY), units.first().map_or(OvertimePolicy::default().hours_per_workday, |u| u.1)))
    }

    /// The wage ledger of a project (art. 15): one row per worker and month with approved or
    /// paid entries (or a deduction), ordered by month then worker. `as_of` decides art.
    /// 24's overdue flag; id numbers are masked unless `reveal_id_numbers`.
    pub fn wage_ledger(&self, project: &Project, month: Option<NaiveDate>, as_of: NaiveDate, reveal_id_numbers: bool) -> Result<Vec<WageLedgerRow>> {
        let currency = project.currency;
        let settings = self.projects.get(&project.id);
        let hours_per_workday = settings.map(|s| s.policy).unwrap_or_default().hours_per_workday;
        #[derive(Default)]
        struct Line {
            entries: u64,
            sums: [Decimal; 2],
            /// Regular, overtime, rest-day and holiday pay, gross, paid (minor units).
            pay: [i128; 6],
            paid_on: Option<NaiveDate>,
        }
        let mut lines: BTreeMap<(NaiveDate, String), Line> = BTreeMap::new();
        let wanted = |date: NaiveDate| month.is_none_or(|m| first_of_month(m) == first_of_month(date));
        for entry in self.entries.iter().filter(|e| e.project_id == project.id && matches!(e.state, EntryState::Approved | EntryState::Paid) && wanted(e.date)) {
            let line = lines.entry((first_of_month(entry.date), entry.worker_id.clone())).or_default();
            line.entries += 1;
            line.sums[0] += entry.cost.regular_hours;
            line.sums[1] += entry.cost.overtime_hours;
            let amount = entry.cost.amount.to_minor_units()?;
            let regular = entry.cost.regular_pay.to_minor_units()?;
            let item = match entry.cost.day_kind {
                DayKind::Working => 1,
                DayKind::RestDay => 2,
                DayKind::StatutoryHoliday => 3,
            };
            line.pay[0] += regular;
            line.pay[item] += amount - regular;
            line.pay[4] += amount;
            if entry.state == EntryState::Paid {
                line.pay[5] += amount;
                line.paid_on = line.paid_on.max(entry.paid_on);
            }
        }
        let mut deductions: BTreeMap<(NaiveDate, String), i128> = BTreeMap::new();
        for d in settings.map(|s| s.deductions.values()).into_iter().flatten().filter(|d| wanted(d.month)) {
            *deductions.entry((d.month, d.worker_id.clone())).or_default() += d.amount.to_minor_units()?;
            lines.entry((d.month, d.worker_id.clone())).or_default();
        }
        let money = |units: i128| Money::from_minor_units(units, currency);
        lines
            .into_iter()
            .map(|((first, worker_id), line)| {
                let worker = self.workers.get(&worker_id).ok_or_else(|| Error::invalid_field("worker", format!("{worker_id} is not registered")))?;
                let due_by = last_of_month(first_of_month(first).checked_add_months(Months::new(1)).unwrap_or(first));
                let deducted = deductions.get(&(first, worker_id.clone())).copied().unwrap_or(0);
                // By amounts: an approved entry and its approved reversal leave nothing to pay.
                let outstanding = line.pay[4] - line.pay[5];
                let payment_status = match (outstanding, line.pay[5]) {
                    (0, _) => PaymentStatus::Paid,
                    (..0, _) => PaymentStatus::Overpaid,
                    (_, 0) => PaymentStatus::Unpaid,
                    _ => PaymentStatus::PartlyPaid,
                };
                let hours = line.sums[0] + line.sums[1];
                Ok(WageLedgerRow {
                    project_id: project.id.clone(),
                    employer: worker.employer.clone(),
                    month: first.format("%Y-%m").to_string(),
                    worker_id: worker_id.clone(),
                    worker_name: worker.name.clone(),
                    id_number: if reveal_id_numbers { worker.id_number.reveal().to_owned() } else { worker.id_number.masked() },
                    entries: line.entries,
                    regular_hours: line.sums[0],
                    overtime_hours: line.sums[1],
                    workdays: workdays(hours, hours_per_workday),
                    regular_pay: money(line.pay[0])?,
                    overtime_pay: money(line.pay[1])?,
                    rest_day_pay: money(line.pay[2])?,
                    holiday_pay: money(line.pay[3])?,
                    gross: money(line.pay[4])?,
                    deductions: money(deducted)?,
                    net: money(line.pay[4] - deducted)?,
                    paid: money(line.pay[5])?,
                    payment_status,
                    paid_on: line.paid_on,
                    due_by,
                    overdue: (outstanding > 0 && as_of > due_by) || line.paid_on.is_some_and(|d| d > due_by),
                })
            })
            .collect()
    }
}

fn centi(hours: Decimal) -> Result<i64> {
    let scaled = hours.checked_mul(Decimal::ONE_HUNDRED).ok_or_else(|| Error::overflow("hours"))?;
    i64::try_from(scaled.trunc()).map_err(|_| Error::overflow("hours"))
}

fn workdays(hours: Decimal, hours_per_workday: Decimal) -> Decimal {
    (hours / hours_per_workday).round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize()
}

fn row(key: Vec<String>, group: &GroupTotals, currency: Currency, hours_per_workday: Decimal) -> Result<DayWorkRow> {
    let regular_hours = Decimal::new(group.regular_centihours, 2).normalize();
    let overtime_hours = Decimal::new(group.overtime_centihours, 2).normalize();
    let hours = regular_hours + overtime_hours;
    Ok(DayWorkRow {
        key,
        entries: group.entries,
        headcount: group.headcount,
        regular_hours,
        overtime_hours,
        hours,
        workdays: workdays(hours, hours_per_workday),
        amount: Money::from_minor_units(group.amount_minor.into(), currency)?.round(RoundingStrategy::HalfAwayFromZero),
    })
}

/// A period number of [`labour::aggregate`] as text: `2025-01-26`, `2025-W05`, `2025-01`.
#[must_use]
pub fn period_name(dimension: Dimension, value: i64) -> String {
    match dimension {
        Dimension::IsoWeek => format!("{}-W{:02}", value / 100, value % 100),
        Dimension::Month => format!("{}-{:02}", value / 100, value % 100),
        _ => i32::try_from(value).ok().and_then(labour::date_of_day_number).map_or_else(|| value.to_string(), |d| d.to_string()),
    }
}
