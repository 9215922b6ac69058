"""The enforcement registry (行政执法主体与权责清单, issue 13 part 1): which agencies enforce,
which powers a comprehensive team or a township "one team" body exercises for whom, the
catalogue of enforcement items, the certificate status history of officers and the legal
reviewers' qualification.

Rows here are records of fact with dates; nothing is edited to express a change: a new
delegation or item version gets its own dates, a suspension is an event (ADR 0030).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fazhi.org.models import Agency, Staff
from fazhi.subjects.models import Officer


class EnforcementBody(models.Model):
    """An agency's role as enforcement body (执法主体)."""

    DEPARTMENT, COMPREHENSIVE, TOWNSHIP = "department", "comprehensive", "township"
    KINDS = {DEPARTMENT: "行政执法部门", COMPREHENSIVE: "综合行政执法队伍",
             TOWNSHIP: "乡镇（街道）综合执法（一支队伍管执法）"}
    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="enforcement",
                                  verbose_name="机关")
    kind = models.CharField("主体类型", max_length=16, choices=list(KINDS.items()))
    basis = models.CharField("主体资格依据", max_length=200)
    scope = models.CharField("执法区域", max_length=120, blank=True)
    remedies = models.CharField("救济途径", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法主体"
        ordering = ["agency__code"]

    def __str__(self) -> str:
        return f"{self.agency.name}（{self.KINDS[self.kind]}）"


class EnforcementItem(models.Model):
    """One version of an item of the catalogue (权责清单事项): a code is unique among the
    versions in force on any one date."""

    code = models.CharField("事项编码", max_length=40, db_index=True)
    name = models.CharField("事项名称", max_length=200)
    power = models.CharField("职权类型", max_length=20, default="行政处罚")
    basis = models.TextField("设定依据（法律及条款）")
    category = models.CharField("执法类别（所需执法证类别）", max_length=40)
    fine_min = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2,
                                   null=True, blank=True)
    fine_max = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2,
                                   null=True, blank=True)
    kinds = models.JSONField("处罚种类", default=list, blank=True)
    agencies = models.ManyToManyField(Agency, related_name="enforcement_items",
                                      verbose_name="实施主体")
    valid_from = models.DateField("施行日期")
    valid_until = models.DateField("废止日期（不含）", null=True, blank=True)
    imported_at = models.DateTimeField("导入时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "权责清单事项"
        ordering = ["code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"],
                                               name="powers_item_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def in_force(self, on) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on < self.valid_until)


class Delegation(models.Model):
    """Powers a team exercises for a delegating department, for a period (ADR 0030)."""

    CONCENTRATED, ASSIGNED, ENTRUSTED = "concentrated", "assigned", "entrusted"
    MODES = {CONCENTRATED: "相对集中行政处罚权", ASSIGNED: "赋权乡镇（街道）",
             ENTRUSTED: "委托实施"}
    CITATIONS = {CONCENTRATED: "《行政处罚法》第十八条第二款",
                 ASSIGNED: "《行政处罚法》第二十四条", ENTRUSTED: "《行政处罚法》第二十条"}
    team = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="delegations_held",
                             verbose_name="执法队伍")
    delegator = models.ForeignKey(Agency, on_delete=models.PROTECT,
                                  related_name="delegations_given", verbose_name="委托（划转）部门")
    mode = models.CharField("方式", max_length=16, choices=list(MODES.items()))
    item_codes = models.JSONField("事项编码", default=list, blank=True)
    categories = models.JSONField("执法类别", default=list, blank=True)
    basis = models.CharField("依据文件", max_length=200)
    valid_from = models.DateField("起始日期")
    valid_until = models.DateField("终止日期（不含）", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法权委托与划转"
        ordering = ["team__code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.team}"

    def in_force(self, on) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on < self.valid_until)

    def covers(self, item: EnforcementItem) -> bool:
        return item.code in self.item_codes or item.category in self.categories


class CertificateEvent(models.Model):
    """A suspension, reinstatement or revocation of an officer's certificate: the status
    on a date is derived from these, never stored (statuses.status_on)."""

    SUSPEND, REINSTATE, REVOKE = "suspend", "reinstate", "revoke"
    KINDS = {SUSPEND: "暂扣", REINSTATE: "恢复", REVOKE: "吊销（注销）"}
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT,
                                related_name="certificate_events", verbose_name="执法人员")
    kind = models.CharField("事项", max_length=10, choices=list(KINDS.items()))
    effective_from = models.DateField("生效日期")
    until = models.DateField("暂扣至（不含，空为待恢复）", null=True, blank=True)
    reason = models.TextField("理由")
    recorded_by = models.CharField("记录人", max_length=60)
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "执法证状态记录"
        ordering = ["officer_id", "effective_from", "id"]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.KINDS[self.kind]} {self.effective_from}"


class LegalQualification(models.Model):
    """A staff member's legal-profession qualification (法律职业资格证书)."""

    staff = models.OneToOneField(Staff, on_delete=models.PROTECT,
                                 related_name="legal_qualification", verbose_name="工作人员")
    number = models.CharField("证书编号", max_length=40, unique=True)
    obtained_on = models.DateField("取得日期")

    class Meta:
        verbose_name = verbose_name_plural = "法律职业资格"

    def __str__(self) -> str:
        return f"{self.staff} {self.number}"


class ReviewExperience(models.Model):
    """When a legal reviewer began reviewing penalty decisions: one who did so before the
    revised law took effect is not a first-time reviewer (《行政处罚法》第五十八条第二款)."""

    staff = models.OneToOneField(Staff, on_delete=models.PROTECT,
                                 related_name="review_experience", verbose_name="工作人员")
    since = models.DateField("从事法制审核起始日期")
    evidence = models.CharField("证明材料", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "法制审核从业记录"

    def __str__(self) -> str:
        return f"{self.staff} {self.since}"
