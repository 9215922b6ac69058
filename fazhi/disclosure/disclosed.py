"""The documents a reply discloses: the files staff attach when they make the reply (the
engine files them under the action's name, `reply`), offered only when the answer
provides information — 第三十六条第（一）（二）项 (already public, disclosed) and
第三十七条 (partly disclosed). A refusal's files are not disclosed documents.

The tracked applicant downloads them from the track page; anyone downloads them from the
public reply page once the reply is published (served and not withdrawn), under a file
name with personal data masked (docs/decisions/0025).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse

from fazhi.cases.files import stored_file_response
from fazhi.cases.models import Attachment, Case
from fazhi.law.redaction import PUBLIC, redact

REPLY_KIND = "reply"  # files attached with the `reply` action
DISCLOSING = frozenset({"A1", "A2", "A8"})


def disclosed_files(case: Case) -> QuerySet[Attachment]:
    """The files this case's reply discloses (none before a disclosing reply)."""
    detail = getattr(case, "disclosure", None)
    if detail is None or detail.answer_type not in DISCLOSING:
        return Attachment.objects.none()
    return case.attachments.filter(kind=REPLY_KIND).order_by("uploaded_at", "id")


def public_name(attachment: Attachment, case: Case) -> str:
    from fazhi.disclosure.effects import personal_names

    return redact(attachment.filename, PUBLIC, personal_names(case.disclosure))


def download(attachment: Attachment, filename: str) -> FileResponse:
    return stored_file_response(attachment.path, filename, attachment.content_type,
                                missing="文件缺失，请联系答复机关")
