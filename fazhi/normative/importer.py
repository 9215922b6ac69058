"""Import of existing (historical) normative documents from CSV or XLSX.

Columns (English or Chinese headers): title 标题, doc_no 发文字号, issuer 制定机关 (agency
code or full name), type 类型, published_at 公布日期, effective_from 施行日期 (blank: the
publication date), valid_until 有效期至, status 状态, ended_on 失效日期 (required for
repealed / declared invalid), legal_basis 制定依据, and the body: body 正文 inline or
body_file 正文文件 (a .txt or .docx file in the bodies directory).

Rows are read one at a time (streaming); each is checked and, while no row has failed,
written; at the end any failure rolls the whole import back: all or nothing, with a
report of every failing row, column and reason in Chinese. A document number that was
imported before is updated (re-import); one issued on this platform is never overwritten.

Imported documents are historical records that never went through the platform's
drafting procedure, so they get a case of their own procedure `normative_import`, opened
through the engine with the action "导入历史文件" (hash-chained like every case) whose
effect writes the NormativeDocument row; from then on they follow the same transitions
as any published document (take effect, filing, amendment, repeal, expiry).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Literal

from django.db import transaction
from django.utils import timezone
from pydantic import BaseModel, Field

from fazhi.cases.engine import advance, open_case
from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.cases.step import Step
from fazhi.core.errors import DomainError, Forbidden, NotAllowed
from fazhi.law.inputs import strip_controls
from fazhi.normative import models as m
from fazhi.normative import procedure as normative_procedure
from fazhi.normative import (
    publishing,
    search,  # noqa: F401  (connects the index receiver)
)
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

PROCEDURE = "normative_import"
IMPORT_ROLES = frozenset({"admin"})
MAX_BODY = 1_000_000

# canonical column → accepted headers
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "标题", "文件名称"),
    "doc_no": ("doc_no", "发文字号", "文号"),
    "issuer": ("issuer", "制定机关", "发文机关"),
    "type": ("type", "doc_type", "类型", "文件类型"),
    "published_at": ("published_at", "公布日期", "发布日期"),
    "effective_from": ("effective_from", "施行日期"),
    "valid_until": ("valid_until", "有效期至"),
    "status": ("status", "状态", "效力状态"),
    "ended_on": ("ended_on", "失效日期"),
    "legal_basis": ("legal_basis", "制定依据"),
    "body": ("body", "正文"),
    "body_file": ("body_file", "正文文件"),
}
LABELS = {"title": "标题", "doc_no": "发文字号", "issuer": "制定机关", "type": "类型",
          "published_at": "公布日期", "effective_from": "施行日期", "valid_until": "有效期至",
          "status": "状态", "ended_on": "失效日期", "legal_basis": "制定依据", "body": "正文",
          "body_file": "正文文件", "file": "文件"}
REQUIRED = ("title", "doc_no", "issuer", "type", "published_at", "status")
TYPES = {"government": m.GOVERNMENT, "政府": m.GOVERNMENT, "政府规范性文件": m.GOVERNMENT,
         "departmental": m.DEPARTMENTAL, "部门": m.DEPARTMENTAL, "部门规范性文件": m.DEPARTMENTAL}
STATUSES = {code: code for code in m.PUBLIC_STATUSES} | {
    m.STATUS_LABELS[code]: code for code in m.PUBLIC_STATUSES} | {
    "有效": m.IN_FORCE, "现行有效": m.IN_FORCE, "废止": m.REPEALED, "失效": m.INVALID,
    "宣布失效": m.INVALID, "届满失效": m.EXPIRED, "待施行": m.PUBLISHED}
_YEAR_IN_NO = re.compile(r"[〔\[(（](\d{4})[〕\])）]")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


# -- the import procedure ------------------------------------------------------------------

class Imported(BaseModel):
    title: str = Field(min_length=2, max_length=200, title="标题")
    doc_no: str = Field(min_length=2, max_length=60, title="发文字号")
    doc_type: Literal["government", "departmental"] = Field(title="类型")
    published_at: date = Field(title="公布日期")
    effective_from: date = Field(title="施行日期")
    valid_until: date | None = Field(default=None, title="有效期至")
    ended_on: date | None = Field(default=None, title="失效日期")
    status: Literal["published", "in_force", "expired", "repealed", "invalid"] = Field(
        title="状态")
    legal_basis: str = Field(default="", max_length=5000, title="制定依据")
    body: str = Field(min_length=1, max_length=MAX_BODY, title="正文")
    source: str = Field(default="", max_length=300, title="来源")


FIELDS = ("title", "doc_no", "doc_type", "published_at", "effective_from", "valid_until",
          "ended_on", "status", "legal_basis", "body")


def _number_year(doc_no: str, published_at: date) -> int:
    found = _YEAR_IN_NO.search(doc_no)
    return int(found.group(1)) if found else published_at.year


def _record(step: Step, doc: m.NormativeDocument) -> None:
    data = step.data
    for name in FIELDS:
        setattr(doc, name, getattr(data, name))
    doc.number_year = _number_year(data.doc_no, data.published_at)
    doc.save()
    publishing.republish(doc)  # the public read model, as for any published document
    step.move_to(doc.status)
    step.outcome = doc.status if doc.status in m.ENDED_STATUSES else None
    step.payload = data.model_dump(mode="json", exclude={"body"}) | {
        "body_sha256": hashlib.sha256(data.body.encode()).hexdigest(),
        "body_chars": len(data.body)}


def import_open(step: Step) -> None:
    issuer = step.case.agency
    doc = m.NormativeDocument(case=step.case, issuer=issuer, drafting_unit=issuer.name,
                              drafted_by=f"历史文件导入（{step.actor.label}）")
    _record(step, doc)


def import_update(step: Step) -> None:
    doc = step.case.normative
    if not step.case.is_open and step.data.status not in m.ENDED_STATUSES:
        raise NotAllowed(f"《{doc.title}》已经{doc.status_label}，不能通过导入恢复为有效")
    _record(step, doc)


_BORROWED = ("take_effect", "file", "receive", "return_filing", "approve", "demand_correction",
             "record_correction", "revoke", "filing_note", "amended_by", "repealed_by", "repeal",
             "declare_invalid", "expire")
ENDED = frozenset(m.ENDED_STATUSES)
IMPORT = register(Procedure(
    code=PROCEDURE, version="2019", title="行政规范性文件（历史文件导入）",
    effective_from=date(1949, 10, 1), number_prefix="GFDR",
    states=normative_procedure.STATES, labels=normative_procedure.LABELS,
    limits=normative_procedure.LIMITS | normative_procedure.FILING_LIMITS, final=ENDED,
    parties=normative_procedure.PARTIES,
    detail="normative",
    outcomes={m.EXPIRED: "有效期届满失效", m.REPEALED: "废止", m.INVALID: "宣布失效"},
    transitions=(
        Transition(OPEN, "导入历史文件", frozenset({""}), frozenset(m.PUBLIC_STATUSES),
                   IMPORT_ROLES, Imported, import_open),
        Transition("reimport", "更新导入记录", frozenset(m.PUBLIC_STATUSES),
                   frozenset(m.PUBLIC_STATUSES), IMPORT_ROLES, Imported, import_update),
        *(t for t in normative_procedure.NORMATIVE.transitions if t.action in _BORROWED),
    ),
))


# -- reading files ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line/row number in the file, the header being row 1
    column: str  # Chinese column label
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行【{self.column}】{self.reason}" if self.row else \
            f"【{self.column}】{self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # imported, but changed

    @property
    def ok(self) -> bool:
        return not self.errors


class _Failed(Exception):
    """Raised inside the transaction to roll the whole import back."""


def _text_stream(raw: IO[bytes]) -> io.TextIOBase:
    """UTF-8 (with or without BOM), else GB18030 (Excel's CSV on Chinese Windows)."""
    head = raw.read(65536)
    raw.seek(0)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "gb18030"
    return io.TextIOWrapper(raw, encoding=encoding, newline="")


def _csv_rows(raw: IO[bytes]) -> Iterator[list[str]]:
    stream = _text_stream(raw)
    try:
        yield from csv.reader(stream)
    finally:
        stream.detach()  # closing the text layer would close the caller's file


def _cell(value: object) -> str | date:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(cells: list) -> dict[int, str]:
    aliases = {alias.casefold(): name for name, names in COLUMNS.items() for alias in names}
    return {i: aliases[str(c).strip().casefold()] for i, c in enumerate(cells)
            if c is not None and str(c).strip().casefold() in aliases}


def read_rows(raw: IO[bytes], filename: str) -> Iterator[tuple[int, dict[str, str | date]]]:
    """(row number, {column: value}) one row at a time; raises DomainError on a bad file."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(raw)
    elif suffix == ".csv":
        rows = _csv_rows(raw)
    else:
        raise DomainError("只能导入 .csv 或 .xlsx 文件", field="file")
    header: dict[int, str] | None = None
    for number, cells in enumerate(rows, start=1):
        if header is None:
            header = _header(list(cells))
            missing = [LABELS[c] for c in REQUIRED if c not in header.values()]
            if missing:
                raise DomainError(f"表头缺少必填列：{'、'.join(missing)}", field="file")
            if not {"body", "body_file"} & set(header.values()):
                raise DomainError("表头须有“正文”（body）或“正文文件”（body_file）列", field="file")
            continue
        values = {name: _cell(cells[i]) if i < len(cells) else "" for i, name in header.items()}
        if any(v for v in values.values()):
            yield number, values
    if header is None:
        raise DomainError("文件是空的", field="file")


def _xlsx_rows(raw: IO[bytes]) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(raw, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise DomainError(f"无法读取 Excel 文件：{exc.__class__.__name__}", field="file") from exc
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def read_body(name: str, bodies: Path | None) -> str:
    """The text of a body file (.txt UTF-8/GB18030, or .docx paragraphs)."""
    if bodies is None:
        raise ValueError("未指定正文文件目录（--bodies），无法读取正文文件")
    if Path(name).name != name or name.startswith("."):
        raise ValueError(f"正文文件名不能包含路径：{name}")
    path = bodies / name
    if not path.is_file():
        raise ValueError(f"正文文件不存在：{name}")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx

        try:
            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises several types for a broken file
            raise ValueError(f"无法读取 Word 文件：{name}") from exc
        return strip_controls("\n".join(p.text for p in document.paragraphs))
    if suffix == ".txt":
        data = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return strip_controls(data.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise ValueError(f"正文文件不是 UTF-8 或 GB18030 编码的文本：{name}")
    raise ValueError(f"正文文件只能是 .txt 或 .docx：{name}")


# -- checking a row ----------------------------------------------------------------------------

def _date(value: str | date, column: str, errors: list[tuple[str, str]]) -> date | None:
    if isinstance(value, date) or not value:
        return value or None
    found = _DATE.match(value)
    try:
        if not found:
            raise ValueError
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        errors.append((column, f"日期无效：“{value}”（格式如 2020-05-01 或 2020年5月1日）"))
        return None


class _Agencies:
    """Agency lookups by code or name, cached for the file."""

    def __init__(self) -> None:
        self.cache: dict[str, Agency | None] = {}

    def get(self, key: str) -> Agency | None:
        if key not in self.cache:
            self.cache[key] = (Agency.objects.filter(code=key).first()
                               or Agency.objects.filter(name=key).first())
        return self.cache[key]


def _dates(values: dict, errors: list[tuple[str, str]], today: date) -> dict[str, date | None]:
    got = {c: _date(values.get(c, ""), c, errors)
           for c in ("published_at", "effective_from", "valid_until", "ended_on")}
    published, effective = got["published_at"], got["effective_from"] or got["published_at"]
    got["effective_from"] = effective
    if published and published > today:
        errors.append(("published_at", "公布日期不能晚于今天（只能导入已公布的文件）"))
    if published and effective and effective < published:
        errors.append(("effective_from", "施行日期不能早于公布日期"))
    if effective and got["valid_until"] and got["valid_until"] < effective:
        errors.append(("valid_until", "有效期至不能早于施行日期"))
    if published and got["ended_on"] and got["ended_on"] < published:
        errors.append(("ended_on", "失效日期不能早于公布日期"))
    return got


def _status_rules(status: str, d: dict[str, date | None], today: date,
                  errors: list[tuple[str, str]]) -> None:
    """The status must agree with the dates, or the point-in-time view would be wrong."""
    effective, until, ended = d["effective_from"], d["valid_until"], d["ended_on"]
    if status == m.PUBLISHED and effective and effective <= today:
        errors.append(("status", "施行日期已到，状态应为“现行有效”"))
    if status == m.IN_FORCE and effective and effective > today:
        errors.append(("status", "尚未到施行日期，状态应为“已公布待施行”"))
    if status in m.LIVE_STATUSES and until and until < today:
        errors.append(("status", f"有效期已于{until:%Y年%m月%d日}届满，状态应为“有效期届满失效”"))
    if status in m.LIVE_STATUSES and ended:
        errors.append(("ended_on", "现行有效或待施行的文件不应填写失效日期"))
    if status == m.EXPIRED:
        if until is None:
            errors.append(("valid_until", "有效期届满失效的文件须填写有效期至"))
        elif until >= today:
            errors.append(("status", "有效期尚未届满，状态不能为“有效期届满失效”"))
        else:
            d["ended_on"] = until + timedelta(days=1)
    if status in (m.REPEALED, m.INVALID) and ended is None:
        errors.append(("ended_on", f"状态为“{m.STATUS_LABELS[status]}”的文件须填写失效日期"))
    if ended and ended > today:
        errors.append(("ended_on", "失效日期不能晚于今天"))


def check_row(values: dict, *, agencies: _Agencies, bodies: Path | None,
              today: date) -> tuple[Agency | None, Imported | None, list[tuple[str, str]]]:
    """(issuer, data, errors) of one row; errors are (column, Chinese reason)."""
    errors: list[tuple[str, str]] = []
    text = {k: v if isinstance(v, date) else str(v).strip() for k, v in values.items()}
    for column in REQUIRED:
        if not text.get(column):
            errors.append((column, "不能为空"))
    issuer = agencies.get(text["issuer"]) if text.get("issuer") else None
    if text.get("issuer") and issuer is None:
        errors.append(("issuer", f"制定机关不存在：“{text['issuer']}”（请填写机构代码或全称）"))
    doc_type = TYPES.get(str(text.get("type", "")).casefold())
    if text.get("type") and doc_type is None:
        errors.append(("type", f"类型无效：“{text['type']}”（可填：政府规范性文件、部门规范性文件）"))
    status = STATUSES.get(str(text.get("status", "")))
    if text.get("status") and status is None:
        allowed = "、".join(m.STATUS_LABELS[s] for s in sorted(m.PUBLIC_STATUSES))
        errors.append(("status", f"状态无效：“{text['status']}”（只能导入已公布的文件，可填：{allowed}）"))
    d = _dates(text, errors, today)
    if status:
        _status_rules(status, d, today, errors)
    body = str(text.get("body", ""))
    if text.get("body_file"):
        try:
            body = read_body(str(text["body_file"]), bodies)
        except ValueError as exc:
            errors.append(("body_file", str(exc)))
            body = "-"
    if not body.strip():
        errors.append(("body", "正文为空（请填写“正文”或“正文文件”）"))
    if len(body) > MAX_BODY:
        errors.append(("body", f"正文超过{MAX_BODY}字"))
    for column, limit in (("title", 200), ("doc_no", 60), ("legal_basis", 5000)):
        if len(str(text.get(column, ""))) > limit:
            errors.append((column, f"超过{limit}字"))
    if errors:
        return issuer, None, errors
    return issuer, Imported(
        title=text["title"], doc_no=text["doc_no"], doc_type=doc_type, status=status,
        published_at=d["published_at"], effective_from=d["effective_from"],
        valid_until=d["valid_until"], ended_on=d["ended_on"],
        legal_basis=str(text.get("legal_basis", "")), body=body.strip()), []


# -- the import ----------------------------------------------------------------------------------

def _write(actor: Actor, issuer: Agency, data: Imported, today: date) -> bool:
    """Create or update one document; True when created."""
    existing = m.NormativeDocument.objects.filter(doc_no=data.doc_no).select_related("case").first()
    if existing is None:
        open_case(PROCEDURE, issuer, actor, data, received_on=data.published_at,
                  title=data.title, today=today)
        return True
    if existing.case.procedure != PROCEDURE:
        raise NotAllowed("该发文字号已由本平台登记制发的文件使用，不能通过导入覆盖", field="doc_no")
    if existing.issuer_id != issuer.pk:
        raise NotAllowed(f"该发文字号此前以“{existing.issuer.name}”导入，制定机关不能更改",
                         field="issuer")
    advance(existing.case, "reimport", actor, data, today=today)
    return False


def _error_column(exc: DomainError) -> str:
    name = getattr(exc, "field", None) or ""
    errors = getattr(exc, "errors", None)
    if errors:
        name = errors[0][0]
    return LABELS.get(name, {"doc_type": "类型"}.get(name, name or "整行"))


def import_documents(actor: Actor, raw: IO[bytes], filename: str, *, bodies: Path | None = None,
                     today: date | None = None) -> ImportReport:
    """Import a CSV/XLSX of historical documents, all or nothing (see the module doc)."""
    today = today or timezone.localdate()
    if not (actor.kind == "system" or actor.has_any(IMPORT_ROLES)):
        raise Forbidden("仅限系统管理员导入历史规范性文件")
    importer = Actor.system(f"{actor.label}（历史文件导入）")
    report, agencies, seen = ImportReport(), _Agencies(), {}
    try:
        with transaction.atomic():
            for number, values in read_rows(raw, filename):
                report.rows += 1
                _one(number, values, report, agencies, seen, importer, bodies, today)
            if report.errors:
                raise _Failed
    except _Failed:
        report.created = report.updated = 0
    except DomainError as exc:  # a file-level problem (header, format)
        report.errors.append(RowError(0, LABELS.get(exc.field or "", "文件"), exc.message))
        report.created = report.updated = 0
    return report


def _one(number: int, values: dict, report: ImportReport, agencies: _Agencies, seen: dict,
         importer: Actor, bodies: Path | None, today: date) -> None:
    values = _without_controls(number, values, report)
    issuer, data, errors = check_row(values, agencies=agencies, bodies=bodies, today=today)
    doc_no = str(values.get("doc_no", "")).strip()
    if doc_no and doc_no in seen:
        errors.append(("doc_no", f"与第{seen[doc_no]}行的发文字号重复"))
    seen.setdefault(doc_no, number)
    report.errors.extend(RowError(number, LABELS.get(c, c), reason) for c, reason in errors)
    if errors or report.errors or data is None or issuer is None:
        return  # once anything failed nothing will be kept: only check the rest
    try:
        with transaction.atomic():
            if _write(importer, issuer, data, today):
                report.created += 1
            else:
                report.updated += 1
    except DomainError as exc:
        report.errors.append(RowError(number, _error_column(exc), exc.message))


def _without_controls(number: int, values: dict, report: ImportReport) -> dict:
    """Cells without control and bidi-override characters (refusing would lose the whole
    import over an invisible character); each removal is a row warning."""
    out = {}
    for column, value in values.items():
        out[column] = strip_controls(value) if isinstance(value, str) else value
        if out[column] != value:
            report.warnings.append(RowError(number, LABELS.get(column, column),
                                            "含有不可见的控制字符或文字方向控制符，已删除"))
    return out
