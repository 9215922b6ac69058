"""Indicators of case property custody. Their records are items, shown to staff through the
app's own visibility filter (`Item.objects.visible_to`); a published report freezes only
their codes and agencies, never the owner.

No statute sets these figures: they measure the city's own custody rules (the
cross-agency centre of the 2020 report, 五), so their basis says so."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from fazhi.core.indicators import IndicatorValue, RecordKind, count, indicator, public_rows_of, rate
from fazhi.custody.models import DISPOSED, STATES, Item
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

BASIS = "本市涉案财物集中管理制度（本地指标，非法定指标）"


def _visible(records: QuerySet, actor: Actor) -> QuerySet:
    return records.filter(pk__in=Item.objects.visible_to(actor).values("pk"))


def _row(item: Item) -> dict[str, Any]:
    return {"label": f"{item.code} {item.description}", "agency": item.agency.name,
            "date": item.seized_on, "state": STATES.get(item.state, item.state),
            "url": reverse("custody:item", args=[item.pk])}


ITEMS = RecordKind(visible=_visible, row=_row, related=("agency",),
                   public_rows=public_rows_of(lambda i: i.code, lambda i: i.agency.name,
                                              ("agency",)))


def _seized(year: int) -> QuerySet[Item]:
    return Item.objects.filter(seized_on__year=year)


@indicator(code="custody.items_seized", name="登记扣押的涉案财物", unit="件", basis=BASIS,
           section=1, records=ITEMS)
def items_seized(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_seized(year), scope)


@indicator(code="custody.centre_rate", name="涉案财物移交管理中心集中保管率", unit="%", basis=BASIS,
           section=1, records=ITEMS)
def centre_rate(year: int, scope: Agency | None) -> IndicatorValue:
    return rate(_seized(year), Q(centre__isnull=False), scope)


@indicator(code="custody.disposal_rate", name="当年扣押涉案财物的处置率", unit="%", basis=BASIS,
           section=1, records=ITEMS)
def disposal_rate(year: int, scope: Agency | None) -> IndicatorValue:
    return rate(_seized(year), Q(state__in=DISPOSED, disposed_on__year=year), scope)
