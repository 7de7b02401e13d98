//! Project lifecycle: each project's settings, workflow, phase and status, access by role,
//! and its records (history, deliverables, approvals).
//!
//! - Every rule is checked before anything changes: the actor's permission first, then the
//!   status (on hold blocks all but resume and cancel; cancelled and terminal phases take
//!   nothing), then the workflow's transition, its role and its gates.
//! - A project's code is unique in the portfolio; its currency never changes.
//! - Whoever requests an approval may not decide it (segregation of duties).

mod access;
mod project;
pub mod records;
mod workflow;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use access::{standard_roles, Action, StandardRole};
pub use project::{PhaseCount, PhaseDuration, Project};
pub use records::{ApprovalRecord, ChangeKind, DeliverableRecord, GateResult, HistoryRecord};
pub use workflow::{Gate, Phase, ReviewItem, Status, Transition, Workflow};
pub use project::{GateFacts, ItemState, NoFacts};

use crate::scope::{unknown_project, Origin, ProjectScope, ProjectScopes};
use crate::text::{check_id, check_text};
use crate::{ActorId, Currency, Error, EventId, GateFailure, ProjectId, Result, WorkCalendar};

/// What happens in a project's lifecycle (the payloads of the journal's lifecycle events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum LifecycleEvent {
    /// A project is created with its currency (fixed) and calendar. (Calendars are boxed:
    /// they are large and rare, and every journal entry holds a payload.)
    ProjectCreated {
        /// The new project's id.
        project_id: ProjectId,
        /// Its name.
        name: String,
        /// Its code, unique in the portfolio.
        code: String,
        /// Its currency, fixed for its life.
        currency: Currency,
        /// Its working calendar.
        calendar: Box<WorkCalendar>,
    },
    /// Some settings of a project change; absent fields stay as they are.
    ProjectSettingsChanged {
        /// The project.
        project_id: ProjectId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// A new name.
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// A new code.
        code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// A new calendar (day work already recorded is re-costed on it).
        calendar: Option<Box<WorkCalendar>>,
    },
    /// The project's workflow is replaced; its current phase must be in the new one.
    WorkflowChanged {
        /// The project.
        project_id: ProjectId,
        /// The new workflow.
        workflow: Box<Workflow>,
    },
    /// The project moves to another phase, through the workflow's gates.
    PhaseChanged {
        /// The project.
        project_id: ProjectId,
        /// The phase to move to.
        to: String,
        #[serde(default)]
        /// Why.
        reason: String,
    },
    /// Hold, resume or cancel.
    StatusChanged {
        /// The project.
        project_id: ProjectId,
        /// The status to take.
        to: Status,
        #[serde(default)]
        /// Why.
        reason: String,
    },
    /// A deliverable of the checklist is recorded (the phase is the project's current one).
    DeliverableRecorded {
        /// The project.
        project_id: ProjectId,
        /// The deliverable, one of the current phase's checklist.
        deliverable: String,
        #[serde(default)]
        /// Where it can be found (a document number, a link).
        reference: String,
    },
    /// An approval is asked for; a gate may require its kind.
    ApprovalRequested {
        /// The project.
        project_id: ProjectId,
        /// The approval's id, unique in the project.
        approval_id: String,
        /// Its kind (`project_approval`), the name gates refer to.
        kind: String,
        #[serde(default)]
        /// What is asked.
        note: String,
    },
    /// An approval is decided, by someone other than who asked for it.
    ApprovalDecided {
        /// The project.
        project_id: ProjectId,
        /// The approval decided.
        approval_id: String,
        /// Approved, or rejected.
        approved: bool,
        #[serde(default)]
        /// Why.
        note: String,
    },
    /// A role is defined (or redefined) as a set of actions.
    RoleDefined {
        /// The project.
        project_id: ProjectId,
        /// The role's name.
        role: String,
        /// What its members may do.
        actions: BTreeSet<Action>,
    },
    /// A member is given a role.
    RoleGranted {
        /// The project.
        project_id: ProjectId,
        /// The member.
        member: ActorId,
        /// The role.
        role: String,
    },
    /// A member loses a role.
    RoleRevoked {
        /// The project.
        project_id: ProjectId,
        /// The member.
        member: ActorId,
        /// The role.
        role: String,
    },
    /// A conflict (an event the union of two journals refused) is settled: what it dropped
    /// was re-recorded, corrected, or let go, as the note says. By whoever recorded the
    /// refused event, or a member who may approve.
    ConflictSettled {
        /// The project of the refused event.
        project_id: ProjectId,
        /// The refused event.
        event_id: EventId,
        /// How it was settled ("re-recorded as E17-b with 8 h", "duplicate of …").
        note: String,
    },
}
crate::persist::persist_enum!(LifecycleEvent { 0 => ProjectCreated { project_id, name, code, currency, calendar }, 1 => ProjectSettingsChanged { project_id, name, code, calendar }, 2 => WorkflowChanged { project_id, workflow }, 3 => PhaseChanged { project_id, to, reason }, 4 => StatusChanged { project_id, to, reason }, 5 => DeliverableRecorded { project_id, deliverable, reference }, 6 => ApprovalRequested { project_id, approval_id, kind, note }, 7 => ApprovalDecided { project_id, approval_id, approved, note }, 8 => RoleDefined { project_id, role, actions }, 9 => RoleGranted { project_id, member, role }, 10 => RoleRevoked { project_id, member, role }, 11 => ConflictSettled { project_id, event_id, note } });


impl LifecycleEvent {
    /// A project is created with its name, code (unique in the portfolio), currency (fixed)
    /// and calendar.
    #[must_use]
    pub fn project_created(project_id: &ProjectId, name: &str, code: &str, currency: Currency, calendar: WorkCalendar) -> LifecycleEvent {
        LifecycleEvent::ProjectCreated { project_id: project_id.clone(), name: name.to_owned(), code: code.to_owned(), currency, calendar: Box::new(calendar) }
    }

    /// Every event's `type` tag, as the journal writes it.
    pub const TAGS: &'static [&'static str] = &[
        "project_created",
        "project_settings_changed",
        "workflow_changed",
        "phase_changed",
        "status_changed",
        "deliverable_recorded",
        "approval_requested",
        "approval_decided",
        "role_defined",
        "role_granted",
        "role_revoked",
        "conflict_settled",
    ];

    /// The project the event is about.
    #[must_use]
    pub fn project_id(&self) -> &ProjectId {
        match self {
            LifecycleEvent::ProjectCreated { project_id, .. }
            | LifecycleEvent::ProjectSettingsChanged { project_id, .. }
            | LifecycleEvent::WorkflowChanged { project_id, .. }
            | LifecycleEvent::PhaseChanged { project_id, .. }
            | LifecycleEvent::StatusChanged { project_id, .. }
            | LifecycleEvent::DeliverableRecorded { project_id, .. }
            | LifecycleEvent::ApprovalRequested { project_id, .. }
            | LifecycleEvent::ApprovalDecided { project_id, .. }
            | LifecycleEvent::RoleDefined { project_id, .. }
            | LifecycleEvent::RoleGranted { project_id, .. }
            | LifecycleEvent::RoleRevoked { project_id, .. }
            | LifecycleEvent::ConflictSettled { project_id, .. } => project_id,
        }
    }
}

/// Every project of the portfolio, and which project holds each code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ProjectRegister {
    projects: crate::collections::LookupMap<ProjectId, Project>,
    codes: BTreeMap<String, ProjectId>,
}
crate::persist::persist_struct!(ProjectRegister { projects, codes });


impl ProjectRegister {
    /// Applies one lifecycle event: checks every rule first, then changes the register, so a
    /// refused event leaves it as it was.
    pub(crate) fn apply(&mut self, origin: &Origin<'_>, event: &LifecycleEvent, facts: &dyn GateFacts) -> Result<()> {
        if let LifecycleEvent::ProjectCreated { project_id, name, code, currency, calendar } = event {
            return self.create(origin, project_id, name, code, *currency, calendar);
        }
        let project_id = event.project_id();
        let project = self.get(project_id)?;
        let actor = origin.actor;
        match event {
            LifecycleEvent::ProjectCreated { .. } => Ok(()),
            LifecycleEvent::ProjectSettingsChanged { name, code, calendar, .. } => {
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
                let project = self.project_mut(project_id)?;
                if let Some(calendar) = calendar {
                    project.calendar = (**calendar).clone();
                }
                let old_code = code.as_ref().map(|code| std::mem::replace(&mut project.code, code.clone()));
                if let Some(name) = name {
                    project.name.clone_from(name);
                }
                project.updated_at = origin.at;
                if let (Some(old), Some(new)) = (old_code, code) {
                    self.codes.remove(&old);
                    self.codes.insert(new.clone(), project_id.clone());
                }
                Ok(())
            }
            LifecycleEvent::WorkflowChanged { workflow, .. } => {
                project.require(actor, Action::EditWorkflow)?;
                if workflow.phase(&project.phase).is_none() {
                    return Err(Error::InvalidWorkflow {
                        problems: vec![format!("the project's current phase {:?} is not in workflow {:?}", project.phase, workflow.name())],
                    });
                }
                let project = self.project_mut(project_id)?;
                project.workflow = std::sync::Arc::new((**workflow).clone());
                project.updated_at = origin.at;
                Ok(())
            }
            LifecycleEvent::PhaseChanged { to, reason, .. } => {
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
                let gates = project.evaluate_gates(&transition.gates, facts);
                let failures: Vec<GateFailure> =
                    gates.iter().filter(|g| !g.passed).map(|g| GateFailure { check: g.check.clone(), detail: g.detail.clone() }).collect();
                if !failures.is_empty() {
                    return Err(Error::GateFailed { project_id: project_id.to_string(), from: project.phase.clone(), to: to.clone(), failures });
                }
                let kind = if transition.rework { ChangeKind::Rework } else { ChangeKind::Phase };
                let project = self.project_mut(project_id)?;
                let from = std::mem::replace(&mut project.phase, to.clone());
                project.record(origin, kind, from, to.clone(), reason, gates);
                project.updated_at = origin.at;
                Ok(())
            }
            LifecycleEvent::StatusChanged { to, reason, .. } => {
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
                project.record(origin, ChangeKind::Status, from.name().to_owned(), to.name().to_owned(), reason, vec![]);
                project.updated_at = origin.at;
                Ok(())
            }
            LifecycleEvent::DeliverableRecorded { deliverable, reference, .. } => {
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
                    recorded_at: origin.at,
                });
                Ok(())
            }
            LifecycleEvent::ApprovalRequested { approval_id, kind, note, .. } => {
                project.require(actor, Action::RequestApproval)?;
                check_id("approval id", approval_id)?;
                check_id("approval kind", kind)?;
                if project.approvals.contains_key(approval_id) {
                    return Err(Error::invalid_field("approval id", format!("{approval_id:?} is already used on this project")));
                }
                let record = ApprovalRecord {
                    approval_id: approval_id.clone(),
                    kind: kind.clone(),
                    note: note.clone(),
                    requested_by: actor.clone(),
                    requested_at: origin.at,
                    approved: None,
                    decided_by: None,
                    decided_at: None,
                };
                self.project_mut(project_id)?.approvals.insert(approval_id.clone(), record);
                Ok(())
            }
            LifecycleEvent::ApprovalDecided { approval_id, approved, .. } => {
                project.require(actor, Action::Approve)?;
                let Some(request) = project.approvals.get(approval_id) else {
                    return Err(Error::not_found("approval", approval_id, Some(project_id.as_str())));
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
                    request.decided_at = Some(origin.at);
                }
                Ok(())
            }
            LifecycleEvent::RoleDefined { role, actions, .. } => {
                project.require(actor, Action::ManageAccess)?;
                check_id("role", role)?;
                if role == "owner" {
                    return Err(Error::invalid_field("role", "the owner role always grants every action"));
                }
                let project = self.project_mut(project_id)?;
                std::sync::Arc::make_mut(&mut project.roles).insert(role.clone(), actions.clone());
                project.regrant();
                Ok(())
            }
            LifecycleEvent::RoleGranted { member, role, .. } => {
                project.require(actor, Action::ManageAccess)?;
                if !project.roles.contains_key(role) {
                    return Err(Error::invalid_field("role", format!("{role:?} is not a role of project {project_id}")));
                }
                let project = self.project_mut(project_id)?;
                project.members.entry(member.clone()).or_default().insert(role.clone());
                project.regrant();
                Ok(())
            }
            LifecycleEvent::RoleRevoked { member, role, .. } => {
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
                project.regrant();
                Ok(())
            }
            // The portfolio holds the conflicts and checks who may settle one; the project
            // only has to exist (it did, above).
            LifecycleEvent::ConflictSettled { .. } => Ok(()),
        }
    }

    /// Puts back a project as it was before an event whose reaction failed.
    pub(crate) fn restore(&mut self, before: Project) {
        if let Some(now) = self.projects.get(&before.id)
            && now.code != before.code
        {
            self.codes.remove(&now.code);
            self.codes.insert(before.code.clone(), before.id.clone());
        }
        self.projects.insert(before.id.clone(), before);
    }

    /// Marks a project changed by an event of another domain.
    pub(crate) fn touch(&mut self, id: &ProjectId, at: DateTime<Utc>) {
        if let Some(project) = self.projects.get_mut(id) {
            project.updated_at = at;
        }
    }

    /// One project, or [`Error::UnknownProject`].
    pub fn get(&self, id: &ProjectId) -> Result<&Project> {
        self.projects.get(id).ok_or_else(|| unknown_project(id))
    }

    fn create(&mut self, origin: &Origin<'_>, project_id: &ProjectId, name: &str, code: &str, currency: Currency, calendar: &WorkCalendar) -> Result<()> {
        if self.projects.contains_key(project_id) {
            return Err(Error::ProjectAlreadyExists { project_id: project_id.to_string() });
        }
        check_text("project name", name)?;
        self.check_code(code, project_id)?;
        let workflow = Workflow::standard_shared()?;
        let phase = workflow.initial().to_owned();
        let mut project = Project {
            id: project_id.clone(),
            name: name.to_owned(),
            code: code.to_owned(),
            currency,
            calendar: calendar.clone(),
            created_at: origin.at,
            created_by: origin.actor.clone(),
            updated_at: origin.at,
            workflow,
            phase: phase.clone(),
            status: Status::Active,
            history: Vec::new(),
            deliverables: Vec::new(),
            approvals: BTreeMap::new(),
            roles: access::standard_roles_shared(),
            members: BTreeMap::from([(origin.actor.clone(), BTreeSet::from(["owner".to_owned()]))]),
            grants: BTreeMap::new(),
        };
        project.regrant();
        project.record(origin, ChangeKind::Created, String::new(), phase, "", vec![]);
        self.codes.insert(code.to_owned(), project_id.clone());
        self.projects.insert(project_id.clone(), project);
        Ok(())
    }

    fn project_mut(&mut self, id: &ProjectId) -> Result<&mut Project> {
        self.projects.get_mut(id).ok_or_else(|| unknown_project(id))
    }

    fn check_code(&self, code: &str, project_id: &ProjectId) -> Result<()> {
        check_id("project code", code)?;
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
        self.projects.sorted_values()
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
                Status::Active => count.active = count.active.saturating_add(1),
                Status::OnHold => count.on_hold = count.on_hold.saturating_add(1),
                Status::Cancelled => count.cancelled = count.cancelled.saturating_add(1),
            }
        }
        counts.into_values().collect()
    }
}

impl ProjectScopes for ProjectRegister {
    fn scope(&self, id: &ProjectId) -> Result<ProjectScope<'_>> {
        Ok(self.get(id)?.scope())
    }
}
