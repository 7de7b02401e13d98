//! Clocks that lie (issue 15): events are stamped by a hybrid logical clock — the wall clock,
//! but never at or before the newest event held — and an event stamped further ahead of the
//! replica's clock than its bound is refused naming both times, the journal unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use projectledger::{Error, Event, Journal, Payload};
use proptest::prelude::*;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// A wall clock a test can move, in seconds since the epoch.
fn movable(start: DateTime<Utc>) -> (Arc<AtomicI64>, impl Fn() -> DateTime<Utc> + Send + Sync + 'static) {
    let seconds = Arc::new(AtomicI64::new(start.timestamp()));
    let reader = seconds.clone();
    (seconds, move || DateTime::from_timestamp(reader.load(Ordering::SeqCst), 0).unwrap())
}

fn created(id: &str, recorded_at: DateTime<Utc>) -> Event {
    let p1 = projectledger::ProjectId::try_new("P1").unwrap();
    let payload = projectledger::lifecycle::LifecycleEvent::project_created(&p1, "Depot", "D-1", projectledger::Currency::CNY, projectledger::WorkCalendar::china_2025().unwrap());
    Event::try_new(projectledger::EventId::try_new(id).unwrap(), recorded_at, projectledger::ActorId::try_new("pm").unwrap(), payload).unwrap()
}

fn member(n: usize) -> Payload {
    Payload::from_json(&format!(r#"{{"type":"role_granted","data":{{"project_id":"P1","member":"m{n}","role":"foreman"}}}}"#)).unwrap()
}

#[test]
fn an_event_stamped_far_ahead_is_refused_naming_both_times() {
    let (_, wall) = movable(at("2025-03-03T08:00:00Z"));
    let mut journal = Journal::new().with_clock(wall);
    journal.append(created("e1", at("2025-03-03T07:00:00Z"))).unwrap();
    let (len, head) = (journal.len(), journal.head());
    let mut far = created("e2", at("9999-12-31T00:00:00Z"));
    far.payload = member(1);
    let error = journal.append(far.clone()).unwrap_err();
    assert_eq!(error.kind(), "ClockAhead");
    let text = error.to_string();
    assert!(text.contains("9999-12-31T00:00:00Z") && text.contains("2025-03-03T08:00:00Z") && text.contains("600 s"), "{text}");
    assert_eq!((journal.len(), journal.head()), (len, head));
    // The same through a merge or a change set: refused whole, nothing taken.
    let mut other = Journal::from_jsonl(journal.to_jsonl().as_bytes()).unwrap();
    other.set_max_clock_ahead(std::time::Duration::from_secs(u64::MAX));
    other.append(far).unwrap();
    assert!(matches!(journal.merge(&other), Err(Error::ClockAhead { .. })));
    let changes = other.changes_since("phone", 0).unwrap();
    assert!(matches!(journal.apply_changes("phone", &changes), Err(Error::ClockAhead { .. })));
    assert_eq!((journal.len(), journal.head()), (len, head));
    // A bound of zero refuses anything stamped after the clock; loading history is not checked.
    journal.set_max_clock_ahead(std::time::Duration::ZERO);
    let mut soon = created("e3", at("2025-03-03T08:00:01Z"));
    soon.payload = member(3);
    assert!(matches!(journal.append(soon), Err(Error::ClockAhead { max_ahead_seconds: 0, .. })));
    assert_eq!(Journal::from_jsonl(other.to_jsonl().as_bytes()).unwrap().len(), 2);
}

#[test]
fn a_clock_a_little_ahead_does_not_make_later_appends_fold_again() {
    // Before the hybrid clock, one event stamped ahead made every later append (stamped by the
    // wall clock, so older) fold the whole journal again.
    let (seconds, wall) = movable(at("2025-03-03T08:00:00Z"));
    let mut journal = Journal::new().with_clock(wall);
    journal.append(created("e1", at("2025-03-03T07:00:00Z"))).unwrap();
    let mut ahead = created("phone-9", at("2025-03-03T08:05:00Z"));
    ahead.payload = member(0);
    journal.append(ahead).unwrap();
    assert!(journal.now() > at("2025-03-03T08:05:00Z"));
    let mut events = journal.event_source("office").unwrap();
    for n in 1..=50 {
        let appended = journal.record(events.event("pm", member(n)).unwrap()).unwrap();
        assert!(appended.added && !appended.refolded, "append {n} folded the journal again");
        seconds.fetch_add(1, Ordering::SeqCst);
    }
    assert_eq!(journal.state(), &journal.replay());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the wall clock does (steps back, stands still, jumps) and whatever arrives from
    /// other devices within the bound, each new event is stamped after every event held, so it
    /// is applied without folding again.
    #[test]
    fn new_events_are_stamped_after_everything_held(moves in proptest::collection::vec((-3600i64..3600, any::<bool>(), 0i64..600), 1..30)) {
        // The wall clock may step back up to 30 h, never before the project's creation.
        let (seconds, wall) = movable(at("2025-03-05T08:00:00Z"));
        let mut journal = Journal::new().with_clock(wall);
        journal.append(created("e1", at("2025-03-03T07:00:00Z"))).unwrap();
        for (n, (step, arrives, ahead)) in moves.into_iter().enumerate() {
            seconds.fetch_add(step, Ordering::SeqCst);
            if arrives {
                // Another device's event, up to ten minutes ahead of this one's clock.
                let now = DateTime::from_timestamp(seconds.load(Ordering::SeqCst), 0).unwrap();
                let mut theirs = created(&format!("other-{n}"), now + Duration::seconds(ahead));
                theirs.payload = member(1000 + n);
                journal.append(theirs).unwrap();
            }
            let newest = journal.entries().iter().map(|e| e.event.recorded_at).max().unwrap();
            let event = journal.event_source("me").unwrap().event("pm", member(n)).unwrap();
            prop_assert!(event.recorded_at > newest);
            prop_assert!(!journal.record(event).unwrap().refolded);
        }
    }
}
