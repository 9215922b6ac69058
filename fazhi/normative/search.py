"""Chinese full-text search over normative documents: one API, two database engines.

Each document is indexed as two token streams per field (title, body), from its folded
text (simplified, half-width, casefolded; `fazhi.law.zhtext.fold`):

- **words**: jieba search-mode words (`zhtext.segment(..., for_search=True)`), which
  rank documents where the query is a real word higher;
- **grams**: overlapping character bigrams of every CJK run, plus the run's last character
  on its own, and ASCII letter/digit runs as whole tokens. A query term matches when its
  own bigrams occur consecutively, so "营商环境" is found however jieba split the
  document ("经营商环境" → 经营/商/环境 still contains 营商·商环·环境).

SQLite: an FTS5 table (contentless, to keep the file small) ranked by `bm25`, with
`normative_search_doc` mapping each document to its current FTS row. PostgreSQL: a
`tsvector` built in Python (no text-search parser is involved, so both engines see the
same tokens) with a GIN index, ranked by `ts_rank`. Snippets and highlighting are made
in Python from the matched terms on the original text, escaping every piece: only the
<mark> tags are markup. See docs/search.md.

Keep the index in sync by calling `reindex(document)` after a document's title or body
changes; a post_save receiver does the same as a fallback.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fazhi.cases.models import Case
from fazhi.core.modules import CatalogueEntry, SearchHit
from fazhi.law import zhtext
from fazhi.law.zhtext import CJK_CLASS
from fazhi.normative import models as m
from fazhi.normative import queries
from fazhi.org.actors import Actor

PUBLIC, STAFF = "public", "staff"
MAX_TERMS = 8  # more terms add little precision and cost a posting-list scan each
LONG_PIECE = 12  # a longer run of text without spaces is split into jieba words
SNIPPET_CHARS = 120
# Ranking and counting every match would cost in proportion to the collection for common
# terms. Title relevance is ranked among the TITLE_WINDOW most recently indexed title
# matches, and counts stop at COUNT_CAP ("1000件以上"). See docs/search.md.
TITLE_WINDOW = 200
COUNT_CAP = 1000

_RUN = re.compile(f"[{CJK_CLASS}]+|[0-9a-z]+")
_CJK = re.compile(f"[{CJK_CLASS}]")
_SENTENCE = re.compile(r"[^。！？；\n]*[。！？；\n]?")
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\u00a0\r]")  # what normalise_width maps


def _width(text: str) -> str:
    """`zhtext.normalise_width`, skipping its per-character table when nothing would change
    (the table lookup dominated snippet time)."""
    if _WIDE.search(text) is None:
        return unicodedata.normalize("NFC", text)
    return zhtext.normalise_width(text)


# -- text → tokens ---------------------------------------------------------------------------

def fold(text: str) -> str:
    """`zhtext.fold`, sentence by sentence, skipping the traditional→simplified table for
    sentences that are plain GB2312 (simplified) text: the table is pure Python and the
    slowest step of indexing; GB2312 has no traditional characters to convert."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        pass
    else:
        return _width(text).casefold()
    out = []
    for sentence in _SENTENCE.findall(text):
        try:
            sentence.encode("gb2312")
        except UnicodeEncodeError:
            out.append(zhtext.fold(sentence))
        else:
            out.append(_width(sentence).casefold())
    return "".join(out)


def grams(folded: str) -> list[str]:
    """Bigram stream of folded text: 营商环境 → 营商 商环 环境 境; abc2020 → abc2020."""
    out: list[str] = []
    for match in _RUN.finditer(folded):
        run = match.group()
        if _CJK.match(run):
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
            out.append(run[-1])
        else:
            out.append(run)
    return out


def words(folded: str) -> list[str]:
    """jieba search-mode words of folded text."""
    return zhtext.segment_folded(folded, for_search=True)


@dataclass(frozen=True)
class Tokens:
    title_words: list[str]
    title_grams: list[str]
    body_grams: list[str]


def tokens(title: str, body: str) -> Tokens:
    """What the index stores for a document (pure; the bench runs it in worker processes).

    Bodies are indexed by grams only: a term's gram phrase matches wherever its jieba word
    would, so body words would only double the index (ADR 0010)."""
    t = fold(title)
    return Tokens(words(t), grams(t), grams(fold(body)))


# -- query parsing ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """One query term: matched as a word, or as consecutive grams (the last one a prefix
    when the term ends in a single CJK character)."""

    text: str
    grams: tuple[str, ...]
    prefix: bool


def _term_grams(term: str) -> tuple[tuple[str, ...], bool]:
    out: list[str] = []
    prefix = False
    runs = list(_RUN.finditer(term))
    for i, match in enumerate(runs):
        run, last = match.group(), i == len(runs) - 1
        if not _CJK.match(run):
            out.append(run)
        elif len(run) == 1 and last:
            out.append(run)
            prefix = True  # 法 → any bigram starting with 法
        else:
            out.extend(run[j:j + 2] for j in range(len(run) - 1))
            if not last:
                out.append(run[-1])  # the document's run ends here too
    return tuple(out), prefix


def parse_query(query: str) -> list[Term]:
    """Terms of a query, all required. Space-separated pieces are terms; a long piece
    without spaces (a pasted sentence) is split into jieba words of two or more characters."""
    pieces: list[str] = []
    for piece in fold(query).split():
        piece = "".join(_RUN.findall(piece))
        if not piece:
            continue
        if len(piece) > LONG_PIECE:
            pieces.extend(w for w in zhtext.segment(piece) if len(w) > 1 or not _CJK.match(w))
        else:
            pieces.append(piece)
    terms, seen = [], set()
    for piece in pieces:
        if piece in seen:
            continue
        seen.add(piece)
        gram_tokens, prefix = _term_grams(piece)
        if gram_tokens:
            terms.append(Term(piece, gram_tokens, prefix))
    return terms[:MAX_TERMS]


# -- vendor back ends ------------------------------------------------------------------------

def _fts5_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts5_phrase(term: Term) -> str:
    phrase = '"' + " ".join(g.replace('"', '""') for g in term.grams) + '"'
    return phrase + " *" if term.prefix else phrase


def fts5_match(terms: Sequence[Term]) -> str:
    """FTS5 MATCH expression on the title table: every term, as a word or as its gram
    phrase (the word only adds to the rank)."""
    return " AND ".join(f"({{w}} : {_fts5_string(term.text)} OR {{g}} : {_fts5_phrase(term)})"
                        for term in terms)


def fts5_match_all(terms: Sequence[Term]) -> str:
    """FTS5 MATCH expression on the whole-document table: every term's gram phrase, in the
    title or the body."""
    return " AND ".join(_fts5_phrase(term) for term in terms)


def _tsq_lexeme(token: str, prefix: bool = False) -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def tsquery(terms: Sequence[Term]) -> str:
    """tsquery text: every term, as a word or as all of its grams (GIN answers that
    exactly, without re-reading the stored vectors as a phrase search would). The
    whole-document vector holds grams only; the title vector words and grams."""
    parts = []
    for term in terms:
        grams_q = " & ".join(_tsq_lexeme(g, term.prefix and i == len(term.grams) - 1)
                             for i, g in enumerate(term.grams))
        parts.append(f"({_tsq_lexeme(term.text)} | ({grams_q}))")
    return " & ".join(parts)


def _tsvector(stream: Iterable[str]) -> str:
    """tsvector literal of distinct lexemes, no positions (matching needs none; ranking
    uses the small title vector)."""
    return " ".join(_tsq_lexeme(lex) for lex in dict.fromkeys(stream))


def _vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def digest(title: str, body: str) -> str:
    return hashlib.sha1(f"{title}\0{body}".encode()).hexdigest()


def write_index(rows: Iterable[tuple[int, str, Tokens]]) -> int:
    """Store the tokens of documents (pk, digest, tokens), replacing what was there. Each
    write gives the document a newer place in the index order, which is the order body
    matches are listed in (newest first)."""
    n = 0
    with connection.cursor() as cur:
        for pk, dig, tok in rows:
            if _vendor() == "postgresql":
                cur.execute(
                    "INSERT INTO normative_search (document_id, digest, tsv, title_tsv) "
                    "VALUES (%s, %s, %s::tsvector, %s::tsvector) ON CONFLICT (document_id) "
                    "DO UPDATE SET digest = EXCLUDED.digest, tsv = EXCLUDED.tsv, "
                    "title_tsv = EXCLUDED.title_tsv, seq = EXCLUDED.seq",
                    [pk, dig, _tsvector(tok.title_grams + tok.body_grams),
                     _tsvector(tok.title_words + tok.title_grams)])
            else:
                # contentless FTS5 rows cannot be deleted without their old text: add new
                # rows and point the document at them; the old rows no longer join.
                cur.execute("INSERT INTO normative_search (t, b) VALUES (%s, %s)",
                            [" ".join(tok.title_grams), " ".join(tok.body_grams)])
                rowid = cur.lastrowid
                cur.execute("INSERT INTO normative_search_title (rowid, w, g) "
                            "VALUES (%s, %s, %s)",
                            [rowid, " ".join(tok.title_words), " ".join(tok.title_grams)])
                cur.execute(
                    "INSERT INTO normative_search_doc (document_id, digest, fts_rowid) "
                    "VALUES (%s, %s, %s) ON CONFLICT (document_id) "
                    "DO UPDATE SET digest = excluded.digest, fts_rowid = excluded.fts_rowid",
                    [pk, dig, rowid])
            n += 1
    return n


def _indexed_digest(pk: int) -> str | None:
    table = "normative_search" if _vendor() == "postgresql" else "normative_search_doc"
    with connection.cursor() as cur:
        cur.execute(f"SELECT digest FROM {table} WHERE document_id = %s", [pk])
        row = cur.fetchone()
    return row[0] if row else None


def reindex(document: m.NormativeDocument, *, force: bool = False) -> bool:
    """Index one document now; call after its title or body may have changed. Unchanged
    text (same digest) is skipped, so calling it on every save is cheap. True if written."""
    dig = digest(document.title, document.body)
    if not force and _indexed_digest(document.pk) == dig:
        return False
    write_index([(document.pk, dig, tokens(document.title, document.body))])
    return True


_GIN = ("normative_search_tsv", "normative_search_title_tsv")


@contextmanager
def bulk_indexing() -> Iterator[None]:
    """Around many write_index calls: on PostgreSQL the GIN indexes collect new entries in
    a pending list meanwhile (about twice as fast to write) and merge it at the end, so
    that no query scans a pending list afterwards (they run without one otherwise)."""
    if _vendor() != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        for index in _GIN:
            cur.execute(f"ALTER INDEX {index} SET (fastupdate = on)")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            for index in _GIN:
                cur.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
                cur.execute(f"ALTER INDEX {index} SET (fastupdate = off)")


def rebuild(batch: int = 500) -> int:
    """Re-index every document from scratch (after a restore, or to drop stale FTS rows)."""
    with bulk_indexing():
        return _rebuild(batch)


def _rebuild(batch: int) -> int:
    with connection.cursor() as cur:
        if _vendor() == "postgresql":
            cur.execute("DELETE FROM normative_search")
        else:
            for table in ("normative_search", "normative_search_title"):
                cur.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
            cur.execute("DELETE FROM normative_search_doc")
    n = 0
    # oldest publication first, so that the index order (newest first) follows publication
    qs = m.NormativeDocument.objects.order_by(F("published_at").asc(nulls_first=True), "pk") \
        .values_list("pk", "title", "body")
    for pk, title, body in qs.iterator(chunk_size=batch):
        n += write_index([(pk, digest(title, body), tokens(title, body))])
    return n


@receiver(post_save, sender=m.NormativeDocument, dispatch_uid="normative.search.reindex")
def _on_save(sender, instance: m.NormativeDocument, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not {"title", "body"} & set(update_fields):
        return  # a status-only save does not change what is searched
    reindex(instance)


# -- the query API ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    issuer: str = ""  # agency code (lead or co-issuer)
    year: int | None = None
    doc_type: str = ""
    status: str = ""
    valid_on: date | None = None


@dataclass(frozen=True)
class Hit:
    document: m.NormativeDocument
    rank: float
    title_html: SafeString
    snippet_html: SafeString


def scope(audience: str, actor: Actor | None = None) -> QuerySet[m.NormativeDocument]:
    """Who sees what: the public only published documents (in force or historical); staff
    also the drafts of cases they may see (`Case.objects.visible_to`)."""
    public = Q(status__in=m.PUBLIC_STATUSES)
    if audience == STAFF and actor is not None and actor.kind == "staff":
        return m.NormativeDocument.objects.filter(
            public | Q(case__in=Case.objects.visible_to(actor).values("pk")))
    return m.NormativeDocument.objects.filter(public)


def filtered(filters: Filters, audience: str, actor: Actor | None) -> QuerySet:
    qs = scope(audience, actor)
    if filters.issuer:  # a subquery, not a join, so no DISTINCT is needed
        co = m.NormativeDocument.co_issuers.through.objects.filter(
            agency__code=filters.issuer).values("normativedocument_id")
        qs = qs.filter(Q(issuer__code=filters.issuer) | Q(pk__in=co))
    if filters.year:
        qs = qs.filter(Q(number_year=filters.year)
                       | Q(number_year__isnull=True, published_at__year=filters.year))
    if filters.doc_type:
        qs = qs.filter(doc_type=filters.doc_type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.valid_on:
        qs = qs.filter(queries.in_force_q(filters.valid_on))
    return qs


def _scope_sql(qs: QuerySet) -> tuple[str, list]:
    """SELECT of the pks (as doc_id) of the documents in scope and filters."""
    sub, params = qs.order_by().values(doc_id=F("pk")).query.sql_with_params()
    return sub, list(params)


def _join_sql(qs: QuerySet) -> tuple[str, list]:
    sub, params = _scope_sql(qs)
    return f"JOIN ({sub}) f ON f.doc_id = ", params


def _fetch(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


# PostgreSQL's planner does not cost de-TOASTing: to it a sequential scan (or a walk of
# the seq index) testing `tsv @@ q` on every row looks cheap, while each row costs a
# decompression of a 10–20 kB vector. Each search query therefore states its plan:
# "bitmap" = the GIN index only (no row is de-TOASTed: the GIN answer is exact), joined
# to the documents row by row so that a LIMIT stops the join early;
# "newest" = walk the seq index backwards, testing rows until the LIMIT is reached,
# used only when most documents match, so a match is never far away.
_PLAN_OFF = {"bitmap": ("enable_seqscan", "enable_indexscan", "enable_hashjoin",
                        "enable_mergejoin"),
             "newest": ("enable_seqscan", "enable_bitmapscan")}


def _pg_fetch(sql: str, params: Sequence, plan: str) -> list[tuple]:
    nested = connection.in_atomic_block  # then SET LOCAL would outlive this query
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(" ".join(f"SET LOCAL {name} = off;" for name in _PLAN_OFF[plan]))
        try:
            cur.execute(sql, params)
            return cur.fetchall()
        finally:
            if nested:
                cur.execute(" ".join(f"RESET {name};" for name in _PLAN_OFF[plan]))


def _title_hits(terms: Sequence[Term], qs: QuerySet) -> list[tuple[int, float]]:
    """(pk, rank) of the TITLE_WINDOW most recently indexed documents whose title holds
    every term, best first (on PostgreSQL among the 2 × TITLE_WINDOW newest such titles
    before the filters; an older title match is still listed, in date order)."""
    join, params = _join_sql(qs)
    if _vendor() == "postgresql":
        q = tsquery(terms)
        # The newest title matches first, then the audience's filters: joining every
        # title match of a common term to its document would cost more than the query.
        # Title vectors are small and stored inline, so the planner's own choice (walk
        # the seq index, or GIN and sort) is sound here.
        sql = ("SELECT pk, r FROM (SELECT s.document_id AS pk, s.seq, "
               "ts_rank(s.title_tsv, %s::tsquery) AS r FROM (SELECT document_id, seq, "
               "title_tsv FROM normative_search WHERE title_tsv @@ %s::tsquery "
               f"ORDER BY seq DESC LIMIT %s) s {join}s.document_id ORDER BY s.seq DESC "
               "LIMIT %s) w ORDER BY r DESC, seq DESC")
        return _fetch(sql, [q, q, TITLE_WINDOW * 2, *params, TITLE_WINDOW])
    sql = ("SELECT pk, -r FROM (SELECT d.document_id AS pk, t.rowid AS rid, "
           "bm25(normative_search_title, 2.0, 1.0) AS r FROM normative_search_title t "
           "JOIN normative_search_doc d ON d.fts_rowid = t.rowid "
           f"{join}d.document_id WHERE normative_search_title MATCH %s "
           "ORDER BY t.rowid DESC LIMIT %s) ORDER BY r, rid DESC")
    return _fetch(sql, [*params, fts5_match(terms), TITLE_WINDOW])


@dataclass
class Matches:
    """One query's matches: the title-ranked head, how many match (up to COUNT_CAP + 1)
    and `newest(n)`, the n newest matching pks. The count and every page come from it."""

    terms: list[Term]
    titled: list[tuple[int, float]]
    total: int
    newest: Callable[[int], list[int]]

    def page(self, limit: int, offset: int) -> list[tuple[int, float]]:
        head = self.titled[offset:offset + limit]
        if len(head) == limit:
            return head
        shown = {pk for pk, _ in self.titled}
        skip = max(0, offset - len(self.titled))
        want = skip + limit - len(head)
        rest = [pk for pk in self.newest(want + len(shown)) if pk not in shown][skip:want]
        return head + [(pk, 0.0) for pk in rest]


def _sqlite_matches(terms: list[Term], qs: QuerySet) -> tuple[int, Callable[[int], list[int]]]:
    """One FTS5 walk, newest first (descending rowid), stopped after COUNT_CAP + 1."""
    join, params = _join_sql(qs)
    ids = [pk for (pk,) in _fetch(
        "SELECT d.document_id FROM normative_search s JOIN normative_search_doc d "
        f"ON d.fts_rowid = s.rowid {join}d.document_id WHERE normative_search MATCH %s "
        "ORDER BY s.rowid DESC LIMIT %s", [*params, fts5_match_all(terms), COUNT_CAP + 1])]
    return len(ids), lambda n: ids[:n]


def _pg_matches(terms: list[Term], qs: QuerySet) -> tuple[int, Callable[[int], list[int]]]:
    """Up to COUNT_CAP + 1 matches and the newest n of them (see _PLAN_OFF).

    When the planner expects most documents to match, walking the newest rows finds 1,001
    sooner than intersecting the long GIN posting lists. Otherwise the GIN index finds
    matches in any order, each checked against the filters until the LIMIT (a CTE fixes
    that order); when that is all of them they are ordered here, else a page walks the
    newest rows, where at least one document in a hundred matches."""
    join, params = _join_sql(qs)
    q = tsquery(terms)
    walk = (f"SELECT s.document_id FROM normative_search s {join}s.document_id "
            "WHERE s.tsv @@ %s::tsquery ORDER BY s.seq DESC LIMIT %s")
    if _pg_share(q) >= COMMON:
        ids = [pk for (pk,) in _pg_fetch(walk, [*params, q, COUNT_CAP + 1], "newest")]
        return len(ids), lambda n: ids[:n]
    sub, sub_params = _scope_sql(qs)
    rows = _pg_fetch(
        "WITH m AS MATERIALIZED (SELECT document_id, seq FROM normative_search "
        f"WHERE tsv @@ %s::tsquery) SELECT m.document_id, m.seq FROM m WHERE EXISTS "
        f"(SELECT 1 FROM ({sub}) f WHERE f.doc_id = m.document_id) LIMIT %s",
        [q, *sub_params, COUNT_CAP + 1], "bitmap")
    if len(rows) <= COUNT_CAP:
        ids = [pk for pk, _ in sorted(rows, key=lambda row: -row[1])]
        return len(rows), lambda n: ids[:n]
    return len(rows), lambda n: [pk for (pk,) in _pg_fetch(walk, [*params, q, n], "newest")]


COMMON = 0.5  # expected share of documents matching above which PostgreSQL walks


def _pg_share(q: str) -> float:
    """The planner's expected share of indexed documents matching `q` (its tsvector
    statistics; planning only, nothing is executed)."""
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (FORMAT JSON) SELECT 1 FROM normative_search "
                    "WHERE tsv @@ %s::tsquery", [q])
        raw = cur.fetchone()[0]
        plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'normative_search'")
        total = cur.fetchone()[0]
    return plan["Plan Rows"] / total if total and total > 0 else 0.0


def matches(query: str, *, filters: Filters | None = None, audience: str = PUBLIC,
            actor: Actor | None = None) -> Matches | None:
    """The matches of `query` inside the audience's scope and the filters (None when the
    query has no terms). The title query runs only when something matched."""
    terms, qs = parse_query(query), filtered(filters or Filters(), audience, actor)
    if not terms:
        return None
    find = _pg_matches if _vendor() == "postgresql" else _sqlite_matches
    total, newest = find(terms, qs)
    titled = [(pk, float(r)) for pk, r in _title_hits(terms, qs)] if total else []
    return Matches(terms, titled, total, newest)


def count(query: str, *, filters: Filters | None = None, audience: str = PUBLIC,
          actor: Actor | None = None) -> int:
    """How many documents match, up to COUNT_CAP + 1 (more means "over COUNT_CAP")."""
    return Results(query, filters=filters, audience=audience, actor=actor).total


def search(query: str, *, filters: Filters | None = None, audience: str = PUBLIC,
           actor: Actor | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """Documents matching every term of `query` inside the audience's scope and the
    filters, with highlighted snippets; newest first when there is no query.

    With a query: first the documents whose title holds every term (ranked by title
    relevance, among the TITLE_WINDOW most recently indexed), then the other matches,
    newest indexed first; at most COUNT_CAP in all. Both walks stop at a fixed number of
    rows, so the cost does not grow with the collection (docs/search.md)."""
    return Results(query, filters=filters, audience=audience, actor=actor)[offset:offset + limit]


def _hits(found: Matches, limit: int, offset: int) -> list[Hit]:
    page = found.page(limit, offset)
    docs = m.NormativeDocument.objects.select_related("issuer").in_bulk([pk for pk, _ in page])
    return [_hit(docs[pk], r, found.terms) for pk, r in page if pk in docs]


_UNSET = object()


class Results:
    """One query's results as a lazy, sliceable list (django.core.paginator.Paginator):
    the matches are computed once for the count and every page."""

    def __init__(self, query: str, *, filters: Filters | None = None, audience: str = PUBLIC,
                 actor: Actor | None = None):
        self.query = query
        self.scope = (filters or Filters(), audience, actor)
        self._matches: Matches | None | object = _UNSET
        self._total: int | None = None

    def _found(self) -> Matches | None:
        if self._matches is _UNSET:
            filters, audience, actor = self.scope
            self._matches = matches(self.query, filters=filters, audience=audience, actor=actor)
        return self._matches  # type: ignore[return-value]

    @property
    def total(self) -> int:
        """Matching documents up to COUNT_CAP + 1; without a query, all in scope."""
        if self._total is None:
            found = self._found()
            self._total = found.total if found is not None else filtered(*self.scope).count()
        return self._total

    @property
    def capped(self) -> bool:
        """True when more than COUNT_CAP documents match (only COUNT_CAP are listed)."""
        return self._found() is not None and self.total > COUNT_CAP

    def count(self) -> int:
        return min(self.total, COUNT_CAP) if self.capped else self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[Hit]:
        start = item.start or 0
        stop = item.stop if item.stop is not None else self.count()
        limit = max(stop - start, 0)
        found = self._found()
        if found is not None:
            return _hits(found, limit, start)
        docs = filtered(*self.scope).select_related("issuer").order_by(
            "-published_at", "-pk")[start:start + limit]
        return [_hit(doc, 0.0, []) for doc in docs]


# -- highlighting ----------------------------------------------------------------------------

def _display(text: str) -> tuple[str, str]:
    """(text as shown, its folded twin of the same length) for locating matches."""
    shown = _width(text)
    folded = fold(shown)
    if len(folded) != len(shown):  # a rare casefold expansion (ß → ss): match on lower()
        folded = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in shown)
    return shown, folded


def _spans(folded: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    if not terms:
        return []
    pattern = "|".join(re.escape(t.text) for t in sorted(terms, key=lambda t: -len(t.text)))
    return [match.span() for match in re.finditer(pattern, folded)]


def _marked(shown: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """Escape every piece of shown[start:end] and wrap the spans in <mark>."""
    out, at = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(shown[at:s]))
        out.append(f"<mark>{escape(shown[s:e])}</mark>")
        at = e
    out.append(escape(shown[at:end]))
    return "".join(out)


def highlight(text: str, terms: Sequence[Term]) -> SafeString:
    """The whole text, escaped, with the terms marked (for titles)."""
    shown, folded = _display(text)
    return mark_safe(_marked(shown, _spans(folded, terms), 0, len(shown)))  # noqa: S308 - escaped above


def snippet(text: str, terms: Sequence[Term], width: int = SNIPPET_CHARS) -> SafeString:
    """About `width` characters around the first match (or the opening), escaped, marked."""
    shown, folded = _display(text)
    spans = _spans(folded, terms)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    end = min(len(shown), start + width)
    html = _marked(shown, spans, start, end).replace("\n", " ")
    return mark_safe(("…" if start else "") + html + ("…" if end < len(shown) else ""))  # noqa: S308


def _hit(doc: m.NormativeDocument, rank: float, terms: Sequence[Term]) -> Hit:
    return Hit(doc, rank, highlight(doc.title, terms), snippet(doc.body, terms))


def site_search(query: str, limit: int) -> list[SearchHit]:
    """The portal site search's provider: the public library's full-text search (published
    documents only), with its highlighted snippets."""
    return [SearchHit(title=hit.document.title, url=reverse("library:detail", args=[hit.document.pk]),
                      snippet=hit.snippet_html, kind="行政规范性文件",
                      date=hit.document.published_at)
            for hit in search(query, audience=PUBLIC, limit=limit)]


def catalogue(agency, limit: int) -> tuple[list[CatalogueEntry], int]:
    """The 主动公开目录's category 1 (《政府信息公开条例》第二十条第（一）项: 行政规范性文件):
    the agency's published documents, newest first, with their disclosure index numbers."""
    from fazhi.publication.models import PublishedRecord

    records = PublishedRecord.objects.live().filter(kind="normative.document", agency=agency)
    found = records.order_by("-published_at", "-id").only(
        "case_id", "title", "data", "published_at")[:limit]
    return [CatalogueEntry(
        category=1, title=r.title, url=reverse("library:detail", args=[r.case_id]),
        index_no=r.data.get("disclosure_index_no", ""),
        summary="　".join(v for v in (r.data.get("doc_no", ""), r.data.get("status_label", ""))
                         if v),
        date=r.published_at.date()) for r in found], records.count()
