"""Electronic service: consent, channels, receipts, the service date, post fallback.

《行政处罚法》第六十一条第二款: electronic service only when the party agreed and signed a
confirmation; 《民事诉讼法》（2023）第九十条第二款: the service date is the day the message
reaches the recipient's system; 第九十一条: by post, the receipt date on the return slip.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from fazhi.core.chains import chain_problems
from fazhi.core.errors import InvalidData, NotAllowed, NotFound
from fazhi.delivery import services
from fazhi.delivery.models import Consent, Delivery
from fazhi.delivery.tests.factories import PDF, party_of, replied_case
from fazhi.notifications.models import Notification
from fazhi.notifications.senders import MemorySender

pytestmark = pytest.mark.django_db


def _serve(case, handler, channel=None, **kw):
    return services.serve(case=case, document_title="答复书", content=PDF, filename="reply.pdf",
                          party=party_of(case), actor=handler, channel=channel, **kw)


def _consent(case, handler, channels, **kw):
    return services.give_consent(party=party_of(case), channels=channels, how="signed_form",
                                 actor=handler, case=case, email=kw.get("email", "zhangsan@example.com"),
                                 phone=kw.get("phone", ""))


def test_electronic_service_without_consent_is_refused(agency, handler):
    """《行政处罚法》第六十一条第二款: only with the party's consent and signed confirmation."""
    case = replied_case(agency, handler)
    reason = services.consent_refusal(party_of(case), "email")
    assert "未同意电子送达" in reason and "第六十一条" in reason
    with pytest.raises(NotAllowed) as refused:
        _serve(case, handler, "email")
    assert refused.value.status == 409
    assert not Delivery.objects.exists()  # nothing half-written


def test_consent_covers_only_the_channels_agreed(agency, handler):
    case = replied_case(agency, handler)
    _consent(case, handler, ["email"])
    assert services.consent_refusal(party_of(case), "email") is None
    assert "短信" in services.consent_refusal(party_of(case), "sms")
    assert services.consent_refusal(party_of(case), "post") is None  # post needs no consent


@pytest.mark.parametrize("channels, field, kw", [
    (["sms"], "phone", {"phone": "12345"}),
    (["email"], "email", {"email": "not-an-address"}),
    ([], "channels", {}),
])
def test_consent_needs_confirmed_addresses(agency, handler, channels, field, kw):
    case = replied_case(agency, handler)
    with pytest.raises(InvalidData) as bad:
        _consent(case, handler, channels, **kw)
    assert bad.value.field == field and bad.value.status == 422
    assert not Consent.objects.exists()


def test_email_service_date_is_the_day_it_reaches_the_system(
        agency, handler, django_capture_on_commit_callbacks):
    """《民事诉讼法》（2023）第九十条第二款: the day the message reaches the recipient's system
    (the outbox's sender confirmed it)."""
    case = replied_case(agency, handler)
    _consent(case, handler, ["email"])
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _serve(case, handler, "email")
    delivery.refresh_from_db()
    assert delivery.state == Delivery.DELIVERED
    assert delivery.served_on == timezone.localdate()
    assert "第九十条第二款" in delivery.service_basis
    assert delivery.sha256 == __import__("hashlib").sha256(PDF).hexdigest()
    message = MemorySender.sent[-1]
    assert message.recipient == "zhangsan@example.com"
    # the message names the document and its hash, never the receipt code
    assert delivery.sha256[:16] in message.body and case.receipt_code not in message.body
    assert services.served_on(delivery) == delivery.served_on


def test_a_failed_email_is_marked_failed_and_falls_back_to_post(
        agency, handler, settings, django_capture_on_commit_callbacks):
    settings.FAZHI_NOTIFY_SENDERS = {"email": "fazhi.delivery.tests.test_services.Broken",
                                     "sms": "fazhi.delivery.tests.test_services.Broken"}
    case = replied_case(agency, handler)
    _consent(case, handler, ["email"])
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _serve(case, handler, "email")
    Notification.objects.update(state=Notification.FAILED)  # the outbox gave up
    delivery = services.refresh(delivery.pk)
    assert delivery.state == Delivery.FAILED and delivery.served_on is None
    post = services.record_post(delivery, handler, tracking_number="xa123456789cn",
                                posted_on=timezone.localdate())
    assert post.channel == "post" and post.tracking_number == "XA123456789CN"
    assert post.sha256 == delivery.sha256
    with pytest.raises(InvalidData):  # before it was posted
        services.record_receipt(post, handler, received_on=timezone.localdate() - timedelta(days=1))
    received = timezone.localdate()
    post = services.record_receipt(post, handler, received_on=received)
    assert post.state == Delivery.RECEIVED and post.served_on == received
    assert "第九十一条" in post.service_basis  # 《民事诉讼法》（2023）第九十一条


class Broken:
    def send(self, message) -> None:
        raise RuntimeError("mailbox unreachable")


def test_without_consent_the_document_waits_for_post(agency, handler):
    case = replied_case(agency, handler)
    delivery = _serve(case, handler)  # no channel named, no consent: post
    assert delivery.channel == "post" and delivery.state == Delivery.TO_POST
    with pytest.raises(InvalidData):
        services.record_post(delivery, handler, tracking_number="12", posted_on=timezone.localdate())
    with pytest.raises(NotAllowed):  # a return slip before posting
        services.record_receipt(delivery, handler, received_on=timezone.localdate())


def test_portal_delivery_is_served_when_available_by_default(agency, handler):
    """The default portal rule (UNVERIFIED parameter): the day the document is in the inbox."""
    case = replied_case(agency, handler)
    _consent(case, handler, ["portal"])
    delivery = _serve(case, handler)
    assert delivery.channel == "portal" and delivery.state == Delivery.DELIVERED
    assert delivery.served_on == timezone.localdate()
    assert "未经核实" in delivery.service_basis


def test_portal_first_read_rule_waits_for_the_party(agency, handler, monkeypatch):
    """The operator's rule, dated: from its effective date the first opening counts."""
    monkeypatch.setenv("FAZHI_DELIVERY_PORTAL_RULE", "first_read")
    monkeypatch.setenv("FAZHI_DELIVERY_PORTAL_RULE_FROM", "2025-01-01")
    case = replied_case(agency, handler)
    _consent(case, handler, ["portal"])
    delivery = _serve(case, handler)
    assert delivery.state == Delivery.DELIVERED and delivery.served_on is None
    read = services.open_document(delivery, case)
    assert read.state == Delivery.READ and read.read_at is not None
    assert read.served_on == timezone.localdate()
    first = read.read_at
    again = services.open_document(delivery, case)  # the first opening stays the receipt
    assert again.read_at == first


def test_a_rule_not_yet_in_force_does_not_apply(monkeypatch):
    from fazhi.delivery import rules

    monkeypatch.setenv("FAZHI_DELIVERY_PORTAL_RULE", "first_read")
    monkeypatch.setenv("FAZHI_DELIVERY_PORTAL_RULE_FROM", "2030-01-01")
    assert rules.rule_for("portal", date(2029, 12, 31)).event == rules.AVAILABLE
    assert rules.rule_for("portal", date(2030, 1, 1)).event == rules.FIRST_READ


def test_on_served_runs_once_with_the_delivery(agency, handler):
    seen = []
    services.on_served("disclosure", seen.append)
    try:
        case = replied_case(agency, handler)
        _consent(case, handler, ["portal"])
        delivery = _serve(case, handler)
        services.open_document(delivery, case)
        assert [d.pk for d in seen] == [delivery.pk]
    finally:
        services._CALLBACKS["disclosure"].remove(seen.append)


def test_revoked_consent_refuses_later_electronic_service(agency, handler):
    case = replied_case(agency, handler)
    consent = _consent(case, handler, ["portal", "email"])
    services.revoke_consent(consent, handler)
    assert "未同意" in services.consent_refusal(party_of(case), None)
    with pytest.raises(NotAllowed):
        _serve(case, handler, "portal")
    with pytest.raises(NotAllowed):
        services.revoke_consent(consent, handler)


def test_a_new_consent_replaces_the_old_one(agency, handler):
    case = replied_case(agency, handler)
    first = _consent(case, handler, ["email"])
    second = _consent(case, handler, ["portal"])
    first.refresh_from_db()
    assert not first.active and second.active
    assert services.active_consent(party_of(case).key) == second


def test_staff_of_another_agency_cannot_serve(agency, handler, other_handler):
    case = replied_case(agency, handler)
    with pytest.raises(NotFound):
        _serve(case, other_handler, "post")


def test_every_step_is_in_the_ledger_and_tampering_shows(agency, handler):
    case = replied_case(agency, handler)
    consent = _consent(case, handler, ["portal"])
    delivery = _serve(case, handler)
    services.open_document(delivery, case)
    delivery.refresh_from_db()
    assert [e.action for e in delivery.events] == ["send", "deliver", "read"]
    assert [e.action for e in consent.events] == ["give"]
    assert chain_problems(delivery) == [] and chain_problems(consent) == []
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.FAILED)  # behind the services
    delivery.refresh_from_db()
    assert chain_problems(delivery)


def test_empty_document_is_refused(agency, handler):
    case = replied_case(agency, handler)
    with pytest.raises(InvalidData):
        services.serve(case=case, document_title="答复书", content=b"", filename="a.pdf",
                       party=party_of(case), actor=handler, channel="post")


def test_verify_ledger_covers_consents_and_deliveries(agency, handler):
    """`fazhi verify-ledger` (fazhi.core.ledger.verify) reads both kinds from the database and
    finds them intact; an edit behind the services shows."""
    from fazhi.core.ledger import verify

    case = replied_case(agency, handler)
    consent = _consent(case, handler, ["portal", "email"])
    delivery = _serve(case, handler)
    services.open_document(delivery, case)
    services.revoke_consent(consent, handler)
    report = verify()
    kinds = {k.kind: k for k in report.kinds}
    assert report.ok, report.problems
    assert kinds["delivery"].events == 3 and kinds["delivery_consent"].events == 2
    Consent.objects.filter(pk=consent.pk).update(channel_codes="portal,email,sms")
    assert any(p.kind == "delivery_consent" for p in verify().problems)


def test_addresses_typed_full_width_are_folded_before_they_are_checked(agency, handler):
    """The confirmed addresses (第六十一条第二款) as typed on a phone: NFKC, no spaces."""
    case = replied_case(agency, handler)
    consent = _consent(case, handler, ["email", "sms"], email=" ｚｈａｎｇｓａｎ＠example.com",
                       phone="１３８ ０００ ０００００")
    assert (consent.email, consent.phone) == ("zhangsan@example.com", "13800000000")
