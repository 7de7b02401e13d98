//! Cost documents — budget changes and transfers, commitments (subcontracts, purchase orders)
//! and their change orders, prime contract change orders — and their one state machine:
//! Draft → Pending → Approved / Rejected, Pending → Draft to withdraw. Each state posts to one
//! column: pending to the pending column of its kind, approved to the approved one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::control::checked;
use super::ledger::Column;
use super::{BudgetWarning, CostCentre, CostLine};
use super::Recording;
use crate::ids::DocumentId;
use crate::text::check_id;
use crate::{ActorId, Error, Result};

/// What a cost document is; it decides the columns its states post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Changes the budget (lines may be negative).
    BudgetChange,
    /// Moves budget between lines: the lines sum to zero.
    BudgetTransfer,
    /// A commitment to a subcontractor (a schedule of values on cost codes).
    Subcontract,
    /// A commitment to a supplier.
    PurchaseOrder,
    /// Changes an approved subcontract or purchase order (lines add to it or take from it).
    CommitmentChangeOrder,
    /// Changes the prime contract (the revenue side).
    PrimeChangeOrder,
}
crate::persist::persist_enum!(DocumentKind { 0 => BudgetChange, 1 => BudgetTransfer, 2 => Subcontract, 3 => PurchaseOrder, 4 => CommitmentChangeOrder, 5 => PrimeChangeOrder });


impl DocumentKind {
    /// Subcontracts, purchase orders and their change orders: the cost side.
    #[must_use]
    pub fn is_commitment(self) -> bool {
        matches!(self, DocumentKind::Subcontract | DocumentKind::PurchaseOrder | DocumentKind::CommitmentChangeOrder)
    }
}

/// Where a document is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// Being written; may be redrafted.
    Draft,
    /// Submitted for approval: counts in the pending columns.
    Pending,
    /// Approved: counts in its column (approved changes, committed).
    Approved,
    /// Rejected: counts nowhere.
    Rejected,
}
crate::persist::persist_enum!(DocumentStatus { 0 => Draft, 1 => Pending, 2 => Approved, 3 => Rejected });


/// A document and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct CostDocument {
    /// The document's id, unique in the project.
    pub document_id: DocumentId,
    /// Budget change, commitment or change order.
    pub kind: DocumentKind,
    /// A short title.
    pub title: String,
    /// The amounts per cell.
    pub lines: Vec<CostLine>,
    /// The commitment a change order changes.
    pub commitment_id: Option<DocumentId>,
    /// The subcontractor or supplier of a commitment.
    pub vendor: Option<String>,
    /// Where it stands in its approval.
    pub status: DocumentStatus,
    /// Who drafted it.
    pub drafted_by: ActorId,
    #[serde(serialize_with = "crate::wire::instant")]
    /// When it was (last) drafted.
    pub drafted_at: DateTime<Utc>,
    /// Who submitted it, once submitted.
    pub submitted_by: Option<ActorId>,
    /// Who approved or rejected it.
    pub decided_by: Option<ActorId>,
    #[serde(serialize_with = "crate::wire::instant_opt")]
    /// When it was approved or rejected.
    pub decided_at: Option<DateTime<Utc>>,
    /// The note of its last move.
    pub note: String,
}
crate::persist::persist_struct!(CostDocument { document_id, kind, title, lines, commitment_id, vendor, status, drafted_by, drafted_at, submitted_by, decided_by, decided_at, note });


impl CostCentre {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn draft(
        &mut self,
        rec: &Recording<'_>,
        document_id: &str,
        kind: DocumentKind,
        title: &str,
        lines: &[CostLine],
        commitment_id: Option<&str>,
        vendor: Option<&str>,
    ) -> Result<()> {
        check_id("document id", document_id)?;
        if let Some(existing) = self.documents.get(document_id)
            && (existing.status != DocumentStatus::Draft || existing.kind != kind)
        {
            return Err(Error::invalid_field("document id", format!("{document_id:?} is already used (only a draft of the same kind can be redrafted)")));
        }
        if lines.is_empty() {
            return Err(Error::invalid_field("cost lines", "a document needs at least one line"));
        }
        let resolved = self.resolve(lines)?;
        if kind == DocumentKind::BudgetTransfer && resolved.iter().map(|(_, u)| i128::from(*u)).sum::<i128>() != 0 {
            return Err(Error::invalid_field("cost lines", "the lines of a budget transfer sum to zero"));
        }
        match (kind, commitment_id) {
            (DocumentKind::CommitmentChangeOrder, Some(id)) => {
                if !self.commitments.contains_key(id) {
                    return Err(Error::invalid_field("commitment id", format!("{id:?} is not an approved commitment of this project")));
                }
            }
            (DocumentKind::CommitmentChangeOrder, None) => {
                return Err(Error::invalid_field("commitment id", "a commitment change order names its commitment"));
            }
            (_, Some(_)) => return Err(Error::invalid_field("commitment id", "only a commitment change order names a commitment")),
            (_, None) => {}
        }
        self.documents.insert(
            document_id.to_owned(),
            CostDocument {
                document_id: document_id.into(),
                kind,
                title: title.to_owned(),
                lines: lines.to_vec(),
                commitment_id: commitment_id.map(Into::into),
                vendor: vendor.map(str::to_owned),
                status: DocumentStatus::Draft,
                drafted_by: rec.actor.clone(),
                drafted_at: rec.at,
                submitted_by: None,
                decided_by: None,
                decided_at: None,
                note: String::new(),
            },
        );
        Ok(())
    }

    /// The columns a kind posts to while pending and once approved (prime change orders post
    /// to the revenue side instead).
    fn columns(kind: DocumentKind) -> Option<(Column, Column)> {
        match kind {
            DocumentKind::BudgetChange | DocumentKind::BudgetTransfer => Some((Column::PendingChanges, Column::ApprovedChanges)),
            DocumentKind::Subcontract | DocumentKind::PurchaseOrder | DocumentKind::CommitmentChangeOrder => {
                Some((Column::PendingCostChanges, Column::Committed))
            }
            DocumentKind::PrimeChangeOrder => None,
        }
    }

    pub(super) fn move_document(&mut self, rec: &Recording<'_>, document_id: &str, to: DocumentStatus, note: &str) -> Result<Vec<BudgetWarning>> {
        let Some(document) = self.documents.get(document_id) else {
            return Err(Error::not_found("document", document_id, Some(rec.project_id)));
        };
        use DocumentStatus::{Approved, Draft, Pending, Rejected};
        let allowed = matches!((document.status, to), (Draft, Pending) | (Pending, Draft | Approved | Rejected));
        if !allowed {
            return Err(Error::TransitionNotAllowed {
                project_id: rec.project_id.to_owned(),
                from: format!("{document_id} {}", status_name(document.status)),
                to: status_name(to).to_owned(),
                reason: "documents go draft → pending → approved or rejected, and back to draft to withdraw".to_owned(),
            });
        }
        if matches!(to, Approved | Rejected) && document.submitted_by.as_ref() == Some(rec.actor) {
            return Err(Error::SegregationOfDuties { actor: rec.actor.to_string(), item: format!("document {document_id}") });
        }
        let resolved = self.resolve(&document.lines)?;
        let sign = match to {
            Pending => 1,
            _ => -1,
        };
        let mut postings = Vec::new();
        let mut prime = self.prime_changes;
        let total: i64 = resolved.iter().try_fold(0i64, |sum, (_, u)| checked(sum, *u))?;
        match Self::columns(document.kind) {
            Some((pending, approved)) => {
                for (cell, units) in &resolved {
                    postings.push((*cell, pending, units.checked_mul(sign).ok_or_else(|| Error::overflow("pending change"))?));
                }
                if to == Approved {
                    postings.extend(resolved.iter().map(|(cell, units)| (*cell, approved, *units)));
                }
            }
            None => {
                prime[0] = checked(prime[0], total.checked_mul(sign).ok_or_else(|| Error::overflow("pending change"))?)?;
                if to == Approved {
                    prime[1] = checked(prime[1], total)?;
                }
            }
        }
        // Approving a commitment or a change order changes its commitment's lines.
        let mut lines_after = None;
        if to == Approved && document.kind.is_commitment() {
            let commitment = document.commitment_id.clone().unwrap_or_else(|| document_id.into());
            let mut lines = self.commitments.get(&commitment).cloned().unwrap_or_default();
            for (line, (_, units)) in document.lines.iter().zip(&resolved) {
                let entry = lines.entry((line.code.clone(), line.cost_type.clone())).or_default();
                entry.committed = checked(entry.committed, *units)?;
                if entry.committed < entry.invoiced {
                    return Err(Error::invalid_field(
                        "cost lines",
                        format!("{} / {} of commitment {commitment} would fall below what is already invoiced", line.code, line.cost_type),
                    ));
                }
            }
            lines_after = Some((commitment, lines));
        }
        let warnings = self.control(rec, &postings)?;
        self.post_all(&postings)?;
        self.prime_changes = prime;
        if let Some((commitment, lines)) = lines_after {
            self.commitments.insert(commitment, lines);
        }
        if let Some(document) = self.documents.get_mut(document_id) {
            document.status = to;
            match to {
                Pending => document.submitted_by = Some(rec.actor.clone()),
                Draft => document.submitted_by = None,
                Approved | Rejected => {
                    document.decided_by = Some(rec.actor.clone());
                    document.decided_at = Some(rec.at);
                }
            }
            note.clone_into(&mut document.note);
        }
        self.warnings.extend(warnings.iter().cloned());
        Ok(warnings)
    }
}

/// The snake_case name of a document status.
#[must_use]
pub fn status_name(status: DocumentStatus) -> &'static str {
    match status {
        DocumentStatus::Draft => "draft",
        DocumentStatus::Pending => "pending",
        DocumentStatus::Approved => "approved",
        DocumentStatus::Rejected => "rejected",
    }
}
