//! Fuzzing the parsers and bulk entry points (issue 11), structure-aware: valid inputs cut,
//! spliced and mutated, plus arbitrary text. Each must answer Ok or a specific error — never a
//! panic — and a refused input must leave a journal as it was. A short fixed budget runs in
//! the test suite; `PROPTEST_CASES=100000 cargo test -p projectledger --test fuzz` runs longer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use projectledger::calendar::HolidayNotice;
use projectledger::cost::CostBreakdown;
use projectledger::decimal::parse_exact;
use projectledger::{Journal, Money, Payload, WorkCalendar, Workflow};
use proptest::prelude::*;

mod common;
use common::{golden, golden_current, mutated};

/// Fund payloads with nested terms, targets, rules and schedule lines: the shapes to mutate.
const FUND_PAYLOADS: [&str; 2] = [
    r#"{"type":"payment_terms_set","data":{"project_id":"P1","contract_id":"SC-02","terms":{"contract_price":{"amount":"402000.00","currency":{"code":"CNY","minor_units":2}},"payable_share":"0.8","retention":{"rate":"0.03","cap":"0.03","liability_months":24},"advance":{"amount":{"amount":"40200.00","currency":{"code":"CNY","minor_units":2}},"recovery":{"method":"linear","from":"0.2","to":"0.8"}}},"payable_range":{"min":"0.6","max":"0.9"}}}"#,
    r#"{"type":"payment_application_drafted","data":{"project_id":"P1","application_id":"A2","contract_id":"SC-02","period_end":"2025-03-31","lines":[{"item":"010501","measure":"quantity","quantity_to_date":"620","unit_rate":"420.00"},{"item":"010515","measure":"percent_complete","scheduled_value":"120000.00","complete_to_date":"0.55"}],"deductions":[{"reason":"rebar","amount":"6500.00"}]}}"#,
];

/// A schedule file of the repository's tests, as bytes.
fn schedule_file(name: &str) -> Vec<u8> {
    std::fs::read(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/files").join(name)).unwrap()
}

/// The golden sample portfolio as one change set.
fn golden_changes() -> Vec<u8> {
    Journal::from_jsonl(&golden("sample-portfolio.jsonl")).unwrap().changes_since("fuzz", 0).unwrap().to_jsonl().into_bytes()
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn journal_import_never_panics(bytes in mutated(golden_current("sample-portfolio.jsonl"))) {
        if let Ok(journal) = Journal::from_jsonl(&bytes) {
            prop_assert!(journal.verify().is_ok());
            prop_assert_eq!(journal.to_jsonl().into_bytes(), bytes);
        }
    }

    /// Day-work lines, most of them read directly (not through serde): an import of them
    /// changed never panics, and what it reads re-exports to the very bytes read.
    #[test]
    fn day_work_import_never_panics(bytes in mutated(golden_current("daywork.jsonl"))) {
        if let Ok(journal) = Journal::from_jsonl(&bytes) {
            prop_assert_eq!(journal.to_jsonl().into_bytes(), bytes);
        }
    }

    /// A change set cut, spliced or mutated on the way is taken whole (and then re-encodes to
    /// the same bytes) or refused; also the prefix reader of exports.
    #[test]
    fn change_sets_and_export_prefixes_never_panic(bytes in mutated(golden_changes())) {
        if let Ok(changes) = projectledger::Changes::from_jsonl(&bytes) {
            prop_assert_eq!(changes.to_jsonl().into_bytes(), bytes.clone());
        }
        if let Ok(journal) = Journal::from_jsonl_prefix(&bytes) {
            prop_assert!(journal.verify().is_ok());
        }
    }

    #[test]
    fn journal_import_of_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = Journal::from_jsonl(&bytes);
        let mut with_header = b"{\"format\":\"projectledger-journal\",\"schema_version\":1}\n".to_vec();
        with_header.extend(bytes);
        let _ = Journal::from_jsonl(&with_header);
    }

    #[test]
    fn fund_payloads_from_json_never_panic(line in mutated(FUND_PAYLOADS[0].as_bytes().to_vec()), other in mutated(FUND_PAYLOADS[1].as_bytes().to_vec())) {
        for bytes in [line, other] {
            if let Ok(payload) = Payload::from_json(&text_of(&bytes)) {
                let again = serde_json::to_string(&payload).unwrap();
                prop_assert_eq!(Payload::from_json(&again).unwrap(), payload);
            }
        }
    }

    #[test]
    fn schedule_files_never_panic(mspdi in mutated(schedule_file("pump-station.mspdi.xml")), xer in mutated(schedule_file("pump-station.xer"))) {
        // Ok or a named error, never a panic; what reads also schedules or is refused cleanly.
        for file in [projectledger::schedule::read_mspdi(&text_of(&mspdi)), projectledger::schedule::read_xer(&text_of(&xer))].into_iter().flatten() {
            let calendar = file.project_calendar.as_ref().and_then(|c| file.calendars.get(c)).cloned().unwrap_or_else(|| WorkCalendar::standard("Mon-Fri").unwrap());
            let options = projectledger::schedule::ScheduleOptions::starting(file.settings.project_start);
            let _ = projectledger::schedule::schedule(&file.activities, &file.links, &options, &calendar, &file.calendars);
            let _ = projectledger::schedule::write_mspdi(&file, &calendar);
        }
    }

    #[test]
    fn payloads_from_json_never_panic(line in mutated(golden("daywork.jsonl").split(|b| *b == b'\n').nth(300).unwrap().to_vec())) {
        let text = text_of(&line);
        let _ = serde_json::from_str::<Payload>(&text);
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
            let _ = serde_json::from_value::<Payload>(value["payload"].clone());
        }
    }

    #[test]
    fn calendars_notices_workflows_and_breakdowns_never_panic(
        notice in mutated(WorkCalendar::china_2025().unwrap().to_json().into_bytes()),
        flow in mutated(Workflow::standard().unwrap().to_json().into_bytes()),
        tree in mutated(br#"{"codes":[{"code":"01","name":"Civil"},{"code":"01.01","name":"Piles"},{"code":"02","name":"MEP","parent":"01"}],"cost_types":["labour","material"]}"#.to_vec()),
        extra in mutated(br#"{"region":"CN","year":2025,"holidays":[{"name":"X","from":"2025-03-03","to":"2025-03-04","statutory":["2025-03-03"],"makeup_working_days":["2025-03-08"]}]}"#.to_vec()),
    ) {
        let _ = WorkCalendar::from_json(&text_of(&notice));
        let _ = Workflow::from_json(&text_of(&flow));
        let _ = CostBreakdown::from_json(&text_of(&tree));
        if let Ok(notice) = HolidayNotice::from_json(&text_of(&extra)) {
            let _ = WorkCalendar::standard("x").unwrap().with_notice(&notice);
        }
    }

    #[test]
    fn money_and_decimals_never_panic(text in "\\PC{0,40}", digits in "[0-9.eE+-]{0,60}") {
        let _ = Money::parse(&text);
        let _ = parse_exact(&text);
        let _ = parse_exact(&digits);
        let _ = Money::parse(&format!("CNY {digits}"));
    }

    #[test]
    fn a_refused_append_leaves_the_journal_as_it_was(line in mutated(golden("daywork.jsonl").split(|b| *b == b'\n').nth(120).unwrap().to_vec())) {
        let mut journal = Journal::from_jsonl(&golden("daywork.jsonl")).unwrap();
        let before = journal.clone();
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&line)
            && let Ok(payload) = serde_json::from_value::<Payload>(value["payload"].clone())
        {
            let at = "2025-06-01T00:00:00Z".parse().unwrap();
            let event = projectledger::Event::new(projectledger::EventId::try_new("fuzz").unwrap(), at, projectledger::ActorId::try_new("pm").unwrap(), payload);
            if journal.append(event).is_err() {
                prop_assert!(journal == before);
                prop_assert_eq!(journal.state(), before.state());
            }
        }
    }
}
