"""The citizen keeps a receipt, is told what happens, and downloads what was disclosed
(issue 12 part 2): the receipt PDF downloaded in Chromium and its text read back, the
e-mail copy and the correction notice delivered to the outbox, the disclosed document
downloaded from the track page, and the guide and catalogue pages — each page checked
with axe-core."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import make_staff
from fazhi.cases.models import Case
from fazhi.core.pdf import Paragraph, pdf_document, pdf_text
from fazhi.disclosure.services import act
from fazhi.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)
PROOF = {"name": "id.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 identity proof"}


def _download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


APPLICATION = {"applicant_name": "张三", "id_number": "350203199001011234",
               "phone": "13912345678", "email": "zhangsan@example.com",
               "description": "2025年本市行政复议案件办理情况统计数据"}


def _apply(page, agency) -> str:
    page.goto("/disclosure/apply/")
    page.check("input[name=applicant_type][value=natural]")
    for name, value in APPLICATION.items():
        page.fill(f"[name={name}]", value)
    for name, value in (("agency", str(agency.pk)), ("form", "electronic"), ("delivery", "email")):
        page.select_option(f"[name={name}]", value)
    page.set_input_files("[name=identity_proof]", files=[PROOF])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/disclosure/receipt/"))
    return page.locator(".receipt-code").first.inner_text().strip()


def test_receipt_pdf_notices_and_disclosed_document(page, shots, agency):
    handler = make_staff(agency, "handler", ["handler"], "王承办")
    page.goto("/")
    shots("home")

    # 1. Apply; download the printable receipt from the receipt page and read it.
    code = _apply(page, agency)
    shots("receipt")
    case = Case.objects.get()
    text = pdf_text(_download(page, "#receipt-pdf"))
    assert "政府信息公开申请回执" in text and case.number in text and "厦门市司法局" in text
    assert "第三十三条" in text and code not in text and "张三" not in text

    # 2. The e-mail copy went through the outbox.
    copy = Notification.objects.get(kind="disclosure.receipt")
    assert copy.recipient == "zhangsan@example.com" and copy.state == Notification.SENT

    # 3. Staff ask for a correction, then reply disclosing a document.
    today = timezone.localdate()
    act(handler, case, "request_correction", {
        "defects": "请写明所需统计数据的具体区县范围",
        "correction_due": (today + timedelta(days=14)).isoformat()}, today=today)
    act(handler, case, "submit_correction", {"corrected_on": today.isoformat(),
                                             "content": "思明区"}, today=today)
    document = pdf_document("2025年行政复议案件统计", [Paragraph("共办理行政复议案件120件。")])
    act(handler, case, "reply", {"answer_type": "A2", "text": "经审查，现将信息提供给您。"},
        files=[(("统计表.pdf", document), "reply")], today=today)
    notice = Notification.objects.get(kind="disclosure.request_correction", channel="sms")
    assert notice.state == Notification.SENT and "补正" in notice.body

    # 4. The citizen tracks: the notices and their delivery, the receipt again, the document.
    page.goto("/track/")
    page.fill("[name=code]", code)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/track/$"))
    deliveries = page.locator("section.deliveries").inner_text()
    assert "补正通知" in deliveries and "答复通知" in deliveries and "申请回执" in deliveries
    assert "zh***@example.com" in deliveries and "13912345678" not in deliveries
    shots("track")
    assert case.number in pdf_text(_download(page, "#receipt-pdf"))
    disclosed = pdf_text(_download(page, "ul.files a"))
    assert "共办理行政复议案件120件" in disclosed


def test_guide_and_catalogue_pages(page, shots, agency):
    page.goto("/")
    page.click("a[href='/disclosure/guide/']")
    page.wait_for_url(re.compile(r"/disclosure/guide/$"))
    shots("guide-index")
    page.click(f"a[href='/disclosure/guide/{agency.code}/']")
    assert "第三十三条第二款" in page.content()
    shots("guide")
    page.locator(f"a[href='/disclosure/catalogue/{agency.code}/']").first.click()
    page.wait_for_url(re.compile(r"/disclosure/catalogue/"))
    assert "（十五）" in page.content()
    shots("catalogue")
