//! Cost rollup invariants on random trees and postings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use projectledger::cost::{Column, CostBreakdown, CostCodeDef, CostLedger, STANDARD_COST_TYPES};
use projectledger::{Currency, Money};
use proptest::prelude::*;

const COLUMNS: [Column; 7] = [
    Column::OriginalBudget,
    Column::ApprovedChanges,
    Column::PendingChanges,
    Column::Committed,
    Column::PendingCostChanges,
    Column::Invoiced,
    Column::DirectCosts,
];

/// A tree: `shape[i]` children under each node of level i (two or three levels).
fn tree(shape: &[usize]) -> CostBreakdown {
    let mut codes = Vec::new();
    let mut level: Vec<String> = (1..=shape[0]).map(|i| format!("{i:02}")).collect();
    codes.extend(level.iter().map(|c| CostCodeDef { code: c.clone(), name: c.clone(), parent: None }));
    for width in &shape[1..] {
        let next: Vec<String> = level.iter().flat_map(|p| (1..=*width).map(move |i| format!("{p}.{i:02}"))).collect();
        codes.extend(next.iter().map(|c| CostCodeDef { code: c.clone(), name: c.clone(), parent: None }));
        level = next;
    }
    CostBreakdown::new(codes, STANDARD_COST_TYPES.iter().map(|t| (*t).to_owned()).collect()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn rollups_are_sums_and_incremental_equals_full(
        shape in prop::collection::vec(1usize..4, 2..4),
        postings in prop::collection::vec((any::<prop::sample::Index>(), 0usize..5, 0usize..7, -1_000_000i64..1_000_000), 0..200),
    ) {
        let breakdown = tree(&shape);
        let leaves: Vec<String> = breakdown.codes().filter(|c| breakdown.is_leaf(c)).map(str::to_owned).collect();
        let mut ledger = CostLedger::new(breakdown.clone(), Currency::CNY);
        for (leaf, t, c, units) in &postings {
            let amount = Money::from_minor_units(i128::from(*units), Currency::CNY).unwrap();
            ledger.post(&leaves[leaf.index(leaves.len())], STANDARD_COST_TYPES[*t], COLUMNS[*c], &amount).unwrap();
        }
        let mut full = ledger.clone();
        full.recompute().unwrap();
        prop_assert_eq!(&full, &ledger);
        let resolved: Vec<_> = postings
            .iter()
            .map(|(leaf, t, c, units)| (ledger.cell(&leaves[leaf.index(leaves.len())], STANDARD_COST_TYPES[*t]).unwrap(), COLUMNS[*c], *units))
            .collect();
        let mut from_scratch = CostLedger::new(breakdown.clone(), Currency::CNY);
        from_scratch.rollup_from(&resolved).unwrap();
        prop_assert_eq!(&from_scratch, &ledger);
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
