//! What the register shows: a row per risk, the heat map of the open risks, and their
//! expected monetary value against the contingency reserve.

use chrono::NaiveDate;
use serde::Serialize;

use super::risk::{ResponseStrategy, RiskCategory, RiskLevel, RiskStatus};
use super::Governance;
use crate::{ActorId, CostCode, Currency, Money, ProjectId, Result};

/// A risk as the register lists it, as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RiskRow {
    /// The project.
    pub project_id: ProjectId,
    /// The risk.
    pub risk_id: String,
    /// Its title.
    pub title: String,
    /// Its category.
    pub category: RiskCategory,
    /// Where it stands.
    pub status: RiskStatus,
    /// Who owns it.
    pub owner: ActorId,
    /// Probability 1–5, once assessed.
    pub probability: Option<u8>,
    /// The worst impact 1–5, once assessed.
    pub impact: Option<u8>,
    /// Probability × impact, once assessed.
    pub score: Option<u8>,
    /// The level the score falls in.
    pub level: Option<RiskLevel>,
    /// Expected monetary value, where the cost exposure is known.
    pub emv: Option<Money>,
    /// The response strategy, once planned.
    pub strategy: Option<ResponseStrategy>,
    /// Response actions not done.
    pub open_actions: u64,
    /// Response actions past their due day and not done.
    pub overdue_actions: u64,
    /// The next review is due by this day.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub next_review: Option<NaiveDate>,
    /// True when an open risk's review is past due.
    pub review_overdue: bool,
    /// The cost codes it bears on.
    pub cost_codes: Vec<CostCode>,
    /// The activities it bears on.
    pub activities: Vec<String>,
}

/// One cell of the 5×5 heat map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HeatCell {
    /// Probability 1–5 (the row).
    pub probability: u8,
    /// Impact 1–5 (the column).
    pub impact: u8,
    /// Probability × impact.
    pub score: u8,
    /// The level of the score (the cell's colour).
    pub level: RiskLevel,
    /// The open, assessed risks in the cell, by project then id.
    pub risk_ids: Vec<String>,
}

/// The heat map of open, assessed risks: 25 cells, probability 5 (top) to 1, impact 1 (left)
/// to 5, as it is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HeatMap {
    /// The cells, row by row from the top.
    pub cells: Vec<HeatCell>,
}

impl HeatMap {
    /// How many risks sit in a cell.
    #[must_use]
    pub fn count(&self, probability: u8, impact: u8) -> usize {
        self.cells.iter().find(|c| c.probability == probability && c.impact == impact).map_or(0, |c| c.risk_ids.len())
    }

    /// The map as text, a row per probability: each cell the count of its risks and its
    /// level's initial (`2E`: two extreme), `·` for an empty cell.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut text = String::from("P\\I     1     2     3     4     5\n");
        for row in self.cells.chunks(5) {
            let probability = row.first().map_or(0, |c| c.probability);
            text.push_str(&format!(" {probability} "));
            for cell in row {
                let initial = cell.level.name().chars().next().unwrap_or(' ').to_ascii_uppercase();
                let shown = if cell.risk_ids.is_empty() { format!("{initial}·") } else { format!("{}{initial}", cell.risk_ids.len()) };
                text.push_str(&format!("{shown:>6}"));
            }
            text.push('\n');
        }
        text
    }
}

/// A project's open risks in money: their expected monetary value against the contingency
/// reserve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RiskExposure {
    /// The project.
    pub project_id: ProjectId,
    /// Open risks.
    pub open_risks: u64,
    /// Open risks with an expected monetary value (assessed, with a cost exposure).
    pub quantified: u64,
    /// Σ EMV of the open risks, exact (each rounded once).
    pub emv_total: Money,
    /// The code of the contingency reserve, once named.
    pub contingency_code: Option<CostCode>,
    /// The reserve: its code's revised budget (what budget transfers drew is already out).
    pub contingency: Option<Money>,
    /// EMV beyond the reserve (zero when covered; the whole EMV with no reserve).
    pub shortfall: Money,
}

impl Governance {
    /// The register as of a day: the risks of one project or of all (by project, then id).
    pub(crate) fn rows(&self, project: Option<&ProjectId>, as_of: NaiveDate, currency_of: &dyn Fn(&ProjectId) -> Result<Currency>) -> Result<Vec<RiskRow>> {
        let mut rows = Vec::new();
        for (project_id, register) in self.registers.sorted().into_iter().filter(|(id, _)| project.is_none_or(|p| p == *id)) {
            let currency = currency_of(project_id)?;
            for risk in register.risks() {
                let assessment = risk.assessment();
                rows.push(RiskRow {
                    project_id: project_id.clone(),
                    risk_id: risk.risk_id.clone(),
                    title: risk.title.clone(),
                    category: risk.category,
                    status: risk.status,
                    owner: risk.owner.clone(),
                    probability: assessment.map(|a| a.probability.value()),
                    impact: assessment.map(|a| a.impact().value()),
                    score: assessment.map(super::Assessment::score),
                    level: assessment.map(super::Assessment::level),
                    emv: assessment.map(|a| a.emv(currency)).transpose()?.flatten(),
                    strategy: risk.strategy,
                    open_actions: count(risk.actions.iter().filter(|a| a.done_on.is_none())),
                    overdue_actions: count(risk.overdue_actions(as_of)),
                    next_review: risk.next_review,
                    review_overdue: risk.review_overdue(as_of),
                    cost_codes: risk.cost_codes.clone(),
                    activities: risk.activities.clone(),
                });
            }
        }
        Ok(rows)
    }

    /// The heat map of the open, assessed risks of one project or of all.
    #[must_use]
    pub fn heat_map(&self, project: Option<&ProjectId>) -> HeatMap {
        let mut cells: Vec<HeatCell> = (1..=5u8)
            .rev()
            .flat_map(|probability| (1..=5u8).map(move |impact| (probability, impact)))
            .map(|(probability, impact)| {
                let score = probability.saturating_mul(impact);
                HeatCell { probability, impact, score, level: RiskLevel::of(score), risk_ids: Vec::new() }
            })
            .collect();
        let open = self.registers.sorted().into_iter().filter(|(id, _)| project.is_none_or(|p| p == *id)).flat_map(|(_, r)| r.risks()).filter(|r| r.status.is_open());
        for risk in open {
            if let Some((probability, impact)) = risk.assessment().map(super::Assessment::cell)
                && let Some(cell) = cells.iter_mut().find(|c| c.probability == probability && c.impact == impact)
            {
                cell.risk_ids.push(risk.risk_id.clone());
            }
        }
        HeatMap { cells }
    }

    /// A project's open risks in money against its contingency reserve (`contingency`: the
    /// reserve code's revised budget, when a code is named and budgeted).
    pub(crate) fn exposure(&self, project_id: &ProjectId, currency: Currency, contingency: Option<Money>) -> Result<RiskExposure> {
        let register = self.register(project_id);
        let (emv_total, quantified) = self.emv_sum(project_id, currency)?;
        let beyond = match contingency {
            Some(reserve) => emv_total.checked_sub(&reserve)?,
            None => emv_total,
        };
        let shortfall = if beyond.amount().is_sign_positive() && !beyond.amount().is_zero() { beyond } else { crate::funds::zero(currency) };
        Ok(RiskExposure {
            project_id: project_id.clone(),
            open_risks: count(register.into_iter().flat_map(super::RiskRegister::risks).filter(|r| r.status.is_open())),
            quantified,
            emv_total,
            contingency_code: register.and_then(|r| r.contingency_code().cloned()),
            contingency,
            shortfall,
        })
    }

    /// Σ EMV of a project's open risks: what the KPI of risk exposure reads.
    pub(crate) fn emv_total(&self, project_id: &ProjectId, currency: Currency) -> Result<Money> {
        Ok(self.emv_sum(project_id, currency)?.0)
    }

    /// Σ EMV of a project's open risks, and how many of them have one.
    fn emv_sum(&self, project_id: &ProjectId, currency: Currency) -> Result<(Money, u64)> {
        let open = self.register(project_id).into_iter().flat_map(super::RiskRegister::risks).filter(|r| r.status.is_open());
        let mut emv_total = crate::funds::zero(currency);
        let mut quantified = 0u64;
        for risk in open {
            if let Some(emv) = risk.assessment().map(|a| a.emv(currency)).transpose()?.flatten() {
                emv_total = emv_total.checked_add(&emv)?;
                quantified = quantified.saturating_add(1);
            }
        }
        Ok((emv_total, quantified))
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u64 {
    u64::try_from(items.count()).unwrap_or(u64::MAX)
}
