"""The database cache's one-key read (fazhi.core.cache, ADR 0029): one SELECT, and what
Django's own `get` returns — the value, or the default when the entry is missing or
expired."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import cache as db_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deployment_cache(db, settings):
    """The cache a deployment without Redis uses (the tests' default is per process)."""
    from fazhi.settings import CACHES

    settings.CACHES = CACHES
    cache.clear()
    yield
    cache.clear()


def test_a_value_is_read_in_one_statement():
    cache.set("fazhi:test:fp", {"years": [2026, 2027], "at": "2026-12-06"}, 60)
    with CaptureQueriesContext(connection) as captured:
        value = cache.get("fazhi:test:fp")
    assert value == {"years": [2026, 2027], "at": "2026-12-06"}
    assert len(captured.captured_queries) == 1
    assert captured.captured_queries[0]["sql"].startswith('SELECT "value" FROM "fazhi_cache"')


def test_a_missing_key_gives_the_default():
    assert cache.get("fazhi:test:none") is None
    assert cache.get("fazhi:test:none", "默认") == "默认"
    cache.set("fazhi:test:zero", 0, 60)
    assert cache.get("fazhi:test:zero", "默认") == 0  # a stored falsy value is a value


def test_an_expired_entry_gives_the_default(monkeypatch):
    cache.set("fazhi:test:short", "值", 30)
    later = db_cache.tz_now() + timedelta(seconds=31)
    monkeypatch.setattr(db_cache, "tz_now", lambda: later)
    assert cache.get("fazhi:test:short", "过期") == "过期"
    monkeypatch.undo()
    assert cache.get("fazhi:test:short") == "值"
