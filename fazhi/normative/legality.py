"""Effects of the legality review (合法性审核), a step of the document's own case taken by
the legal office in its part (fazhi.cases.review: four eyes, checklist, minimum and
maximum time). Sources: domain/instruments.md §1 (S3 = 国办发〔2018〕37号).
"""

from __future__ import annotations

from fazhi.cases import review
from fazhi.cases.step import Step
from fazhi.core.errors import NotAllowed
from fazhi.law import timelimits
from fazhi.normative import config
from fazhi.normative import models as m
from fazhi.normative.documents import (
    DRAFTING_ACTIONS,
    document_of,
    latest_review,
    open_round,
    set_status,
)
from fazhi.normative.limits import REVIEW_LIMITS


def submit_review(step: Step) -> None:
    """报送合法性审核 (S2 二(五)): a new round; the legal office takes part in the case as
    the review body, and its clock (5–15 WD) runs from today."""
    doc = document_of(step)
    office = review.legal_office_for(doc.issuer)
    prev = latest_review(doc)
    found = m.LegalityReview.objects.create(
        document=doc, round=(prev.round + 1) if prev else 1, submitted_on=step.today,
        submitted_by=step.actor.label, reviewer_agency=office,
        package={"explanation": doc.drafting_explanation, "legal_basis": doc.legal_basis_list,
                 **step.data.model_dump()})
    set_status(doc, m.UNDER_REVIEW)
    step.add_party(office, review.REVIEW_BODY)
    step.start_clock("review", step.today)
    step.payload |= {"round": found.round, "reviewer_agency": office.name}


def earliest_opinion_on(round_: m.LegalityReview) -> timelimits.Deadline:
    """The 5th working day after the package arrived (S2 二(五)), shown before the checklist."""
    return review.earliest_opinion(REVIEW_LIMITS["review_min"], round_.submitted_on)


def review_time_warning(round_: m.LegalityReview) -> str:
    """"审核时间不足5个工作日…" for an opinion before the earliest date (ADR 0011)."""
    return review.time_warning(REVIEW_LIMITS["review_min"], round_.submitted_on,
                               round_.completed_on, round_.emergency)


def drafter_user_ids(doc: m.NormativeDocument) -> set[int]:
    return review.drafter_ids(doc.case, DRAFTING_ACTIONS, doc.drafted_by_user_id)


def review_decide(step: Step) -> None:
    """出具审核意见 (S2 二(六)): by a reviewer of the review body who did not draft the
    document (four-eyes); a failed round sends the draft back for revision."""
    doc, data = document_of(step), step.data
    found = open_round(doc)
    if found is None:
        raise NotAllowed("本文件没有待出具意见的合法性审核")
    review.refuse_drafter(step.actor.user_id, drafter_user_ids(doc),
                          f"{config.S2_REVIEWER}、{config.S2_DUTY}")
    found.reviewer, found.reviewer_user_id = step.actor.label, step.actor.user_id
    found.completed_on, found.checklist = step.today, data.checklist
    found.outcome, found.opinion, found.reasons = data.outcome, data.opinion, data.reasons
    found.emergency = data.emergency
    found.save()
    step.payload |= {"round": found.round}
    warning = review_time_warning(found)
    if warning:
        step.payload |= {"warning": warning,
                         "earliest_on": earliest_opinion_on(found).due.isoformat()}
    step.finish_clock("review", step.today)
    step.release_party(review.REVIEW_BODY)
    failed = data.outcome == m.FAIL
    set_status(doc, m.REVISING if failed else m.REVIEWED)
    step.move_to(doc.status)
