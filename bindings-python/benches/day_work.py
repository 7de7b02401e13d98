"""Day-work aggregation: projectledger against polars and pandas, same data, same process.

    python bindings-python/benches/day_work.py [entries]

Default: 10,000,000 entries, 50,000 workers in 2,000 teams (20 trades), a year of days,
grouped by (team, trade, month) with exact sums of regular hours, overtime hours and
amounts, entries and distinct headcount. The data is made once as Arrow columns (worker ids,
dates, decimal128 hours and amounts; a worker table with team, trade, employer); each
library takes the same columns (polars and pandas from Arrow, zero-copy where they can) and
must join the worker table and derive the month itself. Exact on every side: decimals in
projectledger and polars, integer minor units in pandas (its decimals are Python objects).
Prints each time (best of 3), the ratios, and the peak memory (ru_maxrss) after each side.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import polars
import pyarrow as pa

import projectledger as pl
from _timing import best, peak_mib

WORKERS, TEAMS, TRADES = 50_000, 2_000, 20


def data(n: int) -> tuple[dict[str, pa.Array], dict[str, pa.Array]]:
    rng = np.random.default_rng(7)
    worker = rng.integers(0, WORKERS, n, dtype=np.int32)
    days = rng.integers(0, 365, n, dtype=np.int32) + np.int32((np.datetime64("2025-01-01") - np.datetime64("1970-01-01")).astype(int))
    regular = np.full(n, 800, dtype=np.int64)  # 8.00 h
    overtime = rng.integers(0, 4, n, dtype=np.int64) * 50  # 0, 0.5, 1, 1.5 h
    amount = 30_000 + rng.integers(0, 5_000, n, dtype=np.int64)  # CNY 300.00–349.99

    def decimal(units: np.ndarray, precision: int) -> pa.Array:
        words = np.zeros(2 * len(units), dtype=np.int64)
        words[0::2] = units
        words[1::2] = units >> 63  # the high word: the sign
        return pa.Array.from_buffers(pa.decimal128(precision, 2), len(units), [None, pa.py_buffer(words)])

    entries = {
        "worker": pa.array(worker),
        "date": pa.Array.from_buffers(pa.date32(), n, [None, pa.py_buffer(days)]),
        "regular_hours": decimal(regular, 9),
        "overtime_hours": decimal(overtime, 9),
        "amount": decimal(amount, 18),
    }
    ids = np.arange(WORKERS, dtype=np.int32)
    workers = {
        "worker": pa.array(ids),
        "team": pa.array([f"T{t:04d}" for t in ids % TEAMS]),
        "trade": pa.array([f"trade-{t:02d}" for t in rng.integers(0, TRADES, WORKERS)]),
        "employer": pa.array([f"E{t:03d}" for t in (ids % TEAMS) // 10]),
    }
    return entries, workers


def ours(entries: dict[str, pa.Array], workers: dict[str, pa.Array]) -> Any:
    return pl.aggregate_day_work(entries, workers, ["team", "trade", "month"])


def with_polars(entries: dict[str, pa.Array], workers: dict[str, pa.Array]) -> Any:
    e = polars.from_arrow(pa.table(entries))
    w = polars.from_arrow(pa.table(workers))
    assert isinstance(e, polars.DataFrame) and isinstance(w, polars.DataFrame)
    return (
        e.join(w, on="worker")
        .with_columns(polars.col("date").dt.strftime("%Y-%m").alias("month"))
        .group_by(["team", "trade", "month"])
        .agg(*polars_sums())
        .sort(["team", "trade", "month"])
    )


def wide(entries: dict[str, pa.Array], workers: dict[str, pa.Array]) -> pa.Table:
    """The usual export: each entry carries its team, trade and month as text columns."""
    import pyarrow.compute as pc

    at = entries["worker"]  # worker ids are the worker table's row numbers
    return pa.table({
        **entries,
        "team": pc.take(workers["team"], at),
        "trade": pc.take(workers["trade"], at),
        "month": pc.strftime(entries["date"].cast(pa.timestamp("s")), "%Y-%m"),
    })


def ours_wide(table: pa.Table) -> Any:
    return pl.aggregate_day_work(table, None, ["team", "trade", "month"])


def polars_wide(frame: Any) -> Any:
    return frame.group_by(["team", "trade", "month"]).agg(*polars_sums()).sort(["team", "trade", "month"])


def polars_sums() -> list[Any]:
    """Entries, distinct headcount and the exact sums, as polars expressions."""
    col = polars.col
    return [polars.len().alias("entries"), col("worker").n_unique().alias("headcount"), col("regular_hours").sum(), col("overtime_hours").sum(), col("amount").sum()]


def with_pandas(entries: dict[str, pa.Array], workers: dict[str, pa.Array]) -> Any:
    def units(a: pa.Array) -> np.ndarray:  # decimal128 at scale 2 → int64 cents, exact
        return np.frombuffer(a.buffers()[1], dtype=np.int64)[0::2]

    e = pd.DataFrame({
        "worker": entries["worker"].to_numpy(),
        "date": entries["date"].to_numpy(zero_copy_only=False),
        "regular": units(entries["regular_hours"]),
        "overtime": units(entries["overtime_hours"]),
        "amount": units(entries["amount"]),
    })
    w = pd.DataFrame({k: v.to_numpy(zero_copy_only=False) for k, v in workers.items()})
    e = e.merge(w, on="worker")
    e["month"] = e["date"].astype("datetime64[s]").dt.strftime("%Y-%m")
    return (
        e.groupby(["team", "trade", "month"], sort=True)
        .agg(entries=("worker", "size"), headcount=("worker", "nunique"), regular=("regular", "sum"), overtime=("overtime", "sum"), amount=("amount", "sum"))
        .reset_index()
    )



def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    entries, workers = data(n)
    print(f"{n:,} entries, {WORKERS:,} workers, {TEAMS:,} teams, {TRADES} trades; by (team, trade, month); peak after the data: {peak_mib():,.0f} MiB")
    t_ours, mine = best(lambda: ours(entries, workers))
    print(f"projectledger.aggregate_day_work: {t_ours:.3f} s, {len(mine):,} groups, {n / t_ours / 1e6:.1f} M entries/s; peak {peak_mib():,.0f} MiB")
    t_polars, theirs = best(lambda: with_polars(entries, workers))
    print(f"polars {polars.__version__} join + group_by (Decimal sums, n_unique): {t_polars:.3f} s; peak {peak_mib():,.0f} MiB")
    t_pandas, frame = best(lambda: with_pandas(entries, workers), repeat=1)
    print(f"pandas {pd.__version__} merge + groupby (int64 cents, nunique): {t_pandas:.3f} s; peak {peak_mib():,.0f} MiB")
    # The same groups and the same exact figures on every side.
    assert len(mine) == theirs.height == len(frame)
    mine = mine.to_pylist()
    for row, other, third in zip(mine[:1000], theirs.head(1000).iter_rows(named=True), frame.head(1000).itertuples()):
        assert (row["team"], row["trade"], row["month"]) == (other["team"], other["trade"], other["month"]) == (third.team, third.trade, third.month)
        assert row["amount"] == other["amount"] == Decimal(int(third.amount)).scaleb(-2)
        assert row["headcount"] == other["headcount"] == third.headcount and row["entries"] == other["entries"]
        assert row["overtime_hours"] == other["overtime_hours"]
    assert sum(r["amount"] for r in mine) == theirs["amount"].sum() == Decimal(int(frame["amount"].sum())).scaleb(-2)
    print(f"ratio: {t_polars / t_ours:.2f}× polars, {t_pandas / t_ours:.2f}× pandas (higher: projectledger faster); figures agree")
    # A wide table: team, trade and month already columns, no worker table.
    table = wide(entries, workers)
    frame = polars.from_arrow(table)
    t_wide, mine_wide = best(lambda: ours_wide(table))
    print(f"wide table: projectledger.aggregate_day_work(workers=None): {t_wide:.3f} s; peak {peak_mib():,.0f} MiB")
    t_polars_wide, theirs_wide = best(lambda: polars_wide(frame))
    print(f"wide table: polars group_by on the same frame: {t_polars_wide:.3f} s; peak {peak_mib():,.0f} MiB")
    assert mine_wide.to_pylist()[:1000] == mine[:1000]
    assert mine_wide["amount"].to_pylist()[:1000] == theirs_wide["amount"].head(1000).to_list()
    print(f"wide ratio: {t_polars_wide / t_wide:.2f}× polars group_by; figures agree")


if __name__ == "__main__":
    main()
