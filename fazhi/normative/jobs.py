"""Tick jobs: each finds what is due and does it through the engine, idempotently
(a second run finds nothing left to do)."""

from datetime import date

from fazhi.cases.engine import advance
from fazhi.core.errors import DomainError
from fazhi.core.tick import job
from fazhi.normative import models as m
from fazhi.org.actors import Actor


def _run(docs, action: str, data, today: date) -> tuple[int, int]:
    done = failed = 0
    for doc in docs:
        try:
            advance(doc.case_id, action, Actor.system(), data(doc), today=today)
            done += 1
        except DomainError:  # e.g. changed meanwhile; the next tick retries
            failed += 1
    return done, failed


@job("normative.comment_close")
def close_comment_periods(today: date) -> str:
    docs = m.NormativeDocument.objects.filter(status=m.COMMENTING, comment_closes_on__lt=today)
    done, failed = _run(docs, "close_comment", lambda d: {"note": "征求意见期届满"}, today)
    return f"{done} comment period(s) closed" + (f", {failed} failed" if failed else "")


@job("normative.take_effect")
def take_effect(today: date) -> str:
    docs = m.NormativeDocument.objects.filter(status=m.PUBLISHED, effective_from__lte=today)
    done, failed = _run(docs, "take_effect", lambda d: {}, today)
    return f"{done} document(s) took effect" + (f", {failed} failed" if failed else "")


@job("normative.expire")
def expire(today: date) -> str:
    """有效期届满 (§1.8): in force past valid_until → expired."""
    docs = m.NormativeDocument.objects.filter(status__in=m.LIVE_STATUSES, valid_until__lt=today)
    done, failed = _run(docs, "expire", lambda d: {"valid_until": d.valid_until.isoformat()}, today)
    return f"{done} document(s) expired" + (f", {failed} failed" if failed else "")
