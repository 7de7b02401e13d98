//! The kinds of errors: [`Error`]'s variants without their fields, for a program to match
//! on and for every surface to name alike.

use super::Error;

/// The kinds of [`Error`]: its variants without their fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// [`Error::CurrencyMismatch`].
    CurrencyMismatch,
    /// [`Error::Overflow`].
    Overflow,
    /// [`Error::PrecisionLoss`].
    PrecisionLoss,
    /// [`Error::InvalidAmount`].
    InvalidAmount,
    /// [`Error::InvalidCurrency`].
    InvalidCurrency,
    /// [`Error::InvalidWeights`].
    InvalidWeights,
    /// [`Error::InvalidId`].
    InvalidId,
    /// [`Error::InvalidField`].
    InvalidField,
    /// [`Error::InvalidCalendar`].
    InvalidCalendar,
    /// [`Error::DateOutOfRange`].
    DateOutOfRange,
    /// [`Error::DateOutsideCalendar`].
    DateOutsideCalendar,
    /// [`Error::MalformedJournal`].
    MalformedJournal,
    /// [`Error::BrokenChain`].
    BrokenChain,
    /// [`Error::ConflictingEvent`].
    ConflictingEvent,
    /// [`Error::ProjectAlreadyExists`].
    ProjectAlreadyExists,
    /// [`Error::UnknownProject`].
    UnknownProject,
    /// [`Error::NotFound`].
    NotFound,
    /// [`Error::DuplicateProjectCode`].
    DuplicateProjectCode,
    /// [`Error::InvalidWorkflow`].
    InvalidWorkflow,
    /// [`Error::PermissionDenied`].
    PermissionDenied,
    /// [`Error::SegregationOfDuties`].
    SegregationOfDuties,
    /// [`Error::TransitionNotAllowed`].
    TransitionNotAllowed,
    /// [`Error::GateFailed`].
    GateFailed,
    /// [`Error::InvalidCostBreakdown`].
    InvalidCostBreakdown,
    /// [`Error::BudgetExceeded`].
    BudgetExceeded,
    /// [`Error::SupplierBlocked`].
    SupplierBlocked,
    /// [`Error::InvalidDayWork`].
    InvalidDayWork,
    /// [`Error::InsufficientFunds`].
    InsufficientFunds,
    /// [`Error::InvalidSchedule`].
    InvalidSchedule,
    /// [`Error::DependencyCycle`].
    DependencyCycle,
    /// [`Error::StoreFailed`].
    StoreFailed,
    /// [`Error::ClockAhead`].
    ClockAhead,
}

impl ErrorKind {
    /// Every kind.
    pub const ALL: [ErrorKind; 32] = [ErrorKind::CurrencyMismatch, ErrorKind::Overflow, ErrorKind::PrecisionLoss, ErrorKind::InvalidAmount, ErrorKind::InvalidCurrency, ErrorKind::InvalidWeights, ErrorKind::InvalidId, ErrorKind::InvalidField, ErrorKind::InvalidCalendar, ErrorKind::DateOutOfRange, ErrorKind::DateOutsideCalendar, ErrorKind::MalformedJournal, ErrorKind::BrokenChain, ErrorKind::ConflictingEvent, ErrorKind::ProjectAlreadyExists, ErrorKind::UnknownProject, ErrorKind::NotFound, ErrorKind::DuplicateProjectCode, ErrorKind::InvalidWorkflow, ErrorKind::PermissionDenied, ErrorKind::SegregationOfDuties, ErrorKind::TransitionNotAllowed, ErrorKind::GateFailed, ErrorKind::InvalidCostBreakdown, ErrorKind::BudgetExceeded, ErrorKind::SupplierBlocked, ErrorKind::InvalidDayWork, ErrorKind::InsufficientFunds, ErrorKind::InvalidSchedule, ErrorKind::DependencyCycle, ErrorKind::StoreFailed, ErrorKind::ClockAhead];

    /// The variant's name (`DuplicateProjectCode`), stable across surfaces.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::CurrencyMismatch => "CurrencyMismatch",
            ErrorKind::Overflow => "Overflow",
            ErrorKind::PrecisionLoss => "PrecisionLoss",
            ErrorKind::InvalidAmount => "InvalidAmount",
            ErrorKind::InvalidCurrency => "InvalidCurrency",
            ErrorKind::InvalidWeights => "InvalidWeights",
            ErrorKind::InvalidId => "InvalidId",
            ErrorKind::InvalidField => "InvalidField",
            ErrorKind::InvalidCalendar => "InvalidCalendar",
            ErrorKind::DateOutOfRange => "DateOutOfRange",
            ErrorKind::DateOutsideCalendar => "DateOutsideCalendar",
            ErrorKind::MalformedJournal => "MalformedJournal",
            ErrorKind::BrokenChain => "BrokenChain",
            ErrorKind::ConflictingEvent => "ConflictingEvent",
            ErrorKind::ProjectAlreadyExists => "ProjectAlreadyExists",
            ErrorKind::UnknownProject => "UnknownProject",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::DuplicateProjectCode => "DuplicateProjectCode",
            ErrorKind::InvalidWorkflow => "InvalidWorkflow",
            ErrorKind::PermissionDenied => "PermissionDenied",
            ErrorKind::SegregationOfDuties => "SegregationOfDuties",
            ErrorKind::TransitionNotAllowed => "TransitionNotAllowed",
            ErrorKind::GateFailed => "GateFailed",
            ErrorKind::InvalidCostBreakdown => "InvalidCostBreakdown",
            ErrorKind::BudgetExceeded => "BudgetExceeded",
            ErrorKind::SupplierBlocked => "SupplierBlocked",
            ErrorKind::InvalidDayWork => "InvalidDayWork",
            ErrorKind::InsufficientFunds => "InsufficientFunds",
            ErrorKind::InvalidSchedule => "InvalidSchedule",
            ErrorKind::DependencyCycle => "DependencyCycle",
            ErrorKind::StoreFailed => "StoreFailed",
            ErrorKind::ClockAhead => "ClockAhead",
        }
    }
}

impl Error {
    /// The variant, without its fields: what a program matches on (a conflict's kind, say).
    #[must_use]
    pub fn error_kind(&self) -> ErrorKind {
        match self {
            Error::CurrencyMismatch { .. } => ErrorKind::CurrencyMismatch,
            Error::Overflow { .. } => ErrorKind::Overflow,
            Error::PrecisionLoss { .. } => ErrorKind::PrecisionLoss,
            Error::InvalidAmount { .. } => ErrorKind::InvalidAmount,
            Error::InvalidCurrency { .. } => ErrorKind::InvalidCurrency,
            Error::InvalidWeights { .. } => ErrorKind::InvalidWeights,
            Error::InvalidId { .. } => ErrorKind::InvalidId,
            Error::InvalidField { .. } => ErrorKind::InvalidField,
            Error::InvalidCalendar { .. } => ErrorKind::InvalidCalendar,
            Error::DateOutOfRange { .. } => ErrorKind::DateOutOfRange,
            Error::DateOutsideCalendar { .. } => ErrorKind::DateOutsideCalendar,
            Error::MalformedJournal { .. } => ErrorKind::MalformedJournal,
            Error::BrokenChain { .. } => ErrorKind::BrokenChain,
            Error::ConflictingEvent { .. } => ErrorKind::ConflictingEvent,
            Error::ProjectAlreadyExists { .. } => ErrorKind::ProjectAlreadyExists,
            Error::UnknownProject { .. } => ErrorKind::UnknownProject,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::DuplicateProjectCode { .. } => ErrorKind::DuplicateProjectCode,
            Error::InvalidWorkflow { .. } => ErrorKind::InvalidWorkflow,
            Error::PermissionDenied { .. } => ErrorKind::PermissionDenied,
            Error::SegregationOfDuties { .. } => ErrorKind::SegregationOfDuties,
            Error::TransitionNotAllowed { .. } => ErrorKind::TransitionNotAllowed,
            Error::GateFailed { .. } => ErrorKind::GateFailed,
            Error::InvalidCostBreakdown { .. } => ErrorKind::InvalidCostBreakdown,
            Error::BudgetExceeded { .. } => ErrorKind::BudgetExceeded,
            Error::SupplierBlocked { .. } => ErrorKind::SupplierBlocked,
            Error::InvalidDayWork { .. } => ErrorKind::InvalidDayWork,
            Error::InsufficientFunds { .. } => ErrorKind::InsufficientFunds,
            Error::InvalidSchedule { .. } => ErrorKind::InvalidSchedule,
            Error::DependencyCycle { .. } => ErrorKind::DependencyCycle,
            Error::StoreFailed { .. } => ErrorKind::StoreFailed,
            Error::ClockAhead { .. } => ErrorKind::ClockAhead,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_named_once() {
        let names: std::collections::BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert_eq!(Error::overflow("x").kind(), "Overflow");
        assert_eq!(Error::overflow("x").error_kind(), ErrorKind::Overflow);
    }
}
