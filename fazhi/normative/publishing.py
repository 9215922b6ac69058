"""Effects of deliberation, registration, publication and entry into force (集体审议、统一
登记、统一编号、统一发布), and of the document's amendment or repeal by a later one.
Sources: domain/instruments.md §1 (S2 = 国办发〔2018〕115号, S7 = 政府信息公开条例).
"""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.cases.engine import next_number
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.law.workdays import corresponding_date
from fazhi.normative import config, search
from fazhi.normative import models as m
from fazhi.normative.documents import (
    document_of,
    latest_review,
    not_before,
    not_future,
    set_status,
    stop_filing,
)
from fazhi.publication.services import publish


def deliberate(step: Step) -> None:
    doc, data = document_of(step), step.data
    passed = latest_review(doc)
    not_future(data.deliberated_on, step, "审议日期", "deliberated_on")
    not_before(data.deliberated_on, passed.completed_on, "审议日期", "合法性审核完成日期",
                "deliberated_on")
    if passed.outcome == m.PASS_WITH_CHANGES and not data.non_adoption_reasons.strip():
        step.payload |= {"note": "审核意见为修改后合法；未填写未采纳理由，视为已全部采纳"}
    set_status(doc, m.DELIBERATED, deliberation_meeting=data.meeting,
                deliberated_on=data.deliberated_on, deliberation_minutes=data.minutes,
                non_adoption_reasons=data.non_adoption_reasons)


def register_number(step: Step) -> None:
    """统一登记、统一编号 (§1.6): three gapless series per issuer and year, taken in this
    transaction from locked counter rows, so concurrent registrations cannot collide."""
    doc, data = document_of(step), step.data
    not_future(data.signed_on, step, "签发日期", "signed_on")
    not_before(data.signed_on, doc.deliberated_on, "签发日期", "审议日期", "signed_on")
    series = m.IssuerSeries.objects.filter(issuer=doc.issuer).first()
    if series is None:
        raise NotAllowed(f"制定机关“{doc.issuer.name}”尚未配置发文编号规则（发文字号前缀、登记号前缀、"
                         "索引号前缀），请系统管理员先行配置")
    year, code = data.signed_on.year, doc.issuer.code
    seq = next_number(f"normative:doc_no:{code}", year)
    reg = next_number(f"normative:registration:{code}", year)
    idx = next_number(f"normative:index:{code}", year)
    set_status(doc, m.REGISTERED, number_year=year, number_seq=seq,
                doc_no=f"{series.doc_no_prefix}〔{year}〕{seq}号",
                registration_no=f"{series.registration_prefix}-{year}-{reg:03d}",
                disclosure_index_no=f"{series.index_prefix}-{year}-{idx:03d}",
                registered_on=step.today, signed_by=data.signed_by, signed_on=data.signed_on)
    step.start_clock("publication", data.signed_on)
    step.payload |= {"doc_no": doc.doc_no, "registration_no": doc.registration_no,
                     "disclosure_index_no": doc.disclosure_index_no}


def validity_end(effective_from: date, provisional: bool) -> date:
    """valid_until (§1.8): the day before the anniversary, 5 years (2 for 暂行/试行) by default."""
    params = config.current()
    years = params.provisional_validity_years if provisional else params.validity_years
    return corresponding_date(effective_from, years * 12) - timedelta(days=1)


def _resolve_links(doc: m.NormativeDocument, data) -> list[tuple[str, m.NormativeDocument]]:
    pairs = [(m.AMENDS, n) for n in data.amends] + [(m.REPEALS, n) for n in data.repeals] + \
        [(m.REPLACES, n) for n in data.replaces]
    out = []
    for kind, number in pairs:
        target = m.NormativeDocument.objects.filter(doc_no=number.strip(),
                                                    status__in=m.LIVE_STATUSES).first()
        if target is None or target.pk == doc.pk:
            raise InvalidData(f"未找到发文字号为“{number}”的现行有效文件", field=kind)
        out.append((kind, target))
    return out


def publish_document(step: Step) -> None:
    doc, data = document_of(step), step.data
    not_future(data.published_at, step, "公布日期", "published_at")
    not_before(data.published_at, doc.signed_on, "公布日期", "签发日期", "published_at")
    links = _resolve_links(doc, data)
    set_status(doc, m.PUBLISHED, published_at=data.published_at,
                effective_from=data.effective_from, publication_channels=data.channels,
                interpretation=data.interpretation,
                valid_until=validity_end(data.effective_from, doc.is_provisional))
    for kind, target in links:
        m.DocumentLink.objects.create(source=doc, target=target, kind=kind,
                                      effective_on=data.effective_from, cited_as=doc.doc_no)
    step.finish_clock("publication", data.published_at)
    step.start_clock("filing", data.published_at)
    if data.effective_from <= step.today:  # effective at once: no day as "published" only
        _in_force(step, doc)
    step.move_to(doc.status)
    republish(doc)
    _index_as_newest(doc)
    step.payload |= {"valid_until": doc.valid_until.isoformat(),
                     "links": [[kind, t.doc_no] for kind, t in links]}


def _index_as_newest(doc: m.NormativeDocument) -> None:
    """Library search lists body matches newest indexed first (ADR 0010): a draft indexed
    months ago takes its place as new on the day it is published."""
    search.reindex(doc, force=True)


def republish(doc: m.NormativeDocument) -> None:
    """The public record of the document, refreshed on every status change."""
    publish(kind="normative.document", case=doc.case, agency=doc.issuer, title=doc.title,
            body=doc.body, data={
                "doc_no": doc.doc_no, "registration_no": doc.registration_no,
                "disclosure_index_no": doc.disclosure_index_no, "doc_type": doc.doc_type,
                "status": doc.status, "status_label": doc.status_label,
                "published_at": _iso(doc.published_at), "effective_from": _iso(doc.effective_from),
                "valid_until": _iso(doc.valid_until), "ended_on": _iso(doc.ended_on)})


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def take_effect(step: Step) -> None:
    doc = document_of(step)
    _in_force(step, doc)
    republish(doc)


def _in_force(step: Step, doc: m.NormativeDocument) -> None:
    """In force: the links to what this document amends, repeals or replaces take effect,
    each as a step of the target's own case that this one causes."""
    set_status(doc, m.IN_FORCE)
    for link in doc.links_out.select_related("target").filter(
            target__status__in=m.LIVE_STATUSES):
        action = "amended_by" if link.kind == m.AMENDS else "repealed_by"
        step.then(link.target_id, action, {
            "link_id": link.pk, "kind": link.kind, "source": doc.doc_no,
            "effective_on": link.effective_on.isoformat()},
            by=f"{doc.issuer.short_name}（{doc.doc_no}）")


def amended_by(step: Step) -> None:
    step.payload |= {"note": f"本文件由{step.data.source}修改"}


def repealed_by(step: Step) -> None:
    doc = document_of(step)
    set_status(doc, m.REPEALED, ended_on=step.data.effective_on)
    stop_filing(step)
    republish(doc)
