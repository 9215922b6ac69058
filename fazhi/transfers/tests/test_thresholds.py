"""Thresholds held as versioned data, imported all-or-nothing with row errors."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from fazhi.subjects.importer import FileProblem
from fazhi.transfers import services, thresholds
from fazhi.transfers.models import Threshold, ThresholdSet

pytestmark = pytest.mark.django_db
HEADER = ["违法行为代码", "违法行为", "涉嫌罪名", "刑法条文", "指标", "起点", "立案追诉标准依据"]
GOOD = [
    ["SC-FOOD-01", "生产不符合食品安全标准的食品", "生产、销售不符合安全标准的食品罪", "第一百四十三条",
     "危害后果严重", "", "立案追诉标准（一）第十九条"],
    ["SC-ILL-01", "非法经营", "非法经营罪", "第二百二十五条", "涉案金额", "50000", "立案追诉标准（二）第七十一条"],
    ["SC-ILL-01", "非法经营", "非法经营罪", "第二百二十五条", "illegal_income", "10000",
     "立案追诉标准（二）第七十一条"],
]


def xlsx(tmp_path, rows, name="t.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


INFO = thresholds.SetInfo(version="2026-1", source="立案追诉标准（测试）", effective_from=date(2026, 1, 1))


def test_a_good_file_becomes_the_set_in_force(tmp_path):
    report = thresholds.import_set(xlsx(tmp_path, GOOD), INFO, by="管理员")
    assert report.ok and report.created == 3
    assert thresholds.in_force(date(2026, 3, 1)).version == "2026-1"
    assert thresholds.in_force(date(2025, 12, 31)) is None
    # 非法经营: either the amount or the illegal income reaches the standard
    reasons = services.suspected("SC-ILL-01", {"amount_involved": Decimal("1000"),
                                               "illegal_income": Decimal("12000")},
                                 on=date(2026, 3, 1))
    assert len(reasons) == 1 and "违法所得数额12,000元" in reasons[0] and "第二百二十五条" in reasons[0]


def test_a_bad_row_writes_nothing_and_names_the_row(tmp_path):
    rows = [*GOOD, ["SC-X", "x", "某罪", "第一条", "体积", "5", "依据"],
            ["SC-ILL-01", "非法经营", "非法经营罪", "第二百二十五条", "涉案金额", "-3", "依据"]]
    report = thresholds.import_set(xlsx(tmp_path, rows), INFO)
    assert not report.ok
    found = {(e.row, e.column) for e in report.errors}
    assert (5, "指标") in found  # unknown measure
    assert (6, "起点") in found  # negative starting point
    assert (6, "违法行为代码") in found  # the same measure twice for one violation
    assert not ThresholdSet.objects.exists() and not Threshold.objects.exists()


def test_a_version_is_never_replaced(tmp_path):
    assert thresholds.import_set(xlsx(tmp_path, GOOD), INFO).ok
    again = thresholds.import_set(xlsx(tmp_path, GOOD, "u.xlsx"), INFO)
    assert not again.ok and "已存在" in again.errors[0].reason
    assert Threshold.objects.count() == 3


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(FileProblem, match="缺少列"):
        thresholds.import_set(path, INFO)


def test_a_newer_set_takes_over_from_its_date(tmp_path, rules):
    """Versioned: the set in force on the day of the facts decides."""
    assert thresholds.import_set(xlsx(tmp_path, GOOD), INFO).ok
    assert services.suspected("SC-FAKE-01", {"amount_involved": 80000}, on=date(2025, 6, 1))
    assert services.suspected("SC-FAKE-01", {"amount_involved": 80000}, on=date(2026, 6, 1)) == ()
