//! Microsoft Project XML (MSPDI) in and out: activities, calendars with their exceptions,
//! links with type and lag, constraints, deadlines, progress and baseline 0. What the schedule cannot
//! hold is listed in [`ScheduleFile::unsupported`], never dropped silently; a malformed file
//! is refused with the line, or the task and element, named.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::{NaiveDate, Weekday};
use serde::Serialize;

use super::events::{PlannedDates, ScheduleEvent};
use super::ScheduleOptions;
use super::cpm::minutes_of as working_minutes;
use super::workdays::minutes_per_day as minutes_per_day_of;
use super::{Activity, Calendars, Constraint, Duration, Link, LinkKind, Progress};
use crate::{Decimal, Error, ProjectId, Result, WorkCalendar};

/// A schedule as a file holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleFile {
    /// The project's name in the file.
    pub name: String,
    /// The project start and the scheduler's settings.
    pub settings: ScheduleOptions,
    /// The project calendar's name (one of `calendars`).
    pub project_calendar: Option<String>,
    /// Every calendar, by name.
    #[serde(skip)]
    pub calendars: Calendars,
    /// The activities (summary tasks are groupings, not activities).
    pub activities: Vec<Activity>,
    /// The links.
    pub links: Vec<Link>,
    /// Baseline 0: each activity's planned start and finish.
    pub baseline: BTreeMap<String, (NaiveDate, NaiveDate)>,
    /// The day progress is reported as of (MSPDI's status date, P6's data date), if given.
    pub status_date: Option<NaiveDate>,
    /// Progress by activity id: actual start, actual finish, remaining duration.
    pub progress: BTreeMap<String, Progress>,
    /// What the file holds that the schedule does not, one line each.
    pub unsupported: Vec<String>,
}

impl ScheduleFile {
    /// The journal events that plan this schedule on a project: its settings, its calendars
    /// (other than the project's own), activities and links, baseline 0 as `B0`, and progress
    /// as of the status date (or the latest actual date when the file names none later).
    #[must_use]
    pub fn events(&self, project_id: &ProjectId) -> Vec<ScheduleEvent> {
        let mut events = vec![ScheduleEvent::ScheduleSettingsSet { project_id: project_id.clone(), settings: self.settings }];
        for (name, calendar) in &self.calendars {
            events.push(ScheduleEvent::ScheduleCalendarSet { project_id: project_id.clone(), name: name.clone(), calendar: Box::new(calendar.clone()) });
        }
        events.push(ScheduleEvent::ActivitiesSet { project_id: project_id.clone(), activities: self.activities.clone() });
        events.push(ScheduleEvent::LinksSet { project_id: project_id.clone(), links: self.links.clone() });
        if !self.baseline.is_empty() {
            let dates = self.baseline.iter().map(|(id, (start, finish))| (id.clone(), PlannedDates { start: *start, finish: *finish })).collect();
            events.push(ScheduleEvent::BaselineImported { project_id: project_id.clone(), name: "B0".to_owned(), dates });
        }
        let latest_actual = self.progress.values().flat_map(|p| [Some(p.actual_start), p.actual_finish]).flatten().max();
        if let Some(as_of) = self.status_date.max(latest_actual) {
            for (id, p) in &self.progress {
                events.push(ScheduleEvent::ActivityProgressRecorded {
                    project_id: project_id.clone(),
                    activity_id: id.clone(),
                    as_of,
                    actual_start: p.actual_start,
                    actual_finish: p.actual_finish,
                    remaining_duration: p.remaining_duration,
                });
            }
        }
        events
    }
}

fn invalid(problem: String) -> Error {
    Error::InvalidSchedule { problems: vec![problem] }
}

/// A child element's text.
fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).map(str::trim)
}

fn children<'a>(node: roxmltree::Node<'a, 'a>, name: &'a str) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> + 'a {
    node.children().filter(move |c| c.has_tag_name(name))
}

/// `2025-03-03T08:00:00` (MSPDI) or `2025-03-31 08:00` (XER) → the day.
pub(super) fn date_of(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// `PT16H30M0S` → minutes.
fn minutes_of(text: &str) -> Option<i64> {
    let body = text.strip_prefix("PT")?;
    let (hours, rest) = body.split_once('H')?;
    let (minutes, rest) = rest.split_once('M')?;
    let seconds = rest.strip_suffix('S')?;
    let seconds: f64 = seconds.parse().ok()?;
    let total = hours.parse::<i64>().ok()?.checked_mul(60)?.checked_add(minutes.parse::<i64>().ok()?)?;
    Some(if seconds > 0.0 { total.checked_add(1)? } else { total })
}

/// A file's duration: whole working days when the minutes make them, else hours (to six
/// places: exact for whole minutes to within a hundredth of a second).
pub(super) fn file_duration(minutes: i64, per_day: i64) -> Duration {
    match u32::try_from(minutes.checked_div(per_day).unwrap_or(0)) {
        Ok(days) if minutes.rem_euclid(per_day.max(1)) == 0 => Duration::Days(days),
        _ => Duration::hours(Decimal::from(minutes.max(0)).checked_div(Decimal::from(60)).unwrap_or_default().round_dp(6)),
    }
}

/// Hours in a file's working day, from its minutes (within a calendar's bounds).
pub(super) fn file_hours(minutes_per_day: Decimal) -> Decimal {
    minutes_per_day.checked_div(Decimal::from(60)).unwrap_or(Decimal::from(8)).round_dp(6).clamp(Decimal::ONE, Decimal::from(24))
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// A calendar a file describes: its week (Sunday first), hours a day, days off and days worked
/// by exception (`{"2025-04-04": …}` as the calendar's JSON has them).
pub(super) fn file_calendar(name: &str, week: [bool; 7], hours_per_day: Decimal, holidays: serde_json::Map<String, serde_json::Value>, makeups: serde_json::Map<String, serde_json::Value>) -> Result<WorkCalendar> {
    let working: Vec<&str> = WEEKDAYS.iter().zip(week).filter(|(_, w)| *w).map(|(d, _)| *d).collect();
    let json = serde_json::json!({"name": name, "working_weekdays": working, "hours_per_day": hours_per_day.to_string(), "holidays": holidays, "makeup_working_days": makeups});
    WorkCalendar::from_json(&json.to_string()).map_err(|e| invalid(format!("calendar {name:?}: {e}")))
}

/// A calendar from its element (and its base calendar's week, when it has none of its own).
fn calendar_of(node: roxmltree::Node<'_, '_>, base_week: Option<&[bool; 7]>, hours_per_day: Decimal, unsupported: &mut Vec<String>) -> Result<(String, [bool; 7], WorkCalendar)> {
    let name = child(node, "Name").unwrap_or("Calendar").to_owned();
    let mut week: Option<[bool; 7]> = None;
    let mut holidays = serde_json::Map::new();
    let mut makeups = serde_json::Map::new();
    let mut too_long = Vec::new();
    let mut exception = |from: Option<&str>, to: Option<&str>, working: bool, label: &str| -> Result<()> {
        let (Some(from), Some(to)) = (from.and_then(date_of), to.and_then(date_of)) else {
            return Err(invalid(format!("calendar {name:?}: an exception without its FromDate and ToDate")));
        };
        if to.signed_duration_since(from).num_days() > 3660 {
            too_long.push(format!("calendar {name:?}: the exception {from} – {to} spans more than ten years; not imported"));
            return Ok(());
        }
        for day in from.iter_days().take_while(|d| *d <= to) {
            let key = day.to_string();
            if working {
                makeups.insert(key, serde_json::Value::from(label));
            } else {
                holidays.insert(key, serde_json::json!({"name": label, "statutory": false}));
            }
        }
        Ok(())
    };
    if let Some(days) = node.children().find(|c| c.has_tag_name("WeekDays")) {
        for day in children(days, "WeekDay") {
            let working = child(day, "DayWorking") == Some("1");
            match child(day, "DayType").and_then(|t| t.parse::<usize>().ok()) {
                Some(0) => {
                    let period = day.children().find(|c| c.has_tag_name("TimePeriod"));
                    exception(period.and_then(|p| child(p, "FromDate")), period.and_then(|p| child(p, "ToDate")), working, "exception")?;
                }
                Some(t @ 1..=7) => {
                    let week = week.get_or_insert([false; 7]);
                    if let Some(slot) = week.get_mut(t.saturating_sub(1)) {
                        *slot = working;
                    }
                }
                other => return Err(invalid(format!("calendar {name:?}: WeekDay DayType {other:?} is not 0–7"))),
            }
        }
    }
    let mut recurring = Vec::new();
    if let Some(exceptions) = node.children().find(|c| c.has_tag_name("Exceptions")) {
        for e in children(exceptions, "Exception") {
            if child(e, "Type").is_some_and(|t| t != "1") {
                recurring.push(format!("calendar {name:?}: a recurring exception ({}) is imported as its first period only", child(e, "Name").unwrap_or("unnamed")));
            }
            let period = e.children().find(|c| c.has_tag_name("TimePeriod"));
            exception(period.and_then(|p| child(p, "FromDate")), period.and_then(|p| child(p, "ToDate")), child(e, "DayWorking") == Some("1"), child(e, "Name").unwrap_or("exception"))?;
        }
    }
    unsupported.extend(too_long);
    unsupported.extend(recurring);
    let week = week.or_else(|| base_week.copied()).unwrap_or([false, true, true, true, true, true, false]);
    let calendar = file_calendar(&name, week, hours_per_day, holidays, makeups)?;
    Ok((name, week, calendar))
}

/// Reads an MSPDI file. Activity ids are the tasks' WBS codes when every task has a distinct
/// one, else their UIDs.
pub fn read_mspdi(xml: &str) -> Result<ScheduleFile> {
    let document = roxmltree::Document::parse(xml).map_err(|e| Error::invalid_field("mspdi", crate::text::cut(&e.to_string())))?;
    let project = document.root_element();
    if !project.has_tag_name("Project") {
        return Err(invalid(format!("the root element is <{}>, not <Project>", project.tag_name().name())));
    }
    let mut unsupported = Vec::new();
    let minutes_per_day = child(project, "MinutesPerDay").and_then(|m| m.parse::<i64>().ok()).filter(|m| *m > 0).unwrap_or(480);
    let hours_per_day = file_hours(Decimal::from(minutes_per_day));
    let start = child(project, "StartDate").and_then(date_of).ok_or_else(|| invalid("<Project> has no StartDate".to_owned()))?;
    // Calendars: bases first, so derived ones can take their week.
    let mut by_uid: HashMap<String, String> = HashMap::new();
    let mut weeks: HashMap<String, [bool; 7]> = HashMap::new();
    let mut calendars = Calendars::new();
    if let Some(list) = project.children().find(|c| c.has_tag_name("Calendars")) {
        let mut nodes: Vec<_> = children(list, "Calendar").collect();
        nodes.sort_by_key(|c| child(*c, "IsBaseCalendar") != Some("1"));
        for node in nodes {
            let uid = child(node, "UID").unwrap_or_default().to_owned();
            let base = child(node, "BaseCalendarUID").and_then(|b| weeks.get(b));
            let (name, week, calendar) = calendar_of(node, base, hours_per_day, &mut unsupported)?;
            weeks.insert(uid.clone(), week);
            by_uid.insert(uid, name.clone());
            calendars.insert(name, calendar);
        }
    }
    let project_calendar = child(project, "CalendarUID").and_then(|u| by_uid.get(u)).cloned();
    let tasks: Vec<_> = project.children().find(|c| c.has_tag_name("Tasks")).map(|t| children(t, "Task").collect()).unwrap_or_default();
    let mut problems = Vec::new();
    let leaf: Vec<_> = tasks.iter().copied().filter(|t| child(*t, "UID") != Some("0")).collect();
    for t in leaf.iter().filter(|t| child(**t, "Summary") == Some("1")) {
        unsupported.push(format!("summary task {} ({}) is a grouping: its own links and dates are not imported", child(*t, "UID").unwrap_or("?"), child(*t, "Name").unwrap_or("")));
    }
    // A work task's WBS element: its enclosing summary task's code, by outline level.
    let mut enclosing: HashMap<&str, &str> = HashMap::new();
    let mut summaries: Vec<(i64, &str)> = Vec::new();
    for task in &leaf {
        let Some(level) = child(*task, "OutlineLevel").and_then(|l| l.parse::<i64>().ok()) else { continue };
        while summaries.last().is_some_and(|(l, _)| *l >= level) {
            summaries.pop();
        }
        match (child(*task, "Summary") == Some("1"), child(*task, "WBS").filter(|w| !w.is_empty())) {
            (true, Some(code)) => summaries.push((level, code)),
            (false, _) => {
                if let Some((_, code)) = summaries.last() {
                    enclosing.insert(child(*task, "UID").unwrap_or_default(), code);
                }
            }
            (true, None) => {}
        }
    }
    let work: Vec<_> = leaf.into_iter().filter(|t| child(*t, "Summary") != Some("1")).collect();
    let wbs: Vec<Option<&str>> = work.iter().map(|t| child(*t, "WBS").filter(|w| !w.is_empty())).collect();
    let distinct = wbs.iter().all(Option::is_some) && wbs.iter().collect::<std::collections::HashSet<_>>().len() == wbs.len();
    let id_of_uid: HashMap<&str, String> = work.iter().zip(&wbs).map(|(t, w)| (child(*t, "UID").unwrap_or_default(), if distinct { w.unwrap_or_default().to_owned() } else { child(*t, "UID").unwrap_or_default().to_owned() })).collect();
    let mut activities = Vec::with_capacity(work.len());
    let mut links = Vec::new();
    let mut baseline = BTreeMap::new();
    let mut progress = BTreeMap::new();
    for task in &work {
        let uid = child(*task, "UID").unwrap_or_default();
        let id = id_of_uid.get(uid).cloned().unwrap_or_default();
        let here = |element: &str| format!("task {uid} <{element}>");
        let minutes = match child(*task, "Duration") {
            Some(text) => minutes_of(text).ok_or_else(|| format!("{}: {text:?} is not a duration", here("Duration"))),
            None => Ok(0),
        };
        let minutes = match minutes {
            Ok(m) => m,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let date = |element: &str| child(*task, element).and_then(date_of);
        let constraint_date = date("ConstraintDate");
        let constraint = match (child(*task, "ConstraintType"), constraint_date) {
            (None | Some("0"), _) => None,
            (Some("1"), _) => {
                unsupported.push(format!("task {uid}: as late as possible is scheduled as soon as possible"));
                None
            }
            (Some(kind), Some(date)) => match kind {
                "2" => Some(Constraint::MustStartOn { date }),
                "3" => Some(Constraint::MustFinishOn { date }),
                "4" => Some(Constraint::StartNoEarlierThan { date }),
                "5" => Some(Constraint::StartNoLaterThan { date }),
                "6" => Some(Constraint::FinishNoEarlierThan { date }),
                "7" => Some(Constraint::FinishNoLaterThan { date }),
                other => {
                    problems.push(format!("{}: {other:?} is not a constraint type", here("ConstraintType")));
                    None
                }
            },
            (Some(kind), None) => {
                problems.push(format!("{}: constraint type {kind} without a date", here("ConstraintDate")));
                None
            }
        };
        let calendar = child(*task, "CalendarUID").filter(|u| *u != "-1").and_then(|u| by_uid.get(u)).filter(|name| Some(*name) != project_calendar.as_ref()).cloned();
        if let Some(actual_start) = date("ActualStart") {
            let actual_finish = date("ActualFinish");
            let remaining = match child(*task, "RemainingDuration").map(|text| (text, minutes_of(text))) {
                _ if actual_finish.is_some() => 0,
                Some((_, Some(m))) => m,
                Some((text, None)) => {
                    problems.push(format!("{}: {text:?} is not a duration", here("RemainingDuration")));
                    0
                }
                None => minutes,
            };
            progress.insert(id.clone(), Progress { actual_start, actual_finish, remaining_duration: file_duration(remaining, minutes_per_day) });
        }
        let milestone = child(*task, "Milestone") == Some("1");
        activities.push(Activity {
            id: id.clone(),
            name: child(*task, "Name").unwrap_or_default().to_owned(),
            duration: if milestone { Duration::ZERO } else { file_duration(minutes, minutes_per_day) },
            calendar,
            constraint,
            deadline: date("Deadline"),
            cost_code: None,
            // The WBS element: its summary task's code, else its own code less its last part (1.2.3 → 1.2).
            wbs: enclosing.get(uid).map(|w| (*w).to_owned()).or_else(|| child(*task, "WBS").and_then(|w| w.rsplit_once('.')).map(|(parent, _)| parent.to_owned())),
            assignee: None,
        });
        for b in children(*task, "Baseline").filter(|b| child(*b, "Number") == Some("0")) {
            if let (Some(start), Some(finish)) = (child(b, "Start").and_then(date_of), child(b, "Finish").and_then(date_of)) {
                baseline.insert(id.clone(), (start, finish));
            }
        }
        for link in children(*task, "PredecessorLink") {
            let Some(pred) = child(link, "PredecessorUID").and_then(|p| id_of_uid.get(p)) else {
                problems.push(format!("{}: predecessor {:?} is not a task of the file (or is a summary)", here("PredecessorLink"), child(link, "PredecessorUID").unwrap_or("")));
                continue;
            };
            let kind = match child(link, "Type").unwrap_or("1") {
                "0" => LinkKind::FinishToFinish,
                "1" => LinkKind::FinishToStart,
                "2" => LinkKind::StartToFinish,
                "3" => LinkKind::StartToStart,
                other => {
                    problems.push(format!("{}: {other:?} is not a link type", here("Type")));
                    continue;
                }
            };
            let lag_tenths = child(link, "LinkLag").and_then(|l| l.parse::<i64>().ok()).unwrap_or(0);
            let format = child(link, "LagFormat").unwrap_or("7");
            if matches!(format, "19" | "20" | "51" | "52") {
                unsupported.push(format!("task {uid}: a lag as a percentage is not imported (lag 0)"));
            } else if matches!(format, "4" | "6" | "8" | "10" | "12" | "36" | "38" | "40" | "42" | "44") {
                unsupported.push(format!("task {uid}: an elapsed lag is counted in working days"));
            }
            let per_day = minutes_per_day.saturating_mul(10);
            let lag = if matches!(format, "19" | "20" | "51" | "52") { 0 } else { lag_tenths.div_euclid(per_day) };
            if lag_tenths.rem_euclid(per_day) != 0 && !matches!(format, "19" | "20" | "51" | "52") {
                unsupported.push(format!("task {uid}: a lag of {lag_tenths} tenths of a minute is rounded down to {lag} working days"));
            }
            links.push(Link { predecessor: pred.clone(), successor: id.clone(), kind, lag: i32::try_from(lag).unwrap_or(0) });
        }
    }
    for element in ["Resources", "Assignments"] {
        if project.children().find(|c| c.has_tag_name(element)).is_some_and(|e| e.children().any(|c| c.is_element())) {
            unsupported.push(format!("<{element}> are not imported (the schedule has no resources)"));
        }
    }
    if !problems.is_empty() {
        return Err(Error::InvalidSchedule { problems });
    }
    let settings = ScheduleOptions::starting(start);
    let status_date = child(project, "StatusDate").and_then(date_of);
    Ok(ScheduleFile { name: child(project, "Name").unwrap_or_default().to_owned(), settings, project_calendar, calendars, activities, links, baseline, status_date, progress, unsupported })
}

/// A task's place in the outline MSPDI writes: a WBS element as a summary task, or an activity.
enum Outline<'a> {
    Summary { element: &'a str, level: usize },
    Activity { index: usize, level: usize },
}

/// The outline: activities without a WBS element first, then each element (its ancestors by
/// dotted path before it, in order of first use) as a summary task followed by its
/// activities and its sub-elements.
fn outline(activities: &[Activity]) -> Vec<Outline<'_>> {
    let parent = |element: &str| element.rsplit_once('.').map(|(p, _)| p.to_owned());
    let mut elements: Vec<&str> = Vec::new();
    for wbs in activities.iter().filter_map(|a| a.wbs.as_deref()) {
        // The element and each ancestor ("A.B.C": A, A.B, A.B.C), ancestors first.
        let mut chain = vec![wbs];
        while let Some(up) = chain.last().and_then(|e| e.rsplit_once('.')).map(|(p, _)| p) {
            chain.push(up);
        }
        for element in chain.into_iter().rev() {
            if !elements.contains(&element) {
                elements.push(element);
            }
        }
    }
    let mut members: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
    for (index, activity) in activities.iter().enumerate() {
        members.entry(activity.wbs.as_deref()).or_default().push(index);
    }
    let mut children: HashMap<Option<String>, Vec<&str>> = HashMap::new();
    for element in &elements {
        children.entry(parent(element)).or_default().push(element);
    }
    let mut rows = Vec::with_capacity(activities.len().saturating_add(elements.len()));
    // Depth-first from the top; an element's level is its depth, its activities one deeper.
    let mut stack: Vec<(Option<&str>, usize)> = vec![(None, 1)];
    while let Some((element, level)) = stack.pop() {
        if let Some(element) = element {
            rows.push(Outline::Summary { element, level: level.saturating_sub(1) });
        }
        rows.extend(members.get(&element).into_iter().flatten().map(|index| Outline::Activity { index: *index, level }));
        let below = children.get(&element.map(str::to_owned)).into_iter().flatten().rev();
        stack.extend(below.map(|c| (Some(*c), level.saturating_add(1))));
    }
    rows
}

/// Text escaped for XML.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn weekday_index(day: Weekday) -> usize {
    day.num_days_from_sunday() as usize
}

/// Writes a schedule as MSPDI: the project calendar (UID 1) and the named ones, every activity
/// as a task (its id as the WBS code), links with their lags in days, constraints, deadlines,
/// progress (actual dates, remaining duration, the status date) and baseline 0.
#[must_use]
pub fn write_mspdi(file: &ScheduleFile, project_calendar: &WorkCalendar) -> String {
    let minutes_per_day = minutes_per_day_of(project_calendar);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n");
    let _ = writeln!(out, "  <Name>{}</Name>\n  <StartDate>{}T08:00:00</StartDate>", esc(&file.name), file.settings.project_start);
    if let Some(status) = file.status_date {
        let _ = writeln!(out, "  <StatusDate>{status}T17:00:00</StatusDate>");
    }
    let _ = writeln!(out, "  <MinutesPerDay>{minutes_per_day}</MinutesPerDay>\n  <CalendarUID>1</CalendarUID>\n  <Calendars>");
    let mut uids: HashMap<&str, usize> = HashMap::new();
    let named: Vec<(&String, &WorkCalendar)> = file.calendars.iter().filter(|(name, _)| Some(*name) != file.project_calendar.as_ref()).collect();
    let project_name = project_calendar.name().to_owned();
    let all: Vec<(&str, &WorkCalendar)> = std::iter::once((project_name.as_str(), project_calendar)).chain(named.iter().map(|(n, c)| (n.as_str(), *c))).collect();
    for (i, (name, calendar)) in all.into_iter().enumerate() {
        let uid = i.saturating_add(1);
        if i > 0 {
            uids.insert(name, uid);
        }
        let _ = writeln!(out, "    <Calendar>\n      <UID>{uid}</UID>\n      <Name>{}</Name>\n      <IsBaseCalendar>1</IsBaseCalendar>\n      <WeekDays>", esc(name));
        let working = calendar.working_weekdays();
        for day in [Weekday::Sun, Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat] {
            let _ = writeln!(out, "        <WeekDay><DayType>{}</DayType><DayWorking>{}</DayWorking></WeekDay>", weekday_index(day).saturating_add(1), u8::from(working.contains(&day)));
        }
        out.push_str("      </WeekDays>\n      <Exceptions>\n");
        for (day, holiday) in calendar.holidays() {
            let _ = writeln!(out, "        <Exception><Type>1</Type><Name>{}</Name><DayWorking>0</DayWorking><TimePeriod><FromDate>{day}T00:00:00</FromDate><ToDate>{day}T23:59:00</ToDate></TimePeriod></Exception>", esc(&holiday.name));
        }
        for (day, name) in calendar.makeup_working_days() {
            let _ = writeln!(out, "        <Exception><Type>1</Type><Name>{}</Name><DayWorking>1</DayWorking><TimePeriod><FromDate>{day}T00:00:00</FromDate><ToDate>{day}T23:59:00</ToDate></TimePeriod></Exception>", esc(name));
        }
        out.push_str("      </Exceptions>\n    </Calendar>\n");
    }
    out.push_str("  </Calendars>\n  <Tasks>\n");
    let task_uid: HashMap<&str, usize> = file.activities.iter().enumerate().map(|(i, a)| (a.id.as_str(), i.saturating_add(1))).collect();
    let mut summary_uid = file.activities.len();
    for (row, line) in outline(&file.activities).into_iter().enumerate() {
        let id = row.saturating_add(1);
        let (i, level) = match line {
            Outline::Summary { element, level } => {
                summary_uid = summary_uid.saturating_add(1);
                let _ = writeln!(
                    out,
                    "    <Task>\n      <UID>{summary_uid}</UID>\n      <ID>{id}</ID>\n      <Name>{}</Name>\n      <WBS>{}</WBS>\n      <OutlineLevel>{level}</OutlineLevel>\n      <Summary>1</Summary>\n    </Task>",
                    esc(element),
                    esc(element)
                );
                continue;
            }
            Outline::Activity { index, level } => (index, level),
        };
        let Some(activity) = file.activities.get(i) else { continue };
        let uid = i.saturating_add(1);
        let per_day = activity.calendar.as_ref().and_then(|c| file.calendars.get(c)).map_or(minutes_per_day, minutes_per_day_of);
        let minutes = working_minutes(activity.duration, per_day);
        let _ = write!(
            out,
            "    <Task>\n      <UID>{uid}</UID>\n      <ID>{id}</ID>\n      <Name>{}</Name>\n      <WBS>{}</WBS>\n      <OutlineLevel>{level}</OutlineLevel>\n      <Duration>PT{}H{}M0S</Duration>\n      <Milestone>{}</Milestone>\n      <Summary>0</Summary>\n",
            esc(&activity.name),
            esc(&activity.id),
            minutes / 60,
            minutes % 60,
            u8::from(activity.duration.is_zero())
        );
        let calendar = activity.calendar.as_deref().and_then(|c| uids.get(c)).map_or_else(|| "-1".to_owned(), ToString::to_string);
        let _ = writeln!(out, "      <CalendarUID>{calendar}</CalendarUID>");
        let (kind, date) = match activity.constraint {
            None => (0, None),
            Some(Constraint::MustStartOn { date }) => (2, Some(date)),
            Some(Constraint::MustFinishOn { date }) => (3, Some(date)),
            Some(Constraint::StartNoEarlierThan { date }) => (4, Some(date)),
            Some(Constraint::StartNoLaterThan { date }) => (5, Some(date)),
            Some(Constraint::FinishNoEarlierThan { date }) => (6, Some(date)),
            Some(Constraint::FinishNoLaterThan { date }) => (7, Some(date)),
        };
        let _ = writeln!(out, "      <ConstraintType>{kind}</ConstraintType>");
        if let Some(date) = date {
            let _ = writeln!(out, "      <ConstraintDate>{date}T08:00:00</ConstraintDate>");
        }
        if let Some(deadline) = activity.deadline {
            let _ = writeln!(out, "      <Deadline>{deadline}T17:00:00</Deadline>");
        }
        if let Some(progress) = file.progress.get(&activity.id) {
            let _ = writeln!(out, "      <ActualStart>{}T08:00:00</ActualStart>", progress.actual_start);
            if let Some(finish) = progress.actual_finish {
                let _ = writeln!(out, "      <ActualFinish>{finish}T17:00:00</ActualFinish>");
            }
            let left = working_minutes(progress.remaining_duration, per_day);
            let _ = writeln!(out, "      <RemainingDuration>PT{}H{}M0S</RemainingDuration>", left / 60, left % 60);
        }
        for link in file.links.iter().filter(|l| l.successor == activity.id) {
            let Some(pred) = task_uid.get(link.predecessor.as_str()) else { continue };
            let kind = match link.kind {
                LinkKind::FinishToFinish => 0,
                LinkKind::FinishToStart => 1,
                LinkKind::StartToFinish => 2,
                LinkKind::StartToStart => 3,
            };
            let lag = i64::from(link.lag).saturating_mul(minutes_per_day).saturating_mul(10);
            let _ = writeln!(out, "      <PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>{kind}</Type><CrossProject>0</CrossProject><LinkLag>{lag}</LinkLag><LagFormat>7</LagFormat></PredecessorLink>");
        }
        if let Some((start, finish)) = file.baseline.get(&activity.id) {
            let _ = writeln!(out, "      <Baseline><Number>0</Number><Start>{start}T08:00:00</Start><Finish>{finish}T17:00:00</Finish></Baseline>");
        }
        out.push_str("    </Task>\n");
    }
    out.push_str("  </Tasks>\n</Project>\n");
    out
}
