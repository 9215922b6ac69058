"""Dispute resolution at city scale (issue 14, benchmarks): the worker of `python -m bench
petitions`. `python -m bench.petitions_worker build|measure BACKEND [--petitions N]
[--live N] [--live-reconsiderations N] [--reconsiderations N]`.

build (a fresh database: SQLite under FAZHI_BENCH_DIR, PostgreSQL `<bench db>`):
1. the city: the 信访 office (厦门市信访局), six districts each with its government and two
   bureaus (建设, 市场监管), the city government and its reconsideration office (司法局), a
   respondent, staff with e-mail addresses;
2. **live sample through the engine** (`services.receive` / `act`, each action in its own
   transaction, on its simulated day): LIVE petitions over the past year (register →
   transfer → accept → answer → close; one in ten routed at acceptance; the recent ones
   still open) and LIVE_RECONSIDERATIONS reconsiderations (apply → accept → set_track →
   send_copy → file_reply → hear_parties → propose → decide → serve): actions/s;
3. a CSV of PETITIONS historic petitions (a year's mix of categories, districts, routes,
   answers) and `fazhi import petitions` of it in its own process (`python -m
   bench.petitions_worker import`): wall time and peak RSS of that process;
4. the reconsiderations up to RECONSIDERATIONS, written directly (case, owner part, an
   `open` event in the chain) — volume only: no reconsideration importer exists.

measure (on the built database): the 信访 office's inbox (`GET /workspace/`, 200 requests
after 10 warm-ups) and a district government's (its cases through parts), the backlog
page (`GET /workspace/petitions/backlog/`, first and best of 5), the alerts job (first
tick, then a second one that must send nothing), a COUNT(*) baseline, and the same pages
with this work's indexes dropped in a rolled-back transaction ("before"). Prints RESULT.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from bench.synthetic import ROOT, bench_dir, emit

DISTRICTS = [("350203", "思明区", "SM"), ("350206", "湖里区", "HL"), ("350211", "集美区", "JM"),
             ("350205", "海沧区", "HC"), ("350212", "同安区", "TA"), ("350213", "翔安区", "XA")]
# (category, weight, subject templates): the last five are routed by 第三十一条
CATEGORIES = [
    ("城乡建设", 22, ["小区违建影响采光", "老旧小区改造进度", "物业管理纠纷", "道路施工扰民"]),
    ("劳动社保", 14, ["社保缴费年限认定", "拖欠工资未发放", "医保报销比例"]),
    ("国土资源", 10, ["征地补偿标准", "宅基地审批", "土地确权"]),
    ("市场监管", 10, ["商家虚假宣传", "食品安全隐患", "预付卡退费难"]),
    ("卫生健康", 8, ["医疗服务态度", "诊所收费不规范"]),
    ("教育", 8, ["入学学位分配", "校外培训退费"]),
    ("交通运输", 6, ["公交线路调整", "出租车拒载"]),
    ("生态环境", 7, ["夜间噪音扰民", "餐饮油烟排放"]),
    ("涉法涉诉", 5, ["不服法院判决", "案件执行不到位"]),
    ("劳动争议", 3, ["解除劳动合同补偿"]),
    ("行政复议", 3, ["不服罚款决定"]),
    ("举报", 3, ["举报无证经营"]),
    ("党员申诉", 1, ["不服党纪处分"]),
]
BUREAU_OF = {"城乡建设": "JS", "市场监管": "SJ"}
CHANNELS = ["网上信访"] * 5 + ["来信"] * 2 + ["来访"] * 2 + ["来电"]
OPINIONS = ["予以支持", "解释说明", "解释说明", "不予支持"]


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def db_path(n: int) -> Path:
    return bench_dir() / (f"petitions-v1-{n}.sqlite3" if n >= 0 else "petitions-v1-live.sqlite3")


def configure(backend: str, n: int, fresh: bool = False) -> None:
    os.environ.update({"DJANGO_SETTINGS_MODULE": "fazhi.settings", "FAZHI_DEBUG": "0",
                       "FAZHI_VAR_DIR": str(bench_dir())})
    static = bench_dir() / "static"
    static.mkdir(exist_ok=True)
    os.environ["FAZHI_STATIC_ROOT"] = str(static)
    if backend == "postgres":
        url = pg_url() + ("_live" if n < 0 else "")
        if fresh:
            _fresh_pg(url)
        os.environ["FAZHI_DATABASE_URL"] = url
    else:
        os.environ.pop("FAZHI_DATABASE_URL", None)
        path = db_path(n)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["FAZHI_SQLITE_PATH"] = str(path)
    import django

    django.setup()
    from django.conf import settings

    settings.FAZHI_PETITION_ASSIGNMENT = ASSIGNMENT
    if fresh:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def pg_url() -> str:
    from bench.synthetic import postgres_url

    url = postgres_url()
    if not url:
        raise SystemExit("set FAZHI_BENCH_DATABASE_URL for the PostgreSQL run")
    return url


def _fresh_pg(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# the bench's assignment table (FAZHI_PETITION_ASSIGNMENT): building matters and market
# matters to the district's bureau; everything else to the district's government (default)
ASSIGNMENT = [{"district": name, "category": category, "agency": f"XM{code}{bureau}"}
              for _, name, code in DISTRICTS for category, bureau in BUREAU_OF.items()]


# -- the city ---------------------------------------------------------------------------
def city() -> dict:
    from django.contrib.auth.models import User

    from fazhi.org.models import Agency, Region, Staff

    root = Region.objects.create(code="350200", name="厦门市", level="city")
    made: dict = {"staff": {}}

    def agency(code: str, name: str, region, **kw) -> Agency:
        found = Agency.objects.create(code=code, name=name, short_name=name[-8:], region=region,
                                      **kw)
        for role in ("handler", "head"):
            user = User.objects.create(username=f"{code.lower()}_{role}",
                                       email=f"{code.lower()}_{role}@example.org")
            Staff.objects.create(user=user, agency=found, display_name=f"{name}{role}",
                                 roles=[role])
            made["staff"][f"{code}_{role}"] = user.pk
        return found

    made["office"] = agency("XMXFJ", "厦门市信访局", root).pk
    made["city_gov"] = agency("XMSZF", "厦门市人民政府", root, kind="government").pk
    made["legal"] = agency("XMSSFJ", "厦门市司法局", root, is_legal_office=True).pk
    made["respondent"] = agency("XMSJJ", "厦门市市场监督管理局", root).pk
    made["districts"] = {}
    for code, name, short in DISTRICTS:
        region = Region.objects.create(code=code, name=name, level="district", parent=root)
        gov = agency(f"XM{short}", f"厦门市{name}人民政府", region, kind="government")
        for bureau, label in (("JS", "建设与交通局"), ("SJ", "市场监督管理局")):
            agency(f"XM{short}{bureau}", f"厦门市{name}{label}", region)
        made["districts"][name] = gov.pk
    return made


def actor(code: str, role: str):  # noqa: ANN201
    from django.contrib.auth.models import User

    from fazhi.org.actors import Actor

    return Actor.for_user(User.objects.select_related("staff").get(
        username=f"{code.lower()}_{role}"))


# -- the live sample --------------------------------------------------------------------
def live_petitions(n: int, start: date, end: date) -> tuple[int, float, float]:
    from fazhi.org.actors import Actor
    from fazhi.org.models import Agency
    from fazhi.petitions import services

    office = Agency.objects.get(code="XMXFJ")
    clerk = actor("XMXFJ", "handler")
    bodies = [(Agency.objects.get(code=f"XM{short}JS"), actor(f"XM{short}JS", "handler"))
              for _, _, short in DISTRICTS]
    system = Actor.system("办结")
    rng = random.Random(14)
    actions = 0
    wall = cpu = 0.0
    span = (end - start).days
    for k in range(n):
        day = start + timedelta(days=k * span // n)
        body, handler = bodies[k % len(bodies)]
        data = {"petitioner_name": f"林某{k}", "petitioner_id": f"35020{k:013d}",
                "petitioner_contact": "", "subject": f"小区违建影响采光（现场{k}）",
                "request": "请求依法处理", "facts": "邻居加建，遮挡采光。", "channel": "letter"}
        steps = [(day + timedelta(days=1), "transfer", clerk,
                  {"agency_id": body.pk, "mode": "transfer"})]
        if k % 10 == 0:
            steps.append((day + timedelta(days=5), "accept", handler,
                          {"route": "administrative", "routed_to": "向市政府申请行政复议"}))
        else:
            steps.append((day + timedelta(days=5), "accept", handler, {"route": "petition"}))
            served = day + timedelta(days=5 + rng.randint(10, 55))
            steps.append((served, "answer", handler, {
                "opinion": "explain", "findings": "经查属实", "reasons": "依规处理",
                "basis": "《城乡规划法》第六十四条", "served_on": served.isoformat()}))
            steps.append((served + timedelta(days=40), "close", system, {}))
        t0, c0 = time.perf_counter(), time.process_time()
        case = services.receive(office, clerk, data, received_on=day, today=day)
        actions += 1
        for on, action, who, payload in steps:
            if on > end:
                break
            case = services.act(case, action, who, payload, today=on)
            actions += 1
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        if (k + 1) % 1000 == 0:
            print(f"  live petitions {k + 1:,}/{n:,}: {actions / wall:,.0f} actions/s", flush=True)
    return actions, wall, cpu


def live_reconsiderations(n: int, start: date, end: date) -> tuple[int, float, float]:
    from fazhi.org.actors import Actor
    from fazhi.org.models import Agency
    from fazhi.reconsideration import services

    body = Agency.objects.get(code="XMSZF")
    handler, head = actor("XMSSFJ", "handler"), actor("XMSZF", "head")
    respondent = actor("XMSJJ", "handler")
    public = Actor.public()
    actions = 0
    wall = cpu = 0.0
    span = (end - start).days - 40
    for k in range(n):
        day = start + timedelta(days=k * span // n)
        data = {"channel": "online", "applicant_name": f"黄某{k}",
                "applicant_id": f"35020{k:013d}", "applicant_contact": "13800000000",
                "respondent_code": "XMSJJ", "act": "对申请人作出的罚款五千元的行政处罚决定",
                "act_kind": "penalty", "act_no": f"厦市监罚〔{day.year}〕{k + 1}号",
                "act_date": (day - timedelta(days=12)).isoformat(),
                "known_on": (day - timedelta(days=10)).isoformat(), "amount": "5000",
                "request": "撤销该行政处罚决定", "reasons": "事实不清，证据不足"}
        d = lambda n_, day=day: day + timedelta(days=n_)  # noqa: E731
        steps = [(d(2), "accept", handler, {}),
                 (d(3), "set_track", handler, {"track": "ordinary", "clear": True,
                                               "handler_name": "王复议"}),
                 (d(4), "send_copy", handler, {"sent_on": d(3).isoformat(),
                                               "received_on": d(4).isoformat()}),
                 (d(10), "file_reply", respondent, {"reply": "原行政行为事实清楚",
                                                    "evidence": "现场检查笔录等"}),
                 (d(15), "hear_parties", handler, {"way": "phone", "summary": "申请人坚持请求"}),
                 (d(25), "propose", handler, {"kind": "uphold", "content": "维持原行政处罚决定",
                                              "reasons": "事实清楚，证据确凿"}),
                 (d(28), "decide", head, {"decision_no": f"厦府复〔{day.year}〕{k + 1}号"}),
                 (d(30), "serve", handler, {"served_on": d(30).isoformat(), "channel": "direct"})]
        t0, c0 = time.perf_counter(), time.process_time()
        case = services.apply(body, public, data, today=day)
        actions += 1
        for on, action, who, payload in steps:
            case = services.act(case, action, who, payload, today=on)
            actions += 1
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
    return actions, wall, cpu


# -- the historic file ------------------------------------------------------------------
def write_csv(path: Path, n: int, end: date) -> float:
    t0 = time.perf_counter()
    rng = random.Random(2026)
    cats = [c for c in CATEGORIES for _ in range(c[1])]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["登记机关", "收到日期", "信访形式", "信访人", "身份证件号码", "联系方式",
                      "信访事项", "信访请求", "事实和理由", "问题类别", "所在区", "受理日期",
                      "处理意见", "处理意见送达日期"])
        for k in range(n):
            received = end - timedelta(days=1 + k * 364 // n)
            category, _, subjects = cats[rng.randrange(len(cats))]
            district = DISTRICTS[rng.randrange(6)][1]
            accepted = min(received + timedelta(days=rng.randint(0, 14)), end)
            opinion = answered = ""
            # 98 % answered within 10–80 days (when that day has come): the rest are the backlog
            if rng.random() < 0.98 and category not in ("涉法涉诉", "劳动争议", "行政复议", "举报",
                                                         "党员申诉"):
                served = accepted + timedelta(days=rng.randint(10, 80))
                if served <= end:
                    opinion, answered = rng.choice(OPINIONS), served.isoformat()
            out.writerow(["XMXFJ", received.isoformat(), rng.choice(CHANNELS), f"王某{k}",
                          f"350{k:015d}", "", f"{rng.choice(subjects)}（{district}{k}）",
                          "请求有关部门依法处理", "具体情况见来信材料。", category, district,
                          accepted.isoformat(), opinion, answered])
    return time.perf_counter() - t0


def import_in_process(backend: str, n: int, path: str) -> None:
    """`python -m bench.petitions_worker import BACKEND N FILE`: the import alone, so the
    peak RSS is the importer's (with Django's baseline) and nothing else's."""
    configure(backend, n)
    from fazhi.subjects.importer import run_import

    t0 = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):  # where the time goes, to stderr
        import cProfile
        import pstats

        profile = cProfile.Profile()
        report = profile.runcall(run_import, "petitions", path)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    else:
        report = run_import("petitions", path)
    spent = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    emit({"seconds": spent, "cpu": usage.ru_utime + usage.ru_stime, "rows": report.rows, "created": report.created, "ok": report.ok,
          "errors": [str(e) for e in report.errors[:5]],
          "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


# -- reconsideration volume -------------------------------------------------------------
def reconsideration_volume(n: int, end: date) -> float:
    from django.db import connection, transaction

    from fazhi.cases import procedure as registry
    from fazhi.cases.models import Case, Participant
    from fazhi.core.models import Event
    from fazhi.law import ledger
    from fazhi.org.models import Agency
    from fazhi.petitions.importer import _case_ids, _insert

    t0 = time.perf_counter()
    proc = registry.get("reconsideration")
    office = Agency.objects.get(code="XMSSFJ")
    at = "2026-01-01T00:00:00.000000Z"
    sqlite = connection.vendor == "sqlite"
    for first in range(0, n, 10_000):
        size = min(10_000, n - first)
        with transaction.atomic():
            ids = _case_ids(size)
            cases, parts, events = [], [], []
            for k, pk in enumerate(ids, first):
                received = end - timedelta(days=1 + k * 364 // n)
                body = ledger.canonical_payload({"channel": "online", "bulk": True})
                state = ledger.canonical_payload({"state": "closed", "is_open": False,
                                                  "outcome": "upheld"})
                digest = ledger.event_hash("case", pk, 1, "open", "批量数据", at, body, state,
                                           ledger.GENESIS)
                day = received.isoformat() if sqlite else received
                cases.append((pk, proc.code, proc.version, f"XMSSFJ-FY-BULK-{k:07d}", office.pk,
                              "对行政处罚决定不服", "closed", False, "", day,
                              f"{received} 04:00:00" if sqlite else f"{received}T04:00:00Z",
                              None, "upheld", None, False, None, 1, digest))
                parts.append((pk, office.pk, "owner", True, 1))
                events.append(("case", pk, 1, "open", "批量数据", "system", None, at, body, state,
                               ledger.GENESIS, digest))
            from fazhi.petitions.importer import CASE_COLUMNS, EVENT_COLUMNS, PART_COLUMNS

            _insert(Case._meta.db_table, CASE_COLUMNS, cases)
            _insert(Participant._meta.db_table, PART_COLUMNS, parts)
            _insert(Event._meta.db_table, EVENT_COLUMNS, events)
    return time.perf_counter() - t0


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE")
        else:
            cur.execute("ANALYZE")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def live(args) -> None:  # noqa: ANN001
    """The live sample alone, in its own database (`<name>-live`)."""
    configure(args.backend, -1, fresh=True)
    end = today()
    start = end - timedelta(days=365)
    city()
    out: dict = {"backend": args.backend, "load": [os.getloadavg()[0]]}
    pa, pw, pc = live_petitions(args.live, start, end)
    ra, rw, rc = live_reconsiderations(args.live_reconsiderations, start, end)
    out |= {"live_petitions": args.live, "live_petition_actions": pa, "live_petition_s": pw,
            "live_petition_cpu": pc, "live_reconsiderations": args.live_reconsiderations,
            "live_reconsideration_actions": ra, "live_reconsideration_s": rw,
            "live_reconsideration_cpu": rc}
    out["load"].append(os.getloadavg()[0])
    emit(out)


def build(args) -> None:  # noqa: ANN001
    configure(args.backend, args.petitions, fresh=True)
    end = today()
    made = city()
    out: dict = {"backend": args.backend, "load": [os.getloadavg()[0]]}
    path = bench_dir() / f"petitions-{args.petitions}.csv"
    if not path.exists() or path.stat().st_size == 0:
        out["csv_s"] = write_csv(path, args.petitions, end)
    out["csv_mb"] = path.stat().st_size / 1e6
    from django.db import connections

    connections.close_all()
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "bench.petitions_worker", "import",
                           args.backend, str(args.petitions), str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit("import failed")
    import json

    if os.environ.get("BENCH_PROFILE"):
        print(proc.stderr[-12000:])
    out["import"] = json.loads(line[7:])
    out["reconsideration_bulk"] = args.reconsiderations
    out["reconsideration_bulk_s"] = reconsideration_volume(out["reconsideration_bulk"], end)
    t0 = time.perf_counter()
    analyze()
    out["analyze_s"] = time.perf_counter() - t0
    out["made"] = made
    out["load"].append(os.getloadavg()[0])
    emit(out)


# -- measurements -----------------------------------------------------------------------
SAMPLES, WARMUP = 200, 10


def _client(code: str):  # noqa: ANN202
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=f"{code.lower()}_handler"))
    return client


def _pages(url: str, client, samples: int = SAMPLES) -> dict:  # noqa: ANN001
    from bench.common import percentiles

    for _ in range(WARMUP):
        assert client.get(url).status_code == 200
    spent = []
    for _ in range(samples):
        t0 = time.perf_counter()
        response = client.get(url)
        spent.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    return percentiles(spent) | {"max_ms": max(spent) * 1000}


def _first_best(url: str, client) -> dict:  # noqa: ANN001
    runs = []
    for _ in range(6):
        t0 = time.perf_counter()
        response = client.get(url)
        runs.append(time.perf_counter() - t0)
        assert response.status_code == 200
    return {"first_ms": runs[0] * 1000, "best_ms": min(runs[1:]) * 1000,
            "bytes": len(response.content)}


# this work's index, dropped for the "before" figures (the subquery then reads every part)
BEFORE_INDEXES: list[str] = ["participant_shared"]


def measure(args) -> None:  # noqa: ANN001
    configure(args.backend, args.petitions)
    from django.core.management import call_command
    from django.db import connection, transaction

    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)  # a database built by older code
    migrate_s = time.perf_counter() - t0

    from fazhi.cases.models import Case
    from fazhi.petitions import jobs

    out: dict = {"backend": args.backend, "load": [os.getloadavg()[0]], "migrate_s": migrate_s}
    end = today()
    office, district = _client("XMXFJ"), _client("XMSM")
    cases = Case.objects.filter(procedure="petition")
    out["petitions"] = cases.count()
    out["reconsiderations"] = Case.objects.filter(procedure="reconsideration").count()
    out["open"] = cases.filter(is_open=True).count()
    out["backlog"] = cases.filter(is_open=True, due_on__lt=end).count()
    out["office_open"] = Case.objects.filter(agency__code="XMXFJ", is_open=True).count()
    t0 = time.perf_counter()
    Case.objects.count()
    out["count_ms"] = (time.perf_counter() - t0) * 1000
    out["inbox_office"] = _pages("/workspace/", office)
    out["inbox_district"] = _pages("/workspace/", district)
    out["backlog_office"] = _first_best("/workspace/petitions/backlog/", office)
    out["backlog_district"] = _first_best("/workspace/petitions/backlog/", district)
    t0 = time.perf_counter()
    with transaction.atomic():
        first = jobs.alert(end)
        out["alerts_first"] = {"queued": first, "ms": (time.perf_counter() - t0) * 1000}
        t0 = time.perf_counter()
        second = jobs.alert(end)
        out["alerts_second"] = {"queued": second, "ms": (time.perf_counter() - t0) * 1000}
        transaction.set_rollback(True)
    if BEFORE_INDEXES:
        with transaction.atomic():
            with connection.cursor() as cur:
                for name in BEFORE_INDEXES:
                    cur.execute(f"DROP INDEX {name}")
            out["before_inbox_office"] = _pages("/workspace/", office, 50)
            out["before_backlog_office"] = _first_best("/workspace/petitions/backlog/", office)
            transaction.set_rollback(True)
    out["load"].append(os.getloadavg()[0])
    emit(out)


def release(args) -> None:  # noqa: ANN001
    """A database imported before the competent part was released at the end of a matter:
    the parts set as the importer now writes them (one UPDATE), then ANALYZE."""
    configure(args.backend, args.petitions)
    from django.db import connection, transaction

    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE cases_participant SET active = %s WHERE role = 'competent' AND active "
                    "AND case_id IN (SELECT id FROM cases_case WHERE procedure = 'petition' "
                    "AND NOT is_open)", [False])
        changed = cur.rowcount
    analyze()
    emit({"released": changed, "seconds": time.perf_counter() - t0})


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.petitions_worker")
    parser.add_argument("what", choices=["live", "build", "measure", "import", "release"])
    parser.add_argument("backend", choices=["sqlite", "postgres"])
    parser.add_argument("rest", nargs="*")
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--live", type=int, default=20_000)
    parser.add_argument("--live-reconsiderations", type=int, default=2_000)
    parser.add_argument("--reconsiderations", type=int, default=100_000)
    args = parser.parse_args()
    if args.what == "import":
        import_in_process(args.backend, int(args.rest[0]), args.rest[1])
    else:
        {"build": build, "measure": measure, "live": live, "release": release}[args.what](args)


if __name__ == "__main__":
    main()
