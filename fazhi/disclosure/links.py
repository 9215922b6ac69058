"""The disclosure case told of a reconsideration decision on its reply
(`fazhi.cases.signals.act_reviewed`, sent by the reconsideration app, which this app does
not import): a revocation with an order to reply again, or an order to perform, reopens the
closed request (《行政复议法》第六十四条、第六十六条)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.cases.engine import advance
from fazhi.cases.models import Case
from fazhi.org.actors import Actor

REOPENING = frozenset({"revoke", "partial_revoke", "order_performance"})


def on_reviewed(sender: Any, *, number: str, kind: str, redo: bool, decision_no: str,
                served_on: date, redo_days: int | None = None, today: date | None = None,
                **kwargs: Any) -> str:
    if kind not in REOPENING or (kind != "order_performance" and not redo):
        return ""
    case = Case.objects.filter(number=number, procedure="disclosure", state="closed").first()
    if case is None:
        return ""
    advance(case, "reopen", Actor.system("行政复议决定"),
            {"decision_no": decision_no, "kind": kind, "served_on": served_on.isoformat(),
             "redo_days": redo_days}, today=today or served_on)
    return f"政府信息公开申请{number}已重新办理"
