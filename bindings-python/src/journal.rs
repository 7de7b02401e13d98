//! `Journal`, `Event`, the payload classes, `Project`, `Conflict`, `MergeReport`.

use chrono::{DateTime, Utc};
use projectledger::{self as core, ActorId, EventId, Payload, ProjectId};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::calendar::PyWorkCalendar;
use crate::convert::Timestamp;
use crate::errors::{type_error, OrRaise};
use crate::money::{currency_arg, PyCurrency};

/// Payload: a project is created with its currency (fixed) and calendar.
#[pyclass(frozen, eq, module = "projectledger", name = "ProjectCreated", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyProjectCreated(Payload);

#[pymethods]
impl PyProjectCreated {
    #[new]
    fn new(project_id: &str, name: String, code: String, currency: &Bound<'_, PyAny>, calendar: PyRef<'_, PyWorkCalendar>) -> PyResult<Self> {
        Ok(PyProjectCreated(Payload::ProjectCreated {
            project_id: ProjectId::try_new(project_id).or_raise()?,
            name,
            code,
            currency: currency_arg(currency)?,
            calendar: Box::new(calendar.0.clone()),
        }))
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
            Payload::ProjectCreated { currency, .. } => Some(PyCurrency(*currency)),
            Payload::ProjectSettingsChanged { .. } => None,
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
        Ok(PyProjectSettingsChanged(Payload::ProjectSettingsChanged {
            project_id: ProjectId::try_new(project_id).or_raise()?,
            name,
            code,
            calendar: calendar.map(|c| Box::new(c.0.clone())),
        }))
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
    match payload {
        Payload::ProjectCreated { project_id, .. } | Payload::ProjectSettingsChanged { project_id, .. } => project_id.to_string(),
    }
}

/// Name, code and calendar a payload sets (all three for a creation).
fn payload_settings(payload: &Payload) -> (Option<String>, Option<String>, Option<PyWorkCalendar>) {
    match payload {
        Payload::ProjectCreated { name, code, calendar, .. } => {
            (Some(name.clone()), Some(code.clone()), Some(PyWorkCalendar((**calendar).clone())))
        }
        Payload::ProjectSettingsChanged { name, code, calendar, .. } => {
            (name.clone(), code.clone(), calendar.as_deref().cloned().map(PyWorkCalendar))
        }
    }
}

fn payload_to_py(py: Python<'_>, payload: &Payload) -> PyResult<Py<PyAny>> {
    Ok(match payload {
        Payload::ProjectCreated { .. } => PyProjectCreated(payload.clone()).into_pyobject(py)?.into_any().unbind(),
        Payload::ProjectSettingsChanged { .. } => PyProjectSettingsChanged(payload.clone()).into_pyobject(py)?.into_any().unbind(),
    })
}

fn payload_arg(obj: &Bound<'_, PyAny>) -> PyResult<Payload> {
    if let Ok(created) = obj.cast::<PyProjectCreated>() {
        return Ok(created.get().0.clone());
    }
    if let Ok(changed) = obj.cast::<PyProjectSettingsChanged>() {
        return Ok(changed.get().0.clone());
    }
    Err(type_error(obj.py(), "a payload is ProjectCreated or ProjectSettingsChanged"))
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
    fn __repr__(&self) -> String {
        format!("Project(id={:?}, code={:?}, name={:?}, currency={})", self.0.id.as_str(), self.0.code, self.0.name, self.0.currency)
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
        let id = ProjectId::try_new(project_id).or_raise()?;
        self.0
            .state()
            .project(&id)
            .cloned()
            .map(PyProject)
            .ok_or(core::Error::UnknownProject { project_id: project_id.to_owned() })
            .or_raise()
    }

    fn conflicts(&self) -> Vec<PyConflict> {
        conflicts(self.0.state().conflicts())
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
