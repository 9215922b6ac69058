"""Portal-vs-hello throughput: gunicorn (2 sync workers) serving a portal page vs a bare
"hello" view mounted only by this bench's urlconf (same settings and middleware), against
a small demo city built through the engine; requests from a thread pool in this process
over 127.0.0.1, a fresh connection per request (sync workers do not keep connections
alive). Target: portal/hello ≥ 0.5.
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

PORTAL_CANDIDATES = ["/", "/disclosure/replies/"]
FALLBACK_PAGE = "/admin/login/"


def main(quick: bool) -> None:
    r = run_worker("bench.bench_portal", "--quick" if quick else "--full")
    ratio = r["portal_rps"] / r["hello_rps"]
    table(f"portal throughput: gunicorn 2 sync workers, {r['requests']:,} requests each, "
          f"{r['clients']} client threads", [
        ("portal page", f"{r['portal']} {r['portal_note']}".strip()),
        ("hello view req/s", f"{r['hello_rps']:,.0f}"),
        ("portal page req/s", f"{r['portal_rps']:,.0f}"),
        ("ratio portal / hello", f"{ratio:.2f}  (target ≥ 0.5: "
                                 f"{'met' if ratio >= 0.5 else 'NOT met'})"),
        ("non-200 responses", str(r["errors"])),
        ("demo data for the portal", f"{r['demo_cases']:,} cases, built in {r['demo_s']:.0f} s"),
    ])




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
    portal, note = _portal_page()
    port = _free_port()
    env = os.environ | {"FAZHI_SQLITE_PATH": str(db), "FAZHI_DEBUG": "0",
                        "FAZHI_VAR_DIR": str(tmp)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "bench.bench_portal:bench_app()", "--workers", "2",
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
    _throughput(sys.argv[1] == "--quick")
