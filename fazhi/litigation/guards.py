"""The refusals of litigation response that depend on the case now, each citing its article
of 《行政诉讼法》. Transitions run them as guards (screens offer only what the engine accepts);
the checks on submitted dates run in the effects."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ObjectDoesNotExist

from fazhi.cases.models import Case, Clock
from fazhi.core.i18n import local
from fazhi.litigation import models as m
from fazhi.litigation.limits import LAW, LIMITS


def litigation(case: Case) -> m.Litigation | None:
    try:
        return case.litigation
    except ObjectDoesNotExist:
        return None


def appeal_clock(case: Case) -> Clock | None:
    codes = [LIMITS["appeal_judgment"].code, LIMITS["appeal_ruling"].code]
    return case.clocks.filter(code__in=codes).order_by("-id").first()


def effect_refusal(case: Case, today: date) -> str | None:
    """第八十五条: a first-instance judgment or ruling takes effect only when the appeal
    period has run without an appeal."""
    clock = appeal_clock(case)
    if clock is not None and today <= clock.due_on:
        return local("上诉期限至{due}届满；逾期不提起上诉的，第一审判决或者裁定才发生法律效力"
                     "（{basis}第八十五条）").format(due=clock.due_on.isoformat(), basis=LAW)
    return None


def perform_refusal(case: Case, today: date) -> str | None:
    row = litigation(case)
    if row is not None and row.performed_on is not None:
        return local("已记录履行情况")
    return None


def _pending(row: m.Litigation | None) -> bool:
    return row is not None and row.suggestions > row.suggestions_answered


def suggestion_refusal(case: Case, today: date) -> str | None:
    if _pending(litigation(case)):
        return local("上一份司法建议尚未回复，请先回复")
    return None


def answer_refusal(case: Case, today: date) -> str | None:
    if not _pending(litigation(case)):
        return local("没有待回复的司法建议")
    return None


def close_refusal(case: Case, today: date) -> str | None:
    """第九十四条: the parties must perform an effective judgment; a judicial suggestion is
    answered before the case is closed (第九十六条第四项)."""
    row = litigation(case)
    if row is None:
        return None
    if row.must_perform and row.performed_on is None:
        return local("判决尚未履行，不能结案：当事人必须履行人民法院发生法律效力的判决、裁定"
                     "（{basis}第九十四条）").format(basis=LAW)
    if _pending(row):
        return local("司法建议尚未回复，不能结案（{basis}第九十六条第四项）").format(basis=LAW)
    return None
