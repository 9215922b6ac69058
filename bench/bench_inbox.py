"""A handler's inbox at city scale (the portal-vs-hello throughput is bench_portal).

1,000,000 cases and 10,000,000 hash-chained events (quick: 50,000 / 500,000)
from bench/synthetic.py over 300 agencies (a busy head, a long tail); then the first
page of the busiest agency's handler inbox (agency-scoped, due date order, overdue
first), 200 timed requests through the Django test client at /workspace/, on SQLite
and (when configured) PostgreSQL. Target p99 < 50 ms. If /workspace/ is not wired yet,
the inbox queryset plus a minimal template is measured instead, and the table says so.
"""

import sys
import time

from bench.common import percentiles, table
from bench.synthetic import SIZES, backends, configure, emit, ensure, run_worker, sqlite_path

SAMPLES, WARMUP = 200, 10
MINIMAL = ("<table>{% for c in cases %}<tr class=\"{% if c.due_on and c.due_on < today %}"
           "overdue{% endif %}\"><td>{{ c.number }}</td><td>{{ c.title }}</td>"
           "<td>{{ c.due_on|date:'Y-m-d' }}</td></tr>{% endfor %}</table>")


def main(quick: bool) -> None:
    cases, events = SIZES[quick]
    for backend in backends():
        r = run_worker("bench.bench_inbox", backend, str(cases), str(events))
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
            page = list(Case.objects.inbox_for(actor)[:50])
            template.render(Context({"cases": page, "today": today}))
            return 200

        return render, ("inbox queryset + minimal template (/workspace/ has no view yet)")
    client = Client()
    client.force_login(user)
    return (lambda: client.get("/workspace/").status_code), "GET /workspace/ (test client)"


if __name__ == "__main__":
    _inbox(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
