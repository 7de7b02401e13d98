//! Exact decimal input and exact multiplication: a value is taken as written or refused.
//!
//! `rust_decimal` holds 96-bit mantissas with up to 28 decimal places and silently rounds
//! what does not fit; at the boundary of a money library that would lose cents unseen, so
//! these functions refuse instead.

use rust_decimal::Decimal;

use crate::{Error, Result};

const MAX_SCALE: u32 = 28;
const MANTISSA_LIMIT: u128 = 1 << 96;

/// `value` written with `places` decimals, or finer only as far as its digits need: one form
/// per value (`10` and `10.000` both read `10.00` at two places, `1.005` stays, zero has no
/// sign). Exact: only the scale changes.
///
/// ```
/// use projectledger::decimal::at_places;
/// assert_eq!(at_places("10".parse().unwrap(), 2).to_string(), "10.00");
/// assert_eq!(at_places("1.0050".parse().unwrap(), 2).to_string(), "1.005");
/// ```
#[must_use]
pub fn at_places(value: Decimal, places: u32) -> Decimal {
    let mut value = value;
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    // Most values arrive at the scale asked for: they need no normalising.
    if value.scale() == places {
        return value;
    }
    value = value.normalize();
    if value.scale() < places {
        // A larger scale only multiplies the mantissa; rescale keeps the value if it cannot.
        value.rescale(places);
    }
    value
}

/// Parses a decimal written plainly (`-12.50`) or in scientific notation (`1.25E-3`),
/// keeping the written scale, refusing anything that would be rounded.
///
/// ```
/// use projectledger::decimal::parse_exact;
/// # fn main() -> Result<(), projectledger::Error> {
/// assert_eq!(parse_exact("12.50")?.to_string(), "12.50");
/// assert_eq!(parse_exact("1.5E-3")?.to_string(), "0.0015");
/// assert!(parse_exact("1E-30").is_err());
/// # Ok(()) }
/// ```
pub fn parse_exact(input: &str) -> Result<Decimal> {
    let invalid = |reason: &str| Error::InvalidAmount { input: input.to_owned(), reason: reason.to_owned() };
    let text = input.trim();
    let (negative, unsigned) = match (text.strip_prefix('-'), text.strip_prefix('+')) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => (false, text),
    };
    let (coefficient, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((coefficient, exponent_text)) => {
            let exponent = exponent_text
                .parse::<i64>()
                .map_err(|_| invalid("the exponent is not a whole number"))?;
            (coefficient, exponent)
        }
        None => (unsigned, 0),
    };
    let (whole, fraction) = coefficient.split_once('.').unwrap_or((coefficient, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(invalid("not a number"));
    }
    if !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(invalid("not a decimal number"));
    }
    let digits: String = [whole, fraction].concat();
    let exponent = exponent
        .checked_sub(i64::try_from(fraction.len()).map_err(|_| invalid("too long"))?)
        .ok_or_else(|| invalid("the exponent is out of range"))?;
    from_parts(negative, &digits, exponent).map_err(|error| match error {
        Error::PrecisionLoss { reason, .. } => Error::PrecisionLoss { value: input.to_owned(), reason },
        Error::Overflow { .. } => invalid("out of the representable range"),
        other => other,
    })
}

/// Builds `±digits × 10^exponent` exactly (digits are ASCII `0`–`9`), keeping the scale the
/// exponent implies where it fits; this is how Python's `Decimal.as_tuple()` crosses over.
pub fn from_parts(negative: bool, digits: &str, exponent: i64) -> Result<Decimal> {
    // Too large is refused as parse_exact refuses it, so an int and a Decimal get one error.
    from_parts_unchecked(negative, digits, exponent).map_err(|error| match error {
        Error::Overflow { .. } => Error::InvalidAmount {
            input: format!("{}{digits}E{exponent}", if negative { "-" } else { "" }),
            reason: "out of the representable range".to_owned(),
        },
        other => other,
    })
}

fn from_parts_unchecked(negative: bool, digits: &str, exponent: i64) -> Result<Decimal> {
    let loss = |reason: &str| Error::PrecisionLoss { value: format!("{}{digits}E{exponent}", if negative { "-" } else { "" }), reason: reason.to_owned() };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidAmount { input: digits.to_owned(), reason: "digits must be 0-9".to_owned() });
    }
    // Normalise: drop leading and trailing zeros, moving the exponent, to judge exactness.
    let significant = digits.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    let mut exponent_normal = exponent.saturating_add(i64::try_from(significant.len().saturating_sub(trimmed.len())).unwrap_or(i64::MAX));
    let mut mantissa: u128 = 0;
    for digit in trimmed.chars() {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u128::from(digit.to_digit(10)?)))
            .filter(|m| *m < MANTISSA_LIMIT)
            .ok_or_else(|| if exponent_normal >= 0 { Error::overflow("decimal") } else { loss("more than 28 significant digits") })?;
    }
    if mantissa == 0 {
        exponent_normal = exponent.min(0);
    }
    while exponent_normal > 0 {
        mantissa = mantissa.checked_mul(10).filter(|m| *m < MANTISSA_LIMIT).ok_or_else(|| Error::overflow("decimal"))?;
        exponent_normal = exponent_normal.saturating_sub(1);
    }
    // checked_neg: an exponent of i64::MIN has no positive twin. Zero keeps at most 28 places.
    let mut scale = match exponent_normal.checked_neg().and_then(|e| u32::try_from(e).ok()) {
        Some(scale) if scale <= MAX_SCALE => scale,
        _ if mantissa == 0 => MAX_SCALE,
        _ => return Err(loss("more than 28 decimal places")),
    };
    // Restore the written scale (trailing zeros carry meaning: 3.30 is shown as 3.30) where it fits.
    let wanted_scale = exponent.min(0).checked_neg().and_then(|e| u32::try_from(e).ok()).unwrap_or(MAX_SCALE).min(MAX_SCALE);
    while scale < wanted_scale {
        match mantissa.checked_mul(10).filter(|m| *m < MANTISSA_LIMIT) {
            Some(m) => {
                mantissa = m;
                scale = scale.saturating_add(1);
            }
            None => break,
        }
    }
    let signed = i128::try_from(mantissa).map_err(|_| Error::overflow("decimal"))?;
    let signed = if negative { signed.checked_neg() } else { Some(signed) }.ok_or_else(|| Error::overflow("decimal"))?;
    let value = Decimal::try_from_i128_with_scale(signed, scale)
        .map_err(|_| Error::overflow("decimal"))?;
    Ok(value)
}

/// `−value`. Negating a Decimal flips its sign bit: it cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
#[must_use]
pub(crate) fn negated(value: Decimal) -> Decimal {
    -value
}

/// Multiplies exactly: an error where `rust_decimal` would have rounded the product.
pub fn mul_exact(left: Decimal, right: Decimal) -> Result<Decimal> {
    // Written scales are kept where they fit (35.50 × 8 = 284.00); else the normalised product.
    for (l, r) in [(left, right), (left.normalize(), right.normalize())] {
        let product = l.checked_mul(r).ok_or_else(|| Error::overflow(format!("{left} × {right}")))?;
        if l.scale().checked_add(r.scale()) == Some(product.scale()) || l.is_zero() || r.is_zero() {
            return Ok(product);
        }
    }
    Err(Error::PrecisionLoss {
        value: format!("{left} × {right}"),
        reason: "the exact product needs more than 28 decimal places or significant digits".to_owned(),
    })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_written_scale() {
        assert_eq!(parse_exact("3.30").unwrap().to_string(), "3.30");
        assert_eq!(parse_exact("-0.05").unwrap().to_string(), "-0.05");
        assert_eq!(parse_exact("+7").unwrap().to_string(), "7");
        assert_eq!(parse_exact("1.2E+3").unwrap().to_string(), "1200");
        assert_eq!(parse_exact(".5").unwrap().to_string(), "0.5");
        assert_eq!(parse_exact("0E-40").unwrap(), Decimal::ZERO);
        assert_eq!(parse_exact("1.000000000000000000000000000000").unwrap().to_string(), "1.0000000000000000000000000000");
    }

    #[test]
    fn refuses_what_it_would_round() {
        assert_eq!(parse_exact("1E-29").unwrap_err().kind(), "PrecisionLoss");
        assert_eq!(parse_exact("0.00000000000000000000000000001").unwrap_err().kind(), "PrecisionLoss");
        assert_eq!(parse_exact("123456789012345678901234567890.5").unwrap_err().kind(), "PrecisionLoss");
        assert_eq!(parse_exact("1E40").unwrap_err().kind(), "InvalidAmount");
        for bad in ["", "-", "abc", "1.2.3", "NaN", "Infinity", "1e", "1_000", "0x10"] {
            assert_eq!(parse_exact(bad).unwrap_err().kind(), "InvalidAmount", "{bad}");
        }
    }

    #[test]
    fn multiplication_is_exact_or_refused() {
        assert_eq!(mul_exact(parse_exact("1.10").unwrap(), parse_exact("1.10").unwrap()).unwrap().to_string(), "1.2100");
        assert_eq!(mul_exact(parse_exact("35.50").unwrap(), Decimal::from(8)).unwrap().to_string(), "284.00");
        let tiny = parse_exact("0.000000000000001").unwrap();
        assert_eq!(mul_exact(parse_exact("1E-14").unwrap(), parse_exact("1E-14").unwrap()).unwrap().to_string(), "0.0000000000000000000000000001");
        assert_eq!(mul_exact(tiny, tiny).unwrap_err().kind(), "PrecisionLoss");
        assert_eq!(mul_exact(Decimal::MAX, Decimal::TWO).unwrap_err().kind(), "Overflow");
    }
}
