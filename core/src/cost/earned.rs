//! Earned value and earned schedule per cost code: BAC and AC from the ledger, PV and EV
//! from the leaf codes' work packages.

use chrono::NaiveDate;

use super::ledger::Column;
use super::work_package::WorkPackage;
use super::CostCentre;
use crate::evm::{EarnedSchedule, EarnedValue};
use crate::period::{Period, PeriodKind};
use crate::{Error, Money, Result, WorkCalendar};

impl CostCentre {
    /// Earned value of a code's subtree (or the project with `None`) at the end of
    /// `status_date`: BAC and AC from the ledger, PV and EV from the work packages.
    pub fn earned_value(&self, code: Option<&str>, status_date: NaiveDate, calendar: &WorkCalendar) -> Result<EarnedValue> {
        let [bac, pv, ev, ac] = self.value_units(code, status_date, calendar)?;
        let m = |units: i128| Money::from_minor_units(units, self.ledger.currency());
        EarnedValue::compute(&m(bac)?, &m(pv)?, &m(ev)?, &m(ac)?, None)
    }

    /// The planned spend of the work packages, day by day: each leaf's budget at completion
    /// spread over its working days by its profile (the PV curve), summing exactly.
    pub fn planned_spend(&self, calendar: &WorkCalendar) -> Result<Vec<(NaiveDate, Money)>> {
        let currency = self.ledger.currency();
        let mut spend = Vec::new();
        for (leaf, package) in &self.packages {
            for (day, units) in package.planned_parts(self.leaf_budget(leaf)?, calendar, currency)? {
                spend.push((day, Money::from_minor_units(units.into(), currency)?));
            }
        }
        Ok(spend)
    }

    /// The actual spend: each cost recorded (invoice, direct or labour cost) on its day.
    pub fn actual_spend(&self) -> Result<Vec<(NaiveDate, Money)>> {
        let currency = self.ledger.currency();
        self.records
            .values()
            .map(|record| {
                let total = record.lines.iter().try_fold(Money::zero(currency), |sum, line| sum.checked_add(&Money::new(line.amount, currency)))?;
                Ok((record.recorded_at.date_naive(), total))
            })
            .collect()
    }

    /// A leaf's budget at completion: its revised budget, all cost types, in minor units.
    fn leaf_budget(&self, leaf: &str) -> Result<i64> {
        let budget = self.ledger.total_units(Some(leaf), Column::OriginalBudget)?.checked_add(self.ledger.total_units(Some(leaf), Column::ApprovedChanges)?).unwrap_or(i128::MAX);
        i64::try_from(budget).map_err(|_| Error::overflow("budget at completion"))
    }

    /// BAC, PV, EV and AC of a subtree at the end of a date, in minor units.
    fn value_units(&self, code: Option<&str>, status_date: NaiveDate, calendar: &WorkCalendar) -> Result<[i128; 4]> {
        let currency = self.ledger.currency();
        let (mut bac, mut pv, mut ev, mut ac) = (0i128, 0i128, 0i128, 0i128);
        for leaf in self.breakdown().leaves_under(code)? {
            let budget = self.leaf_budget(leaf)?;
            add(&mut bac, i128::from(budget))?;
            add(&mut ac, self.ledger.total_units(Some(leaf), Column::Invoiced)?)?;
            add(&mut ac, self.ledger.total_units(Some(leaf), Column::DirectCosts)?)?;
            if let Some(package) = self.packages.get(leaf) {
                let planned = package.planned_units(budget, status_date, calendar, currency)?;
                add(&mut pv, i128::from(planned))?;
                add(&mut ev, i128::from(package.earned_units(budget, planned, currency)?))?;
            }
        }
        Ok([bac, pv, ev, ac])
    }

    /// Earned schedule (Lipke) of a subtree in periods of `kind`: cumulative PV at the end of
    /// each period from the first work package's start to the last one's finish; AT is the
    /// number of those periods ended by `status_date` (status dates are period ends in EVM
    /// reporting), PD the number of periods.
    pub fn earned_schedule(&self, code: Option<&str>, status_date: NaiveDate, kind: PeriodKind, calendar: &WorkCalendar) -> Result<EarnedSchedule> {
        let leaves = self.breakdown().leaves_under(code)?;
        let packages: Vec<&WorkPackage> = leaves.iter().filter_map(|leaf| self.packages.get(*leaf)).collect();
        let (Some(first), Some(last)) = (packages.iter().map(|p| p.start).min(), packages.iter().map(|p| p.finish).max()) else {
            return Err(Error::invalid_field("work packages", format!("no work package under {}", code.unwrap_or("the project"))));
        };
        let mut ends = Vec::new();
        let mut period = Period::of(kind, first);
        loop {
            let end = period.end()?;
            ends.push(end);
            if end >= last {
                break;
            }
            period = Period::of(kind, end.succ_opt().ok_or_else(|| Error::DateOutOfRange { reason: format!("the day after {end}") })?);
        }
        // Every package spread once; cumulative PV at each period end from the sorted parts.
        let mut parts = Vec::new();
        for leaf in &leaves {
            if let Some(package) = self.packages.get(*leaf) {
                parts.extend(package.planned_parts(self.leaf_budget(leaf)?, calendar, self.ledger.currency())?);
            }
        }
        parts.sort_unstable();
        let m = |units: i128| Money::from_minor_units(units, self.ledger.currency());
        let mut cumulative = vec![m(0)?];
        let (mut planned, mut next) = (0i128, 0);
        for end in &ends {
            while let Some((_, units)) = parts.get(next).filter(|(day, _)| day <= end) {
                add(&mut planned, i128::from(*units))?;
                next = next.saturating_add(1);
            }
            cumulative.push(m(planned)?);
        }
        let ev = m(self.value_units(code, status_date, calendar)?[2])?;
        let elapsed = ends.iter().filter(|end| **end <= status_date).count();
        EarnedSchedule::compute(&cumulative, &ev, elapsed.into(), ends.len().into())
    }
}

/// `sum += units`, refusing an overflow.
fn add(sum: &mut i128, units: i128) -> Result<()> {
    *sum = sum.checked_add(units).ok_or_else(|| Error::overflow("earned value"))?;
    Ok(())
}
