from datetime import date
from decimal import Decimal

import pytest

from conftest import make_staff
from fazhi.custody import services
from fazhi.custody.models import Centre
from fazhi.org.models import Agency

DAY = date(2026, 3, 2)


@pytest.fixture
def centre(city):
    agency = Agency.objects.create(code="XMSSWZX", name="厦门市涉案财物管理中心",
                                   short_name="涉案财物中心", region=city, kind="other")
    return Centre.objects.create(agency=agency, address="一号库")


@pytest.fixture
def keeper(centre):
    return make_staff(centre.agency, "keeper", ["custodian"], "赵保管")


@pytest.fixture
def keeper2(centre):
    return make_staff(centre.agency, "keeper2", ["custodian"], "孙保管")


@pytest.fixture
def handler2(agency):
    return make_staff(agency, "handler2", ["handler"], "吴承办")


def raw_item(**overrides) -> dict:
    return {"description": "假冒注册商标白酒", "quantity": "12", "unit": "瓶",
            "value": "3600", "owner_name": "张三", "owner_phone": "13800000000",
            "location": "暂存室", "case_ref": "外罚立〔2026〕1号"} | overrides


@pytest.fixture
def seized(handler):
    [item] = services.seize(None, [raw_item()], handler, DAY)
    return item


@pytest.fixture
def stored(seized, handler, keeper, centre):
    services.offer(seized, "store", handler, {"centre": centre.pk, "location": "A-01"}, DAY)
    return services.accept(seized, keeper, DAY)


def final(item, handler):
    return services.record_final(item, handler, "外罚决〔2026〕1号", DAY)


__all__ = ["DAY", "Decimal", "final", "raw_item"]
