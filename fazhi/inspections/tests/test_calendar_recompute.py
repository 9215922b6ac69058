"""A result's publication limit (国办发〔2018〕118号 二(六): 20 working days) in a year whose
holiday notice is not loaded is provisional, flagged, and recomputed when the year is loaded,
and so is the lateness of a publication already made (DESIGN.md §2 principle 4). 2027 is not
loaded in the built-in calendar; the notice loaded here is hypothetical."""

from datetime import date

import pytest

from fazhi.holidays import services as calendar
from fazhi.inspections import inspection_results
from fazhi.inspections.models import InspectionRecord, PublicResult, Target, TeamMember
from fazhi.inspections.tests import factories as f
from fazhi.org.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


def _enter(target: Target, plan, completed: str, today: date) -> InspectionRecord:
    member = TeamMember.objects.filter(target=target, active=True).select_related(
        "inspector__staff__user").first()
    return inspection_results.enter_result(Actor.for_user(member.inspector.staff.user), target.pk, {
        "items_checked": list(plan.items.values_list("pk", flat=True)),
        "findings": "未发现问题", "result": "no_problem", "completed_on": completed}, today=today)


def test_publication_limit_and_lateness_follow_the_loaded_year(planner, notary, joint, agency,
                                                                client):
    """Completed Wed 16 Dec 2026: on the estimate (1 Jan off) the 20th working day is Thu
    14 Jan 2027, and publishing that day is on time. A notice that makes Sat 9 Jan a working
    day moves the limit to Wed 13 Jan: the publication was a day late."""
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    published, waiting = Target.objects.filter(plan=plan, status=Target.ASSIGNED)[:2]
    first = _enter(published, plan, "2026-12-16", date(2026, 12, 17))
    second = _enter(waiting, plan, "2026-12-16", date(2026, 12, 17))
    assert first.publish_due == date(2027, 1, 14) and first.publish_due_provisional
    assert "临时" in first.publish_due_explanation
    inspection_results.publish_result(planner, first.pk, today=date(2027, 1, 14))
    first.refresh_from_db()
    assert not first.published_late

    calendar.load_year(2027, [{"date": "2027-01-01", "kind": "holiday"},
                              {"date": "2027-01-09", "kind": "makeup_workday"}],
                       source="测试通知", actor_label="测试")
    for record in (first, second):
        record.refresh_from_db()
        assert record.publish_due == date(2027, 1, 13) and not record.publish_due_provisional
        assert "临时" not in record.publish_due_explanation
        assert "截止2027-01-13" in record.publish_due_explanation
    assert first.published_late and not second.published_late
    public = PublicResult.objects.get(record=first)
    assert public.late and first.public_record.data["late"] is True
    member = TeamMember.objects.filter(target=waiting, active=True).first().inspector.staff.user
    client.force_login(member)
    page = client.get(f"/inspections/staff/targets/{waiting.pk}/result/").content.decode()
    line = page[page.index("公示期限"):page.index("</dd>", page.index("公示期限"))]
    assert "2027-01-13" in line and "临时" not in line
