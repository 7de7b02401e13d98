//! How values are written in serde forms: decimals as their exact text, dates and instants as
//! ISO-8601 text — each wrapped in a newtype under a marker name. serde_json writes a newtype
//! as its content, so the JSON is the plain text; a binding's serializer reads the marker and
//! gives the value its own type (Python `Decimal`, `date`, `datetime`), so a row's types are
//! decided here, by the core's types, never by a list of key names.
//!
//! Writing the text ourselves also keeps it independent of features enabled elsewhere in a
//! build (`rust_decimal/serde-float` would turn amounts into floats).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The marker of an exact decimal (its text, e.g. `"12.50"`).
pub const DECIMAL: &str = "$projectledger::Decimal";
/// The marker of a calendar date (`"2025-01-28"`).
pub const DATE: &str = "$projectledger::Date";
/// The marker of a time of day (`"08:00:00"`).
pub const TIME: &str = "$projectledger::Time";
/// The marker of an instant in UTC (RFC 3339, `"2025-01-06T08:00:00Z"`).
pub const INSTANT: &str = "$projectledger::Instant";

/// A value written as its text under a marker.
struct Marked<'a>(&'static str, &'a str);

impl Serialize for Marked<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(self.0, self.1)
    }
}

/// A value's text in a buffer on the stack (a decimal, date or time is short), or on the heap
/// when longer: writing a journal's events formats millions of them.
fn with_text<R>(value: &impl std::fmt::Display, use_text: impl FnOnce(&str) -> R) -> R {
    struct Buffer {
        bytes: [u8; 48],
        len: usize,
    }
    impl std::fmt::Write for Buffer {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            let end = self.len.checked_add(text.len()).filter(|end| *end <= self.bytes.len()).ok_or(std::fmt::Error)?;
            self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?.copy_from_slice(text.as_bytes());
            self.len = end;
            Ok(())
        }
    }
    let mut buffer = Buffer { bytes: [0; 48], len: 0 };
    match std::fmt::write(&mut buffer, format_args!("{value}")).ok().and_then(|()| buffer.bytes.get(..buffer.len)).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(text) => use_text(text),
        None => use_text(&value.to_string()),
    }
}

/// A decimal's text as `Display` writes it, without the formatting machinery for the usual
/// non-zero value (zero's sign and places are left to `Display`).
fn with_decimal_text<R>(value: &Decimal, use_text: impl FnOnce(&str) -> R) -> R {
    let mut digits = [0_u8; 40];
    let mut start = digits.len();
    let mantissa = value.mantissa();
    let mut rest = mantissa.unsigned_abs();
    while rest > 0
        && let Some(at) = start.checked_sub(1)
        && let Some(digit) = digits.get_mut(at)
    {
        // Below 10 by construction: the cast keeps it.
        *digit = b'0'.saturating_add(u8::try_from(rest % 10).unwrap_or(0));
        rest /= 10;
        start = at;
    }
    let digits = digits.get(start..).unwrap_or_default();
    let scale = usize::try_from(value.scale()).unwrap_or(usize::MAX);
    if mantissa == 0 || rest != 0 || scale > 28 {
        return with_text(value, use_text);
    }
    // At most a sign, "0.", 28 places: 31 bytes.
    let mut text = [0_u8; 48];
    let (mut len, mut fits) = (0_usize, true);
    let mut put = |bytes: &[u8]| match len.checked_add(bytes.len()).and_then(|end| Some((end, text.get_mut(len..end)?))) {
        Some((end, slot)) => {
            slot.copy_from_slice(bytes);
            len = end;
        }
        None => fits = false,
    };
    if mantissa < 0 {
        put(b"-");
    }
    match digits.len().checked_sub(scale) {
        // As many places as digits or more: 0.00ddd.
        None | Some(0) => {
            put(b"0.");
            for _ in digits.len()..scale {
                put(b"0");
            }
            put(digits);
        }
        Some(whole) => {
            let (integer, fraction) = digits.split_at(whole);
            put(integer);
            if !fraction.is_empty() {
                put(b".");
                put(fraction);
            }
        }
    }
    match text.get(..len).map(std::str::from_utf8) {
        Some(Ok(text)) if fits => use_text(text),
        _ => with_text(value, use_text),
    }
}

/// A date's text as `Display` writes it (`YYYY-MM-DD`), directly for years 0 to 9999.
fn with_date_text<R>(value: &NaiveDate, use_text: impl FnOnce(&str) -> R) -> R {
    use chrono::Datelike;
    let Some(year) = u32::try_from(value.year()).ok().filter(|year| *year < 10_000) else { return with_text(value, use_text) };
    let (month, day) = (value.month(), value.day());
    let digit = |n: u32| b'0'.saturating_add(u8::try_from(n % 10).unwrap_or(0));
    let text = [digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), b'-', digit(month / 10), digit(month), b'-', digit(day / 10), digit(day)];
    match std::str::from_utf8(&text) {
        Ok(text) => use_text(text),
        Err(_) => with_text(value, use_text),
    }
}

/// Writes a decimal's exact text under [`DECIMAL`].
pub fn write_decimal<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    with_decimal_text(value, |text| Marked(DECIMAL, text).serialize(serializer))
}

fn write_date<S: Serializer>(value: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    with_date_text(value, |text| Marked(DATE, text).serialize(serializer))
}

fn write_time<S: Serializer>(value: &NaiveTime, serializer: S) -> Result<S::Ok, S::Error> {
    with_text(value, |text| Marked(TIME, text).serialize(serializer))
}

fn write_instant<S: Serializer>(value: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut text = Vec::with_capacity(40);
    crate::timestamp::write(value, &mut text);
    Marked(INSTANT, std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?).serialize(serializer)
}

/// `#[serde(deserialize_with = "wire::shrunk")]`: a list an event holds as long as its
/// journal, without the room its growth while parsing left (up to half again).
pub fn shrunk<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    let mut list = Vec::<T>::deserialize(deserializer)?;
    list.shrink_to_fit();
    Ok(list)
}

/// `#[serde(deserialize_with = "wire::shared")]`: a list an event shares with the state it
/// folds into (held once, exactly as long as it is).
pub fn shared<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<std::sync::Arc<[T]>, D::Error> {
    Vec::<T>::deserialize(deserializer).map(std::sync::Arc::from)
}

/// `#[serde(serialize_with = "wire::decimal")]`: a decimal.
pub fn decimal<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    write_decimal(value, serializer)
}

/// `#[serde(serialize_with = "wire::decimal_opt")]`: an optional decimal.
pub fn decimal_opt<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => with_decimal_text(value, |text| serializer.serialize_some(&Marked(DECIMAL, text))),
        None => serializer.serialize_none(),
    }
}

/// A decimal or a list of them, serialised as [`write_decimal`] writes each.
struct Written<'a, T: ?Sized>(&'a T);

impl Serialize for Written<'_, Decimal> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_decimal(self.0, serializer)
    }
}

impl Serialize for Written<'_, [Decimal]> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Written))
    }
}

/// `#[serde(serialize_with = "wire::decimals")]`: a list of decimals.
pub fn decimals<S: Serializer>(values: &[Decimal], serializer: S) -> Result<S::Ok, S::Error> {
    Written(values).serialize(serializer)
}

/// `#[serde(serialize_with = "wire::decimals_opt")]`: an optional list of decimals.
pub fn decimals_opt<S: Serializer>(values: &Option<Vec<Decimal>>, serializer: S) -> Result<S::Ok, S::Error> {
    match values {
        Some(values) => serializer.serialize_some(&Written(values.as_slice())),
        None => serializer.serialize_none(),
    }
}

/// Reads a decimal from its text only: a JSON number (which a parser may already have
/// rounded through a float) is refused, and so is text that would need rounding.
struct DecimalText;

impl serde::de::Visitor<'_> for DecimalText {
    type Value = Decimal;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a decimal written as a string, such as \"7.50\"")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Decimal, E> {
        read_plain(text).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(crate::text::cut(text).as_str()), &self))
    }
}

/// `-?digits(.digits)?`, held exactly (at most 28 places and 96 bits), or `None`.
fn read_plain(text: &str) -> Option<Decimal> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(fraction)).then(|| Decimal::from_str_exact(text).ok()).flatten()
}

/// `#[serde(deserialize_with = "wire::read_date")]`: a date from its text — `YYYY-MM-DD`
/// read directly, any other form as chrono reads it (with chrono's errors).
pub fn read_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_str(DateText)
}

struct DateText;

impl serde::de::Visitor<'_> for DateText {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a formatted date string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<NaiveDate, E> {
        match read_iso_date(text.as_bytes()) {
            Some(date) => Ok(date),
            None => text.parse().map_err(E::custom),
        }
    }
}

/// `YYYY-MM-DD` of a valid day, or `None`.
fn read_iso_date(text: &[u8]) -> Option<NaiveDate> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text else { return None };
    let number = |digits: &[u8]| digits.iter().try_fold(0_u32, |n, &b| b.is_ascii_digit().then(|| n.saturating_mul(10).saturating_add(u32::from(b.saturating_sub(b'0')))));
    let year = i32::try_from(number(&[y0, y1, y2, y3])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&[m0, m1])?, number(&[d0, d1])?)
}

fn read_decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    deserializer.deserialize_str(DecimalText)
}

/// A decimal read from its text (see [`exact`]), for the forms inside an option or a list.
struct Exact(Decimal);

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_decimal(deserializer).map(Exact)
    }
}

/// `#[serde(with = "wire::exact")]`: a decimal written as its exact text under [`DECIMAL`]
/// and read from text only — the same whatever `rust_decimal` features the build enables.
pub mod exact {
    use super::{Decimal, Deserializer, Serializer};

    /// Writes the decimal's text.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        super::write_decimal(value, serializer)
    }

    /// Reads the decimal's text; a JSON number is refused.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        super::read_decimal(deserializer)
    }
}

/// `#[serde(with = "wire::exact_opt")]`: an optional [`exact`] decimal.
pub mod exact_opt {
    use super::{Decimal, Deserialize, Deserializer, Exact, Serializer};

    /// Writes the decimal's text, or null.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
        super::decimal_opt(value, serializer)
    }

    /// Reads the decimal's text, or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
        Ok(Option::<Exact>::deserialize(deserializer)?.map(|e| e.0))
    }
}

/// `#[serde(with = "wire::exact_list")]`: a list of [`exact`] decimals.
pub mod exact_list {
    use super::{Decimal, Deserialize, Deserializer, Exact, Serializer};

    /// Writes each decimal's text.
    pub fn serialize<S: Serializer>(values: &[Decimal], serializer: S) -> Result<S::Ok, S::Error> {
        super::decimals(values, serializer)
    }

    /// Reads each decimal's text.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Decimal>, D::Error> {
        Ok(Vec::<Exact>::deserialize(deserializer)?.into_iter().map(|e| e.0).collect())
    }
}

/// `#[serde(with = "wire::exact_list_opt")]`: an optional list of [`exact`] decimals.
pub mod exact_list_opt {
    use super::{Decimal, Deserialize, Deserializer, Exact, Serializer};

    /// Writes each decimal's text, or null.
    pub fn serialize<S: Serializer>(values: &Option<Vec<Decimal>>, serializer: S) -> Result<S::Ok, S::Error> {
        super::decimals_opt(values, serializer)
    }

    /// Reads each decimal's text, or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<Decimal>>, D::Error> {
        Ok(Option::<Vec<Exact>>::deserialize(deserializer)?.map(|list| list.into_iter().map(|e| e.0).collect()))
    }
}

/// `#[serde(serialize_with = "wire::date")]`: a date.
pub fn date<S: Serializer>(value: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    write_date(value, serializer)
}

/// `#[serde(serialize_with = "wire::date_opt")]`: an optional date.
pub fn date_opt<S: Serializer>(value: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => with_date_text(value, |text| serializer.serialize_some(&Marked(DATE, text))),
        None => serializer.serialize_none(),
    }
}

/// `#[serde(serialize_with = "wire::time")]`: a time of day.
pub fn time<S: Serializer>(value: &NaiveTime, serializer: S) -> Result<S::Ok, S::Error> {
    write_time(value, serializer)
}

/// `#[serde(serialize_with = "wire::time_opt")]`: an optional time of day.
pub fn time_opt<S: Serializer>(value: &Option<NaiveTime>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&TimeText(*value)),
        None => serializer.serialize_none(),
    }
}

struct TimeText(NaiveTime);

impl Serialize for TimeText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_time(&self.0, serializer)
    }
}

/// `#[serde(serialize_with = "wire::instant")]`: an instant.
pub fn instant<S: Serializer>(value: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    write_instant(value, serializer)
}

/// `#[serde(serialize_with = "wire::instant_opt")]`: an optional instant.
pub fn instant_opt<S: Serializer>(value: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&InstantText(*value)),
        None => serializer.serialize_none(),
    }
}

struct InstantText(DateTime<Utc>);

impl Serialize for InstantText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_instant(&self.0, serializer)
    }
}

/// What a value is read from: the text of a JSON string, handed over as serde_json hands a
/// borrowed string to a `Deserialize`.
pub(crate) type StringText<'a> = serde::de::value::BorrowedStrDeserializer<'a, serde::de::value::Error>;

/// A reader of JSON that is exactly what serde_json writes for the values it reads — or
/// `None` at the first byte it is not sure of, leaving that text to serde, which reads any
/// form and says what is wrong. Every value is made by the `Deserialize` serde_json would use,
/// from a string serde_json writes unchanged (no escapes, no control characters); a value
/// whose written text could differ from the text read (a decimal, a date) is written back
/// and compared. So what it reads is serde's reading, and re-writes to the very same bytes.
pub(crate) struct CanonicalText<'a> {
    rest: &'a str,
}

impl<'a> CanonicalText<'a> {
    pub(crate) fn new(text: &'a str) -> CanonicalText<'a> {
        CanonicalText { rest: text }
    }

    /// The text not read yet.
    pub(crate) fn rest(&self) -> &'a str {
        self.rest
    }

    /// Reads `literal` (compared as an array, inline: no call a field).
    pub(crate) fn literal<const N: usize>(&mut self, literal: &[u8; N]) -> Option<()> {
        if self.rest.as_bytes().first_chunk::<N>() != Some(literal) {
            return None;
        }
        self.rest = self.rest.get(N..)?;
        Some(())
    }

    /// Reads `literal` if the text goes on with it.
    pub(crate) fn skip<const N: usize>(&mut self, literal: &[u8; N]) -> bool {
        self.literal(literal).is_some()
    }

    /// A string's content (quotes read), when serde_json writes that content as it is.
    pub(crate) fn plain(&mut self) -> Option<&'a str> {
        let text = self.rest.strip_prefix('"')?;
        // The first quote, backslash or control character must be the closing quote.
        let end = text.bytes().position(|b| b == b'"' || b == b'\\' || b < 0x20)?;
        if text.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        let content = text.get(..end)?;
        self.rest = text.get(end.saturating_add(1)..)?;
        Some(content)
    }

    /// A string read by `read` (a type's `Deserialize`, or a `deserialize_with` function) into
    /// a value that `Serialize` writes as the very text read (an id, a name).
    pub(crate) fn string<T>(&mut self, read: fn(StringText<'a>) -> Result<T, serde::de::value::Error>) -> Option<T> {
        self.written_as_read(read, |_, _| true)
    }

    /// A string read by `read` into a value that `written` says writes back as the text read.
    pub(crate) fn written_as_read<T>(&mut self, read: fn(StringText<'a>) -> Result<T, serde::de::value::Error>, written: impl FnOnce(&T, &str) -> bool) -> Option<T> {
        let content = self.plain()?;
        read(StringText::new(content)).ok().filter(|value| written(value, content))
    }

    /// A decimal as [`exact`] reads and writes it.
    pub(crate) fn decimal(&mut self) -> Option<Decimal> {
        self.written_as_read(exact::deserialize, |value, text| with_decimal_text(value, |written| written == text))
    }

    /// A date as [`read_date`] reads it and [`date`] writes it.
    pub(crate) fn date(&mut self) -> Option<NaiveDate> {
        self.written_as_read(read_date, |value, text| with_date_text(value, |written| written == text))
    }

    /// A value that serde writes through `Display` (a chrono time of day).
    pub(crate) fn displayed<T: std::fmt::Display>(&mut self, read: fn(StringText<'a>) -> Result<T, serde::de::value::Error>) -> Option<T> {
        self.written_as_read(read, |value, text| with_text(value, |written| written == text))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        #[serde(serialize_with = "decimal")]
        amount: Decimal,
        #[serde(serialize_with = "decimal_opt")]
        ratio: Option<Decimal>,
        #[serde(serialize_with = "date")]
        day: NaiveDate,
        #[serde(serialize_with = "instant")]
        at: DateTime<Utc>,
    }

    #[test]
    fn text_longer_than_the_stack_buffer_is_written_whole() {
        let long = "x".repeat(100);
        assert_eq!(with_text(&long, str::to_owned), long);
        for value in [Decimal::MIN, Decimal::MAX, Decimal::new(1, 28)] {
            assert_eq!(with_text(&value, str::to_owned), value.to_string());
        }
        let far = NaiveDate::from_ymd_opt(-262_000, 1, 1).unwrap_or_default();
        assert_eq!(with_text(&far, str::to_owned), far.to_string());
    }

    proptest::proptest! {
        #[test]
        fn decimals_and_dates_are_written_as_display_writes_them(mantissa: i128, scale in 0_u32..=28, days in -1_000_000_i32..4_000_000) {
            let value = Decimal::try_from_i128_with_scale(mantissa % (1_i128 << 96), scale).unwrap_or_default();
            proptest::prop_assert_eq!(with_decimal_text(&value, str::to_owned), value.to_string());
            let small = Decimal::new(i64::try_from(mantissa % 100_000).unwrap_or(0), scale % 4);
            proptest::prop_assert_eq!(with_decimal_text(&small, str::to_owned), small.to_string());
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
            proptest::prop_assert_eq!(with_date_text(&date, str::to_owned), date.to_string());
            let read: Result<NaiveDate, serde_json::Error> = read_date(serde_json::Value::String(date.to_string()));
            proptest::prop_assert_eq!(read.ok(), Some(date));
        }
    }

    #[test]
    fn lists_of_decimals_are_written_as_each_decimal() {
        #[derive(Serialize)]
        struct Lists {
            #[serde(serialize_with = "decimals")]
            all: Vec<Decimal>,
            #[serde(serialize_with = "decimals_opt")]
            some: Option<Vec<Decimal>>,
            #[serde(serialize_with = "decimals_opt")]
            none: Option<Vec<Decimal>>,
        }
        let all: Vec<Decimal> = ["0", "-0.00", "12.50", "-0.01", "79228162514264337593543950335"].iter().map(|t| t.parse().unwrap_or_default()).collect();
        // Each as its Display text (what these lists wrote before writing each directly).
        let list = format!("[{}]", all.iter().map(|d| format!("\"{d}\"")).collect::<Vec<_>>().join(","));
        let lists = Lists { all: all.clone(), some: Some(all), none: None };
        assert_eq!(serde_json::to_string(&lists).unwrap_or_default(), format!(r#"{{"all":{list},"some":{list},"none":null}}"#));
    }

    #[test]
    fn dates_are_read_as_chrono_reads_them() {
        for text in ["2025-01-28", "2024-02-29", "2025-02-29", "2025-13-01", "0000-01-01", "9999-12-31", "+12345-6-7", "2025-1-5", "2025-01-2x", "", "２０２５-01-01"] {
            let ours: Result<NaiveDate, serde_json::Error> = read_date(serde_json::Value::String(text.to_owned()));
            let chrono: Result<NaiveDate, serde_json::Error> = serde_json::from_value(serde_json::Value::String(text.to_owned()));
            assert_eq!(ours.map_err(|e| e.to_string()), chrono.map_err(|e| e.to_string()), "{text}");
        }
        let number: Result<NaiveDate, serde_json::Error> = read_date(serde_json::json!(20250128));
        assert_eq!(number.map_err(|e| e.to_string()), serde_json::from_value::<NaiveDate>(serde_json::json!(20250128)).map_err(|e| e.to_string()));
    }

    #[test]
    fn the_json_is_the_plain_text_and_matches_rust_decimal() {
        for text in ["0", "-0", "12.50", "-0.01", "79228162514264337593543950335", "0.0000000000000000000000000001", "1.000"] {
            let value: Decimal = text.parse().unwrap_or_default();
            let ours = serde_json::to_string(&Marked(DECIMAL, &value.to_string())).unwrap_or_default();
            assert_eq!(ours, serde_json::to_string(&value).unwrap_or_default(), "{text}");
        }
        let row = Row {
            amount: Decimal::new(1250, 2),
            ratio: None,
            day: NaiveDate::from_ymd_opt(2025, 1, 28).unwrap_or_default(),
            at: "2025-01-06T08:00:00Z".parse().unwrap_or_default(),
        };
        assert_eq!(
            serde_json::to_string(&row).unwrap_or_default(),
            r#"{"amount":"12.50","ratio":null,"day":"2025-01-28","at":"2025-01-06T08:00:00Z"}"#
        );
    }
}
