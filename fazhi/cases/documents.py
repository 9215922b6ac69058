"""Formal documents issued from templates (补正告知书, 答复书, …), numbered and attached.

A procedure declares its templates (`Procedure.documents`), each tied to the transition
whose recorded data it sets out. Once that transition is in the case's history, staff who
may take it issue the document: it takes the next number of the agency's series for the
year (文号, pattern configurable per agency: `DocumentNumbering`), is rendered as DOCX and
PDF, and both files are attached to the case by one history entry ("document:<code>",
`engine.record`), so the ledger shows who issued which number when. A document is issued
once per recorded transition.
"""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from fazhi.cases import engine
from fazhi.cases import procedure as registry
from fazhi.cases.models import Case, DocumentNumbering
from fazhi.core import pdf
from fazhi.core.errors import Forbidden, NotAllowed, NotFound
from fazhi.core.models import Event
from fazhi.org.actors import Actor

PREFIX = "document:"
DEFAULT_PATTERN = "{agency}〔{year}〕{seq}号"


@dataclass(frozen=True)
class DocumentTemplate:
    """A formal document a procedure issues after `action` (its recorded data filled in)."""

    code: str  # e.g. "correction_notice"
    title: str  # Chinese title, e.g. "补正告知书"
    action: str  # the transition whose event it sets out
    # (case, the event's payload) -> the paragraphs of the body, in Chinese
    body: Callable[[Case, dict], list[str]]
    series: str = ""  # the numbering series (default: the procedure's code)
    pattern: str = DEFAULT_PATTERN  # the default 文号 pattern when the agency set none
    roles: frozenset[str] = frozenset()  # who issues it (default: the transition's roles)

    def issued_by(self, transition: registry.Transition) -> frozenset[str]:
        return self.roles or transition.roles

    @property
    def action_code(self) -> str:
        return PREFIX + self.code


@dataclass(frozen=True)
class Rendered:
    title: str
    number: str
    recipient: str
    paragraphs: list[str]
    issuer: str
    issued_on: date


def number_for(case: Case, template: DocumentTemplate, proc: registry.Procedure,
               year: int) -> str:
    """Take the next number of the agency's series for `year` and format it (inside the
    caller's transaction: the counter row stays locked until it ends)."""
    series = template.series or proc.code
    configured = DocumentNumbering.objects.filter(agency_id=case.agency_id, series=series).first()
    pattern = configured.pattern if configured else template.pattern
    seq = engine.next_number(f"doc:{series}:{case.agency.code}", year)
    return pattern.format(agency=case.agency.short_name, code=case.agency.code, year=year, seq=seq)


def templates_of(proc: registry.Procedure | None) -> dict[str, DocumentTemplate]:
    return {t.code: t for t in (proc.documents if proc else ())}


def _issued_for(case: Case, template: DocumentTemplate) -> set[int]:
    """The seqs of the transitions this template was already issued for."""
    rows = case.events.filter(action=template.action_code).values_list("payload", flat=True)
    return {json.loads(p).get("for_seq") for p in rows}


def _source(case: Case, template: DocumentTemplate) -> Event | None:
    return case.events.filter(action=template.action).order_by("-seq").first()


def issuable(case: Case, proc: registry.Procedure | None, actor: Actor) -> list[DocumentTemplate]:
    """The templates this actor may issue now: their transition is recorded (the latest
    one not issued yet) and the actor's roles may take it."""
    found = []
    for template in templates_of(proc).values():
        transition = proc.transition(template.action)
        if transition is None or not actor.has_any(template.issued_by(transition)):
            continue
        source = _source(case, template)
        if source is not None and source.seq not in _issued_for(case, template):
            found.append(template)
    return found


def render(case: Case, template: DocumentTemplate, payload: dict, number: str,
           on: date) -> Rendered:
    return Rendered(title=template.title, number=number, recipient=case.applicant_name,
                    paragraphs=template.body(case, payload), issuer=case.agency.name,
                    issued_on=on)


def _chinese_date(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def _run_font(paragraph, size: int, bold: bool = False) -> None:
    for run in paragraph.runs:
        run.font.size, run.font.bold = Pt(size), bold
        run.font.name = "FangSong"
        run.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")


def docx_bytes(doc: Rendered) -> bytes:
    out = Docx()
    for text, size, bold, align in (
            (doc.issuer, 16, True, WD_ALIGN_PARAGRAPH.CENTER),
            (doc.title, 22, True, WD_ALIGN_PARAGRAPH.CENTER),
            (doc.number, 14, False, WD_ALIGN_PARAGRAPH.CENTER)):
        para = out.add_paragraph(text)
        para.alignment = align
        _run_font(para, size, bold)
    if doc.recipient:
        _run_font(out.add_paragraph(f"{doc.recipient}："), 14)
    for text in doc.paragraphs:
        para = out.add_paragraph(text)
        para.paragraph_format.first_line_indent = Pt(28)
        _run_font(para, 14)
    for text in (doc.issuer, _chinese_date(doc.issued_on)):
        para = out.add_paragraph(text)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run_font(para, 14)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def pdf_bytes(doc: Rendered) -> bytes:
    blocks: list[pdf.Block] = [pdf.Paragraph(doc.issuer), pdf.Paragraph(doc.number)]
    if doc.recipient:
        blocks.append(pdf.Paragraph(f"{doc.recipient}："))
    blocks += [pdf.Paragraph(text) for text in doc.paragraphs]
    blocks += [pdf.Paragraph(doc.issuer), pdf.Paragraph(_chinese_date(doc.issued_on))]
    return pdf.pdf_document(doc.title, blocks, subject=doc.number)


def issue(case: Case, code: str, actor: Actor, today: date) -> Case:
    """Issue one document: numbered, rendered as DOCX and PDF, attached by one history
    entry. Refused when its transition is not recorded or it was issued for it already."""
    proc = registry.get(case.procedure, case.procedure_version)
    template = templates_of(proc).get(code)
    if template is None:
        raise NotFound("没有这种文书")
    transition = proc.transition(template.action)
    if not actor.has_any(template.issued_by(transition)) and actor.kind != "system":
        raise Forbidden(f"您没有制作“{template.title}”的权限")

    def make(locked: Case) -> tuple[dict, list]:
        source = _source(locked, template)
        if source is None:
            raise NotAllowed(f"本案尚未“{transition.label}”，不能制作{template.title}")
        if source.seq in _issued_for(locked, template):
            raise NotAllowed(f"本案第{source.seq}条记录的{template.title}已制作，不再重复编号")
        number = number_for(locked, template, proc, today.year)
        doc = render(locked, template, json.loads(source.payload or "{}"), number, today)
        name = f"{template.title}（{number}）"
        files = [((f"{name}.docx", docx_bytes(doc)), template.action_code),
                 ((f"{name}.pdf", pdf_bytes(doc)), template.action_code)]
        return {"document": template.title, "number": number, "for_seq": source.seq}, files

    return engine.record(case, template.action_code, actor, make)
