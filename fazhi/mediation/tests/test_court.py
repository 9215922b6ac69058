"""A people's court on the platform (ADR 0048): when both parties apply for judicial
confirmation to a court that is an agency of the platform, the court joins the case with
its part and its clerk records acceptance (法释〔2011〕5号第四条), the examination
(解释第三百五十六条), the extension with the president's approval (法释〔2011〕5号第五条), the
ruling (《民事诉讼法》第二百零六条, 解释第三百五十八条) and objections (解释第三百七十二条); the
committee keeps recording them for a court that is not on the platform."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case, Participant
from fazhi.cases.tracking import last_payload
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.mediation import services
from fazhi.mediation.tests.factories import COURT, DAY0, PLATFORM_COURT, days

pytestmark = pytest.mark.django_db


def unchanged(case, state: str, events: int) -> None:
    case.refresh_from_db()
    assert (case.state, case.event_count) == (state, events)


def court_part(case) -> Participant | None:
    return Participant.objects.filter(case=case, role="court").first()


def test_the_joint_application_to_a_court_on_the_platform_lands_in_its_clerks_inbox(world):
    """《人民调解法》第三十三条、《民事诉讼法》第二百零五条: the court named by the parties joins
    the case; its clerk has it in the inbox, with the 3-day acceptance clock (法释〔2011〕5号第四条)."""
    case = world.filed_online()
    assert case.mediation.court_agency == world.court and case.mediation.court == PLATFORM_COURT
    part = court_part(case)
    assert (part.agency, part.active) == (world.court, True)
    assert case in Case.objects.inbox_for(world.clerk)
    due = case.clocks.get(code="mediation.court_accept").due_on
    assert due == DAY0 + days(14)  # the 3rd day (16 March) is a Sunday: the next working day
    assert {t.action for t in actions_for(case, world.clerk, DAY0 + days(10))} == \
        {"accept_confirmation", "decline_confirmation"}
    # the committee no longer records the court's steps for it
    assert "court_accept" not in {t.action for t in actions_for(case, world.handler,
                                                                DAY0 + days(10))}


def test_the_court_is_found_by_its_short_name_nfkc_folded(world):
    """The parties may write the court's short name, in full-width characters."""
    case = world.act(world.agreed(), "apply_confirmation",
                     {"court": "思明区法院 ", "by_applicant": True, "by_respondent": True},
                     on=DAY0 + days(10))
    assert case.mediation.court_agency == world.court
    assert last_payload(case, "apply_confirmation")["court"] == PLATFORM_COURT


def test_the_clerk_accepts_examines_and_rules_the_agreement_valid_cpl_206(world):
    """法释〔2011〕5号第四条、第五条; 解释第三百五十六条; 《民事诉讼法》第二百零六条."""
    case = world.examining_online()
    assert case.state == "examining" and case.mediation.court_number == "（2025）闽0203民特2号"
    examine = case.clocks.get(code="mediation.examine")
    assert examine.due_on == DAY0 + days(12 + 15 + 1)  # the 15th day is a Sunday
    case = world.act(case, "examine", {"held_on": (DAY0 + days(14)).isoformat(),
                                       "applicant_present": True, "respondent_present": True,
                                       "record": "双方当事人到庭，确认协议系自愿达成"},
                     on=DAY0 + days(14), who=world.judge)
    assert last_payload(case, "examine")["present"] == "申请人、对方当事人"
    served = DAY0 + days(16)
    case = world.act(case, "issue_ruling", {"ruling": "valid", "served_on": served.isoformat()},
                     on=served, who=world.clerk)
    assert (case.state, case.mediation.ruling) == ("confirmed", "valid")
    assert case.clocks.get(code="mediation.examine").state == "met"
    # the objection window (15 days) is the court's too: the part stays until archiving
    assert court_part(case).active
    case = world.act(case, "archive", {}, on=served + days(16))
    assert case.state == "closed" and not court_part(case).active
    assert case in Case.objects.visible_to(world.clerk)  # a part that is done still reads


def test_the_examination_is_extended_once_with_the_presidents_approval_rule_2011_art_5(world):
    """法释〔2011〕5号第五条: ten more days, once, approved by the court president."""
    case = world.examining_online()
    approval = {"approved_by": "张院长", "reason": "需要当事人补充材料"}
    case = world.act(case, "extend_examination", approval, on=DAY0 + days(20), who=world.clerk)
    clock = case.clocks.get(code="mediation.examine")
    assert clock.extended and clock.due_on == DAY0 + days(12 + 25)
    with pytest.raises(NotAllowed, match="已经延长过.*法释〔2011〕5号"):
        world.act(case, "extend_examination", approval, on=DAY0 + days(21), who=world.clerk)
    with pytest.raises(InvalidData):
        world.act(world.examining_online(DAY0 + days(1)), "extend_examination",
                  {"approved_by": "", "reason": ""}, on=DAY0 + days(21), who=world.clerk)


def test_a_rejection_gives_guidance_and_states_its_reasons_spc_358(world):
    """解释第三百五十八条: a rejection states its ground; the parties may re-mediate or sue."""
    case = world.examining_online()
    served = DAY0 + days(15)
    with pytest.raises(InvalidData, match="第三百五十八条"):
        world.act(case, "issue_ruling", {"ruling": "invalid", "served_on": served.isoformat()},
                  on=served, who=world.clerk)
    unchanged(case, "examining", case.event_count)
    case = world.act(case, "issue_ruling", {"ruling": "invalid", "reason": "协议内容不明确",
                                            "served_on": served.isoformat()},
                     on=served, who=world.clerk)
    assert case.state == "rejected"
    assert "提起诉讼" in last_payload(case, "issue_ruling")["guidance"]


def test_the_clerk_records_an_objection_and_its_decision_spc_372(world):
    """解释第三百七十二条: a party objects within 15 days of receiving the ruling; the court
    upholds it (the ruling changed) or dismisses it."""
    served = DAY0 + days(16)
    case = world.act(world.examining_online(), "issue_ruling",
                     {"ruling": "valid", "served_on": served.isoformat()}, on=served,
                     who=world.clerk)
    with pytest.raises(NotAllowed, match="十五日内提出.*第三百七十二条"):
        world.act(case, "object", {"by": "party", "grounds": "协议违背真实意思"},
                  on=served + days(16), who=world.clerk)
    case = world.act(case, "object", {"by": "party", "grounds": "协议违背真实意思"},
                     on=served + days(5), who=world.clerk)
    assert case.state == "objected"
    case = world.act(case, "rule_objection", {"result": "upheld", "reason": "确非自愿"},
                     on=served + days(10), who=world.judge)
    assert (case.state, case.mediation.ruling) == ("rejected", "invalid")


def test_non_acceptance_releases_the_court_and_the_parties_may_apply_again_spc_355(world):
    """解释第三百五十五条: not accepted; the agreement stands and, within the 30 days
    (第三十三条), the parties may apply to a competent court (recorded by the committee)."""
    case = world.filed_online()
    case = world.act(case, "decline_confirmation", {"ground": "jurisdiction"},
                     on=DAY0 + days(11), who=world.clerk)
    assert case.state == "agreed" and not court_part(case).active
    assert case not in Case.objects.inbox_for(world.clerk)
    case = world.act(case, "apply_confirmation",
                     {"court": COURT, "by_applicant": True, "by_respondent": True},
                     on=DAY0 + days(12))
    assert case.mediation.court_agency is None and case.mediation.court == COURT
    case = world.act(case, "court_accept", {"court_number": "（2025）闽0206民特1号"},
                     on=DAY0 + days(13))
    assert case.state == "examining"


def test_the_committee_may_not_record_the_steps_of_a_court_on_the_platform(world):
    """ADR 0048: the court's own part takes them; the committee's recording is refused with
    the reason, and the committee may not take the court's own actions."""
    case = world.filed_online()
    with pytest.raises(NotAllowed, match="在本平台办理.*书记员"):
        world.act(case, "court_accept", {"court_number": "X-1"}, on=DAY0 + days(11))
    with pytest.raises(Forbidden):
        world.act(case, "accept_confirmation", {"court_number": "X-1"}, on=DAY0 + days(11))
    unchanged(case, "filed", case.event_count)


def test_the_court_sees_only_the_cases_it_takes_part_in(world):
    """Visibility: a mediation filed with another court (or none) is not found for the
    clerk, who cannot act on it either; a clerk may not register mediations."""
    mine, other = world.filed_online(), world.filed(DAY0 + days(1))
    visible = Case.objects.visible_to(world.clerk)
    assert mine in visible and other not in visible
    with pytest.raises(NotFound):
        world.act(other, "court_accept", {"court_number": "X-2"}, on=DAY0 + days(12),
                  who=world.clerk)
    client = Client()
    client.force_login(User.objects.get(username="court_clerk"))
    assert client.get(f"/workspace/cases/{other.pk}/").status_code == 404
    page = client.get(f"/workspace/cases/{mine.pk}/")
    assert page.status_code == 200 and "/act/accept_confirmation/" in page.content.decode()
    assert client.get("/workspace/mediation/new/").status_code == 403


def test_a_court_not_on_the_platform_keeps_the_committees_recording(world):
    """The path of ADR 0042 is unchanged for a court that is not on the platform."""
    case = world.examining()
    assert case.mediation.court_agency is None and court_part(case) is None
    case = world.act(case, "rule", {"ruling": "valid", "served_on": (DAY0 + days(14)).isoformat()},
                     on=DAY0 + days(14))
    assert case.state == "confirmed"


def test_the_court_records_nothing_half_written_on_bad_dates(world):
    """An examination dated in the future or before acceptance is refused at its field."""
    case = world.examining_online()
    for held in (DAY0 + days(30), DAY0 + days(5)):
        with pytest.raises(InvalidData):
            world.act(case, "examine", {"held_on": held.isoformat(), "record": "询问"},
                      on=DAY0 + days(14), who=world.clerk)
    unchanged(case, "examining", case.event_count)


def test_the_clerk_through_the_service_layer_only(world):
    """Services are the one way in: the same refusals through `services.act`."""
    case = world.filed_online()
    with pytest.raises(NotAllowed):
        services.act(case, "court_decline", world.handler, {"ground": "other"},
                     today=DAY0 + days(11))


def test_indicators_confirmations_by_court_and_examination_on_time_rule_2011_art_5(world):
    """《民事诉讼法》第二百零六条: confirmations counted per court on the platform;
    法释〔2011〕5号第五条: the examinations finished within the 15 days (25 if extended)."""
    from fazhi.core.indicators import by_agency
    from fazhi.mediation import indicators

    served = DAY0 + days(16)
    world.act(world.examining_online(), "issue_ruling",
              {"ruling": "valid", "served_on": served.isoformat()}, on=served, who=world.clerk)
    late = world.examining_online(DAY0 + days(1))  # accepted on DAY0 + 13, due 28 (+ Sunday)
    world.act(late, "issue_ruling", {"ruling": "valid", "served_on": (DAY0 + days(40)).isoformat()},
              on=DAY0 + days(40), who=world.clerk)
    world.ruled()  # a court not on the platform, recorded by the committee: on time
    found = indicators.confirmed_by_court(2025, None)
    assert found.value == 2 and by_agency(found) == {world.court.pk: (2, 2, None)}
    assert indicators.confirmed_by_court(2025, world.court).value == 2
    assert indicators.confirmed_by_court(2025, world.street).value == 0
    on_time = indicators.examined_on_time(2025, None)
    assert (on_time.numerator, on_time.denominator) == (2, 3)
