//! The portfolio's governance queries: the risk register, its heat map and exposure, and
//! the suppliers' grades.

use chrono::NaiveDate;

use crate::governance::{Governance, HeatMap, ReviewItemRow, RiskExposure, RiskRow, SupplierScoreRow};
use crate::{ProjectId, Result};

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

    /// Each supplier's latest grade per project, with its trend.
    pub fn supplier_grades(&self, project_id: Option<&ProjectId>) -> Result<Vec<SupplierScoreRow>> {
        if let Some(id) = project_id {
            self.projects.get(id)?;
        }
        Ok(self.governance.supplier_grades(project_id))
    }
}
