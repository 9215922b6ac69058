"""Administrative reconsideration in the browser (《行政复议法》, 2023): a citizen applies
online and gets a receipt code (第二十二条); the office lets the 5 working days of review run
out and the tick deems the application accepted (第三十条第二款); the ordinary procedure with
the respondent's reply (第四十八条) and a hearing the respondent's head attends (第五十条、
第五十一条); a decision revoking the act with an order to redo, citing the hearing record
(第六十一条第二款、第六十四条), approved, served and published; the citizen follows it all
with the code. Every page visited is checked with axe-core."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def action_form(page, action: str):
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details.action", has=form)
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def submit(page, form) -> None:
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_applied_online_deemed_accepted_heard_and_revoked_with_redo(page, shots, city):
    from conftest import make_staff
    from fazhi.cases.models import Case
    from fazhi.core.demo import simulated_clock
    from fazhi.org.models import Agency
    from fazhi.reconsideration import jobs, services

    body = Agency.objects.create(code="XMSZF", name="厦门市人民政府", short_name="市政府",
                                 region=city, kind="government")
    office = Agency.objects.create(code="XMSFJ", name="厦门市司法局", short_name="市司法局",
                                   region=city, is_legal_office=True)
    market = Agency.objects.create(code="XMSJJ", name="厦门市市场监督管理局",
                                   short_name="市市场监管局", region=city)
    make_staff(office, "fy_handler", ["handler"], "王复议")
    make_staff(office, "fy_head", ["head"], "李处长")
    respondent = make_staff(market, "sj_handler", ["handler"], "陈应诉")
    today = timezone.localdate()
    applied = today - timedelta(days=30)

    # 1. A month ago, the citizen applied online (the portal's clock set to that day).
    with simulated_clock() as clock:
        clock[0] = datetime.combine(applied, time(2, 0), tzinfo=UTC)
        page.goto("/reconsideration/apply/")
        shots("apply")
        page.fill("#id_applicant_name", "林某某")
        page.fill("#id_applicant_id", "350203199001011234")
        page.fill("#id_applicant_contact", "13800000000")
        page.select_option("#id_body", str(body.pk))
        page.select_option("#id_respondent_code", "XMSJJ")
        page.fill("#id_act", "对申请人作出的罚款五千元的行政处罚决定")
        page.select_option("#id_act_kind", "penalty")
        page.fill("#id_act_date", (applied - timedelta(days=12)).isoformat())
        page.fill("#id_known_on", (applied - timedelta(days=10)).isoformat())
        page.fill("#id_amount", "5000")
        page.fill("#id_request", "撤销该行政处罚决定")
        page.fill("#id_reasons", "认定事实不清，证据不足")
        page.click("#submit-reconsideration")
        page.wait_for_url(re.compile(r"/reconsideration/receipt/"))
        code = page.locator("#receipt-code").inner_text().strip()
        shots("receipt")
    case = Case.objects.get(procedure="reconsideration")
    assert case.agency == office and case.received_on == applied and code == case.receipt_code

    # 2. Nobody decided within 5 working days: the tick deems it accepted (第三十条第二款).
    jobs.deem_accepted(applied + timedelta(days=15))
    case.refresh_from_db()
    assert case.state == "accepted" and case.reconsideration.deemed_accepted
    accepted = case.reconsideration.accepted_on

    # 3. The office chooses the ordinary procedure; the respondent replies in time.
    services.act(case, "set_track", services_actor("fy_handler"),
                 {"track": "ordinary", "handler_name": "王复议"}, today=accepted)
    services.act(case, "send_copy", services_actor("fy_handler"),
                 {"sent_on": accepted.isoformat(), "received_on": accepted.isoformat()},
                 today=accepted)
    sign_in(page, "sj_handler")
    page.goto(f"/workspace/cases/{case.pk}/")
    shots("respondent-case")
    form = action_form(page, "file_reply")
    form.locator("[name=reply]").fill("原处罚决定事实清楚，证据确凿")
    form.locator("[name=evidence]").fill("现场检查笔录、询问笔录")
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "reviewing", page.content()[:2000]
    assert respondent.agency_id == market.pk

    # 4. A hearing notified two weeks ago is held today, the respondent's head attending.
    sign_in(page, "fy_handler")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = action_form(page, "schedule_hearing")
    form.locator("[name=notified_on]").fill((today - timedelta(days=14)).isoformat())
    form.locator("[name=hearing_on]").fill(today.isoformat())
    form.locator("[name=presiding]").fill("张主持")
    form.locator("[name=officers]").fill("李听证\n吴听证")
    form.locator("[name=clerk]").fill("赵记录")
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "hearing_scheduled", page.content()[:2000]
    form = action_form(page, "record_hearing")
    form.locator("[name=record_no]").fill("厦府复听〔2026〕1号")
    form.locator("[name=summary]").fill("双方质证、辩论")
    form.locator("[name=head_attended]").check()
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "reviewing"

    # 5. The proposal revokes with an order to redo, citing the hearing record.
    form = action_form(page, "propose")
    form.locator("[name=kind]").select_option("revoke")
    form.locator("[name=redo]").check()
    form.locator("[name=redo_days]").fill("30")
    form.locator("[name=content]").fill("撤销原行政处罚决定，责令被申请人三十日内重新作出")
    form.locator("[name=reasons]").fill("主要事实不清、证据不足")
    form.locator("[name=hearing_record_no]").fill("厦府复听〔2026〕1号")
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "proposed", page.content()[:2000]
    sign_in(page, "fy_head")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = action_form(page, "decide")
    form.locator("[name=decision_no]").fill("厦府复〔2026〕8号")
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "decided"
    shots("case-decided")
    sign_in(page, "fy_handler")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = action_form(page, "serve")
    form.locator("[name=served_on]").fill(today.isoformat())
    form.locator("[name=channel]").select_option("direct")
    submit(page, form)
    case.refresh_from_db()
    # served: the redo is now supervised (第七十七条), the decision published (第七十九条)
    assert case.state == "performing" and case.outcome == "revoke"
    assert case.reconsideration.redo_ordered
    page.context.clear_cookies()

    # 6. The citizen follows it with the code; the public reads the masked decision.
    page.goto("/track/")
    page.fill("[name=code]", code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "厦府复〔2026〕8号" in page.content() and "林*" in page.content()
    shots("track")
    page.goto("/reconsideration/decisions/")
    assert "厦府复〔2026〕8号" in page.content() and "林某某" not in page.content()
    shots("decisions")


def services_actor(username: str):
    from django.contrib.auth.models import User

    from fazhi.org.actors import Actor

    return Actor.for_user(User.objects.get(username=username))
