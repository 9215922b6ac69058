"""Staff pages (a case's deliveries, serving, post, the evidence package) and the party's
portal inbox (reached with the case's receipt code, kept in the tracking session)."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.cases import tracking
from fazhi.cases.models import Case
from fazhi.core import throttle
from fazhi.core.errors import DomainError
from fazhi.core.i18n import local
from fazhi.core.web import client_ip, staff_actor, staff_nav
from fazhi.delivery import rules, services
from fazhi.delivery.evidence import package as evidence_package
from fazhi.delivery.forms import CodeForm, ConsentForm, PostForm, ReceiptForm, ServeForm
from fazhi.delivery.models import CHANNELS, ELECTRONIC, POST, Consent, Delivery
from fazhi.law.redaction import mask_email, mask_phone
from fazhi.org.actors import Actor

STATE_LABELS = dict(Delivery.STATES)
CHANNEL_LABELS = dict(CHANNELS)


def rule_notes() -> list[rules.Rule]:
    """The service-date rules in force today, for the pages that state them."""
    from django.utils import timezone

    today = timezone.localdate()
    return [rules.rule_for(c, today) for c in ("portal", "email", "sms", "post")]


# -- public guide -----------------------------------------------------------------------------

@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    return render(request, "delivery/guide.html", {"rules": rule_notes()})


# -- the party's inbox ------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _inbox_lookup(request)
    case = tracking.tracked_case(request)
    if case is None:
        return render(request, "delivery/inbox_code.html", {"form": CodeForm()})
    return _inbox_page(request, case)


def _inbox_lookup(request: HttpRequest) -> HttpResponse:
    if not throttle.TRACK.hit(client_ip(request)):
        return tracking.throttled(request, throttle.TRACK)
    try:
        case = tracking.case_for_code(request.POST.get("code", ""))
    except tracking.CodeThrottled:
        return tracking.throttled(request, throttle.TRACK_CODE)
    if case is None:
        return render(request, "delivery/inbox_code.html",
                      {"form": CodeForm(), "error": local("查询码不存在或已失效")}, status=404)
    tracking.remember(request, case)
    return redirect("delivery:inbox")


def _party(case: Case) -> services.Party | None:
    declared = services.declared_for(case)
    return declared.party(case) if declared else None


def _inbox_page(request: HttpRequest, case: Case, *, form: ConsentForm | None = None,
                status: int = 200) -> HttpResponse:
    party = _party(case)
    consent = services.active_consent(party.key) if party else None
    deliveries = case.deliveries.filter(channel__in=ELECTRONIC).order_by("-sent_at")
    return render(request, "delivery/inbox.html", {
        "case": case, "party": party, "consent": consent,
        "consent_channels": [CHANNEL_LABELS[c] for c in consent.channels] if consent else [],
        "consent_email": mask_email(consent.email) if consent and consent.email else "",
        "consent_phone": mask_phone(consent.phone) if consent and consent.phone else "",
        "deliveries": [_row(d) for d in deliveries], "form": form or ConsentForm(),
        "portal_rule": rules.rule_for("portal", case.received_on),
    }, status=status)


@require_POST
def inbox_open(request: HttpRequest, pk: int) -> HttpResponse:
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    try:
        delivery = services.open_document(pk, case)
    except DomainError as exc:
        return tracking.not_found(request, exc.message)
    return _file(delivery.filename, bytes(delivery.content))


@require_POST
def inbox_consent(request: HttpRequest) -> HttpResponse:
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    party = _party(case)
    if party is None:
        return tracking.not_found(request, "本案不适用电子送达")
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _inbox_page(request, case, form=form, status=422)
    data = form.cleaned_data
    try:
        services.give_consent(party=party, channels=data["channels"], how="online",
                              actor=Actor.public(party.name), case=case,
                              email=data["email"], phone=data["phone"])
    except DomainError as exc:
        form.add_error(_field(form, exc), exc.message)
        return _inbox_page(request, case, form=form, status=exc.status)
    messages.success(request, local("已确认同意电子送达"))
    return redirect("delivery:inbox")


@require_POST
def inbox_revoke(request: HttpRequest) -> HttpResponse:
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    party = _party(case)
    consent = services.active_consent(party.key) if party else None
    if consent is None:
        return tracking.not_found(request, "没有有效的电子送达确认")
    services.revoke_consent(consent, Actor.public(party.name))
    messages.success(request, local("已撤回电子送达确认，今后的文书将以其他方式送达"))
    return redirect("delivery:inbox")


def _field(form, exc: DomainError) -> str | None:
    return exc.field if exc.field in form.fields else None


def _file(filename: str, content: bytes) -> HttpResponse:
    kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


# -- staff ------------------------------------------------------------------------------------

def _row(d: Delivery) -> dict:
    return {"d": d, "state": STATE_LABELS.get(d.state, d.state),
            "channel": CHANNEL_LABELS.get(d.channel, d.channel)}


@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    visible = Case.objects.visible_to(actor)
    ready = []
    for code, states in services.ready_procedures().items():
        ready += list(visible.filter(procedure=code, state__in=states, is_open=True)
                      .select_related("agency").order_by("due_on", "id")[:50])
    recent = Delivery.objects.filter(case__in=visible.values("pk")).select_related("case") \
        .order_by("-sent_at", "-id")[:100]
    return render(request, "delivery/staff_list.html", staff_nav(actor, request) | {
        "ready": ready, "deliveries": [_row(d) for d in recent], "rules": rule_notes()})


def _visible_case(actor: Actor, case_pk: int) -> Case:
    case = Case.objects.visible_to(actor).select_related("agency").filter(pk=case_pk).first()
    if case is None:
        raise Http404(local("案件不存在"))
    return case


def _may_act(actor: Actor, case: Case) -> bool:
    agencies = {case.agency_id, *case.participants.values_list("agency_id", flat=True)}
    return actor.agency_id in agencies


def _case_page(request: HttpRequest, actor: Actor, case: Case, *, status: int = 200,
               **forms) -> HttpResponse:
    declared = services.declared_for(case)
    party = declared.party(case) if declared else None
    consent = services.active_consent(party.key) if party else None
    may_act = _may_act(actor, case)
    document = declared.document(case) if (declared and may_act) else None
    channels = [(c, CHANNEL_LABELS[c]) for c in (consent.channels if consent else [])] \
        + [(POST, CHANNEL_LABELS[POST])]
    consents = Consent.objects.filter(party_key=party.key).order_by("-id") if party else []
    deliveries = case.deliveries.select_related("notification").order_by("-sent_at", "-id")
    return render(request, "delivery/staff_case.html", staff_nav(actor, request) | {
        "case": case, "party": party, "consent": consent, "consents": consents,
        "may_act": may_act, "document": document, "channels": channels,
        "deliveries": [_row(d) for d in deliveries], "rules": rule_notes(),
        "serve_form": forms.get("serve_form") or ServeForm(),
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "post_form": forms.get("post_form") or PostForm(),
        "receipt_form": forms.get("receipt_form") or ReceiptForm(),
    }, status=status)


@require_GET
def staff_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    actor = staff_actor(request)
    return _case_page(request, actor, _visible_case(actor, case_pk))


@require_POST
def staff_serve(request: HttpRequest, case_pk: int) -> HttpResponse:
    actor = staff_actor(request)
    case = _visible_case(actor, case_pk)
    form = ServeForm(request.POST)
    if not form.is_valid():
        return _case_page(request, actor, case, serve_form=form, status=422)
    declared = services.declared_for(case)
    document = declared.document(case) if declared else None
    if document is None:
        messages.error(request, local("本案当前没有待送达的文书"))
        return _case_page(request, actor, case, status=409)
    try:
        services.serve(case=case, document_title=document.title, content=document.content,
                       filename=document.filename, party=document.party, actor=actor,
                       channel=form.cleaned_data["channel"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return _case_page(request, actor, case, serve_form=form, status=exc.status)
    messages.success(request, local("文书已送达登记"))
    return redirect("delivery:case", case_pk=case.pk)


@require_POST
def staff_consent(request: HttpRequest, case_pk: int) -> HttpResponse:
    actor = staff_actor(request)
    case = _visible_case(actor, case_pk)
    party = _party(case)
    form = ConsentForm(request.POST)
    if party is None or not _may_act(actor, case):
        messages.error(request, local("只有案件承办机关的工作人员可以登记电子送达确认"))
        return _case_page(request, actor, case, consent_form=form, status=403)
    if not form.is_valid():
        return _case_page(request, actor, case, consent_form=form, status=422)
    data = form.cleaned_data
    try:
        services.give_consent(party=party, channels=data["channels"],
                              how=data["how"] or "signed_form",
                              actor=actor, case=case, email=data["email"], phone=data["phone"])
    except DomainError as exc:
        form.add_error(_field(form, exc), exc.message)
        return _case_page(request, actor, case, consent_form=form, status=exc.status)
    messages.success(request, local("已登记电子送达确认"))
    return redirect("delivery:case", case_pk=case.pk)


def _delivery(actor: Actor, pk: int) -> Delivery:
    found = Delivery.objects.filter(pk=pk, case__in=Case.objects.visible_to(actor).values("pk")) \
        .select_related("case").first()
    if found is None:
        raise Http404(local("送达记录不存在"))
    return found


@require_POST
def staff_post(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, PostForm, services.record_post, "post_form", "已登记交邮")


@require_POST
def staff_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, ReceiptForm, services.record_receipt, "receipt_form", "已登记送达回证")


def _record(request: HttpRequest, pk: int, form_class: type, record: Callable[..., object],
            form_key: str, done: str) -> HttpResponse:
    """A staff entry on a delivery (posting, a returned receipt): the case page again with the
    reasons when refused, nothing written."""
    actor = staff_actor(request)
    delivery = _delivery(actor, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _case_page(request, actor, delivery.case, status=422, **{form_key: form})
    try:
        record(delivery, actor, **form.cleaned_data)
    except DomainError as exc:
        form.add_error(_field(form, exc), exc.message)
        return _case_page(request, actor, delivery.case, status=exc.status, **{form_key: form})
    messages.success(request, local(done))
    return redirect("delivery:case", case_pk=delivery.case_id)


@require_GET
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    delivery = _delivery(actor, pk)
    try:
        delivery, data = evidence_package(delivery, actor)
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/zip")
    name = f"送达证据包-{delivery.case.number}-{delivery.pk}.zip"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response

