from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

import pytest

import projectledger as pl
from projectledger import errors

T0 = datetime(2025, 3, 1, 8, tzinfo=timezone.utc)
CAL = pl.WorkCalendar.china_2025()


def created(eid: str, project: str, code: str, minutes: int = 0, name: str = "Site") -> pl.Event:
    return pl.Event(eid, T0 + timedelta(minutes=minutes), "pm-li", pl.ProjectCreated(project, name, code, "CNY", CAL))


def renamed(eid: str, project: str, name: str, minutes: int) -> pl.Event:
    return pl.Event(eid, T0 + timedelta(minutes=minutes), "pm-li", pl.ProjectSettingsChanged(project, name=name))


def snapshot(journal: pl.Journal) -> tuple[str, list[tuple[str, str, str]]]:
    return journal.to_jsonl(), [(p.id, p.name, p.code) for p in journal.projects()]


def test_fold_append_and_idempotence() -> None:
    journal = pl.Journal()
    assert journal.append(created("e1", "P1", "A"))
    assert journal.append(renamed("e2", "P1", "North", 5))
    assert not journal.append(renamed("e2", "P1", "North", 5))
    assert len(journal) == 2 and "e2" in journal and "nope" not in journal
    project = journal.project("P1")
    assert (project.name, project.code, project.currency, project.created_by) == ("North", "A", pl.Currency("CNY"), "pm-li")
    assert project.created_at == T0 and project.updated_at == T0 + timedelta(minutes=5)
    assert project.calendar == CAL
    assert [e.id for e in journal.events()] == ["e1", "e2"]
    assert isinstance(journal.events()[1].payload, pl.ProjectSettingsChanged)
    assert journal.events()[0].payload.currency == pl.Currency("CNY")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "bad, error",
    [
        (lambda: renamed("e1", "P1", "Other", 0), errors.ConflictingEventError),
        (lambda: created("e9", "P1", "B"), errors.ProjectAlreadyExistsError),
        (lambda: created("e9", "P2", "A"), errors.DuplicateProjectCodeError),
        (lambda: renamed("e9", "P7", "x", 9), errors.UnknownProjectError),
        (lambda: renamed("e9", "P1", "", 9), errors.InvalidFieldError),
        (lambda: renamed("e9", "P1", "Before it existed", -5), errors.UnknownProjectError),
    ],
)
def test_a_refused_event_changes_nothing(bad, error) -> None:  # type: ignore[no-untyped-def]
    journal = pl.Journal()
    journal.append(created("e1", "P1", "A"))
    before = snapshot(journal)
    with pytest.raises(error):
        journal.append(bad())
    assert snapshot(journal) == before


def test_bad_ids_and_times_are_refused_at_the_boundary() -> None:
    with pytest.raises(errors.InvalidIdError) as raised:
        pl.Event("", T0, "pm", pl.ProjectSettingsChanged("P1", name="x"))
    assert raised.value.id_kind == "event"
    with pytest.raises(errors.InvalidIdError):
        pl.ProjectSettingsChanged("bad\nid", name="x")
    with pytest.raises(TypeError):
        pl.Event("e1", datetime(2025, 1, 1), "pm", pl.ProjectSettingsChanged("P1", name="x"))
    with pytest.raises(TypeError):
        pl.Event("e1", T0, "pm", "not a payload")  # type: ignore[arg-type]


def test_offline_merge_converges_and_reports_conflicts() -> None:
    device_a, device_b = pl.Journal(), pl.Journal()
    shared = created("e1", "P1", "A")
    for device in (device_a, device_b):
        device.append(shared)
    device_a.append(renamed("e2", "P1", "From A", 10))
    device_b.append(renamed("e3", "P1", "From B", 20))
    device_b.append(created("e4", "P2", "A2", 30))
    device_a.append(created("e5", "P3", "A2", 40))  # the same code, on the other device
    report = device_a.merge(device_b)
    assert (report.added, report.already_present) == (2, 1)
    assert [(c.event_id, c.kind) for c in report.new_conflicts] == [("e5", "DuplicateProjectCode")]
    device_b.merge(device_a)
    assert snapshot(device_a)[1] == snapshot(device_b)[1]
    assert device_a.project("P1").name == "From B"
    assert device_a.merge(device_b).added == 0
    device_a.verify()
    device_b.verify()


def test_export_import_tamper_and_pickle() -> None:
    journal = pl.Journal()
    journal.append(created("e1", "P1", "A"))
    journal.append(renamed("e2", "P1", "Beta", 1))
    text = journal.to_jsonl()
    assert text.splitlines()[0] == '{"format":"projectledger-journal","schema_version":%d}' % pl.SCHEMA_VERSION
    again = pl.Journal.from_jsonl(text.encode())
    assert snapshot(again) == snapshot(journal) and again.head == journal.head
    with pytest.raises(errors.BrokenChainError) as raised:
        pl.Journal.from_jsonl(text.replace('"Beta"', '"Bets"'))
    assert (raised.value.event_index, raised.value.event_id) == (1, "e2")
    with pytest.raises(errors.MalformedJournalError) as malformed:
        pl.Journal.from_jsonl(text.replace('"actor":"pm-li","payload":{"type":"project_settings_changed"', '"payload":{"type":"project_settings_changed"'))
    assert malformed.value.line == 3 and malformed.value.field == "actor"
    with pytest.raises(errors.MalformedJournalError):
        pl.Journal.from_jsonl(text.rstrip("\n"))
    with pytest.raises(TypeError):
        pl.Journal.from_jsonl(42)  # type: ignore[arg-type]
    assert snapshot(pickle.loads(pickle.dumps(journal))) == snapshot(journal)
    error = pickle.loads(pickle.dumps(raised.value))
    assert isinstance(error, errors.BrokenChainError) and error.event_index == 1


def test_payloads_and_events_go_to_json_and_back_with_id_numbers_in_full() -> None:
    registered = pl.WorkerRegistered("P1", "W1", "李四", "110105199202022345", "木工", "木工班", "华建劳务")
    assert "110105199202022345" in registered.to_json() and "110105199202022345" not in repr(registered)
    assert pl.payload_from_json(registered.to_json()) == registered
    event = pl.Event("e1", datetime(2025, 3, 3, 16, tzinfo=timezone(timedelta(hours=8))), "pm-li", registered)
    assert pl.Event.from_json(event.to_json()) == event
    assert '"recorded_at":"2025-03-03T08:00:00Z"' in event.to_json()
    with pytest.raises(errors.InvalidFieldError, match="event recorded_at"):
        pl.Event.from_json(event.to_json().replace("2025-03-03T08:00:00Z", "yesterday"))
    for text in ["", "{", '{"id":"e1"}']:
        with pytest.raises(errors.InvalidFieldError) as refused:
            pl.Event.from_json(text)
        assert refused.value.field == "event", refused.value
