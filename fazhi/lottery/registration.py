"""Registration for a lottery round: one short transaction that never locks the round row
for writing (it must survive a surge; a shared lock on PostgreSQL, see `register`), and
changes to an entry confirmed by a one-time code. Messages to applicants (their code,
one-time codes) are written to the notification outbox in the same transaction.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from fazhi.cases.engine import RECEIPT_ALPHABET
from fazhi.core.errors import InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.law import inputs
from fazhi.lottery import eligibility
from fazhi.lottery.commands import current_time
from fazhi.lottery.models import EntryChange, Lottery, Registration
from fazhi.notifications.services import notify

CODE_LENGTH = 12  # 60 bits from RECEIPT_ALPHABET: unguessable, short enough to read out


OTP_VALID = timedelta(minutes=10)  # a one-time code proving ownership of an entry


OTP_ATTEMPTS = 5  # wrong tries before the held change is dropped


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


def checked_text(value: str, field: str) -> str:
    """Free text without control or bidi characters (fazhi.law.inputs), or InvalidData."""
    try:
        return inputs.text(value)
    except inputs.InputError as exc:
        raise InvalidData(str(exc), field=field) from None


def checked_identifier(value: str, field: str) -> str:
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
    on = timezone.localtime(current_time(now)).date()
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


def _open_lottery(lottery_id: int, now: datetime) -> Lottery:
    """The lottery, if it takes registrations and changes now."""
    lot = Lottery.objects.filter(pk=lottery_id).first()
    if lot is None:
        raise NotFound("摇号不存在")
    refusal = registration_refusal(lot, now)
    if refusal:
        raise NotAllowed(refusal)
    return lot


def register(lottery_id: int, *, name: str, id_number: str, phone: str, pool: str,
             code: str = "", now: datetime | None = None) -> Entry:
    """Real-name entry. A person's first entry is created; a later one changes it (the last
    entry prevails) only with proof of ownership: the entry's application `code`, or else
    the change is held and a one-time code goes to the stored phone (`confirm_change`)."""
    now = current_time(now)
    lot = _open_lottery(lottery_id, now)
    errors = registration_errors(lot, name=name, id_number=id_number, phone=phone, pool=pool,
                                 now=now)
    if errors:
        error = InvalidData("；".join(m for _, m in errors), field=errors[0][0])
        error.errors = errors
        raise error
    typed = _typed(name, id_number, phone, [])
    proof = checked_identifier(code, "code") if (code or "").strip() else ""
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


def round_name(lot: Lottery) -> str:
    return f"“{lot.title}”第 {lot.round_no} 期"


def local_time(at: datetime) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"


def _create(lot: Lottery, key: str, id_tail: str, wanted: dict, now: datetime) -> Entry:
    reg = Registration.objects.create(lottery=lot, person_key=key, code=new_code(),
                                      id_tail=id_tail, created_at=now, updated_at=now, **wanted)
    notify(kind="lottery.registered", to=reg.phone, sensitive=True, ref=f"lottery:{lot.pk}",
           body=f"您已登记{round_name(lot)}摇号，申请编码 {reg.code}。请妥善保存，"
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
           body=f"您在{round_name(lot)}摇号的登记已于 {local_time(now)} 修改（手机号 "
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
           body=f"验证码 {otp}（{minutes} 分钟内有效）：有人正在修改您在{round_name(lot)}摇号的"
                "登记。如非本人操作，请勿将验证码告诉任何人，您的登记不会改变。")
    return Entry("held", reg, change)


def confirm_change(lottery_id: int, change_id: int | None, otp: str, *,
                   now: datetime | None = None) -> Entry:
    """Apply a held change when `otp` is the code sent to the stored phone; it expires
    after OTP_VALID and is dropped after OTP_ATTEMPTS wrong codes."""
    now = current_time(now)
    otp = checked_identifier(otp, "otp")
    lot = _open_lottery(lottery_id, now)
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
    code = checked_identifier(code, "code")
    key = eligibility.person_key(checked_identifier(id_number, "id_number"))
    return Registration.objects.filter(lottery=lot, code=code, person_key=key).first()
