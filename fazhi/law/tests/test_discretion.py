"""Discretion benchmarks (《行政处罚法》第三十四条) and the exemptions of Arts. 30, 31, 33."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.law.discretion import (
    Benchmark,
    BenchmarkError,
    ListEntry,
    MissingFact,
    Span,
    Tier,
    compile_benchmark,
    deviation,
    evaluate_naive,
    exemption,
    validate,
)


def three_tiers() -> Benchmark:
    """从轻 / 一般 / 从重 by amount involved, with 从轻 needing correction."""
    return Benchmark("SC-001", (
        Tier("light", "从轻", amount_involved=Span(None, D(10000)), corrected=True,
             kinds=("warning", "fine"), fine_min=D(1000), fine_max=D(5000), row=2),
        Tier("plain", "一般", amount_involved=Span(None, D(10000)), corrected=False,
             kinds=("fine",), fine_min=D(5000), fine_max=D(20000), row=3),
        Tier("heavy", "从重", amount_involved=Span(D(10000), None),
             kinds=("fine", "confiscate_income"), multiple_min=D(1), multiple_max=D(5), row=4),
    ))


def facts(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"amount_involved": D(0), "illegal_income": D(0), "duration_days": 0,
                               "harm": "none", "first_offence": True, "corrected": True,
                               "cooperated": True}
    return base | kw


def test_tier_selection_returns_the_deciding_conditions() -> None:
    result = compile_benchmark(three_tiers()).evaluate(facts(amount_involved=D(500)))
    assert result.tier.code == "light"
    assert result.conditions == ("涉案金额不满10000元", "已及时改正")
    assert (result.fine_min, result.fine_max) == (D(1000), D(5000))


def test_boundary_belongs_to_the_upper_tier() -> None:
    c = compile_benchmark(three_tiers())
    assert c.tier(facts(amount_involved=D("9999.99"))).code == "light"
    assert c.tier(facts(amount_involved=D(10000))).code == "heavy"


def test_multiples_of_illegal_income_give_the_fine_range() -> None:
    result = compile_benchmark(three_tiers()).evaluate(
        facts(amount_involved=D(20000), illegal_income=D(3000)))
    assert result.tier.code == "heavy"
    assert (result.fine_min, result.fine_max) == (D(3000), D(15000))


def test_overlapping_tiers_are_refused_naming_both_rows() -> None:
    b = Benchmark("X", (
        Tier("a", "从轻", amount_involved=Span(None, D(10000)), kinds=("warning",), row=2),
        Tier("b", "一般", amount_involved=Span(D(5000), None), kinds=("warning",), row=3),
    ))
    with pytest.raises(BenchmarkError) as e:
        validate(b)
    assert e.value.rows == (2, 3)
    assert "第 2 行" in e.value.message and "第 3 行" in e.value.message
    assert "涉案金额5000元以上不满10000元" in e.value.message


def test_gapped_tiers_are_refused_naming_the_gap() -> None:
    b = Benchmark("X", (
        Tier("a", "从轻", amount_involved=Span(None, D(5000)), kinds=("warning",), row=2),
        Tier("b", "从重", amount_involved=Span(D(10000), None), kinds=("warning",), row=3),
    ))
    with pytest.raises(BenchmarkError, match="缺口：涉案金额5000元以上不满10000元"):
        validate(b)


def test_gap_over_a_flag_is_found() -> None:
    b = Benchmark("X", (Tier("a", "从轻", corrected=True, kinds=("warning",), row=2),))
    with pytest.raises(BenchmarkError, match="缺口：未改正"):
        validate(b)


def test_a_tier_with_bad_bounds_is_refused_with_its_row() -> None:
    b = Benchmark("X", (Tier("a", "从轻", amount_involved=Span(D(5), D(5)), kinds=("warning",), row=7),))
    with pytest.raises(BenchmarkError, match="第 7 行.*下限应小于上限"):
        validate(b)


def test_fine_kind_needs_a_range() -> None:
    b = Benchmark("X", (Tier("a", "一般", kinds=("fine",), row=4),))
    with pytest.raises(BenchmarkError, match="第 4 行.*应填写罚款幅度"):
        validate(b)


def test_missing_fact_is_named_in_chinese() -> None:
    with pytest.raises(MissingFact, match="涉案金额"):
        compile_benchmark(three_tiers()).tier({"corrected": True})


def test_deviation_outside_the_range_and_kind() -> None:
    result = compile_benchmark(three_tiers()).evaluate(facts(amount_involved=D(500)))
    assert deviation(result, D(3000), ["fine"]) is None
    assert deviation(result, D(6000), ["fine"]) == "拟罚款6000元，高于“从轻”档上限5000元"
    assert "低于“从轻”档下限1000元" in deviation(result, D(500), ["fine"])
    assert "吊销许可证件" in deviation(result, D(3000), ["fine", "revoke_licence"])
    assert "拟不罚款" in deviation(result, None, ["warning"])


@settings(max_examples=300, deadline=None)
@given(amount=st.decimals(min_value=0, max_value=10**7, places=2),
       corrected=st.booleans(), harm=st.sampled_from(["none", "minor", "serious"]))
def test_compiled_evaluation_agrees_with_the_naive_scan(amount: D, corrected: bool, harm: str) -> None:
    b = Benchmark("Y", (
        Tier("a", "从轻", amount_involved=Span(None, D(1000)), harm=frozenset({"none", "minor"}),
             kinds=("warning",), row=2),
        Tier("b", "一般", amount_involved=Span(None, D(1000)), harm=frozenset({"serious"}),
             kinds=("fine",), fine_min=D(100), fine_max=D(500), row=3),
        Tier("c", "较重", amount_involved=Span(D(1000), D(50000)), corrected=True,
             kinds=("fine",), fine_min=D(500), fine_max=D(2000), row=4),
        Tier("d", "从重", amount_involved=Span(D(1000), D(50000)), corrected=False,
             kinds=("fine",), fine_min=D(2000), fine_max=D(5000), row=5),
        Tier("e", "特别严重", amount_involved=Span(D(50000), None),
             kinds=("fine", "suspend_business"), fine_min=D(5000), fine_max=D(10000), row=6),
    ))
    f = facts(amount_involved=amount, corrected=corrected, harm=harm)
    assert compile_benchmark(b).tier(f) == evaluate_naive(b, f)


def test_under_fourteen_is_never_penalised() -> None:
    """《行政处罚法》第三十条: 不满十四周岁的未成年人有违法行为的，不予行政处罚。"""
    found = exemption(facts(age=13, corrected=False, harm="serious"))
    assert found is not None and found.kind == "no_penalty" and found.mandatory
    assert found.basis == "《行政处罚法》第三十条"
    assert exemption(facts(age=14, corrected=False, harm="serious")) is None


def test_mental_incapacity_is_not_penalised() -> None:
    """《行政处罚法》第三十一条."""
    found = exemption(facts(mental_incapacity=True, corrected=False))
    assert found is not None and found.basis == "《行政处罚法》第三十一条"


def test_minor_violation_corrected_without_harm_is_not_penalised() -> None:
    """《行政处罚法》第三十三条第一款: 违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"""
    found = exemption(facts(minor=True, corrected=True, harm="none"))
    assert found is not None and found.kind == "no_penalty" and found.mandatory
    assert found.basis == "《行政处罚法》第三十三条第一款"
    assert exemption(facts(minor=True, corrected=False, harm="none")) is None
    assert exemption(facts(minor=True, corrected=True, harm="minor")) is None


def test_minor_list_entry_respects_its_cap() -> None:
    """轻微违法不予处罚清单 (《行政处罚法》第三十三条第一款) within the entry's limit only."""
    entry = ListEntry("SC-001", max_amount_involved=D(1000))
    found = exemption(facts(amount_involved=D(800)), minor_entry=entry)
    assert found is not None and found.kind == "minor"
    assert exemption(facts(amount_involved=D(1200), first_offence=False), minor_entry=entry) is None


def test_first_offence_may_be_waived_when_listed() -> None:
    """首违不罚: 《行政处罚法》第三十三条第一款第二句 — 初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"""
    entry = ListEntry("SC-001")
    found = exemption(facts(harm="minor"), first_entry=entry)
    assert found is not None and found.kind == "first_offence" and not found.mandatory
    assert exemption(facts(harm="minor", first_offence=False), first_entry=entry) is None
    assert exemption(facts(harm="serious"), first_entry=entry) is None
    assert exemption(facts(harm="minor")) is None  # not on a list
