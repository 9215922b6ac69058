"""Indicators of the annual report: transfers, accepted, refused, on time."""

from django.db.models import Q
from django.utils import timezone

from fazhi.core.indicators import IndicatorValue, count, indicator, rate
from fazhi.org.models import Agency
from fazhi.transfers import config, queries


def _year(year: int):
    return queries.transfers().filter(received_on__year=year)


@indicator(code="transfers.sent", name="移送涉嫌犯罪案件数", unit="件", section=1,
           basis=config.ART_DUTY)
def sent(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_year(year).filter(queries.SENT), scope)


@indicator(code="transfers.filed_rate", name="移送案件公安机关立案率", unit="%", section=1,
           basis=config.ART_POLICE)
def filed_rate(year: int, scope: Agency | None) -> IndicatorValue:
    decided = _year(year).filter(queries.FILED | queries.REFUSED)
    return rate(decided, queries.FILED, scope)


@indicator(code="transfers.refused", name="移送案件公安机关不予立案数", unit="件", section=1,
           basis=config.ART_POLICE)
def refused(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_year(year).filter(queries.REFUSED), scope)


@indicator(code="transfers.on_time_rate", name="涉嫌犯罪案件按时审批移送率", unit="%", section=1,
           basis=config.ART_DECIDE)
def on_time_rate(year: int, scope: Agency | None) -> IndicatorValue:
    decided = _year(year).filter(~Q(state="reported"))
    return rate(decided, ~queries.late(timezone.localdate()), scope)
