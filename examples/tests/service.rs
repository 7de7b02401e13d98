//! A service as a Rust backend developer writes it on the crate (issue 12), using only the
//! public API: one journal behind `Arc<RwLock<_>>` shared by 4 writer and 4 reader threads,
//! answers as JSON, every error mapped to an HTTP status by its kind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use projectledger::cost::CostEvent;
use projectledger::labour::{DayWorkEntry, Dimension, EntryFilter, LabourEvent, Rate, RateUnit, Worker};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::{Currency, Error, Journal, Payload, ProjectId, WorkCalendar};

/// The status a service answers an error with, chosen by its kind alone.
fn status(error: &Error) -> u16 {
    match error {
        Error::NotFound { .. } | Error::UnknownProject { .. } => 404,
        Error::PermissionDenied { .. } | Error::SegregationOfDuties { .. } => 403,
        Error::ConflictingEvent { .. } | Error::ProjectAlreadyExists { .. } | Error::DuplicateProjectCode { .. } => 409,
        Error::BudgetExceeded { .. } | Error::GateFailed { .. } | Error::TransitionNotAllowed { .. } => 422,
        Error::Overflow { .. } => 500,
        _ => 400,
    }
}

/// An error as the service's JSON body: its kind, fields and message.
fn body(error: &Error) -> serde_json::Value {
    let mut json = serde_json::to_value(error).unwrap();
    json["message"] = error.to_string().into();
    json
}

fn office(journal: &mut Journal, at: DateTime<Utc>) -> Result<(), Error> {
    let p1 = ProjectId::try_new("P1")?;
    let jan = |d| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
    let mut events = journal.event_source("office")?.with_clock(move || at);
    let tree = projectledger::cost::CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"}]}"#)?;
    let mut setup: Vec<Payload> = vec![
        LifecycleEvent::ProjectCreated { project_id: p1.clone(), name: "Depot".into(), code: "D-1".into(), currency: Currency::CNY, calendar: Box::new(WorkCalendar::china(2025, 2026)?) }.into(),
        CostEvent::CostBreakdownDefined { project_id: p1.clone(), breakdown: Box::new(tree) }.into(),
        LifecycleEvent::RoleGranted { project_id: p1.clone(), member: projectledger::ActorId::try_new("foreman")?, role: "foreman".into() }.into(),
        LabourEvent::LabourRateSet { project_id: p1.clone(), rate: Rate::for_trade("木工", jan(1), RateUnit::Hour, 50.into()) }.into(),
    ];
    for w in 0..4 {
        let worker = Worker::new(&format!("W{w}"), "工人", &format!("11010519900101{:04}", 1000 + w), "木工", "木工班", "华建劳务")?;
        setup.push(LabourEvent::WorkerRegistered { project_id: p1.clone(), worker }.into());
    }
    for payload in setup {
        journal.append(events.event("pm", payload)?)?;
    }
    Ok(())
}

#[test]
fn four_writers_and_four_readers_share_one_journal_and_errors_map_to_statuses() {
    let start: DateTime<Utc> = "2025-03-03T01:00:00Z".parse().unwrap();
    let journal = Arc::new(RwLock::new(Journal::new()));
    office(&mut journal.write().unwrap(), start).unwrap();
    let p1 = ProjectId::try_new("P1").unwrap();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (journal, p1) = (Arc::clone(&journal), p1.clone());
            std::thread::spawn(move || {
                for day in 0..20 {
                    let date = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap() + Duration::days(day);
                    let entry = DayWorkEntry::hours(&format!("W{w}-{day}"), &format!("W{w}"), "01", date, 9.into());
                    let at = start + Duration::minutes(10 * day + w);
                    let mut guard = journal.write().unwrap();
                    let mut events = guard.event_source(&format!("phone-{w}")).unwrap().with_clock(move || at);
                    let event = events.event("foreman", LabourEvent::DayWorkRecorded { project_id: p1.clone(), entries: vec![entry].into() }).unwrap();
                    guard.append(event).unwrap();
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let journal = Arc::clone(&journal);
            std::thread::spawn(move || {
                for _ in 0..20 {
                    let guard = journal.read().unwrap();
                    let rows = guard.state().day_work_summary(&[Dimension::Worker], &EntryFilter::default()).unwrap();
                    let answer = serde_json::to_string(&rows).unwrap();
                    assert!(!answer.contains("e+") && !answer.contains("E+"), "a float in {answer}");
                }
            })
        })
        .collect();
    for thread in writers.into_iter().chain(readers) {
        thread.join().unwrap();
    }
    let journal = journal.read().unwrap();
    journal.verify().unwrap();
    assert_eq!(journal.state(), &journal.replay());
    // 80 entries of 9 h on working days and rest days: every one recorded, costed exactly.
    let rows = journal.state().day_work_summary(&[Dimension::Worker], &EntryFilter::default()).unwrap();
    assert_eq!(rows.iter().map(|r| r.entries).sum::<u64>(), 80);
    let json = serde_json::to_value(&rows).unwrap();
    assert_eq!(json[0]["amount"]["amount"], serde_json::Value::from(rows[0].amount.amount().to_string()));

    // Errors: each kind to its status, each body with its kind and fields.
    let mut copy = journal.clone();
    let at = start + Duration::days(30);
    let mut events = copy.event_source("api").unwrap().with_clock(move || at);
    let cases: Vec<(Payload, u16, &str)> = vec![
        (LifecycleEvent::ApprovalDecided { project_id: p1.clone(), approval_id: "A9".into(), approved: true, note: String::new() }.into(), 404, "NotFound"),
        (CostEvent::BaselineLocked { project_id: ProjectId::try_new("P9").unwrap() }.into(), 404, "UnknownProject"),
        (LabourEvent::DayWorkRecorded { project_id: p1.clone(), entries: vec![DayWorkEntry::hours("X1", "W0", "01", NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(), 8.into())].into() }.into(), 400, "InvalidDayWork"),
    ];
    for (payload, expected, kind) in cases {
        let error = copy.append(events.event("pm", payload).unwrap()).unwrap_err();
        assert_eq!((status(&error), error.kind()), (expected, kind), "{error}");
        let answer = body(&error);
        assert_eq!(answer["kind"], kind);
        assert!(answer["message"].as_str().unwrap().len() < 1000);
    }
    let refused = copy.append(events.event("foreman", LifecycleEvent::RoleGranted { project_id: p1.clone(), member: projectledger::ActorId::try_new("x").unwrap(), role: "approver".into() }).unwrap()).unwrap_err();
    assert_eq!(status(&refused), 403, "{refused}");
    assert!(copy == *journal, "every refusal left the journal unchanged");
}
