//! The memory an in-memory journal holds a day-work entry (issue 16: ≤ 300 bytes), counted
//! by the allocator: what the journal's allocations hold, whatever the allocator keeps beside
//! them. One test in this binary: the allocator's counters are global.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_precision_loss)]

#[path = "common/year.rs"]
mod year;

use peak_alloc::PeakAlloc;
use projectledger::Journal;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// Bytes an entry, the figure BENCHMARKS.md records. The bound guards against a regression;
/// the target is lower (it wants the compact register).
const BOUND: usize = 650;

/// Bytes a journal read from the export of `entries` day-work entries holds.
fn held_by_journal_of(entries: usize) -> usize {
    let mut journal = Journal::new();
    for event in year::day_work_year(entries) {
        journal.append(event).unwrap();
    }
    let text = journal.to_jsonl();
    drop(journal);
    let before = ALLOCATOR.current_usage();
    let journal = Journal::from_jsonl(text.as_bytes()).unwrap();
    let held = ALLOCATOR.current_usage().saturating_sub(before);
    assert_eq!(journal.state().day_work().entries().len(), entries);
    held
}

#[test]
fn a_journal_holds_a_bounded_number_of_bytes_a_day_work_entry() {
    // The difference of two sizes: what each further entry costs, without what a journal
    // holds whatever its entries (the 3,000 workers, the calendar, the checkpoints' copies).
    let (small, large) = (held_by_journal_of(12_000), held_by_journal_of(24_000));
    let per_entry = large.saturating_sub(small) / 12_000;
    println!("a journal holds {per_entry} bytes a further day-work entry ({small} bytes with 12,000, {large} with 24,000)");
    assert!(per_entry <= BOUND, "{per_entry} bytes an entry");
}
