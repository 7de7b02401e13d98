//! The records a project keeps: its history of changes, deliverables, approvals, and the
//! outcome of each gate at a transition.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ActorId;

/// One gate's outcome at a transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateResult {
    pub check: String,
    pub passed: bool,
    pub detail: String,
}

/// What a history record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

impl ChangeKind {
    #[must_use]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryRecord {
    #[serde(serialize_with = "crate::wire::instant")]
    pub at: DateTime<Utc>,
    pub actor: ActorId,
    pub kind: ChangeKind,
    pub from: String,
    pub to: String,
    pub reason: String,
    pub gates: Vec<GateResult>,
}

/// A deliverable recorded for a project: what, in which phase, by whom, when, and a reference
/// (document number, link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliverableRecord {
    pub deliverable: String,
    pub phase: String,
    pub reference: String,
    pub recorded_by: ActorId,
    #[serde(serialize_with = "crate::wire::instant")]
    pub recorded_at: DateTime<Utc>,
}

/// An approval asked for, and its decision once made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApprovalRecord {
    pub approval_id: String,
    /// The kind a gate can require (e.g. "project_approval").
    pub kind: String,
    pub note: String,
    pub requested_by: ActorId,
    #[serde(serialize_with = "crate::wire::instant")]
    pub requested_at: DateTime<Utc>,
    /// `Some(true)` approved, `Some(false)` rejected, `None` pending.
    pub approved: Option<bool>,
    pub decided_by: Option<ActorId>,
    #[serde(serialize_with = "crate::wire::instant_opt")]
    pub decided_at: Option<DateTime<Utc>>,
}
