"""Tick jobs: open registration, freeze on time, expire claims, create the next round.

Each is idempotent and time-driven (DESIGN.md §2 principle 7); a refusal (say an empty
pool at the freeze) is reported in the summary and left for staff, never retried blindly.
"""

from datetime import date

from django.utils import timezone

from fazhi.core.errors import DomainError
from fazhi.core.tick import job
from fazhi.lottery import drawing, notary_steps, rounds
from fazhi.lottery.models import Lottery, Selection
from fazhi.org.actors import Actor


def run(now=None) -> dict[str, list[str]]:
    """One sweep at `now`; returns what happened per job (also used by tests)."""
    now = now or timezone.now()
    system = Actor.system("摇号定时任务")
    done: dict[str, list[str]] = {"opened": [], "frozen": [], "expired": [], "next": [],
                                  "refused": []}

    def attempt(kind: str, fn, lot: Lottery) -> None:
        try:
            fn(system, lot.pk, now=now)
            done[kind].append(lot.draw_id)
        except DomainError as exc:
            done["refused"].append(f"{lot.draw_id}: {exc.message}")

    for lot in Lottery.objects.filter(state=Lottery.ANNOUNCED, registration_opens_at__lte=now):
        attempt("opened", rounds.open_registration, lot)
    for lot in Lottery.objects.filter(state=Lottery.OPEN, freeze_at__lte=now):
        attempt("frozen", notary_steps.freeze, lot)
    due = Selection.objects.filter(status=Selection.NOTIFIED, claim_deadline__lt=now)
    for lot in Lottery.objects.filter(pk__in=due.values("lottery_id")):
        attempt("expired", drawing.expire_claims, lot)
    for lot in Lottery.objects.filter(state=Lottery.PUBLISHED, recurrence="daily",
                                      following__isnull=True):
        if lot.last_round_on is None or rounds.next_round_date(lot) <= lot.last_round_on:
            attempt("next", rounds.next_round, lot)
    return done


@job("lottery.sweep")
def sweep(today: date) -> str:
    done = run()
    return "; ".join(f"{k} {len(v)}" for k, v in done.items())
