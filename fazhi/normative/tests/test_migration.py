"""Migration normative.0007 (ADR 0022): an existing database keeps its documents and
histories. A review case still open moves into its document's case — the legal office
takes part in it, the review clock continues there — and is closed with a hash-chained
"transfer" event; closed filing cases stay as they are and their body keeps reading the
document. The reviewer then decides on the document's case (国办发〔2018〕115号 二(四))."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fazhi.law import ledger

pytestmark = pytest.mark.django_db(transaction=True)
DAY = date(2026, 4, 7)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _case(apps, agency, procedure: str, number: str, state: str, *, is_open=True, due=None):
    """A case with a one-event history, as the engine of the earlier release wrote it."""
    case = apps.get_model("cases", "Case").objects.create(
        procedure=procedure, procedure_version="2019", number=number, agency=agency,
        title=number, state=state, is_open=is_open, received_on=DAY, due_on=due,
        outcome="" if is_open else "conforming")
    state_text = ledger.canonical_payload({"state": state, "is_open": is_open,
                                           "outcome": case.outcome})
    at = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    digest = ledger.event_hash("case", case.pk, 1, "open", "系统", at, "{}", state_text,
                               ledger.GENESIS)
    apps.get_model("core", "Event").objects.create(
        kind="case", owner_id=case.pk, seq=1, action="open", actor="系统", actor_kind="system",
        at=at, payload="{}", state=state_text, prev_hash=ledger.GENESIS, hash=digest)
    case.event_count, case.head_hash = 1, digest
    case.save()
    return case


def _document(apps, issuer, number: str, status: str):
    case = _case(apps, issuer, "normative", number, status)
    return apps.get_model("normative", "NormativeDocument").objects.create(
        case=case, title=f"关于{number}的规定", doc_type="departmental", issuer=issuer,
        drafting_unit="某处", legal_basis="《某法》", status=status)


def _before(apps) -> dict:
    region = apps.get_model("org", "Region").objects.create(code="350200", name="厦门市",
                                                            level="city")
    agency = apps.get_model("org", "Agency").objects
    legal = agency.create(code="XMSFJ", name="厦门市司法局", short_name="市司法局", region=region,
                          is_legal_office=True)
    dept = agency.create(code="XMSJJ", name="厦门市市场监督管理局", short_name="市市场监管局",
                         region=region)
    under_review = _document(apps, dept, "GF-1", "under_review")
    due = DAY + timedelta(days=21)
    review_case = _case(apps, legal, "normative_review", "HFSH-1", "reviewing", due=due)
    apps.get_model("cases", "Clock").objects.create(
        case=review_case, code="normative.review", started_on=DAY, due_on=due,
        explanation="合法性审核期限", state="running")
    apps.get_model("normative", "LegalityReview").objects.create(
        document=under_review, round=1, case=review_case, submitted_on=DAY, submitted_by="钱起草",
        reviewer_agency=legal, package={})
    in_force = _document(apps, dept, "GF-2", "in_force")
    filing_case = _case(apps, legal, "normative_filing", "BA-1", "conforming", is_open=False)
    apps.get_model("normative", "Filing").objects.create(
        document=in_force, case=filing_case, filed_with=legal, filed_on=DAY, status="conforming")
    return {"review": under_review.pk, "old_review": review_case.pk, "filed": in_force.pk,
            "old_filing": filing_case.pk, "due": due}


def test_open_review_cases_move_into_their_documents_case_histories_intact(settings):
    from conftest import make_staff

    executor = _migrate([("normative", "0006_comment_history")])
    try:
        ids = _before(executor.loader.project_state(
            list(executor.loader.applied_migrations)).apps)
    finally:
        _migrate(_leaves())

    from fazhi.cases.models import Case, Clock, Participant
    from fazhi.core.chains import chain_problems
    from fazhi.normative import models as m
    from fazhi.normative import services as s
    from fazhi.normative.tests.factories import checklist
    from fazhi.org.models import Agency

    old = Case.objects.get(pk=ids["old_review"])
    assert (old.state, old.is_open, old.due_on) == ("transferred", False, None)
    assert list(old.events.values_list("action", flat=True)) == ["open", "transfer"]
    assert chain_problems(old) == []  # the chain and the state it records agree
    doc_case = Case.objects.get(pk=ids["review"])
    clock = Clock.objects.get(case=doc_case, code="normative.review")
    assert clock.state == "running" and doc_case.due_on == clock.due_on == ids["due"]
    parts = set(Participant.objects.values_list("case_id", "agency__code", "role", "active"))
    assert (ids["review"], "XMSFJ", "review_body", True) in parts
    assert (ids["filed"], "XMSFJ", "filing_body", False) in parts  # a closed filing: reads only
    assert Case.objects.get(pk=ids["old_filing"]).state == "conforming"  # closed: untouched
    assert m.LegalityReview.objects.get().legacy_case_id == old.pk

    reviewer = make_staff(Agency.objects.get(code="XMSFJ"), "reviewer", ["reviewer"], "周审核")
    assert list(Case.objects.inbox_for(reviewer).values_list("pk", flat=True)) == [doc_case.pk]
    s.act(reviewer, doc_case, "decide", checklist() | {
        "outcome": "pass", "opinion": "经审核，该文件合法。"}, today=DAY + timedelta(days=7))
    assert m.NormativeDocument.objects.get(pk=ids["review"]).status == m.REVIEWED
    assert m.LegalityReview.objects.get().reviewer == "周审核"
