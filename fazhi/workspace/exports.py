"""The inbox's filtered list as CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl).

The queryset is the inbox's own (agency-scoped by the one visibility filter), so an
export holds exactly what the filters show, every page of it up to MAX_ROWS. A cell that
a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) is
prefixed with an apostrophe (OWASP "CSV injection").
"""

import csv
import io
from collections.abc import Iterable, Iterator

from django.db import models
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case

MAX_ROWS = 20_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("案件编号", "程序", "事项", "申请人", "状态", "收到日期", "最近期限", "办结日期", "结果")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: object) -> str:
    """The cell's text, with a leading apostrophe when it would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _date(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):  # a timestamp: the local (Asia/Shanghai) day
        value = timezone.localtime(value).date()
    return value.isoformat()


def _line(case: Case, show_agency: bool) -> list[str]:
    try:
        proc = registry.get(case.procedure, case.procedure_version)
    except KeyError:
        proc = None
    cells = [case.number, proc.title if proc else case.procedure, case.title,
             case.applicant_name, proc.state_label(case.state) if proc else case.state,
             _date(case.received_on), _date(case.due_on), _date(case.closed_at),
             proc.outcomes.get(case.outcome, case.outcome) if proc else case.outcome]
    if show_agency:
        cells.append(case.agency.name)
    return [safe_cell(c) for c in cells]


def lines(qs: models.QuerySet, show_agency: bool) -> Iterator[list[str]]:
    yield [*HEADER, *(("承办机关",) if show_agency else ())]
    for case in qs[:MAX_ROWS].iterator(chunk_size=2000):
        yield _line(case, show_agency)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # the byte order mark Excel needs to read UTF-8
    for row in rows:
        yield writer.writerow(row)


def xlsx_bytes(rows: Iterable[list[str]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("案件")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _filename(ext: str) -> str:
    return f"cases-{timezone.localdate():%Y%m%d}.{ext}"


def response(qs: models.QuerySet, fmt: str, *, show_agency: bool) -> HttpResponse:
    rows = lines(qs, show_agency)
    if fmt == "csv":
        found = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        found = HttpResponse(xlsx_bytes(rows), content_type=XLSX)
    else:
        raise Http404("不支持的导出格式")
    found["Content-Disposition"] = f'attachment; filename="{_filename(fmt)}"'
    return found
