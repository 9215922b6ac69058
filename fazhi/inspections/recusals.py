"""Recusal (回避) after the draw: an inspector with a conflict is replaced on a target's team
by the next eligible inspector, keeping the load even.
"""

from __future__ import annotations

import json

from fazhi.core.errors import InvalidData, NotAllowed, NotFound
from fazhi.inspections import drawing
from fazhi.inspections.commands import act, artefact_text
from fazhi.inspections.models import Conflict, Plan, Recusal, Target, TeamMember
from fazhi.inspections.team_draw import team_rules
from fazhi.law import draws
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.subjects.models import Officer


def recuse(actor: Actor, target_id: int, inspector_id: int, reason: str) -> Recusal:
    """A conflict found later: the next eligible inspector in the target's key order (递补)."""
    if not (reason or "").strip():
        raise InvalidData("请填写回避事由", field="reason")
    target = Target.objects.select_related("plan").filter(pk=target_id).first()
    if target is None:
        raise NotFound("抽中对象不存在")
    out: list[Recusal] = []

    def change(plan: Plan) -> dict:
        member = TeamMember.objects.filter(target_id=target_id, inspector_id=inspector_id,
                                           active=True).select_related("inspector").first()
        if member is None:
            raise NotAllowed("该人员不在此检查对象的检查组中")
        leaving = member.inspector.code
        Conflict.objects.get_or_create(inspector_id=inspector_id, uscc=target.uscc,
                                       defaults={"reason": reason.strip()})
        earlier = set(Recusal.objects.filter(target_id=target_id)
                      .values_list("leaving__code", flat=True))
        later = set(Conflict.objects.filter(uscc=target.uscc)
                    .values_list("inspector__code", "uscc"))
        rules = team_rules(plan, extra_conflicts=later)
        team = tuple(TeamMember.objects.filter(target_id=target_id, active=True)
                     .values_list("inspector__code", flat=True))
        load = _current_load(plan)
        seed = bytes.fromhex(json.loads(artefact_text(plan, "result_json"))["seed"])
        replacement = draws.replace_inspector(
            seed, target.uscc, team, leaving, rules.candidates(target.uscc), rules.capacity,
            load, rules.eligible, excluded=earlier)
        member.active, member.left_reason = False, reason.strip()
        member.save(update_fields=["active", "left_reason"])
        new = None
        if replacement is not None:
            new = Officer.objects.get(code=replacement)
            TeamMember.objects.create(target_id=target_id, inspector=new, via="replacement")
        else:
            Target.objects.filter(pk=target_id).update(
                status=Target.UNASSIGNABLE,
                escalation=f"{leaving} 回避后无符合条件的递补人员，已上报发起机关负责人")
        out.append(Recusal.objects.create(target_id=target_id, leaving=member.inspector,
                                          replacement=new, reason=reason.strip()))
        return {"target": target.uscc, "leaving": leaving, "replacement": replacement,
                "reason": reason.strip()}

    act(target.plan_id, "recuse", actor, change)
    return out[0]


def _current_load(plan: Plan) -> dict[str, int]:
    load: dict[str, int] = {}
    for code in TeamMember.objects.filter(target__plan=plan, active=True).values_list(
            "inspector__code", flat=True):
        load[code] = load.get(code, 0) + 1
    return load


def inspector_counts(plan: Plan) -> list[tuple[str, str, int]]:
    """(code, agency short name, current assignments) for every roster inspector."""
    load = _current_load(plan)
    roster = drawing.parse_roster(plan.roster_file.encode()) if plan.roster_file else []
    names = dict(Agency.objects.values_list("code", "short_name"))
    return [(e.code, names.get(e.agency, e.agency), load.get(e.code, 0)) for e in roster]
