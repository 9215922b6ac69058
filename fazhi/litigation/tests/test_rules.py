"""The limits and refusals of litigation response, each by the engine with a Chinese message
citing its article of 《行政诉讼法》 (2017), and nothing half-written."""

import pytest

from fazhi.cases.models import Case, Clock
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.litigation.limits import LIMITS
from fazhi.litigation.models import Hearing, Litigation
from fazhi.litigation.tests.factories import DAY0, JUDGED, days, defence, judgment

pytestmark = pytest.mark.django_db


def unchanged(case, state: str, events: int) -> None:
    case.refresh_from_db()
    assert (case.state, case.event_count) == (state, events)


def clock(case, key: str) -> Clock:
    return case.clocks.get(code=LIMITS[key].code)


def test_a_bad_receipt_date_is_refused_by_the_schema(world):
    """收到起诉状副本日期 is a date; nothing is written otherwise."""
    with pytest.raises(InvalidData, match="收到起诉状副本日期"):
        world.registered(served_on="2025-13-40")
    assert not Case.objects.filter(procedure="litigation").exists()


# -- the defence (第六十七条, 第三十四条, 第三十五条) --------------------------------------------
def test_the_defence_is_due_15_days_after_receiving_the_complaint_copy_art_67(world):
    """《行政诉讼法》第六十七条第一款: the defendant submits its evidence and defence within 15
    days of receiving the complaint copy."""
    case = world.registered()
    assert clock(case, "defence").due_on == DAY0 + days(15)
    assert LIMITS["defence"].citation == "《行政诉讼法》第六十七条第一款"


def test_a_defence_on_time_meets_the_clock_art_67(world):
    """《行政诉讼法》第六十七条第一款."""
    case = world.defended()
    assert case.state == "defended"
    assert clock(case, "defence").state == Clock.MET
    assert case.litigation.evidence == ["申请登记表", "答复书", "送达回证"]


def test_a_late_defence_is_recorded_as_missed_with_its_consequence_art_34(world):
    """《行政诉讼法》第三十四条第二款: evidence given late without good reason counts as no
    evidence; the defence is still filed (第六十七条第二款: the trial goes on regardless)."""
    case = world.registered()
    late = DAY0 + days(20)
    world.act(case, "defend", defence(late), late)
    case.refresh_from_db()
    assert clock(case, "defence").state == Clock.MISSED
    assert case.litigation.defence_late
    assert "第三十四条第二款" in case.events.last().payload


def test_evidence_collected_after_the_suit_is_refused_art_35(world):
    """《行政诉讼法》第三十五条: during the suit the defendant collects no evidence itself."""
    case = world.registered()
    with pytest.raises(NotAllowed, match="不得自行.*收集证据.*第三十五条"):
        world.act(case, "defend", defence(DAY0 + days(5),
                                          latest_collected_on=(DAY0 + days(2)).isoformat()),
                  DAY0 + days(5))
    unchanged(case, "registered", 1)
    assert Litigation.objects.get(case=case).defence_on is None


def test_a_defence_after_the_case_closed_is_refused(world):
    """《行政诉讼法》第六十七条: the defence belongs to the first instance; a closed case
    takes none."""
    case = world.effective()
    world.act(case, "close", {}, DAY0 + days(81))
    with pytest.raises(NotAllowed, match="已结案.*不能执行“提交答辩状和证据”"):
        world.act(case, "defend", defence(DAY0 + days(82)), DAY0 + days(82))
    unchanged(case, "closed", 6)


# -- the head in court (第三条第三款) ----------------------------------------------------------
def test_a_hearing_without_the_head_names_the_deputy_and_the_reason_art_3(world):
    """《行政诉讼法》第三条第三款: a head who cannot appear entrusts a staff member."""
    case = world.defended()
    with pytest.raises(InvalidData, match="第三条第三款"):
        world.act(case, "hear", {"held_on": (DAY0 + days(40)).isoformat(),
                                 "head_present": False}, DAY0 + days(40))
    unchanged(case, "defended", 2)
    assert not Hearing.objects.exists()
    world.act(case, "hear", {"held_on": (DAY0 + days(40)).isoformat(), "head_present": False,
                             "deputy_name": "陈某", "deputy_title": "法规处处长",
                             "reason": "需要履行他人不能代替的公务"}, DAY0 + days(40))
    case.refresh_from_db()
    assert not case.litigation.head_appeared
    assert Hearing.objects.get(case=case).deputy_name == "陈某"


def test_the_head_present_names_the_head_art_3(world):
    """《行政诉讼法》第三条第三款: the head who appears is named."""
    case = world.defended()
    with pytest.raises(InvalidData, match="出庭负责人"):
        world.act(case, "hear", {"held_on": (DAY0 + days(40)).isoformat(),
                                 "head_present": True}, DAY0 + days(40))


# -- the judgment (第六十二条, 第八十五条) --------------------------------------------------
def test_a_judgment_before_a_hearing_is_refused(world):
    """A first-instance judgment follows the hearing (《行政诉讼法》第七章第二节); before one, the
    suit ends only by withdrawal (第六十二条)."""
    case = world.defended()
    with pytest.raises(NotAllowed, match="已答辩待开庭.*不能执行“登记判决、裁定”"):
        world.act(case, "judge", judgment(DAY0 + days(30)), DAY0 + days(30))
    unchanged(case, "defended", 2)


def test_a_withdrawal_before_any_hearing_ends_the_suit_art_62(world):
    """《行政诉讼法》第六十二条: withdrawal allowed by ruling; after the defendant changed its
    act, the act counts as corrected."""
    case = world.defended()
    world.act(case, "withdraw", {"ruling_no": "（2025）闽0203行初17号之一",
                                 "served_on": (DAY0 + days(30)).isoformat(),
                                 "act_changed": True}, DAY0 + days(30))
    case.refresh_from_db()
    assert case.state == "effective"
    assert (case.litigation.outcome, case.litigation.corrected, case.litigation.lost) == \
        ("withdrawn", True, False)
    world.act(case, "close", {}, DAY0 + days(31))
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("closed", "withdrawn")


def test_a_judgment_after_a_withdrawal_is_refused_art_62(world):
    """《行政诉讼法》第六十二条: the ruling allowing withdrawal ends the suit; no judgment follows."""
    case = world.heard()
    world.act(case, "withdraw", {"ruling_no": "（2025）闽0203行初17号之一",
                                 "served_on": (DAY0 + days(45)).isoformat()}, DAY0 + days(45))
    with pytest.raises(NotAllowed, match="裁判已生效.*不能执行“登记判决、裁定”"):
        world.act(case, "judge", judgment(DAY0 + days(50)), DAY0 + days(50))
    unchanged(case, "effective", 4)


def test_the_appeal_limit_is_15_days_for_a_judgment_and_10_for_a_ruling_art_85(world):
    """《行政诉讼法》第八十五条: 15 days from service of a judgment, 10 of a ruling."""
    judged = world.judged()
    assert clock(judged, "appeal_judgment").due_on == DAY0 + days(JUDGED + 15)
    ruled = world.judged("dismissed", "ruling", court_case_no="（2025）闽0203行初18号")
    assert clock(ruled, "appeal_ruling").due_on == DAY0 + days(JUDGED + 10)


def test_a_dismissal_is_a_ruling(world):
    """驳回起诉 is made by ruling (裁定), the other outcomes by judgment."""
    case = world.heard()
    with pytest.raises(InvalidData, match="驳回起诉以裁定作出"):
        world.act(case, "judge", judgment(DAY0 + days(60), "dismissed", "judgment"),
                  DAY0 + days(60))


def test_an_appeal_after_the_limit_is_refused_art_85(world):
    """《行政诉讼法》第八十五条: not appealed in time, the first-instance judgment takes effect."""
    case = world.judged("revoked")
    late = DAY0 + days(JUDGED + 16)
    with pytest.raises(NotAllowed, match="上诉期限.*15日.*已于.*届满.*第八十五条"):
        world.act(case, "appeal", {"appellant": "agency", "filed_on": late.isoformat()}, late)
    unchanged(case, "judged", 4)


def test_the_judgment_takes_effect_only_after_the_appeal_period_art_85(world):
    """《行政诉讼法》第八十五条: effective when the period has run without an appeal."""
    case = world.judged()
    with pytest.raises(NotAllowed, match="上诉期限至.*届满.*第八十五条"):
        world.act(case, "take_effect", {}, DAY0 + days(70))
    world.act(case, "take_effect", {}, DAY0 + days(JUDGED + 16))
    case.refresh_from_db()
    assert case.state == "effective"
    assert case.litigation.concluded_on == DAY0 + days(JUDGED + 15)


def test_a_second_instance_judgment_is_final_art_7(world):
    """《行政诉讼法》第七条 (两审终审) and 第八十六条 (the appeal may be decided without a
    hearing): the second-instance judgment takes effect on service."""
    case = world.judged("revoked")
    world.act(case, "appeal", {"appellant": "agency",
                               "filed_on": (DAY0 + days(70)).isoformat()}, DAY0 + days(70))
    case.refresh_from_db()
    assert (case.state, case.litigation.instance) == ("appealed", 2)
    world.act(case, "judge", judgment(DAY0 + days(120), "upheld"), DAY0 + days(120))
    case.refresh_from_db()
    assert case.state == "effective"
    assert (case.litigation.outcome, case.litigation.lost) == ("upheld", False)


# -- performance and judicial suggestions (第九十四条, 第九十六条) ----------------------------
def test_closing_with_the_judgment_unperformed_is_refused_art_94(world):
    """《行政诉讼法》第九十四条: the parties must perform an effective judgment."""
    case = world.effective("ordered_perform")
    with pytest.raises(NotAllowed, match="判决尚未履行.*第九十四条"):
        world.act(case, "close", {}, DAY0 + days(81))
    world.act(case, "perform", {"performed_on": (DAY0 + days(90)).isoformat(),
                                "content": "已依法重新作出答复"}, DAY0 + days(90))
    world.act(case, "close", {}, DAY0 + days(91))
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("closed", "ordered_perform")


def test_a_judicial_suggestion_is_answered_within_its_limit_unverified(world):
    """The reply limit of a 司法建议 (《行政诉讼法》第九十六条第四项: the handling reported to
    the court) is a dated UNVERIFIED parameter of 60 days; closing waits for the reply."""
    case = world.effective()
    received = DAY0 + days(82)
    world.act(case, "receive_suggestion", {"suggestion_no": "闽0203司建〔2025〕3号",
                                           "received_on": received.isoformat(),
                                           "content": "建议规范送达程序"}, received)
    assert clock(case, "suggestion").due_on == received + days(60)
    assert "UNVERIFIED" in LIMITS["suggestion"].citation
    with pytest.raises(NotAllowed, match="上一份司法建议尚未回复"):
        world.act(case, "receive_suggestion", {"suggestion_no": "x2", "content": "再建议",
                                               "received_on": received.isoformat()}, received)
    with pytest.raises(NotAllowed, match="司法建议尚未回复.*第九十六条"):
        world.act(case, "close", {}, received)
    world.act(case, "answer_suggestion", {"answered_on": (received + days(20)).isoformat(),
                                          "content": "已整改送达程序"}, received + days(20),
              world.head)
    assert clock(case, "suggestion").state == Clock.MET
    world.act(case, "close", {}, received + days(21))
    assert Case.objects.get(pk=case.pk).state == "closed"
