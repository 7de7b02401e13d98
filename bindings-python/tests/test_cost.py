"""The cost centre from Python: payloads with lines as tuples or dicts, strict amounts,
names checked, rows with Decimal values and their DataFrame/Arrow forms."""

from __future__ import annotations

import importlib.util
import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import projectledger as pl

AT = datetime(2025, 3, 1, tzinfo=timezone.utc)
TREE = pl.CostBreakdown.from_json(
    '{"codes":[{"code":"01","name":"Civil"},{"code":"01.01","name":"Foundations"},{"code":"01.02","name":"Structure"}]}'
)


def journal(*payloads: Any) -> pl.Journal:
    j = pl.Journal()
    j.append(pl.Event("p", AT, "pm", pl.ProjectCreated("P1", "One", "C1", "CNY", pl.WorkCalendar.china_2025())))
    j.append(pl.Event("t", AT, "pm", pl.CostBreakdownDefined("P1", TREE)))
    for i, payload in enumerate(payloads):
        j.append(pl.Event(f"e{i}", AT + timedelta(hours=i + 1), "pm", payload))
    return j


def test_lines_as_tuples_or_dicts_and_rows_with_decimals() -> None:
    j = journal(
        pl.BudgetLinesSet("P1", [("01.01", "labour", Decimal("100.00")), {"code": "01.02", "cost_type": "material", "amount": "50"}]),
        pl.CostRecorded("P1", "C1", "direct", [("01.02", "material", 60)], description="steel"),
    )
    view = j.budget_view("P1")
    assert [row["code"] for row in view] == ["01", "01.01", "01.02", None]
    assert [row["depth"] for row in view] == [0, 1, 1, 0]
    total = view[-1]
    assert total["currency"] == "CNY" and total["original_budget"] == Decimal("150.00")
    assert total["projected_over_under"] == Decimal("-10.00")  # automatic FTC never goes below zero
    assert j.budget_row("P1", "01.02")["forecast_to_complete"] == Decimal("0.00")
    assert j.cost_records("P1")[0]["lines"][0]["amount"] == Decimal("60")
    # Nested rows stay nested in Arrow: a list of structs with exact amounts.
    lines = j.cost_records("P1").to_arrow().schema.field("lines").type
    assert lines.value_type.field("amount").type.id == __import__("pyarrow").decimal128(38, 0).id
    assert j.budget_row("P1", as_of=AT + timedelta(minutes=90))["actual"] == Decimal("0.00")


def test_arguments_are_checked_at_the_boundary() -> None:
    with pytest.raises(pl.AmountTypeError):
        pl.BudgetLinesSet("P1", [("01.01", "labour", 1.5)])  # type: ignore[list-item]
    with pytest.raises(pl.InvalidFieldError) as raised:
        pl.CostDocumentDrafted("P1", "D1", "wish_list", "x", [("01.01", "labour", 1)])
    assert "budget_change" in str(raised.value)
    with pytest.raises(pl.InvalidFieldError):
        pl.ForecastSet("P1", "01.01", "labour", "lump_sum")
    with pytest.raises(TypeError):
        pl.BudgetLinesSet("P1", ["01.01 labour 1"])  # type: ignore[list-item]
    j = journal()
    with pytest.raises(pl.InvalidFieldError):
        j.append(pl.Event("x", AT, "pm", pl.BudgetLinesSet("P1", [("01", "labour", 1), ("01.01", "steel", 1)])))
    assert len(j) == 2


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_rows_to_pandas() -> None:
    frame = journal(pl.BudgetLinesSet("P1", [("01.01", "labour", Decimal("100.00"))])).budget_view("P1").to_pandas()
    assert list(frame["original_budget"]) == [Decimal("100.00"), Decimal("100.00"), Decimal("0.00"), Decimal("100.00")]


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow not installed")
def test_rows_to_arrow() -> None:
    table = journal(pl.BudgetLinesSet("P1", [("01.01", "labour", Decimal("100.00"))])).budget_view("P1").to_arrow()
    assert table.column("original_budget").to_pylist()[-1] == Decimal("100.00")


def test_the_bulk_rollup_from_columns() -> None:
    ledger = pl.CostLedger(TREE, "CNY")
    ledger.rollup(["01.01", "01.02", "01.01"], ["labour", "material", "labour"], ["original_budget", "committed", "original_budget"], [1000, 250, -1])
    assert ledger.node_totals("original_budget") == [999, 999, 0]
    assert ledger.node_totals("committed") == [250, 0, 250]
    assert ledger.row()["forecast_to_complete"] == Decimal("9.99")  # 01.01: 9.99 − 0; 01.02: 0 − 2.50 → 0
    with pytest.raises(pl.InvalidFieldError):
        ledger.rollup(["01"], ["labour"], ["committed"], [1])  # not a leaf
    with pytest.raises(pl.InvalidFieldError):
        ledger.rollup(["01.01"], ["labour"], ["spent"], [1])
    with pytest.raises(pl.InvalidFieldError):
        ledger.rollup(["01.01"], [], [], [])
    assert ledger.node_totals("original_budget") == [999, 999, 0]  # refused rollups changed nothing


def test_payloads_round_trip_through_the_journal_json() -> None:
    payloads = [
        pl.CostDocumentDrafted("P1", "SC1", "subcontract", "Piling", [("01.01", "subcontract", Decimal("900.00"))], vendor="华建"),
        pl.ForecastSet("P1", "01.01", "labour", "manual", items=[("crew", Decimal("3"), Decimal("333.335"))]),
        pl.WorkPackageScheduled("P1", "01.01", date(2025, 4, 1), date(2025, 4, 30), "weighted_milestones", milestones=[("a", 1)]),
        pl.ProgressRecorded("P1", "01.01", "milestone_done", milestone="a"),
    ]
    for payload in payloads:
        assert pl.payload_from_json(json.dumps(payload.to_dict())) == payload
    with pytest.raises(pl.InvalidFieldError):
        pl.payload_from_json('{"type": "baseline_locked"}')


def test_a_breakdown_is_built_from_data_every_problem_named() -> None:
    tree = pl.CostBreakdown([("01", "Civil"), {"code": "01.01", "name": "Piling"}, ("02", "MEP", None), {"code": "02.07", "name": "Lifts", "parent": "01"}])
    assert tree.codes == ["01", "01.01", "02", "02.07"] and tree.children("01") == ["01.01", "02.07"]
    assert tree.cost_types == list(pl.STANDARD_COST_TYPES)
    assert pl.CostBreakdown([("01", "Civil")], cost_types=["labour"]).cost_types == ["labour"]
    assert pl.CostBreakdown.from_json(tree.to_json()).to_json() == tree.to_json()
    with pytest.raises(pl.InvalidCostBreakdownError) as bad:
        pl.CostBreakdown([("01", "Civil"), ("01", "Again"), ("02.01", "Orphan", "02")])
    assert len(bad.value.problems) == 2, bad.value.problems
