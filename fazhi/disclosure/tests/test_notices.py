"""Notices to the applicant for every event they must act on or rely on (issue 12 part 2),
through the outbox, and where each one stands, on the track page and the staff case page.

条例第三十条 (补正), 第三十三条第二款 (延期), 国办函〔2020〕109号 (收费), 第三十六条 (答复)."""

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.errors import DomainError
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories
from fazhi.notifications.models import Notification
from fazhi.notifications.senders import MemorySender

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _sent(kind: str) -> dict[str, object]:
    notes = Notification.objects.filter(kind=kind)
    return {n.channel: n for n in notes}


def test_a_correction_notice_goes_by_sms_and_e_mail_with_its_deadline_art30(
        agency, handler, django_capture_on_commit_callbacks):
    due = _today().replace(year=_today().year + 1)
    with django_capture_on_commit_callbacks(execute=True):
        case = factories.correcting(agency, handler, on=_today(), due=due)
    notes = _sent("disclosure.request_correction")
    assert set(notes) == {"sms", "email"}
    assert notes["sms"].recipient == "13912345678"
    assert notes["email"].recipient == "zhangsan@example.com"
    assert f"{due:%Y年%m月%d日}" in notes["sms"].body and "第三十条" in notes["sms"].body
    assert case.receipt_code not in notes["sms"].body
    assert {m.recipient for m in MemorySender.sent} >= {"13912345678", "zhangsan@example.com"}
    assert all(n.state == Notification.SENT for n in notes.values())


def test_extension_fee_and_reply_are_notified(agency, handler, gio_head):
    case = factories.received(agency, on=_today(), email="", delivery="post")
    act(gio_head, case, "extend", {"reason": "需要调取档案", "approved_on": _today().isoformat(),
                                   "notified_on": _today().isoformat()}, today=_today())
    act(handler, case, "fee_notice", {"basis": "per_volume", "quantity": 150,
                                      "notice_received_on": _today().isoformat()}, today=_today())
    act(handler, case, "fee_paid", {"paid_on": _today().isoformat()}, today=_today())
    act(handler, case, "reply", {"answer_type": "A2", "text": "经审查，现将信息提供给您。"},
        today=_today())
    kinds = list(Notification.objects.order_by("id").values_list("kind", "channel"))
    # no address given: SMS only; fee paid is the agency's own record, not a notice
    assert kinds == [("disclosure.extend", "sms"), ("disclosure.fee_notice", "sms"),
                     ("disclosure.reply", "sms")]
    fee = Notification.objects.get(kind="disclosure.fee_notice").body
    assert "1700元" in fee and "109号" in fee
    assert "予以公开" in Notification.objects.get(kind="disclosure.reply").body
    assert "第三十三条第二款" in Notification.objects.get(kind="disclosure.extend").body


def test_a_refused_action_tells_nobody(agency, handler):
    case = factories.received(agency, on=_today())
    Notification.objects.all().delete()
    with pytest.raises(DomainError):
        act(handler, case, "request_correction",
            {"defects": "请说明年份", "correction_due": _today().isoformat()}, today=_today())
    assert not Notification.objects.exists()


def test_the_track_page_shows_each_notice_and_its_delivery_masked(
        client, agency, handler, django_capture_on_commit_callbacks):
    due = _today().replace(year=_today().year + 1)
    with django_capture_on_commit_callbacks(execute=True):
        case = factories.correcting(agency, handler, on=_today(), due=due)
    Notification.objects.filter(channel="email").update(state=Notification.FAILED)
    client.post("/track/", {"code": case.receipt_code})
    page = client.get("/track/").content.decode()
    assert "通知发送情况" in page and "补正通知" in page and "申请回执" in page
    assert "139****5678" in page and "zh***@example.com" in page
    assert "已发送" in page and "发送失败" in page
    assert "13912345678" not in page and "zhangsan@example.com" not in page


def test_staff_see_the_delivery_states_on_the_case_page(agency, handler):
    from django.contrib.auth.models import User

    case = factories.correcting(agency, handler, on=_today(),
                                due=_today().replace(year=_today().year + 1))
    client = Client()
    client.force_login(User.objects.get(username="handler"))
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "通知发送情况" in page and "补正通知" in page and "待发送" in page
    assert "139****5678" in page  # the outbox address, masked as operators see it
