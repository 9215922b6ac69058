"""The petition told of the people's mediation it was referred to (访调对接, domain §6.3;
`fazhi.cases.signals.mediation_concluded`, sent by the mediation app, which this app does
not import): an agreement reached closes the accepted petition as settled (《信访工作条例》
第三十三条: a mediation agreement ends the matter)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.cases.engine import advance
from fazhi.cases.models import Case
from fazhi.org.actors import Actor


def on_mediated(sender: Any, *, kind: str, number: str, result: str, mediation: str,
                agreement: str = "", today: date | None = None, **kwargs: Any) -> str:
    if kind != "petition" or result != "agreed":
        return ""
    case = Case.objects.filter(number=number, procedure="petition", state="accepted").first()
    if case is None:
        return ""
    text = f"人民调解协议（{mediation}）：{agreement}"[:20000]
    advance(case, "settle", Actor.system("人民调解协议"), {"agreement": text}, today=today)
    return f"信访事项{number}已以调解协议办结"
