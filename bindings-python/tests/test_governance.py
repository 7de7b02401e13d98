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


def test_suppliers_are_graded_from_scores_and_the_ledger() -> None:
    journal = journal_with_risks()
    n = iter(range(100, 1000))

    def add(actor: str, payload: Any) -> None:
        journal.append(pl.Event(f"s{next(n)}", AT + timedelta(days=10, hours=next(n)), actor, payload))

    add("pm", pl.RoleGranted("P1", "boss", "approver"))
    add("pm", pl.CostDocumentDrafted("P1", "PO-1", "purchase_order", "UPS", [("01", "subcontract", Decimal("100000.00"))], vendor="Huadian"))
    add("pm", pl.CostDocumentMoved("P1", "PO-1", "pending"))
    add("boss", pl.CostDocumentMoved("P1", "PO-1", "approved"))
    add("zhao", pl.SupplierDeliveryRecorded("P1", "D1", "PO-1", date(2025, 6, 10), date(2025, 6, 12)))
    add("zhao", pl.SupplierDeliveryRecorded("P1", "D2", "PO-1", date(2025, 6, 20), date(2025, 6, 19)))
    add("pm", pl.SupplierEvaluated("P1", "Huadian", date(2025, 6, 30), quality=Decimal("70"), service=80, safety="90"))
    grade = journal.supplier_grades("P1")[0]
    # delivery 1 of 2 on time → 50; cost 100 (no change orders): (2100 + 1250 + 2000 + 1200 + 900) / 100.
    assert (grade["delivery"], grade["cost"], grade["score"], grade["grade"]) == (Decimal("50.00"), Decimal("100.00"), Decimal("74.50"), "C")
    # Stricter thresholds grade the next evaluation (a grade stays as it was given): July has
    # no deliveries, so delivery's weight drops out: (2100 + 2000 + 1200 + 900) / 75 = 82.67.
    add("pm", pl.SupplierGradingSet("P1", d_supplier_control="stop", thresholds=[Decimal(95), Decimal(90), Decimal(85)]))
    add("pm", pl.SupplierEvaluated("P1", "Huadian", date(2025, 7, 31), quality=Decimal("70"), service=80, safety="90"))
    table = journal.supplier_evaluations().to_arrow()
    assert pa.types.is_decimal(table.schema.field("score").type) and table.num_rows == 2
    assert [(r["score"], r["grade"], r["change"]) for r in journal.supplier_evaluations("P1")] == [(Decimal("74.50"), "C", None), (Decimal("82.67"), "D", Decimal("8.17"))]
    before = journal.to_jsonl()
    with pytest.raises(pl.SupplierBlockedError) as blocked:
        add("pm", pl.CostDocumentDrafted("P1", "PO-2", "purchase_order", "More", [("01", "subcontract", Decimal("1"))], vendor="Huadian"))
    assert blocked.value.supplier == "Huadian" and blocked.value.graded_on == date(2025, 7, 31)
    assert journal.to_jsonl() == before
    with pytest.raises(pl.InvalidFieldError, match="not a criterion"):
        pl.SupplierGradingSet("P1", weights={"price": Decimal(1)})  # type: ignore[dict-item]
