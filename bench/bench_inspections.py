"""Double-random inspections at city scale: `python -m bench inspections [--quick]`.

Per backend (SQLite in a temp file; PostgreSQL at 127.0.0.1:5432 as user postgres when it
answers, in a throwaway database dropped afterwards), in a fresh worker process:

1. import 1,000,000 entities (quick: 50,000) from a generated CSV through the real
   importer (both passes: validation, then the upsert transaction): seconds and the
   worker's peak RSS (targets < 60 s, < 500 MB);
2. a joint plan over them, 4 credit strata, 5,000 inspectors (quick: 500) and a
   20,000-pair conflict table: freeze (reads the directory from the database, builds
   the snapshot, pool file, Merkle root, roster and conflicts) and draw (seed, targets,
   teams, rows written) through the services (target < 5 s);
3. the stand-alone verifier (`python -I`) re-runs the selection and the teams;
4. portal lookup `GET /inspections/results/?q=<name prefix>` over 1,000,000 published
   results (quick: 50,000), 200 requests through the test client: p99 (target < 30 ms).

Nothing here asserts on time; the table says whether each target was met.
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.common import peak_rss_mb, percentiles, table
from bench.synthetic import emit, run_worker

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = os.environ.get("FAZHI_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
DISTRICTS = [("350203", "思明区"), ("350205", "海沧区"), ("350206", "湖里区"),
             ("350211", "集美区"), ("350212", "同安区"), ("350213", "翔安区")]
WORDS = ["鹭岛", "海沧", "筼筜", "五缘", "环岛", "嘉庚", "同安", "翔安", "鼓浪", "白鹭"]
TRADES = ["贸易", "科技", "餐饮", "建材", "物流", "医药", "电子", "服装"]
CLASSES = "A" * 80 + "B" * 15 + "C" * 4 + "D"  # A 80 %, B 15 %, C 4 %, D 1 %
SAMPLES, WARMUP = 200, 10


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_BASE}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def main(quick: bool) -> None:
    n = 50_000 if quick else 1_000_000
    backends = ["sqlite"] + (["postgres"] if _pg_available() else [])
    for backend in backends:
        r = run_worker("bench.bench_inspections", backend, str(n), "1" if quick else "0")
        ok = lambda v, limit: "met" if v < limit else "NOT met"  # noqa: E731
        table(f"inspections on {backend}", [
            ("import", f"{r['rows']:,} entities from a {r['csv_mb']:.0f} MB CSV in "
                       f"{r['import_s']:.1f} s (validate {r['validate_s']:.1f} s, write "
                       f"{r['write_s']:.1f} s), {r['rows'] / r['import_s']:,.0f} rows/s  "
                       f"(target < 60 s: {ok(r['import_s'], 60)})"),
            ("import peak RSS", f"{r['import_rss_mb']:.0f} MB (worker before import "
                                f"{r['base_rss_mb']:.0f} MB)  (target < 500 MB: "
                                f"{ok(r['import_rss_mb'], 500)})"),
            ("re-import (all updates)", f"{r['reimport_s']:.1f} s"),
            ("plan", f"{r['pool']:,} entities in strata {r['strata']}, "
                     f"{r['inspectors']:,} inspectors, {r['conflicts']:,} conflicts"),
            ("freeze (DB read + commitments)", f"{r['freeze_s']:.2f} s"),
            ("draw (seed, targets, teams, rows)", f"{r['draw_s']:.2f} s: {r['targets']:,} "
                                                  f"targets, {r['unassignable']} unassignable; "
                                                  f"of which target selection "
                                                  f"{r['select_s']:.2f} s, teams "
                                                  f"{r['teams_s']:.2f} s"),
            ("freeze + draw", f"{r['freeze_s'] + r['draw_s']:.2f} s  (target < 5 s: "
                              f"{ok(r['freeze_s'] + r['draw_s'], 5)}; draw alone "
                              f"{ok(r['draw_s'], 5)})"),
            ("stand-alone verifier", f"{r['verify_s']:.1f} s, exit {r['verify_rc']} "
                                     f"({'reproduced' if r['verify_rc'] == 0 else 'FAILED'})"),
            ("portal lookup by name", f"{r['published']:,} published results; p50 "
                                      f"{r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms  "
                                      f"(target < 30 ms: {ok(r['p99_ms'], 30)})"),
        ])


# ---------------------------------------------------------------------------------------
# Worker


def _configure(backend: str, work: Path) -> str | None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    os.environ["FAZHI_DEBUG"] = "0"
    os.environ["FAZHI_VAR_DIR"] = str(work)
    os.environ["FAZHI_MEDIA_ROOT"] = str(work / "media")
    (work / "static").mkdir(exist_ok=True)
    os.environ["FAZHI_STATIC_ROOT"] = str(work / "static")
    dbname = None
    if backend == "postgres":
        import psycopg

        dbname = f"fazhi_bench_insp_{os.getpid()}"
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        os.environ["FAZHI_DATABASE_URL"] = f"{PG_BASE}/{dbname}"
    else:
        os.environ.pop("FAZHI_DATABASE_URL", None)
        os.environ["FAZHI_SQLITE_PATH"] = str(work / "bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return dbname


def _drop(dbname: str | None) -> None:
    if dbname is None:
        return
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _uscc(n: int, division: str) -> str:
    from fazhi.law import uscc

    stem = f"91{division}MA{n:07d}"[:17]
    return stem + uscc.check_character(stem)


def _name(rng: random.Random, n: int) -> str:
    return f"厦门{rng.choice(WORDS)}{rng.choice(TRADES)}{n:07d}有限公司"


def _write_csv(path: Path, n: int) -> None:
    rng = random.Random(20250610)
    with path.open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["统一社会信用代码", "名称", "主体类型", "所在区", "行业", "住所",
                    "信用风险分类", "登记状态"])
        for i in range(n):
            code, district = DISTRICTS[i % len(DISTRICTS)]
            w.writerow([_uscc(i, code), _name(rng, i), "有限责任公司", district,
                        rng.choice(TRADES) + "业", f"{district}某路{i % 997}号",
                        rng.choice(CLASSES), "存续"])


def _org(n_inspectors: int, quick: bool):
    from django.contrib.auth.models import User

    from fazhi.inspections.models import InspectionItem
    from fazhi.org.actors import Actor
    from fazhi.org.models import Agency, Region, Staff
    from fazhi.subjects.models import Officer

    city = Region.objects.create(code="350200", name="厦门市", level="city")
    regions = [Region.objects.create(code=c, name=n, level="district", parent=city)
               for c, n in DISTRICTS]
    lead = Agency.objects.create(code="XMSJJ", name="厦门市市场监督管理局", short_name="市场监管局",
                                 region=city)
    other = Agency.objects.create(code="XMWJW", name="厦门市卫生健康委员会", short_name="市卫健委",
                                  region=city)
    notary_office = Agency.objects.create(code="XMJW", name="驻局纪检监察组", short_name="纪检组",
                                          region=city, kind="other")
    items = [InspectionItem.objects.create(agency=a, code=f"{a.code}-1", name="年报公示检查",
                                           legal_basis="《企业信息公示暂行条例》", method="现场检查")
             for a in (lead, other)]

    def staff(agency, username, roles):
        user = User.objects.create_user(username)
        Staff.objects.create(user=user, agency=agency, display_name=username, roles=roles)
        return Actor.for_user(User.objects.get(pk=user.pk))

    planner = staff(lead, "planner", ["handler"])
    notary = staff(notary_office, "notary", ["notary"])
    rng = random.Random(7)
    until = date.today() + timedelta(days=700)
    Officer.objects.bulk_create([
        Officer(code=f"I{i:05d}", name=f"检查员{i}", agency=lead if i % 2 else other,
                  cert_no=f"C{i:06d}", cert_valid_until=until if i % 50 else date(2020, 1, 1),
                  capacity=4, region=None if i % 10 == 0 else rng.choice(regions))
        for i in range(n_inspectors)], batch_size=2000)
    return planner, notary, items


def _conflicts(n: int, pairs: int) -> int:
    from fazhi.inspections.models import Conflict
    from fazhi.subjects.models import Officer

    ids = list(Officer.objects.values_list("pk", flat=True))
    rng = random.Random(11)
    seen = set()
    rows = []
    for _ in range(pairs):
        i = rng.randrange(n)
        key = (rng.choice(ids), _uscc(i, DISTRICTS[i % len(DISTRICTS)][0]))
        if key not in seen:
            seen.add(key)
            rows.append(Conflict(inspector_id=key[0], uscc=key[1], reason="近亲属任职"))
    Conflict.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _published(n: int) -> int:
    """One published result per entity (history carried over): the lookup's data set."""
    from django.db import connection, transaction

    from fazhi.inspections.models import PublicResult
    from fazhi.subjects.models import MarketEntity

    table_name = PublicResult._meta.db_table
    cols = "uscc, entity_name, agencies, result, completed_on, published_on, late"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"INSERT INTO {table_name} ({cols}) SELECT uscc, name, %s, %s, %s, %s, %s "
                    f"FROM {MarketEntity._meta.db_table}",
                    ["厦门市市场监督管理局", "未发现问题", date(2025, 3, 1), date(2025, 3, 1), False])
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {table_name}")
    return PublicResult.objects.count()


def _worker(backend: str, n: int, quick: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="fazhi-bench-insp-"))
    dbname = _configure(backend, work)
    try:
        emit(_run(work, n, quick))
    finally:
        _drop(dbname)
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, n: int, quick: bool) -> dict:
    from django.test import Client

    from fazhi.inspections import artefacts, notary_steps, plans, team_draw
    from fazhi.law import draws
    from fazhi.subjects import importer

    n_inspectors = 500 if quick else 5000
    planner, notary, items = _org(n_inspectors, quick)
    path = work / "entities.csv"
    _write_csv(path, n)
    out: dict = {"rows": n, "csv_mb": path.stat().st_size / 1e6, "base_rss_mb": peak_rss_mb()}
    marks: dict[str, float] = {}

    def progress(total, what):
        marks[what] = time.perf_counter()
        return lambda k: None

    start = time.perf_counter()
    report = importer.run_import("entities", path, progress=progress)
    out["import_s"] = time.perf_counter() - start
    assert report.ok and report.created == n, report.errors[:5]
    out["validate_s"] = marks["写入"] - marks["校验"]
    out["write_s"] = out["import_s"] - out["validate_s"]
    out["import_rss_mb"] = peak_rss_mb()
    start = time.perf_counter()
    again = importer.run_import("entities", path)
    out["reimport_s"] = time.perf_counter() - start
    assert again.updated == n
    out["conflicts"] = _conflicts(n, 20_000)
    out["inspectors"] = n_inspectors

    caps = {"A": 40, "B": 30, "C": 20, "D": 10} if quick else \
        {"A": 2000, "B": 1500, "C": 1000, "D": 500}
    rules = {
        "title": "基准测试联合抽查", "agency_ids": [items[1].agency_id],
        "item_ids": [i.pk for i in items], "plan_date": date.today().isoformat(),
        "strata": [{"name": c, "ratio_bp": bp, "min": 0, "max": caps[c]}
                   for c, bp in (("A", 300), ("B", 1000), ("C", 3000), ("D", 10000))],
        "rounding": "ceil", "sources": [{"id": "kl8-bench"}], "team_size": 2,
    }
    plan = plans.create_plan(planner, rules)
    start = time.perf_counter()
    plan = plans.freeze(planner, plan.pk)
    out["freeze_s"] = time.perf_counter() - start
    r_n = hashlib.sha256(b"bench r_N").digest()
    notary_steps.commit(notary, plan.pk, draws.notary_commitment(plan.draw_id, r_n).hex())
    notary_steps.enter_source(planner, plan.pk, "kl8-bench", "1 2 3 5 8 13 21 34",
                          evidence="bench")
    notary_steps.reveal(notary, plan.pk, r_n.hex())
    from fazhi.inspections import drawing

    parts = {"select": 0.0, "teams": 0.0}

    def timed_part(name, fn):
        def run(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                parts[name] += time.perf_counter() - t0
        return run

    team_draw.drawing.select_targets = timed_part("select", drawing.select_targets)
    team_draw.drawing.assign = timed_part("teams", drawing.assign)
    start = time.perf_counter()
    plan = team_draw.draw(planner, plan.pk)
    out["draw_s"] = time.perf_counter() - start
    out["select_s"], out["teams_s"] = parts["select"], parts["teams"]
    team_draw.publish(planner, plan.pk)
    import json

    result = json.loads(plan.result_json)
    out["pool"] = result["commitment"]["records"]
    out["strata"] = ", ".join(f"{s}:{c['records']:,}→{c['selected']}"
                              for s, c in plan.counts.items())
    out["targets"] = len(result["order"])
    out["unassignable"] = len(result["unassignable"])

    bundle = work / "bundle"
    bundle.mkdir()
    for name, data in artefacts.bundle(plan, internal=True).items():
        (bundle / name).write_bytes(data)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-I", str(ROOT / "verifier" /
                                                     "fazhi_verify_inspection.py"),
                           "verify-inspection", "--bundle", str(bundle), "--internal"],
                          capture_output=True, text=True)
    out["verify_s"] = time.perf_counter() - start
    out["verify_rc"] = proc.returncode
    if proc.returncode:
        print(proc.stdout[-2000:], proc.stderr[-2000:])

    out["published"] = _published(n)
    client = Client()
    rng = random.Random(3)
    queries = [_name(random.Random(0), 0)[:8]]  # a broad prefix ("厦门鹭岛贸易") too
    names = [_name(rng, i) for i in range(1000)]
    queries += [nm[:-6] for nm in rng.sample(names, 50)]  # distinctive prefixes
    for q in queries[:WARMUP]:
        client.get("/inspections/results/", {"q": q})
    samples = []
    for k in range(SAMPLES):
        q = queries[k % len(queries)]
        t0 = time.perf_counter()
        response = client.get("/inspections/results/", {"q": q})
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200
    out |= percentiles(samples)
    return out


if __name__ == "__main__":
    _worker(sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1")
