"""The petition told of the people's mediation it was referred to (访调对接, domain §6.3;
`fazhi.cases.signals.mediation_concluded`, sent by the mediation app, which this app does
not import): an agreement reached closes the accepted petition as settled (《信访工作条例》
第三十三条: a mediation agreement ends the matter). And the petition routed to administrative
reconsideration told of the application registered for it (`petition_routed`, sent by the
reconsideration app): it follows that case."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.cases.engine import advance, record
from fazhi.cases.models import Case
from fazhi.cases.parties import party_key
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


# -- routed to administrative reconsideration (诉访分离, 《信访工作条例》第三十一条) -------------
LINKED = "reconsideration:linked"


def on_routed(sender: Any, *, number: str, petitioner_id: str, reconsideration: str,
              today: date | None = None, **kwargs: Any) -> str:
    """The reconsideration application registered for a petition routed there: the petition
    (classified "administrative", hence closed as routed) records the case it now follows.
    Only the petitioner's own petition links: the applicant's number keys to the petition's
    party key (fazhi.cases.parties: NFKC-normalised, then validated)."""
    case = (Case.objects.filter(number=number, procedure="petition", state="routed",
                                petition__route="administrative")
            .select_related("petition").first())
    if case is None or not case.party_key or case.party_key != party_key(petitioner_id):
        return ""
    record(case, LINKED, Actor.system("行政复议"),
           lambda _: ({"reconsideration_case": reconsideration}, []))
    return f"信访事项{number}已导入行政复议"


def reconsideration_of(case: Case) -> Case | None:
    """The reconsideration case a routed petition follows (its latest link), if any."""
    import json

    entry = case.events.filter(action=LINKED).order_by("-seq").first()
    if entry is None:
        return None
    number = json.loads(entry.payload).get("reconsideration_case", "")
    return Case.objects.filter(number=number, procedure="reconsideration").first()
