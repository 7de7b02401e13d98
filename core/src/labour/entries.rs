//! Day-work entries and their states: reversals of approved or paid entries, and moves
//! (submit, approve, reject, pay) with segregation of duties. (A batch is recorded in
//! `record`; art. 41's overtime warnings are raised in `warnings`.)

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::rates::{CostedHours, Quantity};
use super::register::{Held, Items, Link};
use super::{DayWork, WorkerDay, LABOUR_COST_TYPE};
use crate::ids::{CostCode, EntryId, WorkerId};
use crate::cost::CostLine;
use crate::lifecycle::Action;
use crate::scope::{Origin, ProjectScopes};
use crate::decimal::negated;
use crate::error::{Problem, ProblemCode};
use crate::text::{check_id, quoted};
use crate::{ActorId, Error, EventId, ProjectId, Result};

/// Where an entry is: Recorded → Submitted → Approved / Rejected, Approved → Paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Recorded on site; may still be reversed or corrected.
    Recorded,
    /// Submitted for approval.
    Submitted,
    /// Approved: a labour cost on the cost side.
    Approved,
    /// Rejected: counts nowhere.
    Rejected,
    /// Paid.
    Paid,
}
crate::persist::persist_enum!(EntryState { 0 => Recorded, 1 => Submitted, 2 => Approved, 3 => Rejected, 4 => Paid });


impl EntryState {
    /// Every state, in lifecycle order.
    pub const ALL: [EntryState; 5] = [EntryState::Recorded, EntryState::Submitted, EntryState::Approved, EntryState::Rejected, EntryState::Paid];

    /// The snake_case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            EntryState::Recorded => "recorded",
            EntryState::Submitted => "submitted",
            EntryState::Approved => "approved",
            EntryState::Rejected => "rejected",
            EntryState::Paid => "paid",
        }
    }

    /// The state of a name, or an error listing the names.
    pub fn from_name(name: &str) -> Result<EntryState> {
        EntryState::ALL.into_iter().find(|s| s.name() == name).ok_or_else(|| {
            Error::invalid_field("entry state", format!("{name:?} is not one of {}", EntryState::ALL.map(EntryState::name).join(", ")))
        })
    }

    /// The state an entry must be in to move to `self`.
    pub(super) fn moves_from(self) -> Option<EntryState> {
        match self {
            EntryState::Recorded => None,
            EntryState::Submitted => Some(EntryState::Recorded),
            EntryState::Approved | EntryState::Rejected => Some(EntryState::Submitted),
            EntryState::Paid => Some(EntryState::Approved),
        }
    }

    /// The action an actor needs to move entries here.
    #[must_use]
    pub fn required_action(self) -> Action {
        match self {
            EntryState::Recorded | EntryState::Submitted => Action::RecordDayWork,
            EntryState::Approved | EntryState::Rejected => Action::ApproveDayWork,
            EntryState::Paid => Action::ApprovePayment,
        }
    }
}

/// A day-work entry as a foreman records it (the id may be generated on the device).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayWorkEntry {
    /// The entry's id, unique in the project (the key that makes re-sending safe).
    pub entry_id: EntryId,
    /// The worker, registered on the project.
    pub worker_id: WorkerId,
    /// The leaf cost code the labour is charged to.
    pub cost_code: CostCode,
    #[serde(serialize_with = "crate::wire::date", deserialize_with = "crate::wire::read_date")]
    /// The day worked.
    pub date: NaiveDate,
    /// Hours or 工日 worked.
    pub quantity: Quantity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// When work started, if recorded.
    pub start: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// When work ended, if recorded (the same day).
    pub end: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    /// What was done.
    pub description: String,
}
crate::persist::persist_struct!(DayWorkEntry { entry_id, worker_id, cost_code, date, quantity, start, end, description } by difference);


impl DayWorkEntry {
    /// `hours` of a worker on a cost code and day, with no times or description (add them
    /// with [`DayWorkEntry::between`] and [`DayWorkEntry::described`]). Checked when recorded.
    ///
    /// ```
    /// use projectledger::labour::DayWorkEntry;
    /// let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 26).unwrap();
    /// let entry = DayWorkEntry::hours("E1", "W1", "01.01", day, 10.into()).described("rebar, north wing");
    /// assert_eq!((entry.start, entry.description.as_str()), (None, "rebar, north wing"));
    /// ```
    #[must_use]
    pub fn hours(entry_id: &str, worker_id: &str, cost_code: &str, date: NaiveDate, hours: Decimal) -> DayWorkEntry {
        DayWorkEntry::of(entry_id, worker_id, cost_code, date, Quantity::Hours(hours))
    }

    /// `workdays` 工日 of a worker on a cost code and day (hours = 工日 × the policy's hours).
    #[must_use]
    pub fn workdays(entry_id: &str, worker_id: &str, cost_code: &str, date: NaiveDate, workdays: Decimal) -> DayWorkEntry {
        DayWorkEntry::of(entry_id, worker_id, cost_code, date, Quantity::Workdays(workdays))
    }

    fn of(entry_id: &str, worker_id: &str, cost_code: &str, date: NaiveDate, quantity: Quantity) -> DayWorkEntry {
        DayWorkEntry {
            entry_id: entry_id.into(),
            worker_id: worker_id.into(),
            cost_code: cost_code.into(),
            date,
            quantity,
            start: None,
            end: None,
            description: String::new(),
        }
    }

    /// The same entry, worked from `start` to `end` (they must hold its hours).
    #[must_use]
    pub fn between(self, start: NaiveTime, end: NaiveTime) -> DayWorkEntry {
        DayWorkEntry { start: Some(start), end: Some(end), ..self }
    }

    /// The same entry with a description of the work.
    #[must_use]
    pub fn described(self, description: &str) -> DayWorkEntry {
        DayWorkEntry { description: description.to_owned(), ..self }
    }
}

/// A correction of an approved or paid entry: a new entry with its hours and amount negated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reversal {
    /// The reversal's own entry id.
    pub entry_id: EntryId,
    /// The entry it reverses.
    pub reverses: EntryId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    /// Why.
    pub reason: String,
}
crate::persist::persist_struct!(Reversal { entry_id, reverses, reason });


/// An entry as the register shows it: what was recorded, by whom, its state and its cost — a
/// view of the register (which holds what was recorded once, in the batch that recorded it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct EntryRecord<'a> {
    /// The entry's id.
    pub entry_id: &'a EntryId,
    /// The project.
    pub project_id: &'a ProjectId,
    /// The worker.
    pub worker_id: &'a WorkerId,
    /// The cost code charged.
    pub cost_code: &'a CostCode,
    #[serde(serialize_with = "crate::wire::date", deserialize_with = "crate::wire::read_date")]
    /// The day worked.
    pub date: NaiveDate,
    #[serde(serialize_with = "crate::wire::exact::serialize")]
    /// Hours worked (工日 converted by the policy's hours per 工日).
    pub hours: Decimal,
    /// When work started, if recorded.
    pub start: Option<NaiveTime>,
    /// When work ended, if recorded.
    pub end: Option<NaiveTime>,
    /// What was done (a reversal's reason).
    pub description: &'a str,
    /// Who recorded it.
    pub recorded_by: &'a ActorId,
    #[serde(serialize_with = "crate::wire::instant")]
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// The event that recorded it.
    pub event_id: &'a EventId,
    /// The entry this one reverses.
    pub reverses: Option<&'a EntryId>,
    /// The entry that reverses this one.
    pub reversed_by: Option<&'a EntryId>,
    /// Where it stands: recorded, submitted, approved, rejected or paid.
    pub state: EntryState,
    /// Who approved or rejected it.
    pub decided_by: Option<&'a ActorId>,
    /// The day (UTC) it was paid.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub paid_on: Option<NaiveDate>,
    #[serde(flatten)]
    /// Its hours split and priced by the day's kind and the rate in force.
    pub cost: CostedHours,
}

static NO_ENTRY: EntryId = EntryId::BLANK;
static NO_PROJECT: ProjectId = ProjectId::BLANK;
static NO_WORKER: WorkerId = WorkerId::BLANK;
static NO_CODE: CostCode = CostCode::BLANK;
static NO_ACTOR: ActorId = ActorId::BLANK;
static NO_EVENT: EventId = EventId::BLANK;

impl<'a> EntryRecord<'a> {
    /// What a view shows of an entry whose batch the register does not hold (never: the
    /// register's invariants check every entry's batch).
    pub(super) fn missing(cost: CostedHours) -> EntryRecord<'a> {
        EntryRecord {
            entry_id: &NO_ENTRY,
            project_id: &NO_PROJECT,
            worker_id: &NO_WORKER,
            cost_code: &NO_CODE,
            date: NaiveDate::MIN,
            hours: Decimal::ZERO,
            start: None,
            end: None,
            description: "",
            recorded_by: &NO_ACTOR,
            recorded_at: DateTime::<Utc>::MIN_UTC,
            event_id: &NO_EVENT,
            reverses: None,
            reversed_by: None,
            state: EntryState::Rejected,
            decided_by: None,
            paid_on: None,
            cost,
        }
    }
}

/// A problem of an entry.
pub(super) fn problem(problems: &mut Vec<Problem>, entry_id: &str, field: &str, code: ProblemCode, text: impl Into<String>) {
    problems.push(Problem::new(entry_id, field, code, text));
}

pub(super) fn refused(project_id: &ProjectId, problems: Vec<Problem>) -> Error {
    Error::InvalidDayWork { project_id: project_id.to_string(), problems }
}

impl DayWork {
    /// Changes the entry at `index`, keeping its worker's month of overtime counted.
    pub(super) fn change_entry(&mut self, index: usize, change: impl FnOnce(&mut Held)) {
        let Some(entry) = self.register.entries.get_mut(index) else { return };
        let before = entry.counted_overtime();
        change(entry);
        let (after, date) = (entry.counted_overtime(), entry.date);
        if after != before
            && let Some(worker) = self.register.worker(index)
        {
            self.by_worker_day.add_overtime(worker, date, after.saturating_sub(before));
        }
    }

    pub(super) fn reverse(&mut self, reversals: &[Reversal], origin: &Origin<'_>, project_id: &ProjectId, projects: &dyn ProjectScopes) -> Result<()> {
        let mut problems = Vec::new();
        if reversals.is_empty() {
            return Err(refused(project_id, vec![Problem::new("", "reversals", ProblemCode::EmptyBatch, "the batch holds no reversals")]));
        }
        let mut ids = BTreeSet::new();
        let mut originals = BTreeSet::new();
        for reversal in reversals {
            let id = reversal.entry_id.as_str();
            if check_id("entry id", id).is_err() || self.position_of(id).is_some() || !ids.insert(id) {
                problem(&mut problems, id, "entry_id", ProblemCode::DuplicateId, format!("entry id {} is empty or already used", quoted(id)));
            }
            match self.entry(&reversal.reverses) {
                None => problem(&mut problems, id, "reverses", ProblemCode::UnknownEntry, format!("no entry {} to reverse", quoted(&reversal.reverses))),
                Some(original) if original.project_id != project_id => problem(&mut problems, id, "reverses", ProblemCode::UnknownEntry, format!("entry {} is on project {}", original.entry_id, original.project_id)),
                Some(original) if original.reverses.is_some() => problem(&mut problems, id, "reverses", ProblemCode::WrongState, format!("entry {} is itself a reversal", original.entry_id)),
                Some(original) if original.reversed_by.is_some() || !originals.insert(original.entry_id.as_str()) => {
                    problem(&mut problems, id, "reverses", ProblemCode::WrongState, format!("entry {} is already reversed", original.entry_id));
                }
                Some(original) if !matches!(original.state, EntryState::Approved | EntryState::Paid) => problem(
                    &mut problems,
                    id,
                    "reverses",
                    ProblemCode::WrongState,
                    format!("entry {} is {}: only approved or paid entries are corrected by reversal (reject it instead)", original.entry_id, original.state.name()),
                ),
                Some(_) => {}
            }
        }
        if !problems.is_empty() {
            return Err(refused(project_id, problems));
        }
        let currency = projects.scope(project_id)?.currency;
        // Checked above: every reversed entry exists.
        let originals: Vec<usize> = reversals.iter().filter_map(|r| self.position_of(&r.reverses)).collect();
        let first = self.register.len();
        let items = Items::Reversed { reversals: reversals.into(), originals: originals.iter().map(|at| Link::to(*at)).collect() };
        let batch = self.register.push_batch(origin, project_id, currency, items);
        for (item, (reversal, original_index)) in reversals.iter().zip(originals).enumerate() {
            let (Some(original), Some(worker)) = (self.register.get(original_index), self.register.worker(original_index).cloned()) else { continue };
            let record = Held::new(batch, item, original.date, negated(original.hours()), (original.day_kind, original.cost.negated()));
            self.register.set_reversal(original_index, Some(self.register.len()));
            self.push(record, &reversal.entry_id, &worker);
        }
        // The reversed hours no longer take the day's regular hours from later entries.
        let days = self.worker_days(first..self.register.len());
        self.recost_or(days, projects, |work| work.drop_from(first))
    }

    /// The worker-days of the entries at `positions`.
    fn worker_days(&self, positions: impl IntoIterator<Item = usize>) -> BTreeSet<WorkerDay> {
        positions.into_iter().filter_map(|at| Some((self.register.worker(at)?.clone(), self.register.get(at)?.date))).collect()
    }

    /// Takes back the entries from `first` on (reversals just pushed), undoing what they did.
    fn drop_from(&mut self, first: usize) {
        self.by_id.keep_below(first);
        let workers: Vec<Option<WorkerId>> = (first..self.register.len()).map(|at| self.register.worker(at).cloned()).collect();
        let originals: Vec<usize> = (first..self.register.len()).filter_map(|at| self.register.get(at).and_then(|held| self.register.original_of(held))).collect();
        for original in originals {
            self.register.set_reversal(original, None);
        }
        for (entry, worker) in self.register.split_off(first).into_iter().zip(workers) {
            if let Some(worker) = worker {
                self.by_worker_day.keep_below(&worker, first);
                self.by_worker_day.add_overtime(&worker, entry.date, negated(entry.counted_overtime()));
            }
        }
    }

    /// Checks a move of entries in full; for an approval, returns the labour cost lines to
    /// post (amounts summed by cost code, zero sums left out).
    pub(crate) fn check_move(&self, entry_ids: &[EntryId], to: EntryState, actor: &ActorId, project_id: &ProjectId) -> Result<Vec<CostLine>> {
        let mut problems = Vec::new();
        let Some(from) = to.moves_from() else {
            return Err(refused(project_id, vec![Problem::new("", "to", ProblemCode::WrongState, "entries cannot be moved back to recorded")]));
        };
        if entry_ids.is_empty() {
            problem(&mut problems, "", "entry_ids", ProblemCode::EmptyBatch, "the move names no entries");
        }
        let mut seen = BTreeSet::new();
        let mut by_code: BTreeMap<&str, Decimal> = BTreeMap::new();
        for id in entry_ids {
            if !seen.insert(id) {
                problem(&mut problems, id, "entry_ids", ProblemCode::NamedTwice, "named twice");
                continue;
            }
            let Some(entry) = self.entry(id).filter(|e| e.project_id == project_id) else {
                problem(&mut problems, id, "entry_ids", ProblemCode::UnknownEntry, format!("no entry {} on project {project_id}", quoted(id)));
                continue;
            };
            if entry.state != from {
                problem(&mut problems, id, "entry_ids", ProblemCode::WrongState, format!("is {}; only {} entries can become {}", entry.state.name(), from.name(), to.name()));
            }
            if matches!(to, EntryState::Approved | EntryState::Rejected) && entry.recorded_by == actor {
                return Err(Error::SegregationOfDuties { actor: actor.to_string(), item: format!("day-work entry {id}") });
            }
            if to == EntryState::Approved {
                let sum = by_code.entry(entry.cost_code.as_str()).or_default();
                *sum = sum.checked_add(entry.cost.amount.amount()).ok_or_else(|| Error::overflow(format!("the labour cost of approving code {}", entry.cost_code)))?;
            }
        }
        if !problems.is_empty() {
            return Err(refused(project_id, problems));
        }
        if to != EntryState::Approved {
            return Ok(vec![]);
        }
        Ok(by_code
            .into_iter()
            .filter(|(_, amount)| !amount.is_zero())
            .map(|(code, amount)| CostLine { code: code.into(), cost_type: LABOUR_COST_TYPE.to_owned(), amount })
            .collect())
    }

    /// Applies a move [`DayWork::check_move`] accepted; a rejection frees its hours, so the
    /// entries after it on those days are re-costed.
    pub(crate) fn commit_move(&mut self, entry_ids: &[EntryId], to: EntryState, origin: &Origin<'_>, projects: &dyn ProjectScopes) -> Result<()> {
        let indices: Vec<usize> = entry_ids.iter().filter_map(|id| self.position_of(id)).filter(|i| *i < self.register.len()).collect();
        let before: Vec<Held> = indices.iter().filter_map(|i| self.register.get(*i).cloned()).collect();
        // The decider is held once a move, not once an entry.
        let decider = self.register.deciders.len();
        if matches!(to, EntryState::Approved | EntryState::Rejected) {
            self.register.deciders.push(origin.actor.clone());
        }
        for &index in &indices {
            self.change_entry(index, |entry| {
                entry.state = to;
                match to {
                    EntryState::Approved | EntryState::Rejected => entry.decided_by = Link::to(decider),
                    EntryState::Paid => entry.paid_on = Some(origin.at.date_naive()),
                    _ => {}
                }
            });
        }
        if to != EntryState::Rejected {
            return Ok(());
        }
        let days = self.worker_days(indices.iter().copied());
        self.recost_or(days, projects, |work| {
            for (index, entry) in indices.iter().zip(before) {
                work.change_entry(*index, |slot| *slot = entry);
            }
            drop(work.register.deciders.split_off(decider));
        })
    }

}
