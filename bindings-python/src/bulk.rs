//! The native half of `projectledger.cost_day_work`: raw day work as buffers in, costed
//! columns out as little-endian bytes ready to be Arrow buffers (no Python object per entry).

use projectledger::labour::{self, CostingRules, RateTable, RawDayWork};
use projectledger::{Currency, DayKind};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::calendar::PyWorkCalendar;
use crate::convert::{Amount, Date};
use crate::daywork::{copied, decimals, indices, policy, rate};
use crate::errors::OrRaise;

/// A rate row: valid from, unit ("hour" or "workday"), amount, trade, worker id (one of the
/// last two).
type RateRow = (Date, String, Amount, Option<String>, Option<String>);

/// What the costing hands back, per row: regular and overtime hours (i128 units of 0.01 h,
/// ready to be decimal128 values), the day kind (one byte: 0 working, 1 rest day, 2
/// statutory holiday), the multiplier and the rate (i128 units, each with its scale), the
/// rate (i32 index into the rates' units, which follow), and the amount (i128 minor units).
type Costed = (Py<PyBytes>, Py<PyBytes>, Py<PyBytes>, (Py<PyBytes>, u32), (Py<PyBytes>, u32), Py<PyBytes>, Vec<String>, Py<PyBytes>);

/// Costs raw day work: worker indices (int32, into `worker_ids` and `trades`), days (int32
/// since 1970-01-01), hours (int64 units or decimal128 word pairs, with their scale and
/// width: see `daywork::decimals`), by the rates,
/// the calendar, the overtime policy (defaults where None) and the currency. Runs with the
/// GIL released, on every core.
#[pyfunction]
#[pyo3(signature = (worker, day, hours, worker_ids, trades, rates, calendar, currency, working_day = None, rest_day = None, statutory_holiday = None, hours_per_workday = None))]
#[allow(clippy::too_many_arguments)]
pub fn _cost_day_work_buffers(
    py: Python<'_>,
    worker: &Bound<'_, PyAny>,
    day: &Bound<'_, PyAny>,
    hours: (Bound<'_, PyAny>, u32, usize),
    worker_ids: Vec<String>,
    trades: Vec<String>,
    rates: Vec<RateRow>,
    calendar: PyWorkCalendar,
    currency: &str,
    working_day: Option<Amount>,
    rest_day: Option<Amount>,
    statutory_holiday: Option<Amount>,
    hours_per_workday: Option<Amount>,
) -> PyResult<Costed> {
    let worker = indices(py, "worker", worker, None)?;
    let n = worker.len();
    let day = copied::<i32>(py, "date", day, Some(n))?;
    let centihours = decimals(py, "hours", hours, 2, n)?;
    let mut table = RateTable::default();
    for (valid_from, unit, amount, trade, worker_id) in rates {
        table.set(rate(valid_from, &unit, amount, trade, worker_id)?).or_raise()?;
    }
    let policy = policy(working_day, rest_day, statutory_holiday, hours_per_workday);
    let currency = Currency::from_code(currency).or_raise()?;
    let ids: Vec<&str> = worker_ids.iter().map(String::as_str).collect();
    let trades: Vec<&str> = trades.iter().map(String::as_str).collect();
    let rules = CostingRules { worker_ids: &ids, trades: &trades, rates: &table, calendar: &calendar.0, policy: &policy, currency };
    let costed = py.detach(|| labour::cost_day_work(&RawDayWork { worker: &worker, day: &day, centihours: &centihours }, &rules)).or_raise()?;
    let wide = |values: &[i64]| per_row(py, n, |row| values.get(row).copied().map(i128::from).unwrap_or_default().to_le_bytes());
    let kind = |k: &DayKind| match k {
        DayKind::Working => 0u8,
        DayKind::RestDay => 1,
        DayKind::StatutoryHoliday => 2,
    };
    let units = costed.rates.iter().map(|r| serde_json::to_value(r.unit).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()).collect();
    let multipliers = [DayKind::Working, DayKind::RestDay, DayKind::StatutoryHoliday].map(|k| policy.multiplier(k));
    let (multipliers, multiplier_scale) = common_scale(&multipliers);
    let (rate_units, rate_scale) = common_scale(&costed.rates.iter().map(|r| r.amount).collect::<Vec<_>>());
    let looked_up = |values: &[i128], index: &dyn Fn(usize) -> usize| per_row(py, n, |row| values.get(index(row)).copied().unwrap_or_default().to_le_bytes());
    Ok((
        wide(&costed.regular_centihours)?,
        wide(&costed.overtime_centihours)?,
        per_row(py, n, |row| [costed.day_kind.get(row).map_or(0, kind)])?,
        (looked_up(&multipliers, &|row| costed.day_kind.get(row).map_or(0, |k| usize::from(kind(k))))?, multiplier_scale),
        (looked_up(&rate_units, &|row| costed.rate.get(row).map_or(0, |r| *r as usize))?, rate_scale),
        per_row(py, n, |row| costed.rate.get(row).map_or(0, |r| i32::try_from(*r).unwrap_or(i32::MAX)).to_le_bytes())?,
        units,
        wide(&costed.amount_minor)?,
    ))
}

/// Decimals as i128 units at the finest scale among them, and that scale.
fn common_scale(values: &[rust_decimal::Decimal]) -> (Vec<i128>, u32) {
    let scale = values.iter().map(rust_decimal::Decimal::scale).max().unwrap_or(0);
    // A decimal's mantissa is 96 bits and scales stay within 28: rescaling fits i128.
    let units = values.iter().map(|v| crate::arrow::rescaled(v.mantissa(), v.scale(), scale).unwrap_or_default()).collect();
    (units, scale)
}

/// `n` values of `N` bytes each, written straight into one bytes object.
pub fn per_row<const N: usize>(py: Python<'_>, n: usize, value: impl Fn(usize) -> [u8; N]) -> PyResult<Py<PyBytes>> {
    let bytes = PyBytes::new_with(py, n.saturating_mul(N), |buffer| {
        for (row, slot) in buffer.chunks_exact_mut(N).enumerate() {
            slot.copy_from_slice(&value(row));
        }
        Ok(())
    })?;
    Ok(bytes.unbind())
}
