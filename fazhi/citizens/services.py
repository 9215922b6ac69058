"""The citizen's view (B8, ADR 0045): proving identity once, listing a person's matters
across procedures, rating a closed one, and the staff person view with its audit entry.

Every case read goes through `Case.objects` filtered by the party key (the citizen) or by
`visible_to(actor)` and the key (staff); every write through the engine (`advance` for a
procedure's own rating action, `record` for the generic rating's history entry)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from fazhi.cases import engine, parties
from fazhi.cases import procedure as registry
from fazhi.cases.clocks import limit_for
from fazhi.cases.models import Case, Clock
from fazhi.cases.parties import party_key
from fazhi.citizens.models import Citizen, PersonLookup, Rating
from fazhi.citizens.verifiers import Proof
from fazhi.core import modules
from fazhi.core.errors import InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.core.models import Event
from fazhi.delivery.models import Delivery
from fazhi.law.redaction import mask_name
from fazhi.org.actors import Actor

PER_PAGE = 20  # a person's cases per page (a firm may have thousands; ADR 0045)
STAFF_PAGE = 500  # the staff person view: one page, the rest counted (it says so)
CASE_FIELDS = ("id", "procedure", "procedure_version", "number", "title", "state", "is_open",
               "outcome", "received_on", "due_on", "applicant_name", "party_key",
               "agency__name")
RATE_ACTION = "rate"  # a procedure's own rating transition (petitions: 满意度评价)
RATING_RECORD = parties.RATING_RECORD  # the generic rating's entry in the case's history
SCORES = dict(Rating.SCORES)
PUBLIC_ROLES = frozenset({"applicant"})


# -- identity -----------------------------------------------------------------------------------

def keys_for(identifier: str) -> tuple[str, dict[str, str]]:
    """The case party key and every app's own key of a normalised identifier."""
    return party_key(identifier), {m.label: src.key(identifier)
                                   for m, src in modules.matter_sources()}


def bind(user, proof: Proof) -> Citizen:
    """Record the proof on the user's citizen account (once: a proved account keeps its
    identity; another person needs another account). The number itself is dropped."""
    key, keys = keys_for(proof.identifier)
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().filter(user=user).first()
        if citizen is not None and citizen.verified:
            if citizen.party_key != key:
                raise NotAllowed("本账号已核验为另一位当事人，不能更换；如需办理他人事项，请使用其本人账号")
            return citizen
        citizen = citizen or Citizen(user=user)
        citizen.kind, citizen.display_name = proof.kind, proof.name
        citizen.id_tail, citizen.party_key, citizen.keys = proof.identifier[-4:], key, keys
        citizen.method, citizen.verified_at = proof.method, timezone.now()
        citizen.save()
        return citizen


def citizen_of(user) -> Citizen | None:
    """The signed-in public user's citizen account (None for staff or anonymous users)."""
    if not user.is_authenticated or hasattr(user, "staff"):
        return None
    return Citizen.objects.filter(user=user).first() or Citizen(user=user)


# -- the matters -----------------------------------------------------------------------------------

@dataclass
class Deadline:
    due_on: date
    label: str
    explanation: str
    provisional: bool
    paused: bool
    party: bool  # the person's own limit (to pay, to correct), not the agency's
    overdue: bool


@dataclass
class Row:
    case: Case
    procedure: str
    state: str
    outcome: str
    deadline: Deadline | None
    other_deadlines: int
    documents: list[dict] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    rating: str = ""  # the score given ("" when none)
    rateable: bool = False  # the person may rate it now
    own_rating: bool = False  # rated through the procedure's own action


@dataclass
class Matters:
    rows: list[Row]  # this page's cases: open ones first, by next deadline; then the newest
    others: list[tuple[str, modules.Matter]]  # (app title, matter) from the apps' sources
    total: int  # the person's cases (visible to the staff actor)
    open_count: int
    page: int = 1
    pages: int = 1

    @property
    def truncated(self) -> bool:
        return self.pages > 1


def matters(key: str, keys: dict[str, str], actor: Actor | None = None,
            today: date | None = None, page: int = 1, per_page: int = PER_PAGE) -> Matters:
    """The matters of the person with this party key: their cases (the staff `actor` sees
    only those visible to them), a page at a time, with state, next deadline and its
    explanation, documents served, what they may do now and their rating; then the apps'
    other matters. A fixed number of queries, whatever the number of matters."""
    today = today or timezone.localdate()
    if not key:
        return Matters([], [], 0, 0)
    found = Case.objects.filter(party_key=key)
    if actor is not None:
        found = found.visible_to(actor)
    counts = found.aggregate(total=Count("id"), open=Count("id", filter=Q(is_open=True)))
    pages = max(1, -(-counts["total"] // per_page))
    page = min(max(1, page), pages)
    ordered = found.order_by(F("is_open").desc(), F("due_on").asc(nulls_last=True),
                             "-received_on", "-id")
    cases = list(ordered.select_related("agency").only(*CASE_FIELDS)
                 [(page - 1) * per_page:page * per_page])
    ids = [c.pk for c in cases]
    clocks: dict[int, list[Clock]] = {}
    for clock in (Clock.objects.filter(case_id__in=ids, state=Clock.RUNNING)
                  .only("case_id", "code", "party", "started_on", "due_on", "provisional",
                        "paused", "explanation").order_by("due_on", "id")):
        clocks.setdefault(clock.case_id, []).append(clock)
    documents: dict[int, list[dict]] = {}
    states = dict(Delivery.STATES)
    for d in (Delivery.objects.filter(case_id__in=ids)
              .only("case_id", "document_title", "state", "served_on", "sent_at")
              .order_by("sent_at")):
        documents.setdefault(d.case_id, []).append(
            {"title": d.document_title, "state": local(states.get(d.state, d.state)),
             "served_on": d.served_on, "sent_at": d.sent_at})
    ratings = dict(Rating.objects.filter(case_id__in=ids).values_list("case_id", "score"))
    own = [c.pk for c in cases if _own_rating(c) is not None]
    if own and actor is None:  # rated through the procedure's own action: its event
        for pk, payload in Event.objects.filter(kind=Case.history_kind, owner_id__in=own,
                                                action=RATE_ACTION).values_list("owner_id",
                                                                                "payload"):
            ratings[pk] = json.loads(payload).get("score", "")
    rows = [_row(c, clocks.get(c.pk, []), documents.get(c.pk, []), ratings.get(c.pk, ""),
                 today, actor) for c in cases]
    others = [(m.title, matter) for m, src in modules.matter_sources()
              for matter in src.find(keys.get(m.label, ""), actor) if keys.get(m.label)]
    return Matters(rows, others, counts["total"], counts["open"] or 0, page, pages)


def _row(case: Case, clocks: list[Clock], documents: list[dict], rating: str, today: date,
         actor: Actor | None) -> Row:
    proc = registry.get(case.procedure, case.procedure_version)
    own = [c for c in clocks if c.party]  # the person's own limits come first: theirs to meet
    agency = [c for c in clocks if not c.party]
    first = (own or agency or [None])[0]
    deadline = None
    if first is not None:
        deadline = Deadline(first.due_on, local(limit_for(first, proc).label), first.explanation,
                            first.provisional, first.paused, bool(first.party),
                            first.due_on < today and not first.paused)
    row = Row(case, local(proc.title), proc.state_label(case.state),
              local(proc.outcomes.get(case.outcome, "")) if not case.is_open else "",
              deadline, max(0, len(clocks) - 1), documents,
              rating=local(SCORES.get(rating, "")) if rating else "")
    if actor is None:
        _party_actions(row, proc, today)
    return row


def _own_rating(case: Case) -> registry.Transition | None:
    """The procedure's own rating action, when the party takes it (petitions)."""
    rate = registry.get(case.procedure, case.procedure_version).transition(RATE_ACTION)
    return rate if rate is not None and rate.roles & PUBLIC_ROLES else None


def _party_actions(row: Row, proc: registry.Procedure, today: date) -> None:
    """What the person may do now: the public transitions of the state (their guards are
    run on the party page, where the forms are, and by the engine), and whether they may
    rate it (once: the rating found in its history or the generic rating)."""
    case = row.case
    rate = _own_rating(case)
    if rate is not None:
        row.own_rating = True
        row.rateable = case.state in rate.src and not row.rating
    elif not case.is_open and not row.rating:
        row.rateable = True
    if case.is_open:
        row.actions = [local(t.label) for t in proc.available(case.state, PUBLIC_ROLES)
                       if t.action != RATE_ACTION]


def owned_case(citizen: Citizen, case_id: int | None) -> Case:
    """One case of the citizen's, by id: the party key must match (else "not found", so
    an id tells nothing about other people's cases)."""
    if not citizen.verified or case_id is None:
        raise NotFound("事项不存在")
    case = Case.objects.select_related("agency").filter(pk=case_id,
                                                        party_key=citizen.party_key).first()
    if case is None:
        raise NotFound("事项不存在")
    return case


def rate(citizen: Citizen, case_id: int | None, score: str, comment: str,
         today: date | None = None) -> Case:
    """The person's rating of a closed matter: through the procedure's own rating action
    when it has one (petitions), else the generic rating, once per case, recorded in the
    case's history by the engine."""
    case = owned_case(citizen, case_id)
    if score not in SCORES:
        raise InvalidData("请选择评价：满意、基本满意或不满意", field="score")
    comment = " ".join((comment or "").split())
    if len(comment) > 500:
        raise InvalidData("意见不能超过500个字符", field="comment")
    proc = registry.get(case.procedure, case.procedure_version)
    actor = Actor.public(citizen.display_name)
    rate_t = proc.transition(RATE_ACTION)
    if rate_t is not None and rate_t.roles & PUBLIC_ROLES:
        return engine.advance(case, RATE_ACTION, actor, {"score": score, "comment": comment},
                              today=today)

    def make(locked: Case) -> tuple[dict, list]:
        if locked.is_open:
            raise NotAllowed("事项办结后方可评价")
        try:
            with transaction.atomic():
                Rating.objects.create(case=locked, score=score, comment=comment)
        except IntegrityError:
            raise NotAllowed("已经评价过") from None
        return {"score": score, "comment": comment}, []

    return engine.record(case, RATING_RECORD, actor, make)


# -- staff ------------------------------------------------------------------------------------------

def person_view(actor: Actor, user, identifier: str, reason: str,
                today: date | None = None) -> tuple[Matters, PersonLookup]:
    """All matters of one person or firm that the staff member may see (the visibility
    filter), looked up by their ID number/USCC; the lookup is audited."""
    from fazhi.cases.parties import normalised

    value = normalised(identifier)
    if len(value) < 6:
        raise InvalidData("请输入身份证号码或统一社会信用代码", field="identifier")
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidData("请填写查询事由（将记入查询记录）", field="reason")
    if len(reason) > 200:
        raise InvalidData("查询事由不能超过200个字符", field="reason")
    key, keys = keys_for(value)
    found = matters(key, keys, actor=actor, today=today, per_page=STAFF_PAGE)
    entry = PersonLookup.objects.create(user=user, staff_label=actor.label,
                                        agency_id=actor.agency_id, party_key=key,
                                        id_tail=value[-4:], reason=reason,
                                        shown=found.total + len(found.others))
    return found, entry


def masked_applicant(case: Case) -> str:
    return mask_name(case.applicant_name) if case.applicant_name else ""
