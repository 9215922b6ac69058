"""The simple procedure's screens: the register of decision forms, the officer's decision on
the spot (bad input 422, nothing written), the generic case page, the party's track page,
and its indicators for the annual report."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.enforcement import indicators
from fazhi.enforcement import models as m
from fazhi.enforcement import simple_services as services
from fazhi.enforcement.tests.test_simple import collection, spot

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> Client:
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    return client


def test_forms_register_allocates_voids_and_refuses_overlaps_penalty_law_art_52(world, client):
    login(client, "m_head")
    assert client.get("/workspace/enforcement/forms/").status_code == 200
    allocate = {"op": "allocate", "officer": world.officers[0].pk, "prefix": "XM", "start": 1,
                "end": 50}
    assert client.post("/workspace/enforcement/forms/", allocate).status_code == 302
    clash = client.post("/workspace/enforcement/forms/", allocate | {"start": 50, "end": 60})
    assert clash.status_code == 422 and "重叠" in clash.content.decode()
    form_range = m.FormRange.objects.get()
    void = {"op": "void", "form_range": form_range.pk, "number": 1, "reason": "污损"}
    assert client.post("/workspace/enforcement/forms/", void).status_code == 302
    page = client.get("/workspace/enforcement/forms/").content.decode()
    assert "XM01" in page and "污损" in page


def test_an_officer_decides_on_the_spot_and_bad_input_is_422_penalty_law_art_51(world, client):
    services.allocate_range(world.agency, world.head, officer_id=world.officers[0].pk,
                            prefix="XM", start=1, end=50)
    login(client, "m_handler")
    assert client.get("/workspace/enforcement/on-the-spot/").status_code == 200
    today = timezone.localdate()
    form = spot(world.officers[0], occurred_at=f"{today.isoformat()} 09:30")
    form["officer_id"] = str(form["officer_id"])
    form["credentials_shown"] = form["facts_certain"] = "on"
    over = client.post("/workspace/enforcement/on-the-spot/", form | {"fine": "201"})
    assert over.status_code == 422 and "第五十一条" in over.content.decode()
    assert not Case.objects.filter(procedure="simple_penalty").exists()
    response = client.post("/workspace/enforcement/on-the-spot/", form)
    case = Case.objects.get(procedure="simple_penalty")
    assert response.status_code == 302 and case.simple_penalty.form_no == "XM01"
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "/act/deliver/" in page and "XM01" in page


def test_the_party_sees_its_decision_with_the_receipt_code(world, client):
    services.allocate_range(world.agency, world.head, officer_id=world.officers[0].pk,
                            prefix="XM", start=1, end=50)
    today = timezone.localdate()
    case = services.decide(world.agency, world.handler,
                           spot(world.officers[0], occurred_at=f"{today.isoformat()} 09:30"))
    services.act(case, "deliver", world.handler, {"party_signed": True})
    client.post("/track/", {"code": case.receipt_code})
    page = client.get("/track/").content.decode()
    assert "XM01" in page and "张*" in page and "350203198001011234" not in page
    assert "第二十三条第一款第一项" in page


def test_indicators_count_simple_cases_collections_and_cash_on_time_penalty_law_art_71(world):
    services.allocate_range(world.agency, world.head, officer_id=world.officers[0].pk,
                            prefix="XM", start=1, end=50)
    day = timezone.localdate().replace(month=3, day=3)
    for late in (1, 5):
        case = services.decide(world.agency, world.handler,
                               spot(world.officers[0], occurred_at=f"{day.isoformat()} 09:00",
                                    party_id=f"35020319800101{late:04d}"), today=day)
        services.act(case, "deliver", world.handler, {"party_signed": True}, today=day)
        services.act(case, "collect", world.handler, collection("50"), today=day)
        handed = day + timedelta(days=late)
        services.act(case, "hand_over", world.handler, {"on": handed.isoformat()}, today=handed)
    year = day.year
    assert indicators.simple_cases(year, None).value == 2
    assert indicators.simple_collections(year, None).value == 2
    on_time = indicators.simple_cash_on_time(year, None)
    assert (on_time.numerator, on_time.denominator) == (1, 2)


def test_cash_not_handed_over_shows_overdue_in_the_inbox_penalty_law_art_71(world, client):
    services.allocate_range(world.agency, world.head, officer_id=world.officers[0].pk,
                            prefix="XM", start=1, end=50)
    day = timezone.localdate() - timedelta(days=14)
    case = services.decide(world.agency, world.handler,
                           spot(world.officers[0], occurred_at=f"{day.isoformat()} 09:00"), today=day)
    services.act(case, "deliver", world.handler, {"party_signed": True}, today=day)
    services.act(case, "collect", world.handler, collection("50"), today=day)
    services.act(case, "file", world.handler, {}, today=day)
    case.refresh_from_db()
    assert case.due_on == case.clocks.get(code="enforcement.simple_cash_handover").due_on
    page = login(client, "m_handler").get("/workspace/?overdue=1").content.decode()
    assert case.number in page and "badge overdue" in page
