"""The refusals of complaints and reports, each citing its article (domain/addendum-2026-12.md
§B). Transitions run them as guards, so the screens offer only what the engine accepts."""

from __future__ import annotations

from datetime import date

from fazhi.cases.models import Case, Clock
from fazhi.complaints.limits import LIMITS, REPORT_LIMITS
from fazhi.core.i18n import local


def _clock(case: Case, code: str) -> Clock | None:
    return case.clocks.filter(code=code).first()


def mediation_lapsed(case: Case, today: date) -> Clock | None:
    """The mediation clock, when its 45 working days have passed (第二十一条)."""
    clock = _clock(case, LIMITS["mediate"].code)
    if clock is not None and clock.state == Clock.RUNNING and today > clock.due_on:
        return clock
    return None


def agree_refusal(case: Case, today: date) -> str | None:
    """第二十一条: no agreement within 45 working days of acceptance ends the mediation."""
    clock = mediation_lapsed(case, today)
    if clock is not None:
        return local("自受理之日起{n}个工作日内未能达成调解协议的，应当终止调解；调解期限已于{due}届满"
                     "（{basis}）").format(n=LIMITS["mediate"].value, due=clock.due_on.isoformat(),
                                          basis=LIMITS["mediate"].citation)
    return None


def lapse_refusal(case: Case, today: date) -> str | None:
    """Ending on the ground "no agreement within 45 working days" only once they passed
    (第二十一条第五项, restated); the other grounds may end it at any time."""
    clock = _clock(case, LIMITS["mediate"].code)
    if clock is not None and clock.state == Clock.RUNNING and today <= clock.due_on:
        return local("调解期限至{due}届满，未届满的不能以“四十五个工作日内未能达成调解协议”终止调解"
                     "（{basis}）").format(due=clock.due_on.isoformat(),
                                          basis=LIMITS["mediate"].citation)
    return None


def extension_refusal(case: Case, today: date) -> str | None:
    """《市场监督管理行政处罚程序规定》第十八条: one extension of 15 working days."""
    clock = _clock(case, REPORT_LIMITS["verify"].code)
    if clock is not None and clock.extended:
        return local("核查期限已经延长过，不能再次延长（{basis}）").format(
            basis=REPORT_LIMITS["verify"].citation)
    return None
