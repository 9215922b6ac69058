import pytest

from conftest import make_staff


@pytest.fixture
def admin(agency):
    return make_staff(agency, "lotadmin", ["admin"], "陈管理")


@pytest.fixture
def notary_office(city):
    from fazhi.lottery.tests.factories import notary_office_id
    from fazhi.org.models import Agency

    return Agency.objects.get(pk=notary_office_id())


@pytest.fixture
def notary(notary_office):
    return make_staff(notary_office, "notary", ["notary"], "林公证")
