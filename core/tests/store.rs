//! The journal on disk (issue 15): appends are committed before they return, a store reopens
//! to the same entries and state, refused events write nothing, a damaged store is refused
//! naming what is wrong, and a process killed mid-append loses nothing acknowledged.
#![cfg(feature = "store")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use projectledger::{Journal, Payload};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pl-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("journal.db")
}

/// Appends the project (once), then `n` members, each event committed before the next.
fn grow(journal: &mut Journal, n: usize, mut acknowledged: impl FnMut(&str)) {
    let mut events = journal.event_source("dev").unwrap();
    if journal.is_empty() {
        let p1 = projectledger::ProjectId::try_new("P1").unwrap();
        let created = projectledger::lifecycle::LifecycleEvent::project_created(&p1, "Depot", "D-1", projectledger::Currency::CNY, projectledger::WorkCalendar::china_2025().unwrap());
        let event = events.event("pm", created).unwrap();
        let id = event.id.to_string();
        journal.record(event).unwrap();
        acknowledged(&id);
    }
    for _ in 0..n {
        let member = format!("m{}", journal.len());
        let json = format!(r#"{{"type":"role_granted","data":{{"project_id":"P1","member":"{member}","role":"foreman"}}}}"#);
        let event = events.event("pm", Payload::from_json(&json).unwrap()).unwrap();
        let id = event.id.to_string();
        journal.record(event).unwrap();
        acknowledged(&id);
    }
}

#[test]
fn a_store_reopens_to_the_same_entries_and_state() {
    let path = scratch("reopen");
    let mut journal = Journal::open(&path).unwrap();
    assert!(journal.is_durable() && journal.is_empty());
    grow(&mut journal, 5, |_| {});
    let (head, state, export) = (journal.head(), journal.state().clone(), journal.to_jsonl());
    drop(journal);
    let again = Journal::open(&path).unwrap();
    assert_eq!((again.len(), again.head()), (6, head));
    assert_eq!(again.state(), &state);
    assert_eq!(again.to_jsonl(), export);
    // A refused event writes nothing: a member granted by someone who may not.
    let mut again = again;
    let mut events = again.event_source("dev").unwrap();
    let bad = Payload::from_json(r#"{"type":"role_granted","data":{"project_id":"P1","member":"x","role":"owner"}}"#).unwrap();
    assert!(again.record(events.event("m1", bad).unwrap()).is_err());
    drop(again);
    assert_eq!(Journal::open(&path).unwrap().len(), 6);
    // One writer at a time: a second journal on the same store is refused, plainly.
    let first = Journal::open(&path).unwrap();
    let error = Journal::open(&path).unwrap_err();
    assert!(error.kind() == "StoreFailed" && error.to_string().contains("open in another journal"), "{error}");
    drop(first);
    // A copy is in memory only.
    let mut copy = Journal::open(&path).unwrap().clone();
    assert!(!copy.is_durable());
    grow(&mut copy, 1, |_| {});
    assert_eq!(Journal::open(&path).unwrap().len(), 6);
}

#[test]
fn an_export_imported_into_a_store_comes_back_byte_for_byte() {
    let v1 = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden/sample-portfolio.jsonl")).unwrap();
    let export = Journal::from_jsonl(&v1).unwrap().to_jsonl().into_bytes();
    let imported = Journal::from_jsonl(&export).unwrap();
    let path = scratch("import");
    let state = imported.state().clone();
    let store = imported.into_store(&path).unwrap();
    assert!(store.is_durable());
    drop(store);
    let again = Journal::open(&path).unwrap();
    assert!(again.to_jsonl().as_bytes() == export.as_slice(), "the store's export differs from the one imported");
    assert_eq!(again.state(), &state);
    drop(again);
    // A store that holds entries is merged into, not overwritten.
    let error = Journal::from_jsonl(&export).unwrap().into_store(&path).unwrap_err();
    assert!(error.to_string().contains("merge into it"), "{error}");
}

#[test]
fn a_damaged_store_is_refused_naming_what_is_wrong() {
    let path = scratch("damaged");
    let mut journal = Journal::open(&path).unwrap();
    grow(&mut journal, 2, |_| {});
    drop(journal);
    // Altered behind the journal's back (the tool closed before the journal opens).
    let alter = |sql: &str| rusqlite::Connection::open(&path).unwrap().execute(sql, []).unwrap();
    // The lines a snapshot holds are read from it (the chain is checked from where it ends);
    // read from the lines, an altered entry breaks its canonical form or the chain.
    alter("DELETE FROM snapshot");
    alter("UPDATE entries SET line = replace(line, '\"m1\"', '\"mX\"') WHERE seq = 2");
    let error = Journal::open(&path).unwrap_err();
    assert_eq!(error.kind(), "StoreFailed", "{error}");
    assert!(error.to_string().contains("do not load") && error.to_string().contains("dev-000002"), "{error}");
    // A newer schema is named with both versions.
    alter("UPDATE entries SET line = replace(line, '\"mX\"', '\"m1\"') WHERE seq = 2");
    alter("UPDATE store_meta SET value = 9 WHERE key = 'schema_version'");
    let error = Journal::open(&path).unwrap_err();
    assert!(error.to_string().contains("schema version 9") && error.to_string().contains("up to 3"), "{error}");
    // Not a database at all.
    let junk = path.with_file_name("junk.db");
    std::fs::write(&junk, b"this is not a database, just some bytes that are long enough to look like a header").unwrap();
    let error = Journal::open(&junk).unwrap_err();
    assert_eq!(error.kind(), "StoreFailed");
    assert!(error.to_string().contains("junk.db"), "{error}");
}

#[test]
fn two_stores_sync_and_remember_what_came_from_whom_across_a_restart() {
    let (phone_path, office_path) = (scratch("sync-phone"), scratch("sync-office"));
    let mut phone = Journal::open(&phone_path).unwrap();
    grow(&mut phone, 3, |_| {});
    let mut office = Journal::open(&office_path).unwrap();
    let up = phone.changes_since("office", 0).unwrap();
    assert_eq!(office.apply_changes("phone-7", &up).unwrap().added, 4);
    drop(office);
    // The office restarts: what came from the phone is still the phone's, so not sent back.
    let mut office = Journal::open(&office_path).unwrap();
    assert_eq!(office.origin_of(0).map(|p| p.as_str()), Some("phone-7"));
    assert!(office.changes_since("phone-7", 0).unwrap().events.is_empty());
    let mut events = office.event_source("office").unwrap();
    let json = r#"{"type":"role_granted","data":{"project_id":"P1","member":"clerk","role":"foreman"}}"#;
    office.record(events.event("pm", Payload::from_json(json).unwrap()).unwrap()).unwrap();
    let down = office.changes_since("phone-7", 0).unwrap();
    assert_eq!((down.events.len(), down.cursor), (1, 5));
    phone.apply_changes("office", &down).unwrap();
    assert_eq!(phone.digest(), office.digest());
    drop(phone);
    let phone = Journal::open(&phone_path).unwrap();
    assert!(phone.changes_since("office", up.cursor).unwrap().events.is_empty());
    assert_eq!(phone.digest(), office.digest());
}

#[test]
fn a_version_1_store_is_upgraded_when_opened() {
    let path = scratch("v1");
    {
        let old = rusqlite::Connection::open(&path).unwrap();
        old.execute_batch(
            "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
             CREATE TABLE entries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, recorded_at TEXT NOT NULL, actor TEXT NOT NULL,
                 prev_hash BLOB NOT NULL, hash BLOB NOT NULL, line TEXT NOT NULL);
             INSERT INTO store_meta (key, value) VALUES ('schema_version', 1);",
        )
        .unwrap();
    }
    let mut journal = Journal::open(&path).unwrap();
    grow(&mut journal, 1, |_| {});
    drop(journal);
    let version: i64 = rusqlite::Connection::open(&path).unwrap().query_row("SELECT value FROM store_meta WHERE key = 'schema_version'", [], |r| r.get(0)).unwrap();
    assert_eq!(version, projectledger::store::STORE_SCHEMA_VERSION);
    assert_eq!(Journal::open(&path).unwrap().len(), 2);
}

const CHILD: &str = "PL_STORE_CRASH_CHILD";

/// The child of the crash test: appends to the store named by the environment until killed,
/// printing each id once its append has returned.
#[test]
fn crash_child() {
    let Some(path) = std::env::var_os(CHILD) else { return };
    let mut journal = Journal::open(Path::new(&path)).unwrap();
    let stdout = std::io::stdout();
    grow(&mut journal, usize::MAX, |id| {
        use std::io::Write;
        let mut out = stdout.lock();
        let _ = writeln!(out, "ACK {id}");
        let _ = out.flush();
    });
}

#[test]
fn a_process_killed_mid_append_loses_nothing_acknowledged() {
    let path = scratch("crash");
    let mut acknowledged: Vec<String> = Vec::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ u64::from(std::process::id());
    for round in 0..50 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait_for = usize::try_from(seed % 12).unwrap(); // 0: killed while it opens
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(CHILD, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen < wait_for {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(id) = line.strip_prefix("ACK ") {
                        acknowledged.push(id.to_owned());
                        seen += 1;
                    }
                }
                _ => break,
            }
        }
        child.kill().unwrap(); // SIGKILL: no destructor, no flush
        // What it printed before dying was acknowledged too.
        for line in lines.map_while(std::result::Result::ok) {
            if let Some(id) = line.strip_prefix("ACK ") {
                acknowledged.push(id.to_owned());
            }
        }
        let _ = child.wait();
        let journal = Journal::open(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        journal.verify().unwrap();
        assert_eq!(&journal.replay(), journal.state(), "round {round}");
        for id in &acknowledged {
            assert!(journal.contains(&projectledger::EventId::try_new(id).unwrap()), "round {round}: {id} was acknowledged but is lost");
        }
    }
    assert!(acknowledged.len() >= 50, "the children appended too little to test anything: {}", acknowledged.len());
}

const FULL_CHILD: &str = "PL_STORE_FULL_CHILD";
const HOLD_CHILD: &str = "PL_STORE_HOLD_CHILD";

/// Runs one of this file's child tests with `env` set.
fn run_child(test: &str, env: &str, path: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(env, path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// The child of the disk-full test, run with its files limited in size (`ulimit -f`, SIGXFSZ
/// ignored, so a write past the limit fails as on a full disk): appends until one fails.
#[test]
fn disk_full_child() {
    let Some(path) = std::env::var_os(FULL_CHILD) else { return };
    let mut journal = Journal::open(Path::new(&path)).unwrap();
    let mut events = journal.event_source("dev").unwrap();
    for n in 0..100_000 {
        let (len, head) = (journal.len(), journal.head());
        let json = format!(r#"{{"type":"role_granted","data":{{"project_id":"P1","member":"full-{n}","role":"foreman"}}}}"#);
        if let Err(error) = journal.record(events.event("pm", Payload::from_json(&json).unwrap()).unwrap()) {
            assert_eq!(error.kind(), "StoreFailed", "{error}");
            assert_eq!((journal.len(), journal.head()), (len, head), "a failed append changed the journal");
            assert_eq!(journal.state(), &journal.replay());
            println!("FULL {len} {error}");
            return;
        }
    }
    panic!("the file-size limit never made an append fail");
}

#[test]
fn a_full_disk_fails_the_append_and_leaves_the_journal_as_it_was() {
    let path = scratch("full");
    let mut journal = Journal::open(&path).unwrap();
    grow(&mut journal, 3, |_| {});
    drop(journal);
    // Room for the database as it is and 64 KiB more (512-byte blocks, as POSIX sh counts).
    let blocks = (std::fs::metadata(&path).unwrap().len() + 65_536) / 512;
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" \"$@\""))
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", "disk_full_child", "--nocapture", "--test-threads=1"])
        .env(FULL_CHILD, &path)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().find_map(|l| l.split_once("FULL ").map(|(_, rest)| rest)).unwrap_or_else(|| panic!("the child did not report a failed append: {text}"));
    let (len, error) = line.split_once(' ').unwrap();
    assert!(error.contains("the append was not written"), "{error}");
    // Everything acknowledged is there; with room again, the store takes appends.
    let mut journal = Journal::open(&path).unwrap();
    assert_eq!(journal.len(), len.parse::<usize>().unwrap());
    journal.verify().unwrap();
    assert_eq!(journal.state(), &journal.replay());
    grow(&mut journal, 1, |_| {});
    drop(journal);
    assert_eq!(Journal::open(&path).unwrap().len(), len.parse::<usize>().unwrap() + 1);
}

/// The child of the two-process test: holds the store open until its stdin closes.
#[test]
fn hold_child() {
    let Some(path) = std::env::var_os(HOLD_CHILD) else { return };
    let journal = Journal::open(Path::new(&path)).unwrap();
    println!("HOLD {}", journal.len());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    drop(journal);
}

#[test]
fn a_second_process_is_refused_while_the_first_holds_the_store() {
    let path = scratch("two-processes");
    let mut journal = Journal::open(&path).unwrap();
    grow(&mut journal, 2, |_| {});
    drop(journal);
    let mut child = run_child("hold_child", HOLD_CHILD, &path);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let held = lines.find_map(|l| l.ok()?.split_once("HOLD ").map(|(_, rest)| rest.to_owned())).expect("the child did not open the store");
    assert_eq!(held, "3");
    let error = Journal::open(&path).unwrap_err();
    assert!(error.kind() == "StoreFailed" && error.to_string().contains("open in another journal"), "{error}");
    drop(child.stdin.take()); // the other process closes the store
    assert!(child.wait().unwrap().success());
    let mut journal = Journal::open(&path).unwrap();
    grow(&mut journal, 1, |_| {});
    assert_eq!(journal.len(), 4);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]

    /// Open → append, sync in → close → open gives the same entries, head, state, digest and
    /// origins, whatever the mix.
    #[test]
    fn a_store_reopens_to_what_it_held(steps in proptest::collection::vec(0u8..3, 1..12), case in 0u32..1_000_000) {
        let path = scratch(&format!("reopen-{case}"));
        let mut store = Journal::open(&path).unwrap();
        grow(&mut store, 1, |_| {});
        let mut peer = Journal::from_jsonl(store.to_jsonl().as_bytes()).unwrap();
        let mut peer_events = peer.event_source("peer").unwrap();
        let mut sent = 0u64;
        for (n, step) in steps.iter().enumerate() {
            match step {
                0 => grow(&mut store, 1, |_| {}),
                1 => {
                    let json = format!(r#"{{"type":"role_granted","data":{{"project_id":"P1","member":"p{n}","role":"foreman"}}}}"#);
                    peer.append(peer_events.event("pm", Payload::from_json(&json).unwrap()).unwrap()).unwrap();
                }
                _ => {
                    let changes = peer.changes_since("store", sent).unwrap();
                    store.apply_changes("peer", &changes).unwrap();
                    sent = changes.cursor;
                }
            }
        }
        let (export, state, digest) = (store.to_jsonl(), store.state().clone(), store.digest());
        let origins: Vec<Option<String>> = (0..store.len()).map(|at| store.origin_of(at).map(|p| p.to_string())).collect();
        drop(store);
        let again = Journal::open(&path).unwrap();
        proptest::prop_assert_eq!(again.to_jsonl(), export);
        proptest::prop_assert_eq!(again.state(), &state);
        proptest::prop_assert_eq!(again.digest(), digest);
        let reopened: Vec<Option<String>> = (0..again.len()).map(|at| again.origin_of(at).map(|p| p.to_string())).collect();
        proptest::prop_assert_eq!(reopened, origins);
        drop(again);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// How many entries the store's snapshot covers (none: 0).
fn snapshot_held(path: &Path) -> i64 {
    rusqlite::Connection::open(path).unwrap().query_row("SELECT coalesce(max(held), 0) FROM snapshot", [], |r| r.get(0)).unwrap()
}

fn sql(path: &Path, statements: &str) {
    rusqlite::Connection::open(path).unwrap().execute_batch(statements).unwrap();
}

#[test]
fn a_store_opens_from_its_snapshot_and_folds_on_what_came_after() {
    let path = scratch("snapshot");
    let mut journal = Journal::open(&path).unwrap();
    grow(&mut journal, 4, |_| {});
    let deliverable = r#"{"type":"deliverable_recorded","data":{"project_id":"P1","deliverable":"feasibility_report","reference":"v1"}}"#;
    let mut events = journal.event_source("dev").unwrap();
    journal.record(events.event("pm", Payload::from_json(deliverable).unwrap()).unwrap()).unwrap();
    let state = journal.state().clone();
    drop(journal);
    // Closing kept a snapshot of all six entries.
    assert_eq!(snapshot_held(&path), 6);
    let reopened = Journal::open(&path).unwrap();
    assert_eq!(reopened.state(), &reopened.replay());
    drop(reopened);
    // The open reads the entries the snapshot holds from it, not from their lines: a line it
    // covers, damaged, goes unread — until there is no snapshot to read.
    sql(&path, "CREATE TABLE kept AS SELECT * FROM snapshot;
                UPDATE entries SET line = replace(line, '\"m1\"', '\"mX\"') WHERE seq = 2;");
    assert_eq!(Journal::open(&path).unwrap().state(), &state);
    sql(&path, "DELETE FROM snapshot;");
    assert!(Journal::open(&path).unwrap_err().to_string().contains("do not load"));
    sql(&path, "UPDATE entries SET line = replace(line, '\"mX\"', '\"m1\"') WHERE seq = 2;");
    // A snapshot behind the entries (the app was killed before it closed): the entries after
    // it fold on top of it.
    sql(&path, "DELETE FROM snapshot; INSERT INTO snapshot SELECT * FROM kept;");
    let mut journal = Journal::open(&path).unwrap();
    grow(&mut journal, 3, |_| {});
    let state = journal.state().clone();
    drop(journal);
    assert_eq!(snapshot_held(&path), 9);
    sql(&path, "DELETE FROM snapshot; INSERT INTO snapshot SELECT * FROM kept;");
    let reopened = Journal::open(&path).unwrap();
    assert_eq!(reopened.state(), &state);
    assert_eq!(reopened.state(), &reopened.replay());
}

#[test]
fn a_snapshot_the_store_cannot_use_is_passed_over_and_kept_anew() {
    let path = scratch("snapshot-unusable");
    let mut journal = Journal::open(&path).unwrap();
    grow(&mut journal, 4, |_| {});
    let state = journal.state().clone();
    drop(journal);
    let other = scratch("snapshot-other");
    let mut journal = Journal::open(&other).unwrap();
    grow(&mut journal, 4, |_| {});
    drop(journal);
    for damage in [
        "UPDATE snapshot SET state = X'00'",                         // damaged: its checksum fails
        "UPDATE snapshot SET state = substr(state, 1, length(state) - 1)",
        "UPDATE snapshot SET format = 999",                          // another build's encoding
        "DELETE FROM snapshot; INSERT INTO snapshot SELECT * FROM other.snapshot",  // another store's
        "DELETE FROM snapshot",
        "UPDATE entries SET hash = zeroblob(32) WHERE seq = 2",     // an entry not the one it holds
    ] {
        let attach = format!("ATTACH DATABASE '{}' AS other; {damage}", other.display());
        sql(&path, &attach);
        let reopened = Journal::open(&path).unwrap();
        assert_eq!(reopened.state(), &state, "{damage}");
        drop(reopened);
        // Folded from the events, the store keeps a good snapshot again.
        assert_eq!(snapshot_held(&path), 5, "{damage}");
        assert_eq!(Journal::open(&path).unwrap().state(), &state, "{damage}");
    }
}

#[test]
fn an_older_event_after_the_snapshot_folds_the_store_from_the_events() {
    let path = scratch("snapshot-older");
    let mut office = Journal::open(&path).unwrap();
    grow(&mut office, 3, |_| {});
    // A phone, offline since before the office's grants, recorded a grant of its own.
    let early = office.entries()[0].event.recorded_at + chrono::Duration::microseconds(1);
    let mut phone = Journal::from_jsonl(office.to_jsonl().as_bytes()).unwrap();
    let json = r#"{"type":"role_granted","data":{"project_id":"P1","member":"phone-clerk","role":"foreman"}}"#;
    let late = Journal::new().event_source("phone").unwrap().with_clock(move || early).event("pm", Payload::from_json(json).unwrap()).unwrap();
    phone.append(late).unwrap();
    drop(office);
    sql(&path, "CREATE TABLE kept AS SELECT * FROM snapshot;");
    let mut office = Journal::open(&path).unwrap();
    let changes = phone.changes_since("office", 0).unwrap();
    assert_eq!(office.apply_changes("phone", &changes).unwrap().added, 1);
    let state = office.state().clone();
    drop(office);
    // The snapshot before the phone's event: that event folds before entries it covers, so
    // the store folds from the events instead.
    sql(&path, "DELETE FROM snapshot; INSERT INTO snapshot SELECT * FROM kept;");
    let reopened = Journal::open(&path).unwrap();
    assert_eq!(reopened.state(), &state);
    assert_eq!(reopened.state(), &reopened.replay());
    drop(reopened);
    assert_eq!(snapshot_held(&path), 5);
}
