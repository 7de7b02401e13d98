"""The risk register from Python: payloads, the register as an Arrow table, the heat map, the
exposure against the contingency reserve, and refusals that leave the journal as it was."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pytest

import projectledger as pl

AT = datetime(2025, 6, 2, 1, tzinfo=timezone(timedelta(hours=8)))


def journal_with_risks() -> pl.Journal:
    journal = pl.Journal()
    n = iter(range(1000))

    def add(actor: str, payload: Any) -> None:
        i = next(n)
        journal.append(pl.Event(f"g{i:03}", AT + timedelta(hours=i), actor, payload))

    add("pm", pl.ProjectCreated("P1", "Server room", "SR-1", "CNY", pl.WorkCalendar.china_2025()))
    add("pm", pl.RoleGranted("P1", "zhao", "foreman"))
    add("pm", pl.CostBreakdownDefined("P1", pl.CostBreakdown([("01", "Civil"), ("09", "Contingency")])))
    add("pm", pl.BudgetLinesSet("P1", [("01", "subcontract", Decimal("400000")), ("09", "other", Decimal("60000"))]))
    add("pm", pl.ContingencyReserveSet("P1", "09"))
    add("zhao", pl.RiskIdentified("P1", "R1", "Soft ground", "technical", cause="silt at 12 m", cost_codes=["01"]))
    add("pm", pl.RiskIdentified("P1", "R2", "UPS late", "supplier", owner="pm"))
    add("pm", pl.RiskAssessed("P1", "R1", 4, 4, 3, 2, cost_exposure=Decimal("100000"), next_review=date(2025, 6, 30)))
    add("pm", pl.RiskAssessed("P1", "R2", 2, 1, 4, 1, probability_percent=Decimal("12.5"), cost_exposure=Decimal("40000.00")))
    add("pm", pl.RiskResponsePlanned("P1", "R1", "mitigate", [("A1", "Extra boreholes", "zhao", date(2025, 6, 20)), {"action_id": "A2", "description": "Longer piles", "owner": "pm", "due": date(2025, 7, 1)}]))
    add("zhao", pl.RiskActionDone("P1", "R1", "A1", date(2025, 6, 19)))
    add("zhao", pl.RiskObserved("P1", "R2", "Vendor confirmed", next_review=date(2025, 8, 1)))
    return journal


def test_the_register_is_a_table_with_exact_figures() -> None:
    journal = journal_with_risks()
    register = journal.risk_register("P1", as_of=date(2025, 7, 2))
    table = register.to_arrow()
    assert table.num_rows == 2 and pa.types.is_decimal(table.schema.field("emv").type)
    r1, r2 = register
    # R1: 4 × 4 = 16, extreme; 70 % of 100,000. R2: 2 × 4 = 8, medium; 12.5 % of 40,000.
    assert (r1["score"], r1["level"], r1["emv"], r1["strategy"], r1["open_actions"], r1["overdue_actions"]) == (16, "extreme", Decimal("70000.00"), "mitigate", 1, 1)
    assert r1["review_overdue"] and r1["owner"] == "zhao" and r1["cost_codes"] == ["01"]
    assert (r2["score"], r2["level"], str(r2["emv"]), r2["review_overdue"]) == (8, "medium", "5000.00", False)
    assert journal.risk_register(as_of=date(2025, 7, 2)) == register  # every project (one here)


def test_the_heat_map_and_the_exposure() -> None:
    journal = journal_with_risks()
    cells = journal.risk_heat_map("P1")
    assert len(cells) == 25 and cells[0]["probability"] == 5 and cells[0]["impact"] == 1
    assert {(c["probability"], c["impact"]): c["risk_ids"] for c in cells if c["risk_ids"]} == {(4, 4): ["R1"], (2, 4): ["R2"]}
    text = journal.risk_heat_map_text("P1")
    assert text.splitlines()[2].split()[4] == "1E", text  # probability 4, impact 4
    exposure = journal.risk_exposure("P1")
    assert (exposure["emv_total"], exposure["contingency"], exposure["shortfall"]) == (Decimal("75000.00"), Decimal("60000.00"), Decimal("15000.00"))


def test_bad_input_is_refused_and_changes_nothing() -> None:
    journal = journal_with_risks()
    before = journal.to_jsonl()
    with pytest.raises(pl.InvalidFieldError, match="1–5"):
        pl.RiskAssessed("P1", "R1", 6, 1, 1, 1)
    with pytest.raises(pl.AmountTypeError):
        pl.RiskAssessed("P1", "R1", 3, 1, 1, 1, cost_exposure=1.5)  # type: ignore[arg-type]
    with pytest.raises(pl.InvalidFieldError):
        pl.RiskIdentified("P1", "R9", "x", "weather")  # type: ignore[arg-type]
    refusals: list[tuple[str, Any, type[Exception]]] = [
        ("zhao", pl.RiskAssessed("P1", "R1", 1, 1, 1, 1), pl.PermissionDeniedError),
        ("pm", pl.RiskAssessed("P1", "R1", 3, 1, 1, 1, probability_percent=Decimal("101")), pl.InvalidFieldError),
        ("pm", pl.RiskIdentified("P1", "R1", "again", "cost"), pl.InvalidFieldError),
        ("pm", pl.RiskActionDone("P1", "R1", "A1", date(2025, 6, 21)), pl.InvalidFieldError),
        ("pm", pl.RiskResponsePlanned("P1", "R9", "accept"), pl.NotFoundError),
    ]
    for i, (actor, payload, error) in enumerate(refusals):
        with pytest.raises(error):
            journal.append(pl.Event(f"x{i}", AT + timedelta(days=30, hours=i), actor, payload))
        assert journal.to_jsonl() == before
