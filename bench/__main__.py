"""Run benchmarks: `python -m bench [name ...] [--quick]`.

Each bench/bench_<name>.py has `main(quick: bool) -> None` printing its figures, with
ratios against a baseline measured in the same run. Nothing here asserts on time.
"""

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name[6:] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help=f"subset of {available()}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    names = args.names or available()
    unknown = set(names) - set(available())
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    for name in names:
        importlib.import_module(f"bench.bench_{name}").main(quick=args.quick)


if __name__ == "__main__":
    main()
