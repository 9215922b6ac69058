"""Staff pages of custody (workspace): the item list, seizure, an item with its chain and
the hand-over steps, the label, the inventory and overdue reports with their exports.

There is no public page: an item's code is printed on a label anyone handling it can read,
so a lookup by code would disclose nothing useful to the owner that the case itself does
not, and could disclose the owner to others (ADR 0033). The owner is notified on return.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook

from fazhi.cases.files import stored_file_response
from fazhi.cases.models import Case
from fazhi.core.errors import DomainError, InvalidData
from fazhi.core.i18n import local
from fazhi.core.pdf import pdf_response
from fazhi.core.web import staff_actor, staff_nav
from fazhi.custody import queries, services
from fazhi.custody.label import label_pdf
from fazhi.custody.models import STATES, Centre, Item, Photo
from fazhi.law.redaction import mask_name
from fazhi.org import roles
from fazhi.org.actors import Actor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 20_000


def items(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    state = request.GET.get("state", "")
    q = request.GET.get("q", "").strip()[:40]
    if q and (exact := Item.objects.visible_to(actor).filter(
            code=services.normalise_code(q)).first()):
        return redirect("custody:item", pk=exact.pk)  # a scanned label opens its item
    found = queries.for_actor(actor, state=state, q=q)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "custody/items.html", staff_nav(actor, request) | {
        "page": page, "states": STATES, "state": state, "q": q,
        "awaiting": queries.awaiting(actor)[:50],
        "can_seize": roles.HANDLER in actor.roles})


@require_http_methods(["GET", "POST"])
def seize(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    error, values = "", {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in (
            "case", "case_ref", "code", "description", "quantity", "unit", "value",
            "owner_name", "owner_phone", "location")}
        try:
            case = _case(actor, values.pop("case"))
            photos = [(f.name, f.read()) for f in request.FILES.getlist("photos")]
            created = services.seize(case, [values | {"photos": photos}], actor,
                                     timezone.localdate())
        except DomainError as exc:
            if exc.status == 403:
                raise
            error = local(exc.message)
            status = exc.status
        else:
            messages.success(request, local("已登记扣押财物 {}").format(created[0].code))
            return redirect("custody:item", pk=created[0].pk)
    else:
        status = 200
    cases = Case.objects.visible_to(actor).filter(agency_id=actor.agency_id, is_open=True)
    return render(request, "custody/seize.html", staff_nav(actor, request) | {
        "error": error, "values": values, "cases": cases.order_by("-id")[:200]}, status=status)


def _case(actor: Actor, raw: str) -> Case | None:
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise InvalidData(local("请选择案件"), field="case") from None
    case = Case.objects.visible_to(actor).filter(pk=pk).first()
    if case is None:
        raise InvalidData(local("案件不存在"), field="case")
    return case


def _item(actor: Actor, pk: int) -> Item:
    found = (Item.objects.visible_to(actor).select_related("agency", "centre__agency", "case")
             .filter(pk=pk).first())
    if found is None:
        raise Http404(local("涉案财物不存在"))
    return found


def item(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    return render(request, "custody/item.html", _item_context(request, actor, _item(actor, pk)))


def _item_context(request: HttpRequest, actor: Actor, found: Item, **extra) -> dict:
    holds = services.holds(found, actor)
    return staff_nav(actor, request) | {
        "item": found, "events": queries.events(found), "photos": found.photos.all(),
        "holds": holds and not found.pending_action,
        "may_accept": services.may_accept(found, actor),
        "may_withdraw": bool(found.pending_action) and (
            actor.user_id == found.pending_by or services.may_accept(found, actor)),
        "pending_label": services.HANDOVERS.get(found.pending_action, ("",))[0],
        "handovers": services.HANDOVERS, "centres": services.centres(),
        "needs_final": found.case_id is None and not found.final_ref
        and actor.agency_id == found.agency_id,
        "final": services.is_final(found),
        "values": {}, "error": ""} | extra


_ACTIONS = {
    "offer": lambda r, a, i, on: services.offer(i, r.POST.get("handover", ""), a, r.POST, on),
    "accept": lambda r, a, i, on: services.accept(i, a, on),
    "withdraw": lambda r, a, i, on: services.withdraw(i, a, on),
    "appraise": lambda r, a, i, on: services.appraise(i, a, r.POST, on),
    "final": lambda r, a, i, on: services.record_final(i, a, r.POST.get("decision_ref", ""), on),
    "photo": lambda r, a, i, on: services.add_photo(i, a, _upload(r), on),
}
_DONE = {"offer": "已提出交接，待接收方确认", "accept": "已确认接收", "withdraw": "已撤回交接",
         "appraise": "已登记鉴定", "final": "已登记生效决定", "photo": "已添加照片"}


def _upload(request: HttpRequest):
    upload = request.FILES.get("photo")
    if upload is None:
        raise InvalidData(local("请选择照片"), field="photo")
    return upload


@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    found = _item(actor, pk)
    handler = _ACTIONS.get(action)
    if handler is None:
        raise Http404(local("未知的操作"))
    try:
        handler(request, actor, found, timezone.localdate())
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        found = _item(actor, pk)
        return render(request, "custody/item.html", _item_context(
            request, actor, found, error=local(exc.message),
            values=request.POST.dict()), status=exc.status)
    messages.success(request, local(_DONE[action]))
    return redirect("custody:item", pk=pk)


def label(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    found = _item(actor, pk)
    return pdf_response(label_pdf(found), f"label-{found.code}.pdf", inline=True)


def photo(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    found = Photo.objects.filter(pk=pk, item__in=Item.objects.visible_to(actor)).first()
    if found is None:
        raise Http404(local("照片不存在"))
    return stored_file_response(found.path, found.filename, found.content_type)


def reports(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    today = timezone.localdate()
    overdue = queries.overdue(actor, today)
    fmt = request.GET.get("format", "")
    if fmt:
        return _export(_lines(overdue if request.GET.get("list") == "overdue"
                              else queries.for_actor(actor)), fmt)
    return render(request, "custody/reports.html", staff_nav(actor, request) | {
        "inventory": queries.inventory(actor), "states": STATES,
        "overdue": overdue[:200], "overdue_count": overdue.count(),
        "after_closing": queries.held_after_closing(actor)[:200],
        "centres": Centre.objects.select_related("agency"),
        "default_days": queries.DEFAULT_OVERDUE_DAYS, "today": today})


HEADER = ("财物编号", "财物名称及特征", "数量", "单位", "估值（元）", "案件", "办案机关",
          "保管中心", "存放位置", "状态", "扣押日期", "处置日期", "所有人/当事人")


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _lines(found) -> Iterator[list[str]]:
    yield list(HEADER)
    for i in found[:MAX_ROWS].iterator(chunk_size=2000):
        yield [_safe(v) for v in (
            i.code, i.description, i.quantity, i.unit, i.value, i.case_label,
            i.agency.short_name, i.centre.agency.short_name if i.centre_id else "", i.location,
            STATES.get(i.state, i.state), i.seized_on, i.disposed_on or "",
            mask_name(i.owner_name))]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def _export(rows: Iterator[list[str]], fmt: str) -> HttpResponse:
    name = f"custody-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        found = StreamingHttpResponse(_csv(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet("涉案财物")
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        found = HttpResponse(out.getvalue(), content_type=XLSX)
    else:
        raise Http404(local("不支持的导出格式"))
    found["Content-Disposition"] = f'attachment; filename="{name}"'
    return found
