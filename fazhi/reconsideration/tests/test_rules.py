"""Each rule of 《行政复议法》 (2023) the engine enforces, with its article; every refusal
leaves nothing written."""

from datetime import date

import pytest

from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case, Clock
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.reconsideration import jobs, services
from fazhi.reconsideration.tests.factories import DAY0, days

pytestmark = pytest.mark.django_db


def clock(case, code):
    return Clock.objects.get(case_id=case.pk, code=f"reconsideration.{code}")


def refused(call, *args, **kw) -> str:
    with pytest.raises((NotAllowed, InvalidData)) as caught:
        call(*args, **kw)
    return str(caught.value)


# -- 第二十条、第二十一条: the application window -----------------------------------------------
def test_application_within_60_days_is_registered_with_the_office_art20(world):
    case = world.apply(known_on="2025-01-05", act_date="2025-01-05")  # day 57
    assert case.agency == world.office and case.state == "received"
    assert case.reconsideration.body == world.body
    assert "第二十条第一款" in case.reconsideration.window_note


def test_application_after_60_days_without_good_reason_is_refused_art20(world):
    message = refused(world.apply, known_on="2024-12-20", act_date="2024-12-20")
    assert "申请期限" in message and "第二十条" in message and "正当理由" in message
    assert not Case.objects.filter(procedure="reconsideration").exists()


def test_good_reason_resumes_the_period_after_the_obstacle_art20_2(world):
    case = world.apply(known_on="2024-12-01", act_date="2024-12-01", good_reason="住院治疗",
                       obstacle_from="2024-12-10", obstacle_to="2025-02-10")
    assert case.state == "received"
    assert "中止计算" in case.reconsideration.window_note


def test_good_reason_that_does_not_cover_the_delay_is_refused_art20_2(world):
    message = refused(world.apply, known_on="2024-10-01", act_date="2024-10-01",
                      good_reason="出差", obstacle_from="2024-10-10", obstacle_to="2024-10-20")
    assert "扣除正当理由耽误的期间后仍已超过申请期限" in message


def test_untold_applicant_has_up_to_one_year_from_knowing_the_act_art20_3(world):
    case = world.apply(known_on="2024-06-01", act_date="2024-06-01", told_of_right=False)
    assert "第二十条第三款" in case.reconsideration.window_note
    message = refused(world.apply, known_on="2024-02-01", act_date="2024-02-01",
                      told_of_right=False)
    assert "第二十条" in message


def test_untold_applicant_who_learned_the_right_has_60_days_from_then_art20_3(world):
    message = refused(world.apply, known_on="2024-10-01", act_date="2024-10-01",
                      told_of_right=False, right_known_on="2024-11-01")
    assert "第二十条" in message


def test_outer_bar_of_five_years_from_the_act_art21(world):
    message = refused(world.apply, act_date="2019-12-01", known_on="2025-02-01")
    assert "超过5年" in message and "第二十一条" in message


def test_outer_bar_for_real_property_is_twenty_years_art21(world):
    case = world.apply(act_date="2015-01-01", known_on="2025-02-01", real_property=True,
                       act_kind="licence")
    assert case.state == "received"


def test_oral_application_needs_the_record_made_on_the_spot_art22(world):
    data = {"channel": "oral", "oral_record": ""}
    from fazhi.reconsideration.tests.factories import application

    message = refused(services.apply, world.body, world.handler, application(**data),
                      today=DAY0)
    assert "第二十二条" in message
    case = services.apply(world.body, world.handler,
                          application(channel="oral", oral_record="申请人口述……"), today=DAY0)
    assert case.reconsideration.channel == "oral"


def test_posted_application_is_on_time_by_its_postmark(world):
    from fazhi.reconsideration.tests.factories import application

    data = application(channel="post", posted_on="2025-03-03", known_on="2025-01-02",
                       act_date="2025-01-02")  # posted on day 60, arrived on day 63
    case = services.apply(world.body, world.handler, data, received_on=date(2025, 3, 6),
                          today=date(2025, 3, 6))
    assert case.state == "received"


# -- 第三十条、第三十一条: acceptance, deemed acceptance, correction -------------------------------
def test_review_within_5_working_days_and_deemed_acceptance_when_it_lapses_art30(world):
    case = world.apply()
    due = clock(case, "accept").due_on
    assert due == date(2025, 3, 10)
    message = refused(services.act, case, "deem_accepted", world.handler, {}, today=due)
    assert "第三十条第二款" in message
    assert jobs.deem_accepted(due) == "0 application(s) deemed accepted"
    assert jobs.deem_accepted(due + days(1)).startswith("1 ")
    case.refresh_from_db()
    r = case.reconsideration
    assert case.state == "accepted" and r.deemed_accepted and r.accepted_on == due
    assert clock(case, "decide").started_on == due
    assert jobs.deem_accepted(due + days(2)).startswith("0 ")  # idempotent


def test_correction_notice_is_given_once_with_every_item_art31_1(world):
    case = world.apply()
    services.act(case, "request_correction", world.handler,
                 {"items": ["身份证明", "原行政行为文书"], "served_on": "2025-03-04"},
                 today=date(2025, 3, 4))
    assert clock(case, "correction").due_on == date(2025, 3, 18)  # 10 WD
    services.act(case, "correct", world.public, {"materials": "补交身份证明"},
                 today=date(2025, 3, 10))
    assert clock(case, "accept").started_on == date(2025, 3, 10)  # the review runs again
    message = refused(services.act, case, "request_correction", world.handler,
                      {"items": ["其他"], "served_on": "2025-03-11"}, today=date(2025, 3, 11))
    assert "一次性" in message and "第三十一条第一款" in message


def test_not_corrected_in_10_working_days_is_deemed_abandoned_art31_2(world):
    case = world.apply()
    services.act(case, "request_correction", world.handler,
                 {"items": ["身份证明"], "served_on": "2025-03-04"}, today=date(2025, 3, 4))
    message = refused(services.act, case, "abandon", world.handler, {}, today=date(2025, 3, 18))
    assert "第三十一条第二款" in message
    case = services.act(case, "abandon", world.handler, {}, today=date(2025, 3, 19))
    assert case.outcome == "abandoned" and not case.is_open


def test_no_correction_notice_after_the_review_lapsed_art30(world):
    case = world.apply()
    message = refused(services.act, case, "request_correction", world.handler,
                      {"items": ["身份证明"], "served_on": "2025-03-11"}, today=date(2025, 3, 11))
    assert "视为受理" in message


# -- 第五十三条至第五十五条: ordinary or simplified --------------------------------------------------
def test_simplified_only_on_the_statutory_grounds_art53(world):
    case = world.accepted()  # a ¥5,000 fine
    message = refused(services.act, case, "set_track", world.handler,
                      {"track": "simplified", "ground": "amount", "clear": True,
                       "handler_name": "王复议"}, today=DAY0)
    assert "第五十三条" in message
    message = refused(services.act, case, "set_track", world.handler,
                      {"track": "simplified", "ground": "agreed", "clear": False,
                       "handler_name": "王复议"}, today=DAY0)
    assert "事实清楚" in message
    case = world.tracked(track="simplified", ground="gio", act_kind="gio", amount=None)
    assert clock(case, "decide_simplified").due_on == date(2025, 4, 2)  # 30 days
    assert clock(case, "copy_simplified").due_on == date(2025, 3, 6)  # 3 WD
    assert clock(case, "decide").state == Clock.CANCELLED


def test_copy_and_reply_limits_of_the_ordinary_procedure_art48(world):
    case = world.tracked()
    assert clock(case, "copy").due_on == date(2025, 3, 12)  # 7 WD
    services.act(case, "send_copy", world.handler,
                 {"sent_on": "2025-03-04", "received_on": "2025-03-05"}, today=date(2025, 3, 5))
    assert clock(case, "reply").due_on == date(2025, 3, 19)  # 10 WD


def test_reply_lapsed_only_after_10_working_days_and_then_no_uphold_art48_art70(world):
    case = world.tracked()
    services.act(case, "send_copy", world.handler,
                 {"sent_on": "2025-03-03", "received_on": "2025-03-03"}, today=DAY0)
    message = refused(services.act, case, "reply_lapsed", world.handler, {},
                      today=date(2025, 3, 17))
    assert "第四十八条" in message
    services.act(case, "reply_lapsed", world.handler, {}, today=date(2025, 3, 18))
    services.act(case, "hear_parties", world.handler, {"way": "phone", "summary": "意见"},
                 today=date(2025, 3, 18))
    message = refused(world.propose, case, date(2025, 3, 18), kind="uphold")
    assert "第七十条" in message


def test_conversion_to_ordinary_keeps_the_acceptance_date_art55(world):
    case = world.tracked(track="simplified", ground="gio", act_kind="gio", amount=None)
    message = refused(services.act, case, "extend_decision", world.head,
                      {"reason": "案情复杂", "notified_on": "2025-03-03"}, today=DAY0)
    assert "不得延长" in message and "第六十二条第二款" in message
    services.act(case, "convert", world.head, {"reason": "案情复杂"}, today=date(2025, 3, 4))
    assert clock(case, "decide").due_on == date(2025, 5, 6)  # 60 days from 3 Mar, holiday rolled
    assert clock(case, "copy").due_on == date(2025, 3, 12)
    case.refresh_from_db()
    assert case.reconsideration.track == "ordinary" and case.reconsideration.converted


# -- 第六十二条: the time to decide ------------------------------------------------------------
def test_one_extension_of_30_days_by_the_office_head_art62(world):
    case = world.tracked()
    before = clock(case, "decide").due_on
    with pytest.raises(Forbidden):  # the office head approves, not the handler
        services.act(case, "extend_decision", world.handler,
                     {"reason": "案情复杂", "notified_on": "2025-04-01"}, today=date(2025, 4, 1))
    services.act(case, "extend_decision", world.head, {"reason": "案情复杂", "notified_on": "2025-04-01"},
                 today=date(2025, 4, 1))
    after = clock(case, "decide")
    assert after.extended and after.due_on > before and "行政复议机构的负责人" in after.explanation
    message = refused(services.act, case, "extend_decision", world.head,
                      {"reason": "再次延长", "notified_on": "2025-04-02"}, today=date(2025, 4, 2))
    assert "只能延长一次" in message and "第六十二条第一款" in message


def test_extension_in_the_simplified_procedure_is_refused_art62_2(world):
    case = world.tracked(track="simplified", ground="gio", act_kind="gio", amount=None)
    assert "extend_decision" not in [t.action for t in actions_for(case, world.head, DAY0)]
    message = refused(services.act, case, "extend_decision", world.head,
                      {"reason": "案情复杂", "notified_on": "2025-03-03"}, today=DAY0)
    assert "第六十二条第二款" in message
    assert not clock(case, "decide_simplified").extended


def test_deadline_registry_applies_the_extension_only_to_the_ordinary_limit_art62():
    from fazhi.law import timelimits
    from fazhi.law.workdays import builtin_calendar

    cal = builtin_calendar()
    decide = timelimits.get("reconsideration.decide", date(2025, 8, 4))
    assert timelimits.evaluate(decide, cal, date(2025, 8, 4)).due == date(2025, 10, 9)
    assert timelimits.evaluate(decide, cal, date(2025, 8, 4), extended=True).extended
    simple = timelimits.get("reconsideration.decide_simplified", date(2025, 8, 4))
    with pytest.raises(ValueError):
        timelimits.evaluate(simple, cal, date(2025, 8, 4), extended=True)


# -- 第四十九条至第五十一条: hearing the parties, hearings ---------------------------------------
def test_ordinary_procedure_must_hear_the_parties_before_a_decision_art49(world):
    case = world.replied()
    message = refused(world.propose, case)
    assert "第四十九条" in message
    message = refused(services.act, case, "hear_parties", world.handler,
                      {"way": "written", "summary": "书面审理"}, today=DAY0)
    assert "第四十九条" in message
    services.act(case, "hear_parties", world.handler,
                 {"way": "written", "summary": "申请人拒绝接听", "party_prevented": True}, today=DAY0)
    assert world.propose(case).state == "proposed"


def test_simplified_procedure_may_be_written_only_art54(world):
    case = world.replied(track="simplified", ground="gio", act_kind="gio", amount=None)
    assert world.propose(case).state == "proposed"


def test_hearing_notice_at_least_5_working_days_before_art50(world):
    case = world.replied()
    message = refused(services.act, case, "schedule_hearing", world.handler,
                      {"notified_on": "2025-03-03", "hearing_on": "2025-03-07", "presiding": "张主持",
                       "officers": ["甲", "乙"], "clerk": "赵记录"}, today=DAY0)
    assert "第五十条" in message and "2025-03-10" in message


def test_respondent_head_attends_or_gives_reasons_and_a_delegate_art51(world):
    case = world.replied()
    services.act(case, "schedule_hearing", world.handler,
                 {"notified_on": "2025-03-03", "hearing_on": "2025-03-10", "presiding": "张主持",
                  "officers": ["甲", "乙"], "clerk": "赵记录"}, today=DAY0)
    message = refused(services.act, case, "record_hearing", world.handler,
                      {"record_no": "TZ-1", "summary": "听证", "head_attended": False},
                      today=date(2025, 3, 10))
    assert "第五十一条" in message


def test_decision_after_a_hearing_must_cite_the_hearing_record_art61(world):
    case = world.replied()
    services.act(case, "schedule_hearing", world.handler,
                 {"notified_on": "2025-03-03", "hearing_on": "2025-03-10", "presiding": "张主持",
                  "officers": ["甲", "乙"], "clerk": "赵记录"}, today=DAY0)
    services.act(case, "record_hearing", world.handler,
                 {"record_no": "FY-TZ-2025-1", "summary": "听证", "head_attended": True},
                 today=date(2025, 3, 10))
    message = refused(world.propose, case, date(2025, 3, 11))
    assert "听证笔录" in message and "第六十一条第二款" in message
    case.refresh_from_db()
    assert case.state == "reviewing" and not case.reconsideration.proposal
    case = world.propose(case, date(2025, 3, 11), hearing_record_no="FY-TZ-2025-1")
    assert case.state == "proposed"


# -- 第六十三条: no change to the applicant's detriment -------------------------------------------
def test_change_worse_for_the_applicant_is_refused_art63_2(world):
    case = world.heard()
    message = refused(world.propose, case, kind="change", amount="8000", content="罚款变更为八千元")
    assert "更为不利" in message and "第六十三条第二款" in message
    message = refused(world.propose, case, kind="change", heavier=True, content="增加没收")
    assert "第六十三条第二款" in message
    assert world.propose(case, kind="change", amount="8000", third_party_requested=True,
                         content="第三人请求").state == "proposed"


def test_the_head_approves_only_a_lawful_proposal_guard_art63(world):
    """The guard on approval reads the stored proposal: a proposal made lawful that the
    law no longer allows (here, a hearing record since recorded) is not offered."""
    from fazhi.reconsideration import guards
    from fazhi.reconsideration.models import Reconsideration

    case = world.heard()
    world.propose(case, kind="change", amount="3000", content="罚款变更为三千元")
    case = Case.objects.get(pk=case.pk)
    assert guards.decide_refusal(case, DAY0) is None
    Reconsideration.objects.filter(case=case).update(
        proposal={"kind": "change", "amount": "9000", "content": "x"})
    case = Case.objects.get(pk=case.pk)
    assert "第六十三条第二款" in guards.decide_refusal(case, DAY0)
    message = refused(services.act, case, "decide", world.head, {"decision_no": "厦府复〔2025〕1号"},
                      today=DAY0)
    assert "第六十三条第二款" in message


# -- 第三十九条、第四十一条、第七十三条、第七十四条: suspension, termination, mediation ------------------
def test_suspension_stops_the_decision_clock_until_its_bound_art39(world):
    case = world.heard()
    before = clock(case, "decide").due_on  # 2 May 2025 is a holiday: rolled to Tue 6 May
    assert before == date(2025, 5, 6)
    services.act(case, "suspend", world.handler,
                 {"ground": "force_majeure", "on": "2025-03-10", "until": "2025-03-20"},
                 today=date(2025, 3, 10))
    assert clock(case, "decide").due_on > before
    case = services.act(case, "resume", world.handler, {"on": "2025-03-15"},
                        today=date(2025, 3, 15))
    assert case.state == "reviewing"
    # 11–15 March not counted: the nominal last day moves from 2 to 7 May, a working day
    assert clock(case, "decide").due_on == date(2025, 5, 7)
    assert "5日不计入" in clock(case, "decide").explanation


def test_termination_after_60_days_of_suspension_only_art41(world):
    case = world.heard()
    services.act(case, "suspend", world.handler,
                 {"ground": "absent", "on": "2025-03-10", "until": "2025-06-30"},
                 today=date(2025, 3, 10))
    message = refused(services.act, case, "terminate", world.head,
                      {"ground": "suspended_60", "reason": "下落不明"}, today=date(2025, 4, 1))
    assert "第四十一条" in message
    case = services.act(case, "terminate", world.head,
                        {"ground": "suspended_60", "reason": "下落不明"}, today=date(2025, 5, 12))
    assert case.outcome == "terminated"


def test_mediation_document_takes_effect_once_signed_and_sealed_art73(world):
    case = world.heard()
    message = refused(services.act, case, "mediate", world.head,
                      {"agreement": "协议", "all_signed": False, "sealed": True}, today=DAY0)
    assert "第七十三条" in message
    case = services.act(case, "mediate", world.head,
                        {"agreement": "协议", "all_signed": True, "sealed": True}, today=DAY0)
    assert case.outcome == "mediated"


def test_settlement_ends_by_voluntary_withdrawal_art74(world):
    case = world.heard()
    message = refused(services.act, case, "withdraw", world.head,
                      {"settled": True, "reason": "和解", "voluntary": False}, today=DAY0)
    assert "第七十四条" in message
    case = services.act(case, "withdraw", world.head,
                        {"settled": True, "reason": "和解", "voluntary": True}, today=DAY0)
    assert case.outcome == "withdrawn"


# -- ADR 0022: the agencies on the case --------------------------------------------------------
def test_only_the_respondent_files_the_reply_and_the_body_sees_the_case(world):
    case = world.tracked()
    services.act(case, "send_copy", world.handler,
                 {"sent_on": "2025-03-03", "received_on": "2025-03-03"}, today=DAY0)
    with pytest.raises(Forbidden):
        services.act(case, "file_reply", world.handler, {"reply": "答复", "evidence": "证据"},
                     today=DAY0)
    assert Case.objects.visible_to(world.respondent).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(world.organ_head).filter(pk=case.pk).exists()
    services.act(case, "file_reply", world.respondent, {"reply": "答复", "evidence": "证据"},
                 today=DAY0)
    assert not Case.objects.inbox_for(world.respondent).filter(pk=case.pk).exists()
