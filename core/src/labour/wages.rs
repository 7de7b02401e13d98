//! The wage ledger (工资支付台账, 保障农民工工资支付条例 art. 15): a worker's approved and paid
//! day work of a month on a project, with deductions, payment status and art. 24's due date.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{in_hours, DayWork, EntryState, IdNumbers};
use crate::ids::WorkerId;
use crate::scope::ProjectScope;
use crate::{DayKind, Error, Money, ProjectId, Result};

/// A deduction from a worker's wages of a month (advances, insurance), art. 15's 代扣.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct Deduction {
    /// The deduction's id.
    pub deduction_id: String,
    /// The worker.
    pub worker_id: WorkerId,
    /// The first day of the month.
    #[serde(serialize_with = "crate::wire::date")]
    pub month: NaiveDate,
    /// The amount.
    pub amount: Money,
    /// Why.
    pub reason: String,
}
crate::persist::persist_struct!(Deduction { deduction_id, worker_id, month, amount, reason });


/// Whether a worker's wages of a month are paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Nothing paid.
    Unpaid,
    /// Some paid, some still owed.
    PartlyPaid,
    /// Everything paid.
    Paid,
    /// More was paid than is due (a paid entry was reversed): to be recovered.
    Overpaid,
}

/// One line of the wage ledger (工资支付台账, 保障农民工工资支付条例 art. 15): a worker's
/// approved and paid day-work of one month on one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WageLedgerRow {
    /// The project.
    pub project_id: ProjectId,
    /// The worker's employer (the labour subcontractor).
    pub employer: String,
    /// `2025-01`.
    pub month: String,
    /// The worker's id.
    pub worker_id: WorkerId,
    /// The worker's name.
    pub worker_name: String,
    /// Masked unless revealed on request.
    pub id_number: String,
    /// How many entries the line sums.
    pub entries: u64,
    #[serde(with = "crate::wire::exact")]
    /// Regular hours.
    pub regular_hours: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// Overtime hours (beyond a working day's hours, or any hour on a rest day or holiday).
    pub overtime_hours: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// The hours as 工日.
    pub workdays: Decimal,
    /// Pay for regular hours.
    pub regular_pay: Money,
    /// Working-day overtime (×1.5 by default).
    pub overtime_pay: Money,
    /// Pay for rest-day work (×2 by default).
    pub rest_day_pay: Money,
    /// Pay for statutory-holiday work (×3 by default).
    pub holiday_pay: Money,
    /// All pay before deductions.
    pub gross: Money,
    /// Deductions of the month.
    pub deductions: Money,
    /// Gross minus deductions.
    pub net: Money,
    /// Gross of the entries paid.
    pub paid: Money,
    /// Paid when gross − paid is zero, overpaid below zero, unpaid when nothing is paid, else
    /// partly paid.
    pub payment_status: PaymentStatus,
    /// The last payment's day.
    #[serde(serialize_with = "crate::wire::date_opt")]
    pub paid_on: Option<NaiveDate>,
    /// Art. 24: wages are paid at least monthly; a month's are due by the end of the next.
    #[serde(serialize_with = "crate::wire::date")]
    pub due_by: NaiveDate,
    /// Unpaid after `due_by` (as of the ledger's date), or paid after it.
    pub overdue: bool,
}

pub(super) fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

pub(super) fn last_of_month(date: NaiveDate) -> NaiveDate {
    first_of_month(date).checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(date)
}

impl DayWork {
    /// The wage ledger of a project (art. 15): one row per worker and month with approved or
    /// paid entries (or a deduction), ordered by month then worker. `as_of` decides art.
    /// 24's overdue flag; id numbers are masked unless [`IdNumbers::Revealed`].
    pub(crate) fn wage_ledger(&self, project: &ProjectScope<'_>, month: Option<NaiveDate>, as_of: NaiveDate, id_numbers: IdNumbers) -> Result<Vec<WageLedgerRow>> {
        let currency = project.currency;
        let settings = self.projects.get(project.id);
        let hours_per_workday = settings.map(|s| s.policy).unwrap_or_default().hours_per_workday;
        #[derive(Default)]
        struct Line {
            entries: u64,
            sums: [Decimal; 2],
            /// Regular, overtime, rest-day and holiday pay, gross, paid (minor units).
            pay: [i128; 6],
            paid_on: Option<NaiveDate>,
        }
        let mut lines: BTreeMap<(NaiveDate, WorkerId), Line> = BTreeMap::new();
        let wanted = |date: NaiveDate| month.is_none_or(|m| first_of_month(m) == first_of_month(date));
        for entry in self.register.views().filter(|e| e.project_id == project.id && matches!(e.state, EntryState::Approved | EntryState::Paid) && wanted(e.date)) {
            let line = lines.entry((first_of_month(entry.date), entry.worker_id.clone())).or_default();
            // A worker's month holds at most 31 × 24 h: the hour sums cannot reach a bound.
            line.entries = line.entries.saturating_add(1);
            let [regular_hours, overtime_hours] = &mut line.sums;
            *regular_hours = regular_hours.saturating_add(entry.cost.regular_hours);
            *overtime_hours = overtime_hours.saturating_add(entry.cost.overtime_hours);
            let amount = entry.cost.amount.to_minor_units()?;
            let regular = entry.cost.regular_pay.to_minor_units()?;
            let item = match entry.cost.day_kind {
                DayKind::Working => 1,
                DayKind::RestDay => 2,
                DayKind::StatutoryHoliday => 3,
            };
            add_to(&mut line.pay, 0, Some(regular))?;
            add_to(&mut line.pay, item, amount.checked_sub(regular))?;
            add_to(&mut line.pay, 4, Some(amount))?;
            if entry.state == EntryState::Paid {
                add_to(&mut line.pay, 5, Some(amount))?;
                line.paid_on = line.paid_on.max(entry.paid_on);
            }
        }
        let mut deductions: BTreeMap<(NaiveDate, WorkerId), i128> = BTreeMap::new();
        for d in settings.map(|s| s.deductions.values()).into_iter().flatten().filter(|d| wanted(d.month)) {
            let deducted = deductions.entry((d.month, d.worker_id.clone())).or_default();
            *deducted = deducted.checked_add(d.amount.to_minor_units()?).ok_or_else(|| Error::overflow("wage ledger deductions"))?;
            lines.entry((d.month, d.worker_id.clone())).or_default();
        }
        let money = |units: i128| Money::from_minor_units(units, currency);
        lines
            .into_iter()
            .map(|((first, worker_id), line)| {
                let worker = self.workers.get(&worker_id).ok_or_else(|| Error::not_found("worker", &worker_id, Some(project.id.as_str())))?;
                let due_by = last_of_month(first_of_month(first).checked_add_months(Months::new(1)).unwrap_or(first));
                let deducted = deductions.get(&(first, worker_id.clone())).copied().unwrap_or(0);
                // By amounts: an approved entry and its approved reversal leave nothing to pay.
                let [regular_pay, overtime_pay, rest_day_pay, holiday_pay, gross, paid] = line.pay;
                let outstanding = gross.checked_sub(paid).ok_or_else(|| Error::overflow("wage ledger"))?;
                let payment_status = match (outstanding, paid) {
                    (0, _) => PaymentStatus::Paid,
                    (..0, _) => PaymentStatus::Overpaid,
                    (_, 0) => PaymentStatus::Unpaid,
                    _ => PaymentStatus::PartlyPaid,
                };
                let [regular_hours, overtime_hours] = line.sums;
                Ok(WageLedgerRow {
                    project_id: project.id.clone(),
                    employer: worker.employer.clone(),
                    month: first.format("%Y-%m").to_string(),
                    worker_id: worker_id.clone(),
                    worker_name: worker.name.clone(),
                    id_number: match id_numbers {
                        IdNumbers::Masked => worker.id_number.masked(),
                        IdNumbers::Revealed => worker.id_number.reveal().to_owned(),
                    },
                    entries: line.entries,
                    regular_hours: in_hours(regular_hours),
                    overtime_hours: in_hours(overtime_hours),
                    workdays: workdays(regular_hours.saturating_add(overtime_hours), hours_per_workday),
                    regular_pay: money(regular_pay)?,
                    overtime_pay: money(overtime_pay)?,
                    rest_day_pay: money(rest_day_pay)?,
                    holiday_pay: money(holiday_pay)?,
                    gross: money(gross)?,
                    deductions: money(deducted)?,
                    net: money(gross.checked_sub(deducted).ok_or_else(|| Error::overflow("wage ledger"))?)?,
                    paid: money(paid)?,
                    payment_status,
                    paid_on: line.paid_on,
                    due_by,
                    overdue: (outstanding > 0 && as_of > due_by) || line.paid_on.is_some_and(|d| d > due_by),
                })
            })
            .collect()
    }
}

/// Adds minor units to one pay item, refusing an overflow.
fn add_to(pay: &mut [i128; 6], item: usize, units: Option<i128>) -> Result<()> {
    let slot = pay.get_mut(item).ok_or_else(|| Error::overflow("wage ledger"))?;
    *slot = units.and_then(|u| slot.checked_add(u)).ok_or_else(|| Error::overflow("wage ledger"))?;
    Ok(())
}

pub(super) fn workdays(hours: Decimal, hours_per_workday: Decimal) -> Decimal {
    // The policy's 工日 hours are above zero (checked when set).
    // Four places always: one column of 工日 has one scale on every surface (Arrow's too).
    crate::decimal::at_places(hours.checked_div(hours_per_workday).unwrap_or_default().round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero), 4)
}
