"""Visibility as one queryset filter, used by every list, page, API endpoint and export."""

from django.db import models
from django.db.models import Q

from fazhi.org.actors import Actor


def visible_q(actor: Actor | None, prefix: str = "") -> Q:
    """The Q that limits case rows (or rows reached through `prefix`) to what actor may see."""
    if actor is None or actor.kind != "staff":
        return Q(pk__in=[])
    if actor.city_wide:
        return Q()
    return Q(**{f"{prefix}agency_id": actor.agency_id})


class CaseQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor | None) -> "CaseQuerySet":
        return self.filter(visible_q(actor))

    def open(self) -> "CaseQuerySet":
        # `is_open=True` is written as a bare `WHERE is_open`, which SQLite cannot use as
        # the leading equality of the (agency, is_open, due_on) index; `IN (1)` it can.
        return self.filter(is_open__in=[True])

    def inbox(self) -> "CaseQuerySet":
        """Open cases, earliest due first (overdue naturally first), undated (paused) last."""
        return self.open().order_by(models.F("due_on").asc(nulls_last=True), "id")
