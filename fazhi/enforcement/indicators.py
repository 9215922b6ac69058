"""Indicators of the penalty procedure for the annual report (issue 13 part 9), over its
cases (the default record kind: drill-down through the case visibility filter)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fazhi.cases.models import Case, Clock
from fazhi.core.indicators import IndicatorValue, count, indicator, rate
from fazhi.org.models import Agency

LAW = "《行政处罚法》"
SYSTEMS = "国办发〔2018〕118号"
SECTION = 1


def _penalty() -> QuerySet:
    return Case.objects.filter(procedure="penalty")


@indicator(code="enforcement.closed_by_outcome", name="办结的行政处罚案件（按结果）", unit="件",
           basis=f"{LAW}第五十七条", section=SECTION)
def closed_by_outcome(year: int, scope: Agency | None) -> IndicatorValue:
    from fazhi.cases import procedure as registry

    value = count(_penalty().filter(is_open=False, closed_at__year=year), scope)
    labels = registry.get("penalty").outcomes
    rows = value.records.order_by().values("outcome").annotate(n=Count("pk")).order_by("outcome")
    value.breakdown = {labels.get(r["outcome"], r["outcome"] or "未记录"): r["n"] for r in rows}
    return value


@indicator(code="enforcement.review_coverage", name="作出处罚决定前经法制审核的比例", unit="%",
           basis=f"{LAW}第五十八条；{SYSTEMS}", section=SECTION)
def review_coverage(year: int, scope: Agency | None) -> IndicatorValue:
    decided = _penalty().filter(penalty__decided_on__year=year)
    return rate(decided, Q(penalty__review_outcome__in=["pass", "pass_with_changes"]), scope)


def _clock(code: str, **filters) -> Exists:
    return Exists(Clock.objects.filter(case=OuterRef("pk"), code__in=code.split(","), **filters))


PUBLICITY = "enforcement.publicity,enforcement.publicity_samr"


@indicator(code="enforcement.publicity_on_time", name="行政处罚决定按时公示率", unit="%",
           basis=f"{SYSTEMS}；{LAW}第四十八条", section=SECTION)
def publicity_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    finished = _clock(PUBLICITY, state__in=[Clock.MET, Clock.MISSED], finished_on__year=year)
    return rate(_penalty().filter(finished), Q(_clock(PUBLICITY, state=Clock.MET)), scope)


@indicator(code="enforcement.benchmark_deviations", name="偏离裁量基准作出的处罚决定", unit="件",
           basis=f"{LAW}第三十四条；国办发〔2022〕27号", section=SECTION)
def benchmark_deviations(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_penalty().filter(penalty__decided_on__year=year).exclude(penalty__deviation=""),
                 scope)


@indicator(code="enforcement.surcharged", name="加处罚款的案件", unit="件",
           basis=f"{LAW}第七十二条", section=SECTION)
def surcharged(year: int, scope: Agency | None) -> IndicatorValue:
    """Paid in the year after the payment period (a surcharge was owed)."""
    late = _clock("enforcement.payment", state=Clock.MISSED)
    return count(_penalty().filter(penalty__paid_on__year=year).filter(late), scope)


@indicator(code="enforcement.court_applications", name="申请人民法院强制执行的案件", unit="件",
           basis="《行政强制法》第五十三条", section=SECTION)
def court_applications(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_penalty().filter(penalty__court_applied_on__year=year), scope)


# -- the simple (on-the-spot) procedure ----------------------------------------------------
def _simple() -> QuerySet:
    return Case.objects.filter(procedure="simple_penalty")


@indicator(code="enforcement.simple_cases", name="当场作出的行政处罚决定", unit="件",
           basis=f"{LAW}第五十一条、第五十二条", section=SECTION)
def simple_cases(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_simple().filter(simple_penalty__decided_on__year=year), scope)


@indicator(code="enforcement.simple_collections", name="当场收缴罚款的案件", unit="件",
           basis=f"{LAW}第六十八条、第六十九条", section=SECTION)
def simple_collections(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_simple().filter(simple_penalty__collected_on__year=year), scope)


CASH = "enforcement.simple_cash_handover"


@indicator(code="enforcement.simple_cash_on_time", name="当场收缴罚款按时交至行政机关的比例", unit="%",
           basis=f"{LAW}第七十一条", section=SECTION)
def simple_cash_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    finished = _clock(CASH, state__in=[Clock.MET, Clock.MISSED], finished_on__year=year)
    return rate(_simple().filter(finished), Q(_clock(CASH, state=Clock.MET)), scope)
@indicator(code="enforcement.av_complete", name="须音像记录的环节均有音像记录的案件比例", unit="%",
           basis=f"{LAW}第四十七条；{SYSTEMS}（执法全过程记录制度）", section=SECTION)
def av_complete(year: int, scope: Agency | None) -> IndicatorValue:
    """Cases opened in the year that took a step an agency's audio/video list may name
    (on-site inspection, evidence preservation, seizure): the share with a record for every
    one of them. The engine refuses such a step without its record; cases from before the
    rule are the gaps."""
    from datetime import date

    from fazhi.core.models import Event
    from fazhi.enforcement import records

    took = Exists(Event.objects.filter(kind="case", owner_id=OuterRef("pk"),
                                       action__in=records.STEP_ACTIONS))
    cases = _penalty().filter(penalty__opened_on__year=year).filter(took)
    found = dict(cases.values_list("pk", "agency_id"))
    complete = records.complete_ids(found, date(year, 12, 31))
    return rate(cases, Q(pk__in=sorted(complete)), scope)
