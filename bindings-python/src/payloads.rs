//! The payload classes: one Python class a payload, each wrapping the core's `Payload`, and
//! the table that makes their conversion, argument check and registration.

use std::str::FromStr;

use projectledger::cost::{BudgetControl, CostEvent};
use projectledger::funds::FundEvent;
use projectledger::governance::GovernanceEvent;
use projectledger::schedule::ScheduleEvent;
use projectledger::labour::{EntryState, IdNumber, LabourEvent, Reversal, Worker};
use projectledger::lifecycle::{LifecycleEvent, Status};
use projectledger::{Action, ActorId, Payload};
use pyo3::prelude::*;

use crate::calendar::PyWorkCalendar;
use crate::convert::{project_id_of, Amount, Date};
use crate::cost::{self, named, Line, PyCostBreakdown};
use crate::daywork::{self, PyDayWorkEntry};
use crate::fund_payloads::*;
use crate::schedule_payloads::*;
use crate::governance::*;
use crate::errors::{type_error, OrRaise};
use crate::journal::PyWorkflow;
use crate::money::{currency_arg, PyCurrency};

pub(crate) fn payload_project(payload: &Payload) -> String {
    payload.project_id().to_string()
}


/// The payload's fields as a dict, as the journal's JSON has them but with any id-document
/// number masked (for inspection; the classes are what the journal takes).
pub(crate) fn payload_dict<'py>(py: Python<'py>, payload: &Payload) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (payload.to_redacted_json().to_string(),))
}

/// A payload's journal JSON, with any id-document number masked (personal data).
pub(crate) fn payload_repr(payload: &Payload) -> String {
    payload.to_redacted_json().to_string()
}

macro_rules! payload_class {
    ($(#[$doc:meta])* $class:ident, $name:literal, $($constructor:tt)*) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, module = "projectledger", name = $name, from_py_object)]
        #[derive(Clone, PartialEq)]
        pub struct $class(pub(crate) Payload);

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

            /// The journal's JSON of the payload, id-document numbers in full (for a server
            /// or a queue, not for logs): what `payload_from_json` reads back.
            fn to_json(&self) -> String {
                self.0.to_json()
            }

            fn __repr__(&self) -> String {
                format!("{}({})", $name, payload_repr(&self.0))
            }
        }
    };
}
pub(crate) use payload_class;

payload_class!(
    /// Payload: a project is created with its currency (fixed) and calendar.
    PyProjectCreated, "ProjectCreated",
    #[new]
    fn new(project_id: &str, name: String, code: String, currency: &Bound<'_, PyAny>, calendar: PyRef<'_, PyWorkCalendar>) -> PyResult<Self> {
        let currency = currency_arg(currency)?;
        Ok(Self(LifecycleEvent::ProjectCreated { project_id: project_id_of(project_id)?, name, code, currency, calendar: Box::new(calendar.0.clone()) }.into()))
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
);
payload_class!(
    /// Payload: some settings of a project change; `None` leaves a setting as it is.
    PyProjectSettingsChanged, "ProjectSettingsChanged",
    #[new]
    #[pyo3(signature = (project_id, *, name = None, code = None, calendar = None))]
    fn new(project_id: &str, name: Option<String>, code: Option<String>, calendar: Option<PyRef<'_, PyWorkCalendar>>) -> PyResult<Self> {
        let calendar = calendar.map(|c| Box::new(c.0.clone()));
        Ok(Self(LifecycleEvent::ProjectSettingsChanged { project_id: project_id_of(project_id)?, name, code, calendar }.into()))
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
);
payload_class!(
    /// Payload: the project's workflow is replaced.
    PyWorkflowChanged, "WorkflowChanged",
    #[new]
    fn new(project_id: &str, workflow: PyRef<'_, PyWorkflow>) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::WorkflowChanged { project_id: project_id_of(project_id)?, workflow: Box::new(workflow.0.clone()) })))
    }
);
payload_class!(
    /// Payload: the project moves to another phase, through the workflow's gates.
    PyPhaseChanged, "PhaseChanged",
    #[new]
    #[pyo3(signature = (project_id, to, reason = String::new()))]
    fn new(project_id: &str, to: String, reason: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::PhaseChanged { project_id: project_id_of(project_id)?, to, reason })))
    }
);
payload_class!(
    /// Payload: hold ("on_hold"), resume ("active") or cancel ("cancelled").
    PyStatusChanged, "StatusChanged",
    #[new]
    #[pyo3(signature = (project_id, to, reason = String::new()))]
    fn new(project_id: &str, to: &str, reason: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::StatusChanged { project_id: project_id_of(project_id)?, to: Status::from_str(to).or_raise()?, reason })))
    }
);
payload_class!(
    /// Payload: a deliverable of the checklist is recorded.
    PyDeliverableRecorded, "DeliverableRecorded",
    #[new]
    #[pyo3(signature = (project_id, deliverable, reference = String::new()))]
    fn new(project_id: &str, deliverable: String, reference: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::DeliverableRecorded { project_id: project_id_of(project_id)?, deliverable, reference })))
    }
);
payload_class!(
    /// Payload: an approval is asked for.
    PyApprovalRequested, "ApprovalRequested",
    #[new]
    #[pyo3(signature = (project_id, approval_id, kind, note = String::new()))]
    fn new(project_id: &str, approval_id: String, kind: String, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::ApprovalRequested { project_id: project_id_of(project_id)?, approval_id, kind, note })))
    }
);
payload_class!(
    /// Payload: an approval is decided (by someone other than who asked).
    PyApprovalDecided, "ApprovalDecided",
    #[new]
    #[pyo3(signature = (project_id, approval_id, approved, note = String::new()))]
    fn new(project_id: &str, approval_id: String, approved: bool, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::ApprovalDecided { project_id: project_id_of(project_id)?, approval_id, approved, note })))
    }
);
payload_class!(
    /// Payload: a role is defined as a set of actions.
    PyRoleDefined, "RoleDefined",
    #[new]
    fn new(project_id: &str, role: String, actions: Vec<String>) -> PyResult<Self> {
        let actions = actions.iter().map(|a| Action::from_str(a)).collect::<Result<_, _>>().or_raise()?;
        Ok(Self(Payload::Lifecycle(LifecycleEvent::RoleDefined { project_id: project_id_of(project_id)?, role, actions })))
    }
);
payload_class!(
    /// Payload: a member is given a role.
    PyRoleGranted, "RoleGranted",
    #[new]
    fn new(project_id: &str, member: &str, role: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::RoleGranted { project_id: project_id_of(project_id)?, member: ActorId::try_new(member).or_raise()?, role })))
    }
);
payload_class!(
    /// Payload: a member loses a role.
    PyRoleRevoked, "RoleRevoked",
    #[new]
    fn new(project_id: &str, member: &str, role: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::RoleRevoked { project_id: project_id_of(project_id)?, member: ActorId::try_new(member).or_raise()?, role })))
    }
);
payload_class!(
    /// Payload: a conflict (an event a merge refused) is settled — re-recorded, corrected or
    /// let go, as the note says; by its recorder or a member who may approve.
    PyConflictSettled, "ConflictSettled",
    #[new]
    #[pyo3(signature = (project_id, event_id, note = String::new()))]
    fn new(project_id: &str, event_id: &str, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Lifecycle(LifecycleEvent::ConflictSettled { project_id: project_id_of(project_id)?, event_id: projectledger::EventId::try_new(event_id).or_raise()?, note })))
    }
);










payload_class!(
    /// Payload: the cost breakdown is defined (or redefined; cells holding figures stay leaves).
    PyCostBreakdownDefined, "CostBreakdownDefined",
    #[new]
    fn new(project_id: &str, breakdown: PyRef<'_, PyCostBreakdown>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::CostBreakdownDefined { project_id: project_id_of(project_id)?, breakdown: Box::new(breakdown.0.clone()) })))
    }
);
payload_class!(
    /// Payload: original budget amounts of leaf cells, lines as (code, cost_type, amount).
    PyBudgetLinesSet, "BudgetLinesSet",
    #[new]
    fn new(project_id: &str, lines: Vec<Line>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::BudgetLinesSet { project_id: project_id_of(project_id)?, lines: cost::lines(lines) })))
    }
);
payload_class!(
    /// Payload: the original budget is locked.
    PyBaselineLocked, "BaselineLocked",
    #[new]
    fn new(project_id: &str) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::BaselineLocked { project_id: project_id_of(project_id)? })))
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
            project_id: project_id_of(project_id)?,
            document_id: document_id.into(),
            kind: named("document kind", kind)?,
            title,
            lines: cost::lines(lines),
            commitment_id: commitment_id.map(Into::into),
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
        Ok(Self(Payload::Cost(CostEvent::CostDocumentMoved { project_id: project_id_of(project_id)?, document_id: document_id.into(), to: named("document status", to)?, note })))
    }
);
payload_class!(
    /// Payload: an invoice (kind "invoice", against a commitment), a direct or a labour cost.
    PyCostRecorded, "CostRecorded",
    #[new]
    #[pyo3(signature = (project_id, cost_id, kind, lines, description = String::new(), commitment_id = None, allow_over_commitment = false))]
    fn new(project_id: &str, cost_id: String, kind: &str, lines: Vec<Line>, description: String, commitment_id: Option<String>, allow_over_commitment: bool) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::CostRecorded {
            project_id: project_id_of(project_id)?,
            cost_id,
            kind: named("cost kind", kind)?,
            commitment_id: commitment_id.map(Into::into),
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
        Ok(Self(Payload::Cost(CostEvent::BudgetControlSet { project_id: project_id_of(project_id)?, code: code.map(Into::into), control })))
    }
);
payload_class!(
    /// Payload: a leaf cell's forecast: "automatic", "lump_sum" with an amount, or "manual"
    /// with items (description, quantity, unit_cost).
    PyForecastSet, "ForecastSet",
    #[new]
    #[pyo3(signature = (project_id, code, cost_type, method, amount = None, items = None))]
    fn new(project_id: &str, code: String, cost_type: String, method: &str, amount: Option<Amount>, items: Option<Vec<(String, Amount, Amount)>>) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::ForecastSet { project_id: project_id_of(project_id)?, code: code.into(), cost_type, method: cost::forecast_method(method, amount, items)? })))
    }
);
payload_class!(
    /// Payload: the prime contract's original value.
    PyContractValueSet, "ContractValueSet",
    #[new]
    fn new(project_id: &str, amount: Amount) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::ContractValueSet { project_id: project_id_of(project_id)?, amount: amount.0 })))
    }
);
payload_class!(
    /// Payload: an amount billed to the client ("billed") or received from them ("received").
    PyRevenueRecorded, "RevenueRecorded",
    #[new]
    fn new(project_id: &str, entry_id: String, kind: &str, amount: Amount) -> PyResult<Self> {
        Ok(Self(Payload::Cost(CostEvent::RevenueRecorded { project_id: project_id_of(project_id)?, entry_id, kind: named("revenue kind", kind)?, amount: amount.0 })))
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
            project_id: project_id_of(project_id)?,
            code: code.into(),
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
        Ok(Self(Payload::Cost(CostEvent::ProgressRecorded { project_id: project_id_of(project_id)?, code: code.into(), progress: cost::progress(kind, milestone, percent)? })))
    }
);

payload_class!(
    /// Payload: a worker joins the project's roster (实名制). The id-document number is
    /// personal data: `repr` masks it (`to_dict` gives the journal's fields as they are).
    PyWorkerRegistered, "WorkerRegistered",
    #[new]
    fn new(project_id: &str, worker_id: String, name: String, id_number: &str, trade: String, team: String, employer: String) -> PyResult<Self> {
        let worker = Worker { worker_id: worker_id.into(), name, id_number: IdNumber::new(id_number).or_raise()?, trade, team, employer };
        Ok(Self(Payload::Labour(LabourEvent::WorkerRegistered { project_id: project_id_of(project_id)?, worker })))
    }
);

payload_class!(
    /// Payload: a day-work rate of the project, for a trade or for one worker (give one), per
    /// "hour" or "workday" (工日), from a date until the next rate of the same scope.
    PyLabourRateSet, "LabourRateSet",
    #[new]
    #[pyo3(signature = (project_id, valid_from, unit, amount, *, trade = None, worker_id = None))]
    fn new(project_id: &str, valid_from: Date, unit: &str, amount: Amount, trade: Option<String>, worker_id: Option<String>) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::LabourRateSet { project_id: project_id_of(project_id)?, rate: daywork::rate(valid_from, unit, amount, trade, worker_id)? })))
    }
);
payload_class!(
    /// Payload: the project's overtime multipliers (Labour Law art. 44: ×1.5, ×2, ×3 by
    /// default) and the hours of a 工日 (8 by default).
    PyOvertimePolicySet, "OvertimePolicySet",
    #[new]
    #[pyo3(signature = (project_id, *, working_day = None, rest_day = None, statutory_holiday = None, hours_per_workday = None))]
    fn new(project_id: &str, working_day: Option<Amount>, rest_day: Option<Amount>, statutory_holiday: Option<Amount>, hours_per_workday: Option<Amount>) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::OvertimePolicySet { project_id: project_id_of(project_id)?, policy: daywork::policy(working_day, rest_day, statutory_holiday, hours_per_workday) })))
    }
);
payload_class!(
    /// Payload: a batch of day-work entries, accepted whole or refused whole
    /// (InvalidDayWorkError names every problem with its entry id).
    PyDayWorkRecorded, "DayWorkRecorded",
    #[new]
    fn new(project_id: &str, entries: Vec<PyDayWorkEntry>) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::DayWorkRecorded { project_id: project_id_of(project_id)?, entries: entries.into_iter().map(|e| e.0).collect() })))
    }
);
payload_class!(
    /// Payload: corrections of approved or paid entries, as (entry_id, reverses, reason)
    /// tuples: each a new entry with the original's hours and amount negated.
    PyDayWorkReversed, "DayWorkReversed",
    #[new]
    fn new(project_id: &str, reversals: Vec<(String, String, String)>) -> PyResult<Self> {
        let reversals = reversals.into_iter().map(|(entry_id, reverses, reason)| Reversal { entry_id: entry_id.into(), reverses: reverses.into(), reason }).collect();
        Ok(Self(Payload::Labour(LabourEvent::DayWorkReversed { project_id: project_id_of(project_id)?, reversals })))
    }
);
payload_class!(
    /// Payload: entries move to "submitted", "approved", "rejected" or "paid" (named one by
    /// one; Journal.select_day_work finds a team's entries of a period).
    PyDayWorkMoved, "DayWorkMoved",
    #[new]
    #[pyo3(signature = (project_id, entry_ids, to, note = String::new()))]
    fn new(project_id: &str, entry_ids: Vec<String>, to: &str, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::DayWorkMoved { project_id: project_id_of(project_id)?, entry_ids: entry_ids.into_iter().map(Into::into).collect(), to: EntryState::from_name(to).or_raise()?, note })))
    }
);
payload_class!(
    /// Payload: day work is locked through a day (payroll closed): no new entries there, no
    /// re-costing.
    PyDayWorkPeriodLocked, "DayWorkPeriodLocked",
    #[new]
    fn new(project_id: &str, through: Date) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::DayWorkPeriodLocked { project_id: project_id_of(project_id)?, through: through.0 })))
    }
);
payload_class!(
    /// Payload: a deduction from a worker's wages of a month (any day of it).
    PyWageDeductionRecorded, "WageDeductionRecorded",
    #[new]
    #[pyo3(signature = (project_id, deduction_id, worker_id, month, amount, reason = String::new()))]
    fn new(project_id: &str, deduction_id: String, worker_id: String, month: Date, amount: Amount, reason: String) -> PyResult<Self> {
        Ok(Self(Payload::Labour(LabourEvent::WageDeductionRecorded { project_id: project_id_of(project_id)?, deduction_id, worker_id: worker_id.into(), month: month.0, amount: amount.0, reason })))
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
        pub(crate) fn payload_to_py(py: Python<'_>, payload: &Payload) -> PyResult<Py<PyAny>> {
            let p = payload.clone();
            Ok(match payload {
                $(Payload::$domain($event::$variant { .. }) => $class(p).into_pyobject(py)?.into_any().unbind(),)*
                // A core payload without a line here: the scenarios' every-kind test names it.
                other => return Err(type_error(py, &format!("payload {:?} has no Python class yet", other.to_redacted_json()["type"]))),
            })
        }

        pub(crate) fn payload_arg(obj: &Bound<'_, PyAny>) -> PyResult<Payload> {
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
    Lifecycle(LifecycleEvent::ConflictSettled) => PyConflictSettled,
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
    Funds(FundEvent::FundSourceRegistered) => PyFundSourceRegistered,
    Funds(FundEvent::FundSourceChanged) => PyFundSourceChanged,
    Funds(FundEvent::FundsAllocated) => PyFundsAllocated,
    Funds(FundEvent::FundsTransferred) => PyFundsTransferred,
    Funds(FundEvent::PaymentTermsSet) => PyPaymentTermsSet,
    Funds(FundEvent::PaymentApplicationDrafted) => PyPaymentApplicationDrafted,
    Funds(FundEvent::PaymentApplicationMoved) => PyPaymentApplicationMoved,
    Funds(FundEvent::PaymentRecorded) => PyPaymentRecorded,
    Funds(FundEvent::WageAccountSet) => PyWageAccountSet,
    Schedule(ScheduleEvent::ScheduleSettingsSet) => PyScheduleSettingsSet,
    Schedule(ScheduleEvent::ScheduleCalendarSet) => PyScheduleCalendarSet,
    Schedule(ScheduleEvent::ActivitiesSet) => PyActivitiesSet,
    Schedule(ScheduleEvent::ActivityRemoved) => PyActivityRemoved,
    Schedule(ScheduleEvent::LinksSet) => PyLinksSet,
    Schedule(ScheduleEvent::ActivityProgressRecorded) => PyActivityProgressRecorded,
    Schedule(ScheduleEvent::BaselineSaved) => PyBaselineSaved,
    Schedule(ScheduleEvent::BaselineImported) => PyBaselineImported,
    Governance(GovernanceEvent::RiskIdentified) => PyRiskIdentified,
    Governance(GovernanceEvent::RiskAssessed) => PyRiskAssessed,
    Governance(GovernanceEvent::RiskResponsePlanned) => PyRiskResponsePlanned,
    Governance(GovernanceEvent::RiskActionDone) => PyRiskActionDone,
    Governance(GovernanceEvent::RiskObserved) => PyRiskObserved,
    Governance(GovernanceEvent::RiskClosed) => PyRiskClosed,
    Governance(GovernanceEvent::ContingencyReserveSet) => PyContingencyReserveSet,
    Governance(GovernanceEvent::SupplierGradingSet) => PySupplierGradingSet,
    Governance(GovernanceEvent::SupplierDeliveryRecorded) => PySupplierDeliveryRecorded,
    Governance(GovernanceEvent::SupplierEvaluated) => PySupplierEvaluated,
    Governance(GovernanceEvent::ReviewItemPassed) => PyReviewItemPassed,
    Governance(GovernanceEvent::ReviewExemptionRequested) => PyReviewExemptionRequested,
    Governance(GovernanceEvent::ReviewExemptionDecided) => PyReviewExemptionDecided,
    Governance(GovernanceEvent::KpiDefined) => PyKpiDefined,
    Governance(GovernanceEvent::BenefitPlanned) => PyBenefitPlanned,
    Governance(GovernanceEvent::BenefitMeasured) => PyBenefitMeasured,
}

/// A payload from the JSON the journal writes for it (`{"type": "...", "data": {...}}`), as
/// its payload class: for events coming from other systems or files.
#[pyfunction]
pub fn payload_from_json(py: Python<'_>, json: &str) -> PyResult<Py<PyAny>> {
    let payload = Payload::from_json(json).map_err(crate::errors::to_py_err)?;
    payload_to_py(py, &payload)
}
