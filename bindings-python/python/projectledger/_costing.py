"""Bulk day-work costing over whole columns: raw time sheets costed by the journal's rules.

Columns are turned into Arrow once (names become indices into the worker table, dates days
since 1970-01-01, hours exact decimal128); the native module costs them with the GIL
released, on every core, and hands back columns; no Python object is made per entry.
"""

from __future__ import annotations

from typing import Any

from projectledger import _native
from projectledger._labour import _arrow, _columns, _days, _decimals, _invalid, _no_nulls, _plain_strings, _require, _same_length, _values, _worker_index

_KINDS = ("working", "rest_day", "statutory_holiday")


def cost_day_work(
    entries: Any,
    workers: Any,
    rates: Any,
    calendar: _native.WorkCalendar,
    currency: str = "CNY",
    *,
    working_day: Any = None,
    rest_day: Any = None,
    statutory_holiday: Any = None,
    hours_per_workday: Any = None,
) -> Any:
    """Costs raw day work exactly as the journal would record it; returns a pyarrow Table.

    ``entries`` (a mapping of columns, a pyarrow Table or a pandas / polars DataFrame) has
    worker, date and hours (to 0.01 h; integers are whole hours), in the order they were
    recorded; its other columns (project, cost_code, …) are kept. ``workers`` has worker and
    trade, one row per worker. ``rates`` has valid_from, unit ("hour" or "workday"), amount,
    and trade or worker (one of them per rate). ``calendar`` tells working days, rest days
    and statutory holidays; the overtime multipliers and the hours of a 工日 default to ×1.5,
    ×2, ×3 and 8 h.

    A worker's hours on a day are taken in row order: on a working day the calendar's hours
    per day are regular, the rest overtime; on a rest day or holiday all are overtime. The
    amount is rate × (regular + overtime × multiplier), per hour or per 工日, rounded once to
    the currency's minor units, half away from zero.

    The table is the entries' columns followed by regular_hours, overtime_hours (decimal128,
    0.01 h), day_kind (dictionary), multiplier, rate (decimal128), rate_unit and amount
    (decimal128 in minor units), ready for :func:`aggregate_day_work`. Any problem — no rate
    in force, a day outside the calendar, hours not above zero, a worker over 24 h a day —
    is raised with every such row named (``InvalidDayWorkError``).
    """
    import pyarrow as pa

    scale = _native.Currency(currency).minor_units
    columns = _columns(entries, "entries")
    _require(columns, ("worker", "date", "hours"), "entries")
    given = {name: _arrow(values, name) for name, values in columns.items()}
    _same_length(given, "entries")
    roster = _columns(workers, "workers")
    _require(roster, ("worker", "trade"), "workers")
    roster_workers = _plain_strings(_arrow(roster["worker"], "workers.worker"))
    trades = _plain_strings(_arrow(roster["trade"], "workers.trade"))
    _no_nulls(trades, "workers.trade")
    entry_workers = _plain_strings(given["worker"])
    worker_index = _worker_index(entry_workers, roster_workers)
    rate_rows = _rate_rows(rates)
    regular, overtime, kinds, (multiplier, multiplier_scale), (rate, rate_scale), rate_index, units, amount = _native._cost_day_work_buffers(
        _values(worker_index, 4, "i"),
        _days(given["date"], "date"),
        _decimals(given["hours"], "hours"),
        [str(w) for w in roster_workers.to_pylist()],
        [str(t) for t in trades.to_pylist()],
        rate_rows,
        calendar,
        currency,
        working_day=working_day,
        rest_day=rest_day,
        statutory_holiday=statutory_holiday,
        hours_per_workday=hours_per_workday,
    )
    n = len(entry_workers)
    kind_codes = pa.Array.from_buffers(pa.int8(), n, [None, pa.py_buffer(kinds)])
    rate_codes = pa.Array.from_buffers(pa.int32(), n, [None, pa.py_buffer(rate_index)])
    out = dict(given)
    out["regular_hours"] = pa.Array.from_buffers(pa.decimal128(38, 2), n, [None, pa.py_buffer(regular)])
    out["overtime_hours"] = pa.Array.from_buffers(pa.decimal128(38, 2), n, [None, pa.py_buffer(overtime)])
    out["day_kind"] = pa.DictionaryArray.from_arrays(kind_codes, pa.array(_KINDS))
    out["multiplier"] = pa.Array.from_buffers(pa.decimal128(38, multiplier_scale), n, [None, pa.py_buffer(multiplier)])
    out["rate"] = pa.Array.from_buffers(pa.decimal128(38, rate_scale), n, [None, pa.py_buffer(rate)])
    out["rate_unit"] = pa.DictionaryArray.from_arrays(rate_codes, pa.array(units, pa.string()))
    out["amount"] = pa.Array.from_buffers(pa.decimal128(38, scale), n, [None, pa.py_buffer(amount)])
    return pa.table(out, metadata={"currency": currency})


def _rate_rows(rates: Any) -> list[tuple[Any, str, Any, str | None, str | None]]:
    import pyarrow as pa

    columns = _columns(rates, "rates")
    absent = [name for name in ("valid_from", "unit", "amount") if name not in columns]
    if absent or not ("trade" in columns or "worker" in columns):
        raise _invalid("rates", "the rates have columns valid_from, unit, amount, and trade or worker")
    table = pa.table({name: _arrow(values, f"rates.{name}") for name, values in columns.items() if name in ("valid_from", "unit", "amount", "trade", "worker")})
    rows = table.to_pylist()
    return [(r["valid_from"], r["unit"], r["amount"], r.get("trade"), r.get("worker")) for r in rows]
