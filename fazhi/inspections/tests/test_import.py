"""Directory import: all-or-nothing with row errors, re-import updates, duplicates, CLI exit."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from fazhi.inspections.models import InspectionItem
from fazhi.inspections.tests import factories as f
from fazhi.subjects import importer
from fazhi.subjects.models import MarketEntity, Officer

pytestmark = pytest.mark.django_db
HEADER = ["统一社会信用代码", "名称", "主体类型", "所在区", "行业", "住所", "信用风险分类", "登记状态"]


def _csv(path: Path, rows: list[list[str]], header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _row(n: int, name: str = "", cls: str = "B") -> list[str]:
    return [f.code_for(n), name or f"厦门鹭岛贸易有限公司{n}", "有限责任公司", "思明区",
            "批发业", "思明区测试路1号", cls, "存续"]


def test_valid_file_imports_and_reimport_updates_by_uscc(siming, tmp_path):
    report = importer.run_import("entities", _csv(tmp_path / "a.csv", [_row(1), _row(2)]))
    assert report.ok and (report.created, report.updated) == (2, 0)
    assert MarketEntity.objects.get(uscc=f.code_for(1)).district == siming
    report = importer.run_import("entities", _csv(tmp_path / "b.csv", [
        _row(1, name="厦门鹭岛贸易有限公司（更名）", cls="C"), _row(3)]))
    assert (report.created, report.updated) == (1, 1)
    entity = MarketEntity.objects.get(uscc=f.code_for(1))
    assert entity.name == "厦门鹭岛贸易有限公司（更名）" and entity.credit_class == "C"
    assert MarketEntity.objects.count() == 3


def test_any_bad_row_writes_nothing_and_reports_row_column_reason(siming, tmp_path):
    bad_check = f.code_for(2)[:17] + ("0" if f.code_for(2)[17] != "0" else "1")
    rows = [_row(1), [bad_check] + _row(2)[1:], _row(3)[:6] + ["Z", "存续"]]
    report = importer.run_import("entities", _csv(tmp_path / "bad.csv", rows))
    assert not report.ok
    assert MarketEntity.objects.count() == 0
    by_row = {(e.row, e.column): e.reason for e in report.errors}
    assert "校验码错误" in by_row[(3, "统一社会信用代码")]
    assert "应为 A、B、C、D 之一" in by_row[(4, "信用风险分类")]


def test_duplicate_uscc_in_one_file_is_an_error(siming, tmp_path):
    report = importer.run_import("entities", _csv(tmp_path / "d.csv", [_row(1), _row(2), _row(1)]))
    assert not report.ok
    assert [str(e) for e in report.errors] == [
        f"第 4 行，列“统一社会信用代码”：与第 2 行重复（{f.code_for(1)}）"]
    assert MarketEntity.objects.count() == 0


def test_cli_exits_non_zero_and_writes_nothing(siming, tmp_path, capsys):
    path = _csv(tmp_path / "d.csv", [_row(1), _row(1)])
    with pytest.raises(CommandError, match="发现 1 个错误，未写入任何数据"):
        call_command("import", "entities", str(path), "--no-progress")
    assert "与第 2 行重复" in capsys.readouterr().err
    assert MarketEntity.objects.count() == 0
    call_command("import", "entities", str(_csv(tmp_path / "ok.csv", [_row(1)])), "--no-progress")
    assert MarketEntity.objects.count() == 1


def test_xlsx_inspectors_and_items(agency, siming, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["检查人员编号", "姓名", "所属机关", "执法证号", "执法证有效期至", "检查区域",
                  "每个计划最多检查户数"])
    sheet.append(["J100", "林检查", "XMSFJ", "FJ-0001", "2027-12-31", "思明区", 8])
    # typed full-width with a space: stored folded, as the public lookup folds what it is given
    sheet.append(["J101", "陈检查", "XMSFJ", "ＦＪ－０００２ ", "2027-12-31", "", 8])
    book.save(tmp_path / "i.xlsx")
    report = importer.run_import("inspectors", tmp_path / "i.xlsx")
    assert report.ok, report.errors
    inspector = Officer.objects.get(code="J100")
    assert inspector.region == siming and inspector.capacity == 8
    assert Officer.objects.get(code="J101").cert_no == "FJ-0002"
    items = _csv(tmp_path / "items.csv", [["XMSFJ", "SF-01", "公证机构执业检查", "《公证法》",
                                           "现场检查", "公证机构"]],
                 header=["检查机关", "事项编码", "抽查事项", "检查依据", "检查方式", "适用主体类型"])
    assert importer.run_import("items", items).ok
    assert InspectionItem.objects.get(code="SF-01").entity_types == ["公证机构"]


def test_upload_page_uses_the_same_importer(client, agency, siming, tmp_path):
    from conftest import make_staff

    make_staff(agency, "sysadmin", ["admin"], "管理员")
    client.login(username="sysadmin", password="pw-sysadmin-123456")
    path = _csv(tmp_path / "d.csv", [_row(1), _row(1)])
    with path.open("rb") as fh:
        response = client.post("/inspections/staff/import/", {"kind": "entities", "file": fh})
    assert response.status_code == 422
    assert "与第 2 行重复" in response.content.decode()
    assert MarketEntity.objects.count() == 0
