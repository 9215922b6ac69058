"""The citizen view's indicator for the annual report: how parties rated the handling of
their closed matters (the generic rating; petitions count theirs in petitions.satisfaction)."""

from __future__ import annotations

from django.db.models import Q

from fazhi.cases.models import Case
from fazhi.citizens.models import Rating
from fazhi.core.indicators import IndicatorValue, indicator, rate
from fazhi.org.models import Agency

BASIS = "《国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见》（国办发〔2019〕51号）"


@indicator(code="citizens.satisfaction", name="办结事项当事人满意率（满意、基本满意）", unit="%",
           basis=BASIS, section=1)
def satisfaction(year: int, scope: Agency | None) -> IndicatorValue:
    rated = Case.objects.filter(rating__rated_at__year=year)
    return rate(rated, Q(rating__score__in=[Rating.SATISFIED, Rating.BASIC]), scope)
