"""Double-random, one-public inspections (双随机、一公开) and credit records.

Directories (MarketEntity, Inspector, InspectionItem, Conflict) are written by the
importer; plans and everything after them only by `fazhi.inspections.services` and
`fazhi.inspections.credit`. A plan's history is core.Event (kind "plan"), append-only
and hash-chained like every other history (fazhi.law.ledger), as lotteries do
(docs/decisions/0009-inspections-credit.md says why not a Case).
"""

from django.db import models
from django.utils import timezone

from fazhi.core.models import Chained
from fazhi.law import uscc as uscc_rules
from fazhi.org.models import Agency, Region, Staff


def validate_uscc(value: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        uscc_rules.validate(value)
    except uscc_rules.USCCError as exc:
        raise ValidationError(f"统一社会信用代码{exc}") from None


class MarketEntity(models.Model):
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
        # Covers the freeze's directory read (status, class → uscc, district) so a
        # million-row snapshot is an index scan, not a pass over the wide table rows.
        indexes = [models.Index(fields=["status", "credit_class", "uscc", "district"],
                                name="entity_directory_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"


class Inspector(models.Model):
    code = models.CharField("检查人员编号", max_length=20, unique=True)  # pseudonymous, published
    name = models.CharField("姓名", max_length=40)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="inspectors",
                               verbose_name="所属机关")
    staff = models.OneToOneField(Staff, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="inspector", verbose_name="对应工作人员")
    cert_no = models.CharField("执法证号", max_length=40, unique=True)
    cert_valid_until = models.DateField("执法证有效期至")
    qualifications = models.JSONField("资格与专长", default=list, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                               verbose_name="检查区域（空为全市）")
    capacity = models.PositiveIntegerField("每个计划最多检查户数", default=10)
    active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法检查人员名录"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class InspectionItem(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="inspection_items",
                               verbose_name="检查机关")
    code = models.CharField("事项编码", max_length=40)
    name = models.CharField("抽查事项", max_length=200)
    legal_basis = models.TextField("检查依据")
    method = models.CharField("检查方式", max_length=80)
    entity_types = models.JSONField("适用主体类型（空为全部）", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "随机抽查事项清单"
        ordering = ["agency_id", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="insp_item_code")]

    def __str__(self) -> str:
        return f"{self.name}（{self.agency.short_name}）"


class Conflict(models.Model):
    """A declared conflict (回避): the inspector may not inspect this entity."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="conflicts")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    reason = models.CharField("回避事由", max_length=200)
    declared_at = models.DateTimeField("申报时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "回避申报"
        constraints = [models.UniqueConstraint(fields=["inspector", "uscc"], name="insp_conflict")]

    def __str__(self) -> str:
        return f"{self.inspector_id}↔{self.uscc}"



class Plan(Chained):
    history_kind, history_label = "plan", "抽查计划"
    history_state = ("state", "directory_hash", "file_hash", "merkle_root", "roster_hash",
                     "conflicts_hash", "notary_commitment", "notary_reveal")

    DRAFT, FROZEN, COMMITTED, DRAWN, PUBLISHED = (
        "draft", "frozen", "committed", "drawn", "published")
    STATES = {DRAFT: "草拟", FROZEN: "名录已冻结、承诺已公布", COMMITTED: "监督人承诺已提交",
              DRAWN: "已抽取并组队", PUBLISHED: "抽取结果已公布"}

    title = models.CharField("计划名称", max_length=120)
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="lead_plans",
                                    verbose_name="发起机关")
    agencies = models.ManyToManyField(Agency, related_name="inspection_plans",
                                      verbose_name="参与机关（含发起机关）")
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项")
    notary_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="witnessed_plans", verbose_name="监督机构")
    plan_date = models.DateField("检查日期（执法证须在此日有效）")
    district = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                                 verbose_name="抽查区域（空为全市）")
    # [{"name": "A", "ratio_bp": 300, "min": 0, "max": null}] in scheme order
    strata = models.JSONField("分层比例")
    rounding = models.CharField("取整规则", max_length=10, default="ceil")
    exclusions = models.JSONField("排除对象及理由", default=list, blank=True)
    sources = models.JSONField("公开随机源")
    team_size = models.PositiveSmallIntegerField("每组人数", default=2)
    state = models.CharField("状态", max_length=12, default=DRAFT, choices=list(STATES.items()))
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    # freeze (T−1): everything published before the seed exists
    spec_json = models.TextField("计划规格（JSON）", blank=True)
    directory_file = models.TextField("名录快照（uscc,层,区）", blank=True)
    file_hash = models.CharField("名单文件哈希", max_length=64, blank=True)
    directory_hash = models.CharField("名录快照哈希", max_length=64, blank=True)
    merkle_root = models.CharField("默克尔根", max_length=64, blank=True)
    counts = models.JSONField("各层户数与抽取数", default=dict, blank=True)
    roster_file = models.TextField("检查人员名单", blank=True)
    roster_hash = models.CharField("检查人员名单哈希", max_length=64, blank=True)
    conflicts_file = models.TextField("回避表", blank=True)
    conflicts_hash = models.CharField("回避表哈希", max_length=64, blank=True)
    frozen_at = models.DateTimeField("冻结时间", null=True, blank=True)
    notary_commitment = models.CharField("监督人承诺 c_N", max_length=64, blank=True)
    # draw (T)
    source_values = models.JSONField("随机源取值", default=dict, blank=True)
    source_evidence = models.JSONField("随机源证据", default=dict, blank=True)
    notary_reveal = models.CharField("监督人随机数 r_N", max_length=64, blank=True)
    result_json = models.TextField("抽取结果（JSON）", blank=True)
    teams_json = models.TextField("组队结果（内部）", blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查计划"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def draw_id(self) -> str:
        return f"XM-INSP-{self.pk:06d}"

    @property
    def state_label(self) -> str:
        return self.STATES.get(self.state, self.state)


class Target(models.Model):
    """A selected entity of a plan, with its team or its escalation."""

    ASSIGNED, UNASSIGNABLE = "assigned", "unassignable"
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="targets")
    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="targets")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    stratum = models.CharField("分层", max_length=2)
    rank = models.PositiveIntegerField("层内顺序")
    order = models.PositiveIntegerField("处理顺序")
    key = models.CharField(max_length=64)
    status = models.CharField("组队结果", max_length=14,
                              choices=[(ASSIGNED, "已组队"), (UNASSIGNABLE, "无法组队，已上报")])
    escalation = models.TextField("上报说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽中对象"
        ordering = ["plan_id", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "uscc"], name="insp_target_once")]

    def __str__(self) -> str:
        return f"{self.uscc}（{self.stratum}）"



class TeamMember(models.Model):
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="members")
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="assignments")
    via = models.CharField("产生方式", max_length=12,
                           choices=[("draw", "随机抽取"), ("replacement", "回避递补")])
    active = models.BooleanField("在组", default=True)
    left_reason = models.CharField("退出原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查组成员"
        indexes = [models.Index(fields=["inspector", "active"], name="insp_member_active")]

    def __str__(self) -> str:
        return f"{self.target_id}:{self.inspector_id}"



class Recusal(models.Model):
    """A conflict found after the draw and its deterministic replacement (递补)."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="recusals")
    leaving = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="+")
    replacement = models.ForeignKey(Inspector, null=True, on_delete=models.PROTECT,
                                    related_name="+")
    reason = models.CharField("回避事由", max_length=200)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "回避与递补记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.reason}"



class InspectionRecord(models.Model):
    NO_PROBLEM = "no_problem"
    RECTIFY = "rectify"
    REFER = "refer"
    NOT_FOUND = "not_found"
    RESULTS = {
        NO_PROBLEM: "未发现问题",
        RECTIFY: "发现问题已责令整改",
        REFER: "发现问题移交处罚",
        NOT_FOUND: "未发现经营（通过登记的住所无法联系）",
    }
    target = models.OneToOneField(Target, on_delete=models.PROTECT, related_name="record")
    items_checked = models.JSONField("检查事项", default=list)
    findings = models.TextField("检查情况")
    result = models.CharField("检查结果", max_length=12, choices=list(RESULTS.items()))
    attachments = models.JSONField("证据材料", default=list, blank=True)
    completed_on = models.DateField("检查完成日期")
    entered_by = models.CharField("录入人", max_length=100)
    publish_due = models.DateField("公示期限")
    publish_due_explanation = models.TextField("公示期限说明")
    publish_due_provisional = models.BooleanField(default=False)
    published_on = models.DateField("公示日期", null=True, blank=True)
    published_late = models.BooleanField("逾期公示", default=False)
    public_record = models.ForeignKey("publication.PublishedRecord", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "检查记录"
        indexes = [models.Index(fields=["published_on", "publish_due"], name="insp_rec_pub")]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.result_label}"

    @property
    def result_label(self) -> str:
        return self.RESULTS.get(self.result, self.result)



class Referral(models.Model):
    """A finding handed to enforcement; `link` points where the enforcement case will be."""

    record = models.OneToOneField(InspectionRecord, on_delete=models.PROTECT,
                                  related_name="referral")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name="移交机关")
    reason = models.TextField("移交事由")
    status = models.CharField("状态", max_length=12, default="pending",
                              choices=[("pending", "待立案"), ("accepted", "已立案")])
    enforcement_ref = models.CharField("处罚案件编号", max_length=40, blank=True)
    created_at = models.DateTimeField("移交时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "移交处罚"

    def __str__(self) -> str:
        return f"移交 {self.record_id}"



class PublicResult(models.Model):
    """Public read model of a published result, redacted; indexed for name/USCC lookups."""

    # Null for results carried over from the provincial publicity system (history import).
    record = models.OneToOneField(InspectionRecord, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="public")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="public_results")
    uscc = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    entity_name = models.CharField("名称", max_length=200, db_index=True)
    agencies = models.CharField("检查机关", max_length=400)
    result = models.CharField("检查结果", max_length=40)
    completed_on = models.DateField("检查日期")
    published_on = models.DateField("公示日期")
    late = models.BooleanField("逾期公示", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "抽查结果公示"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.entity_name}: {self.result}"



class CreditRecord(models.Model):
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
    inspection = models.OneToOneField(InspectionRecord, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="credit_record")
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
