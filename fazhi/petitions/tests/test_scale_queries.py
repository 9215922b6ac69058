"""The backlog's and campaigns' visibility written as a probe per matter (ADR 0047) finds
exactly what `Case.objects.visible_to` finds, for every kind of actor."""

import pytest

from fazhi.cases.models import Case
from fazhi.org.actors import Actor
from fazhi.petitions import queries, services
from fazhi.petitions.tests.factories import DAY0, days

pytestmark = pytest.mark.django_db


def test_backlog_and_campaigns_see_what_visible_to_sees(world, other_agency):
    from conftest import make_staff

    late = world.accepted(subject="超期事项一")  # the bureau's 60 days run out
    services.act(late, "tag_campaign", world.office_head, {"name": "积案化解2025"},
                 today=DAY0 + days(6))
    world.received(subject="超期事项二")  # the office's 15 days run out
    world.accepted(DAY0 + days(100), subject="未超期事项")
    outsider = make_staff(other_agency, "outsider", ["handler"])
    today = DAY0 + days(120)
    for actor in (world.office_handler, world.bureau_handler, world.city_handler, outsider,
                  Actor.public(), None):
        old = set(Case.objects.visible_to(actor).filter(procedure="petition", is_open=True,
                                                        due_on__lt=today)
                  .values_list("pk", flat=True))
        assert set(queries.backlog(actor, today).values_list("pk", flat=True)) == old
        tags = set(Case.objects.visible_to(actor).filter(petition__campaign__gt="",
                                                         is_open=True)
                   .values_list("petition__campaign", flat=True))
        assert set(queries.campaigns(actor)) == tags
    assert queries.backlog(world.bureau_handler, today).count() == 1
    assert queries.backlog(world.office_handler, today).count() == 2
    assert queries.campaigns(world.bureau_handler) == ["积案化解2025"]
    assert queries.campaigns(outsider) == []


def test_visibility_without_owner_parts_is_unchanged(world, other_agency):
    """The visibility subquery leaves out owner parts (fazhi.cases.querysets.NOT_OWNER):
    every agency still sees its own cases and those it has (or had) a part on, and its
    inbox still holds its open cases and those of its active parts."""
    from django.db.models import Q

    from conftest import make_staff

    closed = world.answered(subject="已答复事项")
    services.act(closed, "close", world.office_handler, {}, today=DAY0 + days(90))
    world.accepted(subject="办理中事项")
    world.received(subject="登记事项")
    outsider = make_staff(other_agency, "outsider2", ["handler"])
    for actor in (world.office_handler, world.bureau_handler, world.district_handler, outsider):
        by_hand = Case.objects.filter(Q(agency_id=actor.agency_id)
                                      | Q(participants__agency_id=actor.agency_id)).distinct()
        assert set(Case.objects.visible_to(actor)) == set(by_hand)
        active = Case.objects.filter(Q(agency_id=actor.agency_id)
                                     | Q(participants__agency_id=actor.agency_id,
                                         participants__active=True), is_open=True).distinct()
        assert set(Case.objects.inbox_for(actor)) == set(active)
    # the bureau handled the closed matter: it reads it, its inbox no longer holds it
    assert closed in set(Case.objects.visible_to(world.bureau_handler))
    assert set(Case.objects.inbox_for(world.bureau_handler).values_list("title", flat=True)) \
        == {"办理中事项"}
