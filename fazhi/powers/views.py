"""The registry's pages: on the portal the enforcement bodies, the catalogue and the officer
lookup (事前公开); in the workspace the legal office's certificate management and catalogue
import."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.cases import tracking
from fazhi.core import throttle
from fazhi.core.errors import DomainError, Forbidden
from fazhi.core.i18n import local
from fazhi.core.web import client_ip, staff_actor, staff_nav
from fazhi.law.inputs import search_text
from fazhi.org.models import Agency
from fazhi.powers import checks, queries, services
from fazhi.powers.forms import CertificateEventForm, ItemImportForm
from fazhi.powers.importer import Items
from fazhi.powers.models import CertificateEvent
from fazhi.subjects import importer
from fazhi.subjects.models import Officer

# The public lookup shares the rate of receipt-code tracking (a number tried per request).
LOOKUP = throttle.Scope("powers.lookup", "FAZHI_THROTTLE_TRACK")
PER_PAGE = 50


# -- portal ---------------------------------------------------------------------------------

@require_GET
def bodies(request: HttpRequest) -> HttpResponse:
    on = queries.today()
    return render(request, "powers/bodies.html", {"rows": queries.bodies(on), "on": on})


@require_GET
def items(request: HttpRequest) -> HttpResponse:
    on = queries.today()
    q = search_text(request.GET.get("q", ""), 100)
    agency = search_text(request.GET.get("agency", ""), 20)
    category = search_text(request.GET.get("category", ""), 40)
    found = queries.items_matching(q, on=on, agency=agency, category=category)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "powers/items.html", {
        "page": page, "q": q, "agency": agency, "category": category, "on": on,
        "agencies": queries.agencies_with_items(on), "categories": queries.categories(on)})


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """An officer by certificate number (事中公示: a party checks the certificate shown)."""
    number = queries.normalise_cert_no(request.GET.get("cert", ""))
    found, status = None, 200
    if number:
        if not LOOKUP.hit(client_ip(request)):
            return tracking.throttled(request, LOOKUP)
        found = queries.lookup_officer(number, on=queries.today())
        status = 200 if found else 404
    return render(request, "powers/lookup.html", {"cert": number, "found": found,
                                                  "on": queries.today()}, status=status)


# -- workspace ------------------------------------------------------------------------------

def _manager(request: HttpRequest):
    actor = staff_actor(request)
    if not services.can_manage(actor):
        raise Forbidden("仅限法制机构工作人员管理执法证")
    return actor


@require_GET
def staff_officers(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    q = search_text(request.GET.get("q", ""), 60)
    on = queries.today()
    page = Paginator(queries.officers_for_staff(q), PER_PAGE).get_page(request.GET.get("page"))
    events: dict[int, list[CertificateEvent]] = {}
    for event in CertificateEvent.objects.filter(officer__in=[o.pk for o in page],
                                                 effective_from__lte=on):
        events.setdefault(event.officer_id, []).append(event)
    rows = [(o, checks.standing(o, on, events.get(o.pk, []))) for o in page]
    return render(request, "powers/staff_officers.html", {
        **staff_nav(actor, request), "page": page, "rows": rows, "q": q, "on": on})


@require_http_methods(["GET", "POST"])
def staff_officer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    officer = get_object_or_404(Officer.objects.select_related("agency"), pk=pk)
    form = CertificateEventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            args = {"effective_from": data["effective_from"], "reason": data["reason"]}
            if data["kind"] == CertificateEvent.SUSPEND:
                args["until"] = data["until"]
            try:
                services.COMMANDS[data["kind"]](actor, officer.pk, **args)
            except DomainError as exc:
                form.add_error(None, local(exc.message))
                status = exc.status
            else:
                return redirect("powers:staff_officer", pk=officer.pk)
        else:
            status = 422
    return render(request, "powers/staff_officer.html", {
        **staff_nav(actor, request), "officer": officer, "form": form,
        "state": checks.standing(officer, queries.today()), "on": queries.today(),
        "events": officer.certificate_events.order_by("effective_from", "pk")}, status=status)


@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest) -> HttpResponse:
    """The catalogue import: every row checked, nothing written unless all are right."""
    actor = _manager(request)
    form = ItemImportForm(request.POST or None, request.FILES or None)
    report, problem, status = None, None, 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                report = importer.run_import(Items.name, Path(tmp.name))
            except importer.FileProblem as exc:
                problem = local(str(exc))
        status = 200 if report is not None and report.ok else 422
    elif request.method == "POST":
        status = 422
    return render(request, "powers/staff_import.html", {
        **staff_nav(actor, request), "form": form, "report": report, "problem": problem,
        "columns": Items.columns, "agencies": Agency.objects.filter(enforcement__isnull=False)},
        status=status)


@require_GET
def staff_template(request: HttpRequest) -> HttpResponse:
    _manager(request)
    response = HttpResponse("\ufeff" + importer.template_csv(Items.name),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enforcement-items.csv"'
    return response
