"""Bulk synthetic data for benchmarks, and a bench process's own database.

This is the one place that writes case rows without the engine: millions of cases and
events are inserted directly (COPY on PostgreSQL, executemany in big transactions on
SQLite), with real hash chains computed by `fazhi.law.ledger`, so the ledger verifier
sees a valid ledger and the inbox queries see realistic rows. Data sets are cached by
size (SQLite files under FAZHI_BENCH_DIR, a `fazhi_bench` PostgreSQL database) and reused
by the inbox and ledger benches; a marker row says a data set is complete.

Each bench worker runs in its own process: `configure(backend)` points Django at the
bench database before `django.setup()`.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "synthetic-v3"  # v3: one history table (core_event) with the state each event
# produced; a stopped clock has a bound, so a due date (v2)
SIZES = {True: (50_000, 500_000), False: (1_000_000, 10_000_000)}  # quick → (cases, events)
AGENCIES = 300
TODAY = date.today()  # recorded in the marker; a cached data set keeps its generation day
CHUNK_CASES = 5_000
ACTIONS = ["open", "request_correction", "submit_correction", "consult", "record_consultation",
           "extend", "fee_notice", "fee_paid", "reply", "serve"]


def bench_dir() -> Path:
    path = Path(os.environ.get("FAZHI_BENCH_DIR", Path(tempfile.gettempdir()) / "fazhi-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def postgres_url() -> str | None:
    """FAZHI_BENCH_DATABASE_URL, or FAZHI_TEST_DATABASE_URL's server with a `fazhi_bench` db."""
    url = os.environ.get("FAZHI_BENCH_DATABASE_URL")
    if url:
        return url
    test = os.environ.get("FAZHI_TEST_DATABASE_URL")
    if not test:
        return None
    base, _, _ = test.rpartition("/")
    return f"{base}/fazhi_bench"


def backends() -> list[str]:
    return ["sqlite", "postgres"] if postgres_url() else ["sqlite"]


def sqlite_path(cases: int, events: int) -> Path:
    return bench_dir() / f"{VERSION}-{cases}-{events}.sqlite3"


def configure(backend: str, sqlite_file: Path | None = None) -> None:
    """Point this process's Django at the bench database, set it up and migrate it."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    os.environ["FAZHI_DEBUG"] = "0"  # no query log, production-like templates
    os.environ["FAZHI_VAR_DIR"] = str(bench_dir())
    static = bench_dir() / "static"  # whitenoise warns when STATIC_ROOT is missing
    static.mkdir(exist_ok=True)
    os.environ["FAZHI_STATIC_ROOT"] = str(static)
    if backend == "postgres":
        url = postgres_url()
        if not url:
            raise SystemExit("PostgreSQL bench needs FAZHI_BENCH_DATABASE_URL or "
                             "FAZHI_TEST_DATABASE_URL")
        _create_pg_database(url)
        os.environ["FAZHI_DATABASE_URL"] = url
    else:
        os.environ.pop("FAZHI_DATABASE_URL", None)
        os.environ["FAZHI_SQLITE_PATH"] = str(sqlite_file)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _create_pg_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# ---------------------------------------------------------------------------------
# Markers: a data set is complete only when its marker row exists.


def _marker_table() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS fazhi_bench_meta "
                    "(name VARCHAR(100) PRIMARY KEY, value TEXT NOT NULL)")


def marker() -> dict | None:
    from django.db import connection

    _marker_table()
    with connection.cursor() as cur:
        cur.execute("SELECT value FROM fazhi_bench_meta WHERE name = %s", [VERSION])
        row = cur.fetchone()
    return json.loads(row[0]) if row else None


def _set_marker(value: dict) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM fazhi_bench_meta WHERE name = %s", [VERSION])
        cur.execute("INSERT INTO fazhi_bench_meta (name, value) VALUES (%s, %s)",
                    [VERSION, json.dumps(value)])


def ensure(cases: int, events: int) -> dict:
    """The data set of this size in the configured database: reused, or (re)generated."""
    found = marker()
    if found and found["cases"] == cases and found["events"] == events:
        return found | {"reused": True}
    _wipe()
    return generate(cases, events) | {"reused": False}


def _wipe() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    _marker_table()


# ---------------------------------------------------------------------------------
# Generation


def generate(cases: int, events: int, seed: int = 20200101) -> dict:
    """Insert regions, AGENCIES agencies, one handler, `cases` cases and `events` events."""
    from django.db import connection

    started = time.perf_counter()
    rng = random.Random(seed)
    agency_ids, handler = _org(rng)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(agency_ids))]  # a busy head, long tail
    writer = _PgWriter() if connection.vendor == "postgresql" else _SqliteWriter()
    counts = _event_counts(rng, cases, events)
    done = 0
    for first in range(0, cases, CHUNK_CASES):
        ids = range(first + 1, min(first + CHUNK_CASES, cases) + 1)
        case_rows, event_rows, extra = _chunk(rng, ids, counts, agency_ids, weights)
        writer.write(case_rows, event_rows, extra)
        done += len(ids)
        if done % (CHUNK_CASES * 20) == 0 or done == cases:
            print(f"  generated {done:,}/{cases:,} cases "
                  f"({time.perf_counter() - started:,.0f} s)", flush=True)
    writer.finish()
    info = {"cases": cases, "events": events, "agencies": len(agency_ids),
            "handler": handler, "today": TODAY.isoformat(),
            "seconds": round(time.perf_counter() - started, 1)}
    _set_marker(info)
    return info


def _org(rng: random.Random) -> tuple[list[int], str]:
    from django.contrib.auth.models import User

    from fazhi.org import demo_city as C
    from fazhi.org.models import Agency, Region, Staff

    city = Region.objects.create(code=C.CITY[0], name=C.CITY[1], level="city")
    districts = [Region.objects.create(code=code, name=name, level="district", parent=city)
                 for code, name in C.DISTRICTS]
    specs = [(s.code, s.name, s.short_name, city) for s in C.ALL_AGENCIES]
    n = 0
    while len(specs) < AGENCIES:
        district = districts[n % len(districts)]
        dept = C.DEPARTMENTS[(n // len(districts)) % len(C.DEPARTMENTS)]
        suffix = dept.name.removeprefix("厦门市")
        round_ = n // (len(districts) * len(C.DEPARTMENTS))
        name = f"厦门市{district.name}{suffix}" + (f"第{round_ + 1}分局" if round_ else "")
        specs.append((f"B{n:04d}", name, f"{district.name}{dept.short_name[1:]}"[:20], district))
        n += 1
    agencies = Agency.objects.bulk_create([
        Agency(code=code, name=name, short_name=short, region=region)
        for code, name, short, region in specs[:AGENCIES]])
    ordered = [a.pk for a in agencies]
    rng.shuffle(ordered)  # which agency is busiest is arbitrary
    user = User.objects.create_user("bench_handler", password="bench-handler-123456")
    Staff.objects.create(user=user, agency_id=ordered[0], display_name="压测承办人",
                         roles=["handler"])
    return ordered, user.username


def _event_counts(rng: random.Random, cases: int, events: int) -> list[int]:
    """Events per case: mean events/cases, spread by moving events between neighbours."""
    base, extra = divmod(events, cases)
    counts = [base + (1 if i < extra else 0) for i in range(cases)]
    for i in range(0, cases - 1, 2):
        shift = rng.randint(0, max(0, min(counts[i], counts[i + 1]) - 1))
        sign = 1 if rng.random() < 0.5 else -1
        counts[i] += sign * shift
        counts[i + 1] -= sign * shift
    return counts


def _chunk(rng: random.Random, ids: range, counts: list[int], agency_ids: list[int],
           weights: list[float]) -> tuple[list[tuple], list[tuple], list]:
    """Cases and their events; events interleaved across the chunk as real days are. Each
    case's newest event records the state the case row holds, as the engine's would."""
    from fazhi.law.ledger import canonical_payload, event_hash

    agencies = rng.choices(agency_ids, weights, k=len(ids))
    heads: dict[int, str] = {}
    dates: dict[int, date] = {}
    for case_id in ids:
        dates[case_id] = TODAY - timedelta(days=int(rng.random() ** 1.3 * 3650))
    fates = {case_id: _fate(rng, dates[case_id]) for case_id in ids}
    payload = canonical_payload({"note": "合成数据", "by": "bench"})
    event_rows: list[tuple] = []
    deepest = max(counts[i - 1] for i in ids)
    for seq in range(1, deepest + 1):
        action = ACTIONS[(seq - 1) % len(ACTIONS)] if seq > 1 else "open"
        for case_id in ids:
            if seq > counts[case_id - 1]:
                continue
            at = f"{dates[case_id] + timedelta(days=seq // 3)}T0{seq % 10}:00:00.000000Z"
            prev = heads.get(case_id, "0" * 64)
            state = fates[case_id].state if seq == counts[case_id - 1] else INTERIM
            digest = event_hash("case", case_id, seq, action, "压测承办人", at, payload, state,
                                prev)
            heads[case_id] = digest
            event_rows.append(("case", case_id, seq, action, "压测承办人", "staff", None, at,
                               payload, state, prev, digest))
    case_rows = [_case_row(rng, case_id, agency, dates[case_id], fates[case_id],
                           counts[case_id - 1], heads[case_id])
                 for case_id, agency in zip(ids, agencies, strict=True)]
    return case_rows, event_rows, [row for row in case_rows if row[7]]


@dataclass(frozen=True)
class Fate:
    """Where a synthetic case stands: open or closed, its state and its due fields."""

    is_open: bool
    state_code: str
    outcome: str
    due: date | None
    provisional: bool

    @property
    def state(self) -> str:
        from fazhi.law.ledger import canonical_payload

        return canonical_payload({"state": self.state_code, "is_open": self.is_open,
                                  "outcome": self.outcome})


INTERIM = '{"is_open":true,"outcome":"","state":"processing"}'


def _fate(rng: random.Random, received: date) -> Fate:
    age = (TODAY - received).days
    is_open = rng.random() < (0.9 if age <= 40 else 0.002)  # recent ones pending, a few stale
    consulting = is_open and rng.random() >= 0.93  # stopped to its bound: still dated
    if not is_open:
        return Fate(False, "closed", "A2", None, False)
    return Fate(True, "consulting" if consulting else "processing", "",
                *_reply_due(received, consulting))


def _stops(received: date, consulting: bool) -> list[dict]:
    """A consultation's stop from the receipt day, open, bounded by the third party's term."""
    if not consulting:
        return []
    return [{"start": received.isoformat(), "end": None, "reason": "征求第三方意见",
             "bound": (received + timedelta(days=21)).isoformat(),
             "bound_reason": "第三方答复期限届满"}]


@cache
def _reply_due(received: date, consulting: bool) -> tuple[date, bool]:
    """The reply clock's due date as the engine computes it (evaluate_clock)."""
    from fazhi.cases import procedure as registry
    from fazhi.cases.clocks import evaluate_clock
    from fazhi.cases.models import Clock

    clock = Clock(code="disclosure.reply", started_on=received,
                  stops=_stops(received, consulting), extended=False)
    evaluate_clock(clock, registry.get("disclosure", "2019"), TODAY)
    return clock.due_on, clock.provisional


def _write_details(open_cases: list[tuple]) -> None:
    """Request details and the reply clock of open cases, for pages that show them."""
    from fazhi.cases.models import Clock
    from fazhi.disclosure.models import DisclosureRequest

    DisclosureRequest.objects.bulk_create([DisclosureRequest(
        case_id=row[0], applicant_type="natural", applicant_name="合成申请人",
        id_number="350203199001011234", phone="13900000000", channel="online",
        description=row[5], form="electronic", delivery="online") for row in open_cases])
    Clock.objects.bulk_create([Clock(
        case_id=row[0], code="disclosure.reply", started_on=date.fromisoformat(row[9]),
        due_on=date.fromisoformat(row[13]), paused=row[6] == "consulting",
        provisional=row[14], stops=_stops(date.fromisoformat(row[9]), row[6] == "consulting"),
        explanation="合成数据：自收到申请之日起20个工作日（《政府信息公开条例》第三十三条第二款）")
        for row in open_cases])


CASE_COLUMNS = ("id", "procedure", "procedure_version", "number", "agency_id", "title", "state",
                "is_open", "applicant_name", "received_on", "opened_at", "closed_at", "outcome",
                "due_on", "due_provisional", "receipt_code", "event_count", "head_hash")
EVENT_COLUMNS = ("kind", "owner_id", "seq", "action", "actor", "actor_kind", "actor_user_id",
                 "at", "payload", "state", "prev_hash", "hash")
RECEIPT = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TITLES = ["2025年度行政处罚案件统计数据", "某地块征收补偿安置方案", "道路拓宽工程立项批复",
          "建设工程规划许可证及附图", "部门预算和决算公开说明", "环境影响评价审批意见"]


def _case_row(rng: random.Random, case_id: int, agency: int, received: date, fate: Fate,
              count: int, head: str) -> tuple:
    opened = f"{received}T01:00:00+00:00"
    code = "".join(rng.choice(RECEIPT) for _ in range(16))
    return (case_id, "disclosure", "2019", f"SYN-GK-{received.year}-{case_id:07d}", agency,
            rng.choice(TITLES), fate.state_code, fate.is_open, "合成申请人", received.isoformat(),
            opened, None if fate.is_open else f"{received + timedelta(days=20)}T08:00:00+00:00",
            fate.outcome, fate.due.isoformat() if fate.due else None, fate.provisional,
            "-".join(code[i:i + 4] for i in range(0, 16, 4)), count, head)


class _SqliteWriter:
    def __init__(self) -> None:
        from django.db import connection

        connection.ensure_connection()
        self.conn = connection.connection  # the raw sqlite3 connection (autocommit)
        for pragma in ("synchronous=OFF", "foreign_keys=OFF", "cache_size=-400000"):
            self.conn.execute(f"PRAGMA {pragma}")

    def write(self, cases: list[tuple], events: list[tuple], extra: list) -> None:
        marks = ", ".join("?" * len(CASE_COLUMNS))
        emarks = ", ".join("?" * len(EVENT_COLUMNS))
        self.conn.execute("BEGIN IMMEDIATE")  # one transaction per chunk
        self.conn.executemany(f"INSERT INTO cases_case ({', '.join(CASE_COLUMNS)}) "
                              f"VALUES ({marks})", cases)
        self.conn.executemany(f"INSERT INTO core_event ({', '.join(EVENT_COLUMNS)}) "
                              f"VALUES ({emarks})", events)
        self.conn.execute("COMMIT")
        _write_details(extra)

    def finish(self) -> None:
        self.conn.execute("ANALYZE")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for pragma in ("synchronous=NORMAL", "foreign_keys=ON"):
            self.conn.execute(f"PRAGMA {pragma}")


class _PgWriter:
    def __init__(self) -> None:
        from django.db import connection

        connection.ensure_connection()
        self.conn = connection.connection  # the raw psycopg connection

    def write(self, cases: list[tuple], events: list[tuple], extra: list) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            with cur.copy(f"COPY cases_case ({', '.join(CASE_COLUMNS)}) FROM STDIN") as copy:
                for row in cases:
                    copy.write_row(row)
            with cur.copy(f"COPY core_event ({', '.join(EVENT_COLUMNS)}) "
                          "FROM STDIN") as copy:
                for row in events:
                    copy.write_row(row)
        _write_details(extra)

    def finish(self) -> None:
        with self.conn.cursor() as cur:
            for table in ("cases_case", "core_event"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
        self.conn.commit()
        old = self.conn.autocommit
        self.conn.autocommit = True
        self.conn.execute("VACUUM ANALYZE cases_case")
        self.conn.execute("VACUUM ANALYZE core_event")
        self.conn.autocommit = old


# ---------------------------------------------------------------------------------
# Worker processes


def run_worker(module: str, *args: str) -> dict:
    """Run `python -m <module> <args>` from the repository root; return its RESULT json.
    Its other output (progress) is passed through."""
    proc = subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    result: dict = {}
    for line in _lines(proc):
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0:
        raise SystemExit(f"bench worker {module} {' '.join(args)} failed ({proc.returncode})")
    return result


def _lines(proc: subprocess.Popen) -> Iterator[str]:
    assert proc.stdout is not None
    yield from proc.stdout


def emit(result: dict) -> None:
    print("RESULT " + json.dumps(result), flush=True)
