//! The one error type of the crate. Every variant names the values that caused it.

mod kind;
pub use kind::ErrorKind;

use serde::Serialize;
use thiserror::Error as ThisError;

/// Everything that can go wrong in projectledger. Bindings mirror these variants one to one,
/// so the enum is deliberately not `#[non_exhaustive]`: a new variant must break their build.
///
/// Serialised with its variant name under `"kind"` (the same name [`Error::kind`] gives and
/// every surface uses) and its fields beside it, for a service to answer with:
///
/// ```
/// use projectledger::Error;
/// let error = Error::NotFound { entity: "document".into(), id: "INV-9".into(), project_id: Some("P1".into()) };
/// assert_eq!(error.to_string(), "document \"INV-9\" not found on project P1");
/// assert_eq!(
///     serde_json::to_string(&error).unwrap(),
///     r#"{"kind":"NotFound","entity":"document","id":"INV-9","project_id":"P1"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, ThisError, Serialize, Hash)]
#[serde(tag = "kind")]
pub enum Error {
    /// Two amounts in different currencies met in one operation.
    #[error("currency mismatch: {left} and {right} cannot be combined without a conversion")]
    CurrencyMismatch {
        /// The currency of the left operand.
        left: String,
        /// The currency of the right operand.
        right: String,
    },

    /// A checked operation left the representable range.
    #[error("arithmetic overflow in {operation}")]
    Overflow {
        /// The operation (`"sum"`, `"multiply"`, …).
        operation: String,
    },

    /// A value cannot be represented exactly; rounding it silently would lose money.
    #[error("precision loss: {value} cannot be held exactly ({reason})")]
    PrecisionLoss {
        /// The value as given.
        value: String,
        /// Why it cannot be held.
        reason: String,
    },

    /// An amount or decimal that is not a valid number for its purpose.
    #[error("invalid amount {input:?}: {reason}")]
    InvalidAmount {
        /// The text as given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A currency code or definition that is not valid or not known.
    #[error("invalid currency {code:?}: {reason}")]
    InvalidCurrency {
        /// The code as given.
        code: String,
        /// What is wrong with it.
        reason: String,
    },

    /// Allocation weights that cannot allocate anything.
    #[error("invalid weights: {reason}")]
    InvalidWeights {
        /// What is wrong with them.
        reason: String,
    },

    /// An identifier that is empty, too long or holds control characters.
    #[error("invalid {kind} id {value:?}: {reason}")]
    InvalidId {
        /// Which id (`"project"`, `"entry"`, …); `id_kind` in JSON and the bindings.
        #[serde(rename = "id_kind")]
        kind: String,
        /// The id as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A field of a record that breaks its rule (empty name, unknown weekday, …).
    #[error("invalid {field}: {reason}")]
    InvalidField {
        /// The field's name (`"payload data.lines[0].amount"`, `"worker name"`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A calendar or holiday notice with problems; all of them are listed.
    #[error("invalid calendar: {}", problems.join("; "))]
    InvalidCalendar {
        /// Every problem found.
        problems: Vec<String>,
    },

    /// Date arithmetic that leaves the supported date range.
    #[error("date out of range: {reason}")]
    DateOutOfRange {
        /// What left the range.
        reason: String,
    },

    /// A date outside the years whose holidays a calendar knows (and the calendar was not
    /// told to use its weekly pattern there): classifying it would be a guess.
    #[error("{date} is outside the years calendar {calendar:?} covers ({}): add that year's holiday notice, or use the weekly pattern outside its years", years.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))]
    DateOutsideCalendar {
        /// The date asked about.
        date: chrono::NaiveDate,
        /// The calendar's name.
        calendar: String,
        /// The years it covers.
        years: Vec<i32>,
    },

    /// A journal export that cannot be read; `line` is 1-based, the header is line 1.
    #[error("malformed journal at line {line}, field {field}: {reason}")]
    MalformedJournal {
        /// The 1-based line.
        line: usize,
        /// The field that is wrong.
        field: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The hash chain is broken at this event (0-based position in the journal).
    #[error("broken hash chain at event {event_index} ({event_id}): {reason}")]
    BrokenChain {
        /// The event's position, from 0.
        event_index: usize,
        /// The event's id.
        event_id: String,
        /// What does not match.
        reason: String,
    },

    /// Two different events carry the same id.
    #[error("event {event_id} already exists with different content")]
    ConflictingEvent {
        /// The id both events carry.
        event_id: String,
    },

    /// A project with this id already exists.
    #[error("project {project_id} already exists")]
    ProjectAlreadyExists {
        /// The project's id.
        project_id: String,
    },

    /// No project with this id.
    #[error("unknown project {project_id}")]
    UnknownProject {
        /// The id asked for.
        project_id: String,
    },

    /// A record an operation names does not exist: an approval, a document, a worker, a
    /// day-work entry, a cost code, a project's cost breakdown or work package.
    #[error("{entity} {id:?} not found{}", project_id.as_ref().map(|p| format!(" on project {p}")).unwrap_or_default())]
    NotFound {
        /// What was looked for (`"approval"`, `"document"`, `"worker"`, `"day-work entry"`, …).
        entity: String,
        /// The id asked for.
        id: String,
        /// The project it was looked for on, if any.
        project_id: Option<String>,
    },

    /// A workflow with problems; all of them are listed.
    #[error("invalid workflow: {}", problems.join("; "))]
    InvalidWorkflow {
        /// Every problem found.
        problems: Vec<String>,
    },

    /// The actor lacks the permission (an action, or a role a transition requires).
    #[error("permission denied: {actor} may not {permission} on project {project_id}")]
    PermissionDenied {
        /// Who tried.
        actor: String,
        /// The action or role missing.
        permission: String,
        /// The project.
        project_id: String,
    },

    /// Whoever submitted an item may not approve it.
    #[error("segregation of duties: {actor} submitted {item} and may not also approve it")]
    SegregationOfDuties {
        /// Who submitted the item and tried to approve it.
        actor: String,
        /// The item (`"document CO-1"`, `"entry E-1"`).
        item: String,
    },

    /// The workflow or the project's status does not allow this move.
    #[error("project {project_id} cannot go from {from} to {to}: {reason}")]
    TransitionNotAllowed {
        /// The project.
        project_id: String,
        /// The phase (or status) it is in.
        from: String,
        /// The phase (or status) asked for.
        to: String,
        /// Why the move is not allowed.
        reason: String,
    },

    /// Gates of a transition failed; every failed check is listed with its reason.
    #[error("project {project_id} cannot go from {from} to {to}; failed gates: {}", failures.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    GateFailed {
        /// The project.
        project_id: String,
        /// The phase it is in.
        from: String,
        /// The phase asked for.
        to: String,
        /// Every gate check that failed.
        failures: Vec<GateFailure>,
    },

    /// A cost breakdown with problems (duplicates, orphans, cycles); all of them are listed.
    #[error("invalid cost breakdown: {}", problems.join("; "))]
    InvalidCostBreakdown {
        /// Every problem found.
        problems: Vec<String>,
    },

    /// A commitment or cost that a budget control set to Stop refuses; every breach is listed
    /// with its figures (scope, measure, amount after the posting, revised budget, excess).
    #[error("budget exceeded on project {project_id}: {}", breaches.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    BudgetExceeded {
        /// The project.
        project_id: String,
        /// Every figure over its budget.
        breaches: Vec<Breach>,
    },

    /// A new commitment to a supplier graded D on a project whose grading stops them.
    #[error("supplier {supplier} is graded D (period ending {graded_on}); project {project_id} takes no new commitment to a D supplier")]
    SupplierBlocked {
        /// The project.
        project_id: String,
        /// The supplier.
        supplier: String,
        /// The last day of the period of the D grade.
        graded_on: chrono::NaiveDate,
    },

    /// A day-work batch or move with problems, every one listed with the entry it is about.
    /// Nothing of the batch was accepted.
    #[error("day work refused{}: {}", if project_id.is_empty() { String::new() } else { format!(" on project {project_id}") }, problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidDayWork {
        /// The project.
        project_id: String,
        /// Every problem, with the entry it is about.
        problems: Vec<Problem>,
    },

    /// A schedule with problems (duplicate activities, links to unknown activities, unknown
    /// calendars, self-links, lags out of reach); all of them are listed.
    #[error("invalid schedule: {}", problems.join("; "))]
    InvalidSchedule {
        /// Every problem found.
        problems: Vec<String>,
    },

    /// Links that make a cycle: no activity of it can start first. The activities are listed
    /// in link order, from the one given first.
    #[error("dependency cycle: {} → {}", activities.join(" → "), activities.first().map_or("", String::as_str))]
    DependencyCycle {
        /// The activities of the cycle, in link order.
        activities: Vec<String>,
    },

    /// A payment that the eligible, unexpired funds do not cover: refused whole, the
    /// shortfall named (amounts as text in JSON).
    #[error("{currency} {needed} is not covered by the funds it may use ({currency} {covered}): short by {currency} {shortfall}")]
    InsufficientFunds {
        /// The currency of the figures.
        currency: String,
        /// What the payment needs.
        #[serde(serialize_with = "decimal_text")]
        needed: rust_decimal::Decimal,
        /// What the funds it may use hold.
        #[serde(serialize_with = "decimal_text")]
        covered: rust_decimal::Decimal,
        /// `needed − covered`.
        #[serde(serialize_with = "decimal_text")]
        shortfall: rust_decimal::Decimal,
    },

    /// A journal store that cannot be opened, read or written: what is wrong and where (a
    /// file that is not a store, a newer schema, a corrupt entry, a full or read-only disk).
    #[error("journal store {path}: {reason}")]
    StoreFailed {
        /// The store's path.
        path: String,
        /// What went wrong.
        reason: String,
    },

    /// An event stamped further ahead of this replica's clock than it accepts: the clock of
    /// the device that recorded it is wrong (taking it would put it after every event to come).
    #[error("event {event_id} is stamped {}, more than {max_ahead_seconds} s ahead of this replica's clock ({}): check the clock of the device that recorded it", recorded_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true), clock.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))]
    ClockAhead {
        /// The event.
        event_id: String,
        /// The time it is stamped with.
        recorded_at: chrono::DateTime<chrono::Utc>,
        /// This replica's clock when it refused it.
        clock: chrono::DateTime<chrono::Utc>,
        /// How far ahead this replica accepts.
        max_ahead_seconds: u64,
    },

    /// Another project already uses this code.
    #[error("project code {code:?} is already used by project {existing_project_id}")]
    DuplicateProjectCode {
        /// The code asked for.
        code: String,
        /// The project that uses it.
        existing_project_id: String,
    },
}

/// A gate of a transition that did not pass: the check (`"deliverable feasibility_report"`,
/// `"approval project_approval"`) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct GateFailure {
    /// The check (`"deliverable feasibility_report"`).
    pub check: String,
    /// Why it failed.
    pub detail: String,
}

impl std::fmt::Display for GateFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.check, self.detail)
    }
}

/// A budget control set to Stop that a posting would breach, with its figures in the
/// project's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct Breach {
    /// `None` for the whole project, else the code whose subtree is controlled.
    pub code: Option<String>,
    /// What is controlled: `"committed"`, `"actual"` or `"cumulative"`.
    pub measure: String,
    /// The currency code of the figures.
    pub currency: String,
    /// The figure with the posting.
    #[serde(serialize_with = "decimal_text")]
    pub amount: rust_decimal::Decimal,
    /// The scope's revised budget.
    #[serde(serialize_with = "decimal_text")]
    pub budget: rust_decimal::Decimal,
    /// How far the posting takes the figure past the budget.
    #[serde(serialize_with = "decimal_text")]
    pub over_by: rust_decimal::Decimal,
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scope = self.code.as_ref().map_or_else(|| "the project".to_owned(), |c| format!("code {c}"));
        let c = &self.currency;
        write!(f, "{} on {scope} would be {c} {} against a revised budget of {c} {} (over by {c} {})", self.measure, self.amount, self.budget, self.over_by)
    }
}

/// A decimal as its exact text (the error sits below `wire`, so it writes its own).
fn decimal_text<S: serde::Serializer>(value: &rust_decimal::Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&value.to_string())
}

/// One problem of a batch: the item it is about (an entry id; empty for the batch itself), the
/// field of the item that is wrong, a code a program can match, and the message a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct Problem {
    /// The entry (or worker, or rate) the problem is about.
    pub item: String,
    /// The field of the item (`worker_id`, `date`, `quantity`, `reverses`, …), or of the
    /// command when `item` is empty (`entries`, `entry_ids`, `to`).
    pub field: String,
    /// What kind of problem, as a stable code.
    pub code: ProblemCode,
    /// The problem in words.
    pub message: String,
}

impl Problem {
    /// A problem of `item`'s `field` (the item cut to 200 characters: an error never echoes
    /// a huge input).
    pub fn new(item: &str, field: &str, code: ProblemCode, message: impl Into<String>) -> Problem {
        Problem { item: cut(item), field: field.to_owned(), code, message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.item.is_empty() { f.write_str(&self.message) } else { write!(f, "entry {}: {}", self.item, self.message) }
    }
}

/// What is wrong, as a program matches it (snake_case in JSON and on every surface).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The batch names nothing.
    EmptyBatch,
    /// An entry id that is blank, too long or holds invisible characters.
    InvalidId,
    /// An entry id already used (in the register or earlier in the batch).
    DuplicateId,
    /// The worker is not on the project's roster.
    UnknownWorker,
    /// The project has no cost breakdown to post day work to.
    NoCostBreakdown,
    /// The cost code is not a leaf code of the project.
    NotLeafCode,
    /// The project's cost types have no `labour`.
    NoLabourCostType,
    /// Hours or 工日 that are zero, negative or finer than 0.01 h.
    InvalidQuantity,
    /// The date lies in a locked (paid) period.
    LockedPeriod,
    /// The date lies outside the years the project calendar covers.
    OutsideCalendar,
    /// Start and end times that do not hold the hours.
    InvalidTimes,
    /// No labour rate is in force for the worker on the date.
    NoRate,
    /// The worker would pass 24 hours on the day across all projects.
    OverDailyLimit,
    /// An entry the move or reversal names does not exist on the project.
    UnknownEntry,
    /// An entry named twice in one move.
    NamedTwice,
    /// The entry's state does not allow the move or the reversal.
    WrongState,
}

impl ProblemCode {
    /// The code's name (`"over_daily_limit"`), as JSON writes it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ProblemCode::EmptyBatch => "empty_batch",
            ProblemCode::InvalidId => "invalid_id",
            ProblemCode::DuplicateId => "duplicate_id",
            ProblemCode::UnknownWorker => "unknown_worker",
            ProblemCode::NoCostBreakdown => "no_cost_breakdown",
            ProblemCode::NotLeafCode => "not_leaf_code",
            ProblemCode::NoLabourCostType => "no_labour_cost_type",
            ProblemCode::InvalidQuantity => "invalid_quantity",
            ProblemCode::LockedPeriod => "locked_period",
            ProblemCode::OutsideCalendar => "outside_calendar",
            ProblemCode::InvalidTimes => "invalid_times",
            ProblemCode::NoRate => "no_rate",
            ProblemCode::OverDailyLimit => "over_daily_limit",
            ProblemCode::UnknownEntry => "unknown_entry",
            ProblemCode::NamedTwice => "named_twice",
            ProblemCode::WrongState => "wrong_state",
        }
    }
}

impl Error {
    /// The variant's name, stable across surfaces (scenarios name errors by it).
    #[must_use]
    pub fn kind(&self) -> &'static str {
        self.error_kind().name()
    }

    /// An overflow of an operation.
    pub fn overflow(operation: impl Into<String>) -> Self {
        Error::Overflow { operation: operation.into() }
    }

    /// A record that does not exist: its kind (`"document"`), id and project, if any.
    pub fn not_found(entity: &str, id: &str, project_id: Option<&str>) -> Self {
        Error::NotFound { entity: entity.to_owned(), id: cut(id), project_id: project_id.map(str::to_owned) }
    }

    /// A field with an invalid value, and why.
    pub fn invalid_field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidField { field: field.into(), reason: reason.into() }
    }
}

/// How much of a value an error message quotes.
pub(crate) const QUOTED_CHARS: usize = 200;

/// The first 200 characters of a value an error carries back (an id, an entry id): an error
/// never echoes a huge input.
pub(crate) fn cut(value: &str) -> String {
    value.chars().take(QUOTED_CHARS).collect()
}

crate::persist::persist_enum!(Error {
    0 => CurrencyMismatch { left, right },
    1 => Overflow { operation },
    2 => PrecisionLoss { value, reason },
    3 => InvalidAmount { input, reason },
    4 => InvalidCurrency { code, reason },
    5 => InvalidWeights { reason },
    6 => InvalidId { kind, value, reason },
    7 => InvalidField { field, reason },
    8 => InvalidCalendar { problems },
    9 => DateOutOfRange { reason },
    10 => DateOutsideCalendar { date, calendar, years },
    11 => MalformedJournal { line, field, reason },
    12 => BrokenChain { event_index, event_id, reason },
    13 => ConflictingEvent { event_id },
    14 => ProjectAlreadyExists { project_id },
    15 => UnknownProject { project_id },
    16 => NotFound { entity, id, project_id },
    17 => InvalidWorkflow { problems },
    18 => PermissionDenied { actor, permission, project_id },
    19 => SegregationOfDuties { actor, item },
    20 => TransitionNotAllowed { project_id, from, to, reason },
    21 => GateFailed { project_id, from, to, failures },
    22 => InvalidCostBreakdown { problems },
    23 => BudgetExceeded { project_id, breaches },
    24 => InvalidDayWork { project_id, problems },
    25 => InvalidSchedule { problems },
    26 => DependencyCycle { activities },
    27 => InsufficientFunds { currency, needed, covered, shortfall },
    28 => StoreFailed { path, reason },
    29 => ClockAhead { event_id, recorded_at, clock, max_ahead_seconds },
    30 => DuplicateProjectCode { code, existing_project_id },
    31 => SupplierBlocked { project_id, supplier, graded_on },
});
crate::persist::persist_struct!(GateFailure { check, detail });
crate::persist::persist_struct!(Breach { code, measure, currency, amount, budget, over_by });
crate::persist::persist_struct!(Problem { item, field, code, message });
crate::persist::persist_enum!(ProblemCode {
    0 => EmptyBatch, 1 => InvalidId, 2 => DuplicateId, 3 => UnknownWorker, 4 => NoCostBreakdown, 5 => NotLeafCode, 6 => NoLabourCostType,
    7 => InvalidQuantity, 8 => LockedPeriod, 9 => OutsideCalendar, 10 => InvalidTimes, 11 => NoRate, 12 => OverDailyLimit, 13 => UnknownEntry,
    14 => NamedTwice, 15 => WrongState,
});
