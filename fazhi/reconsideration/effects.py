"""What each transition of the reconsideration procedure does (run by the engine, in its
transaction: a refusal here leaves nothing written)."""

from __future__ import annotations

from fazhi.cases.models import Case
from fazhi.cases.signals import act_reviewed
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.law.rfc3797 import canonical_sources, rfc3797_select
from fazhi.notifications.services import notify
from fazhi.org.models import Agency
from fazhi.reconsideration import guards
from fazhi.reconsideration import models as m
from fazhi.reconsideration.limits import LAW

# States a suspension returns to (the case resumes where it stood)
RESUMABLE = frozenset({"accepted", "copying", "replying", "reviewing", "hearing_scheduled"})


def _r(step: Step) -> m.Reconsideration:
    return step.case.reconsideration


def _tell(step: Step, what: str) -> None:
    """The applicant hears of each step that concerns them (the shared outbox)."""
    r = _r(step)
    contact = r.applicant_contact.strip()
    if contact and contact.replace("-", "").isdigit():
        notify(kind=f"reconsideration.{step.transition.action if step.transition else 'open'}",
               to=contact, body=local("您的行政复议申请（{no}）：{what}").format(
                   no=step.case.number, what=what), ref=step.case.number)


# -- application and acceptance (第二十条至第三十一条) ------------------------------------------
def apply(step: Step) -> None:
    d = step.data
    respondent = Agency.objects.filter(code=d.respondent_code).first()
    if respondent is None:
        raise InvalidData("被申请人不存在，请选择作出行政行为的机关", field="respondent_code")
    if d.disclosure_case and not Case.objects.filter(
            number=d.disclosure_case.strip(), procedure="disclosure",
            agency_id=respondent.pk).exists():
        raise InvalidData("原政府信息公开案件编号不存在，或者该案件不是被申请人办理的",
                          field="disclosure_case")
    filed_on = getattr(d, "posted_on", None) or step.case.received_on
    if filed_on > step.case.received_on:
        raise InvalidData("邮戳日期不能晚于收到日期", field="posted_on")
    refusal, explanation = guards.window(d, filed_on, step.calendar)
    if refusal:
        raise NotAllowed(refusal)
    body = (Agency.objects.filter(code=d.body_code).first() if d.body_code else None) \
        or (step.case.agency if not step.case.agency.is_legal_office else _organ(step))
    r = m.Reconsideration(
        case=step.case, body=body, respondent=respondent, channel=d.channel,
        applicant_name=d.applicant_name, applicant_id=d.applicant_id,
        applicant_contact=d.applicant_contact, act=d.act, act_kind=d.act_kind, act_no=d.act_no,
        act_date=d.act_date, known_on=d.known_on, told_of_right=d.told_of_right,
        right_known_on=d.right_known_on, real_property=d.real_property, amount=d.amount,
        request=d.request, reasons=d.reasons, good_reason=d.good_reason,
        window_note=explanation, disclosure_case=d.disclosure_case)
    step.save(r)
    if body.pk != step.case.agency_id:
        step.add_party(body, "organ")
    step.add_party(respondent, "respondent")
    step.payload["window"] = explanation
    step.start_clock("accept", step.case.received_on)


def _organ(step: Step) -> Agency:
    """The government a legal office's reconsideration office serves: the government of its
    region (demo: 厦门市司法局 → 厦门市人民政府)."""
    office = step.case.agency
    return (Agency.objects.filter(region_id=office.region_id, kind="government").first()
            or office)


def _accepted(step: Step, on) -> None:  # noqa: ANN001 - a date
    r = _r(step)
    r.accepted_on = on
    step.save(r)
    step.payload["accepted_on"] = on.isoformat()
    step.start_clock("decide", on)


def accept(step: Step) -> None:
    step.finish_clock("accept", step.today)
    _accepted(step, step.today)
    _tell(step, "已受理")


def deem_accepted(step: Step) -> None:
    """第三十条第二款: accepted on the day the review period ends."""
    clock = step.clock("accept")
    due = clock.due_on
    step.finish_clock("accept", due)
    r = _r(step)
    r.deemed_accepted = True
    step.save(r)
    step.payload["deemed"] = local("受理审查期限于{due}届满未作出不予受理决定，自该日起视为受理"
                                   "（{law}第三十条第二款）").format(due=due, law=LAW)
    _accepted(step, due)
    _tell(step, "受理审查期限届满，视为受理")


def refuse(step: Step) -> None:
    step.finish_clock("accept", step.today)
    _tell(step, "不予受理")


def request_correction(step: Step) -> None:
    r = _r(step)
    if step.data.served_on < step.case.received_on or step.data.served_on > step.today:
        raise InvalidData("补正通知送达日期应在收到申请之日和今天之间", field="served_on")
    r.corrections += 1
    step.save(r)
    step.finish_clock("accept", step.today)  # the notice came within the review period
    step.start_clock("correction", step.data.served_on)
    _tell(step, "请在十个工作日内补正")


def correct(step: Step) -> None:
    """Corrected: the 5 WD review runs again from the day the materials arrive."""
    step.finish_clock("correction", step.today)
    step.start_clock("accept", step.today)


def abandon(step: Step) -> None:
    step.finish_clock("correction", step.today)


# -- the track, the copy and the reply (第四十八条、第五十三条至第五十五条) ------------------------
def set_track(step: Step) -> None:
    r, d = _r(step), step.data
    if d.track == m.SIMPLIFIED:
        refusal = guards.simplified_refusal(r, d.ground, d.clear)
        if refusal:
            raise NotAllowed(refusal)
        step.cancel_clock("decide")
        step.start_clock("decide_simplified", r.accepted_on)
    r.track, r.major = d.track, d.major
    step.save(r)
    step.start_clock("copy_simplified" if d.track == m.SIMPLIFIED else "copy", r.accepted_on)


def send_copy(step: Step) -> None:
    r, d = _r(step), step.data
    if d.received_on < d.sent_on or d.sent_on < r.accepted_on or d.received_on > step.today:
        raise InvalidData("发送和收到日期应在受理之日和今天之间，收到不早于发送", field="received_on")
    simple = r.simplified
    step.finish_clock("copy_simplified" if simple else "copy", d.sent_on)
    step.start_clock("reply_simplified" if simple else "reply", d.received_on)


def _finish_reply(step: Step) -> None:
    step.finish_clock("reply", step.today)
    step.finish_clock("reply_simplified", step.today)


def file_reply(step: Step) -> None:
    r = _r(step)
    _finish_reply(step)
    r.reply_on, r.reply = step.today, step.data.reply
    step.save(r)
    step.release_party("respondent")


def reply_lapsed(step: Step) -> None:
    """第七十条: no reply in time — the act is treated as having no evidence or basis."""
    r = _r(step)
    _finish_reply(step)
    r.no_reply = True
    step.save(r)
    step.release_party("respondent")


def convert(step: Step) -> None:
    """第五十五条: the office head approves; the 60 days run from the original acceptance
    (UNVERIFIED: see the decide_simplified limit's note)."""
    r = _r(step)
    r.track, r.converted = m.ORDINARY, True
    step.save(r)
    step.cancel_clock("decide_simplified")
    step.start_clock("decide", r.accepted_on)
    for simple, ordinary in (("copy_simplified", "copy"), ("reply_simplified", "reply")):
        clock = step.clock(simple)
        if clock is not None and clock.state == "running":
            step.cancel_clock(simple)
            step.start_clock(ordinary, clock.started_on)


def extend(step: Step) -> None:
    """第六十二条第一款: approved by the office head, notified to the parties in writing."""
    if step.data.notified_on > step.today:
        raise InvalidData("书面告知日期不能晚于今天", field="notified_on")
    step.extend_clock("decide")
    _tell(step, "审理期限经批准延长三十日")


# -- the reconsideration committee (第五十二条) ------------------------------------------------
def committee_draw(sources: list[str], candidates: list[str], count: int) -> list[str]:
    """RFC 3797 selection over the pool in code order: what anyone re-runs to check a draw."""
    return rfc3797_select([s.split() for s in sources], candidates, count)


def draw_committee(step: Step) -> None:
    r, d = _r(step), step.data
    candidates = list(m.Expert.objects.filter(active=True).order_by("code")
                      .values_list("code", flat=True))
    if len(candidates) < d.count:
        raise NotAllowed(local("专家库在库专家不足{n}人").format(n=d.count))
    try:
        chosen = committee_draw(d.sources, candidates, d.count)
    except ValueError as exc:
        raise InvalidData(local("公开随机数来源值无效：{e}").format(e=exc), field="sources") from None
    r.committee = {"method": "RFC 3797", "sources": d.sources, "source_names": d.source_names,
                   "key": canonical_sources([s.split() for s in d.sources]),
                   "candidates": candidates, "count": d.count, "chosen": chosen,
                   "drawn_on": step.today.isoformat()}
    step.save(r)
    step.payload["committee"] = r.committee


def record_opinion(step: Step) -> None:
    r, d = _r(step), step.data
    strangers = set(d.members) - set(r.committee.get("chosen", []))
    if strangers:
        raise InvalidData(local("出席的专家须为本案抽取的专家：{codes}").format(
            codes="、".join(sorted(strangers))), field="members")
    r.committee_opinion = d.opinion
    step.save(r)


# -- hearing the parties (第四十九条至第五十一条) ------------------------------------------------
def hear_parties(step: Step) -> None:
    r, d = _r(step), step.data
    if d.way == "written" and r.track == m.ORDINARY and not d.party_prevented:
        raise NotAllowed(local("适用普通程序的，只有因当事人原因不能听取意见时才可以书面审理"
                               "（{law}第四十九条）").format(law=LAW))
    r.parties_heard = True
    step.save(r)


def schedule_hearing(step: Step) -> None:
    d = step.data
    earliest = step.calendar.add_working_days(d.notified_on, 5)
    if d.hearing_on < earliest:
        raise InvalidData(local("听证通知应当在举行听证的五个工作日前送达，听证日期最早为{day}"
                                "（{law}第五十条）").format(day=earliest, law=LAW),
                          field="hearing_on")
    r = _r(step)
    r.hearing_on = d.hearing_on
    step.save(r)
    _tell(step, local("定于{day}举行听证").format(day=d.hearing_on))


def record_hearing(step: Step) -> None:
    r = _r(step)
    r.hearing_record_no, r.parties_heard = step.data.record_no, True
    step.save(r)


# -- suspension, termination, withdrawal, mediation (第五条、第三十九条至第四十一条、第七十三条、第七十四条)
def _decide_key(r: m.Reconsideration) -> str:
    return "decide_simplified" if r.simplified else "decide"


def suspend(step: Step) -> None:
    """第三十九条: a stop always has an end (the bound the office sets); the decision
    clock stands still meanwhile (UNVERIFIED, procedures.md §8.3)."""
    r, d = _r(step), step.data
    if d.ground == "mediation" and not d.note.strip():
        raise InvalidData("调解、和解中止的，须写明申请人和被申请人同意中止", field="note")
    r.resume_state, r.suspended_on = step.case.state, d.on
    step.save(r)
    if step.clock(_decide_key(r)) is not None:
        step.stop_clock(_decide_key(r), d.on, "行政复议中止", until=d.until,
                        until_reason=local("中止最迟结束日期"))
    step.start_clock("suspension", d.on)
    _tell(step, "行政复议中止")


def resume(step: Step) -> None:
    r = _r(step)
    if step.data.on < r.suspended_on:
        raise InvalidData("恢复审理日期不能早于中止日期", field="on")
    if step.clock(_decide_key(r)) is not None:
        step.resume_clock(_decide_key(r), step.data.on)
    step.cancel_clock("suspension")
    step.move_to(r.resume_state if r.resume_state in RESUMABLE else "reviewing")
    r.resume_state, r.suspended_on = "", None
    step.save(r)
    _tell(step, "恢复审理")


def _close_clocks(step: Step) -> None:
    for key in ("decide", "decide_simplified", "copy", "copy_simplified", "reply",
                "reply_simplified", "suspension", "accept"):
        step.cancel_clock(key)
    step.release_party("respondent")


def terminate(step: Step) -> None:
    """第四十一条; after 60 days of a suspension on grounds (i), (ii) or (iv)."""
    if step.data.ground == "suspended_60":
        clock = step.clock("suspension")
        if clock is None or clock.state != "running" or step.today <= clock.due_on:
            raise NotAllowed(local("中止满六十日原因仍未消除的，方可终止（{law}第四十一条）").format(
                law=LAW))
    _close_clocks(step)


def withdraw(step: Step) -> None:
    """第七十四条: a settlement ends by withdrawal; once approved, no new application on the
    same facts and grounds unless the withdrawal was shown to be involuntary."""
    if not step.data.voluntary:
        raise NotAllowed(local("撤回申请应当出于申请人自愿（{law}第七十四条第二款）").format(law=LAW))
    _close_clocks(step)


def mediate(step: Step) -> None:
    """第七十三条: the 调解书 takes effect once every party signs and the body seals it."""
    d = step.data
    if not (d.all_signed and d.sealed):
        raise NotAllowed(local("行政复议调解书经各方当事人签字、行政复议机关加盖印章后方发生法律效力；"
                               "未生效的，应当依法审查或者及时作出决定（{law}第七十三条）").format(law=LAW))
    _close_clocks(step)


# -- the decision (第六十一条至第七十二条) ---------------------------------------------------------
def propose(step: Step) -> None:
    r = _r(step)
    proposal = step.data.model_dump(mode="json")
    refusal = guards.proposal_refusal(r, proposal)
    if refusal:
        raise NotAllowed(refusal)
    r.proposal = proposal
    step.save(r)
    step.payload["decision_kind"] = m.DECISIONS[proposal["kind"]]
    if r.hearing_record_no:
        step.payload["hearing_record"] = r.hearing_record_no


def return_proposal(step: Step) -> None:
    r = _r(step)
    r.proposal = {}
    step.save(r)


def decide(step: Step) -> None:
    r = _r(step)
    p = r.proposal
    r.decision, r.decided_on, r.decision_no = p["kind"], step.today, step.data.decision_no
    r.redo_ordered, r.decision_text = bool(p.get("redo")), p["content"]
    step.save(r)
    step.finish_clock(_decide_key(r), step.today)
    step.cancel_clock("suspension")
    step.payload["decision_kind"] = m.DECISIONS[r.decision]


def serve(step: Step) -> None:
    """Effective on service (第七十五条); published as public as the original act was
    (第七十九条)."""
    r, d = _r(step), step.data
    if d.served_on < r.decided_on or d.served_on > step.today:
        raise InvalidData("送达日期应在决定日期和今天之间", field="served_on")
    r.served_on, r.published = d.served_on, d.publish
    step.save(r)
    step.outcome = r.decision
    if r.disclosure_case:  # the disclosure case learns of it (and may reopen) in this transaction
        done = act_reviewed.send(
            sender=m.Reconsideration, number=r.disclosure_case, kind=r.decision,
            redo=r.redo_ordered, redo_days=r.proposal.get("redo_days"),
            decision_no=r.decision_no, decided_on=r.decided_on, served_on=d.served_on,
            today=step.today)
        step.payload["linked"] = "；".join(str(answer) for _, answer in done if answer)
    _tell(step, local("行政复议决定书已送达（{kind}）").format(kind=m.DECISIONS[r.decision]))
