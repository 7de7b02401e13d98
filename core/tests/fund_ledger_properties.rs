//! The fund ledger under random commands (issue 13): allocations never pass what a source
//! holds, consumption never passes an allocation, what sources gave equals what payments paid,
//! a refused command changes nothing, and two devices' fund events merge to the same balances
//! whichever merges which.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use projectledger::funds::{AllocationTarget, ConsumptionRule, FundEvent};
use projectledger::{ActorId, Decimal, Event, EventId, Journal, Money, Payload, ProjectId};
use proptest::prelude::*;

const CODES: [&str; 4] = ["01", "01.01", "01.02", "02"];
const SOURCES: [&str; 2] = ["S1", "S2"];

fn p1() -> ProjectId {
    ProjectId::try_new("P1").unwrap()
}

fn target(index: usize) -> AllocationTarget {
    // Index 4 is the whole project; the others the codes (a parent and its leaves included).
    AllocationTarget { project_id: p1(), code: CODES.get(index).map(|c| (*c).into()) }
}

fn cents(value: i64) -> Decimal {
    Decimal::new(value, 2)
}

fn event(n: usize, actor: &str, payload: impl Into<Payload>) -> Event {
    let at: DateTime<Utc> = "2025-01-01T00:00:00Z".parse().unwrap();
    Event::new(EventId::try_new(format!("e{n:04}")).unwrap(), at + Duration::minutes(n as i64), ActorId::try_new(actor).unwrap(), payload)
}

/// The project, its breakdown and budget, two sources (S2 material only, expiring 30 June) and
/// six direct costs recorded by the owner (so the approver pays them).
fn setup() -> Vec<Event> {
    let json = [
        r#"{"type":"role_granted","data":{"project_id":"P1","member":"fin","role":"approver"}}"#.to_owned(),
        r#"{"type":"cost_breakdown_defined","data":{"project_id":"P1","breakdown":{"codes":[{"code":"01","name":"Civil"},{"code":"01.01","name":"Piling"},{"code":"01.02","name":"Frame"},{"code":"02","name":"MEP"}]}}}"#.to_owned(),
        r#"{"type":"budget_lines_set","data":{"project_id":"P1","lines":[{"code":"01.01","cost_type":"material","amount":"300000"},{"code":"01.02","cost_type":"labour","amount":"200000"},{"code":"02","cost_type":"material","amount":"100000"}]}}"#.to_owned(),
        r#"{"type":"fund_source_registered","data":{"project_id":"P1","source_id":"S1","name":"Appropriation","kind":"appropriation","currency":{"code":"CNY","minor_units":2},"amount":"400000","available_from":"2025-01-01"}}"#.to_owned(),
        r#"{"type":"fund_source_registered","data":{"project_id":"P1","source_id":"S2","name":"Loan","kind":"loan","currency":{"code":"CNY","minor_units":2},"amount":"250000","available_from":"2025-01-01","expires_on":"2025-06-30","eligibility":{"cost_types":["material"]}}}"#.to_owned(),
    ];
    let calendar = projectledger::WorkCalendar::standard("Mon-Fri").unwrap();
    let mut events = vec![event(0, "pm", projectledger::lifecycle::LifecycleEvent::project_created(&p1(), "Plant", "P-1", projectledger::Currency::CNY, calendar))];
    events.extend(json.iter().enumerate().map(|(i, j)| event(i + 1, "pm", Payload::from_json(j).unwrap())));
    let costs = [("01.01", "material", 4_000_000), ("01.02", "labour", 2_500_000), ("02", "material", 1_234_567), ("01.01", "material", 9_000_000), ("02", "material", 333), ("01.02", "labour", 7_777_700)];
    for (i, (code, cost_type, amount)) in costs.into_iter().enumerate() {
        let cost = projectledger::cost::CostEvent::direct_cost(&p1(), &format!("C{i}"), vec![projectledger::cost::CostLine::new(code, cost_type, cents(amount))], "works");
        events.push(event(events.len(), "pm", cost));
    }
    events
}

#[derive(Debug, Clone)]
enum Command {
    Allocate { source: usize, amount: i64, targets: Vec<usize>, rule: u8, weights: Vec<u8> },
    Transfer { source: usize, from: usize, to: Option<usize>, amount: i64 },
    Change { source: usize, change: i64 },
    Pay { cost: usize, day: u32, ratio: bool },
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (0..2usize, 1..30_000_000i64, proptest::sample::subsequence(vec![0usize, 1, 2, 3, 4], 1..=3), 0..3u8, proptest::collection::vec(0..5u8, 3))
            .prop_map(|(source, amount, targets, rule, weights)| Command::Allocate { source, amount, targets, rule, weights }),
        (0..2usize, 0..5usize, proptest::option::of(0..5usize), 1..20_000_000i64).prop_map(|(source, from, to, amount)| Command::Transfer { source, from, to, amount }),
        (0..2usize, -20_000_000..20_000_000i64).prop_map(|(source, change)| Command::Change { source, change }),
        (0..6usize, 0..300u32, any::<bool>()).prop_map(|(cost, day, ratio)| Command::Pay { cost, day, ratio }),
    ]
}

fn payload(command: &Command, n: usize) -> (&'static str, FundEvent) {
    let project_id = p1();
    match command {
        Command::Allocate { source, amount, targets, rule, weights } => {
            let rule = match rule {
                0 => ConsumptionRule::Order,
                1 => ConsumptionRule::Ratio { weights: weights.iter().take(targets.len()).map(|w| Decimal::from(*w)).collect() },
                _ => {
                    // Manual: the amount split as given (the first target takes the rest).
                    let share = amount / targets.len() as i64;
                    let mut amounts = vec![cents(share); targets.len()];
                    amounts[0] = cents(amount - share * (targets.len() as i64 - 1));
                    ConsumptionRule::Manual { amounts }
                }
            };
            ("pm", FundEvent::FundsAllocated { project_id, source_id: SOURCES[*source].into(), amount: cents(*amount), targets: targets.iter().map(|t| target(*t)).collect(), rule })
        }
        Command::Transfer { source, from, to, amount } => {
            ("pm", FundEvent::FundsTransferred { project_id, source_id: SOURCES[*source].into(), from: target(*from), to: to.map(target), amount: cents(*amount) })
        }
        Command::Change { source, change } => ("pm", FundEvent::FundSourceChanged { project_id, source_id: SOURCES[*source].into(), change: cents(*change), reason: "revised".into() }),
        Command::Pay { cost, day, ratio } => {
            let paid_on = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Duration::days(i64::from(*day));
            let mut pay = FundEvent::cost_paid(&p1(), &format!("PAY-{n}"), paid_on, &format!("C{cost}"));
            if *ratio && let FundEvent::PaymentRecorded { rule, sources, .. } = &mut pay {
                *rule = ConsumptionRule::Ratio { weights: vec![Decimal::ONE, Decimal::TWO] };
                *sources = SOURCES.iter().map(|s| (*s).to_owned()).collect();
            }
            ("fin", pay)
        }
    }
}

fn positions(journal: &Journal) -> (Vec<String>, Vec<String>) {
    let funds = journal.state().funds();
    let sources = funds.source_positions().unwrap().iter().map(|p| format!("{} {} {} {}", p.source_id, p.amount, p.allocated, p.consumed)).collect();
    let allocations = funds.allocation_positions(None).unwrap().iter().map(|p| format!("{} {:?} {} {}", p.source_id, p.code, p.allocated, p.consumed)).collect();
    (sources, allocations)
}

/// What the ledger must hold after every command.
fn check_sums(journal: &Journal) -> Result<(), TestCaseError> {
    let state = journal.state();
    prop_assert_eq!(state.check_invariants(), Ok(()));
    let funds = state.funds();
    let zero = Money::zero(projectledger::Currency::CNY);
    let mut consumed_by_sources = zero;
    for source in funds.source_positions().unwrap() {
        prop_assert!(source.allocated.checked_cmp(&source.amount).unwrap().is_le(), "{} allocates {} of {}", source.source_id, source.allocated, source.amount);
        consumed_by_sources = consumed_by_sources.checked_add(&source.consumed).unwrap();
    }
    for allocation in funds.allocation_positions(None).unwrap() {
        prop_assert!(!allocation.remaining.amount().is_sign_negative() || allocation.remaining.amount().is_zero(), "{:?}", allocation);
    }
    let paid = funds.payments().fold(zero, |sum, p| sum.checked_add(&p.amount).unwrap());
    prop_assert_eq!(consumed_by_sources, paid);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn funds_never_pass_what_is_there_and_refusals_change_nothing(commands in proptest::collection::vec(command(), 1..40)) {
        let mut journal = Journal::new();
        for e in setup() {
            journal.append(e).unwrap();
        }
        let base = journal.len();
        for (i, command) in commands.iter().enumerate() {
            let (actor, fund_event) = payload(command, i);
            let before = journal.clone();
            // About half the commands are refused (short funds, an allocation not there yet).
            if journal.append(event(base + i, actor, fund_event)).is_err() {
                prop_assert!(journal == before && journal.state() == before.state(), "a refused command changed the journal");
            }
            check_sums(&journal)?;
        }
        prop_assert_eq!(journal.replay(), journal.state().clone());
    }

    #[test]
    fn two_devices_merge_to_the_same_balances_whichever_merges_which(commands in proptest::collection::vec(command(), 1..30), split in proptest::collection::vec(any::<bool>(), 30)) {
        let (mut office, mut site) = (Journal::new(), Journal::new());
        for e in setup() {
            office.append(e.clone()).unwrap();
            site.append(e).unwrap();
        }
        let base = office.len();
        for (i, command) in commands.iter().enumerate() {
            let (actor, fund_event) = payload(command, i);
            let device = if split[i] { &mut office } else { &mut site };
            // What a device refuses on its own never reaches the merge.
            let _ = device.append(event(base + i, actor, fund_event));
        }
        let (mut office_site, mut site_office) = (office.clone(), site.clone());
        office_site.merge(&site).unwrap();
        site_office.merge(&office).unwrap();
        prop_assert_eq!(positions(&office_site), positions(&site_office));
        prop_assert_eq!(office_site.state(), site_office.state());
        check_sums(&office_site)?;
    }
}

proptest! {
    /// Every split of an allocation sums to it exactly, in whole cents; by order, no target
    /// takes more than its need and each takes all of it before the next takes anything.
    #[test]
    fn allocations_sum_exactly(amount in 1..10_000_000_000i64, weights in proptest::collection::vec(0..1_000_000u32, 1..40), needs in proptest::collection::vec(0..2_000_000_000i64, 1..40)) {
        use projectledger::funds::split_allocation;
        let total = Money::new(cents(amount), projectledger::Currency::CNY);
        let sum = |shares: &[Money]| shares.iter().fold(Money::zero(projectledger::Currency::CNY), |s, m| s.checked_add(m).unwrap());
        let ratio = ConsumptionRule::Ratio { weights: weights.iter().map(|w| Decimal::from(*w)).collect() };
        if let Ok(shares) = split_allocation(&total, &ratio, weights.len(), &[]) {
            prop_assert_eq!(sum(&shares), total);
            prop_assert!(shares.iter().all(Money::is_in_minor_units));
        }
        let needs: Vec<Money> = needs.iter().map(|n| Money::new(cents(*n), projectledger::Currency::CNY)).collect();
        match split_allocation(&total, &ConsumptionRule::Order, needs.len(), &needs) {
            Ok(shares) => {
                prop_assert_eq!(sum(&shares), total);
                let mut filling = true;
                for (share, need) in shares.iter().zip(&needs) {
                    prop_assert!(share.checked_cmp(need).unwrap().is_le());
                    prop_assert!(filling || share.amount().is_zero(), "a later target took before an earlier one was full");
                    filling = filling && share == need;
                }
            }
            Err(error) => prop_assert!(sum(&needs).checked_cmp(&total).unwrap().is_lt(), "refused although the needs take {}: {error}", sum(&needs)),
        }
    }
}
