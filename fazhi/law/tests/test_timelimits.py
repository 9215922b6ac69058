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

def test_stop_excludes_days_after_start_through_end():
    """§8.3 clock stops: consultation sent Thu 9 Oct 2025 counts; answered Tue 14 Oct does
    not. Excluded: Fri 10, Sat 11 (make-up workday), Mon 13, Tue 14 → 4 WD."""
    stop = Stop(date(2025, 10, 9), date(2025, 10, 14), "征求第三方意见")
    plain = evaluate(GIO_REPLY, CAL, date(2025, 9, 26))
    stopped = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop])
    assert plain.due == date(2025, 10, 30)
    assert stopped.stopped_days == 4
    assert stopped.due == CAL.add_working_days(date(2025, 10, 30), 4) == date(2025, 11, 5)
    assert "征求第三方意见，4个工作日不计入" in stopped.explanation


def test_stop_after_due_date_changes_nothing():
    stop = Stop(date(2025, 11, 10), date(2025, 11, 20), "征求第三方意见")
    result = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop])
    assert result.due == date(2025, 10, 30) and result.stopped_days == 0
    assert "不计入" not in result.explanation


def test_open_stop_runs_to_today_and_pauses():
    stop = Stop(date(2025, 10, 9), None, "征求第三方意见")
    result = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop], today=date(2025, 10, 14))
    assert result.paused and result.stopped_days == 4
    assert result.due == date(2025, 11, 5)
    assert "尚未结束，暂计至2025-10-14" in result.explanation
    just_sent = evaluate(GIO_REPLY, CAL, date(2025, 9, 26), stops=[stop], today=date(2025, 10, 9))
    assert just_sent.paused and just_sent.due == date(2025, 10, 30)


def test_overlapping_stops_are_not_counted_twice():
    a = Stop(date(2025, 3, 3), date(2025, 3, 7), "征求第三方意见")
    b = Stop(date(2025, 3, 5), date(2025, 3, 10), "征求其他机关意见")
    result = evaluate(GIO_REPLY, CAL, date(2025, 3, 1), stops=[a, b])
    assert result.stopped_days == CAL.working_days_between(date(2025, 3, 3), date(2025, 3, 10))


def test_calendar_day_stop_shifts_nominal_day():
    """Suspension (复议法 Art. 39) of 10 CD moves a 60 CD decision by 10 days, then rolls."""
    stop = Stop(date(2025, 8, 10), date(2025, 8, 20), "中止")
    result = evaluate(RECON_DECISION, CAL, date(2025, 8, 4), stops=[stop])
    assert result.stopped_days == 10
    assert result.due == CAL.add_calendar_days(date(2025, 8, 4), 70) == date(2025, 10, 13)
    assert "中止，10日不计入" in result.explanation


def test_stop_end_before_start_is_refused():
    with pytest.raises(ValueError, match="早于"):
        Stop(date(2025, 3, 5), date(2025, 3, 4), "中止")


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2019, 1, 1), date(2026, 6, 30)), st.integers(0, 60),
       st.lists(st.tuples(st.integers(0, 90), st.integers(0, 20)), max_size=3),
       st.booleans())
def test_wd_with_stops_matches_reference_walk(started, value, raw_stops, extended):
    """The N-th working day after the start that is not inside a stop."""
    limit = Limit("test.wd", "测试", value, Unit.WD, "收到之日", "测试条款", date(2000, 1, 1),
                  extension=Extension(7, Unit.WD, "负责人", "测试条款"))
    stops = [Stop(started + DAY * off, started + DAY * (off + length), "中止")
             for off, length in raw_stops]
    excluded = {s.start + DAY * i for s in stops for i in range(1, (s.end - s.start).days + 1)}
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
    stop = Stop(date(2026, 10, 12), date(2026, 10, 15), "征求第三方意见")
    result = evaluate(GIO_REPLY, CAL, date(2026, 9, 25), stops=[stop], extended=True)
    assert isinstance(result, Deadline) and result.limit_code == "test.disclosure.reply"
    assert result.explanation == (
        f"收到申请之日（2026-09-25）起20个工作日（{ART_33}）；征求第三方意见，3个工作日不计入；"
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
