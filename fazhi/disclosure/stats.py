"""Part 3 of the annual report (政府信息公开工作年度报告): requests received and handled.

Layout, rows and columns follow the mandatory format 国办公开办函〔2021〕30号 (domain/
procedures.md §1.5). Counting rules (docs/decisions/0005-disclosure-answer-mapping.md):

- 一 new: received_on in the year.
- 二 carried over: received before the year and not closed before 1 January.
- 三 results: closed in the year, in the row `answers.report_row(outcome, ground)` gives.
- 四 carried forward: received by 31 December and not closed by then.

A case's closing date is the service date of its reply (served_on: the day the reply is
made, 国办公开办函〔2016〕235号) or, for lapses and withdrawals, the local date
(Asia/Shanghai) of closed_at. A reply not yet served is still pending. The same definition
feeds 二 of one year and 四 of the year before, so the two always agree.

Everything is computed with two grouped queries, whatever the number of cases.
"""

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case as Switch
from django.db.models import CharField, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate

from fazhi.cases.models import Case
from fazhi.core.errors import NotFound
from fazhi.disclosure.answers import WITHHOLD_GROUNDS, report_row
from fazhi.disclosure.models import NATURAL, ORG_CATEGORIES
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

FORMAT = "国办公开办函〔2021〕30号"
FIRST_YEAR = 2008  # the 2007 Regulation took effect on 2008-05-01: no report before that

TOTAL = "total"
ORG_COLUMNS = [code for code, _ in ORG_CATEGORIES]
COLUMNS: list[tuple[str, str]] = [(NATURAL, "自然人"), *ORG_CATEGORIES, (TOTAL, "总计")]
COLUMN_CODES = [code for code, _ in COLUMNS]

CHECK_TEXT = "第一项加第二项之和，等于第三项加第四项之和"
CHECK_NOTE = f"（本列数据的勾稽关系为：{CHECK_TEXT}）"
UNVERIFIED_NOTE = (
    "以下归类尚待法制机构确认："
    "已主动公开（第三十六条第（一）项）计入“（一）予以公开”；"
    "不属于本机关负责公开（第三十六条第（五）项）计入“（四）无法提供 1.本机关不掌握相关政府信息”；"
    "按照有关法律、行政法规办理（第三十六条第（七）项）计入“（六）其他处理 3.其他”。"
)
PENDING_NOTE = (
    "办结日期：答复以送达日期为准（国办公开办函〔2016〕235号），已答复但至12月31日尚未送达的，"
    "计入“四、结转下年度继续办理”；逾期不补正、逾期未缴费和申请人撤回的，以终止处理之日为准。"
    "申请人撤回的计入“（六）其他处理 3.其他”。"
)


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    group: str = ""  # the heading it sits under: "三、本年度办理结果" and e.g. "（三）不予公开"
    subgroup: str = ""


RESULTS = "三、本年度办理结果"


def _sub(prefix: str, heading: str, labels: list[str]) -> list[Row]:
    return [Row(f"{prefix}.{i}", f"{i}.{label}", RESULTS, heading)
            for i, label in enumerate(labels, 1)]


ROWS: list[Row] = [
    Row("1", "一、本年新收政府信息公开申请数量"),
    Row("2", "二、上年结转政府信息公开申请数量"),
    Row("3.1", "（一）予以公开", RESULTS),
    Row("3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", RESULTS),
    *_sub("3.3", "（三）不予公开", [label for label, _ in WITHHOLD_GROUNDS.values()]),
    *_sub("3.4", "（四）无法提供", ["本机关不掌握相关政府信息", "没有现成信息需要另行制作",
                                 "补正后申请内容仍不明确"]),
    *_sub("3.5", "（五）不予处理", ["信访举报投诉类申请", "重复申请", "要求提供公开出版物",
                                 "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"]),
    *_sub("3.6", "（六）其他处理", [
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他"]),
    Row("3.7", "（七）总计", RESULTS),
    Row("4", "四、结转下年度继续办理"),
]
ROW_IDS = {row.id for row in ROWS}
RESULT_ROWS = [row.id for row in ROWS if row.group == RESULTS and row.id != "3.7"]


@dataclass(frozen=True)
class LabelCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Line:
    """One rendered row: its label cells (with the official merges) and its values."""

    row: Row
    labels: list[LabelCell]
    values: list[int]


@dataclass(frozen=True)
class Check:
    column: str
    label: str
    received: int  # 一 + 二
    accounted: int  # 三(七) + 四

    @property
    def ok(self) -> bool:
        return self.received == self.accounted


@dataclass
class Table:
    year: int
    agency: Agency | None  # None: city-wide
    cells: dict[str, dict[str, int]] = field(default_factory=dict)
    unmapped: int = 0  # closed cases whose outcome/ground maps to no row (a data error)

    @property
    def scope_label(self) -> str:
        return self.agency.name if self.agency else "全市"

    def value(self, row: str, column: str = TOTAL) -> int:
        return self.cells.get(row, {}).get(column, 0)

    def add(self, row: str, column: str, count: int) -> None:
        line = self.cells.setdefault(row, {})
        line[column] = line.get(column, 0) + count
        line[TOTAL] = line.get(TOTAL, 0) + count

    @property
    def checks(self) -> list[Check]:
        return [Check(code, label, self.value("1", code) + self.value("2", code),
                      self.value("3.7", code) + self.value("4", code))
                for code, label in COLUMNS]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def lines(self) -> list[Line]:
        return [Line(row, labels, [self.value(row.id, c) for c in COLUMN_CODES])
                for row, labels in zip(ROWS, label_layout(), strict=True)]


def label_layout() -> list[list[LabelCell]]:
    """The label cells of each row in the official three-column stub, with its merges."""
    results = [row for row in ROWS if row.group == RESULTS]
    out: list[list[LabelCell]] = []
    seen_group, seen_sub = False, set()
    for row in ROWS:
        cells: list[LabelCell] = []
        if not row.group:
            out.append([LabelCell(row.label, colspan=3)])
            continue
        if not seen_group:
            cells.append(LabelCell(RESULTS, rowspan=len(results)))
            seen_group = True
        if not row.subgroup:
            cells.append(LabelCell(row.label, colspan=2))
        else:
            if row.subgroup not in seen_sub:
                size = sum(1 for r in ROWS if r.subgroup == row.subgroup)
                cells.append(LabelCell(row.subgroup, rowspan=size))
                seen_sub.add(row.subgroup)
            cells.append(LabelCell(row.label))
        out.append(cells)
    return out


def visible_agency(actor: Actor, agency_id: int | None) -> Agency | None:
    """The agency the table is for: staff outside city-wide roles only ever get their own;
    an agency the actor may not see is indistinguishable from a missing one."""
    if not actor.city_wide:
        if agency_id is not None and agency_id != actor.agency_id:
            raise NotFound("机关不存在")
        agency_id = actor.agency_id
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None or actor.kind != "staff":
        raise NotFound("机关不存在")
    return agency


def annual_table(year: int, actor: Actor, agency_id: int | None = None) -> Table:
    """Part 3 of the annual report for `year`, for one agency or (city-wide roles) all."""
    agency = visible_agency(actor, agency_id)
    start, end = date(year, 1, 1), date(year, 12, 31)
    cases = _annotated(actor, agency)
    table = Table(year=year, agency=agency)
    _count_flows(table, cases, start, end)
    _count_results(table, cases, start, end)
    return table


def _annotated(actor: Actor, agency: Agency | None) -> QuerySet[Case]:
    cases = Case.objects.visible_to(actor).filter(procedure="disclosure")
    if agency is not None:
        cases = cases.filter(agency=agency)
    tz = ZoneInfo(settings.TIME_ZONE)
    column = Switch(
        When(disclosure__applicant_type=NATURAL, then=Value(NATURAL)),
        When(disclosure__org_category__in=ORG_COLUMNS, then=F("disclosure__org_category")),
        default=Value("other"), output_field=CharField())
    closed_on = Switch(
        When(is_open=True, then=Value(None, output_field=DateField())),
        default=Coalesce("disclosure__served_on", TruncDate("closed_at", tzinfo=tz)),
        output_field=DateField())
    return cases.annotate(category=column, closed_on=closed_on).order_by()


def _count_flows(table: Table, cases: QuerySet[Case], start: date, end: date) -> None:
    """Rows 一, 二 and 四 in one grouped query with conditional counts."""
    open_at_start = Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    open_at_end = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    relevant = Q(received_on__lte=end) & (Q(received_on__gte=start) | open_at_start)
    rows = (cases.filter(relevant).values("category").annotate(
        new=Count("pk", filter=Q(received_on__gte=start)),
        carried=Count("pk", filter=Q(received_on__lt=start)),
        pending=Count("pk", filter=open_at_end)))
    for row in rows:
        for row_id, key in (("1", "new"), ("2", "carried"), ("4", "pending")):
            table.add(row_id, row["category"], row[key])


def _count_results(table: Table, cases: QuerySet[Case], start: date, end: date) -> None:
    """Rows 三(一)–(七): closed cases grouped by (outcome, ground, column), mapped in Python
    per group (a few dozen groups at most, never per case)."""
    groups = (cases.filter(is_open=False, closed_on__gte=start, closed_on__lte=end)
              .values("outcome", "disclosure__answer_ground", "category")
              .annotate(n=Count("pk")))
    for group in groups:
        try:
            row = report_row(group["outcome"], group["disclosure__answer_ground"] or "")
        except KeyError:
            row = ""
        if row not in ROW_IDS:
            table.unmapped += group["n"]
            continue
        table.add(row, group["category"], group["n"])
        table.add("3.7", group["category"], group["n"])
