"""Publishing: the only way a record reaches the public, redacted for that audience."""

from django.utils import timezone

from fazhi.core.writes import upsert_row
from fazhi.law.redaction import PUBLIC, redact
from fazhi.publication.models import PublishedRecord


def publish(*, kind: str, agency, title: str, body: str, data: dict | None = None, case=None,
            personal_names: list[str] | tuple[str, ...] = ()) -> PublishedRecord:
    """Publish (or republish) a record; names and identifiers are masked before storage so
    no public query can ever read the unredacted text."""
    clean = {k: redact(v, PUBLIC, personal_names) if isinstance(v, str) else v
             for k, v in (data or {}).items()}
    fields = {"agency": agency, "title": redact(title, PUBLIC, personal_names),
              "body": redact(body, PUBLIC, personal_names), "data": clean,
              "withdrawn_at": None, "withdraw_reason": ""}
    if case is None:
        record, _ = PublishedRecord.objects.update_or_create(kind=kind, case=None, defaults=fields)
        return record
    # One statement (INSERT … ON CONFLICT (kind, case) DO UPDATE): a record of a case is
    # published inside that case's locked transaction, usually for the first time.
    record = PublishedRecord(kind=kind, case=case, **fields)
    upsert_row(record, unique=("kind", "case"), update=tuple(fields))
    return record


def withdraw(record: PublishedRecord, reason: str) -> None:
    record.withdrawn_at = timezone.now()
    record.withdraw_reason = reason
    record.save(update_fields=["withdrawn_at", "withdraw_reason"])
