"""Effects of filing and filing review (备案、备案审查), steps of the document's own case
taken by the filing body in its part. Sources: domain/instruments.md §1.7 (S24).
"""

from __future__ import annotations

from fazhi.cases.step import Step
from fazhi.core.errors import NotAllowed
from fazhi.normative import models as m
from fazhi.normative.documents import current_filing, document_of, not_before, not_future
from fazhi.normative.validity import end_validity
from fazhi.org.models import Agency


def filing_body_for(doc: m.NormativeDocument) -> Agency:
    """§1.7 (S24): a government's documents go to the next-higher government's legal office;
    a department's to its own government's legal office."""
    issuer = doc.issuer
    region = issuer.region.parent if doc.doc_type == m.GOVERNMENT else issuer.region
    while region is not None:
        office = Agency.objects.filter(region=region, is_legal_office=True).order_by("id").first()
        if office is not None:
            return office
        region = region.parent
    raise NotAllowed(f"未找到“{issuer.name}”的备案审查机关（政府文件报上一级人民政府法制机构，"
                     "部门文件报本级人民政府法制机构），请先在机构设置中配置")


def file(step: Step) -> None:
    """报送备案 (§1.7). Filing after the deadline is recorded as late, never refused; the
    filing body takes part in the case until its review ends."""
    doc, data = document_of(step), step.data
    not_future(data.filed_on, step, "报备日期", "filed_on")
    not_before(data.filed_on, doc.published_at, "报备日期", "公布日期", "filed_on")
    clock = step.clock("filing")
    due = clock.due_on if clock is not None else doc.published_at
    body = filing_body_for(doc)
    filing = m.Filing.objects.create(document=doc, filed_with=body, filed_on=data.filed_on,
                                     is_late=data.filed_on > due)
    step.finish_clock("filing", data.filed_on)
    step.add_party(body, "filing_body")
    step.payload |= {"filed_with": body.name, "due_on": due.isoformat(), "late": filing.is_late}


def _filing(step: Step) -> m.Filing:
    return current_filing(document_of(step))


def _filing_done(step: Step) -> None:
    """The filing body's part ends with this filing (returned, conforming, corrected)."""
    step.release_party("filing_body")


def filing_receive(step: Step) -> None:
    filing, data = _filing(step), step.data
    not_future(data.checked_on, step, "形式审查日期", "checked_on")
    not_before(data.checked_on, filing.filed_on, "形式审查日期", "报备日期", "checked_on")
    filing.status, filing.formal_check_on = "received", data.checked_on
    filing.save()
    step.start_clock("filing_review", data.checked_on)


def filing_return(step: Step) -> None:
    filing, data = _filing(step), step.data
    not_future(data.checked_on, step, "形式审查日期", "checked_on")
    filing.status, filing.formal_check_on = "returned", data.checked_on
    filing.return_reasons = data.reasons
    filing.save()
    _filing_done(step)


def _reviewed(step: Step, status: str) -> m.Filing:
    filing, data = _filing(step), step.data
    not_future(data.reviewed_on, step, "审查完成日期", "reviewed_on")
    not_before(data.reviewed_on, filing.formal_check_on, "审查完成日期", "登记日期", "reviewed_on")
    filing.status, filing.reviewed_on, filing.review_opinion = status, data.reviewed_on, data.opinion
    step.finish_clock("filing_review", data.reviewed_on)
    return filing


def filing_approve(step: Step) -> None:
    _reviewed(step, "conforming").save()
    _filing_done(step)


def filing_demand(step: Step) -> None:
    filing = _reviewed(step, "correction")
    filing.correction_demand = step.data.demand
    filing.save()
    step.start_clock("correction", step.data.reviewed_on)


def filing_corrected(step: Step) -> None:
    filing, data = _filing(step), step.data
    not_future(data.corrected_on, step, "纠正完成日期", "corrected_on")
    not_before(data.corrected_on, filing.reviewed_on, "纠正完成日期", "审查完成日期", "corrected_on")
    filing.status, filing.corrected_on = "corrected", data.corrected_on
    filing.correction_report = data.report
    filing.save()
    step.finish_clock("correction", data.corrected_on)
    _filing_done(step)


def filing_revoke(step: Step) -> None:
    """提请撤销: the issuer did not correct; the document is declared invalid."""
    filing, data = _filing(step), step.data
    not_future(data.decided_on, step, "决定日期", "decided_on")
    filing.status = "revoked"
    filing.save()
    end_validity(step, m.INVALID, data.decided_on, "decided_on")
