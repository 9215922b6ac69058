"""fazhi.core.writes: the engine's rows written with statements built once (ADR 0029) must
store exactly what the ORM stores, and step aside for a model whose save has receivers.
Counted in statements, never timed."""

from datetime import date

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from fazhi.cases.models import Case, Clock, Participant
from fazhi.core.writes import insert_new, insert_row, insert_unless_taken, update_row, upsert_row
from fazhi.publication.models import PublishedRecord

pytestmark = pytest.mark.django_db


def _case(agency, n: int, code: str = "") -> Case:
    return Case(procedure="disclosure", procedure_version="2019", agency=agency, title="事项",
                state="received", received_on=date(2026, 3, 2), number=f"T-{n}",
                receipt_code=code or f"CODE-{n:04d}")


def _statements(fn) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return [q["sql"] for q in captured.captured_queries]


def test_an_inserted_row_reads_back_as_the_orm_would_have_saved_it(agency):
    mine, theirs = _case(agency, 1), _case(agency, 2)
    sql = _statements(lambda: insert_row(mine))
    theirs.save()
    assert len(sql) == 1 and sql[0].startswith('INSERT INTO "cases_case"')
    assert mine.pk is not None and not mine._state.adding
    clock = Clock(case=mine, code="reply", started_on=date(2026, 3, 2), due_on=date(2026, 3, 30),
                  explanation="20个工作日", stops=[{"start": "2026-03-05", "end": None}])
    insert_row(clock)
    got = Clock.objects.get(pk=clock.pk)
    assert (got.stops, got.due_on, got.state, got.provisional) == (
        [{"start": "2026-03-05", "end": None}], date(2026, 3, 30), Clock.RUNNING, False)
    fields = [f.attname for f in Case._meta.concrete_fields if f.attname not in {
        "id", "number", "receipt_code", "opened_at"}]
    a, b = Case.objects.get(pk=mine.pk), Case.objects.get(pk=theirs.pk)
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]


def test_a_taken_unique_value_writes_nothing_and_the_transaction_carries_on(agency):
    """The receipt code's retry needs no savepoint: a conflicting insert is no error."""
    first = _case(agency, 1, "AAAA-BBBB-CCCC-DDDD")
    assert insert_unless_taken(first, "receipt_code")
    second = _case(agency, 2, "AAAA-BBBB-CCCC-DDDD")
    sql = _statements(lambda: insert_unless_taken(second, "receipt_code"))
    assert second.pk is None and second._state.adding
    assert not [q for q in sql if "SAVEPOINT" in q]
    second.receipt_code = "EEEE-FFFF-GGGG-HHHH"
    assert insert_unless_taken(second, "receipt_code")
    assert Case.objects.filter(number__startswith="T-").count() == 2  # the transaction is usable


def test_rows_that_already_exist_are_skipped_the_others_written(agency):
    case = _case(agency, 1)
    insert_row(case)
    insert_new([Participant(case=case, agency=agency, role="owner", since_seq=1)])
    insert_new([Participant(case=case, agency=agency, role="owner", since_seq=9),
                Participant(case=case, agency=agency, role="review_body", since_seq=9)])
    rows = sorted(Participant.objects.filter(case=case).values_list("role", "since_seq"))
    assert rows == [("owner", 1), ("review_body", 9)]


def test_an_upsert_updates_the_existing_row_in_place(agency):
    case = _case(agency, 1)
    insert_row(case)
    first = PublishedRecord(kind="test.x", case=case, agency=agency, title="一", body="正文")
    upsert_row(first, unique=("kind", "case"), update=("title", "body"))
    again = PublishedRecord(kind="test.x", case=case, agency=agency, title="二", body="新正文")
    upsert_row(again, unique=("kind", "case"), update=("title", "body"))
    stored = PublishedRecord.objects.get(kind="test.x", case=case)
    assert again.pk == first.pk == stored.pk
    assert (stored.title, stored.body, stored.published_at) == ("二", "新正文", first.published_at)


def test_an_update_writes_only_the_named_fields(agency):
    case = _case(agency, 1)
    insert_row(case)
    case.title, case.state = "改过的事项", "closed"
    sql = _statements(lambda: update_row(case, ["title"]))
    assert len(sql) == 1 and '"title"' in sql[0] and '"state"' not in sql[0]
    assert Case.objects.values_list("title", "state").get(pk=case.pk) == ("改过的事项", "received")
    assert _statements(lambda: update_row(case, [])) == []


def test_a_model_with_a_save_receiver_is_saved_through_the_orm(agency):
    """A receiver must not be skipped: such a model goes through save()/bulk_create()."""
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.code, created))

    post_save.connect(receiver, sender=Clock)
    try:
        case = _case(agency, 1)
        insert_row(case)
        insert_row(Clock(case=case, code="reply", started_on=date(2026, 3, 2),
                         due_on=date(2026, 3, 30), explanation="x"))
    finally:
        post_save.disconnect(receiver, sender=Clock)
    assert heard == [("reply", True)]
