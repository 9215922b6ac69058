"""Discretion benchmarks end to end: the agency's legal reviewer imports an XLSX whose tiers
overlap (refused, the row named, nothing written), imports the corrected file, publishes
it and tries a case against it (a fine above the tier flagged); the public finds it by keyword, reads its tiers and the no-penalty lists; a visitor
finds it through the site search. Every page is screenshotted and axe-checked."""

import re

import pytest

from conftest import make_staff
from fazhi.discretion.models import Benchmark
from fazhi.discretion.tests.factories import published_list
from fazhi.discretion.tests.test_import import GOOD, xlsx
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_publish_and_read_benchmarks(page, shots, tmp_path, other_agency) -> None:
    make_staff(other_agency, "lawyer", ["reviewer"], "孙法审")
    published_list(other_agency)
    sign_in(page, "lawyer")
    page.goto("/workspace/discretion/")
    shots("staff-empty")

    bad = [r[:] for r in GOOD]
    bad[3][5] = 8000
    page.fill("#id_version", "2024年版")
    page.fill("#id_effective_from", "2024-01-01")
    (tmp_path / "bad").mkdir()
    page.set_input_files("#id_file", str(xlsx(tmp_path / "bad", bad)))
    page.locator("form[action$='/workspace/discretion/import/'] button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.locator("[role=alert]").first
    assert "档次重叠" in alert.inner_text() and "第 5 行" in alert.inner_text()
    assert not Benchmark.objects.exists()
    shots("import-refused")

    (tmp_path / "good").mkdir()
    page.fill("#id_version", "2024年版")
    page.fill("#id_effective_from", "2024-01-01")
    page.set_input_files("#id_file", str(xlsx(tmp_path / "good", GOOD)))
    page.locator("form[action$='/workspace/discretion/import/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/workspace/discretion/$"))
    assert "已导入2项裁量基准" in page.inner_text(".messages")
    page.get_by_role("button", name="公布 SP-1（2024年版）").click()
    page.wait_for_url(re.compile(r"/workspace/discretion/$"))
    assert Benchmark.objects.get(violation_code="SP-1").status == "published"
    shots("published")

    page.get_by_role("link", name="裁量基准试算").click()
    page.select_option("#id_violation_code", label="SP-1 未查验进货")
    page.fill("#id_on", "2024-06-01")
    page.fill("#id_amount_involved", "20000")
    page.fill("#id_illegal_income", "3000")
    page.fill("#id_proposed_fine", "40000")
    page.get_by_role("button", name="试算").click()
    result = page.inner_text("section[role=status]")
    assert "从重" in result and "高于“从重”档上限30000元" in result
    shots("assess")

    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="行政处罚裁量基准").first.click()
    page.fill("#q", "查验")
    page.get_by_role("button", name="检索").click()
    page.get_by_role("link", name="未查验进货").click()
    body = page.inner_text("main")
    assert "涉案金额10000元以上" in body and "违法所得5倍至10倍罚款" in body
    shots("public-detail")

    page.goto("/discretion/exemptions/")
    assert "首违不罚清单" in page.inner_text("main")
    shots("public-lists")

    page.goto("/search/?q=查验")
    assert "未查验进货" in page.inner_text("main")
    shots("site-search")
