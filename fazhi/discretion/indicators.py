"""Indicators of discretion benchmarks: how many each agency has published (《行政处罚法》
第三十四条 requires publication) and how many of them were revised in the year. Deviations
from benchmarks in decisions are the penalty procedure's indicator (it records them)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from fazhi.core.indicators import IndicatorValue, RecordKind, count, indicator, public_rows_of
from fazhi.discretion.models import PUBLISHED, Benchmark, ExemptionList
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

BASIS = "《行政处罚法》第三十四条"
LIST_BASIS = "《行政处罚法》第三十三条第一款"


def _visible(records: QuerySet, actor: Actor) -> QuerySet:
    # Published benchmarks are public: every staff member may read them.
    return records


def _row(b: Benchmark) -> dict[str, Any]:
    return {"label": str(b), "agency": b.agency.name, "date": b.published_on,
            "state": "已公布", "url": reverse("discretion:detail", args=[b.pk])}


BENCHMARKS = RecordKind(visible=_visible, row=_row, related=("agency",),
                        public_rows=public_rows_of(str, lambda b: b.agency.name, ("agency",)))


def _list_row(lst: ExemptionList) -> dict[str, Any]:
    return {"label": str(lst), "agency": lst.agency.name, "date": lst.published_on,
            "state": "已公布", "url": reverse("discretion:lists")}


LISTS = RecordKind(visible=_visible, row=_list_row, related=("agency",),
                   public_rows=public_rows_of(str, lambda lst: lst.agency.name, ("agency",)))


@indicator(code="discretion.benchmarks_published", name="已公布的行政处罚裁量基准（项）", unit="项",
           basis=BASIS, section=1, records=BENCHMARKS)
def benchmarks_published(year: int, scope: Agency | None) -> IndicatorValue:
    """Benchmarks published by the end of the year (every version counts once)."""
    return count(Benchmark.objects.filter(status=PUBLISHED, published_on__year__lte=year), scope)


@indicator(code="discretion.benchmarks_revised", name="年内公布的行政处罚裁量基准（项）", unit="项",
           basis=BASIS, section=1, records=BENCHMARKS)
def benchmarks_revised(year: int, scope: Agency | None) -> IndicatorValue:
    return count(Benchmark.objects.filter(status=PUBLISHED, published_on__year=year), scope)


@indicator(code="discretion.exemption_lists", name="已公布的不予处罚清单（份）", unit="份",
           basis=LIST_BASIS, section=1, records=LISTS)
def exemption_lists(year: int, scope: Agency | None) -> IndicatorValue:
    return count(ExemptionList.objects.filter(status=PUBLISHED, published_on__year__lte=year), scope)
