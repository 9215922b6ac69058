"""Alerts before the 15- and 60-day marks (《信访工作条例》第四十四条: failing to tell the
petitioner in time, or to finish on time, is a ground for accountability): the tick tells
the staff of the agency that must act, once per clock and due date, through the outbox."""

from datetime import date, timedelta

from django.db import transaction

from fazhi.cases.models import Clock, Participant
from fazhi.core.tick import job
from fazhi.notifications.models import Notification
from fazhi.notifications.services import notify
from fazhi.org.models import Staff
from fazhi.petitions.limits import ALERT_DAYS, LIMITS

KIND = "petition.alert"


def _agency_for(clock: Clock) -> int:
    """The 15-day mark is the receiving office's; the 60-day mark the handling body's."""
    if clock.code == LIMITS["handle"].code:
        competent = (Participant.objects.filter(case_id=clock.case_id, role="competent",
                                                active=True)
                     .values_list("agency_id", flat=True).first())
        if competent:
            return competent
    return clock.case.agency_id


def alert(today: date) -> int:
    """Queue the alerts not sent yet; returns how many messages were queued."""
    queued = 0
    for key, days in ALERT_DAYS.items():
        clocks = (Clock.objects.filter(code=LIMITS[key].code, state=Clock.RUNNING,
                                       due_on__gte=today, due_on__lte=today + timedelta(days=days))
                  .select_related("case"))
        for clock in clocks:
            ref = f"{KIND}:{clock.case_id}:{clock.code}:{clock.due_on:%Y%m%d}"
            if Notification.objects.filter(kind=KIND, ref=ref).exists():
                continue
            emails = Staff.objects.filter(agency_id=_agency_for(clock), user__is_active=True) \
                .values_list("user__email", flat=True)
            with transaction.atomic():
                for email in emails:
                    note = notify(kind=KIND, to=email, channel=Notification.EMAIL, ref=ref,
                                  subject=f"信访事项期限预警：{clock.case.number}",
                                  body=f"{clock.case.number}的{LIMITS[key].label}将于"
                                       f"{clock.due_on:%Y年%m月%d日}届满（{LIMITS[key].citation}），"
                                       "请及时办理。", immediate=False)
                    queued += note is not None
    return queued


@job("petitions.alerts")
def run(today: date) -> str:
    return f"{alert(today)} alerts"
