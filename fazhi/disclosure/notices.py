"""What the applicant is told, and when: an SMS to the phone and an e-mail to the address
they gave, through the notification outbox (`fazhi.notifications.notify`), queued in the
transaction of the action that causes it (a refused action tells nobody).

Called from the effects (`fazhi.disclosure.effects`). A notice never carries the receipt
code (the code SMS/e-mail of a staff registration is `fazhi.cases.receipts`). Only actions
taken on the real today notify: replaying history (the demo city, an import with a past
`today`) tells no one about events long gone.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from fazhi.cases.models import Case
from fazhi.cases.step import Step
from fazhi.notifications.models import Notification
from fazhi.notifications.services import notify

REG = "《政府信息公开条例》"
TRACK = "详情请凭查询码在本网站“查询进度”页面查看。"

# action -> (subject, what happened); the text is completed with the case's facts.
SUBJECTS = {
    "open": "政府信息公开申请回执",
    "request_correction": "补正通知",
    "extend": "延期答复告知",
    "fee_notice": "信息处理费缴纳通知",
    "reply": "政府信息公开申请答复",
    "close_no_correction": "申请终止处理告知",
    "close_fee_unpaid": "申请终止处理告知",
}


def _now_or_never(today) -> bool:
    """The action happens on the real today: the wall clock's, not the demo build's
    simulated one (`fazhi.core.demo.simulated_clock` replaces `timezone.now`)."""
    return today >= datetime.now(ZoneInfo(settings.TIME_ZONE)).date()


def _prefix(case: Case) -> str:
    return f"【{case.agency.name}】您的政府信息公开申请（编号 {case.number}）"


def _body(step: Step, action: str) -> str:
    detail, case = step.case.disclosure, step.case
    if action == "request_correction":
        return (f"{_prefix(case)}需要补正，请于{detail.correction_due:%Y年%m月%d日}前补正；"
                f"逾期不补正的视为放弃申请（{REG}第三十条）。{TRACK}")
    # The engine evaluates the clocks after the effect: a new due date is not known here,
    # so these notices state the rule and the track page shows the date.
    if action == "extend":  # the figures as the procedure declares them, not restated here
        ext = step.proc.limit("reply").extension
        return (f"{_prefix(case)}经{ext.approver}同意延期答复，答复期限延长"
                f"{ext.unit.amount(ext.value)}（{ext.citation}），延长后的期限可在线查看。{TRACK}")
    if action == "fee_notice":
        pay = step.proc.limit("fee_payment")
        return (f"{_prefix(case)}需缴纳信息处理费{detail.fee_amount}元，请自收到收费通知之日"
                f"（{detail.fee_notice_on:%Y年%m月%d日}）起{pay.unit.amount(pay.value)}内缴纳；"
                f"逾期未缴纳的视为放弃申请（{pay.citation}）。{TRACK}")
    if action == "reply":
        from fazhi.disclosure.answers import ANSWERS

        answer = ANSWERS[detail.answer_type]
        return (f"{_prefix(case)}已作出答复：{answer.label}。答复内容、救济途径和公开的文件"
                f"可在线查看、下载。{TRACK}")
    if action == "close_no_correction":
        return f"{_prefix(case)}因逾期未补正，视为放弃申请，终止处理（{REG}第三十条）。{TRACK}"
    if action == "close_fee_unpaid":
        return (f"{_prefix(case)}因逾期未缴纳信息处理费，视为放弃申请，终止处理"
                f"（国办函〔2020〕109号）。{TRACK}")
    raise KeyError(action)


def tell_applicant(step: Step, action: str) -> list[Notification]:
    """The notice of `action` to the applicant's phone and e-mail (those given)."""
    if not _now_or_never(step.today):
        return []
    detail, case = step.case.disclosure, step.case
    body, subject = _body(step, action), SUBJECTS[action]
    queued = [notify(kind=f"disclosure.{action}", to=detail.phone, body=body,
                     ref=f"case:{case.pk}"),
              notify(kind=f"disclosure.{action}", to=detail.email, body=body,
                     channel=Notification.EMAIL, subject=f"{subject}（{case.number}）",
                     ref=f"case:{case.pk}")]
    return [n for n in queued if n is not None]


def receipt_copy(case: Case, today) -> Notification | None:
    """The e-mail copy of the receipt (the PDF's text; the outbox has no attachments),
    when the applicant gave an address. Called once the case is written (the receipt
    shows its reply deadline), inside the registration's transaction."""
    from fazhi.disclosure.receipt_doc import receipt_text

    if not _now_or_never(today) or not case.disclosure.email:
        return None
    return notify(kind="disclosure.receipt", to=case.disclosure.email, body=receipt_text(case),
                  channel=Notification.EMAIL, subject=f"{SUBJECTS['open']}（{case.number}）",
                  ref=f"case:{case.pk}")
