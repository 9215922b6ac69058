"""Commands of the simple (on-the-spot) procedure: decisions through the engine
(`open_case`, `advance`), and the agency's register of decision forms (第五十二条): ranges
allocated to officers, spoiled forms voided with their reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.enforcement import models as m
from fazhi.enforcement.limits import LAW
from fazhi.enforcement.simple import CODE
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.subjects.models import Officer

ALLOCATORS = frozenset({"head", "handler"})


def decide(agency: Agency, actor: Actor, data: dict[str, Any], *,
           today: date | None = None) -> Case:
    """An on-the-spot decision (当场处罚决定): the case opens decided, with its form number."""
    today = today or timezone.localdate()
    title = f"{data.get('party_name', '')} {data.get('violation', '')}".strip()
    return open_case(CODE, agency, actor, data, received_on=today, title=title,
                     applicant_name=str(data.get("party_name", "")), today=today)


def act(case: Case | int, action: str, actor: Actor, data: dict[str, Any] | None = None, *,
        today: date | None = None) -> Case:
    return advance(case, action, actor, data or {}, today=today)


def _may_manage(actor: Actor, agency_id: int) -> None:
    if actor.kind != "staff" or not actor.has_any(ALLOCATORS) or actor.agency_id != agency_id:
        raise Forbidden("只有本机关工作人员可以管理本机关的当场处罚决定书")


def allocate_range(agency: Agency, actor: Actor, *, officer_id: int, prefix: str, start: int,
                   end: int, today: date | None = None) -> m.FormRange:
    """Allocate form numbers prefix+start..end to an officer; a range overlapping one already
    allocated (same prefix, this agency) is refused, so no number exists twice."""
    _may_manage(actor, agency.pk)
    today = today or timezone.localdate()
    prefix = prefix.strip()
    if not prefix or len(prefix) > 20:
        raise InvalidData("编号前缀须为1至20个字符", field="prefix")
    if start < 1 or end < start or end - start >= 100000:
        raise InvalidData("号段须为正整数，终止号不小于起始号，每次至多十万份", field="end")
    officer = Officer.objects.filter(pk=officer_id, agency=agency).first()
    if officer is None:
        raise InvalidData("领用人须为本机关执法人员名录中的人员", field="officer_id")
    with transaction.atomic():
        # the agency row serialises allocations, so two overlapping ranges cannot both pass
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        clash = (m.FormRange.objects.filter(agency=agency, prefix=prefix, start__lte=end,
                                            end__gte=start).first())
        if clash is not None:
            raise InvalidData(local("号段与已发放的{range}（{name}）重叠，决定书编号不得重复（{basis}第五十二条）")
                              .format(range=str(clash), name=clash.officer.name, basis=LAW),
                              field="start")
        return m.FormRange.objects.create(agency=agency, officer=officer, prefix=prefix,
                                          start=start, end=end, next_no=start, allocated_on=today,
                                          allocated_by=actor.label[:40])


def void_form(form_range: m.FormRange, actor: Actor, *, number: int, reason: str,
              today: date | None = None) -> m.SimpleForm:
    """A spoiled paper form (填错、污损、遗失) recorded as voided with its reason; its number is
    never issued."""
    _may_manage(actor, form_range.agency_id)
    reason = reason.strip()
    if len(reason) < 2:
        raise InvalidData("须写明作废原因", field="reason")
    if not form_range.start <= number <= form_range.end:
        raise InvalidData(local("编号不在号段{range}内").format(range=str(form_range)), field="number")
    try:
        with transaction.atomic():
            return m.SimpleForm.objects.create(
                form_range=form_range, number=number, form_no=form_range.number(number),
                status=m.SimpleForm.VOIDED, reason=reason[:300], on=today or timezone.localdate(),
                by=actor.label[:40])
    except IntegrityError:
        raise NotAllowed(local("编号{no}已使用或已作废，不能再次作废").format(
            no=form_range.number(number))) from None
