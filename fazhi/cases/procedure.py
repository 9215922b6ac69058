"""Declarative procedure specs and their registry.

A procedure is declared once in its app's `procedure.py`: states, transitions (who may
take them — staff roles and the agency's part on the case —, from where, to which declared
states, why they are refused now, what data they need, what they do), time limits and
outcomes. The engine (`fazhi.cases.engine.advance`) is the only thing that executes them;
`problems()` checks a declaration and `register()` refuses one with problems.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

from fazhi.law import timelimits

if TYPE_CHECKING:
    from fazhi.cases.documents import DocumentTemplate
    from fazhi.cases.models import Case
    from fazhi.cases.step import Step

OPEN = "open"  # the action that creates a case
OWNER = "owner"  # the part on a case of the agency that opened it (承办机关)
# History entries that are not transitions (`engine.record`): "document:<code>" (a formal
# document issued), "signoff:<step>" (the internal sign-off of a reply). Internal: the
# party's timeline leaves them out.
RECORD = ":"


def is_record(action: str) -> bool:
    return RECORD in action

# Why an action cannot be taken on this case today, in Chinese; None when it can.
Guard = Callable[["Case", date], "str | None"]


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # Chinese button label
    src: frozenset[str]
    # None: the state does not change; a state; or the set of states the effect chooses
    # from with `step.move_to` (no effect assigns `case.state`)
    dst: str | frozenset[str] | None = None
    roles: frozenset[str] = frozenset({"handler"})  # staff roles (or applicant / system)
    schema: type[BaseModel] | None = None
    effect: Callable[["Step"], None] | None = None
    outcome: str | None = None  # set on the case when the transition closes it
    primary: bool = False  # shown as the main action in the UI
    # Run by `advance` before the data is read and the effect runs (a refusal is a 409 with
    # its message), and by `actions_for`, so screens offer only what the engine accepts.
    guard: Guard | None = None
    # A sentence about this case shown with the action's form (e.g. how many requests the
    # applicant already made this month, for a fee notice); screens only.
    hint: Callable[["Case"], str] | None = None
    # Which agencies' staff may take it: the parts on this case (cases.Participant roles)
    # whose agency's staff may act; the opening agency holds OWNER.
    parties: frozenset[str] = frozenset({OWNER})

    @property
    def destinations(self) -> frozenset[str]:
        if self.dst is None:
            return frozenset()
        return frozenset({self.dst}) if isinstance(self.dst, str) else frozenset(self.dst)

    def refusal(self, case: "Case", today: date) -> str | None:
        return self.guard(case, today) if self.guard else None

    def hint_for(self, case: "Case") -> str:
        return self.hint(case) if self.hint else ""


def retired(action: str, label: str, schema: type[BaseModel] | None = None) -> Transition:
    """An action of an earlier release that can no longer be taken (no source state, no
    role); declared so the histories that recorded it keep their labels."""
    return Transition(action, label, frozenset(), None, frozenset(), schema)


@dataclass(frozen=True)
class Procedure:
    code: str
    version: str
    title: str
    effective_from: date
    states: dict[str, str]  # state code -> Chinese label
    final: frozenset[str]
    transitions: tuple[Transition, ...]
    limits: dict[str, timelimits.Limit] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)  # outcome code -> Chinese label
    number_prefix: str = ""
    # Chinese labels of coded values in transition data, per field name (for forms, timelines)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # The parts agencies may hold on a case of this procedure (Participant.role -> label)
    parties: dict[str, str] = field(default_factory=dict)
    # Accessor of the one-to-one detail row (e.g. "disclosure"): read with the case's lock
    detail: str = ""
    # Formal documents issued from templates once their transition is recorded
    # (fazhi.cases.documents): 补正告知书 after the correction notice, …
    documents: tuple["DocumentTemplate", ...] = ()
    # Actions an agency may route through its internal sign-off chain (拟办 → 审核 → 签发,
    # fazhi.cases.signoff); taken directly where the agency configured none.
    signed: frozenset[str] = frozenset()
    # Whose case it is (Case.party_key, ADR 0045): the opening-data field holding the
    # applicant's ID number/USCC. None: the first of fazhi.cases.parties.PARTY_FIELDS found
    # (person identifiers before `uscc`); "": no party key (e.g. a complaint naming a
    # business by its USCC whose complainant gives no number).
    party_field: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "parties", {OWNER: "承办机关", **self.parties})
        object.__setattr__(self, "_by_action", {t.action: t for t in self.transitions})

    def transition(self, action: str) -> Transition | None:
        return self._by_action.get(action)  # type: ignore[attr-defined]

    def available(self, state: str, roles: frozenset[str], case: "Case | None" = None,
                  today: date | None = None,
                  parties: frozenset[str] | None = None) -> list[Transition]:
        """Actions allowed in `state` for `roles` (and, given, the agency's `parties` on the
        case); with `case`, only those whose guard does not refuse it on `today` (without,
        the guards are not run)."""
        found = [t for t in self.transitions
                 if t.action != OPEN and state in t.src and t.roles & roles
                 and (parties is None or t.parties & parties)]
        if case is None:
            return found
        from django.utils import timezone

        today = today or timezone.localdate()
        return [t for t in found if t.refusal(case, today) is None]

    def state_label(self, state: str) -> str:
        from fazhi.core.i18n import local

        return local(self.states.get(state, state))

    def limit(self, key: str) -> timelimits.Limit:
        return self.limits[key]


HAN = re.compile(r"[\u4e00-\u9fff]")


def problems(proc: Procedure) -> list[str]:
    """What is wrong with a declaration: every state a transition leaves from or goes to,
    every final state and outcome declared; every part a transition names declared; the
    opening transition present; every schema field titled in Chinese."""
    found, states = [], set(proc.states)
    if proc.transition(OPEN) is None:
        found.append(f"{proc.code}: no {OPEN!r} transition")
    for t in proc.transitions:
        where = f"{proc.code}.{t.action}"
        sources = t.src - ({""} if t.action == OPEN else set())
        found += [f"{where}: source state {s!r} undeclared" for s in sorted(sources - states)]
        found += [f"{where}: destination {d!r} undeclared"
                  for d in sorted(t.destinations - states)]
        if t.outcome and t.outcome not in proc.outcomes:
            found.append(f"{where}: outcome {t.outcome!r} undeclared")
        found += [f"{where}: part {p!r} undeclared" for p in sorted(t.parties - set(proc.parties))]
        if not HAN.search(t.label):
            found.append(f"{where}: label {t.label!r} is not Chinese")
        for name, info in (t.schema.model_fields.items() if t.schema else ()):
            if not HAN.search(info.title or ""):
                found.append(f"{where}: field {name!r} has no Chinese title")
    found += [f"{proc.code}: final state {s!r} undeclared" for s in sorted(proc.final - states)]
    found += [f"{proc.code}: state {s!r} has no Chinese label" for s, label in proc.states.items()
              if not HAN.search(label)]
    found += [f"{proc.code}: outcome {o!r} has no Chinese label"
              for o, label in proc.outcomes.items() if not HAN.search(label)]
    return found


_REGISTRY: dict[str, list[Procedure]] = {}


def register(proc: Procedure) -> Procedure:
    found = problems(proc)
    if found:
        raise ValueError("procedure declaration: " + "; ".join(found))
    versions = _REGISTRY.setdefault(proc.code, [])
    versions[:] = [p for p in versions if p.version != proc.version] + [proc]
    versions.sort(key=lambda p: p.effective_from)
    for limit in proc.limits.values():
        timelimits.register(limit)
    return proc


def get(code: str, version: str | None = None) -> Procedure:
    """The named version, or the newest when no version is given (new cases)."""
    versions = _REGISTRY.get(code)
    if not versions:
        raise KeyError(f"unknown procedure {code!r}")
    if version is None:
        return versions[-1]
    for proc in versions:
        if proc.version == version:
            return proc
    raise KeyError(f"procedure {code!r} has no version {version!r}")


def current(code: str, on: date) -> Procedure:
    """The version in force on a date (a case keeps the version it started under)."""
    versions = [p for p in _REGISTRY.get(code, []) if p.effective_from <= on]
    if not versions:
        raise KeyError(f"procedure {code!r} was not in force on {on}")
    return versions[-1]


def all_procedures() -> list[Procedure]:
    return [versions[-1] for _, versions in sorted(_REGISTRY.items())]


def all_versions() -> list[Procedure]:
    """Every registered version of every procedure (cases keep the version they began under)."""
    return [proc for _, versions in sorted(_REGISTRY.items()) for proc in versions]
