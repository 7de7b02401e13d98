//! Earned value per cost code: a leaf code is a work package with dates, a spread profile
//! and an earned-value technique (P6's anchor); progress events move what it has earned.
//!
//! Planned value: the leaf's budget at completion (its revised budget, all cost types)
//! spread over the working days of the project calendar (or the package's own, when a
//! schedule's activity on its own calendar dates it) from start to finish, exactly
//! (largest remainder in minor units); PV at a date is the sum of the parts of working days
//! up to it. Earned value: BAC × the fraction the technique credits, rounded to minor units
//! (half away from zero) — the one rounding point; level of effort earns its planned value.
//! A node's figures are the sums of its leaves'; a leaf without a schedule plans and earns
//! nothing but keeps its budget and actual cost.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::evm::SpreadProfile;
use crate::{Error, Money, Result, RoundingStrategy, WorkCalendar};

/// One weighted milestone of a work package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// The milestone's name, unique in its work package.
    pub name: String,
    #[serde(with = "crate::wire::exact")]
    /// Its share of the budget (weights are relative).
    pub weight: Decimal,
}
crate::persist::persist_struct!(Milestone { name, weight });


/// How a work package earns value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EvTechnique {
    /// Nothing until finished, then everything.
    ZeroHundred,
    /// Half when started, the rest when finished.
    FiftyFifty,
    /// The weights of the milestones done over the weights of all.
    WeightedMilestones {
        /// The milestones, with their weights.
        milestones: Vec<Milestone>,
    },
    /// The physical percent complete reported.
    PhysicalPercent,
    /// Earns what was planned (support work with no product of its own).
    LevelOfEffort,
}
crate::persist::persist_enum!(EvTechnique { 0 => ZeroHundred, 1 => FiftyFifty, 2 => WeightedMilestones { milestones }, 3 => PhysicalPercent, 4 => LevelOfEffort });


/// What a progress event reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Progress {
    /// Work has started.
    Started,
    /// Work has finished (100 %).
    Finished,
    /// One milestone is done.
    MilestoneDone {
        /// The milestone's name.
        milestone: String,
    },
    /// The share complete, as estimated.
    PercentComplete {
        #[serde(with = "crate::wire::exact")]
        /// From 0 to 100.
        percent: Decimal,
    },
}
crate::persist::persist_enum!(Progress { 0 => Started, 1 => Finished, 2 => MilestoneDone { milestone }, 3 => PercentComplete { percent } });


/// A leaf code's schedule, technique and progress so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct WorkPackage {
    /// The calendar its working days are counted on, when not the project's (a schedule's
    /// activity on its own calendar dates it); written by name.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "calendar_name")]
    pub calendar: Option<WorkCalendar>,
    #[serde(serialize_with = "crate::wire::date")]
    /// The first working day.
    pub start: NaiveDate,
    #[serde(serialize_with = "crate::wire::date")]
    /// The last working day.
    pub finish: NaiveDate,
    /// How the budget is spread over the working days: `linear`, `front`, `back` or `manual`.
    pub profile: String,
    #[serde(with = "crate::wire::exact_list_opt")]
    /// The weights of a `manual` profile, one per working day.
    pub weights: Option<Vec<Decimal>>,
    /// How earned value is measured.
    pub technique: EvTechnique,
    /// Whether work has started.
    pub started: bool,
    /// Whether work has finished.
    pub finished: bool,
    /// The milestones done.
    pub milestones_done: BTreeSet<String>,
    #[serde(with = "crate::wire::exact")]
    /// The last percent complete recorded (0–100).
    pub percent_complete: Decimal,
}
crate::persist::persist_struct!(WorkPackage { calendar, start, finish, profile, weights, technique, started, finished, milestones_done, percent_complete });


fn calendar_name<S: serde::Serializer>(calendar: &Option<WorkCalendar>, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    calendar.as_ref().map(WorkCalendar::name).serialize(serializer)
}

impl WorkPackage {
    /// A validated package on the project `calendar`: start ≤ finish, at least one working
    /// day between them, a known profile (weights only for manual, one per working day),
    /// milestones with positive weights and distinct names.
    pub fn new(
        start: NaiveDate,
        finish: NaiveDate,
        profile: &str,
        weights: Option<Vec<Decimal>>,
        technique: EvTechnique,
        calendar: &WorkCalendar,
    ) -> Result<WorkPackage> {
        WorkPackage::on_calendar(start, finish, profile, weights, technique, calendar, None)
    }

    /// A validated package whose working days are those of `own` calendar when given (else
    /// the project `calendar`'s).
    pub fn on_calendar(
        start: NaiveDate,
        finish: NaiveDate,
        profile: &str,
        weights: Option<Vec<Decimal>>,
        technique: EvTechnique,
        calendar: &WorkCalendar,
        own: Option<WorkCalendar>,
    ) -> Result<WorkPackage> {
        if finish < start {
            return Err(Error::invalid_field("schedule", format!("finish {finish} is before start {start}")));
        }
        let package = WorkPackage {
            calendar: own,
            start,
            finish,
            profile: profile.to_owned(),
            weights,
            technique,
            started: false,
            finished: false,
            milestones_done: BTreeSet::new(),
            percent_complete: Decimal::ZERO,
        };
        let days = package.working_days(calendar)?;
        if days.is_empty() {
            let name = package.calendar.as_ref().unwrap_or(calendar).name();
            return Err(Error::invalid_field("schedule", format!("no working day from {start} to {finish} in calendar {name}")));
        }
        package.spread_profile()?.weights(days.len())?;
        if let EvTechnique::WeightedMilestones { milestones } = &package.technique {
            let names: BTreeSet<&str> = milestones.iter().map(|m| m.name.as_str()).collect();
            if milestones.is_empty() || names.len() != milestones.len() || milestones.iter().any(|m| m.weight <= Decimal::ZERO) {
                return Err(Error::invalid_field("milestones", "at least one milestone, names distinct, weights above zero"));
            }
        }
        Ok(package)
    }

    fn spread_profile(&self) -> Result<SpreadProfile> {
        SpreadProfile::from_name(&self.profile, self.weights.clone())
    }

    /// The working days from start to finish, on its own calendar or else the project's.
    fn working_days(&self, calendar: &WorkCalendar) -> Result<Vec<NaiveDate>> {
        let calendar = self.calendar.as_ref().unwrap_or(calendar);
        let mut days = Vec::new();
        for day in self.start.iter_days().take_while(|d| *d <= self.finish) {
            if calendar.is_working_day(day)? {
                days.push(day);
            }
        }
        Ok(days)
    }

    /// Applies a progress report, checked against the technique (state unchanged on error).
    pub fn record(&mut self, progress: &Progress) -> Result<()> {
        let refuse = |reason: String| Err(Error::invalid_field("progress", reason));
        match (progress, &self.technique) {
            (Progress::Started, EvTechnique::ZeroHundred | EvTechnique::FiftyFifty) => self.started = true,
            (Progress::Finished, EvTechnique::ZeroHundred | EvTechnique::FiftyFifty) => {
                self.started = true;
                self.finished = true;
            }
            (Progress::MilestoneDone { milestone }, EvTechnique::WeightedMilestones { milestones }) => {
                if !milestones.iter().any(|m| &m.name == milestone) {
                    return refuse(format!("{milestone:?} is not a milestone of this work package"));
                }
                if !self.milestones_done.insert(milestone.clone()) {
                    return refuse(format!("milestone {milestone:?} is already done"));
                }
            }
            (Progress::PercentComplete { percent }, EvTechnique::PhysicalPercent) => {
                if *percent < Decimal::ZERO || *percent > Decimal::ONE_HUNDRED {
                    return refuse(format!("{percent}% is not between 0 and 100"));
                }
                self.percent_complete = *percent;
            }
            (_, technique) => return refuse(format!("{progress:?} does not apply to the {technique:?} technique")),
        }
        Ok(())
    }

    /// The budget `bac` (minor units) spread over the working days: (day, minor units), in
    /// date order, summing exactly to `bac`.
    pub fn planned_parts(&self, bac: i64, calendar: &WorkCalendar, currency: crate::Currency) -> Result<Vec<(NaiveDate, i64)>> {
        let days = self.working_days(calendar)?;
        let parts = self.spread_profile()?.spread(&Money::from_minor_units(bac.into(), currency)?, days.len())?;
        days.into_iter()
            .zip(parts)
            .map(|(day, part)| Ok((day, i64::try_from(part.to_minor_units()?).map_err(|_| Error::overflow("planned value"))?)))
            .collect()
    }

    /// Planned value at the end of `status_date`, in minor units, of a budget `bac` (units).
    pub fn planned_units(&self, bac: i64, status_date: NaiveDate, calendar: &WorkCalendar, currency: crate::Currency) -> Result<i64> {
        let parts = self.planned_parts(bac, calendar, currency)?;
        parts.iter().take_while(|(day, _)| *day <= status_date).try_fold(0i64, |sum, (_, units)| {
            sum.checked_add(*units).ok_or_else(|| Error::overflow("planned value"))
        })
    }

    /// Earned value in minor units of a budget `bac` (units); `planned` serves level of effort.
    pub fn earned_units(&self, bac: i64, planned: i64, currency: crate::Currency) -> Result<i64> {
        let fraction = match &self.technique {
            EvTechnique::LevelOfEffort => return Ok(planned),
            EvTechnique::ZeroHundred => Decimal::from(u8::from(self.finished)),
            EvTechnique::FiftyFifty if self.finished => Decimal::ONE,
            EvTechnique::FiftyFifty if self.started => Decimal::new(5, 1),
            EvTechnique::FiftyFifty => Decimal::ZERO,
            EvTechnique::PhysicalPercent => self.percent_complete.checked_div(Decimal::ONE_HUNDRED).unwrap_or_default(),
            EvTechnique::WeightedMilestones { milestones } => {
                let total: Decimal = milestones.iter().map(|m| m.weight).sum();
                let done: Decimal = milestones.iter().filter(|m| self.milestones_done.contains(&m.name)).map(|m| m.weight).sum();
                // Weights are above zero (checked when the package is defined).
                done.checked_div(total).unwrap_or_default()
            }
        };
        let bac = Money::from_minor_units(bac.into(), currency)?;
        let earned = Money::new(bac.amount().checked_mul(fraction).ok_or_else(|| Error::overflow("earned value"))?, currency)
            .round(RoundingStrategy::HalfAwayFromZero);
        i64::try_from(earned.to_minor_units()?).map_err(|_| Error::overflow("earned value"))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::Currency;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, d).unwrap()
    }

    #[test]
    fn each_technique_earns_its_share() {
        let calendar = WorkCalendar::china_2025().unwrap();
        // Mon 9 June to Fri 13 June: five working days; BAC 100.00 = 10,000 cents.
        let package = |technique| WorkPackage::new(day(9), day(13), "linear", None, technique, &calendar).unwrap();
        let earned = |p: &WorkPackage| p.earned_units(10_000, p.planned_units(10_000, day(10), &calendar, Currency::CNY).unwrap(), Currency::CNY).unwrap();
        let mut zero_hundred = package(EvTechnique::ZeroHundred);
        zero_hundred.record(&Progress::Started).unwrap();
        assert_eq!(earned(&zero_hundred), 0);
        zero_hundred.record(&Progress::Finished).unwrap();
        assert_eq!(earned(&zero_hundred), 10_000);
        let mut fifty = package(EvTechnique::FiftyFifty);
        fifty.record(&Progress::Started).unwrap();
        assert_eq!(earned(&fifty), 5_000);
        let effort = package(EvTechnique::LevelOfEffort);
        assert_eq!(effort.planned_units(10_000, day(10), &calendar, Currency::CNY).unwrap(), 4_000);
        assert_eq!(earned(&effort), 4_000);
        let thirds = EvTechnique::WeightedMilestones {
            milestones: ["a", "b", "c"].iter().map(|n| Milestone { name: (*n).into(), weight: Decimal::ONE }).collect(),
        };
        let mut milestones = package(thirds);
        milestones.record(&Progress::MilestoneDone { milestone: "b".into() }).unwrap();
        assert_eq!(earned(&milestones), 3_333); // 33.333… rounded once, half away from zero
        assert!(milestones.record(&Progress::MilestoneDone { milestone: "b".into() }).is_err());
        assert!(milestones.record(&Progress::Started).is_err());
        let mut physical = package(EvTechnique::PhysicalPercent);
        assert!(physical.record(&Progress::PercentComplete { percent: Decimal::from(101) }).is_err());
        physical.record(&Progress::PercentComplete { percent: Decimal::new(125, 1) }).unwrap();
        assert_eq!(earned(&physical), 1_250);
        // The Dragon Boat holiday (31 May – 2 June 2025) leaves no working day.
        let closed = WorkPackage::new(NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(), day(2), "linear", None, EvTechnique::ZeroHundred, &calendar);
        assert_eq!(closed.unwrap_err().kind(), "InvalidField");
    }
}
