//! The shared test kit of the integration and property tests: events from a clock and an id
//! source, the common payloads, and the checks every property ends with.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use projectledger::cost::{CostBreakdown, CostEvent};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::{ActorId, Currency, Event, EventId, Journal, Payload, ProjectId, Result, WorkCalendar};
use proptest::prelude::*;

/// Makes events with ids `{prefix}{n}` (zero-padded, so ids sort like their order) one step
/// of time apart from a start.
pub struct Events {
    prefix: String,
    start: DateTime<Utc>,
    step: Duration,
    next: i64,
}

impl Events {
    /// Events from `start` (RFC 3339), a minute apart.
    pub fn new(prefix: &str, start: &str) -> Events {
        Events { prefix: prefix.to_owned(), start: start.parse().unwrap(), step: Duration::minutes(1), next: 0 }
    }

    /// The same, `step` apart.
    pub fn every(mut self, step: Duration) -> Events {
        self.step = step;
        self
    }

    /// The next event.
    pub fn next(&mut self, actor: &str, payload: impl Into<Payload>) -> Event {
        let n = self.next;
        self.next += 1;
        self.at(n, actor, payload)
    }

    /// The event of step `n` (its id and time follow from `n`).
    pub fn at(&self, n: i64, actor: &str, payload: impl Into<Payload>) -> Event {
        Event::new(EventId::try_new(format!("{}{n:04}", self.prefix)).unwrap(), self.start + self.step * i32::try_from(n).unwrap(), ActorId::try_new(actor).unwrap(), payload)
    }

    /// Appends the next event, checking the invariants after it.
    pub fn append(&mut self, journal: &mut Journal, actor: &str, payload: impl Into<Payload>) -> Result<bool> {
        let added = journal.append(self.next(actor, payload));
        assert_invariants(journal);
        added
    }
}

/// Worker `n` of a roster: a 钢筋工 (rebar worker) of team T0 or T1, employed by 华建劳务.
pub fn rebar_worker(id: &str, n: usize) -> projectledger::labour::Worker {
    projectledger::labour::Worker {
        worker_id: id.to_owned().into(),
        name: format!("Worker {id}"),
        id_number: projectledger::labour::IdNumber::new(&format!("11010519900101{n:04}")).unwrap(),
        trade: "钢筋工".into(),
        team: format!("T{}", n % 2),
        employer: "华建劳务".into(),
    }
}

/// A project id.
pub fn pid(id: &str) -> ProjectId {
    ProjectId::try_new(id).unwrap()
}

/// A project in CNY on the China 2025 calendar, its code its id.
pub fn project_created(id: &str) -> LifecycleEvent {
    LifecycleEvent::ProjectCreated { project_id: pid(id), name: format!("Project {id}"), code: id.to_owned(), currency: Currency::CNY, calendar: Box::new(WorkCalendar::china_2025().unwrap()) }
}

/// A cost breakdown from its JSON.
pub fn breakdown_defined(id: &str, json: &str) -> CostEvent {
    CostEvent::CostBreakdownDefined { project_id: pid(id), breakdown: Box::new(CostBreakdown::from_json(json).unwrap()) }
}

/// A role granted to a member.
pub fn role_granted(id: &str, member: &str, role: &str) -> LifecycleEvent {
    LifecycleEvent::RoleGranted { project_id: pid(id), member: ActorId::try_new(member).unwrap(), role: role.to_owned() }
}

/// What every property ends with: the invariants hold, and the state is the fold of the
/// events.
pub fn assert_invariants(journal: &Journal) {
    if let Err(broken) = journal.state().check_invariants() {
        panic!("an invariant is broken: {broken}");
    }
    assert_eq!(journal.replay(), *journal.state(), "the state is not the fold of the events");
}

/// A golden journal export (`tests/golden/`), as bytes.
pub fn golden(name: &str) -> Vec<u8> {
    std::fs::read(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden").join(name)).unwrap()
}

/// A golden export (version 1) as this version writes it: the same entry lines under a
/// version-2 header, then the trailer.
pub fn golden_current(name: &str) -> Vec<u8> {
    Journal::from_jsonl(&golden(name)).unwrap().to_jsonl().into_bytes()
}

/// A valid input, then changed: a byte replaced, a range cut out, a range repeated, or cut
/// short.
pub fn mutated(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let n = valid.len().max(1);
    (0..4u8, 0..n, 0..n, any::<u8>()).prop_map(move |(how, a, b, byte)| {
        let mut out = valid.clone();
        let (low, high) = (a.min(b), a.max(b).min(out.len()));
        match how {
            0 if !out.is_empty() => {
                let at = a % out.len();
                out[at] = byte;
            }
            1 => drop(out.drain(low..high)),
            2 => {
                let copy = out[low..high].to_vec();
                out.splice(high..high, copy);
            }
            _ => out.truncate(low),
        }
        out
    })
}
