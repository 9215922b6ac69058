"""Time limits: evaluation with stops and extension, explanations, versioned registry."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.law import timelimits
from fazhi.law.timelimits import Deadline, Extension, Limit, Stop, Unit, evaluate
from fazhi.law.workdays import builtin_calendar

CAL = builtin_calendar()
DAY = timedelta(days=1)
ART_33 = "《政府信息公开条例》第三十三条第二款"

GIO_REPLY = Limit(
    code="test.disclosure.reply", label="答复申请", value=20, unit=Unit.WD,
    trigger="收到申请之日", citation=ART_33, effective_from=date(2019, 5, 15),
    stops=frozenset({"征求第三方意见"}), restart_on=frozenset({"补正"}),
    extension=Extension(20, Unit.WD, "政府信息公开工作机构负责人", ART_33),
)
PAYMENT = Limit(
    code="test.penalty.payment", label="缴纳罚款", value=15, unit=Unit.CD,
    trigger="收到行政处罚决定书之日", citation="《行政处罚法》第六十七条第三款",
    effective_from=date(2021, 7, 15),
)
RECON_DECISION = Limit(
    code="test.reconsideration.decision", label="作出复议决定", value=60, unit=Unit.CD,
    trigger="受理申请之日", citation="《行政复议法》第六十二条", effective_from=date(2024, 1, 1),
    stops=frozenset({"中止"}),
    extension=Extension(30, Unit.CD, "行政复议机构负责人", "《行政复议法》第六十二条"),
)


@pytest.fixture(autouse=True)
def isolated_registry(monkeypatch):
    """Test registrations never leak into the process-wide registry."""
    monkeypatch.setattr(timelimits, "_REGISTRY", {})


def test_unit_labels():
    assert [u.label for u in Unit] == ["工作日", "日", "个月", "年"]
    assert Unit("working_day") is Unit.WD
    assert Unit.WD.amount(20) == "20个工作日" and Unit.MONTH.amount(6) == "6个月"


# -- §8.3 worked examples through evaluate -----------------------------------------

def test_gio_reply_2025_spring_festival_with_extension():
    """条例 Art. 33(2), §8.3: Mon 20 Jan 2025 → Fri 21 Feb; extended → Fri 21 Mar."""
    base = evaluate(GIO_REPLY, CAL, date(2025, 1, 20))
    assert base.due == date(2025, 2, 21) and not base.provisional and not base.extended
    full = evaluate(GIO_REPLY, CAL, date(2025, 1, 20), extended=True)
    assert full.due == date(2025, 3, 21) and full.extended
    assert full.explanation == (
        "收到申请之日（2025-01-20）起20个工作日（《政府信息公开条例》第三十三条第二款）；"
        "经政府信息公开工作机构负责人同意延长20个工作日（同条）；截止2025-03-21")


def test_penalty_payment_15_cd_rolls_past_spring_festival_minsufa_art_85():
    """民诉法 Art. 85(3): nominal Tue 4 Feb 2025 is a holiday → Wed 5 Feb 2025."""
    assert evaluate(PAYMENT, CAL, date(2025, 1, 20)).due == date(2025, 2, 5)


def test_reconsideration_60_cd_and_30_cd_extension():
    """复议法 Art. 62: accepted Mon 4 Aug 2025 → Thu 9 Oct; +30 from nominal Fri 3 Oct."""
    assert evaluate(RECON_DECISION, CAL, date(2025, 8, 4)).due == date(2025, 10, 9)
    # extension counts from the unrolled last day (3 Oct) → Sun 2 Nov → Mon 3 Nov
    extended = evaluate(RECON_DECISION, CAL, date(2025, 8, 4), extended=True)
    assert extended.due == date(2025, 11, 3)
    assert "经行政复议机构负责人同意延长30日（同条）" in extended.explanation


def test_extension_without_rule_is_refused():
    with pytest.raises(ValueError, match="没有延长规定"):
        evaluate(PAYMENT, CAL, date(2025, 1, 20), extended=True)


# -- clock stops ---------------------------------------------------------------------

def closed(start: date, end: date, reason: str = "征求第三方意见") -> Stop:
    """A stop that has ended; its bound (the latest end) is not reached."""
    return Stop(start, end, reason, bound=end + 60 * DAY)


def test_stop_excludes_days_after_start_through_end():
    """§8.3 clock stops: consultation sent Thu 9 Oct 2025 counts; answered Tue 14 Oct does
    not. Excluded: Fri 10, Sat 11 (make-up workday), Mon 13, Tue 14 → 4 WD."""
    stop = closed(date(2025, 10, 9), date(2025, 10, 14))
    plain = evaluate(GIO_REPLY, CAL, date(2025, 9, 26))
    stopped = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop])
    assert plain.due == date(2025, 10, 30)
    assert stopped.stopped_days == 4
    assert stopped.due == CAL.add_working_days(date(2025, 10, 30), 4) == date(2025, 11, 5)


def test_explanation_names_the_excluded_dates_and_the_counting_rule_minfadian_201():
    """民法典第二百零一条: the day a stop begins still counts, the day it ends does not; the
    explanation names the excluded dates and their number in the limit's unit."""
    stop = closed(date(2025, 10, 9), date(2025, 10, 14))
    result = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop])
    assert result.explanation == (
        f"收到申请之日（2025-09-26）起20个工作日（{ART_33}）；"
        "征求第三方意见自2025-10-09开始，2025-10-14结束：2025-10-10至2025-10-14中止计算，"
        "4个工作日不计入；中止开始当日计入期限，结束当日不计入（《民法典》第二百零一条）；"
        "截止2025-11-05")
    [span] = result.stops
    assert (span.applied, span.excluded_from, span.excluded_to, span.excluded_days) == (
        True, date(2025, 10, 10), date(2025, 10, 14), 4)


def test_a_stop_without_a_bound_cannot_be_made():
    """DESIGN principle: a clock stop always has an end (its bound)."""
    with pytest.raises(TypeError):
        Stop(date(2025, 10, 9), None, "征求第三方意见")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="最迟结束日期"):
        Stop(date(2025, 10, 9), None, "征求第三方意见", None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="早于"):
        Stop(date(2025, 10, 9), None, "征求第三方意见", date(2025, 10, 8))


def test_open_stop_runs_to_its_bound_whatever_today_art32():
    """条例第三十二条: the third party has 15 WD; an unanswered consultation stops the reply
    clock until they run out, then the agency decides and the clock runs again. Received
    Thu 9 Oct 2025, the party's limit ends Wed 29 Oct: 15 WD excluded → due Thu 20 Nov."""
    bound = CAL.add_working_days(date(2025, 10, 9), 15)
    assert bound == date(2025, 10, 29)
    stop = Stop(date(2025, 10, 9), None, "征求第三方意见", bound=bound,
                bound_reason="第三方答复期限届满")
    results = [evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop], today=today)
               for today in (date(2025, 10, 9), date(2025, 10, 20), date(2025, 10, 30))]
    assert {r.due for r in results} == {CAL.add_working_days(date(2025, 10, 30), 15)}
    assert results[0].due == date(2025, 11, 20) and results[0].stopped_days == 15
    assert [r.paused for r in results] == [True, True, False]  # resumes after the bound
    assert ("尚未结束，最迟至2025-10-29（第三方答复期限届满），暂按最迟结束日计算：2025-10-10至"
            "2025-10-29中止计算，15个工作日不计入") in results[1].explanation
    assert "已自次日起恢复计算" in results[2].explanation


def test_an_answer_after_the_bound_excludes_no_more_than_the_bound_art32():
    """条例第三十二条: after the third party's 15 WD the agency decides; a late answer does
    not stop the reply clock any longer."""
    bound = date(2025, 10, 30)
    late = Stop(date(2025, 10, 9), date(2025, 11, 10), "征求第三方意见", bound=bound)
    on_time = Stop(date(2025, 10, 9), bound, "征求第三方意见", bound=bound)
    result = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[late])
    assert result.due == evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[on_time]).due
    assert "2025-11-10结束，但最迟至2025-10-30" in result.explanation


def test_a_stop_begun_after_the_due_date_stops_nothing_art33():
    """条例第三十三条: a consultation sent after the reply period has run cannot revive it;
    the due date and the overdue state stay, and the explanation says why."""
    stop = Stop(date(2025, 11, 10), None, "征求第三方意见", bound=date(2025, 12, 1))
    result = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop],
                      today=date(2025, 11, 12))
    assert result.due == date(2025, 10, 30) and result.stopped_days == 0
    assert not result.paused
    assert "征求第三方意见于2025-11-10开始，此时期限已于2025-10-30届满，不中止计算" \
        in result.explanation
    assert not result.stops[0].applied


def test_a_stop_begun_on_the_last_day_stops_nothing():
    """民法典第二百零一条: the day a stop begins counts, so a stop begun on the last day of
    the period leaves nothing to exclude."""
    stop = Stop(date(2025, 10, 30), None, "征求第三方意见", bound=date(2025, 11, 20))
    result = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop])
    assert result.due == date(2025, 10, 30)
    assert "于期限最后一日2025-10-30开始，当日计入期限，不中止计算" in result.explanation


def test_overlapping_stops_are_not_counted_twice():
    a = closed(date(2025, 3, 3), date(2025, 3, 7))
    b = closed(date(2025, 3, 5), date(2025, 3, 10), "征求其他机关意见")
    result = evaluate(GIO_REPLY, CAL, date(2025, 3, 1), stops=[a, b])
    assert result.stopped_days == CAL.working_days_between(date(2025, 3, 3), date(2025, 3, 10))
    assert sum(span.excluded_days for span in result.stops) == result.stopped_days


def test_calendar_day_stop_shifts_nominal_day():
    """Suspension (复议法 Art. 39) of 10 CD moves a 60 CD decision by 10 days, then rolls."""
    stop = closed(date(2025, 8, 10), date(2025, 8, 20), "中止")
    result = evaluate(RECON_DECISION, CAL, date(2025, 8, 4), stops=[stop])
    assert result.stopped_days == 10
    assert result.due == CAL.add_calendar_days(date(2025, 8, 4), 70) == date(2025, 10, 13)
    assert "2025-08-11至2025-08-20中止计算，10日不计入" in result.explanation


def test_stop_end_before_start_is_refused():
    with pytest.raises(ValueError, match="早于"):
        closed(date(2025, 3, 5), date(2025, 3, 4))


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2019, 1, 1), date(2026, 6, 30)), st.integers(0, 60),
       st.lists(st.tuples(st.integers(0, 90), st.integers(0, 20), st.integers(0, 25),
                          st.booleans()), max_size=3),
       st.booleans())
def test_wd_with_stops_matches_reference_walk(started, value, raw_stops, extended):
    """The N-th working day after the start that is not inside a stop; a stop excludes the
    days after its start through its end or, if open or later, its bound."""
    limit = Limit("test.wd", "测试", value, Unit.WD, "收到之日", "测试条款", date(2000, 1, 1),
                  extension=Extension(7, Unit.WD, "负责人", "测试条款"))
    stops = [Stop(started + DAY * off, None if is_open else started + DAY * (off + length),
                  "中止", bound=started + DAY * (off + cap))
             for off, length, cap, is_open in raw_stops]
    excluded = {s.start + DAY * i for s in stops
                for i in range(1, (s.last_excluded - s.start).days + 1)}
    d, left = started, value + (7 if extended else 0)
    while left:
        d += DAY
        left -= CAL.is_working_day(d) and d not in excluded
    result = evaluate(limit, CAL, started, stops=stops, extended=extended)
    assert result.due == d
    assert result.stopped_days == sum(
        1 for x in excluded if started < x <= d and CAL.is_working_day(x))


# -- months, provisional -------------------------------------------------------------

def test_month_limit_uses_corresponding_date():
    """民法典 Art. 202: 6 months from 31 Aug 2025 → 28 Feb 2026 (Sat) → Sat is a make-up
    workday in 2026, so it stands."""
    limit = Limit("test.litigation", "提起诉讼", 6, Unit.MONTH, "知道作出行政行为之日",
                  "《行政诉讼法》第四十六条", date(2015, 5, 1))
    assert evaluate(limit, CAL, date(2025, 8, 31)).due == date(2026, 2, 28)
    year = Limit("test.year", "一年", 1, Unit.YEAR, "知道之日", "条", date(2015, 5, 1))
    assert evaluate(year, CAL, date(2024, 2, 29)).due == date(2025, 2, 28)


def test_provisional_when_running_into_unpublished_2027():
    """DESIGN principle 4: a due date in a year without a notice is flagged provisional."""
    result = evaluate(GIO_REPLY, CAL, date(2026, 12, 15))
    assert result.provisional
    assert result.explanation.endswith(
        "（临时：2027年放假安排尚未公布，按周末及法定节假日估算）")
    assert not evaluate(GIO_REPLY, CAL, date(2026, 11, 2)).provisional


def test_explanation_lists_stop_and_extension_like_the_spec():
    stop = closed(date(2026, 10, 12), date(2026, 10, 15))
    result = evaluate(GIO_REPLY, CAL, date(2026, 9, 25), stops=[stop], extended=True)
    assert isinstance(result, Deadline) and result.limit_code == "test.disclosure.reply"
    assert result.explanation == (
        f"收到申请之日（2026-09-25）起20个工作日（{ART_33}）；征求第三方意见自2026-10-12开始，"
        "2026-10-15结束：2026-10-13至2026-10-15中止计算，3个工作日不计入；"
        "中止开始当日计入期限，结束当日不计入（《民法典》第二百零一条）；"
        "经政府信息公开工作机构负责人同意延长20个工作日（同条）；截止2026-12-01")


# -- registry ------------------------------------------------------------------------

def test_registry_versions_by_effective_date():
    """复议法: the 2017 text until 2023-12-31, the 2023 revision from 2024-01-01."""
    old = Limit("test.recon.decision", "作出复议决定", 60, Unit.CD, "受理申请之日",
                "《行政复议法》（2017）第三十一条", date(2017, 9, 1), effective_to=date(2023, 12, 31))
    new = Limit("test.recon.decision", "作出复议决定", 60, Unit.CD, "受理申请之日",
                "《行政复议法》第六十二条", date(2024, 1, 1))
    timelimits.register(new)
    assert timelimits.register(old) is old
    assert timelimits.get("test.recon.decision", on=date(2023, 12, 31)) is old
    assert timelimits.get("test.recon.decision", on=date(2024, 1, 1)) is new
    with pytest.raises(KeyError, match="没有有效版本"):
        timelimits.get("test.recon.decision", on=date(2010, 1, 1))
    with pytest.raises(KeyError, match="未登记的时限代码：test.nope"):
        timelimits.get("test.nope")


def test_registry_lists_sorted_and_replaces_same_version():
    timelimits.register(PAYMENT)
    timelimits.register(GIO_REPLY)
    timelimits.register(GIO_REPLY)
    assert [limit.code for limit in timelimits.all_limits()] == [
        "test.disclosure.reply", "test.penalty.payment"]


def test_limit_validation():
    with pytest.raises(ValueError):
        Limit("x", "x", -1, Unit.WD, "t", "c", date(2020, 1, 1))
    with pytest.raises(ValueError):
        Limit("x", "x", 1, Unit.WD, "t", "c", date(2020, 1, 1), effective_to=date(2019, 1, 1))
