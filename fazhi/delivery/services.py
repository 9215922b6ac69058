"""Electronic service as a platform service: consent, serving, receipts, post fallback.

Every procedure uses the same four calls (BRIEF interface): `consent_refusal(party,
channel)`, `serve(...)`, `served_on(delivery)` and `on_served(procedure, callback)`. Each
change locks the row, appends an event to its chain in the platform ledger and commits in
one transaction; a procedure's callback runs in that same transaction, so a case never
shows a service the delivery does not, nor the reverse.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.core.chains import append_event
from fazhi.core.errors import DomainError, Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.delivery import rules
from fazhi.delivery.models import (
    CHANNELS,
    ELECTRONIC,
    EMAIL,
    PORTAL,
    POST,
    SMS,
    Consent,
    Delivery,
)
from fazhi.notifications.models import Notification
from fazhi.notifications.services import notify
from fazhi.org.actors import Actor

CHANNEL_LABELS = dict(CHANNELS)
PREFERENCE = (PORTAL, EMAIL, SMS)  # the consented channel used when none is named
MOBILE = re.compile(r"^1[3-9]\d{9}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_DOCUMENT = 20 * 1024 * 1024
INBOX_PATH = "/delivery/inbox/"


@dataclass(frozen=True)
class Party:
    """Who is served. `key` identifies the party across consents (a procedure chooses it:
    disclosure uses its case, enforcement may use the USCC); addresses come from the consent."""

    key: str
    name: str
    email: str = ""
    phone: str = ""


# -- procedures' hooks ------------------------------------------------------------------------

_CALLBACKS: dict[str, list[Callable[[Delivery], None]]] = {}


def on_served(procedure_code: str, callback: Callable[[Delivery], None]) -> None:
    """`callback(delivery)` runs once, in the transaction that fixes the delivery's service
    date, for deliveries of cases of `procedure_code` (it may advance the case)."""
    found = _CALLBACKS.setdefault(procedure_code, [])
    if callback not in found:
        found.append(callback)


@dataclass(frozen=True)
class Servable:
    """A document a procedure has ready to serve on a case's party."""

    title: str
    content: bytes
    filename: str
    party: Party


@dataclass(frozen=True)
class Serves:
    """What a procedure tells the delivery pages: its party, its document ready to serve
    (None when there is none now) and the states in which one is."""

    party: Callable[[Case], Party | None]
    document: Callable[[Case], Servable | None]
    ready_states: frozenset[str] = frozenset()
    # Demo only: bring up to n open cases to a ready state (actor for a case, today, n).
    prepare: Callable[[Callable[[Case], Actor | None], date, int], int] | None = None


_SERVES: dict[str, Serves] = {}


def serves(procedure_code: str, declared: Serves) -> None:
    _SERVES[procedure_code] = declared


def declared_for(case: Case) -> Serves | None:
    return _SERVES.get(case.procedure)


def ready_procedures() -> dict[str, frozenset[str]]:
    return {code: s.ready_states for code, s in _SERVES.items() if s.ready_states}


# -- consent ----------------------------------------------------------------------------------

def active_consent(party_key: str) -> Consent | None:
    return Consent.objects.filter(party_key=party_key, active=True).order_by("-id").first()


def consent_refusal(party: Party, channel: str | None) -> str | None:
    """None when `party` may be served through `channel` (None: any electronic channel);
    otherwise why not, in Chinese. Post needs no consent."""
    if channel == POST:
        return None
    if channel is not None and channel not in ELECTRONIC:
        return local("未知的送达方式：{channel}").format(channel=channel)
    consent = active_consent(party.key)
    if consent is None:
        return local("{name}未同意电子送达，不能以电子方式送达（{basis}：须当事人同意并签订确认书）").format(
            name=party.name, basis=rules.PENALTY_LAW)
    if channel is not None and channel not in consent.channels:
        return local("{name}同意的电子送达方式不含“{channel}”（已同意：{agreed}）").format(
            name=party.name, channel=local(CHANNEL_LABELS[channel]),
            agreed="、".join(local(CHANNEL_LABELS[c]) for c in consent.channels))
    return None


def give_consent(*, party: Party, channels: list[str], how: str, actor: Actor,
                 case: Case | None = None, email: str = "", phone: str = "") -> Consent:
    """Record the party's consent with its confirmed addresses; it replaces the party's
    earlier consent (which is revoked in the same transaction)."""
    channels = [c for c in PREFERENCE if c in set(channels)]
    # the addresses as typed on a phone: full-width digits and ＠ folded (NFKC), no spaces
    email = unicodedata.normalize("NFKC", email).strip()
    phone = "".join(unicodedata.normalize("NFKC", phone).split())
    _check_consent(channels, how, email, phone, case)
    with transaction.atomic():
        for old in Consent.objects.select_for_update().filter(party_key=party.key, active=True):
            _revoke(old, actor, how, reason="superseded")
        consent = Consent.objects.create(
            party_key=party.key, party_name=party.name, case=case,
            channel_codes=",".join(channels),
            email=email.strip(), phone=phone.strip(), how=how, recorded_by=actor.label)
        append_event(consent, "give", actor, {
            "channels": channels, "email": consent.email, "phone": consent.phone, "how": how,
            "case": case.number if case else "", "basis": rules.CONSENT_BASIS})
        consent.save(update_fields=["event_count", "head_hash"])
    return consent


def revoke_consent(consent: Consent | int, actor: Actor, *, how: str = "online") -> Consent:
    with transaction.atomic():
        pk = consent.pk if isinstance(consent, Consent) else consent
        locked = Consent.objects.select_for_update().filter(pk=pk).first()
        if locked is None:
            raise NotFound(local("电子送达确认不存在"))
        if not locked.active:
            raise NotAllowed(local("该电子送达确认已撤回"))
        _revoke(locked, actor, how, reason="revoked")
    return locked


def _revoke(consent: Consent, actor: Actor, how: str, *, reason: str) -> None:
    consent.active, consent.revoked_at = False, timezone.now()
    append_event(consent, "revoke", actor, {"how": how, "reason": reason})
    consent.save(update_fields=["active", "revoked_at", "event_count", "head_hash"])


def _check_consent(channels: list[str], how: str, email: str, phone: str,
                   case: Case | None) -> None:
    if not channels:
        raise InvalidData(local("请至少选择一种电子送达方式"), field="channels")
    if how not in ("signed_form", "online"):
        raise InvalidData(local("确认方式应为签署确认书或在线确认"), field="how")
    if EMAIL in channels and not EMAIL_RE.match(email):
        raise InvalidData(local("同意以电子邮件送达的，须填写有效的电子邮箱"), field="email")
    if SMS in channels and not MOBILE.match(phone):
        raise InvalidData(local("同意以短信送达的，须填写11位手机号码"), field="phone")
    if PORTAL in channels and (case is None or not case.receipt_code):
        raise InvalidData(local("平台收件箱须凭案件查询码登录，本案没有查询码，不能选择平台收件箱"),
                          field="channels")


# -- serving ----------------------------------------------------------------------------------

def serve(*, case: Case, document_title: str, content: bytes, filename: str, party: Party,
          actor: Actor, channel: str | None = None, today: date | None = None) -> Delivery:
    """Serve a document on `party`. `channel` None: the party's consented channel, or post
    (a delivery waiting for its postal details) when there is no consent. Naming an
    electronic channel the party has not agreed to is refused (409)."""
    today = today or timezone.localdate()
    _check_document(document_title, content, filename)
    if channel is None:
        consent = active_consent(party.key)
        channel = next((c for c in PREFERENCE if consent and c in consent.channels), POST)
    if channel not in CHANNEL_LABELS:
        raise InvalidData(local("未知的送达方式：{channel}").format(channel=channel),
                          field="channel")
    if (refusal := consent_refusal(party, channel)) is not None:
        raise NotAllowed(refusal, code="no_consent")
    if channel == PORTAL and not case.receipt_code:
        raise InvalidData(local("平台收件箱须凭案件查询码登录，本案没有查询码，不能选择平台收件箱"),
                          field="channel")
    with transaction.atomic():
        case = _writable_case(case, actor)
        consent = active_consent(party.key) if channel != POST else None
        delivery = Delivery.objects.create(
            case=case, party_key=party.key, party_name=party.name, channel=channel,
            address=_address(channel, consent), consent=consent,
            document_title=document_title.strip(), filename=filename.strip(), content=content,
            size=len(content), sha256=hashlib.sha256(content).hexdigest(),
            state=Delivery.TO_POST if channel == POST else Delivery.SENT, sent_by=actor.label)
        append_event(delivery, "send", actor, {
            "case": case.number, "channel": channel, "title": delivery.document_title,
            "filename": delivery.filename, "sha256": delivery.sha256, "size": delivery.size,
            "consent": consent.pk if consent else None, "address": delivery.address})
        if channel == PORTAL:
            _mark_delivered(delivery, timezone.now(), Actor.system("平台收件箱"))
            _notice(delivery, consent)
        elif channel in (EMAIL, SMS):
            delivery.notification = _send(delivery, case)
            pk = delivery.pk
            transaction.on_commit(lambda: refresh(pk))  # after the outbox's own attempt
        delivery.save()
    return delivery


def _writable_case(case: Case, actor: Actor) -> Case:
    """The case locked, when `actor` is staff of one of its agencies (or the system)."""
    found = Case.objects.visible_to(actor).select_for_update().filter(pk=case.pk).first() \
        if actor.kind != "system" else Case.objects.select_for_update().filter(pk=case.pk).first()
    if found is None:
        raise NotFound(local("案件不存在"))
    if actor.kind == "system":
        return found
    agencies = {found.agency_id, *found.participants.values_list("agency_id", flat=True)}
    if actor.kind != "staff" or actor.agency_id not in agencies:
        raise Forbidden(local("只有案件承办机关的工作人员可以送达文书"))
    return found


def _check_document(title: str, content: bytes, filename: str) -> None:
    if not title.strip():
        raise InvalidData(local("请填写文书名称"), field="document_title")
    if not content:
        raise InvalidData(local("送达的文书内容为空"), field="content")
    if len(content) > MAX_DOCUMENT:
        raise InvalidData(local("送达的文书不得超过20MB"), field="content")
    if not filename.strip() or "/" in filename or "\\" in filename:
        raise InvalidData(local("文件名无效"), field="filename")


def _address(channel: str, consent: Consent | None) -> str:
    if consent is None:
        return ""
    return {EMAIL: consent.email, SMS: consent.phone}.get(channel, "")


def _message(delivery: Delivery, case: Case) -> str:
    # No receipt code and no link that opens the document: the party identifies first.
    return local("{agency}向您送达《{title}》（案件编号 {number}，文书SHA-256：{digest}）。"
                 "请登录政府网站“电子送达收件箱”（{path}），输入本案查询码后阅读。").format(
        agency=case.agency.name, title=delivery.document_title, number=case.number,
        digest=delivery.sha256[:16], path=INBOX_PATH)


def _send(delivery: Delivery, case: Case) -> Notification | None:
    channel = Notification.EMAIL if delivery.channel == EMAIL else Notification.SMS
    return notify(kind="delivery.served", to=delivery.address, channel=channel,
                  subject=local("送达：{title}").format(title=delivery.document_title),
                  body=_message(delivery, case), ref=f"delivery:{delivery.pk}")


def _notice(delivery: Delivery, consent: Consent | None) -> None:
    """A portal delivery: tell the party where to read it, on their confirmed address."""
    if consent is None:
        return
    to, channel = (consent.phone, Notification.SMS) if consent.phone else \
        (consent.email, Notification.EMAIL)
    note = notify(kind="delivery.available", to=to, channel=channel,
                  subject=local("送达：{title}").format(title=delivery.document_title),
                  body=_message(delivery, delivery.case), ref=f"delivery:{delivery.pk}")
    delivery.notification = note


# -- receipts ---------------------------------------------------------------------------------

def refresh(pk: int) -> Delivery | None:
    """Carry the outbox's result over to an e-mail or SMS delivery: delivered (the sender
    confirmed) or failed. Idempotent; the tick sweep calls it for every one still sent."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=pk).first()
        if delivery is None or delivery.state != Delivery.SENT or delivery.channel == PORTAL:
            return delivery
        note = delivery.notification
        if note is None:
            return delivery
        system = Actor.system("发送系统")
        if note.state == Notification.SENT:
            _mark_delivered(delivery, note.sent_at or timezone.now(), system)
        elif note.state == Notification.FAILED:
            delivery.state = Delivery.FAILED
            append_event(delivery, "fail", system, {"error": note.last_error[:200]})
        else:
            return delivery
        delivery.save()
    return delivery


def _mark_delivered(delivery: Delivery, at: datetime, actor: Actor) -> None:
    delivery.state, delivery.delivered_at = Delivery.DELIVERED, at
    _fix_service_date(delivery)
    append_event(delivery, "deliver", actor, {
        "at": at.isoformat(), "served_on": _iso(delivery.served_on)})
    _announce(delivery)


def open_document(delivery: Delivery | int, case: Case) -> Delivery:
    """The party opened the document in the portal inbox (they identified with the receipt
    code of `case`): the first opening is the read receipt."""
    with transaction.atomic():
        pk = delivery.pk if isinstance(delivery, Delivery) else delivery
        locked = Delivery.objects.select_for_update().filter(
            pk=pk, case=case, channel__in=ELECTRONIC).first()
        if locked is None:
            raise NotFound(local("文书不存在"))
        if locked.read_at is None:
            locked.read_at = timezone.now()
            if locked.state in (Delivery.SENT, Delivery.DELIVERED):
                locked.state = Delivery.READ
            _fix_service_date(locked)
            append_event(locked, "read", Actor.public("受送达人"), {
                "at": locked.read_at.isoformat(), "served_on": _iso(locked.served_on)})
            _announce(locked)
            locked.save()
    return locked


def record_post(delivery: Delivery | int, actor: Actor, *, tracking_number: str,
                posted_on: date, today: date | None = None) -> Delivery:
    """Post a document (no consent, or an electronic delivery that failed): the postal item
    and its tracking number."""
    today = today or timezone.localdate()
    tracking_number = tracking_number.strip().upper()
    if not re.fullmatch(r"[0-9A-Z]{8,30}", tracking_number):
        raise InvalidData(local("邮件号码应为8至30位字母或数字"), field="tracking_number")
    if posted_on > today:
        raise InvalidData(local("交邮日期不能晚于今天"), field="posted_on")
    with transaction.atomic():
        locked = _locked(delivery, actor)
        if locked.channel == POST and locked.state != Delivery.TO_POST:
            raise NotAllowed(local("该文书已交邮"))
        if locked.channel != POST:
            if locked.state != Delivery.FAILED:
                raise NotAllowed(local("只有发送失败的电子送达才能改为邮寄"))
            return _post_fallback(locked, actor, tracking_number, posted_on)
        if posted_on < timezone.localtime(locked.sent_at).date():
            raise InvalidData(local("交邮日期不能早于送达登记日期"), field="posted_on")
        locked.state, locked.tracking_number, locked.posted_on = (
            Delivery.POSTED, tracking_number, posted_on)
        append_event(locked, "post", actor, {"tracking_number": tracking_number,
                                             "posted_on": posted_on.isoformat()})
        locked.save()
    return locked


def _post_fallback(failed: Delivery, actor: Actor, tracking_number: str,
                   posted_on: date) -> Delivery:
    post = Delivery.objects.create(
        case=failed.case, party_key=failed.party_key, party_name=failed.party_name,
        channel=POST, document_title=failed.document_title, filename=failed.filename,
        content=bytes(failed.content), size=failed.size, sha256=failed.sha256,
        state=Delivery.POSTED, sent_by=actor.label, tracking_number=tracking_number,
        posted_on=posted_on)
    append_event(post, "post", actor, {"tracking_number": tracking_number,
                                       "posted_on": posted_on.isoformat(),
                                       "instead_of": failed.pk, "sha256": post.sha256})
    post.save()
    append_event(failed, "fallback", actor, {"post": post.pk})
    failed.save(update_fields=["event_count", "head_hash"])
    return post


def record_receipt(delivery: Delivery | int, actor: Actor, *, received_on: date,
                   today: date | None = None) -> Delivery:
    """The return slip (送达回证) came back: its receipt date is the service date
    (《民事诉讼法》（2023）第九十一条)."""
    today = today or timezone.localdate()
    if received_on > today:
        raise InvalidData(local("签收日期不能晚于今天"), field="received_on")
    with transaction.atomic():
        locked = _locked(delivery, actor)
        if locked.channel != POST or locked.state != Delivery.POSTED:
            raise NotAllowed(local("只有已交邮的文书才能登记签收"))
        if received_on < locked.posted_on:
            raise InvalidData(local("签收日期不能早于交邮日期（{posted}）").format(
                posted=locked.posted_on), field="received_on")
        locked.state, locked.served_on = Delivery.RECEIVED, received_on
        locked.service_basis = rules.FIXED[POST].basis
        append_event(locked, "receive", actor, {"received_on": received_on.isoformat()})
        _announce(locked)
        locked.save()
    return locked


def _locked(delivery: Delivery | int, actor: Actor) -> Delivery:
    pk = delivery.pk if isinstance(delivery, Delivery) else delivery
    found = Delivery.objects.select_for_update().filter(pk=pk).select_related("case").first()
    if found is None:
        raise NotFound(local("送达记录不存在"))
    _writable_case(found.case, actor)
    return found


# -- the service date -------------------------------------------------------------------------

def served_on(delivery: Delivery) -> date | None:
    """The service date the delivery's channel yields under the rule in force on the day it
    was sent; None while it has not happened (not yet delivered, read or signed for)."""
    if delivery.channel == POST:
        return delivery.served_on if delivery.state == Delivery.RECEIVED else None
    rule = rules.rule_for(delivery.channel, timezone.localtime(delivery.sent_at).date())
    at = delivery.read_at if rule.event == rules.FIRST_READ else delivery.delivered_at
    return timezone.localtime(at).date() if at else None


def service_rule(delivery: Delivery) -> rules.Rule:
    return rules.rule_for(delivery.channel, timezone.localtime(delivery.sent_at).date())


def _fix_service_date(delivery: Delivery) -> None:
    if delivery.served_on is None and (on := served_on(delivery)) is not None:
        delivery.served_on, delivery.service_basis = on, service_rule(delivery).basis


def _announce(delivery: Delivery) -> None:
    """Tell the case's procedure, once, that its document is served."""
    if delivery.served_on is None or delivery.announced:
        return
    delivery.announced = True
    for callback in _CALLBACKS.get(delivery.case.procedure, ()):
        try:
            with transaction.atomic():
                callback(delivery)
        except DomainError as exc:  # the case moved on meanwhile: the service still stands
            append_event(delivery, "callback_refused", Actor.system(), {"reason": exc.message})


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
