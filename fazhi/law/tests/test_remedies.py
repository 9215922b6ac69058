"""The remedy notice (救济途径告知) and its limits, a shared legal part (fazhi.law.remedies)."""

from datetime import date

from fazhi.law import remedies
from fazhi.law.timelimits import evaluate
from fazhi.law.workdays import builtin_calendar

CAL = builtin_calendar()


def test_reconsideration_within_60_calendar_days_rolled_forward_art20():
    """《行政复议法》（2023）第二十条: 60 days from knowing of the act; a last day on a rest day
    moves to the next working day (§8.3: Mon 4 Aug 2025 → nominal Fri 3 Oct → Thu 9 Oct)."""
    deadline = evaluate(remedies.RECONSIDERATION, CAL, date(2025, 8, 4))
    assert deadline.due == date(2025, 10, 9)
    assert "第二十条" in deadline.explanation


def test_litigation_within_6_months_art46():
    """《行政诉讼法》第四十六条: six months, ending on the corresponding date (民法典第二百零二条);
    Mon 20 Jan 2025 → Sun 20 Jul 2025, a rest day → Mon 21 Jul 2025."""
    deadline = evaluate(remedies.LITIGATION, CAL, date(2025, 1, 20))
    assert deadline.due == date(2025, 7, 21)
    assert "第四十六条" in deadline.explanation


def test_the_notice_names_both_remedies_or_reconsideration_first_art20_art23_art46():
    """Both remedies with their limits (《行政复议法》第二十条: 60 days; 《行政诉讼法》第四十六条:
    6 months), unless reconsideration must come first (《行政复议法》第二十三条), when the
    lawsuit follows the reconsideration decision; the decision is named as given."""
    both = remedies.remedy_notice(reconsideration_first=False, what="本决定")
    assert "自收到本决定之日起六十日内依法申请行政复议" in both
    assert "自收到本决定之日起六个月内依法提起行政诉讼（《行政诉讼法》第四十六条）" in both
    first = remedies.remedy_notice(reconsideration_first=True)
    assert "对行政复议决定不服的，可以依法提起行政诉讼" in first and "六个月" not in first
    assert "应当先申请行政复议，《行政复议法》第二十三条" in first
