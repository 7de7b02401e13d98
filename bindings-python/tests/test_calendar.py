from __future__ import annotations

import json
import pickle
from datetime import date, datetime, timezone

import pytest

import projectledger as pl
from projectledger import errors


def test_china_2025() -> None:
    cal = pl.WorkCalendar.china_2025()
    assert cal.classify(date(2025, 10, 6)) == pl.DayKind.StatutoryHoliday
    assert cal.classify(date(2025, 10, 7)) == pl.DayKind.RestDay
    assert cal.is_working_day(date(2025, 9, 28))
    assert sum(1 for (_, statutory) in cal.holidays.values() if statutory) == 13
    assert sorted(cal.makeup_working_days) == [date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)]
    assert cal.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248
    assert cal.add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)


def test_a_datetime_is_not_silently_a_date() -> None:
    cal = pl.WorkCalendar.china_2025()
    with pytest.raises(errors.AmountTypeError) as raised:
        cal.classify(datetime(2025, 1, 1, 23, 30, tzinfo=timezone.utc))  # type: ignore[arg-type]
    assert isinstance(raised.value, TypeError) and "datetime" in str(raised.value)
    with pytest.raises(TypeError):
        cal.classify("2025-01-01")  # type: ignore[arg-type]


def test_custom_calendar_and_every_problem_listed() -> None:
    cal = pl.WorkCalendar("Site", ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], 10)
    assert cal.hours_per_day == 10 and cal.working_weekdays[-1] == "Sat"
    assert cal.classify(date(2025, 3, 8)) == pl.DayKind.Working
    with pytest.raises(errors.InvalidCalendarError) as raised:
        pl.WorkCalendar(" ", ["Mon", "Funday"], 25)
    assert len(raised.value.problems) == 1  # weekday names are checked before the rest
    with pytest.raises(errors.InvalidCalendarError) as raised:
        pl.WorkCalendar(" ", [], 25)
    assert len(raised.value.problems) == 3
    with pytest.raises(errors.AmountTypeError):
        pl.WorkCalendar("x", ["Mon"], 7.5)  # type: ignore[arg-type]


def test_notice_and_overrides_leave_the_original_unchanged() -> None:
    cal = pl.WorkCalendar.standard("Mon-Fri")
    notice = {"region": "CN", "year": 2026, "holidays": [{"name": "元旦", "from": "2026-01-01", "to": "2026-01-03", "statutory": ["2026-01-01"], "makeup_working_days": ["2026-01-04"]}]}
    loaded = cal.with_notice(json.dumps(notice))
    assert loaded.classify(date(2026, 1, 4)) == pl.DayKind.Working
    assert cal.classify(date(2026, 1, 1)) == pl.DayKind.Working
    with pytest.raises(errors.InvalidCalendarError):
        loaded.with_holiday(date(2026, 1, 4), "clash")
    bad = {"region": "CN", "year": 2026, "holidays": [{"name": "x", "from": "2026-01-05", "to": "2026-01-01"}]}
    with pytest.raises(errors.InvalidCalendarError):
        cal.with_notice(json.dumps(bad))
    assert cal == pl.WorkCalendar.standard("Mon-Fri")


def test_json_and_pickle_round_trip() -> None:
    cal = pl.WorkCalendar.china_2025()
    assert pl.WorkCalendar.from_json(cal.to_json()) == cal
    assert pickle.loads(pickle.dumps(cal)) == cal


def test_periods() -> None:
    p = pl.period(date(2024, 12, 30), "iso_week")
    assert (p.key, p.kind, p.start, p.end) == ("2025-W01", "iso_week", date(2024, 12, 30), date(2025, 1, 5))
    assert pl.period(date(2025, 1, 1), "month") < pl.period(date(2025, 2, 1), "month")
    with pytest.raises(errors.InvalidFieldError):
        pl.period(date(2025, 1, 1), "fortnight")
    with pytest.raises(errors.DateOutOfRangeError):
        pl.WorkCalendar.standard("x").add_working_days(date(2025, 1, 1), 10**7)


def test_a_calendar_refuses_dates_outside_its_years() -> None:
    cal = pl.WorkCalendar.china_2025()
    assert cal.years == [2025] and not cal.weekly_pattern_outside_years
    with pytest.raises(errors.DateOutsideCalendarError) as raised:
        cal.classify(date(2026, 1, 1))  # 元旦 2026: a guess would pay holiday work at the normal rate
    error = raised.value
    assert isinstance(error, ValueError) and error.kind == "DateOutsideCalendar"
    assert (error.date, error.calendar, error.years) == (date(2026, 1, 1), "China 2025", [2025])
    assert "2026-01-01 is outside the years calendar" in str(error)
    for call in (
        lambda: cal.is_working_day(date(2024, 12, 31)),
        lambda: cal.add_working_days(date(2025, 12, 31), 1),
        lambda: cal.working_days_between(date(2025, 12, 1), date(2026, 1, 5)),
    ):
        with pytest.raises(errors.DateOutsideCalendarError):
            call()
    assert cal.covers(date(2025, 6, 1)) and not cal.covers(date(2026, 6, 1))
    weekly = cal.with_weekly_pattern_outside_years()  # the caller's explicit choice
    assert weekly.weekly_pattern_outside_years and weekly.classify(date(2026, 1, 1)) == pl.DayKind.Working
    assert pl.WorkCalendar.from_json(weekly.to_json()) == weekly and pickle.loads(pickle.dumps(weekly)) == weekly
    assert pl.WorkCalendar.standard("x").years == []  # a weekly pattern alone holds everywhere


def test_china_2024_to_2026_span_years() -> None:
    assert pl.WorkCalendar.china_years() == [2024, 2025, 2026]
    cal = pl.WorkCalendar.china(2024, 2026)
    assert (cal.name, cal.years) == ("China 2024–2026", [2024, 2025, 2026])
    assert pl.WorkCalendar.china(2026).years == [2026]
    counts: dict[int, dict[pl.DayKind, int]] = {}
    day = date(2024, 1, 1)
    while day.year <= 2026:
        by_kind = counts.setdefault(day.year, {})
        by_kind[cal.classify(day)] = by_kind.get(cal.classify(day), 0) + 1
        day = date.fromordinal(day.toordinal() + 1)
    assert [counts[y][pl.DayKind.Working] for y in (2024, 2025, 2026)] == [251, 248, 248]
    assert [counts[y][pl.DayKind.StatutoryHoliday] for y in (2024, 2025, 2026)] == [11, 13, 13]
    assert cal.classify(date(2026, 2, 16)) == pl.DayKind.StatutoryHoliday  # 除夕
    assert cal.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)  # the 调休 Sunday
    with pytest.raises(errors.InvalidCalendarError) as raised:
        pl.WorkCalendar.china(2025, 2027)
    assert "2027" in raised.value.problems[0]
    with pytest.raises(errors.AmountTypeError):
        pl.WorkCalendar.china(True)  # a bool is not a year


def test_a_holiday_notice_is_built_from_data_every_problem_named() -> None:
    notice = {
        "region": "CN",
        "year": 2030,
        "source": "a test notice",
        "holidays": [{"name": "元旦", "from": date(2030, 1, 1), "to": date(2030, 1, 2), "statutory": [date(2030, 1, 1)], "makeup_working_days": [date(2030, 1, 5)]}],
    }
    calendar = pl.WorkCalendar.standard("Mon-Fri").with_holiday_notice(notice)
    kinds = [calendar.classify(date(2030, 1, d)) for d in (1, 2, 5)]
    assert kinds == [pl.DayKind.StatutoryHoliday, pl.DayKind.RestDay, pl.DayKind.Working]
    same_as_json = '{"region": "CN", "year": 2030, "holidays": [{"name": "元旦", "from": "2030-01-01", "to": "2030-01-02", "statutory": ["2030-01-01"], "makeup_working_days": ["2030-01-05"]}]}'
    assert calendar == pl.WorkCalendar.standard("Mon-Fri").with_notice(same_as_json)
    with pytest.raises(pl.InvalidCalendarError) as bad:
        pl.WorkCalendar.standard("Mon-Fri").with_holiday_notice({"region": "CN", "year": 2030, "holidays": [{"name": "X", "from": date(2030, 2, 3), "to": date(2030, 2, 1)}]})
    assert bad.value.problems == ['holiday "X" ends (2030-02-01) before it starts (2030-02-03)']
