"""Visibility as one queryset filter, used by every list, page, API endpoint and export.

Staff see their own agency's cases and the cases their agency has a part on
(cases.Participant); the city-wide roles see all. The inbox is narrower: a part that is
done (inactive) still grants reading, not a place in the inbox.
"""

from django.apps import apps
from django.db import models
from django.db.models import BooleanField, Exists, Expression, F, OuterRef, Q

from fazhi.org.actors import Actor


class InSubquery(Expression):
    """`field IN (subquery)`, written `field = ANY(ARRAY(subquery))` on PostgreSQL: there the
    subquery runs once and its ids are an index condition, so `agency = X OR id IN (…)` is a
    bitmap OR of two index scans instead of a scan of every open case (SQLite plans the IN
    form as a multi-index OR already)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, subquery: models.QuerySet) -> None:
        super().__init__(output_field=BooleanField())
        self.lhs, self.subquery = F(field), models.Subquery(subquery)

    def get_source_expressions(self) -> list:
        return [self.lhs, self.subquery]

    def set_source_expressions(self, exprs: list) -> None:
        self.lhs, self.subquery = exprs

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False,
                           for_save=False):  # noqa: ANN001, ANN201 - Django's signature
        clone = self.copy()
        clone.lhs = self.lhs.resolve_expression(query, allow_joins, reuse, summarize)
        clone.subquery = self.subquery.resolve_expression(query, allow_joins, reuse, summarize)
        return clone

    def as_sql(self, compiler, connection, template: str = "{} IN {}"):  # noqa: ANN001, ANN201
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.subquery)
        return template.format(lhs, rhs), (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection):  # noqa: ANN001, ANN201
        return self.as_sql(compiler, connection, "{} = ANY(ARRAY{})")


# Every case has its opening agency's owner part, which `agency_id = X` already covers: a
# busy office owns a million of them. The parts subquery leaves them out with this literal
# term, which is also the predicate of the partial index `participant_shared` (agency,
# active, case) — written as text so that SQLite and PostgreSQL can match it to the index
# (a bound parameter cannot be matched). The index: petitions migration 0003 (ADR 0047).
NOT_OWNER = "NOT (role = 'owner')"


def _parts(agency_id: int, *, active_only: bool) -> models.QuerySet:
    # by name: the model module imports this one for Case's manager
    rows = (apps.get_model("cases", "Participant").objects.filter(agency_id=agency_id)
            .extra(where=[NOT_OWNER]))
    if active_only:
        rows = rows.filter(active=True)
    return rows.values("case_id")


def _agency_q(actor: Actor | None, prefix: str, *, active_only: bool, probe: bool = False) -> Q:
    if actor is None or actor.kind != "staff":
        return Q(pk__in=[])
    if actor.city_wide:
        return Q()
    own = Q(**{f"{prefix}agency_id": actor.agency_id})
    if probe:  # one indexed EXISTS per candidate row
        parts = apps.get_model("cases", "Participant").objects.filter(
            case_id=OuterRef(f"{prefix}pk"), agency_id=actor.agency_id)
        return own | Q(Exists(parts))
    return own | Q(InSubquery(f"{prefix}pk", _parts(actor.agency_id, active_only=active_only)))


def visible_q(actor: Actor | None, prefix: str = "", *, probe: bool = False) -> Q:
    """The Q that limits case rows (or rows reached through `prefix`) to what actor may see.
    `probe=True` writes the same rule for a few candidate rows found through another index
    (a backlog of overdue matters): a part probe per row instead of the agency's parts
    subquery, which at city scale reads a million parts (ADR 0047)."""
    return _agency_q(actor, prefix, active_only=False, probe=probe)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor | None) -> "CaseQuerySet":
        return self.filter(visible_q(actor))

    def open(self) -> "CaseQuerySet":
        # `is_open=True` is written as a bare `WHERE is_open`, which SQLite cannot use as
        # the leading equality of the (agency, is_open, due_on) index; `IN (1)` it can.
        return self.filter(is_open__in=[True])

    def inbox(self) -> "CaseQuerySet":
        """Open cases, earliest due first (overdue naturally first), undated (paused) last."""
        return self.open().order_by(models.F("due_on").asc(nulls_last=True), "id")

    def inbox_for(self, actor: Actor | None) -> "CaseQuerySet":
        """The actor's inbox: open cases of their agency and those where it has an active
        part (a part that is done still lets it read the case, not fill its inbox)."""
        return self.filter(_agency_q(actor, "", active_only=True)).inbox()
