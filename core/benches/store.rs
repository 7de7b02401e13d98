//! The durable journal (issue 15): appending day-work batches of 200 entries to a SQLite
//! store, each event committed (WAL, full sync) before the next — target ≥ 50,000 entries/s.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use projectledger::{Event, EventSource, Journal, Payload, WorkCalendar};

const WORKERS: usize = 600;
const BATCH: usize = 200;
const BATCHES: usize = 60;

fn setup(events: &mut EventSource) -> Vec<Event> {
    setup_workers(events, WORKERS)
}

fn setup_workers(events: &mut EventSource, workers: usize) -> Vec<Event> {
    let p1 = projectledger::ProjectId::try_new("P1").unwrap();
    let created = projectledger::lifecycle::LifecycleEvent::project_created(&p1, "Depot", "D-1", projectledger::Currency::CNY, WorkCalendar::china_2025().unwrap());
    let mut out = vec![events.event("pm", created).unwrap()];
    let mut json = vec![
        r#"{"type":"role_granted","data":{"project_id":"P1","member":"foreman","role":"foreman"}}"#.to_owned(),
        r#"{"type":"cost_breakdown_defined","data":{"project_id":"P1","breakdown":{"codes":[{"code":"01","name":"Civil"},{"code":"02","name":"Concrete"}],"cost_types":["labour","material"]}}}"#.to_owned(),
        r#"{"type":"labour_rate_set","data":{"project_id":"P1","rate":{"scope":{"kind":"trade","name":"钢筋工"},"valid_from":"2025-01-01","unit":"hour","amount":"45.50"}}}"#.to_owned(),
    ];
    for w in 0..workers {
        json.push(format!(
            r#"{{"type":"worker_registered","data":{{"project_id":"P1","worker":{{"worker_id":"W{w:04}","name":"工人{w}","id_number":"11010519900100{w:04}","trade":"钢筋工","team":"班组{}","employer":"华建劳务"}}}}}}"#,
            w % 20
        ));
    }
    out.extend(json.iter().map(|j| events.event("pm", Payload::from_json(j).unwrap()).unwrap()));
    out
}

/// Batches of 200 entries: every worker 8 hours a working day from 3 March 2025.
fn batches(events: &mut EventSource) -> Vec<Event> {
    batches_of(events, WORKERS, BATCHES)
}

fn batches_of(events: &mut EventSource, workers: usize, count: usize) -> Vec<Event> {
    let calendar = WorkCalendar::china_2025().unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
    (0..count)
        .map(|b| {
            let entries: Vec<String> = (0..BATCH)
                .map(|i| {
                    let n = b * BATCH + i;
                    let day = calendar.add_working_days(first, i64::try_from(n / workers).unwrap()).unwrap();
                    format!(r#"{{"entry_id":"E{n:07}","worker_id":"W{:04}","cost_code":"01","date":"{day}","quantity":{{"unit":"hours","value":"8"}}}}"#, n % workers)
                })
                .collect();
            let json = format!(r#"{{"type":"day_work_recorded","data":{{"project_id":"P1","entries":[{}]}}}}"#, entries.join(","));
            events.event("foreman", Payload::from_json(&json).unwrap()).unwrap()
        })
        .collect()
}

fn durable_append(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("pl-bench-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut source = Journal::new().event_source("bench").unwrap();
    let setup = setup(&mut source);
    let batches = batches(&mut source);
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.throughput(Throughput::Elements((BATCH * BATCHES) as u64));
    let mut run = 0usize;
    group.bench_function("durable append, day-work batches of 200 entries (12,000 entries)", |b| {
        b.iter_batched(
            || {
                run += 1;
                let path = dir.join(format!("run-{run}.db"));
                let mut journal = Journal::open(&path).unwrap();
                for event in &setup {
                    journal.append(event.clone()).unwrap();
                }
                (journal, batches.clone())
            },
            |(mut journal, batches)| {
                for event in batches {
                    journal.append(event).unwrap();
                }
                journal
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
    let size: u64 = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
    let files = std::fs::read_dir(&dir).unwrap().filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "db"))).count();
    if files > 0 {
        println!("store size on disk: {} bytes per day-work entry (database and WAL over {files} stores)", size / (files as u64 * (BATCH * BATCHES) as u64));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A store of 1,000,000 day-work entries (5,000 workers, 200 working days of 2025, batches of
/// 200), written once; then opening it, and syncing 1,000 offline entries into it.
fn large_store(c: &mut Criterion) {
    const LARGE_WORKERS: usize = 5_000;
    const LARGE_BATCHES: usize = 5_000;
    let dir = std::env::temp_dir().join(format!("pl-bench-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("large.db");
    let mut source = Journal::new().event_source("office").unwrap();
    let mut journal = Journal::new();
    for event in setup_workers(&mut source, LARGE_WORKERS).into_iter().chain(batches_of(&mut source, LARGE_WORKERS, LARGE_BATCHES)) {
        journal.append(event).unwrap();
    }
    let state = journal.state().clone();
    drop(journal.into_store(&path).unwrap());
    let size = std::fs::metadata(&path).unwrap().len();
    println!("large store: {} bytes on disk, {} bytes per entry", size, size / (LARGE_BATCHES * BATCH) as u64);
    let snapshot: i64 = rusqlite::Connection::open(&path).unwrap().query_row("SELECT length(state) FROM snapshot", [], |row| row.get(0)).unwrap();
    println!("its snapshot: {snapshot} bytes, {} bytes per entry", snapshot / (LARGE_BATCHES * BATCH) as i64);
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    // Closing the journal kept a snapshot of its state: an open reads it, not the fold.
    // (Timed to the open: dropping the journal, at close, is not.)
    group.bench_function("open a store of 1,000,000 day-work entries (from its snapshot)", |b| {
        b.iter_with_large_drop(|| {
            let opened = Journal::open(&path).unwrap();
            assert_eq!(opened.len(), LARGE_WORKERS + 4 + LARGE_BATCHES);
            opened
        });
    });
    // Without one (first open after an upgrade, or a snapshot lost): folds every event, and
    // keeps a snapshot for the next open.
    group.bench_function("open a store of 1,000,000 day-work entries (no snapshot: fold, keep one)", |b| {
        b.iter_batched(
            || rusqlite::Connection::open(&path).unwrap().execute("DELETE FROM snapshot", []).unwrap(),
            |_| Journal::open(&path).unwrap(),
            BatchSize::PerIteration,
        );
    });
    assert_eq!(Journal::open(&path).unwrap().state(), &state);
    // A phone that was offline while the office recorded 200 batches (40,000 entries): its
    // batch of 200 entries (each on a day of its own) is older than those, so the store folds
    // again from the checkpoint before it, not from the first event.
    let mut store = Journal::open(&path).unwrap();
    let mut late = 0usize;
    let stamp = store.entries()[store.len() - 200].event.recorded_at - chrono::Duration::microseconds(1);
    group.bench_function("an older offline batch (200 entries) into a store of 1,000,000", |b| {
        b.iter_batched(
            || {
                late += 1;
                let calendar = WorkCalendar::china_2025().unwrap();
                let day = calendar.add_working_days(chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(), 230 + i64::try_from(late / 20).unwrap()).unwrap();
                let entries: Vec<String> = (0..BATCH)
                    .map(|i| format!(r#"{{"entry_id":"L{late}-{i}","worker_id":"W{:04}","cost_code":"01","date":"{day}","quantity":{{"unit":"hours","value":"1"}}}}"#, (late % 20) * BATCH + i))
                    .collect();
                let json = format!(r#"{{"type":"day_work_recorded","data":{{"project_id":"P1","entries":[{}]}}}}"#, entries.join(","));
                Journal::new().event_source(&format!("late-{late}")).unwrap().with_clock(move || stamp).event("foreman", Payload::from_json(&json).unwrap()).unwrap()
            },
            |event| assert!(store.record(event).unwrap().refolded),
            BatchSize::PerIteration,
        );
    });
    // A phone's 1,000 entries (five batches of an hour each, newer than the store's last
    // event) synced in; a worker-day takes 24 of them, so 120 syncs fill a day.
    let mut offline = 0usize;
    group.bench_function("sync 1,000 offline entries into a store of 1,000,000", |b| {
        b.iter_batched(
            || {
                offline += 1;
                let mut phone = Journal::new().event_source(&format!("phone-{offline}")).unwrap();
                let calendar = WorkCalendar::china_2025().unwrap();
                let day = calendar.add_working_days(chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(), 200 + i64::try_from(offline / 120).unwrap()).unwrap();
                let events: Vec<Event> = (0..5)
                    .map(|b| {
                        let entries: Vec<String> = (0..BATCH)
                            .map(|i| {
                                let w = (offline % 5) * 1000 + b * BATCH + i;
                                format!(r#"{{"entry_id":"S{offline}-{b}-{i}","worker_id":"W{w:04}","cost_code":"01","date":"{day}","quantity":{{"unit":"hours","value":"1"}}}}"#)
                            })
                            .collect();
                        let json = format!(r#"{{"type":"day_work_recorded","data":{{"project_id":"P1","entries":[{}]}}}}"#, entries.join(","));
                        phone.event("foreman", Payload::from_json(&json).unwrap()).unwrap()
                    })
                    .collect();
                // As it arrives over the wire.
                projectledger::Changes::from_jsonl(projectledger::Changes::new(events, 0).to_jsonl().as_bytes()).unwrap()
            },
            |changes| assert_eq!(store.apply_changes("phone", &changes).unwrap().added, 5),
            BatchSize::PerIteration,
        );
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, durable_append, large_store);
criterion_main!(benches);
