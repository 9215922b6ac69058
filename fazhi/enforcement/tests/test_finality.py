"""When a penalty decision is final, so that custody may dispose of the seized property."""

from datetime import date

from fazhi.custody import finality
from fazhi.enforcement import services
from fazhi.enforcement.finality import decision_final
from fazhi.enforcement.tests.factories import DAY0


def test_a_served_decision_is_final_once_the_six_months_to_sue_have_run(world):
    """《行政诉讼法》第四十六条 (6 months) outlasts 《行政复议法》（2023）第二十条 (60 days)."""
    case = world.served()
    served = case.penalty.served_on
    assert served == DAY0
    six_months = date(served.year + (served.month + 6 > 12), (served.month + 5) % 12 + 1, served.day)
    assert not decision_final(case, today=served)
    assert not decision_final(case, today=six_months)
    assert decision_final(case, today=date.fromordinal(six_months.toordinal() + 1))


def test_a_pending_reconsideration_keeps_it_open_and_its_end_makes_it_final(world):
    case = world.served()
    case = services.act(case, "remedy", world.handler,
                        {"kind": "reconsideration", "started": True, "on": "2025-03-10"},
                        today=date(2025, 3, 10))
    assert not decision_final(case, today=date(2030, 1, 1))
    case = services.act(case, "remedy", world.handler,
                        {"kind": "reconsideration", "started": False, "on": "2025-04-30"},
                        today=date(2025, 4, 30))
    assert decision_final(case, today=date(2025, 5, 1))


def test_an_undecided_case_is_never_final_and_custody_asks_the_penalty_rule(world):
    notified = world.notified()
    assert not decision_final(notified, today=date(2030, 1, 1))
    assert not finality.is_final(notified)  # registered: an open case, not decided
    served = world.served()
    assert finality.is_final(served) == decision_final(served)
