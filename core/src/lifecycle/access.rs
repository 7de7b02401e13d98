//! Access: the actions an actor may take on a project, and the roles that grant them.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// What an actor may do on a project. Roles grant sets of actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Move the project between phases, hold, resume or cancel it.
    Transition,
    /// Decide an approval someone else requested.
    Approve,
    /// Ask for an approval (gate approvals, sign-offs).
    RequestApproval,
    /// Record a deliverable of the checklist.
    RecordDeliverable,
    /// Record day work.
    RecordDayWork,
    /// Approve (or reject) day work.
    ApproveDayWork,
    /// Decide budget changes, transfers and prime contract change orders.
    ApproveBudgetChange,
    /// Approve a payment (mark day work paid, record a deduction).
    ApprovePayment,
    /// Set the cost breakdown, original budget, baseline, controls, forecasts and contract
    /// value; draft and submit budget changes.
    EditBudget,
    /// Draft and submit commitments and their change orders; record invoices, direct
    /// costs, labour costs, billing and receipts.
    RecordCost,
    /// Decide commitments and their change orders.
    ApproveCommitment,
    /// Replace the project's workflow.
    EditWorkflow,
    /// Change the project's name, code or calendar.
    EditProject,
    /// Define roles and grant or revoke them.
    ManageAccess,
    /// Register the fund sources the project holds, change and allocate them; set the wage account.
    ManageFunds,
    /// Plan the schedule: activities, links, calendars, settings, baselines.
    EditSchedule,
    /// Record an activity's progress (actual start and finish, days left).
    RecordProgress,
    /// Raise a risk, record an observation of one, mark a response action done.
    ObserveRisks,
    /// Rate risks, plan responses, close them; name the contingency reserve.
    ManageRisks,
    /// Record a delivery received against a commitment.
    RecordDelivery,
    /// Evaluate suppliers and set how they are graded.
    EvaluateSuppliers,
    /// Define the project's KPIs, plan its benefits and record their measurements.
    ManageKpis,
}
crate::persist::persist_enum!(Action { 0 => Transition, 1 => Approve, 2 => RequestApproval, 3 => RecordDeliverable, 4 => RecordDayWork, 5 => ApproveDayWork, 6 => ApproveBudgetChange, 7 => ApprovePayment, 8 => EditBudget, 9 => RecordCost, 10 => ApproveCommitment, 11 => EditWorkflow, 12 => EditProject, 13 => ManageAccess, 14 => ManageFunds, 15 => EditSchedule, 16 => RecordProgress, 17 => ObserveRisks, 18 => ManageRisks, 19 => RecordDelivery, 20 => EvaluateSuppliers, 21 => ManageKpis });


impl Action {
    /// Every action.
    pub const ALL: [Action; 22] = [
        Action::Transition,
        Action::Approve,
        Action::RequestApproval,
        Action::RecordDeliverable,
        Action::RecordDayWork,
        Action::ApproveDayWork,
        Action::ApproveBudgetChange,
        Action::ApprovePayment,
        Action::EditBudget,
        Action::RecordCost,
        Action::ApproveCommitment,
        Action::EditWorkflow,
        Action::EditProject,
        Action::ManageAccess,
        Action::ManageFunds,
        Action::EditSchedule,
        Action::RecordProgress,
        Action::ObserveRisks,
        Action::ManageRisks,
        Action::RecordDelivery,
        Action::EvaluateSuppliers,
        Action::ManageKpis,
    ];

    /// The snake_case name used in JSON, errors and on every surface.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Action::Transition => "transition",
            Action::Approve => "approve",
            Action::RequestApproval => "request_approval",
            Action::RecordDeliverable => "record_deliverable",
            Action::RecordDayWork => "record_day_work",
            Action::ApproveDayWork => "approve_day_work",
            Action::ApproveBudgetChange => "approve_budget_change",
            Action::ApprovePayment => "approve_payment",
            Action::EditBudget => "edit_budget",
            Action::RecordCost => "record_cost",
            Action::ApproveCommitment => "approve_commitment",
            Action::EditWorkflow => "edit_workflow",
            Action::EditProject => "edit_project",
            Action::ManageAccess => "manage_access",
            Action::ManageFunds => "manage_funds",
            Action::EditSchedule => "edit_schedule",
            Action::RecordProgress => "record_progress",
            Action::ObserveRisks => "observe_risks",
            Action::ManageRisks => "manage_risks",
            Action::RecordDelivery => "record_delivery",
            Action::EvaluateSuppliers => "evaluate_suppliers",
            Action::ManageKpis => "manage_kpis",
        }
    }
}

impl FromStr for Action {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self> {
        Action::ALL.into_iter().find(|a| a.name() == name).ok_or_else(|| {
            Error::invalid_field("action", format!("{name:?} is not an action ({})", Action::ALL.map(Action::name).join(", ")))
        })
    }
}

/// The roles every project starts with (a project may define more, by name, and change
/// these): what each grants is [`StandardRole::actions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StandardRole {
    /// Every action; the creator of a project is its owner.
    Owner,
    /// Runs the project: transitions, approvals asked, deliverables, project and workflow
    /// settings, budget and cost records, schedule and progress, the risk register, supplier
    /// grading, KPIs — but decides no approval.
    ProjectManager,
    /// Decides: approvals, day work, budget changes, payments, commitments.
    Approver,
    /// On site: records day work, deliverables, progress, risks seen and deliveries received,
    /// asks for approvals.
    Foreman,
    /// Reads only.
    Viewer,
}

impl StandardRole {
    /// Every standard role.
    pub const ALL: [StandardRole; 5] = [StandardRole::Owner, StandardRole::ProjectManager, StandardRole::Approver, StandardRole::Foreman, StandardRole::Viewer];

    /// The role's name on every surface (`project_manager`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            StandardRole::Owner => "owner",
            StandardRole::ProjectManager => "project_manager",
            StandardRole::Approver => "approver",
            StandardRole::Foreman => "foreman",
            StandardRole::Viewer => "viewer",
        }
    }

    /// The actions it grants on a project that has not redefined it, in [`Action::ALL`]'s order.
    #[must_use]
    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            StandardRole::Owner => &Action::ALL,
            StandardRole::ProjectManager => &[Transition, RequestApproval, RecordDeliverable, EditBudget, RecordCost, EditWorkflow, EditProject, EditSchedule, RecordProgress, ObserveRisks, ManageRisks, RecordDelivery, EvaluateSuppliers, ManageKpis],
            StandardRole::Approver => &[Approve, ApproveDayWork, ApproveBudgetChange, ApprovePayment, ApproveCommitment],
            StandardRole::Foreman => &[RequestApproval, RecordDeliverable, RecordDayWork, RecordProgress, ObserveRisks, RecordDelivery],
            StandardRole::Viewer => &[],
        }
    }
}

/// The roles every project starts with, by name. The creator of a project is its `owner`.
#[must_use]
pub fn standard_roles() -> BTreeMap<String, BTreeSet<Action>> {
    StandardRole::ALL.iter().map(|role| (role.name().to_owned(), role.actions().iter().copied().collect())).collect()
}

/// The standard roles, one copy shared by every project that keeps them.
pub(crate) fn standard_roles_shared() -> std::sync::Arc<BTreeMap<String, BTreeSet<Action>>> {
    static STANDARD_ROLES: std::sync::OnceLock<std::sync::Arc<BTreeMap<String, BTreeSet<Action>>>> = std::sync::OnceLock::new();
    STANDARD_ROLES.get_or_init(|| std::sync::Arc::new(standard_roles())).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_roles_are_named_once_and_grant_in_the_actions_order() {
        let names: BTreeSet<&str> = StandardRole::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(names.len(), StandardRole::ALL.len());
        for role in StandardRole::ALL {
            assert!(role.actions().windows(2).all(|w| matches!(w, [a, b] if a < b)), "{role:?}");
        }
        assert_eq!(standard_roles().get("foreman").map(BTreeSet::len), Some(6));
    }
}
