//! Memory bounded by the input's size (issue 11): an import holds at its peak no more than a
//! fixed amount over a multiple of its bytes — never a reservation sized by a count inside
//! it (a header and 20 million blank lines once reserved 5.9 GB). One test in this binary:
//! the allocator's counters are global, so nothing else may run beside it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{golden, mutated};
use peak_alloc::PeakAlloc;
use projectledger::Journal;
use proptest::test_runner::{Config, TestRunner};

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// The most bytes `work` held at once, above what was held before it.
fn peak_of<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    let out = work();
    (out, ALLOCATOR.peak_usage().saturating_sub(before))
}

/// What an import of `input` bytes may hold at its peak: the entries and folded state of
/// what it read (a few times its text) and a fixed megabyte.
fn bound(input: usize) -> usize {
    input.saturating_mul(32).saturating_add(1 << 20)
}

#[test]
fn imports_hold_memory_in_proportion_to_their_input() {
    let header = b"{\"format\":\"projectledger-journal\",\"schema_version\":1}\n".to_vec();
    let mut blank = header.clone();
    blank.resize(header.len() + 2_000_000, b'\n');
    let mut spaces = header;
    spaces.extend(std::iter::repeat_n(b" \n", 500_000).flatten());
    for input in [blank, spaces, golden("daywork.jsonl"), golden("sample-portfolio.jsonl")] {
        let (_, peak) = peak_of(|| Journal::from_jsonl(&input));
        assert!(peak <= bound(input.len()), "{peak} bytes held importing {} bytes", input.len());
    }
    let mut runner = TestRunner::new(Config::with_cases(64));
    for valid in [golden("sample-portfolio.jsonl"), golden("daywork.jsonl")] {
        runner
            .run(&mutated(valid), |bytes| {
                let (_, peak) = peak_of(|| Journal::from_jsonl(&bytes));
                proptest::prop_assert!(peak <= bound(bytes.len()), "{} bytes held importing {} bytes", peak, bytes.len());
                Ok(())
            })
            .unwrap();
    }
}
