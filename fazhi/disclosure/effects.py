"""What each disclosure transition does, run by the engine inside its transaction.

Each function receives the engine's Step; a DomainError refuses the action and rolls back
everything. Articles are those of 政府信息公开条例 (2019) unless stated.
"""

from datetime import date

from django.conf import settings

from fazhi.cases.engine import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.disclosure.answers import ANSWERS
from fazhi.disclosure.fees import BASES, fee
from fazhi.disclosure.models import DisclosureRequest
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits
from fazhi.law.redaction import redact
from fazhi.publication.services import publish


def _detail(step: Step) -> DisclosureRequest:
    return step.case.disclosure


def _not_future(value: date, step: Step, what: str) -> None:
    if value > step.today:
        raise InvalidData(f"{what}不能晚于今天", field=what)


def _not_before(value: date, earliest: date, what: str, earlier: str) -> None:
    if value < earliest:
        raise InvalidData(f"{what}不能早于{earlier}（{earliest:%Y-%m-%d}）", field=what)


def _due(step: Step, key: str, start: date) -> date:
    return timelimits.evaluate(step.proc.limit(key), current_calendar(), start).due


def open_request(step: Step) -> None:
    data = step.data
    DisclosureRequest.objects.create(case=step.case, **data.model_dump())
    step.start_clock("reply", step.case.received_on)
    step.payload = {"channel": data.channel, "received_on": step.case.received_on.isoformat(),
                    "applicant_type": data.applicant_type}


def request_correction(step: Step) -> None:
    detail, data = _detail(step), step.data
    if detail.correction_requested_on:
        raise NotAllowed("补正通知应当一次性告知需要补正的事项，本申请已发出过补正通知（第三十条）")
    notice_due = _due(step, "correction_notice", step.case.received_on)
    if step.today > notice_due:
        raise NotAllowed(f"补正通知应当自收到申请之日起7个工作日内发出（第三十条），"
                         f"本申请的补正通知期限已于{notice_due:%Y年%m月%d日}届满")
    if data.correction_due <= step.today:
        raise InvalidData("补正期限应当晚于今天", field="correction_due")
    detail.correction_requested_on = step.today
    detail.correction_defects = data.defects
    detail.correction_due = data.correction_due
    detail.save()
    step.stop_clock("reply", step.today, "待申请人补正")


def submit_correction(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.corrected_on, step, "收到补正日期")
    _not_before(data.corrected_on, detail.correction_requested_on, "收到补正日期", "补正通知日期")
    detail.corrected_on = data.corrected_on
    detail.save()
    # 第三十条: the reply period runs afresh from receipt of the corrected request.
    step.start_clock("reply", data.corrected_on)


def close_no_correction(step: Step) -> None:
    detail = _detail(step)
    if step.today <= detail.correction_due:
        raise NotAllowed(f"补正期限（{detail.correction_due:%Y-%m-%d}）尚未届满")
    step.cancel_clock("reply")


def consult(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.sent_on, step, "征求意见日期")
    _not_before(data.sent_on, step.case.received_on, "征求意见日期", "收到申请日期")
    detail.consult_kind, detail.consult_party = data.kind, data.party
    detail.consult_sent_on = data.sent_on
    detail.consult_due = _due(step, data.kind, data.sent_on)
    detail.consult_opinion = ""
    detail.save()
    # 第三十三条第三款: time spent consulting is not counted in the reply period.
    reason = "征求第三方意见" if data.kind == "third_party" else "征求其他机关意见"
    step.stop_clock("reply", data.sent_on, reason)


def record_consultation(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.answered_on, step, "答复日期")
    _not_before(data.answered_on, detail.consult_sent_on, "答复日期", "征求意见日期")
    if data.opinion == "no_reply" and data.answered_on <= detail.consult_due:
        raise NotAllowed(f"对方答复期限（{detail.consult_due:%Y-%m-%d}）届满前，"
                         "不能记录为逾期未答复（第三十二条、第三十四条）")
    detail.consult_opinion = data.opinion
    detail.save()
    step.resume_clock("reply", data.answered_on)


def extend(step: Step) -> None:
    clock = step.clock("reply")
    if clock is None or clock.state != clock.RUNNING:
        raise NotAllowed("答复期限未在计算中，无需延期")
    if not clock.extended and step.today > clock.due_on:
        raise NotAllowed(f"答复期限已于{clock.due_on:%Y年%m月%d日}届满，不能再延长"
                         "（第三十三条第二款：延长须在期限届满前经负责人同意并告知申请人）")
    step.extend_clock("reply")
    detail = _detail(step)
    detail.extended_on, detail.extension_reason = step.today, step.data.reason
    detail.save()


def fee_notice(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.notice_received_on, step, "收费通知送达日期")
    amount = fee(data.basis, data.quantity)
    if amount == 0:
        raise InvalidData(f"按{BASES[data.basis]}标准，{data.quantity}件（页）不收费"
                          "（国办函〔2020〕109号）", field="quantity")
    detail.fee_basis, detail.fee_amount = data.basis, amount
    detail.fee_notice_on = data.notice_received_on
    detail.fee_due = _due(step, "fee_payment", data.notice_received_on)
    detail.save()
    step.payload["amount"] = amount
    # UNVERIFIED (procedures.md §9 item 2): whether the fee period pauses the reply clock.
    if settings.FAZHI_DISCLOSURE_FEE_STOPS_CLOCK:
        step.stop_clock("reply", data.notice_received_on, "信息处理费缴纳期间")


def fee_paid(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.paid_on, step, "缴费日期")
    _not_before(data.paid_on, detail.fee_notice_on, "缴费日期", "收费通知送达日期")
    detail.fee_paid_on = data.paid_on
    detail.save()
    if settings.FAZHI_DISCLOSURE_FEE_STOPS_CLOCK:
        step.resume_clock("reply", data.paid_on)


def close_fee_unpaid(step: Step) -> None:
    detail = _detail(step)
    if step.today <= detail.fee_due:
        raise NotAllowed(f"缴费期限（{detail.fee_due:%Y-%m-%d}）尚未届满")
    step.cancel_clock("reply")


def reply(step: Step) -> None:
    detail, data = _detail(step), step.data
    answer = ANSWERS[data.answer_type]
    detail.answer_type, detail.answer_ground = data.answer_type, data.ground
    detail.reply_text = data.text
    detail.replied_on = step.today
    detail.save()
    step.outcome = data.answer_type
    step.case.outcome = data.answer_type
    step.payload["remedy"] = remedy_notice(answer.refusal)


def serve(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.served_on, step, "送达日期")
    _not_before(data.served_on, detail.replied_on, "送达日期", "答复日期")
    detail.service_method, detail.served_on = data.method, data.served_on
    detail.save()
    # 国办公开办函〔2016〕235号: the reply is made on the day it is signed for or posted.
    step.finish_clock("reply", data.served_on)
    step.outcome = detail.answer_type
    publish_reply(step.case, detail)


def withdraw(step: Step) -> None:
    step.cancel_clock("reply")


def remedy_notice(refusal: bool) -> str:
    """Remedies the reply must state; refusals to disclose go to reconsideration first
    (行政复议法（2023）第二十三条第一款第（四）项, from 2024-01-01)."""
    if refusal:
        return ("如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议"
                "（《行政复议法》第二十条）；对行政复议决定不服的，可以依法提起行政诉讼"
                "（不予公开的，应当先申请行政复议，《行政复议法》第二十三条）。")
    return ("如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议"
            "（《行政复议法》第二十条），或者自收到本答复之日起六个月内依法提起行政诉讼"
            "（《行政诉讼法》第四十六条）。")


def personal_names(detail: DisclosureRequest) -> list[str]:
    names = [detail.contact_name, detail.legal_rep]
    if detail.applicant_type == "natural":
        names.append(detail.applicant_name)
    return [n for n in names if n]


def publish_reply(case, detail: DisclosureRequest) -> None:
    answer = ANSWERS[detail.answer_type]
    names = personal_names(detail)
    publish(kind="disclosure.reply", case=case, agency=case.agency,
            title=f"政府信息公开申请答复（{case.number}）",
            body=detail.reply_text, personal_names=names,
            data={"answer": answer.label, "article": answer.article,
                  "request": redact(detail.description, names=names),
                  "received_on": case.received_on.isoformat(),
                  "served_on": detail.served_on.isoformat(),
                  "applicant": detail.applicant_name if detail.applicant_type == "organisation"
                  else "", "number": case.number})
