"""The penalty case (行政处罚案件), one-to-one with `cases.Case`; the agency's catalogue of
matters that need legal review (法制审核事项清单, procedures.md §4.3); and the public read
model of published decisions (行政处罚决定公示), already redacted.

Written only by the procedure's effects (through the engine) and, for the catalogue, by
the operator in the admin.
"""

from decimal import Decimal

from django.db import models

from fazhi.cases.models import Case
from fazhi.org.models import Agency

NATURAL, ORGANISATION = "natural", "organisation"
PARTY_TYPES = [(NATURAL, "自然人"), (ORGANISATION, "法人或者其他组织")]
KINDS = {
    "warning": "警告", "criticism": "通报批评", "fine": "罚款",
    "confiscate_income": "没收违法所得", "confiscate_property": "没收非法财物",
    "suspend_permit": "暂扣许可证件", "lower_grade": "降低资质等级", "revoke_permit": "吊销许可证件",
    "restrict_activity": "限制开展生产经营活动", "order_suspension": "责令停产停业",
    "order_closure": "责令关闭", "restrict_employment": "限制从业", "detention": "行政拘留",
}
# Penalty kinds heavier than the rest, for "no heavier penalty after defence" (Art. 45)
SEVERE_KINDS = frozenset({"suspend_permit", "lower_grade", "revoke_permit", "restrict_activity",
                          "order_suspension", "order_closure", "restrict_employment",
                          "detention"})
SOURCES = [("inspection", "检查发现（双随机抽查移交）"), ("complaint", "投诉举报"),
           ("transfer", "其他机关移送"), ("other", "其他途径")]


class PenaltyCase(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="penalty")
    party_type = models.CharField("当事人类型", max_length=12, choices=PARTY_TYPES)
    party_name = models.CharField("当事人", max_length=200, db_index=True)
    party_id = models.CharField("统一社会信用代码/身份证件号码", max_length=40, db_index=True)
    party_birth_date = models.DateField("出生日期", null=True, blank=True)
    party_contact = models.CharField("联系方式", max_length=100, blank=True)
    violation_code = models.CharField("违法行为代码", max_length=40, db_index=True)
    violation = models.CharField("涉嫌违法行为", max_length=500)
    legal_basis = models.CharField("违反的规定及处罚依据", max_length=500)
    category = models.CharField("执法类别", max_length=40)
    sector = models.CharField("执法领域", max_length=40, blank=True)
    source = models.CharField("线索来源", max_length=12, choices=SOURCES)
    referral_id = models.IntegerField("检查移交记录", null=True, blank=True)
    act_date = models.DateField("违法行为发生日期")
    act_ended_on = models.DateField("违法行为终了日期", null=True, blank=True)
    life_health_finance = models.BooleanField("涉及生命健康安全、金融安全且有危害后果", default=False)
    opened_on = models.DateField("立案日期", null=True, blank=True)
    officer_ids = models.JSONField("办案人员", default=list, blank=True)
    facts = models.JSONField("案件事实（裁量情节）", default=dict, blank=True)
    preserved_on = models.DateField("先行登记保存日期", null=True, blank=True)
    # The head's decision at the end of investigation (Art. 57) and the proposal notified
    proposed_fine = models.DecimalField("拟罚款金额（元）", max_digits=14, decimal_places=2,
                                        null=True, blank=True)
    proposed_kinds = models.JSONField("拟处罚种类", default=list, blank=True)
    assessment = models.JSONField("裁量基准适用", default=dict, blank=True)
    deviation = models.TextField("偏离裁量基准情况", blank=True)
    deviation_reasons = models.TextField("偏离裁量基准的理由", blank=True)
    suspicion = models.JSONField("涉嫌犯罪情形", default=list, blank=True)
    notice_served_on = models.DateField("事先告知书送达日期", null=True, blank=True)
    waived = models.BooleanField("当事人明确放弃陈述申辩和听证", default=False)
    defended = models.BooleanField("当事人已陈述申辩", default=False)
    defended_fine = models.DecimalField("陈述申辩时拟罚款金额（元）", max_digits=14,
                                        decimal_places=2, null=True, blank=True)
    defended_kinds = models.JSONField("陈述申辩时拟处罚种类", default=list, blank=True)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    presiding = models.CharField("听证主持人", max_length=40, blank=True)
    hearing_record = models.CharField("听证笔录编号", max_length=60, blank=True)
    review_required = models.BooleanField("须经法制审核", default=False)
    review_reason = models.CharField("法制审核依据", max_length=300, blank=True)
    review_outcome = models.CharField("法制审核结论", max_length=20, blank=True)
    reviewed_on = models.DateField("法制审核日期", null=True, blank=True)
    # The decision (Arts. 59-61)
    decision_no = models.CharField("处罚决定书文号", max_length=60, blank=True, db_index=True)
    fine = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, null=True,
                               blank=True)
    kinds = models.JSONField("处罚种类", default=list, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    revoked_on = models.DateField("决定被撤销或变更日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回公示日期", null=True, blank=True)
    paid_on = models.DateField("缴款日期", null=True, blank=True)
    paid_amount = models.DecimalField("缴纳金额（元）", max_digits=14, decimal_places=2,
                                      null=True, blank=True)
    # Reconsideration or litigation pending: [{"start", "end"|None, "kind"}] (Art. 73)
    remedies = models.JSONField("复议、诉讼期间", default=list, blank=True)
    demanded_on = models.DateField("催告书送达日期", null=True, blank=True)
    court_applied_on = models.DateField("申请法院强制执行日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政处罚案件"
        indexes = [models.Index(fields=["party_id", "violation_code", "act_date"],
                                name="penalty_same_act")]

    def __str__(self) -> str:
        return f"{self.party_name} {self.violation}"

    @property
    def act_end(self):  # noqa: ANN201 - a date
        """Art. 36: a continuing or repeated act is counted from the day it ends."""
        return self.act_ended_on or self.act_date


class ReviewableMatter(models.Model):
    """One line of an agency's catalogue of matters that need legal review before the
    decision (重大执法决定法制审核事项清单, 118号; 《行政处罚法》第五十八条第一款第四项)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reviewable_matters")
    label = models.CharField("审核事项", max_length=200)
    fine_from = models.DecimalField("罚款金额达到（元）", max_digits=14, decimal_places=2,
                                    null=True, blank=True)
    kinds = models.JSONField("处罚种类（任一）", default=list, blank=True)
    every_case = models.BooleanField("所有普通程序案件", default=False)
    citation = models.CharField("依据", max_length=200)
    effective_from = models.DateField("施行日期")

    class Meta:
        verbose_name = verbose_name_plural = "法制审核事项清单"

    def __str__(self) -> str:
        return self.label

    def covers(self, fine: Decimal | None, kinds: list[str]) -> bool:
        if self.every_case:
            return True
        if self.fine_from is not None and fine is not None and fine >= self.fine_from:
            return True
        return bool(set(self.kinds) & set(kinds))


class PublishedDecision(models.Model):
    """A penalty decision as published (事后公开): redacted at publication; a withdrawn one
    stays listed, marked as withdrawn with its reason (Art. 48 第二款)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="published_penalty")
    decision_no = models.CharField("处罚决定书文号", max_length=60, db_index=True)
    party_name = models.CharField("当事人", max_length=200, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    agency_name = models.CharField("处罚机关", max_length=200)
    violation = models.CharField("违法行为", max_length=500)
    legal_basis = models.CharField("处罚依据", max_length=500)
    penalty = models.CharField("处罚内容", max_length=300)
    decided_on = models.DateField("处罚决定日期", db_index=True)
    published_on = models.DateField("公示日期")
    on_time = models.BooleanField("按期公示", default=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回原因", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政处罚决定公示"
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.decision_no


# -- the simple (on-the-spot) procedure (简易程序, 《行政处罚法》第五十一条至第五十三条) -----------
class FormRange(models.Model):
    """A range of pre-printed, serially numbered decision forms (预定格式、编有号码的行政处罚
    决定书, 第五十二条) allocated to one officer: numbers are issued in order from `next_no`;
    a number used or voided is never issued again."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="form_ranges",
                               verbose_name="行政机关")
    officer = models.ForeignKey("subjects.Officer", on_delete=models.PROTECT,
                                related_name="form_ranges", verbose_name="领用执法人员")
    prefix = models.CharField("编号前缀", max_length=20)
    start = models.PositiveIntegerField("起始号")
    end = models.PositiveIntegerField("终止号")
    next_no = models.PositiveIntegerField("下一个可用号")
    allocated_on = models.DateField("领用日期")
    allocated_by = models.CharField("发放人", max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "当场处罚决定书领用登记"
        ordering = ["prefix", "start"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                              name="form_range_ordered")]

    def __str__(self) -> str:
        return f"{self.number(self.start)}–{self.number(self.end)}"

    def number(self, n: int) -> str:
        return f"{self.prefix}{n:0{len(str(self.end))}d}"

    @property
    def exhausted(self) -> bool:
        return self.next_no > self.end


class SimpleForm(models.Model):
    """One form number used: issued with a decision, or voided (a spoiled paper form) with
    its reason. Unique per range and number: a number is never used twice."""

    ISSUED, VOIDED = "issued", "voided"
    STATUSES = [(ISSUED, "已使用"), (VOIDED, "已作废")]
    form_range = models.ForeignKey(FormRange, on_delete=models.PROTECT, related_name="forms",
                                   verbose_name="领用登记")
    number = models.PositiveIntegerField("序号")
    form_no = models.CharField("决定书编号", max_length=40, unique=True)
    status = models.CharField("状态", max_length=8, choices=STATUSES)
    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="simple_form", verbose_name="案件")
    reason = models.CharField("作废原因", max_length=300, blank=True)
    on = models.DateField("日期")
    by = models.CharField("登记人", max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "当场处罚决定书使用登记"
        ordering = ["form_range", "number"]
        constraints = [models.UniqueConstraint(fields=["form_range", "number"],
                                               name="simple_form_once")]

    def __str__(self) -> str:
        return self.form_no


class SimplePenalty(models.Model):
    """An on-the-spot penalty (当场处罚), one-to-one with `cases.Case`; written only by the
    simple procedure's effects through the engine."""

    COLLECTION_REASONS = [("small", "依法给予一百元以下罚款（第六十八条第一项）"),
                          ("hard", "不当场收缴事后难以执行（第六十八条第二项）"),
                          ("remote", "边远、水上、交通不便地区当事人提出（第六十九条）")]
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="simple_penalty")
    party_type = models.CharField("当事人类型", max_length=12, choices=PARTY_TYPES)
    party_name = models.CharField("当事人", max_length=200, db_index=True)
    party_id = models.CharField("统一社会信用代码/身份证件号码", max_length=40, db_index=True)
    party_contact = models.CharField("联系方式", max_length=100, blank=True)
    party_birth_date = models.DateField("出生日期", null=True, blank=True)
    violation_code = models.CharField("违法行为代码", max_length=40)
    violation = models.CharField("违法行为", max_length=500)
    legal_basis = models.CharField("处罚依据", max_length=500)
    category = models.CharField("执法类别", max_length=40)
    sector = models.CharField("执法领域", max_length=40, blank=True)
    officer = models.ForeignKey("subjects.Officer", on_delete=models.PROTECT,
                                related_name="simple_penalties", verbose_name="执法人员")
    occurred_at = models.DateTimeField("违法行为时间")
    place = models.CharField("违法行为地点", max_length=200)
    kind = models.CharField("处罚种类", max_length=12)
    fine = models.DecimalField("罚款金额（元）", max_digits=10, decimal_places=2, null=True,
                               blank=True)
    threshold = models.CharField("适用的简易程序限额", max_length=200)
    remedies = models.TextField("救济途径和期限")
    form_no = models.CharField("决定书编号", max_length=40, db_index=True)
    decided_on = models.DateField("决定日期")
    party_signed = models.BooleanField("当事人签收", default=False)
    refusal_note = models.CharField("拒绝签收情况", max_length=300, blank=True)
    delivered_on = models.DateField("交付日期", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    collection_reason = models.CharField("当场收缴情形", max_length=8, blank=True,
                                         choices=COLLECTION_REASONS)
    collection_note = models.CharField("当场收缴说明", max_length=300, blank=True)
    receipt_no = models.CharField("罚款收据编号", max_length=40, blank=True, db_index=True)
    collected_on = models.DateField("当场收缴日期", null=True, blank=True)
    on_water = models.BooleanField("水上当场收缴", default=False)
    landed_on = models.DateField("抵岸日期", null=True, blank=True)
    handed_on = models.DateField("交至行政机关日期", null=True, blank=True)
    banked_on = models.DateField("缴付银行日期", null=True, blank=True)
    paid_on = models.DateField("当事人缴纳日期", null=True, blank=True)
    published_on = models.DateField("公示日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "当场行政处罚"

    def __str__(self) -> str:
        return f"{self.form_no} {self.party_name}"

    # What the credit link (links.decided) reads of a decision
    referral_id = None

    @property
    def decision_no(self) -> str:
        return self.form_no

    @property
    def kinds(self) -> list[str]:
        return [self.kind]
# -- full-process records (执法全过程记录, 《行政处罚法》第四十七条; 国办发〔2018〕118号) -------------
WRITTEN, AUDIO, VIDEO = "written", "audio", "video"
RECORD_KINDS = [(WRITTEN, "文字记录"), (AUDIO, "音频记录"), (VIDEO, "视频记录")]
AV_KINDS = frozenset({AUDIO, VIDEO})
RETENTION = [("case_file", "与案卷同期保存"), ("30y", "保存30年"), ("permanent", "永久保存")]


class ProcessRecord(models.Model):
    """One written or audio/video record of a step of a penalty case. Its file is stored
    content-addressed outside the database (or held in the agency's audio/video archive,
    then only registered with its hash); its metadata is also an event of the case's hash
    chain ("record:<kind>", event_seq), so a record changed afterwards no longer verifies."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="process_records")
    kind = models.CharField("记录类型", max_length=8, choices=RECORD_KINDS)
    step = models.CharField("所属环节", max_length=40)
    title = models.CharField("记录名称", max_length=200)
    device = models.CharField("记录设备", max_length=100, blank=True)
    started_at = models.DateTimeField("开始时间")
    stopped_at = models.DateTimeField("结束时间")
    officer_ids = models.JSONField("执法人员", default=list)
    officer_names = models.JSONField("执法人员姓名", default=list)
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    size = models.BigIntegerField("文件大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    path = models.CharField("存储位置", max_length=200, blank=True)
    archive_ref = models.CharField("音像档案存放位置", max_length=200, blank=True)
    retention = models.CharField("保存期限", max_length=12, choices=RETENTION)
    recorded_by = models.CharField("登记人", max_length=100)
    recorded_on = models.DateField("登记日期")
    event_seq = models.PositiveIntegerField("案件历史序号")
    # The transition that relied on this record (its event's seq), once one did
    used_seq = models.PositiveIntegerField("所支持的办案环节序号", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法全过程记录"
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["case", "step", "kind"], name="penalty_record_step")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"


class RecordPolicy(models.Model):
    """An agency's audio/video recording item list (音像记录事项清单): the steps that need an
    audio or video record, and how long its records are kept. Without a row the dated,
    cited default of `config.AV_STEPS` and `config.RETENTION` applies (UNVERIFIED)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="record_policies")
    av_steps = models.JSONField("须音像记录的环节", default=list)
    retention = models.CharField("保存期限", max_length=12, choices=RETENTION)
    citation = models.CharField("依据", max_length=200)
    effective_from = models.DateField("施行日期")

    class Meta:
        verbose_name = verbose_name_plural = "音像记录事项清单"
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} {self.effective_from}"
