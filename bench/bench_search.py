"""Full-text search over normative documents (issue 3 part 8), SQLite and PostgreSQL.

100,000 synthetic documents of about 3,000 characters (quick: 5,000), written from a
vocabulary of government-document phrases with a topic per document, are inserted in
bulk (cases and documents rows, no engine: bench data), then indexed with
`fazhi.normative.search` (rjieba title words + bigrams, tokenised in two worker
processes a window ahead of the writer): documents/second and peak memory. Then 500
queries of 1–4 terms as the library page runs them (`search.Results`: the count and the
first 20 hits with snippets from one set of matches): p50/p99, and the
same queries as a `LIKE '%term%'` scan (all terms, newest first, top 20) on a subset
of the queries in the same run, with the ratio of medians on that subset.

PostgreSQL: FAZHI_BENCH_SEARCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/fazhi_bench_search (dropped and re-created each run);
skipped when the server does not answer. Targets: p99 < 30 ms, ≥ 50× the scan, peak
memory < 1 GB.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from multiprocessing import get_context

from bench.common import peak_rss_mb, percentiles, table
from bench.synthetic import bench_dir, emit, run_worker

SIZES = {True: 5_000, False: 100_000}
QUERIES, SCAN_QUERIES, WARMUP = 500, 20, 20
WINDOW = 500  # documents tokenised ahead of the writer
IMPORTED = {True: 200, False: 2_000}  # documents through the real importer (quick: 200)
CHARS = 3_000
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/fazhi_bench_search"
SEED = 20240601

TOPICS = {
    "营商环境": ["优化营商环境", "市场主体", "政务服务", "一网通办", "减证便民", "公平竞争审查",
             "涉企收费", "告知承诺制", "证明事项", "惠企政策"],
    "食品安全": ["食品安全", "食品经营许可", "小作坊", "农贸市场", "餐饮服务", "冷链食品",
             "抽样检验", "食品摊贩", "追溯体系", "风险分级"],
    "生态环境": ["生态环境", "排污许可", "大气污染防治", "水污染防治", "垃圾分类", "环境影响评价",
             "碳排放", "固体废物", "噪声污染", "河长制"],
    "住房保障": ["住房保障", "公共租赁住房", "保障性租赁住房", "共有产权住房", "住房公积金",
             "老旧小区改造", "物业管理", "房屋租赁", "城市更新", "历史风貌建筑"],
    "交通运输": ["交通运输", "网络预约出租汽车", "公共交通", "停车设施", "道路运输", "港口岸线",
             "轨道交通", "非机动车", "货运车辆", "交通安全"],
    "安全生产": ["安全生产", "危险化学品", "消防安全", "应急预案", "隐患排查", "特种设备",
             "建筑施工", "燃气安全", "有限空间", "安全培训"],
    "公共数据": ["公共数据", "数据开放", "数据共享", "政务信息系统", "个人信息保护", "数据安全",
             "电子证照", "数字政府", "信用信息", "数据资源目录"],
    "社会保障": ["社会保险", "最低生活保障", "养老服务", "医疗救助", "残疾人", "就业创业",
             "失业保险", "工伤保险", "临时救助", "困难群众"],
}
LAWS = ["《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》", "《优化营商环境条例》",
        "《中华人民共和国食品安全法》", "《中华人民共和国环境保护法》", "《中华人民共和国安全生产法》",
        "《中华人民共和国数据安全法》", "《社会救助暂行办法》", "《物业管理条例》",
        "《中华人民共和国道路交通安全法》", "《福建省优化营商环境条例》", "《厦门经济特区生态文明建设条例》"]
VERBS = ["加强", "规范", "推进", "落实", "完善", "建立健全", "优化", "强化", "深化", "提升"]
GENERIC = ["各区人民政府", "市直有关部门", "行政主管部门", "监督检查", "信息公开", "责任追究",
           "工作机制", "考核评价", "资金保障", "宣传培训", "社会监督", "统筹协调"]
SENTENCES = [
    "第{n}条 为了{v}{a}工作，根据{law}等法律法规规定，结合本市实际，制定本办法。",
    "第{n}条 本办法适用于本市行政区域内的{a}及其监督管理活动。",
    "第{n}条 {g}应当按照职责分工，{v}{a}和{b}，建立{c}协调机制。",
    "第{n}条 {g}应当将{a}纳入年度工作计划，所需经费列入同级财政预算。",
    "第{n}条 违反本办法规定的，由{g}责令限期改正；依照{law}的规定予以处理。",
    "第{n}条 鼓励社会力量参与{a}，支持行业协会商会开展{b}方面的自律管理。",
    "第{n}条 {g}应当通过政府网站公开{a}的办理条件、程序和期限，接受{c}。",
    "第{n}条 对{b}实行{c}，具体办法由{g}另行制定。",
]
ISSUERS = 40


def _doc(rng: random.Random, topic_names: list[str], weights: list[float]) -> tuple[str, str]:
    topic = rng.choices(topic_names, weights)[0]
    terms = TOPICS[topic]
    other = TOPICS[rng.choice(topic_names)]
    title = f"厦门市{rng.choice(VERBS)}{rng.choice(terms)}{rng.choice(['管理办法', '若干措施', '实施细则', '暂行规定', '工作规定'])}"
    parts, n = [], 1
    while sum(map(len, parts)) < CHARS:
        pool = terms if rng.random() < 0.75 else other
        parts.append(rng.choice(SENTENCES).format(
            n=n, v=rng.choice(VERBS), a=rng.choice(pool), b=rng.choice(pool),
            c=rng.choice(GENERIC), g=rng.choice(GENERIC), law=rng.choice(LAWS)))
        n += 1
    return title, "\n".join(parts)


def _queries(rng: random.Random) -> list[str]:
    vocab = [t for terms in TOPICS.values() for t in terms] + GENERIC + VERBS
    out = []
    for _ in range(QUERIES):
        k = rng.choice([1, 1, 2, 2, 2, 3, 4])
        out.append(" ".join(rng.sample(vocab, k)))
    return out


# -- worker ----------------------------------------------------------------------------------

def _tokenise(row: tuple[int, str, str]):  # noqa: ANN202 - runs in a pool worker
    from fazhi.normative import search

    pk, title, body = row
    return pk, search.digest(title, body), search.tokens(title, body)


def _configure(backend: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    os.environ["FAZHI_DEBUG"] = "0"
    os.environ["FAZHI_VAR_DIR"] = str(bench_dir())
    static = bench_dir() / "static"
    static.mkdir(exist_ok=True)
    os.environ["FAZHI_STATIC_ROOT"] = str(static)
    if backend == "postgres":
        import psycopg
        from psycopg import sql

        url = os.environ.get("FAZHI_BENCH_SEARCH_DATABASE_URL", PG_DEFAULT)
        base, _, name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        os.environ["FAZHI_DATABASE_URL"] = url
    else:
        path = bench_dir() / "search.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            (bench_dir() / f"search.sqlite3{suffix}").unlink(missing_ok=True)
        os.environ.pop("FAZHI_DATABASE_URL", None)
        os.environ["FAZHI_SQLITE_PATH"] = str(path)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _insert_documents(n: int, rng: random.Random) -> tuple[float, float]:
    """Bulk rows (bench data): regions, agencies, one case and one document each."""
    from django.db import transaction

    from fazhi.cases.models import Case
    from fazhi.normative import models as m
    from fazhi.org.models import Agency, Region

    started = time.perf_counter()
    city = Region.objects.create(code="350200", name="厦门市", level="city")
    agencies = Agency.objects.bulk_create([
        Agency(code=f"A{i:03d}", name=f"厦门市第{i}局", short_name=f"第{i}局", region=city)
        for i in range(ISSUERS)])
    names = list(TOPICS)
    weights = [1 / (i + 1) for i in range(len(names))]  # a few topics dominate
    statuses = [m.IN_FORCE] * 6 + [m.REPEALED, m.EXPIRED, m.INVALID, m.PUBLISHED]
    chars = 0
    batch = 1_000
    for start in range(0, n, batch):
        cases, docs = [], []
        for i in range(start, min(n, start + batch)):
            title, body = _doc(rng, names, weights)
            agency = agencies[int(rng.paretovariate(1.2)) % ISSUERS]
            published = date(2010, 1, 1) + timedelta(days=rng.randrange(5_500))
            status = rng.choice(statuses)
            case = Case(procedure="normative", procedure_version="2019", number=f"B-{i:07d}",
                        agency=agency, title=title, state=status, received_on=published,
                        is_open=status in m.LIVE_STATUSES, receipt_code=f"R{i:09d}")
            cases.append(case)
            docs.append((title, body, agency, published, status, i))
        with transaction.atomic():
            Case.objects.bulk_create(cases)
            m.NormativeDocument.objects.bulk_create([
                m.NormativeDocument(
                    case=case, title=title, body=body, doc_type=m.DEPARTMENTAL, issuer=agency,
                    drafting_unit=agency.name, legal_basis=rng.choice(LAWS), status=status,
                    doc_no=f"厦{agency.code}规〔{published.year}〕{i}号", number_year=published.year,
                    published_at=published, effective_from=published,
                    valid_until=published + timedelta(days=1825),
                    ended_on=published + timedelta(days=900) if status in m.ENDED_STATUSES else None)
                for case, (title, body, agency, published, status, i) in zip(cases, docs, strict=True)])
        chars += sum(len(d[1]) for d in docs)
    return time.perf_counter() - started, chars / n


def _sqlite_mmap() -> int:
    from django.db import connection

    command = connection.settings_dict["OPTIONS"]["init_command"]
    return int(command.split("mmap_size=")[1].split(";")[0])


def _window(pks: list[int]) -> list[tuple[int, str, str]]:
    from fazhi.normative import models as m

    rows = dict((pk, (pk, t, b)) for pk, t, b in m.NormativeDocument.objects.filter(
        pk__in=pks).values_list("pk", "title", "body"))
    return [rows[pk] for pk in pks]


def _build_index(pool) -> float:  # noqa: ANN001 - a multiprocessing pool
    """Tokenise in the worker processes, write in this one, a window of documents per
    transaction, oldest publication first (as search.rebuild does). The next window is
    tokenised while this one is written; memory stays at two windows."""
    from django.db import transaction

    from fazhi.normative import models as m
    from fazhi.normative import search

    started = time.perf_counter()
    pks = list(m.NormativeDocument.objects.order_by("published_at", "pk")
               .values_list("pk", flat=True))
    windows = [pks[i:i + WINDOW] for i in range(0, len(pks), WINDOW)]
    pending = pool.map_async(_tokenise, _window(windows[0]), chunksize=50) if windows else None
    with search.bulk_indexing():  # as search.rebuild() does
        for k in range(len(windows)):
            tokens = pending.get()
            if k + 1 < len(windows):
                pending = pool.map_async(_tokenise, _window(windows[k + 1]), chunksize=50)
            with transaction.atomic():
                search.write_index(tokens)
    return time.perf_counter() - started


def _import_rate(k: int, rng: random.Random) -> float:
    """Documents/second through the real importer (`fazhi normative-import`): validation,
    one engine case per document, its ledger event, publication record and index rows,
    all in one all-or-nothing transaction."""
    import csv
    import io

    from fazhi.normative.importer import import_documents
    from fazhi.org.actors import Actor

    names = list(TOPICS)
    weights = [1 / (i + 1) for i in range(len(names))]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["标题", "发文字号", "制定机关", "类型", "公布日期", "有效期至", "状态", "正文"])
    for i in range(k):
        title, body = _doc(rng, names, weights)
        published = date(2023, 1, 1) + timedelta(days=i % 700)
        writer.writerow([title, f"厦导规〔{published.year}〕{i + 1}号", "A001", "部门规范性文件",
                         published.isoformat(), (published + timedelta(days=1825)).isoformat(),
                         "现行有效", body])
    raw = io.BytesIO(out.getvalue().encode("utf-8"))
    started = time.perf_counter()
    report = import_documents(Actor.system("基准测试"), raw, "documents.csv",
                              today=date(2026, 1, 5))
    elapsed = time.perf_counter() - started
    assert report.created == k and not report.errors, report.errors[:3]
    return k / elapsed


def _like(terms: list[str]):  # noqa: ANN202
    from django.db.models import Q

    from fazhi.normative import models as m

    qs = m.NormativeDocument.objects.filter(status__in=m.PUBLIC_STATUSES)
    for term in terms:
        qs = qs.filter(Q(title__contains=term) | Q(body__contains=term))
    return lambda: (list(qs.order_by("-published_at", "-pk").values_list("pk", flat=True)[:20]),
                    qs.count())


def _worker(backend: str, n: int) -> None:
    _configure(backend)
    from django.db import connection

    from fazhi.normative import search

    # Fork the tokenising workers while this process is small: a child inherits (and
    # counts in its RSS) whatever the parent holds at fork time.
    pool = get_context("fork").Pool(2)
    rng = random.Random(SEED)
    insert_s, chars = _insert_documents(n, rng)
    if backend == "postgres":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    if backend == "sqlite":
        # Measure the build's own memory: with the memory map on, every database page the
        # build reads would count in this process's RSS although it is page cache.
        with connection.cursor() as cur:
            cur.execute("PRAGMA mmap_size=0")
    index_s = _build_index(pool)
    build_peak_mb = peak_rss_mb()
    pool.close()
    pool.join()
    if backend == "sqlite":
        with connection.cursor() as cur:  # queries as configured (settings: mmap on)
            cur.execute(f"PRAGMA mmap_size={_sqlite_mmap()}")
    with connection.cursor() as cur:
        if backend == "postgres":
            cur.execute("ANALYZE normative_search")
            cur.execute("SELECT pg_total_relation_size('normative_search')")
        else:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            try:
                cur.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'normative_search%'")
            except Exception:  # dbstat is an optional SQLite build feature
                cur.execute("SELECT NULL")
        index_mb = (cur.fetchone()[0] or 0) / 1e6
    queries = _queries(random.Random(SEED + 1))

    def page(q: str) -> tuple[int, list]:
        """What /library/?q= does: the count and the first page, from one set of matches."""
        results = search.Results(q)
        return results.count(), results[0:20]

    for q in queries[:WARMUP]:
        page(q)
    samples, hits = [], []
    for q in queries:
        t0 = time.perf_counter()
        total, found = page(q)
        samples.append(time.perf_counter() - t0)
        hits.append(total)
        assert len(found) == min(20, total)
    scan = queries[:SCAN_QUERIES]
    like_s = []
    for q in scan:
        run = _like(q.split())
        t0 = time.perf_counter()
        run()
        like_s.append(time.perf_counter() - t0)
    fts_subset = samples[:SCAN_QUERIES]
    import_rate = _import_rate(IMPORTED[n == SIZES[True]], random.Random(SEED + 2))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    emit({"docs": n, "chars": chars, "insert_s": insert_s, "index_s": index_s,
          "index_mb": index_mb, "build_peak_mb": build_peak_mb, "peak_mb": peak_rss_mb(),
          "child_peak_mb": children,
          **percentiles(samples), "hits_median": statistics.median(hits), "hits_max": max(hits),
          "like_p50_ms": statistics.median(like_s) * 1000, "import_rate": import_rate,
          "imported": IMPORTED[n == SIZES[True]],
          "fts_subset_p50_ms": statistics.median(fts_subset) * 1000})


def _pg_available() -> bool:
    try:
        import psycopg

        url = os.environ.get("FAZHI_BENCH_SEARCH_DATABASE_URL", PG_DEFAULT)
        base, _, _ = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", connect_timeout=3):
            return True
    except Exception:  # any failure means: no PostgreSQL bench here
        return False


def main(quick: bool) -> None:
    n = SIZES[quick]
    for backend in ["sqlite", *(["postgres"] if _pg_available() else [])]:
        r = run_worker("bench.bench_search", backend, str(n))
        ratio = r["like_p50_ms"] / r["fts_subset_p50_ms"]
        table(f"search on {backend}: {r['docs']:,} documents, {QUERIES} queries of 1–4 terms", [
            ("documents", f"{r['docs']:,} × {r['chars']:,.0f} characters (bulk insert "
                          f"{r['insert_s']:,.0f} s)"),
            ("index build", f"{r['docs'] / r['index_s']:,.0f} docs/s ({r['index_s']:,.0f} s, "
                            "rjieba + bigrams in 2 worker processes)"),
            ("index size", f"{r['index_mb']:,.0f} MB"),
            ("real importer", f"{r['import_rate']:,.0f} docs/s ({r['imported']:,} documents through "
                              "normative-import: validation, engine case, ledger, index)"),
            ("index build peak memory", f"writer {r['build_peak_mb']:,.0f} MB, largest "
                                        f"tokenising worker {r['child_peak_mb']:,.0f} MB "
                                        f"(target < 1 GB: {'met' if max(r['build_peak_mb'], r['child_peak_mb']) < 1024 else 'NOT met'})"),
            ("peak RSS incl. queries", f"{r['peak_mb']:,.0f} MB (SQLite: counts the memory-mapped "
                                       "database pages the LIKE scans read)"),
            ("matches per query", f"median {r['hits_median']:,.0f}, max {r['hits_max']:,}"),
            ("count + first page p50", f"{r['p50_ms']:.1f} ms"),
            ("count + first page p99", f"{r['p99_ms']:.1f} ms  (target < 30 ms: "
                                   f"{'met' if r['p99_ms'] < 30 else 'NOT met'})"),
            (f"LIKE scan p50 ({SCAN_QUERIES} queries)", f"{r['like_p50_ms']:,.1f} ms"),
            ("ratio (same queries, p50)", f"{ratio:,.0f}×  (target ≥ 50×: "
                                          f"{'met' if ratio >= 50 else 'NOT met'})"),
        ])


if __name__ == "__main__":
    _worker(sys.argv[1], int(sys.argv[2]))
