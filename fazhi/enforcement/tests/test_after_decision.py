"""After the decision: publicity and its withdrawal, payment, the late-payment surcharge,
demand and the court (procedures.md §3.1 rows 9–14, §4.1)."""

from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Clock
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.enforcement import services
from fazhi.enforcement.models import PublishedDecision
from fazhi.enforcement.surcharge import late_days, surcharge
from fazhi.enforcement.tests.factories import DAY0, days

pytestmark = pytest.mark.django_db


def clock(case, code):
    return case.clocks.get(code=f"enforcement.{code}")


def test_publicity_is_due_within_7_working_days(world):
    """国办发〔2018〕118号: penalty decisions are made public within seven working days."""
    case = world.decided()
    assert clock(case, "publicity").due_on == date(2025, 3, 12)
    services.act(case, "publish", world.handler, {}, today=date(2025, 3, 13))
    published = PublishedDecision.objects.get(case=case)
    assert published.on_time is False and clock(case, "publicity").state == Clock.MISSED


def test_a_sector_may_be_given_its_own_publicity_limit(world, settings):
    """《市场监督管理行政处罚信息公示规定》: 20 working days, as an operator's sector override."""
    settings.FAZHI_ENFORCEMENT_PUBLICITY_BY_SECTOR = {"市场监管": "publicity_samr"}
    case = world.decided(sector="市场监管")
    assert clock(case, "publicity_samr").due_on == date(2025, 3, 31)
    assert not case.clocks.filter(code="enforcement.publicity").exists()


def test_published_decisions_mask_a_natural_person(world):
    """Personal data masked on public pages: a natural person's name, never the ID number."""
    case = world.decided(party_type="natural", party_name="张三丰", party_id="350203199001011234")
    services.act(case, "publish", world.handler, {}, today=DAY0)
    published = PublishedDecision.objects.get(case=case)
    assert published.party_name != "张三丰" and published.party_name.startswith("张")
    assert published.uscc == "" and published.penalty == "罚款20,000.00元"
    with pytest.raises(NotAllowed, match="已于2025-03-03公示"):
        services.act(case, "publish", world.handler, {}, today=DAY0)


def test_a_revoked_decision_is_withdrawn_within_3_working_days(world):
    """《行政处罚法》第四十八条第二款: withdraw published information within three days."""
    case = world.served()
    services.act(case, "publish", world.handler, {}, today=DAY0)
    case = services.act(case, "revoke", world.head,
                        {"by": "reconsideration", "reason": "复议决定撤销"}, today=date(2025, 4, 1))
    assert case.state == "revoked"
    assert clock(case, "withdrawal").due_on == date(2025, 4, 7)  # 4 April 清明 holiday
    assert clock(case, "payment").state == Clock.CANCELLED
    case = services.act(case, "withdraw_publicity", world.handler, {"reason": "复议决定撤销"},
                        today=date(2025, 4, 2))
    assert (case.state, case.outcome) == ("closed", "revoked")
    published = PublishedDecision.objects.get(case=case)
    assert published.withdrawn_on == date(2025, 4, 2) and published.withdrawal_reason == "复议决定撤销"


def test_payment_is_due_15_days_after_service_and_overdue_only_then(world):
    """《行政处罚法》第六十七条第三款: pay within fifteen days of receiving the decision."""
    case = world.served()
    assert clock(case, "payment").due_on == date(2025, 3, 18)
    with pytest.raises(NotAllowed, match="尚未届满"):
        services.act(case, "mark_overdue", world.handler, {}, today=date(2025, 3, 18))
    case = services.act(case, "mark_overdue", world.handler, {}, today=date(2025, 3, 19))
    assert case.state == "overdue"


def test_the_surcharge_is_owed_on_late_payment(world):
    """《行政处罚法》第七十二条第一款第一项: 3 % of the fine a day after the period."""
    case = world.served()
    services.act(case, "mark_overdue", world.handler, {}, today=date(2025, 3, 19))
    paid = {"paid_on": "2025-03-20", "amount": "20000"}
    with pytest.raises(InvalidData, match="应缴21,200.00元"):  # two late days: 2 × 600
        services.act(case, "record_payment", world.handler, paid, today=date(2025, 3, 20))
    case = services.act(case, "record_payment", world.handler, paid | {"amount": "21200"},
                        today=date(2025, 3, 20))
    assert case.state == "paid"


def test_the_surcharge_does_not_accrue_while_reconsideration_is_pending(world):
    """《行政处罚法》第七十三条第三款: the days of a pending reconsideration do not count."""
    case = world.served()
    services.act(case, "remedy", world.handler,
                 {"kind": "reconsideration", "started": True, "on": "2025-03-10"}, today=date(2025, 3, 10))
    services.act(case, "remedy", world.handler,
                 {"kind": "reconsideration", "started": False, "on": "2025-04-30"}, today=date(2025, 4, 30))
    case = services.act(case, "record_payment", world.handler,
                        {"paid_on": "2025-05-02", "amount": "21200"}, today=date(2025, 5, 2))
    assert case.state == "paid"  # only 1 and 2 May accrued


def test_surcharge_arithmetic_caps_at_the_fine():
    """《行政处罚法》第七十二条第一款第一项: never more than the fine (reached on day 34)."""
    fine, due = Decimal("1000"), date(2025, 1, 15)
    assert surcharge(fine, due, due) == 0
    assert surcharge(fine, due, due + days(1)) == Decimal("30.00")
    assert surcharge(fine, due, due + days(33)) == Decimal("990.00")
    assert surcharge(fine, due, due + days(34)) == Decimal("1000.00")
    assert surcharge(fine, due, due + days(400)) == Decimal("1000.00")
    assert late_days(due, due + days(10), [(due + days(2), due + days(5))]) == 6
    assert late_days(due, due + days(10), [(due + days(2), None)]) == 1


def test_the_court_is_asked_only_ten_working_days_after_the_demand(world):
    """《行政强制法》第五十四条: demand, then ten working days, then the court."""
    case = world.served()
    services.act(case, "mark_overdue", world.handler, {}, today=date(2025, 3, 19))
    services.act(case, "demand", world.handler, {"served_on": "2025-04-21"}, today=date(2025, 4, 21))
    court = {"court": "厦门市思明区人民法院"}
    with pytest.raises(NotAllowed, match="方可申请强制执行"):
        services.act(case, "apply_court", world.head, court, today=date(2025, 5, 6))
    case = services.act(case, "apply_court", world.head, court, today=date(2025, 5, 9))
    assert case.state == "court"
    assert clock(case, "court").due_on == date(2025, 12, 3)  # 3 months after the 6-month suit period


def test_archiving_needs_service_publicity_and_payment(world):
    """《行政处罚法》第四十八条、第六十一条: the file closes once served, published and paid."""
    case = world.served()
    with pytest.raises(NotAllowed, match="罚款尚未缴纳"):
        services.act(case, "archive", world.handler, {}, today=DAY0)
    services.act(case, "record_payment", world.handler, {"paid_on": "2025-03-03", "amount": "20000"},
                 today=DAY0)
    with pytest.raises(NotAllowed, match="尚未公示"):
        services.act(case, "archive", world.handler, {}, today=DAY0)
