//! The binary form of a folded state, which a store keeps as its snapshot so that opening it
//! does not fold every event again. Private to the crate and to one build: a snapshot of
//! another [`FORMAT`] is not read but folded again from the events, so the encoding may
//! change freely — bump [`FORMAT`] when it does (a golden test in `store` fails until you
//! do). A snapshot also names the library's version: one kept by another version, whose
//! rules may fold differently, is folded again too.
//!
//! Every type of the state implements [`Persist`], most of them with one line next to their
//! definition: [`persist_struct!`] names the fields, [`persist_enum!`] numbers the variants.
//! Reading is defensive: a damaged snapshot is an error (the store folds again), never a
//! panic, and no length read from it allocates more than the bytes that remain could hold.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;

/// The version of the encoding: a snapshot of another is folded again (7: one form of money and hours; governance).
pub(crate) const FORMAT: u32 = 7;

/// Why a snapshot could not be read (where, and what was wrong).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreadable {
    pub(crate) at: usize,
    pub(crate) what: &'static str,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

pub(crate) type Read<T> = std::result::Result<T, Unreadable>;

/// What a snapshot is written into.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn byte(&mut self, byte: u8) {
        self.bytes.push(byte);
    }

    /// LEB128: seven bits a byte, low first.
    pub(crate) fn varint(&mut self, mut value: u128) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    /// Zig-zag, so small negative numbers stay short.
    pub(crate) fn signed(&mut self, value: i128) {
        #[allow(clippy::cast_sign_loss)] // zig-zag: the bits as they are
        self.varint(((value << 1) ^ (value >> 127)) as u128);
    }

    pub(crate) fn str(&mut self, text: &str) {
        self.varint(text.len() as u128);
        self.bytes.extend_from_slice(text.as_bytes());
    }
}

/// What a snapshot is read from.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub(crate) fn fail<T>(&self, what: &'static str) -> Read<T> {
        Err(Unreadable { at: self.at, what })
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    pub(crate) fn byte(&mut self) -> Read<u8> {
        let Some(byte) = self.bytes.get(self.at) else { return self.fail("the snapshot ends early") };
        self.at = self.at.saturating_add(1);
        Ok(*byte)
    }

    pub(crate) fn take(&mut self, count: usize) -> Read<&'a [u8]> {
        let end = self.at.saturating_add(count);
        let Some(taken) = self.bytes.get(self.at..end) else { return self.fail("the snapshot ends early") };
        self.at = end;
        Ok(taken)
    }

    pub(crate) fn varint(&mut self) -> Read<u128> {
        let mut value = 0u128;
        for shift in (0..128).step_by(7) {
            let byte = self.byte()?;
            value |= u128::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        self.fail("a number is too long")
    }

    pub(crate) fn signed(&mut self) -> Read<i128> {
        let raw = self.varint()?;
        #[allow(clippy::cast_possible_wrap)] // zig-zag: the bits as they are
        let (half, sign) = ((raw >> 1) as i128, (raw & 1) as i128);
        Ok(half ^ 0i128.wrapping_sub(sign))
    }

    /// A length of a list whose every item takes at least one byte: never more than remain.
    pub(crate) fn length(&mut self) -> Read<usize> {
        match usize::try_from(self.varint()?) {
            Ok(length) if length <= self.remaining() => Ok(length),
            _ => self.fail("a length runs past the end"),
        }
    }

    pub(crate) fn str(&mut self) -> Read<&'a str> {
        let length = self.length()?;
        let bytes = self.take(length)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text),
            Err(_) => self.fail("text that is not UTF-8"),
        }
    }

    /// Reads what [`encode`] encoded, which must be all of the bytes.
    #[cfg(test)]
    pub(crate) fn whole<T: Persist>(bytes: &'a [u8]) -> Read<T> {
        let mut reader = Reader::new(bytes);
        let value = T::read(&mut reader)?;
        if reader.remaining() > 0 {
            return reader.fail("bytes after the end");
        }
        Ok(value)
    }
}

/// A part of the state that a snapshot holds.
pub(crate) trait Persist: Sized {
    fn write(&self, out: &mut Writer);
    fn read(input: &mut Reader<'_>) -> Read<Self>;

    /// The items of a list, after its length: one by one, unless the type knows better
    /// ([`persist_struct!`]'s `by difference`).
    fn write_list<'a>(items: impl Iterator<Item = &'a Self>, out: &mut Writer)
    where
        Self: 'a,
    {
        for item in items {
            item.write(out);
        }
    }

    /// `length` items written by [`Persist::write_list`], each handed to `push`.
    fn read_list(input: &mut Reader<'_>, length: usize, push: &mut dyn FnMut(Self)) -> Read<()> {
        for _ in 0..length {
            push(Self::read(input)?);
        }
        Ok(())
    }
}

/// Encodes a value on its own.
#[cfg(test)]
pub(crate) fn encode<T: Persist>(value: &T) -> Vec<u8> {
    let mut out = Writer::default();
    value.write(&mut out);
    out.bytes
}

/// A struct's fields in order: `persist_struct!(Worker { worker_id, name, … })`, or a tuple
/// struct's: `persist_struct!(IdNumber(0))`. A field added to the struct and not here does not
/// compile. `persist_struct!(EntryRecord { … } by difference)` writes a list of them as each
/// item's fields that differ from the item before (a mask says which): the entries of a
/// batch share most of theirs.
macro_rules! persist_struct {
    ($name:ident { $($field:ident),* $(,)? } by difference) => {
        impl $crate::persist::Persist for $name {
            fn write(&self, out: &mut $crate::persist::Writer) {
                $( $crate::persist::Persist::write(&self.$field, out); )*
            }
            fn read(input: &mut $crate::persist::Reader<'_>) -> $crate::persist::Read<Self> {
                Ok($name { $( $field: $crate::persist::Persist::read(input)? ),* })
            }
            fn write_list<'a>(items: impl Iterator<Item = &'a Self>, out: &mut $crate::persist::Writer) {
                let mut previous: Option<&Self> = None;
                for item in items {
                    let (mut same, mut bit) = (0u64, 1u64);
                    $(
                        if previous.is_some_and(|p| p.$field == item.$field) {
                            same |= bit;
                        }
                        bit <<= 1;
                    )*
                    let _ = bit;
                    out.varint(u128::from(same));
                    let mut bit = 1u64;
                    $(
                        if same & bit == 0 {
                            $crate::persist::Persist::write(&item.$field, out);
                        }
                        bit <<= 1;
                    )*
                    let _ = bit;
                    previous = Some(item);
                }
            }
            fn read_list(input: &mut $crate::persist::Reader<'_>, length: usize, push: &mut dyn FnMut(Self)) -> $crate::persist::Read<()> {
                let mut previous: Option<Self> = None;
                for _ in 0..length {
                    let same = <u64 as $crate::persist::Persist>::read(input)?;
                    let item = match previous.take() {
                        Some(mut item) => {
                            let mut bit = 1u64;
                            $(
                                if same & bit == 0 {
                                    item.$field = $crate::persist::Persist::read(input)?;
                                }
                                bit <<= 1;
                            )*
                            let _ = bit;
                            item
                        }
                        None if same == 0 => <Self as $crate::persist::Persist>::read(input)?,
                        None => return input.fail(concat!("the first ", stringify!($name), " refers to one before it")),
                    };
                    push(item.clone());
                    previous = Some(item);
                }
                Ok(())
            }
        }
    };
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl $crate::persist::Persist for $name {
            fn write(&self, out: &mut $crate::persist::Writer) {
                $( $crate::persist::Persist::write(&self.$field, out); )*
            }
            fn read(input: &mut $crate::persist::Reader<'_>) -> $crate::persist::Read<Self> {
                Ok($name { $( $field: $crate::persist::Persist::read(input)? ),* })
            }
        }
    };
    ($name:ident ( $($index:tt),* )) => {
        impl $crate::persist::Persist for $name {
            fn write(&self, out: &mut $crate::persist::Writer) {
                $( $crate::persist::Persist::write(&self.$index, out); )*
            }
            fn read(input: &mut $crate::persist::Reader<'_>) -> $crate::persist::Read<Self> {
                Ok($name ( $( { let _ = $index; $crate::persist::Persist::read(input)? } ),* ))
            }
        }
    };
}
pub(crate) use persist_struct;

/// An enum's variants, each with its tag: `persist_enum!(Status { 0 => Active, 1 =>
/// OnHold { since }, 2 => Custom(text) })`.
macro_rules! persist_enum {
    ($name:ident { $( $tag:literal => $variant:ident $( ( $($item:ident),* ) )? $( { $($field:ident),* } )? ),* $(,)? }) => {
        impl $crate::persist::Persist for $name {
            fn write(&self, out: &mut $crate::persist::Writer) {
                match self {
                    $( $name::$variant $( ( $($item),* ) )? $( { $($field),* } )? => {
                        out.byte($tag);
                        $( $( $crate::persist::Persist::write($item, out); )* )?
                        $( $( $crate::persist::Persist::write($field, out); )* )?
                    } )*
                }
            }
            fn read(input: &mut $crate::persist::Reader<'_>) -> $crate::persist::Read<Self> {
                Ok(match input.byte()? {
                    $( $tag => $name::$variant
                        $( ( $( { let _ = stringify!($item); $crate::persist::Persist::read(input)? } ),* ) )?
                        $( { $( $field: $crate::persist::Persist::read(input)? ),* } )?, )*
                    _ => return input.fail(concat!("an unknown variant of ", stringify!($name))),
                })
            }
        }
    };
}
pub(crate) use persist_enum;

impl Persist for bool {
    fn write(&self, out: &mut Writer) {
        out.byte(u8::from(*self));
    }
    fn read(input: &mut Reader<'_>) -> Read<bool> {
        match input.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => input.fail("a flag that is neither 0 nor 1"),
        }
    }
}

macro_rules! persist_unsigned {
    ($($t:ty),*) => {$(
        impl Persist for $t {
            fn write(&self, out: &mut Writer) {
                out.varint(u128::try_from(*self).unwrap_or(0));
            }
            fn read(input: &mut Reader<'_>) -> Read<$t> {
                let raw = input.varint()?;
                <$t>::try_from(raw).or_else(|_| input.fail("a number out of range"))
            }
        }
    )*};
}
persist_unsigned!(u8, u16, u32, u64, usize);

macro_rules! persist_signed {
    ($($t:ty),*) => {$(
        impl Persist for $t {
            fn write(&self, out: &mut Writer) {
                out.signed(i128::from(*self));
            }
            fn read(input: &mut Reader<'_>) -> Read<$t> {
                let raw = input.signed()?;
                <$t>::try_from(raw).or_else(|_| input.fail("a number out of range"))
            }
        }
    )*};
}
persist_signed!(i8, i16, i32, i64);

impl Persist for String {
    fn write(&self, out: &mut Writer) {
        out.str(self);
    }
    fn read(input: &mut Reader<'_>) -> Read<String> {
        input.str().map(str::to_owned)
    }
}

impl Persist for compact_str::CompactString {
    fn write(&self, out: &mut Writer) {
        out.str(self);
    }
    fn read(input: &mut Reader<'_>) -> Read<Self> {
        input.str().map(compact_str::CompactString::from)
    }
}

impl Persist for Decimal {
    /// Its sixteen bytes (flags, then the 96-bit mantissa), as numbers: exact to the bit,
    /// the sign of a zero and the scale included.
    fn write(&self, out: &mut Writer) {
        let raw = self.serialize();
        let word = |i: usize| u32::from_le_bytes(raw.get(i..i.saturating_add(4)).and_then(|w| w.try_into().ok()).unwrap_or_default());
        out.varint(u128::from(word(0)));
        out.varint(u128::from(word(4)) | u128::from(word(8)) << 32 | u128::from(word(12)) << 64);
    }
    fn read(input: &mut Reader<'_>) -> Read<Decimal> {
        let flags = u32::read(input)?;
        let mantissa = input.varint()?;
        // Scale up to 28 in bits 16–23, the sign in bit 31, nothing else.
        if flags & !0x801f_0000 != 0 || (flags >> 16) & 0xff > 28 || mantissa >> 96 != 0 {
            return input.fail("a decimal out of range");
        }
        let mut raw = [0u8; 16];
        for (slot, word) in raw.chunks_exact_mut(4).zip([u128::from(flags), mantissa, mantissa >> 32, mantissa >> 64]) {
            slot.copy_from_slice(&((word & 0xffff_ffff) as u32).to_le_bytes());
        }
        Ok(Decimal::deserialize(raw))
    }
}

impl Persist for NaiveDate {
    fn write(&self, out: &mut Writer) {
        use chrono::Datelike;
        self.num_days_from_ce().write(out);
    }
    fn read(input: &mut Reader<'_>) -> Read<NaiveDate> {
        let days = i32::read(input)?;
        NaiveDate::from_num_days_from_ce_opt(days).map_or_else(|| input.fail("a date out of range"), Ok)
    }
}

impl Persist for NaiveTime {
    fn write(&self, out: &mut Writer) {
        use chrono::Timelike;
        self.num_seconds_from_midnight().write(out);
        self.nanosecond().write(out);
    }
    fn read(input: &mut Reader<'_>) -> Read<NaiveTime> {
        let (seconds, nanos) = (u32::read(input)?, u32::read(input)?);
        NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos).map_or_else(|| input.fail("a time of day out of range"), Ok)
    }
}

impl Persist for DateTime<Utc> {
    fn write(&self, out: &mut Writer) {
        self.timestamp().write(out);
        self.timestamp_subsec_nanos().write(out);
    }
    fn read(input: &mut Reader<'_>) -> Read<DateTime<Utc>> {
        let (seconds, nanos) = (i64::read(input)?, u32::read(input)?);
        DateTime::from_timestamp(seconds, nanos).map_or_else(|| input.fail("a time out of range"), Ok)
    }
}

impl<T: Persist + Default + Copy, const N: usize> Persist for [T; N] {
    fn write(&self, out: &mut Writer) {
        for item in self {
            item.write(out);
        }
    }
    fn read(input: &mut Reader<'_>) -> Read<[T; N]> {
        let mut items = [T::default(); N];
        for item in &mut items {
            *item = T::read(input)?;
        }
        Ok(items)
    }
}

impl<T: Persist> Persist for Option<T> {
    fn write(&self, out: &mut Writer) {
        match self {
            None => out.byte(0),
            Some(value) => {
                out.byte(1);
                value.write(out);
            }
        }
    }
    fn read(input: &mut Reader<'_>) -> Read<Option<T>> {
        match input.byte()? {
            0 => Ok(None),
            1 => T::read(input).map(Some),
            _ => input.fail("an option that is neither 0 nor 1"),
        }
    }
}

impl<T: Persist> Persist for std::sync::Arc<T> {
    fn write(&self, out: &mut Writer) {
        T::write(self, out);
    }
    fn read(input: &mut Reader<'_>) -> Read<std::sync::Arc<T>> {
        T::read(input).map(std::sync::Arc::new)
    }
}

impl<T: Persist> Persist for Box<T> {
    fn write(&self, out: &mut Writer) {
        T::write(self, out);
    }
    fn read(input: &mut Reader<'_>) -> Read<Box<T>> {
        T::read(input).map(Box::new)
    }
}

impl<A: Persist, B: Persist> Persist for (A, B) {
    fn write(&self, out: &mut Writer) {
        self.0.write(out);
        self.1.write(out);
    }
    fn read(input: &mut Reader<'_>) -> Read<(A, B)> {
        Ok((A::read(input)?, B::read(input)?))
    }
}

impl<A: Persist, B: Persist, C: Persist> Persist for (A, B, C) {
    fn write(&self, out: &mut Writer) {
        self.0.write(out);
        self.1.write(out);
        self.2.write(out);
    }
    fn read(input: &mut Reader<'_>) -> Read<(A, B, C)> {
        Ok((A::read(input)?, B::read(input)?, C::read(input)?))
    }
}

/// Writes a list: its length, then its items (each takes at least a byte — a mask, when
/// nothing else — so a length read back is bounded by the bytes that remain).
pub(crate) fn write_items<'a, T: Persist + 'a>(items: impl ExactSizeIterator<Item = &'a T>, out: &mut Writer) {
    out.varint(items.len() as u128);
    T::write_list(items, out);
}

impl<T: Persist> Persist for Vec<T> {
    fn write(&self, out: &mut Writer) {
        write_items(self.iter(), out);
    }
    fn read(input: &mut Reader<'_>) -> Read<Vec<T>> {
        let mut list = Vec::new();
        let length = input.length()?;
        list.reserve_exact(length);
        T::read_list(input, length, &mut |item| list.push(item))?;
        Ok(list)
    }
}

impl<T: Persist + Ord> Persist for BTreeSet<T> {
    fn write(&self, out: &mut Writer) {
        write_items(self.iter(), out);
    }
    fn read(input: &mut Reader<'_>) -> Read<BTreeSet<T>> {
        // In order, as written: the set is built in one pass.
        Vec::<T>::read(input).map(BTreeSet::from_iter)
    }
}

impl<K: Persist + Ord, V: Persist> Persist for BTreeMap<K, V> {
    fn write(&self, out: &mut Writer) {
        out.varint(self.len() as u128);
        for (key, value) in self {
            key.write(out);
            value.write(out);
        }
    }
    fn read(input: &mut Reader<'_>) -> Read<BTreeMap<K, V>> {
        Vec::<(K, V)>::read(input).map(BTreeMap::from_iter)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn round_trip<T: Persist + PartialEq + std::fmt::Debug>(value: &T) {
        assert_eq!(&Reader::whole::<T>(&encode(value)).unwrap(), value);
    }

    #[test]
    fn primitives_read_back_as_written() {
        for number in [0i64, 1, -1, 63, -64, 64, i64::MAX, i64::MIN] {
            round_trip(&number);
        }
        for decimal in ["0", "-0.00", "12345.6789", "-79228162514264337593543950335", "0.0000000000000000000000000001"] {
            let value: Decimal = decimal.parse().unwrap();
            round_trip(&value);
            assert_eq!(Reader::whole::<Decimal>(&encode(&value)).unwrap().serialize(), value.serialize(), "{decimal}");
        }
        round_trip(&NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
        round_trip(&"2025-03-01T08:00:00.123456789Z".parse::<DateTime<Utc>>().unwrap());
        round_trip(&vec![Some("甲".to_owned()), None]);
        round_trip(&BTreeMap::from([(1u32, true), (2, false)]));
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Row {
        day: u32,
        who: String,
        hours: Decimal,
    }
    persist_struct!(Row { day, who, hours } by difference);

    #[test]
    fn a_list_by_difference_reads_back_as_written_and_writes_each_repeat_once() {
        let row = |day, who: &str, hours: &str| Row { day, who: who.to_owned(), hours: hours.parse().unwrap() };
        let rows = vec![row(1, "张三", "8"), row(1, "李四", "8"), row(2, "李四", "8.0"), row(2, "李四", "8.0"), row(2, "王五", "-0")];
        round_trip(&rows);
        // Each row after the first writes its mask and what changed: the second only its name.
        let (first, two) = (encode(&rows[..1].to_vec()).len(), encode(&rows[..2].to_vec()).len());
        assert_eq!(two - first, 1 + 1 + "李四".len());
        // A first row that refers to one before it is refused.
        let mut out = Writer::default();
        out.varint(1);
        out.varint(1);
        assert!(Reader::whole::<Vec<Row>>(&out.bytes).is_err());
        let bytes = encode(&rows);
        for cut in 0..bytes.len() {
            assert!(Reader::whole::<Vec<Row>>(bytes.get(..cut).unwrap()).is_err());
        }
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic_or_a_huge_allocation() {
        let bytes = encode(&vec!["a".to_owned(); 3]);
        for cut in 0..bytes.len() {
            assert!(Reader::whole::<Vec<String>>(bytes.get(..cut).unwrap()).is_err());
        }
        // A length of 2^60 items in four bytes: refused before anything is reserved.
        let mut huge = Writer::default();
        huge.varint(1 << 60);
        assert!(Reader::whole::<Vec<u8>>(&huge.bytes).is_err());
        assert!(Reader::whole::<Decimal>(&[0xff, 0xff, 0xff, 0xff, 0x0f, 0]).is_err());
        assert!(Reader::whole::<bool>(&[2]).is_err());
        assert!(Reader::whole::<u8>(&[0xff; 40]).is_err());
    }
}
