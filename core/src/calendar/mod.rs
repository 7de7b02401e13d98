//! Working calendars: a weekly pattern, hours per working day, holidays (statutory or not)
//! and make-up working days (调休). Holiday data is loaded from a year's official notice, and
//! a calendar holding notices knows their years: a date outside them is refused, not guessed.

mod notice;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};
pub use notice::{HolidayNotice, NoticeHoliday};

/// What a date is under a calendar. Overtime rates follow it (Labour Law art. 44): only
/// statutory holidays earn the holiday rate; every other day off is a rest day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A working day (Monday to Friday, or a weekend day worked in lieu: 调休上班).
    Working,
    /// A rest day: a weekend day, or a day given in lieu of a holiday (调休).
    RestDay,
    /// A statutory holiday (法定节假日), paid at the holiday overtime rate when worked.
    StatutoryHoliday,
}
crate::persist::persist_enum!(DayKind { 0 => Working, 1 => RestDay, 2 => StatutoryHoliday });


impl DayKind {
    /// The name used in JSON and scenarios (snake_case, as every enum of the crate).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            DayKind::Working => "working",
            DayKind::RestDay => "rest_day",
            DayKind::StatutoryHoliday => "statutory_holiday",
        }
    }
}

/// A day off: its holiday's name and whether it is a statutory holiday day (法定节假日).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// The holiday's name, as the notice gives it (`春节`).
    pub name: String,
    /// Whether the day is statutory (法定) rather than a rest day moved into the break.
    pub statutory: bool,
}
crate::persist::persist_struct!(Holiday { name, statutory });


/// Far enough for any project; a bound keeps day-by-day arithmetic quick on any input.
const MAX_SPAN_DAYS: i64 = 1_000_000;
const WEEKDAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A working calendar. Built valid: at least one working weekday, 0 < hours per day ≤ 24,
/// no date both a day off and a make-up working day.
///
/// ```
/// use chrono::{NaiveDate, Weekday};
/// use projectledger::{DayKind, WorkCalendar};
/// # fn main() -> Result<(), projectledger::Error> {
/// let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
/// // China's calendar from the State Council's notices: 调休 included.
/// let china = WorkCalendar::china(2025, 2025)?;
/// assert_eq!(china.classify(day(1, 26))?, DayKind::Working);          // a Sunday worked in lieu
/// assert_eq!(china.classify(day(10, 1))?, DayKind::StatutoryHoliday);
/// // In (28 Sep, 12 Oct]: 29 and 30 Sep, then 9, 10 and 11 Oct (a Saturday worked for 国庆).
/// assert_eq!(china.working_days_between(day(9, 28), day(10, 12))?, 5);
///
/// // A six-day site week with a site holiday of its own, applied in any year.
/// let site = WorkCalendar::new("site", &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat], 8.into())?
///     .with_holiday(day(7, 1), "site anniversary", false)?;
/// assert_eq!(site.classify(day(7, 1))?, DayKind::RestDay);
/// assert_eq!(site.add_working_days(day(6, 30), 1)?, day(7, 2));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(try_from = "CalendarRepr", into = "CalendarRepr")]
pub struct WorkCalendar {
    name: String,
    working_weekdays: [bool; 7],
    hours_per_day: Decimal,
    holidays: BTreeMap<NaiveDate, Holiday>,
    makeup_working_days: BTreeMap<NaiveDate, String>,
    coverage: Coverage,
}
crate::persist::persist_struct!(WorkCalendar { name, working_weekdays, hours_per_day, holidays, makeup_working_days, coverage });


/// Where a calendar's day-off data holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Coverage {
    /// Built from a weekly pattern (and dates set by hand) alone: the pattern holds on every date.
    Everywhere,
    /// The years of the notices it holds. A date outside them is refused, or follows the
    /// weekly pattern when the caller asked for that.
    Years { years: BTreeSet<i32>, weekly_pattern_outside: bool },
}
crate::persist::persist_enum!(Coverage { 0 => Everywhere, 1 => Years { years, weekly_pattern_outside } });


/// The JSON form of a calendar: weekdays by name, dates as ISO keys (sorted, so canonical).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarRepr {
    name: String,
    working_weekdays: Vec<String>,
    #[serde(with = "crate::wire::exact")]
    hours_per_day: Decimal,
    holidays: BTreeMap<NaiveDate, Holiday>,
    makeup_working_days: BTreeMap<NaiveDate, String>,
    /// Left out for a calendar without notices, so calendars written before years existed
    /// read and write back byte for byte (and keep meaning the weekly pattern everywhere).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    years: Vec<i32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    weekly_pattern_outside_years: bool,
}

impl From<WorkCalendar> for CalendarRepr {
    fn from(calendar: WorkCalendar) -> Self {
        let (years, weekly_pattern_outside_years) = (calendar.years(), calendar.weekly_pattern_outside_years());
        CalendarRepr {
            working_weekdays: WEEKDAY_NAMES
                .iter()
                .zip(calendar.working_weekdays)
                .filter(|(_, working)| *working)
                .map(|(name, _)| (*name).to_owned())
                .collect(),
            name: calendar.name,
            hours_per_day: calendar.hours_per_day,
            holidays: calendar.holidays,
            makeup_working_days: calendar.makeup_working_days,
            years,
            weekly_pattern_outside_years,
        }
    }
}

impl TryFrom<CalendarRepr> for WorkCalendar {
    type Error = Error;
    fn try_from(repr: CalendarRepr) -> Result<Self> {
        let mut problems = Vec::new();
        let mut weekdays = Vec::new();
        for name in &repr.working_weekdays {
            match parse_weekday(name) {
                Some(day) => weekdays.push(day),
                None => problems.push(format!("unknown weekday {name:?} (use Mon … Sun)")),
            }
        }
        let mut calendar = match WorkCalendar::new(&repr.name, &weekdays, repr.hours_per_day) {
            Ok(calendar) => calendar,
            Err(Error::InvalidCalendar { problems: more }) => {
                problems.extend(more);
                return Err(Error::InvalidCalendar { problems });
            }
            Err(other) => return Err(other),
        };
        for (date, holiday) in repr.holidays {
            calendar.holidays.insert(date, holiday);
        }
        for (date, name) in repr.makeup_working_days {
            calendar.makeup_working_days.insert(date, name);
        }
        let years: BTreeSet<i32> = repr.years.iter().copied().collect();
        if years.len() != repr.years.len() || !repr.years.is_sorted() {
            problems.push(format!("years {:?} must be ascending and distinct", repr.years));
        }
        if let Some(year) = years.iter().find(|y| !(1..=9999).contains(*y)) {
            problems.push(format!("year {year} is outside the years 1 to 9999"));
        }
        calendar.coverage = match (years.is_empty(), repr.weekly_pattern_outside_years) {
            (true, true) => {
                problems.push("weekly_pattern_outside_years needs the years the calendar covers".to_owned());
                Coverage::Everywhere
            }
            (true, false) => Coverage::Everywhere,
            (false, weekly_pattern_outside) => Coverage::Years { years, weekly_pattern_outside },
        };
        problems.extend(calendar.overlap_problems());
        if problems.is_empty() { Ok(calendar) } else { Err(Error::InvalidCalendar { problems }) }
    }
}

/// Monday 0 … Sunday 6: the slot of a weekday in the weekly pattern.
fn weekday_index(day: Weekday) -> usize {
    usize::from(u8::try_from(day.num_days_from_monday()).unwrap_or(0))
}

fn parse_weekday(name: &str) -> Option<Weekday> {
    WEEKDAY_NAMES.iter().position(|n| n.eq_ignore_ascii_case(name)).and_then(|i| Weekday::try_from(i as u8).ok())
}

/// Weekdays by their short names (`Mon` … `Sun`, any case); every unknown name is listed.
pub fn parse_weekdays<S: AsRef<str>>(names: &[S]) -> Result<Vec<Weekday>> {
    let (known, unknown): (Vec<_>, Vec<_>) = names.iter().map(|n| (n.as_ref(), parse_weekday(n.as_ref()))).partition(|(_, d)| d.is_some());
    if unknown.is_empty() {
        Ok(known.into_iter().filter_map(|(_, d)| d).collect())
    } else {
        Err(Error::InvalidCalendar {
            problems: unknown.iter().map(|(n, _)| format!("unknown weekday {n:?} (use Mon … Sun)")).collect(),
        })
    }
}

impl WorkCalendar {
    /// A calendar with a weekly pattern and no holidays yet.
    pub fn new(name: &str, working_weekdays: &[Weekday], hours_per_day: Decimal) -> Result<WorkCalendar> {
        let mut problems = Vec::new();
        if name.trim().is_empty() {
            problems.push("the calendar needs a name".to_owned());
        }
        let mut pattern = [false; 7];
        for day in working_weekdays {
            if let Some(slot) = pattern.get_mut(weekday_index(*day)) {
                if *slot {
                    problems.push(format!("weekday {day} is listed twice"));
                }
                *slot = true;
            }
        }
        if !pattern.contains(&true) {
            problems.push("at least one weekday must be a working day".to_owned());
        }
        if hours_per_day <= Decimal::ZERO || hours_per_day > Decimal::from(24) {
            problems.push(format!("hours per working day must be more than 0 and at most 24, not {hours_per_day}"));
        }
        if !problems.is_empty() {
            return Err(Error::InvalidCalendar { problems });
        }
        Ok(WorkCalendar {
            name: name.to_owned(),
            working_weekdays: pattern,
            hours_per_day,
            holidays: BTreeMap::new(),
            makeup_working_days: BTreeMap::new(),
            coverage: Coverage::Everywhere,
        })
    }

    /// Monday to Friday, 8 hours a day.
    pub fn standard(name: &str) -> Result<WorkCalendar> {
        use Weekday::*;
        WorkCalendar::new(name, &[Mon, Tue, Wed, Thu, Fri], Decimal::from(8))
    }

    /// Mainland China 2025: Monday–Friday, 8 hours, with the State Council's 2025 notice;
    /// it covers 2025 only.
    pub fn china_2025() -> Result<WorkCalendar> {
        WorkCalendar::china(2025, 2025)
    }

    /// Mainland China from `first_year` to `last_year`: Monday–Friday, 8 hours, with the State
    /// Council's notice of each year (shipped: [`HolidayNotice::china_years`]).
    pub fn china(first_year: i32, last_year: i32) -> Result<WorkCalendar> {
        if first_year > last_year {
            return Err(Error::InvalidCalendar { problems: vec![format!("the years run from {first_year} to {last_year}, backwards")] });
        }
        let name = if first_year == last_year { format!("China {first_year}") } else { format!("China {first_year}–{last_year}") };
        let mut calendar = WorkCalendar::standard(&name)?;
        for year in first_year..=last_year {
            calendar = calendar.with_notice(&HolidayNotice::china(year)?)?;
        }
        Ok(calendar)
    }

    /// Adds a year's holiday notice, and its year to the years the calendar covers; every
    /// conflict with what the calendar already holds is listed, and on error nothing is added.
    pub fn with_notice(&self, notice: &HolidayNotice) -> Result<WorkCalendar> {
        notice.validate()?;
        let mut problems = Vec::new();
        let mut calendar = self.clone();
        match &mut calendar.coverage {
            Coverage::Everywhere => calendar.coverage = Coverage::Years { years: BTreeSet::from([notice.year]), weekly_pattern_outside: false },
            Coverage::Years { years, .. } => {
                years.insert(notice.year);
            }
        }
        for entry in &notice.holidays {
            for date in days(entry.from, entry.to) {
                let holiday = Holiday { name: entry.name.clone(), statutory: entry.statutory.contains(&date) };
                if let Some(existing) = calendar.holidays.insert(date, holiday.clone())
                    && existing != holiday
                {
                    problems.push(format!("{date} is already the holiday {:?}", existing.name));
                }
            }
            for date in &entry.makeup_working_days {
                if self.weekday_is_working(*date) {
                    problems.push(format!("make-up working day {date} of {:?} is a working weekday already", entry.name));
                }
                calendar.makeup_working_days.insert(*date, entry.name.clone());
            }
        }
        problems.extend(calendar.overlap_problems());
        if problems.is_empty() { Ok(calendar) } else { Err(Error::InvalidCalendar { problems }) }
    }

    /// Marks one date as a day off; `statutory` days earn the holiday overtime rate.
    pub fn with_holiday(&self, date: NaiveDate, name: &str, statutory: bool) -> Result<WorkCalendar> {
        if name.trim().is_empty() {
            return Err(Error::InvalidCalendar { problems: vec![format!("the holiday on {date} needs a name")] });
        }
        let mut calendar = self.clone();
        calendar.holidays.insert(date, Holiday { name: name.to_owned(), statutory });
        match calendar.overlap_problems() {
            problems if problems.is_empty() => Ok(calendar),
            problems => Err(Error::InvalidCalendar { problems }),
        }
    }

    /// Marks a normally free date as a working day (调休).
    pub fn with_makeup_working_day(&self, date: NaiveDate, name: &str) -> Result<WorkCalendar> {
        // The same rules as a notice's make-up days: named, and on a weekday that is not worked.
        let mut problems = Vec::new();
        if name.trim().is_empty() {
            problems.push(format!("the make-up working day {date} needs the name of its holiday"));
        }
        if self.weekday_is_working(date) {
            problems.push(format!("make-up working day {date} of {name:?} is a working weekday already"));
        }
        if !problems.is_empty() {
            return Err(Error::InvalidCalendar { problems });
        }
        let mut calendar = self.clone();
        calendar.makeup_working_days.insert(date, name.to_owned());
        match calendar.overlap_problems() {
            problems if problems.is_empty() => Ok(calendar),
            problems => Err(Error::InvalidCalendar { problems }),
        }
    }

    fn overlap_problems(&self) -> Vec<String> {
        self.makeup_working_days
            .keys()
            .filter(|date| self.holidays.contains_key(date))
            .map(|date| format!("{date} cannot be both a day off and a make-up working day"))
            .collect()
    }

    fn weekday_is_working_on(&self, day: Weekday) -> bool {
        self.working_weekdays.get(weekday_index(day)).copied().unwrap_or(false)
    }

    fn weekday_is_working(&self, date: NaiveDate) -> bool {
        self.weekday_is_working_on(date.weekday())
    }

    /// The calendar's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Hours in one working day (also the hours of one 工日 unless configured otherwise).
    #[must_use]
    pub fn hours_per_day(&self) -> Decimal {
        self.hours_per_day
    }

    /// The working weekdays, Monday first.
    #[must_use]
    pub fn working_weekdays(&self) -> Vec<Weekday> {
        (0..7u8).filter_map(|i| Weekday::try_from(i).ok()).filter(|day| self.weekday_is_working_on(*day)).collect()
    }

    /// The days off, by date.
    #[must_use]
    pub fn holidays(&self) -> &BTreeMap<NaiveDate, Holiday> {
        &self.holidays
    }

    /// The make-up working days and the holiday each makes up for.
    #[must_use]
    pub fn makeup_working_days(&self) -> &BTreeMap<NaiveDate, String> {
        &self.makeup_working_days
    }

    /// The years of the notices the calendar holds, ascending; empty for a calendar built
    /// from a weekly pattern alone, which applies that pattern on every date.
    #[must_use]
    pub fn years(&self) -> Vec<i32> {
        match &self.coverage {
            Coverage::Everywhere => Vec::new(),
            Coverage::Years { years, .. } => years.iter().copied().collect(),
        }
    }

    /// True when dates outside [`WorkCalendar::years`] follow the weekly pattern instead of
    /// being refused.
    #[must_use]
    pub fn weekly_pattern_outside_years(&self) -> bool {
        matches!(self.coverage, Coverage::Years { weekly_pattern_outside: true, .. })
    }

    /// The same calendar, classifying dates outside its years by the weekly pattern (and the
    /// dates set by hand) instead of refusing them: the caller's explicit choice.
    #[must_use]
    pub fn with_weekly_pattern_outside_years(&self) -> WorkCalendar {
        let mut calendar = self.clone();
        if let Coverage::Years { weekly_pattern_outside, .. } = &mut calendar.coverage {
            *weekly_pattern_outside = true;
        }
        calendar
    }

    /// True when the calendar can classify `date` (it lies in its years, or the calendar
    /// uses its weekly pattern there).
    #[must_use]
    pub fn covers(&self, date: NaiveDate) -> bool {
        match &self.coverage {
            Coverage::Everywhere | Coverage::Years { weekly_pattern_outside: true, .. } => true,
            Coverage::Years { years, .. } => years.contains(&date.year()),
        }
    }

    /// `Ok` when the calendar covers `date`; otherwise the error naming the date and the years.
    pub fn check_covers(&self, date: NaiveDate) -> Result<()> {
        if self.covers(date) {
            Ok(())
        } else {
            Err(Error::DateOutsideCalendar { date, calendar: crate::text::cut(&self.name), years: self.years() })
        }
    }

    /// Working day, rest day or statutory holiday; a date outside the calendar's years is
    /// refused ([`Error::DateOutsideCalendar`]).
    pub fn classify(&self, date: NaiveDate) -> Result<DayKind> {
        self.check_covers(date)?;
        if self.makeup_working_days.contains_key(&date) {
            return Ok(DayKind::Working);
        }
        Ok(match self.holidays.get(&date) {
            Some(holiday) if holiday.statutory => DayKind::StatutoryHoliday,
            Some(_) => DayKind::RestDay,
            None if self.weekday_is_working(date) => DayKind::Working,
            None => DayKind::RestDay,
        })
    }

    /// True on a working day; a date outside the calendar's years is refused.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool> {
        Ok(self.classify(date)? == DayKind::Working)
    }

    /// The `n`-th working day after `date` (before it when `n` is negative); `date` itself
    /// for 0. Inverse of [`WorkCalendar::working_days_between`] on working days.
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        if n.unsigned_abs() > MAX_SPAN_DAYS.unsigned_abs() {
            return Err(Error::DateOutOfRange { reason: format!("{n} working days is beyond ±{MAX_SPAN_DAYS}") });
        }
        let step = |d: NaiveDate| if n > 0 { d.succ_opt() } else { d.pred_opt() };
        let (mut current, mut left) = (date, n.unsigned_abs());
        while left > 0 {
            current = step(current)
                .ok_or_else(|| Error::DateOutOfRange { reason: format!("{date} plus {n} working days") })?;
            if self.is_working_day(current)? {
                left = left.saturating_sub(1);
            }
        }
        crate::timestamp::check_date(current, &format_args!("{date} plus {n} working days"))
    }

    /// Working days in `(from, to]`, negative when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64> {
        let span = to.signed_duration_since(from).num_days();
        if span.abs() > MAX_SPAN_DAYS {
            return Err(Error::DateOutOfRange { reason: format!("{from} to {to} spans more than {MAX_SPAN_DAYS} days") });
        }
        let (low, high) = if to >= from { (from, to) } else { (to, from) };
        let mut count = 0i64;
        for day in days(low, high).skip(1) {
            // At most MAX_SPAN_DAYS: saturating never saturates.
            count = count.saturating_add(i64::from(self.is_working_day(day)?));
        }
        Ok(if to >= from { count } else { count.saturating_neg() })
    }

    /// Calendar JSON (canonical: keys sorted).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a calendar from its JSON form, listing every problem.
    pub fn from_json(json: &str) -> Result<WorkCalendar> {
        // Parse the plain form first, so validation hands back its problem list intact.
        let repr: CalendarRepr = serde_json::from_str(json).map_err(|e| Error::InvalidCalendar { problems: vec![e.to_string()] })?;
        WorkCalendar::try_from(repr)
    }
}

/// Every date from `from` to `to`, both included.
fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn china_2025_has_13_statutory_days() {
        let calendar = WorkCalendar::china_2025().unwrap();
        let statutory: Vec<String> = days(date("2025-01-01"), date("2025-12-31"))
            .filter(|d| calendar.classify(*d).unwrap() == DayKind::StatutoryHoliday)
            .map(|d| d.format("%m-%d").to_string())
            .collect();
        assert_eq!(
            statutory,
            ["01-01", "01-28", "01-29", "01-30", "01-31", "04-04", "05-01", "05-02", "05-31", "10-01", "10-02", "10-03", "10-06"]
        );
        for makeup in ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"] {
            assert_eq!(calendar.classify(date(makeup)).unwrap(), DayKind::Working, "{makeup}");
        }
        assert_eq!(calendar.classify(date("2025-02-03")).unwrap(), DayKind::RestDay);
        assert_eq!(calendar.classify(date("2025-10-08")).unwrap(), DayKind::RestDay);
        assert_eq!(calendar.classify(date("2025-03-08")).unwrap(), DayKind::RestDay);
        assert_eq!(calendar.classify(date("2025-03-10")).unwrap(), DayKind::Working);
        // 261 weekdays in 2025 − 18 weekday days off + 5 make-up days = 248 working days.
        assert_eq!(calendar.working_days_between(date("2024-12-31"), date("2025-12-31")).unwrap(), 248);
    }

    #[test]
    fn working_day_arithmetic_over_spring_festival() {
        let calendar = WorkCalendar::china_2025().unwrap();
        assert_eq!(calendar.add_working_days(date("2025-01-27"), 1).unwrap(), date("2025-02-05"));
        assert_eq!(calendar.add_working_days(date("2025-02-05"), -1).unwrap(), date("2025-01-27"));
        assert_eq!(calendar.add_working_days(date("2025-02-07"), 1).unwrap(), date("2025-02-08"));
        assert_eq!(calendar.working_days_between(date("2025-01-27"), date("2025-02-05")).unwrap(), 1);
        assert_eq!(calendar.working_days_between(date("2025-02-05"), date("2025-01-27")).unwrap(), -1);
        assert_eq!(calendar.add_working_days(date("2025-01-27"), 0).unwrap(), date("2025-01-27"));
        assert_eq!(calendar.add_working_days(date("2025-01-27"), 2_000_000).unwrap_err().kind(), "DateOutOfRange");
    }

    #[test]
    fn bad_calendars_list_every_problem() {
        let error = WorkCalendar::new(" ", &[Weekday::Mon, Weekday::Mon], Decimal::from(25)).unwrap_err();
        let Error::InvalidCalendar { problems } = error else { panic!("{error:?}") };
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(WorkCalendar::new("x", &[], Decimal::from(8)).is_err());
        let notice = r#"{"region":"CN","year":2025,"holidays":[
            {"name":"A","from":"2025-01-05","to":"2025-01-01"},
            {"name":"B","from":"2025-02-01","to":"2025-02-03","statutory":["2025-02-09"],"makeup_working_days":["2025-02-02"]},
            {"name":"B","from":"2025-02-03","to":"2025-02-04"}]}"#;
        let Err(Error::InvalidCalendar { problems }) = HolidayNotice::from_json(notice) else { panic!() };
        assert_eq!(problems.len(), 5, "{problems:?}");
    }

    #[test]
    fn json_round_trip() {
        let calendar = WorkCalendar::china_2025().unwrap();
        let json = calendar.to_json();
        assert!(json.ends_with(r#""years":[2025]}"#), "{json}");
        assert_eq!(WorkCalendar::from_json(&json).unwrap(), calendar);
        let weekly = calendar.with_weekly_pattern_outside_years();
        assert_eq!(WorkCalendar::from_json(&weekly.to_json()).unwrap(), weekly);
        // A calendar written before years existed means the weekly pattern everywhere, and
        // writes back unchanged.
        let legacy = json.replace(r#","years":[2025]"#, "");
        let loaded = WorkCalendar::from_json(&legacy).unwrap();
        assert_eq!((loaded.years(), loaded.to_json()), (vec![], legacy.clone()));
        assert_eq!(loaded.classify(date("2026-01-01")).unwrap(), DayKind::Working);
        let body = legacy.trim_end_matches('}');
        for (bad, problem) in [
            (r#""years":[2026,2025]"#, "ascending"),
            (r#""years":[2025,2025]"#, "distinct"),
            (r#""years":[0]"#, "1 to 9999"),
            (r#""weekly_pattern_outside_years":true"#, "needs the years"),
        ] {
            let text = format!("{body}}},{bad}}}");
            let error = WorkCalendar::from_json(&text).map(|_| ()).unwrap_err().to_string();
            assert!(error.contains(problem), "{text}: {error}");
        }
        let bad = r#"{"name":" ","working_weekdays":["Funday"],"hours_per_day":"30","holidays":{},"makeup_working_days":{}}"#;
        let Err(Error::InvalidCalendar { problems }) = WorkCalendar::from_json(bad) else { panic!() };
        assert_eq!(problems.len(), 4, "{problems:?}");
    }
}
