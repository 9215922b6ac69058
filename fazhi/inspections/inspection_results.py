"""Inspection results: entered by a member of the target's team, published within the
statutory limit (the publication deadline on the working-day calendar), lateness recorded.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from fazhi.cases.validation import validate
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.inspections import credit
from fazhi.inspections.commands import act, authorise_action
from fazhi.inspections.models import (
    InspectionRecord,
    Plan,
    PublicResult,
    Referral,
    Target,
    TeamMember,
)
from fazhi.inspections.procedure import ResultInput, publication_limit
from fazhi.law import timelimits
from fazhi.org.actors import Actor
from fazhi.subjects.models import Officer


def _team_member(actor: Actor, target: Target) -> Officer:
    inspector = Officer.objects.filter(staff__user_id=actor.user_id).first() \
        if actor.user_id else None
    if inspector is None or not TeamMember.objects.filter(
            target=target, inspector=inspector, active=True).exists():
        raise Forbidden("您不是该检查对象的检查组成员，不能录入或公示检查结果")
    return inspector


def publication_deadline(plan: Plan, completed_on: date,
                         today: date | None = None) -> timelimits.Deadline:
    """20 working days from completion (国办发〔2018〕118号 二(六)), in the version for the
    lead agency's sector, on the current calendar."""
    from fazhi.holidays.services import current_calendar

    return timelimits.evaluate(publication_limit(plan.lead_agency, completed_on),
                               current_calendar(), completed_on, today=today)


def recompute_publication_dues(year: int) -> int:
    """After `year`'s holiday notice is loaded (inside `load_year`'s transaction): every
    stored publication limit that may depend on it, and the lateness of publications
    already made against it. Returns how many results changed."""
    records = (InspectionRecord.objects
               .filter(Q(publish_due_provisional=True) | Q(publish_due__gte=date(year - 1, 1, 1),
                                                           completed_on__lte=date(year, 12, 31)))
               .select_related("target__plan__lead_agency", "public", "public_record"))
    changed = 0
    for record in records.iterator(chunk_size=500):
        deadline = publication_deadline(record.target.plan, record.completed_on)
        late = record.published_on is not None and record.published_on > deadline.due
        now = (deadline.due, deadline.explanation, deadline.provisional, late)
        if now == (record.publish_due, record.publish_due_explanation,
                   record.publish_due_provisional, record.published_late):
            continue
        (record.publish_due, record.publish_due_explanation, record.publish_due_provisional,
         record.published_late) = now
        record.save(update_fields=["publish_due", "publish_due_explanation",
                                   "publish_due_provisional", "published_late"])
        _published_lateness(record, late)
        changed += 1
    return changed


def _published_lateness(record: InspectionRecord, late: bool) -> None:
    public = getattr(record, "public", None)
    if public is not None and public.late != late:
        PublicResult.objects.filter(pk=public.pk).update(late=late)
    shown = record.public_record
    if shown is not None and shown.data.get("late") != late:
        shown.data = {**shown.data, "late": late}
        shown.save(update_fields=["data"])


def enter_result(actor: Actor, target_id: int, data: dict, *, files: list = (),
                 today: date | None = None) -> InspectionRecord:
    """Results by a team member; completion starts the 20-WD publication clock."""
    from fazhi.cases.files import store_attachment

    target = Target.objects.select_related("plan", "entity").filter(pk=target_id).first()
    if target is None:
        raise NotFound("抽查对象不存在")
    if actor.kind != "staff":
        raise Forbidden("您不是该检查对象的检查组成员，不能录入检查结果")
    _team_member(actor, target)
    payload: ResultInput = validate(ResultInput, data)  # type: ignore[assignment]
    allowed = set(target.plan.items.values_list("pk", flat=True))
    if not set(payload.items_checked) <= allowed:
        raise InvalidData("检查事项须为本计划列明的事项", field="items_checked")
    today = today or timezone.localdate()
    if payload.completed_on > today:
        raise InvalidData("检查完成日期不能晚于今天", field="completed_on")
    stored = [store_attachment(f, "inspection_evidence") for f in files]
    deadline = publication_deadline(target.plan, payload.completed_on, today)
    out: list[InspectionRecord] = []

    def change(plan: Plan) -> dict:
        if InspectionRecord.objects.filter(target=target).exists():
            raise NotAllowed("该对象的检查结果已录入")
        record = InspectionRecord.objects.create(
            target=target, items_checked=payload.items_checked, findings=payload.findings,
            result=payload.result, completed_on=payload.completed_on, entered_by=actor.label,
            attachments=[{"filename": s.filename, "sha256": s.sha256, "path": s.path,
                          "size": s.size, "content_type": s.content_type} for s in stored],
            publish_due=deadline.due, publish_due_explanation=deadline.explanation,
            publish_due_provisional=deadline.provisional)
        if payload.result == InspectionRecord.REFER:
            _refer(Referral.objects.create(record=record, agency=plan.lead_agency,
                                           reason=payload.referral_reason.strip()), target)
        credit.record_inspection(record, plan.lead_agency, today)
        out.append(record)
        return {"target": target.uscc, "result": payload.result,
                "completed_on": payload.completed_on.isoformat(),
                "publish_due": deadline.due.isoformat(),
                "attachments": [s.sha256 for s in stored]}

    act(target.plan_id, "result", actor, change, authorise=lambda p: None)
    return out[0]


def _refer(referral: Referral, target) -> None:  # noqa: ANN001 - an inspection target
    """Hand the finding to enforcement (fazhi.subjects.signals): a receiver that opens a
    case returns its number, and the referral shows it as accepted."""
    from fazhi.subjects.signals import referral_made

    numbers = [number for _, number in referral_made.send(
        sender=Referral, referral_id=referral.pk, agency=referral.agency, uscc=target.uscc,
        name=target.entity.name, reason=referral.reason,
        found_on=referral.record.completed_on) if number]
    if numbers:
        Referral.objects.filter(pk=referral.pk).update(status=Referral.ACCEPTED,
                                                       enforcement_ref=numbers[0])


def publish_result(actor: Actor, record_id: int, *, today: date | None = None) -> InspectionRecord:
    """Publish on the portal (redacted); after the 20-WD limit it is recorded as late."""
    from fazhi.publication.services import publish as publish_record

    today = today or timezone.localdate()
    record = InspectionRecord.objects.select_related("target__plan", "target__entity").filter(
        pk=record_id).first()
    if record is None:
        raise NotFound("检查记录不存在")
    target = record.target

    def authorise(plan: Plan) -> None:
        try:
            authorise_action(plan, actor, "publish_result")
        except Forbidden:
            _team_member(actor, target)

    def change(plan: Plan) -> dict:
        if record.published_on:
            raise NotAllowed("该检查结果已公示")
        late = today > record.publish_due
        agencies = "、".join(plan.agencies.order_by("code").values_list("name", flat=True))
        entity = target.entity
        body = (f"{entity.name}（{entity.uscc}）：{record.result_label}。检查机关：{agencies}；"
                f"检查完成日期：{record.completed_on.isoformat()}。")
        public = publish_record(
            kind=f"insp.result.{record.pk}", agency=plan.lead_agency,
            title=f"双随机抽查结果：{entity.name}", body=body,
            data={"plan": plan.draw_id, "uscc": entity.uscc, "result": record.result_label,
                  "completed_on": record.completed_on.isoformat(), "late": late})
        record.published_on, record.published_late, record.public_record = today, late, public
        record.save(update_fields=["published_on", "published_late", "public_record"])
        PublicResult.objects.create(
            record=record, plan=plan, uscc=entity.uscc, entity_name=entity.name,
            agencies=agencies[:400], result=record.result_label, completed_on=record.completed_on,
            published_on=today, late=late)
        return {"target": target.uscc, "published_on": today.isoformat(), "late": late,
                "due": record.publish_due.isoformat()}

    act(target.plan_id, "publish_result", actor, change, authorise=authorise)
    return record
