"""The demo city's deliveries: disclosure replies served to the inbox (some read), others
posted; every service recorded on its case; no refusals. A city of 120 requests: the
40-request city of the other demo tests has too few replies waiting for service."""

import io

import pytest
from django.core.management import call_command

from fazhi.delivery.models import Consent, Delivery
from fazhi.org.tests.test_demo import TODAY


@pytest.mark.django_db
def test_demo_serves_replies_through_every_path():
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", cases=120, seed=7, today=TODAY.isoformat(), stdout=out, stderr=err)
    out = out.getvalue()
    assert err.getvalue() == ""  # no planned action refused
    assert "电子送达：送达" in out, out[-3000:]  # the builder's report line
    assert Consent.objects.filter(how="signed_form").exists()
    assert Consent.objects.filter(how="online").exists()
    channels = set(Delivery.objects.values_list("channel", flat=True))
    assert {"portal", "post"} <= channels
    assert Delivery.objects.filter(read_at__isnull=False).exists()
    assert Delivery.objects.filter(state=Delivery.RECEIVED).exists()
    served = Delivery.objects.filter(channel="portal", case__procedure="disclosure") \
        .select_related("case__disclosure")  # penalty cases are served too (enforcement demo)
    for delivery in served:  # the reply's service date is the delivery's
        assert delivery.case.disclosure.served_on == delivery.served_on
        assert delivery.case.state == "closed"
