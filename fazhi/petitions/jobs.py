"""Alerts before the 15- and 60-day marks (《信访工作条例》第四十四条: failing to tell the
petitioner in time, or to finish on time, is a ground for accountability): the tick tells
the staff of the agency that must act, once per clock and due date, through the outbox.

One set-based pass (ADR 0047): the clocks in their alert windows with their case's number,
owner and competent body in one query; the alerts already queued, the generic deadline
reminders already queued for the same case and due date (`cases.reminders` runs first in
the tick) and the staff addresses each in one query; the new messages in one INSERT. A
second tick the same day queues nothing; a mailbox shared by several staff gets one
message; a due date that moves (an extension) is alerted again.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from fazhi.cases.models import Clock, Participant
from fazhi.cases.reminders import KIND as REMINDER
from fazhi.cases.reminders import reference
from fazhi.core.tick import job
from fazhi.notifications.models import Notification
from fazhi.org.models import Staff
from fazhi.petitions.limits import ALERT_DAYS, LIMITS

KIND = "petition.alert"
CHUNK = 500  # refs per IN list


def _ref(case_id: int, code: str, due: date) -> str:
    return f"{KIND}:{case_id}:{code}:{due:%Y%m%d}"


def _due_clocks(today: date) -> list[tuple]:
    """(case id, code, due date, case number, agency that must act) of every running clock
    in its alert window: the 15-day mark is the receiving office's, the 60-day mark the
    competent body's (the receiver's when it handles the matter itself)."""
    window = Q()
    for key, days in ALERT_DAYS.items():
        window |= Q(code=LIMITS[key].code, due_on__lte=today + timedelta(days=days))
    competent = (Participant.objects.filter(case_id=OuterRef("case_id"), role="competent",
                                            active=True).order_by("id").values("agency_id")[:1])
    rows = (Clock.objects.filter(window, state=Clock.RUNNING, due_on__gte=today)
            .annotate(competent=Subquery(competent))
            .order_by("due_on", "case_id")
            .values_list("case_id", "code", "due_on", "case__number", "case__agency_id",
                         "competent"))
    handle = LIMITS["handle"].code
    return [(case_id, code, due, number, (body if code == handle and body else owner))
            for case_id, code, due, number, owner, body in rows]


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def _sent(kind: str, refs: list[str]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for part in _chunks(refs):
        found |= set(Notification.objects.filter(kind=kind, ref__in=part)
                     .values_list("ref", "recipient"))
    return found


def alert(today: date) -> int:
    """Queue the alerts not sent yet; returns how many messages were queued."""
    clocks = _due_clocks(today)
    if not clocks:
        return 0
    refs = {c[:3]: _ref(*c[:3]) for c in clocks}
    sent = _sent(KIND, sorted(set(refs.values())))
    days = settings.FAZHI_REMINDER_WORKING_DAYS
    reminders = {(case_id, due): reference(case_id, due, days) for case_id, _, due, _, _ in clocks}
    reminded_to: dict[str, set[str]] = defaultdict(set)
    for ref, to in _sent(REMINDER, sorted(set(reminders.values()))):
        reminded_to[ref].add(to)
    addresses: dict[int, list[str]] = defaultdict(list)
    for agency_id, email in (Staff.objects.filter(agency_id__in={c[4] for c in clocks},
                                                  user__is_active=True)
                             .exclude(user__email="").order_by("user__email")
                             .values_list("agency_id", "user__email").distinct()):
        if email.strip() and email.strip() not in addresses[agency_id]:
            addresses[agency_id].append(email.strip())
    labels = {limit.code: limit for limit in LIMITS.values()}
    now = timezone.now()
    new: list[Notification] = []
    for case_id, code, due, number, agency_id in clocks:
        ref, limit = refs[(case_id, code, due)], labels[code]
        already = reminded_to.get(reminders[(case_id, due)], set())
        for email in addresses.get(agency_id, []):
            if (ref, email) in sent or email in already:
                continue
            new.append(Notification(
                kind=KIND, channel=Notification.EMAIL, recipient=email, ref=ref,
                subject=f"信访事项期限预警：{number}"[:200], created_at=now, next_attempt_at=now,
                body=f"{number}的{limit.label}将于{due:%Y年%m月%d日}届满（{limit.citation}），"
                     "请及时办理。"))
    Notification.objects.bulk_create(new, batch_size=1000)
    return len(new)


@job("petitions.alerts")
def run(today: date) -> str:
    return f"{alert(today)} alerts"
