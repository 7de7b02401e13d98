//! Day-work register invariants on random batches from two offline devices: merging twice is
//! merging once, no entry is counted twice or lost (each is held or its event is a conflict),
//! no worker passes 24 h a day across projects, summaries sum to the entries, and a batch
//! with any problem leaves the journal unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::cost::CostEvent;
use projectledger::labour::LabourEvent;
use projectledger::labour::{DayWorkEntry, EntryFilter, EntryState, PaymentStatus, Reversal};
use projectledger::labour::{Dimension, Quantity, Rate, RateScope, RateUnit};
use projectledger::{ActorId, Currency, Decimal, Event, EventId, Journal, Payload, ProjectId, WorkCalendar};
use proptest::prelude::*;

const PROJECTS: [&str; 2] = ["PA", "PB"];
const WORKERS: [&str; 3] = ["W1", "W2", "W3"];

fn at(minutes: i64) -> DateTime<Utc> {
    "2025-04-20T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minutes)
}

fn event(id: &str, minutes: i64, actor: &str, payload: Payload) -> Event {
    Event::new(EventId::try_new(id).unwrap(), at(minutes), ActorId::try_new(actor).unwrap(), payload)
}

fn base() -> Journal {
    let mut journal = Journal::new();
    let mut events = common::Events::new("b", "2025-04-20T00:01:00Z");
    let mut add = |actor: &str, payload: Payload| {
        events.append(&mut journal, actor, payload).unwrap();
    };
    for (i, p) in PROJECTS.iter().enumerate() {
        let project_id = ProjectId::try_new(*p).unwrap();
        add("pm", Payload::Lifecycle(LifecycleEvent::ProjectCreated {
            project_id: project_id.clone(),
            name: format!("Project {p}"),
            code: format!("C-{p}"),
            currency: Currency::CNY,
            calendar: Box::new(WorkCalendar::china_2025().unwrap()),
        }));
        let breakdown = projectledger::cost::CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"}]}"#).unwrap();
        add("pm", Payload::Cost(CostEvent::CostBreakdownDefined { project_id: project_id.clone(), breakdown: Box::new(breakdown) }));
        for (w, worker) in WORKERS.iter().enumerate() {
            add("pm", Payload::Labour(LabourEvent::WorkerRegistered { project_id: project_id.clone(), worker: common::rebar_worker(worker, w) }));
        }
        let rate = Rate { scope: RateScope::Trade("钢筋工".into()), valid_from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), unit: RateUnit::Hour, amount: Decimal::from(40 + 5 * i) };
        add("pm", Payload::Labour(LabourEvent::LabourRateSet { project_id, rate }));
    }
    journal
}

/// An entry: project, worker, day offset from 28 April (inside 劳动节), hours.
type Spec = (usize, usize, i64, u32);

fn batch(device: &str, n: usize, specs: &[Spec]) -> Vec<(ProjectId, DayWorkEntry)> {
    specs
        .iter()
        .enumerate()
        .map(|(i, (p, w, day, hours))| {
            let entry = DayWorkEntry {
                entry_id: format!("{device}-{n}-{i}").into(),
                worker_id: WORKERS[*w].to_owned().into(),
                cost_code: "01".into(),
                date: NaiveDate::from_ymd_opt(2025, 4, 28).unwrap() + Duration::days(*day),
                quantity: Quantity::Hours(Decimal::from(*hours)),
                start: None,
                end: None,
                description: String::new(),
            };
            (ProjectId::try_new(PROJECTS[*p]).unwrap(), entry)
        })
        .collect()
}

/// Appends a device's batches (one event per project of a batch); refused ones are skipped,
/// as a device would not keep them.
fn device(mut journal: Journal, name: &str, batches: &[Vec<Spec>], offset: i64) -> Journal {
    for (n, specs) in batches.iter().enumerate() {
        let mut by_project: BTreeMap<ProjectId, Vec<DayWorkEntry>> = BTreeMap::new();
        for (project_id, entry) in batch(name, n, specs) {
            by_project.entry(project_id).or_default().push(entry);
        }
        for (k, (project_id, entries)) in by_project.into_iter().enumerate() {
            let id = format!("{name}-{n}-{k}");
            let _ = journal.append(event(&id, 100 + offset + 10 * n as i64 + k as i64, "pm", Payload::Labour(LabourEvent::DayWorkRecorded { project_id, entries: entries.into() })));
        }
    }
    journal
}

fn specs() -> impl Strategy<Value = Vec<Vec<Spec>>> {
    prop::collection::vec(prop::collection::vec((0usize..2, 0usize..3, 0i64..5, 1u32..14), 1..5), 0..5)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merging_twice_is_merging_once_and_nothing_is_counted_twice(a in specs(), b in specs()) {
        let left = device(base(), "A", &a, 0);
        let right = device(base(), "B", &b, 3);
        let mut merged = left.clone();
        merged.merge(&right).unwrap();
        let once = merged.clone();
        prop_assert_eq!(merged.merge(&right).unwrap().added, 0);
        prop_assert_eq!(merged.merge(&left).unwrap().added, 0);
        prop_assert_eq!(&merged, &once);
        let mut other_way = right.clone();
        other_way.merge(&left).unwrap();
        prop_assert_eq!(other_way.state(), merged.state());

        let state = merged.state();
        let work = state.day_work();
        // Every entry of every held event is in the register once, or its event is a conflict.
        let conflicts: Vec<&str> = state.conflicts().iter().map(|c| c.event_id.as_str()).collect();
        let mut expected = 0;
        for entry in merged.entries() {
            if let Payload::Labour(LabourEvent::DayWorkRecorded { entries, .. }) = &entry.event.payload {
                let held = !conflicts.contains(&entry.event.id.as_str());
                for e in entries.iter() {
                    prop_assert_eq!(work.entry(&e.entry_id).is_some(), held);
                    expected += usize::from(held);
                }
            }
        }
        prop_assert_eq!(work.entries().len(), expected);
        // No worker passes 24 h a day across projects.
        let mut days: BTreeMap<(String, NaiveDate), Decimal> = BTreeMap::new();
        for e in work.entries() {
            *days.entry((e.worker_id.to_string(), e.date)).or_default() += e.hours;
        }
        prop_assert!(days.values().all(|h| *h <= Decimal::from(24)));
        // Summaries sum to the entries, whatever the grouping.
        let total: Decimal = work.entries().map(|e| e.cost.amount.amount()).sum();
        for by in [vec![Dimension::Project], vec![Dimension::Team, Dimension::Day], vec![Dimension::Worker, Dimension::IsoWeek]] {
            // Projects share currency and 工日 length here, so one summary covers both.
            let rows = state.day_work_summary(&by, &EntryFilter::default()).unwrap();
            let sum: Decimal = rows.iter().map(|r| r.amount.amount()).sum();
            let hours: Decimal = rows.iter().map(|r| r.hours).sum();
            prop_assert_eq!(sum, total);
            prop_assert_eq!(hours, days.values().copied().sum::<Decimal>());
        }
        common::assert_invariants(&merged);
        common::assert_invariants(&other_way);
    }

    #[test]
    fn a_batch_with_a_problem_changes_nothing(a in specs(), good in prop::collection::vec((0usize..1, 0usize..3, 0i64..5, 1u32..8), 0..6), bad in 0usize..4) {
        let mut journal = device(base(), "A", &a, 0);
        let before = journal.clone();
        let mut entries: Vec<DayWorkEntry> = batch("Z", 0, &good).into_iter().map(|(_, e)| e).collect();
        let mut wrong = batch("Z", 1, &[(0, 0, 0, 8)]).remove(0).1;
        match bad {
            0 => wrong.worker_id = "W9".into(),
            1 => wrong.quantity = Quantity::Hours(Decimal::ZERO),
            2 => wrong.cost_code = "99".into(),
            // The id of another entry of the batch.
            _ => match entries.first() {
                Some(other) => wrong.entry_id = other.entry_id.clone(),
                None => wrong.worker_id = "W9".into(),
            },
        }
        entries.insert(entries.len() / 2, wrong);
        let refused = journal.append(event("z", 999, "pm", Payload::Labour(LabourEvent::DayWorkRecorded { project_id: ProjectId::try_new("PA").unwrap(), entries: entries.into() })));
        prop_assert_eq!(refused.unwrap_err().kind(), "InvalidDayWork");
        prop_assert_eq!(&journal, &before);
        prop_assert_eq!(journal.state(), before.state());
        prop_assert_eq!(journal.state().check_invariants(), Ok(()));
        // Nothing of the refused batch is left behind, its ids neither: its good entries alone
        // fare as they would have without it.
        let good: Vec<DayWorkEntry> = batch("Z", 0, &good).into_iter().map(|(_, e)| e).collect();
        if !good.is_empty() {
            let again = |mut journal: Journal| {
                let result = journal.append(event("z2", 1000, "pm", Payload::Labour(LabourEvent::DayWorkRecorded { project_id: ProjectId::try_new("PA").unwrap(), entries: good.clone().into() })));
                (result.map_err(|e| e.to_string()), journal)
            };
            let (after_refusal, without) = (again(journal), again(before));
            prop_assert_eq!(&after_refusal.0, &without.0);
            prop_assert_eq!(after_refusal.1.state(), without.1.state());
        }
    }
}

#[test]
fn more_than_36_hours_of_overtime_in_a_month_is_a_warning_not_an_error() {
    // Four Saturdays of May 2025 at 10 h each: rest days, so 40 h overtime in the month.
    let mut journal = base();
    let specs: Vec<Spec> = [5, 12, 19, 26].iter().map(|d| (0, 0, *d, 10)).collect();
    let journal = {
        let entries = batch("M", 0, &specs).into_iter().map(|(_, e)| e).collect();
        journal.append(event("m", 500, "pm", Payload::Labour(LabourEvent::DayWorkRecorded { project_id: ProjectId::try_new("PA").unwrap(), entries }))).unwrap();
        journal
    };
    let messages: Vec<String> = journal.state().day_work().warnings().map(|w| w.message.clone()).collect();
    assert_eq!(messages.len(), 5, "{messages:?}");
    assert_eq!(messages[4], "40 h overtime in 2025-05 (art. 41: at most 36 h a month)");
}

#[test]
fn a_new_calendar_re_costs_what_is_not_approved_and_a_reversal_corrects_what_is() {
    // Monday 12 May 2025 becomes a statutory holiday after two 8 h entries were recorded on
    // it: the recorded one is re-costed (8 h × 3 at 40.00 = 960.00), the approved one keeps
    // its 320.00 and is corrected by a reversal, which the lock through May still takes.
    let mut journal = base();
    let pa = ProjectId::try_new("PA").unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 5, 12).unwrap();
    let entry = |id: &str, worker: &str| DayWorkEntry {
        entry_id: id.into(),
        worker_id: worker.into(),
        cost_code: "01".into(),
        date: day,
        quantity: Quantity::Hours(Decimal::from(8)),
        start: None,
        end: None,
        description: String::new(),
    };
    let mut n = 500;
    let mut add = |journal: &mut Journal, actor: &str, payload: Payload| {
        n += 1;
        journal.append(event(&format!("x{n}"), n, actor, payload))
    };
    add(&mut journal, "pm", Payload::Lifecycle(LifecycleEvent::RoleGranted { project_id: pa.clone(), member: ActorId::try_new("boss").unwrap(), role: "approver".into() })).unwrap();
    add(&mut journal, "pm", Payload::Labour(LabourEvent::DayWorkRecorded { project_id: pa.clone(), entries: vec![entry("K1", "W1"), entry("K2", "W2")].into() })).unwrap();
    let ids = vec![projectledger::EntryId::from("K1")];
    add(&mut journal, "pm", Payload::Labour(LabourEvent::DayWorkMoved { project_id: pa.clone(), entry_ids: ids.clone(), to: EntryState::Submitted, note: String::new() })).unwrap();
    add(&mut journal, "boss", Payload::Labour(LabourEvent::DayWorkMoved { project_id: pa.clone(), entry_ids: ids, to: EntryState::Approved, note: String::new() })).unwrap();
    let calendar = WorkCalendar::china_2025().unwrap().with_holiday(day, "site holiday", true).unwrap();
    add(&mut journal, "pm", Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged { project_id: pa.clone(), name: None, code: None, calendar: Some(Box::new(calendar)) })).unwrap();
    let amount = |journal: &Journal, id: &str| journal.state().day_work().entry(id).unwrap().cost.amount.to_string();
    assert_eq!((amount(&journal, "K1"), amount(&journal, "K2")), ("CNY 320.00".to_owned(), "CNY 960.00".to_owned()));
    add(&mut journal, "pm", Payload::Labour(LabourEvent::DayWorkPeriodLocked { project_id: pa.clone(), through: NaiveDate::from_ymd_opt(2025, 5, 31).unwrap() })).unwrap();
    let refused = add(&mut journal, "pm", Payload::Labour(LabourEvent::DayWorkRecorded { project_id: pa.clone(), entries: vec![entry("K3", "W3")].into() }));
    assert_eq!(refused.unwrap_err().kind(), "InvalidDayWork");
    add(&mut journal, "boss", Payload::Labour(LabourEvent::DayWorkMoved { project_id: pa.clone(), entry_ids: vec!["K1".into()], to: EntryState::Paid, note: String::new() })).unwrap();
    let reversal = Reversal { entry_id: "K1-R".into(), reverses: "K1".into(), reason: "the day became a holiday".into() };
    add(&mut journal, "pm", Payload::Labour(LabourEvent::DayWorkReversed { project_id: pa.clone(), reversals: vec![reversal] })).unwrap();
    assert_eq!(amount(&journal, "K1-R"), "CNY -320.00");
    let ids = vec![projectledger::EntryId::from("K1-R")];
    add(&mut journal, "pm", Payload::Labour(LabourEvent::DayWorkMoved { project_id: pa.clone(), entry_ids: ids.clone(), to: EntryState::Submitted, note: String::new() })).unwrap();
    add(&mut journal, "boss", Payload::Labour(LabourEvent::DayWorkMoved { project_id: pa.clone(), entry_ids: ids, to: EntryState::Approved, note: String::new() })).unwrap();
    // W1's May: 320.00 paid, nothing due any more: overpaid, to be recovered, never overdue.
    let ledger = journal.state().wage_ledger(&pa, Some(day), NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(), projectledger::labour::IdNumbers::Masked).unwrap();
    let w1 = ledger.iter().find(|r| r.worker_id == "W1").unwrap();
    assert_eq!((w1.gross.to_string(), w1.paid.to_string(), w1.payment_status, w1.overdue), ("CNY 0.00".into(), "CNY 320.00".into(), PaymentStatus::Overpaid, false));
    assert!(ledger.iter().all(|r| r.worker_id != "W2"), "K2 is not approved: not in the wage ledger");
    let again = Reversal { entry_id: "K1-R2".into(), reverses: "K1".into(), reason: String::new() };
    assert_eq!(add(&mut journal, "pm", Payload::Labour(LabourEvent::DayWorkReversed { project_id: pa, reversals: vec![again] })).unwrap_err().kind(), "InvalidDayWork");
}

#[test]
fn a_reversal_frees_the_days_regular_hours_for_later_entries() {
    // Tuesday 13 May 2025: A (8 h, approved) takes the regular hours, so B (2 h) is overtime
    // ×1.5 at 40.00 = 120.00; reversing A gives B the regular hours back: 80.00.
    let mut journal = base();
    let pa = ProjectId::try_new("PA").unwrap();
    let entry = |id: &str, hours: u32| DayWorkEntry {
        entry_id: id.into(),
        worker_id: "W1".into(),
        cost_code: "01".into(),
        date: NaiveDate::from_ymd_opt(2025, 5, 13).unwrap(),
        quantity: Quantity::Hours(Decimal::from(hours)),
        start: None,
        end: None,
        description: String::new(),
    };
    let moved = |ids: &[&str], to| Payload::Labour(LabourEvent::DayWorkMoved { project_id: pa.clone(), entry_ids: ids.iter().map(|i| (*i).into()).collect(), to, note: String::new() });
    let steps = [
        ("pm", Payload::Lifecycle(LifecycleEvent::RoleGranted { project_id: pa.clone(), member: ActorId::try_new("boss").unwrap(), role: "approver".into() })),
        ("pm", Payload::Labour(LabourEvent::DayWorkRecorded { project_id: pa.clone(), entries: vec![entry("A", 8)].into() })),
        ("pm", moved(&["A"], EntryState::Submitted)),
        ("boss", moved(&["A"], EntryState::Approved)),
        ("pm", Payload::Labour(LabourEvent::DayWorkRecorded { project_id: pa.clone(), entries: vec![entry("B", 2)].into() })),
    ];
    for (n, (actor, payload)) in steps.into_iter().enumerate() {
        journal.append(event(&format!("r{n}"), 600 + n as i64, actor, payload)).unwrap();
    }
    let amount = |journal: &Journal| journal.state().day_work().entry("B").unwrap().cost.amount.to_string();
    assert_eq!(amount(&journal), "CNY 120.00");
    let reversal = Reversal { entry_id: "A-R".into(), reverses: "A".into(), reason: String::new() };
    journal.append(event("r9", 700, "pm", Payload::Labour(LabourEvent::DayWorkReversed { project_id: pa, reversals: vec![reversal] }))).unwrap();
    assert_eq!(amount(&journal), "CNY 80.00");
    assert_eq!(journal.replay(), *journal.state());
}
