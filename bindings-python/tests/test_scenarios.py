"""Runs every shared scenario under tests/scenarios/ against the Python surface.

The Rust and Kotlin suites run the same files; a new scenario file needs no code here.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import projectledger as pl

SCENARIOS = Path(__file__).resolve().parents[2] / "tests" / "scenarios"
CASES = [
    pytest.param(case, id=f"{path.stem}-{i}-{case['op']}")
    for path in sorted(SCENARIOS.glob("*.json"))
    for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))["cases"])
]


DAY_KIND_NAMES = {pl.DayKind.Working: "working", pl.DayKind.RestDay: "rest_day", pl.DayKind.StatutoryHoliday: "statutory_holiday"}


def calendar(name: str) -> pl.WorkCalendar:
    return {
        "china_2025": pl.WorkCalendar.china_2025,
        "china_2024_2026": lambda: pl.WorkCalendar.china(2024, 2026),
        "china_2025_weekly_outside": lambda: pl.WorkCalendar.china_2025().with_weekly_pattern_outside_years(),
        "standard": lambda: pl.WorkCalendar.standard("Mon-Fri"),
    }[name]()


def workflow(spec: Any) -> pl.Workflow:
    return pl.Workflow.standard() if spec == "standard" else pl.Workflow.from_json(json.dumps(spec))


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def event(spec: dict[str, Any]) -> pl.Event:
    """An event of a scenario, its payload read from the journal's JSON form."""
    return pl.Event(spec["id"], when(spec["recorded_at"]), spec["actor"], journal_payload(spec["payload"]))


def journal_payload(spec: dict[str, Any]) -> Any:
    """A scenario's payload through payload_from_json: its fields are the journal's data, but
    for the objects a scenario names or writes in their own form (calendars by name, the
    standard workflow, breakdowns and workflows checked by their own parsers, currencies by
    code), handled here once for every payload."""
    data = dict(spec)
    kind = data.pop("type")
    if isinstance(data.get("calendar"), str):  # a calendar by name; a schedule's named calendar is written out
        data["calendar"] = json.loads(calendar(data["calendar"]).to_json())
    if "workflow" in data:
        data["workflow"] = json.loads(workflow(data["workflow"]).to_json())
    if "breakdown" in data:
        data["breakdown"] = json.loads(pl.CostBreakdown.from_json(json.dumps(data["breakdown"])).to_json())
    if isinstance(data.get("currency"), str):
        data["currency"] = {"code": data["currency"], "minor_units": pl.Currency(data["currency"]).minor_units}
    return pl.payload_from_json(json.dumps({"type": kind, "data": data}, ensure_ascii=False))


def constructed(spec: dict[str, Any]) -> Any:
    """The same payload built by its class's constructor (one constructor test per class)."""
    p = dict(spec)
    kind, pid = p.pop("type"), p.pop("project_id")
    payload: Any
    if kind == "project_created":
        payload = pl.ProjectCreated(pid, p["name"], p["code"], pl.Currency(p["currency"]), calendar(p["calendar"]))
    elif kind == "project_settings_changed":
        payload = pl.ProjectSettingsChanged(pid, name=p.get("name"), code=p.get("code"), calendar=calendar(p["calendar"]) if "calendar" in p else None)
    elif kind == "workflow_changed":
        payload = pl.WorkflowChanged(pid, workflow(p["workflow"]))
    elif kind == "cost_breakdown_defined":
        payload = pl.CostBreakdownDefined(pid, pl.CostBreakdown.from_json(json.dumps(p["breakdown"])))
    elif kind == "budget_control_set":
        payload = pl.BudgetControlSet(pid, p.get("code"), **p["control"])
    elif kind == "forecast_set":
        method = dict(p["method"])
        items = [(i["description"], Decimal(i["quantity"]), Decimal(i["unit_cost"])) for i in method.pop("items", [])] or None
        payload = pl.ForecastSet(pid, p["code"], p["cost_type"], method.pop("kind"), amount=method.get("amount"), items=items)
    elif kind == "work_package_scheduled":
        technique = dict(p["technique"])
        milestones = [(m["name"], Decimal(m["weight"])) for m in technique.get("milestones", [])] or None
        payload = pl.WorkPackageScheduled(
            pid, p["code"], date.fromisoformat(p["start"]), date.fromisoformat(p["finish"]), technique["kind"], p["profile"], milestones=milestones
        )
    elif kind == "progress_recorded":
        progress = dict(p["progress"])
        percent = Decimal(progress["percent"]) if "percent" in progress else None
        payload = pl.ProgressRecorded(pid, p["code"], progress["kind"], milestone=progress.get("milestone"), percent=percent)
    elif kind == "worker_registered":
        payload = pl.WorkerRegistered(pid, **p["worker"])
    elif kind == "labour_rate_set":
        rate = p["rate"]
        scope = {"trade": rate["scope"]["name"]} if rate["scope"]["kind"] == "trade" else {"worker_id": rate["scope"]["name"]}
        payload = pl.LabourRateSet(pid, date.fromisoformat(rate["valid_from"]), rate["unit"], Decimal(rate["amount"]), **scope)
    elif kind == "overtime_policy_set":
        payload = pl.OvertimePolicySet(pid, **{k: Decimal(v) for k, v in p["policy"].items()})
    elif kind == "day_work_recorded":
        payload = pl.DayWorkRecorded(pid, [day_work_entry(e) for e in p["entries"]])
    elif kind == "day_work_reversed":
        payload = pl.DayWorkReversed(pid, [(r["entry_id"], r["reverses"], r.get("reason", "")) for r in p["reversals"]])
    elif kind in SCHEDULE_PAYLOADS:
        payload = SCHEDULE_PAYLOADS[kind](pid, p)
    elif kind in FUND_PAYLOADS:
        payload = FUND_PAYLOADS[kind](pid, p)
    elif kind in GOVERNANCE_PAYLOADS:
        payload = GOVERNANCE_PAYLOADS[kind](pid, p)
    elif kind in ("day_work_period_locked", "wage_deduction_recorded"):
        p = {k: date.fromisoformat(v) if k in ("through", "month") else v for k, v in p.items()}
        payload = (pl.DayWorkPeriodLocked if kind == "day_work_period_locked" else pl.WageDeductionRecorded)(pid, **p)
    else:
        if "lines" in p:  # as tuples, the short form (dicts are taken too)
            p["lines"] = [(line["code"], line["cost_type"], Decimal(line["amount"])) for line in p["lines"]]
        classes = {
            "phase_changed": pl.PhaseChanged,
            "status_changed": pl.StatusChanged,
            "deliverable_recorded": pl.DeliverableRecorded,
            "approval_requested": pl.ApprovalRequested,
            "approval_decided": pl.ApprovalDecided,
            "role_defined": pl.RoleDefined,
            "role_granted": pl.RoleGranted,
            "role_revoked": pl.RoleRevoked,
            "conflict_settled": pl.ConflictSettled,
            "budget_lines_set": pl.BudgetLinesSet,
            "baseline_locked": pl.BaselineLocked,
            "cost_document_drafted": pl.CostDocumentDrafted,
            "cost_document_moved": pl.CostDocumentMoved,
            "cost_recorded": pl.CostRecorded,
            "contract_value_set": pl.ContractValueSet,
            "revenue_recorded": pl.RevenueRecorded,
            "day_work_moved": pl.DayWorkMoved,
        }
        payload = classes[kind](pid, **p)
    return payload


def risk_assessed(pid: str, p: dict[str, Any]) -> Any:
    a = p["assessment"]
    figures = {k: Decimal(a[k]) for k in ("probability_percent", "cost_exposure") if k in a}
    review = date.fromisoformat(p["next_review"]) if "next_review" in p else None
    return pl.RiskAssessed(pid, p["risk_id"], a["probability"], a["cost_impact"], a["schedule_impact"], a["quality_impact"], next_review=review, **figures)


GOVERNANCE_PAYLOADS: dict[str, Any] = {
    "risk_identified": lambda pid, p: pl.RiskIdentified(pid, **p),
    "risk_assessed": risk_assessed,
    "risk_response_planned": lambda pid, p: pl.RiskResponsePlanned(
        pid, p["risk_id"], p["strategy"], [(a["action_id"], a["description"], a["owner"], date.fromisoformat(a["due"])) for a in p.get("actions", [])]
    ),
    "risk_action_done": lambda pid, p: pl.RiskActionDone(pid, p["risk_id"], p["action_id"], date.fromisoformat(p["done_on"])),
    "risk_observed": lambda pid, p: pl.RiskObserved(pid, p["risk_id"], p["note"], date.fromisoformat(p["next_review"]) if "next_review" in p else None),
    "risk_closed": lambda pid, p: pl.RiskClosed(pid, **p),
    "contingency_reserve_set": lambda pid, p: pl.ContingencyReserveSet(pid, p["cost_code"]),
    "kpi_defined": lambda pid, p: pl.KpiDefined(
        pid, p["kpi"]["kpi_id"], p["kpi"]["name"], p["kpi"]["measure"], Decimal(p["kpi"]["green"]), Decimal(p["kpi"]["amber"]), baseline=p["kpi"].get("baseline")
    ),
    "benefit_planned": lambda pid, p: pl.BenefitPlanned(pid, p["benefit_id"], p["name"], p["unit"], [(date.fromisoformat(a["on"]), Decimal(a["amount"])) for a in p["planned"]]),
    "benefit_measured": lambda pid, p: pl.BenefitMeasured(pid, p["benefit_id"], date.fromisoformat(p["measured"]["on"]), Decimal(p["measured"]["amount"])),
    "review_item_passed": lambda pid, p: pl.ReviewItemPassed(pid, **p),
    "review_exemption_requested": lambda pid, p: pl.ReviewExemptionRequested(pid, **p),
    "review_exemption_decided": lambda pid, p: pl.ReviewExemptionDecided(pid, **p),
    "supplier_grading_set": lambda pid, p: pl.SupplierGradingSet(
        pid, weights={k: Decimal(v) for k, v in p["policy"]["weights"].items()}, thresholds=[Decimal(t) for t in p["policy"]["thresholds"]],
        d_supplier_control=p["policy"].get("d_supplier_control", "ignore"), cost_points_per_percent=Decimal(p["policy"]["cost_points_per_percent"]),
    ),
    "supplier_delivery_recorded": lambda pid, p: pl.SupplierDeliveryRecorded(
        pid, p["delivery_id"], p["commitment_id"], date.fromisoformat(p["promised"]), date.fromisoformat(p["delivered"])
    ),
    "supplier_evaluated": lambda pid, p: pl.SupplierEvaluated(
        pid, p["supplier"], date.fromisoformat(p["period_end"]), note=p.get("note", ""), **{k: Decimal(v) for k, v in p.get("scores", {}).items()}
    ),
}


def value(journal: pl.Journal, expected: dict[str, Any]) -> None:
    """A project's value realisation as of each day named, from the state as it stood then."""
    text = lambda d: None if d is None else str(d)  # noqa: E731
    for day, want in expected["as_of"].items():
        v = journal.value_realisation(expected["project_id"], as_of=date.fromisoformat(day))
        got = {
            "benefits": [[b["benefit_id"], str(b["planned_to_date"]), str(b["measured_to_date"]), text(b["realised_percent"])] for b in v["benefits"]],
            **{k: f"CNY {v[k]}" for k in ("investment", "planned_return", "measured_return")},
            "roi": text(v["roi"]), "payback_on": text(v["payback_on"]), "planned_payback_on": text(v["planned_payback_on"]),
        }
        assert got == want, day


def kpis(journal: pl.Journal, expected: dict[str, Any]) -> None:
    """The KPIs as of each day named, from the state as it stood then (and in one pass)."""
    days = [date.fromisoformat(d) for d in expected["as_of"]]
    assert list(journal.kpi_snapshots(days, expected["project_id"])) == [k for d in days for k in journal.kpis(expected["project_id"], as_of=d)]
    for day, want in expected["as_of"].items():
        rows = [[k["kpi_id"], None if k["value"] is None else str(k["value"]), k["status"]] for k in journal.kpis(expected["project_id"], as_of=date.fromisoformat(day))]
        assert rows == want, day


def reviews(journal: pl.Journal, expected: dict[str, Any]) -> None:
    """The project's phase and every item of its workflow's review gates."""
    pid = expected["project_id"]
    assert journal.project(pid).phase == expected["phase"]
    assert [[r["review"], r["item"], r["role"], r["state"], r["by"], r["evidence"]] for r in journal.review_status(pid)] == expected["items"]


def suppliers(journal: pl.Journal, expected: dict[str, Any]) -> None:
    """Every evaluation of a project's suppliers and each supplier's latest grade."""
    pid = expected["project_id"]
    text = lambda d: None if d is None else str(d)  # noqa: E731
    rows = [
        [r["supplier"], r["period_end"].isoformat(), *(text(r[c]) for c in ("quality", "delivery", "cost", "service", "safety")), str(r["score"]), r["grade"], text(r["change"])]
        for r in journal.supplier_evaluations(pid)
    ]
    assert rows == expected["evaluations"]
    assert [[r["supplier"], r["grade"], str(r["score"])] for r in journal.supplier_grades(pid)] == expected["grades"]


def risks(journal: pl.Journal, expected: dict[str, Any]) -> None:
    """The register as of a day (a row per risk), the heat map's filled cells, the exposure."""
    pid = expected["project_id"]
    money = lambda m: None if m is None else f"CNY {m}"  # noqa: E731  (the scenario's currency)
    rows = [
        [r["risk_id"], r["category"], r["status"], r["owner"], r["probability"], r["impact"], r["score"], r["level"], money(r["emv"]), r["strategy"],
         r["open_actions"], r["overdue_actions"], None if r["next_review"] is None else r["next_review"].isoformat(), r["review_overdue"]]
        for r in journal.risk_register(pid, as_of=date.fromisoformat(expected["as_of"]))
    ]
    assert rows == expected["rows"]
    filled = [[c["probability"], c["impact"], c["risk_ids"]] for c in journal.risk_heat_map(pid) if c["risk_ids"]]
    assert filled == expected["heat_map"]
    e = journal.risk_exposure(pid)
    got = {k: money(e[k]) if k in ("emv_total", "contingency", "shortfall") else e[k] for k in ("open_risks", "quantified", "emv_total", "contingency_code", "contingency", "shortfall")}
    assert got == expected["exposure"]


def target(t: dict[str, Any]) -> Any:
    return (t["project_id"], t["code"]) if "code" in t else t["project_id"]


def rule(r: dict[str, Any]) -> dict[str, Any]:
    return {"rule": r["rule"], **{k: [Decimal(v) for v in r[k]] for k in ("weights", "amounts") if k in r}}


def schedule_line(line: dict[str, Any]) -> pl.ScheduleLine:
    measure = {k: Decimal(v) for k, v in line.items() if k not in ("item", "measure")}
    return getattr(pl.ScheduleLine, line["measure"])(line["item"], **measure)


def payment_terms(t: dict[str, Any]) -> pl.PaymentTerms:
    money = lambda m: pl.Money(Decimal(m["amount"]), m["currency"]["code"])  # noqa: E731
    r = t.get("retention")
    retention = pl.Retention(Decimal(r["rate"]), Decimal(r["cap"]), r["liability_months"]) if r else None
    a = t.get("advance")
    advance = None
    if a:
        recovery = a["recovery"]
        shares = {k: Decimal(v) for k, v in recovery.items() if k != "method"}
        names = {"main_materials_share": "main_materials_share", "from": "recover_from", "to": "recover_to"}
        advance = pl.AdvancePayment(money(a["amount"]), **{names[k]: v for k, v in shares.items()})
    return pl.PaymentTerms(money(t["contract_price"]), Decimal(t["payable_share"]), retention, advance)


def work(duration: Any) -> int | timedelta:
    """A duration as the JSON writes it (days, or {"hours": "4.5"}) the Python way: an int of
    working days or a timedelta of working hours."""
    return timedelta(microseconds=int(Decimal(duration["hours"]) * 3_600_000_000)) if isinstance(duration, dict) else duration


def work_json(duration: int | timedelta) -> Any:
    """A duration back in the JSON's form (hours as the core writes them)."""
    if isinstance(duration, timedelta):
        return {"hours": str((Decimal(duration // timedelta(microseconds=1)) / 3_600_000_000).normalize())}
    return duration


def activity(a: dict[str, Any]) -> pl.Activity:
    return pl.Activity(
        a["id"], a["name"], work(a["duration"]), calendar=a.get("calendar"),
        constraint=(a["constraint"]["kind"], date.fromisoformat(a["constraint"]["date"])) if "constraint" in a else None,
        deadline=date.fromisoformat(a["deadline"]) if "deadline" in a else None, cost_code=a.get("cost_code"), wbs=a.get("wbs"), assignee=a.get("assignee"),
    )


SCHEDULE_PAYLOADS: dict[str, Any] = {
    "schedule_settings_set": lambda pid, p: pl.ScheduleSettingsSet(
        pid, date.fromisoformat(p["settings"]["project_start"]), **{k: v for k, v in p["settings"].items() if k != "project_start"}
    ),
    "schedule_calendar_set": lambda pid, p: pl.ScheduleCalendarSet(pid, p["name"], pl.WorkCalendar.from_json(json.dumps(p["calendar"]))),
    "activities_set": lambda pid, p: pl.ActivitiesSet(pid, [activity(a) for a in p["activities"]]),
    "activity_removed": lambda pid, p: pl.ActivityRemoved(pid, p["activity_id"]),
    "links_set": lambda pid, p: pl.LinksSet(pid, [(link["predecessor"], link["successor"], link["kind"], link["lag"]) for link in p["links"]]),
    "activity_progress_recorded": lambda pid, p: pl.ActivityProgressRecorded(
        pid, p["activity_id"], date.fromisoformat(p["as_of"]), date.fromisoformat(p["actual_start"]),
        actual_finish=date.fromisoformat(p["actual_finish"]) if "actual_finish" in p else None, remaining_duration=work(p.get("remaining_duration", 0)),
    ),
    "baseline_saved": lambda pid, p: pl.BaselineSaved(pid, p["name"]),
    "baseline_imported": lambda pid, p: pl.BaselineImported(
        pid, p["name"], {id: (date.fromisoformat(d["start"]), date.fromisoformat(d["finish"])) for id, d in p["dates"].items()}
    ),
}


def schedule_state(journal: pl.Journal, expected: dict[str, Any]) -> None:
    """The schedule from the journal, as the Rust runner reads it."""
    assert journal.status_date("P1") == date.fromisoformat(expected["status_date"])
    plan = journal.schedule("P1")
    dates = ["early_start", "early_finish", "late_start", "late_finish"]
    rows = [[r["id"], *(r[k].isoformat() for k in dates), r["total_float"], r["free_float"], r["critical"]] for r in plan.activities]
    assert {"activities": rows, "project_finish": plan.project_finish.isoformat(), "critical_path": plan.critical_path} == expected["schedule"]
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    variance = [
        [v["id"], iso(v["baseline_start"]), iso(v["baseline_finish"]), iso(v["start"]), iso(v["finish"]), v["start_variance"], v["finish_variance"], v["total_float"], v["baseline_float"]]
        for v in journal.schedule_variance("P1", "B0")
    ]
    assert variance == expected["variance"]
    assert [[r["id"], r["risks"]] for r in journal.activities_at_risk("P1", "B0")] == expected["at_risk"]
    day = [[a["id"], iso(a["start"]), iso(a["finish"]), a["started"], a["total_float"], a["late"]] for a in journal.day_list("P1", date.fromisoformat(expected["day"]))]
    assert day == expected["day_list"]


FUND_PAYLOADS: dict[str, Any] = {
    "fund_source_registered": lambda pid, p: pl.FundSourceRegistered(
        pid, p["source_id"], p["name"], p["kind"], pl.Money(Decimal(p["amount"]), p["currency"]), date.fromisoformat(p["available_from"]),
        expires_on=date.fromisoformat(p["expires_on"]) if "expires_on" in p else None,
        cost_types=p.get("eligibility", {}).get("cost_types", []), codes=p.get("eligibility", {}).get("codes", []),
    ),
    "fund_source_changed": lambda pid, p: pl.FundSourceChanged(pid, p["source_id"], Decimal(p["change"]), p["reason"]),
    "funds_allocated": lambda pid, p: pl.FundsAllocated(pid, p["source_id"], Decimal(p["amount"]), [target(t) for t in p["targets"]], **rule(p["rule"])),
    "funds_transferred": lambda pid, p: pl.FundsTransferred(
        pid, p["source_id"], target(p["from"]), target(p["to"]) if "to" in p else None, Decimal(p["amount"])
    ),
    "payment_terms_set": lambda pid, p: pl.PaymentTermsSet(
        pid, payment_terms(p["terms"]), contract_id=p.get("contract_id"),
        payable_range=(Decimal(p["payable_range"]["min"]), Decimal(p["payable_range"]["max"])) if "payable_range" in p else None,
    ),
    "payment_application_drafted": lambda pid, p: pl.PaymentApplicationDrafted(
        pid, p["application_id"], date.fromisoformat(p["period_end"]), [schedule_line(line) for line in p["lines"]],
        contract_id=p.get("contract_id"), deductions=[(d["reason"], Decimal(d["amount"])) for d in p.get("deductions", [])],
    ),
    "payment_application_moved": lambda pid, p: pl.PaymentApplicationMoved(pid, p["application_id"], p["to"], p["note"]),
    "payment_recorded": lambda pid, p: pl.PaymentRecorded(
        pid, p["payment_id"], date.fromisoformat(p["paid_on"]),
        **({"advance_of": p["pays"]["contract_id"]} if p["pays"]["kind"] == "advance" else {k: v for k, v in p["pays"].items() if k != "kind"}),
        sources=p.get("sources", []), **rule(p["rule"]),
    ),
    "wage_account_set": lambda pid, p: pl.WageAccountSet(pid, Decimal(p["labour_share"]), p.get("contract_id")),
}


def funds(journal: pl.Journal, expected: dict[str, Any]) -> None:
    """The fund positions, as the Rust runner reads them: money as "CUR amount" text."""
    text = lambda row, key: f"{row['currency']} {row[key]}"  # noqa: E731
    assert [[r["source_id"], *(text(r, k) for k in ("amount", "allocated", "consumed", "unallocated"))] for r in journal.fund_sources()] == expected["sources"]
    allocations = [[r["source_id"], r["project_id"], r["code"], *(text(r, k) for k in ("allocated", "consumed", "remaining"))] for r in journal.fund_allocations()]
    assert allocations == expected["allocations"]
    consumptions = [[r["payment_id"], r["source_id"], r["allocated_to"], r["code"], r["cost_type"], text(r, "amount")] for r in journal.fund_consumptions()]
    assert consumptions == expected["consumptions"]
    figures = ("completed_this_period", "payable_this_period", "retention_this_period", "retention_to_date", "net_due")
    assert [[r["application_id"], r["state"], *(text(r, k) for k in figures)] for r in journal.payment_applications("P1")] == expected["applications"]
    contracts = [
        [r["contract_id"], *(text(r, k) for k in ("contract_price", "certified_to_date", "retention_held", "advance_recovered", "paid_to_date")), r["open_application"]]
        for r in journal.contract_positions("P1")
    ]
    assert contracts == expected["contracts"]
    for check in expected["wage_accounts"]:
        p = journal.wage_account("P1", date.fromisoformat(check["month"]), date.fromisoformat(check["as_of"]))
        got = [*(text(p, k) for k in ("deposited", "drawn", "balance", "wages_due", "shortfall")), p["short"]]
        assert got == check["expect"], check


def day_work_entry(e: dict[str, Any]) -> pl.DayWorkEntry:
    quantity = {e["quantity"]["unit"]: Decimal(e["quantity"]["value"])}
    times = {k: time.fromisoformat(e[k]) for k in ("start", "end") if k in e}
    return pl.DayWorkEntry(e["entry_id"], e["worker_id"], e["cost_code"], date.fromisoformat(e["date"]), description=e.get("description", ""), **quantity, **times)


def day_work(journal: pl.Journal, expected: dict[str, Any]) -> None:
    entries = {row["entry_id"]: row for row in journal.day_work_entries(states=["recorded", "submitted", "approved", "rejected", "paid"])}
    for entry_id, (state_name, regular, overtime, amount) in expected["entries"].items():
        row = entries[entry_id]
        # As text: hours come at two places and amounts at the currency's, on every surface.
        assert [row["state"], str(row["regular_hours"]), str(row["overtime_hours"]), str(row["amount"])] == [state_name, regular, overtime, amount.split()[1]], row
    summary = expected["summary"]
    got = journal.day_work_summary(summary["by"])
    want = [
        {**{d: k for d, k in zip(summary["by"], r["key"])}, **{k: v.split()[-1] if isinstance(v, str) else v for k, v in r.items() if k != "key"}}
        for r in summary["rows"]
    ]
    assert [{k: str(v) if isinstance(v, Decimal) else v for k, v in r.items()} for r in got] == want
    assert [[w["event_id"], w["entry_id"], w["message"]] for w in journal.day_work_warnings()] == expected["warnings"]
    if "wage_ledger" in expected:
        spec = expected["wage_ledger"]
        rows = journal.wage_ledger(spec["project_id"], date.fromisoformat(spec["as_of"]))
        for row, want_row in zip(rows, spec["rows"], strict=True):
            for key, value in want_row.items():
                got_value = row[key]
                if isinstance(got_value, Decimal):
                    assert str(got_value) == value.split()[-1], (key, got_value, value)
                elif isinstance(got_value, date):
                    assert got_value.isoformat() == value, (key, got_value, value)
                else:
                    assert got_value == value, (key, got_value, value)
        assert "110105" not in repr(rows), "id numbers are masked unless asked for"
    if "labour_actuals" in expected:
        spec = expected["labour_actuals"]
        for code, amount in spec["codes"].items():
            row = journal.budget_row(spec["project_id"], None if code == "project" else code, "labour")
            assert row["actual"] == Decimal(amount.split()[1]), (code, row)
    if "lookups" in expected:
        for entry_id, want in expected["lookups"]["entries"].items():
            row = journal.day_work_entry(entry_id)
            # Entry rows carry the amount alone (the project's currency is the scenario's).
            got = None if row is None else [row["project_id"], row["worker_id"], row["cost_code"], row["date"].isoformat(), str(row["hours"]), row["state"], f"CNY {row['amount']}"]
            assert got == want, (entry_id, row)
        for worker_id, want in expected["lookups"]["workers"].items():
            worker = journal.worker(worker_id)
            assert (None if worker is None else [worker["name"], worker["id_number"], worker["team"]]) == want, worker
    if "selection" in expected:
        f = expected["selection"]["filter"]
        ids = journal.select_day_work(
            project_ids=f.get("projects"), teams=f.get("teams"), states=f.get("states"),
            start=date.fromisoformat(f["from"]), end=date.fromisoformat(f["to"]),
        )
        assert ids == expected["selection"]["entry_ids"]


def lifecycle(journal: pl.Journal, expected: dict[str, Any]) -> None:
    for spec in expected["projects"]:
        project = journal.project(spec["id"])
        assert (project.phase, project.status) == (spec["phase"], spec["status"])
        assert [[r["kind"], r["from"], r["to"], r["actor"]] for r in project.history] == spec["history"]
    assert journal.phase_counts() == expected["phase_counts"]
    if "durations" in expected:
        spec = expected["durations"]
        assert journal.project(spec["project"]).phase_durations(when(spec["as_of"])) == spec["expect"]
    if "transitions" in expected:
        spec = expected["transitions"]
        rows = journal.transitions_between(date.fromisoformat(spec["from"]), date.fromisoformat(spec["to"]))
        assert [[r["project_id"], r["kind"], r["from"], r["to"]] for r in rows] == spec["expect"]


def check_details(error: Any, case: dict[str, Any]) -> None:
    if case["error"] == "MalformedJournal":
        assert error.line == case["error_line"]
        if "error_field" in case:
            assert error.field == case["error_field"]
    if case["error"] == "BrokenChain":
        assert error.event_index == case["event_index"]
    if case["error"] in ("InvalidCalendar", "InvalidWorkflow", "InvalidCostBreakdown") and "problems" in case:
        assert len(error.problems) == case["problems"], error.problems
    if case["error"] == "GateFailed" and "failures" in case:
        assert len(error.failures) == case["failures"], error.failures
    if case["error"] == "PermissionDenied" and "permission" in case:
        assert error.permission == case["permission"]
    if case["error"] == "InvalidDayWork" and "entry_ids" in case:
        assert error.entry_ids == case["entry_ids"], error
        if "codes" in case:
            assert [p.code for p in error.problems] == case["codes"], error
        if "fields" in case:
            assert [p.field for p in error.problems] == case["fields"], error
    if case["error"] == "BudgetExceeded" and "breaches" in case:
        assert len(error.breaches) == case["breaches"], error.breaches
    if case["error"] == "DependencyCycle":
        assert error.activities == case["activities_in_cycle"], error
    if case["error"] == "InvalidSchedule" and "problems" in case:
        assert len(error.problems) == case["problems"], error.problems
    if case["error"] == "InsufficientFunds" and "shortfall" in case:
        assert (error.needed, error.covered, error.shortfall) == tuple(Decimal(case[k]) for k in ("needed", "covered", "shortfall")), error


COLUMNS = [
    "original_budget", "approved_changes", "revised_budget", "pending_changes", "projected_budget", "committed",
    "pending_cost_changes", "actual", "projected_cost", "forecast_to_complete", "estimated_cost_at_completion",
    "projected_over_under",
]


def money_row(row: dict[str, Any]) -> dict[str, str]:
    assert all(isinstance(row[c], Decimal) for c in COLUMNS), row
    return {c: f"{row['currency']} {row[c]}" for c in COLUMNS}


def budget(journal: pl.Journal, expected: dict[str, Any]) -> None:
    pid = expected["project_id"]
    view = journal.budget_view(pid)
    by_code = {row["code"] or "project": money_row(row) for row in view}
    assert by_code == expected["rows"]
    assert [row["code"] for row in view][-1] is None and view[-1]["name"] == "project total"
    for code, row in expected["rows"].items():
        assert money_row(journal.budget_row(pid, None if code == "project" else code)) == row
    by_type = expected["by_cost_type"]
    assert money_row(journal.budget_row(pid, cost_type=by_type["cost_type"])) == by_type["project"]
    assert {d["document_id"]: d["status"] for d in journal.cost_documents(pid)} == expected["documents"]
    warnings = [
        {**w, **{k: f"CNY {w[k]}" for k in ("amount", "budget", "over_by")}} for w in journal.budget_warnings(pid)
    ]
    assert warnings == expected["warnings"]
    for w in expected["warnings"]:
        assert len(journal.budget_warnings(pid, w["event_id"])) == 1
    margin = journal.margin(pid)
    shown = {k: (f"{margin['currency']} {v}" if k != "margin_percent" else str(v)) for k, v in margin.items() if k != "currency"}
    assert shown == expected["margin"]
    ev = expected["earned_value"]
    for code, figures in ev["nodes"].items():
        f = journal.earned_value(pid, date.fromisoformat(ev["status_date"]), None if code == "project" else code)
        money = {k: getattr(f, k) for k in ("bac", "pv", "ev", "ac", "sv", "cv", "eac_cpi", "eac_atypical", "eac_cpi_spi", "etc", "vac")}
        got = {k: (None if v is None else str(v)) for k, v in money.items()}
        got.update({k: (None if getattr(f, k) is None else str(getattr(f, k))) for k in ("spi", "cpi", "tcpi_bac", "tcpi_eac")})
        assert got == figures, code
    es = expected["earned_schedule"]
    for code, figures in es["nodes"].items():
        s = journal.earned_schedule(pid, date.fromisoformat(es["status_date"]), es["period"], None if code == "project" else code)
        assert {"es": str(s.es), "spi_t": None if s.spi_t is None else str(s.spi_t), "ieac_t": None if s.ieac_t is None else str(s.ieac_t)} == figures, code
    as_of = expected["as_of"]
    assert money_row(journal.budget_row(pid, as_of=when(as_of["at"]))) == as_of["project"]


def record(specs: list[dict[str, Any]]) -> pl.Journal:
    journal = pl.Journal()
    for spec in specs:
        journal.append(event(spec))
    return journal


def sync(case: dict[str, Any]) -> None:
    """Two replicas syncing through change sets carried as JSON Lines; each keeps the cursor
    it last sent the other up to."""
    devices = {name: record(events) for name, events in case["devices"].items()}
    sent: dict[tuple[str, str], int] = {}
    for step in case["steps"]:
        if "record" in step:
            journal = devices[step["record"]]
            if "error" in step:
                before = (len(journal), journal.head)
                with pytest.raises(pl.ProjectLedgerError) as refused:
                    journal.append(event(step["event"]))
                assert refused.value.kind == step["error"]
                assert (len(journal), journal.head) == before, "a refused event changed the journal"
            else:
                journal.append(event(step["event"]))
            continue
        source, target = step["send"], step["to"]
        changes = devices[source].changes_since(target, sent.get((source, target), 0))
        carried = changes.to_jsonl()
        if "cut_after" in step:
            carried = "".join(carried.splitlines(keepends=True)[: step["cut_after"] + 1])
        receiver = devices[target]
        before = (len(receiver), receiver.head)
        if "error" in step:
            with pytest.raises(pl.ProjectLedgerError) as raised:
                receiver.apply_changes(source, pl.Changes.from_jsonl(carried))
            assert raised.value.kind == step["error"]
            assert (len(receiver), receiver.head) == before, "a refused change set changed the journal"
            continue
        report = receiver.apply_changes(source, pl.Changes.from_jsonl(carried))
        assert (len(changes), report.added) == (step["expect_sent"], step["expect_added"]), step
        sent[(source, target)] = changes.cursor
    assert len({journal.digest for journal in devices.values()}) == 1, "the replicas hold different events"
    assert len({journal.state_digest for journal in devices.values()}) == 1, "the replicas fold to different states"
    for journal in devices.values():
        assert len(journal) == case["expect_len"]
        assert state(journal) == case["expect_state"]
        journal.verify()
        if "expect_conflicts" in case:
            got = [
                {"event_id": c.event_id, "error": c.kind, "actor": c.actor, "dropped": c.dropped,
                 "settled_by": c.settled["by"] if c.settled else None, "note": c.settled["note"] if c.settled else None}
                for c in journal.conflicts()
            ]
            assert got == case["expect_conflicts"]
            assert all(not c.is_open and c.settled["at"].tzinfo is not None for c in journal.conflicts() if c.settled)


def state(journal: pl.Journal) -> dict[str, Any]:
    return {
        "projects": [
            {"id": p.id, "name": p.name, "code": p.code, "currency": p.currency.code, "calendar": p.calendar.name}
            for p in journal.projects()
        ],
        "conflicts": [{"event_id": c.event_id, "error": c.kind} for c in journal.conflicts()],
    }


def shown(shares: list[pl.Money]) -> list[str]:
    return [str(m) for m in shares]


def run(case: dict[str, Any]) -> Any:
    op = case["op"]
    if op == "currency":
        c = pl.Currency(case["code"], case.get("minor_units"))
        return {"code": c.code, "minor_units": c.minor_units}
    if op == "parse":
        return str(pl.Money.parse(case["text"]))
    if op == "add":
        return str(pl.Money.parse(case["left"]) + pl.Money.parse(case["right"]))
    if op == "sub":
        return str(pl.Money.parse(case["left"]) - pl.Money.parse(case["right"]))
    if op == "mul":
        return str(pl.Money.parse(case["left"]) * Decimal(case["factor"]))
    if op == "round":
        return str(pl.Money.parse(case["money"]).round(case["strategy"]))
    if op == "allocate":
        return shown(pl.allocate(pl.Money.parse(case["total"]), [Decimal(w) for w in case["weights"]]))
    if op == "cost_day_work":
        return cost_day_work_case(case)
    if op == "aggregate_day_work":
        return aggregate_case(case)
    if op == "split_evenly":
        return shown(pl.split_evenly(pl.Money.parse(case["total"]), case["parts"]))
    if op == "classify":
        return DAY_KIND_NAMES[calendar(case["calendar"]).classify(date.fromisoformat(case["date"]))]
    if op == "count_day_kinds":
        cal, day, last = calendar(case["calendar"]), date.fromisoformat(case["from"]), date.fromisoformat(case["to"])
        counts: dict[str, int] = {}
        while day <= last:
            kind = DAY_KIND_NAMES[cal.classify(day)]
            counts[kind] = counts.get(kind, 0) + 1
            day = date.fromordinal(day.toordinal() + 1)
        return counts
    if op == "add_working_days":
        return calendar(case["calendar"]).add_working_days(date.fromisoformat(case["date"]), case["n"]).isoformat()
    if op == "working_days_between":
        cal = calendar(case["calendar"])
        return cal.working_days_between(date.fromisoformat(case["from"]), date.fromisoformat(case["to"]))
    if op == "period":
        return pl.period(date.fromisoformat(case["date"]), case["kind"]).key
    if op == "load_notice":
        loaded = pl.WorkCalendar.standard("Mon-Fri").with_notice(json.dumps(case["notice"]))
        for day, kind in case["checks"]:
            assert DAY_KIND_NAMES[loaded.classify(date.fromisoformat(day))] == kind
        return None
    if op == "journal":
        journal = pl.Journal()
        for step in case["steps"]:
            before = (journal.to_jsonl(), state(journal))
            if "error" in step:
                with pytest.raises(pl.ProjectLedgerError) as raised:
                    journal.append(event(step["append"]))
                assert raised.value.kind == step["error"], (step, raised.value)
                check_details(raised.value, step)
                assert (journal.to_jsonl(), state(journal)) == before, "a refused event changed the journal"
            else:
                assert journal.append(event(step["append"])) == (step["expect"] == "added"), step
        assert len(journal) == case["expect_len"]
        assert state(journal) == case["expect_state"]
        if "expect_budget" in case:
            budget(journal, case["expect_budget"])
            budget(pl.Journal.from_jsonl(journal.to_jsonl()), case["expect_budget"])  # replay
        if "expect_day_work" in case:
            day_work(journal, case["expect_day_work"])
            day_work(pl.Journal.from_jsonl(journal.to_jsonl()), case["expect_day_work"])  # replay
        if "expect_schedule" in case:
            schedule_state(journal, case["expect_schedule"])
            schedule_state(pl.Journal.from_jsonl(journal.to_jsonl()), case["expect_schedule"])  # replay
        if "expect_funds" in case:
            funds(journal, case["expect_funds"])
            funds(pl.Journal.from_jsonl(journal.to_jsonl()), case["expect_funds"])  # replay
        if "expect_value" in case:
            value(journal, case["expect_value"])
        if "expect_kpis" in case:
            kpis(journal, case["expect_kpis"])
        if "expect_reviews" in case:
            reviews(journal, case["expect_reviews"])
            reviews(pl.Journal.from_jsonl(journal.to_jsonl()), case["expect_reviews"])  # replay
        if "expect_suppliers" in case:
            suppliers(journal, case["expect_suppliers"])
            suppliers(pl.Journal.from_jsonl(journal.to_jsonl()), case["expect_suppliers"])  # replay
        if "expect_risks" in case:
            risks(journal, case["expect_risks"])
            risks(pl.Journal.from_jsonl(journal.to_jsonl()), case["expect_risks"])  # replay
        if "expect_lifecycle" in case:
            lifecycle(journal, case["expect_lifecycle"])
            lifecycle(pl.Journal.from_jsonl(journal.to_jsonl()), case["expect_lifecycle"])  # replay
        return None
    if op == "workflow":
        w = workflow(case["workflow"])
        return {
            "initial": w.initial,
            "phases": len(w.phases),
            "terminal": [p["id"] for p in w.phases if w.is_terminal(p["id"])],
            "rework": [[t["from"], t["to"]] for t in w.transitions if t.get("rework")],
        }
    if op in ("earned_value", "earned_schedule"):
        currency = pl.Currency(case["currency"]["code"], case["currency"]["minor_units"])
        if op == "earned_value":
            m = {k: pl.Money(Decimal(case[k]), currency) for k in ("bac", "pv", "ev", "ac", "bottom_up_etc") if k in case}
            result: Any = pl.earned_value(m["bac"], m["pv"], m["ev"], m["ac"], m.get("bottom_up_etc"))
        else:
            pv = [pl.Money(Decimal(v), currency) for v in case["cumulative_pv"]]
            result = pl.earned_schedule(pv, pl.Money(Decimal(case["ev"]), currency), Decimal(case["actual_time"]), Decimal(case["planned_duration"]))
        for name, want in case["figures"].items():
            got = getattr(result, name)
            got = got.amount if isinstance(got, pl.Money) else got
            assert got == (None if want is None else Decimal(want)), (name, got, want)
        return None
    if op == "cost_breakdown":
        tree = pl.CostBreakdown.from_json(json.dumps(case["breakdown"]))
        return {"codes": len(tree), "leaves": [c for c in tree.codes if tree.is_leaf(c)], "cost_types": tree.cost_types}
    if op == "spread":
        weights = [Decimal(w) for w in case["weights"]] if "weights" in case else None
        return shown(pl.spread(pl.Money.parse(case["amount"]), case["periods"], case["profile"], weights))
    if op == "merge":
        left, right = record(case["left"]), record(case["right"])
        if "error" in case:
            before = left.to_jsonl()
            try:
                left.merge(right)
            finally:
                assert left.to_jsonl() == before, "a refused merge changed the journal"
                assert len(left) == case["expect_len"]
        left_right, right_left = record(case["left"]), record(case["right"])
        report = left_right.merge(right)
        right_left.merge(left)
        assert (report.added, report.already_present) == (case["expect_added"], case["expect_already_present"])
        for merged in (left_right, right_left):
            assert len(merged) == case["expect_len"]
            assert state(merged) == case["expect_state"]
            merged.verify()
        if "expect_day_work" in case:
            once = left_right.to_jsonl()
            assert left_right.merge(right).added == 0  # merging again counts nothing twice
            assert left_right.to_jsonl() == once
            for merged in (left_right, right_left):
                day_work(merged, case["expect_day_work"])
        return None
    if op == "sync":
        return sync(case)
    if op == "tamper":
        lines = record(case["events"]).to_jsonl().splitlines()
        target = case["line"] - 1
        if case.get("delete"):
            del lines[target]
        else:
            assert case["find"] in lines[target]
            lines[target] = lines[target].replace(case["find"], case["replace"], 1)
        pl.Journal.from_jsonl("".join(line + "\n" for line in lines))
        return None
    if op == "import":
        journal = pl.Journal.from_jsonl("".join(line + "\n" for line in case["lines"]))
        assert len(journal) == case["expect_len"]
        return None
    if op == "payment_applications":
        return payment_applications(case)
    if op == "cash_flow":
        flows = {key: [(date.fromisoformat(d), pl.Money.parse(m)) for d, m in case.get(key, [])] for key in ("planned", "actual", "available")}
        rows, gap = pl.cash_flow(case["currency"], kind=case["kind"], **flows)
        columns = ["period", "planned", "actual", "available", "cumulative_planned", "cumulative_actual", "cumulative_available", "shortfall"]
        return {
            "rows": [[str(row[c]) for c in columns] for row in rows],
            "funding_gap": None if gap is None else [gap[0], str(gap[1].amount)],
        }
    if op == "schedule":
        return run_schedule(case)
    if op in ("read_mspdi", "read_xer"):
        text = (Path(__file__).resolve().parents[2] / case["file"]).read_text(encoding="utf-8") if "file" in case else case["text"]
        f = pl.read_mspdi(text) if op == "read_mspdi" else pl.read_xer(text)
        return {
            "name": f.name, "project_start": f.project_start.isoformat(), "project_calendar": f.project_calendar,
            "activities": [[a.id, *activity_fields(a)] for a in f.activities],
            "links": [list(link) for link in f.links],
            "baseline": {k: [s.isoformat(), e.isoformat()] for k, (s, e) in f.baseline.items()},
            "unsupported": len(f.unsupported),
            "status_date": f.status_date.isoformat() if f.status_date else None,
            "progress": {k: [s.isoformat(), e.isoformat() if e else None, work_json(left)] for k, (s, e, left) in f.progress.items()},
        }
    raise AssertionError(f"unknown op {op}")


def activity_fields(a: pl.Activity) -> list[Any]:
    """An activity read from a file, as the Rust runner writes it."""
    constraint = f"{a.constraint[0]} {a.constraint[1].isoformat()}" if a.constraint else None
    return [a.name, work_json(a.duration), a.calendar, constraint, a.deadline.isoformat() if a.deadline else None]


def run_schedule(case: dict[str, Any]) -> dict[str, Any]:
    """A schedule case through pl.schedule: Activity objects, links as tuples, options as
    keywords; rows as the Rust runner writes them."""
    activities = [activity(a) for a in case["activities"]]
    links = [(link["predecessor"], link["successor"], link["kind"], link["lag"]) for link in case["links"]]
    options = dict(case["options"])
    start = date.fromisoformat(options.pop("project_start"))
    calendars = {name: pl.WorkCalendar.from_json(json.dumps(spec)) for name, spec in case.get("calendars", {}).items()}
    progress = {
        id: (date.fromisoformat(p["actual_start"]), date.fromisoformat(p["actual_finish"]) if "actual_finish" in p else None, work(p["remaining_duration"]))
        for id, p in case.get("progress", {}).items()
    }
    status = date.fromisoformat(case["status_date"]) if "status_date" in case else None
    plan = pl.schedule(activities, links, start, calendar(case["calendar"]), calendars=calendars, status_date=status, progress=progress, **options)
    frame = plan.activities.to_pandas()  # dates stay datetime.date, floats ints
    dates = ["early_start", "early_finish", "late_start", "late_finish"]
    rows = [[r["id"], *(r[k].isoformat() for k in dates), int(r["total_float"]), int(r["free_float"]), bool(r["critical"])] for _, r in frame.iterrows()]
    result = {"activities": rows, "project_finish": plan.project_finish.isoformat(), "critical_path": plan.critical_path}
    if "times" in case["expect"]:  # clock times and exact floats, for work in hours
        times = ["early_start_time", "early_finish_time"]
        result["times"] = [[r["id"], *(r[k].isoformat() for k in times), int(r["total_float_minutes"]), int(r["free_float_minutes"])] for _, r in frame.iterrows()]
    return result


FIGURES = [
    "completed_this_period",
    "payable_this_period",
    "retention_this_period",
    "retention_to_date",
    "advance_recovered_this_period",
    "advance_recovered_to_date",
    "deductions",
    "net_due",
]


def payment_applications(case: dict[str, Any]) -> list[dict[str, str]]:
    spec = case["terms"]
    price = pl.Money.parse(spec["contract_price"])
    retention = pl.Retention(**spec["retention"]) if "retention" in spec else None
    advance = None
    if "advance" in spec:
        a = dict(spec["advance"])
        recovery = {k: Decimal(a.pop(k)) for k in ("main_materials_share", "recover_from", "recover_to") if k in a}
        if "share" in a:
            advance = pl.AdvancePayment.share_of(price, Decimal(a["share"]), **recovery)
        else:
            advance = pl.AdvancePayment(pl.Money(Decimal(a["amount"]), price.currency), **recovery)
    terms = pl.PaymentTerms(price, Decimal(spec["payable_share"]), retention, advance)
    payable_range = tuple(Decimal(x) for x in case["payable_range"]) if "payable_range" in case else None
    previous, shown = pl.Money.zero(price.currency), []
    for period in case["periods"]:
        lines = [
            pl.ScheduleLine.quantity(l["item"], Decimal(l["quantity_to_date"]), Decimal(l["unit_rate"]))
            if "unit_rate" in l
            else pl.ScheduleLine.amount(l["item"], Decimal(l["value_to_date"]))
            if "value_to_date" in l
            else pl.ScheduleLine.percent_complete(l["item"], Decimal(l["scheduled_value"]), Decimal(l["complete_to_date"]))
            for l in period["lines"]
        ]
        deductions = [(reason, Decimal(amount)) for reason, amount in period.get("deductions", [])]
        figures = pl.payment_application(terms, lines, previous, deductions, payable_range)
        shown.append({name: str(getattr(figures, name).amount) for name in FIGURES})
        previous = figures.completed_to_date
    return shown


def cost_day_work_case(case: dict[str, Any]) -> list[list[str]]:
    """Raw time-sheet lines costed over columns: hours and amounts as given, multipliers and rates without trailing zeros."""
    lines = case["lines"]
    entries = {"worker": [l[0] for l in lines], "date": [date.fromisoformat(l[1]) for l in lines], "hours": [Decimal(l[2]) for l in lines]}
    workers = {"worker": list(case["trades"]), "trade": list(case["trades"].values())}
    rates = {name: [r[i] for r in case["rates"]] for i, name in enumerate(("valid_from", "unit", "amount", "trade", "worker"))}
    rates["valid_from"] = [date.fromisoformat(d) for d in rates["valid_from"]]
    rates["amount"] = [Decimal(a) for a in rates["amount"]]
    costed = pl.cost_day_work(entries, workers, rates, calendar(case["calendar"]), case["currency"])
    plain = lambda d: format(d.normalize(), "f")  # noqa: E731
    return [
        [r["day_kind"], str(r["regular_hours"]), str(r["overtime_hours"]), plain(r["multiplier"]), plain(r["rate"]), r["rate_unit"], str(r["amount"])]
        for r in costed.to_pylist()
    ]


def aggregate_case(case: dict[str, Any]) -> list[list[Any]]:
    """Costed lines grouped by the case's dimensions, as columns with a worker table."""
    lines = case["lines"]
    entries = {
        "worker": [l[0] for l in lines],
        "project": [l[1] for l in lines],
        "cost_code": [l[2] for l in lines],
        "date": [date.fromisoformat(l[3]) for l in lines],
        "regular_hours": [Decimal(l[4]) for l in lines],
        "overtime_hours": [Decimal(l[5]) for l in lines],
        "amount": [Decimal(l[6]) for l in lines],
    }
    workers = {name: [w[i] for w in case["workers"]] for i, name in enumerate(("worker", "team", "trade", "employer"))}
    table = pl.aggregate_day_work(entries, workers, case["by"], case["currency"])
    return [
        [[r[d] for d in case["by"]], r["entries"], r["headcount"], str(r["regular_hours"]), str(r["overtime_hours"]), str(r["hours"]), str(r["amount"])]
        for r in table.to_pylist()
    ]


@pytest.mark.parametrize("case", CASES)
def test_scenario(case: dict[str, Any]) -> None:
    case = copy.deepcopy(case)
    if "error" in case:
        with pytest.raises(pl.ProjectLedgerError) as raised:
            run(case)
        error = raised.value
        assert error.kind == case["error"], f"{case}: {error!r}"
        check_details(error, case)
    else:
        result = run(case)
        if "expect" in case:
            assert result == case["expect"]


PAYLOADS = [
    pytest.param(spec["payload"], id=f"{path.stem}-{spec['id']}")
    for path in sorted(SCENARIOS.glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
    for spec in [
        *case.get("events", []),
        *(step["append"] for step in case.get("steps", []) if "append" in step),
        *(step["event"] for step in case.get("steps", []) if "record" in step),
    ]
]


@pytest.mark.parametrize("spec", PAYLOADS)
def test_each_payload_class_constructs_what_the_journal_reads(spec: dict[str, Any]) -> None:
    try:
        expected = journal_payload(spec)
    except pl.ProjectLedgerError as error:
        with pytest.raises(type(error)):
            constructed(spec)
        return
    assert constructed(spec) == expected
    # Its JSON (id numbers in full) reads back equal.
    assert pl.payload_from_json(expected.to_json()) == expected


def test_every_payload_class_is_constructed_by_some_scenario() -> None:
    kinds = {spec.values[0]["type"] for spec in PAYLOADS}
    assert len(kinds) == 65, sorted(kinds)


def test_every_scenario_file_was_collected() -> None:
    assert len(CASES) > 100
