"""The public portal: apply, track with a receipt code, read published replies and ledger
checkpoints. No login. Writes go through the disclosure services (the engine's single
write path) with a public actor; reads of published material touch only PublishedRecord.

The receipt code is the applicant's key: it is shown once after submission (kept in the
session for that one display, never in a URL), and after it is entered on the track page
only the case id is remembered in the session, for a limited time.
"""

import hmac
import json
import time
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import limit_for
from fazhi.cases.engine import actions_for, normalise_receipt_code
from fazhi.cases.models import Case, Clock
from fazhi.core import throttle
from fazhi.core.errors import DomainError, InvalidData
from fazhi.core.inputs import checks_fields
from fazhi.core.models import Checkpoint
from fazhi.core.web import client_ip
from fazhi.disclosure import queries
from fazhi.disclosure.answers import ANSWERS
from fazhi.disclosure.effects import remedy_notice
from fazhi.disclosure.models import NATURAL
from fazhi.disclosure.services import act, submit_request
from fazhi.law.inputs import InputError, identifier
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
from fazhi.portal.forms import ApplyForm, CorrectionForm, TrackForm, WithdrawForm

SESSION_RECEIPT = "portal.receipt"  # {"case": id}: popped by the one receipt display
SESSION_TRACK = "portal.track"  # {"case": id, "until": epoch seconds}
HOME_CACHE_SECONDS = 30
TRACK_SECONDS = 30 * 60  # the party's unmasked view lasts this long without a new code
CODE_LENGTH = 19  # "XXXX-XXXX-XXXX-XXXX"
MAX_PK = 2**63 - 1  # larger ids would overflow the database integer: treat as absent
NOT_FOUND_CODE = "查询码不存在或已失效"


# -- helpers ------------------------------------------------------------------------------

def _throttled(request: HttpRequest, scope: throttle.Scope) -> HttpResponse:
    response = render(request, "portal/throttled.html", status=429)
    response["Retry-After"] = str(scope.retry_after)
    return response


def _clean_text(value: str, limit: int) -> str:
    """Search input: no control characters (PostgreSQL refuses NUL), bounded length."""
    return "".join(ch for ch in value if ch >= " ")[:limit].strip()


def _as_pk(value: str | int | None) -> int | None:
    try:
        pk = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= MAX_PK else None


@dataclass(frozen=True)
class ClockView:
    label: str
    due_on: date
    explanation: str
    provisional: bool
    paused: bool


def _running_clocks(case: Case, proc: registry.Procedure) -> list[ClockView]:
    clocks = Clock.objects.filter(case=case, state=Clock.RUNNING).order_by("due_on")
    return [ClockView(limit_for(c, proc).label, c.due_on, c.explanation, c.provisional,
                      c.paused) for c in clocks]


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime
    by: str


def _timeline(case: Case, proc: registry.Procedure) -> list[Step]:
    """Public-facing steps: the action and its date; the agency stands for its staff."""
    steps = []
    for event in case.events.order_by("seq").only("action", "at", "actor_kind"):
        transition = proc.transition(event.action)
        by = "申请人" if event.actor_kind == "public" else case.agency.name
        steps.append(Step(transition.label if transition else event.action,
                          event.at_datetime, by))
    return steps


def _last_payload(case: Case, action: str) -> dict:
    event = case.events.filter(action=action).order_by("-seq").only("payload").first()
    return json.loads(event.payload) if event else {}


# -- home -----------------------------------------------------------------------------------

@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"city": settings.FAZHI_CITY_NAME,
                                                **_home_figures()})


def _home_figures() -> dict:
    """The home page's two figures, cached briefly: the busiest public page should not
    count the published replies on every visit."""
    figures = cache.get("portal.home")
    if figures is None:
        figures = {"published_count": queries.published().count(),
                   "checkpoint": Checkpoint.objects.order_by("-upto_event_id").first()}
        cache.set("portal.home", figures, HOME_CACHE_SECONDS)
    return figures


# -- apply ----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@checks_fields
def apply(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _apply_page(request, ApplyForm())
    if not throttle.SUBMIT.hit(client_ip(request)):
        return _throttled(request, throttle.SUBMIT)
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
    request.session[SESSION_RECEIPT] = {"case": case.pk}
    return redirect("portal:receipt")


def _apply_page(request: HttpRequest, form: ApplyForm, status: int = 200) -> HttpResponse:
    return render(request, "portal/apply.html", {"form": form}, status=status)


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    held = request.session.pop(SESSION_RECEIPT, None)
    case = Case.objects.select_related("agency").filter(
        pk=_as_pk((held or {}).get("case"))).first() if isinstance(held, dict) else None
    if case is None:
        return render(request, "portal/receipt_gone.html", status=404)
    proc = registry.get(case.procedure, case.procedure_version)
    return render(request, "portal/receipt.html", {
        "case": case, "proc": proc, "clocks": _running_clocks(case, proc)})


# -- track ----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@checks_fields
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _track_lookup(request)
    case = _tracked_case(request)
    if case is None:
        return render(request, "portal/track.html", {"form": TrackForm()})
    return _case_page(request, case)


def _track_lookup(request: HttpRequest) -> HttpResponse:
    if not throttle.TRACK.hit(client_ip(request)):
        return _throttled(request, throttle.TRACK)
    form = TrackForm(request.POST)
    raw = request.POST.get("code", "")
    code = normalise_receipt_code(raw) if len(raw) <= 64 else ""
    if len(code) == CODE_LENGTH and not throttle.TRACK_CODE.hit(code):
        return _throttled(request, throttle.TRACK_CODE)
    case = (Case.objects.filter(receipt_code=code).only("pk").first()
            if len(code) == CODE_LENGTH else None)
    if case is None:
        return render(request, "portal/track.html",
                      {"form": TrackForm(), "error": NOT_FOUND_CODE, "submitted": bool(form.data)},
                      status=404)
    request.session[SESSION_TRACK] = {"case": case.pk, "until": time.time() + TRACK_SECONDS}
    return redirect("portal:track")


def _tracked_case(request: HttpRequest) -> Case | None:
    held = request.session.get(SESSION_TRACK)
    if not isinstance(held, dict) or float(held.get("until", 0)) < time.time():
        request.session.pop(SESSION_TRACK, None)
        return None
    return Case.objects.select_related("agency").filter(pk=_as_pk(held.get("case")),
                                                        receipt_code__isnull=False).first()


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "portal/not_found.html", {"message": message}, status=404)


def _expired(request: HttpRequest) -> HttpResponse:
    return _not_found(request, "查询已过期，请重新输入查询码")


def _case_page(request: HttpRequest, case: Case, *, correction: CorrectionForm | None = None,
               withdraw: WithdrawForm | None = None, status: int = 200) -> HttpResponse:
    proc = registry.get(case.procedure, case.procedure_version)
    actions = {t.action for t in actions_for(case, Actor.public())}
    context = {
        "case": case, "proc": proc, "state_label": proc.state_label(case.state),
        "outcome_label": proc.outcomes.get(case.outcome, "") if not case.is_open else "",
        "clocks": _running_clocks(case, proc), "timeline": _timeline(case, proc),
        "can_correct": "submit_correction" in actions, "can_withdraw": "withdraw" in actions,
        "correction_form": correction or CorrectionForm(),
        "withdraw_form": withdraw or WithdrawForm(needs_suffix=bool(_id_number(case))),
    }
    if case.procedure == "disclosure":
        context |= _disclosure_context(case, proc)
    return render(request, "portal/track_case.html", context, status=status)


def _disclosure_context(case: Case, proc: registry.Procedure) -> dict:
    """The party's view: their application with personal data masked (whoever holds the
    receipt code sees this page), the notice to correct, the reply."""
    detail = getattr(case, "disclosure", None)
    if detail is None:
        return {}
    names = [detail.applicant_name, detail.legal_rep, detail.contact_name]
    context: dict = {"detail": detail, "labels": proc.labels,
                     "applicant": masked_applicant(detail),
                     "defects": redact(detail.correction_defects, PUBLIC, names)}
    if case.state == "awaiting_correction":
        guidance = _last_payload(case, "request_correction").get("guidance", "")
        context["guidance"] = redact(guidance, PUBLIC, names)
    if detail.answer_type in ANSWERS:
        answer = ANSWERS[detail.answer_type]
        payload = _last_payload(case, "reply")
        context["answer"] = answer
        context["reply_text"] = redact(detail.reply_text, PUBLIC, names)
        context["ground_label"] = proc.labels["ground"].get(detail.answer_ground, "")
        context["responsible_agency"] = payload.get("responsible_agency", "")
        context["remedy"] = payload.get("remedy") or remedy_notice(answer.refusal)
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
    """The ID number the applicant gave, when the procedure records one."""
    detail = getattr(case, case.procedure, None) if case.procedure == "disclosure" else None
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
    case = _tracked_case(request)
    if case is None:
        return _expired(request)
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
            return _refused(request, case, exc)
        else:
            messages.success(request, "补正材料已提交。答复期限自收到补正之日起重新计算"
                                      "（《政府信息公开条例》第三十条）。")
            return redirect("portal:track")
    return _case_page(request, case, correction=form, status=422)


@require_POST
@checks_fields
def track_withdraw(request: HttpRequest) -> HttpResponse:
    case = _tracked_case(request)
    if case is None:
        return _expired(request)
    needs_suffix = bool(_id_number(case))
    form = WithdrawForm(request.POST, needs_suffix=needs_suffix)
    if form.is_valid():
        if not throttle.WITHDRAW.hit(str(case.pk)):  # four characters: few tries allowed
            return _throttled(request, throttle.WITHDRAW)
        if needs_suffix and not _is_applicant(case, form.cleaned_data["id_suffix"]):
            form.add_error("id_suffix", "证件号码后四位与申请时所填不符，未能撤回")
            return _case_page(request, case, withdraw=form, status=422)
        try:
            act(Actor.public(), case, "withdraw", {"reason": form.cleaned_data["reason"]})
        except InvalidData as exc:
            form.add_error("reason", exc.message)
        except DomainError as exc:  # e.g. already closed
            return _refused(request, case, exc)
        else:
            messages.success(request, "您的申请已撤回。")
            return redirect("portal:track")
    return _case_page(request, case, withdraw=form, status=422)


def _refused(request: HttpRequest, case: Case, exc: DomainError) -> HttpResponse:
    """The engine refused the action (state changed meanwhile): say why, on the case page."""
    case.refresh_from_db()
    messages.error(request, exc.message)
    return _case_page(request, case, status=exc.status)


@require_POST
def track_exit(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_TRACK, None)
    return redirect("portal:track")


# -- published replies ----------------------------------------------------------------------

@require_GET
def replies(request: HttpRequest) -> HttpResponse:
    records = queries.published()
    q = _clean_text(request.GET.get("q", ""), 100)
    if q:
        records = records.filter(
            Q(title__icontains=q) | Q(body__icontains=q) | Q(data__request__icontains=q)
            | Q(data__answer__icontains=q) | Q(data__number__icontains=q)
            | Q(data__applicant__icontains=q))
    agency_id = _as_pk(request.GET.get("agency"))
    if agency_id:
        records = records.filter(agency_id=agency_id)
    page = Paginator(records.only("pk", "title", "agency__name", "published_at", "data"),
                     20).get_page(request.GET.get("page"))
    agencies = Agency.objects.filter(
        pk__in=queries.published().values("agency_id")).order_by("code").only("pk", "name")
    return render(request, "portal/replies.html", {
        "page": page, "q": q, "agency_id": agency_id, "agencies": agencies})


@require_GET
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = queries.published().filter(pk=_as_pk(pk)).first() if _as_pk(pk) else None
    if record is None:
        return _not_found(request, "该公开答复不存在或已撤回")
    return render(request, "portal/reply_detail.html", {"record": record})


# -- ledger ---------------------------------------------------------------------------------

@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    checkpoints = Checkpoint.objects.order_by("-upto_event_id")
    page = Paginator(checkpoints, 50).get_page(request.GET.get("page"))
    return render(request, "portal/ledger.html", {"page": page})

