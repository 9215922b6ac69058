"""The screens: staff lead registration, the workspace case page, the party's track page
(statement and defence, hearing request online), and the published decisions."""

from datetime import date

import pytest
from django.test import Client

from fazhi.cases.models import Case
from fazhi.enforcement import services
from fazhi.enforcement.models import PublishedDecision
from fazhi.enforcement.tests.factories import DAY0

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> Client:
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    return client


def test_a_handler_registers_a_lead_and_bad_input_is_422(world, client):
    login(client, "m_handler")
    assert client.get("/workspace/enforcement/new/").status_code == 200
    form = {"party_type": "organisation", "party_name": "厦门某某贸易有限公司",
            "party_id": "91350200MA2Y0000XY", "violation_code": "SC009",
            "violation": "不按规定明码标价", "legal_basis": "《价格法》第四十二条",
            "category": "市场监管", "source": "complaint", "act_date": "2025-02-01",
            "discovered_on": "2025-02-10"}
    bad = client.post("/workspace/enforcement/new/", form | {"act_ended_on": "2025-01-01"})
    assert bad.status_code == 422 and "终了日期不能早于发生日期" in bad.content.decode()
    assert not Case.objects.filter(procedure="penalty").exists()
    response = client.post("/workspace/enforcement/new/", form)
    case = Case.objects.get(procedure="penalty")
    assert response.status_code == 302 and case.received_on == date(2025, 2, 10)
    page = client.get(f"/workspace/cases/{case.pk}/")
    assert page.status_code == 200


def test_the_party_defends_itself_online_and_requests_a_hearing(world, client):
    """《行政处罚法》第四十五条、第六十四条: statement, defence and hearing request online."""
    from django.utils import timezone

    today = timezone.localdate()
    case = world.notified(on=today, fine="150000")
    client.post("/track/", {"code": case.receipt_code})
    page = client.get("/track/").content.decode()
    assert "150000" in page and "track/penalty/hearing/" in page
    assert client.post("/track/penalty/defend/", {"statement": ""}).status_code == 422
    assert client.post("/track/penalty/defend/", {"statement": "已经改正"}).status_code == 302
    assert client.post("/track/penalty/hearing/", {"note": "要求听证"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "hearing_requested" and case.penalty.defended


def test_published_decisions_are_searchable_and_withdrawn_ones_marked(world, client):
    case = world.served()
    services.act(case, "publish", world.handler, {}, today=DAY0)
    services.act(case, "revoke", world.head, {"by": "litigation", "reason": "判决撤销"}, today=DAY0)
    services.act(case, "withdraw_publicity", world.handler, {"reason": "判决撤销"}, today=DAY0)
    row = PublishedDecision.objects.get()
    for q in ("某某食品", "91350200MA2Y0000XX", row.decision_no):
        page = client.get("/enforcement/decisions/", {"q": q}).content.decode()
        assert row.decision_no in page, q
    assert row.decision_no not in client.get("/enforcement/decisions/", {"q": "无此当事人"}).content.decode()
    detail = client.get(f"/enforcement/decisions/{row.pk}/").content.decode()
    assert "判决撤销" in detail


def test_site_search_finds_published_decisions_without_personal_data(world):
    from fazhi.enforcement.queries import search

    case = world.decided(party_type="natural", party_name="张三丰", party_id="350203199001011234")
    services.act(case, "publish", world.handler, {}, today=DAY0)
    hits = search("张", 10)
    assert hits and all("三丰" not in h.title + h.snippet for h in hits)
    assert all("350203199001011234" not in h.title + h.snippet for h in hits)
