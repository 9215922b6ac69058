"""The evidence package of one delivery: a ZIP a notary could certify.

It holds the document as served, a record of the delivery (addresses, timestamps, the
service date and its rule), the delivery's and the consent's ledger events with their hash
chain, the outbox message's record, and a manifest: the SHA-256 of every file and one root
hash over the manifest's lines. Entries carry a fixed timestamp, so the same delivery
(with the same events) always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from django.utils import timezone

from fazhi.core.chains import append_event, chain_problems
from fazhi.core.models import Event
from fazhi.delivery.models import Delivery
from fazhi.delivery.services import _locked, service_rule
from fazhi.org.actors import Actor

FIXED_TIME = (2020, 1, 1, 0, 0, 0)
README = """电子送达证据包说明

1. document/ 下为送达的文书原文件，其 SHA-256 见 delivery.json 的 sha256。
2. delivery.json：受送达人、送达方式与地址、发送、到达、首次阅读、交邮与签收时间，
   送达日期及其依据。
3. ledger.json：本次送达及所依据的电子送达确认书在平台账本中的全部记录（每条记录的哈希
   链接上一条，可用平台公布的检查点和 `fazhi verify-ledger` 核验）。
4. outbox.json：发送系统（电子邮件、短信）对该消息的记录。
5. manifest.txt：上述每个文件的 SHA-256；最后一行 root 为前面各行（含换行）的 SHA-256。
"""


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _events(kind: str, owner_id: int) -> list[dict]:
    return [{"seq": e.seq, "action": e.action, "actor": e.actor, "at": e.at,
             "payload": json.loads(e.payload), "state": e.state, "prev_hash": e.prev_hash,
             "hash": e.hash}
            for e in Event.objects.filter(kind=kind, owner_id=owner_id).order_by("seq")]


def _record(delivery: Delivery) -> dict:
    rule = service_rule(delivery)
    consent = delivery.consent
    return {
        "delivery_id": delivery.pk, "case": delivery.case.number,
        "agency": delivery.case.agency.name, "party": delivery.party_name,
        "channel": delivery.channel, "address": delivery.address,
        "document_title": delivery.document_title, "filename": delivery.filename,
        "size": delivery.size, "sha256": delivery.sha256, "state": delivery.state,
        "sent_at": _iso(delivery.sent_at), "delivered_at": _iso(delivery.delivered_at),
        "read_at": _iso(delivery.read_at), "posted_on": _iso(delivery.posted_on),
        "tracking_number": delivery.tracking_number, "served_on": _iso(delivery.served_on),
        "service_basis": delivery.service_basis or rule.basis, "sent_by": delivery.sent_by,
        "consent": None if consent is None else {
            "id": consent.pk, "channels": consent.channels, "email": consent.email,
            "phone": consent.phone, "how": consent.how, "given_at": _iso(consent.given_at),
            "active": consent.active, "revoked_at": _iso(consent.revoked_at)},
        "chain_intact": not chain_problems(delivery),
    }


def _outbox(delivery: Delivery) -> dict | None:
    note = delivery.notification
    if note is None:
        return None
    return {"id": note.pk, "kind": note.kind, "channel": note.channel,
            "recipient": note.recipient, "subject": note.subject, "state": note.state,
            "attempts": note.attempts, "created_at": _iso(note.created_at),
            "sent_at": _iso(note.sent_at), "last_error": note.last_error}


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode()


def package(delivery: Delivery | int, actor: Actor) -> tuple[Delivery, bytes]:
    """Record the export in the delivery's chain, then build the package (which includes
    that event). Refused unless `actor` is staff of the case's agencies."""
    from django.db import transaction

    with transaction.atomic():
        locked = _locked(delivery, actor)
        append_event(locked, "export_evidence", actor, {"at": timezone.now().isoformat()})
        locked.save(update_fields=["event_count", "head_hash"])
    locked = Delivery.objects.select_related("case__agency", "consent", "notification").get(
        pk=locked.pk)
    files = {
        f"document/{locked.filename}": bytes(locked.content),
        "delivery.json": _json(_record(locked)),
        "ledger.json": _json({
            "delivery": _events(Delivery.history_kind, locked.pk),
            "consent": _events("delivery_consent", locked.consent_id)
            if locked.consent_id else []}),
        "outbox.json": _json(_outbox(locked)),
        "README.txt": README.encode(),
    }
    lines = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                    for name, data in sorted(files.items()))
    root = hashlib.sha256(lines.encode()).hexdigest()
    files["manifest.txt"] = (lines + f"root {root}\n").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), data)
    return locked, out.getvalue()
