//! The risk register for the mobile surface: a site manager raises and observes risks
//! offline; the register, its heat map and the exposure against the contingency come back.

use chrono::NaiveDate;
use projectledger::cost::ControlAction;
use projectledger::governance::{self as core_governance, Assessment, BenefitAmount, BenefitRow, CriterionScores, Grade, GradingPolicy, KpiDefinition, KpiMeasure, KpiStatus, KpiValue, Rating, ResponseStrategy, ReviewItemRow, RiskAction, RiskCategory, RiskLevel, RiskOutcome, RiskStatus, ValueRealisation};
use projectledger::{ActorId, CostCode, Money, ProjectId};
use rust_decimal::Decimal;

use crate::{count, Journal, ProjectLedgerError, Result};

// A rating crosses as a signed Int (1–5); anything else is refused when lifted.
uniffi::custom_type!(Rating, i32, {
    remote,
    lower: |rating| i32::from(rating.value()),
    try_lift: |value| u8::try_from(value).ok().and_then(|v| Rating::new(v).ok()).ok_or_else(|| {
        ProjectLedgerError::from(projectledger::Error::invalid_field("rating", format!("{value} is not on the 1–5 scale"))).into()
    }),
});

/// What kind of risk.
#[uniffi::remote(Enum)]
pub enum RiskCategory {
    Technical,
    Schedule,
    Cost,
    Supplier,
    SecurityCompliance,
    Safety,
}

/// How a risk is answered.
#[uniffi::remote(Enum)]
pub enum ResponseStrategy {
    Avoid,
    Mitigate,
    Transfer,
    Accept,
    Escalate,
}

/// How a risk leaves the register: closed, or occurred (now an issue).
#[uniffi::remote(Enum)]
pub enum RiskOutcome {
    Closed,
    Occurred,
}

/// Where a risk stands.
#[uniffi::remote(Enum)]
pub enum RiskStatus {
    Identified,
    Assessed,
    Responding,
    Closed,
    Occurred,
}

/// Where a score falls: low 1–4, medium 5–9, high 10–15, extreme 16–25.
#[uniffi::remote(Enum)]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    Extreme,
}

/// A risk rated on the 5×5 matrix: probability and impacts 1–5, the probability in per cent
/// and the cost if it occurs where known.
#[uniffi::remote(Record)]
pub struct Assessment {
    pub probability: Rating,
    #[uniffi(default)]
    pub probability_percent: Option<rust_decimal::Decimal>,
    pub cost_impact: Rating,
    pub schedule_impact: Rating,
    pub quality_impact: Rating,
    #[uniffi(default)]
    pub cost_exposure: Option<rust_decimal::Decimal>,
}

/// One step of a risk's response.
#[uniffi::remote(Record)]
pub struct RiskAction {
    pub action_id: String,
    pub description: String,
    pub owner: ActorId,
    pub due: NaiveDate,
    #[uniffi(default)]
    pub done_on: Option<NaiveDate>,
}

/// A risk as the register lists it, as of a day.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RiskRow {
    pub project_id: ProjectId,
    pub risk_id: String,
    pub title: String,
    pub category: RiskCategory,
    pub status: RiskStatus,
    pub owner: ActorId,
    pub probability: Option<i32>,
    pub impact: Option<i32>,
    pub score: Option<i32>,
    pub level: Option<RiskLevel>,
    pub emv: Option<Money>,
    pub strategy: Option<ResponseStrategy>,
    pub open_actions: i64,
    pub overdue_actions: i64,
    pub next_review: Option<NaiveDate>,
    pub review_overdue: bool,
    pub cost_codes: Vec<CostCode>,
    pub activities: Vec<String>,
}

/// One cell of the heat map and the open risks in it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HeatCell {
    pub probability: i32,
    pub impact: i32,
    pub score: i32,
    pub level: RiskLevel,
    pub risk_ids: Vec<String>,
}

/// A project's open risks in money against its contingency reserve.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RiskExposure {
    pub project_id: ProjectId,
    pub open_risks: i64,
    pub quantified: i64,
    pub emv_total: Money,
    pub contingency_code: Option<CostCode>,
    pub contingency: Option<Money>,
    pub shortfall: Money,
}

/// A review item as the status lists it: state "open", "passed", "exemption_requested",
/// "exempted" or "exemption_refused".
#[uniffi::remote(Record)]
pub struct ReviewItemRow {
    pub project_id: ProjectId,
    pub review: String,
    pub item: String,
    pub role: String,
    pub state: String,
    pub by: Option<String>,
    pub evidence: String,
}

/// What a KPI measures.
#[uniffi::remote(Enum)]
pub enum KpiMeasure {
    Spi,
    Cpi,
    MarginPercent,
    ScheduleSlipDays,
    BudgetChangePercent,
    LabourCostPercent,
    RiskExposure,
    OverdueWages,
}

/// Where a KPI's value falls.
#[uniffi::remote(Enum)]
pub enum KpiStatus {
    Green,
    Amber,
    Red,
}

/// A KPI: what it measures, the target (green at or better) and the tolerance (amber), and
/// the baseline a schedule slip is measured against.
#[uniffi::remote(Record)]
pub struct KpiDefinition {
    pub kpi_id: String,
    pub name: String,
    pub measure: KpiMeasure,
    pub green: Decimal,
    pub amber: Decimal,
    #[uniffi(default)]
    pub baseline: Option<String>,
}

/// A KPI's value as of a day (null where the ledger has no figure yet).
#[uniffi::remote(Record)]
pub struct KpiValue {
    pub project_id: ProjectId,
    pub kpi_id: String,
    pub name: String,
    pub measure: KpiMeasure,
    pub as_of: NaiveDate,
    pub value: Option<Decimal>,
    pub green: Decimal,
    pub amber: Decimal,
    pub status: Option<KpiStatus>,
}

/// An amount of a benefit on a day.
#[uniffi::remote(Record)]
pub struct BenefitAmount {
    pub on: NaiveDate,
    pub amount: Decimal,
}

/// One benefit as of a day: planned and measured to date, and the share realised.
#[uniffi::remote(Record)]
pub struct BenefitRow {
    pub benefit_id: String,
    pub name: String,
    pub unit: String,
    pub planned_to_date: Decimal,
    pub measured_to_date: Decimal,
    pub realised_percent: Option<Decimal>,
}

/// A project's value as of a day: benefits, the investment (its actual cost), the return
/// planned and measured, ROI and payback.
#[uniffi::remote(Record)]
pub struct ValueRealisation {
    pub as_of: NaiveDate,
    pub benefits: Vec<BenefitRow>,
    pub investment: Money,
    pub planned_return: Money,
    pub measured_return: Money,
    pub roi: Option<Decimal>,
    pub payback_on: Option<NaiveDate>,
    pub planned_payback_on: Option<NaiveDate>,
}

/// A supplier's grade, A best.
#[uniffi::remote(Enum)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

/// One number per criterion: weights, or an evaluator's scores 0–100 (null: not scored).
#[uniffi::remote(Record)]
pub struct CriterionScores {
    #[uniffi(default)]
    pub quality: Option<Decimal>,
    #[uniffi(default)]
    pub delivery: Option<Decimal>,
    #[uniffi(default)]
    pub cost: Option<Decimal>,
    #[uniffi(default)]
    pub service: Option<Decimal>,
    #[uniffi(default)]
    pub safety: Option<Decimal>,
}

/// How a project grades its suppliers: weights, the lowest A, B and C scores, the control on
/// new commitments to a D supplier, cost points per per cent of change orders.
#[uniffi::remote(Record)]
pub struct GradingPolicy {
    pub weights: CriterionScores,
    pub thresholds: Vec<Decimal>,
    pub d_supplier_control: ControlAction,
    pub cost_points_per_percent: Decimal,
}

/// The default grading: weights 30/25/20/15/10, A ≥ 90, B ≥ 75, C ≥ 60, D suppliers let through.
#[uniffi::export]
pub fn grading_policy_default() -> GradingPolicy {
    GradingPolicy::default()
}

/// A supplier's evaluation as a row: each criterion's score, the weighted score, its grade
/// and the change since the previous evaluation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SupplierScoreRow {
    pub project_id: ProjectId,
    pub supplier: String,
    pub period_end: NaiveDate,
    pub quality: Option<Decimal>,
    pub delivery: Option<Decimal>,
    pub cost: Option<Decimal>,
    pub service: Option<Decimal>,
    pub safety: Option<Decimal>,
    pub score: Decimal,
    pub grade: Grade,
    pub change: Option<Decimal>,
    pub evaluated_by: ActorId,
}

impl From<core_governance::SupplierScoreRow> for SupplierScoreRow {
    fn from(r: core_governance::SupplierScoreRow) -> Self {
        SupplierScoreRow {
            project_id: r.project_id,
            supplier: r.supplier,
            period_end: r.period_end,
            quality: r.quality,
            delivery: r.delivery,
            cost: r.cost,
            service: r.service,
            safety: r.safety,
            score: r.score,
            grade: r.grade,
            change: r.change,
            evaluated_by: r.evaluated_by,
        }
    }
}

fn small(value: u8) -> i32 {
    i32::from(value)
}

#[uniffi::export]
impl Journal {
    /// The risk register as of a day (reviews and actions past due are flagged against it):
    /// one project's risks, or every project's when `project_id` is null.
    #[uniffi::method(default(project_id = None))]
    pub fn risk_register(&self, as_of: NaiveDate, project_id: Option<ProjectId>) -> Result<Vec<RiskRow>> {
        let rows = self.lock().state().risk_register(project_id.as_ref(), as_of)?;
        Ok(rows
            .into_iter()
            .map(|r| RiskRow {
                project_id: r.project_id,
                risk_id: r.risk_id,
                title: r.title,
                category: r.category,
                status: r.status,
                owner: r.owner,
                probability: r.probability.map(small),
                impact: r.impact.map(small),
                score: r.score.map(small),
                level: r.level,
                emv: r.emv,
                strategy: r.strategy,
                open_actions: count(r.open_actions),
                overdue_actions: count(r.overdue_actions),
                next_review: r.next_review,
                review_overdue: r.review_overdue,
                cost_codes: r.cost_codes,
                activities: r.activities,
            })
            .collect())
    }

    /// The 5×5 heat map of the open, assessed risks: 25 cells from probability 5 down, impact
    /// 1 to 5 — of one project, or of every project when `project_id` is null.
    #[uniffi::method(default(project_id = None))]
    pub fn risk_heat_map(&self, project_id: Option<ProjectId>) -> Result<Vec<HeatCell>> {
        let map = self.lock().state().risk_heat_map(project_id.as_ref())?;
        Ok(map
            .cells
            .into_iter()
            .map(|c| HeatCell { probability: small(c.probability), impact: small(c.impact), score: small(c.score), level: c.level, risk_ids: c.risk_ids })
            .collect())
    }

    /// The heat map drawn as text: a row per probability, each cell its count and level.
    #[uniffi::method(default(project_id = None))]
    pub fn risk_heat_map_text(&self, project_id: Option<ProjectId>) -> Result<String> {
        Ok(self.lock().state().risk_heat_map(project_id.as_ref())?.to_text())
    }

    /// Every supplier evaluation (of one project, or all when `project_id` is null), by
    /// project, supplier and period.
    #[uniffi::method(default(project_id = None))]
    pub fn supplier_evaluations(&self, project_id: Option<ProjectId>) -> Result<Vec<SupplierScoreRow>> {
        Ok(self.lock().state().supplier_evaluations(project_id.as_ref())?.into_iter().map(Into::into).collect())
    }

    /// Each supplier's latest grade per project, with its trend.
    #[uniffi::method(default(project_id = None))]
    pub fn supplier_grades(&self, project_id: Option<ProjectId>) -> Result<Vec<SupplierScoreRow>> {
        Ok(self.lock().state().supplier_grades(project_id.as_ref())?.into_iter().map(Into::into).collect())
    }

    /// The KPIs of one project (or of every project with KPIs when null: the dashboard) as of
    /// the end of a day, from the state as it stood then.
    #[uniffi::method(default(project_id = None))]
    pub fn kpis(&self, as_of: NaiveDate, project_id: Option<ProjectId>) -> Result<Vec<KpiValue>> {
        Ok(self.lock().kpis(project_id.as_ref(), as_of)?)
    }

    /// The KPIs at each of `days` (month-ends for a trend), each from the state as it stood at
    /// the end of that day, in one pass.
    #[uniffi::method(default(project_id = None))]
    pub fn kpi_snapshots(&self, days: Vec<NaiveDate>, project_id: Option<ProjectId>) -> Result<Vec<KpiValue>> {
        Ok(self.lock().kpi_snapshots(project_id.as_ref(), &days)?.values().collect())
    }

    /// A project's value realisation as of the end of a day, from the state as it stood then.
    pub fn value_realisation(&self, project_id: ProjectId, as_of: NaiveDate) -> Result<ValueRealisation> {
        Ok(self.lock().value_realisation(&project_id, as_of)?)
    }

    /// The closing phase's KPI report of a project as of a day, as text to file.
    pub fn kpi_report(&self, project_id: ProjectId, as_of: NaiveDate) -> Result<String> {
        Ok(self.lock().kpi_report(&project_id, as_of)?)
    }

    /// Every item of the review gates of a project's workflow and where it stands.
    pub fn review_status(&self, project_id: ProjectId) -> Result<Vec<ReviewItemRow>> {
        Ok(self.lock().state().review_status(&project_id)?)
    }

    /// A project's open risks in money: Σ EMV against the contingency reserve, and the shortfall.
    pub fn risk_exposure(&self, project_id: ProjectId) -> Result<RiskExposure> {
        let e: core_governance::RiskExposure = self.lock().state().risk_exposure(&project_id)?;
        Ok(RiskExposure {
            project_id: e.project_id,
            open_risks: count(e.open_risks),
            quantified: count(e.quantified),
            emv_total: e.emv_total,
            contingency_code: e.contingency_code,
            contingency: e.contingency,
            shortfall: e.shortfall,
        })
    }
}

/// The level's name on every surface (`extreme`).
#[uniffi::export]
pub fn risk_level_name(level: RiskLevel) -> String {
    level.name().to_owned()
}

/// The level of a score (1–25).
#[uniffi::export]
pub fn risk_level_of(score: i32) -> RiskLevel {
    RiskLevel::of(u8::try_from(score.clamp(0, 25)).unwrap_or(25))
}

/// An assessment's score, heat-map cell and expected monetary value, before it is recorded.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AssessmentFigures {
    pub impact: i32,
    pub score: i32,
    pub level: RiskLevel,
    pub emv: Option<Money>,
}

/// What an assessment will read as, in a project's currency (for a form that shows the score
/// while it is filled in).
#[uniffi::export]
pub fn assessment_figures(assessment: Assessment, currency: projectledger::Currency) -> Result<AssessmentFigures> {
    assessment.check()?;
    Ok(AssessmentFigures { impact: small(assessment.impact().value()), score: small(assessment.score()), level: assessment.level(), emv: assessment.emv(currency)? })
}
