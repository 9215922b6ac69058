"""Whole public pages kept per worker for anonymous visitors (fazhi/core/pagecache.py):
served without a query, each visitor with a working CSRF token of their own."""

import re

import pytest
from django.test import Client

from fazhi.core import pagecache

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _on(settings):
    settings.FAZHI_PAGE_CACHE_SECONDS = 30
    pagecache.clear()
    yield
    pagecache.clear()


def test_a_second_visitor_gets_the_kept_page_without_a_query(django_assert_num_queries):
    first = Client().get("/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get("/")
    assert second.status_code == 200 and second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_kept_page_carries_no_token_and_its_switches_work_without_one():
    """The frame's language and display-mode switches set a preference cookie only
    (ADR 0025): exempt from CSRF, so nothing per visitor is in a kept page."""
    Client().get("/")  # kept
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    text = page.content.decode()
    assert page["X-Page-Cache"] == "hit" and "csrfmiddlewaretoken" not in text
    assert "X-CSRFToken" not in text and "csrftoken" not in page.cookies
    response = visitor.post("/display/", {"mode": "large", "next": "/"})
    assert response.status_code == 302
    # the large-text mode is a page of its own, not the standard one
    large = visitor.get("/")
    assert large["X-Page-Cache"] == "miss" and 'class="large-text"' in large.content.decode()
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302 and visitor.cookies["django_language"].value == "en"


def test_pages_with_other_forms_keep_their_token_and_the_check():
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/track/").content.decode()
    assert TOKEN.search(page) and "X-CSRFToken" in page
    assert visitor.post("/track/", {"code": "X"}).status_code == 403


def test_only_pages_that_are_the_same_for_everyone_are_kept(client):
    Client().get("/")
    assert "X-Page-Cache" not in Client().get("/?x=1")
    client.cookies["sessionid"] = "whatever"
    assert "X-Page-Cache" not in client.get("/")
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.cookies["django_language"] = "en"
    assert english.get("/")["X-Page-Cache"] == "miss"


def test_turned_off_with_zero_seconds(settings):
    settings.FAZHI_PAGE_CACHE_SECONDS = 0
    assert "X-Page-Cache" not in Client().get("/")
