"""Staff pages of an agency's legal office (import, publish) and the public benchmark pages
(《行政处罚法》第三十四条: discretion benchmarks are published)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from fazhi.cases import tracking
from fazhi.core.errors import Forbidden, NotFound
from fazhi.core.i18n import local
from fazhi.core.web import staff_actor, staff_nav
from fazhi.discretion import importer, queries, services
from fazhi.discretion.forms import BenchmarkImportForm, ListImportForm
from fazhi.discretion.models import Benchmark, ExemptionList
from fazhi.law.inputs import search_text
from fazhi.org import roles
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

# The agency's legal office (法制审核人员) sets and publishes its benchmarks; the head too.
MANAGERS = frozenset({roles.REVIEWER, roles.HEAD})
HOME_CACHE_SECONDS = 60
BENCHMARK_COLUMNS = [
    ("违法行为编码", _("Violation code (required)")), ("违法行为名称", _("Violation (required)")),
    ("处罚依据", _("Legal basis with its article (required)")),
    ("档次编码", _("Tier code, unique within the violation (required)")),
    ("档次", _("Tier name, e.g. lighter, ordinary, heavier (required)")),
    ("涉案金额下限 / 涉案金额上限", _("Amount involved, yuan")),
    ("违法所得下限 / 违法所得上限", _("Illegal income, yuan")),
    ("持续天数下限 / 持续天数上限", _("Duration of the violation, days")),
    ("危害后果", _("Harm: none, minor or serious (in Chinese or English), several separated by commas")),
    ("初次违法 / 已改正 / 配合调查", _("First offence, corrected, cooperated: yes or no (in Chinese or English), blank for either")),
    ("处罚种类", _("Penalty kinds of article 9 by their Chinese names, separated by commas (required)")),
    ("罚款下限 / 罚款上限", _("Fine range, yuan")),
    ("违法所得倍数下限 / 违法所得倍数上限", _("Or the fine as multiples of the illegal income")),
]
LIST_COLUMNS = [
    ("违法行为编码", _("Violation code (required)")), ("违法行为名称", _("Violation (required)")),
    ("适用条件", _("Conditions, as published")), ("依据", _("Legal basis")),
    ("涉案金额上限 / 违法所得上限", _("Caps in yuan beyond which the entry does not apply")),
]


def _manager(request: HttpRequest) -> Actor:
    actor = staff_actor(request)
    if not actor.has_any(MANAGERS):
        raise Forbidden("仅限本机关法制审核人员或负责人导入和公布裁量基准")
    return actor


# -- staff -----------------------------------------------------------------------------


@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    return _staff_page(request, actor)


def _staff_page(request: HttpRequest, actor: Actor, status: int = 200, **extra: Any) -> HttpResponse:
    context = staff_nav(actor, request) | {
        "benchmarks": queries.for_staff(actor)[:500], "lists": queries.lists_for_staff(actor),
        "can_manage": actor.has_any(MANAGERS), "form": BenchmarkImportForm(),
        "list_form": ListImportForm(), "benchmark_columns": BENCHMARK_COLUMNS,
        "list_columns": LIST_COLUMNS} | extra
    return render(request, "discretion/staff.html", context, status=status)


def _upload(upload, run) -> tuple[importer.ImportReport | None, str | None]:
    with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            return run(Path(tmp.name)), None
        except importer.FileProblem as exc:
            return None, str(exc)


@require_POST
def staff_import(request: HttpRequest) -> HttpResponse:
    """Check a benchmark file and store it as drafts: all or nothing (HTTP 422 with every
    row's error otherwise)."""
    actor = _manager(request)
    form = BenchmarkImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _staff_page(request, actor, 422, form=form)
    agency = Agency.objects.get(pk=actor.agency_id)
    data = form.cleaned_data
    report, problem = _upload(data["file"], lambda path: importer.import_benchmarks(
        path, agency, version=data["version"], effective_from=data["effective_from"], actor=actor))
    if report is not None and report.ok:
        messages.success(request, local("已导入{n}项裁量基准（草稿），请核对后公布").format(n=report.created))
        return redirect("discretion:staff")
    return _staff_page(request, actor, 422, form=form, report=report, problem=problem)


@require_POST
def staff_import_list(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    form = ListImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _staff_page(request, actor, 422, list_form=form)
    agency = Agency.objects.get(pk=actor.agency_id)
    d = form.cleaned_data
    report, problem = _upload(d["file"], lambda path: importer.import_list(
        path, agency, kind=d["kind"], title=d["title"], version=d["version"],
        effective_from=d["effective_from"]))
    if report is not None and report.ok:
        messages.success(request, local("已导入清单（草稿），共{n}项").format(n=report.created))
        return redirect("discretion:staff")
    return _staff_page(request, actor, 422, list_form=form, list_report=report, list_problem=problem)


def _own(model: type, actor: Actor, pk: int):
    """A record of the actor's own agency; anything else is not found (404)."""
    record = model.objects.filter(pk=tracking.as_pk(pk), agency_id=actor.agency_id).first()
    if record is None:
        raise NotFound("该记录不存在或不属于本机关")
    return record


@require_POST
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    benchmark = services.publish(_own(Benchmark, actor, pk), actor, on=timezone.localdate())
    messages.success(request, local("已公布：{name}").format(name=benchmark.violation_name))
    return redirect("discretion:staff")


@require_POST
def staff_publish_list(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    lst = services.publish_list(_own(ExemptionList, actor, pk), actor, on=timezone.localdate())
    messages.success(request, local("已公布：{name}").format(name=lst.title))
    return redirect("discretion:staff")


# -- public ----------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    q = search_text(request.GET.get("q", ""), 100)
    records = queries.published_matching(q)
    agency_id = tracking.as_pk(request.GET.get("agency"))
    if agency_id:
        records = records.filter(agency_id=agency_id)
    page = Paginator(records, 30).get_page(request.GET.get("page"))
    agencies = Agency.objects.filter(pk__in=queries.published().values("agency_id")).order_by("code")
    return render(request, "discretion/list.html", {
        "page": page, "q": q, "agency_id": agency_id, "agencies": agencies,
        "today": timezone.localdate()})


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benchmark = queries.published().select_related("agency").filter(pk=tracking.as_pk(pk)).first()
    if benchmark is None:
        return tracking.not_found(request, "该裁量基准不存在或尚未公布")
    return render(request, "discretion/detail.html", {
        "benchmark": benchmark, "tiers": benchmark.tiers.all(),
        "superseded_on": queries.superseded_on(benchmark), "versions": queries.versions(benchmark),
        "today": timezone.localdate()})


@require_GET
def public_lists(request: HttpRequest) -> HttpResponse:
    return render(request, "discretion/lists.html", {"lists": queries.published_lists(),
                                                     "today": timezone.localdate()})


def home_figures() -> dict[str, Any]:
    figures = cache.get("portal.home.discretion")
    if figures is None:
        figures = {"benchmark_count": queries.published().count(),
                   "agency_count": queries.published().values("agency_id").distinct().count()}
        cache.set("portal.home.discretion", figures, HOME_CACHE_SECONDS)
    return figures
