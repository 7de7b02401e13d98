//! Microsoft Project XML in and out (issue 14): a file as Microsoft Project writes it is read
//! with every unsupported element listed; a malformed one is refused naming the line or the
//! task and element; import → export → import gives the same network.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use chrono::NaiveDate;
use projectledger::schedule::{read_mspdi, schedule, write_mspdi, Activity, Constraint, Duration, Link, LinkKind, ScheduleFile, ScheduleOptions};
use projectledger::{Decimal, WorkCalendar};
use proptest::prelude::*;

const FILE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>Pump station</Name>
  <StartDate>2025-03-31T08:00:00</StartDate>
  <StatusDate>2025-04-01T17:00:00</StatusDate>
  <MinutesPerDay>480</MinutesPerDay>
  <CalendarUID>1</CalendarUID>
  <Calendars>
    <Calendar>
      <UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
      <WeekDays>
        <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
        <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>3</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>4</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>5</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>6</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
      </WeekDays>
      <Exceptions>
        <Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod><FromDate>2025-04-04T00:00:00</FromDate><ToDate>2025-04-04T23:59:00</ToDate></TimePeriod><Occurrences>1</Occurrences><Name>清明节</Name><Type>1</Type><DayWorking>0</DayWorking></Exception>
      </Exceptions>
    </Calendar>
    <Calendar>
      <UID>2</UID><Name>Six days</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
      <WeekDays>
        <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
        <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>3</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>4</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>5</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>6</DayType><DayWorking>1</DayWorking></WeekDay>
        <WeekDay><DayType>7</DayType><DayWorking>1</DayWorking></WeekDay>
      </WeekDays>
    </Calendar>
  </Calendars>
  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>Pump station</Name><Summary>1</Summary></Task>
    <Task><UID>1</UID><ID>1</ID><Name>Civil</Name><WBS>1</WBS><Summary>1</Summary></Task>
    <Task><UID>2</UID><ID>2</ID><Name>Excavate</Name><WBS>1.1</WBS><Duration>PT24H0M0S</Duration><Summary>0</Summary><CalendarUID>-1</CalendarUID><ConstraintType>0</ConstraintType>
      <ActualStart>2025-03-31T08:00:00</ActualStart><RemainingDuration>PT12H0M0S</RemainingDuration>
      <Baseline><Number>0</Number><Start>2025-03-31T08:00:00</Start><Finish>2025-04-02T17:00:00</Finish></Baseline></Task>
    <Task><UID>3</UID><ID>3</ID><Name>Pour base</Name><WBS>1.2</WBS><Duration>PT16H0M0S</Duration><Summary>0</Summary><CalendarUID>2</CalendarUID><ConstraintType>4</ConstraintType><ConstraintDate>2025-04-03T08:00:00</ConstraintDate>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type><CrossProject>0</CrossProject><LinkLag>4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
    <Task><UID>4</UID><ID>4</ID><Name>Walls</Name><WBS>1.3</WBS><Duration>PT36H0M0S</Duration><Summary>0</Summary><Deadline>2025-04-18T17:00:00</Deadline>
      <PredecessorLink><PredecessorUID>3</PredecessorUID><Type>3</Type><LinkLag>2000</LinkLag><LagFormat>19</LagFormat></PredecessorLink>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>0</Type><LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
    <Task><UID>5</UID><ID>5</ID><Name>Handover</Name><WBS>1.4</WBS><Duration>PT0H0M0S</Duration><Milestone>1</Milestone><Summary>0</Summary><ConstraintType>1</ConstraintType>
      <PredecessorLink><PredecessorUID>4</PredecessorUID><Type>1</Type><LinkLag>-4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
  </Tasks>
  <Resources><Resource><UID>1</UID><Name>Crew</Name></Resource></Resources>
</Project>
"#;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

#[test]
fn a_file_as_microsoft_project_writes_it_is_read_and_the_rest_listed() {
    let file = read_mspdi(FILE).unwrap();
    assert_eq!((file.name.as_str(), file.settings.project_start, file.project_calendar.as_deref()), ("Pump station", day(3, 31), Some("Standard")));
    let ids: Vec<&str> = file.activities.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["1.1", "1.2", "1.3", "1.4"]); // WBS codes; summaries are groupings
    let durations: Vec<Duration> = file.activities.iter().map(|a| a.duration).collect();
    assert_eq!(durations, [Duration::Days(3), Duration::Days(2), Duration::hours(Decimal::from(36)), Duration::ZERO]); // 36 hours: 4½ days
    assert_eq!(file.activities[1].calendar.as_deref(), Some("Six days"));
    assert_eq!(file.activities[1].constraint, Some(Constraint::StartNoEarlierThan { date: day(4, 3) }));
    assert_eq!(file.activities[2].deadline, Some(day(4, 18)));
    assert_eq!(file.activities[0].wbs.as_deref(), Some("1")); // the WBS element of task 1.1
    assert_eq!(
        file.links,
        [
            Link::new("1.1", "1.2", LinkKind::FinishToStart, 1),
            Link::new("1.2", "1.3", LinkKind::StartToStart, 0),
            Link::new("1.1", "1.3", LinkKind::FinishToFinish, 0),
            Link::new("1.3", "1.4", LinkKind::FinishToStart, -1),
        ]
    );
    assert_eq!(file.baseline.get("1.1"), Some(&(day(3, 31), day(4, 2))));
    let standard = &file.calendars["Standard"];
    assert!(!standard.is_working_day(day(4, 4)).unwrap()); // 清明节
    assert!(file.calendars["Six days"].is_working_day(day(4, 5)).unwrap()); // a Saturday
    for expected in ["summary task 1 (Civil)", "as late as possible", "percentage", "<Resources>"] {
        assert!(file.unsupported.iter().any(|u| u.contains(expected)), "{expected} not in {:?}", file.unsupported);
    }
    // It schedules: Excavate 31 Mar – 2 Apr; Pour base after a day's lag, from 4 Apr on the
    // six-day calendar (Qingming is only on the standard one): 4–5 Apr.
    let plan = schedule(&file.activities, &file.links, &ScheduleOptions::starting(file.settings.project_start), standard, &file.calendars).unwrap();
    assert_eq!((plan.activities[1].early_start, plan.activities[1].early_finish), (day(4, 4), day(4, 5)));
    // Progress: 12 hours of Excavate left as of the status date; written out and read back alike.
    assert_eq!(file.status_date, Some(day(4, 1)));
    assert_eq!(file.progress["1.1"], projectledger::schedule::Progress { actual_start: day(3, 31), actual_finish: None, remaining_duration: Duration::hours(Decimal::from(12)) });
    let again = read_mspdi(&write_mspdi(&file, standard)).unwrap();
    assert_eq!((again.status_date, &again.progress, &again.baseline), (file.status_date, &file.progress, &file.baseline));
    // The WBS element "1" goes out as a summary task over its four activities and comes back.
    let xml = write_mspdi(&file, standard);
    assert!(xml.contains("<WBS>1</WBS>\n      <OutlineLevel>1</OutlineLevel>\n      <Summary>1</Summary>"), "{xml}");
    assert_eq!(again.activities, file.activities);
    let pour = &plan.activities[2];
    assert_eq!((pour.early_start, pour.early_finish, pour.early_finish_time.to_string()), (day(4, 7), day(4, 11), "12:00:00".to_owned()));
}

#[test]
fn a_malformed_file_is_refused_naming_where() {
    let cut = &FILE[..FILE.len() / 2];
    let error = read_mspdi(cut).unwrap_err();
    assert_eq!(error.kind(), "InvalidField");
    assert!(error.to_string().contains("mspdi"), "{error}");
    let bad = FILE.replace("<Duration>PT16H0M0S</Duration>", "<Duration>two days</Duration>").replace("<Type>3</Type>", "<Type>9</Type>");
    let error = read_mspdi(&bad).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("task 3 <Duration>") && text.contains("task 4 <Type>"), "{text}");
    assert_eq!(read_mspdi("<Schedule/>").unwrap_err().kind(), "InvalidSchedule");
}

fn file_of(activities: Vec<Activity>, links: Vec<Link>, calendars: projectledger::schedule::Calendars) -> ScheduleFile {
    let settings = ScheduleOptions::starting(day(3, 3));
    ScheduleFile { name: "Round trip".into(), settings, project_calendar: None, calendars, activities, links, baseline: Default::default(), status_date: None, progress: Default::default(), unsupported: Vec::new() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn import_export_import_gives_the_same_network(
        durations in proptest::collection::vec((0u32..20, any::<bool>()), 1..25),
        elements in proptest::collection::vec(0usize..5, 25),
        links in proptest::collection::vec((0usize..25, 0usize..25, 0usize..4, -3i32..5), 0..40),
        constrained in proptest::collection::vec((0usize..25, 0usize..6, 0u32..60), 0..5),
    ) {
        let n = durations.len();
        let kinds = [LinkKind::FinishToStart, LinkKind::StartToStart, LinkKind::FinishToFinish, LinkKind::StartToFinish];
        // Whole days, or hours in steps of 45 minutes (never a whole 8-hour day).
        let duration = |(d, hours): (u32, bool)| if hours && d > 0 { Duration::hours(Decimal::from(d * 45) / Decimal::from(60)) } else { Duration::Days(d) };
        let mut activities: Vec<Activity> = durations.iter().enumerate().map(|(i, d)| Activity::new(&format!("A{i}"), &format!("Work <{i}> & co"), duration(*d))).collect();
        activities[0].calendar = Some("Six days".into());
        // WBS elements, nested and not, written as summary tasks and read back from them.
        for (activity, e) in activities.iter_mut().zip(&elements) {
            activity.wbs = [None, Some("1"), Some("1.2"), Some("PUMP.CIVIL.WALLS"), Some("2")][*e].map(str::to_owned);
        }
        for (i, kind, offset) in constrained {
            let date = day(3, 3) + chrono::Days::new(u64::from(offset));
            let constraint = [Constraint::StartNoEarlierThan { date }, Constraint::FinishNoEarlierThan { date }, Constraint::StartNoLaterThan { date }, Constraint::FinishNoLaterThan { date }, Constraint::MustStartOn { date }, Constraint::MustFinishOn { date }][kind];
            if let Some(a) = activities.get_mut(i) { a.constraint = Some(constraint); a.deadline = Some(date); }
        }
        let links: Vec<Link> = links.into_iter().filter(|(a, b, _, _)| a < b && *b < n).map(|(a, b, k, lag)| Link::new(&format!("A{a}"), &format!("A{b}"), kinds[k], lag)).collect();
        let six = r#"{"name":"Six days","working_weekdays":["Mon","Tue","Wed","Thu","Fri","Sat"],"hours_per_day":"8","holidays":{"2025-10-01":{"name":"国庆节","statutory":true}},"makeup_working_days":{}}"#;
        let mut calendars = projectledger::schedule::Calendars::new();
        calendars.insert("Six days".into(), WorkCalendar::from_json(six).unwrap());
        let project = WorkCalendar::china(2025, 2026).unwrap();
        // The same network: the same activities, and the same links in any order.
        let sorted = |mut links: Vec<Link>| { links.sort_by_key(|l| (l.successor.clone(), l.predecessor.clone(), l.lag, format!("{:?}", l.kind))); links };
        let once = read_mspdi(&write_mspdi(&file_of(activities.clone(), links.clone(), calendars), &project)).unwrap();
        // The outline groups activities under their element: the same activities, in outline order.
        let by_id = |mut list: Vec<Activity>| { list.sort_by(|a, b| a.id.cmp(&b.id)); list };
        prop_assert_eq!(by_id(once.activities.clone()), by_id(activities.clone()));
        prop_assert_eq!(sorted(once.links.clone()), sorted(links));
        let twice = read_mspdi(&write_mspdi(&once, &project)).unwrap();
        prop_assert_eq!(&twice.activities, &once.activities);
        prop_assert_eq!(sorted(twice.links.clone()), sorted(once.links.clone()));
        // The calendars agree day by day over the years they cover.
        for (name, calendar) in &twice.calendars {
            let original = if name == "Six days" { &once.calendars["Six days"] } else { &project };
            for d in day(1, 1).iter_days().take(700) {
                prop_assert_eq!(calendar.is_working_day(d).unwrap(), original.is_working_day(d).unwrap(), "{} on {}", name, d);
            }
        }
    }
}

#[test]
fn a_p6_xer_file_is_read_with_its_calendars() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/files/pump-station.xer")).unwrap();
    let file = projectledger::schedule::read_xer(&text).unwrap();
    let standard = &file.calendars["Standard"];
    assert!(!standard.is_working_day(day(4, 4)).unwrap()); // the exception, Excel day 45751
    assert!(standard.is_working_day(day(3, 31)).unwrap() && !standard.is_working_day(day(4, 6)).unwrap());
    assert!(file.calendars["Six days"].is_working_day(day(4, 5)).unwrap());
    assert_eq!(file.settings.scheduler, projectledger::schedule::Scheduler::Primavera);
    assert_eq!(file.activities[0].wbs.as_deref(), Some("PUMP.CIVIL")); // its WBS element's path
    // A line that is not an XER record is named.
    let error = projectledger::schedule::read_xer(&text.replacen("%T\tTASK", "%X\tTASK", 1)).unwrap_err();
    assert!(error.to_string().contains("line 13"), "{error}");
}

#[test]
fn each_project_of_a_p6_file_is_read_by_name() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/files/pump-station.xer")).unwrap();
    let text = text
        .replacen("2025-04-03 08:00\r\n", "2025-04-03 08:00\r\n%R\t102\tPUMP-2\t1\t2025-05-06 08:00\t2025-05-06 08:00\r\n", 1)
        .replacen("%T\tTASKPRED", "%R\t3001\t102\t10\t1\tTT_Task\tB1010\tFence\t16\t\t\t\t\t\r\n%T\tTASKPRED", 1);
    let first = projectledger::schedule::read_xer(&text).unwrap();
    assert_eq!(first.name, "PUMP-ST");
    assert!(first.unsupported.iter().any(|u| u.contains("1 more projects") && u.contains("PUMP-2")), "{:?}", first.unsupported);
    assert!(first.activities.iter().all(|a| a.id != "B1010"));
    let second = projectledger::schedule::read_xer_project(&text, "PUMP-2").unwrap();
    assert_eq!((second.name.as_str(), second.settings.project_start), ("PUMP-2", NaiveDate::from_ymd_opt(2025, 5, 6).unwrap()));
    assert_eq!(second.activities.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["B1010"]);
    assert!(second.unsupported.iter().all(|u| !u.contains("more projects")));
    assert_eq!(projectledger::schedule::read_xer_project(&text, "101").unwrap().name, "PUMP-ST"); // by proj_id too
    let error = projectledger::schedule::read_xer_project(&text, "PUMP-9").unwrap_err();
    assert!(error.to_string().contains("no project \"PUMP-9\"") && error.to_string().contains("PUMP-ST, PUMP-2"), "{error}");
}
