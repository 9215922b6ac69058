"""The alerts job as one set-based pass (ADR 0047): a second tick queues nothing, a shared
mailbox gets one message, a generic reminder of the same case and due date is not said
twice, and the query count does not grow with the number of clocks
(《信访工作条例》第二十二条、第三十二条、第四十四条)."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.cases import reminders
from fazhi.notifications.models import Notification
from fazhi.petitions import jobs
from fazhi.petitions.tests.factories import DAY0, days

pytestmark = pytest.mark.django_db


def emails(mailbox: str = "") -> None:
    for user in User.objects.all():
        User.objects.filter(pk=user.pk).update(email=mailbox or f"{user.username}@example.org")


def test_a_second_tick_sends_nothing_new_art_44(world):
    """第二十二条、第四十四条: each staff member of the office once per clock and due date."""
    emails()
    for n in range(3):
        world.received(subject=f"事项{n}")
    assert jobs.alert(DAY0 + days(12)) == 6  # three matters × (handler, head)
    assert jobs.alert(DAY0 + days(12)) == 0
    assert jobs.alert(DAY0 + days(13)) == 0
    refs = list(Notification.objects.filter(kind=jobs.KIND).values_list("ref", "recipient"))
    assert len(refs) == len(set(refs)) == 6


def test_a_shared_mailbox_gets_one_message_art_44(world):
    """Two staff with one office address: one alert, not two."""
    emails("xfj@example.org")
    world.received()
    assert jobs.alert(DAY0 + days(12)) == 1


def test_no_alert_where_the_generic_reminder_said_it_art_44(world, settings):
    """The deadline reminder (cases.reminders, earlier in the tick) told the handler of the
    same case and due date: the alert goes only to whoever was not told."""
    emails()
    case = world.received()
    case.refresh_from_db()
    Notification.objects.create(
        kind=reminders.KIND, channel=Notification.EMAIL, recipient="office_handler@example.org",
        ref=reminders.reference(case.pk, case.due_on, settings.FAZHI_REMINDER_WORKING_DAYS),
        body="x")
    assert jobs.alert(DAY0 + days(12)) == 1
    assert Notification.objects.get(kind=jobs.KIND).recipient == "office_head@example.org"


def test_a_moved_due_date_is_alerted_again_art_32(world):
    """第三十二条: an extension moves the 60-day mark; the new date is alerted again."""
    emails()
    case = world.accepted()
    assert jobs.alert(DAY0 + days(58)) == 2
    from fazhi.petitions import services

    services.act(case, "extend", world.bureau_head, {"reason": "情况复杂"}, today=DAY0 + days(60))
    assert jobs.alert(DAY0 + days(60)) == 0  # the new mark is 30 days on
    assert jobs.alert(DAY0 + days(88)) == 2


def test_queries_do_not_grow_with_the_clocks(world):
    emails()
    world.received(subject="事项一")
    with CaptureQueriesContext(connection) as one:
        jobs.alert(DAY0 + days(12))
    Notification.objects.all().delete()
    for n in range(5):
        world.received(subject=f"多{n}")
    with CaptureQueriesContext(connection) as many:
        jobs.alert(DAY0 + days(12))
    assert len(many) == len(one)
