"""Each core error variant becomes its own exception class, under ProjectLedgerError and the
built-in class a Python user would catch. Every variant is triggered from Python here."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Callable

import pytest

import projectledger as pl
from projectledger import errors

AT = datetime(2025, 1, 1, tzinfo=timezone.utc)
CAL = pl.WorkCalendar.standard("Mon-Fri")


def journal_with_p1() -> pl.Journal:
    journal = pl.Journal()
    journal.append(pl.Event("e1", AT, "pm", pl.ProjectCreated("P1", "One", "C1", "CNY", CAL)))
    return journal


TRIGGERS: list[tuple[str, type[Exception], type[Exception], Callable[[], Any]]] = [
    ("CurrencyMismatch", errors.CurrencyMismatchError, ValueError, lambda: pl.Money(1, "CNY") + pl.Money(1, "USD")),
    ("Overflow", errors.ArithmeticOverflowError, ArithmeticError, lambda: pl.Money(Decimal("79228162514264337593543950335"), "CNY") + pl.Money(1, "CNY")),
    ("PrecisionLoss", errors.PrecisionLossError, ValueError, lambda: pl.Money(Decimal("1E-40"), "CNY")),
    ("InvalidAmount", errors.InvalidAmountError, ValueError, lambda: pl.Money.parse("CNY lots")),
    ("InvalidCurrency", errors.InvalidCurrencyError, ValueError, lambda: pl.Currency("XX")),
    ("InvalidWeights", errors.InvalidWeightsError, ValueError, lambda: pl.allocate(pl.Money(1, "CNY"), [])),
    ("InsufficientFunds", errors.InsufficientFundsError, ValueError, lambda: pl.consume_funds(
        pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"}]}'), date(2025, 3, 3), "material", "01", pl.Money(100, "CNY"),
        [pl.FundBalance("A", pl.Money(60, "CNY"), date(2025, 1, 1))])),
    ("InvalidId", errors.InvalidIdError, ValueError, lambda: pl.ProjectSettingsChanged("", name="x")),
    ("InvalidField", errors.InvalidFieldError, ValueError, lambda: pl.period(date(2025, 1, 1), "decade")),
    ("InvalidCalendar", errors.InvalidCalendarError, ValueError, lambda: pl.WorkCalendar("x", [], 8)),
    ("DateOutOfRange", errors.DateOutOfRangeError, ValueError, lambda: CAL.add_working_days(date(2025, 1, 1), 10**8)),
    ("DateOutsideCalendar", errors.DateOutsideCalendarError, ValueError, lambda: pl.WorkCalendar.china_2025().classify(date(2027, 1, 1))),
    ("MalformedJournal", errors.MalformedJournalError, ValueError, lambda: pl.Journal.from_jsonl("{}\n")),
    ("BrokenChain", errors.BrokenChainError, ValueError, lambda: pl.Journal.from_jsonl(journal_with_p1().to_jsonl().replace('"One"', '"Two"'))),
    ("ConflictingEvent", errors.ConflictingEventError, ValueError, lambda: journal_with_p1().append(pl.Event("e1", AT, "pm", pl.ProjectSettingsChanged("P1", name="x")))),
    ("ProjectAlreadyExists", errors.ProjectAlreadyExistsError, ValueError, lambda: journal_with_p1().append(pl.Event("e2", AT, "pm", pl.ProjectCreated("P1", "One", "C2", "CNY", CAL)))),
    ("UnknownProject", errors.UnknownProjectError, LookupError, lambda: journal_with_p1().project("P2")),
    ("NotFound", errors.NotFoundError, LookupError, lambda: journal_with_p1().budget_view("P1")),
    ("DuplicateProjectCode", errors.DuplicateProjectCodeError, ValueError, lambda: journal_with_p1().append(pl.Event("e2", AT, "pm", pl.ProjectCreated("P2", "Two", "C1", "CNY", CAL)))),
    ("AmountTypeError", errors.AmountTypeError, TypeError, lambda: pl.Money(0.5, "CNY")),
    ("InvalidWorkflow", errors.InvalidWorkflowError, ValueError, lambda: pl.Workflow.from_json('{"name":"x","initial":"a","phases":[],"transitions":[]}')),
    ("PermissionDenied", errors.PermissionDeniedError, Exception, lambda: journal_with_p1().append(pl.Event("e2", AT, "stranger", pl.PhaseChanged("P1", "design_procurement")))),
    ("SegregationOfDuties", errors.SegregationOfDutiesError, Exception, lambda: self_approval()),
    ("TransitionNotAllowed", errors.TransitionNotAllowedError, Exception, lambda: journal_with_p1().append(pl.Event("e2", AT, "pm", pl.PhaseChanged("P1", "closed")))),
    ("InvalidCostBreakdown", errors.InvalidCostBreakdownError, ValueError, lambda: pl.CostBreakdown.from_json('{"codes":[{"code":"01.01","name":"orphan"}]}')),
    ("BudgetExceeded", errors.BudgetExceededError, ValueError, lambda: stopped_cost()),
    ("SupplierBlocked", errors.SupplierBlockedError, ValueError, lambda: blocked_supplier()),
    ("InvalidDayWork", errors.InvalidDayWorkError, ValueError, lambda: journal_with_p1().append(
        pl.Event("e2", AT, "pm", pl.DayWorkRecorded("P1", [pl.DayWorkEntry("E1", "W9", "01", date(2025, 3, 3), hours=8)])))),
    ("GateFailed", errors.GateFailedError, Exception, lambda: journal_with_p1().append(pl.Event("e2", AT, "pm", pl.PhaseChanged("P1", "design_procurement")))),
    ("InvalidSchedule", errors.InvalidScheduleError, ValueError, lambda: pl.schedule([pl.Activity("A", "a", 1)], [("A", "Z", "fs")], date(2025, 3, 3), CAL)),
    ("ClockAhead", errors.ClockAheadError, ValueError, lambda: journal_with_p1().append(pl.Event("e2", datetime(9999, 1, 1, tzinfo=timezone.utc), "pm", pl.BaselineLocked("P1")))),
    ("StoreFailed", errors.StoreFailedError, OSError, lambda: pl.Journal.open("/proc/no-such-dir/journal.db")),
    ("DependencyCycle", errors.DependencyCycleError, ValueError, lambda: pl.schedule([pl.Activity("A", "a", 1), pl.Activity("B", "b", 1)], [("A", "B", "fs"), ("B", "A", "ss", 1)], date(2025, 3, 3), CAL)),
]


def stopped_cost() -> None:
    journal = journal_with_p1()
    tree = pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"}]}')
    journal.append(pl.Event("e2", AT, "pm", pl.CostBreakdownDefined("P1", tree)))
    journal.append(pl.Event("e3", AT, "pm", pl.BudgetControlSet("P1", actual="stop")))
    journal.append(pl.Event("e4", AT, "pm", pl.CostRecorded("P1", "C1", "direct", [("01", "material", Decimal("0.01"))])))


def blocked_supplier() -> None:
    journal = journal_with_p1()
    journal.append(pl.Event("e2", AT, "pm", pl.RoleGranted("P1", "boss", "approver")))
    journal.append(pl.Event("e3", AT, "pm", pl.CostBreakdownDefined("P1", pl.CostBreakdown([("01", "Civil")]))))
    journal.append(pl.Event("e4", AT, "pm", pl.CostDocumentDrafted("P1", "SC1", "subcontract", "Works", [("01", "subcontract", Decimal("100"))], vendor="Bad Co")))
    journal.append(pl.Event("e5", AT, "pm", pl.SupplierEvaluated("P1", "Bad Co", date(2025, 3, 31), quality=Decimal("20"))))
    journal.append(pl.Event("e6", AT, "pm", pl.SupplierGradingSet("P1", d_supplier_control="stop")))
    journal.append(pl.Event("e7", AT, "pm", pl.CostDocumentDrafted("P1", "SC2", "subcontract", "More works", [("01", "subcontract", Decimal("100"))], vendor="Bad Co")))


def self_approval() -> None:
    journal = journal_with_p1()
    journal.append(pl.Event("e2", AT, "pm", pl.ApprovalRequested("P1", "A1", "project_approval")))
    journal.append(pl.Event("e3", AT, "pm", pl.ApprovalDecided("P1", "A1", True)))


@pytest.mark.parametrize("kind, cls, builtin, trigger", TRIGGERS, ids=[t[0] for t in TRIGGERS])
def test_each_variant_raises_its_class(kind: str, cls: type[Exception], builtin: type[Exception], trigger: Callable[[], Any]) -> None:
    with pytest.raises(cls) as raised:
        trigger()
    error = raised.value
    assert type(error) is cls
    assert isinstance(error, pl.ProjectLedgerError) and isinstance(error, builtin)
    assert error.kind == kind  # type: ignore[attr-defined]
    assert str(error)


def test_every_error_class_is_triggered_and_exported() -> None:
    triggered = {t[1] for t in TRIGGERS}
    classes = [getattr(errors, name) for name in errors.__all__]
    declared = {c for c in classes if issubclass(c, Exception)} - {errors.ProjectLedgerError}
    assert triggered == declared
    for name in errors.__all__:
        assert getattr(pl, name) is getattr(errors, name)


def test_day_work_problems_carry_their_entry_code_and_message() -> None:
    with pytest.raises(errors.InvalidDayWorkError) as raised:
        journal_with_p1().append(pl.Event("e2", AT, "pm", pl.DayWorkRecorded("P1", [pl.DayWorkEntry("E1", "W9", "01", date(2025, 3, 3), hours=8)])))
    problems = raised.value.problems
    assert all(isinstance(p, errors.Problem) for p in problems)
    assert [(p.item, p.field, p.code) for p in problems] == [("E1", "worker_id", "unknown_worker"), ("E1", "cost_code", "no_cost_breakdown")]
    assert raised.value.codes == {"E1": ["unknown_worker", "no_cost_breakdown"]} and raised.value.entry_ids == ["E1", "E1"]
    assert pickle.loads(pickle.dumps(raised.value)).problems == problems


def test_budget_breaches_carry_their_figures() -> None:
    with pytest.raises(errors.BudgetExceededError) as raised:
        stopped_cost()
    breach = raised.value.breaches[0]
    assert isinstance(breach, errors.Breach) and isinstance(breach.amount, Decimal)
    assert breach.amount - breach.budget == breach.over_by > 0 and breach.currency == "CNY"
