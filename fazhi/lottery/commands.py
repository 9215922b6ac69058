"""The one write path of lotteries: every state change goes through `act`, which locks the
round's row, checks the command against procedure.COMMANDS (state and role), applies the
change and appends a hash-chained event (core.Event), all in one transaction. The command
modules (rounds, notary_steps, drawing, appeals) use it; registration is the exception
by design (see fazhi.lottery.registration).
"""

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from fazhi.core.chains import append_event, chain_problems, run_command
from fazhi.core.errors import Forbidden
from fazhi.core.models import Event
from fazhi.lottery.models import Lottery
from fazhi.lottery.procedure import ADMIN, COMMANDS, NOTARY
from fazhi.org.actors import Actor


def current_time(now: datetime | None) -> datetime:
    return now or timezone.now()


def authorise_action(lot: Lottery, actor: Actor, action: str) -> None:
    command = COMMANDS[action]
    if actor.kind == "system":
        if "system" not in command.roles:
            raise Forbidden(f"系统不能自动执行“{command.label}”")
        return
    if actor.kind == "public":
        if "public" not in command.roles:
            raise Forbidden(f"您没有执行“{command.label}”的权限")
        return
    wanted = command.roles & {ADMIN, NOTARY}
    if not actor.has_any(frozenset(wanted)):
        raise Forbidden(f"您没有执行“{command.label}”的权限")
    # An organiser admin acts for their own agency; a notary only for the office the
    # announcement named (a round that named none has no notary: its organiser voids it).
    as_admin = ADMIN in wanted and ADMIN in actor.roles and actor.agency_id == lot.agency_id
    as_notary = (NOTARY in wanted and NOTARY in actor.roles
                 and lot.notary_agency_id is not None
                 and actor.agency_id == lot.notary_agency_id)
    if not (as_admin or as_notary):
        raise Forbidden(f"您不是本次摇号的组织机关或监督公证机构人员，不能执行“{command.label}”")


def append_to_history(lot: Lottery, action: str, actor: Actor, payload: dict) -> Event:
    return append_event(lot, action, actor, payload)


def act(pk: int, action: str, actor: Actor, change: Callable[[Lottery], dict | None]) -> Lottery:
    return run_command(Lottery, pk, action, COMMANDS[action], actor,
                       noun="摇号", authorise=lambda lot: authorise_action(lot, actor, action),
                       change=change)


def verify_chain(lot: Lottery) -> list[str]:
    """Problems in the round's event chain (empty when intact)."""
    return chain_problems(lot)
