//! The fund payload classes: sources, allocations, payment terms and applications, payments
//! and the wage account (a line each in the payload table).

use projectledger::funds::{AllocationTarget, ApplicationDeduction, Eligibility, FundEvent, PayableRange, PaymentOf};
use projectledger::Payload;
use pyo3::prelude::*;

use crate::convert::{project_id_of, Amount, Date};
use crate::cost::named;
use crate::errors::type_error;
use crate::funds::{split_rule, PyPaymentTerms, PyScheduleLine};
use crate::money::PyMoney;
use crate::payloads::{payload_class, payload_dict, payload_project, payload_repr};

/// A target from Python: a project id, or a `(project_id, code)` tuple (code None for the project).
pub struct Target(pub AllocationTarget);

impl<'a, 'py> FromPyObject<'a, 'py> for Target {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(project) = obj.extract::<String>() {
            return Ok(Target(AllocationTarget { project_id: project_id_of(&project)?, code: None }));
        }
        match obj.extract::<(String, Option<String>)>() {
            Ok((project, code)) => Ok(Target(AllocationTarget { project_id: project_id_of(&project)?, code: code.map(Into::into) })),
            Err(_) => Err(type_error(obj.py(), "a target is a project id or a (project_id, code) tuple")),
        }
    }
}

payload_class!(
    /// Payload: a fund source (financing kind "appropriation", "loan", "owner_payment",
    /// "own_funds" or "other"), held by `project_id`, whose `manage_funds` members govern it;
    /// the amount's currency is the source's; eligible cost types and codes (empty: any).
    PyFundSourceRegistered, "FundSourceRegistered",
    #[new]
    #[pyo3(signature = (project_id, source_id, name, kind, amount, available_from, *, expires_on = None, cost_types = Vec::new(), codes = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(project_id: &str, source_id: String, name: String, kind: &str, amount: PyMoney, available_from: Date, expires_on: Option<Date>, cost_types: Vec<String>, codes: Vec<String>) -> PyResult<Self> {
        Ok(Self(Payload::Funds(FundEvent::FundSourceRegistered {
            project_id: project_id_of(project_id)?,
            source_id,
            name,
            kind: named("kind", kind)?,
            currency: amount.0.currency(),
            amount: amount.0.amount(),
            available_from: available_from.0,
            expires_on: expires_on.map(|d| d.0),
            eligibility: Eligibility { cost_types, codes: codes.into_iter().map(Into::into).collect() },
        })))
    }
);
payload_class!(
    /// Payload: a top-up (above zero) or reduction (below zero) of a source.
    PyFundSourceChanged, "FundSourceChanged",
    #[new]
    #[pyo3(signature = (project_id, source_id, change, reason = String::new()))]
    fn new(project_id: &str, source_id: String, change: Amount, reason: String) -> PyResult<Self> {
        Ok(Self(Payload::Funds(FundEvent::FundSourceChanged { project_id: project_id_of(project_id)?, source_id, change: change.0, reason })))
    }
);
payload_class!(
    /// Payload: an amount of a source allocated to targets (project ids or (project_id, code)
    /// tuples) by "order" (each filled to its unfunded budget in turn), "ratio" (`weights`) or
    /// "manual" (`amounts`).
    PyFundsAllocated, "FundsAllocated",
    #[new]
    #[pyo3(signature = (project_id, source_id, amount, targets, rule = "order", weights = None, amounts = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(py: Python<'_>, project_id: &str, source_id: String, amount: Amount, targets: Vec<Target>, rule: &str, weights: Option<Vec<Amount>>, amounts: Option<Vec<Amount>>) -> PyResult<Self> {
        let rule = split_rule(py, rule, weights, amounts)?;
        let targets = targets.into_iter().map(|t| t.0).collect();
        Ok(Self(Payload::Funds(FundEvent::FundsAllocated { project_id: project_id_of(project_id)?, source_id, amount: amount.0, targets, rule })))
    }
);
payload_class!(
    /// Payload: part of an allocation moves to another target, or back to the source when
    /// `to_target` is None.
    PyFundsTransferred, "FundsTransferred",
    #[new]
    fn new(project_id: &str, source_id: String, from_target: Target, to_target: Option<Target>, amount: Amount) -> PyResult<Self> {
        Ok(Self(Payload::Funds(FundEvent::FundsTransferred { project_id: project_id_of(project_id)?, source_id, from: from_target.0, to: to_target.map(|t| t.0), amount: amount.0 })))
    }
);
payload_class!(
    /// Payload: a contract's payment terms — a commitment's, or the prime contract's when
    /// `contract_id` is None — checked within `payable_range` (GB 50500's 0.6–0.9 unless given).
    PyPaymentTermsSet, "PaymentTermsSet",
    #[new]
    #[pyo3(signature = (project_id, terms, *, contract_id = None, payable_range = None))]
    fn new(project_id: &str, terms: PyPaymentTerms, contract_id: Option<String>, payable_range: Option<(Amount, Amount)>) -> PyResult<Self> {
        let payable_range = payable_range.map(|(min, max)| PayableRange { min: min.0, max: max.0 });
        Ok(Self(Payload::Funds(FundEvent::PaymentTermsSet { project_id: project_id_of(project_id)?, contract_id: contract_id.map(Into::into), terms: terms.0, payable_range })))
    }
);
payload_class!(
    /// Payload: a payment application (进度款) drafted or redrafted: the lines measured to
    /// `period_end`, other deductions as (reason, amount) pairs.
    PyPaymentApplicationDrafted, "PaymentApplicationDrafted",
    #[new]
    #[pyo3(signature = (project_id, application_id, period_end, lines, *, contract_id = None, deductions = Vec::new()))]
    fn new(project_id: &str, application_id: String, period_end: Date, lines: Vec<PyScheduleLine>, contract_id: Option<String>, deductions: Vec<(String, Amount)>) -> PyResult<Self> {
        Ok(Self(Payload::Funds(FundEvent::PaymentApplicationDrafted {
            project_id: project_id_of(project_id)?,
            application_id,
            contract_id: contract_id.map(Into::into),
            period_end: period_end.0,
            lines: lines.into_iter().map(|l| l.0).collect(),
            deductions: deductions.into_iter().map(|(reason, amount)| ApplicationDeduction { reason, amount: amount.0 }).collect(),
        })))
    }
);
payload_class!(
    /// Payload: an application moves to "submitted", "draft", "certified" or "rejected"
    /// (certified or rejected by someone other than its submitter).
    PyPaymentApplicationMoved, "PaymentApplicationMoved",
    #[new]
    #[pyo3(signature = (project_id, application_id, to, note = String::new()))]
    fn new(project_id: &str, application_id: String, to: &str, note: String) -> PyResult<Self> {
        Ok(Self(Payload::Funds(FundEvent::PaymentApplicationMoved { project_id: project_id_of(project_id)?, application_id, to: named("to", to)?, note })))
    }
);
payload_class!(
    /// Payload: a payment of a recorded cost (`cost_id`), a certified application
    /// (`application_id`) or a commitment's advance (`advance_of`, its id) — give one — from
    /// the project's allocations: "order", "ratio"
    /// (`weights`) or "manual" (`amounts`) over `sources` (empty: every source allocated to it).
    PyPaymentRecorded, "PaymentRecorded",
    #[new]
    #[pyo3(signature = (project_id, payment_id, paid_on, *, cost_id = None, application_id = None, advance_of = None, rule = "order", weights = None, amounts = None, sources = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        project_id: &str,
        payment_id: String,
        paid_on: Date,
        cost_id: Option<String>,
        application_id: Option<String>,
        advance_of: Option<String>,
        rule: &str,
        weights: Option<Vec<Amount>>,
        amounts: Option<Vec<Amount>>,
        sources: Vec<String>,
    ) -> PyResult<Self> {
        let pays = match (cost_id, application_id, advance_of) {
            (Some(cost_id), None, None) => PaymentOf::Cost { cost_id },
            (None, Some(application_id), None) => PaymentOf::Application { application_id },
            (None, None, Some(contract_id)) => PaymentOf::Advance { contract_id: contract_id.into() },
            _ => return Err(type_error(py, "a payment pays a cost_id, an application_id or a commitment's advance (advance_of): give one")),
        };
        let rule = split_rule(py, rule, weights, amounts)?;
        Ok(Self(Payload::Funds(FundEvent::PaymentRecorded { project_id: project_id_of(project_id)?, payment_id, paid_on: paid_on.0, pays, rule, sources })))
    }
);
payload_class!(
    /// Payload: the project's dedicated wage account (农民工工资专用账户): the labour-cost share
    /// of each payment on the general contract (a commitment, or the prime contract when
    /// `contract_id` is None).
    PyWageAccountSet, "WageAccountSet",
    #[new]
    #[pyo3(signature = (project_id, labour_share, contract_id = None))]
    fn new(project_id: &str, labour_share: Amount, contract_id: Option<String>) -> PyResult<Self> {
        Ok(Self(Payload::Funds(FundEvent::WageAccountSet { project_id: project_id_of(project_id)?, labour_share: labour_share.0, contract_id: contract_id.map(Into::into) })))
    }
);
