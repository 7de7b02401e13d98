//! Published invariants, checked on random inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::{
    allocate, ActorId, Currency, Decimal, Error, Event, EventId, Journal, Money, Payload, ProjectId, WorkCalendar,
};
use proptest::prelude::*;

fn cny_units(units: i64) -> Money {
    Money::from_minor_units(i128::from(units), Currency::CNY).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One value, one form: an amount however written (trailing zeros, a negative zero, a
    /// product) reads alike at the currency's scale, and hours alike at two places, so equal
    /// values print, serialise and compare alike on every surface.
    #[test]
    fn equal_amounts_and_hours_have_one_form(mantissa in -1_000_000_000i64..1_000_000_000, scale in 0u32..6, padding in 0u32..8, minor in 0u8..5) {
        let currency = Currency::new("XTS", minor).unwrap();
        let value = Decimal::new(mantissa, scale);
        let mut padded = value;
        padded.rescale(scale + padding);
        let (one, other) = (Money::new(value, currency), Money::new(padded, currency));
        prop_assert_eq!(one.to_string(), other.to_string());
        prop_assert_eq!(serde_json::to_string(&one).unwrap(), serde_json::to_string(&other).unwrap());
        prop_assert_eq!(one.amount().scale(), value.normalize().scale().max(u32::from(minor)));
        prop_assert_eq!(one.checked_mul(Decimal::ONE).unwrap().to_string(), one.to_string());
        prop_assert_eq!(one.neg().neg().to_string(), one.to_string());
        let read: Money = serde_json::from_str(&serde_json::to_string(&other).unwrap().replace(&other.amount().to_string(), &padded.to_string())).unwrap();
        prop_assert_eq!(read.to_string(), one.to_string());
        let hours = Decimal::new(mantissa.rem_euclid(2400) + 1, 2);
        let mut written = hours;
        written.rescale(2 + padding);
        let policy = projectledger::labour::OvertimePolicy::default();
        let held = projectledger::labour::Quantity::Hours(written).hours(&policy).unwrap();
        prop_assert_eq!(held.to_string(), format!("{hours:.2}"));
    }

    /// Σ shares == total, and every share is within one minor unit of its exact quota.
    #[test]
    fn allocation_sums_exactly(units in -10_000_000i64..10_000_000, weights in prop::collection::vec((0u32..1000, 0u32..4), 1..40)) {
        let weights: Vec<Decimal> = weights.iter().map(|(m, s)| Decimal::new(i64::from(*m), *s)).collect();
        prop_assume!(weights.iter().any(|w| !w.is_zero()));
        let total = cny_units(units);
        let shares = allocate(&total, &weights).unwrap();
        let sum = shares.iter().try_fold(Money::zero(Currency::CNY), |acc, m| acc.checked_add(m)).unwrap();
        prop_assert_eq!(sum, total);
        let weight_sum: Decimal = weights.iter().sum();
        for (share, weight) in shares.iter().zip(&weights) {
            // |share − total·w/W| < 1 minor unit, compared without division.
            let share_units = Decimal::from(share.to_minor_units().unwrap());
            let gap = (share_units * weight_sum - Decimal::from(units) * weight).abs();
            prop_assert!(gap < weight_sum, "share {} for weight {}", share, weight);
            if weight.is_zero() { prop_assert!(share.amount().is_zero()); }
        }
    }

    /// The linear selection gives exactly what the textbook method gives: sort the
    /// remainders (largest first, earliest index on ties) and hand out the units left.
    #[test]
    fn allocation_matches_the_sorting_reference(units in 0i64..100_000, weights in prop::collection::vec(0i64..20, 1..60)) {
        prop_assume!(weights.iter().any(|w| *w > 0));
        let decimals: Vec<Decimal> = weights.iter().map(|w| Decimal::from(*w)).collect();
        let got: Vec<i128> = allocate(&cny_units(units), &decimals).unwrap().iter().map(|m| m.to_minor_units().unwrap()).collect();
        let (total, sum) = (i128::from(units), i128::from(weights.iter().sum::<i64>()));
        let mut expected: Vec<i128> = weights.iter().map(|w| total * i128::from(*w) / sum).collect();
        let mut order: Vec<usize> = (0..weights.len()).collect();
        order.sort_by_key(|i| (std::cmp::Reverse(total * i128::from(weights[*i]) % sum), *i));
        let left = usize::try_from(total - expected.iter().sum::<i128>()).unwrap();
        for i in order.into_iter().take(left) { expected[i] += 1; }
        prop_assert_eq!(got, expected);
    }

    /// On working days, add_working_days inverts working_days_between (across the years of
    /// a calendar spanning three notices).
    #[test]
    fn working_days_round_trip(a in 0i64..800, b in 0i64..800) {
        let calendar = WorkCalendar::china(2024, 2026).unwrap();
        let start = NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
        let (d, e) = (start + Duration::days(a), start + Duration::days(b));
        let n = calendar.working_days_between(d, e).unwrap();
        if calendar.is_working_day(e).unwrap() && calendar.is_working_day(d).unwrap() {
            prop_assert_eq!(calendar.add_working_days(d, n).unwrap(), e);
        }
        if calendar.is_working_day(e).unwrap() && b > a {
            prop_assert_eq!(calendar.add_working_days(d, n).unwrap(), e);
        }
    }
}

/// A command a device may record: create one of a few projects, or change settings.
#[derive(Debug, Clone)]
enum Command {
    Create { project: u8, code: u8 },
    Rename { project: u8, name: u8 },
    Recode { project: u8, code: u8 },
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (0u8..4, 0u8..4).prop_map(|(project, code)| Command::Create { project, code }),
        (0u8..4, 0u8..4).prop_map(|(project, name)| Command::Rename { project, name }),
        (0u8..4, 0u8..4).prop_map(|(project, code)| Command::Recode { project, code }),
    ]
}

fn to_event(index: usize, seconds: i64, command: &Command) -> Event {
    let at = DateTime::<Utc>::from_timestamp(1_735_689_600 + seconds, 0).unwrap();
    let project = |p: &u8| ProjectId::try_new(format!("P{p}")).unwrap();
    let payload = match command {
        Command::Create { project: p, code } => Payload::Lifecycle(LifecycleEvent::ProjectCreated {
            project_id: project(p),
            name: format!("Project {p}"),
            code: format!("C{code}"),
            currency: Currency::CNY,
            calendar: Box::new(WorkCalendar::standard("Mon-Fri").unwrap()),
        }),
        Command::Rename { project: p, name } => Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged {
            project_id: project(p),
            name: Some(format!("Name {name}")),
            code: None,
            calendar: None,
        }),
        Command::Recode { project: p, code } => Payload::Lifecycle(LifecycleEvent::ProjectSettingsChanged {
            project_id: project(p),
            name: None,
            code: Some(format!("C{code}")),
            calendar: None,
        }),
    };
    Event::new(EventId::try_new(format!("e{index}")).unwrap(), at, ActorId::try_new("foreman").unwrap(), payload)
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec((0i64..50, command()), 0..30)
        .prop_map(|cmds| cmds.iter().enumerate().map(|(i, (s, c))| to_event(i, *s, c)).collect())
}

/// Appends what it can; refused events must leave the journal as it was.
fn record(events: &[Event]) -> Journal {
    let mut journal = Journal::new();
    for event in events {
        let before = journal.clone();
        let before_state = journal.state().clone();
        if journal.append(event.clone()).is_err() {
            assert!(journal == before && *journal.state() == before_state, "a refused event changed the journal");
        }
    }
    common::assert_invariants(&journal);
    journal
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The state kept incrementally is the fold of the events, and re-reading an export
    /// reproduces it; appending any event again changes nothing.
    #[test]
    fn replay_reproduces_state_and_reappend_is_a_no_op(events in events()) {
        let mut journal = record(&events);
        prop_assert_eq!(journal.replay(), journal.state().clone());
        prop_assert!(journal.state().conflicts().is_empty());
        let imported = Journal::from_jsonl(journal.to_jsonl().as_bytes()).unwrap();
        prop_assert_eq!(imported.state(), journal.state());
        prop_assert!(imported == journal);
        let snapshot = journal.clone();
        for entry in snapshot.entries() {
            prop_assert_eq!(journal.append(entry.event.clone()), Ok(false));
        }
        prop_assert!(journal == snapshot);
        prop_assert_eq!(journal.state(), snapshot.state());
    }

    /// Two devices that saw overlapping events converge to one state, whoever merges whom,
    /// and a merge repeated adds nothing.
    #[test]
    fn merge_converges(events in events(), split in prop::collection::vec(0u8..3, 30)) {
        let side = |keep: u8| -> Vec<Event> {
            events.iter().zip(&split).filter(|(_, s)| **s != keep).map(|(e, _)| e.clone()).collect()
        };
        let (a, b) = (record(&side(0)), record(&side(1)));
        let (mut ab, mut ba) = (a.clone(), b.clone());
        ab.merge(&b).unwrap();
        ba.merge(&a).unwrap();
        prop_assert_eq!(ab.state(), ba.state());
        prop_assert_eq!(ab.len(), ba.len());
        common::assert_invariants(&ab);
        common::assert_invariants(&ba);
        let again = ab.merge(&ba).unwrap();
        prop_assert_eq!(again.added, 0);
        prop_assert!(again.new_conflicts.is_empty());
        ab.verify().unwrap();
    }

    /// Changing any byte of an export is caught, at the line or event that holds it.
    #[test]
    fn tampering_is_detected_where_it_happened(events in events(), position in any::<prop::sample::Index>(), replacement in any::<u8>()) {
        let journal = record(&events);
        let mut bytes = journal.to_jsonl().into_bytes();
        let at = position.index(bytes.len());
        prop_assume!(bytes[at] != replacement);
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        bytes[at] = replacement;
        match Journal::from_jsonl(&bytes) {
            Ok(_) => prop_assert!(false, "tampering at byte {} went unnoticed", at),
            Err(Error::MalformedJournal { line: reported, .. }) => prop_assert_eq!(reported, line),
            Err(Error::BrokenChain { event_index, .. }) => prop_assert_eq!(event_index + 2, line),
            Err(other) => prop_assert!(false, "unexpected error {:?}", other),
        }
    }
}
