//! Re-costing: whenever a worker's day changes (a rate, the overtime policy, the calendar, or
//! a rejection or reversal freeing regular hours), every entry of that day whose cost is not
//! fixed is costed again, in fold order across projects. The new costs are worked out first,
//! so on an error nothing has changed.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::register::Held;
use super::rates::{cost_entry, CostedHours, OvertimePolicy, Rate};
use super::{DayWork, EntryState, WorkerDay};
use crate::scope::{ProjectScope, ProjectScopes};
use crate::{Error, ProjectId, Result, WorkerId};

/// Costs hours on a project's day at `rate`, `regular_used` regular hours of the worker's day
/// already taken.
pub(super) fn price(project: &ProjectScope<'_>, rate: &Rate, policy: &OvertimePolicy, date: NaiveDate, hours: Decimal, regular_used: Decimal) -> Result<CostedHours> {
    let kind = project.calendar.classify(date)?;
    cost_entry(hours, project.calendar.hours_per_day().saturating_sub(regular_used), kind, rate, policy, project.currency)
}

impl DayWork {
    /// Re-costs every day holding an entry of the project (after its calendar changed): the
    /// new costs are worked out first, so on an error nothing has changed.
    pub(crate) fn recost_project(&mut self, project_id: &ProjectId, projects: &dyn ProjectScopes) -> Result<()> {
        let days = self.days_of(project_id, |_| true);
        self.recost_or(days, projects, |_| {})
    }
    /// The worker-days holding an entry of the project that passes `keep`.
    pub(super) fn days_of(&self, project_id: &ProjectId, keep: impl Fn(&Held) -> bool) -> BTreeSet<WorkerDay> {
        let register = &self.register;
        register
            .entries
            .iter()
            .enumerate()
            .filter(|(_, held)| register.project(held) == Some(project_id) && keep(held))
            .filter_map(|(at, held)| Some((register.worker(at)?.clone(), held.date)))
            .collect()
    }

    /// Re-costs the days; on failure, `undo` puts back what the caller changed.
    pub(super) fn recost_or(&mut self, days: BTreeSet<WorkerDay>, projects: &dyn ProjectScopes, undo: impl FnOnce(&mut DayWork)) -> Result<()> {
        match self.recost_plan(&days, projects) {
            Ok(plan) => {
                for (index, cost) in plan {
                    let (day_kind, cost) = self.register.hold_cost(&cost);
                    self.change_entry(index, |entry| (entry.day_kind, entry.cost) = (day_kind, cost));
                }
                Ok(())
            }
            Err(error) => {
                undo(self);
                Err(error)
            }
        }
    }

    /// Is an entry's cost fixed: approved, paid, a reversal, or in a locked period.
    pub(super) fn fixed(&self, entry: &Held) -> bool {
        matches!(entry.state, EntryState::Approved | EntryState::Paid)
            || self.register.original_of(entry).is_some()
            || self.register.project(entry).and_then(|project| self.projects.get(project)).is_some_and(|s| s.locked(entry.date))
    }

    /// The new cost of every entry of the days whose cost is not fixed, in fold order: the
    /// regular hours of a day go to its earliest entries that count.
    fn recost_plan(&self, days: &BTreeSet<WorkerDay>, projects: &dyn ProjectScopes) -> Result<Vec<(usize, CostedHours)>> {
        let mut plan = Vec::new();
        for day in days {
            // A worker's day holds at most 24 h: the hour sums here cannot reach a bound.
            let mut regular_used = Decimal::ZERO;
            for index in self.by_worker_day.between(&day.0, day.1, day.1) {
                let Some(entry) = self.register.get(index) else { continue };
                let Some(project) = self.register.project(entry) else { continue };
                if !entry.counts() || self.register.linked(entry) {
                    continue;
                }
                if self.fixed(entry) {
                    regular_used = regular_used.saturating_add(entry.cost.regular_hours);
                    continue;
                }
                let cost = self.cost_of(project, &day.0, entry.date, entry.hours(), regular_used, projects)?;
                regular_used = regular_used.saturating_add(cost.regular_hours);
                plan.push((index, cost));
            }
        }
        Ok(plan)
    }

    /// Costs hours of a worker on a project's day, `regular_used` regular hours of the day
    /// already taken.
    pub(super) fn cost_of(&self, project_id: &ProjectId, worker_id: &str, date: NaiveDate, hours: Decimal, regular_used: Decimal, projects: &dyn ProjectScopes) -> Result<CostedHours> {
        let project = projects.scope(project_id)?;
        let settings = self.projects.get(project_id).ok_or_else(|| Error::invalid_field("rate", format!("project {project_id} has no labour rates")))?;
        let trade = self.workers.get(worker_id).map_or("", |w| w.trade.as_str());
        let rate = settings.rates.in_force(worker_id, trade, date).ok_or_else(|| Error::invalid_field("rate", format!("no rate in force for {worker_id} ({trade}) on {date}")))?;
        price(&project, rate, &settings.policy, date, hours, regular_used)
    }

    /// Regular hours already taken, hours and overtime hours counted on a worker's day.
    pub(super) fn day_totals(&self, worker: &WorkerId, date: NaiveDate) -> (Decimal, Decimal, Decimal) {
        self.totals_of(self.by_worker_day.between(worker, date, date))
    }

    /// Overtime hours counted on a worker's days from `first` to `last`.
    pub(super) fn overtime_between(&self, worker: &WorkerId, first: NaiveDate, last: NaiveDate) -> Decimal {
        self.totals_of(self.by_worker_day.between(worker, first, last)).2
    }

    /// Regular hours taken, hours and overtime hours counted over the entries at `indices`.
    fn totals_of(&self, indices: impl Iterator<Item = usize>) -> (Decimal, Decimal, Decimal) {
        let mut totals = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for index in indices {
            let Some(entry) = self.register.get(index) else { continue };
            if entry.counts() {
                if !self.register.linked(entry) {
                    totals.0 = totals.0.saturating_add(entry.cost.regular_hours);
                }
                totals.1 = totals.1.saturating_add(entry.hours());
                totals.2 = totals.2.saturating_add(entry.cost.overtime_hours);
            }
        }
        totals
    }
}
