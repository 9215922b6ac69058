"""People's mediation (人民调解): the committees and their mediators, and the mediation, one-to-one
with `cases.Case`, written only by the procedure's effects (through the engine). A committee
is hosted by an agency (a street office, a township, a justice bureau): the case belongs to
that agency, so the existing visibility filters scope it. The parties' personal data
(names, identity numbers, contacts) is never public: the track page masks it."""

from django.db import models

from fazhi.cases.models import Case
from fazhi.org.models import Agency

COMMITTEE_KINDS = [("village", "村民委员会人民调解委员会"), ("resident", "居民委员会人民调解委员会"),
                   ("street", "乡镇、街道人民调解委员会"), ("industry", "行业性、专业性人民调解委员会"),
                   ("enterprise", "企业事业单位人民调解委员会")]
SOURCES = [("application", "当事人申请"), ("initiative", "调解委员会主动调解"), ("referral", "移送委托调解")]
# 衔接联动 (domain §6.3): the referring body's kind
REFERRERS = [("court", "人民法院（诉调对接）"), ("petition", "信访部门（访调对接）"),
             ("police", "公安机关（警调对接）"), ("procuratorate", "人民检察院（检调对接）"),
             ("arbitration", "仲裁机构（裁调对接）")]
AGREEMENT_KINDS = [("written", "书面调解协议"), ("oral", "口头调解协议")]
ROUTES = [("arbitration", "仲裁"), ("administrative", "行政途径"), ("litigation", "诉讼")]
RULINGS = [("valid", "确认调解协议有效"), ("invalid", "驳回申请（调解协议无效或不予确认）")]


class Committee(models.Model):
    """人民调解委员会 (《人民调解法》第七条至第十二条)."""

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=12, choices=COMMITTEE_KINDS)
    host = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="mediation_committees",
                             verbose_name="所在机关（指导单位）")
    address = models.CharField("地址", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "人民调解委员会"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Mediator(models.Model):
    """人民调解员 (《人民调解法》第十三条、第十四条)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="mediators",
                                  verbose_name="人民调解委员会")
    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职务", max_length=50, blank=True)
    active = models.BooleanField("在职", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "人民调解员"
        ordering = ["committee", "name"]

    def __str__(self) -> str:
        return self.name


class Mediation(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="mediation")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="mediations",
                                  verbose_name="人民调解委员会")
    source = models.CharField("来源", max_length=12, choices=SOURCES)
    referrer_kind = models.CharField("移送机关类型", max_length=14, choices=REFERRERS, blank=True)
    referrer_body = models.CharField("移送机关", max_length=100, blank=True)
    referrer_number = models.CharField("移送机关案件编号", max_length=60, blank=True, db_index=True)
    referral_result = models.CharField("向移送机关反馈", max_length=200, blank=True)
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_id = models.CharField("申请人身份证件号码", max_length=40)
    applicant_contact = models.CharField("申请人联系电话", max_length=100, blank=True)
    respondent_name = models.CharField("对方当事人", max_length=100)
    respondent_contact = models.CharField("对方当事人联系电话", max_length=100, blank=True)
    subject = models.CharField("纠纷事项", max_length=200)
    facts = models.TextField("纠纷简要情况")
    request = models.TextField("调解请求")
    refused_by = models.CharField("拒绝调解的当事人", max_length=100, blank=True)
    mediators = models.ManyToManyField(Mediator, blank=True, related_name="mediations",
                                       verbose_name="调解员")
    chosen_by_parties = models.BooleanField("当事人选择调解员", default=False)
    public = models.BooleanField("公开调解", default=False)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    sessions = models.PositiveIntegerField("调解次数", default=0)
    agreement_kind = models.CharField("协议形式", max_length=8, choices=AGREEMENT_KINDS, blank=True)
    agreement = models.TextField("调解协议内容", blank=True)
    agreed_on = models.DateField("协议生效日期", null=True, blank=True)
    failure_route = models.CharField("告知的其他途径", max_length=14, choices=ROUTES, blank=True)
    court = models.CharField("受理司法确认的人民法院", max_length=100, blank=True)
    # the court when it is on the platform (an agency of kind "court", ADR 0048): it holds the
    # "court" part and records its own steps; blank: the committee records what it notified
    court_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="court_mediations",
                                     verbose_name="平台上的受理法院")
    court_number = models.CharField("司法确认案号", max_length=60, blank=True)
    confirmation_applied_on = models.DateField("申请司法确认日期", null=True, blank=True)
    ruling = models.CharField("司法确认裁定", max_length=8, choices=RULINGS, blank=True)
    ruling_served_on = models.DateField("裁定送达日期", null=True, blank=True)
    campaign = models.CharField("矛盾纠纷排查批次", max_length=60, blank=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "人民调解案件"

    def __str__(self) -> str:
        return self.subject


class Session(models.Model):
    """调解记录 (《人民调解法》第二十二条、第二十七条)."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="session_rows",
                                  verbose_name="人民调解案件")
    held_on = models.DateField("调解日期")
    place = models.CharField("地点", max_length=100, blank=True)
    public = models.BooleanField("公开进行", default=False)
    record = models.TextField("调解情况")

    class Meta:
        verbose_name = verbose_name_plural = "调解记录"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d}"
