"""The catalogue import (权责清单): all-or-nothing with row errors, versions by date."""

import csv
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from fazhi.powers import checks
from fazhi.powers.models import EnforcementItem
from fazhi.subjects import importer

HEADER = ["事项编码", "事项名称", "设定依据", "执法类别", "罚款下限（元）", "罚款上限（元）", "处罚种类",
          "实施主体", "施行日期", "废止日期"]


def _row(code="SC1", start="2021-07-15", end="", agencies="XMSJJ", low="5000", high="50000",
         basis="《中华人民共和国食品安全法》第一百二十六条第一款"):
    return [code, "未按规定建立进货查验记录制度", basis, "市场监管", low, high, "警告、罚款", agencies,
            start, end]


def _csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def market(agency, other_agency):
    return other_agency


def test_xlsx_import_writes_items_with_bodies(market, tmp_path):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(_row())
    book.active.append(_row("SC2", agencies="XMSJJ、厦门市司法局"))
    book.save(tmp_path / "items.xlsx")
    report = importer.run_import("enforcement_items", tmp_path / "items.xlsx")
    assert report.ok, report.errors
    assert report.created == 2
    item = checks.item("SC2", on=date(2026, 1, 1))
    assert item.kinds == ["警告", "罚款"] and item.fine_max == 50000
    assert set(item.agencies.values_list("code", flat=True)) == {"XMSJJ", "XMSFJ"}


def test_any_bad_row_writes_nothing_and_names_row_and_column(market, tmp_path):
    rows = [_row(), _row("SC2", agencies="XMNOPE"), _row("SC3", low="900", high="100"),
            _row("SC4", basis="食品安全法"), _row("SC5", start="2021/13/01"), _row("SC1")]
    report = importer.run_import("enforcement_items", _csv(tmp_path / "bad.csv", rows))
    assert not report.ok
    found = {(e.row, e.column) for e in report.errors}
    assert {(3, "实施主体"), (4, "罚款下限（元）"), (5, "设定依据"), (6, "施行日期"),
            (7, "施行日期")} <= found
    assert "与第 2 行的版本重复" in next(e.reason for e in report.errors if e.row == 7)
    assert EnforcementItem.objects.count() == 0


def test_a_new_version_closes_the_open_one(market, tmp_path):
    assert importer.run_import("enforcement_items", _csv(tmp_path / "a.csv", [_row()])).ok
    report = importer.run_import("enforcement_items", _csv(tmp_path / "b.csv", [
        _row(start="2026-01-01", high="80000")]))
    assert report.ok, report.errors
    assert checks.item("SC1", on=date(2025, 12, 31)).fine_max == 50000
    assert checks.item("SC1", on=date(2026, 1, 1)).fine_max == 80000
    assert EnforcementItem.objects.get(code="SC1", valid_from=date(2021, 7, 15)).valid_until == date(2026, 1, 1)


def test_overlapping_stated_periods_are_refused(market, tmp_path):
    rows = [_row(end="2026-06-01"), _row(start="2026-01-01")]
    report = importer.run_import("enforcement_items", _csv(tmp_path / "o.csv", rows))
    assert not report.ok
    assert "重叠" in report.errors[0].reason and report.errors[0].row == 3
    assert EnforcementItem.objects.count() == 0


def test_cli_imports_the_catalogue(market, tmp_path):
    call_command("import", "enforcement_items", str(_csv(tmp_path / "c.csv", [_row()])),
                 "--no-progress")
    assert EnforcementItem.objects.filter(code="SC1").exists()


def test_inspector_import_carries_certificate_categories(market, tmp_path):
    """《行政处罚法》第四十二条: the category on the certificate decides who may act, so the
    officer directory import carries it; a file without the column keeps what is stored."""
    from fazhi.subjects.models import Officer

    path = tmp_path / "o.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([
            ["检查人员编号", "姓名", "所属机关", "执法证号", "执法证有效期至", "执法类别", "发证机关", "执法证有效期自"],
            ["J1", "林一", "XMSJJ", "FJ-1", "2027-12-31", "市场监管、食品安全", "福建省人民政府", "2024-01-01"]])
    assert importer.run_import("inspectors", path).ok
    officer = Officer.objects.get(code="J1")
    assert officer.cert_categories == ["市场监管", "食品安全"]
    assert checks.acting_refusal([officer], category="食品安全", on=date(2026, 1, 1)) is None
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["检查人员编号", "姓名", "所属机关", "执法证号", "执法证有效期至"],
                                  ["J1", "林一", "XMSJJ", "FJ-1", "2028-12-31"]])
    assert importer.run_import("inspectors", path).ok
    officer.refresh_from_db()
    assert officer.cert_categories == ["市场监管", "食品安全"] and officer.cert_issuer == "福建省人民政府"
