"""`fazhi report …`: import an annual report, seed lead rules, export a report as DOCX.

    fazhi report import FILE [--json] [--save] [--year Y]
    fazhi report rules-seed
    fazhi report docx REPORT_ID OUT.docx

Nothing is written by `import` unless --save is given; a bad file exits with status 2 and
a Chinese message on stderr.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from fazhi.core.errors import DomainError
from fazhi.law.reportparse import ImportResult
from fazhi.org.actors import Actor
from fazhi.reporting import report_import
from fazhi.reporting.models import AnnualReport


class Command(BaseCommand):
    help = "年度法治政府建设报告：导入、牵头单位规则、导出 DOCX"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="导入年度报告（默认只预览，不写入数据库）")
        imp.add_argument("file")
        imp.add_argument("--json", action="store_true", help="输出完整 JSON 结果")
        imp.add_argument("--save", action="store_true", help="保存报告并生成下一年度任务")
        imp.add_argument("--year", type=int, help="报告年度（任务年度为其下一年）")
        sub.add_parser("rules-seed", help="按机关简称从默认规则生成牵头单位建议规则")
        docx = sub.add_parser("docx", help="将年度报告导出为 DOCX")
        docx.add_argument("report_id", type=int)
        docx.add_argument("out")

    def handle(self, *args, **opts) -> None:
        try:
            getattr(self, "_" + opts["verb"].replace("-", "_"))(opts)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        except DatabaseError as exc:
            raise CommandError(f"数据库不可用或尚未迁移（请先运行 fazhi migrate）：{exc}",
                               returncode=2) from exc

    def _import(self, opts: dict) -> None:
        path = Path(opts["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件“{path}”：{exc.strerror}", returncode=2) from exc
        year = opts["year"]
        if year is not None and not 1990 <= year <= 2100:
            raise CommandError(f"报告年度“{year}”无效", returncode=2)
        result = report_import.parse_file(data, path.name, year)
        if opts["json"]:
            self.stdout.write(result.to_json())
        else:
            self._summary(result)
        if opts["save"]:
            saved = report_import.save_import(Actor.system("命令行导入"), data, path.name, year,
                                         result)
            self.stderr.write(f"已保存：报告记录 {saved.report.pk}，"
                              f"{saved.report.report_year + 1}年任务 {len(saved.tasks)} 项")
            for line in saved.unmatched:
                self.stderr.write(f"未匹配牵头单位：{line}")

    def _summary(self, result: ImportResult) -> None:
        out = self.stdout.write
        meta = result.metadata
        out(f"标题：{meta.title or '（未识别）'}；年度：{meta.year or '（未识别）'}；"
            f"发布机关：{meta.issuer or '（未识别）'}")
        areas = {t.area_number for t in result.tasks}
        out(f"删除拼音注音 {result.pinyin_removed} 处；疑似乱码 {len(result.flags)} 处；"
            f"一级标题 {len(result.headings)} 个；任务 {len(result.tasks)} 项（{len(areas)} 个领域）")
        for flag in result.flags:
            out(f"  乱码 第{flag.line}行第{flag.column}列：…{flag.context_before}"
                f"【{flag.snippet}】{flag.context_after}…")
        for warning in result.warnings:
            out(f"  提示：{warning.message}")
        for task in result.tasks:
            lead = task.lead_agency or "（待定）"
            out(f"  {task.year} {task.area_label} [{lead}] {task.text[:60]}")

    def _rules_seed(self, opts: dict) -> None:
        created, problems = report_import.seed_lead_rules()
        self.stdout.write(f"新建规则 {len(created)} 条")
        for line in problems:
            self.stderr.write(line)

    def _docx(self, opts: dict) -> None:
        from fazhi.reporting.export import build_docx

        report = AnnualReport.objects.filter(pk=opts["report_id"]).first()
        if report is None:
            raise CommandError(f"报告（编号 {opts['report_id']}）不存在", returncode=2)
        Path(opts["out"]).write_bytes(build_docx(report))
        self.stdout.write(f"已导出：{opts['out']}")
