//! Governance (治理): what the department watches beyond the four modules.
//!
//! - The risk register (风险登记册) of PMI's practice: risks per project, each cause → event →
//!   effect with an owner, rated on the 5×5 probability–impact matrix (score, heat-map cell,
//!   level), answered by a strategy and dated actions, reviewed by a due day (an overdue
//!   review is flagged), closed or turned into an issue; the expected monetary value of the
//!   open risks weighed against the contingency reserve, a cost code whose budget only the
//!   cost centre moves (drawing on it is a budget transfer).
//! - Supplier grading ([`GradingPolicy`]), security and compliance review gates
//!   (the records a [`crate::lifecycle::Gate::Review`] reads), KPIs ([`KpiDefinition`]) and
//!   value realisation ([`ValueRealisation`]).
//!
//! ```
//! use projectledger::governance::{Assessment, GovernanceEvent, Rating, RiskCategory};
//! use projectledger::lifecycle::LifecycleEvent;
//! use chrono::NaiveDate;
//! use projectledger::{Currency, Journal, Payload, ProjectId, WorkCalendar};
//! # fn main() -> Result<(), projectledger::Error> {
//! let p1 = ProjectId::try_new("P1")?;
//! let mut journal = Journal::new();
//! let mut events = journal.event_source("office")?;
//! let rated = |n| Rating::new(n);
//! for payload in [
//!     Payload::from(LifecycleEvent::project_created(&p1, "Depot", "D-1", Currency::CNY, WorkCalendar::china(2025, 2026)?)),
//!     GovernanceEvent::RiskIdentified { project_id: p1.clone(), risk_id: "R1".into(), title: "Late switchgear".into(), category: RiskCategory::Supplier,
//!         cause: "single vendor".into(), event: "delivery slips".into(), effect: "energisation late".into(), owner: None, cost_codes: vec![], activities: vec![] }.into(),
//!     GovernanceEvent::RiskAssessed { project_id: p1.clone(), risk_id: "R1".into(), next_review: NaiveDate::from_ymd_opt(2025, 6, 30),
//!         assessment: Assessment { probability: rated(3)?, probability_percent: None, cost_impact: rated(4)?, schedule_impact: rated(5)?, quality_impact: rated(1)?, cost_exposure: Some(80_000.into()) } }.into(),
//! ] {
//!     journal.record(events.event("pm-li", payload)?)?;
//! }
//! let state = journal.state();
//! let row = &state.risk_register(Some(&p1), NaiveDate::from_ymd_opt(2025, 7, 1).unwrap())?[0];
//! assert_eq!((row.score, row.probability, row.impact), (Some(15), Some(3), Some(5)));
//! assert_eq!(row.emv.map(|m| m.to_string()).as_deref(), Some("CNY 40000.00"));   // 50 % of 80,000
//! assert!(row.review_overdue);   // due by 30 June
//! # Ok(()) }
//! ```

mod benefits;
mod events;
mod kpi;
mod register;
mod reviews;
mod risk;
mod suppliers;

use std::collections::BTreeMap;

pub use events::{GovernanceEvent, RiskOutcome};
pub use benefits::{realisation, Benefit, BenefitAmount, BenefitRow, ValueRealisation};
pub use kpi::{KpiDefinition, KpiMeasure, KpiPoint, KpiSnapshots, KpiStatus, KpiValue};
pub use register::{HeatCell, HeatMap, RiskExposure, RiskRow};
pub(crate) use reviews::ReviewContext;
pub use reviews::{ItemRecord, ReviewBook, ReviewItemRow, ReviewMark};
pub use risk::{Assessment, AssessmentRecord, Rating, ResponseStrategy, Risk, RiskAction, RiskCategory, RiskLevel, RiskNote, RiskStatus};
pub use suppliers::{Criterion, CriterionScore, CriterionScores, Delivery, Grade, GradingPolicy, ScoreSource, SupplierBook, SupplierEvaluation, SupplierScoreRow, SupplierWarning};

use crate::collections::LookupMap;
use crate::cost::{CostCentre, DocumentKind, DocumentStatus};
use crate::scope::Origin;
use crate::text::{check_id, check_text};
use crate::{CostCode, Error, ProjectId, Result};

/// What the governance rules read of the domains below it, for the event's project.
pub(crate) struct GovernanceContext<'a> {
    /// The project's cost centre, once its breakdown is defined.
    pub centre: Option<&'a CostCentre>,
    /// The project's schedule activities, once it has a schedule.
    pub activities: Option<&'a [crate::schedule::Activity]>,
}

/// One project's risk register: its risks by id and the code of its contingency reserve.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RiskRegister {
    risks: BTreeMap<String, Risk>,
    contingency_code: Option<CostCode>,
}
crate::persist::persist_struct!(RiskRegister { risks, contingency_code });

impl RiskRegister {
    /// The risks, by id.
    pub fn risks(&self) -> impl Iterator<Item = &Risk> {
        self.risks.values()
    }

    /// One risk by id.
    #[must_use]
    pub fn risk(&self, risk_id: &str) -> Option<&Risk> {
        self.risks.get(risk_id)
    }

    /// The code of the contingency reserve, once named.
    #[must_use]
    pub fn contingency_code(&self) -> Option<&CostCode> {
        self.contingency_code.as_ref()
    }

    /// A copy of an open risk to change (put back only when every rule holds).
    fn open_risk(&self, project_id: &ProjectId, risk_id: &str) -> Result<Risk> {
        let risk = self.risks.get(risk_id).ok_or_else(|| Error::not_found("risk", risk_id, Some(project_id.as_str())))?;
        if !risk.status.is_open() {
            return Err(Error::invalid_field("risk id", format!("risk {risk_id} is {}; it takes no more changes", risk.status.name())));
        }
        Ok(risk.clone())
    }
}

/// The governance side of the portfolio, per project: a risk register, a supplier book, review
/// records, KPI definitions and planned benefits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Governance {
    registers: LookupMap<ProjectId, RiskRegister>,
    suppliers: LookupMap<ProjectId, SupplierBook>,
    reviews: LookupMap<ProjectId, ReviewBook>,
    kpis: LookupMap<ProjectId, BTreeMap<String, KpiDefinition>>,
    benefits: LookupMap<ProjectId, BTreeMap<String, Benefit>>,
}
crate::persist::persist_struct!(Governance { registers, suppliers, reviews, kpis, benefits });

impl Governance {
    /// A project's risk register, once it holds anything.
    #[must_use]
    pub fn register(&self, project_id: &ProjectId) -> Option<&RiskRegister> {
        self.registers.get(project_id)
    }

    /// Every project's register, by project id.
    pub fn registers(&self) -> impl Iterator<Item = (&ProjectId, &RiskRegister)> {
        self.registers.sorted().into_iter()
    }

    /// Applies one governance event (the actor's permission is checked by the portfolio):
    /// the risk it changes is changed as a copy, put back only when every rule holds.
    pub(crate) fn apply(&mut self, event: &GovernanceEvent, origin: &Origin<'_>, context: &GovernanceContext<'_>) -> Result<()> {
        let project_id = event.project_id();
        match event {
            GovernanceEvent::KpiDefined { kpi, .. } => {
                kpi.check()?;
                self.kpis.entry(project_id.clone()).or_default().insert(kpi.kpi_id.clone(), kpi.clone());
                return Ok(());
            }
            GovernanceEvent::BenefitPlanned { benefit_id, name, unit, planned, .. } => {
                // A new plan keeps what was measured.
                let measured = self.benefits.get(project_id).and_then(|b| b.get(benefit_id)).map(|b| b.measured.clone()).unwrap_or_default();
                let benefit = Benefit { benefit_id: benefit_id.clone(), name: name.clone(), unit: unit.clone(), planned: planned.clone(), measured };
                benefit.check()?;
                self.benefits.entry(project_id.clone()).or_default().insert(benefit_id.clone(), benefit);
                return Ok(());
            }
            GovernanceEvent::BenefitMeasured { benefit_id, measured, .. } => {
                let benefit = self.benefits.get_mut(project_id).and_then(|b| b.get_mut(benefit_id)).ok_or_else(|| Error::not_found("benefit", benefit_id, Some(project_id.as_str())))?;
                benefit.measured.push(measured.clone());
                return Ok(());
            }
            _ => {}
        }
        if matches!(event, GovernanceEvent::SupplierGradingSet { .. } | GovernanceEvent::SupplierDeliveryRecorded { .. } | GovernanceEvent::SupplierEvaluated { .. }) {
            let mut book = self.suppliers.get(project_id).cloned().unwrap_or_default();
            grade(&mut book, event, origin, context)?;
            self.suppliers.insert(project_id.clone(), book);
            return Ok(());
        }
        let opened = !self.registers.contains_key(project_id);
        let changed = change(self.registers.entry(project_id.clone()).or_default(), event, origin, context);
        if changed.is_err() && opened {
            // A refused first event leaves no empty register behind.
            self.registers.remove(project_id);
        }
        changed
    }

    /// The KPIs defined for a project, by id.
    pub fn kpis(&self, project_id: &ProjectId) -> impl Iterator<Item = &KpiDefinition> {
        self.kpis.get(project_id).into_iter().flat_map(BTreeMap::values)
    }

    /// A project's planned benefits and their measurements, by id.
    pub fn benefits(&self, project_id: &ProjectId) -> impl Iterator<Item = &Benefit> {
        self.benefits.get(project_id).into_iter().flat_map(BTreeMap::values)
    }

    /// The projects with KPIs defined.
    pub fn kpi_projects(&self) -> impl Iterator<Item = &ProjectId> {
        self.kpis.sorted_keys()
    }

    /// A project's supplier book, once it holds anything.
    #[must_use]
    pub fn supplier_book(&self, project_id: &ProjectId) -> Option<&SupplierBook> {
        self.suppliers.get(project_id)
    }

    /// Every project's supplier book, by project id.
    pub fn supplier_books(&self) -> impl Iterator<Item = (&ProjectId, &SupplierBook)> {
        self.suppliers.sorted().into_iter()
    }

    /// A supplier's latest evaluation on any project (the latest period; the later recorded
    /// on a tie): what a commitment to it is judged by.
    #[must_use]
    pub fn latest_evaluation(&self, supplier: &str) -> Option<&SupplierEvaluation> {
        self.suppliers.values().filter_map(|book| book.latest(supplier)).max_by_key(|e| (e.period_end, e.at, e.event_id.clone()))
    }

    /// Records a Warn control's warning on a project's book (a commitment to a D supplier let through).
    pub(crate) fn warn(&mut self, project_id: &ProjectId, warning: SupplierWarning) {
        self.suppliers.entry(project_id.clone()).or_default().warnings.push(warning);
    }
}

/// One supplier event's change to its project's book (a copy, kept only when every rule holds).
fn grade(book: &mut SupplierBook, event: &GovernanceEvent, origin: &Origin<'_>, context: &GovernanceContext<'_>) -> Result<()> {
    let project_id = event.project_id();
    let commitments = |supplier| commitments(context.centre, supplier);
    match event {
        GovernanceEvent::SupplierGradingSet { policy, .. } => {
            policy.check()?;
            book.policy = Some(policy.clone());
        }
        GovernanceEvent::SupplierDeliveryRecorded { delivery_id, commitment_id, promised, delivered, .. } => {
            check_id("delivery id", delivery_id)?;
            if book.deliveries.iter().any(|d| &d.delivery_id == delivery_id) {
                return Err(Error::invalid_field("delivery id", format!("delivery {delivery_id} is already recorded on project {project_id}")));
            }
            let commitment = commitments(None).find(|d| &d.document_id == commitment_id).ok_or_else(|| Error::not_found("commitment", commitment_id.as_str(), Some(project_id.as_str())))?;
            let supplier = commitment.vendor.clone().ok_or_else(|| Error::invalid_field("commitment id", format!("commitment {commitment_id} names no vendor")))?;
            book.deliveries.push(Delivery { delivery_id: delivery_id.clone(), commitment_id: commitment_id.clone(), supplier, promised: *promised, delivered: *delivered });
        }
        GovernanceEvent::SupplierEvaluated { supplier, period_end, scores, note, .. } => {
            check_text("supplier", supplier)?;
            if !note.is_empty() {
                check_text("note", note)?;
            }
            scores.check()?;
            if commitments(Some(supplier)).next().is_none() {
                return Err(Error::not_found("supplier", supplier, Some(project_id.as_str())));
            }
            let previous = book.latest(supplier).map(|e| e.period_end);
            if let Some(previous) = previous.filter(|p| p > period_end) {
                return Err(Error::invalid_field("period end", format!("{supplier} was evaluated for the period ending {previous} already; evaluations go forward")));
            }
            let policy = book.policy();
            let mut criteria = Vec::new();
            for criterion in Criterion::ALL {
                let from_ledger = || match criterion {
                    Criterion::Delivery => book.on_time_percent(supplier, previous, *period_end),
                    Criterion::Cost => change_order_ratio(commitments(Some(supplier)), context.centre).map(|ratio| policy.cost_score(ratio)),
                    _ => None,
                };
                let scored = match scores.get(criterion) {
                    Some(score) => Some((score, ScoreSource::Evaluator)),
                    None => from_ledger().map(|score| (score, ScoreSource::Ledger)),
                };
                if let Some((score, source)) = scored {
                    // Scores are held at two places: one form per value on every surface.
                    criteria.push(CriterionScore { criterion, score: crate::decimal::at_places(score, 2), source });
                }
            }
            let pairs: Vec<(Criterion, rust_decimal::Decimal)> = criteria.iter().map(|c| (c.criterion, c.score)).collect();
            let score = policy.score(&pairs).ok_or_else(|| Error::invalid_field("scores", format!("nothing to grade {supplier} on: no weighted criterion is scored, and the ledger holds no deliveries or approved commitments of it")))?;
            book.evaluations.push(SupplierEvaluation {
                supplier: supplier.clone(),
                period_end: *period_end,
                criteria,
                score,
                grade: policy.grade(score),
                note: note.clone(),
                event_id: origin.event_id.clone(),
                by: origin.actor.clone(),
                at: origin.at,
            });
        }
        _ => return Err(Error::invalid_field("payload", "not a supplier event")),
    }
    Ok(())
}

/// The project's commitments (subcontracts and purchase orders), of one vendor when given.
fn commitments<'a>(centre: Option<&'a CostCentre>, vendor: Option<&'a str>) -> impl Iterator<Item = &'a crate::cost::CostDocument> + 'a {
    centre.into_iter().flat_map(|c| c.documents().values()).filter(move |d| {
        matches!(d.kind, DocumentKind::Subcontract | DocumentKind::PurchaseOrder) && vendor.is_none_or(|v| d.vendor.as_deref() == Some(v))
    })
}

/// Σ approved change orders ÷ Σ approved commitments of a supplier; none without an approved
/// commitment worth more than zero.
fn change_order_ratio<'a>(commitments: impl Iterator<Item = &'a crate::cost::CostDocument>, centre: Option<&CostCentre>) -> Option<rust_decimal::Decimal> {
    let approved: Vec<&crate::cost::CostDocument> = commitments.filter(|d| d.status == DocumentStatus::Approved).collect();
    let total = |docs: &mut dyn Iterator<Item = &crate::cost::CostDocument>| docs.flat_map(|d| d.lines.iter()).try_fold(rust_decimal::Decimal::ZERO, |sum, line| sum.checked_add(line.amount));
    let original = total(&mut approved.iter().copied())?;
    let orders = centre?.documents().values().filter(|d| {
        d.kind == DocumentKind::CommitmentChangeOrder && d.status == DocumentStatus::Approved && d.commitment_id.as_ref().is_some_and(|c| approved.iter().any(|a| &a.document_id == c))
    });
    let changed = total(&mut orders.into_iter())?;
    (original > rust_decimal::Decimal::ZERO).then(|| changed.checked_div(original)).flatten()
}

/// One event's change to its project's register: every rule checked before the register changes.
fn change(register: &mut RiskRegister, event: &GovernanceEvent, origin: &Origin<'_>, context: &GovernanceContext<'_>) -> Result<()> {
    let project_id = event.project_id();
    let note = |text: &str| RiskNote { event_id: origin.event_id.clone(), by: origin.actor.clone(), at: origin.at, note: text.to_owned() };
    // The risk as the event leaves it, put back once every rule has passed.
    let changed = match event {
        GovernanceEvent::RiskIdentified { risk_id, title, category, cause, event, effect, owner, cost_codes, activities, .. } => {
            check_id("risk id", risk_id)?;
            check_text("title", title)?;
            for (field, text) in [("cause", cause), ("event", event), ("effect", effect)] {
                if !text.is_empty() {
                    check_text(field, text)?;
                }
            }
            if register.risks.contains_key(risk_id) {
                return Err(Error::invalid_field("risk id", format!("risk {risk_id} is already in the register of project {project_id}")));
            }
            check_links(context, cost_codes, activities)?;
            Risk {
                risk_id: risk_id.clone(),
                title: title.clone(),
                category: *category,
                cause: cause.clone(),
                event: event.clone(),
                effect: effect.clone(),
                owner: owner.clone().unwrap_or_else(|| origin.actor.clone()),
                status: RiskStatus::Identified,
                cost_codes: cost_codes.clone(),
                activities: activities.clone(),
                assessments: Vec::new(),
                strategy: None,
                actions: Vec::new(),
                next_review: None,
                notes: Vec::new(),
                identified: note(""),
            }
        }
        GovernanceEvent::RiskAssessed { risk_id, assessment, next_review, .. } => {
            assessment.check()?;
            let mut risk = register.open_risk(project_id, risk_id)?;
            risk.assessments.push(AssessmentRecord { assessment: assessment.clone(), by: origin.actor.clone(), at: origin.at });
            if risk.status == RiskStatus::Identified {
                risk.status = RiskStatus::Assessed;
            }
            if next_review.is_some() {
                risk.next_review = *next_review;
            }
            risk
        }
        GovernanceEvent::RiskResponsePlanned { risk_id, strategy, actions, .. } => {
            let mut seen = std::collections::BTreeSet::new();
            for action in actions {
                check_id("action id", &action.action_id)?;
                check_text("action", &action.description)?;
                if !seen.insert(action.action_id.as_str()) {
                    return Err(Error::invalid_field("action id", format!("action {} is named twice", action.action_id)));
                }
            }
            let mut risk = register.open_risk(project_id, risk_id)?;
            if risk.status == RiskStatus::Identified {
                return Err(Error::invalid_field("risk id", format!("risk {risk_id} is not assessed yet: rate it before answering it")));
            }
            risk.strategy = Some(*strategy);
            risk.actions.clone_from(actions);
            risk.status = RiskStatus::Responding;
            risk
        }
        GovernanceEvent::RiskActionDone { risk_id, action_id, done_on, .. } => {
            let mut risk = register.open_risk(project_id, risk_id)?;
            let action = risk.actions.iter_mut().find(|a| &a.action_id == action_id).ok_or_else(|| Error::not_found("risk action", action_id, Some(project_id.as_str())))?;
            if let Some(done) = action.done_on {
                return Err(Error::invalid_field("action id", format!("action {action_id} of risk {risk_id} was done on {done} already")));
            }
            action.done_on = Some(*done_on);
            risk
        }
        GovernanceEvent::RiskObserved { risk_id, note: text, next_review, .. } => {
            check_text("note", text)?;
            let mut risk = register.open_risk(project_id, risk_id)?;
            risk.notes.push(note(text));
            if next_review.is_some() {
                risk.next_review = *next_review;
            }
            risk
        }
        GovernanceEvent::RiskClosed { risk_id, outcome, note: text, .. } => {
            if !text.is_empty() {
                check_text("note", text)?;
            }
            let mut risk = register.open_risk(project_id, risk_id)?;
            risk.status = match outcome {
                RiskOutcome::Closed => RiskStatus::Closed,
                RiskOutcome::Occurred => RiskStatus::Occurred,
            };
            risk.notes.push(note(text));
            risk
        }
        GovernanceEvent::ContingencyReserveSet { cost_code, .. } => {
            let Some(breakdown) = context.centre.map(CostCentre::breakdown) else { return Err(Error::not_found("cost breakdown", project_id.as_str(), None)) };
            if !breakdown.codes().any(|c| c == cost_code.as_str()) {
                return Err(Error::invalid_field("cost code", format!("{cost_code} is not a code of the project's cost breakdown")));
            }
            register.contingency_code = Some(cost_code.clone());
            return Ok(());
        }
        GovernanceEvent::SupplierGradingSet { .. }
        | GovernanceEvent::SupplierDeliveryRecorded { .. }
        | GovernanceEvent::SupplierEvaluated { .. }
        | GovernanceEvent::ReviewItemPassed { .. }
        | GovernanceEvent::ReviewExemptionRequested { .. }
        | GovernanceEvent::ReviewExemptionDecided { .. }
        | GovernanceEvent::KpiDefined { .. }
        | GovernanceEvent::BenefitPlanned { .. }
        | GovernanceEvent::BenefitMeasured { .. } => {
            return Err(Error::invalid_field("payload", "not a risk register event"));
        }
    };
    register.risks.insert(changed.risk_id.clone(), changed);
    Ok(())
}

/// The cost codes and activities a risk names must be the project's own.
fn check_links(context: &GovernanceContext<'_>, cost_codes: &[CostCode], activities: &[String]) -> Result<()> {
    if let Some(code) = cost_codes.iter().find(|code| !context.centre.is_some_and(|centre| centre.breakdown().codes().any(|c| c == code.as_str()))) {
        return Err(Error::invalid_field("cost codes", format!("{code} is not a code of the project's cost breakdown")));
    }
    if let Some(activity) = activities.iter().find(|id| !context.activities.is_some_and(|list| list.iter().any(|a| &a.id == *id))) {
        return Err(Error::invalid_field("activities", format!("{activity} is not an activity of the project's schedule")));
    }
    Ok(())
}
