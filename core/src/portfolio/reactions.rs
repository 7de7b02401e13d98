//! The reactions between domains, listed in one place (as beancount lists its passes). Each
//! runs inside the event that sets it off: when it fails, the event is refused and nothing
//! has changed.
//!
//! 1. **A calendar change re-costs day work** (`Portfolio::recost_day_work_on_calendar_change`):
//!    a project's new calendar re-costs its day work that is not yet fixed.
//! 2. **Approving day work posts labour actuals** (`Portfolio::move_day_work`): approved
//!    entries' labour cost is posted through the cost centre before they move, so a Stop
//!    budget refuses the approval whole.
//! 3. **Paying day work draws on the wage account** (`Portfolio::move_day_work`): entries moved
//!    to paid draw their cost from the project's dedicated wage account, if it has one.
//! 4. **A calendar change reschedules** (`Portfolio::reschedule_on_calendar_change`): the
//!    project's schedule is computed again on its new calendar; when it no longer computes (a
//!    date the calendar does not cover), the change is refused.
//! 5. **The schedule dates its work packages** (`Portfolio::date_work_packages_from_schedule`):
//!    an activity linked to a cost code gives that code's work package its dates (the latest
//!    baseline's, or the current ones before a baseline), keeping its profile, technique and
//!    progress, so planned value and earned value read the schedule. A schedule change the
//!    cost centre refuses (a code that is not a leaf) is refused whole.
//! 6. **A supplier's grade controls new commitments** (`Portfolio::control_supplier_grade`):
//!    drafting a subcontract or purchase order with a vendor whose latest evaluation (on any
//!    project) is a D meets the project's grading control: Stop refuses it
//!    ([`Error::SupplierBlocked`]), Warn lets it through and records a warning.

use crate::cost::{CostChange, CostKind, Recording};
use crate::labour::EntryState;
use crate::EntryId;
use crate::scope::Origin;
use crate::{Error, ProjectId, Result};

use super::Portfolio;

impl Portfolio {
    /// Reaction 6: a new commitment to a D supplier under the project's grading control —
    /// refused (Stop), or the warning to record once the draft is accepted (Warn).
    pub(super) fn control_supplier_grade(&self, origin: &Origin<'_>, event: &crate::cost::CostEvent) -> Result<Option<crate::governance::SupplierWarning>> {
        let crate::cost::CostEvent::CostDocumentDrafted { project_id, document_id, kind, vendor: Some(vendor), .. } = event else { return Ok(None) };
        if !matches!(kind, crate::cost::DocumentKind::Subcontract | crate::cost::DocumentKind::PurchaseOrder) {
            return Ok(None);
        }
        let Some(graded) = self.governance.latest_evaluation(vendor).filter(|e| e.grade == crate::governance::Grade::D) else { return Ok(None) };
        let control = self.governance.supplier_book(project_id).map(crate::governance::SupplierBook::policy).unwrap_or_default().d_supplier_control;
        match control {
            crate::cost::ControlAction::Stop => Err(Error::SupplierBlocked { project_id: project_id.to_string(), supplier: vendor.clone(), graded_on: graded.period_end }),
            crate::cost::ControlAction::Warn => Ok(Some(crate::governance::SupplierWarning {
                event_id: origin.event_id.clone(),
                document_id: document_id.clone(),
                supplier: vendor.clone(),
                graded_on: graded.period_end,
            })),
            crate::cost::ControlAction::Ignore => Ok(None),
        }
    }

    /// Reaction 4: the project's schedule on its (new) calendar, to be kept once every other
    /// check has passed (`None`: the project has no schedule).
    pub(super) fn reschedule_on_calendar_change(&self, project_id: &ProjectId) -> Result<Option<crate::schedule::ScheduleBook>> {
        let Some(book) = self.schedules.get(project_id) else { return Ok(None) };
        let mut book = book.clone();
        book.recompute(&self.projects.get(project_id)?.calendar)?;
        Ok(Some(book))
    }

    /// Reaction 5: every work package linked to an activity takes the schedule's dates. The
    /// centre is changed on a copy, kept only when every package takes its dates.
    pub(super) fn date_work_packages_from_schedule(&mut self, origin: &Origin<'_>, project_id: &ProjectId) -> Result<()> {
        let Some(book) = self.schedules.get(project_id) else { return Ok(()) };
        let dates = book.work_package_dates();
        if dates.is_empty() {
            return Ok(());
        }
        let project = self.projects.get(project_id)?;
        let scope = project.scope();
        let centre = self.costs.get(project_id).ok_or_else(|| Error::not_found("cost breakdown", project_id.as_str(), None))?;
        let mut updated = centre.clone();
        for crate::schedule::WorkPackageDates { code, start, finish, calendar } in dates {
            let existing = updated.work_packages().get(code.as_str());
            if existing.is_some_and(|p| p.start == start && p.finish == finish && p.calendar == calendar) {
                continue;
            }
            // A new package spreads linearly and is measured by percent complete; an existing
            // one keeps its profile (a manual one's weights fit only its old days: linear then).
            let (profile, weights, technique) = match existing {
                Some(p) if p.profile != "manual" => (p.profile.clone(), None, p.technique.clone()),
                Some(p) => ("linear".to_owned(), None, p.technique.clone()),
                None => ("linear".to_owned(), None, crate::cost::EvTechnique::PhysicalPercent),
            };
            let change = CostChange::Schedule { code: &code, start, finish, profile: &profile, weights, technique: &technique, calendar: calendar.as_ref() };
            updated.apply(change, &Recording::new(origin, &scope))?;
        }
        self.costs.insert(project_id.clone(), updated);
        Ok(())
    }

    /// Reaction 1: re-costs the project's day work not yet fixed by its (new) calendar.
    pub(super) fn recost_day_work_on_calendar_change(&mut self, project_id: &ProjectId) -> Result<()> {
        self.day_work.recost_project(project_id, &self.projects)
    }

    /// Reaction 2: moves day-work entries; an approval first posts their labour cost (summed
    /// by cost code) to the project's cost centre as one labour cost of the event.
    pub(super) fn move_day_work(&mut self, origin: &Origin<'_>, project_id: &ProjectId, entry_ids: &[EntryId], to: EntryState) -> Result<()> {
        let lines = self.day_work.check_move(entry_ids, to, origin.actor, project_id)?;
        if !lines.is_empty() {
            let cost_id = format!("day-work:{}", origin.event_id);
            let description = format!("day work approved: {} entries", entry_ids.len());
            let posting = CostChange::Record { cost_id: &cost_id, kind: CostKind::Labour, commitment_id: None, lines: &lines, description: &description, allow_over_commitment: false };
            let scope = self.projects.get(project_id)?.scope();
            let centre = self.costs.get_mut(project_id).ok_or_else(|| Error::not_found("cost breakdown", project_id.as_str(), None))?;
            centre.apply(posting, &Recording::new(origin, &scope))?;
        }
        let wages = if to == EntryState::Paid { self.wages_of(entry_ids, project_id)? } else { None };
        self.day_work.commit_move(entry_ids, to, origin, &self.projects)?;
        if let Some(wages) = wages {
            self.funds.draw_wages(project_id, &wages, origin.at.date_naive(), format!("day work paid: {} entries", entry_ids.len()));
        }
        Ok(())
    }

    /// Reaction 3's amount: the cost of the entries being paid.
    fn wages_of(&self, entry_ids: &[EntryId], project_id: &ProjectId) -> Result<Option<crate::Money>> {
        if self.funds.wage_account(project_id).is_none() {
            return Ok(None);
        }
        let currency = self.projects.get(project_id)?.currency;
        let mut sum = crate::Money::zero(currency);
        for entry in entry_ids.iter().filter_map(|id| self.day_work.entry(id)) {
            sum = sum.checked_add(&entry.cost.amount)?;
        }
        Ok(Some(sum))
    }
}
