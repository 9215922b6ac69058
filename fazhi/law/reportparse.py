"""Import of an annual rule-of-law government report (法治政府建设年度报告).

Pure Python, no Django. Pipeline: `decode_report` (bytes → text) → `normalise` (width,
pinyin removal, simplified, garbled flags) → `parse_outline` (heading tree) →
`extract_tasks` (next year's arrangements as task drafts). `import_report` runs all four.

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
                 "source_path", "line", "lead_agency", "lead_keyword"}]
    }

Lines and columns are 1-based, `offset` is 0-based into "text"; "line" may be null in a
warning about the whole file. Messages are Chinese: they are shown to the office's staff.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from fazhi.law.zhtext import (
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


# Web-page chrome that scrapers keep; blanked (not deleted) so line numbers stay put.
_BOILERPLATE = re.compile(
    r"^(扫一扫在手机上查看当前页面|打印本页|关闭窗口|【?打印】?\s*【?关闭】?|分享到[:：]?.*"
    r"|字号[:：]\s*大\s*中\s*小)$"
)


def _is_boilerplate(line: str) -> bool:
    # Chrome lines are short; converting only those keeps OpenCC to one pass over the text.
    return len(line) <= 40 and bool(_BOILERPLATE.match(to_simplified(line)))


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
    label: str  # as written: "一、", "(一)", "1.", "（1）"
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


def parse_outline(text: str) -> Outline:
    """Heading tree of a (normalised) report, with the text before the first heading and
    warnings for headings out of order or skipping a level. Never raises on odd input."""
    lines = text.split("\n")
    matches = {i: h for i, line in enumerate(lines, 1) if (h := _match_heading(line.strip()))}
    levels = {h[0] for h in matches.values()}
    preamble: list[Paragraph] = []
    roots: list[Section] = []
    stack: list[Section] = []
    warnings: list[ReportWarning] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
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
    return Outline(preamble, roots, warnings)


def _check_place(
    section: Section, parent: Section | None, siblings: list[Section], levels: set[int]
) -> list[ReportWarning]:
    found = []
    same = [s for s in siblings if s.level == section.level]
    expected = same[-1].number + 1 if same else 1
    if section.number != expected:
        after = f"出现在“{same[-1].label}”之后" if same else "是本级第一个标题"
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


# --- 5. the whole import ------------------------------------------------------------------


@dataclass
class ImportResult:
    text: str
    pinyin_removed: int
    flags: list[Flag]
    headings: list[Section]
    warnings: list[ReportWarning]
    tasks: list[TaskDraft]
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
    """Decode, normalise, outline and extract tasks from a report file."""
    decoded = decode_report(data, filename)
    norm = normalise(decoded.text)
    outline = parse_outline(norm.text)
    tasks = extract_tasks(outline.sections, year_hint, lead_rules)
    warnings = _decoding_warnings(decoded)
    warnings += [
        ReportWarning("boilerplate_removed", n, f"第 {n} 行是网页附带文字，已清除")
        for n in norm.boilerplate_lines
    ]
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
        encoding=decoded.encoding,
        preamble=outline.preamble,
    )
