//! `WorkCalendar`, `DayKind`, `Period`: conversions over the core.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use projectledger::calendar::parse_weekdays;
use projectledger::{self as core, HolidayNotice, PeriodKind};
use pyo3::prelude::*;

use crate::convert::{Amount, Date, Int};
use crate::errors::OrRaise;

/// What a date is under a calendar.
#[pyclass(eq, eq_int, frozen, hash, module = "projectledger", name = "DayKind", from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum PyDayKind {
    Working,
    RestDay,
    StatutoryHoliday,
}

impl From<core::DayKind> for PyDayKind {
    fn from(kind: core::DayKind) -> Self {
        match kind {
            core::DayKind::Working => PyDayKind::Working,
            core::DayKind::RestDay => PyDayKind::RestDay,
            core::DayKind::StatutoryHoliday => PyDayKind::StatutoryHoliday,
        }
    }
}

/// A working calendar (weekly pattern, hours per day, holidays, make-up working days).
#[pyclass(frozen, eq, module = "projectledger", name = "WorkCalendar", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyWorkCalendar(pub core::WorkCalendar);

#[pymethods]
impl PyWorkCalendar {
    #[new]
    #[pyo3(signature = (name, working_weekdays = vec!["Mon".into(), "Tue".into(), "Wed".into(), "Thu".into(), "Fri".into()], hours_per_day = None))]
    fn new(name: &str, working_weekdays: Vec<String>, hours_per_day: Option<Amount>) -> PyResult<Self> {
        let hours = hours_per_day.map_or(core::Decimal::from(8), |h| h.0);
        core::WorkCalendar::new(name, &parse_weekdays(&working_weekdays).or_raise()?, hours).map(PyWorkCalendar).or_raise()
    }

    /// Monday–Friday, 8 hours a day, no holidays.
    #[staticmethod]
    fn standard(name: &str) -> PyResult<Self> {
        core::WorkCalendar::standard(name).map(PyWorkCalendar).or_raise()
    }

    /// Mainland China 2025 with the State Council's holiday notice; it covers 2025 only.
    #[staticmethod]
    fn china_2025() -> PyResult<Self> {
        core::WorkCalendar::china_2025().map(PyWorkCalendar).or_raise()
    }

    /// Mainland China from `first_year` to `last_year` (default: `first_year`), with the
    /// State Council's notice of each year.
    #[staticmethod]
    #[pyo3(signature = (first_year, last_year = None))]
    fn china(first_year: Int<i32>, last_year: Option<Int<i32>>) -> PyResult<Self> {
        let last = last_year.map_or(first_year.0, |y| y.0);
        core::WorkCalendar::china(first_year.0, last).map(PyWorkCalendar).or_raise()
    }

    /// The years whose China notices ship with the package.
    #[staticmethod]
    fn china_years() -> Vec<i32> {
        HolidayNotice::china_years()
    }

    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Self> {
        core::WorkCalendar::from_json(json).map(PyWorkCalendar).or_raise()
    }

    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// A copy with a year's holiday notice added, from data: `{"region", "year", "source",
    /// "holidays": [{"name", "from", "to", "statutory": [dates], "makeup_working_days":
    /// [dates]}]}` with `datetime.date` days; InvalidCalendarError lists every problem.
    fn with_holiday_notice(&self, notice: &Bound<'_, PyAny>) -> PyResult<Self> {
        let notice: HolidayNotice = crate::data::from_data(notice, |problem| projectledger::Error::InvalidCalendar { problems: vec![problem] })?;
        self.0.with_notice(&notice).map(PyWorkCalendar).or_raise()
    }

    /// A copy with a year's holiday notice (JSON) added; every problem is listed.
    fn with_notice(&self, notice_json: &str) -> PyResult<Self> {
        let notice = HolidayNotice::from_json(notice_json).or_raise()?;
        self.0.with_notice(&notice).map(PyWorkCalendar).or_raise()
    }

    #[pyo3(signature = (date, name, statutory = false))]
    fn with_holiday(&self, date: Date, name: &str, statutory: bool) -> PyResult<Self> {
        self.0.with_holiday(date.0, name, statutory).map(PyWorkCalendar).or_raise()
    }

    fn with_makeup_working_day(&self, date: Date, name: &str) -> PyResult<Self> {
        self.0.with_makeup_working_day(date.0, name).map(PyWorkCalendar).or_raise()
    }

    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }

    #[getter]
    fn hours_per_day(&self) -> core::Decimal {
        self.0.hours_per_day()
    }

    #[getter]
    fn working_weekdays(&self) -> Vec<String> {
        self.0.working_weekdays().iter().map(ToString::to_string).collect()
    }

    /// Days off: date → (holiday name, statutory).
    #[getter]
    fn holidays(&self) -> BTreeMap<NaiveDate, (String, bool)> {
        self.0.holidays().iter().map(|(d, h)| (*d, (h.name.clone(), h.statutory))).collect()
    }

    /// Make-up working days: date → the holiday it makes up for.
    #[getter]
    fn makeup_working_days(&self) -> BTreeMap<NaiveDate, String> {
        self.0.makeup_working_days().clone()
    }

    /// The years of the notices the calendar holds (empty: the weekly pattern everywhere).
    #[getter]
    fn years(&self) -> Vec<i32> {
        self.0.years()
    }

    /// True when dates outside `years` follow the weekly pattern instead of being refused.
    #[getter]
    fn weekly_pattern_outside_years(&self) -> bool {
        self.0.weekly_pattern_outside_years()
    }

    /// A copy that classifies dates outside its years by the weekly pattern.
    fn with_weekly_pattern_outside_years(&self) -> Self {
        PyWorkCalendar(self.0.with_weekly_pattern_outside_years())
    }

    /// True when the calendar can classify `date`.
    fn covers(&self, date: Date) -> bool {
        self.0.covers(date.0)
    }

    fn classify(&self, date: Date) -> PyResult<PyDayKind> {
        self.0.classify(date.0).map(Into::into).or_raise()
    }

    fn is_working_day(&self, date: Date) -> PyResult<bool> {
        self.0.is_working_day(date.0).or_raise()
    }

    fn add_working_days(&self, date: Date, n: Int<i128>) -> PyResult<NaiveDate> {
        let n = i64::try_from(n.0).map_err(|_| projectledger::Error::DateOutOfRange { reason: format!("{} working days is beyond any date", n.0) }).or_raise()?;
        self.0.add_working_days(date.0, n).or_raise()
    }

    fn working_days_between(&self, start: Date, end: Date) -> PyResult<i64> {
        self.0.working_days_between(start.0, end.0).or_raise()
    }

    fn __repr__(&self) -> String {
        format!(
            "WorkCalendar({:?}, working_weekdays={:?}, hours_per_day={}, holidays={}, makeup_working_days={}, years={:?}{})",
            self.0.name(),
            self.working_weekdays(),
            self.0.hours_per_day(),
            self.0.holidays().len(),
            self.0.makeup_working_days().len(),
            self.0.years(),
            if self.0.weekly_pattern_outside_years() { ", weekly_pattern_outside_years=True" } else { "" }
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let constructor = slf.get_type().getattr("from_json")?;
        Ok((constructor, (slf.get().0.to_json(),)))
    }
}

/// A reporting period (day, ISO week, month, quarter, year).
#[pyclass(frozen, eq, ord, hash, module = "projectledger", name = "Period", from_py_object)]
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyPeriod(pub core::Period);

#[pymethods]
impl PyPeriod {
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind().name()
    }

    #[getter]
    fn key(&self) -> String {
        self.0.to_string()
    }

    #[getter]
    fn start(&self) -> PyResult<NaiveDate> {
        self.0.start().or_raise()
    }

    #[getter]
    fn end(&self) -> PyResult<NaiveDate> {
        self.0.end().or_raise()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("Period({:?}, {:?})", self.0.kind().name(), self.0.to_string())
    }
}

/// The period of `kind` ("day", "iso_week", "month", "quarter", "year") containing `date`.
#[pyfunction]
pub fn period(date: Date, kind: &str) -> PyResult<PyPeriod> {
    let kind = PeriodKind::from_str(kind).or_raise()?;
    Ok(PyPeriod(core::Period::of(kind, date.0)))
}
