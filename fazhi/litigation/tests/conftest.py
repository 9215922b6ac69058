import pytest
from django.utils import translation

from conftest import make_staff
from fazhi.litigation.tests.factories import World


@pytest.fixture(autouse=True)
def _chinese():
    """The messages are asserted in Chinese, whatever language an earlier test left on."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world(agency):
    return World(agency, make_staff(agency, "ys_handler", ["handler"], "陈应诉"),
                 make_staff(agency, "ys_head", ["head"], "王局长"))
