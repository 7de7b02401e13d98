//! Kotlin and Swift bindings of projectledger (uniffi proc-macros).
//!
//! Boundary types: decimals cross as strings (Kotlin `BigDecimal`, Swift `Decimal`), dates
//! as ISO strings (Kotlin `LocalDate`), instants as RFC 3339 (Kotlin `Instant`). Lifting a
//! bad string fails with the function's own `ProjectLedgerException`, never a panic, which
//! is why every function taking one of them returns a `Result`. No domain rule lives here.

use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::cost::CostEvent;
use projectledger::labour::LabourEvent;
use projectledger::decimal::parse_exact;

use daywork::{DayWorkEntry, DayWorkWarning, EntryState, OvertimePolicy, RateUnit, Reversal, Worker};
use projectledger::calendar::{HolidayNotice, NoticeHoliday};
use projectledger::cost::StandardCostType;
use projectledger::lifecycle::{Action, ApprovalRecord, DeliverableRecord, Gate, GateResult, ReviewItem, StandardRole};
use projectledger::{self as core, ActorId, Appended, CostCode, Currency, DayKind, DocumentId, EntryId, EventId, Money, PeriodKind, ProjectId, RoundingStrategy, WorkerId};
use rust_decimal::Decimal;

use projectledger::funds::{AllocationTarget, ApplicationState, FundKind, PaymentOf};
use crate::funds::PaymentTerms;
use projectledger::funds::{ApplicationDeduction, ConsumptionRule, Eligibility, FundEvent, PayableRange, ScheduleLine};
use projectledger::schedule::{Link, ScheduleEvent, ScheduleOptions};
use projectledger::governance::{Assessment, BenefitAmount, CriterionScores, GovernanceEvent, GradingPolicy, KpiDefinition, ResponseStrategy, RiskAction, RiskCategory, RiskOutcome};

mod cost;
mod daywork;
mod errors;
mod fund_ledger;
mod funds;
mod governance;
mod schedule;
pub use cost::{BudgetRow, ControlAction, ControlMeasure, CostKind, DocumentKind, DocumentStatus, RevenueKind, BudgetViewRow, BudgetWarning, CostDocument, CostLine, EvTechnique, ForecastItem, ForecastMethod, Margin, Milestone, NodeEarnedValue, Progress};
pub use errors::ProjectLedgerError;

uniffi::setup_scaffolding!("projectledger");

type Result<T, E = ProjectLedgerError> = std::result::Result<T, E>;

/// A count, line or cursor as Kotlin and Swift hold one (signed 64 bits; none comes near).
pub(crate) fn count(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

/// A count or place given from outside, refused when below zero.
fn non_negative(field: &str, value: i64) -> Result<usize> {
    usize::try_from(value).map_err(|_| core::Error::invalid_field(field, format!("{value} is below zero")).into())
}

// The foreign names of chrono's types: Kotlin and Swift signatures read `LocalDate`,
// `LocalTime` and `Instant` (java.time's names), not Rust's `NaiveDate`.

/// An instant in UTC.
pub type Instant = DateTime<Utc>;

/// A calendar day.
pub type LocalDate = NaiveDate;

uniffi::custom_type!(Decimal, String, {
    remote,
    lower: |value| value.to_string(),
    try_lift: |text| parse_exact(&text).map_err(|e| ProjectLedgerError::from(e).into()),
});

uniffi::custom_type!(LocalDate, String, {
    remote,
    lower: |date| date.to_string(),
    try_lift: |text| NaiveDate::from_str(&text).map_err(|e| {
        ProjectLedgerError::from(core::Error::InvalidField { field: "date".into(), reason: format!("{text:?} is not an ISO date: {e}") }).into()
    }),
});

/// A month of a year (Kotlin `java.time.YearMonth`; Swift and the wire: `2025-03`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    /// The month of a day.
    pub(crate) fn of(date: NaiveDate) -> YearMonth {
        YearMonth { year: date.year(), month: date.month() }
    }

    /// Reads `YYYY-MM`.
    pub(crate) fn parse(text: &str) -> Option<YearMonth> {
        NaiveDate::from_str(&format!("{text}-01")).ok().map(YearMonth::of)
    }

    /// Its first day.
    pub(crate) fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }
}

uniffi::custom_type!(YearMonth, String, {
    lower: |m| format!("{:04}-{:02}", m.year, m.month),
    try_lift: |text| YearMonth::parse(&text).ok_or_else(|| {
        ProjectLedgerError::from(core::Error::InvalidField { field: "month".into(), reason: format!("{text:?} is not a month (YYYY-MM)") }).into()
    }),
});

uniffi::custom_type!(Instant, String, {
    remote,
    lower: |at| at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
    try_lift: |text| DateTime::parse_from_rfc3339(&text).map(|at| at.with_timezone(&Utc)).map_err(|e| {
        ProjectLedgerError::from(core::Error::InvalidField { field: "timestamp".into(), reason: format!("{text:?} is not an RFC 3339 instant: {e}") }).into()
    }),
});

// ---------------------------------------------------------------- ids

uniffi::custom_type!(ProjectId, String, {
    remote,
    lower: |id| id.as_str().to_owned(),
    try_lift: |text| ProjectId::try_new(text).map_err(|e| ProjectLedgerError::from(e).into()),
});

uniffi::custom_type!(ActorId, String, {
    remote,
    lower: |id| id.as_str().to_owned(),
    try_lift: |text| ActorId::try_new(text).map_err(|e| ProjectLedgerError::from(e).into()),
});

/// The ids of records inside a domain: text in Kotlin and Swift, checked by the core when the
/// event holding them is applied (as a journal reads them).
macro_rules! record_ids {
    ($($id:ident),*) => {$(
        uniffi::custom_type!($id, String, {
            remote,
            lower: |id| id.as_str().to_owned(),
            try_lift: |text| Ok($id::from(text)),
        });
    )*};
}
record_ids!(EntryId, WorkerId, DocumentId, CostCode);

uniffi::custom_type!(EventId, String, {
    remote,
    lower: |id| id.as_str().to_owned(),
    try_lift: |text| EventId::try_new(text).map_err(|e| ProjectLedgerError::from(e).into()),
});

// ---------------------------------------------------------------- money

/// An ISO 4217 currency as it crosses the boundary (Kotlin and Swift see it as `Currency`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CurrencyRecord {
    pub code: String,
    /// Digits after the point (0 to 28).
    pub minor_units: i32,
}

// The core's Currency crosses as its record; a hand-built one is validated on the way in.
uniffi::custom_type!(Currency, CurrencyRecord, {
    remote,
    lower: |c| CurrencyRecord { code: c.code().to_owned(), minor_units: i32::from(c.minor_units()) },
    try_lift: |r| currency_new(r.code, r.minor_units).map_err(Into::into),
});

/// An exact amount in one currency as it crosses the boundary (Kotlin and Swift see it as
/// `Money`). Equal amounts are equal whatever their scale (`10` and `10.00`); it prints as
/// "CNY 550.00". Kotlin's `+ - * <` and Swift's operators are in the helper file shipped
/// beside the generated one; ordering across currencies is refused, as in Python.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Display, Eq, Hash)]
pub struct MoneyRecord {
    pub amount: Decimal,
    pub currency: Currency,
}

impl std::fmt::Display for MoneyRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Money::new(self.amount, self.currency).fmt(f)
    }
}

// The core's Money crosses as its record: every row and figure holding money is the core's own.
uniffi::custom_type!(Money, MoneyRecord, {
    remote,
    lower: |m| MoneyRecord { amount: m.amount(), currency: m.currency() },
    try_lift: |r| Ok(Money::new(r.amount, r.currency)),
});

/// How a value is rounded at a named rounding point (the core's own enum).
#[uniffi::remote(Enum)]
pub enum RoundingStrategy {
    HalfAwayFromZero,
    HalfEven,
    HalfTowardZero,
    Up,
    Down,
    Ceiling,
    Floor,
}

/// A built-in currency by code (CNY, USD, EUR, GBP, JPY, HKD).
#[uniffi::export]
pub fn currency_of(code: String) -> Result<Currency> {
    Ok(Currency::from_code(&code)?)
}

/// Defines a currency by code and minor units (validated).
#[uniffi::export]
pub fn currency_new(code: String, minor_units: i32) -> Result<Currency> {
    let units = u8::try_from(minor_units).map_err(|_| core::Error::InvalidCurrency { code: code.clone(), reason: format!("{minor_units} minor units is not 0 to 28") })?;
    Ok(Currency::new(&code, units)?)
}

/// Parses "CNY 12.50" or "12.50 CNY".
#[uniffi::export]
pub fn money_parse(text: String) -> Result<Money> {
    Ok(Money::parse(&text)?)
}

/// "CNY 12.50".
#[uniffi::export]
pub fn money_format(money: Money) -> Result<String> {
    Ok(money.to_string())
}

#[uniffi::export]
pub fn money_add(left: Money, right: Money) -> Result<Money> {
    Ok(left.checked_add(&right)?)
}

#[uniffi::export]
pub fn money_sub(left: Money, right: Money) -> Result<Money> {
    Ok(left.checked_sub(&right)?)
}

#[uniffi::export]
pub fn money_neg(money: Money) -> Result<Money> {
    Ok(money.neg())
}

/// Money × an exact factor; refused rather than rounded.
#[uniffi::export]
pub fn money_mul(money: Money, factor: Decimal) -> Result<Money> {
    Ok(money.checked_mul(factor)?)
}

/// Rounds to the currency's minor units.
#[uniffi::export]
pub fn money_round(money: Money, strategy: RoundingStrategy) -> Result<Money> {
    Ok(money.round(strategy))
}

/// −1, 0 or 1; an error across currencies.
#[uniffi::export]
pub fn money_compare(left: Money, right: Money) -> Result<i32> {
    Ok(left.checked_cmp(&right)? as i32)
}

/// Splits `total` by `weights` (largest remainder, exact): the shares sum to the total.
#[uniffi::export]
pub fn allocate(total: Money, weights: Vec<Decimal>) -> Result<Vec<Money>> {
    Ok(core::allocate(&total, &weights)?)
}

/// Splits `total` into `parts` shares as equal as minor units allow.
#[uniffi::export]
pub fn split_evenly(total: Money, parts: i32) -> Result<Vec<Money>> {
    Ok(core::split_evenly(&total, non_negative("parts", parts.into())?)?)
}

// ---------------------------------------------------------------- calendar

/// One holiday of a notice: its break (`from`–`to`), the statutory days within it (the
/// others are rest days), and the weekend days worked to make up for it (调休上班).
#[uniffi::remote(Record)]
pub struct NoticeHoliday {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[uniffi(default)]
    pub statutory: Vec<NaiveDate>,
    #[uniffi(default)]
    pub makeup_working_days: Vec<NaiveDate>,
}

/// A year's official holiday arrangement (the State Council's notice, a region's own), as
/// data: `WorkCalendar.withHolidayNotice` adds it.
#[uniffi::remote(Record)]
pub struct HolidayNotice {
    pub region: String,
    pub year: i32,
    #[uniffi(default = "")]
    pub source: String,
    pub holidays: Vec<NoticeHoliday>,
}

/// What a date is under a calendar (the core's own enum).
#[uniffi::remote(Enum)]
pub enum DayKind {
    Working,
    RestDay,
    StatutoryHoliday,
}

/// A day off of a calendar.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HolidayDay {
    pub date: NaiveDate,
    pub name: String,
    pub statutory: bool,
}

/// A make-up working day (调休) and the holiday it makes up for.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MakeupDay {
    pub date: NaiveDate,
    pub name: String,
}

/// A working calendar (immutable: the `with…` methods return a new one).
#[derive(Debug, PartialEq, uniffi::Object)]
#[uniffi::export(Eq, Debug)]
pub struct WorkCalendar {
    inner: core::WorkCalendar,
}

impl WorkCalendar {
    fn wrap(inner: core::WorkCalendar) -> Arc<Self> {
        Arc::new(WorkCalendar { inner })
    }
}

#[uniffi::export]
impl WorkCalendar {
    /// A calendar with working weekdays ("Mon" … "Sun") and hours per working day.
    #[uniffi::constructor]
    pub fn new(name: String, working_weekdays: Vec<String>, hours_per_day: Decimal) -> Result<Arc<Self>> {
        let days = core::calendar::parse_weekdays(&working_weekdays)?;
        Ok(Self::wrap(core::WorkCalendar::new(&name, &days, hours_per_day)?))
    }

    /// Monday–Friday, 8 hours, no holidays.
    #[uniffi::constructor]
    pub fn standard(name: String) -> Result<Arc<Self>> {
        Ok(Self::wrap(core::WorkCalendar::standard(&name)?))
    }

    /// Mainland China 2025 with the State Council's notice; it covers 2025 only.
    #[uniffi::constructor]
    pub fn china_2025() -> Result<Arc<Self>> {
        Ok(Self::wrap(core::WorkCalendar::china_2025()?))
    }

    /// Mainland China from `first_year` to `last_year`, with the State Council's notice of
    /// each year (shipped: `chinaYears()`).
    #[uniffi::constructor]
    pub fn china(first_year: i32, last_year: i32) -> Result<Arc<Self>> {
        Ok(Self::wrap(core::WorkCalendar::china(first_year, last_year)?))
    }

    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Self::wrap(core::WorkCalendar::from_json(&json)?))
    }

    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// A copy with a year's holiday notice (JSON) added; every problem is listed.
    pub fn with_notice(&self, notice_json: String) -> Result<Arc<Self>> {
        let notice = core::HolidayNotice::from_json(&notice_json)?;
        Ok(Self::wrap(self.inner.with_notice(&notice)?))
    }

    /// A copy with a year's holiday notice added, built from data; every problem (a day in
    /// two holidays, a make-up day inside a break, another year) is listed in
    /// `InvalidCalendar.problems`.
    pub fn with_holiday_notice(&self, notice: HolidayNotice) -> Result<Arc<Self>> {
        Ok(Self::wrap(self.inner.with_notice(&notice)?))
    }

    pub fn with_holiday(&self, date: NaiveDate, name: String, statutory: bool) -> Result<Arc<Self>> {
        Ok(Self::wrap(self.inner.with_holiday(date, &name, statutory)?))
    }

    pub fn with_makeup_working_day(&self, date: NaiveDate, name: String) -> Result<Arc<Self>> {
        Ok(Self::wrap(self.inner.with_makeup_working_day(date, &name)?))
    }

    pub fn name(&self) -> String {
        self.inner.name().to_owned()
    }

    pub fn hours_per_day(&self) -> Decimal {
        self.inner.hours_per_day()
    }

    pub fn working_weekdays(&self) -> Vec<String> {
        self.inner.working_weekdays().iter().map(ToString::to_string).collect()
    }

    pub fn holidays(&self) -> Vec<HolidayDay> {
        self.inner
            .holidays()
            .iter()
            .map(|(date, h)| HolidayDay { date: *date, name: h.name.clone(), statutory: h.statutory })
            .collect()
    }

    pub fn makeup_working_days(&self) -> Vec<MakeupDay> {
        self.inner.makeup_working_days().iter().map(|(date, name)| MakeupDay { date: *date, name: name.clone() }).collect()
    }

    /// The years of the notices the calendar holds (empty: the weekly pattern everywhere).
    pub fn years(&self) -> Vec<i32> {
        self.inner.years()
    }

    /// True when dates outside `years()` follow the weekly pattern instead of being refused.
    pub fn weekly_pattern_outside_years(&self) -> bool {
        self.inner.weekly_pattern_outside_years()
    }

    /// A copy that classifies dates outside its years by the weekly pattern.
    pub fn with_weekly_pattern_outside_years(&self) -> Arc<Self> {
        Self::wrap(self.inner.with_weekly_pattern_outside_years())
    }

    /// True when the calendar can classify `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.inner.covers(date)
    }

    /// Refused with `DateOutsideCalendar` outside the calendar's years.
    pub fn classify(&self, date: NaiveDate) -> Result<DayKind> {
        Ok(self.inner.classify(date)?)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool> {
        Ok(self.inner.is_working_day(date)?)
    }

    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        Ok(self.inner.add_working_days(date, n)?)
    }

    pub fn working_days_between(&self, start: NaiveDate, end: NaiveDate) -> Result<i64> {
        Ok(self.inner.working_days_between(start, end)?)
    }
}

/// The years whose China holiday notices ship with the library (`WorkCalendar.china`).
#[uniffi::export]
pub fn china_holiday_years() -> Vec<i32> {
    core::HolidayNotice::china_years()
}

/// The granularity of a reporting period (the core's own enum).
#[uniffi::remote(Enum)]
pub enum PeriodKind {
    Day,
    IsoWeek,
    Month,
    Quarter,
    Year,
}

/// A reporting period: its key ("2025-W01", "2025-Q2" …) and first and last day.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Period {
    pub kind: PeriodKind,
    pub key: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The period of `kind` containing `date`.
#[uniffi::export]
pub fn period_of(date: NaiveDate, kind: PeriodKind) -> Result<Period> {
    let period = core::Period::of(kind, date);
    Ok(Period { kind, key: period.to_string(), start: period.start()?, end: period.end()? })
}

// ---------------------------------------------------------------- journal

/// Active, on hold or cancelled: the status on top of the phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ProjectStatus {
    Active,
    OnHold,
    Cancelled,
}

impl From<ProjectStatus> for core::Status {
    fn from(s: ProjectStatus) -> Self {
        match s {
            ProjectStatus::Active => core::Status::Active,
            ProjectStatus::OnHold => core::Status::OnHold,
            ProjectStatus::Cancelled => core::Status::Cancelled,
        }
    }
}

impl From<core::Status> for ProjectStatus {
    fn from(s: core::Status) -> Self {
        match s {
            core::Status::Active => ProjectStatus::Active,
            core::Status::OnHold => ProjectStatus::OnHold,
            core::Status::Cancelled => ProjectStatus::Cancelled,
        }
    }
}

/// A phase of a workflow and its checklist.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WorkflowPhase {
    pub id: String,
    pub name: String,
    #[uniffi(default)]
    pub deliverables: Vec<String>,
}

/// What must hold before a transition (the core's own enum).
#[uniffi::remote(Enum)]
pub enum Gate {
    /// The deliverable has been recorded for the project.
    Deliverable { deliverable: String },
    /// An approval of this kind has been requested and approved (by someone else).
    Approval { approval: String },
    /// A review checklist (security and compliance): every item passed by a holder of its
    /// reviewer role, or exempted by someone other than the one who asked.
    Review { review: String, items: Vec<ReviewItem> },
}

/// An item of a review checklist and the role whose holder passes it.
#[uniffi::remote(Record)]
pub struct ReviewItem {
    pub item: String,
    pub role: String,
}

/// An allowed move, its gates and the role it needs (if any); a move back is `rework`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WorkflowTransition {
    pub from: String,
    pub to: String,
    #[uniffi(default)]
    pub rework: bool,
    #[uniffi(default)]
    pub gates: Vec<Gate>,
    #[uniffi(default)]
    pub role: Option<String>,
}

/// A workflow (immutable): phases, the first one, allowed transitions.
#[derive(Debug, PartialEq, uniffi::Object)]
#[uniffi::export(Eq, Debug)]
pub struct Workflow {
    inner: core::Workflow,
}

#[uniffi::export]
impl Workflow {
    /// A workflow built from data: its phases, the first one, and the allowed moves; every
    /// problem (an unknown phase, a phase not reachable, a duplicate) is listed in
    /// `InvalidWorkflow.problems`.
    #[uniffi::constructor]
    pub fn new(name: String, initial: String, phases: Vec<WorkflowPhase>, transitions: Vec<WorkflowTransition>) -> Result<Arc<Self>> {
        let phases = phases.into_iter().map(|p| core::lifecycle::Phase { id: p.id, name: p.name, deliverables: p.deliverables }).collect();
        let transitions = transitions.into_iter().map(|t| core::lifecycle::Transition { from: t.from, to: t.to, rework: t.rework, gates: t.gates, role: t.role }).collect();
        Ok(Arc::new(Workflow { inner: core::Workflow::new(&name, &initial, phases, transitions)? }))
    }

    /// The default workflow (立项 → … → 已关闭, with its rework paths).
    #[uniffi::constructor]
    pub fn standard() -> Result<Arc<Self>> {
        Ok(Arc::new(Workflow { inner: core::Workflow::standard()? }))
    }

    /// Reads and validates a workflow; `InvalidWorkflow` lists every problem.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Workflow { inner: core::Workflow::from_json(&json)? }))
    }

    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    pub fn name(&self) -> String {
        self.inner.name().to_owned()
    }

    pub fn initial(&self) -> String {
        self.inner.initial().to_owned()
    }

    pub fn phases(&self) -> Vec<WorkflowPhase> {
        self.inner.phases().iter().map(|p| WorkflowPhase { id: p.id.clone(), name: p.name.clone(), deliverables: p.deliverables.clone() }).collect()
    }

    pub fn transitions(&self) -> Vec<WorkflowTransition> {
        self.inner
            .transitions()
            .iter()
            .map(|t| WorkflowTransition {
                from: t.from.clone(),
                to: t.to.clone(),
                rework: t.rework,
                gates: t.gates.clone(),
                role: t.role.clone(),
            })
            .collect()
    }

    pub fn is_terminal(&self, phase: String) -> bool {
        self.inner.is_terminal(&phase)
    }
}

/// What happened.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum Payload {
    ProjectCreated { project_id: ProjectId, name: String, code: String, currency: Currency, calendar: Arc<WorkCalendar> },
    ProjectSettingsChanged { project_id: ProjectId, #[uniffi(default)] name: Option<String>, #[uniffi(default)] code: Option<String>, #[uniffi(default)] calendar: Option<Arc<WorkCalendar>> },
    WorkflowChanged { project_id: ProjectId, workflow: Arc<Workflow> },
    PhaseChanged { project_id: ProjectId, to: String, #[uniffi(default = "")] reason: String },
    StatusChanged { project_id: ProjectId, to: ProjectStatus, #[uniffi(default = "")] reason: String },
    DeliverableRecorded { project_id: ProjectId, deliverable: String, reference: String },
    ApprovalRequested { project_id: ProjectId, approval_id: String, kind: String, #[uniffi(default = "")] note: String },
    ApprovalDecided { project_id: ProjectId, approval_id: String, approved: bool, #[uniffi(default = "")] note: String },
    /// A role of the project and the actions it grants (a standard role's name redefines it).
    RoleDefined { project_id: ProjectId, role: String, actions: Vec<Action> },
    RoleGranted { project_id: ProjectId, member: ActorId, role: String },
    RoleRevoked { project_id: ProjectId, member: ActorId, role: String },
    /// Settles a conflict (an event a merge refused): by its recorder, or a member who may approve.
    ConflictSettled { project_id: ProjectId, event_id: EventId, #[uniffi(default = "")] note: String },
    CostBreakdownDefined { project_id: ProjectId, breakdown: Arc<CostBreakdown> },
    /// Original budget amounts of leaf cells; refused once the baseline is locked.
    BudgetLinesSet { project_id: ProjectId, lines: Vec<CostLine> },
    BaselineLocked { project_id: ProjectId },
    /// A commitment change order names its commitment; no other kind does.
    CostDocumentDrafted {
        project_id: ProjectId,
        document_id: DocumentId,
        kind: DocumentKind,
        title: String,
        lines: Vec<CostLine>,
        #[uniffi(default)] commitment_id: Option<DocumentId>,
        #[uniffi(default)] vendor: Option<String>,
    },
    CostDocumentMoved { project_id: ProjectId, document_id: DocumentId, to: DocumentStatus, #[uniffi(default = "")] note: String },
    /// An invoice names its commitment; direct and labour costs name none.
    CostRecorded {
        project_id: ProjectId,
        cost_id: String,
        kind: CostKind,
        #[uniffi(default)] commitment_id: Option<DocumentId>,
        lines: Vec<CostLine>,
        #[uniffi(default = "")] description: String,
        #[uniffi(default)] allow_over_commitment: bool,
    },
    /// A null code controls the whole project.
    BudgetControlSet { project_id: ProjectId, #[uniffi(default)] code: Option<CostCode>, committed: ControlAction, actual: ControlAction, cumulative: ControlAction },
    ForecastSet { project_id: ProjectId, code: CostCode, cost_type: String, method: ForecastMethod },
    ContractValueSet { project_id: ProjectId, amount: Decimal },
    RevenueRecorded { project_id: ProjectId, entry_id: String, kind: RevenueKind, amount: Decimal },
    /// Profile: "linear", "front_loaded", "back_loaded", "s_curve", or "manual" with weights.
    WorkPackageScheduled {
        project_id: ProjectId,
        code: CostCode,
        start: NaiveDate,
        finish: NaiveDate,
        profile: String,
        #[uniffi(default)] weights: Option<Vec<Decimal>>,
        technique: EvTechnique,
    },
    ProgressRecorded { project_id: ProjectId, code: CostCode, progress: Progress },
    /// A worker joins the project's roster (实名制); one worker id is one person everywhere.
    WorkerRegistered { project_id: ProjectId, worker: Worker },
    /// A rate for a trade or for one worker (give one of them), from a date.
    LabourRateSet { project_id: ProjectId, valid_from: NaiveDate, unit: RateUnit, amount: Decimal, #[uniffi(default)] trade: Option<String>, #[uniffi(default)] worker_id: Option<String> },
    OvertimePolicySet { project_id: ProjectId, policy: OvertimePolicy },
    /// A batch of entries: all accepted, or none (InvalidDayWork names every problem).
    DayWorkRecorded { project_id: ProjectId, entries: Vec<DayWorkEntry> },
    DayWorkReversed { project_id: ProjectId, reversals: Vec<Reversal> },
    /// Entries named one by one (select_day_work finds a team's week).
    DayWorkMoved { project_id: ProjectId, entry_ids: Vec<EntryId>, to: EntryState, #[uniffi(default = "")] note: String },
    DayWorkPeriodLocked { project_id: ProjectId, through: NaiveDate },
    WageDeductionRecorded { project_id: ProjectId, deduction_id: String, worker_id: WorkerId, month: NaiveDate, amount: Decimal, #[uniffi(default = "")] reason: String },
    /// A fund source held by `project_id` (its manage_funds members govern it), in its own currency.
    FundSourceRegistered {
        project_id: ProjectId,
        source_id: String,
        name: String,
        kind: FundKind,
        currency: Currency,
        amount: Decimal,
        available_from: NaiveDate,
        #[uniffi(default)] expires_on: Option<NaiveDate>,
        eligibility: Eligibility,
    },
    /// A top-up (above zero) or a reduction (below zero).
    FundSourceChanged { project_id: ProjectId, source_id: String, change: Decimal, #[uniffi(default = "")] reason: String },
    /// Order fills each target up to its unfunded budget in turn; ratio by weights; manual as given.
    FundsAllocated { project_id: ProjectId, source_id: String, amount: Decimal, targets: Vec<AllocationTarget>, rule: ConsumptionRule },
    /// A null `to` returns the amount to the source.
    FundsTransferred { project_id: ProjectId, source_id: String, from: AllocationTarget, #[uniffi(default)] to: Option<AllocationTarget>, amount: Decimal },
    /// A null contract is the prime contract; a null range is GB 50500's 0.6–0.9.
    PaymentTermsSet { project_id: ProjectId, #[uniffi(default)] contract_id: Option<DocumentId>, terms: PaymentTerms, #[uniffi(default)] payable_range: Option<PayableRange> },
    PaymentApplicationDrafted {
        project_id: ProjectId,
        application_id: String,
        #[uniffi(default)] contract_id: Option<DocumentId>,
        period_end: NaiveDate,
        lines: Vec<ScheduleLine>,
        #[uniffi(default)] deductions: Vec<ApplicationDeduction>,
    },
    /// Certified or rejected by someone other than the submitter; paid by a PaymentRecorded.
    PaymentApplicationMoved { project_id: ProjectId, application_id: String, to: ApplicationState, #[uniffi(default = "")] note: String },
    /// Empty sources: every source allocated to the project, by id.
    PaymentRecorded { project_id: ProjectId, payment_id: String, paid_on: NaiveDate, pays: PaymentOf, rule: ConsumptionRule, #[uniffi(default)] sources: Vec<String> },
    WageAccountSet { project_id: ProjectId, labour_share: Decimal, #[uniffi(default)] contract_id: Option<DocumentId> },
    ScheduleSettingsSet { project_id: ProjectId, settings: ScheduleOptions },
    /// A named calendar the schedule's activities may use.
    ScheduleCalendarSet { project_id: ProjectId, name: String, calendar: Arc<WorkCalendar> },
    /// Activities added, or replaced by id.
    ActivitiesSet { project_id: ProjectId, activities: Vec<schedule::Activity> },
    ActivityRemoved { project_id: ProjectId, activity_id: String },
    /// The network's links, all of them.
    LinksSet { project_id: ProjectId, links: Vec<Link> },
    /// Progress as of a day (the latest is the status date); working days or hours left after it.
    ActivityProgressRecorded { project_id: ProjectId, activity_id: String, as_of: NaiveDate, actual_start: NaiveDate, #[uniffi(default)] actual_finish: Option<NaiveDate>, remaining_duration: schedule::WorkDuration },
    BaselineSaved { project_id: ProjectId, name: String },
    /// A baseline given as dates (a file's baseline 0, a contract programme): planned start and
    /// finish by activity id.
    BaselineImported { project_id: ProjectId, name: String, dates: std::collections::HashMap<String, core::schedule::PlannedDates> },
    /// A risk raised (on site or in the office): cause → event → effect, its owner (the
    /// recorder when null), the cost codes and activities it bears on.
    RiskIdentified {
        project_id: ProjectId,
        risk_id: String,
        title: String,
        category: RiskCategory,
        #[uniffi(default = "")] cause: String,
        #[uniffi(default = "")] event: String,
        #[uniffi(default = "")] effect: String,
        #[uniffi(default)] owner: Option<ActorId>,
        #[uniffi(default)] cost_codes: Vec<CostCode>,
        #[uniffi(default)] activities: Vec<String>,
    },
    /// A risk rated on the 5×5 matrix, with the day its next review is due.
    RiskAssessed { project_id: ProjectId, risk_id: String, assessment: Assessment, #[uniffi(default)] next_review: Option<NaiveDate> },
    /// A risk's response: a strategy and its dated actions.
    RiskResponsePlanned { project_id: ProjectId, risk_id: String, strategy: ResponseStrategy, #[uniffi(default)] actions: Vec<RiskAction> },
    RiskActionDone { project_id: ProjectId, risk_id: String, action_id: String, done_on: NaiveDate },
    /// A review or an observation of a risk on site, with the next review's day when it moves.
    RiskObserved { project_id: ProjectId, risk_id: String, note: String, #[uniffi(default)] next_review: Option<NaiveDate> },
    /// A risk leaves the register: closed, or occurred (now an issue).
    RiskClosed { project_id: ProjectId, risk_id: String, outcome: RiskOutcome, #[uniffi(default = "")] note: String },
    /// The cost code of the contingency reserve (drawn by budget transfers).
    ContingencyReserveSet { project_id: ProjectId, cost_code: CostCode },
    /// How the project grades its suppliers (`gradingPolicyDefault()` to start from).
    SupplierGradingSet { project_id: ProjectId, policy: GradingPolicy },
    /// A delivery received against a commitment on site: the day promised and the day it came.
    SupplierDeliveryRecorded { project_id: ProjectId, delivery_id: String, commitment_id: DocumentId, promised: NaiveDate, delivered: NaiveDate },
    /// A supplier evaluated for the period ending `period_end`: the evaluator's scores where
    /// given; delivery and cost come from the ledger where not.
    SupplierEvaluated { project_id: ProjectId, supplier: String, period_end: NaiveDate, #[uniffi(default)] scores: CriterionScores, #[uniffi(default = "")] note: String },
    /// An item of a review checklist passed, with the evidence, by a holder of its role.
    ReviewItemPassed { project_id: ProjectId, review: String, item: String, evidence: String },
    /// An exemption of a review item asked for.
    ReviewExemptionRequested { project_id: ProjectId, review: String, item: String, reason: String },
    /// An exemption decided, by someone other than the one who asked.
    ReviewExemptionDecided { project_id: ProjectId, review: String, item: String, approved: bool, #[uniffi(default = "")] note: String },
    /// A KPI of the project (or its redefinition, by id).
    KpiDefined { project_id: ProjectId, kpi: KpiDefinition },
    /// A benefit to deliver, by day, in a unit (the project's currency code for money).
    BenefitPlanned { project_id: ProjectId, benefit_id: String, name: String, unit: String, planned: Vec<BenefitAmount> },
    /// A benefit measured after go-live.
    BenefitMeasured { project_id: ProjectId, benefit_id: String, measured: BenefitAmount },
}

/// A payload from the JSON the journal writes for it (`{"type": "...", "data": {...}}`):
/// for events coming from other systems or files.
#[uniffi::export]
pub fn payload_from_json(json: String) -> Result<Payload> {
    let payload = core::Payload::from_json(&json)?;
    Payload::try_from(&payload)
}

/// The payload's JSON as the journal writes it (id-document numbers in full): what
/// `payloadFromJson` reads back; for a server or a queue, not for logs. Kotlin: `payload.toJson()`.
#[uniffi::export]
pub fn payload_to_json(payload: Payload) -> Result<String> {
    Ok(core::Payload::try_from(payload)?.to_json())
}

/// The event's JSON (`id`, `recorded_at`, `actor`, `payload`; id-document numbers in full).
/// Kotlin: `event.toJson()`.
#[uniffi::export]
pub fn event_to_json(event: Event) -> Result<String> {
    Ok(core::Event::try_from(event)?.to_json())
}

/// An event from what `eventToJson` writes. Kotlin: `Event.fromJson(json)`.
#[uniffi::export]
pub fn event_from_json(json: String) -> Result<Event> {
    Event::try_from(&core::Event::from_json(&json)?)
}

/// One recorded change; the id is chosen by the recording device.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Event {
    pub id: EventId,
    pub recorded_at: Instant,
    pub actor: ActorId,
    pub payload: Payload,
}

/// The payloads whose fields are the core's own: one line each makes both conversions.
macro_rules! same_payloads {
    ($($domain:ident($event:ident::$variant:ident { $($field:ident),* })),* $(,)?) => {
        /// The core payload of one of these, or the payload back when it is another kind.
        fn same_to_core(payload: Payload) -> std::result::Result<core::Payload, Box<Payload>> {
            match payload {
                $(Payload::$variant { $($field),* } => Ok(core::Payload::$domain($event::$variant { $($field),* })),)*
                other => Err(Box::new(other)),
            }
        }

        fn same_from_core(payload: &core::Payload) -> Option<Payload> {
            match payload {
                $(core::Payload::$domain($event::$variant { $($field),* }) => Some(Payload::$variant { $($field: $field.clone()),* }),)*
                _ => None,
            }
        }
    };
}

same_payloads! {
    Lifecycle(LifecycleEvent::PhaseChanged { project_id, to, reason }),
    Lifecycle(LifecycleEvent::DeliverableRecorded { project_id, deliverable, reference }),
    Lifecycle(LifecycleEvent::ApprovalRequested { project_id, approval_id, kind, note }),
    Lifecycle(LifecycleEvent::ApprovalDecided { project_id, approval_id, approved, note }),
    Lifecycle(LifecycleEvent::RoleGranted { project_id, member, role }),
    Lifecycle(LifecycleEvent::RoleRevoked { project_id, member, role }),
    Lifecycle(LifecycleEvent::ConflictSettled { project_id, event_id, note }),
    Cost(CostEvent::BudgetLinesSet { project_id, lines }),
    Cost(CostEvent::BaselineLocked { project_id }),
    Cost(CostEvent::CostDocumentDrafted { project_id, document_id, kind, title, lines, commitment_id, vendor }),
    Cost(CostEvent::CostDocumentMoved { project_id, document_id, to, note }),
    Cost(CostEvent::CostRecorded { project_id, cost_id, kind, commitment_id, lines, description, allow_over_commitment }),
    Cost(CostEvent::ForecastSet { project_id, code, cost_type, method }),
    Cost(CostEvent::ContractValueSet { project_id, amount }),
    Cost(CostEvent::RevenueRecorded { project_id, entry_id, kind, amount }),
    Cost(CostEvent::WorkPackageScheduled { project_id, code, start, finish, profile, weights, technique }),
    Cost(CostEvent::ProgressRecorded { project_id, code, progress }),
    Labour(LabourEvent::OvertimePolicySet { project_id, policy }),
    Labour(LabourEvent::DayWorkReversed { project_id, reversals }),
    Labour(LabourEvent::DayWorkMoved { project_id, entry_ids, to, note }),
    Labour(LabourEvent::DayWorkPeriodLocked { project_id, through }),
    Labour(LabourEvent::WageDeductionRecorded { project_id, deduction_id, worker_id, month, amount, reason }),
    Funds(FundEvent::FundSourceRegistered { project_id, source_id, name, kind, currency, amount, available_from, expires_on, eligibility }),
    Funds(FundEvent::FundSourceChanged { project_id, source_id, change, reason }),
    Funds(FundEvent::FundsAllocated { project_id, source_id, amount, targets, rule }),
    Funds(FundEvent::FundsTransferred { project_id, source_id, from, to, amount }),
    Funds(FundEvent::PaymentApplicationDrafted { project_id, application_id, contract_id, period_end, lines, deductions }),
    Funds(FundEvent::PaymentApplicationMoved { project_id, application_id, to, note }),
    Funds(FundEvent::PaymentRecorded { project_id, payment_id, paid_on, pays, rule, sources }),
    Funds(FundEvent::WageAccountSet { project_id, labour_share, contract_id }),
    Schedule(ScheduleEvent::ScheduleSettingsSet { project_id, settings }),
    Schedule(ScheduleEvent::ActivityRemoved { project_id, activity_id }),
    Schedule(ScheduleEvent::LinksSet { project_id, links }),
    Schedule(ScheduleEvent::BaselineSaved { project_id, name }),
    Governance(GovernanceEvent::RiskIdentified { project_id, risk_id, title, category, cause, event, effect, owner, cost_codes, activities }),
    Governance(GovernanceEvent::RiskAssessed { project_id, risk_id, assessment, next_review }),
    Governance(GovernanceEvent::RiskResponsePlanned { project_id, risk_id, strategy, actions }),
    Governance(GovernanceEvent::RiskActionDone { project_id, risk_id, action_id, done_on }),
    Governance(GovernanceEvent::RiskObserved { project_id, risk_id, note, next_review }),
    Governance(GovernanceEvent::RiskClosed { project_id, risk_id, outcome, note }),
    Governance(GovernanceEvent::ContingencyReserveSet { project_id, cost_code }),
    Governance(GovernanceEvent::SupplierGradingSet { project_id, policy }),
    Governance(GovernanceEvent::SupplierDeliveryRecorded { project_id, delivery_id, commitment_id, promised, delivered }),
    Governance(GovernanceEvent::SupplierEvaluated { project_id, supplier, period_end, scores, note }),
    Governance(GovernanceEvent::ReviewItemPassed { project_id, review, item, evidence }),
    Governance(GovernanceEvent::ReviewExemptionRequested { project_id, review, item, reason }),
    Governance(GovernanceEvent::ReviewExemptionDecided { project_id, review, item, approved, note }),
    Governance(GovernanceEvent::KpiDefined { project_id, kpi }),
    Governance(GovernanceEvent::BenefitPlanned { project_id, benefit_id, name, unit, planned }),
    Governance(GovernanceEvent::BenefitMeasured { project_id, benefit_id, measured }),
}

impl TryFrom<Event> for core::Event {
    type Error = ProjectLedgerError;
    fn try_from(e: Event) -> Result<Self> {
        Ok(core::Event::try_new(e.id, e.recorded_at, e.actor, core::Payload::try_from(e.payload)?)?)
    }
}

impl TryFrom<Payload> for core::Payload {
    type Error = ProjectLedgerError;
    fn try_from(payload: Payload) -> Result<Self> {
        // The payloads with a mobile shape (objects, a flattened control or rate, named
        // actions, the foreman's entries) convert here; the rest through `same_payloads`.
        let shaped = match same_to_core(payload) {
            Ok(payload) => return Ok(payload),
            Err(shaped) => *shaped,
        };
        let payload: core::Payload = match shaped {
            Payload::ProjectCreated { project_id, name, code, currency, calendar } => {
                LifecycleEvent::ProjectCreated { project_id, name, code, currency, calendar: Box::new(calendar.inner.clone()) }.into()
            }
            Payload::ProjectSettingsChanged { project_id, name, code, calendar } => {
                LifecycleEvent::ProjectSettingsChanged { project_id, name, code, calendar: calendar.map(|c| Box::new(c.inner.clone())) }.into()
            }
            Payload::WorkflowChanged { project_id, workflow } => LifecycleEvent::WorkflowChanged { project_id, workflow: Box::new(workflow.inner.clone()) }.into(),
            Payload::StatusChanged { project_id, to, reason } => LifecycleEvent::StatusChanged { project_id, to: to.into(), reason }.into(),
            Payload::RoleDefined { project_id, role, actions } => {
                LifecycleEvent::RoleDefined { project_id, role, actions: actions.into_iter().collect() }.into()
            }
            Payload::CostBreakdownDefined { project_id, breakdown } => CostEvent::CostBreakdownDefined { project_id, breakdown: cost::breakdown(&breakdown) }.into(),
            Payload::BudgetControlSet { project_id, code, committed, actual, cumulative } => {
                CostEvent::BudgetControlSet { project_id, code, control: core::cost::BudgetControl { committed, actual, cumulative } }.into()
            }
            Payload::WorkerRegistered { project_id, worker } => LabourEvent::WorkerRegistered { project_id, worker: worker.into() }.into(),
            Payload::LabourRateSet { project_id, valid_from, unit, amount, trade, worker_id } => {
                LabourEvent::LabourRateSet { project_id, rate: daywork::rate(valid_from, unit, amount, trade, worker_id)? }.into()
            }
            Payload::DayWorkRecorded { project_id, entries } => {
                LabourEvent::DayWorkRecorded { project_id, entries: entries.into_iter().map(DayWorkEntry::into_core).collect::<Result<_>>()? }.into()
            }
            Payload::PaymentTermsSet { project_id, contract_id, terms, payable_range } => FundEvent::PaymentTermsSet { project_id, contract_id, terms: terms.try_into()?, payable_range }.into(),
            Payload::ScheduleCalendarSet { project_id, name, calendar } => ScheduleEvent::ScheduleCalendarSet { project_id, name, calendar: Box::new(calendar.inner.clone()) }.into(),
            Payload::ActivitiesSet { project_id, activities } => {
                ScheduleEvent::ActivitiesSet { project_id, activities: activities.into_iter().map(core::schedule::Activity::try_from).collect::<Result<_>>()? }.into()
            }
            Payload::ActivityProgressRecorded { project_id, activity_id, as_of, actual_start, actual_finish, remaining_duration } => {
                let remaining_duration = remaining_duration.into_core("remaining_duration", &format!("activity {activity_id}"))?;
                ScheduleEvent::ActivityProgressRecorded { project_id, activity_id, as_of, actual_start, actual_finish, remaining_duration }.into()
            }
            Payload::BaselineImported { project_id, name, dates } => ScheduleEvent::BaselineImported { project_id, name, dates: dates.into_iter().collect() }.into(),
            other => return Err(core::Error::invalid_field("payload", format!("{other:?} has no conversion")).into()),
        };
        Ok(payload)
    }
}

impl TryFrom<&core::Event> for Event {
    type Error = ProjectLedgerError;
    fn try_from(e: &core::Event) -> Result<Self> {
        Ok(Event { id: e.id.clone(), recorded_at: e.recorded_at, actor: e.actor.clone(), payload: Payload::try_from(&e.payload)? })
    }
}

impl TryFrom<&core::Payload> for Payload {
    type Error = ProjectLedgerError;
    fn try_from(payload: &core::Payload) -> Result<Self> {
        if let Some(same) = same_from_core(payload) {
            return Ok(same);
        }
        Ok(match payload {
            core::Payload::Lifecycle(LifecycleEvent::ProjectCreated { project_id, name, code, currency, calendar }) => Payload::ProjectCreated {
                project_id: project_id.clone(),
                name: name.clone(),
                code: code.clone(),
                currency: *currency,
                calendar: WorkCalendar::wrap((**calendar).clone()),
            },
            core::Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged { project_id, name, code, calendar }) => Payload::ProjectSettingsChanged {
                project_id: project_id.clone(),
                name: name.clone(),
                code: code.clone(),
                calendar: calendar.as_deref().cloned().map(WorkCalendar::wrap),
            },
            core::Payload::Lifecycle(LifecycleEvent::WorkflowChanged { project_id, workflow }) => {
                Payload::WorkflowChanged { project_id: project_id.clone(), workflow: Arc::new(Workflow { inner: (**workflow).clone() }) }
            }
            core::Payload::Lifecycle(LifecycleEvent::StatusChanged { project_id, to, reason }) => {
                Payload::StatusChanged { project_id: project_id.clone(), to: (*to).into(), reason: reason.clone() }
            }
            core::Payload::Lifecycle(LifecycleEvent::RoleDefined { project_id, role, actions }) => {
                Payload::RoleDefined { project_id: project_id.clone(), role: role.clone(), actions: actions.iter().copied().collect() }
            }
            core::Payload::Cost(CostEvent::CostBreakdownDefined { project_id, breakdown }) => {
                Payload::CostBreakdownDefined { project_id: project_id.clone(), breakdown: Arc::new(CostBreakdown { inner: (**breakdown).clone() }) }
            }
            core::Payload::Cost(CostEvent::BudgetControlSet { project_id, code, control }) => Payload::BudgetControlSet {
                project_id: project_id.clone(),
                code: code.clone(),
                committed: control.committed,
                actual: control.actual,
                cumulative: control.cumulative,
            },
            core::Payload::Labour(LabourEvent::WorkerRegistered { project_id, worker }) => Payload::WorkerRegistered { project_id: project_id.clone(), worker: worker.into() },
            core::Payload::Labour(LabourEvent::LabourRateSet { project_id, rate }) => {
                let (trade, worker_id) = daywork::scope_parts(&rate.scope);
                Payload::LabourRateSet { project_id: project_id.clone(), valid_from: rate.valid_from, unit: rate.unit, amount: rate.amount, trade, worker_id }
            }
            core::Payload::Labour(LabourEvent::DayWorkRecorded { project_id, entries }) => {
                Payload::DayWorkRecorded { project_id: project_id.clone(), entries: entries.iter().map(DayWorkEntry::from_core).collect() }
            }
            core::Payload::Funds(FundEvent::PaymentTermsSet { project_id, contract_id, terms, payable_range }) => {
                Payload::PaymentTermsSet { project_id: project_id.clone(), contract_id: contract_id.clone(), terms: terms.into(), payable_range: *payable_range }
            }
            core::Payload::Schedule(ScheduleEvent::ScheduleCalendarSet { project_id, name, calendar }) => {
                Payload::ScheduleCalendarSet { project_id: project_id.clone(), name: name.clone(), calendar: Arc::new(WorkCalendar { inner: (**calendar).clone() }) }
            }
            core::Payload::Schedule(ScheduleEvent::ActivitiesSet { project_id, activities }) => {
                Payload::ActivitiesSet { project_id: project_id.clone(), activities: activities.iter().map(schedule::Activity::from_core).collect() }
            }
            core::Payload::Schedule(ScheduleEvent::ActivityProgressRecorded { project_id, activity_id, as_of, actual_start, actual_finish, remaining_duration }) => Payload::ActivityProgressRecorded {
                project_id: project_id.clone(),
                activity_id: activity_id.clone(),
                as_of: *as_of,
                actual_start: *actual_start,
                actual_finish: *actual_finish,
                remaining_duration: schedule::WorkDuration::from_core(*remaining_duration),
            },
            core::Payload::Schedule(ScheduleEvent::BaselineImported { project_id, name, dates }) => {
                Payload::BaselineImported { project_id: project_id.clone(), name: name.clone(), dates: dates.iter().map(|(id, d)| (id.clone(), *d)).collect() }
            }
            // A new core payload that is in neither list is an error, never a wrong payload.
            other => return Err(core::Error::invalid_field("payload", format!("{other:?} has no mobile form yet")).into()),
        })
    }
}

/// One gate's outcome at a transition (the core's own record).
#[uniffi::remote(Record)]
pub struct GateResult {
    pub check: String,
    pub passed: bool,
    pub detail: String,
}

/// One change of a project: kind is "created", "phase", "rework" or "status".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HistoryRecord {
    pub at: Instant,
    pub actor: String,
    pub kind: String,
    pub from: String,
    pub to: String,
    pub reason: String,
    pub gates: Vec<GateResult>,
}

impl From<&core::lifecycle::HistoryRecord> for HistoryRecord {
    fn from(r: &core::lifecycle::HistoryRecord) -> Self {
        HistoryRecord {
            at: r.at,
            actor: r.actor.to_string(),
            kind: r.kind.name().to_owned(),
            from: r.from.clone(),
            to: r.to.clone(),
            reason: r.reason.clone(),
            gates: r.gates.clone(),
        }
    }
}

/// A recorded deliverable (the core's own record).
#[uniffi::remote(Record)]
pub struct DeliverableRecord {
    pub deliverable: String,
    pub phase: String,
    pub reference: String,
    pub recorded_by: ActorId,
    pub recorded_at: Instant,
}

/// An approval and its decision (`approved` is null while pending; the core's own record).
#[uniffi::remote(Record)]
pub struct ApprovalRecord {
    pub approval_id: String,
    pub kind: String,
    pub note: String,
    pub requested_by: ActorId,
    pub requested_at: Instant,
    pub approved: Option<bool>,
    pub decided_by: Option<ActorId>,
    pub decided_at: Option<Instant>,
}

/// What an actor may do on a project; roles grant sets of actions (the core's own enum).
#[uniffi::remote(Enum)]
pub enum Action {
    /// Move the project between phases, hold, resume or cancel it.
    Transition,
    /// Decide an approval someone else requested.
    Approve,
    /// Ask for an approval (gate approvals, sign-offs).
    RequestApproval,
    /// Record a deliverable of the checklist.
    RecordDeliverable,
    /// Record day work.
    RecordDayWork,
    /// Approve (or reject) day work.
    ApproveDayWork,
    /// Decide budget changes, transfers and prime contract change orders.
    ApproveBudgetChange,
    /// Approve a payment (mark day work paid, record a deduction).
    ApprovePayment,
    /// Set the cost breakdown, budget, baseline, controls, forecasts and contract value.
    EditBudget,
    /// Draft commitments and change orders; record invoices, direct and labour costs, billing.
    RecordCost,
    /// Decide commitments and their change orders.
    ApproveCommitment,
    /// Replace the project's workflow.
    EditWorkflow,
    /// Change the project's name, code or calendar.
    EditProject,
    /// Define roles and grant or revoke them.
    ManageAccess,
    /// Register, change and allocate the project's fund sources; set the wage account.
    ManageFunds,
    /// Plan the schedule: activities, links, calendars, settings, baselines.
    EditSchedule,
    /// Record an activity's progress.
    RecordProgress,
    /// Raise a risk, record an observation of one, mark a response action done.
    ObserveRisks,
    /// Rate risks, plan responses, close them; name the contingency reserve.
    ManageRisks,
    /// Record a delivery received against a commitment.
    RecordDelivery,
    /// Evaluate suppliers and set how they are graded.
    EvaluateSuppliers,
    /// Define the project's KPIs.
    ManageKpis,
}

/// The roles every project starts with (a project may define more by name, and redefine
/// these). Kotlin: `StandardRole.FOREMAN.roleName` is the name a grant takes, `.actions` what
/// it grants.
#[uniffi::remote(Enum)]
pub enum StandardRole {
    /// Every action; the creator of a project is its owner.
    Owner,
    /// Transitions, approvals asked, deliverables, project, workflow, budget, cost records,
    /// schedule and progress — but decides no approval.
    ProjectManager,
    /// Decides approvals, day work, budget changes, payments and commitments.
    Approver,
    /// Records day work, deliverables and progress; asks for approvals.
    Foreman,
    /// Reads only.
    Viewer,
}

/// The name a standard role is granted by (`project_manager`).
#[uniffi::export]
pub fn standard_role_name(role: StandardRole) -> String {
    role.name().to_owned()
}

/// What a standard role grants on a project that has not redefined it.
#[uniffi::export]
pub fn standard_role_actions(role: StandardRole) -> Vec<Action> {
    role.actions().to_vec()
}

/// A role of a project: its name, what it grants, and the standard role it is (none for a
/// role the project defined).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RoleGrants {
    pub name: String,
    pub actions: Vec<Action>,
    pub standard: Option<StandardRole>,
}

/// A member of a project and the roles they hold.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Member {
    pub actor: String,
    pub roles: Vec<String>,
}

/// A project as the journal folds it.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub code: String,
    pub currency: Currency,
    pub calendar: Arc<WorkCalendar>,
    pub created_at: Instant,
    pub created_by: String,
    pub updated_at: Instant,
    pub workflow: Arc<Workflow>,
    pub phase: String,
    pub status: ProjectStatus,
    pub history: Vec<HistoryRecord>,
    pub deliverables: Vec<DeliverableRecord>,
    pub approvals: Vec<ApprovalRecord>,
    pub members: Vec<Member>,
    /// Every role defined on the project, by name.
    pub roles: Vec<RoleGrants>,
}

/// Calendar and working days a project spent in a phase.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PhaseDuration {
    pub phase: String,
    pub visits: i64,
    pub calendar_days: i64,
    pub working_days: i64,
}

/// Projects in a phase, by status.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PhaseCount {
    pub phase: String,
    pub active: i64,
    pub on_hold: i64,
    pub cancelled: i64,
}

/// A change of one project, for portfolio-wide listings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProjectChange {
    pub project_id: String,
    pub record: HistoryRecord,
}

impl From<&core::Project> for Project {
    fn from(p: &core::Project) -> Self {
        Project {
            id: p.id.to_string(),
            name: p.name.clone(),
            code: p.code.clone(),
            currency: p.currency,
            calendar: WorkCalendar::wrap(p.calendar.clone()),
            created_at: p.created_at,
            created_by: p.created_by.to_string(),
            updated_at: p.updated_at,
            workflow: Arc::new(Workflow { inner: (*p.workflow).clone() }),
            phase: p.phase.clone(),
            status: p.status.into(),
            history: p.history.iter().map(HistoryRecord::from).collect(),
            deliverables: p.deliverables.clone(),
            approvals: p.approvals.values().cloned().collect(),
            members: p.members.iter().map(|(m, r)| Member { actor: m.to_string(), roles: r.iter().cloned().collect() }).collect(),
            roles: p
                .roles
                .iter()
                .map(|(name, actions)| RoleGrants {
                    name: name.clone(),
                    actions: actions.iter().copied().collect(),
                    standard: StandardRole::ALL.into_iter().find(|s| s.name() == name),
                })
                .collect(),
        }
    }
}

/// An event that broke a rule only after a merge: kept, and reported with what it dropped,
/// until settled (`Payload.ConflictSettled`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Conflict {
    pub event_id: String,
    /// The kind of error that refused it (`ErrorKind.DUPLICATE_PROJECT_CODE`; `.kindName` is
    /// "DuplicateProjectCode").
    pub kind: core::ErrorKind,
    pub message: String,
    pub project_id: String,
    /// Who recorded the refused event.
    pub actor: String,
    /// The entries it dropped, each with why.
    pub dropped: Vec<DroppedItem>,
    /// How it was settled; null while it is open.
    pub settled: Option<Settlement>,
}

/// An entry a conflict dropped, and why ("refused with its batch" when it had no problem of its own).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DroppedItem {
    pub item: String,
    pub reasons: Vec<String>,
}

/// How a conflict was settled.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Settlement {
    pub event_id: String,
    pub by: String,
    pub at: Instant,
    pub note: String,
}

impl From<&core::Conflict> for Conflict {
    fn from(c: &core::Conflict) -> Self {
        Conflict {
            event_id: c.event_id.to_string(),
            kind: c.error.error_kind(),
            message: c.error.to_string(),
            project_id: c.project_id.to_string(),
            actor: c.actor.to_string(),
            dropped: c.dropped.iter().map(|d| DroppedItem { item: d.item.clone(), reasons: d.reasons.clone() }).collect(),
            settled: c.settled.as_ref().map(|s| Settlement { event_id: s.event_id.to_string(), by: s.by.to_string(), at: s.at, note: s.note.clone() }),
        }
    }
}

/// What appending one event did (`Journal.record`).
#[uniffi::remote(Record)]
pub struct Appended {
    pub added: bool,
    pub refolded: bool,
    pub budget_warnings: Vec<BudgetWarning>,
    pub day_work_warnings: Vec<DayWorkWarning>,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MergeReport {
    pub added: i64,
    pub already_present: i64,
    pub new_conflicts: Vec<Conflict>,
}

impl From<core::MergeReport> for MergeReport {
    fn from(report: core::MergeReport) -> MergeReport {
        MergeReport {
            added: count(report.added),
            already_present: count(report.already_present),
            new_conflicts: report.new_conflicts.iter().map(Conflict::from).collect(),
        }
    }
}

/// What one device sends another (`Journal.changesSince`): the events after a cursor and the
/// cursor to ask from next time. Carry it as JSON Lines or bytes over the app's own transport.
#[derive(Debug, uniffi::Object)]
pub struct Changes(core::Changes);

#[uniffi::export]
impl Changes {
    /// A change set of events a service keeps itself (not taken from a journal), with the
    /// cursor its receiver should ask from next time.
    #[uniffi::constructor]
    pub fn new(events: Vec<Event>, cursor: i64) -> Result<Arc<Self>> {
        let cursor = non_negative("cursor", cursor)?;
        let events = events.into_iter().map(core::Event::try_from).collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Arc::new(Changes(core::Changes::new(events, cursor as u64))))
    }

    /// Reads a change set, all or nothing: a set cut on the way is refused, not read short.
    #[uniffi::constructor]
    pub fn from_jsonl(data: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Changes(core::Changes::from_jsonl(data.as_bytes())?)))
    }

    /// The same from the bytes of its JSON Lines.
    #[uniffi::constructor]
    pub fn from_bytes(data: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Arc::new(Changes(core::Changes::from_jsonl(&data)?)))
    }

    pub fn to_jsonl(&self) -> String {
        self.0.to_jsonl()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_jsonl().into_bytes()
    }

    /// Where the sender's next `changesSince` for the same peer starts.
    pub fn cursor(&self) -> i64 {
        count(self.0.cursor)
    }

    /// The events, in the sender's order.
    pub fn events(&self) -> Result<Vec<Event>> {
        self.0.events.iter().map(Event::try_from).collect()
    }

    pub fn len(&self) -> i64 {
        count(self.0.events.len())
    }

    pub fn is_empty(&self) -> bool {
        self.0.events.is_empty()
    }
}

/// An append-only, hash-chained journal and the portfolio it folds into. Thread-safe.
#[derive(Debug, Default, uniffi::Object)]
pub struct Journal {
    inner: Mutex<core::Journal>,
}

impl Journal {
    /// Every core operation is all-or-nothing, so a poisoned lock still guards a consistent journal.
    fn lock(&self) -> MutexGuard<'_, core::Journal> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[uniffi::export]
impl Journal {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Journal::default())
    }

    /// Reads a JSON Lines export, all or nothing; one cut short (its trailer line missing)
    /// throws MalformedJournal.
    #[uniffi::constructor]
    pub fn from_jsonl(data: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Journal { inner: Mutex::new(core::Journal::from_jsonl(data.as_bytes())?) }))
    }

    /// Reads what there is of an export that may have lost its end (a transfer cut short):
    /// the events up to the cut, each checked; a trailer that is there is still checked.
    #[uniffi::constructor]
    pub fn from_jsonl_prefix(data: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Journal { inner: Mutex::new(core::Journal::from_jsonl_prefix(data.as_bytes())?) }))
    }

    /// Opens the journal store at `path` (a SQLite file in the app's files directory, created
    /// when there is none): every append and merge is committed to it before it returns, so
    /// nothing recorded is lost when the phone dies. A damaged store throws StoreFailed.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Journal { inner: Mutex::new(core::Journal::open(&path)?) }))
    }

    /// This journal written to a new store at `path`, returned durable (this one stays in
    /// memory): how an app moves an imported export onto the device.
    pub fn save_as(&self, path: String) -> Result<Arc<Journal>> {
        let journal = self.lock().clone();
        Ok(Arc::new(Journal { inner: Mutex::new(journal.into_store(&path)?) }))
    }

    /// The time to stamp this device's next event with: the clock's time, but after every
    /// event held (a hybrid logical clock), so a new event is never folded before one already
    /// held, even when the phone's clock stepped back.
    pub fn now(&self) -> Instant {
        self.lock().now()
    }

    /// How far ahead of this device's clock an appended or merged event may be stamped
    /// (10 minutes unless set); one further ahead throws ClockAhead.
    pub fn max_clock_ahead(&self) -> std::time::Duration {
        self.lock().max_clock_ahead()
    }

    pub fn set_max_clock_ahead(&self, max_ahead: std::time::Duration) {
        self.lock().set_max_clock_ahead(max_ahead);
    }

    /// Whether appends are committed to a store before they return.
    pub fn is_durable(&self) -> bool {
        self.lock().is_durable()
    }

    /// Appends an event; false if this very event is held already. Throws (and changes
    /// nothing) if it breaks a rule or another event has its id.
    pub fn append(&self, event: Event) -> Result<bool> {
        let event = core::Event::try_from(event)?;
        Ok(self.lock().append(event)?)
    }

    /// Appends an event and says what happened: added (false when this very event was held
    /// already), refolded (it was older than the newest), and the warnings it raised.
    pub fn record(&self, event: Event) -> Result<Appended> {
        let event = core::Event::try_from(event)?;
        Ok(self.lock().record(event)?)
    }

    /// Takes every event of `other` this journal lacks; both sides converge.
    pub fn merge(&self, other: Arc<Journal>) -> Result<MergeReport> {
        // Copy the other side first: merging a journal with itself must not lock twice.
        let theirs = other.lock().clone();
        Ok(self.lock().merge(&theirs)?.into())
    }

    /// The events after `cursor` (0 for all; else a cursor this journal gave) that `peer`
    /// lacks from this journal: what came from `peer` itself is left out. Send them; keep
    /// the returned cursor for the next sync with that peer.
    pub fn changes_since(&self, peer: String, cursor: i64) -> Result<Arc<Changes>> {
        let cursor = non_negative("cursor", cursor)? as u64;
        Ok(Arc::new(Changes(self.lock().changes_since(&peer, cursor)?)))
    }

    /// Merges what `peer` sent (its `changesSince`) by the rules of `merge`, noting the
    /// events as the peer's so they are never sent back to it.
    pub fn apply_changes(&self, peer: String, changes: Arc<Changes>) -> Result<MergeReport> {
        Ok(self.lock().apply_changes(&peer, &changes.0)?.into())
    }

    /// Checks every link of the hash chain.
    pub fn verify(&self) -> Result<()> {
        Ok(self.lock().verify()?)
    }

    pub fn to_jsonl(&self) -> String {
        self.lock().to_jsonl()
    }

    /// An analytics export with personal data redacted, clearly no journal (fromJsonl refuses
    /// it): each event with id-document numbers masked, no hashes.
    pub fn to_redacted_jsonl(&self) -> String {
        self.lock().to_redacted_jsonl()
    }

    pub fn len(&self) -> i64 {
        count(self.lock().len())
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    pub fn contains(&self, event_id: String) -> bool {
        EventId::try_new(event_id).is_ok_and(|id| self.lock().contains(&id))
    }

    /// The hash of the last entry, 64 hex digits.
    pub fn head(&self) -> String {
        self.lock().head().to_string()
    }

    /// A digest of the set of events held (64 hex digits), whatever order they were learnt
    /// in: two devices that synced both ways hold the same events exactly when their digests
    /// are equal (their heads differ by design).
    pub fn digest(&self) -> String {
        self.lock().digest().to_string()
    }

    /// A digest of the folded state (64 hex digits): equal on two devices of one library
    /// version exactly when their states are — it checks the fold, where `digest` checks the
    /// events.
    pub fn state_digest(&self) -> String {
        self.lock().state_digest().to_string()
    }

    /// The events in append order.
    pub fn events(&self) -> Result<Vec<Event>> {
        self.lock().entries().iter().map(|e| Event::try_from(&e.event)).collect()
    }

    pub fn projects(&self) -> Vec<Project> {
        self.lock().state().projects().map(Project::from).collect()
    }

    pub fn project(&self, project_id: String) -> Result<Project> {
        let id = ProjectId::try_new(project_id.clone())?;
        let journal = self.lock();
        let project = journal.state().project(&id).ok_or(core::Error::UnknownProject { project_id })?;
        Ok(Project::from(project))
    }

    pub fn conflicts(&self) -> Vec<Conflict> {
        self.lock().state().conflicts().iter().map(Conflict::from).collect()
    }

    /// Projects per phase, by status.
    pub fn phase_counts(&self) -> Vec<PhaseCount> {
        self.lock()
            .state()
            .phase_counts()
            .into_iter()
            .map(|c| PhaseCount { phase: c.phase, active: count(c.active), on_hold: count(c.on_hold), cancelled: count(c.cancelled) })
            .collect()
    }

    /// Phase and status changes dated `start` to `end` (UTC dates, both included), in time order.
    pub fn transitions_between(&self, start: NaiveDate, end: NaiveDate) -> Result<Vec<ProjectChange>> {
        let journal = self.lock();
        Ok(journal
            .state()
            .transitions_between(start, end)
            .into_iter()
            .map(|(p, r)| ProjectChange { project_id: p.id.to_string(), record: HistoryRecord::from(r) })
            .collect())
    }

    /// Calendar and working days a project spent in each phase up to `as_of`.
    pub fn phase_durations(&self, project_id: String, as_of: Instant) -> Result<Vec<PhaseDuration>> {
        let id = ProjectId::try_new(project_id.clone())?;
        let journal = self.lock();
        let project = journal.state().project(&id).ok_or(core::Error::UnknownProject { project_id })?;
        Ok(project
            .phase_durations(as_of)?
            .into_iter()
            .map(|d| PhaseDuration { phase: d.phase, visits: count(d.visits), calendar_days: d.calendar_days, working_days: d.working_days })
            .collect())
    }

    /// True when the member holds a role granting the action.
    pub fn permits(&self, project_id: String, member: String, action: Action) -> Result<bool> {
        let id = ProjectId::try_new(project_id.clone())?;
        let member = ActorId::try_new(member)?;
        let journal = self.lock();
        let project = journal.state().project(&id).ok_or(core::Error::UnknownProject { project_id })?;
        Ok(project.permits(&member, action))
    }
}

// ---------------------------------------------------------------- earned value

/// Earned-value figures at a status date; undefined ratios are null.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EarnedValueFigures {
    pub sv: Money,
    pub cv: Money,
    pub spi: Option<Decimal>,
    pub cpi: Option<Decimal>,
    pub eac_cpi: Option<Money>,
    pub eac_atypical: Money,
    pub eac_cpi_spi: Option<Money>,
    pub eac_bottom_up: Option<Money>,
    pub etc: Option<Money>,
    pub vac: Option<Money>,
    pub tcpi_bac: Option<Decimal>,
    pub tcpi_eac: Option<Decimal>,
}

/// SV, CV, SPI, CPI, every EAC variant, ETC, VAC, TCPI — one currency.
#[uniffi::export]
pub fn earned_value(bac: Money, pv: Money, ev: Money, ac: Money, bottom_up_etc: Option<Money>) -> Result<EarnedValueFigures> {
    let f = core::evm::EarnedValue::compute(&bac, &pv, &ev, &ac, bottom_up_etc.as_ref())?;
    Ok(f.into())
}

impl From<core::evm::EarnedValue> for EarnedValueFigures {
    fn from(f: core::evm::EarnedValue) -> Self {
        EarnedValueFigures {
            sv: f.sv,
            cv: f.cv,
            spi: f.spi,
            cpi: f.cpi,
            eac_cpi: f.eac_cpi,
            eac_atypical: f.eac_atypical,
            eac_cpi_spi: f.eac_cpi_spi,
            eac_bottom_up: f.eac_bottom_up,
            etc: f.etc,
            vac: f.vac,
            tcpi_bac: f.tcpi_bac,
            tcpi_eac: f.tcpi_eac,
        }
    }
}

/// Earned schedule figures (ES and IEAC(t) in periods).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EarnedScheduleFigures {
    pub es: Decimal,
    pub spi_t: Option<Decimal>,
    pub ieac_t: Option<Decimal>,
}

/// Lipke's earned schedule from the cumulative planned value per period.
#[uniffi::export]
pub fn earned_schedule(cumulative_pv: Vec<Money>, ev: Money, actual_time: Decimal, planned_duration: Decimal) -> Result<EarnedScheduleFigures> {
    let es = core::evm::EarnedSchedule::compute(&cumulative_pv, &ev, actual_time, planned_duration)?;
    Ok(EarnedScheduleFigures { es: es.es, spi_t: es.spi_t, ieac_t: es.ieac_t })
}

/// The shape of a spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SpreadProfile {
    Linear,
    FrontLoaded,
    BackLoaded,
    SCurve,
    /// Uses the weights given.
    Manual,
}

/// Spreads an amount over periods; the parts sum exactly to it. `weights` only for `Manual`
/// (empty otherwise).
#[uniffi::export]
pub fn spread(amount: Money, periods: i32, profile: SpreadProfile, weights: Vec<Decimal>) -> Result<Vec<Money>> {
    let name = match profile {
        SpreadProfile::Linear => "linear",
        SpreadProfile::FrontLoaded => "front_loaded",
        SpreadProfile::BackLoaded => "back_loaded",
        SpreadProfile::SCurve => "s_curve",
        SpreadProfile::Manual => "manual",
    };
    // Weights with another profile are refused by the core, as on the other surfaces.
    let weights = (profile == SpreadProfile::Manual || !weights.is_empty()).then_some(weights);
    let core_profile = core::evm::SpreadProfile::from_name(name, weights)?;
    Ok(core_profile.spread(&amount, non_negative("periods", periods.into())?)?)
}

// ---------------------------------------------------------------- cost breakdown

/// The cost types a breakdown has unless it names its own (it may name others; approved day
/// work posts to `LABOUR`). Kotlin: `StandardCostType.LABOUR.typeName` is the name a cost
/// line takes.
#[uniffi::remote(Enum)]
pub enum StandardCostType {
    /// 人工: wages, day work.
    Labour,
    /// 材料: materials.
    Material,
    /// 机械: plant and equipment.
    Equipment,
    /// 分包: subcontracts.
    Subcontract,
    /// Anything else.
    Other,
}

/// The name a cost line gives a standard cost type (`labour`).
#[uniffi::export]
pub fn standard_cost_type_name(cost_type: StandardCostType) -> String {
    cost_type.name().to_owned()
}

/// A cost code of a breakdown being built: its code, name and parent (none for a top-level
/// code).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CostCodeDef {
    pub code: String,
    pub name: String,
    #[uniffi(default)]
    pub parent: Option<String>,
}

/// A validated tree of cost codes × cost types.
#[derive(Debug, PartialEq, uniffi::Object)]
#[uniffi::export(Eq, Debug)]
pub struct CostBreakdown {
    pub(crate) inner: core::cost::CostBreakdown,
}

#[uniffi::export]
impl CostBreakdown {
    /// Reads `{"codes": [{"code", "name", "parent"?}], "cost_types": [...]}`; every problem
    /// (duplicates, orphans, cycles) is listed in `InvalidCostBreakdown.problems`.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Arc::new(CostBreakdown { inner: core::cost::CostBreakdown::from_json(&json)? }))
    }

    /// A breakdown of `codes` (parents before or after their children) and `cost_types`
    /// (none given: the standard labour, material, equipment, subcontract, other); every
    /// problem is listed in `InvalidCostBreakdown.problems`.
    #[uniffi::constructor(default(cost_types = None))]
    pub fn new(codes: Vec<CostCodeDef>, cost_types: Option<Vec<String>>) -> Result<Arc<Self>> {
        let defs = codes
            .into_iter()
            .map(|c| Ok(core::cost::CostCodeDef { code: CostCode::try_new(c.code)?, name: c.name, parent: c.parent.map(CostCode::try_new).transpose()? }))
            .collect::<core::Result<Vec<_>>>()?;
        let types = cost_types.unwrap_or_else(|| StandardCostType::ALL.iter().map(|t| t.name().to_owned()).collect());
        Ok(Arc::new(CostBreakdown { inner: core::cost::CostBreakdown::new(defs, types)? }))
    }

    pub fn codes(&self) -> Vec<String> {
        self.inner.codes().map(str::to_owned).collect()
    }

    pub fn cost_types(&self) -> Vec<String> {
        self.inner.cost_types().to_vec()
    }

    pub fn is_leaf(&self, code: String) -> bool {
        self.inner.is_leaf(&code)
    }

    pub fn children(&self, code: String) -> Result<Vec<String>> {
        Ok(self.inner.children(&code)?.into_iter().map(str::to_owned).collect())
    }

    /// The JSON `from_json` reads.
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}
