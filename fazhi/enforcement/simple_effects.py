"""What each transition of the simple (on-the-spot) procedure does, run by the engine in its
transaction: a refusal here leaves nothing written, the form number included."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.enforcement import config, links, ports
from fazhi.enforcement import models as m
from fazhi.enforcement import simple_guards as sg
from fazhi.enforcement import simple_limits as sl
from fazhi.enforcement.effects import publish_decision
from fazhi.enforcement.guards import describe
from fazhi.enforcement.limits import LAW
from fazhi.enforcement.surcharge import surcharge
from fazhi.subjects.models import Officer


def _p(step: Step) -> m.SimplePenalty:
    return step.case.simple_penalty


def _officer(step: Step, officer_id: int, category: str) -> Officer:
    """One officer with a valid certificate of the category suffices on the spot: the
    two-officer rule of 第四十二条 is for investigations; 第五十二条 has the officer show
    credentials and sign alone."""
    officer = Officer.objects.filter(pk=officer_id, agency_id=step.case.agency_id).first()
    if officer is None:
        raise InvalidData("执法人员须为本机关执法人员名录中的人员", field="officer_id")
    refusal = ports.acting_refusal([officer], category=category, on=step.today, minimum=1)
    if refusal:
        raise NotAllowed(refusal)
    return officer


def take_form(step: Step, officer: Officer) -> m.SimpleForm:
    """The next unused number of the officer's earliest open range (第五十二条): the range row
    is locked, numbers voided ahead are skipped, and the (range, number) constraint refuses
    a duplicate even if two issuers raced past the lock."""
    ranges = (m.FormRange.objects.select_for_update()
              .filter(agency_id=step.case.agency_id, officer=officer)
              .order_by("allocated_on", "start", "pk"))
    for found in ranges:
        used = set(found.forms.filter(number__gte=found.next_no).values_list("number", flat=True))
        n = found.next_no
        while n in used:
            n += 1
        if n > found.end:
            if found.next_no <= found.end:
                found.next_no = found.end + 1
                found.save(update_fields=["next_no"])
            continue
        form = m.SimpleForm(form_range=found, number=n, form_no=found.number(n),
                            status=m.SimpleForm.ISSUED, case=step.case, on=step.today,
                            by=step.actor.label[:40])
        form.save()
        found.next_no = n + 1
        found.save(update_fields=["next_no"])
        return form
    raise NotAllowed(local("{name}没有可用的当场处罚决定书编号，请先由本机关发放决定书（{basis}第五十二条）").format(
        name=officer.name, basis=LAW))


def decide_on_spot(step: Step) -> None:
    d = step.data
    refusal = sg.threshold_refusal(d.party_type, d.kind, d.fine, step.today, d.sector)
    if refusal:
        raise InvalidData(refusal, field="fine" if d.kind in sg.ON_THE_SPOT_KINDS else "kind")
    occurred = d.occurred_at if timezone.is_aware(d.occurred_at) else timezone.make_aware(d.occurred_at)
    if timezone.localtime(occurred).date() > step.today:
        raise InvalidData("违法行为时间不能晚于今天", field="occurred_at")
    act_on = timezone.localtime(occurred).date()
    if refusal := sg.minor_refusal(d.party_birth_date, act_on):
        raise NotAllowed(refusal)
    if d.fine and (refusal := sg.same_act_refusal(d.party_id, d.violation_code, act_on)):
        raise NotAllowed(refusal)
    officer = _officer(step, d.officer_id, d.category)
    limit = sl.threshold(d.party_type, step.today, d.sector)
    form = take_form(step, officer)
    p = m.SimplePenalty(
        case=step.case, party_type=d.party_type, party_name=d.party_name, party_id=d.party_id,
        party_contact=d.party_contact, party_birth_date=d.party_birth_date,
        violation_code=d.violation_code, violation=d.violation,
        legal_basis=d.legal_basis, category=d.category, sector=d.sector, officer=officer,
        occurred_at=occurred, place=d.place, kind=d.kind, fine=d.fine if d.fine else None,
        threshold=limit.describe(local(dict(m.PARTY_TYPES)[d.party_type]))[:200],
        remedies=sl.REMEDIES, form_no=form.form_no, decided_on=step.today)
    step.save(p)
    step.start_clock("filing", step.today)
    step.start_clock(config.publicity_limit(p.sector), step.today)  # a sector may have its own
    step.payload |= {"form_no": form.form_no, "officer": f"{officer.name}（{officer.cert_no}）",
                     "penalty": describe(p.fine, p.kinds), "threshold": p.threshold}
    links.decided(p, step.case.agency, f"{p.violation}：{describe(p.fine, p.kinds)}", step.today)


def deliver(step: Step) -> None:
    """第五十二条第二款: handed to the party on the spot; a refusal to sign is noted."""
    p, d = _p(step), step.data
    p.party_signed, p.refusal_note, p.delivered_on = d.party_signed, d.refusal_note.strip(), step.today
    step.save(p)
    if p.fine:
        step.start_clock("payment", step.today)
    step.payload["party_signed"] = d.party_signed


def collect(step: Step) -> None:
    p, d = _p(step), step.data
    refusal = sg.collection_refusal(p, d.reason, d.amount, d.note, d.party_requested, step.today)
    if refusal:
        raise InvalidData(refusal, field="reason")
    p.collection_reason, p.collection_note = d.reason, d.note.strip()
    p.receipt_no, p.collected_on, p.on_water = d.receipt_no.strip(), step.today, d.on_water
    step.save(p)
    if step.clock("payment") is not None:
        step.finish_clock("payment", step.today)
    if not d.on_water:  # on water the two days run from landing (第七十一条)
        step.start_clock("cash_handover", step.today)
    step.payload["receipt_no"] = p.receipt_no


def land(step: Step) -> None:
    p, on = _p(step), step.data.landed_on
    if on > step.today or on < p.collected_on:
        raise InvalidData("抵岸日期应在收缴日期与今天之间", field="landed_on")
    p.landed_on = on
    step.save(p)
    step.start_clock("cash_handover", on)


def hand_over(step: Step) -> None:
    p, on = _p(step), step.data.on
    _between(on, p.landed_on or p.collected_on, step.today)
    p.handed_on = on
    step.save(p)
    step.finish_clock("cash_handover", on)
    step.start_clock("bank_deposit", on)


def bank(step: Step) -> None:
    p, on = _p(step), step.data.on
    _between(on, p.handed_on, step.today)
    p.banked_on = on
    step.save(p)
    step.finish_clock("bank_deposit", on)


def _between(on: date, first: date | None, today: date) -> None:
    if on > today or (first is not None and on < first):
        raise InvalidData(local("日期应在{first}与今天之间").format(first=first.isoformat() if first else ""),
                          field="on")


def record_payment(step: Step) -> None:
    p, d = _p(step), step.data
    if d.paid_on > step.today or d.paid_on < p.decided_on:
        raise InvalidData("缴款日期应在决定日期与今天之间", field="paid_on")
    due = owed(p, step.clock("payment"), d.paid_on)
    if d.amount < due:
        raise InvalidData(local("应缴{due}元（罚款及加处罚款，{basis}第七十二条），实缴{paid}元不足").format(
            due=f"{due:,.2f}", basis=LAW, paid=f"{d.amount:,.2f}"), field="amount")
    p.paid_on = d.paid_on
    step.save(p)
    step.finish_clock("payment", d.paid_on)


def owed(p: m.SimplePenalty, payment, on: date) -> Decimal:  # noqa: ANN001 - a Clock or None
    """The fine, and the surcharge of 第七十二条 once the 15 days have run (3 % a day, capped
    at the fine)."""
    if not p.fine:
        return Decimal(0)
    return p.fine + (surcharge(p.fine, payment.due_on, on) if payment is not None else Decimal(0))


def file(step: Step) -> None:
    """第五十二条第三款: the officer files the decision with the agency."""
    p = _p(step)
    p.filed_on = step.today
    step.save(p)
    step.finish_clock("filing", step.today)


def publish(step: Step) -> None:
    p = _p(step)
    publish_decision(step, p, p.form_no)


def archive(step: Step) -> None:
    step.outcome = "penalised"
