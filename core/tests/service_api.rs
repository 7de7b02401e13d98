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
