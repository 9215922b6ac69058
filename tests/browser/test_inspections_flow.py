"""双随机、一公开 end to end: a joint plan of two agencies is created, frozen (commitments
public), the notary commits, a wrong reveal voids the draw and it is re-run, the notary
commits and reveals, the draw forms teams, a conflict found later is
recused with a deterministic replacement, a team member enters and publishes the result,
and the public finds it by name and by USCC. Every page is screenshotted and axe-checked."""

import hashlib
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from fazhi.inspections import commands, recusals, team_draw
from fazhi.inspections.models import Plan, PublicResult, Recusal, Target, TeamMember
from fazhi.inspections.tests import factories as f
from fazhi.law import draws, uscc
from fazhi.org.models import Agency
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
R_N = hashlib.sha256(b"browser test r_N").digest()
R_FIRST = hashlib.sha256(b"browser test r_N, first attempt").digest()
EVIDENCE = {"name": "现场检查笔录.pdf", "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4 inspection record"}
KL8 = "3 7 11 19 23 31 40 45 52 60 61 66 70 71 72 74 75 77 79 80"


def submit(page, action: str) -> None:
    page.locator(f"form[action$='/act/{action}/'] button[type=submit]").click()
    page.wait_for_load_state()


def expected_replacement(plan: Plan, target: Target, leaving: str, reason: str) -> str | None:
    """The kernel's 递补 rule, computed independently of the page before the click."""
    rules = team_draw.team_rules(plan, extra_conflicts={(leaving, target.uscc)})
    team = tuple(TeamMember.objects.filter(target=target, active=True)
                 .values_list("inspector__code", flat=True))
    load = recusals._current_load(plan)
    seed = bytes.fromhex(json.loads(plan.result_json)["seed"])
    return draws.replace_inspector(seed, target.uscc, team, leaving,
                                   rules.candidates(target.uscc), rules.capacity, load,
                                   rules.eligible)


@pytest.fixture
def directories(city, agency, other_agency):
    """Directories through the ORM/services: entities, certified inspectors, items, staff."""
    siming = f.district(city)
    entities = f.entities(40, siming)
    assert all(uscc.check_character(e.uscc[:17]) == e.uscc[17] for e in entities)
    valid = timezone.localdate() + timedelta(days=365)
    for n in range(1, 4):
        f.inspector(other_agency, f"M{n}", username=f"m{n}", until=valid)
        f.inspector(agency, f"J{n}", username=f"j{n}", until=valid)
    items = [f.item(other_agency, "SJ-1"), f.item(agency, "SF-1")]
    make_staff(other_agency, "planner", ["handler"], "周计划")
    office = Agency.objects.create(code="XMJW", name="驻市市场监管局纪检监察组",
                                   short_name="驻局纪检组", region=city, kind="other")
    make_staff(office, "notary", ["notary"], "吴监督")
    return {"entities": entities, "items": items, "office": office}


def test_joint_plan_runs_end_to_end(page, shots, agency, other_agency, directories):
    today = timezone.localdate()

    # 1. The lead agency's handler creates a joint plan with the justice bureau.
    sign_in(page, "planner")
    page.goto("/inspections/staff/")
    shots("staff-home-empty")
    page.goto("/inspections/staff/new/")
    page.fill("[name=title]", "2026年市场监管与司法行政联合双随机抽查")
    page.check(f"input[name=agencies][value='{agency.pk}']")
    for item in directories["items"]:
        page.check(f"input[name=items][value='{item.pk}']")
    page.fill("[name=plan_date]", today.isoformat())
    page.select_option("[name=notary_agency]", str(directories["office"].pk))
    page.fill("[name=sources]", "kl8-2026300 sse-close-20261127 | 福彩快乐8第2026300期开奖号码")
    shots("plan-new-filled")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/inspections/staff/plans/\d+/$"))
    plan = Plan.objects.get()
    assert plan.state == Plan.DRAFT and plan.lead_agency == other_agency
    assert set(plan.agencies.all()) == {agency, other_agency}
    shots("plan-draft")

    # 2. Freeze: the commitments are published before any randomness exists.
    submit(page, "freeze")
    assert "名录已冻结" in page.content()
    plan.refresh_from_db()
    assert plan.state == Plan.FROZEN and plan.merkle_root and plan.file_hash
    shots("plan-frozen")
    page.goto(f"/inspections/plans/{plan.pk}/")
    body = page.locator("main").inner_text()
    for value in (plan.merkle_root, plan.file_hash, plan.draw_id):
        assert value in body
    assert "（尚未提交）" in body  # c_N not yet there
    shots("public-plan-frozen")

    # 3. The notary commits c_N (made offline), a source value is entered, r_N revealed.
    #    A wrong r_N voids the draw (random-draws.md §5.2 failure rules, ADR 0014): the
    #    planner re-runs it with a later source, the notary commits again with a new r_N.
    sign_in(page, "notary")
    page.goto(f"/inspections/staff/plans/{plan.pk}/")
    shots("notary-plan-frozen")
    c_n = draws.notary_commitment(plan.draw_id, R_FIRST).hex()
    page.fill("#commitment", c_n)
    submit(page, "commit")
    assert "已提交监督人承诺" in page.content() and c_n in page.content()
    shots("notary-committed")
    page.select_option("#source_id", "kl8-2026300")
    page.fill("#value", KL8)
    page.fill("#evidence", "福彩快乐8第2026300期开奖公告")
    submit(page, "enter_source")
    assert "已录入随机源" in page.content()
    page.fill("#reveal", "00" * 32)  # does not open c_N: the draw is void
    submit(page, "reveal")
    assert "r_N 与承诺不符，本次抽取无效" in page.content()
    plan.refresh_from_db()
    assert plan.state == Plan.VOID and plan.void_attempts[0]["reveal"] == "00" * 32
    shots("notary-wrong-reveal-void")
    page.goto(f"/inspections/plans/{plan.pk}/")
    assert "本次抽取无效" in page.locator("main").inner_text()
    shots("public-plan-void")

    sign_in(page, "planner")
    page.goto(f"/inspections/staff/plans/{plan.pk}/")
    page.fill("#rerun-sources", "kl8-2026301 | 福彩快乐8第2026301期开奖号码")
    submit(page, "rerun")
    assert "已重新组织抽取" in page.content()
    plan.refresh_from_db()
    assert plan.state == Plan.FROZEN and plan.draw_id.endswith("-A2")
    shots("plan-rerun")

    sign_in(page, "notary")
    page.goto(f"/inspections/staff/plans/{plan.pk}/")
    page.fill("#commitment", draws.notary_commitment(plan.draw_id, R_N).hex())
    submit(page, "commit")
    page.select_option("#source_id", "kl8-2026301")
    page.fill("#value", KL8)
    page.fill("#evidence", "福彩快乐8第2026301期开奖公告")
    submit(page, "enter_source")
    page.fill("#reveal", R_N.hex())
    submit(page, "reveal")
    assert "r_N 已公开并与承诺相符" in page.content()
    shots("notary-revealed")

    # 4. The lead agency draws: targets per stratum, cross-agency teams of two.
    sign_in(page, "planner")
    page.goto(f"/inspections/staff/plans/{plan.pk}/")
    submit(page, "draw")
    assert "已抽取检查对象并组队" in page.content()
    plan.refresh_from_db()
    assert plan.state == Plan.DRAWN
    targets = list(Target.objects.filter(plan=plan, status=Target.ASSIGNED).order_by("order"))
    assert targets
    for t in targets:
        agencies = set(TeamMember.objects.filter(target=t, active=True)
                       .values_list("inspector__agency_id", flat=True))
        assert agencies == {agency.pk, other_agency.pk}
    rows = page.locator("table").filter(has_text="检查组").locator("tbody tr")
    assert rows.count() == Target.objects.filter(plan=plan).count()
    shots("plan-drawn-teams")

    # 5. A conflict found after the draw: the member leaves, the next eligible replaces.
    target = targets[0]
    member = TeamMember.objects.filter(target=target, active=True).select_related(
        "inspector").order_by("inspector__code").first()
    leaving = member.inspector.code
    reason = "检查员与该企业法定代表人系近亲属（抽取后申报）"
    expected = expected_replacement(plan, target, leaving, reason)
    assert expected is not None
    # Each row's field and button name the inspector (and target) for screen readers.
    page.get_by_label(f"{member.inspector.name}对{target.entity.name}的回避事由",
                      exact=True).fill(reason)
    page.locator("form", has=page.locator(f"#reason-{target.pk}-{member.pk}")).get_by_role(
        "button", name=re.compile(rf"回避并递补\s*：{member.inspector.name}$")).click()
    page.wait_for_load_state()
    assert f"已回避，由 {expected} 递补" in page.content()
    recusal = Recusal.objects.get()
    assert recusal.leaving.code == leaving and recusal.replacement.code == expected
    assert recusal.reason == reason
    event = plan.events.filter(action="recuse").get()
    logged = json.loads(event.payload)
    assert logged["reason"] == reason and logged["replacement"] == expected
    plan.refresh_from_db()
    assert commands.verify_chain(plan) == []  # the recusal sits in the intact hash chain
    shots("plan-recusal")

    # 6. The draw is published; the public sees the seed and the counts.
    submit(page, "publish")
    assert "抽取结果已公布" in page.content()
    shots("plan-published")
    page.goto(f"/inspections/plans/{plan.pk}/")
    plan.refresh_from_db()
    seed = json.loads(plan.result_json)["seed"]
    assert seed in page.content() and R_N.hex() in page.content()
    shots("public-plan-published")
    page.goto(f"/inspections/plans/{plan.pk}/targets/")
    assert "回避递补 1 次" in page.content()
    shots("public-targets")
    page.goto(f"/inspections/plans/{plan.pk}/verify/")
    shots("public-verify")

    # 7. The replacement (a team member) enters the result with evidence and publishes it.
    replacement = TeamMember.objects.get(target=target, inspector__code=expected)
    sign_in(page, replacement.inspector.staff.user.username)
    page.goto("/inspections/staff/")
    shots("inspector-home")
    page.locator(f"a[href$='/staff/targets/{target.pk}/result/']").click()
    page.wait_for_url(re.compile(rf"/staff/targets/{target.pk}/result/$"))
    for item in directories["items"]:
        page.check(f"input[name=items_checked][value='{item.pk}']")
    page.fill("[name=findings]", "企业未按规定公示2025年度报告，已当场责令限期整改。")
    page.select_option("[name=result]", "rectify")
    page.fill("[name=completed_on]", today.isoformat())
    page.set_input_files("[name=evidence]", files=[EVIDENCE])
    shots("result-filled")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert "检查结果已录入" in page.content() and "现场检查笔录.pdf" in page.content()
    shots("result-entered")
    page.locator("form[action*='/publish/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "已在门户公示" in page.content()
    shots("result-published")
    assert PublicResult.objects.filter(uscc=target.uscc, late=False).count() == 1

    # 8. The public finds it by a name prefix and by USCC (lower case, spaces are fine).
    page.context.clear_cookies()
    entity = target.entity
    page.goto("/inspections/results/")
    shots("public-results-empty")
    page.fill("#q", entity.name[:-2])
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    table = page.locator("main table")
    assert entity.name in table.inner_text() and "发现问题已责令整改" in table.inner_text()
    shots("public-results-by-name")
    page.fill("#q", f" {target.uscc.lower()} ")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and target.uscc in rows.first.inner_text()
    shots("public-results-by-uscc")
