"""The English check (ADR 0027): find the Chinese interface text left on a page rendered in
English.

A page in English may show Chinese only inside an element marked `lang="zh-Hans"` (legal
text that a translation would misrepresent, a language's own name in the language menu) or
as data (names, titles, as entered). The check is run on data created with ASCII-only names,
so any Han character outside a marked element is interface text that was not translated.
Used by the crawling test (`fazhi/core/tests/test_english.py`); kept here so that another
suite may check its own pages with it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

HAN = re.compile(r"[\u3001-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e]+")
ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})")
CHINESE_LANGS = ("zh", "zh-hans", "zh-cn")
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"])
SHOWN_ATTRS = ("title", "placeholder", "aria-label", "alt")


class _LeakFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, inside a Chinese-marked element)
        self.leaks: list[str] = []

    def _marked(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = (values.get("lang") or "").lower()
        marked = lang in CHINESE_LANGS if "lang" in values and tag != "html" else self._marked()
        if not marked:
            shown = [values.get(name) for name in SHOWN_ATTRS]
            if tag == "input" and values.get("type") in ("submit", "button", "reset"):
                shown.append(values.get("value"))
            self.leaks += [text for text in shown if text and HAN.search(text)]
        if tag not in VOID:
            self.stack.append((tag, marked))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, -1, -1):
            if self.stack[at][0] == tag:
                del self.stack[at:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":  # json_script escapes non-ASCII
            data = ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), data)
        if not self._marked() and HAN.search(data):
            self.leaks.append(" ".join(data.split())[:120])


def chinese_outside_marked(html: str) -> list[str]:
    """The pieces of text (and shown attribute values) holding Chinese characters outside any
    element marked `lang="zh-Hans"`, in page order, without repeats."""
    finder = _LeakFinder()
    finder.feed(html)
    finder.close()
    return list(dict.fromkeys(finder.leaks))
