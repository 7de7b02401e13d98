//! Exports written before the core was reshaped still load with the same head, re-export
//! byte for byte and give the same day-work summary (`tests/golden/`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use projectledger::labour::{EntryFilter, EntryState};
use projectledger::labour::Dimension;
use projectledger::Journal;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden").join(name)
}

/// The head, then the day-work summary by project, team and month over every state.
fn summary_text(journal: &Journal) -> String {
    let filter = EntryFilter { states: EntryState::ALL.to_vec(), ..EntryFilter::default() };
    let mut out = format!("head {}\n", journal.head());
    for row in journal.state().day_work_summary(&[Dimension::Project, Dimension::Team, Dimension::Month], &filter).unwrap() {
        out += &format!(
            "{} entries={} headcount={} regular={} overtime={} hours={} workdays={} amount={}\n",
            row.key.values().collect::<Vec<_>>().join("|"),
            row.entries,
            row.headcount,
            row.regular_hours,
            row.overtime_hours,
            row.hours,
            row.workdays,
            row.amount
        );
    }
    out
}

fn check(stem: &str) {
    let bytes = std::fs::read(golden(&format!("{stem}.jsonl"))).unwrap();
    let expected = std::fs::read_to_string(golden(&format!("{stem}.summary.txt"))).unwrap();
    let journal = Journal::from_jsonl(&bytes).unwrap();
    // Version 1 re-exports as version 2: the same entry lines, between a new header and the
    // trailer naming the count and head; that re-export reads back to the very same bytes.
    let export = journal.to_jsonl();
    let (old, new): (Vec<&[u8]>, Vec<&str>) = (bytes.split(|b| *b == b'\n').collect(), export.split('\n').collect());
    assert_eq!(new[0], r#"{"format":"projectledger-journal","schema_version":2}"#);
    let entries = old.len() - 2; // header and the empty rest after the last newline
    assert!(new.len() == old.len() + 1 && (1..=entries).all(|i| old[i] == new[i].as_bytes()), "{stem}: entry lines changed");
    assert_eq!(new[new.len() - 2], format!(r#"{{"events":{},"head":"{}"}}"#, journal.len(), journal.head()));
    assert_eq!(Journal::from_jsonl(export.as_bytes()).unwrap().to_jsonl(), export);
    assert_eq!(summary_text(&journal), expected, "{stem}: head or day-work summary changed");
    journal.verify().unwrap();
    assert_eq!(journal.replay(), *journal.state());
    assert!(journal.state().conflicts().is_empty());
}

#[test]
fn the_sample_portfolio_export_loads_unchanged() {
    check("sample-portfolio");
}

#[test]
fn the_day_work_export_loads_unchanged() {
    check("daywork");
}
