"""Supervision findings (督察发现的问题) and their rectification (整改): the office records a
finding for an agency, the agency submits its rectification, the office accepts or
returns it. Each command appends an event to the finding's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.org.actors import Actor
from fazhi.reporting.access import (
    AGENCY_STAFF,
    OFFICE,
    agency_by_id,
    checked_text,
    evidence_files,
    locked,
    require,
)
from fazhi.reporting.audit_trail import audit
from fazhi.reporting.models import KeyTask, Rectification, SupervisionFinding


def create_finding(actor: Actor, *, agency_id: Any, text: str, rectify_by: date,
                   task_id: Any = None, today: date | None = None) -> SupervisionFinding:
    require(actor, OFFICE, "登记督察发现的问题")
    today = today or timezone.localdate()
    agency = agency_by_id(agency_id, "被督察单位")
    task = None
    if task_id not in (None, ""):
        task = KeyTask.objects.filter(pk=task_id).first()
        if task is None:
            raise InvalidData(f"任务（编号 {task_id}）不存在", field="task")
    if rectify_by < today:
        raise InvalidData("整改期限不能早于今天", field="rectify_by")
    with transaction.atomic():
        finding = SupervisionFinding.objects.create(
            year=today.year, agency=agency, task=task, text=checked_text(text, "问题描述"),
            found_on=today, rectify_by=rectify_by, created_by=actor.label)
        audit(finding, "create", actor, {
            "agency": agency.name, "task": task.pk if task else None, "text": finding.text,
            "rectify_by": rectify_by.isoformat()})
    return finding


def _locked_finding(finding: SupervisionFinding | int) -> SupervisionFinding:
    return locked(SupervisionFinding, finding, "督察问题不存在")


def submit_rectification(actor: Actor, finding: SupervisionFinding | int, *, text: str,
                         files: Iterable[tuple[str, bytes]] | None,
                         today: date | None = None) -> Rectification:
    """The agency reports its rectification; evidence is required for closure."""
    today = today or timezone.localdate()
    with transaction.atomic():
        finding = _locked_finding(finding)
        if actor.kind != "system" and (actor.agency_id != finding.agency_id
                                       or not actor.has_any(AGENCY_STAFF)):
            raise Forbidden("只有被督察单位的工作人员可以报送整改情况")
        if finding.status != SupervisionFinding.OPEN:
            raise NotAllowed(f"该问题当前为“{finding.get_status_display()}”，不能报送整改情况")
        evidence = evidence_files(files)
        if not evidence:
            raise InvalidData("请上传整改佐证材料", field="file")
        rect = Rectification.objects.create(finding=finding, text=checked_text(text, "整改情况"),
                                            evidence=evidence, submitted_on=today,
                                            submitted_by=actor.label)
        finding.status = SupervisionFinding.RECTIFYING
        finding.save(update_fields=["status"])
        audit(finding, "rectify", actor, {
            "rectification": rect.pk, "text": rect.text,
            "evidence": [{"filename": e["filename"], "sha256": e["sha256"]} for e in evidence]})
    return rect


def decide_rectification(actor: Actor, rect: Rectification | int, *, accept: bool,
                         note: str = "", today: date | None = None) -> Rectification:
    """The office accepts (the finding is closed, 销号) or sends back a rectification."""
    require(actor, OFFICE, "审核整改情况")
    today = today or timezone.localdate()
    pk = rect.pk if isinstance(rect, Rectification) else rect
    with transaction.atomic():
        rect = Rectification.objects.select_for_update().filter(pk=pk).first()
        if rect is None:
            raise NotFound("整改记录不存在")
        finding = _locked_finding(rect.finding_id)
        if rect.decision != Rectification.PENDING:
            raise NotAllowed("该整改情况已经审核")
        if not accept and len(note.strip()) < 2:
            raise InvalidData("退回整改须说明理由", field="note")
        rect.decision = Rectification.ACCEPTED if accept else Rectification.REJECTED
        rect.decision_note, rect.decided_by = note.strip()[:500], actor.label
        rect.save(update_fields=["decision", "decision_note", "decided_by"])
        finding.status = SupervisionFinding.CLOSED if accept else SupervisionFinding.OPEN
        finding.closed_on = today if accept else None
        finding.save(update_fields=["status", "closed_on"])
        audit(finding, "accept" if accept else "reject", actor,
              {"rectification": rect.pk, "note": rect.decision_note})
    return rect
