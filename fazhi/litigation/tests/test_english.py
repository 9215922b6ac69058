"""The litigation pages read in English (ADR 0027): the registration page and the case page
in every state, with a hearing without the head, a judicial suggestion and the challenged
case's history entries, crawled as the handler and the head with the data made ASCII (what
stays Chinese is then the interface)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fazhi.cases.models import Case
from fazhi.core.tests.test_english import _english, asciify, crawl
from fazhi.litigation.tests.factories import DAY0, JUDGED, days, defence

pytestmark = pytest.mark.django_db
FOOTER = ("Hosted by:", "Address:")


def test_litigation_pages_are_english(world):
    original = Case.objects.create(procedure="disclosure", procedure_version="2019",
                                   agency=world.agency, number="XMSFJ-GK-2025-00001",
                                   title="request", received_on=DAY0 - days(90), state="closed",
                                   is_open=False)
    late = world.registered(court_case_no="n-1", challenged_case=original.number)
    world.act(late, "defend", defence(DAY0 + days(20)), DAY0 + days(20))
    world.act(late, "hear", {"held_on": (DAY0 + days(40)).isoformat(), "head_present": False,
                             "deputy_name": "deputy", "reason": "official duty"},
              DAY0 + days(40))
    world.act(late, "withdraw", {"ruling_no": "r-1", "served_on": (DAY0 + days(50)).isoformat(),
                                 "act_changed": True}, DAY0 + days(50))
    cases = [late, world.registered(court_case_no="n-2"), world.judged(court_case_no="n-3")]
    effective = world.effective("ordered_perform", court_case_no="n-4")
    world.act(effective, "receive_suggestion", {"suggestion_no": "s-1", "content": "suggestion",
                                                "received_on": (DAY0 + days(JUDGED + 20)).isoformat()},
              DAY0 + days(JUDGED + 20))
    cases.append(effective)
    asciify()
    starts = ["/workspace/litigation/new/", f"/workspace/cases/{original.pk}/",
              *[f"/workspace/cases/{case.pk}/" for case in cases]]
    leaks, visited = {}, set()
    for actor in (world.handler, world.head):
        client = _english(Client())
        client.force_login(User.objects.get(pk=actor.user_id))
        for path, found in crawl(client, starts, visited).items():
            # the footer's site settings (host, address) are configuration, not interface
            found = [text for text in found if not text.startswith(FOOTER)]
            if found and path.startswith(("/workspace/cases/", "/workspace/litigation/")):
                leaks[path] = found
    assert f"/workspace/cases/{effective.pk}/" in visited
    assert not leaks, leaks
