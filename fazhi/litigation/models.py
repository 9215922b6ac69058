"""The litigation response (行政应诉) case, one-to-one with `cases.Case`: the agency is the
defendant. Written only by the procedure's effects (through the engine). A court case is not
the agency's to publish: nothing here is shown on the portal except the indicators."""

from django.db import models

from fazhi.cases.models import Case

KINDS = [("judgment", "判决"), ("ruling", "裁定")]
# 《行政诉讼法》第六十九条至第七十七条 (judgments), 第六十二条 (withdrawal)
OUTCOMES = [("upheld", "判决驳回原告诉讼请求（第六十九条）"),
            ("revoked", "判决撤销或者部分撤销（第七十条）"),
            ("confirmed_illegal", "判决确认违法或者无效（第七十四条、第七十五条）"),
            ("ordered_perform", "判决履行法定职责或者给付义务（第七十二条、第七十三条）"),
            ("changed", "判决变更（第七十七条）"),
            ("dismissed", "裁定驳回起诉"),
            ("withdrawn", "原告撤诉（第六十二条）")]
# The agency lost: the act was found wrong (revoked, illegal or void, duty ordered, changed)
LOST = frozenset({"revoked", "confirmed_illegal", "ordered_perform", "changed"})
# What the agency must do after the judgment (第九十四条): lost cases
PERFORM = LOST
APPELLANTS = [("agency", "本机关上诉"), ("plaintiff", "原告上诉")]


class Litigation(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="litigation")
    court = models.CharField("受理法院", max_length=100)
    court_case_no = models.CharField("法院案号", max_length=60, db_index=True)
    plaintiff = models.CharField("原告", max_length=200)
    claims = models.TextField("诉讼请求")
    act = models.CharField("被诉行政行为", max_length=300)
    # The number of the Fazhi case whose act is challenged (a disclosure reply, a penalty):
    # a reference, not a key — procedure apps do not import each other (ADR 0023)
    challenged_case = models.CharField("被诉行为所在案件", max_length=60, blank=True,
                                       db_index=True)
    served_on = models.DateField("收到起诉状副本日期")
    defence_on = models.DateField("提交答辩状日期", null=True, blank=True)
    evidence = models.JSONField("证据清单", default=list, blank=True)
    defence_late = models.BooleanField("逾期答辩", default=False)
    hearings = models.PositiveSmallIntegerField("开庭次数", default=0)
    first_hearing_on = models.DateField("首次开庭日期", null=True, blank=True)
    head_appeared = models.BooleanField("负责人出庭应诉", default=False)
    instance = models.PositiveSmallIntegerField("审级", default=1)
    kind = models.CharField("裁判文书类型", max_length=10, choices=KINDS, blank=True)
    outcome = models.CharField("裁判结果", max_length=20, choices=OUTCOMES, blank=True)
    document_no = models.CharField("裁判文书号", max_length=60, blank=True)
    judged_on = models.DateField("裁判文书送达日期", null=True, blank=True)
    appealed_by = models.CharField("上诉人", max_length=10, choices=APPELLANTS, blank=True)
    concluded_on = models.DateField("裁判生效（撤诉）日期", null=True, blank=True)
    lost = models.BooleanField("败诉", default=False)
    corrected = models.BooleanField("行政行为被纠正", default=False)
    perform_by = models.DateField("判决确定的履行期限", null=True, blank=True)
    performed_on = models.DateField("履行日期", null=True, blank=True)
    performance = models.TextField("履行情况", blank=True)
    suggestions = models.PositiveSmallIntegerField("收到司法建议", default=0)
    suggestions_answered = models.PositiveSmallIntegerField("已回复司法建议", default=0)
    suggestion_no = models.CharField("最近一份司法建议书编号", max_length=60, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政应诉案件"

    def __str__(self) -> str:
        return f"{self.court_case_no} {self.plaintiff}"

    @property
    def must_perform(self) -> bool:
        return self.outcome in PERFORM


class Hearing(models.Model):
    """One court session and who appeared for the agency (《行政诉讼法》第三条第三款)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="court_hearings")
    held_on = models.DateField("开庭日期")
    instance = models.PositiveSmallIntegerField("审级", default=1)
    head_present = models.BooleanField("负责人出庭")
    head_name = models.CharField("出庭负责人", max_length=60, blank=True)
    deputy_name = models.CharField("受委托出庭人员", max_length=60, blank=True)
    deputy_title = models.CharField("受委托人员职务", max_length=60, blank=True)
    reason = models.CharField("负责人不能出庭的理由", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "开庭记录"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.head_name or self.deputy_name}"
