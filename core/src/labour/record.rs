//! Recording a batch of day work: checked whole (every problem by entry id, the 24 h limit
//! across projects), then costed in fold order and indexed.

use std::sync::Arc;

use hashbrown::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::entries::{problem, refused, DayWorkEntry};
use super::recost::price;
use super::register::{Held, Items};
use super::{DayWork, LABOUR_COST_TYPE, MAX_HOURS_A_DAY};
use crate::cost::CostBreakdown;
use crate::error::{Problem, ProblemCode};
use crate::ids::WorkerId;
use crate::scope::{Origin, ProjectScope};
use crate::text::{check_id, quoted};
use crate::Result;

/// A worker's day, borrowed from the batch.
pub(super) type DayKey<'a> = (&'a WorkerId, NaiveDate);
/// Regular hours taken, hours and overtime hours counted on a worker's day.
pub(super) type DayCount = (Decimal, Decimal, Decimal);
/// What checking a batch's entry id found.
#[derive(Clone, Copy)]
enum IdCheck {
    /// Not an id (empty, or with control characters).
    Invalid,
    /// Held already, in the register or earlier in the batch.
    Used,
    /// New, and now indexed.
    Indexed,
}

/// A worker's day as a batch leaves it: its count, and where the batch's last entry of it goes.
pub(super) type DayInBatch = (DayCount, usize);

impl DayWork {
    pub(super) fn record(&mut self, entries: &Arc<[DayWorkEntry]>, origin: &Origin<'_>, project: &ProjectScope<'_>, labour_cells: Option<&CostBreakdown>) -> Result<()> {
        let project_id = project.id;
        let mut problems = Vec::new();
        if entries.is_empty() {
            return Err(refused(project_id, vec![Problem::new("", "entries", ProblemCode::EmptyBatch, "the batch holds no entries")]));
        }
        let (first, mut indexed) = (self.register.len(), Vec::with_capacity(entries.len()));
        let ids = self.index_ids_of(entries, first, &mut indexed);
        let settings = self.projects.get(project_id);
        let policy = settings.map(|s| s.policy).unwrap_or_default();
        // Per worker-day: regular hours taken, hours and overtime counted so far (register + batch).
        let mut days: HashMap<DayKey<'_>, DayInBatch> = HashMap::with_capacity(entries.len());
        let mut overtime_days = Vec::new();
        let labour_type = labour_cells.map(|breakdown| breakdown.cost_type_position(LABOUR_COST_TYPE).is_ok());
        let mut staged = Vec::with_capacity(entries.len());
        for (entry, id_check) in entries.iter().zip(ids) {
            let id = entry.entry_id.as_str();
            let before = problems.len();
            match id_check {
                IdCheck::Invalid => problem(&mut problems, id, "entry_id", ProblemCode::InvalidId, "an entry id is non-empty text without control characters"),
                IdCheck::Used => problem(&mut problems, id, "entry_id", ProblemCode::DuplicateId, format!("entry id {} is already used", quoted(id))),
                IdCheck::Indexed => {}
            }
            let worker = self.workers.get(&entry.worker_id).filter(|_| settings.is_some_and(|s| s.on_roster(&entry.worker_id)));
            if worker.is_none() {
                problem(&mut problems, id, "worker_id", ProblemCode::UnknownWorker, format!("worker {} is not registered on project {project_id}", quoted(&entry.worker_id)));
            }
            match labour_cells {
                None => problem(&mut problems, id, "cost_code", ProblemCode::NoCostBreakdown, format!("project {project_id} has no cost breakdown to post day work to")),
                Some(breakdown) if !breakdown.is_leaf(&entry.cost_code) => {
                    problem(&mut problems, id, "cost_code", ProblemCode::NotLeafCode, format!("cost code {} is not a leaf code of project {project_id}", quoted(&entry.cost_code)));
                }
                Some(_) if labour_type == Some(false) => {
                    problem(&mut problems, id, "cost_code", ProblemCode::NoLabourCostType, format!("project {project_id}'s cost types have no {LABOUR_COST_TYPE:?}"));
                }
                Some(_) => {}
            }
            let hours = match entry.quantity.hours(&policy) {
                Ok(hours) => Some(hours),
                Err(error) => {
                    problem(&mut problems, id, "quantity", ProblemCode::InvalidQuantity, error.to_string());
                    None
                }
            };
            if settings.is_some_and(|s| s.locked(entry.date)) {
                problem(&mut problems, id, "date", ProblemCode::LockedPeriod, format!("{} is in a locked period (through {})", entry.date, settings.and_then(|s| s.locked_through).map_or_else(String::new, |d| d.to_string())));
            }
            if let Err(error) = project.calendar.check_covers(entry.date) {
                problem(&mut problems, id, "date", ProblemCode::OutsideCalendar, error.to_string());
            }
            if let (Some(start), Some(end)) = (entry.start, entry.end) {
                let span = Decimal::from(end.signed_duration_since(start).num_minutes()).checked_div(Decimal::from(60)).unwrap_or_default();
                if end <= start {
                    problem(&mut problems, id, "end", ProblemCode::InvalidTimes, format!("ends at {end}, not after its start {start}"));
                } else if hours.is_some_and(|h| h > span) {
                    problem(&mut problems, id, "quantity", ProblemCode::InvalidTimes, format!("{} h do not fit between {start} and {end}", hours.unwrap_or_default().normalize()));
                }
            }
            let (Some(worker), Some(hours)) = (worker, hours) else { continue };
            let Some(rate) = settings.and_then(|s| s.rates.in_force(&worker.worker_id, &worker.trade, entry.date)) else {
                problem(&mut problems, id, "date", ProblemCode::NoRate, format!("no rate in force for {} ({}) on {}", worker.worker_id, worker.trade, entry.date));
                continue;
            };
            let (totals, last_at) = days.entry((&entry.worker_id, entry.date)).or_insert_with(|| (self.day_totals(&entry.worker_id, entry.date), 0));
            // Saturating: any sum past 24 h is refused just below, however large.
            totals.1 = totals.1.saturating_add(hours);
            if totals.1 > Decimal::from(MAX_HOURS_A_DAY) {
                problem(&mut problems, id, "quantity", ProblemCode::OverDailyLimit, format!("{} would have {} h on {} across all projects (at most {MAX_HOURS_A_DAY})", entry.worker_id, totals.1.normalize(), entry.date));
            }
            if problems.len() > before {
                continue;
            }
            let cost = match price(project, rate, &policy, entry.date, hours, totals.0) {
                Ok(cost) => cost,
                Err(error) => {
                    self.unindex(&indexed);
                    return Err(error);
                }
            };
            totals.0 = totals.0.saturating_add(cost.regular_hours);
            totals.2 = totals.2.saturating_add(cost.overtime_hours);
            *last_at = self.register.len().saturating_add(staged.len());
            if cost.overtime_hours > Decimal::ZERO {
                overtime_days.push((&entry.worker_id, entry.date));
            }
            staged.push((entry, hours, cost));
        }
        if !problems.is_empty() {
            self.unindex(&indexed);
            return Err(refused(project_id, problems));
        }
        let batch = self.register.push_batch(origin, project_id, project.currency, Items::Recorded(entries.clone()));
        let mut held = Vec::with_capacity(staged.len());
        // Every entry was staged (a problem refuses the batch): the staged order is the batch's.
        for (item, (entry, hours, cost)) in staged.into_iter().enumerate() {
            let at = self.register.len().saturating_add(item);
            let cost = self.register.hold_cost(&cost);
            let entry_held = Held::new(batch, item, entry.date, hours, cost);
            self.by_worker_day.insert(&entry.worker_id, entry_held.date, at, entry_held.counted_overtime());
            held.push(entry_held);
        }
        self.register.entries.extend(held);
        self.warn_overtime(&days, &overtime_days);
        Ok(())
    }

    /// Checks and indexes the batch's entry ids (to go from `first` on), noting each indexed id
    /// in `indexed` as `(hash, position)`, to be taken out again if the batch is refused. One
    /// look-up an id finds a duplicate, in the register or the batch, and places a new id; the
    /// ids get a pass of their own, as each look-up is likely a cache miss in a table of every
    /// id, and a tight loop lets the processor overlap them.
    fn index_ids_of(&mut self, entries: &[DayWorkEntry], first: usize, indexed: &mut Vec<(u32, usize)>) -> Vec<IdCheck> {
        let register = &self.register;
        let by_id = &mut self.by_id;
        (first..)
            .zip(entries)
            .map(|(at, entry)| {
                let id = entry.entry_id.as_str();
                if check_id("entry id", id).is_err() {
                    return IdCheck::Invalid;
                }
                let hash = by_id.hash(id);
                let has_id = |position: usize| match position.checked_sub(first) {
                    None => register.entry_id(position).is_some_and(|held| held.as_str() == id),
                    Some(earlier) => entries.get(earlier).is_some_and(|e| e.entry_id.as_str() == id),
                };
                match by_id.find_or_insert(hash, at, has_id) {
                    Some(_) => IdCheck::Used,
                    None => {
                        indexed.push((hash, at));
                        IdCheck::Indexed
                    }
                }
            })
            .collect()
    }

    /// Takes out the ids a refused batch indexed: `(hash, position)` each.
    fn unindex(&mut self, indexed: &[(u32, usize)]) {
        for &(hash, at) in indexed {
            self.by_id.remove(hash, at);
        }
    }

    /// Holds an entry with id `entry_id` of `worker`, indexing it.
    pub(super) fn push(&mut self, held: Held, entry_id: &str, worker: &WorkerId) {
        let at = self.register.len();
        self.by_id.insert(self.by_id.hash(entry_id), at);
        self.by_worker_day.insert(worker, held.date, at, held.counted_overtime());
        self.register.entries.push(held);
    }
}
