//! Folding day work (issue 16, one core): 200-entry day-work batches appended to an in-memory
//! journal ≥ 500,000 entries/s, its export read back (`from_jsonl`) ≥ 1,000,000 entries/s, and
//! (The memory it holds an entry is measured by `tests/memory_per_entry.rs`.)
//! Run: `cargo bench -p projectledger --bench ingest`; figures go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use projectledger::Journal;

#[path = "../tests/common/year.rs"]
mod year;
use year::{day_work_year, journal_of};

/// Folding day work (issue 16, one core): appending 200-entry batches to an in-memory journal
/// ≥ 500,000 entries/s and reading its export back (`from_jsonl`) ≥ 1,000,000 entries/s.
fn ingest(c: &mut Criterion) {
    const ENTRIES: usize = 1_000_000;
    let events = day_work_year(ENTRIES);
    let journal = journal_of(events.clone());
    let text = journal.to_jsonl();
    drop(journal);
    let mut group = c.benchmark_group("labour");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ENTRIES as u64));
    group.bench_function("append 1M day-work entries in batches of 200 (3,000 workers, 2025)", |b| {
        b.iter_batched(|| events.clone(), journal_of, BatchSize::PerIteration);
    });
    group.bench_function("from_jsonl of those 1M entries", |b| {
        b.iter_with_large_drop(|| Journal::from_jsonl(black_box(text.as_bytes())).unwrap());
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
