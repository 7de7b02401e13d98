//! A project's schedule as the journal builds it: the network, its calendars and settings,
//! progress as of a status date, baselines — and the schedule computed from them, kept current
//! (every change that would break the network is refused).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::events::ScheduleEvent;
use super::{reschedule, Activity, Calendars, Link, Progress, Schedule, ScheduleOptions};
use crate::text::{check_id, check_text};
use crate::{Error, Result, WorkCalendar};

/// One activity in a baseline: its planned dates and float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
pub struct BaselineDates {
    /// The planned start.
    #[serde(serialize_with = "crate::wire::date")]
    pub start: NaiveDate,
    /// The planned finish.
    #[serde(serialize_with = "crate::wire::date")]
    pub finish: NaiveDate,
    /// The total float then (unknown for a baseline imported as dates).
    pub total_float: Option<i64>,
}
crate::persist::persist_struct!(BaselineDates { start, finish, total_float });


/// The dates (and calendar) a schedule gives a work package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkPackageDates {
    /// The work package's cost code.
    pub code: crate::CostCode,
    /// The first working day.
    pub start: NaiveDate,
    /// The last working day.
    pub finish: NaiveDate,
    /// The calendar its activities share, when not the project's.
    pub calendar: Option<WorkCalendar>,
}

/// A project's schedule book.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScheduleBook {
    pub(crate) settings: ScheduleOptions,
    pub(crate) calendars: Calendars,
    pub(crate) activities: Vec<Activity>,
    pub(crate) links: Vec<Link>,
    /// Progress by activity, each as of its day.
    pub(crate) progress: BTreeMap<String, (NaiveDate, Progress)>,
    pub(crate) baselines: BTreeMap<String, BTreeMap<String, BaselineDates>>,
    /// The baseline saved last (the one planned value follows).
    pub(crate) latest_baseline: Option<String>,
    /// The schedule computed from all of the above.
    pub(crate) current: Schedule,
}
crate::persist::persist_struct!(ScheduleBook { settings, calendars, activities, links, progress, baselines, latest_baseline, current });


impl ScheduleBook {
    /// An empty schedule starting on `project_start`.
    pub(crate) fn new(project_start: NaiveDate, calendar: &WorkCalendar) -> Result<ScheduleBook> {
        let settings = ScheduleOptions::starting(project_start);
        let mut book = ScheduleBook { settings, calendars: Calendars::new(), activities: Vec::new(), links: Vec::new(), progress: BTreeMap::new(), baselines: BTreeMap::new(), latest_baseline: None, current: empty(project_start) };
        book.current = book.compute(calendar)?;
        Ok(book)
    }

    /// The status date: the latest day progress is recorded as of.
    #[must_use]
    pub fn status_date(&self) -> Option<NaiveDate> {
        self.progress.values().map(|(as_of, _)| *as_of).max()
    }

    /// The schedule as it stands (rescheduled at the status date).
    #[must_use]
    pub fn current(&self) -> &Schedule {
        &self.current
    }

    /// The activities, in the order first given.
    #[must_use]
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }

    /// The links.
    #[must_use]
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The settings.
    #[must_use]
    pub fn settings(&self) -> &ScheduleOptions {
        &self.settings
    }

    /// Progress by activity id.
    pub fn progress(&self) -> impl Iterator<Item = (&str, &Progress)> {
        self.progress.iter().map(|(id, (_, p))| (id.as_str(), p))
    }

    /// A baseline by name, or a not-found error.
    pub fn baseline(&self, name: &str) -> Result<&BTreeMap<String, BaselineDates>> {
        self.baselines.get(name).ok_or_else(|| Error::not_found("baseline", name, None))
    }

    /// The baselines' names.
    pub fn baseline_names(&self) -> impl Iterator<Item = &str> {
        self.baselines.keys().map(String::as_str)
    }

    fn compute(&self, calendar: &WorkCalendar) -> Result<Schedule> {
        let progress: BTreeMap<String, Progress> = self.progress.iter().map(|(id, (_, p))| (id.clone(), *p)).collect();
        reschedule(&self.activities, &self.links, &self.settings, calendar, &self.calendars, &progress, self.status_date())
    }

    /// The dates the schedule gives each linked work package: (cost code, first and last
    /// working day) by the latest baseline saved, or the current schedule before any — the
    /// dates planned value is spread over.
    /// Several activities of one code date it from the first start to the last finish, on
    /// their calendar when they share one that is not the project's.
    #[must_use]
    pub fn work_package_dates(&self) -> Vec<WorkPackageDates> {
        let baseline = self.latest_baseline.as_ref().and_then(|name| self.baselines.get(name));
        let mut by_code: BTreeMap<crate::CostCode, (NaiveDate, NaiveDate, Option<Option<&str>>)> = BTreeMap::new();
        for (activity, row) in self.activities.iter().zip(&self.current.activities) {
            let Some(code) = activity.cost_code.clone() else { continue };
            let (start, finish) = match baseline.and_then(|b| b.get(&activity.id)) {
                Some(planned) => (planned.start, planned.finish),
                None => (row.early_start, row.early_finish),
            };
            let calendar = activity.calendar.as_deref();
            by_code
                .entry(code)
                .and_modify(|(s, f, c)| {
                    (*s, *f) = ((*s).min(start), (*f).max(finish));
                    if *c != Some(calendar) {
                        *c = None; // calendars differ: the project's
                    }
                })
                .or_insert((start, finish, Some(calendar)));
        }
        by_code
            .into_iter()
            .map(|(code, (start, finish, calendar))| WorkPackageDates { code, start, finish, calendar: calendar.flatten().and_then(|name| self.calendars.get(name)).cloned() })
            .collect()
    }

    /// Computes the schedule again (on a new project calendar).
    pub(crate) fn recompute(&mut self, calendar: &WorkCalendar) -> Result<()> {
        self.current = self.compute(calendar)?;
        Ok(())
    }

    /// Applies an event to a copy and recomputes it: the book changes only when the schedule
    /// still computes (no cycle, no unknown activity or calendar, progress within its status
    /// date).
    pub(crate) fn apply(&mut self, event: &ScheduleEvent, calendar: &WorkCalendar) -> Result<()> {
        let mut next = self.clone();
        match event {
            ScheduleEvent::ScheduleSettingsSet { settings, .. } => next.settings = *settings,
            ScheduleEvent::ScheduleCalendarSet { name, calendar, .. } => {
                check_text("calendar name", name)?;
                next.calendars.insert(name.clone(), (**calendar).clone());
            }
            ScheduleEvent::ActivitiesSet { activities, .. } => {
                for activity in activities {
                    check_text("activity name", &activity.name)?;
                    match next.activities.iter_mut().find(|a| a.id == activity.id) {
                        Some(existing) => *existing = activity.clone(),
                        None => next.activities.push(activity.clone()),
                    }
                }
            }
            ScheduleEvent::ActivityRemoved { activity_id, .. } => {
                let before = next.activities.len();
                next.activities.retain(|a| &a.id != activity_id);
                if next.activities.len() == before {
                    return Err(Error::not_found("activity", activity_id, None));
                }
                next.links.retain(|l| &l.predecessor != activity_id && &l.successor != activity_id);
                next.progress.remove(activity_id);
            }
            ScheduleEvent::LinksSet { links, .. } => next.links = links.clone(),
            ScheduleEvent::ActivityProgressRecorded { activity_id, as_of, actual_start, actual_finish, remaining_duration, .. } => {
                if let Some((recorded, _)) = next.progress.get(activity_id)
                    && recorded > as_of
                {
                    return Err(Error::invalid_field("as_of", format!("activity {activity_id} has progress as of {recorded}, later than {as_of}")));
                }
                let progress = Progress { actual_start: *actual_start, actual_finish: *actual_finish, remaining_duration: if actual_finish.is_some() { super::Duration::ZERO } else { *remaining_duration } };
                next.progress.insert(activity_id.clone(), (*as_of, progress));
            }
            ScheduleEvent::BaselineSaved { name, .. } => {
                check_id("baseline name", name)?;
                let rows = next.current.activities.iter().map(|r| (r.id.clone(), BaselineDates { start: r.early_start, finish: r.early_finish, total_float: Some(r.total_float) })).collect();
                next.baselines.insert(name.clone(), rows);
                next.latest_baseline = Some(name.clone());
            }
            ScheduleEvent::BaselineImported { name, dates, .. } => {
                check_id("baseline name", name)?;
                let mut problems = Vec::new();
                for (id, planned) in dates {
                    if !next.activities.iter().any(|a| &a.id == id) {
                        problems.push(format!("the baseline dates activity {}, which is not in the schedule", crate::text::quoted(id)));
                    }
                    if planned.finish < planned.start {
                        problems.push(format!("activity {}: the planned finish {} is before its start {}", crate::text::quoted(id), planned.finish, planned.start));
                    }
                }
                if !problems.is_empty() {
                    return Err(Error::InvalidSchedule { problems });
                }
                let rows = dates.iter().map(|(id, p)| (id.clone(), BaselineDates { start: p.start, finish: p.finish, total_float: None })).collect();
                next.baselines.insert(name.clone(), rows);
                next.latest_baseline = Some(name.clone());
            }
        }
        next.current = next.compute(calendar)?;
        *self = next;
        Ok(())
    }
}

fn empty(project_start: NaiveDate) -> Schedule {
    Schedule { activities: Vec::new(), project_finish: project_start, critical_path: Vec::new() }
}
