"""What each transition of complaints and reports does (run by the engine, in its
transaction: a refusal here leaves nothing written). The complainant hears of each decision
through the shared outbox; a report's lead goes to enforcement through
`fazhi.subjects.signals.report_to_lead` (an app that may not be imported listens)."""

from __future__ import annotations

from datetime import date

from fazhi.cases.models import Case
from fazhi.cases.step import Step
from fazhi.complaints import guards
from fazhi.complaints import models as m
from fazhi.complaints.limits import LAW, SAMR
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.notifications.services import notify
from fazhi.subjects.models import MarketEntity
from fazhi.subjects.signals import report_to_lead


def _c(step: Step) -> m.Complaint:
    return step.case.complaint


def _r(step: Step) -> m.Report:
    return step.case.consumer_report


def _tell(step: Step, contact: str, what: str) -> None:
    """The complainant or reporter hears of a decision (the shared outbox, by SMS)."""
    contact = contact.strip()
    if contact and contact.replace("-", "").isdigit():
        notify(kind=f"complaints.{step.transition.action if step.transition else 'open'}",
               to=contact, body=local("您的投诉举报（{no}）：{what}").format(
                   no=step.case.number, what=what), ref=step.case.number)


def _not_after_today(step: Step, on: date, field: str) -> None:
    if on > step.today:
        raise InvalidData("日期不能晚于今天", field=field)


def business(d) -> dict:  # noqa: ANN001 - a BusinessNamed schema
    """The business named: the directory's entity when its USCC is there (its registered
    name and address unless others were given), else the name and address as written."""
    entity = MarketEntity.objects.filter(uscc=d.uscc).first() if d.uscc else None
    if d.uscc and entity is None and not (d.business_name and d.business_address):
        raise InvalidData("该统一社会信用代码不在市场主体名录中，请同时写明经营者名称和经营地址",
                          field="business_name")
    return {"entity": entity, "business_uscc": d.uscc,
            "business_name": d.business_name or (entity.name if entity else ""),
            "business_address": d.business_address or (entity.address if entity else "")}


# -- complaints ------------------------------------------------------------------------------
def register(step: Step) -> None:
    """第九条: who complains, against which business, the request and the facts; the
    acceptance decision is due within 7 working days of receipt (第十四条)."""
    d = step.data
    if d.kind == "report":
        raise InvalidData("只举报的，按举报登记", field="kind")
    row = m.Complaint(case=step.case, channel=d.channel, complainant_name=d.complainant_name,
                      applicant_id=d.applicant_id, complainant_contact=d.complainant_contact,
                      subject=d.subject, facts=d.facts, request=d.request.strip(),
                      amount=d.amount, **business(d))
    row.save()
    step.start_clock("accept", step.case.received_on)
    step.payload = {"business": row.business_name, "channel": d.channel}  # no personal data


def accept(step: Step) -> None:
    row = _c(step)
    row.accepted_on = step.today
    step.save(row)
    step.finish_clock("accept", step.today)
    step.start_clock("mediate", step.today)
    _tell(step, row.complainant_contact, local("已受理，将组织调解（{law}第十四条）").format(law=LAW))


def decline(step: Step) -> None:
    """第十四条、第十五条: not accepted, with the reason, the complainant told."""
    row = _c(step)
    row.refusal = step.data.ground
    step.save(row)
    step.finish_clock("accept", step.today)
    _tell(step, row.complainant_contact, local("不予受理：{why}（{law}第十五条）").format(
        why=step.data.reason, law=LAW))


def hold_session(step: Step) -> None:
    d, row = step.data, _c(step)
    _not_after_today(step, d.held_on, "held_on")
    if row.accepted_on and d.held_on < row.accepted_on:
        raise InvalidData("调解日期不能早于受理日期", field="held_on")
    row.sessions += 1
    step.save(row)
    step.payload["sessions"] = row.sessions


def agree(step: Step) -> None:
    """第二十二条 (restated): the agreement is recorded and the case ends."""
    d, row = step.data, _c(step)
    _not_after_today(step, d.agreed_on, "agreed_on")
    if row.accepted_on and d.agreed_on < row.accepted_on:
        raise InvalidData("达成协议日期不能早于受理日期", field="agreed_on")
    row.agreement, row.agreed_on = d.terms, d.agreed_on
    step.save(row)
    step.finish_clock("mediate", d.agreed_on)
    _tell(step, row.complainant_contact, local("经调解达成协议，投诉办结"))


def end(step: Step) -> None:
    """第二十一条: mediation ends; both parties are told within 7 working days."""
    row = _c(step)
    if step.data.ground == "no_agreement_45":
        refusal = guards.lapse_refusal(step.case, step.today)
        if refusal:
            raise NotAllowed(refusal)
    row.ending, row.ended_on = step.data.ground, step.today
    step.save(row)
    clock = step.clock("mediate")
    # ended by the rule itself: mediation ran its 45 working days and ended on the last one
    # (the decision date starts the notice); any other ground ends it the day decided
    lapsed = step.data.ground == "no_agreement_45" and clock is not None
    step.finish_clock("mediate", min(step.today, clock.due_on) if lapsed else step.today)
    step.start_clock("notify_end", step.today)


def tell_end(step: Step) -> None:
    d, row = step.data, _c(step)
    _not_after_today(step, d.told_on, "told_on")
    if row.ended_on and d.told_on < row.ended_on:
        raise InvalidData("告知日期不能早于终止调解决定日期", field="told_on")
    row.told_on = d.told_on
    step.save(row)
    step.finish_clock("notify_end", d.told_on)
    step.payload["told"] = local("已告知投诉人和被投诉人终止调解（{law}第二十一条）").format(law=LAW)
    _tell(step, row.complainant_contact, local("调解终止：{why}。您可以依法通过其他途径解决争议").format(
        why=local(row.get_ending_display())))


def withdraw(step: Step) -> None:
    """The complainant withdraws (第二十一条第一项: mediation ends)."""
    step.cancel_clock("accept")
    step.cancel_clock("mediate")


# -- reports ---------------------------------------------------------------------------------
def register_report(step: Step) -> None:
    """A report is a lead: verified and decided within 15 working days of receipt
    (《市场监督管理行政处罚程序规定》第十八条)."""
    d = step.data
    origin = None
    if d.complaint_case is not None:
        origin = Case.objects.filter(pk=d.complaint_case, procedure="complaint",
                                     agency_id=step.case.agency_id).first()
        if origin is None:
            raise InvalidData("同时提出的投诉不存在", field="complaint_case")
    row = m.Report(case=step.case, complaint=origin, channel=d.channel,
                   reporter_name=d.complainant_name, applicant_id=d.applicant_id,
                   reporter_contact=d.complainant_contact, violation=d.violation.strip(),
                   facts=d.facts, **business(d))
    row.save()
    step.start_clock("verify", step.case.received_on)
    step.payload = {"business": row.business_name, "channel": d.channel}
    if origin is not None:
        step.payload["complaint"] = origin.number


def extend(step: Step) -> None:
    step.extend_clock("verify")


def open_case(step: Step) -> None:
    """第十八条: the head decides to open a case; the lead is registered in enforcement
    (source 投诉举报) through the signal, and its number kept on the report."""
    d, row = step.data, _r(step)
    _not_after_today(step, d.act_date, "act_date")
    code = d.uscc or row.business_uscc
    if not code:
        raise InvalidData("立案须写明被举报经营者的统一社会信用代码", field="uscc")
    answers = [said for _, said in report_to_lead.send(
        sender=m.Report, report_id=row.pk, agency=step.case.agency, uscc=code,
        name=row.business_name, violation=row.violation, legal_basis=d.legal_basis.strip(),
        act_date=d.act_date, received_on=step.case.received_on, today=step.today) if said]
    if not answers:
        raise NotAllowed("执法办案模块未接收该线索，不能立案")
    row.business_uscc = code
    row.decision, row.decided_on, row.lead_number = "open", step.today, str(answers[0])[:40]
    step.save(row)
    step.finish_clock("verify", step.today)
    step.payload["lead"] = row.lead_number
    _tell(step, row.reporter_contact, local("经核查已决定立案（{samr}第十八条）").format(samr=SAMR))


def no_case(step: Step) -> None:
    row = _r(step)
    row.decision, row.decided_on = "no_case", step.today
    step.save(row)
    step.finish_clock("verify", step.today)
    _tell(step, row.reporter_contact, local("经核查决定不予立案：{why}").format(why=step.data.reason))
