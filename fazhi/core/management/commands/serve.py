"""`fazhi serve`: migrate, then serve the app — Django's runserver for the demo, gunicorn
when FAZHI_ENV=production."""

import os
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "启动服务：开发/演示用 runserver，生产环境（FAZHI_ENV=production）用 gunicorn"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=int(os.environ.get(
            "FAZHI_WORKERS", "2")), help="gunicorn 工作进程数（仅生产环境）")

    def handle(self, *args, **options):
        from fazhi.core.management.commands.demo import migrate_if_needed

        migrate_if_needed(self.stdout)
        address = f"{options['host']}:{options['port']}"
        if settings.PRODUCTION:
            self._gunicorn(address, options["workers"])
            return
        # Development (DEBUG on or off, `make run` has it off): whitenoise serves the static
        # files through the finders, no collectstatic; it only needs STATIC_ROOT to exist.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"\n服务地址：http://{address}/    （Ctrl+C 停止）")
        call_command("runserver", address, use_reloader=False)

    def _gunicorn(self, address: str, workers: int) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        binary = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) \
            or shutil.which("gunicorn")
        if binary is None:
            raise CommandError("未找到 gunicorn，请先安装依赖（make install）", returncode=2)
        argv = gunicorn_argv(binary, address, workers)
        self.stdout.write(f"gunicorn {address}，{workers} 个工作进程")
        self.stdout.flush()
        os.execv(binary, argv)  # replace this process: signals go straight to gunicorn


def gunicorn_argv(binary: str, address: str, workers: int) -> list[str]:
    """gunicorn's command line: its settings module drops the Server header."""
    return [binary, "fazhi.wsgi:application", "-c", "python:fazhi.gunicorn_conf",
            "--bind", address, "--workers", str(workers), "--access-logfile", "-"]
