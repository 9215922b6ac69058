"""Key tasks, supervision findings and the annual rule-of-law government report.

Only reporting's command modules (report_import, key_tasks, supervision_findings,
annual_reports, report_publication) write these rows. Every change to a task, finding or
report appends a hash-chained event to its history (core.Event; ADR 0008, ADR 0018);
published reports and their figure snapshots are never edited.
"""

from datetime import date

from django.db import models
from django.utils import timezone

from fazhi.core.models import Chained
from fazhi.org.models import Agency

# -- imported reports -----------------------------------------------------------------


class ImportedReport(models.Model):
    """A report file read by `fazhi.law.reportparse`, kept as normalised text and tree."""

    filename = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件哈希", max_length=64, unique=True)
    encoding = models.CharField("编码", max_length=20)
    report_year = models.PositiveIntegerField("报告年度", null=True, blank=True)
    text = models.TextField("规范化文本")
    pinyin_removed = models.PositiveIntegerField("删除的拼音注音", default=0)
    flags = models.JSONField("疑似乱码", default=list)
    tree = models.JSONField("标题结构", default=list)
    warnings = models.JSONField("提示", default=list)
    # {"title", "title_line", "year", "issuer"} as the report states them (reportparse.Metadata)
    metadata = models.JSONField("报告信息", default=dict, blank=True)
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    imported_by = models.CharField("导入人", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "导入的年度报告"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.report_year or '?'}年报告（{self.filename}）"


# -- key tasks --------------------------------------------------------------------------


class LeadRule(models.Model):
    """Keyword → suggested lead agency, editable by the rule-of-law office."""

    keyword = models.CharField("关键词", max_length=40, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name="牵头单位")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "牵头单位建议规则"
        ordering = ["keyword"]

    def __str__(self) -> str:
        return f"{self.keyword} → {self.agency.short_name}"


class KeyTask(Chained):
    history_kind, history_label = "task", "工作要点任务"
    history_state = ("status", "percent", "lead_agency_id", "due_on", "completed_on")

    UNASSIGNED, ASSIGNED, IN_PROGRESS, DONE = "unassigned", "assigned", "in_progress", "done"
    STATUSES = [(UNASSIGNED, "待分解"), (ASSIGNED, "已分解"), (IN_PROGRESS, "推进中"),
                (DONE, "已完成")]

    year = models.PositiveIntegerField("年度")
    text = models.TextField("任务内容")
    area_number = models.PositiveIntegerField("领域序号", null=True, blank=True)
    area_title = models.CharField("领域", max_length=200, blank=True)
    source_path = models.JSONField("来源章节", default=list)
    source_report = models.ForeignKey(ImportedReport, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="tasks",
                                      verbose_name="来源报告")
    source_line = models.PositiveIntegerField("来源行号", null=True, blank=True)
    suggested_lead = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="建议牵头单位")
    suggested_keyword = models.CharField("建议依据关键词", max_length=40, blank=True)
    lead_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="lead_tasks", verbose_name="牵头单位")
    co_agencies = models.ManyToManyField(Agency, blank=True, related_name="co_tasks",
                                         verbose_name="配合单位")
    due_on = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=STATUSES, default=UNASSIGNED)
    percent = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    overdue_noted_for = models.DateField(null=True, blank=True)  # due date the tick flagged
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "工作要点任务"
        ordering = ["year", "area_number", "id"]
        indexes = [models.Index(fields=["year", "status", "due_on"], name="task_year_status_due"),
                   models.Index(fields=["lead_agency", "year"], name="task_lead_year")]

    def __str__(self) -> str:
        return self.text[:40]

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status != self.DONE and self.due_on is not None and self.due_on < today


class ProgressReport(models.Model):
    task = models.ForeignKey(KeyTask, on_delete=models.PROTECT, related_name="progress")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name="报送单位")
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度（%）")
    reported_on = models.DateField("报送日期")
    reported_by = models.CharField("报送人", max_length=100)
    evidence = models.JSONField("佐证材料", default=list)  # [{filename, sha256, size, ...}]

    class Meta:
        verbose_name = verbose_name_plural = "任务进展"
        ordering = ["task_id", "id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"


class SupervisionFinding(Chained):
    """督察 finding on a task or an agency, open until a rectification is accepted."""

    history_kind, history_label = "finding", "督察问题"
    history_state = ("status", "closed_on")

    OPEN, RECTIFYING, CLOSED = "open", "rectifying", "closed"
    STATUSES = [(OPEN, "待整改"), (RECTIFYING, "整改审核中"), (CLOSED, "已整改销号")]

    year = models.PositiveIntegerField("年度")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="findings",
                               verbose_name="被督察单位")
    task = models.ForeignKey(KeyTask, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="findings", verbose_name="相关任务")
    text = models.TextField("督察发现的问题")
    found_on = models.DateField("发现日期")
    rectify_by = models.DateField("整改期限")
    status = models.CharField("状态", max_length=20, choices=STATUSES, default=OPEN)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    created_by = models.CharField("督察人员", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "督察发现问题"
        ordering = ["status", "rectify_by", "id"]

    def __str__(self) -> str:
        return self.text[:40]

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status != self.CLOSED and self.rectify_by < today


class Rectification(models.Model):
    PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
    DECISIONS = [(PENDING, "待审核"), (ACCEPTED, "通过"), (REJECTED, "退回")]

    finding = models.ForeignKey(SupervisionFinding, on_delete=models.PROTECT,
                                related_name="rectifications")
    text = models.TextField("整改情况")
    evidence = models.JSONField("佐证材料", default=list)
    submitted_on = models.DateField("报送日期")
    submitted_by = models.CharField("报送人", max_length=100)
    decision = models.CharField("审核结果", max_length=10, choices=DECISIONS, default=PENDING)
    decision_note = models.CharField("审核意见", max_length=500, blank=True)
    decided_by = models.CharField("审核人", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改情况"
        ordering = ["finding_id", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.get_decision_display()}"


# -- annual reports --------------------------------------------------------------------------

SECTION_TITLES = {
    1: "一、{year}年推进法治政府建设的主要举措和成效",
    2: "二、{year}年推进法治政府建设存在的不足和原因",
    3: "三、党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
    4: "四、{next}年推进法治政府建设的主要安排",
    5: "五、其他需要报告的事项",
}


def section_title(number: int, year: int) -> str:
    return SECTION_TITLES[number].format(year=year, next=year + 1)


class AnnualReport(Chained):
    history_kind, history_label = "report", "年度报告"
    history_state = ("status", "text_sha256")

    DRAFT, APPROVED, PUBLISHED = "draft", "approved", "published"
    STATUSES = [(DRAFT, "草稿"), (APPROVED, "已审批"), (PUBLISHED, "已公布")]

    year = models.PositiveIntegerField("报告年度")
    scope = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="报告范围（空为全市）")
    owner = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="annual_reports",
                              verbose_name="起草机关")
    edition = models.PositiveIntegerField("版次", default=1)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="correction", verbose_name="更正前版本")
    correction_reason = models.TextField("更正原因", blank=True)
    title = models.CharField("标题", max_length=200)
    status = models.CharField("状态", max_length=20, choices=STATUSES, default=DRAFT)
    drafted_by = models.CharField("起草人", max_length=100)
    drafted_by_user_id = models.IntegerField(null=True, blank=True)
    approved_by = models.CharField("审批人", max_length=100, blank=True)
    approved_by_user_id = models.IntegerField(null=True, blank=True)
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    published_text = models.TextField("公布文本", blank=True)  # frozen plain text, for diffs
    text_sha256 = models.CharField(max_length=64, blank=True)
    ledger_event_id = models.BigIntegerField("账本位置（最大事件号）", null=True, blank=True)
    ledger_checkpoint_id = models.BigIntegerField("账本检查点（事件号）", null=True, blank=True)
    ledger_root = models.CharField("账本检查点根", max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "-edition"]
        constraints = [models.UniqueConstraint(fields=["year", "owner", "scope", "edition"],
                                               name="report_year_owner_scope_edition")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status == self.PUBLISHED


class ReportBlock(models.Model):
    NARRATIVE, FIGURE = "narrative", "figure"
    KINDS = [(NARRATIVE, "文字"), (FIGURE, "数据")]

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="blocks")
    section = models.PositiveSmallIntegerField("章节", choices=[(n, str(n)) for n in SECTION_TITLES])
    position = models.PositiveIntegerField("顺序", default=0)
    kind = models.CharField("类型", max_length=10, choices=KINDS, default=NARRATIVE)
    heading = models.CharField("小标题", max_length=200, blank=True)
    text = models.TextField("正文", blank=True)
    indicator = models.CharField("指标代码", max_length=80, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告段落"
        ordering = ["report_id", "section", "position", "id"]

    def __str__(self) -> str:
        return self.heading or self.indicator or self.text[:20]


class FigureSnapshot(models.Model):
    """A figure as published: never recomputed, never edited."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="figures")
    indicator = models.CharField("指标代码", max_length=80)
    name = models.CharField("指标", max_length=100)
    unit = models.CharField("单位", max_length=10, blank=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    value = models.FloatField("数值", null=True)
    numerator = models.BigIntegerField(null=True)
    denominator = models.BigIntegerField(null=True)
    breakdown = models.JSONField(default=dict)
    record_count = models.BigIntegerField("记录数")
    record_sha256 = models.CharField("记录集哈希", max_length=64)
    record_keys = models.JSONField("记录", default=list)
    public_rows = models.JSONField("公开记录", default=list)  # frozen public drill-down

    class Meta:
        verbose_name = verbose_name_plural = "公布时的指标快照"
        constraints = [models.UniqueConstraint(fields=["report", "indicator"],
                                               name="figure_report_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator}={self.value}"
