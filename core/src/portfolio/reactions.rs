//! The reactions between domains, listed in one place (as beancount lists its passes). Each
//! runs inside the event that sets it off: when it fails, the event is refused and nothing
//! has changed.
//!
//! 1. **A calendar change re-costs day work** (`Portfolio::recost_day_work_on_calendar_change`):
//!    a project's new calendar re-costs its day work that is not yet fixed.
//! 2. **Approving day work posts labour actuals** (`Portfolio::move_day_work`): approved
//!    entries' labour cost is posted through the cost centre before they move, so a Stop
//!    budget refuses the approval whole.

use crate::cost::{CostChange, CostKind, Recording};
use crate::labour::EntryState;
use crate::EntryId;
use crate::scope::Origin;
use crate::{Error, ProjectId, Result};

use super::Portfolio;

impl Portfolio {
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
        self.day_work.commit_move(entry_ids, to, origin, &self.projects)
    }
}
