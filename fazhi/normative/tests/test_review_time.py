"""Legality-review time (合法性审核时间), 国办发〔2018〕115号 二(五): "generally not less than
5 working days, at most 15", except for documents needed at once for an emergency or an
urgent order of a higher authority. The minimum protects the reviewer's time; an opinion
given before it is accepted with a recorded warning, never refused."""

import json
from datetime import date

import pytest

from fazhi.normative import models as m
from fazhi.normative import services as s
from fazhi.normative.tests.factories import checklist

pytestmark = pytest.mark.django_db

SUBMITTED = date(2026, 4, 7)  # the factories' draft goes to review on Tue 7 April 2026
EARLIEST = date(2026, 4, 14)  # 5 working days: 8, 9, 10, 13, 14 April
LATEST = date(2026, 4, 28)  # 15 working days (no holiday between)
PASS = {"outcome": "pass", "opinion": "经审核，该文件合法。"}
WARNING = "审核时间不足5个工作日（国办发〔2018〕115号 二(五)），最早可出具审核意见日期为2026-04-14"


def _under_review(world):
    case, day = world.under_review()
    assert day == SUBMITTED
    return case, case.normative.reviews.get()


def _decide_event(review) -> dict:
    return json.loads(review.document.case.events.get(action="decide").payload)


def test_opinion_before_day_5_is_accepted_with_a_recorded_warning(world, client):
    """115号 二(五): an opinion on the 2nd working day is recorded, not refused; the event and
    the review record say the review time was short and give the earliest date."""
    case, review = _under_review(world)
    s.act(world.reviewer, case, "decide", checklist() | PASS, today=date(2026, 4, 9))
    review.refresh_from_db()
    assert review.outcome == m.PASS and review.completed_on == date(2026, 4, 9)
    assert m.NormativeDocument.objects.get(pk=case.pk).status == m.REVIEWED
    payload = _decide_event(review)
    assert payload["warning"] == WARNING and payload["earliest_on"] == EARLIEST.isoformat()
    assert client.login(username="reviewer", password="pw-reviewer-123456")
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert WARNING in page
    assert client.login(username="drafter", password="pw-drafter-123456")
    staff = client.get(f"/normative/staff/{case.pk}/").content.decode()
    assert WARNING in staff


def test_opinion_from_day_5_or_in_an_emergency_carries_no_warning(world):
    """115号 二(五): from the 5th working day, or for an emergency (突发事件 / 上级紧急命令),
    the review time is not short."""
    case, review = _under_review(world)
    s.act(world.reviewer, case, "decide", checklist() | PASS, today=EARLIEST)
    assert "warning" not in _decide_event(review)
    other, _ = world.under_review()
    second = other.normative.reviews.get()
    s.act(world.reviewer, other, "decide",
          checklist() | PASS | {"emergency": "urgent_order"}, today=date(2026, 4, 8))
    assert "warning" not in _decide_event(second)
    second.refresh_from_db()
    assert second.emergency == "urgent_order"


def test_review_page_shows_the_earliest_date_above_the_checklist(world, client):
    """115号 二(五): before filling the checklist the reviewer sees the earliest date for an
    opinion and the 15-working-day maximum as the due date."""
    case, _ = _under_review(world)
    assert client.login(username="reviewer", password="pw-reviewer-123456")
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    notice = "最早可出具审核意见日期 2026-04-14（国办发〔2018〕115号 二(五)）"
    assert notice in page
    assert f"审核期限 {LATEST.isoformat()}（最长15个工作日）" in page
    checklist_field = page.index('name="c1_issuer"')
    assert page.index(notice) < checklist_field
    assert "审核时间不足5个工作日（" not in page  # nothing decided yet: no warning
