"""The official calendar as the rest of the platform sees it, and loading a year into it.

`current_calendar()` is the built-in data (chinese_calendar, 2004–2026) with every year
loaded into the database replacing the built-in year entirely. It is cached per process
and checked against a fingerprint kept in Django's cache, so a load in one process is
noticed by the others: at once with a shared cache (Redis), within FINGERPRINT_SECONDS
with the per-process default cache.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from fazhi.core.errors import InvalidData
from fazhi.holidays.models import CalendarDay, CalendarYear
from fazhi.holidays.signals import calendar_loaded
from fazhi.law.workdays import WorkCalendar, YearSpec, builtin_calendar

FINGERPRINT_KEY = "fazhi:holidays:fingerprint"
FINGERPRINT_SECONDS = 60
MIN_YEAR, MAX_YEAR = 1949, 2100
WEEKDAYS = "一二三四五六日"

KIND_ALIASES = {
    "holiday": CalendarDay.Kind.HOLIDAY, "放假": CalendarDay.Kind.HOLIDAY,
    "休息": CalendarDay.Kind.HOLIDAY, "节假日": CalendarDay.Kind.HOLIDAY,
    "makeup_workday": CalendarDay.Kind.MAKEUP_WORKDAY, "调休上班": CalendarDay.Kind.MAKEUP_WORKDAY,
    "上班": CalendarDay.Kind.MAKEUP_WORKDAY, "补班": CalendarDay.Kind.MAKEUP_WORKDAY,
    "local_holiday": CalendarDay.Kind.LOCAL_HOLIDAY, "地方假日": CalendarDay.Kind.LOCAL_HOLIDAY,
}


def weekday_label(d: date) -> str:
    return f"星期{WEEKDAYS[d.weekday()]}"


# -- the calendar in force ---------------------------------------------------------

_state: tuple[str | None, WorkCalendar | None] = (None, None)


def _fingerprint() -> str:
    fp = cache.get(FINGERPRINT_KEY)
    if fp is None:
        agg = CalendarYear.objects.aggregate(n=Count("id"), top=Max("id"), at=Max("loaded_at"))
        fp = f"{agg['n']}:{agg['top']}:{agg['at']}"
        cache.set(FINGERPRINT_KEY, fp, FINGERPRINT_SECONDS)
    return fp


def current_calendar() -> WorkCalendar:
    """Built-in years plus database years (which win); one cache read per call."""
    global _state
    fp = _fingerprint()
    cached_fp, calendar = _state
    if calendar is None or fp != cached_fp:
        calendar = _build()
        _state = (fp, calendar)
    return calendar


def _build() -> WorkCalendar:
    years = dict(builtin_calendar().years)
    for row in CalendarYear.objects.prefetch_related("days"):
        years[row.year] = _spec(row)
    return WorkCalendar(years)


def _spec(row: CalendarYear) -> YearSpec:
    by_kind: dict[str, set[date]] = {kind: set() for kind in CalendarDay.Kind.values}
    names = {}
    for day in row.days.all():
        by_kind[day.kind].add(day.date)
        if day.name:
            names[day.date] = day.name
    return YearSpec(holidays=frozenset(by_kind[CalendarDay.Kind.HOLIDAY]),
                    makeup_workdays=frozenset(by_kind[CalendarDay.Kind.MAKEUP_WORKDAY]),
                    local_holidays=frozenset(by_kind[CalendarDay.Kind.LOCAL_HOLIDAY]),
                    source=row.source, names=names)


def database_hint(exc: Exception) -> str:
    """Operator message for a database that is missing or not migrated."""
    return f"无法读取日历数据（{exc}）：数据库可能尚未初始化，请先运行 fazhi migrate"


def invalidate() -> None:
    """Forget the cached calendar here and, through the shared key, in other processes."""
    global _state
    _state = (None, None)
    cache.delete(FINGERPRINT_KEY)


# -- loading a year ------------------------------------------------------------------

@dataclass(frozen=True)
class DayEntry:
    """One line of a calendar file. `date` stays a string when it could not be parsed,
    so validation can report it; `where` names the line for error messages."""

    date: date | str
    kind: str
    name: str = ""
    where: str = ""


@dataclass(frozen=True)
class ParsedCalendar:
    year: int | None
    source: str | None
    days: list[DayEntry]


def load_year(year: int, days: Sequence[DayEntry | Mapping[str, Any] | tuple], source: str,
              actor_label: str) -> CalendarYear:
    """Replace `year` with the given days, all or nothing, then send `calendar_loaded`."""
    entries = [_coerce(item, i) for i, item in enumerate(days, start=1)]
    _validate(year, entries, source)
    with transaction.atomic():
        CalendarYear.objects.filter(year=year).delete()
        row = CalendarYear.objects.create(year=year, source=source.strip(),
                                          loaded_at=timezone.now(), loaded_by=actor_label)
        CalendarDay.objects.bulk_create(
            CalendarDay(year=row, date=e.date, kind=KIND_ALIASES[e.kind], name=e.name.strip())
            for e in entries)
        invalidate()
        transaction.on_commit(invalidate)  # other processes may have cached mid-transaction
        calendar_loaded.send(sender=CalendarYear, year=year)
    return row


def _coerce(item: DayEntry | Mapping[str, Any] | tuple, index: int) -> DayEntry:
    where = f"第{index}条"
    if isinstance(item, DayEntry):
        entry = item
    elif isinstance(item, Mapping):
        entry = DayEntry(item.get("date", ""), str(item.get("kind", "")),
                         str(item.get("name") or ""), str(item.get("where") or ""))
    else:
        entry = DayEntry(*item)
    if isinstance(entry.date, str):
        entry = DayEntry(_parse_date(entry.date) or entry.date, entry.kind, entry.name, entry.where)
    return entry if entry.where else DayEntry(entry.date, entry.kind, entry.name, where)


def _parse_date(text: Any) -> date | None:
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        return None


def _validate(year: int, entries: list[DayEntry], source: str) -> None:
    errors = []
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(f"年份 {year} 超出可载入范围（{MIN_YEAR}–{MAX_YEAR}）")
    if not (source or "").strip():
        errors.append("必须注明来源（国务院办公厅通知的文号或发布日期）")
    seen: dict[date, str] = {}
    for e in entries:
        kind = KIND_ALIASES.get(e.kind.strip())
        if kind is None:
            errors.append(f"{e.where}：类型“{e.kind}”无效，应为 holiday（放假）、"
                          "makeup_workday（调休上班）或 local_holiday（地方假日）")
        if not isinstance(e.date, date):
            errors.append(f"{e.where}：日期“{e.date}”无效，应为 YYYY-MM-DD")
            continue
        if e.date.year != year:
            errors.append(f"{e.where}：{e.date} 不属于{year}年")
        if e.date in seen:
            errors.append(f"{e.where}：{e.date} 与{seen[e.date]}重复")
        seen.setdefault(e.date, e.where)
        if kind == CalendarDay.Kind.MAKEUP_WORKDAY and e.date.weekday() < 5:
            errors.append(f"{e.where}：{e.date} 是{weekday_label(e.date)}，"
                          "调休上班日必须是周六或周日")
    if not any(KIND_ALIASES.get(e.kind.strip()) == CalendarDay.Kind.HOLIDAY for e in entries):
        errors.append("未列出任何放假日期；请对照国务院办公厅通知填写")
    if errors:
        raise InvalidData(f"{year}年放假安排未载入，共{len(errors)}处错误：\n" + "\n".join(errors))


# -- calendar files --------------------------------------------------------------------

def parse_file(path: str | Path) -> ParsedCalendar:
    """A CSV (`date,kind,name`) or YAML (year, source, holidays, makeup_workdays) file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".yaml", ".yml"}:
        raise InvalidData(f"不支持的文件类型“{suffix or path.name}”：请使用 .csv 或 .yaml")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidData(f"无法读取文件 {path}：{exc}") from exc
    return parse_csv(text) if suffix == ".csv" else parse_yaml(text)


def parse_csv(text: str) -> ParsedCalendar:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip() for f in reader.fieldnames or []]
    if "date" not in fields or "kind" not in fields:
        raise InvalidData("CSV 第1行必须是表头 date,kind,name")
    days = []
    for row in reader:
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        days.append(DayEntry(_parse_date(row["date"]) or row["date"], row["kind"],
                             row.get("name", ""), f"第{reader.line_num}行"))
    return ParsedCalendar(year=None, source=None, days=days)


_YAML_KINDS = {"holidays": "holiday", "makeup_workdays": "makeup_workday",
               "local_holidays": "local_holiday"}


def parse_yaml(text: str) -> ParsedCalendar:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidData(f"YAML 格式错误：{exc}") from exc
    if not isinstance(data, Mapping):
        raise InvalidData("YAML 文件应包含 year、source、holidays、makeup_workdays 等键")
    unknown = set(data) - {"year", "source", *_YAML_KINDS}
    if unknown:
        raise InvalidData(f"YAML 中有未知的键：{'、'.join(sorted(map(str, unknown)))}")
    year = data.get("year")
    if year is not None and not isinstance(year, int):
        raise InvalidData(f"year 应为整数年份，而不是“{year}”")
    days: list[DayEntry] = []
    for key, kind in _YAML_KINDS.items():
        items = data.get(key) or []
        if not isinstance(items, list):
            raise InvalidData(f"{key} 应为列表")
        for i, item in enumerate(items, start=1):
            days.extend(_yaml_item(item, kind, f"{key} 第{i}项"))
    source = data.get("source")
    return ParsedCalendar(year=year, source=str(source) if source else None, days=days)


def _yaml_item(item: Any, kind: str, where: str) -> Iterable[DayEntry]:
    """A date, a range "A..B", {date, name} or {from, to, name}."""
    name = ""
    if isinstance(item, Mapping):
        name = str(item.get("name") or "")
        if "from" in item:
            first, last = item.get("from"), item.get("to", item.get("from"))
        else:
            first = last = item.get("date", "")
    elif isinstance(item, str) and ".." in item:
        first, last = item.split("..", 1)
    else:
        first = last = item
    start, end = _parse_date(first), _parse_date(last)
    if start is None or end is None:  # left as text: validation reports the line
        return [DayEntry(str(first if start is None else last), kind, name, where)]
    if end < start or (end - start).days > 31:
        return [DayEntry(f"{first}..{last}", kind, name, where)]
    return [DayEntry(start + timedelta(days=i), kind, name, where)
            for i in range((end - start).days + 1)]


def resolve_year(parsed: ParsedCalendar, year: int | None) -> int:
    """The file's year, the --year option, or the one year all dates fall in."""
    if parsed.year is not None and year is not None and parsed.year != year:
        raise InvalidData(f"文件声明的年份 {parsed.year} 与 --year {year} 不一致")
    if year is not None or parsed.year is not None:
        return year if year is not None else parsed.year
    years = sorted({d.date.year for d in parsed.days if isinstance(d.date, date)})
    if len(years) != 1:
        found = "、".join(map(str, years)) or "无"
        raise InvalidData(f"无法确定年份（文件中日期所在年份：{found}），请用 --year 指定")
    return years[0]
