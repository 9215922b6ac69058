"""A city year of penalty cases through the engine, then the supervision dashboard over it:
`python -m bench.enforcement_worker BACKEND [--cases N]` (issue 13, benchmarks).

In a fresh database (SQLite in a temporary file; PostgreSQL: the bench server's
`<bench database>_city`, dropped and created), one market-regulation bureau with ten
certified officers, a handler, a head, a qualified legal reviewer and a catalogue that sends
every case to legal review; then CASES general-procedure cases opened through 2025, every
action through `open_case` / `advance` on its simulated day, each in its own transaction:
lead → initiate → record_investigation → end_investigation → conclude → notify →
waive | defend | request_hearing → schedule_hearing → record_hearing → submit_review →
decide_review → decide → serve → publish → record_payment → archive. One case in ten
ends without a penalty; one in ten carries a hearing; one in ten is not paid (overdue →
demand → court → archive); the rest defend or waive.

Then, over those cases: the enforcement indicators for 2025, the reporting dashboard's
figures (`reporting.queries.dashboard`) and the dashboard page a supervisor of the
rule-of-law office opens (`/reporting/dashboard/?year=2025`, Django test client; target
< 1 s). Prints one `RESULT {json}` line; `report()` prints it as a table.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from datetime import date, timedelta

YEAR = 2025
CATEGORY = "市场监管"
# 20 slots: the year's mix of how a case ends
MIX = ("waive",) * 9 + ("defend",) * 3 + ("hearing",) * 2 + ("no_penalty",) * 2 + (
    "overdue",) * 2 + ("waive", "defend")


def configure(backend: str) -> None:
    tmp = tempfile.mkdtemp(prefix="fazhi-bench-city-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "fazhi.settings", "FAZHI_DEBUG": "0",
                       "FAZHI_VAR_DIR": tmp, "FAZHI_STATIC_ROOT": tmp})
    if backend == "postgres":
        from bench.synthetic import postgres_url

        os.environ["FAZHI_DATABASE_URL"] = _fresh_pg(postgres_url() + "_city")
    else:
        os.environ.pop("FAZHI_DATABASE_URL", None)
        os.environ["FAZHI_SQLITE_PATH"] = os.path.join(tmp, "city.sqlite3")
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


class World:
    def __init__(self) -> None:
        from django.contrib.auth.models import User

        from fazhi.enforcement.models import ReviewableMatter
        from fazhi.org.actors import Actor
        from fazhi.org.models import Agency, Region, Staff
        from fazhi.powers.models import LegalQualification
        from fazhi.subjects.models import Officer

        city = Region.objects.create(code="350200", name="厦门市", level="city")
        self.agency = Agency.objects.create(code="XMSCJGJ", name="厦门市市场监督管理局",
                                            short_name="市市场监管局", region=city)
        office = Agency.objects.create(code="XMYFZSB", name="中共厦门市委全面依法治市委员会办公室",
                                       short_name="市委依法治市办", region=city)
        self.actors, self.users = {}, {}
        for role, agency in (("handler", self.agency), ("head", self.agency),
                             ("reviewer", self.agency), ("supervisor", office)):
            user = User.objects.create(username=f"bench_{role}")
            staff = Staff.objects.create(user=user, agency=agency, display_name=f"压测{role}",
                                         roles=[role])
            self.users[role] = user
            self.actors[role] = Actor.for_user(User.objects.get(pk=user.pk))
            if role == "reviewer":  # 《行政处罚法》第五十八条第二款
                LegalQualification.objects.create(staff=staff, number="A20151100001",
                                                  obtained_on=date(2015, 11, 1))
        self.officers = [Officer.objects.create(
            code=f"E{n:03d}", name=f"执法{n}", agency=self.agency, cert_no=f"ZF{n:05d}",
            cert_valid_until=date(2027, 12, 31), qualifications=[CATEGORY],
            cert_categories=[CATEGORY]).pk for n in range(10)]
        ReviewableMatter.objects.create(agency=self.agency, label="所有普通程序案件",
                                        every_case=True, citation="本局法制审核事项清单第1项",
                                        effective_from=date(2021, 7, 15))


def lead(n: int) -> dict:
    return {"party_type": "organisation", "party_name": f"厦门压测{n}号贸易有限公司",
            "party_id": f"913502{n:010d}XA", "violation_code": f"SC{n % 40:03d}",
            "violation": "经营超过保质期的食品", "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
            "category": CATEGORY, "sector": "市场监管", "source": "complaint"}


def script(n: int, kind: str, day: date, two: list[int], cal) -> list:  # noqa: ANN001
    """(days after the lead, action, role, data) of case n; `cal` gives working days."""
    from fazhi.enforcement.procedure import CHECKLIST

    fine = "150000" if kind == "hearing" else str(5000 + n % 20 * 1000)
    d = lambda k: (day + timedelta(days=k)).isoformat()  # noqa: E731
    out = [(3, "initiate", "head", {"officer_ids": two}),
           (5, "record_investigation", "handler", {"kind": "inspection", "officer_ids": two,
                                                   "summary": "现场检查笔录"}),
           (20, "end_investigation", "handler", {"harm": "minor", "amount_involved": "3000",
                                                 "first_offence": False,
                                                 "summary": "调查终结：违法事实清楚"})]
    if kind == "no_penalty":
        return out + [(22, "conclude", "head", {"way": "no_penalty_unfounded",
                                                "reasons": "违法事实不能成立"})]
    out += [(22, "conclude", "head", {"way": "penalise", "fine": fine, "kinds": ["fine"],
                                      "reasons": "事实清楚，证据确凿"}),
            (23, "notify", "handler", {"served_on": d(23)})]
    at = 24
    if kind == "hearing":
        notified = day + timedelta(days=26)
        hearing = cal.add_working_days(notified, 8)
        at = (hearing - day).days
        out += [(25, "request_hearing", "handler", {"note": "当事人书面申请"}),
                (26, "schedule_hearing", "handler", {"notified_on": notified.isoformat(),
                                                     "hearing_on": hearing.isoformat(),
                                                     "presiding": "周主持"}),
                (at, "record_hearing", "handler", {"record_no": f"听证{n}", "summary": "当事人到场陈述",
                                                   "party_attended": True})]
    elif kind == "defend":
        out.append((24, "defend", "handler", {"statement": "初次违法，已经整改"}))
        at = 32  # after the defence period
    else:
        out.append((24, "waive", "handler", {"note": "当事人书面确认"}))
    out += [(at, "submit_review", "handler", {}),
            (at + 2, "decide_review", "reviewer", dict.fromkeys(CHECKLIST, "ok")
             | {"outcome": "pass", "opinion": "事实清楚，程序合法"}),
            (at + 4, "decide", "head", {"fine": fine, "kinds": ["fine"],
                                        "reasons": "事实清楚，证据确凿，依法处罚"}),
            (at + 5, "serve", "handler", {"served_on": d(at + 5), "channel": "direct"}),
            (at + 7, "publish", "handler", {})]
    if kind == "overdue":
        demand = at + 36  # 15 days to pay, longer over a holiday (第六十七条第三款)
        court = (cal.add_working_days(day + timedelta(days=demand), 11) - day).days
        return out + [(at + 35, "mark_overdue", "handler", {}),
                      (demand, "demand", "handler", {"served_on": d(demand)}),
                      (court, "apply_court", "head", {"court": "厦门市思明区人民法院"}),
                      (court + 1, "archive", "handler", {})]
    return out + [(at + 10, "record_payment", "handler", {"paid_on": d(at + 10), "amount": fine}),
                  (at + 11, "archive", "handler", {})]


def run(cases: int) -> dict:
    from django.db import connection

    from fazhi.cases.engine import advance, open_case
    from fazhi.holidays.services import current_calendar

    world = World()
    cal = current_calendar()
    queries: Counter = Counter()
    actions: Counter = Counter()
    current = ["open"]

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        queries[current[0]] += 1
        return execute(sql, params, many, context)

    start = date(YEAR, 1, 2)
    elapsed = cpu = 0.0
    pairs = [world.officers[k:k + 2] for k in range(0, 10, 2)]
    with connection.execute_wrapper(count):
        for n in range(cases):
            day = start + timedelta(days=n * 240 // cases)  # leads through January–August
            kind = MIX[n % len(MIX)]
            data = lead(n) | {"act_date": (day - timedelta(days=10)).isoformat()}
            t0, c0 = time.perf_counter(), time.process_time()
            current[0] = "open"
            case = open_case("penalty", world.agency, world.actors["handler"], data,
                             received_on=day, title=f"{data['party_name']} {data['violation']}",
                             applicant_name=data["party_name"], today=day)
            actions["open"] += 1
            for offset, action, role, payload in script(n, kind, day, pairs[n % 5], cal):
                current[0] = action
                case = advance(case, action, world.actors[role], payload,
                               today=day + timedelta(days=offset))
                actions[action] += 1
            elapsed += time.perf_counter() - t0
            cpu += time.process_time() - c0
            if (n + 1) % 1_000 == 0:
                print(f"  {n + 1:,}/{cases:,} cases, {sum(actions.values()) / elapsed:,.0f} "
                      f"actions/s", flush=True)
    total = sum(actions.values())
    out = {"vendor": connection.vendor, "cases": cases, "actions": total, "seconds": elapsed,
           "cpu": cpu, "queries": sum(queries.values()),
           "per_action": {a: round(queries[a] / actions[a], 2) for a in sorted(actions)}}
    return out | supervision(world)


def supervision(world: World) -> dict:
    """The indicators and the dashboard over the year just run: first (cold) and best of 5."""
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from fazhi.cases.models import Case
    from fazhi.core import indicators as ind
    from fazhi.reporting import queries

    enforcement = [i for i in ind.available() if i.code.startswith("enforcement.")]

    def indicators() -> dict:
        return {i.code: i.compute(YEAR, None).value for i in enforcement}

    def timed(fn) -> tuple[float, float, object]:  # noqa: ANN001
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            result = fn()
            runs.append(time.perf_counter() - t0)
        return runs[0], min(runs), result

    client = Client()
    client.force_login(world.users["supervisor"])
    url = reverse("reporting:dashboard") + f"?year={YEAR}"

    def page() -> int:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    ind_first, ind_best, values = timed(indicators)
    fig_first, fig_best, _ = timed(lambda: queries.dashboard(YEAR))
    page_first, page_best, size = timed(page)
    t0 = time.perf_counter()
    Case.objects.filter(procedure="penalty").count()
    base = time.perf_counter() - t0
    states = dict(Case.objects.filter(procedure="penalty").values_list("state")
                  .annotate(n=Count("pk")).order_by())
    return {"indicators": len(enforcement), "all_indicators": len(ind.available()),
            "ind_first": ind_first, "ind_best": ind_best, "values": {
                k: str(v) for k, v in values.items()},
            "fig_first": fig_first, "fig_best": fig_best, "page_first": page_first,
            "page_best": page_best, "page_bytes": size, "count_s": base, "states": states}


def report(r: dict) -> None:
    from bench.common import table

    rate = r["actions"] / r["seconds"]
    ok = lambda s: "met" if s < 1 else "NOT met"  # noqa: E731
    rows = [("cases / actions", f"{r['cases']:,} / {r['actions']:,} "
                                f"({r['actions'] / r['cases']:.1f} per case)"),
            ("end states", ", ".join(f"{k} {v:,}" for k, v in sorted(r["states"].items()))),
            ("actions/s (wall)", f"{rate:,.0f}  ({r['seconds']:.1f} s)"),
            ("actions per CPU second", f"{r['actions'] / r['cpu']:,.0f}"),
            ("queries/action", f"{r['queries'] / r['actions']:.1f}"),
            ("queries by action", ", ".join(f"{a} {q:g}" for a, q in r["per_action"].items())),
            (f"{r['indicators']} enforcement indicators, 2025",
             f"first {r['ind_first'] * 1000:.0f} ms, best of 5 {r['ind_best'] * 1000:.0f} ms"),
            (f"dashboard figures ({r['all_indicators']} indicators by agency)",
             f"first {r['fig_first'] * 1000:.0f} ms, best {r['fig_best'] * 1000:.0f} ms"),
            ("dashboard page /reporting/dashboard/", f"first {r['page_first'] * 1000:.0f} ms, "
             f"best {r['page_best'] * 1000:.0f} ms, {r['page_bytes']:,} bytes "
             f"(target < 1 s: {ok(r['page_first'])})"),
            ("baseline: COUNT(*) of the penalty cases", f"{r['count_s'] * 1000:.1f} ms"),
            ("load average", r["load"])]
    table(f"a city year of penalty cases on {r['vendor']}", rows)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.enforcement_worker")
    parser.add_argument("backend", choices=["sqlite", "postgres"])
    parser.add_argument("--cases", type=int, default=2_000, help="100000 for a city year")
    args = parser.parse_args()
    configure(args.backend)
    load0 = " ".join(f"{x:.2f}" for x in os.getloadavg())
    result = run(args.cases)
    result["load"] = load0 + " → " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    report(result)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
