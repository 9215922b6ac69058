"""Screens of complaints: the online complaint or report and its receipt (both codes when it
split), the complainant's view and withdrawal on the track page, staff registration
(12315 phone, letter, visit) and the repeat-complaint statistics per business. The
workspace inbox and case page do the rest from the declared procedures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fazhi.cases import procedure as registry
from fazhi.cases import tracking
from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case
from fazhi.complaints import queries, services
from fazhi.complaints.forms import StaffForm, SubmitForm, WithdrawForm, regulators
from fazhi.complaints.limits import REPEAT_MONTHS
from fazhi.core import throttle
from fazhi.core.errors import DomainError
from fazhi.core.web import client_ip, staff_actor, staff_intake, staff_nav
from fazhi.law.inputs import search_text
from fazhi.law.redaction import mask_identifier, mask_name
from fazhi.org.actors import Actor
from fazhi.subjects.models import CreditRecord, MarketEntity
from fazhi.subjects.signals import entity_facts

SESSION_REPORT = "complaints.report_receipt"


# -- public: the online complaint or report -----------------------------------------------
def submit(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _submit_page(request, SubmitForm(initial={"agency": regulators().first()}))
    if not throttle.SUBMIT.hit(client_ip(request)):  # the one counter of public submissions
        return tracking.throttled(request, throttle.SUBMIT)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _submit_page(request, form, status=422)
    data = form.parsed.model_dump() | {"channel": "online"}
    try:
        case = services.receive(form.cleaned_data["agency"], Actor.public("投诉人"), data)
    except DomainError as exc:  # nothing written
        form.add_errors(exc)
        return _submit_page(request, form, status=exc.status)
    tracking.hold_receipt(request, case)
    report = case.split_reports.first() if case.procedure == "complaint" else None
    request.session[SESSION_REPORT] = {"case": report.case_id} if report else None
    return redirect("complaints:receipt")


def _submit_page(request: HttpRequest, form: SubmitForm, status: int = 200) -> HttpResponse:
    return render(request, "complaints/submit.html", {"form": form}, status=status)


def _held(request: HttpRequest) -> Case | None:
    """The complaint or report whose receipt is held for this session (used up either way,
    as `tracking.take_receipt`: a reload shows no code)."""
    held = request.session.pop(tracking.SESSION_RECEIPT, None)
    pk = tracking.as_pk(held.get("case")) if isinstance(held, dict) else None
    if pk is None:
        return None
    return Case.objects.select_related("agency").filter(
        pk=pk, procedure__in=queries.PROCEDURES).first()


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    case = _held(request)
    held = request.session.pop(SESSION_REPORT, None)
    if case is None:
        return tracking.not_found(request, "回执已显示过；请凭查询码查询办理进度")
    report = None
    if case.procedure == "complaint" and isinstance(held, dict):
        report = Case.objects.select_related("agency").filter(
            pk=tracking.as_pk(held.get("case")), consumer_report__complaint=case).first()
    proc = registry.get(case.procedure, case.procedure_version)
    parts = [(case, tracking.running_clocks(case, proc))]
    if report is not None:
        parts.append((report, tracking.running_clocks(
            report, registry.get(report.procedure, report.procedure_version))))
    return render(request, "complaints/receipt.html", {"case": case, "parts": parts})


def home_figures() -> dict[str, Any]:
    """The home page's card: complaints received this year (cached briefly)."""
    year = timezone.localdate().year
    return cache.get_or_set("complaints:home", lambda: {"complaint_figures": {
        "received": Case.objects.filter(procedure="complaint", received_on__year=year).count()}},
        60)


# -- the complainant on the track page --------------------------------------------------------
def party_context(request: HttpRequest, case: Case, proc: registry.Procedure,
                  bound: Mapping[str, Any]) -> dict[str, Any]:
    """Whoever holds the code sees this: the complainant's name and number masked."""
    row = getattr(case, "complaint", None) or getattr(case, "consumer_report", None)
    if row is None:
        return {"row": None}
    actions = {t.action for t in actions_for(case, Actor.public())}
    name = getattr(row, "complainant_name", "") or getattr(row, "reporter_name", "")
    return {"row": row, "is_report": case.procedure == "consumer_report",
            "person": mask_name(name), "person_id": mask_identifier(row.applicant_id),
            "can_withdraw": "withdraw" in actions,
            "withdraw_form": bound.get("withdraw") or WithdrawForm(),
            "refusal": row.get_refusal_display() if getattr(row, "refusal", "") else "",
            "ending": row.get_ending_display() if getattr(row, "ending", "") else "",
            "decision": row.get_decision_display() if getattr(row, "decision", "") else ""}


def party_api(case: Case) -> dict[str, Any]:
    row = getattr(case, "complaint", None)
    if row is not None:
        return {"business": row.business_name, "accepted_on": _iso(row.accepted_on),
                "refusal": row.refusal or None, "sessions": row.sessions,
                "agreed_on": _iso(row.agreed_on), "ending": row.ending or None}
    report = getattr(case, "consumer_report", None)
    if report is not None:
        return {"business": report.business_name, "decision": report.decision or None,
                "decided_on": _iso(report.decided_on)}
    return {}


def _iso(value) -> str | None:  # noqa: ANN001 - a date or None
    return value.isoformat() if value else None


@require_POST
def track_withdraw(request: HttpRequest) -> HttpResponse:
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return tracking.render_case(request, case, bound={"withdraw": form}, status=422)
    try:
        services.act(case, "withdraw", Actor.public("投诉人"), {"note": form.cleaned_data["note"]})
    except DomainError as exc:
        return tracking.refused(request, case, exc)
    messages.success(request, "已撤回。")
    return redirect("portal:track")


# -- staff ------------------------------------------------------------------------------------
def staff_new(request: HttpRequest) -> HttpResponse:
    return staff_intake(
        request, roles=frozenset({"handler"}), refusal="仅承办人可以登记投诉举报",
        template="complaints/staff_new.html",
        form=lambda actor, data: StaffForm(data, auto_id="complaint-%s"),
        register=lambda agency, actor, data, form: services.receive(agency, actor, data))


@require_GET
def businesses(request: HttpRequest) -> HttpResponse:
    """Repeat complaints: per business, complaints and reports of the last 12 months."""
    actor = staff_actor(request)
    today = timezone.localdate()
    q = search_text(request.GET.get("q", ""), 60)
    key = search_text(request.GET.get("business", ""), 200)
    entity = MarketEntity.objects.filter(uscc=key).first() if key else None
    return render(request, "complaints/businesses.html", staff_nav(actor, request) | {
        "rows": queries.repeat_stats(actor, today, q=q), "q": q, "months": REPEAT_MONTHS,
        "since": queries.since(today), "today": today, "business": key,
        "cases": queries.business_cases(actor, key, today) if key else [],
        "entity": entity, "credit": _credit(entity, today) if entity else None})


def _credit(entity: MarketEntity, today) -> dict[str, Any]:  # noqa: ANN001 - a date
    """The entity's credit as subjects keeps it (class, records in publicity) and what every
    procedure answers on `entity_facts` (this app: its complaint and report counts)."""
    facts = [pair for _, said in entity_facts.send(sender=MarketEntity, entity=entity, today=today)
             for pair in (said or [])]
    return {"records": entity.credit_records.filter(status=CreditRecord.PUBLISHED).count(),
            "facts": facts}
