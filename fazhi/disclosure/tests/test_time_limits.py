"""Disclosure time limits, each checked against its article of 政府信息公开条例 (2019)
and the worked examples of domain/procedures.md §8.3."""

from datetime import date

import pytest

from fazhi.cases.models import Clock
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories as f

pytestmark = pytest.mark.django_db


def reply_clock(case) -> Clock:
    return Clock.objects.get(case=case, code="disclosure.reply")


def test_reply_due_20_working_days_after_receipt_art33(agency):
    """第三十三条第二款: 20 WD from receipt; 26 Jan and 8 Feb 2025 are make-up workdays,
    28 Jan – 4 Feb the Spring Festival (§8.3 worked example: due Fri 21 Feb 2025)."""
    case = f.received(agency, on=date(2025, 1, 20))
    assert case.due_on == date(2025, 2, 21)
    clock = reply_clock(case)
    assert "第三十三条" in clock.explanation and "20个工作日" in clock.explanation
    assert not case.due_provisional


def test_reply_due_across_national_day_art33(agency):
    """§8.3 worked example: received Fri 26 Sep 2025 → Thu 30 Oct 2025."""
    assert f.received(agency, on=date(2025, 9, 26)).due_on == date(2025, 10, 30)


def test_extension_adds_20_working_days_approved_by_head_art33(agency, handler, head):
    """第三十三条第二款: +20 WD with the GIO office head's approval → Fri 21 Mar 2025."""
    case = f.received(agency, on=date(2025, 1, 20))
    with pytest.raises(Forbidden):
        act(handler, case, "extend", {"reason": "信息量大"}, today=date(2025, 2, 20))
    case = act(head, case, "extend", {"reason": "信息量大"}, today=date(2025, 2, 20))
    assert case.due_on == date(2025, 3, 21)
    assert "延长20个工作日" in reply_clock(case).explanation
    with pytest.raises(NotAllowed, match="已经延长过"):
        act(head, case, "extend", {"reason": "再次延长"}, today=date(2025, 2, 21))


def test_extension_after_the_limit_expired_is_refused_art33(agency, head):
    """第三十三条第二款: the extension must be approved before the first limit expires."""
    case = f.received(agency, on=date(2025, 1, 20))
    with pytest.raises(NotAllowed, match="届满"):
        act(head, case, "extend", {"reason": "迟到的延期"}, today=date(2025, 2, 24))
    assert not reply_clock(case).extended


def test_correction_notice_within_7_working_days_art30(agency, handler):
    """第三十条: the correction notice goes out within 7 WD of receipt, once, listing all
    defects; received Mon 20 Jan 2025 → the 7th WD is Wed 5 Feb (Spring Festival between)."""
    late = f.received(agency, on=date(2025, 1, 20))
    with pytest.raises(NotAllowed, match="7个工作日"):
        act(handler, late, "request_correction",
            {"defects": "请补充年份", "correction_due": "2025-02-20"}, today=date(2025, 2, 6))
    ok = f.received(agency, on=date(2025, 1, 20))
    act(handler, ok, "request_correction",
        {"defects": "请补充年份", "correction_due": "2025-02-20"}, today=date(2025, 2, 5))


def test_correction_restarts_the_reply_clock_art30(agency, handler):
    """第三十条: after correction the 20 WD run from receipt of the corrected request."""
    case = f.correcting(agency, handler, on=date(2025, 9, 1), due=date(2025, 9, 15))
    assert reply_clock(case).paused and case.due_on is None
    case = act(handler, case, "submit_correction",
               {"corrected_on": "2025-09-26", "content": "所需信息为2024年度数据"},
               today=date(2025, 9, 26))
    assert case.state == "processing"
    assert reply_clock(case).started_on == date(2025, 9, 26)
    assert case.due_on == date(2025, 10, 30)


def test_a_second_correction_notice_is_refused_art30(agency, handler):
    case = f.correcting(agency, handler, on=date(2025, 9, 1), due=date(2025, 9, 15))
    case = act(handler, case, "submit_correction",
               {"corrected_on": "2025-09-03", "content": "补充"}, today=date(2025, 9, 3))
    with pytest.raises(NotAllowed, match="一次性"):
        act(handler, case, "request_correction",
            {"defects": "再补正", "correction_due": "2025-09-20"}, today=date(2025, 9, 4))


def test_no_correction_by_the_deadline_closes_as_abandoned_art30(agency, handler):
    case = f.correcting(agency, handler, on=date(2025, 9, 1), due=date(2025, 9, 15))
    with pytest.raises(NotAllowed, match="尚未届满"):
        act(handler, case, "close_no_correction", {}, today=date(2025, 9, 15))
    case = act(handler, case, "close_no_correction", {}, today=date(2025, 9, 16))
    assert (case.state, case.outcome, case.is_open) == ("closed", "no_correction", False)


def test_third_party_consultation_is_not_counted_art32_art33(agency, handler):
    """第三十二条, 第三十三条第三款: the consultation period does not count; the third party
    has 15 WD (第三十二条)."""
    case = f.received(agency, on=date(2025, 9, 1))
    base_due = case.due_on
    case = act(handler, case, "consult", {"kind": "third_party", "party": "某科技有限公司",
                                          "sent_on": "2025-09-03"}, today=date(2025, 9, 3))
    assert case.state == "consulting"
    assert case.disclosure.consult_due == date(2025, 9, 24)
    case = act(handler, case, "record_consultation",
               {"answered_on": "2025-09-10", "opinion": "object"}, today=date(2025, 9, 10))
    # Sep 4, 5, 8, 9, 10 (5 working days) are excluded from the reply period.
    clock = reply_clock(case)
    assert case.due_on > base_due
    assert "不计入" in clock.explanation
    from fazhi.holidays.services import current_calendar

    assert current_calendar().working_days_between(base_due, case.due_on) == 5


def test_no_reply_cannot_be_recorded_before_15_working_days_art32(agency, handler):
    case = f.received(agency, on=date(2025, 9, 1))
    act(handler, case, "consult", {"kind": "co_producer", "party": "市财政局",
                                   "sent_on": "2025-09-03"}, today=date(2025, 9, 3))
    with pytest.raises(NotAllowed, match="届满前"):
        act(handler, case, "record_consultation",
            {"answered_on": "2025-09-10", "opinion": "no_reply"}, today=date(2025, 9, 10))


def test_fee_payment_window_20_working_days_109(agency, handler):
    """国办函〔2020〕109号: pay within 20 WD from the day after receiving the notice;
    41 requests in a month → ¥4,300 (§1.6 worked example)."""
    case = f.received(agency, on=date(2025, 9, 1))
    case = act(handler, case, "fee_notice", {"basis": "per_request", "quantity": 41,
                                             "notice_received_on": "2025-09-02"},
               today=date(2025, 9, 2))
    detail = case.disclosure
    assert detail.fee_amount == 4300
    # Sun 28 Sep 2025 is a make-up workday (国办发明电〔2024〕12号), so the 20th WD is 29 Sep.
    assert detail.fee_due == date(2025, 9, 29)
    with pytest.raises(NotAllowed, match="尚未届满"):
        act(handler, case, "close_fee_unpaid", {}, today=date(2025, 9, 29))
    case = act(handler, case, "close_fee_unpaid", {}, today=date(2025, 10, 9))
    assert case.outcome == "fee_unpaid"


def test_a_fee_that_comes_to_nothing_is_refused_109(agency, handler):
    case = f.received(agency, on=date(2025, 9, 1))
    with pytest.raises(InvalidData, match="不收费"):
        act(handler, case, "fee_notice", {"basis": "per_volume", "quantity": 30,
                                          "notice_received_on": "2025-09-02"},
            today=date(2025, 9, 2))


def test_service_by_post_counts_on_the_posting_date_235(agency, handler):
    """国办公开办函〔2016〕235号: a postal reply is made on the posting date."""
    case = f.replied(agency, handler, on=date(2025, 9, 1))
    case = act(handler, case, "serve", {"method": "post", "served_on": "2025-09-02"},
               today=date(2025, 9, 5))
    clock = reply_clock(case)
    assert (clock.state, clock.finished_on) == ("met", date(2025, 9, 2))
    assert not case.is_open and case.outcome == "A2"


def test_a_late_reply_is_recorded_as_missed(agency, handler):
    case = f.received(agency, on=date(2025, 9, 1))
    case = act(handler, case, "reply", {"answer_type": "A4", "ground": "not_held",
                                        "text": "经检索，本机关未制作或获取该信息。"},
               today=date(2025, 10, 31))
    case = act(handler, case, "serve", {"method": "electronic", "served_on": "2025-10-31"},
               today=date(2025, 10, 31))
    assert reply_clock(case).state == "missed"


def test_receipt_date_in_the_future_is_refused(agency):
    from fazhi.cases.models import Case
    from fazhi.disclosure.services import submit_request
    from fazhi.org.actors import Actor

    with pytest.raises(InvalidData, match="不能晚于今天"):
        submit_request(agency, Actor.public(), f.application(), received_on=date(2025, 9, 2),
                       today=date(2025, 9, 1))
    assert not Case.objects.exists()


def evaluate(code: str, start: date):
    from fazhi.holidays.services import current_calendar
    from fazhi.law import timelimits

    return timelimits.evaluate(timelimits.get(code, on=start), current_calendar(), start)


def test_co_producer_answers_within_15_working_days_art34(agency, handler):
    """第三十四条: a co-producing agency consulted answers within 15 WD."""
    case = f.received(agency, on=date(2025, 9, 1))
    case = act(handler, case, "consult", {"kind": "co_producer", "party": "市财政局",
                                          "sent_on": "2025-09-03"}, today=date(2025, 9, 3))
    assert case.disclosure.consult_due == date(2025, 9, 24)
    assert evaluate("disclosure.co_producer", date(2025, 9, 3)).due == date(2025, 9, 24)


def test_proactive_disclosure_within_20_working_days_art26():
    """第二十六条: information is proactively disclosed within 20 WD of being made or changed;
    Fri 26 Sep 2025 → Thu 30 Oct 2025 across the National Day holiday."""
    deadline = evaluate("disclosure.proactive", date(2025, 9, 26))
    assert deadline.due == date(2025, 10, 30)
    assert "第二十六条" in deadline.explanation


def test_remedy_reconsideration_within_60_calendar_days_rolled_forward_art20():
    """《行政复议法》（2023）第二十条: 60 days from knowing of the act; a last day on a rest day
    moves to the next working day (§8.3: Mon 4 Aug 2025 → nominal Fri 3 Oct → Thu 9 Oct)."""
    deadline = evaluate("remedy.reconsideration_application", date(2025, 8, 4))
    assert deadline.due == date(2025, 10, 9)
    assert "第二十条" in deadline.explanation


def test_remedy_litigation_within_6_months_art46():
    """《行政诉讼法》第四十六条: six months, ending on the corresponding date (民法典第二百零二条);
    Mon 20 Jan 2025 → Sun 20 Jul 2025, a rest day → Mon 21 Jul 2025."""
    deadline = evaluate("remedy.litigation", date(2025, 1, 20))
    assert deadline.due == date(2025, 7, 21)
    assert "第四十六条" in deadline.explanation


def test_reply_states_both_remedies_unless_refusal_goes_to_reconsideration_first():
    """A non-refusal reply names reconsideration (60 days) and litigation (6 months); a
    refusal to disclose must go to reconsideration first (《行政复议法》（2023）第二十三条)."""
    from fazhi.disclosure.effects import remedy_notice

    assert "六个月" in remedy_notice(False) and "先申请行政复议" not in remedy_notice(False)
    assert "先申请行政复议" in remedy_notice(True)
