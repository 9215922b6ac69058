"""The one write path of inspection plans: every plan change goes through `act`, which locks
the plan row, checks the command against procedure.COMMANDS (state and role), applies the
change and appends a hash-chained event (core.Event), all in one transaction (the lottery
pattern; ADR 0009). The command modules (plans, notary_steps, team_draw, recusals, results)
use it.
"""

from __future__ import annotations

from collections.abc import Callable

from fazhi.core.chains import append_event, chain_problems, deferred_value, run_command
from fazhi.core.errors import Forbidden
from fazhi.core.models import Event
from fazhi.inspections.models import Plan
from fazhi.inspections.procedure import COMMANDS, NOTARY, PLANNERS
from fazhi.org.actors import Actor


def authorise_action(plan: Plan, actor: Actor, action: str) -> None:
    command = COMMANDS[action]
    label = command.label
    if actor.kind != "staff":
        raise Forbidden(f"您没有执行“{label}”的权限")
    as_planner = (bool(command.roles & PLANNERS) and actor.has_any(PLANNERS)
                  and actor.agency_id == plan.lead_agency_id)
    # A plan that named no supervising office may be witnessed by any notary, but only a
    # named office may declare it void (as for lotteries, issue 10 item 18).
    named = plan.notary_agency_id is not None and actor.agency_id == plan.notary_agency_id
    as_notary = (NOTARY in command.roles and NOTARY in actor.roles
                 and (named or (plan.notary_agency_id is None and action != "void")))
    if not (as_planner or as_notary):
        raise Forbidden(f"您不是本计划发起机关的工作人员或监督人员，不能执行“{label}”")


def append_to_history(plan: Plan, action: str, actor: Actor, payload: dict) -> Event:
    return append_event(plan, action, actor, payload)


# Frozen artefacts: megabytes each at city scale, written once; commands leave them
# unread unless they need them (`artefact_text`), so they are not rewritten either.
ARTEFACTS = ("directory_file", "roster_file", "conflicts_file", "result_json", "teams_json")


def artefact_text(plan: Plan, name: str) -> str:
    return deferred_value(plan, name)  # type: ignore[return-value]


def act(pk: int, action: str, actor: Actor, change: Callable[[Plan], dict | None], *,
         authorise: Callable[[Plan], None] | None = None) -> Plan:
    return run_command(Plan, pk, action, COMMANDS[action], actor,
                       noun="计划", change=change, defer=ARTEFACTS,
                       authorise=authorise or (lambda plan: authorise_action(plan, actor, action)))


def verify_chain(plan: Plan) -> list[str]:
    """Problems in the plan's event chain (empty when intact)."""
    return chain_problems(plan)
