"""What each transition of the reconsideration procedure does (run by the engine, in its
transaction: a refusal here leaves nothing written)."""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.cases.models import Case, Clock
from fazhi.cases.signals import act_reviewed, document_reviewed, petition_routed
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.law.inputs import folded_number
from fazhi.law.redaction import mask_name
from fazhi.law.rfc3797 import canonical_sources, rfc3797_select
from fazhi.law.timelimits import evaluate
from fazhi.notifications.services import notify
from fazhi.org.models import Agency
from fazhi.publication.services import publish
from fazhi.reconsideration import experts, guards
from fazhi.reconsideration import models as m
from fazhi.reconsideration.limits import LAW, LIMITS

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
    if d.petition_case.strip():  # 诉访分离: the petition routed here follows this case
        step.payload["linked"] = _link_petition(step, d)
    if d.review_document.strip():  # 第十三条: the request for incidental review, made with it
        number = folded_number(d.review_document)
        doc = find_document(number, step.case.number, step.today, "review_document")
        r.review = {"with_application": True, "document_no": number, **doc}
        step.payload["document"] = f"{number}《{doc['title']}》"
    step.save(r)
    if body.pk != step.case.agency_id:
        step.add_party(body, "organ")
    step.add_party(respondent, "respondent")
    step.payload["window"] = explanation
    step.start_clock("accept", step.case.received_on)


def _link_petition(step: Step, d) -> str:  # noqa: ANN001 - the application
    number = folded_number(d.petition_case)
    done = petition_routed.send(sender=m.Reconsideration, number=number,
                                petitioner_id=d.applicant_id, reconsideration=step.case.number,
                                today=step.today)
    linked = "；".join(str(answer) for _, answer in done if answer)
    if not linked:
        raise InvalidData("信访事项不存在、未分类导入行政复议，或者信访人与申请人不一致，请核对信访事项编号",
                          field="petition_case")
    return linked


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
        if clock is not None and clock.state == Clock.RUNNING:
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
    # a redraw after a declared conflict (回避) leaves out the experts who declared one
    candidates = list(m.Expert.objects.filter(active=True).exclude(code__in=experts.recused(step.case))
                      .order_by("code").values_list("code", flat=True))
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
    # the individual opinions the drawn experts signed in the browser (ADR 0049)
    step.payload["expert_opinions"] = [f"{o['expert']} {o['expert_name']}：{o['opinion']}"
                                       for o in experts.opinions(step.case)
                                       if o["expert"] in r.committee.get("chosen", [])]


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
        if clock is None or clock.state != Clock.RUNNING or step.today <= clock.due_on:
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
    if r.review_finding:  # 第五十九条: the decision states the finding on the document
        step.payload["incidental_review"] = review_statement(r)
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
    _superior(step, d.superior_code)
    step.outcome = r.decision
    days = _perform_days(r)
    r.perform_required = r.decision in m.PERFORMED or r.redo_ordered
    if r.perform_required:  # 第七十七条: the respondent performs, the body supervises
        step.add_party(r.respondent, "respondent")
        if days:
            _set_perform_due(step, d.served_on + timedelta(days=days))
    step.save(r)
    watch = r.perform_required or (r.letter_no and not r.letter_reported_on) \
        or (r.decision in {"uphold", "change"} and r.act_kind in {"penalty", "on_the_spot"})
    step.move_to("performing" if watch else "closed")
    if d.publish:
        publish_decision(step)
    if r.disclosure_case:  # the disclosure case learns of it (and may reopen) in this transaction
        done = act_reviewed.send(
            sender=m.Reconsideration, number=r.disclosure_case, kind=r.decision,
            redo=r.redo_ordered, redo_days=r.proposal.get("redo_days"),
            decision_no=r.decision_no, decided_on=r.decided_on, served_on=d.served_on,
            today=step.today)
        step.payload["linked"] = "；".join(str(answer) for _, answer in done if answer)
    _tell(step, local("行政复议决定书已送达（{kind}）").format(kind=m.DECISIONS[r.decision]))


# -- incidental review of a normative document (第十三条、第五十六条至第六十条) ------------------
def find_document(number: str, case_number: str, today, field: str) -> dict:  # noqa: ANN001
    """The published document by its number, as the normative-documents app knows it
    (`document_reviewed`, stage "lookup"); an unknown number is refused."""
    answers = document_reviewed.send(sender=m.Reconsideration, stage="lookup", number=number,
                                     case=case_number, today=today)
    found = next((answer for _, answer in answers if isinstance(answer, dict)), None)
    if found is None:
        raise InvalidData(local("统一登记号为“{no}”的规范性文件不存在或者尚未公布，请核对后重新填写"
                                ).format(no=number), field=field)
    return found


def _tell_document(step: Step, stage: str, **kw) -> None:  # noqa: ANN003
    r = _r(step)
    done = document_reviewed.send(sender=m.Reconsideration, stage=stage,
                                  number=r.review["document_no"], case=step.case.number,
                                  today=step.today, **kw)
    linked = "；".join(str(answer) for _, answer in done if answer)
    if linked:
        step.payload["linked"] = linked


def _due(step: Step, key: str, on) -> date:  # noqa: ANN001 - a date
    return evaluate(LIMITS[key], step.calendar, on).due


def _stop_decision(step: Step, on, bound: date, why: str) -> None:  # noqa: ANN001
    """The decision clock stands still while the document is reviewed, to the latest day
    the review may take (第三十九条第一款第七项; the stop always ends)."""
    r = _r(step)
    key = _decide_key(r)
    clock = step.clock(key)
    if clock is None or clock.state != Clock.RUNNING:
        return
    if any(row["end"] is None for row in clock.stops):  # the stop moves to a new bound
        step.resume_clock(key, on)
    step.stop_clock(key, on, "行政复议中止", until=bound, until_reason=why)


def request_review(step: Step) -> None:
    r, d = _r(step), step.data
    number = folded_number(d.document_no) or r.review.get("document_no", "")
    if not number:
        raise InvalidData("请填写规范性文件统一登记号", field="document_no")
    if d.requested_on > step.today or d.requested_on < step.case.received_on:
        raise InvalidData("提出附带审查申请的日期应在收到行政复议申请之日和今天之间", field="requested_on")
    if d.suspended_on < d.requested_on or d.suspended_on > step.today:
        raise InvalidData("中止日期应在提出附带审查申请之日和今天之间", field="suspended_on")
    doc = find_document(number, step.case.number, step.today, "document_no")
    key = "incidental_review" if d.competent else "incidental_transfer"
    r.review = {"with_application": r.review.get("with_application", False),
                "document_no": number, **doc, "clauses": d.clauses, "grounds": d.grounds,
                "requested_on": d.requested_on.isoformat(),
                "suspended_on": d.suspended_on.isoformat(), "competent": d.competent}
    r.resume_state, r.suspended_on = step.case.state, d.suspended_on
    step.save(r)
    step.start_clock(key, d.suspended_on)
    step.start_clock("issuer_notice", d.suspended_on)
    bound = _due(step, key, d.suspended_on)
    _stop_decision(step, d.suspended_on, bound, local("{label}届满，{citation}").format(
        label=LIMITS[key].label, citation=LIMITS[key].citation))
    step.payload["document"] = f"{number}《{doc['title']}》（{doc['issuer_name']}）"
    step.payload["review_due"] = bound.isoformat()
    _tell_document(step, "requested", clauses=d.clauses, body=r.body.name)
    _tell(step, "因审查规范性文件，行政复议中止")


def notify_issuer(step: Step) -> None:
    r, d = _r(step), step.data
    if d.notified_on < r.suspended_on or d.notified_on > step.today:
        raise InvalidData("通知日期应在中止之日和今天之间", field="notified_on")
    issuer = Agency.objects.filter(code=r.review["issuer_code"]).first()
    if issuer is None:
        raise InvalidData("制定机关未在本系统登记，请线下书面通知", field="notified_on")
    step.finish_clock("issuer_notice", d.notified_on)
    step.start_clock("issuer_reply", d.notified_on)
    step.add_party(issuer, "issuer")
    r.review = r.review | {"issuer_notified_on": d.notified_on.isoformat()}
    step.save(r)


def issuer_reply(step: Step) -> None:
    r = _r(step)
    step.finish_clock("issuer_reply", step.today)
    r.review = r.review | {"issuer_reply": step.data.reply, "issuer_materials": step.data.materials,
                           "issuer_replied_on": step.today.isoformat()}
    step.save(r)
    step.release_party("issuer")


def transfer_review(step: Step) -> None:
    r, d = _r(step), step.data
    competent = Agency.objects.filter(code=d.competent_code.strip()).first()
    if competent is None:
        raise InvalidData("有权处理的行政机关不存在，请核对机关代码", field="competent_code")
    if competent.pk in (step.case.agency_id, r.body_id):
        raise InvalidData("本机关无权处理的，应当转送其他有权处理的行政机关", field="competent_code")
    if d.transferred_on < r.suspended_on or d.transferred_on > step.today:
        raise InvalidData("转送日期应在中止之日和今天之间", field="transferred_on")
    step.finish_clock("incidental_transfer", d.transferred_on)
    step.start_clock("transfer_reply", d.transferred_on)
    step.add_party(competent, "reviewer")
    bound = _due(step, "transfer_reply", d.transferred_on)
    _stop_decision(step, d.transferred_on, bound, local("{label}届满，{citation}").format(
        label=LIMITS["transfer_reply"].label, citation=LIMITS["transfer_reply"].citation))
    r.review = r.review | {"transferred_to": competent.name, "transferred_code": competent.code,
                           "transferred_on": d.transferred_on.isoformat()}
    step.save(r)
    step.payload["review_due"] = bound.isoformat()
    _tell_document(step, "transferred", to=competent.name)


def conclude_review(step: Step) -> None:
    """第五十九条、第六十条: the finding ends the suspension; the decision states it."""
    r, d = _r(step), step.data
    if d.concluded_on < r.suspended_on or d.concluded_on > step.today:
        raise InvalidData("作出处理意见日期应在中止之日和今天之间", field="concluded_on")
    for key in ("incidental_review", "transfer_reply"):
        step.finish_clock(key, d.concluded_on)
    for key in ("issuer_notice", "issuer_reply"):
        step.cancel_clock(key)
    key = _decide_key(r)
    clock = step.clock(key)
    if clock is not None and clock.state == Clock.RUNNING and clock.stops \
            and clock.stops[-1]["end"] is None:
        step.resume_clock(key, d.concluded_on)
    decided_by = r.review.get("transferred_to") or r.body.name
    consequence = (local("相关条款合法，在行政复议决定书中一并告知（{law}第五十九条）")
                   if d.finding == "lawful" else
                   local("停止该条款的执行，责令制定机关予以纠正（{law}第五十九条）"))
    r.review = r.review | {"finding": d.finding, "opinion": d.opinion, "decided_by": decided_by,
                           "concluded_on": d.concluded_on.isoformat(),
                           "consequence": consequence}
    r.review_finding = d.finding
    step.move_to(r.resume_state if r.resume_state in RESUMABLE else "reviewing")
    r.resume_state, r.suspended_on = "", None
    step.save(r)
    step.release_party("reviewer")
    step.release_party("issuer")
    step.payload["incidental_review"] = f"{m.FINDINGS[d.finding]}：{consequence}"
    _tell_document(step, "concluded", finding=d.finding, finding_label=m.FINDINGS[d.finding],
                   opinion=d.opinion, decided_by=decided_by, clauses=r.review.get("clauses", ""),
                   consequence=consequence)
    _tell(step, "规范性文件附带审查已作出处理，恢复审理")


def review_statement(r: m.Reconsideration) -> str:
    """What the decision says of the incidental review (第五十九条)."""
    if not r.review_finding:
        return ""
    return local("附带审查：{no}《{title}》{clauses}——{finding}；{consequence}").format(
        no=r.review.get("document_no", ""), title=r.review.get("title", ""),
        clauses=r.review.get("clauses", ""), finding=m.FINDINGS[r.review_finding],
        consequence=r.review.get("consequence", ""))


# -- opinion letters (第七十六条) and the copy to the superior authority (第七十九条第二款) -------
def _superior(step: Step, code: str) -> Agency | None:
    code = code.strip()
    if not code:
        return None
    superior = Agency.objects.filter(code=code).first()
    if superior is None:
        raise InvalidData("抄告的上一级主管部门不存在，请核对机关代码", field="superior_code")
    r = _r(step)
    step.add_party(superior, "superior")
    r.copied_to = superior
    step.payload["copied_to"] = superior.name
    return superior


def issue_letter(step: Step) -> None:
    r, d = _r(step), step.data
    recipient = Agency.objects.filter(code=d.recipient_code.strip()).first()
    if recipient is None:
        raise InvalidData("意见书接收机关不存在，请核对机关代码", field="recipient_code")
    if recipient.pk in (step.case.agency_id, r.body_id):
        raise InvalidData("行政复议意见书制发给被申请人或者其下级行政机关", field="recipient_code")
    if d.received_on < step.case.received_on or d.received_on > step.today:
        raise InvalidData("意见书送达日期应在收到申请之日和今天之间", field="received_on")
    r.letter_no, r.letter_to, r.letter_content = d.letter_no, recipient, d.content
    r.letter_received_on, r.letter_report, r.letter_reported_on = d.received_on, "", None
    _superior(step, d.superior_code)
    step.save(r)
    step.add_party(recipient, "recipient")
    step.start_clock("opinion_letter", d.received_on)


def report_letter(step: Step) -> None:
    r, d = _r(step), step.data
    if d.reported_on < r.letter_received_on or d.reported_on > step.today:
        raise InvalidData("报告日期应在意见书送达之日和今天之间", field="reported_on")
    step.finish_clock("opinion_letter", d.reported_on)
    clock = step.clock("opinion_letter")
    r.letter_report, r.letter_reported_on = d.report, d.reported_on
    step.save(r)
    step.release_party("recipient")
    step.payload["on_time"] = bool(clock and clock.state == Clock.MET)


# -- performance supervision (第七十七条、第七十八条) ----------------------------------------------
def _perform_days(r: m.Reconsideration) -> int | None:
    if r.decision in m.REDO_KINDS and not r.redo_ordered:
        return None
    return r.proposal.get("redo_days")


def _set_perform_due(step: Step, due: date) -> None:
    r = _r(step)
    r.perform_due = due
    step.start_clock("perform", due)
    step.payload["perform_due"] = due.isoformat()


def report_performance(step: Step) -> None:
    r, d = _r(step), step.data
    if d.performed_on < r.served_on or d.performed_on > step.today:
        raise InvalidData("履行日期应在决定书送达之日和今天之间", field="performed_on")
    step.finish_clock("perform", d.performed_on)
    r.performance, r.performed_on = d.performance, d.performed_on
    step.save(r)
    step.release_party("respondent")


def order_performance(step: Step) -> None:
    r, d = _r(step), step.data
    labels = {"interview": "约谈被申请人的有关负责人", "criticism": "予以通报批评"}
    step.finish_clock("perform", step.today)  # missed: the period ran out unperformed
    r.perform_orders += 1
    done = "、".join(labels[x] for x in d.measures) or local("责令限期履行")
    r.accountability = "\n".join(filter(None, [r.accountability, local(
        "{day}：责令{days}日内履行；{done}。{note}").format(day=step.today, days=d.days, done=done,
                                                   note=d.note)]))
    _set_perform_due(step, step.today + timedelta(days=d.days))
    step.save(r)
    step.payload["accountability"] = done


def record_enforcement(step: Step) -> None:
    r, d = _r(step), step.data
    wanted = "respondent" if r.decision == "uphold" else "body"
    if d.route != wanted:
        raise InvalidData(local("{kind}的决定，应当{route}（{law}第七十八条）").format(
            kind=m.DECISIONS[r.decision], route=m.ENFORCEMENT[wanted], law=LAW), field="route")
    r.enforcement = d.route
    step.save(r)


def conclude(step: Step) -> None:
    step.cancel_clock("perform")


# -- publication (第七十九条第一款) --------------------------------------------------------
PUBLISHED_KIND = "reconsideration.decision"


def publish_decision(step: Step) -> None:
    """The served decision reaches the public through `fazhi.publication` only, redacted
    before it is stored: the applicant's name masked, no identifier or contact."""
    r = _r(step)
    publish(kind=PUBLISHED_KIND, case=step.case, agency=r.body,
            title=f"{r.decision_no} {m.DECISIONS[r.decision]}", body=r.decision_text,
            data={"decision_no": r.decision_no, "decided_on": r.decided_on.isoformat(),
                  "served_on": r.served_on.isoformat(), "applicant": mask_name(r.applicant_name),
                  "respondent": r.respondent.name, "body": r.body.name,
                  "act_kind": r.get_act_kind_display(), "decision": m.DECISIONS[r.decision],
                  "kind": r.decision, "redo": r.redo_ordered, "committee": r.committee,
                  "opinion": bool(r.committee_opinion), "review": review_statement(r)},
            personal_names=[r.applicant_name])
    step.payload["published_as"] = PUBLISHED_KIND

