//! The cost centre on the Python surface: the breakdown, the cost payloads of the journal
//! and the conversions of their arguments (lines, names of kinds and states).

use std::collections::HashMap;

use projectledger::cost::CostLine;
use projectledger::cost::work_package::{EvTechnique, Milestone, Progress};
use projectledger::cost::{CellRef, Column, CostBreakdown, CostLedger, ForecastItem, ForecastMethod};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde::de::DeserializeOwned;

use std::str::FromStr;

use crate::convert::{project_id_of, Amount, Date, Timestamp};
use crate::evm::{PyEarnedSchedule, PyEarnedValue};
use crate::journal::{cost_centre, PyJournal};
use crate::rows::typed_rows;
use crate::errors::{to_py_err, type_error, OrRaise};
use crate::money::currency_arg;

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
        Ok(Line(CostLine { code: code.into(), cost_type, amount: amount.0 }))
    }
}

/// An EV technique from its name ("zero_hundred", "fifty_fifty", "weighted_milestones",
/// "physical_percent", "level_of_effort") and, for milestones, (name, weight) pairs.
pub fn technique(name: &str, milestones: Option<Vec<(String, Amount)>>) -> PyResult<EvTechnique> {
    match (name, milestones) {
        ("weighted_milestones", Some(milestones)) => Ok(EvTechnique::WeightedMilestones {
            milestones: milestones.into_iter().map(|(name, weight)| Milestone { name, weight: weight.0 }).collect(),
        }),
        (name, None) if name != "weighted_milestones" => serde_json::from_value(serde_json::json!({ "kind": name }))
            .map_err(|e| to_py_err(projectledger::Error::InvalidField { field: "EV technique".to_owned(), reason: e.to_string() })),
        (name, _) => Err(to_py_err(projectledger::Error::InvalidField {
            field: "EV technique".to_owned(),
            reason: format!("{name:?}: only weighted_milestones takes milestones, and it needs them"),
        })),
    }
}

/// A progress report from its kind ("started", "finished", "milestone_done" with a
/// milestone, "percent_complete" with a percent).
pub fn progress(kind: &str, milestone: Option<String>, percent: Option<Amount>) -> PyResult<Progress> {
    match (kind, milestone, percent) {
        ("started", None, None) => Ok(Progress::Started),
        ("finished", None, None) => Ok(Progress::Finished),
        ("milestone_done", Some(milestone), None) => Ok(Progress::MilestoneDone { milestone }),
        ("percent_complete", None, Some(percent)) => Ok(Progress::PercentComplete { percent: percent.0 }),
        (kind, _, _) => Err(to_py_err(projectledger::Error::InvalidField {
            field: "progress".to_owned(),
            reason: format!("{kind:?}: started and finished take nothing, milestone_done a milestone, percent_complete a percent"),
        })),
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
    /// A breakdown from data: codes as dicts (`code`, `name`, `parent`) or tuples
    /// `(code, name[, parent])`; cost types default to the standard ones. Every problem
    /// (duplicates, orphans, cycles) is listed in InvalidCostBreakdownError.problems.
    #[new]
    #[pyo3(signature = (codes, cost_types = None))]
    fn new(codes: &Bound<'_, PyAny>, cost_types: Option<Vec<String>>) -> PyResult<Self> {
        let codes = crate::data::from_data(codes, |problem| projectledger::Error::InvalidCostBreakdown { problems: vec![problem] })?;
        let cost_types = cost_types.unwrap_or_else(|| projectledger::cost::STANDARD_COST_TYPES.iter().map(|t| (*t).to_owned()).collect());
        CostBreakdown::new(codes, cost_types).map(PyCostBreakdown).or_raise()
    }
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

/// The rollup engine on its own (no journal): postings in as columns, a full rollup in one
/// pass, figures out per node. For analytics over exported postings and for the benchmark.
#[pyclass(module = "projectledger", name = "CostLedger")]
pub struct PyCostLedger(CostLedger);

/// Postings tables repeat the same string objects, so names are resolved once per distinct
/// object (the lists keep every object alive for the call: an address is never reused).
fn object_key(item: &Bound<'_, PyAny>) -> usize {
    item.as_ptr() as usize
}

/// Hashes an object address with one multiplication (Fibonacci hashing): addresses are
/// distinct and not chosen by an adversary, so SipHash's cost buys nothing here.
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8 | u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, address: usize) {
        self.0 = (address as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(32);
    }
}

type ByAddress<T> = HashMap<usize, T, std::hash::BuildHasherDefault<AddressHasher>>;

/// The same for the handful of names a column repeats (cost types, columns): a short list
/// searched by address beats hashing.
struct FewNames<T> {
    seen: Vec<(usize, T)>,
}

impl<T> Default for FewNames<T> {
    fn default() -> Self {
        FewNames { seen: Vec::new() }
    }
}

impl<T: Copy> FewNames<T> {
    fn get(&mut self, item: &Bound<'_, PyAny>, resolve: impl FnOnce(&str) -> PyResult<T>) -> PyResult<T> {
        let key = object_key(item);
        if let Some((_, value)) = self.seen.iter().find(|(k, _)| *k == key) {
            return Ok(*value);
        }
        let value = resolve(&item.extract::<std::borrow::Cow<'_, str>>()?)?;
        self.seen.push((key, value));
        Ok(value)
    }
}

/// The value of a name, resolved the first time its object is met.
fn cached<T: Copy>(cache: &mut ByAddress<T>, item: &Bound<'_, PyAny>, resolve: impl FnOnce(&str) -> PyResult<T>) -> PyResult<T> {
    let key = object_key(item);
    if let Some(value) = cache.get(&key) {
        return Ok(*value);
    }
    let value = resolve(&item.extract::<std::borrow::Cow<'_, str>>()?)?;
    cache.insert(key, value);
    Ok(value)
}

#[pymethods]
impl PyCostLedger {
    #[new]
    fn new(breakdown: PyRef<'_, PyCostBreakdown>, currency: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyCostLedger(CostLedger::new(breakdown.0.clone(), currency_arg(currency)?)))
    }

    /// Replaces every figure with the rollup of a postings table given as four equal-length
    /// lists: leaf code, cost type, column name ("original_budget", "approved_changes",
    /// "pending_changes", "committed", "pending_cost_changes", "invoiced", "direct_costs")
    /// and amount in minor units (int, exact). All or nothing.
    fn rollup(&mut self, codes: &Bound<'_, PyList>, cost_types: &Bound<'_, PyList>, columns: &Bound<'_, PyList>, units: &Bound<'_, PyList>) -> PyResult<()> {
        let n = codes.len();
        if cost_types.len() != n || columns.len() != n || units.len() != n {
            return Err(to_py_err(projectledger::Error::InvalidField {
                field: "postings".to_owned(),
                reason: format!("the four lists differ in length ({n}, {}, {}, {})", cost_types.len(), columns.len(), units.len()),
            }));
        }
        let tree = self.0.breakdown();
        let mut code_at = ByAddress::default();
        let (mut type_at, mut column_of) = (FewNames::default(), FewNames::default());
        let mut postings: Vec<(CellRef, Column, i64)> = Vec::with_capacity(n);
        for i in 0..n {
            let code = cached(&mut code_at, &codes.get_item(i)?, |name| tree.position(name).or_raise())?;
            let cost_type = type_at.get(&cost_types.get_item(i)?, |name| tree.cost_type_position(name).or_raise())?;
            let column: Column = column_of.get(&columns.get_item(i)?, |name| named("column", name))?;
            postings.push((self.0.cell_at(code, cost_type).or_raise()?, column, units.get_item(i)?.extract()?));
        }
        self.0.rollup_from(&postings).or_raise()
    }

    /// One column for every node (all cost types) in declaration order, in minor units.
    fn node_totals(&self, column: &str) -> PyResult<Vec<i128>> {
        Ok(self.0.node_totals(named("column", column)?))
    }

    /// The budget view of one code's subtree (or the project with no code), amounts as Decimal.
    #[pyo3(signature = (code = None, cost_type = None))]
    fn row<'py>(&self, py: Python<'py>, code: Option<&str>, cost_type: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        crate::rows::typed_rows(py, &self.0.row(code, cost_type).or_raise()?, Some(self.0.currency().code()))
    }
}

#[pymethods]
impl PyJournal {
    /// The budget view of a project: every code in tree order (parents first), then the
    /// project total; amounts as Decimal in the project's currency. `as_of` (an aware
    /// datetime) folds only the events recorded up to it. Rows offer to_pandas()/to_arrow().
    #[pyo3(signature = (project_id, cost_type = None, as_of = None))]
    fn budget_view<'py>(&self, py: Python<'py>, project_id: &str, cost_type: Option<&str>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state_at(py, as_of);
        let centre = cost_centre(&state, project_id)?;
        typed_rows(py, &centre.view(cost_type).or_raise()?, Some(centre.ledger().currency().code()))
    }

    /// One row of the budget view: a code's subtree (or the project with no code).
    #[pyo3(signature = (project_id, code = None, cost_type = None, as_of = None))]
    fn budget_row<'py>(&self, py: Python<'py>, project_id: &str, code: Option<&str>, cost_type: Option<&str>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state_at(py, as_of);
        let centre = cost_centre(&state, project_id)?;
        typed_rows(py, &centre.row(code, cost_type).or_raise()?, Some(centre.ledger().currency().code()))
    }

    /// Contract value, change orders, billed, received, and the gross margin over the
    /// estimated cost at completion (margin_percent None without a contract value).
    #[pyo3(signature = (project_id, as_of = None))]
    fn margin<'py>(&self, py: Python<'py>, project_id: &str, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state_at(py, as_of);
        let centre = cost_centre(&state, project_id)?;
        typed_rows(py, &centre.margin().or_raise()?, Some(centre.ledger().currency().code()))
    }

    /// Earned value of a code's subtree (or the project) at the end of `status_date`: BAC and
    /// AC from the budget view, PV and EV from the work packages; `as_of` as for budget_view.
    #[pyo3(signature = (project_id, status_date, code = None, as_of = None))]
    fn earned_value(&self, py: Python<'_>, project_id: &str, status_date: Date, code: Option<&str>, as_of: Option<Timestamp>) -> PyResult<PyEarnedValue> {
        let state = self.state_at(py, as_of);
        state.earned_value(&project_id_of(project_id)?, code, status_date.0).map(PyEarnedValue).or_raise()
    }

    /// Earned schedule of a code's subtree (or the project) in periods ("day", "iso_week",
    /// "month", "quarter", "year"): AT is the number of periods ended by `status_date`, PD
    /// the number from the first work package's start to the last one's finish.
    #[pyo3(signature = (project_id, status_date, period = "month", code = None, as_of = None))]
    fn earned_schedule(&self, py: Python<'_>, project_id: &str, status_date: Date, period: &str, code: Option<&str>, as_of: Option<Timestamp>) -> PyResult<PyEarnedSchedule> {
        let state = self.state_at(py, as_of);
        let kind = projectledger::PeriodKind::from_str(period).or_raise()?;
        state.earned_schedule(&project_id_of(project_id)?, code, status_date.0, kind).map(PyEarnedSchedule).or_raise()
    }

    /// The cost documents of a project (budget changes, commitments, change orders), by id.
    fn cost_documents<'py>(&self, py: Python<'py>, project_id: &str) -> PyResult<Bound<'py, PyAny>> {
        let journal = self.read(py);
        typed_rows(py, &cost_centre(journal.state(), project_id)?.documents().values().collect::<Vec<_>>(), None)
    }

    /// One cost document of a project by id, as a row of `cost_documents()` reads it; None
    /// when the project has none with it.
    fn cost_document<'py>(&self, py: Python<'py>, project_id: &str, document_id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let journal = self.read(py);
        cost_centre(journal.state(), project_id)?.documents().get(document_id).map(|d| typed_rows(py, d, None)).transpose()
    }

    /// Invoices, direct and labour costs of a project, by id.
    fn cost_records<'py>(&self, py: Python<'py>, project_id: &str) -> PyResult<Bound<'py, PyAny>> {
        let journal = self.read(py);
        typed_rows(py, &cost_centre(journal.state(), project_id)?.records().values().collect::<Vec<_>>(), None)
    }

    /// What Warn budget controls reported, with the figures; `event_id` narrows to one event.
    #[pyo3(signature = (project_id, event_id = None))]
    fn budget_warnings<'py>(&self, py: Python<'py>, project_id: &str, event_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let journal = self.read(py);
        let centre = cost_centre(journal.state(), project_id)?;
        let warnings: Vec<_> = centre.warnings_for(event_id);
        typed_rows(py, &warnings, None)
    }
}
