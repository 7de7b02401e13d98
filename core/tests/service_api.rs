//! What a service built on the crate relies on (issue 12): errors it can map to statuses
//! and serialise, exact JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use projectledger::{Error, Journal, Payload};

fn payload(json: &str) -> Payload {
    Payload::from_json(json).unwrap()
}

#[test]
fn what_does_not_exist_is_not_found_with_its_kind_id_and_project() {
    let mut journal = Journal::new();
    let mut events = common::Events::new("e", "2025-03-03T01:00:00Z");
    events.append(&mut journal, "pm", common::project_created("P1")).unwrap();
    let before = journal.clone();
    let cases = [
        (r#"{"type":"budget_lines_set","data":{"project_id":"P1","lines":[{"code":"01","cost_type":"labour","amount":"1.00"}]}}"#, ("cost breakdown", "P1", None)),
        (r#"{"type":"approval_decided","data":{"project_id":"P1","approval_id":"A9","approved":true,"note":""}}"#, ("approval", "A9", Some("P1"))),
    ];
    for (json, (entity, id, project)) in cases {
        let error = events.append(&mut journal, "pm", payload(json)).unwrap_err();
        assert_eq!(error, Error::NotFound { entity: entity.into(), id: id.into(), project_id: project.map(Into::into) }, "{json}");
        assert!(journal == before);
    }
    events.append(&mut journal, "pm", common::breakdown_defined("P1", r#"{"codes":[{"code":"01","name":"Civil"}]}"#)).unwrap();
    let before = journal.clone();
    for (json, entity, id) in [
        (r#"{"type":"cost_document_moved","data":{"project_id":"P1","document_id":"INV-9","to":"approved","note":""}}"#, "document", "INV-9"),
        (r#"{"type":"wage_deduction_recorded","data":{"project_id":"P1","deduction_id":"D1","worker_id":"W9","month":"2025-03-01","amount":"10.00","reason":""}}"#, "worker", "W9"),
    ] {
        let error = events.append(&mut journal, "pm", payload(json)).unwrap_err();
        assert_eq!(error.kind(), "NotFound", "{json}: {error}");
        let Error::NotFound { entity: got, id: got_id, .. } = &error else { unreachable!() };
        assert_eq!((got.as_str(), got_id.as_str()), (entity, id));
        assert!(journal == before);
    }
    let centre = journal.state().cost_centre(&common::pid("P1")).unwrap();
    assert_eq!(centre.ledger().row(Some("99"), None).unwrap_err(), Error::NotFound { entity: "cost code".into(), id: "99".into(), project_id: None });
}

#[test]
fn errors_serialise_with_their_kind_and_fields() {
    let error = Error::InvalidId { kind: "entry".into(), value: "a\u{200b}b".into(), reason: "invisible".into() };
    assert_eq!(serde_json::to_value(&error).unwrap(), serde_json::json!({"kind": "InvalidId", "id_kind": "entry", "value": "a\u{200b}b", "reason": "invisible"}));
    let outside = projectledger::WorkCalendar::china_2025().unwrap().classify("2026-01-01".parse().unwrap()).unwrap_err();
    assert_eq!(serde_json::to_value(&outside).unwrap(), serde_json::json!({"kind": "DateOutsideCalendar", "date": "2026-01-01", "calendar": "China 2025", "years": [2025]}));
    assert_eq!(serde_json::to_value(&outside).unwrap()["kind"], outside.kind());
}

#[test]
fn gate_failures_are_structured_and_serialise() {
    let mut journal = Journal::new();
    let mut events = common::Events::new("e", "2025-03-03T01:00:00Z");
    events.append(&mut journal, "pm", common::project_created("P1")).unwrap();
    let error = events.append(&mut journal, "pm", payload(r#"{"type":"phase_changed","data":{"project_id":"P1","to":"design_procurement","reason":"go"}}"#)).unwrap_err();
    let Error::GateFailed { failures, .. } = &error else { panic!("{error:?}") };
    assert!(failures.iter().all(|f| !f.check.is_empty() && !f.detail.is_empty()), "{failures:?}");
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["kind"], "GateFailed");
    assert_eq!(json["failures"][0]["check"], failures[0].check.as_str());
    assert!(error.to_string().contains(&format!("{}: {}", failures[0].check, failures[0].detail)));
}

#[test]
fn entries_events_and_merge_reports_serialise_as_the_export_reads() {
    let bytes = common::golden("daywork.jsonl");
    let journal = Journal::from_jsonl(&bytes).unwrap();
    let lines: Vec<&str> = std::str::from_utf8(&bytes).unwrap().lines().skip(1).collect();
    use projectledger::labour::with_id_numbers_revealed as revealed;
    for (entry, line) in journal.entries().iter().zip(&lines).step_by(37) {
        let line: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(revealed(|| serde_json::to_value(entry)).unwrap(), line);
        let mut event = line.clone();
        for hash in ["prev_hash", "hash"] {
            event.as_object_mut().unwrap().remove(hash);
        }
        assert_eq!(revealed(|| serde_json::to_value(&entry.event)).unwrap(), event);
    }
    // Serialised as a service would, a worker's id-document number is masked; the journal
    // and its export keep it in full (their hashes cover it).
    let registered = journal.entries().iter().find(|e| matches!(e.event.payload, Payload::Labour(projectledger::labour::LabourEvent::WorkerRegistered { .. }))).unwrap();
    let shown = serde_json::to_value(registered).unwrap();
    let full = revealed(|| serde_json::to_value(registered)).unwrap();
    let number = full["payload"]["data"]["worker"]["id_number"].as_str().unwrap();
    assert!(number.len() >= 8 && !number.contains('*'), "{number}");
    assert!(shown["payload"]["data"]["worker"]["id_number"].as_str().unwrap().contains('*'));
    assert!(journal.to_jsonl().contains(number));
    assert_eq!(Journal::from_jsonl(journal.to_jsonl().as_bytes()).unwrap().head(), journal.head());
    let mut copy = Journal::new();
    let report = copy.merge(&journal).unwrap();
    assert_eq!(serde_json::to_value(&report).unwrap(), serde_json::json!({"added": lines.len(), "already_present": 0, "new_conflicts": []}));
}

#[test]
fn earned_value_serialises_with_exact_figures() {
    use projectledger::{Currency, Money};
    let m = |v: i64| Money::new(v.into(), Currency::CNY);
    let ev = projectledger::evm::EarnedValue::compute(&m(1000), &m(400), &m(300), &m(350), None).unwrap();
    let json = serde_json::to_value(&ev).unwrap();
    assert_eq!(json["cpi"], "0.8571");
    assert_eq!(json["bac"]["amount"], "1000.00");
}

#[test]
fn record_says_what_appending_did() {
    let mut journal = Journal::new();
    let mut events = common::Events::new("e", "2025-03-03T01:00:00Z");
    for payload in [
        Payload::from(common::project_created("P1")),
        common::breakdown_defined("P1", r#"{"codes":[{"code":"01","name":"Civil"}]}"#).into(),
        payload(r#"{"type":"labour_rate_set","data":{"project_id":"P1","rate":{"scope":{"kind":"trade","name":"木工"},"valid_from":"2025-01-01","unit":"hour","amount":"50"}}}"#),
        payload(r#"{"type":"worker_registered","data":{"project_id":"P1","worker":{"worker_id":"W1","name":"张三","id_number":"110105199001011234","trade":"木工","team":"T","employer":"E"}}}"#),
    ] {
        assert!(journal.record(events.next("pm", payload)).unwrap().added);
    }
    // 13 h on a working day: 5 h overtime, over art. 41's 3 h a day.
    let long_day = events.next("pm", payload(r#"{"type":"day_work_recorded","data":{"project_id":"P1","entries":[{"entry_id":"E1","worker_id":"W1","cost_code":"01","date":"2025-03-03","quantity":{"unit":"hours","value":"13"}}]}}"#));
    let appended = journal.record(long_day.clone()).unwrap();
    assert!(appended.added && !appended.refolded && appended.budget_warnings.is_empty());
    assert_eq!(appended.day_work_warnings.len(), 1, "{appended:?}");
    assert_eq!(journal.record(long_day).unwrap(), projectledger::Appended { added: false, refolded: false, budget_warnings: vec![], day_work_warnings: vec![] });
    // An event older than the newest: the journal folds again.
    let earlier = common::Events::new("late", "2025-03-03T01:01:30Z").next("pm", payload(r#"{"type":"project_settings_changed","data":{"project_id":"P1","name":"North gate"}}"#));
    assert!(journal.record(earlier).unwrap().refolded);
    // A late batch (folded before E1's) reports its own warnings, not E1's.
    let own = common::Events::new("late-own", "2025-03-03T01:03:30Z")
        .next("pm", payload(r#"{"type":"day_work_recorded","data":{"project_id":"P1","entries":[{"entry_id":"E2","worker_id":"W1","cost_code":"01","date":"2025-03-05","quantity":{"unit":"hours","value":"12"}}]}}"#));
    let late = journal.record(own).unwrap();
    assert!(late.refolded && late.day_work_warnings.iter().map(|w| w.entry_id.as_str()).eq(["E2"]), "{late:?}");
    assert_eq!(serde_json::to_value(journal.record(events.next("pm", payload(r#"{"type":"baseline_locked","data":{"project_id":"P1"}}"#))).unwrap()).unwrap()["added"], true);
}

#[test]
fn summary_keys_are_labelled_by_their_dimensions() {
    use projectledger::labour::{Dimension, EntryFilter};
    let journal = Journal::from_jsonl(&common::golden("daywork.jsonl")).unwrap();
    let rows = journal.state().day_work_summary(&[Dimension::Team, Dimension::Month], &EntryFilter::default()).unwrap();
    let first = &rows[0];
    let json = serde_json::to_value(first).unwrap();
    let text = serde_json::to_string(first).unwrap();
    let expected = format!(r#"{{"key":{{"team":{:?},"month":{:?}}},"#, first.key.get(Dimension::Team).unwrap(), first.key.get(Dimension::Month).unwrap());
    assert!(text.starts_with(&expected), "{text}");  // in the order asked for
    assert_eq!(json["key"]["month"], first.key.get(Dimension::Month).unwrap());
    assert_eq!(first.key.values().count(), 2);
    assert!(first.key.get(Dimension::Worker).is_none());
}
