//! Checkpoints (issue 15): a journal folds an event older than its newest again from the
//! nearest checkpoint before it, not from nothing. Whatever order events arrive in — late ones
//! among them, moves and rejections that change entries a checkpoint shares — the state is the
//! fold of the events from nothing, the state as of any time is the fold of the events up to
//! it, and a refused event changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use projectledger::cost::{CostBreakdown, CostEvent};
use projectledger::labour::{DayWorkEntry, EntryState, LabourEvent, Rate, RateScope, RateUnit};
use projectledger::{ActorId, Decimal, Event, EventId, Journal, Payload};
use proptest::prelude::*;

const WORKERS: [&str; 3] = ["W1", "W2", "W3"];

fn base() -> Journal {
    let mut journal = Journal::new();
    let mut events = common::Events::new("b", "2025-04-20T00:00:00Z");
    let project_id = common::pid("PA");
    let mut payloads = vec![
        Payload::Lifecycle(common::project_created("PA")),
        Payload::Cost(CostEvent::CostBreakdownDefined { project_id: project_id.clone(), breakdown: Box::new(CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"}]}"#).unwrap()) }),
        Payload::Labour(LabourEvent::LabourRateSet {
            project_id: project_id.clone(),
            rate: Rate { scope: RateScope::Trade("钢筋工".into()), valid_from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), unit: RateUnit::Hour, amount: Decimal::from(40) },
        }),
    ];
    for (w, worker) in WORKERS.iter().enumerate() {
        payloads.push(Payload::Labour(LabourEvent::WorkerRegistered { project_id: project_id.clone(), worker: common::rebar_worker(worker, w) }));
    }
    for payload in payloads {
        events.append(&mut journal, "pm", payload).unwrap();
    }
    journal
}

/// One arriving event: how late it is (in minutes; most events are on time, as most devices
/// are online), what it does, a worker, a day, hours, and which earlier entry a move names.
type Op = (i64, u8, usize, i64, u32, usize);

fn to_event(index: usize, (late, kind, worker, day, hours, target): &Op) -> Event {
    let project_id = common::pid("PA");
    let payload = match kind {
        0..=2 => LabourEvent::DayWorkRecorded {
            project_id,
            entries: vec![DayWorkEntry::hours(&format!("E{index}"), WORKERS[*worker], "01", NaiveDate::from_ymd_opt(2025, 4, 28).unwrap() + Duration::days(*day), Decimal::from(*hours))].into(),
        },
        _ => LabourEvent::DayWorkMoved {
            project_id,
            entry_ids: vec![format!("E{}", target % index.max(1)).into()],
            to: [EntryState::Submitted, EntryState::Rejected][usize::from(*kind == 4)],
            note: String::new(),
        },
    };
    let minute = i64::try_from(index).unwrap() * 10 - late;
    let at: DateTime<Utc> = "2025-04-21T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minute);
    Event::new(EventId::try_new(format!("x{index:04}")).unwrap(), at, ActorId::try_new("pm").unwrap(), Payload::Labour(payload))
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let late = prop_oneof![4 => Just(0i64), 1 => 1i64..900];
    prop::collection::vec((late, 0u8..5, 0usize..3, 0i64..5, 1u32..9, any::<usize>()), 60..260)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn late_events_fold_from_a_checkpoint_to_the_fold_from_nothing(ops in ops(), as_of in prop::collection::vec(0i64..2600, 3)) {
        let mut journal = base();
        let mut late = 0;
        for (index, op) in ops.iter().enumerate() {
            let before = (journal.clone(), journal.state().clone());
            match journal.record(to_event(index, op)) {
                Ok(appended) => late += usize::from(appended.refolded),
                Err(_) => prop_assert!(journal == before.0 && *journal.state() == before.1, "a refused event changed the journal"),
            }
        }
        prop_assume!(late > 0);
        common::assert_invariants(&journal);
        // As of a time: the held events up to it, folded on in order from nothing.
        for minute in as_of {
            let at = "2025-04-21T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minute);
            let mut events: Vec<&Event> = journal.entries().iter().map(|e| &e.event).filter(|e| e.recorded_at <= at).collect();
            events.sort_by_key(|e| (e.recorded_at, e.id.clone()));
            let mut expected = Journal::new();
            for event in events {
                prop_assert!(!expected.record(event.clone()).unwrap().refolded);
            }
            prop_assert_eq!(&journal.state_as_of(at), expected.state());
        }
        // Read again from its export (checkpoints taken afresh), the journal folds alike.
        let again = Journal::from_jsonl(journal.to_jsonl().as_bytes()).unwrap();
        prop_assert_eq!(again.state(), journal.state());
    }
}

/// Two late events in a row: the first makes the checkpoints after it stale, so the second,
/// later than one of those, must not start from it (it lacks the first).
#[test]
fn a_checkpoint_after_a_late_event_is_never_used_again() {
    let mut journal = base();
    let on_time = |index: usize| to_event(index, &(0, 0, index % 3, i64::try_from(index % 5).unwrap(), 1, 0));
    for index in 0..200 {
        assert!(!journal.record(on_time(index)).unwrap().refolded);
    }
    // Late by 1,500 and then by 1,000 minutes: both before several checkpoints.
    for (index, late) in [(200, 1_500), (201, 1_000)] {
        let event = to_event(index, &(late, 0, 0, 0, 2, 0));
        assert!(journal.record(event).unwrap().refolded);
        common::assert_invariants(&journal);
    }
    assert_eq!(journal.state().day_work().entries().len(), 202);
}
