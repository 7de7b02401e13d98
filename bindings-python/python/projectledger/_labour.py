"""Bulk day-work aggregation over whole columns.

Columns may be lists, NumPy arrays, pandas / polars Series or pyarrow arrays. Each is turned
into Arrow once (per column, never per entry): names become indices into a sorted list,
dates days since 1970-01-01, hours and amounts stay exact decimal128. The native module
reads those buffers, aggregates with the GIL released, and hands back columns; the result is
a pyarrow Table (decimal128 sums), so no Python object is made per entry or per group.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Sequence

from projectledger import _native
from projectledger.errors import AmountTypeError, InvalidFieldError


def _invalid(field: str, reason: str) -> InvalidFieldError:
    return InvalidFieldError(f"invalid {field}: {reason}", field=field, reason=reason)

_NAME_COLUMNS = ("project", "cost_code")
_WORKER_ATTRIBUTES = ("team", "trade", "employer")
_TIME = frozenset({"day", "iso_week", "month"})
_SUMS = ("regular_hours", "overtime_hours", "hours", "amount")


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
        raise AmountTypeError(f"column {name!r} cannot be read as one type: {error}") from None


def _no_nulls(array: Any, name: str) -> None:
    if array.null_count:
        raise _invalid(name, f"column {name!r} has {array.null_count} missing values")


def _values(array: Any, width: int, code: str) -> memoryview:
    """The value buffer of a primitive array (its offset applied) as typed items."""
    data = memoryview(array.buffers()[1]).cast("B")
    start = array.offset * width
    return data[start : start + len(array) * width].cast(code)


def _plain_strings(array: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_null(array.type):  # an empty list
        array = array.cast(pa.string())
    if pa.types.is_string_view(array.type) or pa.types.is_large_string(array.type):
        array = array.cast(pa.string())
    return array


def _sorted_codes(array: Any, name: str) -> tuple[Any, Any]:
    """Indices (int32) into the distinct values sorted, and those values: groups then come out
    in name order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    _no_nulls(array, name)
    encoded = pc.dictionary_encode(_plain_strings(array))
    order = pc.array_sort_indices(encoded.dictionary)
    rank = pc.array_sort_indices(order)  # the inverse permutation
    indices = pc.take(rank, encoded.indices).cast(pa.int32())
    return indices, pc.take(encoded.dictionary, order)


def _days(array: Any, name: str) -> memoryview:
    import pyarrow as pa

    _no_nulls(array, name)
    if pa.types.is_null(array.type):  # an empty list
        array = array.cast(pa.date32())
    if pa.types.is_timestamp(array.type):
        if array.type.tz is not None:
            raise AmountTypeError(f"column {name!r} holds aware timestamps; give dates (the day of work)")
        array = array.cast(pa.date32())
    if pa.types.is_date64(array.type):
        array = array.cast(pa.date32())
    if not pa.types.is_date32(array.type):
        raise AmountTypeError(f"column {name!r} is {array.type}, not dates")
    return _values(array, 4, "i")


def _decimals(array: Any, name: str) -> tuple[memoryview, int]:
    """The decimal128 values of an exact column as int64 word pairs, and their scale (the
    native side rescales, so no Arrow decimal kernel runs); floats are refused."""
    import pyarrow as pa

    _no_nulls(array, name)
    if pa.types.is_null(array.type):  # an empty list
        array = array.cast(pa.decimal128(38, 0))
    kind = array.type
    if pa.types.is_floating(kind):
        raise AmountTypeError(f"column {name!r} is {kind}: a float is not exact; give decimal.Decimal values or a decimal column")
    if pa.types.is_integer(kind):
        array = array.cast(pa.decimal128(38, 0))
    elif pa.types.is_decimal(kind) and kind.bit_width != 128:
        try:
            array = array.cast(pa.decimal128(38, kind.scale))
        except pa.ArrowInvalid:
            raise _invalid(name, f"column {name!r} has values beyond 38 digits") from None
    elif not pa.types.is_decimal(kind):
        raise AmountTypeError(f"column {name!r} is {kind}, not decimal")
    if array.type.scale < 0:  # whole multiples of a power of ten: exact at scale 0
        try:
            array = array.cast(pa.decimal128(38, 0))
        except pa.ArrowInvalid:
            raise _invalid(name, f"column {name!r} has values beyond 38 digits") from None
    return _values(array, 16, "q"), array.type.scale


def aggregate_day_work(
    entries: Mapping[str, Any],
    workers: Mapping[str, Any],
    by: Sequence[str],
    currency: str = "CNY",
    *,
    start: date | None = None,
    end: date | None = None,
    states: Sequence[str] | None = None,
) -> Any:
    """Groups costed day work given as whole columns, exactly; returns a pyarrow Table.

    ``entries`` has the columns worker, date, regular_hours, overtime_hours and amount (hours
    to 0.01 h, amounts in ``currency``), and project and cost_code when grouped by them;
    ``workers`` has worker, team, trade and employer, one row per worker. ``by`` names the
    dimensions ("project", "team", "trade", "worker", "employer", "cost_code", "day",
    "iso_week", "month"). ``start`` and ``end`` keep the days between them (both included);
    ``states`` keeps the entries whose ``state`` column is one of them.

    The table has a column per dimension (names; days ``2025-01-26``, weeks ``2025-W05``,
    months ``2025-01``), then entries, headcount (distinct workers), and regular_hours,
    overtime_hours, hours and amount as exact decimal128, ordered by the dimensions.
    ``.to_pandas()``, ``polars.from_arrow(...)`` and ``.to_pylist()`` (dicts with Decimal
    values) read it.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    scale = _native.Currency(currency).minor_units
    wanted = ["worker", "date", "regular_hours", "overtime_hours", "amount"] + [c for c in _NAME_COLUMNS if c in entries or c in by]
    if states is not None:
        wanted.append("state")
    absent = [name for name in wanted if name not in entries]
    if absent:
        raise _invalid("entries", f"the entries have no column {', '.join(map(repr, absent))}")
    column = {name: _arrow(entries[name], name) for name in wanted}
    lengths = {k: len(a) for k, a in column.items()}
    if len(set(lengths.values())) > 1:
        raise _invalid("entries", f"entry columns differ in length: {lengths}")
    if states is not None:
        keep = pc.is_in(_plain_strings(column.pop("state")), value_set=pa.array(list(states), pa.string()))
        column = {name: pc.filter(a, keep) for name, a in column.items()}
    absent = [name for name in ("worker", *_WORKER_ATTRIBUTES) if name not in workers]
    if absent:
        raise _invalid("workers", f"the workers have no column {', '.join(map(repr, absent))}")
    roster = {name: _arrow(workers[name], f"workers.{name}") for name in ("worker", *_WORKER_ATTRIBUTES)}
    _no_nulls(roster["worker"], "workers.worker")
    if len(pc.unique(roster["worker"])) != len(roster["worker"]):
        raise _invalid("workers.worker", "workers.worker lists a worker twice")
    # The roster in worker order, so a grouping by worker comes out in that order too.
    order = pc.sort_indices(_plain_strings(roster["worker"]))
    roster = {k: pc.take(v, order) for k, v in roster.items()}
    entry_workers = _plain_strings(column["worker"])
    _no_nulls(entry_workers, "worker")
    roster_workers = _plain_strings(roster["worker"])
    worker_index = pc.index_in(entry_workers.cast(roster_workers.type), value_set=roster_workers)
    if worker_index.null_count:
        missing = pc.filter(entry_workers, pc.is_null(worker_index))[0].as_py()
        raise _invalid("worker", f"worker {missing!r} of the entries is not in workers")
    names: dict[str, Any] = {"worker": roster_workers}
    codes: dict[str, Any] = {}
    for name in _NAME_COLUMNS:
        if name in column:
            codes[name], names[name] = _sorted_codes(column[name], name)
    for name in _WORKER_ATTRIBUTES:
        codes[name], names[name] = _sorted_codes(roster[name], f"workers.{name}")
    worker_codes = worker_index.cast(pa.int32())
    keys, counts, sums = _native._aggregate_day_work_buffers(
        _values(worker_codes, 4, "i"),
        _values(codes["project"], 4, "i") if "project" in codes else None,
        _values(codes["cost_code"], 4, "i") if "cost_code" in codes else None,
        _days(column["date"], "date"),
        _decimals(column["regular_hours"], "regular_hours"),
        _decimals(column["overtime_hours"], "overtime_hours"),
        (*_decimals(column["amount"], "amount"), scale),
        _values(codes["team"], 4, "i"),
        _values(codes["trade"], 4, "i"),
        _values(codes["employer"], 4, "i"),
        list(by),
        start,
        end,
    )
    groups = len(counts[0]) // 8
    table: dict[str, Any] = {}
    for dimension, raw in zip(by, keys):
        values = pa.Array.from_buffers(pa.int64(), groups, [None, pa.py_buffer(raw)])
        if dimension in _TIME:
            periods = pc.unique(values)
            labels = pa.array([_native._period_name(dimension, p) for p in periods.to_pylist()])
            table[dimension] = pc.take(labels, pc.index_in(values, value_set=periods))
        else:
            table[dimension] = pc.take(names[dimension], values)
    for name, raw in zip(("entries", "headcount"), counts):
        table[name] = pa.Array.from_buffers(pa.int64(), groups, [None, pa.py_buffer(raw)])
    for name, raw, places in zip(_SUMS, sums, (2, 2, 2, scale)):
        table[name] = pa.Array.from_buffers(pa.decimal128(38, places), groups, [None, pa.py_buffer(raw)])
    return pa.table(table, metadata={"currency": currency})
