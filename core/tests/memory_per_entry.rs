//! The memory an in-memory journal holds a day-work entry (issue 16: ≤ 300 bytes), counted
//! by the allocator: what the journal's allocations hold, whatever the allocator keeps beside
//! them. The allocator's counters are global: the tests here take turns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_precision_loss)]

#[path = "common/year.rs"]
mod year;

use peak_alloc::PeakAlloc;
use projectledger::Journal;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// Bytes an entry: the target.
const BOUND: usize = 300;

/// One count at a time.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Bytes the journal `read` makes of the year of `entries` day-work entries (handed over as
/// `prepare` keeps it) holds, counted while it is read and kept.
fn held_by<T>(entries: usize, prepare: impl FnOnce(Journal) -> T, read: impl FnOnce(&T) -> Journal) -> usize {
    let _turn = TURN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let kept = prepare(year::journal_of(year::day_work_year(entries)));
    let before = ALLOCATOR.current_usage();
    let journal = read(&kept);
    let held = ALLOCATOR.current_usage().saturating_sub(before);
    assert_eq!(journal.state().day_work().entries().len(), entries);
    held
}

/// Bytes a journal read from the export of `entries` day-work entries holds.
fn held_by_journal_of(entries: usize) -> usize {
    held_by(entries, |journal| journal.to_jsonl(), |text| Journal::from_jsonl(text.as_bytes()).unwrap())
}

/// Bytes a journal opened from a store of `entries` day-work entries holds: the store's
/// snapshot (written when the journal that filled it closed) and no line after it.
#[cfg(feature = "store")]
fn held_by_store_of(entries: usize) -> usize {
    let dir = std::env::temp_dir().join(format!("pl-memory-{}-{entries}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("journal.db");
    let held = held_by(entries, |journal| drop(journal.into_store(&path).unwrap()), |()| Journal::open(&path).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
    held
}

/// Checks what a further entry costs a journal `held_of` makes, `what` it is: the difference
/// of two sizes, without what a journal holds whatever its entries (the 3,000 workers, the
/// calendar, the checkpoints' copies).
fn further_entry_within_bound(what: &str, held_of: fn(usize) -> usize) {
    let (small, large) = (held_of(12_000), held_of(24_000));
    let per_entry = large.saturating_sub(small) / 12_000;
    println!("{what} holds {per_entry} bytes a further day-work entry ({small} bytes with 12,000, {large} with 24,000)");
    assert!(per_entry <= BOUND, "{per_entry} bytes an entry");
}

/// A journal opened from its store's snapshot holds an entry no more than one read from its
/// export: the snapshot reads the register's batches apart from the events, and the open
/// makes the events share them.
#[cfg(feature = "store")]
#[test]
fn a_journal_opened_from_a_store_holds_a_bounded_number_of_bytes_a_day_work_entry() {
    further_entry_within_bound("a journal opened from a store", held_by_store_of);
}

#[test]
fn a_journal_holds_a_bounded_number_of_bytes_a_day_work_entry() {
    further_entry_within_bound("a journal", held_by_journal_of);
}

/// The figure BENCHMARKS.md records: everything a journal of a year's 1,000,000 entries holds
/// (the workers, indexes, warnings and checkpoints too), an entry. Slow unoptimised, so run it
/// in release: `cargo test --release -p projectledger --test memory_per_entry -- --ignored`.
#[test]
#[ignore = "a million entries: run in release"]
fn a_journal_of_a_million_entries_holds_at_most_300_bytes_an_entry() {
    let per_entry = held_by_journal_of(1_000_000) / 1_000_000;
    println!("a journal of 1,000,000 day-work entries holds {per_entry} bytes an entry");
    assert!(per_entry <= BOUND, "{per_entry} bytes an entry");
}

/// The same for a journal opened from the store the 1,000,000-entry year was written to
/// (`cargo test --release -p projectledger --features store --test memory_per_entry -- --ignored`).
#[cfg(feature = "store")]
#[test]
#[ignore = "a million entries: run in release"]
fn a_journal_of_a_million_entries_opened_from_a_store_holds_at_most_300_bytes_an_entry() {
    let per_entry = held_by_store_of(1_000_000) / 1_000_000;
    println!("a journal of 1,000,000 day-work entries opened from a store holds {per_entry} bytes an entry");
    assert!(per_entry <= BOUND, "{per_entry} bytes an entry");
}
