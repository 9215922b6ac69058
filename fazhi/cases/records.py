"""The records behind an indicator that counts cases (the default record kind of
fazhi.core.indicators): visible through the one case filter, labelled in the procedure's
Chinese terms, linked to the workspace case page; a published report freezes only case
numbers, agencies and the case's published (redacted) record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse

from fazhi.cases import procedure
from fazhi.cases.querysets import visible_q
from fazhi.core.indicators import RecordKind
from fazhi.publication.models import PublishedRecord

if TYPE_CHECKING:
    from fazhi.org.actors import Actor


def case_labels(case: Any) -> tuple[str, str]:
    """(state label, outcome label) of a case in its procedure's Chinese terms, by the
    case's own procedure version (labels may change between versions)."""
    for version in (case.procedure_version, None):
        try:
            proc = procedure.get(case.procedure, version)
        except KeyError:
            continue
        return proc.state_label(case.state), proc.outcomes.get(case.outcome, case.outcome or "")
    return case.state, case.outcome or ""


def visible(records: QuerySet, actor: Actor) -> QuerySet:
    return records.filter(visible_q(actor))


def row(case: Any) -> dict[str, Any]:
    state, outcome = case_labels(case)
    return {"label": case.number, "agency": case.agency.name, "date": case.received_on,
            "state": state, "outcome": outcome,
            "url": reverse("workspace:case", args=[case.pk])}


def public_rows(records: QuerySet) -> list[dict[str, Any]]:
    """Case numbers, agencies and the case's published (already redacted) record, if any."""
    published = dict(PublishedRecord.objects.live()
                     .filter(case__in=records.values("pk")).values_list("case_id", "pk"))
    return [{"key": pk, "label": number, "agency": agency, "published": published.get(pk)}
            for pk, number, agency in records.order_by("pk")
            .values_list("pk", "number", "agency__name")]


# Cases of any procedure: visible through the one case filter, linked to the case page.
CASES = RecordKind(visible=visible, row=row, public_rows=public_rows,
                   related=("agency",))
