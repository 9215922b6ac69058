"""One view per citizen in the browser (B8, ADR 0045), on the demo city: the demo citizen
signs in with the printed login, sees matters of several procedures with their deadlines,
opens one (its party page, without the receipt code), rates a closed one; a supervisor
looks the same person up by ID number in the workspace (masked, audited). Every page is
checked with axe-core."""

import json
import re

import pytest

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case
from fazhi.cases.parties import PARTY_FIELDS
from fazhi.citizens.demo import PERSON_LOGIN, opening_data
from fazhi.citizens.models import Citizen, PersonLookup, Rating
from tests.browser import signin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo12345"


def test_a_citizen_sees_opens_and_rates_matters_and_staff_look_them_up(page, shots, demo_city):
    me = Citizen.objects.get(user__username=PERSON_LOGIN)
    mine = Case.objects.filter(party_key=me.party_key)
    assert mine.values("procedure").distinct().count() >= 4
    # 1. From the home page to the sign-in, then the matters.
    page.goto("/")
    page.locator("main a[href='/citizen/']").first.click()
    page.wait_for_url(re.compile(r"/citizen/$"))
    shots("signin")
    page.fill("#id_username", PERSON_LOGIN)
    page.fill("#id_password", PASSWORD)
    page.click("#citizen-signin button[type=submit]")
    page.wait_for_url(re.compile(r"/citizen/$"))
    text = page.locator("main").inner_text()
    for case in mine:
        assert case.number in text
    assert page.locator(".matter-deadline").count() >= 1
    assert me.display_name not in text
    shots("matters")
    # 2. Open an open matter: its party page, no receipt code asked or shown.
    case = mine.filter(is_open=True).order_by("id").first()
    page.locator(f"#matter-{case.pk} form[action='/citizen/open/'] button").click()
    page.wait_for_url(re.compile(r"/track/$"))
    assert case.number in page.locator("main").inner_text()
    assert case.receipt_code not in page.content()
    shots("party-page")
    # 3. Rate a closed matter.
    page.goto("/citizen/")
    closed = mine.filter(is_open=False).exclude(procedure="petition").order_by("id").first()
    form = page.locator(f"#matter-{closed.pk} form.rating")
    form.locator("input[value=satisfied]").check()
    form.locator("input[name=comment]").fill("办理及时")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/citizen/$"))
    assert Rating.objects.get(case=closed).score == "satisfied"
    assert page.locator(f"#matter-{closed.pk} .matter-rating").inner_text().strip() in ("满意", "Satisfied")
    shots("rated")
    # 4. A supervisor looks the person up by ID number (posted, never in the URL).
    proc = registry.get(case.procedure, case.procedure_version)
    data = opening_data(case, proc, json.loads(case.events.order_by("seq").first().payload))
    number = next(data[f] for f in PARTY_FIELDS if data.get(f))
    signin.sign_in(page, "supervisor", then="/workspace/person/", password=PASSWORD)
    shots("person-form")
    page.fill("#id_identifier", number)
    page.fill("#id_reason", "督察核查")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert number not in page.url and number not in page.content()
    table = page.locator("#person-cases").inner_text()
    assert all(c.number in table for c in mine)
    assert PersonLookup.objects.get().party_key == me.party_key
    shots("person-found")
