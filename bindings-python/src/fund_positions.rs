//! The fund positions as tables: sources, allocations, the consumption trace and payment
//! applications as `Rows` (Decimals, each row with its currency), and a wage account's position.

use projectledger::funds::PaymentApplication;
use projectledger::Money;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;

use crate::convert::{project_id_of, Date, Timestamp};
use crate::errors::OrRaise;
use crate::journal::PyJournal;
use crate::rows::{as_rows, to_py};

/// Rows of records, each with the currency of its own money (sources differ in currency).
fn rows_with_currency<'py, T: Serialize>(py: Python<'py>, records: &[T], currency: impl Fn(&T) -> Money) -> PyResult<Bound<'py, PyAny>> {
    let list = PyList::empty(py);
    for record in records {
        let row = to_py(py, record)?;
        row.set_item("currency", currency(record).currency().code())?;
        list.append(row)?;
    }
    as_rows(list.into_any())
}

/// An application as one flat row: its own fields and its figures (not its lines).
fn application_row<'py>(py: Python<'py>, application: &PaymentApplication) -> PyResult<Bound<'py, PyAny>> {
    let row = to_py(py, application)?.cast_into::<PyDict>()?;
    let figures = row.get_item("figures")?.map(|f| f.cast_into::<PyDict>()).transpose()?;
    for key in ["figures", "lines", "deductions"] {
        row.del_item(key)?;
    }
    if let Some(figures) = figures {
        figures.del_item("lines")?;
        row.update(figures.as_mapping())?;
    }
    row.set_item("currency", application.figures.net_due.currency().code())?;
    Ok(row.into_any())
}

#[pymethods]
impl PyJournal {
    /// Every fund source's position: amount, allocated, consumed, unallocated (Decimals), its
    /// holder, kind and dates, with its currency.
    #[pyo3(signature = (as_of = None))]
    fn fund_sources<'py>(&self, py: Python<'py>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let positions = self.state_at(py, as_of).funds().source_positions().or_raise()?;
        rows_with_currency(py, &positions, |p| p.amount)
    }

    /// The allocations' positions — to one project, or all: allocated, consumed, remaining.
    #[pyo3(signature = (project_id = None, as_of = None))]
    fn fund_allocations<'py>(&self, py: Python<'py>, project_id: Option<&str>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id.map(project_id_of).transpose()?;
        let positions = self.state_at(py, as_of).funds().allocation_positions(id.as_ref()).or_raise()?;
        rows_with_currency(py, &positions, |p| p.allocated)
    }

    /// What payments consumed — of one project, or all — line by line: every payment traced to
    /// the source and allocation that funded it.
    #[pyo3(signature = (project_id = None, as_of = None))]
    fn fund_consumptions<'py>(&self, py: Python<'py>, project_id: Option<&str>, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id.map(project_id_of).transpose()?;
        let consumptions: Vec<_> = self.state_at(py, as_of).funds().consumptions(id.as_ref()).cloned().collect();
        rows_with_currency(py, &consumptions, |c| c.amount)
    }

    /// A project's payment applications, one row each: id, contract, period end, state, who
    /// submitted and decided, the payment, and every figure (completed, payable, retention,
    /// advance recovered, deductions, net due).
    #[pyo3(signature = (project_id, as_of = None))]
    fn payment_applications<'py>(&self, py: Python<'py>, project_id: &str, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let state = self.state_at(py, as_of);
        state.project_or_err(&id).or_raise()?;
        let list = PyList::empty(py);
        for application in state.funds().applications().filter(|a| a.project_id == id) {
            list.append(application_row(py, application)?)?;
        }
        as_rows(list.into_any())
    }

    /// A project's contracts with payment terms (the prime contract first, contract_id None):
    /// contract price, certified to date, retention held, advance recovered, paid to date
    /// (Decimals, with the currency), and the application open on it.
    #[pyo3(signature = (project_id, as_of = None))]
    fn contract_positions<'py>(&self, py: Python<'py>, project_id: &str, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let positions = self.state_at(py, as_of).contract_positions(&id).or_raise()?;
        rows_with_currency(py, &positions, |p| p.contract_price)
    }

    /// The funds allocated to a project, each source's total dated the day the source opens,
    /// as (date, Money) pairs: what `cash_flow` takes as `available`.
    #[pyo3(signature = (project_id, as_of = None))]
    fn funds_available(&self, py: Python<'_>, project_id: &str, as_of: Option<Timestamp>) -> PyResult<Vec<(chrono::NaiveDate, crate::money::PyMoney)>> {
        let id = project_id_of(project_id)?;
        let state = self.state_at(py, as_of);
        state.project_or_err(&id).or_raise()?;
        Ok(state.funds().available_to(&id).or_raise()?.into_iter().map(|(d, m)| (d, crate::money::PyMoney(m))).collect())
    }

    /// A project's wage account against the wages due of `month` (any day of it), as of a day:
    /// deposited, drawn, balance, wages_due, shortfall (Decimals), `short` and the currency.
    #[pyo3(signature = (project_id, month, on, as_of = None))]
    fn wage_account<'py>(&self, py: Python<'py>, project_id: &str, month: Date, on: Date, as_of: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
        let id = project_id_of(project_id)?;
        let position = self.state_at(py, as_of).wage_account(&id, month.0, on.0).or_raise()?;
        let row = to_py(py, &position)?;
        row.set_item("currency", position.balance.currency().code())?;
        Ok(row)
    }
}
