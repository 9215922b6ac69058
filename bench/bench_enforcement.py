"""Enforcement at city scale (issue 13, benchmarks): `python -m bench enforcement [--quick]`.

1. **Public lookup of published penalty decisions** over 1,000,000 published decisions
   (quick: 50,000): the portal page `GET /enforcement/decisions/?q=…` through the Django
   test client — `queries.published_matching`, its count and first page of 20, rendered —
   by full party name, a name fragment, a credit code and a decision number, 200 requests:
   p50/p99 (target p99 < 30 ms). Baseline in the same run, on the same rows: the lookup as
   it was before migration 0004 (`BEFORE` below: `icontains` on name and number, a full
   scan), count and first page, on a subset of the same queries. Broad texts (a fragment
   in nearly every name, a two-character prefix) are timed and printed apart.
   Rows are written directly (cases and published decisions), cached by size under
   FAZHI_BENCH_DIR / in the PostgreSQL bench database.
2. **A city year through the engine** (bench/enforcement_worker.py): N general-procedure
   penalty cases (default 2,000; quick 300; `python -m bench.enforcement_worker BACKEND
   --cases 100000` for the full year), every action through `advance`, then the
   supervision dashboard and the enforcement indicators over them (target < 1 s).

Per backend: SQLite, and PostgreSQL when FAZHI_BENCH_DATABASE_URL (or
FAZHI_TEST_DATABASE_URL's server) is set. Nothing here asserts on time.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta

from bench.common import percentiles, table
from bench.synthetic import backends, bench_dir, configure, emit, run_worker

VERSION = "enforcement-lookup-v1"
SIZES = {True: 50_000, False: 1_000_000}
CITY_CASES = {True: 300, False: 2_000}
CHUNK = 20_000
SAMPLES, WARMUP, BASELINE_QUERIES = 200, 10, 12
AGENCIES = [("XMSCJGJ", "厦门市市场监督管理局"), ("XMSSTHJJ", "厦门市生态环境局"),
            ("XMSJTJ", "厦门市交通运输局"), ("XMSYJJ", "厦门市应急管理局"),
            ("XMSZJJ", "厦门市建设局"), ("XMSWSJ", "厦门市卫生健康委员会"),
            ("XMSWHJ", "厦门市文化和旅游局"), ("XMSNYJ", "厦门市农业农村局")]
WORDS = ("鹭岛海沧筼筜五缘环岛嘉庚同安翔安鼓浪白鹭集美湖里思明金尚莲前滨北天成宏达鑫隆华信恒"
         "盛兴源泰丰瑞祥永新业博远禾万通顺利中联亿升鹏银河长城东方南洋峡闽台凯旋润泽德胜佳和"
         "康宁福星辉煌光明锦绣融创卓越")
TRADES = ["贸易", "科技", "餐饮管理", "建材", "物流", "医药", "电子", "服装", "食品", "网络科技",
          "装饰工程", "汽车服务", "文化传媒", "环保科技", "水产", "酒店管理", "五金", "印刷",
          "家具", "茶业"]
SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "商行", "经营部"]
SURNAMES = "陈林黄张李王吴刘蔡杨郑许谢洪郭邱曾廖赖周"
VIOLATIONS = [("经营超过保质期的食品", "《中华人民共和国食品安全法》第一百二十四条"),
              ("不按规定明码标价", "《中华人民共和国价格法》第四十二条"),
              ("未按规定办理特种设备使用登记", "《中华人民共和国特种设备安全法》第八十三条"),
              ("超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条")]


def main(quick: bool) -> None:
    n = SIZES[quick]
    for backend in backends():
        r = run_worker("bench.bench_enforcement", "lookup", backend, str(n))
        _lookup_table(backend, r)
    for backend in backends():  # the worker prints its own table
        run_worker("bench.enforcement_worker", backend, "--cases", str(CITY_CASES[quick]))


def _lookup_table(backend: str, r: dict) -> None:
    ok = "met" if r["p99_ms"] < 30 else "NOT met"
    rows = [("data", f"{r['rows']:,} published decisions "
                     + ("(cached)" if r["reused"] else f"(generated in {r['gen_s']:.0f} s)")),
            ("portal page, 200 lookups", f"p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms "
                                         f"(target p99 < 30 ms: {ok})")]
    rows += [(f"  by {kind}", f"p50 {v['p50_ms']:.1f} ms, p99 {v['p99_ms']:.1f} ms, "
                              f"{v['found']} found on average")
             for kind, v in r["kinds"].items()]
    rows += [("published_matching alone (count + page)",
              f"p50 {r['fn_p50_ms']:.1f} ms, p99 {r['fn_p99_ms']:.1f} ms"),
             (f"before (full-scan icontains), {r['base_n']} of the same lookups",
              f"p50 {r['base_p50_ms']:.0f} ms, max {r['base_max_ms']:.0f} ms → "
              f"×{r['base_p50_ms'] / r['fn_p50_ms_same']:.0f} on the same lookups' p50 "
              f"({r['fn_p50_ms_same']:.1f} ms)")]
    rows += [(f"broad: {q!r}", f"{v['ms']:.0f} ms, {v['found']:,} found (before: "
                               f"{v['before_ms']:.0f} ms)")
             for q, v in r["broad"].items()]
    rows.append(("load average during the run", r["load"]))
    table(f"published-decision lookup on {backend}", rows)


# ---------------------------------------------------------------------------------------
# Worker: data


def _path(n: int):
    return bench_dir() / f"{VERSION}-{n}.sqlite3"


def _marker(n: int, value: str | None = None) -> str | None:
    from django.db import connection

    key = f"{VERSION}-{n}"
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS fazhi_bench_meta "
                    "(name VARCHAR(100) PRIMARY KEY, value TEXT NOT NULL)")
        if value is not None:
            cur.execute("DELETE FROM fazhi_bench_meta WHERE name = %s", [key])
            cur.execute("INSERT INTO fazhi_bench_meta (name, value) VALUES (%s, %s)",
                        [key, value])
            return value
        cur.execute("SELECT value FROM fazhi_bench_meta WHERE name = %s", [key])
        row = cur.fetchone()
    return row[0] if row else None


def party(i: int) -> tuple[str, str, str]:
    """(party type, published name, credit code) of decision i: 30 % natural persons
    (masked, no code), the rest firms named as Xiamen firms are."""
    rng = random.Random(i)
    if i % 10 < 3:
        return "natural", rng.choice(SURNAMES) + "*" * rng.choice((1, 2)), ""
    name = (("厦门" if i % 10 < 9 else "福建") + rng.choice(WORDS) + rng.choice(WORDS)
            + rng.choice(TRADES) + rng.choice(SUFFIXES))
    return "organisation", name, f"913502{i:010d}X{'ABCDEFGHJK'[i % 10]}"


def decision_no(i: int) -> str:
    code = AGENCIES[i % len(AGENCIES)][0]
    return f"{code}罚决〔{2021 + i // len(AGENCIES) % 6}〕{i // (len(AGENCIES) * 6) + 1}号"


def _decided(i: int) -> date:
    return date(2021 + i // len(AGENCIES) % 6, 1, 1) + timedelta(days=i * 7 % 360)


def _rows(first: int, last: int, agency_ids: list[int]) -> tuple[list, list]:
    cases, decisions = [], []
    for i in range(first, last):
        kind, name, uscc = party(i)
        violation, basis = VIOLATIONS[i % len(VIOLATIONS)]
        decided = _decided(i)
        agency = i % len(AGENCIES)
        at = f"{decided}T02:00:00+00:00"
        cases.append((i, "penalty", "2021", f"BENCH-XZCF-{i:08d}", agency_ids[agency],
                      f"{name} {violation}", "closed", False, name, decided.isoformat(), at, at,
                      "penalised", None, False, None, 0, ""))
        decisions.append((i, i, decision_no(i), name, uscc, AGENCIES[agency][1], violation,
                          basis, f"罚款{1000 + i % 50 * 500}元", decided.isoformat(),
                          (decided + timedelta(days=5)).isoformat(), i % 13 != 0,
                          (decided + timedelta(days=60)).isoformat() if i % 97 == 0 else None,
                          "复议决定撤销" if i % 97 == 0 else ""))
    return cases, decisions


CASE_COLUMNS = ("id", "procedure", "procedure_version", "number", "agency_id", "title", "state",
                "is_open", "applicant_name", "received_on", "opened_at", "closed_at", "outcome",
                "due_on", "due_provisional", "receipt_code", "event_count", "head_hash")
DECISION_COLUMNS = ("id", "case_id", "decision_no", "party_name", "uscc", "agency_name",
                    "violation", "legal_basis", "penalty", "decided_on", "published_on",
                    "on_time", "withdrawn_on", "withdrawal_reason")


def _generate(n: int) -> None:
    from django.db import connection

    from fazhi.org.models import Agency, Region

    with connection.cursor() as cur:  # a stale or partial data set (one per database): again
        cur.execute("DELETE FROM fazhi_bench_meta WHERE name LIKE %s", [f"{VERSION}-%"])
        cur.execute("DELETE FROM enforcement_publisheddecision")
        cur.execute("DELETE FROM cases_case WHERE procedure_version = '2021' "
                    "AND number LIKE 'BENCH-%%'")
    city, _ = Region.objects.get_or_create(code="350200", defaults={"name": "厦门市",
                                                                    "level": "city"})
    agency_ids = [Agency.objects.get_or_create(code=code, defaults={
        "name": name, "short_name": name[3:], "region": city})[0].pk for code, name in AGENCIES]
    connection.ensure_connection()
    raw = connection.connection
    pg = connection.vendor == "postgresql"
    if not pg:
        raw.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    for first in range(1, n + 1, CHUNK):
        cases, decisions = _rows(first, min(first + CHUNK, n + 1), agency_ids)
        if pg:
            with raw.transaction(), raw.cursor() as cur:
                for table_name, cols, rows in (("cases_case", CASE_COLUMNS, cases),
                                               ("enforcement_publisheddecision",
                                                DECISION_COLUMNS, decisions)):
                    with cur.copy(f"COPY {table_name} ({', '.join(cols)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
        else:
            raw.execute("BEGIN IMMEDIATE")
            for table_name, cols, rows in (("cases_case", CASE_COLUMNS, cases),
                                           ("enforcement_publisheddecision", DECISION_COLUMNS,
                                            decisions)):
                marks = ", ".join("?" * len(cols))
                raw.executemany(f"INSERT INTO {table_name} ({', '.join(cols)}) VALUES ({marks})",
                                rows)
            raw.execute("COMMIT")
        if (first // CHUNK) % 10 == 0:
            print(f"  generated {min(first + CHUNK - 1, n):,}/{n:,} decisions "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    if pg:  # Django keeps the connection in autocommit mode: each statement commits
        for table_name in ("cases_case", "enforcement_publisheddecision"):
            raw.execute(f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                        f"(SELECT MAX(id) FROM {table_name}))")
            raw.execute(f"VACUUM ANALYZE {table_name}")
    else:
        raw.execute("PRAGMA synchronous=NORMAL")
        raw.execute("ANALYZE")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# ---------------------------------------------------------------------------------------
# Worker: measurements


def BEFORE(q: str):  # noqa: ANN201, N802 - the lookup before migration 0004, verbatim
    from django.db.models import Q

    from fazhi.enforcement.models import PublishedDecision
    from fazhi.law.inputs import InputError, identifier

    rows = PublishedDecision.objects.all()
    q = (q or "").strip()[:100]
    if not q:
        return rows
    try:
        folded = identifier(q).upper()
    except InputError:
        folded = q
    return rows.filter(Q(party_name__icontains=q) | Q(uscc=folded) | Q(decision_no=q)
                       | Q(decision_no__icontains=q))


def _as_page(matching, q: str) -> tuple[float, int]:
    """What the page asks of the lookup: the count and the first page of 20."""
    from django.core.paginator import Paginator

    t0 = time.perf_counter()
    page = Paginator(matching(q), 20).get_page(1)
    list(page.object_list)
    return time.perf_counter() - t0, page.paginator.count


def _queries(n: int) -> dict[str, list[str]]:
    rng = random.Random(7)
    firms = [i for i in rng.sample(range(1, n + 1), 400) if party(i)[0] == "organisation"][:50]
    out = {"full name": [party(i)[1] for i in firms[:50]],
           "name fragment": [party(i)[1][2:6] for i in firms[:50]],  # 字号 + trade, 4 chars
           "credit code": [party(i)[2] for i in firms[:50]],
           "decision number": [decision_no(i) for i in rng.sample(range(1, n + 1), 50)]}
    return out


def _lookup(backend: str, n: int) -> None:
    configure(backend, _path(n))
    reused = _marker(n) is not None
    gen_s = 0.0
    if not reused:
        t0 = time.perf_counter()
        _generate(n)
        gen_s = time.perf_counter() - t0
        _marker(n, "{}")
    from django.test import Client

    from fazhi.enforcement.models import PublishedDecision
    from fazhi.enforcement.queries import published_matching

    out: dict = {"rows": PublishedDecision.objects.count(), "reused": reused, "gen_s": gen_s,
                 "load": _load()}
    kinds = _queries(n)
    mix = [(kind, q) for k in range(SAMPLES // 4) for kind, qs in kinds.items()
           for q in [qs[k % len(qs)]]]
    client = Client()
    for _kind, q in mix[:WARMUP]:
        client.get("/enforcement/decisions/", {"q": q})
    samples: dict[str, list[float]] = {k: [] for k in kinds}
    found: dict[str, int] = {k: 0 for k in kinds}
    for kind, q in mix:
        t0 = time.perf_counter()
        response = client.get("/enforcement/decisions/", {"q": q})
        samples[kind].append(time.perf_counter() - t0)
        assert response.status_code == 200
    everything = [s for v in samples.values() for s in v]
    out |= percentiles(everything)
    fn = []
    for kind, q in mix:
        spent, count = _as_page(published_matching, q)
        fn.append(spent)
        found[kind] += count
    cut = percentiles(fn)
    out["fn_p50_ms"], out["fn_p99_ms"] = cut["p50_ms"], cut["p99_ms"]
    out["kinds"] = {k: percentiles(v) | {"found": round(found[k] / len(v), 1)}
                    for k, v in samples.items()}
    subset = mix[:BASELINE_QUERIES]
    broad = ("有限公司", "厦门", "罚决〔2025〕")
    same = [_as_page(published_matching, q)[0] for _, q in subset]
    out["broad"] = {}
    for q in broad:
        spent, count = _as_page(published_matching, q)
        out["broad"][q] = {"ms": spent * 1000, "found": count}
    before, broad_before = _before([q for _, q in subset], broad)
    out |= {"base_n": len(subset), "base_p50_ms": sorted(before)[len(before) // 2] * 1000,
            "base_max_ms": max(before) * 1000,
            "fn_p50_ms_same": sorted(same)[len(same) // 2] * 1000}
    for q, spent in broad_before.items():
        out["broad"][q]["before_ms"] = spent * 1000
    out["load"] += " → " + _load()
    emit(out)


class _Rollback(Exception):
    pass


def _before(texts: list[str], broad: tuple[str, ...]) -> tuple[list[float], dict[str, float]]:
    """The lookup before migration 0004 on the same rows: on PostgreSQL its trigram indexes
    are dropped in a transaction rolled back afterwards (SQLite's LIKE never used the FTS
    table)."""
    from django.db import connection, transaction

    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("DROP INDEX enforcement_decision_name_trgm")
                    cur.execute("DROP INDEX enforcement_decision_no_trgm")
            spent = [_as_page(BEFORE, q)[0] for q in texts]
            wide = {q: _as_page(BEFORE, q)[0] for q in broad}
            raise _Rollback
    except _Rollback:
        pass
    return spent, wide


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    kind, backend, size = sys.argv[1:]
    {"lookup": _lookup}[kind](backend, int(size))
