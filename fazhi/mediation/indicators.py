"""Indicators of people's mediation for the annual report: cases accepted, the success
rate, judicial confirmations (over the cases: the drill-down goes through the case
visibility filter)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.cases.models import Case
from fazhi.core.indicators import IndicatorValue, count, indicator, rate
from fazhi.mediation.limits import CPL, LAW
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
