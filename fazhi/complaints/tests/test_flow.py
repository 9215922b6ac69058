"""A complaint through acceptance and mediation, the split of a complaint that is also a
report, and the report's lead registered in enforcement through the signal."""

import pytest

from fazhi.cases.models import Case, Clock
from fazhi.complaints.tests.factories import DAY0, USCC, days
from fazhi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_complaint_is_accepted_mediated_and_agreed(world):
    case = world.received()
    assert case.state == "received" and case.procedure == "complaint"
    assert case.complaint.entity == world.entity  # picked from the directory by its USCC
    assert case.complaint.business_name == "厦门某某健身有限公司"
    assert "李某某" not in case.title and "厦门某某健身有限公司" in case.title
    case = world.act(case, "accept", on=DAY0 + days(2))
    assert case.state == "mediating" and case.complaint.accepted_on == DAY0 + days(2)
    assert Notification.objects.filter(kind="complaints.accept", recipient="13800000000").exists()
    case = world.act(case, "hold_session", {"held_on": (DAY0 + days(5)).isoformat(),
                                            "record": "双方到场"}, on=DAY0 + days(5))
    case = world.act(case, "agree", {"terms": "退还余额1200元", "agreed_on": (DAY0 + days(9)).isoformat()},
                     on=DAY0 + days(9))
    assert (case.state, case.outcome, case.is_open) == ("agreed", "agreed", False)
    assert case.complaint.sessions == 1
    clocks = dict(case.clocks.values_list("code", "state"))
    assert clocks == {"complaint.accept": Clock.MET, "complaint.mediate": Clock.MET}


def test_mediation_ended_and_both_parties_told(world):
    case = world.mediating()
    case = world.act(case, "end", {"ground": "refused", "reason": "被投诉人拒绝调解"},
                     on=DAY0 + days(7))
    assert case.state == "ended" and case.complaint.ended_on == DAY0 + days(7)
    notice = case.clocks.get(code="complaint.notify_end")
    assert notice.state == Clock.RUNNING
    case = world.act(case, "tell_end", {"told_on": (DAY0 + days(8)).isoformat()}, on=DAY0 + days(8))
    assert (case.state, case.outcome) == ("closed", "failed")
    assert case.clocks.get(code="complaint.notify_end").state == Clock.MET


def test_the_complainant_withdraws(world, client):
    case = world.mediating()
    case = world.act(case, "withdraw", {"note": "已自行和解"}, on=DAY0 + days(4))
    assert (case.state, case.outcome) == ("withdrawn", "withdrawn")
    assert not case.clocks.filter(state=Clock.RUNNING).exists()


def test_a_complaint_that_is_also_a_report_splits_into_two_cases(world):
    case = world.received(kind="both", violation="虚假宣传：标价与结算价不符")
    report = case.split_reports.get().case
    assert report.procedure == "consumer_report" and report.state == "received"
    assert report.consumer_report.complaint == case
    assert report.consumer_report.violation == "虚假宣传：标价与结算价不符"
    assert report.consumer_report.entity == world.entity
    assert report.receipt_code != case.receipt_code
    assert case.clocks.get().code == "complaint.accept"
    assert report.clocks.get().code == "complaint.report_verify"


def test_a_report_alone_opens_only_the_report_case(world):
    report = world.report()
    assert report.procedure == "consumer_report"
    assert not Case.objects.filter(procedure="complaint").exists()


def test_opening_a_case_sends_the_lead_to_enforcement_through_the_signal(world):
    """《市场监督管理行政处罚程序规定》第十八条: the head decides to open a case; the lead is
    registered in enforcement (source 投诉举报) by its receiver, without an import."""
    report = world.report()
    report = world.act(report, "open_case", {"legal_basis": "《反不正当竞争法》第八条",
                                             "act_date": (DAY0 - days(10)).isoformat()},
                       on=DAY0 + days(6), who=world.head)
    assert (report.state, report.outcome) == ("opened", "opened")
    lead = Case.objects.get(procedure="penalty")
    assert report.consumer_report.lead_number == lead.number
    assert lead.agency == world.regulator and lead.received_on == DAY0
    assert lead.penalty.source == "complaint" and lead.penalty.party_id == USCC
    assert report.clocks.get().state == Clock.MET
    assert lead.number in str(report.events.get(action="open_case").payload)


def test_a_report_decided_no_case(world):
    report = world.report()
    report = world.act(report, "no_case", {"reason": "经核查，不存在违法行为"}, on=DAY0 + days(6),
                       who=world.head)
    assert (report.state, report.outcome) == ("not_opened", "not_opened")
    assert not Case.objects.filter(procedure="penalty").exists()


def test_the_complaint_is_the_complainants_matter_not_the_business_s(world):
    """One view per citizen (ADR 0045): the case is keyed by the complainant's ID number, never
    by the business's credit code, so it shows in the complainant's view only."""
    from fazhi.cases.parties import party_key

    complaint = world.received(kind="both", violation="虚假宣传")
    report = Case.objects.exclude(pk=complaint.pk).get(procedure="consumer_report")
    assert complaint.party_key == party_key("350203198001011234")
    assert report.party_key in ("", party_key("350203198001011234"))
    assert not Case.objects.filter(party_key=party_key(USCC)).exists()
