//! KPIs (价值度量): definitions over a project's figures, each with a target and the
//! green / amber / red bands a value falls in. The figures are the ledger's own, as of a day.
//!
//! ```
//! use projectledger::governance::{KpiDefinition, KpiMeasure, KpiStatus};
//! let cpi = KpiDefinition { kpi_id: "cpi".into(), name: "Cost performance".into(), measure: KpiMeasure::Cpi, green: "0.95".parse().unwrap(), amber: "0.9".parse().unwrap(), baseline: None };
//! assert_eq!(["0.97", "0.92", "0.85"].map(|v| cpi.status(v.parse().unwrap())), [KpiStatus::Green, KpiStatus::Amber, KpiStatus::Red]);
//! // Lower is better for overdue wages: at or below the green bound is green.
//! let wages = KpiDefinition { measure: KpiMeasure::OverdueWages, green: 0.into(), amber: 10_000.into(), ..cpi };
//! assert_eq!(wages.status(5_000.into()), KpiStatus::Amber);
//! ```

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::text::{check_id, check_text};
use crate::{Error, ProjectId, Result};

/// What a KPI measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiMeasure {
    /// Schedule performance index, EV ÷ PV (higher is better).
    Spi,
    /// Cost performance index, EV ÷ AC (higher is better).
    Cpi,
    /// Gross margin ÷ revised contract value, per cent (higher is better).
    MarginPercent,
    /// The largest finish slip of any activity against the KPI's baseline, working days
    /// (lower is better).
    ScheduleSlipDays,
    /// Approved budget changes ÷ original budget, per cent (lower is better).
    BudgetChangePercent,
    /// Labour actuals ÷ all actuals, per cent (lower is better).
    LabourCostPercent,
    /// Σ EMV of the open risks, in the project's currency (lower is better).
    RiskExposure,
    /// Wages still owed past their due day, in the project's currency (lower is better).
    OverdueWages,
}
crate::persist::persist_enum!(KpiMeasure { 0 => Spi, 1 => Cpi, 2 => MarginPercent, 3 => ScheduleSlipDays, 4 => BudgetChangePercent, 5 => LabourCostPercent, 6 => RiskExposure, 7 => OverdueWages });

impl KpiMeasure {
    /// True when the figure depends on the day it is read on, not only on the state: earned
    /// value's status date, the day overdue wages are judged on, a schedule's status.
    #[must_use]
    pub fn reads_the_day(self) -> bool {
        matches!(self, KpiMeasure::Spi | KpiMeasure::Cpi | KpiMeasure::OverdueWages | KpiMeasure::ScheduleSlipDays)
    }

    /// True when a higher value is better.
    #[must_use]
    pub fn higher_is_better(self) -> bool {
        matches!(self, KpiMeasure::Spi | KpiMeasure::Cpi | KpiMeasure::MarginPercent)
    }
}

/// Where a KPI's value falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiStatus {
    /// At or better than the target.
    Green,
    /// Short of the target, within the tolerance.
    Amber,
    /// Beyond the tolerance.
    Red,
}

/// A KPI: what it measures, its target (the green bound) and its tolerance (the amber bound).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiDefinition {
    /// The KPI's id, unique in the project.
    pub kpi_id: String,
    /// Its name on a dashboard.
    pub name: String,
    /// What it measures.
    pub measure: KpiMeasure,
    /// The target: green at or better than this.
    #[serde(with = "crate::wire::exact")]
    pub green: Decimal,
    /// The tolerance: amber at or better than this, red beyond.
    #[serde(with = "crate::wire::exact")]
    pub amber: Decimal,
    /// The baseline a schedule slip is measured against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
}
crate::persist::persist_struct!(KpiDefinition { kpi_id, name, measure, green, amber, baseline });

impl KpiDefinition {
    /// The definition's own checks: the amber bound on the worse side of the green one, a
    /// baseline for a schedule slip.
    pub fn check(&self) -> Result<()> {
        check_id("kpi id", &self.kpi_id)?;
        check_text("kpi name", &self.name)?;
        let ordered = if self.measure.higher_is_better() { self.amber <= self.green } else { self.amber >= self.green };
        if !ordered {
            return Err(Error::invalid_field("kpi bounds", format!("{}: amber {} must be on the worse side of green {}", self.kpi_id, self.amber, self.green)));
        }
        if self.measure == KpiMeasure::ScheduleSlipDays && self.baseline.is_none() {
            return Err(Error::invalid_field("baseline", format!("{}: a schedule slip is measured against a named baseline", self.kpi_id)));
        }
        Ok(())
    }

    /// The band a value falls in.
    #[must_use]
    pub fn status(&self, value: Decimal) -> KpiStatus {
        let at_least = |bound: Decimal| if self.measure.higher_is_better() { value >= bound } else { value <= bound };
        if at_least(self.green) {
            KpiStatus::Green
        } else if at_least(self.amber) {
            KpiStatus::Amber
        } else {
            KpiStatus::Red
        }
    }
}

/// A KPI's value as of a day: none where the ledger has no figure for it yet (no planned
/// value, no contract, no baseline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KpiValue {
    /// The project.
    pub project_id: ProjectId,
    /// The KPI.
    pub kpi_id: String,
    /// Its name.
    pub name: String,
    /// What it measures.
    pub measure: KpiMeasure,
    /// The day it is as of.
    #[serde(serialize_with = "crate::wire::date")]
    pub as_of: NaiveDate,
    /// Its value.
    #[serde(with = "crate::wire::exact_opt")]
    pub value: Option<Decimal>,
    /// The target.
    #[serde(with = "crate::wire::exact")]
    pub green: Decimal,
    /// The tolerance.
    #[serde(with = "crate::wire::exact")]
    pub amber: Decimal,
    /// Its band, where it has a value.
    pub status: Option<KpiStatus>,
}

/// KPI values at many days (`Journal::kpi_snapshots`), held as columns: each KPI definition
/// once, and a point per KPI and day — no text copied per value, so three years of month-ends
/// of a large portfolio stay small. [`KpiSnapshots::values`] gives them as [`KpiValue`] rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct KpiSnapshots {
    /// Each KPI as defined, with its project: what a point's `kpi` indexes. A KPI defined
    /// again between two days (new bounds, a new name) is here once per definition.
    pub kpis: Vec<(ProjectId, KpiDefinition)>,
    /// The values: by day, then by project and KPI id.
    pub points: Vec<KpiPoint>,
}

/// One KPI's value on one day of a [`KpiSnapshots`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct KpiPoint {
    /// The KPI: an index into [`KpiSnapshots::kpis`].
    pub kpi: u32,
    /// The day it is as of.
    #[serde(serialize_with = "crate::wire::date")]
    pub as_of: NaiveDate,
    /// Its value, where the ledger has a figure for it.
    #[serde(with = "crate::wire::exact_opt")]
    pub value: Option<Decimal>,
}

impl KpiSnapshots {
    /// How many values it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// True when it holds none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The values as rows: what [`crate::Journal::kpis`] gives day by day.
    pub fn values(&self) -> impl Iterator<Item = KpiValue> + '_ {
        self.points.iter().filter_map(|point| {
            let (project_id, kpi) = self.kpis.get(usize::try_from(point.kpi).ok()?)?;
            Some(kpi.value_of(project_id, point.as_of, point.value))
        })
    }
}

impl KpiDefinition {
    /// This KPI's row for a figure as of a day: its band from the bounds.
    #[must_use]
    pub fn value_of(&self, project_id: &ProjectId, as_of: NaiveDate, value: Option<Decimal>) -> KpiValue {
        KpiValue {
            project_id: project_id.clone(),
            kpi_id: self.kpi_id.clone(),
            name: self.name.clone(),
            measure: self.measure,
            as_of,
            value,
            green: self.green,
            amber: self.amber,
            status: value.map(|v| self.status(v)),
        }
    }
}
