"""Indicators of consumer complaints and reports for the annual report: complaints received,
accepted on time, the mediation success rate, reports that became cases (over the cases:
the drill-down goes through the case visibility filter)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.cases.models import Case, Clock
from fazhi.complaints.limits import LAW, LIMITS, SAMR
from fazhi.core.indicators import IndicatorValue, count, indicator, rate
from fazhi.org.models import Agency

SECTION = 1
DONE = [Clock.MET, Clock.MISSED]
MEDIATED = ("agreed", "failed")


def _complaints() -> QuerySet:
    return Case.objects.filter(procedure="complaint")


def _reports() -> QuerySet:
    return Case.objects.filter(procedure="consumer_report")


def _accept_clock(**filters) -> Exists:
    return Exists(Clock.objects.filter(case=OuterRef("pk"), code=LIMITS["accept"].code, **filters))


@indicator(code="complaints.received", name="收到消费投诉", unit="件", basis=f"{LAW}第九条",
           section=SECTION)
def received(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_complaints().filter(received_on__year=year), scope)


@indicator(code="complaints.accepted_on_time", name="消费投诉按时作出受理决定率", unit="%",
           basis=f"{LAW}第十四条", section=SECTION)
def accepted_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    decided = _accept_clock(state__in=DONE, finished_on__year=year)
    return rate(_complaints().filter(decided), Q(_accept_clock(state=Clock.MET)), scope)


@indicator(code="complaints.mediation_success", name="消费投诉调解成功率", unit="%",
           basis=f"{LAW}第二十一条", section=SECTION)
def mediation_success(year: int, scope: Agency | None) -> IndicatorValue:
    """Of the mediations concluded this year (agreement, or ended without one), those agreed."""
    concluded = _complaints().filter(outcome__in=MEDIATED, closed_at__year=year)
    return rate(concluded, Q(outcome="agreed"), scope)


@indicator(code="complaints.reports_to_cases", name="举报核查后立案", unit="件",
           basis=f"{SAMR}第十八条", section=SECTION)
def reports_to_cases(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_reports().filter(outcome="opened", closed_at__year=year), scope)
