"""The migration to one history (ADR 0018) keeps what was published: case events keep their
ids and v1 hashes, so a checkpoint recorded before it still verifies after it; the other
histories move with their hashes and their owners get heads; new events continue the chains."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.law import ledger

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)  # ids as a new database
# the newest migrations before the move: the database as the move finds it
BEFORE = [("cases", "0002_clock_party_and_bounded_stops"), ("lottery", "0002_held_entry_changes"),
          ("reporting", "0002_report_import_metadata"), ("inspections", "0007_plan_void_and_rerun"),
          ("normative", "0005_filing_dates_from_clocks_comment_provisional"),
          ("org", "0002_agency_contacts")]  # applied either way: its columns must be in the state
AT = "2025-09-01T02:00:00.000000Z"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def v1_chain(model, owner_field: str, owner, actions: list[str], kind: str, **extra) -> str:
    prev = ledger.GENESIS
    for seq, action in enumerate(actions, 1):
        payload = ledger.canonical_payload({"step": seq})
        digest = ledger.event_hash(kind, owner.pk, seq, action, "王承办", AT, payload, "", prev,
                                   fmt=ledger.V1)
        model.objects.create(**{owner_field: owner}, seq=seq, action=action, actor="王承办",
                             at=AT, payload=payload, prev_hash=prev, hash=digest, **extra)
        prev = digest
    return prev


def old_world(apps) -> dict:
    region = apps.get_model("org", "Region").objects.create(code="350200", name="厦门市",
                                                            level="city")
    agency = apps.get_model("org", "Agency").objects.create(
        code="XMSFJ", name="厦门市司法局", short_name="市司法局", region=region)
    case = apps.get_model("cases", "Case").objects.create(
        procedure="disclosure", procedure_version="2019", number="XMSFJ-GK-2025-00001",
        agency=agency, title="统计数据", state="replied", is_open=False,
        received_on=date(2025, 9, 1), outcome="A2")
    head = v1_chain(apps.get_model("cases", "CaseEvent"), "case", case, ["open", "reply"],
                    "case", actor_kind="staff")
    apps.get_model("cases", "Case").objects.filter(pk=case.pk).update(event_count=2,
                                                                       head_hash=head)
    root = ledger.GENESIS
    for event_hash in apps.get_model("cases", "CaseEvent").objects.order_by("id") \
            .values_list("hash", flat=True):
        root = ledger.fold_root(root, event_hash)
    ids = list(apps.get_model("cases", "CaseEvent").objects.order_by("id")
               .values_list("id", flat=True))
    checkpoint = apps.get_model("cases", "LedgerCheckpoint").objects.create(
        upto_event_id=ids[-1], event_count=2, root=root)
    moment = datetime(2025, 6, 1, tzinfo=UTC)
    lot = apps.get_model("lottery", "Lottery").objects.create(
        title="口罩预约摇号", agency=agency, rules="每人一次", eligibility_text="年满18周岁",
        pools=[], sources=[], registration_opens_at=moment, freeze_at=moment, draw_at=moment,
        state="registration_open")
    lot_head = v1_chain(apps.get_model("lottery", "LotteryEvent"), "lottery", lot,
                        ["announce", "open_registration"], "lottery", actor_kind="staff")
    apps.get_model("lottery", "Lottery").objects.filter(pk=lot.pk).update(event_count=2,
                                                                          head_hash=lot_head)
    task = apps.get_model("reporting", "KeyTask").objects.create(year=2025, text="推进三项制度")
    audit = apps.get_model("reporting", "AuditEvent")
    prev = task_head = ledger.GENESIS
    for seq, action in enumerate(["create", "assign"], 1):  # subject-prefixed v1 actions
        digest = ledger.event_hash("task", task.pk, seq, action, "赵督察", AT, "{}", "", prev,
                                   fmt=ledger.V1)
        audit.objects.create(subject="task", subject_id=task.pk, seq=seq, action=action,
                             actor="赵督察", actor_user_id=None, at=AT, payload="{}",
                             prev_hash=prev, hash=digest)
        prev = task_head = digest
    return {"case": case, "case_ids": ids, "checkpoint": checkpoint, "lottery": lot,
            "task": task, "task_head": task_head}


@pytest.mark.slow  # started first (conftest.py)
def test_old_histories_move_and_published_checkpoints_stay_valid():
    from fazhi.core.ledger import verify
    from fazhi.core.models import Checkpoint, Event
    from fazhi.reporting.models import KeyTask

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    try:
        world = old_world(old)
    finally:
        migrate(latest)
    cp = Checkpoint.objects.get()
    assert (cp.upto_event_id, cp.root) == (world["checkpoint"].upto_event_id,
                                           world["checkpoint"].root)
    cases = Event.objects.filter(kind="case").order_by("id")
    assert list(cases.values_list("id", flat=True)) == world["case_ids"]
    assert not Event.objects.exclude(state="").exists()  # format 1: no state recorded
    task = KeyTask.objects.get(pk=world["task"].pk)
    assert (task.event_count, task.head_hash) == (2, world["task_head"])
    assert Event.objects.filter(kind="lottery").count() == 2
    report = verify()
    assert report.ok, report.problems
    assert report.checkpoints == 1 and report.unanchored_events == 4
    assert {k.kind: k.unprovable for k in report.kinds}["case"] == 1  # v1: no state recorded

    from conftest import make_staff
    from fazhi.org.models import Agency
    from fazhi.reporting import key_tasks

    agency = Agency.objects.get(code="XMSFJ")
    office = make_staff(agency, "office", ["supervisor"], "赵督察")
    key_tasks.assign_task(office, task, lead_agency_id=agency.pk)  # a v2 event after v1 ones
    report = verify()
    assert report.ok and {k.kind: k.unprovable for k in report.kinds}["task"] == 0
