"""The credit records inspections make, linked from the inspection record's side.

Credit itself (periods, list, repair, class) is `fazhi.subjects.credit`; this module only
maps results and referrals onto it (docs/decisions/0009-inspections-credit.md, 0011):

* 责令整改 → minor, 未发现经营 → general; 未发现问题 → none. 移交处罚 makes none: a
  referral decides nothing, and a credit record follows a formal decision
  (国家发展和改革委员会令第36号《信用修复管理办法》 Art. 4);
* the penalty decision on a referral (`decide_referral`) makes the record through
  `subjects.credit.record_penalty_decision`, links it to the inspection record and marks
  the referral decided, all or nothing.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from fazhi.core.errors import InvalidData
from fazhi.inspections.models import InspectionRecord, Referral
from fazhi.org.models import Agency
from fazhi.subjects import credit as subject_credit
from fazhi.subjects.models import CreditRecord, MarketEntity

RESULT_SEVERITY = {  # 移交处罚 (REFER): no record until the penalty decision
    InspectionRecord.RECTIFY: CreditRecord.MINOR,
    InspectionRecord.NOT_FOUND: CreditRecord.GENERAL,
}
BASIS = "国发〔2019〕5号；国办发〔2025〕22号"


def record_inspection(record: InspectionRecord, agency: Agency,
                      on: date | None = None) -> CreditRecord | None:
    """The credit record an inspection result makes (None for 未发现问题)."""
    severity = RESULT_SEVERITY.get(record.result)
    if severity is None:
        return None
    target = record.target
    credit = subject_credit.record(
        target.entity, category="inspection", agency=agency, legal_basis=BASIS,
        act_date=record.completed_on, decision_no=f"{target.plan.draw_id}-{target.uscc}",
        severity=severity, summary=f"双随机抽查结果：{record.result_label}", on=on)
    record.credit_record = credit
    record.save(update_fields=["credit_record"])
    return credit


def decide_referral(referral: Referral, entity: MarketEntity | str | None = None, *,
                    decision_no: str, decided_on: date, agency: Agency, severity: str,
                    summary: str, legal_basis: str, today: date | None = None) -> CreditRecord:
    """The penalty decision on an inspection referral: its credit record
    (`subjects.credit.record_penalty_decision`), linked to the inspection record, and the
    referral marked decided. `entity` (or its USCC), when given, must be the inspected one."""
    inspected = referral.record.target.entity
    if entity is not None and subject_credit.find_entity(entity).pk != inspected.pk:
        raise InvalidData("该移交记录不是针对此市场主体的", field="referral")
    with transaction.atomic():
        locked = Referral.objects.select_for_update().select_related("record").get(pk=referral.pk)
        if locked.status == Referral.DECIDED:
            raise InvalidData(f"该移交已作出处罚决定（{locked.enforcement_ref}）", field="referral")
        credit = subject_credit.record_penalty_decision(
            inspected, decision_no=decision_no, decided_on=decided_on, agency=agency,
            severity=severity, summary=summary, legal_basis=legal_basis,
            not_before=(locked.record.completed_on, "检查完成日期"), today=today)
        InspectionRecord.objects.filter(pk=locked.record_id).update(credit_record=credit)
        Referral.objects.filter(pk=locked.pk).update(status=Referral.DECIDED,
                                                     enforcement_ref=credit.decision_no)
    return credit
