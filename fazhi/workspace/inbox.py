"""The inbox's query: scope, free-text search, state filter, sort and pages.

One queryset answers the page and the exports, so what staff export is exactly what they
see, agency-scoped by the one visibility filter (`Case.objects.visible_to` for the whole
ledger of what the agency handled, `inbox_for` for its open cases).
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case
from fazhi.holidays.services import current_calendar
from fazhi.law.inputs import search_text
from fazhi.org.actors import Actor

PAGE_SIZE = 50
MAX_PAGE = 10_000  # deep OFFSETs are slow; nobody pages this far, filters are the way
PARAMS = ("scope", "procedure", "state", "overdue", "soon", "q", "agency", "sort")
OPEN, ALL = "open", "all"
SCOPES = {OPEN: gettext_lazy("Open cases"), ALL: gettext_lazy("All cases handled")}
SORTS = {
    "due": gettext_lazy("Due date, earliest first"),
    "received": gettext_lazy("Received, newest first"),
    "received_asc": gettext_lazy("Received, oldest first"),
    "state": gettext_lazy("State"),
}
ORDER = {
    "received": ("-received_on", "-id"),
    "received_asc": ("received_on", "id"),
    "state": ("procedure", "state", "-received_on", "-id"),
}


@dataclass(frozen=True)
class StateOption:
    """One option of the state filter: a label, and every (procedure, state) it stands for
    (procedures that share a label, such as 办理中, share one option)."""

    label: str
    pairs: tuple[tuple[str, str], ...]


def read_params(query: QueryDict) -> dict[str, str]:
    # cleaned as every search box is (no control or bidi characters), and NFKC-normalised
    # so full-width digits typed with an IME find a case number
    params = {key: search_text(query.get(key, ""), 100) for key in PARAMS}
    params["q"] = unicodedata.normalize("NFKC", params["q"])
    params["scope"] = params["scope"] if params["scope"] in SCOPES else OPEN
    default_sort = "due" if params["scope"] == OPEN else "received"
    params["sort"] = params["sort"] if params["sort"] in SORTS else default_sort
    return params


def state_options(procedure: str, scope: str) -> list[StateOption]:
    """The states one may filter by, each label once: open states for the open inbox,
    every state (closed ones included) for the whole ledger."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for proc in registry.all_procedures():
        if procedure and proc.code != procedure:
            continue
        for code, label in proc.states.items():
            if scope == ALL or code not in proc.final:
                grouped.setdefault(label, []).append((proc.code, code))
    return [StateOption(label, tuple(pairs)) for label, pairs in grouped.items()]


def _search(text: str) -> Q:
    """Case number, applicant and subject (staff may see the applicant's name)."""
    return (Q(number__icontains=text) | Q(applicant_name__icontains=text)
            | Q(title__icontains=text))


def _state_q(params: dict[str, str]) -> Q:
    """The chosen option's (procedure, state) pairs; a bare state code (an older link)
    matches that code."""
    option = next((o for o in state_options(params["procedure"], params["scope"])
                   if o.label == params["state"]), None)
    if option is None:
        return Q(state=params["state"])
    match = Q(pk__in=[])
    for procedure, state in option.pairs:
        match |= Q(procedure=procedure, state=state)
    return match


def soon_before(today: date) -> date:
    """Due dates before this day are within the reminder's working days of today
    (working_days_between(today, due) <= N, weekends after the N-th day included)."""
    return current_calendar().add_working_days(today, settings.FAZHI_REMINDER_WORKING_DAYS + 1)


def due_soon_count(actor: Actor, today: date) -> int:
    """The inbox badge: the actor's open cases due within the reminder's working days."""
    return Case.objects.inbox_for(actor).filter(
        due_on__gte=today, due_on__lt=soon_before(today)).order_by().count()


def cases_for(actor: Actor, params: dict[str, str], today: date) -> models.QuerySet:
    """The filtered, agency-scoped cases the inbox and its exports show (not ordered)."""
    qs = (Case.objects.inbox_for(actor) if params["scope"] == OPEN
          else Case.objects.visible_to(actor))
    if params["procedure"]:
        qs = qs.filter(procedure=params["procedure"])
    if params["state"]:
        qs = qs.filter(_state_q(params))
    if params["overdue"]:
        qs = qs.open().filter(due_on__lt=today)
    if params["soon"]:
        qs = qs.open().filter(due_on__gte=today, due_on__lt=soon_before(today))
    if params["agency"].isdecimal() and len(params["agency"]) < 10:  # from supervision
        qs = qs.filter(agency_id=int(params["agency"]))
    if params["q"]:
        qs = qs.filter(_search(params["q"]))
    return qs.select_related("agency")


def ordered(qs: models.QuerySet, params: dict[str, str]) -> models.QuerySet:
    if params["sort"] == "due":
        return qs.order_by(models.F("due_on").asc(nulls_last=True), "-received_on", "id")
    return qs.order_by(*ORDER[params["sort"]])


def page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), MAX_PAGE)
    except ValueError:
        return 1


def open_by_due(qs: models.QuerySet, page: int) -> tuple[list[Case], bool]:
    """One page of the open inbox in due-date order (overdue first; paused last) and
    whether another page follows, without COUNT(*): one extra row is read instead.

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


def page_of(qs: models.QuerySet, params: dict[str, str], page: int) -> tuple[list[Case], bool]:
    """One page of the filtered cases in the chosen order, and whether another follows."""
    if params["scope"] == OPEN and params["sort"] == "due":
        return open_by_due(qs, page)
    start = (page - 1) * PAGE_SIZE
    rows = list(ordered(qs, params)[start:start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
