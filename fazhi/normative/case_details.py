"""The "details" section of normative cases on the workspace case page (/workspace/cases/<id>/).

The legal office reviews a document, and the filing body reviews its filing, as parts on
the document's own case: for them the case page shows the document, its comments and
review rounds (and the filing) instead of the drafting agency's field list. A review
suggestion is a case of the legal office and shows the document it concerns. Review and
filing cases of earlier releases keep their views. Declared as the procedures' details
sections in `NormativeConfig.declare()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.urls import reverse

from fazhi.cases.models import Case, Clock, Participant
from fazhi.cases.procedure import OWNER
from fazhi.law import timelimits
from fazhi.normative import config, legality, queries
from fazhi.normative import models as m
from fazhi.normative.procedure import (
    CHECKLIST,
    FILING_BODY,
    LABELS,
    REVIEW_BODY,
    REVIEW_LIMITS,
)
from fazhi.org.actors import Actor

ANSWERS = {"ok": "无问题", "problem": "存在问题"}
PACKAGE = (("consultation_record", "征求意见及采纳情况"),
           ("own_opinion", "起草单位合法性审查意见"),
           ("other_materials", "其他材料"))


@dataclass(frozen=True)
class CheckItem:
    label: str
    answer: str
    problem: bool


@dataclass(frozen=True)
class Round:
    review: m.LegalityReview
    checklist: list[CheckItem]
    package: list[tuple[str, str]]
    emergency: str
    linked: bool  # the reader may open that round's own case
    warning: str  # "审核时间不足5个工作日…" for an opinion before the earliest date
    checklist_basis: ClassVar[str] = config.S2_CHECKLIST


@dataclass(frozen=True)
class ReviewTime:
    """Shown above the checklist while the round is open (S2 二(五)): the earliest date for
    an opinion and the maximum, which is the review case's own clock."""

    earliest: timelimits.Deadline
    citation: str
    max_days: int
    clock: Clock | None


def _visible(actor: Actor, case_ids: list[int | None]) -> set[int]:
    ids = [pk for pk in case_ids if pk is not None]
    return set(Case.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))


def _rounds(reviews: list[m.LegalityReview], actor: Actor) -> list[Round]:
    seen = _visible(actor, [r.legacy_case_id for r in reviews])
    return [_round(r, r.legacy_case_id in seen) for r in reviews]


def _round(review: m.LegalityReview, linked: bool = False) -> Round:
    items = [CheckItem(label, ANSWERS.get(review.checklist.get(key, ""), "—"),
                       review.checklist.get(key) == "problem")
             for key, label in CHECKLIST.items()] if review.checklist else []
    package = review.package if isinstance(review.package, dict) else {}
    shown = [(label, str(package[key])) for key, label in PACKAGE if package.get(key)]
    emergency = LABELS["emergency"].get(review.emergency, review.emergency) if review.emergency else ""
    return Round(review=review, checklist=items, package=shown, emergency=emergency,
                 linked=linked, warning=legality.review_time_warning(review))


def review_time(review: m.LegalityReview) -> ReviewTime | None:
    """While the round waits for an opinion: the earliest date and the clock (of the
    document's case, or of the round's own case in an earlier release)."""
    if review.completed_on is not None:
        return None
    limit = REVIEW_LIMITS["review"]
    clock = Clock.objects.filter(case_id=review.legacy_case_id or review.document_id,
                                 code=limit.code).first()
    return ReviewTime(earliest=legality.earliest_opinion_on(review),
                      citation=config.S2_REVIEW_TIME, max_days=limit.value, clock=clock)


def _links(doc: m.NormativeDocument, actor: Actor) -> dict[str, str]:
    """Links the reader may follow: the staff page only when its case is visible to them."""
    links = {}
    if queries.for_staff(actor).filter(pk=doc.pk).exists():
        links["staff"] = reverse("normative:staff_document", args=[doc.pk])
    if doc.status in m.PUBLIC_STATUSES or doc.comment_opens_on:
        links["public"] = reverse("normative:document", args=[doc.pk])
    return links


def _comments(doc: m.NormativeDocument) -> dict[str, Any]:
    """The comment-handling record: counts by handling and each approved comment (no names
    or contacts: the reviewer needs what was said and how it was handled, not who said it)."""
    approved = list(doc.comments.filter(moderation=m.APPROVED))
    counts = [(label, sum(1 for c in approved if c.handling == code)) for code, label in m.HANDLING]
    return {"approved": approved, "counts": [(label, n) for label, n in counts if n],
            "unhandled": sum(1 for c in approved if not c.handling),
            "pending": doc.comments.filter(moderation=m.PENDING).count()}


def _document(doc: m.NormativeDocument, actor: Actor) -> dict[str, Any]:
    return {"doc": doc, "co_issuers": list(doc.co_issuers.all()), "links": _links(doc, actor),
            "comments": _comments(doc)}


Detail = tuple[str, dict[str, Any]] | None  # None: the generic field list


def _review_view(review: m.LegalityReview, actor: Actor) -> Detail:
    doc = review.document
    others = _rounds(list(doc.reviews.exclude(pk=review.pk).select_related(
        "legacy_case", "reviewer_agency")), actor)
    return "normative/workspace/review.html", _document(doc, actor) | {
        "this": _round(review), "review_time": review_time(review),
        "earlier": [r for r in others if r.review.round < review.round],
        "later": [r for r in others if r.review.round > review.round]}


def _filing_view(filing: m.Filing, actor: Actor) -> Detail:
    doc = filing.document
    others = list(doc.filings.exclude(pk=filing.pk).select_related("filed_with", "legacy_case"))
    return "normative/workspace/filing.html", _document(doc, actor) | {
        "filing": filing, "other_filings": others,
        "visible_filings": _visible(actor, [f.legacy_case_id for f in others]),
        "rounds": _rounds(list(doc.reviews.select_related("legacy_case", "reviewer_agency")),
                          actor)}


def document_detail(case: Case, actor: Actor) -> Detail:
    """The legal office's view of a document's case, chosen by its part: the review while it
    reviews (or once it has), the filing while it handles one (or once it has). The drafting
    agency keeps the generic field list."""
    parts = dict(Participant.objects.filter(case=case, agency_id=actor.agency_id)
                 .values_list("role", "active")) if actor.kind == "staff" else {}
    if parts.get(REVIEW_BODY):
        view = REVIEW_BODY
    elif parts.get(FILING_BODY):
        view = FILING_BODY
    elif OWNER in parts:
        return None
    else:  # a part that is done: the last one it held
        view = FILING_BODY if FILING_BODY in parts else REVIEW_BODY if REVIEW_BODY in parts else ""
    if view == REVIEW_BODY:
        found = m.LegalityReview.objects.select_related("document__issuer", "reviewer_agency") \
            .filter(document_id=case.pk).order_by("-round").first()
        return _review_view(found, actor) if found else None
    if view == FILING_BODY:
        found = m.Filing.objects.select_related("document__issuer", "filed_with") \
            .filter(document_id=case.pk).order_by("-id").first()
        return _filing_view(found, actor) if found else None
    return None


def review_detail(case: Case, actor: Actor) -> Detail:
    """A review case of an earlier release."""
    review = m.LegalityReview.objects.select_related(
        "document__issuer", "reviewer_agency").filter(legacy_case=case).first()
    return _review_view(review, actor) if review else None


def filing_detail(case: Case, actor: Actor) -> Detail:
    """A filing case of an earlier release."""
    filing = m.Filing.objects.select_related("document__issuer", "filed_with").filter(
        legacy_case=case).first()
    return _filing_view(filing, actor) if filing else None


def suggestion_detail(case: Case, actor: Actor) -> Detail:
    suggestion = m.ReviewSuggestion.objects.select_related("document__issuer").filter(
        case=case).first()
    if suggestion is None:
        return None
    return "normative/workspace/suggestion.html", _document(suggestion.document, actor) | {
        "suggestion": suggestion}
