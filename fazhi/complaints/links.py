"""Links of complaints to the rest of the platform without importing another procedure app:

* a report's lead goes to enforcement through `fazhi.subjects.signals.report_to_lead`
  (sent by `effects.open_case`; enforcement's receiver registers the lead);
* an entity's credit view hears how often the business was complained about and reported
  (`entity_facts`, answered here from `queries.entity_counts`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from fazhi.complaints import queries
from fazhi.complaints.limits import REPEAT_MONTHS


def entity_facts(sender: Any, *, entity: Any, today: date | None = None,
                 **kwargs: Any) -> list[tuple[str, int]]:
    counts = queries.entity_counts(entity.uscc, today or timezone.localdate())
    return [(f"近{REPEAT_MONTHS}个月消费投诉", counts["complaints"]),
            (f"近{REPEAT_MONTHS}个月举报", counts["reports"])]
