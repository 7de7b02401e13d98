//! The state a journal folds into: projects and the conflicts met while folding.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::journal::{Event, Payload};
use crate::{ActorId, Currency, Error, EventId, ProjectId, Result, WorkCalendar};

/// A project's settings as of the last event applied to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    pub code: String,
    /// Fixed at creation: every amount of the project is in this currency.
    pub currency: Currency,
    pub calendar: WorkCalendar,
    pub created_at: DateTime<Utc>,
    pub created_by: ActorId,
    pub updated_at: DateTime<Utc>,
}

/// An event that broke a rule only once journals were merged (two devices, each valid on
/// its own). It stays in the journal and is reported here instead of being dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub event_id: EventId,
    pub error: Error,
}

/// All projects of a journal, and the conflicts found while folding it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Portfolio {
    projects: BTreeMap<ProjectId, Project>,
    codes: BTreeMap<String, ProjectId>,
    conflicts: Vec<Conflict>,
}

impl Portfolio {
    /// Folds events (already in canonical order); events that break a rule become conflicts.
    pub(crate) fn fold<'a>(events: impl IntoIterator<Item = &'a Event>) -> Portfolio {
        let mut portfolio = Portfolio::default();
        for event in events {
            if let Err(error) = portfolio.apply(event) {
                portfolio.conflicts.push(Conflict { event_id: event.id.clone(), error });
            }
        }
        portfolio
    }

    /// Applies one event: checks every rule first, then changes the state, so a refused
    /// event leaves it as it was.
    pub(crate) fn apply(&mut self, event: &Event) -> Result<()> {
        match &event.payload {
            Payload::ProjectCreated { project_id, name, code, currency, calendar } => {
                if self.projects.contains_key(project_id) {
                    return Err(Error::ProjectAlreadyExists { project_id: project_id.to_string() });
                }
                check_name(name)?;
                self.check_code(code, project_id)?;
                self.codes.insert(code.clone(), project_id.clone());
                self.projects.insert(
                    project_id.clone(),
                    Project {
                        id: project_id.clone(),
                        name: name.clone(),
                        code: code.clone(),
                        currency: *currency,
                        calendar: (**calendar).clone(),
                        created_at: event.recorded_at,
                        created_by: event.actor.clone(),
                        updated_at: event.recorded_at,
                    },
                );
            }
            Payload::ProjectSettingsChanged { project_id, name, code, calendar } => {
                if !self.projects.contains_key(project_id) {
                    return Err(Error::UnknownProject { project_id: project_id.to_string() });
                }
                if name.is_none() && code.is_none() && calendar.is_none() {
                    return Err(Error::invalid_field("settings", "the change names no setting to change"));
                }
                if let Some(name) = name {
                    check_name(name)?;
                }
                if let Some(code) = code {
                    self.check_code(code, project_id)?;
                }
                let Some(project) = self.projects.get_mut(project_id) else {
                    return Err(Error::UnknownProject { project_id: project_id.to_string() });
                };
                if let Some(code) = code {
                    self.codes.remove(&project.code);
                    self.codes.insert(code.clone(), project_id.clone());
                    project.code.clone_from(code);
                }
                if let Some(name) = name {
                    project.name.clone_from(name);
                }
                if let Some(calendar) = calendar {
                    project.calendar = (**calendar).clone();
                }
                project.updated_at = event.recorded_at;
            }
        }
        Ok(())
    }

    fn check_code(&self, code: &str, project_id: &ProjectId) -> Result<()> {
        if code.trim().is_empty() || code.chars().any(char::is_control) {
            return Err(Error::invalid_field("project code", format!("{code:?} must be non-empty text without control characters")));
        }
        match self.codes.get(code) {
            Some(existing) if existing != project_id => {
                Err(Error::DuplicateProjectCode { code: code.to_owned(), existing_project_id: existing.to_string() })
            }
            _ => Ok(()),
        }
    }

    /// One project by id.
    #[must_use]
    pub fn project(&self, id: &ProjectId) -> Option<&Project> {
        self.projects.get(id)
    }

    /// Every project, ordered by id.
    pub fn projects(&self) -> impl Iterator<Item = &Project> {
        self.projects.values()
    }

    /// Events that broke a rule after a merge, in fold order.
    #[must_use]
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }
}

fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.chars().any(char::is_control) {
        return Err(Error::invalid_field("project name", format!("{name:?} must be non-empty text without control characters")));
    }
    Ok(())
}
