//! A day-work batch read straight from its canonical JSON, the form a journal export writes:
//! importing a year of day work reads millions of entries, and serde's general reading plus
//! writing each one back to prove it canonical was a third of an import. Anything but that
//! exact form (an escape, a field out of order, a `description` of `""`) is left to serde,
//! which reads it or says what is wrong; see [`CanonicalText`].

use std::sync::Arc;

use chrono::NaiveTime;
use serde::Deserialize;

use super::{DayWorkEntry, LabourEvent, Quantity};
use crate::ids::{CostCode, EntryId, WorkerId};
use crate::wire::CanonicalText;
use crate::ProjectId;

/// The `data` of a `day_work_recorded` event, `{"project_id":…,"entries":[…]}`, as serde
/// reads it, when it is in canonical form.
pub(crate) fn read_day_work_recorded(text: &mut CanonicalText<'_>) -> Option<LabourEvent> {
    text.literal(b"{\"project_id\":")?;
    let project_id = text.string(ProjectId::deserialize)?;
    text.literal(b",\"entries\":[")?;
    let mut entries = vec![read_entry(text)?];
    while text.skip(b",") {
        entries.push(read_entry(text)?);
    }
    text.literal(b"]}")?;
    Some(LabourEvent::DayWorkRecorded { project_id, entries: Arc::from(entries) })
}

/// One entry, its fields in the order [`DayWorkEntry`] declares (and so writes) them.
fn read_entry(text: &mut CanonicalText<'_>) -> Option<DayWorkEntry> {
    text.literal(b"{\"entry_id\":")?;
    let entry_id = text.string(EntryId::deserialize)?;
    text.literal(b",\"worker_id\":")?;
    let worker_id = text.string(WorkerId::deserialize)?;
    text.literal(b",\"cost_code\":")?;
    let cost_code = text.string(CostCode::deserialize)?;
    text.literal(b",\"date\":")?;
    let date = text.date()?;
    let quantity = if text.skip(b",\"quantity\":{\"unit\":\"hours\",\"value\":") {
        Quantity::Hours(text.decimal()?)
    } else {
        text.literal(b",\"quantity\":{\"unit\":\"workdays\",\"value\":")?;
        Quantity::Workdays(text.decimal()?)
    };
    text.literal(b"}")?;
    let start = if text.skip(b",\"start\":") { Some(text.displayed(NaiveTime::deserialize)?) } else { None };
    let end = if text.skip(b",\"end\":") { Some(text.displayed(NaiveTime::deserialize)?) } else { None };
    // An empty description is not written: `""` is not canonical, for serde to refuse.
    let description = if text.skip(b",\"description\":") { text.string(String::deserialize).filter(|d| !d.is_empty())? } else { String::new() };
    text.literal(b"}")?;
    Some(DayWorkEntry { entry_id, worker_id, cost_code, date, quantity, start, end, description })
}
