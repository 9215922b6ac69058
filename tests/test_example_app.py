"""A new procedure app is one folder plus one INSTALLED_APPS line (DESIGN.md §4; issue 11):
tests/example_app, installed here by that line alone, appears in the staff navigation, the
inbox, the case page, the portal navigation, site map and site search, the staff API, the
indicators and their drill-down, and the demo, without any shared file naming it."""

import importlib
import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils import timezone

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case

EXAMPLE = "tests.example_app"


def _reload_urls() -> None:
    """What a restarted server does: the APIs and the URLconf are built again."""
    import fazhi.api.private
    import fazhi.api.public
    import fazhi.api.urls
    import fazhi.urls

    for module in (fazhi.api.private, fazhi.api.public, fazhi.api.urls, fazhi.urls):
        importlib.reload(module)
    clear_url_caches()


@pytest.fixture
def example_app():
    """INSTALLED_APPS plus one line, as a deployment would have it (a restarted server
    builds its APIs and URLconf again: reloaded here)."""
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, EXAMPLE]):
        _reload_urls()
        cache.clear()  # the portal header is cached per route
        try:
            yield
        finally:
            registry._REGISTRY.pop("example", None)
    _reload_urls()
    cache.clear()


@pytest.fixture
def example_cases(example_app, agency, handler):
    from tests.example_app import services

    today = timezone.localdate()
    finished = services.receive(agency, handler, "示例事项公示测试", on=today)
    services.finish(handler, finished, on=today)
    return {"open": services.receive(agency, handler, "待办示例事项", on=today),
            "finished": finished}


def login(client, username: str):
    client.login(username=username, password=f"pw-{username}-123456")
    return client


def test_no_shared_file_names_the_example_app():
    """The app reaches the shells only through its AppConfig and INSTALLED_APPS."""
    root = Path(settings.BASE_DIR)
    found = [str(p.relative_to(root)) for p in (root / "fazhi").rglob("*")
             if p.suffix in {".py", ".html"} and "example_app" in p.read_text(encoding="utf-8")]
    assert found == []


@pytest.mark.django_db
def test_staff_navigation_inbox_and_case_page_show_it(client, example_cases, handler):
    login(client, "handler")
    inbox = client.get("/workspace/").content.decode()
    assert '<a href="/example/staff/"' in inbox and "示例事项" in inbox  # navigation
    assert '<a href="/example/staff/">登记示例事项</a>' in inbox  # its intake, for handlers
    assert example_cases["open"].number in inbox and "已收到" in inbox  # inbox row
    assert example_cases["finished"].number not in inbox  # closed: not in the inbox

    page = client.get(f"/workspace/cases/{example_cases['finished'].pk}/").content.decode()
    assert "办结日期" in page  # its payload label on the generic case page
    own = client.get("/example/staff/").content.decode()
    assert example_cases["open"].number in own and 'aria-current="page"' in own


@pytest.mark.django_db
def test_portal_navigation_and_site_search_show_its_published_records(client, example_cases):
    home = client.get("/").content.decode()
    assert '<a href="/example/"' in home and "示例公示" in home
    found = client.get("/search/", {"q": "公示测试"}).content.decode()
    assert "示例事项公示测试" in found and example_cases["finished"].number in found
    assert "待办示例事项" not in client.get("/search/", {"q": "待办"}).content.decode()


@pytest.mark.django_db
def test_the_site_map_lists_its_public_section(client, example_app):
    """The header and the site map (网站地图) both come from the registered sections."""
    text = client.get("/sitemap/").content.decode()
    main = text[text.index("<main"):text.index("</main>")]
    assert '<a href="/example/">示例公示</a>' in main and "示例事项办结后的公示。" in main


@pytest.mark.django_db
def test_its_api_router_is_mounted_on_the_staff_api(client, example_cases, handler):
    from fazhi.api import openapi

    login(client, "handler")
    found = client.get("/api/v1/example/cases").json()
    assert {c["number"] for c in found} == {c.number for c in example_cases.values()}
    assert "/api/v1/example/cases" in openapi.documents()["private"]["paths"]


@pytest.mark.django_db
def test_its_indicator_is_listed_and_drills_down(client, example_cases, supervisor):
    login(client, "supervisor")
    year = timezone.localdate().year
    listing = client.get("/reporting/indicators/", {"year": year}).content.decode()
    assert "示例事项办结率" in listing
    detail = client.get("/reporting/indicators/example_app.finished_rate/", {"year": year})
    html = detail.content.decode()
    assert detail.status_code == 200 and "50" in html
    assert example_cases["open"].number in html and example_cases["finished"].number in html


@pytest.mark.django_db
def test_its_indicator_is_gone_with_the_app(example_cases):
    from fazhi.core import indicators as ind

    assert ind.get("example_app.finished_rate") is not None
    with override_settings(INSTALLED_APPS=[a for a in settings.INSTALLED_APPS if a != EXAMPLE]):
        assert ind.get("example_app.finished_rate") is None
        assert "example_app.finished_rate" not in {i.code for i, _ in ind.unavailable()}


@pytest.mark.django_db
def test_the_demo_runs_its_builder_after_the_organisation(example_app):
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", cases=3, seed=3, today=date(2026, 6, 15).isoformat(), stdout=out,
                 stderr=err)
    assert err.getvalue() == ""
    assert "示例事项 2 件。" in out.getvalue()
    assert set(Case.objects.filter(procedure="example").values_list("state", flat=True)) == {
        "received", "finished"}
