//! Workflows as validated data: phases and their checklists, the allowed transitions with the
//! gates and role each needs, and the status on top of the phase.
//!
//! The default workflow (DESIGN.md): 立项 Initiation → 设计与采购 Design & Procurement →
//! 实施与测试 Implementation & Testing → 上线与推广 Go-live & Rollout → 评估与沉淀 Evaluation &
//! Closeout → Closed, with two rework transitions real projects need: Implementation &
//! Testing → Design & Procurement (redesign) and Go-live & Rollout → Implementation & Testing
//! (a failed launch).

use std::collections::{BTreeSet, VecDeque};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A check a transition must pass. Later modules add their variants here (budget approved,
/// no pending budget changes, commitments closed, retention settled) with an arm in
/// `Project::evaluate_gate`: a workflow names them as data like the built-in ones.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "check", rename_all = "snake_case", deny_unknown_fields)]
pub enum Gate {
    /// The deliverable has been recorded for the project.
    Deliverable {
        /// The deliverable's name.
        deliverable: String,
    },
    /// An approval of this kind has been requested and approved (by someone else).
    Approval {
        /// The approval's kind.
        approval: String,
    },
    /// A review checklist (a security and compliance review, 安全合规评审): every item passed
    /// by a holder of its reviewer role with evidence, or exempted by an approval someone
    /// other than the requester gave. The transition lists every unmet item.
    Review {
        /// The review's name (`security_compliance`), the same checklist wherever it is named.
        review: String,
        /// Its items, each with the role that passes it.
        items: Vec<ReviewItem>,
    },
}
crate::persist::persist_enum!(Gate { 0 => Deliverable { deliverable }, 1 => Approval { approval }, 2 => Review { review, items } });

/// An item of a review checklist and the role whose holder passes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewItem {
    /// The item (`djcp_level_confirmed`, `penetration_test`).
    pub item: String,
    /// The role that passes it (`security_reviewer`).
    pub role: String,
}
crate::persist::persist_struct!(ReviewItem { item, role });


impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gate::Deliverable { deliverable } => write!(f, "deliverable {deliverable}"),
            Gate::Approval { approval } => write!(f, "approval {approval}"),
            Gate::Review { review, .. } => write!(f, "review {review}"),
        }
    }
}

/// A phase and its checklist of deliverables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// The phase's id (`initiation`).
    pub id: String,
    /// Its display name.
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// The deliverables its checklist asks for.
    pub deliverables: Vec<String>,
}
crate::persist::persist_struct!(Phase { id, name, deliverables });


/// An allowed move between phases, with its gates and the role it needs (if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// The phase left.
    pub from: String,
    /// The phase entered.
    pub to: String,
    /// A move back for rework (shown as such in reports).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rework: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// What must hold before the move.
    pub gates: Vec<Gate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The role whoever moves the project must hold, if any.
    pub role: Option<String>,
}
crate::persist::persist_struct!(Transition { from, to, rework, gates, role });


/// A workflow: phases, the first one, and the allowed transitions. Phases without an
/// outgoing transition are terminal. Built valid only (see [`Workflow::new`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(try_from = "WorkflowRepr", into = "WorkflowRepr")]
pub struct Workflow {
    name: String,
    initial: String,
    phases: Vec<Phase>,
    transitions: Vec<Transition>,
}
crate::persist::persist_struct!(Workflow { name, initial, phases, transitions });


#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkflowRepr {
    name: String,
    initial: String,
    phases: Vec<Phase>,
    transitions: Vec<Transition>,
}

impl From<Workflow> for WorkflowRepr {
    fn from(w: Workflow) -> Self {
        WorkflowRepr { name: w.name, initial: w.initial, phases: w.phases, transitions: w.transitions }
    }
}

impl TryFrom<WorkflowRepr> for Workflow {
    type Error = Error;
    fn try_from(r: WorkflowRepr) -> Result<Self> {
        Workflow::new(&r.name, &r.initial, r.phases, r.transitions)
    }
}

const STANDARD: &str = include_str!("../../data/workflows/standard.json");

impl Workflow {
    /// Validates a workflow, listing every problem: duplicate phases or transitions, unknown
    /// phases, transitions to themselves, unreachable phases, no terminal phase, gates that
    /// need a deliverable no phase lists.
    pub fn new(name: &str, initial: &str, phases: Vec<Phase>, transitions: Vec<Transition>) -> Result<Workflow> {
        let mut problems = Vec::new();
        if name.trim().is_empty() {
            problems.push("the workflow needs a name".to_owned());
        }
        if phases.is_empty() {
            problems.push("the workflow has no phases".to_owned());
        }
        let mut ids = BTreeSet::new();
        let mut names = BTreeSet::new();
        for phase in &phases {
            if phase.id.trim().is_empty() {
                problems.push(format!("phase {:?} has an empty id", phase.name));
            }
            if !ids.insert(phase.id.as_str()) {
                problems.push(format!("phase id {:?} is used twice", phase.id));
            }
            if !names.insert(phase.name.as_str()) {
                problems.push(format!("phase name {:?} is used twice", phase.name));
            }
        }
        if !ids.contains(initial) {
            problems.push(format!("initial phase {initial:?} is not a phase of the workflow"));
        }
        let declared: BTreeSet<&str> = phases.iter().flat_map(|p| p.deliverables.iter().map(String::as_str)).collect();
        let mut pairs = BTreeSet::new();
        let mut reviews: std::collections::BTreeMap<&str, &[ReviewItem]> = std::collections::BTreeMap::new();
        for t in &transitions {
            for end in [&t.from, &t.to] {
                if !ids.contains(end.as_str()) {
                    problems.push(format!("transition {} → {} names unknown phase {end:?}", t.from, t.to));
                }
            }
            if t.from == t.to {
                problems.push(format!("transition {} → {} goes to itself", t.from, t.to));
            }
            if !pairs.insert((t.from.as_str(), t.to.as_str())) {
                problems.push(format!("transition {} → {} is listed twice", t.from, t.to));
            }
            for gate in &t.gates {
                if let Gate::Deliverable { deliverable } = gate
                    && !declared.contains(deliverable.as_str())
                {
                    problems.push(format!("transition {} → {} needs deliverable {deliverable:?}, which no phase lists", t.from, t.to));
                }
                if let Gate::Review { review, items } = gate {
                    let mut named = BTreeSet::new();
                    if items.is_empty() {
                        problems.push(format!("review {review:?} has no items"));
                    }
                    for item in items {
                        if item.item.trim().is_empty() || item.role.trim().is_empty() {
                            problems.push(format!("review {review:?} has an item without a name or a reviewer role"));
                        }
                        if !named.insert(item.item.as_str()) {
                            problems.push(format!("review {review:?} lists item {:?} twice", item.item));
                        }
                    }
                    match reviews.get(review.as_str()) {
                        Some(first) if *first != items.as_slice() => problems.push(format!("review {review:?} is named with two different checklists")),
                        _ => {
                            reviews.insert(review.as_str(), items.as_slice());
                        }
                    }
                }
            }
        }
        // Reachability from the initial phase.
        let mut reached = BTreeSet::from([initial]);
        let mut queue = VecDeque::from([initial]);
        while let Some(phase) = queue.pop_front() {
            for t in transitions.iter().filter(|t| t.from == phase) {
                if reached.insert(t.to.as_str()) {
                    queue.push_back(t.to.as_str());
                }
            }
        }
        if ids.contains(initial) {
            for phase in &phases {
                if !reached.contains(phase.id.as_str()) {
                    problems.push(format!("phase {:?} cannot be reached from {initial:?}", phase.id));
                }
            }
        }
        if !phases.is_empty() && phases.iter().all(|p| transitions.iter().any(|t| t.from == p.id)) {
            problems.push("no terminal phase: every phase has a way out, so no project can finish".to_owned());
        }
        if !problems.is_empty() {
            return Err(Error::InvalidWorkflow { problems });
        }
        Ok(Workflow { name: name.to_owned(), initial: initial.to_owned(), phases, transitions })
    }

    /// The default workflow of DESIGN.md (see the module docs), from `data/workflows/standard.json`.
    pub fn standard() -> Result<Workflow> {
        Workflow::standard_shared().map(|workflow| (*workflow).clone())
    }

    /// The standard workflow, one copy shared by every project that follows it.
    pub(crate) fn standard_shared() -> Result<std::sync::Arc<Workflow>> {
        static STANDARD_WORKFLOW: std::sync::OnceLock<Result<std::sync::Arc<Workflow>>> = std::sync::OnceLock::new();
        STANDARD_WORKFLOW.get_or_init(|| Workflow::from_json(STANDARD).map(std::sync::Arc::new)).clone()
    }

    /// Reads a workflow from JSON, listing every problem.
    pub fn from_json(json: &str) -> Result<Workflow> {
        // Parse the plain form first, so validation hands back its problem list intact.
        let repr: WorkflowRepr = serde_json::from_str(json).map_err(|e| Error::InvalidWorkflow { problems: vec![e.to_string()] })?;
        Workflow::try_from(repr)
    }

    /// The workflow as JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    #[must_use]
    /// The workflow's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The phase every project starts in.
    #[must_use]
    pub fn initial(&self) -> &str {
        &self.initial
    }

    #[must_use]
    /// The phases, in order.
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }

    #[must_use]
    /// The transitions allowed.
    pub fn transitions(&self) -> &[Transition] {
        &self.transitions
    }

    /// The checklist of a review some transition's gate names.
    #[must_use]
    pub fn review(&self, name: &str) -> Option<&[ReviewItem]> {
        self.transitions.iter().flat_map(|t| &t.gates).find_map(|g| match g {
            Gate::Review { review, items } if review == name => Some(items.as_slice()),
            _ => None,
        })
    }

    /// The phase with this id.
    #[must_use]
    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }

    /// The transition from `from` to `to`, if the workflow allows it.
    #[must_use]
    pub fn transition(&self, from: &str, to: &str) -> Option<&Transition> {
        self.transitions.iter().find(|t| t.from == from && t.to == to)
    }

    /// True for a phase no transition leaves.
    #[must_use]
    pub fn is_terminal(&self, phase: &str) -> bool {
        !self.transitions.iter().any(|t| t.from == phase)
    }

    /// True when some phase lists this deliverable.
    #[must_use]
    pub fn declares_deliverable(&self, deliverable: &str) -> bool {
        self.phases.iter().any(|p| p.deliverables.iter().any(|d| d == deliverable))
    }
}

/// Active, on hold or cancelled: the status on top of the phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Work goes on.
    Active,
    /// On hold: no phase change until resumed.
    OnHold,
    /// Cancelled: final.
    Cancelled,
}
crate::persist::persist_enum!(Status { 0 => Active, 1 => OnHold, 2 => Cancelled });


impl Status {
    #[must_use]
    /// The status as a word: `active`, `on_hold` or `cancelled`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::OnHold => "on_hold",
            Status::Cancelled => "cancelled",
        }
    }
}

impl FromStr for Status {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self> {
        [Status::Active, Status::OnHold, Status::Cancelled]
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| Error::invalid_field("status", format!("{name:?} is not one of active, on_hold, cancelled")))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn phase(id: &str) -> Phase {
        Phase { id: id.to_owned(), name: id.to_uppercase(), deliverables: vec![] }
    }

    fn go(from: &str, to: &str) -> Transition {
        Transition { from: from.to_owned(), to: to.to_owned(), rework: false, gates: vec![], role: None }
    }

    #[test]
    fn the_standard_workflow_is_valid_and_has_its_rework_paths() {
        let w = Workflow::standard().unwrap();
        assert_eq!(w.initial(), "initiation");
        assert_eq!(w.phases().len(), 6);
        assert!(w.transition("implementation_testing", "design_procurement").unwrap().rework);
        assert!(w.transition("golive_rollout", "implementation_testing").unwrap().rework);
        assert!(w.is_terminal("closed") && !w.is_terminal("initiation"));
        assert_eq!(Workflow::from_json(&w.to_json()).unwrap(), w);
    }

    #[test]
    fn every_problem_is_listed() {
        let error = Workflow::new(
            "w",
            "a",
            vec![phase("a"), phase("b"), phase("b"), phase("c")],
            vec![go("a", "b"), go("b", "a"), go("a", "a"), go("a", "x"), go("a", "b")],
        )
        .unwrap_err();
        let Error::InvalidWorkflow { problems } = error else { panic!() };
        let text = problems.join("\n");
        for expected in ["used twice", "goes to itself", "unknown phase \"x\"", "listed twice", "cannot be reached"] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        let Err(Error::InvalidWorkflow { problems }) = Workflow::new("loop", "a", vec![phase("a"), phase("b")], vec![go("a", "b"), go("b", "a")]) else {
            panic!()
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("no terminal phase"));
    }
}
