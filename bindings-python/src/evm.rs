//! Earned value, earned schedule and spread profiles: conversions over the core.

use projectledger::evm::{EarnedSchedule, EarnedValue, SpreadProfile};
use projectledger::Decimal;
use pyo3::prelude::*;

use crate::convert::{Amount, Int};
use crate::errors::OrRaise;
use crate::money::PyMoney;

/// Earned-value figures at a status date; undefined ratios are None.
#[pyclass(frozen, module = "projectledger", name = "EarnedValue")]
pub struct PyEarnedValue(pub EarnedValue);

fn money(m: Option<projectledger::Money>) -> Option<PyMoney> {
    m.map(PyMoney)
}

#[pymethods]
impl PyEarnedValue {
    #[getter]
    fn bac(&self) -> PyMoney {
        PyMoney(self.0.bac)
    }
    #[getter]
    fn pv(&self) -> PyMoney {
        PyMoney(self.0.pv)
    }
    #[getter]
    fn ev(&self) -> PyMoney {
        PyMoney(self.0.ev)
    }
    #[getter]
    fn ac(&self) -> PyMoney {
        PyMoney(self.0.ac)
    }
    #[getter]
    fn sv(&self) -> PyMoney {
        PyMoney(self.0.sv)
    }
    #[getter]
    fn cv(&self) -> PyMoney {
        PyMoney(self.0.cv)
    }
    #[getter]
    fn spi(&self) -> Option<Decimal> {
        self.0.spi
    }
    #[getter]
    fn cpi(&self) -> Option<Decimal> {
        self.0.cpi
    }
    #[getter]
    fn eac_cpi(&self) -> Option<PyMoney> {
        money(self.0.eac_cpi)
    }
    #[getter]
    fn eac_atypical(&self) -> PyMoney {
        PyMoney(self.0.eac_atypical)
    }
    #[getter]
    fn eac_cpi_spi(&self) -> Option<PyMoney> {
        money(self.0.eac_cpi_spi)
    }
    #[getter]
    fn eac_bottom_up(&self) -> Option<PyMoney> {
        money(self.0.eac_bottom_up)
    }
    #[getter]
    fn etc(&self) -> Option<PyMoney> {
        money(self.0.etc)
    }
    #[getter]
    fn vac(&self) -> Option<PyMoney> {
        money(self.0.vac)
    }
    #[getter]
    fn tcpi_bac(&self) -> Option<Decimal> {
        self.0.tcpi_bac
    }
    #[getter]
    fn tcpi_eac(&self) -> Option<Decimal> {
        self.0.tcpi_eac
    }
    fn __repr__(&self) -> String {
        format!("EarnedValue(sv={}, cv={}, spi={:?}, cpi={:?})", self.0.sv, self.0.cv, self.0.spi, self.0.cpi)
    }
}

/// SV, CV, SPI, CPI, every EAC variant, ETC, VAC, TCPI — one currency.
#[pyfunction]
#[pyo3(signature = (bac, pv, ev, ac, bottom_up_etc = None))]
pub fn earned_value(
    bac: PyRef<'_, PyMoney>,
    pv: PyRef<'_, PyMoney>,
    ev: PyRef<'_, PyMoney>,
    ac: PyRef<'_, PyMoney>,
    bottom_up_etc: Option<PyRef<'_, PyMoney>>,
) -> PyResult<PyEarnedValue> {
    EarnedValue::compute(&bac.0, &pv.0, &ev.0, &ac.0, bottom_up_etc.as_ref().map(|m| &m.0)).map(PyEarnedValue).or_raise()
}

/// Earned schedule figures (ES and IEAC(t) in periods).
#[pyclass(frozen, module = "projectledger", name = "EarnedSchedule")]
pub struct PyEarnedSchedule(pub EarnedSchedule);

#[pymethods]
impl PyEarnedSchedule {
    #[getter]
    fn es(&self) -> Decimal {
        self.0.es
    }
    #[getter]
    fn spi_t(&self) -> Option<Decimal> {
        self.0.spi_t
    }
    #[getter]
    fn ieac_t(&self) -> Option<Decimal> {
        self.0.ieac_t
    }
    fn __repr__(&self) -> String {
        format!("EarnedSchedule(es={}, spi_t={:?}, ieac_t={:?})", self.0.es, self.0.spi_t, self.0.ieac_t)
    }
}

/// Lipke's earned schedule from the cumulative planned value per period.
#[pyfunction]
pub fn earned_schedule(
    cumulative_pv: Vec<PyRef<'_, PyMoney>>,
    ev: PyRef<'_, PyMoney>,
    actual_time: Amount,
    planned_duration: Amount,
) -> PyResult<PyEarnedSchedule> {
    let pv: Vec<projectledger::Money> = cumulative_pv.iter().map(|m| m.0).collect();
    EarnedSchedule::compute(&pv, &ev.0, actual_time.0, planned_duration.0).map(PyEarnedSchedule).or_raise()
}

/// Spreads an amount over periods by a profile (linear, front_loaded, back_loaded, s_curve,
/// or manual with weights); the parts sum exactly to the amount.
#[pyfunction]
#[pyo3(signature = (amount, periods, profile = "linear", weights = None))]
pub fn spread(amount: PyRef<'_, PyMoney>, periods: Int<i64>, profile: &str, weights: Option<Vec<Amount>>) -> PyResult<Vec<PyMoney>> {
    let periods = usize::try_from(periods.0).map_err(|_| projectledger::Error::InvalidWeights { reason: format!("a spread over {} periods", periods.0) }).or_raise()?;
    let weights = weights.map(|ws| ws.into_iter().map(|w| w.0).collect());
    let profile = SpreadProfile::from_name(profile, weights).or_raise()?;
    Ok(profile.spread(&amount.0, periods).or_raise()?.into_iter().map(PyMoney).collect())
}
