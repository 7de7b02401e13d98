//! The revenue side: contract value, prime contract change orders, billed and received, and
//! the margin they leave over the estimated cost at completion.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::CostCentre;
use crate::{Error, Money, Result, RoundingStrategy};

/// Billed to the client, or received from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevenueKind {
    /// Billed to the client (a payment application).
    Billed,
    /// Received from the client.
    Received,
}
crate::persist::persist_enum!(RevenueKind { 0 => Billed, 1 => Received });


/// The revenue side and the margin it leaves over the estimated cost at completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Margin {
    /// The prime contract's original value.
    pub contract_value: Money,
    /// Approved prime-contract change orders.
    pub approved_change_orders: Money,
    /// Prime-contract change orders pending approval.
    pub pending_change_orders: Money,
    /// Contract value + approved change orders.
    pub revised_contract_value: Money,
    /// Billed to date.
    pub billed: Money,
    /// Received to date.
    pub received: Money,
    /// Billed − received.
    pub receivable: Money,
    /// The cost side's estimate at completion.
    pub estimated_cost_at_completion: Money,
    /// Revised contract value − estimated cost at completion.
    pub gross_margin: Money,
    /// Gross margin ÷ revised contract value × 100, to 2 places (四舍五入); `None` without a
    /// contract value.
    #[serde(with = "crate::wire::exact_opt")]
    pub margin_percent: Option<Decimal>,
}

impl CostCentre {
    /// Contract, change orders, billing and the margin over the estimated cost at completion.
    pub fn margin(&self) -> Result<Margin> {
        let currency = self.ledger.currency();
        let m = |units: i128| Money::from_minor_units(units, currency);
        let eac_units = self.ledger.sums(None, None)?.estimate_at_completion();
        let [pending, approved] = self.prime_changes.map(i128::from);
        let (revised, margin, margin_percent) = self.margin_units(eac_units)?;
        let overflow = || Error::overflow("margin");
        Ok(Margin {
            contract_value: m(self.contract_value.into())?,
            approved_change_orders: m(approved)?,
            pending_change_orders: m(pending)?,
            revised_contract_value: m(revised)?,
            billed: m(self.billed.into())?,
            received: m(self.received.into())?,
            receivable: m(i128::from(self.billed).checked_sub(i128::from(self.received)).ok_or_else(overflow)?)?,
            estimated_cost_at_completion: m(eac_units)?,
            gross_margin: m(margin)?,
            margin_percent,
        })
    }

    /// The margin % alone (a KPI reads it for many projects and days).
    pub(crate) fn margin_percent(&self) -> Result<Option<Decimal>> {
        Ok(self.margin_units(self.ledger.sums(None, None)?.estimate_at_completion())?.2)
    }

    /// Revised contract value and gross margin over an estimate at completion, in minor
    /// units, and the margin %: to 2 places (四舍五入), none without a contract value.
    fn margin_units(&self, eac_units: i128) -> Result<(i128, i128, Option<Decimal>)> {
        let overflow = || Error::overflow("margin");
        let [_, approved] = self.prime_changes;
        let revised = i128::from(self.contract_value).checked_add(i128::from(approved)).ok_or_else(overflow)?;
        let margin = revised.checked_sub(eac_units).ok_or_else(overflow)?;
        let margin_percent = (revised != 0)
            .then(|| {
                let (margin, revised) = (Decimal::try_from_i128_with_scale(margin, 0).ok()?, Decimal::try_from_i128_with_scale(revised, 0).ok()?);
                margin.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(revised)
            })
            .map(|ratio| ratio.map(|r| RoundingStrategy::HalfAwayFromZero.round(r, 2).normalize()).ok_or_else(overflow))
            .transpose()?;
        Ok((revised, margin, margin_percent))
    }
}
