//! Supplier performance grading (供应商绩效评级): the vendors of a project's commitments
//! evaluated per period on weighted criteria — quality, on-time delivery, cost, service,
//! safety and compliance — scored 0–100 and graded A/B/C/D by the project's thresholds.
//!
//! Where the ledger holds the facts it scores the criterion itself, unless the evaluator
//! does: on-time delivery is the share of the supplier's deliveries in the period (since its
//! last evaluation) received by the day promised; cost is 100 less `cost_points_per_percent`
//! for each per cent the approved change orders add to the supplier's approved commitments.
//! The score is the weighted mean of the criteria scored (the weights of the others left
//! out), rounded once to 0.01.
//!
//! ```
//! use projectledger::governance::{Grade, GradingPolicy};
//! let policy = GradingPolicy::default();
//! assert_eq!([90, 89, 75, 60, 59].map(|s| policy.grade(s.into())), [Grade::A, Grade::B, Grade::B, Grade::C, Grade::D]);
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::ControlAction;
use crate::{ActorId, DocumentId, Error, EventId, Result, RoundingStrategy};

/// What a supplier is graded on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Work and goods as specified (evaluator).
    Quality,
    /// Delivered by the day promised (from recorded deliveries, else the evaluator).
    Delivery,
    /// Change orders against the original commitment (from the cost centre, else the evaluator).
    Cost,
    /// Responsiveness, documents, cooperation (evaluator).
    Service,
    /// Safety and compliance on site (evaluator).
    Safety,
}
crate::persist::persist_enum!(Criterion { 0 => Quality, 1 => Delivery, 2 => Cost, 3 => Service, 4 => Safety });

impl Criterion {
    /// Every criterion, in this order.
    pub const ALL: [Criterion; 5] = [Criterion::Quality, Criterion::Delivery, Criterion::Cost, Criterion::Service, Criterion::Safety];

    /// The criterion's name on every surface.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Criterion::Quality => "quality",
            Criterion::Delivery => "delivery",
            Criterion::Cost => "cost",
            Criterion::Service => "service",
            Criterion::Safety => "safety",
        }
    }
}

/// A grade, A best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    /// At or above the A threshold.
    A,
    /// At or above the B threshold.
    B,
    /// At or above the C threshold.
    C,
    /// Below C.
    D,
}
crate::persist::persist_enum!(Grade { 0 => A, 1 => B, 2 => C, 3 => D });

impl Grade {
    /// The grade's letter.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
}

/// One number per criterion (weights, or scores of an evaluation where each is optional).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionScores {
    /// Quality.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::wire::exact_opt")]
    pub quality: Option<Decimal>,
    /// On-time delivery.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::wire::exact_opt")]
    pub delivery: Option<Decimal>,
    /// Cost (change orders).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::wire::exact_opt")]
    pub cost: Option<Decimal>,
    /// Service.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::wire::exact_opt")]
    pub service: Option<Decimal>,
    /// Safety and compliance.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::wire::exact_opt")]
    pub safety: Option<Decimal>,
}
crate::persist::persist_struct!(CriterionScores { quality, delivery, cost, service, safety });

impl CriterionScores {
    /// The number given for a criterion.
    #[must_use]
    pub fn get(&self, criterion: Criterion) -> Option<Decimal> {
        match criterion {
            Criterion::Quality => self.quality,
            Criterion::Delivery => self.delivery,
            Criterion::Cost => self.cost,
            Criterion::Service => self.service,
            Criterion::Safety => self.safety,
        }
    }

    /// Each given score within 0–100.
    pub fn check(&self) -> Result<()> {
        for criterion in Criterion::ALL {
            if let Some(score) = self.get(criterion)
                && (score.is_sign_negative() && !score.is_zero() || score > Decimal::ONE_HUNDRED)
            {
                return Err(Error::invalid_field(format!("{} score", criterion.name()), format!("{score} is not within 0–100")));
            }
        }
        Ok(())
    }
}

/// How a project grades its suppliers: the criteria's weights, the grade thresholds, what a
/// new commitment to a D supplier meets, and how change orders become a cost score.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingPolicy {
    /// The weight of each criterion (30 / 25 / 20 / 15 / 10 by default); all given, none
    /// below zero, not all zero.
    pub weights: CriterionScores,
    /// The lowest score of an A (90), a B (75) and a C (60).
    #[serde(with = "crate::wire::exact_list")]
    pub thresholds: Vec<Decimal>,
    /// A new commitment to a supplier graded D: refused (stop), accepted with a warning, or
    /// let through (ignore, the default).
    #[serde(default)]
    pub d_supplier_control: ControlAction,
    /// Cost-score points lost per per cent of change orders on the original commitment (5).
    #[serde(with = "crate::wire::exact")]
    pub cost_points_per_percent: Decimal,
}
crate::persist::persist_struct!(GradingPolicy { weights, thresholds, d_supplier_control, cost_points_per_percent });

impl Default for GradingPolicy {
    fn default() -> Self {
        let w = |n: i64| Some(Decimal::from(n));
        GradingPolicy {
            weights: CriterionScores { quality: w(30), delivery: w(25), cost: w(20), service: w(15), safety: w(10) },
            thresholds: vec![Decimal::from(90), Decimal::from(75), Decimal::from(60)],
            d_supplier_control: ControlAction::Ignore,
            cost_points_per_percent: Decimal::from(5),
        }
    }
}

impl GradingPolicy {
    /// The policy's own checks, every problem at once.
    pub fn check(&self) -> Result<()> {
        let mut problems = Vec::new();
        let weights: Vec<Option<Decimal>> = Criterion::ALL.iter().map(|c| self.weights.get(*c)).collect();
        if weights.iter().any(Option::is_none) {
            problems.push("every criterion needs a weight (0 leaves it out)".to_owned());
        }
        if weights.iter().flatten().any(|w| w.is_sign_negative() && !w.is_zero()) {
            problems.push("a weight is below zero".to_owned());
        }
        if weights.iter().flatten().all(Decimal::is_zero) {
            problems.push("all weights are zero".to_owned());
        }
        let descending = self.thresholds.windows(2).all(|pair| matches!(pair, [higher, lower] if higher > lower));
        if self.thresholds.len() != 3 || !descending || self.thresholds.iter().any(|t| t.is_sign_negative() || *t > Decimal::ONE_HUNDRED) {
            problems.push(format!("thresholds are the lowest A, B and C scores, falling, within 0–100 (got {:?})", self.thresholds.iter().map(ToString::to_string).collect::<Vec<_>>()));
        }
        if self.cost_points_per_percent.is_sign_negative() {
            problems.push("cost points per per cent is below zero".to_owned());
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::invalid_field("grading policy", problems.join("; "))) }
    }

    /// The grade of a score: the first threshold it reaches.
    #[must_use]
    pub fn grade(&self, score: Decimal) -> Grade {
        let reached = self.thresholds.iter().position(|t| score >= *t).unwrap_or(3);
        [Grade::A, Grade::B, Grade::C].get(reached).copied().unwrap_or(Grade::D)
    }

    /// The cost score of change orders worth `ratio` of the original commitment (0.04 = 4 %).
    #[must_use]
    pub fn cost_score(&self, ratio: Decimal) -> Decimal {
        let lost = ratio.checked_mul(Decimal::ONE_HUNDRED).and_then(|p| p.checked_mul(self.cost_points_per_percent)).unwrap_or(Decimal::MAX);
        Decimal::ONE_HUNDRED.checked_sub(lost).unwrap_or(Decimal::ZERO).clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
    }

    /// The weighted mean of the criteria scored (the weights of the others left out), rounded
    /// once to 0.01; none when no weighted criterion is scored.
    #[must_use]
    pub fn score(&self, scores: &[(Criterion, Decimal)]) -> Option<Decimal> {
        let (mut sum, mut weight) = (Decimal::ZERO, Decimal::ZERO);
        for (criterion, score) in scores {
            let w = self.weights.get(*criterion).unwrap_or_default();
            // Weights and scores are small (checked): the sums stay far inside a Decimal.
            sum = sum.saturating_add(w.saturating_mul(*score));
            weight = weight.saturating_add(w);
        }
        (!weight.is_zero()).then(|| crate::decimal::at_places(RoundingStrategy::HalfAwayFromZero.round(sum.checked_div(weight).unwrap_or_default(), 2), 2))
    }
}

/// Where a criterion's score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreSource {
    /// The evaluator gave it.
    Evaluator,
    /// The ledger: recorded deliveries, or the cost centre's change orders.
    Ledger,
}
crate::persist::persist_enum!(ScoreSource { 0 => Evaluator, 1 => Ledger });

/// One criterion of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CriterionScore {
    /// The criterion.
    pub criterion: Criterion,
    /// Its score, 0–100.
    #[serde(with = "crate::wire::exact")]
    pub score: Decimal,
    /// Who scored it.
    pub source: ScoreSource,
}
crate::persist::persist_struct!(CriterionScore { criterion, score, source });

/// A supplier's evaluation for a period, as the rules scored it when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct SupplierEvaluation {
    /// The supplier (a commitment's vendor).
    pub supplier: String,
    /// The last day of the period evaluated.
    #[serde(serialize_with = "crate::wire::date")]
    pub period_end: NaiveDate,
    /// The criteria scored.
    pub criteria: Vec<CriterionScore>,
    /// The weighted score, 0–100 to 0.01.
    #[serde(with = "crate::wire::exact")]
    pub score: Decimal,
    /// Its grade under the project's thresholds then.
    pub grade: Grade,
    /// The evaluator's note.
    pub note: String,
    /// The event that recorded it.
    pub event_id: EventId,
    /// Who evaluated.
    pub by: ActorId,
    /// When.
    #[serde(serialize_with = "crate::wire::instant")]
    pub at: DateTime<Utc>,
}
crate::persist::persist_struct!(SupplierEvaluation { supplier, period_end, criteria, score, grade, note, event_id, by, at });

/// A delivery received against a commitment: promised and delivered days.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Delivery {
    /// The delivery's id, unique in the project.
    pub delivery_id: String,
    /// The commitment it delivers.
    pub commitment_id: DocumentId,
    /// The commitment's vendor.
    pub supplier: String,
    /// The day promised.
    #[serde(serialize_with = "crate::wire::date")]
    pub promised: NaiveDate,
    /// The day received.
    #[serde(serialize_with = "crate::wire::date")]
    pub delivered: NaiveDate,
}
crate::persist::persist_struct!(Delivery { delivery_id, commitment_id, supplier, promised, delivered });

impl Delivery {
    /// Received by the day promised.
    #[must_use]
    pub fn on_time(&self) -> bool {
        self.delivered <= self.promised
    }
}

/// A new commitment to a D supplier that a Warn control let through.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SupplierWarning {
    /// The event that drafted the commitment.
    pub event_id: EventId,
    /// The commitment.
    pub document_id: DocumentId,
    /// The supplier.
    pub supplier: String,
    /// The period of the D grade.
    #[serde(serialize_with = "crate::wire::date")]
    pub graded_on: NaiveDate,
}
crate::persist::persist_struct!(SupplierWarning { event_id, document_id, supplier, graded_on });

/// One project's supplier book: its grading policy, deliveries, evaluations and warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SupplierBook {
    pub(super) policy: Option<GradingPolicy>,
    pub(super) deliveries: Vec<Delivery>,
    pub(super) evaluations: Vec<SupplierEvaluation>,
    pub(super) warnings: Vec<SupplierWarning>,
}
crate::persist::persist_struct!(SupplierBook { policy, deliveries, evaluations, warnings });

impl SupplierBook {
    /// The grading policy in force (the default until one is set).
    #[must_use]
    pub fn policy(&self) -> GradingPolicy {
        self.policy.clone().unwrap_or_default()
    }

    /// Deliveries in the order recorded.
    #[must_use]
    pub fn deliveries(&self) -> &[Delivery] {
        &self.deliveries
    }

    /// Evaluations in the order recorded.
    #[must_use]
    pub fn evaluations(&self) -> &[SupplierEvaluation] {
        &self.evaluations
    }

    /// New commitments to D suppliers a Warn control let through.
    #[must_use]
    pub fn warnings(&self) -> &[SupplierWarning] {
        &self.warnings
    }

    /// The on-time share of a supplier's deliveries received after `after` (its previous
    /// evaluation) through `through`, in per cent; none without deliveries.
    #[must_use]
    pub fn on_time_percent(&self, supplier: &str, after: Option<NaiveDate>, through: NaiveDate) -> Option<Decimal> {
        let period: Vec<&Delivery> = self.deliveries.iter().filter(|d| d.supplier == supplier && d.delivered <= through && after.is_none_or(|a| d.delivered > a)).collect();
        let on_time = period.iter().filter(|d| d.on_time()).count();
        let share = Decimal::from(on_time).checked_mul(Decimal::ONE_HUNDRED)?.checked_div(Decimal::from(period.len()))?;
        Some(RoundingStrategy::HalfAwayFromZero.round(share, 2))
    }

    /// The supplier's latest evaluation on this project.
    #[must_use]
    pub fn latest(&self, supplier: &str) -> Option<&SupplierEvaluation> {
        self.evaluations.iter().filter(|e| e.supplier == supplier).max_by_key(|e| e.period_end)
    }
}

/// A supplier's evaluation as a table row: each criterion's score, the weighted score, its
/// grade, and the change since the supplier's previous evaluation on the project (the trend).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SupplierScoreRow {
    /// The project.
    pub project_id: crate::ProjectId,
    /// The supplier.
    pub supplier: String,
    /// The last day of the period.
    #[serde(serialize_with = "crate::wire::date")]
    pub period_end: NaiveDate,
    /// Quality, where scored.
    #[serde(with = "crate::wire::exact_opt")]
    pub quality: Option<Decimal>,
    /// On-time delivery, where scored.
    #[serde(with = "crate::wire::exact_opt")]
    pub delivery: Option<Decimal>,
    /// Cost, where scored.
    #[serde(with = "crate::wire::exact_opt")]
    pub cost: Option<Decimal>,
    /// Service, where scored.
    #[serde(with = "crate::wire::exact_opt")]
    pub service: Option<Decimal>,
    /// Safety and compliance, where scored.
    #[serde(with = "crate::wire::exact_opt")]
    pub safety: Option<Decimal>,
    /// The weighted score.
    #[serde(with = "crate::wire::exact")]
    pub score: Decimal,
    /// Its grade.
    pub grade: Grade,
    /// Score less the previous evaluation's (none for the first).
    #[serde(with = "crate::wire::exact_opt")]
    pub change: Option<Decimal>,
    /// Who evaluated.
    pub evaluated_by: ActorId,
}

impl super::Governance {
    /// Every evaluation, as rows: of one project or all, by project, then supplier, then
    /// period (the trend of each supplier reads down its rows).
    #[must_use]
    pub fn supplier_evaluations(&self, project: Option<&crate::ProjectId>) -> Vec<SupplierScoreRow> {
        let mut rows = Vec::new();
        for (project_id, book) in self.supplier_books().filter(|(id, _)| project.is_none_or(|p| p == *id)) {
            let mut evaluations: Vec<&SupplierEvaluation> = book.evaluations.iter().collect();
            evaluations.sort_by(|a, b| a.supplier.cmp(&b.supplier).then(a.period_end.cmp(&b.period_end)));
            let mut previous: Option<&SupplierEvaluation> = None;
            for e in evaluations {
                let score = |criterion: Criterion| e.criteria.iter().find(|c| c.criterion == criterion).map(|c| c.score);
                let change = previous.filter(|p| p.supplier == e.supplier).and_then(|p| e.score.checked_sub(p.score));
                rows.push(SupplierScoreRow {
                    project_id: project_id.clone(),
                    supplier: e.supplier.clone(),
                    period_end: e.period_end,
                    quality: score(Criterion::Quality),
                    delivery: score(Criterion::Delivery),
                    cost: score(Criterion::Cost),
                    service: score(Criterion::Service),
                    safety: score(Criterion::Safety),
                    score: e.score,
                    grade: e.grade,
                    change,
                    evaluated_by: e.by.clone(),
                });
                previous = Some(e);
            }
        }
        rows
    }

    /// Each supplier's latest evaluation per project (its grade now, and the trend).
    #[must_use]
    pub fn supplier_grades(&self, project: Option<&crate::ProjectId>) -> Vec<SupplierScoreRow> {
        let rows = self.supplier_evaluations(project);
        let last_of_each = rows.iter().enumerate().filter(|(i, r)| rows.get(i.saturating_add(1)).is_none_or(|next| next.supplier != r.supplier || next.project_id != r.project_id));
        last_of_each.map(|(_, r)| r.clone()).collect()
    }
}
