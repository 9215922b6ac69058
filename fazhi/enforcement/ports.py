"""The shared enforcement parts this procedure uses (BRIEF-shared-floor.md interfaces):
powers (certificates, reviewers, competence), discretion (benchmarks, exemption lists) and
transfers (suspected crimes). Each is called through this module so that the procedure
reads the same whether or not a part is installed, and tests can stand in for one.

Until a part is merged, a fallback answers for it:
* powers → the officers' directory (`subjects.Officer`): in post, certificate valid on the
  day, category among the officer's qualifications, at least `minimum` officers; no
  reviewer qualification is known (None: allowed);
* discretion → no benchmark and no exemption list published (None);
* transfers → no thresholds held (no suspicion), and nothing settled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi.core.i18n import local

ART_42 = "《行政处罚法》第四十二条"

try:  # powers: fazhi/powers/checks.py
    from fazhi.powers import checks as _powers
except ImportError:  # pragma: no cover - depends on the merge
    _powers = None
try:  # discretion: fazhi/discretion/services.py
    from fazhi.discretion import services as _discretion
except ImportError:  # pragma: no cover
    _discretion = None
try:  # transfers: fazhi/transfers/services.py
    from fazhi.transfers import services as _transfers
except ImportError:  # pragma: no cover
    _transfers = None


def acting_refusal(officers: Sequence[Any], *, category: str, on: date,
                   minimum: int = 2) -> str | None:
    """Why these officers may not act in this category on `on` (None: they may)."""
    if _powers is not None:
        return _powers.acting_refusal(officers, category=category, on=on, minimum=minimum)
    return _directory_refusal(officers, category=category, on=on, minimum=minimum)


def _directory_refusal(officers: Sequence[Any], *, category: str, on: date,
                       minimum: int) -> str | None:
    for officer in officers:
        if not officer.active:
            return local("执法人员{name}（{no}）不在岗，不得从事执法活动").format(
                name=officer.name, no=officer.cert_no)
        if officer.cert_valid_until < on:
            return local("执法人员{name}的执法证（{no}）已于{until}过期（{basis}）").format(
                name=officer.name, no=officer.cert_no, until=officer.cert_valid_until.isoformat(),
                basis=ART_42)
        if category and category not in (officer.qualifications or []):
            return local("执法人员{name}的执法证（{no}）不含“{category}”执法类别").format(
                name=officer.name, no=officer.cert_no, category=category)
    if len({o.pk for o in officers}) < minimum:
        return local("执法人员不得少于{n}人（{basis}）").format(n=minimum, basis=ART_42)
    return None


def reviewer_refusal(user: Any, *, on: date) -> str | None:
    if _powers is not None:
        return _powers.reviewer_refusal(user, on=on)
    return None


def assess(agency: Any, violation_code: str, facts: Mapping[str, object], *, on: date) -> Any:
    if _discretion is not None:
        return _discretion.assess(agency, violation_code, facts, on=on)
    return None


def deviation(assessment: Any, proposed_fine: Decimal | None, kinds: Sequence[str]) -> str | None:
    if _discretion is not None and assessment is not None:
        return _discretion.deviation(assessment, proposed_fine, kinds)
    return None


def exemption(agency: Any, violation_code: str, facts: Mapping[str, object], *, on: date) -> Any:
    if _discretion is not None:
        return _discretion.exemption(agency, violation_code, facts, on=on)
    return None


def suspected(violation_code: str, facts: Mapping[str, object], *, on: date) -> tuple[str, ...]:
    if _transfers is not None:
        return tuple(_transfers.suspected(violation_code, facts, on=on))
    return ()


def settled(source: Any) -> bool:
    if _transfers is not None:
        return bool(_transfers.settled(source))
    return False
