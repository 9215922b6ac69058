"""The "details" section of the sub-cases on the workspace case page (/workspace/cases/<id>/).

A legality review, a filing or a review suggestion is a case of the legal office; the
document it concerns belongs to the drafting agency's case, which the reviewer usually
cannot see. The sub-case grants reading that document: these views read it through the
sub-case the workspace has already found visible, never through the document's own case,
and Case visibility is not widened. Declared as the procedures' details sections in
`NormativeConfig.declare()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.urls import reverse

from fazhi.cases.models import Case, Clock
from fazhi.law import timelimits
from fazhi.normative import config, effects
from fazhi.normative import models as m
from fazhi.normative.procedure import CHECKLIST, LABELS, REVIEW_LIMITS
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
    seen = _visible(actor, [r.case_id for r in reviews])
    return [_round(r, r.case_id in seen) for r in reviews]


def _round(review: m.LegalityReview, linked: bool = False) -> Round:
    items = [CheckItem(label, ANSWERS.get(review.checklist.get(key, ""), "—"),
                       review.checklist.get(key) == "problem")
             for key, label in CHECKLIST.items()] if review.checklist else []
    package = review.package if isinstance(review.package, dict) else {}
    shown = [(label, str(package[key])) for key, label in PACKAGE if package.get(key)]
    emergency = LABELS["emergency"].get(review.emergency, review.emergency) if review.emergency else ""
    return Round(review=review, checklist=items, package=shown, emergency=emergency,
                 linked=linked, warning=effects.review_time_warning(review))


def review_time(review: m.LegalityReview) -> ReviewTime | None:
    if review.completed_on is not None or review.case_id is None:
        return None
    limit = REVIEW_LIMITS["review"]
    clock = Clock.objects.filter(case_id=review.case_id, code=limit.code).first()
    return ReviewTime(earliest=effects.earliest_opinion_on(review),
                      citation=config.S2_REVIEW_TIME, max_days=limit.value, clock=clock)


def _links(doc: m.NormativeDocument, actor: Actor) -> dict[str, str]:
    """Links the reader may follow: the staff page only when its case is visible to them."""
    links = {}
    if Case.objects.visible_to(actor).filter(pk=doc.pk).exists():
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


def review_detail(case: Case, actor: Actor) -> Detail:
    review = m.LegalityReview.objects.select_related(
        "document__issuer", "reviewer_agency").filter(case=case).first()
    if review is None:
        return None
    doc = review.document
    others = _rounds(list(doc.reviews.exclude(pk=review.pk).select_related(
        "case", "reviewer_agency")), actor)
    return "normative/workspace/review.html", _document(doc, actor) | {
        "this": _round(review), "review_time": review_time(review),
        "earlier": [r for r in others if r.review.round < review.round],
        "later": [r for r in others if r.review.round > review.round]}


def filing_detail(case: Case, actor: Actor) -> Detail:
    filing = m.Filing.objects.select_related("document__issuer", "filed_with").filter(
        case=case).first()
    if filing is None:
        return None
    doc = filing.document
    others = list(doc.filings.exclude(pk=filing.pk).select_related("filed_with", "case"))
    return "normative/workspace/filing.html", _document(doc, actor) | {
        "filing": filing, "other_filings": others,
        "visible_filings": _visible(actor, [f.case_id for f in others]),
        "rounds": _rounds(list(doc.reviews.select_related("case", "reviewer_agency")), actor)}


def suggestion_detail(case: Case, actor: Actor) -> Detail:
    suggestion = m.ReviewSuggestion.objects.select_related("document__issuer").filter(
        case=case).first()
    if suggestion is None:
        return None
    return "normative/workspace/suggestion.html", _document(suggestion.document, actor) | {
        "suggestion": suggestion}
