"""Credit records, the serious-dishonesty list, credit repair and the credit class.

Rules (docs/decisions/0009-inspections-credit.md, 0011):

* a credit record follows a formal decision (国家发展和改革委员会令第36号《信用修复管理办法》,
  in force 2026-04-01, Art. 4: dishonesty information is catalogued information such as
  penalty information). Enforcement calls `record_penalty_decision` once the decision
  exists, with the decision's number, date and severity; a procedure that made the record
  links it from its own side (inspections: `fazhi.inspections.credit`);
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
from django.utils import timezone

from fazhi.core.errors import InvalidData, NotAllowed, NotFound
from fazhi.law import inputs
from fazhi.law.workdays import corresponding_date
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.subjects import config
from fazhi.subjects.models import CreditRecord, CreditRepair, MarketEntity, SeriousListEntry

SEVERITY_CLASS = {CreditRecord.MINOR: "B", CreditRecord.GENERAL: "C", CreditRecord.SERIOUS: "D"}
ORDER_36 = "国家发展和改革委员会令第36号《信用修复管理办法》第四条"


def periods(severity: str, start: date) -> tuple[date, date]:
    """(minimum, maximum) publication end of a record of `severity` made on `start`."""
    low, high = config.PUBLICATION_MONTHS[severity]
    return corresponding_date(start, low), corresponding_date(start, high)


def record(entity: MarketEntity, *, category: str, agency: Agency, legal_basis: str,
           act_date: date, decision_no: str, severity: str, summary: str,
           on: date | None = None) -> CreditRecord:
    """A credit record from already checked input, and the entity's class recomputed."""
    low, high = periods(severity, act_date)
    credit = CreditRecord.objects.create(
        entity=entity, category=category, source_agency=agency, legal_basis=legal_basis,
        act_date=act_date, decision_no=decision_no, severity=severity, summary=summary,
        min_publish_until=low, max_publish_until=high)
    recompute(entity.pk, on)
    return credit


def record_penalty_decision(entity: MarketEntity | str, *, decision_no: str, decided_on: date,
                            agency: Agency, severity: str, summary: str, legal_basis: str,
                            not_before: tuple[date, str] | None = None,
                            today: date | None = None) -> CreditRecord:
    """Entry point for the enforcement module: the credit record of a formal penalty
    decision (`entity` or its USCC), with the decision's number and date; publication
    periods run from the decision. `not_before`: (date, what) the decision cannot precede,
    e.g. the inspection it follows. All or nothing; bad input raises InvalidData/NotFound."""
    today = today or timezone.localdate()
    number = _line(decision_no, "处罚决定书文号", "decision_no")
    summary = _line(summary, "处罚内容摘要", "summary")
    basis = f"{_line(legal_basis, '处罚依据', 'legal_basis')}；{ORDER_36}"
    if len(basis) > CreditRecord._meta.get_field("legal_basis").max_length:
        raise InvalidData("处罚依据过长，请精简", field="legal_basis")
    if severity not in CreditRecord.SEVERITIES:
        raise InvalidData("失信程度应为轻微、一般或严重", field="severity")
    if decided_on > today:
        raise InvalidData("处罚决定日期不能晚于今天", field="decided_on")
    if not_before is not None and decided_on < not_before[0]:
        raise InvalidData(f"处罚决定日期不能早于{not_before[1]}（{not_before[0].isoformat()}）",
                          field="decided_on")
    entity = find_entity(entity)
    with transaction.atomic():
        return record(entity, category="penalty", agency=agency, legal_basis=basis,
                      act_date=decided_on, decision_no=number, severity=severity,
                      summary=summary, on=today)


def _line(value: str, label: str, field: str) -> str:
    try:
        value = inputs.text((value or "").strip(), multiline=False)
    except inputs.InputError as exc:
        raise InvalidData(f"{label}{exc}", field=field) from None
    if not value:
        raise InvalidData(f"请填写{label}", field=field)
    return value


def find_entity(entity: MarketEntity | str) -> MarketEntity:
    """The entity itself, or the one with this USCC as typed (NFKC), or NotFound."""
    if isinstance(entity, MarketEntity):
        return entity
    try:
        code = inputs.identifier(entity)
    except inputs.InputError as exc:
        raise InvalidData(f"统一社会信用代码{exc}", field="uscc") from None
    found = MarketEntity.objects.filter(uscc=code).first()
    if found is None:
        raise NotFound(f"检查对象名录中没有统一社会信用代码为 {code} 的市场主体")
    return found


def list_serious(entity: MarketEntity, agency: Agency, *, listed_on: date,
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
        found = CreditRecord.objects.select_for_update().filter(pk=record_id).first()
        if found is None:
            raise NotFound("信用记录不存在")
        if found.status != CreditRecord.PUBLISHED:
            raise NotAllowed(f"该记录当前为“{found.get_status_display()}”，无需修复")
        if approved:
            if applied_on < found.min_publish_until:
                raise NotAllowed(f"{found.get_severity_display()}失信信息最短公示期未满，"
                                 f"{found.min_publish_until.isoformat()} 后方可修复")
            if _listed(found.entity_id, decided_on):
                raise NotAllowed("该主体在严重失信主体名单期间，不予信用修复")
            found.status = CreditRecord.REPAIRED
            found.save(update_fields=["status"])
        done = CreditRepair.objects.create(record=found, applied_on=applied_on,
                                           decided_on=decided_on, approved=approved,
                                           reason=reason.strip(), decided_by=actor.label)
        recompute(found.entity_id, decided_on)
    return done


def _listed(entity_id: int, on: date) -> bool:
    return SeriousListEntry.objects.filter(
        entity_id=entity_id, listed_on__lte=on, term_until__gt=on, removed_on__isnull=True
    ).exists()


def implied_class(entity_id: int, on: date) -> str | None:
    """The class the active records and list entries imply, or None."""
    top = "E" if "E" in config.credit_classes() else "D"
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
