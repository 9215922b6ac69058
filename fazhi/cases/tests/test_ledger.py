"""The ledger verifier catches every kind of tampering and names the case and sequence."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from fazhi.cases.ledger import record_checkpoint, verify
from fazhi.cases.models import Case, CaseEvent
from fazhi.disclosure.tests import factories as f

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 1)


@pytest.fixture
def history(agency, handler):
    cases = [f.replied(agency, handler, on=DAY) for _ in range(3)]
    record_checkpoint()
    return cases


def kinds(problems) -> set[str]:
    return {p.kind for p in problems}


def test_untouched_ledger_verifies(history):
    count, problems = verify()
    assert count == 6 and problems == []
    call_command("verify_ledger")


def test_edited_payload_is_caught(history):
    event = CaseEvent.objects.get(case=history[1], seq=2)
    CaseEvent.objects.filter(pk=event.pk).update(payload=event.payload.replace("A2", "A3"))
    _, problems = verify()
    assert ("edited", history[1].pk, 2) in {(p.kind, p.case_id, p.seq) for p in problems}
    with pytest.raises(CommandError, match="FAILED"):
        call_command("verify_ledger")


def test_deleted_newest_event_is_caught(history):
    CaseEvent.objects.filter(case=history[0], seq=2).delete()
    assert {"truncated", "root_mismatch"} <= kinds(verify()[1])


def test_deleted_middle_event_is_caught(history):
    CaseEvent.objects.filter(case=history[2], seq=1).delete()
    problems = verify()[1]
    assert any(p.case_id == history[2].pk and p.kind in {"gap", "edited"} for p in problems)


def test_whole_case_history_deleted_is_caught_by_the_checkpoint(history):
    CaseEvent.objects.filter(case=history[1]).delete()
    Case.objects.filter(pk=history[1].pk).update(event_count=0, head_hash="")
    assert "root_mismatch" in kinds(verify()[1])


def test_reordered_events_are_caught(history):
    first, second = CaseEvent.objects.filter(case=history[0]).order_by("seq")
    CaseEvent.objects.filter(pk=first.pk).update(seq=99)
    CaseEvent.objects.filter(pk=second.pk).update(seq=1)
    CaseEvent.objects.filter(pk=first.pk).update(seq=2)
    assert verify()[1]


def test_inserted_event_is_caught(history):
    last = CaseEvent.objects.filter(case=history[0]).order_by("-seq").first()
    CaseEvent.objects.create(case=history[0], seq=3, action="reply", actor="伪造",
                             actor_kind="staff", at=last.at, payload="{}",
                             prev_hash=last.hash, hash="0" * 64)
    assert ("edited", history[0].pk, 3) in {(p.kind, p.case_id, p.seq) for p in verify()[1]}


def test_checkpoint_is_incremental_and_idempotent(history, agency):
    assert record_checkpoint() is None
    f.received(agency, on=DAY)
    made = record_checkpoint()
    assert made.event_count == 7
    assert verify()[1] == []
