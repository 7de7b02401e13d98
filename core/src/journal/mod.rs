//! The journal: every change is an event; the state is the fold of the events.
//!
//! - Events are folded in canonical order `(recorded_at, id)`, so any two journals holding
//!   the same events hold the same state, whatever order they learnt them in. A replica
//!   stamps its events by a hybrid logical clock ([`Journal::now`]: never before what it
//!   holds) and refuses events stamped too far ahead of it ([`Journal::set_max_clock_ahead`]);
//!   the business dates inside payloads are what the user said.
//! - Replicas sync incrementally: [`Journal::changes_since`] a cursor, [`Journal::apply_changes`].
//! - Each entry carries the SHA-256 of its predecessor; [`Journal::verify`] and
//!   [`Journal::from_jsonl`] name the first broken link.
//! - Appending an event already held is a no-op; [`Journal::merge`] takes the union.

mod chain;
mod checkpoint;
mod clock;
mod direct;
mod durable;
mod jsonl;
mod kpis;
mod merge;
#[cfg(feature = "store")]
mod snapshot;
mod sync;

use chrono::{DateTime, Utc};

pub use chain::{Entry, Hash};
pub use clock::DEFAULT_MAX_CLOCK_AHEAD;
pub use durable::Durable;
pub use jsonl::SCHEMA_VERSION;
pub use sync::Changes;
#[cfg(feature = "store")]
pub(crate) use snapshot::Snapshot;

use chain::{chain_hash, check_link};
pub use crate::event::{Event, Payload};
use crate::collections::PositionIndex;
use crate::portfolio::{Conflict, Portfolio};
use crate::cost::BudgetWarning;
use crate::labour::DayWorkWarning;
use crate::{Error, EventId, EventSource, Result};

/// What appending one event did ([`Journal::record`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Appended {
    /// False when the very same event was held already (nothing changed).
    pub added: bool,
    /// True when the event was older than the newest applied, so the journal folded again
    /// (from the nearest checkpoint before it).
    pub refolded: bool,
    /// Budget controls set to Warn that the event passed.
    pub budget_warnings: Vec<BudgetWarning>,
    /// Day-work warnings the event raised (art. 41 overtime).
    pub day_work_warnings: Vec<DayWorkWarning>,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct MergeReport {
    /// Events this journal did not hold before.
    pub added: usize,
    /// Events it held already (each counted once, never applied twice).
    pub already_present: usize,
    /// Rules broken only by the union, found while folding it.
    pub new_conflicts: Vec<Conflict>,
}

/// An append-only, hash-chained list of events and the state they fold into.
///
/// ```
/// use projectledger::{Currency, Journal, ProjectId, WorkCalendar};
/// use projectledger::lifecycle::LifecycleEvent;
/// # fn main() -> Result<(), projectledger::Error> {
/// let p1 = ProjectId::try_new("P1")?;
/// let mut site = Journal::new();
/// let mut events = site.event_source("phone-7")?;              // ids phone-7-000001, …
/// site.record(events.event("pm-li", LifecycleEvent::ProjectCreated { project_id: p1.clone(), name: "Depot".into(),
///     code: "D-1".into(), currency: Currency::CNY, calendar: Box::new(WorkCalendar::china(2025, 2026)?) })?)?;
///
/// // The office reads the site's export (every hash checked) and merges the site again:
/// // nothing is added twice, and both fold to the same state.
/// let mut office = Journal::from_jsonl(site.to_jsonl().as_bytes())?;
/// assert_eq!(office.head(), site.head());
/// let report = office.merge(&site)?;
/// assert_eq!((report.added, report.already_present), (0, 1));
/// assert_eq!(office.state(), site.state());
/// assert_eq!(office.state().project(&p1).map(|p| p.name.as_str()), Some("Depot"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Journal {
    entries: Vec<Entry>,
    /// Positions of entries by event id.
    positions: PositionIndex,
    state: Portfolio,
    /// Position of the entry with the greatest fold key; an older event folds again from a
    /// checkpoint.
    latest: Option<usize>,
    checkpoints: checkpoint::Checkpoints,
    scratch: Vec<u8>,
    /// Where appends are made durable (a store), if anywhere.
    sink: durable::Sink,
    /// Which peer merged entries came from (never sent back to it).
    origins: sync::Origins,
    /// The replica's clock: stamps new events, refuses those stamped too far ahead.
    clock: clock::Clock,
}

impl PartialEq for Journal {
    fn eq(&self, other: &Journal) -> bool {
        self.entries == other.entries
    }
}

impl Journal {
    /// An empty journal.
    #[must_use]
    pub fn new() -> Journal {
        Journal::default()
    }

    /// Appends an event after checking it against the state. Returns `false` (and changes
    /// nothing) if the very same event is already held; an error (and changes nothing) if
    /// another event has its id or it breaks a rule.
    pub fn append(&mut self, event: Event) -> Result<bool> {
        Ok(self.insert(event)?.is_some())
    }

    /// Appends as [`Journal::append`] does and says what happened: whether the event was
    /// added or already held, whether it was older than the newest event so the journal
    /// folded again, and the warnings it raised (budget controls set to Warn, day-work
    /// overtime). For one event at a time — a service's request; bulk loads use `append`.
    ///
    /// ```
    /// use projectledger::{Journal, ProjectId, cost::CostEvent};
    /// # fn main() -> Result<(), projectledger::Error> {
    /// let mut journal = Journal::new();
    /// let at = "2025-03-03T08:00:00Z".parse().unwrap();
    /// let mut events = journal.event_source("api")?.with_clock(move || at);
    /// let created = projectledger::lifecycle::LifecycleEvent::ProjectCreated { project_id: ProjectId::try_new("P1")?, name: "Depot".into(),
    ///     code: "D-1".into(), currency: projectledger::Currency::CNY, calendar: Box::new(projectledger::WorkCalendar::china(2025, 2026)?) };
    /// let event = events.event("pm", created)?;
    /// let first = journal.record(event.clone())?;
    /// assert!(first.added && !first.refolded && first.budget_warnings.is_empty());
    /// assert!(!journal.record(event)?.added);                 // the same event again: held already
    /// # Ok(()) }
    /// ```
    pub fn record(&mut self, event: Event) -> Result<Appended> {
        let (event_id, project_id) = (event.id.to_string(), event.payload.project_id().clone());
        let first_entry = match &event.payload {
            crate::Payload::Labour(crate::labour::LabourEvent::DayWorkRecorded { entries, .. }) => entries.first().map(|e| e.entry_id.clone()),
            _ => None,
        };
        let Some(refolded) = self.insert(event)? else {
            return Ok(Appended { added: false, refolded: false, budget_warnings: vec![], day_work_warnings: vec![] });
        };
        let budget_warnings = self.state.cost_centre(&project_id).map(|c| c.warnings_for(Some(&event_id)).into_iter().cloned().collect()).unwrap_or_default();
        // Only a day-work batch raises day-work warnings.
        let day_work_warnings = first_entry.map(|first| self.state.day_work().warnings_of_batch(&event_id, &first)).unwrap_or_default();
        Ok(Appended { added: true, refolded, budget_warnings, day_work_warnings })
    }

    /// Adds an event: `None` when the very same event is held already, else whether the
    /// journal had to fold again (the event was older than the newest applied).
    fn insert(&mut self, event: Event) -> Result<Option<bool>> {
        crate::timestamp::check(&event.recorded_at)?;
        let id_hash = self.positions.hash(&event.id);
        if let Some(held) = self.position_of(&event.id, id_hash).and_then(|at| self.entries.get(at)) {
            return if held.event == event {
                Ok(None)
            } else {
                Err(Error::ConflictingEvent { event_id: event.id.to_string() })
            };
        }
        self.clock.check(&event, self.newest_time())?;
        let newest = self.folds_last(&event);
        if newest {
            self.state.apply(&event)?;
            self.latest = Some(self.entries.len());
        } else {
            // An event older than the newest applied: fold again from the checkpoint before
            // it, and refuse it if the new order makes it, or anything after it, break a rule.
            let candidate = self.refold_from(Some(event.fold_key()), Some(&event));
            if let Some(conflict) = candidate.state.conflicts().iter().find(|c| !self.state.has_conflict(&c.event_id)) {
                return Err(conflict.error.clone());
            }
            self.keep_refold(candidate);
        }
        self.push_chained(event, id_hash);
        if newest {
            if let Some(entry) = self.entries.last() {
                self.checkpoints.folded(&self.state, &entry.event, self.entries.len());
            }
        }
        self.persist_from(self.entries.len().saturating_sub(1), None)?;
        // TigerBeetle's habit: in debug builds every append re-checks what must always hold.
        #[cfg(debug_assertions)]
        if let Err(broken) = self.state.check_invariants() {
            panic!("an invariant broke after appending event {}: {broken}", self.head());
        }
        Ok(Some(!newest))
    }

    /// True when `event` folds after every event held, so it applies on top of the state.
    fn folds_last(&self, event: &Event) -> bool {
        self.latest.and_then(|at| self.entries.get(at)).is_none_or(|newest| event.fold_key() > newest.event.fold_key())
    }

    fn push_chained(&mut self, event: Event, id_hash: u32) {
        let prev_hash = self.head();
        let hash = chain_hash(&event, &prev_hash, &mut self.scratch);
        let position = self.entries.len();
        self.entries.push(Entry { event, prev_hash, hash });
        self.positions.insert(id_hash, position);
    }

    /// An [`EventSource`] for `prefix` that continues after the `{prefix}-{n}` events this
    /// journal holds (a device's own journal holds all of its events, so after a restart it
    /// never reuses an id), stamping each event as [`Journal::now`] does: never at or before
    /// the newest event held, nor the one it stamped last.
    pub fn event_source(&self, prefix: &str) -> Result<EventSource> {
        let last = self.entries.iter().filter_map(|e| EventSource::number_of(prefix, e.event.id.as_str())).max().unwrap_or(0);
        let (clock, mut newest) = (self.clock.clone(), self.newest_time());
        Ok(EventSource::after(prefix, last)?.with_clock(move || {
            let at = clock.next_after(newest);
            newest = Some(at);
            at
        }))
    }

    /// A digest of the set of events held, independent of the order they were learnt in: two
    /// replicas that synced both ways have different heads (each chains the other's events
    /// after its own) but the same digest, and the same digest means the same events.
    ///
    /// ```
    /// use projectledger::{Currency, Journal, ProjectId, WorkCalendar};
    /// use projectledger::lifecycle::LifecycleEvent;
    /// # fn main() -> Result<(), projectledger::Error> {
    /// let created = |id: &str| LifecycleEvent::project_created(&ProjectId::try_new(id).unwrap(), id, id, Currency::CNY, WorkCalendar::standard("Mon-Fri").unwrap());
    /// let (mut phone, mut office) = (Journal::new(), Journal::new());
    /// phone.append(phone.event_source("phone")?.event("pm", created("P1"))?)?;
    /// office.append(office.event_source("office")?.event("pm", created("P2"))?)?;
    /// phone.merge(&office)?;
    /// office.merge(&phone)?;
    /// assert_ne!(phone.head(), office.head());
    /// assert_eq!(phone.digest(), office.digest());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn digest(&self) -> Hash {
        chain::set_digest(self.entries.iter().map(|e| &e.event))
    }

    /// A digest of the folded state: equal on two replicas (of one library version) exactly
    /// when their states are equal — after a sync both ways, when they hold the same events.
    /// It checks the fold itself, where [`Journal::digest`] checks the events.
    #[must_use]
    pub fn state_digest(&self) -> Hash {
        chain::value_digest(&self.state)
    }

    /// The hash of the last entry (the genesis hash when empty).
    #[must_use]
    pub fn head(&self) -> Hash {
        self.entries.last().map_or(Hash::GENESIS, |e| e.hash)
    }

    /// The entries in append order.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of events.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no event is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when an event with this id is held.
    #[must_use]
    pub fn contains(&self, id: &EventId) -> bool {
        self.position_of(id, self.positions.hash(id)).is_some()
    }

    /// Where the event with this id (hashing to `id_hash`) is held.
    fn position_of(&self, id: &EventId, id_hash: u32) -> Option<usize> {
        self.positions.find(id_hash, |at| self.entries.get(at).is_some_and(|e| e.event.id == *id))
    }

    /// The current state.
    #[must_use]
    pub fn state(&self) -> &Portfolio {
        &self.state
    }

    /// Folds every event again from nothing (what [`Journal::state`] must always equal).
    #[must_use]
    pub fn replay(&self) -> Portfolio {
        fold_in_order(self.entries.iter().map(|e| &e.event))
    }

    /// The state as it stood at `as_of`: only the events recorded up to it, folded in
    /// canonical order (for "as of a date" budget views, pass the end of that day), from the
    /// newest checkpoint not after it.
    #[must_use]
    pub fn state_as_of(&self, as_of: DateTime<Utc>) -> Portfolio {
        self.fold_as_of(as_of)
    }

    /// The state now (`None`), or as it stood at a time (see [`Journal::state_as_of`]).
    #[must_use]
    pub fn state_at(&self, as_of: Option<DateTime<Utc>>) -> std::borrow::Cow<'_, Portfolio> {
        match as_of {
            Some(at) => std::borrow::Cow::Owned(self.state_as_of(at)),
            None => std::borrow::Cow::Borrowed(&self.state),
        }
    }

    /// Checks every link of the chain and names the first broken one.
    pub fn verify(&self) -> Result<()> {
        let mut scratch = Vec::new();
        let mut prev = Hash::GENESIS;
        for (index, entry) in self.entries.iter().enumerate() {
            let computed = chain_hash(&entry.event, &entry.prev_hash, &mut scratch);
            check_link(index, entry, &prev, &computed)?;
            prev = entry.hash;
        }
        Ok(())
    }

    /// Folds every event again from nothing, taking new checkpoints.
    fn refold(&mut self) {
        self.checkpoints.clear();
        let refold = self.refold_from(None, None);
        self.keep_refold(refold);
        self.find_latest();
    }

    fn find_latest(&mut self) {
        self.latest = self.entries.iter().enumerate().max_by(|a, b| a.1.event.fold_key().cmp(&b.1.event.fold_key())).map(|(i, _)| i);
    }
}

/// Folds events in canonical order `(recorded_at, id)`, whatever order they come in.
fn fold_in_order<'a>(events: impl Iterator<Item = &'a Event>) -> Portfolio {
    let mut events: Vec<&Event> = events.collect();
    events.sort_by(|a, b| a.fold_key().cmp(&b.fold_key()));
    Portfolio::fold(events)
}

/// The last instant of a day (UTC): what "as of a day" reads up to.
pub(crate) fn end_of(day: chrono::NaiveDate) -> DateTime<Utc> {
    day.and_hms_nano_opt(23, 59, 59, 999_999_999).map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc())
}
