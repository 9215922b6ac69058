"""Petitions in the browser (《信访工作条例》): a petition submitted online and routed to
reconsideration instead of being handled (第三十一条, 诉访分离); a petition handled,
reviewed and re-reviewed to finality, the petitioner asking online each time (第三十五条、
第三十六条). Every page shown is checked with axe-core."""

import re

import pytest
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.petitions.tests.factories import days, intake, make_world
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def act(page, case, action: str, fields: dict[str, str]) -> None:
    page.goto(f"/workspace/cases/{case.pk}/")
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details.action", has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def track(page, code: str) -> None:
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("[name=code]", code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def ask(page, summary: str, grounds: str) -> None:
    page.locator("details.panel summary", has_text=summary).click()
    page.fill("form[action$='/track/petition/review/'] [name=grounds]", grounds)
    page.click("form[action$='/track/petition/review/'] button[type=submit]")
    page.wait_for_load_state()


def test_a_petition_is_routed_to_reconsideration_instead_of_being_handled(page, shots, city):
    world = make_world(city)
    # 1. The citizen petitions online and keeps the receipt code.
    page.goto("/petitions/submit/")
    for name, value in intake().items():
        if name != "channel":
            page.fill(f"[name={name}]", value)
    page.select_option("[name=agency]", str(world.office.pk))
    shots("submit")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/petitions/receipt/"))
    code = page.locator("#receipt-code").inner_text().strip()
    shots("receipt")
    case = Case.objects.get(procedure="petition")
    # 2. The office assigns it to the district bureau; the bureau finds a reconsideration matter.
    sign_in(page, "office_handler")
    act(page, case, "transfer", {"agency_id": str(world.bureau.pk), "mode": "assign"})
    assert Case.objects.get(pk=case.pk).state == "transferred"
    sign_in(page, "bureau_handler")
    act(page, case, "accept", {"route": "administrative",
                               "routed_to": "行政复议：厦门市思明区人民政府"})
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("routed", "routed"), page.content()[:1500]
    shots("routed-case")
    # 3. The citizen sees where to go, and no handling as a petition.
    track(page, code)
    assert "行政复议：厦门市思明区人民政府" in page.content()
    assert "陈某某" not in page.content()
    shots("routed-track")


def test_a_petition_is_handled_reviewed_and_re_reviewed_to_finality(page, shots, city):
    world = make_world(city)
    today = timezone.localdate()
    case = world.answered(on=today - days(45))  # answered 5 days ago
    # 1. The petitioner asks for a review online (第三十五条).
    track(page, case.receipt_code)
    shots("answered-track")
    ask(page, "请求复查", "处理意见未查清事实")
    case.refresh_from_db()
    assert case.state == "review" and case.petition.review_body == world.district
    # 2. The district government reviews on the workspace case page.
    sign_in(page, "district_handler")
    act(page, case, "decide_review", {"result": "upheld", "text": "维持原处理意见",
                                      "served_on": today.isoformat()})
    assert Case.objects.get(pk=case.pk).state == "reviewed"
    shots("reviewed-case")
    # 3. The petitioner asks for a re-review (第三十六条); the city government decides: final.
    track(page, case.receipt_code)
    ask(page, "请求复核", "不服复查意见")
    assert Case.objects.get(pk=case.pk).state == "rereview"
    sign_in(page, "city_handler")
    act(page, case, "decide_rereview", {"result": "upheld", "text": "维持复查意见",
                                        "served_on": today.isoformat()})
    case.refresh_from_db()
    assert (case.state, case.petition.final) == ("final", True)
    track(page, case.receipt_code)
    assert "复核意见为终结意见" in page.content()
    shots("final-track")
