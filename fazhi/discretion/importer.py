"""XLSX/CSV import of an agency's benchmarks and exemption lists: all or nothing.

One row per tier; the rows of one violation code form its benchmark. Every cell is checked,
then every benchmark is validated by the kernel (overlapping or gapped tiers refused with the
row named); any error and nothing is written, each error listed by row, column and reason.
The reading (header by Chinese name or English key, control characters removed) is the
directory importer's (`fazhi.subjects.importer`). Columns: docs/discretion.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from fazhi.core.errors import DomainError
from fazhi.discretion import services
from fazhi.discretion.models import Benchmark, ExemptionList
from fazhi.law import discretion as kernel
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.subjects.importer import Column, FileProblem, ImportReport, read_rows

__all__ = ["FileProblem", "ImportReport", "import_benchmarks", "import_list"]

BENCHMARK_COLUMNS = [
    Column("violation_code", "违法行为编码"), Column("violation_name", "违法行为名称"),
    Column("basis", "处罚依据"), Column("tier_code", "档次编码"), Column("tier_label", "档次"),
    Column("amount_low", "涉案金额下限", False), Column("amount_high", "涉案金额上限", False),
    Column("income_low", "违法所得下限", False), Column("income_high", "违法所得上限", False),
    Column("duration_low", "持续天数下限", False), Column("duration_high", "持续天数上限", False),
    Column("harm", "危害后果", False), Column("first_offence", "初次违法", False),
    Column("corrected", "已改正", False), Column("cooperated", "配合调查", False),
    Column("kinds", "处罚种类"), Column("fine_min", "罚款下限", False),
    Column("fine_max", "罚款上限", False), Column("multiple_min", "违法所得倍数下限", False),
    Column("multiple_max", "违法所得倍数上限", False),
]
LIST_COLUMNS = [
    Column("violation_code", "违法行为编码"), Column("violation_name", "违法行为名称"),
    Column("conditions", "适用条件", False), Column("basis", "依据", False),
    Column("max_amount_involved", "涉案金额上限", False),
    Column("max_illegal_income", "违法所得上限", False),
]
LABELS = {c.key: c.label for c in BENCHMARK_COLUMNS + LIST_COLUMNS}
HARM_WORDS = {"无": "none", "没有": "none", "none": "none", "轻微": "minor", "minor": "minor",
              "严重": "serious", "serious": "serious", "较重": "serious"}
YES = {"是", "y", "yes", "true", "1"}
NO = {"否", "n", "no", "false", "0"}
SEPARATORS = str.maketrans({"，": "、", ",": "、", "/": "、", ";": "、", "；": "、"})
LIMITS = {"violation_code": 40, "violation_name": 200, "basis": 300, "tier_code": 20,
          "tier_label": 40, "conditions": 300}


class _Row:
    """Cell parsing that records each problem against the row and column."""

    def __init__(self, number: int, row: dict[str, str], report: ImportReport):
        self.number, self.row, self.report = number, row, report

    def fail(self, key: str, reason: str) -> None:
        self.report.add(self.number, LABELS[key], reason)

    def text(self, key: str, required: bool = True) -> str:
        value = self.row.get(key, "")
        if required and not value:
            self.fail(key, "必须填写")
        elif len(value) > LIMITS.get(key, 300):
            self.fail(key, f"不能超过 {LIMITS.get(key, 300)} 个字符")
        return value

    def number_(self, key: str) -> Decimal | None:
        value = self.row.get(key, "").replace(",", "").replace("，", "")
        if not value:
            return None
        try:
            out = Decimal(value)
        except InvalidOperation:
            self.fail(key, f"“{value}”不是数字")
            return None
        if not out.is_finite() or out < 0 or out >= Decimal("1e13"):
            self.fail(key, f"“{value}”应为不小于 0 的数字")
            return None
        return out

    def flag(self, key: str) -> bool | None:
        value = self.row.get(key, "").strip().lower()
        if not value or value in ("不限", "任意", "-"):
            return None
        if value in YES:
            return True
        if value in NO:
            return False
        self.fail(key, f"应填“是”“否”或留空（不限），实际为“{self.row[key]}”")
        return None

    def harm(self) -> frozenset[str] | None:
        words = [w.strip() for w in self.row.get("harm", "").translate(SEPARATORS).split("、") if w.strip()]
        if not words or words == ["不限"]:
            return None
        unknown = [w for w in words if w.lower() not in HARM_WORDS]
        if unknown:
            self.fail("harm", f"“{unknown[0]}”不是危害后果等级（无、轻微、严重）")
            return None
        return frozenset(HARM_WORDS[w.lower()] for w in words)

    def kinds(self) -> tuple[str, ...]:
        words = [w.strip() for w in self.row.get("kinds", "").translate(SEPARATORS).split("、") if w.strip()]
        out = []
        for w in words:
            code = w if w in kernel.KINDS else kernel.KIND_BY_LABEL.get(w)
            if code is None:
                self.fail("kinds", f"“{w}”不是《行政处罚法》第九条规定的处罚种类")
            elif code not in out:
                out.append(code)
        return tuple(out)

    def tier(self) -> kernel.Tier:
        n = self.number_
        return kernel.Tier(
            code=self.text("tier_code"), label=self.text("tier_label"),
            amount_involved=kernel.Span(n("amount_low"), n("amount_high")),
            illegal_income=kernel.Span(n("income_low"), n("income_high")),
            duration_days=kernel.Span(n("duration_low"), n("duration_high")),
            harm=self.harm(), first_offence=self.flag("first_offence"),
            corrected=self.flag("corrected"), cooperated=self.flag("cooperated"),
            kinds=self.kinds(), fine_min=n("fine_min"), fine_max=n("fine_max"),
            multiple_min=n("multiple_min"), multiple_max=n("multiple_max"), row=self.number)


def _read(path: Path, columns: list[Column], report: ImportReport,
          each: Callable[[_Row], None]) -> None:
    for number, row in read_rows(path, columns, report):
        report.rows += 1
        each(_Row(number, row, report))


def import_benchmarks(path: Path | str, agency: Agency, *, version: str, effective_from: date,
                      actor: Actor) -> ImportReport:
    """Read, check and (only when every row is right) store the file's benchmarks as drafts
    of `version`, in force from `effective_from` once published."""
    report = ImportReport(kind="benchmarks")
    groups: dict[str, dict] = {}

    def each(r: _Row) -> None:
        code = r.text("violation_code")
        name, basis = r.text("violation_name"), r.text("basis")
        tier = r.tier()
        group = groups.setdefault(code, {"name": name, "basis": basis, "row": r.number, "tiers": []})
        if group["name"] != name:
            r.fail("violation_name", f"与第 {group['row']} 行同一违法行为的名称不一致")
        group["tiers"].append(tier)

    _read(Path(path), BENCHMARK_COLUMNS, report, each)
    if report.rows == 0:
        raise FileProblem("文件中没有数据行")
    existing = set(Benchmark.objects.filter(agency=agency, version=version, violation_code__in=list(groups))
                   .values_list("violation_code", flat=True))
    built = []
    for code, group in groups.items():
        if code in existing:
            report.add(group["row"], LABELS["violation_code"], f"版本“{version}”中已有该违法行为的裁量基准")
        benchmark = kernel.Benchmark(code, tuple(group["tiers"]), version)
        try:
            kernel.validate(benchmark)
        except kernel.BenchmarkError as exc:
            report.add(exc.rows[-1] if exc.rows else group["row"], LABELS["tier_code"], exc.message)
        built.append((benchmark, group["name"], group["basis"]))
    if report.ok:
        try:
            services.save_benchmarks(agency, built, version=version, effective_from=effective_from,
                                     actor=actor, source=Path(path).name)
        except DomainError as exc:
            report.add(0, LABELS["violation_code"], exc.message)
        else:
            report.created = len(built)
    return report


def import_list(path: Path | str, agency: Agency, *, kind: str, title: str, version: str,
                effective_from: date) -> ImportReport:
    """An agency's 首违不罚 or 轻微违法不予处罚 list, one violation per row, as a draft."""
    report = ImportReport(kind="list")
    entries: list[dict[str, object]] = []
    seen: dict[str, int] = {}

    def each(r: _Row) -> None:
        code = r.text("violation_code")
        if code in seen:
            r.fail("violation_code", f"与第 {seen[code]} 行重复")
        seen.setdefault(code, r.number)
        entries.append({"violation_code": code, "violation_name": r.text("violation_name"),
                        "conditions": r.text("conditions", False), "basis": r.text("basis", False),
                        "max_amount_involved": r.number_("max_amount_involved"),
                        "max_illegal_income": r.number_("max_illegal_income")})

    _read(Path(path), LIST_COLUMNS, report, each)
    if report.rows == 0:
        raise FileProblem("文件中没有数据行")
    if ExemptionList.objects.filter(agency=agency, kind=kind, version=version).exists():
        report.add(0, "版本", f"已有版本“{version}”的清单")
    if report.ok:
        services.save_list(agency, kind, title=title, version=version,
                           effective_from=effective_from, entries=entries)
        report.created = len(entries)
    return report
