//! Payments: a recorded cost or a certified application paid from the project's
//! allocations, by a rule over its sources, line by line — only funds open on the day, not
//! expired and eligible for the line; refused whole, with the shortfall, when they do not
//! cover it. Each line's share of a source is drawn from that source's most specific
//! allocation first (the code, then its parents, then the project).

use chrono::NaiveDate;

use super::events::{AllocationTarget, ApplicationState, PaymentOf};
use super::ledger::{Consumption, FundContext, FundLedger, Payment};
use super::zero;
use super::{consume, Charge, ConsumptionRule, FundBalance};
use crate::cost::{CostBreakdown, CostKind};
use crate::ids::CostCode;
use crate::scope::Origin;
use crate::text::check_id;
use crate::{allocate, Error, Money, ProjectId, Result};

/// A line being paid: its code, cost type and amount.
struct Line {
    code: CostCode,
    cost_type: String,
    amount: Money,
}

impl FundLedger {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn pay(
        &mut self,
        origin: &Origin<'_>,
        project_id: &ProjectId,
        payment_id: &str,
        paid_on: NaiveDate,
        pays: &PaymentOf,
        rule: &ConsumptionRule,
        sources: &[String],
        context: FundContext<'_>,
    ) -> Result<()> {
        check_id("payment_id", payment_id)?;
        let key = (project_id.clone(), payment_id.to_owned());
        if self.payments.contains_key(&key) {
            return Err(Error::invalid_field("payment_id", format!("payment {payment_id} is already recorded on project {project_id}")));
        }
        let currency = context.projects.get(project_id)?.currency;
        let (amount, lines, receipt) = match pays {
            PaymentOf::Cost { cost_id } => {
                let centre = context.centre(project_id)?;
                let record = centre.records().get(cost_id).ok_or_else(|| Error::not_found("cost", cost_id, Some(project_id.as_str())))?;
                if record.kind == CostKind::Labour {
                    return Err(Error::invalid_field("pays", format!("cost {cost_id} is day work: it is paid by moving the entries to paid, from the wage account")));
                }
                if let Some(by) = self.paid_costs.get(&(project_id.clone(), cost_id.clone())) {
                    return Err(Error::invalid_field("pays", format!("cost {cost_id} is already paid by payment {by}")));
                }
                if &record.recorded_by == origin.actor {
                    return Err(Error::SegregationOfDuties { actor: origin.actor.to_string(), item: format!("cost {cost_id}") });
                }
                let lines: Vec<Line> = record.lines.iter().map(|l| Line { code: l.code.clone(), cost_type: l.cost_type.clone(), amount: Money::new(l.amount, currency) }).collect();
                let total = lines.iter().try_fold(zero(currency), |sum, l| sum.checked_add(&l.amount))?;
                (total, lines, false)
            }
            PaymentOf::Application { application_id } => {
                let application = self.application(project_id, application_id)?;
                if application.state != ApplicationState::Certified {
                    return Err(Error::invalid_field("pays", format!("application {application_id} is {}; only a certified application is paid", application.state.name())));
                }
                if application.submitted_by.as_ref() == Some(origin.actor) {
                    return Err(Error::SegregationOfDuties { actor: origin.actor.to_string(), item: format!("payment application {application_id}") });
                }
                let net = application.figures.net_due;
                if net.amount().is_sign_negative() && !net.amount().is_zero() {
                    return Err(Error::InvalidAmount { input: net.to_string(), reason: format!("application {application_id} certifies less than nothing: its deductions carry to the next one") });
                }
                match &application.contract_id {
                    None => (net, Vec::new(), true),
                    Some(contract_id) => (net, contract_lines(context, project_id, contract_id, &net)?, false),
                }
            }
            PaymentOf::Advance { contract_id } => {
                let key = (project_id.clone(), Some(contract_id.clone()));
                let terms = self.terms.get(&key).ok_or_else(|| Error::not_found("payment terms", &format!("commitment {contract_id}"), Some(project_id.as_str())))?;
                let advance = terms.terms.advance.ok_or_else(|| Error::invalid_field("pays", format!("commitment {contract_id}'s terms have no advance")))?;
                if let Some(paid) = self.payments_of(project_id).find(|p| matches!(&p.pays, PaymentOf::Advance { contract_id: c } if c == contract_id)) {
                    return Err(Error::invalid_field("pays", format!("commitment {contract_id}'s advance is already paid by payment {}", paid.payment_id)));
                }
                (advance.amount, contract_lines(context, project_id, contract_id, &advance.amount)?, false)
            }
        };
        let consumptions = if receipt {
            Vec::new()
        } else {
            let breakdown = context.centre(project_id)?.breakdown();
            self.plan_consumptions(project_id, payment_id, paid_on, &lines, rule, sources, breakdown)?
        };
        let deposit = match pays {
            PaymentOf::Application { application_id } => self.wage_deposit(project_id, application_id, &amount)?,
            PaymentOf::Cost { .. } | PaymentOf::Advance { .. } => None,
        };
        // Checked: from here on nothing fails.
        for consumption in &consumptions {
            let target = AllocationTarget { project_id: project_id.clone(), code: consumption.allocated_to.clone() };
            if let Some(allocation) = self.allocations.get_mut(&(consumption.source_id.clone(), target)) {
                allocation.consumed = allocation.consumed.checked_add(&consumption.amount)?;
            }
        }
        match pays {
            PaymentOf::Cost { cost_id } => {
                self.paid_costs.insert((project_id.clone(), cost_id.clone()), payment_id.to_owned());
            }
            PaymentOf::Application { application_id } => {
                if let Some(application) = self.applications.get_mut(&(project_id.clone(), application_id.clone())) {
                    application.state = ApplicationState::Paid;
                    application.payment_id = Some(payment_id.to_owned());
                }
            }
            PaymentOf::Advance { .. } => {}
        }
        if let Some(deposit) = deposit {
            self.deposit_wages(project_id, deposit, paid_on, format!("payment {payment_id}"));
        }
        let payment = Payment { payment_id: payment_id.to_owned(), project_id: project_id.clone(), paid_on, pays: pays.clone(), amount, paid_by: origin.actor.clone(), consumptions };
        self.payments.insert(key, payment);
        Ok(())
    }

    /// What each line takes from which allocation, worked out on a scratch copy of the
    /// project's allocations (so a refusal changes nothing).
    #[allow(clippy::too_many_arguments)]
    fn plan_consumptions(&self, project_id: &ProjectId, payment_id: &str, paid_on: NaiveDate, lines: &[Line], rule: &ConsumptionRule, sources: &[String], breakdown: &CostBreakdown) -> Result<Vec<Consumption>> {
        if matches!(rule, ConsumptionRule::Manual { .. }) && lines.iter().filter(|l| !l.amount.amount().is_zero()).count() > 1 {
            return Err(Error::invalid_field("rule", "a manual split gives the amounts of one line; a payment of several lines is split by order or ratio"));
        }
        let ids: Vec<&str> = if sources.is_empty() {
            let mut ids: Vec<&str> = self.allocations.keys().filter(|(_, t)| &t.project_id == project_id).map(|(s, _)| s.as_str()).collect();
            ids.dedup();
            ids
        } else {
            let mut seen = std::collections::BTreeSet::new();
            for id in sources {
                if !seen.insert(id) {
                    return Err(Error::invalid_field("sources", format!("source {id} is named twice")));
                }
            }
            sources.iter().map(String::as_str).collect()
        };
        // Per source: its allocations to the project, with what they have left.
        let mut pools: Vec<Vec<(Option<CostCode>, Money)>> = Vec::with_capacity(ids.len());
        for id in &ids {
            let source = self.source(id)?;
            if let Some(line) = lines.first()
                && source.amount.currency() != line.amount.currency()
            {
                return Err(Error::CurrencyMismatch { left: source.amount.currency().to_string(), right: line.amount.currency().to_string() });
            }
            let mut pool = Vec::new();
            for ((_, target), allocation) in self.allocations.iter().filter(|((s, t), _)| s == id && &t.project_id == project_id) {
                pool.push((target.code.clone(), allocation.remaining()?));
            }
            pools.push(pool);
        }
        let mut consumptions = Vec::new();
        for line in lines.iter().filter(|l| !l.amount.amount().is_zero()) {
            let path = breakdown.path(&line.code)?;
            // How specific an allocation is for this line: its code's place on the path, the project last.
            let depth = |code: &Option<CostCode>| -> Option<usize> {
                match code {
                    None => Some(path.len()),
                    Some(code) => path.iter().position(|p| *p == code.as_str()),
                }
            };
            let mut balances = Vec::with_capacity(ids.len());
            for (id, pool) in ids.iter().zip(&pools) {
                let source = self.source(id)?;
                let covered = pool.iter().filter(|(code, _)| depth(code).is_some()).try_fold(zero(line.amount.currency()), |sum, (_, left)| sum.checked_add(left))?;
                balances.push(FundBalance { source_id: id, remaining: covered, available_from: source.available_from, expires_on: source.expires_on, eligibility: &source.eligibility });
            }
            let charge = Charge { date: paid_on, cost_type: &line.cost_type, code: &line.code, amount: line.amount };
            let shares = consume(&charge, &balances, rule, breakdown)?;
            for ((id, pool), share) in ids.iter().zip(pools.iter_mut()).zip(shares) {
                let mut left = share;
                let mut covering: Vec<(usize, &mut (Option<CostCode>, Money))> = pool.iter_mut().filter_map(|entry| depth(&entry.0).map(|d| (d, entry))).collect();
                covering.sort_by_key(|(d, _)| *d);
                for (_, (code, remaining)) in covering {
                    if left.amount().is_zero() {
                        break;
                    }
                    let take = if remaining.checked_cmp(&left)?.is_lt() { *remaining } else { left };
                    if take.amount().is_zero() {
                        continue;
                    }
                    *remaining = remaining.checked_sub(&take)?;
                    left = left.checked_sub(&take)?;
                    consumptions.push(Consumption {
                        payment_id: payment_id.to_owned(),
                        project_id: project_id.clone(),
                        paid_on,
                        source_id: (*id).to_owned(),
                        allocated_to: code.clone(),
                        code: line.code.clone(),
                        cost_type: line.cost_type.clone(),
                        amount: take,
                    });
                }
            }
        }
        Ok(consumptions)
    }
}

/// A commitment application's net due, spread over the commitment's lines by their amounts
/// (exact largest remainder): the lines the payment consumes funds for.
fn contract_lines(context: FundContext<'_>, project_id: &ProjectId, contract_id: &str, net: &Money) -> Result<Vec<Line>> {
    let document = context.centre(project_id)?.documents().get(contract_id).ok_or_else(|| Error::not_found("commitment", contract_id, Some(project_id.as_str())))?;
    let weights: Vec<_> = document.lines.iter().map(|l| l.amount).collect();
    if weights.iter().all(|w| w.is_zero()) {
        return Err(Error::invalid_field("contract_id", format!("commitment {contract_id} has no amounts to spread the payment over")));
    }
    let shares = allocate(net, &weights)?;
    Ok(document.lines.iter().zip(shares).map(|(l, amount)| Line { code: l.code.clone(), cost_type: l.cost_type.clone(), amount }).collect())
}
