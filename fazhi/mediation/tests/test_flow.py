"""The mediation's lifecycle through the engine (《人民调解法》, 《民事诉讼法》第二百零五条、第二百零六条)."""

import pytest

from fazhi.cases.models import Clock
from fazhi.cases.procedure import OPEN
from fazhi.cases.tracking import last_payload
from fazhi.mediation.limits import LIMITS
from fazhi.mediation.models import Session
from fazhi.mediation.tests.factories import COURT, DAY0, PUBLIC, days

pytestmark = pytest.mark.django_db


def clock(case, key):
    return case.clocks.get(code=LIMITS[key].code)


def near(due, expected) -> bool:
    """A calendar-day limit ending on a rest day runs to the next working day."""
    return expected <= due <= expected + days(3)


def test_an_application_belongs_to_the_committees_host_and_keeps_no_personal_data_in_its_title(world):
    """《人民调解法》第十七条: a party applies to a committee; the case is the host agency's."""
    case = world.applied()
    assert (case.state, case.agency_id, case.title) == ("applied", world.street.pk, "楼上漏水赔偿纠纷")
    assert "-TJ-" in case.number
    assert case.mediation.applicant_name == "陈某某"
    assert "陈某某" not in str(last_payload(case, OPEN))


def test_acceptance_starts_the_one_month_guideline_moj_decree_75_art_33(world):
    """司法部令第75号第三十三条: finished within about one month of acceptance."""
    case = world.accepted()
    assert near(clock(case, "conduct").due_on, DAY0 + days(1 + 30))


def test_parties_may_choose_mediators_and_sessions_are_recorded_arts_19_22(world):
    """《人民调解法》第十九条、第二十二条: mediators appointed or chosen; records kept (第二十七条)."""
    case = world.accepted()
    case = world.act(case, "assign", {"mediator_ids": [m.pk for m in world.mediators],
                                      "chosen_by_parties": True}, on=DAY0 + days(2))
    case = world.act(case, "hold_session", {"held_on": (DAY0 + days(3)).isoformat(),
                                            "place": "调解室", "record": "双方陈述"}, on=DAY0 + days(3))
    assert case.state == "mediating"
    assert case.mediation.chosen_by_parties and case.mediation.mediators.count() == 2
    assert Session.objects.filter(mediation=case.mediation).count() == 1


def test_a_written_agreement_from_the_template_starts_the_30_day_confirmation_window_art_33(world):
    """《人民调解法》第二十九条 (content) and 第三十三条 (30 days from taking effect)."""
    case = world.agreed()
    row = case.mediation
    assert case.state == "agreed"
    assert "人民调解协议书" in row.agreement and "被申请人赔偿维修费三千元" in row.agreement
    assert "十日内一次性支付" in row.agreement and "第二十九条" in row.agreement
    assert near(clock(case, "confirm_apply").due_on, DAY0 + days(5 + 30))
    assert clock(case, "conduct").state == Clock.MET


def test_joint_application_acceptance_ruling_valid_and_archive(world):
    """《民事诉讼法》第二百零五条、第二百零六条: joint application, ruling valid (enforceable);
    法释〔2011〕5号第四条、第五条: acceptance within 3 days, decision within 15 (+10)."""
    case = world.filed()
    assert (case.state, case.mediation.court) == ("filed", COURT)
    assert near(clock(case, "court_accept").due_on, DAY0 + days(10 + 3))
    case = world.act(case, "court_accept", {"court_number": "（2025）闽0203民特1号"}, on=DAY0 + days(11))
    assert near(clock(case, "examine").due_on, DAY0 + days(11 + 15))
    assert near(clock(case, "special").due_on, DAY0 + days(11 + 30))
    case = world.act(case, "extend", {}, on=DAY0 + days(20), who=world.head)
    assert near(clock(case, "examine").due_on, DAY0 + days(11 + 25))
    served = DAY0 + days(25)
    case = world.act(case, "rule", {"ruling": "valid", "served_on": served.isoformat()}, on=served)
    assert (case.state, case.mediation.ruling) == ("confirmed", "valid")
    assert near(clock(case, "objection").due_on, served + days(15))
    case = world.act(case, "archive", {}, on=served + days(20))
    assert (case.state, case.outcome, case.is_open) == ("closed", "confirmed", False)


def test_a_party_may_refuse_mediation_arts_17_23(world):
    """《人民调解法》第十七条: mediation does not proceed when a party clearly refuses."""
    case = world.act(world.accepted(), "refuse", {"party": "respondent"}, on=DAY0 + days(2))
    assert (case.state, case.outcome, case.mediation.refused_by) == ("refused", "refused", "对方当事人")


def test_a_party_may_end_mediation_art_23(world):
    """《人民调解法》第二十三条: a party may ask to end the mediation."""
    case = world.act(world.mediating(), "end", {"party": "applicant"}, on=DAY0 + days(5),
                     who=PUBLIC)
    assert (case.state, case.outcome) == ("ended", "ended")


def test_failure_ends_with_guidance_to_other_routes_art_26(world):
    """《人民调解法》第二十六条: tell the parties of arbitration, administrative or judicial routes."""
    case = world.act(world.mediating(), "fail", {"route": "litigation", "reason": "分歧较大"},
                     on=DAY0 + days(6))
    assert (case.state, case.outcome) == ("failed", "failed")
    payload = last_payload(case, "fail")
    assert "诉讼" in payload["guidance"] and "第二十六条" in payload["guidance"]


def test_a_rejected_ruling_and_a_partys_objection_upheld_art_372(world):
    """解释第三百五十八条 (rejection), 第三百七十二条 (objection within 15 days)."""
    case = world.ruled("invalid")
    assert case.state == "rejected"
    case = world.act(case, "object", {"by": "party", "grounds": "协议内容明确"}, on=DAY0 + days(30))
    assert case.state == "objected"
    case = world.act(case, "decide_objection", {"result": "upheld"}, on=DAY0 + days(40))
    assert (case.state, case.mediation.ruling) == ("confirmed", "valid")


def test_the_court_may_decline_and_the_parties_apply_again_within_30_days_spc_355(world):
    """解释第三百五十五条: not accepted → the agreement stands; a new joint application
    within the 30 days of 《人民调解法》第三十三条."""
    case = world.act(world.filed(), "court_decline", {"ground": "jurisdiction"}, on=DAY0 + days(11))
    assert case.state == "agreed"
    case = world.act(case, "apply_confirmation", {"court": "厦门市湖里区人民法院",
                                                   "by_applicant": True, "by_respondent": True},
                     on=DAY0 + days(20))
    assert case.state == "filed"


def test_campaign_tag(world):
    case = world.act(world.applied(), "tag_campaign", {"name": "春季大排查"}, who=world.head)
    assert case.mediation.campaign == "春季大排查"
