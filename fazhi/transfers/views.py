"""Staff pages (the transfers list, a new transfer, the procuratorate's supervision view,
the thresholds and their import) and the public statistics page (no case detail)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fazhi.cases.models import Case
from fazhi.cases.procedure import get as get_procedure
from fazhi.core.errors import Forbidden
from fazhi.core.web import staff_actor, staff_intake, staff_nav
from fazhi.law.timelimits import Unit
from fazhi.subjects.importer import FileProblem
from fazhi.transfers import queries, services, thresholds
from fazhi.transfers.forms import NewTransfer, NewTransferForm, ThresholdImportForm
from fazhi.transfers.limits import LIMITS
from fazhi.transfers.procedure import CODE

REPORTERS = frozenset({"handler"})
IMPORTERS = frozenset({"admin"})


def limit_rows() -> list[dict[str, Any]]:
    """The limits as the pages show them; each note's sentences apart, so each translates."""
    return [{"label": limit.label, "value": limit.value, "working": limit.unit == Unit.WD,
             "trigger": limit.trigger, "citation": limit.citation,
             "notes": limit.note.split("；") if limit.note else []}
            for limit in LIMITS.values()]


@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    cases = list(queries.for_actor(actor)[:200])
    proc = get_procedure(CODE)
    today = timezone.localdate()
    rows = [{"case": c, "state": proc.state_label(c.state), "overdue": c.is_overdue(today)}
            for c in cases]
    return render(request, "transfers/staff_list.html", staff_nav(actor, request) | {
        "rows": rows, "may_report": actor.has_any(REPORTERS),
        "may_supervise": queries.may_supervise(actor)})


def staff_new(request: HttpRequest) -> HttpResponse:
    """The team's written report to the principal head (第五条第一款), checked against the
    thresholds in force."""
    return staff_intake(
        request, roles=REPORTERS, refusal="只有本机关的行政执法人员（承办人）可以报告移送",
        template="transfers/staff_new.html", form=lambda actor, data: NewTransferForm(data),
        register=lambda agency, actor, data, form: _report(actor, form.parsed),
        done=lambda case: _("Reported to the principal head for a decision"))


def _report(actor, data: NewTransfer) -> Case:  # noqa: ANN001 - the staff actor
    facts = {"amount_involved": data.amount_involved, "illegal_income": data.illegal_income,
             "harm": data.harm}
    return services.open_transfer(None, actor=actor, report=data.report, officers=data.officers,
                                  on=timezone.localdate(), violation_code=data.violation_code,
                                  facts=facts, reference=data.source_reference)


@require_GET
def supervision(request: HttpRequest) -> HttpResponse:
    """The procuratorate's view (第十四条): every transfer, the overdue ones, the refusals,
    and the cases flagged as suspected crimes but never decided."""
    actor = staff_actor(request)
    if not queries.may_supervise(actor):
        raise Forbidden("仅限人民检察院和依法治市办督察人员查看")
    today = timezone.localdate()
    cases = queries.for_actor(actor)
    proc = get_procedure(CODE)

    def rows(found) -> list[dict[str, Any]]:  # noqa: ANN001 - a queryset of cases
        return [{"case": c, "state": proc.state_label(c.state), "overdue": c.is_overdue(today)}
                for c in found[:200]]

    return render(request, "transfers/supervision.html", staff_nav(actor, request) | {
        "overdue": rows(queries.overdue(cases, today)),
        "refused": rows(cases.filter(queries.REFUSED)),
        "flags": list(queries.flagged_not_transferred()[:200]),
        "all": rows(cases), "total": cases.count()})


def staff_thresholds(request: HttpRequest) -> HttpResponse:
    """The thresholds in force and their versions; an administrator imports a new set."""
    actor = staff_actor(request)
    may_import = actor.has_any(IMPORTERS) or request.user.is_superuser
    form = ThresholdImportForm(request.POST or None, request.FILES or None)
    report, problem, status = None, None, 200
    if request.method == "POST":
        if not may_import:
            raise Forbidden("仅限系统管理员导入移送标准")
        status = 422
        if form.is_valid():
            report, problem = _import(form, actor.label)
            status = 200 if report is not None and report.ok else 422
    current = thresholds.in_force(timezone.localdate())
    return render(request, "transfers/thresholds.html", staff_nav(actor, request) | {
        "current": current, "rows": list(current.rows.order_by("violation_code", "pk"))
        if current else [], "sets": thresholds.ThresholdSet.objects.all()[:50],
        "form": form, "may_import": may_import, "report": report, "problem": problem},
        status=status)


def _import(form: ThresholdImportForm, by: str):  # noqa: ANN202 - (report, problem)
    upload = form.cleaned_data["file"]
    info = thresholds.SetInfo(version=form.cleaned_data["version"],
                              source=form.cleaned_data["source"],
                              effective_from=form.cleaned_data["effective_from"],
                              note=form.cleaned_data["note"])
    with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            return thresholds.import_set(Path(tmp.name), info, by=by), None
        except FileProblem as exc:
            return None, str(exc)


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """Yearly figures only: no case, party or agency detail of a transfer is public."""
    today = timezone.localdate()
    shown = queries.years() or [today.year]
    return render(request, "transfers/public.html", {
        "figures": [queries.figures(year, today) for year in shown[:5]],
        "limits": limit_rows()})


def home_figures() -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        today = timezone.localdate()
        shown = queries.years()
        return {"transfer_figures": queries.figures(shown[0] if shown else today.year, today)}
    return cache.get_or_set("transfers:home", compute, 300)


def detail(case, actor) -> tuple[str, dict[str, Any]]:  # noqa: ANN001 - a case and an actor
    found = case.transfer
    return "transfers/_detail.html", {"transfer": found, "limits": limit_rows(),
                                      "source_visible": found.source_id is not None and
                                      Case.objects.visible_to(actor)
                                      .filter(pk=found.source_id).exists()}


