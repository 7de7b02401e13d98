//! Payment applications (issue 13): a contract's applications, period after period, sum
//! exactly to its cumulative position; retention never passes its cap, the advance is
//! recovered exactly once, and no application certifies more than the completed value less
//! retention, advance recovered and deductions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use projectledger::funds::{AdvancePayment, AdvanceRecovery, ApplicationDeduction, ApplicationFigures, Measure, PayableRange, PaymentTerms, Retention, ScheduleLine};
use projectledger::{Currency, Decimal, Money};
use proptest::prelude::*;

fn cny(amount: Decimal) -> Money {
    Money::new(amount, Currency::CNY)
}

fn share(per_mille: u32) -> Decimal {
    Decimal::new(i64::from(per_mille), 3)
}

/// The line a period's cumulative completed value is measured by.
fn lines(completed_cents: i64) -> Vec<ScheduleLine> {
    vec![ScheduleLine { item: "010101001".into(), measure: Measure::Quantity { quantity_to_date: Decimal::new(completed_cents, 2), unit_rate: Decimal::ONE } }]
}

fn terms() -> impl Strategy<Value = PaymentTerms> {
    let recovery = prop_oneof![
        (1u32..=1000).prop_map(|n| AdvanceRecovery::Threshold { main_materials_share: share(n) }),
        (0u32..1000, 1u32..=1000).prop_filter_map("from before to", |(a, b)| (a < b).then(|| AdvanceRecovery::Linear { from: share(a), to: share(b) })),
    ];
    (100_000_i64..10_000_000_000, 600u32..=900, 0u32..=100, 0u32..=30, proptest::option::of((0u32..=300, recovery))).prop_map(|(price, payable, rate, cap, advance)| {
        let price = cny(Decimal::new(price, 2));
        PaymentTerms {
            contract_price: price,
            payable_share: share(payable),
            retention: Retention { rate: share(rate), cap: share(cap), liability_months: 12 },
            advance: advance.map(|(s, recovery)| AdvancePayment::share_of(&price, share(s), recovery).unwrap()),
        }
    })
    .prop_filter("terms a contract may hold (T ≥ 0)", |terms| terms.check(&PayableRange::default()).is_ok())
}

proptest! {
    #[test]
    fn applications_sum_to_the_cumulative_position(terms in terms(), steps in proptest::collection::vec(0u32..=400, 1..12), deduction in 0i64..10_000) {
        let price_cents = terms.contract_price.to_minor_units().unwrap() as i64;
        let zero = cny(Decimal::ZERO);
        let (mut previous, mut cumulative) = (0i64, 0i64);
        let (mut payable, mut withheld, mut recovered) = (zero, zero, zero);
        let range = PayableRange::default();
        let last = steps.len() - 1;
        for (i, step) in steps.iter().enumerate() {
            // Each period completes a share of the price (up to 40 %); the last one finishes it.
            cumulative = if i == last { price_cents } else { (cumulative + price_cents / 1000 * i64::from(*step)).min(price_cents) };
            let deductions = [ApplicationDeduction { reason: "back-charge".into(), amount: Decimal::new(deduction, 2) }];
            let figures = ApplicationFigures::compute(&terms, &range, &lines(cumulative), &cny(Decimal::new(previous, 2)), &deductions).unwrap();
            for figure in [figures.payable_this_period, figures.retention_this_period, figures.advance_recovered_this_period, figures.net_due] {
                prop_assert!(figure.is_in_minor_units(), "{figure}");
            }
            // Nothing certified beyond completed − retention − recovery − deductions.
            let ceiling = figures.completed_this_period.checked_sub(&figures.retention_this_period).unwrap()
                .checked_sub(&figures.advance_recovered_this_period).unwrap()
                .checked_sub(&figures.deductions).unwrap();
            prop_assert!(figures.net_due.amount() <= ceiling.amount(), "{} > {}", figures.net_due, ceiling);
            prop_assert!(figures.retention_to_date.amount() <= terms.retention.limit(&terms.contract_price).unwrap().amount());
            payable = payable.checked_add(&figures.payable_this_period).unwrap();
            withheld = withheld.checked_add(&figures.retention_this_period).unwrap();
            recovered = recovered.checked_add(&figures.advance_recovered_this_period).unwrap();
            prop_assert_eq!(withheld, figures.retention_to_date);
            prop_assert_eq!(recovered, figures.advance_recovered_to_date);
            previous = cumulative;
        }
        // The periods telescope to the whole: the payable share of the price, the advance once.
        let whole = ApplicationFigures::compute(&terms, &range, &lines(price_cents), &zero, &[]).unwrap();
        prop_assert_eq!(payable, whole.payable_this_period);
        prop_assert_eq!(withheld, whole.retention_this_period);
        prop_assert_eq!(recovered, terms.advance.map_or(zero, |a| a.amount));
    }
}

/// DESIGN.md's vector as six applications: P = 2,650,000, advance 12 % (318,000), N = 60 %
/// (T = 2,120,000), 80 % payable, 3 % retention capped at 3 % of P (79,500).
#[test]
fn the_design_vector_as_six_applications() {
    let price = cny(2_650_000.into());
    let advance = AdvancePayment::share_of(&price, "0.12".parse().unwrap(), AdvanceRecovery::Threshold { main_materials_share: "0.6".parse().unwrap() }).unwrap();
    let terms = PaymentTerms { contract_price: price, payable_share: "0.8".parse().unwrap(), retention: Retention::default(), advance: Some(advance) };
    let mut previous = 0i64;
    let mut rows = Vec::new();
    for completed in [400_000i64, 600_000, 700_000, 500_000, 300_000, 150_000] {
        let to_date = previous + completed;
        let f = ApplicationFigures::compute(&terms, &PayableRange::default(), &lines(to_date * 100), &cny(previous.into()), &[]).unwrap();
        rows.push([f.payable_this_period, f.retention_this_period, f.advance_recovered_this_period, f.net_due].map(|m| m.to_string()));
        previous = to_date;
    }
    let expected = [
        ["CNY 320000.00", "CNY 12000.00", "CNY 0.00", "CNY 308000.00"],
        ["CNY 480000.00", "CNY 18000.00", "CNY 0.00", "CNY 462000.00"],
        ["CNY 560000.00", "CNY 21000.00", "CNY 0.00", "CNY 539000.00"],
        ["CNY 400000.00", "CNY 15000.00", "CNY 48000.00", "CNY 337000.00"],
        ["CNY 240000.00", "CNY 9000.00", "CNY 180000.00", "CNY 51000.00"],
        ["CNY 120000.00", "CNY 4500.00", "CNY 90000.00", "CNY 25500.00"],
    ];
    assert_eq!(rows, expected.map(|r| r.map(str::to_owned)));
}

#[test]
fn bad_terms_and_lines_are_named_all_at_once() {
    let price = cny(1_000_000.into());
    let terms = PaymentTerms { contract_price: price, payable_share: "0.95".parse().unwrap(), retention: Retention { rate: "0.05".parse().unwrap(), cap: "0.04".parse().unwrap(), liability_months: 12 }, advance: None };
    let message = ApplicationFigures::compute(&terms, &PayableRange::default(), &lines(100), &cny(Decimal::ZERO), &[]).unwrap_err().to_string();
    assert!(message.contains("payable share 0.95 is outside 0.6–0.9") && message.contains("cap 0.04"), "{message}");
    let public = PayableRange { min: "0.8".parse().unwrap(), max: "0.95".parse().unwrap() };
    assert!(ApplicationFigures::compute(&terms, &public, &lines(100), &cny(Decimal::ZERO), &[]).unwrap_err().to_string().contains("cap 0.04"));
    let fine = PaymentTerms { retention: Retention::default(), ..terms };
    let bad_lines = vec![
        ScheduleLine { item: "A".into(), measure: Measure::PercentComplete { scheduled_value: 1000.into(), complete_to_date: "1.2".parse().unwrap() } },
        ScheduleLine { item: "B".into(), measure: Measure::Quantity { quantity_to_date: (-3).into(), unit_rate: 10.into() } },
    ];
    let message = ApplicationFigures::compute(&fine, &public, &bad_lines, &cny(Decimal::ZERO), &[]).unwrap_err().to_string();
    assert!(message.contains("line \"A\"") && message.contains("line \"B\""), "{message}");
    assert_eq!(ApplicationFigures::compute(&fine, &public, &lines(100), &cny((-1).into()), &[]).unwrap_err().kind(), "InvalidField");
    let fractional = [ApplicationDeduction { reason: "penalty".into(), amount: "0.001".parse().unwrap() }];
    assert_eq!(ApplicationFigures::compute(&fine, &public, &lines(100), &cny(Decimal::ZERO), &fractional).unwrap_err().kind(), "InvalidField");
}

/// A project's cash flow from its journal: a 10,000 work package spread linearly over the 10
/// working days of 23 June – 4 July 2025 (6 in June: 6,000; 4 in July: 4,000), a direct cost
/// of 2,500 on 25 June, and funds of 5,000 on 1 June and 5,000 on 15 July. June is short by
/// 1,000 (6,000 planned, 5,000 available); by July's end the need is covered.
#[test]
fn a_projects_cash_flow_and_funding_gap_from_its_journal() {
    use projectledger::{Journal, Payload, PeriodKind, ProjectId};
    let p1 = ProjectId::try_new("P1").unwrap();
    let mut journal = Journal::new();
    let at = |text: &str| text.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let mut events = journal.event_source("office").unwrap().with_clock({
        let mut times = ["2025-05-31T00:00:00Z", "2025-06-01T00:01:00Z", "2025-06-01T00:02:00Z", "2025-06-01T00:03:00Z", "2025-06-25T08:00:00Z"].into_iter();
        move || at(times.next().unwrap())
    });
    let created = projectledger::lifecycle::LifecycleEvent::project_created(&p1, "Depot", "D-1", Currency::CNY, projectledger::WorkCalendar::china(2025, 2026).unwrap());
    journal.record(events.event("pm", created).unwrap()).unwrap();
    for json in [
        r#"{"type":"cost_breakdown_defined","data":{"project_id":"P1","breakdown":{"codes":[{"code":"01","name":"Civil"}]}}}"#,
        r#"{"type":"budget_lines_set","data":{"project_id":"P1","lines":[{"code":"01","cost_type":"material","amount":"10000"}]}}"#,
        r#"{"type":"work_package_scheduled","data":{"project_id":"P1","code":"01","start":"2025-06-23","finish":"2025-07-04","profile":"linear","technique":{"kind":"zero_hundred"}}}"#,
        r#"{"type":"cost_recorded","data":{"project_id":"P1","cost_id":"C1","kind":"direct","lines":[{"code":"01","cost_type":"material","amount":"2500"}],"description":"rebar"}}"#,
    ] {
        journal.record(events.event("pm", Payload::from_json(json).unwrap()).unwrap()).unwrap();
    }
    let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    assert_eq!(journal.state().conflicts().len(), 0);
    let available = [(day(6, 1), cny(5_000.into())), (day(7, 15), cny(5_000.into()))];
    let flow = journal.state().cash_flow(&p1, PeriodKind::Month, &available).unwrap();
    let rows: Vec<[String; 5]> = flow.rows.iter().map(|r| [r.period.to_string(), r.planned.to_string(), r.actual.to_string(), r.available.to_string(), r.shortfall.to_string()]).collect();
    assert_eq!(rows, [
        ["2025-06", "CNY 6000.00", "CNY 2500.00", "CNY 5000.00", "CNY 1000.00"].map(str::to_owned),
        ["2025-07", "CNY 4000.00", "CNY 0.00", "CNY 5000.00", "CNY 0.00"].map(str::to_owned),
    ]);
    let gap = flow.funding_gap.unwrap();
    assert_eq!((gap.period.to_string(), gap.shortfall.to_string()), ("2025-06".to_owned(), "CNY 1000.00".to_owned()));
    let usd = [(day(6, 1), Money::parse("USD 5000").unwrap())];
    assert_eq!(journal.state().cash_flow(&p1, PeriodKind::Month, &usd).unwrap_err().kind(), "CurrencyMismatch");

    // The portfolio in CNY pools P1 with P2 (1,200 spent on 10 July); a USD project is not
    // converted, so not counted.
    let mut more = journal.event_source("site").unwrap().with_clock(move || at("2025-07-10T08:00:00Z"));
    let p2 = ProjectId::try_new("P2").unwrap();
    let p3 = ProjectId::try_new("P3").unwrap();
    let calendar = projectledger::WorkCalendar::china(2025, 2026).unwrap();
    for payload in [
        Payload::from(projectledger::lifecycle::LifecycleEvent::project_created(&p2, "Annex", "A-2", Currency::CNY, calendar.clone())),
        projectledger::lifecycle::LifecycleEvent::project_created(&p3, "HK office", "H-3", Currency::USD, calendar).into(),
        Payload::from_json(r#"{"type":"cost_breakdown_defined","data":{"project_id":"P2","breakdown":{"codes":[{"code":"01","name":"Civil"}]}}}"#).unwrap(),
        Payload::from_json(r#"{"type":"cost_breakdown_defined","data":{"project_id":"P3","breakdown":{"codes":[{"code":"01","name":"Fit-out"}]}}}"#).unwrap(),
        Payload::from_json(r#"{"type":"cost_recorded","data":{"project_id":"P2","cost_id":"C1","kind":"direct","lines":[{"code":"01","cost_type":"material","amount":"1200"}],"description":"doors"}}"#).unwrap(),
        Payload::from_json(r#"{"type":"cost_recorded","data":{"project_id":"P3","cost_id":"C1","kind":"direct","lines":[{"code":"01","cost_type":"material","amount":"999"}],"description":"desks"}}"#).unwrap(),
    ] {
        journal.record(more.event("pm", payload).unwrap()).unwrap();
    }
    let pooled = journal.state().portfolio_cash_flow(Currency::CNY, PeriodKind::Month, &available).unwrap();
    let actual: Vec<String> = pooled.rows.iter().map(|r| r.actual.to_string()).collect();
    assert_eq!(actual, ["CNY 2500.00", "CNY 1200.00"]);
    assert_eq!(pooled.funding_gap.map(|g| g.shortfall.to_string()), Some("CNY 1000.00".to_owned()));
    let dollars = journal.state().portfolio_cash_flow(Currency::USD, PeriodKind::Month, &[]).unwrap();
    assert_eq!(dollars.rows.iter().map(|r| r.actual.to_string()).collect::<Vec<_>>(), ["USD 999.00"]);
}

mod consumption {
    use super::*;
    use chrono::NaiveDate;
    use projectledger::cost::CostBreakdown;
    use projectledger::funds::{consume, Charge, ConsumptionRule, Eligibility, FundBalance};

    fn tree() -> CostBreakdown {
        CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"},{"code":"01.01","name":"Piling"},{"code":"02","name":"IT"}]}"#).unwrap()
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    fn money(v: i64) -> Money {
        cny(v.into())
    }

    fn shown(shares: &[Money]) -> Vec<String> {
        shares.iter().map(|m| m.amount().to_string()).collect()
    }

    /// A: an appropriation for civil materials (1,000); B: a loan for anything (5,000); C:
    /// owner funds that expired on 31 March (9,000).
    #[test]
    fn funds_pay_in_order_skipping_the_expired_and_the_ineligible() {
        let civil_material = Eligibility { cost_types: vec!["material".into()], codes: vec!["01".into()] };
        let any = Eligibility::default();
        let funds = [
            FundBalance { source_id: "A", remaining: money(1_000), available_from: day(1, 1), expires_on: None, eligibility: &civil_material },
            FundBalance { source_id: "B", remaining: money(5_000), available_from: day(2, 1), expires_on: None, eligibility: &any },
            FundBalance { source_id: "C", remaining: money(9_000), available_from: day(1, 1), expires_on: Some(day(3, 31)), eligibility: &any },
        ];
        let charge = |code, cost_type, amount| Charge { date: day(4, 10), cost_type, code, amount: money(amount) };
        // Piling material (under 01): A first, then B; C has expired.
        assert_eq!(shown(&consume(&charge("01.01", "material", 1_500), &funds, &ConsumptionRule::Order, &tree()).unwrap()), ["1000.00", "500.00", "0.00"]);
        // IT labour: A may not pay it, C has expired; B alone holds 5,000 of the 6,000.
        let error = consume(&charge("02", "labour", 6_000), &funds, &ConsumptionRule::Order, &tree()).unwrap_err();
        assert_eq!(error, projectledger::Error::InsufficientFunds { currency: "CNY".into(), needed: 6000.into(), covered: 5000.into(), shortfall: 1000.into() });
        assert!(error.to_string().contains("short by CNY 1000"));
        // By ratio 1 : 1 : 1, among the funds that may pay (A and B): 750 each.
        let ratio = ConsumptionRule::Ratio { weights: vec![1.into(), 1.into(), 1.into()] };
        assert_eq!(shown(&consume(&charge("01.01", "material", 1_500), &funds, &ratio, &tree()).unwrap()), ["750.00", "750.00", "0.00"]);
        // Manual: to an expired fund, or not adding up, is refused.
        let to_expired = ConsumptionRule::Manual { amounts: vec![0.into(), 500.into(), 1000.into()] };
        assert!(consume(&charge("01.01", "material", 1_500), &funds, &to_expired, &tree()).unwrap_err().to_string().contains("fund C may not pay"));
        let short_sum = ConsumptionRule::Manual { amounts: vec![500.into(), 500.into(), 0.into()] };
        assert_eq!(consume(&charge("01.01", "material", 1_500), &funds, &short_sum, &tree()).unwrap_err().kind(), "InvalidField");
        // A payment below zero is refused: a refund restores a fund, it does not consume one.
        assert_eq!(consume(&charge("01.01", "material", -5), &funds, &ConsumptionRule::Order, &tree()).unwrap_err().kind(), "InvalidAmount");
        // On 20 January B is not open yet (1 February) and C has not expired: A, then C.
        let early = Charge { date: day(1, 20), ..charge("01", "material", 1_200) };
        assert_eq!(shown(&consume(&early, &funds, &ConsumptionRule::Order, &tree()).unwrap()), ["1000.00", "0.00", "200.00"]);
    }

    proptest! {
        #[test]
        fn what_is_paid_sums_to_the_charge_within_what_may_pay(
            specs in proptest::collection::vec((0i64..5_000, 0u32..60, proptest::option::of(0u32..60), any::<bool>(), 1u32..5), 1..6),
            amount in 1i64..10_000,
            on in 0u32..60,
            by_ratio in any::<bool>(),
        ) {
            let material = Eligibility { cost_types: vec!["material".into()], codes: vec![] };
            let any_cost = Eligibility::default();
            let start = day(1, 1);
            let after = |days: u32| start + chrono::Days::new(u64::from(days));
            let funds: Vec<FundBalance> = specs.iter().enumerate().map(|(i, (held, from, until, only_material, _))| FundBalance {
                source_id: ["A", "B", "C", "D", "E", "F"][i],
                remaining: money(*held),
                available_from: after(*from),
                expires_on: until.map(after),
                eligibility: if *only_material { &material } else { &any_cost },
            }).collect();
            let charge = Charge { date: after(on), cost_type: "labour", code: "02", amount: money(amount) };
            let rule = if by_ratio { ConsumptionRule::Ratio { weights: specs.iter().map(|s| s.4.into()).collect() } } else { ConsumptionRule::Order };
            let may_pay = |f: &FundBalance| f.available_from <= charge.date && f.expires_on.is_none_or(|e| charge.date <= e) && f.eligibility.cost_types.is_empty();
            let covered: i64 = specs.iter().zip(&funds).filter(|(_, f)| may_pay(f)).map(|(s, _)| s.0).sum();
            match consume(&charge, &funds, &rule, &tree()) {
                Ok(shares) => {
                    let total = shares.iter().fold(money(0), |sum, s| sum.checked_add(s).unwrap());
                    prop_assert_eq!(total, charge.amount);
                    for (fund, share) in funds.iter().zip(&shares) {
                        prop_assert!(share.amount() >= Decimal::ZERO && share.amount() <= fund.remaining.amount());
                        if !may_pay(fund) { prop_assert!(share.amount().is_zero()); }
                    }
                }
                Err(projectledger::Error::InsufficientFunds { covered: c, shortfall, .. }) => {
                    prop_assert!(covered < amount);
                    prop_assert_eq!(c, Decimal::from(covered));
                    prop_assert_eq!(shortfall, Decimal::from(amount - covered));
                }
                // A ratio can send a fund more than it holds though the funds cover the whole.
                Err(other) => prop_assert!(by_ratio && covered >= amount && other.kind() == "InvalidField", "{other}"),
            }
        }
    }
}

/// A subcontractor's day work as application lines: per cost code, the approved and paid
/// entries through the day — the same sums as the day-work summary of those entries; split by
/// employer, the two employers' lines add up to the whole.
#[test]
fn day_work_lines_match_the_register() {
    use projectledger::labour::{Dimension, EntryFilter, EntryState};
    use projectledger::{Journal, ProjectId};
    let journal = Journal::from_jsonl(&std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden/daywork.jsonl")).unwrap()).unwrap();
    let state = journal.state();
    let through = chrono::NaiveDate::from_ymd_opt(2099, 12, 31).unwrap();
    let value = |line: &ScheduleLine| match line.measure {
        Measure::Amount { value_to_date } => value_to_date,
        _ => panic!("a day-work line is valued to date"),
    };
    let mut checked = 0;
    for project in ["GA", "GB"].map(|p| ProjectId::try_new(p).unwrap()) {
        let lines = state.day_work_lines(&project, through, None).unwrap();
        let filter = EntryFilter { projects: vec![project.clone()], states: vec![EntryState::Approved, EntryState::Paid], ..EntryFilter::default() };
        let summary = state.day_work_summary(&[Dimension::CostCode], &filter).unwrap();
        let from_summary: Vec<(String, Decimal)> = summary.iter().map(|r| (format!("计日工 {}", r.key.get(Dimension::CostCode).unwrap()), r.amount.amount())).collect();
        let from_lines: Vec<(String, Decimal)> = lines.iter().map(|l| (l.item.clone(), value(l))).collect();
        assert_eq!(from_lines, from_summary);
        checked += lines.len();
        let by_employer: Decimal = ["华建劳务", "远大劳务"].iter().flat_map(|e| state.day_work_lines(&project, through, Some(e)).unwrap()).map(|l| value(&l)).sum();
        assert_eq!(by_employer, from_lines.iter().map(|(_, v)| *v).sum::<Decimal>());
        assert!(state.day_work_lines(&project, through, Some("nobody")).unwrap().is_empty());
    }
    assert!(checked > 0, "the golden journal has approved day work");
}
