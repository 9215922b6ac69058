"""Indicators of petitions for the annual report (issue 14 part 7): on-time acceptance and
handling, satisfaction and the backlog, over the cases (the default record kind: the
drill-down goes through the case visibility filter)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.cases.models import Case, Clock
from fazhi.core.indicators import IndicatorValue, as_of, count, indicator, rate
from fazhi.org.models import Agency
from fazhi.petitions.limits import LAW, LIMITS

SECTION = 1
DONE = [Clock.MET, Clock.MISSED]


def _petitions() -> QuerySet:
    return Case.objects.filter(procedure="petition")


def _clock(key: str, **filters) -> Exists:
    return Exists(Clock.objects.filter(case=OuterRef("pk"), code=LIMITS[key].code, **filters))


@indicator(code="petitions.accept_on_time", name="信访事项按时登记转送率", unit="%",
           basis=f"{LAW}第二十二条", section=SECTION)
def accept_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    finished = _clock("accept", state__in=DONE, finished_on__year=year)
    return rate(_petitions().filter(finished), Q(_clock("accept", state=Clock.MET)), scope)


@indicator(code="petitions.handle_on_time", name="信访事项按期办结率", unit="%",
           basis=f"{LAW}第三十二条、第三十四条", section=SECTION)
def handle_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    finished = _clock("handle", state__in=DONE, finished_on__year=year)
    return rate(_petitions().filter(finished), Q(_clock("handle", state=Clock.MET)), scope)


@indicator(code="petitions.satisfaction", name="信访事项满意率（满意、基本满意）", unit="%",
           basis=f"{LAW}第三十二条", section=SECTION)
def satisfaction(year: int, scope: Agency | None) -> IndicatorValue:
    rated = _petitions().filter(received_on__year=year, petition__satisfaction__isnull=False)
    return rate(rated, Q(petition__satisfaction__gte=2), scope)


@indicator(code="petitions.routed", name="导入诉讼、仲裁、复议等法定途径的信访事项", unit="件",
           basis=f"{LAW}第三十一条", section=SECTION)
def routed(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_petitions().filter(outcome="routed", closed_at__year=year), scope)


@indicator(code="petitions.backlog", name="超期未办结的信访事项（积案）", unit="件",
           basis=f"{LAW}第四十四条", section=2)
def backlog(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_petitions().filter(is_open=True, due_on__lt=as_of(year)), scope)
