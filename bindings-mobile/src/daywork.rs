//! Day work on the mobile surface: what a foreman's app records (workers, entries, submit),
//! what the office reads back (entries, a team's week, summaries, the wage ledger). The core's
//! plain enums and records cross as uniffi remote types; entries and filters have a mobile
//! shape (hours or 工日 as two optionals, ids as strings) and convert through the core's
//! own constructors.

use chrono::{NaiveDate, NaiveTime};
use projectledger::labour::{self as core_daywork, EntryFilter};
use projectledger::labour::{self as core_labour, IdNumber, Quantity, RateScope};
use projectledger::{self as core, CostCode, EntryId, EventId, Money, ProjectId, WorkerId};
use rust_decimal::Decimal;

use crate::errors::ProjectLedgerError;
use crate::{count, DayKind, Journal, Result, YearMonth};

pub use core_daywork::{DayWorkWarning, EntryState, PaymentStatus, Reversal};
pub use core_labour::{Dimension, OvertimePolicy, RateUnit};

/// A time of day.
pub type LocalTime = NaiveTime;

uniffi::custom_type!(LocalTime, String, {
    remote,
    lower: |time| time.format("%H:%M").to_string(),
    try_lift: |text| NaiveTime::parse_from_str(&text, "%H:%M").or_else(|_| NaiveTime::parse_from_str(&text, "%H:%M:%S")).map_err(|e| {
        ProjectLedgerError::from(core::Error::invalid_field("time", format!("{text:?} is not a time of day (HH:MM): {e}"))).into()
    }),
});

// The number in full crosses only into a registration; what the app reads back is masked.
uniffi::custom_type!(IdNumber, String, {
    remote,
    lower: |id| id.reveal().to_owned(),
    try_lift: |text| IdNumber::new(&text).map_err(|e| ProjectLedgerError::from(e).into()),
});

/// A worker registered by real name (实名制). The id number is personal data: `toString` (Kotlin)
/// and `description` (Swift) mask it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct Worker {
    pub worker_id: WorkerId,
    pub name: String,
    pub id_number: IdNumber,
    pub trade: String,
    pub team: String,
    pub employer: String,
}

impl std::fmt::Display for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        core_labour::Worker::from(self.clone()).fmt(f)
    }
}

impl From<Worker> for core_labour::Worker {
    fn from(w: Worker) -> Self {
        core_labour::Worker { worker_id: w.worker_id, name: w.name, id_number: w.id_number, trade: w.trade, team: w.team, employer: w.employer }
    }
}

impl From<&core_labour::Worker> for Worker {
    fn from(w: &core_labour::Worker) -> Self {
        Worker { worker_id: w.worker_id.clone(), name: w.name.clone(), id_number: w.id_number.clone(), trade: w.trade.clone(), team: w.team.clone(), employer: w.employer.clone() }
    }
}

/// What a rate is paid per.
#[uniffi::remote(Enum)]
pub enum RateUnit {
    Hour,
    Workday,
}

/// Overtime multipliers (Labour Law art. 44) and the length of a 工日.
#[uniffi::remote(Record)]
pub struct OvertimePolicy {
    pub working_day: Decimal,
    pub rest_day: Decimal,
    pub statutory_holiday: Decimal,
    pub hours_per_workday: Decimal,
}

/// Recorded → Submitted → Approved / Rejected, Approved → Paid.
#[uniffi::remote(Enum)]
pub enum EntryState {
    Recorded,
    Submitted,
    Approved,
    Rejected,
    Paid,
}

/// A correction of an approved or paid entry.
#[uniffi::remote(Record)]
pub struct Reversal {
    pub entry_id: EntryId,
    pub reverses: EntryId,
    pub reason: String,
}

/// What day work can be grouped by.
#[uniffi::remote(Enum)]
pub enum Dimension {
    Project,
    Team,
    Trade,
    Worker,
    Employer,
    CostCode,
    Day,
    IsoWeek,
    Month,
}

/// Whether a month's wages are paid.
#[uniffi::remote(Enum)]
pub enum PaymentStatus {
    Unpaid,
    PartlyPaid,
    Paid,
    Overpaid,
}

/// A day-work entry as the foreman's app records it: `hours` or `workdays` (工日), one of
/// them (Kotlin: `DayWorkEntry.hours(…)` / `DayWorkEntry.workdays(…)` say which); start and
/// end times of day when known. The id may be generated on the device.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DayWorkEntry {
    pub entry_id: EntryId,
    pub worker_id: WorkerId,
    pub cost_code: CostCode,
    pub date: NaiveDate,
    #[uniffi(default = None)]
    pub hours: Option<Decimal>,
    #[uniffi(default = None)]
    pub workdays: Option<Decimal>,
    #[uniffi(default = None)]
    pub start: Option<NaiveTime>,
    #[uniffi(default = None)]
    pub end: Option<NaiveTime>,
    #[uniffi(default = "")]
    pub description: String,
}

impl DayWorkEntry {
    pub(crate) fn into_core(self) -> Result<core_daywork::DayWorkEntry> {
        Ok(core_daywork::DayWorkEntry {
            quantity: Quantity::of(self.hours, self.workdays)?,
            entry_id: self.entry_id,
            worker_id: self.worker_id,
            cost_code: self.cost_code,
            date: self.date,
            start: self.start,
            end: self.end,
            description: self.description,
        })
    }

    pub(crate) fn from_core(e: &core_daywork::DayWorkEntry) -> Self {
        let (hours, workdays) = match e.quantity {
            Quantity::Hours(h) => (Some(h), None),
            Quantity::Workdays(d) => (None, Some(d)),
        };
        DayWorkEntry {
            entry_id: e.entry_id.clone(),
            worker_id: e.worker_id.clone(),
            cost_code: e.cost_code.clone(),
            date: e.date,
            hours,
            workdays,
            start: e.start,
            end: e.end,
            description: e.description.clone(),
        }
    }
}

/// The scope of a rate: `trade` or `worker_id`, one of them.
pub(crate) fn rate(valid_from: NaiveDate, unit: RateUnit, amount: Decimal, trade: Option<String>, worker_id: Option<String>) -> Result<core_labour::Rate> {
    Ok(core_labour::Rate { scope: RateScope::of(trade, worker_id)?, valid_from, unit, amount })
}

/// The trade and worker of a rate's scope, for the mobile payload.
pub(crate) fn scope_parts(scope: &RateScope) -> (Option<String>, Option<String>) {
    match scope {
        RateScope::Trade(trade) => (Some(trade.clone()), None),
        RateScope::Worker(worker) => (None, Some(worker.to_string())),
    }
}

/// Which entries: every list left empty and every date null selects all (states: every one
/// but rejected).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct DayWorkFilter {
    #[uniffi(default = [])]
    pub project_ids: Vec<String>,
    #[uniffi(default = None)]
    pub from: Option<NaiveDate>,
    #[uniffi(default = None)]
    pub to: Option<NaiveDate>,
    #[uniffi(default = [])]
    pub states: Vec<EntryState>,
    #[uniffi(default = [])]
    pub teams: Vec<String>,
    #[uniffi(default = [])]
    pub workers: Vec<WorkerId>,
}

impl DayWorkFilter {
    fn into_core(self) -> Result<EntryFilter> {
        Ok(EntryFilter {
            projects: self.project_ids.into_iter().map(ProjectId::try_new).collect::<core::Result<_>>()?,
            from: self.from,
            to: self.to,
            states: self.states,
            teams: self.teams,
            workers: self.workers,
        })
    }
}

/// A registered worker as the app reads it back: the id number masked.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RegisteredWorker {
    pub worker_id: WorkerId,
    pub name: String,
    pub id_number_masked: String,
    pub trade: String,
    pub team: String,
    pub employer: String,
}

impl From<&core_labour::Worker> for RegisteredWorker {
    fn from(w: &core_labour::Worker) -> RegisteredWorker {
        RegisteredWorker {
            worker_id: w.worker_id.clone(),
            name: w.name.clone(),
            id_number_masked: w.id_number.masked(),
            trade: w.trade.clone(),
            team: w.team.clone(),
            employer: w.employer.clone(),
        }
    }
}

impl From<core_labour::EntryRecord<'_>> for DayWorkRecord {
    fn from(e: core_labour::EntryRecord<'_>) -> DayWorkRecord {
        DayWorkRecord {
            entry_id: e.entry_id.clone(),
            project_id: e.project_id.to_string(),
            worker_id: e.worker_id.clone(),
            cost_code: e.cost_code.clone(),
            date: e.date,
            hours: e.hours,
            description: e.description.to_owned(),
            recorded_by: e.recorded_by.to_string(),
            state: e.state,
            decided_by: e.decided_by.map(ToString::to_string),
            paid_on: e.paid_on,
            reverses: e.reverses.cloned(),
            reversed_by: e.reversed_by.cloned(),
            day_kind: e.cost.day_kind,
            regular_hours: e.cost.regular_hours,
            overtime_hours: e.cost.overtime_hours,
            multiplier: e.cost.multiplier,
            amount: e.cost.amount,
            regular_pay: e.cost.regular_pay,
        }
    }
}

/// An entry as the register holds it: state, who, and its cost.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DayWorkRecord {
    pub entry_id: EntryId,
    pub project_id: String,
    pub worker_id: WorkerId,
    pub cost_code: CostCode,
    pub date: NaiveDate,
    pub hours: Decimal,
    pub description: String,
    pub recorded_by: String,
    pub state: EntryState,
    pub decided_by: Option<String>,
    pub paid_on: Option<NaiveDate>,
    pub reverses: Option<EntryId>,
    pub reversed_by: Option<EntryId>,
    pub day_kind: DayKind,
    pub regular_hours: Decimal,
    pub overtime_hours: Decimal,
    pub multiplier: Decimal,
    pub amount: Money,
    pub regular_pay: Money,
}

/// One group of a summary: its key (names; days `2025-01-26`, weeks `2025-W05`, months
/// `2025-01`) and exact sums.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DayWorkSummaryRow {
    pub key: Vec<String>,
    pub entries: i64,
    pub headcount: i64,
    pub regular_hours: Decimal,
    pub overtime_hours: Decimal,
    pub hours: Decimal,
    pub workdays: Decimal,
    pub amount: Money,
}

/// One line of the wage ledger (art. 15): a worker's approved and paid day work of a month.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WageLedgerRow {
    pub project_id: ProjectId,
    pub employer: String,
    pub month: YearMonth,
    pub worker_id: WorkerId,
    pub worker_name: String,
    pub id_number: String,
    pub entries: i64,
    pub regular_hours: Decimal,
    pub overtime_hours: Decimal,
    pub workdays: Decimal,
    pub regular_pay: Money,
    pub overtime_pay: Money,
    pub rest_day_pay: Money,
    pub holiday_pay: Money,
    pub gross: Money,
    pub deductions: Money,
    pub net: Money,
    pub paid: Money,
    pub payment_status: PaymentStatus,
    pub paid_on: Option<NaiveDate>,
    pub due_by: NaiveDate,
    pub overdue: bool,
}

impl From<core_daywork::WageLedgerRow> for WageLedgerRow {
    fn from(r: core_daywork::WageLedgerRow) -> WageLedgerRow {
        WageLedgerRow {
            // The core writes the month it grouped by as `YYYY-MM`: the fallback is never taken.
            month: YearMonth::parse(&r.month).unwrap_or_else(|| YearMonth::of(r.due_by)),
            entries: count(r.entries),
            project_id: r.project_id,
            employer: r.employer,
            worker_id: r.worker_id,
            worker_name: r.worker_name,
            id_number: r.id_number,
            regular_hours: r.regular_hours,
            overtime_hours: r.overtime_hours,
            workdays: r.workdays,
            regular_pay: r.regular_pay,
            overtime_pay: r.overtime_pay,
            rest_day_pay: r.rest_day_pay,
            holiday_pay: r.holiday_pay,
            gross: r.gross,
            deductions: r.deductions,
            net: r.net,
            paid: r.paid,
            payment_status: r.payment_status,
            paid_on: r.paid_on,
            due_by: r.due_by,
            overdue: r.overdue,
        }
    }
}

/// What an accepted batch warned of (art. 41 overtime limits).
#[uniffi::remote(Record)]
pub struct DayWorkWarning {
    pub event_id: EventId,
    pub entry_id: EntryId,
    pub worker_id: WorkerId,
    pub date: NaiveDate,
    pub message: String,
}

#[uniffi::export]
impl Journal {
    /// Registered workers, by id (id numbers masked).
    pub fn workers(&self) -> Vec<RegisteredWorker> {
        self.lock().state().day_work().workers().map(RegisteredWorker::from).collect()
    }

    /// One registered worker by id (id number masked); null when none has it.
    pub fn worker(&self, worker_id: String) -> Option<RegisteredWorker> {
        self.lock().state().day_work().worker(&worker_id).map(RegisteredWorker::from)
    }

    /// The entries a filter selects, in the order they were folded.
    pub fn day_work_entries(&self, filter: DayWorkFilter) -> Result<Vec<DayWorkRecord>> {
        let filter = filter.into_core()?;
        Ok(self.lock().state().day_work().select(&filter).into_iter().map(DayWorkRecord::from).collect())
    }

    /// One entry by id, on any project; null when none has it.
    pub fn day_work_entry(&self, entry_id: String) -> Option<DayWorkRecord> {
        self.lock().state().day_work().entry(&entry_id).map(DayWorkRecord::from)
    }

    /// The ids of the entries a filter selects: what a batch approval of a team's week names.
    pub fn select_day_work(&self, filter: DayWorkFilter) -> Result<Vec<EntryId>> {
        let filter = filter.into_core()?;
        Ok(self.lock().state().day_work().select(&filter).into_iter().map(|e| e.entry_id.clone()).collect())
    }

    /// Day work grouped by the dimensions, exact.
    pub fn day_work_summary(&self, by: Vec<Dimension>, filter: DayWorkFilter) -> Result<Vec<DayWorkSummaryRow>> {
        let filter = filter.into_core()?;
        Ok(self.lock().state().day_work_summary(&by, &filter)?.into_iter().map(DayWorkSummaryRow::from).collect())
    }

    /// The wage ledger of a project (art. 15), art. 24's overdue flag as of `as_of`; id
    /// numbers masked unless `reveal_id_numbers`.
    pub fn wage_ledger(&self, project_id: String, as_of: NaiveDate, month: Option<YearMonth>, reveal_id_numbers: bool) -> Result<Vec<WageLedgerRow>> {
        let id = ProjectId::try_new(project_id)?;
        let ids = if reveal_id_numbers { core_labour::IdNumbers::Revealed } else { core_labour::IdNumbers::Masked };
        let rows = self.lock().state().wage_ledger(&id, month.map(YearMonth::first_day), as_of, ids)?;
        Ok(rows.into_iter().map(WageLedgerRow::from).collect())
    }

    /// What accepted batches warned of; `event_id` narrows to one event.
    pub fn day_work_warnings(&self, event_id: Option<String>) -> Vec<DayWorkWarning> {
        self.lock().state().day_work().warnings_for(event_id.as_deref())
    }
}

impl From<core_labour::DayWorkRow> for DayWorkSummaryRow {
    fn from(r: core_labour::DayWorkRow) -> DayWorkSummaryRow {
        DayWorkSummaryRow {
            key: r.key.values().map(str::to_owned).collect(),
            entries: count(r.entries),
            headcount: count(r.headcount),
            regular_hours: r.regular_hours,
            overtime_hours: r.overtime_hours,
            hours: r.hours,
            workdays: r.workdays,
            amount: r.amount,
        }
    }
}

/// A costed day-work line to summarise: whose, where and when, its regular and overtime hours
/// (to 0.01 h) and its amount (in minor units of the summary's currency).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CostedDayWorkLine {
    pub worker_id: String,
    pub project_id: String,
    pub cost_code: String,
    pub date: NaiveDate,
    pub regular_hours: Decimal,
    pub overtime_hours: Decimal,
    pub amount: Decimal,
}

/// A worker's names a summary groups by.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WorkerNames {
    pub worker_id: String,
    pub team: String,
    pub trade: String,
    pub employer: String,
}

/// Groups costed day-work lines (a site's offline time sheets, costed) by the dimensions, with
/// exact sums and headcounts, as a journal's summary groups its entries: every line's worker
/// one of `workers`, hours in 0.01 h, amounts in minor units of `currency`; every line that is
/// not is named (`InvalidDayWork`, lines from 0). `hours_per_workday` gives the 工日.
#[uniffi::export]
pub fn aggregate_day_work(lines: Vec<CostedDayWorkLine>, workers: Vec<WorkerNames>, by: Vec<Dimension>, currency: core::Currency, hours_per_workday: Decimal) -> Result<Vec<DayWorkSummaryRow>> {
    let lines: Vec<core_labour::CostedDayWorkLine<'_>> = lines
        .iter()
        .map(|l| core_labour::CostedDayWorkLine { worker_id: &l.worker_id, project_id: &l.project_id, cost_code: &l.cost_code, date: l.date, regular_hours: l.regular_hours, overtime_hours: l.overtime_hours, amount: l.amount })
        .collect();
    let workers: Vec<core_labour::WorkerNames<'_>> = workers.iter().map(|w| core_labour::WorkerNames { worker_id: &w.worker_id, team: &w.team, trade: &w.trade, employer: &w.employer }).collect();
    Ok(core_labour::summarise(&lines, &workers, &by, currency, hours_per_workday)?.into_iter().map(DayWorkSummaryRow::from).collect())
}

/// A raw time-sheet line to cost: a worker's hours on a day (to 0.01 h), in the order
/// recorded.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TimesheetLine {
    pub worker_id: String,
    pub date: NaiveDate,
    pub hours: Decimal,
}

/// A day-work rate: for a trade or for one worker (one of them), per hour or 工日, from a day.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DayWorkRate {
    pub valid_from: NaiveDate,
    pub unit: RateUnit,
    pub amount: Decimal,
    pub trade: Option<String>,
    pub worker_id: Option<String>,
}

/// A line costed: the day's kind, its regular and overtime hours, the multiplier and the
/// rate in force, and the amount (one rounding point).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CostedLine {
    pub day_kind: DayKind,
    pub regular_hours: Decimal,
    pub overtime_hours: Decimal,
    pub multiplier: Decimal,
    pub rate: Decimal,
    pub rate_unit: RateUnit,
    pub amount: Money,
}

/// Costs time-sheet lines exactly as recording them in that order on one project of a journal
/// would ("what if" under another rate card or overtime policy): `trades` gives each worker's
/// trade. Every bad line is named (`InvalidDayWork`, rows from 0).
#[uniffi::export]
pub fn cost_day_work(lines: Vec<TimesheetLine>, trades: std::collections::HashMap<String, String>, rates: Vec<DayWorkRate>, calendar: std::sync::Arc<crate::WorkCalendar>, policy: OvertimePolicy, currency: core::Currency) -> Result<Vec<CostedLine>> {
    let mut workers: Vec<(&str, &str)> = trades.iter().map(|(w, t)| (w.as_str(), t.as_str())).collect();
    workers.sort_unstable();
    let ids: Vec<&str> = workers.iter().map(|w| w.0).collect();
    let trade_of: Vec<&str> = workers.iter().map(|w| w.1).collect();
    let mut table = core_labour::RateTable::default();
    for r in rates {
        table.set(core_labour::Rate { scope: RateScope::of(r.trade, r.worker_id)?, valid_from: r.valid_from, unit: r.unit, amount: r.amount })?;
    }
    let mut worker = Vec::with_capacity(lines.len());
    let mut day = Vec::with_capacity(lines.len());
    let mut centihours = Vec::with_capacity(lines.len());
    for (row, line) in lines.iter().enumerate() {
        let index = ids.binary_search(&line.worker_id.as_str()).map_err(|_| core::Error::invalid_field("worker_id", format!("line {row}: worker {:?} has no trade", line.worker_id)))?;
        worker.push(u32::try_from(index).map_err(|_| core::Error::overflow("workers"))?);
        day.push(core_labour::day_number(line.date));
        centihours.push(core_labour::centihours(line.hours).ok_or_else(|| core::Error::invalid_field("hours", format!("line {row}: {} h is not in 0.01 h", line.hours)))?);
    }
    let rules = core_labour::CostingRules { worker_ids: &ids, trades: &trade_of, rates: &table, calendar: &calendar.inner, policy: &policy, currency };
    let costed = core_labour::cost_day_work(&core_labour::RawDayWork { worker: &worker, day: &day, centihours: &centihours }, &rules)?;
    (0..lines.len())
        .map(|row| {
            let rate = costed.rate.get(row).and_then(|r| costed.rates.get(*r as usize)).ok_or_else(|| core::Error::invalid_field("rate", "a costed line has no rate"))?;
            let kind = costed.day_kind.get(row).copied().unwrap_or(DayKind::Working);
            let amount = costed.amount_minor.get(row).copied().unwrap_or_default();
            Ok(CostedLine {
                day_kind: kind,
                regular_hours: Decimal::new(costed.regular_centihours.get(row).copied().unwrap_or_default(), 2),
                overtime_hours: Decimal::new(costed.overtime_centihours.get(row).copied().unwrap_or_default(), 2),
                multiplier: policy.multiplier(kind),
                rate: rate.amount,
                rate_unit: rate.unit,
                amount: Money::from_minor_units(i128::from(amount), currency)?,
            })
        })
        .collect()
}
