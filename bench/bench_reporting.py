"""Indicators for a city year and the annual-report DOCX, over synthetic bulk rows.

Sets Django up on a temporary SQLite database (migrated here), bulk-inserts N cases across
procedures (100,000; quick: 10,000) with their statutory clocks, then times:
every available indicator for the city year, the supervision dashboard (grouped by agency),
and drafting + exporting the report as DOCX (which recomputes its figures). The baseline is
one COUNT(*) over the same cases in the same run.
"""

import os
import random
import tempfile
from datetime import UTC, date, datetime, timedelta

from bench.common import peak_rss_mb, table, timed

YEAR = 2024
AGENCIES = 40
PROCEDURES = [("disclosure", 0.5), ("normative", 0.1), ("enforcement", 0.25), ("petition", 0.15)]


def _setup(path: str) -> None:
    os.environ["FAZHI_SQLITE_PATH"] = os.path.join(path, "bench.sqlite3")
    os.environ["FAZHI_VAR_DIR"] = path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _populate(n: int) -> None:
    """Bulk synthetic rows (bench only: the engine is bypassed on purpose)."""
    from django.db import transaction

    from fazhi.cases.models import Case, Clock
    from fazhi.org.models import Agency, Region

    rng = random.Random(YEAR)
    city = Region.objects.create(code="350200", name="厦门市", level="city")
    agencies = Agency.objects.bulk_create([
        Agency(code=f"A{i:03d}", name=f"厦门市第{i}局", short_name=f"第{i}局", region=city)
        for i in range(AGENCIES)])
    kinds = [p for p, _ in PROCEDURES]
    weights = [w for _, w in PROCEDURES]
    start = date(YEAR, 1, 1)
    with transaction.atomic():
        cases = []
        for i in range(n):
            proc = rng.choices(kinds, weights)[0]
            received = start + timedelta(days=rng.randrange(365))
            closed = rng.random() < 0.85
            cases.append(Case(
                procedure=proc, procedure_version="bench", number=f"B-{i:07d}",
                agency=agencies[rng.randrange(AGENCIES)], title="合成案件", state="closed"
                if closed else "processing", is_open=not closed, received_on=received,
                closed_at=datetime(received.year, received.month, received.day, tzinfo=UTC)
                + timedelta(days=rng.randrange(40)) if closed else None,
                outcome=rng.choice(["A1", "A2", "A5", "withdrawn"]) if closed else "",
                due_on=None if closed else received + timedelta(days=28)))
        Case.objects.bulk_create(cases, batch_size=5000)
        clocks = []
        for case in Case.objects.filter(procedure="disclosure").values_list(
                "pk", "received_on", "is_open").iterator(chunk_size=5000):
            pk, received, is_open = case
            due = received + timedelta(days=28)
            finished = received + timedelta(days=rng.randrange(5, 40))
            state = Clock.RUNNING if is_open else (Clock.MET if finished <= due else Clock.MISSED)
            clocks.append(Clock(case_id=pk, code="disclosure.reply", started_on=received,
                                due_on=due, explanation="合成", state=state,
                                extended=rng.random() < 0.05,
                                finished_on=None if is_open else finished))
        Clock.objects.bulk_create(clocks, batch_size=5000)


def main(quick: bool) -> None:
    n = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as path:
        migrate_s, _ = timed(lambda: _setup(path))
        populate_s, _ = timed(lambda: _populate(n))
        _run(n, migrate_s, populate_s)


def _run(n: int, migrate_s: float, populate_s: float) -> None:
    from fazhi.cases.models import Case
    from fazhi.core import indicators as ind
    from fazhi.org.actors import Actor
    from fazhi.org.models import Agency
    from fazhi.reporting import annual_reports, queries
    from fazhi.reporting.export import build_docx

    def count() -> int:
        return Case.objects.filter(received_on__year=YEAR).count()

    base = min(timed(count)[0] for _ in range(5))
    available = ind.available()

    def compute_all() -> dict:
        return {i.code: i.compute(YEAR, None).value for i in available}

    ind_s, values = min((timed(compute_all) for _ in range(3)), key=lambda r: r[0])
    dash_s, _ = timed(lambda: queries.dashboard(YEAR))
    office = Agency.objects.first()
    actor = Actor(kind="staff", label="基准测试", user_id=None, agency_id=office.pk,
                  roles=frozenset({"supervisor"}))
    report = annual_reports.create_report(actor, year=YEAR)
    docx_s, blob = timed(lambda: build_docx(report))
    rows = [
        ("cases (all procedures)", f"{n:,} ({count():,} in {YEAR})"),
        ("setup: migrate / bulk insert", f"{migrate_s:.1f} s / {populate_s:.1f} s"),
        ("baseline COUNT(*) same cases", f"{base * 1e3:.2f} ms"),
        (f"all {len(available)} indicators, city year", f"{ind_s:.3f} s"),
        ("ratio indicators / COUNT(*)", f"{ind_s / base:,.1f}×"),
        ("per indicator (mean)", f"{ind_s / max(1, len(available)) * 1e3:.1f} ms"),
        ("supervision dashboard (by agency)", f"{dash_s:.3f} s"),
        ("DOCX: draft figures + export", f"{docx_s:.3f} s ({len(blob):,} bytes)"),
        ("total: indicators + DOCX", f"{ind_s + docx_s:.3f} s (target < 10 s)"),
        ("on-time rate / requests", f"{values.get('disclosure.on_time_rate')}% / "
                                    f"{values.get('disclosure.requests')}"),
        ("peak RSS", f"{peak_rss_mb():.0f} MB"),
    ]
    table(f"reporting: indicators and DOCX ({n:,} cases)", rows)
