"""When a penalty decision is final (生效), so that custody may dispose of the property
seized in the case (registered with `fazhi.custody.finality`).

A served decision becomes unchallengeable once the periods to challenge it have run without
a challenge: 60 days for reconsideration (《行政复议法》（2023）第二十条) and 6 months for a
lawsuit (《行政诉讼法》第四十六条), the longer deciding; or when every reconsideration or
lawsuit the party brought has ended without revoking it. An application to the court for
enforcement presupposes the periods ran (《行政强制法》第五十三条). A revoked decision, or one
not yet served, is never final."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.law.remedies import LITIGATION
from fazhi.law.workdays import corresponding_date


def decision_final(case: Case, today: date | None = None) -> bool:
    penalty = getattr(case, "penalty", None)
    if penalty is None or penalty.decided_on is None or penalty.revoked_on is not None:
        return False
    if any(remedy.get("end") is None for remedy in penalty.remedies):
        return False  # a reconsideration or lawsuit is pending
    if penalty.remedies or case.state == "court":
        return True
    if penalty.served_on is None:
        return False
    today = today or timezone.localdate()
    return today > corresponding_date(penalty.served_on, LITIGATION.value)
