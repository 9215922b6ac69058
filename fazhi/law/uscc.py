"""Unified social credit codes (统一社会信用代码), GB 32100-2015.

Pure Python, no Django. A code has 18 characters from the 31-character set
0-9 and A–Y without I, O, S, V, Z:

* 1: registration authority (登记管理部门代码), 2: organisation type (机构类别代码);
* 3–8: administrative division code (登记管理机关行政区划码, 6 digits);
* 9–17: organisation code (主体标识码, GB 11714);
* 18: check character: C18 = 31 − (Σ Ci·Wi mod 31), with Wi = 3^(i−1) mod 31 and
  the value 31 written as 0.
"""

from __future__ import annotations

from fazhi.law.inputs import InputError, identifier

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: n for n, ch in enumerate(CHARSET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, …
LENGTH = 18


class USCCError(ValueError):
    """Why a code is not a valid unified social credit code (Chinese message)."""


def normalise(code: str) -> str:
    """NFKC (full-width ９１３５… typed with a Chinese input method), without spaces,
    upper-cased; a code still not ASCII is returned as typed, for `validate` to name the
    odd character."""
    try:
        return identifier(code or "")
    except InputError:
        return "".join((code or "").split()).upper()


def check_character(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters."""
    if len(first17) != LENGTH - 1:
        raise USCCError(f"计算校验码需要前 17 位，实际为 {len(first17)} 位")
    total = 0
    for ch, weight in zip(first17, WEIGHTS, strict=True):
        value = VALUES.get(ch)
        if value is None:
            raise USCCError(f"含有不允许的字符“{ch}”（不得使用 I、O、S、V、Z 及小写以外的符号）")
        total += value * weight
    return CHARSET[(31 - total % 31) % 31]


def validate(code: str) -> str:
    """Return the normalised code, or raise USCCError with the precise reason."""
    code = normalise(code)
    if len(code) != LENGTH:
        raise USCCError(f"应为 18 位，实际为 {len(code)} 位")
    bad = [ch for ch in code if ch not in VALUES]
    if bad:
        raise USCCError(f"含有不允许的字符“{bad[0]}”（统一社会信用代码不使用 I、O、S、V、Z）")
    if not code[2:8].isdigit():
        raise USCCError("第 3 至 8 位应为 6 位数字的行政区划码")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise USCCError(f"校验码错误：第 18 位应为“{expected}”，实际为“{code[17]}”")
    return code


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except USCCError:
        return False
    return True


def division_code(code: str) -> str:
    """The 6-digit administrative division code (positions 3–8)."""
    return normalise(code)[2:8]
