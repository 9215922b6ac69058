"""Screens of petitions: the online petition and its receipt, the petitioner's review or
re-review request and rating on the track page, the 信访 office's registration and the
backlog (积案). The workspace inbox and case page do the rest from the declared procedure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fazhi.cases import procedure as registry
from fazhi.cases import tracking
from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case
from fazhi.core import throttle
from fazhi.core.errors import DomainError
from fazhi.core.schemaforms import SchemaForm, schema_form_class
from fazhi.core.web import client_ip, staff_actor, staff_intake, staff_nav
from fazhi.law.redaction import mask_identifier, mask_name
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.petitions import links, queries, services
from fazhi.petitions.forms import RatingForm, RequestForm, SubmitForm
from fazhi.petitions.procedure import Intake


# -- public: the online petition --------------------------------------------------------
def submit(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        office = Agency.objects.filter(name__contains="信访").order_by("code").first()
        return _submit_page(request, SubmitForm(initial={"agency": office}))
    if not throttle.SUBMIT.hit(client_ip(request)):
        return tracking.throttled(request, throttle.SUBMIT)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _submit_page(request, form, status=422)
    data = form.parsed.model_dump() | {"channel": "online"}
    try:
        case = services.receive(form.cleaned_data["agency"], Actor.public("信访人"), data)
    except DomainError as exc:  # a final or pending matter: nothing written
        form.add_errors(exc)
        return _submit_page(request, form, status=exc.status)
    tracking.hold_receipt(request, case)
    return redirect("petitions:receipt")


def _submit_page(request: HttpRequest, form: SubmitForm, status: int = 200) -> HttpResponse:
    return render(request, "petitions/submit.html", {"form": form}, status=status)


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    case = tracking.take_receipt(request, "petition")
    if case is None:
        return tracking.not_found(request, "回执已显示过；请凭查询码查询办理进度")
    proc = registry.get(case.procedure, case.procedure_version)
    return render(request, "petitions/receipt.html",
                  {"case": case, "clocks": tracking.running_clocks(case, proc)})


# -- the petitioner on the track page ---------------------------------------------------
def party_context(request: HttpRequest, case: Case, proc: registry.Procedure,
                  bound: Mapping[str, Any]) -> dict[str, Any]:
    """Whoever holds the code sees this: the petitioner's name and number masked."""
    p = getattr(case, "petition", None)
    actions = {t.action for t in actions_for(case, Actor.public())}
    context: dict[str, Any] = {
        "p": p, "request_action": next((a for a in ("request_review", "request_rereview")
                                        if a in actions), ""),
        "can_rate": "rate" in actions,
        "request_form": bound.get("request") or RequestForm(),
        "rating_form": bound.get("rate") or RatingForm(),
    }
    if p is not None:
        context |= {"petitioner": mask_name(p.petitioner_name),
                    "petitioner_id": mask_identifier(p.petitioner_id),
                    "route": p.get_route_display() if p.route else "",
                    "opinion": p.get_opinion_display() if p.opinion else "",
                    "reconsideration": _followed(case)}
    return context


def _followed(case: Case) -> dict[str, str] | None:
    """The reconsideration case a petition routed there follows: number, state, outcome."""
    other = links.reconsideration_of(case) if case.state == "routed" else None
    if other is None:
        return None
    proc = registry.get(other.procedure, other.procedure_version)
    return {"number": other.number, "state": proc.state_label(other.state),
            "outcome": proc.outcomes.get(other.outcome, "") if other.outcome else ""}


def staff_detail(case: Case, actor: Actor) -> tuple[str, dict[str, Any]] | None:
    """The workspace case page of a petition routed to reconsideration: the petition's
    main facts and the reconsideration case it follows (others: the generic field list)."""
    followed = _followed(case)
    p = getattr(case, "petition", None)
    if followed is None or p is None:
        return None
    return "petitions/_staff_detail.html", {"p": p, "reconsideration": followed}


def party_api(case: Case) -> dict[str, Any]:
    p = getattr(case, "petition", None)
    if p is None:
        return {}
    return {"route": p.route or None, "routed_to": p.routed_to or None,
            "opinion": p.opinion or None, "final": p.final, "satisfaction": p.satisfaction}


def _party_action(request: HttpRequest, action: str, data: dict, key: str,
                  form) -> HttpResponse:  # noqa: ANN001 - a bound form
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    if not form.is_valid():
        return tracking.render_case(request, case, bound={key: form}, status=422)
    try:
        services.act(case, action, Actor.public("信访人"), data | form.cleaned_data)
    except DomainError as exc:
        return tracking.refused(request, case, exc)
    messages.success(request, "已提交。")
    return redirect("portal:track")


@require_POST
def track_review(request: HttpRequest) -> HttpResponse:
    """第三十五条、第三十六条: the request goes to the body one level up."""
    action = request.POST.get("action", "")
    if action not in {"request_review", "request_rereview"}:
        action = "request_review"
    return _party_action(request, action, {}, "request", RequestForm(request.POST))


@require_POST
def track_rate(request: HttpRequest) -> HttpResponse:
    return _party_action(request, "rate", {}, "rate", RatingForm(request.POST))


# -- staff: registration and the backlog ----------------------------------------------------
def intake_form(data=None) -> SchemaForm:  # noqa: ANN001 - a QueryDict
    return schema_form_class(Intake, registry.get("petition").labels)(data, auto_id="petition-%s")


def staff_new(request: HttpRequest) -> HttpResponse:
    return staff_intake(
        request, roles=frozenset({"handler"}), refusal="仅承办人可以登记信访事项",
        template="petitions/staff_new.html", form=lambda actor, data: intake_form(data),
        register=lambda agency, actor, data, form: services.receive(agency, actor, data))


@require_GET
def backlog(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    today = timezone.localdate()
    campaign = request.GET.get("campaign", "").strip()[:60]
    cases = queries.backlog(actor, today, campaign)
    by_agency = queries.backlog_by_agency(cases)  # the total is its sum: one scan, not two
    return render(request, "petitions/backlog.html", staff_nav(actor, request) | {
        "rows": queries.rows(cases), "total": sum(row["n"] for row in by_agency),
        "by_agency": by_agency,
        "campaigns": queries.campaigns(actor), "campaign": campaign, "today": today})
