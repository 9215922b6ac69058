from django.core.management.base import BaseCommand
from django.utils import timezone

from fazhi.core.tick import run_all


class Command(BaseCommand):
    help = "Run every periodic job once (idempotent): checkpoints, clocks, expiries…"

    def handle(self, *args, **options):
        for name, summary in run_all(timezone.localdate()).items():
            self.stdout.write(f"{name}: {summary}")
