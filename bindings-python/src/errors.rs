//! The one mapping from core errors to the exception classes of `projectledger.errors`.
//! Each variant picks its class by name and carries its fields as attributes.

use projectledger::Error;
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

const ERRORS_MODULE: &str = "projectledger.errors";

/// Raises the exception class of this variant, with its fields as attributes.
pub fn to_py_err(error: Error) -> PyErr {
    Python::attach(|py| {
        let message = error.to_string();
        let details = PyDict::new(py);
        let class = match fill(&details, &error) {
            Ok(class) => class,
            Err(err) => return err,
        };
        instantiate(py, class, &message, &details)
    })
}

/// A wrong Python type at the boundary (a float where an amount belongs, …).
pub fn type_error(py: Python<'_>, message: &str) -> PyErr {
    instantiate(py, "AmountTypeError", message, &PyDict::new(py))
}

fn instantiate(py: Python<'_>, class: &str, message: &str, details: &Bound<'_, PyDict>) -> PyErr {
    let created = py
        .import(ERRORS_MODULE)
        .and_then(|module| module.getattr(class))
        .and_then(|cls| cls.call((message,), Some(details)));
    match created {
        Ok(instance) => PyErr::from_value(instance),
        // Only if the package is broken: still an exception, never a panic.
        Err(err) if class == "AmountTypeError" => PyTypeError::new_err(format!("{message} ({err})")),
        Err(err) => PyRuntimeError::new_err(format!("{message} ({err})")),
    }
}

/// Puts the variant's fields into `details` and names its class.
fn fill(details: &Bound<'_, PyDict>, error: &Error) -> PyResult<&'static str> {
    Ok(match error {
        Error::CurrencyMismatch { left, right } => {
            details.set_item("left", left)?;
            details.set_item("right", right)?;
            "CurrencyMismatchError"
        }
        Error::Overflow { operation } => {
            details.set_item("operation", operation)?;
            "ArithmeticOverflowError"
        }
        Error::PrecisionLoss { value, reason } => {
            details.set_item("value", value)?;
            details.set_item("reason", reason)?;
            "PrecisionLossError"
        }
        Error::InvalidAmount { input, reason } => {
            details.set_item("input", input)?;
            details.set_item("reason", reason)?;
            "InvalidAmountError"
        }
        Error::InvalidCurrency { code, reason } => {
            details.set_item("code", code)?;
            details.set_item("reason", reason)?;
            "InvalidCurrencyError"
        }
        Error::InvalidWeights { reason } => {
            details.set_item("reason", reason)?;
            "InvalidWeightsError"
        }
        Error::InvalidId { kind, value, reason } => {
            details.set_item("id_kind", kind)?;
            details.set_item("value", value)?;
            details.set_item("reason", reason)?;
            "InvalidIdError"
        }
        Error::InvalidField { field, reason } => {
            details.set_item("field", field)?;
            details.set_item("reason", reason)?;
            "InvalidFieldError"
        }
        Error::InvalidCalendar { problems } => {
            details.set_item("problems", problems.clone())?;
            "InvalidCalendarError"
        }
        Error::DateOutOfRange { reason } => {
            details.set_item("reason", reason)?;
            "DateOutOfRangeError"
        }
        Error::DateOutsideCalendar { date, calendar, years } => {
            details.set_item("date", date)?;
            details.set_item("calendar", calendar)?;
            details.set_item("years", years.clone())?;
            "DateOutsideCalendarError"
        }
        Error::MalformedJournal { line, field, reason } => {
            details.set_item("line", line)?;
            details.set_item("field", field)?;
            details.set_item("reason", reason)?;
            "MalformedJournalError"
        }
        Error::BrokenChain { event_index, event_id, reason } => {
            details.set_item("event_index", event_index)?;
            details.set_item("event_id", event_id)?;
            details.set_item("reason", reason)?;
            "BrokenChainError"
        }
        Error::ConflictingEvent { event_id } => {
            details.set_item("event_id", event_id)?;
            "ConflictingEventError"
        }
        Error::ProjectAlreadyExists { project_id } => {
            details.set_item("project_id", project_id)?;
            "ProjectAlreadyExistsError"
        }
        Error::UnknownProject { project_id } => {
            details.set_item("project_id", project_id)?;
            "UnknownProjectError"
        }
        Error::NotFound { entity, id, project_id } => {
            details.set_item("entity", entity)?;
            details.set_item("id", id)?;
            details.set_item("project_id", project_id)?;
            "NotFoundError"
        }
        Error::InvalidWorkflow { problems } => {
            details.set_item("problems", problems.clone())?;
            "InvalidWorkflowError"
        }
        Error::InvalidCostBreakdown { problems } => {
            details.set_item("problems", problems.clone())?;
            "InvalidCostBreakdownError"
        }
        Error::PermissionDenied { actor, permission, project_id } => {
            details.set_item("actor", actor)?;
            details.set_item("permission", permission)?;
            details.set_item("project_id", project_id)?;
            "PermissionDeniedError"
        }
        Error::SegregationOfDuties { actor, item } => {
            details.set_item("actor", actor)?;
            details.set_item("item", item)?;
            "SegregationOfDutiesError"
        }
        Error::TransitionNotAllowed { project_id, from, to, reason } => {
            details.set_item("project_id", project_id)?;
            details.set_item("from_", from)?;
            details.set_item("to", to)?;
            details.set_item("reason", reason)?;
            "TransitionNotAllowedError"
        }
        Error::GateFailed { project_id, from, to, failures } => {
            details.set_item("project_id", project_id)?;
            details.set_item("from_", from)?;
            details.set_item("to", to)?;
            let failures: Vec<(&str, &str)> = failures.iter().map(|g| (g.check.as_str(), g.detail.as_str())).collect();
            details.set_item("failures", failures)?;
            "GateFailedError"
        }
        Error::BudgetExceeded { project_id, breaches } => {
            details.set_item("project_id", project_id)?;
            let breaches: Vec<_> = breaches.iter().map(|b| (b.code.as_deref(), b.measure.as_str(), b.currency.as_str(), b.amount, b.budget, b.over_by)).collect();
            details.set_item("breaches", breaches)?;
            "BudgetExceededError"
        }
        Error::SupplierBlocked { project_id, supplier, graded_on } => {
            details.set_item("project_id", project_id)?;
            details.set_item("supplier", supplier)?;
            details.set_item("graded_on", *graded_on)?;
            "SupplierBlockedError"
        }
        Error::InvalidDayWork { project_id, problems } => {
            details.set_item("project_id", project_id)?;
            let problems: Vec<(&str, &str, &str, &str)> = problems.iter().map(|p| (p.item.as_str(), p.field.as_str(), p.code.name(), p.message.as_str())).collect();
            details.set_item("problems", problems)?;
            "InvalidDayWorkError"
        }
        Error::InsufficientFunds { currency, needed, covered, shortfall } => {
            details.set_item("currency", currency)?;
            details.set_item("needed", *needed)?;
            details.set_item("covered", *covered)?;
            details.set_item("shortfall", *shortfall)?;
            "InsufficientFundsError"
        }
        Error::InvalidSchedule { problems } => {
            details.set_item("problems", problems.clone())?;
            "InvalidScheduleError"
        }
        Error::DependencyCycle { activities } => {
            details.set_item("activities", activities.clone())?;
            "DependencyCycleError"
        }
        Error::StoreFailed { path, reason } => {
            details.set_item("path", path)?;
            details.set_item("reason", reason)?;
            "StoreFailedError"
        }
        Error::ClockAhead { event_id, recorded_at, clock, max_ahead_seconds } => {
            details.set_item("event_id", event_id)?;
            details.set_item("recorded_at", *recorded_at)?;
            details.set_item("clock", *clock)?;
            details.set_item("max_ahead", chrono::Duration::seconds(i64::try_from(*max_ahead_seconds).unwrap_or(i64::MAX)))?;
            "ClockAheadError"
        }
        Error::DuplicateProjectCode { code, existing_project_id } => {
            details.set_item("code", code)?;
            details.set_item("existing_project_id", existing_project_id)?;
            "DuplicateProjectCodeError"
        }
    })
}

/// Core results into Python results.
pub trait OrRaise<T> {
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(to_py_err)
    }
}
