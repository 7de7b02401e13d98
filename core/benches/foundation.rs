//! Foundation benchmarks (issue targets, one core): allocate 1,000,000 weights ≥ 10 M shares/s;
//! journal append with hashing ≥ 1 M events/s; JSON Lines import ≥ 300 k events/s.
//! Run: `cargo bench -p projectledger --bench foundation`; figures go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

#[path = "../tests/common/year.rs"]
mod year;
use year::journal_of;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::labour::{aggregate, cost_day_work, day_number, AttributesPer, CostingRules, Dimension, LabourTable, OvertimePolicy, Rate, RateTable, RateUnit, RawDayWork, WorkerAttributes};
use projectledger::cost::{Column, CostBreakdown, CostCodeDef, CostLedger, STANDARD_COST_TYPES};
use projectledger::{
    allocate, ActorId, Currency, Decimal, Event, EventId, Journal, Money, Payload, ProjectId, WorkCalendar,
};

const WEIGHTS: usize = 1_000_000;
const EVENTS: usize = 100_000;

/// Deterministic pseudo-random weights with two decimals (like hours or quantities).
fn weights() -> Vec<Decimal> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..WEIGHTS)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            Decimal::new(i64::try_from(state % 100_000).unwrap(), 2)
        })
        .collect()
}

/// A project's creation followed by setting changes, as a device records them.
fn events(count: usize) -> Vec<Event> {
    let actor = ActorId::try_new("foreman-qian").unwrap();
    let project = ProjectId::try_new("P-ZH01").unwrap();
    let start = DateTime::<Utc>::from_timestamp(1_735_689_600, 0).unwrap();
    let mut out = vec![Event::new(
        EventId::try_new("ev-0").unwrap(),
        start,
        actor.clone(),
        Payload::Lifecycle(LifecycleEvent::ProjectCreated {
            project_id: project.clone(),
            name: "智慧园区一期".to_owned(),
            code: "ZH-01".to_owned(),
            currency: Currency::CNY,
            calendar: Box::new(WorkCalendar::standard("Mon-Fri").unwrap()),
        }),
    )];
    for i in 1..count {
        out.push(Event::new(
            EventId::try_new(format!("ev-{i}")).unwrap(),
            start + chrono::Duration::seconds(i64::try_from(i).unwrap()),
            actor.clone(),
            Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged { project_id: project.clone(), name: Some(format!("智慧园区一期 第{i}版")), code: None, calendar: None }),
        ));
    }
    out
}

fn bench(c: &mut Criterion) {
    let total = Money::parse("CNY 123456789.01").unwrap();
    let ws = weights();
    let mut group = c.benchmark_group("allocate");
    group.sample_size(20).throughput(Throughput::Elements(WEIGHTS as u64));
    group.bench_function("1M weights", |b| b.iter(|| allocate(black_box(&total), black_box(&ws)).unwrap()));
    group.finish();

    let recorded = events(EVENTS);
    let mut group = c.benchmark_group("journal");
    group.sample_size(10).throughput(Throughput::Elements(EVENTS as u64));
    group.bench_function("append with hashing (100k events)", |b| {
        b.iter_batched(|| recorded.clone(), journal_of, BatchSize::LargeInput);
    });
    let journal = journal_of(recorded);
    let exported = journal.to_jsonl();
    group.bench_function("JSON Lines import (100k events)", |b| {
        b.iter(|| Journal::from_jsonl(black_box(exported.as_bytes())).unwrap());
    });
    group.finish();
}

/// 10 × 10 × 10 × 10 × 10: 111,110 cost codes, 100,000 leaves.
fn cost_tree() -> (CostBreakdown, Vec<String>) {
    let mut codes = Vec::new();
    let mut level: Vec<String> = (1..=10).map(|i| format!("{i:02}")).collect();
    codes.extend(level.iter().map(|c| CostCodeDef { code: c.clone().into(), name: c.clone(), parent: None }));
    for _ in 0..4 {
        let next: Vec<String> = level.iter().flat_map(|p| (1..=10).map(move |i| format!("{p}.{i:02}"))).collect();
        codes.extend(next.iter().map(|c| CostCodeDef { code: c.clone().into(), name: c.clone(), parent: None }));
        level = next;
    }
    let types = STANDARD_COST_TYPES.iter().map(|t| (*t).to_owned()).collect();
    (CostBreakdown::new(codes, types).unwrap(), level)
}

fn cost(c: &mut Criterion) {
    const POSTINGS: usize = 5_000_000;
    let (breakdown, leaves) = cost_tree();
    let columns = [Column::OriginalBudget, Column::Committed, Column::Invoiced, Column::DirectCosts];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let postings: Vec<(usize, usize, Column, Money)> = (0..POSTINGS)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let units = i128::from(state % 1_000_000);
            let posting = (state as usize % leaves.len(), (state >> 20) as usize % 5, columns[(state >> 30) as usize % 4]);
            (posting.0, posting.1, posting.2, Money::from_minor_units(units, Currency::CNY).unwrap())
        })
        .collect();
    let mut group = c.benchmark_group("cost");
    group.sample_size(10);
    // Postings keep their resolved cell (as the journal fold resolves each once).
    let mut ledger = CostLedger::new(breakdown.clone(), Currency::CNY);
    let resolved: Vec<_> = postings
        .iter()
        .map(|(leaf, t, column, amount)| (ledger.cell(&leaves[*leaf], STANDARD_COST_TYPES[*t]).unwrap(), *column, ledger.units(amount).unwrap()))
        .collect();
    group.throughput(Throughput::Elements(POSTINGS as u64));
    group.bench_function("full rollup (111,110 codes, 5M postings)", |b| {
        b.iter(|| ledger.rollup_from(black_box(&resolved)).unwrap());
    });
    group.throughput(Throughput::Elements(1));
    let mut ledger = CostLedger::new(breakdown.clone(), Currency::CNY);
    for (leaf, t, column, amount) in postings.iter().take(100_000) {
        ledger.post(&leaves[*leaf], STANDARD_COST_TYPES[*t], *column, amount).unwrap();
    }
    let one = Money::parse("CNY 12.34").unwrap();
    let mut i = 0usize;
    group.sample_size(50);
    group.bench_function("one posting, incremental", |b| {
        b.iter(|| {
            i = (i + 7919) % leaves.len();
            ledger.post(black_box(&leaves[i]), "material", Column::Committed, black_box(&one)).unwrap();
        });
    });
    group.finish();
}

fn labour(c: &mut Criterion) {
    const ENTRIES: usize = 10_000_000;
    const WORKERS: u32 = 50_000;
    const TEAMS: u32 = 2_000;
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Each team has one employer; a worker's trade is drawn from 20.
    let team: Vec<u32> = (0..WORKERS).map(|w| w % TEAMS).collect();
    let trade: Vec<u32> = (0..WORKERS).map(|_| (next() % 20) as u32).collect();
    let employer: Vec<u32> = (0..WORKERS).map(|w| (w % TEAMS) / 10).collect();
    let workers = WorkerAttributes { team: &team, trade: &trade, employer: &employer, others: &[], per: AttributesPer::Worker };
    let first = day_number(chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
    let mut table = LabourTable::default();
    for _ in 0..ENTRIES {
        let r = next();
        table.worker.push((r % u64::from(WORKERS)) as u32);
        table.project.push(((r >> 20) % 40) as u32);
        table.cost_code.push(((r >> 26) % 300) as u32);
        table.day.push(first + ((r >> 35) % 365) as i32);
        table.regular_centihours.push(800);
        table.overtime_centihours.push(((r >> 44) % 4) as i64 * 50);
        table.amount_minor.push(30_000 + ((r >> 48) % 5_000) as i64);
    }
    let columns = table.columns();
    let mut group = c.benchmark_group("labour");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ENTRIES as u64));
    group.bench_function("aggregate 10M entries by (team, trade, month)", |b| {
        b.iter(|| aggregate(black_box(&columns), &workers, &[Dimension::Team, Dimension::Trade, Dimension::Month], (first, first + 364)).unwrap());
    });
    // Re-costing raw time sheets: two entries a worker-day (at most 24 h), through 2025.
    let ids: Vec<String> = (0..WORKERS).map(|w| format!("W{w:05}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let trades: Vec<String> = trade.iter().map(|t| format!("trade-{t:02}")).collect();
    let trades: Vec<&str> = trades.iter().map(String::as_str).collect();
    let mut rates = RateTable::default();
    for t in 0..20 {
        let name = format!("trade-{t:02}");
        rates.set(Rate::for_trade(&name, chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), RateUnit::Workday, Decimal::from(300 + 10 * t))).unwrap();
        rates.set(Rate::for_trade(&name, chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(), RateUnit::Workday, Decimal::new(32_550 + 1_000 * t, 2))).unwrap();
    }
    let calendar = WorkCalendar::china_2025().unwrap();
    let policy = OvertimePolicy::default();
    let rules = CostingRules { worker_ids: &ids, trades: &trades, rates: &rates, calendar: &calendar, policy: &policy, currency: Currency::CNY };
    let pair = |row: usize| row as u64 / 2;
    let raw_worker: Vec<u32> = (0..ENTRIES).map(|r| (pair(r) % u64::from(WORKERS)) as u32).collect();
    let raw_day: Vec<i32> = (0..ENTRIES).map(|r| first + (pair(r) / u64::from(WORKERS) % 365) as i32).collect();
    let raw_hours: Vec<i64> = (0..ENTRIES).map(|_| (8 + next() % 17) as i64 * 50).collect();
    let raw = RawDayWork { worker: &raw_worker, day: &raw_day, centihours: &raw_hours };
    group.bench_function("cost 10M raw entries (china_2025, rates per trade changing mid-year)", |b| {
        b.iter(|| cost_day_work(black_box(&raw), &rules).unwrap());
    });
    // A large site's roster: each registration checks the id-document number against every
    // worker's (实名制), which must not mean a scan of every worker.
    let mut events = Journal::new().event_source("office").unwrap();
    let project = ProjectId::try_new("P1").unwrap();
    let created = LifecycleEvent::project_created(&project, "Depot", "D-1", Currency::CNY, WorkCalendar::standard("Mon-Fri").unwrap());
    let mut registrations = vec![events.event("pm", created).unwrap()];
    for w in 0..WORKERS {
        let json = format!(
            r#"{{"type":"worker_registered","data":{{"project_id":"P1","worker":{{"worker_id":"W{w:05}","name":"工人{w}","id_number":"1101051990010{w:05}","trade":"钢筋工","team":"班组{}","employer":"华建劳务"}}}}}}"#,
            w % 20
        );
        registrations.push(events.event("pm", Payload::from_json(&json).unwrap()).unwrap());
    }
    group.throughput(Throughput::Elements(u64::from(WORKERS)));
    group.bench_function("register 50,000 workers on a project (journal appends)", |b| {
        b.iter_batched(|| registrations.clone(), journal_of, BatchSize::PerIteration);
    });
    group.finish();
}

/// A payment application of 10,000 schedule-of-values lines (half measured by quantity, half
/// by percent complete) with retention and a threshold-recovered advance.
fn funds(c: &mut Criterion) {
    use projectledger::funds::{AdvancePayment, AdvanceRecovery, ApplicationFigures, Measure, PayableRange, PaymentTerms, Retention, ScheduleLine};
    let price = Money::parse("CNY 2650000000").unwrap();
    let advance = AdvancePayment::share_of(&price, Decimal::new(12, 2), AdvanceRecovery::Threshold { main_materials_share: Decimal::new(6, 1) }).unwrap();
    let terms = PaymentTerms { contract_price: price, payable_share: Decimal::new(8, 1), retention: Retention::default(), advance: Some(advance) };
    let lines: Vec<ScheduleLine> = (0..10_000i64)
        .map(|i| ScheduleLine {
            item: format!("0101{i:05}"),
            measure: if i % 2 == 0 {
                Measure::Quantity { quantity_to_date: Decimal::new(1_234 + i, 2), unit_rate: Decimal::new(18_550 + i, 2) }
            } else {
                Measure::PercentComplete { scheduled_value: Decimal::new(26_500_000 + i, 2), complete_to_date: Decimal::new(i % 100, 2) }
            },
        })
        .collect();
    let previous = Money::parse("CNY 1000000").unwrap();
    let mut group = c.benchmark_group("funds");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("payment application, 10k lines", |b| {
        b.iter(|| ApplicationFigures::compute(&terms, &PayableRange::default(), black_box(&lines), &previous, &[]).unwrap());
    });

    // 10,000 projects × 60 months: a planned and an actual outflow and a funds arrival a month
    // each; every project's cash flow, then the portfolio's over all 1.8 M flows.
    use projectledger::funds::{CashFlow, Flows};
    use projectledger::{Currency, PeriodKind};
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap();
    let month = |m: u32| start.checked_add_months(chrono::Months::new(m)).unwrap();
    let flows: Vec<[Vec<(chrono::NaiveDate, Money)>; 3]> = (0..10_000i64)
        .map(|p| {
            let series = |base: i64| (0..60u32).map(|m| (month(m), Money::from_minor_units(i128::from(base + p + i64::from(m)), Currency::CNY).unwrap())).collect();
            [series(1_000_000), series(900_000), series(950_000)]
        })
        .collect();
    let pooled: [Vec<(chrono::NaiveDate, Money)>; 3] = std::array::from_fn(|i| flows.iter().flat_map(|f| f[i].iter().copied()).collect());
    group.throughput(Throughput::Elements(10_000 * 60));
    group.sample_size(20);
    group.bench_function("cash flow, 10k projects x 60 months (each, then the portfolio)", |b| {
        b.iter(|| {
            for [planned, actual, available] in black_box(&flows) {
                CashFlow::of(Flows { planned, actual, available }, PeriodKind::Month, Currency::CNY).unwrap();
            }
            CashFlow::of(Flows { planned: &pooled[0], actual: &pooled[1], available: &pooled[2] }, PeriodKind::Month, Currency::CNY).unwrap()
        });
    });

    // One source of 1,000,000,000.00 allocated by ratio over 1,000,000 cost codes, weighted by
    // their budgets (exact largest remainder: the shares sum to the amount to the cent).
    use projectledger::funds::{split_allocation, ConsumptionRule};
    let budgets = ConsumptionRule::Ratio { weights: (0..1_000_000i64).map(|i| Decimal::new(100_000 + i % 997 * 1_000, 2)).collect() };
    let amount = Money::parse("CNY 1000000000.00").unwrap();
    group.throughput(Throughput::Elements(1_000_000));
    group.sample_size(20);
    group.bench_function("allocation by ratio, 1M cost codes", |b| {
        b.iter(|| split_allocation(black_box(&amount), &budgets, 1_000_000, &[]).unwrap());
    });
    group.finish();
}

/// 100,000 activities and 300,000 links of all four types with lags and leads, one calendar
/// with China's holidays (2024–2030, the weekly pattern outside them): the full critical path
/// method — both passes, both floats, the critical path.
fn schedule(c: &mut Criterion) {
    use projectledger::schedule::{schedule, Activity, Link, LinkKind, ScheduleOptions};
    let calendar = projectledger::WorkCalendar::china(2024, 2026).unwrap().with_weekly_pattern_outside_years();
    let n = 100_000usize;
    // Links go forward within a window of 50 activities, so the network is a long ribbon (a
    // few years of work) rather than 100,000 parallel chains.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |bound: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % bound
    };
    let activities: Vec<Activity> = (0..n).map(|i| Activity::new(&format!("A{i:06}"), "work", next(6) as u32)).collect();
    let kinds = [LinkKind::FinishToStart, LinkKind::StartToStart, LinkKind::FinishToFinish, LinkKind::StartToFinish];
    let links: Vec<Link> = (0..3 * n)
        .filter_map(|k| {
            let from = k % n;
            let to = from + 1 + next(50) as usize;
            (to < n).then(|| Link::new(&activities[from].id, &activities[to].id, kinds[next(4) as usize], next(5) as i32 - 1))
        })
        .collect();
    let options = ScheduleOptions::starting(chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap());
    let mut group = c.benchmark_group("schedule");
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(10);
    group.bench_function(format!("cpm, 100k activities x {}k links", links.len() / 1000), |b| {
        b.iter(|| schedule(black_box(&activities), &links, &options, &calendar, &Default::default()).unwrap());
    });

    // Reading a Microsoft Project XML file of 10,000 activities (and their 30,000 links).
    use projectledger::schedule::{read_mspdi, write_mspdi, ScheduleFile};
    let settings = options;
    let ten: Vec<Activity> = activities[..10_000].to_vec();
    let in_ten: Vec<Link> = links.iter().filter(|l| l.successor.as_str() < "A010000").cloned().collect();
    let file = ScheduleFile { name: "Bench".into(), settings, project_calendar: None, calendars: Default::default(), activities: ten, links: in_ten, baseline: Default::default(), status_date: None, progress: Default::default(), unsupported: Vec::new() };
    let xml = write_mspdi(&file, &calendar);
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_function(format!("read mspdi, 10k activities ({} MB)", xml.len() / 1_000_000), |b| {
        b.iter(|| read_mspdi(black_box(&xml)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, bench, cost, labour, funds, schedule);
criterion_main!(benches);
