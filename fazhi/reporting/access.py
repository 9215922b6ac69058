"""What every reporting command checks before it changes anything: the actor's role, the
agency named, the length of free text and the evidence files. Used by the command modules
(report_import, key_tasks, supervision, annual_reports, report_publication).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models

from fazhi.cases.files import store_attachment
from fazhi.core.errors import Forbidden, InvalidData, NotFound
from fazhi.org import roles as R
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

OFFICE = frozenset({R.SUPERVISOR, R.ADMIN})  # the rule-of-law office (依法治市办)


AGENCY_STAFF = frozenset({R.HANDLER, R.HEAD, R.REVIEWER})


MAX_TEXT = 20000


def require(actor: Actor, roles: frozenset[str], what: str) -> None:
    if actor.kind != "system" and not actor.has_any(roles):
        raise Forbidden(f"您没有{what}的权限")


def agency_by_id(agency_id: Any, what: str) -> Agency:
    try:
        pk = int(agency_id)
    except (TypeError, ValueError):
        raise InvalidData(f"{what}编号“{agency_id}”无效", field="agency") from None
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise InvalidData(f"{what}（编号 {pk}）不存在", field="agency")
    return agency


def checked_text(value: str, what: str, *, minimum: int = 2, maximum: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise InvalidData(f"{what}：至少需要{minimum}个字符", field="text")
    if len(value) > maximum:
        raise InvalidData(f"{what}：不能超过{maximum}个字符", field="text")
    return value


def evidence_files(files: Iterable[tuple[str, bytes]] | None) -> list[dict]:
    """Store uploads (type, size and leading bytes checked by fazhi.cases.files)."""
    stored = [store_attachment(f, "evidence") for f in (files or [])]
    return [{"filename": s.filename, "sha256": s.sha256, "size": s.size,
             "content_type": s.content_type, "path": s.path} for s in stored]


Row = TypeVar("Row", bound=models.Model)


def locked(model: type[Row], row: Row | int, missing: str) -> Row:
    """The row (given or by id) locked for this transaction, or NotFound saying `missing`."""
    pk = row.pk if isinstance(row, model) else row
    found = model.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound(missing)
    return found
