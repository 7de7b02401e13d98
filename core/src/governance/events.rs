//! Governance's events: the risk register (a risk identified, assessed, answered, observed,
//! closed) and the contingency reserve it is weighed against.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::risk::{Assessment, ResponseStrategy, RiskAction, RiskCategory};
use super::benefits::BenefitAmount;
use super::kpi::KpiDefinition;
use super::suppliers::{CriterionScores, GradingPolicy};
use crate::{Action, ActorId, CostCode, DocumentId, ProjectId};

/// How a risk leaves the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskOutcome {
    /// No longer a threat (passed, or answered for good).
    Closed,
    /// It happened: it becomes an issue.
    Occurred,
}
crate::persist::persist_enum!(RiskOutcome { 0 => Closed, 1 => Occurred });

/// What happens to a project's governance (the payloads of the journal's governance events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum GovernanceEvent {
    /// A risk is identified (on site or in the office): cause → event → effect, its owner
    /// (the recorder when none is named) and what it bears on.
    RiskIdentified {
        /// The project.
        project_id: ProjectId,
        /// The risk's id, unique in the project (a device may make its own).
        risk_id: String,
        /// A short title.
        title: String,
        /// Its category.
        category: RiskCategory,
        /// Why it may happen.
        #[serde(default)]
        cause: String,
        /// What may happen.
        #[serde(default)]
        event: String,
        /// What it would do.
        #[serde(default)]
        effect: String,
        /// Who owns it; the recorder when none is named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<ActorId>,
        /// Cost codes of the project's breakdown it bears on.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        cost_codes: Vec<CostCode>,
        /// Activities of the project's schedule it bears on.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        activities: Vec<String>,
    },
    /// A risk is rated on the matrix (again: the last rating is in force, the others its
    /// trend), with the day its next review is due.
    RiskAssessed {
        /// The project.
        project_id: ProjectId,
        /// The risk.
        risk_id: String,
        /// The rating.
        assessment: Assessment,
        /// The next review is due by this day.
        #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::wire::date_opt")]
        next_review: Option<NaiveDate>,
    },
    /// A response is planned (replacing any before): a strategy and its actions.
    RiskResponsePlanned {
        /// The project.
        project_id: ProjectId,
        /// The risk.
        risk_id: String,
        /// Avoid, mitigate, transfer, accept or escalate.
        strategy: ResponseStrategy,
        /// What is to be done, by whom, by when.
        #[serde(default)]
        actions: Vec<RiskAction>,
    },
    /// An action of a risk's response is done.
    RiskActionDone {
        /// The project.
        project_id: ProjectId,
        /// The risk.
        risk_id: String,
        /// The action.
        action_id: String,
        /// The day it was done.
        #[serde(serialize_with = "crate::wire::date")]
        done_on: NaiveDate,
    },
    /// A review or an observation of a risk (a site manager's, often offline), with the day
    /// the next review is due when it moves.
    RiskObserved {
        /// The project.
        project_id: ProjectId,
        /// The risk.
        risk_id: String,
        /// What was seen.
        note: String,
        /// The next review is due by this day.
        #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::wire::date_opt")]
        next_review: Option<NaiveDate>,
    },
    /// A risk leaves the register: closed, or occurred (now an issue).
    RiskClosed {
        /// The project.
        project_id: ProjectId,
        /// The risk.
        risk_id: String,
        /// Closed or occurred.
        outcome: RiskOutcome,
        /// Why.
        #[serde(default)]
        note: String,
    },
    /// The cost code holding the project's contingency reserve: the register's expected
    /// monetary value is weighed against its revised budget, and drawing on it is a budget
    /// transfer from it (the cost centre stays the one place money moves).
    ContingencyReserveSet {
        /// The project.
        project_id: ProjectId,
        /// A code of the project's cost breakdown.
        cost_code: CostCode,
    },
    /// How the project grades its suppliers (replacing the default).
    SupplierGradingSet {
        /// The project.
        project_id: ProjectId,
        /// Weights, thresholds, the control on D suppliers.
        policy: GradingPolicy,
    },
    /// A delivery received against a commitment (on site, often offline): the day promised
    /// and the day it came.
    SupplierDeliveryRecorded {
        /// The project.
        project_id: ProjectId,
        /// The delivery's id, unique in the project.
        delivery_id: String,
        /// The commitment (subcontract or purchase order) it delivers.
        commitment_id: DocumentId,
        /// The day promised.
        #[serde(serialize_with = "crate::wire::date")]
        promised: NaiveDate,
        /// The day received.
        #[serde(serialize_with = "crate::wire::date")]
        delivered: NaiveDate,
    },
    /// A supplier evaluated for the period ending on a day: the evaluator's scores (0–100)
    /// where given, the ledger's for delivery and cost where not.
    SupplierEvaluated {
        /// The project.
        project_id: ProjectId,
        /// The supplier: the vendor of a commitment of the project.
        supplier: String,
        /// The last day of the period.
        #[serde(serialize_with = "crate::wire::date")]
        period_end: NaiveDate,
        /// The evaluator's scores.
        #[serde(default)]
        scores: CriterionScores,
        /// Why.
        #[serde(default)]
        note: String,
    },
    /// An item of a review checklist passed by a holder of its reviewer role.
    ReviewItemPassed {
        /// The project.
        project_id: ProjectId,
        /// The review (a review gate of the project's workflow).
        review: String,
        /// The item.
        item: String,
        /// The evidence reference (a report number, a certificate).
        evidence: String,
    },
    /// An exemption of a review item asked for, with the reason.
    ReviewExemptionRequested {
        /// The project.
        project_id: ProjectId,
        /// The review.
        review: String,
        /// The item.
        item: String,
        /// Why it should not hold the transition back.
        reason: String,
    },
    /// An exemption decided, by someone other than the one who asked.
    ReviewExemptionDecided {
        /// The project.
        project_id: ProjectId,
        /// The review.
        review: String,
        /// The item.
        item: String,
        /// Approved or refused.
        approved: bool,
        /// Why.
        #[serde(default)]
        note: String,
    },
    /// A KPI defined for the project (or redefined, by id): what it measures, its target and
    /// tolerance.
    KpiDefined {
        /// The project.
        project_id: ProjectId,
        /// The KPI.
        kpi: KpiDefinition,
    },
    /// A benefit the project is to deliver (or its plan replaced, by id; measurements kept):
    /// amounts by day, in a unit — the project's currency code for money.
    BenefitPlanned {
        /// The project.
        project_id: ProjectId,
        /// The benefit's id, unique in the project.
        benefit_id: String,
        /// What it is.
        name: String,
        /// Its unit (`CNY`, `hours`).
        unit: String,
        /// The planned amounts, by day.
        planned: Vec<BenefitAmount>,
    },
    /// A benefit measured after go-live: an amount on a day.
    BenefitMeasured {
        /// The project.
        project_id: ProjectId,
        /// The benefit.
        benefit_id: String,
        /// What was measured.
        measured: BenefitAmount,
    },
}

crate::persist::persist_enum!(GovernanceEvent {
    0 => RiskIdentified { project_id, risk_id, title, category, cause, event, effect, owner, cost_codes, activities },
    1 => RiskAssessed { project_id, risk_id, assessment, next_review },
    2 => RiskResponsePlanned { project_id, risk_id, strategy, actions },
    3 => RiskActionDone { project_id, risk_id, action_id, done_on },
    4 => RiskObserved { project_id, risk_id, note, next_review },
    5 => RiskClosed { project_id, risk_id, outcome, note },
    6 => ContingencyReserveSet { project_id, cost_code },
    7 => SupplierGradingSet { project_id, policy },
    8 => SupplierDeliveryRecorded { project_id, delivery_id, commitment_id, promised, delivered },
    9 => SupplierEvaluated { project_id, supplier, period_end, scores, note },
    10 => ReviewItemPassed { project_id, review, item, evidence },
    11 => ReviewExemptionRequested { project_id, review, item, reason },
    12 => ReviewExemptionDecided { project_id, review, item, approved, note },
    13 => KpiDefined { project_id, kpi },
    14 => BenefitPlanned { project_id, benefit_id, name, unit, planned },
    15 => BenefitMeasured { project_id, benefit_id, measured },
});

impl GovernanceEvent {
    /// Every `type` tag of the domain's events.
    pub const TAGS: &'static [&'static str] =
        &["risk_identified", "risk_assessed", "risk_response_planned", "risk_action_done", "risk_observed", "risk_closed", "contingency_reserve_set",
          "supplier_grading_set", "supplier_delivery_recorded", "supplier_evaluated", "review_item_passed", "review_exemption_requested", "review_exemption_decided", "kpi_defined",
          "benefit_planned", "benefit_measured"];

    /// The project the event is about.
    #[must_use]
    pub fn project_id(&self) -> &ProjectId {
        match self {
            GovernanceEvent::RiskIdentified { project_id, .. }
            | GovernanceEvent::RiskAssessed { project_id, .. }
            | GovernanceEvent::RiskResponsePlanned { project_id, .. }
            | GovernanceEvent::RiskActionDone { project_id, .. }
            | GovernanceEvent::RiskObserved { project_id, .. }
            | GovernanceEvent::RiskClosed { project_id, .. }
            | GovernanceEvent::ContingencyReserveSet { project_id, .. }
            | GovernanceEvent::SupplierGradingSet { project_id, .. }
            | GovernanceEvent::SupplierDeliveryRecorded { project_id, .. }
            | GovernanceEvent::SupplierEvaluated { project_id, .. }
            | GovernanceEvent::ReviewItemPassed { project_id, .. }
            | GovernanceEvent::ReviewExemptionRequested { project_id, .. }
            | GovernanceEvent::ReviewExemptionDecided { project_id, .. }
            | GovernanceEvent::KpiDefined { project_id, .. }
            | GovernanceEvent::BenefitPlanned { project_id, .. }
            | GovernanceEvent::BenefitMeasured { project_id, .. } => project_id,
        }
    }

    /// What the actor must be allowed: anyone on site may raise or observe a risk and record
    /// a delivery; rating, answering and closing a risk is the risk manager's, grading a
    /// supplier the evaluator's; an exemption is asked like an approval and decided by an
    /// approver. Passing a review item needs no action but the item's reviewer role (`None`).
    pub(crate) fn required_action(&self) -> Option<Action> {
        Some(match self {
            GovernanceEvent::ReviewItemPassed { .. } => return None,
            GovernanceEvent::ReviewExemptionRequested { .. } => Action::RequestApproval,
            GovernanceEvent::ReviewExemptionDecided { .. } => Action::Approve,
            GovernanceEvent::KpiDefined { .. } | GovernanceEvent::BenefitPlanned { .. } | GovernanceEvent::BenefitMeasured { .. } => Action::ManageKpis,
            GovernanceEvent::RiskIdentified { .. } | GovernanceEvent::RiskObserved { .. } | GovernanceEvent::RiskActionDone { .. } => Action::ObserveRisks,
            GovernanceEvent::RiskAssessed { .. }
            | GovernanceEvent::RiskResponsePlanned { .. }
            | GovernanceEvent::RiskClosed { .. }
            | GovernanceEvent::ContingencyReserveSet { .. } => Action::ManageRisks,
            GovernanceEvent::SupplierDeliveryRecorded { .. } => Action::RecordDelivery,
            GovernanceEvent::SupplierGradingSet { .. } | GovernanceEvent::SupplierEvaluated { .. } => Action::EvaluateSuppliers,
        })
    }
}
