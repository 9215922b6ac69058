"""The whole general procedure in the browser (issue 13 part 11): an inspection referral opens
a lead; the head opens the case with two certified officers; the handler registers the
on-site inspection's video and records the inspection (《行政处罚法》第四十二条、第四十七条); the
party consents to electronic service and the advance notice is served to its inbox (第六十一条);
the party requests a hearing online (第六十四条); the legal review fails, then passes (第五十八条);
the head decides with the benchmark tier (第三十四条); the decision is published and paid.
Steps that are not the point here are taken through the services. Every page visited is
checked with axe-core (the `shots` fixture)."""

import re

import pytest
from django.utils import timezone

from fazhi.enforcement.tests.conftest import officer, qualify
from fazhi.enforcement.tests.test_rules import fake_benchmark
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
USCC = "91350200MA2Y0000XX"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 256


def action_form(page, action: str):
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details.action", has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def review(page, shots, outcome: str, label: str) -> None:
    sign_in(page, "m_reviewer")
    page.goto(page.case_url)
    form = action_form(page, "decide_review")
    shots(f"{label}-form")
    from fazhi.enforcement.procedure import CHECKLIST

    for key in CHECKLIST:
        problem = outcome == "fail" and key == "c6_discretion"
        form.locator(f"[name={key}]").select_option("problem" if problem else "ok")
    form.locator("[name=outcome]").select_option(outcome)
    form.locator("[name=opinion]").fill("经审核，主体合法，事实清楚，程序合法。" if outcome == "pass"
                                        else "经审核，裁量不当。")
    if outcome == "fail":
        form.locator("[name=reasons]").fill("拟罚款数额未充分考虑当事人及时改正的情节，应予调整。")
    submit(page, form)
    shots(label)


def test_from_an_inspection_referral_to_payment(page, shots, city, settings, monkeypatch,
                                                 tmp_path):
    from conftest import make_staff
    from fazhi.cases.models import Case
    from fazhi.delivery import services as delivery
    from fazhi.enforcement import eservice, services
    from fazhi.enforcement.models import ReviewableMatter
    from fazhi.org.models import Agency
    from fazhi.subjects.signals import referral_made

    settings.MEDIA_ROOT = tmp_path
    settings.FAZHI_ENFORCEMENT_HEARING_FINES = {"natural": 5000, "organisation": 10000}
    fake_benchmark(monkeypatch)  # tier 一般: 5,000–30,000 yuan (the discretion app's own flow)
    market = Agency.objects.create(code="XMSCJ", name="厦门市市场监督管理局",
                                   short_name="市市场监管局", region=city)
    e1, e2 = officer(market, "E001", "陈执法"), officer(market, "E002", "林执法")
    qualify(make_staff(market, "m_reviewer", ["reviewer"], "周法制"), "A20151100001")
    handler = make_staff(market, "m_handler", ["handler"], "王承办")
    head = make_staff(market, "m_head", ["head"], "李局长")
    ReviewableMatter.objects.create(agency=market, label="所有普通程序案件", every_case=True,
                                    citation="本局法制审核事项清单第1项", effective_from=city_day(2021))
    today = timezone.localdate()

    # 1. A random inspection refers its finding: a lead of the market bureau.
    referral_made.send(sender=None, referral_id=7, agency=market, uscc=USCC,
                       name="厦门某某食品有限公司", reason="现场检查发现经营超过保质期的食品",
                       found_on=today)
    case = Case.objects.get(procedure="penalty")
    page.case_url = f"/workspace/cases/{case.pk}/"

    # 2. The head opens the case with two certified officers (第四十二条).
    sign_in(page, "m_head")
    page.goto(page.case_url)
    shots("lead")
    form = action_form(page, "initiate")
    form.locator("[name=officer_ids]").fill(f"{e1.pk}\n{e2.pk}")
    form.locator("[name=violation_code]").fill("SP-034-1")
    form.locator("[name=category]").fill("市场监管")
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "investigating", page.content()[:3000]
    shots("opened")

    # 3. The handler registers the inspection's video, then records the inspection.
    sign_in(page, "m_handler")
    page.goto(page.case_url)
    assert "现场检查" in page.locator("#records-h").locator("..").inner_text()
    page.click(f"a[href='/workspace/enforcement/{case.pk}/records/new/']")
    shots("record-form")
    page.select_option("[name=kind]", "video")
    page.select_option("[name=step]", "inspection")
    page.fill("[name=title]", "现场检查执法记录仪录像")
    page.fill("[name=device]", "ZFJLY-001")
    page.fill("[name=started_at]", f"{today.isoformat()} 09:00")
    page.fill("[name=stopped_at]", f"{today.isoformat()} 09:40")
    page.check(f"[name=officer_ids][value='{e1.pk}']")
    page.check(f"[name=officer_ids][value='{e2.pk}']")
    page.set_input_files("[name=file]", {"name": "ZFJLY-001.mp4", "mimeType": "video/mp4",
                                         "buffer": MP4})
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith(page.case_url), page.content()[:3000]
    assert "ZFJLY-001" in page.locator("#records-h").locator("..").inner_text()
    shots("record-registered")
    form = action_form(page, "record_investigation")
    form.locator("[name=kind]").select_option("inspection")
    form.locator("[name=officer_ids]").fill(f"{e1.pk}\n{e2.pk}")
    form.locator("[name=summary]").fill("现场检查发现超过保质期的食品20箱")
    submit(page, form)
    assert case.process_records.get().used_seq is not None
    services.act(case, "end_investigation", handler,
                 {"harm": "minor", "amount_involved": "3000", "summary": "调查终结"}, today=today)
    services.act(case, "conclude", head, {"way": "penalise", "fine": "20000", "kinds": ["fine"],
                                          "reasons": "事实清楚，证据确凿"}, today=today)

    # 4. The party consents online; the handler serves the advance notice to its inbox.
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("[name=code]", case.receipt_code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    shots("party-track-proposed")
    page.click("a[href='/delivery/inbox/']")
    shots("party-inbox")
    page.check("[name=channels][value=portal]")
    with page.expect_navigation():
        page.click("form[action$='/delivery/inbox/consent/'] button[type=submit]")
    assert "已确认同意电子送达" in page.content(), page.content()[-4000:]
    shots("party-consented")
    sign_in(page, "m_handler")
    page.goto(f"/workspace/delivery/case/{case.pk}/")
    assert page.locator("#serve-channel").count(), page.locator("main").inner_text()[:3000]
    shots("delivery-case")
    page.select_option("#serve-channel", "portal")
    with page.expect_navigation():
        page.click("form:has(#serve-channel) button[type=submit]")
    case.refresh_from_db()
    assert case.state == "notified" and case.penalty.notice_served_on == today
    shots("notice-served")

    # 5. The party requests a hearing online within 5 working days (第六十四条).
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("[name=code]", case.receipt_code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    hearing = page.locator("form[action$='/track/penalty/hearing/']")
    page.locator("details.panel", has=hearing).locator("summary").click()
    with page.expect_navigation():
        page.click("form[action$='/track/penalty/hearing/'] button[type=submit]")
    case.refresh_from_db()
    assert case.state == "hearing_requested"
    shots("hearing-requested")
    month_ago = (today - timezone.timedelta(days=30)).isoformat()
    services.act(case, "schedule_hearing", handler, {"notified_on": month_ago,
                                                     "hearing_on": today.isoformat(),
                                                     "presiding": "赵主持"}, today=today)
    services.act(case, "record_hearing", handler, {"record_no": "听证〔2026〕1号",
                                                   "summary": "当事人到场陈述申辩"}, today=today)
    services.act(case, "submit_review", handler, {}, today=today)

    # 6. The legal review fails; the head revises; served again; the review passes.
    review(page, shots, "fail", "review-failed")
    case.refresh_from_db()
    assert case.state == "review_failed"
    services.act(case, "revise_proposal", head, {"fine": "15000", "kinds": ["fine"],
                                                 "reasons": "考虑及时改正情节"}, today=today)
    doc = eservice.document(Case.objects.get(pk=case.pk))
    delivery.serve(case=case, document_title=doc.title, content=doc.content,
                   filename=doc.filename, party=doc.party, actor=handler, channel="portal")
    services.act(case, "waive", handler, {"note": "当事人书面放弃"}, today=today)
    services.act(case, "submit_review", handler, {}, today=today)
    review(page, shots, "pass", "review-passed")

    # 7. The head decides: the benchmark tier is stated in the decision (第三十四条).
    sign_in(page, "m_head")
    page.goto(page.case_url)
    form = action_form(page, "decide")
    shots("decide-form")
    form.locator("[name=fine]").fill("15000")
    form.locator("[name=reasons]").fill("事实清楚，证据确凿，依法处罚")
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "decided" and case.penalty.assessment["tier_label"] == "一般"
    assert "一般" in page.content()
    shots("decided")
    doc = eservice.document(Case.objects.get(pk=case.pk))
    delivery.serve(case=case, document_title=doc.title, content=doc.content,
                   filename=doc.filename, party=doc.party, actor=handler, channel="portal")
    case.refresh_from_db()
    assert case.state == "served"

    # 8. Publicity, then payment; the public and the party see both.
    sign_in(page, "m_handler")
    page.goto(page.case_url)
    shots("served")
    submit(page, action_form(page, "publish"))
    form = action_form(page, "record_payment")
    form.locator("[name=paid_on]").fill(today.isoformat())
    form.locator("[name=amount]").fill("15000")
    submit(page, form)
    case.refresh_from_db()
    assert case.state == "paid"
    shots("paid")
    page.context.clear_cookies()
    page.goto("/enforcement/decisions/?q=" + USCC)
    assert case.penalty.decision_no in page.content()
    shots("published")
    page.goto("/track/")
    page.fill("[name=code]", case.receipt_code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert re.search("已缴|Paid", page.content())
    assert "ZFJLY-001.mp4" not in page.content()  # the party never sees the records
    shots("party-paid")


def city_day(year: int):
    from datetime import date

    return date(year, 7, 15)
