"""Effects of the review suggestions (审查建议) citizens and organisations send about a
published document: opened, then answered publicly. Sources: domain/instruments.md §1.
"""

from __future__ import annotations

from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData
from fazhi.normative import models as m
from fazhi.publication.services import publish


def suggestion_opened(step: Step) -> None:
    data = step.data
    doc = m.NormativeDocument.objects.filter(pk=data.document_id,
                                             status__in=m.PUBLIC_STATUSES).first()
    if doc is None:
        raise InvalidData("所建议审查的文件不存在或尚未公布", field="document_id")
    m.ReviewSuggestion.objects.create(case=step.case, document=doc, submitted_on=step.today,
                                      **data.model_dump(exclude={"document_id"}))
    step.start_clock("reply", step.case.received_on)
    step.payload = {"document": doc.case.number}  # no personal data in the ledger payload


def suggestion_answer(step: Step) -> None:
    suggestion, data = step.case.normative_suggestion, step.data
    suggestion.finding, suggestion.answer, suggestion.answered_on = data.finding, data.answer, step.today
    suggestion.save()
    step.outcome = data.finding
    doc = suggestion.document
    publish(kind="normative.suggestion_answer", case=step.case, agency=step.case.agency,
            title=f"关于《{doc.title}》审查建议的答复", body=data.answer,
            data={"document_id": doc.pk, "doc_no": doc.doc_no, "finding": data.finding,
                  "answered_on": step.today.isoformat()},
            personal_names=[suggestion.suggester_name])
