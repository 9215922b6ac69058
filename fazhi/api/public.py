"""The public API at /api/public/v1/: no authentication, read-only except applying.

It reads only the public read model (PublishedRecord, already redacted) and, for /track,
the one case a receipt code opens, as that case's party would see it (the procedure's
declared party view adds its fields), with personal data masked (whoever holds the code
sees it). Each app's routes (e.g. applying) come from its router (`Module.api_public`). The code travels in the request body, never in a
URL. Staff-side fields (handler names, internal notes, other applicants) are never
serialised here.
"""

from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import Throttled

from fazhi.api import errors
from fazhi.cases import procedure as registry
from fazhi.cases import tracking
from fazhi.cases.serializers import action_label, proc_of, running_clock
from fazhi.core import modules, throttle
from fazhi.core.api_schemas import (
    MAX_ID,
    MAX_PAGE,
    AgencyOut,
    CheckpointOut,
    ErrorOut,
    RecordDetail,
    RecordFilters,
    RecordPage,
    TrackIn,
    TrackOut,
)
from fazhi.core.errors import NotFound
from fazhi.core.models import Checkpoint
from fazhi.core.throttle import ScopeThrottle
from fazhi.org.models import Agency
from fazhi.publication.models import PublishedRecord

api = NinjaAPI(
    title="法治平台公共接口", version="1", urls_namespace="api-public-v1",
    description="公众使用的只读接口（提交政府信息公开申请除外），只提供已公开、已脱敏的信息。"
                "提交申请和查询进度按来源地址限流，超过返回 429。",
    docs_url=None, parser=errors.StrictParser())
errors.install(api)

RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _record_summary(record: PublishedRecord) -> dict[str, Any]:
    return {"id": record.pk, "kind": record.kind, "agency_code": record.agency.code,
            "agency_name": record.agency.name, "title": record.title,
            "published_at": record.published_at}


@api.get("/agencies", response=list[AgencyOut], tags=["agencies"], summary="行政机关名录")
def agencies(request: HttpRequest) -> list[Agency]:
    return list(Agency.objects.order_by("code"))


@api.get("/records", response={200: RecordPage} | ERRORS, tags=["records"],
         summary="已公开信息（可检索）")
def list_records(request: HttpRequest, filters: Query[RecordFilters]) -> dict[str, Any]:
    qs = PublishedRecord.objects.live().select_related("agency")
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(body__icontains=filters.q))
    if filters.agency:
        qs = qs.filter(agency__code=filters.agency)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    rows = list(qs[filters.offset:filters.offset + filters.limit + 1])
    more = len(rows) > filters.limit
    return {"items": [_record_summary(r) for r in rows[:filters.limit]],
            "limit": filters.limit, "offset": filters.offset,
            "next_offset": filters.offset + filters.limit if more else None}


@api.get("/records/{record_id}", response={200: RecordDetail} | ERRORS, tags=["records"],
         summary="一条已公开信息")
def get_record(request: HttpRequest, record_id: RecordId) -> dict[str, Any]:
    record = PublishedRecord.objects.live().select_related("agency").filter(pk=record_id).first()
    if record is None:
        raise NotFound("该信息不存在或已撤回")
    return _record_summary(record) | {"body": record.body, "data": record.data}


@api.post("/track", response={200: TrackOut} | ERRORS,
          throttle=[ScopeThrottle(throttle.TRACK)], tags=["track"],
          summary="凭查询码查询办理进度（查询码放在请求体中）")
def track(request: HttpRequest, payload: TrackIn) -> dict[str, Any]:
    try:
        case = tracking.case_for_code(payload.receipt_code)
    except tracking.CodeThrottled:
        raise Throttled(wait=throttle.TRACK_CODE.retry_after) from None
    if case is None:
        raise NotFound("查询码不存在，请核对后重新输入")
    proc = proc_of(case)
    clock = running_clock(case) if case.is_open else None
    party = modules.screens(case.procedure).party
    return {
        "number": case.number,
        "procedure_title": proc.title if proc else case.procedure,
        "agency_name": case.agency.name,
        "state_label": proc.state_label(case.state) if proc else case.state,
        "is_open": case.is_open, "received_on": case.received_on, "due_on": case.due_on,
        "due_provisional": case.due_provisional,
        "due_explanation": clock.explanation if clock else "",
        "closed_on": timezone.localtime(case.closed_at).date() if case.closed_at else None,
        "outcome_label": proc.outcomes.get(case.outcome, case.outcome) if proc else case.outcome,
        "correction": None, "reply": None,
        **(party.api(case) if party and party.api else {}),
        "steps": [{"label": action_label(proc, e.action),
                   "on": timezone.localtime(e.at_datetime).date()}
                  for e in case.events.order_by("seq") if not registry.is_record(e.action)],
    }


@api.get("/track/{receipt_code}", response={410: ErrorOut}, include_in_schema=False)
def track_in_path(request: HttpRequest, receipt_code: str) -> Status:
    """The former form, with the code in the URL (and so in access logs): looks nothing up."""
    return Status(410, errors.error_body(
        "gone", "查询码不再放在网址中：请改用 POST /api/public/v1/track，"
                "在请求体中提供 {\"receipt_code\": \"…\"}"))


@api.get("/ledger/checkpoints", response={200: list[CheckpointOut]} | ERRORS,
         tags=["ledger"], summary="账本检查点（最新在前），供外部核验")
def checkpoints(request: HttpRequest,
                limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> list[Checkpoint]:
    return list(Checkpoint.objects.order_by("-upto_event_id")[:limit])


for router in modules.routers("public"):
    api.add_router("", router)
