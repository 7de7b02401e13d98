//! The schedule through the journal (issue 14): activities linked to cost codes date their
//! work packages, so planned value follows the schedule — the current dates before a
//! baseline, the baseline's after — and a link to a code that is not a leaf is refused whole.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use projectledger::{Journal, Payload, ProjectId};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

fn journal() -> Journal {
    let mut journal = Journal::new();
    let mut events = journal.event_source("office").unwrap().with_clock({
        let mut minute = 0i64;
        move || {
            minute += 1;
            "2025-03-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap() + chrono::Duration::minutes(minute)
        }
    });
    let created = projectledger::lifecycle::LifecycleEvent::project_created(&ProjectId::try_new("P1").unwrap(), "Depot", "D-1", projectledger::Currency::CNY, projectledger::WorkCalendar::china_2025().unwrap());
    journal.record(events.event("pm", created).unwrap()).unwrap();
    for json in [
        r#"{"type":"cost_breakdown_defined","data":{"project_id":"P1","breakdown":{"codes":[{"code":"01","name":"Civil"},{"code":"01.01","name":"Piling"},{"code":"01.02","name":"Frame"}]}}}"#,
        r#"{"type":"budget_lines_set","data":{"project_id":"P1","lines":[{"code":"01.01","cost_type":"material","amount":"100000"},{"code":"01.02","cost_type":"material","amount":"50000"}]}}"#,
        r#"{"type":"schedule_settings_set","data":{"project_id":"P1","settings":{"project_start":"2025-03-03"}}}"#,
        r#"{"type":"activities_set","data":{"project_id":"P1","activities":[{"id":"A","name":"Piling","duration":10,"cost_code":"01.01"},{"id":"B","name":"Frame","duration":5,"cost_code":"01.02"}]}}"#,
        r#"{"type":"links_set","data":{"project_id":"P1","links":[{"predecessor":"A","successor":"B","kind":"fs"}]}}"#,
    ] {
        journal.record(events.event("pm", Payload::from_json(json).unwrap()).unwrap()).unwrap();
    }
    journal
}

#[test]
fn linked_activities_date_their_work_packages_and_planned_value() {
    let mut journal = journal();
    let p1 = ProjectId::try_new("P1").unwrap();
    // A: 3–14 March (10 working days); B: 17–21 March.
    let packages = |j: &Journal| j.state().cost_centre(&p1).unwrap().work_packages().iter().map(|(c, p)| (c.clone(), p.start, p.finish)).collect::<Vec<_>>();
    assert_eq!(packages(&journal), [("01.01".to_owned(), day(3, 3), day(3, 14)), ("01.02".to_owned(), day(3, 17), day(3, 21))]);
    // Linear over 10 days: half of A's 100,000 by the end of Friday 7 March.
    let pv = |j: &Journal, d: NaiveDate| j.state().earned_value(&p1, None, d).unwrap().pv.to_string();
    assert_eq!(pv(&journal, day(3, 7)), "CNY 50000.00");

    // Baselined, then A runs late: the forecast moves, planned value stays on the baseline.
    let mut events = journal.event_source("site").unwrap().with_clock(|| "2025-03-12T10:00:00Z".parse().unwrap());
    journal.record(events.event("pm", Payload::from_json(r#"{"type":"baseline_saved","data":{"project_id":"P1","name":"B0"}}"#).unwrap()).unwrap()).unwrap();
    let late = r#"{"type":"activity_progress_recorded","data":{"project_id":"P1","activity_id":"A","as_of":"2025-03-12","actual_start":"2025-03-05","remaining_duration":6}}"#;
    journal.record(events.event("pm", Payload::from_json(late).unwrap()).unwrap()).unwrap();
    let plan = journal.state().schedule(&p1).unwrap().current().clone();
    assert_eq!(plan.activities[0].early_finish, day(3, 19)); // 6 days from 12 March
    assert_eq!(packages(&journal), [("01.01".to_owned(), day(3, 3), day(3, 14)), ("01.02".to_owned(), day(3, 17), day(3, 21))]);
    assert_eq!(pv(&journal, day(3, 7)), "CNY 50000.00");

    // A code with sub-codes has no work package: the whole schedule change is refused.
    let before = journal.clone();
    let bad = r#"{"type":"activities_set","data":{"project_id":"P1","activities":[{"id":"C","name":"Civil","duration":3,"cost_code":"01"}]}}"#;
    let error = journal.record(events.event("pm", Payload::from_json(bad).unwrap()).unwrap()).unwrap_err();
    assert_eq!(error.kind(), "InvalidField", "{error}");
    assert!(journal == before && journal.state() == before.state());
}

#[test]
fn an_activity_on_its_own_calendar_spreads_planned_value_on_that_calendar() {
    let mut journal = journal();
    let p1 = ProjectId::try_new("P1").unwrap();
    let mut events = journal.event_source("office2").unwrap().with_clock(|| "2025-03-02T00:00:00Z".parse().unwrap());
    // Frame on a seven-day calendar, 7 days: Piling ends Friday 14 March, so Frame works
    // Saturday 15 – Friday 21 March, the weekend included, and its 50,000 spreads 7 ways.
    for json in [
        r#"{"type":"schedule_calendar_set","data":{"project_id":"P1","name":"seven","calendar":{"name":"Seven days","working_weekdays":["Mon","Tue","Wed","Thu","Fri","Sat","Sun"],"hours_per_day":"8","holidays":{},"makeup_working_days":{}}}}"#,
        r#"{"type":"activities_set","data":{"project_id":"P1","activities":[{"id":"B","name":"Frame","duration":7,"calendar":"seven","cost_code":"01.02"}]}}"#,
    ] {
        journal.record(events.event("pm", Payload::from_json(json).unwrap()).unwrap()).unwrap();
    }
    let state = journal.state();
    let package = &state.cost_centre(&p1).unwrap().work_packages()["01.02"];
    assert_eq!((package.start, package.finish, package.calendar.as_ref().map(|c| c.name().to_owned())), (day(3, 15), day(3, 21), Some("Seven days".to_owned())));
    let pv = |d: NaiveDate| state.earned_value(&p1, Some("01.02"), d).unwrap().pv.to_string();
    // 5,000,000 fen in 7 parts: 714,285 each and 5 left, to the first five days (largest
    // remainder, ties to the earliest). Saturday already plans a part (the project calendar
    // would not); 6 days by Thursday: 42,857.15.
    assert_eq!(pv(day(3, 14)), "CNY 0.00");
    assert_eq!(pv(day(3, 15)), "CNY 7142.86");
    assert_eq!(pv(day(3, 20)), "CNY 42857.15");
    assert_eq!(pv(day(3, 21)), "CNY 50000.00");
}
