"""The single write path for cases: `open_case` and `advance`.

Each call locks the case row, checks the transition (state, role, the agency's part on the
case, its guard, the data), runs the procedure's effect, moves the case to a declared
state, recomputes the clocks the effect changed, appends a hash-chained event and writes
the parts the effect gave or released, all in one transaction: a refusal leaves nothing
half-written. Messages and other outside work go through the outbox
(fazhi.notifications), never through in-memory callbacks.

Every action runs this code, so it keeps its round trips few (ADR 0022): the detail row
comes with the lock, clocks are read once and only when changed, and the hot statements
are compiled once per connection.
"""

import contextlib
import secrets
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from pydantic import BaseModel

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import due_of, evaluate_all
from fazhi.cases.files import store_attachment
from fazhi.cases.models import Attachment, Case, Clock, Counter, Participant, SignoffChain
from fazhi.cases.parties import PARTY_FIELDS, key_of
from fazhi.cases.rows import CLOCK_FIELDS, attnames, compiled
from fazhi.cases.step import Step
from fazhi.cases.validation import validate
from fazhi.core.chains import append_event
from fazhi.core.errors import DomainError, Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.core.writes import insert_new, insert_row, insert_unless_taken, plain, update_row
from fazhi.law.inputs import InputError, identifier
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud safely


def open_case(procedure_code: str, agency: Agency, actor: Actor, data: dict | BaseModel | None,
              *, received_on: date, title: str, applicant_name: str = "",
              files: list[tuple[Any, str]] | None = None, today: date | None = None,
              then: Callable[[Case], Any] | None = None) -> Case:
    """Register a new case under the procedure version in force on its receipt date; the
    opening agency holds the owner part. `then(case)` runs once the case is written, in
    the same transaction (a receipt sent on registration): a caller needs no transaction
    of its own around this one, whose savepoint would cost two statements."""
    today = today or timezone.localdate()
    if received_on > today:
        raise InvalidData("收到日期不能晚于今天", field="received_on")
    try:
        proc = registry.current(procedure_code, received_on)
    except KeyError:
        first = registry.get(procedure_code).effective_from
        raise InvalidData(f"收到日期早于该程序的施行日期（{first:%Y-%m-%d}）",
                          field="received_on") from None
    transition = proc.transition(registry.OPEN)
    if "" not in transition.src:
        raise NotAllowed(f"“{proc.title}”已不再单独立案")
    _check_role(transition, actor)
    if actor.kind == "staff" and actor.agency_id != agency.pk:
        raise Forbidden("只能为本机关登记案件")
    parsed = _validate(transition.schema, data)
    with transaction.atomic():
        case = Case(procedure=proc.code, procedure_version=proc.version, agency=agency,
                    title=title[:200], state="", applicant_name=applicant_name,
                    received_on=received_on, party_key=_party_key(parsed, proc.party_field),
                    number=_case_number(proc, agency, received_on.year))
        _save_with_receipt_code(case)
        case = _run(case, transition, actor, parsed, proc, today, files or [], fresh=True)
        if then is not None:
            then(case)
        return case


def _party_key(parsed: Any, field: str | None) -> str:
    """Whose case this is (fazhi.cases.parties): from the validated opening data."""
    if isinstance(parsed, BaseModel):
        wanted = set(PARTY_FIELDS) if field is None else {field}
        return key_of(parsed.model_dump(include=wanted), field)
    return key_of(parsed, field) if isinstance(parsed, dict) else ""


def advance(case: Case | int, action: str, actor: Actor, data: dict | BaseModel | None = None,
            *, files: list[tuple[Any, str]] | None = None, today: date | None = None,
            signed: bool = False) -> Case:
    """Take one action on a case. The only mutator of cases after they are opened: locks
    the row, checks state, role, the agency's part and the transition's guard, validates
    the data, runs the effect, and writes the clocks, the event and the case. An action
    the agency signs off internally (fazhi.cases.signoff) is taken only once signed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock(case)
        if locked is None or not _may_act(locked, actor):
            raise NotFound("案件不存在")
        proc = registry.get(locked.procedure, locked.procedure_version)
        transition = proc.transition(action)
        if transition is None or transition.action == registry.OPEN:
            raise NotAllowed(local("未知的操作：{}").format(action))
        if locked.state not in transition.src:
            raise NotAllowed(local("案件当前为“{state}”，不能执行“{action}”").format(
                state=proc.state_label(locked.state), action=local(transition.label)))
        _check_role(transition, actor)
        _check_part(transition, locked, actor, proc)
        refusal = transition.refusal(locked, today)
        if refusal:
            raise NotAllowed(refusal)
        if action in proc.signed and not signed and actor.kind == "staff":
            _check_unsigned(locked, proc, transition)
        parsed = _validate(transition.schema, data)
        return _run(locked, transition, actor, parsed, proc, today, files or [])


def _check_unsigned(case: Case, proc: registry.Procedure, transition: registry.Transition) -> None:
    """Staff take an action their agency signs off only through the sign-off (签发)."""
    if _has_signoff_chain(case.agency_id, proc.code, transition.action):
        raise NotAllowed(f"本机关对“{transition.label}”实行内部签发：请提交拟办稿，"
                         "经审核、签发后发出")


def _has_signoff_chain(agency_id: int, procedure: str, action: str) -> bool:
    """One indexed probe in plain SQL: it runs on every staff reply, where the ORM's
    query building cost more than the lookup (ADR 0022)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {SignoffChain._meta.db_table} WHERE agency_id = %s "
                       "AND procedure = %s AND action = %s LIMIT 1", [agency_id, procedure, action])
        return cursor.fetchone() is not None


def record(case: Case | int, action: str, actor: Actor,
           make: Callable[[Case], tuple[dict, list[tuple[Any, str]]]]) -> Case:
    """An entry in the case's history that is not a transition and leaves the state as it
    is — a formal document issued, a step of the internal sign-off (`registry.RECORD`
    actions, "document:…", "signoff:…"). Under the case's lock, `make(case)` checks what it
    needs and returns the event's payload and the files to attach (it may take a number:
    the transaction is the engine's). Staff need a part on the case, as for `advance`."""
    if not registry.is_record(action):
        raise RuntimeError(f"{action!r} is not a record action")
    with transaction.atomic():
        locked = _lock(case)
        if locked is None or not _may_act(locked, actor):
            raise NotFound("案件不存在")
        payload, files = make(locked)
        stored = [store_attachment(uploaded, kind) for uploaded, kind in files]
        if stored:
            payload["attachments"] = [{"kind": s.kind, "filename": s.filename,
                                       "sha256": s.sha256, "size": s.size} for s in stored]
        event = append_event(locked, action, actor, payload)
        update_row(locked, ["event_count", "head_hash"])
        Attachment.objects.bulk_create([
            Attachment(case=locked, kind=s.kind, filename=s.filename, content_type=s.content_type,
                       size=s.size, sha256=s.sha256, path=s.path, uploaded_by=actor.label,
                       event_seq=event.seq) for s in stored])
        return locked


def _lock(case: Case | int) -> Case | None:
    """The case row, locked for this transaction, with its agency and, when the caller
    hands a case (so its procedure is known), the procedure's detail row, in one query."""
    detail = ""
    if isinstance(case, Case):
        with contextlib.suppress(KeyError):
            detail = registry.get(case.procedure, case.procedure_version).detail
    found = compiled(f"lock:{detail}", lambda: Case.objects.select_for_update(of=("self",))
                      .select_related(*(("agency", detail) if detail else ("agency",))))
    return next(iter(found.rows(case.pk if isinstance(case, Case) else case)), None)


def _run(case: Case, transition: registry.Transition, actor: Actor, data: Any,
         proc: registry.Procedure, today: date, files: list, *, fresh: bool = False) -> Case:
    step = Step(case=case, actor=actor, data=data, proc=proc, today=today, transition=transition,
                fresh=fresh, payload=data.model_dump(mode="json")
                if isinstance(data, BaseModel) else {})
    loaded = _fields(case)
    if proc.detail and not fresh and Case._meta.get_field(proc.detail).is_cached(case):
        found = getattr(case, proc.detail)
        if found is not None:
            step.remember(found)
    for uploaded, kind in files:
        step.attach(uploaded, kind)
    if transition.effect:
        transition.effect(step)
    _move(case, step, transition, loaded["state"])
    if case.state in proc.final:
        _close(case, step, transition, today)
    elif not case.is_open:  # a final state left (an act revoked on review): open again
        case.is_open, case.closed_at, case.outcome = True, None, ""
    if step._touched:
        # A clock's inputs changed: every running clock is evaluated again (a stop's bound
        # may be another clock) and the case's due date follows. Untouched, they stand:
        # their dates do not depend on the day of the action (a stop's `paused` flag does,
        # and the clocks.paused tick moves it when a bound passes).
        clocks = step.clocks()
        evaluate_all(clocks.values(), proc, today, lambda: step.calendar)
        for clock in clocks.values():
            _save_clock(clock, step._loaded.get(clock.code))
        case.due_on, case.due_provisional = due_of(clocks.values())
    stored = [store_attachment(uploaded, kind) for uploaded, kind in step._files]
    if stored:
        step.payload["attachments"] = [{"kind": s.kind, "filename": s.filename,
                                        "sha256": s.sha256, "size": s.size} for s in stored]
    event = append_event(case, transition.action, actor, step.payload)
    update_row(case, [name for name, value in _fields(case).items() if loaded.get(name) != value])
    _write_parts(case, step, event.seq)
    if stored:
        Attachment.objects.bulk_create([
            Attachment(case=case, kind=s.kind, filename=s.filename, content_type=s.content_type,
                       size=s.size, sha256=s.sha256, path=s.path, uploaded_by=actor.label,
                       event_seq=event.seq) for s in stored])
    for other, action, data, by in step._then:
        advance(other, action, Actor.system(by), data, today=today)
    return case


def _move(case: Case, step: Step, transition: registry.Transition, before: str) -> None:
    """The declared destination (or the one the effect chose among them), and the outcome
    the effect named; an effect that set the state by hand or named an undeclared outcome
    is a programming error, refused before anything is written."""
    where = f"{step.proc.code}.{transition.action}"
    if case.state != before:
        raise RuntimeError(f"{where}: effects choose the state with step.move_to, "
                           "never by assigning case.state")
    if step._moved is not None:
        case.state = step._moved
    elif isinstance(transition.dst, str):
        case.state = transition.dst
    elif transition.dst:
        raise RuntimeError(f"{where}: the effect must choose the destination with step.move_to")
    if step.outcome is not None:
        if step.outcome not in step.proc.outcomes:
            raise RuntimeError(f"{where}: outcome {step.outcome!r} is not declared")
        case.outcome = step.outcome


def _write_parts(case: Case, step: Step, seq: int) -> None:
    """The owner part of a new case, and the parts the effect gave or released."""
    if step.fresh:
        insert_new(
            [Participant(case=case, agency_id=case.agency_id, role=registry.OWNER, since_seq=seq),
             *(Participant(case=case, agency_id=a, role=r, since_seq=seq)
               for a, r, active in step._parts if active)])
        return
    for agency_id, role, active in step._parts:
        rows = Participant.objects.filter(case=case, role=role)
        if agency_id is not None:
            rows = rows.filter(agency_id=agency_id)
        if not rows.update(active=active) and active:
            Participant.objects.create(case=case, agency_id=agency_id, role=role, since_seq=seq)


def _fields(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in attnames(Case)}


def _close(case: Case, step: Step, transition: registry.Transition, today: date) -> None:
    case.is_open = False
    case.closed_at = _moment(today)
    case.outcome = step.outcome or transition.outcome or case.outcome
    for clock in step.clocks().values():
        if clock.state != Clock.RUNNING:
            continue
        step._touched = True
        if clock.party:  # the case ended before the party had to act
            clock.state = Clock.CANCELLED
        else:
            Step._finish(clock, today)


def _moment(today: date) -> datetime:
    """Now, or noon local time of `today` when an action is recorded for another day
    (backdated entry, demo building), so dates derived from timestamps agree with it."""
    now = timezone.now()
    if timezone.localdate(now) == today:
        return now
    return timezone.make_aware(datetime.combine(today, time(12)))


def parts_of(case: Case, actor: Actor, *, active: bool = True) -> frozenset[str]:
    """The parts the actor's agency holds on the case (active ones, unless asked): the
    owner part for the opening agency, the others from Participant rows (read only when
    the procedure declares parts beyond the owner)."""
    if actor.kind != "staff":
        return frozenset()
    held = {registry.OWNER} if actor.agency_id == case.agency_id else set()
    proc = registry.get(case.procedure, case.procedure_version)
    if len(proc.parties) > 1:
        rows = Participant.objects.filter(case_id=case.pk, agency_id=actor.agency_id)
        if active:
            rows = rows.filter(active=True)
        held |= set(rows.values_list("role", flat=True))
    return frozenset(held)


def actions_for(case: Case, actor: Actor, today: date | None = None) -> list[registry.Transition]:
    """The actions this actor may take on the case now, as screens and the API offer them:
    the engine's write rule (a part on an open case), the state, role and part of each
    transition, and its guard. `advance` still refuses anything else on its own."""
    proc = registry.get(case.procedure, case.procedure_version)
    if not case.is_open or not _may_act(case, actor):
        return []
    parts = parts_of(case, actor) if actor.kind == "staff" else None
    if parts is not None and not parts:
        return []
    return proc.available(case.state, actor.roles, case, today or timezone.localdate(), parts)


def _may_act(case: Case, actor: Actor) -> bool:
    """Staff act only on cases their agency has (or had) a part on — any other case is
    "not found", even for the city-wide roles who read it; which transitions a part allows
    is `_check_part`'s. The public act only through their receipt; the system on any."""
    if actor.kind == "staff":
        return (actor.agency_id == case.agency_id
                or Participant.objects.filter(case_id=case.pk, agency_id=actor.agency_id)
                .exists())
    return actor.kind in {"public", "system"}


def _check_part(transition: registry.Transition, case: Case, actor: Actor,
                proc: registry.Procedure) -> None:
    if actor.kind != "staff":
        return
    if registry.OWNER in transition.parties and actor.agency_id == case.agency_id:
        return  # the common case, without a query
    if not transition.parties & parts_of(case, actor):
        names = "、".join(proc.parties.get(p, p) for p in sorted(transition.parties))
        raise Forbidden(local("“{action}”由本案的{parts}办理，您所在机关在本案中不承担该职责").format(
            action=local(transition.label), parts=names))


def _check_role(transition: registry.Transition, actor: Actor) -> None:
    if not actor.has_any(transition.roles) and actor.kind != "system":
        raise Forbidden(local("您没有执行“{}”的权限").format(local(transition.label)))


def _validate(schema: type[BaseModel] | None, data: dict | BaseModel | None) -> Any:
    return validate(schema, data)


def next_number(key: str, year: int) -> int:
    """Take the next gapless number for (key, year); call inside the caller's transaction.

    The counter row is incremented in place, which locks it, so concurrent takers queue on
    PostgreSQL (SQLite's IMMEDIATE transactions serialise); a missing row is created first
    (ignoring a concurrent creator).
    """
    for _ in range(2):
        taken = _take(key, year)
        if taken is not None:
            return taken
        Counter.objects.bulk_create([Counter(key=key, year=year, value=0)],
                                    ignore_conflicts=True)
    raise RuntimeError(f"counter {key}/{year} could not be created")


def _take(key: str, year: int) -> int | None:
    """Increment the counter row and read it back in one statement (its row lock held to
    the end of the transaction); None when the row does not exist yet."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {q(Counter._meta.db_table)} SET {q('value')} = {q('value')} + 1 "
                       f"WHERE {q('key')} = %s AND {q('year')} = %s RETURNING {q('value')}",
                       [key, year])
        row = cursor.fetchone()
    return row[0] if row else None


def _case_number(proc: registry.Procedure, agency: Agency, year: int) -> str:
    seq = next_number(f"case:{proc.code}:{agency.code}", year)
    return f"{agency.code}-{proc.number_prefix or proc.code.upper()}-{year}-{seq:05d}"


def new_receipt_code() -> str:
    """16 symbols from 32 (80 bits): unguessable, grouped for reading aloud."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_receipt_code(text: str) -> str:
    """As typed (any case, spaces, dashes, full-width ＡＢＣＤ) → "ABCD-EFGH-…"; a code that
    is not ASCII after NFKC normalisation is "" (it can match nothing)."""
    try:
        folded = identifier(text)
    except InputError:
        return ""
    raw = "".join(ch for ch in folded if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def _save_with_receipt_code(case: Case) -> None:
    """Insert the case with a fresh receipt code, trying again on the (80-bit, so only
    theoretical) collision. A colliding insert writes nothing and raises nothing (ON
    CONFLICT DO NOTHING), so the transaction carries on without a savepoint; a model
    that cannot be written so (a save receiver) takes each try in a savepoint."""
    for _ in range(5):
        case.receipt_code = new_receipt_code()
        if plain(Case):
            if insert_unless_taken(case, "receipt_code"):
                return
            continue
        try:
            with transaction.atomic():
                case.save()
            return
        except IntegrityError:
            continue
    raise DomainError("查询码生成失败，请重试")


def _save_clock(clock: Clock, loaded: tuple | None) -> None:
    """Insert a new clock; write only the changed fields of one read in this step."""
    if clock.pk is None:
        insert_row(clock)
        return
    if loaded is None:
        clock.save()
        return
    changed = [name for name, before in zip(CLOCK_FIELDS, loaded, strict=True)
               if getattr(clock, name) != before]
    if changed:
        update_row(clock, changed)
