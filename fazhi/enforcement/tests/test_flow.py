"""The general procedure end to end through the engine, and its clocks."""

from datetime import date

import pytest

from fazhi.cases.models import Clock
from fazhi.enforcement import services
from fazhi.enforcement.tests.factories import DAY0, days


def clock(case, code):
    return case.clocks.get(code=f"enforcement.{code}")


@pytest.mark.django_db
def test_lead_verification_is_15_working_days_extendable_by_15(world):
    """《市场监督管理行政处罚程序规定》第十八条: 15 WD to verify, +15 WD with approval."""
    case = world.lead()
    due = clock(case, "verify").due_on
    assert due == date(2025, 3, 24)  # 15 working days after Monday 3 March 2025
    services.act(case, "extend_verification", world.head, {"reason": "需检验"}, today=DAY0)
    assert clock(case, "verify").due_on == date(2025, 4, 15)  # 清明 4 April is a holiday


@pytest.mark.django_db
def test_decision_limit_is_90_days_from_opening_and_finishes_on_decision(world):
    """《行政处罚法》第六十条: decide within 90 days of opening the case."""
    case = world.opened()
    assert case.state == "investigating"
    # 90th day is Sunday 1 June; 2 June is the Dragon Boat holiday: it rolls to 3 June
    assert clock(case, "decision").due_on == date(2025, 6, 3)
    assert clock(case, "verify").state == Clock.MET
    services.act(case, "extend_decision", world.head, {"reason": "案情复杂"}, today=DAY0)
    assert clock(case, "decision").due_on == date(2025, 7, 1)  # +30 days (第六十条 extension)


@pytest.mark.django_db
def test_full_path_to_closed_with_payment(world):
    """From lead to archive: decision, service (第六十一条), publicity, payment (第六十七条)."""
    case = world.served()
    assert case.state == "served"
    assert case.penalty.decision_no.startswith("XMSCJ罚决〔2025〕")
    assert clock(case, "payment").due_on == DAY0 + days(15)
    assert clock(case, "service").state == Clock.MET
    services.act(case, "publish", world.handler, {}, today=DAY0 + days(1))
    services.act(case, "record_payment", world.handler,
                 {"paid_on": (DAY0 + days(10)).isoformat(), "amount": "20000"},
                 today=DAY0 + days(10))
    case = services.act(case, "archive", world.handler, {}, today=DAY0 + days(11))
    assert (case.state, case.outcome, case.is_open) == ("closed", "penalised", False)


@pytest.mark.django_db
def test_no_penalty_ways_close_the_case(world):
    """《行政处罚法》第五十七条第一款第二、三项: the head may decide not to penalise."""
    case = world.investigated()
    case = services.act(case, "conclude", world.head,
                        {"way": "no_penalty_unfounded", "reasons": "违法事实不能成立"}, today=DAY0)
    assert (case.state, case.outcome) == ("closed", "no_penalty_unfounded")


@pytest.mark.django_db
def test_declared_limits_cite_their_article():
    """Every limit is listed by `fazhi deadline --list` with the law and article it rests on."""
    from io import StringIO

    from django.core.management import call_command

    from fazhi.enforcement.limits import LIMITS

    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    listed = out.getvalue()
    for limit in LIMITS.values():
        assert limit.code in listed
        assert "《" in limit.citation and "第" in limit.citation or "118号" in limit.citation
    assert "《行政处罚法》第六十条" in listed
