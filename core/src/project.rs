//! The state a journal folds into: projects (settings, lifecycle, access, records) and the
//! conflicts met while folding.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::budget::{CostCentre, CostChange, CostKind, Recording};
use crate::daywork::{DayWork, DayWorkChange, DayWorkRow, EntryFilter, Origin, WageLedgerRow};
use crate::labour::Dimension;
use crate::journal::{Event, Payload};
use crate::lifecycle::{
    standard_roles, Action, ApprovalRecord, ChangeKind, DeliverableRecord, Gate, GateResult, HistoryRecord, Status,
    Workflow,
};
use crate::{ActorId, Currency, Error, EventId, ProjectId, Result, WorkCalendar};

/// A project as of the last event applied to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    pub code: String,
    /// Fixed at creation: every amount of the project is in this currency.
    pub currency: Currency,
    pub calendar: WorkCalendar,
    pub created_at: DateTime<Utc>,
    pub created_by: ActorId,
    pub updated_at: DateTime<Utc>,
    pub workflow: Workflow,
    /// The current phase (an id of the workflow's phases).
    pub phase: String,
    pub status: Status,
    /// Creation, every phase change and every status change, in order.
    pub history: Vec<HistoryRecord>,
    pub deliverables: Vec<DeliverableRecord>,
    /// Approvals by id.
    pub approvals: BTreeMap<String, ApprovalRecord>,
    /// Roles by name: the actions each grants.
    pub roles: BTreeMap<String, BTreeSet<Action>>,
    /// Members and their roles.
    pub members: BTreeMap<ActorId, BTreeSet<String>>,
    /// The cost centre, once a cost breakdown is defined.
    #[serde(skip)]
    pub cost: Option<CostCentre>,
}

/// Calendar and working days a project spent in one phase (all visits together).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseDuration {
    pub phase: String,
    pub visits: usize,
    pub calendar_days: i64,
    pub working_days: i64,
}

/// How many projects are in a phase, by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PhaseCount {
    pub phase: String,
    pub active: usize,
    pub on_hold: usize,
    pub cancelled: usize,
}

impl Project {
    /// True when the actor holds a role granting the action.
    #[must_use]
    pub fn permits(&self, actor: &ActorId, action: Action) -> bool {
        self.members.get(actor).is_some_and(|roles| {
            roles.iter().any(|role| self.roles.get(role).is_some_and(|actions| actions.contains(&action)))
        })
    }

    fn require(&self, actor: &ActorId, action: Action) -> Result<()> {
        if self.permits(actor, action) {
            Ok(())
        } else {
            Err(Error::PermissionDenied {
                actor: actor.to_string(),
                permission: action.name().to_owned(),
                project_id: self.id.to_string(),
            })
        }
    }

    /// Every gate of a transition, evaluated against the project now.
    #[must_use]
    pub fn evaluate_gates(&self, gates: &[Gate]) -> Vec<GateResult> {
        gates.iter().map(|gate| self.evaluate_gate(gate)).collect()
    }

    fn evaluate_gate(&self, gate: &Gate) -> GateResult {
        let (passed, detail) = match gate {
            Gate::Deliverable { deliverable } => match self.deliverables.iter().find(|d| &d.deliverable == deliverable) {
                Some(d) => (true, format!("recorded by {} on {}", d.recorded_by, d.recorded_at.date_naive())),
                None => (false, "not recorded".to_owned()),
            },
            Gate::Approval { approval } => {
                let of_kind: Vec<&ApprovalRecord> = self.approvals.values().filter(|a| &a.kind == approval).collect();
                match of_kind.iter().find(|a| a.approved == Some(true)) {
                    Some(a) => (true, format!("approved by {}", a.decided_by.as_ref().map_or("?", ActorId::as_str))),
                    None if of_kind.iter().any(|a| a.approved.is_none()) => (false, "requested, not yet decided".to_owned()),
                    None if of_kind.is_empty() => (false, "not requested".to_owned()),
                    None => (false, "rejected".to_owned()),
                }
            }
        };
        GateResult { check: gate.to_string(), passed, detail }
    }

    /// Earned value of a cost code's subtree (or the whole project) at the end of
    /// `status_date`, on the project's calendar.
    pub fn earned_value(&self, code: Option<&str>, status_date: NaiveDate) -> Result<crate::evm::EarnedValue> {
        self.cost_centre()?.earned_value(code, status_date, &self.calendar)
    }

    /// The cost centre, or an error naming the project when no breakdown is defined yet.
    pub fn cost_centre(&self) -> Result<&CostCentre> {
        self.cost.as_ref().ok_or_else(|| Error::invalid_field("cost breakdown", format!("project {} has no cost breakdown yet", self.id)))
    }

    /// Earned schedule of a cost code's subtree (or the whole project) in periods of `kind`,
    /// at the end of `status_date`.
    pub fn earned_schedule(&self, code: Option<&str>, status_date: NaiveDate, kind: crate::PeriodKind) -> Result<crate::evm::EarnedSchedule> {
        self.cost_centre()?.earned_schedule(code, status_date, kind, &self.calendar)
    }

    /// Time spent in each phase visited, up to `as_of` (or the cancellation), in calendar days
    /// and in working days of the project calendar (dates taken in UTC).
    pub fn phase_durations(&self, as_of: DateTime<Utc>) -> Result<Vec<PhaseDuration>> {
        let cancelled_at = self
            .history
            .iter()
            .rev()
            .find(|r| r.kind == ChangeKind::Status && r.to == Status::Cancelled.name())
            .map(|r| r.at);
        let end_of_all = cancelled_at.map_or(as_of, |at| at.min(as_of));
        let entries: Vec<&HistoryRecord> =
            self.history.iter().filter(|r| r.kind != ChangeKind::Status && r.at <= end_of_all).collect();
        let mut durations: Vec<PhaseDuration> = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let end = entries.get(i + 1).map_or(end_of_all, |next| next.at);
            let (from, to) = (entry.at.date_naive(), end.date_naive());
            let calendar_days = (to - from).num_days();
            let working_days = self.calendar.working_days_between(from, to)?;
            match durations.iter_mut().find(|d| d.phase == entry.to) {
                Some(d) => {
                    d.visits += 1;
                    d.calendar_days += calendar_days;
                    d.working_days += working_days;
                }
                None => durations.push(PhaseDuration { phase: entry.to.clone(), visits: 1, calendar_days, working_days }),
            }
        }
        Ok(durations)
    }

    fn record(&mut self, event: &Event, kind: ChangeKind, from: String, to: String, reason: &str, gates: Vec<GateResult>) {
        self.history.push(HistoryRecord { at: event.recorded_at, actor: event.actor.clone(), kind, from, to, reason: reason.to_owned(), gates });
    }

    fn not_allowed(&self, to: &str, reason: &str) -> Error {
        Error::TransitionNotAllowed {
            project_id: self.id.to_string(),
            from: self.phase.clone(),
            to: to.to_owned(),
            reason: reason.to_owned(),
        }
    }

    /// Cancelled projects and projects in a terminal phase take no more moves.
    fn check_not_finished(&self, to: &str) -> Result<()> {
        if self.status == Status::Cancelled {
            return Err(self.not_allowed(to, "the project is cancelled"));
        }
        if self.workflow.is_terminal(&self.phase) {
            return Err(self.not_allowed(to, &format!("the project is {} (a terminal phase)", self.phase)));
        }
        Ok(())
    }
}

/// An event that broke a rule only once journals were merged (two devices, each valid on
/// its own). It stays in the journal and is reported here instead of being dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub event_id: EventId,
    pub error: Error,
}

/// All projects of a journal, and the conflicts found while folding it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Portfolio {
    projects: BTreeMap<ProjectId, Project>,
    codes: BTreeMap<String, ProjectId>,
    conflicts: Vec<Conflict>,
    day_work: DayWork,
}

impl Portfolio {
    /// Folds events (already in canonical order); events that break a rule become conflicts.
    pub(crate) fn fold<'a>(events: impl IntoIterator<Item = &'a Event>) -> Portfolio {
        let mut portfolio = Portfolio::default();
        for event in events {
            if let Err(error) = portfolio.apply(event) {
                portfolio.conflicts.push(Conflict { event_id: event.id.clone(), error });
            }
        }
        portfolio
    }

    /// Applies one event: checks every rule first, then changes the state, so a refused
    /// event leaves it as it was.
    pub(crate) fn apply(&mut self, event: &Event) -> Result<()> {
        if let Payload::ProjectCreated { project_id, name, code, currency, calendar } = &event.payload {
            return self.create(event, project_id, name, code, *currency, calendar);
        }
        let project_id = event.payload.project_id();
        let Some(project) = self.projects.get(project_id) else {
            return Err(Error::UnknownProject { project_id: project_id.to_string() });
        };
        let actor = &event.actor;
        match &event.payload {
            Payload::ProjectCreated { .. } => Ok(()),
            Payload::CostBreakdownDefined { .. }
            | Payload::BudgetLinesSet { .. }
            | Payload::BaselineLocked { .. }
            | Payload::CostDocumentDrafted { .. }
            | Payload::CostDocumentMoved { .. }
            | Payload::CostRecorded { .. }
            | Payload::BudgetControlSet { .. }
            | Payload::ForecastSet { .. }
            | Payload::ContractValueSet { .. }
            | Payload::RevenueRecorded { .. }
            | Payload::WorkPackageScheduled { .. }
            | Payload::ProgressRecorded { .. } => self.apply_cost(event),
            Payload::WorkerRegistered { .. }
            | Payload::LabourRateSet { .. }
            | Payload::OvertimePolicySet { .. }
            | Payload::DayWorkRecorded { .. }
            | Payload::DayWorkReversed { .. }
            | Payload::DayWorkMoved { .. }
            | Payload::DayWorkPeriodLocked { .. }
            | Payload::WageDeductionRecorded { .. } => self.apply_day_work(event),
            Payload::ProjectSettingsChanged { name, code, calendar, .. } => {
                project.require(actor, Action::EditProject)?;
                if name.is_none() && code.is_none() && calendar.is_none() {
                    return Err(Error::invalid_field("settings", "the change names no setting to change"));
                }
                if let Some(name) = name {
                    check_text("project name", name)?;
                }
                if let Some(code) = code {
                    self.check_code(code, project_id)?;
                }
                if let Some(calendar) = calendar {
                    // Day work not yet fixed is costed by the new calendar (or nothing changes).
                    let old = std::mem::replace(&mut self.project_mut(project_id)?.calendar, (**calendar).clone());
                    if let Err(error) = self.day_work.recost_project(project_id, &self.projects) {
                        self.project_mut(project_id)?.calendar = old;
                        return Err(error);
                    }
                }
                let project = self.project_mut(project_id)?;
                let old_code = code.as_ref().map(|code| std::mem::replace(&mut project.code, code.clone()));
                if let Some(name) = name {
                    project.name.clone_from(name);
                }
                project.updated_at = event.recorded_at;
                if let (Some(old), Some(new)) = (old_code, code) {
                    self.codes.remove(&old);
                    self.codes.insert(new.clone(), project_id.clone());
                }
                Ok(())
            }
            Payload::WorkflowChanged { workflow, .. } => {
                project.require(actor, Action::EditWorkflow)?;
                if workflow.phase(&project.phase).is_none() {
                    return Err(Error::InvalidWorkflow {
                        problems: vec![format!("the project's current phase {:?} is not in workflow {:?}", project.phase, workflow.name())],
                    });
                }
                let project = self.project_mut(project_id)?;
                project.workflow = (**workflow).clone();
                project.updated_at = event.recorded_at;
                Ok(())
            }
            Payload::PhaseChanged { to, reason, .. } => {
                project.require(actor, Action::Transition)?;
                project.check_not_finished(to)?;
                if project.status == Status::OnHold {
                    return Err(project.not_allowed(to, "the project is on hold; resume it first"));
                }
                let Some(transition) = project.workflow.transition(&project.phase, to) else {
                    return Err(project.not_allowed(to, &format!("workflow {:?} has no such transition", project.workflow.name())));
                };
                if let Some(role) = &transition.role
                    && !project.members.get(actor).is_some_and(|roles| roles.contains(role))
                {
                    return Err(Error::PermissionDenied {
                        actor: actor.to_string(),
                        permission: format!("hold role {role} to go from {} to {to}", project.phase),
                        project_id: project_id.to_string(),
                    });
                }
                let gates = project.evaluate_gates(&transition.gates);
                let failures: Vec<String> =
                    gates.iter().filter(|g| !g.passed).map(|g| format!("{}: {}", g.check, g.detail)).collect();
                if !failures.is_empty() {
                    return Err(Error::GateFailed { project_id: project_id.to_string(), from: project.phase.clone(), to: to.clone(), failures });
                }
                let kind = if transition.rework { ChangeKind::Rework } else { ChangeKind::Phase };
                let project = self.project_mut(project_id)?;
                let from = std::mem::replace(&mut project.phase, to.clone());
                project.record(event, kind, from, to.clone(), reason, gates);
                project.updated_at = event.recorded_at;
                Ok(())
            }
            Payload::StatusChanged { to, reason, .. } => {
                project.require(actor, Action::Transition)?;
                project.check_not_finished(to.name())?;
                let allowed = match to {
                    Status::OnHold => project.status == Status::Active,
                    Status::Active => project.status == Status::OnHold,
                    Status::Cancelled => true,
                };
                if !allowed {
                    return Err(Error::TransitionNotAllowed {
                        project_id: project_id.to_string(),
                        from: project.status.name().to_owned(),
                        to: to.name().to_owned(),
                        reason: format!("the project is {}", project.status.name()),
                    });
                }
                let project = self.project_mut(project_id)?;
                let from = std::mem::replace(&mut project.status, *to);
                project.record(event, ChangeKind::Status, from.name().to_owned(), to.name().to_owned(), reason, vec![]);
                project.updated_at = event.recorded_at;
                Ok(())
            }
            Payload::DeliverableRecorded { deliverable, reference, .. } => {
                project.require(actor, Action::RecordDeliverable)?;
                if !project.workflow.declares_deliverable(deliverable) {
                    return Err(Error::invalid_field("deliverable", format!("{deliverable:?} is on no checklist of workflow {:?}", project.workflow.name())));
                }
                let project = self.project_mut(project_id)?;
                project.deliverables.push(DeliverableRecord {
                    deliverable: deliverable.clone(),
                    phase: project.phase.clone(),
                    reference: reference.clone(),
                    recorded_by: actor.clone(),
                    recorded_at: event.recorded_at,
                });
                Ok(())
            }
            Payload::ApprovalRequested { approval_id, kind, note, .. } => {
                project.require(actor, Action::RequestApproval)?;
                check_text("approval id", approval_id)?;
                check_text("approval kind", kind)?;
                if project.approvals.contains_key(approval_id) {
                    return Err(Error::invalid_field("approval id", format!("{approval_id:?} is already used on this project")));
                }
                let record = ApprovalRecord {
                    approval_id: approval_id.clone(),
                    kind: kind.clone(),
                    note: note.clone(),
                    requested_by: actor.clone(),
                    requested_at: event.recorded_at,
                    approved: None,
                    decided_by: None,
                    decided_at: None,
                };
                self.project_mut(project_id)?.approvals.insert(approval_id.clone(), record);
                Ok(())
            }
            Payload::ApprovalDecided { approval_id, approved, .. } => {
                project.require(actor, Action::Approve)?;
                let Some(request) = project.approvals.get(approval_id) else {
                    return Err(Error::invalid_field("approval id", format!("no approval {approval_id:?} was requested")));
                };
                if request.approved.is_some() {
                    return Err(Error::invalid_field("approval id", format!("approval {approval_id:?} is already decided")));
                }
                if &request.requested_by == actor {
                    return Err(Error::SegregationOfDuties { actor: actor.to_string(), item: format!("approval {approval_id}") });
                }
                let project = self.project_mut(project_id)?;
                if let Some(request) = project.approvals.get_mut(approval_id) {
                    request.approved = Some(*approved);
                    request.decided_by = Some(actor.clone());
                    request.decided_at = Some(event.recorded_at);
                }
                Ok(())
            }
            Payload::RoleDefined { role, actions, .. } => {
                project.require(actor, Action::ManageAccess)?;
                check_text("role", role)?;
                if role == "owner" {
                    return Err(Error::invalid_field("role", "the owner role always grants every action"));
                }
                self.project_mut(project_id)?.roles.insert(role.clone(), actions.clone());
                Ok(())
            }
            Payload::RoleGranted { member, role, .. } => {
                project.require(actor, Action::ManageAccess)?;
                if !project.roles.contains_key(role) {
                    return Err(Error::invalid_field("role", format!("{role:?} is not a role of project {project_id}")));
                }
                self.project_mut(project_id)?.members.entry(member.clone()).or_default().insert(role.clone());
                Ok(())
            }
            Payload::RoleRevoked { member, role, .. } => {
                project.require(actor, Action::ManageAccess)?;
                if !project.members.get(member).is_some_and(|roles| roles.contains(role)) {
                    return Err(Error::invalid_field("role", format!("{member} does not hold {role:?}")));
                }
                let owners = project.members.values().filter(|roles| roles.contains("owner")).count();
                if role == "owner" && owners == 1 {
                    return Err(Error::invalid_field("role", "a project keeps at least one owner"));
                }
                let project = self.project_mut(project_id)?;
                if let Some(roles) = project.members.get_mut(member) {
                    roles.remove(role);
                    if roles.is_empty() {
                        project.members.remove(member);
                    }
                }
                Ok(())
            }
        }
    }

    /// A cost payload: the actor's permission (which, for a document, its kind decides), then
    /// the cost centre's own rules (Warn budget controls leave their warnings in the centre).
    fn apply_cost(&mut self, event: &Event) -> Result<()> {
        let Some(change) = event.payload.cost_change() else { return Ok(()) };
        let project_id = event.payload.project_id();
        let project = self.project_mut(project_id)?;
        project.require(&event.actor, change.required_action(project.cost.as_ref()))?;
        let recording =
            Recording { event_id: &event.id, actor: &event.actor, at: event.recorded_at, project_id: project_id.as_str(), calendar: &project.calendar };
        match (&mut project.cost, change) {
            (None, CostChange::Breakdown(breakdown)) => project.cost = Some(CostCentre::new(breakdown.clone(), project.currency)),
            (Some(centre), change) => {
                centre.apply(change, &recording)?;
            }
            (None, _) => {
                return Err(Error::invalid_field("cost breakdown", format!("project {project_id} has no cost breakdown yet; define it first")));
            }
        }
        project.updated_at = event.recorded_at;
        Ok(())
    }

    /// A day-work payload: the actor's permission, then the register's own rules. An approval
    /// posts its labour cost to the cost centre first, so a Stop budget refuses it whole.
    fn apply_day_work(&mut self, event: &Event) -> Result<()> {
        let Some(change) = event.payload.day_work_change() else { return Ok(()) };
        let project_id = event.payload.project_id();
        let project = self.projects.get(project_id).ok_or_else(|| Error::UnknownProject { project_id: project_id.to_string() })?;
        project.require(&event.actor, change.required_action())?;
        let origin = Origin { event_id: &event.id, actor: &event.actor, at: event.recorded_at };
        if let DayWorkChange::Move { entry_ids, to } = change {
            let lines = self.day_work.check_move(entry_ids, to, &event.actor, project_id)?;
            if !lines.is_empty() {
                let cost_id = format!("day-work:{}", event.id);
                let description = format!("day work approved: {} entries", entry_ids.len());
                let posting = CostChange::Record { cost_id: &cost_id, kind: CostKind::Labour, commitment_id: None, lines: &lines, description: &description, allow_over_commitment: false };
                let project = self.project_mut(project_id)?;
                let recording = Recording { event_id: &event.id, actor: &event.actor, at: event.recorded_at, project_id: project_id.as_str(), calendar: &project.calendar };
                let centre = project.cost.as_mut().ok_or_else(|| Error::invalid_field("cost breakdown", format!("project {project_id} has no cost breakdown yet")))?;
                centre.apply(posting, &recording)?;
            }
            self.day_work.commit_move(entry_ids, to, &origin, &self.projects)?;
        } else {
            self.day_work.apply(&change, &origin, project_id, &self.projects)?;
        }
        self.project_mut(project_id)?.updated_at = event.recorded_at;
        Ok(())
    }

    /// The day-work register of the portfolio.
    #[must_use]
    pub fn day_work(&self) -> &DayWork {
        &self.day_work
    }

    /// A day-work summary (see [`DayWork::summary`]).
    pub fn day_work_summary(&self, by: &[Dimension], filter: &EntryFilter) -> Result<Vec<DayWorkRow>> {
        self.day_work.summary(by, filter, &self.projects)
    }

    /// A project's wage ledger (see [`DayWork::wage_ledger`]).
    pub fn wage_ledger(&self, project_id: &ProjectId, month: Option<NaiveDate>, as_of: NaiveDate, reveal_id_numbers: bool) -> Result<Vec<WageLedgerRow>> {
        let project = self.project(project_id).ok_or_else(|| Error::UnknownProject { project_id: project_id.to_string() })?;
        self.day_work.wage_ledger(project, month, as_of, reveal_id_numbers)
    }

    fn create(&mut self, event: &Event, project_id: &ProjectId, name: &str, code: &str, currency: Currency, calendar: &WorkCalendar) -> Result<()> {
        if self.projects.contains_key(project_id) {
            return Err(Error::ProjectAlreadyExists { project_id: project_id.to_string() });
        }
        check_text("project name", name)?;
        self.check_code(code, project_id)?;
        let workflow = Workflow::standard()?;
        let phase = workflow.initial().to_owned();
        let mut project = Project {
            id: project_id.clone(),
            name: name.to_owned(),
            code: code.to_owned(),
            currency,
            calendar: calendar.clone(),
            created_at: event.recorded_at,
            created_by: event.actor.clone(),
            updated_at: event.recorded_at,
            workflow,
            phase: phase.clone(),
            status: Status::Active,
            history: Vec::new(),
            deliverables: Vec::new(),
            approvals: BTreeMap::new(),
            roles: standard_roles(),
            members: BTreeMap::from([(event.actor.clone(), BTreeSet::from(["owner".to_owned()]))]),
            cost: None,
        };
        project.record(event, ChangeKind::Created, String::new(), phase, "", vec![]);
        self.codes.insert(code.to_owned(), project_id.clone());
        self.projects.insert(project_id.clone(), project);
        Ok(())
    }

    fn project_mut(&mut self, id: &ProjectId) -> Result<&mut Project> {
        self.projects.get_mut(id).ok_or_else(|| Error::UnknownProject { project_id: id.to_string() })
    }

    fn check_code(&self, code: &str, project_id: &ProjectId) -> Result<()> {
        check_text("project code", code)?;
        match self.codes.get(code) {
            Some(existing) if existing != project_id => {
                Err(Error::DuplicateProjectCode { code: code.to_owned(), existing_project_id: existing.to_string() })
            }
            _ => Ok(()),
        }
    }

    /// One project by id.
    #[must_use]
    pub fn project(&self, id: &ProjectId) -> Option<&Project> {
        self.projects.get(id)
    }

    /// Every project, ordered by id.
    pub fn projects(&self) -> impl Iterator<Item = &Project> {
        self.projects.values()
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
        let mut found: Vec<(&Project, &HistoryRecord)> = self
            .projects
            .values()
            .flat_map(|p| p.history.iter().map(move |r| (p, r)))
            .filter(|(_, r)| r.kind != ChangeKind::Created && (from..=to).contains(&r.at.date_naive()))
            .collect();
        found.sort_by(|a, b| (a.1.at, &a.0.id).cmp(&(b.1.at, &b.0.id)));
        found
    }

    /// How many projects are in each phase, by status, ordered by phase id.
    #[must_use]
    pub fn phase_counts(&self) -> Vec<PhaseCount> {
        let mut counts: BTreeMap<&str, PhaseCount> = BTreeMap::new();
        for project in self.projects.values() {
            let count = counts.entry(&project.phase).or_insert_with(|| PhaseCount { phase: project.phase.clone(), ..PhaseCount::default() });
            match project.status {
                Status::Active => count.active += 1,
                Status::OnHold => count.on_hold += 1,
                Status::Cancelled => count.cancelled += 1,
            }
        }
        counts.into_values().collect()
    }
}

/// Ids and names: non-empty text without control characters.
pub(crate) fn check_text(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() || value.chars().any(char::is_control) {
        return Err(Error::invalid_field(field, format!("{value:?} must be non-empty text without control characters")));
    }
    Ok(())
}
