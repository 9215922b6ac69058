"""The public library with Chinese full-text search (/library/), staff search over drafts
(/library/staff/) and the staff import of historical documents (/library/staff/import/).

Every list goes through `search.search`/`search.count`, which apply the audience's scope:
the public sees published documents only; staff also drafts of cases they may see.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from fazhi.core.errors import Forbidden
from fazhi.core.web import staff_actor
from fazhi.normative import importer, search
from fazhi.normative import models as m
from fazhi.org.models import Agency

PER_PAGE = 20
MAX_QUERY = 100


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _filters(params: QueryDict, statuses: set[str]) -> tuple[search.Filters, list[str]]:
    """Filters from the query string; bad values are ignored and reported, never a 500."""
    problems = []
    year_raw = params.get("year", "").strip()
    year = int(year_raw) if year_raw.isdigit() and 1949 <= int(year_raw) <= 2100 else None
    if year_raw and year is None:
        problems.append("年度应为四位数字，如 2020")
    valid_raw = params.get("valid_on", "").strip()
    valid_on = _date(valid_raw)
    if valid_raw and valid_on is None:
        problems.append("有效日期格式不正确（应为 YYYY-MM-DD）")
    doc_type = params.get("type", "")
    status = params.get("status", "")
    return search.Filters(
        issuer=params.get("issuer", "").strip()[:20], year=year,
        doc_type=doc_type if doc_type in dict(m.DOC_TYPES) else "",
        status=status if status in statuses else "", valid_on=valid_on), problems


def _url(names: list[str], pk: int) -> str:
    for name in names:
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return reverse("library:detail", args=[pk])


def _querystring(params: QueryDict) -> str:
    """The current filters without the page number, for the pager links."""
    keep = params.copy()
    keep.pop("page", None)
    return keep.urlencode()


def _listing(request: HttpRequest, *, audience: str, actor=None, statuses: set[str],
             links: list[str], template: str, extra: dict | None = None) -> HttpResponse:
    params = request.GET
    filters, problems = _filters(params, statuses)
    query = params.get("q", "").strip()[:MAX_QUERY]
    results = search.Results(query, filters=filters, audience=audience, actor=actor)
    page = Paginator(results, PER_PAGE).get_page(params.get("page"))
    hits = [(hit, _url(links, hit.document.pk)) for hit in page.object_list]
    issuers = Agency.objects.filter(normative_docs__status__in=m.PUBLIC_STATUSES).distinct()
    return render(request, template, {
        "page": page, "hits": hits, "query": query, "params": params, "filters": filters,
        "problems": problems, "issuers": issuers, "types": m.DOC_TYPES,
        "statuses": [(c, label) for c, label in m.STATUSES if c in statuses],
        "querystring": _querystring(params), "searched": bool(search.parse_query(query)),
        **(extra or {})})


def library(request: HttpRequest) -> HttpResponse:
    """Public library: documents in force and historical, filters, full-text search."""
    return _listing(request, audience=search.PUBLIC, statuses=set(m.PUBLIC_STATUSES),
                    links=["normative:document"], template="normative/search/library.html")


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plain public page of one published document (used when no richer page exists)."""
    doc = (m.NormativeDocument.objects.filter(pk=pk, status__in=m.PUBLIC_STATUSES)
           .select_related("issuer").first())
    if doc is None:
        raise Http404("文件不存在")
    return render(request, "normative/search/detail.html", {"doc": doc})


def staff_search(request: HttpRequest) -> HttpResponse:
    """Staff search: also drafts and documents under review, of cases the user may see."""
    actor = staff_actor(request)
    return _listing(request, audience=search.STAFF, actor=actor, statuses=set(dict(m.STATUSES)),
                    links=["normative:staff_document", "normative:document"],
                    template="normative/search/staff.html",
                    extra={"can_import": actor.has_any(importer.IMPORT_ROLES)})


def _save_bodies(files: list, directory: Path) -> None:
    for uploaded in files:
        name = Path(uploaded.name).name  # never a path from the client
        if name and not name.startswith("."):
            with (directory / name).open("wb") as out:
                for chunk in uploaded.chunks():
                    out.write(chunk)


def staff_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV/XLSX (and its body files): imported all or nothing, errors per row."""
    actor = staff_actor(request)
    if not actor.has_any(importer.IMPORT_ROLES):
        raise Forbidden("仅限系统管理员导入历史规范性文件")
    report, status = None, 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            report = importer.ImportReport(errors=[importer.RowError(0, "文件", "请选择要导入的文件")])
        else:
            with tempfile.TemporaryDirectory(prefix="fazhi-import-") as tmp:
                _save_bodies(request.FILES.getlist("bodies"), Path(tmp))
                report = importer.import_documents(actor, upload, upload.name, bodies=Path(tmp))
        status = 200 if report.ok else 422
    return render(request, "normative/search/import.html", {"report": report}, status=status)
