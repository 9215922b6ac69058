"""`fazhi verify-ledger` over the one history: every tampering of issue 10 item 16 is caught.

Each history kind (cases, lottery rounds, inspection plans, key tasks, annual reports) is
edited, truncated, reordered or deleted behind the services' back, and the command must
fail naming the owner and sequence. Tampering after the last checkpoint that keeps every
chain consistent cannot be proven; the command must say so ("未锚定") instead of "OK".
"""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import make_staff
from fazhi.cases.models import Case
from fazhi.disclosure.tests import factories as df

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 1)
FORGED = '{"forged":true}'


def run_verify(*args: str) -> tuple[bool, str]:
    """(passed, everything printed) of `fazhi verify-ledger`."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_ledger", *args, stdout=out, stderr=err)
    except CommandError as failed:
        return False, out.getvalue() + err.getvalue() + str(failed)
    return True, out.getvalue() + err.getvalue()


def checkpoint():
    from fazhi.core.ledger import record_checkpoint

    return record_checkpoint()


def found(*args) -> set[tuple]:
    """(code, kind, owner_id, seq) of every problem verify() reports."""
    from fazhi.core.ledger import verify

    return {(p.code, p.kind, p.owner_id, p.seq) for p in verify(*args).problems}


def events_of(owner):
    return owner.events


def rehash_from(owner, seq: int) -> None:
    """What a careful forger does: recompute every hash from `seq` on and move the head."""
    from fazhi.law import ledger

    events = list(events_of(owner).order_by("seq"))
    prev = events[seq - 2].hash if seq > 1 else ledger.GENESIS
    for event in events[seq - 1:]:
        event.prev_hash = prev
        event.hash = ledger.event_hash(event.kind, event.owner_id, event.seq, event.action,
                                       event.actor, event.at, event.payload, event.state, prev,
                                       fmt=event.format)
        event.save(update_fields=["prev_hash", "hash"])
        prev = event.hash
    type(owner).objects.filter(pk=owner.pk).update(event_count=len(events), head_hash=prev)


# -- owners of each history kind --------------------------------------------------------------


def a_case(agency, handler):
    return df.replied(agency, handler, on=DAY)


def a_lottery(agency, handler):
    from fazhi.lottery.tests import factories as lf

    admin = make_staff(agency, "lotadmin", ["admin"], "陈管理")
    return lf.frozen(admin, n=3)


def a_plan(agency, handler):
    from fazhi.inspections import plans
    from fazhi.inspections.tests import factories as inf

    siming = inf.district(agency.region)
    items = [inf.item(agency, "SF-1")]
    inf.entities(12, siming)
    for n in range(1, 4):
        inf.inspector(agency, f"J{n}", username=f"j{n}")
    plan = plans.create_plan(handler, inf.rules(items))
    return plans.freeze(handler, plan.pk)


def a_task(agency, handler):
    from fazhi.reporting import key_tasks

    office = make_staff(agency, "office", ["supervisor"], "赵督察")
    task = key_tasks.create_task(office, year=2025, text="推进行政执法“三项制度”全覆盖")
    return key_tasks.assign_task(office, task, lead_agency_id=agency.pk,
                                due_on=date(2025, 12, 31))


def a_report(agency, handler):
    from fazhi.reporting import annual_reports

    office = make_staff(agency, "office", ["supervisor"], "赵督察")
    report = annual_reports.create_report(office, year=2024)
    block = report.blocks.order_by("id").first()
    annual_reports.edit_block(office, block.pk, heading="", text="全年办理行政复议案件。")
    return report


OWNERS = {"case": a_case, "lottery": a_lottery, "plan": a_plan, "task": a_task,
          "report": a_report}


@pytest.fixture(params=sorted(OWNERS))
def owner(request, agency, handler):
    made = OWNERS[request.param](agency, handler)
    made.refresh_from_db()
    assert events_of(made).count() >= 2
    checkpoint()
    return made


def test_untouched_histories_verify(owner):
    passed, text = run_verify()
    assert passed, text
    assert found() == set()


def test_edited_event_is_caught(owner):
    events_of(owner).filter(seq=2).update(payload=FORGED)
    passed, text = run_verify()
    assert not passed and str(owner.pk) in text
    assert ("edited", owner.history_kind, owner.pk, 2) in found()


def test_deleted_newest_event_is_caught(owner):
    newest = owner.event_count
    events_of(owner).filter(seq=newest).delete()
    assert not run_verify()[0]
    assert ("truncated", owner.history_kind, owner.pk, newest - 1) in found()


def test_reordered_events_are_caught(owner):
    first, second = events_of(owner).order_by("seq")[:2]
    events_of(owner).filter(pk=first.pk).update(seq=99)
    events_of(owner).filter(pk=second.pk).update(seq=1)
    events_of(owner).filter(pk=first.pk).update(seq=2)
    assert not run_verify()[0]
    assert any(p[1:3] == (owner.history_kind, owner.pk) for p in found())


def test_whole_history_deleted_with_its_head_is_caught_by_the_checkpoint(owner):
    events_of(owner).delete()
    type(owner).objects.filter(pk=owner.pk).update(event_count=0, head_hash="")
    assert not run_verify()[0]
    assert ("root_mismatch", None, None, None) in found()


def test_history_rewritten_before_the_checkpoint_is_caught(owner):
    events_of(owner).filter(seq=1).update(payload=FORGED)
    rehash_from(owner, 1)
    assert not run_verify()[0]
    assert ("root_mismatch", None, None, None) in found()


def test_state_edited_alone_is_caught(owner):
    """The state an object is in must be the state its latest event produced."""
    field = owner.history_state[0]
    type(owner).objects.filter(pk=owner.pk).update(**{field: "forged"})
    passed, text = run_verify()
    assert not passed and "forged" in text
    assert ("state", owner.history_kind, owner.pk, owner.event_count) in found()


@pytest.mark.parametrize("counter", ["event_count", "head_hash"])
def test_counters_edited_are_caught(owner, counter):
    value = owner.event_count + 1 if counter == "event_count" else "f" * 64
    type(owner).objects.filter(pk=owner.pk).update(**{counter: value})
    assert not run_verify()[0]
    assert any(p[1:3] == (owner.history_kind, owner.pk) for p in found())


# -- cases: the fields events and clocks determine ---------------------------------------------


@pytest.mark.parametrize("field", ["is_open", "outcome"])
def test_case_fields_set_by_its_events_are_reconciled(agency, handler, field):
    case = a_case(agency, handler)
    value = not case.is_open if field == "is_open" else "A5"
    Case.objects.filter(pk=case.pk).update(**{field: value})
    assert not run_verify()[0]
    assert ("state", "case", case.pk, case.event_count) in found()


@pytest.mark.parametrize("field, value", [("due_on", date(2030, 1, 1)),
                                          ("due_provisional", True)])
def test_stored_due_fields_differing_from_the_clocks_are_caught(agency, handler, field, value):
    """《政府信息公开条例》第三十三条: the stored due date is the reply clock's, never typed in."""
    case = df.received(agency, on=DAY)
    Case.objects.filter(pk=case.pk).update(**{field: value})
    passed, text = run_verify()
    assert not passed and str(case.pk) in text
    assert ("due", "case", case.pk, None) in found(DAY)


def test_closed_case_with_a_due_date_is_caught(agency, handler):
    case = a_case(agency, handler)
    Case.objects.filter(pk=case.pk).update(due_on=DAY)
    assert not run_verify()[0]


def consulting(agency, handler) -> Case:
    """A request whose reply clock stands still for a third party (sent Wed 3 Sep 2025)."""
    from fazhi.disclosure.services import act

    case = df.received(agency, on=DAY)
    return act(handler, case, "consult", {"kind": "third_party", "party": "某科技有限公司",
                                          "sent_on": "2025-09-03", "method": "direct"},
               today=date(2025, 9, 3))


@pytest.mark.parametrize("today", [date(2025, 9, 10), date(2025, 9, 30)])
def test_a_case_waiting_for_a_consulted_third_party_verifies(agency, handler, today):
    """《政府信息公开条例》第三十二条、第三十三条第三款: the consultation stops the reply
    clock only until the third party's 15 WD run out, so the waiting case keeps a due date
    (the reply clock's, the stop counted to its bound); the party's own clock is not the
    agency's deadline. Verified while the stop runs and after its bound, before tick moved
    the clock's paused flag."""
    case = consulting(agency, handler)
    assert case.due_on is not None and case.due_on > date(2025, 9, 24)  # the party's due
    passed, text = run_verify("--today", today.isoformat())
    assert passed, text


def test_a_waiting_cases_due_date_moved_to_the_partys_is_caught(agency, handler):
    """第三十三条: the stored due date is the reply clock's, never another's."""
    case = consulting(agency, handler)
    Case.objects.filter(pk=case.pk).update(due_on=date(2025, 9, 24))
    assert ("due", "case", case.pk, None) in found(date(2025, 9, 10))


# -- after the last checkpoint: what can and cannot be proven ---------------------------------


def test_rewritten_event_after_the_last_checkpoint_is_reported_unanchored(agency, handler):
    case = df.received(agency, on=DAY)
    checkpoint()
    df.correcting(agency, handler, on=DAY, due=date(2025, 9, 20))  # 2 events of another case
    case = Case.objects.get(pk=df.replied(agency, handler, on=DAY).pk)  # 2 events
    events_of(case).filter(seq=2).update(payload=FORGED)
    rehash_from(case, 2)
    passed, text = run_verify()
    assert "未锚定" in text and "无法证明" in text and f"案件 {case.pk}" in text
    from fazhi.core.ledger import verify

    report = verify()
    assert report.unanchored_events == 4 and not report.problems
    assert ("case", case.pk, 1, 2) in report.unanchored_owners


def test_truncated_events_after_the_last_checkpoint_are_reported(agency, handler):
    case = df.received(agency, on=DAY)
    checkpoint()
    case = df.replied(agency, handler, on=DAY)
    newest = events_of(case).order_by("-seq").first()
    events_of(case).filter(pk=newest.pk).delete()
    previous = events_of(case).order_by("-seq").first()
    Case.objects.filter(pk=case.pk).update(event_count=1, head_hash=previous.hash,
                                           **json.loads(previous.state))
    passed, text = run_verify()
    assert "未锚定" in text and str(newest.pk) in text
    from django.db import connection

    from fazhi.core.ledger import verify

    report = verify()
    assert report.missing_ids == [(newest.pk, newest.pk)]
    # SQLite never skips an id, so there the deletion is proven; PostgreSQL's sequences also
    # skip ids of rolled-back writes, so there it is reported as evidence only
    sqlite = connection.vendor == "sqlite"
    assert {p.code for p in report.problems} == ({"missing"} if sqlite else set())
    assert passed is not sqlite


def test_json_report_names_every_history_kind(owner):
    passed, text = run_verify("--json")
    report = json.loads(text)
    assert passed and report["ok"] is True
    kinds = {k["kind"]: k for k in report["kinds"]}
    assert {"case", "lottery", "plan", "task", "finding", "report", "comment"} <= set(kinds)
    assert kinds[owner.history_kind]["events"] == owner.event_count
    assert report["checkpoints"]["checked"] == 1 and report["unanchored"]["events"] == 0
