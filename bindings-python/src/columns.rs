//! The core's records as Arrow columns, straight from their serde form: a serializer that
//! writes each field of each row into a column [`Builder`], typed by the core's types as
//! marked in the serde form (`projectledger::wire`): decimals exact, dates, times of day and
//! instants as Arrow temporal types; a `Money` is its amount; unit enum variants are names;
//! lists, structs and variants with data nest. One mechanism for every query's rows.

use std::fmt::Display;

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};
use projectledger::wire;
use serde::ser::{self, Serialize};

use crate::arrow::{Builder, Cell, Record};

/// A list of records as their columns (None when the value is not a list of records).
pub fn records<T: Serialize + ?Sized>(value: &T) -> Result<Option<Record>, String> {
    let mut top = Builder::default();
    value.serialize(ToCell { builder: &mut top }).map_err(|e| e.0)?;
    Ok(match top {
        Builder::List { items, .. } => match *items {
            Builder::Struct(record) => Some(*record),
            Builder::Nulls(0) => Some(Record::default()),
            _ => None,
        },
        _ => None,
    })
}

/// The error of a conversion.
#[derive(Debug)]
pub struct ColumnError(String);

impl Display for ColumnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ColumnError {}

impl ser::Error for ColumnError {
    fn custom<T: Display>(message: T) -> Self {
        ColumnError(message.to_string())
    }
}

impl From<String> for ColumnError {
    fn from(message: String) -> Self {
        ColumnError(message)
    }
}

type Done = Result<(), ColumnError>;

/// Writes one value into a builder.
struct ToCell<'b> {
    builder: &'b mut Builder,
}

impl ToCell<'_> {
    fn cell(self, cell: Cell<'_>) -> Done {
        Ok(self.builder.push(cell)?)
    }
}

/// `-?digits(.digits)?` as mantissa and scale.
fn decimal(text: &str) -> Option<(i128, u32)> {
    let (negative, digits) = text.strip_prefix('-').map_or((false, text), |d| (true, d));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut mantissa: i128 = 0;
    for byte in whole.bytes().chain(fraction.bytes()) {
        let digit = char::from(byte).to_digit(10)?;
        mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(digit))?;
    }
    Some((if negative { mantissa.checked_neg()? } else { mantissa }, u32::try_from(fraction.len()).ok()?))
}

/// A marked text as its cell.
fn marked(marker: &str, text: &str) -> Result<Cell<'static>, ColumnError> {
    let bad = || ColumnError(format!("{marker} text {text:?} unreadable"));
    Ok(match marker {
        wire::DECIMAL => decimal(text).map(|(m, s)| Cell::Decimal(m, s)).ok_or_else(bad)?,
        wire::DATE => {
            let date: NaiveDate = text.parse().map_err(|_| bad())?;
            Cell::Date(projectledger::labour::day_number(date))
        }
        wire::TIME => {
            let time: NaiveTime = text.parse().map_err(|_| bad())?;
            Cell::Time(i64::from(time.num_seconds_from_midnight()) * 1_000_000 + i64::from(time.nanosecond() / 1_000))
        }
        wire::INSTANT => {
            let at: DateTime<Utc> = text.parse().map_err(|_| bad())?;
            Cell::Instant(at.timestamp_micros())
        }
        _ => return Err(bad()),
    })
}

/// The serializer methods of a value that must be text: everything else is refused.
macro_rules! only_text {
    ($ok:ty) => {
        type Ok = $ok;
        type Error = ColumnError;
        type SerializeSeq = ser::Impossible<$ok, ColumnError>;
        type SerializeTuple = ser::Impossible<$ok, ColumnError>;
        type SerializeTupleStruct = ser::Impossible<$ok, ColumnError>;
        type SerializeTupleVariant = ser::Impossible<$ok, ColumnError>;
        type SerializeMap = ser::Impossible<$ok, ColumnError>;
        type SerializeStruct = ser::Impossible<$ok, ColumnError>;
        type SerializeStructVariant = ser::Impossible<$ok, ColumnError>;
        fn serialize_bool(self, _: bool) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_i8(self, _: i8) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_i16(self, _: i16) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_i32(self, _: i32) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_i64(self, _: i64) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_u8(self, _: u8) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_u16(self, _: u16) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_u32(self, _: u32) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_u64(self, _: u64) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_f32(self, _: f32) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_f64(self, _: f64) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_char(self, _: char) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_bytes(self, _: &[u8]) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_none(self) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<$ok, ColumnError> { v.serialize(self) }
        fn serialize_unit(self) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_unit_struct(self, _: &'static str) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<$ok, ColumnError> { self.serialize_str(variant) }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<$ok, ColumnError> { v.serialize(self) }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<$ok, ColumnError> { Err(not_text()) }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ColumnError> { Err(not_text()) }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ColumnError> { Err(not_text()) }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, ColumnError> { Err(not_text()) }
        fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, ColumnError> { Err(not_text()) }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ColumnError> { Err(not_text()) }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, ColumnError> { Err(not_text()) }
        fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, ColumnError> { Err(not_text()) }
    };
}

fn not_text() -> ColumnError {
    ColumnError("a map key or marked value is not text".to_owned())
}

/// A map key, as text.
struct Key;

impl ser::Serializer for Key {
    only_text!(String);
    fn serialize_str(self, v: &str) -> Result<String, ColumnError> {
        Ok(v.to_owned())
    }
}

/// The text under a marker, written as its cell.
struct Marked<'b> {
    marker: &'static str,
    builder: &'b mut Builder,
}

impl ser::Serializer for Marked<'_> {
    only_text!(());
    fn serialize_str(self, v: &str) -> Done {
        Ok(self.builder.push(marked(self.marker, v)?)?)
    }
}

impl<'b> ser::Serializer for ToCell<'b> {
    type Ok = ();
    type Error = ColumnError;
    type SerializeSeq = List<'b>;
    type SerializeTuple = List<'b>;
    type SerializeTupleStruct = List<'b>;
    type SerializeTupleVariant = List<'b>;
    type SerializeMap = Fields<'b>;
    type SerializeStruct = Fields<'b>;
    type SerializeStructVariant = Fields<'b>;

    fn serialize_bool(self, v: bool) -> Done { self.cell(Cell::Bool(v)) }
    fn serialize_i8(self, v: i8) -> Done { self.cell(Cell::Int(v.into())) }
    fn serialize_i16(self, v: i16) -> Done { self.cell(Cell::Int(v.into())) }
    fn serialize_i32(self, v: i32) -> Done { self.cell(Cell::Int(v.into())) }
    fn serialize_i64(self, v: i64) -> Done { self.cell(Cell::Int(v)) }
    fn serialize_u8(self, v: u8) -> Done { self.cell(Cell::Int(v.into())) }
    fn serialize_u16(self, v: u16) -> Done { self.cell(Cell::Int(v.into())) }
    fn serialize_u32(self, v: u32) -> Done { self.cell(Cell::Int(v.into())) }
    fn serialize_u64(self, v: u64) -> Done {
        match i64::try_from(v) {
            Ok(v) => self.cell(Cell::Int(v)),
            Err(_) => self.cell(Cell::Decimal(i128::from(v), 0)),
        }
    }
    fn serialize_f32(self, v: f32) -> Done { self.serialize_f64(v.into()) }
    fn serialize_f64(self, v: f64) -> Done { self.cell(Cell::Text(&v.to_string())) }
    fn serialize_char(self, v: char) -> Done { self.cell(Cell::Text(v.encode_utf8(&mut [0; 4]))) }
    fn serialize_str(self, v: &str) -> Done { self.cell(Cell::Text(v)) }
    fn serialize_bytes(self, _: &[u8]) -> Done { Err(ColumnError("bytes have no column".into())) }
    fn serialize_none(self) -> Done { self.cell(Cell::Null) }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Done { v.serialize(self) }
    fn serialize_unit(self) -> Done { self.cell(Cell::Null) }
    fn serialize_unit_struct(self, _: &'static str) -> Done { self.cell(Cell::Null) }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done { self.cell(Cell::Text(variant)) }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> Done {
        match name {
            wire::DECIMAL | wire::DATE | wire::TIME | wire::INSTANT => v.serialize(Marked { marker: name, builder: self.builder }),
            _ => v.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, variant: &'static str, v: &T) -> Done {
        // `{variant: data}`, as the dict form writes it.
        let record = self.builder.record()?;
        v.serialize(ToCell { builder: record.field(variant, 0) })?;
        record.end_row(true);
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<List<'b>, ColumnError> {
        self.builder.start_list()?;
        Ok(List { outer: self.builder, variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<List<'b>, ColumnError> { self.serialize_seq(Some(len)) }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<List<'b>, ColumnError> { self.serialize_seq(Some(len)) }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<List<'b>, ColumnError> {
        self.builder.record()?.field(variant, 0).start_list()?;
        Ok(List { outer: self.builder, variant: Some(variant) })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'b>, ColumnError> {
        self.builder.record()?;
        Ok(Fields::Record { builder: self.builder, variant: None, at: 0, key: None })
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Fields<'b>, ColumnError> {
        if name == "Money" {
            return Ok(Fields::Money(self.builder));
        }
        self.serialize_map(None)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Fields<'b>, ColumnError> {
        self.builder.record()?.field(variant, 0).record()?;
        Ok(Fields::Record { builder: self.builder, variant: Some(variant), at: 0, key: None })
    }
}

/// A list value (of a variant's data when `variant` is given: `{variant: [...]}`).
pub struct List<'b> {
    outer: &'b mut Builder,
    variant: Option<&'static str>,
}

impl List<'_> {
    /// The builder that holds the list's values.
    fn list(&mut self) -> Result<&mut Builder, ColumnError> {
        Ok(match self.variant {
            Some(variant) => self.outer.record()?.field(variant, 0),
            None => self.outer,
        })
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(ToCell { builder: self.list()?.start_list()? })
    }

    fn close(mut self) -> Done {
        self.list()?.end_list()?;
        if self.variant.is_some() {
            self.outer.record()?.end_row(true);
        }
        Ok(())
    }
}

impl ser::SerializeSeq for List<'_> {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done { self.item(value) }
    fn end(self) -> Done { self.close() }
}

impl ser::SerializeTuple for List<'_> {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done { self.item(value) }
    fn end(self) -> Done { self.close() }
}

impl ser::SerializeTupleStruct for List<'_> {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done { self.item(value) }
    fn end(self) -> Done { self.close() }
}

impl ser::SerializeTupleVariant for List<'_> {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done { self.item(value) }
    fn end(self) -> Done { self.close() }
}

/// A struct's or map's fields (of a variant's data when `variant` is given), or a `Money`,
/// whose amount is the cell.
pub enum Fields<'b> {
    Record { builder: &'b mut Builder, variant: Option<&'static str>, at: usize, key: Option<String> },
    Money(&'b mut Builder),
}

impl Fields<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Done {
        match self {
            Fields::Money(builder) => match key {
                "amount" => value.serialize(ToCell { builder }),
                _ => Ok(()),
            },
            Fields::Record { builder, variant, at, .. } => {
                let mut record = builder.record()?;
                if let Some(variant) = variant {
                    record = record.field(variant, 0).record()?;
                }
                value.serialize(ToCell { builder: record.field(key, *at) })?;
                *at = at.saturating_add(1);
                Ok(())
            }
        }
    }

    fn close(self) -> Done {
        if let Fields::Record { builder, variant, .. } = self {
            let record = builder.record()?;
            match variant {
                Some(variant) => {
                    record.field(variant, 0).record()?.end_row(true);
                    record.end_row(true);
                }
                None => record.end_row(true),
            }
        }
        Ok(())
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done { self.field(key, value) }
    fn end(self) -> Done { self.close() }
}

impl ser::SerializeStructVariant for Fields<'_> {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done { self.field(key, value) }
    fn end(self) -> Done { self.close() }
}

impl ser::SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        if let Fields::Record { key: slot, .. } = self {
            *slot = Some(key.serialize(Key)?);
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        let key = match self {
            Fields::Record { key, .. } => key.take().unwrap_or_default(),
            Fields::Money(_) => String::new(),
        };
        self.field(&key, value)
    }
    fn end(self) -> Done { self.close() }
}
