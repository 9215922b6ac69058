"""`fazhi openapi --write` regenerates docs/openapi/{private,public}.json;
`fazhi openapi --check` exits 1 when the committed files differ from the code."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.api import openapi


class Command(BaseCommand):
    help = "生成或检查已提交的 OpenAPI 文档（docs/openapi/）"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--write", action="store_true", help="重新生成并写入文件")
        group.add_argument("--check", action="store_true", help="与已提交文件比较，不一致时退出码为 1")

    def handle(self, *args, **options):
        if options["write"]:
            for target in openapi.write():
                self.stdout.write(f"已写入 {target}")
            return
        stale = openapi.drift()
        if stale:
            names = "、".join(f"docs/openapi/{n}.json" for n in stale)
            raise CommandError(f"OpenAPI 文档与代码不一致：{names}；请运行 make openapi 并提交",
                               returncode=1)
        self.stdout.write("OpenAPI 文档与代码一致")
