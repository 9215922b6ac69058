"""Time limits as dated data, and the one function that turns them into due dates.

A `Limit` is `{value, unit, trigger, stops, extension, citation, effective_from}`
(DESIGN.md principle 3). `evaluate` applies it to a start date, clock stops and an
optional extension on a `WorkCalendar` and returns a `Deadline` whose Chinese
explanation cites the article. Procedure apps register their limits at import; several
versions of one code may coexist, told apart by `effective_from`.

Clock stops (procedures.md §8.3): a `Stop(start, end, reason, bound)` excludes the days
start+1 .. end, so the day a consultation is sent still counts and the day the answer
arrives does not (《民法典》第二百零一条). A stop always has an end: an open one runs to its
bound (the consulted party's own limit, the correction period, the payment limit) and
no further; a stop begun on or after the period's last day stops nothing.
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
    "StopSpan",
    "Unit",
    "all_limits",
    "evaluate",
    "get",
    "parse_stop",
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
    # Who must act within the limit when it is not the agency itself (the consulted third
    # party, the applicant paying a fee): such a limit is tracked and recomputed like any
    # other, but it is not the agency's deadline.
    party: str = ""

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(f"{self.code}: value must be >= 0")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"{self.code}: effective_to is before effective_from")

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class Stop:
    """A clock stop (中止计时), e.g. while a third party is consulted (条例第三十三条第三款).

    The day it starts still counts; the days after it, through the day it ends, do not:
    counting resumes from the end day, which as the first day of the resumed period is not
    counted (《民法典》第二百零一条). Every stop has a `bound`, the latest day it may last:
    the consulted party's own limit, the correction period the agency set, the payment
    limit. An open stop (`end=None`) counts as running to its bound, so the due date is
    always a date, and the clock resumes by itself once the bound has passed; an end after
    the bound is cut to it.
    """

    start: date
    end: date | None
    reason: str
    bound: date
    bound_reason: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.bound, date):
            raise TypeError(f"中止计时“{self.reason}”必须给出最迟结束日期（bound）")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"中止计时的结束日期（{self.end}）早于开始日期（{self.start}）")
        if self.bound < self.start:
            raise ValueError(f"中止计时的最迟结束日期（{self.bound}）早于开始日期（{self.start}）")

    @property
    def last_excluded(self) -> date:
        """The last day not counted: the end, or the bound if earlier or still open."""
        return self.bound if self.end is None else min(self.end, self.bound)

    def running_on(self, today: date) -> bool:
        """Whether the clock stands still on `today` because of this stop."""
        return self.end is None and self.start <= today <= self.bound


@dataclass(frozen=True)
class StopSpan:
    """How one stop entered a due date: the days it excluded (both ends inclusive, in
    the limit's unit), or why it excluded none (`applied=False`: it began on or after
    the last day of the period, so the period had already run)."""

    start: date
    end: date | None
    bound: date
    reason: str
    applied: bool
    excluded_from: date | None
    excluded_to: date | None
    excluded_days: int
    running: bool

    def as_json(self) -> dict[str, object]:
        """Dates as ISO text, for `fazhi deadline --json` and the API."""
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None
        return {"start": iso(self.start), "end": iso(self.end), "bound": iso(self.bound),
                "reason": self.reason, "applied": self.applied,
                "excluded_from": iso(self.excluded_from), "excluded_to": iso(self.excluded_to),
                "excluded_days": self.excluded_days, "running": self.running}


def parse_stop(text: str, *, running: bool = False) -> Stop:
    """A stop written `START:END[:REASON]`, or with `running` `START:BOUND[:REASON]` (not
    ended yet, lasting at most until BOUND). ValueError with a Chinese message."""
    what = "最迟结束日期" if running else "结束日期"
    form = "开始:最迟结束[:原因]" if running else "开始:结束[:原因]"
    parts = text.split(":", 2)
    if len(parts) < 2 or not parts[1].strip():
        hint = "" if running else "；尚未结束的中止请给出最迟结束日期（--open-stop / open_stop）"
        raise ValueError(f"中止期间“{text}”格式应为 {form}{hint}")
    try:
        start, end = (date.fromisoformat(part.strip()) for part in parts[:2])
    except ValueError:
        raise ValueError(f"中止期间“{text}”中的日期无效，应为 YYYY-MM-DD") from None
    if end < start:
        raise ValueError(f"中止{what} {end} 早于开始日期 {start}")
    reason = parts[2].strip() if len(parts) > 2 and parts[2].strip() else "中止计时"
    return Stop(start, None, reason, bound=end) if running else Stop(start, end, reason, bound=end)


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool
    paused: bool
    extended: bool
    stopped_days: int
    explanation: str
    limit_code: str
    stops: tuple[StopSpan, ...] = ()


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
STOP_RULE = "中止开始当日计入期限，结束当日不计入（《民法典》第二百零一条）"


def _excluded(stops: Sequence[Stop]) -> list[Interval]:
    """Merged, sorted excluded-day intervals of the stops."""
    spans = sorted((s.start + ONE_DAY, s.last_excluded) for s in stops
                   if s.last_excluded > s.start)
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


def _walk_wd(cal: WorkCalendar, anchor: date, n: int, spans: list[Interval]) -> date:
    """The n-th working day after anchor outside the spans."""
    cur = anchor
    for a, b in _after(spans, anchor):
        before = cal.working_days_between(cur, a - ONE_DAY)
        if n <= before:
            break
        n -= before
        cur = b
    return cal.add_working_days(cur, n)


def _shift_cd(nominal: date, anchor: date, spans: list[Interval]) -> date:
    """Push a nominal last day back by every stopped day that starts before it."""
    end = nominal
    for a, b in _after(spans, anchor):
        if a > end:
            break
        end += timedelta(days=(b - a).days + 1)
    return end


def _phase(cal: WorkCalendar, unit: Unit, value: int, anchor: date,
           spans: list[Interval]) -> tuple[date, date]:
    """(unrolled last day, due date) of one period from `anchor`."""
    if unit is Unit.WD:
        due = _walk_wd(cal, anchor, value, spans)
        return due, due
    if unit is Unit.CD:
        nominal = anchor + timedelta(days=value)
    else:
        nominal = corresponding_date(anchor, value * (12 if unit is Unit.YEAR else 1))
    end = _shift_cd(nominal, anchor, spans)
    return end, cal.roll_forward(end)


def _period(limit: Limit, cal: WorkCalendar, started: date, stops: Sequence[Stop],
            extended: bool) -> tuple[date, date]:
    """(unrolled last day, due date) of the whole limit with the given stops."""
    spans = _excluded(stops)
    end, due = _phase(cal, Unit(limit.unit), limit.value, started, spans)
    if extended and limit.extension is not None:
        ext_unit = Unit(limit.extension.unit)
        anchor = due if ext_unit is Unit.WD else end
        end, due = _phase(cal, ext_unit, limit.extension.value, anchor, spans)
    return end, due


def _sorted(stops: Sequence[Stop]) -> list[Stop]:
    return sorted(stops, key=lambda s: (s.start, s.last_excluded))


def _applied(limit: Limit, cal: WorkCalendar, started: date, stops: Sequence[Stop],
             extended: bool) -> tuple[list[Stop], dict[int, date]]:
    """The stops that stop the clock, and for the others (by index in start order) the
    last day of the period as it stood when they began: a stop begun on or after that day
    comes too late, the period has run (item: a consultation cannot revive a lapsed limit)."""
    applied: list[Stop] = []
    late: dict[int, date] = {}
    for i, stop in enumerate(_sorted(stops)):
        last, _ = _period(limit, cal, started, applied, extended)
        if stop.start >= last:
            late[i] = last
        else:
            applied.append(stop)
    return applied, late


def _span(stop: Stop, cal: WorkCalendar, count_unit: Unit, started: date, seen: set[date],
          today: date) -> StopSpan:
    first, last = max(stop.start, started) + ONE_DAY, stop.last_excluded
    days = [first + timedelta(days=i) for i in range(max(0, (last - first).days + 1))]
    new = [d for d in days if d not in seen]
    seen.update(new)
    count = sum(1 for d in new if count_unit is not Unit.WD or cal.is_working_day(d))
    return StopSpan(stop.start, stop.end, stop.bound, stop.reason, True,
                    first if days else None, last if days else None, count,
                    stop.running_on(today))


def evaluate(limit: Limit, calendar: WorkCalendar, started: date, *,
             stops: Sequence[Stop] = (), extended: bool = False,
             today: date | None = None) -> Deadline:
    """Due date of `limit` counted from `started` (excluded), with stops and extension.

    `today` only decides whether the clock stands still now (`paused`); the due date does
    not depend on it, because an open stop counts as running to its bound."""
    if extended and limit.extension is None:
        raise ValueError(f"时限 {limit.code}（{limit.label}）没有延长规定")
    today = today or date.today()
    unit = Unit(limit.unit)
    count_unit = Unit.WD if unit is Unit.WD else Unit.CD  # months shift by calendar days
    applied, late = _applied(limit, calendar, started, stops, extended)
    _, due = _period(limit, calendar, started, applied, extended)
    seen: set[date] = set()
    spans = tuple(
        StopSpan(stop.start, stop.end, stop.bound, stop.reason, False, None, None, 0, False)
        if i in late else _span(stop, calendar, count_unit, started, seen, today)
        for i, stop in enumerate(_sorted(stops)))
    parts = [f"{limit.trigger}（{started.isoformat()}）起{unit.amount(limit.value)}"
             f"（{limit.citation}）"]
    texts = [_stop_text(stop, span, late.get(i), count_unit, today)
             for i, (stop, span) in enumerate(zip(_sorted(stops), spans, strict=True))]
    parts.extend(texts)
    if any(span.applied for span in spans):
        parts.append(STOP_RULE)
    if extended and limit.extension is not None:
        ext = limit.extension
        cite = "同条" if ext.citation == limit.citation else ext.citation
        parts.append(f"经{ext.approver}同意延长{Unit(ext.unit).amount(ext.value)}（{cite}）")
    parts.append(f"截止{due.isoformat()}")
    text = "；".join(parts)
    unloaded = calendar.unloaded_years(started, due)
    if unloaded:
        years = "、".join(str(y) for y in unloaded)
        text += f"（临时：{years}年放假安排尚未公布，按周末及法定节假日估算）"
    return Deadline(due=due, provisional=bool(unloaded),
                    paused=any(span.running for span in spans), extended=extended,
                    stopped_days=sum(span.excluded_days for span in spans),
                    explanation=text, limit_code=limit.code, stops=spans)


def _stop_text(stop: Stop, span: StopSpan, late_after: date | None, count_unit: Unit,
               today: date) -> str:
    """One stop in words: when it began and ended (or its bound), which days it excluded."""
    if late_after is not None:
        if stop.start > late_after:
            return (f"{stop.reason}于{stop.start.isoformat()}开始，此时期限已于"
                    f"{late_after.isoformat()}届满，不中止计算")
        return (f"{stop.reason}于期限最后一日{stop.start.isoformat()}开始，当日计入期限，"
                "不中止计算")
    bound = f"最迟至{stop.bound.isoformat()}" + (f"（{stop.bound_reason}）" if stop.bound_reason
                                                else "")
    text = f"{stop.reason}自{stop.start.isoformat()}开始"
    if stop.end is None and today > stop.bound:
        text += f"，{bound}，已自次日起恢复计算"
    elif stop.end is None:
        text += f"，尚未结束，{bound}，暂按最迟结束日计算"
    elif stop.end > stop.bound:
        text += f"，{stop.end.isoformat()}结束，但{bound}"
    else:
        text += f"，{stop.end.isoformat()}结束"
    if span.excluded_from is None or span.excluded_to is None:
        return text + "，当日结束，没有不计入的日期"
    return (text + f"：{span.excluded_from.isoformat()}至{span.excluded_to.isoformat()}中止计算，"
            f"{count_unit.amount(span.excluded_days)}不计入")
