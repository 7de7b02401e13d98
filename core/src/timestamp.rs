//! The journal's timestamp text: RFC 3339 in UTC, `2025-01-06T08:00:00Z`, with a fraction of
//! 3, 6 or 9 digits only when needed. Written and read directly: the journal hashes and
//! checks every line, and going through `Display` piece by piece was its slowest part.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Timelike, Utc};
use serde::Deserializer;

/// Writes the canonical text into `buffer`, returning its length.
// Fixed positions in a 40-byte buffer (at most 30 written) and digits of numbers below 10^9:
// no index can miss and no operation overflow, whatever the instant.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
fn format(at: &DateTime<Utc>, buffer: &mut [u8; 40]) -> usize {
    let date = at.date_naive();
    let year = date.year_ce();
    if !(year.0 && (1000..=9999).contains(&year.1)) {
        // Outside four-digit years, chrono's own RFC 3339 text (rare; slower).
        let text = at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let len = text.len().min(buffer.len());
        buffer[..len].copy_from_slice(&text.as_bytes()[..len]);
        return len;
    }
    let time = at.time();
    let mut put = |at: usize, value: u32, digits: usize| {
        let mut v = value;
        for i in (0..digits).rev() {
            buffer[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, year.1, 4);
    put(5, date.month0() + 1, 2);
    put(8, date.day0() + 1, 2);
    put(11, time.hour(), 2);
    put(14, time.minute(), 2);
    put(17, time.second(), 2);
    let nanos = time.nanosecond();
    let (fraction, digits) = match nanos {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (n / 1_000_000, 3),
        n if n % 1_000 == 0 => (n / 1_000, 6),
        n => (n, 9),
    };
    if digits > 0 {
        put(20, fraction, digits);
    }
    buffer[4] = b'-';
    buffer[7] = b'-';
    buffer[10] = b'T';
    buffer[13] = b':';
    buffer[16] = b':';
    let mut end = 19;
    if digits > 0 {
        buffer[19] = b'.';
        end = 20 + digits;
    }
    buffer[end] = b'Z';
    end + 1
}


/// Refuses an instant the journal's text cannot hold: years 1 to 9999, in UTC (an offset can
/// move a year-1 time into year 0).
pub(crate) fn check(at: &DateTime<Utc>) -> crate::Result<()> {
    if (1..=9999).contains(&at.year()) {
        Ok(())
    } else {
        Err(crate::Error::DateOutOfRange { reason: format!("{} is outside the years 1 to 9999 (UTC) a journal holds", at.to_rfc3339_opts(SecondsFormat::AutoSi, true)) })
    }
}

/// Refuses a date outside the years 1 to 9999 (what every surface can hold: Python's `date`
/// stops at 9999), naming what it is the date of.
pub(crate) fn check_date(date: NaiveDate, what: &dyn std::fmt::Display) -> crate::Result<NaiveDate> {
    if (1..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(crate::Error::DateOutOfRange { reason: format!("{what} would be {date}, outside the years 1 to 9999") })
    }
}

/// Appends the canonical text (no quotes) to `out`.
pub fn write(at: &DateTime<Utc>, out: &mut Vec<u8>) {
    let mut buffer = [0u8; 40];
    let len = format(at, &mut buffer);
    out.extend_from_slice(buffer.get(..len).unwrap_or_default());
}

/// Reads RFC 3339 (any offset); the journal's canonical check then demands the UTC form.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(StrVisitor("an RFC 3339 timestamp", parse))
}

/// Reads a string value without copying it, and converts it (`None`: not the `expected` form).
pub(crate) struct StrVisitor<T>(pub &'static str, pub fn(&str) -> Option<T>);

impl<T> serde::de::Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        (self.1)(text).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(text), &self))
    }
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(char::from(*c).to_digit(10)?))
    };
    let is = |at: usize, byte: u8| b.get(at) == Some(&byte);
    let fast = || -> Option<DateTime<Utc>> {
        if b.len() < 20 || !is(4, b'-') || !is(7, b'-') || !is(10, b'T') || !is(13, b':') || !is(16, b':') || b.last() != Some(&b'Z') {
            return None;
        }
        let nanos = match b.len() {
            20 => 0,
            n @ 22..=30 if is(19, b'.') => digits(20..n.checked_sub(1)?)?.checked_mul(10u32.checked_pow(u32::try_from(30usize.checked_sub(n)?).ok()?)?)?,
            _ => return None,
        };
        let date = NaiveDate::from_ymd_opt(i32::try_from(digits(0..4)?).ok()?, digits(5..7)?, digits(8..10)?)?;
        Some(date.and_hms_nano_opt(digits(11..13)?, digits(14..16)?, digits(17..19)?, nanos)?.and_utc())
    };
    fast().or_else(|| DateTime::parse_from_rfc3339(text).ok().map(|at| at.with_timezone(&Utc)))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let at = parse(text).unwrap();
        let mut buffer = [0u8; 40];
        let len = format(&at, &mut buffer);
        String::from_utf8(buffer[..len].to_vec()).unwrap()
    }

    #[test]
    fn canonical_text_matches_rfc3339_auto_si() {
        for text in ["2025-01-06T08:00:00Z", "2025-01-06T08:00:00.120Z", "2025-12-31T23:59:59.000001Z", "2025-06-01T00:00:00.123456789Z"] {
            assert_eq!(round_trip(text), text);
            let at = parse(text).unwrap();
            assert_eq!(at.to_rfc3339_opts(SecondsFormat::AutoSi, true), text);
        }
        assert_eq!(round_trip("2025-01-06T16:00:00+08:00"), "2025-01-06T08:00:00Z");
        assert_eq!(round_trip("2025-01-06T08:00:00.5Z"), "2025-01-06T08:00:00.500Z");
        for bad in ["2025-02-30T00:00:00Z", "2025-01-06 08:00:00", "yesterday", "2025-01-06T25:00:00Z"] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
