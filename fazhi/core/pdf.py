"""Printable documents as PDF, Chinese text included, with no font file on the machine.

The text is set in reportlab's built-in CID font STSong-Light (Adobe-GB1): the PDF names the
font and the reader supplies it, so nothing is embedded and no system font is needed; the
text stays extractable (tests read it back with pypdf).

    pdf_document("政府信息公开申请回执", [
        Heading("申请信息"),
        Paragraph("……"),
        Table([("受理机关", "市司法局"), ("编号", "YSQ-2026-0001")]),
    ], subject="…") -> bytes

Shared by the portal (receipts) and staff pages (printable forms); keep it small.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

FONT = "STSong-Light"


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """Label/value rows, one per line (a 回执's fields)."""

    rows: Sequence[tuple[str, str]]


Block = Heading | Paragraph | Table


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _styles() -> dict[str, ParagraphStyle]:
    # wordWrap="CJK" breaks lines between any two Chinese characters.
    base = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=17, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26,
                                alignment=TA_CENTER, spaceAfter=6 * mm),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=20,
                                  spaceBefore=4 * mm, spaceAfter=2 * mm),
        "body": ParagraphStyle("body2", parent=base, spaceAfter=2 * mm),
        "cell": ParagraphStyle("cell", parent=base, spaceAfter=0),
    }


def _text(value: str) -> str:
    """Plain text to reportlab's paragraph markup: escaped, line breaks kept."""
    return escape(str(value)).replace("\n", "<br/>")


def _table(rows: Sequence[tuple[str, str]], styles: dict[str, ParagraphStyle]) -> RLTable:
    cell = styles["cell"]
    data = [[RLParagraph(_text(k), cell), RLParagraph(_text(v), cell)] for k, v in rows]
    table = RLTable(data, colWidths=[38 * mm, 132 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _flowables(title: str, blocks: Iterable[Block]) -> list:
    styles = _styles()
    story: list = [RLParagraph(_text(title), styles["title"])]
    for block in blocks:
        if isinstance(block, Heading):
            story.append(RLParagraph(_text(block.text), styles["heading"]))
        elif isinstance(block, Paragraph):
            story.append(RLParagraph(_text(block.text), styles["body"]))
        elif isinstance(block, Table):
            story.extend([_table(block.rows, styles), Spacer(1, 3 * mm)])
        else:
            raise TypeError(f"not a PDF block: {block!r}")
    return story


def pdf_document(title: str, blocks: Iterable[Block], *, subject: str = "",
                 author: str = "") -> bytes:
    """An A4 PDF: the title centred, then the blocks in order. Returns the file's bytes."""
    _register_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=title, subject=subject, author=author,
                            leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm)
    doc.build(_flowables(title, blocks))
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    """The text of a PDF (for tests and checks); needs pypdf (dev group)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_response(data: bytes, filename: str, *, inline: bool = False):
    """An HTTP response carrying a PDF: downloaded (or shown inline), never cached by a
    shared cache (receipts and forms are personal). `filename` should be ASCII."""
    from django.http import HttpResponse
    from django.utils.cache import add_never_cache_headers

    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def plain_text(title: str, blocks: Iterable[Block]) -> str:
    """The same document as plain text (an e-mail copy of a receipt): the title, headings
    in 【】, paragraphs, and table rows as "label：value"."""
    lines = [title, ""]
    for block in blocks:
        if isinstance(block, Heading):
            lines += ["", f"【{block.text}】"]
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines += [f"{label}：{value}" for label, value in block.rows]
    return "\n".join(lines).strip() + "\n"
