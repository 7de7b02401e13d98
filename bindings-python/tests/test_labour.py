"""Day work on the Python surface: the bulk aggregation over columns of every kind (lists,
pandas, polars, pyarrow) agrees with the journal's own summary and with sums by hand; bad
columns are refused with a clear error; id numbers stay masked."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import projectledger as pl

AT = datetime(2025, 1, 2, tzinfo=timezone.utc)
WORKERS = {"worker": ["W1", "W2", "W3"], "team": ["钢筋一班", "木工班", "钢筋一班"], "trade": ["钢筋工", "木工", "钢筋工"], "employer": ["华建劳务"] * 3}


def journal_with_day_work() -> pl.Journal:
    journal = pl.Journal()
    n = iter(range(1000))

    def add(actor: str, payload: Any) -> None:
        journal.append(pl.Event(f"e{next(n):03}", AT + timedelta(minutes=next(n)), actor, payload))

    add("pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025()))
    add("pm", pl.CostBreakdownDefined("P1", pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Civil"},{"code":"02","name":"MEP"}]}')))
    add("pm", pl.RoleGranted("P1", "foreman", "foreman"))
    for i, worker in enumerate(WORKERS["worker"]):
        add("foreman", pl.WorkerRegistered("P1", worker, f"Name {worker}", f"11010519900101{i:04}", WORKERS["trade"][i], WORKERS["team"][i], "华建劳务"))
    add("pm", pl.LabourRateSet("P1", date(2025, 1, 1), "workday", Decimal("400"), trade="钢筋工"))
    add("pm", pl.LabourRateSet("P1", date(2025, 1, 1), "hour", Decimal("45.5"), trade="木工"))
    entries = [
        pl.DayWorkEntry("E1", "W1", "01", date(2025, 1, 26), hours=10),
        pl.DayWorkEntry("E2", "W2", "02", date(2025, 1, 29), hours=Decimal("6.5")),
        pl.DayWorkEntry("E3", "W3", "01", date(2025, 2, 3), workdays=Decimal("1.5")),
        pl.DayWorkEntry("E4", "W2", "01", date(2025, 2, 8), hours=Decimal("9.25")),
    ]
    add("foreman", pl.DayWorkRecorded("P1", entries))
    return journal


def columns_of(journal: pl.Journal) -> dict[str, list[Any]]:
    rows = journal.day_work_entries()
    return {
        "worker": [r["worker_id"] for r in rows],
        "project": [r["project_id"] for r in rows],
        "cost_code": [r["cost_code"] for r in rows],
        "date": [r["date"] for r in rows],
        "regular_hours": [r["regular_hours"] for r in rows],
        "overtime_hours": [r["overtime_hours"] for r in rows],
        "amount": [r["amount"] for r in rows],
    }


def comparable(rows: list[dict[str, Any]], by: list[str]) -> list[tuple[Any, ...]]:
    return [(*(r[d] for d in by), r["entries"], r["headcount"], r["regular_hours"], r["overtime_hours"], r["hours"], r["amount"]) for r in rows]


@pytest.mark.parametrize("by", [["team", "month"], ["trade"], ["worker", "iso_week"], ["cost_code", "day"], ["employer", "project"]])
def test_the_bulk_path_agrees_with_the_journal_summary(by: list[str]) -> None:
    journal = journal_with_day_work()
    bulk = pl.aggregate_day_work(columns_of(journal), WORKERS, by).to_pylist()
    assert comparable(bulk, by) == comparable(journal.day_work_summary(by), by)


def test_every_column_kind_is_read_the_same() -> None:
    pd = pytest.importorskip("pandas")
    polars = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    columns = columns_of(journal_with_day_work())
    want = pl.aggregate_day_work(columns, WORKERS, ["team", "month"])
    amounts = {(r["team"], r["month"]): r["amount"] for r in want.to_pylist()}
    assert amounts[("钢筋一班", "2025-01")] == Decimal("550.00")  # W1 on the 调休 Sunday: 8 h + 2 h ×1.5 at 50
    assert amounts[("木工班", "2025-01")] == Decimal("887.25")  # W2 on 29 Jan (statutory): 6.5 h ×3 at 45.50
    as_pandas = ({k: pd.Series(v) for k, v in columns.items()}, pd.DataFrame(WORKERS))
    as_polars = ({k: polars.Series(k, v) for k, v in columns.items()}, {k: polars.Series(k, v) for k, v in WORKERS.items()})
    as_arrow = ({k: pa.array(v) for k, v in columns.items()}, {k: pa.chunked_array([pa.array(v)]) for k, v in WORKERS.items()})
    categorical = ({**columns, "worker": pd.Categorical(columns["worker"])}, WORKERS)
    for entries, workers in (as_pandas, as_polars, as_arrow, categorical):
        assert pl.aggregate_day_work(entries, workers, ["team", "month"]).equals(want)
    # A sliced Arrow array keeps its offset.
    sliced = {k: pa.array(["X", *v] if k in ("worker", "project", "cost_code") else [v[0], *v])[1:] for k, v in columns.items()}
    assert pl.aggregate_day_work(sliced, WORKERS, ["team", "month"]).equals(want)
    assert isinstance(want.to_pandas(), pd.DataFrame) and want.schema.field("amount").type == pa.decimal128(38, 2)
    assert want.schema.metadata == {b"currency": b"CNY"}


def test_dates_and_states_filter_like_the_journal_summary() -> None:
    journal = journal_with_day_work()
    rows = journal.day_work_entries(states=["recorded", "submitted", "approved", "rejected", "paid"])
    columns = {**columns_of(journal), "state": [r["state"] for r in rows]}
    window = {"start": date(2025, 1, 27), "end": date(2025, 2, 5)}
    bulk = pl.aggregate_day_work(columns, WORKERS, ["team"], states=["recorded"], **window).to_pylist()
    assert comparable(bulk, ["team"]) == comparable(journal.day_work_summary(["team"], states=["recorded"], **window), ["team"])
    assert pl.aggregate_day_work(columns, WORKERS, ["team"], states=["paid"]).num_rows == 0


def test_no_entries_give_an_empty_table() -> None:
    empty = pl.aggregate_day_work({k: [] for k in ("worker", "date", "regular_hours", "overtime_hours", "amount")}, WORKERS, ["team", "month"])
    assert empty.num_rows == 0 and empty.column_names[:2] == ["team", "month"]


def test_bad_columns_are_refused_with_the_column_named() -> None:
    columns = columns_of(journal_with_day_work())
    with pytest.raises(TypeError, match="'amount' is double"):
        pl.aggregate_day_work({**columns, "amount": [1.5] * 4}, WORKERS, ["team"])
    with pytest.raises(pl.errors.InvalidFieldError, match="amount: a value has more than 2 decimal places"):
        pl.aggregate_day_work({**columns, "amount": [Decimal("0.001")] * 4}, WORKERS, ["team"])
    with pytest.raises(pl.InvalidDayWorkError, match='line 1: worker "W9" is not among the workers'):
        pl.aggregate_day_work({**columns, "worker": ["W1", "W9", "W1", "W1"]}, WORKERS, ["team"])
    with pytest.raises(ValueError, match="missing"):
        pl.aggregate_day_work({**columns, "cost_code": ["01", None, "01", "01"]}, WORKERS, ["team", "cost_code"])
    with pytest.raises(ValueError, match="differ in length"):
        pl.aggregate_day_work({**columns, "project": ["P1"]}, WORKERS, ["project"])
    with pytest.raises(TypeError, match="not dates"):
        pl.aggregate_day_work({**columns, "date": ["2025-01-01"] * 4}, WORKERS, ["team"])
    with pytest.raises(pl.errors.InvalidFieldError, match="dimension"):
        pl.aggregate_day_work(columns, WORKERS, ["colour"])


rows_strategy = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["P1", "P2"]), st.sampled_from(["01", "02", "03"]), st.integers(0, 90), st.integers(0, 1200), st.integers(0, 600), st.integers(-5000, 10**7)),
    max_size=60,
)


def columns_of_rows(rows: list[tuple[int, str, str, int, int, int, int]]) -> dict[str, list[Any]]:
    """Costed entry columns from (worker, project, code, day offset, regular, overtime, amount
    in hundredths)."""
    return {
        "worker": [WORKERS["worker"][r[0]] for r in rows],
        "project": [r[1] for r in rows],
        "cost_code": [r[2] for r in rows],
        "date": [date(2025, 1, 1) + timedelta(days=r[3]) for r in rows],
        "regular_hours": [Decimal(r[4]).scaleb(-2) for r in rows],
        "overtime_hours": [Decimal(r[5]).scaleb(-2) for r in rows],
        "amount": [Decimal(r[6]).scaleb(-2) for r in rows],
    }


@settings(max_examples=60, deadline=None)
@given(rows_strategy)
def test_totals_are_the_sums_of_the_entries_and_regrouping_agrees(rows: list[tuple[int, str, str, int, int, int, int]]) -> None:
    columns = columns_of_rows(rows)
    if not rows:
        return
    fine = pl.aggregate_day_work(columns, WORKERS, ["team", "cost_code", "month"]).to_pylist()
    coarse = pl.aggregate_day_work(columns, WORKERS, ["team"]).to_pylist()
    assert [(r["team"], r["cost_code"], r["month"]) for r in fine] == sorted((r["team"], r["cost_code"], r["month"]) for r in fine)
    assert sum(r["amount"] for r in fine) == sum(columns["amount"]) == sum(r["amount"] for r in coarse)
    assert sum(r["entries"] for r in fine) == len(rows)
    regrouped: dict[str, Decimal] = defaultdict(Decimal)
    for r in fine:
        regrouped[r["team"]] += r["hours"]
    assert regrouped == {r["team"]: r["hours"] for r in coarse}
    by_team_workers: dict[str, set[str]] = defaultdict(set)
    for w in columns["worker"]:
        by_team_workers[WORKERS["team"][WORKERS["worker"].index(w)]].add(w)
    assert {r["team"]: r["headcount"] for r in coarse} == {t: len(ws) for t, ws in by_team_workers.items()}


def test_columns_as_engines_hand_them_over() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    columns = columns_of(journal_with_day_work())
    want = pl.aggregate_day_work(columns, WORKERS, ["team", "month"])
    # Spark infers decimal128(38, 18) from Python decimals: 9.23 and more is 10¹⁹ units and up.
    spark = {**columns, "amount": pa.array(columns["amount"], pa.decimal128(38, 18))}
    assert pl.aggregate_day_work(spark, WORKERS, ["team", "month"]).equals(want)
    big = {**columns, "amount": pa.array([Decimal("92233720368.54")] * 4, pa.decimal128(38, 18))}
    assert pl.aggregate_day_work(big, WORKERS, [])["amount"].to_pylist() == [Decimal("368934881474.16")]
    # pandas columns backed by Arrow come back as ChunkedArray; a pyarrow Table is read as it is.
    arrow_backed = pd.DataFrame({k: pd.Series(v, dtype=pd.ArrowDtype(pa.array(v).type)) for k, v in columns.items()})
    assert pl.aggregate_day_work(arrow_backed, WORKERS, ["team", "month"]).equals(want)
    assert pl.aggregate_day_work(pa.table(columns), pa.table(WORKERS), ["team", "month"]).equals(want)
    chunked = pa.chunked_array([pa.array(columns["amount"])])
    assert pl._labour._arrow(chunked, "amount").buffers()[1].address == chunked.chunk(0).buffers()[1].address  # no copy
    # Integer amounts say their unit, or are refused (cents read as yuan would be 100× off).
    cents = [int(a * 100) for a in columns["amount"]]
    with pytest.raises(TypeError, match="amount_scale"):
        pl.aggregate_day_work({**columns, "amount": cents}, WORKERS, ["team", "month"])
    assert pl.aggregate_day_work({**columns, "amount": pa.array(cents, pa.int64())}, WORKERS, ["team", "month"], amount_scale=2).equals(want)
    # No rows: the month column is still text.
    empty = pl.aggregate_day_work({k: v[:0] for k, v in columns.items()}, WORKERS, ["team", "month"])
    assert empty.schema.field("month").type == pa.string() and empty.num_rows == 0


def test_a_wide_table_needs_no_worker_table() -> None:
    pa = pytest.importorskip("pyarrow")
    columns = columns_of(journal_with_day_work())
    of = {w: i for i, w in enumerate(WORKERS["worker"])}
    wide = {**columns, **{a: [WORKERS[a][of[w]] for w in columns["worker"]] for a in ("team", "trade", "employer")}}
    for by in (["team", "trade", "month"], ["employer", "worker"], ["cost_code"]):
        assert pl.aggregate_day_work(wide, None, by).equals(pl.aggregate_day_work(columns, WORKERS, by))
    with pytest.raises(pl.errors.InvalidFieldError, match="'team'.*no worker table"):
        pl.aggregate_day_work(columns, None, ["team"])
    assert pl.aggregate_day_work(pa.table(wide), None, ["trade"]).num_rows == 2


def test_any_name_column_groups_like_a_dimension() -> None:
    pa = pytest.importorskip("pyarrow")
    columns = columns_of(journal_with_day_work())
    of = {w: i for i, w in enumerate(WORKERS["worker"])}
    # A site named like the teams: grouping by it is grouping by team, relabelled.
    sites = {"钢筋一班": "North", "木工班": "South"}
    site_of = [sites[WORKERS["team"][of[w]]] for w in columns["worker"]]
    wide = {**columns, "site": site_of}
    by_site = pl.aggregate_day_work(wide, None, ["site", "month"])
    by_team = pl.aggregate_day_work(columns, WORKERS, ["team", "month"])
    assert by_site.column_names == ["site", "month", "entries", "headcount", "regular_hours", "overtime_hours", "hours", "amount"]
    relabelled = sorted((sites[r.pop("team")], *r.values()) for r in by_team.to_pylist())
    assert sorted(tuple(r.values()) for r in by_site.to_pylist()) == relabelled
    # Of the worker table when one is given; partials and their combination carry it too.
    roster = {**WORKERS, "subcontractor": ["甲", "乙", "甲"]}
    by_sub = pl.aggregate_day_work(columns, roster, ["subcontractor"])
    assert by_sub["subcontractor"].to_pylist() == ["乙", "甲"] and sum(by_sub["headcount"].to_pylist()) == 3
    halves = [pa.table(columns).slice(0, 3), pa.table(columns).slice(3)]
    assert pl.combine_day_work([pl.aggregate_day_work(h, roster, ["subcontractor"], partial=True) for h in halves]).equals(by_sub)
    with pytest.raises(pl.errors.InvalidFieldError, match="'subcontractor'.*not a dimension"):
        pl.aggregate_day_work(columns, WORKERS, ["subcontractor"])
    with pytest.raises(pl.errors.InvalidFieldError, match="'site'.*no worker table"):
        pl.aggregate_day_work(columns, None, ["site"])
    with pytest.raises(pl.errors.InvalidFieldError, match="cannot have a comma"):
        pl.aggregate_day_work({**wide, "a,b": site_of}, None, ["a,b"])


@settings(max_examples=40, deadline=None)
@given(rows_strategy, st.lists(st.integers(0, 3), min_size=60, max_size=60), st.sampled_from([["team"], ["trade", "month"], ["worker"], [], ["project", "cost_code"]]))
def test_partials_combine_exactly_however_the_entries_are_partitioned(rows: list[tuple[int, str, str, int, int, int, int]], partition: list[int], by: list[str]) -> None:
    pa = pytest.importorskip("pyarrow")
    if not rows:
        return
    table = pa.table(columns_of_rows(rows))
    whole = pl.aggregate_day_work(table, WORKERS, by)
    parts = [table.filter(pa.array([partition[i] == p for i in range(len(rows))])) for p in range(4)]
    partials = [pl.aggregate_day_work(part, WORKERS, by, partial=True) for part in parts]
    assert all("headcount" not in p.column_names for p in partials)
    assert pl.combine_day_work(partials).to_pylist() == whole.to_pylist()
    # A stream of record batches is aggregated batch by batch, to the same table.
    stream = pa.RecordBatchReader.from_batches(table.schema, [b for part in parts for b in part.to_batches()])
    assert pl.aggregate_day_work(stream, WORKERS, by).to_pylist() == whole.to_pylist()


def test_finished_tables_are_not_combined() -> None:
    columns = columns_of(journal_with_day_work())
    finished = pl.aggregate_day_work(columns, WORKERS, ["team"])
    with pytest.raises(pl.errors.InvalidFieldError, match="not a partial"):
        pl.combine_day_work([finished, finished])
    other = pl.aggregate_day_work(columns, WORKERS, ["trade"], partial=True)
    with pytest.raises(pl.errors.InvalidFieldError, match="differ"):
        pl.combine_day_work([pl.aggregate_day_work(columns, WORKERS, ["team"], partial=True), other])


def test_id_numbers_are_masked_unless_asked_for() -> None:
    journal = journal_with_day_work()
    payload = pl.WorkerRegistered("P1", "W9", "Name", "110105199001011234", "钢筋工", "A", "E")
    assert "110***********1234" in repr(payload) and "110105199001011234" not in repr(payload)
    assert [w["id_number"] for w in journal.workers()] == ["110***********0000", "110***********0001", "110***********0002"]
    assert journal.workers(reveal_id_numbers=True)[0]["id_number"] == "110105199001010000"
    assert "11010519900101" not in repr(journal.events())


def test_one_entry_worker_or_document_by_id_reads_as_its_row() -> None:
    journal = journal_with_day_work()
    assert journal.day_work_entry("E2") == next(row for row in journal.day_work_entries() if row["entry_id"] == "E2")
    assert journal.day_work_entry("E9") is None
    assert journal.worker("W2") == journal.workers()[1] and journal.worker("W2")["id_number"] == "110***********0001"
    assert journal.worker("W2", reveal_id_numbers=True)["id_number"] == "110105199001010001"
    assert journal.worker("W9") is None
    journal.append(pl.Event("d-1", AT + timedelta(days=1), "pm", pl.CostDocumentDrafted("P1", "PO-1", "purchase_order", "Rebar", [("01", "material", Decimal("900.00"))], vendor="华建")))
    assert journal.cost_document("P1", "PO-1") == journal.cost_documents("P1")[0]
    assert journal.cost_document("P1", "PO-1")["title"] == "Rebar" and journal.cost_document("P1", "PO-2") is None
    with pytest.raises(pl.UnknownProjectError):
        journal.cost_document("P9", "PO-1")


def test_figures_have_one_form_however_they_were_written() -> None:
    journal = journal_with_day_work()
    # E1 was written as 10 h, E3 as 1.5 工日: both read at two places, amounts at the currency's.
    rows = {row["entry_id"]: row for row in journal.day_work_entries()}
    assert [str(rows[e]["hours"]) for e in ("E1", "E3")] == ["10.00", "12.00"]
    assert [str(rows[e]["regular_hours"]) for e in ("E1", "E3")] == ["8.00", "0.00"]  # 3 Feb is in the Spring Festival break
    summary = journal.day_work_summary(["worker"])
    assert [str(r["hours"]) for r in summary] == ["10.00", "15.75", "12.00"], summary
    assert all(r["workdays"].as_tuple().exponent == -4 and r["amount"].as_tuple().exponent == -2 for r in summary)
    assert str(pl.Money(Decimal("12.5"), "CNY")) == "CNY 12.50" and str(pl.Money(0, "JPY")) == "JPY 0"


def test_a_refused_batch_names_every_problem_by_entry() -> None:
    journal = journal_with_day_work()
    before = journal.to_jsonl()
    bad = [
        pl.DayWorkEntry("E1", "W1", "01", date(2025, 3, 3), hours=8),
        pl.DayWorkEntry("E9", "W9", "99", date(2025, 3, 3), hours=8),
        pl.DayWorkEntry("E10", "W1", "01", date(2025, 3, 3), hours=17),
    ]
    with pytest.raises(pl.InvalidDayWorkError) as raised:
        journal.append(pl.Event("x", AT + timedelta(days=60), "foreman", pl.DayWorkRecorded("P1", bad)))
    assert set(raised.value.by_entry) == {"E1", "E9", "E10"}
    assert len(raised.value.by_entry["E9"]) == 2  # unknown worker and unknown code
    assert journal.to_jsonl() == before
    with pytest.raises(pl.errors.InvalidFieldError, match="one of them"):
        pl.DayWorkEntry("E1", "W1", "01", date(2025, 3, 3), hours=8, workdays=1)


def test_record_says_what_appending_did() -> None:
    journal = pl.Journal()
    at = datetime(2025, 3, 3, 9, tzinfo=timezone.utc)
    for n, payload in enumerate([
        pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china(2025, 2026)),
        pl.payload_from_json('{"type":"cost_breakdown_defined","data":{"project_id":"P1","breakdown":{"codes":[{"code":"01","name":"Civil"}]}}}'),
        pl.payload_from_json('{"type":"labour_rate_set","data":{"project_id":"P1","rate":{"scope":{"kind":"trade","name":"木工"},"valid_from":"2025-01-01","unit":"hour","amount":"50"}}}'),
        pl.payload_from_json('{"type":"worker_registered","data":{"project_id":"P1","worker":{"worker_id":"W1","name":"张三","id_number":"110105199001011234","trade":"木工","team":"T","employer":"E"}}}'),
    ]):
        assert journal.record(pl.Event(f"e{n}", at, "pm", payload))["added"]
    long_day = pl.Event("e9", at, "pm", pl.DayWorkRecorded("P1", [pl.DayWorkEntry("E1", "W1", "01", date(2025, 3, 3), hours=Decimal(13))]))
    appended = journal.record(long_day)
    assert (appended["added"], appended["refolded"], len(appended["budget_warnings"])) == (True, False, 0)
    assert [w["entry_id"] for w in appended["day_work_warnings"]] == ["E1"]
    assert journal.record(long_day)["added"] is False


def test_queries_are_arrow_tables_and_dicts_are_made_from_them() -> None:
    pa = pytest.importorskip("pyarrow")
    polars = pytest.importorskip("polars")
    journal = journal_with_day_work()
    rows = journal.day_work_entries()
    table = rows.to_arrow()
    schema = table.schema
    assert schema.field("hours").type == pa.decimal128(38, 2) and schema.field("regular_hours").type == pa.decimal128(38, 2)
    assert schema.field("amount").type == pa.decimal128(38, 2) and schema.field("date").type == pa.date32()
    assert schema.field("recorded_at").type == pa.timestamp("us", tz="UTC") and schema.field("start").type == pa.time64("us")
    assert pa.types.is_dictionary(schema.field("worker_id").type) and schema.field("entry_id").type == pa.string()
    assert len(rows) == table.num_rows == 4
    first = rows[0]
    assert first["amount"] == Decimal("550.00") and first["date"] == date(2025, 1, 26) and first["recorded_at"].utcoffset() == timedelta(0)
    assert rows == list(rows) and [r["entry_id"] for r in rows] == ["E1", "E2", "E3", "E4"]
    assert rows.to_pandas()["amount"].tolist() == [r["amount"] for r in rows]
    assert polars.from_arrow(table)["worker_id"].to_list() == ["W1", "W2", "W3", "W2"]
    # No rows: the same columns and types.
    empty = journal.day_work_entries(states=["paid"]).to_arrow()
    assert empty.num_rows == 0 and empty.schema.field("amount").type == pa.decimal128(38, 2) and empty.column_names == table.column_names
    # Any other query's rows come through the same columns: here warnings and workers.
    workers = journal.workers().to_arrow()
    assert workers.num_rows == 3 and workers.column("worker_id").to_pylist() == ["W1", "W2", "W3"]
