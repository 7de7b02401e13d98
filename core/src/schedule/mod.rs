//! Schedule control (综合进度管控): activities and milestones with durations in working days
//! or working hours, each on its own calendar; dependencies FS, SS, FF and SF with lags (negative: leads) counted
//! on a chosen calendar; constraints and deadlines; and the critical path method — forward and
//! backward passes, early and late dates, total and free float, the critical path, negative
//! float when constraints bite. A dependency cycle is an error naming its activities.
//!
//! Two schedulers, as named modes, where Microsoft Project and Primavera P6 differ (DESIGN.md):
//! P6 holds every early date at the project start and leaves early dates alone under a
//! finish-no-later-than (showing negative float instead); Microsoft Project lets a lead or an
//! SF link start a task with predecessors before the project start (only an FF link's implied
//! start is held there) and lets a start/finish-no-later-than pull early dates back.
//!
//! ```
//! use chrono::NaiveDate;
//! use projectledger::schedule::{schedule, Activity, Link, LinkKind, ScheduleOptions};
//! use projectledger::WorkCalendar;
//! # fn main() -> Result<(), projectledger::Error> {
//! let calendar = WorkCalendar::china(2025, 2025)?;
//! let start = NaiveDate::from_ymd_opt(2025, 1, 20).unwrap(); // a Monday, the week before the Spring Festival
//! let activities = [Activity::new("A", "Excavation", 5), Activity::new("B", "Foundations", 3), Activity::new("M", "Handover", 0)];
//! let links = [Link::new("A", "B", LinkKind::FinishToStart, 0), Link::new("B", "M", LinkKind::FinishToStart, 0)];
//! let plan = schedule(&activities, &links, &ScheduleOptions::starting(start), &calendar, &Default::default())?;
//! // A: 20–24 Jan. B: Sunday 26 Jan (调休, a working day), Mon 27 Jan, then the break (28 Jan – 4 Feb), 5 Feb.
//! let b = &plan.activities[1];
//! assert_eq!((b.early_start.to_string(), b.early_finish.to_string()), ("2025-01-26".into(), "2025-02-05".into()));
//! // A milestone sits at the start of its day: the handover is the morning after B's last day.
//! assert_eq!(plan.activities[2].early_start.to_string(), "2025-02-06");
//! assert_eq!(plan.project_finish.to_string(), "2025-02-06");
//! assert_eq!(plan.critical_path, ["A", "B", "M"]);
//! # Ok(()) }
//! ```

mod book;
mod cpm;
mod events;
mod mspdi;
mod network;
mod tracking;
mod workdays;
mod xer;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

pub use book::{BaselineDates, ScheduleBook, WorkPackageDates};
pub use cpm::{reschedule, schedule};
pub use events::{PlannedDates, ScheduleEvent};
pub use mspdi::{read_mspdi, write_mspdi, ScheduleFile};
pub use xer::{read_xer, read_xer_project};
pub use tracking::{AtRisk, DayActivity, Risk, Variance};
pub use workdays::MAX_REACH_DAYS;

/// How long an activity works: whole working days of its calendar, or working hours where the
/// work is shorter or not a whole number of days (scheduled to the nearest minute, half away
/// from zero: the one rounding point of a schedule). A working day runs from
/// 08:00 for the calendar's hours, without a break (from earlier when it has more than 16).
/// On the wire a number is working days and `{"hours": "4.5"}` is hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(untagged)]
pub enum Duration {
    /// Working days.
    Days(u32),
    /// Working hours.
    Hours {
        /// The hours.
        #[serde(with = "crate::wire::exact")]
        hours: rust_decimal::Decimal,
    },
}
crate::persist::persist_enum!(Duration { 0 => Days(v0), 1 => Hours { hours } });


impl Duration {
    /// Zero: a milestone, or nothing left to do.
    pub const ZERO: Duration = Duration::Days(0);

    /// Working hours.
    #[must_use]
    pub fn hours(hours: rust_decimal::Decimal) -> Duration {
        Duration::Hours { hours }
    }

    /// What is wrong with it, if anything: hours below zero, or beyond a schedule's reach.
    pub(crate) fn problem(&self) -> Option<String> {
        let Duration::Hours { hours } = self else { return None };
        if hours.is_sign_negative() && !hours.is_zero() {
            Some(format!("{hours} working hours is below zero"))
        } else if *hours > rust_decimal::Decimal::from(i64::from(MAX_REACH_DAYS).saturating_mul(24)) {
            Some(format!("{hours} working hours reaches beyond {MAX_REACH_DAYS} days"))
        } else {
            None
        }
    }

    /// Whether nothing is left: no days, or no hours.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        match self {
            Duration::Days(days) => *days == 0,
            Duration::Hours { hours } => hours.is_zero(),
        }
    }
}

impl Default for Duration {
    fn default() -> Duration {
        Duration::ZERO
    }
}

impl From<u32> for Duration {
    fn from(days: u32) -> Duration {
        Duration::Days(days)
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Duration::Days(days) => write!(f, "{days} working days"),
            Duration::Hours { hours } => write!(f, "{hours} working hours"),
        }
    }
}

/// The named calendars activities may use (the project calendar is the default).
pub type Calendars = std::collections::BTreeMap<String, crate::WorkCalendar>;

/// A date an activity is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Constraint {
    /// Start on or after the date.
    StartNoEarlierThan {
        /// The date.
        #[serde(serialize_with = "crate::wire::date")]
        date: NaiveDate,
    },
    /// Finish on or after the date.
    FinishNoEarlierThan {
        /// The date.
        #[serde(serialize_with = "crate::wire::date")]
        date: NaiveDate,
    },
    /// Start on or before the date.
    StartNoLaterThan {
        /// The date.
        #[serde(serialize_with = "crate::wire::date")]
        date: NaiveDate,
    },
    /// Finish on or before the date.
    FinishNoLaterThan {
        /// The date.
        #[serde(serialize_with = "crate::wire::date")]
        date: NaiveDate,
    },
    /// Start on the date, whatever the links say.
    MustStartOn {
        /// The date.
        #[serde(serialize_with = "crate::wire::date")]
        date: NaiveDate,
    },
    /// Finish on the date, whatever the links say.
    MustFinishOn {
        /// The date.
        #[serde(serialize_with = "crate::wire::date")]
        date: NaiveDate,
    },
}
crate::persist::persist_enum!(Constraint { 0 => StartNoEarlierThan { date }, 1 => FinishNoEarlierThan { date }, 2 => StartNoLaterThan { date }, 3 => FinishNoLaterThan { date }, 4 => MustStartOn { date }, 5 => MustFinishOn { date } });


/// An activity (a milestone when its duration is 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// The activity's id, unique in the schedule.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its duration in working days or hours of its calendar (0: a milestone).
    pub duration: Duration,
    /// The calendar it works on, by name (`None`: the project calendar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// A date it is held to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Constraint>,
    /// A date it should finish by: it bounds the late finish (float), not the early dates.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::wire::date_opt")]
    pub deadline: Option<NaiveDate>,
    /// The cost code whose work package it is: the schedule dates that work package (its
    /// budget's planned value) — by the latest baseline, or the current dates before one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_code: Option<crate::CostCode>,
    /// The WBS element it belongs to (`1.2`, `PUMP.CIVIL`), as a file or planner gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wbs: Option<String>,
    /// The team or person doing it (a foreman's list is filtered by it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
}
crate::persist::persist_struct!(Activity { id, name, duration, calendar, constraint, deadline, cost_code, wbs, assignee });


impl Activity {
    /// An activity on the project calendar, without constraint or deadline: `duration` in
    /// working days (a `u32`) or a [`Duration`].
    #[must_use]
    pub fn new(id: &str, name: &str, duration: impl Into<Duration>) -> Activity {
        Activity { id: id.to_owned(), name: name.to_owned(), duration: duration.into(), calendar: None, constraint: None, deadline: None, cost_code: None, wbs: None, assignee: None }
    }
}

/// How a link ties its successor to its predecessor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// The successor starts after the predecessor finishes.
    #[serde(rename = "fs")]
    FinishToStart,
    /// The successor starts after the predecessor starts.
    #[serde(rename = "ss")]
    StartToStart,
    /// The successor finishes after the predecessor finishes.
    #[serde(rename = "ff")]
    FinishToFinish,
    /// The successor finishes after the predecessor starts.
    #[serde(rename = "sf")]
    StartToFinish,
}
crate::persist::persist_enum!(LinkKind { 0 => FinishToStart, 1 => StartToStart, 2 => FinishToFinish, 3 => StartToFinish });


/// A dependency between two activities, with a lag in working days (negative: a lead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The predecessor's id.
    pub predecessor: String,
    /// The successor's id.
    pub successor: String,
    /// The link type.
    pub kind: LinkKind,
    /// The lag in working days of the lag calendar (negative: a lead).
    #[serde(default)]
    pub lag: i32,
}
crate::persist::persist_struct!(Link { predecessor, successor, kind, lag });


impl Link {
    /// A link.
    #[must_use]
    pub fn new(predecessor: &str, successor: &str, kind: LinkKind, lag: i32) -> Link {
        Link { predecessor: predecessor.to_owned(), successor: successor.to_owned(), kind, lag }
    }
}

/// Where an activity stands at a status date (progress recorded on site).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// The day work began.
    #[serde(serialize_with = "crate::wire::date")]
    pub actual_start: NaiveDate,
    /// The last day worked, once finished.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::wire::date_opt")]
    pub actual_finish: Option<NaiveDate>,
    /// Working days (or hours) left from the status date (unfinished work only).
    #[serde(default)]
    pub remaining_duration: Duration,
}
crate::persist::persist_struct!(Progress { actual_start, actual_finish, remaining_duration });


/// Whose rules decide where the two schedulers differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Scheduler {
    /// Microsoft Project.
    #[default]
    MsProject,
    /// Primavera P6.
    Primavera,
}
crate::persist::persist_enum!(Scheduler { 0 => MsProject, 1 => Primavera });


/// The calendar a lag is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum LagCalendar {
    /// The successor's (Microsoft Project; P6's default too).
    #[default]
    Successor,
    /// The predecessor's.
    Predecessor,
    /// The project calendar.
    Project,
    /// Every day counts (P6's 24-hour calendar).
    Elapsed,
}
crate::persist::persist_enum!(LagCalendar { 0 => Successor, 1 => Predecessor, 2 => Project, 3 => Elapsed });


/// Which float decides total float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FloatBasis {
    /// Late finish − early finish (P6's default).
    #[default]
    Finish,
    /// Late start − early start.
    Start,
    /// The smaller of the two.
    Smallest,
}
crate::persist::persist_enum!(FloatBasis { 0 => Finish, 1 => Start, 2 => Smallest });


/// How a schedule is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct ScheduleOptions {
    /// The project start: activities without predecessors start here.
    #[serde(serialize_with = "crate::wire::date")]
    pub project_start: NaiveDate,
    /// Whose rules apply where the two differ.
    #[serde(default)]
    pub scheduler: Scheduler,
    /// The calendar lags are counted on.
    #[serde(default)]
    pub lag_calendar: LagCalendar,
    /// Which float is total float.
    #[serde(default)]
    pub float_basis: FloatBasis,
    /// Activities with total float at or below this (working days) are critical.
    #[serde(default)]
    pub critical_float: i64,
}
crate::persist::persist_struct!(ScheduleOptions { project_start, scheduler, lag_calendar, float_basis, critical_float });


impl ScheduleOptions {
    /// Microsoft Project's rules from `project_start`: lags on the successor's calendar, finish
    /// float, critical at zero float or less.
    #[must_use]
    pub fn starting(project_start: NaiveDate) -> ScheduleOptions {
        ScheduleOptions { project_start, scheduler: Scheduler::MsProject, lag_calendar: LagCalendar::Successor, float_basis: FloatBasis::Finish, critical_float: 0 }
    }
}

/// An activity's computed dates and floats. Dates are working days: a start is the first day
/// worked, a finish the last; a milestone sits at the start of its day (its finish is its
/// start); clock times place work in hours within its days. Floats are working time of the
/// activity's calendar; below zero when constraints force it. (Exhaustive: the mobile
/// bindings mirror it field by field.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct ScheduledActivity {
    /// The activity's id.
    pub id: String,
    /// The early start.
    #[serde(serialize_with = "crate::wire::date")]
    pub early_start: NaiveDate,
    /// The early finish.
    #[serde(serialize_with = "crate::wire::date")]
    pub early_finish: NaiveDate,
    /// The late start.
    #[serde(serialize_with = "crate::wire::date")]
    pub late_start: NaiveDate,
    /// The late finish.
    #[serde(serialize_with = "crate::wire::date")]
    pub late_finish: NaiveDate,
    /// The clock time of the early start (08:00 for work in whole days).
    #[serde(serialize_with = "crate::wire::time")]
    pub early_start_time: NaiveTime,
    /// The clock time the early finish ends at (the end of the working day for work in whole
    /// days; 23:59:59 stands for midnight on a 24-hour calendar).
    #[serde(serialize_with = "crate::wire::time")]
    pub early_finish_time: NaiveTime,
    /// Total float, on the options' basis, in whole working days (rounded down: 4 hours of an
    /// 8-hour day is 0, minus 4 hours is −1).
    pub total_float: i64,
    /// Free float: how far it may slip without delaying any successor's early dates, in whole
    /// working days (rounded down).
    pub free_float: i64,
    /// Total float exactly, in working minutes of the activity's calendar.
    pub total_float_minutes: i64,
    /// Free float exactly, in working minutes.
    pub free_float_minutes: i64,
    /// Total float at or below the options' threshold, and not finished.
    pub critical: bool,
}
crate::persist::persist_struct!(ScheduledActivity { id, early_start, early_finish, late_start, late_finish, early_start_time, early_finish_time, total_float, free_float, total_float_minutes, free_float_minutes, critical });


/// A computed schedule: every activity in the order given, the project finish, and the
/// critical activities in early-start order. (Exhaustive: the mobile bindings mirror it.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct Schedule {
    /// Every activity, in the order given.
    pub activities: Vec<ScheduledActivity>,
    /// The latest early finish.
    #[serde(serialize_with = "crate::wire::date")]
    pub project_finish: NaiveDate,
    /// The critical activities' ids, by early start (day, then clock time, then id).
    pub critical_path: Vec<String>,
}
crate::persist::persist_struct!(Schedule { activities, project_finish, critical_path });

