"""A handler's inbox at city scale, and portal-vs-hello throughput under gunicorn.

1. Inbox: 1,000,000 cases and 10,000,000 hash-chained events (quick: 50,000 / 500,000)
   from bench/synthetic.py over 300 agencies (a busy head, a long tail); then the first
   page of the busiest agency's handler inbox (agency-scoped, due date order, overdue
   first), 200 timed requests through the Django test client at /workspace/, on SQLite
   and (when configured) PostgreSQL. Target p99 < 50 ms. If /workspace/ is not wired yet,
   the inbox queryset plus a minimal template is measured instead, and the table says so.
2. Throughput: gunicorn (2 sync workers) serving a portal page vs a bare "hello" view
   mounted only by this bench's urlconf, same settings and middleware, against a small
   demo city; requests from a thread pool in this process over 127.0.0.1. Target ≥ 0.5.
"""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import percentiles, table
from bench.synthetic import ROOT, SIZES, backends, configure, emit, ensure, run_worker, sqlite_path

SAMPLES, WARMUP = 200, 10
PORTAL_CANDIDATES = ["/", "/disclosure/replies/"]
FALLBACK_PAGE = "/admin/login/"
MINIMAL = ("<table>{% for c in cases %}<tr class=\"{% if c.due_on and c.due_on < today %}"
           "overdue{% endif %}\"><td>{{ c.number }}</td><td>{{ c.title }}</td>"
           "<td>{{ c.due_on|date:'Y-m-d' }}</td></tr>{% endfor %}</table>")


def main(quick: bool) -> None:
    cases, events = SIZES[quick]
    for backend in backends():
        r = run_worker("bench.bench_inbox", "inbox", backend, str(cases), str(events))
        table(f"inbox on {backend}: first page of one handler's inbox, {SAMPLES} requests", [
            ("data set", f"{r['cases']:,} cases, {r['events']:,} events, "
                         f"{r['agencies']} agencies"),
            ("data generation", "reused cached data set" if r["reused"]
             else f"{r['generation_s']:,.0f} s"),
            ("handler's agency", f"{r['agency_cases']:,} cases, {r['open']:,} open, "
                                 f"{r['overdue']:,} overdue"),
            ("measured", r["mode"]),
            ("p50", f"{r['p50_ms']:.1f} ms"),
            ("p99", f"{r['p99_ms']:.1f} ms  (target < 50 ms: "
                    f"{'met' if r['p99_ms'] < 50 else 'NOT met'})"),
            ("statuses", r["statuses"]),
        ])
    r = run_worker("bench.bench_inbox", "throughput", "--quick" if quick else "--full")
    ratio = r["portal_rps"] / r["hello_rps"]
    table(f"throughput: gunicorn 2 sync workers, {r['requests']:,} requests each, "
          f"{r['clients']} client threads", [
        ("portal page", f"{r['portal']} {r['portal_note']}".strip()),
        ("hello view req/s", f"{r['hello_rps']:,.0f}"),
        ("portal page req/s", f"{r['portal_rps']:,.0f}"),
        ("ratio portal / hello", f"{ratio:.2f}  (target ≥ 0.5: "
                                 f"{'met' if ratio >= 0.5 else 'NOT met'})"),
        ("non-200 responses", str(r["errors"])),
        ("demo data for the portal", f"{r['demo_cases']:,} cases, built in {r['demo_s']:.0f} s"),
    ])


# ---------------------------------------------------------------------------------
# Worker: the inbox


def _inbox(backend: str, cases: int, events: int) -> None:
    configure(backend, sqlite_path(cases, events))
    started = time.perf_counter()
    info = ensure(cases, events)
    generation_s = time.perf_counter() - started
    from datetime import date

    from django.contrib.auth.models import User

    from fazhi.cases.models import Case
    from fazhi.org.actors import Actor

    user = User.objects.select_related("staff").get(username=info["handler"])
    actor = Actor.for_user(user)
    mine = Case.objects.visible_to(actor)
    today = date.today()
    measure, mode = _inbox_request(user, actor, today)
    for _ in range(WARMUP):
        measure()
    samples, statuses = [], {}
    for _ in range(SAMPLES):
        t0 = time.perf_counter()
        status = measure()
        samples.append(time.perf_counter() - t0)
        statuses[status] = statuses.get(status, 0) + 1
    emit(info | percentiles(samples) | {
        "generation_s": generation_s, "mode": mode,
        "statuses": ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items())),
        "agency_cases": mine.count(), "open": mine.open().count(),
        "overdue": mine.open().filter(due_on__lt=today).count()})


def _inbox_request(user, actor, today):
    from django.template import Context, Template
    from django.test import Client
    from django.urls import Resolver404, resolve

    from fazhi.cases.models import Case

    try:
        resolve("/workspace/")
    except Resolver404:
        template = Template(MINIMAL)

        def render() -> int:
            page = list(Case.objects.visible_to(actor).inbox()[:50])
            template.render(Context({"cases": page, "today": today}))
            return 200

        return render, ("inbox queryset + minimal template (/workspace/ has no view yet)")
    client = Client()
    client.force_login(user)
    return (lambda: client.get("/workspace/").status_code), "GET /workspace/ (test client)"


# ---------------------------------------------------------------------------------
# Worker: portal vs hello throughput


def bench_app():
    """gunicorn entry (`bench.bench_inbox:bench_app()`): the product app with this module
    as urlconf, which adds a bare hello view in front of the product URLs."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = __name__
    return get_wsgi_application()


def __getattr__(name: str):
    if name != "urlpatterns":
        raise AttributeError(name)
    from django.http import HttpResponse
    from django.urls import include, path

    return [path("bench-hello/", lambda request: HttpResponse("hello")),
            path("", include("fazhi.urls"))]


def _throughput(quick: bool) -> None:
    from io import StringIO

    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-portal-"))
    db = tmp / "portal.sqlite3"
    configure("sqlite", db)
    from django.core.management import call_command

    demo_cases = 300 if quick else 2000
    t0 = time.perf_counter()
    call_command("demo", cases=demo_cases, seed=1, stdout=StringIO(), stderr=StringIO())
    demo_s = time.perf_counter() - t0
    portal, note = _portal_page()
    port = _free_port()
    env = os.environ | {"FAZHI_SQLITE_PATH": str(db), "FAZHI_DEBUG": "0",
                        "FAZHI_VAR_DIR": str(tmp)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "bench.bench_inbox:bench_app()", "--workers", "2",
                               "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
                               "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        _wait_ready(port)
        n, clients = (300, 4) if quick else (2000, 4)
        best = {"hello": 0.0, "portal": 0.0}
        errors = 0
        for _ in range(2):  # interleaved rounds: the machine is shared; keep the best of each
            for key, url in (("hello", "/bench-hello/"), ("portal", portal)):
                rps, bad = _load(port, url, n, clients)
                best[key] = max(best[key], rps)
                errors += bad
    finally:
        server.terminate()
        server.wait(timeout=30)
    emit({"hello_rps": best["hello"], "portal_rps": best["portal"], "portal": portal,
          "portal_note": note, "requests": n, "clients": clients, "errors": errors,
          "demo_cases": demo_cases, "demo_s": demo_s})


def _portal_page() -> tuple[str, str]:
    from django.test import Client

    client = Client()
    for url in PORTAL_CANDIDATES:
        if client.get(url).status_code == 200:
            return url, ""
    return FALLBACK_PAGE, "(portal pages not wired yet: the admin login page stands in)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, url: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _wait_ready(port: int) -> None:
    for _ in range(200):
        try:
            if _get(port, "/bench-hello/") == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _load(port: int, url: str, n: int, clients: int) -> tuple[float, int]:
    for _ in range(20):
        _get(port, url)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        statuses = list(pool.map(lambda _: _get(port, url), range(n)))
    seconds = time.perf_counter() - t0
    return n / seconds, sum(1 for s in statuses if s != 200)


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    if kind == "inbox":
        _inbox(rest[0], int(rest[1]), int(rest[2]))
    else:
        _throughput(rest[0] == "--quick")
