import pytest

from fazhi.normative.tests.factories import World


@pytest.fixture
def world(agency, other_agency):
    return World(agency, other_agency)
