"""A due date in a year whose holiday notice is not loaded is provisional (weekends plus
the statutory holidays fixed in advance), flagged, and recomputed when the year is loaded
(DESIGN.md §2 principle 4; domain/procedures.md §8.1 item 3)."""

from datetime import date

import pytest

from fazhi.cases.models import Clock
from fazhi.disclosure.tests import factories as f
from fazhi.holidays import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar():
    services.invalidate()
    yield
    services.invalidate()


def test_due_date_in_an_unloaded_year_is_provisional_and_recomputed_on_load(agency):
    case = f.received(agency, on=date(2026, 12, 15))
    clock = Clock.objects.get(case=case)
    assert case.due_provisional and clock.provisional
    assert "2027" in clock.explanation
    provisional_due = case.due_on
    assert provisional_due == date(2027, 1, 13)  # 12 WD in Dec, 1 Jan off, then 8 more
    # Suppose the 2027 notice also gives Mon 4 Jan off, with no make-up day.
    services.load_year(2027, [{"date": "2027-01-01", "kind": "holiday"},
                              {"date": "2027-01-04", "kind": "holiday"}],
                       source="测试通知", actor_label="测试")
    case.refresh_from_db()
    clock.refresh_from_db()
    assert not case.due_provisional and not clock.provisional
    assert case.due_on == clock.due_on
    assert case.due_on == date(2027, 1, 14)
    assert "临时" not in clock.explanation


def test_every_stored_due_date_is_recomputed_on_calendar_load_109_art32(agency, handler):
    """A party's limit is a clock like the agency's: the applicant's 20 WD to pay (国办函
    〔2020〕109号) and the third party's 15 WD (条例第三十二条) running into an unloaded
    year are provisional, recomputed when the year is loaded, and a request cannot then be
    closed as unpaid a working day early."""
    from fazhi.core.errors import NotAllowed
    from fazhi.disclosure.services import act

    fee_case = f.received(agency, on=date(2026, 12, 10))
    fee_case = act(handler, fee_case, "fee_notice", {
        "basis": "per_volume", "quantity": 150, "notice_received_on": "2026-12-11"},
        today=date(2026, 12, 11))
    consulted = f.received(agency, on=date(2026, 12, 14))
    consulted = act(handler, consulted, "consult", {
        "kind": "third_party", "party": "某科技有限公司", "sent_on": "2026-12-21",
        "method": "direct"}, today=date(2026, 12, 21))
    payment = Clock.objects.get(case=fee_case, code="disclosure.fee_payment")
    party = Clock.objects.get(case=consulted, code="disclosure.third_party")
    assert payment.provisional and party.provisional and payment.party == "申请人"
    estimated = (fee_case.disclosure.fee_due, consulted.disclosure.consult_due)
    assert estimated == (payment.due_on, party.due_on)
    services.load_year(2027, [{"date": "2027-01-01", "kind": "holiday"},
                              {"date": "2027-01-04", "kind": "holiday"}],
                       source="测试通知", actor_label="测试")
    payment.refresh_from_db()
    party.refresh_from_db()
    assert not payment.provisional and not party.provisional
    assert fee_case.disclosure.fee_due == services.current_calendar().add_working_days(
        estimated[0], 1)
    assert consulted.disclosure.consult_due == services.current_calendar().add_working_days(
        estimated[1], 1)
    with pytest.raises(NotAllowed, match="尚未届满"):
        act(handler, fee_case, "close_fee_unpaid", {}, today=fee_case.disclosure.fee_due)
