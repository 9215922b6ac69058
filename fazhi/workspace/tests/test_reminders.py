"""Reminders before deadlines: the inbox badge and the handler's notice from the tick."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from fazhi.cases.reminders import KIND, remind
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories
from fazhi.notifications.models import Notification
from fazhi.workspace.tests.test_workspace import received_due_soon

pytestmark = pytest.mark.django_db


def test_inbox_badge_counts_cases_due_within_the_working_days(client, handler, agency):
    soon = factories.received(agency, on=received_due_soon())
    far = factories.received(agency, on=timezone.localdate())
    assert client.login(username="handler", password="pw-handler-123456")
    response = client.get("/workspace/")
    assert response.context["due_soon"] == 1
    only = client.get("/workspace/", {"soon": "1"})
    numbers = {row.case.number for row in only.context["rows"]}
    assert numbers == {soon.number} and far.number not in numbers


def test_the_last_handler_to_act_is_reminded_once(handler, agency):
    User.objects.filter(username="handler").update(email="wang@example.gov")
    case = factories.received(agency, on=received_due_soon())
    act(handler, case, "consult", {"kind": "third_party", "party": "某公司", "method": "direct",
                                   "sent_on": case.received_on.isoformat()},
        today=case.received_on)
    act(handler, case, "record_consultation", {"answered_on": case.received_on.isoformat(),
                                               "opinion": "agree"}, today=case.received_on)
    today = timezone.localdate()
    assert remind(today) == 1
    note = Notification.objects.get(kind=KIND)
    assert note.recipient == "wang@example.gov" and case.number in note.body
    assert remind(today) == 0  # idempotent: once per case and due date
    assert remind(today + timedelta(days=1)) == 0


def test_a_case_nobody_touched_reminds_every_handler_of_its_agency(handler, agency,
                                                                     other_handler):
    User.objects.filter(username="handler").update(email="wang@example.gov")
    User.objects.filter(username="other").update(email="qian@example.gov")
    factories.received(agency, on=received_due_soon())
    assert remind(timezone.localdate()) == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == ["wang@example.gov"]


def test_far_and_overdue_cases_are_not_reminded(handler, agency):
    User.objects.filter(username="handler").update(email="wang@example.gov")
    factories.received(agency, on=timezone.localdate())
    factories.received(agency, on=timezone.localdate() - timedelta(days=60))
    assert remind(timezone.localdate()) == 0


def test_the_tick_runs_the_reminders():
    from fazhi.core.tick import JOBS

    assert "cases.reminders" in JOBS
