import pytest
from django.utils import translation

from fazhi.complaints.tests.factories import make_world


@pytest.fixture(autouse=True)
def _chinese():
    """The messages are asserted in Chinese: an earlier test (the English crawl) may leave
    another language active in this thread."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world(city):
    return make_world(city)
