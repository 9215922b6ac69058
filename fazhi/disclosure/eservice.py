"""Serving the reply electronically (fazhi.delivery): the applicant's consent from the
application form, the reply document ready to serve, and the service date the delivery
yields recorded as the reply's (国办公开办函〔2016〕235号: the reply is made on its service)."""

from __future__ import annotations

from datetime import date

from fazhi.cases.engine import advance
from fazhi.cases.models import Case
from fazhi.core import pdf
from fazhi.core.errors import DomainError
from fazhi.delivery import services as delivery
from fazhi.delivery.models import Delivery
from fazhi.disclosure.procedure import Application
from fazhi.org.actors import Actor

REPLY_TITLE = "政府信息公开申请答复书"


def party(case: Case) -> delivery.Party | None:
    detail = getattr(case, "disclosure", None)
    if detail is None:
        return None
    return delivery.Party(key=f"disclosure:{case.number}", name=detail.applicant_name,
                          email=detail.email, phone=detail.phone)


def consent(case: Case, app: Application, actor: Actor) -> None:
    """The applicant ticked 同意电子送达: the portal inbox (the receipt code opens it), and
    the e-mail address given, when there is one."""
    channels = ["portal", "email"] if app.email else ["portal"]
    delivery.give_consent(party=party(case), channels=channels, case=case, email=app.email,
                          how="online" if actor.kind == "public" else "signed_form",
                          actor=actor)


def reply_document(case: Case) -> delivery.Servable | None:
    """The reply, once made and until served."""
    if case.state != "replied":
        return None
    detail = case.disclosure
    blocks = [pdf.Paragraph(f"{detail.applicant_name}："),
              *(pdf.Paragraph(line) for line in detail.reply_text.splitlines() if line.strip()),
              pdf.Paragraph(f"{case.agency.name}"),
              pdf.Paragraph(f"{detail.replied_on:%Y年%m月%d日}" if detail.replied_on else "")]
    content = pdf.pdf_document(REPLY_TITLE, blocks, subject=case.number)
    return delivery.Servable(title=f"{REPLY_TITLE}（{case.number}）", content=content,
                             filename=f"reply-{case.number}.pdf", party=party(case))


def served(item: Delivery) -> None:
    """Record the reply's service with the delivery's date (by post: the posting date,
    235号)."""
    case = Case.objects.get(pk=item.case_id)
    if case.state != "replied":
        return  # served by other means meanwhile
    on = item.posted_on if item.channel == "post" else item.served_on
    advance(case, "serve", Actor.system("电子送达"),
            {"method": "post" if item.channel == "post" else "electronic",
             "served_on": on.isoformat()})


def demo_replies(actor_for, today: date, n: int) -> int:
    """Demo only (fazhi.delivery's builder): reply to up to `n` requests being processed, so
    that a small demo city has replies to serve."""
    done = 0
    # requests neither overdue nor extended, newest first: the demo keeps those states
    processing = list(Case.objects.filter(
        procedure="disclosure", state="processing", received_on__lte=today, due_on__gte=today,
        disclosure__extended_on__isnull=True).order_by("-received_on", "-pk"))
    for case in processing[:max(0, min(n, len(processing) - 2))]:  # some stay in processing
        actor = actor_for(case)
        if actor is None:
            continue
        try:
            advance(case, "reply", actor, {"answer_type": "A2", "ground": "",
                                           "text": "经审查，现将您申请的政府信息提供给您。"},
                    today=today)
        except DomainError:  # e.g. the agency signs replies off internally: left to that chain
            continue
        done += 1
    return done


def register() -> None:
    delivery.serves("disclosure", delivery.Serves(
        party=party, document=reply_document, ready_states=frozenset({"replied"}),
        prepare=demo_replies))
    delivery.on_served("disclosure", served)
