//! The portfolio's governance queries: the risk register, its heat map and exposure, and
//! the suppliers' grades.

use chrono::NaiveDate;

use rust_decimal::Decimal;

use crate::governance::{Governance, HeatMap, KpiDefinition, KpiMeasure, KpiValue, ReviewItemRow, RiskExposure, RiskRow, SupplierScoreRow, ValueRealisation};
use crate::labour::IdNumbers;
use crate::{ProjectId, Result, RoundingStrategy};

use super::Portfolio;

impl Portfolio {
    /// The governance side of the portfolio: risk registers and supplier books.
    #[must_use]
    pub fn governance(&self) -> &Governance {
        &self.governance
    }

    /// The risk register as of a day (overdue reviews and actions are judged on it): one
    /// project's risks, or every project's (by project, then risk id).
    pub fn risk_register(&self, project_id: Option<&ProjectId>, as_of: NaiveDate) -> Result<Vec<RiskRow>> {
        if let Some(id) = project_id {
            self.projects.get(id)?;
        }
        self.governance.rows(project_id, as_of, &|id| Ok(self.projects.get(id)?.currency))
    }

    /// The 5×5 heat map of the open, assessed risks of one project, or of every project.
    pub fn risk_heat_map(&self, project_id: Option<&ProjectId>) -> Result<HeatMap> {
        if let Some(id) = project_id {
            self.projects.get(id)?;
        }
        Ok(self.governance.heat_map(project_id))
    }

    /// A project's open risks in money: Σ EMV against the contingency reserve, its code's
    /// revised budget in the cost centre.
    pub fn risk_exposure(&self, project_id: &ProjectId) -> Result<RiskExposure> {
        let project = self.projects.get(project_id)?;
        let code = self.governance.register(project_id).and_then(|r| r.contingency_code());
        let reserve = match (code, self.costs.get(project_id)) {
            (Some(code), Some(centre)) => Some(centre.row(Some(code.as_str()), None)?.revised_budget),
            _ => None,
        };
        self.governance.exposure(project_id, project.currency, reserve)
    }

    /// Every supplier evaluation (of one project or all), with each criterion's score and the
    /// change since the supplier's previous evaluation.
    pub fn supplier_evaluations(&self, project_id: Option<&ProjectId>) -> Result<Vec<SupplierScoreRow>> {
        if let Some(id) = project_id {
            self.projects.get(id)?;
        }
        Ok(self.governance.supplier_evaluations(project_id))
    }

    /// Every item of the review gates of a project's workflow: passed (by whom, with what
    /// evidence), exempted, or still open.
    pub fn review_status(&self, project_id: &ProjectId) -> Result<Vec<ReviewItemRow>> {
        let project = self.projects.get(project_id)?;
        Ok(self.governance.review_status(project_id, &project.workflow))
    }

    /// The KPIs of one project (or of every project with KPIs: the dashboard) as this state
    /// reads them on `as_of` — the status date of earned value, the day overdue wages and
    /// reviews are judged on. For a period end, ask the state as of that day
    /// (`Journal::state_as_of`), as the surfaces' `kpis` do.
    pub fn kpi_values(&self, project_id: Option<&ProjectId>, as_of: NaiveDate) -> Result<Vec<KpiValue>> {
        if let Some(id) = project_id {
            self.projects.get(id)?;
        }
        let projects: Vec<&ProjectId> = match project_id {
            Some(id) => vec![id],
            None => self.governance.kpi_projects().collect(),
        };
        let mut values = Vec::new();
        for id in projects {
            for kpi in self.governance.kpis(id) {
                let value = self.kpi_value(id, kpi, as_of);
                values.push(KpiValue {
                    project_id: id.clone(),
                    kpi_id: kpi.kpi_id.clone(),
                    name: kpi.name.clone(),
                    measure: kpi.measure,
                    as_of,
                    value,
                    green: kpi.green,
                    amber: kpi.amber,
                    status: value.map(|v| kpi.status(v)),
                });
            }
        }
        Ok(values)
    }

    /// One KPI of a project as of a day (for a snapshot that keeps the others).
    pub(crate) fn kpi_value_of(&self, project_id: &ProjectId, kpi_id: &str, as_of: NaiveDate) -> Result<KpiValue> {
        let kpi = self.governance.kpis(project_id).find(|k| k.kpi_id == kpi_id).ok_or_else(|| crate::Error::not_found("kpi", kpi_id, Some(project_id.as_str())))?;
        let value = self.kpi_value(project_id, kpi, as_of);
        Ok(KpiValue { project_id: project_id.clone(), kpi_id: kpi.kpi_id.clone(), name: kpi.name.clone(), measure: kpi.measure, as_of, value, green: kpi.green, amber: kpi.amber, status: value.map(|v| kpi.status(v)) })
    }

    /// One KPI's figure; none where the ledger holds none yet (no cost centre, no planned
    /// value, no contract, no baseline).
    fn kpi_value(&self, project_id: &ProjectId, kpi: &KpiDefinition, as_of: NaiveDate) -> Option<Decimal> {
        // Per cents to 0.01 (half away from zero), written at two places.
        let percent = |part: Decimal, whole: Decimal| {
            (!whole.is_zero()).then(|| part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)).flatten().map(|p| crate::decimal::at_places(RoundingStrategy::HalfAwayFromZero.round(p, 2), 2))
        };
        match kpi.measure {
            KpiMeasure::Spi => self.earned_value(project_id, None, as_of).ok()?.spi,
            KpiMeasure::Cpi => self.earned_value(project_id, None, as_of).ok()?.cpi,
            KpiMeasure::MarginPercent => self.cost_centre(project_id).ok()?.margin().ok()?.margin_percent,
            KpiMeasure::ScheduleSlipDays => {
                let slips = self.schedule_variance(project_id, kpi.baseline.as_deref()?).ok()?;
                slips.iter().filter_map(|v| v.finish_variance).max().map(Decimal::from)
            }
            KpiMeasure::BudgetChangePercent => {
                let total = self.cost_centre(project_id).ok()?.row(None, None).ok()?;
                percent(total.approved_changes.amount(), total.original_budget.amount())
            }
            KpiMeasure::LabourCostPercent => {
                let centre = self.cost_centre(project_id).ok()?;
                let labour = centre.row(None, Some(crate::labour::LABOUR_COST_TYPE)).ok().map_or(Decimal::ZERO, |r| r.actual.amount());
                percent(labour, centre.row(None, None).ok()?.actual.amount())
            }
            KpiMeasure::RiskExposure => Some(self.risk_exposure(project_id).ok()?.emv_total.amount()),
            KpiMeasure::OverdueWages => {
                let ledger = self.wage_ledger(project_id, None, as_of, IdNumbers::Masked).ok()?;
                let owed = ledger.iter().filter(|r| r.overdue).try_fold(Decimal::ZERO, |sum, r| sum.checked_add(r.gross.amount().checked_sub(r.paid.amount())?.max(Decimal::ZERO)))?;
                Some(crate::Money::new(owed, self.projects.get(project_id).ok()?.currency).amount())
            }
        }
    }

    /// A project's value as this state reads it on `as_of`: its benefits planned and measured
    /// to date, the investment (its actual cost; zero without a cost centre), ROI and payback.
    pub fn value_realisation(&self, project_id: &ProjectId, as_of: NaiveDate) -> Result<ValueRealisation> {
        let project = self.projects.get(project_id)?;
        let investment = match self.costs.get(project_id) {
            Some(centre) => centre.row(None, None)?.actual,
            None => crate::funds::zero(project.currency),
        };
        crate::governance::realisation(self.governance.benefits(project_id), investment, as_of)
    }

    /// Each supplier's latest grade per project, with its trend.
    pub fn supplier_grades(&self, project_id: Option<&ProjectId>) -> Result<Vec<SupplierScoreRow>> {
        if let Some(id) = project_id {
            self.projects.get(id)?;
        }
        Ok(self.governance.supplier_grades(project_id))
    }
}
