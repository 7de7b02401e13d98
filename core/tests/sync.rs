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
        a.merge(&b).unwrap();
        b.merge(&a).unwrap();
        prop_assert_eq!(a.digest(), b.digest());
        prop_assert_eq!(a.state(), b.state());
        // A journal holding them all, learnt in order, agrees too.
        let mut whole = Journal::new();
        for e in &all { whole.append(e.clone()).unwrap(); }
        prop_assert_eq!(whole.digest(), a.digest());
    }
}
