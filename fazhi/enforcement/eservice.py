"""Serving the advance notice and the decision through `fazhi.delivery` (电子送达,
《行政处罚法》第六十一条第二款: with the party's consent and signed confirmation). The service
date the delivery yields advances the case: `notify` (the notice's service starts the
defence and hearing-request periods) or `serve` with channel electronic (the decision's
service starts the payment period). As `fazhi.disclosure.eservice` does for replies."""

from __future__ import annotations

from fazhi.cases import tracking
from fazhi.cases.engine import advance
from fazhi.cases.models import Case
from fazhi.core import pdf
from fazhi.delivery import services as delivery
from fazhi.delivery.models import POST, Delivery
from fazhi.enforcement import documents, effects
from fazhi.org.actors import Actor

NOTICE_TITLE, DECISION_TITLE = "行政处罚事先告知书", "行政处罚决定书"
READY = frozenset({"proposed", "decided"})


def party(case: Case) -> delivery.Party | None:
    """The case's party; a consent is given for this case (the confirmation form is signed
    per case, 送达地址确认书)."""
    p = getattr(case, "penalty", None)
    if p is None:
        return None
    return delivery.Party(key=f"penalty:{case.number}", name=p.party_name)


def document(case: Case) -> delivery.Servable | None:
    """The advance notice while the proposal waits to be notified; the decision once made
    and until served."""
    found = party(case)
    if found is None or case.state not in READY:
        return None
    p = case.penalty
    if case.state == "proposed":
        title, lines = NOTICE_TITLE, documents.notice_body(
            case, {"hearing_eligible": effects.hearing_eligible(p)})
        name = "notice"
    else:
        title, lines, name = DECISION_TITLE, documents.decision_body(case, tracking.last_payload(case, "decide")), "decision"
    blocks = [*(pdf.Paragraph(line) for line in lines), pdf.Paragraph(case.agency.name)]
    content = pdf.pdf_document(title, blocks, subject=case.number)
    return delivery.Servable(title=f"{title}（{case.number}）", content=content,
                             filename=f"{name}-{case.number}.pdf", party=found)


def served(item: Delivery) -> None:
    """The delivery's service date advances the case (by post: the date of receipt the
    return slip shows)."""
    case = Case.objects.get(pk=item.case_id)
    on = (item.served_on or item.posted_on).isoformat()
    actor = Actor.system("电子送达" if item.channel != POST else "邮寄送达")
    if _stale(case, item):
        return  # a notice of an earlier proposal, served after the proposal was revised
    if case.state == "proposed":
        advance(case, "notify", actor, {
            "served_on": on, "content": f"{item.document_title}（SHA-256 {item.sha256}）"})
    elif case.state == "decided":
        advance(case, "serve", actor,
                {"served_on": on, "channel": "post" if item.channel == POST else "electronic"})


def _stale(case: Case, item: Delivery) -> bool:
    """The document was sent before the step that made the current one (a revised proposal
    after a failed review, 第五十八条, is notified anew; its old notice does not count)."""
    actions = {"proposed": ("conclude", "revise_proposal"), "decided": ("decide",)}
    event = case.events.filter(action__in=actions.get(case.state, ())).order_by("-seq").first()
    return event is not None and item.sent_at < event.at_datetime


def register() -> None:
    delivery.serves("penalty", delivery.Serves(party=party, document=document,
                                               ready_states=READY))
    delivery.on_served("penalty", served)
