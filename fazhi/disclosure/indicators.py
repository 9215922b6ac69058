"""Indicators of disclosure on request (依申请公开), over its cases (the default record
kind: drill-down through the one case visibility filter). Loaded by reporting's registry
(`DisclosureConfig.declare().indicators`)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fazhi.cases.models import Case, Clock
from fazhi.core.indicators import IndicatorValue, as_of, count, indicator, rate
from fazhi.org.models import Agency

OGI = "《政府信息公开条例》"


def _disclosure() -> QuerySet:
    return Case.objects.filter(procedure="disclosure")


@indicator(code="disclosure.requests", name="新收政府信息公开申请", unit="件",
           basis=f"{OGI}第五十条", section=1)
def disclosure_requests(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_disclosure().filter(received_on__year=year), scope)


@indicator(code="disclosure.closed_by_outcome", name="办结的政府信息公开申请（按结果）",
           unit="件", basis=f"{OGI}第三十六条", section=1)
def disclosure_closed(year: int, scope: Agency | None) -> IndicatorValue:
    from fazhi.cases import procedure as registry

    # Closed in the year as in fazhi/disclosure/stats.py: a reply on its service date
    # (国办公开办函〔2016〕235号), a lapse or withdrawal on the day it was closed.
    closed = Q(disclosure__served_on__year=year) | Q(disclosure__served_on__isnull=True,
                                                     closed_at__year=year)
    value = count(_disclosure().filter(closed, is_open=False), scope)
    labels = registry.get("disclosure").outcomes
    rows = value.records.order_by().values("outcome").annotate(n=Count("pk"))
    value.breakdown = {labels.get(r["outcome"], r["outcome"] or "未记录"): r["n"]
                       for r in rows.order_by("outcome")}
    return value


def _reply_clock(**filters) -> Exists:
    return Exists(Clock.objects.filter(case=OuterRef("pk"), code="disclosure.reply", **filters))


@indicator(code="disclosure.on_time_rate", name="依申请公开按时答复率", unit="%",
           basis=f"{OGI}第三十三条", section=1)
def disclosure_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    """Replies whose statutory clock finished in the year: met ÷ (met + missed)."""
    finished = _reply_clock(state__in=[Clock.MET, Clock.MISSED], finished_on__year=year)
    return rate(_disclosure().filter(finished), Q(_reply_clock(state=Clock.MET)), scope)


@indicator(code="disclosure.extensions", name="延期答复的政府信息公开申请", unit="件",
           basis=f"{OGI}第三十三条第二款", section=1)
def disclosure_extensions(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_disclosure().filter(received_on__year=year).filter(_reply_clock(extended=True)),
                 scope)


@indicator(code="disclosure.overdue_open", name="逾期未办结的政府信息公开申请", unit="件",
           basis=f"{OGI}第三十三条", section=2)
def disclosure_overdue(year: int, scope: Agency | None) -> IndicatorValue:
    """Open now and past due at the end of the year (or today): a stock, not a flow; a
    closed case keeps no due date, so the figure for a past year is frozen by publication."""
    day = as_of(year)
    return count(_disclosure().filter(is_open=True, received_on__lte=day, due_on__lt=day), scope)
