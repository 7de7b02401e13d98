"""The journal on disk from Python (issue 15): a store opened by path keeps every append
across a restart; an export saved as a store comes back byte for byte; a damaged store
raises StoreFailedError naming it."""

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import projectledger as pl


def test_a_store_keeps_what_was_recorded(tmp_path: Path) -> None:
    path = tmp_path / "site.db"
    site = pl.Journal.open(path)
    assert site.is_durable and len(site) == 0
    at = datetime(2025, 3, 3, 8, tzinfo=timezone.utc)
    site.append(pl.Event("e1", at, "pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025())))
    site.append(pl.Event("e2", at + timedelta(minutes=1), "pm", pl.RoleGranted("P1", "foreman-ma", "foreman")))
    head, export, digest = site.head, site.to_jsonl(), site.state_digest
    del site
    # Closing kept a snapshot of the folded state: the next open reads it instead of folding.
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT held FROM snapshot").fetchone() == (2,)
    again = pl.Journal.open(str(path))
    assert (len(again), again.head, again.to_jsonl(), again.state_digest) == (2, head, export, digest)
    # Saved as a new store, an in-memory journal exports the same bytes.
    copy = pl.Journal.from_jsonl(export).save_as(tmp_path / "copy.db")
    assert copy.is_durable
    with pytest.raises(pl.StoreFailedError, match="open in another journal"):
        pl.Journal.open(tmp_path / "copy.db")  # one writer at a time
    del copy
    assert pl.Journal.open(tmp_path / "copy.db").to_jsonl() == export
    assert not pl.Journal.from_jsonl(export).is_durable


def test_a_damaged_store_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database, only bytes that are long enough to look like a header" * 4)
    with pytest.raises(pl.StoreFailedError) as failed:
        pl.Journal.open(junk)
    assert failed.value.path.endswith("junk.db") and isinstance(failed.value, OSError)


def test_two_replicas_that_synced_both_ways_have_one_digest() -> None:
    at = datetime(2025, 3, 3, 8, tzinfo=timezone.utc)
    created = pl.Event("e1", at, "pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025()))
    phone, office = pl.Journal(), pl.Journal()
    for journal in (phone, office):
        journal.append(created)
    phone.append(pl.Event("p1", at + timedelta(minutes=2), "pm", pl.RoleGranted("P1", "foreman-ma", "foreman")))
    office.append(pl.Event("o1", at + timedelta(minutes=1), "pm", pl.RoleGranted("P1", "qs-wu", "project_manager")))
    assert phone.digest != office.digest
    phone.merge(office)
    office.merge(phone)
    assert phone.head != office.head and phone.digest == office.digest and len(phone.digest) == 64


def test_a_phone_and_the_office_sync_through_change_sets(tmp_path: Path) -> None:
    at = datetime(2025, 3, 3, 8, tzinfo=timezone(timedelta(hours=8)))
    phone, office = pl.Journal.open(tmp_path / "phone.db"), pl.Journal()
    phone.append(pl.Event("phone-1", at, "pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025())))
    phone.append(pl.Event("phone-2", at + timedelta(minutes=1), "pm", pl.RoleGranted("P1", "foreman-ma", "foreman")))
    up = phone.changes_since("office")
    assert (len(up), up.cursor, [e.id for e in up.events]) == (2, 2, ["phone-1", "phone-2"])
    carried = up.to_jsonl().encode()  # over the app's own transport
    report = office.apply_changes("phone-7", pl.Changes.from_jsonl(carried))
    assert (report.added, report.already_present) == (2, 0)
    office.append(pl.Event("office-1", at + timedelta(hours=1), "pm", pl.RoleGranted("P1", "clerk-wu", "foreman")))
    down = office.changes_since("phone-7", 0)
    assert [e.id for e in down.events] == ["office-1"]  # the phone's own events are not echoed
    phone.apply_changes("office", down)
    assert phone.digest == office.digest
    del phone
    phone = pl.Journal.open(tmp_path / "phone.db")
    assert len(phone.changes_since("office", up.cursor)) == 0  # office-1 came from the office
    # A set cut on the way is refused, not read short; a cursor never given is refused.
    with pytest.raises(pl.MalformedJournalError, match="2 events, 1 arrived"):
        pl.Changes.from_jsonl(b"".join(carried.splitlines(keepends=True)[:2]))
    with pytest.raises(pl.InvalidFieldError, match="beyond this journal"):
        phone.changes_since("office", 99)
    with pytest.raises(TypeError):
        pl.Changes.from_jsonl(42)  # type: ignore[arg-type]


def test_a_service_builds_a_change_set_from_events_it_keeps_itself() -> None:
    """A service that stores events in its own tables sends them as a change set: the
    receiver applies it as one taken from a journal, and the cursor travels with it."""
    at = datetime(2025, 3, 3, 8, tzinfo=timezone.utc)
    events = [
        pl.Event("svc-1", at, "pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025())),
        pl.Event("svc-2", at + timedelta(minutes=1), "pm", pl.RoleGranted("P1", "foreman-ma", "foreman")),
    ]
    built = pl.Changes(events, cursor=41)
    assert (len(built), built.cursor, repr(built)) == (2, 41, "Changes(events=2, cursor=41)")
    carried = pl.Changes.from_jsonl(built.to_jsonl())
    assert ([e.id for e in carried.events], carried.cursor) == (["svc-1", "svc-2"], 41)
    phone = pl.Journal()
    assert phone.apply_changes("office", carried).added == 2
    assert len(pl.Changes([])) == 0 and pl.Changes([]).cursor == 0
    with pytest.raises(TypeError):
        pl.Changes(["svc-1"])  # type: ignore[list-item]
    with pytest.raises(OverflowError):
        pl.Changes(events, cursor=-1)


def test_an_event_stamped_far_ahead_is_refused_and_now_stamps_after_everything_held() -> None:
    journal = pl.Journal()
    assert journal.max_clock_ahead == timedelta(minutes=10)
    now = journal.now()
    assert now.tzinfo is not None
    journal.append(pl.Event("e1", now, "pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china(2025, 2026))))
    head = journal.head
    far = datetime(9999, 12, 31, tzinfo=timezone.utc)
    with pytest.raises(pl.ClockAheadError) as refused:
        journal.append(pl.Event("e2", far, "pm", pl.RoleGranted("P1", "foreman-ma", "foreman")))
    assert (refused.value.event_id, refused.value.recorded_at, refused.value.max_ahead) == ("e2", far, timedelta(minutes=10))
    assert refused.value.clock <= datetime.now(timezone.utc) and "check the clock" in str(refused.value)
    assert (len(journal), journal.head) == (1, head)
    # A device five minutes ahead is accepted; the next event stamped by now() still folds after it.
    ahead = datetime.now(timezone.utc) + timedelta(minutes=5)
    journal.append(pl.Event("phone-1", ahead, "pm", pl.RoleGranted("P1", "foreman-ma", "foreman")))
    stamped = journal.now()
    assert stamped > ahead
    assert journal.record(pl.Event("office-1", stamped, "pm", pl.RoleGranted("P1", "qs-wu", "foreman")))["refolded"] is False
    journal.max_clock_ahead = timedelta(0)
    with pytest.raises(pl.ClockAheadError):
        journal.append(pl.Event("e9", journal.now() + timedelta(seconds=1), "pm", pl.RoleGranted("P1", "x", "foreman")))


def test_an_export_cut_short_is_refused_unless_a_prefix_is_asked_for() -> None:
    journal = pl.Journal()
    at = datetime(2025, 3, 3, 8, tzinfo=timezone.utc)
    journal.append(pl.Event("e1", at, "pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025())))
    for n in range(2, 6):
        journal.append(pl.Event(f"e{n}", at + timedelta(minutes=n), "pm", pl.RoleGranted("P1", f"m{n}", "foreman")))
    lines = journal.to_jsonl().splitlines(keepends=True)
    assert lines[-1] == '{"events":5,"head":"%s"}\n' % journal.head
    cut = "".join(lines[:4])  # the header and three events
    with pytest.raises(pl.MalformedJournalError, match="cut after 3 events") as refused:
        pl.Journal.from_jsonl(cut)
    assert refused.value.line == 5
    assert len(pl.Journal.from_jsonl(cut, prefix=True)) == 3
    assert len(pl.Journal.from_jsonl(journal.to_jsonl(), prefix=True)) == 5
