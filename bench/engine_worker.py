"""One engine benchmark run, in its own process: `python engine_worker.py BACKEND CASES`.

Self-contained on purpose (it imports only Django and the public engine and disclosure
services, `submit_request` and `advance`), so `bench_engine` can run the very same file
against an older checkout of the project (PYTHONPATH pointing at it) and print the
figures before and after in one run. Prints one `RESULT {json}` line.

Each action hands the engine the case it has (as the staff pages do). The mix is a
typical disclosure year (as the demo builds it): most requests answered and
served, some after a correction, a consultation, a fee or an extension.
"""

import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta

TODAY = date(2026, 6, 15)
MIX = ("plain", "plain", "plain", "plain", "correction", "consult", "fee", "extend")


def configure(backend: str) -> None:
    tmp = tempfile.mkdtemp(prefix="fazhi-bench-engine-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "fazhi.settings", "FAZHI_DEBUG": "0",
                       "FAZHI_VAR_DIR": tmp, "FAZHI_STATIC_ROOT": tmp})
    if backend == "postgres":
        os.environ["FAZHI_DATABASE_URL"] = _fresh_pg(os.environ["FAZHI_BENCH_ENGINE_URL"])
    else:
        os.environ.pop("FAZHI_DATABASE_URL", None)
        os.environ["FAZHI_SQLITE_PATH"] = os.path.join(tmp, "engine.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _fresh_pg(url: str) -> str:
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url


def org():
    from django.contrib.auth.models import User

    from fazhi.org.actors import Actor
    from fazhi.org.models import Agency, Region, Staff

    region = Region.objects.create(code="350200", name="厦门市", level="city")
    agency = Agency.objects.create(code="XMSFJ", name="厦门市司法局", short_name="市司法局",
                                   region=region)
    actors = {}
    for role in ("handler", "gio_head"):
        user = User.objects.create(username=f"bench_{role}")
        staff = Staff.objects.create(user=user, agency=agency, display_name=f"测试{role}",
                                     roles=[role])
        actors[role] = Actor(kind="staff", label=staff.display_name, user_id=user.pk,
                             agency_id=agency.pk, roles=frozenset({role}))
    return agency, actors


def application(n: int, received: date) -> dict:
    return {"applicant_type": "natural", "applicant_name": f"申请人{n}",
            "id_number": f"35020319800101{n % 10000:04d}", "phone": "13800000000",
            "channel": "in_person", "submitted_on": received.isoformat(),
            "description": f"请公开2025年度第{n}号行政执法统计数据", "form": "electronic",
            "delivery": "email", "email": "a@example.cn"}


def wd(cal, start: date, n: int) -> date:
    return cal.add_working_days(start, n)


def steps(kind: str, received: date, cal) -> list[tuple[date, str, str, dict]]:
    """(day, action, role, data) after the opening, all on or before TODAY."""
    reply_on = wd(cal, received, 12)
    out = []
    if kind == "correction":
        on = wd(cal, received, 2)
        out += [(on, "request_correction", "handler", {
                    "defects": "请明确所需信息的年份", "correction_due":
                    (on + timedelta(days=15)).isoformat()}),
                (on + timedelta(days=3), "submit_correction", "handler", {
                    "corrected_on": (on + timedelta(days=3)).isoformat(), "content": "2025年度"})]
        reply_on = wd(cal, on + timedelta(days=3), 8)
    elif kind == "consult":
        on = wd(cal, received, 3)
        out += [(on, "consult", "handler", {"kind": "third_party", "party": "某公司",
                                            "sent_on": on.isoformat(), "method": "direct"}),
                (wd(cal, on, 5), "record_consultation", "handler", {
                    "answered_on": wd(cal, on, 5).isoformat(), "opinion": "agree"})]
        reply_on = wd(cal, on, 8)
    elif kind == "fee":
        on = wd(cal, received, 3)
        out += [(on, "fee_notice", "handler", {"basis": "per_volume", "quantity": 80,
                                               "notice_received_on": on.isoformat()}),
                (wd(cal, on, 2), "fee_paid", "handler", {"paid_on": wd(cal, on, 2).isoformat()})]
        reply_on = wd(cal, on, 5)
    elif kind == "extend":
        on = wd(cal, received, 15)
        out += [(on, "extend", "gio_head", {"reason": "涉及多个年度", "approved_on": on.isoformat(),
                                            "notified_on": on.isoformat()})]
        reply_on = wd(cal, received, 25)
    out += [(reply_on, "reply", "handler", {"answer_type": "A2", "text": "现将相关信息提供给您。"}),
            (reply_on, "serve", "handler", {"method": "electronic",
                                            "served_on": reply_on.isoformat()})]
    return out


def run(cases: int, warmup: int, world: tuple | None = None) -> dict:
    from django.db import connection

    from fazhi.cases.engine import advance
    from fazhi.disclosure.services import submit_request
    from fazhi.holidays.services import current_calendar

    agency, actors = world or org()
    cal = current_calendar()
    queries: Counter = Counter()
    actions: Counter = Counter()
    current = ["open"]

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        queries[current[0]] += 1
        return execute(sql, params, many, context)

    start = TODAY - timedelta(days=60)
    offset = 100_000 * bool(world)  # distinct applicants on a second run
    elapsed = cpu = 0.0
    with connection.execute_wrapper(count):
        for n in range(warmup + cases):
            if n == warmup:
                queries.clear()
                actions.clear()
                elapsed = cpu = 0.0
            received = start - timedelta(days=n % 20)
            n += offset
            kind = MIX[n % len(MIX)]
            t0, c0 = time.perf_counter(), time.process_time()
            current[0] = "open"
            case = submit_request(agency, actors["handler"], application(n, received),
                                  today=received)
            actions["open"] += 1
            for day, action, role, data in steps(kind, received, cal):
                current[0] = action
                case = advance(case, action, actors[role], data, today=day)
                actions[action] += 1
            elapsed += time.perf_counter() - t0
            cpu += time.process_time() - c0
    total = sum(actions.values())
    return {"vendor": connection.vendor, "actions": total, "seconds": elapsed, "cpu": cpu,
            "queries": sum(queries.values()),
            "per_action": {a: round(queries[a] / actions[a], 2) for a in sorted(actions)}}


if __name__ == "__main__":
    backend, cases = sys.argv[1], int(sys.argv[2])
    configure(backend)
    print("RESULT " + json.dumps(run(cases, warmup=max(8, cases // 20))), flush=True)
