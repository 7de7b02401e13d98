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
//!
//! Where to start: a [`Journal`] takes [`Event`]s (made by an [`EventSource`]; their
//! [`Payload`]s are the domains' events: [`lifecycle::LifecycleEvent`], [`cost::CostEvent`],
//! [`labour::LabourEvent`]) and folds them into a [`Portfolio`]: its [`Project`]s, each one's
//! [`cost::CostCentre`], and the [`labour::DayWork`] register. Every failure is an [`Error`].
//!
//! The rest of this page is the project's README: its two commands, what works, and the
//! quick starts in Rust (run as a doctest), Python and Kotlin.
//!
#![doc = include_str!("../../README.md")]

// Every module takes outside input (payloads, exports, columns): no operator that can
// overflow and no index that can miss, unless an `#[allow]` says why it cannot (issue 11).
#![deny(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
#![warn(missing_docs)]

// The layers, bottom up (tests/architecture.rs checks that no module imports one above it).
// Kernel: the values every layer uses.
// Every state type implements the snapshot's encoding beside its definition; only the store
// (feature `store`) writes and reads it, so without the store its reader and writer go unused.
#[cfg_attr(not(feature = "store"), allow(dead_code))]
mod persist;
pub mod error;
mod text;
mod collections;
pub mod ids;
pub mod decimal;
mod timestamp;
pub mod wire;
pub mod money;
pub mod calendar;
pub mod period;
pub mod scope;
// Pure maths over money figures.
pub mod evm;
// Domains, each a folder: its events, state, `apply` and queries; rules in leaf files.
pub mod lifecycle;
pub mod cost;
pub mod labour;
pub mod funds;
pub mod schedule;
pub mod governance;
// Events of every domain, the fold over them, and the journal that keeps them.
pub mod event;
pub mod portfolio;
pub mod journal;
// The journal on disk, behind a feature: no domain depends on it.
#[cfg(feature = "store")]
pub mod store;

pub use calendar::{DayKind, Holiday, HolidayNotice, WorkCalendar};
pub use error::{Breach, Error, ErrorKind, GateFailure, Problem, ProblemCode};
pub use event::{Event, EventSource, Payload};
pub use ids::{ActorId, CostCode, DocumentId, EntryId, EventId, ProjectId, ReplicaId, WorkerId};
pub use journal::{Appended, Changes, Entry, Hash, Journal, MergeReport};
pub use lifecycle::{Action, Gate, Project, Status, Workflow};
pub use money::{allocate, split_evenly, Currency, Money, RoundingStrategy};
pub use period::{Period, PeriodKind};
pub use portfolio::{Conflict, DroppedItem, Portfolio, Settlement};
pub use rust_decimal::Decimal;

/// Old module paths, kept for one release.
#[deprecated(note = "the cost centre lives in `projectledger::cost`")]
pub mod budget {
    pub use crate::cost::*;
}

/// Old module paths, kept for one release.
#[deprecated(note = "the day-work register lives in `projectledger::labour`")]
pub mod daywork {
    pub use crate::labour::*;
}

/// Old module paths, kept for one release.
#[deprecated(note = "work packages live in `projectledger::cost::work_package`")]
pub mod progress {
    pub use crate::cost::work_package::*;
}

/// Old module paths, kept for one release.
#[deprecated(note = "`Project` lives in `projectledger::lifecycle`, `Portfolio` and `Conflict` in `projectledger::portfolio`")]
pub mod project {
    pub use crate::lifecycle::{PhaseCount, PhaseDuration, Project};
    pub use crate::portfolio::{Conflict, Portfolio};
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
