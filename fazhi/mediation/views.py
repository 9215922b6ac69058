"""Screens of mediation: the online application and its receipt, the party's view on the
track page (personal data masked), the committee's registration and the screening-campaign
list. The workspace inbox and case page do the rest from the declared procedure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from fazhi.cases import procedure as registry
from fazhi.cases import tracking
from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case
from fazhi.core import throttle
from fazhi.core.errors import DomainError
from fazhi.core.web import client_ip, staff_actor, staff_intake, staff_nav
from fazhi.law.redaction import mask_identifier, mask_name
from fazhi.mediation import queries, services
from fazhi.mediation.forms import ApplyForm, StaffForm, StopForm
from fazhi.org.actors import Actor


# -- public: the online application -------------------------------------------------------
def apply(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _apply_page(request, ApplyForm())
    if not throttle.SUBMIT.hit(client_ip(request)):  # the one counter of public submissions
        return tracking.throttled(request, throttle.SUBMIT)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return _apply_page(request, form, status=422)
    data = form.parsed.model_dump() | {"source": "application"}
    try:
        case = services.receive(Actor.public("申请人"), data)
    except DomainError as exc:
        form.add_errors(exc)
        return _apply_page(request, form, status=exc.status)
    tracking.hold_receipt(request, case)
    return redirect("mediation:receipt")


def _apply_page(request: HttpRequest, form: ApplyForm, status: int = 200) -> HttpResponse:
    return render(request, "mediation/apply.html", {"form": form}, status=status)


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    case = tracking.take_receipt(request, "mediation")
    if case is None:
        return tracking.not_found(request, "回执已显示过；请凭查询码查询调解进度")
    proc = registry.get(case.procedure, case.procedure_version)
    return render(request, "mediation/receipt.html",
                  {"case": case, "clocks": tracking.running_clocks(case, proc)})


# -- the party on the track page ------------------------------------------------------------
def party_context(request: HttpRequest, case: Case, proc: registry.Procedure,
                  bound: Mapping[str, Any]) -> dict[str, Any]:
    """Whoever holds the code sees this: the parties' names and the number masked."""
    row = getattr(case, "mediation", None)
    if row is None:
        return {"row": None}
    actions = {t.action for t in actions_for(case, Actor.public())}
    return {"row": row, "stop_action": _stop_action(case.state, actions),
            "stop_form": bound.get("stop") or StopForm(), "applicant": mask_name(row.applicant_name),
            "applicant_id": mask_identifier(row.applicant_id),
            "respondent": mask_name(row.respondent_name),
            "mediators": [x.name for x in row.mediators.all()],
            "ruling": row.get_ruling_display() if row.ruling else "",
            "route": row.get_failure_route_display() if row.failure_route else ""}


def _stop_action(state: str, actions: set[str]) -> str:
    """Before acceptance the applicant refuses (第十七条); once accepted, ends it (第二十三条)."""
    wanted = "refuse" if state == "applied" else "end"
    return wanted if wanted in actions else ""


@require_POST
def track_stop(request: HttpRequest) -> HttpResponse:
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    form = StopForm(request.POST)
    if not form.is_valid():
        return tracking.render_case(request, case, bound={"stop": form}, status=422)
    action = _stop_action(case.state, {t.action for t in actions_for(case, Actor.public())})
    try:
        services.act(case, action or "end", Actor.public("申请人"),
                     {"party": "applicant", "reason": form.cleaned_data["reason"]})
    except DomainError as exc:
        return tracking.refused(request, case, exc)
    messages.success(request, "已提交。")
    return redirect("portal:track")


def party_api(case: Case) -> dict[str, Any]:
    row = getattr(case, "mediation", None)
    if row is None:
        return {}
    return {"committee": row.committee.name, "sessions": row.sessions,
            "agreed_on": row.agreed_on.isoformat() if row.agreed_on else None,
            "ruling": row.ruling or None, "failure_route": row.failure_route or None}


# -- staff: registration and screening campaigns ------------------------------------------------
def staff_new(request: HttpRequest) -> HttpResponse:
    """An application made at the committee, its own initiative or a referral (第十七条、
    第十八条), registered by the host agency's staff for its own committees."""
    return staff_intake(
        request, roles=frozenset({"handler"}), refusal="仅承办人可以登记调解申请",
        template="mediation/staff_new.html",
        form=lambda actor, data: StaffForm(data, agency_id=actor.agency_id),
        register=lambda agency, actor, data, form: services.receive(actor, data))


@require_GET
def campaigns(request: HttpRequest) -> HttpResponse:
    """矛盾纠纷排查: the batches of mediation cases a screening campaign created, and one batch."""
    actor = staff_actor(request)
    campaign = request.GET.get("campaign", "").strip()[:60]
    return render(request, "mediation/campaigns.html", staff_nav(actor, request) | {
        "batches": queries.by_campaign(actor), "campaign": campaign,
        "rows": queries.campaign_cases(actor, campaign) if campaign else []})
