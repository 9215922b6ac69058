"""Litigation response (行政应诉, 《行政诉讼法》) in the browser: the handler registers the
court's papers → files the defence and evidence (第六十七条) → records a hearing with the
head present (第三条第三款) → registers the judgment → the appeal period runs out and the
judgment takes effect (第八十五条) → records its performance (第九十四条) → closes the case.
Every page shown is checked with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from fazhi.cases.models import Case
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def act(page, case, action: str, fields: dict, shots=None, label: str = "") -> None:
    page.goto(f"/workspace/cases/{case.pk}/")
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details.action", has=form)
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").click()
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if value is True:
            field.check()
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    if shots:
        shots(label)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_papers_defence_hearing_with_the_head_judgment_performance_closed(page, shots, agency):
    make_staff(agency, "ys_handler", ["handler"], "陈应诉")
    today = timezone.localdate()
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731
    sign_in(page, "ys_handler")
    # 1. The papers the court served: the defence clock starts on their receipt.
    page.goto("/workspace/litigation/new/")
    for name, value in {"court": "厦门市思明区人民法院", "court_case_no": "（2026）闽0203行初9号",
                        "plaintiff": "张某", "claims": "请求撤销不予公开答复",
                        "act": "政府信息公开申请答复", "served_on": day(90)}.items():
        page.fill(f"[name={name}]", value)
    shots("papers")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/workspace/cases/\d+/"))
    case = Case.objects.get(procedure="litigation")
    assert case.state == "registered"
    # 2. Defence and evidence within 15 days (第六十七条), evidence from before the suit (第三十五条).
    act(page, case, "defend", {"filed_on": day(80), "evidence": "申请登记表\n答复书\n送达回证",
                               "basis": "《政府信息公开条例》第三十六条",
                               "latest_collected_on": day(200)}, shots, "defence")
    assert Case.objects.get(pk=case.pk).state == "defended", page.content()[:2000]
    # 3. The hearing, the head present (第三条第三款).
    act(page, case, "hear", {"held_on": day(60), "head_present": True, "head_name": "王局长"})
    case.refresh_from_db()
    assert case.state == "heard" and case.litigation.head_appeared, page.content()[:2000]
    # 4. The judgment: the court orders the agency to perform (第七十二条).
    act(page, case, "judge", {"kind": "judgment", "outcome": "ordered_perform",
                              "document_no": "（2026）闽0203行初9号", "served_on": day(40)})
    assert Case.objects.get(pk=case.pk).state == "judged", page.content()[:2000]
    # 5. No appeal within 15 days: the judgment takes effect (第八十五条); closing is refused
    #    until it is performed (第九十四条), then allowed.
    act(page, case, "take_effect", {})
    assert Case.objects.get(pk=case.pk).state == "effective", page.content()[:2000]
    assert page.locator("form[action$='/act/close/']").count() == 0  # the guard hides it
    act(page, case, "perform", {"performed_on": day(10), "content": "已依判决重新作出答复"})
    act(page, case, "close", {})
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("closed", "ordered_perform"), page.content()[:2000]
    shots("closed")
