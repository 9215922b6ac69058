"""The discretion interface for the penalty procedure, and the commands on benchmarks.

`assess`, `deviation` and `exemption` are what other apps call (BRIEF: the enforcement
procedure records the assessment in its decision). Only published benchmarks and lists
apply (《行政处罚法》第三十四条: benchmarks must be published), the version in force on the
date asked for, so an old case keeps the version of its date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db import transaction

from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.discretion.models import (
    DRAFT,
    FIRST_OFFENCE,
    MINOR,
    PUBLISHED,
    Benchmark,
    ExemptionEntry,
    ExemptionList,
    Tier,
)
from fazhi.law import discretion as kernel
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


@dataclass(frozen=True)
class Assessment:
    benchmark_id: int
    version: str
    tier_code: str
    tier_label: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    kinds: tuple[str, ...]
    conditions: tuple[str, ...]  # the Chinese conditions that decided the tier
    violation_name: str = ""
    basis: str = ""

    @property
    def kind_labels(self) -> tuple[str, ...]:
        return tuple(kernel.KINDS.get(k, k) for k in self.kinds)

    @property
    def summary(self) -> str:
        """One line for a decision or a review: version, tier, conditions, range."""
        penalty = "、".join(self.kind_labels) or "不予处罚"
        fine = kernel.fine_text(kernel.Result(_tier_of(self), self.fine_min, self.fine_max, ()))
        return (f"裁量基准{self.version}版“{self.tier_label}”档（{'、'.join(self.conditions) or '任何情形'}）："
                f"{penalty}{'，罚款' + fine if 'fine' in self.kinds else ''}")


@dataclass(frozen=True)
class Exemption:
    kind: str  # "no_penalty" | "first_offence" | "minor"
    basis: str  # e.g. 《行政处罚法》第三十三条第一款
    list_version: str  # the list applied; "" for the statutory cases (Arts. 30, 31)
    mandatory: bool = True  # first_offence is discretionary ("may")
    reason: str = ""


def in_force(agency: Agency | int, violation_code: str, on: date) -> Benchmark | None:
    """The published benchmark version in force on `on`."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (Benchmark.objects.filter(agency_id=agency_id, violation_code=violation_code,
                                     status=PUBLISHED, effective_from__lte=on)
            .order_by("-effective_from", "-pk").first())


def _compiled(benchmark: Benchmark) -> kernel.Compiled:
    """Published benchmarks never change, so their compiled form is cached; the creation
    time is in the key so that a reused id (a rolled-back test database) is not mistaken."""
    return _compile(benchmark.pk, benchmark.created_at.isoformat())


@lru_cache(maxsize=4096)
def _compile(benchmark_id: int, created: str) -> kernel.Compiled:
    return kernel.compile_benchmark(Benchmark.objects.get(pk=benchmark_id).to_kernel())


def assess(agency: Agency, violation_code: str, facts: Mapping[str, object], *,
           on: date) -> Assessment | None:
    """The tier the facts fall in under the benchmark in force on `on`; None when the agency
    has no published benchmark for the violation. A fact the benchmark needs and the case
    has not recorded is refused (422) with its Chinese name."""
    benchmark = in_force(agency, violation_code, on)
    if benchmark is None:
        return None
    try:
        result = _compiled(benchmark).evaluate(facts)
    except kernel.MissingFact as exc:
        raise InvalidData(exc.message, field=exc.key) from None
    except (ValueError, ArithmeticError):
        raise InvalidData("案件事实的数值无法识别") from None
    tier = result.tier
    return Assessment(benchmark.pk, benchmark.version, tier.code, tier.label, result.fine_min,
                      result.fine_max, tier.kinds, result.conditions,
                      benchmark.violation_name, benchmark.basis)


def _tier_of(a: Assessment) -> kernel.Tier:
    return kernel.Tier(a.tier_code, a.tier_label, kinds=a.kinds)


def deviation(assessment: Assessment, proposed_fine: Decimal | None,
              kinds: Sequence[str]) -> str | None:
    """How a proposed penalty departs from the assessed tier (Chinese), or None. A departure
    needs written reasons and is flagged to the legal reviewer (the penalty procedure)."""
    result = kernel.Result(_tier_of(assessment), assessment.fine_min, assessment.fine_max,
                           assessment.conditions)
    return kernel.deviation(result, proposed_fine, kinds)


def list_in_force(agency: Agency | int, kind: str, on: date) -> ExemptionList | None:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (ExemptionList.objects.filter(agency_id=agency_id, kind=kind, status=PUBLISHED,
                                         effective_from__lte=on)
            .order_by("-effective_from", "-pk").first())


def _entry(lst: ExemptionList | None, violation_code: str) -> ExemptionEntry | None:
    return None if lst is None else lst.entries.filter(violation_code=violation_code).first()


def exemption(agency: Agency, violation_code: str, facts: Mapping[str, object], *,
              on: date) -> Exemption | None:
    """Whether the facts meet a no-penalty rule: Arts. 30, 31, 33(1) of 《行政处罚法》 and the
    agency's published 轻微违法不予处罚 and 首违不罚 lists in force on `on`."""
    minor_list = list_in_force(agency, MINOR, on)
    first_list = list_in_force(agency, FIRST_OFFENCE, on)
    minor, first = _entry(minor_list, violation_code), _entry(first_list, violation_code)
    found = kernel.exemption(facts, minor_entry=minor and minor.to_kernel(),
                             first_entry=first and first.to_kernel())
    if found is None:
        return None
    used = {"minor": minor_list, "first_offence": first_list}.get(found.kind)
    basis = found.basis
    if used is not None:
        basis = f"{basis}；{used.agency.name}《{used.title}》"
    return Exemption(found.kind, basis, used.version if used else "", found.mandatory, found.reason)


# -- commands --------------------------------------------------------------------------


def save_benchmarks(agency: Agency, benchmarks: Sequence[tuple[kernel.Benchmark, str, str]], *,
                    version: str, effective_from: date, actor: Actor,
                    source: str = "") -> list[Benchmark]:
    """Store validated benchmarks as drafts: (kernel benchmark, violation name, basis) each.
    Every one is validated again here, so no caller can store an overlapping benchmark."""
    for b, _, _ in benchmarks:
        kernel.validate(b)
    existing = set(Benchmark.objects.filter(
        agency=agency, version=version,
        violation_code__in=[b.violation_code for b, _, _ in benchmarks])
        .values_list("violation_code", flat=True))
    if existing:
        raise NotAllowed(f"版本“{version}”中已有违法行为“{sorted(existing)[0]}”的裁量基准")
    out = []
    with transaction.atomic():
        for b, name, basis in benchmarks:
            row = Benchmark.objects.create(agency=agency, violation_code=b.violation_code,
                                           violation_name=name, basis=basis, version=version,
                                           effective_from=effective_from, imported_by=actor.label,
                                           source=source)
            Tier.objects.bulk_create(Tier.from_kernel(row, i, t) for i, t in enumerate(b.tiers))
            out.append(row)
    return out


def publish(benchmark: Benchmark, actor: Actor, *, on: date) -> Benchmark:
    """Publish a draft (《行政处罚法》第三十四条); it then applies from its effective date and
    supersedes the earlier version. Two published versions may not start the same day."""
    with transaction.atomic():
        b = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
        if b.status != DRAFT:
            raise NotAllowed("该裁量基准已公布，不能重复公布")
        clash = Benchmark.objects.filter(agency_id=b.agency_id, violation_code=b.violation_code,
                                         status=PUBLISHED, effective_from=b.effective_from)
        if clash.exists():
            raise NotAllowed(f"违法行为“{b.violation_code}”已有自{b.effective_from}起施行的已公布版本")
        b.status, b.published_on = PUBLISHED, on
        b.save(update_fields=["status", "published_on"])
    return b


def save_list(agency: Agency, kind: str, *, title: str, version: str, effective_from: date,
              entries: Sequence[Mapping[str, object]]) -> ExemptionList:
    """A draft 首违不罚 / 轻微违法不予处罚 list; entries: violation_code, violation_name,
    conditions, basis, max_amount_involved, max_illegal_income."""
    if kind not in (FIRST_OFFENCE, MINOR):
        raise InvalidData("清单类型只能是首违不罚清单或轻微违法不予处罚清单")
    codes = [e["violation_code"] for e in entries]
    if len(set(codes)) != len(codes):
        raise InvalidData("清单中违法行为编码重复")
    if ExemptionList.objects.filter(agency=agency, kind=kind, version=version).exists():
        raise NotAllowed(f"已有版本“{version}”的清单")
    with transaction.atomic():
        lst = ExemptionList.objects.create(agency=agency, kind=kind, title=title, version=version,
                                           effective_from=effective_from)
        ExemptionEntry.objects.bulk_create(
            ExemptionEntry(exemption_list=lst, position=i, **dict(e)) for i, e in enumerate(entries))
    return lst


def publish_list(lst: ExemptionList, actor: Actor, *, on: date) -> ExemptionList:
    with transaction.atomic():
        current = ExemptionList.objects.select_for_update().get(pk=lst.pk)
        if current.status != DRAFT:
            raise NotAllowed("该清单已公布，不能重复公布")
        current.status, current.published_on = PUBLISHED, on
        current.save(update_fields=["status", "published_on"])
    return current
