"""A petition routed to administrative reconsideration (诉访分离, 《信访工作条例》第三十一条) is
not handled as a petition: the application registered for it links the two, and the
petition's pages show the reconsideration case and its state (signal `petition_routed`)."""

from datetime import date

import pytest

from conftest import make_staff
from fazhi.cases.models import Case
from fazhi.core.errors import InvalidData
from fazhi.petitions import services as petitions
from fazhi.petitions.tests.factories import intake
from fazhi.reconsideration import services
from fazhi.reconsideration.tests.factories import DAY0, application

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(world):
    officer = make_staff(world.office, "xf_handler", ["handler"], "信访干部")
    case = petitions.receive(world.office, officer, intake(petitioner_id="350203199001011234"),
                             received_on=DAY0, today=DAY0)
    return petitions.act(case, "accept", officer, {
        "route": "administrative", "routed_to": "行政复议：厦门市人民政府"}, today=DAY0)


def register(world, petition_no, **extra):
    data = application(channel="in_person", petition_case=petition_no) | extra
    return services.apply(world.body, world.handler, data, today=DAY0)


def test_the_application_links_the_routed_petition_which_shows_its_state(world, routed, client):
    assert routed.state == "routed"
    case = register(world, routed.number.lower())  # typed in lower case: normalised
    from fazhi.cases.tracking import last_payload

    assert "已导入行政复议" in last_payload(case, "open")["linked"]
    from fazhi.petitions.views import _followed, staff_detail

    followed = _followed(Case.objects.get(pk=routed.pk))
    assert followed == {"number": case.number, "state": "受理审查中", "outcome": ""}
    services.act(case, "accept", world.handler, {}, today=DAY0)
    assert _followed(Case.objects.get(pk=routed.pk))["state"] == "已受理待确定审理程序"
    template, context = staff_detail(Case.objects.get(pk=routed.pk), world.handler)
    assert context["reconsideration"]["number"] == case.number


def test_an_unknown_or_someone_elses_petition_is_refused_with_nothing_written(world, routed):
    before = Case.objects.filter(procedure="reconsideration").count()
    with pytest.raises(InvalidData) as caught:
        register(world, "XMSFJ-XF-2099-00001")
    assert "信访事项不存在" in str(caught.value)
    with pytest.raises(InvalidData):  # another person's petition
        register(world, routed.number, applicant_id="350203198812120000")
    assert Case.objects.filter(procedure="reconsideration").count() == before


def test_a_petition_handled_as_a_petition_cannot_be_linked(world):
    officer = make_staff(world.office, "xf_handler2", ["handler"], "信访干部")
    case = petitions.receive(world.office, officer, intake(petitioner_id="350203199001011234"),
                             received_on=DAY0, today=DAY0)
    case = petitions.act(case, "accept", officer, {"route": "petition"}, today=date(2025, 3, 4))
    with pytest.raises(InvalidData):
        register(world, case.number)


def test_the_petition_staff_page_and_track_page_show_the_reconsideration(world, routed, client):
    from django.contrib.auth.models import User

    case = register(world, routed.number)
    client.force_login(User.objects.get(username="xf_handler"))
    page = client.get(f"/workspace/cases/{routed.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "followed-reconsideration" in html and case.number in html
