"""A person's lottery entries for the citizen's view and the staff person view (B8,
fazhi.core.modules.MatterSource, ADR 0045): found by the person key the registration
already stores (HMAC of the ID number; the number itself is not stored)."""

from __future__ import annotations

from django.utils import timezone

from fazhi.core.i18n import local
from fazhi.core.modules import Matter
from fazhi.lottery import eligibility, queries
from fazhi.lottery.models import Lottery, Registration, Selection
from fazhi.org.actors import Actor

MAX_ENTRIES = 200


def key(identifier: str) -> str:
    return eligibility.person_key(identifier)


def find(person_key: str, actor: Actor | None) -> list[Matter]:
    lotteries = queries.public() if actor is None else queries.for_staff(actor)
    entries = list(Registration.objects.filter(person_key=person_key, lottery__in=lotteries)
                   .select_related("lottery", "lottery__agency")
                   .order_by("-created_at")[:MAX_ENTRIES])
    picked = {s.registration_id: s for s in Selection.objects.filter(
        registration_id__in=[e.pk for e in entries])}
    out = []
    for entry in entries:
        lot = entry.lottery
        sel = picked.get(entry.pk)
        if sel is not None:
            state = local("{kind}（{status}）").format(kind=local(sel.get_kind_display()),
                                                   status=local(sel.get_status_display()))
        elif lot.state == Lottery.PUBLISHED:
            state = local("未中签")
        else:
            state = local(lot.state_label)
        upcoming = lot.draw_at if lot.state in (Lottery.ANNOUNCED, Lottery.OPEN,
                                                Lottery.FROZEN, Lottery.COMMITTED) else None
        claim = sel.claim_deadline if sel is not None and sel.status == Selection.NOTIFIED else None
        when = claim or upcoming
        out.append(Matter(
            kind=local("摇号登记"), title=f"{lot.title}（{lot.pool_label(entry.pool)}）", state=state,
            url=f"/lottery/{lot.pk}/", date=timezone.localdate(entry.created_at),
            next_date=timezone.localdate(when) if when else None,
            next_note=local("领取截止" if claim else "摇号时间") if when else "",
            agency=lot.agency.name))
    return out
