"""Working-day calendar: the notices of §8.2, the counting rules of §8.3, estimation."""

from datetime import date, timedelta
from functools import cache

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunar_python import Solar

from fazhi.law.workdays import (
    DAY_KINDS,
    WorkCalendar,
    YearSpec,
    builtin_calendar,
    corresponding_date,
    estimate_year,
)

DAY = timedelta(days=1)
CAL = builtin_calendar()


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


@cache
def ref_is_working(d: date) -> bool:
    """Reference: chinese_calendar for the years it ships, the estimate beyond."""
    if 2004 <= d.year <= 2026:
        return chinese_calendar.is_workday(d)
    spec = estimate_year(d.year)
    return d.weekday() < 5 and d not in spec.holidays


def ref_add(start: date, n: int) -> date:
    d = start
    while n:
        d += DAY
        n -= ref_is_working(d)
    return d


def ref_between(start: date, end: date) -> int:
    return sum(ref_is_working(start + DAY * i) for i in range(1, (end - start).days + 1))


def ref_roll(d: date) -> date:
    while not ref_is_working(d):
        d += DAY
    return d


# -- §8.2 loaded calendars ---------------------------------------------------------

NOTICE_2025 = (  # 国办发明电〔2024〕12号
    days(date(2025, 1, 1), date(2025, 1, 1)) | days(date(2025, 1, 28), date(2025, 2, 4))
    | days(date(2025, 4, 4), date(2025, 4, 6)) | days(date(2025, 5, 1), date(2025, 5, 5))
    | days(date(2025, 5, 31), date(2025, 6, 2)) | days(date(2025, 10, 1), date(2025, 10, 8)),
    {date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)},
)
NOTICE_2026 = (  # 国务院办公厅 2026 年部分节假日安排的通知（2025-11-04）
    days(date(2026, 1, 1), date(2026, 1, 3)) | days(date(2026, 2, 15), date(2026, 2, 23))
    | days(date(2026, 4, 4), date(2026, 4, 6)) | days(date(2026, 5, 1), date(2026, 5, 5))
    | days(date(2026, 6, 19), date(2026, 6, 21)) | days(date(2026, 9, 25), date(2026, 9, 27))
    | days(date(2026, 10, 1), date(2026, 10, 7)),
    {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
     date(2026, 10, 10)},
)


@pytest.mark.parametrize(("year", "notice"), [(2025, NOTICE_2025), (2026, NOTICE_2026)])
def test_builtin_year_matches_state_council_notice_section_8_2(year, notice):
    """procedures.md §8.2: every day of 2025 and 2026 as in the published notices."""
    rest, makeup = notice
    assert all(d.weekday() >= 5 for d in makeup)  # the table's weekday names: Sat/Sun
    assert CAL.is_loaded(year)
    for d in days(date(year, 1, 1), date(year, 12, 31)):
        expected = d in makeup or (d.weekday() < 5 and d not in rest)
        assert CAL.is_working_day(d) is expected, d
        if d in makeup:
            assert CAL.day_kind(d) == "makeup_workday"
        elif d in rest:
            assert CAL.day_kind(d) == "holiday"
        else:
            assert CAL.day_kind(d) == ("weekend" if d.weekday() >= 5 else "weekday")


def test_holiday_names_are_chinese():
    assert CAL.day_name(date(2026, 2, 17)) == "春节"
    assert CAL.day_name(date(2026, 2, 14)) == "春节调休上班"
    assert CAL.spec(2025).source.startswith("chinese-calendar")


# -- §8.3 worked examples ----------------------------------------------------------

def test_gio_20_wd_spans_spring_festival_2025():
    """条例 Art. 33(2), §8.3: received Mon 20 Jan 2025 → Fri 21 Feb; makeup days count."""
    assert CAL.add_working_days(date(2025, 1, 20), 20) == date(2025, 2, 21)
    assert CAL.add_working_days(date(2025, 1, 20), 40) == date(2025, 3, 21)


def test_gio_20_wd_spans_national_day_2025():
    """§8.3: received Fri 26 Sep 2025 → Thu 30 Oct 2025."""
    assert CAL.add_working_days(date(2025, 9, 26), 20) == date(2025, 10, 30)


def test_penalty_15_cd_last_day_holiday_rolls_forward_minsufa_art_85():
    """民诉法 Art. 85(3) / 民法典 Art. 203(1): nominal Tue 4 Feb 2025 (holiday) → Wed 5 Feb."""
    assert CAL.add_calendar_days(date(2025, 1, 20), 15) == date(2025, 2, 5)


def test_reconsideration_60_cd_rolls_past_national_day():
    """§8.3: accepted Mon 4 Aug 2025; nominal Fri 3 Oct (holiday) → Thu 9 Oct 2025."""
    assert CAL.add_calendar_days(date(2025, 8, 4), 60) == date(2025, 10, 9)


def test_reconsideration_5_wd_response_2026():
    """复议法 Art. 88, §8.3: 5 WD after Mon 19 Jan 2026 → Mon 26 Jan 2026."""
    assert CAL.add_working_days(date(2026, 1, 19), 5) == date(2026, 1, 26)


def test_start_day_excluded_minfadian_art_201():
    """民法典 Art. 201: the start day never counts; n=0 is the start itself."""
    start = date(2025, 3, 3)  # Monday
    assert CAL.add_working_days(start, 0) == start
    assert CAL.add_working_days(start, 1) == date(2025, 3, 4)
    assert CAL.working_days_between(start, start) == 0
    assert CAL.working_days_between(start, date(2025, 3, 4)) == 1
    assert CAL.next_working_day(date(2025, 1, 27)) == date(2025, 2, 5)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),   # no 31 Feb: month's last day
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 8, 31), 1, date(2025, 9, 30)),
    (date(2025, 9, 1), 1, date(2025, 10, 9)),    # 1 Oct holiday → rolled to Thu 9 Oct
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2025, 6, 15), 6, date(2025, 12, 15)),
])
def test_months_corresponding_date_minfadian_art_202(start, months, expected):
    """民法典 Art. 202: the corresponding date, else the month's last day; then Art. 203."""
    assert CAL.add_months(start, months) == expected


def test_corresponding_date_negative_and_year_wrap():
    assert corresponding_date(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert corresponding_date(date(2025, 3, 31), -1) == date(2025, 2, 28)


# -- against a day-by-day reference --------------------------------------------------

ALL_2019_2026 = sorted(days(date(2019, 1, 1), date(2026, 12, 31)))


@pytest.mark.parametrize("n", [0, 1, 5, 20, 60])
def test_add_working_days_matches_reference_every_date_2019_2026(n):
    for d in ALL_2019_2026:
        assert CAL.add_working_days(d, n) == ref_add(d, n), (d, n)


def test_counts_and_calendar_days_match_reference_every_date_2019_2026():
    flags = [ref_is_working(d) for d in ALL_2019_2026]
    prefix = [0]
    for f in flags:
        prefix.append(prefix[-1] + f)
    for i, d in enumerate(ALL_2019_2026):
        assert CAL.is_working_day(d) is flags[i], d
        for k in (1, 7, 30, 365):
            j = i + k
            if j < len(ALL_2019_2026):
                assert CAL.working_days_between(d, ALL_2019_2026[j]) == prefix[j + 1] - prefix[i + 1]
        for k in (0, 15, 60):
            assert CAL.add_calendar_days(d, k) == ref_roll(d + DAY * k), (d, k)


dates_2019_2026 = st.dates(date(2019, 1, 1), date(2026, 12, 31))


@settings(max_examples=300, deadline=None)
@given(dates_2019_2026, st.integers(0, 400))
def test_add_working_days_random_n(start, n):
    assert CAL.add_working_days(start, n) == ref_add(start, n)


@settings(max_examples=300, deadline=None)
@given(dates_2019_2026, st.integers(1, 400))
def test_count_inverts_add(start, n):
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    assert CAL.working_days_between(end, start) == -n


@settings(max_examples=150, deadline=None)
@given(st.dates(date(1985, 1, 1), date(2070, 12, 31)), st.integers(0, 300))
def test_outside_span_never_crashes_and_agrees_with_walk(start, n):
    """Dates before 2004 or after 2040 take the slow path; same answer as walking."""
    def working(d: date) -> bool:
        spec = CAL.spec(d.year)
        return d in spec.makeup_workdays or (d.weekday() < 5 and d not in spec.holidays)

    d, left = start, n
    while left:
        d += DAY
        left -= working(d)
    assert CAL.add_working_days(start, n) == d
    assert CAL.working_days_between(start, d) == n
    assert CAL.is_working_day(d) is working(d)


def test_far_years_outside_span():
    assert CAL.add_working_days(date(2099, 12, 30), 3) == date(2100, 1, 5)
    assert CAL.add_calendar_days(date(1990, 9, 30), 1) == date(1990, 10, 4)
    assert CAL.working_days_between(date(2003, 12, 30), date(2004, 1, 5)) == 3
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 1, 1), -1)


# -- unloaded years: estimation and the provisional flag -----------------------------

def test_2027_is_not_loaded_and_provisional():
    """DESIGN principle 4: a year without a notice is estimated and provisional."""
    assert not CAL.is_loaded(2027)
    assert CAL.is_provisional(date(2026, 12, 1), date(2027, 1, 5))
    assert not CAL.is_provisional(date(2026, 1, 1), date(2026, 12, 31))
    assert CAL.years_touched(date(2026, 12, 1), date(2028, 1, 1)) == {2026, 2027, 2028}


def test_estimated_spring_festival_2027_lunar():
    """放假办法 (2024 rev.) Art. 2: 春节 = New Year's Eve + lunar 1st–3rd (4 days)."""
    lunar = Solar.fromYmd(2027, 2, 6).getLunar()
    assert (lunar.getMonth(), lunar.getDay()) == (1, 1)  # Sat 6 Feb 2027 is 正月初一
    spec = estimate_year(2027)
    festival = {d for d in spec.holidays if spec.names[d] == "春节"}
    assert festival == days(date(2027, 2, 5), date(2027, 2, 8))
    assert CAL.day_kind(date(2027, 2, 5)) == "estimated_holiday"  # Fri, 除夕
    assert not CAL.is_working_day(date(2027, 2, 8))  # Mon, 初三
    assert CAL.is_working_day(date(2027, 2, 9))  # no make-up is invented
    assert CAL.day_kind(date(2027, 2, 13)) == "weekend"
    assert not spec.makeup_workdays


def test_estimated_2027_fixed_and_lunar_holidays():
    spec = estimate_year(2027)
    assert {date(2027, 1, 1), date(2027, 5, 1), date(2027, 5, 2), date(2027, 10, 1),
            date(2027, 10, 2), date(2027, 10, 3)} <= spec.holidays
    assert len(spec.holidays) == 13  # 放假办法 Art. 2: 13 days for everyone
    assert spec.names[date(2027, 4, 5)] == "清明节"


def test_estimation_before_2025_uses_old_rules():
    """Before the 2024 revision: 春节 3 days (no eve), 劳动节 1 day."""
    spec = estimate_year(2024)
    assert len(spec.holidays) == 11
    assert date(2024, 2, 9) not in spec.holidays and date(2024, 2, 10) in spec.holidays
    assert date(2024, 5, 2) not in spec.holidays


def test_estimation_2008_2013_uses_2007_revision():
    """2007 revision: 春节 = 除夕 + 正月初一、初二 (2012: New Year Mon 23 Jan)."""
    spring = {d for d, name in estimate_year(2012).names.items() if name == "春节"}
    assert spring == days(date(2012, 1, 22), date(2012, 1, 24))


@pytest.mark.parametrize("year", range(2008, 2027))
def test_estimate_is_within_official_rest_days(year):
    """Each statutory holiday the estimate places is a rest day in the published notice."""
    official = {d for d in days(date(year, 1, 1), date(year, 12, 31))
                if not chinese_calendar.is_workday(d)}
    assert estimate_year(year).holidays <= official


def test_with_year_returns_new_calendar():
    spec = YearSpec(holidays=frozenset({date(2027, 2, 4)}),
                    makeup_workdays=frozenset({date(2027, 2, 6)}), source="测试通知")
    loaded = CAL.with_year(2027, spec)
    assert loaded.is_loaded(2027) and not CAL.is_loaded(2027)
    assert loaded.day_kind(date(2027, 2, 6)) == "makeup_workday"
    assert loaded.is_working_day(date(2027, 2, 5))  # the estimate is replaced entirely
    assert not loaded.is_provisional(date(2027, 1, 1), date(2027, 12, 31))
    assert loaded.add_working_days(date(2027, 2, 3), 2) == date(2027, 2, 6)


def test_local_holiday_is_a_rest_day():
    """放假办法 Art. 4: local governments may add holidays."""
    spec = YearSpec(holidays=frozenset(), makeup_workdays=frozenset(), source="地方",
                    local_holidays=frozenset({date(2030, 3, 5)}))
    cal = WorkCalendar({2030: spec})
    assert cal.day_kind(date(2030, 3, 5)) == "local_holiday"
    assert not cal.is_working_day(date(2030, 3, 5))
    assert {cal.day_kind(date(2030, 1, 1) + DAY * i) for i in range(365)} <= DAY_KINDS


def test_inconsistent_year_data_is_refused():
    with pytest.raises(ValueError):
        WorkCalendar({2027: YearSpec(frozenset({date(2028, 1, 1)}), frozenset(), "x")})
    with pytest.raises(ValueError):
        WorkCalendar({2027: YearSpec(frozenset({date(2027, 2, 6)}),
                                     frozenset({date(2027, 2, 6)}), "x")})
