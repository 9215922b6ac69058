"""Read side: the public library, point-in-time validity, expiry warnings, cleanup
selection and the filing indicators ("three rates", S13 #27)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fazhi.cases.models import Case
from fazhi.normative import models as m
from fazhi.org.actors import Actor


def for_staff(actor: Actor) -> QuerySet[m.NormativeDocument]:
    """The documents of the drafting agency's pages: those whose case the actor may see (the
    one visibility filter) and that are its own agency's, or every one for the city-wide
    roles. The legal office and the filing body read a document they take part in on its
    case page (fazhi.normative.case_details), not here."""
    docs = m.NormativeDocument.objects.filter(case__in=Case.objects.visible_to(actor))
    return docs if actor.city_wide else docs.filter(issuer_id=actor.agency_id)


def public_library() -> QuerySet[m.NormativeDocument]:
    """Everything ever published (in force and historical); drafts never appear."""
    return (m.NormativeDocument.objects.filter(status__in=m.PUBLIC_STATUSES)
            .select_related("issuer").order_by("-published_at", "-pk"))


def open_for_comment(day: date) -> QuerySet[m.NormativeDocument]:
    """Drafts whose public comment period includes `day` (意见征集), closing soonest first."""
    return (m.NormativeDocument.objects.filter(
        status=m.COMMENTING, comment_opens_on__lte=day, comment_closes_on__gte=day)
        .select_related("issuer").order_by("comment_closes_on", "pk"))


def in_force_q(day: date, prefix: str = "") -> Q:
    """Point-in-time validity (§1.8): effective by `day`, not past validity, not ended."""
    p = prefix
    return (Q(**{f"{p}published_at__isnull": False, f"{p}effective_from__lte": day})
            & (Q(**{f"{p}valid_until__isnull": True}) | Q(**{f"{p}valid_until__gte": day}))
            & (Q(**{f"{p}ended_on__isnull": True}) | Q(**{f"{p}ended_on__gt": day})))


def in_force_on(day: date) -> QuerySet[m.NormativeDocument]:
    return public_library().filter(in_force_q(day))


def filter_library(qs: QuerySet, *, issuer: str = "", year: int | None = None, doc_type: str = "",
                   status: str = "", on: date | None = None) -> QuerySet:
    if issuer:
        qs = qs.filter(Q(issuer__code=issuer) | Q(co_issuers__code=issuer)).distinct()
    if year:
        qs = qs.filter(number_year=year)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if status:
        qs = qs.filter(status=status)
    if on:
        qs = qs.filter(in_force_q(on))
    return qs


def expiring(actor: Actor, today: date, lead_days: int) -> QuerySet[m.NormativeDocument]:
    """In-force documents whose validity ends within `lead_days` (evaluation window, S22)."""
    return (for_staff(actor).filter(status__in=m.LIVE_STATUSES, valid_until__gte=today,
                                    valid_until__lte=today + timedelta(days=lead_days))
            .order_by("valid_until"))


def cleanup_candidates(term: str, region=None) -> QuerySet[m.NormativeDocument]:  # noqa: ANN001
    qs = m.NormativeDocument.objects.filter(status__in=m.LIVE_STATUSES)
    if term:
        qs = qs.filter(Q(legal_basis__icontains=term) | Q(body__icontains=term)
                       | Q(title__icontains=term))
    if region is not None:
        qs = qs.filter(Q(issuer__region=region) | Q(issuer__region__parent=region))
    return qs.order_by("pk")


@dataclass(frozen=True)
class FilingRates:
    published: int
    filed: int
    filed_on_time: int
    reviewed: int
    conforming: int
    corrections: int
    corrected: int

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def filing_rate(self) -> float | None:  # 报备率
        return self._rate(self.filed, self.published)

    @property
    def timely_rate(self) -> float | None:  # 报备及时率
        return self._rate(self.filed_on_time, self.published)

    @property
    def compliance_rate(self) -> float | None:  # 规范率: reviewed and found conforming
        return self._rate(self.conforming, self.reviewed)

    @property
    def correction_rate(self) -> float | None:  # 纠错率: demanded corrections carried out
        return self._rate(self.corrected, self.corrections)


def filing_rates(start: date, end: date, docs: QuerySet | None = None) -> FilingRates:
    """The three rates (S13 #27) over documents published in [start, end], from the data:
    a document counts once, by its first filing (one aggregate query; the same definitions
    as the indicators, fazhi.normative.indicators)."""
    docs = (docs if docs is not None else m.NormativeDocument.objects.all()).filter(
        published_at__gte=start, published_at__lte=end)
    got = docs.aggregate(
        published=Count("pk"), filed=Count("pk", filter=filed_q()),
        filed_on_time=Count("pk", filter=filed_on_time_q()),
        reviewed=Count("pk", filter=filing_reviewed_q()),
        conforming=Count("pk", filter=filing_conforming_q()),
        corrections=Count("pk", filter=correction_demanded_q()),
        corrected=Count("pk", filter=corrected_q()))
    return FilingRates(**got)


# -- the filing and review figures, each a condition on a document ----------------------------
# One definition for the oversight page (filing_rates) and the indicators: every figure is
# over documents published in a period, a document counting once whatever its number of
# filings (a returned filing is followed by a new one).

REVIEWED_FILING = ("conforming", "correction", "corrected", "revoked")  # 备案审查已作出结论
CORRECTION_FILING = ("correction", "corrected", "revoked")  # 要求纠正（含纠正、撤销）


def _has_filing(**filters) -> Q:
    return Q(Exists(m.Filing.objects.filter(document=OuterRef("pk"), **filters)))


def filed_q() -> Q:  # 报备
    return _has_filing()


def filed_on_time_q() -> Q:
    """Filed within the limit and never late (a late re-filing after a return counts late);
    an unfiled document is not on time."""
    return _has_filing(is_late=False) & ~_has_filing(is_late=True)


def filing_reviewed_q() -> Q:  # the filing review has concluded
    return _has_filing(status__in=REVIEWED_FILING)


def filing_conforming_q() -> Q:  # found conforming (审查通过)
    return _has_filing(status="conforming")


def correction_demanded_q() -> Q:  # correction demanded (incl. documents then revoked)
    return _has_filing(status__in=CORRECTION_FILING)


def corrected_q() -> Q:  # the demanded correction carried out
    return _has_filing(status="corrected")


def legality_reviewed_q() -> Q:
    """Passed a completed legality review (合法性审核), with or without changes."""
    return Q(Exists(m.LegalityReview.objects.filter(
        document=OuterRef("pk"), completed_on__isnull=False,
        outcome__in=[m.PASS, m.PASS_WITH_CHANGES])))


def published_campaigns() -> QuerySet[m.CleanupCampaign]:
    return m.CleanupCampaign.objects.filter(published_on__isnull=False).select_related("agency")
