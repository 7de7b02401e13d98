//! Budget control (ERPNext's anchor): Stop / Warn / Ignore per project or per code subtree,
//! on committed, actual and cumulative, evaluated before anything posts.

use serde::{Deserialize, Serialize};

use super::ledger::{CellRef, Column};
use super::CostCentre;
use super::Recording;
use crate::ids::CostCode;
use crate::{Breach, Error, EventId, Money, Result};

/// What a budget control does when a figure would exceed the revised budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlAction {
    /// Refuse the posting, naming the figures.
    Stop,
    /// Accept it and report the figures.
    Warn,
    #[default]
    /// Neither refuse nor report.
    Ignore,
}
crate::persist::persist_enum!(ControlAction { 0 => Stop, 1 => Warn, 2 => Ignore });


/// The figure a budget control watches (ERPNext's anchor). Cumulative is committed plus
/// costs outside commitments: an invoice is already inside its commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlMeasure {
    /// Commitments (subcontracts and purchase orders, with their change orders).
    Committed,
    /// Actual cost: invoices and direct costs.
    Actual,
    /// Committed plus direct costs outside commitments.
    Cumulative,
}
crate::persist::persist_enum!(ControlMeasure { 0 => Committed, 1 => Actual, 2 => Cumulative });


impl ControlMeasure {
    const ALL: [ControlMeasure; 3] = [ControlMeasure::Committed, ControlMeasure::Actual, ControlMeasure::Cumulative];

    fn columns(self) -> &'static [Column] {
        match self {
            ControlMeasure::Committed => &[Column::Committed],
            ControlMeasure::Actual => &[Column::Invoiced, Column::DirectCosts],
            ControlMeasure::Cumulative => &[Column::Committed, Column::DirectCosts],
        }
    }

    fn name(self) -> &'static str {
        match self {
            ControlMeasure::Committed => "committed",
            ControlMeasure::Actual => "actual",
            ControlMeasure::Cumulative => "cumulative",
        }
    }
}

/// The control of one scope (the project, or a code and its subtree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct BudgetControl {
    #[serde(default)]
    /// What to do when commitments exceed the budget.
    pub committed: ControlAction,
    #[serde(default)]
    /// What to do when actual cost exceeds the budget.
    pub actual: ControlAction,
    #[serde(default)]
    /// What to do when committed plus direct costs exceed the budget.
    pub cumulative: ControlAction,
}
crate::persist::persist_struct!(BudgetControl { committed, actual, cumulative });


impl BudgetControl {
    fn action(&self, measure: ControlMeasure) -> ControlAction {
        match measure {
            ControlMeasure::Committed => self.committed,
            ControlMeasure::Actual => self.actual,
            ControlMeasure::Cumulative => self.cumulative,
        }
    }
}

/// A figure over its budget that a Warn control let through (or that Stop refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct BudgetWarning {
    /// The event that raised the warning.
    pub event_id: EventId,
    /// `None` for the whole project, else the code whose subtree is controlled.
    pub code: Option<CostCode>,
    /// The figure that went over.
    pub measure: ControlMeasure,
    /// The figure with the posting.
    pub amount: Money,
    /// The revised budget of the scope.
    pub budget: Money,
    /// `amount − budget`, above zero.
    pub over_by: Money,
}
crate::persist::persist_struct!(BudgetWarning { event_id, code, measure, amount, budget, over_by });


impl BudgetWarning {
    /// The warning as the breach a Stop control refuses with.
    fn breach(&self) -> Breach {
        Breach {
            code: self.code.as_ref().map(ToString::to_string),
            measure: self.measure.name().to_owned(),
            currency: self.amount.currency().to_string(),
            amount: self.amount.amount(),
            budget: self.budget.amount(),
            over_by: self.over_by.amount(),
        }
    }
}

pub(super) type Posting = (CellRef, Column, i64);

impl CostCentre {
    /// Evaluates the controls the postings touch: Stop breaches refuse the whole change with
    /// their figures; Warn breaches come back as warnings. A figure that does not grow is
    /// never refused.
    pub(super) fn control(&self, rec: &Recording<'_>, postings: &[Posting]) -> Result<Vec<BudgetWarning>> {
        if self.controls.is_empty() || postings.is_empty() {
            return Ok(vec![]);
        }
        let currency = self.ledger.currency();
        let mut breaches: Vec<(ControlAction, BudgetWarning)> = Vec::new();
        for (scope, control) in &self.controls {
            let code = scope.as_deref();
            let inside: Vec<&Posting> = postings
                .iter()
                .filter(|(cell, _, _)| code.is_none_or(|c| self.breakdown().path(self.ledger.cell_names(*cell).0).is_ok_and(|p| p.contains(&c))))
                .collect();
            if inside.is_empty() {
                continue;
            }
            let overflow = || Error::overflow("budget control");
            let budget = self.ledger.total_units(code, Column::OriginalBudget)?.checked_add(self.ledger.total_units(code, Column::ApprovedChanges)?).ok_or_else(overflow)?;
            for measure in ControlMeasure::ALL {
                let action = control.action(measure);
                if action == ControlAction::Ignore {
                    continue;
                }
                let columns = measure.columns();
                let before: i128 = columns.iter().map(|c| self.ledger.total_units(code, *c)).sum::<Result<i128>>()?;
                let change: i128 = inside.iter().filter(|(_, c, _)| columns.contains(c)).map(|(_, _, u)| i128::from(*u)).sum();
                let after = before.checked_add(change).ok_or_else(overflow)?;
                if change > 0 && after > budget {
                    let m = |u: i128| Money::from_minor_units(u, currency);
                    breaches.push((
                        action,
                        BudgetWarning {
                            event_id: rec.event_id.clone(),
                            code: code.map(Into::into),
                            measure,
                            amount: m(after)?,
                            budget: m(budget)?,
                            over_by: m(after.checked_sub(budget).ok_or_else(overflow)?)?,
                        },
                    ));
                }
            }
        }
        let stops: Vec<Breach> = breaches.iter().filter(|(a, _)| *a == ControlAction::Stop).map(|(_, w)| w.breach()).collect();
        if !stops.is_empty() {
            return Err(Error::BudgetExceeded { project_id: rec.project_id.to_owned(), breaches: stops });
        }
        Ok(breaches.into_iter().map(|(_, w)| w).collect())
    }

    /// Posts every posting or none (an overflow undoes the ones already made).
    pub(super) fn post_all(&mut self, postings: &[Posting]) -> Result<()> {
        for (done, (cell, column, units)) in postings.iter().enumerate() {
            if let Err(error) = self.ledger.post_units(*cell, *column, *units) {
                for (cell, column, units) in postings.get(..done).unwrap_or_default().iter().rev() {
                    self.ledger.post_units(*cell, *column, units.checked_neg().ok_or_else(|| Error::overflow("undoing a posting"))?)?;
                }
                return Err(error);
            }
        }
        Ok(())
    }
}

pub(super) fn checked(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b).ok_or_else(|| Error::overflow("cost figures"))
}
