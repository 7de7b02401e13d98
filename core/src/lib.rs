//! projectledger — an exact, embeddable domain core for engineering project control.
//!
//! Money is [`Money`] (a [`rust_decimal::Decimal`] with a [`Currency`]), never a float.
//! Rounding happens at named points with a named [`RoundingStrategy`]; [`allocate`] splits an
//! amount by weights so that the shares always sum to the total. [`WorkCalendar`] knows
//! working days, rest days and statutory holidays (调休 included). A [`Journal`] keeps every
//! change as a hash-chained event; the [`Portfolio`] state is the fold of those events.
//!
//! ```
//! use projectledger::{allocate, Currency, Money};
//! # fn main() -> Result<(), projectledger::Error> {
//! let total = Money::parse("CNY 10.00")?;
//! let shares = allocate(&total, &[1.into(), 1.into(), 1.into()])?;
//! let shown: Vec<String> = shares.iter().map(ToString::to_string).collect();
//! assert_eq!(shown, ["CNY 3.34", "CNY 3.33", "CNY 3.33"]);
//! # Ok(()) }
//! ```

pub mod budget;
pub mod calendar;
pub mod cost;
pub mod daywork;
pub mod decimal;
pub mod error;
pub mod evm;
pub mod ids;
pub mod journal;
pub mod labour;
pub mod lifecycle;
pub mod money;
pub mod period;
pub mod progress;
pub mod project;
mod timestamp;

pub use calendar::{DayKind, Holiday, HolidayNotice, WorkCalendar};
pub use error::Error;
pub use ids::{ActorId, EventId, ProjectId};
pub use journal::{Entry, Event, Hash, Journal, MergeReport, Payload};
pub use lifecycle::{Action, Gate, Status, Workflow};
pub use money::{allocate, split_evenly, Currency, Money, RoundingStrategy};
pub use period::{Period, PeriodKind};
pub use project::{Conflict, Portfolio, Project};
pub use rust_decimal::Decimal;

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
