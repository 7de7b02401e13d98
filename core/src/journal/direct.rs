//! An export line of a day-work batch read directly, when it is in canonical form, and hashed
//! from its own bytes: being canonical, the line up to its `"hash"` member is what the chain
//! hashes, so nothing is written back. Any other line, or any doubt, goes to serde's reading
//! and the byte-for-byte check (see [`CanonicalText`]).

use serde::Deserialize;

use super::chain::{hash_of_line_start, Entry, Hash};
use crate::event::{Event, Payload};
use crate::wire::CanonicalText;
use crate::{ActorId, EventId};

/// The entry a canonical `day_work_recorded` line holds and the hash of its content, or
/// `None` for serde to read the line.
pub(super) fn read_day_work_line(raw: &str) -> Option<(Entry, Hash)> {
    let mut text = CanonicalText::new(raw);
    text.literal(b"{\"id\":")?;
    let id = text.string(EventId::deserialize)?;
    text.literal(b",\"recorded_at\":")?;
    let recorded_at = text.written_as_read(crate::timestamp::deserialize, |at, read| {
        let mut written = Vec::with_capacity(read.len());
        crate::timestamp::write(at, &mut written);
        crate::timestamp::check(at).is_ok() && written == read.as_bytes()
    })?;
    text.literal(b",\"actor\":")?;
    let actor = text.string(ActorId::deserialize)?;
    text.literal(b",\"payload\":{\"type\":\"day_work_recorded\",\"data\":")?;
    let payload = Payload::Labour(crate::labour::read_day_work_recorded(&mut text)?);
    text.literal(b"},\"prev_hash\":")?;
    let prev_hash = text.written_as_read(Hash::deserialize, |hash, read| hash.to_hex().as_slice() == read.as_bytes())?;
    // The line to here is what the chain hashes, but for its closing brace.
    let hashed = raw.get(..raw.len().checked_sub(text.rest().len())?)?;
    text.literal(b",\"hash\":")?;
    let hash = text.written_as_read(Hash::deserialize, |hash, read| hash.to_hex().as_slice() == read.as_bytes())?;
    text.literal(b"}")?;
    if !text.rest().is_empty() {
        return None;
    }
    Some((Entry { event: Event { id, recorded_at, actor, payload }, prev_hash, hash }, hash_of_line_start(hashed.as_bytes())))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    use std::sync::Arc;

    use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::super::chain::{chain_hash, write_line};
    use super::super::jsonl::read_line_by_serde;
    use super::*;
    use crate::labour::{DayWorkEntry, LabourEvent, Quantity};
    use crate::ProjectId;

    /// Text, now and then with what JSON escapes (quotes, backslashes, control characters),
    /// often with what it does not (DEL, non-ASCII).
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![12 => "[a-zA-Z0-9 .\u{7f}é中/-]{0,6}", 1 => "[a-z\"\\\\\u{1}\u{1f}]{1,3}"]
    }

    fn entry() -> impl Strategy<Value = DayWorkEntry> {
        let decimal = (any::<i64>(), 0_u32..=8).prop_map(|(m, s)| Decimal::new(m, s));
        let quantity = (any::<bool>(), decimal).prop_map(|(hours, d)| if hours { Quantity::Hours(d) } else { Quantity::Workdays(d) });
        let date = (-400_000_i32..4_000_000).prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap());
        let time = proptest::option::of((0_u32..86_400, prop_oneof![Just(0_u32), 0_u32..1_000_000_000])).prop_map(|t| t.map(|(s, n)| NaiveTime::from_num_seconds_from_midnight_opt(s, n).unwrap()));
        (text(), text(), text(), date, quantity, time.clone(), time, text()).prop_map(|(entry_id, worker_id, cost_code, date, quantity, start, end, description)| DayWorkEntry {
            entry_id: entry_id.into(),
            worker_id: worker_id.into(),
            cost_code: cost_code.into(),
            date,
            quantity,
            start,
            end,
            description,
        })
    }

    /// An export line of a day-work batch, as the journal writes it.
    fn line(id: &str, actor: &str, project: &str, seconds: i64, entries: Vec<DayWorkEntry>) -> Option<String> {
        let project_id = ProjectId::try_new(project).ok()?;
        let payload = Payload::Labour(LabourEvent::DayWorkRecorded { project_id, entries: Arc::from(entries) });
        let event = Event { id: EventId::try_new(id).ok()?, recorded_at: DateTime::<Utc>::from_timestamp(seconds, 0)?, actor: ActorId::try_new(actor).ok()?, payload };
        let prev_hash = Hash::from_hex("ab".repeat(32).as_str())?;
        let mut scratch = Vec::new();
        let hash = chain_hash(&event, &prev_hash, &mut scratch);
        let mut line = Vec::new();
        write_line(&scratch, &hash, &mut line);
        String::from_utf8(line).ok()
    }

    fn by_serde(raw: &str) -> crate::Result<(Entry, Hash)> {
        read_line_by_serde(raw, 2, &mut Vec::new(), &mut Vec::new())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever it reads, serde reads alike, and every line without an escape it reads.
        #[test]
        fn reads_what_serde_reads(id in "[a-zA-Z0-9中-]{1,8}", actor in "[a-zA-Z0-9中-]{1,8}", project in "[a-zA-Z0-9中-]{1,4}", seconds in -62_000_000_000_i64..253_000_000_000, entries in proptest::collection::vec(entry(), 1..4)) {
            let Some(raw) = line(&id, &actor, &project, seconds, entries) else { return Ok(()) };
            let direct = read_day_work_line(&raw);
            if let Some(read) = &direct {
                prop_assert_eq!(Some(read.clone()), by_serde(&raw).ok());
            }
            let escaped = raw.contains('\\') || raw.contains("\"description\":\"\"");
            prop_assert_eq!(direct.is_some(), !escaped && by_serde(&raw).is_ok(), "{}", raw);
        }

        /// A line changed anywhere is read directly only if serde reads it alike: canonical.
        #[test]
        fn reads_a_changed_line_only_as_serde_does(
            entries in proptest::collection::vec(entry(), 1..3),
            changes in proptest::collection::vec((any::<prop::sample::Index>(), 0_usize..4, prop::sample::select(vec!["\"", "\\", ",", "0", "9", ".", "-", " ", "}", "{", "a", "\u{1}", "é", "00", "e5", ":"])), 1..3),
        ) {
            let Some(mut raw) = line("E1", "pm", "P1", 1_735_689_600, entries) else { return Ok(()) };
            for (at, how, piece) in changes {
                let mut at = at.index(raw.len());
                while !raw.is_char_boundary(at) {
                    at -= 1;
                }
                let end = raw[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                match how {
                    0 => raw.insert_str(at, piece),
                    1 => raw.replace_range(at..end, piece),
                    2 => raw.replace_range(at..end, ""),
                    _ => raw.insert_str(end, piece),
                }
            }
            if let Some(read) = read_day_work_line(&raw) {
                prop_assert_eq!(Some(read), by_serde(&raw).ok(), "{}", raw);
            }
        }
    }

    #[test]
    fn an_escaped_or_reordered_line_is_left_to_serde() {
        let entry = DayWorkEntry::hours("E1", "W1", "01", NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(), Decimal::new(95, 1));
        let raw = line("office-1", "foreman", "P1", 1_735_689_600, vec![entry.clone()]).unwrap();
        assert!(read_day_work_line(&raw).is_some());
        // The same content, written otherwise: still valid JSON, never read directly.
        for other in [raw.replace("\"W1\"", "\"\\u0057\\u0031\""), raw.replace("\"9.5\"", "\"09.5\""), raw.replace("2025-03-03", "2025-3-3"), raw.replace("01T00:00:00Z", "01T08:00:00+08:00"), raw.replace("{\"entry_id\":\"E1\",\"worker_id\":\"W1\"", "{\"worker_id\":\"W1\",\"entry_id\":\"E1\""), raw.replace(",\"hash\"", ", \"hash\""), raw.replace("\"9.5\"}}", "\"9.5\"},\"description\":\"\"}")] {
            assert_ne!(other, raw);
            assert!(read_day_work_line(&other).is_none(), "{other}");
        }
    }
}
