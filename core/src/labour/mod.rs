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

mod aggregate;
mod bulk;
mod direct;
mod entries;
mod index;
mod passes;
mod rates;
mod record;
mod recost;
mod register;
mod snapshot;
mod summary;
mod wages;
mod warnings;
mod workers;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use aggregate::{aggregate, aggregate_by, date_of_day_number, day_number, AttributesPer, Dimension, GroupBy, GroupTotals, LabourColumns, LabourTable, WorkerAttributes};
pub(crate) use direct::read_day_work_recorded;
pub use bulk::{centihours, cost_day_work, CostedDayWork, CostingRules, RawDayWork};
pub use entries::{DayWorkEntry, EntryRecord, EntryState, Reversal};
pub use warnings::DayWorkWarning;
pub use rates::{cost_day, cost_entry, in_hours, CostedHours, OvertimePolicy, Quantity, Rate, RateScope, RateTable, RateUnit};
pub use summary::{period_name, summarise, unknown_workers, CostedDayWorkLine, DayWorkRow, EntryFilter, GroupKey, WorkerNames};
pub use wages::{Deduction, PaymentStatus, WageLedgerRow};
use wages::first_of_month;
pub use workers::{with_id_numbers_revealed, IdNumber, IdNumbers, Worker, WorkerRow};

use crate::collections::LookupMap;
use crate::ids::{EntryId, WorkerId};
use crate::cost::CostBreakdown;
use crate::lifecycle::Action;
use crate::scope::{Origin, ProjectScope, ProjectScopes};
use crate::text::{check_id, check_text};
use crate::{Error, Money, ProjectId, Result};

/// The cost type approved day-work posts to.
pub const LABOUR_COST_TYPE: &str = crate::cost::StandardCostType::Labour.name();
pub(crate) const MAX_HOURS_A_DAY: u32 = 24;
/// Labour Law art. 41: overtime at most 3 h a day and 36 h a month.
pub(crate) const OVERTIME_A_DAY: u32 = 3;
pub(crate) const OVERTIME_A_MONTH: u32 = 36;

/// A project's labour settings and roster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ProjectLabour {
    /// The project's labour rates.
    pub rates: RateTable,
    /// How overtime and rest-day or holiday work are paid.
    pub policy: OvertimePolicy,
    /// Days up to and including this one take no new entries and no re-costing.
    pub locked_through: Option<NaiveDate>,
    /// Worker ids registered on the project (hashed: each entry recorded looks its worker up).
    roster: LookupMap<WorkerId, ()>,
    /// Wage deductions by id.
    pub deductions: BTreeMap<String, Deduction>,
}
crate::persist::persist_struct!(ProjectLabour { rates, policy, locked_through, roster, deductions });


impl ProjectLabour {
    /// The worker ids registered on the project, in id order.
    #[must_use]
    pub fn roster(&self) -> Vec<&WorkerId> {
        self.roster.sorted().into_iter().map(|(id, ())| id).collect()
    }

    /// Whether the worker is registered on the project.
    #[must_use]
    pub fn on_roster(&self, worker_id: &str) -> bool {
        self.roster.contains_key(worker_id)
    }

    pub(crate) fn locked(&self, date: NaiveDate) -> bool {
        self.locked_through.is_some_and(|through| date <= through)
    }
}

/// A day-work change, borrowed from a labour event.
pub(crate) enum DayWorkChange<'a> {
    Register(&'a Worker),
    Rate(&'a Rate),
    Policy(&'a OvertimePolicy),
    Record(&'a Arc<[DayWorkEntry]>),
    Reverse(&'a [Reversal]),
    Move { entry_ids: &'a [EntryId], to: EntryState },
    Lock(NaiveDate),
    Deduct { deduction_id: &'a str, worker_id: &'a WorkerId, month: NaiveDate, amount: Decimal, reason: &'a str },
}

impl DayWorkChange<'_> {
    /// The action an actor needs for the change.
    #[must_use]
    pub(crate) fn required_action(&self) -> Action {
        match self {
            DayWorkChange::Register(_) | DayWorkChange::Record(_) | DayWorkChange::Reverse(_) => Action::RecordDayWork,
            DayWorkChange::Rate(_) | DayWorkChange::Policy(_) => Action::EditBudget,
            DayWorkChange::Move { to, .. } => to.required_action(),
            DayWorkChange::Lock(_) | DayWorkChange::Deduct { .. } => Action::ApprovePayment,
        }
    }
}

/// What happens in the day-work register (the payloads of the journal's labour events). Each
/// names the project whose roster, rates, permissions and cost centre it uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum LabourEvent {
    /// A worker joins the project's roster (实名制); one worker id is one person across
    /// projects, whose trade, team and employer are the latest registered.
    WorkerRegistered {
        /// The project.
        project_id: ProjectId,
        /// The worker, with trade, team and employer.
        worker: Worker,
    },
    /// A day-work rate of the project (per worker or per trade, from a date).
    LabourRateSet {
        /// The project.
        project_id: ProjectId,
        /// The rate.
        rate: Rate,
    },
    /// The project's overtime multipliers and 工日 length.
    OvertimePolicySet {
        /// The project.
        project_id: ProjectId,
        /// The policy.
        policy: OvertimePolicy,
    },
    /// A batch of day-work entries: all accepted, or none.
    DayWorkRecorded {
        /// The project.
        project_id: ProjectId,
        /// The entries, accepted or refused as a whole (shared with the register they fold
        /// into: `vec![entry].into()`).
        #[serde(deserialize_with = "crate::wire::shared")]
        entries: Arc<[DayWorkEntry]>,
    },
    /// Corrections of approved or paid entries.
    DayWorkReversed {
        /// The project.
        project_id: ProjectId,
        /// The reversals, accepted or refused as a whole.
        #[serde(deserialize_with = "crate::wire::shrunk")]
        reversals: Vec<Reversal>,
    },
    /// Entries submitted, approved, rejected or paid (named one by one).
    DayWorkMoved {
        /// The project.
        project_id: ProjectId,
        /// The entries to move.
        #[serde(deserialize_with = "crate::wire::shrunk")]
        entry_ids: Vec<EntryId>,
        /// The state they move to.
        to: EntryState,
        /// Why (a rejection's reason, a payment's reference).
        note: String,
    },
    /// Day work is locked through a day (payroll closed).
    DayWorkPeriodLocked {
        /// The project.
        project_id: ProjectId,
        #[serde(serialize_with = "crate::wire::date")]
        /// The last day of the period closed (inclusive).
        through: NaiveDate,
    },
    /// A deduction from a worker's wages of a month.
    WageDeductionRecorded {
        /// The project.
        project_id: ProjectId,
        /// The deduction's id, unique in the project.
        deduction_id: String,
        /// The worker whose wages it reduces.
        worker_id: WorkerId,
        #[serde(serialize_with = "crate::wire::date")]
        /// The first day of the month it applies to.
        month: NaiveDate,
        #[serde(with = "crate::wire::exact")]
        /// The amount, in the project's currency.
        amount: Decimal,
        /// Why (an advance, board and lodging, …).
        reason: String,
    },
}
crate::persist::persist_enum!(LabourEvent { 0 => WorkerRegistered { project_id, worker }, 1 => LabourRateSet { project_id, rate }, 2 => OvertimePolicySet { project_id, policy }, 3 => DayWorkRecorded { project_id, entries }, 4 => DayWorkReversed { project_id, reversals }, 5 => DayWorkMoved { project_id, entry_ids, to, note }, 6 => DayWorkPeriodLocked { project_id, through }, 7 => WageDeductionRecorded { project_id, deduction_id, worker_id, month, amount, reason } });


impl LabourEvent {
    /// The entries a batch names (the entries recorded, the reversals, or those moved); none
    /// for other events.
    #[must_use]
    pub fn entry_ids(&self) -> Vec<&EntryId> {
        match self {
            LabourEvent::DayWorkRecorded { entries, .. } => entries.iter().map(|e| &e.entry_id).collect(),
            LabourEvent::DayWorkReversed { reversals, .. } => reversals.iter().map(|r| &r.entry_id).collect(),
            LabourEvent::DayWorkMoved { entry_ids, .. } => entry_ids.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Every event's `type` tag, as the journal writes it.
    pub const TAGS: &'static [&'static str] = &[
        "worker_registered",
        "labour_rate_set",
        "overtime_policy_set",
        "day_work_recorded",
        "day_work_reversed",
        "day_work_moved",
        "day_work_period_locked",
        "wage_deduction_recorded",
    ];

    /// The project the event is about.
    #[must_use]
    pub fn project_id(&self) -> &ProjectId {
        match self {
            LabourEvent::WorkerRegistered { project_id, .. }
            | LabourEvent::LabourRateSet { project_id, .. }
            | LabourEvent::OvertimePolicySet { project_id, .. }
            | LabourEvent::DayWorkRecorded { project_id, .. }
            | LabourEvent::DayWorkReversed { project_id, .. }
            | LabourEvent::DayWorkMoved { project_id, .. }
            | LabourEvent::DayWorkPeriodLocked { project_id, .. }
            | LabourEvent::WageDeductionRecorded { project_id, .. } => project_id,
        }
    }

    /// The change the event makes to the register.
    #[must_use]
    pub(crate) fn change(&self) -> DayWorkChange<'_> {
        use LabourEvent as P;
        match self {
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
        }
    }
}

type WorkerDay = (WorkerId, NaiveDate);

/// The portfolio's day-work register (点工): workers, per-project rates and overtime policy,
/// entries in fold order with their costs and states, and the warnings raised.
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
/// # use projectledger::cost::{CostBreakdown, CostEvent};
/// # let tree = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"土建"}]}"#)?;
/// # journal.record(events.event("pm-li", CostEvent::CostBreakdownDefined { project_id: p1.clone(), breakdown: Box::new(tree) })?)?;
/// use chrono::NaiveDate;
/// use projectledger::labour::{DayWorkEntry, Dimension, EntryFilter, LabourEvent, Rate, RateUnit, Worker};
/// let day = |d| NaiveDate::from_ymd_opt(2025, 3, d).unwrap();
/// let worker = Worker::new("W1", "张三", "110105199001011234", "钢筋工", "钢筋一班", "华建劳务")?;
/// journal.record(events.event("pm-li", LabourEvent::WorkerRegistered { project_id: p1.clone(), worker })?)?;
/// let rate = Rate::for_trade("钢筋工", day(1), RateUnit::Hour, 50.into());
/// journal.record(events.event("pm-li", LabourEvent::LabourRateSet { project_id: p1.clone(), rate })?)?;
/// let foreman = LifecycleEvent::RoleGranted { project_id: p1.clone(), member: "foreman-wang".parse()?, role: "foreman".into() };
/// journal.record(events.event("pm-li", foreman)?)?;
/// let entries = vec![DayWorkEntry::hours("E1", "W1", "01", day(3), 12.into()), DayWorkEntry::workdays("E2", "W1", "01", day(4), 1.into())];
/// let appended = journal.record(events.event("foreman-wang", LabourEvent::DayWorkRecorded { project_id: p1.clone(), entries: entries.into() })?)?;
/// assert_eq!(appended.day_work_warnings.len(), 1);            // 4 h overtime: over 3 h a day
///
/// let register = journal.state().day_work();
/// assert_eq!(register.worker("W1").map(|w| w.team.as_str()), Some("钢筋一班"));
/// assert!(register.project(&p1).is_some_and(|p| p.on_roster("W1") && p.roster().len() == 1));
/// assert_eq!(register.entry("E1").unwrap().cost.amount.to_string(), "CNY 700.00");   // 8 h + 4 h × 1.5
/// let by_worker = journal.state().day_work_summary(&[Dimension::Worker], &EntryFilter::default())?;
/// assert_eq!((by_worker[0].hours, by_worker[0].amount.to_string()), (20.into(), "CNY 1100.00".to_owned()));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DayWork {
    // The maps below are shared with the checkpoints (copied on the first change after one).
    /// Workers by id (hashed: each entry recorded looks its worker up).
    workers: Arc<LookupMap<WorkerId, Worker>>,
    /// Worker ids by id-document number (实名制: one number, one worker), so registering a
    /// worker does not scan every worker.
    by_id_number: Arc<BTreeMap<IdNumber, WorkerId>>,
    projects: Arc<BTreeMap<ProjectId, ProjectLabour>>,
    /// The entries, their batches and deciders, shared in chunks with the journal's
    /// checkpoints of the state.
    register: register::Register,
    /// Positions of entries by id.
    by_id: crate::collections::PositionIndex,
    /// Each worker's entries of a day, in fold order (every project); by worker first, so a
    /// month of a worker is one range.
    by_worker_day: index::WorkerDays,
    /// Shared in chunks with the checkpoints, like the entries.
    warnings: crate::collections::SharedVec<warnings::Warned>,
}

impl DayWork {
    /// A copy without the indexes (by id, by worker and day), which [`DayWork::reindex`]
    /// builds again from the entries: what a checkpoint keeps, so that it shares the entries
    /// and nothing the register changes on every batch.
    pub(crate) fn without_indexes(&self) -> DayWork {
        DayWork { workers: self.workers.clone(), by_id_number: self.by_id_number.clone(), projects: self.projects.clone(), register: self.register.clone(), warnings: self.warnings.clone(), ..DayWork::default() }
    }

    /// Gives back the room the indexes' growth left.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.by_worker_day.shrink_to_fit();
    }

    /// Builds the indexes again from the entries.
    pub(crate) fn reindex(&mut self) {
        self.index_ids();
        let register = &self.register;
        self.by_worker_day = index::WorkerDays::of(register.entries.iter().enumerate().filter_map(|(at, held)| Some((at, register.worker(at)?, held.date, held.counted_overtime()))));
    }

    /// Builds the index by entry id again from the entries.
    fn index_ids(&mut self) {
        self.by_id = crate::collections::PositionIndex::default();
        self.by_id.reserve(self.register.len());
        for index in 0..self.register.len() {
            if let Some(id) = self.register.entry_id(index) {
                self.by_id.insert(self.by_id.hash(id.as_str()), index);
            }
        }
    }

    /// Each day-work batch's event id and entries as the register holds them: a journal read
    /// from a store's snapshot makes its events hold the very same lists.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn recorded_batches(&self) -> impl Iterator<Item = (&crate::EventId, &Arc<[DayWorkEntry]>)> {
        self.register.recorded_batches()
    }

    /// Makes each recorded batch hold the list `shared` gives for its event, where that is an
    /// equal list held apart (a batch already holding it, in a chunk shared or not, is left).
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn share_batches(&mut self, shared: &dyn Fn(&crate::EventId) -> Option<Arc<[DayWorkEntry]>>) {
        self.register.share_batches(shared);
    }

    /// Whether the two hold their workers as one map (as a journal's checkpoints share them).
    #[cfg(test)]
    pub(crate) fn workers_shared_with(&self, other: &DayWork) -> bool {
        Arc::ptr_eq(&self.workers, &other.workers)
    }

    /// Registered workers, in id order.
    #[must_use]
    pub fn workers(&self) -> impl ExactSizeIterator<Item = &Worker> {
        self.workers.sorted().into_iter().map(|(_, worker)| worker)
    }

    /// A registered worker.
    #[must_use]
    pub fn worker(&self, worker_id: &str) -> Option<&Worker> {
        self.workers.get(worker_id)
    }

    /// A project's labour settings and roster.
    #[must_use]
    pub fn project(&self, project_id: &ProjectId) -> Option<&ProjectLabour> {
        self.projects.get(project_id)
    }

    /// Every entry, in fold order (each a view of the register, made as it is read).
    #[must_use]
    pub fn entries(&self) -> impl ExactSizeIterator<Item = EntryRecord<'_>> + DoubleEndedIterator + Clone {
        self.register.views()
    }

    /// One entry by id.
    #[must_use]
    pub fn entry(&self, entry_id: &str) -> Option<EntryRecord<'_>> {
        self.position_of(entry_id).and_then(|at| self.register.view(at))
    }

    /// Where the entry with this id is held.
    fn position_of(&self, entry_id: &str) -> Option<usize> {
        let register = &self.register;
        self.by_id.find(self.by_id.hash(entry_id), |at| register.entry_id(at).is_some_and(|id| id.as_str() == entry_id))
    }

    /// Checks a change in full, then applies it; a refused change leaves the register as it
    /// was. (Moves go through [`DayWork::check_move`] and [`DayWork::commit_move`], so the
    /// caller can post an approval's labour cost in between.)
    pub(crate) fn apply(&mut self, change: &DayWorkChange<'_>, origin: &Origin<'_>, project: &ProjectScope<'_>, labour_cells: Option<&CostBreakdown>, projects: &dyn ProjectScopes) -> Result<()> {
        let project_id = project.id;
        match change {
            DayWorkChange::Register(worker) => self.register(project_id, worker),
            DayWorkChange::Rate(rate) => {
                let mut rates = self.projects.get(project_id).map(|s| s.rates.clone()).unwrap_or_default();
                rates.set((*rate).clone())?;
                let before = std::mem::replace(&mut self.settings(project_id).rates, rates);
                let days = self.days_of(project_id, |held| held.date >= rate.valid_from);
                self.recost_or(days, projects, |work| work.settings(project_id).rates = before)
            }
            DayWorkChange::Policy(policy) => {
                policy.check()?;
                let before = std::mem::replace(&mut self.settings(project_id).policy, **policy);
                let days = self.days_of(project_id, |_| true);
                self.recost_or(days, projects, |work| work.settings(project_id).policy = before)
            }
            DayWorkChange::Record(entries) => self.record(entries, origin, project, labour_cells),
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
                check_id("deduction id", deduction_id)?;
                let settings = self.projects.get(project_id);
                if settings.is_some_and(|s| s.deductions.contains_key(*deduction_id)) {
                    return Err(Error::invalid_field("deduction id", format!("{deduction_id:?} is already used on this project")));
                }
                if !settings.is_some_and(|s| s.on_roster(worker_id)) {
                    return Err(Error::not_found("worker", worker_id, Some(project_id.as_str())));
                }
                let money = Money::new(*amount, project.currency);
                if *amount <= Decimal::ZERO || !money.is_in_minor_units() {
                    return Err(Error::invalid_field("deduction", format!("{amount} is not a positive amount in minor units of {}", project.currency.code())));
                }
                let deduction = Deduction { deduction_id: (*deduction_id).to_owned(), worker_id: (*worker_id).clone(), month: first_of_month(*month), amount: money, reason: (*reason).to_owned() };
                self.settings(project_id).deductions.insert(deduction.deduction_id.clone(), deduction);
                Ok(())
            }
        }
    }


    pub(super) fn settings(&mut self, project_id: &ProjectId) -> &mut ProjectLabour {
        Arc::make_mut(&mut self.projects).entry(project_id.clone()).or_default()
    }

    fn register(&mut self, project_id: &ProjectId, worker: &Worker) -> Result<()> {
        check_id("worker id", &worker.worker_id)?;
        for (field, value) in [("worker name", &worker.name), ("trade", &worker.trade), ("team", &worker.team), ("employer", &worker.employer)] {
            check_text(field, value)?;
        }
        // 实名制: one id-document number is one person, so one worker id.
        if let Some(other) = self.by_id_number.get(&worker.id_number).filter(|id| **id != worker.worker_id).and_then(|id| self.workers.get(id)) {
            return Err(Error::invalid_field(
                "worker",
                format!("id number {} is already registered as worker {} ({}); one person is one worker id", worker.id_number, other.worker_id, other.name),
            ));
        }
        if let Some(known) = self.workers.get(&worker.worker_id)
            && (known.name != worker.name || known.id_number != worker.id_number)
        {
            return Err(Error::invalid_field(
                "worker",
                format!("{} is registered as {} ({}); one id is one person", worker.worker_id, known.name, known.id_number),
            ));
        }
        Arc::make_mut(&mut self.by_id_number).insert(worker.id_number.clone(), worker.worker_id.clone());
        Arc::make_mut(&mut self.workers).insert(worker.worker_id.clone(), worker.clone());
        self.settings(project_id).roster.insert(worker.worker_id.clone(), ());
        Ok(())
    }

    /// Drops the index by id (and nothing else): only for tests of the invariants.
    #[cfg(test)]
    pub(crate) fn forget_index(&mut self) {
        self.by_id.clear();
    }

    /// Checks the register's own invariants: the indexes agree with the entries, every
    /// entry's project and worker are known, and no worker passes 24 h on a day.
    pub(crate) fn check_invariants(&self, projects: &dyn ProjectScopes) -> std::result::Result<(), String> {
        if self.by_id.len() != self.register.len() {
            return Err(format!("{} entries but {} indexed by id", self.register.len(), self.by_id.len()));
        }
        if self.by_id_number.len() != self.workers.len() || self.workers.values().any(|w| self.by_id_number.get(&w.id_number) != Some(&w.worker_id)) {
            return Err(format!("{} workers but {} indexed by id number, or one under another's", self.workers.len(), self.by_id_number.len()));
        }
        let mut indexed = 0;
        for (worker, lists) in self.by_worker_day.lists() {
            let (list, months) = (lists.days(), lists.month_overtime());
            indexed = list.len().saturating_add(indexed);
            if list.windows(2).any(|w| matches!(w, [a, b] if a >= b)) {
                return Err(format!("the entries of {worker} are not in (day, fold) order"));
            }
            if !lists.last_day_is_the_lists() {
                return Err(format!("the last day held for {worker} is not its list's"));
            }
            let held_at = |i: u32| usize::try_from(i).unwrap_or(usize::MAX);
            if let Some((date, i)) = list.iter().find(|(date, i)| self.register.get(held_at(*i)).is_none_or(|e| e.date != *date) || self.register.worker(held_at(*i)) != Some(worker)) {
                return Err(format!("entry {i} is indexed under {worker} on {date}"));
            }
            let mut counted: Vec<(NaiveDate, Decimal)> = Vec::new();
            for month in list.chunk_by(|a, b| wages::first_of_month(a.0) == wages::first_of_month(b.0)).filter_map(|month| month.first()) {
                let first = wages::first_of_month(month.0);
                let overtime = self.overtime_between(worker, first, wages::last_of_month(first));
                if !overtime.is_zero() {
                    counted.push((first, overtime));
                }
            }
            if months.iter().filter(|(_, hours)| !hours.is_zero()).ne(counted.iter()) {
                return Err(format!("{worker}'s overtime counted by month is {months:?}, its entries' {counted:?}"));
            }
            for day in list.chunk_by(|a, b| a.0 == b.0).filter_map(|day| day.first()) {
                let (_, hours, _) = self.day_totals(worker, day.0);
                if hours > Decimal::from(MAX_HOURS_A_DAY) {
                    return Err(format!("{worker} has {hours} h on {}", day.0));
                }
            }
        }
        let warned_entry = |w: &warnings::Warned| self.register.get(w.entry()).map(|e| (e.batch, w.entry()));
        let mut previous = None;
        for warned in self.warnings.iter() {
            let Some((event, at)) = warned_entry(warned) else { return Err(format!("a warning names entry {} of {}", warned.entry(), self.register.len())) };
            // A batch's warnings follow one another, after those of the batches before it.
            if previous.is_some_and(|(last_event, last_at)| last_event != event && last_at >= at) {
                return Err(format!("the warning on entry {at} is listed after a later batch's"));
            }
            previous = Some((event, at));
        }
        self.register.check()?;
        if indexed != self.register.len() {
            return Err(format!("{} entries but {indexed} indexed by worker and day", self.register.len()));
        }
        for index in 0..self.register.len() {
            let Some(entry) = self.register.view(index) else { return Err(format!("entry {index} has no batch")) };
            if self.position_of(entry.entry_id) != Some(index) {
                return Err(format!("entry {} is not indexed at its place", entry.entry_id));
            }
            projects.scope(entry.project_id).map_err(|e| e.to_string())?;
            if !self.workers.contains_key(entry.worker_id) {
                return Err(format!("entry {} names unregistered worker {}", entry.entry_id, entry.worker_id));
            }
        }
        Ok(())
    }
}
