"""Matters that are not cases come from the apps' `matters=` sources (ADR 0045): a
person's lottery entries appear in their view, found by the lottery's own person key
(the ID number is not stored there either), and in the staff person view only within the
staff member's lottery visibility."""

import pytest
from django.contrib.auth.models import User

from conftest import make_staff
from fazhi.citizens import services
from fazhi.citizens.verifiers import Proof
from fazhi.lottery.tests.factories import make_id, opened, register_many

pytestmark = pytest.mark.django_db


def test_a_persons_lottery_entry_is_one_of_their_matters(agency, other_agency):
    admin = make_staff(agency, "lotadmin", ["admin"], "陈管理")
    lot = opened(admin)
    register_many(lot, 3)
    number = make_id(1)
    citizen = services.bind(User.objects.create(username="p1"), Proof("person", number, "测试1号", "demo"))
    assert number not in str(citizen.keys) and "lottery" in citizen.keys
    found = services.matters(citizen.party_key, citizen.keys)
    assert [m.title for _, m in found.others] == [f"{lot.title}（个人）"]
    matter = found.others[0][1]
    assert matter.url == f"/lottery/{lot.pk}/" and matter.next_date is not None
    assert matter.state == "登记中"
    # another person sees none of it
    other = services.bind(User.objects.create(username="p9"), Proof("person", make_id(9), "某", "demo"))
    assert services.matters(other.party_key, other.keys).others == []
    # staff: the organiser's admin sees it; staff of an unrelated agency does not
    assert len(services.matters(citizen.party_key, citizen.keys, actor=admin).others) == 1
    stranger = make_staff(other_agency, "stranger", ["handler"], "王某")
    assert services.matters(citizen.party_key, citizen.keys, actor=stranger).others == []
