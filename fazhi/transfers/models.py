"""Thresholds of suspected crimes (held as versioned data), the transfer detail row
(one-to-one with its case) and the flags raised on source cases."""

from django.db import models
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.org.models import Agency

# What a threshold measures, keyed like the case facts the discretion kernel reads.
METRICS = [
    ("amount_involved", "涉案金额（非法经营数额、销售金额）"),
    ("illegal_income", "违法所得数额"),
    ("duration_days", "持续天数"),
    ("harm", "危害后果严重"),
]
METRIC_LABELS = dict(METRICS)


class ThresholdSet(models.Model):
    """One version of the thresholds, as imported (all-or-nothing) from one file. The set
    in force on a date is the newest whose `effective_from` is not after it."""

    version = models.CharField("版本", max_length=40, unique=True)
    source = models.CharField("来源", max_length=200,
                              help_text="如 《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》")
    effective_from = models.DateField("施行日期")
    note = models.CharField("说明", max_length=200, blank=True)
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    imported_by = models.CharField("导入人", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "涉嫌犯罪移送标准版本"
        ordering = ["-effective_from", "-pk"]

    def __str__(self) -> str:
        return self.version


class Threshold(models.Model):
    set = models.ForeignKey(ThresholdSet, on_delete=models.CASCADE, related_name="rows")
    violation_code = models.CharField("违法行为代码", max_length=40)
    violation_name = models.CharField("违法行为", max_length=200)
    crime = models.CharField("涉嫌罪名", max_length=100)
    criminal_article = models.CharField("刑法条文", max_length=60)
    metric = models.CharField("指标", max_length=20, choices=METRICS)
    minimum = models.DecimalField("起点", max_digits=16, decimal_places=2, null=True, blank=True)
    basis = models.CharField("立案追诉标准依据", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "涉嫌犯罪移送标准"
        constraints = [models.UniqueConstraint(fields=["set", "violation_code", "metric"],
                                               name="threshold_set_code_metric")]
        indexes = [models.Index(fields=["violation_code", "set"], name="threshold_code")]

    def __str__(self) -> str:
        return f"{self.violation_code}:{self.metric}"


class Transfer(models.Model):
    """A transfer of a suspected crime to the public-security organ (两法衔接)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, primary_key=True,
                                related_name="transfer")
    source = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="transfers_from", verbose_name="来源案件")
    source_reference = models.CharField("来源案件编号", max_length=100, blank=True)
    violation_code = models.CharField("违法行为代码", max_length=40, blank=True)
    suspicion = models.JSONField("涉嫌犯罪理由", default=list)
    report = models.TextField("移送涉嫌犯罪案件的书面报告")
    officers = models.JSONField("专案组成员", default=list)
    police = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                               verbose_name="公安机关")
    reported_on = models.DateField("报告日期")
    decided_on = models.DateField("审批日期", null=True, blank=True)
    not_approved_reasons = models.TextField("不予批准理由", blank=True)
    transferred_on = models.DateField("移送日期", null=True, blank=True)
    letter_number = models.CharField("移送书文号", max_length=60, blank=True)
    items = models.JSONField("涉案物品清单", default=list)
    police_decided_on = models.DateField("公安机关决定日期", null=True, blank=True)
    police_decision = models.CharField("公安机关决定", max_length=20, blank=True)
    police_reasons = models.TextField("不予立案理由", blank=True)
    criminal_case_number = models.CharField("刑事立案编号", max_length=60, blank=True)
    reconsideration_requested_on = models.DateField("提请复议日期", null=True, blank=True)
    reconsidered_on = models.DateField("复议决定日期", null=True, blank=True)
    supervision_requested_on = models.DateField("建议立案监督日期", null=True, blank=True)
    supervision_result = models.TextField("立案监督结果", blank=True)
    handed_over_on = models.DateField("移交涉案物品日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "涉嫌犯罪案件移送"

    def __str__(self) -> str:
        return str(self.case_id)


class Flag(models.Model):
    """A source case flagged as a suspected crime: `settled` answers whether a transfer of
    it was decided (《行政执法机关移送涉嫌犯罪案件的规定》第十一条: no penalty instead of a
    transfer); the procuratorate's view lists the flags never decided."""

    source = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="crime_flag")
    reasons = models.JSONField("涉嫌犯罪理由", default=list)
    flagged_on = models.DateField("标记日期")

    class Meta:
        verbose_name = verbose_name_plural = "涉嫌犯罪标记"

    def __str__(self) -> str:
        return str(self.source_id)
