"""Alerts before the 15- and 60-day marks through the outbox (《信访工作条例》第四十四条), and the
indicators for the annual report: on-time acceptance and handling, satisfaction, backlog."""

import pytest

from fazhi.core.indicators import get
from fazhi.notifications.models import Notification
from fazhi.petitions import jobs, services
from fazhi.petitions.tests.factories import DAY0, PUBLIC, days

pytestmark = pytest.mark.django_db


def emails(world) -> None:
    from django.contrib.auth.models import User

    for user in User.objects.all():
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@example.org")


def test_the_office_is_alerted_before_the_15_day_mark_once_art_44(world):
    """《信访工作条例》第二十二条、第四十四条: alert the office 3 days before its 15 days end."""
    emails(world)
    world.received()
    assert jobs.alert(DAY0 + days(5)) == 0
    assert jobs.alert(DAY0 + days(12)) == 2  # the office's handler and head
    assert jobs.alert(DAY0 + days(13)) == 0  # once per clock and due date
    note = Notification.objects.filter(kind=jobs.KIND).first()
    assert note.recipient.startswith("office_") and "第二十二条" in note.body


def test_the_competent_body_is_alerted_before_the_60_day_mark_art_44(world):
    """《信访工作条例》第三十二条、第三十四条、第四十四条: the handling body, 10 days before."""
    emails(world)
    world.accepted()
    assert jobs.alert(DAY0 + days(58)) == 2
    assert set(Notification.objects.filter(kind=jobs.KIND).values_list("recipient", flat=True)) \
        == {"bureau_handler@example.org", "bureau_head@example.org"}


def test_indicators_on_time_satisfaction_and_backlog(world):
    answered = world.answered()  # handled in 35 days: on time
    services.act(answered, "rate", PUBLIC, {"score": "unsatisfied"}, today=DAY0 + days(41))
    late = world.accepted(subject="另一事项")  # still open after its 60 days
    assert get("petitions.accept_on_time").compute(2025).value == 100.0
    assert get("petitions.handle_on_time").compute(2025).value == 100.0
    assert get("petitions.satisfaction").compute(2025).value == 0.0
    backlog = get("petitions.backlog").compute(2025)
    assert backlog.value == 1 and list(backlog.records) == [late]
