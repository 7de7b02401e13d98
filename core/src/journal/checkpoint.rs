//! Checkpoints: the state as it stood after a prefix of the fold order, kept so that an event
//! older than the newest (a phone that was offline) folds again from the nearest checkpoint
//! before it, not from nothing — and a state "as of" a time starts from one too. A checkpoint
//! shares the state's large lists (`SharedVec`) and leaves out their indexes (built again when
//! a fold starts from it), so it costs what changed since it was taken.
//!
//! A checkpoint is taken every 1/[`DENSITY`] of the journal (at least [`MIN_SPACING`] events);
//! of more than [`KEPT`], the older of the two closest together goes, so they thin out with
//! age — dense where late events usually land (just behind the newest: a phone offline for a
//! day), sparse back to the start. An event folded in before a checkpoint makes it stale: it is
//! dropped, and the fold that follows takes new ones.

use chrono::{DateTime, Utc};

use super::Journal;
use crate::event::Event;
use crate::portfolio::Portfolio;
use crate::EventId;

/// Fewest events between two checkpoints (a small journal folds again quickly anyway).
const MIN_SPACING: usize = 32;
/// A checkpoint is taken every 1/`DENSITY` of the events held.
const DENSITY: usize = 32;
/// How many checkpoints are kept (each holds its own copy of what changed since it).
const KEPT: usize = 8;

/// The state after every event up to and including `after` in fold order (`held` of them).
#[derive(Debug, Clone)]
pub(super) struct Checkpoint {
    pub(super) after: (DateTime<Utc>, EventId),
    pub(super) held: usize,
    pub(super) state: Portfolio,
}

impl Checkpoint {
    fn key(&self) -> (DateTime<Utc>, &EventId) {
        (self.after.0, &self.after.1)
    }
}

/// A journal's checkpoints, oldest first, and the events folded on since the newest.
#[derive(Debug, Clone, Default)]
pub(super) struct Checkpoints {
    pub(super) list: Vec<Checkpoint>,
    since_last: usize,
}

impl Checkpoints {
    /// Notes that `state` now holds `held` events, `newest` last; takes a checkpoint when far
    /// enough past the last one.
    pub(super) fn folded(&mut self, state: &Portfolio, newest: &Event, held: usize) {
        self.since_last = self.since_last.saturating_add(1);
        if self.since_last >= spacing(held) {
            self.take(state, newest, held);
        }
    }

    fn take(&mut self, state: &Portfolio, newest: &Event, held: usize) {
        self.list.push(Checkpoint { after: (newest.recorded_at, newest.id.clone()), held, state: state.checkpoint() });
        self.thin();
        self.since_last = 0;
    }

    /// Down to [`KEPT`]: drops the older of the two checkpoints closest together (the first
    /// such pair, so the oldest never goes before its neighbours have thinned).
    fn thin(&mut self) {
        while self.list.len() > KEPT {
            let gaps = self.list.windows(2).map(|pair| match pair {
                [older, newer] => newer.held.saturating_sub(older.held),
                _ => usize::MAX,
            });
            let Some((closest, _)) = gaps.enumerate().min_by_key(|(_, gap)| *gap) else { break };
            self.list.remove(closest);
        }
    }

    /// The newest checkpoint whose key `usable` accepts.
    pub(super) fn last_where(&self, usable: impl Fn((DateTime<Utc>, &EventId)) -> bool) -> Option<usize> {
        self.list.iter().rposition(|c| usable(c.key()))
    }

    pub(super) fn clear(&mut self) {
        *self = Checkpoints::default();
    }
}

#[cfg(feature = "store")]
impl Checkpoints {
    /// The checkpoints written against the state `base` (the journal's), whose day-work
    /// chunks they share: what a store's snapshot keeps, so that a late event after an open
    /// still folds from the nearest checkpoint.
    pub(super) fn write(&self, base: &Portfolio, out: &mut crate::persist::Writer) {
        use crate::persist::Persist as _;
        out.varint(self.list.len() as u128);
        for checkpoint in &self.list {
            checkpoint.after.write(out);
            checkpoint.held.write(out);
            checkpoint.state.write_checkpoint(base, out);
        }
        self.since_last.write(out);
    }

    /// Reads what [`Checkpoints::write`] wrote.
    pub(super) fn read(base: &Portfolio, input: &mut crate::persist::Reader<'_>) -> crate::persist::Read<Checkpoints> {
        use crate::persist::Persist;
        let count = input.length()?;
        let mut list = Vec::with_capacity(count.min(KEPT));
        for _ in 0..count {
            let (after, held) = (Persist::read(input)?, Persist::read(input)?);
            let state = Portfolio::read_checkpoint(base, list.last().map(|c: &Checkpoint| &c.state), input)?;
            list.push(Checkpoint { after, held, state });
        }
        Ok(Checkpoints { list, since_last: Persist::read(input)? })
    }

    /// Whether every checkpoint is of events up to the one `newest` names (none was taken
    /// after an event this fold has not seen).
    pub(super) fn all_before(&self, newest: Option<(DateTime<Utc>, &EventId)>) -> bool {
        self.list.iter().all(|c| Some(c.key()) <= newest)
    }
}

fn spacing(held: usize) -> usize {
    MIN_SPACING.max(held / DENSITY)
}

/// A fold from a checkpoint: the state, the checkpoints it started after (kept), and those it
/// took on the way.
pub(super) struct Refold {
    pub(super) state: Portfolio,
    base: Option<usize>,
    taken: Checkpoints,
}

/// The fold of an export's events as they are read: while they come in fold order (an
/// export of one journal usually does), the very fold and checkpoints of a refold from
/// nothing, made while the next lines are still being parsed.
pub(super) struct FoldAsRead {
    state: Portfolio,
    taken: Checkpoints,
    /// How many events the export holds (checkpoints are spaced by it, as a refold's are).
    held: usize,
    folded: usize,
    last: Option<(DateTime<Utc>, EventId)>,
    in_order: bool,
}

impl FoldAsRead {
    pub(super) fn new(held: usize) -> FoldAsRead {
        FoldAsRead { state: Portfolio::default(), taken: Checkpoints::default(), held, folded: 0, last: None, in_order: true }
    }

    /// Folds the next event read; one out of fold order ends it (a refold follows instead).
    pub(super) fn fold(&mut self, event: &Event) {
        if !self.in_order {
            return;
        }
        if self.last.as_ref().is_some_and(|(at, id)| event.fold_key() <= (*at, id)) {
            *self = FoldAsRead { in_order: false, ..FoldAsRead::new(0) };
            return;
        }
        self.last = Some((event.recorded_at, event.id.clone()));
        self.state.fold_one(event);
        self.folded = self.folded.saturating_add(1);
        self.taken.since_last = self.taken.since_last.saturating_add(1);
        if self.taken.since_last >= spacing(self.held) {
            self.taken.take(&self.state, event, self.folded);
        }
    }

    /// The refold from nothing, when every event came in fold order.
    pub(super) fn finish(self) -> Option<Refold> {
        self.in_order.then_some(Refold { state: self.state, base: None, taken: self.taken })
    }
}

impl Journal {
    /// Folds the held events again (and `extra`, not held yet) from the newest checkpoint
    /// before `earliest` — the oldest event that is new to the fold — taking checkpoints on
    /// the way. Nothing changes until [`Journal::keep_refold`].
    pub(super) fn refold_from(&self, earliest: Option<(DateTime<Utc>, &EventId)>, extra: Option<&Event>) -> Refold {
        let base = earliest.and_then(|earliest| self.checkpoints.last_where(|key| key < earliest));
        let held = self.entries.len().saturating_add(usize::from(extra.is_some()));
        let (state, taken) = self.fold_on_from(base, |_| true, extra, Some(held));
        Refold { state, base, taken: taken.unwrap_or_default() }
    }

    /// Makes a refold the journal's state, its checkpoints those it started after and took.
    pub(super) fn keep_refold(&mut self, refold: Refold) {
        self.state = refold.state;
        self.checkpoints.list.truncate(refold.base.map_or(0, |at| at.saturating_add(1)));
        self.checkpoints.list.extend(refold.taken.list);
        self.checkpoints.thin();
        self.checkpoints.since_last = refold.taken.since_last;
    }

    /// The state as it stood at `as_of`, from the newest checkpoint not after it.
    pub(super) fn fold_as_of(&self, as_of: DateTime<Utc>) -> Portfolio {
        let base = self.checkpoints.last_where(|key| key.0 <= as_of);
        self.fold_on_from(base, |event| event.recorded_at <= as_of, None, None).0
    }

    /// The state of checkpoint `base` (nothing when `None`) with every held event after it
    /// that `keep` accepts, and `extra`, folded on in order; when `held` (the events the fold
    /// ends with) is given, checkpoints are taken on the way.
    fn fold_on_from(&self, base: Option<usize>, keep: impl Fn(&Event) -> bool, extra: Option<&Event>, held: Option<usize>) -> (Portfolio, Option<Checkpoints>) {
        let base = base.and_then(|at| self.checkpoints.list.get(at));
        let after = base.map(Checkpoint::key);
        let mut folded = base.map_or(0, |c| c.held);
        let mut events: Vec<&Event> = self.entries.iter().map(|e| &e.event).filter(|e| after.is_none_or(|after| e.fold_key() > after) && keep(e)).chain(extra).collect();
        events.sort_by(|a, b| a.fold_key().cmp(&b.fold_key()));
        let mut state = base.map(|c| Portfolio::restored(&c.state)).unwrap_or_default();
        let mut taken = held.map(|_| Checkpoints::default());
        for event in events {
            state.fold_one(event);
            folded = folded.saturating_add(1);
            if let (Some(taken), Some(held)) = (taken.as_mut(), held) {
                taken.since_last = taken.since_last.saturating_add(1);
                if taken.since_last >= spacing(held) {
                    taken.take(&state, event, folded);
                }
            }
        }
        (state, taken)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
    use super::*;
    use crate::event::Payload;
    use crate::lifecycle::LifecycleEvent;
    use crate::{ActorId, Currency, ProjectId, WorkCalendar};

    /// A project with a worker and a rate, then one day-work entry an event (each of an hour on
    /// one of three days, so the order decides which hours are overtime).
    fn event(index: u64, minute: i64) -> Event {
        let project_id = ProjectId::try_new("P1").unwrap();
        let payload = match index {
            0 => Payload::Lifecycle(LifecycleEvent::project_created(&project_id, "P", "P", Currency::CNY, WorkCalendar::standard("Mon-Fri").unwrap())),
            1 => Payload::from_json(r#"{"type":"cost_breakdown_defined","data":{"project_id":"P1","breakdown":{"codes":[{"code":"01","name":"Civil"}]}}}"#).unwrap(),
            2 => Payload::from_json(r#"{"type":"worker_registered","data":{"project_id":"P1","worker":{"worker_id":"W1","name":"Li","id_number":"110105199001010011","trade":"rebar","team":"T1","employer":"E"}}}"#).unwrap(),
            3 => Payload::from_json(r#"{"type":"labour_rate_set","data":{"project_id":"P1","rate":{"scope":{"kind":"trade","name":"rebar"},"valid_from":"2025-01-01","unit":"hour","amount":"40"}}}"#).unwrap(),
            _ => Payload::from_json(&format!(
                r#"{{"type":"day_work_recorded","data":{{"project_id":"P1","entries":[{{"entry_id":"E{index}","worker_id":"W1","cost_code":"01","date":"2025-03-0{}","quantity":{{"unit":"hours","value":"0.1"}}}}]}}}}"#,
                3 + index % 3
            ))
            .unwrap(),
        };
        let at = DateTime::<Utc>::from_timestamp(1_735_689_600 + minute * 60, 0).unwrap();
        Event::new(EventId::try_new(format!("e{index:05}")).unwrap(), at, ActorId::try_new("pm").unwrap(), payload)
    }

    /// Every checkpoint holds the fold from nothing of the events up to its key.
    fn check(journal: &Journal) {
        for checkpoint in &journal.checkpoints.list {
            let expected = super::super::fold_in_order(journal.entries.iter().map(|e| &e.event).filter(|e| e.fold_key() <= checkpoint.key()));
            assert_eq!(Portfolio::restored(&checkpoint.state), expected, "the checkpoint after {:?} is stale", checkpoint.key());
        }
        assert_eq!(journal.state, journal.replay());
    }

    #[test]
    fn checkpoints_stay_the_fold_of_the_events_before_them_and_late_events_start_from_one() {
        let mut journal = Journal::new();
        let mut seed = 7u64;
        let (mut late, mut from_checkpoint) = (0, 0);
        for index in 0..300u64 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            // One event in five is late, by up to 100 minutes (50 events).
            let lateness = if index > 3 && (seed >> 33) % 5 == 0 { i64::try_from((seed >> 40) % 100).unwrap() } else { 0 };
            let minute = if index < 4 { i64::try_from(index).unwrap() } else { i64::try_from(index).unwrap() * 2 - lateness + 400 };
            let event = event(index, minute);
            let is_late = !journal.folds_last(&event);
            if is_late {
                late += 1;
                from_checkpoint += usize::from(journal.checkpoints.last_where(|key| key < event.fold_key()).is_some());
            }
            journal.append(event).unwrap();
            if is_late || index % 50 == 0 {
                check(&journal);
            }
            assert!(journal.checkpoints.list.len() <= KEPT);
        }
        assert!(late > 40 && from_checkpoint * 3 > late * 2, "{from_checkpoint} of {late} late events started from a checkpoint");
        // The state as of any time starts from a checkpoint and is the fold up to it.
        for minute in [0, 333, 900, 1_500] {
            let as_of = DateTime::<Utc>::from_timestamp(1_735_689_600 + minute * 60, 0).unwrap();
            assert_eq!(journal.state_as_of(as_of), super::super::fold_in_order(journal.entries.iter().map(|e| &e.event).filter(|e| e.recorded_at <= as_of)));
        }
    }

    #[test]
    fn an_export_read_back_is_folded_as_read_or_again_to_the_same_state_and_checkpoints() {
        for late in [false, true] {
            let mut journal = Journal::new();
            for index in 0..300u64 {
                let minute = i64::try_from(index).unwrap();
                // With `late`, one event in seven is recorded before the one appended before it.
                let minute = if index < 4 { minute } else { minute * 2 + 400 - if late && index % 7 == 6 { 5 } else { 0 } };
                journal.append(event(index, minute)).unwrap();
            }
            let text = journal.to_jsonl();
            let read = Journal::from_jsonl(text.as_bytes()).unwrap();
            let mut refolded = Journal::from_jsonl(text.as_bytes()).unwrap();
            refolded.refold();
            assert_eq!(read.state, refolded.state);
            assert_eq!(read.state, journal.state);
            let keys = |j: &Journal| j.checkpoints.list.iter().map(|c| (c.after.clone(), c.held)).collect::<Vec<_>>();
            assert_eq!(keys(&read), keys(&refolded));
            assert!(!keys(&read).is_empty());
            assert_eq!(read.latest, refolded.latest);
            check(&read);
        }
    }
}
