//! Lifecycle invariants on random command sequences against the standard workflow.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use projectledger::lifecycle::{Action, LifecycleEvent};
use projectledger::lifecycle::Status;
use projectledger::{ActorId, Currency, Event, Journal, Payload, ProjectId, WorkCalendar, Workflow};
use proptest::prelude::*;

const PHASES: [&str; 6] = ["initiation", "design_procurement", "implementation_testing", "golive_rollout", "evaluation_closeout", "closed"];
const DELIVERABLES: [&str; 7] =
    ["feasibility_report", "solution_design", "expert_review", "acceptance_test_report", "training_records", "retrospective", "kpi_report"];
const ACTORS: [&str; 4] = ["pm", "eng", "boss", "nobody"];

#[derive(Debug, Clone)]
enum Command {
    Phase(usize, usize),
    Status(usize, u8),
    Deliver(usize, usize),
    Request(usize, usize, bool),
    Decide(usize, usize, bool),
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        4 => (0..4usize, 0..6usize).prop_map(|(a, p)| Command::Phase(a, p)),
        2 => (0..4usize, 0..3u8).prop_map(|(a, s)| Command::Status(a, s)),
        3 => (0..4usize, 0..7usize).prop_map(|(a, d)| Command::Deliver(a, d)),
        2 => (0..4usize, 0..4usize, any::<bool>()).prop_map(|(a, i, closeout)| Command::Request(a, i, closeout)),
        2 => (0..4usize, 0..4usize, any::<bool>()).prop_map(|(a, i, ok)| Command::Decide(a, i, ok)),
    ]
}

fn event(n: usize, actor: &str, payload: Payload) -> Event {
    common::Events::new("e", "2025-01-01T00:00:00Z").every(chrono::Duration::hours(1)).at(i64::try_from(n).unwrap(), actor, payload)
}

fn setup() -> (Journal, ProjectId) {
    let p = ProjectId::try_new("P").unwrap();
    let mut journal = Journal::new();
    let calendar = Box::new(WorkCalendar::china_2025().unwrap());
    journal
        .append(event(0, "pm", Payload::Lifecycle(LifecycleEvent::ProjectCreated { project_id: p.clone(), name: "P".into(), code: "P".into(), currency: Currency::CNY, calendar })))
        .unwrap();
    for (n, (member, role)) in [("eng", "project_manager"), ("boss", "approver")].into_iter().enumerate() {
        let payload = Payload::Lifecycle(LifecycleEvent::RoleGranted { project_id: p.clone(), member: ActorId::try_new(member).unwrap(), role: role.into() });
        journal.append(event(n + 1, "pm", payload)).unwrap();
    }
    (journal, p)
}

fn payload(p: &ProjectId, command: &Command) -> (usize, Payload) {
    let project_id = p.clone();
    match command {
        Command::Phase(a, to) => (*a, Payload::Lifecycle(LifecycleEvent::PhaseChanged { project_id, to: PHASES[*to].into(), reason: String::new() })),
        Command::Status(a, s) => {
            let to = [Status::Active, Status::OnHold, Status::Cancelled][usize::from(*s)];
            (*a, Payload::Lifecycle(LifecycleEvent::StatusChanged { project_id, to, reason: String::new() }))
        }
        Command::Deliver(a, d) => (*a, Payload::Lifecycle(LifecycleEvent::DeliverableRecorded { project_id, deliverable: DELIVERABLES[*d].into(), reference: String::new() })),
        Command::Request(a, i, closeout) => {
            let kind = if *closeout { "closeout" } else { "project_approval" };
            (*a, Payload::Lifecycle(LifecycleEvent::ApprovalRequested { project_id, approval_id: format!("A{i}"), kind: kind.into(), note: String::new() }))
        }
        Command::Decide(a, i, ok) => (*a, Payload::Lifecycle(LifecycleEvent::ApprovalDecided { project_id, approval_id: format!("A{i}"), approved: *ok, note: String::new() })),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_workflow_and_status_rules_hold_under_any_commands(commands in prop::collection::vec(command(), 0..60)) {
        let workflow = Workflow::standard().unwrap();
        let (mut journal, p) = setup();
        for (n, command) in commands.iter().enumerate() {
            let before_journal = journal.clone();
            let before = journal.state().project(&p).unwrap().clone();
            let (actor, payload) = payload(&p, command);
            let result = journal.append(event(n + 10, ACTORS[actor], payload.clone()));
            let after = journal.state().project(&p).unwrap().clone();
            match result {
                Err(_) => {
                    // A refused command (unauthorised, failed gate, not allowed) changes nothing.
                    prop_assert!(journal == before_journal);
                    prop_assert_eq!(&after, &before);
                }
                Ok(_) => {
                    if after.phase != before.phase {
                        prop_assert!(workflow.transition(&before.phase, &after.phase).is_some(), "{} → {}", before.phase, after.phase);
                        prop_assert_eq!(before.status, Status::Active, "a phase change while {:?}", before.status);
                    }
                    if after.status != before.status {
                        let allowed = matches!(
                            (before.status, after.status),
                            (Status::Active, Status::OnHold) | (Status::OnHold, Status::Active) | (Status::Active | Status::OnHold, Status::Cancelled)
                        );
                        prop_assert!(allowed, "{:?} → {:?}", before.status, after.status);
                    }
                    let finished = before.status == Status::Cancelled || workflow.is_terminal(&before.phase);
                    if finished {
                        prop_assert_eq!((&after.phase, after.status), (&before.phase, before.status));
                    }
                    if before.status == Status::OnHold && after.status == Status::OnHold {
                        prop_assert_eq!(&after.phase, &before.phase);
                    }
                    if ACTORS[actor] == "nobody" {
                        prop_assert!(false, "an actor without a role changed the project");
                    }
                }
            }
        }
        // Replaying the journal, or re-reading its export, reproduces the same history.
        common::assert_invariants(&journal);
        let reread = Journal::from_jsonl(journal.to_jsonl().as_bytes()).unwrap();
        prop_assert_eq!(&reread.state().project(&p).unwrap().history, &journal.state().project(&p).unwrap().history);
    }
}

proptest! {
    /// Whatever roles are defined, granted and revoked, a member may do exactly what one of
    /// their roles grants (the permission check reads the grants kept with them).
    #[test]
    fn members_may_do_what_their_roles_grant(commands in prop::collection::vec((0..4usize, 0..3u8, 0..4usize, prop::collection::btree_set(0..Action::ALL.len(), 0..6)), 0..30)) {
        let (mut journal, p) = setup();
        let roles = ["project_manager", "approver", "site", "foreman"];
        for (n, (member, kind, role, actions)) in commands.iter().enumerate() {
            let (member, role) = (ActorId::try_new(ACTORS[*member]).unwrap(), roles[*role].to_owned());
            let payload = match kind {
                0 => LifecycleEvent::RoleDefined { project_id: p.clone(), role, actions: actions.iter().map(|a| Action::ALL[*a]).collect() },
                1 => LifecycleEvent::RoleGranted { project_id: p.clone(), member, role },
                _ => LifecycleEvent::RoleRevoked { project_id: p.clone(), member, role },
            };
            let _ = journal.append(event(n + 3, "pm", Payload::Lifecycle(payload)));
        }
        let project = journal.state().project(&p).unwrap();
        for actor in ACTORS.into_iter().chain(["pm"]) {
            let actor = ActorId::try_new(actor).unwrap();
            for action in Action::ALL {
                let granted = project.members.get(&actor).is_some_and(|held| held.iter().any(|role| project.roles.get(role).is_some_and(|a| a.contains(&action))));
                prop_assert_eq!(project.permits(&actor, action), granted, "{} {:?}", actor, action);
            }
        }
    }
}

/// A long happy path reaches Closed, and then nothing moves.
#[test]
fn the_standard_path_reaches_closed_and_stays() {
    let (mut journal, p) = setup();
    let mut n = 10;
    let mut step = |actor: &str, payload: Payload, journal: &mut Journal| {
        n += 1;
        journal.append(event(n, actor, payload))
    };
    let deliver = |d: &str| Payload::Lifecycle(LifecycleEvent::DeliverableRecorded { project_id: p.clone(), deliverable: d.into(), reference: "ref".into() });
    let go = |to: &str| Payload::Lifecycle(LifecycleEvent::PhaseChanged { project_id: p.clone(), to: to.into(), reason: "next".into() });
    let ask = |id: &str, kind: &str| Payload::Lifecycle(LifecycleEvent::ApprovalRequested { project_id: p.clone(), approval_id: id.into(), kind: kind.into(), note: String::new() });
    let yes = |id: &str| Payload::Lifecycle(LifecycleEvent::ApprovalDecided { project_id: p.clone(), approval_id: id.into(), approved: true, note: String::new() });
    for d in DELIVERABLES {
        step("eng", deliver(d), &mut journal).unwrap();
    }
    step("eng", ask("A1", "project_approval"), &mut journal).unwrap();
    step("boss", yes("A1"), &mut journal).unwrap();
    step("eng", ask("A2", "closeout"), &mut journal).unwrap();
    step("boss", yes("A2"), &mut journal).unwrap();
    for phase in &PHASES[1..] {
        step("eng", go(phase), &mut journal).unwrap();
    }
    let project = journal.state().project(&p).unwrap();
    assert_eq!(project.phase, "closed");
    assert!(project.history.iter().all(|r| r.gates.iter().all(|g| g.passed)));
    // Durations stop at `as_of`: phases entered later are not counted.
    let first_move = project.history[1].at;
    let early = project.phase_durations(first_move - chrono::Duration::seconds(1)).unwrap();
    assert_eq!(early.iter().map(|d| d.phase.as_str()).collect::<Vec<_>>(), ["initiation"]);
    assert_eq!(project.phase_durations(first_move).unwrap().len(), 2);
    let hold = Payload::Lifecycle(LifecycleEvent::StatusChanged { project_id: p.clone(), to: Status::OnHold, reason: String::new() });
    assert_eq!(step("pm", hold, &mut journal).unwrap_err().kind(), "TransitionNotAllowed");
}
