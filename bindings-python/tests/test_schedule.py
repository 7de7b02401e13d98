"""Schedule control from Python (issue 14): the critical path method on the China 2025
calendar, a schedule in the journal dating its work packages, tables for pandas."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

import projectledger as pl


def test_the_spring_festival_and_a_make_up_sunday() -> None:
    cal = pl.WorkCalendar.china_2025()
    activities = [pl.Activity("A", "Excavation", 5), pl.Activity("B", "Foundations", 3), pl.Activity("M", "Handover", 0, deadline=date(2025, 2, 5))]
    plan = pl.schedule(activities, [("A", "B", "fs"), ("B", "M", "fs", 0)], date(2025, 1, 20), cal)
    table = plan.activities.to_pandas().set_index("id")
    # B: Sunday 26 Jan (调休), Monday 27 Jan, then after the break 5 Feb; M the morning after.
    assert (table.loc["B", "early_start"], table.loc["B", "early_finish"]) == (date(2025, 1, 26), date(2025, 2, 5))
    assert table.loc["M", "total_float"] == -1  # the deadline is the 5th: one working day short
    assert plan.critical_path == ["A", "B", "M"] and plan.project_finish == date(2025, 2, 6)
    with pytest.raises(pl.DependencyCycleError) as cycle:
        pl.schedule(activities, [("A", "B", "fs"), ("B", "A", "ff")], date(2025, 1, 20), cal)
    assert cycle.value.activities == ["A", "B"]
    with pytest.raises(TypeError):
        pl.schedule(activities, [("A", "B")], date(2025, 1, 20), cal)  # type: ignore[list-item]


def test_work_in_hours_is_placed_within_the_day() -> None:
    cal = pl.WorkCalendar.china_2025()  # 8 hours: 08:00–16:00
    activities = [pl.Activity("A", "Formwork", timedelta(hours=12)), pl.Activity("B", "Pour", timedelta(hours=4, minutes=30)), pl.Activity("C", "Inspect", 1)]
    assert activities[0].duration == timedelta(hours=12) and activities[2].duration == 1
    plan = pl.schedule(activities, [("A", "B", "fs"), ("B", "C", "fs")], date(2025, 9, 29), cal)
    rows = {r["id"]: r for r in plan.activities}
    # A: Monday 8 h and Tuesday 08:00–12:00; B from 12:00, half an hour past the working day, on
    # into Thursday 9 October after National Day (1–8 October).
    assert (rows["A"]["early_finish"], rows["A"]["early_finish_time"]) == (date(2025, 9, 30), time(12, 0))
    assert (rows["B"]["early_start_time"], rows["B"]["early_finish"], rows["B"]["early_finish_time"]) == (time(12, 0), date(2025, 10, 9), time(8, 30))
    assert (rows["C"]["early_start"], rows["C"]["early_start_time"], rows["C"]["early_finish_time"]) == (date(2025, 10, 9), time(8, 30), time(8, 30))
    # Work under way: 90 minutes left from the status date.
    again = pl.schedule(activities, [("A", "B", "fs"), ("B", "C", "fs")], date(2025, 9, 29), cal, status_date=date(2025, 10, 9), progress={"A": (date(2025, 9, 29), None, timedelta(minutes=90))})
    a = next(r for r in again.activities if r["id"] == "A")
    assert (a["early_finish"], a["early_finish_time"]) == (date(2025, 10, 9), time(9, 30))
    with pytest.raises(pl.InvalidFieldError, match="below zero"):
        pl.Activity("A", "Back in time", timedelta(hours=-2))
    with pytest.raises(pl.InvalidFieldError, match="-3 working days is below zero"):
        pl.Activity("A", "Negative", -3)
    with pytest.raises(TypeError, match="timedelta"):
        pl.Activity("A", "A float", 1.5)  # type: ignore[arg-type]


def test_a_schedule_in_the_journal_dates_its_work_packages() -> None:
    journal = pl.Journal()
    at = iter(datetime(2025, 3, 1, tzinfo=timezone.utc) + timedelta(minutes=i) for i in range(100))
    record = lambda actor, payload: journal.append(pl.Event(f"e{next(at).minute:02d}", next(at), actor, payload))  # noqa: E731
    record("pm", pl.ProjectCreated("P1", "Depot", "D-1", "CNY", pl.WorkCalendar.china_2025()))
    record("pm", pl.CostBreakdownDefined("P1", pl.CostBreakdown.from_json('{"codes":[{"code":"01","name":"Piling"},{"code":"02","name":"Frame"}]}')))
    record("pm", pl.BudgetLinesSet("P1", [("01", "material", 100000), ("02", "material", 50000)]))
    record("pm", pl.ScheduleSettingsSet("P1", date(2025, 3, 3), scheduler="primavera"))
    record("pm", pl.ActivitiesSet("P1", [pl.Activity("A", "Piling", 10, cost_code="01"), pl.Activity("B", "Frame", 5, cost_code="02")]))
    record("pm", pl.LinksSet("P1", [("A", "B", "fs")]))
    record("pm", pl.BaselineSaved("P1", "B0"))
    # Planned value follows the schedule: half of A's 100,000 by Friday 7 March.
    assert journal.earned_value("P1", date(2025, 3, 7)).pv == pl.Money.parse("CNY 50000.00")
    record("pm", pl.ActivityProgressRecorded("P1", "A", date(2025, 3, 12), date(2025, 3, 5), remaining_duration=6))
    assert journal.status_date("P1") == date(2025, 3, 12)
    variance = journal.schedule_variance("P1", "B0").to_pandas().set_index("id")
    assert variance.loc["A", "finish_variance"] == 3  # 14 → 19 March
    # Float is measured to the (new) project end: nothing is at risk until a date is held.
    assert len(journal.activities_at_risk("P1", "B0")) == 0
    record("pm", pl.ActivitiesSet("P1", [pl.Activity("B", "Frame", 5, cost_code="02", deadline=date(2025, 3, 21))]))
    risks = {r["id"]: r["risks"] for r in journal.activities_at_risk("P1", "B0")}
    assert risks == {"A": ["negative_float:-3", "shrinking_float:0:-3"], "B": ["negative_float:-3", "shrinking_float:0:-3"]}
    assert [a["id"] for a in journal.day_list("P1", date(2025, 3, 12))] == ["A"]


def test_a_microsoft_project_file_planned_on_a_project() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "tests" / "files" / "pump-station.mspdi.xml").read_text(encoding="utf-8")
    f = pl.read_mspdi(text)
    assert [a.id for a in f.activities] == ["1.1", "1.2", "1.3", "1.4"] and len(f.unsupported) == 4
    assert [a.duration for a in f.activities] == [3, 2, timedelta(hours=36), 0]  # 36 h is 4½ days: kept in hours
    journal = pl.Journal()
    at = datetime(2025, 3, 20, tzinfo=timezone.utc)
    journal.append(pl.Event("e0", at, "pm", pl.ProjectCreated("P1", "Pump station", "PS-1", "CNY", f.calendars["Standard"])))
    for i, payload in enumerate(f.events("P1"), start=1):
        journal.append(pl.Event(f"e{i}", at + timedelta(minutes=i), "pm", payload))
    plan = journal.schedule("P1")
    # Progress as of 1 April (the file's status date): Excavate has 12 hours left, to 12:00 on
    # 2 April; Pour base follows a day later on its six-day calendar, from 12:00 on 3 April.
    assert f.status_date == date(2025, 4, 1) and f.progress == {"1.1": (date(2025, 3, 31), None, timedelta(hours=12))}
    assert journal.status_date("P1") == date(2025, 4, 1)
    rows = list(plan.activities)
    assert [(r["early_start"], r["early_start_time"]) for r in rows][:2] == [(date(2025, 3, 31), time(8)), (date(2025, 4, 3), time(12))]
    # Baseline 0 came in as B0: Excavate still finishes on its planned day.
    excavate = next(v for v in journal.schedule_variance("P1", "B0") if v["id"] == "1.1")
    assert (excavate["baseline_finish"], excavate["finish_variance"], excavate["baseline_float"]) == (date(2025, 4, 2), 0, None)
    again = pl.read_mspdi(f.to_mspdi(f.calendars["Standard"]))
    assert again.activities == f.activities and sorted(again.links) == sorted(f.links)
    xer = (Path(__file__).resolve().parents[2] / "tests" / "files" / "pump-station.xer").read_text(encoding="utf-8")
    assert pl.read_xer(xer, project="PUMP-ST").name == pl.read_xer(xer).name == "PUMP-ST"
    with pytest.raises(pl.InvalidScheduleError, match="no project .PUMP-9.; it holds PUMP-ST"):
        pl.read_xer(xer, project="PUMP-9")
    with pytest.raises(pl.InvalidFieldError, match="mspdi"):
        pl.read_mspdi(text[: len(text) // 2])
