//! The passes of the day-work aggregation (see `aggregate::group`): a radix-partitioned
//! pass into a dense table with a headcount bitmap, and a map for key spaces too large.

use std::collections::HashMap;

use super::aggregate::LabourColumns;
use crate::{Error, Result};

/// A group as the passes produce it: key, sums (entries, regular, overtime, amount), headcount.
pub(super) type Group = (u64, [i64; 4], u64);

/// Headcount identities up to this many bits (16 MiB) are kept in a bitmap.
pub(super) const BITMAP_BITS: u64 = 1 << 27;
/// Key spaces up to this size are aggregated into a dense table.
pub(super) const DENSE_KEYS: u64 = 1 << 21;
const PARTITION_BITS: u32 = 8;
const CHUNK_ROWS: usize = 1 << 20;

// `row` is below the columns' common length (see `group`).
#[allow(clippy::indexing_slicing)]
fn add_row(sums: &mut [i64; 4], columns: &LabourColumns<'_>, row: usize) -> Result<()> {
    add_values(sums, [columns.regular_centihours[row], columns.overtime_centihours[row], columns.amount_minor[row]])
}

#[inline]
fn add_values(sums: &mut [i64; 4], values: [i64; 3]) -> Result<()> {
    let [count, figures @ ..] = sums;
    // One more row than the rows read so far: below 2⁶³.
    *count = count.saturating_add(1);
    for (sum, value) in figures.iter_mut().zip(values) {
        *sum = sum.checked_add(value).ok_or_else(|| Error::overflow("labour aggregation"))?;
    }
    Ok(())
}

/// A row as the partitioned pass moves it: 24 bytes. Hours of one entry fit an i32 of
/// centihours; a column holding one that does not goes through the map instead.
#[derive(Clone, Copy, Default)]
struct Moved {
    amount: i64,
    /// The key, and in the top bit whether the row's headcount identity is new.
    key_and_first: u32,
    regular: i32,
    overtime: i32,
}

const FIRST_OF_WORKER: u32 = 1 << 31;

/// Radix-partitioned aggregation into a dense table, a chunk of rows at a time: pass one
/// computes each row's key (marking the rows whose headcount identity the bitmap has not
/// seen) and counts the rows of each bucket (the key's top bits); pass two moves the rows'
/// figures into their buckets; pass three adds each bucket into its slice of the table,
/// which stays in cache. None when an entry's hours do not fit the narrow row.
// Keys below `space` (≤ 2²¹) and identities below `identities` (≤ 2²⁷) size every table
// here; bucket counts never pass the rows of a chunk (see `group` for the rest).
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
pub(super) fn aggregate_dense(
    columns: &LabourColumns<'_>,
    space: u64,
    identities: u64,
    locate: impl Fn(usize) -> (u32, u64),
    in_range: impl Fn(usize) -> bool,
) -> Result<Option<Vec<Group>>> {
    let space_bits = 64 - (space.max(2) - 1).leading_zeros();
    let shift = space_bits.saturating_sub(PARTITION_BITS);
    let buckets = 1usize << space_bits.min(PARTITION_BITS);
    let mut sums = vec![[0i64; 4]; usize::try_from(space).unwrap_or(0)];
    let mut heads = vec![0u64; sums.len()];
    let mut seen = vec![0u64; usize::try_from(identities.div_ceil(64)).unwrap_or(0)];
    let n = columns.worker.len();
    let chunk = CHUNK_ROWS.min(n.max(1));
    let mut keys: Vec<u32> = Vec::with_capacity(chunk);
    let mut moved: Vec<Moved> = vec![Moved::default(); chunk];
    let narrow = |v: i64| i32::try_from(v).ok();
    for start in (0..n).step_by(chunk) {
        let end = (start + chunk).min(n);
        keys.clear();
        let mut counts = vec![0usize; buckets + 1];
        for row in start..end {
            if !in_range(row) {
                keys.push(u32::MAX);
                continue;
            }
            let (key, identity) = locate(row);
            counts[(key >> shift) as usize + 1] += 1;
            let word = &mut seen[(identity / 64) as usize];
            let mask = 1u64 << (identity % 64);
            let first = if *word & mask == 0 { FIRST_OF_WORKER } else { 0 };
            *word |= mask;
            keys.push(key | first);
        }
        for b in 0..buckets {
            counts[b + 1] += counts[b];
        }
        let used = counts[buckets];
        for (row, key) in (start..end).zip(&keys) {
            if *key == u32::MAX {
                continue;
            }
            let (Some(regular), Some(overtime)) = (narrow(columns.regular_centihours[row]), narrow(columns.overtime_centihours[row])) else {
                return Ok(None);
            };
            let bucket = ((key & !FIRST_OF_WORKER) >> shift) as usize;
            moved[counts[bucket]] = Moved { amount: columns.amount_minor[row], key_and_first: *key, regular, overtime };
            counts[bucket] += 1;
        }
        for row in &moved[..used] {
            let key = (row.key_and_first & !FIRST_OF_WORKER) as usize;
            add_values(&mut sums[key], [i64::from(row.regular), i64::from(row.overtime), row.amount])?;
            heads[key] += u64::from(row.key_and_first >> 31);
        }
    }
    Ok(Some(sums.into_iter().zip(heads).enumerate().filter(|(_, (s, _))| s[0] > 0).map(|(key, (s, h))| (key as u64, s, h)).collect()))
}

/// Aggregation through a map, for key spaces too large for a table; groups come out by key.
// `row` is below the columns' length; a headcount never passes the rows read.
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
pub(super) fn aggregate_sparse(columns: &LabourColumns<'_>, key_of: impl Fn(usize) -> u64, in_range: impl Fn(usize) -> bool) -> Result<Vec<Group>> {
    let mut groups: HashMap<u64, ([i64; 4], u64)> = HashMap::new();
    let mut seen: std::collections::HashSet<(u64, u32)> = std::collections::HashSet::new();
    for row in (0..columns.worker.len()).filter(|r| in_range(*r)) {
        let key = key_of(row);
        let group = groups.entry(key).or_insert(([0; 4], 0));
        add_row(&mut group.0, columns, row)?;
        if seen.insert((key, columns.worker[row])) {
            group.1 += 1;
        }
    }
    let mut out: Vec<Group> = groups.into_iter().map(|(key, (s, h))| (key, s, h)).collect();
    out.sort_unstable_by_key(|g| g.0);
    Ok(out)
}
