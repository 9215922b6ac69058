"""Indicators of administrative reconsideration for the annual report (issue 14 part 7),
over its cases (the default record kind: drill-down through the case visibility filter)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from fazhi.cases.models import Case, Clock
from fazhi.core.indicators import IndicatorValue, count, indicator, rate
from fazhi.org.models import Agency
from fazhi.reconsideration import models as m
from fazhi.reconsideration.limits import LAW, LIMITS

SECTION = 1  # the figures section of the annual report (reporting.annual_reports)


def _cases() -> QuerySet:
    return Case.objects.filter(procedure="reconsideration")


@indicator(code="reconsideration.received", name="收到行政复议申请", unit="件",
           basis=f"{LAW}第二十二条", section=SECTION)
def received(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_cases().filter(received_on__year=year), scope)


@indicator(code="reconsideration.accepted", name="受理行政复议申请（含视为受理）", unit="件",
           basis=f"{LAW}第三十条", section=SECTION)
def accepted(year: int, scope: Agency | None) -> IndicatorValue:
    value = count(_cases().filter(reconsideration__accepted_on__year=year), scope)
    deemed = value.records.filter(reconsideration__deemed_accepted=True).count()
    value.breakdown = {"受理": value.value - deemed, "视为受理": deemed}
    return value


@indicator(code="reconsideration.decided_by_type", name="作出行政复议决定（按类型）", unit="件",
           basis=f"{LAW}第六十三条至第六十九条", section=SECTION)
def decided_by_type(year: int, scope: Agency | None) -> IndicatorValue:
    value = count(_cases().filter(reconsideration__decided_on__year=year), scope)
    rows = (value.records.order_by().values("reconsideration__decision")
            .annotate(n=Count("pk")).order_by("reconsideration__decision"))
    value.breakdown = {m.DECISIONS.get(r["reconsideration__decision"], "未记录"): r["n"]
                       for r in rows}
    return value


@indicator(code="reconsideration.corrected_rate", name="行政复议纠错率", unit="%",
           basis=f"{LAW}第六十三条至第六十七条", section=SECTION)
def corrected_rate(year: int, scope: Agency | None) -> IndicatorValue:
    """Decisions changing, revoking, confirming illegal or void, or ordering performance,
    over every decision of the year."""
    decided = _cases().filter(reconsideration__decided_on__year=year)
    return rate(decided, Q(reconsideration__decision__in=sorted(m.CORRECTING)), scope)


def _decide_clock(**filters) -> Exists:
    codes = [LIMITS["decide"].code, LIMITS["decide_simplified"].code]
    return Exists(Clock.objects.filter(case=OuterRef("pk"), code__in=codes, **filters))


@indicator(code="reconsideration.on_time", name="行政复议按期作出决定率", unit="%",
           basis=f"{LAW}第六十二条", section=SECTION)
def on_time(year: int, scope: Agency | None) -> IndicatorValue:
    finished = _decide_clock(state__in=[Clock.MET, Clock.MISSED], finished_on__year=year)
    return rate(_cases().filter(finished), Q(_decide_clock(state=Clock.MET)), scope)


def _clock(key: str, **filters) -> Exists:
    return Exists(Clock.objects.filter(case=OuterRef("pk"), code=LIMITS[key].code, **filters))


@indicator(code="reconsideration.opinion_letters", name="制发行政复议意见书", unit="件",
           basis=f"{LAW}第七十六条", section=SECTION)
def opinion_letters(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_cases().filter(reconsideration__letter_received_on__year=year), scope)


@indicator(code="reconsideration.opinion_letters_on_time", name="行政复议意见书按期报告整改率",
           unit="%", basis=f"{LAW}第七十六条", section=SECTION)
def opinion_letters_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    """Letters whose 60-day report period ended in the year (reported, or run out unreported:
    a letter still unanswered past its date counts as late), answered within it."""
    ended = (_clock("opinion_letter", state__in=[Clock.MET, Clock.MISSED], finished_on__year=year)
             | _clock("opinion_letter", state=Clock.RUNNING, due_on__year=year,
                      due_on__lt=timezone.localdate()))
    return rate(_cases().filter(ended), Q(_clock("opinion_letter", state=Clock.MET)), scope)


@indicator(code="reconsideration.performance_rate", name="行政复议决定履行率", unit="%",
           basis=f"{LAW}第七十七条", section=SECTION)
def performance_rate(year: int, scope: Agency | None) -> IndicatorValue:
    """Decisions served in the year that the respondent had to perform (a redo, a change,
    an order to perform), over those whose performance was reported."""
    owed = _cases().filter(reconsideration__served_on__year=year,
                           reconsideration__perform_required=True)
    return rate(owed, Q(reconsideration__performed_on__isnull=False), scope)
