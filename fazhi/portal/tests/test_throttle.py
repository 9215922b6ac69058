"""Guessing receipt codes and flooding submissions are throttled per client IP."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.disclosure.tests import factories
from fazhi.portal.tests.conftest import application_post
from fazhi.portal.throttle import hit, parse_rate

# A day-long window: the count cannot roll over while a test runs.


def test_hit_counts_per_scope_and_key():
    assert [hit("t", "1.2.3.4", "2/d") for _ in range(3)] == [True, True, False]
    assert hit("t", "5.6.7.8", "2/d")  # another key has its own count
    assert hit("other", "1.2.3.4", "2/d")  # another scope too


@pytest.mark.parametrize(("rate", "parsed"), [("10/h", (10, 3600)), ("30/10m", (30, 600)),
                                              ("5/s", (5, 1)), ("1/2d", (1, 172800))])
def test_parse_rate(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["", "10", "ten/h", "10/y", "/h"])
def test_bad_rate_is_a_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)


@pytest.mark.django_db
@override_settings(FAZHI_THROTTLE_TRACK="2/d")
def test_track_guesses_beyond_the_rate_are_429(client, agency):
    case = factories.received(agency, on=timezone.localdate())
    for _ in range(2):
        assert client.post("/track/", {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 404
    response = client.post("/track/", {"code": case.receipt_code})  # even the right code
    assert response.status_code == 429
    assert "查询过于频繁，请稍后再试" in response.content.decode()
    assert int(response["Retry-After"]) == 86400
    other_ip = client.post("/track/", {"code": case.receipt_code}, REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 302


@pytest.mark.django_db
@override_settings(FAZHI_THROTTLE_SUBMIT="1/d")
def test_submissions_beyond_the_rate_are_429(client, agency):
    assert client.post("/disclosure/apply/", application_post(agency)).status_code == 302
    response = client.post("/disclosure/apply/", application_post(agency))
    assert response.status_code == 429
    assert "查询过于频繁，请稍后再试" in response.content.decode()
    assert Case.objects.count() == 1
    assert client.get("/disclosure/apply/").status_code == 200  # reading is not throttled
