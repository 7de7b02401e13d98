//! Cost rollup invariants on random trees and postings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::cost::CostEvent;
use projectledger::cost::{BudgetControl, ControlAction, CostKind, CostLine};
use projectledger::cost::{Column, CostBreakdown, CostCodeDef, CostLedger, ForecastMethod, STANDARD_COST_TYPES};
use projectledger::{ActorId, Currency, Error, Event, EventId, Journal, Money, Payload, ProjectId, WorkCalendar};
use proptest::prelude::*;

const COLUMNS: [Column; 7] = Column::ALL;

/// A tree: `shape[i]` children under each node of level i (two or three levels).
fn tree(shape: &[usize]) -> CostBreakdown {
    let mut codes = Vec::new();
    let mut level: Vec<String> = (1..=shape[0]).map(|i| format!("{i:02}")).collect();
    codes.extend(level.iter().map(|c| CostCodeDef { code: c.clone().into(), name: c.clone(), parent: None }));
    for width in &shape[1..] {
        let next: Vec<String> = level.iter().flat_map(|p| (1..=*width).map(move |i| format!("{p}.{i:02}"))).collect();
        codes.extend(next.iter().map(|c| CostCodeDef { code: c.clone().into(), name: c.clone(), parent: None }));
        level = next;
    }
    CostBreakdown::new(codes, STANDARD_COST_TYPES.iter().map(|t| (*t).to_owned()).collect()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn rollups_are_sums_and_incremental_equals_full(
        shape in prop::collection::vec(1usize..4, 2..4),
        postings in prop::collection::vec((any::<prop::sample::Index>(), 0usize..5, 0usize..9, -1_000_000i64..1_000_000), 0..200),
    ) {
        // Columns 0..7 post; 7 sets a lump-sum forecast of |units|; 8 goes back to automatic.
        let breakdown = tree(&shape);
        let leaves: Vec<String> = breakdown.codes().filter(|c| breakdown.is_leaf(c)).map(str::to_owned).collect();
        let mut ledger = CostLedger::new(breakdown.clone(), Currency::CNY);
        let mut forecasts = BTreeMap::new();
        let mut resolved = Vec::new();
        for (leaf, t, c, units) in &postings {
            let (code, cost_type) = (&leaves[leaf.index(leaves.len())], STANDARD_COST_TYPES[*t]);
            let cell = ledger.cell(code, cost_type).unwrap();
            let key = (code.clone(), cost_type.to_owned());
            match c {
                7 => {
                    let method = ForecastMethod::LumpSum { amount: Money::from_minor_units(i128::from(units.abs()), Currency::CNY).unwrap().amount() };
                    ledger.set_forecast(cell, &method).unwrap();
                    forecasts.insert(key, method);
                }
                8 => {
                    ledger.set_forecast(cell, &ForecastMethod::Automatic).unwrap();
                    forecasts.remove(&key);
                }
                _ => {
                    let amount = Money::from_minor_units(i128::from(*units), Currency::CNY).unwrap();
                    ledger.post(code, cost_type, COLUMNS[*c], &amount).unwrap();
                    resolved.push((cell, COLUMNS[*c], *units));
                }
            }
        }
        let mut full = ledger.clone();
        full.recompute().unwrap();
        prop_assert_eq!(&full, &ledger);
        let mut from_scratch = CostLedger::new(breakdown.clone(), Currency::CNY);
        from_scratch.rollup_from(&resolved).unwrap();
        let from_scratch = from_scratch.rebuilt(breakdown.clone(), &forecasts).unwrap();
        prop_assert_eq!(&from_scratch, &ledger);
        for leaf in &leaves {
            for cost_type in STANDARD_COST_TYPES {
                let row = ledger.row(Some(leaf), Some(cost_type)).unwrap();
                let automatic = row.projected_budget.checked_sub(&row.projected_cost).unwrap();
                let expected = match forecasts.get(&(leaf.clone(), cost_type.to_owned())) {
                    Some(ForecastMethod::LumpSum { amount }) => Money::new(*amount, Currency::CNY),
                    _ if automatic.amount().is_sign_negative() => Money::zero(Currency::CNY),
                    _ => automatic,
                };
                prop_assert_eq!(row.forecast_to_complete.amount(), expected.amount());
            }
        }
        let codes: Vec<String> = breakdown.codes().map(str::to_owned).collect();
        for code in &codes {
            for cost_type in [None, Some("labour"), Some("other")] {
                let row = ledger.row(Some(code), cost_type).unwrap();
                prop_assert_eq!(row.projected_over_under, row.projected_budget.checked_sub(&row.estimated_cost_at_completion).unwrap());
                let children = breakdown.children(code).unwrap();
                if children.is_empty() {
                    continue;
                }
                let sums: Vec<_> = children.iter().map(|c| ledger.row(Some(c), cost_type).unwrap()).collect();
                let sum = |f: fn(&projectledger::cost::BudgetRow) -> Money| {
                    sums.iter().map(f).try_fold(Money::zero(Currency::CNY), |a, m| a.checked_add(&m)).unwrap()
                };
                prop_assert_eq!(row.original_budget, sum(|r| r.original_budget));
                prop_assert_eq!(row.revised_budget, sum(|r| r.revised_budget));
                prop_assert_eq!(row.projected_budget, sum(|r| r.projected_budget));
                prop_assert_eq!(row.committed, sum(|r| r.committed));
                prop_assert_eq!(row.actual, sum(|r| r.actual));
                prop_assert_eq!(row.projected_cost, sum(|r| r.projected_cost));
                prop_assert_eq!(row.forecast_to_complete, sum(|r| r.forecast_to_complete));
                prop_assert_eq!(row.estimated_cost_at_completion, sum(|r| r.estimated_cost_at_completion));
                prop_assert_eq!(row.projected_over_under, sum(|r| r.projected_over_under));
            }
        }
    }
}

fn append(journal: &mut Journal, n: usize, payload: Payload) -> Result<bool, Error> {
    let at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::minutes(i64::try_from(n).unwrap());
    journal.append(Event::new(EventId::try_new(format!("e{n:04}")).unwrap(), at, ActorId::try_new("pm").unwrap(), payload))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Stop refuses exactly the costs that would take actual past the revised budget, and a
    /// refused cost leaves the journal (events and state) as it was.
    #[test]
    fn stopped_costs_leave_the_journal_unchanged(
        budget in 0i64..1_000_000,
        costs in prop::collection::vec((0usize..2, -50_000i64..400_000), 1..40),
    ) {
        let project_id = ProjectId::try_new("P").unwrap();
        let mut journal = Journal::new();
        let calendar = Box::new(WorkCalendar::china_2025().unwrap());
        append(&mut journal, 0, Payload::Lifecycle(LifecycleEvent::ProjectCreated { project_id: project_id.clone(), name: "P".into(), code: "P".into(), currency: Currency::CNY, calendar })).unwrap();
        append(&mut journal, 1, Payload::Cost(CostEvent::CostBreakdownDefined { project_id: project_id.clone(), breakdown: Box::new(tree(&[1, 2])) })).unwrap();
        let line = |code: &str, units: i64| CostLine { code: code.into(), cost_type: "material".into(), amount: Money::from_minor_units(units.into(), Currency::CNY).unwrap().amount() };
        append(&mut journal, 2, Payload::Cost(CostEvent::BudgetLinesSet { project_id: project_id.clone(), lines: vec![line("01.01", budget)] })).unwrap();
        let control = BudgetControl { actual: ControlAction::Stop, ..BudgetControl::default() };
        append(&mut journal, 3, Payload::Cost(CostEvent::BudgetControlSet { project_id: project_id.clone(), code: None, control })).unwrap();
        let mut actual = 0i64;
        for (i, (leaf, units)) in costs.iter().enumerate() {
            let before = journal.clone();
            let code = if *leaf == 0 { "01.01" } else { "01.02" };
            let payload = Payload::Cost(CostEvent::CostRecorded {
                project_id: project_id.clone(), cost_id: format!("C{i}"), kind: CostKind::Direct, commitment_id: None,
                lines: vec![line(code, *units)], description: String::new(), allow_over_commitment: false,
            });
            let refused = *units > 0 && actual + units > budget;
            match append(&mut journal, 10 + i, payload) {
                Ok(added) => { prop_assert!(added && !refused); actual += units; }
                Err(error) => {
                    prop_assert!(refused, "{}", error);
                    prop_assert_eq!(error.kind(), "BudgetExceeded");
                    prop_assert!(journal == before && journal.state() == before.state());
                }
            }
        }
        let row = journal.state().cost_centre(&project_id).unwrap().row(None, None).unwrap();
        prop_assert_eq!(row.actual, Money::from_minor_units(actual.into(), Currency::CNY).unwrap());
        common::assert_invariants(&journal);
    }
}
