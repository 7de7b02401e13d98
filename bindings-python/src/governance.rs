//! The governance payload classes (a line each in the payload table) and the journal's risk
//! queries: the register as a table, the heat map, the exposure against the contingency.

use projectledger::governance::{Assessment, BenefitAmount, CriterionScores, GovernanceEvent, GradingPolicy, KpiDefinition, Rating, RiskAction};
use projectledger::{Error, Payload};
use pyo3::prelude::*;

use crate::convert::{project_id_of, Amount, Date};
use crate::cost::named;
use crate::errors::OrRaise;
use crate::journal::PyJournal;
use crate::payloads::{payload_class, payload_dict, payload_project, payload_repr};
use crate::rows::{to_py, typed_rows};

fn rating(field: &str, value: u8) -> PyResult<Rating> {
    Rating::new(value).map_err(|_| crate::errors::to_py_err(Error::invalid_field(field, format!("{value} is not on the 1–5 scale"))))
}

payload_class!(
    /// Payload: a risk identified — its id, title, category ("technical", "schedule", "cost",
    /// "supplier", "security_compliance", "safety"), cause → event → effect, its owner (the
    /// recorder when None), and the cost codes and activities it bears on.
    PyRiskIdentified, "RiskIdentified",
    #[new]
    #[pyo3(signature = (project_id, risk_id, title, category, *, cause = String::new(), event = String::new(), effect = String::new(), owner = None, cost_codes = Vec::new(), activities = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(project_id: &str, risk_id: String, title: String, category: &str, cause: String, event: String, effect: String, owner: Option<&str>, cost_codes: Vec<String>, activities: Vec<String>) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::RiskIdentified {
            project_id: project_id_of(project_id)?,
            risk_id,
            title,
            category: named("category", category)?,
            cause,
            event,
            effect,
            owner: owner.map(|o| projectledger::ActorId::try_new(o).or_raise()).transpose()?,
            cost_codes: cost_codes.into_iter().map(Into::into).collect(),
            activities,
        })))
    }
);
payload_class!(
    /// Payload: a risk rated on the 5×5 matrix — probability and the impacts on cost, schedule
    /// and quality (each 1–5), the probability in per cent where known, the cost if it occurs
    /// (a Decimal in the project's currency), and the day the next review is due.
    PyRiskAssessed, "RiskAssessed",
    #[new]
    #[pyo3(signature = (project_id, risk_id, probability, cost_impact, schedule_impact, quality_impact, *, probability_percent = None, cost_exposure = None, next_review = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(project_id: &str, risk_id: String, probability: u8, cost_impact: u8, schedule_impact: u8, quality_impact: u8, probability_percent: Option<Amount>, cost_exposure: Option<Amount>, next_review: Option<Date>) -> PyResult<Self> {
        let assessment = Assessment {
            probability: rating("probability", probability)?,
            probability_percent: probability_percent.map(|p| p.0),
            cost_impact: rating("cost impact", cost_impact)?,
            schedule_impact: rating("schedule impact", schedule_impact)?,
            quality_impact: rating("quality impact", quality_impact)?,
            cost_exposure: cost_exposure.map(|e| e.0),
        };
        Ok(Self(Payload::Governance(GovernanceEvent::RiskAssessed { project_id: project_id_of(project_id)?, risk_id, assessment, next_review: next_review.map(|d| d.0) })))
    }
);
payload_class!(
    /// Payload: a risk's response — `strategy` ("avoid", "mitigate", "transfer", "accept",
    /// "escalate") and its actions, each a dict (`action_id`, `description`, `owner`, `due`)
    /// or a tuple in that order.
    PyRiskResponsePlanned, "RiskResponsePlanned",
    #[new]
    #[pyo3(signature = (project_id, risk_id, strategy, actions = None))]
    fn new(project_id: &str, risk_id: String, strategy: &str, actions: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let actions: Vec<RiskAction> = match actions {
            Some(actions) => crate::data::from_data(actions, |problem| Error::invalid_field("actions", problem))?,
            None => Vec::new(),
        };
        Ok(Self(Payload::Governance(GovernanceEvent::RiskResponsePlanned { project_id: project_id_of(project_id)?, risk_id, strategy: named("strategy", strategy)?, actions })))
    }
);
payload_class!(
    /// Payload: an action of a risk's response done on a day.
    PyRiskActionDone, "RiskActionDone",
    #[new]
    fn new(project_id: &str, risk_id: String, action_id: String, done_on: Date) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::RiskActionDone { project_id: project_id_of(project_id)?, risk_id, action_id, done_on: done_on.0 })))
    }
);
payload_class!(
    /// Payload: a review or an observation of a risk (on site, often offline), with the day
    /// the next review is due when it moves.
    PyRiskObserved, "RiskObserved",
    #[new]
    #[pyo3(signature = (project_id, risk_id, note, next_review = None))]
    fn new(project_id: &str, risk_id: String, note: String, next_review: Option<Date>) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::RiskObserved { project_id: project_id_of(project_id)?, risk_id, note, next_review: next_review.map(|d| d.0) })))
    }
);
payload_class!(
    /// Payload: a risk leaves the register — `outcome` "closed", or "occurred" (now an issue).
    PyRiskClosed, "RiskClosed",
    #[new]
    #[pyo3(signature = (project_id, risk_id, outcome = "closed", note = String::new()))]
    fn new(project_id: &str, risk_id: String, outcome: &str, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::RiskClosed { project_id: project_id_of(project_id)?, risk_id, outcome: named("outcome", outcome)?, note })))
    }
);
payload_class!(
    /// Payload: the cost code holding the contingency reserve (drawn by budget transfers).
    PyContingencyReserveSet, "ContingencyReserveSet",
    #[new]
    fn new(project_id: &str, cost_code: String) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::ContingencyReserveSet { project_id: project_id_of(project_id)?, cost_code: cost_code.into() })))
    }
);

payload_class!(
    /// Payload: how the project grades its suppliers — the criteria's `weights` (a dict of
    /// quality, delivery, cost, service, safety; 30/25/20/15/10 when None), the lowest A, B and
    /// C scores (90, 75, 60), what a new commitment to a D supplier meets ("stop", "warn" or
    /// "ignore") and the cost points lost per per cent of change orders (5).
    PySupplierGradingSet, "SupplierGradingSet",
    #[new]
    #[pyo3(signature = (project_id, *, weights = None, thresholds = None, d_supplier_control = "ignore", cost_points_per_percent = None))]
    fn new(project_id: &str, weights: Option<std::collections::BTreeMap<String, Amount>>, thresholds: Option<Vec<Amount>>, d_supplier_control: &str, cost_points_per_percent: Option<Amount>) -> PyResult<Self> {
        let default = GradingPolicy::default();
        let weights = match weights {
            None => default.weights,
            Some(mut given) => {
                let mut take = |name: &str| given.remove(name).map(|a| a.0);
                let weights = CriterionScores { quality: take("quality"), delivery: take("delivery"), cost: take("cost"), service: take("service"), safety: take("safety") };
                if let Some(unknown) = given.keys().next() {
                    return Err(crate::errors::to_py_err(Error::invalid_field("weights", format!("{unknown:?} is not a criterion (quality, delivery, cost, service, safety)"))));
                }
                weights
            }
        };
        let policy = GradingPolicy {
            weights,
            thresholds: thresholds.map_or(default.thresholds, |t| t.into_iter().map(|a| a.0).collect()),
            d_supplier_control: named("d_supplier_control", d_supplier_control)?,
            cost_points_per_percent: cost_points_per_percent.map_or(default.cost_points_per_percent, |a| a.0),
        };
        Ok(Self(Payload::Governance(GovernanceEvent::SupplierGradingSet { project_id: project_id_of(project_id)?, policy })))
    }
);
payload_class!(
    /// Payload: a delivery received against a commitment — the day promised and the day it came.
    PySupplierDeliveryRecorded, "SupplierDeliveryRecorded",
    #[new]
    fn new(project_id: &str, delivery_id: String, commitment_id: String, promised: Date, delivered: Date) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::SupplierDeliveryRecorded {
            project_id: project_id_of(project_id)?,
            delivery_id,
            commitment_id: commitment_id.into(),
            promised: promised.0,
            delivered: delivered.0,
        })))
    }
);
payload_class!(
    /// Payload: a supplier evaluated for the period ending `period_end` — the evaluator's
    /// scores (0–100) where given; delivery and cost come from the ledger where not.
    PySupplierEvaluated, "SupplierEvaluated",
    #[new]
    #[pyo3(signature = (project_id, supplier, period_end, *, quality = None, delivery = None, cost = None, service = None, safety = None, note = String::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(project_id: &str, supplier: String, period_end: Date, quality: Option<Amount>, delivery: Option<Amount>, cost: Option<Amount>, service: Option<Amount>, safety: Option<Amount>, note: String) -> PyResult<Self> {
        let score = |a: Option<Amount>| a.map(|a| a.0);
        let scores = CriterionScores { quality: score(quality), delivery: score(delivery), cost: score(cost), service: score(service), safety: score(safety) };
        Ok(Self(Payload::Governance(GovernanceEvent::SupplierEvaluated { project_id: project_id_of(project_id)?, supplier, period_end: period_end.0, scores, note })))
    }
);

payload_class!(
    /// Payload: an item of a review checklist (a review gate of the project's workflow)
    /// passed, with the evidence — by a holder of the item's reviewer role.
    PyReviewItemPassed, "ReviewItemPassed",
    #[new]
    fn new(project_id: &str, review: String, item: String, evidence: String) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::ReviewItemPassed { project_id: project_id_of(project_id)?, review, item, evidence })))
    }
);
payload_class!(
    /// Payload: an exemption of a review item asked for, with the reason.
    PyReviewExemptionRequested, "ReviewExemptionRequested",
    #[new]
    fn new(project_id: &str, review: String, item: String, reason: String) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::ReviewExemptionRequested { project_id: project_id_of(project_id)?, review, item, reason })))
    }
);
payload_class!(
    /// Payload: an exemption decided — by someone other than the one who asked.
    PyReviewExemptionDecided, "ReviewExemptionDecided",
    #[new]
    #[pyo3(signature = (project_id, review, item, approved, note = String::new()))]
    fn new(project_id: &str, review: String, item: String, approved: bool, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::ReviewExemptionDecided { project_id: project_id_of(project_id)?, review, item, approved, note })))
    }
);

payload_class!(
    /// Payload: a KPI of the project (or its redefinition, by id): its `measure` ("spi",
    /// "cpi", "margin_percent", "schedule_slip_days", "budget_change_percent",
    /// "labour_cost_percent", "risk_exposure", "overdue_wages"), the target (`green`) and the
    /// tolerance (`amber`), and the `baseline` a schedule slip is measured against.
    PyKpiDefined, "KpiDefined",
    #[new]
    #[pyo3(signature = (project_id, kpi_id, name, measure, green, amber, *, baseline = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(project_id: &str, kpi_id: String, name: String, measure: &str, green: Amount, amber: Amount, baseline: Option<String>) -> PyResult<Self> {
        let kpi = KpiDefinition { kpi_id, name, measure: named("measure", measure)?, green: green.0, amber: amber.0, baseline };
        Ok(Self(Payload::Governance(GovernanceEvent::KpiDefined { project_id: project_id_of(project_id)?, kpi })))
    }
);

payload_class!(
    /// Payload: a benefit the project is to deliver (its plan replaced by id, measurements
    /// kept): `planned` as (day, amount) pairs in `unit` — the project's currency code for
    /// money (it then counts in the ROI), or any other ("hours", "tickets").
    PyBenefitPlanned, "BenefitPlanned",
    #[new]
    fn new(project_id: &str, benefit_id: String, name: String, unit: String, planned: Vec<(Date, Amount)>) -> PyResult<Self> {
        let planned = planned.into_iter().map(|(on, amount)| BenefitAmount { on: on.0, amount: amount.0 }).collect();
        Ok(Self(Payload::Governance(GovernanceEvent::BenefitPlanned { project_id: project_id_of(project_id)?, benefit_id, name, unit, planned })))
    }
);
payload_class!(
    /// Payload: a benefit measured after go-live: an amount on a day.
    PyBenefitMeasured, "BenefitMeasured",
    #[new]
    fn new(project_id: &str, benefit_id: String, on: Date, amount: Amount) -> PyResult<Self> {
        Ok(Self(Payload::Governance(GovernanceEvent::BenefitMeasured { project_id: project_id_of(project_id)?, benefit_id, measured: BenefitAmount { on: on.0, amount: amount.0 } })))
    }
);

#[pymethods]
impl PyJournal {
    /// The KPIs at each of `days` (month-ends for a trend), each from the state as it stood at
    /// the end of that day, in one pass: a table with an `as_of` column.
    #[pyo3(signature = (days, project_id = None))]
    fn kpi_snapshots<'py>(&self, py: Python<'py>, days: Vec<Date>, project_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id.map(project_id_of).transpose()?;
        let days: Vec<chrono::NaiveDate> = days.into_iter().map(|d| d.0).collect();
        let journal = self.read(py);
        let values = py.detach(|| journal.kpi_snapshots(id.as_ref(), &days).map(|s| s.values().collect::<Vec<_>>())).or_raise()?;
        typed_rows(py, &values, None)
    }

    /// A project's value realisation as of the end of a day (the state then): `benefits` (a
    /// table: planned and measured to date, % realised), `investment` (the actual cost),
    /// `planned_return`, `measured_return` (Decimals), `roi`, `payback_on`, `planned_payback_on`.
    #[pyo3(signature = (project_id, *, as_of))]
    fn value_realisation<'py>(&self, py: Python<'py>, project_id: &str, as_of: Date) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let journal = self.read(py);
        let value = py.detach(|| journal.value_realisation(&id, as_of.0)).or_raise()?;
        let dict = to_py(py, &value)?;
        dict.set_item("benefits", typed_rows(py, &value.benefits, None)?)?;
        Ok(dict)
    }

    /// The closing phase's KPI report of a project as of a day, as text (its KPIs and the
    /// value its benefits realised): file it and record the `kpi_report` deliverable.
    #[pyo3(signature = (project_id, *, as_of))]
    fn kpi_report(&self, py: Python<'_>, project_id: &str, as_of: Date) -> PyResult<String> {
        let id = project_id_of(project_id)?;
        let journal = self.read(py);
        py.detach(|| journal.kpi_report(&id, as_of.0)).or_raise()
    }

    /// The KPIs of one project, or every project with KPIs (the dashboard), as of the end of
    /// a day: from the state as it stood then — value (a Decimal, None where the ledger has
    /// no figure yet), target, tolerance and status ("green", "amber", "red").
    #[pyo3(signature = (project_id = None, *, as_of))]
    fn kpis<'py>(&self, py: Python<'py>, project_id: Option<&str>, as_of: Date) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id.map(project_id_of).transpose()?;
        let journal = self.read(py);
        let values = py.detach(|| journal.kpis(id.as_ref(), as_of.0)).or_raise()?;
        typed_rows(py, &values, None)
    }

    /// Every item of the review gates of a project's workflow: review, item, role, state
    /// ("open", "passed", "exemption_requested", "exempted", "exemption_refused"), by, evidence.
    fn review_status<'py>(&self, py: Python<'py>, project_id: &str) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let rows = self.read(py).state().review_status(&id).or_raise()?;
        typed_rows(py, &rows, None)
    }

    /// Every supplier evaluation (of one project, or all): each criterion's score, the
    /// weighted score, its grade and the change since the supplier's previous evaluation.
    #[pyo3(signature = (project_id = None))]
    fn supplier_evaluations<'py>(&self, py: Python<'py>, project_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id.map(project_id_of).transpose()?;
        let rows = self.read(py).state().supplier_evaluations(id.as_ref()).or_raise()?;
        typed_rows(py, &rows, None)
    }

    /// Each supplier's latest grade per project, with its trend.
    #[pyo3(signature = (project_id = None))]
    fn supplier_grades<'py>(&self, py: Python<'py>, project_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id.map(project_id_of).transpose()?;
        let rows = self.read(py).state().supplier_grades(id.as_ref()).or_raise()?;
        typed_rows(py, &rows, None)
    }

    /// The risk register as of a day (reviews and actions past due are flagged against it):
    /// one project's risks, or every project's — a row per risk with its rating, score, level,
    /// EMV (a Decimal in the project's currency), response and review.
    #[pyo3(signature = (project_id = None, *, as_of))]
    fn risk_register<'py>(&self, py: Python<'py>, project_id: Option<&str>, as_of: Date) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id.map(project_id_of).transpose()?;
        let rows = self.read(py).state().risk_register(id.as_ref(), as_of.0).or_raise()?;
        typed_rows(py, &rows, None)
    }

    /// The 5×5 heat map of the open, assessed risks (of one project, or all): 25 rows from
    /// probability 5 down, impact 1 to 5, each with its score, level and risk ids.
    #[pyo3(signature = (project_id = None))]
    fn risk_heat_map<'py>(&self, py: Python<'py>, project_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id.map(project_id_of).transpose()?;
        let map = self.read(py).state().risk_heat_map(id.as_ref()).or_raise()?;
        typed_rows(py, &map.cells, None)
    }

    /// The heat map drawn as text: a row per probability, each cell its count and level.
    #[pyo3(signature = (project_id = None))]
    fn risk_heat_map_text(&self, py: Python<'_>, project_id: Option<&str>) -> PyResult<String> {
        let id = project_id.map(project_id_of).transpose()?;
        Ok(self.read(py).state().risk_heat_map(id.as_ref()).or_raise()?.to_text())
    }

    /// A project's open risks in money: Σ EMV against the contingency reserve (its code's
    /// revised budget), and the shortfall.
    fn risk_exposure<'py>(&self, py: Python<'py>, project_id: &str) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let exposure = self.read(py).state().risk_exposure(&id).or_raise()?;
        to_py(py, &exposure)
    }
}
