"""The committee's experts in the browser (《行政复议法》第五十二条, ADR 0049).

An expert of the pool with a sign-in (`Expert.user`) sees the cases they were drawn for
(the draw stored by `draw_committee` in `Reconsideration.committee["chosen"]`), declares a
conflict of interest (回避: the office then redraws) or submits their signed individual
opinion. Both are record entries of the case's hash-chained history written through
`fazhi.cases.engine.record`, with the expert as the actor; the office's `record_opinion`
lists the individual opinions submitted (effects.record_opinion)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fazhi.cases.engine import record
from fazhi.cases.models import Case
from fazhi.core.errors import InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.core.models import Event
from fazhi.org.actors import Actor
from fazhi.reconsideration import models as m
from fazhi.reconsideration.limits import LAW

OPINION, RECUSAL = "reconsideration:expert_opinion", "reconsideration:expert_recusal"
LABELS = {OPINION: "行政复议委员会专家个人意见", RECUSAL: "行政复议委员会专家申请回避",
          "expert": "专家编号", "expert_name": "专家", "opinion": "意见",
          "opinion_sha256": "意见摘要（SHA-256）", "signed": "本人签署确认", "reason": "回避理由",
          "expert_opinions": "专家个人意见"}
SIGNATURE = "本人确认以上意见系本人独立、客观、公正作出，并对其真实性负责"


def expert_of(user) -> m.Expert | None:
    if user is None or not user.is_authenticated:
        return None
    return m.Expert.objects.filter(user=user).first()


def actor_for(expert: m.Expert) -> Actor:
    """The expert acts as an outside person (not staff of any agency), named in the history."""
    return Actor(kind="public", label=f"行政复议委员会专家 {expert.code} {expert.name}",
                 user_id=expert.user_id, roles=frozenset({"expert"}))


def entries(case: Case | int, action: str) -> list[dict[str, Any]]:
    """The record entries `action` of the case, oldest first, as their payloads."""
    pk = case.pk if isinstance(case, Case) else case
    return [json.loads(p) for p in Event.objects.filter(kind="case", owner_id=pk, action=action)
            .order_by("seq").values_list("payload", flat=True)]


def recused(case: Case | int) -> set[str]:
    """Codes of the experts who declared a conflict of interest on this case."""
    return {e["expert"] for e in entries(case, RECUSAL)}


def pending_recusals(r: m.Reconsideration) -> set[str]:
    """Drawn members who declared a conflict and have not been replaced by a redraw."""
    chosen = set(r.committee.get("chosen", []))
    return chosen & recused(r.case_id) if chosen else set()


def opinions(case: Case | int) -> list[dict[str, Any]]:
    return entries(case, OPINION)


def drawn_for(expert: m.Expert) -> list[m.Reconsideration]:
    """The cases this expert is drawn for (the stored draw's chosen members), newest first.
    The committee is a JSON field (SQLite has no JSON containment): filtered here."""
    found = (m.Reconsideration.objects.exclude(committee={}).select_related("case")
             .order_by("-case__opened_at", "-pk"))
    return [r for r in found if expert.code in r.committee.get("chosen", [])]


def case_for(expert: m.Expert, pk: int) -> m.Reconsideration:
    """The case `pk` if the expert is drawn for it; any other case is not found (404)."""
    r = (m.Reconsideration.objects.select_related("case", "respondent", "body")
         .filter(case_id=pk).first())
    if r is None or expert.code not in r.committee.get("chosen", []):
        raise NotFound("案件不存在")
    return r


def status(expert: m.Expert, r: m.Reconsideration) -> str:
    if expert.code in recused(r.case_id):
        return "recused"
    if any(o["expert"] == expert.code for o in opinions(r.case_id)):
        return "submitted"
    return "pending"


def _checked(expert: m.Expert, case: Case) -> m.Reconsideration:
    """Under the case's lock: still drawn, the case still under review, nothing yet said."""
    r = m.Reconsideration.objects.get(case_id=case.pk)
    if expert.code not in r.committee.get("chosen", []):
        raise NotFound("案件不存在")
    if case.state != "reviewing" or r.committee_opinion:
        raise NotAllowed(local("本案已不在征求专家意见阶段"))
    said = status(expert, r)
    if said == "recused":
        raise NotAllowed(local("您已就本案申请回避，不能再提出意见"))
    if said == "submitted":
        raise NotAllowed(local("您已提交本案的个人意见"))
    return r


def submit_opinion(expert: m.Expert, pk: int, opinion: str, signed: bool) -> Case:
    """The expert's signed individual opinion (第五十二条), one per case."""
    opinion = (opinion or "").strip()
    if len(opinion) < 2 or len(opinion) > 20000:
        raise InvalidData(local("请填写个人意见（2至20000字）"), field="opinion")
    if not signed:
        raise InvalidData(local("请勾选签署确认"), field="signed")

    def make(case: Case) -> tuple[dict, list]:
        _checked(expert, case)
        return {"expert": expert.code, "expert_name": expert.name, "opinion": opinion,
                "opinion_sha256": hashlib.sha256(opinion.encode()).hexdigest(),
                "signed": SIGNATURE, "law": f"{LAW}第五十二条"}, []

    return record(pk, OPINION, actor_for(expert), make)


def declare_conflict(expert: m.Expert, pk: int, reason: str) -> Case:
    """回避: the expert has an interest in the case; the office must redraw."""
    reason = (reason or "").strip()
    if len(reason) < 2 or len(reason) > 2000:
        raise InvalidData(local("请填写回避理由（2至2000字）"), field="reason")

    def make(case: Case) -> tuple[dict, list]:
        _checked(expert, case)
        return {"expert": expert.code, "expert_name": expert.name, "reason": reason,
                "law": f"{LAW}第五十二条"}, []

    return record(pk, RECUSAL, actor_for(expert), make)
