"""Read side: published decisions (事后公开), the search provider, home figures."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from fazhi.core.modules import SearchHit, excerpt
from fazhi.enforcement.models import PublishedDecision
from fazhi.law.inputs import InputError, identifier

COMPLETE_NO = re.compile(r"〔\d{4}〕\d+号$")  # …罚决〔2025〕123号
MIN_TRIGRAM = 3  # a trigram index answers texts of three characters or more
FTS = "enforcement_decision_fts"
# Matches (5 % of the rows, at least 1,000, at most BROAD) from which SQLite reads every
# row instead: fetching and sorting that many ids costs more than a scan (ADR 0043)
BROAD = 50_000


def published_matching(q: str) -> QuerySet[PublishedDecision]:
    """By party name, USCC or decision number (issue 13 part 10); withdrawn ones stay listed,
    marked as withdrawn.

    A credit code or decision number matches exactly (a complete number only so); a text
    matches anywhere in the party's name or the decision number — from three characters
    through the trigram index of migration 0004, a shorter one by reading every row, as
    before the index. ADR 0043.
    """
    rows = PublishedDecision.objects.all()
    q = (q or "").strip()[:100]
    if not q:
        return rows
    try:
        folded = identifier(q)  # NFKC, no spaces, upper-case
    except InputError:
        folded = q
    exact = Q(uscc=folded) | Q(decision_no=q)
    if COMPLETE_NO.search(q):
        # a complete decision number: its exact index; its trigrams (agency, year) are in
        # thousands of numbers, a long walk of the trigram index for nothing more
        return rows.filter(exact)
    return rows.filter(exact | _contains(q))


def _contains(q: str) -> Q:
    scan = Q(party_name__icontains=q) | Q(decision_no__icontains=q)
    if len(q) < MIN_TRIGRAM or connection.vendor == "postgresql":
        return scan  # PostgreSQL: the pg_trgm GIN indexes on UPPER(column) answer icontains
    # SQLite: the FTS5 trigram table, the text as one phrase (case-insensitive, as LIKE)
    phrase = '"' + q.replace('"', '""') + '"'
    ids = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"
    with connection.cursor() as cur:  # a text in many names: the scan, in date order, is faster
        cur.execute(f"SELECT (SELECT count(*) FROM ({ids} LIMIT {BROAD})), "
                    f"(SELECT max(id) FROM {PublishedDecision._meta.db_table})", [phrase])
        found, rows = cur.fetchone()
        if found >= min(BROAD, max(1000, (rows or 0) // 20)):
            return scan
    return Q(pk__in=RawSQL(ids, [phrase]))


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
