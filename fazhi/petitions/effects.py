"""What each transition of petitions does (run by the engine, in its transaction: a
refusal here leaves nothing written). Messages to the petitioner and to agencies go
through the shared outbox (fazhi.notifications)."""

from __future__ import annotations

from datetime import date

from fazhi.cases.models import Case
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.notifications.models import Notification
from fazhi.notifications.services import notify
from fazhi.org.models import Agency
from fazhi.petitions import guards
from fazhi.petitions import models as m

SCORES = {"satisfied": 3, "basic": 2, "unsatisfied": 1}


def _p(step: Step) -> m.Petition:
    return step.case.petition


def _tell(step: Step, what: str) -> None:
    """A short notice to the petitioner's phone (no personal data in the text)."""
    p = _p(step)
    notify(kind="petition.notice", to=p.petitioner_contact, channel=Notification.SMS,
           ref=f"petition:{step.case.pk}:{step.transition.action if step.transition else ''}",
           body=local("您的信访事项（{number}）：{what}").format(number=step.case.number, what=what),
           immediate=False)


def upper_body(agency: Agency) -> Agency | None:
    """The body one level up (第三十五条、第三十六条): a department's or street office's
    government of the same area; a district government's, the city government."""
    if agency.kind != "government":
        return Agency.objects.filter(kind="government", region_id=agency.region_id).first()
    parent = agency.region.parent_id
    return Agency.objects.filter(kind="government", region_id=parent).first() if parent else None


def _agency(pk: int, field: str) -> Agency:
    found = Agency.objects.filter(pk=pk).first()
    if found is None:
        raise InvalidData("机关不存在", field=field)
    return found


def _done(step: Step) -> None:
    """The matter ends: the competent body's part is done (it keeps reading the case; the
    part leaves its inbox's candidates, ADR 0047)."""
    competent = _p(step).competent_id
    if competent is not None:
        step.release_party("competent", competent)


# -- intake -----------------------------------------------------------------------
def register(step: Step) -> None:
    d = step.data
    refusal = guards.representatives_refusal(len(d.representatives))
    if refusal:
        raise NotAllowed(refusal)
    key, related = guards.matter_key(d.subject), ""
    if d.related_number:
        earlier = m.Petition.objects.filter(case__number=d.related_number.strip()).first()
        if earlier is None:
            raise InvalidData("关联的在先信访事项不存在", field="related_number")
        key, related = earlier.matter_key, earlier.case.number
    refusal = (guards.final_refusal(d.petitioner_id, key)
               or guards.pending_refusal(d.petitioner_id, key))
    if refusal:
        raise NotAllowed(refusal)
    p = m.Petition(case=step.case, channel=d.channel, petitioner_name=d.petitioner_name,
                   petitioner_id=d.petitioner_id, petitioner_contact=d.petitioner_contact,
                   petitioner_address=d.petitioner_address, representatives=d.representatives,
                   group_size=d.group_size, subject=d.subject, request=d.request, facts=d.facts,
                   about=d.about, matter_key=key, related_number=related)
    step.save(p)
    step.payload = {"channel": d.channel, "subject": d.subject, "group_size": d.group_size,
                    "matter_key": key}  # the history keeps no personal data
    step.start_clock("accept", step.case.received_on)


def transfer(step: Step) -> None:
    """第二十二条: the office transfers (转送) or assigns (交办) within 15 days."""
    d, p = step.data, _p(step)
    agency = _agency(d.agency_id, "agency_id")
    if agency.pk == step.case.agency_id:
        raise InvalidData("不能转送、交办给本机关", field="agency_id")
    p.competent, p.mode, p.report_required = agency, d.mode, d.report_required
    step.save(p)
    step.add_party(agency, "competent")
    step.payload["agency"] = agency.name
    step.finish_clock("accept", step.today)
    step.start_clock("receive", step.today)
    step.start_clock("objection", step.today)
    _tell(step, local("已转送{agency}办理").format(agency=agency.name))


def object_to(step: Step) -> None:
    """第二十三条第三款: not within its remit — objection with detailed reasons."""
    step.finish_clock("objection", step.today)


def decide_objection(step: Step) -> None:
    p = _p(step)
    if step.data.agree:
        step.release_party("competent", p.competent_id)
        p.competent, p.mode = None, ""
        step.save(p)
        step.cancel_clock("receive")
        step.start_clock("accept", step.today, note="异议成立，退回后重新转送交办")
        step.move_to("received")
    else:
        step.move_to("transferred")


# -- acceptance and classification (第三十一条) -------------------------------------------
def _end_intake(step: Step) -> None:
    for key in ("accept", "receive", "objection"):
        step.finish_clock(key, step.today)


def accept(step: Step) -> None:
    d, p = step.data, _p(step)
    _end_intake(step)
    p.route = d.route
    if d.route in m.ROUTED:  # 诉访分离: handled under its own statute, tracked here
        p.routed_to = d.routed_to.strip()
        step.save(p)
        step.outcome = "routed"
        step.move_to("routed")
        _done(step)
        _tell(step, local("不属于信访程序办理，请依照{to}提出").format(to=p.routed_to))
        return
    p.accepted_on = step.today
    step.save(p)
    step.start_clock("handle", step.today)
    step.move_to("accepted")
    _tell(step, local("已受理，将于60日内办结"))


def decline(step: Step) -> None:
    _end_intake(step)
    _done(step)
    _tell(step, local("不予受理：{reason}").format(reason=step.data.reason))


def extend(step: Step) -> None:
    """第三十二条、第三十四条: at most 30 days with the head's approval; the petitioner told why."""
    p = _p(step)
    step.extend_clock("handle")
    p.extension_reason = step.data.reason[:500]
    step.save(p)
    _tell(step, local("办理期限延长30日，理由：{reason}").format(reason=step.data.reason))


def settle(step: Step) -> None:
    """第三十三条: a written mediation or settlement agreement closes the matter."""
    step.finish_clock("handle", step.today)
    _done(step)


def answer(step: Step) -> None:
    d, p = step.data, _p(step)
    if d.served_on > step.today:
        raise InvalidData("送达日期不能晚于今天", field="served_on")
    if d.served_on < (p.accepted_on or d.served_on):
        raise InvalidData("送达日期不能早于受理日期", field="served_on")
    p.opinion, p.answered_on = d.opinion, d.served_on
    step.save(p)
    step.finish_clock("handle", d.served_on)
    step.start_clock("review_request", d.served_on)
    _tell(step, local("已出具处理意见书；不服的，可自收到之日起30日内请求复查"))


# -- review and re-review (第三十五条、第三十六条) ------------------------------------------
def _body(step: Step, handled_by: Agency | None, field: str) -> Agency:
    if step.data.body_id is not None:
        if step.actor.kind != "staff":
            raise InvalidData("受理请求的机关由系统按上一级机关确定", field="body_id")
        return _agency(step.data.body_id, field)
    upper = upper_body(handled_by) if handled_by is not None else None
    if upper is None:
        raise InvalidData("未能确定上一级机关，请指定受理请求的机关", field="body_id")
    return upper


def request_review(step: Step) -> None:
    p = _p(step)
    body = _body(step, p.competent or step.case.agency, "body_id")
    p.review_body, p.review_requested_on = body, step.today
    step.save(p)
    step.add_party(body, "review_body")
    step.payload["body"] = body.name
    step.finish_clock("review_request", step.today)
    step.start_clock("review", step.today)


def decide_review(step: Step) -> None:
    d, p = step.data, _p(step)
    _served(step, d.served_on, p.review_requested_on)
    p.review_result, p.reviewed_on = d.result, d.served_on
    step.save(p)
    step.finish_clock("review", d.served_on)
    step.start_clock("rereview_request", d.served_on)
    step.release_party("review_body", p.review_body_id)
    _tell(step, local("已出具复查意见；不服的，可自收到之日起30日内请求复核"))


def request_rereview(step: Step) -> None:
    p = _p(step)
    body = _body(step, p.review_body, "body_id")
    p.rereview_body, p.rereview_requested_on = body, step.today
    step.save(p)
    step.add_party(body, "rereview_body")
    step.payload["body"] = body.name
    step.finish_clock("rereview_request", step.today)
    step.start_clock("rereview", step.today)


def hold_hearing(step: Step) -> None:
    """第三十六条: the hearing's time is not counted; the stop ends at its bound at the latest."""
    d = step.data
    if d.until < d.start:
        raise InvalidData("听证最迟结束日期不能早于开始日期", field="until")
    if d.start < (_p(step).rereview_requested_on or d.start):
        raise InvalidData("听证开始日期不能早于收到复核请求的日期", field="start")
    step.stop_clock("rereview", d.start, "听证", until=d.until,
                    until_reason="复核听证的最迟结束日期")


def end_hearing(step: Step) -> None:
    step.resume_clock("rereview", step.data.on)


def decide_rereview(step: Step) -> None:
    d, p = step.data, _p(step)
    _served(step, d.served_on, p.rereview_requested_on)
    p.rereview_result, p.final = d.result, True
    step.save(p)
    step.finish_clock("rereview", d.served_on)
    step.release_party("rereview_body", p.rereview_body_id)
    _done(step)
    _tell(step, local("已出具复核意见，信访事项办理终结"))


def _served(step: Step, served_on: date, since: date | None) -> None:
    if served_on > step.today:
        raise InvalidData("送达日期不能晚于今天", field="served_on")
    if since is not None and served_on < since:
        raise InvalidData("送达日期不能早于收到请求的日期", field="served_on")


def close(step: Step) -> None:
    step.outcome = "answered" if step.case.state == "answered" else "reviewed"
    step.cancel_clock("review_request")
    step.cancel_clock("rereview_request")
    _done(step)


# -- oversight and the petitioner's rating ---------------------------------------------
def supervise(step: Step) -> None:
    """第四十条、第四十四条: the office's supervision notice or improvement recommendation."""
    p = _p(step)
    p.supervisions += 1
    step.save(p)
    target = _handling_agency(step.case, p)
    for email in target.staff.filter(user__is_active=True).values_list("user__email", flat=True):
        notify(kind="petition.supervision", to=email, channel=Notification.EMAIL,
               ref=f"petition:{step.case.pk}:supervise:{p.supervisions}",
               subject=local("信访事项督办：{number}").format(number=step.case.number),
               body=step.data.text, immediate=False)


def _handling_agency(case: Case, p: m.Petition) -> Agency:
    if case.state == "rereview" and p.rereview_body is not None:
        return p.rereview_body
    if case.state == "review" and p.review_body is not None:
        return p.review_body
    return p.competent or case.agency


def tag_campaign(step: Step) -> None:
    p = _p(step)
    p.campaign = step.data.name.strip()
    step.save(p)


def rate(step: Step) -> None:
    p = _p(step)
    p.satisfaction = SCORES[step.data.score]
    step.save(p)
