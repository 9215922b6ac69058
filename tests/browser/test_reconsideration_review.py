"""Reconsideration in the browser, the steps of ADR 0046: the office registers an oral
application on its intake page (第二十二条) with a request to review the normative document
the act rests on (第十三条); once the case is under review the office handles the request
(the case suspended, 第五十六条), notifies the issuing authority (第五十八条), whose staff reply
on their workspace; the office head finds the clause unlawful (第五十九条) and the normative
document's public and staff pages show it; with the decision an opinion letter goes to the
respondent (第七十六条), whose staff report the corrections on their workspace, and the office
closes the case; the published
decision states the finding. Every page visited is checked with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.signin import sign_in
from tests.browser.test_reconsideration_flow import action_form, services_actor, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_oral_intake_incidental_review_to_the_document_and_an_opinion_letter(page, shots, city):
    from conftest import make_staff
    from fazhi.cases.models import Case
    from fazhi.normative.tests.factories import World as NormativeWorld
    from fazhi.org.models import Agency
    from fazhi.reconsideration import services

    body = Agency.objects.create(code="XMSZF", name="厦门市人民政府", short_name="市政府",
                                 region=city, kind="government")
    office = Agency.objects.create(code="XMSFJ", name="厦门市司法局", short_name="市司法局",
                                   region=city, is_legal_office=True)
    market = Agency.objects.create(code="XMSJJ", name="厦门市市场监督管理局",
                                   short_name="市市场监管局", region=city)
    make_staff(office, "fy_handler", ["handler"], "王复议")
    make_staff(office, "fy_head", ["head"], "李处长")
    make_staff(market, "sj_handler", ["handler"], "陈应诉")
    doc_case, _ = NormativeWorld(office, market).published()  # the market bureau's document
    doc = doc_case.normative
    today = timezone.localdate()

    # 1. The office records an oral application on its intake page, with the review request.
    sign_in(page, "fy_handler")
    page.goto("/workspace/reconsideration/new/")
    shots("intake")
    page.select_option("#id_channel", "oral")
    page.fill("#id_oral_record", "申请人当场口述复议请求、事实和理由，工作人员记录并经申请人确认")
    page.fill("#id_applicant_name", "林某某")
    page.fill("#id_applicant_id", "350203199001011234")
    page.fill("#id_applicant_contact", "13800000000")
    page.select_option("#id_body", str(body.pk))
    page.select_option("#id_respondent_code", "XMSJJ")
    page.fill("#id_act", "依据食品摊贩登记规定第三条作出的不予登记决定")
    page.select_option("#id_act_kind", "licence")
    page.fill("#id_act_date", (today - timedelta(days=12)).isoformat())
    page.fill("#id_known_on", (today - timedelta(days=10)).isoformat())
    page.fill("#id_request", "撤销不予登记决定")
    page.fill("#id_reasons", "所依据的规定第三条增设登记条件，违反上位法")
    page.fill("#id_review_document", doc.registration_no)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/workspace/cases/\d+/"))
    shots("registered")
    case = Case.objects.get(procedure="reconsideration")
    r = case.reconsideration
    assert r.channel == "oral" and r.review["document_no"] == doc.registration_no

    # 2. Accepted, the reply in, the parties heard (through the services).
    handler = services_actor("fy_handler")
    services.act(case, "accept", handler, {}, today=today)
    services.act(case, "set_track", handler, {"track": "ordinary", "handler_name": "王复议"},
                 today=today)
    services.act(case, "send_copy", handler, {"sent_on": today.isoformat(),
                                              "received_on": today.isoformat()}, today=today)
    services.act(case, "file_reply", services_actor("sj_handler"),
                 {"reply": "依据规定作出", "evidence": "登记材料"}, today=today)
    services.act(case, "hear_parties", handler, {"way": "phone", "summary": "坚持请求"}, today=today)

    # 3. The office handles the review request: the case is suspended (第五十六条).
    page.goto(f"/workspace/cases/{case.pk}/")
    form = action_form(page, "request_review")
    form.locator("[name=clauses]").fill("第三条")
    form.locator("[name=grounds]").fill("增设登记条件，缺乏上位法依据")
    form.locator("[name=requested_on]").fill(today.isoformat())
    form.locator("[name=suspended_on]").fill(today.isoformat())
    form.locator("[name=competent]").check()
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "document_review", page.content()[:2000]
    shots("suspended-for-review")
    form = action_form(page, "notify_issuer")
    form.locator("[name=notified_on]").fill(today.isoformat())
    submit(page, form)

    # 4. The issuing authority's staff reply on their workspace (第五十八条).
    sign_in(page, "drafter")
    page.goto(f"/workspace/cases/{case.pk}/")
    shots("issuer-case")
    form = action_form(page, "issuer_reply")
    form.locator("[name=reply]").fill("第三条系根据本市管理需要设定")
    submit(page, form)
    case.refresh_from_db()
    assert case.reconsideration.review.get("issuer_reply"), page.content()[:2000]

    # 5. The office head finds the clause unlawful (第五十九条): the case resumes.
    sign_in(page, "fy_head")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = action_form(page, "conclude_review")
    form.locator("[name=finding]").select_option("unlawful")
    form.locator("[name=opinion]").fill("第三条增设登记条件，违反上位法，停止执行并责令纠正")
    form.locator("[name=concluded_on]").fill(today.isoformat())
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "reviewing" and case.reconsideration.review_finding == "unlawful"
    shots("review-concluded")

    # 6. The document's pages show the finding, public and staff.
    page.context.clear_cookies()
    page.goto(f"/normative/documents/{doc.pk}/")
    assert page.locator("#reconsideration-review").count() == 1
    assert "责令制定机关予以纠正" in page.content()
    shots("document-public")
    sign_in(page, "drafter")
    page.goto(f"/normative/staff/{doc.pk}/")
    assert page.locator("#reconsideration-review").count() == 1
    assert case.number in page.content()
    shots("document-staff")

    # 7. The decision (revoke), served and published; an opinion letter to the respondent.
    services.act(case, "propose", handler, {"kind": "revoke", "content": "撤销不予登记决定",
                                            "reasons": "所依据的条款违反上位法"}, today=today)
    services.act(case, "decide", services_actor("fy_head"), {"decision_no": "厦府复〔2026〕21号"},
                 today=today)
    sign_in(page, "fy_head")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = action_form(page, "issue_letter")
    form.locator("[name=recipient_code]").fill("XMSJJ")
    form.locator("[name=letter_no]").fill("厦府复意〔2026〕1号")
    form.locator("[name=content]").fill("清理本局规范性文件中增设的登记条件")
    form.locator("[name=received_on]").fill(today.isoformat())
    submit(page, form)
    case.refresh_from_db()
    assert case.reconsideration.letter_no, page.content()[:2000]
    shots("letter-issued")
    case = services.act(case, "serve", handler, {"served_on": today.isoformat(),
                                                 "channel": "direct"}, today=today)
    assert case.state == "performing"  # the letter's report is still due (第七十六条)
    sign_in(page, "sj_handler")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = action_form(page, "report_letter")
    form.locator("[name=report]").fill("已启动修订，停止执行第三条")
    form.locator("[name=reported_on]").fill(today.isoformat())
    submit(page, form)
    case.refresh_from_db()
    assert case.reconsideration.letter_reported_on == today, page.content()[:2000]
    shots("letter-reported")
    sign_in(page, "fy_handler")
    page.goto(f"/workspace/cases/{case.pk}/")
    submit(page, action_form(page, "conclude"))
    case.refresh_from_db()
    assert case.state == "closed" and case.outcome == "revoke"

    # 8. The public decision states the finding on the document.
    page.context.clear_cookies()
    page.goto(f"/reconsideration/decisions/{case.reconsideration.pk}/")
    assert page.locator("#incidental-review").count() == 1 and "林某某" not in page.content()
    shots("decision-public")
