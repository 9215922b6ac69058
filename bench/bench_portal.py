"""Portal-vs-hello throughput: gunicorn (2 sync workers) serving public pages vs a bare
"hello" view mounted only by this bench's urlconf (same settings and middleware), against
a small demo city built through the engine; requests from a thread pool in this process
over 127.0.0.1, a fresh connection per request (sync workers do not keep connections
alive). Target: page/hello ≥ 0.8 for the portal home and a module's public list, with the
page kept per worker (fazhi/core/pagecache.py); the same pages rendered every time (a query
string bypasses the cache) are measured too, and the queries each page costs are counted.
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

from bench.common import table
from bench.synthetic import ROOT, configure, emit, run_worker

# (label, kept page, the same page rendered every time)
PAGES = [("portal home", "/", "/?fresh=1"),
         ("module list (published replies)", "/disclosure/replies/", "/disclosure/replies/?page=1")]
TARGET = 0.8
ROUNDS = 3


def main(quick: bool) -> None:
    r = run_worker("bench.bench_portal", "--quick" if quick else "--full")
    rows = [("hello view req/s", f"{r['hello_rps']:,.0f}")]
    for label, kept, fresh in PAGES:
        ratio = r["rps"][kept] / r["hello_rps"]
        rows += [
            (f"{label} {kept} req/s (kept)", f"{r['rps'][kept]:,.0f}  ratio {ratio:.2f}  (target ≥ "
                                             f"{TARGET}: {'met' if ratio >= TARGET else 'NOT met'})"),
            (f"{label} rendered each time req/s", f"{r['rps'][fresh]:,.0f}  ratio "
                                                  f"{r['rps'][fresh] / r['hello_rps']:.2f}"),
            (f"{label} queries: rendered / kept", f"{r['queries'][fresh]} / {r['queries'][kept]}"),
        ]
    rows += [("non-200 responses", str(r["errors"])),
             ("demo data for the portal", f"{r['demo_cases']:,} cases, built in {r['demo_s']:.0f} s")]
    table(f"portal throughput: gunicorn 2 sync workers, {r['requests']:,} requests each, "
          f"{r['clients']} client threads (a quarter for pages rendered each time), best of "
          f"{ROUNDS} interleaved rounds", rows)


def bench_app():
    """gunicorn entry (`bench.bench_portal:bench_app()`): the product app with this module
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
    queries = _queries()
    port = _free_port()
    env = os.environ | {"FAZHI_SQLITE_PATH": str(db), "FAZHI_DEBUG": "0",
                        "FAZHI_VAR_DIR": str(tmp)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "bench.bench_portal:bench_app()", "--workers", "2",
                               "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
                               "--log-level", "warning"], cwd=ROOT, env=env)
    urls = [("hello", "/bench-hello/")] + [(u, u) for _, kept, fresh in PAGES for u in (kept, fresh)]
    try:
        _wait_ready(port)
        n, clients = (300, 4) if quick else (2000, 4)
        best = {key: 0.0 for key, _ in urls}
        fresh = {fresh for _, _, fresh in PAGES}
        errors = 0
        for _ in range(ROUNDS):  # interleaved rounds: the machine is shared; keep the best
            for key, url in urls:
                # a page rendered every time is slow: a quarter of the requests measure it
                rps, bad = _load(port, url, n // 4 if url in fresh else n, clients)
                best[key] = max(best[key], rps)
                errors += bad
    finally:
        server.terminate()
        server.wait(timeout=30)
    emit({"hello_rps": best.pop("hello"), "rps": best, "queries": queries, "requests": n,
          "clients": clients, "errors": errors, "demo_cases": demo_cases, "demo_s": demo_s})


def _queries() -> dict[str, int]:
    """Database queries of each page as an anonymous visitor's second request makes them
    (the kept page from memory; the other rendered, its own figures cached)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.FAZHI_PAGE_CACHE_SECONDS = 30
    counts = {}
    for _, kept, fresh in PAGES:
        for url in (kept, fresh):
            Client().get(url)
            counter = _Counter()
            with connection.execute_wrapper(counter):
                status = Client().get(url).status_code
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
            counts[url] = counter.n
    return counts


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


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
    _throughput(sys.argv[1] == "--quick")
