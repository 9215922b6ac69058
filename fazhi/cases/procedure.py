"""Declarative procedure specs and their registry.

A procedure is declared once in its app's `procedure.py`: states, transitions (who may
take them, from where, what data they need, what they do), time limits and outcomes.
The engine (`fazhi.cases.engine.advance`) is the only thing that executes them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

from fazhi.law import timelimits

if TYPE_CHECKING:
    from fazhi.cases.engine import Step
    from fazhi.cases.models import Case

OPEN = "open"  # the action that creates a case


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # Chinese button label
    src: frozenset[str]
    dst: str | None = None  # None: the state does not change
    roles: frozenset[str] = frozenset({"handler"})
    schema: type[BaseModel] | None = None
    effect: Callable[["Step"], None] | None = None
    outcome: str | None = None  # set on the case when the transition closes it
    primary: bool = False  # shown as the main action in the UI
    # Whether to offer the action for this case now (beyond state and role), so screens do
    # not show an action its effect would refuse. A hint for screens only: the engine does
    # not call it, the effect's refusal stays the authority.
    available_if: Callable[["Case"], bool] | None = None
    # A sentence about this case shown with the action's form (e.g. how many requests the
    # applicant already made this month, for a fee notice); screens only, like available_if.
    hint: Callable[["Case"], str] | None = None

    def hint_for(self, case: "Case") -> str:
        return self.hint(case) if self.hint else ""


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

    def transition(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def available(self, state: str, roles: frozenset[str],
                  case: "Case | None" = None) -> list[Transition]:
        """Actions allowed now in `state` for `roles`; with `case`, also those whose
        `available_if` holds for it (without, the predicates are not evaluated)."""
        return [t for t in self.transitions
                if t.action != OPEN and state in t.src and t.roles & roles
                and (case is None or t.available_if is None or t.available_if(case))]

    def state_label(self, state: str) -> str:
        return self.states.get(state, state)

    def limit(self, key: str) -> timelimits.Limit:
        return self.limits[key]


_REGISTRY: dict[str, list[Procedure]] = {}


def register(proc: Procedure) -> Procedure:
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
