"""A penalty case from the party's advance notice to publicity: the party requests a hearing
online with its receipt code; staff hold the hearing and decide on the workspace case page;
the public finds the published decision. Every page visited is checked with axe-core."""


import pytest
from django.utils import timezone

from fazhi.enforcement.tests.conftest import officer, qualify  # noqa: F401 - fixtures' helpers
from fazhi.enforcement.tests.factories import World
from tests.browser import signin

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, username: str) -> None:
    signin.sign_in(page, username, clear=False)


def action_form(page, action: str):
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details.action", has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def test_party_requests_a_hearing_online_and_the_decision_is_published(page, shots, city):
    from conftest import make_staff
    from fazhi.org.models import Agency

    market = Agency.objects.create(code="XMSCJ", name="厦门市市场监督管理局",
                                   short_name="市市场监管局", region=city)
    officers = [officer(market, "E001", "陈执法"), officer(market, "E002", "林执法")]
    reviewer = make_staff(market, "m_reviewer", ["reviewer"], "周法制")
    qualify(reviewer, "A20151100001")
    world = World(market, make_staff(market, "m_handler", ["handler"], "王承办"),
                  make_staff(market, "m_head", ["head"], "李局长"), reviewer, officers)
    today = timezone.localdate()
    case = world.notified(on=today, fine="150000")

    # 1. The party follows its case with the receipt code and requests a hearing online.
    page.goto("/track/")
    page.fill("[name=code]", case.receipt_code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "150000" in page.content()
    shots("party-notice")
    page.locator("details.panel summary", has_text="申请听证").click()
    page.click("form[action$='/track/penalty/hearing/'] button[type=submit]")
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "hearing_requested"
    shots("party-hearing-requested")
    page.context.clear_cookies()

    # 2. The handler schedules and records the hearing on the workspace case page.
    sign_in(page, "m_handler")
    page.goto(f"/workspace/cases/{case.pk}/")
    shots("case-hearing-requested")
    form = action_form(page, "schedule_hearing")
    # notified a month ago (seven working days ahead, Art. 64(2)), held today
    form.locator("[name=notified_on]").fill((today - timezone.timedelta(days=30)).isoformat())
    form.locator("[name=hearing_on]").fill(today.isoformat())
    form.locator("[name=presiding]").fill("赵主持")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "hearing_scheduled", page.content()[:2000]
    shots("case-hearing-scheduled")
    form = action_form(page, "record_hearing")
    form.locator("[name=record_no]").fill("听证〔2026〕1号")
    form.locator("[name=summary]").fill("当事人到场陈述申辩")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "heard"
    page.context.clear_cookies()

    # 3. The head decides, citing the hearing record; the handler publishes the decision.
    sign_in(page, "m_head")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = action_form(page, "decide")
    form.locator("[name=fine]").fill("120000")
    form.locator("[name=reasons]").fill("依据听证笔录，事实清楚，证据确凿")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "decided" and case.penalty.hearing_record == "听证〔2026〕1号"
    shots("case-decided")
    page.context.clear_cookies()
    sign_in(page, "m_handler")
    page.goto(f"/workspace/cases/{case.pk}/")
    action_form(page, "publish").locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.context.clear_cookies()

    # 4. The public finds the decision by the party's name.
    page.goto("/")
    shots("portal-home")
    page.goto("/enforcement/decisions/?q=" + "厦门某某食品")
    assert case.penalty.decision_no in page.content()
    shots("decisions")
    page.click(f"text={case.penalty.decision_no}")
    page.wait_for_load_state()
    assert "罚款120,000.00元" in page.content()
    shots("decision")
