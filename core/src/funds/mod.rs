//! The fund domain (资金数据中心): where a project's money comes from, what is owed and paid,
//! and when cash runs short.
//!
//! This first part holds the contract rules a payment application (进度款) applies, as pure
//! functions over exact money: the payable share of completed value ([`PaymentTerms`], GB
//! 50500's 60–90 % by default), retention with its cap and release ([`Retention`]), the
//! advance and its recovery ([`AdvancePayment`]: the threshold method T = P − M/N, or linear),
//! and an application's figures ([`ApplicationFigures`]). Every figure of a period is the
//! difference of two cumulative figures rounded once, so periods always sum exactly. A
//! [`CashFlow`] sets planned outflow against actual outflow and the funds available, by month
//! or quarter and cumulative, and finds the funding gap.
//!
//! The journal's fund events ([`FundEvent`]) fold into a [`FundLedger`]: fund sources held by a
//! project, allocated to projects and codes (manual, by priority order, by ratio) and moved;
//! payments of costs and certified applications consuming the allocations by a rule, traced
//! line by line to their sources; payment terms and applications (draft → submitted →
//! certified → paid, or rejected); and the dedicated wage account (农民工工资专用账户).
//!
//! ```
//! use projectledger::funds::{AdvancePayment, AdvanceRecovery, ApplicationFigures, Measure, PayableRange, PaymentTerms, Retention, ScheduleLine};
//! use projectledger::Money;
//! # fn main() -> Result<(), projectledger::Error> {
//! let price = Money::parse("CNY 2650000")?;
//! let advance = AdvancePayment::share_of(&price, "0.12".parse().unwrap(), AdvanceRecovery::Threshold { main_materials_share: "0.6".parse().unwrap() })?;
//! let terms = PaymentTerms { contract_price: price, payable_share: "0.8".parse().unwrap(), retention: Retention::default(), advance: Some(advance) };
//! let done = |value: i64| vec![ScheduleLine { item: "010101".into(), measure: Measure::Quantity { quantity_to_date: value.into(), unit_rate: 1.into() } }];
//! // The fourth period: 2,200,000 done to date, 1,700,000 before; T = 2,120,000.
//! let fourth = ApplicationFigures::compute(&terms, &PayableRange::default(), &done(2_200_000), &Money::parse("CNY 1700000")?, &[])?;
//! assert_eq!(fourth.payable_this_period.to_string(), "CNY 400000.00");        // 80 % of 500,000
//! assert_eq!(fourth.retention_this_period.to_string(), "CNY 15000.00");       // 3 % of 500,000
//! assert_eq!(fourth.advance_recovered_this_period.to_string(), "CNY 48000.00"); // 60 % of 80,000
//! assert_eq!(fourth.net_due.to_string(), "CNY 337000.00");
//! # Ok(()) }
//! ```

/// Zero at the currency's scale (so it prints `CNY 0.00`): where every fund figure starts.
pub(crate) fn zero(currency: crate::Currency) -> crate::Money {
    crate::Money::zero(currency).round(crate::RoundingStrategy::HalfAwayFromZero)
}

mod advance;
mod application;
mod applications;
mod cashflow;
mod consumption;
mod events;
mod ledger;
mod payments;
mod positions;
mod retention;
mod sources;

pub use advance::{AdvancePayment, AdvanceRecovery};
pub use cashflow::{CashFlow, CashFlowRow, Flows, FundingGap, MAX_PERIODS};
pub use consumption::{consume, Charge, ConsumptionRule, Eligibility, FundBalance, FundKind};
pub use application::{ApplicationDeduction, ApplicationFigures, LineValue, Measure, PayableRange, PaymentTerms, ScheduleLine};
pub use events::{AllocationTarget, ApplicationState, FundEvent, PaymentOf};
pub(crate) use ledger::FundContext;
pub use ledger::{Consumption, FundLedger, FundSource, Payment, PaymentApplication, WageAccount, WageMovement};
pub use positions::{AllocationPosition, ContractPosition, SourcePosition, WageAccountPosition};
pub use retention::{Retention, MAX_LIABILITY_MONTHS, RETENTION_CAP_LIMIT};
pub use sources::split_allocation;
