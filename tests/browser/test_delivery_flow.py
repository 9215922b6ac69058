"""Electronic service end to end: the applicant consents on the form, staff serve the reply
to the portal inbox, the applicant reads it there with the receipt code, staff download the
evidence package. Every page is screenshotted and checked with axe-core."""

import io
import re
import zipfile
from pathlib import Path

import pytest

from conftest import make_staff
from tests.browser.test_disclosure_flow import PROOF, action_form, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_consent_serve_read_and_evidence(page, shots, agency):
    make_staff(agency, "handler", ["handler"], "王承办")

    # 1. The applicant applies and agrees to electronic service.
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
    page.check("[name=e_service]")
    page.set_input_files("[name=identity_proof]", files=[PROOF])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/disclosure/receipt/"))
    code = page.locator(".receipt-code").first.inner_text().strip()

    # 2. The handler replies, then serves the reply to the inbox from the delivery page.
    sign_in(page, "handler")
    page.locator("table tbody tr").first.locator("a").first.click()
    form = action_form(page, "reply")
    form.locator("[name=answer_type]").select_option("A2")
    form.locator("[name=text]").fill("经审查，现将所申请的统计数据提供给您。")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/workspace/delivery/")
    shots("delivery-staff-list")
    page.locator("main ul a").first.click()
    page.wait_for_url(re.compile(r"/workspace/delivery/case/\d+/"))
    assert "平台收件箱" in page.content()  # the consented channels are offered
    shots("delivery-case-ready")
    page.select_option("#serve-channel", "portal")
    page.get_by_role("button", name="送达", exact=True).click()
    page.wait_for_load_state()
    row = page.locator("tr[id^=delivery-]").first
    assert "已送达" in row.inner_text()
    shots("delivery-case-served")
    sign_out(page)

    # 3. The applicant opens the inbox with the code and reads the reply.
    page.goto("/delivery/inbox/")
    shots("delivery-inbox-code")
    page.fill("[name=code]", code)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/delivery/inbox/$"))
    assert code not in page.url
    assert "政府信息公开申请答复书" in page.content()
    shots("delivery-inbox")
    with page.expect_download() as download:
        page.locator("form[action*='/open/'] button").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.reload()
    assert "已阅读" in page.content()
    sign_out(page)

    # 4. The handler sees the read receipt and downloads the evidence package.
    sign_in(page, "handler")
    page.goto("/workspace/delivery/")
    page.locator("tr[id^=delivery-] a").first.click()
    page.wait_for_url(re.compile(r"/workspace/delivery/case/\d+/"))
    assert "已阅读" in page.locator("tr[id^=delivery-]").first.inner_text()
    shots("delivery-case-read")
    with page.expect_download() as download:
        page.locator("a[href$='evidence.zip']").first.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "manifest.txt" in archive.namelist() and "ledger.json" in archive.namelist()
