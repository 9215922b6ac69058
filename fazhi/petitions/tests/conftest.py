import pytest

from fazhi.petitions.tests.factories import make_world


@pytest.fixture
def world(city):
    return make_world(city)
