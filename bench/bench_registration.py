"""Concurrent registration of normative documents (issue 3): `python -m bench registration`.

8 worker processes × 200 registrations each (quick: 8 × 20) of deliberated documents of
one issuer in one year, all released together, through the real service
(`services.act(..., "register", ...)`: row lock, three counters, document, event, in one
transaction). Reported: throughput, and the check that the 发文字号 sequence, the 统一登记号
and the 索引号 are each unique and gapless 1..N. PostgreSQL at
FAZHI_BENCH_REGISTRATION_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/fazhi_bench_registration, dropped and re-created),
then SQLite in a temporary file for comparison. The documents are prepared through the
engine too (draft → comment → review → deliberation), which is not timed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

from bench.common import table
from bench.synthetic import emit, run_worker

PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/fazhi_bench_registration"
WORKERS = 8


def _pg_url() -> str:
    return os.environ.get("FAZHI_BENCH_REGISTRATION_DATABASE_URL", PG_DEFAULT)


def _pg_available() -> bool:
    try:
        import psycopg

        base, _, _ = _pg_url().rpartition("/")
        with psycopg.connect(f"{base}/postgres", connect_timeout=3):
            return True
    except Exception:  # any failure means: no PostgreSQL bench here
        return False


def main(quick: bool) -> None:
    per = 20 if quick else 200
    for backend in [*(["postgres"] if _pg_available() else []), "sqlite"]:
        r = run_worker("bench.bench_registration", backend, str(WORKERS), str(per))
        table(f"concurrent registration on {backend}", [
            ("registrations", f"{r['workers']} processes × {r['per']} = {r['total']:,}, "
                              f"released together (prepared in {r['prepare_s']:.0f} s)"),
            ("throughput", f"{r['total'] / r['slowest_s']:,.0f} registrations/s (all done "
                           f"{r['slowest_s']:.1f} s after the common start)"),
            ("errors", str(r["errors"])),
            ("发文字号 sequence", r["doc_no"]),
            ("统一登记号", r["registration_no"]),
            ("索引号", r["index_no"]),
        ])


# ---------------------------------------------------------------------------------------
# Worker process


def _configure(backend: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    os.environ["FAZHI_DEBUG"] = "0"
    work = Path(tempfile.mkdtemp(prefix="fazhi-bench-reg-"))
    os.environ["FAZHI_VAR_DIR"] = str(work)
    (work / "static").mkdir()
    os.environ["FAZHI_STATIC_ROOT"] = str(work / "static")
    if backend == "postgres":
        import psycopg
        from psycopg import sql

        base, _, name = _pg_url().rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        os.environ["FAZHI_DATABASE_URL"] = _pg_url()
    else:
        os.environ.pop("FAZHI_DATABASE_URL", None)
        os.environ["FAZHI_SQLITE_PATH"] = str(work / "bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _world():  # noqa: ANN202 - the test factory's World
    from fazhi.normative.tests.factories import World
    from fazhi.org.models import Agency, Region

    city = Region.objects.create(code="350200", name="厦门市", level="city")
    legal = Agency.objects.create(code="XMSFJ", name="厦门市司法局", short_name="市司法局",
                                  region=city, is_legal_office=True)
    dept = Agency.objects.create(code="XMSJJ", name="厦门市市场监督管理局",
                                 short_name="市市场监管局", region=city)
    return World(legal, dept)


def _register(args: tuple[list[int], str, object]) -> tuple[float, int]:
    """One worker: register its documents one by one, each in its own transaction."""
    case_ids, day, barrier = args
    from django.db import connections

    from fazhi.cases.models import Case
    from fazhi.normative import services as s
    from fazhi.org.actors import Actor

    drafter = Actor.for_user(_drafter_user())
    cases = list(Case.objects.filter(pk__in=case_ids).order_by("pk"))
    errors = 0
    barrier.wait()
    started = time.perf_counter()
    for case in cases:
        try:
            s.act(drafter, case, "register", {"signed_by": "孙局长", "signed_on": day},
                  today=_date(day))
        except Exception as exc:  # counted and reported, never hidden
            errors += 1
            print(f"registration failed: {exc}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    connections.close_all()
    return elapsed, errors


def _drafter_user():  # noqa: ANN202
    from django.contrib.auth.models import User

    return User.objects.get(username="drafter")


def _date(text: str):  # noqa: ANN202
    from datetime import date

    return date.fromisoformat(text)


def _gapless(values: list[int], total: int) -> str:
    ok = sorted(values) == list(range(1, total + 1))
    return (f"{len(set(values)):,} distinct, 1..{max(values, default=0):,}: "
            f"{'unique and gapless' if ok else 'DUPLICATE OR GAP'}")


def _worker(backend: str, workers: int, per: int) -> None:
    _configure(backend)
    from django.db import connections

    from fazhi.normative import models as m

    started = time.perf_counter()
    world = _world()
    ready = [world.deliberated() for _ in range(workers * per)]
    prepare_s = time.perf_counter() - started
    day = ready[0][1].isoformat()
    ids = [case.pk for case, _ in ready]
    connections.close_all()  # the forked workers open their own connections
    ctx = get_context("fork")
    barrier = ctx.Manager().Barrier(workers)
    jobs = [(ids[k::workers], day, barrier) for k in range(workers)]
    with ctx.Pool(workers) as pool:
        results = pool.map(_register, jobs)
    docs = list(m.NormativeDocument.objects.values_list(
        "number_seq", "registration_no", "disclosure_index_no"))
    total = workers * per
    emit({
        "workers": workers, "per": per, "total": total, "prepare_s": prepare_s,
        "slowest_s": max(r[0] for r in results),
        "errors": sum(r[1] for r in results),
        "doc_no": _gapless([seq for seq, _, _ in docs if seq], total),
        "registration_no": _gapless([int(r.rsplit("-", 1)[1]) for _, r, _ in docs if r], total),
        "index_no": _gapless([int(i.rsplit("-", 1)[1]) for _, _, i in docs if i], total),
    })


if __name__ == "__main__":
    _worker(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
