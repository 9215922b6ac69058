"""Import of an annual rule-of-law government report (法治政府建设年度报告).

Pure Python, no Django. Pipeline: `decode_report` (bytes → text) → `normalise` (width,
pinyin removal, web-page chrome blanked, simplified, garbled flags) → `parse_report`
(title, year and issuer; heading tree) → `extract_tasks` (next year's arrangements as task
drafts). `import_report` runs all four.

`ImportResult.to_dict()` / `.to_json()` is the contract printed by
`fazhi report import FILE --json`; its keys never change meaning:

    {
      "text": str,                 # normalised text; every line/column below refers to it
      "pinyin_removed": int,       # "(zhí)"-style insertions removed
      "flags": [{"line", "column", "offset", "snippet",
                 "context_before", "context_after", "reason"}],   # garbled, fix by hand
      "headings": [Section],       # Section = {"label", "number", "level", "title", "line",
                                   #   "body": [{"text", "line", "items": [{"label", "text"}]}],
                                   #   "children": [Section]}
      "warnings": [{"code", "line", "message"}],
      "tasks": [{"year", "area_number", "area_label", "area_title", "text",
                 "source_path", "line", "lead_agency", "lead_keyword"}],
      "metadata": {"title", "title_line", "year", "issuer"}   # title null: no title line
    }

A Section's "label" is "" for a chapter heading that lost its number on the page; its
"number" is then the one it should have had (see the heading_number_missing warning).

Lines and columns are 1-based, `offset` is 0-based into "text"; "line" may be null in a
warning about the whole file. Messages are Chinese: they are shown to the office's staff.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from fazhi.law.zhtext import (
    CJK_CLASS,
    cjk_count,
    find_garbled,
    normalise_width,
    strip_pinyin,
    to_simplified,
)

__all__ = [
    "DEFAULT_LEAD_RULES",
    "Decoded",
    "Flag",
    "ImportResult",
    "ListItem",
    "Metadata",
    "NotAReport",
    "Normalised",
    "Outline",
    "Paragraph",
    "ReportWarning",
    "Section",
    "TaskDraft",
    "decode_report",
    "extract_tasks",
    "import_report",
    "normalise",
    "parse_headings",
    "parse_outline",
    "parse_report",
    "read_report",
    "suggest_lead",
]

MIN_CJK_CHARS = 50  # below this a file is a note, not a report
CONTEXT_CHARS = 20


class NotAReport(ValueError):
    """The file is empty, unreadable or not a report; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- 1. reading ---------------------------------------------------------------------------


@dataclass
class Decoded:
    """Decoded text and how: encoding is utf-8, utf-16, gb18030, mixed or docx."""

    text: str
    encoding: str
    fallback_lines: list[int] = field(default_factory=list)  # source lines read as GB18030
    lossy_lines: list[int] = field(default_factory=list)  # lines no codec could read


def _docx_text(data: bytes) -> str:
    from docx import Document  # python-docx; imported here so plain-text imports stay light

    try:
        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    except Exception as exc:  # zipfile, KeyError and lxml errors all mean "not a DOCX"
        raise NotAReport(f"无法读取 DOCX 文件：{exc}") from exc


def _decode_lines(data: bytes) -> Decoded:
    """Line by line: a file pasted together from UTF-8 and GBK sources still reads."""
    parts: list[str] = []
    fallback: list[int] = []
    lossy: list[int] = []
    utf8_lines = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            parts.append(raw.decode("utf-8"))
            utf8_lines += not raw.isascii()
        except UnicodeDecodeError:
            try:
                parts.append(raw.decode("gb18030"))
                fallback.append(number)
            except UnicodeDecodeError:
                parts.append(raw.decode("gb18030", errors="replace"))
                lossy.append(number)
    encoding = "mixed" if utf8_lines and (fallback or lossy) else "gb18030"
    return Decoded("\n".join(parts), encoding, fallback, lossy)


def _looks_binary(text: str, lossy: int, lines: int) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\r\f")
    return controls > len(text) / 100 or lossy > max(1, lines // 20)


def decode_report(data: bytes, filename: str = "") -> Decoded:
    """Decode a report file: DOCX, UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030
    or a line-by-line mix. Raises NotAReport for empty, binary or non-report content."""
    if not data.strip():
        raise NotAReport("文件为空")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAReport("不支持旧版 Word（.doc）文件，请另存为 .docx 或纯文本后导入")
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".docx"):
        decoded = Decoded(_docx_text(data), "docx")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        decoded = Decoded(data.decode("utf-16", errors="replace"), "utf-16")
    else:
        try:
            decoded = Decoded(data.decode("utf-8-sig"), "utf-8")
        except UnicodeDecodeError:
            decoded = _decode_lines(data)
    text = decoded.text
    if _looks_binary(text, len(decoded.lossy_lines), text.count("\n") + 1):
        raise NotAReport("文件不是文本或 DOCX 文档（含有二进制数据）")
    _check_report(normalise_width(text))
    return decoded


def read_report(data: bytes, filename: str = "") -> str:
    """The text of a report file (see `decode_report`)."""
    return decode_report(data, filename).text


def _check_report(text: str) -> None:
    if not text.strip():
        raise NotAReport("文件为空")
    chinese = cjk_count(text)
    if chinese < MIN_CJK_CHARS:
        raise NotAReport(f"未识别到中文报告内容：全文只有 {chinese} 个汉字")
    if not any(_match_heading(line.strip()) for line in text.split("\n")):
        raise NotAReport("未识别到报告的标题结构：没有“一、”“（一）”“1.”式的标题")


# --- 2. normalisation ---------------------------------------------------------------------


@dataclass
class Flag:
    """A garbled segment for a person to fix; positions in the normalised text."""

    line: int
    column: int
    offset: int
    snippet: str
    context_before: str
    context_after: str
    reason: str


@dataclass
class Normalised:
    text: str
    pinyin_removed: int
    flags: list[Flag]
    boilerplate_lines: list[int] = field(default_factory=list)  # blanked web-page chrome


# Web-page chrome that scrapers keep; blanked (not deleted) so line numbers stay put. The
# dates on these lines (site clock, publication) are the page's, never the report's.
_PAGE_FIELDS = (  # "label：value" fields of a page's information line
    "发布时间|发布日期|更新时间|更新日期|时间|日期|来源|信息来源|文章来源|稿件来源|作者|编辑"
    "|责任编辑|浏览次数|浏览量|访问量|访问次数|点击数|点击量|点击次数|阅读数|阅读量|阅读次数"
    "|字体|字号|索引号|发布机构|主题分类|信息分类|公开方式|公开范围|生成日期"
)
_CHROME = [
    # buttons, sharing, accessibility switches
    re.compile(
        r"^(?:扫一扫在手机上查看当前页面|分享到[:：]?.*"
        r"|(?:\s*[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部)\s*[】\]]?)+"
        r"|(?:无障碍|长者模式|简体|繁体|English|[|｜/\s])+)$"
    ),
    re.compile(f"^[【\\[]?\\s*(?:{_PAGE_FIELDS})\\s*[:：]"),  # 发布时间：… 来源：… 浏览次数：…
    # breadcrumbs: "首页 > 政务公开 > …", "您当前的位置：…"
    re.compile(r"^(?:首页\s*[>＞»›]|(?:当前|您的|您现在的|您当前的|您所在的|所在)?位置\s*[:：])"),
    # a site clock: "今天是：2026年12月06日 星期日"
    re.compile(r"\d{4}\s*[年/-]\s*\d{1,2}\s*[月/-]\s*\d{1,2}\s*日?\s*(?:星期|周|礼拜)[一二三四五六日天]"),
    # footer: neighbouring articles, copyright and registration numbers
    re.compile(
        r"^(?:上一篇|下一篇|上一条|下一条)\s*[:：]|版权所有|ICP备|网站标识码|公网安备|网站地图"
        r"|^(?:主办单位|承办单位|技术支持)\s*[:：]"
    ),
]
_CHROME_MAX = 120  # characters; a chrome line is short and never holds a 。


def _is_boilerplate(line: str) -> bool:
    # Converting only short lines without a 。 keeps OpenCC to one pass over the text.
    if len(line) > _CHROME_MAX or "。" in line or not line:
        return False
    simplified = to_simplified(line)
    return any(pattern.search(simplified) for pattern in _CHROME)


def _flags(text: str) -> list[Flag]:
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    flags = []
    for span in find_garbled(text):
        line = _line_of(line_starts, span.start)
        start, end = line_starts[line - 1], text.find("\n", span.start)
        end = len(text) if end < 0 else end
        flags.append(
            Flag(
                line=line,
                column=span.start - start + 1,
                offset=span.start,
                snippet=text[span.start : span.end],
                context_before=text[max(start, span.start - CONTEXT_CHARS) : span.start],
                context_after=text[span.end : min(end, span.end + CONTEXT_CHARS)],
                reason="；".join(span.reasons),
            )
        )
    return flags


def _line_of(line_starts: list[int], offset: int) -> int:
    return bisect_right(line_starts, offset)


def normalise(text: str) -> Normalised:
    """Width/NFC, pinyin insertions removed, web chrome blanked, simplified; garbled
    segments are flagged, never repaired."""
    text, removed = strip_pinyin(normalise_width(text))
    lines = [line.strip() for line in text.split("\n")]
    chrome = [i for i, line in enumerate(lines, 1) if _is_boilerplate(line)]
    for number in chrome:
        lines[number - 1] = ""
    simplified = to_simplified("\n".join(lines)).rstrip()
    return Normalised(simplified, removed, _flags(simplified), chrome)


# --- 3. structure -------------------------------------------------------------------------

_CN_DIGITS = "一二三四五六七八九"
_CN = "[一二三四五六七八九十]{1,3}"
_HEADINGS = [  # (level, pattern); group 1 is the number
    (1, re.compile(f"^({_CN})[、．.]\\s*")),
    (2, re.compile(f"^[（(]({_CN})[）)]\\s*")),
    (3, re.compile(r"^(\d{1,2})(?:[.．](?!\d)|、)\s*")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]\s*")),
]


def _cn_to_int(numeral: str) -> int:
    """一 … 九十九 → int."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return _CN_DIGITS.index(numeral) + 1
    tens, _, units = numeral.partition("十")
    return (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (
        _CN_DIGITS.index(units) + 1 if units else 0
    )


def _int_to_cn(n: int) -> str:
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens - 1] + "十")
    return head + (_CN_DIGITS[units - 1] if units else "")


def _match_heading(line: str) -> tuple[int, str, int, str] | None:
    """(level, label, number, rest) for a heading line."""
    for level, pattern in _HEADINGS:
        m = pattern.match(line)
        if m and (rest := line[m.end() :].strip()):
            return level, m.group(0).strip(), _cn_to_int(m.group(1)), rest
    return None


@dataclass
class ListItem:
    label: str  # "一是"
    text: str


@dataclass
class Paragraph:
    text: str
    line: int
    items: list[ListItem] = field(default_factory=list)  # inline "一是…二是…"


@dataclass
class Section:
    label: str  # as written: "一、", "(一)", "1.", "（1）"; "" for a chapter that lost it
    number: int
    level: int  # 1 "一、", 2 "（一）", 3 "1.", 4 "（1）"
    title: str  # up to the first 。 or the line end
    line: int
    body: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class ReportWarning:
    code: str
    line: int | None
    message: str


@dataclass
class Outline:
    preamble: list[Paragraph]
    sections: list[Section]
    warnings: list[ReportWarning]


_ITEM_BOUNDARY = "(?:^|(?<=[。；;，,：:\\s]))"


def _inline_items(text: str) -> list[ListItem]:
    """Inline "一是…二是…" enumerations, in order; fewer than two is not a list."""
    starts: list[tuple[int, int, str]] = []
    pos, n = 0, 1
    while m := re.compile(_ITEM_BOUNDARY + _int_to_cn(n) + "是").search(text, pos):
        starts.append((m.start(), m.end(), m.group(0)))
        pos, n = m.end(), n + 1
    if len(starts) < 2:
        return []
    ends = [s[0] for s in starts[1:]] + [len(text)]
    return [
        ListItem(label, text[body:end].strip().lstrip("，,：:"))
        for (_, body, label), end in zip(starts, ends, strict=True)
    ]


def _paragraph(text: str, line: int) -> Paragraph:
    return Paragraph(text, line, _inline_items(text))


def _relabel(label: str, number: int) -> str:
    """The label a heading should have had: "(三)" with 2 → "(二)"."""
    m = re.search(r"\d+|[一二三四五六七八九十]+", label)
    assert m is not None  # every heading label holds a number
    numeral = str(number) if m.group().isdigit() else _int_to_cn(number)
    return label[: m.start()] + numeral + label[m.end() :]


def _headings(lines: list[str]) -> dict[int, tuple[int, str, int, str]]:
    return {i: h for i, line in enumerate(lines, 1) if (h := _match_heading(line.strip()))}


# A chapter heading that lost its number: a short line, no sentence or clause punctuation.
_BARE_CHAPTER = re.compile("[^。；;！!？?：:]{4,40}")


def _starts_a_chapter(line: int, end: int, matches: Mapping[int, tuple]) -> bool:
    """No numbered heading follows before `end`, or the next one restarts at 1 ("（一）")."""
    following = [n for n in matches if line < n < end]
    return not following or matches[min(following)][2] == 1


def _unnumbered_chapters(
    lines: list[str], matches: Mapping[int, tuple[int, str, int, str]], skip: Collection[int]
) -> tuple[dict[int, tuple[int, str, int, str]], list[ReportWarning]]:
    """Chapter headings that lost their number on the page: where the chapter numbers skip
    ("一、" … "三、"), the first short line standing alone in the gap that does not continue
    the previous chapter's sub-numbering takes the missing number."""
    found: dict[int, tuple[int, str, int, str]] = {}
    warnings = []
    chapters = sorted(n for n, h in matches.items() if h[0] == 1)
    for before, after in zip(chapters, chapters[1:], strict=False):
        first, last = matches[before][2], matches[after][2]
        candidates = [
            n
            for n in range(before + 1, after)
            if n not in matches
            and n not in skip
            and _BARE_CHAPTER.fullmatch(title := lines[n - 1].strip())
            and cjk_count(title) >= 4
            and _starts_a_chapter(n, after, matches)
        ]
        for value, n in zip(range(first + 1, last), candidates, strict=False):
            title = lines[n - 1].strip()
            found[n] = (1, "", value, title)
            label = _relabel(matches[after][1], value)
            warnings.append(
                ReportWarning(
                    "heading_number_missing",
                    n,
                    f"第 {n} 行：“{title}”单独成行，位于“{matches[before][1]}”与"
                    f"“{matches[after][1]}”之间，按缺少编号的一级标题“{label}”处理",
                )
            )
    return found, warnings


def parse_outline(text: str, skip: Collection[int] = ()) -> Outline:
    """Heading tree of a (normalised) report, with the text before the first heading and
    warnings for headings out of order, skipping a level or missing their number. Lines in
    `skip` (the report's title and signature, see `parse_report`) belong to no section.
    Never raises on odd input."""
    lines = text.split("\n")
    matches = _headings(lines)
    unnumbered, warnings = _unnumbered_chapters(lines, matches, skip)
    matches |= unnumbered
    levels = {h[0] for h in matches.values()}
    preamble: list[Paragraph] = []
    roots: list[Section] = []
    stack: list[Section] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or number in skip:
            continue
        if number not in matches:
            (stack[-1].body if stack else preamble).append(_paragraph(line, number))
            continue
        level, label, value, rest = matches[number]
        title, _, body = rest.partition("。")
        section = Section(label, value, level, title.strip(), number)
        if body.strip():
            section.body.append(_paragraph(body.strip(), number))
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        siblings = parent.children if parent else roots
        warnings += _check_place(section, parent, siblings, levels)
        siblings.append(section)
        stack.append(section)
    return Outline(preamble, roots, sorted(warnings, key=lambda w: w.line or 0))


def _check_place(
    section: Section, parent: Section | None, siblings: list[Section], levels: set[int]
) -> list[ReportWarning]:
    found = []
    same = [s for s in siblings if s.level == section.level]
    expected = same[-1].number + 1 if same else 1
    if section.number != expected:
        after = f"出现在“{same[-1].label or same[-1].title}”之后" if same else "是本级第一个标题"
        found.append(
            ReportWarning(
                "heading_out_of_order",
                section.line,
                f"第 {section.line} 行：标题“{section.label}”{after}，"
                f"按顺序应为“{_relabel(section.label, expected)}”",
            )
        )
    skipped = (parent.level < section.level - 1) if parent else min(levels) < section.level
    if skipped:
        where = f"“{parent.label}”之下" if parent else "上级标题之前"
        found.append(
            ReportWarning(
                "heading_level_skipped",
                section.line,
                f"第 {section.line} 行：标题“{section.label}”位于{where}，跳过了标题层级",
            )
        )
    return found


def parse_headings(text: str) -> list[Section]:
    """Top-level sections of the heading tree (see `parse_outline` for warnings)."""
    return parse_outline(text).sections


# --- 4. tasks -----------------------------------------------------------------------------

# Editable keyword → lead agency suggestions; the earliest keyword in a task wins.
DEFAULT_LEAD_RULES: dict[str, str] = {
    "立法": "市司法局",
    "规范性文件": "市司法局",
    "合法性审核": "市司法局",
    "复议": "市司法局",
    "执法": "市司法局",
    "普法": "市司法局",
    "调解": "市司法局",
    "法律顾问": "市司法局",
    "公职律师": "市司法局",
    "法律服务": "市司法局",
    "重大行政决策": "市司法局",
    "学法": "市司法局",
    "营商环境": "市发改委",
    "信用": "市发改委",
    "失信": "市发改委",
    "信访": "市信访局",
    "公开": "市政府办公厅",
    "审计": "市审计局",
    "食品药品": "市市场监管局",
}

_PLAN_WORDS = re.compile(r"安排|工作要点|工作计划|工作打算|打算|工作思路|下一步")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


@dataclass
class TaskDraft:
    year: int | None
    area_number: int | None
    area_label: str
    area_title: str
    text: str
    source_path: list[str]  # heading labels from the top, e.g. ["二、", "(一)"]
    line: int
    lead_agency: str | None
    lead_keyword: str | None  # the rule that chose lead_agency, so staff can tune rules


def suggest_lead(
    text: str, rules: Mapping[str, str] = DEFAULT_LEAD_RULES
) -> tuple[str, str] | None:
    """(agency, keyword) for the earliest rule keyword in text; longer keyword on a tie.
    Keywords are compared in simplified form, so traditional rules work too."""
    best: tuple[int, int, str, str] | None = None
    for keyword, agency in rules.items():
        at = text.find(to_simplified(keyword))
        if at >= 0 and (best is None or (at, -len(keyword)) < best[:2]):
            best = (at, -len(keyword), agency, keyword)
    return (best[2], best[3]) if best else None


def _walk(sections: list[Section], path: list[str]) -> list[tuple[Section, list[str]]]:
    found = []
    for section in sections:
        here = [*path, section.label]
        found.append((section, here))
        found += _walk(section.children, here)
    return found


def _plan_section(
    tree: list[Section], year_hint: int | None
) -> tuple[Section, list[str], int | None] | None:
    """The next-year arrangements section: a plan word in the title, preferring the hinted
    year, then the latest year, then the shallowest and last heading."""
    best, best_key = None, None
    for section, path in _walk(tree, []):
        if not _PLAN_WORDS.search(section.title):
            continue
        m = _YEAR.search(section.title)
        year = int(m.group(1)) if m else None
        key = (year_hint is not None and year == year_hint, year or 0, -section.level, section.line)
        if best_key is None or key > best_key:
            best, best_key = (section, path, year if year else year_hint), key
    if best and best[2] is None:
        years = [int(y) for s, _ in _walk(tree, []) for y in _YEAR.findall(s.title)]
        best = (best[0], best[1], max(years) + 1 if years else None)
    return best


_SENTENCE = re.compile(r"[^。！？；;]+[。！？；;]?")
_TRAILING = "。；;，,：: "


def _sentences(text: str) -> list[str]:
    return [s.strip().rstrip(_TRAILING) for s in _SENTENCE.findall(text) if s.strip(_TRAILING)]


def _measures(area: Section) -> list[tuple[str, int]]:
    """Each measure of an area: "一是…" items, else sentences; a sub-heading is one measure."""
    found: list[tuple[str, int]] = []
    for para in area.body:
        parts = [i.text.rstrip(_TRAILING) for i in para.items] or _sentences(para.text)
        found += [(part, para.line) for part in parts if part]
    for child in area.children:
        text = "。".join([child.title, *(p.text for p in child.body)]).rstrip(_TRAILING)
        found.append((text, child.line))
    return found or [(area.title, area.line)]


def extract_tasks(
    tree: list[Section],
    year_hint: int | None = None,
    lead_rules: Mapping[str, str] = DEFAULT_LEAD_RULES,
) -> list[TaskDraft]:
    """Task drafts from the next-year arrangements section ("2021年…重点安排"): each child
    heading is an area, each measure in it a task. Empty when there is no such section."""
    plan = _plan_section(tree, year_hint)
    if plan is None:
        return []
    section, path, year = plan
    areas = section.children or [section]
    tasks = []
    for area in areas:
        area_path = path if area is section else [*path, area.label]
        for text, line in _measures(area):
            lead = suggest_lead(text, lead_rules) or suggest_lead(area.title, lead_rules)
            tasks.append(
                TaskDraft(
                    year=year,
                    area_number=None if area is section else area.number,
                    area_label=area.label,
                    area_title=area.title,
                    text=text,
                    source_path=area_path,
                    line=line,
                    lead_agency=lead[0] if lead else None,
                    lead_keyword=lead[1] if lead else None,
                )
            )
    return tasks


# --- 5. what the report says about itself -------------------------------------------------

# An issuing body's name ends like this (人民政府, 司法局, 管委会, 依法治区办 …).
_ORG_SUFFIX = "(?:人民政府|政府|管理委员会|管委会|委员会|办公室|办公厅|厅|局|委|办|署)"
_ORG = re.compile(f"[{CJK_CLASS}（）()]{{2,30}}?{_ORG_SUFFIX}")
# The line that names the report: short, no sentence punctuation, about rule-of-law
# government, ending in 报告 (and perhaps "（2020年度）").
_TITLE = re.compile(
    r"(?=.*(?:法治政府|依法行政))[^。；;！!？?，,：:]{4,80}?报告(?:[（(][^）)]{2,12}[）)])?"
)
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*[—–\-－~至到])")  # not a range's start
_PLACE_SUFFIX = "(?:省|市|区|县|州|旗|盟|镇|乡|街道)"
_ISSUER_IN_TITLE = re.compile(  # "厦门市司法局2020年…", "2020年静海区法治政府…", "…政府关于…"
    rf"(?:(?:19|20)\d\d年度?)?(?P<name>[{CJK_CLASS}]{{2,30}}?(?:{_ORG_SUFFIX}|{_PLACE_SUFFIX}))"
    r"(?=关于|(?:19|20)\d\d|法治政府|依法行政)"
)
_SIGNATURE_DATE = re.compile(
    r"(?:19|20)\d\d年\d{1,2}月\d{1,2}日"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
)
_CLOSING = re.compile(r"特此报告[。.]?")


@dataclass
class Metadata:
    """What the report says about itself, never what the page around it says."""

    title: str | None  # the line naming the report; None when there is none
    title_line: int | None
    year: int | None  # the year reported on: from the title, else the chapter headings
    issuer: str | None  # from the title or the signature block (the fuller name wins)


@dataclass
class _Frame:
    """The title above the report's body and the closing lines below it."""

    title: str | None = None
    title_lines: list[int] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    closing_lines: list[int] = field(default_factory=list)

    @property
    def lines(self) -> set[int]:
        return {*self.title_lines, *self.closing_lines}


def _is_org_line(line: str) -> bool:
    names = line.split()
    return bool(names) and len(line) <= 60 and all(_ORG.fullmatch(n) for n in names)


def _find_title(lines: list[str], first_heading: int) -> tuple[str, list[int]] | None:
    """The first line before the first heading that names the report; a title split after
    the issuer ("厦门市人民政府" / "关于…的报告") is joined."""
    for n in range(1, first_heading):
        line = lines[n - 1].strip()
        if not _TITLE.fullmatch(line):
            continue
        above = lines[n - 2].strip() if n > 1 else ""
        if line.startswith("关于") and _is_org_line(above):
            return above.replace(" ", "") + line, [n - 1, n]
        return line, [n]
    return None


def _find_closing(lines: list[str]) -> tuple[list[str], list[int]]:
    """Signatories and line numbers of the closing block at the end: "特此报告。", the
    issuing bodies' names and the date."""
    signatories: list[str] = []
    numbers: list[int] = []
    for n in range(len(lines), 0, -1):
        line = lines[n - 1].strip()
        if not line:
            continue
        if _SIGNATURE_DATE.fullmatch(line):
            numbers.append(n)
        elif _is_org_line(line):
            numbers.append(n)
            signatories = line.split() + signatories
        else:
            if _CLOSING.fullmatch(line):
                numbers.append(n)
            break
    return signatories, sorted(numbers)


def _frame(text: str) -> _Frame:
    lines = text.split("\n")
    headings = _headings(lines)
    if not headings:
        return _Frame()
    title = _find_title(lines, min(headings))
    signatories, closing = _find_closing(lines)
    closing = [n for n in closing if n > max(headings)]
    return _Frame(
        title[0] if title else None,
        title[1] if title else [],
        signatories if closing else [],
        closing,
    )


def _year_of_title(title: str) -> int | None:
    m = _TITLE_YEAR.search(title)
    return int(m.group(1)) if m else None


def _year_of_headings(sections: list[Section]) -> int | None:
    """The year of the first chapter about the past ("一、2020年…主要举措"), else the year
    before the first arrangements chapter ("二、2021年…安排")."""
    plans = []
    for section in sections:
        m = _YEAR.search(section.title)
        if m and not _PLAN_WORDS.search(section.title):
            return int(m.group(1))
        if m:
            plans.append(int(m.group(1)) - 1)
    return plans[0] if plans else None


def _issuer(title: str | None, signatories: list[str]) -> str | None:
    """The body named in the title, in its fuller signature form when the signature block has
    one ("思明区人民政府" → "厦门市思明区人民政府"); else the signature's government, else its
    last body; else the place the title names ("静海区")."""
    m = _ISSUER_IN_TITLE.match(title or "")
    named = m.group("name") if m else None
    if named and re.search(f"{_ORG_SUFFIX}$", named):
        return next((s for s in signatories if s.endswith(named)), named)
    signed = next((s for s in signatories if "政府" in s), signatories[-1] if signatories else None)
    return signed or named


def parse_report(text: str) -> tuple[Metadata, Outline]:
    """Metadata and heading tree of a (normalised) report. The title and the closing block
    (特此报告, signatories, date) are found first and kept out of every section, so they never
    become task text. A page without a title line gets title None and a `no_title` warning:
    a title is never made up from body text."""
    frame = _frame(text)
    outline = parse_outline(text, frame.lines)
    year = (_year_of_title(frame.title) if frame.title else None) or _year_of_headings(
        outline.sections
    )
    metadata = Metadata(
        title=frame.title,
        title_line=min(frame.title_lines) if frame.title_lines else None,
        year=year,
        issuer=_issuer(frame.title, frame.signatories),
    )
    if frame.title is None:
        outline.warnings.insert(
            0,
            ReportWarning(
                "no_title",
                None,
                "未识别到报告标题（如“××区人民政府关于2020年度法治政府建设情况的报告”），"
                "标题留空，请人工填写",
            ),
        )
    return metadata, outline


# --- 6. the whole import ------------------------------------------------------------------


@dataclass
class ImportResult:
    text: str
    pinyin_removed: int
    flags: list[Flag]
    headings: list[Section]
    warnings: list[ReportWarning]
    tasks: list[TaskDraft]
    metadata: Metadata
    encoding: str = "utf-8"  # not in to_dict: an encoding is not a property of the report
    preamble: list[Paragraph] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape documented at the top of this module."""
        return {
            "text": self.text,
            "pinyin_removed": self.pinyin_removed,
            "flags": [asdict(f) for f in self.flags],
            "headings": [asdict(s) for s in self.headings],
            "warnings": [asdict(w) for w in self.warnings],
            "tasks": [asdict(t) for t in self.tasks],
            "metadata": asdict(self.metadata),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """`to_dict` as JSON text, Chinese kept readable (not \\u-escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _decoding_warnings(decoded: Decoded) -> list[ReportWarning]:
    found = []
    if decoded.encoding == "mixed" and decoded.fallback_lines:
        lines = "、".join(map(str, decoded.fallback_lines))
        found.append(
            ReportWarning(
                "mixed_encoding",
                None,
                f"文件混用了编码：第 {lines} 行按 GB18030 解码，其余按 UTF-8",
            )
        )
    if decoded.lossy_lines:
        lines = "、".join(map(str, decoded.lossy_lines))
        found.append(
            ReportWarning(
                "undecodable_lines", None, f"第 {lines} 行含无法解码的字节，已替换为 U+FFFD"
            )
        )
    return found


def import_report(
    data: bytes,
    filename: str = "",
    year_hint: int | None = None,
    lead_rules: Mapping[str, str] = DEFAULT_LEAD_RULES,
) -> ImportResult:
    """Decode, normalise, outline and extract tasks from a report file. `year_hint` is the
    tasks' year (the report's + 1); without it the report's own year decides."""
    decoded = decode_report(data, filename)
    norm = normalise(decoded.text)
    metadata, outline = parse_report(norm.text)
    own_hint = metadata.year + 1 if metadata.year else None
    tasks = extract_tasks(outline.sections, year_hint or own_hint, lead_rules)
    warnings = _decoding_warnings(decoded)
    warnings += [
        ReportWarning("boilerplate_removed", n, f"第 {n} 行是网页附带文字，已清除")
        for n in norm.boilerplate_lines
    ]
    if year_hint and own_hint and year_hint != own_hint:
        warnings.append(
            ReportWarning(
                "year_mismatch",
                metadata.title_line,
                f"报告所述年度为 {metadata.year} 年，与指定的报告年度 {year_hint - 1} 年不一致；"
                "任务按指定年度生成",
            )
        )
    warnings += outline.warnings
    if norm.flags:
        warnings.append(
            ReportWarning("garbled_text", None, f"发现 {len(norm.flags)} 处疑似乱码，请人工核对")
        )
    if not tasks:
        warnings.append(ReportWarning("no_plan_section", None, "未找到下一年度工作安排章节"))
    return ImportResult(
        text=norm.text,
        pinyin_removed=norm.pinyin_removed,
        flags=norm.flags,
        headings=outline.sections,
        warnings=warnings,
        tasks=tasks,
        metadata=metadata,
        encoding=decoded.encoding,
        preamble=outline.preamble,
    )
