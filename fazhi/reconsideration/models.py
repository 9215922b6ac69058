"""The reconsideration case (行政复议案件), one-to-one with `cases.Case`: the application,
the track (ordinary or simplified), the reply, the hearing and the decision.

Written only by the procedure's effects (through the engine)."""

from decimal import Decimal

from django.db import models

from fazhi.cases.models import Case
from fazhi.org.models import Agency

CHANNELS = [("online", "网上提交"), ("in_person", "当面递交"), ("post", "邮寄"),
            ("oral", "口头申请（当场记录）")]
ACT_KINDS = [("on_the_spot", "当场作出的行政行为"), ("warning", "警告或者通报批评"),
             ("penalty", "其他行政处罚"), ("gio", "政府信息公开"), ("inaction", "不履行法定职责"),
             ("licence", "行政许可"), ("other", "其他行政行为")]
ORDINARY, SIMPLIFIED = "ordinary", "simplified"
TRACKS = [(ORDINARY, "普通程序"), (SIMPLIFIED, "简易程序")]
DECISIONS = {
    "change": "变更", "revoke": "撤销", "partial_revoke": "部分撤销", "confirm_illegal": "确认违法",
    "order_performance": "责令履行", "confirm_void": "确认无效", "uphold": "维持",
    "reject_claim": "驳回行政复议请求", "dismiss": "驳回行政复议申请",
}
# Decisions that correct the act (纠错): the corrected rate of the annual report
CORRECTING = frozenset({"change", "revoke", "partial_revoke", "confirm_illegal",
                        "order_performance", "confirm_void"})
ZERO = Decimal("0")


class Expert(models.Model):
    """A member of the reconsideration committee's expert pool (行政复议委员会专家库): the
    pool, in code order, is the published candidate list of every committee draw."""

    code = models.CharField("专家编号", max_length=20, unique=True)
    name = models.CharField("姓名", max_length=40)
    field = models.CharField("专业领域", max_length=60)
    active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议委员会专家"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Reconsideration(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="reconsideration")
    body = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                             verbose_name="行政复议机关")
    respondent = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="被申请人")
    channel = models.CharField("申请方式", max_length=12, choices=CHANNELS)
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_id = models.CharField("身份证件号码/统一社会信用代码", max_length=40)
    applicant_contact = models.CharField("联系方式", max_length=100)
    act = models.CharField("被申请复议的行政行为", max_length=500)
    act_kind = models.CharField("行政行为类别", max_length=12, choices=ACT_KINDS)
    act_no = models.CharField("行政行为文书编号", max_length=100, blank=True)
    act_date = models.DateField("行政行为作出日期")
    known_on = models.DateField("知道该行政行为之日")
    told_of_right = models.BooleanField("已告知申请复议的权利和期限", default=True)
    right_known_on = models.DateField("知道申请复议权利和期限之日", null=True, blank=True)
    real_property = models.BooleanField("因不动产提出", default=False)
    amount = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, null=True,
                                 blank=True)
    request = models.TextField("行政复议请求")
    reasons = models.TextField("事实和理由")
    good_reason = models.TextField("耽误申请期限的正当理由", blank=True)
    window_note = models.TextField("申请期限核对", blank=True)
    disclosure_case = models.CharField("原政府信息公开案件编号", max_length=60, blank=True)
    corrections = models.PositiveSmallIntegerField("补正通知次数", default=0)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("视为受理", default=False)
    track = models.CharField("审理程序", max_length=12, choices=TRACKS, blank=True)
    converted = models.BooleanField("由简易程序转为普通程序", default=False)
    major = models.BooleanField("重大、疑难、复杂案件", default=False)
    committee = models.JSONField("行政复议委员会专家抽取", default=dict, blank=True)
    committee_opinion = models.TextField("行政复议委员会咨询意见", blank=True)
    reply_on = models.DateField("被申请人答复日期", null=True, blank=True)
    no_reply = models.BooleanField("被申请人逾期未答复", default=False)
    reply = models.TextField("被申请人答复意见", blank=True)
    parties_heard = models.BooleanField("已听取当事人意见", default=False)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_record_no = models.CharField("听证笔录编号", max_length=60, blank=True)
    resume_state = models.CharField("中止前状态", max_length=40, blank=True)
    suspended_on = models.DateField("中止日期", null=True, blank=True)
    proposal = models.JSONField("决定意见", default=dict, blank=True)
    decision = models.CharField("决定类型", max_length=20, blank=True,
                                choices=list(DECISIONS.items()))
    decided_on = models.DateField("决定日期", null=True, blank=True)
    redo_ordered = models.BooleanField("责令重新作出行政行为", default=False)
    decision_text = models.TextField("决定内容", blank=True)
    decision_no = models.CharField("行政复议决定书文号", max_length=60, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    published = models.BooleanField("已公开", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议案件"
        indexes = [models.Index(fields=["published", "decided_on"], name="recon_published")]

    def __str__(self) -> str:
        return f"{self.applicant_name}：{self.act[:40]}"

    @property
    def simplified(self) -> bool:
        return self.track == SIMPLIFIED
