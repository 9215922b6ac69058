"""Credit records, the serious-dishonesty list, credit repair and the credit class.

Rules (docs/decisions/0009-inspections-credit.md):

* an inspection result makes a record: 责令整改 → minor, 移交处罚 → general,
  未发现经营 → general; 未发现问题 → none; a penalty (later, from enforcement) → its
  own severity via `record_penalty`;
* publication periods by severity (国办发〔2025〕22号, instruments.md §4.2): minor at most
  3 months, general 3–12 months, serious 12–36 months; a record is *active* while
  published and before its maximum period ends;
* repair: granted on application once the minimum period has passed (a minor record at
  once), never for a record whose entity is on the serious-dishonesty list;
* class = the riskier of the imported class and the class the active records imply:
  serious record or a list entry in force → D (E if the scheme has E), general → C,
  minor → B. Records only raise risk; when they end, the class falls back.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from fazhi.core.errors import InvalidData, NotAllowed, NotFound
from fazhi.inspections import config
from fazhi.inspections.models import (
    CreditRecord,
    CreditRepair,
    InspectionRecord,
    MarketEntity,
    SeriousListEntry,
)
from fazhi.law.workdays import corresponding_date
from fazhi.org.actors import Actor

RESULT_SEVERITY = {
    InspectionRecord.RECTIFY: CreditRecord.MINOR,
    InspectionRecord.REFER: CreditRecord.GENERAL,
    InspectionRecord.NOT_FOUND: CreditRecord.GENERAL,
}
SEVERITY_CLASS = {CreditRecord.MINOR: "B", CreditRecord.GENERAL: "C", CreditRecord.SERIOUS: "D"}
BASIS = "国发〔2019〕5号；国办发〔2025〕22号"


def _periods(severity: str, start: date) -> tuple[date, date]:
    low, high = config.PUBLICATION_MONTHS[severity]
    return corresponding_date(start, low), corresponding_date(start, high)


def record_inspection(record: InspectionRecord, agency,
                      on: date | None = None) -> CreditRecord | None:
    """The credit record an inspection result makes (None for 未发现问题)."""
    severity = RESULT_SEVERITY.get(record.result)
    if severity is None:
        return None
    low, high = _periods(severity, record.completed_on)
    credit = CreditRecord.objects.create(
        entity=record.target.entity, category="inspection", source_agency=agency,
        legal_basis=BASIS, act_date=record.completed_on,
        decision_no=f"{record.target.plan.draw_id}-{record.target.uscc}",
        severity=severity, summary=f"双随机抽查结果：{record.result_label}",
        min_publish_until=low, max_publish_until=high, inspection=record)
    recompute(record.target.entity_id, on)
    return credit


def record_penalty(entity: MarketEntity, agency, *, decision_no: str, act_date: date,
                   severity: str, summary: str, legal_basis: str) -> CreditRecord:
    """Entry point for the enforcement module: a penalty decision's credit record."""
    if severity not in CreditRecord.SEVERITIES:
        raise InvalidData("失信程度应为轻微、一般或严重", field="severity")
    low, high = _periods(severity, act_date)
    credit = CreditRecord.objects.create(
        entity=entity, category="penalty", source_agency=agency, legal_basis=legal_basis,
        act_date=act_date, decision_no=decision_no, severity=severity, summary=summary,
        min_publish_until=low, max_publish_until=high)
    recompute(entity.pk)
    return credit


def list_serious(entity: MarketEntity, agency, *, listed_on: date,
                 legal_basis: str) -> SeriousListEntry:
    entry = SeriousListEntry.objects.create(
        entity=entity, agency=agency, legal_basis=legal_basis, listed_on=listed_on,
        term_until=corresponding_date(listed_on, config.SERIOUS_LIST_MONTHS),
        early_removal_from=corresponding_date(listed_on, config.SERIOUS_LIST_EARLY_MONTHS))
    recompute(entity.pk)
    return entry


def remove_serious(entry: SeriousListEntry, *, on: date, reason: str) -> SeriousListEntry:
    if entry.removed_on:
        raise NotAllowed("该名单记录已移出")
    if on < entry.early_removal_from:
        raise NotAllowed(f"列入满 {config.SERIOUS_LIST_EARLY_MONTHS} 个月后方可申请提前移出"
                         f"（最早 {entry.early_removal_from.isoformat()}）")
    entry.removed_on, entry.removal_reason = on, reason
    entry.save(update_fields=["removed_on", "removal_reason"])
    recompute(entry.entity_id)
    return entry


def repair(actor: Actor, record_id: int, *, applied_on: date, decided_on: date,
           approved: bool, reason: str) -> CreditRepair:
    """Decide a repair application (信用修复); approval stops publication at once."""
    if not (reason or "").strip():
        raise InvalidData("请填写修复决定的理由", field="reason")
    with transaction.atomic():
        record = CreditRecord.objects.select_for_update().filter(pk=record_id).first()
        if record is None:
            raise NotFound("信用记录不存在")
        if record.status != CreditRecord.PUBLISHED:
            raise NotAllowed(f"该记录当前为“{record.get_status_display()}”，无需修复")
        if approved:
            if applied_on < record.min_publish_until:
                raise NotAllowed(f"{record.get_severity_display()}失信信息最短公示期未满，"
                                 f"{record.min_publish_until.isoformat()} 后方可修复")
            if _listed(record.entity_id, decided_on):
                raise NotAllowed("该主体在严重失信主体名单期间，不予信用修复")
            record.status = CreditRecord.REPAIRED
            record.save(update_fields=["status"])
        done = CreditRepair.objects.create(record=record, applied_on=applied_on,
                                           decided_on=decided_on, approved=approved,
                                           reason=reason.strip(), decided_by=actor.label)
        recompute(record.entity_id, decided_on)
    return done


def _listed(entity_id: int, on: date) -> bool:
    return SeriousListEntry.objects.filter(
        entity_id=entity_id, listed_on__lte=on, term_until__gt=on, removed_on__isnull=True
    ).exists()


def implied_class(entity_id: int, on: date) -> str | None:
    """The class the active records and list entries imply, or None."""
    classes = config.scheme().classes
    top = "E" if "E" in classes else "D"
    if _listed(entity_id, on):
        return top
    found = None
    active = CreditRecord.objects.filter(entity_id=entity_id, status=CreditRecord.PUBLISHED,
                                         act_date__lte=on, max_publish_until__gt=on)
    for severity in active.values_list("severity", flat=True):
        cls = SEVERITY_CLASS[severity]
        found = cls if found is None else config.riskier(found, cls)
    return found


def recompute(entity_id: int, on: date | None = None) -> str:
    """Set and return the entity's class: the riskier of imported and implied."""
    on = on or date.today()
    entity = MarketEntity.objects.get(pk=entity_id)
    implied = implied_class(entity_id, on)
    cls = entity.base_class if implied is None else config.riskier(entity.base_class, implied)
    if cls != entity.credit_class:
        MarketEntity.objects.filter(pk=entity_id).update(credit_class=cls)
    return cls


def recompute_all_with_records(on: date | None = None) -> int:
    """Recompute every entity that has (or had) records or list entries; for the tick
    job (records expire) and after an import (which resets classes to the imported)."""
    on = on or date.today()
    ids = set(CreditRecord.objects.values_list("entity_id", flat=True))
    ids |= set(SeriousListEntry.objects.values_list("entity_id", flat=True))
    changed = 0
    for entity_id in sorted(ids):
        before = MarketEntity.objects.filter(pk=entity_id).values_list("credit_class",
                                                                       flat=True).first()
        if recompute(entity_id, on) != before:
            changed += 1
    # Stop publishing records whose maximum period has ended.
    CreditRecord.objects.filter(status=CreditRecord.PUBLISHED,
                                max_publish_until__lte=on).update(status=CreditRecord.STOPPED)
    return changed
