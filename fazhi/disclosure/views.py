"""The screens of government information disclosure on request (依申请公开).

Public (no login): applying, the one-time receipt, the published replies, and the
applicant's own actions on the track page (correction, withdrawal). Staff: registering a
request received by letter, in person or by fax. The track page itself, the workspace case
page and the inbox are the shells'; they show this procedure's cases through what
`DisclosureConfig.declare()` declares (the party view below, the payload labels).

Writes go through the disclosure services (the engine's single write path); reads of
published material touch only PublishedRecord. The receipt code is shown once after
submission (kept in the session for that one display, never in a URL).
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.cases import procedure as registry
from fazhi.cases import tracking
from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case
from fazhi.cases.receipts import send_receipt_code, sent_notice
from fazhi.core import throttle
from fazhi.core.errors import DomainError, InvalidData
from fazhi.core.inputs import checks_fields
from fazhi.core.pagecache import public_page
from fazhi.core.pdf import pdf_response
from fazhi.core.schemaforms import FILE_FIELD, SchemaForm
from fazhi.core.web import client_ip, staff_actor, staff_nav
from fazhi.disclosure import disclosed, queries, receipt_doc
from fazhi.disclosure.answers import ANSWERS
from fazhi.disclosure.effects import remedy_notice
from fazhi.disclosure.forms import (
    ApplyForm,
    CorrectionForm,
    WithdrawForm,
    registration_data,
    registration_form,
)
from fazhi.disclosure.models import NATURAL
from fazhi.disclosure.services import act, submit_request
from fazhi.law.inputs import InputError, identifier, search_text
from fazhi.law.redaction import (
    PUBLIC,
    mask_address,
    mask_email,
    mask_identifier,
    mask_name,
    mask_phone,
    redact,
)
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

# {"case": id, "until": epoch}: the receipt page's PDF link, for as long as tracking lasts
SESSION_RECEIPT_PDF = "portal.receipt_pdf"
HOME_CACHE_SECONDS = 30


# -- apply ----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@checks_fields
def apply(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _apply_page(request, ApplyForm())
    if not throttle.SUBMIT.hit(client_ip(request)):
        return tracking.throttled(request, throttle.SUBMIT)
    form = ApplyForm(request.POST, request.FILES)
    if not form.is_valid():  # the agency, the file and the schema's rules, all at once
        return _apply_page(request, form, status=422)
    application = form.parsed
    try:
        case = submit_request(form.cleaned_data["agency"], Actor.public(application.applicant_name),
                              application, identity_proof=form.cleaned_data["identity_proof"])
    except InvalidData as exc:  # the engine refused (e.g. the stored file): nothing written
        form.add_errors(exc)
        return _apply_page(request, form, status=422)
    tracking.hold_receipt(request, case)
    return redirect("disclosure:receipt")


def _apply_page(request: HttpRequest, form: ApplyForm, status: int = 200) -> HttpResponse:
    return render(request, "disclosure/apply.html", {"form": form}, status=status)


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    case = tracking.take_receipt(request, "disclosure")
    if case is None:
        return render(request, "disclosure/receipt_gone.html", status=404)
    proc = registry.get(case.procedure, case.procedure_version)
    request.session[SESSION_RECEIPT_PDF] = {"case": case.pk,
                                            "until": time.time() + tracking.TRACK_SECONDS}
    return render(request, "disclosure/receipt.html", {
        "case": case, "proc": proc, "clocks": tracking.running_clocks(case, proc)})


def _receipt_case(request: HttpRequest) -> Case | None:
    """The request whose receipt this session may download: the one just submitted (for
    as long as tracking lasts), else the one being tracked."""
    held = request.session.get(SESSION_RECEIPT_PDF)
    if isinstance(held, dict) and float(held.get("until", 0)) >= time.time():
        case = Case.objects.select_related("agency", "disclosure").filter(
            pk=tracking.as_pk(held.get("case")), procedure="disclosure").first()
        if case is not None:
            return case
    case = tracking.tracked_case(request)
    return case if case is not None and case.procedure == "disclosure" else None


@require_GET
def receipt_pdf(request: HttpRequest) -> HttpResponse:
    """The printable receipt (no receipt code in it: docs/decisions/0025)."""
    case = _receipt_case(request)
    if case is None:
        return tracking.expired(request)
    return pdf_response(receipt_doc.receipt_pdf(case), f"receipt-{case.number}.pdf")


# -- the applicant's view on the track page -------------------------------------------------

def party_context(request: HttpRequest, case: Case, proc: registry.Procedure,
                  bound: Mapping[str, Any]) -> dict[str, Any]:
    """The applicant's view: their application with personal data masked (whoever holds the
    receipt code sees this page), the notice to correct, the reply, and the forms for what
    the applicant may do now (`bound`: a correction or withdrawal form with its errors)."""
    actions = {t.action for t in actions_for(case, Actor.public())}
    context: dict[str, Any] = {
        "can_correct": "submit_correction" in actions, "can_withdraw": "withdraw" in actions,
        "correction_form": bound.get("correction") or CorrectionForm(),
        "withdraw_form": bound.get("withdraw") or WithdrawForm(needs_suffix=bool(_id_number(case))),
    }
    detail = getattr(case, "disclosure", None)
    if detail is None:
        return context
    names = [detail.applicant_name, detail.legal_rep, detail.contact_name]
    context |= {"detail": detail, "labels": proc.labels, "applicant": masked_applicant(detail),
                "defects": redact(detail.correction_defects, PUBLIC, names)}
    if case.state == "awaiting_correction":
        guidance = tracking.last_payload(case, "request_correction").get("guidance", "")
        context["guidance"] = redact(guidance, PUBLIC, names)
    if detail.answer_type in ANSWERS:
        answer = ANSWERS[detail.answer_type]
        payload = tracking.last_payload(case, "reply")
        context["answer"] = answer
        context["reply_text"] = redact(detail.reply_text, PUBLIC, names)
        context["ground_label"] = proc.labels["ground"].get(detail.answer_ground, "")
        context["responsible_agency"] = payload.get("responsible_agency", "")
        context["remedy"] = payload.get("remedy") or remedy_notice(answer.refusal)
        context["disclosed_files"] = disclosed.disclosed_files(case)
    return context


def masked_applicant(detail) -> dict[str, str]:
    """The application's personal data as the track page shows it: a natural person's name,
    every number, the e-mail and the street masked; an organisation's name is public."""
    natural = detail.applicant_type == NATURAL
    return {
        "name": mask_name(detail.applicant_name) if natural else detail.applicant_name,
        "id_number": mask_identifier(detail.id_number),
        "legal_rep": mask_name(detail.legal_rep), "contact_name": mask_name(detail.contact_name),
        "phone": mask_phone(detail.phone),
        "email": mask_email(detail.email) if detail.email else "",
        "address": mask_address(detail.address),
    }


def _id_number(case: Case) -> str:
    """The ID number the applicant gave."""
    detail = getattr(case, "disclosure", None)
    return getattr(detail, "id_number", "") or ""


def _is_applicant(case: Case, suffix: str) -> bool:
    """The last four characters of the recorded ID number, compared in constant time."""
    try:
        expected = identifier(_id_number(case))[-4:]
    except InputError:
        expected = _id_number(case)[-4:].upper()
    return hmac.compare_digest(expected.encode(), (suffix or "").encode())


@require_POST
@checks_fields
def track_correction(request: HttpRequest) -> HttpResponse:
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = {"corrected_on": timezone.localdate().isoformat(),
                "content": form.cleaned_data["content"]}
        try:
            act(Actor.public(), case, "submit_correction", data)
        except InvalidData as exc:
            for name, message in getattr(exc, "errors", None) or [("", exc.message)]:
                form.add_error("content" if name in {"content", ""} else None, message)
        except DomainError as exc:  # e.g. no longer awaiting correction
            return tracking.refused(request, case, exc)
        else:
            messages.success(request, "补正材料已提交。答复期限自收到补正之日起重新计算"
                                      "（《政府信息公开条例》第三十条）。")
            return redirect("portal:track")
    return tracking.render_case(request, case, bound={"correction": form}, status=422)


@require_POST
@checks_fields
def track_withdraw(request: HttpRequest) -> HttpResponse:
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    needs_suffix = bool(_id_number(case))
    form = WithdrawForm(request.POST, needs_suffix=needs_suffix)
    if form.is_valid():
        if not throttle.WITHDRAW.hit(str(case.pk)):  # four characters: few tries allowed
            return tracking.throttled(request, throttle.WITHDRAW)
        if needs_suffix and not _is_applicant(case, form.cleaned_data["id_suffix"]):
            form.add_error("id_suffix", "证件号码后四位与申请时所填不符，未能撤回")
            return tracking.render_case(request, case, bound={"withdraw": form}, status=422)
        try:
            act(Actor.public(), case, "withdraw", {"reason": form.cleaned_data["reason"]})
        except InvalidData as exc:
            form.add_error("reason", exc.message)
        except DomainError as exc:  # e.g. already closed
            return tracking.refused(request, case, exc)
        else:
            messages.success(request, "您的申请已撤回。")
            return redirect("portal:track")
    return tracking.render_case(request, case, bound={"withdraw": form}, status=422)


@require_GET
def track_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A document the tracked applicant's reply discloses."""
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    found = disclosed.disclosed_files(case).filter(pk=tracking.as_pk(pk)).first()
    if found is None:
        return tracking.not_found(request, "该文件不存在或不属于本申请公开的内容")
    return disclosed.download(found, found.filename)


# -- published replies ----------------------------------------------------------------------

@require_GET
@public_page
def replies(request: HttpRequest) -> HttpResponse:
    q = search_text(request.GET.get("q", ""), 100)
    records = queries.published_matching(q)
    agency_id = tracking.as_pk(request.GET.get("agency"))
    if agency_id:
        records = records.filter(agency_id=agency_id)
    page = Paginator(records.only("pk", "title", "agency__name", "published_at", "data"),
                     20).get_page(request.GET.get("page"))
    agencies = Agency.objects.filter(
        pk__in=queries.published().values("agency_id")).order_by("code").only("pk", "name")
    return render(request, "disclosure/replies.html", {
        "page": page, "q": q, "agency_id": agency_id, "agencies": agencies})


def _published(pk: int):
    return queries.published().filter(pk=tracking.as_pk(pk)).first() if tracking.as_pk(pk) else None


@require_GET
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _published(pk)
    if record is None:
        return tracking.not_found(request, "该公开答复不存在或已撤回")
    files = [(f, disclosed.public_name(f, record.case)) for f in
             disclosed.disclosed_files(record.case)] if record.case else []
    return render(request, "disclosure/reply_detail.html", {"record": record, "files": files})


@require_GET
def reply_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """A document a published reply discloses, under its masked file name."""
    record = _published(pk)
    found = disclosed.disclosed_files(record.case).filter(pk=tracking.as_pk(file_pk)).first() \
        if record is not None and record.case else None
    if found is None:
        return tracking.not_found(request, "该文件不存在，或所属答复未公开、已撤回")
    return disclosed.download(found, disclosed.public_name(found, record.case))


def home_figures() -> dict[str, Any]:
    """The home page's count of published replies, cached briefly: the busiest public page
    should not count them on every visit."""
    figures = cache.get("portal.home.disclosure")
    if figures is None:
        figures = {"published_count": queries.published().count()}
        cache.set("portal.home.disclosure", figures, HOME_CACHE_SECONDS)
    return figures


# -- staff registration of a request --------------------------------------------------------

@require_http_methods(["GET", "POST"])
@checks_fields
def staff_new(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if not actor.has_any(frozenset({"handler"})):
        raise PermissionDenied("仅承办人可以登记申请")
    if request.method == "GET":
        return _render_new(request, actor, registration_form())
    form = registration_form(request.POST, request.FILES)
    data = registration_data(form)
    if form.errors:
        return _render_new(request, actor, form, status=422)
    agency = Agency.objects.get(pk=actor.agency_id)
    try:
        with transaction.atomic():
            case = submit_request(agency, actor, data,
                                  identity_proof=request.FILES.get(FILE_FIELD))
            sent = send_receipt_code(case, phone=data.get("phone", ""),
                                     email=data.get("email", ""))
    except DomainError as exc:
        form.add_errors(exc)
        return _render_new(request, actor, form, status=exc.status)
    messages.success(request, _("Registered as %(number)s") % {"number": case.number}
                     + " " + sent_notice(sent))
    return redirect("workspace:case", pk=case.pk)


def _render_new(request: HttpRequest, actor: Actor, form: SchemaForm,
                status: int = 200) -> HttpResponse:
    return render(request, "disclosure/staff_new.html",
                  staff_nav(actor, request) | {"form": form}, status=status)
