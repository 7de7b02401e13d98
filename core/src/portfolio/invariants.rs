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
        for (project_id, centre) in self.costs.sorted() {
            centre.ledger().check_rollup().map_err(|broken| format!("cost ledger of {project_id}: {broken}"))?;
        }
        self.day_work.check_invariants(&self.projects)?;
        self.funds.check().map_err(|broken| format!("fund ledger: {broken}"))?;
        let mut approved: BTreeMap<(&str, &str), Decimal> = BTreeMap::new();
        for entry in self.day_work.entries().filter(|e| matches!(e.state, EntryState::Approved | EntryState::Paid)) {
            let sum = approved.entry((entry.project_id.as_str(), entry.cost_code.as_str())).or_default();
            *sum = sum.checked_add(entry.cost.amount.amount()).ok_or("approved day work passes the decimal range")?;
        }
        let mut posted: BTreeMap<(&str, &str), Decimal> = BTreeMap::new();
        for (project_id, centre) in self.costs.sorted() {
            let postings = centre.records().values().filter(|r| r.kind == CostKind::Labour && r.cost_id.starts_with(DAY_WORK_POSTING));
            for line in postings.flat_map(|r| &r.lines).filter(|l| l.cost_type == LABOUR_COST_TYPE) {
                let sum = posted.entry((project_id.as_str(), line.code.as_str())).or_default();
                *sum = sum.checked_add(line.amount).ok_or("posted labour passes the decimal range")?;
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

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use chrono::{DateTime, Duration, NaiveDate, Utc};

    use super::*;
    use crate::cost::{CostBreakdown, CostEvent};
    use crate::event::{Event, Payload};
    use crate::labour::{DayWorkEntry, IdNumber, LabourEvent, Quantity, Rate, RateScope, RateUnit, Worker};
    use crate::lifecycle::LifecycleEvent;
    use crate::{ActorId, Currency, EventId, ProjectId, WorkCalendar};

    /// A project whose day work was recorded by a foreman and approved by the owner.
    fn approved_day_work() -> Portfolio {
        let p = ProjectId::try_new("P").unwrap_or_else(|_| unreachable!());
        let start: DateTime<Utc> = "2025-03-03T08:00:00Z".parse().unwrap_or_default();
        let worker = Worker {
            worker_id: "W1".into(),
            name: "张三".into(),
            id_number: IdNumber::new("110105199001011234").unwrap_or_else(|_| unreachable!()),
            trade: "钢筋工".into(),
            team: "T".into(),
            employer: "E".into(),
        };
        let day = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap_or_default();
        let rate = Rate { scope: RateScope::Trade("钢筋工".into()), valid_from: day, unit: RateUnit::Hour, amount: 50.into() };
        let entry = DayWorkEntry { entry_id: "E1".into(), worker_id: "W1".into(), cost_code: "01".into(), date: day, quantity: Quantity::Hours(10.into()), start: None, end: None, description: String::new() };
        let payloads: Vec<(&str, Payload)> = vec![
            ("pm", LifecycleEvent::ProjectCreated { project_id: p.clone(), name: "P".into(), code: "P".into(), currency: Currency::CNY, calendar: Box::new(WorkCalendar::china_2025().unwrap_or_else(|_| unreachable!())) }.into()),
            ("pm", LifecycleEvent::RoleGranted { project_id: p.clone(), member: ActorId::try_new("fm").unwrap_or_else(|_| unreachable!()), role: "foreman".into() }.into()),
            ("pm", CostEvent::CostBreakdownDefined { project_id: p.clone(), breakdown: Box::new(CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"}]}"#).unwrap_or_else(|_| unreachable!())) }.into()),
            ("pm", LabourEvent::WorkerRegistered { project_id: p.clone(), worker }.into()),
            ("pm", LabourEvent::LabourRateSet { project_id: p.clone(), rate }.into()),
            ("fm", LabourEvent::DayWorkRecorded { project_id: p.clone(), entries: vec![entry].into() }.into()),
            ("fm", LabourEvent::DayWorkMoved { project_id: p.clone(), entry_ids: vec!["E1".into()], to: EntryState::Submitted, note: String::new() }.into()),
            ("pm", LabourEvent::DayWorkMoved { project_id: p, entry_ids: vec!["E1".into()], to: EntryState::Approved, note: String::new() }.into()),
        ];
        let events: Vec<Event> = payloads
            .into_iter()
            .enumerate()
            .map(|(i, (actor, payload))| {
                let minutes = i64::try_from(i).unwrap_or_default();
                Event::new(EventId::try_new(format!("e{i}")).unwrap_or_else(|_| unreachable!()), start + Duration::minutes(minutes), ActorId::try_new(actor).unwrap_or_else(|_| unreachable!()), payload)
            })
            .collect();
        let portfolio = Portfolio::fold(&events);
        assert!(portfolio.conflicts().is_empty(), "{:?}", portfolio.conflicts());
        portfolio
    }

    #[test]
    fn a_folded_portfolio_keeps_its_invariants() {
        assert_eq!(approved_day_work().check_invariants(), Ok(()));
    }

    #[test]
    fn labour_actuals_that_differ_from_approved_day_work_are_caught() {
        let mut portfolio = approved_day_work();
        for centre in portfolio.costs.values_mut() {
            centre.forget_records();
        }
        let broken = portfolio.check_invariants().unwrap_err();
        assert!(broken.contains("approved day work"), "{broken}");
    }

    #[test]
    fn a_day_work_index_that_disagrees_is_caught() {
        let mut portfolio = approved_day_work();
        portfolio.day_work.forget_index();
        let broken = portfolio.check_invariants().unwrap_err();
        assert!(broken.contains("indexed"), "{broken}");
    }
}
