"""Annual-report import: decoding, normalisation, heading tree and next-year tasks.

The seed is Xiamen's 2020 report as scraped (traditional characters, inserted pinyin,
three mojibake segments); a copy lives in fixtures/ so the tests do not need ../shared.
"""

import io
import json
import random
import re
from pathlib import Path

import pytest
from docx import Document

from fazhi.law.reportparse import (
    DEFAULT_LEAD_RULES,
    NotAReport,
    decode_report,
    extract_tasks,
    import_report,
    normalise,
    parse_headings,
    parse_outline,
    read_report,
    suggest_lead,
)
from fazhi.law.zhtext import to_simplified

FIXTURE = Path(__file__).parent / "fixtures" / "xiamen-2020-report.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / ".." / "shared" / "seed" / FIXTURE.name
SEED = FIXTURE.read_bytes()
SEED_TEXT = SEED.decode("utf-8")
PINYIN_LEFT = re.compile(r"\([a-zà-ǜ]+[1-5]?\)")


@pytest.fixture(scope="module")
def seed():  # noqa: ANN201 - ImportResult
    return import_report(SEED, "xiamen-2020-report.txt")


def test_fixture_is_the_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("shared/ is not beside the repository")
    assert SHARED_SEED.read_bytes() == SEED


# --- normalisation of the seed ------------------------------------------------------------


def test_seed_has_223_pinyin_insertions(seed) -> None:  # noqa: ANN001
    assert seed.pinyin_removed == 223
    assert not PINYIN_LEFT.search(seed.text)
    assert "严格规范公正文明执法" in seed.text and "執" not in seed.text
    assert "镇(街)" in seed.text  # legitimate parentheses survive next to removed pinyin
    assert "市委依法治市办主任(扩大)会议" in seed.text


def test_seed_garbled_segments_are_flagged_not_repaired(seed) -> None:  # noqa: ANN001
    found = [(f.line, f.snippet) for f in seed.flags]
    assert found == [(4, "!癳"), (9, "?guī)熘贫?"), (11, "?qū)m椪涡袆?")]
    lines = seed.text.split("\n")
    for flag in seed.flags:
        line = lines[flag.line - 1]
        assert line[flag.column - 1 :].startswith(flag.snippet)
        assert seed.text[flag.offset :].startswith(flag.snippet)
        assert line[: flag.column - 1].endswith(flag.context_before)
        assert len(flag.context_before) == len(flag.context_after) == 20
        assert flag.reason
    assert seed.flags[1].context_before.endswith("建立行政复议专家")
    assert seed.flags[2].context_after.startswith("一起案例获评")
    assert "?guī)熘贫?" in seed.text  # left for a person to fix


def test_seed_page_chrome_is_blanked_with_a_warning(seed) -> None:  # noqa: ANN001
    assert "扫一扫" not in seed.text
    assert any(w.code == "boilerplate_removed" and w.line == 23 for w in seed.warnings)


# --- structure of the seed ------------------------------------------------------------------


def test_seed_heading_tree(seed) -> None:  # noqa: ANN001
    assert [(s.label, s.title) for s in seed.headings] == [
        ("一、", "2020年法治政府建设主要情况"),
        ("二、", "2021年法治政府建设重点安排"),
    ]
    first, second = seed.headings
    assert [c.number for c in first.children] == list(range(1, 10))
    assert [c.number for c in second.children] == list(range(1, 9))
    assert all(c.level == 2 for c in first.children + second.children)
    assert first.children[0].title == "深入学习宣传贯彻习近平法治思想,加强党对法治政府建设的领导"
    items = first.children[0].body[0].items
    assert [i.label for i in items] == ["一是", "二是", "三是", "四是"]
    assert items[0].text.startswith("提高站位,精心谋划。")
    assert second.body[0].text.startswith("2021年,我市将以")
    assert [w.code for w in seed.warnings if w.code.startswith("heading")] == []


def test_seed_preamble_is_kept_apart(seed) -> None:  # noqa: ANN001
    assert len(seed.preamble) == 1 and seed.preamble[0].text.startswith("2020年,在省委")


# --- tasks of the seed ------------------------------------------------------------------


def test_seed_eight_arrangement_areas_with_their_measures(seed) -> None:  # noqa: ANN001
    areas: dict[int, list[str]] = {}
    for task in seed.tasks:
        areas.setdefault(task.area_number, []).append(task.text)
    assert list(areas) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [len(m) for m in areas.values()] == [2, 2, 2, 3, 2, 1, 3, 3]
    assert areas[6] == [
        "严格落实领导干部学法制度,加强行政机关工作人员法律知识培训,"
        "继续推行领导干部任职前法律知识考试和依法行政能力测试机制"
    ]
    task = seed.tasks[2]
    assert (task.year, task.area_label, task.area_title) == (
        2021,
        "(二)",
        "持续完善依法行政制度体系",
    )
    assert task.source_path == ["二、", "(二)"]
    assert (task.lead_agency, task.lead_keyword) == ("市司法局", "立法")
    assert seed.tasks[1].lead_agency == "市发改委"  # "营商环境"


def test_lead_rules_are_a_parameter() -> None:
    tree = parse_headings(normalise(SEED_TEXT).text)
    rules = {"審計": "市审计局", "監察": "市监委"}  # traditional keys work too
    tasks = extract_tasks(tree, lead_rules=rules)
    assert tasks[-4].lead_agency == "市监委"
    assert sum(t.lead_agency is None for t in tasks) == len(tasks) - 1 == 17
    assert suggest_lead("加强审计监督和监察工作", DEFAULT_LEAD_RULES) == ("市审计局", "审计")


# --- the JSON contract ----------------------------------------------------------------------


def test_to_json_shape(seed) -> None:  # noqa: ANN001
    data = json.loads(seed.to_json())
    assert list(data) == [
        "text", "pinyin_removed", "flags", "headings", "warnings", "tasks", "metadata"
    ]  # fmt: skip
    assert set(data["metadata"]) == {"title", "title_line", "year", "issuer"}
    assert data["pinyin_removed"] == 223
    assert set(data["flags"][0]) == {
        "line", "column", "offset", "snippet", "context_before", "context_after", "reason"
    }  # fmt: skip
    heading = data["headings"][0]
    assert set(heading) == {"label", "number", "level", "title", "line", "body", "children"}
    assert set(heading["children"][0]["body"][0]) == {"text", "line", "items"}
    assert set(data["tasks"][0]) == {
        "year", "area_number", "area_label", "area_title", "text", "source_path", "line",
        "lead_agency", "lead_keyword",
    }  # fmt: skip
    assert set(data["warnings"][0]) == {"code", "line", "message"}
    assert "执法" in seed.to_json()  # Chinese is not \u-escaped


# --- encodings and formats ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, encoding",
    [
        (SEED_TEXT.encode("gbk"), "gb18030"),
        (SEED_TEXT.encode("gb18030"), "gb18030"),
        (b"\xef\xbb\xbf" + SEED, "utf-8"),
        (SEED_TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (SEED_TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_other_encodings_import_the_same(seed, data: bytes, encoding: str) -> None:  # noqa: ANN001
    other = import_report(data, "report.txt")
    assert other.encoding == encoding
    assert other.to_dict() == seed.to_dict()


def test_mixed_encodings_decode_line_by_line(seed) -> None:  # noqa: ANN001
    lines = SEED_TEXT.split("\n")
    data = b"\n".join(
        line.encode("gbk" if n in (3, 7) else "utf-8") for n, line in enumerate(lines, 1)
    )
    decoded = decode_report(data)
    assert (decoded.encoding, decoded.fallback_lines) == ("mixed", [3, 7])
    assert decoded.text == SEED_TEXT
    result = import_report(data)
    assert result.text == seed.text
    (warning,) = [w for w in result.warnings if w.code == "mixed_encoding"]
    assert "第 3、7 行" in warning.message


def test_docx_imports_the_same(seed) -> None:  # noqa: ANN001
    document = Document()
    for line in SEED_TEXT.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    result = import_report(buffer.getvalue(), "report.docx")
    assert result.encoding == "docx"
    assert result.to_dict() == seed.to_dict()


# --- not a report ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "", "文件为空"),
        (b" \n\r\n\t", "", "文件为空"),
        (b"\xef\xbb\xbf", "", "文件为空"),
        (
            b"Annual report 2020.\n1. Introduction\nThe city did well.\n" * 20,
            "",
            "未识别到中文报告内容",
        ),
        (random.Random(7).randbytes(4096), "", "二进制"),
        (b"PK\x03\x04not really a zip", "x.docx", "无法读取 DOCX 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "x.doc", ".doc"),
        ("我市坚持依法行政，持续优化营商环境。".encode() * 10, "", "未识别到报告的标题结构"),
    ],
)
def test_not_a_report(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(NotAReport) as raised:
        read_report(data, filename)
    assert message in raised.value.message
    assert message in str(raised.value)


# --- heading grammar ------------------------------------------------------------------------

PADDING = "依法行政是政府工作的基本准则，各级各部门要认真贯彻落实。"


def test_heading_variants_nest_by_level() -> None:
    text = "\n".join(
        [
            "一、总体情况",
            "（一）完善制度。" + PADDING,
            "1．加强立法",
            "（1）开展调研。要深入基层。",
            "(2)征求意见",
            "2、清理文件",
            "(二)强化监督",
            "二、2022年工作要点",
        ]
    )
    outline = parse_outline(text)
    assert outline.warnings == []
    one, two = outline.sections
    sub = one.children[0]
    assert (sub.label, sub.title, sub.body[0].text) == ("（一）", "完善制度", PADDING)
    assert [(c.label, c.level) for c in sub.children] == [("1．", 3), ("2、", 3)]
    assert [c.title for c in sub.children[0].children] == ["开展调研", "征求意见"]
    assert sub.children[0].children[0].body[0].text == "要深入基层。"
    assert [c.label for c in one.children] == ["（一）", "(二)"]
    assert two.title == "2022年工作要点"


def test_numbers_that_are_not_headings() -> None:
    text = "一、情况\n2020.5亿元投入使用\n一是加强领导\n(2020)年度说明"
    (section,) = parse_headings(text)
    assert section.children == []
    assert [p.text for p in section.body] == [
        "2020.5亿元投入使用",
        "一是加强领导",
        "(2020)年度说明",
    ]


def test_out_of_order_and_skipped_headings_are_kept_with_warnings() -> None:
    text = "\n".join(["一、总体", "(一)甲", "(三)丙", "(二)乙", "二、其他", "1.直接到三级"])
    outline = parse_outline(text)
    one, two = outline.sections
    assert [c.label for c in one.children] == ["(一)", "(三)", "(二)"]
    assert two.children[0].label == "1."
    codes = [(w.code, w.line) for w in outline.warnings]
    assert codes == [
        ("heading_out_of_order", 3),
        ("heading_out_of_order", 4),
        ("heading_level_skipped", 6),
    ]
    assert "应为“(二)”" in outline.warnings[0].message


def test_import_reports_heading_warnings() -> None:
    text = "\n".join(["一、2020年情况", "(一)甲。" + PADDING, "(三)丙。" + PADDING, "(二)乙。"])
    result = import_report(text.encode("utf-8"))
    assert [w.code for w in result.warnings] == [
        "no_title",
        "heading_out_of_order",
        "heading_out_of_order",
        "no_plan_section",
    ]
    assert result.tasks == []


def test_inline_enumeration_needs_two_items_in_order() -> None:
    (section,) = parse_headings("一、情况\n统一是基础，一是加强领导；二是完善制度，三是强化考核。")
    items = section.body[0].items
    assert [(i.label, i.text) for i in items] == [
        ("一是", "加强领导；"),
        ("二是", "完善制度，"),
        ("三是", "强化考核。"),
    ]
    (lone,) = parse_headings("一、情况\n一是加强领导。")
    assert lone.body[0].items == []


# --- tasks from other shapes ------------------------------------------------------------------


def test_tasks_from_items_and_subheadings_with_year_hint() -> None:
    text = "\n".join(
        [
            "一、2021年工作情况",
            "二、下一步工作打算",
            "(一)强化执法监督。一是推行三项制度；二是加强执法检查。",
            "(二)推进信用建设",
            "1.完善信用修复",
            "2.健全失信惩戒。依法公示。",
        ]
    )
    tasks = extract_tasks(parse_headings(text), year_hint=2022)
    assert [(t.area_number, t.text, t.lead_agency) for t in tasks] == [
        (1, "推行三项制度", "市司法局"),
        (1, "加强执法检查", "市司法局"),
        (2, "完善信用修复", "市发改委"),
        (2, "健全失信惩戒。依法公示", "市发改委"),
    ]
    assert {t.year for t in tasks} == {2022}
    assert tasks[2].source_path == ["二、", "(二)"]
    assert extract_tasks(parse_headings(text))[0].year == 2022  # last year in titles + 1


# --- pages scraped from government sites ----------------------------------------------------
# Written in the shape of district pages: site clock, breadcrumbs, counters and source lines
# with dates other than the report's, a chapter heading that lost its number, inline
# headings, a signature block, and mojibake inside otherwise clean text.

PAGE = (FIXTURE.parent / "siming-2020-report-page.txt").read_bytes()
UNTITLED = (FIXTURE.parent / "huli-2020-report-untitled.txt").read_bytes()


@pytest.fixture(scope="module")
def page():  # noqa: ANN201 - ImportResult
    return import_report(PAGE, "siming.txt")


@pytest.fixture(scope="module")
def untitled():  # noqa: ANN201 - ImportResult
    return import_report(UNTITLED, "huli.txt")


def _line_numbers(text: str, *needles: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if any(s in line for s in needles)]


@pytest.mark.parametrize(
    "source, chrome",
    [
        (PAGE, ["無障礙", "星期日", "首页 >", "发布时间", "浏览次数", "字体", "上一篇", "下一篇", "版权所有"]),
        (UNTITLED, ["星期日", "您当前的位置", "发布日期", "来源：", "作者：", "点击数", "字号", "扫一扫", "打印本页"]),
    ],
    ids=["page", "untitled"],
)
def test_page_chrome_is_blanked_in_place(source: bytes, chrome: list[str]) -> None:
    raw = source.decode("utf-8")
    chrome_lines = _line_numbers(to_simplified(raw), *[to_simplified(c) for c in chrome])
    result = import_report(source)
    lines = result.text.split("\n")
    assert all(lines[n - 1] == "" for n in chrome_lines if n <= len(lines))
    removed = {w.line for w in result.warnings if w.code == "boilerplate_removed"}
    assert set(chrome_lines) <= removed
    assert _line_numbers(result.text, "法治政府建设主要举措", "推进法治政府建设的主要举措") == (
        _line_numbers(raw, "法治政府建设主要举措", "推进法治政府建设的主要举措")
    )  # line numbers stay those of the source


def test_page_metadata_title_year_and_issuer(page) -> None:  # noqa: ANN001
    """The report's year is the year it reports on, not the site clock (2026), the publication
    date or the signature date (2021); the issuer is the local government that must publish
    it (《法治政府建设与责任落实督察工作规定》第二十四条), its full name from the signature."""
    meta = page.metadata
    assert meta.title == "思明区人民政府关于2020年度法治政府建设情况的报告"
    assert meta.title_line == 5
    assert meta.year == 2020
    assert meta.issuer == "厦门市思明区人民政府"
    assert not [w for w in page.warnings if w.code == "no_title"]


def test_page_without_a_title_says_so(untitled) -> None:  # noqa: ANN001
    """No title line: the title stays empty with a warning; nothing is built from the body.
    Year from the chapter headings, issuer from the signature block."""
    meta = untitled.metadata
    assert (meta.title, meta.title_line) == (None, None)
    (warning,) = [w for w in untitled.warnings if w.code == "no_title"]
    assert "未识别到报告标题" in warning.message
    assert meta.year == 2020
    assert meta.issuer == "湖里区人民政府"


def test_seed_has_no_title_line(seed) -> None:  # noqa: ANN001
    assert (seed.metadata.title, seed.metadata.year, seed.metadata.issuer) == (None, 2020, None)
    assert [w.code for w in seed.warnings].count("no_title") == 1


@pytest.mark.parametrize(
    "lines, title, year, issuer",
    [
        (["2020年静海区法治政府建设情况报告"], "2020年静海区法治政府建设情况报告", 2020, "静海区"),
        (["厦门市司法局2020年法治政府建设年度报告"], "厦门市司法局2020年法治政府建设年度报告",
         2020, "厦门市司法局"),
        (["厦门市人民政府", "关于2020年度法治政府建设情况的报告"],
         "厦门市人民政府关于2020年度法治政府建设情况的报告", 2020, "厦门市人民政府"),
        (["关于2015年—2019年法治政府建设情况的报告"], "关于2015年—2019年法治政府建设情况的报告",
         2019, None),  # a five-year report: the year it ends, not the headings' year
        (["首页 > 政务公开 > 关于2019年度法治政府建设情况的报告"], None, 2020, None),
        (["现将2020年法治政府建设情况报告如下："], None, 2020, None),
        (["2020年，我区法治政府建设取得新成效，形成本报告"], None, 2020, None),
    ],
    ids=["place", "department", "split", "five-year", "breadcrumb", "lead-in", "sentence"],
)
def test_title_is_a_line_that_names_the_report(
    lines: list[str], title: str | None, year: int, issuer: str | None
) -> None:
    body = ["一、2020年主要举措", "（一）完善制度。" + PADDING, "二、2021年工作安排", "（一）强化执法。"]
    meta = import_report("\n".join([*lines, *body]).encode()).metadata
    assert (meta.title, meta.year, meta.issuer) == (title, year, issuer)


def test_year_given_against_the_title_is_warned() -> None:
    text = "\n".join(["关于2020年度法治政府建设情况的报告", "一、2020年主要举措", "（一）完善。" + PADDING,
                      "二、下一步工作打算", "（一）强化执法。"])  # fmt: skip
    result = import_report(text.encode(), year_hint=2022)  # the office says: a 2021 report
    assert result.metadata.year == 2020
    (warning,) = [w for w in result.warnings if w.code == "year_mismatch"]
    assert "2020" in warning.message and "2021" in warning.message
    assert {t.year for t in result.tasks} == {2022}  # the year given wins, with the warning


def test_unnumbered_chapter_heading_between_numbered_ones(page) -> None:  # noqa: ANN001
    """The shortcomings chapter is one of the report's required contents (《法治政府建设与责任
    落实督察工作规定》, article on the report's contents): it lost its "二、" on the page and
    must be a chapter of its own, not the last paragraph of chapter 一."""
    assert [(s.label, s.number, s.level, s.title) for s in page.headings] == [
        ("一、", 1, 1, "2020年法治政府建设主要举措和成效"),
        ("", 2, 1, "存在的不足和问题"),
        ("三、", 3, 1, "2021年法治政府建设工作安排"),
    ]
    first, gap, _ = page.headings
    assert [p.text for p in first.children[-1].body] == [
        "健全人民调解、行政调解、司法调解联动机制，全区调解组织受理纠纷3560件，调解成功率96%。"
    ]
    assert gap.line == 17 and [i.label for i in gap.body[0].items] == ["一是", "二是", "三是"]
    codes = [(w.code, w.line) for w in page.warnings if w.code.startswith("heading")]
    assert codes == [("heading_number_missing", 17)]
    assert "缺少编号的一级标题“二、”" in next(w.message for w in page.warnings if w.line == 17)


def test_unnumbered_chapter_with_its_own_subheadings(untitled) -> None:  # noqa: ANN001
    """The principal leader's duty as first responsible person is a required content of the
    report (same article); its chapter restarts the "（一）" numbering."""
    shape = [(s.label, s.number, len(s.children)) for s in untitled.headings]
    assert shape == [("一、", 1, 3), ("", 2, 2), ("三、", 3, 0), ("四、", 4, 2)]
    assert untitled.headings[1].title == "主要负责人履行推进法治建设第一责任人职责情况"
    assert untitled.headings[1].children[0].title == "带头学法用法"
    assert [w.code for w in untitled.warnings if w.code.startswith("heading")] == [
        "heading_number_missing"
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ["一、情况", "（一）甲。" + PADDING, "工作亮点", PADDING, "二、安排"],  # no gap: body
        ["一、情况", "（一）甲。" + PADDING, "工作亮点", "（二）乙。" + PADDING, "三、安排"],
        ["一、情况", "（一）甲。" + PADDING, "我区还存在一些不足。", PADDING, "三、安排"],
    ],
    ids=["no-gap", "numbering-continues", "a-sentence"],
)
def test_short_lines_that_are_not_chapters(lines: list[str]) -> None:
    outline = parse_outline("\n".join(lines))
    assert [s.label for s in outline.sections] == ["一、", lines[-1][:2]]
    assert not [w for w in outline.warnings if w.code == "heading_number_missing"]


def test_inline_headings_end_at_the_first_full_stop(page) -> None:  # noqa: ANN001
    first = page.headings[0].children[0]
    assert first.title == "强化组织领导"
    assert first.body[0].text.startswith("全年召开区政府常务会议学法6次，")


def test_signature_and_closing_are_not_tasks(page, untitled) -> None:  # noqa: ANN001
    assert [(t.year, t.area_label, t.text[:10]) for t in page.tasks] == [
        (2021, "（一）", "推进政务服务标准化规"),
        (2021, "（二）", "开展执法人员全员培训"),
        (2021, "（三）", "落实“谁执法谁普法”"),
    ]
    assert [t.text[:8] for t in untitled.tasks] == ["完善行政复议案件", "落实规范性文件合"]


def test_encoding_anomaly_inside_clean_text_is_flagged_in_place(page, untitled) -> None:  # noqa: ANN001
    (flag,) = page.flags
    assert (flag.snippet, flag.line) == ("?,F", 14)
    assert page.text[flag.offset : flag.offset + 3] == "?,F"
    assert page.text.split("\n")[13][flag.column - 1 :].startswith("?,F常务会议")
    assert "编码异常" in flag.reason
    (replacement,) = untitled.flags
    assert (replacement.snippet, replacement.line) == ("\ufffd", 11)
    assert replacement.context_before.endswith("纠错")


def test_metadata_in_json(page, untitled) -> None:  # noqa: ANN001
    data = json.loads(page.to_json())
    assert data["metadata"] == {
        "title": "思明区人民政府关于2020年度法治政府建设情况的报告",
        "title_line": 5,
        "year": 2020,
        "issuer": "厦门市思明区人民政府",
    }
    assert json.loads(untitled.to_json())["metadata"]["title"] is None
