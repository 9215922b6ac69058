"""Regulated subjects and officers (监管对象与执法人员): the market-entity directory, the
officers who hold an enforcement certificate, and the credit records of the entities.

A lower app: inspections, enforcement and licensing use it; it imports no procedure app
(tests/test_layers.py). Directories are written by the importer (`fazhi import
entities|inspectors`), credit records only by `fazhi.subjects.credit` and by the
procedure apps through it. A procedure that makes a credit record links it from its own
side (e.g. `inspections.InspectionRecord.credit_record`), so nothing here points upward.

The tables were created by the inspections app and moved here without copying
(docs/decisions/0017-subjects-and-notarised-draws.md).
"""

from django.db import models
from django.utils import timezone

from fazhi.law import uscc as uscc_rules
from fazhi.org.models import Agency, Region, Staff


def validate_uscc(value: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        uscc_rules.validate(value)
    except uscc_rules.USCCError as exc:
        raise ValidationError(f"统一社会信用代码{exc}") from None


class MarketEntity(models.Model):
    """A market entity (市场主体) of the inspection-object directory (检查对象名录库)."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True,
                            validators=[validate_uscc])
    name = models.CharField("名称", max_length=200, db_index=True)
    entity_type = models.CharField("主体类型", max_length=40)
    district = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                                 verbose_name="所在区")
    industry = models.CharField("行业", max_length=80, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    # The class imported from the classification system; `credit_class` is the one in use
    # (base raised by active credit records, see credit.recompute).
    base_class = models.CharField("信用风险分类（导入）", max_length=2)
    credit_class = models.CharField("信用风险分类", max_length=2, db_index=True)
    status = models.CharField("登记状态", max_length=20, default="存续")
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "检查对象名录（市场主体）"
        ordering = ["uscc"]
        # Covers an inspection freeze's directory read (status, class → uscc, district) so a
        # million-row snapshot is an index scan, not a pass over the wide table rows.
        indexes = [models.Index(fields=["status", "credit_class", "uscc", "district"],
                                name="entity_directory_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"


class Officer(models.Model):
    """An enforcement officer (执法人员) with the administrative enforcement certificate
    (行政执法证, instruments.md §8.2) and what the inspection roster needs (执法检查人员名录库,
    §3.2): region, capacity per plan, availability."""

    code = models.CharField("检查人员编号", max_length=20, unique=True)  # pseudonymous, published
    name = models.CharField("姓名", max_length=40)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers",
                               verbose_name="所属机关")
    staff = models.OneToOneField(Staff, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="officer", verbose_name="对应工作人员")
    cert_no = models.CharField("执法证号", max_length=40, unique=True)
    cert_valid_until = models.DateField("执法证有效期至")
    # The certificate's other contents (instruments.md §8.2); its suspensions and revocation
    # are dated events kept by fazhi.powers (CertificateEvent), so they stay history.
    cert_valid_from = models.DateField("执法证有效期自", null=True, blank=True)
    cert_categories = models.JSONField("执法类别", default=list, blank=True)
    cert_issuer = models.CharField("发证机关", max_length=80, blank=True)
    qualifications = models.JSONField("资格与专长", default=list, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                               verbose_name="检查区域（空为全市）")
    capacity = models.PositiveIntegerField("每个计划最多检查户数", default=10)
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法人员名录"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class CreditRecord(models.Model):
    """Public credit information (公共信用信息) on an entity, instruments.md §4.1."""

    MINOR, GENERAL, SERIOUS = "minor", "general", "serious"
    SEVERITIES = {MINOR: "轻微", GENERAL: "一般", SERIOUS: "严重"}
    PUBLISHED, STOPPED, REPAIRED = "published", "stopped", "repaired"
    STATUSES = {PUBLISHED: "公示中", STOPPED: "已到期停止公示", REPAIRED: "已信用修复"}
    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT,
                               related_name="credit_records")
    category = models.CharField("信息类别", max_length=40)  # inspection | penalty | …
    source_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name="提供机关")
    legal_basis = models.CharField("依据", max_length=200)
    act_date = models.DateField("认定日期")
    decision_no = models.CharField("文书编号", max_length=60, blank=True)
    severity = models.CharField("失信程度", max_length=8, choices=list(SEVERITIES.items()))
    summary = models.TextField("内容摘要")
    min_publish_until = models.DateField("最短公示期至")
    max_publish_until = models.DateField("最长公示期至")
    status = models.CharField("状态", max_length=10, default=PUBLISHED,
                              choices=list(STATUSES.items()))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "信用记录"
        indexes = [models.Index(fields=["entity", "status"], name="credit_entity_status")]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.severity} {self.summary[:20]}"


class SeriousListEntry(models.Model):
    """严重失信主体名单 entry with its term and earliest removal date."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT,
                               related_name="serious_entries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name="列入机关")
    legal_basis = models.CharField("列入依据", max_length=200)
    listed_on = models.DateField("列入日期")
    term_until = models.DateField("移出日期（期满）")
    early_removal_from = models.DateField("可申请提前移出日期")
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removal_reason = models.CharField("移出原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "严重失信主体名单"

    def __str__(self) -> str:
        return f"{self.entity_id} {self.listed_on}"


class CreditRepair(models.Model):
    record = models.ForeignKey(CreditRecord, on_delete=models.PROTECT, related_name="repairs")
    applied_on = models.DateField("申请日期")
    decided_on = models.DateField("决定日期")
    approved = models.BooleanField("准予修复")
    reason = models.TextField("理由")
    decided_by = models.CharField("决定人", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "信用修复"

    def __str__(self) -> str:
        return f"{self.record_id} {self.decided_on}"
