//! Day-work summaries: the entries a filter selects, grouped by any of the dimensions with
//! exact sums (one pass of [`aggregate`] over the entries as columns).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::aggregate::{self, aggregate, AttributesPer, Dimension, GroupTotals, LabourTable, WorkerAttributes};
use super::entries::EntryRecord;
use super::rates::OvertimePolicy;
use super::wages::workdays;
use super::workers::Worker;
use super::{DayWork, EntryState};
use crate::ids::{CostCode, WorkerId};
use crate::scope::ProjectScopes;
use crate::error::{Problem, ProblemCode};
use crate::text::quoted;
use crate::{Currency, Error, Money, ProjectId, Result, RoundingStrategy};

/// Entries to select: every filter left empty or `None` selects all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntryFilter {
    /// Only these projects (all when empty).
    pub projects: Vec<ProjectId>,
    /// Only days from this one (inclusive).
    pub from: Option<NaiveDate>,
    /// Only days up to this one (inclusive).
    pub to: Option<NaiveDate>,
    /// Empty: every state but rejected.
    pub states: Vec<EntryState>,
    /// Only workers of these teams (all when empty).
    pub teams: Vec<String>,
    /// Only these workers (all when empty).
    pub workers: Vec<WorkerId>,
}

impl EntryFilter {
    /// `worker` finds the entry's worker, asked only when the filter names teams.
    pub(super) fn keeps<'w>(&self, entry: &EntryRecord<'_>, worker: impl FnOnce() -> Option<&'w Worker>) -> bool {
        (self.projects.is_empty() || self.projects.contains(entry.project_id))
            && self.from.is_none_or(|from| entry.date >= from)
            && self.to.is_none_or(|to| entry.date <= to)
            && (if self.states.is_empty() { entry.state != EntryState::Rejected } else { self.states.contains(&entry.state) })
            && (self.teams.is_empty() || worker().is_some_and(|w| self.teams.contains(&w.team)))
            && (self.workers.is_empty() || self.workers.contains(entry.worker_id))
    }
}

/// A summary group's key: one value per dimension asked for, in that order, each labelled with
/// its dimension (names; days as dates, ISO weeks as `2025-W05`, months as `2025-01`).
/// Serialises as an object in that order: `{"team":"钢筋一班","month":"2025-01"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupKey(Vec<(Dimension, String)>);

impl GroupKey {
    /// The value of a dimension, if the summary was grouped by it.
    #[must_use]
    pub fn get(&self, dimension: Dimension) -> Option<&str> {
        self.0.iter().find(|(d, _)| *d == dimension).map(|(_, value)| value.as_str())
    }

    /// The values, in the order the dimensions were asked for.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, value)| value.as_str())
    }

    /// Each dimension with its value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Dimension, &str)> {
        self.0.iter().map(|(dimension, value)| (*dimension, value.as_str()))
    }
}

impl Serialize for GroupKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (dimension, value) in &self.0 {
            map.serialize_entry(dimension, value)?;
        }
        map.end()
    }
}

/// One group of a day-work summary: its key and exact sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DayWorkRow {
    /// The group's values, one per dimension asked for, in that order.
    pub key: GroupKey,
    /// How many entries the group holds.
    pub entries: u64,
    /// Distinct workers.
    pub headcount: u64,
    #[serde(with = "crate::wire::exact")]
    /// Regular hours.
    pub regular_hours: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// Overtime hours.
    pub overtime_hours: Decimal,
    #[serde(with = "crate::wire::exact")]
    /// All hours.
    pub hours: Decimal,
    /// Hours ÷ hours per 工日, at 4 places (rounded half away from zero).
    #[serde(with = "crate::wire::exact")]
    pub workdays: Decimal,
    /// The labour cost.
    pub amount: Money,
}

impl DayWork {
    /// The entries a filter selects, in fold order: what a batch approval by team and period
    /// names (the ids go into the event, so entries merged in later are never swept in).
    #[must_use]
    pub fn select(&self, filter: &EntryFilter) -> Vec<EntryRecord<'_>> {
        self.selection(filter).collect()
    }

    /// [`DayWork::select`] as it is read: nothing made before it is asked for.
    pub fn selection<'a>(&'a self, filter: &EntryFilter) -> impl Iterator<Item = EntryRecord<'a>> + Clone {
        self.register.views().filter(|e| filter.keeps(e, || self.workers.get(e.worker_id)))
    }

    /// Approved and paid day work of a project through a day (inclusive), by cost code, of the
    /// workers of `employer` when given (a labour subcontractor's 计日工): reversals count
    /// against what they reverse.
    pub fn approved_by_code(&self, project_id: &ProjectId, through: NaiveDate, employer: Option<&str>, currency: Currency) -> Result<Vec<(CostCode, Money)>> {
        let filter = EntryFilter { projects: vec![project_id.clone()], to: Some(through), states: vec![EntryState::Approved, EntryState::Paid], ..EntryFilter::default() };
        let mut by_code: BTreeMap<&CostCode, Money> = BTreeMap::new();
        for entry in self.selection(&filter) {
            if employer.is_some_and(|e| self.workers.get(entry.worker_id).is_none_or(|w| w.employer != e)) {
                continue;
            }
            let sum = by_code.entry(entry.cost_code).or_insert_with(|| Money::zero(currency));
            *sum = sum.checked_add(&entry.cost.amount)?;
        }
        Ok(by_code.into_iter().map(|(code, amount)| (code.clone(), amount)).collect())
    }

    /// Groups the entries a filter selects by the dimensions, with exact sums ([`summarise`]).
    /// The selected projects must share a currency and a 工日 length.
    pub(crate) fn summary(&self, by: &[Dimension], filter: &EntryFilter, projects: &dyn ProjectScopes) -> Result<Vec<DayWorkRow>> {
        let (mut project_ids, mut lines) = (BTreeSet::new(), Vec::new());
        for e in self.selection(filter) {
            project_ids.insert(e.project_id);
            lines.push(CostedDayWorkLine {
                worker_id: e.worker_id,
                project_id: e.project_id.as_str(),
                cost_code: e.cost_code,
                date: e.date,
                regular_hours: e.cost.regular_hours,
                overtime_hours: e.cost.overtime_hours,
                amount: e.cost.amount.amount(),
            });
        }
        let (currency, hours_per_workday) = self.common_units(project_ids.into_iter(), filter, projects)?;
        let workers: Vec<WorkerNames<'_>> = self.workers().map(|w| WorkerNames { worker_id: &w.worker_id, team: &w.team, trade: &w.trade, employer: &w.employer }).collect();
        summarise(&lines, &workers, by, currency, hours_per_workday)
    }

    /// The currency and 工日 length the selected entries' projects share.
    fn common_units<'a>(&self, project_ids: impl Iterator<Item = &'a ProjectId>, filter: &'a EntryFilter, projects: &dyn ProjectScopes) -> Result<(Currency, Decimal)> {
        let ids: BTreeSet<&ProjectId> = project_ids.chain(filter.projects.iter()).collect();
        let mut units: BTreeSet<(String, Decimal)> = BTreeSet::new();
        let mut currency = None;
        for id in &ids {
            let project = projects.scope(id)?;
            let hours = self.projects.get(*id).map(|s| s.policy).unwrap_or_default().hours_per_workday;
            units.insert((project.currency.code().to_owned(), hours));
            currency = Some(project.currency);
        }
        if units.len() > 1 {
            let shown: Vec<String> = units.iter().map(|(c, h)| format!("{c} with {h} h a 工日")).collect();
            return Err(Error::invalid_field("day-work summary", format!("the selected projects differ ({}); summarise them separately", shown.join(", "))));
        }
        Ok((currency.unwrap_or(Currency::CNY), units.first().map_or(OvertimePolicy::default().hours_per_workday, |u| u.1)))
    }
}

/// A costed day-work line to summarise ([`summarise`]): whose, where and when, its regular
/// and overtime hours (to 0.01 h) and its amount (in minor units of the summary's currency).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostedDayWorkLine<'a> {
    /// The worker (one of the summary's workers).
    pub worker_id: &'a str,
    /// The project.
    pub project_id: &'a str,
    /// The cost code.
    pub cost_code: &'a str,
    /// The day worked.
    pub date: NaiveDate,
    /// Hours at the plain rate.
    pub regular_hours: Decimal,
    /// Hours at a multiplier.
    pub overtime_hours: Decimal,
    /// The amount.
    pub amount: Decimal,
}

/// A worker's names a summary groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerNames<'a> {
    /// The worker.
    pub worker_id: &'a str,
    /// The team (班组).
    pub team: &'a str,
    /// The trade (工种).
    pub trade: &'a str,
    /// The employer (劳务分包).
    pub employer: &'a str,
}

/// Groups costed day-work lines by the dimensions, with exact sums and headcounts (distinct
/// workers): one pass of [`aggregate`] over the lines as columns, the register's summary and
/// a site app's offline lines alike. Every line's worker must be one of `workers`, its hours in
/// 0.01 h and its amount in minor units of `currency`; every line that is not is named
/// (`InvalidDayWork`, lines from 0) and nothing is summed. `hours_per_workday` converts the
/// hours to 工日.
///
/// ```
/// use chrono::NaiveDate;
/// use projectledger::labour::{summarise, CostedDayWorkLine, Dimension, WorkerNames};
/// let day = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
/// let line = |worker_id, regular: u32, amount: u32| CostedDayWorkLine {
///     worker_id, project_id: "P1", cost_code: "01", date: day, regular_hours: regular.into(), overtime_hours: 0.into(), amount: amount.into() };
/// let workers = [WorkerNames { worker_id: "W1", team: "T1", trade: "钢筋工", employer: "华建" },
///                WorkerNames { worker_id: "W2", team: "T1", trade: "木工", employer: "华建" }];
/// let rows = summarise(&[line("W1", 8, 400), line("W2", 4, 182), line("W1", 2, 100)], &workers, &[Dimension::Team], projectledger::Currency::CNY, 8.into())?;
/// assert_eq!((rows[0].entries, rows[0].headcount, rows[0].hours, rows[0].amount.to_string()), (3, 2, 14.into(), "CNY 682.00".to_owned()));
/// # Ok::<(), projectledger::Error>(())
/// ```
pub fn summarise(lines: &[CostedDayWorkLine<'_>], workers: &[WorkerNames<'_>], by: &[Dimension], currency: Currency, hours_per_workday: Decimal) -> Result<Vec<DayWorkRow>> {
    if hours_per_workday <= Decimal::ZERO {
        return Err(Error::invalid_field("hours per workday", format!("{hours_per_workday} h is not above zero")));
    }
    let names = |values: Vec<&str>| -> Vec<String> { values.into_iter().collect::<BTreeSet<_>>().into_iter().map(str::to_owned).collect() };
    let teams = names(workers.iter().map(|w| w.team).collect());
    let trades = names(workers.iter().map(|w| w.trade).collect());
    let employers = names(workers.iter().map(|w| w.employer).collect());
    let worker_ids = names(workers.iter().map(|w| w.worker_id).collect());
    let project_names = names(lines.iter().map(|l| l.project_id).collect());
    let codes = names(lines.iter().map(|l| l.cost_code).collect());
    let place = |list: &[String], name: &str| list.binary_search_by(|n| n.as_str().cmp(name)).ok().and_then(|i| u32::try_from(i).ok());
    // Attributes by worker place (a worker named twice keeps the last row's names).
    let mut team = vec![0; worker_ids.len()];
    let mut trade = vec![0; worker_ids.len()];
    let mut employer = vec![0; worker_ids.len()];
    for w in workers {
        if let Some(at) = place(&worker_ids, w.worker_id).and_then(|at| usize::try_from(at).ok()) {
            for (column, list, name) in [(&mut team, &teams, w.team), (&mut trade, &trades, w.trade), (&mut employer, &employers, w.employer)] {
                if let (Some(slot), Some(value)) = (column.get_mut(at), place(list, name)) {
                    *slot = value;
                }
            }
        }
    }
    let attributes = WorkerAttributes { team: &team, trade: &trade, employer: &employer, others: &[], per: AttributesPer::Worker };
    let mut columns = LabourTable::default();
    let mut problems = Vec::new();
    for (row, line) in lines.iter().enumerate() {
        let worker = place(&worker_ids, line.worker_id);
        if worker.is_none() {
            problems.push(unknown_worker_line(row, line.worker_id));
        }
        let at = format!("line {row}");
        let mut refuse = |field: &str, code: ProblemCode, text: String| problems.push(Problem::new(&at, field, code, text));
        let (regular, overtime) = (centi(line.regular_hours), centi(line.overtime_hours));
        if regular.is_none() || overtime.is_none() {
            refuse("hours", ProblemCode::InvalidQuantity, format!("{} h regular and {} h overtime are not both in 0.01 h", line.regular_hours, line.overtime_hours));
        }
        let money = Money::new(line.amount, currency);
        let amount = if money.is_in_minor_units() { money.to_minor_units().ok().and_then(|units| i64::try_from(units).ok()) } else { None };
        if amount.is_none() {
            refuse("amount", ProblemCode::InvalidQuantity, format!("{} is not in minor units of {}", line.amount, currency.code()));
        }
        let (Some(worker), Some(regular), Some(overtime), Some(amount)) = (worker, regular, overtime, amount) else { continue };
        columns.worker.push(worker);
        columns.project.push(place(&project_names, line.project_id).unwrap_or_default());
        columns.cost_code.push(place(&codes, line.cost_code).unwrap_or_default());
        columns.day.push(aggregate::day_number(line.date));
        columns.regular_centihours.push(regular);
        columns.overtime_centihours.push(overtime);
        columns.amount_minor.push(amount);
    }
    if !problems.is_empty() {
        return Err(Error::InvalidDayWork { project_id: String::new(), problems });
    }
    let days = (columns.day.iter().min().copied().unwrap_or(0), columns.day.iter().max().copied().unwrap_or(0));
    let groups = aggregate(&columns.columns(), &attributes, by, days)?;
    groups
        .into_iter()
        .map(|group| {
            let key = by
                .iter()
                .zip(&group.key)
                .map(|(dimension, value)| {
                    let name = |list: &[String]| usize::try_from(*value).ok().and_then(|at| list.get(at)).cloned().unwrap_or_default();
                    let shown = match dimension {
                        Dimension::Project => name(&project_names),
                        Dimension::Team => name(&teams),
                        Dimension::Trade => name(&trades),
                        Dimension::Employer => name(&employers),
                        Dimension::Worker => name(&worker_ids),
                        Dimension::CostCode => name(&codes),
                        Dimension::Day | Dimension::IsoWeek | Dimension::Month => period_name(*dimension, *value),
                    };
                    (*dimension, shown)
                })
                .collect();
            row(GroupKey(key), &group, currency, hours_per_workday)
        })
        .collect()
}

/// Hours as whole centihours, if they are.
fn centi(hours: Decimal) -> Option<i64> {
    let scaled = hours.checked_mul(Decimal::ONE_HUNDRED)?;
    scaled.fract().is_zero().then(|| i64::try_from(scaled).ok()).flatten()
}

fn row(key: GroupKey, group: &GroupTotals, currency: Currency, hours_per_workday: Decimal) -> Result<DayWorkRow> {
    let regular_hours = Decimal::new(group.regular_centihours, 2);
    let overtime_hours = Decimal::new(group.overtime_centihours, 2);
    // Two i64 counts of centihours: their sum is far inside a Decimal.
    let hours = regular_hours.saturating_add(overtime_hours);
    Ok(DayWorkRow {
        key,
        entries: group.entries,
        headcount: group.headcount,
        regular_hours,
        overtime_hours,
        hours,
        workdays: workdays(hours, hours_per_workday),
        amount: Money::from_minor_units(group.amount_minor.into(), currency)?.round(RoundingStrategy::HalfAwayFromZero),
    })
}

/// The refusal of aggregated day-work lines whose worker is not among the workers, `(row,
/// worker id)` each, as [`summarise`] refuses them: for a binding that finds them itself while
/// it turns a worker column into rows of a worker table.
///
/// ```
/// let error = projectledger::labour::unknown_workers([(1, "W9")]);
/// assert_eq!(error.to_string(), r#"day work refused: entry line 1: worker "W9" is not among the workers"#);
/// ```
#[must_use]
pub fn unknown_workers<'a>(lines: impl IntoIterator<Item = (usize, &'a str)>) -> Error {
    Error::InvalidDayWork { project_id: String::new(), problems: lines.into_iter().map(|(row, worker_id)| unknown_worker_line(row, worker_id)).collect() }
}

fn unknown_worker_line(row: usize, worker_id: &str) -> Problem {
    Problem::new(&format!("line {row}"), "worker_id", ProblemCode::UnknownWorker, format!("worker {} is not among the workers", quoted(worker_id)))
}

/// A period number of [`aggregate`] as text: `2025-01-26`, `2025-W05`, `2025-01`.
#[must_use]
pub fn period_name(dimension: Dimension, value: i64) -> String {
    match dimension {
        Dimension::IsoWeek => format!("{:04}-W{:02}", value / 100, value % 100),
        Dimension::Month => format!("{:04}-{:02}", value / 100, value % 100),
        _ => i32::try_from(value).ok().and_then(aggregate::date_of_day_number).map_or_else(|| value.to_string(), |d| d.to_string()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn every_line_that_cannot_be_summed_is_named_and_nothing_is_summed() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let line = |worker_id, regular: &str, amount: &str| CostedDayWorkLine {
            worker_id,
            project_id: "P1",
            cost_code: "01",
            date: day,
            regular_hours: regular.parse().unwrap(),
            overtime_hours: Decimal::ZERO,
            amount: amount.parse().unwrap(),
        };
        let workers = [WorkerNames { worker_id: "W1", team: "T1", trade: "钢筋工", employer: "华建" }];
        let lines = [line("W1", "8", "400.00"), line("W9", "8", "400.00"), line("W1", "8.001", "400.00"), line("W1", "8", "400.005")];
        let Err(Error::InvalidDayWork { problems, .. }) = summarise(&lines, &workers, &[Dimension::Team], Currency::CNY, 8.into()) else { panic!("summed") };
        let named: Vec<(&str, &str)> = problems.iter().map(|p| (p.item.as_str(), p.field.as_str())).collect();
        assert_eq!(named, [("line 1", "worker_id"), ("line 2", "hours"), ("line 3", "amount")]);
        assert_eq!(summarise(&lines[..1], &workers, &[], Currency::CNY, Decimal::ZERO).unwrap_err().kind(), "InvalidField");
        let rows = summarise(&lines[..1], &workers, &[], Currency::CNY, 8.into()).unwrap();
        assert_eq!((rows.len(), rows[0].workdays, rows[0].amount.to_string()), (1, Decimal::ONE, "CNY 400.00".to_owned()));
    }
}
