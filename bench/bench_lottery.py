"""Lottery registration surge: throughput and integrity on gunicorn + PostgreSQL (and SQLite).

Per backend, a worker process builds a throwaway database (PostgreSQL: `fazhi_bench_lottery`
on 127.0.0.1:5432, created and dropped here; SQLite: a temp file in WAL mode), migrates it,
announces an open lottery through `lottery.rounds`, starts gunicorn (gthread workers) with
the lottery throttles relaxed through FAZHI_THROTTLE_LOTTERY_*, and drives N registrations
from a pool of client processes over http.client on loopback, like browsers: each client
GETs the form once and reuses the CSRF cookie and token for all its POSTs. About 10% of the
entries are a second registration of a person already registered (new phone, name and pool),
sent by the same client later with the application code it was given (the proof of
ownership a change needs), so "the last entry prevails" can be checked.

Afterwards the database is compared with what the clients were told:
- lost: a person told "registered" (2xx with a code) who has no row;
- duplicate: more than one row per person, two rows with one code, or rows of nobody sent;
- half-written: a row with a missing field, a wrong ID tail, or a mix of two submissions;
- code changed: the stored code differs from one a client was told;
- not last: a person's row does not hold their last confirmed submission.
gunicorn is stopped and the database dropped at the end, also on failure.
Nothing here asserts on time; the integrity counts must be 0.
"""

import http.client
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

from bench.common import percentiles, table
from bench.synthetic import ROOT, emit, run_worker

PG_SERVER = os.environ.get("FAZHI_BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
PG_NAME = "fazhi_bench_lottery"
BACKENDS = ("postgres", "sqlite")
SIZES = {True: (500, 8), False: (5_000, 16)}  # registrations, client processes
TIME_LIMIT_S = {True: 240, False: 1_200}  # the surge stops sending after this
WORKERS, THREADS = 3, 4  # gunicorn gthread: 12 requests in flight at most
RELAXED = "100000000/h"  # all clients share 127.0.0.1: the per-IP limit must not bite
REQUEST_TIMEOUT_S = 60
CODE = re.compile(r'class="receipt-code">([0-9A-Z]{12})<')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INTEGRITY = ("lost", "duplicate", "half_written", "code_changed", "not_last")


def main(quick: bool) -> None:
    for backend in BACKENDS:
        if backend == "postgres" and not _pg_reachable():
            print(f"\n== lottery registration surge on PostgreSQL: skipped, no server at "
                  f"{PG_SERVER} (set FAZHI_BENCH_PG_SERVER)")
            continue
        try:
            r = run_worker("bench.bench_lottery", backend, "--quick" if quick else "--full")
        finally:
            if backend == "postgres":
                _drop_pg()  # the worker drops it too; this covers a worker that died
        _report(backend, r)


def _report(backend: str, r: dict) -> None:
    server = "PostgreSQL 15" if backend == "postgres" else "SQLite (WAL, file)"
    rows = [
        ("registrations sent", f"{r['sent']:,} of {r['planned']:,} planned "
                               f"({r['repeats']:,} repeats of a registered person)"),
        ("told registered (2xx)", f"{r['ok']:,}  ({r['replaced']:,} reported as an update)"),
        ("refused", ", ".join(f"{k}: {v}" for k, v in sorted(r["refused"].items())) or "none"),
        ("surge wall time", f"{r['seconds']:.1f} s"),
        ("throughput", f"{r['rate']:,.0f} registrations/s"),
        ("latency p50 / p99", f"{r['p50_ms']:.0f} ms / {r['p99_ms']:.0f} ms"),
        ("rows in database", f"{r['rows']:,} for {r['persons_ok']:,} confirmed persons"),
        ("stored without a confirmation", str(r["unconfirmed_stored"])),
    ]
    rows += [(f"check {name}", f"{name}={r[name]}  {'ok' if r[name] == 0 else 'FAILED'}")
             for name in INTEGRITY]
    table(f"lottery registration surge on {server}: gunicorn {WORKERS} gthread workers × "
          f"{THREADS} threads, {r['clients']} client processes", rows)
    print(f"  setup: migrate {r['migrate_s']:.0f} s")


# -- the worker: one backend, in its own process ------------------------------------------


def _worker(backend: str, quick: bool) -> None:
    n, clients = SIZES[quick]
    _progress(f"{backend}: creating a throwaway database")
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-lottery-"))
    server = None
    try:
        env, migrate_s = _configure(backend, tmp)
        lot_pk = _open_lottery()
        server, port = _start_gunicorn(env, tmp)
        _progress(f"{backend}: gunicorn up, sending {n:,} registrations")
        plan = _plan(n, clients)
        surge = _surge(port, lot_pk, plan, time.time() + TIME_LIMIT_S[quick])
        _progress(f"{backend}: surge done, auditing")
        audit = _audit(lot_pk, surge.pop("records"), n - n // 10)
        emit({**surge, **audit, "planned": n, "clients": clients, "migrate_s": migrate_s})
    finally:
        _stop(server)
        _progress(f"{backend}: gunicorn stopped, cleaning up")
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if backend == "postgres":
            _drop_pg()
        shutil.rmtree(tmp, ignore_errors=True)
        _progress(f"{backend}: database dropped")


_STARTED = time.monotonic()


def _progress(text: str) -> None:
    print(f"  [+{time.monotonic() - _STARTED:4.0f} s] {text}", flush=True)


def _pg_url(name: str) -> str:
    return f"{PG_SERVER}/{name}"


def _pg_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(_pg_url("postgres"), connect_timeout=5).close()
    except psycopg.Error:
        return False
    return True


def _drop_pg() -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_pg_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(PG_NAME)))


def _configure(backend: str, tmp: Path) -> tuple[dict, float]:
    """Environment shared by this process and gunicorn; Django set up and migrated."""
    static = tmp / "static"
    static.mkdir()
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "fazhi.settings", "FAZHI_DEBUG": "0",
        "FAZHI_VAR_DIR": str(tmp), "FAZHI_STATIC_ROOT": str(static),
        "FAZHI_THROTTLE_LOTTERY_IP": RELAXED, "FAZHI_THROTTLE_LOTTERY_PERSON": RELAXED,
        "FAZHI_THROTTLE_LOTTERY_LOOKUP": RELAXED,
        # Each new entry texts its code through the outbox: the row is written in the
        # registration's transaction and delivered after commit; an in-memory sender
        # stands in for the SMS gateway (and keeps gunicorn's output quiet).
        "FAZHI_NOTIFY_SMS": "fazhi.notifications.senders.MemorySender"})
    if backend == "postgres":
        import psycopg
        from psycopg import sql

        _drop_pg()
        with psycopg.connect(_pg_url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(PG_NAME)))
        os.environ["FAZHI_DATABASE_URL"] = _pg_url(PG_NAME)
        os.environ.pop("FAZHI_SQLITE_PATH", None)
    else:
        os.environ.pop("FAZHI_DATABASE_URL", None)
        os.environ["FAZHI_SQLITE_PATH"] = str(tmp / "lottery.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    _progress(f"{backend}: migrating a fresh database")
    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    return dict(os.environ), time.perf_counter() - t0


def _open_lottery() -> int:
    """An organiser and an open lottery with two pools, through the services."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from fazhi.lottery import rounds
    from fazhi.org.actors import Actor
    from fazhi.org.models import Agency, Region, Staff

    city = Region.objects.create(code="350200", name="厦门市", level="city")
    agency = Agency.objects.create(code="XMSFJ", name="厦门市司法局", short_name="市司法局",
                                   region=city)
    office = Agency.objects.create(code="XMLJGZC", name="厦门市鹭江公证处", short_name="鹭江公证处",
                                   region=city, kind="other")
    user = User.objects.create_user("benchadmin", password="bench-admin-123456")
    Staff.objects.create(user=user, agency=agency, display_name="压测管理", roles=["admin"])
    now = timezone.now()
    lot = rounds.announce(Actor.for_user(User.objects.get(pk=user.pk)), {
        "title": "压测：口罩预约摇号", "rules": "每人限登记一次，以最后一次登记为准。",
        "eligibility_text": "厦门市居民，年满 18 周岁。", "min_age": 18, "id_prefixes": ["3502"],
        "pools": [{"name": "individual", "label": "个人", "quota": 10, "alternates": 5},
                  {"name": "family", "label": "家庭", "quota": 10, "alternates": 5}],
        "sources": [{"id": "kl8-{date}", "fallbacks": [], "description": "福彩快乐8"}],
        "registration_opens_at": now - timedelta(hours=1), "freeze_at": now + timedelta(days=1),
        "draw_at": now + timedelta(days=2), "notary_agency_id": office.pk})
    assert lot.state == lot.OPEN
    return lot.pk


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_gunicorn(env: dict, tmp: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "fazhi.wsgi:application", "--workers", str(WORKERS),
         "--worker-class", "gthread", "--threads", str(THREADS), "--bind", f"127.0.0.1:{port}",
         "--timeout", "120", "--log-level", "warning", "--worker-tmp-dir", str(tmp)],
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(300):
        try:
            if _request(port, "GET", "/lottery/")[0] == 200:
                return server, port
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        time.sleep(0.1)
    _stop(server)
    raise SystemExit("gunicorn did not answer within 30 s")


def _stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # its own session: only gunicorn and its workers
        server.wait(timeout=10)


# -- who registers: persons, repeats and the clients' task lists --------------------------


def person(i: int, repeat: bool = False) -> dict:
    """Person i's submission; the repeat changes name, phone and pool (same ID number)."""
    from fazhi.lottery.eligibility import id_check_digit

    born = date(1960, 1, 1) + timedelta(days=i // 1000)  # adults; 1,000 sequence numbers a day
    first17 = f"350203{born:%Y%m%d}{i % 1000:03d}"
    pools = ("individual", "family")
    return {"name": f"压测{i}号" + ("乙" if repeat else ""), "id_number": first17 +
            id_check_digit(first17), "phone": f"{137 if repeat else 139}{i:08d}",
            "pool": pools[(i + repeat) % 2]}


def _plan(n: int, clients: int) -> list[list[tuple[int, bool]]]:
    """Per client: (person, is_repeat) in sending order; a repeat after its first entry."""
    repeats = n // 10
    persons = n - repeats
    rng = random.Random(20200131)
    again = set(rng.sample(range(persons), repeats))
    plan: list[list[tuple[int, bool]]] = [[] for _ in range(clients)]
    for i in range(persons):
        plan[i % clients].append((i, False))
    for tasks in plan:
        for i in [p for p, _ in tasks if p in again]:
            first = tasks.index((i, False))
            tasks.insert(rng.randint(first + 1, len(tasks)), (i, True))
    return plan


# -- the clients --------------------------------------------------------------------------


def _request(port: int, method: str, url: str, body: bytes = b"",
             headers: dict | None = None) -> tuple[int, str, list[tuple[str, str]]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request(method, url, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return (response.status, response.read().decode("utf-8", "replace"),
                response.getheaders())
    finally:
        conn.close()


def _client(job: tuple[int, int, list[tuple[int, bool]], float]) -> list[tuple]:
    """One browser-like user stream: GET the form once, then POST each entry in order.

    Returns (person, repeat, status, code, replaced, latency_s) per entry sent."""
    port, lot_pk, tasks, deadline = job
    url = f"/lottery/{lot_pk}/register/"
    status, html, headers = _request(port, "GET", url)
    cookie = next(v.split(";", 1)[0] for k, v in headers
                  if k.lower() == "set-cookie" and v.startswith("csrftoken="))
    token = TOKEN.search(html).group(1)
    out = []
    codes: dict[int, str] = {}  # the code each person was given, proof for their repeat
    for i, repeat in tasks:
        if time.time() > deadline:
            break
        proof = {"code": codes.get(i, "")} if repeat else {}
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "agree": "on",
                                       **person(i, repeat), **proof}).encode()
        t0 = time.perf_counter()
        try:
            status, html, _ = _request(port, "POST", url, body, {
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                "Referer": f"http://127.0.0.1:{port}{url}"})
        except OSError:
            status, html = 0, ""  # no answer: the client does not know the outcome
        latency = time.perf_counter() - t0
        found = CODE.search(html) if 200 <= status < 300 else None
        updated = 200 <= status < 300 and "登记已更新" in html
        # An update never shows the code again: it is the one the client proved with.
        code = found.group(1) if found else (proof.get("code") if updated else None)
        if found:
            codes[i] = code
        out.append((i, repeat, status, code or None, updated, latency))
    return out


def _surge(port: int, lot_pk: int, plan: list, deadline: float) -> dict:
    from django.db import connections

    connections.close_all()  # no database connection may cross the fork
    ctx = multiprocessing.get_context("fork")
    jobs = [(port, lot_pk, tasks, deadline) for tasks in plan]
    t0 = time.perf_counter()
    with ctx.Pool(len(jobs)) as pool:
        per_client = pool.map(_client, jobs, chunksize=1)
    seconds = time.perf_counter() - t0
    records = [r for client in per_client for r in client]
    ok = [r for r in records if r[3]]
    refused: dict[str, int] = {}
    for r in records:
        if not r[3]:
            refused[str(r[2] or "no answer")] = refused.get(str(r[2] or "no answer"), 0) + 1
    return {"records": records, "sent": len(records), "ok": len(ok), "seconds": seconds,
            "rate": len(ok) / seconds, "refused": refused,
            "repeats": sum(1 for r in records if r[1]),
            "replaced": sum(1 for r in ok if r[4]),
            **percentiles([r[5] for r in records])}


# -- the audit: the database against what the clients were told ---------------------------


def _audit(lot_pk: int, records: list[tuple], persons: int) -> dict:
    from fazhi.lottery.eligibility import person_key
    from fazhi.lottery.models import Registration

    keys = {person_key(person(i)["id_number"]): i for i in range(persons)}
    rows: dict[int, list[dict]] = {}
    strangers = 0
    stored = list(Registration.objects.filter(lottery_id=lot_pk).values(
        "person_key", "code", "name", "phone", "pool", "id_tail"))
    for row in stored:
        if row["person_key"] in keys:
            rows.setdefault(keys[row["person_key"]], []).append(row)
        else:
            strangers += 1
    told: dict[int, list[tuple]] = {}
    for r in records:  # one client per person: this is the order it sent them in
        told.setdefault(r[0], []).append(r)
    counts = dict.fromkeys(INTEGRITY, 0)
    counts["duplicate"] = strangers + len(stored) - len({row["code"] for row in stored})
    confirmed, unconfirmed = 0, 0
    for i in range(persons):
        mine, answers = rows.get(i, []), told.get(i, [])
        counts["duplicate"] += max(0, len(mine) - 1)
        oks = [a for a in answers if a[3]]
        confirmed += bool(oks)
        if not mine:
            counts["lost"] += bool(oks)
            continue
        unconfirmed += not oks
        row = mine[0]
        sent = [person(i, a[1]) for a in answers]
        triple = (row["name"], row["phone"], row["pool"])
        whole = all(row[k] for k in ("code", "name", "phone", "pool", "id_tail"))
        if (not whole or row["id_tail"] != person(i)["id_number"][-4:]
                or triple not in {(s["name"], s["phone"], s["pool"]) for s in sent}):
            counts["half_written"] += 1
        if any(a[3] != row["code"] for a in oks):
            counts["code_changed"] += 1
        if oks and answers[-1] is oks[-1]:  # the last entry was confirmed: it must prevail
            last = person(i, oks[-1][1])
            counts["not_last"] += triple != (last["name"], last["phone"], last["pool"])
    return {"rows": len(stored), "persons_ok": confirmed, "unconfirmed_stored": unconfirmed,
            **counts}


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2] == "--quick")
