import pytest

from conftest import make_staff
from fazhi.petitions.tests.factories import World


@pytest.fixture
def world(city):
    from fazhi.org.models import Agency, Region

    district = Region.objects.create(code="350203", name="思明区", level="district", parent=city)
    office = Agency.objects.create(code="XMXFJ", name="厦门市信访局", short_name="市信访局",
                                   region=city)
    bureau = Agency.objects.create(code="XMSMQJSJ", name="厦门市思明区建设与交通局",
                                   short_name="思明区建设与交通局", region=district)
    district_gov = Agency.objects.create(code="XMSMQ", name="厦门市思明区人民政府",
                                         short_name="思明区政府", kind="government", region=district)
    city_gov = Agency.objects.create(code="XMSZF", name="厦门市人民政府", short_name="市政府",
                                     kind="government", region=city)
    staff = {}
    for prefix, agency in (("office", office), ("bureau", bureau), ("district", district_gov),
                           ("city", city_gov)):
        for role in ("handler", "head"):
            staff[f"{prefix}_{role}"] = make_staff(agency, f"{prefix}_{role}", [role],
                                                   f"{prefix}{role}")
    return World(office, bureau, district_gov, city_gov, staff)
