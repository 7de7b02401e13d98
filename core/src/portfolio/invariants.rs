//! What must hold of a portfolio after every event (TigerBeetle's habit: the invariants are
//! code, checked after every append in debug builds and by every property test).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Portfolio;
use crate::cost::CostKind;
use crate::labour::{EntryState, LABOUR_COST_TYPE};

/// The cost records approved day work posts carry this id prefix (see the reactions).
const DAY_WORK_POSTING: &str = "day-work:";

impl Portfolio {
    /// Checks every invariant of the state, naming the first one broken:
    /// - every cost ledger's node equals the sum of its children, as a full rollup gives it;
    /// - the day-work register's indexes agree with its entries, every entry's project and
    ///   worker are known, and no worker passes 24 h on a day across projects;
    /// - approved (and paid) day work equals the labour actuals its approvals posted, per
    ///   project and cost code.
    pub fn check_invariants(&self) -> Result<(), String> {
        for (project_id, centre) in &self.costs {
            centre.ledger().check_rollup().map_err(|broken| format!("cost ledger of {project_id}: {broken}"))?;
        }
        self.day_work.check_invariants(&self.projects)?;
        let mut approved: BTreeMap<(&str, &str), Decimal> = BTreeMap::new();
        for entry in self.day_work.entries().iter().filter(|e| matches!(e.state, EntryState::Approved | EntryState::Paid)) {
            *approved.entry((entry.project_id.as_str(), entry.cost_code.as_str())).or_default() += entry.cost.amount.amount();
        }
        let mut posted: BTreeMap<(&str, &str), Decimal> = BTreeMap::new();
        for (project_id, centre) in &self.costs {
            let postings = centre.records().values().filter(|r| r.kind == CostKind::Labour && r.cost_id.starts_with(DAY_WORK_POSTING));
            for line in postings.flat_map(|r| &r.lines).filter(|l| l.cost_type == LABOUR_COST_TYPE) {
                *posted.entry((project_id.as_str(), line.code.as_str())).or_default() += line.amount;
            }
        }
        approved.retain(|_, amount| !amount.is_zero());
        posted.retain(|_, amount| !amount.is_zero());
        if approved != posted {
            return Err(format!("approved day work {approved:?} differs from the labour actuals posted {posted:?}"));
        }
        Ok(())
    }
}
