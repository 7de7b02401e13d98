//! Working time as numbers: a calendar's working days counted from an anchor day, so that the
//! passes of the critical path method add and compare working days with integer arithmetic.
//!
//! A time is a day number (days from the common era) read as the *start* of that day; a finish
//! is exclusive (an activity working through day k finishes at k + 1). `before(t)` counts the
//! working days between the anchor and `t` (negative before the anchor); `start_of(w)` is the
//! day number of working day `w` (0 = the first working day at or after the anchor). Both grow
//! their tables on demand, within a bound, so any offset costs one lookup.

use chrono::{Datelike, NaiveDate};

use crate::{Error, Result, WorkCalendar};

/// How far from the anchor a schedule may reach: 200 years either way.
pub const MAX_REACH_DAYS: i32 = 73_050;

/// Which days count.
#[derive(Clone, Copy)]
pub(crate) enum Days<'a> {
    /// A calendar's working days.
    Working(&'a WorkCalendar),
    /// Every day (24-hour, elapsed lags).
    Elapsed,
}

/// A calendar's working days, counted from an anchor day.
pub(crate) struct WorkIndex<'a> {
    days: Days<'a>,
    anchor: i32,
    /// `forward[i]`: working days in [anchor, anchor + i).
    forward: Vec<i64>,
    /// `backward[i]`: working days in [anchor − i, anchor).
    backward: Vec<i64>,
    /// Working days at or after the anchor, in order.
    ahead: Vec<i32>,
    /// Working days before the anchor, nearest first.
    behind: Vec<i32>,
}

pub(crate) fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

pub(crate) fn date_of(day: i32) -> Result<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day).ok_or_else(|| Error::DateOutOfRange { reason: format!("day {day} is outside the dates a schedule can hold") })
}

fn too_far(anchor: i32) -> Error {
    let start = date_of(anchor).map_or_else(|_| format!("day {anchor}"), |d| d.to_string());
    Error::DateOutOfRange { reason: format!("the schedule reaches more than {MAX_REACH_DAYS} days from its start {start} (a lag, a constraint or a chain of durations too long)") }
}

// Indexes and counts stay within MAX_REACH_DAYS of the anchor, checked before each step.
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
impl<'a> WorkIndex<'a> {
    pub(crate) fn new(days: Days<'a>, anchor: NaiveDate) -> WorkIndex<'a> {
        WorkIndex { days, anchor: day_number(anchor), forward: vec![0], backward: vec![0], ahead: Vec::new(), behind: Vec::new() }
    }

    fn works(&self, day: i32) -> Result<bool> {
        match self.days {
            Days::Elapsed => Ok(true),
            Days::Working(calendar) => calendar.is_working_day(date_of(day)?),
        }
    }

    fn grow_forward(&mut self) -> Result<()> {
        let next = self.forward.len() - 1;
        if next >= MAX_REACH_DAYS as usize {
            return Err(too_far(self.anchor));
        }
        let day = self.anchor + next as i32;
        let working = self.works(day)?;
        let last = self.forward[next];
        self.forward.push(last + i64::from(working));
        if working {
            self.ahead.push(day);
        }
        Ok(())
    }

    fn grow_backward(&mut self) -> Result<()> {
        let next = self.backward.len();
        if next > MAX_REACH_DAYS as usize {
            return Err(too_far(self.anchor));
        }
        let day = self.anchor - next as i32;
        let working = self.works(day)?;
        let last = self.backward[next - 1];
        self.backward.push(last + i64::from(working));
        if working {
            self.behind.push(day);
        }
        Ok(())
    }

    /// Working days from the anchor to the start of `day` (negative before the anchor).
    pub(crate) fn before(&mut self, day: i32) -> Result<i64> {
        let offset = i64::from(day) - i64::from(self.anchor);
        if offset.abs() > i64::from(MAX_REACH_DAYS) {
            return Err(too_far(self.anchor));
        }
        if offset >= 0 {
            let i = offset as usize;
            while self.forward.len() <= i {
                self.grow_forward()?;
            }
            Ok(self.forward[i])
        } else {
            let i = (-offset) as usize;
            while self.backward.len() <= i {
                self.grow_backward()?;
            }
            Ok(-self.backward[i])
        }
    }

    /// The day number of working day `w` (0: the first at or after the anchor; −1 the last
    /// before it).
    pub(crate) fn start_of(&mut self, w: i64) -> Result<i32> {
        if w >= 0 {
            let i = usize::try_from(w).map_err(|_| too_far(self.anchor))?;
            while self.ahead.len() <= i {
                self.grow_forward()?;
            }
            Ok(self.ahead[i])
        } else {
            let i = usize::try_from(-w - 1).map_err(|_| too_far(self.anchor))?;
            while self.behind.len() <= i {
                self.grow_backward()?;
            }
            Ok(self.behind[i])
        }
    }

    /// The earliest start at or after time `t`: its working-day index.
    pub(crate) fn earliest_start(&mut self, t: i32) -> Result<i64> {
        self.before(t)
    }

    /// The earliest finish (exclusive working-day index) at or after time `t`.
    pub(crate) fn earliest_finish(&mut self, t: i32) -> Result<i64> {
        Ok(self.before(t - 1)? + 1)
    }

    /// The latest start at or before time `t`.
    pub(crate) fn latest_start(&mut self, t: i32) -> Result<i64> {
        Ok(self.before(t + 1)? - 1)
    }

    /// The latest finish at or before time `t`.
    pub(crate) fn latest_finish(&mut self, t: i32) -> Result<i64> {
        self.before(t)
    }

    /// The time a start index stands for: the start of that working day.
    pub(crate) fn start_time(&mut self, s: i64) -> Result<i32> {
        self.start_of(s)
    }

    /// The time a finish index stands for: the end of the working day before it.
    pub(crate) fn finish_time(&mut self, f: i64) -> Result<i32> {
        Ok(self.start_of(f - 1)? + 1)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn working_days_count_from_the_anchor_both_ways() {
        let calendar = WorkCalendar::china(2025, 2025).unwrap();
        let day = |m, d| day_number(NaiveDate::from_ymd_opt(2025, m, d).unwrap());
        // Anchor Monday 27 January 2025, the eve of the Spring Festival break (28 Jan – 4 Feb).
        let mut index = WorkIndex::new(Days::Working(&calendar), NaiveDate::from_ymd_opt(2025, 1, 27).unwrap());
        assert_eq!(index.start_of(0).unwrap(), day(1, 27));
        assert_eq!(index.start_of(1).unwrap(), day(2, 5)); // the first working day after the break
        assert_eq!(index.start_of(-1).unwrap(), day(1, 26)); // Sunday 26 January is a make-up working day
        assert_eq!(index.before(day(2, 5)).unwrap(), 1);
        assert_eq!(index.before(day(1, 26)).unwrap(), -1);
        // An activity of 2 working days starting on 27 January finishes at the end of 5 February.
        let s = index.earliest_start(day(1, 27)).unwrap();
        assert_eq!(index.finish_time(s + 2).unwrap(), day(2, 6));
        assert_eq!(index.latest_finish(day(2, 6)).unwrap(), s + 2);
        assert_eq!(index.earliest_finish(day(2, 1)).unwrap(), 2); // the first working-day end after 1 Feb
        assert_eq!(index.latest_start(day(2, 1)).unwrap(), 0); // the last start on or before it: 27 Jan
    }

    #[test]
    fn a_reach_beyond_the_bound_is_refused() {
        let mut index = WorkIndex::new(Days::Elapsed, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        assert_eq!(index.start_of(10).unwrap() - index.start_of(0).unwrap(), 10);
        assert!(index.start_of(i64::from(MAX_REACH_DAYS) + 5).is_err());
        assert!(index.before(day_number(NaiveDate::from_ymd_opt(2400, 1, 1).unwrap())).is_err());
    }
}
