"""Screens of reconsideration: applying online (第二十二条: the body's internet channel), the
one-time receipt, the published decisions (第七十九条, personal data masked) and what the
applicant sees on the track page. Staff work on the generic workspace case page (the
respondent's reply with its evidence is the `file_reply` action with its attachment)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.cases import procedure as registry
from fazhi.cases import tracking
from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case
from fazhi.core import throttle
from fazhi.core.errors import DomainError
from fazhi.core.i18n import local
from fazhi.core.web import client_ip, staff_intake
from fazhi.law.redaction import PUBLIC, mask_identifier, mask_name, mask_phone, redact
from fazhi.org.actors import Actor
from fazhi.reconsideration import experts, queries, services
from fazhi.reconsideration import models as m
from fazhi.reconsideration.forms import (
    ApplyForm,
    CorrectionForm,
    ExpertConflictForm,
    ExpertOpinionForm,
    IntakeForm,
)
from fazhi.reconsideration.limits import LAW, LIMITS


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _apply_page(request, ApplyForm())
    if not throttle.SUBMIT.hit(client_ip(request)):  # one allowance for public submissions
        return tracking.throttled(request, throttle.SUBMIT)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return _apply_page(request, form, status=422)
    try:
        case = services.apply(form.cleaned_data["body"], Actor.public(form.parsed.applicant_name),
                              form.parsed)
    except DomainError as exc:  # the window (第二十条、第二十一条) or another refusal
        form.add_errors(exc)
        return _apply_page(request, form, status=exc.status)
    tracking.hold_receipt(request, case)
    return redirect("reconsideration:receipt")


def _apply_page(request: HttpRequest, form: ApplyForm, status: int = 200) -> HttpResponse:
    return render(request, "reconsideration/apply.html",
                  {"form": form, "window": LIMITS["apply"], "review": LIMITS["accept"]},
                  status=status)


def staff_new(request: HttpRequest) -> HttpResponse:
    """An application made in person, by post or orally, registered by the office (第二十二条)."""
    return staff_intake(
        request, roles=frozenset({"handler"}), refusal="仅承办人可以登记行政复议申请",
        template="reconsideration/staff_new.html", form=lambda actor, data: IntakeForm(data),
        register=lambda agency, actor, data, form: services.apply(
            form.cleaned_data["body"], actor, data))


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    case = tracking.take_receipt(request, services.PROCEDURE)
    if case is None:
        return render(request, "reconsideration/receipt_gone.html", status=404)
    proc = registry.get(case.procedure, case.procedure_version)
    return render(request, "reconsideration/receipt.html",
                  {"case": case, "clocks": tracking.running_clocks(case, proc)})


@require_GET
def decisions(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(queries.published_matching(q), 20).get_page(request.GET.get("page"))
    rows = [queries.public_row(r) for r in page.object_list]
    return render(request, "reconsideration/decisions.html", {"page": page, "rows": rows, "q": q})


@require_GET
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    r = queries.by_pk(tracking.as_pk(pk))
    if r is None:
        raise Http404
    return render(request, "reconsideration/decision.html", {"row": queries.public_row(r)})


def home_figures() -> dict[str, Any]:
    """The home page's card: decisions published (cached: the home page is the busiest)."""
    return cache.get_or_set("reconsideration:home", lambda: {
        "reconsideration_figures": {"published": queries.published().count()}}, 60)


# -- the applicant on the track page -------------------------------------------------------
def party_context(request: HttpRequest, case: Case, proc: registry.Procedure,
                  bound: Mapping[str, Any]) -> dict[str, Any]:
    """Whoever holds the receipt code sees this: the application with personal data masked,
    the track, the hearing date and the decision."""
    r = getattr(case, "reconsideration", None)
    if r is None:
        return {}
    actions = {t.action for t in actions_for(case, Actor.public())}
    return {"can_correct": "correct" in actions,
            "correction_form": bound.get("correct") or CorrectionForm(), "r": r, "applicant": mask_name(r.applicant_name),
            "applicant_id": mask_identifier(r.applicant_id),
            "contact": mask_phone(r.applicant_contact),
            "decision": m.DECISIONS.get(r.decision, ""),
            "review_finding": m.FINDINGS.get(r.review_finding, ""),
            "decision_text": redact(r.decision_text, PUBLIC, [r.applicant_name])}


@require_POST
def track_correct(request: HttpRequest) -> HttpResponse:
    """The applicant sends the correcting materials online (第三十一条第二款)."""
    case = tracking.tracked_case(request)
    if case is None or case.procedure != services.PROCEDURE:
        return tracking.expired(request)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return tracking.render_case(request, case, bound={"correct": form}, status=422)
    try:
        services.act(case, "correct", Actor.public(), form.cleaned_data)
    except DomainError as exc:
        return tracking.refused(request, case, exc)
    messages.success(request, local("补正材料已提交，行政复议机关将重新审查。"))
    return redirect("portal:track")


def party_api(case: Case) -> dict[str, Any]:
    """The decision as the track API's `reply` (the shared TrackOut schema), once decided:
    its type and article, the text redacted, the dates and the remedy (15 days to sue)."""
    r = getattr(case, "reconsideration", None)
    if r is None or not r.decided_on:
        return {}
    article = {"change": "第六十三条", "uphold": "第六十八条", "reject_claim": "第六十九条",
               "confirm_illegal": "第六十五条", "order_performance": "第六十六条",
               "confirm_void": "第六十七条", "dismiss": "第三十三条"}.get(r.decision, "第六十四条")
    return {"reply": {"answer": m.DECISIONS.get(r.decision, r.decision),
                      "article": f"{LAW}{article}", "text": redact(r.decision_text, PUBLIC,
                                                                 [r.applicant_name]),
                      "replied_on": r.decided_on, "served_on": r.served_on,
                      "remedy": REMEDY}}


REMEDY = "对行政复议决定不服的，可以自收到决定书之日起十五日内向人民法院提起行政诉讼（《行政诉讼法》第四十五条）"


# -- the committee's experts (第五十二条, ADR 0049) -----------------------------------------------
def _expert_or_page(request: HttpRequest):
    """(expert, None) for a signed-in expert of the pool; (None, response) otherwise."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    expert = experts.expert_of(request.user)
    if expert is None:
        return None, render(request, "reconsideration/experts/not_expert.html", {}, status=403)
    return expert, None


def expert_landing(user) -> str | None:  # noqa: ANN001 - a signed-in user
    """Where an expert of the pool lands after signing in (Module.landing)."""
    return reverse("reconsideration:expert_home") if experts.expert_of(user) else None


@require_GET
def expert_home(request: HttpRequest) -> HttpResponse:
    expert, page = _expert_or_page(request)
    if page is not None:
        return page
    rows = [{"r": r, "status": experts.status(expert, r)} for r in experts.drawn_for(expert)]
    return render(request, "reconsideration/experts/home.html", {"expert": expert, "rows": rows})


def _expert_case_page(request: HttpRequest, expert: m.Expert, r: m.Reconsideration, *,
                      opinion: ExpertOpinionForm | None = None,
                      conflict: ExpertConflictForm | None = None, refusal: str = "",
                      status: int = 200) -> HttpResponse:
    mine = next((o for o in experts.opinions(r.case_id) if o["expert"] == expert.code), None)
    return render(request, "reconsideration/experts/case.html", {
        "expert": expert, "r": r, "case": r.case, "status": experts.status(expert, r),
        "open": r.case.state == "reviewing" and not r.committee_opinion, "mine": mine,
        "applicant": mask_name(r.applicant_name),
        "reasons": redact(r.reasons, PUBLIC, [r.applicant_name]),
        "request_text": redact(r.request, PUBLIC, [r.applicant_name]),
        "reply": redact(r.reply, PUBLIC, [r.applicant_name]),
        "opinion_form": opinion or ExpertOpinionForm(), "conflict_form": conflict or ExpertConflictForm(),
        "signature": experts.SIGNATURE, "refusal": refusal}, status=status)


@require_GET
def expert_case(request: HttpRequest, pk: int) -> HttpResponse:
    expert, page = _expert_or_page(request)
    if page is not None:
        return page
    try:
        r = experts.case_for(expert, tracking.as_pk(pk))
    except DomainError:
        raise Http404 from None
    return _expert_case_page(request, expert, r)


@require_POST
def expert_act(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Submit the signed individual opinion, or declare a conflict of interest (回避)."""
    expert, page = _expert_or_page(request)
    if page is not None:
        return page
    try:
        r = experts.case_for(expert, tracking.as_pk(pk))
    except DomainError:
        raise Http404 from None
    form = (ExpertOpinionForm if what == "opinion" else ExpertConflictForm)(request.POST)
    bound = {"opinion" if what == "opinion" else "conflict": form}
    if not form.is_valid():
        return _expert_case_page(request, expert, r, status=422, **bound)
    try:
        if what == "opinion":
            experts.submit_opinion(expert, r.case_id, form.cleaned_data["opinion"],
                                   form.cleaned_data["signed"])
        else:
            experts.declare_conflict(expert, r.case_id, form.cleaned_data["reason"])
    except DomainError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        return _expert_case_page(request, expert, r, status=exc.status, **bound,
                                 refusal="" if exc.field in form.fields else exc.message)
    messages.success(request, local("个人意见已签署提交，记入案件记录。") if what == "opinion"
                     else local("回避申请已提交，行政复议机构将重新抽取专家。"))
    return redirect("reconsideration:expert_case", pk=r.case_id)
