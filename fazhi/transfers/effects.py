"""What each transition of the transfer procedure does (through the engine's Step)."""

from __future__ import annotations

from fazhi.cases.models import Case
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData
from fazhi.core.i18n import local
from fazhi.notifications.models import Notification
from fazhi.notifications.services import notify
from fazhi.org.models import Agency, Staff
from fazhi.transfers import config
from fazhi.transfers.models import Flag, Transfer

POLICE, PROCURATORATE = "police", "procuratorate"
POLICE_LIAISON, PROCURATOR = "police_liaison", "procurator"


def _transfer(step: Step) -> Transfer:
    found = step.case.transfer
    step.remember(found)
    return found


def _tell(agency_id: int, role: str, step: Step, subject: str) -> None:
    """E-mail the agency's staff holding `role` through the outbox (no personal data of
    the parties: the case number and the step only)."""
    for staff in Staff.objects.filter(agency_id=agency_id, user__is_active=True).select_related("user"):
        if role in staff.roles:
            notify(kind=f"transfers.{role}", to=staff.user.email, channel=Notification.EMAIL,
                   subject=subject, ref=step.case.number,
                   body=f"{subject}：案件 {step.case.number}（{step.case.title}）。请登录工作台办理。")


def _agency(code: str, what: str) -> Agency:
    found = Agency.objects.filter(code=code).first()
    if found is None:
        raise InvalidData(local("未找到{what}（机关代码 {code}），请先在机关目录中登记").format(
            what=local(what), code=code), field="police_code")
    return found


def report(step: Step) -> None:
    """第五条第一款: a team of at least two officers reports in writing to the head."""
    data, params = step.data, config.current()
    source = None
    if data.source_id is not None:
        source = Case.objects.visible_to(step.actor).filter(pk=data.source_id).first()
        if source is None:
            raise InvalidData("来源案件不存在或无权查看", field="source_id")
    police = _agency(data.police_code or params.police_code, "公安机关")
    procuratorate = Agency.objects.filter(code=params.procuratorate_code).first()
    officers = list(dict.fromkeys(o.strip() for o in data.officers if o.strip()))
    if len(officers) < 2:
        raise InvalidData(f"专案组须由2名以上行政执法人员组成（{config.ART_REPORT}）", field="officers")
    Transfer.objects.create(
        case=step.case, source=source,
        source_reference=data.source_reference or (source.number if source else ""),
        violation_code=data.violation_code, suspicion=list(data.suspicion), report=data.report,
        officers=officers, police=police, reported_on=step.today)
    if source is not None and data.suspicion:
        Flag.objects.get_or_create(source=source, defaults={"reasons": list(data.suspicion),
                                                           "flagged_on": step.today})
    if procuratorate is not None:
        step.add_party(procuratorate, PROCURATORATE)
    step.start_clock("head", step.today)
    step.payload["officers"] = officers


def approve(step: Step) -> None:
    found = _transfer(step)
    found.decided_on = step.today
    step.save(found)
    step.finish_clock("head", step.today)
    step.start_clock("transfer", step.today)


def not_approve(step: Step) -> None:
    """第五条第二款: not approved → the reasons recorded in the file."""
    found = _transfer(step)
    found.decided_on, found.not_approved_reasons = step.today, step.data.reasons
    step.save(found)
    step.finish_clock("head", step.today)
    step.release_party(PROCURATORATE)


def send(step: Step) -> None:
    """第六条: the package (transfer letter, investigation report, list of items, test or
    appraisal reports, other materials) goes to the police within 24 hours of approval."""
    if not step._files:
        raise InvalidData(f"须上传移送材料（涉嫌犯罪案件移送书、调查报告等，{config.ART_PACKAGE}）",
                          field="file")
    found = _transfer(step)
    found.transferred_on, found.letter_number = step.today, step.data.letter_number
    found.items = list(step.data.items)
    step.save(found)
    step.finish_clock("transfer", step.today)
    step.add_party(found.police_id, POLICE)
    step.start_clock("police", step.today)
    _tell(found.police_id, POLICE_LIAISON, step, "收到行政执法机关移送的涉嫌犯罪案件")


def _filed(step: Step, clock: str) -> None:
    found = _transfer(step)
    found.police_decided_on, found.police_decision = step.today, "filed"
    found.criminal_case_number = step.data.criminal_case_number
    step.save(found)
    step.finish_clock(clock, step.today)
    step.start_clock("handover", step.today)
    _tell(step.case.agency_id, "handler", step, "公安机关已决定立案，请在期限内移交涉案物品")


def police_file(step: Step) -> None:
    """第八条: opened → written notice to the agency; 第十二条 starts the hand-over."""
    _filed(step, "police")


def police_refuse(step: Step) -> None:
    """第八条: not opened → reasons in writing, the files returned."""
    if not step.data.materials_returned:
        raise InvalidData(f"不予立案的，应当相应退回案卷材料（{config.ART_POLICE}）",
                          field="materials_returned")
    found = _transfer(step)
    found.police_decided_on, found.police_decision = step.today, "refused"
    found.police_reasons = step.data.reasons
    step.save(found)
    step.finish_clock("police", step.today)
    step.start_clock("reconsider_request", step.today)
    _tell(step.case.agency_id, "handler", step, "公安机关决定不予立案")


def _window_refusal(case: Case, today, key: str, message: str) -> str | None:  # noqa: ANN001
    """`message` (a format with {due} and {basis}) once the party's window has run."""
    clock = case.clocks.filter(code=f"transfers.{key}").first()
    if clock is not None and today > clock.due_on:
        return local(message).format(due=f"{clock.due_on:%Y-%m-%d}",
                                     basis=local(config.ART_RECONSIDER))
    return None


def reconsider_window(case: Case, today) -> str | None:  # noqa: ANN001
    return _window_refusal(case, today, "reconsider_request", "提请复议期限已于{due}届满（{basis}）")


def supervision_window(case: Case, today) -> str | None:  # noqa: ANN001
    if case.state != "refusal_upheld":
        return None  # straight after the refusal: 第九条 sets no limit of its own
    return _window_refusal(case, today, "supervision_request",
                           "建议立案监督期限已于{due}届满（{basis}）")


def request_reconsideration(step: Step) -> None:
    found = _transfer(step)
    found.reconsideration_requested_on = step.today
    step.save(found)
    step.finish_clock("reconsider_request", step.today)
    step.start_clock("reconsideration", step.today)
    _tell(found.police_id, POLICE_LIAISON, step, "移送机关提请复议不予立案决定")


def reconsider_file(step: Step) -> None:
    found = _transfer(step)
    found.reconsidered_on = step.today
    step.save(found)
    _filed(step, "reconsideration")


def reconsider_refuse(step: Step) -> None:
    found = _transfer(step)
    found.reconsidered_on, found.police_reasons = step.today, step.data.reasons
    step.save(found)
    step.finish_clock("reconsideration", step.today)
    step.start_clock("supervision_request", step.today)
    _tell(step.case.agency_id, "handler", step, "公安机关复议维持不予立案决定")


def request_supervision(step: Step) -> None:
    """第九条, 第十四条: the agency asks the procuratorate to supervise the filing decision."""
    found = _transfer(step)
    found.supervision_requested_on = step.today
    step.save(found)
    step.finish_clock("reconsider_request", step.today)
    step.finish_clock("supervision_request", step.today)
    params = config.current()
    procuratorate = _agency(params.procuratorate_code, "人民检察院")
    step.add_party(procuratorate, PROCURATORATE)
    _tell(procuratorate.pk, PROCURATOR, step, "行政执法机关建议立案监督")


def supervise(step: Step) -> None:
    found = _transfer(step)
    found.supervision_result = step.data.opinion
    step.save(found)
    if step.data.result == "filed":
        found.police_decided_on, found.police_decision = step.today, "filed"
        found.criminal_case_number = step.data.criminal_case_number
        step.save(found)
        step.start_clock("handover", step.today)
        step.move_to("filed")
        _tell(step.case.agency_id, "handler", step, "经立案监督，公安机关已立案")
    else:
        step.move_to("closed_refused")
        step.outcome = "refused"
        _close_parts(step)


def _close_parts(step: Step) -> None:
    step.release_party(POLICE)
    step.release_party(PROCURATORATE)


def close_refused(step: Step) -> None:
    """第十条: the agency deals with the case itself (a penalty where one is due)."""
    step.finish_clock("reconsider_request", step.today)
    step.finish_clock("supervision_request", step.today)
    _close_parts(step)


def hand_over(step: Step) -> None:
    """第十二条: items and materials handed over within 3 days of the filing notice."""
    found = _transfer(step)
    found.handed_over_on = step.today
    if step.data.items:
        found.items = list(step.data.items)
    step.save(found)
    step.finish_clock("handover", step.today)
    _close_parts(step)
