//! The schedule payload classes (a line each in the payload table) and the journal's schedule
//! queries: the current schedule, variance to a baseline, activities at risk, a foreman's day.

use projectledger::schedule::{PlannedDates, Risk, ScheduleEvent};
use projectledger::Payload;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::calendar::PyWorkCalendar;
use crate::convert::{project_id_of, Date, Timestamp};
use crate::errors::OrRaise;
use crate::journal::PyJournal;
use crate::payloads::{payload_class, payload_dict, payload_project, payload_repr};
use crate::rows::{as_rows, to_py, typed_rows};
use crate::schedule::{PyActivity, PyLink, PySchedule};

payload_class!(
    /// Payload: how the project's schedule is computed — its start, `scheduler` ("ms_project"
    /// or "primavera"), `lag_calendar`, `float_basis`, `critical_float`.
    PyScheduleSettingsSet, "ScheduleSettingsSet",
    #[new]
    #[pyo3(signature = (project_id, project_start, *, scheduler = "ms_project", lag_calendar = "successor", float_basis = "finish", critical_float = 0))]
    fn new(project_id: &str, project_start: Date, scheduler: &str, lag_calendar: &str, float_basis: &str, critical_float: i64) -> PyResult<Self> {
        let settings = crate::schedule::options_of(project_start, scheduler, lag_calendar, float_basis, critical_float)?;
        Ok(Self(Payload::Schedule(ScheduleEvent::ScheduleSettingsSet { project_id: project_id_of(project_id)?, settings })))
    }
);
payload_class!(
    /// Payload: a named calendar the schedule's activities may use.
    PyScheduleCalendarSet, "ScheduleCalendarSet",
    #[new]
    fn new(project_id: &str, name: String, calendar: PyRef<'_, PyWorkCalendar>) -> PyResult<Self> {
        Ok(Self(Payload::Schedule(ScheduleEvent::ScheduleCalendarSet { project_id: project_id_of(project_id)?, name, calendar: Box::new(calendar.0.clone()) })))
    }
);
payload_class!(
    /// Payload: activities added to the schedule, or replaced by id.
    PyActivitiesSet, "ActivitiesSet",
    #[new]
    fn new(project_id: &str, activities: Vec<PyActivity>) -> PyResult<Self> {
        Ok(Self(Payload::Schedule(ScheduleEvent::ActivitiesSet { project_id: project_id_of(project_id)?, activities: activities.into_iter().map(|a| a.0).collect() })))
    }
);
payload_class!(
    /// Payload: an activity removed, with its links and progress.
    PyActivityRemoved, "ActivityRemoved",
    #[new]
    fn new(project_id: &str, activity_id: String) -> PyResult<Self> {
        Ok(Self(Payload::Schedule(ScheduleEvent::ActivityRemoved { project_id: project_id_of(project_id)?, activity_id })))
    }
);
payload_class!(
    /// Payload: the network's links, all of them, as (predecessor, successor, kind[, lag]).
    PyLinksSet, "LinksSet",
    #[new]
    fn new(project_id: &str, links: Vec<PyLink>) -> PyResult<Self> {
        Ok(Self(Payload::Schedule(ScheduleEvent::LinksSet { project_id: project_id_of(project_id)?, links: links.into_iter().map(PyLink::into_link).collect() })))
    }
);
payload_class!(
    /// Payload: an activity's progress as of a day — actual start, actual finish once
    /// finished, working days (an int) or hours (a timedelta) left. The latest `as_of` is the
    /// schedule's status date.
    PyActivityProgressRecorded, "ActivityProgressRecorded",
    #[new]
    #[pyo3(signature = (project_id, activity_id, as_of, actual_start, *, actual_finish = None, remaining_duration = None))]
    fn new(project_id: &str, activity_id: String, as_of: Date, actual_start: Date, actual_finish: Option<Date>, remaining_duration: Option<crate::schedule::WorkDuration>) -> PyResult<Self> {
        Ok(Self(Payload::Schedule(ScheduleEvent::ActivityProgressRecorded {
            project_id: project_id_of(project_id)?,
            activity_id,
            as_of: as_of.0,
            actual_start: actual_start.0,
            actual_finish: actual_finish.map(|d| d.0),
            remaining_duration: remaining_duration.map_or(projectledger::schedule::Duration::ZERO, |d| d.0),
        })))
    }
);
payload_class!(
    /// Payload: the schedule as it stands saved as a baseline, by name.
    PyBaselineSaved, "BaselineSaved",
    #[new]
    fn new(project_id: &str, name: String) -> PyResult<Self> {
        Ok(Self(Payload::Schedule(ScheduleEvent::BaselineSaved { project_id: project_id_of(project_id)?, name })))
    }
);
payload_class!(
    /// Payload: a baseline given as dates, by name — {activity id: (planned start, planned
    /// finish)} (a schedule file's baseline 0, a contract programme).
    PyBaselineImported, "BaselineImported",
    #[new]
    fn new(project_id: &str, name: String, dates: std::collections::BTreeMap<String, (Date, Date)>) -> PyResult<Self> {
        let dates = dates.into_iter().map(|(id, (start, finish))| (id, PlannedDates { start: start.0, finish: finish.0 })).collect();
        Ok(Self(Payload::Schedule(ScheduleEvent::BaselineImported { project_id: project_id_of(project_id)?, name, dates })))
    }
);

/// A risk as text: "negative_float:-2", "shrinking_float:4:3", "late_start", "late_finish".
fn risk_text(risk: &Risk) -> String {
    match risk {
        Risk::NegativeFloat { total_float } => format!("negative_float:{total_float}"),
        Risk::ShrinkingFloat { from, to } => format!("shrinking_float:{from}:{to}"),
        Risk::LateStart => "late_start".to_owned(),
        Risk::LateFinish => "late_finish".to_owned(),
    }
}

#[pymethods]
impl PyJournal {
    /// A project's schedule as it stands (rescheduled at its status date).
    #[pyo3(signature = (project_id, as_of = None))]
    fn schedule(&self, py: Python<'_>, project_id: &str, as_of: Option<Timestamp>) -> PyResult<PySchedule> {
        let id = project_id_of(project_id)?;
        Ok(PySchedule(self.state_at(py, as_of).schedule(&id).or_raise()?.current().clone()))
    }

    /// A project's status date: the latest day progress is recorded as of (None before any).
    #[pyo3(signature = (project_id, as_of = None))]
    fn status_date(&self, py: Python<'_>, project_id: &str, as_of: Option<Timestamp>) -> PyResult<Option<chrono::NaiveDate>> {
        let id = project_id_of(project_id)?;
        Ok(self.state_at(py, as_of).schedule(&id).or_raise()?.status_date())
    }

    /// Every activity against a baseline: baseline and current dates, the slip in working
    /// days (start_variance, finish_variance), float now and then.
    #[pyo3(signature = (project_id, baseline, as_of = None))]
    fn schedule_variance<'py>(&self, py: Python<'py>, project_id: &str, baseline: &str, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let rows = self.state_at(py, as_of).schedule_variance(&id, baseline).or_raise()?;
        typed_rows(py, &rows, None)
    }

    /// The activities at risk at the status date (against a baseline when given): id, name
    /// and `risks` ("negative_float:-2", "shrinking_float:4:3", "late_start", "late_finish").
    #[pyo3(signature = (project_id, baseline = None, as_of = None))]
    fn activities_at_risk<'py>(&self, py: Python<'py>, project_id: &str, baseline: Option<&str>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let rows = self.state_at(py, as_of).activities_at_risk(&id, baseline).or_raise()?;
        let list = PyList::empty(py);
        for row in &rows {
            let dict = to_py(py, row)?;
            dict.set_item("risks", row.risks.iter().map(risk_text).collect::<Vec<_>>())?;
            list.append(dict)?;
        }
        as_rows(list.into_any())
    }

    /// A foreman's day: the activities under way on `day` and those running late — of one
    /// team or person when `assignee` is given.
    #[pyo3(signature = (project_id, day, assignee = None, as_of = None))]
    fn day_list<'py>(&self, py: Python<'py>, project_id: &str, day: Date, assignee: Option<&str>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let rows = self.state_at(py, as_of).day_list(&id, day.0, assignee).or_raise()?;
        typed_rows(py, &rows, None)
    }
}
