"""Tick job: carry the outbox's results over to e-mail and SMS deliveries still marked sent
(a message the outbox retried after the request that queued it)."""

from datetime import date

from fazhi.core.tick import job
from fazhi.delivery.models import Delivery
from fazhi.delivery.services import refresh


@job("delivery.receipts")
def sweep(today: date) -> str:
    pending = Delivery.objects.filter(state=Delivery.SENT, channel__in=("email", "sms"))
    done = 0
    for pk in pending.order_by("id").values_list("pk", flat=True)[:1000]:
        found = refresh(pk)
        done += found is not None and found.state != Delivery.SENT
    return f"{done} receipts recorded"
