//! Primavera P6 XER in: the project, its calendars (weekdays and exceptions from
//! `clndr_data`), activities by activity ID, relationships with type and lag, constraints.
//! What the schedule cannot hold is listed in [`ScheduleFile::unsupported`]; a malformed file is
//! refused with the line named.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::ScheduleOptions;
use super::mspdi::{date_of, file_calendar, file_duration, file_hours, ScheduleFile};
use super::workdays::minutes_per_day;
use super::{Activity, Calendars, Constraint, Duration, Link, LinkKind, Progress, Scheduler};
use crate::{Decimal, Error, Result, WorkCalendar};

/// One table of the file: its fields, and its rows as values in field order.
#[derive(Default)]
struct Table {
    fields: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn value<'a>(&'a self, row: &'a [String], field: &str) -> Option<&'a str> {
        let i = self.fields.iter().position(|f| f == field)?;
        row.get(i).map(String::as_str).filter(|v| !v.is_empty())
    }
}

fn malformed(line: usize, reason: &str) -> Error {
    Error::invalid_field("xer", format!("line {line}: {reason}"))
}

/// The tables of an XER file (`%T` table, `%F` fields, `%R` rows, `%E` end).
fn tables(text: &str) -> Result<HashMap<String, Table>> {
    let mut tables: HashMap<String, Table> = HashMap::new();
    let mut current: Option<String> = None;
    let mut started = false;
    for (i, line) in text.lines().enumerate() {
        let number = i.saturating_add(1);
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split('\t');
        let tag = parts.next().unwrap_or_default();
        match tag {
            "ERMHDR" if i == 0 => started = true,
            _ if !started => return Err(malformed(number, "an XER file begins with its ERMHDR header")),
            "%T" => {
                let name = parts.next().filter(|n| !n.is_empty()).ok_or_else(|| malformed(number, "%T without a table name"))?;
                tables.entry(name.to_owned()).or_default();
                current = Some(name.to_owned());
            }
            "%F" => {
                let table = current.as_ref().and_then(|c| tables.get_mut(c)).ok_or_else(|| malformed(number, "%F before any %T"))?;
                table.fields = parts.map(str::to_owned).collect();
            }
            "%R" => {
                let table = current.as_ref().and_then(|c| tables.get_mut(c)).ok_or_else(|| malformed(number, "%R before any %T"))?;
                if table.fields.is_empty() {
                    return Err(malformed(number, "%R before its table's %F"));
                }
                table.rows.push(parts.map(str::to_owned).collect());
            }
            "%E" => break,
            other => return Err(malformed(number, &format!("{:?} is not an XER record (%T, %F, %R, %E)", crate::text::cut(other)))),
        }
    }
    if !started {
        return Err(malformed(1, "an empty file"));
    }
    Ok(tables)
}

/// A node of `clndr_data`: `(0||name(params)(children))`.
struct Node {
    name: String,
    params: String,
    children: Vec<Node>,
}

/// Parses `clndr_data`'s nested nodes (depth bounded, so no input can exhaust the stack).
fn calendar_nodes(text: &str) -> Option<Node> {
    fn node(chars: &[char], at: &mut usize, depth: usize) -> Option<Node> {
        if depth > 32 {
            return None;
        }
        let skip = |at: &mut usize| {
            while chars.get(*at).is_some_and(|c| c.is_whitespace()) {
                *at = at.saturating_add(1);
            }
        };
        let expect = |at: &mut usize, c: char| -> Option<()> {
            skip(at);
            (chars.get(*at) == Some(&c)).then(|| *at = at.saturating_add(1))
        };
        expect(at, '(')?;
        // "0||"
        while chars.get(*at).is_some_and(|c| *c != '|') {
            *at = at.saturating_add(1);
        }
        expect(at, '|')?;
        expect(at, '|')?;
        let mut name = String::new();
        while let Some(c) = chars.get(*at).filter(|c| **c != '(') {
            name.push(*c);
            *at = at.saturating_add(1);
        }
        expect(at, '(')?;
        let mut params = String::new();
        while let Some(c) = chars.get(*at).filter(|c| **c != ')') {
            params.push(*c);
            *at = at.saturating_add(1);
        }
        expect(at, ')')?;
        expect(at, '(')?;
        let mut children = Vec::new();
        loop {
            skip(at);
            match chars.get(*at) {
                Some('(') => children.push(node(chars, at, depth.saturating_add(1))?),
                Some(')') => {
                    *at = at.saturating_add(1);
                    break;
                }
                _ => return None,
            }
        }
        expect(at, ')')?;
        Some(Node { name: name.trim().to_owned(), params, children })
    }
    let chars: Vec<char> = text.chars().collect();
    node(&chars, &mut 0, 0)
}

/// A day from an Excel serial number (P6 writes exceptions so).
fn serial_date(serial: &str) -> Option<NaiveDate> {
    let days: u64 = serial.trim().parse().ok()?;
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(days))
}

fn calendar(name: &str, data: Option<&str>, hours_per_day: Decimal, unsupported: &mut Vec<String>) -> Result<WorkCalendar> {
    let mut week = [false, true, true, true, true, true, false];
    let mut holidays = serde_json::Map::new();
    let mut makeups = serde_json::Map::new();
    match data.map(calendar_nodes) {
        None => unsupported.push(format!("calendar {name:?} has no clndr_data: Monday to Friday assumed")),
        Some(None) => return Err(Error::InvalidSchedule { problems: vec![format!("calendar {name:?}: clndr_data is not P6's (0||name(params)(children)) nesting")] }),
        Some(Some(root)) => {
            for part in &root.children {
                match part.name.as_str() {
                    "DaysOfWeek" => {
                        for day in &part.children {
                            if let Some(slot) = day.name.parse::<usize>().ok().and_then(|d| d.checked_sub(1)).and_then(|d| week.get_mut(d)) {
                                *slot = !day.children.is_empty();
                            }
                        }
                    }
                    "Exceptions" => {
                        for exception in &part.children {
                            let Some(day) = exception.params.strip_prefix("d|").and_then(serial_date) else {
                                unsupported.push(format!("calendar {name:?}: an exception {:?} without a day", exception.params));
                                continue;
                            };
                            if exception.children.is_empty() {
                                holidays.insert(day.to_string(), serde_json::json!({"name": "exception", "statutory": false}));
                            } else {
                                makeups.insert(day.to_string(), serde_json::Value::from("exception"));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    file_calendar(name, week, hours_per_day, holidays, makeups)
}

/// Reads a P6 XER file: its first project (others by [`read_xer_project`]), that project's calendars, activities (by
/// activity ID) and relationships. Scheduled under P6's rules.
pub fn read_xer(text: &str) -> Result<ScheduleFile> {
    read(text, None)
}

/// Reads one project of a P6 XER file, by its short name (project ID) or its `proj_id`; a
/// name the file does not hold is refused, listing those it does.
pub fn read_xer_project(text: &str, project: &str) -> Result<ScheduleFile> {
    read(text, Some(project))
}

fn read(text: &str, wanted: Option<&str>) -> Result<ScheduleFile> {
    let tables = tables(text)?;
    let missing = |name: &str| Error::InvalidSchedule { problems: vec![format!("the file has no {name} table")] };
    let projects = tables.get("PROJECT").ok_or_else(|| missing("PROJECT"))?;
    let name_of = |row| projects.value(row, "proj_short_name").or_else(|| projects.value(row, "proj_id")).unwrap_or_default();
    let project = match wanted {
        None => projects.rows.first().ok_or_else(|| missing("PROJECT row in the"))?,
        Some(wanted) => projects.rows.iter().find(|r| projects.value(r, "proj_short_name") == Some(wanted) || projects.value(r, "proj_id") == Some(wanted)).ok_or_else(|| {
            let held: Vec<&str> = projects.rows.iter().map(|r| name_of(r)).collect();
            Error::InvalidSchedule { problems: vec![format!("the file has no project {}; it holds {}", crate::text::quoted(wanted), held.join(", "))] }
        })?,
    };
    let mut unsupported = Vec::new();
    if wanted.is_none() && projects.rows.len() > 1 {
        let others: Vec<&str> = projects.rows.iter().skip(1).map(|r| name_of(r)).collect();
        unsupported.push(format!("{} more projects in the file are not imported ({}): read each by name", others.len(), others.join(", ")));
    }
    let project_id = projects.value(project, "proj_id").unwrap_or_default().to_owned();
    let start = projects
        .value(project, "plan_start_date")
        .or_else(|| projects.value(project, "last_recalc_date"))
        .and_then(date_of)
        .ok_or_else(|| Error::InvalidSchedule { problems: vec!["PROJECT has no plan_start_date".into()] })?;
    let default_calendar = projects.value(project, "clndr_id").map(str::to_owned);
    let mut calendars = Calendars::new();
    let mut calendar_names: HashMap<String, String> = HashMap::new();
    let mut minutes_a_day: HashMap<String, i64> = HashMap::new();
    if let Some(table) = tables.get("CALENDAR") {
        for row in &table.rows {
            let id = table.value(row, "clndr_id").unwrap_or_default().to_owned();
            let name = table.value(row, "clndr_name").unwrap_or("Calendar").to_owned();
            let hours = table.value(row, "day_hr_cnt").and_then(|h| h.parse::<Decimal>().ok()).and_then(|h| h.checked_mul(Decimal::from(60))).map_or(Decimal::from(8), file_hours);
            let calendar = calendar(&name, table.value(row, "clndr_data"), hours, &mut unsupported)?;
            minutes_a_day.insert(id.clone(), minutes_per_day(&calendar));
            calendars.insert(name.clone(), calendar);
            calendar_names.insert(id, name);
        }
    }
    let project_calendar = default_calendar.as_ref().and_then(|c| calendar_names.get(c)).cloned();
    // WBS elements by id, named by their path of short names (PUMP.CIVIL).
    let mut wbs_names: HashMap<String, String> = HashMap::new();
    if let Some(table) = tables.get("PROJWBS") {
        let parents: HashMap<&str, (&str, Option<&str>)> =
            table.rows.iter().filter_map(|r| Some((table.value(r, "wbs_id")?, (table.value(r, "wbs_short_name").unwrap_or("?"), table.value(r, "parent_wbs_id"))))).collect();
        for id in parents.keys() {
            let mut path = Vec::new();
            let mut at = Some(*id);
            while let Some(node) = at.and_then(|a| parents.get(a)).filter(|_| path.len() < 64) {
                path.push(node.0);
                at = node.1;
            }
            path.reverse();
            wbs_names.insert((*id).to_owned(), path.join("."));
        }
    }
    let tasks = tables.get("TASK").ok_or_else(|| missing("TASK"))?;
    let mut problems = Vec::new();
    let mut activities = Vec::new();
    let mut progress = std::collections::BTreeMap::new();
    let mut code_of: HashMap<String, String> = HashMap::new();
    for (i, row) in tasks.rows.iter().enumerate() {
        if tasks.value(row, "proj_id").is_some_and(|p| p != project_id) {
            continue;
        }
        let task_id = tasks.value(row, "task_id").unwrap_or_default().to_owned();
        let Some(code) = tasks.value(row, "task_code") else {
            problems.push(format!("TASK row {}: no task_code", i.saturating_add(1)));
            continue;
        };
        let kind = tasks.value(row, "task_type").unwrap_or("TT_Task");
        if matches!(kind, "TT_LOE" | "TT_WBS") {
            unsupported.push(format!("activity {code}: a {kind} activity (level of effort, WBS summary) is not imported"));
            continue;
        }
        let calendar_id = tasks.value(row, "clndr_id").map(str::to_owned);
        let per_day = calendar_id.as_ref().and_then(|c| minutes_a_day.get(c)).copied().unwrap_or(480);
        let task_hours = tasks.value(row, "target_drtn_hr_cnt").and_then(|h| h.parse::<Decimal>().ok()).unwrap_or_default();
        let minutes = task_hours.checked_mul(Decimal::from(60)).and_then(|m| i64::try_from(m.round()).ok()).unwrap_or(0).max(0);
        let milestone = matches!(kind, "TT_Mile" | "TT_FinMile");
        let date = |field: &str| tasks.value(row, field).and_then(date_of);
        let constraint = match (tasks.value(row, "cstr_type"), date("cstr_date")) {
            (None, _) => None,
            (Some("CS_ALAP"), _) => {
                unsupported.push(format!("activity {code}: as late as possible is scheduled as soon as possible"));
                None
            }
            (Some(kind), Some(date)) => match kind {
                "CS_MSO" | "CS_MANDSTART" => Some(Constraint::MustStartOn { date }),
                "CS_MEO" | "CS_MANDFIN" => Some(Constraint::MustFinishOn { date }),
                "CS_MSOA" => Some(Constraint::StartNoEarlierThan { date }),
                "CS_MSOB" => Some(Constraint::StartNoLaterThan { date }),
                "CS_MEOA" => Some(Constraint::FinishNoEarlierThan { date }),
                "CS_MEOB" => Some(Constraint::FinishNoLaterThan { date }),
                other => {
                    problems.push(format!("activity {code}: cstr_type {other:?} is not a P6 constraint"));
                    None
                }
            },
            (Some(kind), None) => {
                problems.push(format!("activity {code}: cstr_type {kind} without a cstr_date"));
                None
            }
        };
        if let Some(actual_start) = date("act_start_date") {
            let actual_finish = date("act_end_date");
            let remaining = match tasks.value(row, "remain_drtn_hr_cnt").and_then(|h| h.parse::<Decimal>().ok()) {
                _ if actual_finish.is_some() => 0,
                Some(hours) => hours.checked_mul(Decimal::from(60)).and_then(|m| i64::try_from(m.round()).ok()).unwrap_or(0).max(0),
                None => minutes,
            };
            progress.insert(code.to_owned(), Progress { actual_start, actual_finish, remaining_duration: file_duration(remaining, per_day) });
        }
        let calendar = calendar_id.filter(|c| Some(c) != default_calendar.as_ref()).and_then(|c| calendar_names.get(&c).cloned());
        code_of.insert(task_id, code.to_owned());
        activities.push(Activity {
            id: code.to_owned(),
            name: tasks.value(row, "task_name").unwrap_or_default().to_owned(),
            duration: if milestone { Duration::ZERO } else { file_duration(minutes, per_day) },
            calendar,
            constraint,
            deadline: None,
            cost_code: None,
            wbs: tasks.value(row, "wbs_id").and_then(|w| wbs_names.get(w)).cloned(),
            assignee: None,
        });
    }
    let mut links = Vec::new();
    if let Some(preds) = tables.get("TASKPRED") {
        for row in &preds.rows {
            let (Some(to), Some(from)) = (preds.value(row, "task_id"), preds.value(row, "pred_task_id")) else { continue };
            let (Some(successor), Some(predecessor)) = (code_of.get(to), code_of.get(from)) else {
                unsupported.push(format!("a relationship {from} → {to} reaches an activity not imported (another project, or a summary)"));
                continue;
            };
            let kind = match preds.value(row, "pred_type").unwrap_or("PR_FS") {
                "PR_FS" => LinkKind::FinishToStart,
                "PR_SS" => LinkKind::StartToStart,
                "PR_FF" => LinkKind::FinishToFinish,
                "PR_SF" => LinkKind::StartToFinish,
                other => {
                    problems.push(format!("relationship {predecessor} → {successor}: {other:?} is not a link type"));
                    continue;
                }
            };
            let lag_hours = preds.value(row, "lag_hr_cnt").and_then(|h| h.parse::<Decimal>().ok()).unwrap_or_default();
            let per_day = default_calendar.as_ref().and_then(|c| minutes_a_day.get(c)).copied().unwrap_or(480);
            let days = lag_hours.checked_mul(Decimal::from(60)).and_then(|m| m.checked_div(Decimal::from(per_day))).unwrap_or_default();
            let lag = i32::try_from(days.floor()).unwrap_or(0);
            if !days.fract().is_zero() {
                unsupported.push(format!("relationship {predecessor} → {successor}: a lag of {lag_hours} hours is rounded down to {lag} working days"));
            }
            links.push(Link { predecessor: predecessor.clone(), successor: successor.clone(), kind, lag });
        }
    }
    for table in ["TASKRSRC", "RSRC"] {
        if tables.get(table).is_some_and(|t| !t.rows.is_empty()) {
            unsupported.push(format!("the {table} table is not imported (the schedule has no resources)"));
        }
    }
    if !problems.is_empty() {
        return Err(Error::InvalidSchedule { problems });
    }
    let settings = ScheduleOptions { scheduler: Scheduler::Primavera, ..ScheduleOptions::starting(start) };
    let name = projects.value(project, "proj_short_name").unwrap_or_default().to_owned();
    // P6's data date: where progress stands.
    let status_date = projects.value(project, "last_recalc_date").and_then(date_of);
    Ok(ScheduleFile { name, settings, project_calendar, calendars, activities, links, baseline: Default::default(), status_date, progress, unsupported })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    #[test]
    fn calendar_data_nests() {
        let root = super::calendar_nodes("(0||CalendarData()((0||DaysOfWeek()((0||1()())(0||2()((0||0(s|08:00|f|17:00)())))))(0||Exceptions()((0||0(d|45751)())))))").unwrap();
        assert_eq!(root.children.len(), 2);
        assert_eq!(root.children[0].children[1].children[0].params, "s|08:00|f|17:00");
    }
}
