"""Screens of the simple (on-the-spot) procedure: the officer's decision form, the agency's
register of decision forms (ranges allocated, forms voided), and the party's view on the
track page. Delivery, collection, cash, filing and publicity are the generic workspace
case page's forms, from the declared procedure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case, Clock
from fazhi.core.errors import DomainError
from fazhi.core.i18n import local
from fazhi.core.modules import NavLink, PartyView, ProcedureScreens
from fazhi.core.schemaforms import LocalisedForm, SchemaForm, schema_form_class
from fazhi.core.web import staff_actor, staff_intake, staff_nav
from fazhi.enforcement import models as m
from fazhi.enforcement import simple_effects as effects
from fazhi.enforcement import simple_limits as sl
from fazhi.enforcement import simple_services as services
from fazhi.enforcement.simple import CODE, PAYLOAD_LABELS, OnTheSpot
from fazhi.law.redaction import mask_identifier, mask_name
from fazhi.org.models import Agency
from fazhi.subjects.models import Officer

HANDLER = frozenset({"handler"})


def _officers(agency_id: int):  # noqa: ANN202 - a QuerySet of Officer
    return Officer.objects.filter(agency_id=agency_id, active=True).order_by("code")


# -- the officer's decision on the spot ------------------------------------------------------
def decision_form(agency_id: int, data=None) -> SchemaForm:  # noqa: ANN001 - a QueryDict
    form = schema_form_class(OnTheSpot, registry.get(CODE).labels)(data, auto_id="spot-%s")
    field = OfficerField(queryset=_officers(agency_id), label=local("执法人员"),
                         help_text=local("持有效执法证的执法人员一名即可（《行政处罚法》第五十二条）；从其领用的号段取号"))
    form.fields["officer_id"] = field
    return form


class OfficerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Officer) -> str:
        return f"{obj.name} ({obj.code})"  # the name is data; the frame stays in the page's language


def simple_new(request: HttpRequest) -> HttpResponse:
    return staff_intake(
        request, roles=HANDLER, refusal="仅承办人可以录入当场处罚决定",
        template="enforcement/simple_new.html",
        form=lambda actor, data: decision_form(actor.agency_id, data),
        register=lambda agency, actor, data, form: services.decide(agency, actor, data),
        context=lambda actor: _thresholds(),
        done=lambda case: local("已作出当场处罚决定，决定书编号{no}").format(
            no=case.simple_penalty.form_no))


def _thresholds() -> dict:
    today = timezone.localdate()
    limits = {t: sl.threshold(t, today) for t in ("natural", "organisation")}
    return {"limits": limits, "citation": local(limits["natural"].citation),
            "filing": sl.LIMITS["filing"]}


# -- the agency's register of decision forms -----------------------------------------------
class RangeForm(LocalisedForm):
    officer = OfficerField(queryset=Officer.objects.none(), label="领用执法人员")
    prefix = forms.CharField(label="编号前缀", max_length=20)
    start = forms.IntegerField(label="起始号", min_value=1)
    end = forms.IntegerField(label="终止号", min_value=1)

    def __init__(self, agency_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = _officers(agency_id)


class VoidForm(LocalisedForm):
    form_range = forms.ModelChoiceField(queryset=m.FormRange.objects.none(), label="号段")
    number = forms.IntegerField(label="作废的序号", min_value=1)
    reason = forms.CharField(label="作废原因", max_length=300)

    def __init__(self, agency_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_range"].queryset = m.FormRange.objects.filter(agency_id=agency_id)


def simple_forms(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if not actor.has_any(services.ALLOCATORS):
        raise PermissionDenied(local("仅本机关承办人或者负责人可以管理当场处罚决定书"))
    agency = get_object_or_404(Agency, pk=actor.agency_id)
    allocate = RangeForm(agency.pk, request.POST if request.POST.get("op") == "allocate" else None,
                         auto_id="range-%s")
    void = VoidForm(agency.pk, request.POST if request.POST.get("op") == "void" else None,
                    auto_id="void-%s")
    status = 200
    if request.method == "POST":
        form = allocate if request.POST.get("op") == "allocate" else void
        try:
            if form.is_valid():
                _apply(form, agency, actor)
                messages.success(request, local("已登记。"))
                return redirect("enforcement:simple_forms")
            status = 422
        except DomainError as exc:
            form.add_error(None, local(exc.message))
            status = exc.status
    ranges = (m.FormRange.objects.filter(agency=agency).select_related("officer")
              .annotate(issued=Count("forms", filter=Q(forms__status=m.SimpleForm.ISSUED)),
                        voided=Count("forms", filter=Q(forms__status=m.SimpleForm.VOIDED))))
    voided = (m.SimpleForm.objects.filter(form_range__agency=agency, status=m.SimpleForm.VOIDED)
              .select_related("form_range").order_by("-on", "-pk")[:50])
    return render(request, "enforcement/simple_forms.html",
                  staff_nav(actor, request) | {"ranges": ranges, "voided": voided,
                                               "allocate": allocate, "void": void}, status=status)


def _apply(form: forms.Form, agency: Agency, actor) -> None:  # noqa: ANN001 - an Actor
    d = form.cleaned_data
    if isinstance(form, RangeForm):
        services.allocate_range(agency, actor, officer_id=d["officer"].pk, prefix=d["prefix"],
                                start=d["start"], end=d["end"])
    else:
        services.void_form(d["form_range"], actor, number=d["number"], reason=d["reason"])


# -- the party on the track page -------------------------------------------------------------
def party_context(request: HttpRequest, case: Case, proc: registry.Procedure,
                  bound: Mapping[str, Any]) -> dict[str, Any]:
    """The decision as the form sets it out, what is owed and by when; masked identifiers."""
    p = getattr(case, "simple_penalty", None)
    if p is None:
        return {"sp": None}
    payment = case.clocks.filter(code=sl.LIMITS["payment"].code).first()
    running = payment is not None and payment.state == Clock.RUNNING
    return {"sp": p, "owed": effects.owed(p, payment, timezone.localdate()) if running else None, "party_id": mask_identifier(p.party_id),
            "party_name": mask_name(p.party_name) if p.party_type == m.NATURAL else p.party_name,
            "kind_label": m.KINDS.get(p.kind, p.kind),
            "payment_due": payment.due_on if running else None}


def party_api(case: Case) -> dict[str, Any]:
    p = getattr(case, "simple_penalty", None)
    if p is None:
        return {}
    return {"decision_no": p.form_no, "fine": str(p.fine) if p.fine else None,
            "paid": bool(p.paid_on or p.collected_on)}


SCREENS = {CODE: ProcedureScreens(
    intake=NavLink(_("On-the-spot penalty"), "enforcement:simple_new", roles=HANDLER),
    payload_labels=PAYLOAD_LABELS,
    party=PartyView(template="enforcement/_simple_party.html", context=party_context,
                    api=party_api))}
