//! `Journal` (its lifecycle queries; the cost and day-work ones live beside their domains in
//! `cost.rs` and `daywork.rs`), `Event`, `Project`, `Conflict`, `MergeReport`, `Workflow`.

use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use projectledger::cost::CostCentre;
use projectledger::lifecycle::HistoryRecord;
use projectledger::{self as core, Action, ActorId, EventId, Workflow};
use pyo3::prelude::*;
use pyo3::sync::RwLockExt;
use pyo3::types::{PyBytes, PyString};

use crate::calendar::PyWorkCalendar;
use crate::convert::{project_id_of, Date, Timestamp};
use crate::errors::{type_error, OrRaise};
use crate::money::PyCurrency;
use crate::payloads::{payload_arg, payload_to_py};
use crate::rows::to_py;

/// One recorded change: id (chosen by the device), time, actor, payload.
/// The roles every project starts with, each with what it grants on a project that has not
/// redefined it (in the order of the actions): `{"foreman": ["request_approval", …], …}`.
#[pyfunction]
pub fn standard_roles() -> BTreeMap<&'static str, Vec<&'static str>> {
    core::lifecycle::StandardRole::ALL.iter().map(|role| (role.name(), role.actions().iter().map(|a| a.name()).collect())).collect()
}

/// Every action a role can grant, by name.
#[pyfunction]
pub fn actions() -> Vec<&'static str> {
    Action::ALL.iter().map(|a| a.name()).collect()
}

#[pyclass(frozen, eq, module = "projectledger", name = "Event", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyEvent(pub core::Event);

#[pymethods]
impl PyEvent {
    #[new]
    fn new(id: &str, recorded_at: Timestamp, actor: &str, payload: &Bound<'_, PyAny>) -> PyResult<Self> {
        core::Event::try_new(EventId::try_new(id).or_raise()?, recorded_at.0, ActorId::try_new(actor).or_raise()?, payload_arg(payload)?)
            .map(PyEvent)
            .or_raise()
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

    /// The event's JSON (`id`, `recorded_at`, `actor`, `payload`; id-document numbers in full).
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// An event from what `to_json` writes.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Self> {
        core::Event::from_json(json).map(PyEvent).or_raise()
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
        PyWorkflow((*self.0.workflow).clone())
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
    #[getter]
    fn project_id(&self) -> &str {
        self.0.project_id.as_str()
    }
    /// Who recorded the refused event.
    #[getter]
    fn actor(&self) -> &str {
        self.0.actor.as_str()
    }
    /// The entries it dropped, each `{"item": entry id, "reasons": [...]}`.
    #[getter]
    fn dropped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::rows::to_py(py, &self.0.dropped)
    }
    /// How it was settled (`{"event_id", "by", "at", "note"}`), or None while it is open.
    #[getter]
    fn settled<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, pyo3::types::PyDict>>> {
        let Some(settled) = &self.0.settled else { return Ok(None) };
        let dict = pyo3::types::PyDict::new(py);
        dict.set_item("event_id", settled.event_id.as_str())?;
        dict.set_item("by", settled.by.as_str())?;
        dict.set_item("at", settled.at)?;
        dict.set_item("note", &settled.note)?;
        Ok(Some(dict))
    }
    #[getter]
    fn is_open(&self) -> bool {
        self.0.is_open()
    }
    fn __repr__(&self) -> String {
        let state = if self.0.is_open() { "open" } else { "settled" };
        format!("Conflict({:?}, {:?}, {state})", self.0.event_id.as_str(), self.0.error.to_string())
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
    /// The journal for reading. The lock is waited for detached from Python, so a thread
    /// holding it never waits for a thread waiting for it.
    pub(crate) fn read(&self, py: Python<'_>) -> RwLockReadGuard<'_, core::Journal> {
        self.0.read_py_attached(py)
    }

    fn write(&self, py: Python<'_>) -> RwLockWriteGuard<'_, core::Journal> {
        self.0.write_py_attached(py)
    }

    /// The state now, or as it stood at a time.
    pub(crate) fn state_at(&self, py: Python<'_>, as_of: Option<Timestamp>) -> StateAt<'_> {
        let journal = self.read(py);
        match as_of {
            None => StateAt::Now(journal),
            Some(at) => StateAt::Then(Box::new(py.detach(|| journal.state_as_of(at.0)))),
        }
    }
}

/// A state read from a journal: the current one (the journal held for reading), or one as of
/// a time (folded apart).
pub(crate) enum StateAt<'a> {
    Now(RwLockReadGuard<'a, core::Journal>),
    Then(Box<core::Portfolio>),
}

impl std::ops::Deref for StateAt<'_> {
    type Target = core::Portfolio;

    fn deref(&self) -> &core::Portfolio {
        match self {
            StateAt::Now(journal) => journal.state(),
            StateAt::Then(state) => state,
        }
    }
}

/// One project of a state, or UnknownProjectError.
pub(crate) fn project_in<'a>(state: &'a core::Portfolio, project_id: &str) -> PyResult<&'a core::Project> {
    state.project_or_err(&project_id_of(project_id)?).or_raise()
}

pub(crate) fn cost_centre<'a>(state: &'a core::Portfolio, project_id: &str) -> PyResult<&'a CostCentre> {
    state.cost_centre(&project_id_of(project_id)?).or_raise()
}

/// A workflow: phases, the first one, allowed transitions with their gates and roles.
#[pyclass(frozen, eq, module = "projectledger", name = "Workflow", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyWorkflow(pub Workflow);

#[pymethods]
impl PyWorkflow {
    /// A workflow from data, in the form its getters give: phases as dicts (`id`, `name`,
    /// `deliverables`), transitions as dicts (`from`, `to`, `rework`, `gates` — each
    /// `{"check": "deliverable", "deliverable": …}` or `{"check": "approval", "approval": …}` —
    /// and `role`). InvalidWorkflowError lists every problem.
    #[new]
    fn new(name: &str, initial: &str, phases: &Bound<'_, PyAny>, transitions: &Bound<'_, PyAny>) -> PyResult<Self> {
        let refused = |problem| core::Error::InvalidWorkflow { problems: vec![problem] };
        Workflow::new(name, initial, crate::data::from_data(phases, refused)?, crate::data::from_data(transitions, refused)?).map(PyWorkflow).or_raise()
    }
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

/// What one replica sends another: the events after a cursor, and the cursor to ask from next
/// time. Travels as JSON Lines (`to_jsonl` / `Changes.from_jsonl`) over the app's transport.
#[pyclass(frozen, module = "projectledger", name = "Changes")]
pub struct PyChanges(core::Changes);

#[pymethods]
impl PyChanges {
    /// A change set of events a service keeps itself (not taken from a journal), with the
    /// cursor its receiver should ask from next time.
    #[new]
    #[pyo3(signature = (events, cursor = 0))]
    fn new(events: Vec<PyRef<'_, PyEvent>>, cursor: u64) -> Self {
        PyChanges(core::Changes::new(events.iter().map(|e| e.0.clone()).collect(), cursor))
    }
    /// The events, in the sender's order.
    #[getter]
    fn events(&self) -> Vec<PyEvent> {
        self.0.events.iter().cloned().map(PyEvent).collect()
    }
    /// Where the sender's next `changes_since` for the same peer starts.
    #[getter]
    fn cursor(&self) -> u64 {
        self.0.cursor
    }
    /// A header counting the events, then one canonical line per event.
    fn to_jsonl(&self) -> String {
        self.0.to_jsonl()
    }
    /// Reads a change set (str or bytes), all or nothing: a cut one is refused.
    #[staticmethod]
    fn from_jsonl(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes = text_or_bytes(data, "a change set is str or bytes")?;
        py.detach(|| core::Changes::from_jsonl(&bytes)).map(PyChanges).or_raise()
    }
    fn __len__(&self) -> usize {
        self.0.events.len()
    }
    fn __repr__(&self) -> String {
        format!("Changes(events={}, cursor={})", self.0.events.len(), self.0.cursor)
    }
}

/// The bytes of a `str` or `bytes` argument.
fn text_or_bytes(data: &Bound<'_, PyAny>, expected: &str) -> PyResult<Vec<u8>> {
    if let Ok(text) = data.cast::<PyString>() {
        // Encoded into a bytes object dropped here: not cached in the str for as long as it lives.
        Ok(text.encode_utf8()?.as_bytes().to_vec())
    } else if let Ok(bytes) = data.cast::<PyBytes>() {
        Ok(bytes.as_bytes().to_vec())
    } else {
        Err(type_error(data.py(), expected))
    }
}

/// An append-only, hash-chained journal of events and the portfolio they fold into.
#[pyclass(frozen, module = "projectledger", name = "Journal")]
#[derive(Default)]
pub struct PyJournal(RwLock<core::Journal>);

#[pymethods]
impl PyJournal {
    #[new]
    fn new() -> Self {
        PyJournal::default()
    }

    /// Appends an event; False if this very event is held already. Raises (and changes
    /// nothing) if it breaks a rule or another event has its id.
    fn append(&self, py: Python<'_>, event: PyRef<'_, PyEvent>) -> PyResult<bool> {
        let event = event.0.clone();
        let mut guard = self.write(py);
        let journal: &mut core::Journal = &mut guard;
        py.detach(|| journal.append(event)).or_raise()
    }

    /// Appends an event and says what happened: `{"added", "refolded", "budget_warnings",
    /// "day_work_warnings"}` — added is False when this very event was held already,
    /// refolded True when it was older than the newest, and the warnings it raised as Rows.
    fn record<'py>(&self, py: Python<'py>, event: PyRef<'_, PyEvent>) -> PyResult<Bound<'py, PyAny>> {
        let event = event.0.clone();
        let appended = {
            let mut guard = self.write(py);
            let journal: &mut core::Journal = &mut guard;
            py.detach(|| journal.record(event)).or_raise()?
        };
        let answer = crate::rows::to_py(py, &appended)?;
        for key in ["budget_warnings", "day_work_warnings"] {
            answer.set_item(key, crate::rows::as_rows(answer.get_item(key)?)?)?;
        }
        Ok(answer)
    }

    /// Takes every event of `other` this journal lacks; both sides converge. (`other` is read
    /// first and on its own, so two journals merging each other from two threads, or a
    /// journal merging itself, never wait for each other.)
    fn merge(&self, py: Python<'_>, other: PyRef<'_, PyJournal>) -> PyResult<PyMergeReport> {
        let other = other.read(py).clone();
        let mut guard = self.write(py);
        let journal: &mut core::Journal = &mut guard;
        py.detach(|| journal.merge(&other)).map(PyMergeReport).or_raise()
    }

    /// The events after `cursor` (0 for all; else a cursor this journal gave) that `peer`
    /// lacks from this journal: what came from `peer` itself is left out. Send them; keep the
    /// returned cursor for the next sync with that peer.
    #[pyo3(signature = (peer, cursor = 0))]
    fn changes_since(&self, py: Python<'_>, peer: &str, cursor: u64) -> PyResult<PyChanges> {
        let journal = self.read(py);
        py.detach(|| journal.changes_since(peer, cursor)).map(PyChanges).or_raise()
    }

    /// Merges what `peer` sent (its `changes_since`) by the rules of `merge`, noting the
    /// events as the peer's so they are never sent back to it.
    fn apply_changes(&self, py: Python<'_>, peer: &str, changes: PyRef<'_, PyChanges>) -> PyResult<PyMergeReport> {
        let mut guard = self.write(py);
        let journal: &mut core::Journal = &mut guard;
        let changes = &changes.0;
        py.detach(|| journal.apply_changes(peer, changes)).map(PyMergeReport).or_raise()
    }

    /// Checks every link of the hash chain; raises BrokenChainError at the first broken one.
    fn verify(&self, py: Python<'_>) -> PyResult<()> {
        let journal = self.read(py);
        py.detach(|| journal.verify()).or_raise()
    }

    /// JSON Lines: a header line, then one line per event. It is the journal itself, so it
    /// holds workers' id-document numbers in clear (as pickling does); for analytics use
    /// to_redacted_jsonl.
    fn to_jsonl(&self, py: Python<'_>) -> String {
        let journal = self.read(py);
        py.detach(|| journal.to_jsonl())
    }

    /// An analytics export with personal data redacted, clearly no journal (from_jsonl
    /// refuses it): a header, then each event's id, time, actor and payload with id-document
    /// numbers masked, no hashes.
    fn to_redacted_jsonl(&self, py: Python<'_>) -> String {
        let journal = self.read(py);
        py.detach(|| journal.to_redacted_jsonl())
    }

    /// Opens the journal store at `path` (a SQLite file, created when there is none): its
    /// entries are checked and folded, and from then on every append and merge is committed
    /// to disk before it returns. A damaged store raises StoreFailedError naming what is wrong.
    #[staticmethod]
    fn open(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        py.detach(|| core::Journal::open(&path)).map(|journal| PyJournal(RwLock::new(journal))).or_raise()
    }

    /// This journal written to a new store at `path` (its entries in their order, so the
    /// store exports this journal byte for byte), returned durable; this one stays in memory.
    fn save_as(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let journal = self.read(py).clone();
        py.detach(|| journal.into_store(&path)).map(|journal| PyJournal(RwLock::new(journal))).or_raise()
    }

    /// The time to stamp this replica's next event with (aware, UTC): the clock's time, but
    /// after every event held (a hybrid logical clock), so a new event is never folded before
    /// one already held, even when the device's clock stepped back.
    fn now(&self, py: Python<'_>) -> DateTime<Utc> {
        self.read(py).now()
    }

    /// How far ahead of this replica's clock an appended or merged event may be stamped
    /// (10 minutes unless set); one further ahead raises ClockAheadError.
    #[getter]
    fn max_clock_ahead(&self, py: Python<'_>) -> std::time::Duration {
        self.read(py).max_clock_ahead()
    }

    #[setter]
    fn set_max_clock_ahead(&self, py: Python<'_>, max_ahead: std::time::Duration) {
        self.write(py).set_max_clock_ahead(max_ahead);
    }

    /// Whether appends are committed to a store before they return.
    #[getter]
    fn is_durable(&self, py: Python<'_>) -> bool {
        self.read(py).is_durable()
    }

    /// Reads a JSON Lines export (str or bytes), all or nothing. An export cut short (its
    /// trailer line missing) raises MalformedJournalError, unless `prefix=True` asks for the
    /// events there are (each still checked).
    #[staticmethod]
    #[pyo3(signature = (data, *, prefix = false))]
    fn from_jsonl(py: Python<'_>, data: &Bound<'_, PyAny>, prefix: bool) -> PyResult<Self> {
        let bytes = text_or_bytes(data, "a journal export is str or bytes")?;
        let read = if prefix { core::Journal::from_jsonl_prefix } else { core::Journal::from_jsonl };
        py.detach(|| read(&bytes)).map(|journal| PyJournal(RwLock::new(journal))).or_raise()
    }

    /// The events in append order.
    fn events(&self, py: Python<'_>) -> Vec<PyEvent> {
        self.read(py).entries().iter().map(|e| PyEvent(e.event.clone())).collect()
    }

    /// The hash of the last entry, as 64 hex digits.
    #[getter]
    fn head(&self, py: Python<'_>) -> String {
        self.read(py).head().to_string()
    }

    /// A digest of the set of events held (64 hex digits), whatever order they were learnt
    /// in: equal on two replicas exactly when they hold the same events (heads differ after a
    /// two-way merge).
    #[getter]
    fn digest(&self, py: Python<'_>) -> String {
        let journal = self.read(py);
        py.detach(|| journal.digest().to_string())
    }

    /// A digest of the folded state (64 hex digits): equal on two replicas of one library
    /// version exactly when their states are — it checks the fold, where `digest` checks the
    /// events.
    #[getter]
    fn state_digest(&self, py: Python<'_>) -> String {
        let journal = self.read(py);
        py.detach(|| journal.state_digest().to_string())
    }

    fn projects(&self, py: Python<'_>) -> Vec<PyProject> {
        self.read(py).state().projects().cloned().map(PyProject).collect()
    }

    fn project(&self, py: Python<'_>, project_id: &str) -> PyResult<PyProject> {
        project_in(self.read(py).state(), project_id).cloned().map(PyProject)
    }

    fn conflicts(&self, py: Python<'_>) -> Vec<PyConflict> {
        conflicts(self.read(py).state().conflicts())
    }

    /// Projects per phase, by status: dicts with phase, active, on_hold, cancelled.
    fn phase_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.read(py).state().phase_counts())
    }

    /// Phase and status changes dated `start` to `end` (UTC dates, both included), every
    /// project, in time order: rows ready for `pandas.DataFrame`.
    fn transitions_between<'py>(&self, py: Python<'py>, start: Date, end: Date) -> PyResult<Bound<'py, PyAny>> {
        let journal = self.read(py);
        let found: Vec<HistoryRow<'_>> = journal
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
        let journal = self.read(py);
        let found: Vec<HistoryRow<'_>> = journal
            .state()
            .projects()
            .filter(|p| project_id.is_none_or(|id| p.id.as_str() == id))
            .flat_map(|p| p.history.iter().map(move |record| HistoryRow { project_id: p.id.as_str(), record }))
            .collect();
        to_py(py, &found)
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.read(py).len()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let constructor = slf.get_type().getattr("from_jsonl")?;
        Ok((constructor, (slf.get().to_jsonl(slf.py()),)))
    }

    fn __contains__(&self, py: Python<'_>, event_id: &str) -> bool {
        EventId::try_new(event_id).is_ok_and(|id| self.read(py).contains(&id))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let journal = self.read(py);
        format!("Journal(events={}, projects={}, head={})", journal.len(), journal.state().projects().count(), journal.head())
    }
}
