"""Payment applications from Python (issue 13): exact Decimals in and out, errors named."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import projectledger as pl


def _terms() -> pl.PaymentTerms:
    price = pl.Money.parse("CNY 2650000")
    advance = pl.AdvancePayment.share_of(price, Decimal("0.12"), main_materials_share=Decimal("0.6"))
    return pl.PaymentTerms(price, Decimal("0.8"), pl.Retention(), advance)


def test_the_fourth_period_of_the_design_vector() -> None:
    terms = _terms()
    assert terms.advance is not None
    assert terms.advance.threshold(terms.contract_price) == pl.Money.parse("CNY 2120000")
    lines = [pl.ScheduleLine.quantity("010101", Decimal("2000000"), 1), pl.ScheduleLine.percent_complete("010102", Decimal("400000"), Decimal("0.5"))]
    figures = pl.payment_application(terms, lines, pl.Money.parse("CNY 1700000"), [("back-charge", Decimal("1000.00"))])
    assert figures.completed_to_date == pl.Money.parse("CNY 2200000.00")
    assert figures.advance_recovered_this_period.amount == Decimal("48000.00")
    assert figures.net_due.amount == Decimal("336000.00")  # 400,000 − 15,000 − 48,000 − 1,000
    as_dict = figures.to_dict()
    assert as_dict["currency"] == "CNY" and as_dict["retention_to_date"] == Decimal("66000.00")
    table = figures.lines.to_pandas()
    assert list(table["item"]) == ["010101", "010102"]
    assert list(table["completed_to_date"]) == [Decimal("2000000.00"), Decimal("200000.00")]


def test_retention_terms_and_release() -> None:
    retention = pl.Retention(rate=Decimal("0.05"), cap=Decimal("0.03"), liability_months=24)
    assert retention.limit(pl.Money.parse("CNY 1000000.01")) == pl.Money.parse("CNY 30000.00")  # rounded down
    assert retention.release_date(date(2025, 2, 28)) == date(2027, 2, 28)
    with pytest.raises(pl.InvalidFieldError, match="cap 0.05"):
        pl.Retention(cap=Decimal("0.05"))
    with pytest.raises(pl.InvalidFieldError, match="36 months"):
        pl.Retention(liability_months=36)


def test_bad_input_is_refused_with_a_clear_error() -> None:
    price = pl.Money.parse("CNY 1000")
    with pytest.raises(TypeError, match="give one"):
        pl.AdvancePayment(price, main_materials_share=Decimal("0.6"), recover_from=Decimal("0.1"))
    with pytest.raises(TypeError, match="float"):
        pl.PaymentTerms(price, 0.8)  # type: ignore[arg-type]
    terms = pl.PaymentTerms(price, Decimal("0.95"))
    with pytest.raises(pl.InvalidFieldError, match="payable share 0.95 is outside 0.6–0.9"):
        pl.payment_application(terms, [])
    ok = pl.PaymentTerms(price, Decimal("0.95"))
    assert pl.payment_application(ok, [], payable_range=(Decimal("0.8"), Decimal("1"))).net_due.amount == 0
    with pytest.raises(pl.InvalidFieldError, match='line "A"'):
        pl.payment_application(ok, [pl.ScheduleLine.percent_complete("A", 100, Decimal("1.5"))], payable_range=(Decimal("0.8"), Decimal("1")))


def test_a_projects_cash_flow_from_its_journal() -> None:
    """10,000 spread over the 10 working days of 23 June – 4 July 2025 (6,000 in June), 2,500
    spent on 25 June; funds of 5,000 on 1 June and 5,000 on 15 July: June is 1,000 short."""
    from datetime import datetime, timezone

    journal = pl.Journal()
    at = lambda d: datetime(2025, 5, d, tzinfo=timezone.utc)  # noqa: E731
    payloads = [
        pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china(2025, 2026)),
        pl.CostBreakdownDefined("P1", pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"}]}')),
        pl.BudgetLinesSet("P1", [("01", "material", Decimal("10000"))]),
        pl.WorkPackageScheduled("P1", "01", date(2025, 6, 23), date(2025, 7, 4), "zero_hundred"),
    ]
    for i, payload in enumerate(payloads):
        journal.append(pl.Event(f"e{i}", at(i + 1), "pm", payload))
    journal.append(pl.Event("e9", datetime(2025, 6, 25, 8, tzinfo=timezone.utc), "pm", pl.CostRecorded("P1", "C1", "direct", [("01", "material", Decimal("2500"))], "rebar")))
    cny = lambda text: pl.Money.parse(f"CNY {text}")  # noqa: E731
    rows, gap = journal.cash_flow("P1", [(date(2025, 6, 1), cny("5000")), (date(2025, 7, 15), cny("5000"))])
    table = rows.to_pandas()
    assert list(table["period"]) == ["2025-06", "2025-07"]
    assert list(table["planned"]) == [Decimal("6000.00"), Decimal("4000.00")]
    assert list(table["actual"]) == [Decimal("2500.00"), Decimal("0.00")]
    assert gap == ("2025-06", cny("1000.00"))
    assert rows.to_arrow().num_rows == 2
    with pytest.raises(pl.CurrencyMismatchError):
        journal.cash_flow("P1", [(date(2025, 6, 1), pl.Money.parse("USD 1"))])
    with pytest.raises(pl.UnknownProjectError):
        journal.cash_flow("P9")
    pooled, pooled_gap = journal.portfolio_cash_flow("CNY", [(date(2025, 6, 1), cny("5000"))])
    assert list(pooled.to_pandas()["planned"]) == [Decimal("6000.00"), Decimal("4000.00")] and pooled_gap == ("2025-06", cny("1000.00"))
    empty, no_gap = journal.portfolio_cash_flow("USD")
    assert len(empty) == 0 and no_gap is None


@settings(max_examples=60, deadline=None)
@given(
    price_cents=st.integers(100_000, 10**12),
    payable=st.integers(600, 900),
    rate=st.integers(0, 100),
    cap=st.integers(0, 30),
    steps=st.lists(st.integers(0, 400), min_size=1, max_size=8),
)
def test_applications_sum_to_the_whole(price_cents: int, payable: int, rate: int, cap: int, steps: list[int]) -> None:
    """Period by period, the applications add up to one application of the whole contract,
    retention stays within its cap and nothing is certified beyond completed − retention."""
    price = pl.Money.from_minor_units(price_cents, "CNY")
    share = lambda per_mille: Decimal(per_mille) / 1000  # noqa: E731
    terms = pl.PaymentTerms(price, share(payable), pl.Retention(rate=share(rate), cap=share(cap)))
    line = lambda cents: [pl.ScheduleLine.quantity("A", Decimal(cents) / 100, 1)]  # noqa: E731
    previous, cumulative, sums = pl.Money.zero("CNY"), 0, {"payable": Decimal(0), "retention": Decimal(0)}
    for i, step in enumerate(steps):
        cumulative = price_cents if i == len(steps) - 1 else min(price_cents, cumulative + price_cents // 1000 * step)
        f = pl.payment_application(terms, line(cumulative), previous)
        assert f.net_due.amount <= f.completed_this_period.amount - f.retention_this_period.amount
        assert f.retention_to_date.amount <= terms.retention.limit(price).amount
        sums["payable"] += f.payable_this_period.amount
        sums["retention"] += f.retention_this_period.amount
        previous = f.completed_to_date
    whole = pl.payment_application(terms, line(price_cents))
    assert sums == {"payable": whole.payable_this_period.amount, "retention": whole.retention_this_period.amount}


def test_day_work_lines_feed_a_payment_application() -> None:
    golden = Path(__file__).resolve().parents[2] / "tests" / "golden" / "daywork.jsonl"
    journal = pl.Journal.from_jsonl(golden.read_text(encoding="utf-8"))
    lines = journal.day_work_lines("GA", date(2099, 12, 31))
    assert lines and all(line.item.startswith("计日工 ") for line in lines)
    by_employer = journal.day_work_lines("GA", date(2099, 12, 31), employer="华建劳务")
    assert len(by_employer) <= len(lines)
    terms = pl.PaymentTerms(pl.Money.parse("CNY 1000000"), Decimal("0.8"))
    figures = pl.payment_application(terms, lines)
    assert figures.completed_to_date.amount == sum(row["completed_to_date"] for row in figures.lines)
    with pytest.raises(pl.UnknownProjectError):
        journal.day_work_lines("NOPE", date(2025, 1, 1))


def test_funds_pay_by_rule_within_what_may_pay() -> None:
    tree = pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"},{"code":"01.01","name":"Piling","parent":"01"},{"code":"02","name":"IT"}]}')
    cny = lambda v: pl.Money(Decimal(v), "CNY")  # noqa: E731
    funds = [
        pl.FundBalance("A", cny(1000), date(2025, 1, 1), cost_types=["material"], codes=["01"]),
        pl.FundBalance("B", cny(5000), date(2025, 2, 1)),
        pl.FundBalance("C", cny(9000), date(2025, 1, 1), expires_on=date(2025, 3, 31)),
    ]
    paid = pl.consume_funds(tree, date(2025, 4, 10), "material", "01.01", cny(1500), funds)
    assert [m.amount for m in paid] == [Decimal("1000.00"), Decimal("500.00"), Decimal("0.00")]
    by_ratio = pl.consume_funds(tree, date(2025, 4, 10), "material", "01.01", cny(1500), funds, "ratio", weights=[1, 1, 1])
    assert [m.amount for m in by_ratio] == [Decimal("750.00"), Decimal("750.00"), Decimal("0.00")]
    with pytest.raises(pl.InsufficientFundsError) as short:
        pl.consume_funds(tree, date(2025, 4, 10), "labour", "02", cny(6000), funds)
    assert (short.value.needed, short.value.covered, short.value.shortfall) == (Decimal(6000), Decimal(5000), Decimal(1000))
    with pytest.raises(pl.InvalidFieldError, match="fund C may not pay"):
        pl.consume_funds(tree, date(2025, 4, 10), "material", "01.01", cny(1500), funds, "manual", amounts=[0, 500, 1000])
    with pytest.raises(TypeError, match="needs weights"):
        pl.consume_funds(tree, date(2025, 4, 10), "material", "01.01", cny(1500), funds, "ratio")


def test_fund_events_from_python_sources_allocations_payments_and_an_application() -> None:
    """A source allocated by order, a cost paid from it (traced to the source), an application
    certified by someone other than its submitter and paid: the positions as tables."""
    from datetime import datetime, timedelta, timezone

    journal = pl.Journal()
    count = iter(range(1, 100))

    def record(actor: str, payload: Any) -> None:
        i = next(count)  # one event an hour from 1 March 2025
        journal.append(pl.Event(f"e{i:02d}", datetime(2025, 3, 1, tzinfo=timezone.utc) + timedelta(hours=i), actor, payload))

    cny = lambda v: pl.Money(Decimal(v), "CNY")  # noqa: E731
    record("pm", pl.ProjectCreated("P1", "Plant", "P-1", "CNY", pl.WorkCalendar.china_2025()))
    record("pm", pl.RoleGranted("P1", "fin", "approver"))
    record("pm", pl.CostBreakdownDefined("P1", pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"},{"code":"02","name":"MEP"}]}')))
    record("pm", pl.BudgetLinesSet("P1", [("01", "subcontract", Decimal("800000")), ("02", "material", Decimal("100000"))]))
    record("pm", pl.FundSourceRegistered("P1", "S1", "拨款", "appropriation", cny("1000000"), date(2025, 1, 1)))
    record("pm", pl.FundsAllocated("P1", "S1", Decimal("850000"), [("P1", "02"), ("P1", "01")], rule="order"))
    with pytest.raises(pl.InsufficientFundsError) as short:
        record("pm", pl.FundsAllocated("P1", "S1", Decimal("200000"), ["P1"], rule="manual", amounts=[Decimal("200000")]))
    assert (short.value.covered, short.value.shortfall) == (Decimal("150000.00"), Decimal("50000.00"))
    record("pm", pl.CostRecorded("P1", "C1", "direct", [("02", "material", Decimal("40000"))], "cable"))
    record("fin", pl.PaymentRecorded("P1", "PAY-1", date(2025, 3, 20), cost_id="C1"))
    record("pm", pl.CostDocumentDrafted("P1", "SC-1", "subcontract", "Civil works", [("01", "subcontract", Decimal("750000"))], vendor="Acme"))
    record("pm", pl.CostDocumentMoved("P1", "SC-1", "pending"))
    record("fin", pl.CostDocumentMoved("P1", "SC-1", "approved"))
    record("pm", pl.PaymentTermsSet("P1", pl.PaymentTerms(cny("750000"), Decimal("0.8")), contract_id="SC-1"))
    record("pm", pl.WageAccountSet("P1", Decimal("0.2"), "SC-1"))
    record("pm", pl.PaymentApplicationDrafted("P1", "A1", date(2025, 3, 31), [pl.ScheduleLine.percent_complete("010101", Decimal("750000"), Decimal("0.4"))], contract_id="SC-1"))
    record("pm", pl.PaymentApplicationMoved("P1", "A1", "submitted"))
    with pytest.raises(pl.SegregationOfDutiesError):
        record("pm", pl.PaymentApplicationMoved("P1", "A1", "certified"))
    record("fin", pl.PaymentApplicationMoved("P1", "A1", "certified"))
    record("fin", pl.PaymentRecorded("P1", "PAY-2", date(2025, 4, 10), application_id="A1"))

    sources = journal.fund_sources().to_pandas()
    # By order: 02 takes its unfunded 100,000, 01 the other 750,000; 150,000 stays unallocated.
    assert sources.loc[0, ["allocated", "consumed", "unallocated", "currency"]].tolist() == [Decimal("850000.00"), Decimal("271000.00"), Decimal("150000.00"), "CNY"]
    allocations = journal.fund_allocations("P1").to_arrow()
    assert allocations.column("code").to_pylist() == ["01", "02"]
    assert allocations.column("remaining").to_pylist() == [Decimal("519000.00"), Decimal("60000.00")]  # 750,000 − 231,000; 100,000 − 40,000
    trace = journal.fund_consumptions("P1")
    assert [(r["payment_id"], r["source_id"], r["code"], r["amount"]) for r in trace] == [("PAY-1", "S1", "02", Decimal("40000.00")), ("PAY-2", "S1", "01", Decimal("231000.00"))]
    (application,) = journal.payment_applications("P1")
    # 40 % of 750,000 = 300,000 done: 80 % payable (240,000) less 3 % retention (9,000) = 231,000.
    assert (application["state"], application["completed_to_date"], application["net_due"]) == ("paid", Decimal("300000.00"), Decimal("231000.00"))
    wage = journal.wage_account("P1", date(2025, 4, 1), date(2025, 4, 30))
    assert (wage["balance"], wage["short"], wage["currency"]) == (Decimal("46200.00"), False, "CNY")  # 20 % of 231,000

    # A 10 % advance agreed later is paid once, from the same allocation; the contract shows it paid.
    advance = pl.AdvancePayment(cny("75000"), recover_from=Decimal("0.2"), recover_to=Decimal("0.8"))
    record("pm", pl.PaymentTermsSet("P1", pl.PaymentTerms(cny("750000"), Decimal("0.8"), None, advance), contract_id="SC-1"))
    record("fin", pl.PaymentRecorded("P1", "PAY-3", date(2025, 4, 12), advance_of="SC-1"))
    with pytest.raises(pl.InvalidFieldError, match="already paid by payment PAY-3"):
        record("fin", pl.PaymentRecorded("P1", "PAY-4", date(2025, 4, 13), advance_of="SC-1"))
    (contract,) = journal.contract_positions("P1")
    assert (contract["contract_id"], contract["paid_to_date"], contract["certified_to_date"]) == ("SC-1", Decimal("306000.00"), Decimal("300000.00"))
    assert journal.fund_allocations("P1")[0]["remaining"] == Decimal("444000.00")  # 519,000 − 75,000

    # Rules over a contract's applications read its own project only: P10 (next to P1 in key
    # order) holds a contract of the same id with a draft open; P1 may still draft, once.
    record("pm", pl.ProjectCreated("P10", "Annex", "P-10", "CNY", pl.WorkCalendar.china_2025()))
    record("pm", pl.CostBreakdownDefined("P10", pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"}]}')))
    record("pm", pl.BudgetLinesSet("P10", [("01", "subcontract", Decimal("500000"))]))
    record("pm", pl.CostDocumentDrafted("P10", "SC-1", "subcontract", "Annex works", [("01", "subcontract", Decimal("500000"))], vendor="Acme"))
    record("pm", pl.PaymentTermsSet("P10", pl.PaymentTerms(cny("500000"), Decimal("0.8")), contract_id="SC-1"))
    record("pm", pl.PaymentApplicationDrafted("P10", "A1", date(2025, 4, 30), [pl.ScheduleLine.percent_complete("010101", Decimal("500000"), Decimal("0.1"))], contract_id="SC-1"))
    second = [pl.ScheduleLine.percent_complete("010101", Decimal("750000"), Decimal("0.6"))]
    record("pm", pl.PaymentApplicationDrafted("P1", "A2", date(2025, 4, 30), second, contract_id="SC-1"))
    with pytest.raises(pl.InvalidFieldError, match="application A2 of commitment SC-1 is still draft"):
        record("pm", pl.PaymentApplicationDrafted("P1", "A3", date(2025, 5, 31), second, contract_id="SC-1"))
    (contract,) = journal.contract_positions("P1")
    assert (contract["open_application"], contract["paid_to_date"]) == ("A2", Decimal("306000.00"))
