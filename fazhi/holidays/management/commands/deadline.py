"""`fazhi deadline CODE --from DATE [--extended] [--stop START:END[:REASON] ...]
[--open-stop START:BOUND[:REASON] ...] [--json]` and `fazhi deadline --list`: compute and
explain a statutory due date."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.module_loading import autodiscover_modules

from fazhi.holidays.services import current_calendar, database_hint
from fazhi.law import timelimits
from fazhi.law.timelimits import Stop, Unit, parse_stop


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{what}“{text}”不是有效日期，应为 YYYY-MM-DD", returncode=2) from None


def _stop(text: str, *, running: bool = False) -> Stop:
    try:
        return parse_stop(text, running=running)
    except ValueError as exc:
        raise CommandError(str(exc), returncode=2) from None


class Command(BaseCommand):
    help = "计算法定期限的截止日期并说明依据"

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="时限代码，如 disclosure.reply")
        parser.add_argument("--from", dest="started", help="起算日（触发事件当天，不计入）")
        parser.add_argument("--extended", action="store_true", help="已批准延长")
        parser.add_argument("--stop", action="append", default=[], metavar="START:END[:REASON]",
                            help="已结束的中止：开始当日计入，次日至结束日不计入；可重复")
        parser.add_argument("--open-stop", action="append", default=[],
                            metavar="START:BOUND[:REASON]",
                            help="尚未结束的中止，最迟至 BOUND（如对方答复期限届满日）；可重复")
        parser.add_argument("--today", help="当前日期（判断是否仍在中止中），默认今天")
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument("--list", action="store_true", help="列出全部已登记的时限")

    def handle(self, *args, **options):
        autodiscover_modules("procedure")  # procedure apps register their limits on import
        if options["list"]:
            return self._list()
        if not options["code"]:
            raise CommandError("请给出时限代码，或用 --list 查看全部", returncode=2)
        if not options["started"]:
            raise CommandError("请用 --from 给出起算日", returncode=2)
        started = _date(options["started"], "起算日")
        today = _date(options["today"], "当前日期") if options["today"] else None
        stops = [_stop(text) for text in options["stop"]] + [
            _stop(text, running=True) for text in options["open_stop"]]
        try:
            limit = timelimits.get(options["code"], on=started)
        except KeyError as exc:
            raise CommandError(exc.args[0], returncode=2) from None
        try:
            calendar = current_calendar()
        except DatabaseError as exc:
            raise CommandError(database_hint(exc), returncode=2) from exc
        try:
            result = timelimits.evaluate(limit, calendar, started, stops=stops,
                                         extended=options["extended"], today=today)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps({
                "limit": limit.code, "label": limit.label, "due": result.due.isoformat(),
                "provisional": result.provisional, "paused": result.paused,
                "extended": result.extended, "stopped_days": result.stopped_days,
                "stops": [span.as_json() for span in result.stops],
                "explanation": result.explanation}, ensure_ascii=False))
            return
        self.stdout.write(f"{limit.code} {limit.label}")
        self.stdout.write(f"截止日期：{result.due.isoformat()}")
        self.stdout.write(f"临时结果：{'是' if result.provisional else '否'}")
        if result.paused:
            self.stdout.write("计时状态：中止中")
        self.stdout.write(f"说明：{result.explanation}")

    def _list(self) -> None:
        limits = timelimits.all_limits()
        if not limits:
            self.stdout.write("尚未登记任何时限")
        for limit in limits:
            amount = Unit(limit.unit).amount(limit.value)
            if limit.extension:
                ext = limit.extension
                amount += f"（可延长{Unit(ext.unit).amount(ext.value)}）"
            until = f"至{limit.effective_to}" if limit.effective_to else "起"
            self.stdout.write(f"{limit.code}\t{limit.label}\t{amount}\t{limit.citation}\t"
                              f"{limit.effective_from}{until}")
