"""The questions a procedure asks the enforcement registry (BRIEF-shared-floor.md):

- `acting_refusal`: may these officers act in this category on this date?
  (《行政处罚法》第四十二条: officers with enforcement qualification, at least two);
- `reviewer_refusal`: may this person review a penalty decision's legality?
  (《行政处罚法》第五十八条第二款: first-time reviewers hold the legal-profession qualification);
- `exercising`: whose power does this body exercise for this catalogue item on this date?
  (its own, or the delegating department's: 第十八条、第二十条、第二十四条);
- `item`: the catalogue item (权责清单事项) in force on a date.

Each refusal is a Chinese sentence naming the person and the article, in the active
language through `local` (ADR 0027). None means allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fazhi.core.i18n import local
from fazhi.org.models import Agency, Staff
from fazhi.powers.models import (
    CertificateEvent,
    Delegation,
    EnforcementItem,
    LegalQualification,
    ReviewExperience,
)
from fazhi.subjects.models import Officer

ART_42 = "《行政处罚法》第四十二条"
ART_58_2 = "《行政处罚法》第五十八条第二款"
# The revised law took effect on this date (Art. 86); who reviewed before it is not
# "初次从事" under Art. 58(2).
REVISED_LAW_IN_FORCE = date(2021, 7, 15)

VALID, NOT_YET, EXPIRED, SUSPENDED, REVOKED, INACTIVE = (
    "valid", "not_yet", "expired", "suspended", "revoked", "inactive")
STATUS_LABELS = {VALID: "有效", NOT_YET: "未到有效期", EXPIRED: "已过有效期", SUSPENDED: "暂扣中",
                 REVOKED: "已吊销（注销）", INACTIVE: "不在岗"}


@dataclass(frozen=True)
class Standing:
    """An officer's certificate on one date: status, and the event that decided it."""

    status: str
    since: date | None = None
    until: date | None = None  # a suspension's end, when fixed
    reason: str = ""

    @property
    def valid(self) -> bool:
        return self.status == VALID

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def standing(officer: Officer, on: date,
             events: Sequence[CertificateEvent] | None = None) -> Standing:
    """The certificate's status on `on` from its validity dates and its event history."""
    if events is None:
        events = list(officer.certificate_events.filter(effective_from__lte=on))
    suspended: CertificateEvent | None = None
    for event in sorted(events, key=lambda e: (e.effective_from, e.pk or 0)):
        if event.effective_from > on:
            continue
        if event.kind == CertificateEvent.REVOKE:
            return Standing(REVOKED, event.effective_from, reason=event.reason)
        suspended = event if event.kind == CertificateEvent.SUSPEND else None
    if suspended is not None and (suspended.until is None or on < suspended.until):
        return Standing(SUSPENDED, suspended.effective_from, suspended.until, suspended.reason)
    if officer.cert_valid_from and on < officer.cert_valid_from:
        return Standing(NOT_YET, officer.cert_valid_from)
    if on > officer.cert_valid_until:
        return Standing(EXPIRED, officer.cert_valid_until)
    if not officer.active:
        return Standing(INACTIVE)
    return Standing(VALID, officer.cert_valid_from, officer.cert_valid_until)


def _officer_refusal(officer: Officer, state: Standing, category: str) -> str | None:
    who = local("执法人员{name}（执法证号{cert}）").format(name=officer.name, cert=officer.cert_no)
    if state.status == REVOKED:
        return local("{who}的执法证已于{day}吊销，不得从事执法活动（{law}）").format(
            who=who, day=state.since, law=ART_42)
    if state.status == SUSPENDED:
        return local("{who}的执法证自{day}起暂扣，不得从事执法活动（{law}）").format(
            who=who, day=state.since, law=ART_42)
    if state.status == EXPIRED:
        return local("{who}的执法证已于{day}到期，不具有行政执法资格（{law}）").format(
            who=who, day=state.since, law=ART_42)
    if state.status == NOT_YET:
        return local("{who}的执法证自{day}起生效，此前不具有行政执法资格（{law}）").format(
            who=who, day=state.since, law=ART_42)
    if state.status == INACTIVE:
        return local("{who}不在岗，不得从事执法活动").format(who=who)
    if category and category not in (officer.cert_categories or []):
        held = "、".join(officer.cert_categories or []) or local("无")
        return local("{who}的执法证类别为“{held}”，不含本事项所需的“{category}”类别（{law}）").format(
            who=who, held=held, category=category, law=ART_42)
    return None


def acting_refusal(officers: Sequence[Officer], *, category: str, on: date,
                   minimum: int = 1) -> str | None:
    """None when every officer may act in `category` on `on` and there are at least
    `minimum` of them (investigation steps: 2, 《行政处罚法》第四十二条); else the first
    reason, naming the officer."""
    distinct = list({o.pk: o for o in officers}.values())
    events: dict[int, list[CertificateEvent]] = {o.pk: [] for o in distinct}
    for event in CertificateEvent.objects.filter(officer__in=[o.pk for o in distinct],
                                                 effective_from__lte=on):
        events[event.officer_id].append(event)
    for officer in distinct:
        refusal = _officer_refusal(officer, standing(officer, on, events[officer.pk]), category)
        if refusal:
            return refusal
    if len(distinct) < minimum:
        return local("执法人员不得少于{n}人，现为{count}人（{law}）").format(
            n=minimum, count=len(distinct), law=ART_42)
    return None


def _staff(user) -> Staff | None:
    """The staff record of a user, an Actor (user_id) or a Staff."""
    if isinstance(user, Staff):
        return user
    user_id = getattr(user, "user_id", None) if not hasattr(user, "is_authenticated") \
        else getattr(user, "pk", None)
    if user_id is None:
        return None
    return Staff.objects.filter(user_id=user_id).first()


def reviewer_refusal(user, *, on: date) -> str | None:
    """None when the person may review a penalty decision's legality on `on`: holds the
    legal-profession qualification obtained by then, or was already reviewing before the
    revised law took effect (not 初次从事, 《行政处罚法》第五十八条第二款)."""
    staff = _staff(user)
    if staff is None:
        return local("只有行政机关的法制审核人员可以进行法制审核")
    qualification = LegalQualification.objects.filter(staff=staff).first()
    if qualification is not None and qualification.obtained_on <= on:
        return None
    experience = ReviewExperience.objects.filter(staff=staff).first()
    if experience is not None and experience.since < REVISED_LAW_IN_FORCE:
        return None
    return local("{name}初次从事行政处罚决定法制审核，应当取得法律职业资格（{law}）").format(
        name=staff.display_name, law=ART_58_2)


def item(code: str, *, on: date) -> EnforcementItem | None:
    """The catalogue item `code` in force on `on`."""
    return (EnforcementItem.objects.filter(code=code, valid_from__lte=on)
            .exclude(valid_until__lte=on).order_by("-valid_from").first())


def delegations(team: Agency, item_: EnforcementItem, on: date) -> list[Delegation]:
    """The delegations in force on `on` that cover the item for `team`, item codes before
    whole categories, then the newest first."""
    found = [d for d in Delegation.objects.filter(team=team, valid_from__lte=on)
             .exclude(valid_until__lte=on).select_related("delegator")
             if d.covers(item_)]
    return sorted(found, key=lambda d: (item_.code not in d.item_codes, -d.valid_from.toordinal()))


def concentrated_away(agency: Agency, item_: EnforcementItem, on: date) -> Delegation | None:
    """A concentration in force that moved this item's power from `agency` to a team: the
    department no longer exercises it itself (《行政处罚法》第十八条第二款)."""
    for d in (Delegation.objects.filter(delegator=agency, mode=Delegation.CONCENTRATED,
                                        valid_from__lte=on)
              .exclude(valid_until__lte=on).select_related("team")):
        if d.covers(item_):
            return d
    return None


def exercising(agency: Agency, item_code: str, *, on: date) -> Agency | None:
    """Whose power `agency` exercises for the item on `on`: its own when the catalogue names
    it (and no concentration moved the item away), the delegating department's when a
    delegation in force covers it, None when it is not competent (第三十八条: a penalty by
    a body without the power is void)."""
    found = item(item_code, on=on)
    if found is None:
        return None
    competent = {a.pk for a in found.agencies.all()}
    if agency.pk in competent and concentrated_away(agency, found, on) is None:
        return agency
    for d in delegations(agency, found, on):
        if d.delegator_id in competent:
            return d.delegator
    return None
