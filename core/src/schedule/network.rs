//! The network: activities by index, links as adjacency lists both ways, calendars by slot,
//! and a topological order — or every problem of the input at once, or the cycle that makes
//! an order impossible.

use std::collections::HashMap;

use super::{Activity, Calendars, LagCalendar, Link, LinkKind, MAX_REACH_DAYS};
use crate::{Error, Result};

/// One link as an adjacency entry: the other end, the type, the lag and its calendar slot.
#[derive(Clone, Copy)]
pub(super) struct Edge {
    pub(super) other: usize,
    pub(super) kind: LinkKind,
    pub(super) lag: i64,
    pub(super) lag_slot: usize,
}

/// The network ready for the passes.
pub(super) struct Network {
    /// Each activity's calendar slot (0: the project calendar).
    pub(super) slot: Vec<usize>,
    /// Slot names after the project's (slot i + 1 is `named[i]`); the elapsed slot comes last.
    pub(super) named: Vec<String>,
    pub(super) incoming: Vec<Vec<Edge>>,
    pub(super) outgoing: Vec<Vec<Edge>>,
    /// Activities in an order where every predecessor comes first.
    pub(super) order: Vec<usize>,
}

// Indexes come from the maps built here; counts are below the activities' number.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
pub(super) fn build(activities: &[Activity], links: &[Link], calendars: &Calendars, lag_calendar: LagCalendar) -> Result<Network> {
    let mut problems = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(activities.len());
    let mut named: Vec<String> = Vec::new();
    let mut slot = Vec::with_capacity(activities.len());
    for (i, activity) in activities.iter().enumerate() {
        if let Err(error) = crate::text::check_id("activity id", &activity.id) {
            problems.push(error.to_string());
        }
        if let Some(problem) = activity.duration.problem() {
            problems.push(format!("activity {}: {problem}", crate::text::quoted(&activity.id)));
        }
        if index.insert(activity.id.as_str(), i).is_some() {
            problems.push(format!("activity {} is given twice", crate::text::quoted(&activity.id)));
        }
        slot.push(match &activity.calendar {
            None => 0,
            Some(name) if calendars.contains_key(name) => match named.iter().position(|n| n == name) {
                Some(p) => p + 1,
                None => {
                    named.push(name.clone());
                    named.len()
                }
            },
            Some(name) => {
                problems.push(format!("activity {} uses calendar {}, which is not given", crate::text::quoted(&activity.id), crate::text::quoted(name)));
                0
            }
        });
    }
    let elapsed = named.len() + 1;
    let mut incoming: Vec<Vec<Edge>> = vec![Vec::new(); activities.len()];
    let mut outgoing: Vec<Vec<Edge>> = vec![Vec::new(); activities.len()];
    for link in links {
        let (from, to) = (index.get(link.predecessor.as_str()), index.get(link.successor.as_str()));
        for (end, id) in [(from, &link.predecessor), (to, &link.successor)] {
            if end.is_none() {
                problems.push(format!("a link names activity {}, which is not in the schedule", crate::text::quoted(id)));
            }
        }
        if link.lag.unsigned_abs() > MAX_REACH_DAYS.unsigned_abs() {
            problems.push(format!("the lag of {} → {} ({} days) is beyond {MAX_REACH_DAYS} days", link.predecessor, link.successor, link.lag));
        }
        let (Some(&from), Some(&to)) = (from, to) else { continue };
        if from == to {
            problems.push(format!("activity {} is linked to itself", crate::text::quoted(&link.predecessor)));
            continue;
        }
        let lag_slot = match lag_calendar {
            LagCalendar::Successor => slot[to],
            LagCalendar::Predecessor => slot[from],
            LagCalendar::Project => 0,
            LagCalendar::Elapsed => elapsed,
        };
        let lag = i64::from(link.lag);
        outgoing[from].push(Edge { other: to, kind: link.kind, lag, lag_slot });
        incoming[to].push(Edge { other: from, kind: link.kind, lag, lag_slot });
    }
    if !problems.is_empty() {
        return Err(Error::InvalidSchedule { problems });
    }
    let order = topological_order(&incoming, &outgoing).map_err(|cycle| Error::DependencyCycle { activities: cycle.into_iter().map(|i| activities[i].id.clone()).collect() })?;
    Ok(Network { slot, named, incoming, outgoing, order })
}

/// Kahn's algorithm (lowest index first among the ready, so the order is deterministic); on a
/// cycle, the activities of one cycle in link order.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
fn topological_order(incoming: &[Vec<Edge>], outgoing: &[Vec<Edge>]) -> std::result::Result<Vec<usize>, Vec<usize>> {
    let n = incoming.len();
    let mut waiting: Vec<usize> = incoming.iter().map(Vec::len).collect();
    let mut ready: Vec<usize> = (0..n).rev().filter(|i| waiting[*i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop() {
        order.push(i);
        for edge in &outgoing[i] {
            waiting[edge.other] -= 1;
            if waiting[edge.other] == 0 {
                ready.push(edge.other);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every activity left waits on another left: walk back through them until one repeats.
    let Some(start) = (0..n).find(|i| waiting[*i] > 0) else { return Err(Vec::new()) };
    let mut seen = vec![usize::MAX; n];
    let mut path = Vec::new();
    let mut at = start;
    while seen[at] == usize::MAX {
        seen[at] = path.len();
        path.push(at);
        at = incoming[at].iter().map(|e| e.other).find(|p| waiting[*p] > 0).unwrap_or(at);
    }
    let mut cycle = path.split_off(seen[at]);
    cycle.reverse();
    Err(rotate_to_lowest(cycle))
}

/// The cycle starting at its lowest index, so it reads the same however it was found.
fn rotate_to_lowest(mut cycle: Vec<usize>) -> Vec<usize> {
    if let Some(lowest) = cycle.iter().enumerate().min_by_key(|(_, i)| **i).map(|(p, _)| p) {
        cycle.rotate_left(lowest);
    }
    cycle
}
