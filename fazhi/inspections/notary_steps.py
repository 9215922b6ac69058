"""The notarised draw protocol of a plan (fazhi.core.notarised, shared with lotteries): the
supervisor's commitment, the public sources, the reveal, a void when the reveal does not
match, and the re-run.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.utils import timezone

from fazhi.cases.validation import validate
from fazhi.core import notarised
from fazhi.core.errors import InvalidData
from fazhi.inspections.commands import act
from fazhi.inspections.models import Plan
from fazhi.law import draws
from fazhi.org.actors import Actor

# The notary's steps (commit, sources, reveal, void, re-run): shared with lotteries.
NOTARY_STEPS = notarised.NotarisedDraw(
    notarised.Terms(notary="监督人", secret="监督人随机数", commitment="监督人承诺", draw="抽取",
                    rules="计划"),
    void_state=Plan.VOID)


def commit(actor: Actor, pk: int, commitment_hex: str) -> Plan:
    """c_N = H("XM-DRAW-v1/notary" ‖ draw_id ‖ r_N), made offline by the notary."""
    c_n = NOTARY_STEPS.commitment(commitment_hex)
    return act(pk, "commit", actor, lambda plan: NOTARY_STEPS.commit(plan, c_n))


def _source_specs(plan: Plan) -> tuple[draws.SourceSpec, ...]:
    return tuple(draws.SourceSpec(s["id"], tuple(s.get("fallbacks", [])),
                                  s.get("description", "")) for s in plan.sources)


def source_ids(plan: Plan) -> list[str]:
    return notarised.source_ids(_source_specs(plan))


def enter_source(actor: Actor, pk: int, source_id: str, value: str | None, *,
                 evidence: str, now: datetime | None = None) -> Plan:
    now = now or timezone.now()
    value = NOTARY_STEPS.source_value(value)
    if not (evidence or "").strip():
        raise InvalidData("请提供取值来源证据（网址或文字说明）", field="evidence")
    proof = {"text": evidence.strip(), "at": now.isoformat(), "by": actor.label}
    return act(pk, "enter_source", actor, lambda plan: NOTARY_STEPS.enter_source(
        plan, source_id, value, proof, source_ids(plan)))


def resolved(plan: Plan) -> tuple[str, list[dict]]:
    return notarised.resolve(_source_specs(plan), plan.source_values)


def reveal(actor: Actor, pk: int, r_hex: str, *, now: datetime | None = None) -> Plan:
    """r_N after the sources; a mismatch with c_N voids the draw (core.notarised; ADR 0017)."""
    now = now or timezone.now()
    r_n = NOTARY_STEPS.secret(r_hex)
    return act(pk, "reveal", actor,
                lambda plan: NOTARY_STEPS.reveal(plan, r_n, _source_specs(plan), now))


def void(actor: Actor, pk: int, reason: str, *, now: datetime | None = None) -> Plan:
    """Declare the draw void before it is drawn (random-draws.md §5.2: e.g. the notary does
    not reveal); the plan is re-run only with a new commitment and later sources."""
    now = now or timezone.now()
    reason = NOTARY_STEPS.void_reason(reason)

    def change(plan: Plan) -> dict:
        NOTARY_STEPS.void(plan, reason, now)
        return {"void_reason": reason}

    return act(pk, "void", actor, change)


def rerun(actor: Actor, pk: int, sources: list[dict]) -> Plan:
    """After a void draw: the same frozen directory, roster and conflicts, a new attempt
    (draw id …-A2), a new commitment and sources never named or used before."""
    from fazhi.inspections.procedure import SourceRule

    parsed = [validate(SourceRule, s).model_dump() for s in sources]  # type: ignore[union-attr]
    if not parsed:
        raise InvalidData("请列明新的随机源", field="sources")
    ids = [i for s in parsed for i in (s["id"], *s["fallbacks"])]
    if len(set(ids)) != len(ids):
        raise InvalidData("随机源编号（含备用）不得重复", field="sources")

    def change(plan: Plan) -> dict:
        before = source_ids(plan)
        plan.sources = parsed  # a refusal below rolls the command back, this included
        payload = NOTARY_STEPS.rerun(plan, before, source_ids(plan))
        spec = json.loads(plan.spec_json)
        spec["draw_id"], spec["sources"] = plan.draw_id, parsed
        plan.spec_json = draws.canonical_json(spec).decode("utf-8")
        return {**payload, "spec": plan.spec_json}

    return act(pk, "rerun", actor, change)
