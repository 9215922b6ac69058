"""Thresholds of suspected crimes as versioned data: which set is in force, whether a
case's facts reach one (`reasons`), and the all-or-nothing import of a new set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import IntegrityError, transaction

from fazhi.subjects.importer import Column, FileProblem, ImportReport, read_rows
from fazhi.transfers.models import METRIC_LABELS, Threshold, ThresholdSet

COLUMNS = [
    Column("violation_code", "违法行为代码"),
    Column("violation_name", "违法行为"),
    Column("crime", "涉嫌罪名"),
    Column("criminal_article", "刑法条文"),
    Column("metric", "指标"),
    Column("minimum", "起点", required=False),
    Column("basis", "立案追诉标准依据"),
]
# The metric as written in a file: its code or its Chinese name.
_METRICS = {**{k: k for k in METRIC_LABELS}, **{v: k for k, v in METRIC_LABELS.items()},
            "涉案金额": "amount_involved", "非法经营数额": "amount_involved",
            "违法所得": "illegal_income", "危害后果": "harm"}


def in_force(on: date) -> ThresholdSet | None:
    return ThresholdSet.objects.filter(effective_from__lte=on).order_by(
        "-effective_from", "-pk").first()


def _number(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def reached(row: Threshold, facts: Mapping[str, object]) -> bool:
    if row.metric == "harm":
        return facts.get("harm") == "serious"
    value = _number(facts.get(row.metric))
    return value is not None and row.minimum is not None and value >= row.minimum


def reason(row: Threshold, facts: Mapping[str, object], version: str) -> str:
    what = METRIC_LABELS[row.metric]
    crime = f"涉嫌{row.crime}（《中华人民共和国刑法》{row.criminal_article}）"
    basis = f"依据{row.basis}，标准版本{version}"
    if row.metric == "harm":
        return f"{what}，{crime}；{basis}"
    shown = f"{_number(facts.get(row.metric)):,}"
    unit = "日" if row.metric == "duration_days" else "元"
    return f"{what}{shown}{unit}，达到{row.minimum:,}{unit}的立案追诉标准，{crime}；{basis}"


def reasons(violation_code: str, facts: Mapping[str, object], on: date) -> tuple[str, ...]:
    found = in_force(on)
    if found is None:
        return ()
    rows = found.rows.filter(violation_code=violation_code).order_by("pk")
    return tuple(reason(row, facts, found.version) for row in rows if reached(row, facts))


# -- import -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetInfo:
    version: str
    source: str
    effective_from: date
    note: str = ""


def _row(number: int, raw: dict[str, str], report: ImportReport, seen: set) -> Threshold | None:
    errors_before = report.error_count
    for col in COLUMNS:
        if col.required and not raw.get(col.key, "").strip():
            report.add(number, col.label, "不能为空")
    metric = _METRICS.get(raw.get("metric", "").strip())
    if raw.get("metric", "").strip() and metric is None:
        report.add(number, "指标", f"未知的指标“{raw['metric']}”，可用：{'、'.join(METRIC_LABELS.values())}")
    minimum = None
    if metric and metric != "harm":
        minimum = _number(raw.get("minimum", "").replace(",", "").strip())
        if minimum is None or minimum <= 0:
            report.add(number, "起点", "须为大于0的数额（危害后果类指标可留空）")
    key = (raw.get("violation_code", "").strip(), metric)
    if metric and key in seen:
        report.add(number, "违法行为代码", f"同一违法行为“{key[0]}”的该指标重复")
    seen.add(key)
    for col, limit in (("violation_code", 40), ("crime", 100), ("criminal_article", 60),
                       ("violation_name", 200), ("basis", 200)):
        if len(raw.get(col, "")) > limit:
            report.add(number, dict((c.key, c.label) for c in COLUMNS)[col], f"不能超过{limit}个字符")
    if report.error_count != errors_before:
        return None
    return Threshold(violation_code=key[0], violation_name=raw["violation_name"].strip(),
                     crime=raw["crime"].strip(), criminal_article=raw["criminal_article"].strip(),
                     metric=metric, minimum=minimum, basis=raw["basis"].strip())


def import_set(path: Path | str, info: SetInfo, *, by: str = "") -> ImportReport:
    """Read every row first; write the set only when no row has an error (all or nothing).
    A file problem (type, header) raises FileProblem."""
    report = ImportReport(kind="transfer_thresholds")
    if not info.version.strip() or not info.source.strip():
        report.add(1, "版本", "须填写版本和来源")
        return report
    if ThresholdSet.objects.filter(version=info.version.strip()).exists():
        report.add(1, "版本", f"版本“{info.version}”已存在，请使用新的版本号")
        return report
    rows, seen = [], set()
    for number, raw in read_rows(Path(path), COLUMNS, report):
        report.rows += 1
        found = _row(number, raw, report, seen)
        if found is not None:
            rows.append(found)
    if report.rows == 0:
        raise FileProblem("文件中没有数据行")
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            made = ThresholdSet.objects.create(version=info.version.strip(),
                                               source=info.source.strip()[:200],
                                               effective_from=info.effective_from,
                                               note=info.note[:200], imported_by=by[:100])
            for row in rows:
                row.set = made
            Threshold.objects.bulk_create(rows)
    except IntegrityError:
        report.add(1, "版本", f"版本“{info.version}”已存在，请使用新的版本号")
        return report
    report.created = len(rows)
    return report
