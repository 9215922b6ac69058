"""A staff member's working day: a closed case found in the ledger and exported, a formal
document issued and attached, a reply walked through the sign-off chain. Every page is
screenshotted and checked with axe-core."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conftest import make_staff
from fazhi.cases.models import Attachment, SignoffChain, SignoffStep
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
REPLY = {"answer_type": "A2", "ground": "", "text": "经审查，现将所申请的信息提供给您。"}


def test_closed_case_found_and_exported(page, shots, agency):
    handler = make_staff(agency, "handler", ["handler"], "王承办")
    today = timezone.localdate()
    case = factories.received(agency, on=today, applicant_name="陈五")
    act(handler, case, "reply", REPLY, today=today)
    act(handler, case, "serve", {"method": "direct", "served_on": today.isoformat()}, today=today)
    factories.received(agency, on=today, applicant_name="李四")

    sign_in(page, "handler")
    assert case.number not in page.content()  # closed: not in the open inbox
    shots("inbox")
    page.click("nav.tabs a[href='?scope=all']")
    page.fill("#f-q", "陈五")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"scope=all"))
    rows = page.locator("table.inbox tbody tr")
    assert rows.count() == 1 and case.number in rows.first.inner_text()
    shots("ledger-search")
    with page.expect_download() as download:
        page.click("a[href*='export.xlsx']")
    data = Path(download.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [case.number]
    with page.expect_download() as download:
        page.click("a[href*='export.csv']")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert case.number in text and "李四" not in text
    rows.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/workspace/cases/\d+/"))
    assert page.locator("nav.breadcrumb").inner_text().count("/") == 0  # labels, not paths
    shots("closed-case")


def test_document_issued_and_reply_signed_off(page, shots, agency):
    handler = make_staff(agency, "handler", ["handler"], "王承办")
    make_staff(agency, "reviewer", ["reviewer"], "孙审核")
    make_staff(agency, "head", ["head"], "李负责")
    chain = SignoffChain.objects.create(agency=agency, procedure="disclosure", action="reply")
    SignoffStep.objects.create(chain=chain, position=1, label="审核", role="reviewer")
    SignoffStep.objects.create(chain=chain, position=2, label="签发", role="head")
    today = timezone.localdate()
    case = factories.received(agency, on=today)
    due = today + timedelta(days=14)
    act(handler, case, "request_correction", {"defects": "请说明所需信息的具体年份",
                                              "correction_due": due.isoformat()}, today=today)
    act(handler, case, "submit_correction", {"corrected_on": today.isoformat(),
                                             "content": "所需信息为2025年度"}, today=today)

    # The handler issues the correction notice (补正告知书) and drafts the reply.
    sign_in(page, "handler")
    page.goto(f"/workspace/cases/{case.pk}/")
    assert "剩余" in page.locator("#h-clocks + .clock").inner_text()
    page.click("form[action$='/documents/correction_notice/'] button")
    page.wait_for_url(re.compile(rf"/workspace/cases/{case.pk}/$"))
    assert Attachment.objects.filter(case=case, kind="document:correction_notice").count() == 2
    assert "补正告知书" in page.locator("#h-attachments + ul").inner_text()
    shots("document-issued")
    form = page.locator("form[action$='/act/reply/']")
    form.locator("[name=answer_type]").select_option("A2")
    form.locator("[name=text]").fill(REPLY["text"])
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/workspace/cases/{case.pk}/$"))
    assert page.locator(".signoff").is_visible()
    shots("draft-submitted")

    # 审核, then 签发: the reply goes out.
    sign_in(page, "reviewer")
    page.goto(f"/workspace/cases/{case.pk}/")
    page.fill("#signoff-comment", "同意")
    page.click(".signoff form button:not(.secondary)")
    page.wait_for_url(re.compile(rf"/workspace/cases/{case.pk}/$"))
    shots("reviewed")
    sign_in(page, "head")
    page.goto(f"/workspace/cases/{case.pk}/")
    page.click(".signoff form button:not(.secondary)")
    page.wait_for_url(re.compile(rf"/workspace/cases/{case.pk}/$"))
    case.refresh_from_db()
    assert case.state == "replied"
    history = page.locator(".timeline").inner_text()
    assert re.search(r"#\d+ 拟办 ·.*#\d+ 审核通过 ·.*#\d+ 签发 ·.*#\d+ 作出答复 ·", history, re.S)
    shots("signed-and-sent")
