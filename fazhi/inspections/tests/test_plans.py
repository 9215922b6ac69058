"""Plans: strata, commitments, joint draw with team rules, recusal, bad input."""

import json

import pytest

from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.inspections import commands, notary_steps, plans, recusals, team_draw
from fazhi.inspections.models import Plan, Recusal, Target, TeamMember
from fazhi.inspections.tests import factories as f
from fazhi.law import draws
from fazhi.subjects.models import Officer

pytestmark = pytest.mark.django_db


def test_joint_plan_draws_teams_across_two_agencies(planner, notary, joint, agency,
                                                    other_agency):
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    assert plan.state == Plan.DRAWN
    counts = plan.counts
    # 40 entities, classes by i % 5 over "AABCD": A 16, B 8, C 8, D 8.
    assert counts == {"A": {"records": 16, "selected": 1}, "B": {"records": 8, "selected": 1},
                      "C": {"records": 8, "selected": 3}, "D": {"records": 8, "selected": 8}}
    targets = list(Target.objects.filter(plan=plan))
    assert len(targets) == 13
    agency_of = dict(Officer.objects.values_list("pk", "agency_id"))
    for t in targets:
        if t.status != Target.ASSIGNED:
            assert t.escalation  # escalated, never dropped
            continue
        team = list(TeamMember.objects.filter(target=t, active=True)
                    .values_list("inspector_id", flat=True))
        assert len(team) == 2
        assert {agency_of[i] for i in team} == {agency.pk, other_agency.pk}


def test_ratio_above_100_percent_is_refused(planner, joint):
    data = f.rules(joint["items"], strata=[{"name": "D", "ratio_bp": 12000}])
    with pytest.raises(InvalidData, match="不得超过 100%"):
        plans.create_plan(planner, data)


def test_plan_without_eligible_inspectors_is_refused(planner, notary, other_agency, siming):
    items = [f.item(other_agency, "SJ-9")]
    f.entities(10, siming)
    f.inspector(other_agency, "X1", until=f.PLAN_DATE.replace(year=2024))  # expired
    plan = plans.create_plan(planner, f.rules(items))
    with pytest.raises(NotAllowed, match="没有符合条件的执法检查人员"):
        plans.freeze(planner, plan.pk)


def test_expired_certificate_is_never_assigned(planner, notary, joint, agency):
    expired = f.inspector(agency, "J9", until=f.PLAN_DATE.replace(day=9), capacity=100)
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    assert "J9" not in plan.roster_file
    assert not TeamMember.objects.filter(inspector=expired).exists()


def test_joint_plan_needs_items_from_every_agency(planner, joint, agency):
    data = f.rules([joint["items"][0]], [agency])
    with pytest.raises(InvalidData, match="没有列入抽查事项"):
        plans.create_plan(planner, data)


def test_only_the_notary_commits(planner, joint, agency):
    plan = plans.create_plan(planner, f.rules(joint["items"], [agency]))
    plans.freeze(planner, plan.pk)
    with pytest.raises(Forbidden):
        notary_steps.commit(planner, plan.pk, "00" * 32)


def test_commitment_published_before_seed(planner, notary, joint, agency):
    plan = plans.create_plan(planner, f.rules(joint["items"], [agency]))
    plan = plans.freeze(planner, plan.pk)
    art = plans.commitment_artefact(plan)
    assert art["file_hash"] and art["merkle_root"] and art["roster_sha256"]
    assert art["conflicts_sha256"] and art["spec_sha256"]
    assert not plan.notary_reveal and not plan.result_json
    assert commands.verify_chain(plan) == []


def test_recusal_replacement_is_deterministic_and_logged(planner, notary, joint, agency, city):
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    target = Target.objects.filter(plan=plan, status=Target.ASSIGNED).first()
    member = TeamMember.objects.filter(target=target, active=True).first()
    seed = bytes.fromhex(json.loads(plan.result_json)["seed"])
    rules = team_draw.team_rules(plan)
    team = tuple(TeamMember.objects.filter(target=target, active=True)
                 .values_list("inspector__code", flat=True))
    load = recusals._current_load(plan)
    rules.conflicts.add((member.inspector.code, target.uscc))
    expected = draws.replace_inspector(seed, target.uscc, team, member.inspector.code,
                                       rules.candidates(target.uscc), rules.capacity,
                                       dict(load), rules.eligible)
    recusal = recusals.recuse(planner, target.pk, member.inspector_id, "与该企业负责人系近亲属")
    assert recusal.replacement is not None
    assert recusal.replacement.code == expected
    assert recusal.reason == "与该企业负责人系近亲属"
    member.refresh_from_db()
    assert not member.active
    assert Recusal.objects.count() == 1
    plan.refresh_from_db()
    assert json.loads(plan.events.order_by("-seq").first().payload)["replacement"] == expected
    assert commands.verify_chain(plan) == []


def test_directory_changed_after_freeze_stops_the_draw(planner, notary, joint, agency):
    """The committed directory hash guards the draw (random-draws.md §5.4 "Commit at T−1")."""
    plan = plans.create_plan(planner, f.rules(joint["items"], [agency]))
    plans.freeze(planner, plan.pk)
    plan.refresh_from_db()
    notary_steps.commit(notary, plan.pk, draws.notary_commitment(plan.draw_id, f.R_N).hex())
    notary_steps.enter_source(planner, plan.pk, "kl8-20250609", "1 2 3", evidence="公告")
    notary_steps.reveal(notary, plan.pk, f.R_N.hex())
    first, rest = plan.directory_file.split("\n", 1)
    Plan.objects.filter(pk=plan.pk).update(directory_file=rest)  # one entity quietly removed
    with pytest.raises(NotAllowed, match="哈希不一致"):
        team_draw.draw(planner, plan.pk)
    assert not Target.objects.filter(plan=plan).exists()


def test_commands_leave_frozen_artefacts_unread_and_unwritten(planner, notary, joint, agency):
    """Commands lock the plan without its megabyte artefacts and write back only what they
    changed, so a later command never rewrites the frozen directory."""
    from fazhi.core.chains import _changed, _loaded

    plan = plans.create_plan(planner, f.rules(joint["items"], [agency]))
    plans.freeze(planner, plan.pk)
    Plan.objects.filter(pk=plan.pk).update(roster_file="marker\n")  # stands in for the DB copy
    plan = notary_steps.commit(notary, plan.pk, draws.notary_commitment(
        Plan.objects.get(pk=plan.pk).draw_id, f.R_N).hex())
    assert "directory_file" in plan.get_deferred_fields()
    assert Plan.objects.get(pk=plan.pk).roster_file == "marker\n"  # not written back
    before = _loaded(plan)
    plan.counts["A"]["selected"] += 1  # changed in place
    assert _changed(plan, before) == ["counts"]


def test_frozen_directory_is_the_canonical_snapshot(planner, joint, agency):
    """The database formats the snapshot lines; they equal drawing.directory_file's."""
    from fazhi.inspections import drawing
    from fazhi.subjects.models import MarketEntity

    MarketEntity.objects.filter(uscc=f.code_for(3)).update(district=None)  # shown as "-"
    plan = plans.freeze(planner, plans.create_plan(
        planner, f.rules(joint["items"], [agency])).pk)
    rows = [(e.uscc, e.credit_class, e.district.code if e.district_id else "")
            for e in MarketEntity.objects.select_related("district")
            if e.status in ("存续", "在业")]
    frozen = Plan.objects.get(pk=plan.pk).directory_file
    assert frozen.encode() == drawing.directory_file(rows)
    assert f"{f.code_for(3)},C,-\n" in frozen
