"""Throttles: one counter per scope for the whole deployment (issue 10 item 14).

The portal form and the public API endpoint of an action share a counter; the counter lives
in a cache every worker shares (the database cache by default), its increments are atomic and
keep the window; `check --deploy` warns when a production setting would split the counters.
"""

import os
import subprocess
import sys
import threading
from datetime import UTC
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.core.throttle import hit, parse_rate
from fazhi.disclosure.tests import factories
from fazhi.portal.tests.conftest import application_post

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _deployment_cache(db, settings):
    """The cache a deployment without Redis uses (the tests' default is per process)."""
    from fazhi.settings import CACHES

    settings.CACHES = CACHES
    cache.clear()
    yield
    cache.clear()


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


@override_settings(FAZHI_THROTTLE_SUBMIT="1/d")
def test_submissions_beyond_the_rate_are_429(client, agency):
    assert client.post("/disclosure/apply/", application_post(agency)).status_code == 302
    response = client.post("/disclosure/apply/", application_post(agency))
    assert response.status_code == 429
    assert "查询过于频繁，请稍后再试" in response.content.decode()
    assert Case.objects.count() == 1
    assert client.get("/disclosure/apply/").status_code == 200  # reading is not throttled


def _api_apply(client, agency):
    data = application_post(agency) | {"agency": agency.code}
    data["identity_proof"] = SimpleUploadedFile("id.pdf", b"%PDF-1.4 proof", "application/pdf")
    return client.post("/api/public/v1/disclosure/requests", data)


@override_settings(FAZHI_THROTTLE_SUBMIT="2/d")
def test_portal_and_api_submissions_count_against_one_limit(client, agency):
    """Alternating between the portal form and the API must not double the rate."""
    assert client.post("/disclosure/apply/", application_post(agency)).status_code == 302
    assert _api_apply(client, agency).status_code == 201
    refused_api = _api_apply(client, agency)
    refused_portal = client.post("/disclosure/apply/", application_post(agency))
    assert refused_api.status_code == 429 and refused_portal.status_code == 429
    assert Case.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_default_cache_is_shared_by_every_worker():
    """Without Redis the counters live in the database, so another process (a second
    gunicorn worker) sees the hits this one counted."""
    assert hit("shared", "198.51.100.7", "2/d") and hit("shared", "198.51.100.7", "2/d")
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    if connection.vendor == "sqlite":
        env["FAZHI_SQLITE_PATH"] = db["NAME"]
    else:
        env["FAZHI_DATABASE_URL"] = (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@"
                                     f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}")
    script = ("import django; django.setup(); from fazhi.core.throttle import hit; "
              "print(hit('shared', '198.51.100.7', '2/d'))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env=env | {"DJANGO_SETTINGS_MODULE": "fazhi.settings"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted():
    """Four workers hitting at once lose no increment (the database cache's incr locks)."""
    cache.clear()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(10):
                hit("race", "203.0.113.1", "41/d")
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    allowed = [hit("race", "203.0.113.1", "41/d") for _ in range(2)]
    assert allowed == [True, False]  # 40 counted before: the 41st passes, the 42nd not


def test_an_increment_keeps_the_window():
    """Django's own database-cache incr rewrote the entry with the default 300-second expiry,
    so an hour-long count vanished after five idle minutes."""
    from django.core.cache.backends.db import DatabaseCache

    assert isinstance(caches["default"], DatabaseCache)
    cache.set("w", 1, 3600)
    cache.incr("w")
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM fazhi_cache WHERE cache_key = %s",
                       [cache.make_key("w")])
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):
        from django.utils.dateparse import parse_datetime

        expires = parse_datetime(expires)
    if timezone.is_naive(expires):
        expires = timezone.make_aware(expires, UTC)
    assert (expires - timezone.now()).total_seconds() > 3000
    assert cache.get("w") == 2


def test_deploy_check_warns_when_production_counters_would_split(settings):
    from fazhi.core.checks import throttle_counters

    settings.PRODUCTION = True
    assert throttle_counters() == []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.RATELIMIT_ENABLE = False
    assert [w.id for w in throttle_counters()] == ["fazhi.W001", "fazhi.W002"]
    settings.PRODUCTION = False
    assert throttle_counters() == []
