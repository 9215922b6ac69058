"""A failed reveal voids the draw, which is re-run only with a new commitment and later
sources: random-draws.md §5.2 "Failure rules" (the draw is void and re-run with new
commitments and a later source, and the event is published; no other re-draw path) and
§2.4 (an aborted draw is re-run only with new commitments and a later public source, the
abort recorded publicly); ADR 0003, ADR 0017 — the same rule as lotteries."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_staff
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.inspections import artefacts, commands, notary_steps, plans, team_draw
from fazhi.inspections.models import Plan, Target
from fazhi.inspections.tests import factories as f
from fazhi.law import draws

pytestmark = pytest.mark.django_db
VERIFIER = Path(__file__).resolve().parents[3] / "verifier" / "fazhi_verify_inspection.py"
WRONG = bytes(32)
KL8 = "3 7 11 19 23 31 40 45 52 60 61 66 70 71 72 74 75 77 79 80"


def _committed(planner, notary, data) -> Plan:
    plan = plans.create_plan(planner, data)
    plans.freeze(planner, plan.pk)
    plan.refresh_from_db()
    notary_steps.commit(notary, plan.pk, draws.notary_commitment(plan.draw_id, f.R_N).hex())
    notary_steps.enter_source(planner, plan.pk, "kl8-20250609", KL8, evidence="福彩快乐8开奖公告")
    return Plan.objects.get(pk=plan.pk)


def test_a_reveal_that_does_not_open_c_n_voids_the_draw(client, planner, notary, joint, agency):
    plan = _committed(planner, notary, f.rules(joint["items"], [agency]))
    plan = notary_steps.reveal(notary, plan.pk, WRONG.hex())
    assert plan.state == Plan.VOID and "不符" in plan.void_reason
    attempt = plan.void_attempts[0]
    assert (attempt["draw_id"], attempt["reveal"]) == (plan.draw_id, WRONG.hex())
    assert attempt["sources"] == {"kl8-20250609": KL8}
    assert plan.notary_reveal == ""
    with pytest.raises(NotAllowed):
        team_draw.draw(planner, plan.pk)
    assert not Target.objects.filter(plan=plan).exists()
    reveal = plan.events.get(action="reveal")
    assert json.loads(reveal.payload)["matches"] is False  # the failed reveal is in the chain
    assert commands.verify_chain(plan) == []
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "本次抽取无效" in page and plan.draw_id in page


def test_the_rerun_needs_new_sources_and_a_new_commitment(planner, notary, joint, agency,
                                                          tmp_path):
    plan = _committed(planner, notary, f.rules(joint["items"], [agency]))
    notary_steps.reveal(notary, plan.pk, WRONG.hex())
    with pytest.raises(InvalidData, match="未曾使用"):
        notary_steps.rerun(planner, plan.pk, [{"id": "sse-20250609"}])  # a fallback named before
    frozen = Plan.objects.get(pk=plan.pk)
    plan = notary_steps.rerun(planner, plan.pk, [{"id": "kl8-20250610", "description": "后一期"}])
    assert plan.state == Plan.FROZEN and plan.draw_id.endswith("-A2")
    assert plan.notary_commitment == plan.notary_reveal == "" and plan.source_values == {}
    assert (plan.directory_hash, plan.roster_hash) == (frozen.directory_hash, frozen.roster_hash)
    spec = json.loads(plan.spec_json)
    assert spec["draw_id"] == plan.draw_id and [s["id"] for s in spec["sources"]] == [
        "kl8-20250610"]
    # The old commitment does not open under the new draw id: a new r_N is committed.
    r_n = bytes(range(32))
    notary_steps.commit(notary, plan.pk, draws.notary_commitment(plan.draw_id, r_n).hex())
    notary_steps.enter_source(planner, plan.pk, "kl8-20250610", KL8, evidence="后一期开奖公告")
    notary_steps.reveal(notary, plan.pk, r_n.hex())
    plan = team_draw.draw(planner, plan.pk)
    assert json.loads(plan.result_json)["draw_id"] == plan.draw_id
    team_draw.publish(planner, plan.pk)
    folder = tmp_path / "bundle"
    folder.mkdir()
    for name, data in artefacts.bundle(Plan.objects.get(pk=plan.pk)).items():
        (folder / name).write_bytes(data)
    run = subprocess.run([sys.executable, "-I", str(VERIFIER), "verify-inspection", "--bundle",
                          str(folder)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_only_the_named_office_or_the_planners_declare_a_plan_void(planner, notary, joint,
                                                                   agency, city):
    """Issue 10 item 18 (for lotteries): any notary could void a round that named none."""
    from fazhi.org.models import Agency

    office = Agency.objects.create(code="LJGZ", name="厦门市鹭江公证处", short_name="鹭江公证处",
                                   region=city, kind="other")
    named = make_staff(office, "ljnotary", ["notary"], "陈公证")
    plan = _committed(planner, notary, f.rules(joint["items"], [agency]))  # names no office
    with pytest.raises(Forbidden):
        notary_steps.void(named, plan.pk, "未按时公开")
    assert notary_steps.void(planner, plan.pk, "监督人未按时公开 r_N").state == Plan.VOID
    plan = _committed(planner, named, f.rules(joint["items"], [agency],
                                               notary_agency_id=office.pk))
    with pytest.raises(Forbidden):
        notary_steps.void(notary, plan.pk, "无权宣布无效")
    with pytest.raises(InvalidData, match="请说明"):
        notary_steps.void(named, plan.pk, "  ")
    assert notary_steps.void(named, plan.pk, "未按时公开").state == Plan.VOID


def test_staff_page_reruns_a_void_plan(client, planner, notary, joint, agency):
    plan = _committed(planner, notary, f.rules(joint["items"], [agency]))
    client.login(username="notary", password="pw-notary-123456")
    response = client.post(f"/inspections/staff/plans/{plan.pk}/act/reveal/",
                           {"reveal": WRONG.hex()}, follow=True)
    assert "r_N 与承诺不符，本次抽取无效" in response.content.decode()
    client.login(username="planner", password="pw-planner-123456")
    page = client.get(f"/inspections/staff/plans/{plan.pk}/").content.decode()
    assert "重新组织抽取" in page and WRONG.hex() in page
    bad = client.post(f"/inspections/staff/plans/{plan.pk}/act/rerun/",
                      {"sources": "kl8-20250609 | 原随机源"})
    assert bad.status_code == 422 and "未曾使用" in bad.content.decode()
    client.post(f"/inspections/staff/plans/{plan.pk}/act/rerun/",
                {"sources": "kl8-20250611 sse-20250611 | 后一期"})
    plan.refresh_from_db()
    assert plan.state == Plan.FROZEN and plan.sources == [
        {"id": "kl8-20250611", "fallbacks": ["sse-20250611"], "description": "后一期"}]


def problems_of(owner) -> set[tuple]:
    """(code, kind, owner_id, seq) of what `fazhi verify-ledger` reports about `owner`."""
    from fazhi.core.ledger import verify

    return {(p.code, p.kind, p.owner_id, p.seq) for p in verify().problems
            if (p.kind, p.owner_id) == (owner.history_kind, owner.pk)}


def test_the_void_draw_and_its_rerun_are_the_plans_recorded_state(planner, notary, joint,
                                                                   agency):
    """random-draws.md §5.2, §2.4: the void and the re-run are recorded publicly (ADR 0017).
    The attempt decides the draw id, so which commitment must open: the state each event
    records holds it, and an attempt edited behind the services' back is caught (ADR 0018)."""
    plan = _committed(planner, notary, f.rules(joint["items"], [agency]))
    plan = notary_steps.reveal(notary, plan.pk, WRONG.hex())
    assert json.loads(plan.events.order_by("-seq").first().state)["state"] == Plan.VOID
    plan = notary_steps.rerun(planner, plan.pk, [{"id": "kl8-20250610"}])
    assert json.loads(plan.events.order_by("-seq").first().state)["attempt"] == 2
    assert problems_of(plan) == set() and commands.verify_chain(plan) == []
    Plan.objects.filter(pk=plan.pk).update(attempt=1)
    assert commands.verify_chain(Plan.objects.get(pk=plan.pk))
    assert problems_of(plan) == {("state", "plan", plan.pk, plan.event_count)}
