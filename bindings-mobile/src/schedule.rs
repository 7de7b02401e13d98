//! Schedule control for the mobile surface: activities and links in, early and late dates,
//! floats and the critical path out.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use projectledger::schedule::{self as core_schedule, AtRisk, PlannedDates, Constraint, DayActivity, FloatBasis, LagCalendar, Link, LinkKind, Risk, Schedule, ScheduleOptions, ScheduledActivity, Scheduler, Variance};
use projectledger::ProjectId;

use crate::{Decimal, Journal, Result, WorkCalendar};

/// How long an activity works: whole working days of its calendar, or working hours (to the
/// minute) where the work is shorter or not a whole number of days.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum WorkDuration {
    Days { days: i32 },
    Hours { hours: Decimal },
}

impl WorkDuration {
    /// The core duration; days below zero are refused naming `field`.
    pub(crate) fn into_core(self, field: &str, of: &str) -> Result<core_schedule::Duration> {
        Ok(match self {
            WorkDuration::Days { days } => core_schedule::Duration::Days(u32::try_from(days).map_err(|_| projectledger::Error::invalid_field(field, format!("{of}: {days} working days is below zero")))?),
            WorkDuration::Hours { hours } => core_schedule::Duration::hours(hours),
        })
    }

    /// The mobile form of a core duration.
    pub(crate) fn from_core(duration: core_schedule::Duration) -> WorkDuration {
        match duration {
            core_schedule::Duration::Days(days) => WorkDuration::Days { days: i32::try_from(days).unwrap_or(i32::MAX) },
            core_schedule::Duration::Hours { hours } => WorkDuration::Hours { hours },
        }
    }
}

/// A date an activity is held to.
#[uniffi::remote(Enum)]
pub enum Constraint {
    StartNoEarlierThan { date: NaiveDate },
    FinishNoEarlierThan { date: NaiveDate },
    StartNoLaterThan { date: NaiveDate },
    FinishNoLaterThan { date: NaiveDate },
    MustStartOn { date: NaiveDate },
    MustFinishOn { date: NaiveDate },
}

/// How a link ties its successor to its predecessor.
#[uniffi::remote(Enum)]
pub enum LinkKind {
    FinishToStart,
    StartToStart,
    FinishToFinish,
    StartToFinish,
}

/// A dependency, with a lag in working days (negative: a lead).
#[uniffi::remote(Record)]
pub struct Link {
    pub predecessor: String,
    pub successor: String,
    pub kind: LinkKind,
    pub lag: i32,
}

/// Whose rules decide where Microsoft Project and Primavera P6 differ.
#[uniffi::remote(Enum)]
pub enum Scheduler {
    MsProject,
    Primavera,
}

/// The calendar a lag is counted on.
#[uniffi::remote(Enum)]
pub enum LagCalendar {
    Successor,
    Predecessor,
    Project,
    Elapsed,
}

/// Which float is total float.
#[uniffi::remote(Enum)]
pub enum FloatBasis {
    Finish,
    Start,
    Smallest,
}

/// How a schedule is computed.
#[uniffi::remote(Record)]
pub struct ScheduleOptions {
    pub project_start: NaiveDate,
    pub scheduler: Scheduler,
    pub lag_calendar: LagCalendar,
    pub float_basis: FloatBasis,
    pub critical_float: i64,
}

/// An activity (a milestone when its duration is 0): its duration in working days or hours of
/// its calendar (a name in `calendars`, null: the project's).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Activity {
    pub id: String,
    pub name: String,
    pub duration: WorkDuration,
    #[uniffi(default = None)]
    pub calendar: Option<String>,
    #[uniffi(default = None)]
    pub constraint: Option<Constraint>,
    #[uniffi(default = None)]
    pub deadline: Option<NaiveDate>,
    /// The cost code whose work package it dates (planned value follows the schedule).
    #[uniffi(default = None)]
    pub cost_code: Option<String>,
    /// The WBS element it belongs to.
    #[uniffi(default = None)]
    pub wbs: Option<String>,
    /// The team or person doing it.
    #[uniffi(default = None)]
    pub assignee: Option<String>,
}

impl TryFrom<Activity> for core_schedule::Activity {
    type Error = crate::errors::ProjectLedgerError;
    fn try_from(a: Activity) -> Result<Self> {
        let duration = a.duration.into_core("duration", &format!("activity {}", a.id))?;
        Ok(core_schedule::Activity { id: a.id, name: a.name, duration, calendar: a.calendar, constraint: a.constraint, deadline: a.deadline, cost_code: a.cost_code.map(Into::into), wbs: a.wbs, assignee: a.assignee })
    }
}

/// An activity's planned first and last working day in an imported baseline.
#[uniffi::remote(Record)]
pub struct PlannedDates {
    pub start: NaiveDate,
    pub finish: NaiveDate,
}

/// Where an activity stands at the status date: its actual start, its actual finish once
/// finished, the working days (or hours) left from the status date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ActivityProgress {
    pub actual_start: NaiveDate,
    pub actual_finish: Option<NaiveDate>,
    pub remaining_duration: WorkDuration,
}

/// The schedule at `statusDate` with `progress` by activity id: finished work keeps its dates,
/// work under way finishes its remaining days from the status date, nothing unstarted starts
/// before it.
#[uniffi::export]
pub fn reschedule(
    activities: Vec<Activity>,
    links: Vec<Link>,
    options: ScheduleOptions,
    project_calendar: Arc<WorkCalendar>,
    calendars: HashMap<String, Arc<WorkCalendar>>,
    progress: HashMap<String, ActivityProgress>,
    status_date: Option<NaiveDate>,
) -> Result<Schedule> {
    let activities = activities.into_iter().map(core_schedule::Activity::try_from).collect::<Result<Vec<_>>>()?;
    let named: core_schedule::Calendars = calendars.into_iter().map(|(name, c)| (name, c.inner.clone())).collect();
    let mut by_id = std::collections::BTreeMap::new();
    for (id, p) in progress {
        let remaining_duration = p.remaining_duration.into_core("remaining_duration", &format!("activity {id}"))?;
        by_id.insert(id, core_schedule::Progress { actual_start: p.actual_start, actual_finish: p.actual_finish, remaining_duration });
    }
    Ok(core_schedule::reschedule(&activities, &links, &options, &project_calendar.inner, &named, &by_id, status_date)?)
}

/// An activity's dates (first and last day worked), the clock times its early dates start and
/// end at, and floats in whole working days (rounded down) and exactly in working minutes.
#[uniffi::remote(Record)]
pub struct ScheduledActivity {
    pub id: String,
    pub early_start: NaiveDate,
    pub early_finish: NaiveDate,
    pub late_start: NaiveDate,
    pub late_finish: NaiveDate,
    pub early_start_time: NaiveTime,
    pub early_finish_time: NaiveTime,
    pub total_float: i64,
    pub free_float: i64,
    pub total_float_minutes: i64,
    pub free_float_minutes: i64,
    pub critical: bool,
}

/// An activity against a baseline: dates then and now, the slip in working days.
#[uniffi::remote(Record)]
pub struct Variance {
    pub id: String,
    pub name: String,
    pub baseline_start: Option<NaiveDate>,
    pub baseline_finish: Option<NaiveDate>,
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub start_variance: Option<i64>,
    pub finish_variance: Option<i64>,
    pub total_float: i64,
    pub baseline_float: Option<i64>,
}

/// Why an activity is at risk.
#[uniffi::remote(Enum)]
pub enum Risk {
    NegativeFloat { total_float: i64 },
    ShrinkingFloat { from: i64, to: i64 },
    LateStart,
    LateFinish,
}

/// An activity at risk, with every reason.
#[uniffi::remote(Record)]
pub struct AtRisk {
    pub id: String,
    pub name: String,
    pub risks: Vec<Risk>,
}

/// A foreman's line: an activity under way on a day, or running late.
#[uniffi::remote(Record)]
pub struct DayActivity {
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub started: bool,
    pub total_float: i64,
    pub late: bool,
}

#[uniffi::export]
impl Journal {
    /// A project's schedule as it stands (rescheduled at its status date).
    pub fn schedule(&self, project_id: ProjectId) -> Result<Schedule> {
        Ok(self.lock().state().schedule(&project_id)?.current().clone())
    }

    /// A project's status date: the latest day progress is recorded as of.
    pub fn status_date(&self, project_id: ProjectId) -> Result<Option<NaiveDate>> {
        Ok(self.lock().state().schedule(&project_id)?.status_date())
    }

    /// Every activity against a baseline.
    pub fn schedule_variance(&self, project_id: ProjectId, baseline: String) -> Result<Vec<Variance>> {
        Ok(self.lock().state().schedule_variance(&project_id, &baseline)?)
    }

    /// The activities at risk at the status date, against a baseline when given.
    pub fn activities_at_risk(&self, project_id: ProjectId, baseline: Option<String>) -> Result<Vec<AtRisk>> {
        Ok(self.lock().state().activities_at_risk(&project_id, baseline.as_deref())?)
    }

    /// A foreman's day: the activities under way on `day` and those running late — of one
    /// team or person when `assignee` is given.
    #[uniffi::method(default(assignee = None))]
    pub fn day_list(&self, project_id: ProjectId, day: NaiveDate, assignee: Option<String>) -> Result<Vec<DayActivity>> {
        Ok(self.lock().state().day_list(&project_id, day, assignee.as_deref())?)
    }
}

impl Activity {
    /// The mobile form of a core activity.
    pub(crate) fn from_core(a: &core_schedule::Activity) -> Activity {
        Activity {
            id: a.id.clone(),
            name: a.name.clone(),
            duration: WorkDuration::from_core(a.duration),
            calendar: a.calendar.clone(),
            constraint: a.constraint,
            deadline: a.deadline,
            cost_code: a.cost_code.as_ref().map(ToString::to_string),
            wbs: a.wbs.clone(),
            assignee: a.assignee.clone(),
        }
    }
}

/// A computed schedule.
#[uniffi::remote(Record)]
pub struct Schedule {
    pub activities: Vec<ScheduledActivity>,
    pub project_finish: NaiveDate,
    pub critical_path: Vec<String>,
}

/// The critical path method over `activities` and `links` on `projectCalendar` (activities
/// may name others in `calendars`). Every input problem at once (`InvalidSchedule`); a cycle
/// is `DependencyCycle` naming its activities.
#[uniffi::export]
pub fn schedule(activities: Vec<Activity>, links: Vec<Link>, options: ScheduleOptions, project_calendar: Arc<WorkCalendar>, calendars: HashMap<String, Arc<WorkCalendar>>) -> Result<Schedule> {
    let activities = activities.into_iter().map(core_schedule::Activity::try_from).collect::<Result<Vec<_>>>()?;
    let named: core_schedule::Calendars = calendars.into_iter().map(|(name, c)| (name, c.inner.clone())).collect();
    Ok(core_schedule::schedule(&activities, &links, &options, &project_calendar.inner, &named)?)
}

/// A schedule read from a file (Microsoft Project XML): the network, its calendars by name,
/// baseline 0 as [start, finish], and what the file holds that the schedule does not.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ScheduleFile {
    pub name: String,
    pub project_start: NaiveDate,
    pub project_calendar: Option<String>,
    pub calendars: HashMap<String, Arc<WorkCalendar>>,
    pub activities: Vec<Activity>,
    pub links: Vec<Link>,
    pub baseline: HashMap<String, Vec<NaiveDate>>,
    /// The day progress is reported as of (MSPDI's status date, P6's data date).
    pub status_date: Option<NaiveDate>,
    /// Progress by activity id.
    pub progress: HashMap<String, ActivityProgress>,
    pub unsupported: Vec<String>,
}

/// Reads Microsoft Project XML (MSPDI): activities by WBS code, calendars with exceptions,
/// links with type and lag, constraints, deadlines, baseline 0; the rest is listed.
#[uniffi::export]
pub fn read_mspdi(xml: String) -> Result<ScheduleFile> {
    Ok(core_schedule::read_mspdi(&xml)?.into())
}

/// Reads a Primavera P6 XER file: its first project, or `project` by its short name or
/// proj_id — calendars, activities by activity ID, relationships with type and lag, progress
/// at the data date; the rest is listed. An unknown project is refused, listing those held.
#[uniffi::export(default(project = None))]
pub fn read_xer(text: String, project: Option<String>) -> Result<ScheduleFile> {
    Ok(match project {
        Some(project) => core_schedule::read_xer_project(&text, &project)?,
        None => core_schedule::read_xer(&text)?,
    }
    .into())
}

impl From<core_schedule::ScheduleFile> for ScheduleFile {
    fn from(file: core_schedule::ScheduleFile) -> Self {
        ScheduleFile {
        name: file.name,
        project_start: file.settings.project_start,
        project_calendar: file.project_calendar,
        calendars: file.calendars.into_iter().map(|(name, c)| (name, Arc::new(WorkCalendar { inner: c }))).collect(),
        activities: file.activities.iter().map(Activity::from_core).collect(),
        links: file.links,
        baseline: file.baseline.into_iter().map(|(id, (start, finish))| (id, vec![start, finish])).collect(),
        status_date: file.status_date,
        progress: file
            .progress
            .into_iter()
            .map(|(id, p)| (id, ActivityProgress { actual_start: p.actual_start, actual_finish: p.actual_finish, remaining_duration: WorkDuration::from_core(p.remaining_duration) }))
            .collect(),
        unsupported: file.unsupported,
        }
    }
}
