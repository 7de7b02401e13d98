from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta, timezone

import pytest

import projectledger as pl
from projectledger import errors

T0 = datetime(2025, 1, 6, 1, tzinfo=timezone.utc)


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def test_history_rows_are_ready_for_pandas() -> None:
    journal = pl.Journal()
    journal.append(pl.Event("e1", at(0), "pm-li", pl.ProjectCreated("P1", "Site", "S-1", "CNY", pl.WorkCalendar.china_2025())))
    journal.append(pl.Event("e2", at(1), "pm-li", pl.DeliverableRecorded("P1", "feasibility_report", "FR-7")))
    journal.append(pl.Event("e3", at(1), "pm-li", pl.ApprovalRequested("P1", "A1", "project_approval", "立项")))
    journal.append(pl.Event("e4", at(1), "pm-li", pl.RoleGranted("P1", "dir-sun", "approver")))
    with pytest.raises(errors.GateFailedError) as failed:
        journal.append(pl.Event("e5", at(2), "pm-li", pl.PhaseChanged("P1", "design_procurement", "go")))
    assert failed.value.failures == [errors.GateFailure("approval project_approval", "requested, not yet decided")]
    assert str(failed.value.failures[0]) == "approval project_approval: requested, not yet decided"
    assert (failed.value.from_, failed.value.to) == ("initiation", "design_procurement")
    journal.append(pl.Event("e6", at(3), "dir-sun", pl.ApprovalDecided("P1", "A1", True)))
    journal.append(pl.Event("e7", at(4), "pm-li", pl.PhaseChanged("P1", "design_procurement", "approved")))
    rows = journal.history_rows()
    assert [(r["project_id"], r["kind"], r["from"], r["to"]) for r in rows] == [
        ("P1", "created", "", "initiation"),
        ("P1", "phase", "initiation", "design_procurement"),
    ]
    assert rows[1]["at"] == at(4) and rows[1]["at"].tzinfo is not None
    assert [g["passed"] for g in rows[1]["gates"]] == [True, True]
    project = journal.project("P1")
    assert project.deliverables[0]["reference"] == "FR-7"
    assert project.approvals[0]["decided_by"] == "dir-sun"
    assert project.permits("dir-sun", "approve") and not project.permits("dir-sun", "transition")
    assert project.members == {"dir-sun": ["approver"], "pm-li": ["owner"]}
    # What each standard role grants is queryable, and a project starts with exactly those.
    assert pl.standard_roles()["foreman"] == ["request_approval", "record_deliverable", "record_day_work", "record_progress", "observe_risks", "record_delivery"]
    assert pl.standard_roles()["owner"] == pl.actions() and pl.standard_roles()["viewer"] == []
    assert project.roles == pl.standard_roles()
    assert pl.STANDARD_COST_TYPES == ("labour", "material", "equipment", "subcontract", "other") and pl.LABOUR_COST_TYPE == "labour"
    assert journal.transitions_between(date(2025, 1, 10), date(2025, 1, 10))[0]["to"] == "design_procurement"
    with pytest.raises(errors.InvalidFieldError):
        pl.StatusChanged("P1", "paused")
    with pytest.raises(errors.InvalidFieldError):
        pl.RoleDefined("P1", "crew", ["dig"])


def test_workflow_as_data() -> None:
    standard = pl.Workflow.standard()
    assert standard.initial == "initiation" and standard.is_terminal("closed")
    assert pickle.loads(pickle.dumps(standard)) == standard
    with pytest.raises(errors.InvalidWorkflowError) as raised:
        pl.Workflow.from_json('{"name":"w","initial":"a","phases":[{"id":"a","name":"A"},{"id":"a","name":"B"}],"transitions":[{"from":"a","to":"a"}]}')
    assert len(raised.value.problems) == 3


def test_a_workflow_is_built_from_data_in_the_form_its_getters_give() -> None:
    standard = pl.Workflow.standard()
    assert pl.Workflow(standard.name, standard.initial, standard.phases, standard.transitions) == standard
    small = pl.Workflow(
        "small",
        "open",
        [{"id": "open", "name": "Open", "deliverables": ["brief"]}, {"id": "done", "name": "Done"}],
        [{"from": "open", "to": "done", "gates": [{"check": "deliverable", "deliverable": "brief"}, {"check": "approval", "approval": "sign_off"}], "role": "approver"}],
    )
    assert small.transitions[0]["gates"][1] == {"check": "approval", "approval": "sign_off"} and small.is_terminal("done")
    with pytest.raises(pl.InvalidWorkflowError) as bad:
        pl.Workflow("x", "a", [{"id": "a", "name": "A"}], [{"from": "a", "to": "zz"}])
    assert len(bad.value.problems) == 2, bad.value.problems  # the unknown phase, and no way to finish
    with pytest.raises(pl.InvalidWorkflowError, match=r"\[0\]\.name: a float is not exact"):
        pl.Workflow("x", "a", [{"id": "a", "name": 1.5}], [])
    looped: list[object] = []
    looped.append(looped)
    with pytest.raises(pl.InvalidWorkflowError, match="nested deeper"):
        pl.Workflow("x", "a", looped, [])  # type: ignore[arg-type]
