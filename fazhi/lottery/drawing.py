"""The draw and its publication: selections recorded and the selected told (through the
notification outbox), claims, and unclaimed places passed to alternates in order.
"""

from datetime import datetime, timedelta

from fazhi.core import notarised
from fazhi.core.errors import NotAllowed, NotFound
from fazhi.law import draws
from fazhi.lottery.commands import act, current_time
from fazhi.lottery.models import Lottery, Registration, Selection
from fazhi.lottery.notary_steps import NOTARY_STEPS
from fazhi.lottery.registration import checked_identifier, local_time, round_name
from fazhi.lottery.rounds import spec_for
from fazhi.notifications.services import IMMEDIATE_MAX, notify
from fazhi.org.actors import Actor


def draw(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    """Run draw-v1 on the frozen pool, the sources and r_N; record winners and alternates."""
    now = current_time(now)

    def change(lot: Lottery) -> dict:
        NOTARY_STEPS.require_reveal(lot)
        notarised.resolve(spec_for(lot).sources, lot.source_values)
        try:
            result = draws.run_draw(spec_for(lot), lot.pool_file.encode("utf-8"),
                                    lot.source_values, bytes.fromhex(lot.notary_reveal),
                                    bytes.fromhex(lot.notary_commitment))
        except draws.DrawError as exc:
            raise NotAllowed(f"摇号未能执行：{exc}") from None
        NOTARY_STEPS.check_frozen(lot.file_hash, result.commitment["file_hash"])
        lot.result_json = result.to_json().decode("utf-8")
        lot.drawn_at = now
        _record_selections(lot, result.pools)
        return {"seed": result.seed.hex(), "result_sha256": draws.file_hash(
            lot.result_json.encode("utf-8")).hex()}

    return act(pk, "draw", actor, change)


def _record_selections(lot: Lottery, pools: list[dict]) -> None:
    by_code = dict(Registration.objects.filter(lottery=lot).values_list("code", "pk"))
    rows = []
    for pool in pools:
        for kind, entries in ((Selection.WINNER, pool["winners"]),
                              (Selection.ALTERNATE, pool["alternates"])):
            rows += [Selection(lottery=lot, registration_id=by_code.get(e["code"]), code=e["code"],
                               pool=pool["name"], kind=kind, rank=e["rank"], key=e["key"])
                     for e in entries]
    Selection.objects.bulk_create(rows)


def _phones(selections: list[Selection]) -> dict[int, str]:
    return dict(Registration.objects.filter(
        pk__in=[s.registration_id for s in selections]).values_list("pk", "phone"))


def tell_selected(lot: Lottery, selections: list[Selection], *, how: str = "中签") -> None:
    """An SMS to each newly notified winner: the code and the claim deadline (sensitive:
    the code is half of the "my registration" lookup)."""
    phones, now = _phones(selections), len(selections) <= IMMEDIATE_MAX
    for sel in selections:
        notify(kind="lottery.winner", to=phones.get(sel.registration_id, ""), sensitive=True,
               ref=f"lottery:{lot.pk}", immediate=now,
               body=f"您在{round_name(lot)}摇号中{how}（申请编码 {sel.code}），请于 "
                    f"{local_time(sel.claim_deadline)} 前凭本人身份证原件和本短信领取，逾期视为放弃。")


def tell_withdrawn(lot: Lottery, selections: list[Selection]) -> None:
    """A notified winner whom an upheld appeal's recomputation no longer lists as one."""
    phones, now = _phones(selections), len(selections) <= IMMEDIATE_MAX
    for sel in selections:
        notify(kind="lottery.withdrawn", to=phones.get(sel.registration_id, ""),
               ref=f"lottery:{lot.pk}", immediate=now,
               body=f"经异议复核并按公告规则重新计算，您在{round_name(lot)}摇号的中签通知撤销，"
                    "更正结果已在摇号结果页公布。如有疑问，请联系组织机关。")


def publish(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    """Publish the result and text every winner through the notification outbox."""
    now = current_time(now)

    def change(lot: Lottery) -> dict:
        lot.published_at = now
        deadline = now + timedelta(hours=lot.claim_hours)
        winners = Selection.objects.filter(lottery=lot, kind=Selection.WINNER)
        notified = winners.update(status=Selection.NOTIFIED, notified_at=now,
                                  claim_deadline=deadline)
        tell_selected(lot, list(winners))
        return {"notified": notified, "claim_deadline": deadline.isoformat()}

    return act(pk, "publish", actor, change)


def claim(actor: Actor, pk: int, code: str, *, now: datetime | None = None) -> Lottery:
    now = current_time(now)
    code = checked_identifier(code, "code")

    def change(lot: Lottery) -> dict:
        sel = Selection.objects.filter(lottery=lot, code=code).first()
        if sel is not None and sel.status == Selection.UNCLAIMED:
            raise NotAllowed("已超过领取期限，名额已按规则转给候补")
        if sel is None or sel.status != Selection.NOTIFIED:
            raise NotAllowed("该申请编码不是待领取的中签编码")
        if now > sel.claim_deadline:
            raise NotAllowed("已超过领取期限，名额已按规则转给候补")
        sel.status, sel.claimed_at = Selection.CLAIMED, now
        sel.save(update_fields=["status", "claimed_at"])
        return {"code": code}

    return act(pk, "claim", actor, change)


def expire_claims(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    """Unclaimed past the deadline → the next alternates of that pool, in rank order."""
    now = current_time(now)

    def change(lot: Lottery) -> dict:
        expired = list(Selection.objects.filter(lottery=lot, status=Selection.NOTIFIED,
                                                claim_deadline__lt=now).order_by("pool", "rank"))
        promoted = []
        for sel in expired:
            sel.status = Selection.UNCLAIMED
            sel.save(update_fields=["status"])
            nxt = (Selection.objects.filter(lottery=lot, pool=sel.pool, kind=Selection.ALTERNATE,
                                            status=Selection.WAITING).order_by("rank").first())
            if nxt is not None:
                nxt.status, nxt.promoted, nxt.notified_at = Selection.NOTIFIED, True, now
                nxt.claim_deadline = now + timedelta(hours=lot.claim_hours)
                nxt.save(update_fields=["status", "promoted", "notified_at", "claim_deadline"])
                tell_selected(lot, [nxt], how="由候补递补为中签")
                promoted.append({"pool": sel.pool, "for": sel.code, "alternate": nxt.code,
                                 "rank": nxt.rank})
        return {"unclaimed": [s.code for s in expired], "promoted": promoted}

    return act(pk, "expire_claims", actor, change)


def published_round(pk: int) -> Lottery:
    lot = Lottery.objects.filter(pk=pk).first()
    if lot is None:
        raise NotFound("摇号不存在")
    return lot
