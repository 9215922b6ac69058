"""What each transition of the penalty procedure does (run by the engine, in its
transaction: a refusal here leaves nothing written)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fazhi.cases.engine import next_number
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.enforcement import config, guards, links, ports, records
from fazhi.enforcement import models as m
from fazhi.enforcement.limits import LAW
from fazhi.law import redaction
from fazhi.law.workdays import corresponding_date
from fazhi.subjects.models import Officer


def _p(step: Step) -> m.PenaltyCase:
    return step.case.penalty


def _officers(step: Step, ids: list[int]) -> list[Officer]:
    found = list(Officer.objects.filter(pk__in=ids, agency_id=step.case.agency_id))
    if len(found) != len(set(ids)):
        raise InvalidData("办案人员须为本机关执法人员名录中的人员", field="officer_ids")
    return found


def _check_officers(step: Step, ids: list[int]) -> None:
    """Two officers holding valid certificates of the case's category (第四十二条)."""
    refusal = ports.acting_refusal(_officers(step, ids), category=_p(step).category,
                                   on=step.today, minimum=2)
    if refusal:
        raise NotAllowed(refusal)


# -- lead and opening ---------------------------------------------------------------
def register_lead(step: Step) -> None:
    d = step.data
    p = m.PenaltyCase(case=step.case, party_type=d.party_type, party_name=d.party_name,
                      party_id=d.party_id, party_birth_date=d.party_birth_date,
                      party_contact=d.party_contact, violation_code=d.violation_code,
                      violation=d.violation, legal_basis=d.legal_basis, category=d.category,
                      sector=d.sector, source=d.source, referral_id=d.referral_id,
                      act_date=d.act_date, act_ended_on=d.act_ended_on,
                      life_health_finance=d.life_health_finance)
    p.save()
    step.start_clock("verify", step.case.received_on)


def extend_verification(step: Step) -> None:
    step.extend_clock("verify")


def open_case(step: Step) -> None:
    p = _p(step)
    refusal = guards.limitation_refusal(p, step.case.received_on)
    if refusal:
        raise NotAllowed(refusal)
    p.violation_code = step.data.violation_code or p.violation_code
    p.category = step.data.category or p.category
    if not p.category or p.violation_code == links.REFERRAL_CODE:
        raise InvalidData("立案时须确定违法行为代码和执法类别", field="category")
    _check_officers(step, step.data.officer_ids)
    p.opened_on, p.officer_ids = step.today, sorted(set(step.data.officer_ids))
    step.save(p)
    step.finish_clock("verify", step.today)
    step.start_clock("decision", step.today)


def decline(step: Step) -> None:
    step.finish_clock("verify", step.today)


def recuse(step: Step) -> None:
    """第四十三条: the head decides; the investigation goes on meanwhile."""
    p, d = _p(step), step.data
    if d.officer_id not in p.officer_ids:
        raise InvalidData("申请回避的人员不是本案办案人员", field="officer_id")
    if d.granted:
        if d.replacement_id is None or d.replacement_id in p.officer_ids:
            raise InvalidData("决定回避的，须指定另一名执法人员接替", field="replacement_id")
        ids = [i for i in p.officer_ids if i != d.officer_id] + [d.replacement_id]
        _check_officers(step, ids)
        p.officer_ids = sorted(ids)
        step.save(p)


def record_investigation(step: Step) -> None:
    """An inquiry or inspection record (笔录), by at least two of the case's officers."""
    ids = step.data.officer_ids
    strangers = set(ids) - set(_p(step).officer_ids)
    if strangers:
        raise InvalidData("调查取证人员须为本案办案人员", field="officer_ids")
    _check_officers(step, ids)
    records.require(step, records.step_of("record_investigation", step.data))  # 第四十七条


def preserve(step: Step) -> None:
    """第五十六条: with the head's approval; decide within 7 working days."""
    p = _p(step)
    _check_officers(step, step.data.officer_ids)
    records.require(step, "preserve")  # 第四十七条; 118号: evidence preservation on record
    p.preserved_on = step.today
    step.save(p)
    step.start_clock("preservation", step.today)


def decide_preserved(step: Step) -> None:
    """查封、扣押 decided: on record (第四十七条), and the items seized enter custody in this
    transaction, so their custody chain starts from the case (《行政强制法》第二十四条)."""
    records.require(step, records.step_of("decide_preserved", step.data))
    if step.data.way == "seize":
        items = [_seized_item(n, line, _p(step)) for n, line in
                 enumerate((x for x in step.data.items if x.strip()), 1)]
        if not items:
            raise InvalidData("依法查封扣押的，须列明财物清单（《行政强制法》第二十四条）", field="items")
        seized = ports.seize(step.case, items, step.actor, step.today)
        step.payload["custody"] = [item.code for item in seized]
    step.finish_clock("preservation", step.today)


def _seized_item(n: int, line: str, p: m.PenaltyCase) -> dict:
    """名称及特征；数量；单位；估值；存放位置 (the last two may be empty)."""
    parts = [x.strip() for x in line.replace("；", ";").replace("|", ";").split(";")]
    if len(parts) < 3:
        raise InvalidData(local("财物清单第{n}行应为：名称及特征；数量；单位；估值；存放位置").format(n=n),
                          field="items")
    parts += [""] * (5 - len(parts))
    return {"description": parts[0], "quantity": parts[1], "unit": parts[2],
            "value": parts[3] or None, "location": parts[4] or "办案机关涉案财物暂存处",
            "owner_name": p.party_name, "owner_phone": p.party_contact[:40]}


def extend_decision(step: Step) -> None:
    step.extend_clock("decision")


def end_investigation(step: Step) -> None:
    p = _p(step)
    p.facts = step.data.model_dump(mode="json", exclude={"summary"})
    step.save(p)


# -- the head's decision at the end of investigation (第五十七条) -------------------------
def conclude(step: Step) -> None:
    p, d = _p(step), step.data
    if d.way == "penalise":
        _propose(step, p, d.fine, list(d.kinds), d.deviation_reasons)
        step.move_to("proposed")
        return
    step.outcome = d.way
    if d.way == "transferred":  # 第二十七条, 第五十七条第一款第四项: the transfer case opens now
        opened = ports.open_transfer(step.case, actor=step.actor, report=d.reasons,
                                     officers=_officers(step, p.officer_ids), on=step.today,
                                     violation_code=p.violation_code, facts=_facts(p))
        step.payload["transfer"] = opened.number
    step.move_to("closed")
    step.cancel_clock("decision")


def _facts(p: m.PenaltyCase) -> dict:
    facts = {key: value for key, value in p.facts.items() if value is not None}
    for key in ("amount_involved", "illegal_income"):
        if facts.get(key) is not None:
            facts[key] = Decimal(str(facts[key]))
    return facts


def _propose(step: Step, p: m.PenaltyCase, fine: Decimal | None, kinds: list[str],
             reasons: str) -> None:
    refusal = guards.minor_refusal(p)
    if refusal:
        raise NotAllowed(refusal)
    facts, agency = _facts(p), step.case.agency
    exempt = ports.exemption(agency, p.violation_code, facts, on=step.today)
    if exempt is not None and getattr(exempt, "mandatory", exempt.kind == "no_penalty"):
        raise NotAllowed(local("本案符合不予处罚情形（{basis}，清单版本{v}），应当不予行政处罚").format(
            basis=exempt.basis, v=exempt.list_version))
    if exempt is not None:  # 首违不罚: the agency may still penalise, and it is recorded
        step.payload["exemption"] = local("可以不予处罚（{basis}，清单版本{v}）").format(
            basis=exempt.basis, v=exempt.list_version)
    assessment = ports.assess(agency, p.violation_code, facts, on=step.today)
    off = ports.deviation(assessment, fine, kinds)
    if off and len(reasons.strip()) < 4:
        raise InvalidData(local("拟处罚{off}，偏离裁量基准的须书面说明理由").format(off=off),
                          field="deviation_reasons")
    p.assessment = _assessment(assessment)
    p.deviation, p.deviation_reasons = off or "", reasons.strip() if off else ""
    p.proposed_fine, p.proposed_kinds = fine, kinds
    p.suspicion = list(ports.flag(step.case, p.violation_code, facts, on=step.today))
    p.review_required, p.review_reason = _reviewable(step, fine, kinds)
    step.save(p)
    step.payload |= {"tier": p.assessment.get("tier_label", ""), "deviation": p.deviation,
                     "review_required": p.review_required, "suspicion": p.suspicion}


def _assessment(found) -> dict:  # noqa: ANN001 - discretion.Assessment or None
    if found is None:
        return {}
    def money(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {"benchmark_id": found.benchmark_id, "version": found.version,
            "tier_code": found.tier_code, "tier_label": found.tier_label,
            "fine_min": money(found.fine_min), "fine_max": money(found.fine_max),
            "kinds": list(found.kinds), "conditions": list(found.conditions)}


def _reviewable(step: Step, fine: Decimal | None, kinds: list[str]) -> tuple[bool, str]:
    """§4.3: the agency's catalogue of reviewable matters decides (第五十八条第一款第四项)."""
    for matter in m.ReviewableMatter.objects.filter(agency_id=step.case.agency_id,
                                                    effective_from__lte=step.today):
        if matter.covers(fine, kinds):
            return True, f"{matter.label}（{matter.citation}）"
    return False, ""


def revise_proposal(step: Step) -> None:
    """After a failed review: a new proposal, notified again."""
    p, d = _p(step), step.data
    refusal = guards.heavier_refusal(p, d.fine, list(d.kinds))
    if refusal:
        raise NotAllowed(refusal)
    _propose(step, p, d.fine, list(d.kinds), d.deviation_reasons)
    p.review_outcome, p.notice_served_on, p.waived = "", None, False
    step.save(p)
    for key in ("defence", "hearing_request"):
        step.cancel_clock(key)


# -- advance notice, defence, hearing --------------------------------------------------
def hearing_eligible(p: m.PenaltyCase) -> bool:
    """第六十三条第一款: large fines (thresholds by province and sector) and heavy kinds."""
    threshold = config.hearing_thresholds()[p.party_type]
    return bool((p.proposed_fine or 0) >= threshold
                or set(p.proposed_kinds) & (m.SEVERE_KINDS | {"confiscate_property"}))


def notify(step: Step) -> None:
    p, served = _p(step), step.data.served_on
    if served > step.today:
        raise InvalidData("送达日期不能晚于今天", field="served_on")
    p.notice_served_on = served
    step.save(p)
    step.start_clock("defence", served)
    if hearing_eligible(p):
        step.start_clock("hearing_request", served)
    step.payload["hearing_eligible"] = hearing_eligible(p)


def defend(step: Step) -> None:
    p = _p(step)
    p.defended = True
    p.defended_fine, p.defended_kinds = p.proposed_fine, list(p.proposed_kinds)
    step.save(p)
    step.finish_clock("defence", step.today)


def waive(step: Step) -> None:
    p = _p(step)
    p.waived = True
    step.save(p)
    for key in ("defence", "hearing_request"):
        step.finish_clock(key, step.today)


def request_hearing(step: Step) -> None:
    p = _p(step)
    p.hearing_requested_on = step.today
    p.defended = True  # a hearing is the party's defence: no heavier penalty after it
    p.defended_fine, p.defended_kinds = p.proposed_fine, list(p.proposed_kinds)
    step.save(p)
    step.finish_clock("hearing_request", step.today)
    step.finish_clock("defence", step.today)
    step.move_to("hearing_requested")


def schedule_hearing(step: Step) -> None:
    """第六十四条: notice at least 7 (working) days before; the presiding officer is not an
    investigator; the hearing period does not count toward the decision limit."""
    p, d = _p(step), step.data
    earliest = step.calendar.add_working_days(d.notified_on, 7)
    if d.hearing_on < earliest:
        raise InvalidData(local("应当在举行听证的七个工作日前通知当事人：通知于{n}送达的，听证日不得早于{e}"
                                "（{basis}第六十四条第二项）").format(
            n=d.notified_on.isoformat(), e=earliest.isoformat(), basis=LAW), field="hearing_on")
    if d.presiding_officer_id in p.officer_ids:
        raise NotAllowed(local("听证由行政机关指定的非本案调查人员主持（{basis}第六十四条第四项）").format(
            basis=LAW))
    p.hearing_on, p.presiding = d.hearing_on, d.presiding
    step.save(p)
    step.stop_clock("decision", step.today, "听证", until=d.hearing_on,
                    until_reason="听证日")


def record_hearing(step: Step) -> None:
    p, d = _p(step), step.data
    if p.hearing_on and step.today < p.hearing_on:
        raise NotAllowed(local("听证定于{on}举行，举行后方可记录").format(on=p.hearing_on.isoformat()))
    p.hearing_record = d.record_no
    step.save(p)
    clock = step.clock("decision")
    if clock is not None and clock.stops and clock.stops[-1]["end"] is None:
        step.resume_clock("decision", max(step.today, date.fromisoformat(clock.stops[-1]["start"])))


# -- legal review (第五十八条, §4.3) ----------------------------------------------------
def submit_review(step: Step) -> None:
    step.start_clock("review", step.today)


def decide_review(step: Step) -> None:
    from django.contrib.auth import get_user_model

    from fazhi.cases import review

    user = get_user_model().objects.filter(pk=step.actor.user_id).first()
    refusal = ports.reviewer_refusal(user, on=step.today)
    if refusal:
        raise NotAllowed(refusal)
    drafters = review.drafter_ids(step.case, ("initiate", "record_investigation", "conclude",
                                              "revise_proposal"))
    review.refuse_drafter(step.actor.user_id, drafters, f"{LAW}第五十八条")
    p, outcome = _p(step), step.data.outcome
    p.review_outcome, p.reviewed_on = outcome, step.today
    step.save(p)
    step.finish_clock("review", step.today)
    step.move_to("review_failed" if outcome == review.FAIL else "reviewed")


# -- decision, service, publicity ---------------------------------------------------------
def decide(step: Step) -> None:
    p, d = _p(step), step.data
    kinds = sorted(set(d.kinds) | ({"fine"} if d.fine else set()))
    for refusal in (guards.heavier_refusal(p, d.fine, kinds), guards.minor_refusal(p),
                    guards.same_act_refusal(p) if d.fine else None):
        if refusal:
            raise NotAllowed(refusal)
    off = ports.deviation(_assessment_back(p), d.fine, kinds) if p.assessment else None
    reasons = d.deviation_reasons.strip() or p.deviation_reasons
    if off and len(reasons) < 4:
        raise InvalidData(local("处罚{off}，偏离裁量基准的须书面说明理由").format(off=off),
                          field="deviation_reasons")
    agency = step.case.agency
    year = step.today.year
    p.decision_no = f"{agency.code}罚决〔{year}〕{next_number(f'penalty:{agency.code}', year)}号"
    p.fine, p.kinds, p.decided_on = d.fine, kinds, step.today
    p.deviation, p.deviation_reasons = off or "", reasons if off else ""
    step.save(p)
    step.finish_clock("decision", step.today)
    step.start_clock("service", step.today)
    step.start_clock(config.publicity_limit(p.sector), step.today)
    step.payload |= {"decision_no": p.decision_no, "tier": p.assessment.get("tier_label", ""),
                     "benchmark_version": p.assessment.get("version", ""),
                     "deviation": p.deviation}
    if p.hearing_record:
        step.payload["hearing_record"] = p.hearing_record  # 第六十五条: the decision rests on it
    links.decided(p, agency, f"{p.violation}：{guards.describe(p.fine, p.kinds)}", step.today)


def _assessment_back(p: m.PenaltyCase):  # noqa: ANN202 - what ports.deviation reads
    from types import SimpleNamespace

    a = dict(p.assessment)
    for key in ("fine_min", "fine_max"):
        a[key] = None if a.get(key) is None else Decimal(a[key])
    a["kinds"], a["conditions"] = tuple(a.get("kinds", ())), tuple(a.get("conditions", ()))
    return SimpleNamespace(**a)


def serve(step: Step) -> None:
    p, served = _p(step), step.data.served_on
    if served > step.today or (p.decided_on and served < p.decided_on):
        raise InvalidData("送达日期应在决定日期与今天之间", field="served_on")
    p.served_on = served
    step.save(p)
    step.finish_clock("service", served)
    if p.fine:
        step.start_clock("payment", served)


def publish(step: Step) -> None:
    p = _p(step)
    publish_decision(step, p, p.decision_no)


def publish_decision(step: Step, p: m.PenaltyCase | m.SimplePenalty, decision_no: str) -> None:
    """Publicity of a decision, general or on the spot (第四十八条; 国办发〔2018〕118号): within the
    sector's limit or recorded as late; a natural person's name masked and no identity number."""
    key = config.publicity_limit(p.sector)
    clock = step.clock(key)
    on_time = clock is None or step.today <= clock.due_on
    p.published_on = step.today
    step.save(p)
    step.finish_clock(key, step.today)
    natural = p.party_type == m.NATURAL
    m.PublishedDecision.objects.create(
        case=step.case, decision_no=decision_no,
        party_name=redaction.mask_name(p.party_name) if natural else p.party_name,
        uscc="" if natural else p.party_id, agency_name=step.case.agency.name,
        violation=p.violation, legal_basis=p.legal_basis,
        penalty=guards.describe(p.fine, p.kinds), decided_on=p.decided_on,
        published_on=step.today, on_time=on_time)
    step.payload["on_time"] = on_time


def revoke(step: Step) -> None:
    """第四十八条第二款: a published decision revoked or changed is withdrawn within 3 WD."""
    p = _p(step)
    p.revoked_on = step.today
    step.save(p)
    for key in ("payment", "service", "demand", "court", config.publicity_limit(p.sector)):
        step.cancel_clock(key)
    if p.published_on is not None:
        step.start_clock("withdrawal", step.today)
        step.move_to("revoked")
    else:
        step.outcome = "revoked"
        step.move_to("closed")


def withdraw_publicity(step: Step) -> None:
    p = _p(step)
    p.withdrawn_on = step.today
    step.save(p)
    m.PublishedDecision.objects.filter(case=step.case).update(
        withdrawn_on=step.today, withdrawal_reason=step.data.reason)
    step.finish_clock("withdrawal", step.today)


# -- payment and enforcement ------------------------------------------------------------
def remedy(step: Step) -> None:
    """Reconsideration or litigation pending: the surcharge does not accrue (第七十三条第三款)."""
    p, d = _p(step), step.data
    rows = list(p.remedies)
    if d.started:
        if rows and rows[-1]["end"] is None:
            raise NotAllowed("已有尚未终结的复议或诉讼")
        rows.append({"kind": d.kind, "start": d.on.isoformat(), "end": None})
    else:
        if not rows or rows[-1]["end"] is not None:
            raise NotAllowed("没有尚未终结的复议或诉讼")
        rows[-1] = rows[-1] | {"end": d.on.isoformat()}
    p.remedies = rows
    step.save(p)


def pauses(p: m.PenaltyCase) -> list[tuple[date, date | None]]:
    return [(date.fromisoformat(r["start"]), date.fromisoformat(r["end"]) if r["end"] else None)
            for r in p.remedies]


def owed(p: m.PenaltyCase, payment_due: date | None, on: date) -> Decimal:
    from fazhi.enforcement.surcharge import surcharge

    if not p.fine:
        return Decimal(0)
    extra = surcharge(p.fine, payment_due, on, pauses(p)) if payment_due else Decimal(0)
    return p.fine + extra


def record_payment(step: Step) -> None:
    p, d = _p(step), step.data
    clock = step.clock("payment")
    due = owed(p, clock.due_on if clock else None, d.paid_on)
    if d.paid_on > step.today:
        raise InvalidData("缴款日期不能晚于今天", field="paid_on")
    if d.amount < due:
        raise InvalidData(local("应缴{due}元（罚款及加处罚款，{basis}第七十二条），实缴{paid}元不足").format(
            due=f"{due:,.2f}", basis=LAW, paid=f"{d.amount:,.2f}"), field="amount")
    p.paid_on, p.paid_amount = d.paid_on, d.amount
    step.save(p)
    step.finish_clock("payment", d.paid_on)
    step.finish_clock("demand", d.paid_on)
    step.payload["surcharge"] = str(due - (p.fine or 0))


def demand(step: Step) -> None:
    """《行政强制法》第五十四条: demand first, then ten working days; the court application
    within 3 months of the end of the remedy periods (第五十三条: six months to sue, 《行政诉讼法》
    第四十六条, the longer of the two)."""
    p, served = _p(step), step.data.served_on
    p.demanded_on = served
    step.save(p)
    step.start_clock("demand", served)
    base = p.served_on or served
    step.start_clock("court", corresponding_date(base, 6))


def apply_court(step: Step) -> None:
    p = _p(step)
    p.court_applied_on = step.today
    step.save(p)
    step.finish_clock("court", step.today)
    step.finish_clock("demand", step.today)


def archive(step: Step) -> None:
    step.outcome = "revoked" if _p(step).revoked_on else "penalised"
