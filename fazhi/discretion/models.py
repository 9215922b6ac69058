"""Versioned discretion benchmarks and exemption lists per agency and violation code.

A published benchmark is immutable: a change is a new version that supersedes the old one
from its effective date, and a case assessed on an earlier date keeps the old version
(`services.assess(on=…)`)."""

from decimal import Decimal

from django.db import models

from fazhi.law import discretion as kernel
from fazhi.org.models import Agency

DRAFT, PUBLISHED = "draft", "published"
STATUSES = [(DRAFT, "草稿"), (PUBLISHED, "已公布")]


class Benchmark(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="discretion_benchmarks",
                               verbose_name="制定机关")
    violation_code = models.CharField("违法行为编码", max_length=40)
    violation_name = models.CharField("违法行为", max_length=200)
    basis = models.CharField("处罚依据", max_length=300)
    version = models.CharField("版本", max_length=40)
    effective_from = models.DateField("施行日期")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=DRAFT)
    published_on = models.DateField("公布日期", null=True, blank=True)
    imported_by = models.CharField("导入人", max_length=80, blank=True)
    source = models.CharField("来源文件", max_length=200, blank=True)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "裁量基准"
        ordering = ["agency_id", "violation_code", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["agency", "violation_code", "version"],
                                               name="discretion_benchmark_version_unique")]
        indexes = [models.Index(fields=["agency", "violation_code", "status", "effective_from"],
                                name="discretion_bm_lookup")]

    def __str__(self) -> str:
        return f"{self.violation_code} {self.violation_name}（{self.version}）"

    def to_kernel(self) -> kernel.Benchmark:
        return kernel.Benchmark(self.violation_code, tuple(t.to_kernel() for t in self.tiers.all()),
                                self.version)


def _span(low: Decimal | None, high: Decimal | None) -> kernel.Span:
    return kernel.Span(low, high)


class Tier(models.Model):
    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="tiers")
    position = models.PositiveIntegerField("序号")
    code = models.CharField("档次编码", max_length=20)
    label = models.CharField("档次", max_length=40)
    amount_low = models.DecimalField("涉案金额下限", max_digits=16, decimal_places=2, null=True, blank=True)
    amount_high = models.DecimalField("涉案金额上限", max_digits=16, decimal_places=2, null=True, blank=True)
    income_low = models.DecimalField("违法所得下限", max_digits=16, decimal_places=2, null=True, blank=True)
    income_high = models.DecimalField("违法所得上限", max_digits=16, decimal_places=2, null=True, blank=True)
    duration_low = models.DecimalField("持续天数下限", max_digits=8, decimal_places=0, null=True, blank=True)
    duration_high = models.DecimalField("持续天数上限", max_digits=8, decimal_places=0, null=True, blank=True)
    harm = models.JSONField("危害后果", null=True, blank=True)
    first_offence = models.BooleanField("初次违法", null=True, blank=True)
    corrected = models.BooleanField("已改正", null=True, blank=True)
    cooperated = models.BooleanField("配合调查", null=True, blank=True)
    kinds = models.JSONField("处罚种类", default=list)
    fine_min = models.DecimalField("罚款下限（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField("罚款上限（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    multiple_min = models.DecimalField("违法所得倍数下限", max_digits=8, decimal_places=2, null=True, blank=True)
    multiple_max = models.DecimalField("违法所得倍数上限", max_digits=8, decimal_places=2, null=True, blank=True)
    row = models.PositiveIntegerField("来源行", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "裁量档次"
        ordering = ["benchmark_id", "position"]

    def __str__(self) -> str:
        return self.label

    def to_kernel(self) -> kernel.Tier:
        return kernel.Tier(
            code=self.code, label=self.label,
            amount_involved=_span(self.amount_low, self.amount_high),
            illegal_income=_span(self.income_low, self.income_high),
            duration_days=_span(self.duration_low, self.duration_high),
            harm=None if self.harm is None else frozenset(self.harm),
            first_offence=self.first_offence, corrected=self.corrected, cooperated=self.cooperated,
            kinds=tuple(self.kinds), fine_min=self.fine_min, fine_max=self.fine_max,
            multiple_min=self.multiple_min, multiple_max=self.multiple_max, row=self.row)

    @classmethod
    def from_kernel(cls, benchmark: Benchmark, position: int, t: kernel.Tier) -> "Tier":
        return cls(benchmark=benchmark, position=position, code=t.code, label=t.label,
                   amount_low=t.amount_involved.low, amount_high=t.amount_involved.high,
                   income_low=t.illegal_income.low, income_high=t.illegal_income.high,
                   duration_low=t.duration_days.low, duration_high=t.duration_days.high,
                   harm=None if t.harm is None else sorted(t.harm, key=kernel.HARMS.index),
                   first_offence=t.first_offence, corrected=t.corrected, cooperated=t.cooperated,
                   kinds=list(t.kinds), fine_min=t.fine_min, fine_max=t.fine_max,
                   multiple_min=t.multiple_min, multiple_max=t.multiple_max, row=t.row)

    @property
    def conditions(self) -> tuple[str, ...]:
        return self.to_kernel().conditions()

    @property
    def kind_labels(self) -> list[str]:
        return [kernel.KINDS.get(k, k) for k in self.kinds]

    @property
    def penalty_text(self) -> str:
        t = self.to_kernel()
        if t.multiple_min is not None or t.multiple_max is not None:
            low = "" if t.multiple_min is None else kernel._num(t.multiple_min)
            high = "" if t.multiple_max is None else kernel._num(t.multiple_max)
            return f"违法所得{low}倍至{high}倍罚款" if low and high else (
                f"违法所得{low or high}倍{'以上' if low else '以下'}罚款")
        if t.fine_min is None and t.fine_max is None:
            return "不处罚款"
        return "罚款" + kernel.fine_text(t)


FIRST_OFFENCE, MINOR = "first_offence", "minor"
LIST_KINDS = [(FIRST_OFFENCE, "首违不罚清单"), (MINOR, "轻微违法不予处罚清单")]


class ExemptionList(models.Model):
    """An agency's 首违不罚 or 轻微违法不予处罚 list (《行政处罚法》第三十三条第一款), versioned."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="exemption_lists",
                               verbose_name="制定机关")
    kind = models.CharField("清单类型", max_length=20, choices=LIST_KINDS)
    title = models.CharField("名称", max_length=200)
    version = models.CharField("版本", max_length=40)
    effective_from = models.DateField("施行日期")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=DRAFT)
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "不予处罚清单"
        ordering = ["agency_id", "kind", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "version"],
                                               name="discretion_list_version_unique")]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class ExemptionEntry(models.Model):
    exemption_list = models.ForeignKey(ExemptionList, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField("序号")
    violation_code = models.CharField("违法行为编码", max_length=40)
    violation_name = models.CharField("违法行为", max_length=200)
    conditions = models.CharField("适用条件", max_length=300, blank=True)
    basis = models.CharField("依据", max_length=300, blank=True)
    max_amount_involved = models.DecimalField("涉案金额上限（元）", max_digits=16, decimal_places=2,
                                              null=True, blank=True)
    max_illegal_income = models.DecimalField("违法所得上限（元）", max_digits=16, decimal_places=2,
                                             null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "清单事项"
        ordering = ["exemption_list_id", "position"]
        constraints = [models.UniqueConstraint(fields=["exemption_list", "violation_code"],
                                               name="discretion_entry_unique")]

    def __str__(self) -> str:
        return f"{self.violation_code} {self.violation_name}"

    def to_kernel(self) -> kernel.ListEntry:
        return kernel.ListEntry(self.violation_code, self.max_amount_involved, self.max_illegal_income)
