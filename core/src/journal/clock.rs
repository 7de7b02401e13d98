//! A replica's clock, hybrid-logical: the time for a new event is the wall clock, but never
//! at or before the newest event held (which may come from a device whose clock runs a
//! little ahead) — the logical step is one microsecond. An event stamped further ahead of
//! the replica's clock than a bound is refused, so one wrong clock cannot drag every replica's
//! time forward (and make every later append fold the journal again).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::event::Event;
use crate::{Error, Result};

/// How far ahead of this replica's clock an event may be stamped, unless set otherwise.
pub const DEFAULT_MAX_CLOCK_AHEAD: std::time::Duration = std::time::Duration::from_secs(10 * 60);

type Wall = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

#[derive(Clone)]
pub(super) struct Clock {
    /// The wall clock (the system's unless a test or replay sets one).
    wall: Option<Wall>,
    max_ahead: std::time::Duration,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock { wall: None, max_ahead: DEFAULT_MAX_CLOCK_AHEAD }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clock").field("system", &self.wall.is_none()).field("max_ahead", &self.max_ahead).finish()
    }
}

impl Clock {
    pub(super) fn wall(&self) -> DateTime<Utc> {
        self.wall.as_ref().map_or_else(|| DateTime::<Utc>::from(std::time::SystemTime::now()), |wall| wall())
    }

    /// The next time after `newest` (the newest event held): the wall clock, or one
    /// microsecond after `newest` when the wall clock is not past it.
    pub(super) fn next_after(&self, newest: Option<DateTime<Utc>>) -> DateTime<Utc> {
        let wall = self.wall();
        match newest.and_then(|newest| newest.checked_add_signed(Duration::microseconds(1))) {
            Some(floor) if floor > wall => floor,
            _ => wall,
        }
    }

    /// Refuses an event stamped more than the bound ahead of this replica's clock: the wall
    /// clock, or the newest event held when that is later (so a wall clock that stepped back
    /// does not refuse the replica's own events).
    pub(super) fn check(&self, event: &Event, newest: Option<DateTime<Utc>>) -> Result<()> {
        let clock = self.wall().max(newest.unwrap_or(DateTime::<Utc>::MIN_UTC));
        let limit = Duration::from_std(self.max_ahead).ok().and_then(|ahead| clock.checked_add_signed(ahead)).unwrap_or(DateTime::<Utc>::MAX_UTC);
        if event.recorded_at > limit {
            return Err(Error::ClockAhead { event_id: event.id.to_string(), recorded_at: event.recorded_at, clock, max_ahead_seconds: self.max_ahead.as_secs() });
        }
        Ok(())
    }
}

impl super::Journal {
    /// The time to stamp this replica's next event with: its clock's time, but after every
    /// event it holds (a hybrid logical clock), so a new event is never folded before one
    /// already held — even when the wall clock stepped back or another device's runs a little
    /// ahead. [`crate::Journal::event_source`] stamps with it.
    ///
    /// ```
    /// use projectledger::{Currency, Journal, ProjectId, WorkCalendar};
    /// use projectledger::lifecycle::LifecycleEvent;
    /// # fn main() -> Result<(), projectledger::Error> {
    /// let wall: chrono::DateTime<chrono::Utc> = "2025-03-03T08:00:00Z".parse().unwrap();
    /// let mut office = Journal::new().with_clock(move || wall);
    /// // A phone whose clock runs five minutes fast: accepted (within the 10-minute bound)…
    /// let mut phone = Journal::new().event_source("phone")?.with_clock(move || wall + chrono::Duration::minutes(5));
    /// let created = LifecycleEvent::project_created(&ProjectId::try_new("P1")?, "Depot", "D-1", Currency::CNY, WorkCalendar::standard("Mon-Fri")?);
    /// office.append(phone.event("pm", created)?)?;
    /// // …and the office's next event is stamped after it, so it folds last, with no re-fold.
    /// assert!(office.now() > wall + chrono::Duration::minutes(5));
    /// let mut far = Journal::new().event_source("bad")?.with_clock(move || wall + chrono::Duration::days(400));
    /// let renamed = projectledger::Payload::from_json(r#"{"type":"project_settings_changed","data":{"project_id":"P1","name":"x"}}"#)?;
    /// assert_eq!(office.append(far.event("pm", renamed)?).unwrap_err().kind(), "ClockAhead");
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.next_after(self.newest_time())
    }

    /// The same journal, its clock read from `wall` (tests, replays, a device's trusted time).
    #[must_use]
    pub fn with_clock(mut self, wall: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        self.clock.wall = Some(Arc::new(wall));
        self
    }

    /// Sets how far ahead of this replica's clock an appended or merged event may be stamped
    /// ([`DEFAULT_MAX_CLOCK_AHEAD`] unless set); one further ahead is refused with
    /// [`Error::ClockAhead`]. Loading an export or a store is not checked: that is history.
    pub fn set_max_clock_ahead(&mut self, max_ahead: std::time::Duration) {
        self.clock.max_ahead = max_ahead;
    }

    /// How far ahead of this replica's clock an event may be stamped.
    #[must_use]
    pub fn max_clock_ahead(&self) -> std::time::Duration {
        self.clock.max_ahead
    }

    pub(super) fn newest_time(&self) -> Option<DateTime<Utc>> {
        self.latest.and_then(|at| self.entries.get(at)).map(|e| e.event.recorded_at)
    }
}
