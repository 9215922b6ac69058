"""The refusals of people's mediation and judicial confirmation, each citing its article
(domain/procedures.md §6). Transitions run the ones about the case now as guards (screens
offer only what the engine accepts); checks on the submitted data run in the effects."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ObjectDoesNotExist

from fazhi.cases.models import Case, Clock
from fazhi.core.i18n import local
from fazhi.mediation import models as m
from fazhi.mediation.limits import CPL, LAW, LIMITS, SPC


def mediation(case: Case) -> m.Mediation | None:
    try:
        return case.mediation
    except ObjectDoesNotExist:
        return None


def _clock(case: Case, key: str) -> Clock | None:
    return case.clocks.filter(code=LIMITS[key].code).first()


def assign_refusal(case: Case, today: date) -> str | None:
    """《人民调解法》第十七条、第二十三条: mediation may not proceed over a party's refusal."""
    found = mediation(case)
    if found is not None and found.refused_by:
        return local("{who}已明确拒绝调解，不得指派调解员（{basis}第十七条、第二十三条）").format(
            who=local(found.refused_by), basis=LAW)
    return None


def joint_refusal(applicant: bool, respondent: bool) -> str | None:
    """《人民调解法》第三十三条、《民事诉讼法》第二百零五条: the parties apply jointly."""
    if not (applicant and respondent):
        return local("司法确认应当由双方当事人共同申请，一方当事人单独申请的不予受理"
                     "（{law}第三十三条、{cpl}第二百零五条、{spc}第三百五十一条）").format(
            law=LAW, cpl=CPL, spc=SPC)
    return None


def confirm_apply_refusal(case: Case, today: date) -> str | None:
    """《人民调解法》第三十三条、《民事诉讼法》第二百零五条: within 30 days of the agreement
    taking effect; an oral agreement has no document for the court to confirm."""
    found = mediation(case)
    if found is not None and found.agreement_kind == "oral":
        return local("口头调解协议不能申请司法确认，须有书面调解协议（{law}第三十三条）").format(law=LAW)
    clock = _clock(case, "confirm_apply")
    if clock is not None and today > clock.due_on:
        return local("申请司法确认应当自调解协议生效之日起三十日内提出，已于{due}届满"
                     "（{basis}）").format(due=clock.due_on.isoformat(),
                                           basis=LIMITS["confirm_apply"].citation)
    return None


def extension_refusal(case: Case, today: date) -> str | None:
    """法释〔2011〕5号第五条: one extension of ten days, approved by the court president."""
    clock = _clock(case, "examine")
    if clock is not None and clock.extended:
        return local("审查期限已经延长过，不能再次延长（{basis}）").format(
            basis=LIMITS["examine"].citation)
    return None


def off_platform(case: Case, today: date) -> str | None:
    """ADR 0048: the committee records the court's steps only for a court not on the
    platform; a court on it records them itself (its clerk, in its part on the case)."""
    found = mediation(case)
    if found is not None and found.court_agency_id:
        return local("受理司法确认申请的{court}在本平台办理，其受理、审查、裁定和异议处理由该院书记员"
                     "记录，调解委员会不再代为登记").format(court=found.court)
    return None


def off_platform_extension(case: Case, today: date) -> str | None:
    return off_platform(case, today) or extension_refusal(case, today)


def archive_refusal(case: Case, today: date) -> str | None:
    """The parties' windows first: 30 days to apply for confirmation (《人民调解法》第三十三条),
    15 days to object to the ruling (解释第三百七十二条)."""
    key = "confirm_apply" if case.state == "agreed" else "objection"
    clock = _clock(case, key)
    if clock is not None and clock.state == Clock.RUNNING and today <= clock.due_on:
        return local("{what}至{due}届满，届满后方可归档（{basis}）").format(
            what=local(LIMITS[key].label), due=clock.due_on.isoformat(),
            basis=LIMITS[key].citation)
    return None
