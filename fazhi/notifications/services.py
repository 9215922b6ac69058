"""Queue and deliver notifications (the outbox).

`notify(...)` is called inside the transaction of the change that causes the message; the
message is then tried once right after commit, and `deliver_due` (a tick job) retries what
failed with growing delays until `MAX_ATTEMPTS`, after which it stays visibly failed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.law.redaction import mask_email, mask_phones
from fazhi.notifications.models import Notification
from fazhi.notifications.senders import sender_for

MAX_ATTEMPTS = 6
IMMEDIATE_MAX = 50  # a batch larger than this is left to the tick sweep
SCRUBBED = "（内容含访问码，发送后已清除）"


def notify(*, kind: str, to: str, body: str, channel: str = Notification.SMS,
           subject: str = "", ref: str = "", sensitive: bool = False,
           immediate: bool = True) -> Notification | None:
    """Queue one message; None when there is no address to send it to. `immediate=False`
    leaves delivery to the tick sweep (bulk notices: a request must not send thousands)."""
    to = (to or "").strip()
    if not to:
        return None
    note = Notification.objects.create(kind=kind, channel=channel, recipient=to,
                                       subject=subject[:200], body=body, ref=ref,
                                       sensitive=sensitive)
    if immediate:
        transaction.on_commit(lambda: deliver(note.pk))
    return note


def deliver(pk: int, now: datetime | None = None) -> str:
    """Try one pending message once; returns its state afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        note = Notification.objects.select_for_update().filter(
            pk=pk, state=Notification.PENDING).first()
        if note is None:
            return "gone"
        note.attempts += 1
        try:
            sender_for(note.channel).send(note)
        except Exception as exc:  # any sender failure is recorded and retried, never raised
            note.last_error = f"{type(exc).__name__}: {exc}"[:300]
            note.state = Notification.FAILED if note.attempts >= MAX_ATTEMPTS \
                else Notification.PENDING
            note.next_attempt_at = now + timedelta(minutes=2 ** note.attempts)
        else:
            note.state, note.sent_at, note.last_error = Notification.SENT, now, ""
            if note.sensitive:
                note.body = SCRUBBED
        note.save()
        return note.state


def deliver_due(now: datetime | None = None) -> dict[str, int]:
    """Deliver every pending message whose next attempt is due; counts by resulting state."""
    now = now or timezone.now()
    due = Notification.objects.filter(state=Notification.PENDING, next_attempt_at__lte=now)
    counts: dict[str, int] = {}
    for pk in due.order_by("id").values_list("pk", flat=True)[:1000]:
        state = deliver(pk, now)
        counts[state] = counts.get(state, 0) + 1
    return counts


def masked_recipient(note: Notification) -> str:
    """The address as operators see it: phone digits masked, e-mail local part shortened."""
    if note.channel == Notification.EMAIL and "@" in note.recipient:
        return mask_email(note.recipient)
    return mask_phones(note.recipient)


# What each kind of message is, as staff and the citizen read it (labels, not identifiers).
KIND_LABELS = {
    "case.receipt_code": "查询码",
    "case.reminder": "期限提醒",
    "disclosure.receipt": "申请回执",
    "disclosure.request_correction": "补正通知",
    "disclosure.extend": "延期答复告知",
    "disclosure.fee_notice": "收费通知",
    "disclosure.reply": "答复通知",
    "disclosure.close_no_correction": "终止处理告知",
    "disclosure.close_fee_unpaid": "终止处理告知",
    "lottery.registered": "摇号登记确认",
    "lottery.entry_changed": "登记信息变更",
    "lottery.entry_otp": "验证码",
    "lottery.winner": "中签通知",
    "lottery.withdrawn": "中签通知撤销",
}


@dataclass(frozen=True)
class Delivery:
    """One message about a record as its pages show it: what, how, to whom (masked), and
    where its delivery stands. Never the text (it may carry a code)."""

    label: str
    channel: str
    to: str
    state: str
    state_label: str
    at: datetime


def deliveries(ref: str) -> list[Delivery]:
    """The messages queued about `ref` (e.g. "case:42"), oldest first."""
    channels, states = dict(Notification.CHANNELS), dict(Notification.STATES)
    return [Delivery(KIND_LABELS.get(n.kind, n.kind), channels.get(n.channel, n.channel),
                     masked_recipient(n), n.state, states.get(n.state, n.state),
                     n.sent_at or n.created_at)
            for n in Notification.objects.filter(ref=ref).order_by("id")]
