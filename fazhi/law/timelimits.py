"""Time limits as dated data, and the one function that turns them into due dates.

A `Limit` is `{value, unit, trigger, stops, extension, citation, effective_from}`
(DESIGN.md principle 3). `evaluate` applies it to a start date, clock stops and an
optional extension on a `WorkCalendar` and returns a `Deadline` whose Chinese
explanation cites the article. Procedure apps register their limits at import; several
versions of one code may coexist, told apart by `effective_from`.

Clock stops (procedures.md §8.3): a `Stop(start, end)` excludes the days start+1 .. end,
so the day a consultation is sent still counts and the day the answer arrives does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from fazhi.law.workdays import WorkCalendar, corresponding_date

__all__ = [
    "Deadline",
    "Extension",
    "Limit",
    "Stop",
    "Unit",
    "all_limits",
    "evaluate",
    "get",
    "register",
]

ONE_DAY = timedelta(days=1)


class Unit(StrEnum):
    WD = "working_day"
    CD = "calendar_day"
    MONTH = "month"
    YEAR = "year"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def amount(self, value: int) -> str:
        """Chinese phrase for `value` units: 20个工作日, 60日, 3个月, 1年."""
        return f"{value}个工作日" if self is Unit.WD else f"{value}{self.label}"


_LABELS = {Unit.WD: "工作日", Unit.CD: "日", Unit.MONTH: "个月", Unit.YEAR: "年"}


@dataclass(frozen=True)
class Extension:
    value: int
    unit: Unit
    approver: str
    citation: str


@dataclass(frozen=True)
class Limit:
    code: str
    label: str
    value: int
    unit: Unit
    trigger: str
    citation: str
    effective_from: date
    stops: frozenset[str] = frozenset()
    restart_on: frozenset[str] = frozenset()
    extension: Extension | None = None
    jurisdiction: str = "national"
    effective_to: date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(f"{self.code}: value must be >= 0")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"{self.code}: effective_to is before effective_from")

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class Stop:
    """A clock stop; excluded days are start+1 .. end. `end=None`: still running."""

    start: date
    end: date | None
    reason: str

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"中止计时的结束日期（{self.end}）早于开始日期（{self.start}）")


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool
    paused: bool
    extended: bool
    stopped_days: int
    explanation: str
    limit_code: str


# -- registry ---------------------------------------------------------------------

_REGISTRY: dict[str, list[Limit]] = {}


def register(limit: Limit) -> Limit:
    """Add a limit version; a version with the same code and effective_from is replaced
    (procedure modules may be re-registered)."""
    versions = [v for v in _REGISTRY.get(limit.code, []) if v.effective_from != limit.effective_from]
    versions.append(limit)
    versions.sort(key=lambda v: v.effective_from)
    _REGISTRY[limit.code] = versions
    return limit


def get(code: str, on: date | None = None) -> Limit:
    """The version of `code` in force on `on` (default: today)."""
    versions = _REGISTRY.get(code)
    if not versions:
        raise KeyError(f"未登记的时限代码：{code}")
    on = on or date.today()
    for version in reversed(versions):
        if version.in_force(on):
            return version
    spans = "、".join(
        f"{v.effective_from}至{v.effective_to or '今'}" for v in versions
    )
    raise KeyError(f"时限 {code} 在 {on} 没有有效版本（已登记版本施行期间：{spans}）")


def all_limits() -> list[Limit]:
    """Every registered version, sorted by code then effective_from."""
    return [v for code in sorted(_REGISTRY) for v in _REGISTRY[code]]


# -- evaluation -------------------------------------------------------------------

Interval = tuple[date, date]  # excluded days, both ends inclusive


def _excluded(stops: Sequence[Stop], today: date) -> list[Interval]:
    """Merged, sorted excluded-day intervals of the stops."""
    spans = []
    for stop in stops:
        end = stop.end if stop.end is not None else max(today, stop.start)
        if end > stop.start:
            spans.append((stop.start + ONE_DAY, end))
    spans.sort()
    merged: list[Interval] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _after(intervals: list[Interval], anchor: date) -> list[Interval]:
    """The parts of the intervals strictly after `anchor`."""
    return [(max(a, anchor + ONE_DAY), b) for a, b in intervals if b > anchor]


def _walk_wd(cal: WorkCalendar, anchor: date, n: int, spans: list[Interval]) -> tuple[date, int]:
    """The n-th working day after anchor outside the spans; and working days skipped."""
    cur, skipped = anchor, 0
    for a, b in _after(spans, anchor):
        before = cal.working_days_between(cur, a - ONE_DAY)
        if n <= before:
            break
        n -= before
        skipped += cal.working_days_between(a - ONE_DAY, b)
        cur = b
    return cal.add_working_days(cur, n), skipped


def _shift_cd(nominal: date, anchor: date, spans: list[Interval]) -> tuple[date, int]:
    """Push a nominal last day back by every stopped day that starts before it."""
    end, skipped = nominal, 0
    for a, b in _after(spans, anchor):
        if a > end:
            break
        length = (b - a).days + 1
        end += timedelta(days=length)
        skipped += length
    return end, skipped


def _phase(cal: WorkCalendar, unit: Unit, value: int, anchor: date,
           spans: list[Interval]) -> tuple[date, date, int]:
    """(unrolled last day, due date, stopped days) of one period from `anchor`."""
    if unit is Unit.WD:
        due, skipped = _walk_wd(cal, anchor, value, spans)
        return due, due, skipped
    if unit is Unit.CD:
        nominal = anchor + timedelta(days=value)
    else:
        nominal = corresponding_date(anchor, value * (12 if unit is Unit.YEAR else 1))
    end, skipped = _shift_cd(nominal, anchor, spans)
    return end, cal.roll_forward(end), skipped


def evaluate(limit: Limit, calendar: WorkCalendar, started: date, *,
             stops: Sequence[Stop] = (), extended: bool = False,
             today: date | None = None) -> Deadline:
    """Due date of `limit` counted from `started` (excluded), with stops and extension."""
    if extended and limit.extension is None:
        raise ValueError(f"时限 {limit.code}（{limit.label}）没有延长规定")
    today = today or date.today()
    spans = _excluded(stops, today)
    unit = Unit(limit.unit)
    end, due, skipped = _phase(calendar, unit, limit.value, started, spans)
    parts = [f"{limit.trigger}（{started.isoformat()}）起{unit.amount(limit.value)}"
             f"（{limit.citation}）"]
    stopped = [(unit, skipped)]
    if extended and limit.extension is not None:
        ext = limit.extension
        ext_unit = Unit(ext.unit)
        anchor = due if ext_unit is Unit.WD else end
        end, due, more = _phase(calendar, ext_unit, ext.value, anchor, spans)
        stopped.append((ext_unit, more))
        cite = "同条" if ext.citation == limit.citation else ext.citation
        extension_text = f"经{ext.approver}同意延长{ext_unit.amount(ext.value)}（{cite}）"
    else:
        extension_text = ""
    total = sum(days for _, days in stopped)
    paused = any(stop.end is None for stop in stops)
    if total or paused:
        parts.append(_stops_text(stops, stopped, today))
    if extension_text:
        parts.append(extension_text)
    parts.append(f"截止{due.isoformat()}")
    text = "；".join(parts)
    unloaded = calendar.unloaded_years(started, due)
    if unloaded:
        years = "、".join(str(y) for y in unloaded)
        text += f"（临时：{years}年放假安排尚未公布，按周末及法定节假日估算）"
    return Deadline(due=due, provisional=bool(unloaded), paused=paused, extended=extended,
                    stopped_days=total, explanation=text, limit_code=limit.code)


def _stops_text(stops: Sequence[Stop], stopped: list[tuple[Unit, int]], today: date) -> str:
    reasons = "、".join(dict.fromkeys(stop.reason for stop in stops))
    amounts: dict[Unit, int] = {}
    for unit, days in stopped:
        key = Unit.WD if unit is Unit.WD else Unit.CD  # month periods shift by calendar days
        amounts[key] = amounts.get(key, 0) + days
    counted = "、".join(key.amount(days) for key, days in amounts.items() if days)
    text = f"{reasons}，{counted}不计入" if counted else reasons
    running = [stop for stop in stops if stop.end is None]
    if running:
        since = "、".join(f"{stop.reason}自{stop.start.isoformat()}起" for stop in running)
        text += f"（{since}尚未结束，暂计至{today.isoformat()}）"
    return text
