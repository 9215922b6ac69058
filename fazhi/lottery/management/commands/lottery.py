"""`fazhi lottery draw ID` and `fazhi lottery export ID DIR` for operators and notaries."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.errors import DomainError
from fazhi.lottery import artefacts, drawing
from fazhi.lottery.models import Lottery
from fazhi.org.actors import Actor


class Command(BaseCommand):
    help = "Run a lottery draw when it is ready, or export its verifier bundle."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        d = sub.add_parser("draw", help="run the draw (needs c_N, sources and r_N recorded)")
        d.add_argument("lottery_id", type=int)
        e = sub.add_parser("export", help="write spec.json, pool.csv, sources.json, reveal.txt, "
                                          "result.json and commitment.json")
        e.add_argument("lottery_id", type=int)
        e.add_argument("directory")

    def handle(self, *args, verb: str, lottery_id: int, **options) -> None:
        try:
            if verb == "draw":
                lot = drawing.draw(Actor.system("命令行"), lottery_id)
                seed = artefacts.draws_result(lot)["seed"]
                self.stdout.write(f"{lot.draw_id}: drawn, seed {seed}")
            else:
                lot = Lottery.objects.filter(pk=lottery_id).first()
                if lot is None:
                    raise CommandError("摇号不存在")
                self._export(lot, Path(options["directory"]))
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def _export(self, lot: Lottery, target: Path) -> None:
        files = artefacts.bundle(lot)
        target.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (target / name).write_bytes(data)
        self.stdout.write(f"{lot.draw_id}: wrote {len(files)} files to {target}")
        self.stdout.write(f"verify: python fazhi_verify.py verify-draw --bundle {target}")
