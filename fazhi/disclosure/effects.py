"""What each disclosure transition does, run by the engine inside its transaction.

Each function receives the engine's Step; a DomainError refuses the action and rolls back
everything. Articles are those of 政府信息公开条例 (2019) unless stated.
"""

from datetime import date, timedelta

from django.conf import settings

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.core.writes import insert_row
from fazhi.disclosure.answers import ANSWERS
from fazhi.disclosure.fees import BASES, CITATION, PER_REQUEST, fee
from fazhi.disclosure.models import CONSULT_METHODS, DisclosureRequest
from fazhi.disclosure.notices import tell_applicant
from fazhi.disclosure.queries import items_before
from fazhi.holidays.services import current_calendar
from fazhi.law import remedies, timelimits
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


DETAIL_FIELDS = frozenset(f.name for f in DisclosureRequest._meta.concrete_fields)


def open_request(step: Step) -> None:
    data = step.data
    insert_row(DisclosureRequest(case=step.case, **{
        k: v for k, v in data.model_dump().items() if k in DETAIL_FIELDS}))
    step.start_clock("reply", step.case.received_on)
    step.payload = {"channel": data.channel, "received_on": step.case.received_on.isoformat(),
                    "applicant_type": data.applicant_type}


def correction_refusal(case: Case, today: date) -> str | None:
    """第三十条: one notice, within 7 working days of receipt (so the form is offered
    only while it can be sent)."""
    if case.disclosure.correction_requested_on:
        return "补正通知应当一次性告知需要补正的事项，本申请已发出过补正通知（第三十条）"
    proc = registry.get(case.procedure, case.procedure_version)
    notice_due = timelimits.evaluate(proc.limit("correction_notice"), current_calendar(),
                                     case.received_on).due
    if today > notice_due:
        return (f"补正通知应当自收到申请之日起7个工作日内发出（第三十条），"
                f"本申请的补正通知期限已于{notice_due:%Y年%m月%d日}届满")
    return None


def no_correction_refusal(case: Case, today: date) -> str | None:
    due = case.disclosure.correction_due
    if due and today <= due:
        return f"补正期限（{due:%Y-%m-%d}）尚未届满"
    return None


def request_correction(step: Step) -> None:
    """(`correction_refusal`, its guard, has been run by the engine under the lock.)"""
    detail, data = _detail(step), step.data
    if data.correction_due <= step.today:
        raise InvalidData("补正期限应当晚于今天", field="correction_due")
    detail.correction_requested_on = step.today
    detail.correction_defects = data.defects
    detail.correction_due = data.correction_due
    step.save(detail)
    # Until the correction period the agency set: after it the agency closes the request
    # or replies, so the case keeps a due date and stays in the inbox.
    step.stop_clock("reply", step.today, "待申请人补正", until=data.correction_due,
                    until_reason="补正期限届满，第三十条")
    tell_applicant(step, "request_correction")


def submit_correction(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.corrected_on, step, "收到补正日期")
    _not_before(data.corrected_on, detail.correction_requested_on, "收到补正日期", "补正通知日期")
    detail.corrected_on = data.corrected_on
    step.save(detail)
    # 第三十条: the reply period runs afresh from receipt of the corrected request.
    step.start_clock("reply", data.corrected_on)


def close_no_correction(step: Step) -> None:
    detail = _detail(step)
    if step.today <= detail.correction_due:
        raise NotAllowed(f"补正期限（{detail.correction_due:%Y-%m-%d}）尚未届满")
    step.cancel_clock("reply")
    tell_applicant(step, "close_no_correction")


def _party_receipt(sent_on: date, method: str, known: date | None) -> tuple[date, str]:
    """The day the consulted party received the letter, and how it was found: recorded,
    the sending day (handed over or sent electronically), or presumed for post."""
    if known is not None:
        return known, ""
    if method != "post":
        return sent_on, ""
    days = settings.FAZHI_DISCLOSURE_POST_DELIVERY_DAYS
    return sent_on + timedelta(days=days), (
        f"对方收到日期未记录，按邮寄发出后{days}日推定（未经核实的默认值，可配置）；"
        "记录签收日期后重新计算")


def consult(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.sent_on, step, "征求意见日期")
    _not_before(data.sent_on, step.case.received_on, "征求意见日期", "收到申请日期")
    if data.party_received_on is not None:
        _not_future(data.party_received_on, step, "对方收到日期")
        _not_before(data.party_received_on, data.sent_on, "对方收到日期", "征求意见日期")
    received, note = _party_receipt(data.sent_on, data.method, data.party_received_on)
    detail.consult_kind, detail.consult_party = data.kind, data.party
    detail.consult_sent_on, detail.consult_method = data.sent_on, data.method
    detail.consult_received_on = received if not note else None
    detail.consult_opinion = ""
    step.save(detail)
    # 第三十二条、第三十四条: the party has 15 WD from receiving the letter; 第三十三条第三款:
    # the time this takes is not counted in the reply period, and no longer than that.
    party = step.start_clock(data.kind, received, note=note)
    reason = "征求第三方意见" if data.kind == "third_party" else "征求其他机关意见"
    step.stop_clock("reply", data.sent_on, reason, until=party)


def record_party_receipt(step: Step) -> None:
    """The consulted party's signing date is known: its 15 WD, and the stop they bound,
    run from that day (第三十二条、第三十四条)."""
    detail, data = _detail(step), step.data
    _not_future(data.received_on, step, "对方收到日期")
    _not_before(data.received_on, detail.consult_sent_on, "对方收到日期", "征求意见日期")
    detail.consult_received_on = data.received_on
    step.save(detail)
    step.start_clock(detail.consult_kind, data.received_on)


def party_receipt_hint(case: Case) -> str:
    detail = case.disclosure
    if not detail.consult_sent_on:
        return ""
    method = dict(CONSULT_METHODS).get(detail.consult_method, "送达方式未记录")
    sent = f"征求意见书于{detail.consult_sent_on:%Y-%m-%d}发出（{method}）"
    if detail.consult_received_on:
        return f"{sent}，对方收到日期已记为{detail.consult_received_on:%Y-%m-%d}。"
    received, _ = _party_receipt(detail.consult_sent_on, detail.consult_method or "post", None)
    return (f"{sent}，对方收到日期尚未记录，暂按邮寄发出后"
            f"{settings.FAZHI_DISCLOSURE_POST_DELIVERY_DAYS}日推定为{received:%Y-%m-%d}"
            "（未经核实的默认值，可配置）。")


def record_consultation(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.answered_on, step, "答复日期")
    _not_before(data.answered_on, detail.consult_sent_on, "答复日期", "征求意见日期")
    if data.opinion == "no_reply":
        _party_time_has_run(step, detail, data.answered_on)
    detail.consult_opinion = data.opinion
    step.save(detail)
    step.resume_clock("reply", data.answered_on)
    step.finish_clock(detail.consult_kind, data.answered_on)


def _party_time_has_run(step: Step, detail: DisclosureRequest, on: date) -> None:
    """第三十二条、第三十四条: silence counts only once the party's 15 WD, counted from the
    day it received the letter, have run."""
    if detail.consult_received_on is None:
        raise NotAllowed("对方收到征求意见书的日期尚未记录（邮寄的以签收日期为准），不能认定逾期未答复："
                         "对方的15个工作日自收到之日起算（第三十二条、第三十四条）")
    party = step.clock(detail.consult_kind)
    due = party.due_on if party is not None else None
    if due is None or on <= due:
        raise NotAllowed(f"对方答复期限（{due:%Y-%m-%d}）届满前，不能记录为逾期未答复"
                         "（第三十二条、第三十四条）" if due else "对方答复期限未在计算中")


def extend(step: Step) -> None:
    clock, data = step.clock("reply"), step.data
    if clock is None or clock.state != clock.RUNNING:
        raise NotAllowed("答复期限未在计算中，无需延期")
    _not_future(data.notified_on, step, "告知申请人日期")
    _not_before(data.approved_on, step.case.received_on, "批准日期", "收到申请日期")
    late = [what for what, day in (("批准", data.approved_on), ("告知申请人", data.notified_on))
            if day > clock.due_on]
    if late:
        raise NotAllowed(f"答复期限已于{clock.due_on:%Y年%m月%d日}届满，不能再延长"
                         f"（第三十三条第二款：延长须在期限届满前经政府信息公开工作机构负责人同意"
                         f"并告知申请人；本次{'、'.join(late)}日期晚于届满日）")
    step.extend_clock("reply")
    detail = _detail(step)
    detail.extended_on, detail.extension_reason = data.approved_on, data.reason
    detail.extension_notified_on = data.notified_on
    step.save(detail)
    tell_applicant(step, "extend")


def extend_refusal(case: Case, today: date) -> str | None:
    """The reply period is extended once (第三十三条第二款). Whether the approval and the
    notice to the applicant fell before it ran out is checked with their dates (a timely
    approval may be recorded later)."""
    if case.disclosure.extended_on:
        return "该期限已经延长过，不能再次延长（第三十三条第二款）"
    return None


def fee_notice(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.notice_received_on, step, "收费通知送达日期")
    prior = items_before(step.case) if data.basis == PER_REQUEST else 0
    amount = fee(data.basis, data.quantity, prior)
    if amount == 0:
        raise InvalidData(_free_because(data.basis, data.quantity, prior), field="quantity")
    detail.fee_basis, detail.fee_quantity, detail.fee_amount = data.basis, data.quantity, amount
    detail.fee_prior = prior if data.basis == PER_REQUEST else None
    detail.fee_notice_on = data.notice_received_on
    step.save(detail)
    step.payload["amount"] = amount
    if data.basis == PER_REQUEST:
        step.payload["prior_items"] = prior
    payment = step.start_clock("fee_payment", data.notice_received_on)
    # UNVERIFIED (procedures.md §9 item 2): whether the fee period pauses the reply clock;
    # if it does, no longer than the applicant's 20 WD to pay.
    if settings.FAZHI_DISCLOSURE_FEE_STOPS_CLOCK:
        step.stop_clock("reply", data.notice_received_on, "信息处理费缴纳期间", until=payment)
    tell_applicant(step, "fee_notice")


def _free_because(basis: str, quantity: int, prior: int) -> str:
    if basis == PER_REQUEST:
        return (f"该申请人本月此前已有{prior}件申请，本申请{quantity}件为第{prior + 1}至"
                f"{prior + quantity}件，按件计收不收费（{CITATION}第四条：每月10件以下不收费）")
    return f"按{BASES[basis]}标准，{quantity}页不收费（{CITATION}第五条：30页以下不收费）"


def fee_hint(case: Case) -> str:
    prior = items_before(case)
    return local("该申请人（同一证件号码）{year}年{month}月此前已向本机关提出{prior}件申请"
                 "（含按“一事一申请”拆分的件数）；按件计收时本申请自第{first}件起计费"
                 "（{citation}第四条：每月1至10件不收费，11至30件每件100元，"
                 "31件起每10件为一档、每档每件加收100元）。").format(
        year=case.received_on.year, month=f"{case.received_on.month:02d}", prior=prior,
        first=prior + 1, citation=local(CITATION))


def fee_paid(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.paid_on, step, "缴费日期")
    _not_before(data.paid_on, detail.fee_notice_on, "缴费日期", "收费通知送达日期")
    detail.fee_paid_on = data.paid_on
    step.save(detail)
    step.finish_clock("fee_payment", data.paid_on)
    if settings.FAZHI_DISCLOSURE_FEE_STOPS_CLOCK:
        step.resume_clock("reply", data.paid_on)


def close_fee_unpaid(step: Step) -> None:
    payment = step.clock("fee_payment")
    due = payment.due_on if payment is not None else None
    if due is None or step.today <= due:
        raise NotAllowed(f"缴费期限（{due:%Y-%m-%d}）尚未届满" if due else "缴费期限未在计算中")
    step.finish_clock("fee_payment", step.today)
    step.cancel_clock("reply")
    tell_applicant(step, "close_fee_unpaid")


def reply(step: Step) -> None:
    detail, data = _detail(step), step.data
    answer = ANSWERS[data.answer_type]
    detail.answer_type, detail.answer_ground = data.answer_type, data.ground
    detail.reply_text = data.text
    detail.replied_on = step.today
    step.save(detail)
    step.outcome = data.answer_type  # shown while the reply waits to be served
    step.payload["remedy"] = remedy_notice(answer.refusal)
    tell_applicant(step, "reply")


def serve(step: Step) -> None:
    detail, data = _detail(step), step.data
    _not_future(data.served_on, step, "送达日期")
    _not_before(data.served_on, detail.replied_on, "送达日期", "答复日期")
    detail.service_method, detail.served_on = data.method, data.served_on
    step.save(detail)
    # 国办公开办函〔2016〕235号: the reply is made on the day it is signed for or posted.
    step.finish_clock("reply", data.served_on)
    step.outcome = detail.answer_type
    publish_reply(step.case, detail)


def withdraw(step: Step) -> None:
    step.cancel_clock("reply")


def reopen(step: Step) -> None:
    """A reconsideration decision revoked the reply and ordered a new one (《行政复议法》
    第六十四条): the published reply is withdrawn, the answer cleared, and the reply period
    runs again from the day the decision was served (the redo period the decision set is
    recorded; the engine's 20 WD of 条例第三十三条 is the clock)."""
    from fazhi.publication.models import PublishedRecord
    from fazhi.publication.services import withdraw as withdraw_record

    detail, data = _detail(step), step.data
    for record in PublishedRecord.objects.filter(kind="disclosure.reply", case=step.case,
                                                 withdrawn_at=None):
        withdraw_record(record, local("行政复议决定撤销（{no}）").format(no=data.decision_no))
    detail.answer_type, detail.answer_ground, detail.reply_text = "", "", ""
    detail.replied_on, detail.served_on = None, None
    step.save(detail)
    step.start_clock("reply", data.served_on)


def remedy_notice(refusal: bool) -> str:
    """The reply's remedy notice (fazhi.law.remedies): a refusal to disclose goes to
    reconsideration first (行政复议法（2023）第二十三条第一款第（四）项, from 2024-01-01)."""
    return remedies.remedy_notice(reconsideration_first=refusal)


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
