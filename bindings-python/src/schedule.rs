//! Schedule control from Python: activities (durations in working days, or hours as a
//! `timedelta`) and links in, the computed schedule out — its rows as `Rows` (dates as
//! `datetime.date`, clock times as `datetime.time`, floats as ints), the project finish and
//! the critical path.

use projectledger::schedule::{self as core_schedule, Activity, Constraint, Duration, Link, Progress, Schedule, ScheduleOptions};
use projectledger::Decimal;
use pyo3::prelude::*;
use pyo3::types::{PyDelta, PyDict};

use crate::calendar::PyWorkCalendar;
use crate::convert::{Date, Int};
use crate::cost::named;
use crate::errors::{type_error, OrRaise};
use crate::rows::{typed_rows, to_py};

/// How long work takes, from Python: an `int` of working days, or a `datetime.timedelta` of
/// working time (hours on the calendar's working day; scheduled to the minute).
pub struct WorkDuration(pub Duration);

impl<'a, 'py> FromPyObject<'a, 'py> for WorkDuration {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if obj.is_instance_of::<PyDelta>() {
            let delta: chrono::TimeDelta = obj.extract()?;
            let micros = delta.num_microseconds().ok_or_else(|| crate::errors::to_py_err(projectledger::Error::invalid_field("duration", format!("{delta} is out of range"))))?;
            if micros < 0 {
                return Err(crate::errors::to_py_err(projectledger::Error::invalid_field("duration", format!("{delta} of working time is below zero"))));
            }
            let hours = Decimal::from(micros).checked_div(Decimal::from(3_600_000_000_i64)).unwrap_or_default().round_dp(6);
            return Ok(WorkDuration(Duration::hours(hours)));
        }
        let Int(days) = obj.extract::<Int<i64>>().map_err(|_| type_error(py, "a duration is an int of working days or a datetime.timedelta of working hours"))?;
        u32::try_from(days)
            .map(|days| WorkDuration(Duration::Days(days)))
            .map_err(|_| crate::errors::to_py_err(projectledger::Error::invalid_field("duration", format!("{days} working days is {}", if days < 0 { "below zero" } else { "too long" }))))
    }
}

/// A duration for Python: working days as an `int`, working hours as a `timedelta`.
pub fn duration_to_py<'py>(py: Python<'py>, duration: Duration) -> PyResult<Bound<'py, PyAny>> {
    match duration {
        Duration::Days(days) => Ok(days.into_pyobject(py)?.into_any()),
        Duration::Hours { hours } => {
            let micros = hours.checked_mul(Decimal::from(3_600_000_000_i64)).and_then(|m| i64::try_from(m.round()).ok()).unwrap_or(i64::MAX);
            chrono::TimeDelta::microseconds(micros).into_pyobject(py).map(|d| d.into_any())
        }
    }
}

/// An activity (a milestone when its duration is 0): an id, a name, a duration — an `int` of
/// working days or a `timedelta` of working hours — on its calendar (a named one of `schedule(calendars=…)`, or the project's), a
/// constraint as (kind, date) — kind "start_no_earlier_than", "finish_no_earlier_than",
/// "start_no_later_than", "finish_no_later_than", "must_start_on" or "must_finish_on" — a
/// deadline, and the cost code whose work package it dates (planned value follows it).
#[pyclass(frozen, eq, module = "projectledger", name = "Activity", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyActivity(pub Activity);

#[pymethods]
impl PyActivity {
    #[new]
    #[pyo3(signature = (id, name, duration, *, calendar = None, constraint = None, deadline = None, cost_code = None, wbs = None, assignee = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        id: String,
        name: String,
        duration: WorkDuration,
        calendar: Option<String>,
        constraint: Option<(String, Date)>,
        deadline: Option<Date>,
        cost_code: Option<String>,
        wbs: Option<String>,
        assignee: Option<String>,
    ) -> PyResult<Self> {
        let constraint = constraint.map(|(kind, date)| named::<ConstraintKind>("constraint", &kind).map(|k| k.with(date.0))).transpose()?;
        Ok(PyActivity(Activity { id, name, duration: duration.0, calendar, constraint, deadline: deadline.map(|d| d.0), cost_code: cost_code.map(Into::into), wbs, assignee }))
    }

    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// Working days (an int) or working hours (a timedelta).
    #[getter]
    fn duration<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        duration_to_py(py, self.0.duration)
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn calendar(&self) -> Option<&str> {
        self.0.calendar.as_deref()
    }

    /// The constraint as (kind, date), or None.
    #[getter]
    fn constraint(&self) -> Option<(String, chrono::NaiveDate)> {
        let value = serde_json::to_value(self.0.constraint?).ok()?;
        Some((value["kind"].as_str()?.to_owned(), chrono::NaiveDate::parse_from_str(value["date"].as_str()?, "%Y-%m-%d").ok()?))
    }

    #[getter]
    fn deadline(&self) -> Option<chrono::NaiveDate> {
        self.0.deadline
    }

    #[getter]
    fn cost_code(&self) -> Option<&str> {
        self.0.cost_code.as_deref()
    }

    #[getter]
    fn wbs(&self) -> Option<&str> {
        self.0.wbs.as_deref()
    }

    #[getter]
    fn assignee(&self) -> Option<&str> {
        self.0.assignee.as_deref()
    }

    fn __repr__(&self) -> String {
        format!("Activity({})", serde_json::to_string(&self.0).unwrap_or_default())
    }
}

/// A constraint's kind, by the name the journal uses.
#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum ConstraintKind {
    StartNoEarlierThan,
    FinishNoEarlierThan,
    StartNoLaterThan,
    FinishNoLaterThan,
    MustStartOn,
    MustFinishOn,
}

impl ConstraintKind {
    fn with(self, date: chrono::NaiveDate) -> Constraint {
        match self {
            ConstraintKind::StartNoEarlierThan => Constraint::StartNoEarlierThan { date },
            ConstraintKind::FinishNoEarlierThan => Constraint::FinishNoEarlierThan { date },
            ConstraintKind::StartNoLaterThan => Constraint::StartNoLaterThan { date },
            ConstraintKind::FinishNoLaterThan => Constraint::FinishNoLaterThan { date },
            ConstraintKind::MustStartOn => Constraint::MustStartOn { date },
            ConstraintKind::MustFinishOn => Constraint::MustFinishOn { date },
        }
    }
}

/// A link from Python: `(predecessor, successor, kind)` or `(predecessor, successor, kind,
/// lag)`, kind "fs", "ss", "ff" or "sf", the lag in working days (negative: a lead).
pub struct PyLink(Link);

impl PyLink {
    /// The core link.
    pub fn into_link(self) -> Link {
        self.0
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for PyLink {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let (predecessor, successor, kind, lag) = match obj.extract::<(String, String, String, Int<i32>)>() {
            Ok((p, s, k, lag)) => (p, s, k, lag.0),
            Err(_) => match obj.extract::<(String, String, String)>() {
                Ok((p, s, k)) => (p, s, k, 0),
                Err(_) => return Err(type_error(obj.py(), "a link is (predecessor, successor, kind) or (predecessor, successor, kind, lag)")),
            },
        };
        Ok(PyLink(Link { predecessor, successor, kind: named("link kind", &kind)?, lag }))
    }
}

/// Progress as Python gives it: (actual start, actual finish or None, remaining working days
/// or a timedelta of working hours).
type ProgressTuple = (Date, Option<Date>, WorkDuration);

/// Progress for Python: (actual start, actual finish or None, what is left).
type ProgressOut<'py> = (chrono::NaiveDate, Option<chrono::NaiveDate>, Bound<'py, PyAny>);

/// A computed schedule: `activities` (Rows: id, early_start, early_finish, late_start,
/// late_finish, early_start_time, early_finish_time (`datetime.time`), total_float,
/// free_float (whole working days, rounded down), total_float_minutes, free_float_minutes
/// (exact), critical), `project_finish`, `critical_path`.
#[pyclass(frozen, module = "projectledger", name = "Schedule")]
pub struct PySchedule(pub Schedule);

#[pymethods]
impl PySchedule {
    #[getter]
    fn activities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        typed_rows(py, &self.0.activities, None)
    }

    #[getter]
    fn project_finish(&self) -> chrono::NaiveDate {
        self.0.project_finish
    }

    #[getter]
    fn critical_path(&self) -> Vec<String> {
        self.0.critical_path.clone()
    }

    /// The whole schedule as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!("Schedule({} activities, finish {}, critical {})", self.0.activities.len(), self.0.project_finish, self.0.critical_path.join(" → "))
    }
}

/// The critical path method over `activities` and `links` from `project_start` on `calendar`
/// (the project's; activities may name others in `calendars`): early and late dates, total
/// float (on `float_basis`: "finish", "start", "smallest") and free float in working days,
/// critical at or below `critical_float`. `scheduler` "ms_project" or "primavera" decides where
/// the two differ; lags count on `lag_calendar` ("successor", "predecessor", "project",
/// "elapsed"). With a `status_date` and `progress` ({id: (actual_start, actual_finish or None,
/// remaining working days or a timedelta of hours)}), finished work keeps its dates, work
/// under way finishes what remains from the status date and nothing unstarted starts before it. Every input
/// problem is raised at once (InvalidScheduleError); a cycle raises
/// DependencyCycleError naming its activities.
#[pyfunction]
#[pyo3(signature = (activities, links, project_start, calendar, *, calendars = None, scheduler = "ms_project", lag_calendar = "successor", float_basis = "finish", critical_float = 0, status_date = None, progress = None))]
#[allow(clippy::too_many_arguments)]
pub fn schedule(
    py: Python<'_>,
    activities: Vec<PyActivity>,
    links: Vec<PyLink>,
    project_start: Date,
    calendar: PyRef<'_, PyWorkCalendar>,
    calendars: Option<Bound<'_, PyDict>>,
    scheduler: &str,
    lag_calendar: &str,
    float_basis: &str,
    critical_float: i64,
    status_date: Option<Date>,
    progress: Option<std::collections::BTreeMap<String, ProgressTuple>>,
) -> PyResult<PySchedule> {
    let progress: std::collections::BTreeMap<String, Progress> = progress
        .unwrap_or_default()
        .into_iter()
        .map(|(id, (start, finish, remaining))| (id, Progress { actual_start: start.0, actual_finish: finish.map(|f| f.0), remaining_duration: remaining.0 }))
        .collect();
    let mut named_calendars = core_schedule::Calendars::new();
    for (name, value) in calendars.iter().flat_map(|d| d.iter()) {
        let calendar = value.extract::<PyRef<'_, PyWorkCalendar>>().map_err(|_| type_error(py, "calendars maps names to WorkCalendar objects"))?;
        named_calendars.insert(name.extract::<String>()?, calendar.0.clone());
    }
    let options = options_of(project_start, scheduler, lag_calendar, float_basis, critical_float)?;
    let activities: Vec<Activity> = activities.into_iter().map(|a| a.0).collect();
    let links: Vec<Link> = links.into_iter().map(|l| l.0).collect();
    let project_calendar = calendar.0.clone();
    let status_date = status_date.map(|d| d.0);
    py.detach(|| core_schedule::reschedule(&activities, &links, &options, &project_calendar, &named_calendars, &progress, status_date)).map(PySchedule).or_raise()
}

/// Schedule options from Python's keywords, each name checked.
pub fn options_of(project_start: Date, scheduler: &str, lag_calendar: &str, float_basis: &str, critical_float: i64) -> PyResult<ScheduleOptions> {
    Ok(ScheduleOptions {
        project_start: project_start.0,
        scheduler: named("scheduler", scheduler)?,
        lag_calendar: named("lag_calendar", lag_calendar)?,
        float_basis: named("float_basis", float_basis)?,
        critical_float,
    })
}

/// A schedule read from a file: `name`, `project_start`, `project_calendar`, `calendars`
/// ({name: WorkCalendar}), `activities` ([Activity]), `links` ([(predecessor, successor, kind,
/// lag)]), `baseline` ({id: (start, finish)}), `unsupported` (what the file holds that the
/// schedule does not, one line each); `events(project_id)` plans it on a project.
#[pyclass(frozen, module = "projectledger", name = "ScheduleFile")]
pub struct PyScheduleFile(pub core_schedule::ScheduleFile);

#[pymethods]
impl PyScheduleFile {
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    #[getter]
    fn project_start(&self) -> chrono::NaiveDate {
        self.0.settings.project_start
    }
    #[getter]
    fn project_calendar(&self) -> Option<String> {
        self.0.project_calendar.clone()
    }
    #[getter]
    fn calendars(&self) -> std::collections::BTreeMap<String, PyWorkCalendar> {
        self.0.calendars.iter().map(|(name, c)| (name.clone(), PyWorkCalendar(c.clone()))).collect()
    }
    #[getter]
    fn activities(&self) -> Vec<PyActivity> {
        self.0.activities.iter().cloned().map(PyActivity).collect()
    }
    #[getter]
    fn links(&self) -> Vec<(String, String, String, i32)> {
        self.0.links.iter().map(|l| (l.predecessor.clone(), l.successor.clone(), serde_json::to_value(l.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(), l.lag)).collect()
    }
    #[getter]
    fn baseline(&self) -> std::collections::BTreeMap<String, (chrono::NaiveDate, chrono::NaiveDate)> {
        self.0.baseline.clone()
    }
    /// The day progress is reported as of (MSPDI's status date, P6's data date), or None.
    #[getter]
    fn status_date(&self) -> Option<chrono::NaiveDate> {
        self.0.status_date
    }
    /// Progress by activity id: (actual start, actual finish or None, remaining working days
    /// or a timedelta of hours).
    #[getter]
    fn progress<'py>(&self, py: Python<'py>) -> PyResult<std::collections::BTreeMap<String, ProgressOut<'py>>> {
        self.0.progress.iter().map(|(id, p)| Ok((id.clone(), (p.actual_start, p.actual_finish, duration_to_py(py, p.remaining_duration)?)))).collect()
    }
    #[getter]
    fn unsupported(&self) -> Vec<String> {
        self.0.unsupported.clone()
    }

    /// The payloads that plan this schedule on a project: settings, calendars, activities,
    /// links, baseline 0 as "B0" and progress as of the status date.
    fn events(&self, py: Python<'_>, project_id: &str) -> PyResult<Vec<Py<PyAny>>> {
        let id = crate::convert::project_id_of(project_id)?;
        self.0.events(&id).into_iter().map(|e| crate::payloads::payload_to_py(py, &projectledger::Payload::Schedule(e))).collect()
    }

    /// The schedule as Microsoft Project XML, on `calendar` (the project's).
    fn to_mspdi(&self, calendar: PyRef<'_, PyWorkCalendar>) -> String {
        core_schedule::write_mspdi(&self.0, &calendar.0)
    }

    fn __repr__(&self) -> String {
        format!("ScheduleFile({:?}, {} activities, {} links, {} unsupported)", self.0.name, self.0.activities.len(), self.0.links.len(), self.0.unsupported.len())
    }
}

/// Reads Microsoft Project XML (MSPDI): activities (by WBS code), calendars with their
/// exceptions, links with type and lag, constraints, deadlines, progress at the status date,
/// baseline 0 — the rest listed
/// in `unsupported`. A malformed file raises naming the line, or the task and element.
#[pyfunction]
pub fn read_mspdi(py: Python<'_>, xml: &str) -> PyResult<PyScheduleFile> {
    py.detach(|| core_schedule::read_mspdi(xml)).map(PyScheduleFile).or_raise()
}

/// Reads a Primavera P6 XER file: its first project, or `project` by its short name or
/// proj_id — calendars (weekdays and exceptions), activities by activity ID, relationships
/// with type and lag, progress at the data date — the rest listed in `unsupported`. A line
/// that is not an XER record raises naming it; an unknown project, listing those held.
#[pyfunction]
#[pyo3(signature = (text, project = None))]
pub fn read_xer(py: Python<'_>, text: &str, project: Option<&str>) -> PyResult<PyScheduleFile> {
    py.detach(|| match project {
        Some(project) => core_schedule::read_xer_project(text, project),
        None => core_schedule::read_xer(text),
    })
    .map(PyScheduleFile)
    .or_raise()
}
