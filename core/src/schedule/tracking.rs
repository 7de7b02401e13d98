//! What the schedule says about delay: each activity's variance to a baseline, the activities
//! at risk, and a foreman's day — the work due on it and the work running late.

use chrono::NaiveDate;
use serde::Serialize;

use super::book::ScheduleBook;
use crate::{Result, WorkCalendar};

/// An activity against a baseline: planned and current dates, and the slip in working days
/// of the project calendar (above zero: later than planned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variance {
    /// The activity.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The baseline start (`None`: added after the baseline).
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub baseline_start: Option<NaiveDate>,
    /// The baseline finish.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub baseline_finish: Option<NaiveDate>,
    /// The current (forecast or actual) start.
    #[serde(serialize_with = "crate::wire::date")]
    pub start: NaiveDate,
    /// The current (forecast or actual) finish.
    #[serde(serialize_with = "crate::wire::date")]
    pub finish: NaiveDate,
    /// Working days the start slipped.
    pub start_variance: Option<i64>,
    /// Working days the finish slipped.
    pub finish_variance: Option<i64>,
    /// Total float now.
    pub total_float: i64,
    /// Total float in the baseline.
    pub baseline_float: Option<i64>,
}

/// Why an activity is at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Risk {
    /// Total float below zero: it will make something late.
    NegativeFloat {
        /// The float, in working days.
        total_float: i64,
    },
    /// Less float than in the baseline.
    ShrinkingFloat {
        /// The baseline's float.
        from: i64,
        /// Today's.
        to: i64,
    },
    /// It should have started by the status date and has not.
    LateStart,
    /// It should have finished by the status date and has not.
    LateFinish,
}

/// An activity at risk, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AtRisk {
    /// The activity.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Every reason, in the order of [`Risk`].
    pub risks: Vec<Risk>,
}

/// A foreman's line: an activity due on a day, or running late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayActivity {
    /// The activity.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its (forecast) start.
    #[serde(serialize_with = "crate::wire::date")]
    pub start: NaiveDate,
    /// Its (forecast) finish.
    #[serde(serialize_with = "crate::wire::date")]
    pub finish: NaiveDate,
    /// Started (progress recorded).
    pub started: bool,
    /// Its total float.
    pub total_float: i64,
    /// Late: it should have started (or finished) before the day and has not.
    pub late: bool,
}

impl ScheduleBook {
    /// Every activity against baseline `name`, in the schedule's order.
    pub fn variance(&self, name: &str, calendar: &WorkCalendar) -> Result<Vec<Variance>> {
        let baseline = self.baseline(name)?;
        let slip = |planned: NaiveDate, now: NaiveDate| -> Result<i64> {
            // Working days from plan to now, signed: positive when now is later.
            let between = calendar.working_days_between(planned, now)?;
            Ok(between)
        };
        self.activities
            .iter()
            .zip(&self.current.activities)
            .map(|(activity, row)| {
                let planned = baseline.get(&activity.id);
                Ok(Variance {
                    id: activity.id.clone(),
                    name: activity.name.clone(),
                    baseline_start: planned.map(|p| p.start),
                    baseline_finish: planned.map(|p| p.finish),
                    start: row.early_start,
                    finish: row.early_finish,
                    start_variance: planned.map(|p| slip(p.start, row.early_start)).transpose()?,
                    finish_variance: planned.map(|p| slip(p.finish, row.early_finish)).transpose()?,
                    total_float: row.total_float,
                    baseline_float: planned.and_then(|p| p.total_float),
                })
            })
            .collect()
    }

    /// The activities at risk at the status date (or the project start), against baseline
    /// `name` when given: negative float, float shrinking since the baseline, a start or
    /// finish overdue. Finished work is never at risk.
    pub fn at_risk(&self, name: Option<&str>) -> Result<Vec<AtRisk>> {
        let baseline = name.map(|n| self.baseline(n)).transpose()?;
        let status = self.status_date().unwrap_or(self.settings.project_start);
        let mut out = Vec::new();
        for (activity, row) in self.activities.iter().zip(&self.current.activities) {
            let progress = self.progress.get(&activity.id).map(|(_, p)| p);
            if progress.is_some_and(|p| p.actual_finish.is_some()) {
                continue;
            }
            let mut risks = Vec::new();
            if row.total_float < 0 {
                risks.push(Risk::NegativeFloat { total_float: row.total_float });
            }
            let planned = baseline.and_then(|b| b.get(&activity.id));
            if let Some(from) = planned.and_then(|p| p.total_float)
                && row.total_float < from
            {
                risks.push(Risk::ShrinkingFloat { from, to: row.total_float });
            }
            // Due dates: the baseline's when there is one, else the schedule's late dates.
            let (due_start, due_finish) = planned.map_or((row.late_start, row.late_finish), |p| (p.start, p.finish));
            if progress.is_none() && due_start < status {
                risks.push(Risk::LateStart);
            }
            if due_finish < status {
                risks.push(Risk::LateFinish);
            }
            if !risks.is_empty() {
                out.push(AtRisk { id: activity.id.clone(), name: activity.name.clone(), risks });
            }
        }
        Ok(out)
    }

    /// A foreman's day: unfinished activities the schedule has under way on `day`, and those
    /// running late (due to start or finish before it, by their late dates, and not done), by
    /// start — of one team or person when `assignee` is given.
    #[must_use]
    pub fn day_list(&self, day: NaiveDate, assignee: Option<&str>) -> Vec<DayActivity> {
        let mut out: Vec<DayActivity> = self
            .activities
            .iter()
            .zip(&self.current.activities)
            .filter_map(|(activity, row)| {
                let progress = self.progress.get(&activity.id).map(|(_, p)| p);
                if progress.is_some_and(|p| p.actual_finish.is_some()) || assignee.is_some_and(|a| activity.assignee.as_deref() != Some(a)) {
                    return None;
                }
                let started = progress.is_some();
                let late = (!started && row.late_start < day) || row.late_finish < day;
                let due = row.early_start <= day && day <= row.early_finish;
                (due || late).then(|| DayActivity { id: activity.id.clone(), name: activity.name.clone(), start: row.early_start, finish: row.early_finish, started, total_float: row.total_float, late })
            })
            .collect();
        out.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        out
    }
}
