"""Indicators of people's mediation for the annual report: cases accepted, the success
rate, judicial confirmations, those confirmed by each court on the platform, and the
examinations finished on time (over the cases: the drill-down goes through the case
visibility filter)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.cases.models import Case, Clock
from fazhi.core.indicators import IndicatorValue, count, indicator, rate
from fazhi.mediation.limits import CPL, LAW, LIMITS
from fazhi.org.models import Agency

SECTION = 1
CONCLUDED = ("refused", "ended", "failed", "agreed", "confirmed", "rejected")


def _mediations() -> QuerySet:
    return Case.objects.filter(procedure="mediation")


@indicator(code="mediation.cases", name="受理人民调解案件", unit="件", basis=f"{LAW}第十七条",
           section=SECTION)
def cases(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_mediations().filter(received_on__year=year), scope)


@indicator(code="mediation.success_rate", name="人民调解成功率", unit="%",
           basis=f"{LAW}第二十八条", section=SECTION)
def success_rate(year: int, scope: Agency | None) -> IndicatorValue:
    """Of the mediations concluded this year (agreement, failure, refusal or ending), those
    that reached an agreement."""
    ended = _mediations().filter(Q(mediation__agreed_on__year=year)
                                 | Q(outcome__in=("refused", "ended", "failed"), closed_at__year=year))
    return rate(ended, Q(mediation__agreed_on__isnull=False), scope)


@indicator(code="mediation.confirmed", name="经司法确认有效的调解协议", unit="件",
           basis=f"{CPL}第二百零六条", section=SECTION)
def confirmed(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_mediations().filter(mediation__ruling="valid",
                                      mediation__ruling_served_on__year=year), scope)


def _examine_clock(**filters) -> Exists:
    return Exists(Clock.objects.filter(case=OuterRef("pk"), code=LIMITS["examine"].code,
                                       **filters))


@indicator(code="mediation.confirmed_by_court", name="平台上的人民法院确认有效的调解协议（按受理法院）",
           unit="件", basis=f"{CPL}第二百零六条", section=SECTION)
def confirmed_by_court(year: int, scope: Agency | None) -> IndicatorValue:
    """Agreements confirmed valid by the courts on the platform (ADR 0048), counted per
    court: the scope is the court that ruled (the drill-down, by agency, lists each court)."""
    return count(_mediations().filter(mediation__court_agency__isnull=False,
                                      mediation__ruling="valid",
                                      mediation__ruling_served_on__year=year),
                 scope, agency_field="mediation__court_agency")


@indicator(code="mediation.examined_on_time", name="司法确认按期审查率", unit="%",
           basis=LIMITS["examine"].citation, section=SECTION)
def examined_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    """Of the examinations finished this year (the ruling made), those within the 15 days
    (25 with the president's approved extension, 法释〔2011〕5号第五条); every confirmation,
    whoever recorded the court's steps. Scoped by the host agency of the committee."""
    finished = _examine_clock(state__in=[Clock.MET, Clock.MISSED], finished_on__year=year)
    return rate(_mediations().filter(finished), Q(_examine_clock(state=Clock.MET)), scope)
