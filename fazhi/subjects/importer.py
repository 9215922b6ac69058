"""Directory import from CSV/XLSX: streaming, all-or-nothing, row-level errors, upsert by key.

Two passes over the file, never the whole file in memory:

1. validate every row (and duplicate keys inside the file), collecting (row, column,
   reason) errors; stop there and write nothing if there is any;
2. in one transaction, upsert in batches by the natural key (USCC for entities, the
   officer's number, agency + item code for inspection items).

Entities use one multi-row INSERT … ON CONFLICT per batch (COPY into a temporary table on
PostgreSQL) because a city directory has about a million rows; officers and items are
thousands and go through the ORM. Columns: docs/subjects.md, docs/inspections.md.

The kinds are a registry (`KINDS`): this app registers entities and inspectors, a
procedure app its own directories (inspections: items) with `register`, so this module
never imports one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from fazhi.law import uscc as uscc_rules
from fazhi.law.inputs import certificate_number, control_characters, strip_controls
from fazhi.org.models import Agency, Region, Staff
from fazhi.subjects import config
from fazhi.subjects.models import MarketEntity, Officer

BATCH = 5000
MAX_REPORTED = 1000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行，列“{self.column}”：{self.reason}"


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # imported, but changed

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, row: int, column: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(RowError(row, column, reason))

    def warn(self, row: int, column: str, reason: str) -> None:
        if len(self.warnings) < MAX_REPORTED:
            self.warnings.append(RowError(row, column, reason))


class FileProblem(Exception):
    """The file as a whole cannot be read (format, header). Message in Chinese."""


# -- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = True


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _raw_rows(path: Path) -> Iterator[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise FileProblem(f"无法读取 Excel 文件：{exc}") from None
        try:
            for values in book.active.iter_rows(values_only=True):
                yield [_cell(v) for v in values]
        finally:
            book.close()
    elif suffix in (".csv", ".txt"):
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                for values in csv.reader(f):
                    yield [v.strip() for v in values]
        except UnicodeDecodeError:
            raise FileProblem("CSV 文件不是 UTF-8 编码（请在 Excel 中另存为“CSV UTF-8”）") from None
    else:
        raise FileProblem(f"不支持的文件类型“{suffix or '无扩展名'}”，请使用 .csv 或 .xlsx")


def read_rows(path: Path, columns: list[Column], report: ImportReport | None = None,
              ) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number in the file, {key: text}) per data row; the header maps names to keys.

    Control and bidi-override characters are removed from every cell (refusing them would
    lose a whole directory over an invisible character), each removal a row warning."""
    rows = _raw_rows(path)
    header = next(rows, None)
    if header is None:
        raise FileProblem("文件为空")
    names = {c.key: c for c in columns} | {c.label: c for c in columns}
    index: dict[str, int] = {}
    for n, name in enumerate(header):
        col = names.get(name.strip())
        if col is not None:
            index[col.key] = n
    missing = [c.label for c in columns if c.required and c.key not in index]
    if missing:
        raise FileProblem(f"缺少列：{'、'.join(missing)}（表头须为中文列名或英文键名）")
    for number, values in enumerate(rows, 2):
        if not any(values):
            continue
        row = {k: values[i] if i < len(values) else "" for k, i in index.items()}
        yield number, _without_controls(number, row, columns, report)


def _without_controls(number: int, row: dict[str, str], columns: list[Column],
                      report: ImportReport | None) -> dict[str, str]:
    if not control_characters("".join(row.values())):  # one scan for a clean row
        return row
    labels = {c.key: c.label for c in columns}
    for key, value in row.items():
        clean = strip_controls(value)
        if clean != value:
            row[key] = clean
            if report is not None:
                report.warn(number, labels[key], "含有不可见的控制字符或文字方向控制符，已删除")
    return row


# -- per-kind rules --------------------------------------------------------------------


class Kind:
    name: str
    label: str
    columns: list[Column]

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def key(self, row: dict[str, str]) -> str:
        raise NotImplementedError

    def check(self, number: int, row: dict[str, str], report: ImportReport) -> None:
        raise NotImplementedError

    model: type

    def write(self, batch: list[dict[str, str]]) -> None:
        """Upsert a validated batch."""
        raise NotImplementedError


def regions() -> dict[str, int]:
    """Region pk by code and by name, as a directory may give either."""
    out: dict[str, int] = {}
    for pk, code, name in Region.objects.values_list("pk", "code", "name"):
        out[code] = out[name] = pk
    return out


def agencies() -> dict[str, int]:
    """Agency pk by code and by name, as a directory may give either."""
    out: dict[str, int] = {}
    for pk, code, name in Agency.objects.values_list("pk", "code", "name"):
        out[code] = out[name] = pk
    return out


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        return None


class Entities(Kind):
    name, label = "entities", "市场主体"
    columns = [
        Column("uscc", "统一社会信用代码"), Column("name", "名称"),
        Column("type", "主体类型"), Column("district", "所在区", False),
        Column("industry", "行业", False), Column("address", "住所", False),
        Column("credit_class", "信用风险分类"), Column("status", "登记状态", False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.regions = regions()
        self.classes = set(config.credit_classes())

    def key(self, row: dict[str, str]) -> str:
        return uscc_rules.normalise(row["uscc"])

    def check(self, number: int, row: dict[str, str], report: ImportReport) -> None:
        try:
            code = uscc_rules.validate(row["uscc"])
        except uscc_rules.USCCError as exc:
            report.add(number, "统一社会信用代码", str(exc))
        else:
            first = self.seen.setdefault(code, number)
            if first != number:
                report.add(number, "统一社会信用代码", f"与第 {first} 行重复（{code}）")
        if not row["name"] or len(row["name"]) > 200:
            report.add(number, "名称", "必须填写，且不超过 200 个字符")
        if not row["type"] or len(row["type"]) > 40:
            report.add(number, "主体类型", "必须填写，且不超过 40 个字符")
        if row.get("district") and row["district"] not in self.regions:
            report.add(number, "所在区", f"“{row['district']}”不是已登记的行政区划代码或名称")
        if row["credit_class"].upper() not in self.classes:
            report.add(number, "信用风险分类",
                       f"应为 {'、'.join(sorted(self.classes))} 之一，实际为“{row['credit_class']}”")
        for col, label, limit in (("industry", "行业", 80), ("address", "住所", 200),
                                  ("status", "登记状态", 20)):
            if len(row.get(col, "")) > limit:
                report.add(number, label, f"不能超过 {limit} 个字符")

    def _values(self, row: dict[str, str], now: str) -> tuple:
        cls = row["credit_class"].upper()
        return (uscc_rules.normalise(row["uscc"]), row["name"], row["type"],
                self.regions.get(row.get("district") or "", None), row.get("industry", ""),
                row.get("address", ""), cls, cls, row.get("status") or "存续", now)

    COLS = ("uscc", "name", "entity_type", "district_id", "industry", "address", "base_class",
            "credit_class", "status", "updated_at")

    model = MarketEntity

    def write(self, batch: list[dict[str, str]]) -> None:
        now = timezone.now().isoformat()
        values = sorted(self._values(r, now) for r in batch)  # key order: fewer page splits
        table = MarketEntity._meta.db_table
        cols = ", ".join(self.COLS)
        update = ", ".join(f"{c} = excluded.{c}" for c in self.COLS if c != "uscc")
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                _pg_copy_upsert(cur, table, self.COLS, values, update)
            else:
                # The driver's own executemany: Django's wrapper costs ~5x here.
                marks = ", ".join(["?"] * len(self.COLS))
                connection.connection.executemany(
                    f"INSERT INTO {table} ({cols}) VALUES ({marks}) "
                    f"ON CONFLICT (uscc) DO UPDATE SET {update}", values)


def _pg_copy_upsert(cur, table: str, cols: tuple[str, ...], values: list[tuple],
                    update: str) -> None:
    names = ", ".join(cols)
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS import_stage ON COMMIT DROP AS "
                f"SELECT {names} FROM {table} WITH NO DATA")
    cur.execute("TRUNCATE import_stage")
    with cur.cursor.copy(f"COPY import_stage ({names}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)
    cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM import_stage "
                f"ON CONFLICT (uscc) DO UPDATE SET {update}")


class Officers(Kind):
    name, label = "inspectors", "执法检查人员"
    columns = [
        Column("code", "检查人员编号"), Column("name", "姓名"), Column("agency", "所属机关"),
        Column("cert_no", "执法证号"), Column("cert_valid_until", "执法证有效期至"),
        Column("qualifications", "资格与专长", False), Column("region", "检查区域", False),
        Column("capacity", "每个计划最多检查户数", False), Column("username", "用户名", False),
        Column("active", "在岗", False),
        # the certificate's other contents (fazhi.powers checks the categories): optional
        Column("cert_categories", "执法类别", False), Column("cert_issuer", "发证机关", False),
        Column("cert_valid_from", "执法证有效期自", False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.regions = regions()
        self.agencies = agencies()
        self.certs = dict(Officer.objects.values_list("cert_no", "code"))
        self.cert_rows: dict[str, int] = {}
        self.staff = dict(Staff.objects.values_list("user__username", "pk"))

    def key(self, row: dict[str, str]) -> str:
        return row["code"]

    def check(self, number: int, row: dict[str, str], report: ImportReport) -> None:
        code = row["code"]
        if not code or len(code) > 20 or "," in code:
            report.add(number, "检查人员编号", "必须填写，不超过 20 个字符，且不含逗号")
        else:
            first = self.seen.setdefault(code, number)
            if first != number:
                report.add(number, "检查人员编号", f"与第 {first} 行重复")
        if not row["name"]:
            report.add(number, "姓名", "必须填写")
        if row["agency"] not in self.agencies:
            report.add(number, "所属机关", f"“{row['agency']}”不是已登记的机关代码或名称")
        # stored folded (write() folds too), as the public lookup folds what a visitor types
        cert = certificate_number(row["cert_no"])
        if not cert:
            report.add(number, "执法证号", "必须填写")
        elif self.certs.get(cert, code) != code:
            report.add(number, "执法证号", f"已登记在检查人员 {self.certs[cert]} 名下")
        elif self.cert_rows.setdefault(cert, number) != number:
            report.add(number, "执法证号", f"与第 {self.cert_rows[cert]} 行重复")
        if _date(row["cert_valid_until"]) is None:
            report.add(number, "执法证有效期至", "日期格式不正确（应为 YYYY-MM-DD）")
        if row.get("region") and row["region"] not in self.regions:
            report.add(number, "检查区域", f"“{row['region']}”不是已登记的行政区划")
        cap = row.get("capacity") or "10"
        if not cap.isdigit() or not 1 <= int(cap) <= 1000:
            report.add(number, "每个计划最多检查户数", "应为 1 至 1000 的整数")
        if row.get("username") and row["username"] not in self.staff:
            report.add(number, "用户名", f"没有用户名为“{row['username']}”的工作人员")
        if row.get("active", "") not in ("", "是", "否", "1", "0"):
            report.add(number, "在岗", "应为“是”或“否”")
        if row.get("cert_valid_from") and _date(row["cert_valid_from"]) is None:
            report.add(number, "执法证有效期自", "日期格式不正确（应为 YYYY-MM-DD）")
        if len(row.get("cert_issuer", "")) > 80:
            report.add(number, "发证机关", "不能超过 80 个字符")

    model = Officer

    def write(self, batch: list[dict[str, str]]) -> None:
        rows = [Officer(
            code=r["code"], name=r["name"], agency_id=self.agencies[r["agency"]],
            cert_no=certificate_number(r["cert_no"]), cert_valid_until=_date(r["cert_valid_until"]),
            qualifications=[q for q in r.get("qualifications", "").replace(";", "、").split("、")
                            if q.strip()],
            region_id=self.regions.get(r.get("region") or ""),
            capacity=int(r.get("capacity") or 10),
            staff_id=self.staff.get(r.get("username") or ""),
            active=r.get("active", "") not in ("否", "0"),
            cert_categories=_list(r.get("cert_categories", "")),
            cert_issuer=r.get("cert_issuer", ""),
            cert_valid_from=_date(r.get("cert_valid_from", ""))) for r in batch]
        # a certificate column absent from the file keeps what is stored
        certificate = [f for f in ("cert_categories", "cert_issuer", "cert_valid_from")
                       if f in batch[0]]
        Officer.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "agency", "cert_no", "cert_valid_until", "qualifications",
                           "region", "capacity", "staff", "active", *certificate])


def _list(text: str) -> list[str]:
    return [q.strip() for q in (text or "").replace(";", "、").split("、") if q.strip()]


KINDS: dict[str, type[Kind]] = {"entities": Entities, "inspectors": Officers}


def register(kind: type[Kind]) -> type[Kind]:
    """Add a procedure app's directory to `fazhi import` and the upload page."""
    KINDS[kind.name] = kind
    return kind


# -- the two passes --------------------------------------------------------------------

Progress = Callable[[int | None, str], Callable[[int], None]]


def _no_progress(total: int | None, what: str) -> Callable[[int], None]:
    return lambda n: None


def run_import(kind: str, path: Path | str, *, progress: Progress = _no_progress) -> ImportReport:
    """Validate the whole file; write it in one transaction only if every row is valid."""
    path = Path(path)
    spec = KINDS[kind]()
    report = ImportReport(kind)
    tick = progress(None, "校验")
    for number, row in read_rows(path, spec.columns, report):
        spec.check(number, row, report)
        report.rows += 1
        tick(1)
    if not report.ok or report.rows == 0:
        if report.rows == 0:
            report.add(1, "（全部）", "文件没有数据行")
        return report
    spec.seen.clear()  # pass 1's duplicate map is not needed any more
    tick = progress(report.rows, "写入")
    with transaction.atomic():
        before = spec.model.objects.count()
        batch: list[dict[str, str]] = []
        for _, row in read_rows(path, spec.columns):
            batch.append(row)
            if len(batch) == BATCH:
                spec.write(batch)
                tick(len(batch))
                batch = []
        if batch:
            spec.write(batch)
            tick(len(batch))
        created = spec.model.objects.count() - before
        if kind == "entities":
            from fazhi.subjects import credit

            credit.recompute_all_with_records()  # re-import resets to the imported class
    report.created, report.updated = created, report.rows - created
    return report


def template_csv(kind: str) -> str:
    """A header-only CSV with the Chinese column names (for the upload page)."""
    out = io.StringIO()
    csv.writer(out).writerow([c.label for c in KINDS[kind].columns])
    return out.getvalue()
