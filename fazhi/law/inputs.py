"""Normalising what people type before it is validated or stored.

Pure Python, no Django. Two rules hold at every input of every module:

* Identifiers (ID numbers, unified social credit codes, phone numbers, receipt and
  application codes) are NFKC-normalised first, so full-width `３５０２…` and other
  compatibility forms read as the ASCII a person meant; whatever is still not ASCII
  afterwards (Arabic-Indic digits, letters of other scripts) is refused with a message
  instead of reaching code that assumes ASCII.
* Free text never carries C0/C1 control characters or bidirectional overrides: they break
  document exports and let a name display as something else (display spoofing). Tab and
  line breaks are allowed where the field is multi-line.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["InputError", "certificate_number", "control_characters", "folded_number", "identifier",
           "search_text", "strip_controls", "text"]


class InputError(ValueError):
    """Why an input was refused (a Chinese message for the person who typed it). The
    message is `template % params`, so a caller with a translation catalogue can
    translate the template (this module knows no Django)."""

    def __init__(self, template: str, **params: str) -> None:
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


_BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
_NONCHAR = "\ufffe\uffff"  # not characters at all; XML (so DOCX) cannot hold them
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_NONCHAR}]")
_CONTROL_OR_BREAK = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_NONCHAR}]")
_SPACES = re.compile(r"\s+")


def control_characters(value: str, *, multiline: bool = True) -> list[str]:
    """The forbidden characters in `value`, each once, as U+XXXX names (empty: clean).
    Single-line fields also refuse tab and line breaks."""
    pattern = _CONTROL if multiline else _CONTROL_OR_BREAK
    found = dict.fromkeys(pattern.findall(value))
    if multiline:
        found.pop("\t", None)
    return [f"U+{ord(ch):04X}" for ch in found]


def text(value: str, *, multiline: bool = True) -> str:
    """`value` unchanged if it has no control or bidi-override characters, else InputError."""
    bad = control_characters(value, multiline=multiline)
    if bad:
        raise InputError("含有不可见的控制字符（%(chars)s），请删除后重新输入",
                         chars="、".join(bad[:3]))
    return value


def strip_controls(value: str) -> str:
    """`value` without control and bidi-override characters (keeps tab and line breaks);
    for imported text, where refusing would lose a whole document."""
    return _CONTROL.sub("", value).replace("\x0b", "").replace("\x0c", "")


def search_text(value: str, limit: int = 100) -> str:
    """What a search box holds, made safe to query: no control or bidi-override characters
    (PostgreSQL refuses NUL), no line breaks, at most `limit` characters, trimmed. A search
    is never refused for them: they cannot be part of anything published."""
    return _CONTROL_OR_BREAK.sub("", value or "")[:limit].strip()


def folded_number(value: str) -> str:
    """A document or case number as typed (it may hold Han characters, so it is not an
    `identifier`): NFKC-folded (full-width digits and letters, an IME's dash), without
    whitespace, upper-cased."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def certificate_number(value: str) -> str:
    """A certificate number as typed or imported (闽执…): folded, at most 40 characters."""
    return folded_number(value)[:40]


def identifier(value: str, *, upper: bool = True) -> str:
    """NFKC-normalised, without any whitespace, upper-cased; InputError if anything but
    ASCII remains (then no later ASCII-only code can fail on it)."""
    normal = _SPACES.sub("", unicodedata.normalize("NFKC", value or ""))
    normal = normal.upper() if upper else normal
    if not normal.isascii():
        odd = next(ch for ch in normal if not ch.isascii())
        raise InputError("含有无法识别的字符“%(char)s”，请使用半角数字和字母", char=odd)
    text(normal, multiline=False)
    return normal
