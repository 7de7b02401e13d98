//! Budget rollups over a cost breakdown, Procore's budget view as the anchor.
//!
//! Figures sit on leaf cells and are kept in
//! minor units; every node holds the sum of its subtree, updated along the path on each
//! posting (incremental) and recomputable from the leaves (full). Derived columns:
//! revised budget = original + approved changes; projected budget = revised + pending
//! changes; actual = invoiced + direct costs; projected cost = committed + pending cost
//! changes + direct costs; estimated cost at completion = projected cost + forecast to
//! complete; projected over/under = projected budget − estimated cost at completion.
//!
//! Forecast to complete is chosen per leaf cell, as in Procore: automatic (projected budget −
//! projected cost, never below zero, so an overrun shows in over/under), manual (itemised
//! quantity × unit cost) or a lump sum. Each leaf's forecast is kept as one more summed
//! column, so a parent's forecast is the sum of its children's whatever their methods.

// The rollup engine is an arena: every index comes from the breakdown's own tables (a node's
// index, its parent's, a cell's node × cost types + type, all built and checked when the
// breakdown is read), and every sum of figures is checked (`checked_add`) or widened to
// i128 before adding, which a table of fewer than 2⁶⁴ cells cannot overflow.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::breakdown::CostBreakdown;
use crate::{Currency, Error, Money, Result};

/// The base figures that postings change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The original budget.
    OriginalBudget,
    /// Approved budget changes.
    ApprovedChanges,
    /// Budget changes pending approval.
    PendingChanges,
    /// Approved commitments and their approved change orders.
    Committed,
    /// Change orders pending approval.
    PendingCostChanges,
    /// Invoiced against commitments (part of actual).
    Invoiced,
    /// Costs outside commitments (part of actual and of projected cost).
    DirectCosts,
}

impl Column {
    /// Every column, in ledger order.
    pub const ALL: [Column; 7] = [
        Column::OriginalBudget,
        Column::ApprovedChanges,
        Column::PendingChanges,
        Column::Committed,
        Column::PendingCostChanges,
        Column::Invoiced,
        Column::DirectCosts,
    ];
}

/// The seven posted columns and the leaf's forecast to complete (derived, then summed).
const COLUMNS: usize = 8;
const FTC: usize = 7;

/// How a leaf cell's forecast to complete is found (Procore's calculation methods).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ForecastMethod {
    /// Projected budget − projected cost, never below zero.
    Automatic,
    /// Itemised: Σ quantity × unit cost, each item rounded to minor units (四舍五入) once.
    Manual {
        /// The sum of the items (quantity × unit cost).
        items: Vec<ForecastItem>,
    },
    /// One amount for what remains.
    LumpSum {
        /// A fixed amount still to spend.
        amount: rust_decimal::Decimal,
    },
}
crate::persist::persist_enum!(ForecastMethod { 0 => Automatic, 1 => Manual { items }, 2 => LumpSum { amount } });


/// One line of a manual forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct ForecastItem {
    /// What the item is.
    pub description: String,
    #[serde(with = "crate::wire::exact")]
    /// How many.
    pub quantity: rust_decimal::Decimal,
    #[serde(with = "crate::wire::exact")]
    /// The cost of one.
    pub unit_cost: rust_decimal::Decimal,
}
crate::persist::persist_struct!(ForecastItem { description, quantity, unit_cost });


impl ForecastMethod {
    /// The fixed forecast in minor units (`None` for automatic). Rounding point: each manual
    /// item to minor units, half away from zero.
    pub fn fixed_units(&self, currency: Currency) -> Result<Option<i64>> {
        let units = |amount: Money| i64::try_from(amount.to_minor_units()?).map_err(|_| Error::overflow("forecast to complete"));
        match self {
            ForecastMethod::Automatic => Ok(None),
            ForecastMethod::LumpSum { amount } => {
                let amount = Money::new(*amount, currency);
                if amount.amount().is_sign_negative() && !amount.amount().is_zero() {
                    return Err(Error::invalid_field("forecast to complete", format!("a lump sum of {amount} is below zero")));
                }
                Ok(Some(units(amount)?))
            }
            ForecastMethod::Manual { items } => {
                let mut total = 0i64;
                for item in items {
                    let amount = item.unit_cost.checked_mul(item.quantity).ok_or_else(|| Error::overflow("forecast item"))?;
                    let amount = Money::new(amount, currency).round(crate::RoundingStrategy::HalfAwayFromZero);
                    total = total.checked_add(units(amount)?).ok_or_else(|| Error::overflow("forecast to complete"))?;
                }
                Ok(Some(total))
            }
        }
    }
}

/// A leaf cell (cost code × cost type) of one ledger, resolved by [`CostLedger::cell`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    node: usize,
    cost_type: usize,
}

/// Base figures of one cell, in minor units.
type Cell = [i64; COLUMNS];

/// The base sums of a budget row, in minor units (summed in i128: no table of fewer than 2⁶⁴
/// cells overflows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowSums {
    pub(crate) original: i128,
    pub(crate) approved: i128,
    pub(crate) pending: i128,
    pub(crate) committed: i128,
    pub(crate) pending_cost: i128,
    pub(crate) invoiced: i128,
    pub(crate) direct: i128,
    pub(crate) ftc: i128,
}

impl RowSums {
    /// Invoiced + direct costs.
    pub(crate) fn actual(&self) -> i128 {
        self.invoiced + self.direct
    }

    /// Committed + pending cost changes + direct costs.
    pub(crate) fn projected_cost(&self) -> i128 {
        self.committed + self.pending_cost + self.direct
    }

    /// Projected cost + forecast to complete.
    pub(crate) fn estimate_at_completion(&self) -> i128 {
        self.projected_cost() + self.ftc
    }
}

/// One row of the budget view, all columns, in the project's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetRow {
    /// The budget before any change.
    pub original_budget: Money,
    /// Approved budget changes.
    pub approved_changes: Money,
    /// Original budget plus approved changes.
    pub revised_budget: Money,
    /// Budget changes pending approval.
    pub pending_changes: Money,
    /// Revised budget plus pending changes.
    pub projected_budget: Money,
    /// Approved commitments with their approved change orders.
    pub committed: Money,
    /// Change orders pending approval.
    pub pending_cost_changes: Money,
    /// Invoices and direct costs.
    pub actual: Money,
    /// Committed plus pending cost changes plus direct costs.
    pub projected_cost: Money,
    /// What is still to spend, by the cell's forecast method.
    pub forecast_to_complete: Money,
    /// Projected cost plus forecast to complete (EAC).
    pub estimated_cost_at_completion: Money,
    /// Projected budget minus estimated cost at completion: below zero when over.
    pub projected_over_under: Money,
}

/// The figures of a cost breakdown: leaf cells as posted, and every node's subtree sum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CostLedger {
    breakdown: CostBreakdown,
    currency: Currency,
    /// Posted figures (and the derived forecast), per (node, cost type); only leaves hold any.
    own: Vec<Cell>,
    /// Subtree sums, per (node, cost type).
    total: Vec<Cell>,
    /// Leaf cells whose forecast is fixed (manual or lump sum), in minor units.
    fixed_forecasts: crate::collections::LookupMap<usize, i64>,
}
crate::persist::persist_struct!(CostLedger { breakdown, currency, own, total, fixed_forecasts });


impl CostLedger {
    /// An empty ledger over a breakdown, in one currency.
    #[must_use]
    pub fn new(breakdown: CostBreakdown, currency: Currency) -> CostLedger {
        let cells = breakdown.nodes.len() * breakdown.cost_types.len();
        CostLedger { breakdown, currency, own: vec![[0; COLUMNS]; cells], total: vec![[0; COLUMNS]; cells], fixed_forecasts: crate::collections::LookupMap::default() }
    }

    #[must_use]
    /// The breakdown the ledger is kept on.
    pub fn breakdown(&self) -> &CostBreakdown {
        &self.breakdown
    }

    #[must_use]
    /// The currency of every figure.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The leaf cell of a cost code and type, resolved once (postings keep it).
    pub fn cell(&self, code: &str, cost_type: &str) -> Result<CellRef> {
        let node = self.breakdown.node(code)?;
        if !self.breakdown.nodes[node].children.is_empty() {
            return Err(Error::invalid_field("cost code", format!("{code:?} has sub-codes; figures sit on leaf codes")));
        }
        Ok(CellRef { node, cost_type: self.breakdown.cost_type(cost_type)? })
    }

    /// The cell of a leaf given by positions (a code's place in declaration order, a cost
    /// type's in the list): for bulk paths that resolve each name once.
    pub fn cell_at(&self, code_index: usize, cost_type_index: usize) -> Result<CellRef> {
        match self.breakdown.leaf.get(code_index) {
            Some(true) if cost_type_index < self.breakdown.cost_types.len() => Ok(CellRef { node: code_index, cost_type: cost_type_index }),
            Some(true) => Err(Error::invalid_field("cost type", format!("no cost type at position {cost_type_index}"))),
            Some(false) => {
                Err(Error::invalid_field("cost code", format!("{:?} has sub-codes; figures sit on leaf codes", self.breakdown.nodes[code_index].code)))
            }
            None => Err(Error::invalid_field("cost code", format!("no code at position {code_index}"))),
        }
    }

    /// The code and cost type of a cell.
    #[must_use]
    pub fn cell_names(&self, cell: CellRef) -> (&str, &str) {
        (&self.breakdown.nodes[cell.node].code, &self.breakdown.cost_types[cell.cost_type])
    }

    /// An amount in this ledger's currency as minor units.
    pub fn units(&self, amount: &Money) -> Result<i64> {
        Money::zero(self.currency).checked_cmp(amount)?;
        i64::try_from(amount.to_minor_units()?).map_err(|_| Error::overflow("cost posting"))
    }

    /// Adds `amount` to a column of a leaf cell and to every node on its path (checked: an
    /// overflow anywhere changes nothing).
    pub fn post(&mut self, code: &str, cost_type: &str, column: Column, amount: &Money) -> Result<()> {
        let units = self.units(amount)?;
        self.post_units(self.cell(code, cost_type)?, column, units)
    }

    /// [`CostLedger::post`] for a resolved cell and minor units: the incremental update.
    pub fn post_units(&mut self, cell: CellRef, column: Column, units: i64) -> Result<()> {
        let index = self.index(cell);
        let mut leaf = self.own[index];
        leaf[column as usize] = leaf[column as usize].checked_add(units).ok_or_else(|| Error::overflow(format!("cost rollup {column:?}")))?;
        self.replace_leaf(cell, leaf)
    }

    /// Sets a leaf cell's forecast method (automatic removes a fixed forecast).
    pub fn set_forecast(&mut self, cell: CellRef, method: &ForecastMethod) -> Result<()> {
        let index = self.index(cell);
        let previous = match method.fixed_units(self.currency)? {
            Some(units) => self.fixed_forecasts.insert(index, units),
            None => self.fixed_forecasts.remove(&index),
        };
        let result = self.replace_leaf(cell, self.own[index]);
        if result.is_err() {
            match previous {
                Some(units) => self.fixed_forecasts.insert(index, units),
                None => self.fixed_forecasts.remove(&index),
            };
        }
        result
    }

    /// The fixed forecast of a leaf cell, if it has one.
    #[must_use]
    pub fn fixed_forecast(&self, cell: CellRef) -> Option<i64> {
        self.fixed_forecasts.get(&self.index(cell)).copied()
    }

    fn index(&self, cell: CellRef) -> usize {
        cell.node * self.breakdown.cost_types.len() + cell.cost_type
    }

    /// A leaf's forecast: its fixed one, or projected budget − projected cost, at least zero.
    fn leaf_forecast(&self, index: usize, cell: &Cell) -> Result<i64> {
        if let Some(units) = self.fixed_forecasts.get(&index) {
            return Ok(*units);
        }
        let wide = |c: Column| i128::from(cell[c as usize]);
        let budget = wide(Column::OriginalBudget) + wide(Column::ApprovedChanges) + wide(Column::PendingChanges);
        let cost = wide(Column::Committed) + wide(Column::PendingCostChanges) + wide(Column::DirectCosts);
        i64::try_from((budget - cost).max(0)).map_err(|_| Error::overflow("forecast to complete"))
    }

    /// Puts new posted figures on a leaf: derives its forecast, then moves every changed
    /// column's difference up the path. The whole path is checked first, so a failure
    /// leaves every cell as it was.
    fn replace_leaf(&mut self, cell: CellRef, mut leaf: Cell) -> Result<()> {
        let types = self.breakdown.cost_types.len();
        let index = self.index(cell);
        leaf[FTC] = self.leaf_forecast(index, &leaf)?;
        let old = self.own[index];
        let mut delta = [0i64; COLUMNS];
        for c in 0..COLUMNS {
            delta[c] = leaf[c].checked_sub(old[c]).ok_or_else(|| Error::overflow("cost rollup"))?;
        }
        let mut at = Some(cell.node);
        while let Some(n) = at {
            for (total, d) in self.total[n * types + cell.cost_type].iter().zip(delta) {
                total.checked_add(d).ok_or_else(|| Error::overflow("cost rollup"))?;
            }
            at = self.breakdown.nodes[n].parent;
        }
        self.own[index] = leaf;
        let mut at = Some(cell.node);
        while let Some(n) = at {
            for (total, d) in self.total[n * types + cell.cost_type].iter_mut().zip(delta) {
                *total += d;
            }
            at = self.breakdown.nodes[n].parent;
        }
        Ok(())
    }

    /// The full rollup: leaf cells summed from all postings, then every node from its
    /// children in one pass. All or nothing.
    pub fn rollup_from(&mut self, postings: &[(CellRef, Column, i64)]) -> Result<()> {
        let types = self.breakdown.cost_types.len();
        let mut own = vec![[0i64; COLUMNS]; self.own.len()];
        for (cell, column, units) in postings {
            let slot = &mut own[cell.node * types + cell.cost_type][*column as usize];
            *slot = slot.checked_add(*units).ok_or_else(|| Error::overflow("cost rollup"))?;
        }
        let previous = std::mem::replace(&mut self.own, own);
        if let Err(error) = self.recompute() {
            self.own = previous;
            return Err(error);
        }
        Ok(())
    }

    /// Recomputes every leaf's forecast and every subtree sum from the posted leaf figures
    /// (children before parents).
    pub fn recompute(&mut self) -> Result<()> {
        let types = self.breakdown.cost_types.len();
        let mut total = self.own.clone();
        for (n, node) in self.breakdown.nodes.iter().enumerate() {
            if node.children.is_empty() {
                for t in 0..types {
                    let index = n * types + t;
                    total[index][FTC] = self.leaf_forecast(index, &total[index])?;
                }
            }
        }
        for (index, cell) in total.iter().enumerate() {
            self.own[index][FTC] = cell[FTC];
        }
        for &n in &self.breakdown.post_order {
            if let Some(p) = self.breakdown.nodes[n].parent {
                for t in 0..types {
                    let child = total[n * types + t];
                    let parent = &mut total[p * types + t];
                    for c in 0..COLUMNS {
                        parent[c] = parent[c].checked_add(child[c]).ok_or_else(|| Error::overflow("cost rollup"))?;
                    }
                }
            }
        }
        self.total = total;
        Ok(())
    }

    /// The budget view of a node (or the whole project with `None`), for one cost type or all.
    pub fn row(&self, code: Option<&str>, cost_type: Option<&str>) -> Result<BudgetRow> {
        let sums = self.sums(code, cost_type)?;
        let RowSums { original, approved, pending, committed, pending_cost, .. } = sums;
        let (revised, projected_budget, projected_cost, eac) = (original + approved, original + approved + pending, sums.projected_cost(), sums.estimate_at_completion());
        let m = |units: i128| Money::from_minor_units(units, self.currency);
        Ok(BudgetRow {
            original_budget: m(original)?,
            approved_changes: m(approved)?,
            revised_budget: m(revised)?,
            pending_changes: m(pending)?,
            projected_budget: m(projected_budget)?,
            committed: m(committed)?,
            pending_cost_changes: m(pending_cost)?,
            actual: m(sums.actual())?,
            projected_cost: m(projected_cost)?,
            forecast_to_complete: m(sums.ftc)?,
            estimated_cost_at_completion: m(eac)?,
            projected_over_under: m(projected_budget - eac)?,
        })
    }

    /// The base sums of a node (or the whole project with `None`), for one cost type or all,
    /// in minor units: what a budget row's columns are worked out from.
    pub(crate) fn sums(&self, code: Option<&str>, cost_type: Option<&str>) -> Result<RowSums> {
        let types = self.breakdown.cost_types.len();
        // One node, or the roots; one cost type, or all (as ranges: nothing to allocate).
        let (nodes, roots_only) = match code {
            Some(code) => {
                let node = self.breakdown.node(code)?;
                (node..node + 1, false)
            }
            None => (0..self.breakdown.nodes.len(), true),
        };
        let type_range = match cost_type {
            Some(name) => {
                let t = self.breakdown.cost_type(name)?;
                t..t + 1
            }
            None => 0..types,
        };
        let mut sum = [0i128; COLUMNS];
        for n in nodes.filter(|n| !roots_only || self.breakdown.nodes[*n].parent.is_none()) {
            for t in type_range.clone() {
                for (s, v) in sum.iter_mut().zip(self.total[n * types + t]) {
                    *s += i128::from(v);
                }
            }
        }
        let [original, approved, pending, committed, pending_cost, invoiced, direct, ftc] = sum;
        Ok(RowSums { original, approved, pending, committed, pending_cost, invoiced, direct, ftc })
    }

    /// One posted column of a node's subtree (all cost types), in minor units.
    pub fn total_units(&self, code: Option<&str>, column: Column) -> Result<i128> {
        let types = self.breakdown.cost_types.len();
        let nodes: Vec<usize> = match code {
            Some(code) => vec![self.breakdown.node(code)?],
            None => (0..self.breakdown.nodes.len()).filter(|n| self.breakdown.nodes[*n].parent.is_none()).collect(),
        };
        Ok(nodes.iter().flat_map(|n| (0..types).map(move |t| n * types + t)).map(|i| i128::from(self.total[i][column as usize])).sum())
    }

    /// The same figures over another breakdown (codes added, renamed parents, new cost
    /// types): every cell that holds a figure or a fixed forecast must still be a leaf of
    /// the new tree; all that are not are listed.
    pub fn rebuilt(&self, breakdown: CostBreakdown, forecasts: &BTreeMap<(String, String), ForecastMethod>) -> Result<CostLedger> {
        let mut next = CostLedger::new(breakdown, self.currency);
        let types = self.breakdown.cost_types.len();
        let mut problems = Vec::new();
        let mut postings = Vec::new();
        for (index, cell) in self.own.iter().enumerate() {
            let old = CellRef { node: index / types, cost_type: index % types };
            let (code, cost_type) = self.cell_names(old);
            let held = cell[..FTC].iter().any(|v| *v != 0) || self.fixed_forecasts.contains_key(&index);
            if !held {
                continue;
            }
            match next.cell(code, cost_type) {
                Ok(new) => postings.extend(Column::ALL.iter().map(|c| (new, *c, cell[*c as usize]))),
                Err(_) => problems.push(format!("{code} / {cost_type} holds figures but is not a leaf cell of the new breakdown")),
            }
        }
        if !problems.is_empty() {
            return Err(Error::InvalidCostBreakdown { problems });
        }
        for ((code, cost_type), method) in forecasts {
            if let Some(units) = method.fixed_units(self.currency)? {
                let cell = next.cell(code, cost_type)?;
                let index = next.index(cell);
                next.fixed_forecasts.insert(index, units);
            }
        }
        next.rollup_from(&postings)?;
        Ok(next)
    }

    /// One posted column for every node (all cost types), in declaration order, in minor
    /// units: the columnar form of a rollup.
    #[must_use]
    pub fn node_totals(&self, column: Column) -> Vec<i128> {
        let types = self.breakdown.cost_types.len();
        self.total.chunks(types).map(|cells| cells.iter().map(|c| i128::from(c[column as usize])).sum()).collect()
    }

    /// Checks that every node holds the sum of its children and every leaf its own forecast,
    /// as a full rollup from the leaves gives them (the incremental path must agree).
    pub(crate) fn check_rollup(&self) -> std::result::Result<(), String> {
        let mut full = self.clone();
        full.recompute().map_err(|e| e.to_string())?;
        match full.total.iter().zip(&self.total).position(|(a, b)| a != b) {
            None if full.own == self.own => Ok(()),
            None => Err("a leaf's forecast differs from the one its method gives".to_owned()),
            Some(index) => {
                let types = self.breakdown.cost_types.len();
                let node = &self.breakdown.nodes[index / types];
                Err(format!("{} / {} holds {:?}, a full rollup gives {:?}", node.code, self.breakdown.cost_types[index % types], self.total[index], full.total[index]))
            }
        }
    }

    /// One posted column of a leaf cell, in minor units.
    #[must_use]
    pub fn cell_units(&self, cell: CellRef, column: Column) -> i64 {
        self.own[self.index(cell)][column as usize]
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::cost::breakdown::{CostCodeDef, STANDARD_COST_TYPES};

    fn def(code: &str, parent: Option<&str>) -> CostCodeDef {
        CostCodeDef { code: code.into(), name: code.to_owned(), parent: parent.map(Into::into) }
    }

    fn types() -> Vec<String> {
        STANDARD_COST_TYPES.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn every_problem_is_named() {
        let error = CostBreakdown::new(
            vec![def("01", None), def("01", None), def("02.01", None), def("A", Some("B")), def("B", Some("C")), def("C", Some("A"))],
            vec!["labour".into(), "labour".into()],
        )
        .unwrap_err();
        let Error::InvalidCostBreakdown { problems } = error else { panic!() };
        let text = problems.join("\n");
        assert!(text.contains("\"01\" is declared twice"), "{text}");
        assert!(text.contains("orphan: its parent \"02\""), "{text}");
        assert!(text.contains("cycle: A → C → B → A") || text.contains("cycle: A → B → C → A"), "{text}");
        assert!(text.contains("\"labour\" is listed twice"), "{text}");
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn postings_roll_up_and_derive_the_columns() {
        let tree = CostBreakdown::new(vec![def("01", None), def("01.01", None), def("01.02", None), def("02", None)], types()).unwrap();
        let mut ledger = CostLedger::new(tree, Currency::CNY);
        let cny = |s: &str| Money::parse(&format!("CNY {s}")).unwrap();
        ledger.post("01.01", "labour", Column::OriginalBudget, &cny("1000.00")).unwrap();
        ledger.post("01.02", "material", Column::OriginalBudget, &cny("500.00")).unwrap();
        ledger.post("01.01", "labour", Column::ApprovedChanges, &cny("100.00")).unwrap();
        ledger.post("01.01", "labour", Column::PendingChanges, &cny("50.00")).unwrap();
        ledger.post("01.01", "labour", Column::Committed, &cny("800.00")).unwrap();
        ledger.post("01.01", "labour", Column::Invoiced, &cny("300.00")).unwrap();
        ledger.post("01.02", "material", Column::DirectCosts, &cny("120.00")).unwrap();
        assert_eq!(ledger.post("01", "labour", Column::Committed, &cny("1")).unwrap_err().kind(), "InvalidField");
        assert_eq!(ledger.post("01.01", "steel", Column::Committed, &cny("1")).unwrap_err().kind(), "InvalidField");
        assert_eq!(ledger.post("01.01", "labour", Column::Committed, &Money::parse("USD 1").unwrap()).unwrap_err().kind(), "CurrencyMismatch");
        let row = ledger.row(Some("01"), None).unwrap();
        assert_eq!(row.revised_budget, cny("1600.00"));
        assert_eq!(row.projected_budget, cny("1650.00"));
        assert_eq!(row.actual, cny("420.00"));
        assert_eq!(row.projected_cost, cny("920.00"));
        assert_eq!(row.forecast_to_complete, cny("730.00"));
        assert_eq!(row.estimated_cost_at_completion, cny("1650.00"));
        assert_eq!(row.projected_over_under, cny("0.00"));
        assert_eq!(ledger.row(None, Some("material")).unwrap().actual, cny("120.00"));
        let incremental = ledger.clone();
        ledger.recompute().unwrap();
        assert_eq!(ledger, incremental);
    }
}
