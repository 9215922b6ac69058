"""When a case's decision is final (生效), so that its property may be disposed of.

A procedure app registers how to tell for its cases (the penalty procedure: the decision
served and the reconsideration and litigation periods run out, or the review ended);
without a registration a case counts as final once it is closed. Custody never imports a
procedure app: the procedure registers itself here (the shared-parts floor sits below).
"""

from collections.abc import Callable

from fazhi.cases.models import Case

_PREDICATES: dict[str, Callable[[Case], bool]] = {}


def register(procedure_code: str, predicate: Callable[[Case], bool]) -> None:
    """Declare how to tell whether a case of `procedure_code` has a final decision."""
    _PREDICATES[procedure_code] = predicate


def unregister(procedure_code: str) -> None:
    """Forget a registration (tests that install a procedure for a while)."""
    _PREDICATES.pop(procedure_code, None)


def is_final(case: Case) -> bool:
    """True when the case's decision is final: its procedure's predicate, or by default
    the case being closed."""
    predicate = _PREDICATES.get(case.procedure)
    if predicate is not None:
        return bool(predicate(case))
    return not case.is_open
