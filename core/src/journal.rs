//! The journal: every change is an event; the state is the fold of the events.
//!
//! - Events are folded in canonical order `(recorded_at, id)`, so any two journals holding
//!   the same events hold the same state, whatever order they learnt them in.
//! - Each entry carries the SHA-256 of its predecessor; [`Journal::verify`] and
//!   [`Journal::from_jsonl`] name the first broken link.
//! - Appending an event already held is a no-op; [`Journal::merge`] takes the union.

use std::collections::BTreeSet;
use std::fmt;
use std::hash::{BuildHasher, RandomState};

use chrono::{DateTime, NaiveDate, Utc};
use hashbrown::HashTable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use rust_decimal::Decimal;

use crate::budget::{BudgetControl, CostKind, CostLine, DocumentKind, DocumentStatus, RevenueKind};
use crate::cost::{CostBreakdown, ForecastMethod};
use crate::daywork::{DayWorkEntry, EntryState, Reversal};
use crate::labour::{OvertimePolicy, Rate, Worker};
use crate::progress::{EvTechnique, Progress};
use crate::project::{Conflict, Portfolio};
use crate::lifecycle::{Action, Status, Workflow};
use crate::{ActorId, Currency, Error, EventId, ProjectId, Result, WorkCalendar};

/// The version of the JSON Lines format written by [`Journal::to_jsonl`].
pub const SCHEMA_VERSION: u32 = 1;
const FORMAT_NAME: &str = "projectledger-journal";

/// What happened. Later modules add their variants here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case", deny_unknown_fields)]
pub enum Payload {
    /// A project is created with its currency (fixed) and calendar. (Calendars are boxed:
    /// they are large and rare, and every journal entry holds a payload.)
    ProjectCreated { project_id: ProjectId, name: String, code: String, currency: Currency, calendar: Box<WorkCalendar> },
    /// Some settings of a project change; absent fields stay as they are.
    ProjectSettingsChanged {
        project_id: ProjectId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        calendar: Option<Box<WorkCalendar>>,
    },
    /// The project's workflow is replaced; its current phase must be in the new one.
    WorkflowChanged { project_id: ProjectId, workflow: Box<Workflow> },
    /// The project moves to another phase, through the workflow's gates.
    PhaseChanged { project_id: ProjectId, to: String, reason: String },
    /// Hold, resume or cancel.
    StatusChanged { project_id: ProjectId, to: Status, reason: String },
    /// A deliverable of the checklist is recorded (the phase is the project's current one).
    DeliverableRecorded { project_id: ProjectId, deliverable: String, reference: String },
    /// An approval is asked for; a gate may require its kind.
    ApprovalRequested { project_id: ProjectId, approval_id: String, kind: String, note: String },
    /// An approval is decided, by someone other than who asked for it.
    ApprovalDecided { project_id: ProjectId, approval_id: String, approved: bool, note: String },
    /// A role is defined (or redefined) as a set of actions.
    RoleDefined { project_id: ProjectId, role: String, actions: BTreeSet<Action> },
    /// A member is given a role.
    RoleGranted { project_id: ProjectId, member: ActorId, role: String },
    /// A member loses a role.
    RoleRevoked { project_id: ProjectId, member: ActorId, role: String },
    /// The cost breakdown is defined, or redefined (cells holding figures must stay leaves).
    CostBreakdownDefined { project_id: ProjectId, breakdown: Box<CostBreakdown> },
    /// Original budget amounts of cells (replacing theirs); refused once the baseline is locked.
    BudgetLinesSet { project_id: ProjectId, lines: Vec<CostLine> },
    /// The original budget is locked: from now on it changes through budget changes.
    BaselineLocked { project_id: ProjectId },
    /// A cost document is drafted (or a draft redrafted).
    CostDocumentDrafted {
        project_id: ProjectId,
        document_id: String,
        kind: DocumentKind,
        title: String,
        lines: Vec<CostLine>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        commitment_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vendor: Option<String>,
    },
    /// A document is submitted (pending), withdrawn (draft), approved or rejected.
    CostDocumentMoved { project_id: ProjectId, document_id: String, to: DocumentStatus, note: String },
    /// An invoice against a commitment, a direct cost or a labour cost.
    CostRecorded {
        project_id: ProjectId,
        cost_id: String,
        kind: CostKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        commitment_id: Option<String>,
        lines: Vec<CostLine>,
        description: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        allow_over_commitment: bool,
    },
    /// Budget control of the project (`code` absent) or of a code's subtree.
    BudgetControlSet {
        project_id: ProjectId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        control: BudgetControl,
    },
    /// The forecast-to-complete method of a leaf cell.
    ForecastSet { project_id: ProjectId, code: String, cost_type: String, method: ForecastMethod },
    /// The prime contract's original value.
    ContractValueSet { project_id: ProjectId, amount: Decimal },
    /// An amount billed to the client, or received from them.
    RevenueRecorded { project_id: ProjectId, entry_id: String, kind: RevenueKind, amount: Decimal },
    /// A leaf code becomes (or is rescheduled as) a work package: dates, how its budget is
    /// spread over the working days (profile, with weights for "manual") and its EV technique.
    WorkPackageScheduled {
        project_id: ProjectId,
        code: String,
        start: NaiveDate,
        finish: NaiveDate,
        profile: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<Vec<Decimal>>,
        technique: EvTechnique,
    },
    /// Progress of a work package (started, finished, a milestone done, a percent complete).
    ProgressRecorded { project_id: ProjectId, code: String, progress: Progress },
    /// A worker joins the project's roster (实名制); one worker id is one person across
    /// projects, whose trade, team and employer are the latest registered.
    WorkerRegistered { project_id: ProjectId, worker: Worker },
    /// A day-work rate of the project (per worker or per trade, from a date).
    LabourRateSet { project_id: ProjectId, rate: Rate },
    /// The project's overtime multipliers and 工日 length.
    OvertimePolicySet { project_id: ProjectId, policy: OvertimePolicy },
    /// A batch of day-work entries: all accepted, or none.
    DayWorkRecorded { project_id: ProjectId, entries: Vec<DayWorkEntry> },
    /// Corrections of approved or paid entries.
    DayWorkReversed { project_id: ProjectId, reversals: Vec<Reversal> },
    /// Entries submitted, approved, rejected or paid (named one by one).
    DayWorkMoved { project_id: ProjectId, entry_ids: Vec<String>, to: EntryState, note: String },
    /// Day work is locked through a day (payroll closed).
    DayWorkPeriodLocked { project_id: ProjectId, through: NaiveDate },
    /// A deduction from a worker's wages of a month.
    WageDeductionRecorded { project_id: ProjectId, deduction_id: String, worker_id: String, month: NaiveDate, amount: Decimal, reason: String },
}

impl Payload {
    /// The project the event is about.
    #[must_use]
    pub fn project_id(&self) -> &ProjectId {
        match self {
            Payload::ProjectCreated { project_id, .. }
            | Payload::ProjectSettingsChanged { project_id, .. }
            | Payload::WorkflowChanged { project_id, .. }
            | Payload::PhaseChanged { project_id, .. }
            | Payload::StatusChanged { project_id, .. }
            | Payload::DeliverableRecorded { project_id, .. }
            | Payload::ApprovalRequested { project_id, .. }
            | Payload::ApprovalDecided { project_id, .. }
            | Payload::RoleDefined { project_id, .. }
            | Payload::RoleGranted { project_id, .. }
            | Payload::RoleRevoked { project_id, .. }
            | Payload::CostBreakdownDefined { project_id, .. }
            | Payload::BudgetLinesSet { project_id, .. }
            | Payload::BaselineLocked { project_id }
            | Payload::CostDocumentDrafted { project_id, .. }
            | Payload::CostDocumentMoved { project_id, .. }
            | Payload::CostRecorded { project_id, .. }
            | Payload::BudgetControlSet { project_id, .. }
            | Payload::ForecastSet { project_id, .. }
            | Payload::ContractValueSet { project_id, .. }
            | Payload::RevenueRecorded { project_id, .. }
            | Payload::WorkPackageScheduled { project_id, .. }
            | Payload::ProgressRecorded { project_id, .. }
            | Payload::WorkerRegistered { project_id, .. }
            | Payload::LabourRateSet { project_id, .. }
            | Payload::OvertimePolicySet { project_id, .. }
            | Payload::DayWorkRecorded { project_id, .. }
            | Payload::DayWorkReversed { project_id, .. }
            | Payload::DayWorkMoved { project_id, .. }
            | Payload::DayWorkPeriodLocked { project_id, .. }
            | Payload::WageDeductionRecorded { project_id, .. } => project_id,
        }
    }
}

/// One change: who recorded what, when. The id is chosen by the recording device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: EventId,
    pub recorded_at: DateTime<Utc>,
    pub actor: ActorId,
    pub payload: Payload,
}

impl Event {
    /// An event.
    #[must_use]
    pub fn new(id: EventId, recorded_at: DateTime<Utc>, actor: ActorId, payload: Payload) -> Event {
        Event { id, recorded_at, actor, payload }
    }

    fn fold_key(&self) -> (DateTime<Utc>, &EventId) {
        (self.recorded_at, &self.id)
    }
}

/// A SHA-256 digest, written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hash([u8; 32]);

impl Hash {
    /// The predecessor hash of the first entry.
    pub const GENESIS: Hash = Hash([0; 32]);

    /// The digest bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64 lowercase hex digits.
    fn to_hex(self) -> [u8; 64] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; 64];
        for (i, b) in self.0.iter().enumerate() {
            text[2 * i] = HEX[usize::from(b >> 4)];
            text[2 * i + 1] = HEX[usize::from(b & 0xf)];
        }
        text
    }

    fn from_hex(text: &str) -> Option<Hash> {
        /// Value of each lowercase hex digit; 0xff for every other byte.
        const NIBBLE: [u8; 256] = {
            let mut table = [0xff; 256];
            let mut i = 0;
            while i < 16 {
                table[b"0123456789abcdef"[i] as usize] = i as u8;
                i += 1;
            }
            table
        };
        let bytes: &[u8; 64] = text.as_bytes().try_into().ok()?;
        let mut out = [0u8; 32];
        let mut invalid = 0u8;
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            let (high, low) = (NIBBLE[usize::from(pair[0])], NIBBLE[usize::from(pair[1])]);
            invalid |= (high | low) & 0xf0;
            out[i] = high << 4 | (low & 0x0f);
        }
        (invalid == 0).then_some(Hash(out))
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.to_hex()).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({self})")
    }
}

impl Serialize for Hash {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(std::str::from_utf8(&self.to_hex()).map_err(serde::ser::Error::custom)?)
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_str(crate::timestamp::StrVisitor("a hash of 64 lowercase hex digits", Hash::from_hex))
    }
}

/// An event in its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub event: Event,
    pub prev_hash: Hash,
    pub hash: Hash,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineIn {
    id: EventId,
    #[serde(deserialize_with = "crate::timestamp::deserialize")]
    recorded_at: DateTime<Utc>,
    actor: ActorId,
    payload: Payload,
    prev_hash: Hash,
    hash: Hash,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    schema_version: u32,
}

/// Hashes an event in its place in the chain. What is hashed is the compact JSON object
/// `{"id","recorded_at","actor","payload","prev_hash"}`, in that order: the export line without
/// its final `"hash"` member. `scratch` is left holding it, so [`write_line`] makes the line
/// without serialising again. Keys, timestamp and hex need no escaping and are written directly.
fn chain_hash(event: &Event, prev_hash: &Hash, scratch: &mut Vec<u8>) -> Hash {
    scratch.clear();
    scratch.extend_from_slice(b"{\"id\":");
    // Serialising strings and our own payload into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *scratch, event.id.as_str());
    scratch.extend_from_slice(b",\"recorded_at\":\"");
    crate::timestamp::write(&event.recorded_at, scratch);
    scratch.extend_from_slice(b"\",\"actor\":");
    let _ = serde_json::to_writer(&mut *scratch, event.actor.as_str());
    scratch.extend_from_slice(b",\"payload\":");
    let _ = serde_json::to_writer(&mut *scratch, &event.payload);
    scratch.extend_from_slice(b",\"prev_hash\":\"");
    scratch.extend_from_slice(&prev_hash.to_hex());
    scratch.extend_from_slice(b"\"}");
    Hash(Sha256::digest(scratch.as_slice()).into())
}

/// Appends the export line: the hashed JSON with `"hash"` as its last member.
fn write_line(hashed_json: &[u8], hash: &Hash, out: &mut Vec<u8>) {
    out.extend_from_slice(hashed_json.strip_suffix(b"}").unwrap_or(hashed_json));
    out.extend_from_slice(b",\"hash\":\"");
    out.extend_from_slice(&hash.to_hex());
    out.extend_from_slice(b"\"}");
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    /// Events this journal did not hold before.
    pub added: usize,
    /// Events it held already (each counted once, never applied twice).
    pub already_present: usize,
    /// Rules broken only by the union, found while folding it.
    pub new_conflicts: Vec<Conflict>,
}

/// Positions of events by id. The table holds (hash of id, position): no second copy of
/// every id, and growing it never hashes an id again.
#[derive(Debug, Clone, Default)]
struct EventIndex {
    table: HashTable<(u64, usize)>,
    hasher: RandomState,
}

impl EventIndex {
    fn hash(&self, id: &EventId) -> u64 {
        self.hasher.hash_one(id)
    }

    fn find(&self, entries: &[Entry], id: &EventId, hash: u64) -> Option<usize> {
        self.table.find(hash, |(h, at)| *h == hash && entries[*at].event.id == *id).map(|(_, at)| *at)
    }

    /// Indexes a position whose id (hashing to `hash`) is not indexed yet.
    fn insert(&mut self, hash: u64, position: usize) {
        self.table.insert_unique(hash, (hash, position), |(h, _)| *h);
    }
}

/// An append-only, hash-chained list of events and the state they fold into.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    entries: Vec<Entry>,
    positions: EventIndex,
    state: Portfolio,
    /// Position of the entry with the greatest fold key; an older event forces a re-fold.
    latest: Option<usize>,
    scratch: Vec<u8>,
}

impl PartialEq for Journal {
    fn eq(&self, other: &Journal) -> bool {
        self.entries == other.entries
    }
}

impl Journal {
    /// An empty journal.
    #[must_use]
    pub fn new() -> Journal {
        Journal::default()
    }

    /// Appends an event after checking it against the state. Returns `false` (and changes
    /// nothing) if the very same event is already held; an error (and changes nothing) if
    /// another event has its id or it breaks a rule.
    pub fn append(&mut self, event: Event) -> Result<bool> {
        let id_hash = self.positions.hash(&event.id);
        if let Some(position) = self.positions.find(&self.entries, &event.id, id_hash) {
            return if self.entries[position].event == event {
                Ok(false)
            } else {
                Err(Error::ConflictingEvent { event_id: event.id.to_string() })
            };
        }
        if self.latest.is_none_or(|at| event.fold_key() > self.entries[at].event.fold_key()) {
            self.state.apply(&event)?;
            self.latest = Some(self.entries.len());
        } else {
            // An event older than the newest applied: fold again, and refuse it if the new
            // order makes it, or anything after it, break a rule.
            let candidate = fold_in_order(self.entries.iter().map(|e| &e.event).chain([&event]));
            if let Some(conflict) = candidate.conflicts().iter().find(|c| !self.state.conflicts().contains(c)) {
                return Err(conflict.error.clone());
            }
            self.state = candidate;
        }
        self.push_chained(event, id_hash);
        Ok(true)
    }

    fn push_chained(&mut self, event: Event, id_hash: u64) {
        let prev_hash = self.head();
        let hash = chain_hash(&event, &prev_hash, &mut self.scratch);
        self.entries.push(Entry { event, prev_hash, hash });
        self.positions.insert(id_hash, self.entries.len() - 1);
    }

    /// The hash of the last entry (the genesis hash when empty).
    #[must_use]
    pub fn head(&self) -> Hash {
        self.entries.last().map_or(Hash::GENESIS, |e| e.hash)
    }

    /// The entries in append order.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of events.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no event is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when an event with this id is held.
    #[must_use]
    pub fn contains(&self, id: &EventId) -> bool {
        self.positions.find(&self.entries, id, self.positions.hash(id)).is_some()
    }

    /// The current state.
    #[must_use]
    pub fn state(&self) -> &Portfolio {
        &self.state
    }

    /// Folds every event again from nothing (what [`Journal::state`] must always equal).
    #[must_use]
    pub fn replay(&self) -> Portfolio {
        fold_in_order(self.entries.iter().map(|e| &e.event))
    }

    /// The state as it stood at `as_of`: only the events recorded up to it, folded in
    /// canonical order (for "as of a date" budget views, pass the end of that day).
    #[must_use]
    pub fn state_as_of(&self, as_of: DateTime<Utc>) -> Portfolio {
        fold_in_order(self.entries.iter().map(|e| &e.event).filter(|e| e.recorded_at <= as_of))
    }

    /// Checks every link of the chain and names the first broken one.
    pub fn verify(&self) -> Result<()> {
        let mut scratch = Vec::new();
        let mut prev = Hash::GENESIS;
        for (index, entry) in self.entries.iter().enumerate() {
            let computed = chain_hash(&entry.event, &entry.prev_hash, &mut scratch);
            check_link(index, entry, &prev, &computed)?;
            prev = entry.hash;
        }
        Ok(())
    }

    /// Takes every event of `other` this journal lacks, appended in canonical order and
    /// chained after this journal's head. Both sides reach the same state whichever merges
    /// which. Refused whole if the two hold different events under one id.
    pub fn merge(&mut self, other: &Journal) -> Result<MergeReport> {
        let mut missing = Vec::new();
        for entry in &other.entries {
            match self.positions.find(&self.entries, &entry.event.id, self.positions.hash(&entry.event.id)) {
                Some(position) if self.entries[position].event != entry.event => {
                    return Err(Error::ConflictingEvent { event_id: entry.event.id.to_string() });
                }
                Some(_) => {}
                None => missing.push(&entry.event),
            }
        }
        missing.sort_by(|a, b| a.fold_key().cmp(&b.fold_key()));
        let added = missing.len();
        let before = self.state.conflicts().to_vec();
        for event in missing {
            let id_hash = self.positions.hash(&event.id);
            self.push_chained(event.clone(), id_hash);
        }
        self.refold();
        let new_conflicts = self.state.conflicts().iter().filter(|c| !before.contains(c)).cloned().collect();
        Ok(MergeReport { added, already_present: other.entries.len() - added, new_conflicts })
    }

    fn refold(&mut self) {
        self.state = self.replay();
        self.latest = self.entries.iter().enumerate().max_by(|a, b| a.1.event.fold_key().cmp(&b.1.event.fold_key())).map(|(i, _)| i);
    }

    /// The JSON Lines export: a header line, then one canonical line per entry, each ending
    /// in a newline.
    #[must_use]
    pub fn to_jsonl(&self) -> String {
        let mut out = Vec::with_capacity(64 + self.entries.len() * 400);
        let header = Header { format: FORMAT_NAME.to_owned(), schema_version: SCHEMA_VERSION };
        let _ = serde_json::to_writer(&mut out, &header);
        out.push(b'\n');
        let mut scratch = Vec::new();
        for entry in &self.entries {
            chain_hash(&entry.event, &entry.prev_hash, &mut scratch);
            write_line(&scratch, &entry.hash, &mut out);
            out.push(b'\n');
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// Reads a JSON Lines export, all or nothing: a malformed or non-canonical line is an
    /// error naming the line (1-based, the header is line 1) and field; a hash that does not
    /// match its content, or its predecessor's, breaks the chain at that event.
    pub fn from_jsonl(data: &[u8]) -> Result<Journal> {
        let Some(body) = data.strip_suffix(b"\n") else {
            let line = data.split(|b| *b == b'\n').count();
            return Err(malformed(line, "(line end)", "the last line must end with a newline"));
        };
        // UTF-8 is checked once for the whole export, then each line parses as text.
        let body = std::str::from_utf8(body).map_err(|e| {
            let line = body[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            malformed(line, "(encoding)", "not valid UTF-8")
        })?;
        let mut lines = body.split('\n');
        read_header(lines.next().unwrap_or_default().as_bytes())?;
        let mut journal = Journal::new();
        let count = body.bytes().filter(|b| *b == b'\n').count();
        journal.entries.reserve_exact(count);
        journal.positions.table.reserve(count, |(h, _)| *h);
        let (mut scratch, mut canonical) = (Vec::new(), Vec::new());
        let mut prev = Hash::GENESIS;
        for (index, raw) in lines.enumerate() {
            let line_number = index + 2;
            let (entry, computed) = parse_line(raw, line_number, &mut scratch, &mut canonical)?;
            check_link(index, &entry, &prev, &computed)?;
            prev = entry.hash;
            let id_hash = journal.positions.hash(&entry.event.id);
            if journal.positions.find(&journal.entries, &entry.event.id, id_hash).is_some() {
                return Err(malformed(line_number, "id", &format!("event id {} appears twice", entry.event.id)));
            }
            journal.entries.push(entry);
            journal.positions.insert(id_hash, index);
        }
        journal.refold();
        Ok(journal)
    }
}

/// Folds events in canonical order `(recorded_at, id)`, whatever order they come in.
fn fold_in_order<'a>(events: impl Iterator<Item = &'a Event>) -> Portfolio {
    let mut events: Vec<&Event> = events.collect();
    events.sort_by(|a, b| a.fold_key().cmp(&b.fold_key()));
    Portfolio::fold(events)
}

fn malformed(line: usize, field: &str, reason: &str) -> Error {
    Error::MalformedJournal { line, field: field.to_owned(), reason: reason.to_owned() }
}

fn read_header(raw: &[u8]) -> Result<()> {
    let header: Header = serde_json::from_slice(raw).map_err(|e| malformed(1, "(header)", &e.to_string()))?;
    if header.format != FORMAT_NAME {
        return Err(malformed(1, "format", &format!("{:?} is not a projectledger journal", header.format)));
    }
    if header.schema_version != SCHEMA_VERSION {
        return Err(malformed(
            1,
            "schema_version",
            &format!("schema version {} is not supported; this library reads {SCHEMA_VERSION}", header.schema_version),
        ));
    }
    let canonical = serde_json::to_vec(&header).unwrap_or_default();
    if canonical != raw {
        return Err(malformed(1, "(encoding)", "the header is not in canonical form"));
    }
    Ok(())
}

/// Parses one entry line strictly: valid JSON of the right shape, and byte for byte the
/// canonical encoding, so no byte of an export can change unnoticed and what is read
/// re-exports to the very same bytes (and hashes). Returns the entry and the hash its
/// content computes to.
fn parse_line(raw: &str, line: usize, scratch: &mut Vec<u8>, canonical: &mut Vec<u8>) -> Result<(Entry, Hash)> {
    let parsed: LineIn = match serde_json::from_str(raw) {
        Ok(parsed) => parsed,
        Err(_) => {
            // Parse again, slowly, only to say which field is wrong.
            let mut deserializer = serde_json::Deserializer::from_str(raw);
            let error = match serde_path_to_error::deserialize::<_, LineIn>(&mut deserializer) {
                Err(error) => error,
                Ok(_) => return Err(malformed(line, "(line)", "trailing characters after the entry")),
            };
            let path = error.path().to_string();
            let reason = error.into_inner().to_string();
            return Err(malformed(line, &field_of(&path, &reason), &reason));
        }
    };
    let entry = Entry {
        event: Event { id: parsed.id, recorded_at: parsed.recorded_at, actor: parsed.actor, payload: parsed.payload },
        prev_hash: parsed.prev_hash,
        hash: parsed.hash,
    };
    let computed = chain_hash(&entry.event, &entry.prev_hash, scratch);
    canonical.clear();
    write_line(scratch, &entry.hash, canonical);
    if canonical.as_slice() != raw.as_bytes() {
        let raw = raw.as_bytes();
        let column = canonical.iter().zip(raw).position(|(a, b)| a != b).unwrap_or(canonical.len().min(raw.len())) + 1;
        return Err(malformed(line, "(encoding)", &format!("not in canonical form from column {column}")));
    }
    Ok((entry, computed))
}

/// The field an error is about: its path, and for a missing or unknown field that field's
/// name (serde reports those at the enclosing object).
fn field_of(path: &str, reason: &str) -> String {
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|prefix| reason.strip_prefix(prefix).and_then(|rest| rest.split('`').next()));
    match (path, named) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => "(line)".to_owned(),
        (_, Some(name)) => format!("{path}.{name}"),
        (_, None) => path.to_owned(),
    }
}

fn check_link(index: usize, entry: &Entry, prev: &Hash, computed: &Hash) -> Result<()> {
    let broken = |reason: String| Error::BrokenChain { event_index: index, event_id: entry.event.id.to_string(), reason };
    if entry.prev_hash != *prev {
        return Err(broken(format!("prev_hash {} does not match the preceding entry's hash {prev}", entry.prev_hash)));
    }
    if entry.hash != *computed {
        return Err(broken(format!("hash {} does not match its content (computed {computed})", entry.hash)));
    }
    Ok(())
}
