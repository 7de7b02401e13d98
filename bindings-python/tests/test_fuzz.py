"""The fuzz corpus through the Python surface (issue 11): cut, spliced and mutated exports and
payloads, arbitrary bytes and text. Every input is taken or refused with a projectledger
error — never a PanicException (a BaseException `except Exception` would not catch)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import projectledger as pl

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden"
EXPORT = (GOLDEN / "sample-portfolio.jsonl").read_bytes()
LINES = (GOLDEN / "daywork.jsonl").read_bytes().split(b"\n")


def mutations(valid: bytes) -> st.SearchStrategy[bytes]:
    n = max(len(valid), 1)

    def apply(how: int, a: int, b: int, byte: int) -> bytes:
        low, high = min(a, b), max(a, b)
        if how == 0:
            return valid[:a] + bytes([byte]) + valid[a + 1 :]
        if how == 1:
            return valid[:low] + valid[high:]
        if how == 2:
            return valid[:high] + valid[low:high] + valid[high:]
        return valid[:low]

    return st.builds(apply, st.integers(0, 3), st.integers(0, n - 1), st.integers(0, n - 1), st.integers(0, 255))


def refused_or_taken(call: object) -> None:
    try:
        call()  # type: ignore[operator]
    except pl.ProjectLedgerError:
        pass


@settings(max_examples=60, deadline=None)
@given(mutations(EXPORT))
def test_journal_import(data: bytes) -> None:
    refused_or_taken(lambda: pl.Journal.from_jsonl(data))


CHANGES = pl.Journal.from_jsonl(EXPORT).changes_since("fuzz").to_jsonl().encode()


@settings(max_examples=60, deadline=None)
@given(mutations(CHANGES))
def test_change_sets_and_export_prefixes(data: bytes) -> None:
    refused_or_taken(lambda: pl.Changes.from_jsonl(data))
    refused_or_taken(lambda: pl.Journal.from_jsonl(data, prefix=True))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048))
def test_journal_import_of_arbitrary_bytes(data: bytes) -> None:
    refused_or_taken(lambda: pl.Journal.from_jsonl(b'{"format":"projectledger-journal","schema_version":1}\n' + data))


@settings(max_examples=60, deadline=None)
@given(mutations(LINES[300]))
def test_payload_from_json(line: bytes) -> None:
    try:
        payload = json.loads(line)["payload"]
    except (ValueError, KeyError, TypeError):
        payload = line.decode("utf-8", "replace")
    text = payload if isinstance(payload, str) else json.dumps(payload)
    refused_or_taken(lambda: pl.payload_from_json(text))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_money_calendars_workflows_breakdowns(text: str) -> None:
    refused_or_taken(lambda: pl.Money.parse(text))
    refused_or_taken(lambda: pl.WorkCalendar.from_json(text))
    refused_or_taken(lambda: pl.Workflow.from_json(text))
    refused_or_taken(lambda: pl.CostBreakdown.from_json(text))
