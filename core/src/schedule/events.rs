//! The schedule's events: the network (activities, links, calendars, settings), progress
//! recorded on site, and baselines.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Activity, Link, ScheduleOptions};
use crate::{ProjectId, WorkCalendar};

/// What happens to a project's schedule (the payloads of the journal's schedule events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum ScheduleEvent {
    /// How the schedule is computed.
    ScheduleSettingsSet {
        /// The project.
        project_id: ProjectId,
        /// The settings.
        settings: ScheduleOptions,
    },
    /// A named calendar activities may use (added or replaced).
    ScheduleCalendarSet {
        /// The project.
        project_id: ProjectId,
        /// The calendar's name in the schedule.
        name: String,
        /// The calendar.
        calendar: Box<WorkCalendar>,
    },
    /// Activities added, or replaced by id.
    ActivitiesSet {
        /// The project.
        project_id: ProjectId,
        /// The activities.
        activities: Vec<Activity>,
    },
    /// An activity removed, with its links and progress.
    ActivityRemoved {
        /// The project.
        project_id: ProjectId,
        /// The activity.
        activity_id: String,
    },
    /// The network's links, all of them (replacing the previous set).
    LinksSet {
        /// The project.
        project_id: ProjectId,
        /// The links.
        links: Vec<Link>,
    },
    /// Progress of an activity as of a day (on site, often offline): actual start, actual
    /// finish once finished, working days left. The latest `as_of` is the status date.
    ActivityProgressRecorded {
        /// The project.
        project_id: ProjectId,
        /// The activity.
        activity_id: String,
        /// The day the progress is as of.
        #[serde(serialize_with = "crate::wire::date")]
        as_of: NaiveDate,
        /// The day work began.
        #[serde(serialize_with = "crate::wire::date")]
        actual_start: NaiveDate,
        /// The last day worked, once finished.
        #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::wire::date_opt")]
        actual_finish: Option<NaiveDate>,
        /// Working days (or hours) left after `as_of` (0 once finished).
        #[serde(default)]
        remaining_duration: super::Duration,
    },
    /// The schedule as it stands is saved as a baseline, by name.
    BaselineSaved {
        /// The project.
        project_id: ProjectId,
        /// The baseline's name (`B0`, `contract`, …).
        name: String,
    },
    /// A baseline given as dates (a schedule file's baseline 0, a contract programme), by name:
    /// the planned start and finish of each activity it covers.
    BaselineImported {
        /// The project.
        project_id: ProjectId,
        /// The baseline's name.
        name: String,
        /// The planned dates by activity id.
        dates: BTreeMap<String, PlannedDates>,
    },
}
crate::persist::persist_enum!(ScheduleEvent { 0 => ScheduleSettingsSet { project_id, settings }, 1 => ScheduleCalendarSet { project_id, name, calendar }, 2 => ActivitiesSet { project_id, activities }, 3 => ActivityRemoved { project_id, activity_id }, 4 => LinksSet { project_id, links }, 5 => ActivityProgressRecorded { project_id, activity_id, as_of, actual_start, actual_finish, remaining_duration }, 6 => BaselineSaved { project_id, name }, 7 => BaselineImported { project_id, name, dates } });


/// An activity's planned first and last working day in an imported baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedDates {
    /// The planned start.
    #[serde(serialize_with = "crate::wire::date")]
    pub start: NaiveDate,
    /// The planned finish.
    #[serde(serialize_with = "crate::wire::date")]
    pub finish: NaiveDate,
}
crate::persist::persist_struct!(PlannedDates { start, finish });


impl ScheduleEvent {
    /// Every event's `type` tag, as the journal writes it.
    pub const TAGS: &'static [&'static str] =
        &["schedule_settings_set", "schedule_calendar_set", "activities_set", "activity_removed", "links_set", "activity_progress_recorded", "baseline_saved", "baseline_imported"];

    /// The project the event is about.
    #[must_use]
    pub fn project_id(&self) -> &ProjectId {
        match self {
            ScheduleEvent::ScheduleSettingsSet { project_id, .. }
            | ScheduleEvent::ScheduleCalendarSet { project_id, .. }
            | ScheduleEvent::ActivitiesSet { project_id, .. }
            | ScheduleEvent::ActivityRemoved { project_id, .. }
            | ScheduleEvent::LinksSet { project_id, .. }
            | ScheduleEvent::ActivityProgressRecorded { project_id, .. }
            | ScheduleEvent::BaselineSaved { project_id, .. }
            | ScheduleEvent::BaselineImported { project_id, .. } => project_id,
        }
    }

    /// The action the actor needs on the project: progress is recorded on site, the rest is
    /// planning.
    #[must_use]
    pub(crate) fn required_action(&self) -> crate::Action {
        match self {
            ScheduleEvent::ActivityProgressRecorded { .. } => crate::Action::RecordProgress,
            _ => crate::Action::EditSchedule,
        }
    }
}
