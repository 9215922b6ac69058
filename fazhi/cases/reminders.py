"""Reminders before deadlines: the tick tells the handler of each open case that falls due
within `FAZHI_REMINDER_WORKING_DAYS` working days, once per case and due date.

The handler is the staff member of the case's agency who last acted on it; when none has
(a request filed online and not yet touched), every handler of the agency. Messages go
through the outbox (`fazhi.notifications.notify`) to the staff member's e-mail address;
the outbox row's `ref` names the case, the due date and the threshold, so a second run
sends nothing (a due date that moves, e.g. an extension, is reminded again).
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from fazhi.cases.models import Case
from fazhi.holidays.services import current_calendar
from fazhi.notifications.models import Notification
from fazhi.notifications.services import notify
from fazhi.org import roles

KIND = "case.reminder"


def reference(case_id: int, due_on: date, days: int) -> str:
    """The outbox ref of the reminder of one case and due date (another job that reminds of
    the same date, e.g. the petition alerts, reads it so as not to say it twice)."""
    return f"reminder:{case_id}:{due_on:%Y%m%d}:{days}"


def _ref(case: Case, days: int) -> str:
    return reference(case.pk, case.due_on, days)


def handlers_of(case: Case) -> list[User]:
    """Who is told: the last staff member of the agency to act on it, else its handlers."""
    recent = list(case.events.filter(actor_kind="staff", actor_user_id__isnull=False)
                  .order_by("-seq").values_list("actor_user_id", flat=True)[:20])
    users = User.objects.filter(is_active=True, staff__agency_id=case.agency_id)
    present = users.in_bulk(recent)  # one query, not one per recent actor
    for user_id in recent:
        if user_id in present:
            return [present[user_id]]
    return [u for u in users.select_related("staff") if roles.HANDLER in u.staff.roles]


def due_soon(today: date, days: int) -> list[Case]:
    """Open cases due from today to `days` working days on (overdue ones are the
    inbox's red rows, not reminders)."""
    before = current_calendar().add_working_days(today, days + 1)
    return list(Case.objects.open().filter(due_on__gte=today, due_on__lt=before)
                .select_related("agency").order_by("due_on", "id"))


def remind(today: date) -> int:
    """Queue the reminders not sent yet; returns how many messages were queued."""
    days = settings.FAZHI_REMINDER_WORKING_DAYS
    cases = due_soon(today, days)
    sent = set(Notification.objects.filter(kind=KIND, ref__in=[_ref(c, days) for c in cases])
               .values_list("ref", flat=True))
    queued = 0
    for case in cases:
        ref = _ref(case, days)
        if ref in sent:
            continue
        with transaction.atomic():
            for user in handlers_of(case):
                note = notify(kind=KIND, to=user.email, channel=Notification.EMAIL, ref=ref,
                              subject=f"案件即将到期：{case.number}",
                              body=f"{case.number}（{case.title}）将于{case.due_on:%Y年%m月%d日}"
                                   f"到期，请及时办理。", immediate=False)
                queued += note is not None
    return queued
