"""The single write path for cases: `open_case` and `advance`.

Each call locks the case row, checks the transition (state, role, agency, data), runs the
procedure's effect, recomputes the clocks, appends a hash-chained event and schedules side
effects on commit, all in one transaction: a refusal leaves nothing half-written.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import BaseModel

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import evaluate_all, limit_for, party_due, refresh_case_due
from fazhi.cases.files import store_attachment
from fazhi.cases.models import Attachment, Case, Clock, Counter
from fazhi.cases.validation import validate
from fazhi.core.chains import append_event
from fazhi.core.errors import DomainError, Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.holidays.services import current_calendar
from fazhi.law.inputs import InputError, identifier
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud safely


@dataclass
class Step:
    """What a transition's effect sees and may change; collected into one event."""

    case: Case
    actor: Actor
    data: Any
    proc: registry.Procedure
    today: date
    payload: dict = field(default_factory=dict)
    outcome: str | None = None
    _clocks: dict[str, Clock] = field(default_factory=dict)
    _loaded: dict[str, tuple] = field(default_factory=dict)  # as read, to save only changes
    _all_loaded: bool = False
    _after_commit: list[Callable[[], None]] = field(default_factory=list)
    _files: list[tuple[Any, str]] = field(default_factory=list)

    # -- clocks ---------------------------------------------------------------
    def clock(self, key: str) -> Clock | None:
        code = self.proc.limit(key).code
        if code not in self._clocks:
            found = Clock.objects.filter(case=self.case, code=code).first()
            if found is None:
                return None
            self._clocks[code] = found
            self._loaded[code] = _snapshot(found)
        return self._clocks[code]

    def start_clock(self, key: str, on: date, *, note: str = "") -> Clock:
        """Start (or restart from scratch, e.g. after a correction, or a party's clock
        when its receipt date becomes known) a statutory clock. `note` says how the start
        date was found when it is presumed (e.g. a postal delivery rule)."""
        limit = self.proc.limit(key)
        clock = self.clock(key) or Clock(case=self.case, code=limit.code)
        if clock.pk is not None:
            self._freeze_bounds_on(clock)
        clock.started_on, clock.stops, clock.extended = on, [], False
        clock.party, clock.note = limit.party, note[:200]
        clock.state, clock.finished_on = Clock.RUNNING, None
        self._clocks[limit.code] = clock
        return clock

    def stop_clock(self, key: str, on: date, reason: str, *, until: date | Clock,
                   until_reason: str = "") -> None:
        """Stop a clock from `on` (that day still counts) until the stop is resumed, and at
        the latest until `until`: a date (the correction period the agency set) or a
        party's clock, whose due date is then the bound and moves with it (条例第三十二条:
        once the consulted party's 15 WD have run, the agency decides). A stop cannot be
        made without its bound."""
        clock = self._running(key)
        if any(row["end"] is None for row in clock.stops):
            raise NotAllowed("该期限已处于中止状态")
        row: dict[str, Any] = {"start": on.isoformat(), "end": None, "reason": reason}
        if isinstance(until, Clock):
            limit = limit_for(until, self.proc)
            bound = party_due(until, self.proc, current_calendar())
            row |= {"bound_clock": until.code,
                    "bound_reason": until_reason or f"{limit.label}届满，{limit.citation}"}
        elif isinstance(until, date):
            bound = until
            row["bound_reason"] = until_reason
        else:
            raise TypeError("stop_clock needs `until`: a date or a party's clock")
        if bound < on:
            raise InvalidData(f"中止计时的最迟结束日期（{bound:%Y-%m-%d}）不能早于中止开始日期"
                              f"（{on:%Y-%m-%d}）", field="date")
        row["bound"] = bound.isoformat()
        clock.stops = [*clock.stops, row]

    def resume_clock(self, key: str, on: date) -> None:
        clock = self._running(key)
        if not clock.stops or clock.stops[-1]["end"] is not None:
            raise NotAllowed("该期限未处于中止状态")
        last = clock.stops[-1]
        if on < date.fromisoformat(last["start"]):
            raise InvalidData("恢复计算的日期不能早于中止日期", field="date")
        clock.stops = [*clock.stops[:-1], last | {"end": on.isoformat()}]

    def _freeze_bounds_on(self, party: Clock) -> None:
        """Before a party's clock restarts (a new consultation), ended stops that waited
        for it keep the bound they had: they belong to the earlier consultation."""
        for other in self._all_clocks():
            if other.code == party.code:
                continue
            rows = [{k: v for k, v in row.items() if k != "bound_clock"}
                    if row.get("bound_clock") == party.code and row["end"] is not None
                    else row for row in other.stops]
            if rows != other.stops:
                other.stops = rows

    def extend_clock(self, key: str) -> None:
        clock = self._running(key)
        if clock.extended:
            raise NotAllowed("该期限已经延长过，不能再次延长")
        if self.proc.limit(key).extension is None:
            raise NotAllowed("该期限依法不得延长")
        clock.extended = True

    def finish_clock(self, key: str, on: date) -> None:
        clock = self.clock(key)
        if clock is not None and clock.state == Clock.RUNNING:
            self._finish(clock, on)

    def cancel_clock(self, key: str) -> None:
        clock = self.clock(key)
        if clock is not None and clock.state == Clock.RUNNING:
            clock.state = Clock.CANCELLED

    def _all_clocks(self) -> list[Clock]:
        """Every clock of the case, loaded once into this step (so all are evaluated)."""
        if self.case.pk is not None and not self._all_loaded:
            for found in Clock.objects.filter(case=self.case).exclude(code__in=self._clocks):
                self._clocks[found.code] = found
                self._loaded[found.code] = _snapshot(found)
            self._all_loaded = True
        return list(self._clocks.values())

    def _running(self, key: str) -> Clock:
        clock = self.clock(key)
        if clock is None or clock.state != Clock.RUNNING:
            raise NotAllowed(f"期限“{self.proc.limit(key).label}”未在计算中")
        return clock

    @staticmethod
    def _finish(clock: Clock, on: date) -> None:
        clock.state = Clock.MET if on <= clock.due_on else Clock.MISSED
        clock.finished_on = on

    # -- files and side effects -------------------------------------------------
    def attach(self, uploaded, kind: str) -> None:
        self._files.append((uploaded, kind))

    def on_commit(self, fn: Callable[[], None]) -> None:
        self._after_commit.append(fn)


def open_case(procedure_code: str, agency: Agency, actor: Actor, data: dict | BaseModel | None,
              *, received_on: date, title: str, applicant_name: str = "",
              files: list[tuple[Any, str]] | None = None, today: date | None = None) -> Case:
    """Register a new case under the procedure version in force on its receipt date."""
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
    _check_role(transition, actor)
    if actor.kind == "staff" and actor.agency_id != agency.pk:
        raise Forbidden("只能为本机关登记案件")
    parsed = _validate(transition.schema, data)
    with transaction.atomic():
        case = Case(procedure=proc.code, procedure_version=proc.version, agency=agency,
                    title=title[:200], state="", applicant_name=applicant_name,
                    received_on=received_on,
                    number=_case_number(proc, agency, received_on.year))
        _save_with_receipt_code(case)
        return _run(case, transition, actor, parsed, proc, today, files or [])


def advance(case: Case | int, action: str, actor: Actor, data: dict | BaseModel | None = None,
            *, files: list[tuple[Any, str]] | None = None, today: date | None = None) -> Case:
    """Take one action on a case. The only mutator of cases after they are opened."""
    today = today or timezone.localdate()
    pk = case.pk if isinstance(case, Case) else case
    with transaction.atomic():
        locked = Case.objects.select_for_update().filter(pk=pk).first()
        if locked is None or not _may_write(locked, actor):
            raise NotFound("案件不存在")
        proc = registry.get(locked.procedure, locked.procedure_version)
        transition = proc.transition(action)
        if transition is None or transition.action == registry.OPEN:
            raise NotAllowed(f"未知的操作：{action}")
        if locked.state not in transition.src:
            raise NotAllowed(f"案件当前为“{proc.state_label(locked.state)}”，"
                             f"不能执行“{transition.label}”")
        _check_role(transition, actor)
        parsed = _validate(transition.schema, data)
        return _run(locked, transition, actor, parsed, proc, today, files or [])


def _run(case: Case, transition: registry.Transition, actor: Actor, data: Any,
         proc: registry.Procedure, today: date, files: list) -> Case:
    step = Step(case=case, actor=actor, data=data, proc=proc, today=today,
                payload=data.model_dump(mode="json") if isinstance(data, BaseModel) else {})
    for uploaded, kind in files:
        step.attach(uploaded, kind)
    if transition.effect:
        transition.effect(step)
    if transition.dst:
        case.state = transition.dst
    evaluate_all(step._all_clocks(), proc, today)
    if case.state in proc.final:
        _close(case, step, transition, today)
    for clock in step._clocks.values():
        if clock.pk is None or step._loaded.get(clock.code) != _snapshot(clock):
            clock.save()
    stored = [store_attachment(uploaded, kind) for uploaded, kind in step._files]
    if stored:
        step.payload["attachments"] = [{"kind": s.kind, "filename": s.filename,
                                        "sha256": s.sha256, "size": s.size} for s in stored]
    refresh_case_due(case)
    event = append_event(case, transition.action, actor, step.payload)
    case.save()
    for s in stored:
        Attachment.objects.create(case=case, kind=s.kind, filename=s.filename,
                                  content_type=s.content_type, size=s.size, sha256=s.sha256,
                                  path=s.path, uploaded_by=actor.label, event_seq=event.seq)
    for fn in step._after_commit:
        transaction.on_commit(fn)
    return case


def _close(case: Case, step: Step, transition: registry.Transition, today: date) -> None:
    case.is_open = False
    case.closed_at = _moment(today)
    case.outcome = step.outcome or transition.outcome or case.outcome
    for clock in step._all_clocks():
        if clock.state != Clock.RUNNING:
            continue
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


def actions_for(case: Case, actor: Actor) -> list[registry.Transition]:
    """The actions this actor may take on the case now, as screens and the API offer them:
    the engine's write rule (own agency, open case) plus the procedure's state, role and
    availability checks. `advance` still refuses anything else on its own."""
    proc = registry.get(case.procedure, case.procedure_version)
    if not case.is_open or not _may_write(case, actor):
        return []
    return proc.available(case.state, actor.roles, case)


def _may_write(case: Case, actor: Actor) -> bool:
    """Staff write only their own agency's cases; the public only through their receipt."""
    if actor.kind == "staff":
        return actor.agency_id == case.agency_id
    return actor.kind in {"public", "system"}


def _check_role(transition: registry.Transition, actor: Actor) -> None:
    if not actor.has_any(transition.roles) and actor.kind != "system":
        raise Forbidden(f"您没有执行“{transition.label}”的权限")


def _validate(schema: type[BaseModel] | None, data: dict | BaseModel | None) -> Any:
    return validate(schema, data)


def next_number(key: str, year: int) -> int:
    """Take the next gapless number for (key, year); call inside the caller's transaction.

    The counter row is created if missing (ignoring a concurrent creator) and then locked,
    so concurrent takers queue on PostgreSQL; SQLite's IMMEDIATE transactions serialise.
    """
    Counter.objects.bulk_create([Counter(key=key, year=year, value=0)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(key=key, year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


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
    for _ in range(5):
        case.receipt_code = new_receipt_code()
        try:
            with transaction.atomic():
                case.save()
            return
        except IntegrityError:
            continue
    raise DomainError("查询码生成失败，请重试")


def _snapshot(clock: Clock) -> tuple:
    return (clock.started_on, clock.stops, clock.extended, clock.due_on, clock.provisional,
            clock.paused, clock.explanation, clock.state, clock.finished_on, clock.party,
            clock.note)
