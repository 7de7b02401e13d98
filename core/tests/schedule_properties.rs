//! The critical path method against an independent longest-path computation (issue 14): on
//! random networks with all four link types, leads and lags, on one calendar (weekends, or
//! China's 2024–2026 holidays and 调休), early and late dates and both floats equal those of
//! a relaxation to a fixpoint over working-day indexes, written here without calendars.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use chrono::NaiveDate;
use projectledger::schedule::{schedule, Activity, Duration, Link, LinkKind, ScheduleOptions, Scheduler};
use projectledger::{Decimal, WorkCalendar};
use proptest::prelude::*;

const KINDS: [LinkKind; 4] = [LinkKind::FinishToStart, LinkKind::StartToStart, LinkKind::FinishToFinish, LinkKind::StartToFinish];

/// The working days around the project start, to turn dates into indexes (0: the first
/// working day at or after the start).
struct Days {
    days: Vec<NaiveDate>,
    zero: usize,
}

impl Days {
    fn new(calendar: &WorkCalendar, start: NaiveDate) -> Days {
        let first = start - chrono::Days::new(200);
        let days: Vec<NaiveDate> = first.iter_days().take(700).filter(|d| calendar.is_working_day(*d).unwrap()).collect();
        let zero = days.iter().position(|d| *d >= start).unwrap();
        Days { days, zero }
    }

    fn index(&self, date: NaiveDate) -> i64 {
        self.days.iter().position(|d| *d == date).unwrap_or_else(|| panic!("{date} is not a working day")) as i64 - self.zero as i64
    }
}

#[derive(Debug, Clone)]
struct Net {
    durations: Vec<i64>,
    links: Vec<(usize, usize, usize, i64)>,
}

fn network() -> impl Strategy<Value = Net> {
    (2usize..30).prop_flat_map(|n| {
        let durations = proptest::collection::vec(0i64..8, n);
        let links = proptest::collection::vec((0..n, 0..n, 0usize..4, -4i64..6), 0..(n * 2));
        (durations, links).prop_map(|(durations, links)| {
            // Links always go from a lower to a higher index: the network has no cycle.
            let links = links.into_iter().filter(|(a, b, _, _)| a != b).map(|(a, b, k, lag)| (a.min(b), a.max(b), k, lag)).collect();
            Net { durations, links }
        })
    })
}

/// Early and late starts by relaxation to a fixpoint (Bellman–Ford on a DAG), in working-day
/// indexes: FS s_j ≥ f_i + L, SS s_j ≥ s_i + L, FF f_j ≥ f_i + L, SF f_j ≥ s_i + L.
fn reference(net: &Net, p6: bool) -> (Vec<i64>, Vec<i64>, Vec<i64>) {
    let n = net.durations.len();
    let d = &net.durations;
    let has_pred: Vec<bool> = (0..n).map(|j| net.links.iter().any(|l| l.1 == j)).collect();
    let mut es: Vec<i64> = (0..n).map(|j| if has_pred[j] && !p6 { i64::MIN / 4 } else { 0 }).collect();
    loop {
        let mut changed = false;
        for &(i, j, k, lag) in &net.links {
            let mut bound = match KINDS[k] {
                LinkKind::FinishToStart => es[i] + d[i] + lag,
                LinkKind::StartToStart => es[i] + lag,
                LinkKind::FinishToFinish => es[i] + d[i] + lag - d[j],
                LinkKind::StartToFinish => es[i] + lag - d[j],
            };
            if KINDS[k] == LinkKind::FinishToFinish && !p6 {
                bound = bound.max(0);
            }
            if bound > es[j] {
                es[j] = bound;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let end = (0..n).map(|i| es[i] + d[i]).max().unwrap();
    // No activity finishes after the project, whatever its successors allow.
    let mut ls: Vec<i64> = (0..n).map(|i| end - d[i]).collect();
    loop {
        let mut changed = false;
        for &(i, j, k, lag) in &net.links {
            let bound = match KINDS[k] {
                LinkKind::FinishToStart => ls[j] - lag - d[i],
                LinkKind::StartToStart => ls[j] - lag,
                LinkKind::FinishToFinish => ls[j] + d[j] - lag - d[i],
                LinkKind::StartToFinish => ls[j] + d[j] - lag,
            };
            if bound < ls[i] {
                ls[i] = bound;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let free: Vec<i64> = (0..n)
        .map(|i| {
            let slack = net.links.iter().filter(|l| l.0 == i).map(|&(_, j, k, lag)| match KINDS[k] {
                LinkKind::FinishToStart => es[j] - lag - (es[i] + d[i]),
                LinkKind::StartToStart => es[j] - lag - es[i],
                LinkKind::FinishToFinish => es[j] + d[j] - lag - (es[i] + d[i]),
                LinkKind::StartToFinish => es[j] + d[j] - lag - es[i],
            });
            slack.fold(end - es[i] - d[i], i64::min).min(ls[i] - es[i])
        })
        .collect();
    (es, ls, free)
}

fn check(net: &Net, calendar: &WorkCalendar, start: NaiveDate, scheduler: Scheduler) -> Result<(), TestCaseError> {
    let activities: Vec<Activity> = net.durations.iter().enumerate().map(|(i, d)| Activity::new(&format!("A{i}"), "work", *d as u32)).collect();
    let links: Vec<Link> = net.links.iter().map(|&(i, j, k, lag)| Link::new(&format!("A{i}"), &format!("A{j}"), KINDS[k], lag as i32)).collect();
    let options = ScheduleOptions { scheduler, ..ScheduleOptions::starting(start) };
    let plan = schedule(&activities, &links, &options, calendar, &Default::default()).unwrap();
    let (es, ls, free) = reference(net, scheduler == Scheduler::Primavera);
    let days = Days::new(calendar, start);
    for (i, row) in plan.activities.iter().enumerate() {
        let d = net.durations[i];
        prop_assert_eq!(days.index(row.early_start), es[i], "early start of A{}", i);
        prop_assert_eq!(days.index(row.late_start), ls[i], "late start of A{}", i);
        // A finish date is the last day worked (a milestone's is its start).
        let finish = |s: i64| if d == 0 { s } else { s + d - 1 };
        prop_assert_eq!(days.index(row.early_finish), finish(es[i]), "early finish of A{}", i);
        prop_assert_eq!(days.index(row.late_finish), finish(ls[i]), "late finish of A{}", i);
        prop_assert_eq!(row.total_float, ls[i] - es[i], "total float of A{}", i);
        prop_assert_eq!(row.free_float, free[i], "free float of A{}", i);
        prop_assert!(row.total_float >= 0, "negative float without constraints");
        prop_assert_eq!(row.critical, row.total_float <= 0);
    }
    prop_assert_eq!(plan.activities.iter().map(|r| r.total_float).min(), Some(0), "some path has zero float");
    // Rescheduling at the project start with no progress changes nothing.
    let again = projectledger::schedule::reschedule(&activities, &links, &options, calendar, &Default::default(), &Default::default(), Some(start)).unwrap();
    prop_assert_eq!(again, plan);
    Ok(())
}

/// Durations in hours (half hours up to five days) and lags in days, against the same
/// relaxation in working minutes of an 8-hour day (08:00–16:00): early starts and finishes to
/// the minute, late starts to the day, floats exactly in minutes.
fn check_hours(net: &Net, calendar: &WorkCalendar, start: NaiveDate, scheduler: Scheduler) -> Result<(), TestCaseError> {
    const DAY: i64 = 480;
    let activities: Vec<Activity> = net
        .durations
        .iter()
        .enumerate()
        .map(|(i, minutes)| Activity::new(&format!("A{i}"), "work", Duration::hours(Decimal::from(*minutes) / Decimal::from(60))))
        .collect();
    let links: Vec<Link> = net.links.iter().map(|&(i, j, k, lag)| Link::new(&format!("A{i}"), &format!("A{j}"), KINDS[k], lag as i32)).collect();
    let options = ScheduleOptions { scheduler, ..ScheduleOptions::starting(start) };
    let plan = schedule(&activities, &links, &options, calendar, &Default::default()).unwrap();
    let in_minutes = Net { durations: net.durations.clone(), links: net.links.iter().map(|&(i, j, k, lag)| (i, j, k, lag * DAY)).collect() };
    let (es, ls, free) = reference(&in_minutes, scheduler == Scheduler::Primavera);
    let days = Days::new(calendar, start);
    let at = |date: NaiveDate, time: chrono::NaiveTime| days.index(date) * DAY + (time - chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap()).num_minutes();
    for (i, row) in plan.activities.iter().enumerate() {
        let d = net.durations[i];
        prop_assert_eq!(at(row.early_start, row.early_start_time), es[i], "early start of A{}", i);
        prop_assert_eq!(at(row.early_finish, row.early_finish_time), es[i] + d, "early finish of A{}", i);
        prop_assert_eq!(days.index(row.late_start), ls[i].div_euclid(DAY), "late start of A{}", i);
        prop_assert_eq!(row.total_float_minutes, ls[i] - es[i], "total float of A{}", i);
        prop_assert_eq!(row.free_float_minutes, free[i], "free float of A{}", i);
        prop_assert_eq!(row.total_float, (ls[i] - es[i]).div_euclid(DAY), "whole days of float of A{}", i);
        prop_assert_eq!(row.critical, row.total_float_minutes <= 0);
    }
    Ok(())
}

fn network_in_hours() -> impl Strategy<Value = Net> {
    network().prop_flat_map(|net| {
        let n = net.durations.len();
        (Just(net), proptest::collection::vec(0i64..80, n)).prop_map(|(net, halves)| Net { durations: halves.into_iter().map(|h| h * 30).collect(), links: net.links })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn cpm_in_hours_matches_the_relaxation_in_working_minutes(net in network_in_hours(), p6 in any::<bool>()) {
        let calendar = WorkCalendar::china(2024, 2026).unwrap();
        let scheduler = if p6 { Scheduler::Primavera } else { Scheduler::MsProject };
        check_hours(&net, &calendar, NaiveDate::from_ymd_opt(2025, 4, 28).unwrap(), scheduler)?;
    }

    #[test]
    fn cpm_matches_a_longest_path_relaxation_on_weekdays(net in network(), p6 in any::<bool>()) {
        let calendar = WorkCalendar::standard("Mon-Fri").unwrap();
        let scheduler = if p6 { Scheduler::Primavera } else { Scheduler::MsProject };
        check(&net, &calendar, NaiveDate::from_ymd_opt(2025, 3, 5).unwrap(), scheduler)?;
    }

    #[test]
    fn cpm_matches_a_longest_path_relaxation_through_the_spring_festival(net in network(), p6 in any::<bool>()) {
        let calendar = WorkCalendar::china(2024, 2026).unwrap();
        let scheduler = if p6 { Scheduler::Primavera } else { Scheduler::MsProject };
        check(&net, &calendar, NaiveDate::from_ymd_opt(2025, 1, 20).unwrap(), scheduler)?;
    }
}
