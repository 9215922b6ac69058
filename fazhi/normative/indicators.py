"""Indicators of normative documents (行政规范性文件): legality review coverage and the
filing rates, with the same definitions as the oversight page (`queries.filing_rates`):
every rate is over documents published in the year. Their records are documents, shown to
staff through the app's own visibility filter (`queries.for_staff`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from fazhi.core.indicators import IndicatorValue, RecordKind, indicator, public_rows_of, rate
from fazhi.normative import models as m
from fazhi.normative import queries
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

# 115号 is a guiding opinion in parts and items, not articles: 一(二) sets the goal that every
# normative document is reviewed. The filing rates are indicator #27 of the 2021 system;
# 115号 says nothing of filing.
REVIEW_BASIS = "国办发〔2018〕115号 一(二)"
FILING_BASIS = "市县法治政府建设示范指标体系（2021年版）第27项"


def _visible(records: QuerySet, actor: Actor) -> QuerySet:
    return records.filter(pk__in=queries.for_staff(actor).values("pk"))


def _row(doc: m.NormativeDocument) -> dict[str, Any]:
    return {"label": str(doc), "agency": doc.issuer.name, "date": doc.published_at,
            "state": doc.status_label, "url": reverse("workspace:case", args=[doc.case_id])}


DOCUMENTS = RecordKind(visible=_visible, row=_row, related=("issuer",),
                       public_rows=public_rows_of(str, lambda doc: doc.issuer.name, ("issuer",)))


def _published(year: int) -> QuerySet[m.NormativeDocument]:
    return m.NormativeDocument.objects.filter(published_at__year=year)


def _rate(records: QuerySet, numerator, scope: Agency | None) -> IndicatorValue:
    return rate(records, numerator, scope, agency_field="issuer")


@indicator(code="normative.review_coverage", name="行政规范性文件合法性审核率", unit="%",
           basis=REVIEW_BASIS, section=1, records=DOCUMENTS)
def review_coverage(year: int, scope: Agency | None) -> IndicatorValue:
    return _rate(_published(year), queries.legality_reviewed_q(), scope)


@indicator(code="normative.filing_rate", name="行政规范性文件报备率", unit="%",
           basis=FILING_BASIS, section=1, records=DOCUMENTS)
def filing_rate(year: int, scope: Agency | None) -> IndicatorValue:
    return _rate(_published(year), queries.filed_q(), scope)


@indicator(code="normative.filing_timeliness", name="行政规范性文件报备及时率", unit="%",
           basis=FILING_BASIS, section=1, records=DOCUMENTS)
def filing_timeliness(year: int, scope: Agency | None) -> IndicatorValue:
    """Filed within the limit, never late, over all documents published in the year."""
    return _rate(_published(year), queries.filed_on_time_q(), scope)


@indicator(code="normative.filing_conformity", name="行政规范性文件备案审查规范率", unit="%",
           basis=FILING_BASIS, section=1, records=DOCUMENTS)
def filing_conformity(year: int, scope: Agency | None) -> IndicatorValue:
    """Found conforming (审查通过) over documents whose filing review has concluded."""
    return _rate(_published(year).filter(queries.filing_reviewed_q()),
                 queries.filing_conforming_q(), scope)


@indicator(code="normative.correction_rate", name="行政规范性文件备案审查纠错落实率", unit="%",
           basis=FILING_BASIS, section=1, records=DOCUMENTS)
def correction_rate(year: int, scope: Agency | None) -> IndicatorValue:
    """Corrections carried out over corrections demanded (incl. documents then revoked)."""
    return _rate(_published(year).filter(queries.correction_demanded_q()),
                 queries.corrected_q(), scope)
