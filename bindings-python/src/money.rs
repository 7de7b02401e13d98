//! `Currency`, `Money`, `allocate`, `split_evenly`: conversions over the core, nothing more.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::str::FromStr;

use projectledger::{self as core, RoundingStrategy};
use pyo3::basic::CompareOp;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::{Amount, Int};
use crate::errors::{type_error, OrRaise};

/// An ISO 4217 currency: code and minor units.
#[pyclass(frozen, eq, hash, module = "projectledger", name = "Currency", from_py_object)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyCurrency(pub core::Currency);

#[pymethods]
impl PyCurrency {
    #[new]
    #[pyo3(signature = (code, minor_units = None))]
    fn new(code: &str, minor_units: Option<Int<u8>>) -> PyResult<Self> {
        match minor_units.map(|m| m.0) {
            Some(minor) => core::Currency::new(code, minor),
            None => core::Currency::from_code(code),
        }
        .map(PyCurrency)
        .or_raise()
    }

    #[getter]
    fn code(&self) -> &str {
        self.0.code()
    }

    #[getter]
    fn minor_units(&self) -> u8 {
        self.0.minor_units()
    }

    fn __repr__(&self) -> String {
        format!("Currency({:?}, {})", self.0.code(), self.0.minor_units())
    }

    fn __str__(&self) -> &str {
        self.0.code()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let this = slf.get();
        let args = PyTuple::new(slf.py(), [this.0.code().into_pyobject(slf.py())?.into_any(), this.0.minor_units().into_pyobject(slf.py())?.into_any()])?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// A currency given as a `Currency` or a built-in code.
pub fn currency_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::Currency> {
    if let Ok(currency) = obj.cast::<PyCurrency>() {
        return Ok(currency.get().0);
    }
    match obj.extract::<String>() {
        Ok(code) => core::Currency::from_code(&code).or_raise(),
        Err(_) => Err(type_error(obj.py(), "a currency is a Currency or a built-in code such as \"CNY\"")),
    }
}

/// An exact amount in one currency.
#[pyclass(frozen, module = "projectledger", name = "Money", from_py_object)]
#[derive(Clone)]
pub struct PyMoney(pub core::Money);

#[pymethods]
impl PyMoney {
    #[new]
    fn new(amount: Amount, currency: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyMoney(core::Money::new(amount.0, currency_arg(currency)?)))
    }

    /// Parses "CNY 12.50" or "12.50 CNY".
    #[staticmethod]
    fn parse(text: &str) -> PyResult<Self> {
        core::Money::parse(text).map(PyMoney).or_raise()
    }

    #[staticmethod]
    fn zero(currency: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyMoney(core::Money::zero(currency_arg(currency)?)))
    }

    #[staticmethod]
    fn from_minor_units(units: Int<i128>, currency: &Bound<'_, PyAny>) -> PyResult<Self> {
        core::Money::from_minor_units(units.0, currency_arg(currency)?).map(PyMoney).or_raise()
    }

    #[getter]
    fn amount(&self) -> core::Decimal {
        self.0.amount()
    }

    #[getter]
    fn currency(&self) -> PyCurrency {
        PyCurrency(self.0.currency())
    }

    fn to_minor_units(&self) -> PyResult<i128> {
        self.0.to_minor_units().or_raise()
    }

    fn is_in_minor_units(&self) -> bool {
        self.0.is_in_minor_units()
    }

    #[pyo3(signature = (strategy = "half_away_from_zero"))]
    fn round(&self, strategy: &str) -> PyResult<Self> {
        let strategy = RoundingStrategy::from_str(strategy).or_raise()?;
        Ok(PyMoney(self.0.round(strategy)))
    }

    fn __add__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        match other.cast::<PyMoney>() {
            Ok(other) => Ok(PyMoney(self.0.checked_add(&other.get().0).or_raise()?).into_pyobject(py)?.into_any().unbind()),
            Err(_) => Ok(py.NotImplemented()),
        }
    }

    fn __sub__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        match other.cast::<PyMoney>() {
            Ok(other) => Ok(PyMoney(self.0.checked_sub(&other.get().0).or_raise()?).into_pyobject(py)?.into_any().unbind()),
            Err(_) => Ok(py.NotImplemented()),
        }
    }

    fn __neg__(&self) -> Self {
        PyMoney(self.0.neg())
    }

    /// Money × an exact factor (quantity or rate); refused rather than rounded.
    fn __mul__(&self, factor: &Bound<'_, PyAny>) -> PyResult<Self> {
        let factor: Amount = factor.extract()?;
        self.0.checked_mul(factor.0).map(PyMoney).or_raise()
    }

    fn __rmul__(&self, factor: &Bound<'_, PyAny>) -> PyResult<Self> {
        self.__mul__(factor)
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let Ok(other) = other.cast::<PyMoney>() else { return Ok(py.NotImplemented()) };
        let other = &other.get().0;
        let result = match op {
            CompareOp::Eq => self.0 == *other,
            CompareOp::Ne => self.0 != *other,
            // Ordering across currencies is an error, not False.
            _ => op.matches(self.0.checked_cmp(other).or_raise()?),
        };
        Ok(pyo3::types::PyBool::new(py, result).to_owned().into_any().unbind())
    }

    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.0.hash(&mut hasher);
        hasher.finish()
    }

    fn __repr__(&self) -> String {
        format!("Money('{}', '{}')", self.0.amount(), self.0.currency())
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String, PyCurrency))> {
        let this = slf.get();
        Ok((slf.get_type().into_any(), (this.0.amount().to_string(), PyCurrency(this.0.currency()))))
    }
}

fn to_py(shares: Vec<core::Money>) -> Vec<PyMoney> {
    shares.into_iter().map(PyMoney).collect()
}

/// Splits `total` by `weights` (largest remainder, exact): the shares sum to the total.
#[pyfunction]
pub fn allocate(total: PyRef<'_, PyMoney>, weights: Vec<Amount>) -> PyResult<Vec<PyMoney>> {
    let weights: Vec<core::Decimal> = weights.into_iter().map(|w| w.0).collect();
    core::allocate(&total.0, &weights).map(to_py).or_raise()
}

/// Splits `total` into `parts` shares as equal as minor units allow.
#[pyfunction]
pub fn split_evenly(total: PyRef<'_, PyMoney>, parts: Int<i64>) -> PyResult<Vec<PyMoney>> {
    let parts = usize::try_from(parts.0).map_err(|_| core::Error::InvalidWeights { reason: format!("cannot split into {} parts", parts.0) }).or_raise()?;
    core::split_evenly(&total.0, parts).map(to_py).or_raise()
}
