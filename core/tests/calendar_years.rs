//! The shipped China calendars against the State Council's notices, day by day, and a
//! calendar's years: a date outside them is refused unless the weekly pattern was asked for.
//!
//! The expectations are written here from the notices' text and the holiday law, apart from
//! the data files: days off and make-up working days as each notice lists them (2024:
//! 国办发明电〔2023〕7号; 2025: 国办发明电〔2024〕12号; 2026: the notice of 4 November 2025), and
//! the statutory days of 全国年节及纪念日放假办法 — 元旦 1 Jan; 春节 the first three days of
//! the lunar year (2024), from 除夕 on four days (2025 on); 清明 on its solar term; 劳动节
//! 1 May (2024), 1–2 May (2025 on); 端午 and 中秋 on their lunar dates; 国庆 1–3 Oct.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, NaiveDate, Weekday};
use projectledger::{DayKind, Error, HolidayNotice, WorkCalendar};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// One year as its notice reads: day-off ranges, make-up working days, statutory days.
struct Year {
    days_off: &'static [(&'static str, &'static str)],
    makeup: &'static [&'static str],
    statutory: &'static [&'static str],
}

const NOTICES: [(i32, Year); 3] = [
    (2024, Year {
        days_off: &[("01-01", "01-01"), ("02-10", "02-17"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-10", "06-10"), ("09-15", "09-17"), ("10-01", "10-07")],
        makeup: &["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
        // 春节 初一 10 Feb; 清明 4 Apr; 端午 10 Jun; 中秋 17 Sep.
        statutory: &["01-01", "02-10", "02-11", "02-12", "04-04", "05-01", "06-10", "09-17", "10-01", "10-02", "10-03"],
    }),
    (2025, Year {
        days_off: &[("01-01", "01-01"), ("01-28", "02-04"), ("04-04", "04-06"), ("05-01", "05-05"), ("05-31", "06-02"), ("10-01", "10-08")],
        makeup: &["01-26", "02-08", "04-27", "09-28", "10-11"],
        // 除夕 28 Jan; 清明 4 Apr; 端午 31 May; 中秋 6 Oct.
        statutory: &["01-01", "01-28", "01-29", "01-30", "01-31", "04-04", "05-01", "05-02", "05-31", "10-01", "10-02", "10-03", "10-06"],
    }),
    (2026, Year {
        days_off: &[("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-19", "06-21"), ("09-25", "09-27"), ("10-01", "10-07")],
        makeup: &["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
        // 除夕 16 Feb (腊月廿九; 正月初一 17 Feb); 清明 5 Apr; 端午 19 Jun; 中秋 25 Sep.
        statutory: &["01-01", "02-16", "02-17", "02-18", "02-19", "04-05", "05-01", "05-02", "06-19", "09-25", "10-01", "10-02", "10-03"],
    }),
];

fn on(year: i32, month_day: &str) -> NaiveDate {
    date(&format!("{year}-{month_day}"))
}

fn expected(year: i32, notice: &Year, day: NaiveDate) -> DayKind {
    let day_off = notice.days_off.iter().any(|(from, to)| on(year, from) <= day && day <= on(year, to));
    if notice.makeup.iter().any(|d| on(year, d) == day) {
        DayKind::Working
    } else if notice.statutory.iter().any(|d| on(year, d) == day) {
        assert!(day_off, "{day} is statutory but not a day off");
        DayKind::StatutoryHoliday
    } else if day_off || matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        DayKind::RestDay
    } else {
        DayKind::Working
    }
}

#[test]
fn china_2024_to_2026_agrees_with_the_notices_on_every_day() {
    let calendar = WorkCalendar::china(2024, 2026).unwrap();
    assert_eq!((calendar.name(), calendar.years()), ("China 2024–2026", vec![2024, 2025, 2026]));
    for (year, notice) in &NOTICES {
        let mut working = 0;
        for day in on(*year, "01-01").iter_days().take_while(|d| d.year() == *year) {
            let kind = calendar.classify(day).unwrap();
            assert_eq!(kind, expected(*year, notice, day), "{day}");
            working += i32::from(kind == DayKind::Working);
        }
        // Weekdays − weekday days off + make-up days: 262 − 19 + 8, 261 − 18 + 5, 261 − 19 + 6.
        let official = match year { 2024 => 251, _ => 248 };
        assert_eq!(working, official, "working days in {year}");
        assert_eq!(notice.statutory.len(), if *year == 2024 { 11 } else { 13 });
        // A one-year calendar says the same as the span.
        let single = WorkCalendar::china(*year, *year).unwrap();
        assert!(on(*year, "01-01").iter_days().take_while(|d| d.year() == *year).all(|d| single.classify(d) == calendar.classify(d)));
    }
    assert_eq!(calendar.working_days_between(date("2023-12-31"), date("2026-12-31")).unwrap(), 251 + 248 + 248);
}

#[test]
fn a_date_outside_the_years_is_refused_naming_it_and_the_years() {
    let calendar = WorkCalendar::china_2025().unwrap();
    let error = calendar.classify(date("2026-01-01")).unwrap_err();
    assert_eq!(error, Error::DateOutsideCalendar { date: date("2026-01-01"), calendar: "China 2025".into(), years: vec![2025] });
    assert!(error.to_string().contains("2026-01-01 is outside the years calendar \"China 2025\" covers (2025)"), "{error}");
    assert!(!calendar.covers(date("2024-12-31")) && calendar.covers(date("2025-12-31")));
    assert_eq!(calendar.is_working_day(date("2024-12-31")).unwrap_err().kind(), "DateOutsideCalendar");
    // Counting or stepping across the edge is refused too, wherever the first outside day is.
    assert_eq!(calendar.add_working_days(date("2025-12-30"), 5).unwrap_err().kind(), "DateOutsideCalendar");
    assert_eq!(calendar.add_working_days(date("2025-01-02"), -2).unwrap_err().kind(), "DateOutsideCalendar");
    assert_eq!(calendar.working_days_between(date("2025-12-01"), date("2026-01-05")).unwrap_err().kind(), "DateOutsideCalendar");
    // Asked for explicitly, the weekly pattern holds outside the years (1 Jan 2026 is a Thursday).
    let weekly = calendar.with_weekly_pattern_outside_years();
    assert!(weekly.weekly_pattern_outside_years() && weekly.covers(date("2030-06-01")));
    assert_eq!(weekly.classify(date("2026-01-01")).unwrap(), DayKind::Working);
    assert_eq!(weekly.classify(date("2025-01-01")).unwrap(), DayKind::StatutoryHoliday);
    // A calendar built from a weekly pattern alone claims no holiday data: the pattern holds everywhere.
    let plain = WorkCalendar::standard("Mon-Fri").unwrap();
    assert!(plain.years().is_empty() && plain.covers(date("1999-01-01")));
    assert_eq!(plain.with_weekly_pattern_outside_years(), plain);
    // Adding a notice makes a plain calendar know its years.
    let noticed = plain.with_notice(&HolidayNotice::china(2026).unwrap()).unwrap();
    assert_eq!(noticed.years(), vec![2026]);
    assert_eq!(noticed.classify(date("2025-06-02")).unwrap_err().kind(), "DateOutsideCalendar");
}

#[test]
fn only_shipped_years_load_and_spans_run_forwards() {
    assert_eq!(HolidayNotice::china_years(), vec![2024, 2025, 2026]);
    let error = WorkCalendar::china(2025, 2027).unwrap_err();
    assert!(error.to_string().contains("no China holiday notice for 2027 is shipped (shipped: 2024, 2025, 2026)"), "{error}");
    assert_eq!(WorkCalendar::china(2026, 2025).unwrap_err().kind(), "InvalidCalendar");
    let notice = HolidayNotice::china(2026).unwrap();
    assert_eq!((notice.year, notice.holidays.len()), (2026, 7));
}
