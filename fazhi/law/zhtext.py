"""Chinese text helpers: width/NFC normalisation, traditional→simplified, pinyin
insertions, mojibake detection and word segmentation.

Pure Python, no Django. Used by the annual-report import (`reportparse`) and, later, by
full-text search, so everything here works on plain strings and never guesses repairs:
`find_garbled` only reports spans for a person to fix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import rjieba

__all__ = [
    "CJK_CLASS",
    "GarbledSpan",
    "cjk_count",
    "find_garbled",
    "fold",
    "is_cjk",
    "is_pinyin_syllable",
    "normalise_width",
    "segment",
    "strip_pinyin",
    "to_simplified",
]

# CJK unified ideographs: basic, extension A, compatibility, extensions B+ (astral).
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_RE = re.compile(f"[{CJK_CLASS}]")


def is_cjk(ch: str) -> bool:
    """True for one CJK ideograph (not punctuation)."""
    return bool(_CJK_RE.fullmatch(ch))


def cjk_count(text: str) -> int:
    """Number of CJK ideographs in text."""
    return len(_CJK_RE.findall(text))


# --- width and Unicode form -------------------------------------------------------------

# Full-width ASCII letters and digits become half-width so "２０２１年" reads as a year;
# full-width punctuation （）。，： is kept: it is correct Chinese typography.
_WIDTH_MAP = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp - 0xFEE0).isalnum()}
_WIDTH_MAP[0x3000] = 0x20  # ideographic space, often used as paragraph indentation
_WIDTH_MAP[0x00A0] = 0x20  # no-break space from web pages


def normalise_width(text: str) -> str:
    """NFC, CRLF/CR → LF, full-width letters/digits and odd spaces → ASCII."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_WIDTH_MAP)


@lru_cache(maxsize=1)
def _t2s():  # noqa: ANN202 - OpenCC has no type stubs
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese with OpenCC's t2s tables (length-preserving here)."""
    return _t2s().convert(text) if text else text


# --- pinyin insertions --------------------------------------------------------------------

_PINYIN_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|van|ai|ei|ao|ou|an|en|er|in"
    r"|ia|ie|iu|ua|uo|ui|un|ue|ve|vn|a|o|e|i|u|v)"
)
_TONE_MARKS = "\u0304\u0301\u030c\u0300"  # macron, acute, caron, grave (after NFD)


def _tone_marked(word: str) -> bool:
    return any(c in _TONE_MARKS for c in unicodedata.normalize("NFD", word))


def is_pinyin_syllable(word: str) -> bool:
    """One lowercase pinyin syllable, with tone marks ("zhí"), a tone digit ("zhi2") or
    plain ASCII of two letters or more ("zhi"). Uppercase is never pinyin (abbreviations)."""
    if not word or word != word.lower():
        return False
    base = word[:-1] if word[-1] in "12345" else word
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", base) if not unicodedata.combining(c)
    ).replace("ü", "v")
    if not stripped.isascii() or not stripped.isalpha():
        return False
    if len(stripped) < 2 and not _tone_marked(base) and base == word:
        return False  # "(a)" / "(e)" are list markers far more often than pinyin
    return bool(_PINYIN_SYLLABLE.fullmatch(stripped))


# A CJK character immediately followed by "(syllable)" in ASCII parentheses: the shape a
# scraper leaves when it keeps a page's ruby annotations. Full-width （…） is author content.
_PINYIN_INSERT = re.compile(
    f"(?<=[{CJK_CLASS}])\\(([A-Za-z\u00c0-\u024f\u0300-\u036f]{{1,7}}[1-5]?)\\)"
)


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove pinyin inserted after CJK characters ("執(zhí)法" → "執法"); return the text
    and the number of insertions removed."""
    removed = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal removed
        if is_pinyin_syllable(match.group(1)):
            removed += 1
            return ""
        return match.group(0)

    return _PINYIN_INSERT.sub(drop, text), removed


# --- mojibake -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GarbledSpan:
    """A suspected garbled stretch [start, end) of a text, with why it was suspected."""

    start: int
    end: int
    reasons: tuple[str, ...]


# Characters that UTF-8 punctuation turns into when read as GBK ("“" → "鈥", "。" → "銆",
# "，" → "锛"), and U+FFFD itself read as GBK ("锟斤拷"); none occurs in real report prose.
_MOJIBAKE_MARKERS = re.compile("锟斤拷|烫烫|屯屯|[鈥銆锛]")


def _is_rare(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def _is_toned_syllable(fragment: str) -> bool:
    word = fragment.strip("()")
    return _tone_marked(word) and is_pinyin_syllable(word)


_Check = Callable[[str], bool]
_ASCII_RUN = "[!-/:-@\\[-`{-~A-Za-z\ufffd]"  # ASCII punctuation and letters, U+FFFD; no digits
_CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f"


def _holds_lost_character(run: str) -> bool:
    return "?" in run or "\ufffd" in run


def _ANY(_: str) -> bool:  # noqa: N802 - reads as a constant in the tables below
    return True


_STRONG: list[tuple[re.Pattern[str], str, _Check]] = [
    (re.compile("\ufffd"), "替换字符 U+FFFD（解码失败）", _ANY),
    (re.compile("[\ue000-\uf8ff]"), "私用区字符（多为编码错误）", _ANY),
    (re.compile("[\x80-\x9f]"), "C1 控制字符（多为编码错误）", _ANY),
    (_MOJIBAKE_MARKERS, "UTF-8 按 GBK 解码的典型乱码字", _ANY),
    # A ruby annotation whose "(" was eaten by a decoding error: "?guī)".
    (
        re.compile(r"(?<![A-Za-z\u00c0-\u024f(])[a-z\u00e0-\u01dc]{1,6}\)"),
        "残缺的拼音注音",
        _is_toned_syllable,
    ),
    # One that survived removal because no CJK character precedes it: "?(guī)".
    (re.compile(r"\([a-z\u00e0-\u01dc]{1,6}\)"), "残留的拼音注音", _is_toned_syllable),
    # A short run of ASCII punctuation holding "?" or U+FFFD inside clean Chinese text
    # ("召开?,F常务会议"): the bytes of one character that did not decode.
    (
        re.compile(f"(?<=[{CJK_CLASS}]){_ASCII_RUN}{{2,6}}(?=[{CJK_CLASS}{_CJK_PUNCT}])"),
        "编码异常：汉字之间夹杂半角符号与问号（多为解码错误）",
        _holds_lost_character,
    ),
    # "?" between a CJK char and more text: a byte that could not be decoded.
    (
        re.compile(f"(?<=[{CJK_CLASS}])\\?(?=[{CJK_CLASS}A-Za-z\u00c0-\u024f])"),
        "问号替代了无法解码的字符",
        _ANY,
    ),
]
_WEAK: list[tuple[re.Pattern[str], str, _Check]] = [
    (re.compile(f"[{CJK_CLASS}]"), "罕用字（不在 GB2312 内）", _is_rare),
    (re.compile(f"(?<=[{CJK_CLASS}])[?!]|[?!](?=[{CJK_CLASS}])"), "中文中的半角问号或叹号", _ANY),
]
_MERGE_GAP = 3  # signals at most this many characters apart belong to one segment
_EDGE = re.compile(r"[!-/:-@\[-`{-~A-Za-z\u00c0-\u024f]")  # ASCII punct/letters at the edges


def _signals(text: str) -> list[tuple[int, int, str, bool]]:
    found: list[tuple[int, int, str, bool]] = []
    for strong, patterns in ((True, _STRONG), (False, _WEAK)):
        for pattern, reason, check in patterns:
            found += [
                (m.start(), m.end(), reason, strong)
                for m in pattern.finditer(text)
                if check(m.group())
            ]
    return sorted(found)


def find_garbled(text: str) -> list[GarbledSpan]:
    """Spans of `text` that look like mojibake, for a person to fix.

    A span is reported when it holds a strong signal (U+FFFD, private-use or C1 characters,
    typical UTF-8-as-GBK characters, broken pinyin, "?" inside a CJK run) or at least two
    weak ones (characters outside GB2312, stray "?"/"!"). Signals closer than a few
    characters merge into one span, widened over adjacent ASCII letters/punctuation.
    Run it on simplified text: traditional characters are outside GB2312 by design.
    """
    spans: list[GarbledSpan] = []
    group: list[tuple[int, int, str, bool]] = []

    def close() -> None:
        if group and (any(s[3] for s in group) or len(group) >= 2):
            start, end = min(s[0] for s in group), max(s[1] for s in group)
            while start > 0 and _EDGE.match(text[start - 1]):
                start -= 1
            while end < len(text) and _EDGE.match(text[end]):
                end += 1
            reasons = tuple(dict.fromkeys(s[2] for s in group))
            spans.append(GarbledSpan(start, end, reasons))
        group.clear()

    for sig in _signals(text):
        if group and sig[0] - max(s[1] for s in group) > _MERGE_GAP:
            close()
        group.append(sig)
    close()
    return spans


# --- search helpers ---------------------------------------------------------------------


def fold(text: str) -> str:
    """Search form of a text: NFC, half-width letters/digits, simplified, casefolded."""
    return to_simplified(normalise_width(text)).casefold()


_TOKEN = re.compile(f"[{CJK_CLASS}0-9A-Za-z]")


def segment(text: str, *, for_search: bool = False) -> list[str]:
    """Words of `fold(text)` by jieba, without whitespace and punctuation tokens.

    `for_search=True` adds the shorter words inside long ones (jieba's search mode), which
    is what an index wants; queries use the default mode.
    """
    return segment_folded(fold(text), for_search=for_search)


def segment_folded(folded: str, *, for_search: bool = False) -> list[str]:
    """`segment` of text that is already folded (skips the folding pass).

    rjieba is jieba's algorithm and dictionary in Rust (jieba-rs): the same words as the
    Python jieba at about fifteen times the speed, which decides index build time (ADR 0010).
    """
    words = rjieba.cut_for_search(folded) if for_search else rjieba.cut(folded)
    return [w for w in words if _TOKEN.search(w)]
