//! Knowing two replicas agree (issue 15): the set digest is the same on two journals exactly
//! when they hold the same events, whatever order they learnt them in and however their
//! chains differ.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use chrono::{DateTime, Duration, Utc};
use projectledger::{Event, Journal, Payload};
use proptest::prelude::*;

fn events(n: usize) -> Vec<Event> {
    let at: DateTime<Utc> = "2025-03-03T08:00:00Z".parse().unwrap();
    let p1 = projectledger::ProjectId::try_new("P1").unwrap();
    let created = projectledger::lifecycle::LifecycleEvent::project_created(&p1, "Depot", "D-1", projectledger::Currency::CNY, projectledger::WorkCalendar::china_2025().unwrap());
    let id = |s: &str| projectledger::EventId::try_new(s).unwrap();
    let pm = projectledger::ActorId::try_new("pm").unwrap();
    let mut out = vec![Event::try_new(id("e0"), at, pm.clone(), created).unwrap()];
    for i in 1..=n {
        let json = format!(r#"{{"type":"role_granted","data":{{"project_id":"P1","member":"m{i}","role":"foreman"}}}}"#);
        out.push(Event::try_new(id(&format!("e{i}")), at + Duration::minutes(i64::try_from(i).unwrap()), pm.clone(), Payload::from_json(&json).unwrap()).unwrap());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn replicas_that_synced_both_ways_have_one_digest(n in 1usize..25, sides in proptest::collection::vec(0u8..3, 25), order in any::<bool>()) {
        let all = events(n);
        let (mut a, mut b) = (Journal::new(), Journal::new());
        // Each device learns the project, then its share (0: A, 1: B, 2: both), in its own order.
        a.append(all[0].clone()).unwrap();
        b.append(all[0].clone()).unwrap();
        let mut mine: Vec<&Event> = all[1..].iter().enumerate().filter(|(i, _)| sides[*i] != 1).map(|(_, e)| e).collect();
        if order { mine.reverse(); }
        for e in mine { a.append(e.clone()).unwrap(); }
        for (i, e) in all[1..].iter().enumerate() {
            if sides[i] != 0 { b.append(e.clone()).unwrap(); }
        }
        let same_before = (1..=n).all(|i| sides[i - 1] == 2);
        prop_assert_eq!(a.digest() == b.digest(), same_before);
        // Each member granted is in the state: different events, different states.
        prop_assert_eq!(a.state_digest() == b.state_digest(), same_before);
        a.merge(&b).unwrap();
        b.merge(&a).unwrap();
        prop_assert_eq!(a.digest(), b.digest());
        prop_assert_eq!(a.state_digest(), b.state_digest());
        prop_assert_eq!(a.state(), b.state());
        // A journal holding them all, learnt in order, agrees too.
        let mut whole = Journal::new();
        for e in &all { whole.append(e.clone()).unwrap(); }
        prop_assert_eq!(whole.digest(), a.digest());
    }
}

/// A change set over the app's own transport: written to JSON Lines and read back.
fn carried(changes: &projectledger::Changes) -> projectledger::Changes {
    projectledger::Changes::from_jsonl(changes.to_jsonl().as_bytes()).unwrap()
}

/// Two replicas, each with the cursor it last sent the other up to.
struct Pair {
    a: Journal,
    b: Journal,
    a_sent: u64,
    b_sent: u64,
}

impl Pair {
    /// A sends B what B lacks; nothing B sent A comes back, nothing is sent twice.
    fn a_to_b(&mut self) -> Result<(), TestCaseError> {
        let changes = carried(&self.a.changes_since("b", self.a_sent).unwrap());
        let report = self.b.apply_changes("a", &changes).unwrap();
        prop_assert_eq!(report.already_present, 0, "A echoed or resent an event");
        self.a_sent = changes.cursor;
        Ok(())
    }

    fn b_to_a(&mut self) -> Result<(), TestCaseError> {
        let changes = carried(&self.b.changes_since("a", self.b_sent).unwrap());
        let report = self.a.apply_changes("b", &changes).unwrap();
        prop_assert_eq!(report.already_present, 0, "B echoed or resent an event");
        self.b_sent = changes.cursor;
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any interleaving of appends on two replicas and syncs either way ends, after a sync
    /// both ways, with one state and one digest; and then neither has anything to send.
    #[test]
    fn any_interleaving_of_appends_and_syncs_converges(steps in proptest::collection::vec(0u8..4, 1..40), a_first in any::<bool>()) {
        let all = events(steps.len());
        let mut pair = Pair { a: Journal::new(), b: Journal::new(), a_sent: 0, b_sent: 0 };
        pair.a.append(all[0].clone()).unwrap();
        pair.a_to_b()?;
        for (i, step) in steps.iter().enumerate() {
            match step {
                0 => { pair.a.append(all[i + 1].clone()).unwrap(); }
                1 => { pair.b.append(all[i + 1].clone()).unwrap(); }
                2 => pair.a_to_b()?,
                _ => pair.b_to_a()?,
            }
        }
        if a_first { pair.a_to_b()?; pair.b_to_a()?; } else { pair.b_to_a()?; pair.a_to_b()?; }
        prop_assert_eq!(pair.a.digest(), pair.b.digest());
        prop_assert_eq!(pair.a.state(), pair.b.state());
        prop_assert_eq!(pair.a.state_digest(), pair.b.state_digest());
        prop_assert_eq!(Journal::from_jsonl(pair.a.to_jsonl().as_bytes()).unwrap().state_digest(), pair.a.state_digest());
        prop_assert_eq!(pair.a.state(), &pair.a.replay());
        prop_assert!(pair.a.changes_since("b", pair.a_sent).unwrap().events.is_empty());
        prop_assert!(pair.b.changes_since("a", pair.b_sent).unwrap().events.is_empty());
    }
}

#[test]
fn a_cut_or_padded_change_set_is_refused() {
    let mut a = Journal::new();
    for e in events(3) {
        a.append(e).unwrap();
    }
    let text = a.changes_since("office", 0).unwrap().to_jsonl();
    assert!(text.starts_with(r#"{"format":"projectledger-changes","schema_version":1,"cursor":4,"count":4}"#), "{text}");
    // Cut after two of four events, at a line boundary.
    let cut: String = text.split_inclusive('\n').take(3).collect();
    let error = projectledger::Changes::from_jsonl(cut.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("the header counts 4 events, 2 arrived"), "{error}");
    // One line too many (the last one twice).
    let last = text.split_inclusive('\n').next_back().unwrap();
    let error = projectledger::Changes::from_jsonl(format!("{text}{last}").as_bytes()).unwrap_err().to_string();
    assert!(error.contains("line 6") && error.contains("one more"), "{error}");
    // Not canonical (a space added).
    let spaced = text.replacen("\"actor\":", "\"actor\": ", 1);
    let error = projectledger::Changes::from_jsonl(spaced.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("canonical"), "{error}");
    // A cursor this journal never gave.
    let error = a.changes_since("office", 9).unwrap_err().to_string();
    assert!(error.contains("9 is beyond this journal's 4 entries"), "{error}");
    assert!(a.changes_since("", 0).is_err());
}

#[test]
fn an_event_sent_twice_in_one_set_counts_once_and_two_versions_are_refused() {
    let all = events(2);
    let mut office = Journal::new();
    let mut phone = Journal::new();
    for e in &all {
        phone.append(e.clone()).unwrap();
    }
    let mut changes = phone.changes_since("office", 0).unwrap();
    changes.events.push(all[1].clone());
    let report = office.apply_changes("phone", &changes).unwrap();
    assert_eq!((report.added, report.already_present), (3, 1));
    // The same id with other content, in one set, is refused whole.
    let mut altered = all[2].clone();
    altered.actor = projectledger::ActorId::try_new("someone-else").unwrap();
    let mut fresh = Journal::new();
    changes.events.push(altered);
    assert!(matches!(fresh.apply_changes("phone", &changes), Err(projectledger::Error::ConflictingEvent { .. })));
    assert!(fresh.is_empty());
}

#[test]
fn an_export_cut_short_is_refused_unless_a_prefix_is_asked_for() {
    let mut journal = Journal::new();
    for e in events(27) {
        journal.append(e).unwrap();
    }
    let export = journal.to_jsonl();
    let last = export.lines().last().unwrap();
    assert_eq!(last, format!(r#"{{"events":28,"head":"{}"}}"#, journal.head()));
    // Cut after 14 of the 28 event lines: refused, naming where; the prefix read on request.
    let cut: String = export.split_inclusive('\n').take(15).collect();
    let error = Journal::from_jsonl(cut.as_bytes()).unwrap_err();
    assert!(matches!(error, projectledger::Error::MalformedJournal { line: 16, .. }), "{error}");
    assert!(error.to_string().contains("cut after 14 events"), "{error}");
    let prefix = Journal::from_jsonl_prefix(cut.as_bytes()).unwrap();
    assert_eq!((prefix.len(), prefix.entries()[13].hash), (14, journal.entries()[13].hash));
    // A prefix reader still checks a trailer that is there.
    assert_eq!(Journal::from_jsonl_prefix(export.as_bytes()).unwrap().len(), 28);
    let lying = export.replace(r#"{"events":28,"#, r#"{"events":27,"#);
    let error = Journal::from_jsonl_prefix(lying.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("counts 27 events but 28 were read"), "{error}");
    let other_head = export.replace(&format!(r#""head":"{}""#, journal.head()), &format!(r#""head":"{}""#, journal.entries()[0].hash));
    assert!(Journal::from_jsonl(other_head.as_bytes()).unwrap_err().to_string().contains("names head"));
    // A version-1 export (no trailer) loads as it always did; re-exported, it gains one.
    let v1: String = export.replacen(r#""schema_version":2"#, r#""schema_version":1"#, 1).split_inclusive('\n').take(29).collect();
    let old = Journal::from_jsonl(v1.as_bytes()).unwrap();
    assert_eq!((old.len(), old.head()), (28, journal.head()));
    assert_eq!(old.to_jsonl(), export);
}
