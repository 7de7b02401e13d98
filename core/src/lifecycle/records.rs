//! The records a project keeps: its history of changes, deliverables, approvals, and the
//! outcome of each gate at a transition.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ActorId;

/// One gate's outcome at a transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct GateResult {
    /// What was checked (`"deliverable feasibility_report"`).
    pub check: String,
    /// Whether it passed.
    pub passed: bool,
    /// What was found.
    pub detail: String,
}
crate::persist::persist_struct!(GateResult { check, passed, detail });


/// What a history record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The project was created (into the workflow's initial phase).
    Created,
    /// Phase to phase, forward.
    Phase,
    /// Phase to phase, back for rework.
    Rework,
    /// Status change: hold, resume, cancel.
    Status,
}
crate::persist::persist_enum!(ChangeKind { 0 => Created, 1 => Phase, 2 => Rework, 3 => Status });


impl ChangeKind {
    #[must_use]
    /// The kind as a word (`created`, `phase`, `status`, …).
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Phase => "phase",
            ChangeKind::Rework => "rework",
            ChangeKind::Status => "status",
        }
    }
}

/// One entry of a project's history: who moved it from where to where, when and why, and
/// the gates it passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct HistoryRecord {
    #[serde(serialize_with = "crate::wire::instant")]
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it.
    pub actor: ActorId,
    /// A phase or a status change.
    pub kind: ChangeKind,
    /// The phase (or status) before.
    pub from: String,
    /// The phase (or status) after.
    pub to: String,
    /// Why.
    pub reason: String,
    /// The gates checked on the way, passed ones included.
    pub gates: Vec<GateResult>,
}
crate::persist::persist_struct!(HistoryRecord { at, actor, kind, from, to, reason, gates });


/// A deliverable recorded for a project: what, in which phase, by whom, when, and a reference
/// (document number, link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct DeliverableRecord {
    /// The deliverable.
    pub deliverable: String,
    /// The phase it was recorded in.
    pub phase: String,
    /// Where it can be found.
    pub reference: String,
    /// Who recorded it.
    pub recorded_by: ActorId,
    #[serde(serialize_with = "crate::wire::instant")]
    /// When.
    pub recorded_at: DateTime<Utc>,
}
crate::persist::persist_struct!(DeliverableRecord { deliverable, phase, reference, recorded_by, recorded_at });


/// An approval asked for, and its decision once made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct ApprovalRecord {
    /// The approval's id.
    pub approval_id: String,
    /// The kind a gate can require (e.g. "project_approval").
    pub kind: String,
    /// What was asked.
    pub note: String,
    /// Who asked.
    pub requested_by: ActorId,
    #[serde(serialize_with = "crate::wire::instant")]
    /// When.
    pub requested_at: DateTime<Utc>,
    /// `Some(true)` approved, `Some(false)` rejected, `None` pending.
    pub approved: Option<bool>,
    /// Who decided, once decided.
    pub decided_by: Option<ActorId>,
    #[serde(serialize_with = "crate::wire::instant_opt")]
    /// When it was decided.
    pub decided_at: Option<DateTime<Utc>>,
}
crate::persist::persist_struct!(ApprovalRecord { approval_id, kind, note, requested_by, requested_at, approved, decided_by, decided_at });

