"""Journal queries straight to Arrow, and the in-memory journal's size: a year of day work.

    python bindings-python/benches/queries.py [entries]

Default: 1,000,000 day-work entries (3,000 workers in 150 teams on one project, one entry a
worker-day through 2025 by china_2025, batches of 200 a foreman's day) recorded through the journal, exported, and read back with
``Journal.from_jsonl``. Prints: the import rate and the resident memory the journal adds per
entry (RSS before and after the import, in a process of its own), and the rows/s of
``day_work_entries().to_arrow()`` and of the other row queries (workers, wage ledger, day-work
warnings, budget view) as pyarrow Tables, with ``.to_pandas()`` and ``polars.from_arrow``
on the entries for comparison.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Callable

import polars

import projectledger as pl
from _timing import best

TEAMS, PER_TEAM = 150, 20
AT = datetime(2025, 1, 1, tzinfo=timezone.utc)


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def journal_of(n: int) -> pl.Journal:
    journal = pl.Journal()
    count = iter(range(10**9))

    def add(actor: str, payload: Any) -> None:
        i = next(count)
        journal.append(pl.Event(f"e{i:08}", AT + timedelta(seconds=i), actor, payload))

    add("pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025()))
    add("pm", pl.CostBreakdownDefined("P1", pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"},{"code":"02","name":"MEP"}]}')))
    add("pm", pl.RoleGranted("P1", "foreman", "foreman"))
    workers = [f"W{t:02}{w:02}" for t in range(TEAMS) for w in range(PER_TEAM)]
    for i, worker in enumerate(workers):
        add("foreman", pl.WorkerRegistered("P1", worker, f"Name {worker}", f"11010519900101{i:04}", "钢筋工" if i % 2 else "木工", f"T{i // PER_TEAM:02}", "华建劳务"))
    add("pm", pl.LabourRateSet("P1", date(2025, 1, 1), "workday", Decimal("400"), trade="钢筋工"))
    add("pm", pl.LabourRateSet("P1", date(2025, 1, 1), "hour", Decimal("45.5"), trade="木工"))
    for first in range(0, n, 200):
        batch = [
            pl.DayWorkEntry(f"E{e:08}", workers[e % len(workers)], "01" if e % 3 else "02", date(2025, 1, 1) + timedelta(days=e // len(workers) % 365), hours=Decimal("9.5") if e % 5 == 0 else Decimal(8))
            for e in range(first, min(first + 200, n))
        ]
        add("foreman", pl.DayWorkRecorded("P1", batch))
    return journal



def import_export(path: str, n: int) -> None:
    """In a process of its own, so no memory freed earlier is reused: the import's rate and the
    resident memory the journal adds (the export text held before and after)."""
    with open(path) as f:
        text = f.read()
    gc.collect()
    before = rss_mib()
    start = time.perf_counter()
    journal = pl.Journal.from_jsonl(text)
    took = time.perf_counter() - start
    gc.collect()
    after = rss_mib()
    assert len(journal.day_work_entries()) == n
    print(f"{n:,} day-work entries: from_jsonl {took:.2f} s ({n / took:,.0f} entries/s); the journal holds {after - before:,.0f} MiB resident ({(after - before) * 2**20 / n:,.0f} bytes an entry)")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--import":
        import_export(sys.argv[2], int(sys.argv[3]))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    text = journal_of(n).to_jsonl()
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "export.jsonl")
        with open(path, "w") as f:
            f.write(text)
        subprocess.run([sys.executable, __file__, "--import", path, str(n)], check=True)
    journal = pl.Journal.from_jsonl(text)
    del text
    t, table = best(lambda: journal.day_work_entries().to_arrow())
    print(f"day_work_entries().to_arrow(): {t:.3f} s, {table.num_rows / t / 1e6:.2f} M rows/s ({table.num_columns} columns)")
    t, _ = best(lambda: table.to_pandas(), repeat=1)
    print(f"  .to_pandas() of it: {t:.3f} s; polars.from_arrow: {best(lambda: polars.from_arrow(table), repeat=1)[0]:.3f} s")
    queries: dict[str, Callable[[], Any]] = {
        "workers": lambda: journal.workers().to_arrow(),
        "wage_ledger": lambda: journal.wage_ledger("P1", date(2026, 1, 31)).to_arrow(),
        "day_work_warnings": lambda: journal.day_work_warnings().to_arrow(),
        "budget_view": lambda: journal.budget_view("P1").to_arrow(),
    }
    for name, query in queries.items():
        t, rows = best(query)
        print(f"{name}().to_arrow(): {rows.num_rows:,} rows in {t * 1000:.1f} ms ({rows.num_rows / t / 1e6:.2f} M rows/s)")


if __name__ == "__main__":
    main()
