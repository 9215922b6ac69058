"""`fazhi calendar …` and `fazhi deadline …`: output, and exit status 2 on bad input."""

import json
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.holidays.models import CalendarYear
from fazhi.law import timelimits
from fazhi.law.timelimits import Extension, Limit, Unit

pytestmark = pytest.mark.django_db
ART_33 = "《政府信息公开条例》第三十三条第二款"


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def fails(*args) -> str:
    with pytest.raises(CommandError) as err:
        run(*args)
    assert err.value.returncode == 2
    return str(err.value)


@pytest.fixture
def gio_reply(isolated_limits):
    return timelimits.register(Limit(
        "test.reply", "答复申请", 20, Unit.WD, "收到申请之日", ART_33, date(2019, 5, 15),
        extension=Extension(20, Unit.WD, "政府信息公开工作机构负责人", ART_33)))


# -- calendar ------------------------------------------------------------------------

def test_calendar_load_csv(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-20,makeup_workday,春节调休上班\n",
                    encoding="utf-8")
    out = run("calendar", "load", str(path), "--source", "国办发明电〔2026〕测试号", "--actor", "张三")
    assert "已载入2027年放假安排" in out
    row = CalendarYear.objects.get(year=2027)
    assert (row.source, row.loaded_by) == ("国办发明电〔2026〕测试号", "张三")


def test_calendar_load_bad_file_exits_2(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,name\n2027-02-22,makeup_workday,\n", encoding="utf-8")
    message = fails("calendar", "load", str(path), "--source", "测试")
    assert "第2行：2027-02-22 是星期一" in message
    assert not CalendarYear.objects.exists()
    assert "无法读取文件" in fails("calendar", "load", str(tmp_path / "missing.yaml"))
    assert "不支持的文件类型" in fails("calendar", "load", str(tmp_path))


def test_calendar_show_builtin_and_estimated_years():
    out = run("calendar", "show", "2026")
    assert "内置数据" in out and "2026-02-17 星期二 春节" in out
    assert "2026-02-28 星期六 春节调休上班" in out
    estimated = run("calendar", "show", "2027")
    assert "按周末及法定节假日估算" in estimated and "2027-02-05 星期五 春节" in estimated
    assert "调休上班：无" in estimated
    assert "超出范围" in fails("calendar", "show", "3000")


def test_calendar_years_lists_loaded_and_builtin(tmp_path):
    path = tmp_path / "2027.yaml"
    path.write_text("year: 2027\nsource: 测试通知\nholidays: [2027-01-01]\n", encoding="utf-8")
    run("calendar", "load", str(path))
    out = run("calendar", "years")
    assert "2004  内置" in out and "2027  已载入  测试通知" in out and "2028年起" in out
    assert "已载入" in run("calendar", "show", "2027")


# -- deadline ------------------------------------------------------------------------

def test_deadline_text_and_json(gio_reply):
    out = run("deadline", "test.reply", "--from", "2025-01-20", "--extended")
    assert "截止日期：2025-03-21" in out and "临时结果：否" in out
    data = json.loads(run("deadline", "test.reply", "--from", "2026-12-15", "--json",
                          "--stop", "2026-12-16:2026-12-18:征求第三方意见"))
    assert data["provisional"] is True and data["stopped_days"] == 2
    assert "2026-12-17至2026-12-18中止计算，2个工作日不计入" in data["explanation"]
    assert "2027年放假安排尚未公布" in data["explanation"]


def test_deadline_json_lists_each_stop_with_the_days_it_excludes(gio_reply):
    """民法典第二百零一条: the stop's first day counts, the days after it through its end do
    not; `--json` names them per stop (sent Thu 9 Oct 2025, answered Tue 14 Oct)."""
    data = json.loads(run("deadline", "test.reply", "--from", "2025-09-26", "--json",
                          "--stop", "2025-10-09:2025-10-14:征求第三方意见"))
    assert data["stops"] == [{
        "start": "2025-10-09", "end": "2025-10-14", "bound": "2025-10-14",
        "reason": "征求第三方意见", "applied": True, "excluded_from": "2025-10-10",
        "excluded_to": "2025-10-14", "excluded_days": 4, "running": False}]
    assert "中止开始当日计入期限，结束当日不计入（《民法典》第二百零一条）" in data["explanation"]


def test_deadline_open_stop_runs_to_its_bound(gio_reply):
    """条例第三十二条: a consultation not yet answered stops the clock at most until the
    third party's 15 WD run out (here Wed 29 Oct 2025), whatever today is."""
    runs = [json.loads(run("deadline", "test.reply", "--from", "2025-09-26", "--json",
                           "--open-stop", "2025-10-09:2025-10-29:征求第三方意见",
                           "--today", today)) for today in ("2025-10-14", "2025-10-30")]
    assert [r["due"] for r in runs] == ["2025-11-20", "2025-11-20"]
    assert [r["paused"] for r in runs] == [True, False]
    assert runs[0]["stops"][0]["end"] is None and runs[0]["stops"][0]["excluded_days"] == 15


def test_deadline_stop_without_an_end_is_refused(gio_reply):
    """A clock stop always has an end: an open stop needs its bound (--open-stop)."""
    with pytest.raises(CommandError, match="--open-stop"):
        run("deadline", "test.reply", "--from", "2025-09-26", "--stop", "2025-10-09:")


def test_deadline_list(gio_reply):
    out = run("deadline", "--list")
    assert "test.reply\t答复申请\t20个工作日（可延长20个工作日）\t" + ART_33 in out


@pytest.mark.parametrize(("args", "expected"), [
    (("deadline", "test.nope", "--from", "2025-01-01"), "未登记的时限代码：test.nope"),
    (("deadline", "test.reply", "--from", "2025-13-01"), "不是有效日期"),
    (("deadline", "test.reply", "--from", "2025-01-01", "--stop", "2025-01-05:2025-01-03"),
     "早于开始日期"),
    (("deadline", "test.reply", "--from", "2025-01-01", "--stop", "2025-01-05"), "格式应为"),
    (("deadline", "test.reply"), "请用 --from"),
    (("deadline",), "请给出时限代码"),
    (("deadline", "test.reply", "--from", "2010-01-01"), "没有有效版本"),
])
def test_deadline_bad_input_exits_2(gio_reply, args, expected):
    assert expected in fails(*args)


def test_deadline_cli_exit_status_and_no_traceback(settings):
    """The operator's view: stderr message, status 2, no traceback."""
    proc = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "deadline", "no.such.limit",
         "--from", "2025-01-01"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "未登记的时限代码：no.such.limit" in proc.stderr
    assert "Traceback" not in proc.stderr
