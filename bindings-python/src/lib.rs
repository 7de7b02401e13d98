//! Python bindings of projectledger: the private module `projectledger._native`.
//! Every function converts, calls the core, converts back; no domain rule lives here.

mod calendar;
mod convert;
mod cost;
mod daywork;
mod errors;
mod evm;
mod journal;
mod money;

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
    m.add_function(wrap_pyfunction!(journal::payload_from_json, m)?)?;
    m.add_class::<journal::PyProjectCreated>()?;
    m.add_class::<journal::PyProjectSettingsChanged>()?;
    m.add_class::<journal::PyWorkflowChanged>()?;
    m.add_class::<journal::PyPhaseChanged>()?;
    m.add_class::<journal::PyStatusChanged>()?;
    m.add_class::<journal::PyDeliverableRecorded>()?;
    m.add_class::<journal::PyApprovalRequested>()?;
    m.add_class::<journal::PyApprovalDecided>()?;
    m.add_class::<journal::PyRoleDefined>()?;
    m.add_class::<journal::PyRoleGranted>()?;
    m.add_class::<journal::PyRoleRevoked>()?;
    m.add_class::<journal::PyCostBreakdownDefined>()?;
    m.add_class::<journal::PyBudgetLinesSet>()?;
    m.add_class::<journal::PyBaselineLocked>()?;
    m.add_class::<journal::PyCostDocumentDrafted>()?;
    m.add_class::<journal::PyCostDocumentMoved>()?;
    m.add_class::<journal::PyCostRecorded>()?;
    m.add_class::<journal::PyBudgetControlSet>()?;
    m.add_class::<journal::PyForecastSet>()?;
    m.add_class::<journal::PyContractValueSet>()?;
    m.add_class::<journal::PyRevenueRecorded>()?;
    m.add_class::<journal::PyWorkPackageScheduled>()?;
    m.add_class::<journal::PyProgressRecorded>()?;
    m.add_class::<journal::PyWorkerRegistered>()?;
    m.add_class::<journal::PyLabourRateSet>()?;
    m.add_class::<journal::PyOvertimePolicySet>()?;
    m.add_class::<journal::PyDayWorkRecorded>()?;
    m.add_class::<journal::PyDayWorkReversed>()?;
    m.add_class::<journal::PyDayWorkMoved>()?;
    m.add_class::<journal::PyDayWorkPeriodLocked>()?;
    m.add_class::<journal::PyWageDeductionRecorded>()?;
    m.add_class::<daywork::PyDayWorkEntry>()?;
    m.add_function(wrap_pyfunction!(daywork::_aggregate_day_work_buffers, m)?)?;
    m.add_function(wrap_pyfunction!(daywork::_period_name, m)?)?;
    m.add_class::<cost::PyCostBreakdown>()?;
    m.add_class::<cost::PyCostLedger>()?;
    m.add_class::<journal::PyWorkflow>()?;
    m.add_class::<journal::PyEvent>()?;
    m.add_class::<journal::PyProject>()?;
    m.add_class::<journal::PyConflict>()?;
    m.add_class::<journal::PyMergeReport>()?;
    m.add_class::<journal::PyJournal>()?;
    m.add_class::<evm::PyEarnedValue>()?;
    m.add_class::<evm::PyEarnedSchedule>()?;
    m.add_function(wrap_pyfunction!(evm::earned_value, m)?)?;
    m.add_function(wrap_pyfunction!(evm::earned_schedule, m)?)?;
    m.add_function(wrap_pyfunction!(evm::spread, m)?)?;
    m.add("SCHEMA_VERSION", projectledger::journal::SCHEMA_VERSION)?;
    Ok(())
}
