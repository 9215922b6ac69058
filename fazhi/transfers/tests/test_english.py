"""Every transfer page reads in English for every role that reaches it (ADR 0027): the
core crawl (fazhi/core/tests/test_english.py) started from this app's pages, with
transfers in several states and the data renamed to ASCII."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from fazhi.core.english import chinese_outside_marked
from fazhi.core.tests.test_english import asciify
from fazhi.transfers import services
from fazhi.transfers.tests.test_flow import TEAM, package

pytestmark = pytest.mark.django_db


def english(actor=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if actor is not None:
        client.force_login(User.objects.get(pk=actor.user_id))
    return client


def leaks_of(client: Client, paths: list[str], visited: set[str]) -> dict[str, list[str]]:
    """The Chinese outside marked elements on each of this app's pages (the rest of the
    site is the core crawl's)."""
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200:
            continue
        visited.add(path)
        html = response.content.decode()
        assert '<html lang="en"' in html
        found[path] = chinese_outside_marked(html)
    return {path: leak for path, leak in found.items() if leak}


@pytest.fixture
def site(settings):
    settings.FAZHI_CITY_NAME = "Example City"  # the site's operator is data too
    settings.FAZHI_SITE_OWNER = "Example City Justice Bureau"
    settings.FAZHI_SITE_ADDRESS = "88 Example Road"


def test_transfer_pages_are_english(site, world, officer, chief, liaison, procurator,
                                    disclosure_case):
    today = timezone.localdate()
    report = "当事人涉嫌犯罪，报请批准移送。"
    late = services.open_transfer(disclosure_case, actor=officer, report=report, officers=TEAM,
                                  on=today - timedelta(days=9), violation_code="SC-FAKE-01",
                                  facts={"amount_involved": 90000})
    refused = services.open_transfer(None, actor=officer, report=report, officers=TEAM, on=today,
                                     reference="R-1")
    services.act(refused, "approve", chief, {}, on=today)
    services.act(refused, "send", officer, {"letter_number": "L-1", "items": ["物品"]}, on=today,
                 files=package())
    services.act(refused, "police_refuse", liaison, {"reasons": "证据不足", "materials_returned": True},
                 on=today)
    filed = services.open_transfer(None, actor=officer, report=report, officers=TEAM, on=today,
                                   reference="F-1")
    services.act(filed, "approve", chief, {}, on=today)
    services.act(filed, "send", officer, {"letter_number": "L-2"}, on=today, files=package())
    not_approved = services.open_transfer(None, actor=officer, report=report, officers=TEAM,
                                          on=today, reference="N-1")
    services.act(not_approved, "not_approve", chief, {"reasons": "未达标准"}, on=today)
    services.flag(disclosure_case, "SC-FAKE-01", {"amount_involved": 90000}, on=today)
    asciify()
    starts = ["/", "/sitemap/", "/search/?q=两法衔接", "/transfers/", "/workspace/transfers/", "/workspace/transfers/new/",
              "/workspace/transfers/supervision/", "/workspace/transfers/thresholds/",
              *(f"/workspace/cases/{c.pk}/" for c in (late, refused, filed, not_approved))]
    leaks, visited = {}, set()
    for actor in (None, officer, chief, liaison, procurator):
        for path, found in leaks_of(english(actor), starts, visited).items():
            leaks[f"{actor.label if actor else 'anonymous'} {path}"] = found
    assert {"/transfers/", "/workspace/transfers/supervision/",
            f"/workspace/cases/{refused.pk}/"} <= visited
    assert not leaks, "\n".join(f"{page}: {found}" for page, found in sorted(leaks.items()))
