"""A normative document as its effects and guards read and change it: the document of a
step's case, its status, its review rounds and current filing, and the date checks every
effect applies. Shared by the effect modules (drafting, legality, publishing, filing,
validity, suggestions) and the guards; it imports none of them.
"""

from __future__ import annotations

from datetime import date

from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData
from fazhi.normative import config
from fazhi.normative import models as m

# Actions whose actor counts as a drafter (the four-eyes rule, ADR 0006).
DRAFTING_ACTIONS = frozenset({"open", "revise", "open_comment", "close_comment",
                              "publish_comment_summary", "submit_review"})


NO_REVIEW = ("未经合法性审核或者经审核不合法的文件，不得{what}"
             f"（{config.S2_DUTY}；统一登记、统一编号、统一发布须以审核通过为前提）")


def document_of(step: Step) -> m.NormativeDocument:
    return step.case.normative


def set_status(doc: m.NormativeDocument, status: str, **fields) -> None:
    doc.status = status
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.save()


def not_future(value: date, step: Step, what: str, field: str) -> None:
    if value > step.today:
        raise InvalidData(f"{what}不能晚于今天", field=field)


def not_before(value: date, earliest: date | None, what: str, earlier: str, field: str) -> None:
    if earliest is not None and value < earliest:
        raise InvalidData(f"{what}不能早于{earlier}（{earliest:%Y-%m-%d}）", field=field)


def latest_review(doc: m.NormativeDocument) -> m.LegalityReview | None:
    return doc.reviews.order_by("-round").first()


def has_passed_review(doc: m.NormativeDocument) -> bool:
    review = latest_review(doc)
    return review is not None and review.passed


def open_round(doc: m.NormativeDocument) -> m.LegalityReview | None:
    """The review round waiting for an opinion, if any."""
    found = latest_review(doc)
    return found if found is not None and found.completed_on is None else None


def unhandled_comments(doc: m.NormativeDocument) -> int:
    return doc.comments.filter(moderation=m.APPROVED, handling="").count()


ACTIVE_FILING = ("submitted", "received", "correction")


def current_filing(doc: m.NormativeDocument) -> m.Filing | None:
    """The filing the filing body is handling, if any."""
    return doc.filings.filter(status__in=ACTIVE_FILING).order_by("-id").first()


def stop_filing(step: Step) -> None:
    """The document ended: no filing or filing review is pending any more."""
    for key in ("filing", "filing_review", "correction"):
        step.cancel_clock(key)
    step.release_party("filing_body")
