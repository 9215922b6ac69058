"""Lottery commands: the only code that writes lottery tables.

Every state change goes through `_act`: it locks the round's row, checks the command
against procedure.COMMANDS (state and role), applies the change and appends a
hash-chained event (core.Event), all in one transaction. Registration is the exception by
design: it must survive a surge, so it is one short transaction that never locks the
round row for writing (it takes a shared lock on PostgreSQL, see `register`).

Messages to applicants (their code, one-time codes, changes, winner notices) are
written to the notification outbox inside the same transaction (fazhi.notifications).
"""

import io
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from fazhi.cases.engine import RECEIPT_ALPHABET
from fazhi.cases.validation import validate
from fazhi.core import notarised
from fazhi.core.chains import append_event, chain_problems, run_command
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.core.models import Event
from fazhi.law import draws, inputs
from fazhi.lottery import eligibility
from fazhi.lottery.models import (
    Appeal,
    EntryChange,
    Lottery,
    Registration,
    Selection,
)
from fazhi.lottery.procedure import ADMIN, COMMANDS, NOTARY, LotteryRules
from fazhi.notifications.services import IMMEDIATE_MAX, notify
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

CODE_LENGTH = 12  # 60 bits from RECEIPT_ALPHABET: unguessable, short enough to read out
OTP_VALID = timedelta(minutes=10)  # a one-time code proving ownership of an entry
OTP_ATTEMPTS = 5  # wrong tries before the held change is dropped


def _void_is_published(lot: Lottery, now: datetime) -> None:
    lot.published_at = now


# The notary's steps (commit, sources, reveal, void, re-run): shared with inspection plans.
NOTARY_STEPS = notarised.NotarisedDraw(
    notarised.Terms(notary="公证员", secret="公证随机数", commitment="公证承诺", draw="摇号",
                    rules="摇号公告"),
    void_state=Lottery.VOID, on_void=_void_is_published)


# -- the one write path ------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _authorise(lot: Lottery, actor: Actor, action: str) -> None:
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


def _append(lot: Lottery, action: str, actor: Actor, payload: dict) -> Event:
    return append_event(lot, action, actor, payload)


def _act(pk: int, action: str, actor: Actor, change: Callable[[Lottery], dict | None]) -> Lottery:
    return run_command(Lottery, pk, action, COMMANDS[action], actor,
                       noun="摇号", authorise=lambda lot: _authorise(lot, actor, action),
                       change=change)


def verify_chain(lot: Lottery) -> list[str]:
    """Problems in the round's event chain (empty when intact)."""
    return chain_problems(lot)


# -- specification -----------------------------------------------------------------------


def _expand(template: str, lot: Lottery) -> str:
    day = timezone.localtime(lot.draw_at).date().isoformat()
    return template.replace("{date}", day).replace("{round}", str(lot.round_no))


def spec_for(lot: Lottery) -> draws.DrawSpec:
    """The draw-v1 specification of a round (source ids expanded for its draw date)."""
    try:
        return draws.DrawSpec(
            draw_id=lot.draw_id,
            pools=tuple(draws.PoolSpec(p["name"], p["quota"], p.get("alternates", 0))
                        for p in lot.pools),
            sources=tuple(draws.SourceSpec(_expand(s["id"], lot),
                                           tuple(_expand(f, lot) for f in s.get("fallbacks", [])),
                                           _expand(s.get("description", ""), lot))
                          for s in lot.sources),
            max_weight=lot.max_weight,
            unused_quota=lot.unused_quota,
        )
    except draws.SpecError as exc:
        raise InvalidData(f"摇号规格无效：{exc}") from None


def _refresh_spec(lot: Lottery) -> None:
    lot.spec_json = spec_for(lot).to_json().decode("utf-8")


def announce(actor: Actor, data: dict | LotteryRules, *, now: datetime | None = None) -> Lottery:
    """Create and publish a lottery with its rules (the T−30 specification)."""
    if actor.kind != "staff" or ADMIN not in actor.roles:
        raise Forbidden("只有组织机关的系统管理员可以发布摇号公告")
    rules: LotteryRules = validate(LotteryRules, data)  # type: ignore[assignment]
    now = _now(now)
    notary = _notary_office(rules.notary_agency_id, organiser_id=actor.agency_id)
    with transaction.atomic():
        lot = Lottery.objects.create(
            title=rules.title, agency_id=actor.agency_id, notary_agency=notary, rules=rules.rules,
            eligibility_text=rules.eligibility_text,
            eligibility={"min_age": rules.min_age, "max_age": rules.max_age,
                         "id_prefixes": rules.id_prefixes},
            pools=[p.model_dump() for p in rules.pools], unused_quota=rules.unused_quota,
            weight_rule=rules.weight_rule, max_weight=rules.max_weight,
            sources=[s.model_dump() for s in rules.sources],
            registration_opens_at=rules.registration_opens_at, freeze_at=rules.freeze_at,
            draw_at=rules.draw_at, appeal_hours=rules.appeal_hours, claim_hours=rules.claim_hours,
            recurrence=rules.recurrence,
            last_round_on=rules.last_round_on or None, created_at=now,
            state=Lottery.OPEN if rules.registration_opens_at <= now else Lottery.ANNOUNCED)
        _refresh_spec(lot)
        _append(lot, "announce", actor, {"spec": lot.spec_json, "state": lot.state,
                                         "rules": rules.model_dump(mode="json")})
        lot.save()
    return lot


def _notary_office(agency_id: int | None, *, organiser_id: int | None) -> Agency:
    """The supervising notary office: it must exist and be another body than the organiser."""
    office = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if office is None:
        raise InvalidData("监督公证机构：必须选择本次摇号的监督公证机构", field="notary_agency_id")
    if office.pk == organiser_id:
        raise InvalidData("监督公证机构不能是组织机关本身", field="notary_agency_id")
    return office


def name_notary(actor: Actor, pk: int, agency_id: int | None) -> Lottery:
    """Name the notary office of a round announced before it was required; once only,
    and before any notary commits to the current attempt (docs/lottery.md)."""

    def change(lot: Lottery) -> dict:
        if lot.notary_agency_id is not None:
            raise NotAllowed("本次摇号已确定监督公证机构，不能更换")
        lot.notary_agency = _notary_office(agency_id, organiser_id=lot.agency_id)
        return {"notary_agency": lot.notary_agency_id, "name": lot.notary_agency.name}

    return _act(pk, "name_notary", actor, change)


def open_registration(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    now = _now(now)

    def change(lot: Lottery) -> dict:
        if now < lot.registration_opens_at and actor.kind == "system":
            raise NotAllowed("尚未到登记开始时间")
        return {"at": now.isoformat()}

    return _act(pk, "open_registration", actor, change)


# -- registration ------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(CODE_LENGTH))


def registration_refusal(lot: Lottery, now: datetime) -> str | None:
    if lot.state == Lottery.ANNOUNCED or now < lot.registration_opens_at:
        return "本次摇号尚未开始登记"
    if lot.state != Lottery.OPEN or now >= lot.freeze_at:
        return "本次摇号已截止登记，名单已冻结，不能再登记或修改"
    return None


def _locked_state(pk: int) -> str | None:
    """Read the round's state under a lock that conflicts with freeze's FOR UPDATE.

    On PostgreSQL, FOR KEY SHARE lets registrations run side by side but makes the
    freeze wait for those in flight (and them see "frozen" after it), so nobody is told
    "registered" while missing from the frozen pool. SQLite writers are serialised anyway.
    """
    suffix = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT state FROM {Lottery._meta.db_table} WHERE id = %s{suffix}", [pk])
        row = cursor.fetchone()
    return row[0] if row else None


def _free_text(value: str, field: str) -> str:
    """Free text without control or bidi characters (fazhi.law.inputs), or InvalidData."""
    try:
        return inputs.text(value)
    except inputs.InputError as exc:
        raise InvalidData(str(exc), field=field) from None


def _identifier(value: str, field: str) -> str:
    """An identifier as typed → NFKC ASCII (fazhi.law.inputs), or InvalidData on `field`."""
    try:
        return inputs.identifier(value or "")
    except inputs.InputError as exc:
        raise InvalidData(str(exc), field=field) from None


def _typed(name: str, id_number: str, phone: str, errors: list[tuple[str, str]]) -> dict:
    """Name, ID number and phone as typed, normalised; a refused one adds (field, message)."""
    out = {"name": (name or "").strip()}
    for field, value, clean in (("name", out["name"], lambda v: inputs.text(v, multiline=False)),
                                ("id_number", id_number, eligibility.normalise_id),
                                ("phone", phone, eligibility.normalise_phone)):
        try:
            out[field] = clean(value or "")
        except inputs.InputError as exc:
            errors.append((field, str(exc)))
    return out


def registration_errors(lot: Lottery, *, name: str, id_number: str, phone: str, pool: str,
                        now: datetime | None = None) -> list[tuple[str, str]]:
    """(field, Chinese message) for every failed entry check; empty when the entry is valid.

    Pure (no writes, no state check): the register page runs it even when other form
    fields fail, so the applicant sees every problem in one round.
    """
    errors: list[tuple[str, str]] = []
    typed = _typed(name, id_number, phone, errors)
    if "name" in typed and not 2 <= len(typed["name"]) <= 40:
        errors.append(("name", "姓名应为 2 至 40 个字符，与身份证一致"))
    if pool not in {p["name"] for p in lot.pools}:
        errors.append(("pool", "请选择本次摇号公告列明的分组"))
    on = timezone.localtime(_now(now)).date()
    refused = {field for field, _ in errors}
    checks = eligibility.check(lot.eligibility, typed.get("id_number", ""),
                               typed.get("phone", ""), on)
    return errors + [(field, m) for field, m in checks if field not in refused]


@dataclass(frozen=True)
class Entry:
    """What one registration did.

    `created`: a new entry (its code is shown once and sent to the applicant by SMS);
    `changed` / `unchanged`: the person proved ownership and the entry now holds what they
    typed; `held`: the change waits in `change` for the one-time code sent to the phone
    already stored on the entry. Only `created` may show the code.
    """

    outcome: str
    registration: Registration
    change: EntryChange | None = None


def register(lottery_id: int, *, name: str, id_number: str, phone: str, pool: str,
             code: str = "", now: datetime | None = None) -> Entry:
    """Real-name entry. A person's first entry is created; a later one changes it (the last
    entry prevails) only with proof of ownership: the entry's application `code`, or else
    the change is held and a one-time code goes to the stored phone (`confirm_change`)."""
    now = _now(now)
    lot = Lottery.objects.filter(pk=lottery_id).first()
    if lot is None:
        raise NotFound("摇号不存在")
    refusal = registration_refusal(lot, now)
    if refusal:
        raise NotAllowed(refusal)
    errors = registration_errors(lot, name=name, id_number=id_number, phone=phone, pool=pool,
                                 now=now)
    if errors:
        error = InvalidData("；".join(m for _, m in errors), field=errors[0][0])
        error.errors = errors
        raise error
    typed = _typed(name, id_number, phone, [])
    proof = _identifier(code, "code") if (code or "").strip() else ""
    key = eligibility.person_key(typed["id_number"])
    wanted = {"name": typed["name"], "phone": typed["phone"], "pool": pool}
    for _ in range(3):  # a code collision (2^-60 per pair) or a racing first entry: retry
        try:
            with transaction.atomic():
                if _locked_state(lot.pk) != Lottery.OPEN:
                    raise NotAllowed("本次摇号已截止登记，名单已冻结，不能再登记或修改")
                existing = Registration.objects.select_for_update().filter(
                    lottery=lot, person_key=key).first()
                if existing is None:
                    return _create(lot, key, typed["id_number"][-4:], wanted, now)
                if proof:
                    if not secrets.compare_digest(proof, existing.code):
                        raise InvalidData("申请编码与本人在本期的登记不符；忘记编码的，请不填写"
                                          "申请编码，改用发送到原登记手机的验证码", field="code")
                    return _apply(lot, existing, wanted, now)
                return _hold(lot, existing, wanted, now)
        except IntegrityError:
            continue
    raise NotAllowed("登记未能完成，请重试")


def _round_name(lot: Lottery) -> str:
    return f"“{lot.title}”第 {lot.round_no} 期"


def _local(at: datetime) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"


def _create(lot: Lottery, key: str, id_tail: str, wanted: dict, now: datetime) -> Entry:
    reg = Registration.objects.create(lottery=lot, person_key=key, code=new_code(),
                                      id_tail=id_tail, created_at=now, updated_at=now, **wanted)
    notify(kind="lottery.registered", to=reg.phone, sensitive=True, ref=f"lottery:{lot.pk}",
           body=f"您已登记{_round_name(lot)}摇号，申请编码 {reg.code}。请妥善保存，"
                "凭申请编码和身份证号码可查询登记和结果；修改登记也需要此编码。")
    return Entry("created", reg)


def _apply(lot: Lottery, reg: Registration, wanted: dict, now: datetime) -> Entry:
    """Apply a proven change; the phone stored before is told (it may be the owner's)."""
    EntryChange.objects.filter(registration=reg).delete()
    if all(getattr(reg, k) == v for k, v in wanted.items()):
        return Entry("unchanged", reg)
    old_phone = reg.phone
    for field, value in wanted.items():
        setattr(reg, field, value)
    reg.updated_at = now
    reg.save(update_fields=[*wanted, "updated_at"])
    notify(kind="lottery.entry_changed", to=old_phone, ref=f"lottery:{lot.pk}",
           body=f"您在{_round_name(lot)}摇号的登记已于 {_local(now)} 修改（手机号 "
                f"{eligibility.mask_phone(reg.phone)}，分组 {lot.pool_label(reg.pool)}）。"
                f"如非本人操作，请立即联系{lot.agency.name}。")
    return Entry("changed", reg)


def _otp_digest(reg: Registration, otp: str) -> str:
    return eligibility.keyed_digest("lottery-otp", f"{reg.pk}:{otp}")


def _hold(lot: Lottery, reg: Registration, wanted: dict, now: datetime) -> Entry:
    """Keep the change aside and text a one-time code to the phone stored on the entry."""
    otp = f"{secrets.randbelow(10 ** 6):06d}"
    change, _ = EntryChange.objects.update_or_create(registration=reg, defaults={
        **wanted, "otp_hash": _otp_digest(reg, otp), "attempts": 0, "created_at": now,
        "expires_at": now + OTP_VALID})
    minutes = int(OTP_VALID.total_seconds() // 60)
    notify(kind="lottery.entry_otp", to=reg.phone, sensitive=True, ref=f"lottery:{lot.pk}",
           body=f"验证码 {otp}（{minutes} 分钟内有效）：有人正在修改您在{_round_name(lot)}摇号的"
                "登记。如非本人操作，请勿将验证码告诉任何人，您的登记不会改变。")
    return Entry("held", reg, change)


def confirm_change(lottery_id: int, change_id: int | None, otp: str, *,
                   now: datetime | None = None) -> Entry:
    """Apply a held change when `otp` is the code sent to the stored phone; it expires
    after OTP_VALID and is dropped after OTP_ATTEMPTS wrong codes."""
    now = _now(now)
    otp = _identifier(otp, "otp")
    lot = Lottery.objects.filter(pk=lottery_id).first()
    if lot is None:
        raise NotFound("摇号不存在")
    refusal = registration_refusal(lot, now)
    if refusal:
        raise NotAllowed(refusal)
    with transaction.atomic():  # wrong tries are counted even though the call then fails
        if _locked_state(lot.pk) != Lottery.OPEN:
            raise NotAllowed("本次摇号已截止登记，名单已冻结，不能再登记或修改")
        change = EntryChange.objects.select_for_update().select_related("registration").filter(
            pk=change_id or 0, registration__lottery=lot).first()
        outcome = _check_otp(change, otp, now)
        if outcome == "ok":
            wanted = {k: getattr(change, k) for k in ("name", "phone", "pool")}
            return _apply(lot, change.registration, wanted, now)
    if outcome == "gone":
        raise NotAllowed("验证码已失效（超过有效期或错误次数过多），请重新提交登记以获取新的验证码")
    left = (local("还可尝试 {} 次").format(outcome) if outcome != "0"
            else local("已无剩余尝试次数，请重新提交登记"))
    raise InvalidData(local("验证码不正确，{}").format(left), field="otp")


def _check_otp(change: EntryChange | None, otp: str, now: datetime) -> str:
    """"ok", "gone" (missing, expired or used up: then removed) or the tries left."""
    if change is None:
        return "gone"
    if now > change.expires_at or change.attempts >= OTP_ATTEMPTS:
        change.delete()
        return "gone"
    if secrets.compare_digest(_otp_digest(change.registration, otp), change.otp_hash):
        return "ok"
    change.attempts += 1
    change.save(update_fields=["attempts"])
    return str(OTP_ATTEMPTS - change.attempts)


def find_registration(lot: Lottery, code: str, id_number: str) -> Registration | None:
    """The entry for code + ID number together (either alone reveals nothing); identifiers
    that are not ASCII after NFKC are InvalidData."""
    code = _identifier(code, "code")
    key = eligibility.person_key(_identifier(id_number, "id_number"))
    return Registration.objects.filter(lottery=lot, code=code, person_key=key).first()


# -- freeze and commitment ---------------------------------------------------------------


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
    now = _now(now)

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

    return _act(pk, "freeze", actor, change)


def commit(actor: Actor, pk: int, commitment_hex: str) -> Lottery:
    """The notary's c_N = H("XM-DRAW-v1/notary" ‖ draw_id ‖ r_N), made offline."""
    c_n = NOTARY_STEPS.commitment(commitment_hex)
    return _act(pk, "commit", actor, lambda lot: NOTARY_STEPS.commit(lot, c_n))


def source_ids(lot: Lottery) -> list[str]:
    return notarised.source_ids(spec_for(lot).sources)


def enter_source(actor: Actor, pk: int, source_id: str, value: str | None, *,
                 evidence_url: str = "", evidence_text: str = "",
                 screenshot: Any = None, now: datetime | None = None) -> Lottery:
    """Record a published source value with its evidence; None records it as missing."""
    now = _now(now)
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

    return _act(pk, "enter_source", actor, change)


def reveal(actor: Actor, pk: int, r_hex: str, *, now: datetime | None = None) -> Lottery:
    """The notary reveals r_N after the sources; a mismatch with c_N voids the draw
    (core.notarised; ADR 0017)."""
    now = _now(now)
    r_n = NOTARY_STEPS.secret(r_hex)
    return _act(pk, "reveal", actor,
                lambda lot: NOTARY_STEPS.reveal(lot, r_n, spec_for(lot).sources, now))


def void(actor: Actor, pk: int, reason: str, *, now: datetime | None = None) -> Lottery:
    now = _now(now)
    reason = NOTARY_STEPS.void_reason(reason)

    def change(lot: Lottery) -> dict:
        NOTARY_STEPS.void(lot, reason, now)
        return {"void_reason": lot.void_reason}

    return _act(pk, "void", actor, change)


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
        _refresh_spec(lot)
        return {**payload, "spec": lot.spec_json}

    return _act(pk, "rerun", actor, change)


# -- draw and publication ----------------------------------------------------------------


def draw(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    """Run draw-v1 on the frozen pool, the sources and r_N; record winners and alternates."""
    now = _now(now)

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

    return _act(pk, "draw", actor, change)


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


def _tell_selected(lot: Lottery, selections: list[Selection], *, how: str = "中签") -> None:
    """An SMS to each newly notified winner: the code and the claim deadline (sensitive:
    the code is half of the "my registration" lookup)."""
    phones, now = _phones(selections), len(selections) <= IMMEDIATE_MAX
    for sel in selections:
        notify(kind="lottery.winner", to=phones.get(sel.registration_id, ""), sensitive=True,
               ref=f"lottery:{lot.pk}", immediate=now,
               body=f"您在{_round_name(lot)}摇号中{how}（申请编码 {sel.code}），请于 "
                    f"{_local(sel.claim_deadline)} 前凭本人身份证原件和本短信领取，逾期视为放弃。")


def _tell_withdrawn(lot: Lottery, selections: list[Selection]) -> None:
    """A notified winner whom an upheld appeal's recomputation no longer lists as one."""
    phones, now = _phones(selections), len(selections) <= IMMEDIATE_MAX
    for sel in selections:
        notify(kind="lottery.withdrawn", to=phones.get(sel.registration_id, ""),
               ref=f"lottery:{lot.pk}", immediate=now,
               body=f"经异议复核并按公告规则重新计算，您在{_round_name(lot)}摇号的中签通知撤销，"
                    "更正结果已在摇号结果页公布。如有疑问，请联系组织机关。")


def publish(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    """Publish the result and text every winner through the notification outbox."""
    now = _now(now)

    def change(lot: Lottery) -> dict:
        lot.published_at = now
        deadline = now + timedelta(hours=lot.claim_hours)
        winners = Selection.objects.filter(lottery=lot, kind=Selection.WINNER)
        notified = winners.update(status=Selection.NOTIFIED, notified_at=now,
                                  claim_deadline=deadline)
        _tell_selected(lot, list(winners))
        return {"notified": notified, "claim_deadline": deadline.isoformat()}

    return _act(pk, "publish", actor, change)


def claim(actor: Actor, pk: int, code: str, *, now: datetime | None = None) -> Lottery:
    now = _now(now)
    code = _identifier(code, "code")

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

    return _act(pk, "claim", actor, change)


def expire_claims(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    """Unclaimed past the deadline → the next alternates of that pool, in rank order."""
    now = _now(now)

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
                _tell_selected(lot, [nxt], how="由候补递补为中签")
                promoted.append({"pool": sel.pool, "for": sel.code, "alternate": nxt.code,
                                 "rank": nxt.rank})
        return {"unclaimed": [s.code for s in expired], "promoted": promoted}

    return _act(pk, "expire_claims", actor, change)


def published_round(pk: int) -> Lottery:
    lot = Lottery.objects.filter(pk=pk).first()
    if lot is None:
        raise NotFound("摇号不存在")
    return lot


# -- appeals and corrections -------------------------------------------------------------


def submit_appeal(lottery_id: int, *, code: str, id_number: str, text: str,
                  now: datetime | None = None) -> Appeal:
    """An applicant's dispute, within the appeal window after publication."""
    now = _now(now)
    lot = published_round(lottery_id)
    if lot.state != Lottery.PUBLISHED or now > lot.appeal_until:
        raise NotAllowed("不在本次摇号的异议期内")
    reg = find_registration(lot, code, id_number)
    if reg is None:
        raise InvalidData("申请编码与公民身份号码不匹配", field="code")
    if not 5 <= len((text or "").strip()) <= 2000:
        raise InvalidData("异议内容应为 5 至 2000 个字符", field="text")
    _free_text(text, "text")
    appeal_holder: list[Appeal] = []

    def change(locked: Lottery) -> dict:
        appeal_holder.append(Appeal.objects.create(lottery=locked, code=reg.code,
                                                   text=text.strip(), submitted_at=now))
        return {"appeal": appeal_holder[0].pk, "code": reg.code}

    _act(lot.pk, "appeal", Actor.public(), change)
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
    now = _now(now)
    if not (answer or "").strip():
        raise InvalidData("请填写答复内容", field="answer")
    _free_text(answer, "answer")
    if op not in {"", "delete", "insert"}:
        raise InvalidData("更正方式无效", field="op")
    code = _identifier(code, "code") if code else ""

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

    return _act(pk, "answer_appeal", actor, change)


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
    _tell_selected(lot, won, how="经异议更正后中签")
    _tell_withdrawn(lot, lost)


# -- recurring rounds --------------------------------------------------------------------


def next_round_date(lot: Lottery):
    return timezone.localtime(lot.draw_at + timedelta(days=1)).date()


def next_round(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery | None:
    """A daily lottery's next round: same rules a day later, non-winners carried over."""
    now = _now(now)
    made: list[Lottery] = []

    def change(lot: Lottery) -> dict:
        if lot.recurrence != "daily":
            raise NotAllowed("该摇号不是每日摇号")
        if Lottery.objects.filter(previous=lot, round_no=lot.round_no + 1).exists():
            raise NotAllowed("下一期已经生成")
        day = timedelta(days=1)
        next_draw = lot.draw_at + day
        if lot.last_round_on and timezone.localtime(next_draw).date() > lot.last_round_on:
            raise NotAllowed("已到公告规定的最后一期")
        nxt = Lottery.objects.create(**{f.name: getattr(lot, f.name) for f in _COPIED},
                                     round_no=lot.round_no + 1, previous=lot,
                                     registration_opens_at=lot.freeze_at,
                                     freeze_at=lot.freeze_at + day, draw_at=next_draw,
                                     created_at=now,
                                     state=Lottery.OPEN if lot.freeze_at <= now
                                     else Lottery.ANNOUNCED)
        _refresh_spec(nxt)
        carried = _carry_over(lot, nxt, now)
        _append(nxt, "announce", actor, {"spec": nxt.spec_json, "state": nxt.state,
                                         "previous": lot.pk, "carried_over": carried})
        nxt.save()
        made.append(nxt)
        return {"next": nxt.pk, "carried_over": carried}

    _act(pk, "next_round", actor, change)
    return made[0] if made else None


_COPIED = [f for f in Lottery._meta.concrete_fields if f.name in {
    "title", "agency", "notary_agency", "rules", "eligibility_text", "eligibility", "pools",
    "unused_quota", "weight_rule", "max_weight", "sources", "appeal_hours", "claim_hours",
    "recurrence", "last_round_on"}]


def _carry_over(lot: Lottery, nxt: Lottery, now: datetime) -> int:
    won = set(Selection.objects.filter(lottery=lot).filter(
        kind=Selection.WINNER).exclude(status=Selection.REMOVED).values_list("code", flat=True))
    won |= set(Selection.objects.filter(lottery=lot, promoted=True).values_list("code", flat=True))
    bump = 1 if lot.weight_rule == "carryover" else 0
    rows = [Registration(lottery=nxt, person_key=r.person_key, code=r.code, name=r.name,
                         id_tail=r.id_tail, phone=r.phone, pool=r.pool,
                         weight=min(r.weight + bump, lot.max_weight), carried_from=lot,
                         created_at=r.created_at, updated_at=now)
            for r in Registration.objects.filter(lottery=lot).exclude(code__in=won).iterator()]
    Registration.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# -- published artefacts -----------------------------------------------------------------


def draws_result(lot: Lottery) -> dict:
    import json

    return json.loads(lot.result_json) if lot.result_json else {}


@lru_cache(maxsize=4)
def _tree(file_hash: str, pool_file: str) -> draws.MerkleTree:
    return draws.MerkleTree(draws.parse_pool_file(pool_file.encode("utf-8")))


def receipt(lot: Lottery, code: str) -> dict:
    """The applicant's inclusion receipt (line, Merkle path, root) from the frozen pool."""
    if not lot.pool_file:
        raise NotAllowed("名单尚未冻结，暂无入池凭证")
    try:
        return _tree(lot.file_hash, lot.pool_file).receipt(code, lot.draw_id)
    except draws.ReceiptError:
        raise NotFound("该申请编码不在冻结名单中") from None


def bundle(lot: Lottery) -> dict[str, bytes]:
    """The verifier bundle (verifier/README.md): spec, pool, sources, reveal, result."""
    if not lot.result_json:
        raise NotAllowed("摇号尚未完成，暂无验证材料")
    result = draws_result(lot)
    return {
        "spec.json": lot.spec_json.encode("utf-8"),
        "pool.csv": lot.pool_file.encode("utf-8"),
        "sources.json": draws.canonical_json({"values": lot.source_values}),
        "reveal.txt": (lot.notary_reveal + "\n").encode("ascii"),
        "result.json": lot.result_json.encode("utf-8"),
        "commitment.json": draws.canonical_json(result["commitment"]),
    }


BUNDLE_ORDER = ("spec.json", "commitment.json", "pool.csv", "sources.json", "reveal.txt",
                "result.json")


def bundle_zip(lot: Lottery) -> bytes:
    """The bundle as one zip, files at its top level under the names `verify-draw --bundle`
    reads. Fixed order and timestamps: the same round always gives the same bytes."""
    files = bundle(lot)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in BUNDLE_ORDER:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


def commitment_artefact(lot: Lottery) -> dict:
    """What is public at the freeze (T−1), before any source value exists."""
    return {"version": draws.VERSION, "hash": draws.HASH_NAME, "draw_id": lot.draw_id,
            "spec_sha256": draws.file_hash(lot.spec_json.encode("utf-8")).hex(),
            "file_hash": lot.file_hash, "merkle_root": lot.merkle_root,
            "records": sum(c["records"] for c in lot.counts.values()), "pools": lot.counts,
            "notary_commitment": lot.notary_commitment or None}
