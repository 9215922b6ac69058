"""`fazhi demo`: build the deterministic demo city into an empty database (and serve it).

Every installed app's demo builder runs, each after the apps it needs (fazhi.core.demo);
the organisation (fazhi.org.demo) comes first, then the procedures' cases."""

from datetime import date

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fazhi.core import demo


def migrate_if_needed(stdout) -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        stdout.write("正在初始化数据库（migrate）……")
        call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the shared throttle counters' table


def print_logins(stdout) -> None:
    from fazhi.core import modules
    from fazhi.org.demo import logins

    rows = logins() + [row for m in modules.registered() if m.demo and m.demo.logins
                       for row in m.demo.logins()]
    if not rows:
        return
    header = ("用户名", "密码", "机关", "角色", "姓名")
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    stdout.write("\n演示账号（每个机关另有 <简称>_handler / <简称>_head / <简称>_gio_head 账号，密码相同）：")
    for row in [header, *rows]:
        stdout.write("  " + "  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)))


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK is two columns wide


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "生成确定性的演示城市（厦门市及六个区、市直部门、工作人员，以及各模块的演示数据，如一年的依申请公开案件）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="default",
                            help="规模：default 约2,000件，city 100,000件")
        parser.add_argument("--cases", type=int, help="案件数（覆盖 --scale）")
        parser.add_argument("--seed", type=int, default=2020, help="随机种子（默认2020）")
        parser.add_argument("--today", help="模拟的“今天”，YYYY-MM-DD（默认今天）")
        parser.add_argument("--reset", action="store_true", help="清空整个数据库后重建")
        parser.add_argument("--serve", action="store_true", help="生成后启动服务")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境（FAZHI_ENV=production）不能生成演示数据：演示账号的密码是公开的。"
                               "请用 fazhi serve 启动服务", returncode=2)
        today = _parse_today(options["today"])
        migrate_if_needed(self.stdout)
        from fazhi.org.models import Agency

        if Agency.objects.exists():
            if options["reset"]:
                foreign = non_demo_agencies()
                if foreign:
                    raise CommandError(f"数据库中有不是演示数据的机关（{'、'.join(foreign[:3])}等），"
                                       "不能用 --reset 清空：这可能是正式数据库", returncode=2)
                self.stdout.write("正在清空数据库……")
                demo.reset()
            elif options["serve"]:
                self.stdout.write("数据库中已有数据，直接启动服务（如需重建演示数据，请运行 "
                                  "fazhi demo --reset）。")
            else:
                raise CommandError(_refusal(), returncode=2)
        if not Agency.objects.exists():
            self._build(options, today)
        print_logins(self.stdout)
        if options["serve"]:
            call_command("serve", port=options["port"], host=options["host"])

    def _build(self, options, today: date) -> None:
        cases = options["cases"] if options["cases"] is not None else demo.SCALES[options["scale"]]
        if cases < 0:
            raise CommandError("案件数不能为负数", returncode=2)
        self.stdout.write(f"正在生成演示城市：规模 {cases:,} 件案件，种子 {options['seed']}，"
                          f"模拟今天为 {today:%Y-%m-%d}……")
        built = demo.build(cases, options["seed"], today, self.stdout.write)
        self._report(built)

    def _report(self, built: demo.Built) -> None:
        from fazhi.core.models import Event

        self.stdout.write(f"完成：{Event.objects.count():,} 条账本记录，用时 {built.seconds:.1f} 秒。")
        for line in built.lines:
            self.stdout.write(line)
        self.stdout.write("各模块用时（墙钟/CPU 秒）：" + "，".join(
            f"{label} {wall:.1f}/{cpu:.1f}" for label, (wall, cpu) in built.timings.items()))
        failures = built.context.failures
        for failure in failures[:20]:
            self.stderr.write(f"  未能执行：{failure}")
        if failures:
            self.stderr.write(f"  共 {len(failures)} 个计划操作未能执行，相关案件停留在当时的状态。")


def _parse_today(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--today 日期格式应为 YYYY-MM-DD：{text}", returncode=2) from exc


def non_demo_agencies() -> list[str]:
    """Names of agencies the demo city does not have (nor a demo builder adds): their
    presence means real data."""
    from fazhi.core import modules
    from fazhi.org import demo_city
    from fazhi.org.models import Agency

    demo_codes = {spec.code for spec in demo_city.ALL_AGENCIES + demo_city.STREET_OFFICES}
    demo_codes |= {code for m in modules.registered() if m.demo for code in m.demo.agencies}
    return list(Agency.objects.exclude(code__in=demo_codes).order_by("code")
                .values_list("name", flat=True)[:10])


def _refusal() -> str:
    from fazhi.cases.models import Case
    from fazhi.org.models import Agency

    return (f"数据库中已有数据（{Agency.objects.count()} 个机关、{Case.objects.count():,} 件案件），"
            "演示数据只能生成在空数据库中。如需重建，请加 --reset（将清空整个数据库）。")
