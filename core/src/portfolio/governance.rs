//! The portfolio's governance queries: the risk register, its heat map and exposure, the
//! suppliers' grades, the review gates' items, the KPIs and the value realised.

use std::cell::OnceCell;

use chrono::NaiveDate;

use rust_decimal::Decimal;

use crate::cost::RowSums;
use crate::evm::EarnedValue;
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
            let reading = KpiReading::new(self, id, as_of);
            values.extend(self.governance.kpis(id).map(|kpi| reading.value(kpi)));
        }
        Ok(values)
    }

    /// A project's figures as its KPIs read them on `as_of` (for many KPIs at many days).
    pub(crate) fn kpi_reading<'a>(&'a self, project_id: &'a ProjectId, as_of: NaiveDate) -> KpiReading<'a> {
        KpiReading::new(self, project_id, as_of)
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

/// A project's figures as its KPIs read them on a day, each worked out once, when a KPI first
/// asks for it (several KPIs read the same budget total or earned value).
pub(crate) struct KpiReading<'a> {
    portfolio: &'a Portfolio,
    project_id: &'a ProjectId,
    as_of: NaiveDate,
    total: OnceCell<Option<RowSums>>,
    earned_value: OnceCell<Option<EarnedValue>>,
}

impl<'a> KpiReading<'a> {
    fn new(portfolio: &'a Portfolio, project_id: &'a ProjectId, as_of: NaiveDate) -> KpiReading<'a> {
        KpiReading { portfolio, project_id, as_of, total: OnceCell::new(), earned_value: OnceCell::new() }
    }

    fn value(&self, kpi: &KpiDefinition) -> KpiValue {
        kpi.value_of(self.project_id, self.as_of, self.figure(kpi))
    }

    /// The project total of the budget view (all cost types), in minor units.
    fn total(&self) -> Option<&RowSums> {
        self.total.get_or_init(|| self.portfolio.costs.get(self.project_id)?.ledger().sums(None, None).ok()).as_ref()
    }

    fn earned_value(&self) -> Option<&EarnedValue> {
        self.earned_value.get_or_init(|| self.portfolio.earned_value(self.project_id, None, self.as_of).ok()).as_ref()
    }

    /// One KPI's figure; none where the ledger holds none yet (no cost centre, no planned
    /// value, no contract, no baseline).
    pub(crate) fn figure(&self, kpi: &KpiDefinition) -> Option<Decimal> {
        let (portfolio, project_id) = (self.portfolio, self.project_id);
        // Per cents of two sums in minor units, to 0.01 (half away from zero), written at two
        // places.
        let percent = |part: i128, whole: i128| {
            let (part, whole) = (Decimal::try_from_i128_with_scale(part, 0).ok()?, Decimal::try_from_i128_with_scale(whole, 0).ok()?);
            (!whole.is_zero()).then(|| part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)).flatten().map(|p| crate::decimal::at_places(RoundingStrategy::HalfAwayFromZero.round(p, 2), 2))
        };
        match kpi.measure {
            KpiMeasure::Spi => self.earned_value()?.spi,
            KpiMeasure::Cpi => self.earned_value()?.cpi,
            KpiMeasure::MarginPercent => portfolio.costs.get(project_id)?.margin_percent().ok()?,
            KpiMeasure::ScheduleSlipDays => {
                let slips = portfolio.schedule_variance(project_id, kpi.baseline.as_deref()?).ok()?;
                slips.iter().filter_map(|v| v.finish_variance).max().map(Decimal::from)
            }
            KpiMeasure::BudgetChangePercent => {
                let total = self.total()?;
                percent(total.approved, total.original)
            }
            KpiMeasure::LabourCostPercent => {
                let labour = portfolio.costs.get(project_id)?.ledger().sums(None, Some(crate::labour::LABOUR_COST_TYPE)).ok().map_or(0, |s| s.actual());
                percent(labour, self.total()?.actual())
            }
            KpiMeasure::RiskExposure => {
                let currency = portfolio.projects.get(project_id).ok()?.currency;
                Some(portfolio.governance.emv_total(project_id, currency).ok()?.amount())
            }
            KpiMeasure::OverdueWages => {
                let ledger = portfolio.wage_ledger(project_id, None, self.as_of, IdNumbers::Masked).ok()?;
                let owed = ledger.iter().filter(|r| r.overdue).try_fold(Decimal::ZERO, |sum, r| sum.checked_add(r.gross.amount().checked_sub(r.paid.amount())?.max(Decimal::ZERO)))?;
                Some(crate::Money::new(owed, portfolio.projects.get(project_id).ok()?.currency).amount())
            }
        }
    }
}
