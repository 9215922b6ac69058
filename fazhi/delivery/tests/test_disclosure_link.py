"""Disclosure replies served electronically: the applicant's consent on the form, the reply
served through the delivery service, and its service date recorded as the reply's."""

import pytest
from django.utils import timezone

from fazhi.delivery import services
from fazhi.delivery.models import Consent, Delivery
from fazhi.delivery.tests.factories import replied_case
from fazhi.disclosure import eservice

pytestmark = pytest.mark.django_db


def test_consent_ticked_on_the_application_is_recorded(agency, handler):
    case = replied_case(agency, handler, e_service=True)
    consent = Consent.objects.get()
    assert consent.party_key == f"disclosure:{case.number}" and consent.case == case
    assert consent.channels == ["portal", "email"] and consent.how == "online"
    assert consent.email == "zhangsan@example.com"


def test_no_consent_without_the_tick(agency, handler):
    replied_case(agency, handler)
    assert not Consent.objects.exists()


def test_reply_served_in_the_inbox_closes_the_request_with_that_date(agency, handler):
    """The reply's service date is the delivery's (国办公开办函〔2016〕235号; the portal rule
    is the operator's parameter)."""
    case = replied_case(agency, handler, e_service=True)
    document = eservice.reply_document(case)
    assert document.content.startswith(b"%PDF") and document.party.key.endswith(case.number)
    delivery = services.serve(case=case, document_title=document.title,
                              content=document.content, filename=document.filename,
                              party=document.party, actor=handler)
    assert delivery.channel == "portal"
    case.refresh_from_db()
    assert case.state == "closed" and not case.is_open
    assert case.disclosure.service_method == "electronic"
    assert case.disclosure.served_on == delivery.served_on == timezone.localdate()
    assert eservice.reply_document(case) is None  # nothing left to serve


def test_reply_posted_keeps_the_request_open_until_the_slip(agency, handler):
    case = replied_case(agency, handler)
    document = eservice.reply_document(case)
    delivery = services.serve(case=case, document_title=document.title,
                              content=document.content, filename=document.filename,
                              party=document.party, actor=handler)
    assert delivery.state == Delivery.TO_POST
    today = timezone.localdate()
    delivery = services.record_post(delivery, handler, tracking_number="XA123456789CN",
                                    posted_on=today)
    case.refresh_from_db()
    assert case.state == "replied"
    services.record_receipt(delivery, handler, received_on=today)
    case.refresh_from_db()
    # a posted reply is made on its posting date (235号)
    assert case.state == "closed" and case.disclosure.served_on == today
    assert case.disclosure.service_method == "post"
