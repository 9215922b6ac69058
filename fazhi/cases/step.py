"""What a transition's effect receives: the `Step` it reads the case from and records its
changes on (destination, parts, clocks, files, follow-up actions). The engine
(`fazhi.cases.engine`) makes one per action and writes what it collected."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import limit_for, party_due
from fazhi.cases.models import Case, Clock
from fazhi.cases.rows import compiled, snapshot, values
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.writes import insert_row, update_row
from fazhi.holidays.services import current_calendar
from fazhi.law.workdays import WorkCalendar
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


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
    transition: registry.Transition | None = None
    fresh: bool = False  # the case is being opened: it has no clocks or parts yet
    _clocks: dict[str, Clock] | None = None  # every clock of the case by code, read once
    _loaded: dict[str, tuple] = field(default_factory=dict)  # as read, to save only changes
    _calendar: WorkCalendar | None = None
    _moved: str | None = None
    _touched: bool = False  # a clock was started, stopped, resumed, extended or ended
    _parts: list[tuple[int, str | None, bool]] = field(default_factory=list)
    _files: list[tuple[Any, str]] = field(default_factory=list)
    _then: list[tuple[Case | int, str, Any, str]] = field(default_factory=list)
    _read: dict[tuple[type, Any], dict] = field(default_factory=dict)  # rows as read

    # -- state and parts ------------------------------------------------------------
    def move_to(self, state: str) -> None:
        """Choose this step's destination among those its transition declares."""
        allowed = self.transition.destinations if self.transition else frozenset()
        if state not in allowed:
            raise RuntimeError(f"{self.proc.code}.{getattr(self.transition, 'action', '?')}: "
                               f"destination {state!r} is not declared ({sorted(allowed)})")
        self._moved = state

    def add_party(self, agency: Agency | int, role: str) -> None:
        """Give an agency a part on this case (active: it sees the case in its inbox and
        its staff may take the transitions naming the part)."""
        self._part(role)
        self._parts.append((agency if isinstance(agency, int) else agency.pk, role, True))

    def release_party(self, role: str, agency: Agency | int | None = None) -> None:
        """The part is done: the agency keeps reading the case, it leaves its inbox and may
        no longer act in that part (every agency holding `role`, unless one is named)."""
        self._part(role)
        agency_id = agency if isinstance(agency, int) or agency is None else agency.pk
        self._parts.append((agency_id, role, False))

    def save(self, row: Any) -> None:
        """Save a row the step read with the case (its detail row): only the fields the
        effect changed, so the statement is small (receivers of post_save still run)."""
        model = type(row)
        before = self._read.get((model, row.pk))
        if before is None:
            if row.pk is None:  # a new row with an id the database assigns
                insert_row(row)
            else:
                row.save()
            return
        changed = [name for name, value in values(row).items() if before.get(name) != value]
        if not changed:
            return
        update_row(row, changed)
        self._read[(model, row.pk)] = values(row)

    def remember(self, row: Any) -> None:
        """Note a row as read now, for `save`."""
        self._read[(type(row), row.pk)] = values(row)

    def then(self, case: Case | int, action: str, data: Any, *, by: str) -> None:
        """Another case's action this step causes (a document in force repeals the ones it
        replaces): taken by the engine through `advance`, as the platform (`by` names on
        whose behalf), after this step is written and in the same transaction, so either
        both stand or neither."""
        self._then.append((case, action, data, by))

    def _part(self, role: str) -> None:
        if role not in self.proc.parties or role == registry.OWNER:
            raise RuntimeError(f"{self.proc.code}: part {role!r} is not declared")

    # -- clocks ---------------------------------------------------------------
    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = current_calendar()
        return self._calendar

    def clocks(self) -> dict[str, Clock]:
        """Every clock of the case, read in one query the first time it is needed."""
        if self._clocks is None:
            self._clocks = {}
            if self.case.pk is not None and not self.fresh:
                query = compiled("clocks", lambda: Clock.objects.all(), "case_id")
                for found in query.rows(self.case.pk):
                    self._clocks[found.code] = found
                    self._loaded[found.code] = snapshot(found)
        return self._clocks

    def clock(self, key: str) -> Clock | None:
        return self.clocks().get(self.proc.limit(key).code)

    def start_clock(self, key: str, on: date, *, note: str = "") -> Clock:
        """Start (or restart from scratch, e.g. after a correction, or a party's clock
        when its receipt date becomes known) a statutory clock. `note` says how the start
        date was found when it is presumed (e.g. a postal delivery rule)."""
        limit = self.proc.limit(key)
        clock = self.clock(key) or Clock(case=self.case, code=limit.code)
        self._touched = True
        if clock.pk is not None:
            self._freeze_bounds_on(clock)
        clock.started_on, clock.stops, clock.extended = on, [], False
        clock.party, clock.note = limit.party, note[:200]
        clock.state, clock.finished_on = Clock.RUNNING, None
        self.clocks()[limit.code] = clock
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
            bound = party_due(until, self.proc, self.calendar)
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
        for other in self.clocks().values():
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
            self._touched = True
            self._finish(clock, on)

    def cancel_clock(self, key: str) -> None:
        clock = self.clock(key)
        if clock is not None and clock.state == Clock.RUNNING:
            self._touched = True
            clock.state = Clock.CANCELLED

    def _running(self, key: str) -> Clock:
        """The running clock an effect is about to change."""
        clock = self.clock(key)
        if clock is None or clock.state != Clock.RUNNING:
            raise NotAllowed(f"期限“{self.proc.limit(key).label}”未在计算中")
        self._touched = True
        return clock

    @staticmethod
    def _finish(clock: Clock, on: date) -> None:
        clock.state = Clock.MET if on <= clock.due_on else Clock.MISSED
        clock.finished_on = on

    # -- files ------------------------------------------------------------------
    def attach(self, uploaded, kind: str) -> None:
        self._files.append((uploaded, kind))
