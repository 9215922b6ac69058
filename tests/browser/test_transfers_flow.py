"""两法衔接 end to end: a team of the market regulator reports a suspected crime (the facts
reach a threshold), the head approves, the officer transfers the package, the police
liaison opens a criminal case, the procuratorate's supervision view and the public
statistics show it. Every page is screenshotted and axe-checked."""

import re
from datetime import date
from decimal import Decimal

import pytest

from conftest import make_staff
from fazhi.cases.models import Case
from fazhi.org.models import Agency
from fazhi.transfers.models import Threshold, ThresholdSet
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PACKAGE = {"name": "涉嫌犯罪案件移送书.pdf", "mimeType": "application/pdf",
           "buffer": b"%PDF-1.4 transfer letter and investigation report"}


@pytest.fixture
def transfer_world(city):
    market = Agency.objects.create(code="XMSCJGJ", name="厦门市市场监督管理局", short_name="市市场监管局",
                                   region=city)
    police = Agency.objects.create(code="XMGAJ", name="厦门市公安局", short_name="市公安局", region=city)
    procuratorate = Agency.objects.create(code="XMSJCY", name="厦门市人民检察院", short_name="市检察院",
                                          region=city, kind="other")
    rules = ThresholdSet.objects.create(version="2022-1", source="立案追诉标准（一）",
                                        effective_from=date(2022, 5, 15))
    Threshold.objects.create(set=rules, violation_code="SC-FAKE-01", violation_name="销售伪劣产品",
                             crime="生产、销售伪劣产品罪", criminal_article="第一百四十条",
                             metric="amount_involved", minimum=Decimal("50000"),
                             basis="立案追诉标准（一）第十六条")
    make_staff(market, "scj_officer", ["handler"], "陈执法")
    make_staff(market, "scj_chief", ["head"], "林局长")
    make_staff(police, "gaj_liaison", ["police_liaison"], "黄联络")
    make_staff(procuratorate, "jcy_procurator", ["procurator"], "吴检察")


def test_agency_transfers_and_police_open_a_case(page, shots, transfer_world):
    sign_in(page, "scj_officer")
    page.goto("/workspace/transfers/")
    shots("list-empty")
    page.click("text=报告涉嫌犯罪案件移送")
    page.fill("[name=report]", "经专案组核实，当事人销售伪劣白酒，销售金额八万元，涉嫌犯罪。")
    page.fill("[name=officers]", "陈执法\n李执法")
    page.fill("[name=source_reference]", "厦市监处〔2026〕12号")
    page.fill("[name=violation_code]", "SC-FAKE-01")
    page.fill("[name=amount_involved]", "80000")
    shots("report-filled")
    page.click("button:has-text('报请负责人审批')")
    page.wait_for_url(re.compile(r"/workspace/cases/\d+/"))
    assert page.locator("text=生产、销售伪劣产品罪").first.is_visible()
    shots("reported")
    case = Case.objects.get(procedure="transfer")

    sign_in(page, "scj_chief")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = page.locator("form[action$='/act/approve/']")
    form.locator("[name=opinion]").fill("同意移送")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    shots("approved")

    sign_in(page, "scj_officer")
    page.goto(f"/workspace/cases/{case.pk}/")
    form = page.locator("form[action$='/act/send/']")
    form.locator("[name=letter_number]").fill("厦市监移〔2026〕1号")
    form.locator("[name=items]").fill("伪劣白酒120瓶")
    form.locator("[name=file]").set_input_files(files=[PACKAGE])
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "transferred"
    shots("transferred")

    sign_in(page, "gaj_liaison")
    page.goto("/workspace/transfers/")
    page.click(f"text={case.number}")
    shots("police-case")
    form = page.locator("form[action$='/act/police_file/']")
    form.locator("[name=criminal_case_number]").fill("厦公刑立〔2026〕8号")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "filed"
    shots("police-opened")

    sign_in(page, "jcy_procurator")
    page.goto("/workspace/transfers/supervision/")
    assert page.locator(f"text={case.number}").first.is_visible()
    shots("supervision")

    page.context.clear_cookies()
    page.goto("/transfers/")
    assert case.number not in page.content()
    shots("public-statistics")
