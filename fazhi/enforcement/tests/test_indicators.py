"""The enforcement indicators for the annual report, over the penalty cases."""

from datetime import date

import pytest

from fazhi.enforcement import indicators, services
from fazhi.enforcement.tests.factories import DAY0

pytestmark = pytest.mark.django_db


def test_outcomes_review_coverage_and_publicity_on_time(world):
    case = world.served()
    services.act(case, "publish", world.handler, {}, today=date(2025, 3, 20))  # after 7 WD
    services.act(case, "record_payment", world.handler, {"paid_on": "2025-03-05", "amount": "20000"},
                 today=date(2025, 3, 20))
    services.act(case, "archive", world.handler, {}, today=date(2025, 3, 20))
    other = world.investigated(party_id="91350200MA2Y0000ZZ")
    services.act(other, "conclude", world.head, {"way": "no_penalty_unfounded", "reasons": "不成立"},
                 today=DAY0)
    outcomes = indicators.closed_by_outcome(2025, None)
    assert outcomes.value == 2
    assert outcomes.breakdown == {"作出行政处罚决定": 1, "违法事实不能成立不予行政处罚": 1}
    coverage = indicators.review_coverage(2025, None)
    assert (coverage.numerator, coverage.denominator) == (0, 1)  # decided without review
    on_time = indicators.publicity_on_time(2025, None)
    assert (on_time.numerator, on_time.denominator) == (0, 1)
