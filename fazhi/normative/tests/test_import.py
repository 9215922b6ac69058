"""Import of historical normative documents (issue 3 part 8): all or nothing with row
errors in Chinese, re-import by document number, DOCX/TXT bodies, CLI and upload form."""

import csv
import io
from datetime import date
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from conftest import make_staff
from fazhi.cases.models import Case
from fazhi.law import ledger  # noqa: F401  (the chain is verified below through the model)
from fazhi.normative import importer, search
from fazhi.normative import models as m
from fazhi.org.actors import Actor

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)
HEADER = ["title", "doc_no", "issuer", "type", "published_at", "effective_from", "valid_until",
          "status", "ended_on", "legal_basis", "body"]


def row(**kw) -> dict:
    base = {"title": "厦门市优化营商环境若干规定", "doc_no": "厦府规〔2021〕3号", "issuer": "XMSFJ",
            "type": "政府规范性文件", "published_at": "2021-05-01", "effective_from": "2021-06-01",
            "valid_until": "2031-05-31", "status": "现行有效", "ended_on": "",
            "legal_basis": "《优化营商环境条例》", "body": "第一条 为持续优化营商环境，制定本规定。"}
    return base | kw


def csv_bytes(rows: list[dict], header=HEADER) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8-sig"))


def run(rows, header=HEADER, bodies=None, actor=None):
    return importer.import_documents(actor or Actor.system("测试"), csv_bytes(rows, header),
                                     "docs.csv", bodies=bodies, today=TODAY)


def test_valid_file_imports_through_the_engine(agency):
    report = run([row(), row(doc_no="厦府规〔2019〕1号", title="厦门市旧规定", published_at="2019-01-10",
                             effective_from="2019-02-01", valid_until="2024-01-31",
                             status="已废止", ended_on="2022-01-01")])
    assert report.ok and (report.created, report.updated) == (2, 0)
    live = m.NormativeDocument.objects.get(doc_no="厦府规〔2021〕3号")
    assert live.status == m.IN_FORCE and live.number_year == 2021 and live.issuer == agency
    assert live.case.procedure == importer.PROCEDURE and live.case.state == m.IN_FORCE
    event = live.case.events.get()
    assert event.action == "open" and '"body_sha256"' in event.payload
    repealed = m.NormativeDocument.objects.get(doc_no="厦府规〔2019〕1号")
    assert repealed.status == m.REPEALED and not repealed.case.is_open
    assert repealed.in_force_on(date(2021, 12, 31)) and not repealed.in_force_on(date(2022, 1, 1))
    # indexed and public
    assert {h.document.pk for h in search.search("营商环境")} == {live.pk, repealed.pk}


def test_any_invalid_row_writes_nothing_and_reports_every_row(agency):
    rows = [row(),
            row(doc_no="厦府规〔2021〕4号", issuer="不存在的机关", published_at="2021-13-01"),
            row(doc_no="厦府规〔2021〕3号"),
            row(doc_no="厦府规〔2021〕5号", status="起草中", type="会议纪要"),
            row(doc_no="厦府规〔2021〕6号", status="已废止", body="")]
    report = run(rows)
    assert not report.ok and report.created == 0
    assert m.NormativeDocument.objects.count() == 0 and Case.objects.count() == 0
    got = {(e.row, e.column) for e in report.errors}
    assert {(3, "制定机关"), (3, "公布日期"), (4, "发文字号"), (5, "状态"), (5, "类型"),
            (6, "失效日期"), (6, "正文")} <= got
    text = "\n".join(map(str, report.errors))
    assert "第3行【制定机关】制定机关不存在：“不存在的机关”" in text
    assert "第4行【发文字号】与第2行的发文字号重复" in text
    assert "只能导入已公布的文件" in text


def test_status_must_agree_with_dates(agency):
    report = run([row(valid_until="2025-12-31"),  # still "in force" after validity ended
                  row(doc_no="X〔2026〕1号", effective_from="2026-09-01", published_at="2026-02-01")])
    reasons = [e.reason for e in report.errors]
    assert any("状态应为“有效期届满失效”" in r for r in reasons)
    assert any("状态应为“已公布待施行”" in r for r in reasons)


def test_missing_header_columns_is_a_file_error(agency):
    report = run([row()], header=["title", "doc_no", "body"])
    assert not report.ok and report.errors[0].row == 0
    assert "表头缺少必填列" in report.errors[0].reason and "制定机关" in report.errors[0].reason


def test_reimport_updates_by_doc_no(agency):
    assert run([row()]).created == 1
    report = run([row(title="厦门市优化营商环境若干规定（修订）", body="第一条 新的正文：数字政府。")])
    assert report.ok and (report.created, report.updated) == (0, 1)
    doc = m.NormativeDocument.objects.get(doc_no="厦府规〔2021〕3号")
    assert doc.title.endswith("（修订）") and m.NormativeDocument.objects.count() == 1
    assert [e.action for e in doc.case.events] == ["open", "reimport"]
    assert [h.document.pk for h in search.search("数字政府")] == [doc.pk]
    assert search.search("持续优化") == []  # the old body left the index
    # ended documents cannot be revived by a re-import
    assert run([row(status="已废止", ended_on="2025-01-01")]).updated == 1
    again = run([row()])
    assert not again.ok and "不能通过导入恢复为有效" in again.errors[0].reason


def test_platform_documents_are_never_overwritten(world):
    case, _ = world.published()
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    report = run([row(doc_no=doc.doc_no, issuer=world.dept.code, type="部门")])
    assert not report.ok and report.errors[0].column == "发文字号"
    assert "不能通过导入覆盖" in report.errors[0].reason


def test_docx_and_txt_bodies(agency, tmp_path: Path):
    word = docx.Document()
    word.add_paragraph("第一条 为规范公共数据开放，制定本办法。")
    word.add_paragraph("第二条 <script>alert(1)</script> 本办法自公布之日起施行。")
    word.save(tmp_path / "open-data.docx")
    (tmp_path / "gbk.txt").write_bytes("第一条 城市更新项目管理。".encode("gb18030"))
    header = [h for h in HEADER if h != "body"] + ["body_file"]
    report = run([row(body_file="open-data.docx"),
                  row(doc_no="厦府规〔2021〕7号", body_file="gbk.txt")], header=header, bodies=tmp_path)
    assert report.ok, report.errors
    doc = m.NormativeDocument.objects.get(doc_no="厦府规〔2021〕3号")
    assert "公共数据开放" in doc.body and "\n第二条" in doc.body
    assert [h.document.pk for h in search.search("公共数据")] == [doc.pk]
    assert "&lt;script&gt;" in search.search("公布之日")[0].snippet_html
    assert m.NormativeDocument.objects.get(doc_no="厦府规〔2021〕7号").body.startswith("第一条 城市更新")
    bad = run([row(body_file="../etc/passwd"), row(doc_no="Y〔2021〕1号", body_file="none.docx")],
              header=header, bodies=tmp_path)
    reasons = [e.reason for e in bad.errors]
    assert any("不能包含路径" in r for r in reasons) and any("正文文件不存在" in r for r in reasons)


def test_xlsx_with_chinese_headers_and_date_cells(agency):
    book = Workbook()
    sheet = book.active
    sheet.append(["标题", "发文字号", "制定机关", "类型", "公布日期", "施行日期", "有效期至", "状态", "正文"])
    sheet.append(["厦门市优化营商环境若干规定", "厦府规〔2021〕3号", "厦门市司法局", "政府",
                  date(2021, 5, 1), date(2021, 6, 1), date(2031, 5, 31), "现行有效", "第一条 正文。"])
    raw = io.BytesIO()
    book.save(raw)
    raw.seek(0)
    report = importer.import_documents(Actor.system(), raw, "docs.xlsx", today=TODAY)
    assert report.ok, report.errors
    assert m.NormativeDocument.objects.get().effective_from == date(2021, 6, 1)


def test_only_admins_import(agency, handler):
    from fazhi.core.errors import Forbidden
    with pytest.raises(Forbidden):
        importer.import_documents(handler, csv_bytes([row()]), "docs.csv", today=TODAY)


def test_command_exit_status_and_report(agency, tmp_path: Path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(issuer="NOPE")]).getvalue())
    with pytest.raises(CommandError, match="未导入任何文件"):
        call_command("normative_import", str(bad))
    assert "第2行【制定机关】" in capsys.readouterr().err
    assert m.NormativeDocument.objects.count() == 0
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row()]).getvalue())
    call_command("normative_import", str(good))
    assert "新增1件" in capsys.readouterr().out


def test_upload_form(client, agency):
    make_staff(agency, "importadmin", ["admin"], "郑管理")
    client.login(username="importadmin", password="pw-importadmin-123456")
    url = reverse("library:import")
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("docs.csv", csv_bytes([row(status="起草中")]).getvalue())
    response = client.post(url, {"file": bad})
    assert response.status_code == 422 and "只能导入已公布的文件" in response.content.decode()
    good = SimpleUploadedFile("docs.csv", csv_bytes([row(body="", body_file="a.txt")],
                                                     HEADER + ["body_file"]).getvalue())
    body = SimpleUploadedFile("a.txt", "第一条 上传的正文。".encode())
    response = client.post(url, {"file": good, "bodies": [body]})
    assert response.status_code == 200 and "新增1件" in response.content.decode()
    assert m.NormativeDocument.objects.get().body == "第一条 上传的正文。"


def test_upload_form_needs_admin(client, agency, handler):
    client.login(username="handler", password="pw-handler-123456")
    assert client.get(reverse("library:import")).status_code == 403


def test_reading_a_csv_leaves_the_callers_file_open():
    """The CSV reader's text layer is detached, not closed: the command's `with` block owns
    the file (closing it from a finaliser raised a ResourceWarning)."""
    raw = csv_bytes([row()])
    rows = list(importer.read_rows(raw, "docs.csv"))
    assert len(rows) == 1 and not raw.closed
    raw.seek(0)
    assert raw.read(3) == b"\xef\xbb\xbf"  # still readable
