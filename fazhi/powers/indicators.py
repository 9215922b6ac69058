"""Indicators of the enforcement registry for the annual report: officers holding a valid
certificate, catalogue entries with a stated basis, legal reviewers qualified to review.

Certificate status and the article check are derived in Python (the history of events, a
pattern on the basis), so each figure's numerator is the set of qualifying keys: thousands
of rows, one query each.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.core.indicators import IndicatorValue, RecordKind, as_of, indicator, public_rows_of, rate
from fazhi.org.actors import Actor
from fazhi.org.models import Agency, Staff
from fazhi.powers import checks
from fazhi.powers.importer import states_article
from fazhi.powers.models import CertificateEvent, EnforcementItem
from fazhi.powers.queries import items_in_force
from fazhi.subjects.models import Officer

CERT_BASIS = "《行政处罚法》第四十二条；国办发〔2018〕118号"
ITEM_BASIS = "《行政处罚法》第三十九条；国办发〔2018〕118号"
REVIEW_BASIS = "《行政处罚法》第五十八条第二款"
Link = EnforcementItem.agencies.through


def _own_agency(records: QuerySet, actor: Actor, field: str = "agency") -> QuerySet:
    """City-wide roles and the legal office see every agency's records, others their own."""
    if actor.city_wide or Agency.objects.filter(pk=actor.agency_id, is_legal_office=True).exists():
        return records
    return records.filter(**{f"{field}_id": actor.agency_id})


OFFICERS = RecordKind(
    visible=_own_agency,
    row=lambda o: {"label": f"{o.name}（{o.cert_no}）", "agency": o.agency.name,
                   "date": o.cert_valid_until},
    related=("agency",),
    public_rows=public_rows_of(lambda o: o.cert_no, lambda o: o.agency.name, ("agency",)))

ENTRIES = RecordKind(
    visible=lambda records, actor: records,  # the catalogue is public
    row=lambda link: {"label": f"{link.enforcementitem.code} {link.enforcementitem.name}",
                      "agency": link.agency.name, "date": link.enforcementitem.valid_from},
    related=("enforcementitem", "agency"),
    public_rows=public_rows_of(lambda link: link.enforcementitem.code, lambda link: link.agency.name,
                               ("enforcementitem", "agency")))

REVIEWERS = RecordKind(
    visible=_own_agency,
    row=lambda staff: {"label": staff.display_name, "agency": staff.agency.name},
    related=("agency",),
    public_rows=public_rows_of(lambda staff: f"#{staff.pk}", lambda staff: staff.agency.name,
                               ("agency",)))


def valid_officer_ids(day) -> list[int]:
    events: dict[int, list[CertificateEvent]] = {}
    for event in CertificateEvent.objects.filter(effective_from__lte=day):
        events.setdefault(event.officer_id, []).append(event)
    return [o.pk for o in Officer.objects.all()
            if checks.standing(o, day, events.get(o.pk, [])).valid]


@indicator(code="powers.certified_officers", name="执法人员持有效执法证比例", unit="%",
           basis=CERT_BASIS, section=1, requires=("powers.CertificateEvent",), records=OFFICERS)
def certified_officers(year: int, scope: Agency | None) -> IndicatorValue:
    """Officers on the roster whose certificate is valid at the end of the year (or today)."""
    day = as_of(year)
    return rate(Officer.objects.all(), Q(pk__in=valid_officer_ids(day)), scope)


@indicator(code="powers.items_with_basis", name="权责清单事项载明设定依据条款比例", unit="%",
           basis=ITEM_BASIS, section=1, requires=("powers.EnforcementItem",), records=ENTRIES)
def items_with_basis(year: int, scope: Agency | None) -> IndicatorValue:
    """Catalogue entries (item × body) in force at the end of the year whose basis names a
    law and an article."""
    items = items_in_force(as_of(year))
    stated = [pk for pk, basis in items.values_list("pk", "basis") if states_article(basis)]
    return rate(Link.objects.filter(enforcementitem__in=items.values("pk")),
                Q(enforcementitem_id__in=stated), scope)


def reviewer_ids() -> list[int]:
    return [pk for pk, roles in Staff.objects.values_list("pk", "roles") if "reviewer" in (roles or [])]


@indicator(code="powers.qualified_reviewers", name="法制审核人员具备审核资格比例", unit="%",
           basis=REVIEW_BASIS, section=1, requires=("powers.LegalQualification",),
           records=REVIEWERS)
def qualified_reviewers(year: int, scope: Agency | None) -> IndicatorValue:
    """Staff in the legal-reviewer role who may review on the last day of the year (or
    today): qualified, or reviewing since before the revised law."""
    day = as_of(year)
    staff = Staff.objects.filter(pk__in=reviewer_ids())
    able = [s.pk for s in staff.select_related("user") if checks.reviewer_refusal(s, on=day) is None]
    return rate(staff, Q(pk__in=able), scope)
