//! Security and compliance reviews (安全合规评审): the items of a workflow's review gates,
//! each passed by a holder of its reviewer role with an evidence reference, or exempted by
//! an approval someone other than the requester gives. A transition through a review gate
//! reads them here ([`GateFacts`]) and lists every unmet item.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Governance, GovernanceEvent};
use crate::lifecycle::{GateFacts, ItemState, ReviewItem, Workflow};
use crate::scope::Origin;
use crate::text::check_text;
use crate::{ActorId, Error, EventId, ProjectId, Result};

/// Who did something to a review item, when, and with what note or evidence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ReviewMark {
    /// The event.
    pub event_id: EventId,
    /// Who.
    pub by: ActorId,
    /// When.
    #[serde(serialize_with = "crate::wire::instant")]
    pub at: DateTime<Utc>,
    /// The evidence reference, the reason or the note.
    pub text: String,
}
crate::persist::persist_struct!(ReviewMark { event_id, by, at, text });

/// One item's record: passed, or an exemption asked for and decided.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ItemRecord {
    /// Passed by a reviewer, with the evidence.
    pub passed: Option<ReviewMark>,
    /// The exemption asked for, with the reason.
    pub exemption_requested: Option<ReviewMark>,
    /// The decision on it, and whether it was approved.
    pub exemption_decided: Option<(ReviewMark, bool)>,
}
crate::persist::persist_struct!(ItemRecord { passed, exemption_requested, exemption_decided });

impl ItemRecord {
    /// Where the item stands.
    #[must_use]
    pub fn state(&self) -> ItemState {
        match (&self.passed, &self.exemption_requested, &self.exemption_decided) {
            (Some(mark), _, _) => ItemState::Passed { by: mark.by.to_string(), evidence: mark.text.clone() },
            (None, _, Some((mark, true))) => ItemState::Exempted { by: mark.by.to_string() },
            (None, _, Some((_, false))) => ItemState::ExemptionRefused,
            (None, Some(_), None) => ItemState::ExemptionRequested,
            (None, None, None) => ItemState::Open,
        }
    }
}

/// One project's review records, by (review, item).
pub type ReviewBook = BTreeMap<(String, String), ItemRecord>;

/// What a review event needs of the project: its workflow (the checklists) and the roles the
/// actor holds on it.
pub(crate) struct ReviewContext<'a> {
    pub workflow: &'a Workflow,
    pub actor_roles: Option<&'a std::collections::BTreeSet<String>>,
}

/// A review item as the status lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewItemRow {
    /// The project.
    pub project_id: ProjectId,
    /// The review.
    pub review: String,
    /// The item.
    pub item: String,
    /// The role that passes it.
    pub role: String,
    /// open, passed, exemption_requested, exempted, exemption_refused.
    pub state: String,
    /// Who passed or exempted it.
    pub by: Option<String>,
    /// The evidence, or the exemption's reason.
    pub evidence: String,
}

fn state_name(state: &ItemState) -> &'static str {
    match state {
        ItemState::Open => "open",
        ItemState::Passed { .. } => "passed",
        ItemState::ExemptionRequested => "exemption_requested",
        ItemState::Exempted { .. } => "exempted",
        ItemState::ExemptionRefused => "exemption_refused",
    }
}

impl GateFacts for Governance {
    fn review_item(&self, project_id: &ProjectId, review: &str, item: &str) -> ItemState {
        self.reviews.get(project_id).and_then(|book| book.get(&(review.to_owned(), item.to_owned()))).map_or(ItemState::Open, ItemRecord::state)
    }
}

impl Governance {
    /// Applies a review event: the item must be on a checklist of the project's workflow; a
    /// pass needs the item's reviewer role; an exemption is decided by someone other than
    /// the one who asked.
    pub(crate) fn apply_review(&mut self, event: &GovernanceEvent, origin: &Origin<'_>, context: &ReviewContext<'_>) -> Result<()> {
        let project_id = event.project_id();
        let (review, item) = match event {
            GovernanceEvent::ReviewItemPassed { review, item, .. } | GovernanceEvent::ReviewExemptionRequested { review, item, .. } | GovernanceEvent::ReviewExemptionDecided { review, item, .. } => (review, item),
            _ => return Err(Error::invalid_field("payload", "not a review event")),
        };
        let checklist: &[ReviewItem] = context.workflow.review(review).ok_or_else(|| Error::not_found("review", review, Some(project_id.as_str())))?;
        let listed = checklist.iter().find(|i| &i.item == item).ok_or_else(|| Error::not_found(&format!("item of review {review}"), item, Some(project_id.as_str())))?;
        let key = (review.clone(), item.clone());
        let mut record = self.reviews.get(project_id).and_then(|b| b.get(&key)).cloned().unwrap_or_default();
        let mark = |text: &str| ReviewMark { event_id: origin.event_id.clone(), by: origin.actor.clone(), at: origin.at, text: text.to_owned() };
        let state = record.state();
        match event {
            GovernanceEvent::ReviewItemPassed { evidence, .. } => {
                check_text("evidence", evidence)?;
                if !context.actor_roles.is_some_and(|roles| roles.contains(&listed.role)) {
                    return Err(Error::PermissionDenied { actor: origin.actor.to_string(), permission: format!("hold role {} to pass {review} item {item}", listed.role), project_id: project_id.to_string() });
                }
                if state.is_met() {
                    return Err(Error::invalid_field("item", format!("{review} item {item} is met already")));
                }
                record.passed = Some(mark(evidence));
            }
            GovernanceEvent::ReviewExemptionRequested { reason, .. } => {
                check_text("reason", reason)?;
                if state.is_met() || state == ItemState::ExemptionRequested {
                    return Err(Error::invalid_field("item", format!("{review} item {item} is met or awaits a decision already")));
                }
                record.exemption_requested = Some(mark(reason));
                record.exemption_decided = None;
            }
            GovernanceEvent::ReviewExemptionDecided { approved, note, .. } => {
                if !note.is_empty() {
                    check_text("note", note)?;
                }
                let Some(requested) = record.exemption_requested.as_ref().filter(|_| state == ItemState::ExemptionRequested) else {
                    return Err(Error::invalid_field("item", format!("no exemption of {review} item {item} awaits a decision")));
                };
                if &requested.by == origin.actor {
                    return Err(Error::SegregationOfDuties { actor: origin.actor.to_string(), item: format!("the exemption of {review} item {item}") });
                }
                record.exemption_decided = Some((mark(note), *approved));
            }
            _ => {}
        }
        self.reviews.entry(project_id.clone()).or_default().insert(key, record);
        Ok(())
    }

    /// Every item of every review a project's workflow names, and where it stands.
    #[must_use]
    pub fn review_status(&self, project_id: &ProjectId, workflow: &Workflow) -> Vec<ReviewItemRow> {
        let mut reviews: Vec<(&str, &[ReviewItem])> = Vec::new();
        for gate in workflow.transitions().iter().flat_map(|t| &t.gates) {
            if let crate::lifecycle::Gate::Review { review, items } = gate
                && !reviews.iter().any(|(r, _)| r == review)
            {
                reviews.push((review, items));
            }
        }
        reviews
            .into_iter()
            .flat_map(|(review, items)| items.iter().map(move |i| (review, i)))
            .map(|(review, i)| {
                let record = self.reviews.get(project_id).and_then(|b| b.get(&(review.to_owned(), i.item.clone())));
                let state = record.map_or(ItemState::Open, ItemRecord::state);
                let (by, evidence) = match (&state, record) {
                    (ItemState::Passed { by, evidence }, _) => (Some(by.clone()), evidence.clone()),
                    (ItemState::Exempted { by }, Some(r)) => (Some(by.clone()), r.exemption_requested.as_ref().map(|m| m.text.clone()).unwrap_or_default()),
                    (_, Some(r)) => (None, r.exemption_requested.as_ref().map(|m| m.text.clone()).unwrap_or_default()),
                    _ => (None, String::new()),
                };
                ReviewItemRow { project_id: project_id.clone(), review: review.to_owned(), item: i.item.clone(), role: i.role.clone(), state: state_name(&state).to_owned(), by, evidence }
            })
            .collect()
    }
}
