"""The engine's round trips (issue 12): an action reads the case, its agency and its detail
row in the locking query, reads the clocks once and only when it changes one, and takes a
number in one statement. Counted in queries, never timed."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.cases.engine import advance, next_number
from fazhi.disclosure.tests import factories as f

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 1)
REPLY = {"answer_type": "A2", "text": "现将相关信息提供给您。"}


def _sql(fn) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return [q["sql"] for q in captured.captured_queries]


def test_an_action_that_moves_no_clock_reads_no_clock_and_no_calendar(agency, handler):
    case = f.received(agency, on=DAY)
    sql = _sql(lambda: advance(case, "reply", handler, REPLY, today=DAY))
    assert not [q for q in sql if "cases_clock" in q or "fazhi_cache" in q]
    # lock (with agency and detail), whether the agency signs replies off internally (an
    # action in `Procedure.signed` taken by staff, ADR 0026), detail, event, case; plus the
    # test's savepoint pair
    assert len([q for q in sql if "SAVEPOINT" not in q]) == 5
    assert sum("cases_signoffchain" in q for q in sql) == 1
    assert sum('FROM "cases_case"' in q and "disclosure_disclosurerequest" in q
               and "org_agency" in q for q in sql) == 1
    detail = [q for q in sql if q.startswith('UPDATE "disclosure_disclosurerequest"')]
    assert len(detail) == 1 and "reply_text" in detail[0] and "applicant_name" not in detail[0]


def test_an_action_that_stops_a_clock_reads_the_clocks_once(agency, handler):
    case = f.received(agency, on=DAY)
    sql = _sql(lambda: advance(case, "consult", handler, {
        "kind": "third_party", "party": "某公司", "sent_on": DAY.isoformat(),
        "method": "direct"}, today=DAY))
    assert len([q for q in sql if q.startswith("SELECT") and 'FROM "cases_clock"' in q]) == 1


def test_a_number_is_taken_in_one_statement_once_its_counter_exists():
    assert next_number("test:one", 2026) == 1
    sql = _sql(lambda: next_number("test:one", 2026))
    assert len(sql) == 1 and sql[0].startswith("UPDATE")
    assert next_number("test:one", 2026) == 3


def test_a_case_record_is_published_and_republished_in_one_statement(agency, handler):
    """A public record of a case is one row per kind (republished in place, keeping its
    first publication time), written in one statement."""
    from fazhi.publication.models import PublishedRecord
    from fazhi.publication.services import publish

    case = f.received(agency, on=DAY)
    sql = _sql(lambda: publish(kind="test.notice", case=case, agency=agency, title="第一版",
                               body="内容"))
    assert len([q for q in sql if "SAVEPOINT" not in q]) == 1
    first = PublishedRecord.objects.get(kind="test.notice", case=case)
    publish(kind="test.notice", case=case, agency=agency, title="第二版", body="内容")
    again = PublishedRecord.objects.get(kind="test.notice", case=case)
    assert (again.pk, again.title, again.published_at) == (first.pk, "第二版", first.published_at)


def test_a_receipt_code_collision_is_retried_within_the_transaction(agency, monkeypatch):
    """Receipt codes are unique: an (only theoretical) collision on insert draws another
    code and the case opens in the same transaction."""
    from fazhi.cases import engine

    first = f.received(agency, on=DAY)
    codes = iter([first.receipt_code, "AAAA-BBBB-CCCC-DDDD"])
    monkeypatch.setattr(engine, "new_receipt_code", lambda: next(codes))
    second = f.received(agency, on=DAY)
    assert second.receipt_code == "AAAA-BBBB-CCCC-DDDD" and second.event_count == 1


def test_a_request_opens_in_one_transaction_without_savepoints_of_its_own(agency):
    """Registration (case, detail, clock, event, owner part and the receipt copy) runs in
    the engine's one transaction: no savepoint for the receipt code's retry nor for the
    service around the engine (ADR 0029). In a test the transaction is itself a savepoint
    of the test's, hence exactly one pair."""
    f.received(agency, on=DAY)  # the year's counter row exists from the first
    sql = _sql(lambda: f.received(agency, on=DAY))
    assert sum(q.startswith("SAVEPOINT") for q in sql) == 1
    assert sum(q.startswith("RELEASE SAVEPOINT") for q in sql) == 1
    inserts = [q.split('"')[1] for q in sql if q.startswith("INSERT")]
    assert inserts == ["cases_case", "disclosure_disclosurerequest", "cases_clock", "core_event",
                       "cases_participant"]
