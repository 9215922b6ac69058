"""`fazhi import KIND FILE` (entities, inspectors, and what procedure apps register, e.g.
items): all-or-nothing directory import (fazhi.subjects.importer)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from fazhi.subjects import importer


class Command(BaseCommand):
    help = "导入检查对象名录、执法检查人员名录或抽查事项清单（CSV/XLSX；全部正确才写入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(importer.KINDS))
        parser.add_argument("file")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, kind: str, file: str, no_progress: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        bars: list[tqdm] = []

        def progress(total: int | None, what: str):
            for bar in bars:
                bar.close()
            bar = tqdm(total=total, desc=what, unit="行", unit_scale=True,
                       disable=no_progress, file=self.stderr._out)
            bars.append(bar)
            return bar.update

        try:
            report = importer.run_import(kind, path, progress=progress)
        except importer.FileProblem as exc:
            raise CommandError(str(exc)) from None
        finally:
            for bar in bars:
                bar.close()
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            more = report.error_count - len(report.errors)
            if more > 0:
                self.stderr.write(f"……另有 {more} 个错误未列出")
            raise CommandError(f"发现 {report.error_count} 个错误，未写入任何数据")
        for warning in report.warnings:
            self.stdout.write(f"  注意：{warning}")
        self.stdout.write(f"已导入{importer.KINDS[kind].label} {report.rows} 行：新增 "
                          f"{report.created}，更新 {report.updated}")
