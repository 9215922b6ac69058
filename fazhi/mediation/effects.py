"""What each transition of people's mediation does (run by the engine, in its transaction: a
refusal here leaves nothing written). The referring body's case learns the result through
`fazhi.cases.signals.mediation_concluded` (apps that may not import this one listen)."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.db.models import Q

from fazhi.cases.models import Clock
from fazhi.cases.signals import mediation_concluded
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.law.workdays import corresponding_date
from fazhi.mediation import guards
from fazhi.mediation import models as m
from fazhi.mediation.limits import CPL, LAW, OUTSIDER_MONTHS, SPC
from fazhi.org.models import Agency


def _m(step: Step) -> m.Mediation:
    return step.case.mediation


def _not_after_today(step: Step, on: date, field: str) -> None:
    if on > step.today:
        raise InvalidData("日期不能晚于今天", field=field)


# -- intake (第十七条、第十八条) -------------------------------------------------------------
def register(step: Step) -> None:
    d = step.data
    committee = m.Committee.objects.filter(pk=d.committee_id).first()
    if committee is None:
        raise InvalidData("人民调解委员会不存在", field="committee_id")
    if committee.host_id != step.case.agency_id:
        raise InvalidData("人民调解委员会不属于受理机关", field="committee_id")
    row = m.Mediation(case=step.case, committee=committee, source=d.source,
                      referrer_kind=d.referrer_kind, referrer_body=d.referrer_body.strip(),
                      referrer_number=d.referrer_number.strip(), applicant_name=d.applicant_name,
                      applicant_id=d.applicant_id, applicant_contact=d.applicant_contact,
                      respondent_name=d.respondent_name, respondent_contact=d.respondent_contact,
                      subject=d.subject, facts=d.facts, request=d.request)
    row.save()
    step.payload = {"source": d.source, "subject": d.subject,  # no personal data in the history
                    "referrer_body": row.referrer_body, "referrer_number": row.referrer_number}


def accept(step: Step) -> None:
    row = _m(step)
    row.accepted_on = step.today
    step.save(row)
    step.start_clock("conduct", step.today)


def refuse(step: Step) -> None:
    """第十七条: a party's clear refusal ends it; the refusal is recorded (no assignment after)."""
    row = _m(step)
    row.refused_by = step.data.party_label()
    step.save(row)
    step.cancel_clock("conduct")
    _concluded(step, "refused")


def assign(step: Step) -> None:
    """第十九条、第二十三条: the committee appoints, or the parties choose, one or more mediators
    of the committee."""
    d, row = step.data, _m(step)
    found = list(m.Mediator.objects.filter(pk__in=d.mediator_ids, committee=row.committee,
                                           active=True))
    if len(found) != len(set(d.mediator_ids)):
        raise InvalidData("调解员须为本调解委员会在职的人民调解员", field="mediator_ids")
    row.mediators.add(*found)
    row.chosen_by_parties = row.chosen_by_parties or d.chosen_by_parties
    row.public = d.public
    step.save(row)
    step.payload["mediators"] = "、".join(x.name for x in found)


def hold_session(step: Step) -> None:
    """第二十二条: the mediator hears the parties; 第二十七条: a record is kept."""
    d, row = step.data, _m(step)
    _not_after_today(step, d.held_on, "held_on")
    if row.accepted_on and d.held_on < row.accepted_on:
        raise InvalidData("调解日期不能早于受理日期", field="held_on")
    m.Session.objects.create(mediation=row, held_on=d.held_on, place=d.place,
                             public=row.public, record=d.record)
    row.sessions += 1
    step.save(row)


def end(step: Step) -> None:
    """第二十三条: a party may ask to end the mediation."""
    step.cancel_clock("conduct")
    _concluded(step, "ended")


def fail(step: Step) -> None:
    """第二十六条: mediation fails — ended, and the parties told of arbitration,
    administrative or judicial routes."""
    row = _m(step)
    row.failure_route = step.data.route
    step.save(row)
    step.finish_clock("conduct", step.today)
    step.payload["guidance"] = f"调解不成，当事人可以依法通过{dict(m.ROUTES)[step.data.route]}维护自己的权利（{LAW}第二十六条）"
    _concluded(step, "failed")


def agreement_text(row: m.Mediation, data) -> str:  # noqa: ANN001 - the Agreement schema
    """第二十九条: the parties, the main facts, the disputed matters and each side's
    responsibility, the agreed terms, and how and when they are performed. The document
    is Chinese whatever the interface language (a legal text)."""
    return "\n".join([
        "人民调解协议书",
        f"调解委员会：{row.committee.name}",
        f"当事人：{row.applicant_name}；{row.respondent_name}",
        f"纠纷主要事实、争议事项：{row.facts}",
        f"各方当事人的责任：{data.responsibility}",
        f"经调解，自愿达成如下协议：{data.terms}",
        f"履行方式、时限：{data.performance}",
        "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效"
              f"（{LAW}第二十九条）",
    ])


def agree(step: Step) -> None:
    """第二十八条至第三十一条: a written agreement takes effect when every party signs, the
    mediator signs and the committee seals; an oral one when reached and recorded."""
    d, row = step.data, _m(step)
    _not_after_today(step, d.effective_on, "effective_on")
    if d.kind == "written" and not (d.signed_applicant and d.signed_respondent
                                    and d.mediator_signed and d.sealed):
        raise NotAllowed(local("书面调解协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖"
                               "人民调解委员会印章之日起生效；签章不全的协议尚未生效（{law}第二十九条）"
                               ).format(law=LAW))
    row.agreement_kind, row.agreed_on = d.kind, d.effective_on
    row.agreement = agreement_text(row, d)
    step.save(row)
    step.finish_clock("conduct", step.today)
    if d.kind == "written":
        step.start_clock("confirm_apply", d.effective_on)
    _concluded(step, "agreed")


# -- judicial confirmation (第三十三条；民诉法第二百零五条、第二百零六条) -------------------------------
def apply_confirmation(step: Step) -> None:
    d, row = step.data, _m(step)
    refusal = guards.joint_refusal(d.by_applicant, d.by_respondent)
    if refusal:
        raise NotAllowed(refusal)
    court = court_on_platform(d.court)
    row.court = court.name if court else d.court.strip()
    row.confirmation_applied_on, row.court_number = step.today, ""
    row.court_agency = court
    step.save(row)
    step.finish_clock("confirm_apply", step.today)
    step.start_clock("court_accept", step.today)
    step.payload["court"] = row.court
    if court is not None:  # ADR 0048: the application lands in the court's inbox
        step.add_party(court, "court")
        step.payload["on_platform"] = "是"


def court_on_platform(name: str) -> Agency | None:
    """The court named by the parties when it is on the platform (an agency of kind
    "court"), by its full or short name, NFKC-folded and without spaces."""
    wanted = "".join(unicodedata.normalize("NFKC", name).split())
    if not wanted:
        return None
    return (Agency.objects.filter(kind="court").filter(Q(name=wanted) | Q(short_name=wanted))
            .order_by("pk").first())


def court_accept(step: Step) -> None:
    row = _m(step)
    row.court_number = step.data.court_number.strip()
    step.save(row)
    step.finish_clock("court_accept", step.today)
    step.start_clock("examine", step.today)
    step.start_clock("special", step.today)


def court_decline(step: Step) -> None:
    """解释第三百五十五条: not accepted (status, property rights, other special procedures …).
    The agreement stands; the parties may apply again within the 30 days (to a competent
    court). A court on the platform is done with the case."""
    step.finish_clock("court_accept", step.today)
    row = _m(step)
    if row.court_agency_id:
        step.release_party("court", row.court_agency_id)


def examine(step: Step) -> None:
    """解释第三百五十六条: both parties are summoned to verify the agreement (one absent
    without reason: the application may be treated as withdrawn, 第三百五十七条)."""
    d = step.data
    _not_after_today(step, d.held_on, "held_on")
    clock = step.clock("examine")
    if clock is not None and d.held_on < clock.started_on:
        raise InvalidData("询问日期不能早于受理日期", field="held_on")
    step.payload["present"] = "、".join(
        label for label, here in (("申请人", d.applicant_present),
                                  ("对方当事人", d.respondent_present)) if here) or "无"


def extend(step: Step) -> None:
    step.extend_clock("examine")


def rule(step: Step) -> None:
    """民诉法第二百零六条: valid → enforceable; rejected → re-mediate or sue (解释第三百五十八条)."""
    d, row = step.data, _m(step)
    _not_after_today(step, d.served_on, "served_on")
    if d.ruling == "invalid" and not d.reason.strip():
        raise InvalidData("驳回申请的，应当写明理由（解释第三百五十八条）", field="reason")
    row.ruling, row.ruling_served_on = d.ruling, d.served_on
    step.save(row)
    step.finish_clock("examine", step.today)
    step.finish_clock("special", step.today)
    step.start_clock("objection", d.served_on)
    if d.ruling == "invalid":
        step.payload["guidance"] = (
            "当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼"
            f"（{CPL}第二百零六条、{SPC}第三百五十八条）")
    step.move_to("confirmed" if d.ruling == "valid" else "rejected")
    _concluded(step, "confirmed" if d.ruling == "valid" else "rejected")


def object_to(step: Step) -> None:
    """解释第三百七十二条: a party within 15 days of receiving the ruling; an interested
    outsider within six months of knowing of the harm."""
    d = step.data
    if d.by == "party":
        clock = step.clock("objection")
        if clock is not None and step.today > clock.due_on:
            raise NotAllowed(local("当事人对司法确认裁定提出异议，应当自收到裁定之日起十五日内提出，"
                                   "已于{due}届满（{spc}第三百七十二条）").format(
                due=clock.due_on.isoformat(), spc=SPC))
    else:
        if d.knew_on is None:
            raise InvalidData("利害关系人提出异议的，须写明知道权益受到侵害的日期", field="knew_on")
        due = corresponding_date(d.knew_on, OUTSIDER_MONTHS)  # 民法典第二百零二条
        if step.today > due:
            raise NotAllowed(local("利害关系人应当自知道或者应当知道其民事权益受到侵害之日起六个月内提出异议，"
                                   "已于{due}届满（{spc}第三百七十二条）").format(due=due.isoformat(), spc=SPC))
    clock = step.clock("objection")
    if clock is not None and clock.state == Clock.RUNNING:
        step.finish_clock("objection", step.today)
    step.payload["ruling"] = _m(step).ruling


def decide_objection(step: Step) -> None:
    """解释第三百七十二条: the objection upheld revokes or changes the ruling; else it stands."""
    row = _m(step)
    if step.data.result == "upheld":
        row.ruling = "invalid" if row.ruling == "valid" else "valid"
        step.save(row)
    step.move_to("confirmed" if row.ruling == "valid" else "rejected")


def archive(step: Step) -> None:
    """第二十七条: the register, records and agreement are archived."""
    row = _m(step)
    step.cancel_clock("confirm_apply")
    step.cancel_clock("objection")
    step.outcome = {"agreed": "agreed", "confirmed": "confirmed"}.get(step.case.state, "rejected")
    step.payload["sessions"] = row.sessions
    if row.court_agency_id and step.case.state != "agreed":
        step.release_party("court", row.court_agency_id)  # its objection window is over


def tag_campaign(step: Step) -> None:
    row = _m(step)
    row.campaign = step.data.name.strip()
    step.save(row)


# -- the referring body's case (衔接联动, domain §6.3) ------------------------------------------
def _concluded(step: Step, result: str) -> None:
    """Tell the referring body's case of the result, in this transaction."""
    row = _m(step)
    if row.source != "referral" or not row.referrer_number:
        return
    done = mediation_concluded.send(
        sender=m.Mediation, kind=row.referrer_kind, number=row.referrer_number, result=result,
        mediation=step.case.number, agreement=row.agreement, today=step.today)
    answer = "；".join(str(said) for _, said in done if said)
    if answer:
        row.referral_result = answer[:200]
        step.save(row)
        step.payload["linked"] = answer
