"""Commands on the registry: the legal office records a certificate's suspension,
reinstatement or revocation (append-only events), and a reviewer's qualification.

Each command locks the officer row, checks the history as of the event's date and writes one
event in one transaction; a refusal is a DomainError with its Chinese message and status.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.powers import checks
from fazhi.powers.models import CertificateEvent
from fazhi.subjects.models import Officer

MANAGING_ROLES = frozenset({"handler", "head", "reviewer", "admin"})


def can_manage(actor: Actor | None) -> bool:
    """Certificates are managed by the legal office (法制机构, instruments.md §8.2: issued by
    the government, managed by the justice departments) or a system administrator."""
    if actor is None or actor.kind != "staff":
        return False
    if "admin" in actor.roles:
        return True
    return bool(actor.roles & MANAGING_ROLES) and Agency.objects.filter(
        pk=actor.agency_id, is_legal_office=True).exists()


def _require(actor: Actor) -> None:
    if not can_manage(actor):
        raise Forbidden("仅限法制机构工作人员管理执法证")


def _locked(officer_id: int) -> Officer:
    officer = Officer.objects.select_for_update().filter(pk=officer_id).first()
    if officer is None:
        raise NotFound("没有该执法人员")
    return officer


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidData("请填写理由")
    if len(reason) > 500:
        raise InvalidData("理由不能超过 500 个字符")
    return reason


def _latest_day(officer: Officer) -> date | None:
    last = officer.certificate_events.order_by("-effective_from").first()
    return last.effective_from if last else None


def _in_order(officer: Officer, on: date) -> None:
    """Events are recorded in date order: a later fact cannot be inserted before an earlier one."""
    latest = _latest_day(officer)
    if latest and on < latest:
        raise InvalidData(local("生效日期不能早于该执法证最近一次记录的日期（{day}）").format(day=latest))


@transaction.atomic
def suspend(actor: Actor, officer_id: int, *, effective_from: date, until: date | None,
            reason: str) -> CertificateEvent:
    """暂扣: the officer may not act from `effective_from` until `until` (or reinstatement)."""
    _require(actor)
    officer = _locked(officer_id)
    reason = _reason(reason)
    if until is not None and until <= effective_from:
        raise InvalidData("暂扣截止日期应晚于生效日期")
    _in_order(officer, effective_from)
    state = checks.standing(officer, effective_from)
    if state.status == checks.REVOKED:
        raise NotAllowed("该执法证已吊销，不能暂扣")
    if state.status == checks.SUSPENDED:
        raise NotAllowed("该执法证已在暂扣中")
    return CertificateEvent.objects.create(
        officer=officer, kind=CertificateEvent.SUSPEND, effective_from=effective_from, until=until,
        reason=reason, recorded_by=actor.label)


@transaction.atomic
def reinstate(actor: Actor, officer_id: int, *, effective_from: date, reason: str) -> CertificateEvent:
    """恢复: ends a suspension."""
    _require(actor)
    officer = _locked(officer_id)
    reason = _reason(reason)
    _in_order(officer, effective_from)
    if checks.standing(officer, effective_from).status != checks.SUSPENDED:
        raise NotAllowed("该执法证在该日期不在暂扣中，无需恢复")
    return CertificateEvent.objects.create(
        officer=officer, kind=CertificateEvent.REINSTATE, effective_from=effective_from,
        reason=reason, recorded_by=actor.label)


@transaction.atomic
def revoke(actor: Actor, officer_id: int, *, effective_from: date, reason: str) -> CertificateEvent:
    """吊销（注销）: final; the certificate never becomes valid again."""
    _require(actor)
    officer = _locked(officer_id)
    reason = _reason(reason)
    _in_order(officer, effective_from)
    if officer.certificate_events.filter(kind=CertificateEvent.REVOKE).exists():
        raise NotAllowed("该执法证已吊销")
    return CertificateEvent.objects.create(
        officer=officer, kind=CertificateEvent.REVOKE, effective_from=effective_from,
        reason=reason, recorded_by=actor.label)


COMMANDS = {CertificateEvent.SUSPEND: suspend, CertificateEvent.REINSTATE: reinstate,
            CertificateEvent.REVOKE: revoke}
