//! What a domain is told when it applies an event: where the change comes from (`Origin`) and
//! the little it needs to know of the project ([`ProjectScope`]) — never the whole project.

use chrono::{DateTime, Utc};

use crate::{ActorId, Currency, Error, EventId, ProjectId, Result, WorkCalendar};

/// The event a change comes from: its id, who recorded it and when.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The event being applied.
    pub event_id: &'a EventId,
    /// Who recorded it.
    pub actor: &'a ActorId,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

/// A project as the domains see it: its id, currency (every amount of the project is in it)
/// and calendar.
#[derive(Debug, Clone, Copy)]
pub struct ProjectScope<'a> {
    /// The project's id.
    pub id: &'a ProjectId,
    /// The project's currency.
    pub currency: Currency,
    /// The project's calendar.
    pub calendar: &'a WorkCalendar,
}

/// Looks projects up by id, for a domain whose rules span projects (a worker's day).
pub(crate) trait ProjectScopes {
    /// The project's scope, or [`Error::UnknownProject`].
    fn scope(&self, id: &ProjectId) -> Result<ProjectScope<'_>>;
}

/// The error for a project id no lookup knows.
pub(crate) fn unknown_project(id: &ProjectId) -> Error {
    Error::UnknownProject { project_id: id.to_string() }
}
