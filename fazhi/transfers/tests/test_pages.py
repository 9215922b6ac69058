"""The staff pages, the procuratorate's view and the public statistics page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.transfers import queries, services
from fazhi.transfers.tests.test_flow import TEAM, package

pytestmark = pytest.mark.django_db


def login(actor) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


@pytest.fixture
def today():
    return timezone.localdate()


def test_the_team_reports_from_the_form(world, officer, today):
    client = login(officer)
    response = client.post(reverse("transfers:new"), {
        "report": "经核实，当事人销售伪劣产品，金额达八万元。", "officers": "陈执法\n李执法",
        "source_reference": "厦市监处〔2026〕1号", "violation_code": "SC-FAKE-01",
        "amount_involved": "80000", "harm": "none"})
    assert response.status_code == 302
    case = queries.transfers().get()
    assert case.transfer.suspicion and "伪劣产品" in case.transfer.suspicion[0]
    page = client.get(response["Location"])
    assert "XMSCJGJ-YS" in page.content.decode()


def test_one_officer_is_refused_with_a_message(world, officer):
    response = login(officer).post(reverse("transfers:new"), {
        "report": "经核实，当事人涉嫌犯罪，报请批准移送。", "officers": "陈执法",
        "source_reference": "X-1", "harm": "none"})
    assert response.status_code == 422
    assert not queries.transfers().exists()


def test_only_handlers_report(world, liaison):
    assert login(liaison).get(reverse("transfers:new")).status_code == 403


def test_the_supervision_view_lists_overdue_refusals_and_flags(world, officer, chief, liaison,
                                                               procurator, disclosure_case,
                                                               today):
    late = services.open_transfer(None, actor=officer, report="当事人涉嫌犯罪，报请批准移送。",
                                  officers=TEAM, on=today - timedelta(days=10), reference="LATE-1")
    refused = services.open_transfer(None, actor=officer, report="当事人涉嫌犯罪，报请批准移送。",
                                     officers=TEAM, on=today, reference="REF-1")
    services.act(refused, "approve", chief, {}, on=today)
    services.act(refused, "send", officer, {"letter_number": "移1号"}, on=today, files=package())
    services.act(refused, "police_refuse", liaison, {"reasons": "证据不足", "materials_returned": True},
                 on=today)
    services.flag(disclosure_case, "SC-FAKE-01", {"amount_involved": Decimal("90000")}, on=today)
    page = login(procurator).get(reverse("transfers:supervision"))
    html = page.content.decode()
    assert page.status_code == 200
    assert late.number in html and refused.number in html and disclosure_case.number in html
    assert login(officer).get(reverse("transfers:supervision")).status_code == 403
    # once a transfer of the flagged case is decided, it leaves the list
    flagged = services.open_transfer(disclosure_case, actor=officer, on=today, officers=TEAM,
                                     report="当事人涉嫌犯罪，报请批准移送。")
    services.act(flagged, "not_approve", chief, {"reasons": "未达追诉标准"}, on=today)
    assert not queries.flagged_not_transferred().exists()


def test_the_public_page_shows_figures_and_no_case(world, officer, chief, today):
    case = services.open_transfer(None, actor=officer, report="当事人王某涉嫌犯罪，报请批准移送。",
                                  officers=TEAM, on=today, reference="SECRET-REF-9")
    services.act(case, "approve", chief, {}, on=today)
    html = Client().get(reverse("transfers:public")).content.decode()
    assert "SECRET-REF-9" not in html and case.number not in html and "王某" not in html
    assert "第五条第二款" in html  # the limits with their citations
    assert "UNVERIFIED" in html or "未经核实" in html
    found = queries.figures(today.year, today)
    assert (found.reported, found.decided, found.on_time) == (1, 1, 1)


def test_the_search_finds_the_statistics_page_only(world, officer, today):
    services.open_transfer(None, actor=officer, report="当事人涉嫌犯罪，报请批准移送。",
                           officers=TEAM, on=today, reference="REF-77")
    hits = queries.search("两法衔接", 5)
    assert len(hits) == 1 and hits[0].url == reverse("transfers:public")
    assert "REF-77" not in hits[0].snippet
    assert queries.search("REF-77", 5) == []


def test_the_thresholds_page_imports_for_admins_only(world, officer, tmp_path):
    response = login(officer).post(reverse("transfers:thresholds"), {})
    assert response.status_code == 403
    assert login(officer).get(reverse("transfers:thresholds")).status_code == 200
