//! Bulk costing agrees with the journal: random raw day work (workers of two trades, one with
//! a rate of its own, rates changing mid-window, days around 劳动节 and its 调休 Sunday, random
//! hours and overtime policy), costed over columns, gives every entry the regular and overtime
//! hours, day kind, rate and amount that recording the same entries one by one gives.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Duration, NaiveDate};
use projectledger::cost::CostEvent;
use projectledger::labour::{cost_day_work, day_number, CostingRules, DayWorkEntry, LabourEvent, OvertimePolicy, Quantity, Rate, RateScope, RateTable, RateUnit, RawDayWork, Worker};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::{Currency, Decimal, Error, Journal, Payload, WorkCalendar};
use proptest::prelude::*;

const WORKERS: [(&str, &str); 4] = [("W1", "钢筋工"), ("W2", "钢筋工"), ("W3", "木工"), ("W4", "木工")];

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 4, 24).unwrap() + Duration::days(offset)
}

fn rates(amounts: (u32, u32, u32, u32)) -> Vec<Rate> {
    vec![
        Rate::for_trade("钢筋工", day(-30), RateUnit::Workday, Decimal::new(i64::from(amounts.0), 1)),
        Rate::for_trade("钢筋工", day(6), RateUnit::Workday, Decimal::new(i64::from(amounts.1), 1)),
        Rate::for_trade("木工", day(-30), RateUnit::Hour, Decimal::new(i64::from(amounts.2), 2)),
        Rate::for_worker("W4", day(3), RateUnit::Hour, Decimal::new(i64::from(amounts.3), 2)),
    ]
}

fn journal(rates: &[Rate], policy: OvertimePolicy, entries: &[(usize, i64, i64)]) -> Journal {
    let mut journal = Journal::new();
    let mut events = common::Events::new("e", "2025-04-01T00:00:00Z");
    let mut add = |payload: Payload| events.append(&mut journal, "pm", payload).unwrap();
    let p = common::pid("P1");
    add(LifecycleEvent::ProjectCreated { project_id: p.clone(), name: "Depot".into(), code: "D-1".into(), currency: Currency::CNY, calendar: Box::new(WorkCalendar::china_2025().unwrap()) }.into());
    add(CostEvent::CostBreakdownDefined { project_id: p.clone(), breakdown: Box::new(projectledger::cost::CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"}]}"#).unwrap()) }.into());
    for (n, (id, trade)) in WORKERS.iter().enumerate() {
        add(LabourEvent::WorkerRegistered { project_id: p.clone(), worker: Worker { trade: (*trade).into(), ..common::rebar_worker(id, n) } }.into());
    }
    for rate in rates {
        add(LabourEvent::LabourRateSet { project_id: p.clone(), rate: rate.clone() }.into());
    }
    add(LabourEvent::OvertimePolicySet { project_id: p.clone(), policy }.into());
    for (i, (worker, offset, centihours)) in entries.iter().enumerate() {
        let entry = DayWorkEntry {
            entry_id: format!("E{i}").into(),
            worker_id: WORKERS[*worker].0.to_owned().into(),
            cost_code: "01".into(),
            date: day(*offset),
            quantity: Quantity::Hours(Decimal::new(*centihours, 2)),
            start: None,
            end: None,
            description: String::new(),
        };
        add(LabourEvent::DayWorkRecorded { project_id: p.clone(), entries: vec![entry].into() }.into());
    }
    journal
}

fn entries() -> impl Strategy<Value = Vec<(usize, i64, i64)>> {
    // Whole quarters of an hour up to 9 h: a worker's day may fill past 24 h, and then the
    // journal refuses the entry; those are left out of both sides.
    prop::collection::vec((0usize..4, 0i64..14, 1i64..37), 0..60).prop_map(|raw| {
        let mut day_hours = std::collections::HashMap::new();
        raw.into_iter()
            .map(|(w, d, q)| (w, d, q * 25))
            .filter(|(w, d, h)| {
                let sum = day_hours.entry((*w, *d)).or_insert(0);
                *sum += h;
                *sum <= 2400
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn bulk_costing_agrees_with_recording_entry_by_entry(
        entries in entries(),
        amounts in (1000u32..6000, 1000u32..6000, 1000u32..9000, 1000u32..9000),
        multipliers in (10i64..30, 10i64..40, 10i64..50),
    ) {
        let rates = rates(amounts);
        let policy = OvertimePolicy { working_day: Decimal::new(multipliers.0, 1), rest_day: Decimal::new(multipliers.1, 1), statutory_holiday: Decimal::new(multipliers.2, 1), hours_per_workday: Decimal::from(8) };
        let journal = journal(&rates, policy, &entries);
        let mut table = RateTable::default();
        for rate in &rates {
            table.set(rate.clone()).unwrap();
        }
        let calendar = WorkCalendar::china_2025().unwrap();
        let ids: Vec<&str> = WORKERS.iter().map(|w| w.0).collect();
        let trades: Vec<&str> = WORKERS.iter().map(|w| w.1).collect();
        let rules = CostingRules { worker_ids: &ids, trades: &trades, rates: &table, calendar: &calendar, policy: &policy, currency: Currency::CNY };
        let worker: Vec<u32> = entries.iter().map(|e| e.0 as u32).collect();
        let days: Vec<i32> = entries.iter().map(|e| day_number(day(e.1))).collect();
        let hours: Vec<i64> = entries.iter().map(|e| e.2).collect();
        let costed = cost_day_work(&RawDayWork { worker: &worker, day: &days, centihours: &hours }, &rules).unwrap();
        let recorded: Vec<_> = journal.state().day_work().entries().collect();
        prop_assert_eq!(recorded.len(), entries.len());
        for (i, record) in recorded.iter().enumerate() {
            let cost = &record.cost;
            prop_assert_eq!(Decimal::new(costed.regular_centihours[i], 2), cost.regular_hours, "regular hours of row {}", i);
            prop_assert_eq!(Decimal::new(costed.overtime_centihours[i], 2), cost.overtime_hours, "overtime of row {}", i);
            prop_assert_eq!(costed.day_kind[i], cost.day_kind);
            prop_assert_eq!(Decimal::new(costed.amount_minor[i], 2), cost.amount.amount(), "amount of row {}", i);
            let in_force = table.in_force(record.worker_id, WORKERS[entries[i].0].1, record.date).unwrap();
            prop_assert_eq!(&costed.rates[costed.rate[i] as usize], in_force);
        }
    }
}

#[test]
fn every_problem_is_named_by_row_and_nothing_is_costed() {
    let table = {
        let mut t = RateTable::default();
        t.set(Rate { scope: RateScope::Trade("钢筋工".into()), valid_from: day(0), unit: RateUnit::Hour, amount: Decimal::from(50) }).unwrap();
        t
    };
    let calendar = WorkCalendar::china_2025().unwrap();
    let policy = OvertimePolicy::default();
    let rules = CostingRules { worker_ids: &["W1", "W3"], trades: &["钢筋工", "木工"], rates: &table, calendar: &calendar, policy: &policy, currency: Currency::CNY };
    let worker = [0, 1, 0, 0, 0, 0];
    let days = [day(1), day(1), day(-1), NaiveDate::from_ymd_opt(2031, 1, 1).unwrap(), day(2), day(2)].map(day_number);
    let hours = [800, 800, 800, 800, 0, 2500];
    let error = cost_day_work(&RawDayWork { worker: &worker, day: &days, centihours: &hours }, &rules).unwrap_err();
    let Error::InvalidDayWork { problems, .. } = &error else { panic!("{error}") };
    let named: Vec<(&str, &str)> = problems.iter().map(|p| (p.item.as_str(), p.code.name())).collect();
    assert_eq!(named, [("at row 1", "no_rate"), ("at row 2", "no_rate"), ("at row 3", "outside_calendar"), ("at row 4", "invalid_quantity"), ("at row 5", "over_daily_limit")], "{error}");
    assert!(error.to_string().starts_with("day work refused: entry at row 1: no rate in force for W3 (木工)"), "{error}");
    let short = cost_day_work(&RawDayWork { worker: &worker, day: &days[..2], centihours: &hours }, &rules).unwrap_err();
    assert!(short.to_string().contains("worker has 6 rows, day 2"), "{short}");
}

#[test]
fn a_row_costs_the_same_whatever_follows_it() {
    let mut table = RateTable::default();
    for rate in rates((3500, 4000, 4550, 5200)) {
        table.set(rate).unwrap();
    }
    let calendar = WorkCalendar::china_2025().unwrap();
    let policy = OvertimePolicy::default();
    let ids: Vec<String> = (0..500).map(|w| format!("W{w}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let trades: Vec<&str> = (0..500).map(|w| if w % 3 == 0 { "木工" } else { "钢筋工" }).collect();
    let rules = CostingRules { worker_ids: &ids, trades: &trades, rates: &table, calendar: &calendar, policy: &policy, currency: Currency::CNY };
    let n = 300_000usize;
    let worker: Vec<u32> = (0..n).map(|i| (i * 7919 % 500) as u32).collect();
    let days: Vec<i32> = (0..n).map(|i| day_number(day((i % 199) as i64))).collect();
    let hours: Vec<i64> = (0..n).map(|i| 25 + (i % 7) as i64 * 25).collect();
    let all = cost_day_work(&RawDayWork { worker: &worker, day: &days, centihours: &hours }, &rules).unwrap();
    // A row's cost depends on the rows before it only: the first rows cost alone what they
    // cost within the whole (and the whole uses the dense worker-day table, the map is tried
    // below).
    let first = 20_000;
    let alone = cost_day_work(&RawDayWork { worker: &worker[..first], day: &days[..first], centihours: &hours[..first] }, &rules).unwrap();
    assert_eq!(alone.amount_minor[..], all.amount_minor[..first]);
    assert_eq!(alone.regular_centihours[..], all.regular_centihours[..first]);
    let total: i64 = all.amount_minor.iter().sum();
    assert!(total > 0);
}
