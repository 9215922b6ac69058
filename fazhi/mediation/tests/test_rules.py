"""The refusals of mediation and judicial confirmation, each by the engine with a Chinese
message citing its article (domain/procedures.md §6), and nothing half-written."""

from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.mediation import services
from fazhi.mediation.models import Mediation
from fazhi.mediation.tests.factories import AGREEMENT, COURT, DAY0, PUBLIC, application, days

pytestmark = pytest.mark.django_db


def unchanged(case, state: str, events: int) -> None:
    case.refresh_from_db()
    assert (case.state, case.event_count) == (state, events)


def test_no_mediator_may_be_assigned_after_a_party_refused_arts_17_23(world):
    """《人民调解法》第十七条、第二十三条: a party's refusal ends it; assigning is refused."""
    case = world.act(world.accepted(), "refuse", {"party": "respondent"}, on=DAY0 + days(2))
    with pytest.raises(NotAllowed, match="对方当事人已明确拒绝调解，不得指派调解员.*第十七条、第二十三条"):
        world.act(case, "assign", {"mediator_ids": [world.mediators[0].pk]}, on=DAY0 + days(3))
    unchanged(case, "refused", case.event_count)
    assert not case.mediation.mediators.exists()


def test_the_assign_guard_cites_the_refusal_arts_17_23(world):
    """The guard itself names the refusing party and the articles."""
    from fazhi.mediation.guards import assign_refusal

    case = world.act(world.accepted(), "refuse", {"party": "applicant"}, on=DAY0 + days(2))
    assert "第十七条、第二十三条" in assign_refusal(case, DAY0 + days(3))
    assert "申请人" in assign_refusal(case, DAY0 + days(3))


def test_a_mediator_of_another_committee_is_refused_art_19(world):
    """《人民调解法》第十九条: the committee appoints its own mediators."""
    case = world.accepted()
    stranger = world.other_committee.mediators.get()
    with pytest.raises(InvalidData, match="本调解委员会在职的人民调解员"):
        world.act(case, "assign", {"mediator_ids": [stranger.pk]}, on=DAY0 + days(2))
    unchanged(case, "accepted", case.event_count)


def test_a_written_agreement_without_every_signature_and_the_seal_is_refused_art_29(world):
    """《人民调解法》第二十九条: effective when the parties sign, the mediator signs and the
    committee seals."""
    case = world.mediating()
    with pytest.raises(NotAllowed, match="签章不全.*第二十九条"):
        world.act(case, "agree", AGREEMENT | {"sealed": False,
                                              "effective_on": (DAY0 + days(5)).isoformat()},
                  on=DAY0 + days(5))
    unchanged(case, "mediating", case.event_count)
    assert case.mediation.agreement == ""


def test_one_party_alone_may_not_apply_for_confirmation_art_33_cpl_205(world):
    """《人民调解法》第三十三条、《民事诉讼法》第二百零五条、解释第三百五十一条: jointly by both."""
    case = world.agreed()
    with pytest.raises(NotAllowed, match="双方当事人共同申请.*第三十三条.*第二百零五条"):
        world.act(case, "apply_confirmation", {"court": COURT, "by_applicant": True},
                  on=DAY0 + days(10), who=PUBLIC)
    unchanged(case, "agreed", case.event_count)
    assert case.mediation.court == ""


def test_an_application_after_30_days_is_refused_art_33_cpl_205(world):
    """《人民调解法》第三十三条、《民事诉讼法》第二百零五条: within 30 days of taking effect."""
    case = world.agreed()  # in effect on DAY0 + 5
    with pytest.raises(NotAllowed, match="三十日内提出，已于.*届满.*第三十三条"):
        world.act(case, "apply_confirmation", {"court": COURT, "by_applicant": True,
                                               "by_respondent": True}, on=DAY0 + days(60))
    unchanged(case, "agreed", case.event_count)


def test_an_oral_agreement_cannot_be_confirmed_art_33(world):
    """《人民调解法》第三十三条: the court confirms a (written) mediation agreement."""
    case = world.act(world.mediating(), "agree",
                     AGREEMENT | {"kind": "oral", "effective_on": (DAY0 + days(5)).isoformat()},
                     on=DAY0 + days(5))
    with pytest.raises(NotAllowed, match="口头调解协议不能申请司法确认"):
        world.act(case, "apply_confirmation", {"court": COURT, "by_applicant": True,
                                               "by_respondent": True}, on=DAY0 + days(6))


def test_the_examination_is_extended_once_only_rule_2011_art_5(world):
    """法释〔2011〕5号第五条: ten more days, once, with the president's approval."""
    case = world.act(world.examining(), "extend", {}, on=DAY0 + days(13), who=world.head)
    with pytest.raises(NotAllowed, match="已经延长过.*法释〔2011〕5号"):
        world.act(case, "extend", {}, on=DAY0 + days(14), who=world.head)


def test_a_rejection_without_reasons_is_refused_spc_358(world):
    """解释第三百五十八条: the rejection states its ground."""
    case = world.examining()
    with pytest.raises(InvalidData, match="第三百五十八条"):
        world.act(case, "rule", {"ruling": "invalid", "served_on": (DAY0 + days(14)).isoformat()},
                  on=DAY0 + days(14))
    unchanged(case, "examining", case.event_count)


def test_a_partys_objection_after_15_days_is_refused_spc_372(world):
    """解释第三百七十二条: a party objects within 15 days of receiving the ruling."""
    case = world.ruled()  # served on DAY0 + 20
    with pytest.raises(NotAllowed, match="十五日内提出.*第三百七十二条"):
        world.act(case, "object", {"by": "party", "grounds": "有误"}, on=DAY0 + days(50))
    unchanged(case, "confirmed", case.event_count)


def test_an_outsiders_objection_within_six_months_of_knowing_is_accepted_spc_372(world):
    """解释第三百七十二条: an interested outsider, six months from knowing of the harm."""
    case = world.ruled()
    late = DAY0 + days(120)
    with pytest.raises(NotAllowed, match="六个月内提出异议.*第三百七十二条"):
        world.act(case, "object", {"by": "outsider", "grounds": "损害其权益",
                                   "knew_on": DAY0.isoformat()}, on=DAY0 + days(200))
    case = world.act(case, "object", {"by": "outsider", "grounds": "损害其权益",
                                      "knew_on": (late - days(30)).isoformat()}, on=late)
    assert case.state == "objected"


def test_archiving_waits_for_the_confirmation_window_art_33(world):
    """《人民调解法》第三十三条: the parties' 30 days run before the agreement is archived."""
    case = world.agreed()
    with pytest.raises(NotAllowed, match="申请司法确认期限至.*届满后方可归档"):
        world.act(case, "archive", {}, on=DAY0 + days(10))
    case = world.act(case, "archive", {}, on=DAY0 + days(40))
    assert (case.state, case.outcome) == ("closed", "agreed")


def test_a_referral_without_the_referring_body_and_its_number_is_refused(world):
    """衔接联动 (domain §6.3): the referring body and its case number are recorded."""
    before = (Case.objects.count(), Mediation.objects.count())
    with pytest.raises(InvalidData, match="移送机关类型、移送机关和其案件编号"):
        services.receive(world.handler, application(world.committee, source="referral",
                                                    referrer_kind="court"),
                         received_on=DAY0, today=DAY0)
    assert (Case.objects.count(), Mediation.objects.count()) == before


def test_a_committee_of_another_agency_is_refused(world):
    """Staff register for their own agency's committee only (the engine's own rule)."""
    with pytest.raises(Forbidden, match="只能为本机关登记案件"):
        services.receive(world.handler, application(world.other_committee), received_on=DAY0,
                         today=DAY0)


def test_deadline_list_shows_the_mediation_limits_with_citations(db):
    """`fazhi deadline --list`: each limit with its article."""
    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    text = out.getvalue()
    for code, basis in (("mediation.confirm_apply", "第三十三条"),
                        ("mediation.court_accept", "法释〔2011〕5号"),
                        ("mediation.examine", "第五条"), ("mediation.special", "第一百八十七条"),
                        ("mediation.objection", "第三百七十二条"),
                        ("mediation.conduct", "司法部令第75号")):
        line = next(row for row in text.splitlines() if code in row)
        assert basis in line
