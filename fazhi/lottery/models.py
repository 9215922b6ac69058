"""Notarised lotteries (公证摇号): rounds, registrations, results, appeals, history.

Only the lottery command modules (rounds, registration, notary_steps, drawing, appeals,
through `fazhi.lottery.commands.act`) write these tables. A `Lottery` row is one round (one
draw); a daily lottery is a chain of rounds linked by `previous`, and a void draw is
re-run as a new attempt of the same round. Its history is core.Event (kind "lottery"),
append-only and hash-chained like every other history (fazhi.law.ledger).
"""

from django.db import models
from django.utils import timezone

from fazhi.core.models import Chained
from fazhi.org.models import Agency


class Lottery(Chained):
    history_kind, history_label = "lottery", "摇号"
    history_state = ("state", "attempt", "notary_agency_id", "file_hash", "merkle_root",
                     "notary_commitment", "notary_reveal")

    ANNOUNCED, OPEN, FROZEN, COMMITTED = "announced", "registration_open", "frozen", "committed"
    DRAWN, PUBLISHED, VOID = "drawn", "published", "void"
    STATES = {
        ANNOUNCED: "已公告",
        OPEN: "登记中",
        FROZEN: "名单已冻结",
        COMMITTED: "公证承诺已提交",
        DRAWN: "已摇号",
        PUBLISHED: "结果已公布",
        VOID: "摇号无效",
    }
    RECURRENCE = {"none": "不重复", "daily": "每日一期（未中签者自动转入下一期）"}
    WEIGHT_RULES = {
        "equal": "每人一票（权重均为 1）",
        "carryover": "每未中签一期加一票（上限为最大权重）",
    }
    UNUSED_QUOTA = {"error": "名额超过人数时不得摇号", "move-next": "多余名额依次转入下一组"}

    title = models.CharField("名称", max_length=120)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="lotteries",
                               verbose_name="组织机关")
    notary_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="notarised_lotteries",
                                      verbose_name="监督公证机构")
    rules = models.TextField("摇号规则")
    eligibility_text = models.TextField("参与条件")
    # Machine checks: {"min_age": int|None, "max_age": int|None, "id_prefixes": [str]}
    eligibility = models.JSONField("资格校验", default=dict)
    # [{"name": "individual", "label": "个人", "quota": 100, "alternates": 20}] in draw order
    pools = models.JSONField("分组")
    unused_quota = models.CharField("多余名额", max_length=10, default="error",
                                    choices=list(UNUSED_QUOTA.items()))
    weight_rule = models.CharField("权重规则", max_length=12, default="equal",
                                   choices=list(WEIGHT_RULES.items()))
    max_weight = models.PositiveIntegerField("最大权重", default=1)
    # [{"id": "kl8-{date}", "fallbacks": [...], "description": "..."}] ({date}, {round} expand)
    sources = models.JSONField("公开随机源")
    registration_opens_at = models.DateTimeField("登记开始")
    freeze_at = models.DateTimeField("名单冻结（登记截止）")
    draw_at = models.DateTimeField("摇号时间")
    appeal_hours = models.PositiveIntegerField("异议期（小时）", default=24)
    claim_hours = models.PositiveIntegerField("领取期限（小时）", default=36)
    recurrence = models.CharField("周期", max_length=10, default="none",
                                  choices=list(RECURRENCE.items()))
    last_round_on = models.DateField("最后一期日期", null=True, blank=True)
    round_no = models.PositiveIntegerField("期数", default=1)
    attempt = models.PositiveIntegerField("摇号次数", default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="following", verbose_name="上一期/上一次")

    state = models.CharField("状态", max_length=20, default=ANNOUNCED,
                             choices=list(STATES.items()))
    created_at = models.DateTimeField("公告时间", default=timezone.now)
    # freeze and commitment (T−1)
    spec_json = models.TextField("摇号规格（JSON）", blank=True)
    pool_file = models.TextField("名单文件", blank=True)
    file_hash = models.CharField("名单文件哈希", max_length=64, blank=True)
    merkle_root = models.CharField("默克尔根", max_length=64, blank=True)
    counts = models.JSONField("各组人数与票数", default=dict, blank=True)
    frozen_at = models.DateTimeField("冻结时间", null=True, blank=True)
    notary_commitment = models.CharField("公证承诺 c_N", max_length=64, blank=True)
    # draw (T)
    source_values = models.JSONField("随机源取值", default=dict, blank=True)
    source_evidence = models.JSONField("随机源证据", default=dict, blank=True)
    notary_reveal = models.CharField("公证随机数 r_N", max_length=64, blank=True)
    result_json = models.TextField("摇号结果（JSON）", blank=True)
    drawn_at = models.DateTimeField("摇号完成", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    void_reason = models.TextField("无效原因", blank=True)
    void_attempts = models.JSONField("无效的摇号", default=list, blank=True)
    corrections = models.JSONField("异议更正", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "摇号"
        ordering = ["-draw_at", "-pk"]
        indexes = [models.Index(fields=["state", "freeze_at"], name="lottery_state_freeze")]

    def __str__(self) -> str:
        return self.title

    @property
    def draw_id(self) -> str:
        base = f"XM-LOT-{self.pk:06d}-R{self.round_no}"
        return base if self.attempt == 1 else f"{base}-A{self.attempt}"

    @property
    def state_label(self) -> str:
        return self.STATES.get(self.state, self.state)

    def pool_label(self, name: str) -> str:
        return next((p.get("label") or name for p in self.pools if p["name"] == name), name)

    @property
    def appeal_until(self):
        return self.published_at + timezone.timedelta(hours=self.appeal_hours) \
            if self.published_at else None


class Registration(models.Model):
    """One entry per person per round, keyed by HMAC(ID number); a later entry of the
    same person replaces it once they prove they own it (the code, or a one-time code
    sent to the stored phone: see `EntryChange`).

    The ID-card number itself is not stored: the key proves "same person", the last four
    characters help the person recognise their entry.
    """

    lottery = models.ForeignKey(Lottery, on_delete=models.PROTECT, related_name="registrations")
    person_key = models.CharField(max_length=64)
    code = models.CharField("申请编码", max_length=16)
    name = models.CharField("姓名", max_length=40)
    id_tail = models.CharField("身份证号后四位", max_length=4)
    phone = models.CharField("手机号码", max_length=11)
    pool = models.CharField("分组", max_length=40)
    weight = models.PositiveIntegerField("票数", default=1)
    carried_from = models.ForeignKey(Lottery, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="转入自")
    created_at = models.DateTimeField("首次登记", default=timezone.now)
    updated_at = models.DateTimeField("最近登记", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "摇号登记"
        constraints = [
            models.UniqueConstraint(fields=["lottery", "person_key"], name="lottery_one_per_person"),
            models.UniqueConstraint(fields=["lottery", "code"], name="lottery_unique_code"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="lottery_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class EntryChange(models.Model):
    """A change to an existing entry, held until the person proves they own the entry with
    the one-time code sent to the phone stored on it. At most one per entry (a newer
    request replaces it); removed once applied, used up, or at the freeze."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE,
                                        related_name="held_change")
    name = models.CharField("姓名", max_length=40)
    phone = models.CharField("手机号码", max_length=11)
    pool = models.CharField("分组", max_length=40)
    otp_hash = models.CharField("验证码摘要", max_length=64)  # HMAC, never the code itself
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    created_at = models.DateTimeField("提出时间", default=timezone.now)
    expires_at = models.DateTimeField("验证码失效时间")

    class Meta:
        verbose_name = verbose_name_plural = "待验证的登记修改"

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.expires_at:%H:%M}"


class Selection(models.Model):
    """A winner or an ordered alternate of a drawn round, with the claim status."""

    WINNER, ALTERNATE = "winner", "alternate"
    WAITING, NOTIFIED, CLAIMED, UNCLAIMED, REMOVED = (
        "waiting", "notified", "claimed", "unclaimed", "removed")
    STATUSES = {
        WAITING: "候补等待",
        NOTIFIED: "已通知，待领取",
        CLAIMED: "已领取",
        UNCLAIMED: "逾期未领取",
        REMOVED: "经异议取消",
    }
    lottery = models.ForeignKey(Lottery, on_delete=models.PROTECT, related_name="selections")
    registration = models.ForeignKey(Registration, null=True, on_delete=models.PROTECT)
    code = models.CharField("申请编码", max_length=16)
    pool = models.CharField("分组", max_length=40)
    kind = models.CharField("类别", max_length=10,
                            choices=[(WINNER, "中签"), (ALTERNATE, "候补")])
    rank = models.PositiveIntegerField("顺序")
    key = models.CharField(max_length=64)
    status = models.CharField("状态", max_length=10, default=WAITING, choices=list(STATUSES.items()))
    promoted = models.BooleanField("候补递补", default=False)
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)
    claim_deadline = models.DateTimeField("领取截止", null=True, blank=True)
    claimed_at = models.DateTimeField("领取时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "中签与候补"
        ordering = ["lottery", "pool", "kind", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "code"], name="selection_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.kind} {self.rank}"

    @property
    def status_label(self) -> str:
        return self.STATUSES.get(self.status, self.status)


class Appeal(models.Model):
    OPEN, UPHELD, REJECTED = "open", "upheld", "rejected"
    STATUSES = {OPEN: "待答复", UPHELD: "异议成立", REJECTED: "异议不成立"}
    lottery = models.ForeignKey(Lottery, on_delete=models.PROTECT, related_name="appeals")
    code = models.CharField("申请编码", max_length=16)
    text = models.TextField("异议内容")
    status = models.CharField("状态", max_length=10, default=OPEN, choices=list(STATUSES.items()))
    answer = models.TextField("答复", blank=True)
    submitted_at = models.DateTimeField("提出时间", default=timezone.now)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "摇号异议"
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:20]}"

    @property
    def status_label(self) -> str:
        return self.STATUSES.get(self.status, self.status)
