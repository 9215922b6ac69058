"""Appeals against a published result and the corrections an upheld appeal makes: the
ranking re-derived, the selections synchronised and the difference published.
"""

from datetime import datetime, timedelta

from fazhi.core.errors import InvalidData, NotAllowed, NotFound
from fazhi.law import draws
from fazhi.lottery.artefacts import draws_result
from fazhi.lottery.commands import act, current_time
from fazhi.lottery.drawing import published_round, tell_selected, tell_withdrawn
from fazhi.lottery.models import Appeal, Lottery, Registration, Selection
from fazhi.lottery.registration import checked_identifier, checked_text, find_registration
from fazhi.lottery.rounds import spec_for
from fazhi.org.actors import Actor


def submit_appeal(lottery_id: int, *, code: str, id_number: str, text: str,
                  now: datetime | None = None) -> Appeal:
    """An applicant's dispute, within the appeal window after publication."""
    now = current_time(now)
    lot = published_round(lottery_id)
    if lot.state != Lottery.PUBLISHED or now > lot.appeal_until:
        raise NotAllowed("不在本次摇号的异议期内")
    reg = find_registration(lot, code, id_number)
    if reg is None:
        raise InvalidData("申请编码与公民身份号码不匹配", field="code")
    if not 5 <= len((text or "").strip()) <= 2000:
        raise InvalidData("异议内容应为 5 至 2000 个字符", field="text")
    checked_text(text, "text")
    appeal_holder: list[Appeal] = []

    def change(locked: Lottery) -> dict:
        appeal_holder.append(Appeal.objects.create(lottery=locked, code=reg.code,
                                                   text=text.strip(), submitted_at=now))
        return {"appeal": appeal_holder[0].pk, "code": reg.code}

    act(lot.pk, "appeal", Actor.public(), change)
    return appeal_holder[0]


def _amended_lines(lot: Lottery, corrections: list[dict]) -> dict[str, tuple[str, int]]:
    records = {}
    for line in lot.pool_file.splitlines():
        code, pool, weight = line.split(",")
        records[code] = (pool, int(weight))
    for c in corrections:
        if c["op"] == "delete":
            records.pop(c["code"], None)
        else:
            records[c["code"]] = (c["pool"], c["weight"])
    return records


def answer_appeal(actor: Actor, pk: int, appeal_id: int, *, upheld: bool, answer: str,
                  op: str = "", code: str = "", pool: str = "",
                  now: datetime | None = None) -> Lottery:
    """Answer a dispute; an upheld one may delete or insert one record and recompute.

    The recomputation keeps the seed (random-draws.md §5.2: keyed hashing makes it a
    local change) and the diff of winners and alternates is published.
    """
    now = current_time(now)
    if not (answer or "").strip():
        raise InvalidData("请填写答复内容", field="answer")
    checked_text(answer, "answer")
    if op not in {"", "delete", "insert"}:
        raise InvalidData("更正方式无效", field="op")
    code = checked_identifier(code, "code") if code else ""

    def change(lot: Lottery) -> dict:
        appeal = Appeal.objects.filter(lottery=lot, pk=appeal_id).first()
        if appeal is None:
            raise NotFound("异议不存在")
        if appeal.status != Appeal.OPEN:
            raise NotAllowed("该异议已答复")
        appeal.status = Appeal.UPHELD if upheld else Appeal.REJECTED
        appeal.answer, appeal.answered_at = answer.strip(), now
        appeal.save()
        payload: dict = {"appeal": appeal.pk, "upheld": upheld, "answer": appeal.answer}
        if upheld and op:
            payload["correction"] = _correct(lot, appeal, op, code or appeal.code, pool, now)
        return payload

    return act(pk, "answer_appeal", actor, change)


def _correct(lot: Lottery, appeal: Appeal, op: str, code: str, pool: str, now: datetime) -> dict:
    records = _amended_lines(lot, lot.corrections)
    if op == "delete":
        if code not in records:
            raise InvalidData("该申请编码不在名单中", field="code")
        entry = {"op": "delete", "code": code}
    else:
        reg = Registration.objects.filter(lottery=lot, code=code).first()
        if reg is None:
            raise InvalidData("补录须针对已登记的申请编码", field="code")
        if code in records:
            raise InvalidData("该申请编码已在名单中，无需补录", field="code")
        entry = {"op": "insert", "code": code, "pool": pool or reg.pool, "weight": reg.weight}
    spec = spec_for(lot)
    before = _ranking(spec, records, lot)
    records = _amended_lines(lot, [*lot.corrections, entry])
    after = _ranking(spec, records, lot)
    data = draws.build_pool_file([(c, p, w) for c, (p, w) in records.items()], spec.max_weight)
    entry.update({"appeal": appeal.pk, "at": now.isoformat(),
                  "amended_file_hash": draws.file_hash(data).hex(),
                  "amended_merkle_root": draws.merkle_root(data.split(b"\n")[:-1]).hex(),
                  "diff": _diff(before, after)})
    lot.corrections = [*lot.corrections, entry]
    _sync_selections(lot, after, now)
    return entry


def _ranking(spec: draws.DrawSpec, records: dict, lot: Lottery) -> list[dict]:
    data = draws.build_pool_file([(c, p, w) for c, (p, w) in records.items()], spec.max_weight)
    try:
        pool = draws.load_pool(spec, data)
    except draws.DrawError as exc:
        raise NotAllowed(f"更正后名单不能摇号：{exc}") from None
    seed = bytes.fromhex(draws_result(lot)["seed"])
    return draws.select(spec, pool, seed)[0]


def _diff(before: list[dict], after: list[dict]) -> dict:
    out = {}
    for b, a in zip(before, after, strict=True):
        changes = {}
        for part in ("winners", "alternates"):
            old = [e["code"] for e in b[part]]
            new = [e["code"] for e in a[part]]
            changes[part] = {"added": [c for c in new if c not in old],
                             "removed": [c for c in old if c not in new]}
        out[a["name"]] = changes
    return out


def _sync_selections(lot: Lottery, pools: list[dict], now: datetime) -> None:
    """Apply a recomputed ranking; claimed items are never taken back."""
    current = {s.code: s for s in Selection.objects.filter(lottery=lot)}
    listed = set()
    won, lost = [], []
    by_code = dict(Registration.objects.filter(lottery=lot).values_list("code", "pk"))
    for pool in pools:
        for kind, entries in ((Selection.WINNER, pool["winners"]),
                              (Selection.ALTERNATE, pool["alternates"])):
            for e in entries:
                listed.add(e["code"])
                sel = current.get(e["code"]) or Selection(
                    lottery=lot, registration_id=by_code.get(e["code"]), code=e["code"],
                    pool=pool["name"], status=Selection.WAITING)
                sel.kind, sel.rank, sel.key = kind, e["rank"], e["key"]
                if kind == Selection.WINNER and sel.status == Selection.WAITING:
                    sel.status, sel.notified_at = Selection.NOTIFIED, now
                    sel.claim_deadline = now + timedelta(hours=lot.claim_hours)
                    won.append(sel)
                elif (kind == Selection.ALTERNATE and sel.status == Selection.NOTIFIED
                      and not sel.promoted):
                    sel.status, sel.notified_at, sel.claim_deadline = Selection.WAITING, None, None
                    lost.append(sel)
                sel.save()
    for code, sel in current.items():
        if code not in listed and sel.status != Selection.CLAIMED:
            if sel.status == Selection.NOTIFIED:
                lost.append(sel)
            sel.status = Selection.REMOVED
            sel.save(update_fields=["status"])
    tell_selected(lot, won, how="经异议更正后中签")
    tell_withdrawn(lot, lost)
