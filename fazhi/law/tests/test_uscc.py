"""GB 32100-2015 unified social credit code: character set, layout and check character."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.law import uscc


def _independent_check(first17: str) -> str:
    # Written out from the standard rather than reusing the module's tables: weights are
    # 3^(i-1) mod 31, values follow the 31-character alphabet, C18 = 31 - (sum mod 31).
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights, strict=True))
    return alphabet[(31 - total % 31) % 31]


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",  # the example printed in GB 32100-2015
    "91110000600037341L",
    "91350203MA2XN0D11T",
])
def test_valid_codes(code):
    assert uscc.check_character(code[:17]) == _independent_check(code[:17])
    if code == "91350203MA2XN0D11T":  # built here: take the check character computed
        code = code[:17] + _independent_check(code[:17])
    assert uscc.validate(code) == code


def test_wrong_check_character_names_the_expected_one():
    with pytest.raises(uscc.USCCError, match="第 18 位应为“3”，实际为“4”"):
        uscc.validate("91350100M000100Y44")


@pytest.mark.parametrize("code,reason", [
    ("91350100M000100Y4", "应为 18 位"),
    ("91350100M000100I43", "不允许的字符“I”"),
    ("913501O0M000100Y43", "不允许的字符“O”"),
    ("91ABCDEFM000100Y43", "行政区划码"),
])
def test_malformed_codes(code, reason):
    with pytest.raises(uscc.USCCError, match=reason):
        uscc.validate(code)


def test_normalises_case_and_spaces():
    assert uscc.validate(" 91350100m000100y43 ") == "91350100M000100Y43"


def test_check_value_31_is_written_as_zero():
    # Find a 17-character stem whose weighted sum is a multiple of 31.
    stem = next(s for s in (f"9135020000000{n:04d}" for n in range(10000))
                if _independent_check(s) == "0")
    assert uscc.check_character(stem) == "0"
    assert uscc.is_valid(stem + "0")


@given(st.text(alphabet=uscc.CHARSET, min_size=9, max_size=9),
       st.text(alphabet="0123456789", min_size=6, max_size=6),
       st.sampled_from("159Y"), st.sampled_from("123"))
def test_any_single_character_change_is_caught(org, division, authority, kind):
    stem = authority + kind + division + org
    code = stem + _independent_check(stem)
    assert uscc.is_valid(code)
    for pos in range(18):
        for ch in "0A":
            if code[pos] == ch:
                continue
            changed = code[:pos] + ch + code[pos + 1:]
            if pos in range(2, 8) and not ch.isdigit():
                continue  # a letter in the division code fails for another reason
            assert not uscc.is_valid(changed), changed
