"""Bulk day-work aggregation over whole columns.

Columns may be lists, NumPy arrays, pandas / polars Series or pyarrow arrays. Each is turned
into Arrow once (per column, never per entry): names become dictionary indices, dates days
since 1970-01-01, hours and amounts exact decimal128 at a fixed scale. The native module
reads those buffers with the GIL released and returns one tuple per group.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Sequence

from projectledger import _native
from projectledger._rows import Rows

_NAME_COLUMNS = ("project", "cost_code")
_WORKER_ATTRIBUTES = ("team", "trade", "employer")
_TIME = frozenset({"day", "iso_week", "month"})


def _arrow(values: Any, name: str) -> Any:
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    if isinstance(values, pa.Array):
        return values
    if type(values).__module__.split(".")[0] == "polars":
        return _arrow(values.to_arrow(), name)
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise TypeError(f"column {name!r} cannot be read as one type: {error}") from None


def _no_nulls(array: Any, name: str) -> None:
    if array.null_count:
        raise ValueError(f"column {name!r} has {array.null_count} missing values")


def _buffer(array: Any, width: int) -> memoryview:
    """The value bytes of a primitive array, its offset applied."""
    data = array.buffers()[1]
    start = array.offset * width
    return memoryview(data).cast("B")[start : start + len(array) * width]


def _codes(array: Any, name: str) -> tuple[memoryview, list[Any]]:
    """Dictionary indices (int32) and the distinct values, in order of first appearance."""
    import pyarrow as pa
    import pyarrow.compute as pc

    _no_nulls(array, name)
    if pa.types.is_string_view(array.type):
        array = array.cast(pa.large_string())
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array)
    indices = array.indices.cast(pa.int32())
    return _buffer(indices, 4), array.dictionary.to_pylist()


def _days(array: Any, name: str) -> memoryview:
    import pyarrow as pa

    _no_nulls(array, name)
    if pa.types.is_timestamp(array.type):
        if array.type.tz is not None:
            raise TypeError(f"column {name!r} holds aware timestamps; give dates (the day of work)")
        array = array.cast(pa.date32())
    if not pa.types.is_date32(array.type):
        if pa.types.is_date64(array.type):
            array = array.cast(pa.date32())
        else:
            raise TypeError(f"column {name!r} is {array.type}, not dates")
    return _buffer(array.view(pa.int32()), 4)


def _decimals(array: Any, name: str, scale: int) -> memoryview:
    """Exact values at `scale` as decimal128; floats are refused, finer values too."""
    import pyarrow as pa

    _no_nulls(array, name)
    kind = array.type
    if pa.types.is_floating(kind):
        raise TypeError(f"column {name!r} is {kind}: a float is not exact; give decimal.Decimal values or a decimal column")
    if not (pa.types.is_integer(kind) or pa.types.is_decimal(kind)):
        raise TypeError(f"column {name!r} is {kind}, not decimal")
    if pa.types.is_decimal(kind) and kind.scale > scale:
        try:
            array = array.cast(pa.decimal128(38, scale))  # refuses to drop digits
        except pa.ArrowInvalid:
            raise ValueError(f"column {name!r} has values finer than {scale} decimal places") from None
    return _buffer(array.cast(pa.decimal128(38, scale)), 16)


def aggregate_day_work(
    entries: Mapping[str, Any],
    workers: Mapping[str, Any],
    by: Sequence[str],
    currency: str = "CNY",
    minor_units: int | None = None,
) -> Rows:
    """Groups costed day-work given as whole columns, exactly.

    ``entries`` has the columns worker, project, cost_code, date, regular_hours,
    overtime_hours and amount (hours to 0.01 h, amounts in ``currency``); ``workers`` has
    worker, team, trade and employer, one row per worker. ``by`` names the dimensions
    ("project", "team", "trade", "worker", "employer", "cost_code", "day", "iso_week",
    "month"). Returns one row per group: a column per dimension, entries, headcount,
    regular_hours, overtime_hours, hours and amount as Decimal.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    scale = _native.Currency(currency).minor_units if minor_units is None else minor_units
    column = {name: _arrow(entries[name], name) for name in ("worker", "project", "cost_code", "date", "regular_hours", "overtime_hours", "amount")}
    roster = {name: _arrow(workers[name], name) for name in ("worker", *_WORKER_ATTRIBUTES)}
    sizes = {len(a) for a in column.values()}
    if len(sizes) > 1:
        raise ValueError(f"entry columns differ in length: { {k: len(a) for k, a in column.items()} }")
    _no_nulls(roster["worker"], "workers.worker")
    if len(pc.unique(roster["worker"])) != len(roster["worker"]):
        raise ValueError("workers.worker lists a worker twice")
    worker_type = roster["worker"].type
    entry_workers = column["worker"]
    if pa.types.is_dictionary(entry_workers.type):
        entry_workers = entry_workers.dictionary_decode()
    _no_nulls(entry_workers, "worker")
    worker_index = pc.index_in(entry_workers.cast(worker_type), value_set=roster["worker"])
    if worker_index.null_count:
        missing = pc.filter(entry_workers, pc.is_null(worker_index))[0].as_py()
        raise ValueError(f"worker {missing!r} of the entries is not in workers")
    names: dict[str, list[Any]] = {}
    buffers: dict[str, memoryview] = {"worker": _buffer(worker_index.cast(pa.int32()), 4)}
    for name in _NAME_COLUMNS:
        buffers[name], names[name] = _codes(column[name], name)
    for name in _WORKER_ATTRIBUTES:
        buffers[name], names[name] = _codes(roster[name], f"workers.{name}")
    names["worker"] = roster["worker"].to_pylist()
    groups = _native._aggregate_day_work_buffers(
        buffers["worker"],
        buffers["project"],
        buffers["cost_code"],
        _days(column["date"], "date"),
        _decimals(column["regular_hours"], "regular_hours", 2),
        _decimals(column["overtime_hours"], "overtime_hours", 2),
        _decimals(column["amount"], "amount", scale),
        buffers["team"],
        buffers["trade"],
        buffers["employer"],
        list(by),
    )
    rows = Rows()
    for key, count, regular, overtime, amount, headcount in groups:
        row: dict[str, Any] = {
            dimension: _native._period_name(dimension, value) if dimension in _TIME else names[dimension][value]
            for dimension, value in zip(by, key)
        }
        row["entries"] = count
        row["headcount"] = headcount
        row["regular_hours"] = Decimal(regular).scaleb(-2)
        row["overtime_hours"] = Decimal(overtime).scaleb(-2)
        row["hours"] = Decimal(regular + overtime).scaleb(-2)
        row["amount"] = Decimal(amount).scaleb(-scale)
        row["currency"] = currency
        rows.append(row)
    rows.sort(key=lambda r: tuple(r[d] for d in by))
    return rows
