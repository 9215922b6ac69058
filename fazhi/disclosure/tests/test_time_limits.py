"""Disclosure time limits, each checked against its article of 政府信息公开条例 (2019)
and the worked examples of domain/procedures.md §8.3."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User

from fazhi.cases.models import Clock
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.core.testing import json_script_data
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


def extension(on: str, notified: str | None = None, reason: str = "信息量大") -> dict:
    return {"reason": reason, "approved_on": on, "notified_on": notified or on}


def test_extension_adds_20_working_days_approved_by_the_gio_office_head_art33(
        agency, handler, head, gio_head):
    """第三十三条第二款: +20 WD with the approval of the head of the disclosure office
    (政府信息公开工作机构负责人), not the agency head → Fri 21 Mar 2025."""
    case = f.received(agency, on=date(2025, 1, 20))
    for not_allowed in (handler, head):
        with pytest.raises(Forbidden):
            act(not_allowed, case, "extend", extension("2025-02-20"), today=date(2025, 2, 20))
    case = act(gio_head, case, "extend", extension("2025-02-20", "2025-02-21"),
               today=date(2025, 2, 21))
    assert case.due_on == date(2025, 3, 21)
    assert "经政府信息公开工作机构负责人同意延长20个工作日" in reply_clock(case).explanation
    detail = case.disclosure
    assert (detail.extended_on, detail.extension_notified_on) == (
        date(2025, 2, 20), date(2025, 2, 21))
    with pytest.raises(NotAllowed, match="已经延长过"):
        act(gio_head, case, "extend", extension("2025-02-21"), today=date(2025, 2, 21))


def test_extension_after_the_limit_expired_is_refused_art33(agency, gio_head):
    """第三十三条第二款: the extension must be approved, and the applicant told, before the
    first limit expires (Fri 21 Feb 2025)."""
    case = f.received(agency, on=date(2025, 1, 20))
    with pytest.raises(NotAllowed, match="届满"):
        act(gio_head, case, "extend", extension("2025-02-24"), today=date(2025, 2, 24))
    with pytest.raises(NotAllowed, match="告知申请人日期晚于届满日"):
        act(gio_head, case, "extend", extension("2025-02-21", "2025-02-24"),
            today=date(2025, 2, 24))
    assert not reply_clock(case).extended


def test_the_applicant_must_be_told_of_the_extension_art33(agency, gio_head):
    """第三十三条第二款: 经…同意并告知申请人 — the date the applicant was told is required,
    not before the approval and not in the future."""
    case = f.received(agency, on=date(2025, 1, 20))
    with pytest.raises(InvalidData, match="告知申请人日期"):
        act(gio_head, case, "extend", {"reason": "信息量大", "approved_on": "2025-02-10"},
            today=date(2025, 2, 10))
    with pytest.raises(InvalidData, match="不能早于批准日期"):
        act(gio_head, case, "extend", extension("2025-02-10", "2025-02-07"),
            today=date(2025, 2, 10))
    with pytest.raises(InvalidData, match="不能晚于今天"):
        act(gio_head, case, "extend", extension("2025-02-10", "2025-02-11"),
            today=date(2025, 2, 10))
    assert not reply_clock(case).extended


def test_extension_is_not_offered_once_approved_art33(agency, gio_head):
    """第三十三条第二款 allows one extension of at most 20 WD: once approved, the action is
    no longer offered to the approver."""
    from django.utils import timezone

    from fazhi.cases.engine import actions_for

    today = timezone.localdate()
    case = f.received(agency, on=today)
    assert "extend" in [t.action for t in actions_for(case, gio_head)]
    case = act(gio_head, case, "extend", extension(today.isoformat()), today=today)
    assert "extend" not in [t.action for t in actions_for(case, gio_head)]


def test_the_gio_office_head_is_a_role_of_its_own_art33():
    from fazhi.org import roles

    assert roles.LABELS[roles.GIO_HEAD] == "政府信息公开工作机构负责人"
    assert roles.LABELS[roles.HEAD] == "机关负责人"


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
    """第三十条: after correction the 20 WD run from receipt of the corrected request. While
    the applicant may still correct, the reply clock stands still, at the latest until
    the correction period the agency set; the case keeps a due date (stays in the inbox)."""
    plain_due = f.received(agency, on=date(2025, 9, 1)).due_on
    case = f.correcting(agency, handler, on=date(2025, 9, 1), due=date(2025, 9, 15))
    waiting = cal().working_days_between(date(2025, 9, 1), date(2025, 9, 15))
    assert reply_clock(case).paused
    assert case.due_on == cal().add_working_days(plain_due, waiting)
    assert "最迟至2025-09-15（补正期限届满，第三十条）" in reply_clock(case).explanation
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


def consult(handler, case, sent: str, *, kind: str = "third_party", method: str = "direct",
            received: str | None = None, today: date | None = None):
    data = {"kind": kind, "party": "某科技有限公司" if kind == "third_party" else "市财政局",
            "sent_on": sent, "method": method}
    if received:
        data["party_received_on"] = received
    return act(handler, case, "consult", data, today=today or date.fromisoformat(sent))


def cal():
    from fazhi.holidays.services import current_calendar

    return current_calendar()


def test_third_party_consultation_is_not_counted_art32_art33(agency, handler):
    """第三十二条, 第三十三条第三款: the consultation period does not count; the third party
    has 15 WD (第三十二条). Sent Wed 3 Sep, answered Wed 10 Sep: Sep 4, 5, 8, 9, 10 are
    excluded, and the explanation names them."""
    case = f.received(agency, on=date(2025, 9, 1))
    base_due = case.due_on
    case = consult(handler, case, "2025-09-03")
    assert case.state == "consulting"
    assert case.disclosure.consult_due == date(2025, 9, 24)
    case = act(handler, case, "record_consultation",
               {"answered_on": "2025-09-10", "opinion": "object"}, today=date(2025, 9, 10))
    clock = reply_clock(case)
    assert cal().working_days_between(base_due, case.due_on) == 5
    assert ("征求第三方意见自2025-09-03开始，2025-09-10结束：2025-09-04至2025-09-10中止计算，"
            "5个工作日不计入；中止开始当日计入期限，结束当日不计入（《民法典》第二百零一条）"
            ) in clock.explanation
    party = Clock.objects.get(case=case, code="disclosure.third_party")
    assert (party.state, party.finished_on) == ("met", date(2025, 9, 10))


def test_an_unanswered_consultation_keeps_a_due_date_art32_art33(agency, handler):
    """第三十二条, 第三十三条第三款: the consultation stops the reply clock only until the
    third party's own 15 WD run out; then the agency decides. So a case waiting for an
    answer keeps a real due date: the reply due date with the 15 WD excluded."""
    case = f.received(agency, on=date(2025, 9, 1))
    base_due = case.due_on
    case = consult(handler, case, "2025-09-03")
    assert case.due_on == cal().add_working_days(base_due, 15)
    clock = reply_clock(case)
    assert clock.paused
    assert ("尚未结束，最迟至2025-09-24（第三方答复期限届满，《政府信息公开条例》第三十二条），"
            "暂按最迟结束日计算：2025-09-04至2025-09-24中止计算，15个工作日不计入"
            ) in clock.explanation
    party = Clock.objects.get(case=case, code="disclosure.third_party")
    assert party.party == "第三方" and party.due_on == date(2025, 9, 24)


def test_the_reply_clock_resumes_by_itself_when_the_partys_limit_passes_art32(agency, handler):
    """第三十二条: no answer within 15 WD → the agency decides; the clock runs again the day
    after the party's limit, and the case falls overdue in time without any action."""
    from fazhi.cases.clocks import recompute_clocks
    from fazhi.disclosure.queries import overdue

    case = consult(handler, f.received(agency, on=date(2025, 9, 1)), "2025-09-03")
    due = case.due_on
    recompute_clocks(Clock.objects.filter(case=case, paused=True), today=date(2025, 9, 25))
    clock = reply_clock(case)
    assert not clock.paused and clock.due_on == due
    assert "已自次日起恢复计算" in clock.explanation
    assert overdue(handler, due).filter(pk=case.pk).count() == 0
    assert overdue(handler, due + timedelta(days=1)).filter(pk=case.pk).count() == 1


def test_a_consultation_after_the_reply_deadline_leaves_the_case_overdue_art33(
        client, agency, handler, supervisor):
    """第三十三条: a consultation sent after the reply period has run does not stop it. The
    case seen 52 days overdue stays on the overdue list, and the agency's overdue count
    stays at 7, when a consultation (or a fee notice) is sent."""
    from django.utils import timezone

    from fazhi.disclosure.queries import overdue

    today = timezone.localdate()
    late = [received_due_on(agency, today - timedelta(days=days)) for days in
            (52, 40, 33, 30, 21, 12, 5)]
    assert overdue(handler, today).count() == 7
    due = late[0].due_on
    assert (today - due).days >= 52
    case = consult(handler, late[0], today.isoformat(), today=today)
    act(handler, late[1], "fee_notice", {"basis": "per_volume", "quantity": 150,
                                         "notice_received_on": today.isoformat()}, today=today)
    case.refresh_from_db()
    assert (case.due_on, case.state) == (due, "consulting")
    assert overdue(handler, today).count() == 7
    assert "此时期限已于" in reply_clock(case).explanation
    assert not reply_clock(case).paused
    client.force_login(User.objects.get(username="supervisor"))
    html = client.get("/workspace/supervision/").content.decode()
    chart = json_script_data(html, "supervision-data")
    assert chart["series"][0]["values"][chart["titles"].index("厦门市司法局")] == 7


def received_due_on(agency, latest: date):
    """A request whose 20 WD reply period ended on the last working day up to `latest`."""
    due = latest
    while not cal().is_working_day(due):
        due -= timedelta(days=1)
    for back in range(1, 60):
        start = due - timedelta(days=back)
        if evaluate("disclosure.reply", start).due == due:
            return f.received(agency, on=start)
    raise AssertionError(f"no receipt date gives {due}")


def test_the_partys_15_working_days_run_from_its_receipt_art32_art34(agency, handler):
    """第三十二条, 第三十四条: the consulted party answers within 15 WD of *receiving* the
    letter. Posted Wed 3 Sep 2025, signed for Mon 8 Sep → its limit ends Sun 28 Sep, a
    make-up workday (counted from posting it would have ended Wed 24 Sep)."""
    case = consult(handler, f.received(agency, on=date(2025, 9, 1)), "2025-09-03",
                   method="post", received="2025-09-08", today=date(2025, 9, 8))
    assert case.disclosure.consult_due == cal().add_working_days(date(2025, 9, 8), 15) \
        == date(2025, 9, 28)
    assert "第三方收到征求意见书之日（2025-09-08）起15个工作日" in Clock.objects.get(
        case=case, code="disclosure.third_party").explanation


def test_a_posted_letter_is_presumed_received_until_its_signing_date_is_recorded_art32(
        agency, handler, settings):
    """第三十二条: a posted letter's receipt date is presumed (a configurable number of days
    after posting, UNVERIFIED default) until the signing date is recorded; then the
    party's limit and the reply clock's stop move to it."""
    settings.FAZHI_DISCLOSURE_POST_DELIVERY_DAYS = 3
    case = consult(handler, f.received(agency, on=date(2025, 9, 1)), "2025-09-03",
                   method="post")
    party = Clock.objects.get(case=case, code="disclosure.third_party")
    assert party.started_on == date(2025, 9, 6)
    assert "按邮寄发出后3日推定" in party.explanation
    presumed_due = case.due_on
    case = act(handler, case, "record_party_receipt", {"received_on": "2025-09-10"},
               today=date(2025, 9, 10))
    party.refresh_from_db()
    assert party.started_on == date(2025, 9, 10) and "推定" not in party.explanation
    assert party.due_on == cal().add_working_days(date(2025, 9, 10), 15)
    assert case.due_on == cal().add_working_days(presumed_due, cal().working_days_between(
        date(2025, 9, 6), date(2025, 9, 10)))
    assert case.disclosure.consult_received_on == date(2025, 9, 10)
    with pytest.raises(InvalidData, match="不能早于征求意见日期"):
        act(handler, case, "record_party_receipt", {"received_on": "2025-09-02"},
            today=date(2025, 9, 10))


def test_no_reply_only_after_the_partys_time_from_its_receipt_has_run_art32_art34(
        agency, handler):
    """第三十二条, 第三十四条: silence counts only after the 15 WD counted from the party's
    receipt; a posted letter whose signing date is unknown cannot be treated as unanswered."""
    case = consult(handler, f.received(agency, on=date(2025, 9, 1)), "2025-09-03",
                   kind="co_producer", method="post")
    with pytest.raises(NotAllowed, match="尚未记录"):
        act(handler, case, "record_consultation",
            {"answered_on": "2025-10-20", "opinion": "no_reply"}, today=date(2025, 10, 20))
    act(handler, case, "record_party_receipt", {"received_on": "2025-09-08"},
        today=date(2025, 9, 8))
    with pytest.raises(NotAllowed, match="届满前"):
        act(handler, case, "record_consultation",
            {"answered_on": "2025-09-28", "opinion": "no_reply"}, today=date(2025, 9, 28))
    case = act(handler, case, "record_consultation",
               {"answered_on": "2025-10-09", "opinion": "no_reply"}, today=date(2025, 10, 9))
    # The stop ends at the party's limit (28 Sep), not on the day silence was recorded.
    assert "但最迟至2025-09-28" in reply_clock(case).explanation
    party = Clock.objects.get(case=case, code="disclosure.co_producer")
    assert party.state == "missed"


def test_no_reply_cannot_be_recorded_before_15_working_days_art32(agency, handler):
    case = consult(handler, f.received(agency, on=date(2025, 9, 1)), "2025-09-03",
                   kind="co_producer")
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
    case = consult(handler, f.received(agency, on=date(2025, 9, 1)), "2025-09-03",
                   kind="co_producer")
    assert case.disclosure.consult_due == date(2025, 9, 24)
    assert evaluate("disclosure.co_producer", date(2025, 9, 3)).due == date(2025, 9, 24)


def test_proactive_disclosure_within_20_working_days_art26():
    """第二十六条: information is proactively disclosed within 20 WD of being made or changed;
    Fri 26 Sep 2025 → Thu 30 Oct 2025 across the National Day holiday."""
    deadline = evaluate("disclosure.proactive", date(2025, 9, 26))
    assert deadline.due == date(2025, 10, 30)
    assert "第二十六条" in deadline.explanation


def test_reply_states_both_remedies_unless_refusal_goes_to_reconsideration_first():
    """A non-refusal reply names reconsideration (60 days) and litigation (6 months); a
    refusal to disclose must go to reconsideration first (《行政复议法》（2023）第二十三条)."""
    from fazhi.disclosure.effects import remedy_notice

    assert "六个月" in remedy_notice(False) and "先申请行政复议" not in remedy_notice(False)
    assert "先申请行政复议" in remedy_notice(True)
