"""One citizen's view (B8, ADR 0045): the page `/citizen/` of one person with 200 matters
across five procedures, in a database of N cases (default 10,000,000; `--quick` 200,000;
FAZHI_BENCH_CITIZEN_CASES=N to choose), on SQLite.

The cases are bulk-inserted rows (as bench/synthetic.py does: this is a read benchmark,
the engine's write path is bench_engine's), about 70 % of them keyed to random parties,
the rest without a key (procedures that have no party identifier); the citizen's 200 carry
running clocks with explanations, as the engine leaves them. Timed: 200 requests of the
signed-in page through the Django test client (p50/p99; target p99 < 50 ms), and the
baseline in the same run: the same page with the `case_party` index dropped (a few
requests: each scans the table), after which the index is rebuilt (its build time shown).
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta

from bench.common import percentiles, table
from bench.synthetic import bench_dir, configure, emit, run_worker

SIZES = {True: 200_000, False: 10_000_000}
MATTERS = 200
SAMPLES, WARMUP, BASELINE_SAMPLES = 200, 10, 5
CHUNK = 100_000
PROCEDURES = ("disclosure", "petition", "reconsideration", "mediation", "penalty")
VERSION = "citizen-v1"


def main(quick: bool) -> None:
    cases = int(os.environ.get("FAZHI_BENCH_CITIZEN_CASES") or SIZES[quick])
    r = run_worker("bench.bench_citizen", str(cases))
    table(f"citizen view on sqlite: GET /citizen/ (first page) of one person with {MATTERS} "
          f"matters, {SAMPLES} requests", [
        ("data set", f"{r['cases']:,} cases (about {r['keyed']:,} with a party key), "
                     f"{r['procedures']} procedures in the citizen's matters"),
        ("data generation", "reused cached data set" if r["reused"]
         else f"{r['generation_s']:,.0f} s"),
        ("the citizen's matters", f"{r['rows']} cases, {r['open']} open with a next deadline; "
                                  f"{r['per_page']} per page, open ones first by deadline"),
        ("p50", f"{r['p50_ms']:.1f} ms"),
        ("p99", f"{r['p99_ms']:.1f} ms  (target < 50 ms: "
                f"{'met' if r['p99_ms'] < 50 else 'NOT met'})"),
        ("CPU time per request", f"p50 {r['cpu_p50_ms']:.1f} ms, p99 {r['cpu_p99_ms']:.1f} ms "
                                 "(this process's own; wall time includes waiting for a "
                                 "core on a shared machine)"),
        ("last page (oldest matters)", f"p50 {r['last_p50_ms']:.1f} ms"),
        ("queries per page", str(r["queries"])),
        ("baseline: no case_party index", f"p50 {r['base_p50_ms']:,.0f} ms over "
                                          f"{BASELINE_SAMPLES} requests "
                                          f"(×{r['base_p50_ms'] / r['p50_ms']:,.0f})"),
        ("index rebuild", f"{r['index_s']:,.1f} s"),
    ])


# ---------------------------------------------------------------------------------
# Worker


def _worker(cases: int) -> None:
    path = bench_dir() / f"{VERSION}-{cases}.sqlite3"
    configure("sqlite", path)
    from django.db import connection

    started = time.perf_counter()
    reused = _done(connection)
    if not reused:
        _generate(cases)
    generation_s = time.perf_counter() - started
    info = _info()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(User.objects.get(username="bench_citizen"))

    def get() -> int:
        response = client.get("/citizen/")
        assert response.status_code == 200, response.status_code
        return response.status_code

    for _ in range(WARMUP):
        get()
    with CaptureQueriesContext(connection) as captured:
        get()
    queries = len(captured.captured_queries)
    samples, cpu = [], []
    for _ in range(SAMPLES):
        t0, c0 = time.perf_counter(), time.process_time()
        get()
        samples.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    result = percentiles(samples) | {f"cpu_{k}": v for k, v in percentiles(cpu).items()}
    last = []  # the last page (the oldest closed matters)
    from fazhi.citizens.services import PER_PAGE

    pages = -(-info["rows"] // PER_PAGE)
    for _ in range(SAMPLES // 4):
        t0 = time.perf_counter()
        response = client.get("/citizen/", {"page": pages})
        assert response.status_code == 200
        last.append(time.perf_counter() - t0)
    result["last_p50_ms"] = percentiles(last)["p50_ms"]
    with connection.cursor() as cur:
        cur.execute("DROP INDEX case_party")
    base = []
    for _ in range(BASELINE_SAMPLES):
        t0 = time.perf_counter()
        get()
        base.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute('CREATE INDEX case_party ON cases_case ("party_key")')
    index_s = time.perf_counter() - t0
    emit(info | result | {"per_page": PER_PAGE, "reused": reused, "generation_s": generation_s, "queries": queries,
                          "base_p50_ms": percentiles(base)["p50_ms"], "index_s": index_s})


def _done(connection) -> bool:
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS fazhi_bench_citizen (done INTEGER)")
        cur.execute("SELECT done FROM fazhi_bench_citizen")
        return cur.fetchone() is not None


def _info() -> dict:
    from fazhi.cases.models import Case, Clock
    from fazhi.citizens.models import Citizen

    me = Citizen.objects.get(user__username="bench_citizen")
    mine = Case.objects.filter(party_key=me.party_key)
    n = Case.objects.order_by("-id").values_list("id", flat=True).first()
    return {"cases": n, "keyed": round(n * 0.7), "rows": mine.count(),
            "open": Clock.objects.filter(case__party_key=me.party_key).values("case").distinct().count(),
            "procedures": mine.values("procedure").distinct().count()}


def _generate(cases: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from fazhi.cases import procedure as registry
    from fazhi.cases.models import Case
    from fazhi.cases.parties import party_key
    from fazhi.citizens.models import Citizen
    from fazhi.org.models import Agency, Region

    rng = random.Random(20261206)
    today = date.today()
    region = Region.objects.create(code="350200", name="厦门市", level="city")
    agencies = [Agency.objects.create(code=f"BA{i:03d}", name=f"基准机关{i}", short_name=f"机关{i}",
                                      region=region).pk for i in range(30)]
    versions = {code: registry.current(code, today).version for code in PROCEDURES}
    states = {code: sorted(registry.current(code, today).states) for code in PROCEDURES}
    user = User.objects.create(username="bench_citizen")
    key = party_key("11010519491231002X")
    Citizen.objects.create(user=user, kind="person", display_name="林某", id_tail="002X",
                           party_key=key, method="demo", verified_at=timezone.now())
    mine = set(rng.sample(range(1, cases + 1), MATTERS))
    cols = ("procedure", "procedure_version", "number", "agency_id", "title", "state", "is_open",
            "applicant_name", "received_on", "opened_at", "outcome", "due_on",
            "due_provisional", "party_key", "event_count", "head_hash")
    sql = (f"INSERT INTO cases_case ({', '.join(cols)}) VALUES "
           f"({', '.join(['%s'] * len(cols))})")
    t0 = time.perf_counter()
    with connection.cursor() as cur:  # a bulk load: the indexes are built once, at the end
        cur.execute("PRAGMA synchronous = OFF")
        cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'cases_case' AND sql IS NOT NULL")
        indexes = cur.fetchall()
        for name, _sql in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    for start in range(1, cases + 1, CHUNK):
        rows = []
        for i in range(start, min(cases + 1, start + CHUNK)):
            code = PROCEDURES[i % len(PROCEDURES)]
            received = today - timedelta(days=i % 3650)
            is_open = i % 4 == 0 or i in mine and i % 3 != 0
            if i in mine:
                pk = key
            elif rng.random() < 0.7:
                pk = f"{rng.getrandbits(256):064x}"
            else:
                pk = ""
            rows.append((code, versions[code], f"B-{i:09d}", agencies[i % len(agencies)],
                         f"基准事项{i}", rng.choice(states[code]), is_open, "某某",
                         received, f"{received}T08:00:00Z", "",
                         received + timedelta(days=20) if is_open else None, False, pk, 1, ""))
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(sql, rows)
        done = min(cases, start + CHUNK - 1)
        rate = done / (time.perf_counter() - t0)
        print(f"  {done:,} cases ({rate:,.0f}/s)", flush=True)
    t1 = time.perf_counter()
    with connection.cursor() as cur:
        for _name, create in indexes:
            cur.execute(create)
    print(f"  indexes built in {time.perf_counter() - t1:,.0f} s", flush=True)
    from fazhi.cases.models import Clock

    clocks = []
    for case in Case.objects.filter(party_key=key, is_open=True):
        proc = registry.get(case.procedure, case.procedure_version)
        limit = next(iter(proc.limits.values()))
        clocks.append(Clock(case=case, code=limit.code, started_on=case.received_on,
                            due_on=case.due_on, explanation=f"自{case.received_on:%Y年%m月%d日}收到申请之日起"
                                                            f"{limit.value}个工作日（{limit.citation}）"))
    Clock.objects.bulk_create(clocks)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        cur.execute("INSERT INTO fazhi_bench_citizen VALUES (1)")


if __name__ == "__main__":
    _worker(int(sys.argv[1]))
