"""Loading a year's State Council notice: validation, all-or-nothing, signal, cache."""

from datetime import date, timedelta

import pytest

from fazhi.core.errors import InvalidData
from fazhi.holidays import services
from fazhi.holidays.models import CalendarDay, CalendarYear
from fazhi.holidays.signals import calendar_loaded
from fazhi.law.workdays import builtin_calendar

pytestmark = pytest.mark.django_db

NOTICE_2027 = [  # hypothetical: 2027's notice is not public yet
    ("2027-01-01", "holiday", "元旦"),
    *((f"2027-02-{d:02d}", "holiday", "春节") for d in range(5, 13)),
    ("2027-02-20", "makeup_workday", "春节调休上班"),
]


def test_load_year_replaces_estimate_and_sends_signal():
    received = []

    def receiver(sender, year, **kwargs):
        # receivers run after the rows are written and see the new calendar
        received.append((year, services.current_calendar().is_loaded(year)))

    before = services.current_calendar()
    assert not before.is_loaded(2027) and before.is_provisional(date(2027, 1, 4), date(2027, 2, 1))
    calendar_loaded.connect(receiver)
    try:
        row = services.load_year(2027, NOTICE_2027, "国办发明电〔2026〕测试号", "测试员")
    finally:
        calendar_loaded.disconnect(receiver)
    assert received == [(2027, True)]
    assert row.loaded_by == "测试员" and row.days.count() == 10
    cal = services.current_calendar()
    assert cal is not before and cal.is_loaded(2027)
    assert cal.day_kind(date(2027, 2, 20)) == "makeup_workday"
    assert not cal.is_working_day(date(2027, 2, 12))
    assert cal.day_name(date(2027, 2, 12)) == "春节"
    assert not cal.is_provisional(date(2027, 1, 4), date(2027, 2, 1))


def test_current_calendar_is_cached_until_fingerprint_changes():
    first = services.current_calendar()
    assert services.current_calendar() is first
    # another process writes a year: noticed once the shared fingerprint is gone
    row = CalendarYear.objects.create(year=2028, source="他处载入", loaded_at="2027-11-01T00:00Z",
                                      loaded_by="x")
    CalendarDay.objects.create(year=row, date=date(2028, 1, 3), kind="holiday")
    assert services.current_calendar() is first
    from django.core.cache import cache
    cache.delete(services.FINGERPRINT_KEY)
    assert services.current_calendar().is_loaded(2028)


def test_loaded_year_replaces_builtin_year_entirely():
    services.load_year(2026, [("2026-01-01", "holiday", "元旦")], "测试", "测试员")
    cal = services.current_calendar()
    assert cal.is_working_day(date(2026, 2, 16))  # the built-in 春节 is gone
    assert cal.spec(2026).source == "测试"


def test_invalid_load_changes_nothing_and_lists_every_row():
    services.load_year(2027, NOTICE_2027, "第一次载入", "测试员")
    bad = [
        ("2027-01-01", "holiday", "元旦"),
        ("2028-01-03", "holiday", ""),          # wrong year
        ("2027-01-01", "holiday", ""),          # duplicate of the first
        ("2027-02-22", "makeup_workday", ""),   # a Monday
        ("2027-13-01", "holiday", ""),          # not a date
        ("2027-03-01", "vacation", ""),         # unknown kind
    ]
    with pytest.raises(InvalidData) as err:
        services.load_year(2027, bad, "第二次载入", "测试员")
    message = err.value.message
    assert message.startswith("2027年放假安排未载入，共5处错误")
    assert "第2条：2028-01-03 不属于2027年" in message
    assert "第3条：2027-01-01 与第1条重复" in message
    assert "第4条：2027-02-22 是星期一，调休上班日必须是周六或周日" in message
    assert "第5条：日期“2027-13-01”无效" in message
    assert "第6条：类型“vacation”无效" in message
    assert CalendarYear.objects.get(year=2027).source == "第一次载入"
    assert CalendarDay.objects.filter(year__year=2027).count() == 10


def test_source_and_a_holiday_are_required():
    with pytest.raises(InvalidData, match="必须注明来源") as err:
        services.load_year(2027, [("2027-02-20", "makeup_workday", "")], " ", "测试员")
    assert "未列出任何放假日期" in err.value.message
    assert not CalendarYear.objects.exists()


def test_example_file_reproduces_builtin_2026(settings):
    """docs/examples/calendar-2026.yaml is procedures.md §8.2's 2026 table."""
    parsed = services.parse_file(settings.BASE_DIR / "docs/examples/calendar-2026.yaml")
    year = services.resolve_year(parsed, None)
    services.load_year(year, parsed.days, parsed.source, "测试员")
    cal, builtin = services.current_calendar(), builtin_calendar()
    assert cal.spec(2026).source.startswith("国务院办公厅")
    for i in range(365):
        d = date(2026, 1, 1) + timedelta(days=i)
        assert cal.is_working_day(d) is builtin.is_working_day(d), d


def test_parse_csv_with_chinese_kinds_and_line_numbers():
    text = "date,kind,name\n2027-01-01,放假,元旦\n\n2027-02-20,调休上班,春节调休上班\nbad,放假,\n"
    parsed = services.parse_csv(text)
    assert [d.where for d in parsed.days] == ["第2行", "第4行", "第5行"]
    assert parsed.days[1].date == date(2027, 2, 20)
    with pytest.raises(InvalidData, match="第5行：日期“bad”无效"):
        services.load_year(2027, parsed.days, "测试", "测试员")


def test_parse_csv_needs_header():
    with pytest.raises(InvalidData, match="表头"):
        services.parse_csv("2027-01-01,holiday,元旦\n")


def test_parse_yaml_ranges_and_errors():
    parsed = services.parse_yaml(
        "year: 2027\nsource: 测试\nholidays:\n  - 2027-01-01\n  - 2027-02-05..2027-02-08\n"
        "  - {from: 2027-10-01, to: 2027-10-07, name: 国庆节}\nmakeup_workdays: [2027-02-20]\n")
    assert parsed.year == 2027 and len(parsed.days) == 1 + 4 + 7 + 1
    with pytest.raises(InvalidData, match="未知的键"):
        services.parse_yaml("year: 2027\nholiday: []\n")
    with pytest.raises(InvalidData, match="YAML 格式错误"):
        services.parse_yaml("year: [2027\n")


def test_resolve_year():
    parsed = services.parse_csv("date,kind\n2027-01-01,holiday\n")
    assert services.resolve_year(parsed, None) == 2027
    mixed = services.parse_csv("date,kind\n2027-01-01,holiday\n2028-01-01,holiday\n")
    with pytest.raises(InvalidData, match="请用 --year 指定"):
        services.resolve_year(mixed, None)
    declared = services.parse_yaml("year: 2027\n")
    with pytest.raises(InvalidData, match="不一致"):
        services.resolve_year(declared, 2028)
