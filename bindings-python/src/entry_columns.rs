//! Day-work entries as Arrow columns, field by field: the million-row query, so its columns
//! are read straight from the register's records (no serde form) with a schema fixed by the
//! types — ids as text, names dictionary-encoded, hours and amounts decimal128 at fixed
//! scales (0.01 h; the currency's minor units), dates date32, instants timestamp[us, UTC].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use arrow_array::builder::{StringBuilder, Time64MicrosecondBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, Date32Array, Decimal128Array, DictionaryArray, Int32Array, RecordBatch, StringArray, TimestampMicrosecondArray};
use arrow_buffer::{BooleanBuffer, NullBuffer};
use arrow_schema::{Field, Schema};
use chrono::{NaiveTime, Timelike};
use projectledger::labour::{day_number, EntryRecord};
use projectledger::ActorId;
use rust_decimal::Decimal;

/// A small, fast hash for short names (the standard one costs more than the rest of a row).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for byte in bytes {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// Names as dictionary keys, the last name remembered (runs of one name cost a compare).
struct Names<'a> {
    keys: Vec<i32>,
    valid: Vec<bool>,
    values: Vec<&'a str>,
    index: HashMap<&'a str, i32, BuildHasherDefault<Fnv>>,
    last: Option<(&'a str, i32)>,
}

impl<'a> Names<'a> {
    fn with_capacity(n: usize) -> Names<'a> {
        Names { keys: Vec::with_capacity(n), valid: Vec::new(), values: Vec::new(), index: HashMap::default(), last: None }
    }

    fn push(&mut self, name: &'a str) {
        let key = match self.last {
            // Names from a static table (states, day kinds) match by address.
            Some((last, key)) if std::ptr::eq(last, name) || last == name => key,
            _ => {
                let next = i32::try_from(self.values.len()).unwrap_or(i32::MAX);
                let key = *self.index.entry(name).or_insert_with(|| {
                    self.values.push(name);
                    next
                });
                self.last = Some((name, key));
                key
            }
        };
        self.keys.push(key);
        if !self.valid.is_empty() {
            self.valid.push(true);
        }
    }

    fn push_opt(&mut self, name: Option<&'a str>) {
        match name {
            Some(name) => self.push(name),
            None => {
                if self.valid.is_empty() {
                    self.valid = vec![true; self.keys.len()];
                }
                self.keys.push(0);
                self.valid.push(false);
            }
        }
    }

    fn finish(self) -> ArrayRef {
        let nulls = (!self.valid.is_empty()).then(|| NullBuffer::new(BooleanBuffer::from(self.valid)));
        let keys = Int32Array::new(self.keys.into(), nulls);
        let values = Arc::new(StringArray::from_iter_values(self.values));
        Arc::new(DictionaryArray::<Int32Type>::new(keys, values))
    }
}

/// Exact values as decimal128 units at one scale, or an error naming the column.
struct Units {
    scale: u32,
    values: Vec<i128>,
    valid: Vec<bool>,
}

impl Units {
    fn with_capacity(scale: u32, n: usize) -> Units {
        Units { scale, values: Vec::with_capacity(n), valid: Vec::new() }
    }

    /// Pushes a value, the column first rescaled to `scale` if that is finer than its own
    /// (rare: a column's scale is known only once its values are read).
    fn push_at(&mut self, value: Decimal, scale: u32) -> Result<(), String> {
        if scale > self.scale {
            for units in &mut self.values {
                *units = crate::arrow::rescaled(*units, self.scale, scale).ok_or_else(|| format!("a value does not fit decimal128 at {scale} places"))?;
            }
            self.scale = scale;
        }
        self.push(value)
    }

    fn push(&mut self, value: Decimal) -> Result<(), String> {
        let units = crate::arrow::rescaled(value.mantissa(), value.scale(), self.scale).ok_or_else(|| format!("{value} does not fit decimal128 at {} places", self.scale))?;
        self.values.push(units);
        if !self.valid.is_empty() {
            self.valid.push(true);
        }
        Ok(())
    }

    fn finish(self) -> Result<ArrayRef, String> {
        let nulls = (!self.valid.is_empty()).then(|| NullBuffer::new(BooleanBuffer::from(self.valid)));
        let scale = i8::try_from(self.scale).map_err(|_| "a scale beyond 38".to_owned())?;
        Ok(Arc::new(Decimal128Array::new(self.values.into(), nulls).with_precision_and_scale(38, scale).map_err(|e| e.to_string())?))
    }
}

fn micros(time: NaiveTime) -> i64 {
    i64::from(time.num_seconds_from_midnight()) * 1_000_000 + i64::from(time.nanosecond() / 1_000)
}

type Columns = Vec<(&'static str, ArrayRef)>;

/// Rows from which the columns are built on two threads.
const TWO_THREADS_FROM: usize = 1 << 16;

/// The entries as one record batch (amounts at the finest minor units of their currencies,
/// 2 when there are none); its two halves of columns built side by side when the register
/// holds `of` entries or more (each half reading the entries, views made as read, on its own).
pub fn entries_batch<'a>(entries: impl Iterator<Item = EntryRecord<'a>> + Clone + Send, of: usize) -> Result<RecordBatch, String> {
    let (first, second) = if of >= TWO_THREADS_FROM {
        std::thread::scope(|scope| {
            let cost_entries = entries.clone();
            let second = scope.spawn(|| cost_columns(cost_entries));
            let first = record_columns(entries);
            (first, second.join().unwrap_or_else(|_| Err("a column thread failed".to_owned())))
        })
    } else {
        (record_columns(entries.clone()), cost_columns(entries))
    };
    let columns: Columns = first?.into_iter().chain(second?).collect();
    let fields: Vec<Field> = columns.iter().map(|(name, array)| Field::new(*name, array.data_type().clone(), true)).collect();
    let schema = Arc::new(Schema::new(fields));
    RecordBatch::try_new(schema, columns.into_iter().map(|(_, a)| a).collect()).map_err(|e| e.to_string())
}

/// What was recorded, by whom and when.
fn record_columns<'a>(entries: impl Iterator<Item = EntryRecord<'a>>) -> Result<Columns, String> {
    let n = entries.size_hint().0;
    let mut entry_id = StringBuilder::with_capacity(n, n * 8);
    let [mut project, mut worker, mut code, mut description, mut recorded_by, mut event] = std::array::from_fn(|_| Names::with_capacity(n));
    let mut date = Vec::with_capacity(n);
    let (mut start, mut end) = (Time64MicrosecondBuilder::with_capacity(n), Time64MicrosecondBuilder::with_capacity(n));
    let mut recorded_at = Vec::with_capacity(n);
    let mut hours = Units::with_capacity(2, n);
    for e in entries {
        entry_id.append_value(e.entry_id.as_str());
        project.push(e.project_id.as_str());
        worker.push(e.worker_id.as_str());
        code.push(e.cost_code.as_str());
        date.push(day_number(e.date));
        hours.push(e.hours)?;
        start.append_option(e.start.map(micros));
        end.append_option(e.end.map(micros));
        description.push(e.description);
        recorded_by.push(e.recorded_by.as_str());
        recorded_at.push(e.recorded_at.timestamp_micros());
        event.push(e.event_id.as_str());
    }
    Ok(vec![
        ("entry_id", Arc::new(entry_id.finish())),
        ("project_id", project.finish()),
        ("worker_id", worker.finish()),
        ("cost_code", code.finish()),
        ("date", Arc::new(Date32Array::new(date.into(), None))),
        ("hours", hours.finish()?),
        ("start", Arc::new(start.finish())),
        ("end", Arc::new(end.finish())),
        ("description", description.finish()),
        ("recorded_by", recorded_by.finish()),
        ("recorded_at", Arc::new(TimestampMicrosecondArray::new(recorded_at.into(), None).with_timezone("UTC"))),
        ("event_id", event.finish()),
    ])
}

/// Where each entry stands and what it costs.
fn cost_columns<'a>(entries: impl Iterator<Item = EntryRecord<'a>> + Clone) -> Result<Columns, String> {
    let n = entries.size_hint().0;
    let [mut state, mut decided_by, mut day_kind] = std::array::from_fn(|_| Names::with_capacity(n));
    let mut reverses = StringBuilder::new();
    let mut reversed_by = StringBuilder::new();
    let mut paid_on = Vec::with_capacity(n);
    let mut paid_valid = Vec::with_capacity(n);
    let [mut regular, mut overtime] = std::array::from_fn(|_| Units::with_capacity(2, n));
    // A decimal128 column has one scale: the finest of its values' (for amounts, of their
    // currencies' minor units; 2 when there are none).
    let mut multiplier = Units::with_capacity(0, n);
    let [mut amount, mut regular_pay] = std::array::from_fn(|_| Units::with_capacity(0, n));
    let mut any = false;
    for e in entries {
        reverses.append_option(e.reverses);
        reversed_by.append_option(e.reversed_by);
        state.push(e.state.name());
        decided_by.push_opt(e.decided_by.map(ActorId::as_str));
        paid_on.push(e.paid_on.map_or(0, day_number));
        paid_valid.push(e.paid_on.is_some());
        day_kind.push(e.cost.day_kind.name());
        regular.push(e.cost.regular_hours)?;
        overtime.push(e.cost.overtime_hours)?;
        multiplier.push_at(e.cost.multiplier, e.cost.multiplier.scale())?;
        let units = u32::from(e.cost.amount.currency().minor_units());
        any = true;
        amount.push_at(e.cost.amount.amount(), units)?;
        regular_pay.push_at(e.cost.regular_pay.amount(), units)?;
    }
    if !any {
        (amount.scale, regular_pay.scale) = (2, 2);
    }
    let paid_nulls = (!paid_valid.iter().all(|v| *v)).then(|| NullBuffer::new(BooleanBuffer::from(paid_valid)));
    Ok(vec![
        ("reverses", Arc::new(reverses.finish())),
        ("reversed_by", Arc::new(reversed_by.finish())),
        ("state", state.finish()),
        ("decided_by", decided_by.finish()),
        ("paid_on", Arc::new(Date32Array::new(paid_on.into(), paid_nulls))),
        ("day_kind", day_kind.finish()),
        ("regular_hours", regular.finish()?),
        ("overtime_hours", overtime.finish()?),
        ("multiplier", multiplier.finish()?),
        ("amount", amount.finish()?),
        ("regular_pay", regular_pay.finish()?),
    ])
}
