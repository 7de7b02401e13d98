//! Events: who recorded what, when. A [`Payload`] is one domain's event; the journal writes it
//! as `{"type":…,"data":…}` with the domain event's own tag, so the JSON does not show which
//! domain it belongs to (and journals written before the domains had folders read the same).
//!
//! ```
//! use projectledger::lifecycle::LifecycleEvent;
//! use projectledger::{Payload, ProjectId};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let project_id = ProjectId::try_new("P1")?;
//! let payload: Payload = LifecycleEvent::PhaseChanged { project_id, to: "design_procurement".into(), reason: String::new() }.into();
//! let json = serde_json::to_string(&payload)?;
//! assert_eq!(json, r#"{"type":"phase_changed","data":{"project_id":"P1","to":"design_procurement","reason":""}}"#);
//! assert_eq!(serde_json::from_str::<Payload>(&json)?, payload);
//! # Ok(()) }
//! ```

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::value::{MapAccessDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::cost::CostEvent;
use crate::funds::FundEvent;
use crate::governance::GovernanceEvent;
use crate::schedule::ScheduleEvent;
use crate::labour::LabourEvent;
use crate::lifecycle::LifecycleEvent;
use crate::{ActorId, EventId, ProjectId};

/// What happened: an event of one domain. A new domain adds its variant here, its arm in the
/// three matches below, and its dispatch in the portfolio's fold.
///
/// ```
/// use projectledger::{Payload, ProjectId};
/// use projectledger::cost::CostEvent;
/// # fn main() -> Result<(), projectledger::Error> {
/// let locked = Payload::from(CostEvent::BaselineLocked { project_id: ProjectId::try_new("P1")? });
/// assert!(matches!(locked, Payload::Cost(CostEvent::BaselineLocked { .. })));
/// assert_eq!(locked.project_id().as_str(), "P1");
///
/// // From a request body: decimals are strings; a JSON number is refused, naming its field.
/// let body = r#"{"type":"contract_value_set","data":{"project_id":"P1","amount":"1200000.00"}}"#;
/// assert!(matches!(Payload::from_json(body)?, Payload::Cost(CostEvent::ContractValueSet { .. })));
/// let float = Payload::from_json(r#"{"type":"contract_value_set","data":{"project_id":"P1","amount":1200000.0}}"#);
/// assert!(float.unwrap_err().to_string().contains("payload data.amount"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Payload {
    /// A lifecycle event: the project, its phases, approvals and roles.
    Lifecycle(LifecycleEvent),
    /// A cost event: breakdown, budget, documents, costs, forecasts, revenue, progress.
    Cost(CostEvent),
    /// A labour event: workers, rates, day work and wages.
    Labour(LabourEvent),
    /// A fund event: sources, allocations, payment terms and applications, payments, the wage account.
    Funds(FundEvent),
    /// A schedule event: activities, links, calendars, settings, progress, baselines.
    Schedule(ScheduleEvent),
    /// A governance event: the risk register and the contingency reserve.
    Governance(GovernanceEvent),
}
crate::persist::persist_enum!(Payload { 0 => Lifecycle(v0), 1 => Cost(v0), 2 => Labour(v0), 3 => Funds(v0), 4 => Schedule(v0), 5 => Governance(v0) });


/// The domain a `type` tag belongs to.
#[derive(Clone, Copy)]
enum Domain {
    Lifecycle,
    Cost,
    Labour,
    Funds,
    Schedule,
    Governance,
}

impl Domain {
    const ALL: [(Domain, &'static [&'static str]); 6] = [
        (Domain::Lifecycle, LifecycleEvent::TAGS),
        (Domain::Cost, CostEvent::TAGS),
        (Domain::Labour, LabourEvent::TAGS),
        (Domain::Funds, FundEvent::TAGS),
        (Domain::Schedule, ScheduleEvent::TAGS),
        (Domain::Governance, GovernanceEvent::TAGS),
    ];

    fn of(tag: &str) -> Option<Domain> {
        Domain::ALL.into_iter().find(|(_, tags)| tags.contains(&tag)).map(|(domain, _)| domain)
    }

    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<Payload, D::Error> {
        Ok(match self {
            Domain::Lifecycle => Payload::Lifecycle(LifecycleEvent::deserialize(deserializer)?),
            Domain::Cost => Payload::Cost(CostEvent::deserialize(deserializer)?),
            Domain::Labour => Payload::Labour(LabourEvent::deserialize(deserializer)?),
            Domain::Funds => Payload::Funds(FundEvent::deserialize(deserializer)?),
            Domain::Schedule => Payload::Schedule(ScheduleEvent::deserialize(deserializer)?),
            Domain::Governance => Payload::Governance(GovernanceEvent::deserialize(deserializer)?),
        })
    }
}

impl Payload {
    /// The project the event is about.
    #[must_use]
    pub fn project_id(&self) -> &ProjectId {
        match self {
            Payload::Lifecycle(event) => event.project_id(),
            Payload::Cost(event) => event.project_id(),
            Payload::Labour(event) => event.project_id(),
            Payload::Funds(event) => event.project_id(),
            Payload::Schedule(event) => event.project_id(),
            Payload::Governance(event) => event.project_id(),
        }
    }

    /// The items the event names one by one (day-work entries); none for other events.
    #[must_use]
    pub fn items(&self) -> Vec<String> {
        match self {
            Payload::Labour(event) => event.entry_ids().into_iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    }

    /// A payload from its JSON (`{"type": "...", "data": {...}}`), as the journal writes it.
    /// A problem names the field it is in (`data.lines[0].amount`); decimals are read from
    /// strings only, so a JSON number is refused rather than rounded through a float.
    ///
    /// ```
    /// use projectledger::Payload;
    /// let payload = Payload::from_json(r#"{"type":"baseline_locked","data":{"project_id":"P1"}}"#).unwrap();
    /// assert_eq!(payload.project_id().as_str(), "P1");
    /// let error = Payload::from_json(r#"{"type":"budget_lines_set","data":{"project_id":"P1","lines":[{"code":"01","cost_type":"labour","amount":100.5}]}}"#).unwrap_err();
    /// assert!(error.to_string().contains("data.lines[0].amount"), "{error}");
    /// ```
    pub fn from_json(json: &str) -> crate::Result<Payload> {
        let invalid = |field: String, reason: String| crate::Error::InvalidField { field, reason };
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let payload = serde_path_to_error::deserialize::<_, Payload>(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            let field = if path == "." { "payload".to_owned() } else { format!("payload {}", crate::text::cut(&path)) };
            invalid(field, error.into_inner().to_string())
        })?;
        deserializer.end().map_err(|e| invalid("payload".to_owned(), e.to_string()))?;
        Ok(payload)
    }

    /// The payload's JSON as a journal writes it, id-document numbers in full, so that
    /// [`Payload::from_json`] reads it back equal: for handing a payload to another system (a
    /// server, a queue). Logs and screens take [`Payload::to_redacted_json`].
    ///
    /// ```
    /// use projectledger::Payload;
    /// let json = r#"{"type":"worker_registered","data":{"project_id":"P1","worker":{"worker_id":"W1","name":"张三","id_number":"110105199001011234","trade":"钢筋工","team":"一班","employer":"华建"}}}"#;
    /// let payload = Payload::from_json(json).unwrap();
    /// assert_eq!(payload.to_json(), json);
    /// assert!(payload.to_redacted_json().to_string().contains("110***********1234"));
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        crate::labour::with_id_numbers_revealed(|| serde_json::to_string(self).unwrap_or_default())
    }

    /// The payload's JSON with personal data masked (a worker's id-document number): for
    /// logs, analytics and display — never for a journal, whose hashes cover the real value.
    #[must_use]
    pub fn to_redacted_json(&self) -> serde_json::Value {
        // Id-document numbers serialise masked unless revealed on purpose.
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Every payload `type` tag, domain by domain.
    pub fn tags() -> impl Iterator<Item = &'static str> {
        Domain::ALL.into_iter().flat_map(|(_, tags)| tags.iter().copied())
    }
}

impl From<LifecycleEvent> for Payload {
    fn from(event: LifecycleEvent) -> Payload {
        Payload::Lifecycle(event)
    }
}

impl From<CostEvent> for Payload {
    fn from(event: CostEvent) -> Payload {
        Payload::Cost(event)
    }
}

impl From<LabourEvent> for Payload {
    fn from(event: LabourEvent) -> Payload {
        Payload::Labour(event)
    }
}

impl From<FundEvent> for Payload {
    fn from(event: FundEvent) -> Payload {
        Payload::Funds(event)
    }
}

impl From<ScheduleEvent> for Payload {
    fn from(event: ScheduleEvent) -> Payload {
        Payload::Schedule(event)
    }
}

impl From<GovernanceEvent> for Payload {
    fn from(event: GovernanceEvent) -> Payload {
        Payload::Governance(event)
    }
}

impl Serialize for Payload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Payload::Lifecycle(event) => event.serialize(serializer),
            Payload::Cost(event) => event.serialize(serializer),
            Payload::Labour(event) => event.serialize(serializer),
            Payload::Funds(event) => event.serialize(serializer),
            Payload::Schedule(event) => event.serialize(serializer),
            Payload::Governance(event) => event.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Payload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Payload, D::Error> {
        deserializer.deserialize_struct("Payload", &["type", "data"], PayloadVisitor)
    }
}

struct PayloadVisitor;

impl<'de> Visitor<'de> for PayloadVisitor {
    type Value = Payload;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a payload {\"type\": …, \"data\": …}")
    }

    /// The tag comes first (as the journal writes it): the domain's own deserializer then reads
    /// the rest of the object in one pass, with the tag handed back to it. A `data` written
    /// first is read into a value and handed over once the tag is known.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Payload, A::Error> {
        match map.next_key::<String>()?.as_deref() {
            Some("type") => {
                let tag: String = map.next_value()?;
                domain(&tag)?.read(MapAccessDeserializer::new(TagFirst { tag: Some(tag), rest: map }))
            }
            Some("data") => {
                let data: serde_json::Value = map.next_value()?;
                let tag = match map.next_key::<String>()?.as_deref() {
                    Some("type") => map.next_value::<String>()?,
                    Some(other) => return Err(de::Error::unknown_field(other, &["type", "data"])),
                    None => return Err(de::Error::missing_field("type")),
                };
                let domain = domain(&tag)?;
                if let Some(key) = map.next_key::<String>()? {
                    return Err(de::Error::unknown_field(&key, &["type", "data"]));
                }
                let whole = serde_json::json!({ "type": tag, "data": data });
                domain.read(whole).map_err(de::Error::custom)
            }
            Some(other) => Err(de::Error::unknown_field(other, &["type", "data"])),
            None => Err(de::Error::missing_field("type")),
        }
    }
}

fn domain<E: de::Error>(tag: &str) -> Result<Domain, E> {
    Domain::of(tag).ok_or_else(|| {
        let known: Vec<String> = Payload::tags().map(|t| format!("`{t}`")).collect();
        E::custom(format_args!("unknown variant `{tag}`, expected one of {}", known.join(", ")))
    })
}

/// The rest of a payload object, with its `type` member (already read) handed back first.
struct TagFirst<A> {
    tag: Option<String>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TagFirst<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if self.tag.is_some() {
            return seed.deserialize(StrDeserializer::<A::Error>::new("type")).map(Some);
        }
        self.rest.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.tag.take() {
            Some(tag) => seed.deserialize(StringDeserializer::<A::Error>::new(tag)),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// One change: who recorded what, when. The id is chosen by the recording device.
/// Serialises as `{"id", "recorded_at", "actor", "payload"}` — a journal line without its hashes.
///
/// ```
/// use projectledger::{ActorId, Event, EventId, ProjectId};
/// use projectledger::lifecycle::LifecycleEvent;
/// # fn main() -> Result<(), projectledger::Error> {
/// let resumed = LifecycleEvent::StatusChanged { project_id: ProjectId::try_new("P1")?, to: projectledger::Status::Active, reason: "funds arrived".into() };
/// let at = "2025-03-03T08:00:00Z".parse().unwrap();
/// let event = Event::try_new(EventId::try_new("office-000042")?, at, ActorId::try_new("pm-li")?, resumed)?;
/// let json = serde_json::to_value(&event).unwrap();
/// assert_eq!((json["id"].as_str(), json["payload"]["type"].as_str()), (Some("office-000042"), Some("status_changed")));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// The event's id, unique in the journal (the key of idempotent appends).
    pub id: EventId,
    #[serde(serialize_with = "crate::wire::instant")]
    /// When it was recorded, as the recording device's clock said.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub actor: ActorId,
    /// What happened.
    pub payload: Payload,
}
crate::persist::persist_struct!(Event { id, recorded_at, actor, payload });


impl Event {
    /// An event. (A journal refuses one recorded outside the years 1 to 9999, UTC; see
    /// [`Event::try_new`].)
    #[must_use]
    pub fn new(id: EventId, recorded_at: DateTime<Utc>, actor: ActorId, payload: impl Into<Payload>) -> Event {
        Event { id, recorded_at, actor, payload: payload.into() }
    }

    /// An event, refused ([`crate::Error::DateOutOfRange`]) when recorded outside the years 1
    /// to 9999 (UTC), which a journal's text cannot hold.
    pub fn try_new(id: EventId, recorded_at: DateTime<Utc>, actor: ActorId, payload: impl Into<Payload>) -> crate::Result<Event> {
        crate::timestamp::check(&recorded_at)?;
        Ok(Event::new(id, recorded_at, actor, payload))
    }

    /// The event's JSON (`id`, `recorded_at`, `actor`, `payload`), id-document numbers in
    /// full: what [`Event::from_json`] reads back equal.
    #[must_use]
    pub fn to_json(&self) -> String {
        crate::labour::with_id_numbers_revealed(|| serde_json::to_string(self).unwrap_or_default())
    }

    /// Reads what [`Event::to_json`] writes; a wrong field is named (`event recorded_at`,
    /// `payload data.lines[0].amount`), and an instant outside the years 1 to 9999 refused.
    ///
    /// ```
    /// use projectledger::Event;
    /// let json = r#"{"id":"e1","recorded_at":"2025-03-03T08:00:00Z","actor":"pm-li","payload":{"type":"baseline_locked","data":{"project_id":"P1"}}}"#;
    /// let event = Event::from_json(json).unwrap();
    /// assert_eq!((event.id.as_str(), event.to_json()), ("e1", json.to_owned()));
    /// assert!(Event::from_json(r#"{"id":"e1","recorded_at":"yesterday","actor":"pm","payload":{}}"#).is_err());
    /// ```
    pub fn from_json(json: &str) -> crate::Result<Event> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            id: EventId,
            recorded_at: DateTime<Utc>,
            actor: ActorId,
            payload: serde_json::Value,
        }
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let wire: Wire = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            // The root reads "." (or "?" before any field): the event itself.
            let field = if matches!(path.as_str(), "." | "?") { "event".to_owned() } else { format!("event {}", crate::text::cut(&path)) };
            crate::Error::InvalidField { field, reason: error.into_inner().to_string() }
        })?;
        deserializer.end().map_err(|e| crate::Error::InvalidField { field: "event".to_owned(), reason: e.to_string() })?;
        Event::try_new(wire.id, wire.recorded_at, wire.actor, Payload::from_json(&wire.payload.to_string())?)
    }

    /// The order events are folded in: `(recorded_at, id)`.
    pub(crate) fn fold_key(&self) -> (DateTime<Utc>, &EventId) {
        (self.recorded_at, &self.id)
    }
}

/// Makes events for one device or process: ids `{prefix}-{n}` (n counting up, zero-padded
/// to sort in order) and times from a clock — the system's unless another is given (tests,
/// replays). [`crate::Journal::event_source`] continues after the prefix's events a journal
/// already holds, so a device that restarts never reuses an id.
///
/// ```
/// use projectledger::{Journal, lifecycle::LifecycleEvent, ProjectId};
/// # fn main() -> Result<(), projectledger::Error> {
/// let mut journal = Journal::new();
/// let at = "2025-03-03T08:00:00Z".parse().unwrap();
/// let mut events = journal.event_source("phone-7")?.with_clock(move || at);
/// let created = LifecycleEvent::ProjectCreated { project_id: ProjectId::try_new("P1")?, name: "Depot".into(), code: "D-1".into(),
///     currency: projectledger::Currency::CNY, calendar: Box::new(projectledger::WorkCalendar::china(2025, 2026)?) };
/// journal.append(events.event("pm-li", created)?)?;
/// assert_eq!(journal.entries()[0].event.id.as_str(), "phone-7-000001");
/// assert_eq!(journal.event_source("phone-7")?.event("pm-li", projectledger::cost::CostEvent::BaselineLocked { project_id: ProjectId::try_new("P1")? })?.id.as_str(), "phone-7-000002");
/// # Ok(()) }
/// ```
pub struct EventSource {
    prefix: String,
    next: u64,
    clock: Box<dyn FnMut() -> DateTime<Utc> + Send>,
}

impl EventSource {
    /// Ids `{prefix}-000001` on, times from the system clock. The prefix is an id itself
    /// (non-blank, at most 64 characters, nothing invisible).
    pub fn new(prefix: &str) -> crate::Result<EventSource> {
        EventSource::after(prefix, 0)
    }

    /// Ids after `{prefix}-{last}`.
    pub(crate) fn after(prefix: &str, last: u64) -> crate::Result<EventSource> {
        if prefix.chars().count() > 64 {
            return Err(crate::Error::InvalidId { kind: "event id prefix".into(), value: crate::text::cut(prefix), reason: "at most 64 characters".into() });
        }
        EventId::try_new(prefix)?;
        Ok(EventSource { prefix: prefix.to_owned(), next: last.saturating_add(1), clock: Box::new(|| DateTime::<Utc>::from(std::time::SystemTime::now())) })
    }

    /// The same source, taking times from `clock`.
    #[must_use]
    pub fn with_clock(self, clock: impl FnMut() -> DateTime<Utc> + Send + 'static) -> EventSource {
        EventSource { clock: Box::new(clock), ..self }
    }

    /// The next event: the next id, the clock's time, `actor` and `payload` (refused when the
    /// actor is not an id or the time is outside the years 1 to 9999).
    pub fn event(&mut self, actor: &str, payload: impl Into<Payload>) -> crate::Result<Event> {
        let id = EventId::try_new(format!("{}-{:06}", self.prefix, self.next))?;
        let event = Event::try_new(id, (self.clock)(), ActorId::try_new(actor)?, payload)?;
        self.next = self.next.saturating_add(1);
        Ok(event)
    }

    /// The number the prefix's events end with, if `id` is one of them.
    pub(crate) fn number_of(prefix: &str, id: &str) -> Option<u64> {
        id.strip_prefix(prefix)?.strip_prefix('-')?.parse().ok()
    }
}

impl fmt::Debug for EventSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSource").field("prefix", &self.prefix).field("next", &self.next).finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_names_a_variant_of_one_domain_only() {
        let tags: Vec<&str> = Payload::tags().collect();
        let unique: std::collections::BTreeSet<&str> = tags.iter().copied().collect();
        assert_eq!(unique.len(), tags.len(), "a tag is listed twice");
        for tag in tags {
            let error = serde_json::from_str::<Payload>(&format!(r#"{{"type":"{tag}","data":{{}}}}"#)).map(|_| ()).unwrap_err().to_string();
            assert!(!error.contains("unknown variant"), "{tag}: {error}");
        }
        let unknown = serde_json::from_str::<Payload>(r#"{"type":"nope","data":{}}"#).map(|_| ()).unwrap_err().to_string();
        assert!(unknown.contains("unknown variant `nope`"), "{unknown}");
    }

    #[test]
    fn data_written_before_its_type_reads_the_same() {
        let tag_first: Payload = serde_json::from_str(r#"{"type":"baseline_locked","data":{"project_id":"P"}}"#).unwrap_or_else(|e| panic!("{e}"));
        let data_first: Payload = serde_json::from_str(r#"{"data":{"project_id":"P"},"type":"baseline_locked"}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tag_first, data_first);
    }
}
