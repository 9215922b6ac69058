"""A new user's first hour on the demo city (issue 12): `fazhi demo` builds the city, then
the visitor and every printed role walk every module — the portal's public pages, the
normative library (the search for 营商环境 answers), lotteries, inspections and the annual
report; then one flow per module with the printed logins: the legality reviewer decides a
document under review, the notary reveals r_N (printed by the demo) and draws, the
organiser publishes, the planner freezes a draft plan, an officer records a result, the
supervisor opens the tasks and the dashboard. Every page is checked with axe-core."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from fazhi.inspections.models import InspectionRecord, Plan, TeamMember
from fazhi.lottery import demo as lottery_demo
from fazhi.lottery import notary_steps
from fazhi.lottery.models import Lottery
from fazhi.normative import models as nm
from fazhi.reporting.models import AnnualReport
from tests.browser import signin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo12345"


def sign_in(page, username: str, then: str) -> None:
    signin.sign_in(page, username, then=then, password=PASSWORD)


def visit(page, shots, path: str, label: str, expect: str = "") -> str:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    text = page.locator("main").inner_text()
    if expect:
        assert expect in text, f"{path} lacks {expect!r}"
    shots(label)
    return text


def act(page, action: str) -> None:
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details", has=form)
    if details.count() and details.first.get_attribute("open") is None:
        details.first.locator("summary").click()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def build_city() -> str:
    out = io.StringIO()
    call_command("demo", cases=40, seed=7, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_new_user_walks_every_module_with_every_role(page, shots):
    printed = build_city()
    for login in ("admin", "supervisor", "yfzsb_head", "sfj_reviewer", "gzc_notary", "jyj_admin"):
        assert login in printed

    # 1. The visitor: home, library search, lotteries, inspections, annual report.
    visit(page, shots, "/", "home")
    found = visit(page, shots, "/library/?q=营商环境", "library-search", "检索“营商环境”")
    assert "没有符合条件的文件" not in found
    visit(page, shots, "/normative/cleanups/", "cleanups")
    visit(page, shots, "/lottery/", "lotteries")
    published = Lottery.objects.filter(state=Lottery.PUBLISHED).first()
    visit(page, shots, f"/lottery/{published.pk}/results/", "lottery-results")
    visit(page, shots, f"/lottery/{published.pk}/verify/", "lottery-verify")
    visit(page, shots, "/inspections/", "inspection-plans")
    visit(page, shots, "/inspections/results/", "inspection-results")
    report = AnnualReport.objects.get(status=AnnualReport.PUBLISHED)
    text = visit(page, shots, f"/reporting/public/{report.pk}/", "annual-report")
    assert "无可计算的记录" not in text

    # 2. The legality reviewer decides a document under review from the inbox.
    doc = nm.NormativeDocument.objects.filter(status=nm.UNDER_REVIEW).first()
    sign_in(page, "sfj_reviewer", f"/workspace/cases/{doc.pk}/")
    shots("reviewer-case")
    form = page.locator("form[action$='/act/decide/']")
    details = page.locator("details", has=form)
    if details.first.get_attribute("open") is None:
        details.first.locator("summary").click()
    for key in ("c1_issuer", "c2_powers", "c3_consistent", "c4_no_new_powers", "c5_rights",
                "c6_own_powers", "c7_procedure"):
        form.locator(f"[name={key}]").select_option("ok")
    form.locator("[name=outcome]").select_option("pass")
    form.locator("[name=opinion]").fill("经审核，该文件制定主体合法，内容符合法律、法规规定，程序合法。")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert nm.NormativeDocument.objects.get(pk=doc.pk).status == nm.REVIEWED
    shots("reviewer-decided")
    visit(page, shots, "/normative/staff/", "reviewer-normative-list")

    # 3. The notary enters the sources, reveals the r_N the demo printed and draws.
    lot = Lottery.objects.get(state=Lottery.COMMITTED)
    r_n = re.search(r"r_N = ([0-9a-f]{64})", printed).group(1)
    assert r_n == lottery_demo.secret(7, lot.title).hex()
    sign_in(page, "gzc_notary", f"/lottery/staff/{lot.pk}/")
    shots("notary-committed")
    ids = notary_steps.source_ids(lot)
    form = page.locator("form[action$='/act/enter_source/']")
    form.locator("[name=source_id]").select_option(ids[0])
    form.locator("[name=value]").fill("3 7 12 18 22 25 31 36 40 44 47 51 55 58 61 66 70 73 77 80")
    form.locator("[name=evidence_url]").fill("https://www.cwl.gov.cn/")
    act(page, "enter_source")
    form.locator("[name=source_id]").select_option(ids[-1])
    form.locator("[name=value]").fill("3361.98")
    form.locator("[name=evidence_text]").fill("上海证券交易所收盘公告")
    act(page, "enter_source")
    page.fill("#reveal", r_n)
    act(page, "reveal")
    assert "r_N 已公开并与承诺相符" in page.content()
    act(page, "draw")
    assert Lottery.objects.get(pk=lot.pk).state == Lottery.DRAWN
    shots("notary-drawn")

    # 4. The organiser publishes it.
    sign_in(page, "jyj_admin", f"/lottery/staff/{lot.pk}/")
    act(page, "publish")
    assert Lottery.objects.get(pk=lot.pk).state == Lottery.PUBLISHED
    shots("organiser-published")

    # 5. The planner freezes the draft plan; an officer records a result of the drawn one.
    draft = Plan.objects.get(state=Plan.DRAFT)
    sign_in(page, "scjgj_handler", f"/inspections/staff/plans/{draft.pk}/")
    shots("planner-draft")
    act(page, "freeze")
    assert Plan.objects.get(pk=draft.pk).state == Plan.FROZEN
    shots("planner-frozen")
    member = (TeamMember.objects.filter(target__plan__state=Plan.DRAWN, active=True,
                                        inspector__staff__isnull=False)
              .exclude(target__record__isnull=False).select_related("target").first())
    username = member.inspector.staff.user.username
    target = member.target
    sign_in(page, username, "/inspections/staff/")
    shots("officer-home")
    page.locator(f"a[href$='/staff/targets/{target.pk}/result/']").first.click()
    page.wait_for_url(re.compile(rf"/staff/targets/{target.pk}/result/$"))
    page.locator("input[name=items_checked]").first.check()
    page.fill("[name=findings]", "经现场检查，经营条件符合要求，未发现问题。")
    page.select_option("[name=result]", "no_problem")
    page.fill("[name=completed_on]", timezone.localdate().isoformat())
    shots("officer-result-filled")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert InspectionRecord.objects.filter(target=target).exists()
    shots("officer-result-entered")

    # 6. The supervisor and the office's head read tasks, dashboard and reports; the
    #    handlers their inboxes; the administrator the admin site.
    sign_in(page, "supervisor", "/reporting/")
    shots("supervisor-home")
    visit(page, shots, "/reporting/tasks/", "supervisor-tasks")
    visit(page, shots, "/reporting/dashboard/", "supervisor-dashboard")
    visit(page, shots, "/reporting/reports/", "supervisor-reports")
    sign_in(page, "yfzsb_head", "/reporting/reports/")
    shots("office-head-reports")
    for login in ("sfj_handler", "zgj_head", "smq_gio_head"):
        sign_in(page, login, "/workspace/")
        shots(f"{login}-inbox")
    sign_in(page, "sfj_handler", "/normative/staff/cleanups/")
    shots("legal-office-cleanups")
    assert User.objects.get(username="admin").is_superuser
    sign_in(page, "admin", "/workspace/")
    shots("admin-inbox")
