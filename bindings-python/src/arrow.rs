//! Arrow columns built in Rust and handed to pyarrow through the Arrow C data interface (a
//! `__arrow_c_array__` capsule pair: no copy, no Python object per row). A [`Builder`] takes
//! typed cells one at a time and decides its Arrow type from the first one that is not null:
//! exact decimals become decimal128 at the finest scale of the column, names dictionary-
//! encoded strings, dates date32, times of day time64[us], instants timestamp[us, UTC]; lists
//! and structs nest.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{ArrayBuilder, StringDictionaryBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, BooleanArray, Date32Array, Decimal128Array, Int64Array, ListArray, NullArray, RecordBatch, RecordBatchOptions, StructArray, Time64MicrosecondArray, TimestampMicrosecondArray};
use arrow_buffer::{BooleanBuffer, NullBuffer, OffsetBuffer};
use arrow_data::ffi::FFI_ArrowArray;
use arrow_schema::ffi::FFI_ArrowSchema;
use arrow_schema::{Field, Fields, Schema};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// 10⁰ to 10³⁸: the factors of a rescale within decimal128.
const POWERS_OF_TEN: [i128; 39] = {
    let mut powers = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// An exact value's mantissa at `scale` places as units at `to` places: None when `to` is
/// coarser than `scale` or the units pass 128 bits.
pub fn rescaled(mantissa: i128, scale: u32, to: u32) -> Option<i128> {
    let shift = usize::try_from(to.checked_sub(scale)?).ok()?;
    POWERS_OF_TEN.get(shift).and_then(|factor| mantissa.checked_mul(*factor))
}

/// A cell's value as the serde forms give it.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    Null,
    Bool(bool),
    Int(i64),
    /// An exact decimal: mantissa and scale.
    Decimal(i128, u32),
    Text(&'a str),
    /// Days since 1970-01-01.
    Date(i32),
    /// Microseconds since midnight.
    Time(i64),
    /// Microseconds since 1970-01-01T00:00:00Z.
    Instant(i64),
}

/// One column (or nested value) under construction.
pub enum Builder {
    /// Nothing but this many nulls so far.
    Nulls(usize),
    Bool(Vec<bool>, Vec<bool>),
    Int(Vec<i64>, Vec<bool>),
    /// Mantissas with their own scales (rescaled to the finest when finished).
    Decimal(Vec<(i128, u32)>, Vec<bool>),
    Text(Box<StringDictionaryBuilder<Int32Type>>),
    Date(Vec<i32>, Vec<bool>),
    Time(Vec<i64>, Vec<bool>),
    Instant(Vec<i64>, Vec<bool>),
    List { offsets: Vec<i32>, items: Box<Builder>, valid: Vec<bool> },
    Struct(Box<Record>),
}

impl Default for Builder {
    fn default() -> Self {
        Builder::Nulls(0)
    }
}

fn led_by_nulls<T: Default + Clone>(nulls: usize) -> (Vec<T>, Vec<bool>) {
    (vec![T::default(); nulls], vec![false; nulls])
}

impl Builder {
    /// Values so far.
    pub fn len(&self) -> usize {
        match self {
            Builder::Nulls(n) => *n,
            Builder::Bool(_, v) | Builder::Int(_, v) | Builder::Decimal(_, v) | Builder::Date(_, v) | Builder::Time(_, v) | Builder::Instant(_, v) => v.len(),
            Builder::Text(b) => b.len(),
            Builder::List { valid, .. } => valid.len(),
            Builder::Struct(record) => record.rows(),
        }
    }

    /// Nulls up to `rows` values.
    fn pad(&mut self, rows: usize) {
        while self.len() < rows {
            self.push(Cell::Null).unwrap_or_default();
        }
    }

    /// Appends a cell; an error when the column already holds another type.
    pub fn push(&mut self, cell: Cell<'_>) -> Result<(), String> {
        if let Builder::Nulls(n) = *self {
            *self = match cell {
                Cell::Null => Builder::Nulls(n.saturating_add(1)),
                Cell::Bool(_) => { let (v, ok) = led_by_nulls(n); Builder::Bool(v, ok) }
                Cell::Int(_) => { let (v, ok) = led_by_nulls(n); Builder::Int(v, ok) }
                Cell::Decimal(..) => { let (v, ok) = led_by_nulls(n); Builder::Decimal(v, ok) }
                Cell::Date(_) => { let (v, ok) = led_by_nulls(n); Builder::Date(v, ok) }
                Cell::Time(_) => { let (v, ok) = led_by_nulls(n); Builder::Time(v, ok) }
                Cell::Instant(_) => { let (v, ok) = led_by_nulls(n); Builder::Instant(v, ok) }
                Cell::Text(_) => {
                    let mut b = StringDictionaryBuilder::<Int32Type>::new();
                    b.append_nulls(n);
                    Builder::Text(Box::new(b))
                }
            };
            if matches!(cell, Cell::Null) {
                return Ok(());
            }
        }
        // A column of integers meeting a decimal becomes decimal (scale 0 for the integers).
        if let (Builder::Int(values, valid), Cell::Decimal(..)) = (&mut *self, cell) {
            let values = values.iter().map(|v| (i128::from(*v), 0)).collect();
            *self = Builder::Decimal(values, std::mem::take(valid));
        }
        match (self, cell) {
            (Builder::Nulls(_), _) => {}
            (Builder::Bool(v, ok), Cell::Bool(x)) => keep(v, ok, x),
            (Builder::Int(v, ok), Cell::Int(x)) | (Builder::Time(v, ok), Cell::Time(x)) | (Builder::Instant(v, ok), Cell::Instant(x)) => keep(v, ok, x),
            (Builder::Decimal(v, ok), Cell::Decimal(m, s)) => keep(v, ok, (m, s)),
            (Builder::Decimal(v, ok), Cell::Int(x)) => keep(v, ok, (i128::from(x), 0)),
            (Builder::Date(v, ok), Cell::Date(x)) => keep(v, ok, x),
            (Builder::Text(b), Cell::Text(x)) => {
                b.append(x).map_err(|e| e.to_string())?;
            }
            (Builder::Bool(v, ok), Cell::Null) => skip(v, ok),
            (Builder::Int(v, ok) | Builder::Time(v, ok) | Builder::Instant(v, ok), Cell::Null) => skip(v, ok),
            (Builder::Decimal(v, ok), Cell::Null) => skip(v, ok),
            (Builder::Date(v, ok), Cell::Null) => skip(v, ok),
            (Builder::Text(b), Cell::Null) => b.append_null(),
            (Builder::List { offsets, valid, .. }, Cell::Null) => {
                offsets.push(offsets.last().copied().unwrap_or(0));
                valid.push(false);
            }
            (Builder::Struct(record), Cell::Null) => record.end_row(false),
            (_, cell) => return Err(format!("a column mixes types (then {cell:?})")),
        }
        Ok(())
    }

    /// Starts a list value: its items go to the builder returned; [`Builder::end_list`] ends it.
    pub fn start_list(&mut self) -> Result<&mut Builder, String> {
        if let Builder::Nulls(n) = *self {
            *self = Builder::List { offsets: vec![0; n.saturating_add(1)], items: Box::default(), valid: vec![false; n] };
        }
        match self {
            Builder::List { items, .. } => Ok(items),
            _ => Err("a column mixes lists with other values".to_owned()),
        }
    }

    /// Ends the list value started last.
    pub fn end_list(&mut self) -> Result<(), String> {
        match self {
            Builder::List { offsets, items, valid } => {
                offsets.push(i32::try_from(items.len()).map_err(|_| "a list column passes 2³¹ items".to_owned())?);
                valid.push(true);
                Ok(())
            }
            _ => Err("a list ended that was not started".to_owned()),
        }
    }

    /// The struct value of this row: fill its fields, then call [`Record::end_row`].
    pub fn record(&mut self) -> Result<&mut Record, String> {
        if let Builder::Nulls(n) = *self {
            *self = Builder::Struct(Box::new(Record { valid: vec![false; n], ..Record::default() }));
        }
        match self {
            Builder::Struct(record) => Ok(record),
            _ => Err("a column mixes structs with other values".to_owned()),
        }
    }

    fn finish(self) -> Result<ArrayRef, String> {
        Ok(match self {
            Builder::Nulls(n) => Arc::new(NullArray::new(n)),
            Builder::Bool(v, ok) => Arc::new(BooleanArray::new(BooleanBuffer::from(v), nulls(&ok))),
            Builder::Int(v, ok) => Arc::new(Int64Array::new(v.into(), nulls(&ok))),
            Builder::Decimal(v, ok) => {
                let scale = v.iter().zip(&ok).filter(|(_, valid)| **valid).map(|((_, s), _)| *s).max().unwrap_or(0);
                let units: Vec<i128> = v
                    .iter()
                    .map(|(m, s)| rescaled(*m, *s, scale).ok_or_else(|| "a decimal beyond 38 digits".to_owned()))
                    .collect::<Result<_, _>>()?;
                let scale = i8::try_from(scale).map_err(|_| "a decimal scale beyond 38".to_owned())?;
                Arc::new(Decimal128Array::new(units.into(), nulls(&ok)).with_precision_and_scale(38, scale).map_err(|e| e.to_string())?)
            }
            Builder::Text(mut b) => Arc::new(b.finish()),
            Builder::Date(v, ok) => Arc::new(Date32Array::new(v.into(), nulls(&ok))),
            Builder::Time(v, ok) => Arc::new(Time64MicrosecondArray::new(v.into(), nulls(&ok))),
            Builder::Instant(v, ok) => Arc::new(TimestampMicrosecondArray::new(v.into(), nulls(&ok)).with_timezone("UTC")),
            Builder::List { offsets, items, valid } => {
                let items = items.finish()?;
                let field = Arc::new(Field::new_list_field(items.data_type().clone(), true));
                Arc::new(ListArray::try_new(field, OffsetBuffer::new(offsets.into()), items, nulls(&valid)).map_err(|e| e.to_string())?)
            }
            Builder::Struct(record) => Arc::new(record.finish()?),
        })
    }
}

fn keep<T>(values: &mut Vec<T>, valid: &mut Vec<bool>, value: T) {
    values.push(value);
    valid.push(true);
}

fn skip<T: Default>(values: &mut Vec<T>, valid: &mut Vec<bool>) {
    values.push(T::default());
    valid.push(false);
}

fn nulls(valid: &[bool]) -> Option<NullBuffer> {
    (!valid.iter().all(|v| *v)).then(|| NullBuffer::new(BooleanBuffer::from(valid.to_vec())))
}

/// A struct under construction: named fields in the order first seen, each a builder, and
/// the struct's own validity per row.
#[derive(Default)]
pub struct Record {
    names: Vec<String>,
    fields: Vec<Builder>,
    index: HashMap<String, usize>,
    valid: Vec<bool>,
}

impl Record {
    /// The builder of a field (`at`: where it is expected, the field's position in its
    /// struct), added null for every earlier row when new.
    pub fn field(&mut self, name: &str, at: usize) -> &mut Builder {
        let position = match self.names.get(at) {
            Some(n) if n == name => at,
            _ => match self.index.get(name) {
                Some(i) => *i,
                None => {
                    self.names.push(name.to_owned());
                    self.index.insert(name.to_owned(), self.fields.len());
                    let mut builder = Builder::default();
                    builder.pad(self.valid.len());
                    self.fields.push(builder);
                    self.fields.len().saturating_sub(1)
                }
            },
        };
        let last = self.fields.len().saturating_sub(1);
        &mut self.fields[position.min(last)]
    }

    /// Ends a row: fields it did not name are null.
    pub fn end_row(&mut self, valid: bool) {
        self.valid.push(valid);
        let rows = self.valid.len();
        for field in &mut self.fields {
            field.pad(rows);
        }
    }

    /// Adds a column holding `value` on every row.
    pub fn constant_text(&mut self, name: &str, value: &str) -> Result<(), String> {
        let rows = self.rows();
        let column = self.field(name, usize::MAX);
        *column = Builder::Nulls(0);
        for _ in 0..rows {
            column.push(Cell::Text(value))?;
        }
        Ok(())
    }

    /// Rows so far.
    pub fn rows(&self) -> usize {
        self.valid.len()
    }

    fn finish(self) -> Result<StructArray, String> {
        let rows = self.valid.len();
        let nulls = nulls(&self.valid);
        let mut fields = Vec::with_capacity(self.fields.len());
        let mut arrays = Vec::with_capacity(self.fields.len());
        for (name, builder) in self.names.into_iter().zip(self.fields) {
            let array = builder.finish()?;
            fields.push(Field::new(name, array.data_type().clone(), true));
            arrays.push(array);
        }
        if fields.is_empty() {
            return Ok(StructArray::new_empty_fields(rows, nulls));
        }
        StructArray::try_new(Fields::from(fields), arrays, nulls).map_err(|e| e.to_string())
    }

    /// The rows as a record batch, one column per field.
    pub fn into_batch(self) -> Result<RecordBatch, String> {
        let rows = self.rows();
        let (fields, columns, _) = self.finish()?.into_parts();
        RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), columns, &RecordBatchOptions::new().with_row_count(Some(rows))).map_err(|e| e.to_string())
    }
}

/// A record batch pyarrow reads through the C data interface (`pa.record_batch(batch)`).
#[pyclass(frozen, module = "projectledger", name = "_ArrowBatch")]
pub struct ArrowBatch(pub RecordBatch);

#[pymethods]
impl ArrowBatch {
    /// The Arrow PyCapsule interface: the schema and the rows as one struct array.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(&self, py: Python<'py>, requested_schema: Option<Bound<'py, PyAny>>) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let data = StructArray::from(self.0.clone()).into_data();
        let schema = FFI_ArrowSchema::try_from(data.data_type()).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let array = FFI_ArrowArray::new(&data);
        Ok((PyCapsule::new_with_value(py, schema, c"arrow_schema")?, PyCapsule::new_with_value(py, array, c"arrow_array")?))
    }

    fn __len__(&self) -> usize {
        self.0.num_rows()
    }
}
