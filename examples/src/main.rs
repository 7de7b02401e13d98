//! The main job: the bundled sample portfolio through the library, printed as a report.
//!
//! `cargo run -p projectledger-examples --bin portfolio-report [path/to/portfolio.json] [--export-journal out.jsonl]`

mod funds;
mod risks;

use std::error::Error;
use std::path::PathBuf;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::labour::{EntryFilter, EntryState, IdNumbers};
use projectledger::decimal::parse_exact;
use projectledger::labour::Dimension;
use projectledger::{
    allocate, ActorId, Currency, DayKind, Event, EventId, Journal, Money, Payload, Portfolio, ProjectId, WorkCalendar,
};
use serde_json::Value;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn text<'a>(value: &'a Value, key: &str) -> Result<&'a str> {
    value[key].as_str().ok_or_else(|| format!("missing text field {key:?} in {value}").into())
}

fn items<'a>(value: &'a Value, key: &str) -> Result<&'a Vec<Value>> {
    value[key].as_array().ok_or_else(|| format!("missing list {key:?}").into())
}

fn event(spec: &Value, payload: Payload) -> Result<Event> {
    Ok(Event::new(
        EventId::try_new(text(spec, "event")?)?,
        text(spec, "at")?.parse::<DateTime<Utc>>()?,
        ActorId::try_new(text(spec, "by")?)?,
        payload,
    ))
}

/// The sample project's schedule: the critical path, the forecast finish against the
/// baseline, each activity's variance and the activities at risk at the status date.
fn print_schedule(state: &Portfolio, spec: &Value) -> Result<()> {
    let project_id = ProjectId::try_new(text(spec, "project")?)?;
    let baseline = text(spec, "baseline")?;
    let book = state.schedule(&project_id)?;
    let plan = book.current();
    let status = book.status_date().map_or_else(|| "none".to_owned(), |d| d.to_string());
    println!("\nSchedule, {project_id} (CPM on the project calendar; status date {status})");
    println!("  {:<4} {:<30} {:>10} {:>10} {:>10} {:>10} {:>5} {:>5}", "id", "activity", "start", "finish", "late start", "late fin.", "TF", "FF");
    for (activity, row) in book.activities().iter().zip(&plan.activities) {
        let mark = if row.critical { " *" } else { "" };
        println!(
            "  {:<4} {:<30} {:>10} {:>10} {:>10} {:>10} {:>5} {:>5}{mark}",
            row.id, activity.name, row.early_start.to_string(), row.early_finish.to_string(), row.late_start.to_string(), row.late_finish.to_string(), row.total_float, row.free_float
        );
    }
    println!("  critical path: {}", plan.critical_path.join(" → "));
    let variance = state.schedule_variance(&project_id, baseline)?;
    let baseline_finish = variance.iter().filter_map(|v| v.baseline_finish).max();
    println!(
        "  forecast finish {} (baseline {baseline}: {})",
        plan.project_finish,
        baseline_finish.map_or_else(|| "—".to_owned(), |d| d.to_string())
    );
    println!("  variance to {baseline} (working days; + is later): {}", variance.iter().map(|v| format!("{} {:+}/{:+}", v.id, v.start_variance.unwrap_or(0), v.finish_variance.unwrap_or(0))).collect::<Vec<_>>().join(", "));
    for risk in state.activities_at_risk(&project_id, Some(baseline))? {
        let reasons: Vec<String> = risk.risks.iter().map(|r| serde_json::to_value(r).map(|v| v.to_string()).unwrap_or_default()).collect();
        println!("  at risk: {} {} — {}", risk.id, risk.name, reasons.join(", "));
    }
    Ok(())
}

/// The sample project's budget view (every column, per code), margin, and earned value per
/// code with the project's earned schedule — all read from the journal's state.
fn print_cost(state: &Portfolio, cost: &Value) -> Result<()> {
    let project_id = ProjectId::try_new(text(cost, "project")?)?;
    let project = state.project(&project_id).ok_or("the sample's cost project is not in the journal")?;
    let centre = state.cost_centre(&project_id)?;
    println!("\nBudget view, {} ({}; Procore's columns, from the journal)", project.code, project.currency);
    println!(
        "  {:<8} {:>12} {:>11} {:>12} {:>10} {:>12} {:>12} {:>11} {:>12} {:>12} {:>12} {:>11}",
        "code", "original", "approved", "revised", "pending", "projected", "committed", "actual", "proj. cost", "FTC", "EAC", "over/under"
    );
    for line in centre.view(None)? {
        let row = &line.row;
        let cells = [
            row.original_budget, row.approved_changes, row.revised_budget, row.pending_changes, row.projected_budget, row.committed,
            row.actual, row.projected_cost, row.forecast_to_complete, row.estimated_cost_at_completion, row.projected_over_under,
        ];
        let shown: Vec<String> = cells.iter().map(|m| m.amount().to_string()).collect();
        let label = line.code.map_or_else(|| "total".to_owned(), |c| format!("{}{c}", "  ".repeat(line.depth)));
        println!(
            "  {label:<8} {:>12} {:>11} {:>12} {:>10} {:>12} {:>12} {:>11} {:>12} {:>12} {:>12} {:>11}",
            shown[0], shown[1], shown[2], shown[3], shown[4], shown[5], shown[6], shown[7], shown[8], shown[9], shown[10]
        );
    }
    let pending: Vec<&str> = centre
        .documents()
        .values()
        .filter(|d| d.status == projectledger::cost::DocumentStatus::Pending)
        .map(|d| d.title.as_str())
        .collect();
    println!("  pending documents: {}", pending.join(", "));
    let m = centre.margin()?;
    let percent = m.margin_percent.map_or("n/a".to_owned(), |p| format!("{p}%"));
    println!(
        "  contract {} (revised {})   billed {}   received {}   EAC {}   gross margin {} ({percent})",
        m.contract_value, m.revised_contract_value, m.billed, m.received, m.estimated_cost_at_completion, m.gross_margin
    );

    let status_date: NaiveDate = text(cost, "status_date")?.parse()?;
    let ratio = |r: Option<projectledger::Decimal>| r.map_or("n/a".to_owned(), |r| r.to_string());
    let money = |v: Option<Money>| v.map_or("n/a".to_owned(), |v| v.to_string());
    println!("\nEarned value per code at {status_date} (work packages on the project calendar)");
    println!("  {:<8} {:>12} {:>12} {:>12} {:>12} {:>7} {:>7} {:>14}", "code", "BAC", "PV", "EV", "AC", "SPI", "CPI", "EAC (BAC/CPI)");
    for (code, depth) in centre.breakdown().tree_order().into_iter().map(|(c, d)| (Some(c), d)).chain([(None, 0)]) {
        let f = state.earned_value(&project_id, code, status_date)?;
        let label = code.map_or_else(|| "total".to_owned(), |c| format!("{}{c}", "  ".repeat(depth)));
        println!(
            "  {label:<8} {:>12} {:>12} {:>12} {:>12} {:>7} {:>7} {:>14}",
            f.bac.amount(), f.pv.amount(), f.ev.amount(), f.ac.amount(), ratio(f.spi), ratio(f.cpi), f.eac_cpi.map_or("n/a".to_owned(), |m| m.amount().to_string())
        );
    }
    let f = state.earned_value(&project_id, None, status_date)?;
    println!("  project: SV {}   CV {}   EAC AC+(BAC−EV) {}   AC+(BAC−EV)/(CPI·SPI) {}", f.sv, f.cv, f.eac_atypical, money(f.eac_cpi_spi));
    println!("           ETC {}   VAC {}   TCPI to BAC {}   TCPI to EAC {}", money(f.etc), money(f.vac), ratio(f.tcpi_bac), ratio(f.tcpi_eac));

    let es = state.earned_schedule(&project_id, None, status_date, projectledger::PeriodKind::Month)?;
    println!("  earned schedule (months, first start to last finish): ES {}   SPI(t) {}   IEAC(t) {} months", es.es, ratio(es.spi_t), ratio(es.ieac_t));
    Ok(())
}

/// The sample project's day work (点工汇总): by team and month, the warnings, the labour
/// actuals approval posted, and one month of the wage ledger.
fn print_day_work(state: &Portfolio, day_work: &Value) -> Result<()> {
    let project_id = ProjectId::try_new(text(day_work, "project")?)?;
    let project = state.project(&project_id).ok_or("the sample's day-work project is not in the journal")?;
    let as_of: NaiveDate = text(day_work, "as_of")?.parse()?;
    let filter = EntryFilter { projects: vec![project_id.clone()], ..EntryFilter::default() };
    println!("\nDay work, {} (点工汇总 by team and month; every state but rejected)", project.code);
    println!("  {:<26} {:<8} {:>7} {:>5} {:>9} {:>9} {:>8} {:>12}", "team", "month", "entries", "heads", "regular h", "overtime h", "工日", "amount");
    for row in state.day_work_summary(&[Dimension::Team, Dimension::Month], &filter)? {
        println!(
            "  {:<26} {:<8} {:>7} {:>5} {:>9} {:>9} {:>8} {:>12}",
            row.key.get(Dimension::Team).unwrap_or_default(), row.key.get(Dimension::Month).unwrap_or_default(), row.entries, row.headcount, row.regular_hours, row.overtime_hours, row.workdays, row.amount.amount()
        );
    }
    for state_name in [EntryState::Recorded, EntryState::Submitted, EntryState::Approved, EntryState::Paid] {
        let only = EntryFilter { states: vec![state_name], ..filter.clone() };
        let total = state.day_work_summary(&[Dimension::Project], &only)?;
        let (entries, amount) = total.first().map_or((0, "0".to_owned()), |r| (r.entries, r.amount.to_string()));
        print!("  {}: {entries} entries {amount};", state_name.name());
    }
    println!();
    let warnings = state.day_work().warnings().filter(|w| state.day_work().entry(&w.entry_id).is_some_and(|e| *e.project_id == project_id));
    let messages: Vec<String> = warnings.map(|w| w.message).collect();
    println!("  art. 41 warnings: {}{}", messages.len(), messages.first().map_or(String::new(), |m| format!(" (e.g. {m})")));
    let labour = state.cost_centre(&project_id)?.row(None, Some(projectledger::labour::LABOUR_COST_TYPE))?;
    println!("  labour actuals posted by approval: {}   labour budget (revised): {}", labour.actual, labour.revised_budget);
    println!("\nWage ledger {} (保障农民工工资支付条例 art. 15: approved and paid day work; id numbers masked; art. 24 as of {as_of})", project.code);
    println!("  {:<7} {:<4} {:<5} {:<18} {:>8} {:>9} {:>9} {:>9} {:>9} {:>7} {:>9}  status", "month", "id", "name", "id number", "regular", "overtime", "rest day", "holiday", "gross", "deduct", "net");
    for r in state.wage_ledger(&project_id, None, as_of, IdNumbers::Masked)? {
        println!(
            "  {:<7} {:<4} {:<5} {:<18} {:>8} {:>9} {:>9} {:>9} {:>9} {:>7} {:>9}  {}{}{}",
            r.month, r.worker_id, r.worker_name, r.id_number, r.regular_pay.amount(), r.overtime_pay.amount(), r.rest_day_pay.amount(), r.holiday_pay.amount(),
            r.gross.amount(), r.deductions.amount(), r.net.amount(), serde_json::to_value(r.payment_status)?.as_str().unwrap_or("?"),
            r.paid_on.map_or(String::new(), |d| format!(" on {d}")),
            if r.overdue { format!(" — OVERDUE (due by {})", r.due_by) } else { String::new() }
        );
    }
    Ok(())
}

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--export-journal PATH` also writes the office journal as JSON Lines.
    let export = args.iter().position(|a| a == "--export-journal").map(|at| {
        let path = args.get(at + 1).cloned();
        args.drain(at..(at + 2).min(args.len()));
        path
    });
    let path = args.first().map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sample-portfolio.json"), PathBuf::from);
    let sample: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    // The project calendar: the State Council's notices for the years named ("china": [first, last]).
    let years = sample["calendar"]["china"].as_array().ok_or("calendar must name its China years, as {\"china\": [first, last]}")?;
    let year = |i: usize| years.get(i).and_then(Value::as_i64).and_then(|y| i32::try_from(y).ok()).ok_or("calendar years are whole numbers");
    let calendar = WorkCalendar::china(year(0)?, year(1)?)?;

    // The office journal: projects created, settings changed.
    let mut office = Journal::new();
    for spec in items(&sample, "projects")? {
        let payload = Payload::Lifecycle(LifecycleEvent::ProjectCreated {
            project_id: ProjectId::try_new(text(spec, "id")?)?,
            name: text(spec, "name")?.to_owned(),
            code: text(spec, "code")?.to_owned(),
            currency: Currency::from_code(text(spec, "currency")?)?,
            calendar: Box::new(calendar.clone()),
        });
        office.append(event(spec, payload)?)?;
    }
    // Lifecycle, cost, day-work and fund events in the journal's own payload form, in time order.
    let mut recorded: Vec<&Value> = Vec::new();
    for section in ["lifecycle", "cost", "day_work", "schedule", "funds", "governance"] {
        recorded.extend(items(&sample[section], "events")?);
    }
    recorded.sort_by_key(|spec| spec["at"].as_str().unwrap_or_default().to_owned());
    for spec in recorded {
        let payload: Payload = serde_json::from_value(spec["payload"].clone())?;
        office.append(event(spec, payload)?)?;
    }
    // The foreman's tablet synced before going offline, then recorded on its own.
    let mut tablet = office.clone();
    for spec in items(&sample, "changes")? {
        let payload = Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged {
            project_id: ProjectId::try_new(text(spec, "project")?)?,
            name: Some(text(spec, "name")?.to_owned()),
            code: None,
            calendar: None,
        });
        office.append(event(spec, payload)?)?;
    }
    for spec in items(&sample["offline_device"], "events")? {
        let payload = Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged {
            project_id: ProjectId::try_new(text(spec, "project")?)?,
            name: None,
            code: Some(text(spec, "code")?.to_owned()),
            calendar: None,
        });
        tablet.append(event(spec, payload)?)?;
    }
    let synced = office.merge(&tablet)?;
    tablet.merge(&office)?;
    office.verify()?;
    let reread = Journal::from_jsonl(office.to_jsonl().as_bytes())?;
    match export {
        Some(Some(out)) => std::fs::write(out, office.to_jsonl())?,
        Some(None) => return Err("--export-journal needs a path".into()),
        None => {}
    }

    println!("{}", text(&sample, "portfolio")?);
    println!("{}", "=".repeat(72));
    let as_of: DateTime<Utc> = text(&sample, "report_as_of")?.parse()?;
    println!("\nProjects (as of {})", as_of.date_naive());
    println!("  code     cur  created     phase                    status    name");
    for project in office.state().projects() {
        println!(
            "  {:<8} {:<4} {:<11} {:<24} {:<9} {}",
            project.code,
            project.currency,
            project.created_at.date_naive(),
            project.phase,
            project.status.name(),
            project.name
        );
    }

    println!("\nPortfolio by phase");
    for count in office.state().phase_counts() {
        println!("  {:<24} active {}  on hold {}  cancelled {}", count.phase, count.active, count.on_hold, count.cancelled);
    }

    println!("\nRecent transitions (2025-02-01 … {})", as_of.date_naive());
    if let Some(start) = NaiveDate::from_ymd_opt(2025, 2, 1) {
        for (project, change) in office.state().transitions_between(start, as_of.date_naive()) {
            let gates: Vec<String> = change.gates.iter().map(|g| g.check.clone()).collect();
            println!(
                "  {} {:<8} {:<7} {} → {}  by {}: {}{}",
                change.at.date_naive(),
                project.code,
                change.kind.name(),
                change.from,
                change.to,
                change.actor,
                change.reason,
                if gates.is_empty() { String::new() } else { format!("  [passed: {}]", gates.join(", ")) }
            );
        }
    }

    for project in office.state().projects().filter(|p| p.history.len() > 2) {
        println!("\nTime in phase, {} (calendar days / working days on {})", project.code, project.calendar.name());
        for d in project.phase_durations(as_of)? {
            println!("  {:<24} {:>3} / {:>3}{}", d.phase, d.calendar_days, d.working_days, if d.visits > 1 { format!("  ({} visits)", d.visits) } else { String::new() });
        }
    }

    println!("\nCalendar {} ({} h per working day)", calendar.name(), calendar.hours_per_day());
    for year in calendar.years() {
        let in_year = |date: &NaiveDate| date.year() == year;
        let (Some(before), Some(end)) = (NaiveDate::from_ymd_opt(year - 1, 12, 31), NaiveDate::from_ymd_opt(year, 12, 31)) else { continue };
        let statutory = calendar.holidays().iter().filter(|(d, h)| in_year(d) && h.statutory).count();
        let makeups: Vec<String> = calendar.makeup_working_days().keys().filter(|d| in_year(d)).map(|d| d.format("%m-%d").to_string()).collect();
        println!("  {year}: {} working days, {statutory} statutory holiday days; make-up working days (调休) {}", calendar.working_days_between(before, end)?, makeups.join(", "));
    }
    println!("  statutory holiday days earn ×3 overtime, other days off ×2; a date outside {:?} is refused", calendar.years());

    println!("\nMilestones (start + working days, on the project calendar)");
    for spec in items(&sample, "milestones")? {
        let start: NaiveDate = text(spec, "start")?.parse()?;
        let days = spec["working_days"].as_i64().ok_or("working_days must be a whole number")?;
        let finish = calendar.add_working_days(start, days)?;
        let holidays_crossed = start
            .iter_days()
            .take_while(|d| *d <= finish)
            .filter(|d| calendar.classify(*d).is_ok_and(|kind| kind == DayKind::StatutoryHoliday))
            .count();
        println!(
            "  {:<8} {:<28} {start} + {days:>2} wd → {finish}  ({holidays_crossed} statutory holiday days crossed)",
            text(spec, "project")?,
            text(spec, "name")?
        );
    }

    print_cost(office.state(), &sample["cost"])?;
    print_day_work(office.state(), &sample["day_work"])?;
    print_schedule(office.state(), &sample["schedule"])?;
    funds::print_funds(&office, &sample["funds"])?;
    risks::print_risks(office.state(), &sample["governance"])?;
    let month_ends: Vec<NaiveDate> = (1..=3).filter_map(|m| NaiveDate::from_ymd_opt(2025, m + 1, 1).and_then(|d| d.pred_opt())).collect();
    risks::print_kpis(&office, &month_ends)?;

    let allocation = &sample["allocation"];
    let total = Money::parse(text(allocation, "amount")?)?;
    let pairs = items(allocation, "weights")?;
    let weights = pairs.iter().map(|p| parse_exact(p[1].as_str().unwrap_or_default())).collect::<std::result::Result<Vec<_>, _>>()?;
    let shares = allocate(&total, &weights)?;
    println!("\nAllocation of {} — {}", text(allocation, "source")?, total);
    for (pair, share) in pairs.iter().zip(&shares) {
        println!("  {:<8} weight {:>7}  {:>18}", pair[0].as_str().unwrap_or("?"), pair[1].as_str().unwrap_or("?"), share.to_string());
    }
    let sum = shares.iter().try_fold(Money::zero(total.currency()), |acc, share| acc.checked_add(share))?;
    println!("  {:<23} {:>18}  (exact: Σ shares == total is {})", "Σ", sum.to_string(), sum == total);

    println!("\nJournal");
    println!("  events: {}   head: {}", office.len(), office.head());
    println!("  offline sync: {} added, {} already present, {} conflicts", synced.added, synced.already_present, synced.new_conflicts.len());
    println!("  both devices agree: {}   chain verified: yes   re-read from JSON Lines: {}", tablet.state() == office.state(), reread.state() == office.state());
    Ok(())
}
