//! Payment terms, payment applications (进度款) and the dedicated wage account.
//!
//! An application is drafted with its schedule of values to the period's end and worked out
//! against the contract's last certified (or paid) application; one application of a contract
//! is open at a time, so periods follow each other and sum exactly. It is submitted, then
//! certified or rejected by someone other than its submitter, and paid by a payment.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::events::ApplicationState;
use super::ledger::{ContractTerms, FundContext, FundLedger, PaymentApplication, WageAccount, WageMovement};
use super::zero;
use super::{ApplicationDeduction, ApplicationFigures, PayableRange, PaymentTerms, ScheduleLine};
use crate::ids::DocumentId;
use crate::scope::Origin;
use crate::text::check_id;
use crate::{Error, Money, ProjectId, Result, RoundingStrategy};

/// `commitment SC-02` or `the prime contract`.
fn contract_name(contract_id: Option<&DocumentId>) -> String {
    contract_id.map_or_else(|| "the prime contract".to_owned(), |id| format!("commitment {id}"))
}

/// The contract checked: a commitment of the project (the prime contract needs no check).
fn check_contract(context: FundContext<'_>, project_id: &ProjectId, contract_id: Option<&DocumentId>) -> Result<()> {
    if let Some(id) = contract_id {
        let document = context.centre(project_id)?.documents().get(id.as_str()).ok_or_else(|| Error::not_found("commitment", id, Some(project_id.as_str())))?;
        if !document.kind.is_commitment() {
            return Err(Error::invalid_field("contract_id", format!("document {id} is not a commitment")));
        }
    }
    Ok(())
}

impl FundLedger {
    pub(super) fn set_terms(&mut self, project_id: &ProjectId, contract_id: Option<&DocumentId>, terms: &PaymentTerms, range: PayableRange, context: FundContext<'_>) -> Result<()> {
        let currency = context.projects.get(project_id)?.currency;
        check_contract(context, project_id, contract_id)?;
        if terms.contract_price.currency() != currency {
            return Err(Error::CurrencyMismatch { left: terms.contract_price.currency().to_string(), right: currency.to_string() });
        }
        terms.check(&range)?;
        self.terms.insert((project_id.clone(), contract_id.cloned()), ContractTerms { terms: *terms, range });
        Ok(())
    }

    /// An application by id, or a not-found error.
    pub(crate) fn application(&self, project_id: &ProjectId, application_id: &str) -> Result<&PaymentApplication> {
        self.applications.get(&(project_id.clone(), application_id.to_owned())).ok_or_else(|| Error::not_found("payment application", application_id, Some(project_id.as_str())))
    }

    /// The contract's last certified or paid application (the one the next is measured against).
    fn last_certified(&self, project_id: &ProjectId, contract_id: Option<&DocumentId>) -> Option<&PaymentApplication> {
        self.applications_of(project_id)
            .filter(|a| a.contract_id.as_ref() == contract_id && matches!(a.state, ApplicationState::Certified | ApplicationState::Paid))
            .max_by_key(|a| a.period_end)
    }

    /// An application's figures against the contract's last certified one.
    fn figures(&self, project_id: &ProjectId, contract_id: Option<&DocumentId>, lines: &[ScheduleLine], deductions: &[ApplicationDeduction]) -> Result<ApplicationFigures> {
        let contract = self
            .terms
            .get(&(project_id.clone(), contract_id.cloned()))
            .ok_or_else(|| Error::not_found("payment terms", &contract_name(contract_id), Some(project_id.as_str())))?;
        let currency = contract.terms.contract_price.currency();
        let previous = self.last_certified(project_id, contract_id).map_or_else(|| zero(currency), |a| a.figures.completed_to_date);
        ApplicationFigures::compute(&contract.terms, &contract.range, lines, &previous, deductions)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn draft_application(
        &mut self,
        origin: &Origin<'_>,
        project_id: &ProjectId,
        application_id: &str,
        contract_id: Option<&DocumentId>,
        period_end: NaiveDate,
        lines: &[ScheduleLine],
        deductions: &[ApplicationDeduction],
        context: FundContext<'_>,
    ) -> Result<()> {
        check_id("application_id", application_id)?;
        context.projects.get(project_id)?;
        check_contract(context, project_id, contract_id)?;
        let key = (project_id.clone(), application_id.to_owned());
        if let Some(existing) = self.applications.get(&key)
            && (existing.state != ApplicationState::Draft || existing.contract_id.as_ref() != contract_id)
        {
            return Err(Error::invalid_field("application_id", format!("application {application_id} is {} on {}; only a draft is redrafted, on its own contract", existing.state.name(), contract_name(existing.contract_id.as_ref()))));
        }
        if let Some(open) = self.applications_of(project_id).find(|a| {
            a.contract_id.as_ref() == contract_id && a.application_id != application_id && matches!(a.state, ApplicationState::Draft | ApplicationState::Submitted)
        }) {
            return Err(Error::invalid_field("application_id", format!("application {} of {} is still {}: one application of a contract is open at a time", open.application_id, contract_name(contract_id), open.state.name())));
        }
        if let Some(last) = self.last_certified(project_id, contract_id)
            && period_end <= last.period_end
        {
            return Err(Error::invalid_field("period_end", format!("{period_end} is not after {}, the end of certified application {}", last.period_end, last.application_id)));
        }
        let figures = self.figures(project_id, contract_id, lines, deductions)?;
        let application = PaymentApplication {
            project_id: project_id.clone(),
            application_id: application_id.to_owned(),
            contract_id: contract_id.cloned(),
            period_end,
            state: ApplicationState::Draft,
            lines: lines.to_vec(),
            deductions: deductions.to_vec(),
            figures,
            drafted_by: origin.actor.clone(),
            submitted_by: None,
            decided_by: None,
            payment_id: None,
        };
        self.applications.insert(key, application);
        Ok(())
    }

    pub(super) fn move_application(&mut self, origin: &Origin<'_>, project_id: &ProjectId, application_id: &str, to: ApplicationState) -> Result<()> {
        let application = self.application(project_id, application_id)?;
        use ApplicationState as S;
        let allowed = matches!((application.state, to), (S::Draft, S::Submitted) | (S::Submitted, S::Draft | S::Certified | S::Rejected));
        if !allowed {
            let why = if to == S::Paid { "; an application becomes paid by a payment" } else { "" };
            return Err(Error::invalid_field("to", format!("application {application_id} is {}; it cannot become {}{why}", application.state.name(), to.name())));
        }
        if matches!(to, S::Certified | S::Rejected) && application.submitted_by.as_ref() == Some(origin.actor) {
            return Err(Error::SegregationOfDuties { actor: origin.actor.to_string(), item: format!("payment application {application_id}") });
        }
        // Certified against the terms as they stand now.
        let figures = if to == S::Certified { Some(self.figures(project_id, application.contract_id.as_ref(), &application.lines, &application.deductions)?) } else { None };
        if let Some(application) = self.applications.get_mut(&(project_id.clone(), application_id.to_owned())) {
            application.state = to;
            match to {
                S::Submitted => application.submitted_by = Some(origin.actor.clone()),
                S::Draft => application.submitted_by = None,
                _ => application.decided_by = Some(origin.actor.clone()),
            }
            if let Some(figures) = figures {
                application.figures = figures;
            }
        }
        Ok(())
    }

    pub(super) fn set_wage_account(&mut self, project_id: &ProjectId, labour_share: Decimal, contract_id: Option<&DocumentId>, context: FundContext<'_>) -> Result<()> {
        context.projects.get(project_id)?;
        check_contract(context, project_id, contract_id)?;
        if labour_share <= Decimal::ZERO || labour_share > Decimal::ONE {
            return Err(Error::invalid_field("labour_share", format!("{labour_share} is not a share above 0 and at most 1")));
        }
        let account = self.wage_accounts.entry(project_id.clone()).or_insert_with(|| WageAccount { labour_share, contract_id: None, movements: Vec::new() });
        account.labour_share = labour_share;
        account.contract_id = contract_id.cloned();
        Ok(())
    }

    /// What a payment of `amount` on an application pays into the wage account: its labour
    /// share (rounded half away from zero), when the application is on the general contract.
    pub(super) fn wage_deposit(&self, project_id: &ProjectId, application_id: &str, amount: &Money) -> Result<Option<Money>> {
        let application = self.application(project_id, application_id)?;
        let Some(account) = self.wage_accounts.get(project_id) else { return Ok(None) };
        if account.contract_id != application.contract_id || amount.amount().is_zero() {
            return Ok(None);
        }
        Ok(Some(amount.checked_mul(account.labour_share)?.round(RoundingStrategy::HalfAwayFromZero)))
    }

    pub(super) fn deposit_wages(&mut self, project_id: &ProjectId, amount: Money, on: NaiveDate, reference: String) {
        if let Some(account) = self.wage_accounts.get_mut(project_id) {
            account.movements.push(WageMovement { on, amount, reference });
        }
    }

    /// Wages paid (day work moved to paid) draw on the project's wage account, if it has one.
    /// A draw beyond the balance is recorded all the same (wages are owed whatever the
    /// account holds); the position reports the account overdrawn.
    pub(crate) fn draw_wages(&mut self, project_id: &ProjectId, amount: &Money, on: NaiveDate, reference: String) {
        if let Some(account) = self.wage_accounts.get_mut(project_id)
            && !amount.amount().is_zero()
        {
            account.movements.push(WageMovement { on, amount: amount.neg(), reference });
        }
    }
}

impl WageAccount {
    /// The balance after every movement through `on`.
    pub fn balance(&self, on: NaiveDate, currency: crate::Currency) -> Result<Money> {
        self.movements.iter().filter(|m| m.on <= on).try_fold(zero(currency), |sum, m| sum.checked_add(&m.amount))
    }
}
