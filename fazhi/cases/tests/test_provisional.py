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
