import time

from django.core.management.base import BaseCommand, CommandError

from fazhi.cases.ledger import verify


class Command(BaseCommand):
    help = "Verify every case's hash chain, case heads and global checkpoints (账本校验)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count, problems = verify()
        seconds = time.perf_counter() - started
        for problem in problems[:200]:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"ledger verification FAILED: {len(problems)} problem(s) "
                               f"in {count} events")
        self.stdout.write(f"ledger OK: {count} events verified in {seconds:.2f} s")
