"""The internal sign-off of an action before it goes out (拟办 → 审核 → 签发).

An agency may configure, per procedure and action the procedure lets it route
(`Procedure.signed`, disclosure: the reply), a chain of steps, each taken by a role
(`SignoffChain`, `SignoffStep`). The handler's submission is then a draft (拟办); each
step in order approves it or returns it; the last step signs (签发) and the action is
taken through the engine with the drafted data, as the drafter. Every step is an entry in
the case's history ("signoff:draft", "signoff:approve", "signoff:sign", "signoff:return").
The engine refuses the action taken directly while a chain is configured. An agency
without a chain works as before. Internal practice, not a statutory step (ADR 0026).
"""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from fazhi.cases import engine
from fazhi.cases import procedure as registry
from fazhi.cases.models import Case, Signoff, SignoffChain
from fazhi.cases.validation import validate
from fazhi.core.errors import Forbidden, NotAllowed, NotFound
from fazhi.org import roles
from fazhi.org.actors import Actor

DRAFT, APPROVE, SIGN, RETURN = "signoff:draft", "signoff:approve", "signoff:sign", "signoff:return"
LABELS = {DRAFT: "拟办", APPROVE: "审核通过", SIGN: "签发", RETURN: "退回拟办稿"}


def chain_for(case: Case, action: str) -> list[dict[str, str]]:
    """The agency's steps for this action ([] when it has none), as stored on a draft."""
    proc = registry.get(case.procedure, case.procedure_version)
    if action not in proc.signed:
        return []
    chain = (SignoffChain.objects.filter(agency_id=case.agency_id, procedure=proc.code,
                                         action=action).prefetch_related("steps").first())
    return [{"label": s.label, "role": s.role} for s in chain.steps.all()] if chain else []


def pending(case: Case) -> Signoff | None:
    return case.signoffs.filter(state=Signoff.PENDING).order_by("-id").first()


def draft(case: Case, action: str, actor: Actor, data: dict, today: date) -> Signoff:
    """拟办: the handler's submission, checked as the engine would check it now."""
    steps = chain_for(case, action)
    if not steps:
        raise NotAllowed("本机关未配置该操作的内部签发流程")
    transition = _offered(case, action, actor, today)
    parsed = validate(transition.schema, data)
    payload = parsed.model_dump(mode="json") if parsed is not None else {}

    def make(locked: Case) -> tuple[dict, list]:
        if pending(locked):
            raise NotAllowed("本案已有待签发的拟办稿，请等待审核或退回后再拟办")
        nonlocal made
        made = Signoff.objects.create(case=locked, action=action, data=payload, steps=steps,
                                      drafted_by_id=actor.user_id)
        return {"action": action, "for": transition.label,
                "steps": "→".join(s["label"] for s in steps), **payload}, []

    made: Signoff | None = None
    engine.record(case, DRAFT, actor, make)
    return made


def _offered(case: Case, action: str, actor: Actor, today: date) -> registry.Transition:
    found = {t.action: t for t in engine.actions_for(case, actor, today)}
    if action not in found:
        raise NotAllowed("该操作当前不可办理")
    return found[action]


def _check_step(signoff: Signoff, actor: Actor) -> dict[str, str]:
    """The step this actor may take now: the next one, by its role, in the agency whose
    chain it is."""
    step = signoff.next_step
    if signoff.state != Signoff.PENDING or step is None:
        raise NotAllowed("该拟办稿已办结")
    if step["role"] not in actor.roles or actor.agency_id != signoff.case.agency_id:
        raise Forbidden(f"“{step['label']}”由{roles.LABELS.get(step['role'], step['role'])}办理")
    return step


def _locked_signoff(case: Case, pk: int) -> Signoff:
    found = (Signoff.objects.select_for_update(of=("self",)).select_related("case")
             .filter(case_id=case.pk, pk=pk).first())
    if found is None:
        raise NotFound("拟办稿不存在")
    return found


def approve(case: Case, pk: int, actor: Actor, comment: str, today: date) -> Case:
    """One step approves; the last one signs and the action is taken with the drafted
    data, as its drafter, in the same transaction (a refusal leaves the draft pending)."""
    with transaction.atomic():
        signoff = _locked_signoff(case, pk)
        step = _check_step(signoff, actor)
        last = signoff.passed + 1 == len(signoff.steps)

        def make(locked: Case) -> tuple[dict, list]:
            return {"step": step["label"], "comment": comment[:500]}, []

        engine.record(case, SIGN if last else APPROVE, actor, make)
        signoff.passed += 1
        if last:
            signoff.state = Signoff.DISPATCHED
            drafter = Actor.for_user(User.objects.select_related("staff")
                                     .get(pk=signoff.drafted_by_id))
            case = engine.advance(case.pk, signoff.action, drafter, signoff.data, today=today,
                                  signed=True)
        signoff.save(update_fields=["passed", "state"])
        return case


def send_back(case: Case, pk: int, actor: Actor, comment: str) -> None:
    """Return the draft to the handler with a reason (it may be drafted again)."""
    if not comment.strip():
        raise NotAllowed("退回拟办稿须写明理由")
    with transaction.atomic():
        signoff = _locked_signoff(case, pk)
        step = _check_step(signoff, actor)

        def make(locked: Case) -> tuple[dict, list]:
            return {"step": step["label"], "comment": comment[:500]}, []

        engine.record(case, RETURN, actor, make)
        signoff.state = Signoff.RETURNED
        signoff.save(update_fields=["state"])


def summary(signoff: Signoff | None) -> dict[str, Any] | None:
    """What the case page shows of the pending draft."""
    if signoff is None:
        return None
    return {"signoff": signoff, "next": signoff.next_step,
            "role_label": roles.LABELS.get((signoff.next_step or {}).get("role", ""), ""),
            "done": [s["label"] for s in signoff.steps[:signoff.passed]]}
