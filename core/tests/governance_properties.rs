//! The risk register's invariants on random inputs: the matrix's arithmetic, exact EMV
//! totals, refused commands changing nothing, and two devices merging to one register.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use projectledger::cost::{CostBreakdown, CostEvent, CostLine};
use projectledger::governance::{Assessment, GovernanceEvent, Rating, ResponseStrategy, RiskAction, RiskCategory, RiskLevel, RiskOutcome};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::{ActorId, Currency, Decimal, Journal, Money, Payload, ProjectId, RoundingStrategy, WorkCalendar};
use proptest::prelude::*;

fn p() -> ProjectId {
    ProjectId::try_new("P").unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap() + chrono::Duration::days(i64::from(d))
}

fn assessment(probability: u8, impacts: (u8, u8, u8), percent: Option<u32>, exposure: Option<i64>) -> Assessment {
    Assessment {
        probability: Rating::new(probability).unwrap(),
        probability_percent: percent.map(Decimal::from),
        cost_impact: Rating::new(impacts.0).unwrap(),
        schedule_impact: Rating::new(impacts.1).unwrap(),
        quality_impact: Rating::new(impacts.2).unwrap(),
        cost_exposure: exposure.map(|cents| Decimal::new(cents, 2)),
    }
}

/// A project with a breakdown holding a contingency code `09` of 50,000.00, a site foreman
/// and a risk manager.
fn setup() -> (Journal, common::Events) {
    let mut events = common::Events::new("s", "2025-06-01T00:00:00Z");
    let mut journal = Journal::new();
    let tree = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"},{"code":"09","name":"Contingency"}]}"#).unwrap();
    for payload in [
        Payload::from(LifecycleEvent::project_created(&p(), "Depot", "D-1", Currency::CNY, WorkCalendar::china(2025, 2026).unwrap())),
        LifecycleEvent::RoleGranted { project_id: p(), member: ActorId::try_new("zhao").unwrap(), role: "foreman".into() }.into(),
        CostEvent::breakdown_defined(&p(), tree).into(),
        CostEvent::BudgetLinesSet { project_id: p(), lines: vec![CostLine::new("09", "other", Decimal::from(50_000))] }.into(),
        GovernanceEvent::ContingencyReserveSet { project_id: p(), cost_code: "09".into() }.into(),
    ] {
        events.append(&mut journal, "pm", payload).unwrap();
    }
    (journal, events)
}

#[derive(Debug, Clone)]
enum Command {
    Identify(u8, u8),
    Assess(u8, u8, (u8, u8, u8), Option<u32>, Option<i64>, u32),
    Plan(u8, u8),
    Done(u8, u8, u32),
    Observe(u8, u8, u32),
    Close(u8, bool),
}

fn command() -> impl Strategy<Value = Command> {
    let rating = 0u8..7; // 0 and 6 are off the scale: refused
    prop_oneof![
        3 => (0u8..6, 0u8..3).prop_map(|(r, a)| Command::Identify(r, a)),
        4 => (0u8..6, rating.clone(), (rating.clone(), 1u8..6, 1u8..6), prop::option::of(0u32..120), prop::option::of(-100i64..10_000_000), 0u32..60)
            .prop_map(|(r, p, i, pc, e, d)| Command::Assess(r, p, i, pc, e, d)),
        2 => (0u8..6, 0u8..5).prop_map(|(r, s)| Command::Plan(r, s)),
        2 => (0u8..6, 0u8..3, 0u32..60).prop_map(|(r, a, d)| Command::Done(r, a, d)),
        2 => (0u8..6, 0u8..3, 0u32..60).prop_map(|(r, a, d)| Command::Observe(r, a, d)),
        1 => (0u8..6, any::<bool>()).prop_map(|(r, o)| Command::Close(r, o)),
    ]
}

const ACTORS: [&str; 3] = ["pm", "zhao", "nobody"];

fn payload(command: &Command) -> (&'static str, Payload) {
    let risk = |r: &u8| format!("R{r}");
    let project_id = p();
    let event = match command {
        Command::Identify(r, a) => {
            return (ACTORS[usize::from(*a)], GovernanceEvent::RiskIdentified {
                project_id, risk_id: risk(r), title: format!("risk {r}"), category: RiskCategory::Schedule, cause: String::new(), event: String::new(),
                effect: String::new(), owner: None, cost_codes: vec!["01".into()], activities: vec![],
            }.into());
        }
        Command::Assess(r, probability, impacts, percent, exposure, d) => {
            let rated = |n: u8| Rating::new(n);
            let (Ok(probability), Ok(cost_impact)) = (rated(*probability), rated(impacts.0)) else {
                // Off the scale: the payload cannot even be built; send it as JSON instead.
                let json = format!(r#"{{"type":"risk_assessed","data":{{"project_id":"P","risk_id":"{}","assessment":{{"probability":{probability},"cost_impact":{},"schedule_impact":1,"quality_impact":1}}}}}}"#, risk(r), impacts.0);
                assert!(Payload::from_json(&json).is_err());
                return ("pm", GovernanceEvent::RiskObserved { project_id, risk_id: "no such risk".into(), note: "n".into(), next_review: None }.into());
            };
            let mut a = assessment(probability.value(), (cost_impact.value(), impacts.1, impacts.2), *percent, *exposure);
            a.probability = probability;
            GovernanceEvent::RiskAssessed { project_id, risk_id: risk(r), assessment: a, next_review: Some(day(*d)) }
        }
        Command::Plan(r, s) => {
            let strategy = [ResponseStrategy::Avoid, ResponseStrategy::Mitigate, ResponseStrategy::Transfer, ResponseStrategy::Accept, ResponseStrategy::Escalate][usize::from(*s)];
            let actions = (0..2).map(|a| RiskAction { action_id: format!("A{a}"), description: "do it".into(), owner: ActorId::try_new("zhao").unwrap(), due: day(10 * a + 5), done_on: None }).collect();
            GovernanceEvent::RiskResponsePlanned { project_id, risk_id: risk(r), strategy, actions }
        }
        Command::Done(r, a, d) => {
            return ("zhao", GovernanceEvent::RiskActionDone { project_id, risk_id: risk(r), action_id: format!("A{a}"), done_on: day(*d) }.into());
        }
        Command::Observe(r, a, d) => {
            return (ACTORS[usize::from(*a)], GovernanceEvent::RiskObserved { project_id, risk_id: risk(r), note: "seen on site".into(), next_review: Some(day(*d)) }.into());
        }
        Command::Close(r, occurred) => {
            GovernanceEvent::RiskClosed { project_id, risk_id: risk(r), outcome: if *occurred { RiskOutcome::Occurred } else { RiskOutcome::Closed }, note: String::new() }
        }
    };
    ("pm", event.into())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Score = probability × the worst impact; the cell is (probability, impact); the level
    /// never falls as the score rises; EMV is the likelihood times the exposure, rounded once.
    #[test]
    fn the_matrix_follows_from_its_ratings(probability in 1u8..6, impacts in (1u8..6, 1u8..6, 1u8..6), percent in prop::option::of(0u32..101), cents in 0i64..1_000_000_000) {
        let a = assessment(probability, impacts, percent, Some(cents));
        let impact = impacts.0.max(impacts.1).max(impacts.2);
        prop_assert_eq!(a.score(), probability * impact);
        prop_assert_eq!(a.cell(), (probability, impact));
        for higher in a.score()..=25 {
            prop_assert!(RiskLevel::of(higher) >= a.level());
        }
        let likelihood = percent.map_or(Decimal::new(i64::from(2 * probability - 1), 1), |p| Decimal::from(p) / Decimal::ONE_HUNDRED);
        let expected = Money::new(likelihood * Decimal::new(cents, 2), Currency::CNY).round(RoundingStrategy::HalfAwayFromZero);
        prop_assert_eq!(a.emv(Currency::CNY).unwrap(), Some(expected));
    }

    /// Under any commands: a refused one changes nothing; the exposure's total is the exact
    /// sum of the open risks' EMVs and its shortfall what the reserve does not cover; the
    /// heat map holds exactly the open assessed risks.
    #[test]
    fn the_register_holds_under_any_commands(commands in prop::collection::vec(command(), 0..40)) {
        let (mut journal, mut events) = setup();
        for command in &commands {
            let (actor, payload) = payload(command);
            let before = journal.clone();
            if journal.append(events.next(actor, payload)).is_err() {
                prop_assert!(journal == before, "a refused command changed the journal");
                prop_assert!(journal.state() == before.state());
            }
        }
        common::assert_invariants(&journal);
        let state = journal.state();
        let rows = state.risk_register(Some(&p()), day(30)).unwrap();
        let open: Vec<_> = rows.iter().filter(|r| r.status.is_open()).collect();
        let sum = open.iter().filter_map(|r| r.emv).try_fold(Money::zero(Currency::CNY), |acc, m| acc.checked_add(&m)).unwrap();
        let exposure = state.risk_exposure(&p()).unwrap();
        prop_assert_eq!(exposure.emv_total, sum);
        prop_assert_eq!(exposure.open_risks, open.len() as u64);
        let reserve = Money::parse("CNY 50000.00").unwrap();
        prop_assert_eq!(exposure.contingency, Some(reserve));
        let beyond = sum.checked_sub(&reserve).unwrap();
        prop_assert_eq!(exposure.shortfall, if beyond.amount() > Decimal::ZERO { beyond } else { Money::zero(Currency::CNY) });
        let map = state.risk_heat_map(Some(&p())).unwrap();
        let placed: usize = map.cells.iter().map(|c| c.risk_ids.len()).sum();
        prop_assert_eq!(placed, open.iter().filter(|r| r.score.is_some()).count());
        for row in open.iter().filter(|r| r.score.is_some()) {
            prop_assert!(map.count(row.probability.unwrap(), row.impact.unwrap()) >= 1);
        }
    }

    /// Grades never get worse as the score rises, whatever the thresholds; the weighted score
    /// lies between the lowest and the highest criterion scored, at two places.
    #[test]
    fn grades_follow_the_score(thresholds in (50u32..101, 1u32..30, 1u32..30), scores in prop::collection::vec((0usize..5, 0u32..10_001), 1..5), weights in prop::collection::vec(0u32..50, 5)) {
        use projectledger::governance::{Criterion, CriterionScores, GradingPolicy};
        let (a, gap_b, gap_c) = thresholds;
        let t = |n: u32| Decimal::from(n);
        let policy = GradingPolicy { thresholds: vec![t(a), t(a.saturating_sub(gap_b)), t(a.saturating_sub(gap_b + gap_c))], ..GradingPolicy::default() };
        prop_assume!(policy.check().is_ok());
        let mut last = policy.grade(Decimal::ZERO);
        for s in 1..=100 {
            let grade = policy.grade(Decimal::from(s));
            prop_assert!(grade <= last, "{} graded {:?} after {:?}", s, grade, last);
            last = grade;
        }
        let w = |i: usize| Some(Decimal::from(weights[i]));
        let policy = GradingPolicy { weights: CriterionScores { quality: w(0), delivery: w(1), cost: w(2), service: w(3), safety: w(4) }, ..policy };
        let scored: Vec<(Criterion, Decimal)> = scores.iter().map(|(c, s)| (Criterion::ALL[*c], Decimal::new(i64::from(*s), 2))).collect();
        let counted: Vec<Decimal> = scored.iter().filter(|(c, _)| !policy.weights.get(*c).unwrap().is_zero()).map(|(_, s)| *s).collect();
        match policy.score(&scored) {
            None => prop_assert!(counted.is_empty()),
            Some(score) => {
                prop_assert_eq!(score.scale(), 2);
                let (low, high) = (counted.iter().min().unwrap(), counted.iter().max().unwrap());
                prop_assert!(*low - Decimal::new(1, 2) <= score && score <= *high + Decimal::new(1, 2), "{} outside {}–{}", score, low, high);
            }
        }
    }

    /// A KPI as of a day is the KPI of the state as it stood then: the same as a journal that
    /// holds only the events recorded by the end of that day reads it.
    #[test]
    fn a_kpi_as_of_a_day_reads_the_state_of_that_day(commands in prop::collection::vec(command(), 0..30), days in prop::collection::vec(0u32..3, 1..4)) {
        use projectledger::governance::{KpiDefinition, KpiMeasure};
        let (mut journal, mut events) = setup();
        for (id, measure, green, amber) in [("emv", KpiMeasure::RiskExposure, 10_000, 50_000), ("change", KpiMeasure::BudgetChangePercent, 5, 10)] {
            let kpi = KpiDefinition { kpi_id: id.into(), name: id.into(), measure, green: green.into(), amber: amber.into(), baseline: None };
            events.append(&mut journal, "pm", GovernanceEvent::KpiDefined { project_id: p(), kpi }).unwrap();
        }
        let mut events = events.every(chrono::Duration::hours(2));
        for command in &commands {
            let (actor, payload) = payload(command);
            let _ = journal.append(events.next(actor, payload));
        }
        let all: Vec<NaiveDate> = days.iter().map(|d| NaiveDate::from_ymd_opt(2025, 6, 1).unwrap() + chrono::Duration::days(i64::from(*d))).collect();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let one_by_one: Vec<_> = sorted.iter().flat_map(|day| journal.kpis(Some(&p()), *day).unwrap()).collect();
        prop_assert_eq!(journal.kpi_snapshots(Some(&p()), &all).unwrap().values().collect::<Vec<_>>(), one_by_one);
        for d in days {
            let day = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap() + chrono::Duration::days(i64::from(d));
            let end = day.and_hms_nano_opt(23, 59, 59, 999_999_999).unwrap().and_utc();
            let mut then = Journal::new();
            for entry in journal.entries().iter().filter(|e| e.event.recorded_at <= end) {
                then.append(entry.event.clone()).unwrap();
            }
            prop_assert_eq!(journal.kpis(Some(&p()), day).unwrap(), then.state().kpi_values(Some(&p()), day).unwrap());
        }
    }

    /// Across projects: the KPI snapshots of a portfolio (every project's, or one's) are its
    /// KPIs read day by day, whatever order the projects' costs, contracts, risks and KPI
    /// definitions (and redefinitions) come in — several a day, or none for days.
    #[test]
    fn kpi_snapshots_of_many_projects_are_the_kpis_day_by_day(steps in prop::collection::vec((0usize..3, 0u8..6, 1i64..100_000), 1..40), gaps in prop::collection::vec(1i64..20, 40), days in prop::collection::vec(0u32..6, 1..5)) {
        use projectledger::governance::{KpiDefinition, KpiMeasure};
        let ids = ["P0", "P1", "P2"].map(common::pid);
        let mut journal = Journal::new();
        let mut events = common::Events::new("m", "2025-06-01T00:00:00Z").every(chrono::Duration::hours(1));
        for id in &ids {
            let tree = r#"{"codes":[{"code":"01","name":"Civil"},{"code":"09","name":"Contingency"}]}"#;
            for payload in [
                Payload::from(common::project_created(id.as_str())),
                common::breakdown_defined(id.as_str(), tree).into(),
                CostEvent::BudgetLinesSet { project_id: id.clone(), lines: vec![CostLine::new("01", "subcontract", Decimal::from(80_000)), CostLine::new("09", "other", Decimal::from(20_000))] }.into(),
                GovernanceEvent::ContingencyReserveSet { project_id: id.clone(), cost_code: "09".into() }.into(),
            ] {
                journal.append(events.next("pm", payload)).unwrap();
            }
        }
        let measures = [KpiMeasure::MarginPercent, KpiMeasure::LabourCostPercent, KpiMeasure::RiskExposure, KpiMeasure::BudgetChangePercent, KpiMeasure::Cpi];
        let mut at = 4 * ids.len() as i64;
        for (n, ((project, kind, amount), gap)) in steps.iter().zip(&gaps).enumerate() {
            let project_id = ids[*project].clone();
            let money = Decimal::new(*amount, 1);
            let payloads: Vec<Payload> = match kind {
                0 => vec![CostEvent::direct_cost(&project_id, &format!("C{n}"), vec![CostLine::new("01", "subcontract", money)], "work").into()],
                1 => vec![CostEvent::direct_cost(&project_id, &format!("C{n}"), vec![CostLine::new("01", "labour", money)], "crew").into()],
                2 | 3 => {
                    let measure = measures[usize::try_from(amount % 5).unwrap()];
                    let bounds = if measure.higher_is_better() { (90, 50) } else { (10, 40) };
                    // Two ids, so a KPI is sometimes defined again with new bounds.
                    let kpi = KpiDefinition { kpi_id: format!("k{}", amount % 2), name: format!("KPI {n}"), measure, green: bounds.0.into(), amber: bounds.1.into(), baseline: None };
                    vec![GovernanceEvent::KpiDefined { project_id, kpi }.into()]
                }
                4 => vec![
                    GovernanceEvent::RiskIdentified { project_id: project_id.clone(), risk_id: format!("R{n}"), title: "risk".into(), category: RiskCategory::Cost,
                        cause: String::new(), event: String::new(), effect: String::new(), owner: None, cost_codes: vec![], activities: vec![] }.into(),
                    GovernanceEvent::RiskAssessed { project_id, risk_id: format!("R{n}"), assessment: assessment(3, (4, 2, 2), None, Some(*amount)), next_review: None }.into(),
                ],
                _ => vec![CostEvent::ContractValueSet { project_id, amount: money * Decimal::from(3) }.into()],
            };
            at += gap;
            for payload in payloads {
                journal.append(events.at(at, "pm", payload)).unwrap();
                at += 1;
            }
        }
        let days: Vec<NaiveDate> = days.iter().map(|d| day(*d)).collect();
        let mut sorted = days.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let every: Vec<_> = sorted.iter().flat_map(|d| journal.kpis(None, *d).unwrap()).collect();
        prop_assert_eq!(journal.kpi_snapshots(None, &days).unwrap().values().collect::<Vec<_>>(), every);
        let one: Vec<_> = sorted.iter().flat_map(|d| journal.kpis(Some(&ids[1]), *d).unwrap()).collect();
        prop_assert_eq!(journal.kpi_snapshots(Some(&ids[1]), &days).unwrap().values().collect::<Vec<_>>(), one);
    }

    /// Two devices record risks and observations offline: whichever merges which, both hold
    /// the same register.
    #[test]
    fn two_devices_merge_to_one_register(a in prop::collection::vec(command(), 0..15), b in prop::collection::vec(command(), 0..15)) {
        let (base, _) = setup();
        let mut devices = Vec::new();
        for (name, commands) in [("a", &a), ("b", &b)] {
            let mut journal = base.clone();
            let mut events = common::Events::new(name, "2025-06-02T00:00:00Z");
            for command in commands {
                let (actor, payload) = payload(command);
                let _ = journal.append(events.next(actor, payload));
            }
            devices.push(journal);
        }
        let (mut ab, mut ba) = (devices[0].clone(), devices[1].clone());
        ab.merge(&devices[1]).unwrap();
        ba.merge(&devices[0]).unwrap();
        prop_assert!(ab.state() == ba.state());
        prop_assert_eq!(ab.state().risk_register(None, day(30)).unwrap(), ba.state().risk_register(None, day(30)).unwrap());
        common::assert_invariants(&ab);
    }
}

/// Closed and occurred risks take no more changes and leave the heat map and the exposure.
#[test]
fn a_closed_risk_is_final_and_leaves_the_exposure() {
    let (mut journal, mut events) = setup();
    let identify = GovernanceEvent::RiskIdentified {
        project_id: p(), risk_id: "R1".into(), title: "Flood".into(), category: RiskCategory::Safety, cause: String::new(), event: String::new(),
        effect: String::new(), owner: None, cost_codes: vec![], activities: vec![],
    };
    events.append(&mut journal, "zhao", identify).unwrap();
    let assess = GovernanceEvent::RiskAssessed { project_id: p(), risk_id: "R1".into(), assessment: assessment(2, (5, 3, 1), None, Some(20_000_000)), next_review: None };
    events.append(&mut journal, "pm", assess).unwrap();
    assert_eq!(journal.state().risk_exposure(&p()).unwrap().emv_total.to_string(), "CNY 60000.00"); // 30 % of 200,000
    assert_eq!(journal.state().risk_exposure(&p()).unwrap().shortfall.to_string(), "CNY 10000.00");
    let close = GovernanceEvent::RiskClosed { project_id: p(), risk_id: "R1".into(), outcome: RiskOutcome::Occurred, note: "it rained".into() };
    events.append(&mut journal, "pm", close).unwrap();
    let exposure = journal.state().risk_exposure(&p()).unwrap();
    assert_eq!((exposure.open_risks, exposure.emv_total.to_string(), exposure.shortfall.to_string()), (0, "CNY 0.00".into(), "CNY 0.00".into()));
    let again = GovernanceEvent::RiskObserved { project_id: p(), risk_id: "R1".into(), note: "still wet".into(), next_review: None };
    let error = events.append(&mut journal, "zhao", again).unwrap_err();
    assert!(error.to_string().contains("occurred"), "{error}");
    // A foreman may raise and observe risks, but not rate them.
    let rate = GovernanceEvent::RiskAssessed { project_id: p(), risk_id: "R1".into(), assessment: assessment(1, (1, 1, 1), None, None), next_review: None };
    assert_eq!(events.append(&mut journal, "zhao", rate).unwrap_err().kind(), "PermissionDenied");
}

/// A review gate lists every unmet item, with why and who may pass it.
#[test]
fn a_review_gate_lists_every_unmet_item() {
    use projectledger::lifecycle::{Gate, Phase, ReviewItem, Transition};
    use projectledger::Workflow;
    let item = |item: &str, role: &str| ReviewItem { item: item.into(), role: role.into() };
    let review = Gate::Review { review: "security_compliance".into(), items: vec![item("penetration_test", "security_officer"), item("privacy_review", "legal")] };
    let phase = |id: &str| Phase { id: id.into(), name: id.into(), deliverables: vec![] };
    let workflow = Workflow::new("go-live", "initiation", vec![phase("initiation"), phase("live")], vec![Transition { from: "initiation".into(), to: "live".into(), rework: false, gates: vec![review], role: None }]).unwrap();
    let (mut journal, mut events) = setup();
    events.append(&mut journal, "pm", LifecycleEvent::WorkflowChanged { project_id: p(), workflow: Box::new(workflow) }).unwrap();
    events.append(&mut journal, "pm", GovernanceEvent::ReviewExemptionRequested { project_id: p(), review: "security_compliance".into(), item: "privacy_review".into(), reason: "no personal data".into() }).unwrap();
    let go = LifecycleEvent::PhaseChanged { project_id: p(), to: "live".into(), reason: String::new() };
    let projectledger::Error::GateFailed { failures, .. } = events.append(&mut journal, "pm", go).unwrap_err() else { panic!() };
    assert_eq!(failures[0].detail, "unmet: penetration_test (open; passed by security_officer), privacy_review (exemption asked, not decided; passed by legal)");
    // Whoever asked may not grant it, even the owner.
    let grant = GovernanceEvent::ReviewExemptionDecided { project_id: p(), review: "security_compliance".into(), item: "privacy_review".into(), approved: true, note: String::new() };
    assert_eq!(events.append(&mut journal, "pm", grant).unwrap_err().kind(), "SegregationOfDuties");
}
