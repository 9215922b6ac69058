"""Consumer complaints in the browser (《市场监督管理投诉举报处理暂行办法》, 《市场监督管理行政处罚程序
规定》第十八条): a consumer files a complaint that is also a report online and keeps both receipt
codes; the regulator accepts the complaint and records the mediation agreement; the head
decides to open a case on the report, and the lead appears in enforcement through the
signal, its number on the report's page; the consumer tracks the complaint (name masked).
Every page shown is checked with axe-core."""

import re

import pytest
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.complaints.tests.factories import make_world, submission
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill(page, form, fields: dict) -> None:
    for name, value in fields.items():
        field = form.locator(f"[name={name}]").first
        kind = field.evaluate("el => el.tagName + ':' + (el.type || '')")
        if kind.startswith("SELECT"):
            field.select_option(value)
        elif kind.endswith(":radio"):
            form.locator(f"[name={name}][value='{value}']").check()
        else:
            field.fill(value)


def act(page, case, action: str, fields: dict) -> None:
    page.goto(f"/workspace/cases/{case.pk}/")
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details.action", has=form)
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").click()
    fill(page, form, fields)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_complaint_and_report_online_to_agreement_and_an_enforcement_lead(page, shots, city):
    world = make_world(city)
    today = timezone.localdate()
    # 1. The consumer complains and reports in one submission, naming the business by its
    # credit code (第九条), and keeps both receipt codes: the submission splits.
    page.goto("/complaints/submit/")
    data = {k: v for k, v in submission(kind="both", violation="虚假宣传：标价与结算价不符").items()
            if k != "channel"}
    form = page.locator("main form")
    fill(page, form, data | {"agency": str(world.regulator.pk)})
    shots("submit")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/complaints/receipt/"))
    complaint_code = page.locator("#receipt-code-1").inner_text().strip()
    report_code = page.locator("#receipt-code-2").inner_text().strip()
    shots("receipt")
    complaint = Case.objects.get(procedure="complaint")
    report = Case.objects.get(procedure="consumer_report")
    assert (complaint.receipt_code, report.receipt_code) == (complaint_code, report_code)
    # 2. The regulator accepts the complaint within 7 working days (第十四条) and records the
    # agreement reached in mediation.
    sign_in(page, "sj_handler")
    act(page, complaint, "accept", {})
    complaint.refresh_from_db()
    assert complaint.state == "mediating", page.content()[:2000]
    act(page, complaint, "agree", {"terms": "经营者退还预付卡余额1200元", "agreed_on": today.isoformat()})
    complaint.refresh_from_db()
    assert (complaint.state, complaint.outcome) == ("agreed", "agreed"), page.content()[:2000]
    shots("agreed-case")
    # 3. The head decides to open a case on the report (第十八条): the lead is registered in
    # enforcement through the signal, and the report's page shows its number.
    sign_in(page, "sj_head")
    act(page, report, "open_case", {"legal_basis": "《反不正当竞争法》第八条",
                                    "act_date": today.isoformat()})
    report.refresh_from_db()
    assert report.state == "opened", page.content()[:2000]
    lead = Case.objects.get(procedure="penalty")
    assert lead.penalty.source == "complaint"
    page.goto(f"/workspace/cases/{report.pk}/")
    assert lead.number in page.content()
    shots("report-opened")
    # 4. The consumer tracks the complaint: the agreement shown, the name masked.
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("[name=code]", complaint_code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    content = page.content()
    assert "调解达成协议" in content and "李某某" not in content
    shots("complaint-track")
