"""Custody chain verification over 1,000,000 property items (issue 13, benchmarks).

Generates 1,000,000 items (quick: 50,000) with their custody chains — 3, 5 or 6 events an
item (seized → offered → stored; + final decision recorded and a return offered; + the
return accepted), 4,666,667 events in all — written directly in big transactions with the
real hash chains of `fazhi.law.ledger` and each event's recorded state as the services
would record it, so `fazhi verify-ledger` sees a valid ledger. Then, in a fresh process,
a checkpoint over every event and `verify()` (every owner row, every event, the
checkpoint's root). Baseline in the same run: hashing the same events in memory alone, so
the ratio shows what the database read and the checks add to the hashing.
"""

import sys
import time
from datetime import date, timedelta

from bench.common import peak_rss_mb, table
from bench.synthetic import (
    EVENT_COLUMNS,
    backends,
    bench_dir,
    configure,
    emit,
    run_worker,
)

VERSION = "custody-v1"
SIZES = {True: 50_000, False: 1_000_000}
CHUNK = 20_000
DAY = date(2026, 1, 5)
ITEM_COLUMNS = ("id", "event_count", "head_hash", "code", "agency_id", "case_id", "case_ref",
                "description", "quantity", "unit", "value", "owner_name", "owner_phone",
                "seized_on", "state", "centre_id", "location", "holder", "appraised_value",
                "pending_action", "pending_to_id", "pending_by", "pending", "final_ref",
                "disposed_on")
HISTORY = ("state", "centre_id", "location", "holder", "pending_action", "pending_to_id",
           "final_ref")


def main(quick: bool) -> None:
    items = SIZES[quick]
    for backend in backends():
        gen = run_worker("bench.bench_custody", "prepare", backend, str(items))
        r = run_worker("bench.bench_custody", "verify", backend, str(items))
        table(f"custody chain on {backend}: {items:,} items, {r['events']:,} events", [
            ("data generation", "reused cached data set" if gen["reused"]
             else f"{gen['generation_s']:,.0f} s"),
            ("checkpoint over every event", f"{r['checkpoint_s']:.1f} s"),
            ("verify (fazhi verify-ledger)", f"{r['verify_s']:.1f} s  "
                                             f"({r['events'] / r['verify_s']:,.0f} events/s)"),
            ("problems found", str(r["problems"])),
            ("baseline: hashing the events in memory", f"{r['hash_s']:.1f} s"),
            ("ratio verify / hashing alone", f"{r['verify_s'] / r['hash_s']:.2f}"),
            ("peak RSS of the verifying process", f"{r['peak_mb']:.0f} MB"),
        ])


def _path(items: int):
    return bench_dir() / f"{VERSION}-{items}.sqlite3"


def _prepare(backend: str, items: int) -> None:
    configure(backend, _path(items))
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS fazhi_bench_meta "
                    "(name VARCHAR(100) PRIMARY KEY, value TEXT NOT NULL)")
        cur.execute("SELECT value FROM fazhi_bench_meta WHERE name = %s", [f"{VERSION}-{items}"])
        if cur.fetchone():
            emit({"reused": True})
            return
    started = time.perf_counter()
    _generate(items)
    with connection.cursor() as cur:
        cur.execute("INSERT INTO fazhi_bench_meta (name, value) VALUES (%s, %s)",
                    [f"{VERSION}-{items}", "{}"])
    emit({"reused": False, "generation_s": time.perf_counter() - started})


def _generate(items: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from fazhi.core.models import Checkpoint, Event
    from fazhi.custody.models import Centre, Item
    from fazhi.org.models import Agency, Region

    call_command("flush", interactive=False, verbosity=0)
    city = Region.objects.create(code="350200", name="厦门市", level="city")
    agencies = [Agency.objects.create(code=f"B{n:03d}", name=f"压测执法机关{n}",
                                      short_name=f"机关{n}", region=city) for n in range(20)]
    centre_agency = Agency.objects.create(code="XMSSWZX", name="厦门市涉案财物管理中心",
                                          short_name="涉案财物中心", region=city)
    centre = Centre.objects.create(agency=centre_agency, address="一号库")
    items_sql = _insert_sql(Item._meta.db_table, ITEM_COLUMNS)
    events_sql = _insert_sql(Event._meta.db_table, EVENT_COLUMNS)
    agency_ids = [a.pk for a in agencies]
    raw = connection.vendor == "sqlite"
    if raw:  # the sqlite3 module's executemany, as bench/synthetic.py writes its cases
        connection.ensure_connection()
        db = connection.connection
        db.execute("PRAGMA synchronous=OFF")
    for first in range(1, items + 1, CHUNK):
        ids = range(first, min(first + CHUNK, items + 1))
        rows, events = _chunk(ids, agency_ids, centre.pk, centre_agency.pk)
        if raw:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(items_sql.replace("%s", "?"), rows)
            db.executemany(events_sql.replace("%s", "?"), events)
            db.execute("COMMIT")
        else:
            with transaction.atomic(), connection.cursor() as cur:
                cur.executemany(items_sql, rows)
                cur.executemany(events_sql, events)
        if (first // CHUNK) % 10 == 0:
            print(f"  generated {ids[-1]:,}/{items:,} items", flush=True)
    if raw:
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("ANALYZE")
    Checkpoint.objects.all().delete()


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"


_TEXTS: dict[tuple, str] = {}


def _text(values: dict) -> str:
    """canonical_payload, once per distinct content (states and payloads repeat a lot)."""
    from fazhi.law.ledger import canonical_payload

    key = tuple(sorted(values.items()))
    found = _TEXTS.get(key)
    if found is None:
        if len(_TEXTS) > 100_000:
            _TEXTS.clear()
        found = _TEXTS[key] = canonical_payload(values)
    return found


def _chunk(ids: range, agency_ids: list[int], centre_id: int, centre_agency: int):
    from fazhi.law.ledger import GENESIS, event_hash

    rows, events = [], []
    for pk in ids:
        agency = agency_ids[pk % len(agency_ids)]
        seized = DAY - timedelta(days=pk % 700)
        fields = {"state": "seized", "centre_id": None, "location": "暂存室",
                  "holder": "压测承办人", "pending_action": "", "pending_to_id": None,
                  "final_ref": ""}
        steps = _steps(pk, centre_id, centre_agency, agency)
        prev, seq = GENESIS, 0
        for action, actor, change, payload in steps:
            seq += 1
            fields.update(change)
            state = _text({k: fields[k] for k in HISTORY})
            body = _text(payload | {"state": fields["state"]})
            at = f"{seized + timedelta(days=seq // 2)}T0{seq}:00:00.000000Z"
            digest = event_hash("custody", pk, seq, action, actor, at, body, state, prev)
            events.append(("custody", pk, seq, action, actor, "staff", None, at, body, state,
                           prev, digest))
            prev = digest
        disposed = seized + timedelta(days=90) if fields["state"] == "returned" else None
        rows.append((pk, seq, prev, f"SW-{pk:010d}", agency, None, f"压测罚立{pk}号",
                     "压测财物", "1.00", "件", "100.00", "压测当事人", "", seized,
                     fields["state"], fields["centre_id"], fields["location"],
                     fields["holder"], None, fields["pending_action"],
                     fields["pending_to_id"], None, "{}", fields["final_ref"], disposed))
    return rows, events


def _steps(pk: int, centre_id: int, centre_agency: int, agency: int) -> list:
    """(action, actor, changed fields, payload) of an item's chain: 3, 5 or 6 events."""
    steps = [("seize", "压测承办人", {}, {"case": f"压测罚立{pk % 5000}号"}),
             ("offer", "压测承办人", {"pending_action": "store", "pending_to_id": centre_agency},
              {"handover": "store", "to_agency": centre_agency}),
             ("accept", "压测保管员", {"state": "stored", "centre_id": centre_id,
                                     "location": f"A-{pk % 40}", "holder": "压测保管员",
                                     "pending_action": "", "pending_to_id": None},
              {"handover": "store", "taker": "压测保管员"})]
    if pk % 3 >= 1:
        ref = f"压测罚决{pk % 50}号"
        steps += [("record_final", "压测承办人", {"final_ref": ref}, {"decision_ref": ref}),
                  ("offer", "压测保管员", {"pending_action": "return", "pending_to_id": agency},
                   {"handover": "return", "to_agency": agency})]
    if pk % 3 == 2:
        steps.append(("accept", "压测承办人", {"state": "returned", "location": "",
                                              "holder": "压测承办人", "pending_action": "",
                                              "pending_to_id": None},
                      {"handover": "return", "taker": "压测承办人"}))
    return steps


def _verify(backend: str, items: int) -> None:
    configure(backend, _path(items))
    from fazhi.core.ledger import record_checkpoint, verify
    from fazhi.core.models import Checkpoint

    Checkpoint.objects.all().delete()
    t0 = time.perf_counter()
    record_checkpoint()
    checkpoint_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = verify(DAY)
    verify_s = time.perf_counter() - t0
    peak = peak_rss_mb()
    emit({"events": report.events, "problems": len(report.problems), "verify_s": verify_s,
          "checkpoint_s": checkpoint_s, "hash_s": _hash_baseline(items), "peak_mb": peak,
          "first_problems": [p.detail for p in report.problems[:3]]})


def _hash_baseline(items: int) -> float:
    """Hashing the same events in memory and nothing else (what verification cannot
    avoid): the chunks are rebuilt untimed, then only `event_hash` over their events."""
    from fazhi.law.ledger import event_hash

    spent = 0.0
    for first in range(1, items + 1, CHUNK):
        _, events = _chunk(range(first, min(first + CHUNK, items + 1)), list(range(1, 21)), 1, 21)
        args = [(e[0], e[1], e[2], e[3], e[4], e[7], e[8], e[9], e[10]) for e in events]
        t0 = time.perf_counter()
        for a in args:
            event_hash(*a)
        spent += time.perf_counter() - t0
    return spent


if __name__ == "__main__":
    kind, backend, items = sys.argv[1:]
    {"prepare": _prepare, "verify": _verify}[kind](backend, int(items))
