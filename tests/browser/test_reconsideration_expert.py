"""A reconsideration committee expert does their part in the browser (《行政复议法》第五十二条,
ADR 0049), on the demo city: the demo expert signs in with the printed login, sees the case
they were drawn for (applicant masked), submits a signed individual opinion; the office
sees it in the case history and its committee opinion lists it. Every page is checked with
axe-core."""

import json
import re

import pytest

from fazhi.core.models import Event
from fazhi.reconsideration import experts
from fazhi.reconsideration.demo import EXPERT_LOGIN
from fazhi.reconsideration.models import Expert
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo12345"


def test_an_expert_signs_in_and_submits_a_signed_opinion_the_office_sees_it_art52(
        page, shots, demo_city):
    expert = Expert.objects.get(user__username=EXPERT_LOGIN)
    r = next(r for r in experts.drawn_for(expert)
             if r.case.state == "reviewing" and not r.committee_opinion)
    case = r.case
    # 1. The expert signs in on the sign-in page and lands on their cases.
    sign_in(page, EXPERT_LOGIN, then="/experts/", password=PASSWORD)
    assert case.number in page.locator("main").inner_text()
    shots("expert-cases")
    page.click(f"#expert-case-{case.pk} a")
    page.wait_for_url(re.compile(rf"/experts/{case.pk}/$"))
    facts = page.locator("#expert-facts").inner_text()
    assert r.reasons in facts and r.applicant_name not in page.content()
    shots("expert-case")
    # 2. The signed individual opinion: unsigned first (refused at the field), then signed.
    page.fill("#id_opinion", "原行政行为认定事实不清，建议撤销并责令重新作出")
    page.click("#expert-opinion button[type=submit]")
    page.wait_for_load_state()
    assert not experts.opinions(case)
    page.check("#id_signed")
    page.click("#expert-opinion button[type=submit]")
    page.wait_for_url(re.compile(rf"/experts/{case.pk}/$"))
    assert page.locator("#expert-submitted").is_visible()
    shots("expert-submitted")
    event = Event.objects.get(kind="case", owner_id=case.pk, action=experts.OPINION)
    assert json.loads(event.payload)["expert"] == expert.code
    # 3. The office sees the expert's opinion in the case history.
    sign_in(page, "sfj_handler", then=f"/workspace/cases/{case.pk}/", password=PASSWORD)
    text = page.locator("main").inner_text()
    assert "建议撤销并责令重新作出" in text and expert.code in text
    shots("office-sees-opinion")
