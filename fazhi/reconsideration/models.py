"""The reconsideration case (行政复议案件), one-to-one with `cases.Case`: the application,
the track (ordinary or simplified), the reply, the hearing and the decision.

Written only by the procedure's effects (through the engine)."""

from decimal import Decimal

from django.conf import settings
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
# 附带审查 (第五十六条至第六十条): the finding on the normative document's clauses
FINDINGS = {"lawful": "相关条款合法", "unlawful": "相关条款超越权限或者违反上位法"}
# Decisions the respondent performs (第七十七条): a redo, a change, an order to perform
PERFORMED = frozenset({"change", "order_performance"})
REDO_KINDS = frozenset({"revoke", "partial_revoke", "confirm_illegal"})
# 第七十八条: who enforces a decision the applicant neither sues against nor performs
ENFORCEMENT = {"respondent": "维持的：由作出行政行为的行政机关依法强制执行，或者申请人民法院强制执行",
               "body": "变更或者调解书：由行政复议机关依法强制执行，或者申请人民法院强制执行"}


class Expert(models.Model):
    """A member of the reconsideration committee's expert pool (行政复议委员会专家库): the
    pool, in code order, is the published candidate list of every committee draw."""

    code = models.CharField("专家编号", max_length=20, unique=True)
    name = models.CharField("姓名", max_length=40)
    field = models.CharField("专业领域", max_length=60)
    active = models.BooleanField("在库", default=True)
    # The expert's own sign-in (ADR 0049): drawn experts see their cases at /experts/,
    # declare a conflict of interest (回避) or submit their signed individual opinion.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="reconsideration_expert",
                                verbose_name="登录账号")

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
    # 规范性文件附带审查 (第十三条、第五十六条至第六十条): the request, the body's competence or
    # the transfer, the issuer's reply and the finding; `review` keeps the details
    review = models.JSONField("规范性文件附带审查", default=dict, blank=True)
    review_finding = models.CharField("附带审查结论", max_length=10, blank=True,
                                      choices=list(FINDINGS.items()))
    # 行政复议意见书 (第七十六条) and the copy to the superior authority (第七十九条第二款)
    letter_no = models.CharField("行政复议意见书文号", max_length=60, blank=True)
    letter_to = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", null=True,
                                  blank=True, verbose_name="意见书接收机关")
    letter_received_on = models.DateField("意见书送达日期", null=True, blank=True)
    letter_content = models.TextField("意见书内容", blank=True)
    letter_report = models.TextField("整改情况报告", blank=True)
    letter_reported_on = models.DateField("报告整改情况日期", null=True, blank=True)
    copied_to = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", null=True,
                                  blank=True, verbose_name="抄告的上一级主管部门")
    # 履行监督 (第七十七条、第七十八条)
    perform_required = models.BooleanField("须监督履行", default=False)
    perform_due = models.DateField("决定确定的履行期限", null=True, blank=True)
    performed_on = models.DateField("报告履行日期", null=True, blank=True)
    performance = models.TextField("履行情况", blank=True)
    perform_orders = models.PositiveSmallIntegerField("责令履行次数", default=0)
    accountability = models.TextField("约谈、通报批评等处理", blank=True)
    enforcement = models.CharField("强制执行途径", max_length=12, blank=True,
                                   choices=list(ENFORCEMENT.items()))

    class Meta:
        verbose_name = verbose_name_plural = "行政复议案件"
        indexes = [models.Index(fields=["published", "decided_on"], name="recon_published")]

    def __str__(self) -> str:
        return f"{self.applicant_name}：{self.act[:40]}"

    @property
    def simplified(self) -> bool:
        return self.track == SIMPLIFIED
