//! The rules of a risk (风险): the 5×5 probability–impact matrix, its score and cell, the level
//! a score falls in, and the expected monetary value (PMI's EMV = probability × cost impact).
//!
//! ```
//! use projectledger::governance::{Assessment, Rating, RiskLevel};
//! use projectledger::{Currency, Decimal};
//! # fn main() -> Result<(), projectledger::Error> {
//! let rated = |n| Rating::new(n);
//! // Likely (4), with a major cost impact (4) but a minor schedule one (2): score 4 × 4.
//! let assessment = Assessment { probability: rated(4)?, probability_percent: None, cost_impact: rated(4)?, schedule_impact: rated(2)?,
//!     quality_impact: rated(1)?, cost_exposure: Some(Decimal::from(250_000)) };
//! assert_eq!((assessment.score(), assessment.cell(), assessment.level()), (16, (4, 4), RiskLevel::Extreme));
//! // Probability 4 reads 70 % when no percentage is known: EMV = 0.70 × 250,000.
//! assert_eq!(assessment.emv(Currency::CNY)?.unwrap().to_string(), "CNY 175000.00");
//! # Ok(()) }
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{ActorId, CostCode, Currency, Error, EventId, Money, Result, RoundingStrategy};

/// A rating on the matrix's 1–5 scale (probability: rare … almost certain; impact:
/// negligible … severe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Rating(u8);

impl crate::persist::Persist for Rating {
    fn write(&self, out: &mut crate::persist::Writer) {
        crate::persist::Persist::write(&self.0, out);
    }
    fn read(input: &mut crate::persist::Reader<'_>) -> crate::persist::Read<Rating> {
        let value = <u8 as crate::persist::Persist>::read(input)?;
        Rating::new(value).or_else(|_| input.fail("a rating off the 1–5 scale"))
    }
}

impl Rating {
    /// A rating from 1 to 5; anything else is refused.
    pub fn new(value: u8) -> Result<Rating> {
        if (1..=5).contains(&value) {
            Ok(Rating(value))
        } else {
            Err(Error::invalid_field("rating", format!("{value} is not on the 1–5 scale")))
        }
    }

    /// The rating's value, 1 to 5.
    #[must_use]
    pub fn value(self) -> u8 {
        self.0
    }

    /// The likelihood a probability rating stands for when no percentage is known: the middle
    /// of its band (1: 10 %, 2: 30 %, 3: 50 %, 4: 70 %, 5: 90 %).
    #[must_use]
    pub fn likelihood(self) -> Decimal {
        // 1 → 0.1 … 5 → 0.9: (2r − 1) / 10, exact.
        Decimal::new(i64::from(self.0).saturating_mul(2).saturating_sub(1), 1)
    }
}

impl TryFrom<u8> for Rating {
    type Error = Error;
    fn try_from(value: u8) -> Result<Rating> {
        Rating::new(value)
    }
}

impl From<Rating> for u8 {
    fn from(rating: Rating) -> u8 {
        rating.0
    }
}

/// Where a score falls: low 1–4, medium 5–9, high 10–15, extreme 16–25 (the green, yellow,
/// amber and red of the heat map).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Score 1–4: watch.
    Low,
    /// Score 5–9: manage within the project.
    Medium,
    /// Score 10–15: respond and report.
    High,
    /// Score 16–25: escalate.
    Extreme,
}

impl RiskLevel {
    /// The level of a score.
    #[must_use]
    pub fn of(score: u8) -> RiskLevel {
        match score {
            0..=4 => RiskLevel::Low,
            5..=9 => RiskLevel::Medium,
            10..=15 => RiskLevel::High,
            _ => RiskLevel::Extreme,
        }
    }

    /// The level's name on every surface.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
            RiskLevel::Extreme => "extreme",
        }
    }
}

/// What kind of risk: the register's categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskCategory {
    /// Design, technology, integration.
    Technical,
    /// Dates and durations.
    Schedule,
    /// Prices, quantities, funding.
    Cost,
    /// A vendor's delivery, quality or solvency.
    Supplier,
    /// Security and compliance (等保, data protection, permits).
    SecurityCompliance,
    /// Health and safety on site.
    Safety,
}
crate::persist::persist_enum!(RiskCategory { 0 => Technical, 1 => Schedule, 2 => Cost, 3 => Supplier, 4 => SecurityCompliance, 5 => Safety });

/// How a risk is answered (PMI's threat strategies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStrategy {
    /// Remove the cause.
    Avoid,
    /// Lower the probability or the impact.
    Mitigate,
    /// Hand it to another party (insurance, a contract clause).
    Transfer,
    /// Take it as it is, with contingency.
    Accept,
    /// Beyond the project's authority: hand it up.
    Escalate,
}
crate::persist::persist_enum!(ResponseStrategy { 0 => Avoid, 1 => Mitigate, 2 => Transfer, 3 => Accept, 4 => Escalate });

/// Where a risk stands: identified → assessed → responding → closed; or occurred, when it
/// happened and became an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    /// Recorded, not yet rated.
    Identified,
    /// Rated on the matrix.
    Assessed,
    /// A response is planned.
    Responding,
    /// No longer a threat.
    Closed,
    /// It happened: now an issue, handled outside the register.
    Occurred,
}
crate::persist::persist_enum!(RiskStatus { 0 => Identified, 1 => Assessed, 2 => Responding, 3 => Closed, 4 => Occurred });

impl RiskStatus {
    /// True while the risk still threatens (it counts in the exposure and the heat map).
    #[must_use]
    pub fn is_open(self) -> bool {
        !matches!(self, RiskStatus::Closed | RiskStatus::Occurred)
    }

    /// The status's name on every surface.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RiskStatus::Identified => "identified",
            RiskStatus::Assessed => "assessed",
            RiskStatus::Responding => "responding",
            RiskStatus::Closed => "closed",
            RiskStatus::Occurred => "occurred",
        }
    }
}

/// A risk rated on the matrix: probability, impact on cost, schedule and quality, and what is
/// known in figures.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// How likely, 1–5.
    pub probability: Rating,
    /// How likely in per cent, where known (it then decides the EMV instead of the rating).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::wire::exact_opt")]
    pub probability_percent: Option<Decimal>,
    /// Impact on cost, 1–5.
    pub cost_impact: Rating,
    /// Impact on schedule, 1–5.
    pub schedule_impact: Rating,
    /// Impact on quality, 1–5.
    pub quality_impact: Rating,
    /// The cost if it occurs, in the project's currency, where known.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::wire::exact_opt")]
    pub cost_exposure: Option<Decimal>,
}
crate::persist::persist_struct!(Assessment { probability, probability_percent, cost_impact, schedule_impact, quality_impact, cost_exposure });

impl Assessment {
    /// The assessment's own checks: a percentage within 0–100, an exposure not below zero.
    pub fn check(&self) -> Result<()> {
        if let Some(percent) = self.probability_percent
            && (percent.is_sign_negative() || percent > Decimal::ONE_HUNDRED)
        {
            return Err(Error::invalid_field("probability percent", format!("{percent} is not within 0–100")));
        }
        if let Some(exposure) = self.cost_exposure
            && exposure.is_sign_negative()
            && !exposure.is_zero()
        {
            return Err(Error::invalid_field("cost exposure", format!("{exposure} is below zero")));
        }
        Ok(())
    }

    /// The impact the matrix reads: the worst of cost, schedule and quality.
    #[must_use]
    pub fn impact(&self) -> Rating {
        self.cost_impact.max(self.schedule_impact).max(self.quality_impact)
    }

    /// Probability × impact, 1–25.
    #[must_use]
    pub fn score(&self) -> u8 {
        // Both at most 5: the product is at most 25.
        self.probability.0.saturating_mul(self.impact().0)
    }

    /// The heat-map cell: (probability, impact), each 1–5.
    #[must_use]
    pub fn cell(&self) -> (u8, u8) {
        (self.probability.0, self.impact().0)
    }

    /// The level the score falls in.
    #[must_use]
    pub fn level(&self) -> RiskLevel {
        RiskLevel::of(self.score())
    }

    /// The likelihood as a fraction: the percentage when known, else the rating's band.
    #[must_use]
    pub fn likelihood(&self) -> Decimal {
        // Within 0–100 (checked): ÷ 100 moves the point, exactly.
        self.probability_percent.and_then(|p| p.checked_div(Decimal::ONE_HUNDRED)).unwrap_or_else(|| self.probability.likelihood())
    }

    /// Expected monetary value: likelihood × cost exposure, rounded once to the currency's
    /// minor unit (half away from zero); none without an exposure.
    pub fn emv(&self, currency: Currency) -> Result<Option<Money>> {
        let Some(exposure) = self.cost_exposure else { return Ok(None) };
        let value = self.likelihood().checked_mul(exposure).ok_or_else(|| Error::overflow("expected monetary value"))?;
        Ok(Some(Money::new(value, currency).round(RoundingStrategy::HalfAwayFromZero)))
    }
}

/// One step of a response: what, who, by when, and when done.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskAction {
    /// The action's id, unique in its risk.
    pub action_id: String,
    /// What is to be done.
    pub description: String,
    /// Who does it.
    pub owner: ActorId,
    /// By when.
    #[serde(serialize_with = "crate::wire::date")]
    pub due: NaiveDate,
    /// When it was done.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::wire::date_opt")]
    pub done_on: Option<NaiveDate>,
}
crate::persist::persist_struct!(RiskAction { action_id, description, owner, due, done_on });

/// A dated note on a risk: a review, an observation on site, an action done, a closing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RiskNote {
    /// The event that recorded it.
    pub event_id: EventId,
    /// Who.
    pub by: ActorId,
    /// When.
    #[serde(serialize_with = "crate::wire::instant")]
    pub at: DateTime<Utc>,
    /// What.
    pub note: String,
}
crate::persist::persist_struct!(RiskNote { event_id, by, at, note });

/// An assessment as it was made: for the risk's trend.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AssessmentRecord {
    /// The rating.
    pub assessment: Assessment,
    /// Who rated it.
    pub by: ActorId,
    /// When.
    #[serde(serialize_with = "crate::wire::instant")]
    pub at: DateTime<Utc>,
}
crate::persist::persist_struct!(AssessmentRecord { assessment, by, at });

/// A risk of the register: what it is (cause → event → effect), who owns it, how it is rated
/// and answered, when it is next reviewed, and what it touches.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Risk {
    /// The risk's id, unique in the project.
    pub risk_id: String,
    /// A short title.
    pub title: String,
    /// Its category.
    pub category: RiskCategory,
    /// Why it may happen.
    pub cause: String,
    /// What may happen.
    pub event: String,
    /// What it would do.
    pub effect: String,
    /// Who owns it.
    pub owner: ActorId,
    /// Where it stands.
    pub status: RiskStatus,
    /// The cost codes it bears on.
    pub cost_codes: Vec<CostCode>,
    /// The schedule activities it bears on.
    pub activities: Vec<String>,
    /// Every assessment, oldest first (the last is in force).
    pub assessments: Vec<AssessmentRecord>,
    /// The response strategy, once planned.
    pub strategy: Option<ResponseStrategy>,
    /// The response's actions.
    pub actions: Vec<RiskAction>,
    /// The next review is due by this day.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub next_review: Option<NaiveDate>,
    /// Reviews, observations and the closing note, oldest first.
    pub notes: Vec<RiskNote>,
    /// Who identified it, and when.
    pub identified: RiskNote,
}
crate::persist::persist_struct!(Risk { risk_id, title, category, cause, event, effect, owner, status, cost_codes, activities, assessments, strategy, actions, next_review, notes, identified });

impl Risk {
    /// The assessment in force.
    #[must_use]
    pub fn assessment(&self) -> Option<&Assessment> {
        self.assessments.last().map(|a| &a.assessment)
    }

    /// True when the next review is past due on `as_of` (an open risk only).
    #[must_use]
    pub fn review_overdue(&self, as_of: NaiveDate) -> bool {
        self.status.is_open() && self.next_review.is_some_and(|due| as_of > due)
    }

    /// Actions not done by their due day, on `as_of`.
    pub fn overdue_actions(&self, as_of: NaiveDate) -> impl Iterator<Item = &RiskAction> {
        self.actions.iter().filter(move |a| a.done_on.is_none() && as_of > a.due)
    }
}
