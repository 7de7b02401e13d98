//! Governance benchmark (issue 18's target, one core): KPI snapshots for 10,000 projects ×
//! 36 month-ends in under 1 s — each month-end's KPIs from the state as it stood then
//! (`Journal::kpi_snapshots`: one fold in time order, the KPIs read at each month-end).
//! Run: `cargo bench -p projectledger --bench governance`; figures go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use projectledger::cost::{CostBreakdown, CostEvent, CostLine};
use projectledger::governance::{Assessment, GovernanceEvent, KpiDefinition, KpiMeasure, Rating, RiskCategory};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::{ActorId, Currency, Decimal, Event, EventId, Journal, Payload, ProjectId, WorkCalendar};

const PROJECTS: usize = 10_000;
const MONTHS: u32 = 36;

/// 10,000 projects over three years: each with a breakdown and budget (a contingency code), a
/// contract, four KPIs, a risk rated in its second month and a cost every quarter.
fn portfolio() -> Journal {
    let start: DateTime<Utc> = "2023-01-02T00:00:00Z".parse().unwrap();
    let calendar = WorkCalendar::standard("Mon-Fri").unwrap();
    let tree = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Build"},{"code":"02","name":"Labour"},{"code":"09","name":"Contingency"}]}"#).unwrap();
    let actor = ActorId::try_new("pm").unwrap();
    let mut events: Vec<Event> = Vec::new();
    for i in 0..PROJECTS {
        let p = ProjectId::try_new(format!("P{i:05}")).unwrap();
        let at = |minutes: i64| start + Duration::minutes(minutes) + Duration::seconds(i64::try_from(i).unwrap());
        let mut n = 0;
        let mut push = |minutes: i64, payload: Payload| {
            n += 1;
            events.push(Event::new(EventId::try_new(format!("e{i:05}-{n:03}")).unwrap(), at(minutes), actor.clone(), payload));
        };
        push(0, LifecycleEvent::project_created(&p, "Project", &format!("C{i:05}"), Currency::CNY, calendar.clone()).into());
        push(1, CostEvent::breakdown_defined(&p, tree.clone()).into());
        let lines = vec![CostLine::new("01", "subcontract", 100_000.into()), CostLine::new("02", "labour", 50_000.into()), CostLine::new("09", "other", 10_000.into())];
        push(2, CostEvent::BudgetLinesSet { project_id: p.clone(), lines }.into());
        push(3, CostEvent::ContractValueSet { project_id: p.clone(), amount: 180_000.into() }.into());
        push(4, GovernanceEvent::ContingencyReserveSet { project_id: p.clone(), cost_code: "09".into() }.into());
        for (k, measure) in [KpiMeasure::BudgetChangePercent, KpiMeasure::LabourCostPercent, KpiMeasure::RiskExposure, KpiMeasure::MarginPercent].into_iter().enumerate() {
            let kpi = KpiDefinition { kpi_id: format!("k{k}"), name: format!("KPI {k}"), measure, green: 5.into(), amber: 10.into(), baseline: None };
            let kpi = if measure == KpiMeasure::MarginPercent { KpiDefinition { green: 10.into(), amber: 5.into(), ..kpi } } else { kpi };
            push(5 + i64::try_from(k).unwrap(), GovernanceEvent::KpiDefined { project_id: p.clone(), kpi }.into());
        }
        let month = 60 * 24 * 30;
        push(month + 10, GovernanceEvent::RiskIdentified { project_id: p.clone(), risk_id: "R1".into(), title: "Late delivery".into(), category: RiskCategory::Supplier,
            cause: String::new(), event: String::new(), effect: String::new(), owner: None, cost_codes: vec![], activities: vec![] }.into());
        let rated = |r| Rating::new(r).unwrap();
        let assessment = Assessment { probability: rated(3), probability_percent: None, cost_impact: rated(4), schedule_impact: rated(3), quality_impact: rated(2), cost_exposure: Some(Decimal::from(20_000 + i)) };
        push(month + 20, GovernanceEvent::RiskAssessed { project_id: p.clone(), risk_id: "R1".into(), assessment, next_review: None }.into());
        for q in 0..12i64 {
            let code = if q % 2 == 0 { "01" } else { "02" };
            let cost_type = if q % 2 == 0 { "subcontract" } else { "labour" };
            let cost = CostEvent::direct_cost(&p, &format!("C{q}"), vec![CostLine::new(code, cost_type, Decimal::new(1_000_000 + q * 12_345, 2))], "work");
            push(3 * q * month + 2 * month, cost.into());
        }
    }
    // In time order, as the office would have recorded them.
    events.sort_by(|a, b| (a.recorded_at, &a.id).cmp(&(b.recorded_at, &b.id)));
    let mut journal = Journal::new();
    for event in events {
        journal.append(event).unwrap();
    }
    journal
}

fn month_ends() -> Vec<NaiveDate> {
    (0..MONTHS)
        .map(|m| {
            let first = NaiveDate::from_ymd_opt(2023 + i32::try_from(m / 12).unwrap(), m % 12 + 1, 1).unwrap();
            let next = first.checked_add_months(chrono::Months::new(1)).unwrap();
            next.pred_opt().unwrap()
        })
        .collect()
}

fn kpi_snapshots(c: &mut Criterion) {
    let journal = portfolio();
    let days = month_ends();
    let values = journal.kpi_snapshots(None, &days).unwrap();
    assert_eq!(values.len(), PROJECTS * days.len() * 4);
    assert!(days.iter().all(|d| d.day() >= 28));
    let mut group = c.benchmark_group("kpi_snapshots");
    group.sample_size(10);
    group.throughput(Throughput::Elements(u64::try_from(PROJECTS * days.len()).unwrap()));
    group.bench_function("10k projects x 36 month-ends (4 KPIs each)", |b| b.iter(|| black_box(journal.kpi_snapshots(None, &days).unwrap())));
    group.finish();
}

criterion_group!(benches, kpi_snapshots);
criterion_main!(benches);
