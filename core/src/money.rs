//! Currencies, exact money, named rounding and exact allocation.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use num_bigint::BigInt;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::decimal::{mul_exact, parse_exact};
use crate::{Error, Result};

/// An ISO 4217 currency: a three-letter code and its number of minor units (CNY 2, JPY 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    minor_units: u8,
}
crate::persist::persist_struct!(Currency { code, minor_units });


/// The currencies known by code alone; any other is built with [`Currency::new`].
const BUILT_IN: [(&str, u8); 6] = [("CNY", 2), ("USD", 2), ("EUR", 2), ("GBP", 2), ("JPY", 0), ("HKD", 2)];
const MAX_MINOR_UNITS: u8 = 4;

impl Currency {
    /// Chinese yuan (renminbi), 2 minor units.
    pub const CNY: Currency = Currency { code: *b"CNY", minor_units: 2 };
    /// US dollar, 2 minor units.
    pub const USD: Currency = Currency { code: *b"USD", minor_units: 2 };
    /// Euro, 2 minor units.
    pub const EUR: Currency = Currency { code: *b"EUR", minor_units: 2 };
    /// Pound sterling, 2 minor units.
    pub const GBP: Currency = Currency { code: *b"GBP", minor_units: 2 };
    /// Japanese yen, no minor units.
    pub const JPY: Currency = Currency { code: *b"JPY", minor_units: 0 };
    /// Hong Kong dollar, 2 minor units.
    pub const HKD: Currency = Currency { code: *b"HKD", minor_units: 2 };

    /// Defines a currency: three uppercase ASCII letters and 0–4 minor units. A built-in code
    /// must keep its ISO minor units (JPY with 2 is refused).
    pub fn new(code: &str, minor_units: u8) -> Result<Currency> {
        let invalid = |reason: String| Error::InvalidCurrency { code: code.to_owned(), reason };
        let bytes: [u8; 3] = code
            .as_bytes()
            .try_into()
            .ok()
            .filter(|b: &[u8; 3]| b.iter().all(u8::is_ascii_uppercase))
            .ok_or_else(|| invalid("a currency code is three uppercase letters (ISO 4217)".to_owned()))?;
        if minor_units > MAX_MINOR_UNITS {
            return Err(invalid(format!("{minor_units} minor units; ISO 4217 uses 0 to {MAX_MINOR_UNITS}")));
        }
        if let Some((_, iso)) = BUILT_IN.iter().find(|(c, _)| *c == code)
            && *iso != minor_units
        {
            return Err(invalid(format!("ISO 4217 gives {code} {iso} minor units, not {minor_units}")));
        }
        Ok(Currency { code: bytes, minor_units })
    }

    /// A built-in currency by its code (CNY, USD, EUR, GBP, JPY, HKD).
    pub fn from_code(code: &str) -> Result<Currency> {
        BUILT_IN
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(c, minor)| Currency { code: (*c).as_bytes().try_into().unwrap_or(*b"XXX"), minor_units: *minor })
            .ok_or_else(|| Error::InvalidCurrency {
                code: code.to_owned(),
                reason: "not a built-in currency; define it with its minor units".to_owned(),
            })
    }

    /// The three-letter code.
    #[must_use]
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// Digits after the decimal point in the smallest unit (fen for CNY: 2).
    #[must_use]
    pub fn minor_units(&self) -> u8 {
        self.minor_units
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyRepr {
    code: String,
    minor_units: u8,
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        CurrencyRepr { code: self.code().to_owned(), minor_units: self.minor_units }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let repr = CurrencyRepr::deserialize(deserializer)?;
        Currency::new(&repr.code, repr.minor_units).map_err(serde::de::Error::custom)
    }
}

/// How a value is rounded at a named rounding point. The default is half away from zero
/// (四舍五入), the rule of Chinese accounting practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingStrategy {
    /// 0.5 → 1, −0.5 → −1 (四舍五入).
    #[default]
    HalfAwayFromZero,
    /// 0.5 → 0, 1.5 → 2 (banker's rounding).
    HalfEven,
    /// 0.5 → 0, −0.5 → 0.
    HalfTowardZero,
    /// Always away from zero.
    Up,
    /// Always toward zero (truncation).
    Down,
    /// Toward positive infinity.
    Ceiling,
    /// Toward negative infinity.
    Floor,
}

impl RoundingStrategy {
    /// Every strategy, in declaration order.
    pub const ALL: [RoundingStrategy; 7] = [
        RoundingStrategy::HalfAwayFromZero,
        RoundingStrategy::HalfEven,
        RoundingStrategy::HalfTowardZero,
        RoundingStrategy::Up,
        RoundingStrategy::Down,
        RoundingStrategy::Ceiling,
        RoundingStrategy::Floor,
    ];

    /// The snake_case name used in JSON and scenarios.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RoundingStrategy::HalfAwayFromZero => "half_away_from_zero",
            RoundingStrategy::HalfEven => "half_even",
            RoundingStrategy::HalfTowardZero => "half_toward_zero",
            RoundingStrategy::Up => "up",
            RoundingStrategy::Down => "down",
            RoundingStrategy::Ceiling => "ceiling",
            RoundingStrategy::Floor => "floor",
        }
    }

    fn to_decimal(self) -> rust_decimal::RoundingStrategy {
        use rust_decimal::RoundingStrategy as R;
        match self {
            RoundingStrategy::HalfAwayFromZero => R::MidpointAwayFromZero,
            RoundingStrategy::HalfEven => R::MidpointNearestEven,
            RoundingStrategy::HalfTowardZero => R::MidpointTowardZero,
            RoundingStrategy::Up => R::AwayFromZero,
            RoundingStrategy::Down => R::ToZero,
            RoundingStrategy::Ceiling => R::ToPositiveInfinity,
            RoundingStrategy::Floor => R::ToNegativeInfinity,
        }
    }

    /// Rounds a plain decimal to `decimal_places` (for rates and percentages).
    #[must_use]
    pub fn round(self, value: Decimal, decimal_places: u32) -> Decimal {
        value.round_dp_with_strategy(decimal_places, self.to_decimal())
    }
}

impl FromStr for RoundingStrategy {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self> {
        RoundingStrategy::ALL.into_iter().find(|s| s.name() == name).ok_or_else(|| {
            let known: Vec<&str> = RoundingStrategy::ALL.iter().map(|s| s.name()).collect();
            Error::invalid_field("rounding strategy", format!("{name:?} is not one of {}", known.join(", ")))
        })
    }
}

/// An exact amount in one currency. Arithmetic is checked: mixing currencies or leaving
/// the representable range is an error, never a silent conversion or rounding.
///
/// One value has one form: the amount is written at the currency's scale (CNY 10 is
/// `CNY 10.00`), finer only as far as its digits need (`CNY 1.005`), so equal amounts print,
/// serialise and compare alike on every surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, from = "WrittenMoney")]
pub struct Money {
    #[serde(with = "crate::wire::exact")]
    amount: Decimal,
    currency: Currency,
}
crate::persist::persist_struct!(Money { amount, currency });

/// Money as written on the wire, before it takes its one form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenMoney {
    #[serde(with = "crate::wire::exact")]
    amount: Decimal,
    currency: Currency,
}

impl From<WrittenMoney> for Money {
    fn from(written: WrittenMoney) -> Money {
        Money::new(written.amount, written.currency)
    }
}

/// `amount` in its one form in `currency` (see [`Money`]).
fn canonical(amount: Decimal, currency: Currency) -> Decimal {
    crate::decimal::at_places(amount, u32::from(currency.minor_units))
}


impl Money {
    /// An amount as given, in its one form (not rounded: rounding is a named, explicit step).
    #[must_use]
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount: canonical(amount, currency), currency }
    }

    /// Zero in a currency, shown with its minor units (CNY 0.00).
    #[must_use]
    pub fn zero(currency: Currency) -> Money {
        Money { amount: Decimal::new(0, u32::from(currency.minor_units)), currency }
    }

    /// Parses `"CNY 12.50"` or `"12.50 CNY"` (built-in currencies), exactly.
    pub fn parse(text: &str) -> Result<Money> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let invalid = || Error::InvalidAmount {
            input: text.to_owned(),
            reason: "money is written as a currency code and an amount, e.g. \"CNY 12.50\"".to_owned(),
        };
        let [first, second] = parts[..] else { return Err(invalid()) };
        let (code, amount) = if first.bytes().all(|b| b.is_ascii_alphabetic()) { (first, second) } else { (second, first) };
        Ok(Money::new(parse_exact(amount)?, Currency::from_code(code)?))
    }

    /// The exact amount.
    #[must_use]
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.currency
    }

    fn same_currency(&self, other: &Money) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch { left: self.currency.code().to_owned(), right: other.currency.code().to_owned() })
        }
    }

    /// `self + other`, same currency, checked.
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        self.same_currency(other)?;
        let amount = self.amount.checked_add(other.amount).ok_or_else(|| Error::overflow(format!("{self} + {other}")))?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self − other`, same currency, checked.
    pub fn checked_sub(&self, other: &Money) -> Result<Money> {
        self.same_currency(other)?;
        let amount = self.amount.checked_sub(other.amount).ok_or_else(|| Error::overflow(format!("{self} - {other}")))?;
        Ok(Money::new(amount, self.currency))
    }

    /// `−self`.
    #[must_use]
    pub fn neg(&self) -> Money {
        Money { amount: unsigned_zero(crate::decimal::negated(self.amount)), currency: self.currency }
    }

    /// `self × factor` (a quantity or a rate), exact: refused rather than rounded.
    pub fn checked_mul(&self, factor: Decimal) -> Result<Money> {
        Ok(Money::new(mul_exact(self.amount, factor)?, self.currency))
    }

    /// Compares two amounts of one currency.
    pub fn checked_cmp(&self, other: &Money) -> Result<Ordering> {
        self.same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// Rounds to the currency's minor units with the named strategy.
    #[must_use]
    pub fn round(&self, strategy: RoundingStrategy) -> Money {
        let mut amount = strategy.round(self.amount, u32::from(self.currency.minor_units));
        amount.rescale(u32::from(self.currency.minor_units));
        Money { amount, currency: self.currency }
    }

    /// True when the amount is a whole number of minor units (no rounding needed).
    #[must_use]
    pub fn is_in_minor_units(&self) -> bool {
        self.amount.normalize().scale() <= u32::from(self.currency.minor_units)
    }

    /// The amount as a count of minor units (CNY 12.34 → 1234); an error if it is not whole.
    pub fn to_minor_units(&self) -> Result<i128> {
        let minor = u32::from(self.currency.minor_units);
        // The common case — no finer than the currency's unit as written — needs no normalising.
        if let Some(places) = minor.checked_sub(self.amount.scale()) {
            return 10_i128.checked_pow(places).and_then(|f| self.amount.mantissa().checked_mul(f)).ok_or_else(|| Error::overflow("minor units"));
        }
        if !self.is_in_minor_units() {
            return Err(Error::InvalidAmount {
                input: self.to_string(),
                reason: format!("not a whole number of minor units of {}; round it first", self.currency),
            });
        }
        let normal = self.amount.normalize();
        let factor = minor.checked_sub(normal.scale()).and_then(|places| 10_i128.checked_pow(places));
        factor.and_then(|f| normal.mantissa().checked_mul(f)).ok_or_else(|| Error::overflow("minor units"))
    }

    /// Builds an amount from a count of minor units (1234 → CNY 12.34).
    pub fn from_minor_units(units: i128, currency: Currency) -> Result<Money> {
        let scale = u32::from(currency.minor_units);
        // Most amounts fit an i64, which builds a Decimal directly (scale ≤ 28 by construction).
        let amount = match i64::try_from(units) {
            Ok(small) if scale <= 28 => Decimal::new(small, scale),
            _ => Decimal::try_from_i128_with_scale(units, scale).map_err(|_| Error::overflow("minor units"))?,
        };
        Ok(Money { amount, currency })
    }
}

impl PartialOrd for Money {
    /// Ordered within one currency; amounts in different currencies are not comparable.
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        self.checked_cmp(other).ok()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.amount)
    }
}

impl FromStr for Money {
    type Err = Error;
    fn from_str(text: &str) -> Result<Money> {
        Money::parse(text)
    }
}

/// Zero has no sign: `-(CNY 0.00)` is `CNY 0.00`.
fn unsigned_zero(mut amount: Decimal) -> Decimal {
    if amount.is_zero() {
        amount.set_sign_positive(true);
    }
    amount
}

/// The most parts [`split_evenly`] makes.
pub const MAX_SPLIT_PARTS: usize = 1_000_000;

/// Splits `total` by `weights` with the largest-remainder (Hamilton) method in minor units:
/// Σ shares == total exactly, each share within one minor unit of its exact quota, ties to
/// the earliest index, zero weights get zero, a negative total is allocated as |total| and
/// negated.
///
/// ```
/// use projectledger::{allocate, Money};
/// # fn main() -> Result<(), projectledger::Error> {
/// let shares = allocate(&Money::parse("CNY 0.05")?, &[3.into(), 7.into()])?;
/// assert_eq!(shares[0].to_string(), "CNY 0.02");
/// assert_eq!(shares[1].to_string(), "CNY 0.03");
/// # Ok(()) }
/// ```
pub fn allocate(total: &Money, weights: &[Decimal]) -> Result<Vec<Money>> {
    if weights.is_empty() {
        return Err(Error::InvalidWeights { reason: "no weights given".to_owned() });
    }
    if let Some((index, weight)) = weights.iter().enumerate().find(|(_, w)| w.is_sign_negative() && !w.is_zero()) {
        return Err(Error::InvalidWeights { reason: format!("weight {index} is negative ({weight})") });
    }
    if weights.iter().all(Decimal::is_zero) {
        return Err(Error::InvalidWeights { reason: format!("all {} weights are zero", weights.len()) });
    }
    let units = total.to_minor_units()?;
    let magnitude = units.unsigned_abs();
    let shares = allocate_units_u128(magnitude, weights).unwrap_or_else(|| allocate_units_big(magnitude, weights));
    shares
        .into_iter()
        .map(|share| {
            let signed = i128::try_from(share).map_err(|_| Error::overflow("allocation"))?;
            let signed = if units < 0 { signed.checked_neg() } else { Some(signed) }.ok_or_else(|| Error::overflow("allocation"))?;
            Money::from_minor_units(signed, total.currency)
        })
        .collect()
}

/// Splits `total` into `parts` shares as equal as minor units allow (earlier shares get the
/// extra units).
pub fn split_evenly(total: &Money, parts: usize) -> Result<Vec<Money>> {
    if parts == 0 {
        return Err(Error::InvalidWeights { reason: "cannot split into 0 parts".to_owned() });
    }
    // The shares are built in memory: a bound keeps a mistyped count from exhausting it.
    if parts > MAX_SPLIT_PARTS {
        return Err(Error::InvalidWeights { reason: format!("cannot split into {parts} parts (at most {MAX_SPLIT_PARTS})") });
    }
    allocate(total, &vec![Decimal::ONE; parts])
}

/// The fast path: every weight as an integer at a common scale, products in `u128`, or in
/// `u64` where they fit (the common case, and half the memory). `None` when something would
/// overflow; the caller then takes the big-integer path.
// The products are below total × the largest weight, checked to fit before the loops; the
// divisor is the weights' sum, above zero (all-zero weights are refused first).
#[allow(clippy::arithmetic_side_effects)]
fn allocate_units_u128(total: u128, weights: &[Decimal]) -> Option<Vec<u128>> {
    let scale = weights.iter().map(Decimal::scale).max()?;
    let powers: Vec<u128> = (0..=scale).map(|p| 10u128.checked_pow(p)).collect::<Option<_>>()?;
    let scaled = |w: &Decimal| w.mantissa().unsigned_abs().checked_mul(*powers.get(usize::try_from(scale.checked_sub(w.scale())?).ok()?)?);
    let (mut sum, mut max) = (0u128, 0u128);
    for w in weights {
        let w = scaled(w)?;
        sum = sum.checked_add(w)?;
        max = max.max(w);
    }
    let mut floors = Vec::with_capacity(weights.len());
    if let (Ok(sum), Ok(_)) = (u64::try_from(sum), u64::try_from(total.checked_mul(max)?)) {
        let (total, mut remainders) = (total as u64, Vec::with_capacity(weights.len()));
        for w in weights {
            let product = total * scaled(w)? as u64;
            floors.push(u128::from(product / sum));
            remainders.push(product % sum);
        }
        distribute_remainder(u128::from(total), &mut floors, &remainders);
    } else {
        let mut remainders = Vec::with_capacity(weights.len());
        for w in weights {
            let product = total * scaled(w)?;
            floors.push(product / sum);
            remainders.push(product % sum);
        }
        distribute_remainder(total, &mut floors, &remainders);
    }
    Some(floors)
}

/// The exact path for weights too large or too fine for `u128` products.
// Big integers do not overflow; `scale` is the largest weight scale, so no power is negative,
// and the sum is above zero (all-zero weights are refused first).
#[allow(clippy::arithmetic_side_effects)]
fn allocate_units_big(total: u128, weights: &[Decimal]) -> Vec<u128> {
    let scale = weights.iter().map(Decimal::scale).max().unwrap_or(0);
    let scaled: Vec<BigInt> =
        weights.iter().map(|w| BigInt::from(w.mantissa()) * BigInt::from(10).pow(scale - w.scale())).collect();
    let sum: BigInt = scaled.iter().sum();
    let total_big = BigInt::from(total);
    let (mut floors, mut remainders) = (Vec::with_capacity(weights.len()), Vec::with_capacity(weights.len()));
    for w in &scaled {
        let product = &total_big * w;
        // Each floor quota is at most `total`, so it fits.
        floors.push(u128::try_from(&product / &sum).unwrap_or(0));
        remainders.push(product % &sum);
    }
    distribute_remainder(total, &mut floors, &remainders);
    floors
}

/// Gives the units left after the floors, one each, to the largest remainders, earliest
/// index first on ties. Linear: one selection finds the smallest remainder that still gets a
/// unit. It is positive: at least as many remainders are positive as units are left (each
/// remainder is below the divisor and they sum to a multiple of it), so zero weights get none.
// The floors sum to at most `total`; `left` ≤ the number of floors, and `ties` counts down
// only the shares it counted (the remainders equal to the threshold).
#[allow(clippy::arithmetic_side_effects)]
fn distribute_remainder<R: Ord + Clone>(total: u128, floors: &mut [u128], remainders: &[R]) {
    let left = usize::try_from(total - floors.iter().sum::<u128>()).unwrap_or(usize::MAX).min(floors.len());
    if left == 0 {
        return;
    }
    let mut ranked = remainders.to_vec();
    let (_, threshold, _) = ranked.select_nth_unstable(floors.len() - left);
    let threshold = threshold.clone();
    let mut ties = left - remainders.iter().filter(|r| **r > threshold).count();
    for (floor, remainder) in floors.iter_mut().zip(remainders) {
        if *remainder > threshold || (*remainder == threshold && ties > 0) {
            if *remainder == threshold {
                ties -= 1;
            }
            *floor += 1;
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn cny(text: &str) -> Money {
        Money::new(parse_exact(text).unwrap(), Currency::CNY)
    }

    fn shown(shares: &[Money]) -> Vec<String> {
        shares.iter().map(|m| m.amount().to_string()).collect()
    }

    fn weights(ws: &[i64]) -> Vec<Decimal> {
        ws.iter().map(|w| Decimal::from(*w)).collect()
    }

    #[test]
    fn design_vectors() {
        assert_eq!(shown(&allocate(&cny("10.00"), &weights(&[1, 1, 1])).unwrap()), ["3.34", "3.33", "3.33"]);
        assert_eq!(shown(&allocate(&cny("0.05"), &weights(&[3, 7])).unwrap()), ["0.02", "0.03"]);
        assert_eq!(shown(&allocate(&cny("0.05"), &weights(&[7, 3])).unwrap()), ["0.04", "0.01"]);
        assert_eq!(shown(&allocate(&cny("10.00"), &weights(&[1, 0])).unwrap()), ["10.00", "0.00"]);
        assert_eq!(shown(&allocate(&cny("-10.00"), &weights(&[1, 1, 1])).unwrap()), ["-3.34", "-3.33", "-3.33"]);
    }

    #[test]
    fn big_path_agrees_with_fast_path() {
        let ws = [parse_exact("0.3333333333333333333333333333").unwrap(), Decimal::from(7), Decimal::MAX];
        let fast = allocate_units_u128(1001, &ws[..2]).unwrap();
        assert_eq!(fast, allocate_units_big(1001, &ws[..2]));
        let ints = weights(&[7, 3, 1]);
        let wide = allocate_units_u128(u128::from(u64::MAX), &ints).unwrap();
        assert_eq!(wide, allocate_units_big(u128::from(u64::MAX), &ints));
        assert!(allocate_units_u128(1001, &ws).is_none());
        let shares = allocate(&cny("10.01"), &ws).unwrap();
        assert_eq!(shares.iter().try_fold(Money::zero(Currency::CNY), |a, m| a.checked_add(m)).unwrap(), cny("10.01"));
    }

    #[test]
    fn refuses_bad_weights_and_unrounded_totals() {
        for ws in [vec![], weights(&[0, 0]), weights(&[1, -1])] {
            assert_eq!(allocate(&cny("1.00"), &ws).unwrap_err().kind(), "InvalidWeights");
        }
        assert_eq!(allocate(&cny("1.005"), &weights(&[1])).unwrap_err().kind(), "InvalidAmount");
        assert_eq!(split_evenly(&cny("1.00"), 0).unwrap_err().kind(), "InvalidWeights");
        assert_eq!(shown(&split_evenly(&cny("1.00"), 3).unwrap()), ["0.34", "0.33", "0.33"]);
    }

    #[test]
    fn money_arithmetic() {
        let a = Money::parse("CNY 10.50").unwrap();
        assert_eq!(Money::parse("10.50 CNY").unwrap(), a);
        assert_eq!(a.checked_add(&cny("0.50")).unwrap().to_string(), "CNY 11.00");
        let usd = Money::parse("USD 1").unwrap();
        assert_eq!(a.checked_add(&usd).unwrap_err().kind(), "CurrencyMismatch");
        assert_eq!(a.partial_cmp(&usd), None);
        assert_eq!(cny("2.675").round(RoundingStrategy::HalfAwayFromZero).to_string(), "CNY 2.68");
        assert_eq!(cny("2.665").round(RoundingStrategy::HalfEven).to_string(), "CNY 2.66");
        assert_eq!(cny("-2.665").round(RoundingStrategy::HalfAwayFromZero).to_string(), "CNY -2.67");
        assert_eq!(cny("2").round(RoundingStrategy::Floor).to_string(), "CNY 2.00");
        let yen = Money::new(parse_exact("1234.5").unwrap(), Currency::JPY);
        assert_eq!(yen.round(RoundingStrategy::default()).to_string(), "JPY 1235");
        assert_eq!(Money::new(Decimal::MAX, Currency::CNY).checked_add(&cny("1")).unwrap_err().kind(), "Overflow");
        for bad in ["CNY", "CNY 1 2", "XYZ 1", "CNY abc"] {
            assert!(Money::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn currencies() {
        assert_eq!(Currency::from_code("JPY").unwrap(), Currency::JPY);
        assert_eq!(Currency::new("KRW", 0).unwrap().code(), "KRW");
        for (code, minor) in [("JPY", 2), ("cny", 2), ("CN", 2), ("ABCD", 2), ("XAU", 9)] {
            assert_eq!(Currency::new(code, minor).unwrap_err().kind(), "InvalidCurrency", "{code}");
        }
        assert_eq!(Currency::from_code("KRW").unwrap_err().kind(), "InvalidCurrency");
    }
}
