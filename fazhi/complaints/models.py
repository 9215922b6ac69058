"""Consumer complaints and reports (消费维权, 市场监管投诉举报): one row per case, one-to-one
with `cases.Case`, written only by the procedures' effects (through the engine).

A complaint (投诉) asks the market regulator to mediate a consumer dispute with a named
business; a report (举报) asks it to investigate a violation. A submission that is both
splits: the report is its own case (`Report.complaint` names the complaint it came with).
The business is the directory's market entity when known (`entity`, its USCC NFKC-normalised
and validated), else a name and an address. The complainant's and reporter's personal data
is never public (the track page masks it); the title of a case is the business and the
matter only."""

from django.db import models

from fazhi.cases.models import Case
from fazhi.subjects.models import MarketEntity

CHANNELS = [("online", "网上投诉举报"), ("phone", "12315电话"), ("letter", "信件"),
            ("visit", "来访")]
KINDS = [("complaint", "投诉"), ("report", "举报"), ("both", "投诉并举报")]
# 第十五条 (restated): the grounds on which a complaint is not accepted
REFUSALS = [("not_consumer", "不是为生活消费需要购买、使用商品或者接受服务"),
            ("no_jurisdiction", "不属于本部门管辖"),
            ("court", "法院、仲裁机构、其他行政机关或者消费者协会已经受理或者处理"),
            ("handled", "已经受理或者处理过的同一投诉，无新情况、新理由"),
            ("no_business", "未提供被投诉人的名称、地址等真实身份信息"),
            ("late", "超过规定时效（自知道或者应当知道之日起超过三年）"),
            ("other", "其他不予受理的情形")]
ENDINGS = [("no_agreement_45", "四十五个工作日内未能达成调解协议"),
           ("refused", "被投诉人明确拒绝调解或者一方无正当理由不参加调解"),
           ("no_agreement", "一方明确表示无法达成调解协议"),
           ("other_end", "其他应当终止调解的情形")]
DECISIONS = [("open", "立案（移送执法办案）"), ("no_case", "不予立案")]


class Business(models.Model):
    """The business complained about or reported (被投诉人、被举报人)."""

    entity = models.ForeignKey(MarketEntity, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name="市场主体")
    business_name = models.CharField("经营者名称", max_length=200)
    business_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    business_address = models.CharField("经营地址", max_length=200, blank=True)

    class Meta:
        abstract = True


class Complaint(Business):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="complaint")
    channel = models.CharField("投诉形式", max_length=8, choices=CHANNELS)
    complainant_name = models.CharField("投诉人", max_length=100)
    applicant_id = models.CharField("投诉人身份证件号码", max_length=40, db_index=True)
    complainant_contact = models.CharField("投诉人联系电话", max_length=100, blank=True)
    subject = models.CharField("投诉事项", max_length=200)
    facts = models.TextField("事实和理由")
    request = models.TextField("投诉请求")
    amount = models.DecimalField("涉及金额（元）", max_digits=12, decimal_places=2, null=True,
                                 blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    refusal = models.CharField("不予受理的情形", max_length=16, choices=REFUSALS, blank=True)
    sessions = models.PositiveIntegerField("调解次数", default=0)
    agreement = models.TextField("调解协议内容", blank=True)
    agreed_on = models.DateField("达成调解协议日期", null=True, blank=True)
    ending = models.CharField("终止调解的情形", max_length=16, choices=ENDINGS, blank=True)
    ended_on = models.DateField("终止调解决定日期", null=True, blank=True)
    told_on = models.DateField("告知双方日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消费投诉"
        indexes = [models.Index(fields=["business_uscc", "case"], name="complaint_business_idx")]

    def __str__(self) -> str:
        return self.subject


class Report(Business):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="consumer_report")
    complaint = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="split_reports", verbose_name="同时提出的投诉")
    channel = models.CharField("举报形式", max_length=8, choices=CHANNELS)
    reporter_name = models.CharField("举报人", max_length=100)
    applicant_id = models.CharField("举报人身份证件号码", max_length=40, db_index=True)
    reporter_contact = models.CharField("举报人联系电话", max_length=100, blank=True)
    violation = models.CharField("举报的违法行为", max_length=500)
    facts = models.TextField("事实和证据线索")
    decision = models.CharField("核查结论", max_length=8, choices=DECISIONS, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    lead_number = models.CharField("执法案件线索编号", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "举报"
        indexes = [models.Index(fields=["business_uscc", "case"], name="report_business_idx")]

    def __str__(self) -> str:
        return self.violation[:60]

    # The opening schema's names for the reporter (ReportIntake: a split report opens with
    # the complaint's fields), so generic readers of a case's opening data find them here.
    @property
    def complainant_name(self) -> str:
        return self.reporter_name

    @property
    def complainant_contact(self) -> str:
        return self.reporter_contact
