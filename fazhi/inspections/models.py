"""Double-random, one-public inspections (双随机、一公开).

The entity and officer directories and credit records are the subjects app's
(`fazhi.subjects`). Items and conflicts are written by the importer and the plan commands; plans
and everything after them only by the command modules (plans, notary_steps, team_draw,
recusals, inspection_results, through `fazhi.inspections.commands.act`) and
`fazhi.inspections.credit`. A plan's history is core.Event (kind "plan"), append-only
and hash-chained like every other history (fazhi.law.ledger), as lotteries do
(docs/decisions/0009-inspections-credit.md says why not a Case).
"""

from django.db import models
from django.utils import timezone

from fazhi.core.i18n import local
from fazhi.core.models import Chained
from fazhi.org.models import Agency, Region
from fazhi.subjects.models import CreditRecord, MarketEntity, Officer


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
        return local("{name}（{agency}）").format(name=self.name, agency=self.agency.short_name)


class Conflict(models.Model):
    """A declared conflict (回避): the inspector may not inspect this entity."""

    inspector = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="conflicts")
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
    history_state = ("state", "attempt", "notary_agency_id", "directory_hash", "file_hash",
                     "merkle_root", "roster_hash", "conflicts_hash", "notary_commitment",
                     "notary_reveal")

    DRAFT, FROZEN, COMMITTED, DRAWN, PUBLISHED, VOID = (
        "draft", "frozen", "committed", "drawn", "published", "void")
    STATES = {DRAFT: "草拟", FROZEN: "名录已冻结、承诺已公布", COMMITTED: "监督人承诺已提交",
              DRAWN: "已抽取并组队", PUBLISHED: "抽取结果已公布", VOID: "本次抽取无效"}

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
    # a void draw (core.notarised) is re-run on the same frozen input as a new attempt
    attempt = models.PositiveIntegerField("抽取次数", default=1)
    void_reason = models.TextField("无效原因", blank=True)
    void_attempts = models.JSONField("无效的抽取", default=list, blank=True)
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
        base = f"XM-INSP-{self.pk:06d}"
        return base if self.attempt == 1 else f"{base}-A{self.attempt}"

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
    inspector = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="assignments")
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
    leaving = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    replacement = models.ForeignKey(Officer, null=True, on_delete=models.PROTECT,
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
    # The credit record this result or its referral's penalty decision made (credit.py).
    credit_record = models.OneToOneField(CreditRecord, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="inspection")

    class Meta:
        verbose_name = verbose_name_plural = "检查记录"
        indexes = [models.Index(fields=["published_on", "publish_due"], name="insp_rec_pub")]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.result_label}"

    @property
    def result_label(self) -> str:
        return self.RESULTS.get(self.result, self.result)


class Referral(models.Model):
    """A finding handed to enforcement. It makes no credit record: the penalty decision does
    (`credit.decide_referral`, which marks the referral decided)."""

    PENDING, ACCEPTED, DECIDED = "pending", "accepted", "decided"
    record = models.OneToOneField(InspectionRecord, on_delete=models.PROTECT,
                                  related_name="referral")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name="移交机关")
    reason = models.TextField("移交事由")
    status = models.CharField("状态", max_length=12, default=PENDING,
                              choices=[(PENDING, "待立案"), (ACCEPTED, "已立案"),
                                       (DECIDED, "已作出处罚决定")])
    enforcement_ref = models.CharField("处罚案件编号或决定书文号", max_length=60, blank=True)
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


