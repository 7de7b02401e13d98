//! Incremental sync between replicas. Each replica numbers its entries locally (the position
//! in its chain); a cursor is such a number. A replica sends a peer the events after the
//! cursor it last sent up to, leaving out what came from that very peer (no echo), and the
//! peer merges them as [`Journal::merge`] does. A change set travels as JSON Lines whose
//! header counts its lines, so a cut one is refused rather than read short.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::chain::write_event_fields;
use super::jsonl::{lines_text, malformed};
use super::{Journal, MergeReport};
use crate::event::{Event, Payload};
use crate::{ActorId, Error, EventId, ReplicaId, Result};

const FORMAT_NAME: &str = "projectledger-changes";
const CHANGES_VERSION: u32 = 1;
/// No canonical event line is shorter than its keys and a minimal payload.
const MIN_LINE_BYTES: usize = 60;

/// What one replica sends another: the events after a cursor, and the cursor to ask from
/// next time (this replica's length when they were taken).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Changes {
    /// The events, in the sender's order.
    pub events: Vec<Event>,
    /// Where the next call to [`Journal::changes_since`] for the same peer starts.
    pub cursor: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    schema_version: u32,
    cursor: u64,
    count: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineIn {
    id: EventId,
    #[serde(deserialize_with = "crate::timestamp::deserialize")]
    recorded_at: chrono::DateTime<chrono::Utc>,
    actor: ActorId,
    payload: Payload,
}

impl Changes {
    /// A change set of `events` (a service building one from its own records), with the
    /// cursor its receiver should ask from next time.
    #[must_use]
    pub fn new(events: Vec<Event>, cursor: u64) -> Changes {
        Changes { events, cursor }
    }

    /// The change set as JSON Lines: a header naming the cursor and the number of events,
    /// then one canonical line per event (`{"id","recorded_at","actor","payload"}`).
    #[must_use]
    pub fn to_jsonl(&self) -> String {
        let mut out = Vec::with_capacity(self.events.len().saturating_mul(300).saturating_add(100));
        let count = u64::try_from(self.events.len()).unwrap_or(u64::MAX);
        let header = Header { format: FORMAT_NAME.to_owned(), schema_version: CHANGES_VERSION, cursor: self.cursor, count };
        let _ = serde_json::to_writer(&mut out, &header);
        out.push(b'\n');
        for event in &self.events {
            write_event_fields(event, &event.payload, &mut out);
            out.extend_from_slice(b"}\n");
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// Reads a change set, all or nothing: every line canonical, as many events as the header
    /// counts (a cut set is refused, naming how many lines are missing).
    pub fn from_jsonl(data: &[u8]) -> Result<Changes> {
        let body = lines_text(data)?;
        let mut lines = body.split('\n');
        let raw_header = lines.next().unwrap_or_default();
        let header: Header = serde_json::from_str(raw_header).map_err(|e| malformed(1, "(header)", &e.to_string()))?;
        if header.format != FORMAT_NAME {
            return Err(malformed(1, "format", &format!("{:?} is not a projectledger change set", header.format)));
        }
        if header.schema_version != CHANGES_VERSION {
            return Err(malformed(1, "schema_version", &format!("change set version {} is not supported; this library reads {CHANGES_VERSION}", header.schema_version)));
        }
        let expected = usize::try_from(header.count).unwrap_or(usize::MAX);
        let mut events = Vec::with_capacity(expected.min(body.len() / MIN_LINE_BYTES));
        let mut canonical = Vec::new();
        for (index, raw) in lines.enumerate() {
            let line = index.saturating_add(2);
            if index >= expected {
                return Err(malformed(line, "(line)", &format!("the header counts {expected} events; this line is one more")));
            }
            let parsed: LineIn = serde_json::from_str(raw).map_err(|e| malformed(line, "(line)", &e.to_string()))?;
            crate::timestamp::check(&parsed.recorded_at).map_err(|e| malformed(line, "recorded_at", &e.to_string()))?;
            let event = Event { id: parsed.id, recorded_at: parsed.recorded_at, actor: parsed.actor, payload: parsed.payload };
            canonical.clear();
            write_event_fields(&event, &event.payload, &mut canonical);
            canonical.push(b'}');
            if canonical.as_slice() != raw.as_bytes() {
                return Err(malformed(line, "(encoding)", "not in canonical form"));
            }
            events.push(event);
        }
        if events.len() != expected {
            return Err(malformed(
                events.len().saturating_add(2),
                "(end)",
                &format!("the change set is cut: the header counts {expected} events, {} arrived", events.len()),
            ));
        }
        Ok(Changes { events, cursor: header.cursor })
    }
}

/// Which peer each run of entries came from (entries recorded here, or read from an export,
/// have none). A merged batch is one run, so this stays small.
#[derive(Debug, Clone, Default)]
pub(super) struct Origins {
    peers: Vec<ReplicaId>,
    /// Runs of positions, in increasing order, with the index of their peer.
    runs: Vec<(Range<usize>, usize)>,
}

impl Origins {
    /// Notes that the entries at `positions` came from `peer`.
    pub(super) fn note(&mut self, positions: Range<usize>, peer: &ReplicaId) {
        if positions.is_empty() {
            return;
        }
        let index = self.peers.iter().position(|p| p == peer).unwrap_or_else(|| {
            self.peers.push(peer.clone());
            self.peers.len().saturating_sub(1)
        });
        match self.runs.last_mut() {
            Some((run, at)) if *at == index && run.end == positions.start => run.end = positions.end,
            _ => self.runs.push((positions, index)),
        }
    }

    /// Forgets the positions from `len` on (entries taken back).
    pub(super) fn keep_below(&mut self, len: usize) {
        self.runs.retain_mut(|(run, _)| {
            run.end = run.end.min(len);
            run.start < run.end
        });
    }

    /// The peer the entry at `position` came from, if any.
    pub(super) fn of(&self, position: usize) -> Option<&ReplicaId> {
        let after = self.runs.partition_point(|(run, _)| run.end <= position);
        self.runs.get(after).filter(|(run, _)| run.contains(&position)).and_then(|(_, at)| self.peers.get(*at))
    }

    /// The runs that came from `peer`.
    fn runs_of<'a>(&'a self, peer: &ReplicaId) -> impl Iterator<Item = &'a Range<usize>> + 'a {
        let index = self.peers.iter().position(|p| p == peer);
        self.runs.iter().filter(move |(_, at)| Some(*at) == index).map(|(run, _)| run)
    }
}

impl Journal {
    /// The events after `cursor` (a number this journal gave in an earlier [`Changes`], or 0
    /// for everything) that `peer` does not have from this journal already: those that came
    /// from `peer` itself are left out. Send them; keep the returned cursor for next time.
    ///
    /// ```
    /// use projectledger::{Currency, Journal, ProjectId, WorkCalendar};
    /// use projectledger::lifecycle::LifecycleEvent;
    /// # fn main() -> Result<(), projectledger::Error> {
    /// let created = |id: &str| LifecycleEvent::project_created(&ProjectId::try_new(id).unwrap(), id, id, Currency::CNY, WorkCalendar::standard("Mon-Fri").unwrap());
    /// let (mut phone, mut office) = (Journal::new(), Journal::new());
    /// phone.append(phone.event_source("phone")?.event("pm", created("P1"))?)?;
    /// office.append(office.event_source("office")?.event("pm", created("P2"))?)?;
    ///
    /// let up = phone.changes_since("office", 0)?;               // over the app's own transport
    /// office.apply_changes("phone", &projectledger::Changes::from_jsonl(up.to_jsonl().as_bytes())?)?;
    /// let down = office.changes_since("phone", 0)?;             // P2 only: P1 came from the phone
    /// assert_eq!(down.events.len(), 1);
    /// phone.apply_changes("office", &down)?;
    /// assert_eq!(phone.digest(), office.digest());
    /// assert!(phone.changes_since("office", up.cursor)?.events.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn changes_since(&self, peer: &str, cursor: u64) -> Result<Changes> {
        let peer = ReplicaId::try_new(peer)?;
        let len = self.entries.len();
        let from = usize::try_from(cursor).ok().filter(|c| *c <= len).ok_or_else(|| Error::InvalidField {
            field: "cursor".into(),
            reason: format!("{cursor} is beyond this journal's {len} entries (a cursor another replica gave?)"),
        })?;
        let mut skip: Vec<&Range<usize>> = self.origins.runs_of(&peer).filter(|run| run.end > from).collect();
        skip.reverse();
        let mut events = Vec::new();
        for (position, entry) in self.entries.iter().enumerate().skip(from) {
            while skip.last().is_some_and(|run| run.end <= position) {
                skip.pop();
            }
            if !skip.last().is_some_and(|run| run.contains(&position)) {
                events.push(entry.event.clone());
            }
        }
        Ok(Changes { events, cursor: u64::try_from(len).unwrap_or(u64::MAX) })
    }

    /// Merges what `peer` sent (its [`Journal::changes_since`]) by the rules of
    /// [`Journal::merge`]: events held already count once, the rest are chained after the
    /// head in canonical order and the union is folded, with the conflicts it raised. They are
    /// noted as `peer`'s, so they are not sent back to it.
    pub fn apply_changes(&mut self, peer: &str, changes: &Changes) -> Result<MergeReport> {
        let peer = ReplicaId::try_new(peer)?;
        self.merge_events(changes.events.iter(), Some(&peer))
    }

    /// The peer the entry at `position` came from through [`Journal::apply_changes`], if any.
    #[must_use]
    pub fn origin_of(&self, position: usize) -> Option<&ReplicaId> {
        self.origins.of(position)
    }
}
