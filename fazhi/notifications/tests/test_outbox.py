"""The notification outbox: written with the change, delivered after commit, retried,
visible, and never exposing an access code to operators."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from fazhi.notifications import services
from fazhi.notifications.models import Notification
from fazhi.notifications.senders import MemorySender

pytestmark = pytest.mark.django_db


class Broken:
    def send(self, message):
        raise ConnectionError("gateway down")


def test_delivered_after_commit_not_before(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = services.notify(kind="test", to="13800138000", body="您的申请已受理")
        assert MemorySender.sent == []
    note.refresh_from_db()
    assert note.state == Notification.SENT and note.attempts == 1
    assert [m.body for m in MemorySender.sent] == ["您的申请已受理"]


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError),
          transaction.atomic()):
        services.notify(kind="test", to="13800138000", body="不应发出")
        raise RuntimeError("the action failed")
    assert not Notification.objects.exists() and MemorySender.sent == []


def test_failures_are_retried_with_backoff_then_marked_failed(settings):
    settings.FAZHI_NOTIFY_SENDERS = {"sms": "fazhi.notifications.tests.test_outbox.Broken"}
    note = services.notify(kind="test", to="13800138000", body="x")
    now = timezone.now()
    assert services.deliver(note.pk, now) == Notification.PENDING
    note.refresh_from_db()
    assert note.last_error.startswith("ConnectionError") and note.next_attempt_at > now
    assert services.deliver_due(now) == {}  # not due yet
    for _ in range(services.MAX_ATTEMPTS - 1):
        services.deliver(note.pk, now)
    note.refresh_from_db()
    assert note.state == Notification.FAILED and note.attempts == services.MAX_ATTEMPTS
    settings.FAZHI_NOTIFY_SENDERS = {"sms": "fazhi.notifications.senders.MemorySender"}
    assert services.deliver_due(now + timedelta(days=1)) == {}  # failed stays failed


def test_tick_delivers_what_is_due():
    note = services.notify(kind="test", to="a@example.org", body="邮件", channel="email")
    assert services.deliver_due() == {Notification.SENT: 1}
    note.refresh_from_db()
    assert note.state == Notification.SENT


def test_an_access_code_is_scrubbed_once_delivered_and_hidden_from_operators(admin_client):
    note = services.notify(kind="receipt", to="13800138000", body="查询码 ABCD-EFGH",
                           sensitive=True)
    page = admin_client.get(f"/admin/notifications/notification/{note.pk}/change/")
    assert page.status_code == 200 and "ABCD-EFGH" not in page.content.decode()
    assert "138****8000" in page.content.decode()
    services.deliver(note.pk)
    note.refresh_from_db()
    assert "ABCD" not in note.body and MemorySender.sent[-1].body == "查询码 ABCD-EFGH"


def test_no_address_no_message():
    assert services.notify(kind="test", to="  ", body="x") is None


def test_bulk_notices_wait_for_the_sweep(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = services.notify(kind="bulk", to="13800138000", body="批量", immediate=False)
    note.refresh_from_db()
    assert note.state == Notification.PENDING and MemorySender.sent == []
    assert services.deliver_due() == {Notification.SENT: 1}
