"""Fixtures of the transfer tests: an enforcement agency with its team and head, the
police with a liaison, the procuratorate with a procurator, and a threshold set."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from conftest import make_staff
from fazhi.org.models import Agency
from fazhi.transfers.models import Threshold, ThresholdSet

DAY = date(2026, 3, 2)  # a Monday


def staff(agency, username: str, roles: list[str], name: str):
    actor = make_staff(agency, username, roles, name)
    User.objects.filter(pk=actor.user_id).update(email=f"{username}@example.gov")
    return actor


@pytest.fixture
def market(city):
    return Agency.objects.create(code="XMSCJGJ", name="厦门市市场监督管理局", short_name="市市场监管局",
                                 region=city)


@pytest.fixture
def police(city):
    return Agency.objects.create(code="XMGAJ", name="厦门市公安局", short_name="市公安局", region=city)


@pytest.fixture
def procuratorate(city):
    return Agency.objects.create(code="XMSJCY", name="厦门市人民检察院", short_name="市检察院",
                                 region=city, kind="other")


@pytest.fixture
def officer(market):
    return staff(market, "scj_handler", ["handler"], "陈执法")


@pytest.fixture
def chief(market):
    return staff(market, "scj_head", ["head"], "林局长")


@pytest.fixture
def liaison(police):
    return staff(police, "gaj_liaison", ["police_liaison"], "黄联络")


@pytest.fixture
def procurator(procuratorate):
    return staff(procuratorate, "jcy_procurator", ["procurator"], "吴检察")


@pytest.fixture
def rules(db):
    found = ThresholdSet.objects.create(version="2022-1", source="立案追诉标准（一）（测试）",
                                        effective_from=date(2022, 5, 15))
    Threshold.objects.create(set=found, violation_code="SC-FOOD-01",
                             violation_name="生产销售不符合食品安全标准的食品",
                             crime="生产、销售不符合安全标准的食品罪", criminal_article="第一百四十三条",
                             metric="harm", basis="立案追诉标准（一）第十九条")
    Threshold.objects.create(set=found, violation_code="SC-FAKE-01", violation_name="销售伪劣产品",
                             crime="生产、销售伪劣产品罪", criminal_article="第一百四十条",
                             metric="amount_involved", minimum=Decimal("50000"),
                             basis="立案追诉标准（一）第十六条")
    return found


@pytest.fixture
def world(market, police, procuratorate, officer, chief, liaison, procurator, rules):
    return {"market": market, "police": police, "procuratorate": procuratorate}


@pytest.fixture
def disclosure_case(market):
    """A stand-in source case of another procedure (the enforcement cases live on another
    branch): a disclosure request at the market regulator."""
    from fazhi.disclosure.tests.factories import received

    return received(market, on=DAY)
