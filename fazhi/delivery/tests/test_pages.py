"""The staff pages and the party's inbox: who sees what, the receipt code never in a URL."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fazhi.delivery.models import Consent, Delivery
from fazhi.delivery.tests.factories import replied_case

pytestmark = pytest.mark.django_db


def _staff(actor) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def test_staff_serves_from_the_case_page_and_sees_the_states(agency, handler):
    case = replied_case(agency, handler, e_service=True)
    client = _staff(handler)
    listing = client.get("/workspace/delivery/")
    assert listing.status_code == 200 and case.number in listing.content.decode()
    page = client.get(f"/workspace/delivery/case/{case.pk}/")
    assert page.status_code == 200 and 'value="portal"' in page.content.decode()
    response = client.post(f"/workspace/delivery/case/{case.pk}/serve/", {"channel": "portal"})
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    page = client.get(f"/workspace/delivery/case/{case.pk}/").content.decode()
    assert f"delivery-{delivery.pk}" in page and case.receipt_code not in page


def test_serving_by_an_unconsented_channel_is_refused_with_the_reason(agency, handler):
    case = replied_case(agency, handler)
    response = _staff(handler).post(f"/workspace/delivery/case/{case.pk}/serve/",
                                    {"channel": "email"})
    assert response.status_code == 409
    assert "未同意电子送达" in response.content.decode()
    assert not Delivery.objects.exists()


def test_other_agency_staff_do_not_see_the_case(agency, handler, other_handler):
    case = replied_case(agency, handler)
    assert _staff(other_handler).get(f"/workspace/delivery/case/{case.pk}/").status_code == 404


def test_staff_records_a_signed_consent_and_bad_input_is_422(agency, handler):
    case = replied_case(agency, handler)
    client = _staff(handler)
    bad = client.post(f"/workspace/delivery/case/{case.pk}/consent/",
                      {"channels": ["sms"], "phone": "123", "how": "signed_form"})
    assert bad.status_code == 422 and "11位手机号码" in bad.content.decode()
    assert not Consent.objects.exists()
    ok = client.post(f"/workspace/delivery/case/{case.pk}/consent/",
                     {"channels": ["sms"], "phone": "13912345678", "how": "signed_form"})
    assert ok.status_code == 302 and Consent.objects.get().how == "signed_form"


def test_party_reads_in_the_inbox_after_entering_the_code(agency, handler):
    case = replied_case(agency, handler, e_service=True)
    _staff(handler).post(f"/workspace/delivery/case/{case.pk}/serve/", {"channel": "portal"})
    delivery = Delivery.objects.get()
    party = Client()
    assert "查询码" in party.get("/delivery/inbox/").content.decode()  # asks for the code first
    assert party.post(f"/delivery/inbox/{delivery.pk}/open/").status_code == 404
    wrong = party.post("/delivery/inbox/", {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert wrong.status_code == 404
    found = party.post("/delivery/inbox/", {"code": case.receipt_code})
    assert found.status_code == 302 and case.receipt_code not in found["Location"]
    page = party.get("/delivery/inbox/").content.decode()
    assert delivery.document_title in page
    opened = party.post(f"/delivery/inbox/{delivery.pk}/open/")
    assert opened.status_code == 200 and opened.content == bytes(delivery.content)
    delivery.refresh_from_db()
    assert delivery.read_at is not None and delivery.state == Delivery.READ


def test_party_withdraws_consent_in_the_inbox(agency, handler):
    case = replied_case(agency, handler, e_service=True)
    party = Client()
    party.post("/delivery/inbox/", {"code": case.receipt_code})
    assert party.post("/delivery/inbox/consent/revoke/").status_code == 302
    assert not Consent.objects.get().active
    again = party.post("/delivery/inbox/consent/", {"channels": ["email"], "email": "x@example.com"})
    assert again.status_code == 302 and Consent.objects.filter(active=True).count() == 1


def test_guide_is_public_and_found_by_site_search(db):
    client = Client()
    page = client.get("/delivery/")
    assert page.status_code == 200 and "第九十条第二款" in page.content.decode()
    from fazhi.delivery.queries import search

    assert search("电子送达", 5)[0].url == "/delivery/"
    assert search("摇号", 5) == []
