"""Indicators of litigation response for the annual report (issue 14 part 7): cases, the
lost-case rate, the corrected rate and the head-in-court rate, over the cases (the default
record kind: the drill-down goes through the case visibility filter).

Definitions: a case is concluded in the year its judgment took effect or the suit was
withdrawn (`concluded_on`); it is lost when the act was revoked, found illegal or void,
the duty ordered performed, or the act changed (第七十条、第七十二条至第七十五条、第七十七条);
corrected when lost, or withdrawn after the agency changed its act (第六十二条). The
head-in-court rate counts the cases first heard in the year at whose hearings the head
appeared at least once (第三条第三款)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.cases.models import Case
from fazhi.core.indicators import IndicatorValue, count, indicator, rate
from fazhi.litigation.limits import LAW
from fazhi.org.models import Agency

SECTION = 1


def _cases() -> QuerySet:
    return Case.objects.filter(procedure="litigation")


def concluded(year: int) -> QuerySet:
    return _cases().filter(litigation__concluded_on__year=year)


@indicator(code="litigation.cases", name="行政应诉案件（收到起诉状副本）", unit="件",
           basis=f"{LAW}第六十七条", section=SECTION)
def cases(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_cases().filter(received_on__year=year), scope)


@indicator(code="litigation.lost_rate", name="行政诉讼败诉率", unit="%",
           basis=f"{LAW}第七十条、第七十二条至第七十五条、第七十七条", section=SECTION)
def lost_rate(year: int, scope: Agency | None) -> IndicatorValue:
    return rate(concluded(year), Q(litigation__lost=True), scope)


@indicator(code="litigation.corrected_rate", name="行政诉讼纠错率（败诉及改变行为后撤诉）",
           unit="%", basis=f"{LAW}第六十二条、第七十条", section=SECTION)
def corrected_rate(year: int, scope: Agency | None) -> IndicatorValue:
    return rate(concluded(year), Q(litigation__corrected=True), scope)


@indicator(code="litigation.head_in_court_rate", name="行政机关负责人出庭应诉率", unit="%",
           basis=f"{LAW}第三条第三款", section=SECTION)
def head_in_court_rate(year: int, scope: Agency | None) -> IndicatorValue:
    heard = _cases().filter(litigation__first_hearing_on__year=year)
    return rate(heard, Q(litigation__head_appeared=True), scope)
