"""Shared test fixtures: an agency with staff in every role, and a second agency."""

import pytest

# Tests of a minute's order (browser flows, the English crawl, migrations, demo rebuilds)
# start first: pytest-xdist's work stealing then fills the other workers with short tests
# instead of leaving one worker alone with a long test at the end (ADR 0028).
LONG_FIRST = ("tests/browser/",)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow")
               or any(part in item.nodeid for part in LONG_FIRST) else 1)


@pytest.fixture(scope="session", autouse=True)
def _static_root(tmp_path_factory):
    """An existing STATIC_ROOT for the whole run, live server included: whitenoise warns on
    every request handler when it is missing (development serves through the finders and
    never runs collectstatic)."""
    from django.test import override_settings

    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # PBKDF2 costs ~0.26 s per staff fixture; tests check who may do what, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FAZHI_NOTIFY_SENDERS = {"sms": MEMORY_SENDER, "email": MEMORY_SENDER}
    settings.FAZHI_PAGE_CACHE_SECONDS = 0  # a test sees the page its data makes
    # One process: a memory cache, usable without the database. The shared database cache
    # of deployments is tested in fazhi/core/tests/test_throttle.py.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "fazhi-tests"}}
    from django.core.cache import cache

    cache.clear()  # throttle counters live in the cache: no test spends another's allowance
    from django.utils import translation

    # A request made in English by an earlier test leaves English active in this thread (the
    # test client runs the middleware here): every test starts in Chinese, as a request does.
    translation.activate(settings.LANGUAGE_CODE)
    from fazhi.notifications.senders import MemorySender

    MemorySender.sent.clear()


MEMORY_SENDER = "fazhi.notifications.senders.MemorySender"


@pytest.fixture
def city(db):
    from fazhi.org.models import Region

    return Region.objects.create(code="350200", name="厦门市", level="city")


@pytest.fixture
def agency(city):
    from fazhi.org.models import Agency

    return Agency.objects.create(code="XMSFJ", name="厦门市司法局", short_name="市司法局",
                                 region=city, is_legal_office=True)


@pytest.fixture
def other_agency(city):
    from fazhi.org.models import Agency

    return Agency.objects.create(code="XMSJJ", name="厦门市市场监督管理局", short_name="市市场监管局",
                                 region=city)


def make_staff(agency, username: str, roles: list[str], name: str = "测试人员"):
    from django.contrib.auth.models import User

    from fazhi.org.actors import Actor
    from fazhi.org.models import Staff

    user = User.objects.create_user(username, password="pw-" + username + "-123456")
    Staff.objects.create(user=user, agency=agency, display_name=name, roles=roles)
    user.refresh_from_db()
    return Actor.for_user(user)


@pytest.fixture
def handler(agency):
    return make_staff(agency, "handler", ["handler"], "王承办")


@pytest.fixture
def head(agency):
    return make_staff(agency, "head", ["head"], "李负责")


@pytest.fixture
def gio_head(agency):
    """政府信息公开工作机构负责人: approves extending a disclosure reply (条例第三十三条)."""
    return make_staff(agency, "gio_head", ["gio_head"], "周公开")


@pytest.fixture
def supervisor(city):
    from fazhi.org.models import Agency

    office = Agency.objects.create(code="XMYFZSB", name="厦门市委全面依法治市委员会办公室",
                                   short_name="市依法治市办", region=city)
    return make_staff(office, "supervisor", ["supervisor"], "赵督察")


@pytest.fixture
def other_handler(other_agency):
    return make_staff(other_agency, "other", ["handler"], "钱承办")


# -- the demo city, built once per test process on SQLite --------------------------------------

_DEMO_CITY: dict[str, object] = {}


def _pg_rows() -> dict[str, bytes]:
    """Every non-empty table's rows, as PostgreSQL's COPY text."""
    from django.db import connection

    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            data = bytearray()
            with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                for chunk in copy:
                    data += chunk
            if data:
                rows[table] = bytes(data)
    return rows


def _pg_put_back(rows: dict[str, bytes]) -> None:
    """The copied rows in place of whatever the database holds now (the flush after the last
    test leaves what post_migrate writes), with the id sequences past the largest ids."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        for table, data in rows.items():
            with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                copy.write(data)
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture
def demo_city(transactional_db, tmp_path_factory) -> tuple[str, str]:
    """The city of `fazhi.org.tests.test_demo.run_demo()` (40 cases, seed 7, 2026-06-15) in an
    otherwise empty database; returns the command's (stdout, stderr).

    For tests that read the city (and may change it: the database is emptied after each, as
    for any transactional test). The first such test of a process builds it
    and keeps a copy: on SQLite of the database file, put back with SQLite's backup API; on
    PostgreSQL of every table's rows (COPY out; then TRUNCATE and COPY in, foreign keys
    checked at commit) — a fraction of a second instead of a build of 4–13 s. The build
    itself is tested by `fazhi/org/tests/test_demo.py`, which never uses this fixture."""
    import sqlite3
    from contextlib import closing

    from django.db import connection

    from fazhi.org.tests.test_demo import run_demo

    if connection.vendor == "postgresql":
        if "rows" not in _DEMO_CITY:
            _DEMO_CITY["output"] = run_demo()
            _DEMO_CITY["rows"] = _pg_rows()
        else:
            _pg_put_back(_DEMO_CITY["rows"])
        return _DEMO_CITY["output"]
    if connection.vendor != "sqlite":
        return run_demo()
    connection.ensure_connection()
    if "copy" not in _DEMO_CITY:
        _DEMO_CITY["output"] = run_demo()
        path = tmp_path_factory.mktemp("demo-city") / "city.sqlite3"
        with closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
        _DEMO_CITY["copy"] = path
    else:
        with closing(sqlite3.connect(_DEMO_CITY["copy"])) as copy:
            copy.backup(connection.connection)
    return _DEMO_CITY["output"]
