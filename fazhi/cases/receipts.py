"""Handing a receipt code to the applicant when staff register their request.

The code opens the case to whoever holds it, so staff never see it (DESIGN: a code that
grants access is never shown to staff): it goes straight to the applicant by SMS, and by
e-mail when they gave one, through the notification outbox (queued in the registration's
transaction, scrubbed from the outbox once delivered). Staff are told only where it went.
"""

from fazhi.cases.models import Case
from fazhi.law.redaction import mask_email, mask_phone
from fazhi.notifications.models import Notification
from fazhi.notifications.services import notify


def send_receipt_code(case: Case, *, phone: str, email: str = "") -> list[str]:
    """Queue the code to the applicant (inside the caller's transaction); returns the
    destinations masked, for the staff page ("139****5678")."""
    body = (f"【{case.agency.name}】您的申请已登记，编号 {case.number}。查询码：{case.receipt_code}。"
            "凭查询码可在网上查询办理进度、补正或撤回申请；请妥善保管，勿告知他人，"
            "工作人员不会向您索要。")
    sent = []
    if notify(kind="case.receipt_code", to=phone, body=body, sensitive=True,
              ref=f"case:{case.pk}"):
        sent.append(mask_phone(phone))
    if email and notify(kind="case.receipt_code", to=email, body=body, sensitive=True,
                        channel=Notification.EMAIL, subject=f"申请查询码（{case.number}）",
                        ref=f"case:{case.pk}"):
        sent.append(mask_email(email))
    return sent


def sent_notice(destinations: list[str]) -> str:
    """The sentence staff see instead of the code."""
    if not destinations:
        return "申请人未留联系方式，查询码未能发送；请告知申请人通过原渠道联系本机关。"
    phones = [d for d in destinations if "@" not in d]
    emails = [d for d in destinations if "@" in d]
    parts = ([f"短信发送至 {'、'.join(phones)}"] if phones else []) + \
        ([f"电子邮件发送至 {'、'.join(emails)}"] if emails else [])
    return "查询码已通过" + "，并通过".join(parts) + "（工作人员不可查看查询码）。"
