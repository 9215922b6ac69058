"""The ledger verifier catches every kind of tampering of a case history and names the case
and sequence (the other history kinds: fazhi/core/tests/test_verify_ledger.py)."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from fazhi.cases.models import Case
from fazhi.core.ledger import record_checkpoint
from fazhi.core.ledger import verify as verify_report
from fazhi.core.models import Event
from fazhi.disclosure.tests import factories as f

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 1)


@pytest.fixture
def history(agency, handler):
    cases = [f.replied(agency, handler, on=DAY) for _ in range(3)]
    record_checkpoint()
    return cases


def verify():
    report = verify_report()
    return report.events, report.problems


def kinds(problems) -> set[str]:
    return {p.code for p in problems}


def events_of(case):
    return Event.objects.filter(kind="case", owner_id=case.pk)


def test_untouched_ledger_verifies(history):
    count, problems = verify()
    assert count == 6 and problems == []
    call_command("verify_ledger")


def test_edited_payload_is_caught(history):
    event = events_of(history[1]).get(seq=2)
    Event.objects.filter(pk=event.pk).update(payload=event.payload.replace("A2", "A3"))
    _, problems = verify()
    assert ("edited", history[1].pk, 2) in {(p.code, p.owner_id, p.seq) for p in problems}
    with pytest.raises(CommandError, match="未通过"):
        call_command("verify_ledger")


def test_deleted_newest_event_is_caught(history):
    events_of(history[0]).filter(seq=2).delete()
    assert {"truncated", "root_mismatch"} <= kinds(verify()[1])


def test_deleted_middle_event_is_caught(history):
    events_of(history[2]).filter(seq=1).delete()
    problems = verify()[1]
    assert any(p.owner_id == history[2].pk and p.code in {"gap", "edited"} for p in problems)


def test_whole_case_history_deleted_is_caught_by_the_checkpoint(history):
    events_of(history[1]).delete()
    Case.objects.filter(pk=history[1].pk).update(event_count=0, head_hash="")
    assert "root_mismatch" in kinds(verify()[1])


def test_reordered_events_are_caught(history):
    first, second = events_of(history[0]).order_by("seq")
    Event.objects.filter(pk=first.pk).update(seq=99)
    Event.objects.filter(pk=second.pk).update(seq=1)
    Event.objects.filter(pk=first.pk).update(seq=2)
    assert verify()[1]


def test_inserted_event_is_caught(history):
    last = events_of(history[0]).order_by("-seq").first()
    Event.objects.create(kind="case", owner_id=history[0].pk, seq=3, action="reply",
                         actor="伪造", actor_kind="staff", at=last.at, payload="{}",
                         state=last.state, prev_hash=last.hash, hash="0" * 64)
    assert ("edited", history[0].pk, 3) in {(p.code, p.owner_id, p.seq) for p in verify()[1]}


def test_checkpoint_is_incremental_and_idempotent(history, agency):
    assert record_checkpoint() is None
    f.received(agency, on=DAY)
    made = record_checkpoint()
    assert made.event_count == 7
    assert verify()[1] == []
