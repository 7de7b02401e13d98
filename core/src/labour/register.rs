//! The register's entries, held compactly: what a foreman recorded stays in the batch the
//! event carries (shared, not copied), named once a batch with its project, event, recorder
//! and time; an entry keeps only what the register adds — its place in its batch, state,
//! decider, cost (its hours the sum the costing split) and whether it is reversed. An
//! [`EntryRecord`] is a view of both, made when read.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::entries::{DayWorkEntry, EntryRecord, EntryState, Reversal};
use super::rates::{in_hours, CostedHours};
use crate::calendar::DayKind;
use crate::collections::{LookupMap, SharedVec};
use crate::decimal::negated;
use crate::persist::{Persist, Read, Reader, Writer};
use crate::ids::{EntryId, WorkerId};
use crate::scope::Origin;
use crate::{ActorId, Currency, EventId, Money, ProjectId};

/// A place in one of the register's lists, or none (a register holds fewer than 2³² of any).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Link(u32);
crate::persist::persist_struct!(Link(0));

impl Link {
    pub(super) const NONE: Link = Link(u32::MAX);

    pub(super) fn to(at: usize) -> Link {
        Link(u32::try_from(at).unwrap_or(u32::MAX))
    }

    pub(super) fn get(self) -> Option<usize> {
        (self != Link::NONE).then(|| usize::try_from(self.0).unwrap_or(usize::MAX))
    }
}

/// What a batch recorded: entries, or reversals (whose other fields are their originals', at
/// the positions `originals` holds, one a reversal).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Items {
    Recorded(Arc<[DayWorkEntry]>),
    Reversed { reversals: Arc<[Reversal]>, originals: Arc<[Link]> },
}
crate::persist::persist_enum!(Items { 0 => Recorded(entries), 1 => Reversed { reversals, originals } });

/// An accepted batch: who recorded it, when, by which event, on which project.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Batch {
    pub(super) event_id: EventId,
    pub(super) project_id: ProjectId,
    pub(super) recorded_by: ActorId,
    pub(super) recorded_at: DateTime<Utc>,
    /// The currency its entries are costed in (their project's).
    pub(super) currency: Currency,
    pub(super) items: Items,
}
crate::persist::persist_struct!(Batch { event_id, project_id, recorded_by, recorded_at, currency, items });

/// An entry's cost as the register holds it: [`CostedHours`] without the day's kind (held
/// beside it, where a byte costs no padding) in its batch's currency, the multiplier a place
/// in the register's [`Multipliers`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct HeldCost {
    pub(super) regular_hours: Decimal,
    pub(super) overtime_hours: Decimal,
    multiplier: Link,
    pub(super) amount: Decimal,
    pub(super) regular_pay: Decimal,
}
crate::persist::persist_struct!(HeldCost { regular_hours, overtime_hours, multiplier, amount, regular_pay });

impl HeldCost {
    fn in_currency(&self, day_kind: DayKind, currency: Currency, multipliers: &Multipliers) -> CostedHours {
        CostedHours {
            day_kind,
            regular_hours: self.regular_hours,
            overtime_hours: self.overtime_hours,
            multiplier: multipliers.get(self.multiplier),
            amount: Money::new(self.amount, currency),
            regular_pay: Money::new(self.regular_pay, currency),
        }
    }

    /// The same cost negated (a reversal's).
    pub(super) fn negated(&self) -> HeldCost {
        HeldCost {
            regular_hours: in_hours(negated(self.regular_hours)),
            overtime_hours: in_hours(negated(self.overtime_hours)),
            amount: negated(self.amount),
            regular_pay: negated(self.regular_pay),
            ..self.clone()
        }
    }
}

/// An entry as the register holds it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Held {
    /// The batch that recorded it and its place there.
    pub(super) batch: Link,
    pub(super) item: Link,
    /// Its day (its original's, for a reversal), kept here because every index reads it.
    pub(super) date: NaiveDate,
    /// The scale its hours were recorded at: the hours are its regular and overtime hours'
    /// sum (costing splits them and nothing else), written at this scale.
    hours_scale: u8,
    pub(super) state: EntryState,
    /// Reversed by a later entry (which one, the register's `reversed_by` says: reversals are
    /// rare, so an entry holds a flag, not a link).
    pub(super) reversed: bool,
    /// Who approved or rejected it: a place in the register's deciders.
    pub(super) decided_by: Link,
    pub(super) paid_on: Option<NaiveDate>,
    pub(super) day_kind: DayKind,
    pub(super) cost: HeldCost,
}
crate::persist::persist_struct!(Held { batch, item, date, hours_scale, state, reversed, decided_by, paid_on, day_kind, cost } by difference);

impl Held {
    /// A new entry of the batch at `batch`, place `item`, of `hours` costed at `cost`.
    pub(super) fn new(batch: usize, item: usize, date: NaiveDate, hours: Decimal, (day_kind, cost): (DayKind, HeldCost)) -> Held {
        debug_assert_eq!(cost.regular_hours.saturating_add(cost.overtime_hours), hours, "costing splits the hours");
        let hours_scale = u8::try_from(hours.scale()).unwrap_or(u8::MAX);
        Held { batch: Link::to(batch), item: Link::to(item), date, hours_scale, state: EntryState::Recorded, reversed: false, decided_by: Link::NONE, paid_on: None, day_kind, cost }
    }

    /// Hours worked (negative for a reversal).
    pub(super) fn hours(&self) -> Decimal {
        // The sum is the hours recorded, so rescaling it back is exact.
        let mut hours = self.cost.regular_hours.saturating_add(self.cost.overtime_hours);
        hours.rescale(u32::from(self.hours_scale));
        hours
    }

    /// Counts towards the worker's day (a rejected entry does not).
    pub(super) fn counts(&self) -> bool {
        self.state != EntryState::Rejected
    }

    /// The overtime hours it counts towards its worker's month.
    pub(super) fn counted_overtime(&self) -> Decimal {
        if self.counts() { self.cost.overtime_hours } else { Decimal::ZERO }
    }
}

/// The entries in fold order, the batches they came in, and the actors who decided on them:
/// each list shared in chunks with the journal's checkpoints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(super) struct Register {
    pub(super) entries: SharedVec<Held>,
    pub(super) batches: SharedVec<Batch>,
    /// One actor a move that approved or rejected entries.
    pub(super) deciders: SharedVec<ActorId>,
    multipliers: Multipliers,
    /// The position of the reversal of each reversed entry, by the entry's position (shared
    /// with the checkpoints; copied on change).
    reversed_by: Arc<LookupMap<u32, u32>>,
}
crate::persist::persist_struct!(Register { entries, batches, deciders, multipliers, reversed_by });

/// The multipliers entries were costed at, each once (an entry names its own by place): a
/// register sees a handful, and a decimal is 16 bytes an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct Multipliers {
    list: SharedVec<Decimal>,
    /// Places by exact form (1.5 and 1.50 are told apart, as the entries showed them).
    places: LookupMap<[u8; 16], u32>,
}

impl Multipliers {
    fn of(list: SharedVec<Decimal>) -> Multipliers {
        let places = list.iter().enumerate().map(|(at, m)| (m.serialize(), Link::to(at).0)).collect();
        Multipliers { list, places: LookupMap(places) }
    }

    fn place(&mut self, multiplier: Decimal) -> Link {
        let key = multiplier.serialize();
        // A handful is looked along quicker than hashed (every entry recorded places one).
        let held = if self.list.len() <= 8 { self.list.iter().position(|m| m.serialize() == key).map(Link::to) } else { self.places.get(&key).map(|&at| Link(at)) };
        if let Some(at) = held {
            return at;
        }
        let at = Link::to(self.list.len());
        self.list.push(multiplier);
        self.places.insert(key, at.0);
        at
    }

    fn get(&self, place: Link) -> Decimal {
        // Every place an entry names is held (the register's invariants check it).
        place.get().and_then(|at| self.list.get(at)).copied().unwrap_or(Decimal::ONE)
    }

    /// Whether `place` names a held multiplier.
    fn holds(&self, place: Link) -> bool {
        place.get().is_some_and(|at| at < self.list.len())
    }
}

/// The list alone: the places are built again when read.
impl Persist for Multipliers {
    fn write(&self, out: &mut Writer) {
        self.list.write(out);
    }
    fn read(input: &mut Reader<'_>) -> Read<Multipliers> {
        SharedVec::read(input).map(Multipliers::of)
    }
}

impl Register {
    /// The cost to hold for `cost` (its multiplier placed among the register's).
    pub(super) fn hold_cost(&mut self, cost: &CostedHours) -> (DayKind, HeldCost) {
        let multiplier = self.multipliers.place(cost.multiplier);
        (cost.day_kind, HeldCost { regular_hours: cost.regular_hours, overtime_hours: cost.overtime_hours, multiplier, amount: cost.amount.amount(), regular_pay: cost.regular_pay.amount() })
    }

    /// Checks what the register's views rely on: every entry's batch, place and multiplier
    /// are held, and each reversal link runs both ways.
    pub(super) fn check(&self) -> Result<(), String> {
        for (at, held) in self.entries.iter().enumerate() {
            if self.view(at).is_none() || !self.multipliers.holds(held.cost.multiplier) {
                return Err(format!("entry {at} has no batch, place, original or multiplier held"));
            }
            if held.reversed != self.reversal_of(at).is_some() {
                return Err(format!("entry {at} is flagged reversed: {}, but its reversal is {:?}", held.reversed, self.reversal_of(at)));
            }
            if let Some(original) = self.original_of(held).filter(|original| self.reversal_of(*original) != Some(at)) {
                return Err(format!("entry {at} reverses entry {original}, which names another reversal"));
            }
        }
        Ok(())
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Holds a batch an event recorded on a project; its place, which its entries name.
    pub(super) fn push_batch(&mut self, origin: &Origin<'_>, project_id: &ProjectId, currency: Currency, items: Items) -> usize {
        let at = self.batches.len();
        self.batches.push(Batch { event_id: origin.event_id.clone(), project_id: project_id.clone(), recorded_by: origin.actor.clone(), recorded_at: origin.at, currency, items });
        at
    }

    /// Each recorded batch's event and entries.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(super) fn recorded_batches(&self) -> impl Iterator<Item = (&EventId, &Arc<[DayWorkEntry]>)> {
        self.batches.iter().filter_map(|batch| match &batch.items {
            Items::Recorded(entries) => Some((&batch.event_id, entries)),
            Items::Reversed { .. } => None,
        })
    }

    /// See [`super::DayWork::share_batches`]; a chunk is copied only where a batch changes.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(super) fn share_batches(&mut self, shared: &dyn Fn(&EventId) -> Option<Arc<[DayWorkEntry]>>) {
        for at in 0..self.batches.len() {
            let Some(Batch { event_id, items: Items::Recorded(held), .. }) = self.batches.get(at) else { continue };
            if let Some(list) = shared(event_id).filter(|list| !Arc::ptr_eq(list, held) && **list == **held)
                && let Some(batch) = self.batches.get_mut(at)
            {
                batch.items = Items::Recorded(list);
            }
        }
    }

    pub(super) fn get(&self, at: usize) -> Option<&Held> {
        self.entries.get(at)
    }

    /// The batch an entry came in.
    pub(super) fn batch(&self, held: &Held) -> Option<&Batch> {
        self.batches.get(held.batch.get()?)
    }

    /// The entry as recorded: its own, or for a reversal its original's.
    pub(super) fn recorded(&self, held: &Held) -> Option<&DayWorkEntry> {
        let held = match self.original_of(held) {
            Some(at) => self.entries.get(at)?,
            None => held,
        };
        // A reversal's original is never a reversal (checked when reversed).
        match &self.batch(held)?.items {
            Items::Recorded(entries) => entries.get(held.item.get()?),
            Items::Reversed { .. } => None,
        }
    }

    /// The position of the entry a reversal reverses (none for an entry that is not one).
    pub(super) fn original_of(&self, held: &Held) -> Option<usize> {
        match &self.batch(held)?.items {
            Items::Recorded(_) => None,
            Items::Reversed { originals, .. } => originals.get(held.item.get()?)?.get(),
        }
    }

    /// The position of the reversal of the entry at `at`, if it is reversed.
    pub(super) fn reversal_of(&self, at: usize) -> Option<usize> {
        self.reversed_by.get(&u32::try_from(at).ok()?).and_then(|r| usize::try_from(*r).ok())
    }

    /// Notes that the entry at `original` is reversed by the one at `reversal` (or no longer).
    pub(super) fn set_reversal(&mut self, original: usize, reversal: Option<usize>) {
        let Ok(key) = u32::try_from(original) else { return };
        let links = Arc::make_mut(&mut self.reversed_by);
        match reversal.and_then(|r| u32::try_from(r).ok()) {
            Some(reversal) => drop(links.insert(key, reversal)),
            None => drop(links.remove(&key)),
        }
        if let Some(held) = self.entries.get_mut(original) {
            held.reversed = reversal.is_some();
        }
    }

    /// A reversal, or reversed: its regular hours are not the day's to share.
    pub(super) fn linked(&self, held: &Held) -> bool {
        held.reversed || self.original_of(held).is_some()
    }

    /// The id of the entry at `at`.
    pub(super) fn entry_id(&self, at: usize) -> Option<&EntryId> {
        let held = self.entries.get(at)?;
        match &self.batch(held)?.items {
            Items::Recorded(entries) => entries.get(held.item.get()?).map(|e| &e.entry_id),
            Items::Reversed { reversals, .. } => reversals.get(held.item.get()?).map(|r| &r.entry_id),
        }
    }

    /// The worker of the entry at `at`.
    pub(super) fn worker(&self, at: usize) -> Option<&WorkerId> {
        self.recorded(self.entries.get(at)?).map(|e| &e.worker_id)
    }

    /// The project of an entry.
    pub(super) fn project(&self, held: &Held) -> Option<&ProjectId> {
        self.batch(held).map(|b| &b.project_id)
    }

    /// The entry at `at` as the public view reads it.
    pub(super) fn view(&self, at: usize) -> Option<EntryRecord<'_>> {
        self.view_of(at, self.entries.get(at)?)
    }

    fn view_of<'a>(&'a self, at: usize, held: &'a Held) -> Option<EntryRecord<'a>> {
        let batch = self.batch(held)?;
        let recorded = self.recorded(held)?;
        let (entry_id, description, reverses) = match &batch.items {
            Items::Recorded(_) => (&recorded.entry_id, recorded.description.as_str(), None),
            Items::Reversed { reversals, .. } => reversals.get(held.item.get()?).map(|r| (&r.entry_id, r.reason.as_str(), Some(&r.reverses)))?,
        };
        Some(EntryRecord {
            entry_id,
            project_id: &batch.project_id,
            worker_id: &recorded.worker_id,
            cost_code: &recorded.cost_code,
            date: held.date,
            hours: held.hours(),
            start: recorded.start,
            end: recorded.end,
            description,
            recorded_by: &batch.recorded_by,
            recorded_at: batch.recorded_at,
            event_id: &batch.event_id,
            reverses,
            reversed_by: if held.reversed { self.reversal_of(at).and_then(|r| self.entry_id(r)) } else { None },
            state: held.state,
            decided_by: held.decided_by.get().and_then(|at| self.deciders.get(at)),
            paid_on: held.paid_on,
            cost: held.cost.in_currency(held.day_kind, batch.currency, &self.multipliers),
        })
    }

    /// Every entry as the public view reads it, in fold order.
    pub(super) fn views(&self) -> impl ExactSizeIterator<Item = EntryRecord<'_>> + DoubleEndedIterator + Clone {
        // Every entry's batch is held (the invariants check it): nothing is skipped.
        self.entries.iter().enumerate().map(|(at, held)| self.view_of(at, held).unwrap_or_else(|| EntryRecord::missing(held.cost.in_currency(held.day_kind, Currency::CNY, &self.multipliers))))
    }

    /// Takes back the entries from `first` on and the batches that came with them.
    pub(super) fn split_off(&mut self, first: usize) -> Vec<Held> {
        let taken = self.entries.split_off(first);
        if let Some(batch) = taken.first().and_then(|h| h.batch.get()) {
            drop(self.batches.split_off(batch));
        }
        taken
    }
}

impl Register {
    /// Writes the lists against those of `base` they share chunks with (a checkpoint).
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(super) fn write_against(&self, base: &Register, out: &mut Writer) {
        self.entries.write_against(&base.entries, out);
        self.batches.write_against(&base.batches, out);
        self.deciders.write_against(&base.deciders, out);
        self.multipliers.list.write_against(&base.multipliers.list, out);
        self.reversed_by.write(out);
    }

    /// Reads what [`Register::write_against`] wrote.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(super) fn read_against(base: &Register, input: &mut Reader<'_>) -> Read<Register> {
        Ok(Register {
            entries: SharedVec::read_against(&base.entries, input)?,
            batches: SharedVec::read_against(&base.batches, input)?,
            deciders: SharedVec::read_against(&base.deciders, input)?,
            multipliers: Multipliers::of(SharedVec::read_against(&base.multipliers.list, input)?),
            reversed_by: Arc::read(input)?,
        })
    }
}
