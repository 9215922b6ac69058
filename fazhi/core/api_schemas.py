"""Request and response schemas of both APIs, shared by the API shell (fazhi.api) and the
procedures' own routers (e.g. fazhi.disclosure.api), hence below both (ADR 0023). Inputs are strict (lengths, enums, date
formats) so random input is refused with a 422 rather than reaching the database."""

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StringConstraints

MAX_ID = 2**63 - 1  # BIGINT: a larger id is refused before the query
MAX_PAGE = 200
MAX_OFFSET = 1_000_000

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{0,59}$")]
Text = Annotated[str, StringConstraints(max_length=100)]


class FieldError(Schema):
    field: str = Field(description="出错的字段（空表示整体）")
    message: str = Field(description="中文说明")


class ErrorOut(Schema):
    code: str = Field(description="错误代码，如 not_found、not_allowed、invalid_data")
    message: str = Field(description="中文说明")
    errors: list[FieldError] = Field(default_factory=list)


# -- staff: cases ---------------------------------------------------------------------

class CaseFilters(Schema):
    procedure: Code | None = Field(default=None, description="程序代码，如 disclosure")
    state: Code | None = Field(default=None, description="状态代码，如 processing")
    overdue: bool | None = Field(default=None, description="true：只看已逾期；false：只看未逾期")
    limit: int = Field(default=50, ge=1, le=MAX_PAGE)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class CaseSummary(Schema):
    id: int
    number: str
    procedure: str
    procedure_title: str
    title: str
    applicant_name: str
    agency_code: str
    agency_name: str
    state: str
    state_label: str
    is_open: bool
    received_on: date
    due_on: date | None
    due_provisional: bool
    overdue: bool
    outcome: str
    outcome_label: str


class CasePage(Schema):
    items: list[CaseSummary]
    limit: int
    offset: int
    next_offset: int | None = Field(description="下一页的 offset；为空表示没有更多（不做全表计数）")


class StopOut(Schema):
    start: date = Field(description="中止开始日（当日计入期限）")
    end: date | None = Field(description="中止结束日（当日不计入）；空：尚未结束")
    reason: str
    bound: date = Field(description="最迟结束日：未结束的中止计至此日，此后自动恢复计算")
    bound_reason: str = ""


class ClockOut(Schema):
    code: str
    label: str
    party: str = Field(default="", description="期限承担方；空为本机关的期限")
    citation: str
    started_on: date
    due_on: date
    provisional: bool
    paused: bool
    extended: bool
    state: str
    finished_on: date | None
    stops: list[StopOut]
    explanation: str = Field(description="期限说明，引用法条")


class ActionOut(Schema):
    action: str
    label: str
    primary: bool
    target_state: str | None
    data_schema: dict[str, Any] = Field(description="请求体（JSON 对象）的 JSON Schema")


class CaseDetail(CaseSummary):
    """No receipt code: it opens the case to whoever holds it, so staff never see it."""

    procedure_version: str
    opened_at: datetime
    closed_at: datetime | None
    event_count: int
    head_hash: str
    detail: dict[str, Any] = Field(description="程序明细（如政府信息公开申请的各项内容）")
    clocks: list[ClockOut]
    actions: list[ActionOut] = Field(description="当前用户现在可以执行的操作")


class EventOut(Schema):
    seq: int
    action: str
    action_label: str
    actor: str
    actor_kind: str
    at: str = Field(description="UTC 时间，与哈希计算所用文本一致")
    payload: dict[str, Any]
    state: dict[str, Any] | None = Field(description="该记录产生的案件状态（哈希覆盖）；v1 格式的记录为 null")
    format: int = Field(description="记录格式：1 为 fazhi-ledger-v1（不含状态），2 为 fazhi-ledger-v2")
    prev_hash: str
    hash: str


# -- time limits -----------------------------------------------------------------------

class ExtensionOut(Schema):
    value: int
    unit: str
    approver: str
    citation: str


class LimitOut(Schema):
    code: str
    label: str
    value: int
    unit: str
    unit_label: str
    trigger: str
    citation: str
    effective_from: date
    effective_to: date | None
    extension: ExtensionOut | None
    note: str


class DeadlineStopOut(Schema):
    start: date = Field(description="中止开始日（当日计入期限）")
    end: date | None = Field(description="中止结束日（当日不计入）；空：尚未结束")
    bound: date = Field(description="最迟结束日")
    reason: str
    applied: bool = Field(description="是否中止了计时；开始于期限届满日或之后的中止不中止计时")
    excluded_from: date | None = Field(description="不计入期限的第一日")
    excluded_to: date | None = Field(description="不计入期限的最后一日")
    excluded_days: int = Field(description="不计入的天数，单位与期限相同（工作日或日）")
    running: bool = Field(description="今天是否仍在中止中")


class DeadlineOut(Schema):
    code: str
    label: str
    citation: str
    started: date
    due: date
    provisional: bool
    paused: bool
    extended: bool
    stopped_days: int
    stops: list[DeadlineStopOut]
    explanation: str


class CheckpointOut(Schema):
    upto_event_id: int
    event_count: int
    root: str
    created_at: datetime


# -- public ------------------------------------------------------------------------------

class AgencyOut(Schema):
    code: str
    name: str
    short_name: str


class RecordSummary(Schema):
    id: int
    kind: str
    agency_code: str
    agency_name: str
    title: str
    published_at: datetime


class RecordDetail(RecordSummary):
    body: str
    data: dict[str, Any]


class RecordFilters(Schema):
    q: Text | None = Field(default=None, description="在标题和正文中检索")
    agency: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,20}$")] | None = Field(
        default=None, description="机关代码")
    kind: Code | None = Field(default=None, description="类别，如 disclosure.reply")
    limit: int = Field(default=20, ge=1, le=MAX_PAGE)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class RecordPage(Schema):
    items: list[RecordSummary]
    limit: int
    offset: int
    next_offset: int | None


class StepOut(Schema):
    label: str
    on: date


class CorrectionOut(Schema):
    defects: str
    due: date | None


class ReplyOut(Schema):
    answer: str
    article: str
    text: str
    replied_on: date | None
    served_on: date | None
    remedy: str


class TrackIn(Schema):
    receipt_code: str = Field(max_length=64, description="查询码，如 ABCD-EFGH-JKLM-NPQR（不区分大小写，可省略连字符）",
                              examples=["ABCD-EFGH-JKLM-NPQR"])


# The shell's facts of a case; `correction` and `reply` are filled in by the case's
# procedure (its declared party view, `PartyView.api`), when it has them.
class TrackOut(Schema):
    number: str
    procedure_title: str
    agency_name: str
    state_label: str
    is_open: bool
    received_on: date
    due_on: date | None
    due_provisional: bool
    due_explanation: str
    closed_on: date | None
    outcome_label: str
    correction: CorrectionOut | None
    reply: ReplyOut | None
    steps: list[StepOut]
