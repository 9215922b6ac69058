"""Tick job: note each task the day it becomes overdue, once per due date.

Overdue stays derived (due date before today and not done); the job only records in the
task's history that the deadline passed, so the audit trail shows when it happened.
"""

from datetime import date

from django.db import transaction
from django.db.models import F, Q

from fazhi.core.tick import job
from fazhi.org.actors import Actor
from fazhi.reporting.audit_trail import audit
from fazhi.reporting.models import KeyTask


@job("reporting.overdue_tasks")
def note_overdue_tasks(today: date) -> str:
    fresh = (KeyTask.objects.filter(due_on__lt=today).exclude(status=KeyTask.DONE)
             .filter(Q(overdue_noted_for__isnull=True) | ~Q(overdue_noted_for=F("due_on"))))
    system = Actor.system()
    noted = 0
    for pk in fresh.values_list("pk", flat=True):
        with transaction.atomic():
            task = KeyTask.objects.select_for_update().get(pk=pk)
            if task.overdue_noted_for == task.due_on or not task.is_overdue(today):
                continue
            task.overdue_noted_for = task.due_on
            task.save(update_fields=["overdue_noted_for"])
            audit(task, "overdue", system, {"due_on": task.due_on.isoformat()})
            noted += 1
    return f"{noted} task(s) became overdue"
