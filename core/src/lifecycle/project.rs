//! A project as its lifecycle keeps it: identity and settings, workflow, phase and status,
//! access (roles and members) and its records.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::records::{ApprovalRecord, ChangeKind, DeliverableRecord, GateResult, HistoryRecord};
use super::{Action, Gate, Status, Workflow};
use crate::scope::{Origin, ProjectScope};
use crate::{ActorId, Currency, Error, ProjectId, Result, WorkCalendar};

/// Where an item of a review checklist stands (the review's records live above the lifecycle,
/// in governance: the fold hands them to a transition through [`GateFacts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemState {
    /// Nothing recorded yet.
    Open,
    /// Passed by a reviewer, with the evidence.
    Passed {
        /// Who passed it.
        by: String,
        /// The evidence reference.
        evidence: String,
    },
    /// An exemption was asked for and is not decided.
    ExemptionRequested,
    /// An exemption was approved.
    Exempted {
        /// Who approved it.
        by: String,
    },
    /// An exemption was refused (the item stays to pass).
    ExemptionRefused,
}

impl ItemState {
    /// True when the item no longer holds a transition back.
    #[must_use]
    pub fn is_met(&self) -> bool {
        matches!(self, ItemState::Passed { .. } | ItemState::Exempted { .. })
    }
}

/// What a transition's gates read from the domains above the lifecycle.
pub trait GateFacts {
    /// Where an item of a project's review stands.
    fn review_item(&self, project_id: &ProjectId, review: &str, item: &str) -> ItemState;
}

/// No facts beyond the lifecycle's own: every review item is open.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFacts;

impl GateFacts for NoFacts {
    fn review_item(&self, _: &ProjectId, _: &str, _: &str) -> ItemState {
        ItemState::Open
    }
}

/// A project as of the last event applied to it.
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
/// use projectledger::lifecycle::{Action, Status};
/// // Leaving initiation needs the feasibility report and an approved project approval.
/// let to_design = LifecycleEvent::PhaseChanged { project_id: p1.clone(), to: "design_procurement".into(), reason: String::new() };
/// let refused = journal.record(events.event("pm-li", to_design)?).unwrap_err();
/// assert_eq!(refused.kind(), "GateFailed");
/// let project = journal.state().project(&p1).unwrap();
/// assert_eq!((project.phase.as_str(), project.status), ("initiation", Status::Active));
/// assert!(project.permits(&"pm-li".parse()?, Action::ApprovePayment));   // its creator is its owner
/// assert_eq!(project.history.len(), 1);                                  // created; nothing moved
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct Project {
    /// The project's id.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// Its code, unique in the portfolio.
    pub code: String,
    /// Fixed at creation: every amount of the project is in this currency.
    pub currency: Currency,
    /// Its working calendar.
    pub calendar: WorkCalendar,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Who created it.
    pub created_by: ActorId,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Its phases and the transitions between them (one copy shared by the projects that
    /// follow the same workflow, as every new project follows the standard one).
    pub workflow: std::sync::Arc<Workflow>,
    /// The current phase (an id of the workflow's phases).
    pub phase: String,
    /// Active, on hold or cancelled.
    pub status: Status,
    /// Creation, every phase change and every status change, in order.
    pub history: Vec<HistoryRecord>,
    /// The deliverables recorded, in order.
    pub deliverables: Vec<DeliverableRecord>,
    /// Approvals by id.
    pub approvals: BTreeMap<String, ApprovalRecord>,
    /// Roles by name: the actions each grants (the standard roles are one copy shared by
    /// every project until one defines its own).
    pub roles: std::sync::Arc<BTreeMap<String, BTreeSet<Action>>>,
    /// Members and their roles.
    pub members: BTreeMap<ActorId, BTreeSet<String>>,
    /// What each member may do: the actions of all their roles, a bit per action — kept with
    /// `members` and `roles` ([`Project::regrant`], and again when read from a snapshot), read
    /// by the permission check of every event.
    #[serde(skip)]
    pub(super) grants: BTreeMap<ActorId, u32>,
}
/// Written field by field but for the grants: they follow from members and roles, and are
/// worked out again when read.
impl crate::persist::Persist for Project {
    fn write(&self, out: &mut crate::persist::Writer) {
        let Project { id, name, code, currency, calendar, created_at, created_by, updated_at, workflow, phase, status, history, deliverables, approvals, roles, members, grants: _ } = self;
        id.write(out);
        name.write(out);
        code.write(out);
        currency.write(out);
        calendar.write(out);
        created_at.write(out);
        created_by.write(out);
        updated_at.write(out);
        workflow.write(out);
        phase.write(out);
        status.write(out);
        history.write(out);
        deliverables.write(out);
        approvals.write(out);
        roles.write(out);
        members.write(out);
    }
    fn read(input: &mut crate::persist::Reader<'_>) -> crate::persist::Read<Project> {
        use crate::persist::Persist as P;
        let mut project = Project { id: P::read(input)?, name: P::read(input)?, code: P::read(input)?, currency: P::read(input)?, calendar: P::read(input)?, created_at: P::read(input)?, created_by: P::read(input)?, updated_at: P::read(input)?, workflow: P::read(input)?, phase: P::read(input)?, status: P::read(input)?, history: P::read(input)?, deliverables: P::read(input)?, approvals: P::read(input)?, roles: P::read(input)?, members: P::read(input)?, grants: BTreeMap::new() };
        project.regrant();
        Ok(project)
    }
}

/// An action's bit in a member's grants.
fn bit(action: Action) -> u32 {
    1u32.checked_shl(action as u32).unwrap_or(0)
}


/// Calendar and working days a project spent in one phase (all visits together).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PhaseDuration {
    /// The phase.
    pub phase: String,
    /// How many times the project entered it.
    pub visits: usize,
    /// Calendar days spent in it, all visits together.
    pub calendar_days: i64,
    /// Working days spent in it, by the project's calendar.
    pub working_days: i64,
}

/// How many projects are in a phase, by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PhaseCount {
    /// The phase.
    pub phase: String,
    /// Active projects in it.
    pub active: usize,
    /// Projects on hold in it.
    pub on_hold: usize,
    /// Cancelled projects that stopped in it.
    pub cancelled: usize,
}

impl Project {
    /// The project as the domains see it: id, currency, calendar.
    #[must_use]
    pub fn scope(&self) -> ProjectScope<'_> {
        ProjectScope { id: &self.id, currency: self.currency, calendar: &self.calendar }
    }

    /// True when the actor holds a role granting the action.
    #[must_use]
    pub fn permits(&self, actor: &ActorId, action: Action) -> bool {
        self.grants.get(actor).is_some_and(|bits| bits & bit(action) != 0)
    }

    /// Works out each member's grants again, after a change of members or roles.
    pub(crate) fn regrant(&mut self) {
        let grants = self.members.iter().map(|(member, roles)| {
            let bits = roles.iter().filter_map(|role| self.roles.get(role)).flatten().fold(0, |bits, action| bits | bit(*action));
            (member.clone(), bits)
        });
        self.grants = grants.collect();
    }

    pub(crate) fn require(&self, actor: &ActorId, action: Action) -> Result<()> {
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

    /// Every gate of a transition, evaluated against the project now (reviews read from `facts`).
    #[must_use]
    pub fn evaluate_gates(&self, gates: &[Gate], facts: &dyn GateFacts) -> Vec<GateResult> {
        gates.iter().map(|gate| self.evaluate_gate(gate, facts)).collect()
    }

    fn evaluate_gate(&self, gate: &Gate, facts: &dyn GateFacts) -> GateResult {
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
            Gate::Review { review, items } => {
                let unmet: Vec<String> = items
                    .iter()
                    .filter_map(|i| {
                        let why = match facts.review_item(&self.id, review, &i.item) {
                            state if state.is_met() => return None,
                            ItemState::ExemptionRequested => "exemption asked, not decided",
                            ItemState::ExemptionRefused => "exemption refused",
                            _ => "open",
                        };
                        Some(format!("{} ({why}; passed by {})", i.item, i.role))
                    })
                    .collect();
                if unmet.is_empty() { (true, format!("all {} items met", items.len())) } else { (false, format!("unmet: {}", unmet.join(", "))) }
            }
        };
        GateResult { check: gate.to_string(), passed, detail }
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
            let end = i.checked_add(1).and_then(|next| entries.get(next)).map_or(end_of_all, |next| next.at);
            let (from, to) = (entry.at.date_naive(), end.date_naive());
            let calendar_days = to.signed_duration_since(from).num_days();
            let working_days = self.calendar.working_days_between(from, to)?;
            match durations.iter_mut().find(|d| d.phase == entry.to) {
                Some(d) => {
                    // Days within the years 1 to 9999 and visits counted one per record.
                    d.visits = d.visits.saturating_add(1);
                    d.calendar_days = d.calendar_days.saturating_add(calendar_days);
                    d.working_days = d.working_days.saturating_add(working_days);
                }
                None => durations.push(PhaseDuration { phase: entry.to.clone(), visits: 1, calendar_days, working_days }),
            }
        }
        Ok(durations)
    }

    pub(crate) fn record(&mut self, origin: &Origin<'_>, kind: ChangeKind, from: String, to: String, reason: &str, gates: Vec<GateResult>) {
        self.history.push(HistoryRecord { at: origin.at, actor: origin.actor.clone(), kind, from, to, reason: reason.to_owned(), gates });
    }

    pub(crate) fn not_allowed(&self, to: &str, reason: &str) -> Error {
        Error::TransitionNotAllowed {
            project_id: self.id.to_string(),
            from: self.phase.clone(),
            to: to.to_owned(),
            reason: reason.to_owned(),
        }
    }

    /// Cancelled projects and projects in a terminal phase take no more moves.
    pub(crate) fn check_not_finished(&self, to: &str) -> Result<()> {
        if self.status == Status::Cancelled {
            return Err(self.not_allowed(to, "the project is cancelled"));
        }
        if self.workflow.is_terminal(&self.phase) {
            return Err(self.not_allowed(to, &format!("the project is {} (a terminal phase)", self.phase)));
        }
        Ok(())
    }
}
