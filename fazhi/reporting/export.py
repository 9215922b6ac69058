"""DOCX export in the official document layout (GB/T 9704-2012, 党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号
(22 pt) centred; body 仿宋_GB2312 三号 (16 pt) with a two-character first-line indent;
level-1 headings 黑体 三号, level-2 headings 楷体 三号; page number "— N —" in the footer
(宋体 四号). Fonts a machine lacks fall back through `w:altName` in the font table
(方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from fazhi.law.inputs import strip_controls
from fazhi.reporting.models import AnnualReport
from fazhi.reporting.report_figures import outline

TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"
H1_FONT, H2_FONT, PAGE_FONT = "黑体", "楷体_GB2312", "宋体"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", H2_FONT: "楷体"}
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)


def _font(run, name: str, size) -> None:
    run.font.name = name
    run.font.size = size
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, font: str, size, *, align=None, indent: bool = False) -> Paragraph:
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(28)  # fixed 28 pt: 22 lines a page with 三号 text
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 16 pt
    if align is not None:
        para.alignment = align
    # Text stored before control characters were refused at input (or imported) may still
    # hold some; XML cannot carry them, and python-docx would raise (a 500).
    _font(para.add_run(strip_controls(text)), font, size)
    return para


def _page_number(section) -> None:
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run("— "), PAGE_FONT, SIZE_4)
    run = para.add_run()
    _font(run, PAGE_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._element.append(node)
    _font(para.add_run(" —"), PAGE_FONT, SIZE_4)


def _font_fallbacks(doc) -> None:
    """Declare w:altName so Word substitutes the common font when the official one is absent."""
    part = next((p for p in doc.part.package.iter_parts()
                 if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = part._element if hasattr(part, "_element") else parse_xml(part.blob)
    for name, alt in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt_el = OxmlElement("w:altName")
        alt_el.set(qn("w:val"), alt)
        font.append(alt_el)
        root.append(font)
    if not hasattr(part, "_element"):
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)


def build_docx(report: AnnualReport) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _para(doc, report.title, TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "", BODY_FONT, SIZE_3)
    for part in outline(report):
        _para(doc, part.title, H1_FONT, SIZE_3, indent=True)
        for block, figure in part.blocks:
            if block.heading:
                _para(doc, block.heading, H2_FONT, SIZE_3, indent=True)
            if figure is not None:
                _para(doc, figure.sentence, BODY_FONT, SIZE_3, indent=True)
                continue
            for line in block.text.splitlines():
                if line.strip():
                    _para(doc, line.strip(), BODY_FONT, SIZE_3, indent=True)
    _page_number(section)
    _font_fallbacks(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
