//! A durable journal: the entries in an embedded SQLite database (bundled, WAL mode), written
//! before an append returns. Behind the `store` feature; the domains know nothing of it.
//!
//! One journal holds a store at a time: a second opener (another process, or the same one)
//! is refused while the first has it open.
//!
//! The table holds each entry as it is chained (id, timestamps, actor, previous hash, hash)
//! and its canonical export line, so a store exports byte for byte what was imported into
//! it. Opening reads the lines back through the strict JSON Lines reader (every line
//! canonical, every link of the chain checked): a store that is not one, was written by a
//! newer schema, or whose entries were altered is refused naming what is wrong and where.
//!
//! A snapshot (the state, the entries it folds, the checkpoints; `journal/snapshot.rs`) is
//! kept as the journal closes and now and then while it is open, so that an open reads it
//! and checks only the lines after it, instead of parsing and folding every one.
//!
//! ```
//! use projectledger::{Currency, Journal, ProjectId, WorkCalendar};
//! use projectledger::lifecycle::LifecycleEvent;
//! # fn main() -> Result<(), projectledger::Error> {
//! let dir = std::env::temp_dir().join(format!("pl-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("site.db");
//! # let _ = std::fs::remove_file(&path);
//! let mut site = Journal::open(&path)?;
//! let mut events = site.event_source("phone-7")?;
//! site.record(events.event("pm-li", LifecycleEvent::ProjectCreated { project_id: ProjectId::try_new("P1")?, name: "Depot".into(),
//!     code: "D-1".into(), currency: Currency::CNY, calendar: Box::new(WorkCalendar::china(2025, 2026)?) })?)?;
//! let head = site.head();
//! drop(site);                                  // the phone dies; the event was committed
//! let again = Journal::open(&path)?;
//! assert_eq!((again.len(), again.head()), (1, head));
//! # drop(again); let _ = std::fs::remove_dir_all(&dir);
//! # Ok(()) }
//! ```

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags};

use crate::journal::{Durable, Entry, Journal, Snapshot};
use crate::{Error, ReplicaId, Result};

/// The version of the store's tables this build writes (and the newest it reads).
/// Version 2 added the peer each merged entry came from, version 3 the snapshot; an older
/// store is upgraded when opened.
pub const STORE_SCHEMA_VERSION: i64 = 3;

/// Fewest events between two snapshots written while the journal is open (it writes one as it
/// closes, too): a small journal folds quickly anyway.
const MIN_SNAPSHOT_SPACING: usize = 1024;

/// An error of the store at `path`.
fn failed(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::StoreFailed { path: path.display().to_string(), reason: reason.to_string() }
}

/// Positions of entries that came from one peer.
type PeerRun = (std::ops::Range<usize>, ReplicaId);

/// The SQLite side of a durable journal.
struct Store {
    path: PathBuf,
    connection: Connection,
    /// How many entries the snapshot held covers.
    snapshot_held: usize,
}

impl Store {
    /// Opens or creates the database, in WAL mode with a full sync on commit, and checks its
    /// schema version.
    fn open(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(path, flags).map_err(|e| failed(path, e))?;
        let store = Store { path: path.to_owned(), connection, snapshot_held: 0 };
        // One writer: the first to open holds the store until it closes (two writers would
        // fork the chain); another waits a moment (SQLite's lock), then is refused.
        store.connection.busy_timeout(std::time::Duration::from_secs(2)).map_err(|e| store.sqlite("", e))?;
        let _: String = store.connection.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |row| row.get(0)).map_err(|e| store.sqlite("", e))?;
        let mode: String = store.connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(|e| store.sqlite("not a journal store", e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(store.error(format!("the database cannot use write-ahead logging (journal mode {mode})")));
        }
        store.connection.pragma_update(None, "synchronous", "FULL").map_err(|e| store.sqlite("", e))?;
        store
            .connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                 CREATE TABLE IF NOT EXISTS entries (
                     seq INTEGER PRIMARY KEY,
                     id TEXT NOT NULL UNIQUE,
                     recorded_at TEXT NOT NULL,
                     actor TEXT NOT NULL,
                     prev_hash BLOB NOT NULL,
                     hash BLOB NOT NULL,
                     line TEXT NOT NULL,
                     origin TEXT
                 );
                 CREATE TABLE IF NOT EXISTS snapshot (
                     id INTEGER PRIMARY KEY CHECK (id = 1),
                     format INTEGER NOT NULL,
                     held INTEGER NOT NULL,
                     head BLOB NOT NULL,
                     checksum INTEGER NOT NULL,
                     state BLOB NOT NULL
                 );
                 INSERT OR IGNORE INTO store_meta (key, value) VALUES ('schema_version', 3);",
            )
            .map_err(|e| store.sqlite("not a journal store", e))?;
        let version: i64 = store.connection.query_row("SELECT value FROM store_meta WHERE key = 'schema_version'", [], |row| row.get(0)).map_err(|e| store.sqlite("", e))?;
        if version > STORE_SCHEMA_VERSION {
            return Err(store.error(format!("written by schema version {version}; this build reads up to {STORE_SCHEMA_VERSION}")));
        }
        if version == 1 {
            store
                .connection
                .execute_batch("BEGIN; ALTER TABLE entries ADD COLUMN origin TEXT; UPDATE store_meta SET value = 2 WHERE key = 'schema_version'; COMMIT;")
                .map_err(|e| store.sqlite("upgrading it from schema version 1", e))?;
        }
        if version <= 2 {
            // The snapshot table was created above; a snapshot is written once the store is folded.
            store
                .connection
                .execute("UPDATE store_meta SET value = 3 WHERE key = 'schema_version'", [])
                .map_err(|e| store.sqlite("upgrading it from schema version 2", e))?;
        }
        // Which entries came from a peer, without reading their lines (version 3).
        store
            .connection
            .execute("CREATE INDEX IF NOT EXISTS entries_origin ON entries (seq, origin) WHERE origin IS NOT NULL", [])
            .map_err(|e| store.sqlite("indexing it", e))?;
        Ok(store)
    }

    /// The snapshot kept, if there is one this build can use: of this encoding, intact, and
    /// of entries this store holds (every entry it holds is the store's at its place). Any
    /// other is passed over: the store folds from the events.
    fn read_snapshot(&self) -> Option<Snapshot> {
        let mut statement = self.connection.prepare("SELECT format, checksum, state FROM snapshot WHERE id = 1").ok()?;
        let mut rows = statement.query([]).ok()?;
        let row = rows.next().ok()??;
        let (format, checksum): (i64, i64) = (row.get(0).ok()?, row.get(1).ok()?);
        let bytes = row.get_ref(2).ok()?.as_blob().ok()?;
        if format != i64::from(crate::persist::FORMAT) || checksum != snapshot_checksum(bytes) {
            return None;
        }
        let snapshot = Journal::read_snapshot(bytes)?;
        // The hash column comes before the line, so this reads no line.
        let mut statement = self.connection.prepare("SELECT hash FROM entries ORDER BY seq LIMIT ?1").ok()?;
        let mut rows = statement.query([i64::try_from(snapshot.entries().len()).ok()?]).ok()?;
        for entry in snapshot.entries() {
            let row = rows.next().ok()??;
            if row.get_ref(0).ok()?.as_blob().ok()? != entry.hash.as_bytes().as_slice() {
                return None;
            }
        }
        Some(snapshot)
    }

    /// Keeps `journal` (every entry of the store) as the snapshot.
    fn write_snapshot(&mut self, journal: &Journal) -> Result<()> {
        let bytes = journal.snapshot();
        let held = i64::try_from(journal.len()).map_err(|e| self.error(e))?;
        self.connection
            .execute(
                "INSERT OR REPLACE INTO snapshot (id, format, held, head, checksum, state) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![i64::from(crate::persist::FORMAT), held, journal.head().as_bytes().as_slice(), snapshot_checksum(&bytes), bytes],
            )
            .map_err(|e| self.sqlite("writing the snapshot", e))?;
        self.snapshot_held = journal.len();
        Ok(())
    }

    fn error(&self, reason: impl std::fmt::Display) -> Error {
        failed(&self.path, reason)
    }

    /// A SQLite error as the store's: a lock held by another journal said plainly, the rest
    /// with what was being done.
    fn sqlite(&self, doing: &str, e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => self.error("it is open in another journal (one writer at a time)"),
            _ if doing.is_empty() => self.error(e),
            _ => self.error(format!("{doing} ({e})")),
        }
    }

    /// The line of every entry from position `from` on, in append order, as a JSON Lines
    /// export, and the runs of entries (of all of them) that came from a peer.
    fn export(&self, from: usize) -> Result<(Vec<u8>, Vec<PeerRun>)> {
        let mut out = format!("{{\"format\":\"projectledger-journal\",\"schema_version\":{}}}\n", crate::journal::SCHEMA_VERSION).into_bytes();
        // Lines before `from` are skipped, not read: SQLite steps over them.
        let mut statement = self.connection.prepare("SELECT line FROM entries ORDER BY seq LIMIT -1 OFFSET ?1").map_err(|e| self.error(e))?;
        let mut rows = statement.query([i64::try_from(from).unwrap_or(i64::MAX)]).map_err(|e| self.error(e))?;
        let mut position = from;
        while let Some(row) = rows.next().map_err(|e| self.error(e))? {
            let line: String = row.get(0).map_err(|e| self.error(format!("entry {} is not text ({e})", position.saturating_add(1))))?;
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
            position = position.saturating_add(1);
        }
        Ok((out, self.origins()?))
    }

    /// The runs of entries that came from a peer, from the index of entries with an origin
    /// (the column comes after each line: reading it row by row would read every line).
    fn origins(&self) -> Result<Vec<PeerRun>> {
        // Positions are `seq - 1` while the table counts from 1 without gaps (it is only ever
        // appended to); otherwise they are counted.
        let (count, last): (i64, i64) = self.connection.query_row("SELECT count(*), coalesce(max(seq), 0) FROM entries", [], |row| Ok((row.get(0)?, row.get(1)?))).map_err(|e| self.error(e))?;
        let query = if count == last {
            "SELECT seq - 1, origin FROM entries WHERE origin IS NOT NULL ORDER BY seq"
        } else {
            "SELECT position, origin FROM (SELECT row_number() OVER (ORDER BY seq) - 1 AS position, origin FROM entries) WHERE origin IS NOT NULL"
        };
        let mut statement = self.connection.prepare(query).map_err(|e| self.error(e))?;
        let mut rows = statement.query([]).map_err(|e| self.error(e))?;
        let mut origins: Vec<PeerRun> = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.error(e))? {
            let position: i64 = row.get(0).map_err(|e| self.error(e))?;
            let position = usize::try_from(position).map_err(|e| self.error(e))?;
            let origin: String = row.get(1).map_err(|e| self.error(format!("entry {}'s origin is not text ({e})", position.saturating_add(1))))?;
            let peer = ReplicaId::try_new(origin).map_err(|e| self.error(format!("entry {}'s origin: {e}", position.saturating_add(1))))?;
            match origins.last_mut() {
                Some((run, last)) if *last == peer && run.end == position => run.end = position.saturating_add(1),
                _ => origins.push((position..position.saturating_add(1), peer)),
            }
        }
        Ok(origins)
    }
}

impl Store {
    /// Writes entries with the peer each came from, in one transaction.
    fn insert<'a>(&mut self, entries: impl Iterator<Item = (&'a Entry, Option<&'a ReplicaId>)>) -> Result<()> {
        let path = self.path.clone();
        let error = |e: rusqlite::Error| failed(&path, format!("the append was not written ({e})"));
        let transaction = self.connection.transaction().map_err(error)?;
        {
            let mut insert = transaction
                .prepare_cached("INSERT INTO entries (id, recorded_at, actor, prev_hash, hash, line, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .map_err(error)?;
            for (entry, origin) in entries {
                let event = &entry.event;
                let recorded_at = event.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
                let (prev_hash, hash) = (entry.prev_hash.as_bytes().as_slice(), entry.hash.as_bytes().as_slice());
                insert.execute(params![event.id.as_str(), recorded_at, event.actor.as_str(), prev_hash, hash, entry.to_line(), origin.map(ReplicaId::as_str)]).map_err(error)?;
            }
        }
        transaction.commit().map_err(error)
    }
}

/// A checksum of a snapshot's bytes, so that one damaged on disk is folded again rather than
/// read as another state. (Std's hasher: a new Rust may compute another, and the store then
/// folds once from the events.)
fn snapshot_checksum(bytes: &[u8]) -> i64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    i64::from_ne_bytes(hasher.finish().to_ne_bytes())
}

/// Whether a snapshot of `held` entries is due, the last one covering `snapshot_held`.
fn snapshot_due(held: usize, snapshot_held: usize, closing: bool) -> bool {
    let since = held.saturating_sub(snapshot_held);
    since > 0 && (closing || since >= MIN_SNAPSHOT_SPACING.max(held / 2))
}

impl Durable for Store {
    fn persist(&mut self, entries: &[Entry], origin: Option<&ReplicaId>) -> Result<()> {
        self.insert(entries.iter().map(|entry| (entry, origin)))
    }

    fn offer_state(&mut self, journal: &Journal, closing: bool) {
        if journal.len() < self.snapshot_held {
            // Entries went (a failed write was taken back): the snapshot may hold one of them.
            self.snapshot_held = 0;
        }
        if snapshot_due(journal.len(), self.snapshot_held, closing) {
            // A snapshot that cannot be written costs a fold from the events at the next open.
            let _ = self.write_snapshot(journal);
        }
    }
}

impl Journal {
    /// Opens the journal store at `path`, creating it when there is none: its entries are read
    /// back and checked (every line canonical, the chain unbroken) and folded — from its
    /// snapshot and the lines after it, when it has a usable one — and from then
    /// on every append and merge is committed to it before it returns (a refused event writes
    /// nothing; a failed write leaves the journal as it was). A copy (`clone`) is in memory only.
    pub fn open(path: impl AsRef<Path>) -> Result<Journal> {
        let path = path.as_ref();
        let mut store = Store::open(path)?;
        // From the snapshot: its entries (checked when it was kept) and the lines after them,
        // each checked and chained on; any problem there, and the store reads every line.
        let restored = store.read_snapshot().and_then(|snapshot| {
            let held = snapshot.entries().len();
            let (tail, origins) = store.export(held).ok()?;
            let journal = Journal::restore(snapshot, &tail).ok()?;
            Some((journal, origins, held))
        });
        let (mut journal, origins) = match restored {
            Some((journal, origins, held)) => {
                store.snapshot_held = held;
                (journal, origins)
            }
            None => {
                // The table is the whole journal (SQLite commits whole transactions): no trailer.
                let (export, origins) = store.export(0)?;
                let journal = Journal::from_jsonl_prefix(&export).map_err(|e| failed(path, format!("its entries do not load: {e}")))?;
                store.snapshot_held = 0;
                (journal, origins)
            }
        };
        for (positions, peer) in origins {
            journal.note_origin(positions, &peer);
        }
        // Folded from the events (no snapshot, or one far behind): keep a snapshot now.
        if !journal.is_empty() && (store.snapshot_held == 0 || snapshot_due(journal.len(), store.snapshot_held, false)) {
            let _ = store.write_snapshot(&journal);
        }
        journal.attach(Box::new(store));
        Ok(journal)
    }

    /// This journal written to a new store at `path`, entries in the order they are held (so
    /// its export is this journal's, byte for byte), and returned durable. A store there
    /// that already holds entries is refused: merge into it instead.
    pub fn into_store(self, path: impl AsRef<Path>) -> Result<Journal> {
        let path = path.as_ref();
        let mut store = Store::open(path)?;
        let held: i64 = store.connection.query_row("SELECT count(*) FROM entries", [], |row| row.get(0)).map_err(|e| store.error(e))?;
        if held > 0 {
            return Err(store.error(format!("holds {held} entries already; merge into it instead")));
        }
        store.insert(self.entries().iter().enumerate().map(|(at, entry)| (entry, self.origin_of(at))))?;
        let mut journal = self;
        journal.attach(Box::new(store));
        Ok(journal)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// The sample portfolio (every domain) reads back from its snapshot as it was; and its
    /// encoding is the one this build names [`crate::persist::FORMAT`]: when this digest
    /// changes, the encoding did — bump the format, then update the digest.
    #[test]
    fn a_snapshot_reads_back_as_written_and_its_encoding_is_the_named_format() {
        let journal = Journal::from_jsonl(include_bytes!("../../../tests/golden/sample-portfolio.jsonl")).unwrap();
        let bytes = journal.snapshot();
        let restored = Journal::restore(Journal::read_snapshot(&bytes).unwrap(), b"{\"format\":\"projectledger-journal\",\"schema_version\":2}\n").unwrap();
        assert_eq!(restored.state(), journal.state());
        assert!(restored == journal);
        use sha2::Digest as _;
        let encoded = &bytes[1 + env!("CARGO_PKG_VERSION").len()..];
        let digest: String = sha2::Sha256::digest(encoded).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(digest, "c9b88d4a8a976fdc19f7917a0aea0db92474cbe8d5963466663453118941e868", "the snapshot encoding changed: bump persist::FORMAT, then update this digest");
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(Journal::read_snapshot(&bytes[..cut]).is_none());
        }
    }
}
