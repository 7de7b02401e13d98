//! The boundary error: one variant per core variant, with its fields and a readable
//! `detail` (Kotlin: `ProjectLedgerException.<Variant>`, whose `message` is `detail` once
//! `generate.py` has rewritten uniffi's field list).

use std::fmt;

use projectledger::{Breach, Error, ErrorKind, GateFailure, Problem, ProblemCode};
use rust_decimal::Decimal;

use crate::count;

/// A gate of a transition that did not pass: the check and why.
#[uniffi::remote(Record)]
pub struct GateFailure {
    pub check: String,
    pub detail: String,
}

/// A Stop budget control a posting would breach, with its figures.
#[uniffi::remote(Record)]
pub struct Breach {
    pub code: Option<String>,
    pub measure: String,
    pub currency: String,
    pub amount: Decimal,
    pub budget: Decimal,
    pub over_by: Decimal,
}

/// What is wrong with an item of a batch, as a program matches it (the core's own enum).
#[uniffi::remote(Enum)]
pub enum ProblemCode {
    EmptyBatch,
    InvalidId,
    DuplicateId,
    UnknownWorker,
    NoCostBreakdown,
    NotLeafCode,
    NoLabourCostType,
    InvalidQuantity,
    LockedPeriod,
    OutsideCalendar,
    InvalidTimes,
    NoRate,
    OverDailyLimit,
    UnknownEntry,
    NamedTwice,
    WrongState,
}

/// One problem of a batch: the entry it is about (empty: the batch), the field that is wrong,
/// its code and message.
#[uniffi::remote(Record)]
pub struct Problem {
    pub item: String,
    pub field: String,
    pub code: ProblemCode,
    pub message: String,
}

/// Kotlin's `message` and `toString()` and Swift's `description` are the readable sentence
/// (`detail`); the fields are there for a program.
/// The kinds of errors, as a conflict names the one that refused its event (the core's own
/// enum: `ProjectLedgerException`'s variants without their fields).
#[uniffi::remote(Enum)]
pub enum ErrorKind {
    CurrencyMismatch,
    Overflow,
    PrecisionLoss,
    InvalidAmount,
    InvalidCurrency,
    InvalidWeights,
    InvalidId,
    InvalidField,
    InvalidCalendar,
    DateOutOfRange,
    DateOutsideCalendar,
    MalformedJournal,
    BrokenChain,
    ConflictingEvent,
    ProjectAlreadyExists,
    UnknownProject,
    NotFound,
    DuplicateProjectCode,
    InvalidWorkflow,
    PermissionDenied,
    SegregationOfDuties,
    TransitionNotAllowed,
    GateFailed,
    InvalidCostBreakdown,
    BudgetExceeded,
    SupplierBlocked,
    InvalidDayWork,
    InsufficientFunds,
    InvalidSchedule,
    DependencyCycle,
    StoreFailed,
    ClockAhead,
}

/// An error kind's name (`DuplicateProjectCode`), as the scenarios and other surfaces name it.
#[uniffi::export]
pub fn error_kind_name(kind: ErrorKind) -> String {
    kind.name().to_owned()
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
#[uniffi::export(Display)]
pub enum ProjectLedgerError {
    CurrencyMismatch { detail: String, left: String, right: String },
    Overflow { detail: String, operation: String },
    PrecisionLoss { detail: String, value: String },
    InvalidAmount { detail: String, input: String },
    InvalidCurrency { detail: String, code: String },
    InvalidWeights { detail: String },
    InvalidId { detail: String, id_kind: String, value: String },
    InvalidField { detail: String, field: String },
    InvalidCalendar { detail: String, problems: Vec<String> },
    DateOutOfRange { detail: String },
    /// `date` is outside the `years` whose holidays `calendar` knows.
    DateOutsideCalendar { detail: String, date: chrono::NaiveDate, calendar: String, years: Vec<i32> },
    MalformedJournal { detail: String, line: i64, field: String },
    BrokenChain { detail: String, event_index: i64, event_id: String },
    ConflictingEvent { detail: String, event_id: String },
    ProjectAlreadyExists { detail: String, project_id: String },
    UnknownProject { detail: String, project_id: String },
    /// A record an operation names does not exist (`entity`: "document", "approval", …).
    NotFound { detail: String, entity: String, id: String, project_id: Option<String> },
    DuplicateProjectCode { detail: String, code: String, existing_project_id: String },
    InvalidWorkflow { detail: String, problems: Vec<String> },
    /// `permission`: the action (as `action` too) or the role a transition needs.
    PermissionDenied { detail: String, actor: String, permission: String, action: Option<projectledger::lifecycle::Action>, project_id: String },
    SegregationOfDuties { detail: String, actor: String, item: String },
    TransitionNotAllowed { detail: String, project_id: String, from: String, to: String },
    GateFailed { detail: String, project_id: String, from: String, to: String, failures: Vec<GateFailure> },
    InvalidCostBreakdown { detail: String, problems: Vec<String> },
    BudgetExceeded { detail: String, project_id: String, breaches: Vec<Breach> },
    /// A new commitment to a supplier graded D, on a project that stops them.
    SupplierBlocked { detail: String, project_id: String, supplier: String, graded_on: chrono::NaiveDate },
    /// Every problem of the batch, with the entry it is about.
    InvalidDayWork { detail: String, project_id: String, problems: Vec<Problem> },
    /// A payment the eligible, unexpired funds do not cover, with the shortfall.
    InsufficientFunds { detail: String, currency: String, needed: Decimal, covered: Decimal, shortfall: Decimal },
    /// Every problem of a schedule's activities and links.
    InvalidSchedule { detail: String, problems: Vec<String> },
    /// The activities of a dependency cycle, in link order.
    DependencyCycle { detail: String, activities: Vec<String> },
    /// A journal store that cannot be opened, read or written: where, and what is wrong.
    StoreFailed { detail: String, path: String, reason: String },
    /// An event stamped further ahead of this device's clock than it accepts: the clock of
    /// the device that recorded it is wrong.
    ClockAhead { detail: String, event_id: String, recorded_at: crate::Instant, clock: crate::Instant, max_ahead_seconds: i64 },
}

impl From<Error> for ProjectLedgerError {
    fn from(error: Error) -> Self {
        let detail = error.to_string();
        match error {
            Error::CurrencyMismatch { left, right } => Self::CurrencyMismatch { detail, left, right },
            Error::Overflow { operation } => Self::Overflow { detail, operation },
            Error::PrecisionLoss { value, .. } => Self::PrecisionLoss { detail, value },
            Error::InvalidAmount { input, .. } => Self::InvalidAmount { detail, input },
            Error::InvalidCurrency { code, .. } => Self::InvalidCurrency { detail, code },
            Error::InvalidWeights { .. } => Self::InvalidWeights { detail },
            Error::InvalidId { kind, value, .. } => Self::InvalidId { detail, id_kind: kind, value },
            Error::InvalidField { field, .. } => Self::InvalidField { detail, field },
            Error::InvalidCalendar { problems } => Self::InvalidCalendar { detail, problems },
            Error::DateOutOfRange { .. } => Self::DateOutOfRange { detail },
            Error::DateOutsideCalendar { date, calendar, years } => Self::DateOutsideCalendar { detail, date, calendar, years },
            Error::MalformedJournal { line, field, .. } => Self::MalformedJournal { detail, line: count(line), field },
            Error::BrokenChain { event_index, event_id, .. } => {
                Self::BrokenChain { detail, event_index: count(event_index), event_id }
            }
            Error::ConflictingEvent { event_id } => Self::ConflictingEvent { detail, event_id },
            Error::ProjectAlreadyExists { project_id } => Self::ProjectAlreadyExists { detail, project_id },
            Error::UnknownProject { project_id } => Self::UnknownProject { detail, project_id },
            Error::NotFound { entity, id, project_id } => Self::NotFound { detail, entity, id, project_id },
            Error::DuplicateProjectCode { code, existing_project_id } => {
                Self::DuplicateProjectCode { detail, code, existing_project_id }
            }
            Error::InvalidWorkflow { problems } => Self::InvalidWorkflow { detail, problems },
            Error::PermissionDenied { actor, permission, project_id } => {
                let action = permission.parse().ok();
                Self::PermissionDenied { detail, actor, permission, action, project_id }
            }
            Error::SegregationOfDuties { actor, item } => Self::SegregationOfDuties { detail, actor, item },
            Error::TransitionNotAllowed { project_id, from, to, .. } => Self::TransitionNotAllowed { detail, project_id, from, to },
            Error::GateFailed { project_id, from, to, failures } => Self::GateFailed { detail, project_id, from, to, failures },
            Error::InvalidCostBreakdown { problems } => Self::InvalidCostBreakdown { detail, problems },
            Error::BudgetExceeded { project_id, breaches } => Self::BudgetExceeded { detail, project_id, breaches },
            Error::SupplierBlocked { project_id, supplier, graded_on } => Self::SupplierBlocked { detail, project_id, supplier, graded_on },
            Error::InsufficientFunds { currency, needed, covered, shortfall } => Self::InsufficientFunds { detail, currency, needed, covered, shortfall },
            Error::InvalidSchedule { problems } => Self::InvalidSchedule { detail, problems },
            Error::DependencyCycle { activities } => Self::DependencyCycle { detail, activities },
            Error::StoreFailed { path, reason } => Self::StoreFailed { detail, path, reason },
            Error::ClockAhead { event_id, recorded_at, clock, max_ahead_seconds } => Self::ClockAhead { detail, event_id, recorded_at, clock, max_ahead_seconds: count(max_ahead_seconds) },
            Error::InvalidDayWork { project_id, problems } => Self::InvalidDayWork { detail, project_id, problems },
        }
    }
}

impl ProjectLedgerError {
    /// The readable message.
    #[must_use]
    pub fn detail(&self) -> &str {
        match self {
            Self::CurrencyMismatch { detail, .. }
            | Self::Overflow { detail, .. }
            | Self::PrecisionLoss { detail, .. }
            | Self::InvalidAmount { detail, .. }
            | Self::InvalidCurrency { detail, .. }
            | Self::InvalidWeights { detail }
            | Self::InvalidId { detail, .. }
            | Self::InvalidField { detail, .. }
            | Self::InvalidCalendar { detail, .. }
            | Self::DateOutOfRange { detail }
            | Self::DateOutsideCalendar { detail, .. }
            | Self::MalformedJournal { detail, .. }
            | Self::BrokenChain { detail, .. }
            | Self::ConflictingEvent { detail, .. }
            | Self::ProjectAlreadyExists { detail, .. }
            | Self::UnknownProject { detail, .. }
            | Self::NotFound { detail, .. }
            | Self::DuplicateProjectCode { detail, .. }
            | Self::InvalidWorkflow { detail, .. }
            | Self::PermissionDenied { detail, .. }
            | Self::SegregationOfDuties { detail, .. }
            | Self::TransitionNotAllowed { detail, .. }
            | Self::GateFailed { detail, .. }
            | Self::InvalidCostBreakdown { detail, .. }
            | Self::BudgetExceeded { detail, .. }
            | Self::SupplierBlocked { detail, .. }
            | Self::InvalidDayWork { detail, .. }
            | Self::InsufficientFunds { detail, .. }
            | Self::InvalidSchedule { detail, .. }
            | Self::DependencyCycle { detail, .. }
            | Self::StoreFailed { detail, .. }
            | Self::ClockAhead { detail, .. } => detail,
        }
    }
}

impl fmt::Display for ProjectLedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.detail())
    }
}

impl std::error::Error for ProjectLedgerError {}
