"""The substantive rules and gates of the penalty procedure, each refused by the engine
with a Chinese message citing its article (procedures.md §3.1, §3.3, §4.3)."""

import json
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.cases.models import Clock
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.enforcement import ports, services
from fazhi.enforcement.models import PenaltyCase, ReviewableMatter
from fazhi.enforcement.procedure import CHECKLIST
from fazhi.enforcement.tests.factories import DAY0, days

pytestmark = pytest.mark.django_db


def clock(case, code):
    return case.clocks.get(code=f"enforcement.{code}")


def nothing_written(case, state: str, events: int) -> None:
    case.refresh_from_db()
    assert (case.state, case.event_count) == (state, events)


# -- opening: limitation period and officers ----------------------------------------------
def test_opening_after_the_two_year_limitation_period_is_refused(world):
    """《行政处罚法》第三十六条第一款: not discovered within two years → no penalty."""
    case = world.lead(act_date="2023-03-02")
    with pytest.raises(NotAllowed, match="二年内未被发现|2年内未被发现.*第三十六条"):
        services.act(case, "initiate", world.head, {"officer_ids": world.two}, today=DAY0)
    nothing_written(case, "lead", 1)


def test_life_health_finance_harm_extends_the_period_to_five_years(world):
    """《行政处罚法》第三十六条第一款: five years where life, health or finance is involved."""
    case = world.lead(act_date="2021-09-01", life_health_finance=True)
    case = services.act(case, "initiate", world.head, {"officer_ids": world.two}, today=DAY0)
    assert case.state == "investigating"


def test_a_continuing_act_counts_from_its_end(world):
    """《行政处罚法》第三十六条第二款: from the day a continuing act ended."""
    case = world.lead(act_date="2022-01-01", act_ended_on="2024-06-30")
    case = services.act(case, "initiate", world.head, {"officer_ids": world.two}, today=DAY0)
    assert case.state == "investigating"


@pytest.mark.parametrize(("pick", "message"), [
    ((0,), "不得少于2人"),
    ((0, 3), "已于2024-12-31到期.*第四十二条"),
    ((0, 4), "不含.*“市场监管”"),
])
def test_officers_must_be_two_with_valid_certificates_of_the_category(world, pick, message):
    """《行政处罚法》第四十二条: at least two officers holding enforcement certificates."""
    case = world.lead()
    ids = [world.officers[i].pk for i in pick]
    with pytest.raises(NotAllowed, match=message):
        services.act(case, "initiate", world.head, {"officer_ids": ids}, today=DAY0)
    nothing_written(case, "lead", 1)


def test_investigation_records_need_two_certified_officers_of_the_case(world):
    """《行政处罚法》第四十二条、第五十五条: investigation by at least two officers."""
    case = world.opened()
    with pytest.raises(NotAllowed, match="不得少于2人"):
        services.act(case, "record_investigation", world.handler,
                     {"kind": "inquiry", "officer_ids": [world.officers[0].pk], "summary": "询问"},
                     today=DAY0)
    with pytest.raises(InvalidData, match="本案办案人员"):
        services.act(case, "record_investigation", world.handler,
                     {"kind": "inquiry", "officer_ids": [world.officers[0].pk, world.officers[2].pk],
                      "summary": "询问"}, today=DAY0)


def test_recusal_replaces_the_officer_with_a_certified_one(world):
    """《行政处罚法》第四十三条: the head decides a recusal; the replacement must be valid."""
    case = world.opened()
    first, second, third, expired = world.officers[:4]
    with pytest.raises(NotAllowed, match="到期"):
        services.act(case, "recuse", world.head, {"officer_id": first.pk, "granted": True,
                                                  "replacement_id": expired.pk,
                                                  "reason": "与当事人有利害关系"}, today=DAY0)
    services.act(case, "recuse", world.head, {"officer_id": first.pk, "granted": True,
                                              "replacement_id": third.pk,
                                              "reason": "与当事人有利害关系"}, today=DAY0)
    assert PenaltyCase.objects.get(case=case).officer_ids == sorted([second.pk, third.pk])


def test_evidence_preservation_must_be_decided_within_7_working_days(world):
    """《行政处罚法》第五十六条: decide on preserved evidence within seven (working) days."""
    case = world.opened()
    world.av(case, "preserve")  # on the audio/video list (第四十七条; see test_records.py)
    services.act(case, "preserve", world.head, {"officer_ids": world.two, "items": "过期食品20箱"},
                 today=DAY0)
    assert clock(case, "preservation").due_on == date(2025, 3, 12)
    services.act(case, "decide_preserved", world.head, {"way": "release"}, today=DAY0 + days(2))
    assert clock(case, "preservation").state == Clock.MET


# -- the head's proposal --------------------------------------------------------------------
def test_a_child_under_14_is_not_penalised(world):
    """《行政处罚法》第三十条: no penalty for a person under fourteen."""
    with pytest.raises(NotAllowed, match="不满十四周岁.*第三十条"):
        world.proposed(party_type="natural", party_name="张小明", party_id="350203201201011234",
                       party_birth_date="2012-01-01")


def test_a_mandatory_no_penalty_case_cannot_be_penalised(world, monkeypatch):
    """《行政处罚法》第三十三条第一款: minor, corrected, no harm → no penalty (list as data)."""
    monkeypatch.setattr(ports, "exemption", lambda *a, **k: SimpleNamespace(
        kind="no_penalty", basis="《行政处罚法》第三十三条第一款", list_version="2025-1"))
    with pytest.raises(NotAllowed, match="应当不予行政处罚"):
        world.proposed()


def fake_benchmark(monkeypatch):
    found = SimpleNamespace(benchmark_id=7, version="2025-1", tier_code="general",
                            tier_label="一般", fine_min=Decimal("5000"), fine_max=Decimal("30000"),
                            kinds=("fine",), conditions=("货值金额5000元以下",))

    def deviation(assessment, fine, kinds):
        if fine is not None and not assessment.fine_min <= fine <= assessment.fine_max:
            return f"罚款{fine}元超出“{assessment.tier_label}”档次范围"
        return None

    monkeypatch.setattr(ports, "assess", lambda *a, **k: found)
    monkeypatch.setattr(ports, "deviation", deviation)


def test_a_fine_outside_the_benchmark_tier_needs_written_reasons(world, monkeypatch):
    """《行政处罚法》第三十四条; 国办发〔2022〕27号: departing from the benchmark is reasoned."""
    fake_benchmark(monkeypatch)
    case = world.investigated()
    conclude = {"way": "penalise", "fine": "50000", "kinds": ["fine"], "reasons": "事实清楚"}
    with pytest.raises(InvalidData, match="偏离裁量基准的须书面说明理由"):
        services.act(case, "conclude", world.head, conclude, today=DAY0)
    case = services.act(case, "conclude", world.head,
                        conclude | {"deviation_reasons": "多次违法，情节严重"}, today=DAY0)
    p = PenaltyCase.objects.get(case=case)
    assert p.assessment["tier_label"] == "一般" and p.assessment["version"] == "2025-1"
    assert "超出" in p.deviation and p.deviation_reasons == "多次违法，情节严重"


def test_the_decision_stores_the_benchmark_tier_and_version(world, monkeypatch):
    fake_benchmark(monkeypatch)
    case = world.decided(fine="20000")
    payload = json.loads(case.events.get(action="decide").payload)
    assert (payload["tier"], payload["benchmark_version"]) == ("一般", "2025-1")
    assert payload["deviation"] == ""


# -- notice, defence, hearing -----------------------------------------------------------------
def test_no_decision_while_the_party_may_still_ask_for_a_hearing(world):
    """《行政处罚法》第四十四条、第六十四条第一项: the agency waits out the five working days."""
    case = world.notified(fine="150000")
    decision = {"fine": "150000", "kinds": ["fine"], "reasons": "依法处罚"}
    with pytest.raises(NotAllowed, match="听证申请期限至2025-03-10届满"):
        services.act(case, "decide", world.head, decision, today=DAY0 + days(3))
    case = services.act(case, "decide", world.head, decision, today=date(2025, 3, 11))
    assert case.state == "decided"


def test_a_hearing_request_after_five_working_days_is_refused(world):
    """《行政处罚法》第六十四条第一项: request a hearing within five days of the notice."""
    from fazhi.org.actors import Actor

    case = world.notified(fine="150000")
    with pytest.raises(NotAllowed, match="听证申请期限已于2025-03-10届满.*第六十四条第一项"):
        services.act(case, "request_hearing", Actor.public("当事人"), {}, today=date(2025, 3, 11))
    case = services.act(case, "request_hearing", Actor.public("当事人"), {}, today=date(2025, 3, 10))
    assert case.state == "hearing_requested"


def test_small_fines_carry_no_hearing_right(world):
    """《行政处罚法》第六十三条: only large fines and heavy penalties (threshold a parameter)."""
    case = world.notified(fine="2000")
    with pytest.raises(NotAllowed, match="不属于可以申请听证的情形"):
        services.act(case, "request_hearing", world.handler, {}, today=DAY0)


def hearing_requested(world):
    case = world.notified(fine="150000")
    return services.act(case, "request_hearing", world.handler, {}, today=DAY0 + days(1))


def test_the_presiding_officer_is_not_an_investigator(world):
    """《行政处罚法》第六十四条第四项: the hearing is presided by a non-investigator."""
    case = hearing_requested(world)
    schedule = {"notified_on": "2025-03-05", "hearing_on": "2025-03-20", "presiding": "陈执法",
                "presiding_officer_id": world.officers[0].pk}
    with pytest.raises(NotAllowed, match="非本案调查人员主持"):
        services.act(case, "schedule_hearing", world.handler, schedule, today=DAY0 + days(2))


def test_the_hearing_notice_comes_seven_working_days_ahead(world):
    """《行政处罚法》第六十四条第二项: notify the party seven days before the hearing."""
    case = hearing_requested(world)
    schedule = {"notified_on": "2025-03-05", "hearing_on": "2025-03-13", "presiding": "周主持"}
    with pytest.raises(InvalidData, match="不得早于2025-03-14"):
        services.act(case, "schedule_hearing", world.handler, schedule, today=DAY0 + days(2))


def test_the_decision_after_a_hearing_rests_on_its_record_and_the_hearing_is_excluded(world):
    """《行政处罚法》第六十五条: the decision rests on the hearing record; the hearing period is
    not counted toward the 90 days (excluded period)."""
    case = hearing_requested(world)
    before = clock(case, "decision").due_on
    services.act(case, "schedule_hearing", world.handler,
                 {"notified_on": "2025-03-05", "hearing_on": "2025-03-20", "presiding": "周主持"},
                 today=date(2025, 3, 5))
    with pytest.raises(NotAllowed):  # not in a state where a decision may be made
        services.act(case, "decide", world.head,
                     {"fine": "150000", "kinds": ["fine"], "reasons": "x" * 4}, today=date(2025, 3, 6))
    services.act(case, "record_hearing", world.handler,
                 {"record_no": "听证〔2025〕3号", "summary": "当事人到场陈述"}, today=date(2025, 3, 20))
    assert clock(case, "decision").due_on > before
    case = services.act(case, "decide", world.head,
                        {"fine": "120000", "kinds": ["fine"], "reasons": "依据听证笔录"},
                        today=date(2025, 3, 21))
    assert json.loads(case.events.get(action="decide").payload)["hearing_record"] == "听证〔2025〕3号"


def test_no_heavier_penalty_after_the_party_defended_itself(world):
    """《行政处罚法》第四十五条第二款: defending oneself never makes the penalty heavier."""
    case = world.notified()
    services.act(case, "defend", world.handler, {"statement": "初次违法，已整改"}, today=DAY0)
    later = date(2025, 3, 11)
    for heavier in ({"fine": "25000", "kinds": ["fine"]},
                    {"fine": "20000", "kinds": ["fine", "order_suspension"]}):
        with pytest.raises(NotAllowed, match="第四十五条第二款"):
            services.act(case, "decide", world.head, heavier | {"reasons": "依法处罚"}, today=later)
    case = services.act(case, "decide", world.head,
                        {"fine": "18000", "kinds": ["fine"], "reasons": "采纳部分申辩意见"}, today=later)
    assert case.penalty.fine == Decimal("18000")


# -- legal review ---------------------------------------------------------------------------
def reviewable(world):
    ReviewableMatter.objects.create(agency=world.agency, label="罚款一万元以上",
                                    fine_from=Decimal("10000"), citation="本局法制审核事项清单第1项",
                                    effective_from=date(2024, 1, 1))


def test_no_decision_without_a_passed_legal_review(world):
    """《行政处罚法》第五十八条: a reviewable decision needs a passed legal review first."""
    reviewable(world)
    case = world.notified()
    services.act(case, "waive", world.handler, {}, today=DAY0)
    decision = {"fine": "20000", "kinds": ["fine"], "reasons": "依法处罚"}
    with pytest.raises(NotAllowed, match="未经法制审核或者审核未通过的，不得作出决定.*第五十八条"):
        services.act(case, "decide", world.head, decision, today=DAY0)
    services.act(case, "submit_review", world.handler, {}, today=DAY0)
    checklist = dict.fromkeys(CHECKLIST, "ok")
    failed = checklist | {"c3_facts": "problem", "outcome": "fail", "opinion": "证据不足",
                          "reasons": "缺少抽样检验报告"}
    case = services.act(case, "decide_review", world.reviewer, failed, today=DAY0 + days(1))
    assert case.state == "review_failed"
    with pytest.raises(NotAllowed):  # a failed review blocks the decision
        services.act(case, "decide", world.head, decision, today=DAY0 + days(1))
    services.act(case, "revise_proposal", world.head,
                 {"fine": "20000", "kinds": ["fine"], "reasons": "补充检验报告"}, today=DAY0 + days(2))
    services.act(case, "notify", world.handler, {"served_on": "2025-03-05"}, today=DAY0 + days(2))
    services.act(case, "waive", world.handler, {}, today=DAY0 + days(2))
    services.act(case, "submit_review", world.handler, {}, today=DAY0 + days(2))
    passed = checklist | {"outcome": "pass", "opinion": "事实清楚，适用法律正确"}
    case = services.act(case, "decide_review", world.reviewer, passed, today=DAY0 + days(3))
    case = services.act(case, "decide", world.head, decision, today=DAY0 + days(3))
    assert case.state == "decided"
    assert clock(case, "review").state == Clock.MET


def test_the_reviewer_cannot_have_handled_the_case(world):
    """Review apart from investigation (《行政处罚法》第五十八条; 118号): four-eyes."""
    from conftest import make_staff
    from fazhi.core.errors import Forbidden
    from fazhi.enforcement.tests.conftest import qualify

    reviewable(world)
    both = make_staff(world.agency, "both", ["handler", "reviewer"], "兼职")
    qualify(both, "A20160000002")
    case = world.opened()
    services.act(case, "record_investigation", both,
                 {"kind": "inquiry", "officer_ids": world.two, "summary": "询问笔录"}, today=DAY0)
    services.act(case, "end_investigation", world.handler, {"harm": "minor", "summary": "终结"},
                 today=DAY0)
    services.act(case, "conclude", world.head, {"way": "penalise", "fine": "20000",
                                                "kinds": ["fine"], "reasons": "事实清楚"}, today=DAY0)
    services.act(case, "notify", world.handler, {"served_on": "2025-03-03"}, today=DAY0)
    services.act(case, "waive", world.handler, {}, today=DAY0)
    services.act(case, "submit_review", world.handler, {}, today=DAY0)
    passed = dict.fromkeys(CHECKLIST, "ok") | {"outcome": "pass", "opinion": "事实清楚"}
    with pytest.raises(Forbidden, match="审核人不能是"):
        services.act(case, "decide_review", both, passed, today=DAY0)
    assert services.act(case, "decide_review", world.reviewer, passed, today=DAY0).state == "reviewed"


def test_outside_the_catalogue_no_review_is_needed(world):
    """§4.3: the agency's catalogue decides which matters are reviewed."""
    case = world.notified(fine="2000")
    with pytest.raises(NotAllowed, match="无需法制审核"):
        services.act(case, "submit_review", world.handler, {}, today=DAY0 + days(10))


# -- one act one fine, suspected crime --------------------------------------------------------
def test_one_act_is_fined_once(world):
    """《行政处罚法》第二十九条: no second fine for the same act."""
    world.decided()
    case = world.notified()
    services.act(case, "waive", world.handler, {}, today=DAY0)
    with pytest.raises(NotAllowed, match="不得给予两次以上罚款.*第二十九条"):
        services.act(case, "decide", world.head,
                     {"fine": "1000", "kinds": ["fine"], "reasons": "依法处罚"}, today=DAY0)


def test_a_suspected_crime_cannot_be_closed_with_a_fine_alone(world, monkeypatch):
    """《行政处罚法》第二十七条、第五十七条: a suspected crime goes to the judicial organs first."""
    monkeypatch.setattr(ports, "flag", lambda *a, **k: ("货值金额达到五万元",))
    case = world.notified()
    services.act(case, "waive", world.handler, {}, today=DAY0)
    decision = {"fine": "20000", "kinds": ["fine"], "reasons": "依法处罚"}
    with pytest.raises(NotAllowed, match="涉嫌犯罪（货值金额达到五万元）"):
        services.act(case, "decide", world.head, decision, today=DAY0)
    monkeypatch.setattr(ports, "settled", lambda case: True)  # 决定不移送, reasons recorded
    assert services.act(case, "decide", world.head, decision, today=DAY0).state == "decided"


def test_a_first_time_reviewer_needs_the_legal_profession_qualification(world):
    """《行政处罚法》第五十八条第二款: first-time reviewers hold the legal-profession qualification."""
    from conftest import make_staff

    reviewable(world)
    novice = make_staff(world.agency, "novice", ["reviewer"], "新审核")
    case = world.notified()
    services.act(case, "waive", world.handler, {}, today=DAY0)
    case = services.act(case, "submit_review", world.handler, {}, today=DAY0)
    events = case.event_count
    passed = dict.fromkeys(CHECKLIST, "ok") | {"outcome": "pass", "opinion": "事实清楚"}
    with pytest.raises(NotAllowed, match="应当取得法律职业资格.*第五十八条第二款"):
        services.act(case, "decide_review", novice, passed, today=DAY0)
    nothing_written(case, "under_review", events)

