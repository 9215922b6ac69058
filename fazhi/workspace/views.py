"""The staff workspace shell: inbox, case page, actions, attachments, supervision.

A procedure's own staff screens (e.g. registering a disclosure request) live in its app;
the case page shows what the procedure declares (`fazhi.core.modules.ProcedureScreens`).

Every case read goes through `Case.objects.visible_to(actor)`; every write through the
engine (`advance`) or a procedure's service. A case the actor may not see is a plain 404.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from fazhi.cases import engine
from fazhi.cases import procedure as registry
from fazhi.cases.clocks import limit_for
from fazhi.cases.engine import actions_for
from fazhi.cases.models import Attachment, Case, Clock
from fazhi.cases.querysets import visible_q
from fazhi.core import modules
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.inputs import checks_fields
from fazhi.core.models import Event
from fazhi.core.schemaforms import FILE_FIELD, SchemaForm, schema_form_class
from fazhi.core.web import staff_actor, staff_nav
from fazhi.holidays.services import current_calendar
from fazhi.law.workdays import WorkCalendar
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

PAGE_SIZE = 50
SOON_WORKING_DAYS = 3
MAX_PAGE = 10_000  # deep OFFSETs are slow; nobody pages this far, filters are the way


# -- navigation and shared context -------------------------------------------------

def soon_before(today: date, calendar: WorkCalendar) -> date:
    """Due dates before this day are within SOON_WORKING_DAYS working days of today
    (working_days_between(today, due) <= 3, weekends after the third day included)."""
    return calendar.add_working_days(today, SOON_WORKING_DAYS + 1)


# -- inbox ---------------------------------------------------------------------------

@dataclass
class InboxRow:
    case: Case
    procedure_title: str
    state_label: str
    overdue_days: int
    soon: bool
    paused: bool = False  # the agency's clock stands still (a stop before its bound)

    @property
    def css(self) -> str:
        return "overdue" if self.overdue_days else ("soon" if self.soon else "")


def _proc(case: Case) -> registry.Procedure | None:
    try:
        return registry.get(case.procedure, case.procedure_version)
    except KeyError:
        return None


def _row(case: Case, today: date, calendar: WorkCalendar, paused: bool = False) -> InboxRow:
    proc = _proc(case)
    due = case.due_on
    overdue = (today - due).days if due and due < today else 0
    soon = bool(due and not overdue
                and calendar.working_days_between(today, due) <= SOON_WORKING_DAYS)
    return InboxRow(case=case, procedure_title=proc.title if proc else case.procedure,
                    state_label=proc.state_label(case.state) if proc else case.state,
                    overdue_days=overdue, soon=soon, paused=paused)


def _paused(cases: list[Case]) -> set[int]:
    """Which of these cases' own clocks stand still now (one query for the page)."""
    return set(Clock.objects.filter(case_id__in=[c.pk for c in cases], state=Clock.RUNNING,
                                    party="", paused=True).values_list("case_id", flat=True))


def _state_choices(procedure: str) -> list[tuple[str, str]]:
    procs = [p for p in registry.all_procedures() if not procedure or p.code == procedure]
    seen: dict[str, str] = {}
    for proc in procs:
        for code, label in proc.states.items():
            if code not in proc.final:
                seen.setdefault(code, label)
    return list(seen.items())


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), MAX_PAGE)
    except ValueError:
        return 1


def _filtered(qs: models.QuerySet, params: dict[str, str], today: date) -> models.QuerySet:
    if params["procedure"]:
        qs = qs.filter(procedure=params["procedure"])
    if params["state"]:
        qs = qs.filter(state=params["state"])
    if params["overdue"]:
        qs = qs.filter(due_on__lt=today)
    if params["agency"].isdecimal() and len(params["agency"]) < 10:  # from supervision
        qs = qs.filter(agency_id=int(params["agency"]))
    if params["q"]:
        qs = qs.filter(Q(number=params["q"]) | Q(title__icontains=params["q"]))
    return qs


def inbox_page(qs: models.QuerySet, page: int) -> tuple[list[Case], bool]:
    """One page of the inbox order (due date, overdue first; paused last) and whether
    another page follows, without COUNT(*): one extra row is read instead.

    Dated and paused cases are read as two slices, each walking an index in order:
    `ORDER BY due_on NULLS LAST` would make SQLite sort every open case first.
    """
    start, want = (page - 1) * PAGE_SIZE, PAGE_SIZE + 1
    qs = qs.open()
    dated = qs.filter(due_on__isnull=False).order_by("due_on", "id")
    rows = list(dated[start:start + want])
    if len(rows) < want:
        # Past the dated cases: we know how many there were unless this page has none.
        dated_total = start + len(rows) if rows or start == 0 else dated.count()
        skip = max(0, start - dated_total)
        paused = qs.filter(due_on__isnull=True).order_by("id")
        rows += list(paused[skip:skip + want - len(rows)])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    today, calendar = timezone.localdate(), current_calendar()
    params = {key: request.GET.get(key, "").strip()[:100]
              for key in ("procedure", "state", "overdue", "q", "agency")}
    page = _page_number(request.GET.get("page"))
    qs = _filtered(Case.objects.inbox_for(actor).select_related("agency"),
                   params, today)
    found, has_next = inbox_page(qs, page)
    paused = _paused(found)
    rows = [_row(case, today, calendar, case.pk in paused) for case in found]
    context = staff_nav(actor, request) | {
        "rows": rows, "params": params, "page": page, "today": today,
        "has_next": has_next, "has_prev": page > 1,
        "procedures": [(p.code, p.title) for p in registry.all_procedures()],
        "states": _state_choices(params["procedure"]),
        "show_agency": actor.city_wide, "soon_days": SOON_WORKING_DAYS,
        "agencies": Agency.objects.order_by("code") if actor.city_wide else [],
    }
    return render(request, "workspace/inbox.html", context)


# -- case page -------------------------------------------------------------------------

# Labels of payload keys the engine adds beyond the transition's schema; a procedure
# declares those its effects add (`ProcedureScreens.payload_labels`).
PAYLOAD_LABELS = {"received_on": "收到日期", "attachments": "附件"}


def _item(key: str, value: Any, labels: dict[str, dict[str, str]]) -> str:
    if isinstance(value, dict):
        return str(value.get("filename", value))
    if isinstance(value, list):  # a pair such as [kind, number]: coded parts labelled
        return " ".join(labels.get(key, {}).get(str(v), str(v)) for v in value)
    return str(value)


def _readable(key: str, value: Any, labels: dict[str, dict[str, str]]) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_item(key, v, labels) for v in value)
    if isinstance(value, dict):  # e.g. counts per coded value: "采纳：2；不予采纳：1"
        names = labels.get(key, {})
        return "；".join(f"{names.get(str(k)) or PAYLOAD_LABELS.get(k, k)}：{_readable(k, v, labels)}"
                        for k, v in value.items())
    return labels.get(key, {}).get(str(value), str(value))


def payload_items(proc: registry.Procedure | None, event: Event) -> list[tuple[str, str]]:
    try:
        data = json.loads(event.payload or "{}")
    except ValueError:
        return [("内容", event.payload)]
    transition = proc.transition(event.action) if proc else None
    schema = transition.schema if transition else None
    titles = {n: i.title for n, i in schema.model_fields.items() if i.title} if schema else {}
    labels = proc.labels if proc else {}
    extra = modules.screens(proc.code).payload_labels if proc else {}
    return [(titles.get(k) or extra.get(k) or PAYLOAD_LABELS.get(k, k), _readable(k, v, labels))
            for k, v in data.items() if v not in ("", None, [], {})]


def detail_rows(case: Case, proc: registry.Procedure | None) -> list[tuple[str, str]]:
    """The procedure's detail record, by convention the one-to-one named like the
    procedure code (e.g. case.disclosure), as (verbose name, readable value) pairs."""
    try:
        detail = getattr(case, case.procedure, None)
    except ObjectDoesNotExist:
        return []
    if not isinstance(detail, models.Model):
        return []
    labels = proc.labels if proc else {}
    rows = []
    for f in detail._meta.concrete_fields:
        value = getattr(detail, f.attname)
        if f.primary_key or value in ("", None):
            continue
        if f.choices:
            shown = getattr(detail, f"get_{f.name}_display")()
        else:  # coded values: labels keyed by the field name or its last part (answer_ground)
            coded = labels.get(f.name) or labels.get(f.name.rsplit("_", 1)[-1], {})
            shown = _readable(f.name, value, {f.name: coded})
        rows.append((str(f.verbose_name), shown))
    return rows


def detail_html(request: HttpRequest, case: Case, actor: Actor) -> str:
    """The procedure's declared details section of this case (`ProcedureScreens.detail`),
    rendered (autoescaped), or "" for the generic field list. The case has passed the
    visibility filter; the view may read what that case grants (e.g. the document under
    review) but nothing else."""
    view = modules.screens(case.procedure).detail
    found = view(case, actor) if view else None
    if found is None:
        return ""
    template, context = found
    return render_to_string(template, context, request=request)


CLOCK_STATES = {Clock.RUNNING: gettext_noop("Running"), Clock.MET: gettext_noop("Met"),
                Clock.MISSED: gettext_noop("Missed"), Clock.CANCELLED: gettext_noop("Cancelled")}


def _clocks(case: Case, proc: registry.Procedure | None) -> list[dict[str, Any]]:
    out = []
    for clock in case.clocks.order_by("started_on", "id"):
        try:
            label = limit_for(clock, proc).label if proc else clock.code
        except KeyError:
            label = clock.code
        out.append({"clock": clock, "label": label,
                    "state": _(CLOCK_STATES.get(clock.state, clock.state))})
    return out


def action_form(transition: registry.Transition | None, proc: registry.Procedure | None,
                action: str, data=None, files=None) -> SchemaForm:
    """A transition's form (with the optional attachment); the engine validates its data."""
    form_class = schema_form_class(transition.schema if transition else None,
                                   proc.labels if proc else {}, upload_label="附件（可选）")
    return form_class(data, files, auto_id=f"{action}-%s", check_schema=False)


def _action_forms(case: Case, actor: Actor, proc: registry.Procedure | None,
                  bound: dict[str, SchemaForm]
                  ) -> list[tuple[registry.Transition, SchemaForm, str]]:
    """(transition, form, hint about this case) for each action the actor may take now."""
    if proc is None:
        return []
    return [(t, bound.get(t.action) or action_form(t, proc, t.action), t.hint_for(case))
            for t in actions_for(case, actor)]


def render_case(request: HttpRequest, actor: Actor, case: Case, *, status: int = 200,
                bound: dict[str, SchemaForm] | None = None, error: str = "") -> HttpResponse:
    proc = _proc(case)
    actions = _action_forms(case, actor, proc, bound or {})
    shown = {t.action for t, _, _ in actions}
    custom = detail_html(request, case, actor)
    context = staff_nav(actor, request) | {
        "case": case, "proc": proc, "today": timezone.localdate(),
        "state_label": proc.state_label(case.state) if proc else case.state,
        "outcome_label": proc.outcomes.get(case.outcome, case.outcome) if proc else case.outcome,
        "detail": [] if custom else detail_rows(case, proc), "detail_html": custom,
        "clocks": _clocks(case, proc),
        "events": [(e, proc.transition(e.action).label
                    if proc and proc.transition(e.action) else e.action,
                    payload_items(proc, e)) for e in case.events.order_by("seq")],
        "attachments": case.attachments.order_by("uploaded_at", "id"),
        "actions": actions,
        # a refusal for an action without a form here (wrong state or role) shows on top
        "error": error if error and not (bound and set(bound) & shown) else "",
    }
    return render(request, "workspace/case.html", context, status=status)


def _visible_case(actor: Actor, pk: int) -> Case:
    return get_object_or_404(Case.objects.visible_to(actor).select_related("agency"), pk=pk)


@require_GET
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    return render_case(request, actor, _visible_case(actor, pk))


@require_POST
@checks_fields
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    case = _visible_case(actor, pk)
    proc = _proc(case)
    transition = proc.transition(action) if proc else None
    form = action_form(transition, proc, action, request.POST, request.FILES)
    files = [(f, action) for f in request.FILES.getlist(FILE_FIELD)]
    try:
        engine.advance(case, action, actor, form.schema_data(), files=files)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        form.add_errors(exc)
        case.refresh_from_db()
        return render_case(request, actor, case, status=exc.status, bound={action: form},
                           error=exc.message)
    messages.success(request, _("Done: %(action)s") % {"action": transition.label})
    return redirect("workspace:case", pk=case.pk)


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    actor = staff_actor(request)
    found = get_object_or_404(Attachment.objects.filter(visible_q(actor, "case__")), pk=pk)
    path = Path(settings.MEDIA_ROOT) / found.path
    if not path.is_file():
        raise Http404("附件文件缺失")
    return FileResponse(path.open("rb"), as_attachment=True, filename=found.filename,
                        content_type=found.content_type)


# -- supervision -----------------------------------------------------------------------

@require_GET
def supervision(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if not actor.city_wide:
        raise PermissionDenied("仅依法治市办督察人员可以查看")
    today = timezone.localdate()
    before = soon_before(today, current_calendar())
    rows = list(
        Case.objects.visible_to(actor).open()
        .values("agency_id", "agency__name", "agency__short_name")
        .annotate(open_count=Count("id"),
                  overdue=Count("id", filter=Q(due_on__lt=today)),
                  soon=Count("id", filter=Q(due_on__gte=today, due_on__lt=before)))
        .order_by("-overdue", "-soon", "agency__name"))
    inbox_url = reverse("workspace:inbox")
    for row in rows:  # the inbox of that agency, and of its overdue cases
        row["inbox"] = f"{inbox_url}?agency={row['agency_id']}"
        row["inbox_overdue"] = row["inbox"] + "&overdue=1"
    # One horizontal bar per agency (fazhi/barchart.js): overdue and due-soon stacked.
    chart = {"labels": [r["agency__short_name"] or r["agency__name"] for r in rows],
             "titles": [r["agency__name"] for r in rows], "rate": False, "unit": "",
             "labelLinks": [r["inbox"] for r in rows],
             "series": [{"name": _("Overdue"), "values": [r["overdue"] for r in rows],
                         "links": [r["inbox_overdue"] for r in rows], "color": "#b42318",
                         "stack": "open"},
                        {"name": _("Due within 3 working days"), "stack": "open",
                         "values": [r["soon"] for r in rows], "color": "#c58a00",
                         "links": [r["inbox"] for r in rows]}]}
    context = staff_nav(actor, request) | {"rows": rows, "chart": chart, "today": today,
                                     "inbox_url": inbox_url}
    return render(request, "workspace/supervision.html", context)
