//! Actual costs: invoices against an approved commitment's lines (never beyond what is
//! committed unless allowed), direct costs, and labour costs posted from approved day work.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::control::{checked, Posting};
use super::ledger::Column;
use super::{BudgetWarning, CostCentre, CostLine};
use super::Recording;
use crate::ids::DocumentId;
use crate::text::check_id;
use crate::{ActorId, Error, Money, Result};

/// What an actual cost is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// Against the lines of an approved commitment.
    Invoice,
    /// Outside commitments (expenses, small purchases).
    Direct,
    /// Approved day-work, costed (posted by the labour centre).
    Labour,
}
crate::persist::persist_enum!(CostKind { 0 => Invoice, 1 => Direct, 2 => Labour });


/// An invoice, direct cost or labour cost as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
#[non_exhaustive]
pub struct CostRecord {
    /// The cost's id, unique in the project.
    pub cost_id: String,
    /// Invoice, direct cost or labour cost.
    pub kind: CostKind,
    /// The commitment an invoice is against.
    pub commitment_id: Option<DocumentId>,
    /// The amounts per cell.
    pub lines: Vec<CostLine>,
    /// Free text.
    pub description: String,
    /// Who recorded it.
    pub recorded_by: ActorId,
    #[serde(serialize_with = "crate::wire::instant")]
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}
crate::persist::persist_struct!(CostRecord { cost_id, kind, commitment_id, lines, description, recorded_by, recorded_at });


/// The figures of one line of a commitment: committed (approved) and invoiced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub(super) struct CommitmentLine {
    pub(super) committed: i64,
    pub(super) invoiced: i64,
}
crate::persist::persist_struct!(CommitmentLine { committed, invoiced });


impl CostCentre {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record(
        &mut self,
        rec: &Recording<'_>,
        cost_id: &str,
        kind: CostKind,
        commitment_id: Option<&str>,
        lines: &[CostLine],
        description: &str,
        allow_over_commitment: bool,
    ) -> Result<Vec<BudgetWarning>> {
        check_id("cost id", cost_id)?;
        if self.records.contains_key(cost_id) {
            return Err(Error::invalid_field("cost id", format!("{cost_id:?} is already used on this project")));
        }
        if lines.is_empty() {
            return Err(Error::invalid_field("cost lines", "a cost needs at least one line"));
        }
        let resolved = self.resolve(lines)?;
        let mut lines_after = None;
        let column = match (kind, commitment_id) {
            (CostKind::Invoice, Some(id)) => {
                let Some(committed) = self.commitments.get(id) else {
                    return Err(Error::invalid_field("commitment id", format!("{id:?} is not an approved commitment of this project")));
                };
                let mut after = committed.clone();
                let mut problems = Vec::new();
                for (line, (_, units)) in lines.iter().zip(&resolved) {
                    let Some(entry) = after.get_mut(&(line.code.clone(), line.cost_type.clone())) else {
                        problems.push(format!("{} / {} is not a line of commitment {id}", line.code, line.cost_type));
                        continue;
                    };
                    entry.invoiced = checked(entry.invoiced, *units)?;
                    let m = |u: i64| Money::from_minor_units(u.into(), self.ledger.currency()).map_or_else(|_| u.to_string(), |m| m.to_string());
                    if entry.invoiced < 0 {
                        problems.push(format!("{} / {} would be invoiced below zero", line.code, line.cost_type));
                    } else if entry.invoiced > entry.committed && !allow_over_commitment {
                        problems.push(format!(
                            "{} / {} would be invoiced {} against {} committed (over by {}); record it with allow_over_commitment to accept",
                            line.code,
                            line.cost_type,
                            m(entry.invoiced),
                            m(entry.committed),
                            m(entry.invoiced.saturating_sub(entry.committed))
                        ));
                    }
                }
                if !problems.is_empty() {
                    return Err(Error::invalid_field("invoice", problems.join("; ")));
                }
                lines_after = Some((DocumentId::from(id), after));
                Column::Invoiced
            }
            (CostKind::Invoice, None) => return Err(Error::invalid_field("commitment id", "an invoice names its commitment")),
            (_, Some(_)) => return Err(Error::invalid_field("commitment id", "only an invoice names a commitment")),
            (CostKind::Direct | CostKind::Labour, None) => Column::DirectCosts,
        };
        let postings: Vec<Posting> = resolved.iter().map(|(cell, units)| (*cell, column, *units)).collect();
        let warnings = self.control(rec, &postings)?;
        self.post_all(&postings)?;
        if let Some((id, lines)) = lines_after {
            self.commitments.insert(id, lines);
        }
        self.records.insert(
            cost_id.to_owned(),
            CostRecord {
                cost_id: cost_id.to_owned(),
                kind,
                commitment_id: commitment_id.map(Into::into),
                lines: lines.to_vec(),
                description: description.to_owned(),
                recorded_by: rec.actor.clone(),
                recorded_at: rec.at,
            },
        );
        self.warnings.extend(warnings.iter().cloned());
        Ok(warnings)
    }
}
