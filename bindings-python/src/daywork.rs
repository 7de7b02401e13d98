//! Day work on the Python surface: entries, the arguments of the labour payloads, entry
//! filters, summary rows, and the bulk aggregation over whole columns (buffers in, groups
//! out, no Python object per entry).

use chrono::{NaiveDate, NaiveTime};
use projectledger::labour::{DayWorkEntry, DayWorkRow, EntryFilter, EntryState, IdNumbers};
use projectledger::labour::{self, AttributesPer, Dimension, GroupBy, LabourTable, OvertimePolicy, Quantity, Rate, RateScope, RateUnit, WorkerAttributes};
use projectledger::{Error, ProjectId};
use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::convert::{project_id_of, Amount, Date};
use crate::journal::PyJournal;
use crate::rows::typed_rows;
use crate::cost::named;
use crate::errors::{to_py_err, OrRaise};

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
        Ok(PyDayWorkEntry(DayWorkEntry { entry_id: entry_id.into(), worker_id: worker_id.into(), cost_code: cost_code.into(), date: date.0, quantity, start, end, description }))
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
        workers: workers.unwrap_or_default().into_iter().map(Into::into).collect(),
    })
}

/// Dimensions from their names ("project", "team", "trade", "worker", "employer",
/// "cost_code", "day", "iso_week", "month").
pub fn dimensions(by: &[String]) -> PyResult<Vec<Dimension>> {
    by.iter().map(|name| named::<Dimension>("dimension", name)).collect()
}

/// Summary rows as records: one column per dimension, then the sums.
pub fn summary_rows<'py>(py: Python<'py>, by: &[String], rows: &[DayWorkRow]) -> PyResult<Bound<'py, PyAny>> {
    let records = PyList::empty(py);
    for row in rows {
        let record = PyDict::new(py);
        for (dimension, value) in by.iter().zip(row.key.values()) {
            record.set_item(dimension, value)?;
        }
        let figures = crate::rows::to_py(py, row)?.cast_into::<PyDict>()?;
        figures.del_item("key")?;
        record.update(figures.as_mapping())?;
        records.append(record)?;
    }
    crate::rows::as_rows(records.into_any())
}

/// A typed contiguous buffer copied out (`rows`, when given, is the count expected).
pub fn copied<T: pyo3::buffer::Element + Copy>(py: Python<'_>, name: &str, buffer: &Bound<'_, PyAny>, rows: Option<usize>) -> PyResult<Vec<T>> {
    let values = PyBuffer::<T>::get(buffer)?.to_vec(py)?;
    match rows {
        Some(n) if values.len() != n => Err(to_py_err(Error::invalid_field(name, format!("{} values, not {n}", values.len())))),
        _ => Ok(values),
    }
}

/// Indices: int32, not negative.
pub fn indices(py: Python<'_>, name: &str, buffer: &Bound<'_, PyAny>, rows: Option<usize>) -> PyResult<Vec<u32>> {
    copied::<i32>(py, name, buffer, rows)?
        .into_iter()
        .map(|v| u32::try_from(v).map_err(|_| to_py_err(Error::invalid_field(name, format!("index {v} is negative")))))
        .collect()
}

/// Exact values unscaled at `scale` — int64 units (`width` 1) or decimal128 as int64 word
/// pairs (`width` 2) — as i64 units at `to_scale`: rescaled in 128 bits, then narrowed (so
/// `decimal128(38, 18)`, what Spark infers from Python decimals, reads exactly); an error
/// names the column when a value is finer than `to_scale` or too large for 64 bits of units.
pub fn decimals(py: Python<'_>, name: &str, (buffer, scale, width): (Bound<'_, PyAny>, u32, usize), to_scale: u32, rows: usize) -> PyResult<Vec<i64>> {
    let width = width.clamp(1, 2);
    let words = copied::<i64>(py, name, &buffer, Some(width * rows))?;
    let factor = 10i128.checked_pow(scale.abs_diff(to_scale)).ok_or_else(|| to_py_err(Error::overflow(format!("{name} scale {scale}"))))?;
    let too_large = || to_py_err(Error::overflow(format!("{name}: a value beyond 64 bits of units at {to_scale} decimal places")));
    if width == 1 && scale == to_scale {
        return Ok(words);
    }
    words
        .chunks_exact(width)
        .map(|pair| {
            let value = match pair {
                [units] => i128::from(*units),
                [low, high] => (i128::from(*high) << 64) | (i128::from(*low) & i128::from(u64::MAX)),
                _ => 0,
            };
            let units = if scale <= to_scale {
                value.checked_mul(factor).ok_or_else(too_large)?
            } else if value % factor == 0 {
                value / factor
            } else {
                return Err(to_py_err(Error::invalid_field(name, format!("a value has more than {to_scale} decimal places"))));
            };
            i64::try_from(units).map_err(|_| too_large())
        })
        .collect()
}

/// Values as one bytes object of their little-endian encodings.
fn le_bytes<const N: usize>(py: Python<'_>, values: impl ExactSizeIterator<Item = [u8; N]>) -> Py<PyBytes> {
    let mut out = Vec::with_capacity(values.len() * N);
    for value in values {
        out.extend_from_slice(&value);
    }
    PyBytes::new(py, &out).unbind()
}

/// Raises the core's refusal of aggregated lines whose worker is not among the workers:
/// `rows[i]` holds `workers[i]` (found while the worker column is turned into table rows).
#[pyfunction]
pub fn _refuse_unknown_workers(rows: Vec<usize>, workers: Vec<String>) -> PyResult<()> {
    Err(to_py_err(labour::unknown_workers(rows.into_iter().zip(workers.iter().map(String::as_str)))))
}

/// What the native aggregation hands back, as little-endian bytes: per dimension the group
/// keys (i64: indices, or period numbers), entries and headcount (i64), and the sums as
/// i128 units ready to be decimal128 values (regular, overtime and all hours at 0.01 h,
/// amount in minor units).
type Columns = (Vec<Py<PyBytes>>, (Py<PyBytes>, Py<PyBytes>), Vec<Py<PyBytes>>);

/// The native half of `projectledger.aggregate_day_work`: entry columns as buffers (int32
/// indices — project and cost code may be None when not grouped by — int32 days since
/// 1970-01-01, hours and amounts as `(buffer, scale, width)` (see [`decimals`]), rescaled
/// here to 0.01 h and to the currency's minor units: `(buffer, scale, width, minor units)`), worker
/// attributes as int32 indices by worker index (by row when `per_row`: a wide table), and
/// further name columns the same way as `(name, buffer)` pairs, which `by` names like
/// dimensions; days from `start` to `end` (both included) when given. The aggregation runs
/// with the GIL released.
#[pyfunction]
#[pyo3(signature = (worker, project, cost_code, day, regular, overtime, amount, team, trade, employer, by, start = None, end = None, per_row = false, others = Vec::new()))]
#[allow(clippy::too_many_arguments)]
pub fn _aggregate_day_work_buffers(
    py: Python<'_>,
    worker: &Bound<'_, PyAny>,
    project: Option<&Bound<'_, PyAny>>,
    cost_code: Option<&Bound<'_, PyAny>>,
    day: &Bound<'_, PyAny>,
    regular: (Bound<'_, PyAny>, u32, usize),
    overtime: (Bound<'_, PyAny>, u32, usize),
    amount: (Bound<'_, PyAny>, u32, usize, u32),
    team: &Bound<'_, PyAny>,
    trade: &Bound<'_, PyAny>,
    employer: &Bound<'_, PyAny>,
    by: Vec<String>,
    start: Option<Date>,
    end: Option<Date>,
    per_row: bool,
    others: Vec<(String, Bound<'_, PyAny>)>,
) -> PyResult<Columns> {
    let by: Vec<GroupBy> = by
        .iter()
        .map(|name| match others.iter().position(|(other, _)| other == name) {
            Some(at) => Ok(GroupBy::Column(at)),
            None => named::<Dimension>("dimension", name).map(GroupBy::Dimension),
        })
        .collect::<PyResult<_>>()?;
    let worker = indices(py, "worker", worker, None)?;
    let n = worker.len();
    let optional = |name: &str, buffer: Option<&Bound<'_, PyAny>>| buffer.map_or_else(|| Ok(vec![0; n]), |b| indices(py, name, b, Some(n)));
    let table = LabourTable {
        project: optional("project", project)?,
        cost_code: optional("cost_code", cost_code)?,
        day: copied::<i32>(py, "day", day, Some(n))?,
        regular_centihours: decimals(py, "regular_hours", regular, 2, n)?,
        overtime_centihours: decimals(py, "overtime_hours", overtime, 2, n)?,
        amount_minor: decimals(py, "amount", (amount.0, amount.1, amount.2), amount.3, n)?,
        worker,
    };
    let (team, trade, employer) = (indices(py, "team", team, None)?, indices(py, "trade", trade, None)?, indices(py, "employer", employer, None)?);
    let per = if per_row { AttributesPer::Row } else { AttributesPer::Worker };
    let other_columns = others.iter().map(|(name, buffer)| indices(py, name, buffer, None)).collect::<PyResult<Vec<_>>>()?;
    let other_columns: Vec<&[u32]> = other_columns.iter().map(Vec::as_slice).collect();
    let attributes = WorkerAttributes { team: &team, trade: &trade, employer: &employer, others: &other_columns, per };
    let columns = table.columns();
    let groups = py
        .detach(|| {
            let first = start.map_or_else(|| columns.day.iter().min().copied().unwrap_or(0), |d| labour::day_number(d.0));
            let last = end.map_or_else(|| columns.day.iter().max().copied().unwrap_or(0), |d| labour::day_number(d.0));
            labour::aggregate_by(&columns, &attributes, &by, (first, last))
        })
        .or_raise()?;
    let keys = (0..by.len()).map(|d| le_bytes(py, groups.iter().map(|g| g.key[d].to_le_bytes()))).collect();
    let counts = (le_bytes(py, groups.iter().map(|g| g.entries.to_le_bytes())), le_bytes(py, groups.iter().map(|g| g.headcount.to_le_bytes())));
    let sums = vec![
        le_bytes(py, groups.iter().map(|g| i128::from(g.regular_centihours).to_le_bytes())),
        le_bytes(py, groups.iter().map(|g| i128::from(g.overtime_centihours).to_le_bytes())),
        le_bytes(py, groups.iter().map(|g| (i128::from(g.regular_centihours) + i128::from(g.overtime_centihours)).to_le_bytes())),
        le_bytes(py, groups.iter().map(|g| i128::from(g.amount_minor).to_le_bytes())),
    ];
    Ok((keys, counts, sums))
}

/// A period number of the aggregation as text (`2025-01-26`, `2025-W05`, `2025-01`).
#[pyfunction]
pub fn _period_name(dimension: &str, value: i64) -> PyResult<String> {
    Ok(projectledger::labour::period_name(named("dimension", dimension)?, value))
}

#[pymethods]
impl PyJournal {
    /// Registered workers (id numbers masked unless `reveal_id_numbers`), by id.
    #[pyo3(signature = (reveal_id_numbers = false))]
    fn workers<'py>(&self, py: Python<'py>, reveal_id_numbers: bool) -> PyResult<Bound<'py, PyAny>> {
        let journal = self.read(py);
        let shown: Vec<_> = journal.state().day_work().workers().map(|w| w.row(reveal_id_numbers)).collect();
        typed_rows(py, &shown, None)
    }

    /// One registered worker by id, as a row of `workers()` reads it; None when none has it.
    #[pyo3(signature = (worker_id, reveal_id_numbers = false))]
    fn worker<'py>(&self, py: Python<'py>, worker_id: &str, reveal_id_numbers: bool) -> PyResult<Option<Bound<'py, PyAny>>> {
        let journal = self.read(py);
        journal.state().day_work().worker(worker_id).map(|w| typed_rows(py, &w.row(reveal_id_numbers), None)).transpose()
    }

    /// One day-work entry by id, on any project, as a row of `day_work_entries()` reads it;
    /// None when none has it.
    fn day_work_entry<'py>(&self, py: Python<'py>, entry_id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let journal = self.read(py);
        let day_work = journal.state().day_work();
        let Some(entry) = day_work.entry(entry_id) else { return Ok(None) };
        let batch = crate::entry_columns::entries_batch(std::iter::once(entry), day_work.entries().len()).map_err(pyo3::exceptions::PyValueError::new_err)?;
        let rows = crate::rows::as_rows(Bound::new(py, crate::arrow::ArrowBatch(batch))?.into_any())?;
        rows.get_item(0).map(Some)
    }

    /// Day-work entries a filter selects, in the order they were folded: state, who recorded
    /// and decided, and the cost (day kind, regular and overtime hours, multiplier, amount,
    /// regular pay) as Decimal. Rows offer to_pandas()/to_arrow().
    #[pyo3(signature = (*, project_ids = None, start = None, end = None, states = None, teams = None, workers = None))]
    #[allow(clippy::too_many_arguments)]
    fn day_work_entries<'py>(&self, py: Python<'py>, project_ids: Option<Vec<String>>, start: Option<Date>, end: Option<Date>, states: Option<Vec<String>>, teams: Option<Vec<String>>, workers: Option<Vec<String>>) -> PyResult<Bound<'py, PyAny>> {
        let filter = filter(project_ids, start, end, states, teams, workers)?;
        let journal = self.read(py);
        let day_work = journal.state().day_work();
        let batch = py.detach(|| crate::entry_columns::entries_batch(day_work.selection(&filter), day_work.entries().len())).map_err(pyo3::exceptions::PyValueError::new_err)?;
        crate::rows::as_rows(Bound::new(py, crate::arrow::ArrowBatch(batch))?.into_any())
    }

    /// The ids of the entries a filter selects: what a batch approval by team and period names
    /// (the event carries the ids, so entries merged in later are never swept in).
    #[pyo3(signature = (*, project_ids = None, start = None, end = None, states = None, teams = None, workers = None))]
    #[allow(clippy::too_many_arguments)]
    fn select_day_work(&self, py: Python<'_>, project_ids: Option<Vec<String>>, start: Option<Date>, end: Option<Date>, states: Option<Vec<String>>, teams: Option<Vec<String>>, workers: Option<Vec<String>>) -> PyResult<Vec<String>> {
        let filter = filter(project_ids, start, end, states, teams, workers)?;
        Ok(self.read(py).state().day_work().select(&filter).into_iter().map(|e| e.entry_id.to_string()).collect())
    }

    /// Day work grouped by dimensions ("project", "team", "trade", "worker", "employer",
    /// "cost_code", "day", "iso_week", "month"): one column per dimension, then entries,
    /// headcount, regular/overtime hours, hours, workdays (工日) and amount, exact.
    #[pyo3(signature = (by, *, project_ids = None, start = None, end = None, states = None, teams = None, workers = None))]
    #[allow(clippy::too_many_arguments)]
    fn day_work_summary<'py>(&self, py: Python<'py>, by: Vec<String>, project_ids: Option<Vec<String>>, start: Option<Date>, end: Option<Date>, states: Option<Vec<String>>, teams: Option<Vec<String>>, workers: Option<Vec<String>>) -> PyResult<Bound<'py, PyAny>> {
        let filter = filter(project_ids, start, end, states, teams, workers)?;
        let rows = self.read(py).state().day_work_summary(&dimensions(&by)?, &filter).or_raise()?;
        summary_rows(py, &by, &rows)
    }

    /// The wage ledger of a project (保障农民工工资支付条例 art. 15): per worker and month,
    /// hours, gross by item, deductions, net, paid, payment status, and art. 24's overdue
    /// flag as of `as_of`. Id numbers are masked unless `reveal_id_numbers`.
    #[pyo3(signature = (project_id, as_of, *, month = None, reveal_id_numbers = false))]
    fn wage_ledger<'py>(&self, py: Python<'py>, project_id: &str, as_of: Date, month: Option<Date>, reveal_id_numbers: bool) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let rows = self.read(py).state().wage_ledger(&id, month.map(|m| m.0), as_of.0, if reveal_id_numbers { IdNumbers::Revealed } else { IdNumbers::Masked }).or_raise()?;
        typed_rows(py, &rows, None)
    }

    /// What accepted day-work batches warned of (art. 41 overtime limits); `event_id` narrows
    /// to one event.
    #[pyo3(signature = (event_id = None))]
    fn day_work_warnings<'py>(&self, py: Python<'py>, event_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let journal = self.read(py);
        let warnings: Vec<_> = journal.state().day_work().warnings_for(event_id);
        typed_rows(py, &warnings, None)
    }
}
