//! The report's funds section, read from the journal: the sources and where they are
//! allocated, what each payment drew from which source, the payment applications, the next
//! one of a subcontract in full, the wage account, a payment the funds cannot cover yet, and
//! the cash flow against the funds allocated with its funding gap.

use chrono::NaiveDate;
use projectledger::funds::{FundEvent, PaymentApplication};
use projectledger::{ActorId, Event, EventId, Journal, Money, PeriodKind, ProjectId};
use serde_json::Value;

use crate::{text, Result};

fn amount(m: &Money) -> String {
    m.amount().to_string()
}

/// The whole funds section.
pub fn print_funds(journal: &Journal, spec: &Value) -> Result<()> {
    let state = journal.state();
    let project_id = ProjectId::try_new(text(spec, "project")?)?;
    let funds = state.funds();
    println!("\nFund sources (资金来源; held by the project whose roles govern them)");
    println!("  {:<9} {:<13} {:>12} {:>12} {:>12} {:>12}  {:<10}  name", "source", "kind", "amount", "allocated", "consumed", "free", "opens");
    for s in funds.source_positions()? {
        let kind = serde_json::to_value(s.kind)?.as_str().unwrap_or_default().to_owned();
        let expiry = s.expires_on.map_or_else(String::new, |d| format!(" (until {d})"));
        println!(
            "  {:<9} {kind:<13} {:>12} {:>12} {:>12} {:>12}  {:<10}  {}{expiry}",
            s.source_id, amount(&s.amount), amount(&s.allocated), amount(&s.consumed), amount(&s.unallocated), s.available_from.to_string(), s.name
        );
    }
    println!("\nAllocations to {project_id} (allocated · consumed · remaining)");
    for a in funds.allocation_positions(Some(&project_id))? {
        let code = a.code.as_deref().unwrap_or("(project)");
        println!("  {:<9} {code:<10} {:>12} {:>12} {:>12}", a.source_id, amount(&a.allocated), amount(&a.consumed), amount(&a.remaining));
    }
    println!("\nPayments traced to their sources");
    for c in funds.consumptions(Some(&project_id)) {
        let from = c.allocated_to.as_deref().unwrap_or("(project)");
        println!("  {} {:<7} {:<9} {from:<10} → {} {:<12} {:>12}", c.paid_on, c.payment_id, c.source_id, c.code.as_str(), c.cost_type, amount(&c.amount));
    }
    for payment in funds.payments().filter(|p| p.project_id == project_id && p.consumptions.is_empty()) {
        println!("  {} {:<7} received {} (prime contract: money in, nothing consumed)", payment.paid_on, payment.payment_id, payment.amount);
    }

    println!("\nPayment applications (进度款)");
    for a in funds.applications().filter(|a| a.project_id == project_id) {
        let contract = a.contract_id.as_ref().map_or("prime contract".to_owned(), ToString::to_string);
        println!(
            "  {:<7} {contract:<14} to {}  {:<9} completed {:>12}  net due {:>12}",
            a.application_id, a.period_end, a.state.name(), amount(&a.figures.completed_to_date), amount(&a.figures.net_due)
        );
    }
    for c in state.contract_positions(&project_id)? {
        let contract = c.contract_id.as_ref().map_or("prime contract".to_owned(), ToString::to_string);
        let paid = if c.contract_id.is_some() { "paid" } else { "received" };
        println!(
            "  {contract:<14} price {:>12}  certified {:>12}  retention held {:>10}  advance recovered {:>10}  {paid} {:>12}",
            amount(&c.contract_price), amount(&c.certified_to_date), amount(&c.retention_held), amount(&c.advance_recovered), amount(&c.paid_to_date)
        );
    }
    let next = funds.applications().find(|a| a.project_id == project_id && a.application_id == text(spec, "next_application").unwrap_or_default());
    if let Some(next) = next {
        print_application(next);
    }

    let month: NaiveDate = text(spec, "wage_month")?.parse()?;
    let on = month.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).ok_or("a month within the calendar")?;
    let w = state.wage_account(&project_id, month, on)?;
    println!("\nWage account (农民工工资专用账户; {} % of each payment on the prime contract), as of {on}", (w.labour_share * projectledger::Decimal::ONE_HUNDRED).normalize());
    println!("  paid in {}   drawn by wages paid {}   balance {}", w.deposited, w.drawn, w.balance);
    if w.short {
        println!("  WARNING: {}'s wages still due ({}) exceed the balance by {} — pay in before pay day", w.month, w.wages_due, w.shortfall);
    } else {
        println!("  {}'s wages still due ({}) are covered", w.month, w.wages_due);
    }

    // A payment tried on a copy: the funds open for it hold too little, and the refusal says by how much.
    let unpaid = &spec["unpaid_cost"];
    let (cost_id, paid_on) = (text(unpaid, "cost_id")?, text(unpaid, "paid_on")?.parse::<NaiveDate>()?);
    let mut trial = journal.clone();
    let attempt = Event::new(EventId::try_new("report-trial")?, paid_on.and_time(chrono::NaiveTime::MIN).and_utc(), ActorId::try_new("dir-sun")?, FundEvent::cost_paid(&project_id, "TRIAL", paid_on, cost_id));
    match trial.append(attempt) {
        Err(refused) => println!("\nPaying {cost_id} on {paid_on}: refused — {refused}"),
        Ok(_) => println!("\nPaying {cost_id} on {paid_on}: the funds cover it"),
    }

    let available = funds.available_to(&project_id)?;
    let flow = state.cash_flow(&project_id, PeriodKind::Month, &available)?;
    println!("\nCash flow, {project_id} (work packages' planned spend · costs recorded · funds allocated, dated when their source opens; by month)");
    println!("  {:<8} {:>13} {:>13} {:>13} {:>15} {:>15} {:>15} {:>13}", "month", "planned", "actual", "available", "Σ planned", "Σ actual", "Σ available", "short");
    for r in &flow.rows {
        println!(
            "  {:<8} {:>13} {:>13} {:>13} {:>15} {:>15} {:>15} {:>13}",
            r.period.to_string(), amount(&r.planned), amount(&r.actual), amount(&r.available), amount(&r.cumulative_planned), amount(&r.cumulative_actual), amount(&r.cumulative_available), amount(&r.shortfall)
        );
    }
    match &flow.funding_gap {
        Some(gap) => println!("  funding gap: {} is the first month short, by {}", gap.period, gap.shortfall),
        None => println!("  funding gap: none — every month's cumulative need is covered"),
    }
    Ok(())
}

/// One application in full: every line and figure.
fn print_application(a: &PaymentApplication) {
    let contract = a.contract_id.as_ref().map_or("the prime contract".to_owned(), |c| format!("commitment {c}"));
    println!("\nNext payment application: {} on {contract}, to {} — {} (GB 50500: 60–90 % payable)", a.application_id, a.period_end, a.state.name());
    let f = &a.figures;
    for line in &f.lines {
        println!("  {:<40} {:>16}", line.item, line.completed_to_date.to_string());
    }
    let rows = [
        ("completed to date", f.completed_to_date),
        ("less: completed before", f.completed_previous),
        ("completed this period", f.completed_this_period),
        ("payable this period", f.payable_this_period),
        ("less: retention (质保金, capped)", f.retention_this_period),
        ("less: advance recovered (预付款)", f.advance_recovered_this_period),
        ("less: other deductions", f.deductions),
        ("net due", f.net_due),
    ];
    for (label, money) in rows {
        println!("  {label:<52} {:>16}", money.to_string());
    }
    println!("  retention held to date {}; advance recovered to date {}", f.retention_to_date, f.advance_recovered_to_date);
}
