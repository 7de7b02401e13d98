//! Strict conversions at the Python boundary: an amount is a `decimal.Decimal`, an `int` or
//! an exact string (never a float or a bool, never silently rounded); a date is a
//! `datetime.date` (never a `datetime` quietly cut to its date); a timestamp is an aware
//! `datetime`.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use projectledger::decimal::{from_parts, parse_exact};
use projectledger::{Decimal, ProjectId};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyFloat, PyInt, PyString, PyTuple, PyType};

use crate::errors::{to_py_err, type_error, OrRaise};

static DECIMAL_TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An exact amount or quantity taken from Python.
pub struct Amount(pub Decimal);

impl<'a, 'py> FromPyObject<'a, 'py> for Amount {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if obj.is_instance_of::<PyBool>() {
            return Err(type_error(py, "a bool is not an amount; use decimal.Decimal, int or str"));
        }
        if obj.is_instance_of::<PyFloat>() {
            return Err(type_error(
                py,
                "a float is not an exact amount; use decimal.Decimal(\"0.1\"), an int or a string",
            ));
        }
        if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyString>() {
            let text = obj.str()?;
            return parse_exact(&text.to_cow()?).map(Amount).map_err(to_py_err);
        }
        let decimal_type = DECIMAL_TYPE.import(py, "decimal", "Decimal")?;
        if !obj.is_instance(decimal_type)? {
            let name = obj.get_type().name()?;
            return Err(type_error(py, &format!("{name} is not an amount; use decimal.Decimal, int or str")));
        }
        if !obj.call_method0("is_finite")?.extract::<bool>()? {
            let text = obj.str()?.to_cow()?.into_owned();
            return Err(to_py_err(projectledger::Error::InvalidAmount {
                input: text,
                reason: "NaN and infinity are not amounts".to_owned(),
            }));
        }
        // (sign, digits, exponent) is exact whatever the notation.
        let parts = obj.call_method0("as_tuple")?;
        let parts = parts.cast::<PyTuple>()?;
        let negative = parts.get_item(0)?.extract::<u8>()? == 1;
        let digits: Vec<u8> = parts.get_item(1)?.extract()?;
        let exponent: i64 = parts.get_item(2)?.extract()?;
        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        from_parts(negative, &text, exponent).map(Amount).map_err(to_py_err)
    }
}

/// A whole number taken from Python: an `int`, never a bool (which Python counts as 1 or 0);
/// one out of the type's range is a projectledger error naming the field, not an
/// OverflowError.
pub struct Int<T>(pub T);

impl<'a, 'py, T: TryFrom<i128>> FromPyObject<'a, 'py> for Int<T> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
            let name = obj.get_type().name()?;
            return Err(type_error(py, &format!("{name} is not a whole number; use an int")));
        }
        let out_of_range = || {
            let text = obj.str().map(|s| s.to_string()).unwrap_or_default();
            let shown: String = text.chars().take(60).collect();
            to_py_err(projectledger::Error::invalid_field("number", format!("{shown} is out of range ({} bits at most)", std::mem::size_of::<T>() * 8)))
        };
        let wide: i128 = obj.extract().map_err(|_| out_of_range())?;
        T::try_from(wide).map(Int).map_err(|_| out_of_range())
    }
}

/// A calendar date taken from Python.
pub struct Date(pub NaiveDate);

impl<'a, 'py> FromPyObject<'a, 'py> for Date {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if obj.is_instance_of::<PyDateTime>() {
            return Err(type_error(py, "a datetime is not a date; pass value.date() if the day is what you mean"));
        }
        if !obj.is_instance_of::<PyDate>() {
            let name = obj.get_type().name()?;
            return Err(type_error(py, &format!("{name} is not a date; use datetime.date")));
        }
        Ok(Date(obj.extract()?))
    }
}

/// A moment taken from Python: an aware `datetime` in any zone (a fixed offset, `zoneinfo`,
/// pandas' Timestamp), stored in UTC.
pub struct Timestamp(pub DateTime<Utc>);

impl<'a, 'py> FromPyObject<'a, 'py> for Timestamp {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if !obj.is_instance_of::<PyDateTime>() {
            let name = obj.get_type().name()?;
            return Err(type_error(py, &format!("{name} is not a datetime; use an aware datetime.datetime")));
        }
        if obj.getattr("tzinfo")?.is_none() || obj.call_method0("utcoffset")?.is_none() {
            return Err(type_error(py, "a naive datetime is ambiguous; give it a tzinfo (e.g. datetime.timezone.utc)"));
        }
        // Python converts from its own zone (a zoneinfo zone is no fixed offset); a year-1 time
        // east of UTC cannot be converted and is refused as out of range.
        static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let utc = UTC.get_or_try_init(py, || -> PyResult<Py<PyAny>> { Ok(py.import("datetime")?.getattr("timezone")?.getattr("utc")?.unbind()) })?;
        let in_utc = obj.call_method1("astimezone", (utc.bind(py),)).map_err(|_| {
            to_py_err(projectledger::Error::DateOutOfRange { reason: format!("{} has no UTC time in the years 1 to 9999", obj.str().map(|s| s.to_string()).unwrap_or_default()) })
        })?;
        let moment: DateTime<FixedOffset> = in_utc.extract()?;
        Ok(Timestamp(moment.with_timezone(&Utc)))
    }
}

/// A project id, checked.
pub fn project_id_of(id: &str) -> PyResult<ProjectId> {
    ProjectId::try_new(id).or_raise()
}
