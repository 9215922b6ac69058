"""The supervising notary office is fixed at the announcement; only its notaries act.

开奖公证细则 (MOJ 2004, instruments.md §9.1): the organiser applies to a notary office
before the draw, and that office supervises it; the announcement publishes which office
supervises (instruments.md §9.2, §9.4). A notary of another office is no party to the
round: it may neither see it on the staff pages nor declare it void.
"""

import json

import pytest
from django.urls import reverse

from conftest import make_staff
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.lottery import commands, notary_steps, rounds
from fazhi.lottery.models import Lottery
from fazhi.lottery.tests import factories as f
from fazhi.lottery.tests.test_pages import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(city):
    """A notary of another notary office."""
    from fazhi.org.models import Agency

    office = Agency.objects.create(code="XMXMGZC", name="厦门市厦门公证处", short_name="厦门公证处",
                                   region=city, kind="other")
    return make_staff(office, "stranger", ["notary"], "吴公证")


def test_announcement_without_a_notary_office_is_refused(admin):
    with pytest.raises(InvalidData, match="监督公证机构"):
        rounds.announce(admin, f.rules(notary_agency_id=None), now=f.T0 - f.HOUR)
    with pytest.raises(InvalidData, match="监督公证机构"):  # the organiser cannot supervise itself
        rounds.announce(admin, f.rules(notary_agency_id=admin.agency_id), now=f.T0 - f.HOUR)
    assert not Lottery.objects.exists()


def test_a_notary_of_another_office_cannot_void_or_see_the_round(client, admin, notary,
                                                                  stranger):
    lot = f.frozen(admin, n=4)
    with pytest.raises(Forbidden):
        notary_steps.void(stranger, lot.pk, "无权宣布无效")
    login(client, "stranger")
    assert client.get(reverse("lottery:staff_detail", args=[lot.pk])).status_code == 404
    response = client.post(reverse("lottery:staff_act", args=[lot.pk, "void"]),
                           {"reason": "无权宣布无效"})
    assert response.status_code in (403, 404)
    lot.refresh_from_db()
    assert lot.state == Lottery.FROZEN and lot.void_reason == ""
    assert not lot.events.filter(action="void").exists()
    assert notary_steps.void(notary, lot.pk, "随机源被操纵").state == Lottery.VOID  # its own office


def legacy(admin) -> Lottery:
    """A round announced before the office was required (notary_agency left empty)."""
    lot = f.frozen(admin, n=4)
    Lottery.objects.filter(pk=lot.pk).update(notary_agency=None)
    return Lottery.objects.get(pk=lot.pk)


def test_a_round_without_an_office_is_voided_by_its_organiser_only(client, admin, notary,
                                                                   stranger):
    """Issue 10 item 18: any notary could void (or commit to) a lottery that named none."""
    lot = legacy(admin)
    for someone, username in ((notary, "notary"), (stranger, "stranger")):
        with pytest.raises(Forbidden):
            notary_steps.void(someone, lot.pk, "无权宣布无效")
        with pytest.raises(Forbidden):
            notary_steps.commit(someone, lot.pk, "ab" * 32)
        login(client, username)
        response = client.post(reverse("lottery:staff_act", args=[lot.pk, "void"]),
                               {"reason": "无权宣布无效"})
        assert response.status_code == 404
        client.logout()
    assert Lottery.objects.get(pk=lot.pk).state == Lottery.FROZEN
    assert notary_steps.void(admin, lot.pk, "未指定监督公证机构").state == Lottery.VOID


def test_the_organiser_names_the_office_of_a_legacy_round_once(admin, notary, stranger,
                                                                notary_office):
    lot = legacy(admin)
    with pytest.raises(Forbidden):
        rounds.name_notary(stranger, lot.pk, stranger.agency_id)
    lot = rounds.name_notary(admin, lot.pk, notary_office.pk)
    assert lot.notary_agency_id == notary_office.pk
    assert lot.events.filter(action="name_notary").exists()
    with pytest.raises(NotAllowed, match="不能更换"):
        rounds.name_notary(admin, lot.pk, stranger.agency_id)
    with pytest.raises(Forbidden):
        notary_steps.commit(stranger, lot.pk, "ab" * 32)
    assert notary_steps.commit(notary, lot.pk, "ab" * 32).state == Lottery.COMMITTED


def test_the_named_office_is_in_the_rounds_recorded_state(admin, notary, stranger,
                                                          notary_office):
    """开奖公证细则: the office named at the announcement (or later, once, by `name_notary`)
    decides who may commit, reveal and void, so each event records it; moved to another
    office behind the services' back, `fazhi verify-ledger` catches it (ADR 0018)."""
    from fazhi.core.ledger import verify

    lot = rounds.name_notary(admin, legacy(admin).pk, notary_office.pk)
    assert json.loads(lot.events.last().state)["notary_agency_id"] == notary_office.pk
    assert verify().ok and commands.verify_chain(lot) == []
    Lottery.objects.filter(pk=lot.pk).update(notary_agency_id=stranger.agency_id)
    assert commands.verify_chain(Lottery.objects.get(pk=lot.pk))
    assert ("state", "lottery", lot.pk, lot.event_count) in {
        (p.code, p.kind, p.owner_id, p.seq) for p in verify().problems}
