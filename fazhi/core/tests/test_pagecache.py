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
    assert pagecache.PLACEHOLDER not in second.content.decode()


def test_each_visitor_posts_the_frame_forms_with_their_own_token():
    Client().get("/")  # kept
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.search(page.content.decode()).group(1)
    assert token != pagecache.PLACEHOLDER
    response = visitor.post("/display/", {"mode": "large", "next": "/",
                                          "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    # the large-text mode is a page of its own, not the standard one
    large = visitor.get("/")
    assert large["X-Page-Cache"] == "miss" and 'class="large-text"' in large.content.decode()


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
