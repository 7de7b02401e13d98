//! Labour aggregation invariants on random day-work: totals are the sums of the entries for
//! every grouping, regrouping a finer grouping gives the coarser one, headcounts are the
//! distinct workers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use projectledger::labour::{aggregate, day_number, AttributesPer, Dimension, GroupTotals, LabourTable, WorkerAttributes};
use proptest::prelude::*;

const DIMENSIONS: [Dimension; 9] = [
    Dimension::Project,
    Dimension::Team,
    Dimension::Trade,
    Dimension::Worker,
    Dimension::Employer,
    Dimension::CostCode,
    Dimension::Day,
    Dimension::IsoWeek,
    Dimension::Month,
];

/// Worker attributes (team, trade, employer per worker) and the rows.
type Data = ((Vec<u32>, Vec<u32>, Vec<u32>), LabourTable);

fn data() -> impl Strategy<Value = Data> {
    prop::collection::vec((0u32..4, 0u32..3, 0u32..2), 1..12).prop_flat_map(|attributes| {
        let workers = attributes.len() as u32;
        let rows = prop::collection::vec((0..workers, 0u32..3, 0u32..4, 0i32..70, 0i64..1_200, 0i64..600, -50_000i64..2_000_000), 0..150);
        (Just(attributes), rows)
    })
    .prop_map(|(attributes, rows)| {
        let w = (attributes.iter().map(|a| a.0).collect(), attributes.iter().map(|a| a.1).collect(), attributes.iter().map(|a| a.2).collect());
        let base = day_number(NaiveDate::from_ymd_opt(2025, 1, 20).unwrap());
        let mut c = LabourTable::default();
        for (worker, project, code, day, regular, overtime, amount) in rows {
            c.worker.push(worker);
            c.project.push(project);
            c.cost_code.push(code);
            c.day.push(base + day);
            c.regular_centihours.push(regular);
            c.overtime_centihours.push(overtime);
            c.amount_minor.push(amount);
        }
        (w, c)
    })
}

fn totals(groups: &[GroupTotals]) -> (u64, i64, i64, i64) {
    groups.iter().fold((0, 0, 0, 0), |t, g| (t.0 + g.entries, t.1 + g.regular_centihours, t.2 + g.overtime_centihours, t.3 + g.amount_minor))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn groupings_sum_to_the_entries_and_regroup_exactly(
        ((team, trade, employer), table) in data(),
        picks in prop::collection::vec(0usize..9, 1..4),
    ) {
        let workers = WorkerAttributes { team: &team, trade: &trade, employer: &employer, others: &[], per: AttributesPer::Worker };
        let columns = table.columns();
        let base = day_number(NaiveDate::from_ymd_opt(2025, 1, 20).unwrap());
        let range = (base + 5, base + 60);
        let inside: Vec<usize> = (0..columns.worker.len()).filter(|r| (range.0..=range.1).contains(&columns.day[*r])).collect();
        let expected = (
            inside.len() as u64,
            inside.iter().map(|r| columns.regular_centihours[*r]).sum::<i64>(),
            inside.iter().map(|r| columns.overtime_centihours[*r]).sum::<i64>(),
            inside.iter().map(|r| columns.amount_minor[*r]).sum::<i64>(),
        );
        let mut by: Vec<Dimension> = Vec::new();
        for p in picks {
            if !by.contains(&DIMENSIONS[p]) {
                by.push(DIMENSIONS[p]);
            }
        }
        let fine = aggregate(&columns, &workers, &by, range).unwrap();
        prop_assert_eq!(totals(&fine), expected);
        // Regrouping the fine groups by their first dimension equals grouping by it alone.
        let coarse = aggregate(&columns, &workers, &by[..1], range).unwrap();
        let mut regrouped: BTreeMap<i64, (u64, i64, i64, i64)> = BTreeMap::new();
        for g in &fine {
            let t = regrouped.entry(g.key[0]).or_default();
            *t = (t.0 + g.entries, t.1 + g.regular_centihours, t.2 + g.overtime_centihours, t.3 + g.amount_minor);
        }
        let coarse_map: BTreeMap<i64, (u64, i64, i64, i64)> =
            coarse.iter().map(|g| (g.key[0], (g.entries, g.regular_centihours, g.overtime_centihours, g.amount_minor))).collect();
        prop_assert_eq!(regrouped, coarse_map);
        // Headcount: the distinct workers of each group, counted the slow way.
        let mut distinct: BTreeMap<Vec<i64>, BTreeSet<u32>> = BTreeMap::new();
        // (A dimension is named once: when the worker is one of them already, its groups are the workers.)
        let with_worker = if by.contains(&Dimension::Worker) { by.clone() } else { [by.clone(), vec![Dimension::Worker]].concat() };
        let at = with_worker.iter().position(|d| *d == Dimension::Worker).unwrap();
        let all = aggregate(&columns, &workers, &with_worker, range).unwrap();
        for g in &all {
            let worker = g.key[at] as u32;
            distinct.entry(g.key[..by.len()].to_vec()).or_default().insert(worker);
        }
        for g in &fine {
            prop_assert_eq!(g.headcount as usize, distinct[&g.key].len());
        }
    }
}
