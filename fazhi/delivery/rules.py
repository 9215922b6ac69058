"""Which date each channel makes the service date (送达日期): dated, cited rules.

《行政处罚法》第六十一条 lets an agency serve a decision by fax, e-mail and the like when the
party agreed and signed a confirmation, and otherwise refers service to the Civil Procedure
Law. 《民事诉讼法》（2023）第九十条第二款: for electronic service the service date is the day
the message reaches the recipient's specific system; 第九十一条: by post, the receipt date on
the return slip. Texts: LawRefBook/Laws 诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md (the mirror
domain/procedures.md relies on).

Whether a portal inbox "reaches the system" when the document is made available there or
only when the party first opens it is not settled by the statute (UNVERIFIED): it is the
operator's parameter `FAZHI_DELIVERY_PORTAL_RULE` ("available" or "first_read") with the
date it takes effect, `FAZHI_DELIVERY_PORTAL_RULE_FROM`; the staff and inbox pages say so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PENALTY_LAW = "《行政处罚法》第六十一条"
CPL_ELECTRONIC = "《民事诉讼法》（2023）第九十条第二款"
CPL_POST = "《民事诉讼法》（2023）第九十一条"
CONSENT_BASIS = "《行政处罚法》第六十一条第二款；《民事诉讼法》（2023）第九十条第一款"
PENALTY_LAW_IN_FORCE = date(2021, 7, 15)

AVAILABLE, FIRST_READ = "available", "first_read"
PORTAL_EVENTS = {AVAILABLE: "文书进入当事人平台收件箱之日", FIRST_READ: "当事人首次在平台收件箱阅读文书之日"}


@dataclass(frozen=True)
class Rule:
    channel: str
    event: str  # "delivered" | "available" | "first_read" | "receipt"
    text: str  # the rule in Chinese, as pages show it
    citation: str
    effective_from: date
    verified: bool = True

    @property
    def basis(self) -> str:
        flag = "" if self.verified else "（本平台参数，法律未明定，未经核实）"
        return f"{self.text}（{self.citation}）{flag}"


FIXED = {
    "email": Rule("email", "delivered", "电子邮件到达受送达人邮箱系统之日", CPL_ELECTRONIC,
                  PENALTY_LAW_IN_FORCE),
    "sms": Rule("sms", "delivered", "短信到达受送达人手机号码之日", CPL_ELECTRONIC,
                PENALTY_LAW_IN_FORCE),
    "post": Rule("post", "receipt", "邮件回执上注明的收件日期", CPL_POST, PENALTY_LAW_IN_FORCE),
}


def portal_rules() -> list[Rule]:
    """The portal rule's versions, oldest first: the default since the Penalty Law's revision,
    and the operator's choice from the date it names."""
    default = Rule("portal", AVAILABLE, PORTAL_EVENTS[AVAILABLE], CPL_ELECTRONIC,
                   PENALTY_LAW_IN_FORCE, verified=False)
    chosen = os.environ.get("FAZHI_DELIVERY_PORTAL_RULE",
                            getattr(settings, "FAZHI_DELIVERY_PORTAL_RULE", ""))
    if not chosen:
        return [default]
    if chosen not in PORTAL_EVENTS:
        raise ImproperlyConfigured(f"FAZHI_DELIVERY_PORTAL_RULE 应为 available 或 first_read，"
                                   f"实际为 {chosen!r}")
    raw = os.environ.get("FAZHI_DELIVERY_PORTAL_RULE_FROM",
                         getattr(settings, "FAZHI_DELIVERY_PORTAL_RULE_FROM", ""))
    try:
        since = date.fromisoformat(str(raw)) if raw else PENALTY_LAW_IN_FORCE
    except ValueError:
        raise ImproperlyConfigured(f"FAZHI_DELIVERY_PORTAL_RULE_FROM 应为日期（YYYY-MM-DD），"
                                   f"实际为 {raw!r}") from None
    return [default, Rule("portal", chosen, PORTAL_EVENTS[chosen], CPL_ELECTRONIC,
                          max(since, PENALTY_LAW_IN_FORCE), verified=False)]


def rule_for(channel: str, on: date) -> Rule:
    """The rule in force on `on` (the day the document was sent) for `channel`."""
    if channel != "portal":
        return FIXED[channel]
    rules = [r for r in portal_rules() if r.effective_from <= on]
    return rules[-1] if rules else portal_rules()[0]
