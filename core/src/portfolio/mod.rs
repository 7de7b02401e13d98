//! The portfolio: the state a journal folds into. It holds each domain's state and dispatches
//! every event to its domain; the reactions between domains are listed in [`reactions`].
//!
//! - An event is checked in full before anything changes (the actor's permission first, then
//!   the domain's rules, then the reactions it sets off), so a refused event changes nothing.
//! - Events that break a rule while folding (two devices, each valid on its own) become
//!   [`Conflict`]s: kept in the journal, reported, never silently dropped.
//! - [`Portfolio::check_invariants`] states what must hold after every event.

mod governance;
mod invariants;
pub mod reactions;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::cost::{BudgetViewRow, CostCentre, CostChange, CostEvent, Recording};
use crate::event::{Event, Payload};
use crate::evm::{EarnedSchedule, EarnedValue};
use crate::governance::{Governance, GovernanceContext, GovernanceEvent};
use crate::funds::{CashFlow, ContractPosition, Flows, FundContext, FundEvent, FundLedger, Measure, ScheduleLine, WageAccountPosition};
use crate::labour::{DayWork, DayWorkChange, DayWorkRow, Dimension, EntryFilter, IdNumbers, LabourEvent, WageLedgerRow};
use crate::lifecycle::{HistoryRecord, LifecycleEvent, PhaseCount, Project, ProjectRegister};
use crate::schedule::{AtRisk, DayActivity, ScheduleBook, ScheduleEvent, Variance};
use crate::scope::Origin;
use crate::{ActorId, Currency, Error, EventId, Money, PeriodKind, ProjectId, Result};

/// An event that broke a rule only once journals were merged (two devices, each valid on
/// its own). It stays in the journal and is reported here instead of being dropped, naming
/// what it dropped, until someone settles it ([`LifecycleEvent::ConflictSettled`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub struct Conflict {
    /// The event that could not be applied.
    pub event_id: EventId,
    /// Why.
    pub error: Error,
    /// The project the event was about.
    pub project_id: ProjectId,
    /// Who recorded it (who, besides an approver, may settle it).
    pub actor: ActorId,
    /// The entries it dropped, each with why (a day-work batch is taken whole or not at all,
    /// so an entry without a problem of its own went with its batch); empty for an event
    /// without entries.
    pub dropped: Vec<DroppedItem>,
    /// How it was settled, once it is.
    pub settled: Option<Settlement>,
}

/// An entry a conflict dropped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub struct DroppedItem {
    /// The entry's id.
    pub item: String,
    /// Its own problems; "refused with its batch" when it had none.
    pub reasons: Vec<String>,
}

/// How a conflict was settled.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub struct Settlement {
    /// The settling event.
    pub event_id: EventId,
    /// Who settled it.
    pub by: ActorId,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
    /// How.
    pub note: String,
}

impl Conflict {
    fn of(event: &Event, error: Error) -> Conflict {
        let problems: &[crate::error::Problem] = match &error {
            Error::InvalidDayWork { problems, .. } => problems,
            _ => &[],
        };
        let dropped = event
            .payload
            .items()
            .into_iter()
            .map(|item| {
                let mut reasons: Vec<String> = problems.iter().filter(|p| p.item == item).map(|p| p.message.clone()).collect();
                if reasons.is_empty() {
                    reasons.push("refused with its batch".to_owned());
                }
                DroppedItem { item, reasons }
            })
            .collect();
        Conflict { event_id: event.id.clone(), error, project_id: event.payload.project_id().clone(), actor: event.actor.clone(), dropped, settled: None }
    }

    /// True until the conflict is settled.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.settled.is_none()
    }
}

/// All projects of a journal — their lifecycle, cost centres and day work — and the
/// conflicts found while folding it.
///
/// ```
/// use projectledger::{Currency, Journal, Payload, ProjectId, WorkCalendar};
/// use projectledger::cost::{CostBreakdown, CostEvent, CostLine};
/// use projectledger::lifecycle::LifecycleEvent;
/// # fn main() -> Result<(), projectledger::Error> {
/// let p1 = ProjectId::try_new("P1")?;
/// let mut journal = Journal::new();
/// let mut events = journal.event_source("office")?;
/// let tree = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"土建"},{"code":"01.01","name":"基础"}]}"#)?;
/// let material = |amount: i64| vec![CostLine::new("01.01", "material", amount.into())];
/// for payload in [
///     Payload::from(LifecycleEvent::project_created(&p1, "Depot", "D-1", Currency::CNY, WorkCalendar::china(2025, 2026)?)),
///     CostEvent::breakdown_defined(&p1, tree).into(),
///     CostEvent::BudgetLinesSet { project_id: p1.clone(), lines: material(100_000) }.into(),
///     CostEvent::direct_cost(&p1, "C1", material(30_000), "rebar").into(),
/// ] {
///     journal.record(events.event("pm-li", payload)?)?;
/// }
/// let state = journal.state();
/// let total = state.budget_view(&p1, None)?.pop().unwrap();   // the project total comes last
/// assert_eq!(total.code, None);
/// assert_eq!(total.row.actual.to_string(), "CNY 30000.00");
/// assert_eq!(total.row.forecast_to_complete.to_string(), "CNY 70000.00");
/// assert_eq!((state.phase_counts()[0].phase.as_str(), state.phase_counts()[0].active), ("initiation", 1));
/// assert!(state.conflicts().is_empty());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Portfolio {
    projects: ProjectRegister,
    costs: crate::collections::LookupMap<ProjectId, CostCentre>,
    day_work: DayWork,
    funds: FundLedger,
    schedules: BTreeMap<ProjectId, ScheduleBook>,
    governance: Governance,
    conflicts: Vec<Conflict>,
}

crate::persist::persist_struct!(Portfolio { projects, costs, day_work, funds, schedules, governance, conflicts });
crate::persist::persist_struct!(Conflict { event_id, error, project_id, actor, dropped, settled });
crate::persist::persist_struct!(DroppedItem { item, reasons });
crate::persist::persist_struct!(Settlement { event_id, by, at, note });

impl Portfolio {
    /// Folds events (already in canonical order); events that break a rule become conflicts.
    pub(crate) fn fold<'a>(events: impl IntoIterator<Item = &'a Event>) -> Portfolio {
        let mut portfolio = Portfolio::default();
        for event in events {
            portfolio.fold_one(event);
        }
        portfolio
    }

    /// Gives back the room the indexes' growth left (after an import: a journal read whole).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.day_work.shrink_to_fit();
    }

    /// Makes each day-work batch hold the list `shared` gives for its event where that is an
    /// equal list held apart (as a snapshot reads them): held once again.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn share_day_work_batches(&mut self, shared: &dyn Fn(&crate::EventId) -> Option<std::sync::Arc<[crate::labour::DayWorkEntry]>>) {
        self.day_work.share_batches(shared);
    }

    /// A copy to keep as a checkpoint: it shares the day-work entries and leaves out their
    /// indexes, so keeping it costs the state nothing later ([`Portfolio::restored`] builds
    /// them again).
    pub(crate) fn checkpoint(&self) -> Portfolio {
        Portfolio {
            projects: self.projects.clone(),
            costs: self.costs.clone(),
            day_work: self.day_work.without_indexes(),
            funds: self.funds.clone(),
            schedules: self.schedules.clone(),
            governance: self.governance.clone(),
            conflicts: self.conflicts.clone(),
        }
    }

    /// A checkpoint written against the state `base` it shares its day-work entries with.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn write_checkpoint(&self, base: &Portfolio, out: &mut crate::persist::Writer) {
        use crate::persist::Persist as _;
        let Portfolio { projects, costs, day_work, funds, schedules, governance, conflicts } = self;
        projects.write(out);
        costs.write(out);
        day_work.write_checkpoint(&base.day_work, out);
        funds.write(out);
        schedules.write(out);
        governance.write(out);
        conflicts.write(out);
    }

    /// Reads what [`Portfolio::write_checkpoint`] wrote, after the checkpoint `previous`.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn read_checkpoint(base: &Portfolio, previous: Option<&Portfolio>, input: &mut crate::persist::Reader<'_>) -> crate::persist::Read<Portfolio> {
        use crate::persist::Persist;
        Ok(Portfolio {
            projects: Persist::read(input)?,
            costs: Persist::read(input)?,
            day_work: DayWork::read_checkpoint(&base.day_work, previous.map(|p| &p.day_work), input)?,
            funds: Persist::read(input)?,
            schedules: Persist::read(input)?,
            governance: Persist::read(input)?,
            conflicts: Persist::read(input)?,
        })
    }

    /// A checkpoint made a state to fold on.
    pub(crate) fn restored(checkpoint: &Portfolio) -> Portfolio {
        let mut state = checkpoint.clone();
        state.day_work.reindex();
        state
    }

    /// Folds one more event (newer than every event folded so far): applied, or kept as a
    /// conflict when it breaks a rule.
    pub(crate) fn fold_one(&mut self, event: &Event) {
        if let Err(error) = self.apply(event) {
            self.conflicts.push(Conflict::of(event, error));
        }
    }

    /// Settles the conflict of `event_id`: by whoever recorded the refused event, or a member
    /// who may approve; once.
    fn settle(&mut self, origin: &Origin<'_>, project_id: &ProjectId, event_id: &EventId, note: &str) -> Result<()> {
        if !note.is_empty() {
            crate::text::check_text("note", note)?;
        }
        let project = self.projects.get(project_id)?;
        let Some(conflict) = self.conflicts.iter_mut().find(|c| &c.event_id == event_id && &c.project_id == project_id) else {
            return Err(Error::not_found("conflict of event", event_id.as_str(), Some(project_id.as_str())));
        };
        if let Some(settled) = &conflict.settled {
            return Err(Error::invalid_field("event id", format!("the conflict of event {event_id} was settled already (by {}, event {})", settled.by, settled.event_id)));
        }
        if &conflict.actor != origin.actor {
            project.require(origin.actor, crate::lifecycle::Action::Approve)?;
        }
        conflict.settled = Some(Settlement { event_id: origin.event_id.clone(), by: origin.actor.clone(), at: origin.at, note: note.to_owned() });
        self.projects.touch(project_id, origin.at);
        Ok(())
    }

    /// Applies one event: checks every rule first, then changes the state, so a refused
    /// event leaves it as it was.
    pub(crate) fn apply(&mut self, event: &Event) -> Result<()> {
        let origin = Origin { event_id: &event.id, actor: &event.actor, at: event.recorded_at };
        match &event.payload {
            Payload::Lifecycle(lifecycle) => self.apply_lifecycle(&origin, lifecycle),
            Payload::Cost(cost) => self.apply_cost(&origin, cost),
            Payload::Labour(labour) => self.apply_labour(&origin, labour),
            Payload::Funds(funds) => self.apply_funds(&origin, funds),
            Payload::Schedule(schedule) => self.apply_schedule(&origin, schedule),
            Payload::Governance(governance) => self.apply_governance(&origin, governance),
        }
    }

    /// A governance event: the actor's permission, then the register's own rules (the cost
    /// codes and activities a risk names are the project's own).
    fn apply_governance(&mut self, origin: &Origin<'_>, event: &GovernanceEvent) -> Result<()> {
        let project_id = event.project_id();
        let project = self.projects.get(project_id)?;
        if let Some(action) = event.required_action() {
            project.require(origin.actor, action)?;
        }
        if matches!(event, GovernanceEvent::ReviewItemPassed { .. } | GovernanceEvent::ReviewExemptionRequested { .. } | GovernanceEvent::ReviewExemptionDecided { .. }) {
            let context = crate::governance::ReviewContext { workflow: &project.workflow, actor_roles: project.members.get(origin.actor) };
            self.governance.apply_review(event, origin, &context)?;
            self.projects.touch(project_id, origin.at);
            return Ok(());
        }
        let context = GovernanceContext {
            centre: self.costs.get(project_id),
            activities: self.schedules.get(project_id).map(ScheduleBook::activities),
        };
        self.governance.apply(event, origin, &context)?;
        self.projects.touch(project_id, origin.at);
        Ok(())
    }

    /// A schedule event: the actor's permission, then the schedule book's own rules (the
    /// schedule must still compute). The first event opens the book, starting on the day the
    /// project was created until its settings say otherwise.
    fn apply_schedule(&mut self, origin: &Origin<'_>, event: &ScheduleEvent) -> Result<()> {
        let project_id = event.project_id();
        let project = self.projects.get(project_id)?;
        project.require(origin.actor, event.required_action())?;
        let book = match self.schedules.get_mut(project_id) {
            Some(book) => book,
            None => {
                let book = ScheduleBook::new(project.created_at.date_naive(), &project.calendar)?;
                self.schedules.entry(project_id.clone()).or_insert(book)
            }
        };
        let before = book.clone();
        book.apply(event, &project.calendar)?;
        if let Err(error) = self.date_work_packages_from_schedule(origin, project_id) {
            self.schedules.insert(project_id.clone(), before);
            return Err(error);
        }
        self.projects.touch(project_id, origin.at);
        Ok(())
    }

    /// A fund event: the actor's permission on the event's project (for a source, the
    /// project holding it), then the fund ledger's own rules.
    fn apply_funds(&mut self, origin: &Origin<'_>, event: &FundEvent) -> Result<()> {
        let project_id = event.project_id();
        self.projects.get(project_id)?.require(origin.actor, event.required_action())?;
        self.funds.apply(event, origin, FundContext { projects: &self.projects, costs: &self.costs })?;
        self.projects.touch(project_id, origin.at);
        Ok(())
    }

    fn apply_lifecycle(&mut self, origin: &Origin<'_>, event: &LifecycleEvent) -> Result<()> {
        if let LifecycleEvent::ConflictSettled { project_id, event_id, note } = event {
            return self.settle(origin, project_id, event_id, note);
        }
        let recost = matches!(event, LifecycleEvent::ProjectSettingsChanged { calendar: Some(_), .. });
        let before = if recost { self.projects.project(event.project_id()).cloned() } else { None };
        self.projects.apply(origin, event, &self.governance)?;
        if let Some(before) = before {
            let project_id = event.project_id();
            let rescheduled = self.reschedule_on_calendar_change(project_id);
            if let Err(error) = rescheduled.and_then(|schedule| {
                self.recost_day_work_on_calendar_change(project_id)?;
                if let Some(schedule) = schedule {
                    self.schedules.insert(project_id.clone(), schedule);
                }
                Ok(())
            }) {
                self.projects.restore(before);
                return Err(error);
            }
        }
        Ok(())
    }

    /// A cost event: the actor's permission (which, for a document, its kind decides), then
    /// the cost centre's own rules (Warn budget controls leave their warnings in the centre).
    fn apply_cost(&mut self, origin: &Origin<'_>, event: &CostEvent) -> Result<()> {
        let change = event.change();
        let project_id = event.project_id();
        let project = self.projects.get(project_id)?;
        project.require(origin.actor, change.required_action(self.costs.get(project_id)))?;
        let warning = self.control_supplier_grade(origin, event)?;
        match (self.costs.get_mut(project_id), change) {
            (None, CostChange::Breakdown(breakdown)) => {
                self.costs.insert(project_id.clone(), CostCentre::new(breakdown.clone(), project.currency));
            }
            (Some(centre), change) => {
                centre.apply(change, &Recording::new(origin, &project.scope()))?;
            }
            (None, _) => {
                return Err(Error::not_found("cost breakdown", project_id.as_str(), None));
            }
        }
        if let Some(warning) = warning {
            self.governance.warn(project_id, warning);
        }
        self.projects.touch(project_id, origin.at);
        Ok(())
    }

    /// A labour event: the actor's permission, then the register's own rules (a move of
    /// entries goes through [`reactions`]: an approval posts its labour cost first).
    fn apply_labour(&mut self, origin: &Origin<'_>, event: &LabourEvent) -> Result<()> {
        let change = event.change();
        let project_id = event.project_id();
        let project = self.projects.get(project_id)?;
        project.require(origin.actor, change.required_action())?;
        if let DayWorkChange::Move { entry_ids, to } = change {
            self.move_day_work(origin, project_id, entry_ids, to)?;
        } else {
            let labour_cells = self.costs.get(project_id).map(CostCentre::breakdown);
            self.day_work.apply(&change, origin, &project.scope(), labour_cells, &self.projects)?;
        }
        self.projects.touch(project_id, origin.at);
        Ok(())
    }

    /// The fund side of the portfolio: sources, allocations, payments, applications, wage accounts.
    #[must_use]
    pub fn funds(&self) -> &FundLedger {
        &self.funds
    }

    /// A project's wage account against the wages due of `month` (any day of it), as of a day:
    /// the balance, the month's wages still due (from the wage ledger) and the shortfall.
    pub fn wage_account(&self, project_id: &ProjectId, month: NaiveDate, as_of: NaiveDate) -> Result<WageAccountPosition> {
        let project = self.projects.get(project_id)?;
        let account = self.funds.wage_account(project_id).ok_or_else(|| Error::not_found("wage account", project_id.as_str(), None))?;
        let ledger = self.wage_ledger(project_id, Some(month), as_of, IdNumbers::Masked)?;
        WageAccountPosition::of(account, project_id, project.currency, month, as_of, &ledger)
    }

    /// A project's contracts with payment terms (the prime contract first, then commitments):
    /// certified to date, retention held, advance recovered, paid to date (its applications'
    /// payments and its invoices'), and the application open on it.
    pub fn contract_positions(&self, project_id: &ProjectId) -> Result<Vec<ContractPosition>> {
        self.projects.get(project_id)?;
        let records = self.costs.get(project_id).map(CostCentre::records);
        self.funds.contract_positions(project_id, |cost_id| records.and_then(|r| r.get(cost_id)).and_then(|r| r.commitment_id.clone()))
    }

    /// A project's schedule, or an error naming the project when it has none yet.
    pub fn schedule(&self, project_id: &ProjectId) -> Result<&ScheduleBook> {
        self.projects.get(project_id)?;
        self.schedules.get(project_id).ok_or_else(|| Error::not_found("schedule", project_id.as_str(), None))
    }

    /// A project's activities against a baseline: planned and current dates, the slip in
    /// working days of the project calendar, float then and now.
    pub fn schedule_variance(&self, project_id: &ProjectId, baseline: &str) -> Result<Vec<Variance>> {
        self.schedule(project_id)?.variance(baseline, &self.projects.get(project_id)?.calendar)
    }

    /// A project's activities at risk at its status date, against a baseline when given.
    pub fn activities_at_risk(&self, project_id: &ProjectId, baseline: Option<&str>) -> Result<Vec<AtRisk>> {
        self.schedule(project_id)?.at_risk(baseline)
    }

    /// A foreman's day on a project: the activities under way and those running late — of one
    /// team or person when `assignee` is given.
    pub fn day_list(&self, project_id: &ProjectId, day: NaiveDate, assignee: Option<&str>) -> Result<Vec<DayActivity>> {
        Ok(self.schedule(project_id)?.day_list(day, assignee))
    }

    /// The day-work register of the portfolio.
    #[must_use]
    pub fn day_work(&self) -> &DayWork {
        &self.day_work
    }

    /// Day work grouped by the dimensions, with exact sums and headcounts: the entries the
    /// filter selects (see [`DayWork::select`]), which must share a currency and a 工日 length.
    pub fn day_work_summary(&self, by: &[Dimension], filter: &EntryFilter) -> Result<Vec<DayWorkRow>> {
        self.day_work.summary(by, filter, &self.projects)
    }

    /// A project's wage ledger (工资支付台账, art. 15): one row per worker and month with
    /// approved or paid entries (or a deduction), ordered by month then worker. `as_of`
    /// decides art. 24's overdue flag.
    pub fn wage_ledger(&self, project_id: &ProjectId, month: Option<NaiveDate>, as_of: NaiveDate, id_numbers: IdNumbers) -> Result<Vec<WageLedgerRow>> {
        self.day_work.wage_ledger(&self.projects.get(project_id)?.scope(), month, as_of, id_numbers)
    }

    /// A project's cost centre, or an error naming the project when no breakdown is defined
    /// yet (or [`Error::UnknownProject`]).
    pub fn cost_centre(&self, project_id: &ProjectId) -> Result<&CostCentre> {
        self.projects.get(project_id)?;
        self.costs.get(project_id).ok_or_else(|| Error::not_found("cost breakdown", project_id.as_str(), None))
    }

    /// A project's budget view: every code in tree order (parents first), then the project
    /// total, each with every column, for all cost types or one.
    pub fn budget_view(&self, project_id: &ProjectId, cost_type: Option<&str>) -> Result<Vec<BudgetViewRow>> {
        self.cost_centre(project_id)?.view(cost_type)
    }

    /// A project's cash flow by periods of `kind`: the work packages' planned spend (the PV
    /// curve) against the costs recorded and the funds `available` (dated amounts in the
    /// project's currency), cumulative, with the first period short of funds.
    pub fn cash_flow(&self, project_id: &ProjectId, kind: PeriodKind, available: &[(NaiveDate, Money)]) -> Result<CashFlow> {
        let project = self.projects.get(project_id)?;
        let centre = self.cost_centre(project_id)?;
        let (planned, actual) = (centre.planned_spend(&project.calendar)?, centre.actual_spend()?);
        CashFlow::of(Flows { planned: &planned, actual: &actual, available }, kind, project.currency)
    }

    /// A payment application's day-work lines (计日工): a project's approved and paid day work
    /// through a day, by cost code, of one employer's workers when given — each a line valued
    /// to date, `计日工 <code>`.
    pub fn day_work_lines(&self, project_id: &ProjectId, through: NaiveDate, employer: Option<&str>) -> Result<Vec<ScheduleLine>> {
        let project = self.projects.get(project_id)?;
        let by_code = self.day_work.approved_by_code(project_id, through, employer, project.currency)?;
        Ok(by_code.into_iter().map(|(code, value)| ScheduleLine { item: format!("计日工 {code}"), measure: Measure::Amount { value_to_date: value.amount() } }).collect())
    }

    /// The portfolio's cash flow in one currency: every project in `currency` with a cost
    /// breakdown, pooled (projects in other currencies are not converted, so not counted).
    pub fn portfolio_cash_flow(&self, currency: Currency, kind: PeriodKind, available: &[(NaiveDate, Money)]) -> Result<CashFlow> {
        let (mut planned, mut actual) = (Vec::new(), Vec::new());
        for project in self.projects().filter(|p| p.currency == currency) {
            if let Some(centre) = self.costs.get(&project.id) {
                planned.extend(centre.planned_spend(&project.calendar)?);
                actual.extend(centre.actual_spend()?);
            }
        }
        CashFlow::of(Flows { planned: &planned, actual: &actual, available }, kind, currency)
    }

    /// Earned value of a cost code's subtree (or the whole project) at the end of
    /// `status_date`, on the project's calendar.
    pub fn earned_value(&self, project_id: &ProjectId, code: Option<&str>, status_date: NaiveDate) -> Result<EarnedValue> {
        self.cost_centre(project_id)?.earned_value(code, status_date, &self.projects.get(project_id)?.calendar)
    }

    /// Earned schedule of a cost code's subtree (or the whole project) in periods of `kind`,
    /// at the end of `status_date`.
    pub fn earned_schedule(&self, project_id: &ProjectId, code: Option<&str>, status_date: NaiveDate, kind: PeriodKind) -> Result<EarnedSchedule> {
        self.cost_centre(project_id)?.earned_schedule(code, status_date, kind, &self.projects.get(project_id)?.calendar)
    }

    /// One project by id, or [`Error::UnknownProject`].
    pub fn project_or_err(&self, id: &ProjectId) -> Result<&Project> {
        self.projects.get(id)
    }

    /// One project by id.
    #[must_use]
    pub fn project(&self, id: &ProjectId) -> Option<&Project> {
        self.projects.project(id)
    }

    /// Every project, ordered by id.
    pub fn projects(&self) -> impl Iterator<Item = &Project> {
        self.projects.projects()
    }

    /// True when the event `event_id` is a conflict (open or settled).
    #[must_use]
    pub fn has_conflict(&self, event_id: &EventId) -> bool {
        self.conflicts.iter().any(|c| &c.event_id == event_id)
    }

    /// The ids of the events that are conflicts now.
    pub(crate) fn conflict_ids(&self) -> std::collections::BTreeSet<EventId> {
        self.conflicts.iter().map(|c| c.event_id.clone()).collect()
    }

    /// Events that broke a rule after a merge, in fold order.
    #[must_use]
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// Phase and status changes with a date (UTC) from `from` to `to`, both included, in time
    /// order across the portfolio.
    #[must_use]
    pub fn transitions_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<(&Project, &HistoryRecord)> {
        self.projects.transitions_between(from, to)
    }

    /// How many projects are in each phase, by status, ordered by phase id.
    #[must_use]
    pub fn phase_counts(&self) -> Vec<PhaseCount> {
        self.projects.phase_counts()
    }
}
