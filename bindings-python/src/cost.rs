//! The cost centre on the Python surface: the breakdown, the cost payloads of the journal
//! and the conversions of their arguments (lines, names of kinds and states).

use projectledger::budget::CostLine;
use projectledger::cost::{CostBreakdown, ForecastItem, ForecastMethod};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde::de::DeserializeOwned;

use crate::convert::Amount;
use crate::errors::{to_py_err, type_error, OrRaise};

/// A snake_case name of a core enum (document kind, status, cost kind, control action …),
/// read the way the journal reads it; an unknown name lists the known ones.
pub fn named<T: DeserializeOwned>(field: &str, name: &str) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|e| to_py_err(projectledger::Error::InvalidField { field: field.to_owned(), reason: e.to_string() }))
}

/// A cost line from Python: a `(code, cost_type, amount)` tuple or a dict with those keys.
pub struct Line(pub CostLine);

impl<'a, 'py> FromPyObject<'a, 'py> for Line {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let (code, cost_type, amount): (String, String, Amount) = if let Ok(tuple) = obj.cast::<PyTuple>() {
            tuple.extract()?
        } else if let Ok(dict) = obj.cast::<PyDict>() {
            let get = |key: &str| dict.get_item(key)?.ok_or_else(|| type_error(obj.py(), &format!("a cost line dict needs {key:?}")));
            (get("code")?.extract()?, get("cost_type")?.extract()?, get("amount")?.extract()?)
        } else {
            return Err(type_error(obj.py(), "a cost line is (code, cost_type, amount) or a dict with those keys"));
        };
        Ok(Line(CostLine { code, cost_type, amount: amount.0 }))
    }
}

pub fn lines(lines: Vec<Line>) -> Vec<CostLine> {
    lines.into_iter().map(|l| l.0).collect()
}

/// A forecast method from its name and, for lump sum, the amount; for manual, the items as
/// `(description, quantity, unit_cost)`.
pub fn forecast_method(method: &str, amount: Option<Amount>, items: Option<Vec<(String, Amount, Amount)>>) -> PyResult<ForecastMethod> {
    let method = match (method, amount, items) {
        ("automatic", None, None) => ForecastMethod::Automatic,
        ("lump_sum", Some(amount), None) => ForecastMethod::LumpSum { amount: amount.0 },
        ("manual", None, Some(items)) => ForecastMethod::Manual {
            items: items.into_iter().map(|(description, q, u)| ForecastItem { description, quantity: q.0, unit_cost: u.0 }).collect(),
        },
        (name, _, _) => {
            return Err(to_py_err(projectledger::Error::InvalidField {
                field: "forecast method".to_owned(),
                reason: format!("{name:?}: automatic takes nothing, lump_sum an amount, manual items (description, quantity, unit_cost)"),
            }))
        }
    };
    Ok(method)
}

/// A validated tree of cost codes × cost types (the cost centre's breakdown).
#[pyclass(frozen, module = "projectledger", name = "CostBreakdown")]
#[derive(Clone)]
pub struct PyCostBreakdown(pub CostBreakdown);

#[pymethods]
impl PyCostBreakdown {
    /// Reads `{"codes": [{"code", "name", "parent"?}], "cost_types": [...]}`; every problem
    /// (duplicates, orphans, cycles) is listed in InvalidCostBreakdownError.problems.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Self> {
        CostBreakdown::from_json(json).map(PyCostBreakdown).or_raise()
    }
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.0.codes().map(str::to_owned).collect()
    }
    #[getter]
    fn cost_types(&self) -> Vec<String> {
        self.0.cost_types().to_vec()
    }
    fn is_leaf(&self, code: &str) -> bool {
        self.0.is_leaf(code)
    }
    fn children(&self, code: &str) -> PyResult<Vec<String>> {
        Ok(self.0.children(code).or_raise()?.into_iter().map(str::to_owned).collect())
    }
    fn __len__(&self) -> usize {
        self.0.len()
    }
    /// The JSON `from_json` reads.
    fn to_json(&self) -> String {
        self.0.to_json()
    }
}
