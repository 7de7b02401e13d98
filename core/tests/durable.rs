//! A sink that fails (a full or read-only disk) leaves the journal as it was: the append or
//! merge is refused with the sink's error and nothing of it stays in memory (issue 15).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use projectledger::journal::{Durable, Entry};
use projectledger::{Error, Journal, Payload, Result};

/// Writes nothing; fails while `full` is set.
struct Disk {
    full: Arc<AtomicBool>,
    written: usize,
}

impl Durable for Disk {
    fn persist(&mut self, entries: &[Entry], _origin: Option<&projectledger::ReplicaId>) -> Result<()> {
        if self.full.load(Ordering::SeqCst) {
            return Err(Error::StoreFailed { path: "disk".into(), reason: "no space left on device".into() });
        }
        self.written += entries.len();
        Ok(())
    }
}

fn member(journal: &Journal, n: usize) -> projectledger::Event {
    let json = format!(r#"{{"type":"role_granted","data":{{"project_id":"P1","member":"m{n}","role":"foreman"}}}}"#);
    journal.event_source("dev").unwrap().event("pm", Payload::from_json(&json).unwrap()).unwrap()
}

#[test]
fn a_failed_write_leaves_the_journal_as_it_was() {
    let mut journal = Journal::new();
    let p1 = projectledger::ProjectId::try_new("P1").unwrap();
    let created = projectledger::lifecycle::LifecycleEvent::project_created(&p1, "Depot", "D-1", projectledger::Currency::CNY, projectledger::WorkCalendar::china_2025().unwrap());
    journal.record(journal.event_source("dev").unwrap().event("pm", created).unwrap()).unwrap();
    let full = Arc::new(AtomicBool::new(false));
    journal.attach(Box::new(Disk { full: full.clone(), written: 0 }));
    journal.record(member(&journal, 1)).unwrap();
    let (before, state) = (journal.clone(), journal.state().clone());

    full.store(true, Ordering::SeqCst);
    let error = journal.record(member(&journal, 2)).unwrap_err();
    assert_eq!(error.kind(), "StoreFailed");
    assert!(journal == before && journal.state() == &state && journal.head() == before.head());
    // A merge is taken back whole.
    let mut other = before.clone();
    other.record(member(&other, 3)).unwrap();
    other.record(member(&other, 4)).unwrap();
    assert_eq!(journal.merge(&other).unwrap_err().kind(), "StoreFailed");
    assert!(journal == before && journal.state() == &state);

    // Space again: the same events go in.
    full.store(false, Ordering::SeqCst);
    assert_eq!(journal.merge(&other).unwrap().added, 2);
    assert_eq!(journal.len(), before.len() + 2);
    assert_eq!(&journal.replay(), journal.state());
}
