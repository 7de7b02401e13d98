//! Records built from plain Python data — dicts with the keys the matching getters give,
//! lists or tuples, `str`, `int`, `bool`, `None`, `decimal.Decimal`, `datetime.date` and
//! aware `datetime` — read through the core's own serde form, so a builder from data checks
//! exactly what the JSON reader checks. Floats are refused (not exact), as everywhere.

use projectledger::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::convert::{Amount, Date, Timestamp};
use crate::errors::to_py_err;

/// Nesting deeper than any record of the core: a list holding itself stops here.
const MAX_DEPTH: usize = 16;

/// `T` from Python data; a value of the wrong shape is `refused(message)`, the message naming
/// where (`phases[1].name: …`).
pub fn from_data<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, refused: impl Fn(String) -> Error) -> PyResult<T> {
    let value = value_of(obj, "", 0).map_err(|message| to_py_err(refused(message)))?;
    serde_json::from_value(value).map_err(|e| to_py_err(refused(e.to_string())))
}

fn value_of(obj: &Bound<'_, PyAny>, at: &str, depth: usize) -> Result<Value, String> {
    let here = |reason: &str| if at.is_empty() { reason.to_owned() } else { format!("{at}: {reason}") };
    let exact = |e: PyErr| here(&e.to_string());
    if depth > MAX_DEPTH {
        return Err(here(&format!("nested deeper than {MAX_DEPTH} levels")));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(obj.is_truthy().map_err(exact)?));
    }
    if obj.is_instance_of::<PyInt>() {
        let n: i64 = obj.extract().map_err(|_| here("an int out of range"))?;
        return Ok(Value::from(n));
    }
    if obj.is_instance_of::<PyString>() {
        return Ok(Value::String(obj.extract().map_err(exact)?));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(here("a float is not exact; use decimal.Decimal or a string"));
    }
    if obj.is_instance_of::<PyDateTime>() {
        let Timestamp(moment) = obj.extract().map_err(exact)?;
        return Ok(Value::String(moment.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)));
    }
    if obj.is_instance_of::<PyDate>() {
        let Date(day) = obj.extract().map_err(exact)?;
        return Ok(Value::String(day.to_string()));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, item) in dict.iter() {
            let key: String = key.extract().map_err(|_| here("a key is not a string"))?;
            let inner = if at.is_empty() { key.clone() } else { format!("{at}.{key}") };
            map.insert(key, value_of(&item, &inner, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let items: Vec<Bound<'_, PyAny>> = obj.try_iter().map_err(exact)?.collect::<PyResult<_>>().map_err(exact)?;
        return items.iter().enumerate().map(|(i, item)| value_of(item, &format!("{at}[{i}]"), depth + 1)).collect::<Result<_, _>>().map(Value::Array);
    }
    if let Ok(Amount(decimal)) = obj.extract::<Amount>() {
        return Ok(Value::String(decimal.to_string()));
    }
    let name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    Err(here(&format!("{name} is not data (use dict, list, tuple, str, int, bool, None, Decimal or date)")))
}
