"""Indicators for the annual report: complaints received, accepted on time (第十四条), the
mediation success rate (第二十一条), reports that became cases (处罚程序规定第十八条); the
drill-down lists the cases."""

import pytest

from fazhi.complaints.tests.factories import DAY0, days
from fazhi.core.indicators import get

pytestmark = pytest.mark.django_db


def test_indicators_received_on_time_success_and_reports_to_cases(world):
    agreed = world.mediating()  # accepted on day 2: on time
    world.act(agreed, "agree", {"terms": "退款", "agreed_on": (DAY0 + days(5)).isoformat()},
              on=DAY0 + days(5))
    late = world.received(subject="迟延受理的投诉")
    failed = world.act(late, "accept", on=DAY0 + days(20))  # after 7 working days
    failed = world.act(failed, "end", {"ground": "refused"}, on=DAY0 + days(21))
    world.act(failed, "tell_end", {"told_on": (DAY0 + days(22)).isoformat()}, on=DAY0 + days(22))
    report = world.report()
    world.act(report, "open_case", {"legal_basis": "《反不正当竞争法》第八条",
                                    "act_date": DAY0.isoformat()}, on=DAY0 + days(3),
              who=world.head)
    world.act(world.report(subject="另一举报"), "no_case", {"reason": "不属实"}, on=DAY0 + days(3),
              who=world.head)
    assert get("complaints.received").compute(2025).value == 2
    assert get("complaints.accepted_on_time").compute(2025).value == 50.0
    success = get("complaints.mediation_success").compute(2025)
    assert success.value == 50.0
    assert get("complaints.reports_to_cases").compute(2025).value == 1
    assert list(get("complaints.reports_to_cases").compute(2025).records) == [report]
