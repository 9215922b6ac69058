"""Indicator registry: named queries over operational data, each drillable to its records.
It sits with the shared apps (ADR 0023) so procedure apps declare indicators without
importing reporting, the shell that reads them.

Each app defines its indicators in its own `indicators.py` (declared as `Module.indicators`,
imported by `load()`); adding one is a few lines:

    @indicator(code="disclosure.on_time_rate", name="依申请公开按时答复率", unit="%",
               period="year", basis="《政府信息公开条例》第三十三条", section=1)
    def on_time(year: int, scope: Agency | None) -> IndicatorValue:
        return rate(cases..., met_q, scope)

`count(records, scope)` and `rate(records, numerator_q, scope)` compute the value with ONE
aggregate query and keep the record queryset (the denominator set) for drill-down, hashing
and the by-agency dashboard. The records' `RecordKind`, declared by the app that owns them,
says who may see which of them (the app's own visibility filter) and how a drill-down row
shows one. Only indicators of installed apps are listed; one whose `requires` are missing
reports `unavailable()` with a reason instead of failing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fazhi.core import modules
from fazhi.org.models import Agency

if TYPE_CHECKING:
    from fazhi.org.actors import Actor


@dataclass(frozen=True)
class RecordKind:
    """The records behind a figure, as the app that owns them shows them.

    `visible` is that app's own visibility filter (the one its lists use), applied to a
    figure's records on the staff drill-down; `row` is one staff row (label, agency, date,
    state, outcome, url: only what differs from the defaults); `public_rows` is what a
    published report freezes: public identifiers only, never applicant data."""

    visible: Callable[[QuerySet, Actor], QuerySet]
    row: Callable[[Any], dict[str, Any]]
    public_rows: Callable[[QuerySet], list[dict[str, Any]]]
    related: tuple[str, ...] = ()  # what a row reads (one query per page, not per row)


# The records of an indicator that names none: cases of any procedure, registered by the
# cases app when it is ready (fazhi.cases.records.CASES), so this module imports no app.
DEFAULT_RECORDS: list[RecordKind] = []


def public_rows_of(label: Callable[[Any], str], agency: Callable[[Any], str],
                   related: tuple[str, ...] = ()) -> Callable[[QuerySet], list[dict[str, Any]]]:
    """`RecordKind.public_rows` from a public label and agency name per record."""
    def rows(records: QuerySet) -> list[dict[str, Any]]:
        return [{"key": r.pk, "label": label(r), "agency": agency(r), "published": None}
                for r in records.select_related(*related).order_by("pk")]
    return rows


@dataclass
class IndicatorValue:
    value: float | None
    numerator: int | None
    denominator: int | None
    records: QuerySet
    numerator_q: Q | None = None  # which records count in the numerator (rates)
    agency_field: str = "agency"  # path from a record to its agency, for grouping
    breakdown: dict[str, int] = field(default_factory=dict)

    def record_keys(self) -> list[str]:
        """Sorted primary keys of the record set, as text (one query)."""
        return sorted(str(pk) for pk in self.records.order_by().values_list("pk", flat=True))

    def record_hash(self, keys: list[str] | None = None) -> str:
        keys = self.record_keys() if keys is None else keys
        return hashlib.sha256("\n".join(keys).encode()).hexdigest()


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    period: str
    basis: str
    section: int
    fn: Callable[[int, Agency | None], IndicatorValue]
    requires: tuple[str, ...] = ()  # "app_label.Model" or "app_label.Model.field"
    records: RecordKind | None = None  # None: cases (DEFAULT_RECORDS, fazhi.cases.records)
    module: str = ""  # where it is defined: listed only while that app is installed

    @property
    def kind(self) -> RecordKind:
        return self.records or DEFAULT_RECORDS[0]

    def missing(self) -> str | None:
        """Why this indicator cannot be computed here, or None."""
        for need in self.requires:
            label, model_name, *fields = need.split(".")
            if not apps.is_installed(f"fazhi.{label}"):
                return f"模块“{label}”未安装"
            try:
                model = apps.get_model(label, model_name)
                for name in fields:
                    model._meta.get_field(name)
            except LookupError:
                return f"模块“{label}”尚无数据表“{model_name}”"
            except FieldDoesNotExist:
                return f"“{model_name}”尚无字段“{fields[-1]}”"
        return None

    def compute(self, year: int, scope: Agency | None = None) -> IndicatorValue:
        return self.fn(year, scope)


REGISTRY: dict[str, Indicator] = {}


def indicator(*, code: str, name: str, unit: str, period: str = "year", basis: str = "",
              section: int = 1, requires: tuple[str, ...] = (),
              records: RecordKind | None = None) -> Callable[[Callable], Callable]:
    """Register `fn(year, scope) -> IndicatorValue` under `code` (records: the kind of its
    records, default cases)."""
    def wrap(fn: Callable[[int, Agency | None], IndicatorValue]) -> Callable:
        REGISTRY[code] = Indicator(code, name, unit, period, basis, section, fn, requires,
                                   records, fn.__module__)
        return fn
    return wrap


def load() -> None:
    """Import every installed app's indicators module (registering its indicators)."""
    for name in modules.indicator_modules():
        import_module(name)


def registered() -> list[Indicator]:
    """The indicators of the installed apps, in registration order."""
    load()
    return [i for i in REGISTRY.values() if apps.get_containing_app_config(i.module)]


def get(code: str) -> Indicator | None:
    return next((i for i in registered() if i.code == code), None)


def available() -> list[Indicator]:
    return [ind for ind in registered() if ind.missing() is None]


def unavailable() -> list[tuple[Indicator, str]]:
    return [(ind, why) for ind in registered() if (why := ind.missing())]


# -- helpers: one aggregate query each ------------------------------------------------------


def _scoped(records: QuerySet, scope: Agency | None, agency_field: str) -> QuerySet:
    return records if scope is None else records.filter(**{f"{agency_field}_id": scope.pk})


def count(records: QuerySet, scope: Agency | None, agency_field: str = "agency") -> IndicatorValue:
    records = _scoped(records, scope, agency_field)
    n = records.count()
    return IndicatorValue(n, None, None, records, agency_field=agency_field)


def rate(records: QuerySet, numerator_q: Q, scope: Agency | None,
         agency_field: str = "agency") -> IndicatorValue:
    """Percentage of records matching numerator_q; None when there are no records."""
    records = _scoped(records, scope, agency_field)
    got = records.aggregate(d=Count("pk"), n=Count("pk", filter=numerator_q))
    value = round(100 * got["n"] / got["d"], 2) if got["d"] else None
    return IndicatorValue(value, got["n"], got["d"], records, numerator_q, agency_field)


def by_agency(value: IndicatorValue) -> dict[int, tuple[float | None, int, int | None]]:
    """{agency_id: (value, denominator or count, numerator)} in one grouped query."""
    path = f"{value.agency_field}_id"
    rows = value.records.order_by().values(path)
    if value.numerator_q is None:
        return {r[path]: (r["d"], r["d"], None) for r in rows.annotate(d=Count("pk"))}
    out = {}
    for r in rows.annotate(d=Count("pk"), n=Count("pk", filter=value.numerator_q)):
        out[r[path]] = (round(100 * r["n"] / r["d"], 2) if r["d"] else None, r["d"], r["n"])
    return out


def as_of(year: int) -> date:
    """End of the year, or today while the year is running."""
    return min(date(year, 12, 31), timezone.localdate())
