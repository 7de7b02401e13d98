//! Payment applications (进度款): the contract terms and an application's figures, converted
//! to and from the core's own types.

use std::str::FromStr;

use projectledger::funds::{self, AdvanceRecovery, ApplicationDeduction, ApplicationFigures, CashFlow, Flows, Measure, PayableRange, ScheduleLine};
use projectledger::{Decimal, Money, PeriodKind};
use pyo3::prelude::*;

use crate::convert::{project_id_of, Amount, Date, Int, Timestamp};
use crate::journal::PyJournal;
use crate::errors::{type_error, OrRaise};
use crate::money::PyMoney;

/// Retention (质量保证金): the share of completed value withheld, its cap as a share of the
/// settlement total (at most 0.03) and the defects-liability period in months (at most 24).
#[pyclass(frozen, module = "projectledger", name = "Retention", from_py_object)]
#[derive(Clone)]
pub struct PyRetention(pub funds::Retention);

#[pymethods]
impl PyRetention {
    #[new]
    #[pyo3(signature = (rate = None, cap = None, liability_months = None))]
    fn new(rate: Option<Amount>, cap: Option<Amount>, liability_months: Option<Int<u32>>) -> PyResult<Self> {
        let default = funds::Retention::default();
        let retention = funds::Retention {
            rate: rate.map_or(default.rate, |r| r.0),
            cap: cap.map_or(default.cap, |c| c.0),
            liability_months: liability_months.map_or(default.liability_months, |m| m.0),
        };
        retention.check().or_raise()?;
        Ok(PyRetention(retention))
    }

    #[getter]
    fn rate(&self) -> Decimal {
        self.0.rate
    }
    #[getter]
    fn cap(&self) -> Decimal {
        self.0.cap
    }
    #[getter]
    fn liability_months(&self) -> u32 {
        self.0.liability_months
    }

    /// The most that may be withheld of a settlement total (rounded down).
    fn limit(&self, settlement_total: PyMoney) -> PyResult<PyMoney> {
        self.0.limit(&settlement_total.0).map(PyMoney).or_raise()
    }

    /// The day retention is due back: the liability period after acceptance.
    fn release_date(&self, accepted_on: Date) -> PyResult<chrono::NaiveDate> {
        self.0.release_date(accepted_on.0).or_raise()
    }

    fn __repr__(&self) -> String {
        format!("Retention(rate={}, cap={}, liability_months={})", self.0.rate, self.0.cap, self.0.liability_months)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyRetention>().is_ok_and(|o| o.get().0 == self.0)
    }
}

/// The recovery of an advance: the threshold method (`main_materials_share` N, from
/// T = P − M/N on) or linear between two completed shares (`recover_from`, `recover_to`).
fn recovery(main_materials_share: Option<Amount>, recover_from: Option<Amount>, recover_to: Option<Amount>, py: Python<'_>) -> PyResult<AdvanceRecovery> {
    match (main_materials_share, recover_from, recover_to) {
        (Some(share), None, None) => Ok(AdvanceRecovery::Threshold { main_materials_share: share.0 }),
        (None, Some(from), Some(to)) => Ok(AdvanceRecovery::Linear { from: from.0, to: to.0 }),
        _ => Err(type_error(py, "an advance is recovered by the threshold method (main_materials_share) or linearly (recover_from and recover_to): give one")),
    }
}

/// An advance payment (预付款) and how progress payments recover it.
#[pyclass(frozen, module = "projectledger", name = "AdvancePayment", from_py_object)]
#[derive(Clone)]
pub struct PyAdvancePayment(pub funds::AdvancePayment);

#[pymethods]
impl PyAdvancePayment {
    #[new]
    #[pyo3(signature = (amount, *, main_materials_share = None, recover_from = None, recover_to = None))]
    fn new(py: Python<'_>, amount: PyMoney, main_materials_share: Option<Amount>, recover_from: Option<Amount>, recover_to: Option<Amount>) -> PyResult<Self> {
        Ok(PyAdvancePayment(funds::AdvancePayment { amount: amount.0, recovery: recovery(main_materials_share, recover_from, recover_to, py)? }))
    }

    /// An advance of `share` of the contract price (0.12 for 12 %), rounded to the minor unit.
    #[staticmethod]
    #[pyo3(signature = (contract_price, share, *, main_materials_share = None, recover_from = None, recover_to = None))]
    fn share_of(py: Python<'_>, contract_price: PyMoney, share: Amount, main_materials_share: Option<Amount>, recover_from: Option<Amount>, recover_to: Option<Amount>) -> PyResult<Self> {
        let recovery = recovery(main_materials_share, recover_from, recover_to, py)?;
        funds::AdvancePayment::share_of(&contract_price.0, share.0, recovery).map(PyAdvancePayment).or_raise()
    }

    #[getter]
    fn amount(&self) -> PyMoney {
        PyMoney(self.0.amount)
    }

    /// The threshold T = P − M/N (None for linear recovery).
    fn threshold(&self, contract_price: PyMoney) -> PyResult<Option<PyMoney>> {
        Ok(self.0.threshold(&contract_price.0).or_raise()?.map(PyMoney))
    }

    /// What is recovered in total once the completed value reaches `completed_to_date`.
    fn recovered_to_date(&self, contract_price: PyMoney, completed_to_date: PyMoney) -> PyResult<PyMoney> {
        self.0.recovered_to_date(&contract_price.0, &completed_to_date.0).map(PyMoney).or_raise()
    }

    fn __repr__(&self) -> String {
        match self.0.recovery {
            AdvanceRecovery::Threshold { main_materials_share } => format!("AdvancePayment({}, main_materials_share={main_materials_share})", self.0.amount),
            AdvanceRecovery::Linear { from, to } => format!("AdvancePayment({}, recover_from={from}, recover_to={to})", self.0.amount),
        }
    }
}

/// A contract's payment terms: price, payable share of completed value, retention, advance.
#[pyclass(frozen, module = "projectledger", name = "PaymentTerms", from_py_object)]
#[derive(Clone)]
pub struct PyPaymentTerms(pub funds::PaymentTerms);

#[pymethods]
impl PyPaymentTerms {
    #[new]
    #[pyo3(signature = (contract_price, payable_share, retention = None, advance = None))]
    fn new(contract_price: PyMoney, payable_share: Amount, retention: Option<PyRetention>, advance: Option<PyAdvancePayment>) -> Self {
        PyPaymentTerms(funds::PaymentTerms { contract_price: contract_price.0, payable_share: payable_share.0, retention: retention.map_or_else(funds::Retention::default, |r| r.0), advance: advance.map(|a| a.0) })
    }

    #[getter]
    fn contract_price(&self) -> PyMoney {
        PyMoney(self.0.contract_price)
    }
    #[getter]
    fn payable_share(&self) -> Decimal {
        self.0.payable_share
    }
    #[getter]
    fn retention(&self) -> PyRetention {
        PyRetention(self.0.retention)
    }
    #[getter]
    fn advance(&self) -> Option<PyAdvancePayment> {
        self.0.advance.map(PyAdvancePayment)
    }
}

/// A line of the schedule of values: measured quantity × unit rate, or a share complete of its
/// scheduled value.
#[pyclass(frozen, module = "projectledger", name = "ScheduleLine", from_py_object)]
#[derive(Clone)]
pub struct PyScheduleLine(pub ScheduleLine);

#[pymethods]
impl PyScheduleLine {
    /// A line measured by quantity done to date × unit rate.
    #[staticmethod]
    fn quantity(item: String, quantity_to_date: Amount, unit_rate: Amount) -> Self {
        PyScheduleLine(ScheduleLine { item, measure: Measure::Quantity { quantity_to_date: quantity_to_date.0, unit_rate: unit_rate.0 } })
    }

    /// A line of a value to date as it stands (approved day work, 计日工).
    #[staticmethod]
    fn amount(item: String, value_to_date: Amount) -> Self {
        PyScheduleLine(ScheduleLine { item, measure: Measure::Amount { value_to_date: value_to_date.0 } })
    }

    /// A line measured by the share complete (0–1) of its scheduled value.
    #[staticmethod]
    fn percent_complete(item: String, scheduled_value: Amount, complete_to_date: Amount) -> Self {
        PyScheduleLine(ScheduleLine { item, measure: Measure::PercentComplete { scheduled_value: scheduled_value.0, complete_to_date: complete_to_date.0 } })
    }

    #[getter]
    fn item(&self) -> &str {
        &self.0.item
    }

    fn __repr__(&self) -> String {
        match &self.0.measure {
            Measure::Quantity { quantity_to_date, unit_rate } => format!("ScheduleLine.quantity({:?}, {quantity_to_date}, {unit_rate})", self.0.item),
            Measure::PercentComplete { scheduled_value, complete_to_date } => format!("ScheduleLine.percent_complete({:?}, {scheduled_value}, {complete_to_date})", self.0.item),
            Measure::Amount { value_to_date } => format!("ScheduleLine.amount({:?}, {value_to_date})", self.0.item),
        }
    }
}

/// A payment application's figures: this period's completed, payable, retention, advance
/// recovered, deductions and net due; retention and advance to date; each line's value.
#[pyclass(frozen, module = "projectledger", name = "ApplicationFigures")]
pub struct PyApplicationFigures(pub ApplicationFigures);

macro_rules! money_getters {
    ($($field:ident),*) => {
        #[pymethods]
        impl PyApplicationFigures {
            $(
                #[getter]
                fn $field(&self) -> PyMoney {
                    PyMoney(self.0.$field)
                }
            )*

            /// Each line's completed value to date, as `Rows` (item, completed_to_date).
            #[getter]
            fn lines<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                crate::rows::typed_rows(py, &self.0.lines, Some(self.0.completed_to_date.currency().code()))
            }

            /// Every figure but the lines, as a dict of Decimals (and the currency).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let dict = pyo3::types::PyDict::new(py);
                $(dict.set_item(stringify!($field), self.0.$field.amount())?;)*
                dict.set_item("currency", self.0.completed_to_date.currency().code())?;
                Ok(dict.into_any())
            }

            fn __repr__(&self) -> String {
                format!("ApplicationFigures(completed_this_period={}, net_due={})", self.0.completed_this_period, self.0.net_due)
            }
        }
    };
}

money_getters!(
    completed_to_date,
    completed_previous,
    completed_this_period,
    payable_this_period,
    retention_this_period,
    retention_to_date,
    advance_recovered_this_period,
    advance_recovered_to_date,
    deductions,
    net_due
);

/// Works out a payment application: the lines measured to date against the previous
/// application's completed value, deductions as (reason, amount) pairs, the payable share
/// checked against `payable_range` (GB 50500's 0.6–0.9 unless given).
#[pyfunction]
#[pyo3(signature = (terms, lines, completed_previous = None, deductions = Vec::new(), payable_range = None))]
pub fn payment_application(
    terms: PyPaymentTerms,
    lines: Vec<PyScheduleLine>,
    completed_previous: Option<PyMoney>,
    deductions: Vec<(String, Amount)>,
    payable_range: Option<(Amount, Amount)>,
) -> PyResult<PyApplicationFigures> {
    let range = payable_range.map_or_else(PayableRange::default, |(min, max)| PayableRange { min: min.0, max: max.0 });
    let previous = completed_previous.map_or_else(|| Money::zero(terms.0.contract_price.currency()), |m| m.0);
    let lines: Vec<ScheduleLine> = lines.into_iter().map(|l| l.0).collect();
    let deductions: Vec<ApplicationDeduction> = deductions.into_iter().map(|(reason, amount)| ApplicationDeduction { reason, amount: amount.0 }).collect();
    ApplicationFigures::compute(&terms.0, &range, &lines, &previous, &deductions).map(PyApplicationFigures).or_raise()
}

/// A cash flow as Python takes it: its rows and its funding gap.
type CashFlowPy<'py> = (Bound<'py, PyAny>, Option<(String, PyMoney)>);

/// A cash flow's rows as `Rows` (period, planned, actual, available, their cumulative figures,
/// shortfall — Decimals, with the currency) and the funding gap as (period, shortfall) or None.
fn cash_flow_py<'py>(py: Python<'py>, flow: &CashFlow, currency: &str) -> PyResult<CashFlowPy<'py>> {
    let rows = crate::rows::typed_rows(py, &flow.rows, Some(currency))?;
    let rows = if flow.rows.is_empty() { crate::rows::as_rows(rows)? } else { rows };
    Ok((rows, flow.funding_gap.as_ref().map(|gap| (gap.period.to_string(), PyMoney(gap.shortfall)))))
}

fn dated(flows: Vec<(Date, PyMoney)>) -> Vec<(chrono::NaiveDate, Money)> {
    flows.into_iter().map(|(date, money)| (date.0, money.0)).collect()
}

/// The cash flow of dated amounts — planned outflow, actual outflow, funds available — by
/// periods of `kind` ("month", "quarter", …): `(rows, funding_gap)`, the gap the first period
/// whose cumulative planned need passes the cumulative funds, as (period, shortfall).
#[pyfunction]
#[pyo3(signature = (currency, planned = Vec::new(), actual = Vec::new(), available = Vec::new(), kind = "month"))]
pub fn cash_flow<'py>(
    py: Python<'py>,
    currency: &Bound<'py, PyAny>,
    planned: Vec<(Date, PyMoney)>,
    actual: Vec<(Date, PyMoney)>,
    available: Vec<(Date, PyMoney)>,
    kind: &str,
) -> PyResult<CashFlowPy<'py>> {
    let currency = crate::money::currency_arg(currency)?;
    let kind = PeriodKind::from_str(kind).or_raise()?;
    let (planned, actual, available) = (dated(planned), dated(actual), dated(available));
    let flow = CashFlow::of(Flows { planned: &planned, actual: &actual, available: &available }, kind, currency).or_raise()?;
    cash_flow_py(py, &flow, currency.code())
}

#[pymethods]
impl PyJournal {
    /// A project's cash flow by periods of `kind`: its work packages' planned spend (the PV
    /// curve) against the costs recorded and the funds `available` ((date, Money) pairs):
    /// `(rows, funding_gap)` as from `cash_flow`; `as_of` folds the journal up to a time.
    #[pyo3(signature = (project_id, available = Vec::new(), kind = "month", as_of = None))]
    fn cash_flow<'py>(&self, py: Python<'py>, project_id: &str, available: Vec<(Date, PyMoney)>, kind: &str, as_of: Option<Timestamp>) -> PyResult<CashFlowPy<'py>> {
        let kind = PeriodKind::from_str(kind).or_raise()?;
        let id = project_id_of(project_id)?;
        let flow = {
            let state = self.state_at(py, as_of);
            state.cash_flow(&id, kind, &dated(available)).or_raise()?
        };
        let currency = flow.rows.first().map_or_else(String::new, |r| r.planned.currency().code().to_owned());
        cash_flow_py(py, &flow, &currency)
    }

    /// A payment application's day-work lines (计日工): the project's approved and paid day
    /// work through `through`, by cost code, of `employer`'s workers when given.
    #[pyo3(signature = (project_id, through, employer = None))]
    fn day_work_lines(&self, py: Python<'_>, project_id: &str, through: Date, employer: Option<&str>) -> PyResult<Vec<PyScheduleLine>> {
        let id = project_id_of(project_id)?;
        let journal = self.read(py);
        Ok(journal.state().day_work_lines(&id, through.0, employer).or_raise()?.into_iter().map(PyScheduleLine).collect())
    }

    /// The portfolio's cash flow in one currency: every project in `currency` pooled (others
    /// are not converted, so not counted), against the funds `available`.
    #[pyo3(signature = (currency, available = Vec::new(), kind = "month", as_of = None))]
    fn portfolio_cash_flow<'py>(&self, py: Python<'py>, currency: &Bound<'py, PyAny>, available: Vec<(Date, PyMoney)>, kind: &str, as_of: Option<Timestamp>) -> PyResult<CashFlowPy<'py>> {
        let currency = crate::money::currency_arg(currency)?;
        let kind = PeriodKind::from_str(kind).or_raise()?;
        let flow = {
            let state = self.state_at(py, as_of);
            state.portfolio_cash_flow(currency, kind, &dated(available)).or_raise()?
        };
        cash_flow_py(py, &flow, currency.code())
    }
}


/// A fund as a payment sees it: what it holds, from when and until when it may be used, and
/// the cost types and codes (each with its subtree) it may pay (empty: any).
#[pyclass(frozen, module = "projectledger", name = "FundBalance", from_py_object)]
#[derive(Clone)]
pub struct PyFundBalance {
    source_id: String,
    remaining: Money,
    available_from: chrono::NaiveDate,
    expires_on: Option<chrono::NaiveDate>,
    eligibility: funds::Eligibility,
}

#[pymethods]
impl PyFundBalance {
    #[new]
    #[pyo3(signature = (source_id, remaining, available_from, expires_on = None, cost_types = Vec::new(), codes = Vec::new()))]
    fn new(source_id: String, remaining: PyMoney, available_from: Date, expires_on: Option<Date>, cost_types: Vec<String>, codes: Vec<String>) -> Self {
        PyFundBalance {
            source_id,
            remaining: remaining.0,
            available_from: available_from.0,
            expires_on: expires_on.map(|d| d.0),
            eligibility: funds::Eligibility { cost_types, codes: codes.into_iter().map(Into::into).collect() },
        }
    }

    #[getter]
    fn source_id(&self) -> &str {
        &self.source_id
    }
    #[getter]
    fn remaining(&self) -> PyMoney {
        PyMoney(self.remaining)
    }
}

/// A split rule from its name: "order", "ratio" (with `weights`) or "manual" (with `amounts`).
pub fn split_rule(py: Python<'_>, rule: &str, weights: Option<Vec<Amount>>, amounts: Option<Vec<Amount>>) -> PyResult<funds::ConsumptionRule> {
    let decimals = |list: Option<Vec<Amount>>, name: &str| list.map(|l| l.into_iter().map(|a| a.0).collect::<Vec<_>>()).ok_or_else(|| type_error(py, &format!("rule {rule:?} needs {name}")));
    Ok(match rule {
        "order" => funds::ConsumptionRule::Order,
        "ratio" => funds::ConsumptionRule::Ratio { weights: decimals(weights, "weights")? },
        "manual" => funds::ConsumptionRule::Manual { amounts: decimals(amounts, "amounts")? },
        other => return Err(type_error(py, &format!("rule {other:?} is not \"order\", \"ratio\" or \"manual\""))),
    })
}

/// What each fund pays of a cost of `cost_type` on `code` paid on `date`, in the funds' order:
/// `rule` "order" (each emptied in turn), "ratio" (by `weights`) or "manual" (`amounts`). Only
/// funds open on the day, unexpired and eligible pay; too little among them raises
/// InsufficientFundsError with the shortfall.
#[pyfunction]
#[pyo3(signature = (breakdown, date, cost_type, code, amount, funds, rule = "order", weights = None, amounts = None))]
#[allow(clippy::too_many_arguments)]
pub fn consume_funds(
    py: Python<'_>,
    breakdown: &crate::cost::PyCostBreakdown,
    date: Date,
    cost_type: &str,
    code: &str,
    amount: PyMoney,
    funds: Vec<PyFundBalance>,
    rule: &str,
    weights: Option<Vec<Amount>>,
    amounts: Option<Vec<Amount>>,
) -> PyResult<Vec<PyMoney>> {
    let rule = split_rule(py, rule, weights, amounts)?;
    let balances: Vec<funds::FundBalance<'_>> = funds
        .iter()
        .map(|f| funds::FundBalance { source_id: &f.source_id, remaining: f.remaining, available_from: f.available_from, expires_on: f.expires_on, eligibility: &f.eligibility })
        .collect();
    let charge = funds::Charge { date: date.0, cost_type, code, amount: amount.0 };
    Ok(funds::consume(&charge, &balances, &rule, &breakdown.0).or_raise()?.into_iter().map(PyMoney).collect())
}
