"""Bulk day-work aggregation over whole columns.

Columns may be lists, NumPy arrays, pandas / polars Series or pyarrow arrays. Each is turned
into Arrow once (per column, never per entry): names become indices into a sorted list,
dates days since 1970-01-01, hours and amounts stay exact decimal128. The native module
reads those buffers, aggregates with the GIL released, and hands back columns; the result is
a pyarrow Table (decimal128 sums), so no Python object is made per entry or per group.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Mapping, Sequence

from projectledger import _native
from projectledger.errors import AmountTypeError, InvalidFieldError


def _invalid(field: str, reason: str) -> InvalidFieldError:
    return InvalidFieldError(f"invalid {field}: {reason}", field=field, reason=reason)

_NAME_COLUMNS = ("project", "cost_code")
_WORKER_ATTRIBUTES = ("team", "trade", "employer")
_TIME = frozenset({"day", "iso_week", "month"})
_DIMENSIONS = frozenset({"worker", *_NAME_COLUMNS, *_WORKER_ATTRIBUTES, *_TIME})
_SUMS = ("regular_hours", "overtime_hours", "hours", "amount")


def _arrow(values: Any, name: str) -> Any:
    """One Arrow array: a one-chunk column as it is (no copy), more chunks joined once."""
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        return values.chunk(0) if values.num_chunks == 1 else values.combine_chunks(memory_pool=None) if values.num_chunks else pa.array([], values.type)
    if isinstance(values, pa.Array):
        return values
    if type(values).__module__.split(".")[0] == "polars":
        return _arrow(values.to_arrow(), name)
    if hasattr(values, "__arrow_c_stream__"):
        return _arrow(pa.chunked_array(values), name)
    if hasattr(values, "__arrow_c_array__"):
        return pa.array(values)
    try:
        # pandas Series backed by Arrow come back chunked.
        return _arrow(pa.array(values), name)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise AmountTypeError(f"column {name!r} cannot be read as one type: {error}") from None


def _columns(frame: Any, kind: str) -> dict[str, Any]:
    """The columns of a mapping, a pyarrow Table or RecordBatch, or a pandas / polars frame."""
    import pyarrow as pa

    if isinstance(frame, (pa.Table, pa.RecordBatch)):
        return dict(zip(frame.column_names, frame.columns))
    if isinstance(frame, Mapping) or hasattr(frame, "columns"):
        return {str(name): frame[name] for name in (frame.keys() if isinstance(frame, Mapping) else frame.columns)}
    raise AmountTypeError(f"the {kind} are {type(frame).__name__}: give a mapping of columns, a pyarrow Table or a pandas / polars DataFrame")


def _require(columns: Mapping[str, Any], names: Sequence[str], kind: str, why: str = "") -> None:
    """Refuses a table that lacks any of the columns, naming them all."""
    absent = [name for name in names if name not in columns]
    if absent:
        raise _invalid(kind, f"the {kind} have no column {', '.join(map(repr, absent))}{why}")


def _same_length(columns: Mapping[str, Any], kind: str) -> None:
    lengths = {k: len(a) for k, a in columns.items()}
    if len(set(lengths.values())) > 1:
        raise _invalid(kind, f"entry columns differ in length: {lengths}")


def _worker_index(entry_workers: Any, roster_workers: Any, *, aggregating: bool = False) -> Any:
    """Each entry's row in the worker table (int32): the table lists a worker once, and every
    entry's worker is in it — else, when ``aggregating``, the core refuses every line of an
    unknown worker (:class:`InvalidDayWorkError`), as its aggregation of rows does."""
    import pyarrow as pa
    import pyarrow.compute as pc

    _no_nulls(roster_workers, "workers.worker")
    if len(pc.unique(roster_workers)) != len(roster_workers):
        raise _invalid("workers.worker", "workers.worker lists a worker twice")
    _no_nulls(entry_workers, "worker")
    index = pc.index_in(entry_workers.cast(roster_workers.type), value_set=roster_workers)
    if index.null_count:
        rows = pc.indices_nonzero(pc.is_null(index))
        missing = pc.take(entry_workers, rows).to_pylist()
        if aggregating:
            _native._refuse_unknown_workers(rows.to_pylist(), missing)
        raise _invalid("worker", f"worker {missing[0]!r} of the entries is not in workers")
    return index.cast(pa.int32())


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
    rank = pc.array_sort_indices(order).cast(pa.int32())  # the inverse permutation
    indices = pc.take(rank, encoded.indices)
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


def _decimals(array: Any, name: str, integer_scale: int | None = 0) -> tuple[memoryview, int, int]:
    """The values of an exact column as int64 units, their scale and 1 — or, when a value's
    units pass 64 bits at its own scale (``decimal128(38, 18)``), as int64 word pairs of
    decimal128 and 2, so the native side rescales them in 128 bits; floats are refused.
    Integers are units at ``integer_scale`` decimal places; None refuses them."""
    import pyarrow as pa

    _no_nulls(array, name)
    if pa.types.is_null(array.type):  # an empty list
        array = array.cast(pa.decimal128(38, 0))
    kind = array.type
    if pa.types.is_floating(kind):
        raise AmountTypeError(f"column {name!r} is {kind}: a float is not exact; give decimal.Decimal values or a decimal column")
    if pa.types.is_integer(kind):
        if integer_scale is None:
            raise AmountTypeError(
                f"column {name!r} holds integers: say which unit they count with amount_scale "
                "(2 for cents / 分, 0 for whole yuan), or give decimals"
            )
        return _values(array.cast(pa.int64()), 8, "q"), integer_scale, 1
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
    scale = array.type.scale
    try:
        # The same buffer read as units (scale 0), narrowed to int64 by Arrow's checked cast.
        units = pa.Array.from_buffers(pa.decimal128(38, 0), len(array), [None, array.buffers()[1]], offset=array.offset)
        return _values(units.cast(pa.int64()), 8, "q"), scale, 1
    except pa.ArrowInvalid:
        return _values(array, 16, "q"), scale, 2


def aggregate_day_work(
    entries: Any,
    workers: Any,
    by: Sequence[str],
    currency: str = "CNY",
    *,
    start: date | None = None,
    end: date | None = None,
    states: Sequence[str] | None = None,
    amount_scale: int | None = None,
    partial: bool = False,
) -> Any:
    """Groups costed day work given as whole columns, exactly; returns a pyarrow Table.

    ``entries`` (a mapping of columns, a pyarrow Table or RecordBatch, a pandas or polars
    DataFrame, or a stream of record batches: a ``RecordBatchReader``, anything with
    ``__arrow_c_stream__``, or an iterable of batches) has the columns worker, date,
    regular_hours, overtime_hours and amount (hours to 0.01 h, amounts in ``currency``), and
    project and cost_code when grouped by them. ``workers`` has worker, team, trade and
    employer, one row per worker; or None for a wide table, whose entries carry the team,
    trade and employer columns they are grouped by. ``by`` names the dimensions ("project",
    "team", "trade", "worker", "employer", "cost_code", "day", "iso_week", "month"), and any
    other name in it is a name column of its own (a site, a subcontractor): of the entries in
    a wide table, of the worker table otherwise.
    ``start`` and ``end`` keep the days between them (both included); ``states`` keeps the
    entries whose ``state`` column is one of them. An integer amount column counts units at
    ``amount_scale`` places (2 for cents / 分) and is refused without it; integer hours are
    whole hours.

    The table has a column per dimension (names; days ``2025-01-26``, weeks ``2025-W05``,
    months ``2025-01``), then entries, headcount (distinct workers), and regular_hours,
    overtime_hours, hours and amount as exact decimal128, ordered by the dimensions.
    ``.to_pandas()``, ``polars.from_arrow(...)`` and ``.to_pylist()`` (dicts with Decimal
    values) read it.

    ``partial=True`` gives a partial instead, for an engine that aggregates partitions
    itself (Spark ``mapInArrow``, Dask): grouped by the dimensions and the worker, with no
    headcount; :func:`combine_day_work` merges any number of them into the table above,
    exactly, however the entries were partitioned.
    """
    import pyarrow as pa

    if _is_stream(entries):
        parts = [
            _aggregate(batch, workers, by, currency, start, end, states, amount_scale, partial=True)
            for batch in _batches(entries)
        ]
        if not parts:
            parts = [_aggregate({}, workers, by, currency, start, end, states, amount_scale, partial=True, empty=True)]
        return pa.concat_tables(parts) if partial else combine_day_work(parts)
    return _aggregate(entries, workers, by, currency, start, end, states, amount_scale, partial)


def _is_stream(entries: Any) -> bool:
    import pyarrow as pa

    if isinstance(entries, pa.RecordBatchReader):
        return True
    if isinstance(entries, (pa.Table, pa.RecordBatch, Mapping)) or hasattr(entries, "columns"):
        return False
    return hasattr(entries, "__arrow_c_stream__") or hasattr(entries, "__iter__")


def _batches(entries: Any) -> Any:
    import pyarrow as pa

    if hasattr(entries, "__arrow_c_stream__") and not isinstance(entries, pa.RecordBatchReader):
        entries = pa.RecordBatchReader.from_stream(entries)
    for batch in entries:
        if not isinstance(batch, (pa.RecordBatch, pa.Table)):
            raise AmountTypeError(f"a stream of entries holds {type(batch).__name__}, not record batches")
        yield batch


def _aggregate(
    entries: Any,
    workers: Any,
    by: Sequence[str],
    currency: str,
    start: date | None,
    end: date | None,
    states: Sequence[str] | None,
    amount_scale: int | None,
    partial: bool,
    empty: bool = False,
) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    scale = _native.Currency(currency).minor_units
    entries = _columns(entries, "entries")
    wide = workers is None
    keyed = list(by) if not partial or "worker" in by else [*by, "worker"]
    # Any other name in `by` is a name column: of the entries in a wide table, else of the workers.
    others = [name for name in keyed if name not in _DIMENSIONS]
    if any("," in name for name in others):
        raise _invalid("by", f"a column grouped by cannot have a comma in its name (a partial lists them by commas): {[n for n in others if ',' in n]}")
    attributes = [a for a in (*_WORKER_ATTRIBUTES, *others) if a in keyed] if wide else []
    wanted = ["worker", "date", "regular_hours", "overtime_hours", "amount"] + [c for c in _NAME_COLUMNS if c in keyed] + attributes
    if states is not None:
        wanted.append("state")
    if empty:
        entries = {name: [] for name in wanted}
    why = " (no worker table was given, so the entries carry the attributes and name columns they are grouped by)" if set(attributes) - set(entries) else ""
    _require(entries, wanted, "entries", why)
    column = {name: _arrow(entries[name], name) for name in wanted}
    _same_length(column, "entries")
    if states is not None:
        keep = pc.is_in(_plain_strings(column.pop("state")), value_set=pa.array(list(states), pa.string()))
        column = {name: pc.filter(a, keep) for name, a in column.items()}
    entry_workers = _plain_strings(column["worker"])
    _no_nulls(entry_workers, "worker")
    names: dict[str, Any] = {}
    codes: dict[str, Any] = {}
    if wide:
        worker_codes, names["worker"] = _sorted_codes(entry_workers, "worker")
        for name in (*_WORKER_ATTRIBUTES, *others):
            if name in column:
                codes[name], names[name] = _sorted_codes(column[name], name)
            else:
                codes[name] = pa.nulls(len(entry_workers), pa.int32()).fill_null(0)
    else:
        workers = _columns(workers, "workers")
        why = f" (a name grouped by that is not a dimension — {', '.join(sorted(_DIMENSIONS))} — is a column of the worker table)" if set(others) - set(workers) else ""
        _require(workers, ("worker", *_WORKER_ATTRIBUTES, *others), "workers", why)
        roster = {name: _arrow(workers[name], f"workers.{name}") for name in ("worker", *_WORKER_ATTRIBUTES, *others)}
        _no_nulls(roster["worker"], "workers.worker")
        # The roster in worker order, so a grouping by worker comes out in that order too.
        order = pc.sort_indices(_plain_strings(roster["worker"]))
        roster = {k: pc.take(v, order) for k, v in roster.items()}
        names["worker"] = _plain_strings(roster["worker"])
        worker_codes = _worker_index(entry_workers, names["worker"], aggregating=True)
        for name in (*_WORKER_ATTRIBUTES, *others):
            codes[name], names[name] = _sorted_codes(roster[name], f"workers.{name}")
    for name in _NAME_COLUMNS:
        if name in column:
            codes[name], names[name] = _sorted_codes(column[name], name)
    keys, counts, sums = _native._aggregate_day_work_buffers(
        _values(worker_codes, 4, "i"),
        _values(codes["project"], 4, "i") if "project" in codes else None,
        _values(codes["cost_code"], 4, "i") if "cost_code" in codes else None,
        _days(column["date"], "date"),
        _decimals(column["regular_hours"], "regular_hours"),
        _decimals(column["overtime_hours"], "overtime_hours"),
        (*_decimals(column["amount"], "amount", amount_scale), scale),
        _values(codes["team"], 4, "i"),
        _values(codes["trade"], 4, "i"),
        _values(codes["employer"], 4, "i"),
        keyed,
        start,
        end,
        wide,
        [(name, _values(codes[name], 4, "i")) for name in others],
    )
    groups = len(counts[0]) // 8
    table: dict[str, Any] = {}
    for dimension, raw in zip(keyed, keys):
        values = pa.Array.from_buffers(pa.int64(), groups, [None, pa.py_buffer(raw)])
        if dimension in _TIME:
            periods = pc.unique(values)
            labels = pa.array([_native._period_name(dimension, p) for p in periods.to_pylist()], pa.string())
            table[dimension] = pc.take(labels, pc.index_in(values, value_set=periods))
        else:
            table[dimension] = pc.take(names[dimension], values)
    for name, raw in zip(("entries", "headcount"), counts):
        if name == "headcount" and partial:
            continue
        table[name] = pa.Array.from_buffers(pa.int64(), groups, [None, pa.py_buffer(raw)])
    for name, raw, places in zip(_SUMS, sums, (2, 2, 2, scale)):
        table[name] = pa.Array.from_buffers(pa.decimal128(38, places), groups, [None, pa.py_buffer(raw)])
    if partial:
        return pa.table(table, metadata={"currency": currency, _PARTIAL: ",".join(by)})
    return pa.table(table, metadata={"currency": currency})


_PARTIAL = "projectledger.partial_by"


def combine_day_work(partials: Iterable[Any]) -> Any:
    """Merges partials of :func:`aggregate_day_work` (``partial=True``) into its table:
    entries and sums add up, and the headcount counts each worker of a group once, however
    the entries were partitioned (so partitions need not be by worker). Partials of different
    dimensions or currencies are refused, and so is a finished table: its headcounts cannot
    be added."""
    import pyarrow as pa
    import pyarrow.compute as pc

    tables = [p if isinstance(p, pa.Table) else pa.table(p) for p in partials]
    if not tables:
        raise _invalid("partials", "no partials to combine")
    found = [(t.schema.metadata or {}).get(_PARTIAL.encode()) for t in tables]
    currencies = {(t.schema.metadata or {}).get(b"currency") for t in tables}
    if None in found:
        raise _invalid("partials", "a table is not a partial (give aggregate_day_work(..., partial=True)): a finished table's headcounts cannot be added")
    marks = {m for m in found if m is not None}
    if len(marks) > 1 or len(currencies) > 1:
        raise _invalid("partials", "the partials differ in dimensions or currency")
    (mark,) = marks
    (currency,) = currencies
    by = [d for d in mark.decode().split(",") if d]
    keyed = by if "worker" in by else [*by, "worker"]
    whole = pa.concat_tables([t.select([*keyed, "entries", *_SUMS]) for t in tables])
    sums = [("entries", "sum"), *((name, "sum") for name in _SUMS)]
    per_worker = whole.group_by(keyed, use_threads=False).aggregate(sums)
    renamed = {f"{name}_sum": name for name, _ in sums}
    per_worker = per_worker.rename_columns([renamed.get(c, c) for c in per_worker.column_names])
    grouped = per_worker.group_by(by, use_threads=False).aggregate([*sums, ("worker", "count")]) if by else None
    if grouped is None:  # no dimensions: one group of everything
        grouped = pa.table({**{name: [pc.sum(per_worker[name]).cast(per_worker[name].type)] for name, _ in sums}, "worker_count": [len(per_worker)]})
    grouped = grouped.rename_columns([{**renamed, "worker_count": "headcount"}.get(c, c) for c in grouped.column_names])
    if by:
        grouped = grouped.sort_by([(d, "ascending") for d in by])
    places = {name: tables[0].schema.field(name).type for name in _SUMS}
    columns = {d: grouped[d] for d in by}
    columns["entries"] = grouped["entries"].cast(pa.int64())
    columns["headcount"] = grouped["headcount"].cast(pa.int64())
    for name in _SUMS:
        columns[name] = grouped[name].cast(places[name])
    return pa.table(columns, metadata={"currency": (currency or b"CNY").decode()})
