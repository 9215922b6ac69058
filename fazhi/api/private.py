"""The staff API at /api/v1/: session (with CSRF) or bearer-token auth; every case read
goes through `Case.objects.visible_to(actor)`, so another agency's case is a 404.

The shell's own routes (cases, time limits, the ledger) are here; each app's routes come
from its router (`Module.api_private`, e.g. fazhi.disclosure.api), mounted at the end."""

from datetime import date
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, NinjaAPI, Path, Query
from pydantic import StringConstraints

from fazhi.api import errors
from fazhi.api.auth import BearerToken, StaffSession, staff_docs_only
from fazhi.cases import serializers
from fazhi.cases.engine import advance
from fazhi.cases.models import Case
from fazhi.core import modules
from fazhi.core.api_schemas import (
    MAX_ID,
    MAX_PAGE,
    CaseDetail,
    CaseFilters,
    CasePage,
    CheckpointOut,
    DeadlineOut,
    ErrorOut,
    EventOut,
    LimitOut,
)
from fazhi.core.errors import Forbidden, InvalidData, NotFound
from fazhi.core.models import Checkpoint
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits
from fazhi.org.actors import Actor

api = NinjaAPI(
    title="法治平台工作人员接口", version="1", urls_namespace="api-v1",
    description="工作人员使用的 JSON 接口。认证：会话登录（修改操作须带 CSRF 令牌）"
                "或 `Authorization: Bearer <令牌>`。错误统一为 "
                '`{"code", "message", "errors": [{"field", "message"}]}`。',
    auth=[BearerToken(), StaffSession()], docs_url=None, docs_decorator=staff_docs_only,
    parser=errors.StrictParser())
errors.install(api)

CaseId = Annotated[int, Path(ge=1, le=MAX_ID, description="案件 ID", example=1)]
ActionCode = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,59}$", description="操作代码",
                                 example="reply")]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
StopText = Annotated[str, StringConstraints(
    pattern=r"^\d{4}-\d{2}-\d{2}:(\d{4}-\d{2}-\d{2})?(:[^:]{0,40})?$")]
EARLIEST, LATEST = date(1949, 1, 1), date(2099, 12, 31)  # the calendar's computable span

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = READ_ERRORS | {409: ErrorOut}


def actor_of(request: HttpRequest) -> Actor:
    return request.auth  # the auth classes return the staff Actor


def visible_case(request: HttpRequest, case_id: int) -> Case:
    case = (Case.objects.visible_to(actor_of(request)).select_related("agency")
            .filter(pk=case_id).first())
    if case is None:
        raise NotFound("案件不存在")
    return case


@api.get("/cases", response={200: CasePage} | READ_ERRORS, tags=["cases"],
         summary="收件箱：办理中的案件，按法定期限排序（逾期在前）")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    today = timezone.localdate()
    qs = Case.objects.inbox_for(actor_of(request)).select_related("agency")
    if filters.procedure:
        qs = qs.filter(procedure=filters.procedure)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.overdue is True:
        qs = qs.filter(due_on__lt=today)
    elif filters.overdue is False:
        qs = qs.filter(Q(due_on__gte=today) | Q(due_on__isnull=True))
    # One row more than asked says whether a next page exists, without a COUNT.
    rows = list(qs[filters.offset:filters.offset + filters.limit + 1])
    more = len(rows) > filters.limit
    return {"items": [serializers.case_summary(c, today) for c in rows[:filters.limit]],
            "limit": filters.limit, "offset": filters.offset,
            "next_offset": filters.offset + filters.limit if more else None}


@api.get("/cases/{case_id}", response={200: CaseDetail} | READ_ERRORS, tags=["cases"],
         summary="案件详情：明细、期限及其说明、当前可执行的操作")
def get_case(request: HttpRequest, case_id: CaseId) -> dict[str, Any]:
    case = visible_case(request, case_id)
    return serializers.case_detail(case, actor_of(request), timezone.localdate())


@api.get("/cases/{case_id}/events", response={200: list[EventOut]} | READ_ERRORS,
         tags=["cases"], summary="案件记录（哈希链）")
def case_events(request: HttpRequest, case_id: CaseId) -> list[dict[str, Any]]:
    case = visible_case(request, case_id)
    proc = serializers.proc_of(case)
    return [serializers.event_out(e, proc) for e in case.events.order_by("seq")]


@api.post("/cases/{case_id}/actions/{action}", response={200: CaseDetail} | WRITE_ERRORS,
          tags=["cases"], summary="执行一项操作（请求体为该操作的 JSON 对象）")
def take_action(request: HttpRequest, case_id: CaseId, action: ActionCode,
                data: Annotated[dict[str, Any], Body(description="操作数据，见案件详情中 actions[].data_schema")],
                ) -> dict[str, Any]:
    actor = actor_of(request)
    case = visible_case(request, case_id)
    if case.agency_id != actor.agency_id:
        raise Forbidden("只能办理本机关的案件")
    case = advance(case, action, actor, data)
    case = Case.objects.select_related("agency").get(pk=case.pk)
    return serializers.case_detail(case, actor, timezone.localdate())


@api.get("/limits", response={200: list[LimitOut]} | READ_ERRORS, tags=["law"],
         summary="全部已登记的法定时限（含施行日期）")
def list_limits(request: HttpRequest) -> list[dict[str, Any]]:
    return [serializers.limit_out(limit) for limit in timelimits.all_limits()]


def _date(text: str, what: str, field: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise InvalidData(f"{what}“{text}”不是有效日期，应为 YYYY-MM-DD", field=field) from None
    if not EARLIEST <= value <= LATEST:
        raise InvalidData(f"{what}应在 {EARLIEST} 至 {LATEST} 之间", field=field)
    return value


def _stop(text: str, field: str, *, running: bool = False) -> timelimits.Stop:
    """A stop as the kernel reads it (`fazhi deadline --stop / --open-stop` alike), with
    its dates inside the calendar's computable span."""
    try:
        found = timelimits.parse_stop(text, running=running)
    except ValueError as exc:
        raise InvalidData(str(exc), field=field) from None
    for day in (found.start, found.bound):
        _date(day.isoformat(), "中止日期", field)
    return found


@api.get("/deadline", response={200: DeadlineOut} | READ_ERRORS, tags=["law"],
         summary="计算法定期限的截止日期并说明依据")
def deadline(
    request: HttpRequest,
    code: Annotated[str, Query(pattern=r"^[a-z][a-z0-9_.]{0,59}$", description="时限代码，如 disclosure.reply",
                                    example="disclosure.reply")],
    start: Annotated[str, Query(alias="from", pattern=ISO_DATE, description="起算日（当日不计入），YYYY-MM-DD",
                                     example="2025-01-20")],
    extended: Annotated[bool, Query(description="已批准延长")] = False,
    stop: Annotated[list[StopText], Query(max_length=10, description=(
        "已结束的中止 START:END[:原因]：开始当日计入，次日至结束日不计入；可重复"))] = [],  # noqa: B006
    open_stop: Annotated[list[StopText], Query(max_length=10, description=(
        "尚未结束的中止 START:BOUND[:原因]，最迟至 BOUND（如对方答复期限届满日）；可重复"
    ))] = [],  # noqa: B006
) -> dict[str, Any]:
    started = _date(start, "起算日", "from")
    stops = [_stop(text, "stop") for text in stop] + [
        _stop(text, "open_stop", running=True) for text in open_stop]
    try:
        limit = timelimits.get(code, on=started)
    except KeyError as exc:
        raise InvalidData(exc.args[0], field="code") from None
    try:
        result = timelimits.evaluate(limit, current_calendar(), started, stops=stops,
                                     extended=extended, today=timezone.localdate())
    except (ValueError, OverflowError) as exc:
        raise InvalidData(str(exc), field="extended" if extended else "from") from None
    return {"code": limit.code, "label": limit.label, "citation": limit.citation,
            "started": started, "due": result.due, "provisional": result.provisional,
            "paused": result.paused, "extended": result.extended,
            "stopped_days": result.stopped_days,
            "stops": [span.as_json() for span in result.stops],
            "explanation": result.explanation}


@api.get("/ledger/checkpoints", response={200: list[CheckpointOut]} | READ_ERRORS,
         tags=["ledger"], summary="账本检查点（最新在前）")
def checkpoints(request: HttpRequest,
                limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> list[Checkpoint]:
    return list(Checkpoint.objects.order_by("-upto_event_id")[:limit])


for router in modules.routers("private"):
    api.add_router("", router)
