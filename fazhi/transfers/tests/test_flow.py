"""The transfer procedure through the engine (《行政执法机关移送涉嫌犯罪案件的规定》)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case, Clock
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.notifications.models import Notification
from fazhi.transfers import services
from fazhi.transfers.tests.conftest import DAY

pytestmark = pytest.mark.django_db
TEAM = ["陈执法", "李执法"]


def package():
    return [(SimpleUploadedFile("移送书.pdf", b"%PDF-1.4 transfer letter", "application/pdf"), "send")]


def opened(officer, on=DAY, source=None):
    return services.open_transfer(source, actor=officer, report="经核实，当事人销售伪劣产品金额达八万元。",
                                  officers=TEAM, on=on, violation_code="SC-FAKE-01",
                                  facts={"amount_involved": Decimal("80000")}, reference="SC-2026-1")


def sent(world, officer, chief, on=DAY):
    case = opened(officer, on)
    services.act(case, "approve", chief, {"opinion": "同意移送"}, on=on)
    return services.act(case, "send", officer, {"letter_number": "厦市监移〔2026〕1号",
                                                "items": ["伪劣白酒120瓶"]}, on=on, files=package())


def clock(case, key):
    return Clock.objects.get(case=case, code=f"transfers.{key}")


def test_suspected_reasons_come_from_the_thresholds_in_force(rules):
    """《行政执法机关移送涉嫌犯罪案件的规定》第三条: the amount involved reaches the standard."""
    reasons = services.suspected("SC-FAKE-01", {"amount_involved": Decimal("80000")}, on=DAY)
    assert len(reasons) == 1 and "生产、销售伪劣产品罪" in reasons[0] and "第一百四十条" in reasons[0]
    assert "2022-1" in reasons[0]
    assert services.suspected("SC-FAKE-01", {"amount_involved": Decimal("49999.99")}, on=DAY) == ()
    assert services.suspected("SC-FOOD-01", {"harm": "serious"}, on=DAY)
    assert services.suspected("SC-FOOD-01", {"harm": "minor"}, on=DAY) == ()
    # before the set took effect there is no standard to reach
    assert services.suspected("SC-FAKE-01", {"amount_involved": 10**6}, on=rules.effective_from
                              - timedelta(days=1)) == ()


def test_the_team_reports_to_the_head_who_decides_within_3_days(world, officer):
    """第五条: a team of 2 or more officers; the head decides within 3 days of the report."""
    case = opened(officer)
    assert case.state == "reported" and case.transfer.officers == TEAM
    assert clock(case, "head").due_on == DAY + timedelta(days=3)
    assert "第五条第二款" in clock(case, "head").explanation
    assert case.transfer.suspicion and "伪劣产品" in case.transfer.suspicion[0]


def test_a_single_officer_cannot_report(world, officer):
    """第五条第一款: 2名或者2名以上行政执法人员组成专案组."""
    with pytest.raises(InvalidData):
        services.open_transfer(None, actor=officer, report="当事人涉嫌犯罪，报请审批移送。",
                               officers=["陈执法", "陈执法"], on=DAY, reference="X")
    assert not Case.objects.filter(procedure="transfer").exists()


def test_not_approved_needs_reasons_and_settles_the_source(world, officer, chief, disclosure_case):
    """第五条第二款: 决定不批准的，应当将不予批准的理由记录在案."""
    case = services.open_transfer(disclosure_case, actor=officer, report="经核实涉嫌犯罪，报请审批移送。",
                                  officers=TEAM, on=DAY)
    assert not services.settled(disclosure_case)
    with pytest.raises(InvalidData):
        services.act(case, "not_approve", chief, {"reasons": ""}, on=DAY)
    services.act(case, "not_approve", chief, {"reasons": "涉案金额经复核未达追诉标准"}, on=DAY)
    case.refresh_from_db()
    assert case.state == "not_approved" and not case.is_open and case.outcome == "not_approved"
    assert case.transfer.not_approved_reasons == "涉案金额经复核未达追诉标准"
    assert services.settled(disclosure_case)


def test_only_the_head_decides(world, officer):
    case = opened(officer)
    with pytest.raises(Forbidden):
        services.act(case, "approve", officer, {}, on=DAY)


def test_transfer_within_24_hours_with_the_package(world, officer, chief, liaison):
    """第五条第二款 (24小时内移送) and 第六条 (the package): without files nothing is sent."""
    case = opened(officer)
    services.act(case, "approve", chief, {}, on=DAY)
    assert clock(case, "transfer").due_on == DAY + timedelta(days=1)
    with pytest.raises(InvalidData):
        services.act(case, "send", officer, {"letter_number": "厦市监移〔2026〕1号"}, on=DAY)
    case.refresh_from_db()
    assert case.state == "approved"
    services.act(case, "send", officer, {"letter_number": "厦市监移〔2026〕1号"}, on=DAY,
                 files=package())
    case.refresh_from_db()
    assert case.state == "transferred" and clock(case, "transfer").state == Clock.MET
    assert clock(case, "police").due_on == DAY + timedelta(days=3)
    assert Notification.objects.filter(recipient="gaj_liaison@example.gov").exists()
    assert [t.action for t in actions_for(case, liaison, DAY)] == ["police_file", "police_refuse"]


def test_police_open_a_case_and_the_agency_hands_over_within_3_days(world, officer, chief,
                                                                    liaison):
    """第八条 (立案, written notice) and 第十二条 (移交涉案物品 within 3 days)."""
    case = sent(world, officer, chief)
    day = DAY + timedelta(days=2)
    services.act(case, "police_file", liaison, {"criminal_case_number": "厦公刑立〔2026〕8号"}, on=day)
    case.refresh_from_db()
    assert case.state == "filed" and clock(case, "police").state == Clock.MET
    # 3 days from Wednesday 4 March end on Saturday: the period ends on the next working
    # day, Monday 9 March (a period's last day that is a rest day moves to the next one)
    assert clock(case, "handover").due_on == date(2026, 3, 9)
    assert Notification.objects.filter(recipient="scj_handler@example.gov").exists()
    services.act(case, "hand_over", officer, {"receipt": "黄联络签收", "items": ["伪劣白酒120瓶"]},
                 on=day + timedelta(days=1))
    case.refresh_from_db()
    assert case.state == "handed_over" and case.outcome == "filed" and not case.is_open


def test_a_refusal_needs_reasons_and_the_files_returned(world, officer, chief, liaison):
    """第八条: 不予立案的，应当说明理由…相应退回案卷材料."""
    case = sent(world, officer, chief)
    with pytest.raises(InvalidData):
        services.act(case, "police_refuse", liaison, {"reasons": "犯罪事实显著轻微"}, on=DAY)
    services.act(case, "police_refuse", liaison,
                 {"reasons": "犯罪事实显著轻微", "materials_returned": True}, on=DAY)
    case.refresh_from_db()
    assert case.state == "refused" and clock(case, "reconsider_request").party


def test_reconsideration_within_3_days_and_decided_within_3(world, officer, chief, liaison):
    """第九条: 提请复议 within 3 days of the refusal; the police decide within 3 days."""
    case = sent(world, officer, chief)
    services.act(case, "police_refuse", liaison,
                 {"reasons": "证据不足", "materials_returned": True}, on=DAY)
    late = DAY + timedelta(days=4)
    with pytest.raises(NotAllowed, match="提请复议期限"):
        services.act(case, "request_reconsideration", officer, {}, on=late)
    services.act(case, "request_reconsideration", officer, {}, on=DAY + timedelta(days=3))
    case.refresh_from_db()
    assert clock(case, "reconsideration").due_on == date(2026, 3, 9)  # Sat 7 → Mon 9
    services.act(case, "reconsider_refuse", liaison, {"reasons": "维持原决定"}, on=DAY + timedelta(days=5))
    case.refresh_from_db()
    assert case.state == "refusal_upheld"


def test_the_procuratorate_supervises_on_request(world, officer, chief, liaison, procurator):
    """第九条, 第十四条: the agency asks the procuratorate to supervise the filing decision."""
    case = sent(world, officer, chief)
    services.act(case, "police_refuse", liaison, {"reasons": "证据不足", "materials_returned": True},
                 on=DAY)
    services.act(case, "request_supervision", officer, {}, on=DAY + timedelta(days=1))
    with pytest.raises((Forbidden, NotFound)):
        services.act(case, "supervise", liaison, {"result": "filed", "opinion": "应当立案"}, on=DAY)
    services.act(case, "supervise", procurator, {"result": "filed", "opinion": "通知公安机关立案",
                                                 "criminal_case_number": "厦公刑立〔2026〕9号"},
                 on=DAY + timedelta(days=2))
    case.refresh_from_db()
    assert case.state == "filed" and clock(case, "handover").state == Clock.RUNNING


def test_police_see_only_transfers_sent_to_them(world, officer, chief, liaison):
    case = opened(officer)
    assert not Case.objects.visible_to(liaison).filter(pk=case.pk).exists()
    services.act(case, "approve", chief, {}, on=DAY)
    services.act(case, "send", officer, {"letter_number": "厦市监移〔2026〕2号"}, on=DAY,
                 files=package())
    assert Case.objects.visible_to(liaison).filter(pk=case.pk).exists()


def test_the_procuratorate_sees_every_transfer(world, officer, procurator):
    """第十四条: transfers are under the procuratorate's supervision."""
    case = opened(officer)
    assert Case.objects.visible_to(procurator).filter(pk=case.pk).exists()
