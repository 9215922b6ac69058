"""Indicator registry: named queries over operational data, each drillable to its records.

Adding one is a few lines:

    @indicator(code="disclosure.on_time_rate", name="依申请公开按时答复率", unit="%",
               period="year", basis="《政府信息公开条例》第三十三条", section=1)
    def on_time(year: int, scope: Agency | None) -> IndicatorValue:
        return rate(cases..., met_q, scope)

`count(records, scope)` and `rate(records, numerator_q, scope)` compute the value with ONE
aggregate query and keep the record queryset (the denominator set) for drill-down, hashing
and the by-agency dashboard. Indicators of an app that is not installed, or whose fields are
not there yet, report `unavailable()` with a reason instead of failing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from fazhi.cases.models import Case, Clock
from fazhi.org.models import Agency


@dataclass
class IndicatorValue:
    value: float | None
    numerator: int | None
    denominator: int | None
    records: QuerySet
    numerator_q: Q | None = None  # which records count in the numerator (rates)
    agency_field: str = "agency"  # path from a record to its agency, for grouping
    breakdown: dict[str, int] = field(default_factory=dict)

    def record_keys(self) -> list[str]:
        """Sorted primary keys of the record set, as text (one query)."""
        return sorted(str(pk) for pk in self.records.order_by().values_list("pk", flat=True))

    def record_hash(self, keys: list[str] | None = None) -> str:
        keys = self.record_keys() if keys is None else keys
        return hashlib.sha256("\n".join(keys).encode()).hexdigest()


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    period: str
    basis: str
    section: int
    fn: Callable[[int, Agency | None], IndicatorValue]
    requires: tuple[str, ...] = ()  # "app_label.Model" or "app_label.Model.field"
    record_kind: str = "case"  # how drill-down pages show a record
    public_filter: Callable[[QuerySet], QuerySet] | None = None

    def missing(self) -> str | None:
        """Why this indicator cannot be computed here, or None."""
        for need in self.requires:
            label, model_name, *fields = need.split(".")
            if not apps.is_installed(f"fazhi.{label}"):
                return f"模块“{label}”未安装"
            try:
                model = apps.get_model(label, model_name)
                for name in fields:
                    model._meta.get_field(name)
            except LookupError:
                return f"模块“{label}”尚无数据表“{model_name}”"
            except FieldDoesNotExist:
                return f"“{model_name}”尚无字段“{fields[-1]}”"
        return None

    def compute(self, year: int, scope: Agency | None = None) -> IndicatorValue:
        return self.fn(year, scope)


REGISTRY: dict[str, Indicator] = {}


def indicator(*, code: str, name: str, unit: str, period: str = "year", basis: str = "",
              section: int = 1, requires: tuple[str, ...] = (), record_kind: str = "case",
              public_filter: Callable[[QuerySet], QuerySet] | None = None
              ) -> Callable[[Callable], Callable]:
    def wrap(fn: Callable[[int, Agency | None], IndicatorValue]) -> Callable:
        REGISTRY[code] = Indicator(code, name, unit, period, basis, section, fn, requires,
                                   record_kind, public_filter)
        return fn
    return wrap


def get(code: str) -> Indicator | None:
    return REGISTRY.get(code)


def available() -> list[Indicator]:
    return [ind for ind in REGISTRY.values() if ind.missing() is None]


def unavailable() -> list[tuple[Indicator, str]]:
    return [(ind, why) for ind in REGISTRY.values() if (why := ind.missing())]


# -- helpers: one aggregate query each ------------------------------------------------------


def _scoped(records: QuerySet, scope: Agency | None, agency_field: str) -> QuerySet:
    return records if scope is None else records.filter(**{f"{agency_field}_id": scope.pk})


def count(records: QuerySet, scope: Agency | None, agency_field: str = "agency") -> IndicatorValue:
    records = _scoped(records, scope, agency_field)
    n = records.count()
    return IndicatorValue(n, None, None, records, agency_field=agency_field)


def rate(records: QuerySet, numerator_q: Q, scope: Agency | None,
         agency_field: str = "agency") -> IndicatorValue:
    """Percentage of records matching numerator_q; None when there are no records."""
    records = _scoped(records, scope, agency_field)
    got = records.aggregate(d=Count("pk"), n=Count("pk", filter=numerator_q))
    value = round(100 * got["n"] / got["d"], 2) if got["d"] else None
    return IndicatorValue(value, got["n"], got["d"], records, numerator_q, agency_field)


def by_agency(value: IndicatorValue) -> dict[int, tuple[float | None, int, int | None]]:
    """{agency_id: (value, denominator or count, numerator)} in one grouped query."""
    path = f"{value.agency_field}_id"
    rows = value.records.order_by().values(path)
    if value.numerator_q is None:
        return {r[path]: (r["d"], r["d"], None) for r in rows.annotate(d=Count("pk"))}
    out = {}
    for r in rows.annotate(d=Count("pk"), n=Count("pk", filter=value.numerator_q)):
        out[r[path]] = (round(100 * r["n"] / r["d"], 2) if r["d"] else None, r["d"], r["n"])
    return out


def as_of(year: int) -> date:
    """End of the year, or today while the year is running."""
    return min(date(year, 12, 31), timezone.localdate())


# -- disclosure (依申请公开) ------------------------------------------------------------------

OGI = "《政府信息公开条例》"


def _disclosure() -> QuerySet:
    return Case.objects.filter(procedure="disclosure")


@indicator(code="disclosure.requests", name="新收政府信息公开申请", unit="件",
           basis=f"{OGI}第五十条", section=1)
def disclosure_requests(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_disclosure().filter(received_on__year=year), scope)


@indicator(code="disclosure.closed_by_outcome", name="办结的政府信息公开申请（按结果）",
           unit="件", basis=f"{OGI}第三十六条", section=1)
def disclosure_closed(year: int, scope: Agency | None) -> IndicatorValue:
    from fazhi.cases import procedure as registry

    # Closed in the year as in fazhi/disclosure/stats.py: a reply on its service date
    # (国办公开办函〔2016〕235号), a lapse or withdrawal on the day it was closed.
    closed = Q(disclosure__served_on__year=year) | Q(disclosure__served_on__isnull=True,
                                                     closed_at__year=year)
    value = count(_disclosure().filter(closed, is_open=False), scope)
    labels = registry.get("disclosure").outcomes
    rows = value.records.order_by().values("outcome").annotate(n=Count("pk"))
    value.breakdown = {labels.get(r["outcome"], r["outcome"] or "未记录"): r["n"]
                       for r in rows.order_by("outcome")}
    return value


def _reply_clock(**filters) -> Exists:
    return Exists(Clock.objects.filter(case=OuterRef("pk"), code="disclosure.reply", **filters))


@indicator(code="disclosure.on_time_rate", name="依申请公开按时答复率", unit="%",
           basis=f"{OGI}第三十三条", section=1)
def disclosure_on_time(year: int, scope: Agency | None) -> IndicatorValue:
    """Replies whose statutory clock finished in the year: met ÷ (met + missed)."""
    finished = _reply_clock(state__in=[Clock.MET, Clock.MISSED], finished_on__year=year)
    return rate(_disclosure().filter(finished), Q(_reply_clock(state=Clock.MET)), scope)


@indicator(code="disclosure.extensions", name="延期答复的政府信息公开申请", unit="件",
           basis=f"{OGI}第三十三条第二款", section=1)
def disclosure_extensions(year: int, scope: Agency | None) -> IndicatorValue:
    return count(_disclosure().filter(received_on__year=year).filter(_reply_clock(extended=True)),
                 scope)


@indicator(code="disclosure.overdue_open", name="逾期未办结的政府信息公开申请", unit="件",
           basis=f"{OGI}第三十三条", section=2)
def disclosure_overdue(year: int, scope: Agency | None) -> IndicatorValue:
    """Open now and past due at the end of the year (or today): a stock, not a flow; a
    closed case keeps no due date, so the figure for a past year is frozen by publication."""
    day = as_of(year)
    return count(_disclosure().filter(is_open=True, received_on__lte=day, due_on__lt=day), scope)


# -- normative documents (行政规范性文件), if that module has landed ---------------------------
# The same definitions as fazhi.normative.queries.filing_rates (the normative oversight page):
# every rate is over documents published in the year, a document counting once whatever
# number of filings (a returned filing is followed by a new one). Imports are lazy: the
# functions run only when `requires` found the module.

# 115号 is a guiding opinion in parts and items, not articles: 一(二) sets the goal that every
# normative document is reviewed. The filing rates are indicator #27 of the 2021 system;
# 115号 says nothing of filing.
NORMATIVE_REVIEW_BASIS = "国办发〔2018〕115号 一(二)"
NORMATIVE_BASIS = "市县法治政府建设示范指标体系（2021年版）第27项"
NORMATIVE_DOC = "normative.NormativeDocument.published_at"
REVIEWED_FILING = ("conforming", "correction", "corrected", "revoked")  # 备案审查已作出结论
CORRECTION_FILING = ("correction", "corrected", "revoked")  # 要求纠正（含纠正、撤销）


def _published_docs(year: int) -> QuerySet:
    model = apps.get_model("normative", "NormativeDocument")
    return model.objects.filter(published_at__year=year)


def _has_filing(**filters) -> Exists:
    filing = apps.get_model("normative", "Filing")
    return Exists(filing.objects.filter(document=OuterRef("pk"), **filters))


@indicator(code="normative.review_coverage", name="行政规范性文件合法性审核率", unit="%",
           basis=NORMATIVE_REVIEW_BASIS, section=1, record_kind="normative",
           requires=(NORMATIVE_DOC, "normative.LegalityReview.completed_on",
                     "normative.LegalityReview.outcome"))
def normative_review(year: int, scope: Agency | None) -> IndicatorValue:
    from fazhi.normative import models as nm

    reviewed = Exists(nm.LegalityReview.objects.filter(
        document=OuterRef("pk"), completed_on__isnull=False,
        outcome__in=[nm.PASS, nm.PASS_WITH_CHANGES]))
    return rate(_published_docs(year), Q(reviewed), scope, agency_field="issuer")


@indicator(code="normative.filing_rate", name="行政规范性文件报备率", unit="%",
           basis=NORMATIVE_BASIS, section=1, record_kind="normative",
           requires=(NORMATIVE_DOC, "normative.Filing.filed_on"))
def normative_filing_rate(year: int, scope: Agency | None) -> IndicatorValue:
    return rate(_published_docs(year), Q(_has_filing()), scope, agency_field="issuer")


@indicator(code="normative.filing_timeliness", name="行政规范性文件报备及时率", unit="%",
           basis=NORMATIVE_BASIS, section=1, record_kind="normative",
           requires=(NORMATIVE_DOC, "normative.Filing.is_late"))
def normative_filing_timely(year: int, scope: Agency | None) -> IndicatorValue:
    """Filed within the limit, never late (a late re-filing after a return counts late),
    over all documents published in the year: an unfiled document is not on time."""
    on_time = Q(_has_filing(is_late=False)) & ~Q(_has_filing(is_late=True))
    return rate(_published_docs(year), on_time, scope, agency_field="issuer")


@indicator(code="normative.filing_conformity", name="行政规范性文件备案审查规范率", unit="%",
           basis=NORMATIVE_BASIS, section=1, record_kind="normative",
           requires=(NORMATIVE_DOC, "normative.Filing.status"))
def normative_filing_conform(year: int, scope: Agency | None) -> IndicatorValue:
    """Found conforming (审查通过) over documents whose filing review has concluded."""
    reviewed = _published_docs(year).filter(_has_filing(status__in=REVIEWED_FILING))
    return rate(reviewed, Q(_has_filing(status="conforming")), scope, agency_field="issuer")


@indicator(code="normative.correction_rate", name="行政规范性文件备案审查纠错落实率", unit="%",
           basis=NORMATIVE_BASIS, section=1, record_kind="normative",
           requires=(NORMATIVE_DOC, "normative.Filing.status"))
def normative_corrections(year: int, scope: Agency | None) -> IndicatorValue:
    """Corrections carried out over corrections demanded (incl. documents then revoked)."""
    demanded = _published_docs(year).filter(_has_filing(status__in=CORRECTION_FILING))
    return rate(demanded, Q(_has_filing(status="corrected")), scope, agency_field="issuer")


# -- double-random inspections (双随机、一公开), if that module has landed ----------------------

INSPECTION_BASIS = "国发〔2019〕5号"
# The 20-working-day publication of inspection conclusions: 国办发〔2018〕118号 二(六) (after
# an enforcement decision, publish body, object, category and conclusion within 20 WD).
INSPECTION_PUBLICATION_BASIS = "国办发〔2018〕118号 二(六)（检查结论20个工作日内公示）"


@indicator(code="inspections.coverage", name="双随机抽查对象检查完成率", unit="%",
           basis=INSPECTION_BASIS, section=1, record_kind="inspection_target",
           requires=("inspections.Plan.plan_date", "inspections.Target.plan",
                     "inspections.InspectionRecord.target"))
def inspection_coverage(year: int, scope: Agency | None) -> IndicatorValue:
    """Selected entities of plans dated in the year that have an inspection result, by the
    plan's lead agency (a joint plan counts once, for the agency that launched it)."""
    target = apps.get_model("inspections", "Target")
    return rate(target.objects.filter(plan__plan_date__year=year), Q(record__isnull=False),
                scope, agency_field="plan__lead_agency")


@indicator(code="inspections.publication_timeliness", name="双随机抽查结果按时公示率",
           unit="%", basis=INSPECTION_PUBLICATION_BASIS, section=1,
           record_kind="inspection_record",
           requires=("inspections.InspectionRecord.publish_due",
                     "inspections.InspectionRecord.published_on",
                     "inspections.InspectionRecord.published_late"))
def inspection_publication(year: int, scope: Agency | None) -> IndicatorValue:
    """Results whose publication fell due in the year, once settled (published, or past the
    limit today): published by the limit ÷ all of them. One not yet due and not yet
    published is still running and not counted."""
    record = apps.get_model("inspections", "InspectionRecord")
    settled = Q(published_on__isnull=False) | Q(publish_due__lt=timezone.localdate())
    return rate(record.objects.filter(Q(publish_due__year=year) & settled),
                Q(published_on__isnull=False, published_late=False), scope,
                agency_field="target__plan__lead_agency")


# -- notarised lotteries (公证摇号), if that module has landed --------------------------------

LOTTERY_BASIS = "本市公证摇号规则"


@indicator(code="lottery.draws", name="公证摇号次数", unit="次", basis=LOTTERY_BASIS,
           section=1, record_kind="lottery", requires=("lottery.Lottery.drawn_at",))
def lottery_draws(year: int, scope: Agency | None) -> IndicatorValue:
    model = apps.get_model("lottery", "Lottery")
    return count(model.objects.filter(drawn_at__year=year), scope)


@indicator(code="lottery.published_verifiable", name="公证摇号结果公布且可独立验证率",
           unit="%", basis=LOTTERY_BASIS, section=1, record_kind="lottery",
           requires=("lottery.Lottery.drawn_at", "lottery.Lottery.published_at",
                     "lottery.Lottery.result_json", "lottery.Lottery.notary_reveal"))
def lottery_verifiable(year: int, scope: Agency | None) -> IndicatorValue:
    """Draws run in the year whose result is published with everything the stand-alone
    verifier needs (frozen pool, spec, r_N, result): a draw voided afterwards is not."""
    model = apps.get_model("lottery", "Lottery")
    bundle = Q(state=model.PUBLISHED, published_at__isnull=False)
    for name in ("spec_json", "pool_file", "notary_commitment", "notary_reveal", "result_json"):
        bundle &= ~Q(**{name: ""})
    return rate(model.objects.filter(drawn_at__year=year), bundle, scope)
