"""The court's pages read in English (ADR 0027, ADR 0048): the clerk's inbox and the case
pages at each court step with the court's action forms, the committee's view of a case the
court handles, and the registration page with its refusals; the data renamed to ASCII (the
core crawl, fazhi/core/tests/test_english.py, covers the rest of the site)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from fazhi.core.english import chinese_outside_marked
from fazhi.core.tests.test_english import asciify
from fazhi.mediation.tests.factories import DAY0, application, days

pytestmark = pytest.mark.django_db


def english(actor) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def test_the_court_pages_are_english(world, settings):
    settings.FAZHI_CITY_NAME = "Example City"
    settings.FAZHI_SITE_OWNER = "Example City Justice Bureau"
    settings.FAZHI_SITE_ADDRESS = "88 Example Road"
    filed = world.filed_online()
    examining = world.act(world.examining_online(DAY0 + days(1)), "examine",
                          {"held_on": (DAY0 + days(14)).isoformat(), "applicant_present": True,
                           "record": "heard"}, on=DAY0 + days(14), who=world.clerk)
    examining = world.act(examining, "extend_examination",
                          {"approved_by": "president", "reason": "more papers"},
                          on=DAY0 + days(15), who=world.clerk)
    served = DAY0 + days(20)
    rejected = world.act(world.examining_online(DAY0 + days(2)), "issue_ruling",
                         {"ruling": "invalid", "reason": "unclear", "served_on": served.isoformat()},
                         on=served, who=world.clerk)
    objected = world.act(world.examining_online(DAY0 + days(3)), "issue_ruling",
                         {"ruling": "valid", "served_on": served.isoformat()}, on=served,
                         who=world.clerk)
    objected = world.act(objected, "object", {"by": "party", "grounds": "wrong"},
                         on=served + days(2), who=world.clerk)
    asciify()
    cases = [f"/workspace/cases/{c.pk}/" for c in (filed, examining, rejected, objected)]
    leaks = {}
    for actor, paths in ((world.clerk, ["/workspace/", *cases]),
                         (world.judge, cases), (world.handler, [*cases, "/workspace/mediation/new/"])):
        client = english(actor)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            found = chinese_outside_marked(response.content.decode())
            if found:
                leaks[f"{actor.label} {path}"] = found
    # the registration page with its refusal (a telephone that is not one)
    bad = english(world.handler).post("/workspace/mediation/new/", application(
        world.committee, applicant_contact="call the office",
        applicant_name="Chen", respondent_name="Li", subject="a leak", facts="water came through",
        request="pay for repairs"))
    assert bad.status_code == 422 and "A telephone number may contain only digits" in \
        bad.content.decode()
    found = chinese_outside_marked(bad.content.decode())
    if found:
        leaks["handler POST /workspace/mediation/new/"] = found
    assert not leaks, "\n".join(f"{page}: {found}" for page, found in sorted(leaks.items()))
