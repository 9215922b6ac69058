"""Tick jobs: deemed acceptance when the 5 WD review lapses (第三十条第二款), through the
engine and idempotently (a second run finds nothing left to do)."""

from datetime import date

from fazhi.cases.engine import advance
from fazhi.cases.models import Case, Clock
from fazhi.core.errors import DomainError
from fazhi.core.tick import job
from fazhi.org.actors import Actor
from fazhi.reconsideration.limits import LIMITS


def lapsed_reviews(today: date):
    """Cases still under acceptance review whose 5 WD ran out before today."""
    ids = Clock.objects.filter(code=LIMITS["accept"].code, state=Clock.RUNNING,
                               due_on__lt=today).values("case_id")
    return Case.objects.filter(pk__in=ids, procedure="reconsideration", state="received")


@job("reconsideration.deemed_acceptance")
def deem_accepted(today: date) -> str:
    done = failed = 0
    for case in lapsed_reviews(today).only("pk"):
        try:
            advance(case.pk, "deem_accepted", Actor.system(), {"note": "受理审查期限届满"},
                    today=today)
            done += 1
        except DomainError:  # changed meanwhile; the next tick retries
            failed += 1
    return f"{done} application(s) deemed accepted" + (f", {failed} failed" if failed else "")
