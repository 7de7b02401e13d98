//! The report's funds section: a project's cash flow against its funding, and one
//! subcontract's next payment application.

use chrono::NaiveDate;
use projectledger::decimal::parse_exact;
use projectledger::funds::{AdvancePayment, AdvanceRecovery, ApplicationDeduction, ApplicationFigures, Measure, PayableRange, PaymentTerms, Retention, ScheduleLine};
use projectledger::{Money, PeriodKind, Portfolio, ProjectId};
use serde_json::Value;

use crate::{items, text, Result};

fn exact(value: &Value, key: &str) -> Result<projectledger::Decimal> {
    Ok(parse_exact(text(value, key)?)?)
}

/// The project's monthly cash flow against the funds' tranches, and the first month short.
pub fn print_cash_flow(state: &Portfolio, funds: &Value) -> Result<()> {
    let project_id = ProjectId::try_new(text(funds, "project")?)?;
    let available = items(funds, "available")?
        .iter()
        .map(|pair| Ok((pair[0].as_str().ok_or("a tranche's date")?.parse::<NaiveDate>()?, Money::parse(pair[1].as_str().ok_or("a tranche's amount")?)?)))
        .collect::<Result<Vec<_>>>()?;
    let flow = state.cash_flow(&project_id, PeriodKind::Month, &available)?;
    println!("\nCash flow, {project_id} (work packages' planned spend · costs recorded · funds available; cumulative; by month)");
    println!("  {:<8} {:>13} {:>13} {:>13} {:>15} {:>15} {:>15} {:>13}", "month", "planned", "actual", "available", "Σ planned", "Σ actual", "Σ available", "short");
    for r in &flow.rows {
        let a = |m: &Money| m.amount().to_string();
        println!(
            "  {:<8} {:>13} {:>13} {:>13} {:>15} {:>15} {:>15} {:>13}",
            r.period.to_string(), a(&r.planned), a(&r.actual), a(&r.available), a(&r.cumulative_planned), a(&r.cumulative_actual), a(&r.cumulative_available), a(&r.shortfall)
        );
    }
    match &flow.funding_gap {
        Some(gap) => println!("  funding gap: {} is the first month short, by {}", gap.period, gap.shortfall),
        None => println!("  funding gap: none — every month's cumulative need is covered"),
    }
    Ok(())
}

/// One subcontract's next payment application, every line and figure.
pub fn print_application(spec: &Value) -> Result<()> {
    let t = &spec["terms"];
    let price = Money::parse(text(t, "contract_price")?)?;
    let r = &t["retention"];
    let retention = Retention { rate: exact(r, "rate")?, cap: exact(r, "cap")?, liability_months: u32::try_from(r["liability_months"].as_u64().ok_or("liability months")?)? };
    let a = &t["advance"];
    let advance = AdvancePayment::share_of(&price, exact(a, "share")?, AdvanceRecovery::Linear { from: exact(a, "recover_from")?, to: exact(a, "recover_to")? })?;
    let terms = PaymentTerms { contract_price: price, payable_share: exact(t, "payable_share")?, retention, advance: Some(advance) };
    let lines = items(spec, "lines")?
        .iter()
        .map(|l| {
            let measure = if l.get("unit_rate").is_some() {
                Measure::Quantity { quantity_to_date: exact(l, "quantity_to_date")?, unit_rate: exact(l, "unit_rate")? }
            } else {
                Measure::PercentComplete { scheduled_value: exact(l, "scheduled_value")?, complete_to_date: exact(l, "complete_to_date")? }
            };
            Ok(ScheduleLine { item: text(l, "item")?.to_owned(), measure })
        })
        .collect::<Result<Vec<_>>>()?;
    let deductions = items(spec, "deductions")?
        .iter()
        .map(|d| Ok(ApplicationDeduction { reason: d[0].as_str().ok_or("a deduction's reason")?.to_owned(), amount: parse_exact(d[1].as_str().ok_or("a deduction's amount")?)? }))
        .collect::<Result<Vec<_>>>()?;
    let previous = Money::parse(text(spec, "completed_previous")?)?;
    let f = ApplicationFigures::compute(&terms, &PayableRange::default(), &lines, &previous, &deductions)?;
    println!("\nPayment application: {} (进度款; GB 50500 60–90 % payable)", text(spec, "contract")?);
    for line in &f.lines {
        println!("  {:<40} {:>16}", line.item, line.completed_to_date.to_string());
    }
    let percent = |share: projectledger::Decimal| (share * projectledger::Decimal::ONE_HUNDRED).normalize();
    let rows = [
        ("completed to date".to_owned(), f.completed_to_date),
        ("less: completed before".to_owned(), f.completed_previous),
        ("completed this period".to_owned(), f.completed_this_period),
        (format!("payable this period ({} %)", percent(terms.payable_share)), f.payable_this_period),
        (format!("less: retention ({} %, at most {} % of the price)", percent(retention.rate), percent(retention.cap)), f.retention_this_period),
        (format!("less: advance recovered (of {})", advance.amount), f.advance_recovered_this_period),
        ("less: deductions".to_owned(), f.deductions),
        ("net due".to_owned(), f.net_due),
    ];
    for (label, amount) in rows {
        println!("  {label:<52} {:>16}", amount.to_string());
    }
    println!("  retention held to date {}; advance recovered to date {}", f.retention_to_date, f.advance_recovered_to_date);
    Ok(())
}
