"""An on-the-spot penalty (简易程序): the agency allocates a range of numbered decision forms
to an officer and voids a spoiled one; the officer decides on the spot (a fine over the
¥200 threshold refused first, 《行政处罚法》第五十一条), hands over the form, collects ¥50 with
a receipt number (第六十八条) and files it; the party reads its decision with the receipt code.
Every page visited is checked with axe-core."""

import pytest
from django.utils import timezone

from conftest import make_staff
from fazhi.cases.models import Case
from fazhi.enforcement.tests.conftest import officer
from fazhi.org.models import Agency
from tests.browser.signin import sign_in
from tests.browser.test_enforcement_flow import action_form

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_penalises_on_the_spot_and_the_party_reads_the_decision(page, shots, city):
    market = Agency.objects.create(code="XMSCJ", name="厦门市市场监督管理局",
                                   short_name="市市场监管局", region=city)
    chen = officer(market, "E001", "陈执法")
    make_staff(market, "m_handler", ["handler"], "王承办")
    make_staff(market, "m_head", ["head"], "李局长")

    # 1. The head allocates forms XM001–XM100 to the officer and voids a spoiled one.
    sign_in(page, "m_head")
    page.goto("/workspace/enforcement/forms/")
    page.select_option("#range-officer", str(chen.pk))
    page.fill("#range-prefix", "XM")
    page.fill("#range-start", "1")
    page.fill("#range-end", "100")
    page.click("form:has(input[value=allocate]) button[type=submit]")
    page.wait_for_load_state()
    page.select_option("#void-form_range", index=1)
    page.fill("#void-number", "1")
    page.fill("#void-reason", "填写错误，污损作废")
    page.click("form:has(input[value=void]) button[type=submit]")
    page.wait_for_load_state()
    assert "XM001" in page.content(), page.inner_text("main")[:1500]
    shots("simple-forms")

    # 2. The officer decides on the spot: over the threshold refused, then ¥50.
    sign_in(page, "m_handler")
    page.goto("/workspace/enforcement/on-the-spot/")
    page.select_option("#spot-officer_id", str(chen.pk))
    page.check("#spot-credentials_shown")
    page.check("#spot-facts_certain")
    page.select_option("#spot-party_type", "natural")
    page.fill("#spot-party_name", "张三")
    page.fill("#spot-party_id", "350203198001011234")
    page.fill("#spot-violation_code", "SC009")
    page.fill("#spot-violation", "经营者不按规定明码标价")
    page.fill("#spot-legal_basis", "《价格法》第四十二条")
    page.fill("#spot-category", "市场监管")
    page.fill("#spot-occurred_at", f"{timezone.localdate().isoformat()} 09:30")
    page.fill("#spot-place", "思明区中山路1号")
    page.select_option("#spot-kind", "fine")
    page.fill("#spot-fine", "500")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "第五十一条" in page.content()
    shots("simple-refused")
    page.fill("#spot-fine", "50")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/workspace/cases/*/")
    case = Case.objects.get(procedure="simple_penalty")
    assert case.simple_penalty.form_no == "XM002"

    # 3. Hand over the form, collect the cash with a receipt, file with the agency.
    form = action_form(page, "deliver")
    form.locator("[name=party_signed]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    form = action_form(page, "collect")
    form.locator("[name=reason]").select_option("small")
    form.locator("[name=amount]").fill("50")
    form.locator("[name=receipt_no]").fill("FS-350200-0001")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    action_form(page, "file").locator("button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "filed" and case.simple_penalty.receipt_no == "FS-350200-0001"
    shots("simple-case-filed")
    page.context.clear_cookies()

    # 4. The party reads its decision with the receipt code.
    page.goto("/track/")
    page.fill("[name=code]", case.receipt_code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "XM002" in page.content() and "FS-350200-0001" in page.content()
    shots("simple-party")
