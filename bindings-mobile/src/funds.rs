//! Payment applications (进度款) for the mobile surface: the contract terms and an
//! application's figures, converted to and from the core's own types.

use chrono::NaiveDate;
use projectledger::funds::{self as core_funds, AdvancePayment, AdvanceRecovery, ApplicationDeduction, ApplicationFigures, ConsumptionRule, Eligibility, LineValue, Measure, PayableRange, ScheduleLine};
use projectledger::{CostCode, Currency, Decimal, Money, PeriodKind};

use crate::errors::ProjectLedgerError;
use crate::{Journal, Result, Instant};

/// How an advance comes back: the threshold method (N, from T = P − M/N on) or linearly
/// between two completed shares.
#[uniffi::remote(Enum)]
pub enum AdvanceRecovery {
    Threshold { main_materials_share: Decimal },
    Linear { from: Decimal, to: Decimal },
}

/// An advance payment (预付款) and how it is recovered.
#[uniffi::remote(Record)]
pub struct AdvancePayment {
    pub amount: Money,
    pub recovery: AdvanceRecovery,
}

/// How a schedule-of-values line measures its completed value.
#[uniffi::remote(Enum)]
pub enum Measure {
    Quantity { quantity_to_date: Decimal, unit_rate: Decimal },
    PercentComplete { scheduled_value: Decimal, complete_to_date: Decimal },
    Amount { value_to_date: Decimal },
}

/// A line of the schedule of values.
#[uniffi::remote(Record)]
pub struct ScheduleLine {
    pub item: String,
    pub measure: Measure,
}

/// A deduction other than retention and the advance.
#[uniffi::remote(Record)]
pub struct ApplicationDeduction {
    pub reason: String,
    pub amount: Decimal,
}

/// The range the payable share must lie in (GB 50500: 0.6–0.9).
#[uniffi::remote(Record)]
pub struct PayableRange {
    pub min: Decimal,
    pub max: Decimal,
}

/// Retention (质量保证金): the share withheld and its cap as a share of the contract price
/// (null: the rules' 3 %, the most a cap may be), and the defects-liability period in months
/// (12 unless given, at most 24). (`Retention` would clash with Kotlin's annotation.)
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RetentionTerms {
    #[uniffi(default = None)]
    pub rate: Option<Decimal>,
    #[uniffi(default = None)]
    pub cap: Option<Decimal>,
    #[uniffi(default = 12)]
    pub liability_months: i32,
}

impl TryFrom<RetentionTerms> for core_funds::Retention {
    type Error = ProjectLedgerError;
    fn try_from(r: RetentionTerms) -> Result<Self> {
        let liability_months = u32::try_from(r.liability_months)
            .map_err(|_| projectledger::Error::invalid_field("retention", format!("a defects-liability period of {} months is below zero", r.liability_months)))?;
        let rules = core_funds::Retention::default();
        Ok(core_funds::Retention { rate: r.rate.unwrap_or(rules.rate), cap: r.cap.unwrap_or(rules.cap), liability_months })
    }
}

/// A contract's payment terms.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentTerms {
    pub contract_price: Money,
    pub payable_share: Decimal,
    pub retention: RetentionTerms,
    #[uniffi(default = None)]
    pub advance: Option<AdvancePayment>,
}

impl From<&core_funds::PaymentTerms> for PaymentTerms {
    fn from(t: &core_funds::PaymentTerms) -> Self {
        let r = t.retention;
        // Months are at most 24 (checked), so they fit.
        let liability_months = i32::try_from(r.liability_months).unwrap_or(i32::MAX);
        PaymentTerms { contract_price: t.contract_price, payable_share: t.payable_share, retention: RetentionTerms { rate: Some(r.rate), cap: Some(r.cap), liability_months }, advance: t.advance }
    }
}

impl TryFrom<PaymentTerms> for core_funds::PaymentTerms {
    type Error = ProjectLedgerError;
    fn try_from(t: PaymentTerms) -> Result<Self> {
        Ok(core_funds::PaymentTerms { contract_price: t.contract_price, payable_share: t.payable_share, retention: t.retention.try_into()?, advance: t.advance })
    }
}

/// A line's completed value to date.
#[uniffi::remote(Record)]
pub struct LineValue {
    pub item: String,
    pub completed_to_date: Money,
}

/// A payment application's figures (the core's own record).
#[uniffi::remote(Record)]
pub struct ApplicationFigures {
    pub lines: Vec<LineValue>,
    pub completed_to_date: Money,
    pub completed_previous: Money,
    pub completed_this_period: Money,
    pub payable_this_period: Money,
    pub retention_this_period: Money,
    pub retention_to_date: Money,
    pub advance_recovered_this_period: Money,
    pub advance_recovered_to_date: Money,
    pub deductions: Money,
    pub net_due: Money,
}

/// Works out a payment application: the lines measured to date against the previous
/// application's completed value; the payable share checked against `payable_range`
/// (GB 50500's 0.6–0.9 when null).
#[uniffi::export(default(payable_range = None))]
pub fn payment_application(
    terms: PaymentTerms,
    lines: Vec<ScheduleLine>,
    completed_previous: Money,
    deductions: Vec<ApplicationDeduction>,
    payable_range: Option<PayableRange>,
) -> Result<ApplicationFigures> {
    let terms = core_funds::PaymentTerms::try_from(terms)?;
    let range = payable_range.unwrap_or_default();
    Ok(ApplicationFigures::compute(&terms, &range, &lines, &completed_previous, &deductions)?)
}

/// An advance of `share` of the contract price (0.12 for 12 %), rounded to the minor unit.
#[uniffi::export]
pub fn advance_share_of(contract_price: Money, share: Decimal, recovery: AdvanceRecovery) -> Result<AdvancePayment> {
    Ok(AdvancePayment::share_of(&contract_price, share, recovery)?)
}

/// The threshold T = P − M/N of an advance recovered by the threshold method (null otherwise).
#[uniffi::export]
pub fn advance_threshold(advance: AdvancePayment, contract_price: Money) -> Result<Option<Money>> {
    Ok(advance.threshold(&contract_price)?)
}

/// The day retention is due back: the defects-liability period after acceptance.
#[uniffi::export]
pub fn retention_release_date(retention: RetentionTerms, accepted_on: NaiveDate) -> Result<NaiveDate> {
    Ok(core_funds::Retention::try_from(retention)?.release_date(accepted_on)?)
}

/// An amount on a day (a planned or actual outflow, funds becoming available).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DatedMoney {
    pub date: NaiveDate,
    pub amount: Money,
}

/// One period of a cash flow ("2025-03", "2025-Q1", …).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CashFlowRow {
    pub period: String,
    pub planned: Money,
    pub actual: Money,
    pub available: Money,
    pub cumulative_planned: Money,
    pub cumulative_actual: Money,
    pub cumulative_available: Money,
    pub shortfall: Money,
}

/// The first period whose cumulative planned need passes the funds available.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FundingGap {
    pub period: String,
    pub shortfall: Money,
}

/// A cash flow: every period from the first flow to the last, and the funding gap if any.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CashFlow {
    pub rows: Vec<CashFlowRow>,
    pub funding_gap: Option<FundingGap>,
}

impl From<core_funds::CashFlow> for CashFlow {
    fn from(flow: core_funds::CashFlow) -> Self {
        CashFlow {
            rows: flow
                .rows
                .into_iter()
                .map(|r| CashFlowRow {
                    period: r.period.to_string(),
                    planned: r.planned,
                    actual: r.actual,
                    available: r.available,
                    cumulative_planned: r.cumulative_planned,
                    cumulative_actual: r.cumulative_actual,
                    cumulative_available: r.cumulative_available,
                    shortfall: r.shortfall,
                })
                .collect(),
            funding_gap: flow.funding_gap.map(|g| FundingGap { period: g.period.to_string(), shortfall: g.shortfall }),
        }
    }
}

fn dated(flows: Vec<DatedMoney>) -> Vec<(NaiveDate, Money)> {
    flows.into_iter().map(|f| (f.date, f.amount)).collect()
}

/// The cash flow of dated planned and actual outflows and funds available, by periods of
/// `kind`, with the first period short of funds.
#[uniffi::export]
pub fn cash_flow(currency: Currency, planned: Vec<DatedMoney>, actual: Vec<DatedMoney>, available: Vec<DatedMoney>, kind: PeriodKind) -> Result<CashFlow> {
    let (planned, actual, available) = (dated(planned), dated(actual), dated(available));
    Ok(core_funds::CashFlow::of(core_funds::Flows { planned: &planned, actual: &actual, available: &available }, kind, currency)?.into())
}

#[uniffi::export]
impl Journal {
    /// A project's cash flow: its work packages' planned spend against the costs recorded and
    /// the funds `available`, by periods of `kind`; `as_of` folds only the events up to it.
    pub fn cash_flow(&self, project_id: String, available: Vec<DatedMoney>, kind: PeriodKind, as_of: Option<Instant>) -> Result<CashFlow> {
        let available = dated(available);
        crate::cost::with_state(self, project_id, as_of, |state, id| Ok(state.cash_flow(id, kind, &available)?.into()))
    }

    /// A payment application's day-work lines (计日工): the project's approved and paid day
    /// work through `through`, by cost code, of `employer`'s workers when given.
    pub fn day_work_lines(&self, project_id: String, through: NaiveDate, employer: Option<String>) -> Result<Vec<ScheduleLine>> {
        crate::cost::with_state(self, project_id, None, |state, id| Ok(state.day_work_lines(id, through, employer.as_deref())?))
    }

    /// The portfolio's cash flow in one currency: every project in `currency` pooled (others
    /// are not converted, so not counted), against the funds `available`.
    pub fn portfolio_cash_flow(&self, currency: Currency, available: Vec<DatedMoney>, kind: PeriodKind, as_of: Option<Instant>) -> Result<CashFlow> {
        let guard = self.lock();
        Ok(guard.state_at(as_of).portfolio_cash_flow(currency, kind, &dated(available))?.into())
    }
}

/// Which costs a fund may pay: cost types, and codes with their subtrees (empty: any).
#[uniffi::remote(Record)]
pub struct Eligibility {
    pub cost_types: Vec<String>,
    pub codes: Vec<CostCode>,
}

/// How a payment is spread over the funds that may pay it.
#[uniffi::remote(Enum)]
pub enum ConsumptionRule {
    Order,
    Ratio { weights: Vec<Decimal> },
    Manual { amounts: Vec<Decimal> },
}

/// A fund as a payment sees it: what it holds for the project and code, from when and until
/// when it may be used, and what it may pay.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FundBalance {
    pub source_id: String,
    pub remaining: Money,
    pub available_from: NaiveDate,
    #[uniffi(default = None)]
    pub expires_on: Option<NaiveDate>,
    pub eligibility: Eligibility,
}

/// What each fund pays of a cost of `cost_type` on `code` paid on `date`, in the funds' order.
/// Only funds open on the day, unexpired and eligible pay; too little among them is
/// `ProjectLedgerException.InsufficientFunds` with the shortfall.
#[uniffi::export]
pub fn consume_funds(breakdown: std::sync::Arc<crate::CostBreakdown>, date: NaiveDate, cost_type: String, code: String, amount: Money, funds: Vec<FundBalance>, rule: ConsumptionRule) -> Result<Vec<Money>> {
    let balances: Vec<core_funds::FundBalance<'_>> = funds
        .iter()
        .map(|f| core_funds::FundBalance { source_id: &f.source_id, remaining: f.remaining, available_from: f.available_from, expires_on: f.expires_on, eligibility: &f.eligibility })
        .collect();
    let charge = core_funds::Charge { date, cost_type: &cost_type, code: &code, amount };
    Ok(core_funds::consume(&charge, &balances, &rule, &breakdown.inner)?)
}
