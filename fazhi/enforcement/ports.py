"""The shared enforcement parts this procedure asks (BRIEF-shared-floor.md interfaces):
powers (certificates, reviewers), discretion (benchmarks, exemption lists) and transfers
(suspected crimes). Called through this one module, so the procedure names each question
once and a test can stand in for a part's answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi.discretion import services as discretion
from fazhi.powers import checks as powers
from fazhi.transfers import services as transfers


def acting_refusal(officers: Sequence[Any], *, category: str, on: date,
                   minimum: int = 2) -> str | None:
    """Why these officers may not act in this category on `on` (None: they may)."""
    return powers.acting_refusal(officers, category=category, on=on, minimum=minimum)


def reviewer_refusal(user: Any, *, on: date) -> str | None:
    return powers.reviewer_refusal(user, on=on)


def assess(agency: Any, violation_code: str, facts: Mapping[str, object], *, on: date) -> Any:
    return discretion.assess(agency, violation_code, facts, on=on)


def deviation(assessment: Any, proposed_fine: Decimal | None, kinds: Sequence[str]) -> str | None:
    if assessment is None:
        return None
    return discretion.deviation(assessment, proposed_fine, kinds)


def exemption(agency: Any, violation_code: str, facts: Mapping[str, object], *, on: date) -> Any:
    return discretion.exemption(agency, violation_code, facts, on=on)


def suspected(violation_code: str, facts: Mapping[str, object], *, on: date) -> tuple[str, ...]:
    return tuple(transfers.suspected(violation_code, facts, on=on))


def flag(source: Any, violation_code: str, facts: Mapping[str, object], *,
         on: date) -> tuple[str, ...]:
    """`suspected`, and the case flagged for the procuratorate's supervision when it is."""
    return tuple(transfers.flag(source, violation_code, facts, on=on))


def settled(source: Any) -> bool:
    return bool(transfers.settled(source))


# -- custody, transfers (issue 13 parts 6 and 8, asked from the penalty case) ---------------------
def case_team(actor: Any) -> Any:
    """The head's decision carried out by the case team (查封扣押 decided under 《行政强制法》
    第十八条, a transfer reported under Decree 310 第五条): the head acts in the handler's part,
    under their own name, in the same transaction as the decision."""
    from dataclasses import replace

    return replace(actor, roles=frozenset(actor.roles) | {"handler"})


def seize(case: Any, items: list[dict], actor: Any, on: date) -> list[Any]:
    from fazhi.custody import services as custody

    return custody.seize(case, items, case_team(actor), on)


def custody_items(case: Any) -> list[Any]:
    from fazhi.custody.models import Item

    return list(Item.objects.filter(case=case).order_by("seized_on", "id"))


def open_transfer(source: Any, *, actor: Any, report: str, officers: Sequence[Any], on: date,
                  violation_code: str, facts: Mapping[str, object]) -> Any:
    return transfers.open_transfer(source, actor=case_team(actor), report=report,
                                   officers=officers, on=on, violation_code=violation_code,
                                   facts=facts)


def transfers_of(case: Any) -> list[Any]:
    from fazhi.transfers.models import Transfer

    return list(Transfer.objects.filter(source=case).select_related("case").order_by("case_id"))
