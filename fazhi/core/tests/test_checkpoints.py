"""Checkpoints are taken on commit after every N events or M minutes, not only by tick, and
a write that does not trigger one makes no query for it."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core import checkpoints
from fazhi.core.ledger import verify
from fazhi.core.models import Checkpoint, Event
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories as df

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _fresh_process(settings):
    """Each test starts like a new process: it knows no checkpoint yet."""
    settings.FAZHI_CHECKPOINT_EVERY_EVENTS = 3
    settings.FAZHI_CHECKPOINT_EVERY_MINUTES = 10
    checkpoints.forget()
    yield
    checkpoints.forget()


def write(agency, capture):
    """One committed write (one event); on-commit callbacks run as after a real commit."""
    with capture(execute=True):
        return df.received(agency, on=DAY)


def covered() -> list[int]:
    return list(Checkpoint.objects.order_by("upto_event_id").values_list("event_count", flat=True))


def test_a_checkpoint_is_taken_on_commit_after_every_n_events(
        agency, django_capture_on_commit_callbacks):
    for _ in range(7):
        write(agency, django_capture_on_commit_callbacks)
    assert covered() == [1, 4, 7]  # the first write finds none; then every 3 events
    report = verify()
    assert report.ok and report.unanchored_events == 0


def test_a_checkpoint_is_taken_when_minutes_have_passed(
        agency, django_capture_on_commit_callbacks, monkeypatch, settings):
    settings.FAZHI_CHECKPOINT_EVERY_EVENTS = 1000
    write(agency, django_capture_on_commit_callbacks)
    write(agency, django_capture_on_commit_callbacks)
    assert covered() == [1]
    later = timezone.now() + timedelta(minutes=11)
    monkeypatch.setattr(timezone, "now", lambda: later)
    write(agency, django_capture_on_commit_callbacks)
    assert covered() == [1, 3]


def test_a_write_that_triggers_no_checkpoint_makes_no_query_for_it(
        agency, handler, django_capture_on_commit_callbacks):
    case = write(agency, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as queries, \
            django_capture_on_commit_callbacks(execute=True) as scheduled:
        act(handler, case, "reply", {"answer_type": "A2", "ground": "",
                                     "text": "经审查，现将所申请的信息提供给您。"}, today=DAY)
    assert scheduled == []
    assert not [q for q in queries if Checkpoint._meta.db_table in q["sql"]]
    assert sum(Event._meta.db_table in q["sql"] for q in queries) == 1  # its one INSERT


def test_tick_still_records_a_checkpoint(agency):
    df.received(agency, on=DAY)  # on-commit callbacks do not run here: only tick checkpoints
    assert covered() == []
    out = StringIO()
    call_command("tick", stdout=out)
    assert "ledger.checkpoint: checkpoint at event" in out.getvalue()
    assert covered() == [1]
