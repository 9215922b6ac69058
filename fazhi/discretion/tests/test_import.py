"""Benchmark import from XLSX: all or nothing, every error with its row (issue 13 part 4)."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from fazhi.discretion import importer
from fazhi.discretion.models import Benchmark, ExemptionList, Tier
from fazhi.org.actors import Actor

pytestmark = pytest.mark.django_db

HEADER = ["违法行为编码", "违法行为名称", "处罚依据", "档次编码", "档次", "涉案金额下限", "涉案金额上限",
          "危害后果", "已改正", "处罚种类", "罚款下限", "罚款上限", "违法所得倍数下限", "违法所得倍数上限"]
LAW = "《中华人民共和国食品安全法》第一百二十六条"
GOOD = [
    ["SP-1", "未查验进货", LAW, "L", "从轻", "", 10000, "无、轻微", "是", "警告、罚款", 5000, 20000, "", ""],
    ["SP-1", "未查验进货", LAW, "M", "一般", "", 10000, "无、轻微", "否", "罚款", 20000, 35000, "", ""],
    ["SP-1", "未查验进货", LAW, "S", "较重", "", 10000, "严重", "", "罚款", 35000, 50000, "", ""],
    ["SP-1", "未查验进货", LAW, "H", "从重", 10000, "", "", "", "罚款、没收违法所得", "", "", 5, 10],
    ["SP-2", "未公示许可证", LAW, "A", "一般", "", "", "", "", "警告", "", "", "", ""],
]


def xlsx(tmp_path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "benchmarks.xlsx"
    book.save(path)
    return path


def run(path: Path, agency, version: str = "2024") -> importer.ImportReport:
    return importer.import_benchmarks(path, agency, version=version, effective_from=date(2024, 1, 1),
                                      actor=Actor.system())


def test_a_good_file_creates_draft_benchmarks(tmp_path, other_agency) -> None:
    report = run(xlsx(tmp_path, GOOD), other_agency)
    assert report.ok and report.created == 2 and report.rows == 5
    b = Benchmark.objects.get(violation_code="SP-1")
    assert b.status == "draft" and b.version == "2024" and b.basis == LAW
    heavy = b.tiers.get(code="H")
    assert heavy.kinds == ["fine", "confiscate_income"] and heavy.multiple_max == 10 and heavy.row == 5
    assert b.tiers.get(code="L").harm == ["none", "minor"]


def test_overlapping_tiers_refuse_the_whole_file_naming_the_row(tmp_path, other_agency) -> None:
    rows = [r[:] for r in GOOD]
    rows[3][5] = 8000  # 从重 starts at 8000 while 从轻/一般/较重 run to 10000
    report = run(xlsx(tmp_path, rows), other_agency)
    assert not report.ok
    (error,) = report.errors
    assert error.row == 5 and error.column == "档次编码"
    assert "档次重叠" in error.reason and "第 5 行（从重）" in error.reason
    assert Benchmark.objects.count() == 0 and Tier.objects.count() == 0  # SP-2 not written either


def test_gapped_tiers_are_refused(tmp_path, other_agency) -> None:
    rows = [r[:] for r in GOOD]
    rows[3][5] = 12000
    report = run(xlsx(tmp_path, rows), other_agency)
    assert not report.ok and "缺口：涉案金额10000元以上不满12000元" in report.errors[0].reason
    assert not Benchmark.objects.exists()


def test_cell_errors_are_listed_by_row_and_column(tmp_path, other_agency) -> None:
    rows = [r[:] for r in GOOD]
    rows[0][9] = "警告、拘役"
    rows[1][8] = "也许"
    rows[2][10] = "三万五"
    report = run(xlsx(tmp_path, rows), other_agency)
    found = {(e.row, e.column) for e in report.errors}
    assert {(2, "处罚种类"), (3, "已改正"), (4, "罚款下限")} <= found
    assert "“拘役”不是《行政处罚法》第九条规定的处罚种类" in str(report.errors[0])
    assert not Benchmark.objects.exists()


def test_the_same_version_cannot_be_imported_twice(tmp_path, other_agency) -> None:
    assert run(xlsx(tmp_path, GOOD), other_agency).ok
    report = run(xlsx(tmp_path, GOOD), other_agency)
    assert not report.ok and "已有该违法行为的裁量基准" in report.errors[0].reason
    assert Benchmark.objects.count() == 2


def test_missing_column_is_a_file_problem(tmp_path, other_agency) -> None:
    with pytest.raises(importer.FileProblem, match="缺少列：处罚种类"):
        run(xlsx(tmp_path, [r[:9] for r in GOOD], HEADER[:9]), other_agency)


def test_exemption_list_import(tmp_path, other_agency) -> None:
    path = xlsx(tmp_path, [["SP-2", "未公示许可证", "首次发现并当场改正", LAW, 1000, ""],
                           ["SP-2", "重复", "", "", "", ""]],
                ["违法行为编码", "违法行为名称", "适用条件", "依据", "涉案金额上限", "违法所得上限"])
    report = importer.import_list(path, other_agency, kind="first_offence", title="首违不罚清单",
                                  version="2024", effective_from=date(2024, 1, 1))
    assert not report.ok and report.errors[0].row == 3 and "与第 2 行重复" in report.errors[0].reason
    assert not ExemptionList.objects.exists()
