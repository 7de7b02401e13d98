//! Inputs that used to crash or answer wrongly (issue 11), each now a specific error with the
//! state unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use projectledger::cost::CostEvent;
use projectledger::labour::{IdNumber, LabourEvent, Worker};
use projectledger::{split_evenly, ActorId, Event, EventId, Journal, Money, WorkCalendar};

#[test]
fn issue_11_adding_i64_min_working_days_is_out_of_range_not_a_panic() {
    let calendar = WorkCalendar::standard("x").unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    assert_eq!(calendar.add_working_days(day, i64::MIN).unwrap_err().kind(), "DateOutOfRange");
    assert_eq!(calendar.add_working_days(day, i64::MAX).unwrap_err().kind(), "DateOutOfRange");
}

#[test]
fn issue_11_a_billion_parts_is_refused_before_any_allocation() {
    let error = split_evenly(&Money::parse("CNY 10.00").unwrap(), 1_000_000_000).unwrap_err();
    assert_eq!(error.kind(), "InvalidWeights");
    assert_eq!(split_evenly(&Money::parse("CNY 10.00").unwrap(), 1_000_000).unwrap().len(), 1_000_000);
}

#[test]
fn issue_11_a_header_and_millions_of_blank_lines_is_malformed_not_an_abort() {
    let mut data = b"{\"format\":\"projectledger-journal\",\"schema_version\":1}\n".to_vec();
    data.extend(std::iter::repeat_n(b'\n', 20_000_000));
    let error = Journal::from_jsonl(&data).unwrap_err();
    assert_eq!(error.kind(), "MalformedJournal", "{error}");
}

#[test]
fn issue_11_instants_outside_the_years_a_journal_holds_are_refused() {
    let mut journal = Journal::new();
    let mut events = common::Events::new("e", "2025-01-01T00:00:00Z");
    events.append(&mut journal, "pm", common::project_created("P")).unwrap();
    let before = journal.clone();
    for at in ["0000-12-31T23:00:00Z", "+10000-01-01T00:00:00Z"] {
        let at: DateTime<Utc> = at.parse().unwrap();
        let payload = CostEvent::BaselineLocked { project_id: common::pid("P") };
        let error = Event::try_new(EventId::try_new("late").unwrap(), at, ActorId::try_new("pm").unwrap(), payload.clone()).unwrap_err();
        assert_eq!(error.kind(), "DateOutOfRange", "{error}");
        let event = Event::new(EventId::try_new("late").unwrap(), at, ActorId::try_new("pm").unwrap(), payload);
        assert_eq!(journal.append(event).unwrap_err().kind(), "DateOutOfRange");
        assert!(journal == before);
    }
    let first: DateTime<Utc> = "0001-01-01T00:00:00Z".parse().unwrap();
    assert!(Event::try_new(EventId::try_new("early").unwrap(), first, ActorId::try_new("pm").unwrap(), CostEvent::BaselineLocked { project_id: common::pid("P") }).is_ok());
}

#[test]
fn issue_11_one_id_number_is_one_person_across_projects() {
    let mut journal = Journal::new();
    let mut events = common::Events::new("e", "2025-01-01T00:00:00Z");
    let worker = |id: &str| Worker {
        worker_id: id.into(),
        name: "张三".into(),
        id_number: IdNumber::new("110105199001011234").unwrap(),
        trade: "钢筋工".into(),
        team: "T".into(),
        employer: "E".into(),
    };
    for p in ["A", "B"] {
        events.append(&mut journal, "pm", common::project_created(p)).unwrap();
    }
    events.append(&mut journal, "pm", LabourEvent::WorkerRegistered { project_id: common::pid("A"), worker: worker("W1") }).unwrap();
    events.append(&mut journal, "pm", LabourEvent::WorkerRegistered { project_id: common::pid("B"), worker: worker("W1") }).unwrap();
    let before = journal.clone();
    let error = events.append(&mut journal, "pm", LabourEvent::WorkerRegistered { project_id: common::pid("B"), worker: worker("W3") }).unwrap_err();
    assert_eq!(error.kind(), "InvalidField");
    assert!(error.to_string().contains("already registered as worker W1"), "{error}");
    assert!(!error.to_string().contains("110105199001011234"), "the number is masked: {error}");
    assert!(journal == before);
    // The register's index by id number prints masked too, as every number in a state does.
    assert!(!format!("{:?}", journal.state()).contains("110105199001011234"));
}

#[test]
fn issue_11_aggregating_days_far_apart_is_refused_before_sizing_any_table() {
    use projectledger::labour::{aggregate, AttributesPer, Dimension, LabourTable, WorkerAttributes};
    let table = LabourTable { worker: vec![0, 0], project: vec![0, 0], cost_code: vec![0, 0], day: vec![i32::MIN, i32::MAX], regular_centihours: vec![800, 800], overtime_centihours: vec![0, 0], amount_minor: vec![40_000, 40_000] };
    let workers = WorkerAttributes { team: &[0], trade: &[0], employer: &[0], others: &[], per: AttributesPer::Worker };
    let error = aggregate(&table.columns(), &workers, &[Dimension::Team], (i32::MIN, i32::MAX)).unwrap_err();
    assert_eq!(error.kind(), "DateOutOfRange");
    let twice = aggregate(&table.columns(), &workers, &[Dimension::Team, Dimension::Team], (0, 1)).unwrap_err();
    assert_eq!(twice.kind(), "InvalidField");
}

#[test]
fn issue_11_calendar_overrides_follow_the_rules_a_notice_follows() {
    use projectledger::calendar::HolidayNotice;
    let calendar = WorkCalendar::standard("Mon-Fri").unwrap();
    let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let saturday = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
    assert_eq!(calendar.with_holiday(monday, " ", true).unwrap_err().kind(), "InvalidCalendar");
    assert_eq!(calendar.with_makeup_working_day(monday, "X").unwrap_err().kind(), "InvalidCalendar");
    assert!(calendar.with_makeup_working_day(saturday, "X").is_ok());
    let notice = r#"{"region":"CN","year":2026,"holidays":[{"name":"X","from":"2030-05-01","to":"2030-05-02"}]}"#;
    assert_eq!(HolidayNotice::from_json(notice).unwrap_err().kind(), "InvalidCalendar");
    let new_year = r#"{"region":"CN","year":2024,"holidays":[{"name":"元旦","from":"2023-12-30","to":"2024-01-01","statutory":["2024-01-01"]}]}"#;
    assert!(HolidayNotice::from_json(new_year).is_ok());
}

#[test]
fn issue_11_a_spread_over_a_billion_periods_is_refused_before_allocating() {
    use projectledger::evm::SpreadProfile;
    let amount = Money::parse("CNY 10.00").unwrap();
    assert_eq!(SpreadProfile::from_name("linear", None).unwrap().spread(&amount, 1_000_000_000).unwrap_err().kind(), "InvalidWeights");
}

/// A project whose calendar is `calendar`, with a carpenter on a 50.00 hourly rate.
fn site(calendar: &WorkCalendar) -> (Journal, common::Events) {
    site_with_rate(calendar, "50")
}

fn site_with_rate(calendar: &WorkCalendar, hourly: &str) -> (Journal, common::Events) {
    let mut journal = Journal::new();
    let mut events = common::Events::new("s", "2025-03-03T01:00:00Z");
    let created = projectledger::lifecycle::LifecycleEvent::ProjectCreated {
        project_id: common::pid("P"),
        name: "Depot".into(),
        code: "D".into(),
        currency: projectledger::Currency::CNY,
        calendar: Box::new(calendar.clone()),
    };
    events.append(&mut journal, "pm", created).unwrap();
    events.append(&mut journal, "pm", common::breakdown_defined("P", r#"{"codes":[{"code":"01","name":"Civil"}]}"#)).unwrap();
    for json in [
        r#"{"type":"labour_rate_set","data":{"project_id":"P","rate":{"scope":{"kind":"trade","name":"木工"},"valid_from":"2024-01-01","unit":"hour","amount":"RATE"}}}"#,
        r#"{"type":"worker_registered","data":{"project_id":"P","worker":{"worker_id":"W1","name":"张三","id_number":"110105199001011234","trade":"木工","team":"T","employer":"E"}}}"#,
    ] {
        events.append(&mut journal, "pm", serde_json::from_str::<projectledger::Payload>(&json.replace("RATE", hourly)).unwrap()).unwrap();
    }
    (journal, events)
}

fn day_work(entries: &[(&str, &str)]) -> projectledger::Payload {
    day_work_of(&entries.iter().map(|(id, date)| (id.to_string(), date.to_string(), "8".to_owned())).collect::<Vec<_>>())
}

fn day_work_of(entries: &[(String, String, String)]) -> projectledger::Payload {
    let entries: Vec<String> = entries
        .iter()
        .map(|(id, date, hours)| format!(r#"{{"entry_id":"{id}","worker_id":"W1","cost_code":"01","date":"{date}","quantity":{{"unit":"hours","value":"{hours}"}}}}"#))
        .collect();
    serde_json::from_str(&format!(r#"{{"type":"day_work_recorded","data":{{"project_id":"P","entries":[{}]}}}}"#, entries.join(","))).unwrap()
}

#[test]
fn issue_11_day_work_outside_the_calendars_years_is_refused_not_costed_by_guess() {
    let (mut journal, mut events) = site(&WorkCalendar::china_2025().unwrap());
    let before = journal.clone();
    let error = events.append(&mut journal, "pm", day_work(&[("E1", "2025-12-31"), ("E2", "2026-01-01")])).unwrap_err();
    let projectledger::Error::InvalidDayWork { problems, .. } = &error else { panic!("{error:?}") };
    assert_eq!((problems.len(), problems[0].item.as_str(), problems[0].code), (1, "E2", projectledger::ProblemCode::OutsideCalendar));
    assert!(problems[0].message.contains("2026-01-01 is outside the years calendar \"China 2025\" covers (2025)"), "{problems:?}");
    assert!(journal == before);

    // On a calendar spanning the years, 元旦 2026 is a statutory holiday: 8 h × 3 × 50.00.
    let (mut journal, mut events) = site(&WorkCalendar::china(2025, 2026).unwrap());
    events.append(&mut journal, "pm", day_work(&[("E2", "2026-01-01")])).unwrap();
    let entry = journal.state().day_work().entries().next().unwrap();
    assert_eq!(entry.cost.amount.to_string(), "CNY 1200.00");
    // Changing the project calendar to one that no longer covers that day is refused whole.
    let before = journal.clone();
    let narrower = projectledger::lifecycle::LifecycleEvent::ProjectSettingsChanged {
        project_id: common::pid("P"),
        name: None,
        code: None,
        calendar: Some(Box::new(WorkCalendar::china_2025().unwrap())),
    };
    let error = events.append(&mut journal, "pm", narrower).unwrap_err();
    assert_eq!(error.kind(), "DateOutsideCalendar", "{error}");
    assert!(journal == before);
}

#[test]
fn issue_11_extreme_exponents_are_refused_not_negated_into_a_panic() {
    assert_eq!(projectledger::decimal::parse_exact("0E-9223372036854775808").unwrap().to_string(), "0.0000000000000000000000000000");
    for text in ["1E-9223372036854775808", "-1E-9223372036854775808", "1E9223372036854775807"] {
        let error = projectledger::decimal::parse_exact(text).unwrap_err();
        assert!(matches!(error.kind(), "PrecisionLoss" | "InvalidAmount"), "{text}: {error}");
    }
    assert_eq!(projectledger::decimal::from_parts(true, "1", i64::MIN).unwrap_err().kind(), "PrecisionLoss");
}

#[test]
fn issue_11_huge_hours_on_one_day_are_refused_not_added_into_an_overflow() {
    let (mut journal, mut events) = site(&WorkCalendar::standard("Mon-Fri").unwrap());
    let before = journal.clone();
    let huge = "79228162514264337593543950335".to_owned();
    let batch = [("E1", huge.clone()), ("E2", huge)].map(|(id, hours)| (id.to_owned(), "2025-03-03".to_owned(), hours));
    let error = events.append(&mut journal, "pm", day_work_of(&batch)).unwrap_err();
    assert_eq!(error.kind(), "InvalidDayWork", "{error}");
    assert!(journal == before);
}

#[test]
fn issue_11_an_approval_whose_labour_cost_passes_the_decimal_range_is_an_overflow_not_a_panic() {
    let (mut journal, mut events) = site_with_rate(&WorkCalendar::standard("Mon-Fri").unwrap(), "10000000000000000000000000");
    events.append(&mut journal, "pm", common::role_granted("P", "dir", "approver")).unwrap();
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    let batch: Vec<(String, String, String)> = (0..1000).map(|i| (format!("E{i}"), (start + chrono::Days::new(i)).to_string(), "8".to_owned())).collect();
    events.append(&mut journal, "pm", day_work_of(&batch)).unwrap();
    let ids: Vec<String> = batch.iter().map(|(id, _, _)| id.clone()).collect();
    let moved = |to: &str| serde_json::from_value::<projectledger::Payload>(serde_json::json!({"type": "day_work_moved", "data": {"project_id": "P", "entry_ids": ids, "to": to, "note": ""}})).unwrap();
    events.append(&mut journal, "pm", moved("submitted")).unwrap();
    let before = journal.clone();
    let error = events.append(&mut journal, "dir", moved("approved")).unwrap_err();
    assert_eq!(error.kind(), "Overflow", "{error}");
    assert!(journal == before);
}

#[test]
fn issue_11_a_notice_year_at_the_ends_of_i32_is_refused_not_overflowed() {
    for year in [i32::MIN, i32::MAX] {
        let notice = format!(r#"{{"region":"CN","year":{year},"holidays":[{{"name":"X","from":"2025-01-01","to":"2025-01-01"}}]}}"#);
        assert_eq!(projectledger::HolidayNotice::from_json(&notice).unwrap_err().kind(), "InvalidCalendar", "{year}");
    }
}

#[test]
fn issue_14_hours_beyond_a_schedules_reach_are_refused_and_export_does_not_overflow() {
    use projectledger::schedule::{reschedule, schedule, write_mspdi, Activity, Duration, Progress, ScheduleFile, ScheduleOptions};
    let calendar = WorkCalendar::china_2025().unwrap();
    let start = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let options = ScheduleOptions::starting(start);
    let huge = Duration::hours(projectledger::Decimal::MAX);
    let error = schedule(&[Activity::new("A", "Forever", huge)], &[], &options, &calendar, &Default::default()).unwrap_err();
    assert_eq!(error.kind(), "InvalidSchedule");
    assert!(error.to_string().contains("working hours reaches beyond"), "{error}");
    let negative = Duration::hours(projectledger::Decimal::NEGATIVE_ONE);
    assert!(schedule(&[Activity::new("A", "Back", negative)], &[], &options, &calendar, &Default::default()).unwrap_err().to_string().contains("below zero"));
    let progress = [("A".to_owned(), Progress { actual_start: start, actual_finish: None, remaining_duration: huge })].into_iter().collect();
    let error = reschedule(&[Activity::new("A", "Work", 2)], &[], &options, &calendar, &Default::default(), &progress, Some(start)).unwrap_err();
    assert!(error.to_string().contains("remaining"), "{error}");
    // The exporter writes what it is given without overflowing.
    let file = ScheduleFile { name: "x".into(), settings: options, project_calendar: None, calendars: Default::default(), activities: vec![Activity::new("A", "Forever", huge)], links: vec![], baseline: Default::default(), status_date: None, progress: Default::default(), unsupported: vec![] };
    assert!(write_mspdi(&file, &calendar).contains("<Task>"));
}
