"""Credit classes from records drive the next plan's strata; repair periods; portal lookup."""

from datetime import date

import pytest

from fazhi.core.errors import NotAllowed
from fazhi.inspections import inspection_results, plans, team_draw
from fazhi.inspections.models import Target, TeamMember
from fazhi.inspections.tests import factories as f
from fazhi.org.actors import Actor
from fazhi.subjects import credit
from fazhi.subjects.models import CreditRecord, MarketEntity

pytestmark = pytest.mark.django_db


def _stratum_in(plan, code: str) -> str:
    line = next(x for x in plan.directory_file.splitlines() if x.startswith(code + ","))
    return line.split(",")[1]


def test_credit_record_moves_entity_into_riskier_stratum_of_next_plan(planner, notary, joint,
                                                                      agency, other_agency):
    entity = MarketEntity.objects.filter(base_class="A").first()
    first = plans.freeze(planner, plans.create_plan(
        planner, f.rules(joint["items"], [agency])).pk)
    assert _stratum_in(first, entity.uscc) == "A"
    credit.record_penalty_decision(entity, agency=other_agency, decision_no="厦市监罚〔2025〕1号",
                                   decided_on=date.today(), severity="general",
                                   summary="虚假宣传", legal_basis="《反不正当竞争法》第二十条")
    entity.refresh_from_db()
    assert entity.credit_class == "C" and entity.base_class == "A"
    second = plans.freeze(planner, plans.create_plan(
        planner, f.rules(joint["items"], [agency])).pk)
    assert _stratum_in(second, entity.uscc) == "C"


def test_serious_list_entry_raises_to_d_and_blocks_repair(other_agency, siming, planner):
    entity = f.entities(1, siming, classes="A")[0]
    record = credit.record_penalty_decision(entity, agency=other_agency, decision_no="X-1",
                                            decided_on=date(2026, 1, 5), severity="minor",
                                            summary="未按期年报", legal_basis="《企业信息公示暂行条例》",
                                            today=date(2026, 1, 5))
    entry = credit.list_serious(entity, other_agency, listed_on=date(2026, 1, 6),
                                legal_basis="市场监督管理严重违法失信名单管理办法")
    assert entry.term_until == date(2029, 1, 6) and entry.early_removal_from == date(2027, 1, 6)
    assert credit.recompute(entity.pk, date(2026, 2, 1)) == "D"
    with pytest.raises(NotAllowed, match="严重失信主体名单期间"):
        credit.repair(planner, record.pk, applied_on=date(2026, 2, 1),
                      decided_on=date(2026, 2, 1), approved=True, reason="已改正")
    with pytest.raises(NotAllowed, match="满 12 个月后"):
        credit.remove_serious(entry, on=date(2026, 6, 1), reason="已整改")


def test_repair_waits_for_the_minimum_period_then_class_falls_back(other_agency, siming,
                                                                   planner):
    entity = f.entities(1, siming, classes="A")[0]
    record = credit.record_penalty_decision(entity, agency=other_agency, decision_no="X-2",
                                            decided_on=date(2026, 1, 5), severity="general",
                                            summary="虚假宣传", legal_basis="《广告法》",
                                            today=date(2026, 1, 5))
    assert record.min_publish_until == date(2026, 4, 5)
    assert record.max_publish_until == date(2027, 1, 5)
    with pytest.raises(NotAllowed, match="最短公示期未满"):
        credit.repair(planner, record.pk, applied_on=date(2026, 3, 1),
                      decided_on=date(2026, 3, 2), approved=True, reason="已改正")
    credit.repair(planner, record.pk, applied_on=date(2026, 4, 6), decided_on=date(2026, 4, 8),
                  approved=True, reason="已改正并消除影响")
    record.refresh_from_db()
    entity.refresh_from_db()
    assert record.status == CreditRecord.REPAIRED and entity.credit_class == "A"


def test_portal_lookup_by_name_prefix_and_uscc_escapes_output(client, planner, notary, joint,
                                                              agency):
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    team_draw.publish(planner, plan.pk)
    target = Target.objects.filter(plan=plan, status=Target.ASSIGNED).first()
    MarketEntity.objects.filter(pk=target.entity_id).update(name="<b>厦门鹭江</b>贸易公司")
    member = TeamMember.objects.filter(target=target, active=True).first()
    actor = Actor.for_user(member.inspector.staff.user)
    record = inspection_results.enter_result(actor, target.pk, {
        "items_checked": list(plan.items.values_list("pk", flat=True)),
        "findings": "未发现问题", "result": "no_problem", "completed_on": "2026-11-20"},
        today=date(2026, 11, 23))
    inspection_results.publish_result(actor, record.pk, today=date(2026, 11, 24))
    by_name = client.get("/inspections/results/", {"q": "<b>厦门"})
    body = by_name.content.decode()
    assert by_name.status_code == 200
    assert "&lt;b&gt;厦门鹭江&lt;/b&gt;贸易公司" in body and "<b>厦门鹭江" not in body
    assert "未发现问题" in body
    by_code = client.get("/inspections/results/", {"q": target.uscc.lower()})
    assert target.uscc in by_code.content.decode()
    assert "没有找到" in client.get("/inspections/results/", {"q": "不存在的公司"}).content.decode()
    for url in (f"/inspections/plans/{plan.pk}/", f"/inspections/plans/{plan.pk}/targets/",
                f"/inspections/plans/{plan.pk}/verify/", "/inspections/"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/inspections/plans/{plan.pk}/artefacts/result.json").status_code == 200


def test_draft_plans_are_not_public(client, planner, joint, agency):
    plan = plans.create_plan(planner, f.rules(joint["items"], [agency]))
    assert client.get(f"/inspections/plans/{plan.pk}/").status_code == 404


def test_staff_pages_and_ratio_above_100_in_the_form(client, planner, notary, joint, agency):
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    client.login(username="planner", password="pw-planner-123456")
    assert client.get("/inspections/staff/").status_code == 200
    page = client.get(f"/inspections/staff/plans/{plan.pk}/")
    assert page.status_code == 200 and "抽中对象与检查组" in page.content.decode()
    assert client.get(f"/inspections/staff/plans/{plan.pk}/internal/roster.csv").status_code == 200
    form = {"title": "超比例计划", "items": [i.pk for i in joint["items"]],
            "agencies": [agency.pk], "plan_date": "2026-12-01", "rounding": "ceil",
            "team_size": 2, "sources": "kl8-1", "ratio_A": "3", "ratio_B": "10",
            "ratio_C": "30", "ratio_D": "120", "min_A": 0, "min_B": 0, "min_C": 0, "min_D": 0}
    response = client.post("/inspections/staff/new/", form)
    assert response.status_code == 422
    assert "不得超过 100%" in response.content.decode()
