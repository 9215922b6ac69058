"""The case engine's tables. Only `fazhi.cases.engine` writes them."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.cases.querysets import CaseQuerySet
from fazhi.core.models import Chained
from fazhi.org import roles
from fazhi.org.models import Agency


class Case(Chained):
    """A case. Its history is core.Event (kind "case"), appended only by the engine."""

    history_kind, history_label = "case", "案件"
    history_state = ("state", "is_open", "outcome")
    derived_fields, derived_default = ("due_on", "due_provisional"), (None, False)

    procedure = models.CharField("程序", max_length=40)
    procedure_version = models.CharField("程序版本", max_length=20)
    number = models.CharField("案件编号", max_length=60, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases",
                               verbose_name="承办机关")
    title = models.CharField("事项", max_length=200)
    state = models.CharField("状态", max_length=40)
    is_open = models.BooleanField("办理中", default=True)
    applicant_name = models.CharField("申请人", max_length=100, blank=True)
    received_on = models.DateField("收到日期")
    opened_at = models.DateTimeField("登记时间", default=timezone.now)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=40, blank=True)
    due_on = models.DateField("最近期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限为临时计算", default=False)
    receipt_code = models.CharField("查询码", max_length=24, unique=True, null=True, blank=True)
    # HMAC of the party's ID number/USCC (fazhi.cases.parties, ADR 0045): whose matter this
    # is, for the citizen's view and the staff person view; never the number itself
    party_key = models.CharField("当事人标识", max_length=64, blank=True, default="",
                                 editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "案件"
        indexes = [
            models.Index(fields=["agency", "is_open", "due_on"], name="case_inbox"),
            models.Index(fields=["is_open", "due_on"], name="case_open_due"),
            models.Index(fields=["procedure", "received_on"], name="case_proc_received"),
            models.Index(fields=["party_key"], name="case_party"),
        ]

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today


class Participant(models.Model):
    """An agency's part on a case (reconsideration: applicant, respondent, reconsideration
    body; a normative document: drafting agency, legal office, filing body). Visibility and
    the engine's write check read these rows; a transition names the parts whose staff may
    take it. The opening agency holds the owner part. A part that is done (the review
    decided) stays, inactive: the agency still reads the case, it leaves its inbox."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="participations",
                               verbose_name="机关")
    role = models.CharField("在本案中的角色", max_length=40)
    active = models.BooleanField("在办", default=True,
                                 help_text="在办：案件在该机关的待办中；办毕后仍可查阅")
    since_seq = models.PositiveIntegerField("自第几条记录起", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "案件参与机关"
        constraints = [models.UniqueConstraint(fields=["case", "agency", "role"],
                                               name="participant_case_agency_role")]
        # the visibility and inbox subqueries: an agency's (active) cases
        indexes = [models.Index(fields=["agency", "active", "case"], name="participant_agency")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.agency_id}:{self.role}"


class Clock(models.Model):
    """One statutory time limit of a case, with its stored, explained due date.

    Most clocks are the agency's own limits; the earliest running one is the case's
    `due_on`. A party's clock (`party` set: the consulted third party's 15 WD, the
    applicant's payment period) is stored, explained and recomputed the same way but is
    not the agency's deadline, so it never sets `due_on`.
    """

    RUNNING, MET, MISSED, CANCELLED = "running", "met", "missed", "cancelled"
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    code = models.CharField("期限代码", max_length=60)
    party = models.CharField("期限承担方", max_length=40, blank=True,
                             help_text="空：本机关的期限；否则为须在期限内行事的当事方")
    started_on = models.DateField("起算日")
    note = models.CharField("起算说明", max_length=200, blank=True)
    # Each stop: {"start", "end" (null while open), "reason", "bound" (the latest end),
    # "bound_reason", and "bound_clock" when the bound is a party clock's due date}.
    stops = models.JSONField("中止区间", default=list)
    extended = models.BooleanField("已延长", default=False)
    due_on = models.DateField("截止日")
    provisional = models.BooleanField("临时", default=False)
    paused = models.BooleanField("中止中", default=False)
    explanation = models.TextField("期限说明")
    state = models.CharField(max_length=10, default=RUNNING)
    finished_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "期限"
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="clock_case_code")]
        indexes = [models.Index(fields=["state", "provisional"], name="clock_state_prov")]

    def __str__(self) -> str:
        return f"{self.code} → {self.due_on}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("类别", max_length=40)
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=200)  # relative to MEDIA_ROOT, content-addressed
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.CharField(max_length=100)
    event_seq = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.filename


class Counter(models.Model):
    """Gapless numbering: one row per (key, year), locked while a number is taken."""

    key = models.CharField(max_length=80)
    year = models.PositiveIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="counter_key_year")]

    def __str__(self) -> str:
        return f"{self.key}/{self.year}={self.value}"


NUMBER_PLACEHOLDERS = frozenset({"agency", "code", "year", "seq"})


def check_number_pattern(pattern: str) -> None:
    """A 文号 pattern names the sequence number and only the known placeholders."""
    names = set(re.findall(r"{(\w*)}", pattern))
    if "seq" not in names:
        raise ValidationError("文号格式须包含 {seq}（序号）")
    unknown = names - NUMBER_PLACEHOLDERS
    if unknown:
        raise ValidationError(f"文号格式中有未知的占位符：{'、'.join(sorted(unknown))}；"
                              "可用：{agency}（机关简称）、{code}（机关代码）、{year}、{seq}")


class DocumentNumbering(models.Model):
    """An agency's 文号 pattern for one series of formal documents (a procedure's code,
    e.g. disclosure): numbers run per agency, series and year (fazhi.cases.documents)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, verbose_name="机关")
    series = models.CharField("文书系列", max_length=40, help_text="程序代码，如 disclosure")
    pattern = models.CharField(
        "文号格式", max_length=80, validators=[check_number_pattern],
        help_text="如 厦司法公开〔{year}〕{seq}号；可用 {agency}（机关简称）、{code}（机关代码）、"
                  "{year}（年度）、{seq}（序号）")

    class Meta:
        verbose_name = verbose_name_plural = "文号格式"
        constraints = [models.UniqueConstraint(fields=["agency", "series"],
                                               name="numbering_agency_series")]

    def __str__(self) -> str:
        return f"{self.agency}:{self.series}"


class SignoffChain(models.Model):
    """An agency's internal sign-off of one action of a procedure before it goes out
    (拟办 → 审核 → 签发): the handler drafts, each step in order approves, the last signs and
    the action is taken. Internal practice, not a statutory step (ADR 0026). An agency
    without a chain takes the action directly."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, verbose_name="机关")
    procedure = models.CharField("程序", max_length=40, help_text="程序代码，如 disclosure")
    action = models.CharField("操作", max_length=40, help_text="操作代码，如 reply（作出答复）")

    class Meta:
        verbose_name = verbose_name_plural = "内部签发流程"
        constraints = [models.UniqueConstraint(fields=["agency", "procedure", "action"],
                                               name="signoff_chain_unique")]

    def __str__(self) -> str:
        return f"{self.agency}:{self.procedure}.{self.action}"


class SignoffStep(models.Model):
    chain = models.ForeignKey(SignoffChain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField("顺序")
    label = models.CharField("环节名称", max_length=20, help_text="如 审核、签发（最后一个环节即签发）")
    role = models.CharField("办理角色", max_length=40, choices=sorted(roles.LABELS.items()))

    class Meta:
        verbose_name = verbose_name_plural = "签发环节"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"


class Signoff(models.Model):
    """A draft on its way through the chain: the data the handler drafted, the chain's
    steps as they were when drafted, and how many have approved. Written only by
    fazhi.cases.signoff, each step also an entry in the case's history."""

    PENDING, DISPATCHED, RETURNED = "pending", "dispatched", "returned"
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="signoffs")
    action = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    steps = models.JSONField(default=list)  # [{"label": "审核", "role": "reviewer"}, …]
    passed = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(max_length=12, default=PENDING)
    drafted_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "拟办稿"
        indexes = [models.Index(fields=["case", "state"], name="signoff_case_state")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.action}:{self.state}"

    @property
    def next_step(self) -> dict | None:
        return self.steps[self.passed] if self.passed < len(self.steps) else None
