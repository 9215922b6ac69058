"""The enforcement registry in the browser: the public reads the bodies with their
delegations, searches the catalogue and checks a certificate by number; the legal office
suspends that certificate and the public lookup shows it suspended; the office imports a
catalogue file with an error (nothing written) and then a correct one. Every page is
screenshotted and axe-checked."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from fazhi.powers.models import EnforcementItem
from fazhi.powers.tests import factories as F

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(city, agency, other_agency):
    team = F.team(city)
    F.item("3502SC001", [other_agency])
    F.item("3502HJ008", [other_agency], category="城市管理", name="餐饮服务业经营者未安装油烟净化设施",
           basis="《中华人民共和国大气污染防治法》第一百一十八条第一款")
    F.delegate(team, other_agency, codes=("3502HJ008",))
    officer = F.officer(other_agency, "陈执法", cert_no="闽执SCJGJ20240001",
                        valid_until=timezone.localdate() + timedelta(days=300))
    make_staff(agency, "legal", ["handler"], "法制科")  # 市司法局: the legal office
    return officer


def test_public_registry_and_certificate_suspension(page, shots, registry, tmp_path):
    page.goto("/")
    page.get_by_role("link", name="行政执法公示").first.click()
    page.wait_for_url(re.compile(r"/powers/$"))
    assert page.get_by_text("相对集中行政处罚权").count() >= 1
    shots("bodies")

    page.get_by_role("link", name="权责清单").first.click()
    page.fill("#q", "食品")
    page.click("form[role=search] button[type=submit]")
    assert page.locator("table").get_by_text("3502SC001").count() == 1
    assert page.locator("table").get_by_text("3502HJ008").count() == 0
    shots("catalogue")

    page.get_by_role("link", name="执法证查询").first.click()
    page.fill("#cert", "闽执SCJGJ20240001")
    page.click("form[role=search] button[type=submit]")
    assert page.locator("[role=status]").get_by_text("有效", exact=True).count() == 1
    shots("lookup-valid")

    page.goto("/accounts/login/")
    page.fill("#id_username", "legal")
    page.fill("#id_password", "pw-legal-123456")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/workspace/"))
    page.goto("/workspace/powers/")
    page.get_by_role("link", name="陈执法").click()
    shots("officer")
    page.select_option("#id_kind", "suspend")
    page.fill("#id_effective_from", timezone.localdate().isoformat())
    page.fill("#id_reason", "涉嫌违规执法，调查期间暂扣")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_text("暂扣中").count() >= 1
    shots("officer-suspended")

    bad = tmp_path / "items.csv"
    bad.write_text("事项编码,事项名称,设定依据,执法类别,实施主体,施行日期\n"
                   "X1,未按规定明码标价,价格法,市场监管,XMSJJ,2021-07-15\n", encoding="utf-8")
    page.goto("/workspace/powers/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("form.stack button[type=submit]")
    assert page.locator("[role=alert]").get_by_text("设定依据").count() >= 1
    assert not EnforcementItem.objects.filter(code="X1").exists()
    shots("import-refused")
    bad.write_text(bad.read_text(encoding="utf-8").replace(",价格法,", ",《中华人民共和国价格法》第四十二条,"),
                   encoding="utf-8")
    page.set_input_files("#id_file", str(bad))
    page.click("form.stack button[type=submit]")
    assert page.locator("[role=status]").count() == 1
    shots("import-done")

    page.context.clear_cookies()
    page.goto("/powers/officers/?cert=闽执SCJGJ20240001")
    assert page.locator("[role=status]").get_by_text("暂扣中").count() == 1
    shots("lookup-suspended")
