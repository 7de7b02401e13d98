//! A year's official holiday arrangement as data, and the notices shipped with the crate.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::days;
use crate::{Error, Result};

/// One holiday of a notice: its days off (`from`–`to`), which of those are statutory, and
/// the weekend days worked to make up for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeHoliday {
    /// The holiday's name (`国庆节`).
    pub name: String,
    /// The first day of the break.
    pub from: NaiveDate,
    /// The last day of the break.
    pub to: NaiveDate,
    #[serde(default)]
    /// The statutory days within the break; the other days of the break are rest days.
    pub statutory: Vec<NaiveDate>,
    #[serde(default)]
    /// Weekend days worked in lieu (调休上班).
    pub makeup_working_days: Vec<NaiveDate>,
}

/// A year's official holiday arrangement (e.g. the State Council's notice), as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayNotice {
    /// The region the notice applies to (`CN`).
    pub region: String,
    /// The calendar year the notice arranges.
    pub year: i32,
    #[serde(default)]
    /// Where the notice comes from (its document number).
    pub source: String,
    /// The breaks the notice arranges.
    pub holidays: Vec<NoticeHoliday>,
}

/// The State Council's notices shipped as data, by year (each file names its notice).
const CHINA: [(i32, &str); 3] = [
    (2024, include_str!("../../data/holidays/cn-2024.json")),
    (2025, include_str!("../../data/holidays/cn-2025.json")),
    (2026, include_str!("../../data/holidays/cn-2026.json")),
];

impl HolidayNotice {
    /// Reads and validates a notice, listing every problem found.
    pub fn from_json(json: &str) -> Result<HolidayNotice> {
        let notice: HolidayNotice =
            serde_json::from_str(json).map_err(|e| Error::InvalidCalendar { problems: vec![e.to_string()] })?;
        notice.validate()?;
        Ok(notice)
    }

    /// The State Council's notice for 2025 (国办发明电〔2024〕12号).
    pub fn china_2025() -> Result<HolidayNotice> {
        HolidayNotice::china(2025)
    }

    /// The State Council's notice for a year the crate ships (see [`HolidayNotice::china_years`]);
    /// any other year is refused, naming the years shipped.
    pub fn china(year: i32) -> Result<HolidayNotice> {
        match CHINA.iter().find(|(y, _)| *y == year) {
            Some((_, json)) => HolidayNotice::from_json(json),
            None => Err(Error::InvalidCalendar {
                problems: vec![format!(
                    "no China holiday notice for {year} is shipped (shipped: {}); add that year's notice to a calendar (with_notice)",
                    years_text(&HolidayNotice::china_years())
                )],
            }),
        }
    }

    /// The years whose China notices are shipped, ascending.
    #[must_use]
    pub fn china_years() -> Vec<i32> {
        CHINA.iter().map(|(year, _)| *year).collect()
    }

    /// Every problem of the notice, or `Ok`.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut seen: BTreeMap<NaiveDate, &str> = BTreeMap::new();
        let mut names = BTreeSet::new();
        if self.region.trim().is_empty() {
            problems.push("the notice needs a region".to_owned());
        }
        // A notice's days lie in its year, give or take the New Year holiday's overlap.
        let earliest = self.year.checked_sub(1).and_then(|year| NaiveDate::from_ymd_opt(year, 12, 1));
        let latest = self.year.checked_add(1).and_then(|year| NaiveDate::from_ymd_opt(year, 1, 31));
        let outside = |date: &NaiveDate| earliest.is_none_or(|e| *date < e) || latest.is_none_or(|l| *date > l);
        for holiday in &self.holidays {
            let dates = [holiday.from, holiday.to].into_iter().chain(holiday.statutory.iter().copied()).chain(holiday.makeup_working_days.iter().copied());
            for date in dates.filter(outside) {
                problems.push(format!("{date} of {:?} is outside the notice's year {}", holiday.name, self.year));
            }
        }
        for holiday in &self.holidays {
            let name = holiday.name.as_str();
            if name.trim().is_empty() {
                problems.push(format!("a holiday starting {} has no name", holiday.from));
            }
            if !names.insert(name) {
                problems.push(format!("holiday {name:?} is listed twice"));
            }
            if holiday.from > holiday.to {
                problems.push(format!("holiday {name:?} ends ({}) before it starts ({})", holiday.to, holiday.from));
                continue;
            }
            if holiday.to.signed_duration_since(holiday.from).num_days() > 366 {
                problems.push(format!("holiday {name:?} is longer than a year"));
                continue;
            }
            for date in days(holiday.from, holiday.to) {
                if let Some(other) = seen.insert(date, name) {
                    problems.push(format!("{date} is a day off of both {other:?} and {name:?}"));
                }
            }
            for date in &holiday.statutory {
                if *date < holiday.from || *date > holiday.to {
                    problems.push(format!("statutory day {date} of {name:?} is outside its days off {}–{}", holiday.from, holiday.to));
                }
            }
        }
        for holiday in &self.holidays {
            for date in &holiday.makeup_working_days {
                if let Some(other) = seen.get(date) {
                    problems.push(format!("make-up working day {date} of {:?} is a day off of {other:?}", holiday.name));
                }
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::InvalidCalendar { problems }) }
    }
}


/// Years as text: "2024, 2025, 2026".
pub(super) fn years_text(years: &[i32]) -> String {
    years.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}
