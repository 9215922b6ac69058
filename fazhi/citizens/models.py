"""A citizen's (or firm's) account, its one proof of identity, ratings and the staff
person-lookup audit (ADR 0045). No ID number is stored: only keyed digests of it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.cases.models import Case


class Citizen(models.Model):
    """A public user who has proved, once, who they are: the account's party key is the
    digest every case of theirs carries (Case.party_key); `keys` holds the digests of
    the apps that key their records otherwise (a lottery's person key), by app label."""

    PERSON, FIRM = "person", "firm"
    KINDS = [(PERSON, "个人"), (FIRM, "法人或其他组织")]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="citizen")
    kind = models.CharField("类别", max_length=10, choices=KINDS)
    display_name = models.CharField("姓名或名称", max_length=100)
    id_tail = models.CharField("证件号码后四位", max_length=4)
    party_key = models.CharField("当事人标识", max_length=64, db_index=True, blank=True)
    keys = models.JSONField("各模块的当事人标识", default=dict, blank=True)
    method = models.CharField("身份核验方式", max_length=20, blank=True)
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公众用户"

    def __str__(self) -> str:
        return f"{self.display_name}（尾号{self.id_tail}）"

    @property
    def verified(self) -> bool:
        return bool(self.party_key)


class Rating(models.Model):
    """The party's satisfaction rating of a closed matter, one per case, for procedures
    that have no rating of their own (petitions rate through their own `rate` action)."""

    SATISFIED, BASIC, UNSATISFIED = "satisfied", "basic", "unsatisfied"
    SCORES = [(SATISFIED, "满意"), (BASIC, "基本满意"), (UNSATISFIED, "不满意")]

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rating")
    score = models.CharField("评价", max_length=12, choices=SCORES)
    comment = models.CharField("意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "办理评价"

    def __str__(self) -> str:
        return f"{self.case_id}:{self.score}"


class PersonLookup(models.Model):
    """Audit of the staff person view: who looked up whom (the digest, never the number),
    when, and how many matters they were shown. Append-only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    staff_label = models.CharField("查询人", max_length=100)
    agency_id = models.IntegerField("查询人所在机关", null=True)
    party_key = models.CharField("被查询人标识", max_length=64, db_index=True)
    id_tail = models.CharField("证件号码后四位", max_length=4)
    reason = models.CharField("查询事由", max_length=200)
    shown = models.PositiveIntegerField("显示事项数")
    at = models.DateTimeField("查询时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "当事人事项查询记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.staff_label} {self.at:%Y-%m-%d %H:%M}"
