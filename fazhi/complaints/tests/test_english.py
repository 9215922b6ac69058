"""The complaint and report pages read in English (decision 0027): the workspace case page of
each procedure in several states (actions, states, clocks, history, details) and the track
page, with ASCII data, show no Chinese outside marked elements."""

import pytest
from django.conf import settings
from django.test import Client

from fazhi.complaints.tests.factories import DAY0, english_world
from fazhi.core.english import chinese_outside_marked

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_case_pages_and_the_track_page_are_english(world, settings):
    settings.FAZHI_SITE_OWNER = "Example City Justice Bureau"
    settings.FAZHI_SITE_ADDRESS = "88 Example Road"
    settings.FAZHI_CITY_NAME = "Example City"
    from django.core.cache import cache

    cache.clear()
    from django.contrib.auth.models import User

    cases = english_world(world.regulator, world.handler, world.head, DAY0)
    report = cases[1]
    world.act(report, "open_case", {"legal_basis": "law art 8", "act_date": DAY0.isoformat(),
                               "uscc": world.entity.uscc},
              who=world.head)
    ended = world.act(world.act(cases[2], "end", {"ground": "refused"}), "tell_end",
                      {"told_on": DAY0.isoformat()})
    from fazhi.core.tests.test_english import asciify

    asciify()  # the data renamed to ASCII: what stays Chinese is interface text
    leaks = {}
    for username in ("sj_handler", "sj_head"):
        client = english(Client())
        client.force_login(User.objects.get(username=username))
        for case in [*cases, ended]:
            html = client.get(f"/workspace/cases/{case.pk}/").content.decode()
            found = chinese_outside_marked(html)
            if found:
                leaks[f"{username} {case.number} {case.state}"] = found
        html = client.get("/workspace/complaints/businesses/",
                          {"business": world.entity.uscc}).content.decode()
        assert "Credit risk class" in html
        if chinese_outside_marked(html):
            leaks[f"{username} businesses"] = chinese_outside_marked(html)
    citizen = english(Client())
    for case in cases[:2]:
        citizen.post("/track/", {"code": case.receipt_code})
        found = chinese_outside_marked(citizen.get("/track/").content.decode())
        if found:
            leaks[f"track {case.number}"] = found
    assert not leaks, leaks
