"""Indicators of notarised lotteries (公证摇号): draws held, and draws published with
everything the stand-alone verifier needs. Every announced round is public, so its staff
drill-down shows any round (`queries.public`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.indicators import (
    IndicatorValue,
    RecordKind,
    count,
    indicator,
    public_rows_of,
    rate,
)
from fazhi.lottery import queries
from fazhi.lottery.models import Lottery
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

BASIS = "本市公证摇号规则"


def _visible(records: QuerySet, actor: Actor) -> QuerySet:
    return records.filter(pk__in=queries.public().values("pk"))


def _row(lot: Lottery) -> dict[str, Any]:
    return {"label": f"{lot.draw_id} {lot.title}", "agency": lot.agency.name,
            "date": lot.drawn_at.date() if lot.drawn_at else None, "state": lot.state_label}


ROUNDS = RecordKind(visible=_visible, row=_row, related=("agency",),
                    public_rows=public_rows_of(str, lambda lot: lot.agency.name, ("agency",)))


@indicator(code="lottery.draws", name="公证摇号次数", unit="次", basis=BASIS, section=1,
           records=ROUNDS)
def draws(year: int, scope: Agency | None) -> IndicatorValue:
    return count(Lottery.objects.filter(drawn_at__year=year), scope)


@indicator(code="lottery.published_verifiable", name="公证摇号结果公布且可独立验证率",
           unit="%", basis=BASIS, section=1, records=ROUNDS)
def published_verifiable(year: int, scope: Agency | None) -> IndicatorValue:
    """Draws run in the year whose result is published with everything the stand-alone
    verifier needs (frozen pool, spec, r_N, result): a draw voided afterwards is not."""
    bundle = Q(state=Lottery.PUBLISHED, published_at__isnull=False)
    for name in ("spec_json", "pool_file", "notary_commitment", "notary_reveal", "result_json"):
        bundle &= ~Q(**{name: ""})
    return rate(Lottery.objects.filter(drawn_at__year=year), bundle, scope)
