"""Bulk day-work costing: on random time sheets it agrees with recording the same entries in
a journal, entry by entry; its table feeds aggregate_day_work; bad rows are named."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import projectledger as pl

pa = pytest.importorskip("pyarrow")

AT = datetime(2025, 4, 1, tzinfo=timezone.utc)
WORKERS = {"worker": ["W1", "W2", "W3", "W4"], "trade": ["钢筋工", "钢筋工", "木工", "木工"], "team": ["A", "B", "A", "B"], "employer": ["华建劳务"] * 4}
FIRST = date(2025, 4, 24)  # 劳动节 (1–5 May) and its 调休 Sunday (27 April) fall inside two weeks


def rates(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> dict[str, list[Any]]:
    return {
        "valid_from": [FIRST - timedelta(30), FIRST + timedelta(6), FIRST - timedelta(30), FIRST + timedelta(3)],
        "unit": ["workday", "workday", "hour", "hour"],
        "amount": [a, b, c, d],
        "trade": ["钢筋工", "钢筋工", "木工", None],
        "worker": [None, None, None, "W4"],
    }


def recorded(rate_table: dict[str, list[Any]], policy: dict[str, Decimal], rows: list[tuple[int, int, int]]) -> list[dict[str, Any]]:
    journal = pl.Journal()
    n = iter(range(10_000))

    def add(payload: Any) -> None:
        i = next(n)
        journal.append(pl.Event(f"e{i:04}", AT + timedelta(minutes=i), "pm", payload))

    add(pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025()))
    add(pl.CostBreakdownDefined("P1", pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"}]}')))
    for i, worker in enumerate(WORKERS["worker"]):
        add(pl.WorkerRegistered("P1", worker, f"Name {worker}", f"11010519900101{i:04}", WORKERS["trade"][i], WORKERS["team"][i], "华建劳务"))
    for valid_from, unit, amount, trade, worker in zip(*rate_table.values()):
        add(pl.LabourRateSet("P1", valid_from, unit, amount, trade=trade, worker_id=worker))
    add(pl.OvertimePolicySet("P1", **policy))
    for i, (w, offset, centihours) in enumerate(rows):
        entry = pl.DayWorkEntry(f"E{i}", WORKERS["worker"][w], "01", FIRST + timedelta(offset), hours=Decimal(centihours).scaleb(-2))
        add(pl.DayWorkRecorded("P1", [entry]))
    return list(journal.day_work_entries())


def within_a_day(rows: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The rows a journal accepts: a worker's day holds at most 24 h."""
    day: dict[tuple[int, int], int] = {}
    kept = []
    for w, offset, h in rows:
        day[(w, offset)] = day.get((w, offset), 0) + h
        if day[(w, offset)] <= 2400:
            kept.append((w, offset, h))
    return kept


money = st.integers(1000, 9000).map(lambda v: Decimal(v).scaleb(-2))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 13), st.integers(1, 36).map(lambda q: q * 25)), max_size=40).map(within_a_day),
    st.tuples(money, money, money, money),
    st.tuples(st.integers(10, 30), st.integers(10, 40), st.integers(10, 50)),
)
def test_bulk_costing_agrees_with_the_journal_entry_by_entry(rows: list[tuple[int, int, int]], amounts: tuple[Decimal, ...], multipliers: tuple[int, int, int]) -> None:
    policy = dict(zip(("working_day", "rest_day", "statutory_holiday"), (Decimal(m).scaleb(-1) for m in multipliers)))
    rate_table = rates(*amounts)
    entries = {
        "worker": [WORKERS["worker"][w] for w, _, _ in rows],
        "date": pa.array([FIRST + timedelta(o) for _, o, _ in rows], pa.date32()),
        "hours": pa.array([Decimal(h).scaleb(-2) for _, _, h in rows], pa.decimal128(9, 2)),
        "cost_code": ["01"] * len(rows),
    }
    costed = pl.cost_day_work(entries, WORKERS, rate_table, pl.WorkCalendar.china_2025(), **policy).to_pylist()
    journal = recorded(rate_table, policy, rows)
    assert len(costed) == len(journal) == len(rows)
    for bulk, entry in zip(costed, journal):
        assert (bulk["regular_hours"], bulk["overtime_hours"], bulk["day_kind"], bulk["multiplier"], bulk["amount"]) == (
            entry["regular_hours"], entry["overtime_hours"], entry["day_kind"], entry["multiplier"], entry["amount"]
        )
        assert bulk["cost_code"] == "01" and bulk["worker"] == entry["worker_id"]


def test_the_costed_table_feeds_the_aggregation() -> None:
    entries = {"worker": ["W1", "W3", "W1"], "date": [date(2025, 4, 30), date(2025, 5, 1), date(2025, 4, 30)], "hours": [Decimal(6), Decimal("9.5"), 4]}
    costed = pl.cost_day_work(entries, WORKERS, rates(Decimal(400), Decimal(420), Decimal("45.5"), Decimal(60)), pl.WorkCalendar.china_2025())
    assert costed.column("regular_hours").to_pylist() == [Decimal("6.00"), Decimal("0.00"), Decimal("2.00")]
    assert costed.column("day_kind").to_pylist() == ["working", "statutory_holiday", "working"]
    # W1 on 30 April (420 a 工日 from that day): 6 h = 315.00, then 2 h regular + 2 h ×1.5 =
    # 262.50; W3 on 1 May (statutory): 9.5 h ×3 at 45.50 = 1296.75
    assert costed.column("amount").to_pylist() == [Decimal("315.00"), Decimal("1296.75"), Decimal("262.50")]
    summary = pl.aggregate_day_work(costed, WORKERS, ["trade"]).to_pylist()
    assert [(r["trade"], r["amount"], r["headcount"]) for r in summary] == [("木工", Decimal("1296.75"), 1), ("钢筋工", Decimal("577.50"), 1)]


def test_every_bad_row_is_named() -> None:
    entries = {"worker": ["W1", "W1", "W2"], "date": [date(2025, 4, 30), date(2031, 1, 1), date(2025, 4, 30)], "hours": [Decimal(25), Decimal(8), Decimal(0)]}
    with pytest.raises(pl.errors.InvalidDayWorkError) as raised:
        pl.cost_day_work(entries, WORKERS, rates(Decimal(400), Decimal(420), Decimal("45.5"), Decimal(60)), pl.WorkCalendar.china_2025())
    message = str(raised.value)
    assert "at row 0" in message and "24" in message and "at row 1" in message and "at row 2" in message, message
    with pytest.raises(ValueError, match="'W9'"):
        pl.cost_day_work({**entries, "worker": ["W9"] * 3}, WORKERS, rates(Decimal(1), Decimal(1), Decimal(1), Decimal(1)), pl.WorkCalendar.china_2025())
    with pytest.raises(TypeError, match="float"):
        pl.cost_day_work({**entries, "hours": [1.5] * 3}, WORKERS, rates(Decimal(1), Decimal(1), Decimal(1), Decimal(1)), pl.WorkCalendar.china_2025())
