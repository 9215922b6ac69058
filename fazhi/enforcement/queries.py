"""Read side: published decisions (事后公开), the search provider, home figures."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from fazhi.core.modules import SearchHit, excerpt
from fazhi.enforcement.models import PublishedDecision
from fazhi.law.inputs import InputError, identifier

MIN_CONTAINS = 3  # a trigram index answers texts of three characters or more
FTS = "enforcement_decision_fts"


def published_matching(q: str) -> QuerySet[PublishedDecision]:
    """By party name, USCC or decision number (issue 13 part 10); withdrawn ones stay listed,
    marked as withdrawn.

    A credit code or decision number matches exactly; a text of three characters or more
    matches anywhere in the party's name or the decision number, through the trigram
    index of migration 0004; a shorter one matches the start of the name (a one- or
    two-character fragment would otherwise read every row). ADR 0037.
    """
    rows = PublishedDecision.objects.all()
    q = (q or "").strip()[:100]
    if not q:
        return rows
    try:
        folded = identifier(q).upper()
    except InputError:
        folded = q
    exact = Q(uscc=folded) | Q(decision_no=q)
    return rows.filter(exact | (_contains(q) if len(q) >= MIN_CONTAINS else _prefix(q)))


def _contains(q: str) -> Q:
    if connection.vendor == "postgresql":  # pg_trgm GIN indexes on UPPER(column)
        return Q(party_name__icontains=q) | Q(decision_no__icontains=q)
    # SQLite: the FTS5 trigram table, the text as one phrase (case-insensitive, as LIKE)
    phrase = '"' + q.replace('"', '""') + '"'
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [phrase]))


def _prefix(q: str) -> Q:
    if connection.vendor == "postgresql":  # the varchar_pattern_ops index of party_name
        return Q(party_name__startswith=q)
    # SQLite's LIKE ignores a BINARY index; a code-point range is the same prefix test
    return Q(party_name__gte=q, party_name__lt=q + "\U0010ffff")


def search(query: str, limit: int) -> list[SearchHit]:
    from django.urls import reverse

    hits = []
    for row in published_matching(query)[:limit]:
        text = f"{row.party_name} {row.violation} {row.penalty}"
        hits.append(SearchHit(title=f"{row.decision_no} {row.party_name}",
                              url=reverse("enforcement:decision", args=[row.pk]),
                              snippet=excerpt(text, query), kind="行政处罚决定",
                              date=row.published_on))
    return hits
