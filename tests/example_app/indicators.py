from django.db.models import Q

from fazhi.cases.models import Case
from fazhi.core.indicators import IndicatorValue, indicator, rate
from fazhi.org.models import Agency


@indicator(code="example_app.finished_rate", name="示例事项办结率", unit="%", section=1,
           basis="示例依据")
def finished_rate(year: int, scope: Agency | None) -> IndicatorValue:
    return rate(Case.objects.filter(procedure="example", received_on__year=year),
                Q(is_open=False), scope)
