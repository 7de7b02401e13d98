"""Inputs that used to crash or answer wrongly on the Python surface (issue 11): each is now
a specific projectledger error, with the journal unchanged, or the right answer."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

import projectledger as pl

CALENDAR = pl.WorkCalendar.standard("Mon-Fri")


def test_adding_i64_min_working_days_is_out_of_range() -> None:
    with pytest.raises(pl.DateOutOfRangeError):
        CALENDAR.add_working_days(date(2025, 1, 1), -(2**63))


def test_a_billion_parts_is_refused() -> None:
    with pytest.raises(pl.InvalidWeightsError):
        pl.split_evenly(pl.Money(Decimal("10.00"), "CNY"), 10**9)


def test_a_header_and_twenty_million_newlines_is_malformed() -> None:
    data = b'{"format":"projectledger-journal","schema_version":1}\n' + b"\n" * 20_000_000
    with pytest.raises(pl.MalformedJournalError):
        pl.Journal.from_jsonl(data)


@pytest.mark.parametrize(
    "at",
    [
        datetime(2025, 3, 3, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
        pd.Timestamp("2025-03-03 09:30", tz="Asia/Shanghai"),
        datetime(2025, 3, 3, 9, 30, tzinfo=timezone(timedelta(hours=8))),
    ],
    ids=["zoneinfo", "pandas", "fixed-offset"],
)
def test_aware_datetimes_in_any_zone_are_taken_in_utc(at: datetime) -> None:
    event = pl.Event("e1", at, "pm", pl.ProjectCreated("P", "P", "P", "CNY", CALENDAR))
    assert event.recorded_at == datetime(2025, 3, 3, 1, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "at",
    [datetime(1, 1, 1, 3, 0, tzinfo=timezone(timedelta(hours=8))), datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))],
    ids=["year-0-in-utc", "year-10000-in-utc"],
)
def test_instants_a_journal_cannot_hold_are_refused_when_the_event_is_built(at: datetime) -> None:
    with pytest.raises(pl.DateOutOfRangeError):
        pl.Event("e1", at, "pm", pl.ProjectCreated("P", "P", "P", "CNY", CALENDAR))


def test_one_id_number_is_one_worker_across_projects() -> None:
    journal = pl.Journal()
    at = datetime(2025, 3, 3, tzinfo=timezone.utc)
    for i, project in enumerate(["A", "B"]):
        journal.append(pl.Event(f"p{i}", at, "pm", pl.ProjectCreated(project, project, project, "CNY", CALENDAR)))
    journal.append(pl.Event("w1", at, "pm", pl.WorkerRegistered("A", "W1", "张三", "110105199001011234", "钢筋工", "T", "E")))
    head = journal.head
    with pytest.raises(pl.InvalidFieldError, match="already registered as worker W1"):
        journal.append(pl.Event("w3", at, "pm", pl.WorkerRegistered("B", "W3", "张三", "110105199001011234", "钢筋工", "T", "E")))
    assert journal.head == head and len(journal) == 3


def test_eight_writers_and_eight_readers_share_one_journal() -> None:
    import threading

    journal = pl.Journal()
    at = datetime(2025, 3, 3, tzinfo=timezone.utc)
    journal.append(pl.Event("p", at, "pm", pl.ProjectCreated("P", "P", "P", "CNY", CALENDAR)))
    errors: list[BaseException] = []
    added: list[bool] = []
    stop = threading.Event()

    def write(w: int) -> None:
        try:
            for i in range(60):
                event = pl.Event(f"w{w}-{i}", at + timedelta(seconds=w * 100 + i + 1), f"pm", pl.ProjectSettingsChanged("P", name=f"P {w}.{i}"))
                added.append(journal.append(event))
        except BaseException as error:  # noqa: BLE001 — every failure is a test failure
            errors.append(error)

    def read() -> None:
        try:
            while not stop.is_set():
                journal.history_rows("P")
                journal.projects()
                len(journal)
                journal.merge(journal)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    writers = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    readers = [threading.Thread(target=read) for _ in range(8)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == []
    assert added.count(True) == 480 and len(journal) == 481
    journal.verify()
    assert pl.Journal.from_jsonl(journal.to_jsonl()).head == journal.head


def test_personal_data_stays_masked_outside_the_journal() -> None:
    journal = pl.Journal()
    at = datetime(2025, 3, 3, tzinfo=timezone.utc)
    journal.append(pl.Event("p", at, "pm", pl.ProjectCreated("P", "P", "P", "CNY", CALENDAR)))
    payload = pl.WorkerRegistered("P", "W1", "张三", "AB123456", "钢筋工", "T", "E")
    journal.append(pl.Event("w", at, "pm", payload))
    assert payload.to_dict()["data"]["worker"]["id_number"] == "A*****56"
    assert "AB123456" not in repr(payload)
    redacted = journal.to_redacted_jsonl()
    assert "AB123456" not in redacted and "A*****56" in redacted
    assert redacted.splitlines()[0] == '{"format":"projectledger-redacted-events","schema_version":1}'
    with pytest.raises(pl.MalformedJournalError):
        pl.Journal.from_jsonl(redacted)
    assert "AB123456" in journal.to_jsonl()  # the journal itself keeps the record it is hashed over


def test_ids_refuse_invisible_characters_and_errors_quote_little() -> None:
    for bad in ["\u200b", "a\u2028b", "x" * 129]:
        with pytest.raises(pl.InvalidIdError):
            pl.ProjectCreated(bad, "P", "P", "CNY", CALENDAR)
    with pytest.raises(pl.InvalidIdError) as raised:
        pl.Event("e" * 50_000_000, datetime(2025, 3, 3, tzinfo=timezone.utc), "pm", pl.ProjectSettingsChanged("P", name="x"))
    assert len(str(raised.value)) < 1_000


def test_one_error_class_for_each_problem() -> None:
    with pytest.raises(pl.InvalidAmountError):
        pl.Money(Decimal("1e100"), "CNY")
    with pytest.raises(pl.InvalidAmountError):
        pl.Money(10**100, "CNY")
    with pytest.raises(TypeError):
        pl.Money.from_minor_units(True, "CNY")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pl.Currency("XTS", True)  # type: ignore[arg-type]
    with pytest.raises(pl.InvalidWeightsError):
        pl.split_evenly(pl.Money(1, "CNY"), -1)
    with pytest.raises(pl.DateOutOfRangeError):
        CALENDAR.add_working_days(date(9999, 12, 30), 5)
    with pytest.raises(pl.DateOutOfRangeError):
        pl.period(date(9999, 12, 31), "iso_week").end
    assert str(-pl.Money(0, "CNY")) == "CNY 0.00"
    assert str(-pl.Money(Decimal("0.00"), "CNY")) == "CNY 0.00"


def test_a_dimension_named_twice_is_refused() -> None:
    with pytest.raises(pl.InvalidFieldError, match="named twice"):
        pl.aggregate_day_work(
            {"worker": ["W1"], "date": [date(2025, 1, 6)], "regular_hours": [Decimal(8)], "overtime_hours": [Decimal(0)], "amount": [Decimal("400.00")]},
            {"worker": ["W1"], "team": ["T"], "trade": ["钢筋工"], "employer": ["E"]},
            ["team", "team"],
            "CNY",
        )


def _entries(**columns: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "worker": ["W1", "W1"],
        "date": [date(2025, 1, 6), date(2025, 1, 7)],
        "regular_hours": [Decimal(8)] * 2,
        "overtime_hours": [Decimal(0)] * 2,
        "amount": [Decimal("400.00")] * 2,
    }
    base.update(columns)
    return base


WORKER = {"worker": ["W1"], "team": ["T"], "trade": ["钢筋工"], "employer": ["E"]}


def test_bulk_columns_that_cannot_be_aggregated_get_projectledger_errors() -> None:
    import pyarrow as pa

    with pytest.raises(pl.DateOutOfRangeError):
        pl.aggregate_day_work(_entries(date=pa.array([-(2**31), 2**31 - 1], pa.date32())), WORKER, ["team"])
    with pytest.raises(pl.InvalidFieldError, match="no column 'amount'"):
        pl.aggregate_day_work({k: v for k, v in _entries().items() if k != "amount"}, WORKER, ["team"])
    with pytest.raises(pl.InvalidFieldError, match="differ in length"):
        pl.aggregate_day_work(_entries(amount=[Decimal(1)]), WORKER, ["team"])
    with pytest.raises(pl.InvalidFieldError, match="no column 'team'"):
        pl.aggregate_day_work(_entries(), {"worker": ["W1"]}, ["team"])
    # A line of a worker not in the table: refused as the core refuses it (Kotlin's rows too),
    # every such line named.
    with pytest.raises(pl.InvalidDayWorkError) as refused:
        pl.aggregate_day_work(_entries(worker=["W9", 'W"8']), WORKER, ["team"])
    assert refused.value.problems == [
        ("line 0", "worker_id", "unknown_worker", 'worker "W9" is not among the workers'),
        ("line 1", "worker_id", "unknown_worker", 'worker "W\\"8" is not among the workers'),
    ]
    assert str(refused.value) == 'day work refused: entry line 0: worker "W9" is not among the workers; entry line 1: worker "W\\"8" is not among the workers'
    thousands = pa.array([Decimal("1000"), Decimal("2000")], pa.decimal128(10, -3))
    table = pl.aggregate_day_work(_entries(amount=thousands), WORKER, ["team"])
    assert table.to_pylist()[0]["amount"] == Decimal("3000.00")


def test_counts_beyond_64_bits_or_memory_are_projectledger_errors() -> None:
    with pytest.raises(pl.DateOutOfRangeError):
        CALENDAR.add_working_days(date(2025, 1, 1), 2**70)
    with pytest.raises(pl.InvalidWeightsError):
        pl.spread(pl.Money(Decimal("10.00"), "CNY"), 10**9)
    with pytest.raises(pl.InvalidWeightsError):
        pl.spread(pl.Money(Decimal("10.00"), "CNY"), -1)
    with pytest.raises(TypeError):
        pl.spread(pl.Money(Decimal("10.00"), "CNY"), True)  # type: ignore[arg-type]


def _site(calendar: pl.WorkCalendar) -> pl.Journal:
    journal = pl.Journal()
    at = datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    journal.append(pl.Event("s1", at, "pm", pl.ProjectCreated("P", "Depot", "D", "CNY", calendar)))
    for n, payload in enumerate([
        '{"type":"cost_breakdown_defined","data":{"project_id":"P","breakdown":{"codes":[{"code":"01","name":"Civil"}]}}}',
        '{"type":"labour_rate_set","data":{"project_id":"P","rate":{"scope":{"kind":"trade","name":"木工"},"valid_from":"2024-01-01","unit":"hour","amount":"50"}}}',
        '{"type":"worker_registered","data":{"project_id":"P","worker":{"worker_id":"W1","name":"张三","id_number":"110105199001011234","trade":"木工","team":"T","employer":"E"}}}',
    ], start=2):
        journal.append(pl.Event(f"s{n}", at + timedelta(minutes=n), "pm", pl.payload_from_json(payload)))
    return journal


def test_day_work_outside_the_calendars_years_is_refused_whole() -> None:
    journal = _site(pl.WorkCalendar.china_2025())
    before = journal.to_jsonl()
    at = datetime(2026, 1, 2, tzinfo=timezone.utc)
    batch = pl.DayWorkRecorded("P", [pl.DayWorkEntry("E1", "W1", "01", date(2025, 12, 31), hours=Decimal(8)), pl.DayWorkEntry("E2", "W1", "01", date(2026, 1, 1), hours=Decimal(8))])
    with pytest.raises(pl.InvalidDayWorkError) as raised:
        journal.append(pl.Event("late", at, "pm", batch))
    assert list(raised.value.by_entry) == ["E2"] and "outside the years" in raised.value.by_entry["E2"][0]
    assert journal.to_jsonl() == before
    spanning = _site(pl.WorkCalendar.china(2025, 2026))
    spanning.append(pl.Event("ok", at, "pm", batch))
    amounts = {row["entry_id"]: row["amount"] for row in spanning.day_work_entries()}
    assert amounts == {"E1": Decimal("400.00"), "E2": Decimal("1200.00")}  # 元旦 2026: 8 h × 3


def test_a_json_number_in_a_decimal_field_is_refused_naming_the_field() -> None:
    number = '{"type":"budget_lines_set","data":{"project_id":"P","lines":[{"code":"01","cost_type":"labour","amount":12345678901234567.89}]}}'
    with pytest.raises(pl.InvalidFieldError) as raised:
        pl.payload_from_json(number)
    assert raised.value.field == "payload data.lines[0].amount" and "string" in raised.value.reason
    hours = '{"type":"day_work_recorded","data":{"project_id":"P","entries":[{"entry_id":"E1","worker_id":"W1","cost_code":"01","date":"2025-03-03","quantity":{"unit":"hours","value":7.1}}]}}'
    with pytest.raises(pl.InvalidFieldError):
        pl.payload_from_json(hours)
    assert pl.payload_from_json(hours.replace("7.1", '"7.1"')) is not None
