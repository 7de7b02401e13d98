//! Foundation benchmarks (issue targets, one core): allocate 1,000,000 weights ≥ 10 M shares/s;
//! journal append with hashing ≥ 1 M events/s; JSON Lines import ≥ 300 k events/s.
//! Run: `cargo bench -p projectledger --bench foundation`; figures go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
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
        Payload::ProjectCreated {
            project_id: project.clone(),
            name: "智慧园区一期".to_owned(),
            code: "ZH-01".to_owned(),
            currency: Currency::CNY,
            calendar: Box::new(WorkCalendar::standard("Mon-Fri").unwrap()),
        },
    )];
    for i in 1..count {
        out.push(Event::new(
            EventId::try_new(format!("ev-{i}")).unwrap(),
            start + chrono::Duration::seconds(i64::try_from(i).unwrap()),
            actor.clone(),
            Payload::ProjectSettingsChanged { project_id: project.clone(), name: Some(format!("智慧园区一期 第{i}版")), code: None, calendar: None },
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
        b.iter_batched(
            || recorded.clone(),
            |batch| {
                let mut journal = Journal::new();
                for event in batch {
                    journal.append(event).unwrap();
                }
                journal
            },
            BatchSize::LargeInput,
        );
    });
    let mut journal = Journal::new();
    for event in recorded {
        journal.append(event).unwrap();
    }
    let exported = journal.to_jsonl();
    group.bench_function("JSON Lines import (100k events)", |b| {
        b.iter(|| Journal::from_jsonl(black_box(exported.as_bytes())).unwrap());
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
