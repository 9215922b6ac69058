"""The refusals of petitions, each citing its article of 《信访工作条例》 (domain §5.1).
Transitions run the ones about the case now as guards (screens offer only what the engine
accepts); the intake checks that depend on the submitted data run in the effects."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

from django.core.exceptions import ObjectDoesNotExist

from fazhi.cases.models import Case, Clock
from fazhi.core.i18n import local
from fazhi.petitions import models as m
from fazhi.petitions.limits import LAW, LIMITS

MAX_REPRESENTATIVES = 5  # 第二十条第二款
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def petition(case: Case) -> m.Petition | None:
    try:
        return case.petition
    except ObjectDoesNotExist:
        return None


def matter_key(subject: str) -> str:
    """The same matter, whatever the spacing, punctuation or full-width forms: the digest
    of the subject folded (NFKC, lower case, no spaces or punctuation)."""
    folded = _NOISE.sub("", unicodedata.normalize("NFKC", subject).lower())
    return hashlib.sha256(folded.encode()).hexdigest()[:32]


def representatives_refusal(count: int) -> str | None:
    """第二十条第二款: a group visit elects representatives, no more than 5."""
    if count > MAX_REPRESENTATIVES:
        return local("多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不超过{n}人"
                     "（本次{count}人，{basis}第二十条）").format(
            n=MAX_REPRESENTATIVES, count=count, basis=LAW)
    return None


def final_refusal(petitioner_id: str, key: str) -> str | None:
    """第三十六条: a re-review opinion is final; the same facts and grounds are not accepted
    again by any 信访 office or other body."""
    earlier = (m.Petition.objects.filter(petitioner_id=petitioner_id, matter_key=key, final=True)
               .select_related("case").first())
    if earlier is not None:
        return local("该信访事项已经复核终结（{number}），信访人以同一事实和理由再次提出的，"
                     "各级信访工作机构和其他机关、单位不再受理（{basis}第三十六条）").format(
            number=earlier.case.number, basis=LAW)
    return None


def pending_refusal(petitioner_id: str, key: str) -> str | None:
    """第二十条 (domain §5.1 step 1): a matter already accepted and pending is not accepted
    again when repeated, within its handling period, to a higher level (or anywhere else)."""
    earlier = (m.Petition.objects.filter(petitioner_id=petitioner_id, matter_key=key,
                                         case__is_open=True)
               .select_related("case__agency").first())
    if earlier is not None:
        return local("该信访事项正由{agency}办理（{number}），在办理期限内再次提出的，"
                     "不予重复受理（{basis}第二十条）").format(
            agency=earlier.case.agency.name, number=earlier.case.number, basis=LAW)
    return None


def _party_clock_refusal(case: Case, key: str, today: date, what: str) -> str | None:
    clock = case.clocks.filter(code=LIMITS[key].code).first()
    if clock is None:
        return None
    if today > clock.due_on:
        return local("{what}应当自收到书面意见之日起{days}日内提出，已于{due}届满（{basis}）").format(
            what=local(what), days=LIMITS[key].value, due=clock.due_on.isoformat(),
            basis=LIMITS[key].citation)
    return None


def review_request_refusal(case: Case, today: date) -> str | None:
    """第三十五条: a review is requested within 30 days of receiving the written reply."""
    return _party_clock_refusal(case, "review_request", today, "请求复查")


def rereview_request_refusal(case: Case, today: date) -> str | None:
    """第三十六条第一款: a re-review is requested within 30 days of the review opinion."""
    return _party_clock_refusal(case, "rereview_request", today, "请求复核")


def objection_refusal(case: Case, today: date) -> str | None:
    """第二十三条第三款: the receiving body objects within 5 working days of receipt."""
    clock = case.clocks.filter(code=LIMITS["objection"].code).first()
    if clock is None or clock.state != Clock.RUNNING:
        return local("本事项未处于可提出异议的阶段")
    if today > clock.due_on:
        return local("对转送、交办事项有异议的，应当自收到之日起5个工作日内提出，已于{due}届满"
                     "（{basis}）").format(due=clock.due_on.isoformat(),
                                           basis=LIMITS["objection"].citation)
    return None


def extension_refusal(case: Case, today: date) -> str | None:
    """第三十二条、第三十四条: one extension of at most 30 days."""
    clock = case.clocks.filter(code=LIMITS["handle"].code).first()
    if clock is not None and clock.extended:
        return local("办理期限已经延长过，不能再次延长（{basis}）").format(
            basis=LIMITS["handle"].citation)
    return None


def close_refusal(case: Case, today: date) -> str | None:
    """A matter answered (or reviewed) is closed once the petitioner's 30 days have run
    without a request (第三十五条、第三十六条)."""
    key = "review_request" if case.state == "answered" else "rereview_request"
    clock = case.clocks.filter(code=LIMITS[key].code).first()
    if clock is not None and today <= clock.due_on:
        return local("信访人请求{what}的期限至{due}届满，届满后方可办结").format(
            what=local("复查" if key == "review_request" else "复核"),
            due=clock.due_on.isoformat())
    return None


def rating_refusal(case: Case, today: date) -> str | None:
    p = petition(case)
    if p is None or not p.opinion:
        return local("出具处理意见后方可评价")
    if p.satisfaction is not None:
        return local("已经评价过")
    return None


def hearing_refusal(case: Case, today: date) -> str | None:
    clock = case.clocks.filter(code=LIMITS["rereview"].code).first()
    if clock is not None and any(row["end"] is None for row in clock.stops):
        return local("听证正在进行中")
    return None


def hearing_end_refusal(case: Case, today: date) -> str | None:
    clock = case.clocks.filter(code=LIMITS["rereview"].code).first()
    if clock is None or not any(row["end"] is None for row in clock.stops):
        return local("未在听证中")
    return None
