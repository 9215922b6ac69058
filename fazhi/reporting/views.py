"""Staff pages (tasks, supervision, indicators, reports, import) and the public report pages.

Views parse input and call the command modules (key_tasks, annual_reports, …); a DomainError is shown on the page with its status
(forms) or rendered by DomainErrorMiddleware. Case records behind a figure go through the
one visibility filter; the public pages read only published reports and frozen snapshots.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.cases.files import stored_file_response
from fazhi.core import indicators as ind
from fazhi.core.errors import DomainError, InvalidData, NotFound
from fazhi.core.i18n import local
from fazhi.core.web import staff_actor
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.reporting import (
    access,
    annual_reports,
    audit_trail,
    charts,
    key_tasks,
    queries,
    report_figures,
    report_import,
    report_publication,
    supervision_findings,
)
from fazhi.reporting.export import build_docx
from fazhi.reporting.forms import parse_date as _date
from fazhi.reporting.forms import parse_int as _int
from fazhi.reporting.forms import uploaded_files as _files
from fazhi.reporting.models import (
    SECTION_TITLES,
    AnnualReport,
    KeyTask,
    LeadRule,
    ProgressReport,
    Rectification,
    SupervisionFinding,
    section_title,
)

PAGE_SIZE = 50
_SHA = re.compile(r"^[0-9a-f]{64}$")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# -- helpers -------------------------------------------------------------------------------


def _ctx(request: HttpRequest, actor: Actor, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {"actor": actor, "can_register": actor.has_any(frozenset({"handler"})),
            "can_supervise": actor.city_wide, "is_office": actor.has_any(access.OFFICE),
            "can_admin": bool(user.is_staff and user.is_superuser), **extra}


def _year(value: Any, default: int | None = None) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default or timezone.localdate().year
    return year if 1990 <= year <= 2100 else (default or timezone.localdate().year)


def _fail(request: HttpRequest, exc: DomainError, back: str) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect(back)


def _agencies() -> list[Agency]:
    return list(Agency.objects.order_by("code"))


# -- home ----------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    today = timezone.localdate()
    year = today.year
    ctx = _ctx(request, actor, year=year, reports=queries.reports_for(actor)[:10],
               overdue=queries.overdue_tasks(None, today).count(),
               open_findings=queries.findings_for(actor).exclude(
                   status=SupervisionFinding.CLOSED).count())
    return render(request, "reporting/home.html", ctx)


# -- 1. import -----------------------------------------------------------------------------


def _upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "report-imports"


@require_http_methods(["GET", "POST"])
def import_report(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing stored but the file under its hash) → save."""
    actor = staff_actor(request)
    if not actor.has_any(access.OFFICE):
        raise PermissionDenied("仅依法治市办可以导入年度报告")
    ctx = _ctx(request, actor, year=request.POST.get("year", ""))
    if request.method == "GET":
        return render(request, "reporting/import.html", ctx)
    year = _int(request.POST.get("year")) if request.POST.get("year") else None
    try:
        if "save" in request.POST:
            return _save_import(request, actor, year)
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidData("请选择要导入的报告文件", field="file")
        data = upload.read()
        result = report_import.parse_file(data, upload.name, year)
    except DomainError as exc:
        ctx["error"] = exc.message
        return render(request, "reporting/import.html", ctx, status=exc.status)
    digest = hashlib.sha256(data).hexdigest()
    _upload_dir().mkdir(parents=True, exist_ok=True)
    (_upload_dir() / digest).write_bytes(data)
    ctx.update(result=result, sha256=digest, filename=upload.name,
               areas=len({t.area_number for t in result.tasks}))
    return render(request, "reporting/import_preview.html", ctx)


def _save_import(request: HttpRequest, actor: Actor, year: int | None) -> HttpResponse:
    digest = request.POST.get("sha256", "")
    path = _upload_dir() / digest
    if not _SHA.match(digest) or not path.exists():
        raise InvalidData("预览已失效，请重新上传文件", field="file")
    saved = report_import.save_import(actor, path.read_bytes(),
                                 request.POST.get("filename", "report.txt"), year)
    path.unlink(missing_ok=True)
    messages.success(request, local("已导入：{}年任务 {} 项").format(
        saved.report.report_year + 1, len(saved.tasks)))
    for line in saved.unmatched:
        messages.warning(request, local("未匹配牵头单位：{}").format(line))
    return redirect(f"{reverse('reporting:tasks')}?year={saved.report.report_year + 1}")


# -- 2. key tasks --------------------------------------------------------------------------


@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    today = timezone.localdate()
    year = _year(request.GET.get("year"))
    status = request.GET.get("status", "")
    if status not in {"", "overdue", *dict(KeyTask.STATUSES)}:
        status = ""
    agency_id = _int(request.GET.get("agency"))
    qs = queries.tasks(year, agency_id, status, today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = _ctx(request, actor, page=page, year=year, status=status, agency_id=agency_id,
               statuses=KeyTask.STATUSES, agencies=_agencies(), today=today)
    return render(request, "reporting/tasks.html", ctx)


def _task(pk: int) -> KeyTask:
    task = KeyTask.objects.select_related("lead_agency", "suggested_lead").filter(pk=pk).first()
    if task is None:
        raise NotFound("任务不存在")
    return task


@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    task = _task(pk)
    may_report = key_tasks._may_report(actor, task) and task.status not in (
        KeyTask.UNASSIGNED, KeyTask.DONE)
    ctx = _ctx(request, actor, task=task, co=list(task.co_agencies.all()),
               progress=task.progress.select_related("agency"),
               history=audit_trail.history("task", task.pk), agencies=_agencies(),
               may_report=may_report, today=timezone.localdate(),
               findings=task.findings.all(),
               may_complete=task.status != KeyTask.DONE and (
                   actor.has_any(access.OFFICE) or (actor.has_any(frozenset({"head"}))
                                                      and actor.agency_id == task.lead_agency_id)))
    return render(request, "reporting/task.html", ctx)


@require_POST
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    back = reverse("reporting:task", args=[pk])
    post = request.POST
    try:
        if action == "assign":
            key_tasks.assign_task(actor, pk, lead_agency_id=post.get("lead_agency"),
                                 co_agency_ids=post.getlist("co_agencies"),
                                 due_on=_date(post.get("due_on", ""), "完成时限"))
        elif action == "progress":
            percent = _int(post.get("percent"))
            if percent is None:
                raise InvalidData("完成进度应为 0 到 100 之间的整数", field="percent")
            key_tasks.report_progress(actor, pk, text=post.get("text", ""), percent=percent,
                                     files=_files(request))
        elif action == "complete":
            key_tasks.complete_task(actor, pk)
        elif action == "reopen":
            key_tasks.reopen_task(actor, pk, reason=post.get("reason", ""))
        else:
            raise Http404
    except DomainError as exc:
        return _fail(request, exc, back)
    messages.success(request, "已保存")
    return redirect(back)


def _send_evidence(items: list[dict], index: int) -> FileResponse:
    if not 0 <= index < len(items):
        raise NotFound("文件不存在")
    item = items[index]
    return stored_file_response(item["path"], item["filename"],
                                item.get("content_type", "application/octet-stream"),
                                missing="文件不存在")


@require_GET
def progress_evidence(request: HttpRequest, pk: int, index: int) -> FileResponse:
    staff_actor(request)  # the work plan and its progress are open to all staff
    progress = ProgressReport.objects.filter(pk=pk).first()
    if progress is None:
        raise NotFound("文件不存在")
    return _send_evidence(progress.evidence, index)


# -- supervision ---------------------------------------------------------------------------


@require_GET
def supervision(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    today = timezone.localdate()
    year = _year(request.GET.get("year"))
    overdue = queries.overdue_tasks(KeyTask.objects.select_related("lead_agency"), today)
    if not actor.city_wide:
        overdue = overdue.filter(lead_agency_id=actor.agency_id)
    findings = queries.findings_for(actor).exclude(status=SupervisionFinding.CLOSED)
    ctx = _ctx(request, actor, today=today, year=year, overdue=overdue.order_by("due_on"),
               findings=findings, summary=queries.task_summary(year, today),
               agencies=_agencies(), tasks=KeyTask.objects.filter(year=year).only("pk", "text"))
    return render(request, "reporting/supervision.html", ctx)


@require_POST
def finding_new(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    post = request.POST
    try:
        rectify_by = _date(post.get("rectify_by", ""), "整改期限")
        if rectify_by is None:
            raise InvalidData("请填写整改期限", field="rectify_by")
        finding = supervision_findings.create_finding(actor, agency_id=post.get("agency"),
                                          text=post.get("text", ""), rectify_by=rectify_by,
                                          task_id=post.get("task") or None)
    except DomainError as exc:
        return _fail(request, exc, reverse("reporting:supervision"))
    return redirect("reporting:finding", pk=finding.pk)


def _finding(actor: Actor, pk: int) -> SupervisionFinding:
    finding = queries.findings_for(actor).filter(pk=pk).first()
    if finding is None:
        raise NotFound("督察问题不存在")
    return finding


@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    finding = _finding(actor, pk)
    ctx = _ctx(request, actor, finding=finding, today=timezone.localdate(),
               rectifications=finding.rectifications.all(),
               history=audit_trail.history("finding", finding.pk),
               may_rectify=finding.status == SupervisionFinding.OPEN
               and actor.agency_id == finding.agency_id and actor.has_any(access.AGENCY_STAFF))
    return render(request, "reporting/finding.html", ctx)


@require_POST
def finding_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    finding = _finding(actor, pk)
    back = reverse("reporting:finding", args=[pk])
    try:
        if action == "rectify":
            supervision_findings.submit_rectification(actor, finding, text=request.POST.get("text", ""),
                                          files=_files(request))
        elif action == "decide":
            rect = finding.rectifications.filter(pk=_int(request.POST.get("rectification"))).first()
            if rect is None:
                raise NotFound("整改记录不存在")
            supervision_findings.decide_rectification(actor, rect, accept=request.POST.get("decision") == "accept",
                                          note=request.POST.get("note", ""))
        else:
            raise Http404
    except DomainError as exc:
        return _fail(request, exc, back)
    messages.success(request, "已保存")
    return redirect(back)


@require_GET
def rectification_evidence(request: HttpRequest, pk: int, index: int) -> FileResponse:
    actor = staff_actor(request)
    rect = Rectification.objects.filter(pk=pk).first()
    if rect is None or not queries.findings_for(actor).filter(pk=rect.finding_id).exists():
        raise NotFound("文件不存在")
    return _send_evidence(rect.evidence, index)


# -- lead rules ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                report_import.delete_lead_rule(actor, _int(request.POST.get("delete")) or 0)
            elif "seed" in request.POST:
                access.require(actor, access.OFFICE, "维护牵头单位规则")
                created, problems = report_import.seed_lead_rules()
                messages.success(request, local("新建规则 {} 条").format(len(created)))
                for line in problems:
                    messages.warning(request, line)
            else:
                report_import.save_lead_rule(actor, request.POST.get("keyword", ""),
                                        request.POST.get("agency"))
        except DomainError as exc:
            return _fail(request, exc, reverse("reporting:rules"))
        return redirect("reporting:rules")
    ctx = _ctx(request, actor, rules=LeadRule.objects.select_related("agency"),
               agencies=_agencies())
    return render(request, "reporting/rules.html", ctx)


# -- 3. indicators -------------------------------------------------------------------------


def _scope(actor: Actor, value: Any) -> Agency | None:
    """City-wide actors choose any scope; others see their own agency's figures only."""
    if not actor.city_wide:
        return Agency.objects.get(pk=actor.agency_id)
    pk = _int(value)
    return Agency.objects.filter(pk=pk).first() if pk else None


@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    year = _year(request.GET.get("year"))
    scope = _scope(actor, request.GET.get("scope"))
    rows = [(i, report_figures.live_figure(i.code, year, scope)[0]) for i in ind.available()]
    ctx = _ctx(request, actor, year=year, scope=scope, rows=rows,
               missing=ind.unavailable(), agencies=_agencies() if actor.city_wide else [])
    return render(request, "reporting/indicators.html", ctx)


@require_GET
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Staff drill-down: the records behind a figure, through the visibility filter."""
    actor = staff_actor(request)
    indicator = ind.get(code)
    if indicator is None or indicator.missing():
        raise NotFound("指标不存在或暂不可用")
    year = _year(request.GET.get("year"))
    scope = _scope(actor, request.GET.get("scope"))
    value = indicator.compute(year, scope)
    records = queries.staff_records(indicator, value, actor)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [queries.record_row(indicator, r) for r in page.object_list]
    query = f"year={year}" + (f"&scope={scope.pk}" if scope and actor.city_wide else "")
    ctx = _ctx(request, actor, indicator=indicator, value=value, year=year, scope=scope,
               page=page, query=query, rows=rows, figure=report_figures.live_figure(code, year, scope)[0])
    return render(request, "reporting/indicator.html", ctx)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if not actor.city_wide:
        raise PermissionDenied("仅依法治市办督察人员可以查看全市督察看板")
    year = _year(request.GET.get("year"))
    families = queries.dashboard(year)
    ctx = _ctx(request, actor, year=year,
               families=[(f, f.chart()) for f in families if f.agencies],
               empty=[f for f in families if not f.agencies],
               summary=queries.task_summary(year, timezone.localdate()),
               missing=ind.unavailable())
    return render(request, "reporting/dashboard.html", ctx)


# -- 4. annual reports ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if request.method == "POST":
        try:
            report = annual_reports.create_report(actor, year=_year(request.POST.get("year")),
                                            scope_id=request.POST.get("scope") or None,
                                            city=settings.FAZHI_CITY_NAME)
        except DomainError as exc:
            return _fail(request, exc, reverse("reporting:reports"))
        return redirect("reporting:report", pk=report.pk)
    ctx = _ctx(request, actor, reports=queries.reports_for(actor),
               year=timezone.localdate().year - 1, agencies=_agencies())
    return render(request, "reporting/reports.html", ctx)


def _report(actor: Actor, pk: int) -> AnnualReport:
    report = queries.reports_for(actor).filter(pk=pk).first()
    if report is None:
        raise NotFound("报告不存在")
    return report


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    report = _report(actor, pk)
    editable = report.status == AnnualReport.DRAFT and report.owner_id == actor.agency_id \
        and actor.has_any(access.OFFICE | {"handler"})
    diff, changes = report_publication.edition_diff(report)
    ctx = _ctx(request, actor, report=report, sections=report_figures.outline(report),
               editable=editable, diff=diff, changes=changes,
               drift=(drift := report_publication.drift(report) if report.is_frozen else []),
               drift_map={d.code: d for d in drift},
               history=audit_trail.history("report", report.pk),
               unfinished=annual_reports.unfinished(report) if report.status == AnnualReport.DRAFT
               else [],
               section_choices=[(n, section_title(n, report.year)) for n in SECTION_TITLES],
               indicators=ind.available(), is_head=actor.has_any(frozenset({"head"}))
               and actor.agency_id == report.owner_id)
    return render(request, "reporting/report.html", ctx)


@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    report = _report(actor, pk)
    back = reverse("reporting:report", args=[pk])
    post = request.POST
    try:
        if action == "edit":
            block_id = _int(post.get("block"))
            if not report.blocks.filter(pk=block_id).exists():
                raise NotFound("段落不存在")
            annual_reports.edit_block(actor, block_id, heading=post.get("heading", ""),
                                text=post.get("text", ""))
        elif action == "add":
            annual_reports.add_block(actor, report, section=_int(post.get("section")) or 0,
                               kind=post.get("kind", ""), heading=post.get("heading", ""),
                               text=post.get("text", ""), indicator=post.get("indicator", ""))
        elif action == "delete":
            block_id = _int(post.get("block"))
            if not report.blocks.filter(pk=block_id).exists():
                raise NotFound("段落不存在")
            annual_reports.delete_block(actor, block_id)
        elif action == "approve":
            annual_reports.approve_report(actor, report)
        elif action == "return":
            annual_reports.return_report(actor, report, reason=post.get("reason", ""))
        elif action == "publish":
            report_publication.publish_report(actor, report)
        elif action == "correct":
            new = report_publication.issue_correction(actor, report, reason=post.get("reason", ""))
            return redirect("reporting:report", pk=new.pk)
        else:
            raise Http404
    except DomainError as exc:
        return _fail(request, exc, back)
    messages.success(request, "已保存")
    return redirect(back)


@require_GET
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(staff_actor(request), pk)
    return _docx_response(report)


def _docx_response(report: AnnualReport) -> HttpResponse:
    response = HttpResponse(build_docx(report), content_type=DOCX_TYPE)
    name = f"report-{report.year}-{report.pk}-v{report.edition}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- public pages --------------------------------------------------------------------------


def _public_report(pk: int) -> AnnualReport:
    report = queries.published_reports().filter(pk=pk).first()
    if report is None:
        raise NotFound("该报告不存在或尚未公布")
    return report


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/public_list.html",
                  {"reports": queries.published_reports().order_by("-year", "-edition")})


@require_GET
def public_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = _public_report(pk)
    diff, changes = report_publication.edition_diff(report)
    newer = AnnualReport.objects.filter(previous=report, status=AnnualReport.PUBLISHED).first()
    sections = report_figures.outline(report)
    return render(request, "reporting/public_report.html", {
        "report": report, "sections": sections, "diff": diff,
        "changes": changes, "drift_map": {d.code: d for d in report_publication.drift(report)},
        "newer": newer, "charts": _public_charts(report, sections)})


def _public_charts(report: AnnualReport, sections: list[report_figures.Section]
                   ) -> list[tuple[charts.ReportChart, dict[str, Any]]]:
    """The report's charts, from its frozen figures and the records frozen behind them."""
    figures = {f.code: f for s in sections for _, f in s.blocks if f is not None}
    frozen_rows = dict(report.figures.exclude(unit=charts.RATE_UNIT)
                       .values_list("indicator", "public_rows"))

    def link(code: str, agency: str) -> str:
        url = reverse("reporting:public_figure", args=[report.pk, code])
        return url + (f"?{urlencode({'agency': agency})}" if agency else "")

    found = charts.report_charts(list(figures.values()), frozen_rows, link)
    return [(c, c.chart()) for c in found]


@require_GET
def public_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _docx_response(_public_report(pk))


@require_GET
def public_figure(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The records frozen behind a published figure (public identifiers only)."""
    report = _public_report(pk)
    snap = report.figures.filter(indicator=code).first()
    if snap is None:
        raise NotFound("该报告没有这一指标")
    rows, agency = snap.public_rows, request.GET.get("agency", "").strip()[:80]
    if agency:  # a bar of the report's by-agency chart: that agency's frozen records
        rows = [r for r in rows if (r.get("agency") or charts.NO_AGENCY) == agency]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reporting/public_figure.html", {
        "report": report, "snap": snap, "figure": report_figures.frozen_figure(snap), "page": page,
        "agency": agency, "query": urlencode({"agency": agency}) if agency else ""})
