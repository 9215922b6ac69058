"""The staff workspace shell: inbox, case page, actions, attachments, supervision.

A procedure's own staff screens (e.g. registering a disclosure request) live in its app;
the case page shows what the procedure declares (`fazhi.core.modules.ProcedureScreens`).

Every case read goes through `Case.objects.visible_to(actor)`; every write through the
engine (`advance`) or a procedure's service. A case the actor may not see is a plain 404.
"""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

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
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_POST

from fazhi.cases import documents, engine, parties, remaining, signoff
from fazhi.cases import procedure as registry
from fazhi.cases.clocks import limit_for
from fazhi.cases.engine import actions_for
from fazhi.cases.files import stored_file_response
from fazhi.cases.models import Attachment, Case, Clock
from fazhi.cases.querysets import visible_q
from fazhi.cases.remaining import Remaining
from fazhi.core import modules
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.i18n import local
from fazhi.core.inputs import checks_fields
from fazhi.core.models import Event
from fazhi.core.schemaforms import FILE_FIELD, SchemaForm, schema_form_class
from fazhi.core.web import staff_actor, staff_nav
from fazhi.holidays.services import current_calendar
from fazhi.law.workdays import WorkCalendar
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.workspace import exports
from fazhi.workspace import inbox as inboxq

# -- navigation and shared context -------------------------------------------------

def soon_days() -> int:
    """Cases due within this many working days are flagged (and their handlers reminded)."""
    return settings.FAZHI_REMINDER_WORKING_DAYS


# -- inbox ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Badge:
    css: str
    text: str


def left_badge(left: Remaining | None, soon: bool = False) -> Badge | None:
    """The time left as a badge, in the unit of the limit ("剩余 5 个工作日", "逾期 2 个工作日",
    "今日到期"); built here rather than by an include per inbox row."""
    if left is None:
        return None
    if left.overdue:
        n = left.overdue
        text = (ngettext("%(days)s working day overdue", "%(days)s working days overdue", n)
                if left.working else ngettext("%(days)s day overdue", "%(days)s days overdue", n))
        return Badge("badge overdue", text % {"days": n})
    if left.days == 0:
        return Badge("badge soon", _("Due today"))
    n = left.left
    text = (ngettext("%(days)s working day left", "%(days)s working days left", n)
            if left.working else ngettext("%(days)s day left", "%(days)s days left", n))
    return Badge("left badge soon" if soon else "left", text % {"days": n})


@dataclass
class InboxRow:
    case: Case
    procedure_title: str
    state_label: str
    left: Remaining | None  # time left on the clock that sets the due date, in its unit
    soon: bool

    @property
    def paused(self) -> bool:  # the agency's clock stands still (a stop before its bound)
        return bool(self.left and self.left.paused)

    @property
    def overdue_days(self) -> int:
        return self.left.overdue if self.left else 0

    @property
    def css(self) -> str:
        return "overdue" if self.overdue_days else ("soon" if self.soon else "")

    @property
    def badge(self) -> Badge | None:
        return left_badge(self.left, self.soon)


def _proc(case: Case) -> registry.Procedure | None:
    try:
        return registry.get(case.procedure, case.procedure_version)
    except KeyError:
        return None


def _row(case: Case, left: Remaining | None, calendar: WorkCalendar, today: date) -> InboxRow:
    proc = _proc(case)
    soon = bool(left and not left.overdue and case.due_on
                and calendar.working_days_between(today, case.due_on) <= soon_days())
    return InboxRow(case=case, procedure_title=proc.title if proc else case.procedure,
                    state_label=proc.state_label(case.state) if proc else case.state,
                    left=left, soon=soon)


def inbox_rows(cases: list[Case], today: date, calendar: WorkCalendar) -> list[InboxRow]:
    left = remaining.of_cases(cases, today, calendar)
    return [_row(case, left.get(case.pk), calendar, today) for case in cases]


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    today, calendar = timezone.localdate(), current_calendar()
    params = inboxq.read_params(request.GET)
    page = inboxq.page_number(request.GET.get("page"))
    found, has_next = inboxq.page_of(inboxq.cases_for(actor, params, today), params, page)
    export = {k: v for k, v in params.items() if v}
    context = staff_nav(actor, request) | {
        "rows": inbox_rows(found, today, calendar), "params": params, "page": page,
        "today": today, "has_next": has_next, "has_prev": page > 1,
        "procedures": [(p.code, p.title) for p in registry.all_procedures()],
        "states": inboxq.state_options(params["procedure"], params["scope"]),
        "scopes": inboxq.SCOPES, "sorts": inboxq.SORTS,
        "show_agency": actor.city_wide, "soon_days": soon_days(),
        "agencies": Agency.objects.order_by("code") if actor.city_wide else [],
        "export_query": urlencode(export), "due_soon": inboxq.due_soon_count(actor, today),
        "crumbs": [(_("Workspace"), reverse("workspace:inbox")),
                   (str(inboxq.SCOPES[params["scope"]]), "")],
    }
    return render(request, "workspace/inbox.html", context)


@require_GET
def inbox_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list (every page, up to `exports.MAX_ROWS`) as CSV or XLSX."""
    actor = staff_actor(request)
    params = inboxq.read_params(request.GET)
    qs = inboxq.ordered(inboxq.cases_for(actor, params, timezone.localdate()), params)
    return exports.response(qs, fmt, show_agency=actor.city_wide)


# -- case page -------------------------------------------------------------------------

# Labels of payload keys the engine adds beyond the transition's schema; a procedure
# declares those its effects add (`ProcedureScreens.payload_labels`).
PAYLOAD_LABELS = {"received_on": "收到日期", "attachments": "附件",
                  # history entries that are not transitions: documents, sign-off steps
                  "document": "文书", "number": "文号", "for_seq": "依据第几条记录",
                  "for": "拟办事项", "steps": "签发流程", "step": "环节", "comment": "意见",
                  "score": "满意度"}


# A normative document's own texts are legal texts: shown in Chinese, marked (ADR 0027).
LEGAL_TEXTS = frozenset({"body", "legal_basis", "subject", "drafting_explanation",
                         "interpretation"})


class ChineseText(str):
    """A legal text kept in Chinese on every page: the template marks it lang="zh-Hans"."""

    chinese_only = True


def _shown(key: str, value: Any, labels: dict[str, dict[str, str]]) -> str:
    readable = _readable(key, value, labels)
    return ChineseText(readable) if key in LEGAL_TEXTS else readable


def _item(key: str, value: Any, labels: dict[str, dict[str, str]]) -> str:
    if isinstance(value, dict):
        return str(value.get("filename", value))
    if isinstance(value, list):  # a pair such as [kind, number]: coded parts labelled
        return " ".join(labels.get(key, {}).get(str(v), str(v)) for v in value)
    return str(value)


def _readable(key: str, value: Any, labels: dict[str, dict[str, str]]) -> str:
    if isinstance(value, bool):
        return local("是" if value else "否")
    if isinstance(value, list):
        return local("、").join(local(_item(key, v, labels)) for v in value)
    if isinstance(value, dict):  # e.g. counts per coded value: "采纳：2；不予采纳：1"
        names = labels.get(key, {})
        return local("；").join(
            local(names.get(str(k)) or PAYLOAD_LABELS.get(k, k)) + local("：") + _readable(k, v, labels)
            for k, v in value.items())
    return local(labels.get(key, {}).get(str(value), str(value)))


def payload_items(proc: registry.Procedure | None, event: Event) -> list[tuple[str, str]]:
    try:
        data = json.loads(event.payload or "{}")
    except ValueError:
        return [("内容", event.payload)]
    transition = proc.transition(event.action) if proc else None
    if transition is None and proc and registry.is_record(event.action):
        transition = proc.transition(data.pop("action", ""))  # a draft: its action's fields
    schema = transition.schema if transition else None
    titles = {n: i.title for n, i in schema.model_fields.items() if i.title} if schema else {}
    labels = proc.labels if proc else {}
    extra = modules.screens(proc.code).payload_labels if proc else {}
    return [(titles.get(k) or extra.get(k) or PAYLOAD_LABELS.get(k, k), _shown(k, v, labels))
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
        rows.append((str(f.verbose_name), ChineseText(shown) if f.name in LEGAL_TEXTS else shown))
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


def _clocks(case: Case, proc: registry.Procedure | None, today: date) -> list[dict[str, Any]]:
    """Each clock with its label, state and, while it runs, the time left in its unit."""
    out, calendar = [], None
    for clock in case.clocks.order_by("started_on", "id"):
        try:
            label = limit_for(clock, proc).label if proc else clock.code
        except KeyError:
            label = clock.code
        left = None
        if clock.state == Clock.RUNNING:
            calendar = calendar or current_calendar()
            left = remaining.of_clock(clock, proc, today, calendar)
        out.append({"clock": clock, "label": label, "left": left, "badge": left_badge(left),
                    "state": _(CLOCK_STATES.get(clock.state, clock.state))})
    return out


def action_form(transition: registry.Transition | None, proc: registry.Procedure | None,
                action: str, data=None, files=None) -> SchemaForm:
    """A transition's form (with the optional attachment); the engine validates its data."""
    form_class = schema_form_class(transition.schema if transition else None,
                                   proc.labels if proc else {}, upload_label="附件（可选）")
    return form_class(data, files, auto_id=f"{action}-%s", check_schema=False)


def _action_forms(case: Case, actor: Actor, proc: registry.Procedure | None,
                  bound: dict[str, SchemaForm], drafting: dict[str, list[dict]],
                  waiting: str) -> list[tuple[registry.Transition, SchemaForm, str, str]]:
    """(transition, form, hint about this case, the sign-off steps it goes through) for
    each action the actor may take now; an action whose draft awaits sign-off is not
    offered again."""
    if proc is None:
        return []
    return [(t, bound.get(t.action) or action_form(t, proc, t.action), t.hint_for(case),
             "→".join(local(s["label"]) for s in drafting.get(t.action, [])))
            for t in actions_for(case, actor) if t.action != waiting]


def record_label(proc: registry.Procedure | None, action: str) -> str:
    """A history entry's label: the transition's, a document's or a sign-off step's."""
    transition = proc.transition(action) if proc else None
    if transition:
        return transition.label
    if action in signoff.LABELS:
        return signoff.LABELS[action]
    if action in parties.RECORD_LABELS:  # the party's rating (ADR 0045)
        return local(parties.RECORD_LABELS[action])
    template = documents.templates_of(proc).get(action.removeprefix(documents.PREFIX))
    if template:
        return local("制作文书：{title}").format(title=local(template.title))
    extra = modules.screens(proc.code).payload_labels if proc else {}  # e.g. "record:video"
    return local(extra[action]) if action in extra else action


def kind_label(proc: registry.Procedure | None, kind: str) -> str:
    """An attachment kind's label: the action it came with, a document, or the label the
    procedure declares for it (e.g. 身份证明)."""
    if proc and (template := documents.templates_of(proc).get(
            kind.removeprefix(documents.PREFIX))) and kind.startswith(documents.PREFIX):
        return template.title
    transition = proc.transition(kind) if proc else None
    if transition:
        return transition.label
    extra = modules.screens(proc.code).payload_labels if proc else {}
    return extra.get(kind) or PAYLOAD_LABELS.get(kind, kind)


def _signoff_context(case: Case, actor: Actor, proc: registry.Procedure | None
                     ) -> dict[str, Any]:
    waiting = signoff.summary(signoff.pending(case))
    if waiting:
        step = waiting["next"] or {}
        waiting["may_act"] = (step.get("role") in actor.roles and case.is_open
                              and actor.agency_id == case.agency_id)
        transition = proc.transition(waiting["signoff"].action) if proc else None
        waiting["label"] = transition.label if transition else waiting["signoff"].action
        waiting["fields"] = _draft_items(proc, transition, waiting["signoff"].data)
    drafting = {a: signoff.chain_for(case, a) for a in (proc.signed if proc else ())}
    return {"waiting": waiting, "drafting": drafting}


def _draft_items(proc: registry.Procedure | None, transition: registry.Transition | None,
                 data: dict) -> list[tuple[str, str]]:
    schema = transition.schema if transition else None
    titles = {n: i.title for n, i in schema.model_fields.items() if i.title} if schema else {}
    labels = proc.labels if proc else {}
    return [(titles.get(k, k), _shown(k, v, labels)) for k, v in data.items()
            if v not in ("", None, [], {})]


def render_case(request: HttpRequest, actor: Actor, case: Case, *, status: int = 200,
                bound: dict[str, SchemaForm] | None = None, error: str = "") -> HttpResponse:
    proc = _proc(case)
    chain = _signoff_context(case, actor, proc)
    waiting = chain["waiting"]["signoff"].action if chain["waiting"] else ""
    actions = _action_forms(case, actor, proc, bound or {}, chain["drafting"], waiting)
    shown = {t.action for t, *_ in actions}
    custom = detail_html(request, case, actor)
    today = timezone.localdate()
    context = staff_nav(actor, request) | {
        "case": case, "proc": proc, "today": today,
        "state_label": proc.state_label(case.state) if proc else case.state,
        "outcome_label": proc.outcomes.get(case.outcome, case.outcome) if proc else case.outcome,
        "detail": [] if custom else detail_rows(case, proc), "detail_html": custom,
        "clocks": _clocks(case, proc, today),
        "events": [(e, record_label(proc, e.action), payload_items(proc, e))
                   for e in case.events.order_by("seq")],
        "attachments": [(a, kind_label(proc, a.kind))
                        for a in case.attachments.order_by("uploaded_at", "id")],
        "actions": actions, "waiting": chain["waiting"],
        "issuable": documents.issuable(case, proc, actor)
        if engine.parts_of(case, actor, active=False) else [],
        # a refusal for an action without a form here (wrong state or role) shows on top
        "error": error if error and not (bound and set(bound) & shown) else "",
        "crumbs": [(_("Workspace"), reverse("workspace:inbox")),
                   (str(inboxq.SCOPES[inboxq.OPEN if case.is_open else inboxq.ALL]),
                    reverse("workspace:inbox") + ("" if case.is_open else "?scope=all")),
                   (case.number, "")],
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
    drafting = bool(proc and signoff.chain_for(case, action))
    try:
        if drafting:  # the agency signs this action off: the submission is a draft (拟办)
            signoff.draft(case, action, actor, form.schema_data(), timezone.localdate())
        else:
            engine.advance(case, action, actor, form.schema_data(), files=files)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        form.add_errors(exc)
        case.refresh_from_db()
        return render_case(request, actor, case, status=exc.status, bound={action: form},
                           error=exc.message)
    done = _("Draft submitted for sign-off: %(action)s") if drafting else _("Done: %(action)s")
    messages.success(request, done % {"action": transition.label})
    return redirect("workspace:case", pk=case.pk)


def _case_write(request: HttpRequest, pk: int, write: Any, done: str) -> HttpResponse:
    """Run one write on a visible case (a document issued, a sign-off step); a refusal
    shows the case page again with its message and status."""
    actor = staff_actor(request)
    case = _visible_case(actor, pk)
    try:
        write(case, actor)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        case.refresh_from_db()
        return render_case(request, actor, case, status=exc.status, error=exc.message)
    messages.success(request, done)
    return redirect("workspace:case", pk=case.pk)


@require_POST
def issue_document(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    def write(case: Case, actor: Actor) -> None:
        documents.issue(case, code, actor, timezone.localdate())
    return _case_write(request, pk, write, _("The document was issued and attached."))


@require_POST
def signoff_step(request: HttpRequest, pk: int, signoff_pk: int, decision: str) -> HttpResponse:
    comment = request.POST.get("comment", "").strip()[:500]

    def write(case: Case, actor: Actor) -> None:
        if decision == "approve":
            signoff.approve(case, signoff_pk, actor, comment, timezone.localdate())
        elif decision == "return":
            signoff.send_back(case, signoff_pk, actor, comment)
        else:
            raise NotFound("未知的签发操作")
    done = _("Approved.") if decision == "approve" else _("The draft was returned.")
    return _case_write(request, pk, write, done)


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    actor = staff_actor(request)
    found = get_object_or_404(Attachment.objects.filter(visible_q(actor, "case__")), pk=pk)
    return stored_file_response(found.path, found.filename, found.content_type,
                                missing="附件文件缺失")


# -- supervision -----------------------------------------------------------------------

@require_GET
def supervision(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if not actor.city_wide:
        raise PermissionDenied("仅依法治市办督察人员可以查看")
    today = timezone.localdate()
    before = inboxq.soon_before(today)
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
                        {"name": _("Due within %(days)s working days") % {"days": soon_days()},
                         "stack": "open",
                         "values": [r["soon"] for r in rows], "color": "#c58a00",
                         "links": [r["inbox"] for r in rows]}]}
    context = staff_nav(actor, request) | {"rows": rows, "chart": chart, "today": today,
                                           "inbox_url": inbox_url, "soon_days": soon_days(),
                                           "crumbs": [(_("Workspace"), inbox_url),
                                                      (_("Supervision"), "")]}
    return render(request, "workspace/supervision.html", context)
