"""The limits and refusals of complaints and reports, each citing its article
(domain/addendum-2026-12.md §B), and the bad inputs of issue 14 — each refused with a clear
Chinese message and nothing half-written."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from fazhi.cases.models import Case, Clock
from fazhi.complaints import jobs
from fazhi.complaints.limits import LIMITS, REPORT_LIMITS
from fazhi.complaints.models import Complaint, Report
from fazhi.complaints.tests.factories import DAY0, OTHER_USCC, days
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.holidays.services import current_calendar

pytestmark = pytest.mark.django_db


def nothing_written() -> None:
    assert not Case.objects.exists()
    assert not Complaint.objects.exists() and not Report.objects.exists()


def wd_after(start: date, n: int) -> date:
    return current_calendar().add_working_days(start, n)


# -- the limits -----------------------------------------------------------------------------
def test_acceptance_is_due_7_working_days_after_receipt_art_14(world):
    """《市场监督管理投诉举报处理暂行办法》第十四条: accept or not within 7 WD of receipt."""
    case = world.received()  # Monday 3 March 2025: due Wednesday 12 March
    clock = case.clocks.get(code="complaint.accept")
    assert clock.due_on == date(2025, 3, 12) == wd_after(DAY0, 7)
    assert "第十四条" in LIMITS["accept"].citation and "UNVERIFIED" in LIMITS["accept"].citation


def test_acceptance_after_7_working_days_is_recorded_as_missed_art_14(world):
    case = world.act(world.received(), "accept", on=date(2025, 3, 13))
    assert case.clocks.get(code="complaint.accept").state == Clock.MISSED


def test_a_lapsed_acceptance_review_shows_overdue_in_the_inbox_art_14(world):
    """第十四条: a complaint not decided within 7 WD is overdue in the office's inbox."""
    today = timezone.localdate()
    late = world.received(on=today - days(30), subject="过期未决定的投诉")
    fresh = world.received(on=today, subject="今天收到的投诉")
    client = Client()
    assert client.login(username="sj_handler", password="pw-sj_handler-123456")
    page = client.get("/workspace/", {"overdue": "1"}).content.decode()
    assert late.number in page and fresh.number not in page


def test_mediation_ends_45_working_days_after_acceptance_art_21(world):
    """第二十一条: no agreement within 45 WD of acceptance ends the mediation."""
    case = world.mediating()  # accepted Wednesday 5 March 2025
    clock = case.clocks.get(code="complaint.mediate")
    assert clock.due_on == wd_after(DAY0 + days(2), 45)
    assert "第二十一条" in LIMITS["mediate"].citation
    late = clock.due_on + days(1)
    with pytest.raises(NotAllowed, match="45个工作日内未能达成调解协议的，应当终止调解.*第二十一条"):
        world.act(case, "agree", {"terms": "退款", "agreed_on": late.isoformat()}, on=late)
    case.refresh_from_db()
    assert case.state == "mediating" and case.complaint.agreement == ""


def test_the_45_working_day_ground_only_once_they_passed_art_21(world):
    case = world.mediating()
    with pytest.raises(NotAllowed, match="未届满的不能以.*第二十一条"):
        world.act(case, "end", {"ground": "no_agreement_45"}, on=DAY0 + days(10))
    case.refresh_from_db()
    assert case.state == "mediating" and case.complaint.ending == ""


def test_the_tick_ends_a_lapsed_mediation_and_starts_the_notice_art_21(world):
    case = world.mediating()
    due = case.clocks.get(code="complaint.mediate").due_on
    assert jobs.end_lapsed(due) == 0  # the last day is still within the limit
    assert jobs.end_lapsed(due + days(1)) == 1
    case.refresh_from_db()
    assert case.state == "ended" and case.complaint.ending == "no_agreement_45"
    assert case.clocks.get(code="complaint.mediate").state == Clock.MET
    assert case.clocks.get(code="complaint.notify_end").state == Clock.RUNNING


def test_both_parties_are_told_within_7_working_days_of_ending_art_21(world):
    """第二十一条: the end of mediation is told to both parties within 7 WD."""
    case = world.act(world.mediating(), "end", {"ground": "refused"}, on=DAY0 + days(7))
    clock = case.clocks.get(code="complaint.notify_end")
    assert clock.due_on == wd_after(DAY0 + days(7), 7)
    assert "第二十一条" in LIMITS["notify_end"].citation
    case = world.act(case, "tell_end", {"told_on": (clock.due_on + days(1)).isoformat()},
                     on=clock.due_on + days(1))
    assert case.clocks.get(code="complaint.notify_end").state == Clock.MISSED


def test_a_report_is_verified_within_15_working_days_samr_penalty_rules_art_18(world):
    """《市场监督管理行政处罚程序规定》第十八条: verify and decide within 15 WD of receipt."""
    report = world.report()
    clock = report.clocks.get(code="complaint.report_verify")
    assert clock.due_on == wd_after(DAY0, 15)
    assert REPORT_LIMITS["verify"].citation == "《市场监督管理行政处罚程序规定》第十八条"


def test_the_head_extends_verification_by_15_working_days_once_art_18(world):
    """第十八条: + 15 WD with the head's approval; a second extension is refused."""
    report = world.act(world.report(), "extend", {"reason": "需调取交易记录"}, on=DAY0 + days(5),
                       who=world.head)
    clock = report.clocks.get(code="complaint.report_verify")
    assert clock.extended and clock.due_on == wd_after(DAY0, 30)
    with pytest.raises(NotAllowed, match="已经延长过.*第十八条"):
        world.act(report, "extend", {"reason": "再次延长"}, on=DAY0 + days(6), who=world.head)


def test_only_the_head_extends_or_decides_a_report_art_18(world):
    from fazhi.core.errors import Forbidden

    with pytest.raises(Forbidden):
        world.act(world.report(), "extend", {"reason": "需调取交易记录"}, on=DAY0 + days(5))


def test_every_limit_is_listed_with_its_article():
    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    listed = out.getvalue()
    for limit in [*LIMITS.values(), *REPORT_LIMITS.values()]:
        assert limit.code in listed
        assert "《" in limit.citation and "第" in limit.citation
    assert "complaint.accept" in listed and "complaint.report_verify" in listed


def test_a_restated_limit_is_a_setting(settings):
    """The UNVERIFIED figures are parameters: the operator's value replaces the default."""
    from fazhi.complaints import limits

    settings.FAZHI_COMPLAINT_LIMITS = {"accept": 5}
    assert limits.days("accept") == 5 and limits.days("mediate") == 45


# -- bad input ---------------------------------------------------------------------------------
def test_a_complaint_naming_no_business_is_refused_art_9(world):
    """Issue 14 bad input: a complaint naming no business (第九条)."""
    with pytest.raises(InvalidData, match="须写明被投诉、举报的经营者.*第九条"):
        world.received(uscc="", business_name="", business_address="")
    nothing_written()


def test_a_business_named_without_its_address_is_refused_art_9(world):
    with pytest.raises(InvalidData, match="经营者名称和经营地址"):
        world.received(uscc="", business_name="某奶茶店", business_address="")
    nothing_written()


def test_a_wrong_credit_code_is_refused_with_its_reason(world):
    with pytest.raises(InvalidData, match="统一社会信用代码校验码错误"):
        world.received(uscc="91350200MA31T9AU5H")
    nothing_written()


def test_a_full_width_credit_code_is_normalised_and_found(world):
    full = "".join(chr(ord(c) + 0xFEE0) for c in world.entity.uscc)
    case = world.received(uscc=full)
    assert case.complaint.entity == world.entity and case.complaint.business_uscc == world.entity.uscc


def test_a_code_outside_the_directory_needs_the_name_and_address(world):
    with pytest.raises(InvalidData, match="不在市场主体名录中"):
        world.received(uscc=OTHER_USCC)
    nothing_written()
    case = world.received(uscc=OTHER_USCC, business_name="某健身房", business_address="某路3号")
    assert case.complaint.entity is None and case.complaint.business_uscc == OTHER_USCC


def test_a_complaint_without_a_request_is_refused_art_9(world):
    with pytest.raises(InvalidData, match="具体的投诉请求"):
        world.received(request="")
    nothing_written()


def test_a_report_without_the_violation_is_refused(world):
    with pytest.raises(InvalidData, match="涉嫌违法的行为"):
        world.received(kind="both", violation="")
    nothing_written()


def test_a_split_that_fails_writes_neither_case(world, monkeypatch):
    """The complaint and its report open in one transaction: both or neither."""
    def broken(self, *args, **kwargs):
        raise InvalidData("举报登记失败")

    monkeypatch.setattr(Report, "save", broken)
    with pytest.raises(InvalidData, match="举报登记失败"):
        world.received(kind="both", violation="虚假宣传")
    nothing_written()


def test_opening_a_case_on_a_business_without_a_credit_code_asks_for_it_art_18(world):
    report = world.report(uscc="", business_name="某无照摊点", business_address="某路4号")
    with pytest.raises(InvalidData, match="统一社会信用代码"):
        world.act(report, "open_case", {"legal_basis": "《反不正当竞争法》第八条",
                                        "act_date": DAY0.isoformat()}, on=DAY0 + days(3),
                  who=world.head)
    report.refresh_from_db()
    assert report.state == "received" and not Case.objects.filter(procedure="penalty").exists()


def test_a_decline_gives_its_ground_and_the_complainant_is_told_art_14_15(world):
    from fazhi.notifications.models import Notification

    case = world.act(world.received(), "decline", {"ground": "not_consumer",
                                                   "reason": "为经营需要购买"}, on=DAY0 + days(3))
    assert (case.state, case.complaint.refusal) == ("not_accepted", "not_consumer")
    note = Notification.objects.get(kind="complaints.decline")
    assert "为经营需要购买" in note.body and "第十五条" in note.body
