"""The petition (信访事项), one-to-one with `cases.Case`. Written only by the procedure's
effects (through the engine). The petitioner's personal data (name, identity number,
contact, address) is never public: the track page and exports mask it."""

from django.db import models

from fazhi.cases.models import Case
from fazhi.org.models import Agency

CHANNELS = [("online", "网上信访"), ("letter", "来信"), ("visit", "来访"), ("phone", "来电"),
            ("fax", "传真")]
MODES = [("transfer", "转送"), ("assign", "交办")]
# 《信访工作条例》第三十一条: the six ways; (1)–(5) follow their own statutes (诉访分离)
ROUTES = [("litigation", "诉讼、检察、公安等法定程序"),
          ("arbitration", "仲裁程序"),
          ("party", "党员申诉等党内程序"),
          ("administrative", "行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序"),
          ("duty", "检举控告违法行为、请求履行保护职责"),
          ("petition", "信访程序办理")]
ROUTED = frozenset(code for code, _ in ROUTES if code != "petition")
OPINIONS = [("support", "予以支持"), ("explain", "解释说明"), ("not_support", "不予支持")]
REVIEW_RESULTS = [("upheld", "维持"), ("changed", "变更")]


class Petition(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="petition")
    channel = models.CharField("信访形式", max_length=10, choices=CHANNELS)
    petitioner_name = models.CharField("信访人", max_length=100)
    # looked up with the matter key (index petition_matter, whose prefix also serves a
    # lookup by the number alone): no index of its own (ADR 0047)
    petitioner_id = models.CharField("身份证件号码", max_length=40)
    petitioner_contact = models.CharField("联系方式", max_length=100, blank=True)
    petitioner_address = models.CharField("通信地址", max_length=200, blank=True)
    representatives = models.JSONField("来访代表", default=list, blank=True)
    group_size = models.PositiveIntegerField("来访人数", default=1)
    subject = models.CharField("信访事项", max_length=200)
    request = models.TextField("信访请求")
    facts = models.TextField("事实和理由")
    about = models.CharField("反映对象", max_length=200, blank=True)
    # Same facts and grounds (同一事实和理由): the normalised subject's digest, or the
    # key of the earlier matter the office linked this one to (ADR 0040)
    matter_key = models.CharField("事项标识", max_length=40)
    related_number = models.CharField("关联的在先信访事项", max_length=60, blank=True)
    competent = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="办理机关")
    mode = models.CharField("转交方式", max_length=10, choices=MODES, blank=True)
    report_required = models.BooleanField("要求报送办理结果", default=False)
    route = models.CharField("分类处理", max_length=16, choices=ROUTES, blank=True)
    routed_to = models.CharField("导入的程序及机关", max_length=200, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    extension_reason = models.CharField("延期理由", max_length=500, blank=True)
    opinion = models.CharField("处理意见", max_length=12, choices=OPINIONS, blank=True)
    answered_on = models.DateField("处理意见送达日期", null=True, blank=True)
    review_body = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="复查机关")
    review_requested_on = models.DateField("收到复查请求日期", null=True, blank=True)
    review_result = models.CharField("复查意见", max_length=10, choices=REVIEW_RESULTS, blank=True)
    reviewed_on = models.DateField("复查意见送达日期", null=True, blank=True)
    rereview_body = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="复核机关")
    rereview_requested_on = models.DateField("收到复核请求日期", null=True, blank=True)
    rereview_result = models.CharField("复核意见", max_length=10, choices=REVIEW_RESULTS,
                                       blank=True)
    final = models.BooleanField("已复核终结", default=False)
    supervisions = models.PositiveIntegerField("督办次数", default=0)
    campaign = models.CharField("积案化解专项", max_length=60, blank=True, db_index=True)
    satisfaction = models.PositiveSmallIntegerField("满意度", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信访事项"
        indexes = [models.Index(fields=["petitioner_id", "matter_key"], name="petition_matter")]

    def __str__(self) -> str:
        return self.subject
