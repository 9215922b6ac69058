"""Screens of the penalty procedure: the staff lead registration (the workspace case page
does the rest from the declared procedure), the public decisions (事后公开), and the party's
actions on the track page (statement and defence, hearing request)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.cases import procedure as registry
from fazhi.cases import tracking
from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case, Clock
from fazhi.core.errors import DomainError
from fazhi.core.i18n import local
from fazhi.core.schemaforms import SchemaForm, schema_form_class
from fazhi.core.web import staff_actor, staff_intake, staff_nav
from fazhi.enforcement import config, effects, queries, services
from fazhi.enforcement.forms import HearingForm, StatementForm
from fazhi.enforcement.limits import LIMITS
from fazhi.enforcement.models import RECORD_KINDS, RETENTION, PublishedDecision
from fazhi.enforcement.procedure import LeadIntake
from fazhi.law.redaction import mask_identifier, mask_name
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


# -- staff: register a lead ------------------------------------------------------------
def lead_form(data=None) -> SchemaForm:  # noqa: ANN001 - a QueryDict
    form_class = schema_form_class(LeadIntake, registry.get("penalty").labels)
    form = form_class(data, auto_id="lead-%s")
    for name in ("referral_id",):
        form.fields.pop(name, None)
    return form


def staff_new(request: HttpRequest) -> HttpResponse:
    return staff_intake(
        request, roles=frozenset({"handler"}), refusal="仅承办人可以登记案件线索",
        template="enforcement/staff_new.html", form=lambda actor, data: lead_form(data),
        register=_register_lead,
        context=lambda actor: {"today": timezone.localdate().isoformat()})


def _register_lead(agency: Agency, actor: Actor, data: dict, form: SchemaForm):  # noqa: ANN202
    data.pop("discovered_on", None)  # the verification clock's start, not part of the lead
    return services.register_lead(agency, actor, data, discovered_on=form.parsed.discovered_on)


# -- public: published decisions ----------------------------------------------------------
def decisions(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(queries.published_matching(q), 20).get_page(request.GET.get("page"))
    return render(request, "enforcement/decisions.html",
                  {"page": page, "q": q, "limit": LIMITS["publicity"],
                   "sector_limit": LIMITS["publicity_samr"]})


def decision(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "enforcement/decision.html",
                  {"row": get_object_or_404(PublishedDecision, pk=pk)})


def home_figures() -> dict[str, Any]:
    found = cache.get("enforcement.home")
    if found is None:
        found = {"published": PublishedDecision.objects.filter(withdrawn_on=None).count(),
                 "latest": list(PublishedDecision.objects.filter(withdrawn_on=None)[:3])}
        cache.set("enforcement.home", found, 60)
    return found


# -- the party on the track page ------------------------------------------------------------
def party_context(request: HttpRequest, case: Case, proc: registry.Procedure,
                  bound: Mapping[str, Any]) -> dict[str, Any]:
    """What the party sees with its receipt code: the proposed penalty and its rights once
    notified, the decision and what is owed (with the surcharge), masked identifiers."""
    p = getattr(case, "penalty", None)
    actions = {t.action for t in actions_for(case, Actor.public())}
    context: dict[str, Any] = {
        "p": p, "can_defend": "defend" in actions, "can_request_hearing": "request_hearing" in actions,
        "statement_form": bound.get("defend") or StatementForm(),
        "hearing_form": bound.get("hearing") or HearingForm(),
        "hearing_threshold": config.hearing_thresholds(),
    }
    if p is None:
        return context
    # whoever holds the code sees this page: a natural person's name and any number masked
    context["party_id"] = mask_identifier(p.party_id)
    context["party_name"] = mask_name(p.party_name) if p.party_type == "natural" else p.party_name
    payment = case.clocks.filter(code=LIMITS["payment"].code).first()
    if p.fine and payment is not None:
        today = timezone.localdate()
        context |= {"payment_due": payment.due_on, "paid": p.paid_on is not None,
                    "owed": effects.owed(p, payment.due_on, p.paid_on or today),
                    "overdue": payment.state == Clock.RUNNING and today > payment.due_on}
    return context


def party_api(case: Case) -> dict[str, Any]:
    p = getattr(case, "penalty", None)
    if p is None:
        return {}
    return {"proposed_fine": str(p.proposed_fine) if p.notice_served_on and p.proposed_fine else None,
            "decision_no": p.decision_no or None, "fine": str(p.fine) if p.fine else None,
            "paid": p.paid_on is not None}


def _party_action(request: HttpRequest, action: str, form, key: str) -> HttpResponse:  # noqa: ANN001
    case = tracking.tracked_case(request)
    if case is None:
        return tracking.expired(request)
    if not form.is_valid():
        return tracking.render_case(request, case, bound={key: form}, status=422)
    try:
        services.act(case, action, Actor.public("当事人"), form.cleaned_data)
    except DomainError as exc:
        return tracking.refused(request, case, exc)
    messages.success(request, "已提交。" if action == "defend" else "听证申请已提交。")
    return redirect("portal:track")


@require_POST
def track_defend(request: HttpRequest) -> HttpResponse:
    return _party_action(request, "defend", StatementForm(request.POST), "defend")


@require_POST
def track_hearing(request: HttpRequest) -> HttpResponse:
    return _party_action(request, "request_hearing", HearingForm(request.POST), "hearing")


# -- staff: full-process records, custody items, transfers on the case page ------------------
def detail(case: Case, actor: Actor) -> tuple[str, dict[str, Any]] | None:
    """The penalty case's section of the workspace case page (ProcedureScreens.detail)."""
    from fazhi.enforcement import ports, records

    if getattr(case, "penalty", None) is None:
        return None
    steps, retention, citation, default = config.record_policy(case.agency_id,
                                                               timezone.localdate())
    rows = list(case.process_records.all())
    for row in rows:
        row.step_label = local(config.RECORD_STEPS.get(row.step, row.step))
    return "enforcement/_detail.html", {
        "case": case, "records": rows, "kinds": dict(RECORD_KINDS),
        "step_labels": config.RECORD_STEPS, "retention_labels": dict(RETENTION),
        "av_steps": local("、").join(local(config.RECORD_STEPS.get(s, s)) for s in steps),
        "retention": retention,
        "av_citation": citation, "av_default": default, "av_since": config.AV_STEPS.since,
        "gaps": local("、").join(local(config.RECORD_STEPS.get(s, s))
                                 for s in records.incomplete_steps(case)),
        "problems": records.problems(case, hashes=False),
        "may_record": actor.agency_id == case.agency_id and actor.has_any(records.RECORDERS)
        and case.is_open,
        "items": ports.custody_items(case), "transfers": ports.transfers_of(case),
        "served": case.deliveries.exists()}


def _record_form(data=None, files=None, agency_id: int | None = None):  # noqa: ANN001, ANN202
    from django import forms

    from fazhi.enforcement.records import RecordData
    from fazhi.subjects.models import Officer

    labels = {"kind": dict(RECORD_KINDS), "step": config.RECORD_STEPS}
    form_class = schema_form_class(RecordData, labels)
    form = form_class(data, files, auto_id="record-%s")
    officers = Officer.objects.filter(agency_id=agency_id).order_by("code")
    form.fields["officer_ids"] = forms.TypedMultipleChoiceField(
        label=local("执法人员"), coerce=int, widget=forms.CheckboxSelectMultiple,
        choices=[(o.pk, f"{o.name} {o.cert_no}") for o in officers])
    form.fields["step"] = forms.ChoiceField(
        label=local("所属环节"), choices=[(k, local(v)) for k, v in config.RECORD_STEPS.items()])
    form.fields["file"] = forms.FileField(
        label=local("记录文件"), required=False,
        help_text=local("文字记录：PDF等；音像记录：mp4、mov、m4a、mp3、wav。文件过大的，"
                        "存入本机关音像档案系统后填写其哈希值、大小和存放位置"))
    return form


def record_new(request: HttpRequest, pk: int) -> HttpResponse:
    from fazhi.enforcement import records

    actor = staff_actor(request)
    case = get_object_or_404(Case.objects.visible_to(actor), pk=pk, procedure="penalty")
    if request.method == "GET":
        return _render_record(request, actor, case, _record_form(agency_id=case.agency_id))
    form = _record_form(request.POST, request.FILES, agency_id=case.agency_id)
    data = form.schema_data()
    if form.errors:
        return _render_record(request, actor, case, form, status=422)
    data["officer_ids"] = [int(x) for x in request.POST.getlist("officer_ids") if x.isdigit()]
    try:
        records.register(case, actor, data, request.FILES.get("file"))
    except DomainError as exc:
        form.add_errors(exc)
        return _render_record(request, actor, case, form, status=exc.status)
    messages.success(request, local("执法记录已登记，并记入案件历史"))
    return redirect("workspace:case", pk=case.pk)


def _render_record(request: HttpRequest, actor: Actor, case: Case, form,  # noqa: ANN001
                   status: int = 200) -> HttpResponse:
    steps, _, citation, default = config.record_policy(case.agency_id, timezone.localdate())
    return render(request, "enforcement/record_new.html", staff_nav(actor, request) | {
        "case": case, "form": form,
        "av_steps": local("、").join(local(config.RECORD_STEPS.get(s, s)) for s in steps),
        "av_citation": citation, "av_default": default, "av_since": config.AV_STEPS.since},
        status=status)


def record_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff who may see the case (its agency, a part, the city-wide supervisors); never the
    party: there is no public route to a record."""
    from django.http import Http404

    from fazhi.cases.files import stored_file_response
    from fazhi.enforcement.models import ProcessRecord

    actor = staff_actor(request)
    row = get_object_or_404(ProcessRecord.objects.filter(
        case__in=Case.objects.visible_to(actor).values("pk")), pk=pk)
    if not row.path:
        raise Http404(local("该记录存于本机关音像档案系统，未上传文件"))
    return stored_file_response(row.path, row.filename,
                                row.content_type or "application/octet-stream")
