//! The critical path method: a forward pass for early dates, a backward pass for late dates,
//! then total float, free float and the critical path. Times are minutes (a finish is
//! exclusive), positions on a calendar are working-minute indexes ([`super::workdays`]): a
//! link's bound is worked out on its lag calendar, then placed on the activity's own calendar.
//! Dates a user gives (constraints, deadlines, progress) bind whole working days.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::network::{self, Edge, Network};
use super::workdays::{clock_at, date_at, day_number, midnight, Days, WorkIndex, DAY};
use super::{Activity, Calendars, Constraint, Duration, FloatBasis, Link, LinkKind, Progress, Schedule, ScheduleOptions, ScheduledActivity, Scheduler};
use crate::{Result, WorkCalendar};

/// A bound a link (or the project's end) puts on an activity: on its start or on its finish,
/// as a time; or, from a date a user gives, on the working day it starts or finishes on.
#[derive(Clone, Copy)]
enum Bound {
    Start(i64),
    Finish(i64),
    StartDay(i32),
    FinishDay(i32),
}

/// One activity's place in the passes: working-day indexes on its own calendar and times.
#[derive(Clone, Copy, Default)]
struct Times {
    es: i64,
    ls: i64,
    es_time: i64,
    ef_time: i64,
    ls_time: i64,
    lf_time: i64,
}

/// Computes the schedule: early and late dates, floats and the critical path of every
/// activity. Refused with every problem of the input at once ([`crate::Error::InvalidSchedule`]:
/// duplicate ids, links to unknown activities, unknown calendars, self-links), or with the
/// activities of a cycle ([`crate::Error::DependencyCycle`]).
pub fn schedule(activities: &[Activity], links: &[Link], options: &ScheduleOptions, project_calendar: &WorkCalendar, calendars: &Calendars) -> Result<Schedule> {
    reschedule(activities, links, options, project_calendar, calendars, &BTreeMap::new(), None)
}

/// The schedule at a status date, with progress by activity id: finished activities keep their actual dates; work in progress finishes its
/// remaining duration from the status date; nothing unstarted starts before the status date.
/// Links from an activity with progress use its actual start and its (forecast) finish.
/// Progress after the status date, or a finish before its start, is refused.
pub fn reschedule(
    activities: &[Activity],
    links: &[Link],
    options: &ScheduleOptions,
    project_calendar: &WorkCalendar,
    calendars: &Calendars,
    progress: &BTreeMap<String, Progress>,
    status_date: Option<NaiveDate>,
) -> Result<Schedule> {
    let net = network::build(activities, links, calendars, options.lag_calendar)?;
    let progress = check_progress(activities, progress, status_date)?;
    let progress = progress.as_slice();
    let mut indexes: Vec<WorkIndex<'_>> = Vec::with_capacity(net.named.len().saturating_add(2));
    indexes.push(WorkIndex::new(Days::Working(project_calendar), options.project_start));
    for name in &net.named {
        let calendar = calendars.get(name).unwrap_or(project_calendar);
        indexes.push(WorkIndex::new(Days::Working(calendar), options.project_start));
    }
    indexes.push(WorkIndex::new(Days::Elapsed, options.project_start));
    let hold = status_date.map_or(options.project_start, |s| s.max(options.project_start));
    let minutes = |a: usize, duration: Duration| minutes_of(duration, indexes.get(net.slot.get(a).copied().unwrap_or(0)).map_or(DAY, WorkIndex::per_day));
    let durations = activities.iter().enumerate().map(|(a, activity)| minutes(a, activity.duration)).collect();
    let remaining = progress.iter().enumerate().map(|(a, p)| p.map_or(0, |p| minutes(a, p.remaining_duration))).collect();
    let mut pass = Pass { activities, net: &net, indexes, options, times: vec![Times::default(); activities.len()], durations, remaining, progress, hold };
    pass.forward()?;
    let project_end = pass.times.iter().map(|t| t.ef_time).max().unwrap_or(midnight(day_number(options.project_start)));
    pass.backward(project_end)?;
    pass.result(project_end)
}

struct Pass<'a> {
    activities: &'a [Activity],
    net: &'a Network,
    indexes: Vec<WorkIndex<'a>>,
    options: &'a ScheduleOptions,
    times: Vec<Times>,
    /// Each activity's duration in working minutes of its calendar.
    durations: Vec<i64>,
    /// The working minutes left of each activity with progress.
    remaining: Vec<i64>,
    progress: &'a [Option<Progress>],
    /// Where unstarted work is held: the status date, or the project start.
    hold: NaiveDate,
}

/// Progress checked against the activities, the status date and itself, every problem at
/// once; by activity index.
fn check_progress(activities: &[Activity], progress: &BTreeMap<String, Progress>, status_date: Option<NaiveDate>) -> Result<Vec<Option<Progress>>> {
    let mut problems = Vec::new();
    for id in progress.keys().filter(|id| !activities.iter().any(|a| &a.id == *id)) {
        problems.push(format!("progress names activity {}, which is not in the schedule", crate::text::quoted(id)));
    }
    let by_index: Vec<Option<Progress>> = activities.iter().map(|a| progress.get(&a.id).copied()).collect();
    for (activity, p) in activities.iter().zip(&by_index) {
        let Some(p) = p else { continue };
        let id = crate::text::quoted(&activity.id);
        if let Some(problem) = p.remaining_duration.problem() {
            problems.push(format!("activity {id}: remaining {problem}"));
        }
        let Some(status) = status_date else {
            problems.push(format!("activity {id} has progress but the schedule has no status date"));
            continue;
        };
        if p.actual_start > status {
            problems.push(format!("activity {id} starts {} after the status date {status}", p.actual_start));
        }
        if let Some(finish) = p.actual_finish {
            if finish < p.actual_start {
                problems.push(format!("activity {id} finishes {finish} before it starts {}", p.actual_start));
            }
            if finish > status {
                problems.push(format!("activity {id} finishes {finish} after the status date {status}"));
            }
        }
    }
    if problems.is_empty() { Ok(by_index) } else { Err(crate::Error::InvalidSchedule { problems }) }
}

/// A finish-type date as a bound: the end of the day — a milestone's, the start of its day
/// (a milestone is dated by the day it sits at the start of).
fn finish_bound(date: NaiveDate, duration: i64) -> Bound {
    if duration == 0 { Bound::StartDay(day_number(date)) } else { Bound::FinishDay(day_number(date)) }
}

/// A duration in working minutes of a calendar with `per_day` minutes a day; hours to the
/// nearest minute (checked when the network was built: not below zero, within reach).
pub(crate) fn minutes_of(duration: Duration, per_day: i64) -> i64 {
    match duration {
        Duration::Days(days) => i64::from(days).saturating_mul(per_day),
        Duration::Hours { hours } => {
            let minutes = hours.checked_mul(rust_decimal::Decimal::from(60)).map(|m| m.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
            minutes.and_then(|m| i64::try_from(m).ok()).unwrap_or(i64::MAX)
        }
    }
}

// Indexes are the network's; arithmetic is on working-day indexes and day numbers bounded by
// the work index's reach (checked there) and lags bounded when the network was built.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
impl Pass<'_> {
    fn duration(&self, a: usize) -> i64 {
        self.durations[a]
    }

    /// An edge's lag in working minutes of its lag calendar.
    fn lag(&self, edge: &Edge) -> i64 {
        edge.lag * self.indexes[edge.lag_slot].per_day()
    }

    /// The start and finish times of an activity starting at index `s` on calendar slot `c`.
    fn place(&mut self, c: usize, s: i64, duration: i64) -> Result<(i64, i64)> {
        let start = self.indexes[c].start_time(s)?;
        let finish = if duration == 0 { start } else { self.indexes[c].finish_time(s + duration)? };
        Ok((start, finish))
    }

    /// The bound a link puts on its successor, from the predecessor's (early) times.
    fn forward_bound(&mut self, edge: &Edge, start: i64, finish: i64) -> Result<Bound> {
        let lag = self.lag(edge);
        let g = &mut self.indexes[edge.lag_slot];
        Ok(match edge.kind {
            LinkKind::FinishToStart => {
                let w = g.before(finish)? + lag;
                Bound::Start(g.start_time(w)?)
            }
            LinkKind::StartToStart => {
                let w = g.before(start)? + lag;
                Bound::Start(g.start_time(w)?)
            }
            LinkKind::FinishToFinish => {
                let w = g.before(finish)? + lag;
                Bound::Finish(g.finish_time(w)?)
            }
            // A finish bound is the end of a working day: in working time the end of one day
            // and the start of the next are the same moment.
            LinkKind::StartToFinish => {
                let w = g.before(start)? + lag;
                Bound::Finish(g.finish_time(w)?)
            }
        })
    }

    /// The bound a link puts on its predecessor, from the successor's start and finish times:
    /// the latest time whose index on the lag calendar still satisfies the link.
    fn backward_bound(&mut self, edge: &Edge, start: i64, finish: i64) -> Result<Bound> {
        let lag = self.lag(edge);
        let g = &mut self.indexes[edge.lag_slot];
        let (w, on_finish) = match edge.kind {
            LinkKind::FinishToStart => (g.before(start + 1)? - 1 - lag, true),
            LinkKind::StartToStart => (g.before(start + 1)? - 1 - lag, false),
            LinkKind::FinishToFinish => (g.before(finish)? - lag, true),
            LinkKind::StartToFinish => (g.before(finish)? - lag, false),
        };
        let t = g.start_of(w)?;
        Ok(if on_finish { Bound::Finish(t) } else { Bound::Start(t) })
    }

    /// The earliest start index on `c` a bound allows.
    fn earliest(&mut self, c: usize, bound: Bound, duration: i64) -> Result<i64> {
        let index = &mut self.indexes[c];
        match bound {
            Bound::Start(t) => index.earliest_start(t),
            Bound::Finish(t) => Ok(index.earliest_finish(t)? - duration),
            Bound::StartDay(day) => index.start_on_or_after(day),
            Bound::FinishDay(day) => Ok(index.finish_on_or_after(day)? - duration),
        }
    }

    /// The latest start index on `c` a bound allows.
    fn latest(&mut self, c: usize, bound: Bound, duration: i64) -> Result<i64> {
        let index = &mut self.indexes[c];
        match bound {
            Bound::Start(t) => index.latest_start(t),
            Bound::Finish(t) => Ok(index.latest_finish(t)? - duration),
            Bound::StartDay(day) => index.start_on_or_before(day),
            Bound::FinishDay(day) => Ok(index.finish_on_or_before(day)? - duration),
        }
    }

    fn forward(&mut self) -> Result<()> {
        let msp = self.options.scheduler == Scheduler::MsProject;
        let hold = midnight(day_number(self.hold));
        for &a in &self.net.order {
            let (c, d) = (self.net.slot[a], self.duration(a));
            if let Some(progress) = self.progress.get(a).copied().flatten() {
                self.place_progress(a, c, progress, hold)?;
                continue;
            }
            let held = self.indexes[c].earliest_start(hold)?;
            let mut start: Option<i64> = None;
            for edge in &self.net.incoming[a] {
                let p = self.times[edge.other];
                let bound = self.forward_bound(edge, p.es_time, p.ef_time)?;
                let mut candidate = self.earliest(c, bound, d)?;
                // Microsoft Project holds only an FF link's implied start at the project start.
                if msp && edge.kind == LinkKind::FinishToFinish {
                    candidate = candidate.max(held);
                }
                start = Some(start.map_or(candidate, |s| s.max(candidate)));
            }
            let mut s = match start {
                Some(s) if msp => s,
                Some(s) => s.max(held),
                None => held,
            };
            if let Some(constraint) = self.activities[a].constraint {
                s = match constraint {
                    Constraint::StartNoEarlierThan { date } => s.max(self.earliest(c, Bound::StartDay(day_number(date)), d)?),
                    Constraint::FinishNoEarlierThan { date } => s.max(self.earliest(c, finish_bound(date, d), d)?),
                    Constraint::MustStartOn { date } => self.earliest(c, Bound::StartDay(day_number(date)), d)?,
                    Constraint::MustFinishOn { date } => self.latest(c, finish_bound(date, d), d)?,
                    Constraint::StartNoLaterThan { date } if msp => s.min(self.latest(c, Bound::StartDay(day_number(date)), d)?),
                    Constraint::FinishNoLaterThan { date } if msp => s.min(self.latest(c, finish_bound(date, d), d)?),
                    Constraint::StartNoLaterThan { .. } | Constraint::FinishNoLaterThan { .. } => s,
                };
            }
            let (es_time, ef_time) = self.place(c, s, d)?;
            let t = &mut self.times[a];
            (t.es, t.es_time, t.ef_time) = (s, es_time, ef_time);
        }
        Ok(())
    }

    /// An activity with progress: its actual start; its actual finish, or its remaining work
    /// from the status date (`hold`).
    fn place_progress(&mut self, a: usize, c: usize, progress: Progress, hold: i64) -> Result<()> {
        let remaining = self.remaining[a];
        let index = &mut self.indexes[c];
        let es_time = index.day_starts(day_number(progress.actual_start));
        let es = index.before(es_time)?;
        let ef_time = match progress.actual_finish {
            Some(finish) => index.day_ends(day_number(finish)),
            None => {
                let from = index.earliest_start(hold)?;
                if remaining == 0 { index.start_time(from)? } else { index.finish_time(from + remaining)? }
            }
        };
        let t = &mut self.times[a];
        (t.es, t.es_time, t.ef_time) = (es, es_time, ef_time);
        Ok(())
    }

    /// The latest start index a's successors and the project's end allow, from their `late`
    /// (or early, for free float) times: no activity finishes after the project.
    /// With `finish_only`, links that bind its start (SS, SF) are left out: the start of work
    /// under way is history.
    fn latest_from_successors(&mut self, a: usize, project_end: i64, late: bool, finish_only: bool) -> Result<i64> {
        let (c, d) = (self.net.slot[a], self.duration(a));
        let mut latest = self.latest(c, Bound::Finish(project_end), d)?;
        for edge in &self.net.outgoing[a] {
            if finish_only && matches!(edge.kind, LinkKind::StartToStart | LinkKind::StartToFinish) {
                continue;
            }
            let q = self.times[edge.other];
            let (start, finish) = if late { (q.ls_time, q.lf_time) } else { (q.es_time, q.ef_time) };
            let bound = self.backward_bound(edge, start, finish)?;
            latest = latest.min(self.latest(c, bound, d)?);
        }
        Ok(latest)
    }

    fn backward(&mut self, project_end: i64) -> Result<()> {
        for &a in self.net.order.iter().rev() {
            let (c, d) = (self.net.slot[a], self.duration(a));
            if let Some(progress) = self.progress.get(a).copied().flatten() {
                let t = self.times[a];
                let (ls_time, lf_time) = match progress.actual_finish {
                    Some(_) => (t.es_time, t.ef_time),
                    None => {
                        // The remaining work's latest start: its late finish less what remains.
                        let remaining = self.remaining[a];
                        let latest = self.latest_from_successors(a, project_end, true, true)? + d - remaining;
                        let start = self.indexes[c].start_time(latest)?;
                        let finish = if remaining == 0 { start } else { self.indexes[c].finish_time(latest + remaining)? };
                        (start, finish)
                    }
                };
                let ls = self.indexes[c].before(ls_time)?;
                let t = &mut self.times[a];
                (t.ls, t.ls_time, t.lf_time) = (ls, ls_time, lf_time);
                continue;
            }
            let mut s = self.latest_from_successors(a, project_end, true, false)?;
            let activity = &self.activities[a];
            if let Some(constraint) = activity.constraint {
                s = match constraint {
                    Constraint::MustStartOn { date } => self.earliest(c, Bound::StartDay(day_number(date)), d)?,
                    Constraint::MustFinishOn { date } => self.latest(c, finish_bound(date, d), d)?,
                    Constraint::StartNoLaterThan { date } => s.min(self.latest(c, Bound::StartDay(day_number(date)), d)?),
                    Constraint::FinishNoLaterThan { date } => s.min(self.latest(c, finish_bound(date, d), d)?),
                    Constraint::StartNoEarlierThan { .. } | Constraint::FinishNoEarlierThan { .. } => s,
                };
            }
            if let Some(deadline) = activity.deadline {
                s = s.min(self.latest(c, finish_bound(deadline, d), d)?);
            }
            let (ls_time, lf_time) = self.place(c, s, d)?;
            let t = &mut self.times[a];
            (t.ls, t.ls_time, t.lf_time) = (s, ls_time, lf_time);
        }
        Ok(())
    }

    /// The day a time shows as: a start's own day; a finish's last working day (a milestone's
    /// finish is its start).
    fn finish_date(finish: i64, start: i64) -> Result<NaiveDate> {
        date_at(if finish > start { finish - 1 } else { start })
    }

    /// The clock time a finish shows: the end of its last minute (midnight, the end of a
    /// 24-hour day, as 23:59:59, so that it stays on the finish date).
    fn finish_clock(finish: i64, start: i64) -> chrono::NaiveTime {
        if finish > start && finish.rem_euclid(DAY) == 0 { chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(chrono::NaiveTime::MIN) } else { clock_at(finish) }
    }

    fn result(&mut self, project_end: i64) -> Result<Schedule> {
        let mut rows = Vec::with_capacity(self.activities.len());
        let mut project_finish = self.options.project_start;
        for a in 0..self.activities.len() {
            let t = self.times[a];
            let (c, d) = (self.net.slot[a], self.duration(a));
            // Finish float compares finishes on the activity's calendar: late − early finish index.
            let per_day = self.indexes[c].per_day();
            let finish_float = self.indexes[c].latest_finish(t.lf_time)? - self.indexes[c].latest_finish(t.ef_time)?;
            let progress = self.progress.get(a).copied().flatten();
            // Work under way floats on its finish: its start is history.
            let start_float = if progress.is_some() { finish_float } else { t.ls - t.es };
            let (finish_float, start_float) = if d == 0 && progress.is_none() { (start_float, start_float) } else { (finish_float, start_float) };
            let total_float = match self.options.float_basis {
                FloatBasis::Finish => finish_float,
                FloatBasis::Start => start_float,
                FloatBasis::Smallest => finish_float.min(start_float),
            };
            let finished = progress.is_some_and(|p| p.actual_finish.is_some());
            let free_float = if finished {
                0
            } else if progress.is_some() {
                let bound = self.latest_from_successors(a, project_end, false, true)? + d;
                (bound - self.indexes[c].latest_finish(t.ef_time)?).min(total_float)
            } else {
                (self.latest_from_successors(a, project_end, false, false)? - t.es).min(total_float)
            };
            let early_finish = Pass::finish_date(t.ef_time, t.es_time)?;
            project_finish = project_finish.max(early_finish);
            rows.push(ScheduledActivity {
                id: self.activities[a].id.clone(),
                early_start: date_at(t.es_time)?,
                early_finish,
                late_start: date_at(t.ls_time)?,
                late_finish: Pass::finish_date(t.lf_time, t.ls_time)?,
                early_start_time: clock_at(t.es_time),
                early_finish_time: Pass::finish_clock(t.ef_time, t.es_time),
                total_float: total_float.div_euclid(per_day),
                free_float: free_float.div_euclid(per_day),
                total_float_minutes: total_float,
                free_float_minutes: free_float,
                critical: !finished && total_float <= self.options.critical_float.saturating_mul(per_day),
            });
        }
        let mut critical: Vec<(NaiveDate, chrono::NaiveTime, &str)> = rows.iter().filter(|r| r.critical).map(|r| (r.early_start, r.early_start_time, r.id.as_str())).collect();
        critical.sort_unstable();
        let critical_path = critical.into_iter().map(|(_, _, id)| id.to_owned()).collect();
        Ok(Schedule { activities: rows, project_finish, critical_path })
    }
}
