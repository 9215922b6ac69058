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
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fazhi.cases.models import Case
from fazhi.law import zhtext
from fazhi.law.zhtext import CJK_CLASS
from fazhi.normative import models as m
from fazhi.org.actors import Actor

PUBLIC, STAFF = "public", "staff"
MAX_TERMS = 8  # more terms add little precision and cost a posting-list scan each
LONG_PIECE = 12  # a longer run of text without spaces is split into jieba words
SNIPPET_CHARS = 120
# Ranking and counting touch every match; beyond these many the cost grows with the
# collection, not the page. Relevance is ranked among the RANK_WINDOW most recently
# indexed matches, and counts stop at COUNT_CAP ("1000件以上"). See docs/search.md.
RANK_WINDOW = 1000
COUNT_CAP = 1000
_PG_MAX_POS = 16383  # PostgreSQL clamps tsvector positions here anyway

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
    """jieba search-mode words (already folded text folds to itself)."""
    return zhtext.segment(folded, for_search=True)


@dataclass(frozen=True)
class Tokens:
    title_words: list[str]
    title_grams: list[str]
    body_words: list[str]
    body_grams: list[str]


def tokens(title: str, body: str) -> Tokens:
    """What the index stores for a document (pure; the bench runs it in worker processes)."""
    t, b = fold(title), fold(body)
    return Tokens(words(t), grams(t), words(b), grams(b))


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


def fts5_match(terms: Sequence[Term]) -> str:
    """FTS5 MATCH expression: every term, as a word or as its bigram phrase."""
    parts = []
    for term in terms:
        phrase = '"' + " ".join(g.replace('"', '""') for g in term.grams) + '"'
        if term.prefix:
            phrase += " *"
        parts.append(f"({{title_w body_w}} : {_fts5_string(term.text)} "
                     f"OR {{title_g body_g}} : {phrase})")
    return " AND ".join(parts)


def _tsq_lexeme(token: str, prefix: bool = False) -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def tsquery(terms: Sequence[Term]) -> str:
    """tsquery text: every term, as a word or as all of its grams (GIN answers that
    exactly, without re-reading the stored vectors as a phrase search would)."""
    parts = []
    for term in terms:
        grams_q = " & ".join(_tsq_lexeme(g, term.prefix and i == len(term.grams) - 1)
                             for i, g in enumerate(term.grams))
        parts.append(f"({_tsq_lexeme(term.text)} | ({grams_q}))")
    return " & ".join(parts)


def tsvector(tok: Tokens) -> str:
    """tsvector literal: title tokens weighted A, body tokens D, positions in order."""
    positions: dict[str, list[str]] = defaultdict(list)
    pos = 0
    for stream, weight in ((tok.title_words, "A"), (tok.title_grams, "A"),
                           (tok.body_words, ""), (tok.body_grams, "")):
        for token in stream:
            pos = min(pos + 1, _PG_MAX_POS)
            positions[token].append(f"{pos}{weight}")
    return " ".join(f"{_tsq_lexeme(lex)}:{','.join(dict.fromkeys(p))}"
                    for lex, p in positions.items())


def _vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def digest(title: str, body: str) -> str:
    return hashlib.sha1(f"{title}\0{body}".encode()).hexdigest()


def write_index(rows: Iterable[tuple[int, str, Tokens]]) -> int:
    """Store the tokens of documents (pk, digest, tokens), replacing what was there."""
    n = 0
    with connection.cursor() as cur:
        for pk, dig, tok in rows:
            if _vendor() == "postgresql":
                cur.execute(
                    "INSERT INTO normative_search (document_id, digest, tsv) "
                    "VALUES (%s, %s, %s::tsvector) ON CONFLICT (document_id) "
                    "DO UPDATE SET digest = EXCLUDED.digest, tsv = EXCLUDED.tsv",
                    [pk, dig, tsvector(tok)])
            else:
                # contentless FTS5 rows cannot be deleted without their old text: add a new
                # row and point the document at it; the old row no longer joins.
                cur.execute(
                    "INSERT INTO normative_search (title_w, title_g, body_w, body_g) "
                    "VALUES (%s, %s, %s, %s)",
                    [" ".join(tok.title_words), " ".join(tok.title_grams),
                     " ".join(tok.body_words), " ".join(tok.body_grams)])
                cur.execute(
                    "INSERT INTO normative_search_doc (document_id, digest, fts_rowid) "
                    "VALUES (%s, %s, %s) ON CONFLICT (document_id) "
                    "DO UPDATE SET digest = excluded.digest, fts_rowid = excluded.fts_rowid",
                    [pk, dig, cur.lastrowid])
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


def rebuild(batch: int = 500) -> int:
    """Re-index every document from scratch (after a restore, or to drop stale FTS rows)."""
    with connection.cursor() as cur:
        if _vendor() == "postgresql":
            cur.execute("DELETE FROM normative_search")
        else:
            cur.execute("INSERT INTO normative_search (normative_search) VALUES ('delete-all')")
            cur.execute("DELETE FROM normative_search_doc")
    n = 0
    qs = m.NormativeDocument.objects.order_by("pk").values_list("pk", "title", "body")
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
    from fazhi.normative import queries

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


def _matches_sql(terms: Sequence[Term], qs: QuerySet) -> tuple[str, str, list]:
    """(FROM … WHERE …, rank expression, params) of the ranked matches inside `qs`."""
    sub, sub_params = qs.order_by().values(doc_id=F("pk")).query.sql_with_params()
    if _vendor() == "postgresql":
        q = tsquery(terms)
        body = (f"FROM normative_search s JOIN ({sub}) f ON f.doc_id = s.document_id "
                "WHERE s.tsv @@ %s::tsquery")
        return body, "ts_rank(s.tsv, %s::tsquery)", [*sub_params, q, q]
    body = ("FROM normative_search s JOIN normative_search_doc d ON d.fts_rowid = s.rowid "
            f"JOIN ({sub}) f ON f.doc_id = d.document_id WHERE normative_search MATCH %s")
    return body, "-bm25(normative_search, 10.0, 5.0, 2.0, 1.0)", [*sub_params, fts5_match(terms)]


def count(query: str, *, filters: Filters | None = None, audience: str = PUBLIC,
          actor: Actor | None = None) -> int:
    """How many documents match, up to COUNT_CAP + 1 (more means "over COUNT_CAP")."""
    terms, qs = parse_query(query), filtered(filters or Filters(), audience, actor)
    if not terms:
        return qs.count()
    body, _, params = _matches_sql(terms, qs)
    if _vendor() == "postgresql":
        params = params[:-1]  # the rank's parameter is not used by a count
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM (SELECT 1 {body} LIMIT %s) c", [*params, COUNT_CAP + 1])
        return cur.fetchone()[0]


def search(query: str, *, filters: Filters | None = None, audience: str = PUBLIC,
           actor: Actor | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """Documents matching every term of `query` inside the audience's scope and the
    filters, best first (newest first when there is no query), with highlighted snippets.
    With a query, only the first RANK_WINDOW matches (most recently indexed) are ranked."""
    terms, qs = parse_query(query), filtered(filters or Filters(), audience, actor)
    if not terms:
        docs = list(qs.select_related("issuer").order_by(
            "-published_at", "-pk")[offset:offset + limit])
        return [_hit(doc, 0.0, []) for doc in docs]
    body, rank, params = _matches_sql(terms, qs)
    if _vendor() == "postgresql":
        sql = (f"SELECT w.pk, ts_rank(w.tsv, %s::tsquery) AS r FROM (SELECT s.document_id AS pk, "
               f"s.tsv {body} ORDER BY s.document_id DESC LIMIT %s) w "
               "ORDER BY r DESC, w.pk DESC LIMIT %s OFFSET %s")
        params = [params[-1], *params[:-1]]  # the rank's tsquery comes first in the SQL
    else:
        sql = (f"SELECT pk, r FROM (SELECT d.document_id AS pk, {rank} AS r {body} "
               "ORDER BY s.rowid DESC LIMIT %s) ORDER BY r DESC, pk DESC LIMIT %s OFFSET %s")
    with connection.cursor() as cur:
        cur.execute(sql, [*params, RANK_WINDOW, limit, offset])
        ranked = cur.fetchall()
    docs = m.NormativeDocument.objects.select_related("issuer").in_bulk([pk for pk, _ in ranked])
    return [_hit(docs[pk], float(r), terms) for pk, r in ranked if pk in docs]


class Results:
    """A lazy, sliceable result list for django.core.paginator.Paginator."""

    def __init__(self, query: str, **kwargs):
        self.query, self.kwargs = query, kwargs
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = min(count(self.query, **self.kwargs), COUNT_CAP + 1)
        return min(self._count, COUNT_CAP) if self.capped else self._count

    @property
    def capped(self) -> bool:
        """True when more than COUNT_CAP documents match (only COUNT_CAP are listed)."""
        if self._count is None:
            self.count()
        return bool(self.query.strip()) and self._count > COUNT_CAP

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[Hit]:
        start, stop = item.start or 0, item.stop if item.stop is not None else self.count()
        return search(self.query, limit=max(stop - start, 0), offset=start, **self.kwargs)


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
