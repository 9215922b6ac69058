"""Annual statistics of disclosure requests (part 3 of the annual report), HTML and XLSX.

Staff only; every number goes through `Case.objects.visible_to(actor)` in `stats`. Staff
outside city-wide roles always get their own agency; an agency they may not see is a 404.
"""

from io import BytesIO

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from fazhi.core.errors import InvalidData
from fazhi.core.web import staff_actor
from fazhi.disclosure import stats
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

SHEET = "收到和处理政府信息公开申请情况"


def _year(request: HttpRequest) -> int:
    """The report year: by default last year (the one whose report is due by 31 January)."""
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "").strip()
    if not raw:
        return this_year - 1
    if not raw.isdigit() or not stats.FIRST_YEAR <= int(raw) <= this_year + 1:
        raise InvalidData(f"统计年度应为{stats.FIRST_YEAR}年至{this_year + 1}年之间的四位数字年份"
                          f"（《政府信息公开条例》自{stats.FIRST_YEAR}年5月1日起施行）",
                          field="year")
    return int(raw)


def _agency_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("agency", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidData("机关参数应为机关编号", field="agency")
    return int(raw)


def _table(request: HttpRequest, actor: Actor) -> stats.Table:
    return stats.annual_table(_year(request), actor, _agency_id(request))


@require_GET
def stats_page(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    table = _table(request, actor)
    this_year = timezone.localdate().year
    query = f"year={table.year}" + (f"&agency={table.agency.pk}" if table.agency else "")
    return render(request, "disclosure/stats.html", {
        "table": table, "lines": table.lines(), "columns": stats.COLUMNS,
        "org_columns": stats.COLUMNS[1:-1], "checks": table.checks,
        "years": range(this_year + 1, stats.FIRST_YEAR - 1, -1),
        "agencies": Agency.objects.order_by("code") if actor.city_wide else None,
        "query": query, "format": stats.FORMAT, "check_note": stats.CHECK_NOTE,
        "check_text": stats.CHECK_TEXT,
        "notes": [stats.UNVERIFIED_NOTE, stats.PENDING_NOTE],
    })


@require_GET
def stats_xlsx(request: HttpRequest) -> HttpResponse:
    table = _table(request, staff_actor(request))
    scope = table.agency.code if table.agency else "全市"
    filename = f"{table.year}年政府信息公开申请情况-{scope}.xlsx"
    return HttpResponse(
        workbook_bytes(table),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": content_disposition_header(True, filename)})


# -- XLSX ----------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
STUB = 3  # label columns of the official table
WIDTH = STUB + len(stats.COLUMNS)


def _text(ws, row: int, col: int, value: str, **style) -> None:
    """Write text as text: a name starting with '=' must never become a formula."""
    cell = ws.cell(row=row, column=col, value=value)
    cell.data_type = "s"
    for key, val in style.items():
        setattr(cell, key, val)


def _merge(ws, row: int, col: int, rowspan: int, colspan: int) -> None:
    for r in range(row, row + rowspan):
        for c in range(col, col + colspan):
            ws.cell(row=r, column=c).border = BOX
    if rowspan > 1 or colspan > 1:
        ws.merge_cells(start_row=row, start_column=col,
                       end_row=row + rowspan - 1, end_column=col + colspan - 1)


def _header(ws, top: int) -> int:
    """The official three-row header; returns the first data row."""
    _text(ws, top, 1, stats.CHECK_NOTE, alignment=CENTRE)
    _merge(ws, top, 1, 3, STUB)
    _text(ws, top, STUB + 1, "申请人情况", alignment=CENTRE, font=Font(bold=True))
    _merge(ws, top, STUB + 1, 1, len(stats.COLUMNS))
    _text(ws, top + 1, STUB + 1, "自然人", alignment=CENTRE)
    _merge(ws, top + 1, STUB + 1, 2, 1)
    _text(ws, top + 1, STUB + 2, "法人或其他组织", alignment=CENTRE)
    _merge(ws, top + 1, STUB + 2, 1, len(stats.ORG_COLUMNS))
    _text(ws, top + 1, WIDTH, "总计", alignment=CENTRE)
    _merge(ws, top + 1, WIDTH, 2, 1)
    for i, (_, label) in enumerate(stats.COLUMNS[1:-1]):
        _text(ws, top + 2, STUB + 2 + i, label, alignment=CENTRE)
        _merge(ws, top + 2, STUB + 2 + i, 1, 1)
    return top + 3


def _body(ws, first: int, table: stats.Table) -> int:
    taken: set[tuple[int, int]] = set()  # stub cells covered by an earlier rowspan
    for offset, line in enumerate(table.lines()):
        row, col = first + offset, 1
        for cell in line.labels:
            while (row, col) in taken:
                col += 1
            _text(ws, row, col, cell.text, alignment=LEFT)
            _merge(ws, row, col, cell.rowspan, cell.colspan)
            taken.update((r, c) for r in range(row, row + cell.rowspan)
                         for c in range(col, col + cell.colspan))
            col += cell.colspan
        for i, value in enumerate(line.values):
            target = ws.cell(row=row, column=STUB + 1 + i, value=value)
            target.border, target.alignment = BOX, CENTRE
    return first + len(stats.ROWS)


def _footer(ws, row: int, table: stats.Table) -> None:
    _text(ws, row, 1, f"勾稽关系检查（{stats.CHECK_TEXT}）", alignment=LEFT)
    _merge(ws, row, 1, 1, STUB)
    for i, check in enumerate(table.checks):
        verdict = "相符" if check.ok else f"不符：{check.received}≠{check.accounted}"
        _text(ws, row, STUB + 1 + i, verdict, alignment=CENTRE)
        _merge(ws, row, STUB + 1 + i, 1, 1)
    notes = [f"注：{note}" for note in (stats.UNVERIFIED_NOTE, stats.PENDING_NOTE)]
    if table.unmapped:
        notes.append(f"注：有{table.unmapped}件已办结申请的答复类型或理由无法归入表中任何一项，请核对。")
    for i, note in enumerate(notes, 1):
        _text(ws, row + i, 1, note, alignment=LEFT)
        ws.merge_cells(start_row=row + i, start_column=1, end_row=row + i, end_column=WIDTH)
        ws.row_dimensions[row + i].height = 48


def workbook_bytes(table: stats.Table) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET[:31]
    _text(ws, 1, 1, f"{table.scope_label}{table.year}年度政府信息公开工作年度报告",
          font=Font(bold=True, size=14), alignment=CENTRE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=WIDTH)
    _text(ws, 2, 1, f"三、收到和处理政府信息公开申请情况（格式依据{stats.FORMAT}）",
          font=Font(bold=True), alignment=LEFT)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=WIDTH)
    last = _body(ws, _header(ws, 3), table)
    _footer(ws, last, table)
    for col, width in zip(range(1, WIDTH + 1), [10, 14, 34] + [10] * len(stats.COLUMNS),
                          strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=6, column=STUB + 1)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
