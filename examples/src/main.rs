//! The main job: the bundled sample portfolio through the library, printed as a report.
//!
//! `cargo run -p projectledger-examples --bin portfolio-report [path/to/portfolio.json]`

use std::error::Error;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use projectledger::cost::{Column, CostBreakdown, CostLedger};
use projectledger::decimal::parse_exact;
use projectledger::evm::{EarnedSchedule, EarnedValue};
use projectledger::{
    allocate, ActorId, Currency, DayKind, Event, EventId, Journal, Money, Payload, ProjectId, WorkCalendar,
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

/// The sample project's budget view (every column, per code) and its earned value.
fn print_cost(cost: &Value) -> Result<()> {
    let breakdown = CostBreakdown::from_json(&cost["breakdown"].to_string())?;
    let mut ledger = CostLedger::new(breakdown, Currency::CNY);
    for posting in items(cost, "postings")? {
        let field = |i: usize| posting[i].as_str().ok_or("a posting is [code, cost type, column, amount]");
        let column: Column = serde_json::from_value(posting[2].clone())?;
        ledger.post(field(0)?, field(1)?, column, &Money::parse(field(3)?)?)?;
    }
    println!("\nBudget view, {} (CNY; Procore's columns)", text(cost, "project")?);
    println!(
        "  {:<6} {:>12} {:>11} {:>12} {:>10} {:>12} {:>12} {:>11} {:>12} {:>12} {:>12} {:>11}",
        "code", "original", "approved", "revised", "pending", "projected", "committed", "actual", "proj. cost", "FTC", "EAC", "over/under"
    );
    let codes: Vec<String> = ledger.breakdown().codes().map(str::to_owned).collect();
    for code in codes.iter().map(|c| Some(c.as_str())).chain([None]) {
        let row = ledger.row(code, None)?;
        let cells = [
            row.original_budget, row.approved_changes, row.revised_budget, row.pending_changes, row.projected_budget, row.committed,
            row.actual, row.projected_cost, row.forecast_to_complete, row.estimated_cost_at_completion, row.projected_over_under,
        ];
        let shown: Vec<String> = cells.iter().map(|m| m.amount().to_string()).collect();
        println!(
            "  {:<6} {:>12} {:>11} {:>12} {:>10} {:>12} {:>12} {:>11} {:>12} {:>12} {:>12} {:>11}",
            code.unwrap_or("total"), shown[0], shown[1], shown[2], shown[3], shown[4], shown[5], shown[6], shown[7], shown[8], shown[9], shown[10]
        );
    }
    let evm = &cost["evm"];
    let m = |key: &str| -> Result<Money> { Ok(Money::parse(text(evm, key)?)?) };
    let f = EarnedValue::compute(&m("bac")?, &m("pv")?, &m("ev")?, &m("ac")?, None)?;
    let pv: Vec<Money> = items(evm, "cumulative_pv")?.iter().map(|v| Money::parse(v.as_str().unwrap_or_default())).collect::<std::result::Result<_, _>>()?;
    let es = EarnedSchedule::compute(&pv, &m("ev")?, parse_exact(text(evm, "actual_time")?)?, parse_exact(text(evm, "planned_duration")?)?)?;
    let ratio = |r: Option<projectledger::Decimal>| r.map_or("n/a".to_owned(), |r| r.to_string());
    let money = |v: Option<Money>| v.map_or("n/a".to_owned(), |v| v.to_string());
    println!("\nEarned value, {} (BAC {}, PV {}, EV {}, AC {})", text(cost, "project")?, f.bac, f.pv, f.ev, f.ac);
    println!("  SV {}   CV {}   SPI {}   CPI {}", f.sv, f.cv, ratio(f.spi), ratio(f.cpi));
    println!("  EAC: BAC/CPI {}   AC+(BAC−EV) {}   AC+(BAC−EV)/(CPI·SPI) {}", money(f.eac_cpi), f.eac_atypical, money(f.eac_cpi_spi));
    println!("  ETC {}   VAC {}   TCPI to BAC {}   TCPI to EAC {}", money(f.etc), money(f.vac), ratio(f.tcpi_bac), ratio(f.tcpi_eac));
    println!("  earned schedule: ES {} periods   SPI(t) {}   IEAC(t) {} periods", es.es, ratio(es.spi_t), ratio(es.ieac_t));
    Ok(())
}

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sample-portfolio.json"), PathBuf::from);
    let sample: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let calendar = WorkCalendar::china_2025()?;

    // The office journal: projects created, settings changed.
    let mut office = Journal::new();
    for spec in items(&sample, "projects")? {
        let payload = Payload::ProjectCreated {
            project_id: ProjectId::try_new(text(spec, "id")?)?,
            name: text(spec, "name")?.to_owned(),
            code: text(spec, "code")?.to_owned(),
            currency: Currency::from_code(text(spec, "currency")?)?,
            calendar: Box::new(calendar.clone()),
        };
        office.append(event(spec, payload)?)?;
    }
    for spec in items(&sample["lifecycle"], "events")? {
        let payload: Payload = serde_json::from_value(spec["payload"].clone())?;
        office.append(event(spec, payload)?)?;
    }
    // The foreman's tablet synced before going offline, then recorded on its own.
    let mut tablet = office.clone();
    for spec in items(&sample, "changes")? {
        let payload = Payload::ProjectSettingsChanged {
            project_id: ProjectId::try_new(text(spec, "project")?)?,
            name: Some(text(spec, "name")?.to_owned()),
            code: None,
            calendar: None,
        };
        office.append(event(spec, payload)?)?;
    }
    for spec in items(&sample["offline_device"], "events")? {
        let payload = Payload::ProjectSettingsChanged {
            project_id: ProjectId::try_new(text(spec, "project")?)?,
            name: None,
            code: Some(text(spec, "code")?.to_owned()),
            calendar: None,
        };
        tablet.append(event(spec, payload)?)?;
    }
    let synced = office.merge(&tablet)?;
    tablet.merge(&office)?;
    office.verify()?;
    let reread = Journal::from_jsonl(office.to_jsonl().as_bytes())?;

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
    let year = (NaiveDate::from_ymd_opt(2024, 12, 31), NaiveDate::from_ymd_opt(2025, 12, 31));
    if let (Some(before), Some(end)) = year {
        println!("  working days in 2025:       {}", calendar.working_days_between(before, end)?);
    }
    let statutory = calendar.holidays().values().filter(|h| h.statutory).count();
    println!("  statutory holiday days:     {statutory} (×3 overtime); other days off are rest days (×2)");
    let makeups: Vec<String> = calendar.makeup_working_days().keys().map(|d| d.format("%m-%d").to_string()).collect();
    println!("  make-up working days (调休): {}", makeups.join(", "));

    println!("\nMilestones (start + working days, on the project calendar)");
    for spec in items(&sample, "milestones")? {
        let start: NaiveDate = text(spec, "start")?.parse()?;
        let days = spec["working_days"].as_i64().ok_or("working_days must be a whole number")?;
        let finish = calendar.add_working_days(start, days)?;
        let holidays_crossed = start
            .iter_days()
            .take_while(|d| *d <= finish)
            .filter(|d| calendar.classify(*d) == DayKind::StatutoryHoliday)
            .count();
        println!(
            "  {:<8} {:<28} {start} + {days:>2} wd → {finish}  ({holidays_crossed} statutory holiday days crossed)",
            text(spec, "project")?,
            text(spec, "name")?
        );
    }

    print_cost(&sample["cost"])?;

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
