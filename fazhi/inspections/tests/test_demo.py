"""The demo city's “双随机、一公开”: item lists of the inspecting agencies, a directory of
entities with valid credit codes, officers with certificates, a published joint plan whose
draw re-derives and whose results (some with findings) are recorded and published."""

import json

from django.contrib.auth.models import User

from fazhi.inspections import commands, demo, plans, team_draw
from fazhi.inspections.models import InspectionItem, InspectionRecord, Plan, PublicResult
from fazhi.law import uscc
from fazhi.org.actors import Actor
from fazhi.org.tests.test_demo import TODAY
from fazhi.subjects.models import MarketEntity, Officer


def test_demo_joint_plan_drawn_with_results(demo_city):
    out, err = demo_city
    assert err == ""
    assert MarketEntity.objects.count() >= 300
    for code in MarketEntity.objects.values_list("uscc", flat=True)[:200]:
        assert uscc.validate(code) == code  # GB 32100 check character
    assert set(MarketEntity.objects.values_list("credit_class", flat=True)) == {"A", "B", "C", "D"}
    assert Officer.objects.filter(cert_valid_until__lt=TODAY).exists()  # lapsed: not drawn
    assert Officer.objects.filter(cert_valid_until__gte=TODAY, staff__isnull=False).count() >= 10
    assert InspectionItem.objects.filter(agency__code="XMSCJGJ").count() >= 3

    assert set(Plan.objects.values_list("state", flat=True)) == {
        Plan.PUBLISHED, Plan.DRAWN, Plan.DRAFT}
    joint = Plan.objects.get(state=Plan.PUBLISHED)
    assert joint.agencies.count() == 3 and commands.verify_chain(joint) == []
    result, _ = team_draw.compute_draw(joint)  # the draw re-derives from its frozen inputs
    assert result["seed"] == json.loads(joint.result_json)["seed"]
    records = InspectionRecord.objects.filter(target__plan=joint)
    assert records.exists() and PublicResult.objects.filter(plan=joint).exists()
    assert records.exclude(result=InspectionRecord.NO_PROBLEM).exists() or records.count() < 5

    # the planner's next step on the draft plan works with the demo's accounts
    draft = Plan.objects.get(state=Plan.DRAFT)
    planner = Actor.for_user(User.objects.get(username=demo.PLANNER))
    assert plans.freeze(planner, draft.pk).state == Plan.FROZEN
