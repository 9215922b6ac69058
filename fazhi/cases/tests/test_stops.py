"""The engine's clock stops: a stop cannot be made without its bound (DESIGN: a clock stop
always has an end), a party's clock bounds a stop and moves it, and a party's clock is
never the agency's deadline."""

from datetime import date

import pytest

from fazhi.cases.models import Clock
from fazhi.cases.step import Step
from fazhi.disclosure.procedure import DISCLOSURE
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories as f
from fazhi.org.actors import Actor

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 1)


def test_a_stop_without_its_bound_is_refused_by_the_engine(agency):
    case = f.received(agency, on=DAY)
    step = Step(case=case, actor=Actor.system("测试"), data=None, proc=DISCLOSURE, today=DAY)
    with pytest.raises(TypeError):
        step.stop_clock("reply", DAY, "中止")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        step.stop_clock("reply", DAY, "中止", until=None)  # type: ignore[arg-type]
    assert Clock.objects.get(case=case).stops == []


def test_a_second_consultation_leaves_the_first_stops_bound_alone_art32(agency, handler):
    """条例第三十二条: each consultation's stop ends at most when *that* party's 15 WD run
    out; consulting another third party later does not move the earlier stop."""
    case = f.received(agency, on=DAY)
    sent = {"kind": "third_party", "party": "甲公司", "method": "direct"}
    act(handler, case, "consult", sent | {"sent_on": "2025-09-02"}, today=date(2025, 9, 2))
    act(handler, case, "record_consultation", {"answered_on": "2025-09-04", "opinion": "agree"},
        today=date(2025, 9, 4))
    first = Clock.objects.get(case=case, code="disclosure.reply").stops[0]
    act(handler, case, "consult", sent | {"party": "乙公司", "sent_on": "2025-09-10"},
        today=date(2025, 9, 10))
    rows = Clock.objects.get(case=case, code="disclosure.reply").stops
    assert rows[0]["bound"] == first["bound"] == "2025-09-23"
    assert "bound_clock" not in rows[0] and rows[1]["bound_clock"] == "disclosure.third_party"
    assert rows[1]["bound"] == "2025-09-30"  # 15 WD from 10 Sep (Sun 28 Sep is worked)


def test_a_partys_clock_never_sets_the_cases_due_date(agency, handler):
    """The case's due date is the agency's: the third party's earlier limit is not it."""
    case = act(handler, f.received(agency, on=DAY), "consult", {
        "kind": "third_party", "party": "甲公司", "method": "direct", "sent_on": "2025-09-02"},
        today=date(2025, 9, 2))
    party = Clock.objects.get(case=case, code="disclosure.third_party")
    reply = Clock.objects.get(case=case, code="disclosure.reply")
    assert party.due_on < reply.due_on == case.due_on
