"""The refusals of the simple (on-the-spot) procedure, each citing its article of
《行政处罚法》 (procedures.md §3.2). Transitions run the case-level ones as guards (screens
offer only what the engine accepts; a direct API call is refused the same way); effects run
the ones that read the submitted data (the fine, the collection's reason)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist

from fazhi.cases.models import Case
from fazhi.core.i18n import local
from fazhi.enforcement import models as m
from fazhi.enforcement import simple_limits as sl
from fazhi.enforcement.limits import LAW

ON_THE_SPOT_KINDS = ("warning", "fine")


def simple(case: Case) -> m.SimplePenalty | None:
    try:
        return case.simple_penalty
    except ObjectDoesNotExist:
        return None


def threshold_refusal(party_type: str, kind: str, fine: Decimal | None, on: date,
                      sector: str = "") -> str | None:
    """第五十一条: a warning, or a fine up to ¥200 (natural person) / ¥3,000 (organisation),
    unless a specific statute provides otherwise (the operator's parameter)."""
    if kind not in ON_THE_SPOT_KINDS:
        return local("当场处罚只能给予警告或者罚款（{basis}第五十一条），“{kind}”应当适用普通程序").format(
            basis=LAW, kind=local(m.KINDS.get(kind, kind)))
    if kind == "warning":
        return local("给予警告的，不再填写罚款金额") if fine else None
    if not fine:
        return local("给予罚款的，须填写罚款金额")
    limit = sl.threshold(party_type, on, sector)
    if fine > limit.amount:
        party = local(dict(m.PARTY_TYPES)[party_type])
        return local("罚款{fine}元超过简易程序限额（{limit}），应当适用普通程序").format(
            fine=f"{fine:,.2f}", limit=limit.describe(party))
    return None


def minor_refusal(birth: date | None, act_on: date) -> str | None:
    """第三十条: no penalty for a person under 14 at the time of the act."""
    from fazhi.enforcement.guards import add_years

    if birth is not None and add_years(birth, 14) > act_on:
        return local("当事人违法时不满十四周岁，不予行政处罚（{basis}第三十条）").format(basis=LAW)
    return None


def same_act_refusal(party_id: str, violation_code: str, on: date) -> str | None:
    """第二十九条: no second fine for the same act (same party, violation and day), whether
    the first was decided on the spot or in the general procedure."""
    spot = (m.SimplePenalty.objects.filter(party_id=party_id, violation_code=violation_code,
                                           occurred_at__date=on, fine__gt=0).first())
    general = (m.PenaltyCase.objects.filter(party_id=party_id, violation_code=violation_code,
                                            act_date=on, fine__gt=0, revoked_on=None)
               .exclude(decision_no="").first())
    found = spot.form_no if spot else (general.decision_no if general else None)
    if found:
        return local("同一违法行为已由{no}处以罚款，不得给予两次以上罚款（{basis}第二十九条）").format(
            no=found, basis=LAW)
    return None


def collection_refusal(p: m.SimplePenalty, reason: str, amount: Decimal, note: str,
                       party_requested: bool, on: date) -> str | None:
    """第六十八条、第六十九条: on-the-spot collection only for a fine of ¥100 or less, one
    hard to enforce later, or in a remote, water-borne or poorly connected area on the
    party's request; the amount is the decision's."""
    if amount != p.fine:
        return local("当场收缴的金额应当与决定书载明的罚款{fine}元一致").format(fine=f"{p.fine:,.2f}")
    small = sl.collect_small(on)
    if reason == "small" and p.fine > small:
        return local("罚款{fine}元超过{small}元，不能以“{small}元以下罚款”为由当场收缴（{basis}第六十八条"
                     "第一项）；事后难以执行或者边远、水上、交通不便地区当事人提出的，另选情形并说明理由").format(
            fine=f"{p.fine:,.2f}", small=f"{small:,.0f}", basis=LAW)
    if reason in ("hard", "remote") and len(note.strip()) < 2:
        return local("以该情形当场收缴的，须记录具体理由（{basis}第六十八条第二项、第六十九条）").format(basis=LAW)
    if reason == "remote" and not party_requested:
        return local("边远、水上、交通不便地区当场收缴罚款，须经当事人提出（{basis}第六十九条）").format(basis=LAW)
    return None


# -- guards -----------------------------------------------------------------------------
def collect_refusal(case: Case, today: date) -> str | None:
    p = simple(case)
    if p is None:
        return None
    if not p.fine:
        return local("给予警告的，没有应收缴的罚款")
    if p.collected_on or p.paid_on:
        return local("罚款已于{on}缴纳").format(on=(p.collected_on or p.paid_on).isoformat())
    return None


def land_refusal(case: Case, today: date) -> str | None:
    p = simple(case)
    if p is None:
        return None
    if not (p.collected_on and p.on_water) or p.landed_on:
        return local("没有待记录抵岸的水上当场收缴罚款")
    return None


def handover_refusal(case: Case, today: date) -> str | None:
    """第七十一条: cash goes to the agency within 2 working days (on water, of landing)."""
    p = simple(case)
    if p is None:
        return None
    if not p.collected_on:
        return local("本案没有当场收缴的罚款")
    if p.handed_on:
        return local("罚款已于{on}交至行政机关").format(on=p.handed_on.isoformat())
    if p.on_water and not p.landed_on:
        return local("在水上当场收缴的罚款，自抵岸之日起二日内交至行政机关（{basis}第七十一条），"
                     "请先记录抵岸").format(basis=LAW)
    return None


def bank_refusal(case: Case, today: date) -> str | None:
    p = simple(case)
    if p is None:
        return None
    if not p.handed_on:
        return local("执法人员尚未将当场收缴的罚款交至行政机关（{basis}第七十一条）").format(basis=LAW)
    if p.banked_on:
        return local("罚款已于{on}缴付指定银行").format(on=p.banked_on.isoformat())
    return None


def payment_refusal(case: Case, today: date) -> str | None:
    p = simple(case)
    if p is None:
        return None
    if not p.fine:
        return local("给予警告的，没有应缴纳的罚款")
    if p.collected_on or p.paid_on:
        return local("罚款已于{on}缴纳").format(on=(p.collected_on or p.paid_on).isoformat())
    return None


def publish_refusal(case: Case, today: date) -> str | None:
    p = simple(case)
    if p is not None and p.published_on is not None:
        return local("处罚决定已于{on}公示").format(on=p.published_on.isoformat())
    return None


def archive_refusal(case: Case, today: date) -> str | None:
    """Close only once the fine reached the bank and the decision was published."""
    p = simple(case)
    if p is None:
        return None
    if p.fine and not p.paid_on and not p.banked_on:
        return local("罚款尚未缴纳，或者当场收缴的罚款尚未缴付指定银行（{basis}第六十七条、第七十一条）").format(
            basis=LAW)
    if p.published_on is None:
        return local("处罚决定尚未公示（国办发〔2018〕118号；{basis}第四十八条）").format(basis=LAW)
    return None
