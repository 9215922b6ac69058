"""Stored dates recomputed when a calendar year is loaded (DESIGN.md §2 principles 3–4).

Runs in `holidays.services.load_year`'s transaction (signal `calendar_loaded`), so a failure
rolls the load back with it. Running clocks are the engine's (`cases.clocks`); this module
covers what the normative procedures store besides them:

* an open comment period whose last day was checked against an estimated calendar: the
  minimum is checked again, and a period now too short is extended through the engine
  (`extend_comment`, in the document's history) — never shortened;
* the filing clock, finished when the document is filed (the engine recomputes running
  clocks only), and each filing's lateness, which compares the filing date with it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from fazhi.cases.clocks import recompute_clocks
from fazhi.cases.engine import advance
from fazhi.cases.models import Clock
from fazhi.normative import drafting
from fazhi.normative import models as m
from fazhi.org.actors import Actor

FINISHED = (Clock.MET, Clock.MISSED)
EXTENDED_BY = "系统（放假安排公布后重新计算）"


def recompute_after_calendar_load(year: int) -> int:
    """Recompute every stored date that may depend on `year`; the number changed."""
    return _comment_periods(year) + _filings(year)


def _touches(year: int) -> date:
    return date(year - 1, 1, 1)  # the engine's window: a date from the year before on


def _comment_periods(year: int) -> int:
    docs = m.NormativeDocument.objects.filter(status=m.COMMENTING).filter(
        Q(comment_close_provisional=True) | Q(comment_closes_on__gte=_touches(year)))
    changed = 0
    for doc in docs:
        minimum = drafting.minimum_comment_close(doc, doc.comment_opens_on)
        if doc.comment_closes_on < minimum.last_day:
            advance(doc.case_id, "extend_comment", Actor.system(EXTENDED_BY), {
                "closes_on": minimum.last_day.isoformat(),
                "reason": f"{minimum.basis}；{year}年放假安排公布后重新计算，原截止日"
                          f"{doc.comment_closes_on:%Y年%m月%d日}不足最短期限"})
            changed += 1
        elif doc.comment_close_provisional != minimum.provisional:
            m.NormativeDocument.objects.filter(pk=doc.pk).update(
                comment_close_provisional=minimum.provisional)
            changed += 1
    return changed


def _filings(year: int) -> int:
    clocks = Clock.objects.filter(code=m.FILING_CLOCK, state__in=FINISHED).filter(
        Q(provisional=True) | Q(due_on__gte=_touches(year)))
    doc_ids = list(clocks.values_list("case_id", flat=True))
    if not doc_ids:
        return 0
    changed = recompute_clocks(Clock.objects.filter(code=m.FILING_CLOCK, case_id__in=doc_ids,
                                                    state__in=FINISHED))
    due = {}
    for clock in Clock.objects.filter(code=m.FILING_CLOCK, case_id__in=doc_ids):
        # met or missed as the engine decides when a clock finishes (Step._finish)
        state = Clock.MET if clock.finished_on <= clock.due_on else Clock.MISSED
        if clock.state != state:
            Clock.objects.filter(pk=clock.pk).update(state=state)
        due[clock.case_id] = clock.due_on
    for filing in m.Filing.objects.filter(document_id__in=doc_ids):
        late = filing.filed_on > due[filing.document_id]
        if filing.is_late != late:
            m.Filing.objects.filter(pk=filing.pk).update(is_late=late)
            changed += 1
    return changed
