//! Day work on the Python surface: entries, the arguments of the labour payloads, entry
//! filters, summary rows, and the bulk aggregation over whole columns (buffers in, groups
//! out, no Python object per entry).

use chrono::{NaiveDate, NaiveTime};
use projectledger::daywork::{DayWorkEntry, DayWorkRow, EntryFilter, EntryState};
use projectledger::labour::{self, Dimension, LabourColumns, OvertimePolicy, Quantity, Rate, RateScope, RateUnit, WorkerAttributes};
use projectledger::{Error, ProjectId};
use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;

use crate::convert::{Amount, Date};
use crate::cost::named;
use crate::errors::OrRaise;

/// A day-work entry as a foreman records it: hours or 工日 (one of them), optional start and
/// end times (datetime.time), a description.
#[pyclass(frozen, eq, module = "projectledger", name = "DayWorkEntry", from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyDayWorkEntry(pub DayWorkEntry);

#[pymethods]
impl PyDayWorkEntry {
    #[new]
    #[pyo3(signature = (entry_id, worker_id, cost_code, date, *, hours = None, workdays = None, start = None, end = None, description = String::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(entry_id: String, worker_id: String, cost_code: String, date: Date, hours: Option<Amount>, workdays: Option<Amount>, start: Option<NaiveTime>, end: Option<NaiveTime>, description: String) -> PyResult<Self> {
        let quantity = Quantity::of(hours.map(|h| h.0), workdays.map(|d| d.0)).or_raise()?;
        Ok(PyDayWorkEntry(DayWorkEntry { entry_id, worker_id, cost_code, date: date.0, quantity, start, end, description }))
    }
    #[getter]
    fn entry_id(&self) -> &str {
        &self.0.entry_id
    }
    #[getter]
    fn worker_id(&self) -> &str {
        &self.0.worker_id
    }
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }
    fn __repr__(&self) -> String {
        format!("DayWorkEntry({})", serde_json::to_string(&self.0).unwrap_or_default())
    }
}

/// A rate for a trade or for one worker (exactly one), per "hour" or "workday", from a date.
pub fn rate(valid_from: Date, unit: &str, amount: Amount, trade: Option<String>, worker_id: Option<String>) -> PyResult<Rate> {
    let scope = RateScope::of(trade, worker_id).or_raise()?;
    Ok(Rate { scope, valid_from: valid_from.0, unit: named::<RateUnit>("rate unit", unit)?, amount: amount.0 })
}

/// The overtime policy: the defaults (×1.5, ×2, ×3, 8 h a 工日) where not given.
pub fn policy(working_day: Option<Amount>, rest_day: Option<Amount>, statutory_holiday: Option<Amount>, hours_per_workday: Option<Amount>) -> OvertimePolicy {
    let d = OvertimePolicy::default();
    OvertimePolicy {
        working_day: working_day.map_or(d.working_day, |a| a.0),
        rest_day: rest_day.map_or(d.rest_day, |a| a.0),
        statutory_holiday: statutory_holiday.map_or(d.statutory_holiday, |a| a.0),
        hours_per_workday: hours_per_workday.map_or(d.hours_per_workday, |a| a.0),
    }
}

/// The entries to select (every argument left None selects all; states: every one but
/// rejected).
pub fn filter(project_ids: Option<Vec<String>>, start: Option<Date>, end: Option<Date>, states: Option<Vec<String>>, teams: Option<Vec<String>>, workers: Option<Vec<String>>) -> PyResult<EntryFilter> {
    Ok(EntryFilter {
        projects: project_ids.unwrap_or_default().iter().map(|id| ProjectId::try_new(id).or_raise()).collect::<PyResult<_>>()?,
        from: start.map(|d| d.0),
        to: end.map(|d| d.0),
        states: states.unwrap_or_default().iter().map(|s| EntryState::from_name(s).or_raise()).collect::<PyResult<_>>()?,
        teams: teams.unwrap_or_default(),
        workers: workers.unwrap_or_default(),
    })
}

/// Dimensions from their names ("project", "team", "trade", "worker", "employer",
/// "cost_code", "day", "iso_week", "month").
pub fn dimensions(by: &[String]) -> PyResult<Vec<Dimension>> {
    by.iter().map(|name| named::<Dimension>("dimension", name)).collect()
}

/// Summary rows as records: one column per dimension, then the sums.
pub fn summary_records(by: &[String], rows: Vec<DayWorkRow>) -> serde_json::Value {
    rows.into_iter()
        .map(|row| {
            let mut record: serde_json::Map<String, serde_json::Value> = by.iter().cloned().zip(row.key.iter().cloned().map(serde_json::Value::from)).collect();
            if let serde_json::Value::Object(rest) = serde_json::to_value(&row).unwrap_or_default() {
                record.extend(rest.into_iter().filter(|(k, _)| k != "key"));
            }
            serde_json::Value::Object(record)
        })
        .collect()
}

/// Little-endian integers of one width from a byte buffer.
fn ints<const N: usize, T>(name: &str, bytes: &[u8], rows: Option<usize>, from: fn([u8; N]) -> T) -> projectledger::Result<Vec<T>> {
    if !bytes.len().is_multiple_of(N) || rows.is_some_and(|n| n * N != bytes.len()) {
        let expected = rows.map_or_else(|| "whole".to_owned(), |n| n.to_string());
        return Err(Error::invalid_field(name, format!("{} bytes are not {expected} values of {N} bytes", bytes.len())));
    }
    Ok(bytes.chunks_exact(N).map(|c| from(c.try_into().unwrap_or([0; N]))).collect())
}

fn bytes(py: Python<'_>, buffer: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    PyBuffer::<u8>::get(buffer)?.to_vec(py)
}

/// Indices (int32, not negative) as the aggregation's u32.
fn indices(name: &str, values: Vec<i32>) -> projectledger::Result<Vec<u32>> {
    values.into_iter().map(|v| u32::try_from(v).map_err(|_| Error::invalid_field(name, format!("index {v} is negative")))).collect()
}

/// Decimal128 values (16 bytes, two's complement) that must fit an i64 of minor units.
fn decimals(name: &str, raw: &[u8], rows: usize) -> projectledger::Result<Vec<i64>> {
    let words = ints::<16, i128>(name, raw, Some(rows), i128::from_le_bytes)?;
    words.into_iter().map(|w| i64::try_from(w).map_err(|_| Error::overflow(format!("{name} value {w}")))).collect()
}

/// A group as Python gets it: key, entries, regular and overtime centihours, amount in
/// minor units, headcount.
type GroupTuple = (Vec<i64>, u64, i64, i64, i64, u64);

/// The native half of `projectledger.aggregate_day_work`: entry columns as buffers (int32
/// dictionary indices, int32 days since 1970-01-01, decimal128 hours at scale 2 and amounts
/// at the currency's scale), worker attributes as int32 indices by worker index. Returns
/// (key, entries, regular centihours, overtime centihours, amount minor units, headcount)
/// per group, ordered by key. The GIL is released while it runs.
#[pyfunction]
#[pyo3(signature = (worker, project, cost_code, day, regular, overtime, amount, team, trade, employer, by))]
#[allow(clippy::too_many_arguments)]
pub fn _aggregate_day_work_buffers(
    py: Python<'_>,
    worker: &Bound<'_, PyAny>,
    project: &Bound<'_, PyAny>,
    cost_code: &Bound<'_, PyAny>,
    day: &Bound<'_, PyAny>,
    regular: &Bound<'_, PyAny>,
    overtime: &Bound<'_, PyAny>,
    amount: &Bound<'_, PyAny>,
    team: &Bound<'_, PyAny>,
    trade: &Bound<'_, PyAny>,
    employer: &Bound<'_, PyAny>,
    by: Vec<String>,
) -> PyResult<Vec<GroupTuple>> {
    let by = dimensions(&by)?;
    let raw: Vec<Vec<u8>> = [worker, project, cost_code, day, regular, overtime, amount, team, trade, employer].iter().map(|b| bytes(py, b)).collect::<PyResult<_>>()?;
    py.detach(|| {
        let worker = indices("worker", ints::<4, i32>("worker", &raw[0], None, i32::from_le_bytes)?)?;
        let n = Some(worker.len());
        let columns = LabourColumns {
            project: indices("project", ints::<4, i32>("project", &raw[1], n, i32::from_le_bytes)?)?,
            cost_code: indices("cost_code", ints::<4, i32>("cost_code", &raw[2], n, i32::from_le_bytes)?)?,
            day: ints::<4, i32>("day", &raw[3], n, i32::from_le_bytes)?,
            regular_centihours: decimals("regular_hours", &raw[4], worker.len())?,
            overtime_centihours: decimals("overtime_hours", &raw[5], worker.len())?,
            amount_minor: decimals("amount", &raw[6], worker.len())?,
            worker,
        };
        let attributes = WorkerAttributes {
            team: indices("team", ints::<4, i32>("team", &raw[7], None, i32::from_le_bytes)?)?,
            trade: indices("trade", ints::<4, i32>("trade", &raw[8], None, i32::from_le_bytes)?)?,
            employer: indices("employer", ints::<4, i32>("employer", &raw[9], None, i32::from_le_bytes)?)?,
        };
        let days = (columns.day.iter().min().copied().unwrap_or(0), columns.day.iter().max().copied().unwrap_or(0));
        let groups = labour::aggregate(&columns, &attributes, &by, days)?;
        Ok(groups.into_iter().map(|g| (g.key, g.entries, g.regular_centihours, g.overtime_centihours, g.amount_minor, g.headcount)).collect())
    })
    .or_raise()
}

/// A period number of the aggregation as text (`2025-01-26`, `2025-W05`, `2025-01`).
#[pyfunction]
pub fn _period_name(dimension: &str, value: i64) -> PyResult<String> {
    Ok(projectledger::daywork::period_name(named("dimension", dimension)?, value))
}
