"""Key tasks (重点任务): created or imported by the rule-of-law office, assigned to a lead
agency, reported on by it, completed and reopened. Each command takes an Actor, checks the
role, changes rows in one transaction and appends an event to the task's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.org import roles as R
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
from fazhi.reporting.models import KeyTask, ProgressReport


def _locked_task(task: KeyTask | int) -> KeyTask:
    return locked(KeyTask, task, "任务不存在")


def create_task(actor: Actor, *, year: int, text: str, area_title: str = "") -> KeyTask:
    require(actor, OFFICE, "新增工作要点任务")
    with transaction.atomic():
        task = KeyTask.objects.create(year=year, text=checked_text(text, "任务内容"),
                                      area_title=area_title[:200])
        audit(task, "create", actor, {"text": task.text, "year": year})
    return task


def assign_task(actor: Actor, task: KeyTask | int, *, lead_agency_id: Any,
                co_agency_ids: Iterable[Any] = (), due_on: date | None = None) -> KeyTask:
    """任务分解: the rule-of-law office sets the lead and co-agencies and the due date."""
    require(actor, OFFICE, "分解任务")
    lead = agency_by_id(lead_agency_id, "牵头单位")
    co = [agency_by_id(pk, "配合单位") for pk in co_agency_ids]
    co = [a for a in {a.pk: a for a in co}.values() if a.pk != lead.pk]
    with transaction.atomic():
        task = _locked_task(task)
        if task.status == KeyTask.DONE:
            raise NotAllowed("任务已完成，不能重新分解；如需继续推进请先重新打开")
        task.lead_agency, task.due_on = lead, due_on
        if task.status == KeyTask.UNASSIGNED:
            task.status = KeyTask.ASSIGNED
        task.save()
        task.co_agencies.set(co)
        audit(task, "assign", actor, {
            "lead": lead.name, "co": [a.name for a in co],
            "due_on": due_on.isoformat() if due_on else None})
    return task


def _may_report(actor: Actor, task: KeyTask) -> bool:
    if actor.kind == "system":
        return True
    if actor.kind != "staff" or not actor.has_any(AGENCY_STAFF):
        return False
    return actor.agency_id == task.lead_agency_id or task.co_agencies.filter(
        pk=actor.agency_id).exists()


def report_progress(actor: Actor, task: KeyTask | int, *, text: str, percent: int,
                    files: Iterable[tuple[str, bytes]] | None = None,
                    today: date | None = None) -> ProgressReport:
    """An agency (lead or co-agency) files progress with optional evidence files."""
    today = today or timezone.localdate()
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise InvalidData("完成进度应为 0 到 100 之间的整数", field="percent")
    with transaction.atomic():
        task = _locked_task(task)
        if task.status == KeyTask.UNASSIGNED:
            raise NotAllowed("任务尚未分解到牵头单位，不能报送进展")
        if task.status == KeyTask.DONE:
            raise NotAllowed("任务已完成，不能再报送进展")
        if not _may_report(actor, task):
            raise Forbidden("只有牵头单位或配合单位的工作人员可以报送进展")
        evidence = evidence_files(files)
        agency_id = actor.agency_id or task.lead_agency_id
        progress = ProgressReport.objects.create(
            task=task, agency_id=agency_id, text=checked_text(text, "进展情况"), percent=percent,
            reported_on=today, reported_by=actor.label, evidence=evidence)
        task.status = KeyTask.IN_PROGRESS
        if agency_id == task.lead_agency_id:
            task.percent = percent
        task.save(update_fields=["status", "percent"])
        audit(task, "report_progress", actor, {
            "progress": progress.pk, "percent": percent, "text": progress.text,
            "evidence": [{"filename": e["filename"], "sha256": e["sha256"]} for e in evidence]})
    return progress


def complete_task(actor: Actor, task: KeyTask | int, *, today: date | None = None) -> KeyTask:
    """The lead agency's head, or the office, marks a task done after progress is on file."""
    today = today or timezone.localdate()
    with transaction.atomic():
        task = _locked_task(task)
        office = actor.has_any(OFFICE) or actor.kind == "system"
        if not office and not (actor.has_any(frozenset({R.HEAD}))
                               and actor.agency_id == task.lead_agency_id):
            raise Forbidden("只有牵头单位负责人或依法治市办可以确认任务完成")
        if task.status == KeyTask.DONE:
            raise NotAllowed("任务已经完成")
        if not task.progress.exists():
            raise NotAllowed("尚无进展报告，不能确认完成")
        task.status, task.completed_on, task.percent = KeyTask.DONE, today, 100
        task.save(update_fields=["status", "completed_on", "percent"])
        audit(task, "complete", actor, {"on": today.isoformat()})
    return task


def reopen_task(actor: Actor, task: KeyTask | int, *, reason: str) -> KeyTask:
    require(actor, OFFICE, "重新打开任务")
    reason = checked_text(reason, "重新打开理由")
    with transaction.atomic():
        task = _locked_task(task)
        if task.status != KeyTask.DONE:
            raise NotAllowed("只有已完成的任务可以重新打开")
        task.status, task.completed_on = KeyTask.IN_PROGRESS, None
        task.save(update_fields=["status", "completed_on"])
        audit(task, "reopen", actor, {"reason": reason})
    return task
