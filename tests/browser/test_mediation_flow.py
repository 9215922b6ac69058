"""People's mediation in the browser (《人民调解法》, 《民事诉讼法》第二百零五条、第二百零六条): a party
applies online; the committee accepts and assigns a mediator, records the agreement from its
template; both parties apply jointly for judicial confirmation; the court accepts and rules
the agreement valid; the party tracks it with the receipt code (names masked). Every page
shown is checked with axe-core."""

import re

import pytest
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.mediation import services
from fazhi.mediation.tests.factories import AGREEMENT, application, make_world
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def act(page, case, action: str, fields: dict) -> None:
    page.goto(f"/workspace/cases/{case.pk}/")
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details.action", has=form)
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").click()
    for name, value in fields.items():
        field = form.locator(f"[name={name}]").first
        if value is True:
            field.check()
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_application_to_a_judicial_confirmation_ruled_valid(page, shots, city):
    world = make_world(city)
    today = timezone.localdate()
    # 1. The party applies online and keeps the receipt code (第十七条).
    page.goto("/mediation/apply/")
    for name, value in application(world.committee).items():
        if name != "committee_id":
            page.fill(f"[name={name}]", value)
    page.select_option("[name=committee_id]", str(world.committee.pk))
    shots("apply")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/mediation/receipt/"))
    code = page.locator("#receipt-code").inner_text().strip()
    shots("receipt")
    case = Case.objects.get(procedure="mediation")
    # 2. The committee accepts (through the service: not the flow under test) and assigns a
    # mediator on the case page (第十九条).
    services.act(case, "accept", world.handler, {})
    sign_in(page, "street_handler")
    act(page, case, "assign", {"mediator_ids": str(world.mediators[0].pk)})
    case.refresh_from_db()
    assert case.state == "mediating", page.content()[:2000]
    # 3. The agreement from the template, signed and sealed (第二十九条).
    act(page, case, "agree", {k: v for k, v in AGREEMENT.items()} | {"effective_on": today.isoformat()})
    case.refresh_from_db()
    assert case.state == "agreed", page.content()[:2000]
    shots("agreed-case")
    # 4. Both parties apply for judicial confirmation (第三十三条; 民诉法第二百零五条).
    act(page, case, "apply_confirmation", {"court": "厦门市湖里区人民法院", "by_applicant": True,
                                           "by_respondent": True})
    act(page, case, "court_accept", {"court_number": "（2025）闽0203民特1号"})
    # 5. The court rules the agreement valid (民诉法第二百零六条).
    act(page, case, "rule", {"ruling": "valid", "served_on": today.isoformat()})
    case.refresh_from_db()
    assert (case.state, case.mediation.ruling) == ("confirmed", "valid"), page.content()[:2000]
    # 6. The party tracks it: the ruling shown, the names masked.
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("[name=code]", code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    content = page.content()
    assert "确认调解协议有效" in content and "陈某某" not in content and "李某某" not in content
    shots("confirmed-track")
