import pytest

from conftest import make_staff
from fazhi.reconsideration.tests.factories import World


@pytest.fixture(autouse=True)
def _chinese():
    """Refusal messages are asserted in Chinese, whatever language an earlier test left on."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.fixture
def government(city):
    from fazhi.org.models import Agency

    return Agency.objects.create(code="XMSZF", name="厦门市人民政府", short_name="市政府",
                                 region=city, kind="government")


@pytest.fixture
def world(government, agency, other_agency):
    """The body (市政府), its office (市司法局, the `agency` fixture) and a respondent."""
    return World(government, agency, other_agency,
                 handler=make_staff(agency, "fy_handler", ["handler"], "王复议"),
                 head=make_staff(agency, "fy_head", ["head"], "李处长"),
                 respondent=make_staff(other_agency, "sj_handler", ["handler"], "陈应诉"),
                 organ_head=make_staff(government, "szf_head", ["head"], "市政府负责人"))
