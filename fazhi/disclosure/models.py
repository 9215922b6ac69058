"""A request for government information disclosure (依申请公开), one-to-one with its case."""

from django.db import models

from fazhi.cases.models import Case, Clock

NATURAL, ORGANISATION = "natural", "organisation"
APPLICANT_TYPES = [(NATURAL, "自然人"), (ORGANISATION, "法人或其他组织")]
ORG_CATEGORIES = [
    ("business", "商业企业"), ("research", "科研机构"), ("public_interest", "社会公益组织"),
    ("legal_service", "法律服务机构"), ("other", "其他"),
]
# 条例第三十一条: how the receipt date (D0) is fixed depends on the channel.
CHANNELS = [
    ("online", "互联网渠道"), ("in_person", "当面提交"), ("registered_post", "邮寄（需签收）"),
    ("ordinary_mail", "平常信函"), ("fax", "传真"),
]
FORMS = [("paper", "纸质"), ("electronic", "电子文档"), ("read", "现场查阅")]
DELIVERIES = [("post", "邮寄"), ("email", "电子邮件"), ("pickup", "自行领取"), ("online", "网上获取")]
CONSULT_METHODS = [("direct", "直接送达"), ("electronic", "电子送达"), ("post", "邮寄")]
SERVICE_METHODS = [
    ("direct", "直接送达"), ("post", "邮寄送达"), ("electronic", "电子送达"), ("entrusted", "委托送达"),
]


class DisclosureRequest(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, primary_key=True,
                                related_name="disclosure")
    applicant_type = models.CharField("申请人类型", max_length=20, choices=APPLICANT_TYPES)
    org_category = models.CharField("组织类别", max_length=20, choices=ORG_CATEGORIES, blank=True)
    applicant_name = models.CharField("姓名/名称", max_length=100)
    id_number = models.CharField("身份证件号码/统一社会信用代码", max_length=40)
    legal_rep = models.CharField("法定代表人/负责人", max_length=40, blank=True)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    channel = models.CharField("申请渠道", max_length=20, choices=CHANNELS)
    description = models.TextField("所需信息的名称、文号或者便于查询的其他特征性描述")
    doc_number = models.CharField("文号", max_length=80, blank=True)
    form = models.CharField("提供形式", max_length=20, choices=FORMS)
    delivery = models.CharField("获取方式", max_length=20, choices=DELIVERIES)

    correction_requested_on = models.DateField("补正通知日期", null=True, blank=True)
    correction_defects = models.TextField("需补正事项", blank=True)
    correction_due = models.DateField("补正期限", null=True, blank=True)
    corrected_on = models.DateField("收到补正日期", null=True, blank=True)

    consult_kind = models.CharField("征求意见对象类型", max_length=20, blank=True)
    consult_party = models.CharField("征求意见对象", max_length=100, blank=True)
    consult_sent_on = models.DateField("征求意见日期", null=True, blank=True)
    consult_method = models.CharField("征求意见书送达方式", max_length=20,
                                      choices=CONSULT_METHODS, blank=True)
    # Empty while a posted letter's receipt is only presumed (the party's clock says so).
    consult_received_on = models.DateField("对方收到日期", null=True, blank=True)
    consult_opinion = models.CharField("对方意见", max_length=20, blank=True)

    extended_on = models.DateField("延期批准日期", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_notified_on = models.DateField("告知申请人延期日期", null=True, blank=True)

    fee_basis = models.CharField("收费方式", max_length=20, blank=True)
    fee_quantity = models.PositiveIntegerField("计费件数或页数", null=True, blank=True)
    fee_prior = models.PositiveIntegerField("本月此前件数", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("信息处理费（元）", null=True, blank=True)
    fee_notice_on = models.DateField("收费通知送达日期", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    answer_type = models.CharField("答复类型", max_length=10, blank=True)
    answer_ground = models.CharField("理由", max_length=40, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=20, choices=SERVICE_METHODS,
                                      blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        indexes = [models.Index(fields=["id_number"], name="disclosure_applicant")]

    def __str__(self) -> str:
        return self.case.number

    # The parties' due dates are clocks of the case (recomputed on calendar load, flagged
    # provisional); these read them, so there is one stored date per thing.
    def _clock_due(self, code: str):
        return Clock.objects.filter(case_id=self.case_id, code=code).values_list(
            "due_on", flat=True).first()

    @property
    def consult_due(self):
        """The consulted party's last day to answer (第三十二条, 第三十四条)."""
        return self._clock_due(f"disclosure.{self.consult_kind}") if self.consult_kind else None

    @property
    def fee_due(self):
        """The applicant's last day to pay the fee (国办函〔2020〕109号)."""
        return self._clock_due("disclosure.fee_payment") if self.fee_basis else None
