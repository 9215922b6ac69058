"""RFC 3797 ("Publicly Verifiable Nominations Committee Random Selection").

Two uses: the canonical text of public randomness sources (draw-v1 hashes it into the
seed, random-draws.md §5.2) and the RFC's own selection method, kept so the RFC's worked
example cross-checks our canonicalisation (random-draws.md §2.1).

Canonical text: each source is a group of non-negative numbers; the group is sorted
ascending by value, each number is written in decimal (no leading zeros; a fraction
without trailing zeros) followed by ".", and the group ends with "/". Groups keep the
order in which the sources were named. No floats anywhere: decimals are parsed as text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

__all__ = [
    "SourceValueError",
    "canonical_number",
    "canonical_source",
    "canonical_sources",
    "rfc3797_key",
    "rfc3797_select",
]

_DECIMAL = re.compile(r"([0-9]+)(?:\.([0-9]+))?")
MAX_PICKS = 0x10000  # the counter is two bytes (RFC 3797 §4)


class SourceValueError(ValueError):
    """A randomness-source value that has no canonical form."""


SourceValue = int | str | Sequence[int | str]


def _parse_number(value: int | str) -> tuple[int, str]:
    """(integer part, fraction digits without trailing zeros); rejects floats and signs."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SourceValueError(f"source value {value!r}: use an integer or decimal text")
    if isinstance(value, int):
        if value < 0:
            raise SourceValueError(f"source value {value}: negative numbers are not allowed")
        return value, ""
    match = _DECIMAL.fullmatch(value.strip())
    if match is None:
        raise SourceValueError(f"source value {value!r}: not a non-negative decimal number")
    return int(match.group(1)), (match.group(2) or "").rstrip("0")


def canonical_number(value: int | str) -> str:
    """One number as canonical text, without the terminating "."."""
    whole, frac = _parse_number(value)
    return f"{whole}.{frac}" if frac else str(whole)


def _sort_key(value: int | str) -> tuple[int, str]:
    # For equal integer parts, comparing fraction digit strings lexicographically is a
    # numeric comparison (a missing digit reads as 0); no float is ever formed.
    return _parse_number(value)


def canonical_source(value: SourceValue) -> str:
    """One source: sorted numbers, each followed by ".", then "/".

    A string holds one or more whitespace-separated numbers ("2 5 12 8 10").
    """
    if isinstance(value, str):
        numbers: list[int | str] = list(value.split())
    elif isinstance(value, int) and not isinstance(value, bool):
        numbers = [value]
    elif isinstance(value, Sequence):
        numbers = list(value)
    else:
        raise SourceValueError(f"source value {value!r}: use numbers or decimal text")
    if not numbers:
        raise SourceValueError("a source must contain at least one number")
    ordered = sorted(numbers, key=_sort_key)
    return "".join(canonical_number(n) + "." for n in ordered) + "/"


def canonical_sources(values: Sequence[SourceValue]) -> str:
    """All sources in their named order: the RFC 3797 key string."""
    return "".join(canonical_source(v) for v in values)


rfc3797_key = canonical_sources


def rfc3797_select(
    sources: Sequence[SourceValue], candidates: Sequence[str], count: int
) -> list[str]:
    """Select `count` candidates in selection order, exactly as RFC 3797 §4 / §6.

    Pick i hashes MD5(i as 2 bytes big-endian ‖ key ‖ same 2 bytes); the digest as a
    big-endian integer modulo the number still remaining chooses (remainder + 1)-th
    remaining candidate in the published order, which is then removed.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError("count must be a non-negative integer")
    if count > len(candidates):
        raise ValueError(f"count {count} exceeds the {len(candidates)} candidates")
    if count > MAX_PICKS:
        raise ValueError(f"RFC 3797 allows at most {MAX_PICKS} picks (2-byte counter)")
    key = rfc3797_key(sources).encode("ascii")
    remaining = list(candidates)
    chosen: list[str] = []
    for i in range(count):
        counter = i.to_bytes(2, "big")
        digest = hashlib.md5(counter + key + counter, usedforsecurity=False).digest()
        chosen.append(remaining.pop(int.from_bytes(digest, "big") % len(remaining)))
    return chosen
