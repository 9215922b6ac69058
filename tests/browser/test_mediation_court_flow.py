"""The court's clerk in the browser (ADR 0048; 《人民调解法》第三十三条, 《民事诉讼法》第二百零五条、
第二百零六条, 法释〔2011〕5号第四条、第五条, 解释第三百五十六条): a petition is referred to mediation
(访调对接) and registered by the committee on its staff page; the agreement is reached and closes
the petition as settled (《信访工作条例》第三十三条); both parties apply jointly to 思明区人民法院,
which is on the platform; its clerk signs in, finds the application in the inbox, accepts it,
records the examination and rules the agreement valid. Every page shown is checked with
axe-core."""

import re

import pytest
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.mediation import services
from fazhi.mediation.tests.factories import AGREEMENT, PLATFORM_COURT, application, make_world
from fazhi.petitions import services as petitions
from fazhi.petitions.tests.factories import intake
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def act(page, case, action: str, fields: dict, shots=None, label: str = "") -> None:
    """Take `action` with `fields` on the workspace case page (its form opened first)."""
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
    if shots is not None:
        shots(label or action)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_referred_petition_mediated_and_confirmed_by_the_court_clerk(page, shots, city):
    world = make_world(city)
    today = timezone.localdate().isoformat()
    # 1. An accepted petition the 信访 office refers to the committee (访调对接).
    petition = petitions.receive(world.street, world.handler, intake())
    petition = petitions.act(petition, "accept", world.handler, {"route": "petition"})
    # 2. The committee registers the referral on its staff page (core.web.staff_intake).
    sign_in(page, "street_handler")
    page.goto("/workspace/mediation/new/")
    page.select_option("[name=committee_id]", str(world.committee.pk))
    page.select_option("[name=source]", "referral")
    page.select_option("[name=referrer_kind]", "petition")
    page.fill("[name=referrer_body]", "鹭江街道信访办")
    page.fill("[name=referrer_number]", petition.number)
    for name, value in application(world.committee).items():
        if name != "committee_id":
            page.fill(f"[name={name}]", value)
    shots("register-referral")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/workspace/cases/\d+/$"))
    case = Case.objects.get(procedure="mediation")
    assert case.mediation.referrer_number == petition.number
    # 3. Accepted and a mediator assigned (through the service: not the flow under test),
    # then the agreement recorded on the case page (第二十九条).
    services.act(case, "accept", world.handler, {})
    services.act(case, "assign", world.handler, {"mediator_ids": [world.mediators[0].pk]})
    act(page, case, "agree", dict(AGREEMENT) | {"effective_on": today}, shots, "agreement")
    case.refresh_from_db()
    assert case.state == "agreed", page.content()[:2000]
    petition.refresh_from_db()
    assert (petition.state, petition.outcome) == ("closed", "settled")  # 《信访工作条例》第三十三条
    # 4. Both parties apply jointly to the court on the platform (第三十三条; 民诉法第二百零五条).
    act(page, case, "apply_confirmation", {"court": PLATFORM_COURT, "by_applicant": True,
                                           "by_respondent": True}, shots, "joint-application")
    case.refresh_from_db()
    assert case.state == "filed" and case.mediation.court_agency == world.court
    shots("filed-case")
    # 5. The clerk signs in: the application is in the court's inbox.
    sign_in(page, "court_clerk")
    assert case.number in page.content()
    shots("clerk-inbox")
    # 6. Accepted within the 3 days (法释〔2011〕5号第四条), examined with both parties
    # (解释第三百五十六条), ruled valid (民诉法第二百零六条).
    act(page, case, "accept_confirmation", {"court_number": "（2026）闽0203民特8号"}, shots,
        "accept")
    case.refresh_from_db()
    assert case.state == "examining", page.content()[:2000]
    act(page, case, "examine", {"held_on": today, "applicant_present": True,
                                "respondent_present": True,
                                "record": "双方当事人到庭，确认协议系自愿达成"}, shots, "examine")
    act(page, case, "issue_ruling", {"ruling": "valid", "served_on": today}, shots, "ruling")
    case.refresh_from_db()
    assert (case.state, case.mediation.ruling) == ("confirmed", "valid"), page.content()[:2000]
    shots("confirmed-case")
    # 7. The court sees the case it took part in, and no other; the petition stays settled.
    assert page.goto(f"/workspace/cases/{petition.pk}/").status == 404
    petition.refresh_from_db()
    assert (petition.state, petition.outcome) == ("closed", "settled")
