"""A citizen applies; staff handle the request; the citizen follows it; the public reads
the redacted reply. Every page visited is screenshotted and checked with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from tests.browser import signin

pytestmark = pytest.mark.django_db(transaction=True)
PROOF = {"name": "id.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 identity proof"}


def sign_in(page, username: str) -> None:
    signin.sign_in(page, username, clear=False)


def sign_out(page) -> None:
    page.context.clear_cookies()


def action_form(page, action: str):
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details.action", has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def test_citizen_and_staff_complete_a_disclosure_request(page, shots, agency):
    make_staff(agency, "handler", ["handler"], "王承办")
    make_staff(agency, "gio_head", ["gio_head"], "周公开")

    # 1. A citizen applies on the portal and receives a receipt code.
    page.goto("/")
    shots("portal-home")
    page.goto("/disclosure/apply/")
    page.check("input[name=applicant_type][value=natural]")
    page.fill("[name=applicant_name]", "张三")
    page.fill("[name=id_number]", "350203199001011234")
    page.fill("[name=phone]", "13912345678")
    page.fill("[name=email]", "zhangsan@example.com")
    page.select_option("[name=agency]", str(agency.pk))
    page.fill("[name=description]", "2025年本市行政复议案件办理情况统计数据")
    page.select_option("[name=form]", "electronic")
    page.select_option("[name=delivery]", "email")
    page.set_input_files("[name=identity_proof]", files=[PROOF])
    shots("apply-filled")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/disclosure/receipt/"))
    code = page.locator(".receipt-code").first.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    shots("receipt")

    # 2. The handler finds it at the top of the inbox and asks for a correction.
    sign_in(page, "handler")
    first_row = page.locator("table tbody tr").first
    assert "2025年本市行政复议案件" in first_row.inner_text()
    shots("inbox")
    first_row.locator("a").first.click()
    page.wait_for_url(re.compile(r"/workspace/cases/\d+/"))
    shots("case-new")
    form = action_form(page, "request_correction")
    form.locator("[name=defects]").fill("请写明所需统计数据的具体区县范围")
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    form.locator("[name=correction_due]").fill(due)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "待补正" in page.content()
    shots("case-awaiting-correction")
    sign_out(page)

    # 3. The citizen sees the status with the code and submits the correction.
    page.goto("/track/")
    page.fill("[name=code]", code)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "待补正" in page.content() and "具体区县范围" in page.content()
    shots("track-awaiting-correction")
    page.fill("[name=content]", "所需数据为全市及六个区的汇总数据")
    page.locator("form", has=page.locator("[name=content]")).locator(
        "button[type=submit]").click()
    page.wait_for_load_state()
    assert "办理中" in page.content()
    shots("track-corrected")
    sign_out(page)

    # 4. The head of the disclosure office approves an extension before the limit expires
    #    and records the day the applicant was told (条例第三十三条第二款); the action is
    #    then no longer offered.
    sign_in(page, "gio_head")
    page.locator("table tbody tr").first.locator("a").first.click()
    form = action_form(page, "extend")
    form.locator("[name=reason]").fill("需要汇总六个区的数据，工作量较大")
    form.locator("[name=approved_on]").fill(timezone.localdate().isoformat())
    form.locator("[name=notified_on]").fill(timezone.localdate().isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "延长20个工作日" in page.content()
    assert page.locator("form[action$='/act/extend/']").count() == 0
    shots("case-extended")
    sign_out(page)

    # 5. The handler answers and serves the reply.
    sign_in(page, "handler")
    page.locator("table tbody tr").first.locator("a").first.click()
    form = action_form(page, "reply")
    form.locator("[name=answer_type]").select_option("A2")
    form.locator("[name=text]").fill("经审查，现将张三申请的统计数据提供如下，联系电话13912345678。")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    form = action_form(page, "serve")
    form.locator("[name=method]").select_option("electronic")
    form.locator("[name=served_on]").fill(timezone.localdate().isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "已办结" in page.content()
    shots("case-closed")
    sign_out(page)

    # 6. The public reply appears with personal data masked.
    page.goto("/disclosure/replies/")
    shots("replies")
    page.locator("main a[href*='/disclosure/replies/']").first.click()
    page.wait_for_load_state()
    body = page.content()
    assert "张*" in body and "139****5678" in body
    assert "张三" not in body and "13912345678" not in body
    shots("reply-public")
