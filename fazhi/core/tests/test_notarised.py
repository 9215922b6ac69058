"""The notary's steps of draw-v1 (random-draws.md §5.2), one implementation for lotteries
and inspection plans: commit, sources, reveal, and the failure rule — a reveal that does
not open c_N voids the draw, re-run only with a new commitment and later sources."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from fazhi.core import notarised
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.law import draws

NOW = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
R_N = bytes(range(32))
STEPS = notarised.NotarisedDraw(
    notarised.Terms(notary="见证人", secret="见证随机数", commitment="见证承诺", draw="抽签",
                    rules="规则"), void_state="void")
SOURCES = (draws.SourceSpec("kl8-1", ("sse-1",)),)


def _owner(**kw) -> SimpleNamespace:
    owner = SimpleNamespace(state="committed", attempt=1, notary_commitment="", source_values={},
                            source_evidence={}, notary_reveal="", void_reason="",
                            void_attempts=[], **kw)
    owner.draw_id = "T-1"
    return owner


def _committed() -> SimpleNamespace:
    owner = _owner()
    STEPS.commit(owner, STEPS.commitment(draws.notary_commitment("T-1", R_N).hex()))
    return owner


def test_reveal_waits_for_the_sources_then_opens_the_commitment():
    owner = _committed()
    with pytest.raises(NotAllowed, match="随机源及其备用源均未录入"):
        STEPS.reveal(owner, R_N, SOURCES, NOW)
    STEPS.enter_source(owner, "sse-1", STEPS.source_value(" 3361.980 "), {"text": "收盘价"},
                       notarised.source_ids(SOURCES))
    done = STEPS.reveal(owner, R_N, SOURCES, NOW)
    assert done["matches"] is True and owner.notary_reveal == R_N.hex()
    assert done["canonical"] == "3361.98./"
    with pytest.raises(NotAllowed, match="见证随机数已公开，随机源不得再修改"):
        STEPS.enter_source(owner, "kl8-1", "1 2", {}, notarised.source_ids(SOURCES))
    with pytest.raises(NotAllowed, match="见证随机数已经公开"):
        STEPS.reveal(owner, R_N, SOURCES, NOW)


def test_a_reveal_not_opening_c_n_voids_the_draw_with_the_value_recorded():
    owner = _committed()
    STEPS.enter_source(owner, "kl8-1", "1 2 3", {}, notarised.source_ids(SOURCES))
    done = STEPS.reveal(owner, bytes(32), SOURCES, NOW)
    assert done["matches"] is False and owner.state == "void" and owner.notary_reveal == ""
    assert owner.void_reason.startswith("见证人公开的随机数 r_N 与事先提交的承诺 c_N 不符")
    assert owner.void_attempts == [{
        "attempt": 1, "draw_id": "T-1", "reason": owner.void_reason, "at": NOW.isoformat(),
        "notary_commitment": draws.notary_commitment("T-1", R_N).hex(),
        "sources": {"kl8-1": "1 2 3"}, "reveal": bytes(32).hex()}]
    with pytest.raises(NotAllowed, match="见证人尚未公开随机数 r_N，不能抽签"):
        STEPS.require_reveal(owner)


def test_a_rerun_takes_only_sources_never_named_and_clears_the_commitment():
    owner = _committed()
    STEPS.enter_source(owner, "kl8-1", "1 2 3", {}, notarised.source_ids(SOURCES))
    STEPS.reveal(owner, bytes(32), SOURCES, NOW)
    with pytest.raises(InvalidData, match="重新抽签必须使用更晚的、未曾使用过的随机源"):
        STEPS.rerun(owner, ["kl8-1", "sse-1"], ["kl8-2", "sse-1"])
    assert STEPS.rerun(owner, ["kl8-1", "sse-1"], ["kl8-2"]) == {"attempt": 2, "draw_id": "T-1"}
    assert (owner.notary_commitment, owner.notary_reveal, owner.source_values) == ("", "", {})


@pytest.mark.parametrize("text", ["", "zz" * 32, "ab" * 31, "ab" * 33])
def test_commitment_and_secret_are_32_bytes_of_hex(text):
    with pytest.raises(InvalidData, match="见证承诺 c_N 应为 64 位十六进制数字"):
        STEPS.commitment(text)
    with pytest.raises(InvalidData, match="见证随机数 r_N 应为 64 位十六进制数字"):
        STEPS.secret(text)


def test_both_apps_run_the_same_steps():
    from fazhi.inspections.notary_steps import NOTARY_STEPS as PLAN_STEPS
    from fazhi.lottery.notary_steps import NOTARY_STEPS as LOTTERY_STEPS

    assert type(PLAN_STEPS) is type(LOTTERY_STEPS) is notarised.NotarisedDraw
    assert (LOTTERY_STEPS.void_state, PLAN_STEPS.void_state) == ("void", "void")


@pytest.mark.parametrize(("text", "message"), [("  ", "请说明抽签无效的原因"),
                                               ("随机源\u202e被操纵", "控制字符")])
def test_a_void_needs_a_plain_reason(text, message):
    with pytest.raises(InvalidData, match=message):
        STEPS.void_reason(text)
    assert STEPS.void_reason(" 见证人未到场 ") == "见证人未到场"
