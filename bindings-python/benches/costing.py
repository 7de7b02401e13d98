"""Re-costing a year of raw time sheets ("what if"): projectledger against polars and pandas.

    python bindings-python/benches/costing.py [entries]

Default: 10,000,000 raw entries (worker, project, cost code, date, hours) of 20,000 workers
in 500 teams (20 trades) over 2025, one or two entries a worker-day; a worker table, a rate
table (per trade, per 工日, changing on 1 July) and the china_2025 calendar. Each side costs
every entry by the journal's rules (the day's first 8 h regular on a working day, the rest
overtime ×1.5; ×2 on rest days, ×3 on statutory holidays; amount = rate ÷ 8 × weighted hours,
rounded half away from zero to the fen) and groups by (team, trade, month) with entries,
distinct headcount and exact sums. projectledger: ``cost_day_work`` + ``aggregate_day_work``.
polars and pandas get the same Arrow columns plus the calendar as a day-kind table, and do
the costing in exact integer arithmetic (centihours, fen): joins for trade, team, day kind
and the rate in force (a per-(trade, day) rate table built from the small tables by an
as-of join, then one plain join per entry, left order kept), a running sum of the day's hours per worker-day in
row order for the regular share, then ``group_by``. Prints each time (best of 3 for
projectledger and polars, 1 for pandas), the ratios and peak memory (ru_maxrss); checks the
figures agree to the fen.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import polars
import pyarrow as pa

import projectledger as pl
from _timing import best, peak_mib

WORKERS, TEAMS, TRADES = 20_000, 500, 20
MID_YEAR = date(2025, 7, 1)


def data(n: int) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    rng = np.random.default_rng(11)
    pair = np.arange(n, dtype=np.int64) // 2  # two rows a worker-day: at most 2 × 12 h
    worker = (pair % WORKERS).astype(np.int32)
    day = ((pair // WORKERS) % 365).astype(np.int32) + np.int32((np.datetime64("2025-01-01") - np.datetime64("1970-01-01")).astype(int))
    centihours = rng.integers(8, 25, n, dtype=np.int64) * 50  # 4.00–12.00 h in half hours
    words = np.zeros(2 * n, dtype=np.int64)
    words[0::2] = centihours
    entries = pa.table({
        "worker": pa.array(worker),
        "project": pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, 8, n, dtype=np.int32)), pa.array([f"P{p}" for p in range(8)])),
        "cost_code": pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, 40, n, dtype=np.int32)), pa.array([f"{c // 10:02d}.{c % 10:02d}" for c in range(40)])),
        "date": pa.Array.from_buffers(pa.date32(), n, [None, pa.py_buffer(day)]),
        "hours": pa.Array.from_buffers(pa.decimal128(9, 2), n, [None, pa.py_buffer(words)]),
    })
    ids = np.arange(WORKERS, dtype=np.int32)
    trade_of = rng.integers(0, TRADES, WORKERS)
    workers = pa.table({
        "worker": pa.array(ids),
        "trade": pa.array([f"trade-{t:02d}" for t in trade_of]),
        "team": pa.array([f"T{t:04d}" for t in ids % TEAMS]),
        "employer": pa.array([f"E{t:03d}" for t in (ids % TEAMS) // 10]),
    })
    first = [Decimal(300 + 10 * t) for t in range(TRADES)]
    rates = pa.table({
        "trade": [f"trade-{t:02d}" for t in range(TRADES)] * 2,
        "valid_from": [date(2025, 1, 1)] * TRADES + [MID_YEAR] * TRADES,
        "unit": ["workday"] * (2 * TRADES),
        "amount": pa.array(first + [a + Decimal("25.50") for a in first], pa.decimal128(9, 2)),
    })
    calendar = pl.WorkCalendar.china_2025()
    days = [date(2025, 1, 1) + timedelta(d) for d in range(365)]
    names = {pl.DayKind.Working: "working", pl.DayKind.RestDay: "rest_day", pl.DayKind.StatutoryHoliday: "statutory_holiday"}
    kind = [names[calendar.classify(d)] for d in days]
    multiplier10 = {"working": 15, "rest_day": 20, "statutory_holiday": 30}
    kinds = pa.table({"date": pa.array(days, pa.date32()), "kind": kind, "multiplier10": [multiplier10[k] for k in kind]})
    return entries, workers, rates, kinds


def ours(entries: pa.Table, workers: pa.Table, rates: pa.Table) -> Any:
    costed = pl.cost_day_work(entries, workers, rates, pl.WorkCalendar.china_2025())
    return pl.aggregate_day_work(costed, workers, ["team", "trade", "month"])


def with_polars(entries: pa.Table, workers: pa.Table, rates: pa.Table, kinds: pa.Table) -> Any:
    col = polars.col
    e = polars.from_arrow(entries)
    w = polars.from_arrow(workers)
    r = polars.from_arrow(rates).with_columns((col("amount") * 100).cast(polars.Int64).alias("rate_fen")).select("trade", "valid_from", "rate_fen").sort("valid_from")
    k = polars.from_arrow(kinds)
    assert isinstance(e, polars.DataFrame) and isinstance(w, polars.DataFrame) and isinstance(k, polars.DataFrame)
    # The rate in force per (trade, day), from the small tables: one plain join per entry.
    daily = k.select("date").join(r.select("trade").unique(), how="cross").sort("date").join_asof(r, left_on="date", right_on="valid_from", by="trade", strategy="backward")
    costed = (
        e.with_columns((col("hours") * 100).cast(polars.Int64).alias("centi"))
        .join(w, on="worker", how="left", maintain_order="left")
        .join(k, on="date", how="left", maintain_order="left")
        .join(daily.select("trade", "date", "rate_fen"), on=["trade", "date"], how="left", maintain_order="left")
        .with_columns((col("centi").cum_sum().over(["worker", "date"]) - col("centi")).alias("before"))
        .with_columns(
            polars.when(col("kind") == "working").then(polars.min_horizontal(col("centi"), (800 - col("before")).clip(lower_bound=0))).otherwise(0).alias("regular")
        )
        .with_columns((col("centi") - col("regular")).alias("overtime"))
        .with_columns(
            (col("rate_fen") * (col("regular") * 10 + col("overtime") * col("multiplier10")) + 4000).floordiv(8000).alias("amount_fen"),
            col("date").dt.strftime("%Y-%m").alias("month"),
        )
    )
    return (
        costed.group_by(["team", "trade", "month"])
        .agg(
            polars.len().alias("entries"),
            col("worker").n_unique().alias("headcount"),
            col("regular").sum(),
            col("overtime").sum(),
            col("amount_fen").sum(),
        )
        .sort(["team", "trade", "month"])
    )


def with_pandas(entries: pa.Table, workers: pa.Table, rates: pa.Table, kinds: pa.Table) -> Any:
    words = np.frombuffer(entries["hours"].chunk(0).buffers()[1], dtype=np.int64)
    e = pd.DataFrame({
        "worker": entries["worker"].to_numpy(),
        "date": entries["date"].to_numpy().astype("datetime64[ns]"),
        "centi": words[0::2].copy(),
    })
    w = workers.to_pandas()
    k = kinds.to_pandas()
    k["date"] = k["date"].astype("datetime64[ns]")
    r = rates.to_pandas()
    r["valid_from"] = r["valid_from"].astype("datetime64[ns]")
    r["rate_fen"] = (r["amount"] * 100).astype("int64")
    daily = pd.merge_asof(k[["date"]].merge(r[["trade"]].drop_duplicates(), how="cross").sort_values("date"), r.sort_values("valid_from")[["trade", "valid_from", "rate_fen"]], left_on="date", right_on="valid_from", by="trade")
    e = e.merge(w, on="worker", how="left").merge(k, on="date", how="left").merge(daily[["trade", "date", "rate_fen"]], on=["trade", "date"], how="left")
    e["before"] = e.groupby(["worker", "date"], sort=False)["centi"].cumsum() - e["centi"]
    e["regular"] = np.where(e["kind"] == "working", np.minimum(e["centi"], np.maximum(0, 800 - e["before"])), 0)
    e["overtime"] = e["centi"] - e["regular"]
    e["amount_fen"] = (e["rate_fen"] * (e["regular"] * 10 + e["overtime"] * e["multiplier10"]) + 4000) // 8000
    e["month"] = e["date"].dt.strftime("%Y-%m")
    return (
        e.groupby(["team", "trade", "month"], sort=True)
        .agg(entries=("worker", "size"), headcount=("worker", "nunique"), regular=("regular", "sum"), overtime=("overtime", "sum"), amount_fen=("amount_fen", "sum"))
        .reset_index()
    )



def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    entries, workers, rates, kinds = data(n)
    print(f"{n:,} raw entries, {WORKERS:,} workers, {TEAMS} teams, {TRADES} trades; cost, then group by (team, trade, month); peak after the data: {peak_mib():,.0f} MiB")
    t_ours, mine = best(lambda: ours(entries, workers, rates))
    print(f"projectledger cost_day_work + aggregate_day_work: {t_ours:.3f} s, {len(mine):,} groups, {n / t_ours / 1e6:.1f} M entries/s; peak {peak_mib():,.0f} MiB")
    t_polars, theirs = best(lambda: with_polars(entries, workers, rates, kinds))
    print(f"polars {polars.__version__} joins + as-of join + running sum over worker-days + group_by (integer fen): {t_polars:.3f} s; peak {peak_mib():,.0f} MiB")
    t_pandas, frame = best(lambda: with_pandas(entries, workers, rates, kinds), repeat=1)
    print(f"pandas {pd.__version__} merges + merge_asof + groupby cumsum + groupby (integer fen): {t_pandas:.3f} s; peak {peak_mib():,.0f} MiB")
    assert len(mine) == theirs.height == len(frame)
    rows = mine.to_pylist()
    for row, other, third in zip(rows, theirs.iter_rows(named=True), frame.itertuples()):
        assert (row["team"], row["trade"], row["month"]) == (other["team"], other["trade"], other["month"]) == (third.team, third.trade, third.month)
        assert row["amount"] == Decimal(other["amount_fen"]).scaleb(-2) == Decimal(int(third.amount_fen)).scaleb(-2)
        assert row["regular_hours"] == Decimal(other["regular"]).scaleb(-2) and row["overtime_hours"] == Decimal(int(third.overtime)).scaleb(-2)
        assert row["headcount"] == other["headcount"] == third.headcount and row["entries"] == other["entries"] == third.entries
    print(f"ratio: {t_polars / t_ours:.2f}× polars, {t_pandas / t_ours:.2f}× pandas (higher: projectledger faster); every group agrees to the fen")


if __name__ == "__main__":
    main()
