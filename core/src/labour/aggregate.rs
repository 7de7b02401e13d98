//! The columnar aggregation behind the 点工汇总 tables: costed day work as columns, grouped
//! by any of project, team, trade, worker, employer, cost code, day, ISO week or month, with
//! exact sums and distinct headcounts.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::passes::{aggregate_dense, aggregate_sparse, Group, BITMAP_BITS, DENSE_KEYS};
use crate::{Error, Result};

/// What day-work can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// By project.
    Project,
    /// By the worker's team.
    Team,
    /// By the worker's trade.
    Trade,
    /// By worker.
    Worker,
    /// By the worker's employer.
    Employer,
    /// By cost code.
    CostCode,
    /// By day.
    Day,
    /// By ISO week.
    IsoWeek,
    /// By month.
    Month,
}

/// Costed day-work as columns (one row an entry) borrowed from the caller, names interned as
/// indices: the form the aggregation reads. Days count from 1970-01-01; hours are in 0.01 h;
/// amounts in minor units of one currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LabourColumns<'a> {
    /// The worker's index, per row.
    pub worker: &'a [u32],
    /// The project's index, per row.
    pub project: &'a [u32],
    /// The cost code's index, per row.
    pub cost_code: &'a [u32],
    /// The day, in days from 1970-01-01 (see [`day_number`]).
    pub day: &'a [i32],
    /// Regular hours, in 0.01 h.
    pub regular_centihours: &'a [i64],
    /// Overtime hours, in 0.01 h.
    pub overtime_centihours: &'a [i64],
    /// The cost, in minor units.
    pub amount_minor: &'a [i64],
}

/// Owned columns for callers that build them row by row; [`LabourTable::columns`] lends them
/// to the aggregation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabourTable {
    /// The worker's index, per row.
    pub worker: Vec<u32>,
    /// The project's index, per row.
    pub project: Vec<u32>,
    /// The cost code's index, per row.
    pub cost_code: Vec<u32>,
    /// The day, in days from 1970-01-01 (see [`day_number`]).
    pub day: Vec<i32>,
    /// Regular hours, in 0.01 h.
    pub regular_centihours: Vec<i64>,
    /// Overtime hours, in 0.01 h.
    pub overtime_centihours: Vec<i64>,
    /// The cost, in minor units.
    pub amount_minor: Vec<i64>,
}

impl LabourTable {
    /// The columns, borrowed.
    #[must_use]
    pub fn columns(&self) -> LabourColumns<'_> {
        LabourColumns {
            worker: &self.worker,
            project: &self.project,
            cost_code: &self.cost_code,
            day: &self.day,
            regular_centihours: &self.regular_centihours,
            overtime_centihours: &self.overtime_centihours,
            amount_minor: &self.amount_minor,
        }
    }
}

/// The workers' team, trade and employer indices: per worker index (a worker table), or per
/// row (a wide table whose rows carry them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkerAttributes<'a> {
    /// The team's index.
    pub team: &'a [u32],
    /// The trade's index.
    pub trade: &'a [u32],
    /// The employer's index.
    pub employer: &'a [u32],
    /// Further name columns (a site, a subcontractor, …), each indexed like the three above;
    /// [`GroupBy::Column`] names one by its position here.
    pub others: &'a [&'a [u32]],
    /// Whether they are indexed by worker or by row.
    pub per: AttributesPer,
}

/// What a group's key is made of: a [`Dimension`], or a further name column of the
/// attributes ([`WorkerAttributes::others`], by position).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GroupBy {
    /// A dimension.
    Dimension(Dimension),
    /// The name column at this position of [`WorkerAttributes::others`].
    Column(usize),
}

impl From<Dimension> for GroupBy {
    fn from(dimension: Dimension) -> GroupBy {
        GroupBy::Dimension(dimension)
    }
}

/// What the attribute columns are indexed by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AttributesPer {
    /// One value per worker index (a worker table).
    #[default]
    Worker,
    /// One value per row (a wide table).
    Row,
}

/// One group of an aggregation: its key (one index or period number per dimension) and
/// exact sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GroupTotals {
    /// One value per dimension: an index, a day number, or year·100 + week (or month).
    pub key: Vec<i64>,
    /// Rows in the group.
    pub entries: u64,
    /// Regular hours, in 0.01 h.
    pub regular_centihours: i64,
    /// Overtime hours, in 0.01 h.
    pub overtime_centihours: i64,
    /// The cost, in minor units.
    pub amount_minor: i64,
    /// Distinct workers in the group.
    pub headcount: u64,
}

const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// The period number of a day for a time dimension: the day itself, the ISO week as
/// year·100 + week, or the month as year·100 + month.
fn period_of_day(dimension: Dimension, day: i32) -> i64 {
    let Some(date) = date_of_day_number(day) else {
        return i64::from(day);
    };
    // A year of chrono's range times 100 plus 53 is far inside i64.
    let label = |year: i32, within: u32| i64::from(year).saturating_mul(100).saturating_add(i64::from(within));
    match dimension {
        Dimension::IsoWeek => label(date.iso_week().year(), date.iso_week().week()),
        Dimension::Month => label(date.year(), date.month()),
        _ => i64::from(day),
    }
}

/// A day as the columns count it.
#[must_use]
pub fn day_number(date: NaiveDate) -> i32 {
    // chrono's dates lie within ±262,143 years: ±96 million days, far inside i32.
    date.num_days_from_ce().saturating_sub(EPOCH_DAYS_FROM_CE)
}

/// The date of a day number of the columns.
#[must_use]
pub fn date_of_day_number(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(EPOCH_DAYS_FROM_CE)?)
}

/// How one dimension's index of a row is found, resolved once per aggregation.
enum Part<'a> {
    /// A column of the rows.
    Row(&'a [u32]),
    /// An attribute of the row's worker (the worker itself for `Worker`).
    OfWorker(Option<&'a [u32]>),
    /// A period of the row's day: dense period index by day offset, and the period numbers.
    OfDay(Vec<u32>, Vec<i64>),
}

/// A mixed-radix number over some of the dimensions: each contributes index × stride.
struct Radix {
    strides: Vec<u64>,
    space: u64,
}

impl Radix {
    /// Strides for the radices in order (the last varies fastest); None if the space passes 2⁶⁴.
    fn new(radices: &[u64]) -> Option<Radix> {
        let mut strides = vec![0u64; radices.len()];
        let mut space = 1u64;
        for (stride, radix) in strides.iter_mut().zip(radices).rev() {
            *stride = space;
            space = space.checked_mul(*radix)?;
        }
        Some(Radix { strides, space })
    }
}

/// Groups the rows whose day lies in `days` (inclusive) by the dimensions, in one pass:
/// every key part is a small index (time dimensions become dense period indices), the parts
/// combine into one number (a worker's and a day's contributions precomputed), and the sums
/// go to that group's slot (a dense table when the key space is small, a hash map
/// otherwise). Exact: integer sums, checked. Groups come out ordered by key.
///
/// Headcounts: the key is a function of (row columns, worker, period) and those are read
/// back from (key, worker), so distinct workers per key are distinct (row columns, period,
/// worker) triples — a small bitmap when workers' own attributes make up the rest of the key.
pub fn aggregate(columns: &LabourColumns<'_>, workers: &WorkerAttributes<'_>, by: &[Dimension], days: (i32, i32)) -> Result<Vec<GroupTotals>> {
    aggregate_by(columns, workers, &by.iter().map(|d| GroupBy::Dimension(*d)).collect::<Vec<_>>(), days)
}

/// As [`aggregate`], by dimensions and further name columns of the attributes (any column
/// a wide table or a worker table carries: a site, a subcontractor).
///
/// ```
/// use projectledger::labour::{aggregate_by, AttributesPer, Dimension, GroupBy, LabourTable, WorkerAttributes};
/// // Three costed entries of two workers (a wide table: attributes per row), on sites 0 and 1.
/// let table = LabourTable {
///     worker: vec![0, 1, 0], project: vec![0; 3], cost_code: vec![0; 3], day: vec![20_100, 20_100, 20_131],
///     regular_centihours: vec![800, 800, 800], overtime_centihours: vec![0, 200, 0], amount_minor: vec![40_000, 47_500, 40_000],
/// };
/// let (none, site) = (vec![0; 3], vec![0, 1, 0]);
/// let rows = WorkerAttributes { team: &none, trade: &none, employer: &none, others: &[&site], per: AttributesPer::Row };
/// let by_site = aggregate_by(&table.columns(), &rows, &[GroupBy::Column(0)], (20_100, 20_131))?;
/// let shown: Vec<_> = by_site.iter().map(|g| (g.key[0], g.entries, g.headcount, g.amount_minor)).collect();
/// assert_eq!(shown, [(0, 2, 1, 80_000), (1, 1, 1, 47_500)]);
/// // With a dimension: day 20,131 (2025-02-12) falls in the next month.
/// let by_month = aggregate_by(&table.columns(), &rows, &[GroupBy::Column(0), Dimension::Month.into()], (20_100, 20_131))?;
/// assert_eq!(by_month.iter().map(|g| g.key.clone()).collect::<Vec<_>>(), [vec![0, 202_501], vec![0, 202_502], vec![1, 202_501]]);
/// # Ok::<(), projectledger::Error>(())
/// ```
pub fn aggregate_by(columns: &LabourColumns<'_>, workers: &WorkerAttributes<'_>, by: &[GroupBy], days: (i32, i32)) -> Result<Vec<GroupTotals>> {
    if let Some(twice) = by.iter().enumerate().find_map(|(i, d)| by.get(..i).is_some_and(|before| before.contains(d)).then_some(d)) {
        let named = match twice {
            GroupBy::Dimension(dimension) => format!("{dimension:?}"),
            GroupBy::Column(at) => format!("the name column at position {at}"),
        };
        return Err(Error::invalid_field("dimensions", format!("{named} is named twice; group by each dimension once")));
    }
    let n = columns.worker.len();
    for (name, len) in [
        ("project", columns.project.len()),
        ("cost_code", columns.cost_code.len()),
        ("day", columns.day.len()),
        ("regular_centihours", columns.regular_centihours.len()),
        ("overtime_centihours", columns.overtime_centihours.len()),
        ("amount_minor", columns.amount_minor.len()),
    ] {
        if len != n {
            return Err(Error::invalid_field("labour columns", format!("{name} has {len} rows, worker has {n}")));
        }
    }
    let attributes = workers.team.len();
    if workers.trade.len() != attributes || workers.employer.len() != attributes || workers.others.iter().any(|o| o.len() != attributes) {
        return Err(Error::invalid_field("worker attributes", "team, trade, employer and the further name columns differ in length"));
    }
    if let Some(GroupBy::Column(missing)) = by.iter().find(|b| matches!(b, GroupBy::Column(at) if *at >= workers.others.len())) {
        return Err(Error::invalid_field("dimensions", format!("no name column at position {missing} (there are {})", workers.others.len())));
    }
    match workers.per {
        AttributesPer::Worker => {
            if let Some(bad) = columns.worker.iter().find(|w| **w as usize >= attributes) {
                return Err(Error::invalid_field("labour columns", format!("worker index {bad} has no attributes")));
            }
        }
        AttributesPer::Row if attributes != n => return Err(Error::invalid_field("labour columns", format!("team, trade and employer have {attributes} rows, worker has {n}"))),
        AttributesPer::Row => {}
    }
    let (first, last) = days;
    // Tables are sized by the span of days: it must lie within the years 1 to 9999.
    let supported = (NaiveDate::from_ymd_opt(1, 1, 1).map(day_number), NaiveDate::from_ymd_opt(9999, 12, 31).map(day_number));
    if let (Some(earliest), Some(latest)) = supported
        && (first < earliest || last > latest)
    {
        let shown = |day: i32| date_of_day_number(day).map_or_else(|| format!("day {day}"), |d| d.to_string());
        return Err(Error::DateOutOfRange { reason: format!("day work from {} to {} reaches outside the years 1 to 9999", shown(first), shown(last)) });
    }
    // Within the years 1 to 9999: at most 3,652,059 days.
    let span = usize::try_from(i64::from(last).saturating_sub(i64::from(first)).saturating_add(1)).unwrap_or(0);
    // A wide table's attributes are usually the worker's own (one team a worker): then
    // they are grouped as a worker table's are, with a headcount bitmap by worker.
    if workers.per == AttributesPer::Row {
        let known = columns.worker.iter().max().map_or(0, |w| (*w as usize).saturating_add(1));
        let each = |values| of_each_worker(columns.worker, values, known);
        let others: Option<Vec<Vec<u32>>> = workers.others.iter().map(|values| each(values)).collect();
        if let (Some(team), Some(trade), Some(employer), Some(others)) = (each(workers.team), each(workers.trade), each(workers.employer), others) {
            let others: Vec<&[u32]> = others.iter().map(Vec::as_slice).collect();
            let per_worker = WorkerAttributes { team: &team, trade: &trade, employer: &employer, others: &others, per: AttributesPer::Worker };
            return group(columns, &per_worker, by, (first, last), span);
        }
    }
    group(columns, workers, by, (first, last), span)
}

/// A per-row attribute as one value per worker index, when every row of a worker carries
/// the same value (None when one does not).
fn of_each_worker(worker: &[u32], values: &[u32], known: usize) -> Option<Vec<u32>> {
    const UNSEEN: u32 = u32::MAX;
    let mut of = vec![UNSEEN; known];
    for (w, value) in worker.iter().zip(values) {
        let slot = of.get_mut(*w as usize)?;
        if *slot == UNSEEN {
            *slot = *value;
        } else if *slot != *value {
            return None;
        }
    }
    // Workers with no rows take index 0: they never reach a group.
    Some(of.into_iter().map(|v| if v == UNSEEN { 0 } else { v }).collect())
}

/// The grouping itself, on inputs `aggregate` has checked. Its loops index and add without
/// checks, and this is why none can fail: every column has the worker column's length;
/// every worker index is below the attribute tables' length; a row's day is used only after
/// `in_range` put it in `first..=last`, so its offset is below `span`; each key part is
/// below its radix and `Radix::new` refused key spaces past 2⁶⁴, so index × stride sums stay
/// below the space; the dense path runs only when key and identity spaces fit a u32 and its
/// bitmap; the sums themselves are checked (`add_values`).
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
fn group<'a>(columns: &LabourColumns<'a>, workers: &WorkerAttributes<'a>, by: &[GroupBy], (first, last): (i32, i32), span: usize) -> Result<Vec<GroupTotals>> {
    let known = match workers.per {
        AttributesPer::Worker => workers.team.len(),
        AttributesPer::Row => columns.worker.iter().max().map_or(0, |w| *w as usize + 1),
    };
    let attribute = |values: &'a [u32]| match workers.per {
        AttributesPer::Worker => Part::OfWorker(Some(values)),
        AttributesPer::Row => Part::Row(values),
    };
    let parts: Vec<Part<'a>> = by
        .iter()
        .map(|by| match *by {
            // `aggregate_by` checked the position.
            GroupBy::Column(at) => attribute(workers.others[at]),
            GroupBy::Dimension(Dimension::Project) => Part::Row(columns.project),
            GroupBy::Dimension(Dimension::CostCode) => Part::Row(columns.cost_code),
            GroupBy::Dimension(Dimension::Worker) => Part::OfWorker(None),
            GroupBy::Dimension(Dimension::Team) => attribute(workers.team),
            GroupBy::Dimension(Dimension::Trade) => attribute(workers.trade),
            GroupBy::Dimension(Dimension::Employer) => attribute(workers.employer),
            GroupBy::Dimension(d @ (Dimension::Day | Dimension::IsoWeek | Dimension::Month)) => {
                let (mut dense, mut periods) = (Vec::with_capacity(span), Vec::<i64>::new());
                for day in (first..=last).take(span) {
                    let period = period_of_day(d, day);
                    if periods.last() != Some(&period) {
                        periods.push(period);
                    }
                    dense.push(u32::try_from(periods.len() - 1).unwrap_or(u32::MAX));
                }
                Part::OfDay(dense, periods)
            }
        })
        .collect();
    let radix: Vec<u64> = parts
        .iter()
        .map(|p| match p {
            Part::Row(values) => values.iter().max().map_or(1, |m| u64::from(*m) + 1),
            Part::OfWorker(values) => values.map_or(known as u64, |v| v.iter().max().map_or(1, |m| u64::from(*m) + 1)).max(1),
            Part::OfDay(_, periods) => periods.len().max(1) as u64,
        })
        .collect();
    let Some(key) = Radix::new(&radix) else {
        return Err(Error::invalid_field("grouping", "the dimensions allow more than 2⁶⁴ keys; group by fewer"));
    };
    // A worker's and a day's share of the key, so the row loop only adds.
    let worker_share: Vec<u64> = (0..known)
        .map(|w| {
            parts.iter().zip(&key.strides).fold(0u64, |sum, (part, stride)| match part {
                Part::OfWorker(None) => sum + w as u64 * stride,
                Part::OfWorker(Some(values)) => sum + u64::from(values[w]) * stride,
                _ => sum,
            })
        })
        .collect();
    let day_share: Vec<u64> = (0..span)
        .map(|d| parts.iter().zip(&key.strides).fold(0u64, |sum, (part, stride)| if let Part::OfDay(dense, _) = part { sum + u64::from(dense[d]) * stride } else { sum }))
        .collect();
    let row_parts: Vec<(&[u32], u64)> = parts.iter().zip(&key.strides).filter_map(|(p, s)| if let Part::Row(v) = p { Some((*v, *s)) } else { None }).collect();
    // The headcount identity (row columns, period, worker) as one number, when it fits.
    let identity_radix: Vec<u64> = parts.iter().zip(&radix).filter(|(p, _)| matches!(p, Part::Row(_))).map(|(_, r)| *r).collect();
    let period_radix: Vec<u64> = parts.iter().zip(&radix).filter(|(p, _)| matches!(p, Part::OfDay(..))).map(|(_, r)| *r).collect();
    let identity = Radix::new(&[identity_radix, period_radix, vec![known.max(1) as u64]].concat());
    let in_range = |row: usize| (first..=last).contains(&columns.day[row]);
    let key_of = |row: usize| -> u64 {
        let day = (columns.day[row] - first) as usize;
        row_parts.iter().fold(worker_share[columns.worker[row] as usize] + day_share[day], |k, (values, stride)| k + u64::from(values[row]) * stride)
    };
    let groups: Vec<Group> = match identity {
        Some(identity) if key.space <= DENSE_KEYS && identity.space <= BITMAP_BITS => {
            // Here every key and identity fits a u32: small tables stay in cache.
            let small = |v: u64| v as u32;
            let rows = row_parts.len();
            let worker_key: Vec<u32> = worker_share.iter().map(|k| small(*k)).collect();
            let day_key: Vec<u32> = day_share.iter().map(|k| small(*k)).collect();
            let row_key: Vec<(&[u32], u32, u32)> = row_parts.iter().zip(&identity.strides).map(|((v, s), i)| (*v, small(*s), small(*i))).collect();
            let period_strides = &identity.strides[rows..identity.strides.len() - 1];
            let day_identity: Vec<u32> = (0..span)
                .map(|d| small(parts.iter().filter_map(|p| if let Part::OfDay(dense, _) = p { Some(u64::from(dense[d])) } else { None }).zip(period_strides).map(|(i, s)| i * s).sum()))
                .collect();
            let locate = |row: usize| -> (u32, u64) {
                let worker = columns.worker[row] as usize;
                let day = (columns.day[row] - first) as usize;
                let mut k = worker_key[worker] + day_key[day];
                let mut id = day_identity[day] + worker as u32;
                for (values, stride, id_stride) in &row_key {
                    k += values[row] * stride;
                    id += values[row] * id_stride;
                }
                (k, u64::from(id))
            };
            match aggregate_dense(columns, key.space, identity.space, locate, in_range)? {
                Some(groups) => groups,
                None => aggregate_sparse(columns, key_of, in_range)?,
            }
        }
        _ => aggregate_sparse(columns, key_of, in_range)?,
    };
    let out: Vec<GroupTotals> = groups
        .into_iter()
        .map(|(k, s, heads)| {
            let values = parts
                .iter()
                .zip(&radix)
                .zip(&key.strides)
                .map(|((part, r), stride)| {
                    let index = (k / stride) % r;
                    match part {
                        Part::OfDay(_, periods) => periods[index as usize],
                        _ => index as i64,
                    }
                })
                .collect();
            GroupTotals {
                key: values,
                entries: s[0] as u64,
                regular_centihours: s[1],
                overtime_centihours: s[2],
                amount_minor: s[3],
                headcount: heads,
            }
        })
        .collect();
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    #[test]
    fn every_aggregation_path_agrees_with_counting_by_hand() {
        // Large indices push groupings onto the map path (key space over 2²¹, or headcount
        // identities too many for the bitmap) and the table path; one huge hour value sends a
        // table grouping back to the map.
        let mut state: u64 = 7;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (team, trade, employer): (Vec<u32>, Vec<u32>, Vec<u32>) = ((0..5000).map(|w| w % 40).collect(), (0..5000).map(|w| w % 7).collect(), vec![0; 5000]);
        let workers = WorkerAttributes { team: &team, trade: &trade, employer: &employer, others: &[], per: AttributesPer::Worker };
        let first = day_number(date(3, 1));
        let mut c = LabourTable::default();
        for _ in 0..20_000 {
            let r = next();
            c.worker.push((r % 5000) as u32);
            c.project.push(((r >> 16) % 10) as u32);
            c.cost_code.push(((r >> 24) % 1000) as u32);
            c.day.push(first + ((r >> 34) % 60) as i32);
            c.regular_centihours.push(((r >> 40) % 900) as i64);
            c.overtime_centihours.push(((r >> 50) % 300) as i64);
            c.amount_minor.push(((r >> 20) % 100_000) as i64 - 1_000);
        }
        let mut wide = c.clone();
        wide.overtime_centihours[7] = i64::from(i32::MAX) + 1;
        for (c, by) in [
            (c.columns(), [Dimension::Worker, Dimension::CostCode]),
            (c.columns(), [Dimension::CostCode, Dimension::Day]),
            (c.columns(), [Dimension::CostCode, Dimension::Project]),
            (c.columns(), [Dimension::Team, Dimension::Month]),
            (wide.columns(), [Dimension::Team, Dimension::Month]),
        ] {
            let got = aggregate(&c, &workers, &by, (first, first + 59)).unwrap();
            let mut expected: std::collections::BTreeMap<Vec<i64>, ([i64; 4], std::collections::BTreeSet<u32>)> = std::collections::BTreeMap::new();
            for row in 0..c.worker.len() {
                let key: Vec<i64> = by
                    .iter()
                    .map(|d| match d {
                        Dimension::Worker => i64::from(c.worker[row]),
                        Dimension::CostCode => i64::from(c.cost_code[row]),
                        Dimension::Project => i64::from(c.project[row]),
                        Dimension::Team => i64::from(workers.team[c.worker[row] as usize]),
                        Dimension::Month => period_of_day(Dimension::Month, c.day[row]),
                        _ => i64::from(c.day[row]),
                    })
                    .collect();
                let entry = expected.entry(key).or_default();
                entry.0[0] += 1;
                entry.0[1] += c.regular_centihours[row];
                entry.0[2] += c.overtime_centihours[row];
                entry.0[3] += c.amount_minor[row];
                entry.1.insert(c.worker[row]);
            }
            let expected: Vec<(Vec<i64>, [i64; 4], u64)> = expected.into_iter().map(|(k, (s, w))| (k, s, w.len() as u64)).collect();
            let got: Vec<(Vec<i64>, [i64; 4], u64)> = got
                .into_iter()
                .map(|g| {
                    // Days come back as day numbers; compare with the columns' own.
                    (g.key, [g.entries as i64, g.regular_centihours, g.overtime_centihours, g.amount_minor], g.headcount)
                })
                .collect();
            assert_eq!(got, expected, "{by:?}");
        }
        // A wide table (attributes carried by each row) groups as the worker table does.
        let per_row = |values: &[u32]| -> Vec<u32> { c.worker.iter().map(|w| values[*w as usize]).collect() };
        let (row_team, row_trade, row_employer) = (per_row(&team), per_row(&trade), per_row(&employer));
        let wide = WorkerAttributes { team: &row_team, trade: &row_trade, employer: &row_employer, others: &[], per: AttributesPer::Row };
        for by in [[Dimension::Team, Dimension::Month], [Dimension::Trade, Dimension::Worker], [Dimension::Employer, Dimension::CostCode]] {
            let days = (first, first + 59);
            assert_eq!(aggregate(&c.columns(), &wide, &by, days).unwrap(), aggregate(&c.columns(), &workers, &by, days).unwrap(), "{by:?}");
        }
        // A worker who changes team is counted in each team he worked in.
        let mut moved_team = row_team.clone();
        moved_team[0] = 39 - moved_team[0];
        let moved = WorkerAttributes { team: &moved_team, trade: &row_trade, employer: &row_employer, others: &[], per: AttributesPer::Row };
        let by_team = aggregate(&c.columns(), &moved, &[Dimension::Team], (first, first + 59)).unwrap();
        let mut expected: std::collections::BTreeMap<u32, std::collections::BTreeSet<u32>> = std::collections::BTreeMap::new();
        for (row, w) in c.worker.iter().enumerate() {
            expected.entry(moved_team[row]).or_default().insert(*w);
        }
        assert_eq!(by_team.iter().map(|g| (g.key[0] as u32, g.headcount)).collect::<Vec<_>>(), expected.iter().map(|(t, w)| (*t, w.len() as u64)).collect::<Vec<_>>());
        let short = WorkerAttributes { team: &team, trade: &trade, employer: &employer, others: &[], per: AttributesPer::Row };
        assert!(aggregate(&c.columns(), &short, &[Dimension::Team], (first, first + 59)).is_err());
        // Any further name column groups as the three named ones do: a site numbered like
        // the teams in reverse, and a column that changes within a worker's rows.
        let site: Vec<u32> = row_team.iter().map(|t| 39 - t).collect();
        for (base, others) in [(wide, [&site[..], &moved_team[..]]), (workers, [&trade[..], &team[..]])] {
            let named = WorkerAttributes { others: &others, ..base };
            let as_team = WorkerAttributes { team: others[1], ..named };
            let days = (first, first + 59);
            let by_column = aggregate_by(&c.columns(), &named, &[GroupBy::Column(1), GroupBy::Dimension(Dimension::Month)], days).unwrap();
            assert_eq!(by_column, aggregate(&c.columns(), &as_team, &[Dimension::Team, Dimension::Month], days).unwrap());
            let relabelled = aggregate_by(&c.columns(), &named, &[GroupBy::Column(0)], days).unwrap();
            assert_eq!(relabelled.iter().map(|g| g.entries).sum::<u64>(), aggregate(&c.columns(), &named, &[], days).unwrap()[0].entries);
            assert!(aggregate_by(&c.columns(), &named, &[GroupBy::Column(2)], days).is_err());
            let twice = aggregate_by(&c.columns(), &named, &[GroupBy::Column(0), GroupBy::Column(0)], days).unwrap_err().to_string();
            assert!(twice.contains("the name column at position 0 is named twice"), "{twice}");
        }
        let uneven = WorkerAttributes { others: &[&site[..3]], ..wide };
        assert!(aggregate_by(&c.columns(), &uneven, &[GroupBy::Column(0)], (first, first + 59)).is_err());
    }
}
