"""The printable receipt (回执) and its e-mail copy (issue 12 part 2, ADR 0025).

The receipt states what 条例第三十一条 and 第三十三条 make the applicant rely on: who
received the request, on which day, and when the reply is due. It never carries the
receipt code (a printout travels; the code opens the case)."""

import pytest
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.core.pdf import pdf_text
from fazhi.disclosure.tests import factories
from fazhi.notifications.models import Notification
from fazhi.notifications.senders import MemorySender
from fazhi.portal.tests.conftest import application_post

pytestmark = pytest.mark.django_db


def _apply(client, agency, **overrides) -> Case:
    response = client.post("/disclosure/apply/", application_post(agency, **overrides))
    assert response.status_code == 302
    return Case.objects.get()


def test_the_receipt_pdf_is_downloaded_right_after_applying(
        client, agency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _apply(client, agency)
    page = client.get("/disclosure/receipt/").content.decode()
    assert "/disclosure/receipt.pdf" in page
    response = client.get("/disclosure/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    reply_due = case.clocks.get(code="disclosure.reply").due_on
    for fact in ("政府信息公开申请回执", "厦门市司法局", case.number,
                 f"{case.received_on:%Y-%m-%d}", f"{reply_due:%Y-%m-%d}", "第三十三条",
                 "2025年本市行政复议案件办理情况统计数据", "张*"):
        assert fact in text, fact
    # the receipt travels: no code, no unmasked personal data
    for secret in (case.receipt_code, "张三", "13912345678", "350203199001011234"):
        assert secret not in text, secret


def test_the_e_mail_copy_carries_the_receipt_without_the_code(
        client, agency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _apply(client, agency)
    copies = [m for m in MemorySender.sent if m.channel == "email"]
    assert [m.recipient for m in copies] == ["zhangsan@example.com"]
    assert copies[0].subject == f"政府信息公开申请回执（{case.number}）"
    assert case.number in copies[0].body and "答复期限" in copies[0].body
    assert case.receipt_code not in copies[0].body
    assert Notification.objects.get(kind="disclosure.receipt").state == Notification.SENT


def test_no_e_mail_copy_without_an_address(client, agency):
    _apply(client, agency, email="", delivery="post")
    assert not Notification.objects.filter(kind="disclosure.receipt").exists()


def test_replayed_history_sends_no_receipt_copy(agency):
    """The demo city and imports register requests on past days: nobody is told now."""
    factories.received(agency, on=timezone.localdate().replace(year=2024))
    assert not Notification.objects.exists()


def test_the_tracked_applicant_downloads_the_receipt_and_nobody_else(client, agency):
    case = factories.received(agency, on=timezone.localdate())
    assert client.get("/disclosure/receipt.pdf").status_code == 404
    client.post("/track/", {"code": case.receipt_code})
    assert "/disclosure/receipt.pdf" in client.get("/track/").content.decode()
    response = client.get("/disclosure/receipt.pdf")
    assert response.status_code == 200 and case.number in pdf_text(response.content)
    client.post("/track/exit/")
    assert client.get("/disclosure/receipt.pdf").status_code == 404
