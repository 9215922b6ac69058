"""The `fazhi` console command: operator verbs mapped onto Django management commands.

`fazhi verify-ledger` runs the `verify_ledger` command, `fazhi calendar load F` runs
`calendar load F`, and so on; `fazhi serve` runs the production-style server.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(["fazhi", *argv[1:]])


if __name__ == "__main__":
    main()
