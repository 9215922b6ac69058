"""The official working-day calendar and working-day arithmetic (procedures.md §8).

Pure Python, no Django. A `WorkCalendar` is built from per-year data (`YearSpec`): the
rest days and make-up workdays of the State Council notice for that year. Years not
loaded are *estimated* (weekends plus the statutory holidays of 全国年节及纪念日放假办法)
and every result that touches them is provisional.

Counting rules (民诉法 Art. 85, 民法典 Arts. 201–203): the start day is excluded; a
period in calendar days, months or years whose last day is a rest day ends on the next
working day; months end on the corresponding date, or the month's last day.

Speed: over a precomputed span (2004..2040, widened to cover loaded years) each day has
a prefix count of working days and every working day is listed, so adding N working days
is two list lookups and counting is a subtraction. Dates outside the span fall back to a
day-by-day walk; nothing raises for a missing year.
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "DAY_KINDS",
    "ESTIMATE_SOURCE",
    "WorkCalendar",
    "YearSpec",
    "builtin_calendar",
    "corresponding_date",
    "estimate_year",
]

ONE_DAY = timedelta(days=1)
SPAN_FIRST_YEAR = 2004
SPAN_LAST_YEAR = 2040
DAY_KINDS = frozenset(
    {"weekday", "weekend", "holiday", "makeup_workday", "local_holiday", "estimated_holiday"}
)
ESTIMATE_SOURCE = "估算：周末及《全国年节及纪念日放假办法》法定节假日（未载入当年放假通知）"


@dataclass(frozen=True)
class YearSpec:
    """One year's official calendar data.

    `holidays`: rest days that would otherwise be worked, plus the holidays themselves
    (weekend dates inside a holiday block may be listed too; they are rest days anyway).
    `makeup_workdays`: weekend days worked under 调休. `local_holidays`: rest days added
    by a local government (放假办法 Art. 4). `names`: optional display names per date.
    """

    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    source: str
    local_holidays: frozenset[date] = frozenset()
    names: Mapping[date, str] = field(default_factory=dict, compare=False)

    def check(self, year: int) -> None:
        """Raise ValueError if the data cannot belong to `year` or contradicts itself."""
        for label, days in (("holiday", self.holidays), ("makeup workday", self.makeup_workdays),
                            ("local holiday", self.local_holidays)):
            stray = sorted(d for d in days if d.year != year)
            if stray:
                raise ValueError(f"{label} {stray[0]} is not in year {year}")
        both = sorted(self.makeup_workdays & (self.holidays | self.local_holidays))
        if both:
            raise ValueError(f"{both[0]} is both a rest day and a make-up workday")


def _spring_festival(year: int) -> date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, 1, 1).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _lunar(year: int, month: int, day: int) -> date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _statutory_holidays(year: int) -> dict[date, str]:
    """The holidays of 全国年节及纪念日放假办法 in force for `year`, by date.

    2025-: 2024 revision (春节 eve + 1–3, 劳动节 1–2 May). 2014–2024: 2013 revision
    (春节 1–3). 2008–2013: 2007 revision (春节 eve + 1–2, 清明/端午/中秋 added, 劳动节
    1 May). Before 2008: 1999 version (春节 1–3, 劳动节 1–3 May).
    """
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    for i in range(3):
        days[date(year, 10, 1 + i)] = "国庆节"
    if year < 2008:
        for i in range(3):
            days[date(year, 5, 1 + i)] = "劳动节"
    else:
        days[date(year, 5, 1)] = "劳动节"
        if year >= 2025:
            days[date(year, 5, 2)] = "劳动节"
    try:
        new_year = _spring_festival(year)
        # Eve + 1st–2nd (2008–2013), 1st–3rd (2014–2024), eve + 1st–3rd (2025-)
        first, last = (-1, 2) if 2008 <= year < 2014 else (-1 if year >= 2025 else 0, 3)
        for i in range(first, last):
            days[new_year + timedelta(days=i)] = "春节"
        if year >= 2008:
            days[_qingming(year)] = "清明节"
            days[_lunar(year, 5, 5)] = "端午节"
            days[_lunar(year, 8, 15)] = "中秋节"
    except Exception:  # lunar data unavailable for this year: fixed-date holidays only
        pass
    return days


@lru_cache(maxsize=512)
def estimate_year(year: int) -> YearSpec:
    """Weekends plus statutory holidays; holidays on weekends are not made up (unknown)."""
    named = _statutory_holidays(year)
    return YearSpec(holidays=frozenset(named), makeup_workdays=frozenset(),
                    source=ESTIMATE_SOURCE, names=named)


def corresponding_date(start: date, months: int) -> date:
    """民法典 Art. 202: the corresponding date `months` later, or that month's last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, _stdcal.monthrange(year, month)[1]))


def _spec_is_working(spec: YearSpec, d: date) -> bool:
    if d in spec.makeup_workdays:
        return True
    return d.weekday() < 5 and d not in spec.holidays and d not in spec.local_holidays


class WorkCalendar:
    """Loaded years plus estimated ones, with O(1) working-day arithmetic."""

    __slots__ = ("_years", "_base", "_len", "_work", "_cum", "_wd", "_nwd", "_first", "_last")

    def __init__(self, years: Mapping[int, YearSpec]):
        for year, spec in years.items():
            spec.check(year)
        self._years: dict[int, YearSpec] = dict(years)
        first_year = min([SPAN_FIRST_YEAR, *self._years])
        last_year = max([SPAN_LAST_YEAR, *self._years])
        self._first = date(first_year, 1, 1)
        self._last = date(last_year, 12, 31)
        self._base = self._first.toordinal()
        self._build()

    def _build(self) -> None:
        work = bytearray()
        cum: list[int] = []
        wd: list[date] = []
        count = 0
        for year in range(self._first.year, self._last.year + 1):
            spec = self.spec(year)
            d = date(year, 1, 1)
            while d.year == year:
                if _spec_is_working(spec, d):
                    count += 1
                    wd.append(d)
                    work.append(1)
                else:
                    work.append(0)
                cum.append(count)
                d += ONE_DAY
        self._work = bytes(work)
        self._cum = cum
        self._wd = wd
        self._nwd = count
        self._len = len(cum)

    # -- data ---------------------------------------------------------------------

    @property
    def years(self) -> Mapping[int, YearSpec]:
        """The loaded years (a copy)."""
        return dict(self._years)

    def is_loaded(self, year: int) -> bool:
        return year in self._years

    def spec(self, year: int) -> YearSpec:
        """The loaded data for `year`, or its estimate."""
        spec = self._years.get(year)
        return spec if spec is not None else estimate_year(year)

    def with_year(self, year: int, spec: YearSpec) -> WorkCalendar:
        """A new calendar with `year` replaced by `spec`; this one is unchanged."""
        return WorkCalendar({**self._years, year: spec})

    def years_touched(self, start: date, end: date) -> set[int]:
        low, high = sorted((start.year, end.year))
        return set(range(low, high + 1))

    def is_provisional(self, start: date, end: date) -> bool:
        """True when any day in [start, end] lies in a year that is not loaded."""
        return any(y not in self._years for y in self.years_touched(start, end))

    def unloaded_years(self, start: date, end: date) -> list[int]:
        return sorted(y for y in self.years_touched(start, end) if y not in self._years)

    # -- single days --------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        i = d.toordinal() - self._base
        if 0 <= i < self._len:
            return bool(self._work[i])
        return _spec_is_working(self.spec(d.year), d)

    def day_kind(self, d: date) -> str:
        spec = self._years.get(d.year)
        weekend = d.weekday() >= 5
        if spec is None:
            if d in estimate_year(d.year).holidays:
                return "estimated_holiday"
            return "weekend" if weekend else "weekday"
        if d in spec.makeup_workdays:
            return "makeup_workday"
        if d in spec.holidays:
            return "holiday"
        if d in spec.local_holidays:
            return "local_holiday"
        return "weekend" if weekend else "weekday"

    def day_name(self, d: date) -> str:
        return self.spec(d.year).names.get(d, "")

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        return self.add_working_days(d, 1)

    def roll_forward(self, d: date) -> date:
        """`d` if it is a working day, else the next one (民法典 Art. 203(1))."""
        i = d.toordinal() - self._base
        if 0 <= i < self._len:
            if self._work[i]:
                return d
            j = self._cum[i]  # rank of the next working day, 0-based
            if j < self._nwd:
                return self._wd[j]
        return d if self.is_working_day(d) else self._add_slow(d, 1)

    # -- arithmetic ---------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start excluded); n=0 returns `start`."""
        i = start.toordinal() - self._base
        if n > 0 and 0 <= i < self._len:
            j = self._cum[i] + n - 1
            if j < self._nwd:
                return self._wd[j]
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return start
        return self._add_slow(start, n)

    def _add_slow(self, d: date, n: int) -> date:
        # Walk outside the span; jump across it with the prefix counts.
        while n > 0:
            i = d.toordinal() - self._base
            if 0 <= i < self._len:
                avail = self._nwd - self._cum[i]
                if n <= avail:
                    return self._wd[self._cum[i] + n - 1]
                n -= avail
                d = self._last
            d += ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        i = start.toordinal() - self._base
        j = end.toordinal() - self._base
        if i >= 0 and j < self._len:
            return self._cum[j] - self._cum[i]
        return self._count_slow(start, end, i, j)

    def _count_slow(self, start: date, end: date, i: int, j: int) -> int:
        def cum_at(k: int) -> int:  # working days in span indices [0, k]
            if k < 0:
                return 0
            return self._cum[min(k, self._len - 1)]

        inside = cum_at(j) - cum_at(i)
        outside = sum(1 for d in self._days_outside(start, end) if self.is_working_day(d))
        return inside + outside

    def _days_outside(self, start: date, end: date) -> Iterator[date]:
        """Days in (start, end] outside the precomputed span."""
        d = start + ONE_DAY
        while d <= end and d < self._first:
            yield d
            d += ONE_DAY
        d = max(d, self._last + ONE_DAY)
        while d <= end:
            yield d
            d += ONE_DAY

    def add_calendar_days(self, start: date, n: int) -> date:
        """start + n days, rolled forward to a working day (民诉法 Art. 85(3))."""
        return self.roll_forward(start + timedelta(days=n))

    def add_months(self, start: date, n: int) -> date:
        """Corresponding date n months later (民法典 Art. 202), rolled forward."""
        return self.roll_forward(corresponding_date(start, n))


def _chinese_calendar_years() -> dict[int, YearSpec]:
    import chinese_calendar
    from chinese_calendar import constants

    label = {h.value: h.chinese for h in constants.Holiday}
    source = f"chinese-calendar {chinese_calendar.__version__}"
    by_year: dict[int, tuple[dict[date, str], dict[date, str]]] = {}
    for d, name in constants.holidays.items():
        by_year.setdefault(d.year, ({}, {}))[0][d] = label.get(name, name)
    for d, name in constants.workdays.items():
        by_year.setdefault(d.year, ({}, {}))[1][d] = f"{label.get(name, name)}调休上班"
    return {
        year: YearSpec(holidays=frozenset(rest), makeup_workdays=frozenset(makeup),
                       source=source, names={**rest, **makeup})
        for year, (rest, makeup) in by_year.items()
    }


@lru_cache(maxsize=1)
def builtin_calendar() -> WorkCalendar:
    """Years 2004–2026 as shipped by the `chinese_calendar` package; later years estimated."""
    return WorkCalendar(_chinese_calendar_years())
