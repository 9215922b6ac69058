"""`fazhi report import`: preview by default, --save writes the report and its tasks."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.models import Event
from fazhi.reporting.models import ImportedReport, KeyTask, LeadRule
from fazhi.reporting.report_import import seed_lead_rules


def run(*args) -> tuple[str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def seed_file(tmp_path, seed_bytes):
    path = tmp_path / "xiamen-2020-report.txt"
    path.write_bytes(seed_bytes)
    return path


@pytest.mark.django_db
def test_json_preview_writes_nothing(seed_file):
    out, _ = run("import", str(seed_file), "--json")
    result = json.loads(out)
    assert result["pinyin_removed"] == 223
    assert len(result["flags"]) == 3
    assert len({t["area_number"] for t in result["tasks"]}) == 8
    assert len(result["tasks"]) == 18
    assert {t["year"] for t in result["tasks"]} == {2021}
    assert not ImportedReport.objects.exists() and not KeyTask.objects.exists()


@pytest.mark.django_db
def test_summary_names_the_garbled_segments(seed_file):
    out, _ = run("import", str(seed_file))
    assert "删除拼音注音 223 处" in out and "疑似乱码 3 处" in out
    assert "任务 18 项（8 个领域）" in out
    assert out.count("乱码 第") == 3


@pytest.mark.django_db
def test_save_stores_report_and_tasks_for_next_year(seed_file, agency):
    _, err = run("import", str(seed_file), "--save", "--year", "2020")
    report = ImportedReport.objects.get()
    assert report.report_year == 2020 and report.pinyin_removed == 223
    assert len(report.flags) == 3 and len(report.tree) == 2
    tasks = KeyTask.objects.order_by("id")
    assert tasks.count() == 18 and {t.year for t in tasks} == {2021}
    assert {t.area_number for t in tasks} == set(range(1, 9))
    legislation = tasks.get(text__startswith="强化重点领域立法")
    assert legislation.suggested_lead == agency and legislation.suggested_keyword == "立法"
    assert legislation.source_path == ["二、", "(二)"]
    assert "未匹配牵头单位：市发改委" in err  # suggested but absent: reported, not guessed
    assert Event.objects.filter(kind="task", action="import").count() == 18


@pytest.mark.django_db
def test_saved_suggestions_follow_the_edited_rule_table(seed_file, agency, other_agency):
    seed_lead_rules()
    LeadRule.objects.create(keyword="营商环境", agency=other_agency)
    _, err = run("import", str(seed_file), "--save")
    assert "未匹配" not in err  # the table replaces the defaults once it has rules
    task = KeyTask.objects.get(text__contains="国际一流营商环境")
    assert task.suggested_lead == other_agency and task.suggested_keyword == "营商环境"


@pytest.mark.django_db
def test_saving_the_same_file_twice_is_refused(seed_file):
    run("import", str(seed_file), "--save")
    with pytest.raises(CommandError) as exc:
        run("import", str(seed_file), "--save")
    assert "已于" in str(exc.value) and exc.value.returncode == 2
    assert KeyTask.objects.count() == 18


@pytest.mark.django_db
@pytest.mark.parametrize("content, message", [
    (b"", "文件为空"),
    (b"   \n\n", "文件为空"),
    (b"This is an English annual report about nothing in particular.\n" * 20, "未识别到中文报告内容"),
    (b"\x00\x01\x02\x03binary\xff\xfe\x00" * 50, "二进制"),
])
def test_bad_files_exit_2_and_write_nothing(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        run("import", str(path), "--save")
    assert message in str(exc.value)
    assert exc.value.returncode == 2
    assert not ImportedReport.objects.exists() and not KeyTask.objects.exists()


@pytest.mark.django_db
def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件") as exc:
        run("import", str(tmp_path / "nope.txt"))
    assert exc.value.returncode == 2


@pytest.mark.django_db
def test_gbk_and_bom_copies_import_the_same(tmp_path, seed_bytes):
    text = seed_bytes.decode("utf-8")
    base = json.loads(run("import", str(_write(tmp_path, "u8.txt", seed_bytes)), "--json")[0])
    for name, data in (("gbk.txt", text.encode("gb18030")),
                       ("bom.txt", b"\xef\xbb\xbf" + seed_bytes)):
        other = json.loads(run("import", str(_write(tmp_path, name, data)), "--json")[0])
        assert other == base, name


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.django_db
def test_rules_seed_reports_absent_agencies(agency):
    out, err = run("rules-seed")
    assert LeadRule.objects.filter(agency=agency).count() == sum(
        1 for v in __import__("fazhi.law.reportparse", fromlist=["x"]).DEFAULT_LEAD_RULES.values()
        if v == "市司法局")
    assert "“市发改委”：系统中没有该机关" in err


PAGE = Path(__file__).resolve().parents[2] / "law" / "tests" / "fixtures" / "siming-2020-report-page.txt"


@pytest.mark.django_db
def test_json_gives_the_reports_own_title_year_and_issuer():
    """The year is the one reported on (《法治政府建设与责任落实督察工作规定》: the previous
    year's measures), not the page's clock or publication date."""
    out, _ = run("import", str(PAGE), "--json")
    assert json.loads(out)["metadata"] == {
        "title": "思明区人民政府关于2020年度法治政府建设情况的报告", "title_line": 5,
        "year": 2020, "issuer": "厦门市思明区人民政府"}


@pytest.mark.django_db
def test_summary_names_title_or_says_there_is_none(seed_file):
    out, _ = run("import", str(PAGE))
    assert "标题：思明区人民政府关于2020年度法治政府建设情况的报告" in out
    assert "年度：2020" in out and "发布机关：厦门市思明区人民政府" in out
    out, _ = run("import", str(seed_file))
    assert "标题：（未识别）" in out and "未识别到报告标题" in out


@pytest.mark.django_db
def test_save_stores_the_metadata_and_takes_the_reports_year(tmp_path):
    path = _write(tmp_path, "siming.txt", PAGE.read_bytes())
    _, err = run("import", str(path), "--save")  # no --year: the report's own year
    report = ImportedReport.objects.get()
    assert report.metadata["title"] == "思明区人民政府关于2020年度法治政府建设情况的报告"
    assert report.metadata["issuer"] == "厦门市思明区人民政府"
    assert report.report_year == 2020
    assert sorted(KeyTask.objects.values_list("year", flat=True)) == [2021, 2021, 2021]
    assert not KeyTask.objects.filter(text__contains="特此报告").exists()
