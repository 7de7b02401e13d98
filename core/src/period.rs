//! Reporting periods: the keys aggregations group by (day, ISO week, month, quarter, year).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The granularity of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar day.
    Day,
    /// An ISO 8601 week (Monday to Sunday).
    IsoWeek,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

impl PeriodKind {
    /// Every kind, finest first.
    pub const ALL: [PeriodKind; 5] =
        [PeriodKind::Day, PeriodKind::IsoWeek, PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year];

    /// The snake_case name used in JSON, Python and scenarios.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::IsoWeek => "iso_week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

impl PeriodKind {
    /// The place in the sequence of this kind of the period holding `date`: consecutive
    /// periods have consecutive ordinals (a month is year × 12 + month − 1), so periods index
    /// an array directly.
    #[must_use]
    pub fn ordinal(self, date: NaiveDate) -> i64 {
        let (year, month0) = (i64::from(date.year()), i64::from(date.month0()));
        let days = i64::from(date.num_days_from_ce());
        match self {
            PeriodKind::Day => days,
            // 0001-01-01 is a Monday: every week's Monday is 1 + 7k days from the era.
            PeriodKind::IsoWeek => days.saturating_sub(i64::from(date.weekday().num_days_from_monday())).div_euclid(7),
            PeriodKind::Month => year.saturating_mul(12).saturating_add(month0),
            PeriodKind::Quarter => year.saturating_mul(4).saturating_add(month0.div_euclid(3)),
            PeriodKind::Year => year,
        }
    }
}

impl FromStr for PeriodKind {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self> {
        PeriodKind::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| {
            Error::invalid_field("period kind", format!("{name:?} is not one of day, iso_week, month, quarter, year"))
        })
    }
}

/// One period, ordered by time within a kind. Its key reads `2025-01-05`, `2025-W01`,
/// `2025-01`, `2025-Q1` or `2025`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// One day.
    Day(NaiveDate),
    /// ISO 8601 week: the year is the ISO week-numbering year (2024-12-30 is 2025-W01).
    IsoWeek {
        /// The ISO week-numbering year.
        year: i32,
        /// The week, 1 to 53.
        week: u32,
    },
    /// A month.
    Month {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
    },
    /// A quarter.
    Quarter {
        /// The year.
        year: i32,
        /// The quarter, 1 to 4.
        quarter: u32,
    },
    /// A year.
    Year(i32),
}

impl Period {
    /// The period of `kind` that contains `date`.
    #[must_use]
    pub fn of(kind: PeriodKind, date: NaiveDate) -> Period {
        match kind {
            PeriodKind::Day => Period::Day(date),
            PeriodKind::IsoWeek => {
                let week = date.iso_week();
                Period::IsoWeek { year: week.year(), week: week.week() }
            }
            PeriodKind::Month => Period::Month { year: date.year(), month: date.month() },
            PeriodKind::Quarter => {
                let quarter = match date.month() {
                    1..=3 => 1,
                    4..=6 => 2,
                    7..=9 => 3,
                    _ => 4,
                };
                Period::Quarter { year: date.year(), quarter }
            }
            PeriodKind::Year => Period::Year(date.year()),
        }
    }

    /// The kind of this period.
    #[must_use]
    pub fn kind(&self) -> PeriodKind {
        match self {
            Period::Day(_) => PeriodKind::Day,
            Period::IsoWeek { .. } => PeriodKind::IsoWeek,
            Period::Month { .. } => PeriodKind::Month,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Year(_) => PeriodKind::Year,
        }
    }

    /// First day of the period.
    pub fn start(&self) -> Result<NaiveDate> {
        let out_of_range = || Error::DateOutOfRange { reason: format!("period {self} has no start date") };
        match *self {
            Period::Day(date) => Some(date),
            Period::IsoWeek { year, week } => NaiveDate::from_isoywd_opt(year, week, Weekday::Mon),
            Period::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1),
            Period::Quarter { year, quarter } => quarter.checked_sub(1).and_then(|q| q.checked_mul(3)).and_then(|m| NaiveDate::from_ymd_opt(year, m.checked_add(1)?, 1)),
            Period::Year(year) => NaiveDate::from_ymd_opt(year, 1, 1),
        }
        .ok_or_else(out_of_range)
        .and_then(|start| crate::timestamp::check_date(start, &format_args!("the start of {self}")))
    }

    /// The period of `kind` at `ordinal` (see [`PeriodKind::ordinal`]).
    pub fn at(kind: PeriodKind, ordinal: i64) -> Result<Period> {
        let out_of_range = || Error::DateOutOfRange { reason: format!("period {ordinal} of kind {}", kind.name()) };
        let first_of = |year: i64, month: i64| i32::try_from(year).ok().and_then(|y| NaiveDate::from_ymd_opt(y, u32::try_from(month).ok()?, 1));
        let day = match kind {
            PeriodKind::Day => i32::try_from(ordinal).ok().and_then(NaiveDate::from_num_days_from_ce_opt),
            PeriodKind::IsoWeek => i32::try_from(ordinal.saturating_mul(7).saturating_add(1)).ok().and_then(NaiveDate::from_num_days_from_ce_opt),
            PeriodKind::Month => first_of(ordinal.div_euclid(12), ordinal.rem_euclid(12).saturating_add(1)),
            PeriodKind::Quarter => first_of(ordinal.div_euclid(4), ordinal.rem_euclid(4).saturating_mul(3).saturating_add(1)),
            PeriodKind::Year => first_of(ordinal, 1),
        };
        day.map(|d| Period::of(kind, d)).ok_or_else(out_of_range)
    }

    /// Last day of the period (inclusive).
    pub fn end(&self) -> Result<NaiveDate> {
        let out_of_range = || Error::DateOutOfRange { reason: format!("period {self} has no end date") };
        let start = self.start()?;
        let next_start = match *self {
            Period::Day(date) => date.succ_opt(),
            Period::IsoWeek { .. } => start.checked_add_signed(Duration::days(7)),
            Period::Month { .. } => start.checked_add_months(chrono::Months::new(1)),
            Period::Quarter { .. } => start.checked_add_months(chrono::Months::new(3)),
            Period::Year(_) => start.checked_add_months(chrono::Months::new(12)),
        };
        next_start
            .and_then(|d| d.pred_opt())
            .ok_or_else(out_of_range)
            .and_then(|end| crate::timestamp::check_date(end, &format_args!("the end of {self}")))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(date) => write!(f, "{date}"),
            Period::IsoWeek { year, week } => write!(f, "{year:04}-W{week:02}"),
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year(year) => write!(f, "{year:04}"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn keys_and_bounds() {
        let d = date("2024-12-30");
        let keys: Vec<String> = PeriodKind::ALL.iter().map(|k| Period::of(*k, d).to_string()).collect();
        assert_eq!(keys, ["2024-12-30", "2025-W01", "2024-12", "2024-Q4", "2024"]);
        let week = Period::of(PeriodKind::IsoWeek, d);
        assert_eq!((week.start().unwrap(), week.end().unwrap()), (date("2024-12-30"), date("2025-01-05")));
        let feb = Period::of(PeriodKind::Month, date("2024-02-10"));
        assert_eq!(feb.end().unwrap(), date("2024-02-29"));
        let q = Period::of(PeriodKind::Quarter, date("2025-05-31"));
        assert_eq!((q.to_string(), q.start().unwrap(), q.end().unwrap()), ("2025-Q2".to_owned(), date("2025-04-01"), date("2025-06-30")));
        assert!("fortnight".parse::<PeriodKind>().is_err());
    }

    /// Every kind's ordinals are consecutive and lead back to their periods, across year ends.
    #[test]
    fn period_ordinals_round_trip() {
        for kind in [PeriodKind::Day, PeriodKind::IsoWeek, PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
            let mut previous: Option<(i64, Period)> = None;
            for day in NaiveDate::from_ymd_opt(2024, 12, 1).unwrap().iter_days().take(800) {
                let (o, period) = (kind.ordinal(day), Period::of(kind, day));
                assert_eq!(Period::at(kind, o).unwrap(), period, "{kind:?} {day}");
                if let Some((po, pp)) = previous {
                    assert!(o == po && period == pp || o == po + 1 && period > pp, "{kind:?} {day}");
                }
                previous = Some((o, period));
            }
        }
    }
}
