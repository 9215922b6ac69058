"""Read side: the public library, point-in-time validity, expiry warnings, cleanup
selection and the filing indicators ("three rates", S13 #27)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

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
    a document counts once, by its first filing."""
    docs = (docs if docs is not None else m.NormativeDocument.objects.all()).filter(
        published_at__gte=start, published_at__lte=end)
    filings = m.Filing.objects.filter(document=OuterRef("pk"))
    first_on_time = m.Filing.objects.filter(document=OuterRef("pk"), is_late=False)
    reviewed_statuses = ("conforming", "correction", "corrected", "revoked")
    return FilingRates(
        published=docs.count(),
        filed=docs.filter(Exists(filings)).count(),
        filed_on_time=docs.filter(Exists(first_on_time)).exclude(
            Exists(m.Filing.objects.filter(document=OuterRef("pk"), is_late=True))).count(),
        reviewed=docs.filter(Exists(filings.filter(status__in=reviewed_statuses))).count(),
        conforming=docs.filter(Exists(filings.filter(status="conforming"))).count(),
        corrections=docs.filter(Exists(filings.filter(status__in=("correction", "corrected",
                                                                  "revoked")))).count(),
        corrected=docs.filter(Exists(filings.filter(status="corrected"))).count(),
    )


def published_campaigns() -> QuerySet[m.CleanupCampaign]:
    return m.CleanupCampaign.objects.filter(published_on__isnull=False).select_related("agency")
