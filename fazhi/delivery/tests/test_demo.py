"""The demo city's deliveries: disclosure replies served to the inbox (some read), others
posted; every service recorded on its case; no refusals."""

import pytest

from fazhi.delivery.models import Consent, Delivery
from fazhi.org.tests.test_demo import run_demo


@pytest.mark.django_db
def test_demo_serves_replies_through_every_path():
    out, err = run_demo()
    assert err == ""  # no planned action refused
    assert "电子送达：送达" in out  # the builder's report line
    assert Consent.objects.exists()
    channels = set(Delivery.objects.values_list("channel", flat=True))
    assert {"portal", "post"} <= channels, out[-3000:]
    assert Delivery.objects.filter(read_at__isnull=False).exists()
    served = Delivery.objects.filter(channel="portal").select_related("case__disclosure")
    for delivery in served:  # the reply's service date is the delivery's
        assert delivery.case.disclosure.served_on == delivery.served_on
        assert delivery.case.state == "closed"
