"""A credit record follows a formal penalty decision, not a referral: 国家发展和改革委员会令
第36号《信用修复管理办法》 (adopted 2025-11-19, in force 2026-04-01), Art. 4 — dishonesty
information is what the public credit catalogues list, such as penalty information. The
enforcement module decides the referral (`inspections.credit.decide_referral`, through
`subjects.credit.record_penalty_decision`) once the decision exists."""

from datetime import date

import pytest

from fazhi.core.errors import InvalidData, NotFound
from fazhi.inspections import credit, inspection_results
from fazhi.inspections.models import Referral, Target, TeamMember
from fazhi.inspections.tests import factories as f
from fazhi.org.actors import Actor
from fazhi.subjects import credit as subject_credit
from fazhi.subjects.models import CreditRecord, MarketEntity

pytestmark = pytest.mark.django_db

DECISION = "厦市监罚〔2025〕118号"


@pytest.fixture
def referral(planner, notary, joint, agency) -> Referral:
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    target = Target.objects.filter(plan=plan, status=Target.ASSIGNED, stratum="A").first()
    member = TeamMember.objects.filter(target=target, active=True).first()
    record = inspection_results.enter_result(Actor.for_user(member.inspector.staff.user), target.pk, {
        "items_checked": list(plan.items.values_list("pk", flat=True)),
        "findings": "宣传材料与实际不符", "result": "refer", "completed_on": "2025-06-10",
        "referral_reason": "涉嫌虚假宣传"}, today=date(2025, 6, 11))
    return record.referral


def _decide(referral, **overrides) -> CreditRecord:
    args = {"decision_no": DECISION, "decided_on": date(2025, 8, 20),
            "agency": referral.agency, "severity": CreditRecord.GENERAL,
            "summary": "虚假宣传，罚款5万元", "legal_basis": "《中华人民共和国反不正当竞争法》第二十条",
            "today": date(2025, 8, 21)} | overrides
    return credit.decide_referral(referral, referral.record.target.uscc, **args)


def test_the_decision_not_the_referral_makes_the_credit_record(referral):
    """Order 36 Art. 4: the record carries the decision's number and date; its publication
    periods (国办发〔2025〕22号: general 3–12 months) run from the decision."""
    entity = MarketEntity.objects.get(pk=referral.record.target.entity_id)
    assert entity.credit_class == "A" and not CreditRecord.objects.exists()
    record = _decide(referral)
    assert (record.decision_no, record.act_date) == (DECISION, date(2025, 8, 20))
    assert record.category == "penalty" and record.severity == CreditRecord.GENERAL
    assert record.inspection.pk == referral.record_id and record.entity_id == entity.pk
    assert (record.min_publish_until, record.max_publish_until) == (date(2025, 11, 20),
                                                                    date(2026, 8, 20))
    assert "国家发展和改革委员会令第36号" in record.legal_basis
    referral.refresh_from_db()
    assert referral.status == "decided" and referral.enforcement_ref == DECISION
    assert subject_credit.recompute(entity.pk, date(2025, 9, 1)) == "C"


@pytest.mark.parametrize(("overrides", "error", "message"), [
    ({"decision_no": "  "}, InvalidData, "处罚决定书文号"),
    ({"decided_on": date(2025, 6, 9)}, InvalidData, "不能早于检查完成日期"),
    ({"decided_on": date(2025, 8, 22)}, InvalidData, "不能晚于今天"),
    ({"severity": "grave"}, InvalidData, "失信程度"),
])
def test_a_bad_decision_is_refused_and_writes_nothing(referral, overrides, error, message):
    with pytest.raises(error, match=message):
        _decide(referral, **overrides)
    assert not CreditRecord.objects.exists()
    referral.refresh_from_db()
    assert referral.status == "accepted"  # the referral opened a penalty lead, still undecided


def test_an_unknown_entity_is_refused(referral):
    with pytest.raises(NotFound, match="检查对象名录中没有"):
        subject_credit.record_penalty_decision(
            f.code_for(99999), decision_no=DECISION, decided_on=date(2025, 8, 20),
            agency=referral.agency, severity=CreditRecord.GENERAL, summary="虚假宣传",
            legal_basis="《反不正当竞争法》", today=date(2025, 8, 21))


def test_a_referral_is_decided_once_and_only_for_its_entity(referral):
    first = _decide(referral)
    with pytest.raises(InvalidData, match="该移交已作出处罚决定（厦市监罚〔2025〕118号）"):
        _decide(referral, decision_no="厦市监罚〔2025〕119号")
    other = MarketEntity.objects.exclude(pk=referral.record.target.entity_id).first()
    with pytest.raises(InvalidData, match="不是针对此市场主体"):
        credit.decide_referral(referral, other.uscc, decision_no="X", decided_on=date(2025, 8, 20),
                               agency=referral.agency, severity=CreditRecord.MINOR,
                               summary="x", legal_basis="x", today=date(2025, 8, 21))
    assert list(CreditRecord.objects.all()) == [first]
