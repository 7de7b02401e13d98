//! Runs every shared scenario under `tests/scenarios/` against the Rust API.
//! The Python and Kotlin suites run the same files against their surfaces.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use projectledger::calendar::HolidayNotice;
use projectledger::decimal::parse_exact;
use projectledger::cost::CostBreakdown;
use projectledger::evm::{EarnedSchedule, EarnedValue, SpreadProfile};
use projectledger::{
    allocate, split_evenly, ActorId, Currency, Decimal, Error, Event, EventId, Journal, Money, Payload, Period, PeriodKind,
    ProjectId, RoundingStrategy, WorkCalendar, Workflow,
};
use serde_json::Value;

fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    assert!(!files.is_empty(), "no scenarios in {}", dir.display());
    files
}

fn s(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_else(|| panic!("{key} missing in {value}")).to_owned()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn calendar(name: &str) -> WorkCalendar {
    match name {
        "china_2025" => WorkCalendar::china_2025().unwrap(),
        "china_2024_2026" => WorkCalendar::china(2024, 2026).unwrap(),
        "china_2025_weekly_outside" => WorkCalendar::china_2025().unwrap().with_weekly_pattern_outside_years(),
        "standard" => WorkCalendar::standard("Mon-Fri").unwrap(),
        other => panic!("unknown calendar {other}"),
    }
}

fn workflow(value: &Value) -> Result<Workflow, Error> {
    match value.as_str() {
        Some("standard") => Workflow::standard(),
        Some(other) => panic!("unknown workflow {other}"),
        None => Workflow::from_json(&value.to_string()),
    }
}

/// Builds an event from its scenario form; id errors surface as the scenario's error.
/// An event of a scenario. Its payload's fields are the journal's data, but for the objects
/// a scenario names or writes in their own form — calendars by name, workflows and breakdowns
/// (checked by their own parsers, so their errors keep their kind), currencies by code —
/// resolved here once for every payload.
fn event(value: &Value) -> Result<Event, Error> {
    let mut data = value["payload"].clone();
    let fields = data.as_object_mut().unwrap();
    let kind = fields.remove("type").unwrap();
    if let Some(name) = fields.get("calendar").and_then(Value::as_str) {
        let resolved = serde_json::to_value(calendar(name)).unwrap();
        fields.insert("calendar".into(), resolved);
    }
    if let Some(spec) = fields.get("workflow") {
        let resolved = serde_json::to_value(workflow(spec)?).unwrap();
        fields.insert("workflow".into(), resolved);
    }
    if let Some(spec) = fields.get("breakdown") {
        let resolved = serde_json::to_value(CostBreakdown::from_json(&spec.to_string())?).unwrap();
        fields.insert("breakdown".into(), resolved);
    }
    if let Some(code) = fields.get("currency").and_then(Value::as_str) {
        let resolved = serde_json::to_value(Currency::from_code(code)?).unwrap();
        fields.insert("currency".into(), resolved);
    }
    let payload: Payload = serde_json::from_value(serde_json::json!({"type": kind, "data": data})).unwrap_or_else(|e| panic!("payload {kind}: {e}"));
    Ok(Event::new(
        EventId::try_new(s(value, "id"))?,
        s(value, "recorded_at").parse::<DateTime<Utc>>().unwrap(),
        ActorId::try_new(s(value, "actor"))?,
        payload,
    ))
}

/// The lifecycle expectations of a case: phase, status and history per project, phase
/// counts, durations and transitions in a period.
fn check_lifecycle(journal: &Journal, expected: &Value, case: &Value) {
    let state = journal.state();
    for spec in expected["projects"].as_array().unwrap() {
        let project = state.project(&ProjectId::try_new(s(spec, "id")).unwrap()).unwrap();
        assert_eq!((project.phase.as_str(), project.status.name()), (spec["phase"].as_str().unwrap(), spec["status"].as_str().unwrap()), "{case}");
        let history: Vec<Value> =
            project.history.iter().map(|r| serde_json::json!([r.kind.name(), r.from, r.to, r.actor.as_str()])).collect();
        assert_eq!(Value::Array(history), spec["history"], "{case}");
    }
    let counts: Vec<Value> = state
        .phase_counts()
        .iter()
        .map(|c| serde_json::json!({"phase": c.phase, "active": c.active, "on_hold": c.on_hold, "cancelled": c.cancelled}))
        .collect();
    assert_eq!(Value::Array(counts), expected["phase_counts"], "{case}");
    if let Some(spec) = expected.get("durations") {
        let project = state.project(&ProjectId::try_new(s(spec, "project")).unwrap()).unwrap();
        let durations: Vec<Value> = project
            .phase_durations(s(spec, "as_of").parse().unwrap())
            .unwrap()
            .iter()
            .map(|d| serde_json::json!({"phase": d.phase, "visits": d.visits, "calendar_days": d.calendar_days, "working_days": d.working_days}))
            .collect();
        assert_eq!(Value::Array(durations), spec["expect"], "{case}");
    }
    if let Some(spec) = expected.get("transitions") {
        let found: Vec<Value> = state
            .transitions_between(date(&s(spec, "from")), date(&s(spec, "to")))
            .iter()
            .map(|(p, r)| serde_json::json!([p.id.as_str(), r.kind.name(), r.from, r.to]))
            .collect();
        assert_eq!(Value::Array(found), spec["expect"], "{case}");
    }
}

/// The journal written to a store, closed (which keeps a snapshot of its state) and opened
/// again from that snapshot.
#[cfg(feature = "store")]
fn through_a_store(journal: &Journal) -> Journal {
    static STORES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STORES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("pl-scenario-store-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    drop(journal.clone().into_store(dir.join("journal.db")).unwrap());
    let reopened = Journal::open(dir.join("journal.db")).unwrap().clone();
    let _ = std::fs::remove_dir_all(&dir);
    reopened
}

fn record(events: &Value) -> Journal {
    let mut journal = Journal::new();
    for e in events.as_array().unwrap() {
        journal.append(event(e).unwrap()).unwrap();
    }
    journal
}

/// Two replicas syncing through change sets carried as JSON Lines; each keeps the cursor it
/// last sent the other up to.
fn run_sync(case: &Value) -> Result<Value, Error> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut devices: BTreeMap<String, Journal> = case["devices"].as_object().unwrap().iter().map(|(name, events)| (name.clone(), record(events))).collect();
    let mut sent: BTreeMap<(String, String), u64> = BTreeMap::new();
    for step in case["steps"].as_array().unwrap() {
        if let Some(device) = step.get("record").and_then(Value::as_str) {
            let journal = devices.get_mut(device).unwrap();
            let (len, head) = (journal.len(), journal.head());
            match (journal.append(event(&step["event"])?), step.get("error").and_then(Value::as_str)) {
                (Ok(_), None) => {}
                (Err(error), Some(kind)) => {
                    assert_eq!(error.kind(), kind, "{step}: {error}");
                    assert_eq!((journal.len(), journal.head()), (len, head), "a refused event changed the journal");
                }
                (result, expected) => panic!("{step}: want {expected:?}, got {result:?}"),
            }
            continue;
        }
        let (from, to) = (s(step, "send"), s(step, "to"));
        let cursor = sent.get(&(from.clone(), to.clone())).copied().unwrap_or(0);
        let changes = devices[&from].changes_since(&to, cursor)?;
        let mut carried = changes.to_jsonl();
        if let Some(keep) = step.get("cut_after").and_then(Value::as_u64) {
            carried = carried.split_inclusive('\n').take(usize::try_from(keep).unwrap() + 1).collect();
        }
        let receiver = devices.get_mut(&to).unwrap();
        let (len, head) = (receiver.len(), receiver.head());
        let applied = projectledger::Changes::from_jsonl(carried.as_bytes()).and_then(|c| receiver.apply_changes(&from, &c));
        if let Some(kind) = step.get("error").and_then(Value::as_str) {
            let error = applied.unwrap_err();
            assert_eq!(error.kind(), kind, "{step}");
            assert_eq!((receiver.len(), receiver.head()), (len, head), "a refused change set changed the journal");
            continue;
        }
        let report = applied?;
        assert_eq!(changes.events.len() as u64, step["expect_sent"].as_u64().unwrap(), "{step}");
        assert_eq!(report.added as u64, step["expect_added"].as_u64().unwrap(), "{step}");
        sent.insert((from, to), changes.cursor);
    }
    let digests: BTreeSet<String> = devices.values().map(|j| j.digest().to_string()).collect();
    assert_eq!(digests.len(), 1, "the replicas hold different events");
    let states: BTreeSet<String> = devices.values().map(|j| j.state_digest().to_string()).collect();
    assert_eq!(states.len(), 1, "the replicas fold to different states");
    for journal in devices.values() {
        assert_eq!(journal.len() as u64, case["expect_len"].as_u64().unwrap(), "{case}");
        check_state(journal, &case["expect_state"], case);
        journal.verify()?;
        assert_eq!(journal.state(), &journal.replay());
        if let Some(expected) = case.get("expect_conflicts") {
            let got: Vec<Value> = journal
                .state()
                .conflicts()
                .iter()
                .map(|c| {
                    let dropped: Vec<Value> = c.dropped.iter().map(|d| serde_json::json!({"item": d.item, "reasons": d.reasons})).collect();
                    serde_json::json!({"event_id": c.event_id.as_str(), "error": c.error.kind(), "actor": c.actor.as_str(), "dropped": dropped,
                        "settled_by": c.settled.as_ref().map(|s| s.by.as_str()), "note": c.settled.as_ref().map(|s| s.note.as_str())})
                })
                .collect();
            assert_eq!(&Value::Array(got), expected, "{}", s(case, "name"));
        }
    }
    Ok(Value::Null)
}

fn check_state(journal: &Journal, expected: &Value, case: &Value) {
    let projects: Vec<Value> = journal
        .state()
        .projects()
        .map(|p| {
            serde_json::json!({"id": p.id.as_str(), "name": p.name, "code": p.code,
                "currency": p.currency.code(), "calendar": p.calendar.name()})
        })
        .collect();
    assert_eq!(Value::Array(projects), expected["projects"], "{case}");
    let conflicts: Vec<Value> = journal
        .state()
        .conflicts()
        .iter()
        .map(|c| serde_json::json!({"event_id": c.event_id.as_str(), "error": c.error.kind()}))
        .collect();
    assert_eq!(Value::Array(conflicts), expected["conflicts"], "{case}");
}

fn budget_row(row: &projectledger::cost::BudgetRow) -> Value {
    serde_json::to_value(row).unwrap().as_object().unwrap().iter().map(|(k, v)| (k.clone(), Value::from(serde_json::from_value::<Money>(v.clone()).unwrap().to_string()))).collect()
}

fn check_budget(journal: &Journal, expected: &Value, case: &Value) {
    let project_id = ProjectId::try_new(s(expected, "project_id")).unwrap();
    let centre = journal.state().cost_centre(&project_id).unwrap();
    for (code, row) in expected["rows"].as_object().unwrap() {
        let code = (code != "project").then_some(code.as_str());
        assert_eq!(budget_row(&centre.row(code, None).unwrap()), *row, "{code:?}");
    }
    let view = centre.view(None).unwrap();
    assert_eq!(view.len(), expected["rows"].as_object().unwrap().len(), "every code and the total");
    let by_type = &expected["by_cost_type"];
    assert_eq!(budget_row(&centre.row(None, Some(&s(by_type, "cost_type"))).unwrap()), by_type["project"]);
    let documents: serde_json::Map<String, Value> =
        centre.documents().iter().map(|(id, d)| (id.clone(), Value::from(projectledger::cost::status_name(d.status)))).collect();
    assert_eq!(Value::Object(documents), expected["documents"], "{case}");
    let warnings: Vec<Value> = centre
        .warnings()
        .iter()
        .map(|w| {
            serde_json::json!({"event_id": w.event_id.as_str(), "code": w.code, "measure": w.measure,
                "amount": w.amount.to_string(), "budget": w.budget.to_string(), "over_by": w.over_by.to_string()})
        })
        .collect();
    assert_eq!(Value::Array(warnings), expected["warnings"]);
    let margin = serde_json::to_value(centre.margin().unwrap()).unwrap();
    let margin: serde_json::Map<String, Value> = margin
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::from_value::<Money>(v.clone()).map_or_else(|_| v.clone(), |m| Value::from(m.to_string()))))
        .collect();
    assert_eq!(Value::Object(margin), expected["margin"]);
    let ev = &expected["earned_value"];
    let status_date: chrono::NaiveDate = s(ev, "status_date").parse().unwrap();
    for (code, figures) in ev["nodes"].as_object().unwrap() {
        let code = (code != "project").then_some(code.as_str());
        let f = journal.state().earned_value(&project_id, code, status_date).unwrap();
        let money = |m: &Money| Value::from(m.to_string());
        let opt_money = |m: &Option<Money>| m.as_ref().map_or(Value::Null, |m| Value::from(m.to_string()));
        let ratio = |r: &Option<projectledger::Decimal>| r.map_or(Value::Null, |r| Value::from(r.to_string()));
        let got = serde_json::json!({
            "bac": money(&f.bac), "pv": money(&f.pv), "ev": money(&f.ev), "ac": money(&f.ac), "sv": money(&f.sv), "cv": money(&f.cv),
            "spi": ratio(&f.spi), "cpi": ratio(&f.cpi), "eac_cpi": opt_money(&f.eac_cpi), "eac_atypical": money(&f.eac_atypical),
            "eac_cpi_spi": opt_money(&f.eac_cpi_spi), "etc": opt_money(&f.etc), "vac": opt_money(&f.vac),
            "tcpi_bac": ratio(&f.tcpi_bac), "tcpi_eac": ratio(&f.tcpi_eac),
        });
        assert_eq!(&got, figures, "earned value of {code:?}");
    }
    let es = &expected["earned_schedule"];
    let status_date: chrono::NaiveDate = s(es, "status_date").parse().unwrap();
    let period: projectledger::PeriodKind = serde_json::from_value(es["period"].clone()).unwrap();
    for (code, figures) in es["nodes"].as_object().unwrap() {
        let code = (code != "project").then_some(code.as_str());
        let f = journal.state().earned_schedule(&project_id, code, status_date, period).unwrap();
        let ratio = |r: Option<projectledger::Decimal>| r.map_or(Value::Null, |r| Value::from(r.to_string()));
        let got = serde_json::json!({"es": f.es.to_string(), "spi_t": ratio(f.spi_t), "ieac_t": ratio(f.ieac_t)});
        assert_eq!(&got, figures, "earned schedule of {code:?}");
    }
    let as_of = &expected["as_of"];
    let at = chrono::DateTime::parse_from_rfc3339(&s(as_of, "at")).unwrap().with_timezone(&chrono::Utc);
    let then = journal.state_as_of(at);
    let then_row = then.cost_centre(&project_id).unwrap().row(None, None).unwrap();
    assert_eq!(budget_row(&then_row), as_of["project"]);
}

/// A schedule case: the calendar by name, named calendars as JSON, options, activities and
/// links in their serde form; rows of dates and floats.
fn run_schedule(case: &Value) -> Result<Value, Error> {
    use projectledger::schedule::{reschedule, Activity, Calendars, Link, Progress, ScheduleOptions};
    let mut calendars = Calendars::new();
    for (name, spec) in case.get("calendars").and_then(Value::as_object).into_iter().flatten() {
        calendars.insert(name.clone(), WorkCalendar::from_json(&spec.to_string())?);
    }
    let options: ScheduleOptions = serde_json::from_value(case["options"].clone()).unwrap();
    let activities: Vec<Activity> = serde_json::from_value(case["activities"].clone()).unwrap();
    let links: Vec<Link> = serde_json::from_value(case["links"].clone()).unwrap();
    let progress: std::collections::BTreeMap<String, Progress> = case.get("progress").map_or_else(Default::default, |p| serde_json::from_value(p.clone()).unwrap());
    let status_date = case.get("status_date").map(|d| date(d.as_str().unwrap()));
    let plan = reschedule(&activities, &links, &options, &calendar(&s(case, "calendar")), &calendars, &progress, status_date)?;
    let mut rows = schedule_rows(&plan);
    // Clock times and exact floats where the case writes them out (work in hours).
    if case["expect"].get("times").is_some() {
        let times: Vec<Value> = plan.activities.iter().map(|r| serde_json::json!([r.id, r.early_start_time.to_string(), r.early_finish_time.to_string(), r.total_float_minutes, r.free_float_minutes])).collect();
        rows["times"] = Value::Array(times);
    }
    Ok(rows)
}

/// A file case: the file's text (from `file`, relative to the repository, or `text`) read as
/// MSPDI; the network in a compact form, the count of what was not imported.
fn read_file_case(case: &Value) -> Result<Value, Error> {
    use projectledger::schedule::Constraint;
    let text = match case.get("file") {
        Some(path) => std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path.as_str().unwrap())).unwrap(),
        None => s(case, "text"),
    };
    let file = if s(case, "op") == "read_xer" { projectledger::schedule::read_xer(&text)? } else { projectledger::schedule::read_mspdi(&text)? };
    let constraint = |c: &Constraint| {
        let v = serde_json::to_value(c).unwrap();
        format!("{} {}", v["kind"].as_str().unwrap(), v["date"].as_str().unwrap())
    };
    let activities: Vec<Value> = file
        .activities
        .iter()
        .map(|a| serde_json::json!([a.id, a.name, a.duration, a.calendar, a.constraint.as_ref().map(constraint), a.deadline.map(|d| d.to_string())]))
        .collect();
    let links: Vec<Value> = file.links.iter().map(|l| serde_json::json!([l.predecessor, l.successor, serde_json::to_value(l.kind).unwrap(), l.lag])).collect();
    let baseline: serde_json::Map<String, Value> = file.baseline.iter().map(|(id, (s, f))| (id.clone(), serde_json::json!([s.to_string(), f.to_string()]))).collect();
    let progress: serde_json::Map<String, Value> =
        file.progress.iter().map(|(id, p)| (id.clone(), serde_json::json!([p.actual_start.to_string(), p.actual_finish.map(|d| d.to_string()), p.remaining_duration]))).collect();
    Ok(serde_json::json!({
        "name": file.name, "project_start": file.settings.project_start.to_string(), "project_calendar": file.project_calendar,
        "activities": activities, "links": links, "baseline": baseline, "unsupported": file.unsupported.len(),
        "status_date": file.status_date.map(|d| d.to_string()), "progress": progress,
    }))
}

fn schedule_rows(plan: &projectledger::schedule::Schedule) -> Value {
    let rows: Vec<Value> = plan
        .activities
        .iter()
        .map(|r| {
            let d = |date: chrono::NaiveDate| date.to_string();
            serde_json::json!([r.id, d(r.early_start), d(r.early_finish), d(r.late_start), d(r.late_finish), r.total_float, r.free_float, r.critical])
        })
        .collect();
    serde_json::json!({"activities": rows, "project_finish": plan.project_finish.to_string(), "critical_path": plan.critical_path})
}

/// A project's schedule from the journal: the current schedule, variance to B0, the
/// activities at risk and a foreman's day.
fn check_schedule(journal: &Journal, expected: &Value) {
    use projectledger::schedule::Risk;
    let state = journal.state();
    let p1 = ProjectId::try_new("P1").unwrap();
    let book = state.schedule(&p1).unwrap();
    assert_eq!(book.status_date().map(|d| d.to_string()), expected["status_date"].as_str().map(str::to_owned));
    assert_eq!(schedule_rows(book.current()), expected["schedule"]);
    let d = |date: Option<chrono::NaiveDate>| date.map(|d| d.to_string());
    let variance: Vec<Value> = state
        .schedule_variance(&p1, "B0")
        .unwrap()
        .iter()
        .map(|v| serde_json::json!([v.id, d(v.baseline_start), d(v.baseline_finish), v.start.to_string(), v.finish.to_string(), v.start_variance, v.finish_variance, v.total_float, v.baseline_float]))
        .collect();
    assert_eq!(Value::Array(variance), expected["variance"]);
    let risk = |r: &Risk| match r {
        Risk::NegativeFloat { total_float } => format!("negative_float:{total_float}"),
        Risk::ShrinkingFloat { from, to } => format!("shrinking_float:{from}:{to}"),
        Risk::LateStart => "late_start".to_owned(),
        Risk::LateFinish => "late_finish".to_owned(),
    };
    let at_risk: Vec<Value> = state.activities_at_risk(&p1, Some("B0")).unwrap().iter().map(|a| serde_json::json!([a.id, a.risks.iter().map(risk).collect::<Vec<_>>()])).collect();
    assert_eq!(Value::Array(at_risk), expected["at_risk"]);
    let day: Vec<Value> = state
        .day_list(&p1, date(&s(expected, "day")), None)
        .unwrap()
        .iter()
        .map(|a| serde_json::json!([a.id, a.start.to_string(), a.finish.to_string(), a.started, a.total_float, a.late]))
        .collect();
    assert_eq!(Value::Array(day), expected["day_list"]);
}

/// The fund positions: sources, allocations, the consumption trace, applications and wage accounts.
fn check_funds(journal: &Journal, expected: &Value) {
    let state = journal.state();
    let funds = state.funds();
    let text = |m: &Money| Value::from(m.to_string());
    let sources: Vec<Value> = funds.source_positions().unwrap().iter().map(|p| serde_json::json!([p.source_id, text(&p.amount), text(&p.allocated), text(&p.consumed), text(&p.unallocated)])).collect();
    assert_eq!(Value::Array(sources), expected["sources"]);
    let allocations: Vec<Value> = funds
        .allocation_positions(None)
        .unwrap()
        .iter()
        .map(|p| serde_json::json!([p.source_id, p.project_id.as_str(), p.code.as_deref(), text(&p.allocated), text(&p.consumed), text(&p.remaining)]))
        .collect();
    assert_eq!(Value::Array(allocations), expected["allocations"]);
    let consumptions: Vec<Value> =
        funds.consumptions(None).map(|c| serde_json::json!([c.payment_id, c.source_id, c.allocated_to.as_deref(), c.code.as_str(), c.cost_type, text(&c.amount)])).collect();
    assert_eq!(Value::Array(consumptions), expected["consumptions"]);
    let applications: Vec<Value> = funds
        .applications()
        .map(|a| {
            let f = &a.figures;
            serde_json::json!([a.application_id, a.state.name(), text(&f.completed_this_period), text(&f.payable_this_period), text(&f.retention_this_period), text(&f.retention_to_date), text(&f.net_due)])
        })
        .collect();
    assert_eq!(Value::Array(applications), expected["applications"]);
    let project_id = ProjectId::try_new("P1").unwrap();
    let contracts: Vec<Value> = state
        .contract_positions(&project_id)
        .unwrap()
        .iter()
        .map(|c| serde_json::json!([c.contract_id.as_deref(), text(&c.contract_price), text(&c.certified_to_date), text(&c.retention_held), text(&c.advance_recovered), text(&c.paid_to_date), c.open_application]))
        .collect();
    assert_eq!(Value::Array(contracts), expected["contracts"]);
    for check in expected["wage_accounts"].as_array().unwrap() {
        let p = state.wage_account(&project_id, date(&s(check, "month")), date(&s(check, "as_of"))).unwrap();
        let got = serde_json::json!([text(&p.deposited), text(&p.drawn), text(&p.balance), text(&p.wages_due), text(&p.shortfall), p.short]);
        assert_eq!(got, check["expect"], "{check}");
    }
}

fn check_day_work(journal: &Journal, expected: &Value, case: &Value) {
    use projectledger::labour::EntryFilter;
    let state = journal.state();
    let work = state.day_work();
    for (id, figures) in expected["entries"].as_object().unwrap() {
        let e = work.entry(id).unwrap_or_else(|| panic!("entry {id}"));
        let got = serde_json::json!([e.state.name(), e.cost.regular_hours.to_string(), e.cost.overtime_hours.to_string(), e.cost.amount.to_string()]);
        assert_eq!(&got, figures, "entry {id}");
    }
    let summary = &expected["summary"];
    let by: Vec<projectledger::labour::Dimension> = serde_json::from_value(summary["by"].clone()).unwrap();
    let rows: Vec<Value> = state
        .day_work_summary(&by, &EntryFilter::default())
        .unwrap()
        .into_iter()
        .map(|r| {
            serde_json::json!({"key": r.key.values().collect::<Vec<_>>(), "entries": r.entries, "headcount": r.headcount, "regular_hours": r.regular_hours.to_string(),
                "overtime_hours": r.overtime_hours.to_string(), "hours": r.hours.to_string(), "workdays": r.workdays.to_string(), "amount": r.amount.to_string()})
        })
        .collect();
    assert_eq!(Value::Array(rows), summary["rows"], "{case}");
    let warnings: Vec<Value> = work.warnings().map(|w| serde_json::json!([w.event_id.as_str(), w.entry_id, w.message])).collect();
    assert_eq!(Value::Array(warnings), expected["warnings"]);
    if let Some(ledger) = expected.get("wage_ledger") {
        let project_id = ProjectId::try_new(s(ledger, "project_id")).unwrap();
        let rows: Vec<Value> = state
            .wage_ledger(&project_id, None, date(&s(ledger, "as_of")), projectledger::labour::IdNumbers::Masked)
            .unwrap()
            .into_iter()
            .map(|r| {
                let mut v = serde_json::to_value(&r).unwrap();
                let object = v.as_object_mut().unwrap();
                object.remove("project_id");
                for (_, value) in object.iter_mut() {
                    if let Ok(m) = serde_json::from_value::<Money>(value.clone()) {
                        *value = Value::from(m.to_string());
                    }
                }
                v
            })
            .collect();
        assert_eq!(Value::Array(rows), ledger["rows"], "{case}");
    }
    if let Some(actuals) = expected.get("labour_actuals") {
        let centre = state.cost_centre(&ProjectId::try_new(s(actuals, "project_id")).unwrap()).unwrap();
        for (code, amount) in actuals["codes"].as_object().unwrap() {
            let code = (code != "project").then_some(code.as_str());
            assert_eq!(centre.row(code, Some("labour")).unwrap().actual.to_string(), amount.as_str().unwrap(), "{code:?}");
        }
    }
    if let Some(lookups) = expected.get("lookups") {
        for (id, want) in lookups["entries"].as_object().unwrap() {
            let got = work.entry(id).map(|e| serde_json::json!([e.project_id.as_str(), e.worker_id.as_str(), e.cost_code.as_str(), e.date.to_string(), e.hours.to_string(), e.state.name(), e.cost.amount.to_string()]));
            assert_eq!(got.unwrap_or(Value::Null), *want, "entry {id}");
        }
        for (id, want) in lookups["workers"].as_object().unwrap() {
            let got = work.worker(id).map(|w| serde_json::json!([w.name, w.id_number.masked(), w.team]));
            assert_eq!(got.unwrap_or(Value::Null), *want, "worker {id}");
        }
    }
    if let Some(selection) = expected.get("selection") {
        let filter: EntryFilter = serde_json::from_value(selection["filter"].clone()).unwrap();
        let ids: Vec<&str> = work.select(&filter).iter().map(|e| e.entry_id.as_str()).collect();
        assert_eq!(serde_json::json!(ids), selection["entry_ids"]);
    }
}

/// The risk register as of a day (a row per risk), the heat map's filled cells and the
/// exposure against the contingency reserve.
fn check_risks(journal: &Journal, expected: &Value) {
    let state = journal.state();
    let project_id = ProjectId::try_new(s(expected, "project_id")).unwrap();
    let name = |v: Value| v.as_str().map_or(Value::Null, Value::from);
    let rows: Vec<Value> = state
        .risk_register(Some(&project_id), date(&s(expected, "as_of")))
        .unwrap()
        .into_iter()
        .map(|r| {
            serde_json::json!([r.risk_id, name(serde_json::to_value(r.category).unwrap()), r.status.name(), r.owner.as_str(), r.probability, r.impact, r.score,
                r.level.map(|l| l.name()), r.emv.map(|m| m.to_string()), name(serde_json::to_value(r.strategy).unwrap()), r.open_actions, r.overdue_actions,
                r.next_review.map(|d| d.to_string()), r.review_overdue])
        })
        .collect();
    assert_eq!(Value::Array(rows), expected["rows"]);
    let map = state.risk_heat_map(Some(&project_id)).unwrap();
    let filled: Vec<Value> = map.cells.iter().filter(|c| !c.risk_ids.is_empty()).map(|c| serde_json::json!([c.probability, c.impact, c.risk_ids])).collect();
    assert_eq!(Value::Array(filled), expected["heat_map"]);
    let e = state.risk_exposure(&project_id).unwrap();
    let got = serde_json::json!({"open_risks": e.open_risks, "quantified": e.quantified, "emv_total": e.emv_total.to_string(),
        "contingency_code": e.contingency_code.map(|c| c.to_string()), "contingency": e.contingency.map(|m| m.to_string()), "shortfall": e.shortfall.to_string()});
    assert_eq!(got, expected["exposure"]);
}

/// A project's value realisation as of each day named, from the state as it stood then.
fn check_value(journal: &Journal, expected: &Value) {
    let project_id = ProjectId::try_new(s(expected, "project_id")).unwrap();
    for (day, want) in expected["as_of"].as_object().unwrap() {
        let v = journal.value_realisation(&project_id, date(day)).unwrap();
        let benefits: Vec<Value> = v.benefits.iter().map(|b| serde_json::json!([b.benefit_id, b.planned_to_date.to_string(), b.measured_to_date.to_string(), b.realised_percent.map(|p| p.to_string())])).collect();
        let got = serde_json::json!({"benefits": benefits, "investment": v.investment.to_string(), "planned_return": v.planned_return.to_string(),
            "measured_return": v.measured_return.to_string(), "roi": v.roi.map(|r| r.to_string()), "payback_on": v.payback_on.map(|d| d.to_string()),
            "planned_payback_on": v.planned_payback_on.map(|d| d.to_string())});
        assert_eq!(got, *want, "value as of {day}");
    }
    let report = journal.kpi_report(&project_id, date("2025-05-31")).unwrap();
    assert!(report.contains("ROI 0.2600; payback 2025-04-30"), "{report}");
}

/// The KPIs as of each day named, from the state as it stood then (a row per KPI, by id).
fn check_kpis(journal: &Journal, expected: &Value) {
    let project_id = ProjectId::try_new(s(expected, "project_id")).unwrap();
    for (day, want) in expected["as_of"].as_object().unwrap() {
        let values = journal.kpis(Some(&project_id), date(day)).unwrap();
        let rows: Vec<Value> = values.iter().map(|k| serde_json::json!([k.kpi_id, k.value.map(|v| v.to_string()), k.status.map(|s| serde_json::to_value(s).unwrap())])).collect();
        assert_eq!(Value::Array(rows), *want, "KPIs as of {day}");
    }
}

/// The project's phase and every item of its workflow's review gates.
fn check_reviews(journal: &Journal, expected: &Value) {
    let project_id = ProjectId::try_new(s(expected, "project_id")).unwrap();
    assert_eq!(journal.state().project(&project_id).unwrap().phase, s(expected, "phase"));
    let rows: Vec<Value> = journal.state().review_status(&project_id).unwrap().into_iter().map(|r| serde_json::json!([r.review, r.item, r.role, r.state, r.by, r.evidence])).collect();
    assert_eq!(Value::Array(rows), expected["items"]);
}

/// Every evaluation of a project's suppliers (a row each, by supplier then period) and each
/// supplier's latest grade.
fn check_suppliers(journal: &Journal, expected: &Value) {
    let project_id = ProjectId::try_new(s(expected, "project_id")).unwrap();
    let text = |d: Option<Decimal>| d.map(|d| d.to_string());
    let rows: Vec<Value> = journal
        .state()
        .supplier_evaluations(Some(&project_id))
        .unwrap()
        .into_iter()
        .map(|r| serde_json::json!([r.supplier, r.period_end.to_string(), text(r.quality), text(r.delivery), text(r.cost), text(r.service), text(r.safety), r.score.to_string(), r.grade.name(), text(r.change)]))
        .collect();
    assert_eq!(Value::Array(rows), expected["evaluations"]);
    let grades: Vec<Value> = journal.state().supplier_grades(Some(&project_id)).unwrap().into_iter().map(|r| serde_json::json!([r.supplier, r.grade.name(), r.score.to_string()])).collect();
    assert_eq!(Value::Array(grades), expected["grades"]);
}

fn money_list(values: &Value) -> Vec<String> {
    values.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

/// Raw time-sheet lines costed over columns: per line its day kind, hours (two places),
/// multiplier and rate (as set, without trailing zeros), unit and amount.
fn cost_day_work_case(case: &Value) -> Result<Value, Error> {
    use projectledger::labour::{cost_day_work, day_number, CostingRules, OvertimePolicy, Rate, RateScope, RateTable, RateUnit, RawDayWork};
    let trades = case["trades"].as_object().unwrap();
    let ids: Vec<&str> = trades.keys().map(String::as_str).collect();
    let trade_of: Vec<&str> = trades.values().map(|t| t.as_str().unwrap()).collect();
    let mut table = RateTable::default();
    for r in case["rates"].as_array().unwrap() {
        let text = |i: usize| r[i].as_str().map(str::to_owned);
        let unit = if r[1] == "hour" { RateUnit::Hour } else { RateUnit::Workday };
        table.set(Rate { scope: RateScope::of(text(3), text(4))?, valid_from: date(r[0].as_str().unwrap()), unit, amount: parse_exact(r[2].as_str().unwrap())? })?;
    }
    let lines = case["lines"].as_array().unwrap();
    let worker: Vec<u32> = lines.iter().map(|l| ids.iter().position(|w| *w == l[0].as_str().unwrap()).unwrap() as u32).collect();
    let day: Vec<i32> = lines.iter().map(|l| day_number(date(l[1].as_str().unwrap()))).collect();
    let centihours: Vec<i64> = lines.iter().map(|l| i64::try_from(parse_exact(l[2].as_str().unwrap()).unwrap() * Decimal::ONE_HUNDRED).unwrap()).collect();
    let policy = OvertimePolicy::default();
    let calendar = calendar(&s(case, "calendar"));
    let rules = CostingRules { worker_ids: &ids, trades: &trade_of, rates: &table, calendar: &calendar, policy: &policy, currency: Currency::from_code(&s(case, "currency"))? };
    let costed = cost_day_work(&RawDayWork { worker: &worker, day: &day, centihours: &centihours }, &rules)?;
    let plain = |d: Decimal| d.normalize().to_string();
    let rows = (0..lines.len()).map(|i| {
        let rate = &costed.rates[costed.rate[i] as usize];
        let unit = match rate.unit { RateUnit::Hour => "hour", RateUnit::Workday => "workday" };
        let kind = costed.day_kind[i];
        let amount = Money::from_minor_units(costed.amount_minor[i].into(), rules.currency).unwrap().amount();
        serde_json::json!([kind.name(), Decimal::new(costed.regular_centihours[i], 2).to_string(), Decimal::new(costed.overtime_centihours[i], 2).to_string(), plain(policy.multiplier(kind)), plain(rate.amount), unit, amount.to_string()])
    });
    Ok(Value::Array(rows.collect()))
}

/// Costed lines grouped by the case's dimensions: per row the key, entries, headcount, hours
/// and the amount.
fn aggregate_case(case: &Value) -> Result<Value, Error> {
    use projectledger::labour::{summarise, CostedDayWorkLine, Dimension, WorkerNames};
    let text = |v: &Value| v.as_str().unwrap().to_owned();
    let workers: Vec<Vec<String>> = case["workers"].as_array().unwrap().iter().map(|w| w.as_array().unwrap().iter().map(text).collect()).collect();
    let lines: Vec<Vec<String>> = case["lines"].as_array().unwrap().iter().map(|l| l.as_array().unwrap().iter().map(text).collect()).collect();
    let names: Vec<WorkerNames<'_>> = workers.iter().map(|w| WorkerNames { worker_id: &w[0], team: &w[1], trade: &w[2], employer: &w[3] }).collect();
    let costed = lines
        .iter()
        .map(|l| Ok(CostedDayWorkLine { worker_id: &l[0], project_id: &l[1], cost_code: &l[2], date: date(&l[3]), regular_hours: parse_exact(&l[4])?, overtime_hours: parse_exact(&l[5])?, amount: parse_exact(&l[6])? }))
        .collect::<Result<Vec<_>, Error>>()?;
    let by: Vec<Dimension> = case["by"].as_array().unwrap().iter().map(|d| serde_json::from_value(d.clone()).unwrap()).collect();
    let rows = summarise(&costed, &names, &by, Currency::from_code(&s(case, "currency"))?, Decimal::from(8))?;
    Ok(Value::Array(
        rows.iter()
            .map(|r| serde_json::json!([r.key.values().collect::<Vec<_>>(), r.entries, r.headcount, r.regular_hours.to_string(), r.overtime_hours.to_string(), r.hours.to_string(), r.amount.amount().to_string()]))
            .collect(),
    ))
}

fn shown(result: Result<Vec<Money>, Error>) -> Result<Value, Error> {
    Ok(Value::from(result?.iter().map(ToString::to_string).collect::<Vec<_>>()))
}

/// Runs one case; `Ok(value)` is compared with `expect`, `Err` with `error`.
fn run(case: &Value) -> Result<Value, Error> {
    let money = |key: &str| Money::parse(&s(case, key));
    match case["op"].as_str().unwrap() {
        "currency" => {
            let currency = match case.get("minor_units") {
                Some(minor) => Currency::new(&s(case, "code"), u8::try_from(minor.as_u64().unwrap()).unwrap())?,
                None => Currency::from_code(&s(case, "code"))?,
            };
            Ok(serde_json::json!({"code": currency.code(), "minor_units": currency.minor_units()}))
        }
        "parse" => Ok(Value::from(money("text")?.to_string())),
        "payment_applications" => payment_applications(case),
        "schedule" => run_schedule(case),
        "read_mspdi" | "read_xer" => read_file_case(case),
        "cash_flow" => {
            use projectledger::funds::{CashFlow, Flows};
            let dated = |key: &str| -> Result<Vec<(NaiveDate, Money)>, Error> {
                case.get(key).and_then(Value::as_array).map_or(Ok(Vec::new()), |list| list.iter().map(|f| Ok((date(f[0].as_str().unwrap()), Money::parse(f[1].as_str().unwrap())?))).collect())
            };
            let (planned, actual, available) = (dated("planned")?, dated("actual")?, dated("available")?);
            let kind = PeriodKind::from_str(&s(case, "kind"))?;
            let flow = CashFlow::of(Flows { planned: &planned, actual: &actual, available: &available }, kind, Currency::from_code(&s(case, "currency"))?)?;
            let amount = |m: Money| m.amount().to_string();
            let rows: Vec<Value> = flow.rows.iter().map(|r| serde_json::json!([r.period.to_string(), amount(r.planned), amount(r.actual), amount(r.available),
                amount(r.cumulative_planned), amount(r.cumulative_actual), amount(r.cumulative_available), amount(r.shortfall)])).collect();
            let gap = flow.funding_gap.map(|g| serde_json::json!([g.period.to_string(), amount(g.shortfall)]));
            Ok(serde_json::json!({"rows": rows, "funding_gap": gap}))
        }
        "add" => Ok(Value::from(money("left")?.checked_add(&money("right")?)?.to_string())),
        "sub" => Ok(Value::from(money("left")?.checked_sub(&money("right")?)?.to_string())),
        "mul" => Ok(Value::from(money("left")?.checked_mul(parse_exact(&s(case, "factor"))?)?.to_string())),
        "round" => {
            let strategy = RoundingStrategy::from_str(&s(case, "strategy"))?;
            Ok(Value::from(money("money")?.round(strategy).to_string()))
        }
        "allocate" => {
            let weights: Vec<_> = money_list(&case["weights"]).iter().map(|w| parse_exact(w)).collect::<Result<_, _>>()?;
            shown(allocate(&money("total")?, &weights))
        }
        "cost_day_work" => cost_day_work_case(case),
        "aggregate_day_work" => aggregate_case(case),
        "split_evenly" => shown(split_evenly(&money("total")?, usize::try_from(case["parts"].as_u64().unwrap()).unwrap())),
        "classify" => Ok(Value::from(calendar(&s(case, "calendar")).classify(date(&s(case, "date")))?.name())),
        "count_day_kinds" => {
            let calendar = calendar(&s(case, "calendar"));
            let mut counts = serde_json::Map::new();
            for day in date(&s(case, "from")).iter_days().take_while(|d| *d <= date(&s(case, "to"))) {
                let count = counts.entry(calendar.classify(day)?.name()).or_insert(Value::from(0));
                *count = Value::from(count.as_i64().unwrap() + 1);
            }
            Ok(Value::Object(counts))
        }
        "add_working_days" => {
            let result = calendar(&s(case, "calendar")).add_working_days(date(&s(case, "date")), case["n"].as_i64().unwrap())?;
            Ok(Value::from(result.to_string()))
        }
        "working_days_between" => Ok(Value::from(
            calendar(&s(case, "calendar")).working_days_between(date(&s(case, "from")), date(&s(case, "to")))?,
        )),
        "period" => {
            let kind = PeriodKind::from_str(&s(case, "kind"))?;
            Ok(Value::from(Period::of(kind, date(&s(case, "date"))).to_string()))
        }
        "load_notice" => {
            let notice = HolidayNotice::from_json(&case["notice"].to_string())?;
            let loaded = WorkCalendar::standard("Mon-Fri")?.with_notice(&notice)?;
            for check in case["checks"].as_array().unwrap() {
                assert_eq!(loaded.classify(date(check[0].as_str().unwrap()))?.name(), check[1].as_str().unwrap(), "{case}");
            }
            Ok(Value::Null)
        }
        "journal" => {
            let mut journal = Journal::new();
            for step in case["steps"].as_array().unwrap() {
                let before = journal.clone();
                let appended = event(&step["append"])?;
                // Every surface reads an event's JSON (id numbers in full) back equal.
                assert_eq!(Event::from_json(&appended.to_json())?, appended, "{step}");
                match (journal.append(appended), step.get("error")) {
                    (Ok(added), None) => assert_eq!(if added { "added" } else { "duplicate" }, s(step, "expect"), "{step}"),
                    (Err(error), Some(kind)) => {
                        assert_eq!(error.kind(), kind.as_str().unwrap(), "{step}: {error}");
                        check_error_details(&error, step);
                        assert!(journal == before && journal.state() == before.state(), "refused event changed state: {step}");
                    }
                    (outcome, _) => panic!("{step}: got {outcome:?}"),
                }
            }
            assert_eq!(journal.len(), usize::try_from(case["expect_len"].as_u64().unwrap()).unwrap());
            check_state(&journal, &case["expect_state"], case);
            assert_eq!(journal.replay(), *journal.state());
            #[cfg(feature = "store")]
            {
                let reopened = through_a_store(&journal);
                assert!(reopened.state() == journal.state() && reopened.state_digest() == journal.state_digest(), "the store's snapshot changed the state: {case}");
            }
            if let Some(expected) = case.get("expect_budget") {
                check_budget(&journal, expected, case);
                let reread = Journal::from_jsonl(journal.to_jsonl().as_bytes())?;
                check_budget(&reread, expected, case);
            }
            if let Some(expected) = case.get("expect_day_work") {
                check_day_work(&journal, expected, case);
                let reread = Journal::from_jsonl(journal.to_jsonl().as_bytes())?;
                check_day_work(&reread, expected, case);
            }
            if let Some(expected) = case.get("expect_schedule") {
                check_schedule(&journal, expected);
                check_schedule(&Journal::from_jsonl(journal.to_jsonl().as_bytes())?, expected);
            }
            if let Some(expected) = case.get("expect_funds") {
                check_funds(&journal, expected);
                let reread = Journal::from_jsonl(journal.to_jsonl().as_bytes())?;
                check_funds(&reread, expected);
            }
            if let Some(expected) = case.get("expect_value") {
                check_value(&journal, expected);
            }
            if let Some(expected) = case.get("expect_kpis") {
                check_kpis(&journal, expected);
            }
            if let Some(expected) = case.get("expect_reviews") {
                check_reviews(&journal, expected);
                check_reviews(&Journal::from_jsonl(journal.to_jsonl().as_bytes())?, expected);
            }
            if let Some(expected) = case.get("expect_suppliers") {
                check_suppliers(&journal, expected);
                check_suppliers(&Journal::from_jsonl(journal.to_jsonl().as_bytes())?, expected);
            }
            if let Some(expected) = case.get("expect_risks") {
                check_risks(&journal, expected);
                check_risks(&Journal::from_jsonl(journal.to_jsonl().as_bytes())?, expected);
            }
            if let Some(expected) = case.get("expect_lifecycle") {
                check_lifecycle(&journal, expected, case);
                // Replaying the export reproduces the same history.
                let reread = Journal::from_jsonl(journal.to_jsonl().as_bytes())?;
                check_lifecycle(&reread, expected, case);
                assert_eq!(reread.state(), journal.state());
            }
            Ok(Value::Null)
        }
        "merge" => {
            let (left, right) = (record(&case["left"]), record(&case["right"]));
            let (mut left_right, mut right_left) = (left.clone(), right.clone());
            let result = left_right.merge(&right);
            if let Err(error) = result {
                assert!(left_right == left, "a refused merge changed the journal");
                assert!(right_left.merge(&left).is_err());
                assert_eq!(left_right.len() as u64, case["expect_len"].as_u64().unwrap());
                return Err(error);
            }
            let report = result?;
            right_left.merge(&left)?;
            assert_eq!(report.added as u64, case["expect_added"].as_u64().unwrap(), "{case}");
            assert_eq!(report.already_present as u64, case["expect_already_present"].as_u64().unwrap(), "{case}");
            for merged in [&left_right, &right_left] {
                assert_eq!(merged.len() as u64, case["expect_len"].as_u64().unwrap(), "{case}");
                check_state(merged, &case["expect_state"], case);
                merged.verify()?;
            }
            if let Some(expected) = case.get("expect_day_work") {
                // Merging the same journal again adds nothing and counts nothing twice.
                let once = left_right.clone();
                let again = left_right.merge(&right)?;
                assert_eq!((again.added, left_right.state()), (0, once.state()));
                for merged in [&left_right, &right_left] {
                    check_day_work(merged, expected, case);
                }
            }
            Ok(Value::Null)
        }
        "sync" => run_sync(case),
        "tamper" => {
            let journal = record(&case["events"]);
            let exported = journal.to_jsonl();
            let target = usize::try_from(case["line"].as_u64().unwrap()).unwrap() - 1;
            let mut lines: Vec<String> = exported.lines().map(str::to_owned).collect();
            if case.get("delete").is_some() {
                lines.remove(target);
            } else {
                let (find, replace) = (s(case, "find"), s(case, "replace"));
                assert!(lines[target].contains(&find), "{case}");
                lines[target] = lines[target].replacen(&find, &replace, 1);
            }
            let tampered = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
            Journal::from_jsonl(tampered.as_bytes()).map(|_| Value::Null)
        }
        "workflow" => {
            let w = workflow(&case["workflow"])?;
            let terminal: Vec<&str> = w.phases().iter().map(|p| p.id.as_str()).filter(|p| w.is_terminal(p)).collect();
            let rework: Vec<Value> =
                w.transitions().iter().filter(|t| t.rework).map(|t| serde_json::json!([t.from, t.to])).collect();
            Ok(serde_json::json!({"initial": w.initial(), "phases": w.phases().len(), "terminal": terminal, "rework": rework}))
        }
        "earned_value" => {
            let currency = scenario_currency(&case["currency"]);
            let m = |key: &str| Money::new(parse_exact(&s(case, key)).unwrap(), currency);
            let etc = case.get("bottom_up_etc").map(|_| m("bottom_up_etc"));
            let f = EarnedValue::compute(&m("bac"), &m("pv"), &m("ev"), &m("ac"), etc.as_ref())?;
            let money = |v: Option<Money>| v.map(|m| m.amount());
            let figures: [(&str, Option<Decimal>); 12] = [
                ("sv", Some(f.sv.amount())), ("cv", Some(f.cv.amount())), ("spi", f.spi), ("cpi", f.cpi),
                ("eac_cpi", money(f.eac_cpi)), ("eac_atypical", Some(f.eac_atypical.amount())), ("eac_cpi_spi", money(f.eac_cpi_spi)),
                ("eac_bottom_up", money(f.eac_bottom_up)), ("etc", money(f.etc)), ("vac", money(f.vac)), ("tcpi_bac", f.tcpi_bac), ("tcpi_eac", f.tcpi_eac),
            ];
            check_figures(&figures, &case["figures"], case);
            Ok(Value::Null)
        }
        "earned_schedule" => {
            let currency = scenario_currency(&case["currency"]);
            let pv: Vec<Money> = money_list(&case["cumulative_pv"]).iter().map(|v| Money::new(parse_exact(v).unwrap(), currency)).collect();
            let ev = Money::new(parse_exact(&s(case, "ev"))?, currency);
            let es = EarnedSchedule::compute(&pv, &ev, parse_exact(&s(case, "actual_time"))?, parse_exact(&s(case, "planned_duration"))?)?;
            check_figures(&[("es", Some(es.es)), ("spi_t", es.spi_t), ("ieac_t", es.ieac_t)], &case["figures"], case);
            Ok(Value::Null)
        }
        "spread" => {
            let weights = case.get("weights").map(|w| money_list(w).iter().map(|v| parse_exact(v).unwrap()).collect());
            let profile = SpreadProfile::from_name(&s(case, "profile"), weights)?;
            shown(profile.spread(&money("amount")?, usize::try_from(case["periods"].as_u64().unwrap()).unwrap()))
        }
        "cost_breakdown" => {
            let tree = CostBreakdown::from_json(&case["breakdown"].to_string())?;
            let leaves: Vec<&str> = tree.codes().filter(|c| tree.is_leaf(c)).collect();
            Ok(serde_json::json!({"codes": tree.len(), "leaves": leaves, "cost_types": tree.cost_types()}))
        }
        "import" => {
            let text = money_list(&case["lines"]).iter().map(|l| format!("{l}\n")).collect::<String>();
            let journal = Journal::from_jsonl(text.as_bytes())?;
            assert_eq!(journal.len() as u64, case["expect_len"].as_u64().unwrap());
            Ok(Value::Null)
        }
        other => panic!("unknown op {other}"),
    }
}

#[test]
fn every_scenario_passes_on_the_rust_surface() {
    let mut count = 0;
    for file in scenario_files() {
        let scenario: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in scenario["cases"].as_array().unwrap() {
            count += 1;
            match (run(case), case.get("error")) {
                (Ok(value), None) => {
                    if let Some(expected) = case.get("expect") {
                        assert_eq!(&value, expected, "{}: {case}", file.display());
                    }
                }
                (Err(error), Some(kind)) => {
                    assert_eq!(error.kind(), kind.as_str().unwrap(), "{}: {case}: {error}", file.display());
                    check_error_details(&error, case);
                }
                (outcome, _) => panic!("{}: {case}: got {outcome:?}", file.display()),
            }
        }
    }
    assert!(count > 100, "only {count} scenario cases ran");
}

fn scenario_currency(value: &Value) -> Currency {
    Currency::new(value["code"].as_str().unwrap(), u8::try_from(value["minor_units"].as_u64().unwrap()).unwrap()).unwrap()
}

/// Compares figures by value with the expected strings (null: undefined).
fn check_figures(figures: &[(&str, Option<Decimal>)], expected: &Value, case: &Value) {
    for (name, got) in figures {
        let want = expected[*name].as_str().map(|v| parse_exact(v).unwrap());
        assert_eq!(*got, want, "{name} in {case}");
    }
}

fn check_error_details(error: &Error, case: &Value) {
    match error {
        Error::MalformedJournal { line, field, .. } => {
            assert_eq!(*line as u64, case["error_line"].as_u64().unwrap(), "{case}: {error}");
            if let Some(expected) = case.get("error_field") {
                assert_eq!(field, expected.as_str().unwrap(), "{case}: {error}");
            }
        }
        Error::BrokenChain { event_index, .. } => {
            assert_eq!(*event_index as u64, case["event_index"].as_u64().unwrap(), "{case}: {error}");
        }
        Error::InvalidCalendar { problems } | Error::InvalidWorkflow { problems } | Error::InvalidCostBreakdown { problems } if case.get("problems").is_some() => {
            assert_eq!(problems.len() as u64, case["problems"].as_u64().unwrap(), "{case}: {error}");
        }
        Error::InvalidDayWork { problems, .. } if case.get("entry_ids").is_some() => {
            let entry_ids: Vec<&str> = problems.iter().map(|p| p.item.as_str()).collect();
            assert_eq!(serde_json::json!(entry_ids), case["entry_ids"], "{error}");
            if let Some(codes) = case.get("codes") {
                let got: Vec<&str> = problems.iter().map(|p| p.code.name()).collect();
                assert_eq!(serde_json::json!(got), *codes, "{error}");
            }
            if let Some(fields) = case.get("fields") {
                let got: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
                assert_eq!(serde_json::json!(got), *fields, "{error}");
            }
        }
        Error::DependencyCycle { activities } => assert_eq!(serde_json::json!(activities), case["activities_in_cycle"], "{error}"),
        Error::InvalidSchedule { problems } if case.get("problems").is_some() => {
            assert_eq!(problems.len() as u64, case["problems"].as_u64().unwrap(), "{error}");
        }
        Error::InsufficientFunds { needed, covered, shortfall, .. } if case.get("shortfall").is_some() => {
            let got = [needed, covered, shortfall].map(ToString::to_string);
            assert_eq!(got, [s(case, "needed"), s(case, "covered"), s(case, "shortfall")], "{case}: {error}");
        }
        Error::BudgetExceeded { breaches, .. } if case.get("breaches").is_some() => {
            assert_eq!(breaches.len() as u64, case["breaches"].as_u64().unwrap(), "{case}: {error}");
        }
        Error::GateFailed { failures, .. } if case.get("failures").is_some() => {
            assert_eq!(failures.len() as u64, case["failures"].as_u64().unwrap(), "{case}: {error}");
        }
        Error::PermissionDenied { permission, .. } if case.get("permission").is_some() => {
            assert_eq!(permission, case["permission"].as_str().unwrap(), "{case}: {error}");
        }
        _ => {}
    }
}

/// The bindings check their payload tables against these scenarios (every kind converts);
/// this keeps the scenarios holding every kind the core has.
#[test]
fn the_scenarios_hold_every_payload_kind() {
    fn collect(value: &Value, tags: &std::collections::BTreeSet<&str>, seen: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(kind)) = map.get("type") {
                    if tags.contains(kind.as_str()) {
                        seen.insert(kind.clone());
                    }
                }
                map.values().for_each(|v| collect(v, tags, seen));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, tags, seen)),
            _ => {}
        }
    }
    let tags: std::collections::BTreeSet<&str> = projectledger::Payload::tags().collect();
    let mut seen = std::collections::BTreeSet::new();
    for file in scenario_files() {
        collect(&serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap(), &tags, &mut seen);
    }
    let missing: Vec<&&str> = tags.iter().filter(|t| !seen.contains(**t)).collect();
    assert!(missing.is_empty(), "no scenario holds these payload kinds: {missing:?}");
    assert_eq!(tags.len(), 65, "a new payload kind: add it to the bindings' tables and their tests' count of 65");
}

/// A contract's applications, period after period: each measured to date against the one
/// before.
fn payment_applications(case: &Value) -> Result<Value, Error> {
    use projectledger::funds::{AdvancePayment, AdvanceRecovery, ApplicationDeduction, ApplicationFigures, Measure, PayableRange, PaymentTerms, Retention, ScheduleLine};
    let terms = &case["terms"];
    let price = Money::parse(&s(terms, "contract_price"))?;
    let exact = |value: &Value, key: &str| parse_exact(&s(value, key));
    let retention = match terms.get("retention") {
        Some(r) => Retention { rate: exact(r, "rate")?, cap: exact(r, "cap")?, liability_months: u32::try_from(r["liability_months"].as_u64().unwrap()).unwrap() },
        None => Retention::default(),
    };
    let advance = match terms.get("advance") {
        Some(a) => {
            let recovery = match a.get("main_materials_share") {
                Some(_) => AdvanceRecovery::Threshold { main_materials_share: exact(a, "main_materials_share")? },
                None => AdvanceRecovery::Linear { from: exact(a, "recover_from")?, to: exact(a, "recover_to")? },
            };
            Some(match a.get("share") {
                Some(_) => AdvancePayment::share_of(&price, exact(a, "share")?, recovery)?,
                None => AdvancePayment { amount: Money::new(exact(a, "amount")?, price.currency()), recovery },
            })
        }
        None => None,
    };
    let terms = PaymentTerms { contract_price: price, payable_share: exact(terms, "payable_share")?, retention, advance };
    let range = match case.get("payable_range") {
        Some(r) => PayableRange { min: parse_exact(r[0].as_str().unwrap())?, max: parse_exact(r[1].as_str().unwrap())? },
        None => PayableRange::default(),
    };
    let mut previous = Money::zero(price.currency());
    let mut figures = Vec::new();
    for period in case["periods"].as_array().unwrap() {
        let lines = period["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let measure = if l.get("unit_rate").is_some() {
                    Measure::Quantity { quantity_to_date: exact(l, "quantity_to_date")?, unit_rate: exact(l, "unit_rate")? }
                } else if l.get("value_to_date").is_some() {
                    Measure::Amount { value_to_date: exact(l, "value_to_date")? }
                } else {
                    Measure::PercentComplete { scheduled_value: exact(l, "scheduled_value")?, complete_to_date: exact(l, "complete_to_date")? }
                };
                Ok(ScheduleLine { item: s(l, "item"), measure })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let deductions = period.get("deductions").and_then(Value::as_array).map_or(Ok(Vec::new()), |list| {
            list.iter().map(|d| Ok(ApplicationDeduction { reason: d[0].as_str().unwrap().to_owned(), amount: parse_exact(d[1].as_str().unwrap())? })).collect::<Result<Vec<_>, Error>>()
        })?;
        let f = ApplicationFigures::compute(&terms, &range, &lines, &previous, &deductions)?;
        let shown = |m: Money| Value::from(m.amount().to_string());
        figures.push(serde_json::json!({
            "completed_this_period": shown(f.completed_this_period),
            "payable_this_period": shown(f.payable_this_period),
            "retention_this_period": shown(f.retention_this_period),
            "retention_to_date": shown(f.retention_to_date),
            "advance_recovered_this_period": shown(f.advance_recovered_this_period),
            "advance_recovered_to_date": shown(f.advance_recovered_to_date),
            "deductions": shown(f.deductions),
            "net_due": shown(f.net_due),
        }));
        previous = f.completed_to_date;
    }
    Ok(Value::Array(figures))
}

