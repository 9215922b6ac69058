"""The refusals of the penalty procedure: the substantive rules of procedures.md §3.3 and the
gates of §3.1, each citing its article. Transitions run them as guards (so screens offer only
what the engine accepts, and a direct API call is refused the same way); effects run the
ones that depend on the submitted data (the proposed fine)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist

from fazhi.cases.models import Case, Clock
from fazhi.core.i18n import local
from fazhi.enforcement import models as m
from fazhi.enforcement import ports
from fazhi.enforcement.limits import LAW, LIMITS

TODAY_RULES = ("hearing_request", "defence")


def penalty(case: Case) -> m.PenaltyCase | None:
    try:
        return case.penalty
    except ObjectDoesNotExist:
        return None


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def limitation_refusal(p: m.PenaltyCase, discovered_on: date) -> str | None:
    """《行政处罚法》第三十六条: not discovered within 2 years (5 where life, health or financial
    security is involved and harm resulted), counted from the end of the act."""
    key = "limitation_lhf" if p.life_health_finance else "limitation"
    years = LIMITS[key].value
    last = add_years(p.act_end, years)
    if discovered_on > last:
        return local("违法行为自{end}起{years}年内未被发现（至{last}），不再给予行政处罚（{basis}）").format(
            end=p.act_end.isoformat(), years=years, last=last.isoformat(),
            basis=LIMITS[key].citation)
    return None


def minor_refusal(p: m.PenaltyCase) -> str | None:
    """《行政处罚法》第三十条: no penalty for a person under 14 at the time of the act."""
    if p.party_type != m.NATURAL or p.party_birth_date is None:
        return None
    if add_years(p.party_birth_date, 14) > p.act_date:
        return local("当事人违法时不满十四周岁，不予行政处罚（{basis}第三十条）").format(basis=LAW)
    return None


def same_act_refusal(p: m.PenaltyCase) -> str | None:
    """《行政处罚法》第二十九条: no second fine for the same act (same party, violation, date)."""
    other = (m.PenaltyCase.objects.filter(party_id=p.party_id, violation_code=p.violation_code,
                                          act_date=p.act_date, fine__gt=0, revoked_on=None)
             .exclude(pk=p.pk).exclude(decision_no="").first())
    if other is not None:
        return local("同一违法行为已由{no}处以罚款，不得给予两次以上罚款（{basis}第二十九条）").format(
            no=other.decision_no, basis=LAW)
    return None


def heavier_refusal(p: m.PenaltyCase, fine: Decimal | None, kinds: list[str]) -> str | None:
    """《行政处罚法》第四十五条第二款: no heavier penalty because the party stated its case or
    defended itself (nor after a hearing it requested)."""
    if not (p.defended or p.hearing_record):
        return None
    before = p.defended_fine or Decimal(0)
    added = set(kinds) - set(p.defended_kinds)
    if (fine or Decimal(0)) > before or added:
        return local("当事人陈述、申辩后拟作出的处罚（{now}）重于告知的处罚（{then}），"
                     "不得因当事人陈述、申辩而给予更重的处罚（{basis}第四十五条第二款）").format(
            now=describe(fine, kinds), then=describe(p.defended_fine, p.defended_kinds), basis=LAW)
    return None


def describe(fine: Decimal | None, kinds: list[str]) -> str:
    parts = [m.KINDS.get(k, k) for k in kinds if k != "fine"]
    if fine:
        parts.append(local("罚款{amount}元").format(amount=f"{fine:,.2f}"))
    return "、".join(parts) or local("无")


def party_clock(case: Case, key: str) -> Clock | None:
    return case.clocks.filter(code=LIMITS[key].code).first()


def awaiting_party(case: Case, today: date) -> str | None:
    """Before the defence and hearing-request periods end the agency waits, unless the party
    waived or already acted (《行政处罚法》第四十四条、第六十四条)."""
    p = penalty(case)
    if p is None or p.waived:
        return None
    for key in ("hearing_request", "defence"):
        clock = party_clock(case, key)
        if clock is not None and clock.state == Clock.RUNNING and today <= clock.due_on:
            return local("当事人的{label}至{due}届满，期满前不得作出决定（{basis}）").format(
                label=LIMITS[key].label, due=clock.due_on.isoformat(), basis=LIMITS[key].citation)
    return None


def decide_refusal(case: Case, today: date) -> str | None:
    """The gates before a penalty decision."""
    p = penalty(case)
    if p is None:
        return None
    if p.notice_served_on is None:
        return local("未向当事人告知拟作出的行政处罚内容及事实、理由、依据和陈述申辩、听证权利的，"
                     "不得作出行政处罚决定（{basis}第四十四条、第六十二条）").format(basis=LAW)
    if p.hearing_requested_on and not p.hearing_record:
        return local("当事人已申请听证，听证结束后方可作出决定，决定应当依据听证笔录（{basis}第六十五条）"
                     ).format(basis=LAW)
    if p.review_required and p.review_outcome not in ("pass", "pass_with_changes"):
        return local("本案属于法制审核事项（{why}），未经法制审核或者审核未通过的，不得作出决定"
                     "（{basis}第五十八条）").format(why=p.review_reason, basis=LAW)
    if p.suspicion and not ports.settled(case):
        return local("本案涉嫌犯罪（{why}），未作出移送或者不移送的决定前，不得仅以罚款结案"
                     "（{basis}第二十七条、第五十七条第一款第四项）").format(why="；".join(p.suspicion),
                                                                   basis=LAW)
    return awaiting_party(case, today) or minor_refusal(p)


def review_submit_refusal(case: Case, today: date) -> str | None:
    p = penalty(case)
    if p is None:
        return None
    if not p.review_required:
        return local("本案不属于本机关法制审核事项清单所列事项，无需法制审核")
    if p.hearing_requested_on and not p.hearing_record:
        return local("当事人已申请听证，听证后再送法制审核（{basis}第五十八条第一款第二项）").format(
            basis=LAW)
    return awaiting_party(case, today)


def hearing_request_refusal(case: Case, today: date) -> str | None:
    """《行政处罚法》第六十四条第一项: within 5 working days of the notice."""
    p = penalty(case)
    if p is None:
        return None
    clock = party_clock(case, "hearing_request")
    if clock is None:
        return local("拟作出的处罚不属于可以申请听证的情形（{basis}第六十三条）").format(basis=LAW)
    if p.waived:
        return local("当事人已明确放弃陈述、申辩和听证权利")
    if clock.state != Clock.RUNNING or today > clock.due_on:
        return local("听证申请期限已于{due}届满（{basis}）").format(
            due=clock.due_on.isoformat(), basis=LIMITS["hearing_request"].citation)
    return None


def defence_refusal(case: Case, today: date) -> str | None:
    p = penalty(case)
    if p is None:
        return None
    if p.waived:
        return local("当事人已明确放弃陈述、申辩和听证权利")
    clock = party_clock(case, "defence")
    if clock is not None and today > clock.due_on:
        return local("陈述、申辩期限已于{due}届满，视为放弃（{basis}）").format(
            due=clock.due_on.isoformat(), basis=LIMITS["defence"].citation)
    return None


def unpaid_refusal(case: Case, today: date) -> str | None:
    """Overdue only once the 15-day payment period has run (第六十七条第三款)."""
    clock = party_clock(case, "payment")
    if clock is None:
        return local("本案没有应缴纳的罚款")
    if today <= clock.due_on:
        return local("缴纳罚款期限至{due}，尚未届满").format(due=clock.due_on.isoformat())
    return None


def court_refusal(case: Case, today: date) -> str | None:
    """《行政强制法》第五十四条: apply to court only ten working days after the demand."""
    clock = party_clock(case, "demand")
    if clock is None:
        return local("申请人民法院强制执行前，应当先催告当事人履行义务（《行政强制法》第五十四条）")
    if today <= clock.due_on:
        return local("催告书送达后十个工作日（至{due}）当事人仍未履行的，方可申请强制执行（{basis}）").format(
            due=clock.due_on.isoformat(), basis=LIMITS["demand"].citation)
    return None


def publish_refusal(case: Case, today: date) -> str | None:
    p = penalty(case)
    if p is None:
        return None
    if p.published_on is not None:
        return local("处罚决定已于{on}公示").format(on=p.published_on.isoformat())
    if p.revoked_on is not None:
        return local("处罚决定已被撤销或变更，不再公示")
    return None


def withdraw_refusal(case: Case, today: date) -> str | None:
    p = penalty(case)
    if p is not None and p.published_on is None:
        return local("处罚决定未曾公示，无需撤回")
    return None


def archive_refusal(case: Case, today: date) -> str | None:
    """Close the file only once the decision is served and published (第四十八条、第六十一条)."""
    p = penalty(case)
    if p is None:
        return None
    if p.served_on is None:
        return local("处罚决定书尚未送达（{basis}第六十一条）").format(basis=LAW)
    if p.published_on is None and p.revoked_on is None:
        return local("处罚决定尚未公示（国办发〔2018〕118号；{basis}第四十八条）").format(basis=LAW)
    return None
