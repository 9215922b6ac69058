"""Public pages (library, document, comment and suggestion forms, cleanup results) and
staff pages (documents, comments, actions, filing rates, expiry warnings, cleanups).

Public pages read only published documents (and drafts while their comment period is
public); staff pages go through `Case.objects.visible_to`. Every write calls a service or
the engine; refusals come back as DomainErrors and are shown with their status.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.cases import procedure as registry
from fazhi.cases.engine import actions_for
from fazhi.core.errors import DomainError, Forbidden
from fazhi.core.i18n import local
from fazhi.core.schemaforms import SchemaForm, schema_form_class
from fazhi.core.web import client_ip, staff_actor
from fazhi.normative import config, legality, links, queries, services
from fazhi.normative import models as m
from fazhi.normative.forms import CommentForm, SuggestionForm
from fazhi.normative.procedure import Draft
from fazhi.org.models import Agency


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _transition_form(transition, proc: registry.Procedure, data=None,  # noqa: ANN001
                     initial: dict | None = None, auto_id: str = "") -> SchemaForm:
    """A transition's (or the draft's) form; the service validates what it posts."""
    schema = transition.schema if transition else None
    return _legal_text_marked(schema_form_class(schema, proc.labels)(
        data, initial=initial, auto_id=auto_id or f"{transition.action}-%s", check_schema=False))


# The document's own texts, written in Chinese whatever the page's language (ADR 0027).
LEGAL_TEXT_FIELDS = ("body", "legal_basis", "subject", "drafting_explanation", "interpretation")


def _legal_text_marked(form: SchemaForm) -> SchemaForm:
    for name in LEGAL_TEXT_FIELDS:
        if name in form.fields:
            form.fields[name].widget.attrs["lang"] = "zh-Hans"
    return form


def _error_list(exc: DomainError) -> list[str]:
    found = getattr(exc, "errors", None)
    return [msg for _, msg in found] if found else [exc.message]


# -- public -----------------------------------------------------------------------------------

def library(request: HttpRequest) -> HttpResponse:
    """The public library: everything published, with filters and a point-in-time view."""
    params = request.GET
    on = _date(params.get("on"))
    qs = queries.filter_library(
        queries.public_library(), issuer=params.get("issuer", ""), year=_int(params.get("year")),
        doc_type=params.get("type", "") if params.get("type") in dict(m.DOC_TYPES) else "",
        status=params.get("status", "") if params.get("status") in m.PUBLIC_STATUSES else "", on=on)
    page = Paginator(qs, 30).get_page(params.get("page"))
    issuers = Agency.objects.filter(normative_docs__status__in=m.PUBLIC_STATUSES).distinct()
    return render(request, "normative/library.html", {
        "page": page, "params": params, "on": on, "issuers": issuers, "types": m.DOC_TYPES,
        "statuses": [(code, label) for code, label in m.STATUSES if code in m.PUBLIC_STATUSES],
        "bad_date": bool(params.get("on")) and on is None})


def consultations(request: HttpRequest) -> HttpResponse:
    """意见征集: drafts open for public comment today, with the last day and a comment link."""
    today = timezone.localdate()
    rows = [(doc, (doc.comment_closes_on - today).days)
            for doc in queries.open_for_comment(today)[:200]]
    return render(request, "normative/consultations.html", {"rows": rows, "today": today})


def _public_doc(pk: int) -> m.NormativeDocument:
    doc = m.NormativeDocument.objects.filter(pk=pk).select_related("issuer").first()
    if doc is None or not (doc.status in m.PUBLIC_STATUSES or doc.comment_opens_on):
        raise Http404("文件不存在")
    return doc


def document(request: HttpRequest, pk: int, *, status: int = 200,
             comment_errors: list[str] | None = None,
             comment_form: CommentForm | None = None) -> HttpResponse:
    doc = _public_doc(pk)
    today = timezone.localdate()
    published = doc.status in m.PUBLIC_STATUSES
    return render(request, "normative/document.html", {
        "doc": doc, "published": published, "today": today,
        "comment_open": doc.comment_open_on(today),
        "comment_form": comment_form or CommentForm(auto_id="comment-%s"),
        "comment_errors": comment_errors or [],
        "links_in": doc.links_in.select_related("source"), "links_out": doc.links_out.select_related("target"),
        "answers": doc.suggestions.filter(answered_on__isnull=False).select_related("case"),
        "review_notes": links.review_notes(doc) if published else [],
        "in_force_today": doc.in_force_on(today)}, status=status)


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    form = CommentForm(request.POST, auto_id="comment-%s", check_schema=False)
    try:
        services.submit_comment(pk, form.schema_data(), ip=client_ip(request))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from None
        form.add_errors(exc)
        return document(request, pk, status=exc.status, comment_errors=_error_list(exc),
                        comment_form=form)
    messages.success(request, "您的意见已提交，经审核后纳入意见汇总。")
    return redirect("normative:document", pk=pk)


def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _public_doc(pk)
    if doc.status not in m.PUBLIC_STATUSES:
        raise Http404("文件不存在")
    status, receipt = 200, None
    form = SuggestionForm(request.POST or None, auto_id="suggest-%s", check_schema=False)
    if request.method == "POST":
        data = form.schema_data() | {"document_id": doc.pk}
        try:
            receipt = services.submit_suggestion(data, ip=client_ip(request)).receipt_code
        except DomainError as exc:
            form.add_errors(exc)
            status = exc.status
    return render(request, "normative/suggest.html", {
        "doc": doc, "form": form, "receipt": receipt}, status=status)


def cleanups(request: HttpRequest) -> HttpResponse:
    return render(request, "normative/cleanups.html", {"campaigns": queries.published_campaigns()})


def cleanup(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.published_campaigns().filter(pk=pk).first()
    if campaign is None:
        raise Http404("清理结果不存在")
    items = campaign.items.select_related("document", "responsible_agency")
    groups = [(label, [i for i in items if i.outcome == code]) for code, label in m.CLEANUP_OUTCOMES]
    return render(request, "normative/cleanup.html", {"campaign": campaign, "groups": groups})


# -- staff --------------------------------------------------------------------------------------

def staff_list(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    qs = queries.for_staff(actor).select_related("case", "issuer").order_by("-case__opened_at")
    status = request.GET.get("status", "")
    if status in m.STATUS_LABELS:
        qs = qs.filter(status=status)
    return render(request, "normative/staff_list.html", {
        "page": Paginator(qs, 50).get_page(request.GET.get("page")), "statuses": m.STATUSES,
        "status": status})


def staff_new(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    status = 200
    form = _legal_text_marked(schema_form_class(Draft, registry.get("normative").labels)(
        request.POST or None, auto_id="new-%s", check_schema=False))
    if request.method == "POST":
        try:
            case = services.register_draft(actor, form.schema_data())
            return redirect("normative:staff_document", pk=case.pk)
        except DomainError as exc:
            form.add_errors(exc)
            status = exc.status
    return render(request, "normative/staff_new.html", {"form": form}, status=status)


def staff_document(request: HttpRequest, pk: int, *, status: int = 200,
                   errors: list[str] | None = None, failed: str = "",
                   form: SchemaForm | None = None) -> HttpResponse:
    actor = staff_actor(request)
    doc = services.document_for(actor, pk)
    proc = registry.get(doc.case.procedure, doc.case.procedure_version)
    writable = actor.agency_id == doc.case.agency_id
    current = {name: getattr(doc, name) for name in Draft.model_fields if name != "co_issuers"}
    current["co_issuers"] = [a.code for a in doc.co_issuers.all()]

    actions = [(t, form if form is not None and failed == t.action else _transition_form(
        t, proc, initial=current if t.action == "revise" else None))
        for t in actions_for(doc.case, actor)]
    if any(t.action == failed for t, _ in actions):
        errors = []  # shown in the action's own form
    return render(request, "normative/staff_document.html", {
        "doc": doc, "case": doc.case, "proc": proc, "actions": actions, "errors": errors or [],
        "failed": failed, "writable": writable,
        "comments": doc.comments.all(), "reviews": [(r, legality.review_time_warning(r)) for r in
                    doc.reviews.select_related("reviewer_agency")],
        "filings": doc.filings.select_related("filed_with"),
        "events": doc.case.events.all(), "handling": m.HANDLING,
        "review_notes": links.review_notes(doc)}, status=status)


@require_POST
def staff_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    doc = services.document_for(actor, pk)
    proc = registry.get(doc.case.procedure, doc.case.procedure_version)
    transition = proc.transition(action)
    form = _transition_form(transition, proc, request.POST, auto_id=f"{action}-%s")
    try:
        services.act(actor, doc.case, action, form.schema_data())
    except DomainError as exc:
        form.add_errors(exc)
        return staff_document(request, pk, status=exc.status, errors=_error_list(exc),
                              failed=action, form=form)
    messages.success(request, local("已{}").format(local(transition.label)))
    return redirect("normative:staff_document", pk=pk)


@require_POST
def staff_comment(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    actor = staff_actor(request)
    services.document_for(actor, pk)
    comment = m.Comment.objects.filter(pk=comment_id, document_id=pk).first()
    if comment is None:
        raise Http404("意见不存在")
    try:
        if "decision" in request.POST:
            services.moderate_comment(actor, comment.pk, request.POST["decision"],
                                      request.POST.get("note", ""))
        else:
            services.handle_comment(actor, comment.pk, request.POST.get("handling", ""),
                                    request.POST.get("reason", ""))
    except DomainError as exc:
        return staff_document(request, pk, status=exc.status, errors=_error_list(exc))
    return redirect("normative:staff_document", pk=pk)


def staff_oversight(request: HttpRequest) -> HttpResponse:
    """The three filing rates (S13 #27) and documents nearing the end of their validity."""
    actor = staff_actor(request)
    today = timezone.localdate()
    year = _int(request.GET.get("year")) or today.year
    params = config.current()
    rates = queries.filing_rates(date(year, 1, 1), date(year, 12, 31), queries.for_staff(actor))
    return render(request, "normative/staff_oversight.html", {
        "year": year, "rates": rates, "lead": params.expiry_warning_days,
        "expiring": queries.expiring(actor, today, params.expiry_warning_days).select_related("issuer"),
        "late": m.Filing.objects.filter(is_late=True, document__in=queries.for_staff(actor))
        .select_related("document")[:100]})


def staff_cleanups(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    errors, status = [], 200
    if request.method == "POST":
        try:
            campaign = services.create_campaign(
                actor, title=request.POST.get("title", ""), trigger=request.POST.get("trigger", ""),
                scope_term=request.POST.get("scope_term", ""))
            return redirect("normative:staff_cleanup", pk=campaign.pk)
        except DomainError as exc:
            errors, status = _error_list(exc), exc.status
    campaigns = m.CleanupCampaign.objects.filter(agency_id=actor.agency_id) if not actor.city_wide \
        else m.CleanupCampaign.objects.all()
    return render(request, "normative/staff_cleanups.html", {
        "campaigns": campaigns, "errors": errors, "post": request.POST}, status=status)


def staff_cleanup(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    campaign = m.CleanupCampaign.objects.filter(pk=pk).first()
    if campaign is None or not (actor.city_wide or campaign.agency_id == actor.agency_id):
        raise Http404("清理不存在")
    errors, status = [], 200
    if request.method == "POST":
        try:
            _cleanup_post(actor, campaign, request.POST)
            return redirect("normative:staff_cleanup", pk=pk)
        except DomainError as exc:
            errors, status = _error_list(exc), exc.status
        except Forbidden as exc:  # pragma: no cover - Forbidden is a DomainError
            errors, status = [exc.message], 403
    return render(request, "normative/staff_cleanup.html", {
        "campaign": campaign, "items": campaign.items.select_related("document", "responsible_agency"),
        "outcomes": m.CLEANUP_OUTCOMES, "agencies": Agency.objects.all(), "errors": errors},
        status=status)


def _cleanup_post(actor, campaign: m.CleanupCampaign, post) -> None:  # noqa: ANN001
    op = post.get("op")
    if op == "decide":
        services.decide_item(actor, _int(post.get("item")) or 0, outcome=post.get("outcome", ""),
                             reason=post.get("reason", ""),
                             responsible_agency=post.get("responsible_agency", ""))
    elif op == "apply":
        services.apply_campaign(actor, campaign.pk, decision_no=post.get("decision_no", ""))
    elif op == "publish":
        services.publish_campaign(actor, campaign.pk)
    else:
        raise Http404
