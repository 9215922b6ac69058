import pytest

from conftest import make_staff
from fazhi.inspections.tests import factories as f


@pytest.fixture
def siming(city):
    return f.district(city)


@pytest.fixture
def planner(other_agency):
    """Lead agency: the market regulator."""
    return make_staff(other_agency, "planner", ["handler"], "周计划")


@pytest.fixture
def notary(city):
    from fazhi.org.models import Agency

    office = Agency.objects.create(code="XMJW", name="驻市市场监管局纪检监察组",
                                   short_name="驻局纪检组", region=city, kind="other")
    return make_staff(office, "notary", ["notary"], "吴监督")


@pytest.fixture
def joint(agency, other_agency, siming):
    """Two agencies with items, entities and two inspectors each (with staff accounts)."""
    items = [f.item(other_agency, "SJ-1"), f.item(agency, "SF-1")]
    f.entities(40, siming)
    inspectors = [f.inspector(other_agency, f"M{n}", username=f"m{n}") for n in range(1, 4)]
    inspectors += [f.inspector(agency, f"J{n}", username=f"j{n}") for n in range(1, 4)]
    return {"items": items, "inspectors": inspectors}
