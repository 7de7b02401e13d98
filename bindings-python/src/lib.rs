//! Python bindings of projectledger: the private module `projectledger._native`.
//! Every function converts, calls the core, converts back; no domain rule lives here.

mod arrow;
mod bulk;
mod columns;
mod entry_columns;
mod calendar;
mod convert;
mod cost;
mod data;
mod daywork;
mod errors;
mod evm;
mod fund_payloads;
mod fund_positions;
mod funds;
mod governance;
mod journal;
mod money;
mod payloads;
mod rows;
mod schedule;
mod schedule_payloads;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<money::PyCurrency>()?;
    m.add_class::<money::PyMoney>()?;
    m.add_function(wrap_pyfunction!(money::allocate, m)?)?;
    m.add_function(wrap_pyfunction!(money::split_evenly, m)?)?;
    m.add_class::<calendar::PyDayKind>()?;
    m.add_class::<calendar::PyWorkCalendar>()?;
    m.add_class::<calendar::PyPeriod>()?;
    m.add_function(wrap_pyfunction!(calendar::period, m)?)?;
    m.add_function(wrap_pyfunction!(payloads::payload_from_json, m)?)?;
    payloads::register_payloads(m)?;
    m.add_class::<daywork::PyDayWorkEntry>()?;
    m.add_function(wrap_pyfunction!(daywork::_aggregate_day_work_buffers, m)?)?;
    m.add_function(wrap_pyfunction!(daywork::_period_name, m)?)?;
    m.add_function(wrap_pyfunction!(daywork::_refuse_unknown_workers, m)?)?;
    m.add_function(wrap_pyfunction!(bulk::_cost_day_work_buffers, m)?)?;
    m.add_class::<cost::PyCostBreakdown>()?;
    m.add_class::<cost::PyCostLedger>()?;
    m.add_class::<journal::PyWorkflow>()?;
    m.add_class::<journal::PyEvent>()?;
    m.add_class::<journal::PyProject>()?;
    m.add_class::<journal::PyConflict>()?;
    m.add_class::<journal::PyMergeReport>()?;
    m.add_class::<journal::PyChanges>()?;
    m.add_class::<journal::PyJournal>()?;
    m.add_function(wrap_pyfunction!(journal::standard_roles, m)?)?;
    m.add_function(wrap_pyfunction!(journal::actions, m)?)?;
    // The cost types a breakdown has unless it names its own; approved day work posts to labour.
    m.add("STANDARD_COST_TYPES", pyo3::types::PyTuple::new(m.py(), projectledger::cost::STANDARD_COST_TYPES)?)?;
    m.add("LABOUR_COST_TYPE", projectledger::labour::LABOUR_COST_TYPE)?;
    m.add_class::<evm::PyEarnedValue>()?;
    m.add_class::<evm::PyEarnedSchedule>()?;
    m.add_function(wrap_pyfunction!(evm::earned_value, m)?)?;
    m.add_function(wrap_pyfunction!(evm::earned_schedule, m)?)?;
    m.add_function(wrap_pyfunction!(evm::spread, m)?)?;
    m.add_class::<funds::PyRetention>()?;
    m.add_class::<funds::PyAdvancePayment>()?;
    m.add_class::<funds::PyPaymentTerms>()?;
    m.add_class::<funds::PyScheduleLine>()?;
    m.add_class::<funds::PyApplicationFigures>()?;
    m.add_function(wrap_pyfunction!(funds::payment_application, m)?)?;
    m.add_function(wrap_pyfunction!(funds::cash_flow, m)?)?;
    m.add_class::<funds::PyFundBalance>()?;
    m.add_function(wrap_pyfunction!(funds::consume_funds, m)?)?;
    m.add_class::<schedule::PyActivity>()?;
    m.add_class::<schedule::PySchedule>()?;
    m.add_function(wrap_pyfunction!(schedule::schedule, m)?)?;
    m.add_class::<schedule::PyScheduleFile>()?;
    m.add_function(wrap_pyfunction!(schedule::read_mspdi, m)?)?;
    m.add_function(wrap_pyfunction!(schedule::read_xer, m)?)?;
    m.add("SCHEMA_VERSION", projectledger::journal::SCHEMA_VERSION)?;
    Ok(())
}
