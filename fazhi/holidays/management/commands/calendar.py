"""`fazhi calendar load FILE | show YEAR | years`: the official working-day calendar."""

import getpass
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from fazhi.core.errors import DomainError
from fazhi.holidays import services
from fazhi.holidays.models import CalendarYear

KIND_LABELS = {"holiday": "放假", "local_holiday": "地方假日", "estimated_holiday": "法定节假日（估算）",
               "makeup_workday": "调休上班", "weekend": "周末", "weekday": "工作日"}


def _actor() -> str:
    try:
        return f"命令行（{getpass.getuser()}）"
    except Exception:  # no login name in some containers
        return "命令行"


class Command(BaseCommand):
    help = "载入、查看国务院办公厅放假安排（工作日日历）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        load = sub.add_parser("load", help="从 CSV 或 YAML 文件载入一年的放假安排")
        load.add_argument("file")
        load.add_argument("--year", type=int, help="年份（文件未声明时）")
        load.add_argument("--source", help="来源：通知文号或发布日期（文件未声明时）")
        load.add_argument("--actor", help="操作人（记录在载入记录中）")
        show = sub.add_parser("show", help="列出某年的放假日和调休上班日")
        show.add_argument("year", type=int)
        sub.add_parser("years", help="列出已载入和内置的年份")

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        except DatabaseError as exc:
            raise CommandError(services.database_hint(exc), returncode=2) from exc

    def _load(self, options) -> None:
        parsed = services.parse_file(options["file"])
        year = services.resolve_year(parsed, options["year"])
        source = options["source"] or parsed.source or ""
        row = services.load_year(year, parsed.days, source, options["actor"] or _actor())
        rest = sum(1 for d in parsed.days if services.KIND_ALIASES[d.kind] != "makeup_workday")
        self.stdout.write(f"已载入{row.year}年放假安排（来源：{row.source}）：{len(parsed.days)}天，"
                          f"其中放假{rest}天、调休上班{len(parsed.days) - rest}天。"
                          "涉及该年的截止日期将重新计算。")

    def _show(self, options) -> None:
        year = options["year"]
        if not services.MIN_YEAR <= year <= services.MAX_YEAR:
            raise CommandError(f"年份 {year} 超出范围（{services.MIN_YEAR}–{services.MAX_YEAR}）",
                               returncode=2)
        cal = services.current_calendar()
        spec = cal.spec(year)
        self.stdout.write(f"{year}年：{self._status(cal, year)}")
        groups = (("放假", spec.holidays), ("地方假日", spec.local_holidays),
                  ("调休上班", spec.makeup_workdays))
        for title, days in groups:
            if days or title != "地方假日":
                self.stdout.write(f"{title}：" + ("" if days else "无"))
            for d in sorted(days):
                name = spec.names.get(d, "")
                self.stdout.write(f"  {d.isoformat()} {services.weekday_label(d)} {name}".rstrip())
        total = cal.working_days_between(date(year - 1, 12, 31), date(year, 12, 31))
        self.stdout.write(f"全年工作日：{total}天")

    def _status(self, cal, year: int) -> str:
        row = CalendarYear.objects.filter(year=year).first()
        if row is not None:
            when = row.loaded_at.astimezone().strftime("%Y-%m-%d %H:%M")
            return f"已载入（来源：{row.source}；{when} 由 {row.loaded_by} 载入）"
        if cal.is_loaded(year):
            return f"内置数据（来源：{cal.spec(year).source}）"
        return "未载入放假通知，按周末及法定节假日估算；涉及该年的截止日期为临时结果"

    def _years(self, options) -> None:
        cal = services.current_calendar()
        loaded = {row.year: row for row in CalendarYear.objects.all()}
        for year in sorted(cal.years):
            if year in loaded:
                row = loaded[year]
                self.stdout.write(f"{year}  已载入  {row.source}（{row.loaded_by}）")
            else:
                self.stdout.write(f"{year}  内置    {cal.spec(year).source}")
        last = max(cal.years)
        self.stdout.write(f"{last + 1}年起：未载入，按周末及法定节假日估算（临时）")
