"""Read side: the agency's cases (the one visibility filter) and what is public."""

from django.db.models import QuerySet
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.core.modules import SearchHit
from fazhi.org.actors import Actor


def for_staff(actor: Actor) -> QuerySet[Case]:
    return Case.objects.visible_to(actor).filter(procedure="example").order_by("-pk")


def published() -> QuerySet[Case]:
    """Finished cases are public by their number and subject (never the applicant)."""
    return Case.objects.filter(procedure="example", is_open=False).order_by("-pk")


def search(query: str, limit: int) -> list[SearchHit]:
    return [SearchHit(title=c.title, url=reverse("example_app:public"), snippet=c.number,
                      kind="示例事项", date=c.received_on)
            for c in published().filter(title__icontains=query)[:limit]]
