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
    /// Hours ÷ hours per 工日, to 4 places (half away from zero).
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
        self.register.views().filter(|e| filter.keeps(e, || self.workers.get(e.worker_id))).collect()
    }

    /// Approved and paid day work of a project through a day (inclusive), by cost code, of the
    /// workers of `employer` when given (a labour subcontractor's 计日工): reversals count
    /// against what they reverse.
    pub fn approved_by_code(&self, project_id: &ProjectId, through: NaiveDate, employer: Option<&str>, currency: Currency) -> Result<Vec<(CostCode, Money)>> {
        let filter = EntryFilter { projects: vec![project_id.clone()], to: Some(through), states: vec![EntryState::Approved, EntryState::Paid], ..EntryFilter::default() };
        let mut by_code: BTreeMap<&CostCode, Money> = BTreeMap::new();
        for entry in self.select(&filter) {
            if employer.is_some_and(|e| self.workers.get(entry.worker_id).is_none_or(|w| w.employer != e)) {
                continue;
            }
            let sum = by_code.entry(entry.cost_code).or_insert_with(|| Money::zero(currency));
            *sum = sum.checked_add(&entry.cost.amount)?;
        }
        Ok(by_code.into_iter().map(|(code, amount)| (code.clone(), amount)).collect())
    }

    /// Groups the entries a filter selects by the dimensions, with exact sums: one pass of
    /// [`aggregate`] over the entries as columns. The selected projects must share a
    /// currency and a 工日 length.
    pub(crate) fn summary(&self, by: &[Dimension], filter: &EntryFilter, projects: &dyn ProjectScopes) -> Result<Vec<DayWorkRow>> {
        let selected = self.select(filter);
        let (currency, hours_per_workday) = self.common_units(selected.iter().map(|e| e.project_id), filter, projects)?;
        let names = |values: Vec<&str>| -> Vec<String> { values.into_iter().collect::<BTreeSet<_>>().into_iter().map(str::to_owned).collect() };
        let workers: Vec<&Worker> = self.workers.values().collect();
        let teams = names(workers.iter().map(|w| w.team.as_str()).collect());
        let trades = names(workers.iter().map(|w| w.trade.as_str()).collect());
        let employers = names(workers.iter().map(|w| w.employer.as_str()).collect());
        let project_names = names(selected.iter().map(|e| e.project_id.as_str()).collect());
        let codes = names(selected.iter().map(|e| e.cost_code.as_str()).collect());
        let index_in = |list: &[String], name: &str| list.binary_search_by(|n| n.as_str().cmp(name)).map_or(0, |i| i as u32);
        let team: Vec<u32> = workers.iter().map(|w| index_in(&teams, &w.team)).collect();
        let trade: Vec<u32> = workers.iter().map(|w| index_in(&trades, &w.trade)).collect();
        let employer: Vec<u32> = workers.iter().map(|w| index_in(&employers, &w.employer)).collect();
        let attributes = WorkerAttributes { team: &team, trade: &trade, employer: &employer, others: &[], per: AttributesPer::Worker };
        let worker_ids: Vec<String> = self.workers.keys().map(|id| id.to_string()).collect();
        let mut columns = LabourTable::default();
        for entry in &selected {
            columns.worker.push(index_in(&worker_ids, entry.worker_id));
            columns.project.push(index_in(&project_names, entry.project_id.as_str()));
            columns.cost_code.push(index_in(&codes, entry.cost_code));
            columns.day.push(aggregate::day_number(entry.date));
            columns.regular_centihours.push(centi(entry.cost.regular_hours)?);
            columns.overtime_centihours.push(centi(entry.cost.overtime_hours)?);
            columns.amount_minor.push(i64::try_from(entry.cost.amount.to_minor_units()?).map_err(|_| Error::overflow("day-work amount"))?);
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
                        let name = |list: &[String]| list.get(*value as usize).cloned().unwrap_or_default();
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

fn centi(hours: Decimal) -> Result<i64> {
    let scaled = hours.checked_mul(Decimal::ONE_HUNDRED).ok_or_else(|| Error::overflow("hours"))?;
    i64::try_from(scaled.trunc()).map_err(|_| Error::overflow("hours"))
}

fn row(key: GroupKey, group: &GroupTotals, currency: Currency, hours_per_workday: Decimal) -> Result<DayWorkRow> {
    let regular_hours = Decimal::new(group.regular_centihours, 2).normalize();
    let overtime_hours = Decimal::new(group.overtime_centihours, 2).normalize();
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

/// A period number of [`aggregate`] as text: `2025-01-26`, `2025-W05`, `2025-01`.
#[must_use]
pub fn period_name(dimension: Dimension, value: i64) -> String {
    match dimension {
        Dimension::IsoWeek => format!("{:04}-W{:02}", value / 100, value % 100),
        Dimension::Month => format!("{:04}-{:02}", value / 100, value % 100),
        _ => i32::try_from(value).ok().and_then(aggregate::date_of_day_number).map_or_else(|| value.to_string(), |d| d.to_string()),
    }
}
