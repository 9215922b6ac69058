"""Freezing the pool and the notarised draw protocol (fazhi.core.notarised, shared with
inspection plans): the notary's commitment, the public sources, the reveal, a void when
the reveal does not match, and the re-run.
"""

from datetime import datetime
from typing import Any

from fazhi.cases.validation import validate
from fazhi.core import notarised
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.law import draws
from fazhi.lottery.commands import act, current_time
from fazhi.lottery.models import EntryChange, Lottery, Registration
from fazhi.lottery.rounds import refresh_spec, spec_for
from fazhi.org.actors import Actor


def _void_is_published(lot: Lottery, now: datetime) -> None:
    lot.published_at = now


# The notary's steps (commit, sources, reveal, void, re-run): shared with inspection plans.
NOTARY_STEPS = notarised.NotarisedDraw(
    notarised.Terms(notary="公证员", secret="公证随机数", commitment="公证承诺", draw="摇号",
                    rules="摇号公告"),
    void_state=Lottery.VOID, on_void=_void_is_published)


def _pool_errors(lot: Lottery, sizes: dict[str, int]) -> str | None:
    carry = 0
    for p in lot.pools:
        size = sizes.get(p["name"], 0)
        label = p.get("label") or p["name"]
        if size == 0:
            return f"分组“{label}”没有登记记录，空组不能摇号（请宣布无效或重新公告）"
        wanted = p["quota"] + carry
        if wanted > size and lot.unused_quota == "error":
            return (f"分组“{label}”名额 {wanted} 个，多于登记的 {size} 人；公告规定多余名额"
                    "不得转移，不能摇号")
        carry = wanted - min(wanted, size)
    return None


def freeze(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    """Close registration and commit to the canonical pool file (before any source exists)."""
    now = current_time(now)

    def change(lot: Lottery) -> dict:
        if actor.kind == "system" and now < lot.freeze_at:
            raise NotAllowed("尚未到名单冻结时间")
        rows = list(Registration.objects.filter(lottery=lot).order_by("code")
                    .values_list("code", "pool", "weight"))
        sizes: dict[str, int] = {}
        for _, pool, _ in rows:
            sizes[pool] = sizes.get(pool, 0) + 1
        problem = _pool_errors(lot, sizes)
        if problem:
            raise NotAllowed(problem)
        spec = spec_for(lot)
        try:
            data = draws.build_pool_file(rows, spec.max_weight)
            pool = draws.load_pool(spec, data)
        except draws.WeightError:
            raise InvalidData(f"票数必须是不超过 {spec.max_weight} 的正整数") from None
        except draws.DrawError as exc:
            raise InvalidData(f"名单文件无效：{exc}") from None
        lot.pool_file = data.decode("utf-8")
        lot.file_hash = pool.file_hash.hex()
        lot.merkle_root = pool.merkle_root().hex()
        lot.counts = {p.name: {"records": len(pool.pools[p.name].codes),
                               "tickets": pool.pools[p.name].tickets} for p in spec.pools}
        lot.frozen_at = now
        lot.spec_json = spec.to_json().decode("utf-8")
        # Held changes die with registration (and their new phone numbers with them).
        EntryChange.objects.filter(registration__lottery=lot).delete()
        return {"file_hash": lot.file_hash, "merkle_root": lot.merkle_root,
                "records": len(rows), "counts": lot.counts}

    return act(pk, "freeze", actor, change)


def commit(actor: Actor, pk: int, commitment_hex: str) -> Lottery:
    """The notary's c_N = H("XM-DRAW-v1/notary" ‖ draw_id ‖ r_N), made offline."""
    c_n = NOTARY_STEPS.commitment(commitment_hex)
    return act(pk, "commit", actor, lambda lot: NOTARY_STEPS.commit(lot, c_n))


def source_ids(lot: Lottery) -> list[str]:
    return notarised.source_ids(spec_for(lot).sources)


def enter_source(actor: Actor, pk: int, source_id: str, value: str | None, *,
                 evidence_url: str = "", evidence_text: str = "",
                 screenshot: Any = None, now: datetime | None = None) -> Lottery:
    """Record a published source value with its evidence; None records it as missing."""
    now = current_time(now)
    value = NOTARY_STEPS.source_value(value)
    if not (evidence_url or evidence_text or screenshot):
        raise InvalidData("请提供取值来源证据（网址、截图或文字说明）", field="evidence_text")
    stored = None
    if screenshot is not None:
        from fazhi.cases.files import store_attachment  # content-addressed under MEDIA_ROOT

        stored = store_attachment(screenshot, "lottery_source")

    def change(lot: Lottery) -> dict:
        evidence = {"url": evidence_url, "text": evidence_text, "at": now.isoformat(),
                    "by": actor.label}
        if stored:
            evidence["screenshot"] = {"sha256": stored.sha256, "path": stored.path,
                                      "filename": stored.filename}
        return NOTARY_STEPS.enter_source(lot, source_id, value, evidence, source_ids(lot))

    return act(pk, "enter_source", actor, change)


def reveal(actor: Actor, pk: int, r_hex: str, *, now: datetime | None = None) -> Lottery:
    """The notary reveals r_N after the sources; a mismatch with c_N voids the draw
    (core.notarised; ADR 0017)."""
    now = current_time(now)
    r_n = NOTARY_STEPS.secret(r_hex)
    return act(pk, "reveal", actor,
                lambda lot: NOTARY_STEPS.reveal(lot, r_n, spec_for(lot).sources, now))


def void(actor: Actor, pk: int, reason: str, *, now: datetime | None = None) -> Lottery:
    now = current_time(now)
    reason = NOTARY_STEPS.void_reason(reason)

    def change(lot: Lottery) -> dict:
        NOTARY_STEPS.void(lot, reason, now)
        return {"void_reason": lot.void_reason}

    return act(pk, "void", actor, change)


def rerun(actor: Actor, pk: int, sources: list[dict]) -> Lottery:
    """After a void draw: same frozen pool, new attempt, new commitment, later sources."""
    from fazhi.lottery.procedure import SourceRule

    parsed = [validate(SourceRule, s).model_dump() for s in sources]  # type: ignore[union-attr]
    if not parsed:
        raise InvalidData("请列明新的随机源", field="sources")

    def change(lot: Lottery) -> dict:
        if not lot.pool_file:
            raise NotAllowed("名单尚未冻结，不能重新摇号；请重新发布公告")
        before = source_ids(lot)
        lot.sources = parsed  # a refusal below rolls the command back, this included
        payload = NOTARY_STEPS.rerun(lot, before, source_ids(lot))
        refresh_spec(lot)
        return {**payload, "spec": lot.spec_json}

    return act(pk, "rerun", actor, change)
