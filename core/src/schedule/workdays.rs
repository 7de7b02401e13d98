//! Working time as numbers: a calendar's working minutes counted from an anchor day, so that
//! the passes of the critical path method add and compare working time with integer arithmetic.
//!
//! A time is a minute from the start of the common era (`day × 1440 + clock minute`). A
//! working day's minutes run from its start (08:00, or earlier for days over 16 hours) for the
//! calendar's hours, without a break. A finish is exclusive: work through the minute starting
//! 15:59 finishes at 16:00. `before(t)` counts the working minutes between the anchor and `t`
//! (negative before it); `start_of(w)` is the time of working minute `w` (0 = the first at or
//! after the anchor). The day tables grow on demand, within a bound, so any offset costs one
//! lookup.

use chrono::{Datelike, NaiveDate, NaiveTime};

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

/// Minutes in a day.
pub(crate) const DAY: i64 = 1440;

/// A calendar's working days and minutes, counted from an anchor day.
pub(crate) struct WorkIndex<'a> {
    days: Days<'a>,
    anchor: i32,
    /// Working minutes in a working day.
    per_day: i64,
    /// The clock minute a working day starts at.
    day_start: i64,
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

/// The time at the start (midnight) of a day.
pub(crate) fn midnight(day: i32) -> i64 {
    i64::from(day).saturating_mul(DAY)
}

/// The date a time falls on.
pub(crate) fn date_at(t: i64) -> Result<NaiveDate> {
    date_of(i32::try_from(t.div_euclid(DAY)).map_err(|_| Error::DateOutOfRange { reason: format!("minute {t} is outside the dates a schedule can hold") })?)
}

/// The clock time of a time.
pub(crate) fn clock_at(t: i64) -> NaiveTime {
    let minute = u32::try_from(t.rem_euclid(DAY)).unwrap_or(0);
    NaiveTime::from_num_seconds_from_midnight_opt(minute.saturating_mul(60), 0).unwrap_or(NaiveTime::MIN)
}

/// Working minutes in a calendar's day: its hours per day, to the nearest minute.
pub(crate) fn minutes_per_day(calendar: &WorkCalendar) -> i64 {
    let minutes = calendar.hours_per_day().checked_mul(rust_decimal::Decimal::from(60)).unwrap_or_default().round();
    i64::try_from(minutes).unwrap_or(DAY).clamp(1, DAY)
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
        let per_day = match days {
            Days::Working(calendar) => minutes_per_day(calendar),
            Days::Elapsed => DAY,
        };
        // An 8-hour day runs 08:00–16:00; a longer one starts early enough to end by midnight.
        let day_start = (DAY - per_day).min(8 * 60);
        WorkIndex { days, anchor: day_number(anchor), per_day, day_start, forward: vec![0], backward: vec![0], ahead: Vec::new(), behind: Vec::new() }
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

    /// Working minutes in one of this calendar's working days.
    pub(crate) fn per_day(&self) -> i64 {
        self.per_day
    }

    /// Working days from the anchor to the start of `day` (negative before the anchor).
    pub(crate) fn days_before(&mut self, day: i32) -> Result<i64> {
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
    pub(crate) fn day_of(&mut self, w: i64) -> Result<i32> {
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

    fn day_number_at(&self, t: i64) -> Result<i32> {
        i32::try_from(t.div_euclid(DAY)).map_err(|_| too_far(self.anchor))
    }

    /// Working minutes from the anchor to time `t` (negative before the anchor).
    pub(crate) fn before(&mut self, t: i64) -> Result<i64> {
        let day = self.day_number_at(t)?;
        let within = t.rem_euclid(DAY) - self.day_start;
        // Before the day's work or after it, one lookup; within it, whether the day works.
        if within <= 0 {
            return Ok(self.days_before(day)? * self.per_day);
        }
        let after = self.days_before(day.saturating_add(1))?;
        if within >= self.per_day {
            return Ok(after * self.per_day);
        }
        let days = self.days_before(day)?;
        Ok(days * self.per_day + if after > days { within } else { 0 })
    }

    /// The time working minute `w` starts at (0: the first at or after the anchor).
    pub(crate) fn start_of(&mut self, w: i64) -> Result<i64> {
        let day = self.day_of(w.div_euclid(self.per_day))?;
        Ok(midnight(day) + self.day_start + w.rem_euclid(self.per_day))
    }

    /// The first working minute of the first working day on or after `day`.
    pub(crate) fn start_on_or_after(&mut self, day: i32) -> Result<i64> {
        Ok(self.days_before(day)? * self.per_day)
    }

    /// The first working minute of the last working day on or before `day`.
    pub(crate) fn start_on_or_before(&mut self, day: i32) -> Result<i64> {
        Ok((self.days_before(day.saturating_add(1))? - 1) * self.per_day)
    }

    /// The finish (exclusive index) at the end of the first working day on or after `day`.
    pub(crate) fn finish_on_or_after(&mut self, day: i32) -> Result<i64> {
        Ok((self.days_before(day)? + 1) * self.per_day)
    }

    /// The finish at the end of the last working day on or before `day`.
    pub(crate) fn finish_on_or_before(&mut self, day: i32) -> Result<i64> {
        Ok(self.days_before(day.saturating_add(1))? * self.per_day)
    }

    /// The time a day's work starts (whether or not the calendar works that day).
    pub(crate) fn day_starts(&self, day: i32) -> i64 {
        midnight(day) + self.day_start
    }

    /// The time a day's work ends.
    pub(crate) fn day_ends(&self, day: i32) -> i64 {
        midnight(day) + self.day_start + self.per_day
    }

    /// The earliest start at or after time `t`: its working-minute index.
    pub(crate) fn earliest_start(&mut self, t: i64) -> Result<i64> {
        self.before(t)
    }

    /// The earliest finish (exclusive working-day index) at or after time `t`.
    pub(crate) fn earliest_finish(&mut self, t: i64) -> Result<i64> {
        Ok(self.before(t - 1)? + 1)
    }

    /// The latest start at or before time `t`.
    pub(crate) fn latest_start(&mut self, t: i64) -> Result<i64> {
        Ok(self.before(t + 1)? - 1)
    }

    /// The latest finish at or before time `t`.
    pub(crate) fn latest_finish(&mut self, t: i64) -> Result<i64> {
        self.before(t)
    }

    /// The time a start index stands for: the start of that working minute.
    pub(crate) fn start_time(&mut self, s: i64) -> Result<i64> {
        self.start_of(s)
    }

    /// The time a finish index stands for: the end of the working minute before it.
    pub(crate) fn finish_time(&mut self, f: i64) -> Result<i64> {
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
        assert_eq!(index.day_of(0).unwrap(), day(1, 27));
        assert_eq!(index.day_of(1).unwrap(), day(2, 5)); // the first working day after the break
        assert_eq!(index.day_of(-1).unwrap(), day(1, 26)); // Sunday 26 January is a make-up working day
        assert_eq!(index.days_before(day(2, 5)).unwrap(), 1);
        assert_eq!(index.days_before(day(1, 26)).unwrap(), -1);
        // An activity of 2 working days (960 minutes) starting on 27 January finishes at 16:00 on 5 February.
        let s = index.earliest_start(midnight(day(1, 27))).unwrap();
        assert_eq!(index.start_time(s).unwrap(), midnight(day(1, 27)) + 480);
        assert_eq!(index.finish_time(s + 960).unwrap(), midnight(day(2, 5)) + 960);
        assert_eq!(index.latest_finish(midnight(day(2, 6))).unwrap(), s + 960);
        assert_eq!(index.finish_on_or_after(day(2, 1)).unwrap(), 960); // the first working-day end after 1 Feb
        assert_eq!(index.start_on_or_before(day(2, 1)).unwrap(), 0); // the last day's start on or before it: 27 Jan
    }

    #[test]
    fn hours_fall_within_the_working_day() {
        let calendar = WorkCalendar::china(2025, 2025).unwrap();
        let day = |m, d| day_number(NaiveDate::from_ymd_opt(2025, m, d).unwrap());
        let mut index = WorkIndex::new(Days::Working(&calendar), NaiveDate::from_ymd_opt(2025, 1, 27).unwrap());
        // Six hours from 14:00 on 27 January: two hours that day, four after the break (08:00–12:00 on 5 February).
        let s = index.earliest_start(midnight(day(1, 27)) + 14 * 60).unwrap();
        assert_eq!(s, 360);
        assert_eq!(index.finish_time(s + 360).unwrap(), midnight(day(2, 5)) + 12 * 60);
        // Before the working day it counts nothing of it; after it, all of it.
        assert_eq!(index.before(midnight(day(1, 27)) + 7 * 60).unwrap(), 0);
        assert_eq!(index.before(midnight(day(1, 27)) + 20 * 60).unwrap(), 480);
        assert_eq!(index.before(midnight(day(1, 28)) + 10 * 60).unwrap(), 480); // a holiday
        // A 24-hour calendar starts at midnight.
        let mut elapsed = WorkIndex::new(Days::Elapsed, NaiveDate::from_ymd_opt(2025, 1, 27).unwrap());
        assert_eq!(elapsed.start_time(90).unwrap(), midnight(day(1, 27)) + 90);
        assert_eq!(clock_at(midnight(day(1, 27)) + 14 * 60 + 30).to_string(), "14:30:00");
    }

    #[test]
    fn a_reach_beyond_the_bound_is_refused() {
        let mut index = WorkIndex::new(Days::Elapsed, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        assert_eq!(index.day_of(10).unwrap() - index.day_of(0).unwrap(), 10);
        assert!(index.day_of(i64::from(MAX_REACH_DAYS) + 5).is_err());
        assert!(index.before(midnight(day_number(NaiveDate::from_ymd_opt(2400, 1, 1).unwrap()))).is_err());
        assert!(index.before(i64::MAX).is_err());
    }
}
