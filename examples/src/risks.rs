//! The report's governance section: the heat map of the open risks, the top risks by expected
//! monetary value, each project's contingency reserve against its EMV, and supplier grades.

use chrono::NaiveDate;
use projectledger::Portfolio;
use serde_json::Value;

use crate::{text, Result};

pub fn print_risks(state: &Portfolio, governance: &Value) -> Result<()> {
    let as_of = NaiveDate::parse_from_str(text(governance, "as_of")?, "%Y-%m-%d")?;
    println!("\nRisk register (风险登记册) as of {as_of}: open risks on the 5×5 matrix, every project");
    println!("  (each cell: how many risks, and the level of its score — L low, M medium, H high, E extreme)");
    for line in state.risk_heat_map(None)?.to_text().lines() {
        println!("  {line}");
    }
    let mut open: Vec<_> = state.risk_register(None, as_of)?.into_iter().filter(|r| r.status.is_open()).collect();
    // Largest EMV first, then the higher score; risks without an EMV last.
    open.sort_by(|a, b| b.emv.map(|m| m.amount()).cmp(&a.emv.map(|m| m.amount())).then(b.score.cmp(&a.score)).then(a.risk_id.cmp(&b.risk_id)));
    println!("\n  Top risks by expected monetary value (EMV = probability × cost if it occurs)");
    println!("  project  risk    P  I score level           EMV  owner         next review");
    for r in open.iter().take(5) {
        let review = match (r.next_review, r.review_overdue) {
            (Some(day), true) => format!("{day} OVERDUE"),
            (Some(day), false) => day.to_string(),
            (None, _) => "—".to_owned(),
        };
        let figure = |v: Option<u8>| v.map_or("-".to_owned(), |v| v.to_string());
        println!(
            "  {:<8} {:<6} {:>2} {:>2} {:>5} {:<8} {:>14}  {:<13} {review}",
            r.project_id.as_str(),
            r.risk_id,
            figure(r.probability),
            figure(r.impact),
            figure(r.score),
            r.level.map_or("-", |l| l.name()),
            r.emv.map_or("—".to_owned(), |m| m.to_string()),
            r.owner.as_str(),
        );
    }
    println!("\n  Contingency reserve against the open risks' EMV");
    for (project_id, _) in state.governance().registers() {
        let e = state.risk_exposure(project_id)?;
        let reserve = match (&e.contingency_code, e.contingency) {
            (Some(code), Some(amount)) => format!("reserve {code} {amount}"),
            _ => "no reserve named".to_owned(),
        };
        let verdict = if e.shortfall.amount().is_zero() { "covered".to_owned() } else { format!("short by {}", e.shortfall) };
        println!("  {:<8} {} open ({} with EMV)  EMV {}  {reserve}  → {verdict}", project_id.as_str(), e.open_risks, e.quantified, e.emv_total);
    }
    print_suppliers(state)
}

/// The KPI dashboard as of each month-end, each from the journal's state as it stood then.
pub fn print_kpis(journal: &projectledger::Journal, month_ends: &[NaiveDate]) -> Result<()> {
    let Some(last) = month_ends.last() else { return Ok(()) };
    println!("\nKPI dashboard (价值度量) as of {last}; each month-end from the state as it stood then");
    let header: Vec<String> = month_ends.iter().map(|d| d.format("%Y-%m").to_string()).collect();
    println!("  project  kpi            {:>32}  {}   status (target / tolerance)", "", header.iter().map(|h| format!("{h:>10}")).collect::<String>());
    let by_day: Vec<Vec<projectledger::governance::KpiValue>> = month_ends.iter().map(|d| journal.kpis(None, *d)).collect::<std::result::Result<_, _>>()?;
    for latest in by_day.last().into_iter().flatten() {
        // A KPI defined later is missing from the earlier days: matched by project and id.
        let then = |values: &Vec<projectledger::governance::KpiValue>| values.iter().find(|k| k.project_id == latest.project_id && k.kpi_id == latest.kpi_id).and_then(|k| k.value);
        let cells: String = by_day.iter().map(|values| then(values).map_or("—".to_owned(), |v| v.to_string())).map(|v| format!("{v:>10}")).collect();
        let status = latest.status.map_or("no figure".to_owned(), |s| format!("{s:?}").to_uppercase());
        let name = format!("{:<width$}", latest.name, width = 32usize.saturating_sub(latest.name.chars().filter(|c| !c.is_ascii()).count()));
        println!("  {:<8} {:<14} {name}  {cells}   {status} ({} / {})", latest.project_id.as_str(), latest.kpi_id, latest.green, latest.amber);
    }
    Ok(())
}

fn print_suppliers(state: &Portfolio) -> Result<()> {
    println!("\nSupplier grades (供应商绩效评级): weighted 0–100, A ≥ 90, B ≥ 75, C ≥ 60, else D; delivery and cost from the ledger");
    println!("  project  supplier                 period      quality delivery   cost service safety   score grade  change");
    let shown = |d: Option<projectledger::Decimal>| d.map_or("—".to_owned(), |d| d.to_string());
    for r in state.supplier_evaluations(None)? {
        let name = format!("{:<width$}", r.supplier, width = 24usize.saturating_sub(r.supplier.chars().filter(|c| !c.is_ascii()).count()));
        println!(
            "  {:<8} {name} {}  {:>7} {:>8} {:>6} {:>7} {:>6}  {:>6}  {:<4}  {}",
            r.project_id.as_str(),
            r.period_end,
            shown(r.quality),
            shown(r.delivery),
            shown(r.cost),
            shown(r.service),
            shown(r.safety),
            r.score,
            r.grade.name(),
            r.change.map_or(String::new(), |c| if c.is_sign_negative() { c.to_string() } else { format!("+{c}") }),
        );
    }
    Ok(())
}
