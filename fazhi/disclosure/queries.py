"""Read side of disclosure: named querysets, all behind the one visibility filter."""

from datetime import date

from django.db.models import QuerySet

from fazhi.cases.models import Case
from fazhi.cases.querysets import visible_q
from fazhi.disclosure.models import DisclosureRequest
from fazhi.org.actors import Actor
from fazhi.publication.models import PublishedRecord


def for_actor(actor: Actor | None) -> QuerySet[DisclosureRequest]:
    return DisclosureRequest.objects.filter(visible_q(actor, "case__")).select_related(
        "case", "case__agency")


def cases_for(actor: Actor | None) -> QuerySet[Case]:
    return Case.objects.visible_to(actor).filter(procedure="disclosure")


def overdue(actor: Actor | None, today: date) -> QuerySet[Case]:
    return cases_for(actor).open().filter(due_on__lt=today)


def published() -> QuerySet[PublishedRecord]:
    return PublishedRecord.objects.live().filter(kind="disclosure.reply").select_related("agency")
