//! `Journal`, `Event`, the payload classes, `Project`, `Conflict`, `MergeReport`.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::cost::CostEvent;
use projectledger::labour::LabourEvent;
use projectledger::lifecycle::{HistoryRecord, Status};
use projectledger::{self as core, Action, ActorId, EventId, Payload, ProjectId, Workflow};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use std::borrow::Cow;

use projectledger::cost::{BudgetControl, CostCentre};

use projectledger::labour::{EntryState, Reversal};
use projectledger::labour::{IdNumber, Worker};

use crate::calendar::PyWorkCalendar;
use crate::daywork::{self, PyDayWorkEntry};
use crate::convert::{Amount, Date, Timestamp};
use crate::cost::{self, named, Line, PyCostBreakdown};
use crate::evm::{PyEarnedSchedule, PyEarnedValue};
use crate::errors::{type_error, OrRaise};
use crate::money::{currency_arg, PyCurrency};
use crate::rows::{to_py, typed_rows};

/// Payload: a project is created with its currency (fixed) and calendar.
#[pyclass(frozen, eq, module = "projectledger", name = "ProjectCreated", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyProjectCreated(Payload);

#[pymethods]
impl PyProjectCreated {
    #[new]
    fn new(project_id: &str, name: String, code: String, currency: &Bound<'_, PyAny>, calendar: PyRef<'_, PyWorkCalendar>) -> PyResult<Self> {
        Ok(PyProjectCreated(Payload::Lifecycle(LifecycleEvent::ProjectCreated {
            project_id: ProjectId::try_new(project_id).or_raise()?,
            name,
            code,
            currency: currency_arg(currency)?,
            calendar: Box::new(calendar.0.clone()),
        })))
    }

    #[getter]
    fn project_id(&self) -> String {
        payload_project(&self.0)
    }

    #[getter]
    fn name(&self) -> Option<String> {
        payload_settings(&self.0).0
    }

    #[getter]
    fn code(&self) -> Option<String> {
        payload_settings(&self.0).1
    }

    #[getter]
    fn calendar(&self) -> Option<PyWorkCalendar> {
        payload_settings(&self.0).2
    }

    #[getter]
    fn currency(&self) -> Option<PyCurrency> {
        match &self.0 {
            Payload::Lifecycle(LifecycleEvent::ProjectCreated { currency, .. }) => Some(PyCurrency(*currency)),
            _ => None,
        }
    }

    fn __repr__(&self) -> String {
        format!("ProjectCreated({:?})", self.0)
    }
}

/// Payload: some settings of a project change; `None` leaves a setting as it is.
#[pyclass(frozen, eq, module = "projectledger", name = "ProjectSettingsChanged", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyProjectSettingsChanged(Payload);

#[pymethods]
impl PyProjectSettingsChanged {
    #[new]
    #[pyo3(signature = (project_id, *, name = None, code = None, calendar = None))]
    fn new(project_id: &str, name: Option<String>, code: Option<String>, calendar: Option<PyRef<'_, PyWorkCalendar>>) -> PyResult<Self> {
        Ok(PyProjectSettingsChanged(Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged {
            project_id: ProjectId::try_new(project_id).or_raise()?,
            name,
            code,
            calendar: calendar.map(|c| Box::new(c.0.clone())),
        })))
    }

    #[getter]
    fn project_id(&self) -> String {
        payload_project(&self.0)
    }

    #[getter]
    fn name(&self) -> Option<String> {
        payload_settings(&self.0).0
    }

    #[getter]
    fn code(&self) -> Option<String> {
        payload_settings(&self.0).1
    }

    #[getter]
    fn calendar(&self) -> Option<PyWorkCalendar> {
        payload_settings(&self.0).2
    }

    fn __repr__(&self) -> String {
        format!("ProjectSettingsChanged({:?})", self.0)
    }
}

fn payload_project(payload: &Payload) -> String {
    payload.project_id().to_string()
}

fn project_id(id: &str) -> PyResult<ProjectId> {
    ProjectId::try_new(id).or_raise()
}

/// The payload's fields as a dict (for inspection; the classes are what the journal takes).
fn payload_dict<'py>(py: Python<'py>, payload: &Payload) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_string(payload).unwrap_or_default();
    py.import("json")?.call_method1("loads", (json,))
}

/// A payload's journal JSON, with any id-document number masked (personal data).
fn payload_repr(payload: &Payload) -> String {
    let mut json = serde_json::to_value(payload).unwrap_or_default();
    if let (Payload::Labour(LabourEvent::WorkerRegistered { worker, .. }), Some(shown)) = (payload, json.pointer_mut("/data/worker/id_number")) {
        *shown = serde_json::Value::from(worker.id_number.masked());
    }
    json.to_string()
}

macro_rules! payload_class {
    ($(#[$doc:meta])* $class:ident, $name:literal, $($constructor:tt)*) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, module = "projectledger", name = $name, from_py_object)]
        #[derive(Clone, PartialEq)]
        pub struct $class(Payload);

        #[pymethods]
        impl $class {
            $($constructor)*

            #[getter]
            fn project_id(&self) -> String {
                payload_project(&self.0)
            }

            /// The fields, as the journal's JSON has them.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                payload_dict(py, &self.0)
            }

            fn __repr__(&self) -> String {
                format!("{}({})", $name, payload_repr(&self.0))
            }
        }
    };
}

payload_class!(
    /// Payload: the project's workflow is replaced.
    PyWorkflowChanged, "WorkflowChanged",
    #[new]
    fn new(project_id: &str, workflow: PyRef<'_, PyWorkflow>) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::WorkflowChanged { project_id: self::project_id(project_id)?, workflow: Box::new(workflow.0.clone()) })))
    }
);
payload_class!(
    /// Payload: the project moves to another phase, through the workflow's gates.
    PyPhaseChanged, "PhaseChanged",
    #[new]
    #[pyo3(signature = (project_id, to, reason = String::new()))]
    fn new(project_id: &str, to: String, reason: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::PhaseChanged { project_id: self::project_id(project_id)?, to, reason })))
    }
);
payload_class!(
    /// Payload: hold ("on_hold"), resume ("active") or cancel ("cancelled").
    PyStatusChanged, "StatusChanged",
    #[new]
    #[pyo3(signature = (project_id, to, reason = String::new()))]
    fn new(project_id: &str, to: &str, reason: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::StatusChanged { project_id: self::project_id(project_id)?, to: Status::from_str(to).or_raise()?, reason })))
    }
);
payload_class!(
    /// Payload: a deliverable of the checklist is recorded.
    PyDeliverableRecorded, "DeliverableRecorded",
    #[new]
    #[pyo3(signature = (project_id, deliverable, reference = String::new()))]
    fn new(project_id: &str, deliverable: String, reference: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::DeliverableRecorded { project_id: self::project_id(project_id)?, deliverable, reference })))
    }
);
payload_class!(
    /// Payload: an approval is asked for.
    PyApprovalRequested, "ApprovalRequested",
    #[new]
    #[pyo3(signature = (project_id, approval_id, kind, note = String::new()))]
    fn new(project_id: &str, approval_id: String, kind: String, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::ApprovalRequested { project_id: self::project_id(project_id)?, approval_id, kind, note })))
    }
);
payload_class!(
    /// Payload: an approval is decided (by someone other than who asked).
    PyApprovalDecided, "ApprovalDecided",
    #[new]
    #[pyo3(signature = (project_id, approval_id, approved, note = String::new()))]
    fn new(project_id: &str, approval_id: String, approved: bool, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::ApprovalDecided { project_id: self::project_id(project_id)?, approval_id, approved, note })))
    }
);
payload_class!(
    /// Payload: a role is defined as a set of actions.
    PyRoleDefined, "RoleDefined",
    #[new]
    fn new(project_id: &str, role: String, actions: Vec<String>) -> PyResult<Self> {
        let actions = actions.iter().map(|a| Action::from_str(a)).collect::<Result<_, _>>().or_raise()?;
        Ok(Self(Payload::Lifecycle(LifecycleEvent::RoleDefined { project_id: self::project_id(project_id)?, role, actions })))
    }
);
payload_class!(
    /// Payload: a member is given a role.
    PyRoleGranted, "RoleGranted",
    #[new]
    fn new(project_id: &str, member: &str, role: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::RoleGranted { project_id: self::project_id(project_id)?, member: ActorId::try_new(member).or_raise()?, role })))
    }
);
payload_class!(
    /// Payload: a member loses a role.
    PyRoleRevoked, "RoleRevoked",
    #[new]
    fn new(project_id: &str, member: &str, role: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::RoleRevoked { project_id: self::project_id(project_id)?, member: ActorId::try_new(member).or_raise()?, role })))
    }
);










payload_class!(
    /// Payload: the cost breakdown is defined (or redefined; cells holding figures stay leaves).
    PyCostBreakdownDefined, "CostBreakdownDefined",
    #[new]
    fn new(project_id: &str, breakdown: PyRef<'_, PyCostBreakdown>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::CostBreakdownDefined { project_id: self::project_id(project_id)?, breakdown: Box::new(breakdown.0.clone()) })))
    }
);
payload_class!(
    /// Payload: original budget amounts of leaf cells, lines as (code, cost_type, amount).
    PyBudgetLinesSet, "BudgetLinesSet",
    #[new]
    fn new(project_id: &str, lines: Vec<Line>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::BudgetLinesSet { project_id: self::project_id(project_id)?, lines: cost::lines(lines) })))
    }
);
payload_class!(
    /// Payload: the original budget is locked.
    PyBaselineLocked, "BaselineLocked",
    #[new]
    fn new(project_id: &str) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::BaselineLocked { project_id: self::project_id(project_id)? })))
    }
);
payload_class!(
    /// Payload: a cost document is drafted: kind budget_change, budget_transfer, subcontract,
    /// purchase_order, commitment_change_order (naming its commitment) or prime_change_order.
    PyCostDocumentDrafted, "CostDocumentDrafted",
    #[new]
    #[pyo3(signature = (project_id, document_id, kind, title, lines, commitment_id = None, vendor = None))]
    fn new(project_id: &str, document_id: String, kind: &str, title: String, lines: Vec<Line>, commitment_id: Option<String>, vendor: Option<String>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::CostDocumentDrafted {
            project_id: self::project_id(project_id)?,
            document_id,
            kind: named("document kind", kind)?,
            title,
            lines: cost::lines(lines),
            commitment_id,
            vendor,
        })))
    }
);
payload_class!(
    /// Payload: a document moves to pending (submit), draft (withdraw), approved or rejected.
    PyCostDocumentMoved, "CostDocumentMoved",
    #[new]
    #[pyo3(signature = (project_id, document_id, to, note = String::new()))]
    fn new(project_id: &str, document_id: String, to: &str, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::CostDocumentMoved { project_id: self::project_id(project_id)?, document_id, to: named("document status", to)?, note })))
    }
);
payload_class!(
    /// Payload: an invoice (kind "invoice", against a commitment), a direct or a labour cost.
    PyCostRecorded, "CostRecorded",
    #[new]
    #[pyo3(signature = (project_id, cost_id, kind, lines, description = String::new(), commitment_id = None, allow_over_commitment = false))]
    fn new(project_id: &str, cost_id: String, kind: &str, lines: Vec<Line>, description: String, commitment_id: Option<String>, allow_over_commitment: bool) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::CostRecorded {
            project_id: self::project_id(project_id)?,
            cost_id,
            kind: named("cost kind", kind)?,
            commitment_id,
            lines: cost::lines(lines),
            description,
            allow_over_commitment,
        })))
    }
);
payload_class!(
    /// Payload: budget control (stop, warn or ignore per measure) of the project or a code.
    PyBudgetControlSet, "BudgetControlSet",
    #[new]
    #[pyo3(signature = (project_id, code = None, committed = "ignore", actual = "ignore", cumulative = "ignore"))]
    fn new(project_id: &str, code: Option<String>, committed: &str, actual: &str, cumulative: &str) -> PyResult<Self> {
        let control = BudgetControl {
            committed: named("control action", committed)?,
            actual: named("control action", actual)?,
            cumulative: named("control action", cumulative)?,
        };
        Ok(Self(Payload::Cost(CostEvent::BudgetControlSet { project_id: self::project_id(project_id)?, code, control })))
    }
);
payload_class!(
    /// Payload: a leaf cell's forecast: "automatic", "lump_sum" with an amount, or "manual"
    /// with items (description, quantity, unit_cost).
    PyForecastSet, "ForecastSet",
    #[new]
    #[pyo3(signature = (project_id, code, cost_type, method, amount = None, items = None))]
    fn new(project_id: &str, code: String, cost_type: String, method: &str, amount: Option<Amount>, items: Option<Vec<(String, Amount, Amount)>>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::ForecastSet { project_id: self::project_id(project_id)?, code, cost_type, method: cost::forecast_method(method, amount, items)? })))
    }
);
payload_class!(
    /// Payload: the prime contract's original value.
    PyContractValueSet, "ContractValueSet",
    #[new]
    fn new(project_id: &str, amount: Amount) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::ContractValueSet { project_id: self::project_id(project_id)?, amount: amount.0 })))
    }
);
payload_class!(
    /// Payload: an amount billed to the client ("billed") or received from them ("received").
    PyRevenueRecorded, "RevenueRecorded",
    #[new]
    fn new(project_id: &str, entry_id: String, kind: &str, amount: Amount) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::RevenueRecorded { project_id: self::project_id(project_id)?, entry_id, kind: named("revenue kind", kind)?, amount: amount.0 })))
    }
);

payload_class!(
    /// Payload: a leaf code becomes a work package: dates, spread profile (weights for
    /// "manual") and EV technique (milestones as (name, weight) for weighted_milestones).
    PyWorkPackageScheduled, "WorkPackageScheduled",
    #[new]
    #[pyo3(signature = (project_id, code, start, finish, technique, profile = "linear".to_owned(), weights = None, milestones = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(project_id: &str, code: String, start: Date, finish: Date, technique: &str, profile: String, weights: Option<Vec<Amount>>, milestones: Option<Vec<(String, Amount)>>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::WorkPackageScheduled {
            project_id: self::project_id(project_id)?,
            code,
            start: start.0,
            finish: finish.0,
            profile,
            weights: weights.map(|ws| ws.into_iter().map(|w| w.0).collect()),
            technique: cost::technique(technique, milestones)?,
        })))
    }
);
payload_class!(
    /// Payload: progress of a work package: "started", "finished", "milestone_done" (with
    /// milestone) or "percent_complete" (with percent).
    PyProgressRecorded, "ProgressRecorded",
    #[new]
    #[pyo3(signature = (project_id, code, kind, milestone = None, percent = None))]
    fn new(project_id: &str, code: String, kind: &str, milestone: Option<String>, percent: Option<Amount>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::ProgressRecorded { project_id: self::project_id(project_id)?, code, progress: cost::progress(kind, milestone, percent)? })))
    }
);

payload_class!(
    /// Payload: a worker joins the project's roster (实名制). The id-document number is
    /// personal data: `repr` masks it (`to_dict` gives the journal's fields as they are).
    PyWorkerRegistered, "WorkerRegistered",
    #[new]
    fn new(project_id: &str, worker_id: String, name: String, id_number: &str, trade: String, team: String, employer: String) -> PyResult<Self> {
        let worker = Worker { worker_id, name, id_number: IdNumber::new(id_number).or_raise()?, trade, team, employer };
        Ok(Self(Payload::Labour(LabourEvent::WorkerRegistered { project_id: self::project_id(project_id)?, worker })))
    }
);

payload_class!(
    /// Payload: a day-work rate of the project, for a trade or for one worker (give one), per
    /// "hour" or "workday" (工日), from a date until the next rate of the same scope.
    PyLabourRateSet, "LabourRateSet",
    #[new]
    #[pyo3(signature = (project_id, valid_from, unit, amount, *, trade = None, worker_id = None))]
    fn new(project_id: &str, valid_from: Date, unit: &str, amount: Amount, trade: Option<String>, worker_id: Option<String>) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::LabourRateSet { project_id: self::project_id(project_id)?, rate: daywork::rate(valid_from, unit, amount, trade, worker_id)? })))
    }
);
payload_class!(
    /// Payload: the project's overtime multipliers (Labour Law art. 44: ×1.5, ×2, ×3 by
    /// default) and the hours of a 工日 (8 by default).
    PyOvertimePolicySet, "OvertimePolicySet",
    #[new]
    #[pyo3(signature = (project_id, *, working_day = None, rest_day = None, statutory_holiday = None, hours_per_workday = None))]
    fn new(project_id: &str, working_day: Option<Amount>, rest_day: Option<Amount>, statutory_holiday: Option<Amount>, hours_per_workday: Option<Amount>) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::OvertimePolicySet { project_id: self::project_id(project_id)?, policy: daywork::policy(working_day, rest_day, statutory_holiday, hours_per_workday) })))
    }
);
payload_class!(
    /// Payload: a batch of day-work entries, accepted whole or refused whole
    /// (InvalidDayWorkError names every problem with its entry id).
    PyDayWorkRecorded, "DayWorkRecorded",
    #[new]
    fn new(project_id: &str, entries: Vec<PyDayWorkEntry>) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::DayWorkRecorded { project_id: self::project_id(project_id)?, entries: entries.into_iter().map(|e| e.0).collect() })))
    }
);
payload_class!(
    /// Payload: corrections of approved or paid entries, as (entry_id, reverses, reason)
    /// tuples: each a new entry with the original's hours and amount negated.
    PyDayWorkReversed, "DayWorkReversed",
    #[new]
    fn new(project_id: &str, reversals: Vec<(String, String, String)>) -> PyResult<Self> {
        let reversals = reversals.into_iter().map(|(entry_id, reverses, reason)| Reversal { entry_id, reverses, reason }).collect();
        Ok(Self(Payload::Labour(LabourEvent::DayWorkReversed { project_id: self::project_id(project_id)?, reversals })))
    }
);
payload_class!(
    /// Payload: entries move to "submitted", "approved", "rejected" or "paid" (named one by
    /// one; Journal.select_day_work finds a team's entries of a period).
    PyDayWorkMoved, "DayWorkMoved",
    #[new]
    #[pyo3(signature = (project_id, entry_ids, to, note = String::new()))]
    fn new(project_id: &str, entry_ids: Vec<String>, to: &str, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::DayWorkMoved { project_id: self::project_id(project_id)?, entry_ids, to: EntryState::from_name(to).or_raise()?, note })))
    }
);
payload_class!(
    /// Payload: day work is locked through a day (payroll closed): no new entries there, no
    /// re-costing.
    PyDayWorkPeriodLocked, "DayWorkPeriodLocked",
    #[new]
    fn new(project_id: &str, through: Date) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::DayWorkPeriodLocked { project_id: self::project_id(project_id)?, through: through.0 })))
    }
);
payload_class!(
    /// Payload: a deduction from a worker's wages of a month (any day of it).
    PyWageDeductionRecorded, "WageDeductionRecorded",
    #[new]
    #[pyo3(signature = (project_id, deduction_id, worker_id, month, amount, reason = String::new()))]
    fn new(project_id: &str, deduction_id: String, worker_id: String, month: Date, amount: Amount, reason: String) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::WageDeductionRecorded { project_id: self::project_id(project_id)?, deduction_id, worker_id, month: month.0, amount: amount.0, reason })))
    }
);

/// Name, code and calendar a payload sets (all three for a creation).
fn payload_settings(payload: &Payload) -> (Option<String>, Option<String>, Option<PyWorkCalendar>) {
    match payload {
        Payload::Lifecycle(LifecycleEvent::ProjectCreated { name, code, calendar, .. }) => {
            (Some(name.clone()), Some(code.clone()), Some(PyWorkCalendar((**calendar).clone())))
        }
        Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged { name, code, calendar, .. }) => {
            (name.clone(), code.clone(), calendar.as_deref().cloned().map(PyWorkCalendar))
        }
        _ => (None, None, None),
    }
}

/// The payload table: one line a payload — the core's variant and its Python class. It makes
/// the conversion to Python, the argument check and the registration of every class.
macro_rules! payload_table {
    ($($domain:ident($event:ident::$variant:ident) => $class:ident),* $(,)?) => {
        fn payload_to_py(py: Python<'_>, payload: &Payload) -> PyResult<Py<PyAny>> {
            let p = payload.clone();
            Ok(match payload {
                $(Payload::$domain($event::$variant { .. }) => $class(p).into_pyobject(py)?.into_any().unbind(),)*
            })
        }

        fn payload_arg(obj: &Bound<'_, PyAny>) -> PyResult<Payload> {
            $(if let Ok(payload) = obj.cast::<$class>() {
                return Ok(payload.get().0.clone());
            })*
            Err(type_error(obj.py(), "a payload is one of the payload classes (ProjectCreated, PhaseChanged, …)"))
        }

        /// Adds every payload class to the module.
        pub fn register_payloads(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_class::<$class>()?;)*
            Ok(())
        }
    };
}

payload_table! {
    Lifecycle(LifecycleEvent::ProjectCreated) => PyProjectCreated,
    Lifecycle(LifecycleEvent::ProjectSettingsChanged) => PyProjectSettingsChanged,
    Lifecycle(LifecycleEvent::WorkflowChanged) => PyWorkflowChanged,
    Lifecycle(LifecycleEvent::PhaseChanged) => PyPhaseChanged,
    Lifecycle(LifecycleEvent::StatusChanged) => PyStatusChanged,
    Lifecycle(LifecycleEvent::DeliverableRecorded) => PyDeliverableRecorded,
    Lifecycle(LifecycleEvent::ApprovalRequested) => PyApprovalRequested,
    Lifecycle(LifecycleEvent::ApprovalDecided) => PyApprovalDecided,
    Lifecycle(LifecycleEvent::RoleDefined) => PyRoleDefined,
    Lifecycle(LifecycleEvent::RoleGranted) => PyRoleGranted,
    Lifecycle(LifecycleEvent::RoleRevoked) => PyRoleRevoked,
    Cost(CostEvent::CostBreakdownDefined) => PyCostBreakdownDefined,
    Cost(CostEvent::BudgetLinesSet) => PyBudgetLinesSet,
    Cost(CostEvent::BaselineLocked) => PyBaselineLocked,
    Cost(CostEvent::CostDocumentDrafted) => PyCostDocumentDrafted,
    Cost(CostEvent::CostDocumentMoved) => PyCostDocumentMoved,
    Cost(CostEvent::CostRecorded) => PyCostRecorded,
    Cost(CostEvent::BudgetControlSet) => PyBudgetControlSet,
    Cost(CostEvent::ForecastSet) => PyForecastSet,
    Cost(CostEvent::ContractValueSet) => PyContractValueSet,
    Cost(CostEvent::RevenueRecorded) => PyRevenueRecorded,
    Cost(CostEvent::WorkPackageScheduled) => PyWorkPackageScheduled,
    Cost(CostEvent::ProgressRecorded) => PyProgressRecorded,
    Labour(LabourEvent::WorkerRegistered) => PyWorkerRegistered,
    Labour(LabourEvent::LabourRateSet) => PyLabourRateSet,
    Labour(LabourEvent::OvertimePolicySet) => PyOvertimePolicySet,
    Labour(LabourEvent::DayWorkRecorded) => PyDayWorkRecorded,
    Labour(LabourEvent::DayWorkReversed) => PyDayWorkReversed,
    Labour(LabourEvent::DayWorkMoved) => PyDayWorkMoved,
    Labour(LabourEvent::DayWorkPeriodLocked) => PyDayWorkPeriodLocked,
    Labour(LabourEvent::WageDeductionRecorded) => PyWageDeductionRecorded,
}

/// A payload from the JSON the journal writes for it (`{"type": "...", "data": {...}}`), as
/// its payload class: for events coming from other systems or files.
#[pyfunction]
pub fn payload_from_json(py: Python<'_>, json: &str) -> PyResult<Py<PyAny>> {
    let payload: Payload = serde_json::from_str(json)
        .map_err(|e| crate::errors::to_py_err(core::Error::InvalidField { field: "payload".to_owned(), reason: e.to_string() }))?;
    payload_to_py(py, &payload)
}

/// One recorded change: id (chosen by the device), time, actor, payload.
#[pyclass(frozen, eq, module = "projectledger", name = "Event", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyEvent(pub core::Event);

#[pymethods]
impl PyEvent {
    #[new]
    fn new(id: &str, recorded_at: Timestamp, actor: &str, payload: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyEvent(core::Event::new(
            EventId::try_new(id).or_raise()?,
            recorded_at.0,
            ActorId::try_new(actor).or_raise()?,
            payload_arg(payload)?,
        )))
    }

    #[getter]
    fn id(&self) -> &str {
        self.0.id.as_str()
    }

    #[getter]
    fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }

    #[getter]
    fn actor(&self) -> &str {
        self.0.actor.as_str()
    }

    #[getter]
    fn payload(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        payload_to_py(py, &self.0.payload)
    }

    fn __repr__(&self) -> String {
        format!("Event({:?}, {}, {:?})", self.0.id.as_str(), self.0.recorded_at, self.0.actor.as_str())
    }
}

/// A project's settings as the journal folds them.
#[pyclass(frozen, module = "projectledger", name = "Project")]
pub struct PyProject(core::Project);

#[pymethods]
impl PyProject {
    #[getter]
    fn id(&self) -> &str {
        self.0.id.as_str()
    }
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }
    #[getter]
    fn currency(&self) -> PyCurrency {
        PyCurrency(self.0.currency)
    }
    #[getter]
    fn calendar(&self) -> PyWorkCalendar {
        PyWorkCalendar(self.0.calendar.clone())
    }
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    #[getter]
    fn created_by(&self) -> &str {
        self.0.created_by.as_str()
    }
    #[getter]
    fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    #[getter]
    fn workflow(&self) -> PyWorkflow {
        PyWorkflow(self.0.workflow.clone())
    }
    #[getter]
    fn phase(&self) -> &str {
        &self.0.phase
    }
    /// "active", "on_hold" or "cancelled".
    #[getter]
    fn status(&self) -> &'static str {
        self.0.status.name()
    }
    /// Creation, phase and status changes: dicts with at, actor, kind, from, to, reason, gates.
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.history)
    }
    #[getter]
    fn deliverables<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.deliverables)
    }
    #[getter]
    fn approvals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.approvals.values().collect::<Vec<_>>())
    }
    /// Member → roles.
    #[getter]
    fn members(&self) -> BTreeMap<String, Vec<String>> {
        self.0.members.iter().map(|(m, r)| (m.to_string(), r.iter().cloned().collect())).collect()
    }
    /// Role → actions.
    #[getter]
    fn roles(&self) -> BTreeMap<String, Vec<&'static str>> {
        self.0.roles.iter().map(|(r, a)| (r.clone(), a.iter().map(|a| a.name()).collect())).collect()
    }
    /// True when the member holds a role granting the action.
    fn permits(&self, member: &str, action: &str) -> PyResult<bool> {
        Ok(self.0.permits(&ActorId::try_new(member).or_raise()?, Action::from_str(action).or_raise()?))
    }
    /// Calendar and working days spent in each phase up to `as_of`: dicts with phase,
    /// visits, calendar_days, working_days.
    fn phase_durations<'py>(&self, py: Python<'py>, as_of: Timestamp) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.phase_durations(as_of.0).or_raise()?)
    }
    fn __repr__(&self) -> String {
        format!(
            "Project(id={:?}, code={:?}, name={:?}, currency={}, phase={:?}, status={:?})",
            self.0.id.as_str(),
            self.0.code,
            self.0.name,
            self.0.currency,
            self.0.phase,
            self.0.status.name()
        )
    }
}

/// An event that broke a rule only after a merge; kept in the journal, reported here.
#[pyclass(frozen, module = "projectledger", name = "Conflict")]
pub struct PyConflict(core::Conflict);

#[pymethods]
impl PyConflict {
    #[getter]
    fn event_id(&self) -> &str {
        self.0.event_id.as_str()
    }
    /// The error kind (e.g. "DuplicateProjectCode").
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.error.kind()
    }
    #[getter]
    fn message(&self) -> String {
        self.0.error.to_string()
    }
    fn __repr__(&self) -> String {
        format!("Conflict({:?}, {:?})", self.0.event_id.as_str(), self.0.error.to_string())
    }
}

fn conflicts(list: &[core::Conflict]) -> Vec<PyConflict> {
    list.iter().cloned().map(PyConflict).collect()
}

/// A history record with its project, flattened into one row.
#[derive(serde::Serialize)]
struct HistoryRow<'a> {
    project_id: &'a str,
    #[serde(flatten)]
    record: &'a HistoryRecord,
}

impl PyJournal {
    fn state_at(&self, as_of: Option<Timestamp>) -> Cow<'_, core::Portfolio> {
        match as_of {
            Some(at) => Cow::Owned(self.0.state_as_of(at.0)),
            None => Cow::Borrowed(self.0.state()),
        }
    }
}

/// One project of a state, or UnknownProjectError.
fn project_in<'a>(state: &'a core::Portfolio, project_id: &str) -> PyResult<&'a core::Project> {
    let id = self::project_id(project_id)?;
    state.project(&id).ok_or(core::Error::UnknownProject { project_id: project_id.to_owned() }).or_raise()
}

fn cost_centre<'a>(state: &'a core::Portfolio, project_id: &str) -> PyResult<&'a CostCentre> {
    state.cost_centre(&self::project_id(project_id)?).or_raise()
}

/// A workflow: phases, the first one, allowed transitions with their gates and roles.
#[pyclass(frozen, eq, module = "projectledger", name = "Workflow", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyWorkflow(pub Workflow);

#[pymethods]
impl PyWorkflow {
    /// The default workflow (立项 → … → 已关闭, with its rework paths).
    #[staticmethod]
    fn standard() -> PyResult<Self> {
        Workflow::standard().map(PyWorkflow).or_raise()
    }
    /// Reads and validates a workflow; InvalidWorkflowError lists every problem.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Self> {
        Workflow::from_json(json).map(PyWorkflow).or_raise()
    }
    fn to_json(&self) -> String {
        self.0.to_json()
    }
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }
    #[getter]
    fn initial(&self) -> &str {
        self.0.initial()
    }
    /// Phases as dicts (id, name, deliverables).
    #[getter]
    fn phases<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.0.phases())
    }
    /// Transitions as dicts (from, to, rework, gates, role).
    #[getter]
    fn transitions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.0.transitions())
    }
    fn is_terminal(&self, phase: &str) -> bool {
        self.0.is_terminal(phase)
    }
    fn __repr__(&self) -> String {
        format!("Workflow({:?}, phases={})", self.0.name(), self.0.phases().len())
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().getattr("from_json")?, (slf.get().0.to_json(),)))
    }
}

/// What a merge did.
#[pyclass(frozen, module = "projectledger", name = "MergeReport")]
pub struct PyMergeReport(core::MergeReport);

#[pymethods]
impl PyMergeReport {
    #[getter]
    fn added(&self) -> usize {
        self.0.added
    }
    #[getter]
    fn already_present(&self) -> usize {
        self.0.already_present
    }
    #[getter]
    fn new_conflicts(&self) -> Vec<PyConflict> {
        conflicts(&self.0.new_conflicts)
    }
    fn __repr__(&self) -> String {
        format!("MergeReport(added={}, already_present={}, new_conflicts={})", self.0.added, self.0.already_present, self.0.new_conflicts.len())
    }
}

/// An append-only, hash-chained journal of events and the portfolio they fold into.
#[pyclass(module = "projectledger", name = "Journal")]
#[derive(Default)]
pub struct PyJournal(core::Journal);

#[pymethods]
impl PyJournal {
    #[new]
    fn new() -> Self {
        PyJournal::default()
    }

    /// Appends an event; False if this very event is held already. Raises (and changes
    /// nothing) if it breaks a rule or another event has its id.
    fn append(&mut self, event: PyRef<'_, PyEvent>) -> PyResult<bool> {
        self.0.append(event.0.clone()).or_raise()
    }

    /// The budget view of a project: every code in tree order (parents first), then the
    /// project total; amounts as Decimal in the project's currency. `as_of` (an aware
    /// datetime) folds only the events recorded up to it. Rows offer to_pandas()/to_arrow().
    #[pyo3(signature = (project_id, cost_type = None, as_of = None))]
    fn budget_view<'py>(&self, py: Python<'py>, project_id: &str, cost_type: Option<&str>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state_at(as_of);
        let centre = cost_centre(&state, project_id)?;
        typed_rows(py, &centre.view(cost_type).or_raise()?, Some(centre.ledger().currency().code()))
    }

    /// One row of the budget view: a code's subtree (or the project with no code).
    #[pyo3(signature = (project_id, code = None, cost_type = None, as_of = None))]
    fn budget_row<'py>(&self, py: Python<'py>, project_id: &str, code: Option<&str>, cost_type: Option<&str>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state_at(as_of);
        let centre = cost_centre(&state, project_id)?;
        typed_rows(py, &centre.row(code, cost_type).or_raise()?, Some(centre.ledger().currency().code()))
    }

    /// Contract value, change orders, billed, received, and the gross margin over the
    /// estimated cost at completion (margin_percent None without a contract value).
    #[pyo3(signature = (project_id, as_of = None))]
    fn margin<'py>(&self, py: Python<'py>, project_id: &str, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state_at(as_of);
        let centre = cost_centre(&state, project_id)?;
        typed_rows(py, &centre.margin().or_raise()?, Some(centre.ledger().currency().code()))
    }

    /// Earned value of a code's subtree (or the project) at the end of `status_date`: BAC and
    /// AC from the budget view, PV and EV from the work packages; `as_of` as for budget_view.
    #[pyo3(signature = (project_id, status_date, code = None, as_of = None))]
    fn earned_value(&self, project_id: &str, status_date: Date, code: Option<&str>, as_of: Option<Timestamp>) -> PyResult<PyEarnedValue> {
        let state = self.state_at(as_of);
        state.earned_value(&self::project_id(project_id)?, code, status_date.0).map(PyEarnedValue).or_raise()
    }

    /// Earned schedule of a code's subtree (or the project) in periods ("day", "iso_week",
    /// "month", "quarter", "year"): AT is the number of periods ended by `status_date`, PD
    /// the number from the first work package's start to the last one's finish.
    #[pyo3(signature = (project_id, status_date, period = "month", code = None, as_of = None))]
    fn earned_schedule(&self, project_id: &str, status_date: Date, period: &str, code: Option<&str>, as_of: Option<Timestamp>) -> PyResult<PyEarnedSchedule> {
        let state = self.state_at(as_of);
        let kind = core::PeriodKind::from_str(period).or_raise()?;
        state.earned_schedule(&self::project_id(project_id)?, code, status_date.0, kind).map(PyEarnedSchedule).or_raise()
    }

    /// The cost documents of a project (budget changes, commitments, change orders), by id.
    fn cost_documents<'py>(&self, py: Python<'py>, project_id: &str) -> PyResult<Bound<'py, PyAny>> {
        typed_rows(py, &cost_centre(self.0.state(), project_id)?.documents().values().collect::<Vec<_>>(), None)
    }

    /// Invoices, direct and labour costs of a project, by id.
    fn cost_records<'py>(&self, py: Python<'py>, project_id: &str) -> PyResult<Bound<'py, PyAny>> {
        typed_rows(py, &cost_centre(self.0.state(), project_id)?.records().values().collect::<Vec<_>>(), None)
    }

    /// What Warn budget controls reported, with the figures; `event_id` narrows to one event.
    #[pyo3(signature = (project_id, event_id = None))]
    fn budget_warnings<'py>(&self, py: Python<'py>, project_id: &str, event_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let centre = cost_centre(self.0.state(), project_id)?;
        let warnings: Vec<_> = centre.warnings().iter().filter(|w| event_id.is_none_or(|id| w.event_id.as_str() == id)).collect();
        typed_rows(py, &warnings, None)
    }

    /// Registered workers (id numbers masked unless `reveal_id_numbers`), by id.
    #[pyo3(signature = (reveal_id_numbers = false))]
    fn workers<'py>(&self, py: Python<'py>, reveal_id_numbers: bool) -> PyResult<Bound<'py, PyAny>> {
        let shown: Vec<_> = self.0.state().day_work().workers().values().map(|w| w.row(reveal_id_numbers)).collect();
        typed_rows(py, &shown, None)
    }

    /// Day-work entries a filter selects, in the order they were folded: state, who recorded
    /// and decided, and the cost (day kind, regular and overtime hours, multiplier, amount,
    /// regular pay) as Decimal. Rows offer to_pandas()/to_arrow().
    #[pyo3(signature = (*, project_ids = None, start = None, end = None, states = None, teams = None, workers = None))]
    #[allow(clippy::too_many_arguments)]
    fn day_work_entries<'py>(&self, py: Python<'py>, project_ids: Option<Vec<String>>, start: Option<Date>, end: Option<Date>, states: Option<Vec<String>>, teams: Option<Vec<String>>, workers: Option<Vec<String>>) -> PyResult<Bound<'py, PyAny>> {
        let filter = daywork::filter(project_ids, start, end, states, teams, workers)?;
        typed_rows(py, &self.0.state().day_work().select(&filter), None)
    }

    /// The ids of the entries a filter selects: what a batch approval by team and period names
    /// (the event carries the ids, so entries merged in later are never swept in).
    #[pyo3(signature = (*, project_ids = None, start = None, end = None, states = None, teams = None, workers = None))]
    #[allow(clippy::too_many_arguments)]
    fn select_day_work(&self, project_ids: Option<Vec<String>>, start: Option<Date>, end: Option<Date>, states: Option<Vec<String>>, teams: Option<Vec<String>>, workers: Option<Vec<String>>) -> PyResult<Vec<String>> {
        let filter = daywork::filter(project_ids, start, end, states, teams, workers)?;
        Ok(self.0.state().day_work().select(&filter).into_iter().map(|e| e.entry_id.clone()).collect())
    }

    /// Day work grouped by dimensions ("project", "team", "trade", "worker", "employer",
    /// "cost_code", "day", "iso_week", "month"): one column per dimension, then entries,
    /// headcount, regular/overtime hours, hours, workdays (工日) and amount, exact.
    #[pyo3(signature = (by, *, project_ids = None, start = None, end = None, states = None, teams = None, workers = None))]
    #[allow(clippy::too_many_arguments)]
    fn day_work_summary<'py>(&self, py: Python<'py>, by: Vec<String>, project_ids: Option<Vec<String>>, start: Option<Date>, end: Option<Date>, states: Option<Vec<String>>, teams: Option<Vec<String>>, workers: Option<Vec<String>>) -> PyResult<Bound<'py, PyAny>> {
        let filter = daywork::filter(project_ids, start, end, states, teams, workers)?;
        let rows = self.0.state().day_work_summary(&daywork::dimensions(&by)?, &filter).or_raise()?;
        daywork::summary_rows(py, &by, &rows)
    }

    /// The wage ledger of a project (保障农民工工资支付条例 art. 15): per worker and month,
    /// hours, gross by item, deductions, net, paid, payment status, and art. 24's overdue
    /// flag as of `as_of`. Id numbers are masked unless `reveal_id_numbers`.
    #[pyo3(signature = (project_id, as_of, *, month = None, reveal_id_numbers = false))]
    fn wage_ledger<'py>(&self, py: Python<'py>, project_id: &str, as_of: Date, month: Option<Date>, reveal_id_numbers: bool) -> PyResult<Bound<'py, PyAny>> {
        let id = self::project_id(project_id)?;
        let rows = self.0.state().wage_ledger(&id, month.map(|m| m.0), as_of.0, reveal_id_numbers).or_raise()?;
        typed_rows(py, &rows, None)
    }

    /// What accepted day-work batches warned of (art. 41 overtime limits); `event_id` narrows
    /// to one event.
    #[pyo3(signature = (event_id = None))]
    fn day_work_warnings<'py>(&self, py: Python<'py>, event_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let warnings: Vec<_> = self.0.state().day_work().warnings().iter().filter(|w| event_id.is_none_or(|id| w.event_id.as_str() == id)).collect();
        typed_rows(py, &warnings, None)
    }

    /// Takes every event of `other` this journal lacks; both sides converge.
    fn merge(&mut self, other: PyRef<'_, PyJournal>) -> PyResult<PyMergeReport> {
        self.0.merge(&other.0).map(PyMergeReport).or_raise()
    }

    /// Checks every link of the hash chain; raises BrokenChainError at the first broken one.
    fn verify(&self) -> PyResult<()> {
        self.0.verify().or_raise()
    }

    /// JSON Lines: a header line, then one line per event.
    fn to_jsonl(&self) -> String {
        self.0.to_jsonl()
    }

    /// Reads a JSON Lines export (str or bytes), all or nothing.
    #[staticmethod]
    fn from_jsonl(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes: Vec<u8> = if let Ok(text) = data.cast::<PyString>() {
            text.to_cow()?.as_bytes().to_vec()
        } else if let Ok(bytes) = data.cast::<PyBytes>() {
            bytes.as_bytes().to_vec()
        } else {
            return Err(type_error(data.py(), "a journal export is str or bytes"));
        };
        core::Journal::from_jsonl(&bytes).map(PyJournal).or_raise()
    }

    /// The events in append order.
    fn events(&self) -> Vec<PyEvent> {
        self.0.entries().iter().map(|e| PyEvent(e.event.clone())).collect()
    }

    /// The hash of the last entry, as 64 hex digits.
    #[getter]
    fn head(&self) -> String {
        self.0.head().to_string()
    }

    fn projects(&self) -> Vec<PyProject> {
        self.0.state().projects().cloned().map(PyProject).collect()
    }

    fn project(&self, project_id: &str) -> PyResult<PyProject> {
        project_in(self.0.state(), project_id).cloned().map(PyProject)
    }

    fn conflicts(&self) -> Vec<PyConflict> {
        conflicts(self.0.state().conflicts())
    }

    /// Projects per phase, by status: dicts with phase, active, on_hold, cancelled.
    fn phase_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.state().phase_counts())
    }

    /// Phase and status changes dated `start` to `end` (UTC dates, both included), every
    /// project, in time order: rows ready for `pandas.DataFrame`.
    fn transitions_between<'py>(&self, py: Python<'py>, start: Date, end: Date) -> PyResult<Bound<'py, PyAny>> {
        let found: Vec<HistoryRow<'_>> = self
            .0
            .state()
            .transitions_between(start.0, end.0)
            .into_iter()
            .map(|(project, record)| HistoryRow { project_id: project.id.as_str(), record })
            .collect();
        to_py(py, &found)
    }

    /// The history of every project (or one), one row per change, ready for `pandas.DataFrame`.
    #[pyo3(signature = (project_id = None))]
    fn history_rows<'py>(&self, py: Python<'py>, project_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let found: Vec<HistoryRow<'_>> = self
            .0
            .state()
            .projects()
            .filter(|p| project_id.is_none_or(|id| p.id.as_str() == id))
            .flat_map(|p| p.history.iter().map(move |record| HistoryRow { project_id: p.id.as_str(), record }))
            .collect();
        to_py(py, &found)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let constructor = slf.get_type().getattr("from_jsonl")?;
        Ok((constructor, (slf.borrow().0.to_jsonl(),)))
    }

    fn __contains__(&self, event_id: &str) -> bool {
        EventId::try_new(event_id).is_ok_and(|id| self.0.contains(&id))
    }

    fn __repr__(&self) -> String {
        format!("Journal(events={}, projects={}, head={})", self.0.len(), self.0.state().projects().count(), self.0.head())
    }
}
