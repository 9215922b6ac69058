"""`fazhi normative-import FILE [--bodies DIR]`: import historical normative documents.

All or nothing: with any invalid row nothing is written, every row error is printed
(row, column, reason) and the exit status is 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.normative.importer import import_documents
from fazhi.org.actors import Actor


class Command(BaseCommand):
    help = "Import existing normative documents from CSV/XLSX (bodies inline, .txt or .docx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=".csv or .xlsx with a header row")
        parser.add_argument("--bodies", type=Path, default=None,
                            help="directory holding the files named in the body_file column")
        parser.add_argument("--operator", default="命令行", help="name recorded in the history")

    def handle(self, *args, file: Path, bodies: Path | None, operator: str, **options) -> None:
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}")
        if bodies is not None and not bodies.is_dir():
            raise CommandError(f"正文目录不存在：{bodies}")
        with file.open("rb") as raw:
            report = import_documents(Actor.system(operator), raw, file.name, bodies=bodies)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"导入失败：{len(report.errors)}处错误，未导入任何文件（共{report.rows}行）")
        for warning in report.warnings:
            self.stdout.write(f"注意：{warning}")
        self.stdout.write(f"导入完成：新增{report.created}件，更新{report.updated}件。")
