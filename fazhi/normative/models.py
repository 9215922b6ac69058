"""Administrative normative documents (行政规范性文件): domain/instruments.md §1.

`NormativeDocument` is one-to-one with its `cases.Case` (procedure "normative"); the
engine writes the case and its history, the effects (drafting.py, legality.py,
publishing.py, filing.py, validity.py, suggestions.py) write these rows.
Comments, reviews, filings, cleanup items and review suggestions hang off the document.
"""

from datetime import date
from functools import cached_property

from django.db import models
from django.db.models import Q

from fazhi.cases.models import Case, Clock
from fazhi.core.models import Chained
from fazhi.org.models import Agency

GOVERNMENT, DEPARTMENTAL = "government", "departmental"
DOC_TYPES = [(GOVERNMENT, "政府规范性文件"), (DEPARTMENTAL, "部门规范性文件")]

# status (§1.2): draft → commenting → under_review → (revising) → reviewed → deliberated →
# registered → published/in_force → amended / repealed / invalid / expired
DRAFT, COMMENTING, COMMENT_CLOSED = "draft", "commenting", "comment_closed"
UNDER_REVIEW, REVISING, REVIEWED = "under_review", "revising", "reviewed"
DELIBERATED, REGISTERED = "deliberated", "registered"
PUBLISHED, IN_FORCE = "published", "in_force"  # published = not yet effective
EXPIRED, REPEALED, INVALID, WITHDRAWN = "expired", "repealed", "invalid", "withdrawn"
STATUSES = [
    (DRAFT, "起草中"), (COMMENTING, "征求意见中"), (COMMENT_CLOSED, "征求意见结束"),
    (UNDER_REVIEW, "合法性审核中"), (REVISING, "退回修改"), (REVIEWED, "审核通过"),
    (DELIBERATED, "已集体审议"), (REGISTERED, "已登记编号"), (PUBLISHED, "已公布待施行"),
    (IN_FORCE, "现行有效"), (EXPIRED, "有效期届满失效"), (REPEALED, "已废止"),
    (INVALID, "已宣布失效"), (WITHDRAWN, "已撤回"),
]
STATUS_LABELS = dict(STATUSES)
# statuses of a document that has been published (the public library's universe)
PUBLIC_STATUSES = frozenset({PUBLISHED, IN_FORCE, EXPIRED, REPEALED, INVALID})
ENDED_STATUSES = frozenset({EXPIRED, REPEALED, INVALID})
LIVE_STATUSES = frozenset({PUBLISHED, IN_FORCE})
PRE_REVIEW_STATUSES = frozenset({DRAFT, COMMENTING, COMMENT_CLOSED, REVISING, UNDER_REVIEW})


class NormativeDocument(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, primary_key=True,
                                related_name="normative")
    title = models.CharField("标题", max_length=200)
    doc_type = models.CharField("类型", max_length=20, choices=DOC_TYPES)
    issuer = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="normative_docs",
                               verbose_name="制定机关")
    co_issuers = models.ManyToManyField(Agency, blank=True, related_name="co_issued_normative_docs",
                                        verbose_name="联合发文机关")
    drafting_unit = models.CharField("起草单位", max_length=100)
    legal_basis = models.TextField("制定依据", help_text="每行一项：法律、法规、规章和政策依据")
    subject = models.TextField("主要内容", blank=True)
    burdens_rights = models.BooleanField("涉及减损权利或增加义务", default=False)
    market_related = models.BooleanField("涉及市场主体生产经营活动", default=False)
    body = models.TextField("正文", blank=True)
    drafting_explanation = models.TextField("起草说明", blank=True)
    is_provisional = models.BooleanField("暂行/试行", default=False)

    status = models.CharField("状态", max_length=20, choices=STATUSES, default=DRAFT)
    drafted_by_user_id = models.IntegerField("登记草案的用户", null=True, blank=True)
    drafted_by = models.CharField("登记草案人", max_length=100, blank=True)

    comment_opens_on = models.DateField("征求意见开始日", null=True, blank=True)
    comment_closes_on = models.DateField("征求意见截止日", null=True, blank=True)
    comment_close_provisional = models.BooleanField(
        "征求意见最短期限为临时计算", default=False,
        help_text="最短期限涉及放假安排尚未公布的年度：公布后重新核对，不足的自动顺延")
    comment_channel = models.CharField("征求意见渠道", max_length=200, blank=True)
    comment_summary = models.TextField("意见采纳情况说明", blank=True)
    comment_summary_published = models.BooleanField("已公布意见采纳情况", default=False)

    deliberation_meeting = models.CharField("审议会议", max_length=200, blank=True)
    deliberated_on = models.DateField("审议日期", null=True, blank=True)
    deliberation_minutes = models.TextField("审议纪要", blank=True)
    non_adoption_reasons = models.TextField("未采纳审核意见的理由", blank=True)
    signed_by = models.CharField("签发人", max_length=40, blank=True)
    signed_on = models.DateField("签发日期", null=True, blank=True)

    number_year = models.PositiveIntegerField("编号年度", null=True, blank=True)
    number_seq = models.PositiveIntegerField("年度序号", null=True, blank=True)
    doc_no = models.CharField("发文字号", max_length=60, blank=True)
    registration_no = models.CharField("统一登记号", max_length=60, blank=True)
    disclosure_index_no = models.CharField("索引号", max_length=60, blank=True)
    registered_on = models.DateField("登记日期", null=True, blank=True)

    published_at = models.DateField("公布日期", null=True, blank=True)
    publication_channels = models.CharField("公布渠道", max_length=200, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    ended_on = models.DateField("失效日期", null=True, blank=True,
                                help_text="废止、宣布失效或有效期届满后不再适用的第一日")
    interpretation = models.TextField("政策解读", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政规范性文件"
        constraints = [
            models.UniqueConstraint(fields=["doc_no"], condition=~Q(doc_no=""),
                                    name="normative_unique_doc_no"),
            models.UniqueConstraint(fields=["registration_no"], condition=~Q(registration_no=""),
                                    name="normative_unique_registration_no"),
            models.UniqueConstraint(fields=["disclosure_index_no"],
                                    condition=~Q(disclosure_index_no=""),
                                    name="normative_unique_index_no"),
            models.UniqueConstraint(fields=["issuer", "number_year", "number_seq"],
                                    condition=Q(number_seq__isnull=False),
                                    name="normative_unique_issuer_year_seq"),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="normative_status_valid"),
            models.Index(fields=["issuer", "number_year"], name="normative_issuer_year"),
            models.Index(fields=["effective_from", "ended_on"], name="normative_in_force"),
            # Lookups by 发文字号 (import, amend/repeal links): the partial unique index
            # above serves only queries that repeat its condition.
            models.Index(fields=["doc_no"], name="normative_doc_no"),
        ]

    def __str__(self) -> str:
        return self.doc_no or self.title

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def legal_basis_list(self) -> list[str]:
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    def in_force_on(self, day: date) -> bool:
        """Point-in-time validity (§1.8): published, effective, not past validity, not ended."""
        return (self.published_at is not None and self.effective_from is not None
                and self.effective_from <= day
                and (self.valid_until is None or day <= self.valid_until)
                and (self.ended_on is None or day < self.ended_on))

    def comment_open_on(self, day: date) -> bool:
        return (self.status == COMMENTING and self.comment_opens_on is not None
                and self.comment_closes_on is not None
                and self.comment_opens_on <= day <= self.comment_closes_on)


AMENDS, REPEALS, REPLACES = "amends", "repeals", "replaces"
LINK_KINDS = [(AMENDS, "修改"), (REPEALS, "废止"), (REPLACES, "替代")]


class DocumentLink(models.Model):
    """`source` amends / repeals / replaces `target`. A repeal by a cleanup decision that is
    not itself a normative document in the system keeps `source` empty and cites `cited_as`."""

    source = models.ForeignKey(NormativeDocument, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="links_out", verbose_name="依据文件")
    target = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT,
                               related_name="links_in", verbose_name="被修改/废止/替代的文件")
    kind = models.CharField("关系", max_length=10, choices=LINK_KINDS)
    effective_on = models.DateField("生效日期")
    cited_as = models.CharField("依据", max_length=200, blank=True)
    cleanup_item = models.ForeignKey("CleanupItem", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文件关系"
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"],
                                    condition=Q(source__isnull=False), name="normative_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source or self.cited_as} {self.get_kind_display()} {self.target}"


PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
MODERATION = [(PENDING, "待审核"), (APPROVED, "已通过"), (REJECTED, "未通过")]
HANDLING = [("adopted", "采纳"), ("partly", "部分采纳"), ("not_adopted", "不予采纳"),
            ("explained", "已说明")]


class Comment(Chained):
    """A public comment on a draft (§1.4); moderated before it counts, handled by the agency.
    Its submission, moderation and handling are its history (core.Event, kind "comment")."""

    history_kind, history_label = "comment", "征求意见"
    history_state = ("moderation", "handling")

    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT,
                                 related_name="comments")
    author_kind = models.CharField("身份", max_length=20, choices=[
        ("citizen", "公民"), ("enterprise", "企业"), ("association", "行业协会商会"),
        ("organisation", "其他组织")])
    author_name = models.CharField("姓名/名称", max_length=100)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    text = models.TextField("意见内容")
    submitted_on = models.DateField("提交日期")
    submitted_at = models.DateTimeField(auto_now_add=True)
    source_hash = models.CharField(max_length=64, blank=True)  # hashed IP, for abuse review
    moderation = models.CharField("审核", max_length=10, choices=MODERATION, default=PENDING)
    moderated_by = models.CharField("审核人", max_length=100, blank=True)
    moderation_note = models.CharField("审核说明", max_length=200, blank=True)
    handling = models.CharField("处理情况", max_length=20, choices=HANDLING, blank=True)
    handling_reason = models.TextField("处理理由", blank=True)
    handled_by = models.CharField("处理人", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "征求意见"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}：{self.text[:20]}"


PASS, PASS_WITH_CHANGES, FAIL = "pass", "pass_with_changes", "fail"
REVIEW_OUTCOMES = [(PASS, "合法"), (PASS_WITH_CHANGES, "修改后合法"), (FAIL, "不合法")]


class LegalityReview(models.Model):
    """One round of 合法性审核 (§1.5); a failed round sends the draft back, a new round follows.
    The round is a step of the document's case (fazhi.cases.review); rounds of earlier
    releases had a review case of their own (`legacy_case`, kept with its history)."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT,
                                 related_name="reviews")
    round = models.PositiveSmallIntegerField("轮次")
    legacy_case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="normative_review",
                                       verbose_name="原审核案件（已并入文件案件）")
    submitted_on = models.DateField("报送审核日期")
    submitted_by = models.CharField("报送人", max_length=100)
    package = models.JSONField("报送材料", default=dict)
    reviewer_agency = models.ForeignKey(Agency, on_delete=models.PROTECT,
                                        related_name="normative_reviews",
                                        verbose_name="审核机构")
    reviewer = models.CharField("审核人", max_length=100, blank=True)
    reviewer_user_id = models.IntegerField(null=True, blank=True)
    completed_on = models.DateField("审核完成日期", null=True, blank=True)
    checklist = models.JSONField("审核事项", default=dict)
    outcome = models.CharField("审核结论", max_length=20, choices=REVIEW_OUTCOMES, blank=True)
    opinion = models.TextField("审核意见", blank=True)
    reasons = models.TextField("不合法理由", blank=True)
    emergency = models.CharField("紧急情形", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "合法性审核"
        ordering = ["document_id", "round"]
        constraints = [models.UniqueConstraint(fields=["document", "round"],
                                               name="normative_review_round")]

    def __str__(self) -> str:
        return f"{self.document_id} 第{self.round}轮"

    @property
    def passed(self) -> bool:
        return self.outcome in (PASS, PASS_WITH_CHANGES)


FILING_CLOCK, CORRECTION_CLOCK = "normative.filing", "normative.correction"  # limit codes
FILING_STATUSES = [
    ("submitted", "已报送"), ("received", "已登记接收"), ("returned", "退回补报"),
    ("conforming", "审查通过"), ("correction", "要求纠正"), ("corrected", "已纠正"),
    ("revoked", "已撤销"),
]


class Filing(models.Model):
    """备案 and 备案审查 (§1.7). A returned filing is followed by a new Filing row. The filing
    review is a series of steps of the document's case taken by the filing body; filings of
    earlier releases had a case of their own (`legacy_case`, kept with its history)."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT,
                                 related_name="filings")
    legacy_case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="normative_filing",
                                       verbose_name="原备案审查案件（已并入文件案件）")
    filed_with = models.ForeignKey(Agency, on_delete=models.PROTECT,
                                   related_name="normative_filings_received",
                                   verbose_name="备案审查机关")
    filed_on = models.DateField("报备日期")
    # filed_on after the document's filing clock; recomputed when a calendar year loads
    is_late = models.BooleanField("逾期报备", default=False)
    status = models.CharField("状态", max_length=20, choices=FILING_STATUSES, default="submitted")
    formal_check_on = models.DateField("形式审查日期", null=True, blank=True)
    return_reasons = models.TextField("退回理由", blank=True)
    reviewed_on = models.DateField("审查完成日期", null=True, blank=True)
    review_opinion = models.TextField("审查意见", blank=True)
    correction_demand = models.TextField("纠正要求", blank=True)
    corrected_on = models.DateField("纠正完成日期", null=True, blank=True)
    correction_report = models.TextField("纠正情况报告", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "备案审查"
        ordering = ["document_id", "filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.document} → {self.filed_with}"

    # The limits are engine clocks (one stored, recomputed date each): the 报备期限 is the
    # document's filing clock, started at publication; the 纠正期限 the correction clock of
    # the document's case (of the filing's own case, for a filing of an earlier release).
    # Read from them, never copied.
    @cached_property
    def filing_clock(self) -> Clock | None:
        return Clock.objects.filter(case_id=self.document_id, code=FILING_CLOCK).first()

    @cached_property
    def correction_clock(self) -> Clock | None:
        if self.correction_demand == "":
            return None
        return Clock.objects.filter(case_id=self.legacy_case_id or self.document_id,
                                    code=CORRECTION_CLOCK).first()

    @property
    def due_on(self) -> date | None:
        return self.filing_clock.due_on if self.filing_clock else None

    @property
    def due_provisional(self) -> bool:
        return bool(self.filing_clock and self.filing_clock.provisional)

    @property
    def correction_due(self) -> date | None:
        return self.correction_clock.due_on if self.correction_clock else None

    @property
    def correction_provisional(self) -> bool:
        return bool(self.correction_clock and self.correction_clock.provisional)


class CleanupCampaign(models.Model):
    """清理 (§1.9): a campaign over a selection of documents, each with an outcome."""

    title = models.CharField("清理名称", max_length=200)
    trigger = models.TextField("清理原因")
    scope_term = models.CharField("筛选条件（依据或正文包含）", max_length=100, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cleanups",
                               verbose_name="组织机关")
    started_on = models.DateField("开始日期")
    created_by = models.CharField("创建人", max_length=100)
    decision_no = models.CharField("清理决定文号", max_length=60, blank=True)
    applied_on = models.DateField("决定生效日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件清理"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


KEEP, AMEND, REPEAL, DECLARE_INVALID = "keep", "amend", "repeal", "invalid"
CLEANUP_OUTCOMES = [(KEEP, "继续有效"), (AMEND, "修改"), (REPEAL, "废止"),
                    (DECLARE_INVALID, "宣布失效")]


class CleanupItem(models.Model):
    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.PROTECT, related_name="items")
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT,
                                 related_name="cleanup_items")
    outcome = models.CharField("清理结果", max_length=10, choices=CLEANUP_OUTCOMES, blank=True)
    reason = models.TextField("理由", blank=True)
    responsible_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name="责任单位")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.CharField("决定人", max_length=100, blank=True)
    applied = models.BooleanField("已执行", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "清理事项"
        ordering = ["campaign_id", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "document"],
                                               name="normative_cleanup_item_unique")]

    def __str__(self) -> str:
        return f"{self.document}：{self.get_outcome_display()}"


class ReviewSuggestion(models.Model):
    """审查建议 (§1.7, S13 #27): a citizen's suggestion that a document is unlawful; its own
    case (procedure "normative_suggestion") handled by the legal office."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, primary_key=True,
                                related_name="normative_suggestion")
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT,
                                 related_name="suggestions")
    suggester_name = models.CharField("建议人", max_length=100)
    contact = models.CharField("联系方式", max_length=100)
    grounds = models.TextField("建议理由")
    submitted_on = models.DateField("提交日期")
    answer = models.TextField("答复", blank=True)
    finding = models.CharField("审查结论", max_length=20, blank=True, choices=[
        ("lawful", "未发现违法"), ("unlawful", "存在违法情形，已要求纠正"),
        ("not_accepted", "不属于审查范围")])
    answered_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审查建议"

    def __str__(self) -> str:
        return self.case.number


class IssuerSeries(models.Model):
    """Numbering formats of one issuer (§1.6); every prefix is configuration, not code."""

    issuer = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="normative_series",
                                  verbose_name="制定机关")
    doc_no_prefix = models.CharField("发文字号前缀", max_length=20, help_text="如：厦府规")
    registration_prefix = models.CharField("登记号前缀", max_length=20, help_text="如：XMFG")
    index_prefix = models.CharField("索引号前缀", max_length=30, help_text="如：XM00122-12-01")

    class Meta:
        verbose_name = verbose_name_plural = "发文编号规则"

    def __str__(self) -> str:
        return f"{self.issuer}：{self.doc_no_prefix}"
