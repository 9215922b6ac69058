"""Repeat-complaint statistics per business (the last 12 months, by kind), within the
actor's visibility; the counts reach an entity's credit view through
`fazhi.subjects.signals.entity_facts` (no procedure-app import)."""

import pytest

from fazhi.complaints import queries
from fazhi.complaints.tests.factories import DAY0, days
from fazhi.subjects.signals import entity_facts

pytestmark = pytest.mark.django_db


def test_counts_per_business_by_kind_in_the_last_12_months(world):
    today = DAY0 + days(30)
    world.received(on=DAY0 - days(400))  # older than 12 months: not counted
    for n in range(3):
        world.received(on=DAY0 + days(n))
    world.received(on=DAY0, kind="both", violation="虚假宣传")  # one complaint and one report
    world.received(on=DAY0, uscc="", business_name="某奶茶店", business_address="某路1号")
    rows = queries.repeat_stats(world.handler, today)
    first, second = rows
    assert (first["uscc"], first["complaints"], first["reports"], first["repeat"]) == \
        (world.entity.uscc, 4, 1, True)
    assert (second["name"], second["complaints"], second["reports"], second["repeat"]) == \
        ("某奶茶店", 1, 0, False)
    assert queries.entity_counts(world.entity.uscc, today) == {"complaints": 4, "reports": 1}
    assert queries.since(today) == DAY0 + days(30) - days(365)


def test_another_agency_sees_none_of_them(world, city):
    from conftest import make_staff
    from fazhi.org.models import Agency

    world.received()
    other = Agency.objects.create(code="XMSZJ", name="厦门市住房局", short_name="市住房局", region=city)
    outsider = make_staff(other, "outsider", ["handler"])
    assert queries.repeat_stats(outsider, DAY0) == []


def test_the_business_page_shows_the_entitys_credit_and_the_signals_facts(world, client):
    from django.contrib.auth.models import User
    from django.utils import timezone

    world.received(on=timezone.localdate())
    client.force_login(User.objects.get(username="sj_handler"))
    page = client.get("/workspace/complaints/businesses/",
                      {"business": world.entity.uscc}).content.decode()
    assert "信用风险分类" in page and "近12个月消费投诉" in page


def test_the_credit_view_hears_the_counts_through_the_signal(world):
    world.received(on=DAY0)
    world.received(on=DAY0, kind="report", violation="虚假宣传")
    answers = [said for _, said in entity_facts.send(sender=None, entity=world.entity, today=DAY0)]
    assert ("近12个月消费投诉", 1) in answers[0] and ("近12个月举报", 1) in answers[0]
