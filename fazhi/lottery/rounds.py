"""Setting up a lottery round: its announced rules and draw specification, the notary's
office, opening registration, and the next round of a recurring lottery (losers carried
over with their codes).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.cases.validation import validate
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.law import draws
from fazhi.lottery.commands import act, append_to_history, current_time
from fazhi.lottery.models import Lottery, Registration, Selection
from fazhi.lottery.procedure import ADMIN, LotteryRules
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


def _expand(template: str, lot: Lottery) -> str:
    day = timezone.localtime(lot.draw_at).date().isoformat()
    return template.replace("{date}", day).replace("{round}", str(lot.round_no))


def spec_for(lot: Lottery) -> draws.DrawSpec:
    """The draw-v1 specification of a round (source ids expanded for its draw date)."""
    try:
        return draws.DrawSpec(
            draw_id=lot.draw_id,
            pools=tuple(draws.PoolSpec(p["name"], p["quota"], p.get("alternates", 0))
                        for p in lot.pools),
            sources=tuple(draws.SourceSpec(_expand(s["id"], lot),
                                           tuple(_expand(f, lot) for f in s.get("fallbacks", [])),
                                           _expand(s.get("description", ""), lot))
                          for s in lot.sources),
            max_weight=lot.max_weight,
            unused_quota=lot.unused_quota,
        )
    except draws.SpecError as exc:
        raise InvalidData(f"摇号规格无效：{exc}") from None


def refresh_spec(lot: Lottery) -> None:
    lot.spec_json = spec_for(lot).to_json().decode("utf-8")


def announce(actor: Actor, data: dict | LotteryRules, *, now: datetime | None = None) -> Lottery:
    """Create and publish a lottery with its rules (the T−30 specification)."""
    if actor.kind != "staff" or ADMIN not in actor.roles:
        raise Forbidden("只有组织机关的系统管理员可以发布摇号公告")
    rules: LotteryRules = validate(LotteryRules, data)  # type: ignore[assignment]
    now = current_time(now)
    notary = _notary_office(rules.notary_agency_id, organiser_id=actor.agency_id)
    with transaction.atomic():
        lot = Lottery.objects.create(
            title=rules.title, agency_id=actor.agency_id, notary_agency=notary, rules=rules.rules,
            eligibility_text=rules.eligibility_text,
            eligibility={"min_age": rules.min_age, "max_age": rules.max_age,
                         "id_prefixes": rules.id_prefixes},
            pools=[p.model_dump() for p in rules.pools], unused_quota=rules.unused_quota,
            weight_rule=rules.weight_rule, max_weight=rules.max_weight,
            sources=[s.model_dump() for s in rules.sources],
            registration_opens_at=rules.registration_opens_at, freeze_at=rules.freeze_at,
            draw_at=rules.draw_at, appeal_hours=rules.appeal_hours, claim_hours=rules.claim_hours,
            recurrence=rules.recurrence,
            last_round_on=rules.last_round_on or None, created_at=now,
            state=Lottery.OPEN if rules.registration_opens_at <= now else Lottery.ANNOUNCED)
        refresh_spec(lot)
        append_to_history(lot, "announce", actor, {"spec": lot.spec_json, "state": lot.state,
                                         "rules": rules.model_dump(mode="json")})
        lot.save()
    return lot


def _notary_office(agency_id: int | None, *, organiser_id: int | None) -> Agency:
    """The supervising notary office: it must exist and be another body than the organiser."""
    office = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if office is None:
        raise InvalidData("监督公证机构：必须选择本次摇号的监督公证机构", field="notary_agency_id")
    if office.pk == organiser_id:
        raise InvalidData("监督公证机构不能是组织机关本身", field="notary_agency_id")
    return office


def name_notary(actor: Actor, pk: int, agency_id: int | None) -> Lottery:
    """Name the notary office of a round announced before it was required; once only,
    and before any notary commits to the current attempt (docs/lottery.md)."""

    def change(lot: Lottery) -> dict:
        if lot.notary_agency_id is not None:
            raise NotAllowed("本次摇号已确定监督公证机构，不能更换")
        lot.notary_agency = _notary_office(agency_id, organiser_id=lot.agency_id)
        return {"notary_agency": lot.notary_agency_id, "name": lot.notary_agency.name}

    return act(pk, "name_notary", actor, change)


def open_registration(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery:
    now = current_time(now)

    def change(lot: Lottery) -> dict:
        if now < lot.registration_opens_at and actor.kind == "system":
            raise NotAllowed("尚未到登记开始时间")
        return {"at": now.isoformat()}

    return act(pk, "open_registration", actor, change)


def next_round_date(lot: Lottery):
    return timezone.localtime(lot.draw_at + timedelta(days=1)).date()


def next_round(actor: Actor, pk: int, *, now: datetime | None = None) -> Lottery | None:
    """A daily lottery's next round: same rules a day later, non-winners carried over."""
    now = current_time(now)
    made: list[Lottery] = []

    def change(lot: Lottery) -> dict:
        if lot.recurrence != "daily":
            raise NotAllowed("该摇号不是每日摇号")
        if Lottery.objects.filter(previous=lot, round_no=lot.round_no + 1).exists():
            raise NotAllowed("下一期已经生成")
        day = timedelta(days=1)
        next_draw = lot.draw_at + day
        if lot.last_round_on and timezone.localtime(next_draw).date() > lot.last_round_on:
            raise NotAllowed("已到公告规定的最后一期")
        nxt = Lottery.objects.create(**{f.name: getattr(lot, f.name) for f in _COPIED},
                                     round_no=lot.round_no + 1, previous=lot,
                                     registration_opens_at=lot.freeze_at,
                                     freeze_at=lot.freeze_at + day, draw_at=next_draw,
                                     created_at=now,
                                     state=Lottery.OPEN if lot.freeze_at <= now
                                     else Lottery.ANNOUNCED)
        refresh_spec(nxt)
        carried = _carry_over(lot, nxt, now)
        append_to_history(nxt, "announce", actor, {"spec": nxt.spec_json, "state": nxt.state,
                                         "previous": lot.pk, "carried_over": carried})
        nxt.save()
        made.append(nxt)
        return {"next": nxt.pk, "carried_over": carried}

    act(pk, "next_round", actor, change)
    return made[0] if made else None


_COPIED = [f for f in Lottery._meta.concrete_fields if f.name in {
    "title", "agency", "notary_agency", "rules", "eligibility_text", "eligibility", "pools",
    "unused_quota", "weight_rule", "max_weight", "sources", "appeal_hours", "claim_hours",
    "recurrence", "last_round_on"}]


def _carry_over(lot: Lottery, nxt: Lottery, now: datetime) -> int:
    won = set(Selection.objects.filter(lottery=lot).filter(
        kind=Selection.WINNER).exclude(status=Selection.REMOVED).values_list("code", flat=True))
    won |= set(Selection.objects.filter(lottery=lot, promoted=True).values_list("code", flat=True))
    bump = 1 if lot.weight_rule == "carryover" else 0
    rows = [Registration(lottery=nxt, person_key=r.person_key, code=r.code, name=r.name,
                         id_tail=r.id_tail, phone=r.phone, pool=r.pool,
                         weight=min(r.weight + bump, lot.max_weight), carried_from=lot,
                         created_at=r.created_at, updated_at=now)
            for r in Registration.objects.filter(lottery=lot).exclude(code__in=won).iterator()]
    Registration.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
