//! Earned value (PMI / ANSI-748 definitions), earned schedule (Lipke) and exact spread
//! profiles for time-phased budgets.
//!
//! Named rounding points: index ratios (SPI, CPI, TCPI, SPI(t)) and schedule figures (ES,
//! IEAC(t)) to 4 decimal places; money figures derived by division (the EACs, ETC, VAC) to
//! the currency's minor units; both half away from zero. Intermediate figures are never
//! rounded: `AC + (BAC − EV) / (CPI·SPI)` is computed as `AC + (BAC − EV)·AC·PV / EV²`.
//! A ratio whose denominator is zero is `None`, never 0 or infinity.

use rust_decimal::Decimal;

use crate::{allocate, Error, Money, Result, RoundingStrategy};

/// Decimal places of index ratios and schedule figures.
pub const RATIO_PLACES: u32 = 4;
const ROUNDING: RoundingStrategy = RoundingStrategy::HalfAwayFromZero;

/// Earned-value figures at a status date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct EarnedValue {
    /// Budget at completion.
    pub bac: Money,
    /// Planned value: the budget of the work scheduled to date.
    pub pv: Money,
    /// Earned value: the budget of the work done to date.
    pub ev: Money,
    /// Actual cost of the work done to date.
    pub ac: Money,
    /// SV = EV − PV.
    pub sv: Money,
    /// CV = EV − AC.
    pub cv: Money,
    /// SPI = EV / PV.
    #[serde(serialize_with = "crate::wire::decimal_opt")]
    pub spi: Option<Decimal>,
    /// CPI = EV / AC.
    #[serde(serialize_with = "crate::wire::decimal_opt")]
    pub cpi: Option<Decimal>,
    /// EAC = BAC / CPI (performance continues as so far).
    pub eac_cpi: Option<Money>,
    /// EAC = AC + (BAC − EV) (the rest goes as planned).
    pub eac_atypical: Money,
    /// EAC = AC + (BAC − EV) / (CPI·SPI) (cost and schedule performance both weigh).
    pub eac_cpi_spi: Option<Money>,
    /// EAC = AC + bottom-up ETC, when an estimate to complete is given.
    pub eac_bottom_up: Option<Money>,
    /// ETC = EAC − AC (with EAC = BAC / CPI).
    pub etc: Option<Money>,
    /// VAC = BAC − EAC (with EAC = BAC / CPI).
    pub vac: Option<Money>,
    /// TCPI to BAC = (BAC − EV) / (BAC − AC).
    #[serde(serialize_with = "crate::wire::decimal_opt")]
    pub tcpi_bac: Option<Decimal>,
    /// TCPI to EAC = (BAC − EV) / (EAC − AC) (with EAC = BAC / CPI).
    #[serde(serialize_with = "crate::wire::decimal_opt")]
    pub tcpi_eac: Option<Decimal>,
}

/// The named rounding point of ratios and schedule figures; trailing zeros dropped (0.8, not 0.80).
fn round_ratio(value: Decimal) -> Decimal {
    ROUNDING.round(value, RATIO_PLACES).normalize()
}

fn ratio(numerator: Decimal, denominator: Decimal) -> Result<Option<Decimal>> {
    if denominator.is_zero() {
        return Ok(None);
    }
    let value = numerator.checked_div(denominator).ok_or_else(|| Error::overflow(format!("{numerator} / {denominator}")))?;
    Ok(Some(round_ratio(value)))
}

/// `a·b / c` without rounding before the end; `None` when `c` is zero.
fn product_over(a: Decimal, b: Decimal, c: Decimal) -> Result<Option<Decimal>> {
    if c.is_zero() {
        return Ok(None);
    }
    let overflow = || Error::overflow(format!("{a} × {b} / {c}"));
    // Divide first when the product would overflow; both orders are the same exact value.
    let value = match a.checked_mul(b) {
        Some(product) => product.checked_div(c),
        None => a.checked_div(c).and_then(|q| q.checked_mul(b)),
    };
    value.ok_or_else(overflow).map(Some)
}

impl EarnedValue {
    /// All figures from BAC, PV, EV and AC (and an optional bottom-up ETC), one currency.
    ///
    /// ```
    /// use projectledger::{evm::EarnedValue, Currency, Money};
    /// # fn main() -> Result<(), projectledger::Error> {
    /// let m = |v: i64| Money::new(v.into(), Currency::new("XTS", 4).unwrap());
    /// let figures = EarnedValue::compute(&m(100), &m(50), &m(40), &m(45), None)?;
    /// assert_eq!(figures.cpi.unwrap().to_string(), "0.8889");
    /// assert_eq!(figures.eac_cpi_spi.unwrap().amount().to_string(), "129.3750");
    /// # Ok(()) }
    /// ```
    pub fn compute(bac: &Money, pv: &Money, ev: &Money, ac: &Money, bottom_up_etc: Option<&Money>) -> Result<EarnedValue> {
        for other in [pv, ev, ac].into_iter().chain(bottom_up_etc) {
            bac.checked_cmp(other)?;
        }
        let currency = bac.currency();
        let money = |value: Decimal| Money::new(value, currency).round(ROUNDING);
        let (b, p, e, a) = (bac.amount(), pv.amount(), ev.amount(), ac.amount());
        let sub = |x: Decimal, y: Decimal| x.checked_sub(y).ok_or_else(|| Error::overflow(format!("{x} − {y}")));
        let add = |x: Decimal, y: Decimal| x.checked_add(y).ok_or_else(|| Error::overflow(format!("{x} + {y}")));
        let remaining = sub(b, e)?;
        // BAC / CPI = BAC·AC / EV.
        let eac_cpi = product_over(b, a, e)?;
        // (BAC − EV) / (CPI·SPI) = (BAC − EV)·AC·PV / EV²; undefined when CPI·SPI is.
        let eac_cpi_spi = if p.is_zero() || a.is_zero() {
            None
        } else {
            let ev_squared = e.checked_mul(e).ok_or_else(|| Error::overflow("EV²"))?;
            match product_over(remaining, a, ev_squared)? {
                Some(part) => {
                    let scaled = part.checked_mul(p).ok_or_else(|| Error::overflow("(BAC − EV)·AC·PV / EV²"))?;
                    Some(add(a, scaled)?)
                }
                None => None,
            }
        };
        let eac_bottom_up = bottom_up_etc.map(|etc| add(a, etc.amount())).transpose()?;
        let etc = eac_cpi.map(|eac| sub(eac, a)).transpose()?;
        let vac = eac_cpi.map(|eac| sub(b, eac)).transpose()?;
        let tcpi_eac = match etc {
            Some(etc) => ratio(remaining, etc)?,
            None => None,
        };
        Ok(EarnedValue {
            bac: *bac,
            pv: *pv,
            ev: *ev,
            ac: *ac,
            sv: ev.checked_sub(pv)?,
            cv: ev.checked_sub(ac)?,
            spi: ratio(e, p)?,
            cpi: ratio(e, a)?,
            eac_cpi: eac_cpi.map(money),
            eac_atypical: money(add(a, remaining)?),
            eac_cpi_spi: eac_cpi_spi.map(money),
            eac_bottom_up: eac_bottom_up.map(money),
            etc: etc.map(money),
            vac: vac.map(money),
            tcpi_bac: ratio(remaining, sub(b, a)?)?,
            tcpi_eac,
        })
    }
}

/// Earned schedule (Lipke): time figures from the cumulative planned value per period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct EarnedSchedule {
    /// ES = C + (EV − PV_C) / (PV_{C+1} − PV_C), in periods.
    #[serde(serialize_with = "crate::wire::decimal")]
    pub es: Decimal,
    /// SPI(t) = ES / AT.
    #[serde(serialize_with = "crate::wire::decimal_opt")]
    pub spi_t: Option<Decimal>,
    /// IEAC(t) = PD / SPI(t), in periods.
    #[serde(serialize_with = "crate::wire::decimal_opt")]
    pub ieac_t: Option<Decimal>,
}

impl EarnedSchedule {
    /// `cumulative_pv[i]` is the planned value at the end of period `i` (index 0 is the start,
    /// usually zero); `actual_time` and `planned_duration` are in periods.
    ///
    /// ```
    /// use projectledger::{evm::EarnedSchedule, Currency, Money};
    /// # fn main() -> Result<(), projectledger::Error> {
    /// let pv: Vec<Money> = [0, 10, 25, 45, 70, 90, 100].iter().map(|v| Money::new((*v).into(), Currency::CNY)).collect();
    /// let es = EarnedSchedule::compute(&pv, &Money::new(55.into(), Currency::CNY), 4.into(), 6.into())?;
    /// assert_eq!((es.es.to_string(), es.spi_t.unwrap().to_string(), es.ieac_t.unwrap().to_string()), ("3.4".into(), "0.85".into(), "7.0588".into()));
    /// # Ok(()) }
    /// ```
    pub fn compute(cumulative_pv: &[Money], ev: &Money, actual_time: Decimal, planned_duration: Decimal) -> Result<EarnedSchedule> {
        let Some(first) = cumulative_pv.first() else {
            return Err(Error::invalid_field("cumulative planned value", "no periods given"));
        };
        for (i, pair) in cumulative_pv.windows(2).enumerate() {
            if let [earlier, later] = pair
                && later.checked_cmp(earlier)?.is_lt()
            {
                return Err(Error::invalid_field(
                    "cumulative planned value",
                    format!("period {} ({later}) is below period {i} ({earlier}); cumulative values never fall", i.saturating_add(1)),
                ));
            }
        }
        first.checked_cmp(ev)?;
        if actual_time.is_sign_negative() || planned_duration.is_sign_negative() {
            return Err(Error::invalid_field("time", "actual time and planned duration are not negative"));
        }
        let e = ev.amount();
        // C: the last period whose planned value EV has reached.
        let c = cumulative_pv.iter().rposition(|pv| pv.amount() <= e).unwrap_or(0);
        let whole = Decimal::from(c);
        let es = match (cumulative_pv.get(c), c.checked_add(1).and_then(|next| cumulative_pv.get(next))) {
            (Some(at_c), Some(next)) if e >= first.amount() => {
                let (pv_c, pv_next) = (at_c.amount(), next.amount());
                // Both differences lie between two amounts of one currency: they fit.
                let fraction = e.checked_sub(pv_c).zip(pv_next.checked_sub(pv_c)).and_then(|(done, step)| done.checked_div(step)).unwrap_or_default();
                whole.checked_add(fraction).ok_or_else(|| Error::overflow("earned schedule"))?
            }
            _ => whole,
        };
        // SPI(t) = ES / AT and IEAC(t) = PD / SPI(t) = PD·AT / ES, from the unrounded ES.
        let spi_t = ratio(es, actual_time)?;
        let ieac_t = if spi_t.is_some_and(|s| !s.is_zero()) {
            product_over(planned_duration, actual_time, es)?.map(round_ratio)
        } else {
            None
        };
        Ok(EarnedSchedule { es: round_ratio(es), spi_t, ieac_t })
    }
}

/// How a budget is spread over periods. Every profile sums exactly to the amount (largest
/// remainder in minor units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpreadProfile {
    /// Equal parts.
    Linear,
    /// Weights n, n−1, …, 1.
    FrontLoaded,
    /// Weights 1, 2, …, n.
    BackLoaded,
    /// Bell-shaped per period, weights i·(n + 1 − i): an S-shaped cumulative curve.
    SCurve,
    /// The given weights, one per period.
    Manual(Vec<Decimal>),
}

impl SpreadProfile {
    /// A profile by name: `linear`, `front_loaded`, `back_loaded`, `s_curve`, or `manual`
    /// with its weights.
    pub fn from_name(name: &str, weights: Option<Vec<Decimal>>) -> Result<SpreadProfile> {
        match (name, weights) {
            ("linear", None) => Ok(SpreadProfile::Linear),
            ("front_loaded", None) => Ok(SpreadProfile::FrontLoaded),
            ("back_loaded", None) => Ok(SpreadProfile::BackLoaded),
            ("s_curve", None) => Ok(SpreadProfile::SCurve),
            ("manual", Some(weights)) => Ok(SpreadProfile::Manual(weights)),
            ("manual", None) => Err(Error::InvalidWeights { reason: "a manual spread needs its weights".to_owned() }),
            (_, Some(_)) if ["linear", "front_loaded", "back_loaded", "s_curve"].contains(&name) => {
                Err(Error::InvalidWeights { reason: format!("the {name} profile takes no weights") })
            }
            _ => Err(Error::invalid_field("spread profile", format!("{name:?} is not one of linear, front_loaded, back_loaded, s_curve, manual"))),
        }
    }

    /// The profile's weights over `periods`.
    pub fn weights(&self, periods: usize) -> Result<Vec<Decimal>> {
        if periods == 0 {
            return Err(Error::InvalidWeights { reason: "a spread needs at least one period".to_owned() });
        }
        // The parts are built in memory: the bound split_evenly keeps.
        if periods > crate::money::MAX_SPLIT_PARTS {
            return Err(Error::InvalidWeights { reason: format!("a spread over {periods} periods (at most {})", crate::money::MAX_SPLIT_PARTS) });
        }
        let n = periods as i64;
        // n ≤ 1,000,000 and 1 ≤ i ≤ n: n − i and i·(n + 1 − i) < 2⁴⁰ cannot overflow.
        #[allow(clippy::arithmetic_side_effects)]
        Ok(match self {
            SpreadProfile::Linear => vec![Decimal::ONE; periods],
            SpreadProfile::FrontLoaded => (0..n).map(|i| Decimal::from(n - i)).collect(),
            SpreadProfile::BackLoaded => (1..=n).map(Decimal::from).collect(),
            SpreadProfile::SCurve => (1..=n).map(|i| Decimal::from(i * (n + 1 - i))).collect(),
            SpreadProfile::Manual(weights) if weights.len() == periods => weights.clone(),
            SpreadProfile::Manual(weights) => {
                return Err(Error::InvalidWeights { reason: format!("{} manual weights for {periods} periods", weights.len()) });
            }
        })
    }

    /// Spreads `amount` over `periods`; the parts sum exactly to it.
    pub fn spread(&self, amount: &Money, periods: usize) -> Result<Vec<Money>> {
        allocate(amount, &self.weights(periods)?)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::Currency;

    fn xts(v: &str) -> Money {
        Money::new(v.parse().unwrap(), Currency::new("XTS", 4).unwrap())
    }

    #[test]
    fn design_vector() {
        let f = EarnedValue::compute(&xts("100"), &xts("50"), &xts("40"), &xts("45"), Some(&xts("70"))).unwrap();
        assert_eq!((f.sv, f.cv), (xts("-10"), xts("-5")));
        assert_eq!((f.spi.unwrap().to_string(), f.cpi.unwrap().to_string()), ("0.8".into(), "0.8889".into()));
        assert_eq!(f.eac_cpi.unwrap(), xts("112.5"));
        assert_eq!(f.eac_atypical, xts("105"));
        assert_eq!(f.eac_cpi_spi.unwrap(), xts("129.375"));
        assert_eq!(f.eac_bottom_up.unwrap(), xts("115"));
        assert_eq!((f.etc.unwrap(), f.vac.unwrap()), (xts("67.5"), xts("-12.5")));
        assert_eq!(f.tcpi_bac.unwrap().to_string(), "1.0909");
        assert_eq!(f.tcpi_eac.unwrap().to_string(), "0.8889");
    }

    #[test]
    fn undefined_ratios_are_none() {
        let f = EarnedValue::compute(&xts("100"), &xts("0"), &xts("0"), &xts("0"), None).unwrap();
        assert_eq!((f.spi, f.cpi, f.eac_cpi, f.eac_cpi_spi, f.etc, f.vac, f.tcpi_eac), (None, None, None, None, None, None, None));
        assert_eq!(f.tcpi_bac.unwrap().to_string(), "1");
        let spent = EarnedValue::compute(&xts("100"), &xts("50"), &xts("0"), &xts("100"), None).unwrap();
        assert_eq!((spent.cpi, spent.eac_cpi, spent.tcpi_bac), (Some(Decimal::ZERO), None, None));
        let usd = Money::new(1.into(), Currency::USD);
        assert_eq!(EarnedValue::compute(&xts("1"), &usd, &xts("1"), &xts("1"), None).unwrap_err().kind(), "CurrencyMismatch");
    }

    #[test]
    fn spreads_sum_exactly() {
        let total = Money::parse("CNY 1000.00").unwrap();
        for profile in [SpreadProfile::Linear, SpreadProfile::FrontLoaded, SpreadProfile::BackLoaded, SpreadProfile::SCurve] {
            let parts = profile.spread(&total, 7).unwrap();
            let sum = parts.iter().try_fold(Money::zero(Currency::CNY), |a, m| a.checked_add(m)).unwrap();
            assert_eq!(sum, total, "{profile:?}");
        }
        let s = SpreadProfile::SCurve.spread(&total, 4).unwrap();
        assert_eq!(s.iter().map(|m| m.amount().to_string()).collect::<Vec<_>>(), ["200.00", "300.00", "300.00", "200.00"]);
        assert!(SpreadProfile::Manual(vec![Decimal::ONE]).spread(&total, 2).is_err());
    }
}
