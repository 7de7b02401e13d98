//! A year of day work, as `bindings-python/benches/queries.py` records it, and a journal of
//! events appended in turn: shared by the benchmarks and the memory-per-entry test.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use chrono::{DateTime, Utc};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::{Currency, Event, Journal, Payload, ProjectId, WorkCalendar};

/// A journal of `events`, each appended (checked, folded, hashed) in turn.
pub fn journal_of(events: Vec<Event>) -> Journal {
    let mut journal = Journal::new();
    for event in events {
        journal.append(event).unwrap();
    }
    journal
}

/// 3,000 workers in 150
/// teams on one project, one entry a worker-day through 2025 (every fifth 9.5 h, the rest 8 h),
/// in day-work batches of 200 after the set-up events.
pub fn day_work_year(entries: usize) -> Vec<Event> {
    const TEAMS: usize = 150;
    const PER_TEAM: usize = 20;
    let start = DateTime::<Utc>::from_timestamp(1_735_689_600, 0).unwrap();
    let mut events = Journal::new().event_source("office").unwrap().with_clock(move || start);
    let project = ProjectId::try_new("P1").unwrap();
    let created = LifecycleEvent::project_created(&project, "Depot", "D-1", Currency::CNY, WorkCalendar::china_2025().unwrap());
    let mut out = vec![events.event("pm", created).unwrap()];
    let mut json = vec![
        r#"{"type":"cost_breakdown_defined","data":{"project_id":"P1","breakdown":{"codes":[{"code":"01","name":"Civil"},{"code":"02","name":"MEP"}]}}}"#.to_owned(),
        r#"{"type":"role_granted","data":{"project_id":"P1","member":"foreman","role":"foreman"}}"#.to_owned(),
        r#"{"type":"labour_rate_set","data":{"project_id":"P1","rate":{"scope":{"kind":"trade","name":"钢筋工"},"valid_from":"2025-01-01","unit":"workday","amount":"400"}}}"#.to_owned(),
        r#"{"type":"labour_rate_set","data":{"project_id":"P1","rate":{"scope":{"kind":"trade","name":"木工"},"valid_from":"2025-01-01","unit":"hour","amount":"45.5"}}}"#.to_owned(),
    ];
    let workers: Vec<String> = (0..TEAMS * PER_TEAM).map(|i| format!("W{:02}{:02}", i / PER_TEAM, i % PER_TEAM)).collect();
    for (i, worker) in workers.iter().enumerate() {
        let trade = if i % 2 == 1 { "钢筋工" } else { "木工" };
        json.push(format!(
            r#"{{"type":"worker_registered","data":{{"project_id":"P1","worker":{{"worker_id":"{worker}","name":"Name {worker}","id_number":"11010519900101{i:04}","trade":"{trade}","team":"T{:02}","employer":"华建劳务"}}}}}}"#,
            i / PER_TEAM
        ));
    }
    let first_day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for first in (0..entries).step_by(200) {
        let batch: Vec<String> = (first..entries.min(first + 200))
            .map(|e| {
                let day = first_day + chrono::Duration::days(i64::try_from(e / workers.len() % 365).unwrap());
                let hours = if e % 5 == 0 { "9.5" } else { "8" };
                let code = if e % 3 == 0 { "02" } else { "01" };
                format!(r#"{{"entry_id":"E{e:08}","worker_id":"{}","cost_code":"{code}","date":"{day}","quantity":{{"unit":"hours","value":"{hours}"}}}}"#, workers[e % workers.len()])
            })
            .collect();
        json.push(format!(r#"{{"type":"day_work_recorded","data":{{"project_id":"P1","entries":[{}]}}}}"#, batch.join(",")));
    }
    let actor = |j: &str| if j.contains("day_work_recorded") { "foreman" } else { "pm" };
    out.extend(json.iter().map(|j| events.event(actor(j), Payload::from_json(j).unwrap()).unwrap()));
    out
}

